//! One response in the console, for coordinators: as its respondent gave it (page by page, each
//! question and its answer in words, in the language they answered in), with who, where from
//! and when; a form to exclude it from every figure with a reason, or the exclusion's facts and
//! a form to restore it. The rules are `service::review`'s; each action is audit-logged under
//! the coordinator's name. A refusal brings the form back with what was typed.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;

use super::console::{ip_of, lang_of, posted_as, shown, signed_in_as};
use super::form_body::Form;
use super::form_view::{AnsweredPage, answered};
use super::pages::{self, t};
use super::responses::{origin_label, standing_label};
use super::state::AppState;
use crate::error::AppError;
use crate::role::Area;
use crate::service::exclusions::{self, MAX_REASON_CHARS};
use crate::service::review::{self, Reviewed, Standing};
use crate::service::{Actor, DomainError};

#[derive(Template)]
#[template(path = "console_response.html")]
struct OnePage<'a> {
    lang: &'a str,
    title: String,
    back: &'a str,
    back_href: String,
    csrf: String,
    messages: Vec<String>,
    failed: bool,
    /// Where the exclude or restore form posts.
    action: String,
    facts: Vec<(&'a str, String)>,
    pages: Vec<AnsweredPage>,
    unanswered: String,
    t_answers: &'a str,
    /// The form offered: exclude (a submitted response), restore (an excluded one), or none.
    can_exclude: bool,
    can_restore: bool,
    reason: String,
    max_reason: usize,
    t_exclude_heading: &'a str,
    t_reason: &'a str,
    t_reason_hint: &'a str,
    t_exclude: &'a str,
    t_restore_heading: &'a str,
    t_note: &'a str,
    t_restore: &'a str,
    t_draft: &'a str,
}

/// What the page shows besides the response: the outcome of an action, and what was typed.
struct Shown {
    messages: Vec<String>,
    /// 200, or the refusal's status (422 for what was typed, 409 for the response's state).
    status: StatusCode,
    reason: String,
}

impl Shown {
    fn nothing() -> Self {
        Self { messages: Vec::new(), status: StatusCode::OK, reason: String::new() }
    }

    fn done(message: String) -> Self {
        Self { messages: vec![message], status: StatusCode::OK, reason: String::new() }
    }
}

fn facts<'a>(lang: &'a str, r: &Reviewed) -> Vec<(&'a str, String)> {
    let tz = &r.campaign.time_zone;
    let when = |x: Option<chrono::NaiveDateTime>| {
        x.map(|at| crate::mail::queue::format_close(at, tz)).unwrap_or_else(|| "—".into())
    };
    let s = &r.response;
    let who = match &r.participant {
        Some(p) => [Some(p.email.as_str()), p.name.as_deref(), p.organisation.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" · "),
        None => "—".into(),
    };
    let origin = match &s.paper_ref {
        Some(id) => format!("{} ({} {id})", origin_label(lang, &s.origin), t(lang, "responses-form")),
        None => origin_label(lang, &s.origin),
    };
    let mut out = vec![
        (t(lang, "responses-status"), standing_label(lang, r.standing()).to_string()),
        (t(lang, "response-participant"), who),
        (t(lang, "responses-group"), s.group_code.clone()),
        (t(lang, "response-origin"), origin),
        (t(lang, "form-review-language"), s.language.clone()),
        (t(lang, "response-started"), when(Some(s.created_at))),
        (t(lang, "response-submitted"), when(s.submitted_at)),
        (t(lang, "response-last-change"), when(Some(s.updated_at))),
    ];
    if r.change_in_progress() {
        out.push((
            t(lang, "response-change-in-progress"),
            t(lang, "response-the-respondent-saved-changes-without-submitting").into(),
        ));
    }
    if s.is_excluded() {
        out.push((t(lang, "response-excluded"), when(s.excluded_at)));
        out.push((t(lang, "response-excluded-by"), s.excluded_by.clone().unwrap_or_default()));
        out.push((t(lang, "response-reason"), s.exclusion_reason.clone().unwrap_or_default()));
    }
    out
}

