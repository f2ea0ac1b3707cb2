//! Setting up national indices from the console, for coordinators and administrators: create an
//! index campaign from a framework file (every problem shown with its line and pointer), import
//! an index's institutions and scores from CSV files (every problem with its line; the whole file
//! or nothing), and mail each institution its self-assessment link. Files come chosen or pasted, through `upload`; the session and its
//! CSRF token are checked before a body is read. The rules are `service::index`'s; each action
//! is audit-logged there.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;

use super::console::{ip_of, lang_of, shown, signed_in_as};
use super::pages::{self, t};
use super::state::AppState;
use super::upload;
use crate::error::AppError;
use crate::role::Area;
use crate::service::accounts::User;
use crate::service::index::{self as svc, CreateRequest, ImportSummary};
use crate::service::{Actor, DomainError};

#[derive(Template)]
#[template(path = "console_index_manage.html")]
struct ManagePage<'a> {
    lang: &'a str,
    title: &'a str,
    back: &'a str,
    csrf: String,
    messages: Vec<String>,
    failed: bool,
    /// (slug, name) of every index campaign.
    indices: Vec<(String, String)>,
    t_new: &'a str,
    t_new_hint: &'a str,
    t_slug: &'a str,
    t_name: &'a str,
    t_edition: &'a str,
    t_framework_file: &'a str,
    t_framework: &'a str,
    t_create: &'a str,
    t_units_file: &'a str,
    t_units: &'a str,
    t_import_units: &'a str,
    t_scores_file: &'a str,
    t_scores: &'a str,
    t_import_scores: &'a str,
    t_all_or_nothing: &'a str,
    t_open: &'a str,
    t_invite: &'a str,
    t_invite_hint: &'a str,
}

async fn page(
    state: &web::Data<AppState>,
    req: &HttpRequest,
    csrf: String,
    messages: Vec<String>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let lang = lang_of(req);
    let st = state.clone();
    let indices = web::block(move || -> Result<_, DomainError> {
        let mut conn = st.pool.get()?;
        Ok(svc::list(&mut conn)?.into_iter().map(|c| (c.slug, c.name)).collect::<Vec<_>>())
    })
    .await??;
    let p = ManagePage {
        lang,
        title: t(lang, "index-manage-title"),
        back: t(lang, "index-console-indices"),
        csrf,
        messages,
        failed: status != StatusCode::OK,
        indices,
        t_new: t(lang, "index-manage-new"),
        t_new_hint: t(lang, "index-manage-new-hint"),
        t_slug: t(lang, "manage-short-name-lower-case-letters-digits"),
        t_name: t(lang, "index-manage-name"),
        t_edition: t(lang, "index-manage-edition"),
        t_framework_file: t(lang, "index-manage-framework-file"),
        t_framework: t(lang, "manage-or-paste-its-content"),
        t_create: t(lang, "index-manage-create"),
        t_units_file: t(lang, "index-manage-units-file"),
        t_units: t(lang, "manage-or-paste-the-rows"),
        t_import_units: t(lang, "index-manage-import-units"),
        t_scores_file: t(lang, "index-manage-scores-file"),
        t_scores: t(lang, "manage-or-paste-the-rows"),
        t_import_scores: t(lang, "index-manage-import-scores"),
        t_all_or_nothing: t(lang, "index-manage-all-or-nothing"),
        t_open: t(lang, "index-manage-open"),
        t_invite: t(lang, "index-manage-invite"),
        t_invite_hint: t(lang, "index-manage-invite-hint"),
    };
    Ok(pages::render(status, &p))
}

/// A POST of a form that may carry a file: the session (coordinator or administrator) is checked
/// before the body is read, then the posted CSRF token; otherwise the page to answer with.
async fn posted(
    state: &web::Data<AppState>,
    req: &HttpRequest,
    payload: web::Payload,
) -> Result<Result<(User, String, upload::Posted), HttpResponse>, AppError> {
    let (user, csrf) = match signed_in_as(state, req, Area::Management).await? {
        Ok(u) => u,
        Err(r) => return Ok(Err(r)),
    };
    let form = match upload::Posted::read(req, payload, upload::LIMIT).await {
        Ok(f) => f,
        Err(refused) => {
            let m = refused.message(lang_of(req));
            return Ok(Err(page(state, req, csrf, vec![m], StatusCode::PAYLOAD_TOO_LARGE).await?));
        }
    };
    if form.text("csrf") != csrf {
        let lang = lang_of(req);
        return Ok(Err(pages::notice(StatusCode::FORBIDDEN, lang, t(lang, "console-not-allowed"), vec![])));
    }
    Ok(Ok((user, csrf, form)))
}

/// What a refused action says: each problem of a file on its own line.
fn refusal(e: DomainError) -> Result<(Vec<String>, StatusCode), AppError> {
    let status = match &e {
        DomainError::NotFound(_) => StatusCode::NOT_FOUND,
        DomainError::Conflict(_) => StatusCode::CONFLICT,
        DomainError::Forbidden(_) => StatusCode::FORBIDDEN,
        _ => StatusCode::UNPROCESSABLE_ENTITY,
    };
    let lines = match e {
        DomainError::Invalid { message, .. } => message.lines().map(str::to_string).collect(),
        other => vec![shown(other)?],
    };
    Ok((lines, status))
}

