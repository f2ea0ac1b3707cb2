//! What respondents wrote in their own words, as an export (CSV, JSON, XLSX). The rule of every output
//! holds: nothing from a group below the campaign's minimum, no profile field beside a comment,
//! and no order that ties two comments to one person (they are sorted by question, group and
//! text). Free text can still name its author: every export says so in its first line or field.

use serde::Serialize;

/// One comment as published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Comment {
    /// The question's id.
    pub question: String,
    pub pillar: String,
    pub subpillar: Option<String>,
    /// The stakeholder group (a published one).
    pub group: String,
    /// The language it was written in.
    pub language: String,
    pub text: String,
}

/// The warning that travels with every comments export.
pub fn notice(lang: &str) -> &'static str {
    if lang == "en" {
        "Free text can identify its author: read every comment before publishing it."
    } else {
        "Un texto libre puede identificar a quien lo escribió: lea cada comentario antes de publicarlo."
    }
}

/// The comments in their published order.
pub fn sorted(mut comments: Vec<Comment>) -> Vec<Comment> {
    comments
        .sort_by(|a, b| (&a.pillar, &a.question, &a.group, &a.text).cmp(&(&b.pillar, &b.question, &b.group, &b.text)));
    comments
}

/// CSV, with a byte-order mark; the notice is the first line (a comment line, `#`).
pub fn csv(comments: &[Comment], lang: &str) -> Result<Vec<u8>, super::ReportError> {
    let mut out = super::cell_text::UTF8_BOM.to_vec();
    out.extend_from_slice(format!("# {}\n", notice(lang)).as_bytes());
    let mut w = csv::Writer::from_writer(out);
    let err = |e: csv::Error| super::ReportError::Table(e.to_string());
    w.write_record(["question", "pillar", "subpillar", "group", "language", "text"]).map_err(err)?;
    for c in comments {
        let cell = |s: &str| super::cell_text::neutralise(s).into_owned();
        w.write_record([
            cell(&c.question),
            cell(&c.pillar),
            cell(c.subpillar.as_deref().unwrap_or_default()),
            cell(&c.group),
            cell(&c.language),
            cell(&c.text),
        ])
        .map_err(err)?;
    }
    w.into_inner().map_err(|e| super::ReportError::Table(e.to_string()))
}

/// The comments export as JSON: the notice, then the comments.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct CommentsExport {
    pub notice: String,
    pub comments: Vec<Comment>,
}

/// JSON: `{"notice": …, "comments": [...]}`.
pub fn json(comments: &[Comment], lang: &str) -> Result<Vec<u8>, super::ReportError> {
    let export = CommentsExport { notice: notice(lang).to_string(), comments: comments.to_vec() };
    serde_json::to_vec_pretty(&export).map_err(|e| super::ReportError::Table(e.to_string()))
}

/// XLSX: the notice in the first row, then the header (frozen, with a filter) and one comment a
/// row, the text column wide and wrapped.
pub fn xlsx(comments: &[Comment], lang: &str) -> Result<Vec<u8>, super::ReportError> {
    use rust_xlsxwriter::{Format, Workbook};
    let x = |e: rust_xlsxwriter::XlsxError| super::ReportError::Table(e.to_string());
    let mut book = Workbook::new();
    let title = if lang == "en" { "Comments" } else { "Comentarios" };
    book.set_properties(
        &rust_xlsxwriter::DocProperties::new().set_title(title).set_keywords(format!("dra; lang={lang}")),
    );
    let bold = Format::new().set_bold();
    let warn = Format::new().set_bold().set_font_color(rust_xlsxwriter::Color::RGB(0xD5_5E00));
    let wrap = Format::new().set_text_wrap();
    let sheet = book.add_worksheet();
    sheet.set_name(title).map_err(x)?;
    sheet.write_string_with_format(0, 0, notice(lang), &warn).map_err(x)?;
    let header = ["question", "pillar", "subpillar", "group", "language", "text"];
    for (c, h) in header.iter().enumerate() {
        sheet.write_string_with_format(1, c as u16, *h, &bold).map_err(x)?;
    }
    for (i, c) in comments.iter().enumerate() {
        let r = i as u32 + 2;
        let cells = [&c.question, &c.pillar, c.subpillar.as_deref().unwrap_or_default(), &c.group, &c.language];
        for (k, v) in cells.iter().enumerate() {
            sheet.write_string(r, k as u16, super::cell_text::neutralise(v)).map_err(x)?;
        }
        sheet.write_string_with_format(r, 5, super::cell_text::neutralise(&c.text), &wrap).map_err(x)?;
    }
    for (c, w) in [(0u16, 28.0), (1, 16.0), (2, 24.0), (3, 16.0), (4, 9.0), (5, 90.0)] {
        sheet.set_column_width(c, w).map_err(x)?;
    }
    sheet.set_freeze_panes(2, 0).map_err(x)?;
    sheet.autofilter(1, 0, comments.len() as u32 + 1, 5).map_err(x)?;
    book.save_to_buffer().map_err(x)
}

/// The comments export in `format` (`csv`, `json` or `xlsx`): bytes and media type; `None` for
/// another format.
pub fn render(
    comments: &[Comment],
    format: &str,
    lang: &str,
) -> Option<Result<(Vec<u8>, &'static str), super::ReportError>> {
    Some(match format {
        "csv" => csv(comments, lang).map(|b| (b, "text/csv; charset=utf-8")),
        "json" => json(comments, lang).map(|b| (b, "application/json")),
        "xlsx" => {
            xlsx(comments, lang).map(|b| (b, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
        }
        _ => return None,
    })
}
