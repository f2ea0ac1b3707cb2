//! The questionnaire's writes as the group commit stores them: a batch of saved pages and
//! submissions written with a few statements for the whole batch (one upsert of the responses,
//! one update of the invitations, one insert of the thank-yous owed) instead of three each.
//!
//! Every save is a compare-and-set: it carries the version of the response it read (0 when
//! there was none) and the whole row it decided on from that state (`campaign::lifecycle`); the
//! upsert writes it only where the stored row still has that version, and says which rows it
//! wrote. A save whose row moved on in between is not written and is answered `Stale`: its
//! request reads again and decides again. So two requests of one respondent (a submit and a page
//! save from another tab, two submits) never mix: each is written whole over the state it saw,
//! or not at all. Only a written first submission marks its invitation and records the thank-you
//! owed to it (`db::thanks`: the mail worker composes and queues it).

use std::collections::HashSet;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{invitations, responses};
use super::{AnyConnection, DbError, thanks};
use crate::analysis::Origin;
use crate::campaign::response::ResponseStatus;

/// One page saved (or the response submitted) by a respondent: the row as it is to be stored.
#[derive(Debug, Clone)]
pub struct Submission {
    pub campaign_id: i64,
    /// `None` in anonymous campaigns and for public responses.
    pub participant_id: Option<i64>,
    pub respondent_key: String,
    pub group_code: String,
    /// `link` or `public`.
    pub origin: Origin,
    pub language: String,
    /// `draft` or `submitted`.
    pub status: ResponseStatus,
    /// The answers analysed once submitted (the draft's answers before).
    pub answers: String,
    /// The compact codes of the submitted answers.
    pub codes: Option<String>,
    /// A change in progress to a submitted response (its answers stay as submitted meanwhile).
    pub pending: Option<String>,
    pub page: i32,
    /// The request's time (the invitation's progress).
    pub now: NaiveDateTime,
    /// The time written on the response row: the request's, or in an anonymous campaign a time
    /// that tells nothing (the campaign's creation), so no time matches the response to an
    /// invitation, a mail or a log line.
    pub stamped: NaiveDateTime,
    /// When the response was first submitted (as stamped).
    pub submitted_at: Option<NaiveDateTime>,
    /// The row's id if it is new, for an anonymous response: random, so the order of ids is not
    /// the order of submissions. `None`: the next of the sequence (rows appended in order are
    /// cheaper to write).
    pub new_id: Option<i64>,
    /// An anonymous campaign's personal link: once submitted, the response keeps no key that
    /// leads back to the link (nor to the invitation).
    pub anonymous: bool,
    /// The version of the response this save was decided on; 0 when none was stored.
    pub read_version: i64,
    /// This save is the response's first submission.
    pub first_submission: bool,
    /// The personal link's invitation: its id and whether it was started already.
    pub invitation: Option<(i64, bool)>,
    /// A thank-you is owed when this submission is the invitation's first (the demo's seeded
    /// responses are owed none).
    pub thank: bool,
}

/// A random id for a new response row, in [2^32, 2^62): never one a sequence hands out, and
/// room left above for SQLite's own.
pub fn random_id() -> i64 {
    let r = u64::from_le_bytes(crate::token::random_bytes::<8>());
    ((r >> 2) | (1 << 32)) as i64
}

/// What became of a save.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Saved {
    /// Written, and durable once the transaction commits.
    Stored,
    /// Not written: the response changed since it was read. Read again, decide again.
    Stale,
}

/// Rows per statement at most (15 bound values each; SQLite takes 32,766, PostgreSQL 65,535).
const ROWS: usize = 512;

