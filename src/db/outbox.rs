//! The mail outbox: messages are written here in the same transaction as what caused them, then
//! claimed by a worker with a status update (several `dra serve` instances can share one
//! database), sent, and marked one by one. A live worker renews its claims; a claim whose worker
//! died is released once its lease has run out.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::outbox;
use super::{AnyConnection, DbError};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = outbox)]
pub struct OutboxMail {
    pub id: i64,
    pub campaign_id: Option<i64>,
    pub participant_id: Option<i64>,
    pub kind: String,
    pub recipient: String,
    pub subject: String,
    pub body_text: String,
    pub body_html: Option<String>,
    pub message_id: String,
    pub status: String,
    pub attempts: i32,
    pub next_attempt_at: NaiveDateTime,
    pub claimed_by: Option<String>,
    pub claimed_at: Option<NaiveDateTime>,
    pub last_error: Option<String>,
    pub created_at: NaiveDateTime,
    pub sent_at: Option<NaiveDateTime>,
}

/// Statuses of an outbox message.
pub mod status {
    pub const PENDING: &str = "pending";
    pub const SENDING: &str = "sending";
    pub const SENT: &str = "sent";
    /// Refused for good by the receiving server (5xx).
    pub const BOUNCED: &str = "bounced";
    /// Gave up after too many transient failures.
    pub const FAILED: &str = "failed";
}

/// A message composed and waiting to be queued (it is written out before the transaction that
/// queues it, so the transaction only inserts).
#[derive(Debug, Clone)]
pub struct NewMail {
    pub campaign_id: Option<i64>,
    pub participant_id: Option<i64>,
    pub kind: &'static str,
    pub recipient: String,
    pub subject: String,
    pub body_text: String,
    pub body_html: Option<String>,
    /// Stable across retries, so a receiver can drop a duplicate.
    pub message_id: String,
}

/// Queues a message (call inside the transaction that caused it).
pub fn enqueue(conn: &mut AnyConnection, m: &NewMail, now: NaiveDateTime) -> Result<(), DbError> {
    enqueue_all(conn, &[m], now)
}

/// Queues messages with one statement (call inside the transaction that caused them).
pub fn enqueue_all(conn: &mut AnyConnection, mails: &[&NewMail], now: NaiveDateTime) -> Result<(), DbError> {
    if mails.is_empty() {
        return Ok(());
    }
    // Every column is given (no DEFAULT), so the rows go in one multi-row statement.
    let rows: Vec<_> = mails
        .iter()
        .map(|m| {
            (
                outbox::campaign_id.eq(m.campaign_id),
                outbox::participant_id.eq(m.participant_id),
                outbox::kind.eq(m.kind),
                outbox::recipient.eq(&m.recipient),
                outbox::subject.eq(&m.subject),
                outbox::body_text.eq(&m.body_text),
                outbox::body_html.eq(&m.body_html),
                outbox::message_id.eq(&m.message_id),
                outbox::status.eq(status::PENDING),
                outbox::attempts.eq(0),
                outbox::next_attempt_at.eq(now),
                outbox::created_at.eq(now),
            )
        })
        .collect();
    insert_rows!(conn, outbox::table, rows)?;
    Ok(())
}

/// A live worker's claims are its own still: their lease starts again now.
pub fn renew_claims(conn: &mut AnyConnection, worker: &str, now: NaiveDateTime) -> Result<usize, DbError> {
    Ok(diesel::update(outbox::table.filter(outbox::status.eq(status::SENDING)).filter(outbox::claimed_by.eq(worker)))
        .set(outbox::claimed_at.eq(now))
        .execute(conn)?)
}

/// Puts claims older than `lease_expired_before` back in the queue (their worker died).
pub fn release_stale(conn: &mut AnyConnection, lease_expired_before: NaiveDateTime) -> Result<usize, DbError> {
    Ok(diesel::update(
        outbox::table.filter(outbox::status.eq(status::SENDING)).filter(outbox::claimed_at.lt(lease_expired_before)),
    )
    .set((outbox::status.eq(status::PENDING), outbox::claimed_by.eq(None::<String>)))
    .execute(conn)?)
}

