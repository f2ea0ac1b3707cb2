//! The JSON API under `/api/v1`, authenticated by `Authorization: Bearer TOKEN` (API tokens
//! made with `dra token create`). Errors are JSON with stable codes.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, ResponseError, web};

use super::api_types::{
    CampaignItem, CampaignStatus, GroupProgress, ImportReport, Paged, ParticipantItem, RefusedRow, SurveyItem, utc,
};
use super::state::AppState;
use crate::service::store::Conn;
use crate::service::{DomainError, accounts, audit, exports, fieldwork, surveys};

/// Why an API call was refused.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("a valid API token is required: Authorization: Bearer TOKEN")]
    Unauthorized,
    #[error("this token's role ({0}) may not do this")]
    Forbidden(String),
    #[error("{0}")]
    NotFound(String),
    #[error(transparent)]
    App(#[from] crate::error::AppError),
}

impl From<DomainError> for ApiError {
    fn from(e: DomainError) -> Self {
        Self::App(e.into())
    }
}

/// Runs `f` on a pooled connection, off the server's threads; a domain error becomes its answer
/// (404, 422, 409, 503 …).
pub(super) async fn with_conn<T: Send + 'static>(
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

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::Unauthorized => StatusCode::UNAUTHORIZED,
            Self::Forbidden(_) => StatusCode::FORBIDDEN,
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::App(e) => e.status_code(),
        }
    }

    fn error_response(&self) -> HttpResponse {
        let code = match self {
            Self::Unauthorized => "unauthorized",
            Self::Forbidden(_) => "forbidden",
            Self::NotFound(_) => "not_found",
            Self::App(e) => return e.error_response(),
        };
        let mut resp = HttpResponse::build(self.status_code());
        if matches!(self, Self::Unauthorized) {
            resp.insert_header(("WWW-Authenticate", "Bearer"));
        }
        resp.json(serde_json::json!({"error": {"code": code, "message": self.to_string()}}))
    }
}

fn bearer(req: &HttpRequest) -> Option<String> {
    let h = req.headers().get("Authorization")?.to_str().ok()?;
    let t = h.strip_prefix("Bearer ").or_else(|| h.strip_prefix("bearer "))?.trim();
    (!t.is_empty() && t.len() <= 100).then(|| t.to_string())
}

/// Checks the token and that its role is one of `allowed`; the token owner's user id.
/// The token's owner, if the token may call this route: the roles come from the route table
/// (`openapi::ROUTES`, the same that registers the route and documents it), so a route's roles are
/// written once.
pub(super) async fn authorize(state: &web::Data<AppState>, req: &HttpRequest) -> Result<i64, ApiError> {
    let pattern = req.match_pattern().unwrap_or_default();
    let method = if req.method() == actix_web::http::Method::POST {
        super::openapi::Method::Post
    } else {
        super::openapi::Method::Get
    };
    let allowed: &[crate::role::Role] = super::openapi::ROUTES
        .iter()
        .find(|r| r.path == pattern && r.method == method)
        .map_or(&[], |r| r.roles.roles());
    let token = bearer(req).ok_or(ApiError::Unauthorized)?;
    let now = state.clock.now();
    let found = with_conn(state, move |conn| accounts::authenticate_token(conn, &token, now)).await?;
    let (user_id, role) = found.ok_or(ApiError::Unauthorized)?;
    if allowed.contains(&role) { Ok(user_id) } else { Err(ApiError::Forbidden(role.to_string())) }
}

#[derive(serde::Deserialize)]
pub struct AggregatesQuery {
    by: Option<String>,
}

/// `GET /api/v1/campaigns/{slug}/aggregates[?by=FIELD]`: the campaign's suppressed aggregates.
pub async fn aggregates(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
    query: web::Query<AggregatesQuery>,
) -> Result<HttpResponse, ApiError> {
    authorize(&state, &req).await?;
    let slug = path.into_inner();
    let by = query.into_inner().by;
    let a = with_conn(&state, move |conn| exports::aggregates(conn, &slug, by)).await?;
    Ok(HttpResponse::Ok().json(a))
}

/// `GET /api/v1/campaigns/{slug}/report.{format}[?lang=es|en]`: the report (pdf, html, csv,
/// xlsx, json).
pub async fn report(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<(String, String)>,
    query: web::Query<ReportQuery>,
) -> Result<HttpResponse, ApiError> {
    authorize(&state, &req).await?;
    let (slug, format) = path.into_inner();
    download(&state, &slug, &format!("report.{format}"), query.lang.as_deref(), query.excel()).await
}

/// `GET /api/v1/campaigns/{slug}/comments.{csv|json|xlsx}[?lang=es|en]`: what respondents wrote, from
/// the published groups only.
pub async fn comments(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<(String, String)>,
    query: web::Query<ReportQuery>,
) -> Result<HttpResponse, ApiError> {
    authorize(&state, &req).await?;
    let (slug, format) = path.into_inner();
    download(&state, &slug, &format!("comments.{format}"), query.lang.as_deref(), query.excel()).await
}

