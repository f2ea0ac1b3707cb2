//! Layout checked on the rendered pages (see `pages`): the PDF and the Chromium-printed HTML, for
//! the bench fixture and for a campaign unlike it: twelve groups, names of sixty characters and
//! more, both languages, and a comments annex.

use serde_json::{Value, json};

use dra::report::annex;
use dra::report::comments::Comment;

use super::*;

/// The PDF and the Chromium-printed HTML of `input`, each checked.
fn check_layout(input: &ReportInput, name: &str) {
    let dir = out_dir();
    let pdf = dir.join(format!("{name}.pdf"));
    std::fs::write(&pdf, report::render(Format::Pdf, input).unwrap()).unwrap();
    pages::assert_clean(&pdf, pages::PDF_MARGIN);
    let html = dir.join(format!("{name}.html"));
    std::fs::write(&html, report::render(Format::Html, input).unwrap()).unwrap();
    let printed = dir.join(format!("{name}-html.pdf"));
    if pages::print_html(&html, &printed) {
        pages::assert_clean(&printed, pages::HTML_MARGIN);
    }
}

#[test]
fn the_bench_report_lays_out_cleanly_in_both_languages() {
    let s = bench_survey();
    let agg = aggregates(&s, Some((3000, 3)));
    for lang in [Lang::Es, Lang::En] {
        let input = ReportInput { aggregates: &agg, survey: &s, campaign: campaign(), lang, comments: &[] };
        check_layout(&input, &format!("layout-bench-{}", lang.code()));
    }
}

/// Groups beyond the five of the bench survey: the campaign has twelve, every name long.
const MORE_GROUPS: [(&str, &str, &str); 7] = [
    (
        "municipal",
        "Gobiernos municipales y mancomunidades de municipios del altiplano",
        "Municipal governments and associations of highland municipalities",
    ),
    (
        "women",
        "Organizaciones de mujeres rurales y redes de emprendedoras de la región",
        "Rural women's organisations and networks of women entrepreneurs of the region",
    ),
    (
        "youth",
        "Colectivos juveniles, estudiantes universitarios y voluntariado digital",
        "Youth collectives, university students and digital volunteering groups",
    ),
    (
        "media",
        "Medios de comunicación comunitarios, radios locales y prensa independiente",
        "Community media, local radio stations and the independent press",
    ),
    (
        "unions",
        "Sindicatos, gremios profesionales y asociaciones de trabajadores del Estado",
        "Trade unions, professional guilds and associations of public employees",
    ),
    (
        "diaspora",
        "Comunidad guatemalteca en el exterior y asociaciones de migrantes retornados",
        "Guatemalans abroad and associations of returned migrants",
    ),
    (
        "indigenous",
        "Autoridades indígenas ancestrales y consejos comunitarios de desarrollo",
        "Ancestral indigenous authorities and community development councils",
    ),
];

/// A long name in each language, made from `short` (every name differs, so nothing is merged).
fn long(short: &Value, tail_es: &str, tail_en: &str) -> Value {
    let es = short.get("es").and_then(Value::as_str).unwrap_or("");
    let en = short.get("en").and_then(Value::as_str).unwrap_or("");
    json!({ "es": format!("{es} {tail_es}"), "en": format!("{en} {tail_en}") })
}

