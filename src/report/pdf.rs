//! The PDF report: the typst template `reports/report.typ` (embedded at build) typeset with the
//! report model as `/data.json` and every chart as `/<name>.svg` (kept vector), A4 with page
//! numbers and bookmarks, fonts embedded.

use chrono::{Datelike, Timelike};
use typst::foundations::{Datetime, Smart};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, Timestamp};

use super::ReportError;
use super::model::{Chart, Report};
use super::world::ReportWorld;

/// The report template, embedded at build time.
pub const TEMPLATE: &str = include_str!("../../reports/report.typ");

fn charts(report: &Report) -> Vec<&Chart> {
    let mut out = vec![&report.summary.radar];
    for p in &report.pillars {
        out.push(&p.bars);
        out.push(&p.distribution);
    }
    out.extend([&report.comparisons.heatmap, &report.comparisons.dumbbell, &report.rates.chart]);
    if let Some(c) = &report.change {
        out.extend([&c.dumbbell, &c.slope]);
    }
    out
}

/// Typesets the report with `template` (normally [`TEMPLATE`]; a deployment may bring its own)
/// and exports it as PDF bytes; `generated` sets the document date.
pub fn render_with(
    report: &Report,
    template: &str,
    generated: Option<chrono::NaiveDateTime>,
) -> Result<Vec<u8>, ReportError> {
    let data = serde_json::to_vec(report).map_err(|e| ReportError::Pdf(e.to_string()))?;
    let mut files = vec![("/data.json".to_string(), data)];
    for c in charts(report) {
        files.push((format!("/{}", c.file), c.svg.clone().into_bytes()));
    }
    typeset(template, files, generated)
}

/// Typesets a typst `template` that reads the given in-memory files; exports PDF bytes.
pub fn typeset(
    template: &str,
    files: Vec<(String, Vec<u8>)>,
    generated: Option<chrono::NaiveDateTime>,
) -> Result<Vec<u8>, ReportError> {
    let today = generated.and_then(|g| Datetime::from_ymd(g.year(), g.month() as u8, g.day() as u8));
    let world = ReportWorld::new(template, files, today).map_err(ReportError::Pdf)?;
    let doc: PagedDocument = typst::compile(&world).output.map_err(|errors| {
        ReportError::Pdf(errors.iter().map(|e| e.message.to_string()).collect::<Vec<_>>().join("; "))
    })?;
    let timestamp = generated.and_then(|g| {
        Datetime::from_ymd_hms(g.year(), g.month() as u8, g.day() as u8, g.hour() as u8, g.minute() as u8, 0)
            .map(Timestamp::new_utc)
    });
    let options = PdfOptions { ident: Smart::Auto, timestamp, ..PdfOptions::default() };
    typst_pdf::pdf(&doc, &options)
        .map_err(|errors| ReportError::Pdf(errors.iter().map(|e| e.message.to_string()).collect::<Vec<_>>().join("; ")))
}
