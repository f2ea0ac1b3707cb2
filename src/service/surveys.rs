//! Survey definitions in the store: a checked definition stored as a content-hashed version
//! (storing the same content again changes nothing), and the stored versions listed.

use chrono::NaiveDateTime;

use super::{Actor, DomainError};
use crate::db::{self, AnyConnection};
use crate::survey::Survey;

pub use crate::db::surveys::{Imported, SurveyVersion};

/// Stores a checked definition (`file_name` says where it came from) unless the same content is
/// already stored; audit-logged.
pub fn import(
    conn: &mut AnyConnection,
    survey: &Survey,
    file_name: &str,
    actor: &Actor,
    now: NaiveDateTime,
) -> Result<Imported, DomainError> {
    let r = db::surveys::import(conn, survey, file_name)?;
    let what = format!("{} {}", survey.id, survey.version);
    db::users::audit(conn, &actor.name, "survey stored", Some(&what), actor.ip.as_deref(), now)?;
    Ok(r)
}

/// Every stored version, newest first.
pub fn list(conn: &mut AnyConnection) -> Result<Vec<SurveyVersion>, DomainError> {
    Ok(db::surveys::list(conn)?)
}

/// The definition of a stored version: its id (newest version), `#ID`, or a content-hash prefix.
pub fn find(conn: &mut AnyConnection, spec: &str) -> Result<Survey, DomainError> {
    let v = db::surveys::find(conn, spec)?;
    Ok(db::surveys::compiled(conn, v.id)?)
}
