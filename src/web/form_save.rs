//! `POST /r/{token}` and `POST /p/{slug}`: a questionnaire page saved, or the response submitted.
//!
//! What a respondent is told is what is stored. The request is checked here (CSRF, the public
//! link's honeypot and rate limit); what the posted page comes to is the domain's
//! (`service::respondent::decide`: nothing is stored of a page with a wrong answer, and a write
//! is stored only if the response is still as it was read). When another request of the same
//! respondent wrote first (a second tab, a double click), this one reads again and is decided
//! again. A redirect to the thank-you page is sent only once the submitted answers are durable.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};

use super::csrf;
use super::form::{public_browser, see_other};
use super::form_body::Fields;
use super::form_page::{
    Shown, already_submitted_page, closed_page, done_page, load, render_page, render_submit_errors, respondent_error,
};
use super::pages::{self, t};
use super::state::AppState;
use crate::campaign::lifecycle::Move;
use crate::error::AppError;
use crate::service::respondent::{self, Context, Decision, Posted, Saved, Who};

/// How often a save is decided again when other requests of the same respondent keep writing
/// first. Two tabs racing settle in one more round; this bound only stops a runaway client.
const ATTEMPTS: usize = 8;

/// What one decision over the stored state led to.
enum Outcome {
    /// The page to answer with.
    Answered(HttpResponse),
    /// Another request of this respondent wrote first: read again.
    Stale,
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
        let Some(ctx) = web::block(move || load(&st, &w)).await?? else {
            return Ok(pages::not_found("es"));
        };
        let lang = ctx.pick_lang(posted.get("lang"));
        let now = state.clock.now();
        if let Some(page) = closed_page(&ctx, &lang, now) {
            return Ok(page);
        }
        // The welcome screen's buttons store nothing: they lead to the first page (with the
        // consent given, when the definition asks for it) or say that nothing was stored.
        match posted.action {
            "start" => return Ok(see_other(format!("{}?page=1&lang={lang}", ctx.path))),
            "consent:yes" => return Ok(see_other(format!("{}?page=1&lang={lang}&consent=1", ctx.path))),
            "consent:no" => return Ok(super::form_intro::declined_page(&ctx, &lang)),
            _ => {}
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
                    t(&lang, "form-save-too-many-submissions"),
                    vec![t(&lang, "form-save-wait-a-minute-and-try-again").to_string()],
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
        t(lang, "form-save-your-answers-changed-in-another-window"),
        vec![t(lang, "form-save-this-submission-was-not-stored-open").to_string()],
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
    let csrf_field = posted.get(csrf::FIELD).unwrap_or_default().to_string();
    let w = match respondent::decide(ctx, posted, lang, now) {
        Decision::Refused { page, answers, errors } => {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            let shown = Shown {
                consent: posted.get(respondent::CONSENT_FIELD) == Some("yes") && ctx.needs_consent(),
                from_review: posted.action == "review",
                ..Shown::default()
            };
            return Ok(Outcome::Answered(render_page(ctx, lang, page, &answers, &errors, shown, csrf_field, status)));
        }
        Decision::AlreadyDone => return Ok(Outcome::Answered(done_page(ctx, lang, now))),
        Decision::AlreadySubmitted => return Ok(Outcome::Answered(already_submitted_page(ctx, lang))),
        Decision::NeedsConsent => return Ok(Outcome::Answered(see_other(format!("{}?lang={lang}", ctx.path)))),
        Decision::Write(w) => w,
    };
    let respondent::Write { submission, asked, step, page, answers, all_errors } = *w;
    if respondent::store(&state.writer, submission).await? == Saved::Stale {
        return Ok(Outcome::Stale);
    }

    let survey = &ctx.compiled.survey;
    // Pages whose every question does not apply (as the answers now stand) are skipped.
    let shown = super::form_view::shown_pages(survey, &answers);
    let path = &ctx.path;
    let edit = if step.submitted() && ctx.takes_changes() { "&edit=1" } else { "" };
    Ok(Outcome::Answered(match posted.action {
        "submit" if asked == Move::Submit => see_other(format!("{path}?lang={lang}")),
        "submit" => {
            let first_page = all_errors.keys().map(|id| survey.page_of(id)).min().unwrap_or(page);
            render_submit_errors(ctx, lang, first_page, &answers, &all_errors, csrf_field)
        }
        "prev" => {
            let before = shown.iter().rev().copied().find(|&p| p < page).unwrap_or(page);
            see_other(format!("{path}?page={}&lang={lang}{edit}", before + 1))
        }
        "review" => see_other(format!("{path}?review=1&lang={lang}{edit}")),
        "save" => see_other(format!("{path}?page={}&lang={lang}&saved=1{edit}", page + 1)),
        a if a.starts_with("lang:") => {
            let to = a.trim_start_matches("lang:");
            let to = if ctx.campaign.languages().iter().any(|l| l == to) { to } else { lang };
            see_other(format!("{path}?page={}&lang={to}{edit}", page + 1))
        }
        // The next page shown (the last one has no next: it stays, with the way to the review).
        _ => {
            let next = shown.iter().copied().find(|&p| p > page).or(shown.last().copied()).unwrap_or(page);
            see_other(format!("{path}?page={}&lang={lang}{edit}", next + 1))
        }
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
