//! Fieldwork: who is asked and how far they got. Participants imported from CSV (checked against
//! the campaign's groups and languages, all rows or none), invitations and reminders queued for
//! the mail worker, progress per participant and per group. The command line, the console and
//! the API show the same figures from here; every change is audit-logged under its actor.

use chrono::NaiveDateTime;

use super::mailing;
use super::{Actor, DomainError};
use crate::analysis::Origin;
use crate::campaign::participants_csv::{self, Checked};
use crate::campaign::{CampaignState, Group};
use crate::db::{self, AnyConnection};
use crate::token::TokenKey;

pub use crate::db::campaigns::Campaign;
pub use crate::db::invitations::{GroupStatus, Invitation};
pub use crate::db::participants::{ImportSummary, Participant};

/// A campaign by its slug, or what to type to find one.
pub fn campaign(conn: &mut AnyConnection, slug: &str) -> Result<Campaign, DomainError> {
    db::campaigns::by_slug(conn, slug)?
        .ok_or_else(|| DomainError::NotFound(format!("no campaign \"{slug}\" (see dra campaign list)")))
}

/// Every campaign, newest first.
pub fn campaigns(conn: &mut AnyConnection) -> Result<Vec<Campaign>, DomainError> {
    Ok(db::campaigns::list(conn)?)
}

/// A campaign's fieldwork: the counts of each group, in the campaign's order (then any group
/// only participants name), and their total.
#[derive(Debug, Clone)]
pub struct Fieldwork {
    pub campaign: Campaign,
    /// The campaign's stakeholder groups with their labels, as defined (read once here, so a
    /// page naming the groups does not read them again).
    pub stakeholder_groups: Vec<Group>,
    pub groups: Vec<GroupStatus>,
    pub total: GroupStatus,
}

/// The fieldwork of the campaign `slug`.
pub fn status(conn: &mut AnyConnection, slug: &str) -> Result<Fieldwork, DomainError> {
    let c = campaign(conn, slug)?;
    status_of(conn, c)
}

/// The fieldwork of a campaign at hand.
pub fn status_of(conn: &mut AnyConnection, campaign: Campaign) -> Result<Fieldwork, DomainError> {
    let stakeholder_groups = db::campaigns::groups(conn, campaign.id)?;
    let codes: Vec<String> = stakeholder_groups.iter().map(|g| g.code.clone()).collect();
    let mut groups = db::invitations::status(conn, campaign.id, &codes)?;
    // Excluded responses through personal links, apart (`service::review`): the participant
    // submitted, the response does not count.
    for (group, origin, n) in db::review::excluded_counts(conn, campaign.id)? {
        if let Some(g) = groups.iter_mut().find(|g| g.group == group).filter(|_| origin == Origin::Link) {
            g.excluded += n;
        }
    }
    let mut total = GroupStatus { group: "total".into(), ..Default::default() };
    for r in &groups {
        total.participants += r.participants;
        total.invited += r.invited;
        total.bounced += r.bounced;
        total.opted_out += r.opted_out;
        total.opened += r.opened;
        total.started += r.started;
        total.submitted += r.submitted;
        total.excluded += r.excluded;
    }
    Ok(Fieldwork { campaign, stakeholder_groups, groups, total })
}

/// How far a participant got.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    NotInvited,
    /// Invitation queued, not sent yet.
    Queued,
    Invited,
    Opened,
    Started,
    Submitted,
}

impl Progress {
    pub fn as_str(self) -> &'static str {
        match self {
            Progress::NotInvited => "not invited",
            Progress::Queued => "queued",
            Progress::Invited => "invited",
            Progress::Opened => "opened",
            Progress::Started => "started",
            Progress::Submitted => "submitted",
        }
    }

    fn of(i: Option<&Invitation>) -> Self {
        match i {
            None => Progress::NotInvited,
            Some(i) if i.submitted_at.is_some() => Progress::Submitted,
            Some(i) if i.started_at.is_some() => Progress::Started,
            Some(i) if i.opened_at.is_some() => Progress::Opened,
            Some(i) if i.sent_at.is_some() => Progress::Invited,
            Some(_) => Progress::Queued,
        }
    }
}

