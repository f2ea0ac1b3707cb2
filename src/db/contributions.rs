//! Contributions and the settings that open a campaign to them. A contribution is inserted once
//! per submission key (a double submit finds the row already there); each moderators' decision
//! is a compare-and-set on the contribution's `version` and on the state it starts from, so of
//! two decisions taken on the same version one is stored and the other told.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{contribution_settings, contributions};
use super::{AnyConnection, DbError};

/// A campaign's contribution settings: open or not, and its topics (JSON).
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = contribution_settings)]
pub struct SettingsRow {
    pub campaign_id: i64,
    pub enabled: i32,
    pub topics: String,
    pub updated_at: NaiveDateTime,
}

impl SettingsRow {
    /// Whether the campaign takes contributions (a flag column).
    pub fn is_enabled(&self) -> bool {
        self.enabled != 0
    }
}

/// A contribution as stored.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = contributions)]
pub struct Row {
    pub id: i64,
    pub campaign_id: i64,
    pub submission_key: String,
    pub topic: String,
    pub body: String,
    pub shown_body: Option<String>,
    pub edit_note: Option<String>,
    pub author_name: Option<String>,
    pub author_org: Option<String>,
    pub email: Option<String>,
    pub language: String,
    pub origin: String,
    pub status: String,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub screened_at: Option<NaiveDateTime>,
    pub screened_by: Option<String>,
    pub reject_reason: Option<String>,
    pub answer: Option<String>,
    pub answer_reason: Option<String>,
    pub answer_ref: Option<String>,
    pub answered_at: Option<NaiveDateTime>,
    pub answered_by: Option<String>,
    pub notified_at: Option<NaiveDateTime>,
}

/// The settings of campaign `campaign_id`, if any were saved.
pub fn settings(conn: &mut AnyConnection, campaign_id: i64) -> Result<Option<SettingsRow>, DbError> {
    Ok(contribution_settings::table
        .filter(contribution_settings::campaign_id.eq(campaign_id))
        .select(SettingsRow::as_select())
        .first(conn)
        .optional()?)
}

