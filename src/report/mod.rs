//! Reports of a campaign's aggregates: HTML (self-contained, inline SVG charts, A4 print
//! stylesheet), PDF (typst, vector charts, embedded fonts, outline), CSV and XLSX (one row per
//! scale × group) and JSON (the aggregates as they are). Pure: no database, no HTTP, no clock (the
//! generation date comes in [`CampaignInfo`]).
//!
//! Use: build a [`ReportInput`] and call [`render`] with a [`Format`]; or [`model`] to get the
//! [`Report`] every document is laid out from.

pub mod annex;
mod build;
pub mod cell_text;
pub mod change;
pub mod comments;
mod context;
mod figures;
pub mod fmt;
mod html;
pub mod i18n;
mod method;
pub mod model;
pub(crate) mod pdf;
pub mod questionnaire;
pub mod stats;
pub mod table;
mod world;

use chrono::{NaiveDate, NaiveDateTime};

use crate::analysis::Aggregates;
use crate::charts::ChartError;
use crate::survey::Survey;

pub use i18n::Lang;
pub use model::Report;
/// Typesets any typst template with in-memory files (other records than the report use it).
pub use pdf::typeset;

/// What the report says about the campaign (the analysis does not know it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CampaignInfo {
    pub name: String,
    pub country: String,
    pub opens: NaiveDate,
    pub closes: NaiveDate,
    /// When the report is generated (the caller's clock).
    pub generated_at: NaiveDateTime,
    /// Submitted responses in all groups, published or not: said only when nothing can be
    /// published, so that the reader knows why.
    pub submitted: u64,
    /// The submitted responses the coordinators excluded from every figure, by the reason they
    /// gave (most frequent first): counted apart in the method annex.
    pub excluded: Vec<(String, u64)>,
}

/// Everything a report is made from.
#[derive(Debug, Clone)]
pub struct ReportInput<'a> {
    pub aggregates: &'a Aggregates,
    /// The survey version the aggregates were computed from (names, options, weights).
    pub survey: &'a Survey,
    pub campaign: CampaignInfo,
    pub lang: Lang,
    /// The published comments, for the annex of the PDF/HTML report (may be empty).
    pub comments: &'a [comments::Comment],
}

/// A report format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Html,
    Pdf,
    Csv,
    Xlsx,
    Json,
}

impl Format {
    /// Parses a file extension or format name (`html`, `pdf`, `csv`, `xlsx`, `json`).
    pub fn parse(s: &str) -> Option<Self> {
        match s.to_ascii_lowercase().as_str() {
            "html" => Some(Self::Html),
            "pdf" => Some(Self::Pdf),
            "csv" => Some(Self::Csv),
            "xlsx" => Some(Self::Xlsx),
            "json" => Some(Self::Json),
            _ => None,
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Self::Html => "html",
            Self::Pdf => "pdf",
            Self::Csv => "csv",
            Self::Xlsx => "xlsx",
            Self::Json => "json",
        }
    }

    pub fn mime(self) -> &'static str {
        match self {
            Self::Html => "text/html; charset=utf-8",
            Self::Pdf => "application/pdf",
            Self::Csv => "text/csv; charset=utf-8",
            Self::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Self::Json => "application/json",
        }
    }
}

/// Why a report could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("chart: {0}")]
    Chart(#[from] ChartError),
    #[error("HTML template: {0}")]
    Html(String),
    #[error("PDF typesetting: {0}")]
    Pdf(String),
    #[error("table export: {0}")]
    Table(String),
    #[error("JSON export: {0}")]
    Json(String),
}

/// Renders the report in one format.
pub fn render(format: Format, input: &ReportInput) -> Result<Vec<u8>, ReportError> {
    match format {
        Format::Html => html(input),
        Format::Pdf => pdf(input),
        Format::Csv => csv(input),
        Format::Xlsx => xlsx(input),
        Format::Json => json(input),
    }
}

/// Renders the report in one format with a "change since" section against a previous edition
/// (HTML and PDF; the table and JSON formats are the campaign's own figures and ignore it).
pub fn render_with_change(
    format: Format,
    input: &ReportInput,
    change: Option<&change::ChangeInput>,
) -> Result<Vec<u8>, ReportError> {
    let Some(change) = change else { return render(format, input) };
    let with = || -> Result<Report, ReportError> {
        let cx = context::Ctx::new(input);
        let mut report = build::report(&cx)?;
        report.change = Some(change::section(&cx, change)?);
        Ok(report)
    };
    match format {
        Format::Html => html::render(&with()?).map(String::into_bytes),
        Format::Pdf => pdf::render_with(&with()?, pdf::TEMPLATE, Some(input.campaign.generated_at)),
        _ => render(format, input),
    }
}

/// The rows of the aggregates table (the CSV/XLSX export), suppression applied: one per scale ×
/// group, then the overall row (group `_overall`), under [`table::HEADER`].
pub fn table_rows(input: &ReportInput) -> Vec<Vec<table::Field>> {
    table::rows(&context::Ctx::new(input))
}

/// The report model, charts included.
pub fn model(input: &ReportInput) -> Result<Report, ReportError> {
    build::report(&context::Ctx::new(input))
}

/// Self-contained HTML (UTF-8).
pub fn html(input: &ReportInput) -> Result<Vec<u8>, ReportError> {
    html::render(&model(input)?).map(String::into_bytes)
}

/// PDF, A4, typeset by typst.
pub fn pdf(input: &ReportInput) -> Result<Vec<u8>, ReportError> {
    pdf::render_with(&model(input)?, pdf::TEMPLATE, Some(input.campaign.generated_at))
}

/// CSV of the aggregates.
pub fn csv(input: &ReportInput) -> Result<Vec<u8>, ReportError> {
    table::csv(&context::Ctx::new(input))
}

/// XLSX of the aggregates.
pub fn xlsx(input: &ReportInput) -> Result<Vec<u8>, ReportError> {
    table::xlsx(&context::Ctx::new(input))
}

/// The aggregates as JSON (pretty-printed; the same shape the analysis serialises).
pub fn json(input: &ReportInput) -> Result<Vec<u8>, ReportError> {
    serde_json::to_vec_pretty(input.aggregates).map_err(|e| ReportError::Json(e.to_string()))
}
