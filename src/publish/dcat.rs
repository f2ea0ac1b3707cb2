//! `dcat.jsonld`: the dataset in DCAT-AP as JSON-LD (a `dcat:Dataset` with title, description,
//! publisher, licence, temporal coverage, languages, keywords and a `dcat:Distribution` per
//! file with its media type, format, byte size and SHA-256 checksum). Languages and formats use
//! the EU Publications Office authority lists, media types IANA's, as DCAT-AP asks.

use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::{File, Metadata, PublishError, Table};

/// The Publications Office code of an ISO 639-1 language.
fn language(code: &str) -> String {
    let three = match code {
        "es" => "SPA",
        "en" => "ENG",
        "fr" => "FRA",
        "pt" => "POR",
        other => return format!("http://id.loc.gov/vocabulary/iso639-1/{other}"),
    };
    format!("http://publications.europa.eu/resource/authority/language/{three}")
}

fn format_of(media: &str) -> &'static str {
    match media {
        "text/csv" => "CSV",
        "application/ld+json" => "JSON_LD",
        _ => "JSON",
    }
}

/// The JSON-LD of the dataset whose files are `files` (every file but this one).
pub fn dcat(tables: &[Table], files: &[File], meta: &Metadata) -> Result<Vec<u8>, PublishError> {
    let base = meta.base_url.clone().unwrap_or_default();
    let text = |s: &str| -> Value {
        match meta.languages.first() {
            Some(l) => json!({"@value": s, "@language": l}),
            None => json!(s),
        }
    };
    let distributions: Vec<Value> = files
        .iter()
        .map(|f| {
            let table = tables.iter().find(|t| t.file_name() == f.name);
            let (title, description) = match table {
                Some(t) => (t.title.clone(), t.description.clone()),
                None => (f.name.clone(), "Frictionless Data Package descriptor (Table Schema of every CSV)".to_string()),
            };
            json!({
                "@id": format!("{base}{}", f.name),
                "@type": "dcat:Distribution",
                "dct:title": text(&title),
                "dct:description": text(&description),
                "dcat:accessURL": {"@id": format!("{base}{}", f.name)},
                "dcat:downloadURL": {"@id": format!("{base}{}", f.name)},
                "dcat:mediaType": {"@id": format!("https://www.iana.org/assignments/media-types/{}", f.media_type)},
                "dct:format": {"@id": format!("http://publications.europa.eu/resource/authority/file-type/{}", format_of(f.media_type))},
                "dcat:byteSize": {"@value": f.bytes.len().to_string(), "@type": "xsd:nonNegativeInteger"},
                "spdx:checksum": {
                    "@type": "spdx:Checksum",
                    "spdx:algorithm": {"@id": "spdx:checksumAlgorithm_sha256"},
                    "spdx:checksumValue": format!("{:x}", Sha256::digest(&f.bytes)),
                },
                "dct:license": {"@id": meta.license.url},
            })
        })
        .collect();
    let mut dataset = json!({
        "@id": format!("{base}#dataset"),
        "@type": "dcat:Dataset",
        "dct:identifier": meta.name,
        "dct:title": text(&meta.title),
        "dct:description": text(&meta.description),
        "dct:license": {"@id": meta.license.url},
        "dct:language": meta.languages.iter().map(|l| json!({"@id": language(l)})).collect::<Vec<_>>(),
        "dcat:keyword": meta.keywords.iter().map(|k| text(k)).collect::<Vec<_>>(),
        "dcat:distribution": distributions,
    });
    if !meta.publisher.is_empty() {
        let mut who = json!({"@type": "foaf:Agent", "foaf:name": meta.publisher});
        if let Some(u) = &meta.publisher_url {
            who["@id"] = json!(u);
        }
        dataset["dct:publisher"] = who;
    }
    if let Some(e) = &meta.contact_email {
        dataset["dcat:contactPoint"] = json!({"@type": "vcard:Organization", "vcard:fn": meta.publisher,
            "vcard:hasEmail": {"@id": format!("mailto:{e}")}});
    }
    if let Some((from, to)) = meta.period {
        dataset["dct:temporal"] = json!({
            "@type": "dct:PeriodOfTime",
            "dcat:startDate": {"@value": from.format("%Y-%m-%d").to_string(), "@type": "xsd:date"},
            "dcat:endDate": {"@value": to.format("%Y-%m-%d").to_string(), "@type": "xsd:date"},
        });
    }
    if let Some(d) = meta.issued {
        dataset["dct:issued"] = json!({"@value": d.format("%Y-%m-%d").to_string(), "@type": "xsd:date"});
    }
    if let Some(u) = &meta.base_url {
        dataset["dcat:landingPage"] = json!({"@id": u});
    }
    let doc = json!({
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
            "vcard": "http://www.w3.org/2006/vcard/ns#",
            "spdx": "http://spdx.org/rdf/terms#",
            "xsd": "http://www.w3.org/2001/XMLSchema#",
        },
        "@graph": [dataset],
    });
    let mut out = serde_json::to_vec_pretty(&doc).map_err(|e| PublishError::Metadata(e.to_string()))?;
    out.push(b'\n');
    Ok(out)
}
