//! `datapackage.json`: a Frictionless Tabular Data Package describing every CSV with its Table
//! Schema (fields with types and descriptions, the missing value, the primary key), its size and
//! SHA-256, the licence, the publisher and the keywords.

use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::{File, Metadata, PublishError, Table};

/// The descriptor of `tables`, whose CSVs are `files` (same names); a table with no file among
/// them is described without its size and hash.
pub fn datapackage(tables: &[Table], files: &[File], meta: &Metadata) -> Result<Vec<u8>, PublishError> {
    let resources: Vec<Value> = tables
        .iter()
        .map(|t| {
            let file = files.iter().find(|f| f.name == t.file_name());
            let fields: Vec<Value> = t
                .fields
                .iter()
                .map(|f| {
                    let mut v = json!({"name": f.name, "type": f.kind.name(), "description": f.description});
                    let mut constraints = serde_json::Map::new();
                    if f.required {
                        constraints.insert("required".into(), json!(true));
                    }
                    if !f.values.is_empty() {
                        constraints.insert("enum".into(), json!(f.values));
                    }
                    if !constraints.is_empty() {
                        v["constraints"] = Value::Object(constraints);
                    }
                    v
                })
                .collect();
            let mut schema = json!({"fields": fields, "missingValues": [""]});
            if !t.primary_key.is_empty() {
                schema["primaryKey"] = json!(t.primary_key);
            }
            let mut resource = json!({
                "name": t.name,
                "path": t.file_name(),
                "profile": "tabular-data-resource",
                "title": t.title,
                "description": t.description,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "dialect": {"delimiter": ",", "header": true},
                "schema": schema,
            });
            // A file served apart from its descriptor (built anew on each request) is described
            // without a size and hash, which could not be kept true.
            if let Some(f) = file {
                resource["bytes"] = json!(f.bytes.len());
                resource["hash"] = json!(format!("sha256:{:x}", Sha256::digest(&f.bytes)));
            }
            resource
        })
        .collect();
    let mut dp = json!({
        "profile": "tabular-data-package",
        "name": meta.name,
        "id": meta.base_url.as_ref().map_or_else(|| meta.name.clone(), |b| format!("{b}datapackage.json")),
        "title": meta.title,
        "description": meta.description,
        "licenses": [{"name": meta.license.id, "path": meta.license.url, "title": meta.license.title}],
        "resources": resources,
    });
    if !meta.publisher.is_empty() {
        let mut who = json!({"title": meta.publisher, "role": "publisher"});
        if let Some(u) = &meta.publisher_url {
            who["path"] = json!(u);
        }
        if let Some(e) = &meta.contact_email {
            who["email"] = json!(e);
        }
        dp["contributors"] = json!([who]);
    }
    if !meta.keywords.is_empty() {
        dp["keywords"] = json!(meta.keywords);
    }
    if let Some(d) = meta.issued {
        dp["created"] = json!(format!("{}T00:00:00Z", d.format("%Y-%m-%d")));
    }
    if let Some(u) = &meta.base_url {
        dp["homepage"] = json!(u);
    }
    let mut out = serde_json::to_vec_pretty(&dp).map_err(|e| PublishError::Metadata(e.to_string()))?;
    out.push(b'\n');
    Ok(out)
}
