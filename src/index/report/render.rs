//! The index documents rendered: HTML (askama, auto-escaped, charts inline) and PDF (typst, the
//! templates `reports/index-report.typ` and `reports/index-scorecard.typ`, charts kept vector).

use askama::Template;

use super::change::IndexChange;
use super::input::IndexInput;
use super::model::{self, IndexReport, Scorecard};
use crate::report::ReportError;

const CSS: &str = include_str!("../../../reports/index.css");
/// The report template, embedded at build time.
pub const REPORT_TYP: &str = include_str!("../../../reports/index-report.typ");
/// The scorecard template, embedded at build time.
pub const SCORECARD_TYP: &str = include_str!("../../../reports/index-scorecard.typ");

#[derive(Template)]
#[template(path = "index/report.html")]
struct ReportPage<'a> {
    r: &'a IndexReport,
    css: &'a str,
}

#[derive(Template)]
#[template(path = "index/scorecard.html")]
struct ScorecardPage<'a> {
    s: &'a Scorecard,
    css: &'a str,
}

/// The full report as one HTML page.
pub fn report_html(input: &IndexInput<'_>, lang: &str) -> Result<String, ReportError> {
    report_html_with(input, lang, None)
}

/// The full report as one HTML page, with its "change since" section when given.
pub fn report_html_with(
    input: &IndexInput<'_>,
    lang: &str,
    change: Option<IndexChange>,
) -> Result<String, ReportError> {
    let mut r = model::report(input, lang)?;
    r.change = change;
    ReportPage { r: &r, css: CSS }.render().map_err(|e| ReportError::Html(e.to_string()))
}

/// The full report as PDF.
pub fn report_pdf(input: &IndexInput<'_>, lang: &str) -> Result<Vec<u8>, ReportError> {
    report_pdf_with(input, lang, None)
}

/// The full report as PDF, with its "change since" section when given.
pub fn report_pdf_with(
    input: &IndexInput<'_>,
    lang: &str,
    change: Option<IndexChange>,
) -> Result<Vec<u8>, ReportError> {
    let mut r = model::report(input, lang)?;
    r.change = change;
    let data = serde_json::to_vec(&r).map_err(|e| ReportError::Pdf(e.to_string()))?;
    let mut files = vec![
        ("/data.json".to_string(), data),
        (format!("/{}", r.ranking_chart.file), r.ranking_chart.svg.clone().into_bytes()),
        (format!("/{}", r.heatmap.file), r.heatmap.svg.clone().into_bytes()),
    ];
    if let Some(c) = &r.change {
        files.push((format!("/{}", c.chart.file), c.chart.svg.clone().into_bytes()));
        if let Some(tr) = &c.trend {
            files.push((format!("/{}", tr.chart.file), tr.chart.svg.clone().into_bytes()));
        }
    }
    crate::report::pdf::typeset(REPORT_TYP, files, None)
}

/// The scorecard of the institution coded `unit`.
fn card(input: &IndexInput<'_>, unit: &str, lang: &str) -> Result<Scorecard, ReportError> {
    let k = input
        .index
        .units
        .iter()
        .position(|u| u.unit == unit)
        .ok_or_else(|| ReportError::Html(format!("no institution \"{unit}\"")))?;
    model::scorecard(input, k, lang).ok_or_else(|| ReportError::Html(format!("no institution \"{unit}\"")))
}

/// One institution's scorecard as an HTML page.
pub fn scorecard_html(input: &IndexInput<'_>, unit: &str, lang: &str) -> Result<String, ReportError> {
    let s = card(input, unit, lang)?;
    ScorecardPage { s: &s, css: CSS }.render().map_err(|e| ReportError::Html(e.to_string()))
}

/// One institution's scorecard as a one-page PDF.
pub fn scorecard_pdf(input: &IndexInput<'_>, unit: &str, lang: &str) -> Result<Vec<u8>, ReportError> {
    let s = card(input, unit, lang)?;
    let data = serde_json::to_vec(&s).map_err(|e| ReportError::Pdf(e.to_string()))?;
    crate::report::pdf::typeset(SCORECARD_TYP, vec![("/data.json".to_string(), data)], None)
}
