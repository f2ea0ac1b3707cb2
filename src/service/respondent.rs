//! The respondent's side, whatever page shows it: who answers (a personal link, or a public-link
//! browser), what their request knows (campaign, compiled survey, saved response), and what a
//! posted page comes to.
//!
//! What a respondent is told is what is stored. A page's answers are checked before anything is
//! written: a wrong answer (an option that does not exist, a text over its length, a number out of
//! bounds) comes back with what was typed, and nothing of the request is stored. The write itself
//! is decided by `campaign::lifecycle` from the response as it was read ([`decide`]), and stored
//! by the group commit only if the response is still at that version ([`store`]); when another
//! request of the same respondent wrote first (a second tab, a double click), the request reads
//! again and is decided again. Answers to questions that do not apply (their condition does not
//! hold on the earlier answers) are dropped before the check: what is stored satisfies the
//! definition's own JSON Schema, conditions included.

use crate::i18n::t;
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

use chrono::NaiveDateTime;
use serde_json::{Map, Value};

use super::DomainError;
use crate::analysis::Origin;
use crate::campaign::lifecycle::{self, Move, Step, Stored};
use crate::campaign::response::ResponseStatus;
use crate::campaign::{CampaignState, Mode};
use crate::db::{self, AnyConnection, DbError};
use crate::survey::Survey;
use crate::survey::response::{FieldErrors, parse_field, validate};
use crate::token::TokenKey;

pub use crate::db::campaigns::Campaign;
pub use crate::db::invitations::Invitation;
pub use crate::db::participants::Participant;
pub use crate::db::responses::StoredResponse;
pub use crate::db::submissions::{Saved, Submission};
pub use crate::db::writer::Writer;

/// The most a response's answers may weigh, stored as JSON (a draft as much as a submission).
/// The longest texts a definition allows fit many times; a flood of text does not.
pub const MAX_ANSWERS_BYTES: usize = 256 * 1024;

/// A survey ready to render and to validate responses.
pub struct Compiled {
    pub survey: Survey,
    pub validator: jsonschema::Validator,
}

/// Compiled surveys, kept per stored version (a version never changes, so the cache never goes
/// stale).
#[derive(Default)]
pub struct SurveyCache(Mutex<HashMap<i64, Arc<Compiled>>>);

impl SurveyCache {
    /// The compiled survey of a stored version. The first request for a version compiles it
    /// while holding the cache, so a burst of first requests compiles it once, not once each.
    pub fn get(&self, conn: &mut AnyConnection, version_id: i64) -> Result<Arc<Compiled>, DbError> {
        let mut map = self.0.lock().map_err(|_| DbError::Internal("the survey cache is poisoned".into()))?;
        if let Some(c) = map.get(&version_id) {
            return Ok(c.clone());
        }
        let survey = db::surveys::compiled(conn, version_id)?;
        let validator = crate::survey::validator(&survey).map_err(DbError::Internal)?;
        let compiled = Arc::new(Compiled { survey, validator });
        map.insert(version_id, compiled.clone());
        Ok(compiled)
    }
}

/// What the respondent side reads with: the caches and the key that derives respondent keys.
pub struct Library<'a> {
    pub surveys: &'a SurveyCache,
    pub key: &'a TokenKey,
}

/// Who is answering: an invited participant (personal link) or a visitor of the public link,
/// known only by a random cookie of their browser.
#[derive(Clone)]
pub enum Who {
    Token(String),
    Public { slug: String, browser: String },
}

/// Everything a request on the questionnaire needs, read in one go.
pub struct Context {
    pub campaign: Campaign,
    pub invited: Option<(Participant, Invitation)>,
    pub compiled: Arc<Compiled>,
    pub response: Option<StoredResponse>,
    pub respondent_key: String,
    /// Where the form posts and links go: `/r/{token}` or `/p/{slug}`.
    pub path: String,
}

/// Whether a campaign takes answers at a moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Availability {
    Open,
    /// Closed, archived, past its close, or the invitation expired.
    Closed,
    /// A draft, or before it opens.
    NotYetOpen,
}

impl Context {
    /// Whether this respondent's response is submitted. In an anonymous campaign the submitted
    /// response keeps no key leading back to the link: the invitation says it.
    pub fn submitted(&self) -> bool {
        self.response.as_ref().is_some_and(|r| r.is_submitted())
            || self.invited.as_ref().is_some_and(|(_, i)| i.submitted_at.is_some())
    }

    /// Whether a submitted response may still be changed: the campaign allows it, and the
    /// response can be found again (not in an anonymous campaign).
    pub fn takes_changes(&self) -> bool {
        self.campaign.allows_edit() && self.campaign.mode() != Mode::Anonymous
    }