/// `GET /console/indices/new`: the forms.
#[get("/console/indices/new")]
pub async fn manage(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, AppError> {
    match signed_in_as(&state, &req, Area::Management).await? {
        Ok((_, csrf)) => page(&state, &req, csrf, vec![], StatusCode::OK).await,
        Err(r) => Ok(r),
    }
}

/// `POST /console/indices`: a new index campaign from a framework chosen as a file (`file`) or
/// pasted (`framework`), with its slug, name and edition.
#[post("/console/indices")]
pub async fn create(
    state: web::Data<AppState>,
    req: HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, AppError> {
    let (user, csrf, form) = match posted(&state, &req, payload).await? {
        Ok(u) => u,
        Err(r) => return Ok(r),
    };
    let lang = lang_of(&req);
    let (slug, name, edition) = (form.text("slug"), form.text("name"), form.text("edition"));
    let Some((source, bytes)) = form.into_file_or_text("file", "framework") else {
        let none = t(lang, "index-manage-choose-or-paste-a-framework");
        return page(&state, &req, csrf, vec![none.into()], StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    let actor = Actor { name: user.username, ip: ip_of(&req) };
    let st = state.clone();
    let done = web::block(move || -> Result<String, DomainError> {
        let mut conn = st.pool.get()?;
        let request = CreateRequest {
            slug: &slug,
            name: Some(&name),
            edition: Some(&edition),
            framework_file: &source,
            framework: &bytes,
        };
        let c = svc::create(&mut conn, &request, &actor, st.clock.now())?;
        Ok(crate::i18n::format(lang, "index-manage-created", &[("slug", c.slug.as_str().into())]))
    })
    .await?;
    let (messages, status) = match done {
        Ok(m) => (vec![m], StatusCode::OK),
        Err(e) => refusal(e)?,
    };
    page(&state, &req, csrf, messages, status).await
}

fn imported(lang: &str, what: &str, s: ImportSummary) -> String {
    crate::i18n::format(
        lang,
        what,
        &[("added", s.added.into()), ("updated", s.updated.into()), ("unchanged", s.unchanged.into())],
    )
}

/// `POST /console/indices/{slug}/import-units`: institutions (`id, name, sector, contact`) from
/// a file (`file`) or pasted (`csv`); all or nothing.
#[post("/console/indices/{slug}/import-units")]
pub async fn import_units(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
    payload: web::Payload,
) -> Result<HttpResponse, AppError> {
    import(state, req, path.into_inner(), payload, false).await
}

/// `POST /console/indices/{slug}/import-scores`: scores (`unit, indicator, evaluator, value,
/// evidence_url, evidence_note, evidence_file`; a row with no evaluator is the signed-in user's)
/// from a file (`file`) or pasted (`csv`); all or nothing.
#[post("/console/indices/{slug}/import-scores")]
pub async fn import_scores(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
    payload: web::Payload,
) -> Result<HttpResponse, AppError> {
    import(state, req, path.into_inner(), payload, true).await
}

async fn import(
    state: web::Data<AppState>,
    req: HttpRequest,
    slug: String,
    payload: web::Payload,
    scores: bool,
) -> Result<HttpResponse, AppError> {
    let (user, csrf, form) = match posted(&state, &req, payload).await? {
        Ok(u) => u,
        Err(r) => return Ok(r),
    };
    let lang = lang_of(&req);
    let Some((_, csv)) = form.into_file_or_text("file", "csv") else {
        let none = t(lang, "manage-choose-or-paste-a-csv");
        return page(&state, &req, csrf, vec![none.into()], StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    let actor = Actor { name: user.username, ip: ip_of(&req) };
    let st = state.clone();
    let done = web::block(move || -> Result<String, DomainError> {
        let mut conn = st.pool.get()?;
        let now = st.clock.now();
        Ok(if scores {
            let s = svc::import_scores(&mut conn, &slug, &csv, Some(&actor.name), &actor, now)?;
            format!("{slug}: {}", imported(lang, "index-manage-scores-imported", s))
        } else {
            let s = svc::import_units(&mut conn, &slug, &csv, &actor, now)?;
            format!("{slug}: {}", imported(lang, "index-manage-units-imported", s))
        })
    })
    .await?;
    let (messages, status) = match done {
        Ok(m) => (vec![m], StatusCode::OK),
        Err(e) => refusal(e)?,
    };
    page(&state, &req, csrf, messages, status).await
}

/// `POST /console/indices/{slug}/invite`: mails each institution with a contact a new personal
/// link to its self-assessment page (queued in the outbox with the link, in one transaction).
#[post("/console/indices/{slug}/invite")]
pub async fn invite(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
    payload: web::Payload,
) -> Result<HttpResponse, AppError> {
    let (user, csrf, _) = match posted(&state, &req, payload).await? {
        Ok(u) => u,
        Err(r) => return Ok(r),
    };
    let lang = lang_of(&req);
    let slug = path.into_inner();
    let actor = Actor { name: user.username, ip: ip_of(&req) };
    let st = state.clone();
    let done = web::block(move || -> Result<String, DomainError> {
        let mut conn = st.pool.get()?;
        let d = svc::self_links::invite(&mut conn, &slug, None, &st.settings.base_url, &actor, st.clock.now())?;
        Ok(crate::i18n::format(
            lang,
            "index-manage-invited",
            &[("slug", slug.as_str().into()), ("n", d.units.len().into()), ("without", d.without_contact.len().into())],
        ))
    })
    .await?;
    let (messages, status) = match done {
        Ok(m) => (vec![m], StatusCode::OK),
        Err(e) => refusal(e)?,
    };
    page(&state, &req, csrf, messages, status).await
}
