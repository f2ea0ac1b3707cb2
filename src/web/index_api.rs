//! The JSON API of national indices, under `/api/v1/indices`, authenticated by
//! `Authorization: Bearer TOKEN` like the rest of the API: every role reads the list, the
//! figures and the documents; coordinators and administrators score and review (the token's
//! owner is the evaluator or reviewer, audit-logged). Registered, and documented, by the API's
//! route table (`super::openapi::ROUTES`).

use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::api::ApiError;
use super::api_types::{IndexItem, IndexList, IndexReviewSaved, IndexScoreSaved};
use super::state::AppState;
use crate::role::Area;
use crate::service::index::{self as svc, ReviewAction, ScoreInput};
use crate::service::store::Conn;
use crate::service::{Actor, DomainError, accounts};

async fn with_conn<T: Send + 'static>(
    state: &web::Data<AppState>,
    f: impl FnOnce(&mut Conn) -> Result<T, DomainError> + Send + 'static,
) -> Result<T, ApiError> {
    let st = state.clone();
    let done = web::block(move || {
        let mut conn = st.pool.get()?;
        f(&mut conn)
    })
    .await
    .map_err(crate::error::AppError::from)?;
    Ok(done?)
}

/// The token's owner as an actor, if the token's role may use `area`.
async fn authorize(state: &web::Data<AppState>, req: &HttpRequest, area: Area) -> Result<Actor, ApiError> {
    let token = req
        .headers()
        .get("Authorization")
        .and_then(|h| h.to_str().ok())
        .and_then(|h| h.strip_prefix("Bearer ").or_else(|| h.strip_prefix("bearer ")))
        .map(str::trim)
        .filter(|t| !t.is_empty() && t.len() <= 100)
        .map(str::to_string)
        .ok_or(ApiError::Unauthorized)?;
    let now = state.clock.now();
    let ip = super::console::ip_of(req);
    let found = with_conn(state, move |conn| {
        Ok(match accounts::authenticate_token(conn, &token, now)? {
            Some((id, role)) => Some((accounts::name_of(conn, id)?, role)),
            None => None,
        })
    })
    .await?;
    let (name, role) = found.ok_or(ApiError::Unauthorized)?;
    if area.roles().contains(&role) { Ok(Actor { name, ip }) } else { Err(ApiError::Forbidden(role.to_string())) }
}

/// `GET /api/v1/indices`: the index campaigns, newest first.
pub async fn list(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, ApiError> {
    authorize(&state, &req, Area::Reading).await?;
    let all = with_conn(&state, svc::list).await?;
    let items = all
        .into_iter()
        .map(|c| IndexItem {
            slug: c.slug,
            name: c.name,
            framework: c.framework_key,
            framework_version: c.framework_version,
            edition: c.edition,
        })
        .collect();
    Ok(HttpResponse::Ok().json(IndexList { items }))
}

/// `GET /api/v1/indices/{slug}`: the figures (headline index and ranks, rank intervals and
/// sensitivity, agreement, review counts).
pub async fn figures(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    authorize(&state, &req, Area::Reading).await?;
    let slug = path.into_inner();
    let f = with_conn(&state, move |conn| svc::figures(conn, &slug, None, false, true)).await?;
    Ok(HttpResponse::Ok().json(f))
}

#[derive(Deserialize)]
pub struct LangQuery {
    lang: Option<String>,
    /// Earlier editions (comma-separated, oldest first) for the report's "change since" section.
    compare_to: Option<String>,
}

/// `GET /api/v1/indices/{slug}/files/{file}[?lang=es|en][&compare_to=A,B]`: `report.pdf|html`
/// (with a "change since" section against `compare_to`), `scorecard-UNIT.pdf|html`,
/// `tables.xlsx|json`, `index-*.csv`.
pub async fn file(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<(String, String)>,
    query: web::Query<LangQuery>,
) -> Result<HttpResponse, ApiError> {
    authorize(&state, &req, Area::Reading).await?;
    let (slug, file) = path.into_inner();
    let lang = if query.lang.as_deref() == Some("en") { "en" } else { "es" };
    let compare_to = super::api_compare::slugs(query.compare_to.as_deref().unwrap_or_default());
    let st = state.clone();
    let out =
        with_conn(&state, move |conn| svc::outputs::output(conn, &slug, &file, lang, &compare_to, st.clock.now()))
            .await?;
    Ok(super::index_console::download(out))
}

#[derive(Deserialize)]
pub struct ScoreBody {
    unit: String,
    indicator: String,
    value: f64,
    evidence_url: Option<String>,
    evidence_note: Option<String>,
    evidence_file: Option<String>,
    /// The version of your own score you change; absent for a first score.
    version: Option<i64>,
}

/// `POST /api/v1/indices/{slug}/scores`: the token's owner scores one indicator of one
/// institution (a change names the version it read). Answers the score's id.
pub async fn score(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
    body: web::Json<ScoreBody>,
) -> Result<HttpResponse, ApiError> {
    let actor = authorize(&state, &req, Area::Management).await?;
    let slug = path.into_inner();
    let b = body.into_inner();
    let input = ScoreInput {
        unit: b.unit,
        indicator: b.indicator,
        value: b.value,
        evidence_url: b.evidence_url,
        evidence_note: b.evidence_note,
        evidence_file: b.evidence_file,
        version: b.version,
    };
    let st = state.clone();
    let id = with_conn(&state, move |conn| svc::set_score(conn, &slug, &input, &actor, st.clock.now())).await?;
    Ok(HttpResponse::Ok().json(IndexScoreSaved { id }))
}

#[derive(Deserialize)]
pub struct ReviewBody {
    version: i64,
    action: String,
    reason: Option<String>,
    value: Option<f64>,
}

/// `POST /api/v1/indices/{slug}/scores/{id}/review`: confirm, dispute or resolve a score you did
/// not give. Answers the score's new version.
pub async fn review(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<(String, i64)>,
    body: web::Json<ReviewBody>,
) -> Result<HttpResponse, ApiError> {
    let actor = authorize(&state, &req, Area::Management).await?;
    let (slug, id) = path.into_inner();
    let b = body.into_inner();
    let action = ReviewAction::parse(&b.action)
        .ok_or_else(|| ApiError::from(DomainError::invalid("action", "confirm, dispute or resolve")))?;
    let st = state.clone();
    let version = with_conn(&state, move |conn| {
        svc::review(conn, &slug, id, b.version, action, b.reason.as_deref(), b.value, &actor, st.clock.now())
    })
    .await?;
    Ok(HttpResponse::Ok().json(IndexReviewSaved { id, version }))
}
