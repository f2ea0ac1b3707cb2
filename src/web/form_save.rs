//! `POST /r/{token}` and `POST /p/{slug}`: a questionnaire page saved, or the response submitted.
//!
//! What a respondent is told is what is stored. A page's answers are checked before anything is
//! written: a wrong answer (an option that does not exist, a text over its length, a number out
//! of bounds) is shown back with what was typed, and nothing of the request is stored. The write
//! itself is decided by `campaign::lifecycle` from the response as it was read, and stored by the
//! group commit only if the response is still at that version; when another request of the same
//! respondent wrote first (a second tab, a double click), this one reads again and is decided
//! again. A redirect to the thank-you page is sent only once the submitted answers are durable.

use std::collections::{HashMap, HashSet};

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde_json::Value;

use super::csrf;
use super::form::{public_browser, see_other};
use super::form_body::Fields;
use super::form_page::{
    Context, Who, already_submitted_page, answers_of, closed_page, done_page, fill_group, group_question, load,
    pick_lang, render_page, respondent_error,
};
use super::form_view;
use super::pages::{self, t};
use crate::app::AppState;
use crate::campaign::Mode;
use crate::campaign::lifecycle::{self, Move, Step, Stored};
use crate::db::submissions::{Saved, Submission};
use crate::error::AppError;
use crate::survey::response::{FieldErrors, parse_field, validate};

/// How often a save is decided again when other requests of the same respondent keep writing
/// first. Two tabs racing settle in one more round; this bound only stops a runaway client.
const ATTEMPTS: usize = 8;

/// The most a response's answers may weigh, stored as JSON (a draft as much as a submission).
/// The longest texts a definition allows fit many times; a flood of text does not.
pub const MAX_ANSWERS_BYTES: usize = 256 * 1024;

/// What one decision over the stored state led to.
enum Outcome {
    /// The page to answer with.
    Answered(HttpResponse),
    /// Another request of this respondent wrote first: read again.
    Stale,
}

/// The posted form, read once for every attempt.
struct Posted<'a> {
    fields: &'a [(String, String)],
    by_name: HashMap<&'a str, Vec<&'a str>>,
    action: String,
}

impl<'a> Posted<'a> {
    fn new(fields: &'a [(String, String)]) -> Self {
        let mut by_name: HashMap<&str, Vec<&str>> = HashMap::with_capacity(fields.len());
        for (k, v) in fields {
            by_name.entry(k.as_str()).or_default().push(v.as_str());
        }
        let action = by_name.get("action").and_then(|v| v.first()).copied().unwrap_or("next").to_string();
        Self { fields, by_name, action }
    }

    fn get(&self, name: &str) -> Option<&'a str> {
        self.fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
}

/// Saves the posted page, then moves on, shows the errors, or submits.
async fn save(
    state: web::Data<AppState>,
    req: HttpRequest,
    who: Who,
    fields: Vec<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let posted = Posted::new(&fields);
    if !csrf::verify(&state.key, &req, posted.get(csrf::FIELD)) {
        return Ok(pages::notice(
            StatusCode::FORBIDDEN,
            "es",
            "Sesión vencida · Session expired",
            vec![
                "Vuelva a abrir su enlace: sus respuestas anteriores siguen guardadas.".into(),
                "Open your link again: your earlier answers are still saved.".into(),
            ],
        ));
    }
    for attempt in 0..ATTEMPTS {
        let st = state.clone();
        let w = who.clone();
        let Some(ctx) = web::block(move || crate::db::retry_lost(|| load(&st, &w))).await?? else {
            return Ok(pages::not_found("es"));
        };
        let lang = pick_lang(&ctx, posted.get("lang"));
        let now = state.clock.now();
        if let Some(page) = closed_page(&ctx, &lang, now) {
            return Ok(page);
        }
        if attempt == 0 && ctx.invited.is_none() {
            if posted.get("website").is_some_and(|v| !v.is_empty()) {
                // The honeypot was filled in: a robot. Look done, store nothing.
                return Ok(done_page(&ctx, &lang, now));
            }
            if let Some(addr) = super::client::addr_of(&req)
                && !state.public_limit.allow(addr, now)
            {
                return Ok(pages::notice(
                    StatusCode::TOO_MANY_REQUESTS,
                    &lang,
                    t(&lang, "Demasiados envíos", "Too many submissions"),
                    vec![
                        t(&lang, "Espere un minuto y vuelva a intentarlo.", "Wait a minute and try again.").to_string(),
                    ],
                ));
            }
        }
        match decide_and_write(&state, &ctx, &lang, &posted, now).await? {
            Outcome::Answered(resp) => return Ok(resp),
            Outcome::Stale => tracing::debug!(attempt, "a save met a newer version of its response: deciding again"),
        }
    }
    let lang = posted.get("lang").unwrap_or("es");
    Ok(pages::notice(
        StatusCode::CONFLICT,
        lang,
        t(lang, "Sus respuestas cambiaron en otra ventana", "Your answers changed in another window"),
        vec![
            t(
                lang,
                "Este envío no se guardó. Vuelva a abrir su enlace para ver lo que está guardado.",
                "This submission was not stored. Open your link again to see what is stored.",
            )
            .to_string(),
        ],
    ))
}

