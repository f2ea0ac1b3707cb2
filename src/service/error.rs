//! What can go wrong in the domain, by kind, so each edge answers honestly: not found (404, exit
//! 1), invalid input naming its field (422, or the command-line option), a conflict with the
//! state of things (409), forbidden (403), the database unavailable (503, try again), and
//! faults of our own (500).

use crate::db::DbError;

#[derive(Debug, thiserror::Error)]
pub enum DomainError {
    #[error("{0}")]
    NotFound(String),
    /// `field` is the name the input had (an option without its dashes, a form field).
    #[error("{field}: {message}")]
    Invalid { field: &'static str, message: String },
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    Forbidden(String),
    #[error("the database is unavailable: {0}")]
    Unavailable(String),
    #[error("internal error: {0}")]
    Internal(String),
}

impl DomainError {
    pub fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        Self::Invalid { field, message: message.into() }
    }

    /// The message as a command line puts it: an invalid field is named as its option.
    pub fn for_cli(&self) -> String {
        match self {
            // A setting (`DRA_…`) is named as it is set; any other field is an option.
            Self::Invalid { field, message } if field.starts_with("DRA_") => format!("{field}: {message}"),
            Self::Invalid { field, message } => format!("--{}: {message}", field.replace('_', "-")),
            other => other.to_string(),
        }
    }
}

impl From<DbError> for DomainError {
    fn from(e: DbError) -> Self {
        match e {
            DbError::NotFound(m) => Self::NotFound(m),
            DbError::Conflict(m) => Self::Conflict(m),
            // The domain checks these rules before the store does: meeting one is our fault.
            DbError::Invalid(m) | DbError::Internal(m) => Self::Internal(m),
            e if e.is_unavailable() => Self::Unavailable(e.to_string()),
            e => Self::Internal(e.to_string()),
        }
    }
}

impl From<crate::db::PoolError> for DomainError {
    fn from(e: crate::db::PoolError) -> Self {
        DbError::from(e).into()
    }
}