async fn one(
    state: &web::Data<AppState>,
    req: &HttpRequest,
    slug: String,
    id: i64,
    csrf: String,
    shown_now: Shown,
) -> Result<HttpResponse, AppError> {
    let lang = lang_of(req);
    let (st, s) = (state.clone(), slug.clone());
    let found = web::block(move || -> Result<_, DomainError> {
        let mut conn = st.pool.get()?;
        review::response(&mut conn, &s, id)
    })
    .await?;
    let r = match found {
        Ok(r) => r,
        Err(DomainError::NotFound(m)) => {
            return Ok(pages::notice(StatusCode::NOT_FOUND, lang, t(lang, "response-not-found"), vec![m]));
        }
        Err(DomainError::Forbidden(m)) => {
            return Ok(pages::notice(StatusCode::FORBIDDEN, lang, t(lang, "console-not-allowed"), vec![m]));
        }
        Err(e) => return Err(e.into()),
    };
    let (pages_answered, unanswered) = answered(&r.survey, &r.response.language, &r.answers());
    let standing = r.standing();
    let status = shown_now.status;
    let page = OnePage {
        lang,
        title: format!("{} #{id}", t(lang, "response-response")),
        back: t(lang, "responses-responses"),
        back_href: format!("/console/campaigns/{slug}/responses"),
        csrf,
        messages: shown_now.messages,
        failed: status != StatusCode::OK,
        action: format!(
            "/console/campaigns/{slug}/response/{id}/{}",
            if standing == Standing::Excluded { "restore" } else { "exclude" }
        ),
        facts: facts(lang, &r),
        pages: pages_answered,
        unanswered: match unanswered {
            0 => String::new(),
            n => crate::i18n::format(lang, "response-unanswered-not-shown", &[("n", n.into())]),
        },
        t_answers: t(lang, "response-answers-as-given"),
        can_exclude: standing == Standing::Submitted,
        can_restore: standing == Standing::Excluded,
        reason: shown_now.reason,
        max_reason: MAX_REASON_CHARS,
        t_exclude_heading: t(lang, "response-exclude-from-the-figures"),
        t_reason: t(lang, "response-reason-required"),
        t_reason_hint: t(lang, "response-for-example-test-duplicate-it-appears"),
        t_exclude: t(lang, "response-exclude-this-response"),
        t_restore_heading: t(lang, "response-restore"),
        t_note: t(lang, "response-note-for-the-audit-log-optional"),
        t_restore: t(lang, "response-restore-this-response"),
        t_draft: t(lang, "response-not-submitted-yet-it-counts-in"),
    };
    Ok(pages::render(status, &page))
}

#[get("/console/campaigns/{slug}/response/{id}")]
pub async fn response(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<(String, i64)>,
) -> Result<HttpResponse, AppError> {
    match signed_in_as(&state, &req, Area::Management).await? {
        Ok((_, csrf)) => {
            let (slug, id) = path.into_inner();
            one(&state, &req, slug, id, csrf, Shown::nothing()).await
        }
        Err(p) => Ok(p),
    }
}

#[derive(serde::Deserialize)]
pub struct ActionForm {
    csrf: String,
    /// The reason (exclude).
    #[serde(default)]
    reason: String,
    /// The note (restore).
    #[serde(default)]
    note: String,
}

#[derive(Clone, Copy)]
enum Action {
    Exclude,
    Restore,
}

async fn act(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<(String, i64)>,
    form: Form<ActionForm>,
    action: Action,
) -> Result<HttpResponse, AppError> {
    let f = form.into_inner();
    let (user, csrf) = match posted_as(&state, &req, Area::Management, &f.csrf).await? {
        Ok(u) => u,
        Err(p) => return Ok(p),
    };
    let (slug, id) = path.into_inner();
    let (st, s) = (state.clone(), slug.clone());
    let actor = Actor { name: user.username, ip: ip_of(&req) };
    let typed = match action {
        Action::Exclude => f.reason,
        Action::Restore => f.note,
    };
    let reason = typed.clone();
    let done = web::block(move || -> Result<_, DomainError> {
        let mut conn = st.pool.get()?;
        let now = st.clock.now();
        match action {
            Action::Exclude => exclusions::exclude(&mut conn, &s, id, &reason, &actor, now),
            Action::Restore => exclusions::restore(&mut conn, &s, id, Some(&reason), &actor, now),
        }
    })
    .await?;
    let lang = lang_of(&req);
    let shown_now = match (done, action) {
        (Ok(_), Action::Exclude) => {
            Shown::done(format!("#{id} {}", t(lang, "response-excluded-it-leaves-every-figure-and")))
        }
        (Ok(_), Action::Restore) => Shown::done(format!("#{id} {}", t(lang, "response-restored-it-counts-again"))),
        // A response or campaign not there, or anonymous: the page says so as it would unasked.
        (Err(DomainError::NotFound(_) | DomainError::Forbidden(_)), _) => Shown::nothing(),
        (Err(e), _) => {
            let status = if matches!(e, DomainError::Conflict(_)) {
                StatusCode::CONFLICT
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
            Shown { messages: vec![shown(e)?], status, reason: typed }
        }
    };
    one(&state, &req, slug, id, csrf, shown_now).await
}

/// Excludes a submitted response, with a reason.
#[post("/console/campaigns/{slug}/response/{id}/exclude")]
pub async fn exclude(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<(String, i64)>,
    form: Form<ActionForm>,
) -> Result<HttpResponse, AppError> {
    act(state, req, path, form, Action::Exclude).await
}

/// Restores an excluded response.
#[post("/console/campaigns/{slug}/response/{id}/restore")]
pub async fn restore(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<(String, i64)>,
    form: Form<ActionForm>,
) -> Result<HttpResponse, AppError> {
    act(state, req, path, form, Action::Restore).await
}
