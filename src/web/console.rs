//! The console for coordinators and analysts (signing in is in `console_auth`): campaigns with
//! per-group progress, report and data downloads for analysts, the audit log for
//! administrators. Server-rendered; works without JavaScript.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, web};
use askama::Template;

use super::pages::{self, t};
use super::state::AppState;
use crate::error::AppError;
use crate::role::Area;
use crate::service::accounts::{self, User};
use crate::service::{DomainError, exports, fieldwork};

pub(crate) const SESSION: &str = "dra_session";

/// The console's language: the first of the browser's `Accept-Language` with a catalog (`es-GT`
/// counts as `es`), else Spanish.
pub(crate) fn lang_of(req: &HttpRequest) -> &'static str {
    let accept = req.headers().get("Accept-Language").and_then(|v| v.to_str().ok()).unwrap_or_default();
    accept
        .split(',')
        .filter_map(|part| part.split(';').next())
        .map(|tag| tag.trim().split('-').next().unwrap_or_default().to_ascii_lowercase())
        .find(|code| !code.is_empty() && crate::i18n::has(code))
        .map_or("es", |code| crate::i18n::intern(&code))
}

pub(crate) fn ip_of(req: &HttpRequest) -> Option<String> {
    super::client::addr_of(req).map(|a| a.to_string())
}

pub(crate) fn see_other(to: &str) -> HttpResponse {
    HttpResponse::SeeOther().insert_header(("Location", to.to_string())).finish()
}

/// The signed-in user of a request, with the session's CSRF token.
pub(crate) async fn signed_in(
    state: &web::Data<AppState>,
    req: &HttpRequest,
) -> Result<Option<(User, String)>, AppError> {
    let Some(token) = req.cookie(SESSION).map(|c| c.value().to_string()) else { return Ok(None) };
    let st = state.clone();
    Ok(web::block(move || -> Result<_, DomainError> {
        let mut conn = st.pool.get()?;
        let idle = chrono::Duration::minutes(i64::from(st.settings.session_idle_minutes));
        accounts::session(&mut conn, &token, st.clock.now(), idle)
    })
    .await??)
}

/// The signed-in user if they may use `area`; otherwise the page to show instead (the sign-in
/// page, or "not allowed").
pub(crate) async fn signed_in_as(
    state: &web::Data<AppState>,
    req: &HttpRequest,
    area: Area,
) -> Result<Result<(User, String), HttpResponse>, AppError> {
    let Some((user, csrf)) = signed_in(state, req).await? else { return Ok(Err(see_other("/console/login"))) };
    // A one-time password opens the password change and nothing else.
    if user.needs_new_password() {
        return Ok(Err(see_other("/console/password")));
    }
    if area.admits(user.role()) {
        return Ok(Ok((user, csrf)));
    }
    let lang = lang_of(req);
    Ok(Err(pages::notice(StatusCode::FORBIDDEN, lang, t(lang, "console-not-allowed"), vec![])))
}

/// A console form posted: the signed-in user if they may use `area` and the form's CSRF token is
/// their session's; otherwise the page to show instead (sign-in, "not allowed").
pub(crate) async fn posted_as(
    state: &web::Data<AppState>,
    req: &HttpRequest,
    area: Area,
    posted_csrf: &str,
) -> Result<Result<(User, String), HttpResponse>, AppError> {
    let (user, csrf) = match signed_in_as(state, req, area).await? {
        Ok(u) => u,
        Err(p) => return Ok(Err(p)),
    };
    if posted_csrf != csrf {
        let lang = lang_of(req);
        return Ok(Err(pages::notice(StatusCode::FORBIDDEN, lang, t(lang, "console-not-allowed"), vec![])));
    }
    Ok(Ok((user, csrf)))
}

/// What a console page says of a domain error; an unavailable database or a fault of ours is no
/// message on the page but the error page it is (503, 500).
pub(crate) fn shown(e: DomainError) -> Result<String, AppError> {
    match e {
        DomainError::Unavailable(_) | DomainError::Internal(_) => Err(e.into()),
        other => Ok(other.to_string()),
    }
}

struct CampaignView {
    name: String,
    slug: String,
    state: String,
    mode: String,
    closes: String,
    rows: Vec<Vec<String>>,
    /// Response rate per group as a bar: (group, percent, the bar's width class `p0`…`p100`).
    rates: Vec<(String, u32, u32)>,
    downloads: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "console_home.html")]
