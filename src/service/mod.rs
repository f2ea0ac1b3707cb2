//! The domain layer: the rules of the things `dra` manages, written once, under the command line,
//! the console and the API. Those parse their input, call a function here, and render what comes
//! back; they decide no rule of their own. Errors are typed (`DomainError`) and map to HTTP
//! statuses and exit codes in one place each (`error::AppError::from`, `cli`).
//!
//! What lives here: campaigns (creation and state changes), fieldwork (participants, mailings,
//! progress), the respondent's side (links, the questionnaire's decisions, opt-outs), paper
//! forms, the coordinators' review of responses (browsing, exclusions), submissions collected offline (ODK), accounts (users, sessions, API tokens), survey definitions, exports and the audit log,
//! backups and restores, and the store's handle. `scripts/layers.sh` checks that the command line,
//! the console and the API reach the database only through here.

pub mod accounts;
pub mod audit;
pub mod backup;
pub mod campaigns;
pub mod compare;
mod contribution_mail;
pub mod contributions;
pub mod demo;
pub mod error;
pub mod exclusions;
pub mod exports;
pub mod fieldwork;
pub mod index;
pub mod mailing;
pub mod offline;
pub mod publish;
pub mod respondent;
pub mod responses;
pub mod review;
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
