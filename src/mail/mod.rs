//! Mail: message texts (es/en), the transports (pooled SMTP, or .eml files when no SMTP is
//! configured), queueing invitations and reminders through the outbox, and the worker that
//! sends them with retries, backoff and bounce handling.

pub mod message;
pub mod queue;
pub mod templates;
pub mod transport;
pub mod worker;

pub use templates::MailKind;
pub use transport::{Mailer, SendError};
pub use worker::{Worker, WorkerStats};