struct HomePage<'a> {
    lang: &'a str,
    title: &'a str,
    user: String,
    role: String,
    csrf: String,
    logout: &'a str,
    empty: &'a str,
    headers: Vec<&'a str>,
    campaigns: Vec<CampaignView>,
    can_analyze: bool,
    is_admin: bool,
    audit: &'a str,
    users_link: &'a str,
    can_manage: bool,
    manage: &'a str,
    indices: &'a str,
    compare_link: &'a str,
    can_moderate: bool,
    moderate: &'a str,
}

#[get("/console")]
pub async fn home(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, AppError> {
    let lang = lang_of(&req);
    let Some((user, csrf)) = signed_in(&state, &req).await? else { return Ok(see_other("/console/login")) };
    if user.needs_new_password() {
        return Ok(see_other("/console/password"));
    }
    let st = state.clone();
    let campaigns = web::block(move || -> Result<Vec<CampaignView>, DomainError> {
        let mut conn = st.pool.get()?;
        let mut out = Vec::new();
        for c in fieldwork::campaigns(&mut conn)? {
            let work = fieldwork::status_of(&mut conn, c)?;
            let labels = super::participants::labelled(work.stakeholder_groups, lang, &work.campaign.default_language);
            let (c, status) = (work.campaign, work.groups);
            let rates = status
                .iter()
                .filter_map(|s| {
                    s.response_rate().map(|r| {
                        let percent = (r * 100.0).round().clamp(0.0, 100.0) as u32;
                        (super::participants::label_of(&labels, &s.group), percent, percent)
                    })
                })
                .collect();
            let rows = status
                .into_iter()
                .map(|s| {
                    let rate = s.response_rate().map_or_else(|| "—".to_string(), |r| format!("{:.0}%", r * 100.0));
                    vec![
                        super::participants::label_of(&labels, &s.group),
                        s.invited.to_string(),
                        s.bounced.to_string(),
                        s.opted_out.to_string(),
                        s.opened.to_string(),
                        s.started.to_string(),
                        s.submitted.to_string(),
                        s.excluded.to_string(),
                        rate,
                    ]
                })
                .collect();
            out.push(CampaignView {
                closes: c.closes_at.map(|t| crate::mail::queue::format_close(t, &c.time_zone)).unwrap_or_default(),
                downloads: ["report.pdf", "report.html", "report.xlsx", "report.csv", "report.json"]
                    .iter()
                    .flat_map(|f| {
                        crate::i18n::languages()
                            .into_iter()
                            .map(|l| (format!("/console/campaigns/{}/{f}?lang={l}", c.slug), format!("{f} ({l})")))
                            .collect::<Vec<_>>()
                    })
                    .chain(
                        ["responses.csv", "comments.csv", "comments.xlsx", "open-data.zip"]
                            .map(|f| (format!("/console/campaigns/{}/{f}", c.slug), f.to_string())),
                    )
                    .chain(["report.csv?lang=es", "responses.csv?lang=es"].map(|f| {
                        (
                            format!("/console/campaigns/{}/{f}&excel=1", c.slug),
                            format!("{} (Excel ;)", f.split('?').next().unwrap_or(f)),
                        )
                    }))
                    .collect(),
                rates,
                name: c.name,
                slug: c.slug,
                state: c.state,
                mode: c.mode,
                rows,
            });
        }
        Ok(out)
    })
    .await??;
    let page = HomePage {
        lang,
        title: t(lang, "console-campaigns"),
        user: user.username.clone(),
        role: user.role.clone(),
        csrf,
        logout: t(lang, "console-sign-out"),
        empty: t(lang, "console-no-campaign-yet-dra-campaign-create"),
        headers: vec![
            t(lang, "console-group"),
            t(lang, "console-invited"),
            t(lang, "console-bounced"),
            t(lang, "console-opted-out"),
            t(lang, "console-opened"),
            t(lang, "console-started"),
            t(lang, "console-submitted"),
            t(lang, "console-excluded"),
            t(lang, "console-rate"),
        ],
        campaigns,
        can_analyze: Area::Analysis.admits(user.role()),
        is_admin: Area::Administration.admits(user.role()),
        audit: t(lang, "console-audit-log"),
        users_link: t(lang, "console-users-and-tokens"),
        can_manage: Area::Management.admits(user.role()),
        manage: t(lang, "console-manage-questionnaires-campaigns-participants-mailings"),
        indices: t(lang, "console-indices-of-institutions-ranking-and-scorecards"),
        compare_link: t(lang, "console-compare-compare-editions"),
        can_moderate: Area::Moderation.admits(user.role()),
        moderate: t(lang, "console-contributions-received"),
    };
    Ok(pages::render(StatusCode::OK, &page))
}

#[get("/console/campaigns/{slug}/aggregates.json")]
pub async fn aggregates(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    if let Err(page) = signed_in_as(&state, &req, Area::Analysis).await? {
        return Ok(page);
    }
    let slug = path.into_inner();
    let st = state.clone();
    let s = slug.clone();
    let a = web::block(move || -> Result<_, DomainError> {
        let mut conn = st.pool.get()?;
        exports::aggregates(&mut conn, &s, None)
    })
    .await??;
    Ok(HttpResponse::Ok()
        .insert_header(("Content-Disposition", format!("attachment; filename=\"{slug}-aggregates.json\"")))
        .json(a))
}

/// Report and export downloads for analysts and administrators (`?lang=en` for English).
#[get("/console/campaigns/{slug}/{file}")]
pub async fn download(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    if let Err(page) = signed_in_as(&state, &req, Area::Analysis).await? {
        return Ok(page);
    }
    let (slug, file) = path.into_inner();
    // `?lang=` first (the console offers both), else the browser's language.
    let asked = web::Query::<std::collections::HashMap<String, String>>::from_query(req.query_string())
        .ok()
        .and_then(|q| q.get("lang").cloned());
    let lang = match asked.as_deref() {
        Some(l) if crate::i18n::has(l) => crate::i18n::intern(l),
        _ => lang_of(&req),
    };
    let excel = asked_excel(&req);
    match super::api::download(&state, &slug, &file, Some(lang), excel).await {
        Ok(r) => Ok(r),
        Err(super::api::ApiError::NotFound(m)) => Err(AppError::NotFound(m)),
        Err(super::api::ApiError::App(e)) => Err(e),
        Err(e) => Err(AppError::Internal(anyhow::anyhow!(e.to_string()))),
    }
}

#[derive(Template)]
#[template(path = "console_audit.html")]
struct AuditPage<'a> {
    lang: &'a str,
    title: &'a str,
    headers: Vec<&'a str>,
    rows: Vec<Vec<String>>,
}

