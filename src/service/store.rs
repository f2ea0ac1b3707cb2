//! The store the domain works on, as its adapters see it: a connection handle they pass through
//! and never look into, opened on the configured database with its migrations applied.

use super::DomainError;
use crate::config::Settings;
use crate::db;

/// A connection to the store (SQLite or PostgreSQL).
pub use crate::db::AnyConnection as Conn;
/// The pool of connections the server hands its handlers.
pub use crate::db::DbPool as Pool;
/// The group commit of the respondents' writes.
pub use crate::db::writer::Writer;

/// A connection to the configured database, its pending migrations applied.
pub fn open_migrated(settings: &Settings) -> Result<Conn, DomainError> {
    let url = settings.database().map_err(|e| DomainError::invalid("DRA_DATABASE_URL", e.to_string()))?;
    let mut conn = db::connect(&url)?;
    db::migrate::run_pending(&mut conn).map_err(|e| DomainError::Internal(format!("migrating the database: {e}")))?;
    Ok(conn)
}

/// What `dra migrate` reports: the backend's name and the migrations applied (or, with
/// `dry_run`, those that would be).
pub fn migrate(settings: &Settings, dry_run: bool) -> Result<(&'static str, Vec<String>), DomainError> {
    let url = settings.database().map_err(|e| DomainError::invalid("DRA_DATABASE_URL", e.to_string()))?;
    let mut conn = db::connect(&url)?;
    let names = if dry_run { db::migrate::pending(&mut conn)? } else { db::migrate::run_pending(&mut conn)? };
    Ok((url.backend(), names.into_iter().map(|n| n.to_string()).collect()))
}
