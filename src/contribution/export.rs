//! The open-data export of a campaign's published contributions: one CSV (UTF-8, no byte-order
//! mark, a header row) and a `datapackage.json` describing it with a Table Schema (Frictionless
//! Data Package v1, tabular). What it holds is exactly what the public page shows: no rejected or
//! unscreened contribution, the edited text where personal data was hidden, no address.
//!
//! The Data Package writer here ([`local_datapackage`]) is this module's own small one, kept
//! apart so that it can be replaced by the shared writer of `src/publish/` once both are merged.

use serde_json::{Value, json};

use super::{Public, Topic, topic_label};
use crate::report::cell_text::neutralise;

/// The CSV file's name inside the package (the descriptor refers to it relatively).
pub const CSV_NAME: &str = "contributions.csv";

/// One column: its name, Table Schema type, description, and allowed values (if a closed list).
struct Field {
    name: &'static str,
    kind: &'static str,
    description: &'static str,
    required: bool,
    values: Option<Vec<&'static str>>,
}

fn fields() -> Vec<Field> {
    let f = |name, kind, description, required| Field { name, kind, description, required, values: None };
    vec![
        f("id", "integer", "Number of the contribution in this campaign", true),
        f("topic", "string", "Code of the topic it was sent on", true),
        f("topic_es", "string", "The topic's name in Spanish", true),
        f("topic_en", "string", "The topic's name in English", true),
        f("text", "string", "The contribution as published (edited where personal data was hidden)", true),
        f("text_edited", "boolean", "Whether moderators hid personal data in the text", true),
        f("author_name", "string", "The name its contributor chose to publish, if any", false),
        f("author_organisation", "string", "The organisation its contributor chose to publish, if any", false),
        f("received_on", "date", "The day it was received (UTC)", true),
        Field {
            values: Some(super::Answer::ALL.iter().map(|a| a.as_str()).collect()),
            ..f("answer", "string", "What was done with it; empty while it awaits an answer", false)
        },
        f("answer_reason", "string", "Why", false),
        f("answer_reference", "string", "Where it went: a section of the plan, a document's address", false),
        f("answered_on", "date", "The day it was answered (UTC)", false),
    ]
}

/// The CSV of `items` (every cell a spreadsheet could take for a formula kept as text).
pub fn csv(topics: &[Topic], items: &[Public]) -> Result<Vec<u8>, String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(fields().iter().map(|f| f.name)).map_err(|e| e.to_string())?;
    let cell = |s: &str| neutralise(s).into_owned();
    for p in items {
        let topic = topics.iter().find(|t| t.code == p.topic);
        w.write_record([
            p.id.to_string(),
            cell(&p.topic),
            cell(topic.map_or(topic_label(topics, &p.topic, "es"), |t| t.es.as_str())),
            cell(topic.map_or(topic_label(topics, &p.topic, "en"), |t| t.en.as_str())),
            cell(&p.text),
            p.edited.to_string(),
            cell(p.author_name.as_deref().unwrap_or_default()),
            cell(p.author_org.as_deref().unwrap_or_default()),
            p.received_on.format("%Y-%m-%d").to_string(),
            p.answer.map(|a| a.as_str().to_string()).unwrap_or_default(),
            cell(p.answer_reason.as_deref().unwrap_or_default()),
            cell(p.answer_ref.as_deref().unwrap_or_default()),
            p.answered_on.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default(),
        ])
        .map_err(|e| e.to_string())?;
    }
    w.into_inner().map_err(|e| e.to_string())
}

/// The Data Package descriptor of the export of campaign `slug` (titled `title`).
pub fn datapackage(slug: &str, title: &str) -> Value {
    local_datapackage(
        &format!("contributions-{slug}"),
        &format!("Contributions to {title}: what was received and what was done with it"),
        "contributions",
        CSV_NAME,
    )
}

/// A minimal tabular Data Package writer (one CSV resource, its Table Schema): local to this
/// module until the shared `src/publish/` writer replaces it.
fn local_datapackage(name: &str, title: &str, resource: &str, path: &str) -> Value {
    let schema_fields: Vec<Value> = fields()
        .into_iter()
        .map(|f| {
            let mut v = json!({"name": f.name, "type": f.kind, "description": f.description});
            let mut constraints = serde_json::Map::new();
            if f.required {
                constraints.insert("required".into(), json!(true));
            }
            if let Some(values) = f.values {
                constraints.insert("enum".into(), json!(values));
            }
            if !constraints.is_empty() {
                v["constraints"] = Value::Object(constraints);
            }
            if f.kind == "boolean" {
                v["trueValues"] = json!(["true"]);
                v["falseValues"] = json!(["false"]);
            }
            v
        })
        .collect();
    json!({
        "profile": "tabular-data-package",
        "name": name,
        "title": title,
        "licenses": [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/",
                      "title": "Creative Commons Attribution 4.0"}],
        "resources": [{
            "profile": "tabular-data-resource",
            "name": resource,
            "path": path,
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "dialect": {"delimiter": ",", "header": true},
            "schema": {"fields": schema_fields, "primaryKey": ["id"], "missingValues": [""]}
        }]
    })
}
