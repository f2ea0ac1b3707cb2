//! The respondent's questionnaire behind a personal link: `GET /r/{token}` shows a page (or the
//! thank-you page once submitted), `POST /r/{token}` saves the page's answers as a draft and moves
//! on, or submits. Works without JavaScript; every page move saves.

use std::collections::HashMap;

use actix_web::cookie::{Cookie, SameSite};
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, web};
use serde_json::Value;

use super::csrf;
use super::form_page::{
    Context, Who, answers_of, closed_page, done_page, fill_group, group_question, load, pick_lang, render_page,
};
use super::form_view;
use super::pages::{self, t};
use crate::app::AppState;
use crate::campaign::Mode;
use crate::db::{self, DbError};
use crate::error::AppError;
use crate::survey::response::{FieldErrors, parse_field, validate};

#[derive(serde::Deserialize)]
pub struct ShowQuery {
    page: Option<usize>,
    lang: Option<String>,
    saved: Option<u8>,
    edit: Option<u8>,
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
    let ctx = web::block(move || -> Result<Option<Context>, DbError> {
        let ctx = load(&st, &w)?;
        if let Some(c) = &ctx
            && let Some((_, inv)) = &c.invited
            && c.campaign.accepts_at(st.clock.now())
        {
            let mut conn = st.pool.get()?;
            db::invitations::mark_opened(&mut conn, inv.id, st.clock.now())?;
        }
        Ok(ctx)
    })
    .await??;
    let Some(ctx) = ctx else { return Ok(pages::not_found("es")) };
    let lang = pick_lang(&ctx, q.lang.as_deref());
    let now = state.clock.now();
    if let Some(page) = closed_page(&ctx, &lang, now) {
        return Ok(page);
    }
    let submitted = ctx.response.as_ref().is_some_and(|r| r.is_submitted());
    let editing = q.edit == Some(1) && ctx.campaign.allow_edit != 0;
    if submitted && ((!editing && q.page.is_none()) || ctx.campaign.allow_edit == 0) {
        return Ok(done_page(&ctx, &lang, now));
    }
    let mut answers = answers_of(&ctx);
    // Resume from what the respondent saved (the group filled in for them does not count).
    let page =
        q.page.map(|p| p.saturating_sub(1)).unwrap_or_else(|| form_view::resume_page(&ctx.compiled.survey, &answers));
    fill_group(&ctx, &mut answers);
    let (cookie_value, new_cookie) = csrf::cookie_value(&req, state.settings.https());
    let field = csrf::field_for(&state.key, &cookie_value);
    let mut resp =
        render_page(&ctx, &lang, page, &answers, &FieldErrors::new(), q.saved == Some(1), field, StatusCode::OK);
    if let Some(c) = new_cookie {
        let _ = resp.add_cookie(&c);
    }
    Ok(no_store(resp))
}

pub async fn show_personal(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
    query: web::Query<ShowQuery>,
) -> Result<HttpResponse, AppError> {
    show(state, req, Who::Token(path.into_inner()), query.into_inner()).await
}

/// `HEAD` on a questionnaire link (link checkers, mail scanners, uptime probes): the status a
/// `GET` would have (404 unknown, 410 closed, 400 for a query it would refuse) and no body, with
/// nothing recorded: the invitation is not marked opened and no cookie is set. A page whose length
/// is not known without rendering it is answered without a `Content-Length`.
async fn head(state: web::Data<AppState>, who: Who) -> Result<HttpResponse, AppError> {
    let st = state.clone();
    let Some(ctx) = web::block(move || load(&st, &who)).await?? else { return Ok(pages::not_found("es")) };
    let lang = pick_lang(&ctx, None);
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
    let browser = existing_browser(&req, &slug).unwrap_or_else(crate::token::random_token);
    head(state, Who::Public { slug, browser }).await
}