/// Claims up to `limit` due messages for `worker` and returns them. The claim is one UPDATE on a
/// `status = 'pending'` condition, so two workers never get the same message.
/// The ids of up to `limit` due messages, oldest first, outside `held` campaigns' invitations and
/// reminders. On PostgreSQL the rows are locked and rows another worker has locked are skipped
/// (`FOR UPDATE SKIP LOCKED`): workers of several instances take disjoint batches at once.
fn due_ids(conn: &mut AnyConnection, now: NaiveDateTime, limit: i64, held: &[i64]) -> Result<Vec<i64>, DbError> {
    use diesel::sql_types::{Array, BigInt, Text, Timestamp};
    let thank_you = crate::mail::templates::MailKind::ThankYou.as_str();
    match conn {
        AnyConnection::Postgresql(pg) => {
            #[derive(QueryableByName)]
            struct Due {
                #[diesel(sql_type = BigInt)]
                id: i64,
            }
            let rows: Vec<Due> = diesel::sql_query(
                "SELECT id FROM outbox WHERE status = $1 AND next_attempt_at <= $2 \
                 AND (cardinality($3::bigint[]) = 0 OR campaign_id IS NULL OR NOT (campaign_id = ANY($3)) OR kind = $4) \
                 ORDER BY id LIMIT $5 FOR UPDATE SKIP LOCKED",
            )
            .bind::<Text, _>(status::PENDING)
            .bind::<Timestamp, _>(now)
            .bind::<Array<BigInt>, _>(held.to_vec())
            .bind::<Text, _>(thank_you)
            .bind::<BigInt, _>(limit)
            .load(pg)?;
            Ok(rows.into_iter().map(|r| r.id).collect())
        }
        AnyConnection::Sqlite(_) => {
            let mut due = outbox::table
                .filter(outbox::status.eq(status::PENDING))
                .filter(outbox::next_attempt_at.le(now))
                .into_boxed();
            if !held.is_empty() {
                due = due.filter(
                    outbox::campaign_id
                        .is_null()
                        .or(outbox::campaign_id.ne_all(held.to_vec()))
                        .or(outbox::kind.eq(thank_you)),
                );
            }
            Ok(due.order(outbox::id).limit(limit).select(outbox::id).load(conn)?)
        }
    }
}

/// Invitations and reminders of the campaigns in `held` (outside their sending window) wait;
/// their thank-you messages do not.
pub fn claim(
    conn: &mut AnyConnection,
    worker: &str,
    now: NaiveDateTime,
    limit: i64,
    held: &[i64],
) -> Result<Vec<OutboxMail>, DbError> {
    super::write_tx(conn, |conn| {
        let due = due_ids(conn, now, limit, held)?;
        if due.is_empty() {
            return Ok(Vec::new());
        }
        diesel::update(outbox::table.filter(outbox::id.eq_any(&due)).filter(outbox::status.eq(status::PENDING)))
            .set((
                outbox::status.eq(status::SENDING),
                outbox::claimed_by.eq(worker),
                outbox::claimed_at.eq(now),
                outbox::attempts.eq(outbox::attempts + 1),
            ))
            .execute(conn)?;
        Ok(outbox::table
            .filter(outbox::id.eq_any(&due))
            .filter(outbox::status.eq(status::SENDING))
            .filter(outbox::claimed_by.eq(worker))
            .order(outbox::id)
            .select(OutboxMail::as_select())
            .load(conn)?)
    })
}