/// One decision over the response as `ctx` read it, and its write.
async fn decide_and_write(
    state: &web::Data<AppState>,
    ctx: &Context,
    lang: &str,
    posted: &Posted<'_>,
    now: chrono::NaiveDateTime,
) -> Result<Outcome, AppError> {
    let survey = &ctx.compiled.survey;
    let pages_n = survey.pages.len().max(1);
    let page = posted.get("page").and_then(|p| p.parse::<usize>().ok()).unwrap_or(1).clamp(1, pages_n) - 1;
    let action = posted.action.as_str();
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
    let mut answers = answers_of(ctx);
    let on_page: HashSet<&str> =
        survey.pages.get(page).map(|p| p.questions.iter().map(String::as_str).collect()).unwrap_or_default();
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
    fill_group(ctx, &mut answers);
    let value = Value::Object(answers);
    let Value::Object(answers) = &value else { return Err(AppError::Internal(anyhow::anyhow!("answers"))) };
    if stored == Stored::Submitted && !ctx.takes_changes() {
        // Submitted, and the campaign takes no changes: nothing of this request is stored. The
        // very answers already submitted (a double click) are stored as acknowledged: thank you.
        let same = action == "submit"
            && ctx.response.as_ref().and_then(|r| serde_json::from_str::<Value>(&r.answers).ok()).as_ref()
                == Some(&value);
        return Ok(Outcome::Answered(if same { done_page(ctx, lang, now) } else { already_submitted_page(ctx, lang) }));
    }
    let all_errors = validate(survey, &ctx.compiled.validator, &value, lang);
    // Wrong answers among those posted stop the request before anything is stored (a missing
    // required answer waits for the submit).
    let mut page_errors: FieldErrors = all_errors
        .iter()
        .filter(|(id, _)| touched.contains(id.as_str()) && answers.contains_key(*id))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let text = value.to_string();
    if text.len() > MAX_ANSWERS_BYTES
        && let Some(longest) = touched
            .iter()
            .filter(|id| answers.contains_key(**id))
            .max_by_key(|id| answers.get(**id).map_or(0, |v| v.to_string().len()))
    {
        page_errors.insert(
            (*longest).to_string(),
            t(
                lang,
                "Las respuestas son demasiado largas para guardarlas: acorte este texto.",
                "The answers are too long to store: shorten this text.",
            )
            .to_string(),
        );
    }
    let csrf_field = posted.get(csrf::FIELD).unwrap_or_default().to_string();
    if !page_errors.is_empty() {
        let shown = page_errors.keys().map(|id| form_view::page_of(survey, id)).min().unwrap_or(page);
        return Ok(Outcome::Answered(render_page(
            ctx,
            lang,
            shown,
            answers,
            &page_errors,
            false,
            csrf_field,
            StatusCode::UNPROCESSABLE_ENTITY,
        )));
    }

    let asked = if action == "submit" && all_errors.is_empty() { Move::Submit } else { Move::SavePage };
    let step = lifecycle::step(stored, asked, ctx.takes_changes());
    let kept = ctx.response.as_ref();
    let group_code = match &ctx.invited {
        Some((p, _)) => p.group_code.clone(),
        None => group_question(ctx)
            .and_then(|g| answers.get(&g).and_then(Value::as_str).map(str::to_string))
            .unwrap_or_else(|| "unknown".into()),
    };
    let codes = || crate::analysis::codes::encode(survey, answers);
    let anonymous = ctx.campaign.mode() == Mode::Anonymous;
    // An anonymous response carries no time of its own (see `Submission::stamped`).
    let stamped = if anonymous { ctx.campaign.created_at } else { now };
    // The row as this step leaves it.
    let (status, stored_answers, codes, pending, submitted_at, group_code, language) = match (step, kept) {
        (Step::Change, Some(r)) => (
            "submitted",
            r.answers.clone(),
            r.codes.clone(),
            Some(text),
            r.submitted_at,
            r.group_code.clone(),
            r.language.clone(),
        ),
        (Step::Resubmit, Some(r)) => {
            ("submitted", text, codes(), None, r.submitted_at.or(Some(now)), group_code, lang.to_string())
        }
        (Step::Submit, _) => ("submitted", text, codes(), None, Some(stamped), group_code, lang.to_string()),
        (Step::Draft, _) => ("draft", text, None, None, None, group_code, lang.to_string()),
        // Submitted responses are handled above; a change needs the response it changes.
        (Step::AlreadySubmitted | Step::Change | Step::Resubmit, _) => {
            return Ok(Outcome::Answered(already_submitted_page(ctx, lang)));
        }
    };
    let first_submission = step == Step::Submit;
    // The thank-you message is written out here, beside the other requests; the writer queues it
    // only if this is the invitation's first submission.
    let thanks = match (&ctx.invited, &ctx.groups) {
        (Some((participant, inv)), Some(groups)) if first_submission && inv.submitted_at.is_none() => {
            let cm = crate::mail::queue::CampaignMail::new(
                ctx.campaign.clone(),
                groups.as_ref().clone(),
                &state.settings.base_url,
            );
            Some(cm.compose(crate::mail::templates::MailKind::ThankYou, participant, now))
        }
        _ => None,
    };
    let saved = state
        .writer
        .save(Submission {
            campaign_id: ctx.campaign.id,
            participant_id: ctx.invited.as_ref().filter(|_| !anonymous).map(|(p, _)| p.id),
            respondent_key: ctx.respondent_key.clone(),
            group_code,
            origin: if ctx.invited.is_some() { "link" } else { "public" },
            language,
            status,
            answers: stored_answers,
            codes,
            pending,
            page: page as i32,
            now,
            stamped,
            submitted_at,
            new_id: anonymous.then(crate::db::submissions::random_id),
            anonymous: anonymous && ctx.invited.is_some(),
            read_version: kept.map_or(0, |r| r.version),
            first_submission,
            invitation: ctx.invited.as_ref().map(|(_, i)| (i.id, i.started_at.is_some())),
            thanks,
        })
        .await?;
    if saved == Saved::Stale {
        return Ok(Outcome::Stale);
    }

    let path = &ctx.path;
    let edit = if step.submitted() && ctx.takes_changes() { "&edit=1" } else { "" };
    Ok(Outcome::Answered(match action {
        "submit" if asked == Move::Submit => see_other(format!("{path}?lang={lang}")),
        "submit" => {
            let first_page = all_errors.keys().map(|id| form_view::page_of(survey, id)).min().unwrap_or(page);
            render_page(
                ctx,
                lang,
                first_page,
                answers,
                &all_errors,
                false,
                csrf_field,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
        }
        "prev" => see_other(format!("{path}?page={}&lang={lang}{edit}", page.max(1))),
        "save" => see_other(format!("{path}?page={}&lang={lang}&saved=1{edit}", page + 1)),
        a if a.starts_with("lang:") => {
            let to = a.trim_start_matches("lang:");
            let to = if ctx.campaign.languages().iter().any(|l| l == to) { to } else { lang };
            see_other(format!("{path}?page={}&lang={to}{edit}", page + 1))
        }
        _ => see_other(format!("{path}?page={}&lang={lang}{edit}", (page + 2).min(pages_n))),
    }))
}

pub async fn save_personal(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
    form: Fields,
) -> HttpResponse {
    save(state, req, Who::Token(path.into_inner()), form.0).await.unwrap_or_else(|e| respondent_error(&e))
}

pub async fn save_public(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
    form: Fields,
) -> HttpResponse {
    let slug = path.into_inner();
    if crate::campaign::check_slug(&slug).is_err() {
        return pages::not_found("es");
    }
    let (browser, cookie) = public_browser(&req, &slug, state.settings.https());
    let mut resp =
        save(state, req, Who::Public { slug, browser }, form.0).await.unwrap_or_else(|e| respondent_error(&e));
    if let Some(c) = cookie {
        let _ = resp.add_cookie(&c);
    }
    resp
}