    /// Whether the campaign takes this respondent's answers at `now`.
    pub fn availability(&self, now: NaiveDateTime) -> Availability {
        let c = &self.campaign;
        let closed = matches!(c.state(), CampaignState::Closed | CampaignState::Archived)
            || c.closes_at.is_some_and(|t| now >= t)
            || self.invited.as_ref().is_some_and(|(_, i)| i.expires_at.is_some_and(|t| now >= t));
        if closed {
            Availability::Closed
        } else if c.state() == CampaignState::Draft || c.opens_at.is_some_and(|t| now < t) {
            Availability::NotYetOpen
        } else {
            Availability::Open
        }
    }

    /// The language to answer in: the one asked for, else the response's, else the
    /// participant's, else the campaign's default (only languages the campaign offers).
    pub fn pick_lang(&self, asked: Option<&str>) -> String {
        let langs = self.campaign.languages();
        asked
            .filter(|l| langs.iter().any(|x| x == l))
            .map(str::to_string)
            .or_else(|| self.response.as_ref().map(|r| r.language.clone()).filter(|l| langs.contains(l)))
            .or_else(|| self.invited.as_ref().map(|(p, _)| p.language.clone()).filter(|l| langs.contains(l)))
            .unwrap_or_else(|| self.campaign.default_language.clone())
    }

    /// The answers the form starts from: the draft, or the submitted answers, or (when the
    /// campaign takes changes) the change in progress to them.
    pub fn answers(&self) -> Map<String, Value> {
        let Some(r) = self.response.as_ref() else { return Map::new() };
        let text =
            r.pending.as_deref().filter(|_| r.is_submitted() && self.campaign.allows_edit()).unwrap_or(&r.answers);
        serde_json::from_str(text).unwrap_or_default()
    }

    /// Whether this respondent must agree to the definition's consent statement before anything
    /// of theirs is stored: the definition has one and nothing is stored yet.
    pub fn needs_consent(&self) -> bool {
        !self.compiled.survey.consent.is_empty() && self.response.is_none() && !self.submitted()
    }

    /// Whether this respondent has not begun: nothing stored, nothing submitted (the welcome
    /// screen comes first).
    pub fn not_begun(&self) -> bool {
        self.response.is_none() && !self.submitted()
    }

    /// The stakeholder-group question.
    pub fn group_question(&self) -> Option<String> {
        self.compiled.survey.questions.iter().find(|q| q.profile.as_deref() == Some("group")).map(|q| q.id.clone())
    }

    /// An invited participant's group answers the group question for them (not changeable).
    pub fn fill_group(&self, answers: &mut Map<String, Value>) {
        if let (Some(g), Some((p, _))) = (self.group_question(), &self.invited) {
            answers.insert(g, Value::String(p.group_code.clone()));
        }
    }
}

/// The respondent key of a public-link visitor: their browser's key, within the campaign.
pub fn public_respondent_key(key: &TokenKey, slug: &str, browser: &str) -> String {
    key.mac("public-response", &format!("{slug}:{browser}"))
}

/// What a request on the questionnaire knows; `None` for a link that leads nowhere. A connection
/// lost mid-read is tried again on another.
pub fn load(pool: &db::DbPool, lib: &Library, who: &Who) -> Result<Option<Context>, DomainError> {
    Ok(db::retry_lost(|| {
        let mut conn = pool.get()?;
        load_once(&mut conn, lib, who)
    })?)
}

/// Runs the questionnaire's reads once on each of the pool's connections, for a personal link and
/// a public link that lead nowhere, before the instance serves: each connection prepares its
/// statements and, on PostgreSQL, its server process loads the tables' catalog entries now,
/// not while a burst of first respondents waits (measured on two instances: the first 64
/// requests took 63–69 ms at the median, and 26–44 ms with this warm-up, against 17–18 ms for
/// the rest of the run). Reads only.
pub fn warm(pool: &db::DbPool, lib: &Library) -> Result<(), DomainError> {
    // All held at once, so that each is a different connection.
    let mut held = Vec::with_capacity(pool.max_size() as usize);
    for _ in 0..pool.max_size() {
        held.push(pool.get()?);
    }
    let nowhere = Who::Token(crate::token::random_token());
    let no_slug = Who::Public { slug: String::new(), browser: String::new() };
    for conn in &mut held {
        load_once(conn, lib, &nowhere)?;
        load_once(conn, lib, &no_slug)?;
        db::responses::by_key(conn, "")?;
    }
    Ok(())
}

