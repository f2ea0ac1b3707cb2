//! The audit log: who changed what, when, from where. Every change the domain makes writes an
//! entry (in the same transaction where it can); administrators read the newest entries or the
//! whole log as CSV.

use super::DomainError;
use crate::db::{self, AnyConnection};

pub use crate::db::users::AuditEntry;

/// The newest `limit` entries.
pub fn entries(conn: &mut AnyConnection, limit: i64) -> Result<Vec<AuditEntry>, DomainError> {
    Ok(db::users::audit_entries(conn, limit)?)
}

/// The whole log as CSV (at, actor, action, target, ip), newest first, formulas neutralised.
pub fn csv(conn: &mut AnyConnection) -> Result<Vec<u8>, DomainError> {
    Ok(db::users::audit_csv(conn)?)
}
