//! Invitations: one per participant, holding the token's nonce and hash and the participant's
//! progress (sent, opened, started, submitted, reminders), which `status` counts per group.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{invitations, opt_outs, participants};
use super::{AnyConnection, DbError};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = invitations)]
pub struct Invitation {
    pub id: i64,
    pub participant_id: i64,
    pub token_hash: String,
    pub token_nonce: String,
    pub created_at: NaiveDateTime,
    pub expires_at: Option<NaiveDateTime>,
    pub sent_at: Option<NaiveDateTime>,
    pub opened_at: Option<NaiveDateTime>,
    pub started_at: Option<NaiveDateTime>,
    pub submitted_at: Option<NaiveDateTime>,
    pub reminders_sent: i32,
    pub last_reminded_at: Option<NaiveDateTime>,
}

/// One invitation (the demo's, a test's); a list is sent with [`insert_all`].
pub fn insert(
    conn: &mut AnyConnection,
    participant_id: i64,
    token_hash: &str,
    nonce: &str,
    expires_at: Option<NaiveDateTime>,
    now: NaiveDateTime,
) -> Result<(), DbError> {
    insert_all(conn, &[(participant_id, token_hash.to_string(), nonce.to_string())], expires_at, now)
}

/// Invitations for several participants (id, token hash, nonce) in one multi-row statement.
pub fn insert_all(
    conn: &mut AnyConnection,
    links: &[(i64, String, String)],
    expires_at: Option<NaiveDateTime>,
    now: NaiveDateTime,
) -> Result<(), DbError> {
    if links.is_empty() {
        return Ok(());
    }
    let rows: Vec<_> = links
        .iter()
        .map(|(participant_id, hash, nonce)| {
            (
                invitations::participant_id.eq(*participant_id),
                invitations::token_hash.eq(hash),
                invitations::token_nonce.eq(nonce),
                invitations::created_at.eq(now),
                invitations::expires_at.eq(expires_at),
                invitations::reminders_sent.eq(0),
            )
        })
        .collect();
    insert_rows!(conn, invitations::table, rows)?;
    Ok(())
}

pub fn of_participant(conn: &mut AnyConnection, participant_id: i64) -> Result<Option<Invitation>, DbError> {
    Ok(invitations::table
        .filter(invitations::participant_id.eq(participant_id))
        .select(Invitation::as_select())
        .first(conn)
        .optional()?)
}

/// An invitation by its id, with its participant.
pub fn by_id(
    conn: &mut AnyConnection,
    id: i64,
) -> Result<Option<(Invitation, super::participants::Participant)>, DbError> {
    Ok(invitations::table
        .inner_join(participants::table)
        .filter(invitations::id.eq(id))
        .select((Invitation::as_select(), super::participants::Participant::as_select()))
        .first(conn)
        .optional()?)
}

/// The invitation a token opens, with its participant.
pub fn by_token_hash(
    conn: &mut AnyConnection,
    hash: &str,
) -> Result<Option<(Invitation, super::participants::Participant)>, DbError> {
    Ok(invitations::table
        .inner_join(participants::table)
        .filter(invitations::token_hash.eq(hash))
        .select((Invitation::as_select(), super::participants::Participant::as_select()))
        .first(conn)
        .optional()?)
}

/// What a personal link's questionnaire request needs, read in one query: the invitation of
/// the token's hash, its participant and campaign, and the response saved under `response_key`.
pub type LinkRequest = (
    Invitation,
    super::participants::Participant,
    super::campaigns::Campaign,
    Option<super::responses::StoredResponse>,
);

