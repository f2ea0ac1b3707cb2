//! One error type for the web layer, with honest HTTP statuses and a stable code; domain errors
//! convert into it. The body is JSON: `{"error": {"code": "...", "message": "..."}}`.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;

use crate::db::DbError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    BadRequest(String),
    #[error("{0}")]
    Conflict(String),
    /// Input that names what is wrong with it.
    #[error("{0}")]
    Invalid(String),
    #[error("{0}")]
    Forbidden(String),
    /// The database (or the pool in front of it) is not answering.
    #[error("the database is unavailable")]
    Unavailable(#[source] DbError),
    #[error("internal error")]
    Internal(#[source] anyhow::Error),
}

impl AppError {
    /// A stable machine-readable code that clients may match on.
    pub fn code(&self) -> &'static str {
        match self {
            Self::NotFound(_) => "not_found",
            Self::BadRequest(_) => "bad_request",
            Self::Conflict(_) => "conflict",
            Self::Invalid(_) => "invalid",
            Self::Forbidden(_) => "forbidden",
            Self::Unavailable(_) => "database_unavailable",
            Self::Internal(_) => "internal",
        }
    }
}

impl From<DbError> for AppError {
    fn from(e: DbError) -> Self {
        match e {
            DbError::NotFound(m) => Self::NotFound(m),
            DbError::Conflict(m) => Self::Conflict(m),
            e if e.is_unavailable() => Self::Unavailable(e),
            other => Self::Internal(other.into()),
        }
    }
}

/// What a 503 asks a client to wait before it tries again, in seconds.
pub const RETRY_AFTER_SECONDS: &str = "5";

/// Logs a failed request on one line: the error and its causes, never a backtrace (an error
/// with one printed ~190 KB per failure).
pub fn log_failure(e: &AppError) {
    let mut line = e.to_string();
    let mut cause = std::error::Error::source(e);
    while let Some(c) = cause {
        line.push_str(": ");
        line.push_str(&c.to_string());
        cause = c.source();
    }
    let line = line.replace(['\n', '\r'], " ");
    match e {
        AppError::Unavailable(_) => tracing::warn!(error = %line, "request failed: database unavailable"),
        _ => tracing::error!(error = %line, "request failed"),
    }
}

impl From<crate::service::DomainError> for AppError {
    fn from(e: crate::service::DomainError) -> Self {
        use crate::service::DomainError as D;
        match e {
            D::NotFound(m) => Self::NotFound(m),
            D::Invalid { .. } => Self::Invalid(e.to_string()),
            D::Conflict(m) => Self::Conflict(m),
            D::Forbidden(m) => Self::Forbidden(m),
            D::Unavailable(m) => Self::Unavailable(DbError::Open(m)),
            D::Internal(m) => Self::Internal(anyhow::anyhow!(m)),
        }
    }
}

impl From<actix_web::error::BlockingError> for AppError {
    fn from(e: actix_web::error::BlockingError) -> Self {
        Self::Internal(anyhow::anyhow!("blocking task failed: {e}"))
    }
}

#[derive(Serialize)]
struct Body<'a> {
    error: Detail<'a>,
}

#[derive(Serialize)]
struct Detail<'a> {
    code: &'a str,
    message: String,
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::Conflict(_) => StatusCode::CONFLICT,
            Self::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::Forbidden(_) => StatusCode::FORBIDDEN,
            Self::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if matches!(self, Self::Internal(_) | Self::Unavailable(_)) {
            log_failure(self);
        }
        let mut resp = HttpResponse::build(self.status_code());
        if matches!(self, Self::Unavailable(_)) {
            resp.insert_header((actix_web::http::header::RETRY_AFTER, RETRY_AFTER_SECONDS));
        }
        resp.json(Body { error: Detail { code: self.code(), message: self.to_string() } })
    }
}