/// The browser cookie of the public link: the respondent key of a visitor, per campaign.
fn public_browser(req: &HttpRequest, slug: &str, secure: bool) -> (String, Option<Cookie<'static>>) {
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
    let again = web::block(move || -> Result<bool, DbError> {
        let mut conn = st.pool.get()?;
        let Some(c) = db::campaigns::by_slug(&mut conn, &s)? else { return Ok(false) };
        if c.public_link == 0 || c.one_per_browser != 0 {
            return Ok(false);
        }
        let key = super::form_page::public_respondent_key(&st, &s, &browser);
        Ok(db::responses::by_key(&mut conn, &key)?.is_some_and(|r| r.is_submitted()))
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
) -> Result<HttpResponse, AppError> {
    let slug = path.into_inner();
    let (browser, cookie) = public_browser(&req, &slug, state.settings.https());
    let mut resp = show(state, req, Who::Public { slug, browser }, query.into_inner()).await?;
    if let Some(c) = cookie {
        let _ = resp.add_cookie(&c);
    }
    Ok(resp)
}

fn see_other(location: String) -> HttpResponse {
    HttpResponse::SeeOther().insert_header(("Location", location)).finish()
}

/// Saves the posted page, then moves on, shows the errors, or submits.
async fn save(
    state: web::Data<AppState>,
    req: HttpRequest,
    who: Who,
    fields: Vec<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let get = |name: &str| fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str());
    if !csrf::verify(&state.key, &req, get(csrf::FIELD)) {
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
    let st = state.clone();
    let w = who.clone();
    let Some(ctx) = web::block(move || load(&st, &w)).await?? else { return Ok(pages::not_found("es")) };
    let lang = pick_lang(&ctx, get("lang"));
    let now = state.clock.now();
    if let Some(page) = closed_page(&ctx, &lang, now) {
        return Ok(page);
    }
    if ctx.invited.is_none() && get("website").is_some_and(|v| !v.is_empty()) {
        // The honeypot was filled in: a robot. Look done, store nothing.
        return Ok(done_page(&ctx, &lang, now));
    }
    if ctx.invited.is_none() && !state.public_limit.allow(&req, now) {
        return Ok(pages::notice(
            StatusCode::TOO_MANY_REQUESTS,
            &lang,
            t(&lang, "Demasiados envíos", "Too many submissions"),
            vec![t(&lang, "Espere un minuto y vuelva a intentarlo.", "Wait a minute and try again.").to_string()],
        ));
    }
    let submitted = ctx.response.as_ref().is_some_and(|r| r.is_submitted());
    if submitted && ctx.campaign.allow_edit == 0 {
        return Ok(done_page(&ctx, &lang, now));
    }
    let survey = &ctx.compiled.survey;
    let pages_n = survey.pages.len().max(1);
    let page = get("page").and_then(|p| p.parse::<usize>().ok()).unwrap_or(1).clamp(1, pages_n) - 1;
    let action = get("action").unwrap_or("next").to_string();

    // This page's answers replace what was stored for its questions (an unticked choice is
    // cleared); answers to questions of other pages are taken when they are posted (a client
    // may send a whole response at once) and otherwise stay as they are.
    let mut answers = answers_of(&ctx);
    let on_page: Vec<&String> = survey.pages.get(page).map(|p| p.questions.iter().collect()).unwrap_or_default();
    let mut posted: HashMap<&str, Vec<&str>> = HashMap::with_capacity(fields.len());
    for (k, v) in &fields {
        posted.entry(k.as_str()).or_default().push(v.as_str());
    }
    for q in &survey.questions {
        let values = posted.get(q.id.as_str()).map(Vec::as_slice).unwrap_or_default();
        if values.is_empty() && !on_page.contains(&&q.id) {
            continue;
        }
        match parse_field(q, values) {
            Some(v) => answers.insert(q.id.clone(), v),
            None => answers.remove(&q.id),
        };
    }
    fill_group(&ctx, &mut answers);
    let value = Value::Object(answers.clone());
    let all_errors = validate(survey, &ctx.compiled.validator, &value, &lang);
    let page_ids: Vec<&String> = survey.pages.get(page).map(|p| p.questions.iter().collect()).unwrap_or_default();
    // On a page move only wrong answers on this page stop the respondent (a missing required
    // answer waits for the submit).
    let page_errors: FieldErrors = all_errors
        .iter()
        .filter(|(id, _)| page_ids.contains(id) && answers.contains_key(*id))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let submit = action == "submit" && all_errors.is_empty();
    let group_code = match &ctx.invited {
        Some((p, _)) => p.group_code.clone(),
        None => group_question(&ctx)
            .and_then(|g| answers.get(&g).and_then(Value::as_str).map(str::to_string))
            .unwrap_or_else(|| "unknown".into()),
    };
    {
        let anonymous = ctx.campaign.mode() == Mode::Anonymous;
        // The thank-you message is written out here, beside the other requests; the writer only
        // queues it, the first time the response is submitted (a request that read the
        // invitation already submitted composes none).
        let thanks = match (&ctx.invited, &ctx.groups) {
            (Some((participant, inv)), Some(groups)) if submit && inv.submitted_at.is_none() => {
                let cm = crate::mail::queue::CampaignMail::new(
                    ctx.campaign.clone(),
                    groups.as_ref().clone(),
                    &state.settings.base_url,
                );
                Some(cm.compose(crate::mail::templates::MailKind::ThankYou, participant, now))
            }
            _ => None,
        };
        // Saved with the other requests of the moment in one durable commit.
        state
            .writer
            .save(db::submissions::Submission {
                campaign_id: ctx.campaign.id,
                participant_id: ctx.invited.as_ref().filter(|_| !anonymous).map(|(p, _)| p.id),
                respondent_key: ctx.respondent_key.clone(),
                group_code,
                origin: if ctx.invited.is_some() { "link" } else { "public" },
                language: lang.clone(),
                answers: value.to_string(),
                codes: if submit { crate::analysis::codes::encode(survey, &answers) } else { None },
                page: page as i32,
                submit,
                now,
                invitation: ctx.invited.as_ref().map(|(_, i)| (i.id, i.started_at.is_some())),
                thanks,
            })
            .await?;
    }

    let csrf_field = get(csrf::FIELD).unwrap_or_default().to_string();
    let path = &ctx.path;
    if !page_errors.is_empty() && action != "prev" && !action.starts_with("lang:") {
        return Ok(render_page(
            &ctx,
            &lang,
            page,
            &answers,
            &page_errors,
            false,
            csrf_field,
            StatusCode::UNPROCESSABLE_ENTITY,
        ));
    }
    match action.as_str() {
        "submit" if submit => Ok(see_other(format!("{path}?lang={lang}"))),
        "submit" => {
            let first_page = all_errors.keys().map(|id| form_view::page_of(survey, id)).min().unwrap_or(page);
            Ok(render_page(
                &ctx,
                &lang,
                first_page,
                &answers,
                &all_errors,
                false,
                csrf_field,
                StatusCode::UNPROCESSABLE_ENTITY,
            ))
        }
        "prev" => Ok(see_other(format!("{path}?page={}&lang={lang}", page.max(1)))),
        "save" => Ok(see_other(format!("{path}?page={}&lang={lang}&saved=1", page + 1))),
        a if a.starts_with("lang:") => {
            let to = a.trim_start_matches("lang:");
            Ok(see_other(format!("{path}?page={}&lang={to}", page + 1)))
        }
        _ => Ok(see_other(format!("{path}?page={}&lang={lang}", (page + 2).min(pages_n)))),
    }
}

pub async fn save_personal(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
    form: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    save(state, req, Who::Token(path.into_inner()), form.into_inner()).await
}

pub async fn save_public(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
    form: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    let slug = path.into_inner();
    let (browser, cookie) = public_browser(&req, &slug, state.settings.https());
    let mut resp = save(state, req, Who::Public { slug, browser }, form.into_inner()).await?;
    if let Some(c) = cookie {
        let _ = resp.add_cookie(&c);
    }
    Ok(resp)
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
    let lang = pick_lang(&ctx, query.lang.as_deref());
    let group = ctx.invited.as_ref().map(|(p, _)| p.group_code.clone()).unwrap_or_default();
    let compiled = ctx.compiled.clone();
    let name = ctx.campaign.name.clone();
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