/// Writes the submissions (inside the caller's transaction); what became of each, in order.
/// Each respondent key is written at most once per statement (PostgreSQL refuses to update a
/// row twice in one): a key saved again within the batch goes into a following round, in
/// arrival order, where its version check sees the round before.
pub fn write_all(conn: &mut AnyConnection, subs: &[&Submission]) -> Result<Vec<Saved>, DbError> {
    let mut outcome = vec![Saved::Stale; subs.len()];
    let mut rest: Vec<usize> = (0..subs.len()).collect();
    while !rest.is_empty() {
        let mut seen = HashSet::with_capacity(rest.len());
        let (mut round, later): (Vec<usize>, Vec<usize>) =
            rest.into_iter().partition(|&i| seen.insert(subs[i].respondent_key.as_str()));
        // Rows are written in the order of their keys: two batches written at once (instances
        // sharing one PostgreSQL) that share rows lock them in the same order, so neither waits
        // for the other in a circle.
        round.sort_by(|&a, &b| subs[a].respondent_key.cmp(&subs[b].respondent_key));
        for chunk in round.chunks(ROWS) {
            let rows: Vec<&Submission> = chunk.iter().map(|&i| subs[i]).collect();
            let written = write_round(conn, &rows)?;
            for (&i, stored) in chunk.iter().zip(written) {
                if stored {
                    outcome[i] = Saved::Stored;
                }
            }
        }
        rest = later;
    }
    Ok(outcome)
}

diesel::define_sql_function! {
    /// The first of two times that is set.
    fn coalesce(x: diesel::sql_types::Nullable<diesel::sql_types::Timestamp>, y: diesel::sql_types::Nullable<diesel::sql_types::Timestamp>) -> diesel::sql_types::Nullable<diesel::sql_types::Timestamp>;
}

/// Submissions with distinct respondent keys; whether each was written.
fn write_round(conn: &mut AnyConnection, subs: &[&Submission]) -> Result<Vec<bool>, DbError> {
    let written = upsert_responses(conn, subs)?;
    let stored: Vec<bool> = subs.iter().map(|s| written.contains(s.respondent_key.as_str())).collect();
    let kept: Vec<&Submission> = subs.iter().zip(&stored).filter(|(_, w)| **w).map(|(s, _)| *s).collect();
    // The invitations' times are the latest request time of the round (one statement sets them).
    let Some(now) = kept.iter().map(|s| s.now).max() else { return Ok(stored) };
    let submitted: Vec<i64> =
        kept.iter().filter(|s| s.first_submission).filter_map(|s| s.invitation.map(|(id, _)| id)).collect();
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
                // Whoever answered opened the link, whether or not their browser said so.
                invitations::opened_at.eq(coalesce(invitations::opened_at, Some(now))),
            ))
            .returning(invitations::id)
        };
        match conn {
            AnyConnection::Sqlite(c) => statement().get_results(c)?,
            AnyConnection::Postgresql(c) => statement().get_results(c)?,
        }
    };
    let starting: Vec<i64> = kept
        .iter()
        .filter(|s| !s.first_submission)
        .filter_map(|s| s.invitation.filter(|(_, started)| !started).map(|(id, _)| id))
        .collect();
    if !starting.is_empty() {
        diesel::update(
            invitations::table.filter(invitations::id.eq_any(&starting)).filter(invitations::started_at.is_null()),
        )
        .set((
            invitations::started_at.eq(Some(now)),
            invitations::opened_at.eq(coalesce(invitations::opened_at, Some(now))),
        ))
        .execute(conn)?;
    }
    let thanked: Vec<i64> = kept
        .iter()
        .filter(|s| s.first_submission && s.thank)
        .filter_map(|s| s.invitation.map(|(id, _)| id))
        .filter(|id| first.contains(id))
        .collect();
    thanks::owe_all(conn, &thanked)?;
    let refused = unlink_anonymous(conn, &kept, &first)?;
    Ok(subs.iter().zip(stored).map(|(s, w)| w && !refused.contains(s.respondent_key.as_str())).collect())
}

