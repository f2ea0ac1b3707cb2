//! The open-data export of a campaign's published contributions: one CSV (UTF-8, no byte-order
//! mark, a header row) and a `datapackage.json` describing it with a Table Schema (Frictionless
//! Data Package v1, tabular). What it holds is exactly what the public page shows: no rejected or
//! unscreened contribution, the edited text where personal data was hidden, no address.
//!
//! The descriptor is written by the shared writer of [`crate::publish`] from [`schema`].

use super::{Public, Topic, topic_label};
use crate::publish::{FieldType, Metadata, Table};
use crate::report::cell_text::neutralise;

/// The CSV file's name inside the package (the descriptor refers to it relatively).
pub const CSV_NAME: &str = "contributions.csv";

/// The table's description for [`crate::publish`]: its fields (name, Table Schema type,
/// description, required or not, allowed values) and primary key; rows are written by [`csv`].
pub fn schema() -> Table {
    use FieldType::*;
    Table::new("contributions", "Contributions", "Every published contribution and what was done with it.")
        .field("id", Integer, "Number of the contribution in this campaign")
        .field("topic", String, "Code of the topic it was sent on")
        .field("topic_es", String, "The topic's name in Spanish")
        .field("topic_en", String, "The topic's name in English")
        .field("text", String, "The contribution as published (edited where personal data was hidden)")
        .field("text_edited", Boolean, "Whether moderators hid personal data in the text")
        .field("author_name", String, "The name its contributor chose to publish, if any")
        .field("author_organisation", String, "The organisation its contributor chose to publish, if any")
        .field("received_on", Date, "The day it was received (UTC)")
        .code(
            "answer",
            &super::Answer::ALL.iter().map(|a| a.as_str()).collect::<Vec<_>>(),
            "What was done with it; empty while it awaits an answer",
        )
        .field("answer_reason", String, "Why")
        .field("answer_reference", String, "Where it went: a section of the plan, a document's address")
        .field("answered_on", Date, "The day it was answered (UTC)")
        .required(&["id", "topic", "topic_es", "topic_en", "text", "text_edited", "received_on"])
        .primary_key(&["id"])
}

/// The CSV of `items` (every cell a spreadsheet could take for a formula kept as text).
pub fn csv(topics: &[Topic], items: &[Public]) -> Result<Vec<u8>, String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(schema().fields.iter().map(|f| f.name.as_str())).map_err(|e| e.to_string())?;
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

/// The Data Package descriptor of the export of campaign `slug` (titled `title`), by the shared
/// writer of [`crate::publish`]. The CSV is served apart (and may change between two requests),
/// so its resource carries no size or hash.
pub fn datapackage(slug: &str, title: &str) -> Result<Vec<u8>, String> {
    let mut table = schema();
    table.title = format!("Contributions to {title}");
    table.name = "contributions".into();
    let name: std::string::String = format!("contributions-{}", slug.to_ascii_lowercase())
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || "-_.".contains(c) { c } else { '-' })
        .collect();
    let meta =
        Metadata::new(&name, &format!("Contributions to {title}: what was received and what was done with it"), "")
            .languages(&["es", "en"]);
    crate::publish::datapackage(&[table], &[], &meta).map_err(|e| e.to_string())
}