/// The bench survey with every pillar, sub-pillar, question and group name lengthened to sixty
/// characters and more, and two more groups.
fn wide_survey() -> Survey {
    let text = std::fs::read_to_string(root().join("surveys/bench/bench-40.json")).unwrap();
    let mut doc: Value = serde_json::from_str(&text).unwrap();
    let xd = &mut doc["x-dra"];
    for p in xd["pillars"].as_array_mut().unwrap() {
        p["label"] = long(
            &p["label"],
            "y capacidades institucionales de la nación",
            "and institutional capacities of the nation",
        );
        for sp in p["subpillars"].as_array_mut().unwrap() {
            sp["label"] = long(
                &sp["label"],
                "— marcos, servicios y capacidades territoriales",
                "— frameworks, services and territorial capacities",
            );
        }
    }
    let props = doc["properties"].as_object_mut().unwrap();
    for (id, q) in props.iter_mut() {
        if id == "group" {
            let options = q["oneOf"].as_array_mut().unwrap();
            for o in options.iter_mut() {
                o["x-dra"]["label"] = long(
                    &o["x-dra"]["label"],
                    "(instituciones, redes y organizaciones)",
                    "(institutions, networks and organisations)",
                );
            }
            for (code, es, en) in MORE_GROUPS {
                options.push(json!({"const": code, "x-dra": {"label": {"es": es, "en": en}}}));
            }
        } else if let Some(t) = q.pointer_mut("/x-dra/text") {
            *t = long(
                t,
                "Considere los últimos doce meses y su propia experiencia en la organización.",
                "Consider the last twelve months and your own experience in the organisation.",
            );
        }
    }
    // A comment box on the first sub-pillar, for the annex.
    props.insert(
        "infrastructure.s1.comment".into(),
        json!({"type": "string", "maxLength": 2000, "x-dra": {"type": "text", "subpillar": "infrastructure.s1",
            "text": {"es": "Comentarios sobre la infraestructura y las capacidades institucionales (opcional)",
                     "en": "Comments on infrastructure and institutional capacities (optional)"}}}),
    );
    let path = out_dir().join("wide-survey.json");
    std::fs::write(&path, serde_json::to_vec_pretty(&doc).unwrap()).unwrap();
    survey::load_file(&path).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn a_wide_campaign_of_twelve_groups_lays_out_cleanly_in_both_languages() {
    let s = wide_survey();
    let mut groups = vec!["public", "private", "civil_society", "academia", "international"];
    groups.extend(MORE_GROUPS.iter().map(|g| g.0));
    let last = groups.len() - 1;
    // 6,000 bench rows dealt over the groups; the last group keeps only three (suppressed).
    let text = std::fs::read_to_string(root().join("tests/fixtures/analysis/bench-10k.csv")).unwrap();
    let mut lines = text.lines();
    let mut csv = vec![lines.next().unwrap().to_string()];
    let mut counts = vec![0u64; groups.len()];
    for (i, line) in lines.take(6000).enumerate() {
        let g = i % groups.len();
        if g == last && counts[last] == 3 {
            continue;
        }
        counts[g] += 1;
        let mut cells: Vec<&str> = line.split(',').collect();
        cells[1] = groups[g];
        csv.push(cells.join(","));
    }
    let mut acc = Accumulator::new(&s, AnalysisOptions::default()).unwrap();
    read_csv(&mut acc, (csv.join("\n") + "\n").as_bytes(), None).unwrap();
    let fieldwork = Fieldwork {
        groups: groups
            .iter()
            .zip(counts.iter().copied())
            .map(|(g, n)| GroupFieldwork {
                group: g.to_string(),
                invited: n * 2,
                link: OriginCounts { started: n + n / 3, submitted: n },
                ..Default::default()
            })
            .collect(),
    };
    let agg = acc.finish(&fieldwork);
    assert_eq!(agg.groups.len(), 12);
    assert!(agg.groups.iter().any(|g| g.suppressed), "the three-row group is suppressed");
    let info = CampaignInfo {
        name: "Evaluación Nacional de Preparación Digital de la República de Guatemala 2026–2027".into(),
        country: "Guatemala".into(),
        ..campaign()
    };
    // More comments than the annex shows, long ones and one long unbroken address.
    let comments: Vec<Comment> = (0..annex::PER_QUESTION + 7)
        .map(|i| Comment {
            question: "infrastructure.s1.comment".into(),
            pillar: "infrastructure".into(),
            subpillar: Some("infrastructure.s1".into()),
            group: groups[i % last].into(),
            language: "es".into(),
            text: if i == 3 {
                "Véase https://www.mintrabajo.gob.gt/documentos/informe-de-conectividad-rural-en-los-municipios-del-altiplano-occidental-2026.pdf".into()
            } else {
                format!("Comentario {i}: en nuestro municipio la conexión se cae cada vez que llueve y los trámites en línea no se pueden completar; pedimos una red más estable y formación para el personal. ").repeat(1 + i % 3)
            },
        })
        .collect();
    for lang in [Lang::Es, Lang::En] {
        let input = ReportInput { aggregates: &agg, survey: &s, campaign: info.clone(), lang, comments: &comments };
        let name = format!("layout-wide-{}", lang.code());
        check_layout(&input, &name);
        // The annex is there, with the count of what it leaves to the export.
        for file in [format!("{name}.pdf"), format!("{name}-html.pdf")] {
            let path = out_dir().join(&file);
            if !path.exists() {
                continue;
            }
            let text = run("pdftotext", &[path.to_str().unwrap(), "-"]);
            assert!(text.contains(lang.texts().comments), "{file}: no comments annex");
            assert!(text.contains(&lang.texts().comments_more.replace("{n}", "7")), "{file}: no count of the rest");
            assert!(text.contains("Comentario 0:"), "{file}: the first comment");
        }
    }
}
