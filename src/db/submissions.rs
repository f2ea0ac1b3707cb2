//! The questionnaire's writes as the group commit stores them: a batch of saved pages and
//! submissions written with a few statements for the whole batch (one upsert of the responses,
//! one update of the invitations, one insert of the thank-you mails) instead of three each.
//! The semantics are those of one save at a time: a respondent key saved twice in a batch is
//! written in arrival order, a response once submitted stays submitted, and only the first
//! submission of an invitation queues its thank-you message.

use std::collections::HashSet;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{invitations, responses};
use super::{AnyConnection, DbError, outbox};

/// One page saved (or the response submitted) by a respondent.
#[derive(Debug, Clone)]
pub struct Submission {
    pub campaign_id: i64,
    /// `None` in anonymous campaigns and for public responses.
    pub participant_id: Option<i64>,
    pub respondent_key: String,
    pub group_code: String,
    /// `link` or `public`.
    pub origin: &'static str,
    pub language: String,
    pub answers: String,
    /// The compact codes of a submitted response.
    pub codes: Option<String>,
    pub page: i32,
    pub submit: bool,
    pub now: NaiveDateTime,
    /// The personal link's invitation: its id and whether it was started already.
    pub invitation: Option<(i64, bool)>,
    /// The thank-you message, queued when this submission is the invitation's first.
    pub thanks: Option<outbox::NewMail>,
}

/// Rows per statement at most (13 bound values each; SQLite takes 32,766, PostgreSQL 65,535).
const ROWS: usize = 512;

/// Writes the submissions (inside the caller's transaction). Each respondent key is written at
/// most once per statement (PostgreSQL refuses to update a row twice in one): a key saved again
/// within the batch goes into a following round, in arrival order.
pub fn write_all(conn: &mut AnyConnection, subs: &[&Submission]) -> Result<(), DbError> {
    let mut rest: Vec<&Submission> = subs.to_vec();
    while !rest.is_empty() {
        let mut seen = HashSet::with_capacity(rest.len());
        let (round, later): (Vec<&Submission>, Vec<&Submission>) =
            rest.into_iter().partition(|s| seen.insert(s.respondent_key.as_str()));
        for chunk in round.chunks(ROWS) {
            write_round(conn, chunk)?;
        }
        rest = later;
    }
    Ok(())
}

diesel::define_sql_function! {
    /// The first of two times that is set.
    fn coalesce(x: diesel::sql_types::Nullable<diesel::sql_types::Timestamp>, y: diesel::sql_types::Nullable<diesel::sql_types::Timestamp>) -> diesel::sql_types::Nullable<diesel::sql_types::Timestamp>;
}

/// Submissions with distinct respondent keys.
fn write_round(conn: &mut AnyConnection, subs: &[&Submission]) -> Result<(), DbError> {
    upsert_responses(conn, subs)?;
    // The invitations' times are the latest request time of the round (one statement sets them).
    let Some(now) = subs.iter().map(|s| s.now).max() else { return Ok(()) };
    let submitted: Vec<i64> = subs.iter().filter(|s| s.submit).filter_map(|s| s.invitation.map(|(id, _)| id)).collect();
    let first: Vec<i64> = if submitted.is_empty() {
        Vec::new()
    } else {
        let statement = || {
            diesel::update(
                invitations::table
                    .filter(invitations::id.eq_any(&submitted))
                    .filter(invitations::submitted_at.is_null()),
            )
            .set((
                invitations::submitted_at.eq(Some(now)),
                invitations::started_at.eq(coalesce(invitations::started_at, Some(now))),
            ))
            .returning(invitations::id)
        };
        match conn {
            AnyConnection::Sqlite(c) => statement().get_results(c)?,
            AnyConnection::Postgresql(c) => statement().get_results(c)?,
        }
    };
    let starting: Vec<i64> = subs
        .iter()
        .filter(|s| !s.submit)
        .filter_map(|s| s.invitation.filter(|(_, started)| !started).map(|(id, _)| id))
        .collect();
    if !starting.is_empty() {
        diesel::update(
            invitations::table.filter(invitations::id.eq_any(&starting)).filter(invitations::started_at.is_null()),
        )
        .set(invitations::started_at.eq(Some(now)))
        .execute(conn)?;
    }
    let thanks: Vec<&outbox::NewMail> = subs
        .iter()
        .filter(|s| s.invitation.is_some_and(|(id, _)| first.contains(&id)))
        .filter_map(|s| s.thanks.as_ref())
        .collect();
    outbox::enqueue_all(conn, &thanks, now)
}

/// One multi-row insert that updates the rows whose key is there: the answers replace the
/// stored ones, a response once submitted stays submitted with its first submission time.
fn upsert_responses(conn: &mut AnyConnection, subs: &[&Submission]) -> Result<(), DbError> {
    use diesel::dsl::sql;
    use diesel::sql_types::Text;
    use diesel::upsert::excluded;
    let rows: Vec<_> = subs
        .iter()
        .map(|s| {
            (
                responses::campaign_id.eq(s.campaign_id),
                responses::participant_id.eq(s.participant_id),
                responses::respondent_key.eq(&s.respondent_key),
                responses::group_code.eq(&s.group_code),
                responses::origin.eq(s.origin),
                responses::status.eq(if s.submit { "submitted" } else { "draft" }),
                responses::language.eq(&s.language),
                responses::answers.eq(&s.answers),
                responses::codes.eq(&s.codes),
                responses::current_page.eq(s.page),
                responses::created_at.eq(s.now),
                responses::updated_at.eq(s.now),
                responses::submitted_at.eq(if s.submit { Some(s.now) } else { None }),
            )
        })
        .collect();
    let statement = || {
        diesel::insert_into(responses::table)
            .values(rows.clone())
            .on_conflict(responses::respondent_key)
            .do_update()
            .set((
                responses::answers.eq(excluded(responses::answers)),
                responses::codes.eq(excluded(responses::codes)),
                responses::language.eq(excluded(responses::language)),
                responses::group_code.eq(excluded(responses::group_code)),
                responses::current_page.eq(excluded(responses::current_page)),
                responses::status.eq(sql::<Text>(
                    "CASE WHEN responses.status = 'submitted' THEN 'submitted' ELSE excluded.status END",
                )),
                responses::updated_at.eq(excluded(responses::updated_at)),
                responses::submitted_at.eq(coalesce(responses::submitted_at, excluded(responses::submitted_at))),
            ))
    };
    // The upsert is written per backend (both speak `ON CONFLICT … DO UPDATE`).
    match conn {
        AnyConnection::Sqlite(c) => statement().execute(c)?,
        AnyConnection::Postgresql(c) => statement().execute(c)?,
    };
    Ok(())
}
