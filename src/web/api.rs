//! The JSON API under `/api/v1`, authenticated by `Authorization: Bearer TOKEN` (API tokens
//! made with `dra token create`). Errors are JSON with stable codes.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, ResponseError, get, web};

use crate::app::AppState;
use crate::db;

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

/// Checks the token and that its role is one of `allowed`.
async fn authorize(state: &web::Data<AppState>, req: &HttpRequest, allowed: &[&str]) -> Result<(), ApiError> {
    let token = bearer(req).ok_or(ApiError::Unauthorized)?;
    let st = state.clone();
    let found = web::block(move || -> Result<_, db::DbError> {
        let mut conn = st.pool.get()?;
        db::api_tokens::authenticate(&mut conn, &token, st.clock.now())
    })
    .await
    .map_err(crate::error::AppError::from)?
    .map_err(crate::error::AppError::from)?;
    let (_, role) = found.ok_or(ApiError::Unauthorized)?;
    if allowed.contains(&role.as_str()) { Ok(()) } else { Err(ApiError::Forbidden(role)) }
}

#[derive(serde::Deserialize)]
pub struct AggregatesQuery {
    by: Option<String>,
}

/// `GET /api/v1/campaigns/{slug}/aggregates[?by=FIELD]`: the campaign's suppressed aggregates.
#[get("/api/v1/campaigns/{slug}/aggregates")]
pub async fn aggregates(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
    query: web::Query<AggregatesQuery>,
) -> Result<HttpResponse, ApiError> {
    authorize(&state, &req, &["admin", "analyst"]).await?;
    let slug = path.into_inner();
    let by = query.into_inner().by;
    let st = state.clone();
    let s = slug.clone();
    let result = web::block(move || -> Result<Option<crate::analysis::Aggregates>, db::aggregates::LoadError> {
        let mut conn = st.pool.get().map_err(db::DbError::from)?;
        if db::campaigns::by_slug(&mut conn, &s)?.is_none() {
            return Ok(None);
        }
        db::aggregates::load(&mut conn, &s, by).map(Some)
    })
    .await
    .map_err(crate::error::AppError::from)?;
    match result {
        Ok(Some(a)) => Ok(HttpResponse::Ok().json(a)),
        Ok(None) => Err(ApiError::NotFound(format!("no campaign \"{slug}\""))),
        Err(db::aggregates::LoadError::Analysis(e)) => Err(crate::error::AppError::BadRequest(e.to_string()).into()),
        Err(db::aggregates::LoadError::Db(e)) => Err(crate::error::AppError::from(e).into()),
    }
}

/// `GET /api/v1/campaigns/{slug}/report.{pdf,html,csv,xlsx,json}[?lang=es|en]`, and
/// `responses.csv` for the anonymised responses.
#[get("/api/v1/campaigns/{slug}/{file}")]
pub async fn report(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<(String, String)>,
    query: web::Query<ReportQuery>,
) -> Result<HttpResponse, ApiError> {
    authorize(&state, &req, &["admin", "analyst"]).await?;
    let (slug, file) = path.into_inner();
    download(&state, &slug, &file, query.lang.as_deref()).await
}

#[derive(serde::Deserialize)]
pub struct ReportQuery {
    lang: Option<String>,
}

/// The bytes of a report or export, for the API and the console.
pub async fn download(
    state: &web::Data<AppState>,
    slug: &str,
    file: &str,
    lang: Option<&str>,
) -> Result<HttpResponse, ApiError> {
    enum What {
        Report(crate::report::Format),
        Responses,
    }
    let what = match file.strip_prefix("report.") {
        Some(ext) => What::Report(
            crate::report::Format::parse(ext)
                .ok_or_else(|| ApiError::NotFound(format!("no report format \"{ext}\"")))?,
        ),
        None if file == "responses.csv" => What::Responses,
        None => return Err(ApiError::NotFound(format!("nothing at \"{file}\""))),
    };
    let lang = crate::report::Lang::parse(lang.unwrap_or("es")).unwrap_or(crate::report::Lang::Es);
    let st = state.clone();
    let s = slug.to_string();
    /// Bytes, file name, media type.
    type File = (Vec<u8>, String, &'static str);
    let result = web::block(move || -> Result<Option<File>, String> {
        let mut conn = st.pool.get().map_err(|e| e.to_string())?;
        if db::campaigns::by_slug(&mut conn, &s).map_err(|e| e.to_string())?.is_none() {
            return Ok(None);
        }
        match what {
            What::Report(f) => db::aggregates::report(&mut conn, &s, f, lang, st.clock.now())
                .map(|r| Some((r.bytes, r.file_name, r.mime)))
                .map_err(|e| e.to_string()),
            What::Responses => db::aggregates::anonymised_csv(&mut conn, &s)
                .map(|b| Some((b, format!("{s}-responses.csv"), "text/csv; charset=utf-8")))
                .map_err(|e| e.to_string()),
        }
    })
    .await
    .map_err(crate::error::AppError::from)?;
    match result {
        Ok(Some((bytes, name, mime))) => Ok(HttpResponse::Ok()
            .content_type(mime)
            .insert_header(("Content-Disposition", format!("attachment; filename=\"{name}\"")))
            .body(bytes)),
        Ok(None) => Err(ApiError::NotFound(format!("no campaign \"{slug}\""))),
        Err(e) => Err(crate::error::AppError::Internal(anyhow::anyhow!(e)).into()),
    }
}
