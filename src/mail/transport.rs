//! Where messages go: an SMTP server over a pooled connection (`DRA_SMTP_URL`), or `.eml` files
//! under the data directory when no SMTP server is configured. Failures are classified as
//! transient (retry later) or permanent (the address bounces).

use std::path::PathBuf;
use std::time::Duration;

use lettre::{Message, SmtpTransport, Transport};

use crate::config::Settings;

/// Why a message was not delivered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SendError {
    /// 4xx, connection refused, timeouts: try again later.
    #[error("temporary failure: {0}")]
    Transient(String),
    /// 5xx: the server refuses this message or address for good.
    #[error("permanent failure: {0}")]
    Permanent(String),
}

pub enum Mailer {
    Smtp(SmtpTransport),
    /// Writes each message as `<dir>/<message-id>.eml` (rewriting the same file on a retry).
    Files(PathBuf),
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Smtp(_) => f.write_str("Mailer::Smtp"),
            Self::Files(d) => write!(f, "Mailer::Files({})", d.display()),
        }
    }
}

impl Mailer {
    /// SMTP when `smtp_url` is set, else files under `DATA_DIR/mail`.
    pub fn from_settings(settings: &Settings) -> anyhow::Result<Self> {
        match &settings.smtp_url {
            Some(url) => Ok(Self::Smtp(smtp(url.expose(), settings.mail_connections)?)),
            None => Ok(Self::Files(settings.data_dir.join("mail"))),
        }
    }

    pub fn describe(&self) -> String {
        match self {
            Self::Smtp(_) => "SMTP".into(),
            Self::Files(d) => format!(".eml files in {}", d.display()),
        }
    }

    pub fn send(&self, message: &Message, file_stem: &str) -> Result<(), SendError> {
        match self {
            Self::Smtp(t) => t.send(message).map(|_| ()).map_err(classify),
            Self::Files(dir) => write_eml(dir, file_stem, &message.formatted()),
        }
    }
}

/// Builds a pooled transport from a URL; `?tls=starttls` is read as lettre's `tls=required`.
fn smtp(raw: &str, connections: u32) -> anyhow::Result<SmtpTransport> {
    let fixed = raw.replace("tls=starttls", "tls=required");
    let t = SmtpTransport::from_url(&fixed)
        .map_err(|e| anyhow::anyhow!("DRA_SMTP_URL {}: {e}", crate::config::redact_url(raw)))?
        .timeout(Some(Duration::from_secs(20)))
        .pool_config(lettre::transport::smtp::PoolConfig::new().max_size(connections.max(1)))
        .build();
    Ok(t)
}

fn classify(e: lettre::transport::smtp::Error) -> SendError {
    let text = e.to_string();
    if e.is_permanent() { SendError::Permanent(text) } else { SendError::Transient(text) }
}

fn write_eml(dir: &PathBuf, stem: &str, bytes: &[u8]) -> Result<(), SendError> {
    let io = |e: std::io::Error| SendError::Transient(format!("cannot write mail to {}: {e}", dir.display()));
    std::fs::create_dir_all(dir).map_err(io)?;
    let safe: String =
        stem.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '.' { c } else { '_' }).collect();
    let tmp = dir.join(format!(".{safe}.tmp"));
    std::fs::write(&tmp, bytes).map_err(io)?;
    std::fs::rename(&tmp, dir.join(format!("{safe}.eml"))).map_err(io)
}