/// Stores the settings of a campaign (call inside a write transaction).
pub fn save_settings(
    conn: &mut AnyConnection,
    campaign_id: i64,
    enabled: bool,
    topics: &str,
    now: NaiveDateTime,
) -> Result<(), DbError> {
    let enabled = i32::from(enabled);
    let n = diesel::update(contribution_settings::table.filter(contribution_settings::campaign_id.eq(campaign_id)))
        .set((
            contribution_settings::enabled.eq(enabled),
            contribution_settings::topics.eq(topics),
            contribution_settings::updated_at.eq(now),
        ))
        .execute(conn)?;
    if n == 0 {
        diesel::insert_into(contribution_settings::table)
            .values((
                contribution_settings::campaign_id.eq(campaign_id),
                contribution_settings::enabled.eq(enabled),
                contribution_settings::topics.eq(topics),
                contribution_settings::updated_at.eq(now),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// A contribution to insert.
#[derive(Debug, Clone)]
pub struct New<'a> {
    pub campaign_id: i64,
    pub submission_key: &'a str,
    pub topic: &'a str,
    pub body: &'a str,
    pub author_name: Option<&'a str>,
    pub author_org: Option<&'a str>,
    pub email: Option<&'a str>,
    pub language: &'a str,
    pub origin: &'a str,
}

/// Inserts `c` unless its submission key is stored already; the row either way, and whether it
/// is new.
pub fn insert(conn: &mut AnyConnection, c: &New, now: NaiveDateTime) -> Result<(Row, bool), DbError> {
    // One statement that leaves a row of the same key alone (two requests of one form racing).
    let insert = || {
        diesel::insert_into(contributions::table)
            .values((
                contributions::campaign_id.eq(c.campaign_id),
                contributions::submission_key.eq(c.submission_key),
                contributions::topic.eq(c.topic),
                contributions::body.eq(c.body),
                contributions::author_name.eq(c.author_name),
                contributions::author_org.eq(c.author_org),
                contributions::email.eq(c.email),
                contributions::language.eq(c.language),
                contributions::origin.eq(c.origin),
                contributions::status.eq("pending"),
                contributions::version.eq(1i64),
                contributions::created_at.eq(now),
            ))
            .on_conflict(contributions::submission_key)
            .do_nothing()
    };
    let n = match conn {
        AnyConnection::Sqlite(c) => insert().execute(c)?,
        AnyConnection::Postgresql(c) => insert().execute(c)?,
    };
    let row = contributions::table
        .filter(contributions::submission_key.eq(c.submission_key))
        .select(Row::as_select())
        .first(conn)?;
    Ok((row, n == 1))
}

/// Every contribution of a campaign (of one status, if given), in id order.
pub fn list(conn: &mut AnyConnection, campaign_id: i64, status: Option<&str>) -> Result<Vec<Row>, DbError> {
    let mut q = contributions::table.filter(contributions::campaign_id.eq(campaign_id)).into_boxed();
    if let Some(s) = status {
        q = q.filter(contributions::status.eq(s.to_string()));
    }
    Ok(q.order(contributions::id.asc()).select(Row::as_select()).load(conn)?)
}

/// Contribution `id` of a campaign.
pub fn one(conn: &mut AnyConnection, campaign_id: i64, id: i64) -> Result<Option<Row>, DbError> {
    Ok(contributions::table
        .filter(contributions::campaign_id.eq(campaign_id))
        .filter(contributions::id.eq(id))
        .select(Row::as_select())
        .first(conn)
        .optional()?)
}

/// A screening decision on a pending contribution read at `version`.
pub struct Screen<'a> {
    pub status: &'a str,
    pub shown_body: Option<&'a str>,
    pub edit_note: Option<&'a str>,
    pub reject_reason: Option<&'a str>,
    pub by: &'a str,
}

/// Stores a screening decision if the contribution is still pending at `version`.
pub fn screen(
    conn: &mut AnyConnection,
    campaign_id: i64,
    id: i64,
    version: i64,
    s: &Screen,
    now: NaiveDateTime,
) -> Result<bool, DbError> {
    let n = diesel::update(
        contributions::table
            .filter(contributions::id.eq(id))
            .filter(contributions::campaign_id.eq(campaign_id))
            .filter(contributions::version.eq(version))
            .filter(contributions::status.eq("pending")),
    )
    .set((
        contributions::status.eq(s.status),
        contributions::shown_body.eq(s.shown_body),
        contributions::edit_note.eq(s.edit_note),
        contributions::reject_reason.eq(s.reject_reason),
        contributions::screened_by.eq(Some(s.by)),
        contributions::screened_at.eq(Some(now)),
        contributions::version.eq(version + 1),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// Stores the answer to a published contribution read at `version`.
#[expect(clippy::too_many_arguments, reason = "one column each")]
pub fn answer(
    conn: &mut AnyConnection,
    campaign_id: i64,
    id: i64,
    version: i64,
    answer: &str,
    reason: &str,
    reference: Option<&str>,
    by: &str,
    now: NaiveDateTime,
) -> Result<bool, DbError> {
    let n = diesel::update(
        contributions::table
            .filter(contributions::id.eq(id))
            .filter(contributions::campaign_id.eq(campaign_id))
            .filter(contributions::version.eq(version))
            .filter(contributions::status.eq("published")),
    )
    .set((
        contributions::answer.eq(Some(answer)),
        contributions::answer_reason.eq(Some(reason)),
        contributions::answer_ref.eq(reference),
        contributions::answered_by.eq(Some(by)),
        contributions::answered_at.eq(Some(now)),
        contributions::version.eq(version + 1),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// Marks the answer message queued and forgets the address it went to (only once).
pub fn mark_notified(conn: &mut AnyConnection, id: i64, now: NaiveDateTime) -> Result<bool, DbError> {
    let n = diesel::update(
        contributions::table.filter(contributions::id.eq(id)).filter(contributions::notified_at.is_null()),
    )
    .set((contributions::notified_at.eq(Some(now)), contributions::email.eq(None::<String>)))
    .execute(conn)?;
    Ok(n == 1)
}
