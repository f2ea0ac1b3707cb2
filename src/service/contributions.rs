//! Open contributions, as the domain rules them: a campaign's coordinators open it to
//! contributions on their topics; anyone with its public link (or a personal link) sends one;
//! moderators screen each (publish, publish with personal data hidden, or reject with a reason)
//! and answer each published one; the contributor who left an address gets exactly one message
//! when it is answered (through the outbox, in the transaction that stores the answer, unless the
//! address opted out); anyone reads the published ones, their answers and the counts.
//!
//! Every decision is a compare-and-set on the version the moderator saw, audit-logged in the same
//! transaction under the contribution's number (never its text nor an address). What is public is
//! `contribution::Public`'s to decide.

use chrono::NaiveDateTime;

use super::{Actor, DomainError};
use crate::analysis::Origin;
use crate::contribution::submit::{self, Checked, Problems, Typed};
use crate::contribution::{self, Answer, Contribution, Counts, Decision, Public, Screening, Topic};
use crate::db::campaigns::Campaign;
use crate::db::contributions::Row;
use crate::db::{self, AnyConnection};
use crate::token::{self, TokenKey};

/// Whether a campaign takes contributions, and on what topics.
#[derive(Debug, Clone, Default)]
pub struct Setup {
    pub enabled: bool,
    pub topics: Vec<Topic>,
}

fn campaign(conn: &mut AnyConnection, slug: &str) -> Result<Campaign, DomainError> {
    db::campaigns::by_slug(conn, slug)?.ok_or_else(|| DomainError::NotFound(format!("no campaign \"{slug}\"")))
}

fn setup_of(conn: &mut AnyConnection, campaign_id: i64) -> Result<Setup, DomainError> {
    Ok(match db::contributions::settings(conn, campaign_id)? {
        Some(s) => Setup {
            enabled: s.is_enabled(),
            topics: serde_json::from_str(&s.topics)
                .map_err(|e| DomainError::Internal(format!("stored topics unreadable: {e}")))?,
        },
        None => Setup::default(),
    })
}

/// The campaign `slug` and its contribution settings.
pub fn setup(conn: &mut AnyConnection, slug: &str) -> Result<(Campaign, Setup), DomainError> {
    let c = campaign(conn, slug)?;
    let s = setup_of(conn, c.id)?;
    Ok((c, s))
}

/// Opens or closes campaign `slug` to contributions, with its topics written one a line as
/// `code | nombre | name`. A topic that has contributions cannot be removed; opening needs one
/// topic at least. Audit-logged.
pub fn save_setup(
    conn: &mut AnyConnection,
    slug: &str,
    enabled: bool,
    topics_text: &str,
    actor: &Actor,
    now: NaiveDateTime,
) -> Result<Setup, DomainError> {
    let c = campaign(conn, slug)?;
    let topics = contribution::parse_topics(topics_text).map_err(|m| DomainError::invalid("topics", m))?;
    if enabled && topics.is_empty() {
        return Err(DomainError::invalid("topics", "name one topic at least to take contributions"));
    }
    let json = serde_json::to_string(&topics).map_err(|e| DomainError::Internal(e.to_string()))?;
    db::write_tx_as(conn, |conn| {
        let used: std::collections::BTreeSet<String> =
            db::contributions::list(conn, c.id, None)?.into_iter().map(|r| r.topic).collect();
        if let Some(gone) = used.iter().find(|u| !topics.iter().any(|t| &t.code == *u)) {
            return Err(DomainError::invalid(
                "topics",
                format!("the topic \"{gone}\" has contributions: it cannot be removed (rename it instead)"),
            ));
        }
        db::contributions::save_settings(conn, c.id, enabled, &json, now)?;
        let detail = format!("{}; topics: {}", if enabled { "open" } else { "closed" }, topics.len());
        db::users::audit_detailed(
            conn,
            &actor.name,
            "contribution settings saved",
            Some(slug),
            actor.ip.as_deref(),
            Some(&detail),
            now,
        )?;
        Ok(())
    })?;
    Ok(Setup { enabled, topics })
}

/// Through which link a contributor came.
#[derive(Debug, Clone)]
pub enum Via {
    Public(String),
    Link(String),
}

/// A campaign's contribution form, as a contributor may use it now.
#[derive(Debug, Clone)]
pub struct Form {
    pub campaign_id: i64,
    pub slug: String,
    pub name: String,
    pub languages: Vec<String>,
    pub default_language: String,
    pub topics: Vec<Topic>,
    pub origin: &'static str,
}