/// Delivered: marks the message and, for an invitation, the invitation as sent.
pub fn mark_sent(conn: &mut AnyConnection, mail: &OutboxMail, now: NaiveDateTime) -> Result<(), DbError> {
    conn.transaction(|conn| {
        diesel::update(outbox::table.find(mail.id))
            .set((
                outbox::status.eq(status::SENT),
                outbox::sent_at.eq(Some(now)),
                outbox::last_error.eq(None::<String>),
            ))
            .execute(conn)?;
        if mail.kind == "invitation"
            && let Some(pid) = mail.participant_id
        {
            super::invitations::mark_sent(conn, pid, now)?;
        }
        Ok(())
    })
}

/// A transient failure: back to the queue at `next_attempt_at`, or `failed` when out of attempts.
pub fn mark_retry(
    conn: &mut AnyConnection,
    id: i64,
    error: &str,
    next_attempt_at: Option<NaiveDateTime>,
) -> Result<(), DbError> {
    let (st, next) = match next_attempt_at {
        Some(t) => (status::PENDING, Some(t)),
        None => (status::FAILED, None),
    };
    let q = diesel::update(outbox::table.find(id));
    match next {
        Some(t) => q
            .set((
                outbox::status.eq(st),
                outbox::next_attempt_at.eq(t),
                outbox::claimed_by.eq(None::<String>),
                outbox::last_error.eq(Some(error)),
            ))
            .execute(conn)?,
        None => q.set((outbox::status.eq(st), outbox::last_error.eq(Some(error)))).execute(conn)?,
    };
    Ok(())
}

/// A permanent refusal: the message bounced, and so does the participant's address.
pub fn mark_bounced(
    conn: &mut AnyConnection,
    mail: &OutboxMail,
    error: &str,
    now: NaiveDateTime,
) -> Result<(), DbError> {
    conn.transaction(|conn| {
        diesel::update(outbox::table.find(mail.id))
            .set((outbox::status.eq(status::BOUNCED), outbox::last_error.eq(Some(error))))
            .execute(conn)?;
        if let Some(pid) = mail.participant_id {
            super::participants::mark_bounced(conn, pid, error, now)?;
        }
        Ok(())
    })
}

/// Count of messages by status (for `dra mail status` and tests).
pub fn counts(conn: &mut AnyConnection) -> Result<Vec<(String, i64)>, DbError> {
    Ok(outbox::table
        .group_by(outbox::status)
        .select((outbox::status, diesel::dsl::count_star()))
        .order(outbox::status)
        .load(conn)?)
}

/// Drops the still-queued messages of a participant (after an opt-out).
/// The messages of a participant still waiting to be sent go to `to` (their corrected address).
pub fn readdress_pending(conn: &mut AnyConnection, participant_id: i64, to: &str) -> Result<usize, DbError> {
    Ok(diesel::update(
        outbox::table.filter(outbox::participant_id.eq(participant_id)).filter(outbox::status.eq(status::PENDING)),
    )
    .set(outbox::recipient.eq(to))
    .execute(conn)?)
}

/// A campaign closed (or archived): its invitations and reminders still queued are not sent, as
/// they would ask for answers it no longer takes. Thank-you messages still go. Returns how many.
pub fn cancel_asking(conn: &mut AnyConnection, campaign_id: i64) -> Result<usize, DbError> {
    Ok(diesel::update(
        outbox::table
            .filter(outbox::campaign_id.eq(campaign_id))
            .filter(outbox::status.eq(status::PENDING))
            .filter(outbox::kind.eq_any(["invitation", "reminder"])),
    )
    .set((outbox::status.eq(status::FAILED), outbox::last_error.eq(Some("the campaign closed before it went out"))))
    .execute(conn)?)
}

pub fn cancel_for_participant(conn: &mut AnyConnection, participant_id: i64) -> Result<usize, DbError> {
    Ok(diesel::update(
        outbox::table.filter(outbox::participant_id.eq(participant_id)).filter(outbox::status.eq(status::PENDING)),
    )
    .set((outbox::status.eq(status::FAILED), outbox::last_error.eq(Some("opted out"))))
    .execute(conn)?)
}