pub fn for_response(conn: &mut AnyConnection, hash: &str, response_key: &str) -> Result<Option<LinkRequest>, DbError> {
    use super::schema::{campaigns, responses};
    // The selection names its backend: the query is written out once per arm.
    macro_rules! query {
        () => {
            invitations::table
                .inner_join(participants::table.inner_join(campaigns::table))
                .left_join(responses::table.on(responses::respondent_key.eq(response_key)))
                .filter(invitations::token_hash.eq(hash))
                .select((
                    Invitation::as_select(),
                    super::participants::Participant::as_select(),
                    super::campaigns::Campaign::as_select(),
                    Option::<super::responses::StoredResponse>::as_select(),
                ))
        };
    }
    // Run on the backend's own connection: its prepared statement is cached by the query's type
    // (through the multi-backend connection the SQL is written out for every request).
    Ok(match conn {
        AnyConnection::Sqlite(c) => query!().first(c).optional()?,
        AnyConnection::Postgresql(c) => query!().first(c).optional()?,
    })
}

pub fn mark_sent(conn: &mut AnyConnection, participant_id: i64, now: NaiveDateTime) -> Result<(), DbError> {
    diesel::update(
        invitations::table
            .filter(invitations::participant_id.eq(participant_id))
            .filter(invitations::sent_at.is_null()),
    )
    .set(invitations::sent_at.eq(Some(now)))
    .execute(conn)?;
    Ok(())
}

/// Records the first opening of the personal link.
pub fn mark_opened(conn: &mut AnyConnection, id: i64, now: NaiveDateTime) -> Result<(), DbError> {
    diesel::update(invitations::table.find(id).filter(invitations::opened_at.is_null()))
        .set(invitations::opened_at.eq(Some(now)))
        .execute(conn)?;
    Ok(())
}

/// Every personal link of the campaign expires now (the campaign closed).
pub fn expire_for_campaign(conn: &mut AnyConnection, campaign_id: i64, now: NaiveDateTime) -> Result<(), DbError> {
    let ids = participants::table.filter(participants::campaign_id.eq(campaign_id)).select(participants::id);
    diesel::update(
        invitations::table
            .filter(invitations::participant_id.eq_any(ids))
            .filter(invitations::expires_at.is_null().or(invitations::expires_at.gt(now))),
    )
    .set(invitations::expires_at.eq(Some(now)))
    .execute(conn)?;
    Ok(())
}

/// Participants of a campaign who have no invitation yet, are not opted out and do not bounce.
pub fn uninvited(conn: &mut AnyConnection, campaign_id: i64) -> Result<Vec<super::participants::Participant>, DbError> {
    let invited = invitations::table.select(invitations::participant_id);
    let opted = opt_outs::table.select(opt_outs::email);
    Ok(participants::table
        .filter(participants::campaign_id.eq(campaign_id))
        .filter(participants::id.ne_all(invited))
        .filter(participants::email.ne_all(opted))
        .filter(participants::bounced_at.is_null())
        .order(participants::id)
        .select(super::participants::Participant::as_select())
        .load(conn)?)
}

/// Invitations due a reminder at `now`: sent, not submitted, not opted out, not bounced, fewer
/// than `max` reminders so far, and the last mail at least `every_days` ago.
pub fn due_reminders(
    conn: &mut AnyConnection,
    campaign_id: i64,
    every_days: i32,
    max: i32,
    now: NaiveDateTime,
) -> Result<Vec<(Invitation, super::participants::Participant)>, DbError> {
    let cutoff = now - chrono::Duration::days(i64::from(every_days));
    let opted = opt_outs::table.select(opt_outs::email);
    let rows: Vec<(Invitation, super::participants::Participant)> = invitations::table
        .inner_join(participants::table)
        .filter(participants::campaign_id.eq(campaign_id))
        .filter(participants::bounced_at.is_null())
        .filter(participants::email.ne_all(opted))
        .filter(invitations::sent_at.is_not_null())
        .filter(invitations::submitted_at.is_null())
        .filter(invitations::reminders_sent.lt(max))
        .filter(invitations::expires_at.is_null().or(invitations::expires_at.gt(now)))
        .order(invitations::id)
        .select((Invitation::as_select(), super::participants::Participant::as_select()))
        .load(conn)?;
    Ok(rows.into_iter().filter(|(i, _)| i.last_reminded_at.or(i.sent_at).is_some_and(|t| t <= cutoff)).collect())
}