#[get("/console/audit")]
pub async fn audit(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, AppError> {
    let lang = lang_of(&req);
    if let Err(page) = signed_in_as(&state, &req, Area::Administration).await? {
        return Ok(page);
    }
    let st = state.clone();
    let rows = web::block(move || -> Result<_, DomainError> {
        let mut conn = st.pool.get()?;
        crate::service::audit::entries(&mut conn, 500)
    })
    .await??
    .into_iter()
    .map(|(at, actor, action, target, ip)| {
        vec![
            at.format("%Y-%m-%d %H:%M:%S").to_string(),
            actor,
            action,
            target.unwrap_or_default(),
            ip.unwrap_or_default(),
        ]
    })
    .collect();
    let headers = vec![
        t(lang, "console-when-utc"),
        t(lang, "console-who"),
        t(lang, "console-what"),
        t(lang, "console-on"),
        t(lang, "console-from"),
    ];
    Ok(pages::render(StatusCode::OK, &AuditPage { lang, title: t(lang, "console-audit-log"), headers, rows }))
}

/// The audit log as CSV, for administrators.
#[get("/console/audit.csv")]
pub async fn audit_csv(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, AppError> {
    if let Err(page) = signed_in_as(&state, &req, Area::Administration).await? {
        return Ok(page);
    }
    let st = state.clone();
    let bytes = web::block(move || -> Result<_, DomainError> {
        let mut conn = st.pool.get()?;
        crate::service::audit::csv(&mut conn)
    })
    .await??;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header(("Content-Disposition", "attachment; filename=\"audit.csv\""))
        .body(bytes))
}

/// `?excel=1` on a CSV download: semicolons and decimal commas for a Spanish-locale spreadsheet.
fn asked_excel(req: &HttpRequest) -> bool {
    web::Query::<std::collections::HashMap<String, String>>::from_query(req.query_string())
        .ok()
        .and_then(|q| q.get("excel").cloned())
        .is_some_and(|v| v == "1")
}
