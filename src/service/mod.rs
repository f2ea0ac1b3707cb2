//! The domain layer: the rules of the things `dra` manages, written once, under the command line,
//! the console and the API. Those parse their input, call a function here, and render what comes
//! back; they decide no rule of their own. Errors are typed (`DomainError`) and map to HTTP
//! statuses and exit codes in one place each (`error::AppError::from`, `cli`).
//!
//! What lives here so far: campaigns (creation and state changes), accounts (users and API
//! tokens), survey definitions, report exports, backups and restores, and the store's handle.
//! The other capabilities still call `db` from their adapters (`scripts/layers.allow`) and move
//! here one by one.

pub mod accounts;
pub mod audit;
pub mod backup;
pub mod campaigns;
pub mod error;
pub mod exports;
pub mod fieldwork;
pub mod responses;
pub mod store;
pub mod surveys;

pub use error::DomainError;

/// Who does something, and from where: what the audit log records.
#[derive(Debug, Clone)]
pub struct Actor {
    pub name: String,
    pub ip: Option<String>,
}

impl Actor {
    /// The command line (on the server's own machine).
    pub fn cli() -> Self {
        Self { name: "cli".into(), ip: None }
    }
}
