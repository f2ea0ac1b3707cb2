//! What respondents wrote in their own words, as an export (CSV, JSON). The rule of every output
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