/// A participant, their invitation (if any) and how far they got.
#[derive(Debug, Clone)]
pub struct Standing {
    pub participant: Participant,
    pub invitation: Option<Invitation>,
    pub progress: Progress,
}

/// The participants of the campaign `slug`, in the order they were added, each with how far they
/// got.
pub fn participants(conn: &mut AnyConnection, slug: &str) -> Result<Vec<Standing>, DomainError> {
    let c = campaign(conn, slug)?;
    Ok(db::participants::with_progress(conn, c.id)?
        .into_iter()
        .map(|(participant, invitation)| {
            let progress = Progress::of(invitation.as_ref());
            Standing { participant, invitation, progress }
        })
        .collect())
}

/// Adds or updates (same e-mail, same participant) the participants of a CSV, all in one
/// transaction, audit-logged. What the file said wrong comes back in the first part.
pub fn import_participants(
    conn: &mut AnyConnection,
    slug: &str,
    input: impl std::io::Read,
    actor: &Actor,
    now: NaiveDateTime,
) -> Result<(Checked, ImportSummary), DomainError> {
    campaign(conn, slug)?;
    Ok(db::participants::import_csv(conn, slug, input, &actor.name, actor.ip.as_deref(), now)?)
}

/// Which messages to queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mailing {
    /// To every participant not invited yet.
    Invitations,
    /// To every participant who has not submitted and whose reminder is due.
    Reminders,
}

/// Queues a campaign's invitations or due reminders for the mail worker (an open campaign
/// only); returns how many were queued. Audit-logged.
pub fn queue_mail(
    conn: &mut AnyConnection,
    slug: &str,
    mailing: Mailing,
    base_url: &str,
    key: &TokenKey,
    actor: &Actor,
    now: NaiveDateTime,
) -> Result<usize, DomainError> {
    let c = campaign(conn, slug)?;
    if c.state() != CampaignState::Open {
        return Err(DomainError::Conflict(format!(
            "campaign \"{slug}\" is {}: open it first (dra campaign open {slug})",
            c.state().as_str()
        )));
    }
    let cm = mailing::campaign_mail(conn, c, base_url)?;
    let (n, what) = match mailing {
        Mailing::Invitations => (mailing::invitations(conn, &cm, key, now)?, "invitations queued"),
        Mailing::Reminders => (mailing::reminders(conn, &cm, now)?, "reminders queued"),
    };
    db::users::audit(conn, &actor.name, what, Some(&format!("{slug} ({n})")), actor.ip.as_deref(), now)?;
    Ok(n)
}

/// Messages in the outbox, by status, and the thank-yous owed (`owed`) not yet queued.
pub fn outbox(conn: &mut AnyConnection) -> Result<Vec<(String, i64)>, DomainError> {
    let mut counts = db::outbox::counts(conn)?;
    // Thank-yous owed to submissions and not yet composed (the worker's next pass queues them).
    let owed = db::thanks::owed(conn)?;
    if owed > 0 {
        counts.push(("owed".into(), owed));
    }
    Ok(counts)
}

/// A participant of the campaign `slug` by address, with how far they got.
pub fn participant(conn: &mut AnyConnection, slug: &str, email: &str) -> Result<Standing, DomainError> {
    let c = campaign(conn, slug)?;
    let (participant, _) = find(conn, &c, email)?;
    let invitation = db::invitations::of_participant(conn, participant.id)?;
    let progress = Progress::of(invitation.as_ref());
    Ok(Standing { participant, invitation, progress })
}

/// The participant of campaign `c` with address `email` (as typed: it is normalised), and that
/// normalised address.
fn find(conn: &mut AnyConnection, c: &Campaign, email: &str) -> Result<(Participant, String), DomainError> {
    let normal = participants_csv::normalise_email(email)
        .ok_or_else(|| DomainError::invalid("email", format!("\"{email}\" is not an email address")))?;
    let p = db::participants::by_email(conn, c.id, &normal)?.ok_or_else(|| {
        DomainError::NotFound(format!("no participant {normal} in \"{}\" (dra participants list)", c.slug))
    })?;
    Ok((p, normal))
}

