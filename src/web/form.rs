//! The respondent's questionnaire behind a personal link: `GET /r/{token}` shows a page (or the
//! thank-you page once submitted), `POST /r/{token}` saves the page's answers as a draft and moves
//! on, or submits. Works without JavaScript; every page move saves.

use actix_web::cookie::{Cookie, SameSite};
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, web};

use super::csrf;
use super::form_page::{Shown, closed_page, done_page, library, load, render_page, respondent_error};
use super::pages;
use super::state::AppState;
use super::{form_intro, form_review, form_view};
use crate::error::AppError;
use crate::service::DomainError;
use crate::service::respondent::{self, Who};
use crate::survey::response::FieldErrors;

#[derive(serde::Deserialize)]
pub struct ShowQuery {
    page: Option<usize>,
    lang: Option<String>,
    saved: Option<u8>,
    edit: Option<u8>,
    /// The review page before the final submit (or a page reached from it: `page` with it).
    review: Option<u8>,
    /// The respondent agreed to the definition's consent statement on the welcome screen.
    consent: Option<u8>,
}

fn no_store(mut resp: HttpResponse) -> HttpResponse {
    resp.headers_mut()
        .insert(actix_web::http::header::CACHE_CONTROL, actix_web::http::header::HeaderValue::from_static("no-store"));
    resp
}

/// Shows the page asked for, the page to resume at, or the thank-you page.
async fn show(state: web::Data<AppState>, req: HttpRequest, who: Who, q: ShowQuery) -> Result<HttpResponse, AppError> {
    let st = state.clone();
    let w = who.clone();
    let ctx = web::block(move || load(&st, &w)).await??;
    let Some(ctx) = ctx else { return Ok(pages::not_found("es")) };
    let lang = ctx.pick_lang(q.lang.as_deref());
    let now = state.clock.now();
    if let Some(page) = closed_page(&ctx, &lang, now) {
        return Ok(page);
    }
    let editing = q.edit == Some(1) && ctx.takes_changes();
    if ctx.submitted() && ((!editing && q.page.is_none()) || !ctx.takes_changes()) {
        return Ok(done_page(&ctx, &lang, now));
    }
    let (cookie_value, new_cookie) = csrf::cookie_value(&req, state.settings.https());
    let field = csrf::field_for(&state.key, &cookie_value);
    let consented = q.consent == Some(1);
    let mut answers = ctx.answers();
    let mut resp = if ctx.not_begun() && (q.page.is_none() || (ctx.needs_consent() && !consented)) {
        // Who asks, why, for how long, who sees the answers; the consent asked for.
        form_intro::welcome_page(&ctx, &lang, field)
    } else if q.review == Some(1) && q.page.is_none() {
        ctx.fill_group(&mut answers);
        form_review::review_page(&ctx, &lang, &answers, editing && ctx.submitted(), field)
    } else {
        // Resume from what the respondent saved (the group filled in for them does not count).
        let page = q
            .page
            .map(|p| p.saturating_sub(1))
            .unwrap_or_else(|| form_view::resume_page(&ctx.compiled.survey, &answers));
        ctx.fill_group(&mut answers);
        let shown = Shown {
            saved: q.saved == Some(1),
            consent: consented && ctx.needs_consent(),
            from_review: q.review == Some(1),
            ..Shown::default()
        };
        render_page(&ctx, &lang, page, &answers, &FieldErrors::new(), shown, field, StatusCode::OK)
    };
    if let Some(c) = new_cookie {
        let _ = resp.add_cookie(&c);
    }
    Ok(no_store(resp))
}

/// `GET /r/{token}/seen.css`: asked for by a personal link's page. With the browser's session
/// cookie (set by the page) it marks the invitation opened; a bare request of the link (a mail
/// scanner, a link preview) does not. Always the same empty stylesheet, whatever the token.
#[get("/r/{token}/seen.css")]
pub async fn seen(state: web::Data<AppState>, req: HttpRequest, path: web::Path<String>) -> HttpResponse {
    let token = path.into_inner();
    let session = req.cookie(csrf::COOKIE).is_some_and(|c| crate::token::looks_like_token(c.value()));
    if session && crate::token::looks_like_token(&token) {
        let st = state.clone();
        let now = state.clock.now();
        let marked = web::block(move || respondent::seen(&st.pool, &library(&st), &token, now)).await;
        if let Ok(Err(e)) = marked {
            crate::error::log_failure(&e.into());
        }
    }
    no_store(HttpResponse::Ok().content_type("text/css; charset=utf-8").body(""))
}

pub async fn show_personal(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
    query: web::Query<ShowQuery>,
) -> HttpResponse {
    show(state, req, Who::Token(path.into_inner()), query.into_inner()).await.unwrap_or_else(|e| respondent_error(&e))
}

/// `HEAD` on a questionnaire link (link checkers, mail scanners, uptime probes): the status a
/// `GET` would have (404 unknown, 410 closed, 400 for a query it would refuse) and no body, with
/// nothing recorded: the invitation is not marked opened and no cookie is set. A page whose length
/// is not known without rendering it is answered without a `Content-Length`.
async fn head(state: web::Data<AppState>, who: Who) -> Result<HttpResponse, AppError> {
    let st = state.clone();
    let Some(ctx) = web::block(move || load(&st, &who)).await?? else { return Ok(pages::not_found("es")) };
    let lang = ctx.pick_lang(None);
    if let Some(page) = closed_page(&ctx, &lang, state.clock.now()) {
        return Ok(page);
    }
    let resp = HttpResponse::Ok().content_type("text/html; charset=utf-8").body(actix_web::body::None::new());
    Ok(no_store(resp))
}