/// `GET /api/v1/campaigns/{slug}/responses.csv`: the anonymised responses.
pub async fn responses(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
    query: web::Query<ReportQuery>,
) -> Result<HttpResponse, ApiError> {
    authorize(&state, &req).await?;
    download(&state, &path.into_inner(), "responses.csv", None, query.excel()).await
}

#[derive(serde::Deserialize)]
pub struct Page {
    page: Option<u32>,
    per_page: Option<u32>,
}

impl Page {
    /// 1-based page and its size (1 to 200, default 50).
    fn bounds(&self) -> (usize, usize) {
        (self.page.unwrap_or(1).max(1) as usize, self.per_page.unwrap_or(50).clamp(1, 200) as usize)
    }
}

/// A page of a list, with what a client needs to get the next one.
fn paged<T: serde::Serialize>(items: Vec<T>, page: &Page) -> HttpResponse {
    let (n, size) = page.bounds();
    let total = items.len();
    let items: Vec<T> = items.into_iter().skip((n - 1) * size).take(size).collect();
    HttpResponse::Ok().json(Paged { items, page: n, per_page: size, total })
}

/// A paginated list read from the database, for any of the three roles.
async fn list<T: serde::Serialize + Send + 'static>(
    state: web::Data<AppState>,
    req: HttpRequest,
    query: web::Query<Page>,
    read: impl FnOnce(&mut Conn) -> Result<Vec<T>, DomainError> + Send + 'static,
) -> Result<HttpResponse, ApiError> {
    authorize(&state, &req).await?;
    let rows = with_conn(&state, read).await?;
    Ok(paged(rows, &query))
}

/// `GET /api/v1/surveys`: stored survey versions, newest first.
pub async fn surveys(
    state: web::Data<AppState>,
    req: HttpRequest,
    query: web::Query<Page>,
) -> Result<HttpResponse, ApiError> {
    list(state, req, query, |conn| {
        Ok(surveys::list(conn)?
            .into_iter()
            .map(|v| SurveyItem {
                id: v.id,
                survey: v.survey_key,
                version: v.version,
                content_hash: v.content_hash,
                title: v.title,
                imported_at: utc(v.imported_at),
            })
            .collect())
    })
    .await
}

/// `GET /api/v1/campaigns`: campaigns, newest first.
pub async fn campaigns(
    state: web::Data<AppState>,
    req: HttpRequest,
    query: web::Query<Page>,
) -> Result<HttpResponse, ApiError> {
    list(state, req, query, |conn| {
        Ok(fieldwork::campaigns(conn)?
            .into_iter()
            .map(|c| CampaignItem {
                slug: c.slug,
                name: c.name,
                state: c.state,
                mode: c.mode,
                survey_version: c.survey_version_id,
                closes_at: c.closes_at.map(utc),
                min_cell_size: c.min_cell_size,
            })
            .collect())
    })
    .await
}

/// `GET /api/v1/campaigns/{slug}/status`: per-group progress (invited … submitted, rate).
pub async fn status(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    authorize(&state, &req).await?;
    let slug = path.into_inner();
    let s = slug.clone();
    let work = with_conn(&state, move |conn| fieldwork::status(conn, &s)).await?;
    let groups = work
        .groups
        .into_iter()
        .map(|r| GroupProgress {
            response_rate: r.response_rate(),
            group: r.group,
            participants: r.participants,
            invited: r.invited,
            bounced: r.bounced,
            opted_out: r.opted_out,
            opened: r.opened,
            started: r.started,
            submitted: r.submitted,
            excluded: r.excluded,
        })
        .collect();
    Ok(HttpResponse::Ok().json(CampaignStatus { campaign: slug, groups }))
}

#[derive(serde::Deserialize)]
pub struct ReportQuery {
    lang: Option<String>,
    /// `excel=1`: a CSV for a spreadsheet whose locale takes the decimal comma (`;` and `2,67`).
    excel: Option<String>,
}

impl ReportQuery {
    fn excel(&self) -> bool {
        matches!(self.excel.as_deref(), Some("1" | "true" | "yes"))
    }
}