/// A personal link's page seen in a browser (the page's own request, made with the browser's
/// session; a mail scanner fetching the link alone makes none): its invitation is marked opened
/// while the campaign takes answers. Whether the link led anywhere.
pub fn seen(pool: &db::DbPool, lib: &Library, token: &str, now: NaiveDateTime) -> Result<bool, DomainError> {
    Ok(db::retry_lost(|| {
        let mut conn = pool.get()?;
        let Some(ctx) = load_once(&mut conn, lib, &Who::Token(token.to_string()))? else { return Ok(false) };
        if let Some((_, inv)) = &ctx.invited
            && inv.opened_at.is_none()
            && ctx.campaign.accepts_at(now)
        {
            db::invitations::mark_opened(&mut conn, inv.id, now)?;
        }
        Ok(true)
    })?)
}

fn load_once(conn: &mut AnyConnection, lib: &Library, who: &Who) -> Result<Option<Context>, DbError> {
    let (campaign, invited, respondent_key, path, response) = match who {
        Who::Token(raw) => {
            if !crate::token::looks_like_token(raw) {
                return Ok(None);
            }
            let key = lib.key.mac("response", raw);
            let Some((invitation, participant, campaign, response)) =
                db::invitations::for_response(conn, &crate::token::hash(raw), &key)?
            else {
                return Ok(None);
            };
            (campaign, Some((participant, invitation)), key, format!("/r/{raw}"), response)
        }
        Who::Public { slug, browser } => {
            let Some(c) = db::campaigns::by_slug(conn, slug)?.filter(|c| c.has_public_link()) else {
                return Ok(None);
            };
            let key = public_respondent_key(lib.key, slug, browser);
            let response = db::responses::by_key(conn, &key)?;
            (c, None, key, format!("/p/{slug}"), response)
        }
    };
    let compiled = lib.surveys.get(conn, campaign.survey_version_id)?;
    Ok(Some(Context { campaign, invited, compiled, response, respondent_key, path }))
}

/// The `page` a review page posts: the response as kept, no page of answers.
pub const REVIEW_PAGE: &str = "review";
/// The field a page carries once the respondent agreed to the definition's consent statement
/// (`yes`), until their first page is stored.
pub const CONSENT_FIELD: &str = "consent";

/// A posted questionnaire page, as the form sent it.
pub struct Posted<'a> {
    by_name: HashMap<&'a str, Vec<&'a str>>,
    fields: &'a [(String, String)],
    /// `next`, `prev`, `save`, `review`, `submit` or `lang:XX`; on the welcome screen `start`,
    /// `consent:yes` or `consent:no`.
    pub action: &'a str,
}

impl<'a> Posted<'a> {
    pub fn new(fields: &'a [(String, String)]) -> Self {
        let mut by_name: HashMap<&str, Vec<&str>> = HashMap::with_capacity(fields.len());
        for (k, v) in fields {
            by_name.entry(k.as_str()).or_default().push(v.as_str());
        }
        let action = by_name.get("action").and_then(|v| v.first()).copied().unwrap_or("next");
        Self { by_name, fields, action }
    }

    /// The first value of a field.
    pub fn get(&self, name: &str) -> Option<&'a str> {
        self.fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
}

/// What a posted page comes to, decided over the response as the context read it.
pub enum Decision {
    /// Wrong answers among those posted: nothing is stored; the page to show them on.
    Refused { page: usize, answers: Map<String, Value>, errors: FieldErrors },
    /// The response is submitted and the campaign takes no changes; the very answers already
    /// submitted were posted again (a double click): they are stored as acknowledged.
    AlreadyDone,
    /// The response is submitted and the campaign takes no changes: other answers are refused.
    AlreadySubmitted,
    /// The definition asks for consent before answering, and nothing is stored of this
    /// respondent: a page posted without the consent given stores nothing (back to the welcome).
    NeedsConsent,
    /// Store this; then, if it was still current, answer as `asked` on `page`.
    Write(Box<Write>),
}

/// A write and what the answer to it depends on.
pub struct Write {
    pub submission: Submission,
    /// What the respondent asked for (a submit with answers missing is a page save).
    pub asked: Move,
    pub step: Step,
    /// The page posted (0-based).
    pub page: usize,
    pub answers: Map<String, Value>,
    /// Every error of the whole response (a submit that is not complete shows them).
    pub all_errors: FieldErrors,
}