/// The anonymous campaigns' personal links, once their rows are written: a first submission
/// that got its invitation (`first`) loses its key, so nothing stored leads from the link or
/// the invitation to the response; a save for an invitation already submitted (whose response
/// has no key any more) is taken back. Returns the keys taken back.
fn unlink_anonymous<'a>(
    conn: &mut AnyConnection,
    kept: &[&'a Submission],
    first: &[i64],
) -> Result<HashSet<&'a str>, DbError> {
    let anonymous: Vec<(&Submission, i64)> =
        kept.iter().filter(|s| s.anonymous).filter_map(|s| s.invitation.map(|(id, _)| (*s, id))).collect();
    if anonymous.is_empty() {
        return Ok(HashSet::new());
    }
    let drafts: Vec<i64> = anonymous.iter().filter(|(s, _)| !s.first_submission).map(|(_, id)| *id).collect();
    let done: Vec<i64> = if drafts.is_empty() {
        Vec::new()
    } else {
        invitations::table
            .filter(invitations::id.eq_any(&drafts))
            .filter(invitations::submitted_at.is_not_null())
            .select(invitations::id)
            .load(conn)?
    };
    let mut refused = HashSet::new();
    let mut unlinked = Vec::new();
    for (s, id) in &anonymous {
        let taken_back = if s.first_submission { !first.contains(id) } else { done.contains(id) };
        if taken_back {
            refused.insert(s.respondent_key.as_str());
        } else if s.first_submission {
            unlinked.push(s.respondent_key.as_str());
        }
    }
    if !refused.is_empty() {
        let keys: Vec<&str> = refused.iter().copied().collect();
        diesel::delete(responses::table.filter(responses::respondent_key.eq_any(&keys))).execute(conn)?;
    }
    if !unlinked.is_empty() {
        diesel::update(responses::table.filter(responses::respondent_key.eq_any(&unlinked)))
            .set(responses::respondent_key.eq(None::<String>))
            .execute(conn)?;
    }
    Ok(refused)
}