/// The bytes of a report or export, for the API and the console.
pub async fn download(
    state: &web::Data<AppState>,
    slug: &str,
    file: &str,
    lang: Option<&str>,
    excel: bool,
) -> Result<HttpResponse, ApiError> {
    enum What {
        Report(crate::report::Format),
        Responses,
        /// The comments export in a format (`csv`, `json`, `xlsx`).
        Comments(&'static str),
        /// The open-data package (Data Package and DCAT-AP), zipped.
        OpenData,
    }
    let what = match file.strip_prefix("report.") {
        Some(ext) => What::Report(
            crate::report::Format::parse(ext)
                .ok_or_else(|| ApiError::NotFound(format!("no report format \"{ext}\"")))?,
        ),
        None if file == "responses.csv" => What::Responses,
        None if file == "comments.csv" => What::Comments("csv"),
        None if file == "comments.json" => What::Comments("json"),
        None if file == "comments.xlsx" => What::Comments("xlsx"),
        None if file == "open-data.zip" => What::OpenData,
        None => return Err(ApiError::NotFound(format!("nothing at \"{file}\""))),
    };
    let lang = crate::report::Lang::parse(lang.unwrap_or("es")).unwrap_or(crate::report::Lang::Es);
    let s = slug.to_string();
    let now = state.clock.now();
    let (bytes, name, mime) = with_conn(state, move |conn| match what {
        What::Report(f) => exports::report(conn, &s, f, lang, now).map(|r| (r.bytes, r.file_name, r.mime)),
        What::Responses => {
            exports::responses_csv(conn, &s).map(|b| (b, format!("{s}-responses.csv"), "text/csv; charset=utf-8"))
        }
        What::Comments(ext) => {
            let all = exports::comments(conn, &s)?;
            match crate::report::comments::render(&all, ext, lang.code()) {
                Some(Ok((bytes, mime))) => Ok((bytes, format!("{s}-comments.{ext}"), mime)),
                Some(Err(e)) => Err(DomainError::Internal(e.to_string())),
                None => Err(DomainError::NotFound(format!("no comments format \"{ext}\""))),
            }
        }
        What::OpenData => {
            let options =
                crate::service::publish::PublishOptions { lang: Some(lang.code().to_string()), ..Default::default() };
            let files = crate::service::publish::package(conn, &s, &options, now.date())?;
            let folder = format!("{s}-open-data");
            crate::publish::zip(&files, &folder)
                .map(|b| (b, format!("{folder}.zip"), "application/zip"))
                .map_err(|e| DomainError::Internal(e.to_string()))
        }
    })
    .await?;
    let bytes = if excel && mime.starts_with("text/csv") {
        crate::report::cell_text::excel_dialect(&bytes)
            .map_err(|e| crate::error::AppError::Internal(anyhow::anyhow!(e)))?
    } else {
        bytes
    };
    // A page opens in the browser; the other formats are saved.
    Ok(super::pages::document(bytes, mime, &name))
}

/// `GET /api/v1/campaigns/{slug}/participants`: participants and where each stands
/// (invited, opened, started, submitted, bounced), for coordinators. No token is ever shown.
pub async fn participants(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
    query: web::Query<Page>,
) -> Result<HttpResponse, ApiError> {
    authorize(&state, &req).await?;
    let slug = path.into_inner();
    let rows = with_conn(&state, move |conn| fieldwork::participants(conn, &slug)).await?;
    let rows: Vec<ParticipantItem> = rows
        .into_iter()
        .map(|fieldwork::Standing { participant: p, invitation: i, .. }| ParticipantItem {
            email: p.email,
            name: p.name,
            organisation: p.organisation,
            group: p.group_code,
            language: p.language,
            bounced_at: p.bounced_at.map(utc),
            invited_at: i.as_ref().and_then(|i| i.sent_at).map(utc),
            opened_at: i.as_ref().and_then(|i| i.opened_at).map(utc),
            started_at: i.as_ref().and_then(|i| i.started_at).map(utc),
            submitted_at: i.as_ref().and_then(|i| i.submitted_at).map(utc),
            reminders_sent: i.as_ref().map_or(0, |i| i.reminders_sent),
        })
        .collect();
    Ok(paged(rows, &query))
}

/// `POST /api/v1/campaigns/{slug}/participants` with a CSV body (`email,name,organisation,group,
/// language`), for coordinators: the valid rows are added or updated (the same email is the same
/// participant), and each refused row is reported with its line and reason. Audit-logged under
/// the token's owner. 422 when the body is not CSV text at all.
pub async fn import_participants(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let user_id = authorize(&state, &req).await?;
    let csv = super::upload::body(payload, super::upload::LIMIT)
        .await
        .map_err(|refused| crate::error::AppError::BadRequest(refused.message("en")))?;
    if csv.is_empty() || std::str::from_utf8(&csv).is_err() {
        return Ok(HttpResponse::UnprocessableEntity().json(serde_json::json!({"error": {
            "code": "not_csv", "message": "the body must be CSV text in UTF-8, with the header email,name,organisation,group,language"
        }})));
    }
    let slug = path.into_inner();
    let ip = super::console::ip_of(&req);
    let now = state.clock.now();
    let (parsed, summary) = with_conn(&state, move |conn| {
        let actor = crate::service::Actor { name: format!("{} (API)", accounts::name_of(conn, user_id)?), ip };
        fieldwork::import_participants(conn, &slug, &csv[..], &actor, now)
    })
    .await?;
    Ok(HttpResponse::Ok().json(ImportReport {
        imported: parsed.rows,
        added: summary.added,
        updated: summary.updated,
        unchanged: summary.unchanged,
        refused_count: parsed.refused,
        refused: parsed.problems.into_iter().map(|p| RefusedRow { line: p.line, reason: p.reason }).collect(),
    }))
}

/// `GET /api/v1/audit.csv`: the audit log (newest first), for administrators.
pub async fn audit_csv(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, ApiError> {
    authorize(&state, &req).await?;
    let bytes = with_conn(&state, audit::csv).await?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header(("Content-Disposition", "attachment; filename=\"audit.csv\""))
        .body(bytes))
}
