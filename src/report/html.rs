//! The HTML report: one self-contained page (inline SVG charts, embedded stylesheet with an A4
//! print layout), from the askama template `templates/report/report.html` (auto-escaped).

use askama::Template;

use super::ReportError;
use super::model::Report;

/// The report stylesheet, embedded at build time.
const CSS: &str = include_str!("../../reports/report.css");

#[derive(Template)]
#[template(path = "report/report.html")]
struct Page<'a> {
    r: &'a Report,
    css: &'a str,
}

/// Renders the report as an HTML document.
pub fn render(report: &Report) -> Result<String, ReportError> {
    Page { r: report, css: CSS }.render().map_err(|e| ReportError::Html(e.to_string()))
}