/// One multi-row insert that replaces the rows whose key is there, each only where the stored
/// version is the one its save read; returns the keys it wrote. A new row (version read 0) is
/// written as version 1, and never over a row that appeared meanwhile (every stored row has a
/// version of 1 or more).
fn upsert_responses(conn: &mut AnyConnection, subs: &[&Submission]) -> Result<HashSet<String>, DbError> {
    use diesel::upsert::excluded;
    // The statement for some of the saves, up to its `DO UPDATE SET`; with `id`, the rows carry
    // their own (`new_id`).
    macro_rules! upsert {
        ($subs:expr $(, $id:ident)?) => {
            diesel::insert_into(responses::table)
                .values(
                    $subs
                        .iter()
                        .map(|s| {
                            (
                                $(responses::$id.eq(s.new_id.unwrap_or_default()),)?
                                responses::campaign_id.eq(s.campaign_id),
                                responses::participant_id.eq(s.participant_id),
                                responses::respondent_key.eq(&s.respondent_key),
                                responses::group_code.eq(&s.group_code),
                                responses::origin.eq(s.origin.as_str()),
                                responses::status.eq(s.status.as_str()),
                                responses::language.eq(&s.language),
                                responses::answers.eq(&s.answers),
                                responses::codes.eq(&s.codes),
                                responses::pending.eq(&s.pending),
                                responses::current_page.eq(s.page),
                                responses::created_at.eq(s.stamped),
                                responses::updated_at.eq(s.stamped),
                                responses::submitted_at.eq(s.submitted_at),
                                responses::version.eq(s.read_version + 1),
                            )
                        })
                        .collect::<Vec<_>>(),
                )
                .on_conflict(responses::respondent_key)
                .do_update()
                .set((
                    responses::group_code.eq(excluded(responses::group_code)),
                    responses::status.eq(excluded(responses::status)),
                    responses::language.eq(excluded(responses::language)),
                    responses::answers.eq(excluded(responses::answers)),
                    responses::codes.eq(excluded(responses::codes)),
                    responses::pending.eq(excluded(responses::pending)),
                    responses::current_page.eq(excluded(responses::current_page)),
                    responses::updated_at.eq(excluded(responses::updated_at)),
                    responses::submitted_at.eq(excluded(responses::submitted_at)),
                    responses::version.eq(excluded(responses::version)),
                ))
        };
    }
    match conn {
        AnyConnection::Sqlite(c) => {
            // SQLite has one writer at a time and this transaction holds the write lock: the
            // versions read now are the ones stored when the upsert runs, so they decide which
            // saves are written. (diesel has no `DO UPDATE … WHERE` on a multi-row SQLite insert.)
            use diesel::connection::SimpleConnection;
            c.batch_execute("UPDATE survey_versions SET id = id WHERE 0")?;
            let wanted: Vec<&str> = subs.iter().map(|s| s.respondent_key.as_str()).collect();
            let current: std::collections::HashMap<String, i64> = responses::table
                .filter(responses::respondent_key.eq_any(&wanted))
                .select((responses::respondent_key.assume_not_null(), responses::version))
                .load(c)?
                .into_iter()
                .collect();
            let winners: Vec<&Submission> = subs
                .iter()
                .copied()
                .filter(|s| current.get(&s.respondent_key).copied().unwrap_or(0) == s.read_version)
                .collect();
            let (own_ids, sequence): (Vec<&Submission>, Vec<&Submission>) =
                winners.iter().partition(|s| s.new_id.is_some());
            if !sequence.is_empty() {
                upsert!(sequence).execute(c)?;
            }
            if !own_ids.is_empty() {
                upsert!(own_ids, id).execute(c)?;
            }
            Ok(winners.iter().map(|s| s.respondent_key.clone()).collect())
        }
        AnyConnection::Postgresql(c) => {
            // Another server may write the same rows meanwhile: the statement compares the
            // versions itself (`DO UPDATE … WHERE`) and returns the rows it wrote.
            let check = || diesel::dsl::sql::<diesel::sql_types::Bool>("responses.version = excluded.version - 1");
            let (own_ids, sequence): (Vec<&Submission>, Vec<&Submission>) =
                subs.iter().partition(|s| s.new_id.is_some());
            let mut keys: Vec<Option<String>> = Vec::new();
            if !sequence.is_empty() {
                keys.extend(UpsertArrays::of(&sequence).get_results::<Option<String>>(c)?);
            }
            if !own_ids.is_empty() {
                let checked = diesel::query_dsl::methods::FilterDsl::filter(upsert!(own_ids, id), check());
                keys.extend(checked.returning(responses::respondent_key).get_results::<Option<String>>(c)?);
            }
            Ok(keys.into_iter().flatten().collect())
        }
    }
}

/// The upsert of responses numbered by the sequence, as PostgreSQL runs it for the group commit:
/// the batch's columns bound as arrays and turned into rows by `unnest`, so the statement's text
/// is the same whatever the batch's size and the server parses and plans it once per connection
/// (a prepared statement diesel keeps), not once per batch as a `VALUES` list of that many rows.
/// Same rows, same `DO UPDATE … WHERE` version check, same `RETURNING` as the `upsert!` above
/// (`tests/it/storage.rs` checks the outcome on both backends).
struct UpsertArrays<'a> {
    campaign_id: Vec<i64>,
    participant_id: Vec<Option<i64>>,
    respondent_key: Vec<&'a str>,
    group_code: Vec<&'a str>,
    origin: Vec<&'a str>,
    status: Vec<&'a str>,
    language: Vec<&'a str>,
    answers: Vec<&'a str>,
    codes: Vec<Option<&'a str>>,
    pending: Vec<Option<&'a str>>,
    current_page: Vec<i32>,
    stamped: Vec<NaiveDateTime>,
    submitted_at: Vec<Option<NaiveDateTime>>,
    version: Vec<i64>,
}