impl Form {
    /// `asked` if the campaign speaks it, else its default language.
    pub fn pick_lang(&self, asked: Option<&str>) -> String {
        asked.filter(|l| self.languages.iter().any(|x| x == l)).unwrap_or(&self.default_language).to_string()
    }
}

/// What a contributor's link leads to.
#[derive(Debug, Clone)]
pub enum Opened {
    /// No campaign there, or one that takes no contributions.
    Nowhere,
    /// The campaign's consultation is not open now (its default language).
    Closed {
        name: String,
        lang: String,
    },
    Open(Form),
}

/// What the contribution form of `via` leads to at `now`.
pub fn open(conn: &mut AnyConnection, via: &Via, now: NaiveDateTime) -> Result<Opened, DomainError> {
    let (c, origin) = match via {
        Via::Public(slug) => match db::campaigns::by_slug(conn, slug)? {
            Some(c) if c.has_public_link() => (c, Origin::Public.as_str()),
            _ => return Ok(Opened::Nowhere),
        },
        Via::Link(raw) => {
            if !token::looks_like_token(raw) {
                return Ok(Opened::Nowhere);
            }
            let Some((_, p)) = db::invitations::by_token_hash(conn, &token::hash(raw))? else {
                return Ok(Opened::Nowhere);
            };
            match db::campaigns::by_id(conn, p.campaign_id)? {
                Some(c) => (c, Origin::Link.as_str()),
                None => return Ok(Opened::Nowhere),
            }
        }
    };
    let s = setup_of(conn, c.id)?;
    if !s.enabled || s.topics.is_empty() {
        return Ok(Opened::Nowhere);
    }
    if !c.accepts_at(now) {
        return Ok(Opened::Closed { name: c.name.clone(), lang: c.default_language.clone() });
    }
    Ok(Opened::Open(Form {
        campaign_id: c.id,
        languages: c.languages(),
        default_language: c.default_language.clone(),
        slug: c.slug,
        name: c.name,
        topics: s.topics,
        origin,
    }))
}

/// A contribution stored: its number, and whether this request stored it (`false`: the same
/// form was sent before, and that one is what is kept).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stored {
    pub id: i64,
    pub new: bool,
}

/// Stores what was typed in the form shown with `nonce` (a random token the form carried): the
/// problems by field when it does not pass the checks (nothing stored), else the contribution.
/// The same form sent twice stores one contribution.
pub fn submit(
    conn: &mut AnyConnection,
    key: &TokenKey,
    form: &Form,
    nonce: &str,
    typed: &Typed,
    lang: &str,
    now: NaiveDateTime,
) -> Result<Result<Stored, Problems>, DomainError> {
    if !token::looks_like_token(nonce) {
        return Err(DomainError::invalid("nonce", "the form is incomplete: open it again"));
    }
    let checked: Checked = match submit::check(typed, &form.topics) {
        Ok(c) => c,
        Err(p) => return Ok(Err(p)),
    };
    let submission_key = key.mac("contribution", nonce);
    let new = db::contributions::New {
        campaign_id: form.campaign_id,
        submission_key: &submission_key,
        topic: &checked.topic,
        body: &checked.body,
        author_name: checked.author_name.as_deref(),
        author_org: checked.author_org.as_deref(),
        email: checked.email.as_deref(),
        language: lang,
        origin: form.origin,
    };
    let (row, is_new) = db::retry_lost(|| db::write_tx(conn, |c| db::contributions::insert(c, &new, now)))?;
    Ok(Ok(Stored { id: row.id, new: is_new }))
}

fn plain(r: Row) -> Contribution {
    Contribution {
        id: r.id,
        topic: r.topic,
        body: r.body,
        shown_body: r.shown_body,
        edit_note: r.edit_note,
        author_name: r.author_name,
        author_org: r.author_org,
        wants_answer: r.email.is_some(),
        language: r.language,
        origin: r.origin,
        screening: Screening::parse(&r.status).unwrap_or(Screening::Pending),
        version: r.version,
        created_at: r.created_at,
        screened_at: r.screened_at,
        screened_by: r.screened_by,
        reject_reason: r.reject_reason,
        answer: r.answer.as_deref().and_then(Answer::parse),
        answer_reason: r.answer_reason,
        answer_ref: r.answer_ref,
        answered_at: r.answered_at,
        answered_by: r.answered_by,
        notified_at: r.notified_at,
    }
}

