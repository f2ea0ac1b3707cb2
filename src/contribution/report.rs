//! "What we heard and what we did": the record of a campaign's contributions, as HTML (one
//! self-contained page, askama, auto-escaped) and as PDF (typst, `reports/contributions.typ`,
//! embedded): how many were received, screened out and published, the published ones per topic by
//! what was done with them, and the full list of the published ones with their answers as an
//! annex. Built from the same public view as the public page ([`super::Public`]): nothing is in
//! the record that is not public.

use askama::Template;
use serde::Serialize;

use super::{Answer, Counts, Public, Topic, awaiting_label, topic_label};

/// The typst template, embedded at build time.
pub const TEMPLATE: &str = include_str!("../../reports/contributions.typ");

/// The fixed texts of the record, in one language.
#[derive(Debug, Clone, Serialize)]
pub struct Labels {
    pub heading: &'static str,
    pub intro: &'static str,
    pub received: &'static str,
    pub pending: &'static str,
    pub published: &'static str,
    pub rejected: &'static str,
    pub by_topic: &'static str,
    pub topic: &'static str,
    pub total: &'static str,
    pub annex: &'static str,
    pub edited: &'static str,
    pub by: &'static str,
    pub answer: &'static str,
    pub reason: &'static str,
    pub reference: &'static str,
    pub received_on: &'static str,
    pub none: &'static str,
    pub page: &'static str,
}

impl Labels {
    pub fn of(lang: &str) -> Self {
        Self {
            heading: crate::i18n::t(lang, "contribution-record-what-we-heard-and-what-we"),
            intro: crate::i18n::t(lang, "contribution-record-this-report-accounts-for-every-contribution"),
            received: crate::i18n::t(lang, "contribution-record-received"),
            pending: crate::i18n::t(lang, "contributions-public-to-be-screened"),
            published: crate::i18n::t(lang, "contribution-record-published"),
            rejected: crate::i18n::t(lang, "contribution-record-rejected-spam-or-abuse"),
            by_topic: crate::i18n::t(lang, "contribution-record-published-contributions-by-topic-and-answer"),
            topic: crate::i18n::t(lang, "contributions-console-topic"),
            total: crate::i18n::t(lang, "contributions-public-total"),
            annex: crate::i18n::t(lang, "contribution-record-annex-every-published-contribution"),
            edited: crate::i18n::t(lang, "contribution-record-edited-to-hide-personal-data"),
            by: crate::i18n::t(lang, "contributions-public-from"),
            answer: crate::i18n::t(lang, "contributions-console-answer"),
            reason: crate::i18n::t(lang, "response-reason"),
            reference: crate::i18n::t(lang, "contributions-console-where-it-went"),
            received_on: crate::i18n::t(lang, "contribution-record-received-on"),
            none: crate::i18n::t(lang, "contribution-record-no-contribution-has-been-published-yet"),
            page: crate::i18n::t(lang, "questionnaire-page"),
        }
    }
}

/// One row of the table per topic.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub label: String,
    /// Per answer (in [`Answer::ALL`] order), then awaiting, then published.
    pub cells: Vec<u64>,
}

/// One published contribution in the annex.
#[derive(Debug, Clone, Serialize)]
pub struct Item {
    pub id: i64,
    pub topic: String,
    pub text: String,
    pub edited: bool,
    pub author: String,
    pub received_on: String,
    pub answer: String,
    pub reason: String,
    pub reference: String,
}

/// The record, as both renderers read it.
#[derive(Debug, Clone, Serialize)]
pub struct Record {
    pub lang: String,
    pub campaign: String,
    pub generated: String,
    pub labels: Labels,
    /// (label, count): received, to be screened, published, rejected.
    pub totals: Vec<(String, u64)>,
    /// The column heads of the per-topic table after the topic.
    pub columns: Vec<String>,
    pub rows: Vec<Row>,
    pub total_row: Row,
    pub items: Vec<Item>,
}

/// Builds the record of campaign `campaign` in `lang`, on day `generated`.
pub fn record(
    lang: &str,
    campaign: &str,
    generated: chrono::NaiveDate,
    topics: &[Topic],
    counts: &Counts,
    items: &[Public],
) -> Record {
    let labels = Labels::of(lang);
    let row = |label: String, t: &super::TopicCounts| Row {
        label,
        cells: t.answers.iter().copied().chain([t.awaiting, t.published]).collect(),
    };
    let mut columns: Vec<String> = Answer::ALL.iter().map(|a| a.label(lang).to_string()).collect();
    columns.push(awaiting_label(lang).into());
    columns.push(labels.total.into());
    Record {
        lang: lang.into(),
        campaign: campaign.into(),
        generated: generated.format("%Y-%m-%d").to_string(),
        totals: vec![
            (labels.received.into(), counts.received),
            (labels.pending.into(), counts.pending),
            (labels.published.into(), counts.published),
            (labels.rejected.into(), counts.rejected),
        ],
        columns,
        rows: counts.by_topic.iter().map(|t| row(topic_label(topics, &t.topic, lang).to_string(), t)).collect(),
        total_row: row(labels.total.into(), &counts.total),
        items: items
            .iter()
            .map(|p| Item {
                id: p.id,
                topic: topic_label(topics, &p.topic, lang).to_string(),
                text: p.text.clone(),
                edited: p.edited,
                author: [p.author_name.as_deref(), p.author_org.as_deref()]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(" · "),
                received_on: p.received_on.format("%Y-%m-%d").to_string(),
                answer: p.answer.map_or(awaiting_label(lang), |a| a.label(lang)).to_string(),
                reason: p.answer_reason.clone().unwrap_or_default(),
                reference: p.answer_ref.clone().unwrap_or_default(),
            })
            .collect(),
        labels,
    }
}

#[derive(Template)]
#[template(path = "contributions_report.html")]
struct Page<'a> {
    r: &'a Record,
}

/// The record as one HTML page.
pub fn html(record: &Record) -> Result<String, String> {
    Page { r: record }.render().map_err(|e| e.to_string())
}

/// The record as PDF (A4, fonts embedded).
pub fn pdf(record: &Record, generated: Option<chrono::NaiveDateTime>) -> Result<Vec<u8>, String> {
    let data = serde_json::to_vec(record).map_err(|e| e.to_string())?;
    crate::report::typeset(TEMPLATE, vec![("/data.json".into(), data)], generated).map_err(|e| e.to_string())
}