/// A campaign's close date moved from `old` to `new`: the personal links that expired with it
/// (not yet submitted, expiring at `old`) expire at `new`. Returns how many moved.
pub fn move_expiry(
    conn: &mut AnyConnection,
    campaign_id: i64,
    old: Option<NaiveDateTime>,
    new: Option<NaiveDateTime>,
) -> Result<usize, DbError> {
    let of_campaign = participants::table.filter(participants::campaign_id.eq(campaign_id)).select(participants::id);
    let mut q = diesel::update(invitations::table)
        .filter(invitations::participant_id.eq_any(of_campaign))
        .filter(invitations::submitted_at.is_null())
        .into_boxed();
    q = match old {
        Some(t) => q.filter(invitations::expires_at.eq(t)),
        None => q.filter(invitations::expires_at.is_null()),
    };
    Ok(q.set(invitations::expires_at.eq(new)).execute(conn)?)
}

/// Records a reminder for `inv` if no other worker recorded one since it was read (several
/// instances schedule reminders on one database): whether this caller is the one to send it.
pub fn claim_reminder(conn: &mut AnyConnection, inv: &Invitation, now: NaiveDateTime) -> Result<bool, DbError> {
    let n = diesel::update(invitations::table.find(inv.id).filter(invitations::reminders_sent.eq(inv.reminders_sent)))
        .set((
            invitations::reminders_sent.eq(invitations::reminders_sent + 1),
            invitations::last_reminded_at.eq(Some(now)),
        ))
        .execute(conn)?;
    Ok(n == 1)
}

/// Per-group progress of a campaign.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct GroupStatus {
    pub group: String,
    pub participants: i64,
    pub invited: i64,
    pub bounced: i64,
    pub opted_out: i64,
    pub opened: i64,
    pub started: i64,
    /// Who submitted, their response excluded by the coordinators or not (no reminder goes to
    /// them either way).
    pub submitted: i64,
    /// Of those, whose response the coordinators excluded: not a usable response.
    pub excluded: i64,
}

impl GroupStatus {
    /// Usable responses (submitted, not excluded) ÷ invited, when anyone was invited.
    pub fn response_rate(&self) -> Option<f64> {
        (self.invited > 0).then(|| (self.submitted - self.excluded).max(0) as f64 / self.invited as f64)
    }
}

/// Counts per group, in the campaign's group order, plus groups that only participants name.
pub fn status(conn: &mut AnyConnection, campaign_id: i64, groups: &[String]) -> Result<Vec<GroupStatus>, DbError> {
    let rows: Vec<(String, String, Option<NaiveDateTime>, Option<Invitation>)> = participants::table
        .left_join(invitations::table)
        .filter(participants::campaign_id.eq(campaign_id))
        .select((
            participants::group_code,
            participants::email,
            participants::bounced_at,
            Option::<Invitation>::as_select(),
        ))
        .load(conn)?;
    let opted: std::collections::HashSet<String> =
        opt_outs::table.select(opt_outs::email).load(conn)?.into_iter().collect();
    let mut out: Vec<GroupStatus> =
        groups.iter().map(|g| GroupStatus { group: g.clone(), ..GroupStatus::default() }).collect();
    for (group, email, bounced, inv) in rows {
        let idx = match out.iter().position(|s| s.group == group) {
            Some(i) => i,
            None => {
                out.push(GroupStatus { group: group.clone(), ..GroupStatus::default() });
                out.len() - 1
            }
        };
        let Some(s) = out.get_mut(idx) else { continue };
        s.participants += 1;
        s.bounced += i64::from(bounced.is_some());
        s.opted_out += i64::from(opted.contains(&email));
        if let Some(i) = inv {
            s.invited += i64::from(i.sent_at.is_some());
            s.opened += i64::from(i.opened_at.is_some());
            s.started += i64::from(i.started_at.is_some());
            s.submitted += i64::from(i.submitted_at.is_some());
        }
    }
    Ok(out)
}