/// The contributions of campaign `slug` (of one screening, if given), for moderators.
pub fn list(
    conn: &mut AnyConnection,
    slug: &str,
    screening: Option<Screening>,
) -> Result<(Campaign, Setup, Vec<Contribution>), DomainError> {
    let (c, s) = setup(conn, slug)?;
    let rows = db::contributions::list(conn, c.id, screening.map(Screening::as_str))?;
    Ok((c, s, rows.into_iter().map(plain).collect()))
}

fn not_found(slug: &str, id: i64) -> DomainError {
    DomainError::NotFound(format!("no contribution #{id} in campaign \"{slug}\""))
}

/// Contribution `id` of campaign `slug`, for moderators.
pub fn one(conn: &mut AnyConnection, slug: &str, id: i64) -> Result<(Campaign, Setup, Contribution), DomainError> {
    let (c, s) = setup(conn, slug)?;
    let row = db::contributions::one(conn, c.id, id)?.ok_or_else(|| not_found(slug, id))?;
    Ok((c, s, plain(row)))
}

/// Why a decision met a contribution that changed since it was read.
fn changed(slug: &str, id: i64, now_is: &Contribution) -> DomainError {
    let by = now_is.screened_by.as_deref().map(|b| format!(" by {b}")).unwrap_or_default();
    DomainError::Conflict(format!(
        "contribution #{id} of \"{slug}\" changed since it was shown (now {}{by}): read it again",
        now_is.screening.as_str()
    ))
}

/// Screens the pending contribution `id` as read at `version`. Audit-logged (the reason or the
/// note, never the text). A contribution screened meanwhile is refused as a conflict.
pub fn screen(
    conn: &mut AnyConnection,
    slug: &str,
    id: i64,
    version: i64,
    decision: &Decision,
    actor: &Actor,
    now: NaiveDateTime,
) -> Result<Contribution, DomainError> {
    let c = campaign(conn, slug)?;
    let before = db::contributions::one(conn, c.id, id)?.ok_or_else(|| not_found(slug, id))?;
    let (status, shown, note, reason, action) = match decision {
        Decision::Publish => ("published", None, None, None, "contribution published"),
        Decision::PublishEdited { text, note } => (
            "published",
            Some(submit::check_edited(text, &before.body).map_err(|m| DomainError::invalid("text", m))?),
            Some(submit::check_note(note, "note").map_err(|m| DomainError::invalid("note", m))?),
            None,
            "contribution published with personal data hidden",
        ),
        Decision::Reject { reason } => (
            "rejected",
            None,
            None,
            Some(submit::check_note(reason, "reason").map_err(|m| DomainError::invalid("reason", m))?),
            "contribution rejected",
        ),
    };
    let row = db::write_tx_as(conn, |conn| {
        let s = db::contributions::Screen {
            status,
            shown_body: shown.as_deref(),
            edit_note: note.as_deref(),
            reject_reason: reason.as_deref(),
            by: &actor.name,
        };
        if !db::contributions::screen(conn, c.id, id, version, &s, now)? {
            let now_is = db::contributions::one(conn, c.id, id)?.ok_or_else(|| not_found(slug, id))?;
            return Err(changed(slug, id, &plain(now_is)));
        }
        let target = format!("{slug} contribution #{id}");
        let detail = note.as_deref().or(reason.as_deref());
        db::users::audit_detailed(conn, &actor.name, action, Some(&target), actor.ip.as_deref(), detail, now)?;
        db::contributions::one(conn, c.id, id)?.ok_or_else(|| not_found(slug, id))
    })?;
    Ok(plain(row))
}

/// The answer a moderator gives to a published contribution.
#[derive(Debug, Clone)]
pub struct Answering {
    pub answer: Answer,
    pub reason: String,
    /// Where it went: a section of the plan, a document's address.
    pub reference: String,
}

