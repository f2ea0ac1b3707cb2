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

/// The whole log as CSV (at, actor, action, target, ip), newest first, with a byte-order mark
/// and every text cell neutralised for spreadsheets (an actor or target typed as `=…` stays text).
pub fn csv(conn: &mut AnyConnection) -> Result<Vec<u8>, DomainError> {
    use crate::report::cell_text::{UTF8_BOM, neutralise};
    let err = |e: csv::Error| DomainError::Internal(e.to_string());
    let mut w = csv::Writer::from_writer(UTF8_BOM.to_vec());
    w.write_record(["at_utc", "actor", "action", "target", "ip"]).map_err(err)?;
    for (at, actor, action, target, ip) in db::users::audit_entries(conn, i64::MAX)? {
        let cell = |s: &str| neutralise(s).into_owned();
        w.write_record([
            at.format("%Y-%m-%d %H:%M:%S").to_string(),
            cell(&actor),
            cell(&action),
            cell(&target.unwrap_or_default()),
            cell(&ip.unwrap_or_default()),
        ])
        .map_err(err)?;
    }
    w.into_inner().map_err(|e| DomainError::Internal(e.to_string()))
}
