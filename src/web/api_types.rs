//! The JSON the API answers with, as types: each derives its JSON Schema, which the OpenAPI
//! document declares for its route (and a test checks every real answer against). Times are
//! RFC 3339 with their offset (UTC): a browser reads them as the moment they are.

use chrono::{DateTime, NaiveDateTime, Utc};
use schemars::JsonSchema;
use serde::Serialize;

/// A stored time (naive UTC) as the moment it is.
pub fn utc(t: NaiveDateTime) -> DateTime<Utc> {
    t.and_utc()
}

/// A page of a list, with what a client needs to ask for the next one.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(rename = "PageOf{T}")]
pub struct Paged<T> {
    pub items: Vec<T>,
    /// 1-based.
    pub page: usize,
    pub per_page: usize,
    /// Items in the whole list.
    pub total: usize,
}

/// A stored survey version.
#[derive(Debug, Serialize, JsonSchema)]
pub struct SurveyItem {
    pub id: i64,
    pub survey: String,
    pub version: String,
    pub content_hash: String,
    pub title: String,
    pub imported_at: DateTime<Utc>,
}

/// A campaign.
#[derive(Debug, Serialize, JsonSchema)]
pub struct CampaignItem {
    pub slug: String,
    pub name: String,
    /// draft, open, closed or archived.
    pub state: String,
    /// identified or anonymous.
    pub mode: String,
    pub survey_version: i64,
    pub closes_at: Option<DateTime<Utc>>,
    pub min_cell_size: i32,
}

/// One group's fieldwork.
#[derive(Debug, Serialize, JsonSchema)]
pub struct GroupProgress {
    pub group: String,
    pub participants: i64,
    pub invited: i64,
    pub bounced: i64,
    pub opted_out: i64,
    pub opened: i64,
    pub started: i64,
    /// Who submitted, their response excluded by the coordinators or not.
    pub submitted: i64,
    /// Of those, whose response the coordinators excluded from every figure.
    pub excluded: i64,
    /// Usable responses (submitted, not excluded) ÷ invited; none before anyone is invited.
    pub response_rate: Option<f64>,
}

/// A campaign's fieldwork, group by group.
#[derive(Debug, Serialize, JsonSchema)]
pub struct CampaignStatus {
    pub campaign: String,
    pub groups: Vec<GroupProgress>,
}

/// A participant and how far they got (never their link).
#[derive(Debug, Serialize, JsonSchema)]
pub struct ParticipantItem {
    pub email: String,
    pub name: Option<String>,
    pub organisation: Option<String>,
    pub group: String,
    pub language: String,
    pub bounced_at: Option<DateTime<Utc>>,
    pub invited_at: Option<DateTime<Utc>>,
    pub opened_at: Option<DateTime<Utc>>,
    pub started_at: Option<DateTime<Utc>>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub reminders_sent: i32,
}

/// A row of a participants import that was refused.
#[derive(Debug, Serialize, JsonSchema)]
pub struct RefusedRow {
    /// The file's line.
    pub line: u64,
    pub reason: String,
}

/// What a participants import did.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ImportReport {
    /// Rows that passed every check.
    pub imported: usize,
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// Every refused row, listed or not.
    pub refused_count: usize,
    /// The first 200 refused rows.
    pub refused: Vec<RefusedRow>,
}

/// An index campaign of institutions.
#[derive(Debug, Serialize, JsonSchema)]
pub struct IndexItem {
    pub slug: String,
    pub name: String,
    /// The framework's id.
    pub framework: String,
    pub framework_version: String,
    pub edition: Option<String>,
}

/// The index campaigns, newest first.
#[derive(Debug, Serialize, JsonSchema)]
pub struct IndexList {
    pub items: Vec<IndexItem>,
}

/// A score stored: its id.
#[derive(Debug, Serialize, JsonSchema)]
pub struct IndexScoreSaved {
    pub id: i64,
}

/// A review stored: the score and its new version.
#[derive(Debug, Serialize, JsonSchema)]
pub struct IndexReviewSaved {
    pub id: i64,
    pub version: i64,
}
