//! The documents and tables of an index campaign by file name, for the console and the API:
//! `report.pdf|html`, `scorecard-UNIT.pdf|html`, `tables.xlsx|json`, and each table as
//! `index-ranking.csv`, `index-pillars.csv`, `index-indicators.csv`, `index-sensitivity.csv`, and
//! `open-data.zip` (the open-data package of [`super::publish`]).

use chrono::NaiveDateTime;

use super::figures;
use crate::db::AnyConnection;
use crate::index::report::{render, tables};
use crate::service::DomainError;

/// A rendered file: bytes, media type, the name to save it under.
pub struct Output {
    pub bytes: Vec<u8>,
    pub media_type: &'static str,
    pub file_name: String,
}

/// The file `file` of `slug` in `lang` (es or en).
pub fn output(
    conn: &mut AnyConnection,
    slug: &str,
    file: &str,
    lang: &str,
    compare_to: &[String],
    now: NaiveDateTime,
) -> Result<Output, DomainError> {
    let lang = if lang == "en" { "en" } else { "es" };
    let (stem, ext) = file.rsplit_once('.').ok_or_else(|| DomainError::NotFound(format!("no file \"{file}\"")))?;
    let known_table = tables::TABLE_NAMES.contains(&stem);
    let ok = matches!((stem, ext), ("report", "pdf" | "html") | ("tables", "xlsx" | "json"))
        || (stem.starts_with("scorecard-") && matches!(ext, "pdf" | "html"))
        || (known_table && ext == "csv")
        || file == "open-data.zip";
    if !ok {
        return Err(DomainError::NotFound(format!("no file \"{file}\" for an index")));
    }
    if !compare_to.is_empty() && stem != "report" {
        return Err(DomainError::invalid(
            "compare_to",
            format!("\"{file}\" has no \"change since\" section: ask for report.pdf or report.html"),
        ));
    }
    if file == "open-data.zip" {
        let options = crate::service::publish::PublishOptions { lang: Some(lang.into()), ..Default::default() };
        let files = super::publish::package(conn, slug, &options, now.date())?;
        let folder = format!("{slug}-open-data");
        let bytes = crate::publish::zip(&files, &folder).map_err(|e| DomainError::Internal(e.to_string()))?;
        return Ok(Output { bytes, media_type: "application/zip", file_name: format!("{folder}.zip") });
    }
    // The report's "change since" section against the earlier editions named.
    let change =
        if compare_to.is_empty() { None } else { Some(super::editions::section(conn, compare_to, slug, lang)?) };
    let f = figures(conn, slug, None, false, true)?;
    let generated = now.format("%Y-%m-%d %H:%M UTC").to_string();
    let input = f.input(&generated);
    let fault = |e: crate::report::ReportError| DomainError::Internal(e.to_string());
    let (bytes, media_type) = match (stem, ext) {
        ("report", "pdf") => (render::report_pdf_with(&input, lang, change).map_err(fault)?, "application/pdf"),
        ("report", _) => {
            (render::report_html_with(&input, lang, change).map_err(fault)?.into_bytes(), "text/html; charset=utf-8")
        }
        ("tables", "xlsx") => (
            tables::xlsx(&tables::tables(&input)).map_err(DomainError::Internal)?,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        ("tables", _) => (tables::json(&tables::tables(&input)).map_err(DomainError::Internal)?, "application/json"),
        (s, e) if s.starts_with("scorecard-") => {
            let unit = s.trim_start_matches("scorecard-");
            if !f.scores.units.iter().any(|u| u == unit) {
                return Err(DomainError::NotFound(format!("no institution \"{unit}\" in {slug}")));
            }
            if e == "pdf" {
                (render::scorecard_pdf(&input, unit, lang).map_err(fault)?, "application/pdf")
            } else {
                (render::scorecard_html(&input, unit, lang).map_err(fault)?.into_bytes(), "text/html; charset=utf-8")
            }
        }
        (s, _) => {
            let t = tables::tables(&input)
                .into_iter()
                .find(|t| t.name == s)
                .ok_or_else(|| DomainError::NotFound(format!("no table \"{s}\"")))?;
            (tables::csv(&t).map_err(DomainError::Internal)?, "text/csv; charset=utf-8")
        }
    };
    let file_name = if ext == "csv" { format!("{slug}-{stem}.csv") } else { format!("{slug}-{stem}-{lang}.{ext}") };
    Ok(Output { bytes, media_type, file_name })
}
