//! Queueing a campaign's mail: invitations for everyone not yet invited, a resent invitation,
//! the reminders that are due, the thank-yous owed to submissions. Each invitation row and its
//! outbox message are written in one transaction; the messages themselves are written out by
//! `mail::queue::CampaignMail`.

use chrono::NaiveDateTime;

use crate::campaign::CampaignState;
use crate::db::campaigns::Campaign;
use crate::db::participants::Participant;
use crate::db::{self, AnyConnection, DbError, outbox};
use crate::mail::queue::CampaignMail;
use crate::mail::templates::MailKind;
use crate::token::{self, TokenKey};

/// The messages of `campaign`, with its groups read.
pub fn campaign_mail(conn: &mut AnyConnection, campaign: Campaign, base_url: &str) -> Result<CampaignMail, DbError> {
    let groups = db::campaigns::groups(conn, campaign.id)?;
    Ok(CampaignMail::new(campaign, groups, base_url))
}

/// Writes one message for `p` to the outbox (inside the caller's transaction).
fn enqueue(
    conn: &mut AnyConnection,
    cm: &CampaignMail,
    kind: MailKind,
    p: &Participant,
    now: NaiveDateTime,
) -> Result<(), DbError> {
    outbox::enqueue(conn, &cm.compose(kind, p, now), now)
}

fn require_open(c: &Campaign) -> Result<(), DbError> {
    if c.state() != CampaignState::Open {
        return Err(DbError::Conflict(format!(
            "campaign \"{}\" is {}: open it first (dra campaign open {})",
            c.slug,
            c.state().as_str(),
            c.slug
        )));
    }
    Ok(())
}

/// Creates an invitation and queues its mail for every participant not yet invited (skipping
/// opted-out and bouncing addresses). Returns how many were queued.
pub fn invitations(
    conn: &mut AnyConnection,
    cm: &CampaignMail,
    key: &TokenKey,
    now: NaiveDateTime,
) -> Result<usize, DbError> {
    require_open(&cm.campaign)?;
    let people = db::invitations::uninvited(conn, cm.campaign.id)?;
    // A chunk's invitations and mails are two multi-row inserts, in one transaction.
    for chunk in people.chunks(200) {
        let links: Vec<(i64, String, String)> = chunk
            .iter()
            .map(|p| {
                let nonce = token::new_nonce();
                (p.id, token::hash(&key.derive(&nonce)), nonce)
            })
            .collect();
        let mails: Vec<outbox::NewMail> = chunk.iter().map(|p| cm.compose(MailKind::Invitation, p, now)).collect();
        db::write_tx(conn, |conn| {
            db::invitations::insert_all(conn, &links, cm.campaign.closes_at, now)?;
            outbox::enqueue_all(conn, &mails.iter().collect::<Vec<_>>(), now)
        })?;
    }
    Ok(people.len())
}

/// Queues the invitation of one participant again: a new message with the same personal link
/// (derived from the invitation's nonce when it is sent).
pub fn resend(conn: &mut AnyConnection, cm: &CampaignMail, p: &Participant, now: NaiveDateTime) -> Result<(), DbError> {
    require_open(&cm.campaign)?;
    enqueue(conn, cm, MailKind::Invitation, p, now)
}

/// Queues the reminders that are due at `now` under the campaign's policy.
pub fn reminders(conn: &mut AnyConnection, cm: &CampaignMail, now: NaiveDateTime) -> Result<usize, DbError> {
    require_open(&cm.campaign)?;
    let (Some(every), max) = (cm.campaign.reminder_every_days, cm.campaign.reminder_max) else { return Ok(0) };
    if max <= 0 || every <= 0 || !cm.campaign.accepts_at(now) {
        return Ok(0);
    }
    let due = db::invitations::due_reminders(conn, cm.campaign.id, every, max, now)?;
    // Each reminder is claimed on its invitation (a compare-and-set on the count sent) in the
    // transaction that queues it: a worker of another instance that read the same due list
    // queues none of those this one claimed.
    db::write_tx(conn, |conn| {
        let mut queued = 0;
        for (inv, p) in &due {
            if db::invitations::claim_reminder(conn, inv, now)? {
                enqueue(conn, cm, MailKind::Reminder, p, now)?;
                queued += 1;
            }
        }
        Ok::<_, DbError>(queued)
    })
}

/// Thank-yous taken and queued per transaction.
const THANKS_BATCH: i64 = 200;

/// Queues the thank-you of every first submission recorded since the last call (`db::thanks`):
/// each batch's messages are composed, then queued in the transaction that takes their rows, so
/// each is queued once whatever fails or runs beside it. Returns how many were queued. A
/// thank-you is sent whether or not the campaign is open still, and whatever its sending window
/// (the respondent has just answered).
pub fn thanks(conn: &mut AnyConnection, base_url: &str, now: NaiveDateTime) -> Result<usize, DbError> {
    let mut campaigns: std::collections::HashMap<i64, CampaignMail> = std::collections::HashMap::new();
    let mut queued = 0;
    loop {
        // Rows taken (a full batch: there may be more) and messages queued for them.
        let (rows, mails) = db::write_tx(conn, |conn| {
            let (rows, people) = db::thanks::take(conn, THANKS_BATCH)?;
            let mut mails = Vec::with_capacity(people.len());
            for p in &people {
                let cm = match campaigns.entry(p.campaign_id) {
                    std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
                    std::collections::hash_map::Entry::Vacant(e) => {
                        let Some(campaign) = db::campaigns::by_id(conn, p.campaign_id)? else { continue };
                        e.insert(campaign_mail(conn, campaign, base_url)?)
                    }
                };
                mails.push(cm.compose(MailKind::ThankYou, p, now));
            }
            outbox::enqueue_all(conn, &mails.iter().collect::<Vec<_>>(), now)?;
            Ok((rows, mails.len()))
        })?;
        queued += mails;
        if rows < usize::try_from(THANKS_BATCH).unwrap_or(usize::MAX) {
            return Ok(queued);
        }
    }
}
