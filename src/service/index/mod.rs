//! Index campaigns: creating one from a framework file, the institutions it assesses, the
//! evaluators' scores with their evidence, the second review of each score, and the figures
//! (the composite index, its uncertainty, the agreement between evaluators). Every change is a
//! transaction that checks what it read (compare-and-set on a score's version) and writes its
//! audit entry with it. Roles are the edges' business: coordinators evaluate and review,
//! analysts read.

pub mod campaigns;
pub mod demo;
pub mod editions;
pub mod figures;
pub mod outputs;
pub mod publish;
pub mod review;
pub mod scoring;
pub mod self_assess;
pub mod self_links;

pub use campaigns::{CreateRequest, Loaded, create, list, load};
pub use figures::{Figures, figures};
pub use review::{ReviewAction, review};
pub use scoring::{ImportSummary, ScoreInput, import_scores, import_units, set_score};

use super::DomainError;
use crate::index::csv::RowProblem;

/// Every problem of a file as one invalid-input error naming the file's field.
fn file_problems(field: &'static str, problems: &[RowProblem]) -> DomainError {
    let lines: Vec<String> = problems.iter().map(|p| format!("line {}: {}", p.line, p.reason)).collect();
    DomainError::invalid(field, format!("nothing was stored; fix these and import again:\n{}", lines.join("\n")))
}

fn not_found(slug: &str) -> DomainError {
    DomainError::NotFound(format!("no index campaign \"{slug}\""))
}

/// The user `name` acting on an index from the command line: an active coordinator or
/// administrator (those who evaluate and review).
pub fn acting_user(conn: &mut crate::db::AnyConnection, name: &str) -> Result<super::Actor, DomainError> {
    use crate::role::Role;
    let users = super::accounts::users(conn)?;
    let user = users
        .iter()
        .find(|u| u.username == name)
        .ok_or_else(|| DomainError::invalid("as", format!("no user \"{name}\": add one with dra user add")))?;
    if user.is_disabled() {
        return Err(DomainError::Forbidden(format!("user \"{name}\" is disabled")));
    }
    match user.role() {
        Some(Role::Admin | Role::Coordinator) => Ok(super::Actor { name: name.to_string(), ip: None }),
        _ => Err(DomainError::Forbidden(format!(
            "user \"{name}\" is {}: only coordinators and administrators evaluate and review",
            user.role
        ))),
    }
}