pub async fn head_personal(
    state: web::Data<AppState>,
    path: web::Path<String>,
    _query: web::Query<ShowQuery>,
) -> Result<HttpResponse, AppError> {
    head(state, Who::Token(path.into_inner())).await
}

pub async fn head_public(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
    _query: web::Query<ShowQuery>,
) -> Result<HttpResponse, AppError> {
    let slug = path.into_inner();
    if crate::campaign::check_slug(&slug).is_err() {
        return Ok(pages::not_found("es"));
    }
    let browser = existing_browser(&req, &slug).unwrap_or_else(crate::token::random_token);
    head(state, Who::Public { slug, browser }).await
}

/// The browser cookie of the public link: the respondent key of a visitor, per campaign.
pub(super) fn public_browser(req: &HttpRequest, slug: &str, secure: bool) -> (String, Option<Cookie<'static>>) {
    if let Some(b) = existing_browser(req, slug) {
        return (b, None);
    }
    let (value, cookie) = new_browser(slug, secure);
    (value, Some(cookie))
}

/// The browser key this browser already carries for the campaign, if any.
fn existing_browser(req: &HttpRequest, slug: &str) -> Option<String> {
    req.cookie(&browser_cookie_name(slug)).map(|c| c.value().to_string()).filter(|v| crate::token::looks_like_token(v))
}

fn browser_cookie_name(slug: &str) -> String {
    format!("dra_p_{slug}")
}

/// A new random browser key and the cookie that carries it.
fn new_browser(slug: &str, secure: bool) -> (String, Cookie<'static>) {
    let value = crate::token::random_token();
    let cookie = Cookie::build(browser_cookie_name(slug), value.clone())
        .path(format!("/p/{slug}"))
        .http_only(true)
        .secure(secure)
        .same_site(SameSite::Lax)
        .max_age(actix_web::cookie::time::Duration::days(180))
        .finish();
    (value, cookie)
}

/// `GET /p/{slug}/again`: on a campaign that takes several responses per browser (a shared
/// computer in a community centre), a browser whose response is submitted starts a new one.
/// Anything else (one response per browser, a draft in progress) leads back to the form as is.
#[get("/p/{slug}/again")]
pub async fn public_again(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
    query: web::Query<ShowQuery>,
) -> Result<HttpResponse, AppError> {
    let slug = path.into_inner();
    if crate::campaign::check_slug(&slug).is_err() {
        return Ok(pages::not_found("es"));
    }
    let lang =
        query.lang.as_deref().filter(|l| !l.is_empty() && l.len() <= 8 && l.chars().all(|c| c.is_ascii_alphabetic()));
    let location = match lang {
        Some(l) => format!("/p/{slug}?lang={l}"),
        None => format!("/p/{slug}"),
    };
    let Some(browser) = existing_browser(&req, &slug) else {
        return Ok(see_other(location));
    };
    let st = state.clone();
    let s = slug.clone();
    let again = web::block(move || -> Result<bool, DomainError> {
        let mut conn = st.pool.get()?;
        respondent::may_answer_again(&mut conn, &st.key, &s, &browser)
    })
    .await??;
    let mut resp = see_other(location);
    if again {
        let (_, cookie) = new_browser(&slug, state.settings.https());
        let _ = resp.add_cookie(&cookie);
    }
    Ok(no_store(resp))
}

pub async fn show_public(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
    query: web::Query<ShowQuery>,
) -> HttpResponse {
    let slug = path.into_inner();
    if crate::campaign::check_slug(&slug).is_err() {
        // Not a campaign's slug: nothing is named after it (no cookie, no path).
        return pages::not_found("es");
    }
    let (browser, cookie) = public_browser(&req, &slug, state.settings.https());
    let mut resp = show(state, req, Who::Public { slug, browser }, query.into_inner())
        .await
        .unwrap_or_else(|e| respondent_error(&e));
    if let Some(c) = cookie {
        let _ = resp.add_cookie(&c);
    }
    resp
}

pub(super) fn see_other(location: String) -> HttpResponse {
    HttpResponse::SeeOther().insert_header(("Location", location)).finish()
}

/// `GET /r/{token}/print`: the questionnaire on paper, in the respondent's language, the group
/// box filled in.
#[get("/r/{token}/print")]
pub async fn print_personal(
    state: web::Data<AppState>,
    path: web::Path<String>,
    query: web::Query<ShowQuery>,
) -> Result<HttpResponse, AppError> {
    let who = Who::Token(path.into_inner());
    let st = state.clone();
    let Some(ctx) = web::block(move || load(&st, &who)).await?? else { return Ok(pages::not_found("es")) };
    let lang = ctx.pick_lang(query.lang.as_deref());
    let group = ctx.invited.as_ref().map(|(p, _)| p.group_code.clone()).unwrap_or_default();
    let compiled = ctx.compiled.clone();
    let name = ctx.campaign.name_in(&lang);
    let l = lang.clone();
    let pdf = web::block(move || crate::report::questionnaire::pdf(&compiled.survey, &l, &name, "", &group))
        .await?
        .map_err(|e| AppError::Internal(anyhow::anyhow!(e.to_string())))?;
    Ok(no_store(
        HttpResponse::Ok()
            .content_type("application/pdf")
            .insert_header(("Content-Disposition", format!("inline; filename=\"questionnaire-{lang}.pdf\"")))
            .body(pdf),
    ))
}
