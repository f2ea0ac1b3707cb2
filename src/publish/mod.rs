//! Publication as open data: tables and their description → a Frictionless **Data Package**
//! (`datapackage.json`, one CSV per table, each with its Table Schema: field names, types,
//! descriptions, missing values, primary key) and **DCAT-AP** metadata as JSON-LD
//! (`dcat.jsonld`: title, description, publisher, licence, temporal coverage, languages, keywords,
//! and a distribution per file with its media type and byte size), which a national open-data
//! portal (CKAN with its DCAT and Frictionless extensions) reads as they are. Pure: gives file
//! names and bytes ([`package`]); the caller writes them to a folder or a zip ([`zip`]).
//!
//! It knows nothing of surveys: what goes in is already the published figures (a service
//! function gathers them under the disclosure rule). Any module publishes its own tables with a
//! few lines:
//!
//! ```
//! use dra::publish::{Cell, FieldType, Metadata, Table, package};
//!
//! let mut scores = Table::new("index-scores", "Index scores", "One row per institution.")
//!     .field("institution", FieldType::String, "Institution id")
//!     .field("score", FieldType::Number, "Index score, 0-100")
//!     .field("rank", FieldType::Integer, "Rank, 1 = best")
//!     .primary_key(&["institution"]);
//! scores.push(vec![Cell::text("mineduc"), Cell::Number(71.5), Cell::Integer(3)]);
//! let meta = Metadata::new("open-data-index-2026", "Open Data Index 2026", "Scores of 14 institutions.")
//!     .publisher("Comisión Presidencial de Gobierno Abierto y Electrónico")
//!     .period(chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(), chrono::NaiveDate::from_ymd_opt(2026, 6, 30).unwrap())
//!     .languages(&["es"]);
//! let files = package(&[scores], &meta).unwrap();
//! assert_eq!(files.iter().map(|f| f.name.as_str()).collect::<Vec<_>>(),
//!            ["index-scores.csv", "datapackage.json", "dcat.jsonld"]);
//! ```
//!
//! Cells are typed ([`Cell`]): a table whose row does not fit its fields (count or type) is
//! refused, so a schema never describes a file it does not match. A missing figure is written as
//! an empty cell, declared as the one missing value.

mod dcat;
mod package;
mod table;

pub use dcat::dcat;
pub use package::datapackage;
pub use table::{Cell, Field, FieldType, Table};

use chrono::NaiveDate;

/// Why a package could not be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PublishError {
    #[error("table {table}: {message}")]
    Table { table: String, message: String },
    #[error("{0}")]
    Metadata(String),
}

/// A licence: an SPDX id, its address and its name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct License {
    pub id: String,
    pub url: String,
    pub title: String,
}

impl Default for License {
    fn default() -> Self {
        Self {
            id: "CC-BY-4.0".into(),
            url: "https://creativecommons.org/licenses/by/4.0/".into(),
            title: "Creative Commons Attribution 4.0".into(),
        }
    }
}

/// What describes the dataset as a whole.
#[derive(Debug, Clone, PartialEq)]
pub struct Metadata {
    /// Lowercase letters, digits, `-`, `_`, `.`: the package's name and identifier.
    pub name: String,
    pub title: String,
    pub description: String,
    pub publisher: String,
    pub publisher_url: Option<String>,
    pub contact_email: Option<String>,
    pub license: License,
    /// Temporal coverage (first and last day).
    pub period: Option<(NaiveDate, NaiveDate)>,
    /// ISO 639-1 codes (`es`, `en`).
    pub languages: Vec<String>,
    pub keywords: Vec<String>,
    /// When the package is made (the caller's clock).
    pub issued: Option<NaiveDate>,
    /// Where the files will be served from (ends with `/`); without it the distributions name
    /// their files relative to the metadata.
    pub base_url: Option<String>,
}

impl Metadata {
    pub fn new(name: &str, title: &str, description: &str) -> Self {
        Self {
            name: name.into(),
            title: title.into(),
            description: description.into(),
            publisher: String::new(),
            publisher_url: None,
            contact_email: None,
            license: License::default(),
            period: None,
            languages: Vec::new(),
            keywords: Vec::new(),
            issued: None,
            base_url: None,
        }
    }
    pub fn publisher(mut self, name: &str) -> Self {
        self.publisher = name.into();
        self
    }
    pub fn period(mut self, from: NaiveDate, to: NaiveDate) -> Self {
        self.period = Some((from, to));
        self
    }
    pub fn languages(mut self, codes: &[&str]) -> Self {
        self.languages = codes.iter().map(|c| c.to_string()).collect();
        self
    }
    pub fn keywords(mut self, words: &[&str]) -> Self {
        self.keywords = words.iter().map(|c| c.to_string()).collect();
        self
    }
}

/// A file of the package.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct File {
    pub name: String,
    pub media_type: &'static str,
    pub bytes: Vec<u8>,
}

/// Whether `s` is a valid package or resource name (Frictionless: lowercase, `-_.` and digits).
pub fn valid_name(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-_.".contains(&b))
}