/// What to change of a participant: `None` keeps a value; an empty name or organisation clears
/// it.
#[derive(Debug, Clone, Default)]
pub struct ParticipantChange {
    pub email: Option<String>,
    pub name: Option<String>,
    pub organisation: Option<String>,
    pub group: Option<String>,
    pub language: Option<String>,
}

/// Corrects a participant (an address, a name, a group, a language) under the same rules as the
/// import. Their personal link keeps working; mail still waiting goes to the corrected address.
/// A group is not changed once they started answering (their answers are kept under the group
/// they answered in). Audit-logged without the address.
pub fn update_participant(
    conn: &mut AnyConnection,
    slug: &str,
    email: &str,
    change: &ParticipantChange,
    actor: &Actor,
    now: NaiveDateTime,
) -> Result<Participant, DomainError> {
    let c = campaign(conn, slug)?;
    let groups: Vec<String> = db::campaigns::groups(conn, c.id)?.into_iter().map(|g| g.code).collect();
    let languages = c.languages();
    let text = |field: &'static str, v: &Option<String>, old: &Option<String>| -> Result<Option<String>, DomainError> {
        let Some(v) = v else { return Ok(old.clone()) };
        let v = v.trim();
        if v.chars().count() > participants_csv::MAX_FIELD_CHARS || v.chars().any(char::is_control) {
            return Err(DomainError::invalid(
                field,
                format!("use at most {} characters, no control characters", participants_csv::MAX_FIELD_CHARS),
            ));
        }
        Ok((!v.is_empty()).then(|| v.to_string()))
    };
    db::write_tx_as(conn, |conn| {
        let (p, _) = find(conn, &c, email)?;
        let new_email = match &change.email {
            Some(e) => participants_csv::normalise_email(e)
                .ok_or_else(|| DomainError::invalid("email", format!("\"{e}\" is not an email address")))?,
            None => p.email.clone(),
        };
        if new_email != p.email && db::participants::by_email(conn, c.id, &new_email)?.is_some() {
            return Err(DomainError::Conflict(format!("{new_email} is already a participant of \"{slug}\"")));
        }
        let group = change.group.clone().unwrap_or_else(|| p.group_code.clone());
        if !groups.contains(&group) {
            return Err(DomainError::invalid(
                "group",
                format!("unknown group \"{group}\" (the campaign has: {})", groups.join(", ")),
            ));
        }
        let started = db::invitations::of_participant(conn, p.id)?.is_some_and(|i| i.started_at.is_some());
        if group != p.group_code && started {
            return Err(DomainError::Conflict(format!(
                "they started answering as {}: their group stays (their answers are kept under it)",
                p.group_code
            )));
        }
        let language = change.language.clone().map(|l| l.to_lowercase()).unwrap_or_else(|| p.language.clone());
        if !languages.contains(&language) {
            return Err(DomainError::invalid(
                "language",
                format!("unknown language \"{language}\" (the campaign has: {})", languages.join(", ")),
            ));
        }
        let correction = db::participants::Correction {
            email: new_email,
            name: text("name", &change.name, &p.name)?,
            organisation: text("organisation", &change.organisation, &p.organisation)?,
            group,
            language,
        };
        db::participants::correct(conn, &p, &correction, now)?;
        let what = format!("{slug} #{}", p.id);
        db::users::audit(conn, &actor.name, "participant corrected", Some(&what), actor.ip.as_deref(), now)?;
        db::participants::by_id(conn, p.id)?
            .ok_or_else(|| DomainError::Internal("the corrected participant vanished".into()))
    })
}