/// Decides what a posted page comes to.
pub fn decide(ctx: &Context, posted: &Posted, lang: &str, now: NaiveDateTime) -> Decision {
    let survey = &ctx.compiled.survey;
    let pages_n = survey.pages.len().max(1);
    // The review page posts the whole response as it is kept: no page of answers with it.
    let from_review = posted.get("page") == Some(REVIEW_PAGE);
    let page = if from_review {
        pages_n - 1
    } else {
        posted.get("page").and_then(|p| p.parse::<usize>().ok()).unwrap_or(1).clamp(1, pages_n) - 1
    };
    let action = posted.action;
    let stored = if ctx.submitted() {
        Stored::Submitted
    } else if ctx.response.is_some() {
        Stored::Draft
    } else {
        Stored::Nothing
    };

    // This page's answers replace what was kept for its questions (an unticked choice is
    // cleared); answers to questions of other pages are taken when they are posted (a client
    // may send a whole response at once) and otherwise stay as they are.
    if stored == Stored::Nothing && ctx.needs_consent() && posted.get(CONSENT_FIELD) != Some("yes") {
        return Decision::NeedsConsent;
    }
    let mut answers = ctx.answers();
    let on_page: HashSet<&str> = match survey.pages.get(page) {
        Some(p) if !from_review => p.questions.iter().map(String::as_str).collect(),
        _ => HashSet::new(),
    };
    let mut touched: HashSet<&str> = HashSet::new();
    for q in &survey.questions {
        let values = posted.by_name.get(q.id.as_str()).map(Vec::as_slice).unwrap_or_default();
        if values.is_empty() && !on_page.contains(q.id.as_str()) {
            continue;
        }
        touched.insert(q.id.as_str());
        match parse_field(q, values) {
            Some(v) => answers.insert(q.id.clone(), v),
            None => answers.remove(&q.id),
        };
    }
    ctx.fill_group(&mut answers);
    // An answer to a question that does not apply (an earlier answer changed since it was given)
    // is neither required nor kept: dropped before anything is checked or stored, in form order
    // so that a chain of conditions follows.
    crate::survey::conditions::prune(survey, &mut answers);
    let value = Value::Object(answers);
    if stored == Stored::Submitted && !ctx.takes_changes() {
        let same = action == "submit"
            && ctx.response.as_ref().and_then(|r| serde_json::from_str::<Value>(&r.answers).ok()).as_ref()
                == Some(&value);
        return if same { Decision::AlreadyDone } else { Decision::AlreadySubmitted };
    }
    let all_errors = validate(survey, &ctx.compiled.validator, &value, lang);
    let text = value.to_string();
    let Value::Object(answers) = value else { return Decision::AlreadySubmitted };
    // Wrong answers among those posted stop the request before anything is stored (a missing
    // required answer waits for the submit).
    let mut page_errors: FieldErrors = all_errors
        .iter()
        .filter(|(id, _)| touched.contains(id.as_str()) && answers.contains_key(*id))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    if text.len() > MAX_ANSWERS_BYTES
        && let Some(longest) = touched
            .iter()
            .filter(|id| answers.contains_key(**id))
            .max_by_key(|id| answers.get(**id).map_or(0, |v| v.to_string().len()))
    {
        let message = t(lang, "respondent-the-answers-are-too-long-to");
        page_errors.insert((*longest).to_string(), message.to_string());
    }
    if !page_errors.is_empty() {
        let shown = page_errors.keys().map(|id| survey.page_of(id)).min().unwrap_or(page);
        return Decision::Refused { page: shown, answers, errors: page_errors };
    }

    let asked = if action == "submit" && all_errors.is_empty() { Move::Submit } else { Move::SavePage };
    let step = lifecycle::step(stored, asked, ctx.takes_changes());
    let kept = ctx.response.as_ref();
    let group_code = match &ctx.invited {
        Some((p, _)) => p.group_code.clone(),
        None => ctx
            .group_question()
            .and_then(|g| answers.get(&g).and_then(Value::as_str).map(str::to_string))
            .unwrap_or_else(|| "unknown".into()),
    };
    let codes = || crate::analysis::codes::encode(survey, &answers);
    let anonymous = ctx.campaign.mode() == Mode::Anonymous;
    // An anonymous response carries no time of its own (see `Submission::stamped`).
    let stamped = if anonymous { ctx.campaign.created_at } else { now };
    // The row as this step leaves it.
    let (status, stored_answers, codes, pending, submitted_at, group_code, language) = match (step, kept) {
        (Step::Change, Some(r)) => (
            ResponseStatus::Submitted,
            r.answers.clone(),
            r.codes.clone(),
            Some(text),
            r.submitted_at,
            r.group_code.clone(),
            r.language.clone(),
        ),
        (Step::Resubmit, Some(r)) => {
            (ResponseStatus::Submitted, text, codes(), None, r.submitted_at.or(Some(now)), group_code, lang.to_string())
        }
        (Step::Submit, _) => {
            (ResponseStatus::Submitted, text, codes(), None, Some(stamped), group_code, lang.to_string())
        }
        (Step::Draft, _) => (ResponseStatus::Draft, text, None, None, None, group_code, lang.to_string()),
        // Submitted responses are handled above; a change needs the response it changes.
        (Step::AlreadySubmitted | Step::Change | Step::Resubmit, _) => return Decision::AlreadySubmitted,
    };
    let first_submission = step == Step::Submit;
    let submission = Submission {
        campaign_id: ctx.campaign.id,
        participant_id: ctx.invited.as_ref().filter(|_| !anonymous).map(|(p, _)| p.id),
        respondent_key: ctx.respondent_key.clone(),
        group_code,
        origin: if ctx.invited.is_some() { Origin::Link } else { Origin::Public },
        language,
        status,
        answers: stored_answers,
        codes,
        pending,
        page: i32::try_from(page).unwrap_or(i32::MAX),
        now,
        stamped,
        submitted_at,
        new_id: anonymous.then(db::submissions::random_id),
        anonymous: anonymous && ctx.invited.is_some(),
        read_version: kept.map_or(0, |r| r.version),
        first_submission,
        invitation: ctx.invited.as_ref().map(|(_, i)| (i.id, i.started_at.is_some())),
        // The writer records a thank-you owed if this is the invitation's first submission; the
        // mail worker composes and queues it.
        thank: true,
    };
    Decision::Write(Box::new(Write { submission, asked, step, page, answers, all_errors }))
}