/// The whole package: one CSV per table, `datapackage.json`, then `dcat.jsonld` (which
/// describes the others, with their sizes).
pub fn package(tables: &[Table], meta: &Metadata) -> Result<Vec<File>, PublishError> {
    if !valid_name(&meta.name) {
        return Err(PublishError::Metadata(format!(
            "name {:?}: lowercase letters, digits, '-', '_' and '.' only",
            meta.name
        )));
    }
    if meta.title.trim().is_empty() {
        return Err(PublishError::Metadata("a title is needed".into()));
    }
    let mut names = std::collections::HashSet::new();
    let mut files = Vec::with_capacity(tables.len() + 2);
    for t in tables {
        if !names.insert(t.name.as_str()) {
            return Err(PublishError::Table { table: t.name.clone(), message: "named twice".into() });
        }
        files.push(File { name: t.file_name(), media_type: "text/csv", bytes: t.csv()? });
    }
    let dp = datapackage(tables, &files, meta)?;
    files.push(File { name: "datapackage.json".into(), media_type: "application/json", bytes: dp });
    let graph = dcat(tables, &files, meta)?;
    files.push(File { name: "dcat.jsonld".into(), media_type: "application/ld+json", bytes: graph });
    Ok(files)
}

/// The files in one zip archive (deflated), in a folder named after the package.
pub fn zip(files: &[File], folder: &str) -> Result<Vec<u8>, PublishError> {
    use std::io::Write;
    let err = |e: &dyn std::fmt::Display| PublishError::Metadata(format!("zip: {e}"));
    let mut w = ::zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = ::zip::write::SimpleFileOptions::default().compression_method(::zip::CompressionMethod::Deflated);
    for f in files {
        w.start_file(format!("{folder}/{}", f.name), options).map_err(|e| err(&e))?;
        w.write_all(&f.bytes).map_err(|e| err(&e))?;
    }
    Ok(w.finish().map_err(|e| err(&e))?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_else(|| panic!("date"))
    }

    fn scores() -> Table {
        Table::new("index-scores", "Index scores", "One row per institution.")
            .field("institution", FieldType::String, "Institution id")
            .field("score", FieldType::Number, "Index score, 0-100")
            .field("rank", FieldType::Integer, "Rank, 1 = best")
            .primary_key(&["institution"])
    }

    /// The module documentation's example, as it is written there.
    #[test]
    fn another_module_publishes_its_table_in_a_few_lines() {
        let mut t = scores();
        t.push(vec![Cell::text("mineduc"), Cell::Number(71.5), Cell::Integer(3)]);
        t.push(vec![Cell::text("sat"), Cell::Missing, Cell::Missing]);
        let meta = Metadata::new("open-data-index-2026", "Open Data Index 2026", "Scores of 14 institutions.")
            .publisher("Comisión Presidencial de Gobierno Abierto y Electrónico")
            .period(day(2026, 1, 1), day(2026, 6, 30))
            .languages(&["es"]);
        let files = package(&[t], &meta).unwrap_or_else(|e| panic!("{e}"));
        let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["index-scores.csv", "datapackage.json", "dcat.jsonld"]);
        assert_eq!(String::from_utf8_lossy(&files[0].bytes), "institution,score,rank\nmineduc,71.5,3\nsat,,\n");
        let dp: serde_json::Value = serde_json::from_slice(&files[1].bytes).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(dp["resources"][0]["bytes"], files[0].bytes.len());
        assert_eq!(dp["resources"][0]["schema"]["primaryKey"][0], "institution");
        let ld: serde_json::Value = serde_json::from_slice(&files[2].bytes).unwrap_or_else(|e| panic!("{e}"));
        let dists = ld["@graph"][0]["dcat:distribution"].as_array().map_or(0, Vec::len);
        assert_eq!(dists, 2, "the CSV and the descriptor");
        assert_eq!(ld["@graph"][0]["dct:temporal"]["dcat:endDate"]["@value"], "2026-06-30");
    }

    #[test]
    fn a_table_that_does_not_fit_its_schema_is_refused() {
        let meta = Metadata::new("x", "X", "");
        let mut t = scores();
        t.push(vec![Cell::text("a"), Cell::text("high"), Cell::Integer(1)]);
        assert!(package(&[t], &meta).is_err_and(|e| e.to_string().contains("score is not a number")));
        let mut t = scores();
        t.push(vec![Cell::text("a"), Cell::Number(1.0)]);
        assert!(package(&[t], &meta).is_err_and(|e| e.to_string().contains("2 cells for 3 fields")));
        let mut t = scores();
        t.push(vec![Cell::text("a"), Cell::Number(1.0), Cell::Integer(1)]);
        t.push(vec![Cell::text("a"), Cell::Number(2.0), Cell::Integer(2)]);
        assert!(package(&[t], &meta).is_err_and(|e| e.to_string().contains("primary key a repeated")));
        assert!(package(&[scores()], &Metadata::new("Bad Name", "X", "")).is_err());
        assert!(package(&[scores(), scores()], &meta).is_err_and(|e| e.to_string().contains("named twice")));
        let mut t = scores().required(&["score"]);
        t.push(vec![Cell::text("a"), Cell::Missing, Cell::Integer(1)]);
        assert!(package(&[t], &meta).is_err_and(|e| e.to_string().contains("score is required")));
        let coded = Table::new("t", "T", "").code("level", &["pillar"], "").primary_key(&["level"]);
        let mut c = coded.clone();
        c.push(vec![Cell::text("item")]);
        assert!(package(&[c], &meta).is_err_and(|e| e.to_string().contains("not one of its values")));
    }
}