/// Queues a participant's invitation again: a new message with the same personal link. Only for
/// an open campaign, a participant already invited who has not submitted and has not opted out.
/// Audit-logged without the address.
pub fn resend(
    conn: &mut AnyConnection,
    slug: &str,
    email: &str,
    base_url: &str,
    actor: &Actor,
    now: NaiveDateTime,
) -> Result<(), DomainError> {
    let c = campaign(conn, slug)?;
    if c.state() != CampaignState::Open {
        return Err(DomainError::Conflict(format!(
            "campaign \"{slug}\" is {}: open it first (dra campaign open {slug})",
            c.state().as_str()
        )));
    }
    let (p, normal) = find(conn, &c, email)?;
    match db::invitations::of_participant(conn, p.id)? {
        None => {
            return Err(DomainError::Conflict(format!(
                "{normal} is not invited yet: dra invitations send --campaign {slug}"
            )));
        }
        Some(i) if i.submitted_at.is_some() => {
            return Err(DomainError::Conflict(format!("{normal} has already answered")));
        }
        Some(_) => {}
    }
    if db::participants::is_opted_out(conn, &p.email)? {
        return Err(DomainError::Conflict(format!("{normal} opted out: no mail goes to them")));
    }
    let id = p.id;
    let cm = mailing::campaign_mail(conn, c, base_url)?;
    db::write_tx_as(conn, |conn| {
        mailing::resend(conn, &cm, &p, now)?;
        db::users::audit(
            conn,
            &actor.name,
            "invitation resent",
            Some(&format!("{slug} #{id}")),
            actor.ip.as_deref(),
            now,
        )?;
        Ok(())
    })
}

/// Which participants to list.
#[derive(Debug, Clone, Default)]
pub struct ParticipantFilter {
    /// Part of the address, name or organisation (any case).
    pub text: Option<String>,
    pub group: Option<String>,
    /// A progress (`Progress::as_str`), or `bounced`.
    pub status: Option<String>,
}

impl ParticipantFilter {
    fn keeps(&self, s: &Standing) -> bool {
        let p = &s.participant;
        let text = self.text.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(str::to_lowercase);
        let text_ok = text.is_none_or(|t| {
            [Some(&p.email), p.name.as_ref(), p.organisation.as_ref()]
                .into_iter()
                .flatten()
                .any(|v| v.to_lowercase().contains(&t))
        });
        let group_ok = self.group.as_deref().filter(|g| !g.is_empty()).is_none_or(|g| p.group_code == g);
        let status_ok = match self.status.as_deref().filter(|s| !s.is_empty()) {
            None => true,
            Some("bounced") => p.bounced_at.is_some(),
            Some(st) => s.progress.as_str() == st,
        };
        text_ok && group_ok && status_ok
    }
}

/// One page of a campaign's participants.
#[derive(Debug, Clone)]
pub struct ParticipantPage {
    pub rows: Vec<Standing>,
    /// How many match the filter, on every page.
    pub matching: usize,
    /// How many the campaign has.
    pub total: usize,
    /// The page shown (1-based) and how many there are.
    pub page: usize,
    pub pages: usize,
}

/// The participants of `slug` that `filter` keeps, `per_page` to a page (`page` is 1-based,
/// clamped to the pages there are).
pub fn participant_page(
    conn: &mut AnyConnection,
    slug: &str,
    filter: &ParticipantFilter,
    page: usize,
    per_page: usize,
) -> Result<ParticipantPage, DomainError> {
    let all = participants(conn, slug)?;
    let total = all.len();
    let kept: Vec<Standing> = all.into_iter().filter(|s| filter.keeps(s)).collect();
    let matching = kept.len();
    let per_page = per_page.max(1);
    let pages = matching.div_ceil(per_page).max(1);
    let page = page.clamp(1, pages);
    let rows = kept.into_iter().skip((page - 1) * per_page).take(per_page).collect();
    Ok(ParticipantPage { rows, matching, total, page, pages })
}

/// The statuses a participant list can be filtered by.
pub const STATUSES: [&str; 7] = ["not invited", "queued", "invited", "opened", "started", "submitted", "bounced"];