/// Stores a decided write through the group commit: durable when this returns `Stored`;
/// `Stale` when another request of the respondent wrote first (decide again).
pub async fn store(writer: &Writer, submission: Submission) -> Result<Saved, DomainError> {
    Ok(writer.save(submission).await?)
}

/// Whether a public-link browser whose response is submitted may start another (the campaign
/// takes several responses per browser).
pub fn may_answer_again(
    conn: &mut AnyConnection,
    key: &TokenKey,
    slug: &str,
    browser: &str,
) -> Result<bool, DomainError> {
    let Some(c) = db::campaigns::by_slug(conn, slug)? else { return Ok(false) };
    if !c.has_public_link() || c.is_one_per_browser() {
        return Ok(false);
    }
    let rkey = public_respondent_key(key, slug, browser);
    Ok(db::responses::by_key(conn, &rkey)?.is_some_and(|r| r.is_submitted()))
}

/// What a personal link leads to.
struct Opened {
    participant: Participant,
}

/// Finds the invitation of an opt-out token (`{id}-{mac}`, checked against the invitation's
/// nonce). A questionnaire token is taken too: the mails sent before opt-out tokens had their
/// own key carry it (constant work for junk: it is hashed and looked up alike).
fn open_optout(conn: &mut AnyConnection, key: &TokenKey, raw: &str) -> Result<Option<Opened>, DbError> {
    use crate::token;
    let found = match token::optout_invitation(raw) {
        Some(id) => db::invitations::by_id(conn, id)?
            .filter(|(invitation, _)| key.verify_optout(raw, invitation.id, &invitation.token_nonce)),
        None if token::looks_like_token(raw) => db::invitations::by_token_hash(conn, &token::hash(raw))?,
        None => None,
    };
    let Some((_, participant)) = found else { return Ok(None) };
    if db::campaigns::by_id(conn, participant.campaign_id)?.is_none() {
        return Ok(None);
    }
    Ok(Some(Opened { participant }))
}

/// The language of the participant an opt-out link belongs to; `None` for a link that leads
/// nowhere.
pub fn optout_language(conn: &mut AnyConnection, key: &TokenKey, raw: &str) -> Result<Option<String>, DomainError> {
    Ok(open_optout(conn, key, raw)?.map(|o| o.participant.language))
}

/// Records an opt-out (no more mail to that address from any campaign) and cancels what was
/// queued for the participant; their language, `None` for a link that leads nowhere.
pub fn opt_out(
    conn: &mut AnyConnection,
    key: &TokenKey,
    raw: &str,
    now: NaiveDateTime,
) -> Result<Option<String>, DomainError> {
    let Some(o) = open_optout(conn, key, raw)? else { return Ok(None) };
    db::participants::opt_out(conn, &o.participant.email, "link", now)?;
    db::outbox::cancel_for_participant(conn, o.participant.id)?;
    Ok(Some(o.participant.language))
}