impl<'a> UpsertArrays<'a> {
    fn of(subs: &[&'a Submission]) -> Self {
        Self {
            campaign_id: subs.iter().map(|s| s.campaign_id).collect(),
            participant_id: subs.iter().map(|s| s.participant_id).collect(),
            respondent_key: subs.iter().map(|s| s.respondent_key.as_str()).collect(),
            group_code: subs.iter().map(|s| s.group_code.as_str()).collect(),
            origin: subs.iter().map(|s| s.origin.as_str()).collect(),
            status: subs.iter().map(|s| s.status.as_str()).collect(),
            language: subs.iter().map(|s| s.language.as_str()).collect(),
            answers: subs.iter().map(|s| s.answers.as_str()).collect(),
            codes: subs.iter().map(|s| s.codes.as_deref()).collect(),
            pending: subs.iter().map(|s| s.pending.as_deref()).collect(),
            current_page: subs.iter().map(|s| s.page).collect(),
            stamped: subs.iter().map(|s| s.stamped).collect(),
            submitted_at: subs.iter().map(|s| s.submitted_at).collect(),
            version: subs.iter().map(|s| s.read_version + 1).collect(),
        }
    }
}

/// One text for every batch: diesel caches the prepared statement under this type.
impl diesel::query_builder::QueryId for UpsertArrays<'_> {
    type QueryId = UpsertArrays<'static>;
    const HAS_STATIC_QUERY_ID: bool = true;
}

impl diesel::query_builder::Query for UpsertArrays<'_> {
    type SqlType = diesel::sql_types::Nullable<diesel::sql_types::Text>;
}

impl diesel::query_builder::QueryFragment<diesel::pg::Pg> for UpsertArrays<'_> {
    fn walk_ast<'b>(&'b self, mut out: diesel::query_builder::AstPass<'_, 'b, diesel::pg::Pg>) -> QueryResult<()> {
        use diesel::sql_types::{Array, BigInt, Integer, Nullable, Text, Timestamp};
        out.push_sql(
            "INSERT INTO responses (campaign_id, participant_id, respondent_key, group_code, origin, status, \
             language, answers, codes, pending, current_page, created_at, updated_at, submitted_at, version) \
             SELECT * FROM unnest(",
        );
        out.push_bind_param::<Array<BigInt>, _>(&self.campaign_id)?;
        out.push_sql(", ");
        out.push_bind_param::<Array<Nullable<BigInt>>, _>(&self.participant_id)?;
        for column in
            [&self.respondent_key, &self.group_code, &self.origin, &self.status, &self.language, &self.answers]
        {
            out.push_sql(", ");
            out.push_bind_param::<Array<Text>, _>(column)?;
        }
        for column in [&self.codes, &self.pending] {
            out.push_sql(", ");
            out.push_bind_param::<Array<Nullable<Text>>, _>(column)?;
        }
        out.push_sql(", ");
        out.push_bind_param::<Array<Integer>, _>(&self.current_page)?;
        // created_at and updated_at: both the stamped time.
        out.push_sql(", ");
        out.push_bind_param::<Array<Timestamp>, _>(&self.stamped)?;
        out.push_sql(", ");
        out.push_bind_param::<Array<Timestamp>, _>(&self.stamped)?;
        out.push_sql(", ");
        out.push_bind_param::<Array<Nullable<Timestamp>>, _>(&self.submitted_at)?;
        out.push_sql(", ");
        out.push_bind_param::<Array<BigInt>, _>(&self.version)?;
        out.push_sql(
            ") ON CONFLICT (respondent_key) DO UPDATE SET group_code = excluded.group_code, \
             status = excluded.status, language = excluded.language, answers = excluded.answers, \
             codes = excluded.codes, pending = excluded.pending, current_page = excluded.current_page, \
             updated_at = excluded.updated_at, submitted_at = excluded.submitted_at, version = excluded.version \
             WHERE responses.version = excluded.version - 1 RETURNING respondent_key",
        );
        Ok(())
    }
}

impl diesel::query_dsl::RunQueryDsl<diesel::PgConnection> for UpsertArrays<'_> {}