/// Answers the published contribution `id` as read at `version` (or changes its answer). The
/// first answer queues the one message to the address its contributor left (unless that address
/// opted out), in the same transaction, and the address is forgotten. Audit-logged.
#[expect(clippy::too_many_arguments, reason = "the decision, who, where the public page is, when")]
pub fn respond(
    conn: &mut AnyConnection,
    slug: &str,
    id: i64,
    version: i64,
    a: &Answering,
    actor: &Actor,
    base_url: &str,
    now: NaiveDateTime,
) -> Result<Contribution, DomainError> {
    let (c, s) = setup(conn, slug)?;
    let reason = submit::check_note(&a.reason, "reason").map_err(|m| DomainError::invalid("reason", m))?;
    let reference = match a.reference.trim() {
        "" => None,
        r => Some(submit::check_note(r, "reference").map_err(|m| DomainError::invalid("reference", m))?),
    };
    let row = db::write_tx_as(conn, |conn| {
        let ok = db::contributions::answer(
            conn,
            c.id,
            id,
            version,
            a.answer.as_str(),
            &reason,
            reference.as_deref(),
            &actor.name,
            now,
        )?;
        if !ok {
            let now_is = db::contributions::one(conn, c.id, id)?.ok_or_else(|| not_found(slug, id))?;
            if now_is.status != "published" {
                return Err(DomainError::Conflict(format!(
                    "contribution #{id} is {}: only a published contribution is answered",
                    now_is.status
                )));
            }
            return Err(changed(slug, id, &plain(now_is)));
        }
        let target = format!("{slug} contribution #{id}");
        let detail = format!("{}: {reason}", a.answer.as_str());
        db::users::audit_detailed(
            conn,
            &actor.name,
            "contribution answered",
            Some(&target),
            actor.ip.as_deref(),
            Some(&detail),
            now,
        )?;
        let row = db::contributions::one(conn, c.id, id)?.ok_or_else(|| not_found(slug, id))?;
        if let Some(email) = row.email.clone().filter(|_| row.notified_at.is_none())
            && !db::participants::is_opted_out(conn, &email)?
            && db::contributions::mark_notified(conn, id, now)?
        {
            let mail = super::contribution_mail::answer_mail(&c, &s.topics, &row, &email, base_url, now);
            db::outbox::enqueue(conn, &mail, now)?;
        }
        db::contributions::one(conn, c.id, id)?.ok_or_else(|| not_found(slug, id))
    })?;
    Ok(plain(row))
}

/// What anyone may see of a campaign's contributions.
#[derive(Debug, Clone)]
pub struct PublicView {
    pub slug: String,
    pub name: String,
    pub languages: Vec<String>,
    pub default_language: String,
    pub topics: Vec<Topic>,
    pub counts: Counts,
    pub items: Vec<Public>,
}

impl PublicView {
    pub fn pick_lang(&self, asked: Option<&str>) -> String {
        asked.filter(|l| self.languages.iter().any(|x| x == l)).unwrap_or(&self.default_language).to_string()
    }
}

/// The public view of campaign `slug`'s contributions; `None` when there is no such campaign or
/// it never took contributions (no settings, or no topic).
pub fn public(conn: &mut AnyConnection, slug: &str) -> Result<Option<PublicView>, DomainError> {
    let Some(c) = db::campaigns::by_slug(conn, slug)? else { return Ok(None) };
    let s = setup_of(conn, c.id)?;
    if s.topics.is_empty() {
        return Ok(None);
    }
    let all: Vec<Contribution> = db::contributions::list(conn, c.id, None)?.into_iter().map(plain).collect();
    let counts = contribution::counts(&s.topics, &all);
    let items = all.iter().filter_map(Public::of).collect();
    Ok(Some(PublicView {
        languages: c.languages(),
        default_language: c.default_language.clone(),
        slug: c.slug,
        name: c.name,
        topics: s.topics,
        counts,
        items,
    }))
}

/// The CSV and its Data Package descriptor (`datapackage.json`).
pub type Export = (Vec<u8>, Vec<u8>);

/// The open-data export of campaign `slug`: the CSV and its Data Package descriptor.
pub fn export(conn: &mut AnyConnection, slug: &str) -> Result<Option<Export>, DomainError> {
    let Some(v) = public(conn, slug)? else { return Ok(None) };
    let csv = contribution::export::csv(&v.topics, &v.items).map_err(DomainError::Internal)?;
    let descriptor = contribution::export::datapackage(&v.slug, &v.name).map_err(DomainError::Internal)?;
    Ok(Some((csv, descriptor)))
}

/// "What we heard and what we did" for campaign `slug` in `lang`, as of `now`.
pub fn record(
    conn: &mut AnyConnection,
    slug: &str,
    lang: &str,
    now: NaiveDateTime,
) -> Result<contribution::report::Record, DomainError> {
    let v = public(conn, slug)?
        .ok_or_else(|| DomainError::NotFound(format!("campaign \"{slug}\" takes no contributions")))?;
    Ok(contribution::report::record(lang, &v.name, now.date(), &v.topics, &v.counts, &v.items))
}
