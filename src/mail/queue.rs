//! Queueing mail: invitations for everyone not yet invited, reminders that are due. Each
//! invitation row and its outbox message are written in one transaction.

use chrono::NaiveDateTime;
use diesel::Connection;

use super::templates::{self, MailKind, MailVars, Overrides};
use crate::campaign::{CampaignState, Group};
use crate::db::campaigns::Campaign;
use crate::db::participants::Participant;
use crate::db::{self, AnyConnection, DbError, outbox};
use crate::token::{self, TokenKey};

/// What a campaign's messages need beyond the participant.
pub struct CampaignMail {
    pub campaign: Campaign,
    pub groups: Vec<Group>,
    overrides: Option<Overrides>,
    /// Host part of Message-IDs.
    host: String,
}

impl CampaignMail {
    pub fn load(conn: &mut AnyConnection, campaign: Campaign, base_url: &str) -> Result<Self, DbError> {
        let groups = db::campaigns::groups(conn, campaign.id)?;
        Ok(Self::new(campaign, groups, base_url))
    }

    /// From groups already at hand (a campaign's groups are fixed when it is created).
    pub fn new(campaign: Campaign, groups: Vec<Group>, base_url: &str) -> Self {
        let overrides = campaign.mail_overrides.as_deref().and_then(|o| serde_json::from_str(o).ok());
        let host =
            url::Url::parse(base_url).ok().and_then(|u| u.host_str().map(str::to_string)).unwrap_or("dra.local".into());
        Self { campaign, groups, overrides, host }
    }

    fn vars(&self, p: &Participant) -> MailVars {
        let group = self
            .groups
            .iter()
            .find(|g| g.code == p.group_code)
            .map(|g| g.labels.get(&p.language, &self.campaign.default_language).to_string())
            .unwrap_or_else(|| p.group_code.clone());
        MailVars {
            name: p.name.clone(),
            organisation: p.organisation.clone(),
            campaign: self.campaign.name_in(&p.language),
            group,
            close_date: self.campaign.closes_at.map(|t| format_close(t, &self.campaign.time_zone)),
        }
    }

    /// Writes one message for `p` to the outbox (inside the caller's transaction).
    fn enqueue(
        &self,
        conn: &mut AnyConnection,
        kind: MailKind,
        p: &Participant,
        now: NaiveDateTime,
    ) -> Result<(), DbError> {
        outbox::enqueue(conn, &self.compose(kind, p, now), now)
    }

    /// One message for `p`, ready to be queued. Its Message-ID starts with the time (`now`,
    /// milliseconds), so the outbox's index of Message-IDs grows at its end.
    pub fn compose(&self, kind: MailKind, p: &Participant, now: NaiveDateTime) -> outbox::NewMail {
        let m = templates::compose(kind, &p.language, &self.vars(p), self.overrides.as_ref());
        outbox::NewMail {
            campaign_id: Some(self.campaign.id),
            participant_id: Some(p.id),
            kind: kind.as_str(),
            recipient: p.email.clone(),
            subject: m.subject,
            body_text: m.text,
            body_html: Some(m.html),
            message_id: format!(
                "{:011x}.{}.{}@{}",
                now.and_utc().timestamp_millis().max(0),
                token::new_nonce(),
                kind.as_str(),
                self.host
            ),
        }
    }
}

/// A close date as the reader's campaign keeps time: `2026-12-31 23:59 (UTC-06:00)`.
pub fn format_close(t: NaiveDateTime, offset: &str) -> String {
    match crate::campaign::parse_offset(offset) {
        Ok(o) => {
            let local = t + chrono::Duration::seconds(i64::from(o.local_minus_utc()));
            format!("{} (UTC{})", local.format("%Y-%m-%d %H:%M"), o)
        }
        Err(_) => format!("{} UTC", t.format("%Y-%m-%d %H:%M")),
    }
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
    for chunk in people.chunks(200) {
        conn.transaction(|conn| {
            for p in chunk {
                let nonce = token::new_nonce();
                let hash = token::hash(&key.derive(&nonce));
                db::invitations::insert(conn, p.id, &hash, &nonce, cm.campaign.closes_at, now)?;
                cm.enqueue(conn, MailKind::Invitation, p, now)?;
            }
            Ok::<_, DbError>(())
        })?;
    }
    Ok(people.len())
}

/// Queues the invitation of one participant again: a new message with the same personal link
/// (derived from the invitation's nonce when it is sent).
pub fn resend(conn: &mut AnyConnection, cm: &CampaignMail, p: &Participant, now: NaiveDateTime) -> Result<(), DbError> {
    require_open(&cm.campaign)?;
    cm.enqueue(conn, MailKind::Invitation, p, now)
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
                cm.enqueue(conn, MailKind::Reminder, p, now)?;
                queued += 1;
            }
        }
        Ok::<_, DbError>(queued)
    })
}
