//! The messages of a campaign, written out for one participant and ready to be queued: the
//! invitation, the reminder, the thank-you. Storing them (the invitation rows, the outbox) is
//! `service::mailing`'s.

use chrono::NaiveDateTime;

use super::templates::{self, MailKind, MailVars, Overrides};
use crate::campaign::Group;
use crate::db::campaigns::Campaign;
use crate::db::outbox;
use crate::db::participants::Participant;
use crate::token;

/// What a campaign's messages need beyond the participant.
pub struct CampaignMail {
    pub campaign: Campaign,
    pub groups: Vec<Group>,
    overrides: Option<Overrides>,
    /// Host part of Message-IDs.
    host: String,
}

impl CampaignMail {
    /// From the campaign's groups (fixed when it is created; `service::mailing::campaign_mail`
    /// reads them).
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
