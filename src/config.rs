//! Typed settings: built-in defaults < an optional TOML file (`DRA_CONFIG`) < `DRA_*` environment
//! variables. Validated once at start; secrets are redacted whenever settings are shown.

use std::collections::HashMap;
use std::fmt;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// Shown settings hide passwords in URLs (kept here for the callers that show settings).
pub use crate::redact::redact_url;

/// A value that must never be printed or logged (it may hold a password).
#[derive(Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn new(s: impl Into<String>) -> Self {
        Self(s.into())
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("\"[redacted]\"")
    }
}

/// The shortest secret key accepted: personal links and CSRF pairs are derived from it, so a
/// short (or empty, after a full disk) key would let anyone forge them.
pub const MIN_SECRET_BYTES: usize = 32;

/// Everything `dra` can be configured with. Field docs are shown by `dra config`.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// Address `dra serve` listens on.
    pub bind: String,
    /// Where the SQLite database, written mail and generated files live.
    pub data_dir: PathBuf,
    /// `sqlite://PATH` or `postgres://…`; default: a SQLite file in `data_dir`.
    pub database_url: Option<Secret>,
    /// Public address of the server, used in emailed links.
    pub base_url: String,
    /// `smtp://user:pass@host:587?tls=starttls`; without it mail is written as .eml files.
    pub smtp_url: Option<Secret>,
    /// Sender of invitations and reminders.
    pub mail_from: String,
    /// Messages per second the mail worker sends at most.
    pub mail_rate: f64,
    /// SMTP connections used in parallel (each message costs a round trip or more).
    pub mail_connections: u32,
    /// Log filter (`info`, `dra=debug`, …).
    pub log: String,
    /// Database connections kept in the pool.
    pub pool_size: u32,
    /// Secret that personal links are derived from; default: `DATA_DIR/secret.key`, made on
    /// first use. Several servers sharing one database must share it.
    pub secret_key: Option<Secret>,
    /// Run the mail worker inside `dra serve` (`DRA_MAIL_WORKER=0` to leave mail to another
    /// instance or to `dra mail send`).
    pub mail_worker: bool,
    /// Reverse proxies (addresses or CIDR ranges) whose `Forwarded` / `X-Forwarded-For` headers
    /// are believed: the client's address then comes from them (rate limits, audit log, logs).
    pub trusted_proxies: Vec<String>,
    /// A console session ends after this many minutes without a request (and after 8 hours in
    /// all, whatever happens).
    pub session_idle_minutes: u32,
    /// Message catalogs of more languages, one `<code>.ftl` each (Spanish and English are built
    /// in; a file named `es.ftl` or `en.ftl` replaces the built-in one); default:
    /// `DATA_DIR/locales`.
    pub locales_dir: Option<PathBuf>,
    /// The language of the command line's messages to coordinators (`es`, `en`, or one with a
    /// catalog).
    pub lang: String,
}

/// The links' address when none is set: the default listening address.
const DEFAULT_BASE_URL: &str = "http://127.0.0.1:8080";

impl Default for Settings {
    fn default() -> Self {
        Self {
            bind: "127.0.0.1:8080".into(),
            data_dir: PathBuf::from("./dra-data"),
            database_url: None,
            base_url: DEFAULT_BASE_URL.into(),
            smtp_url: None,
            mail_from: "DRA <dra@localhost>".into(),
            mail_rate: 20.0,
            mail_connections: 8,
            log: "info".into(),
            pool_size: 8,
            secret_key: None,
            mail_worker: true,
            trusted_proxies: Vec::new(),
            session_idle_minutes: 30,
            locales_dir: None,
            lang: "en".into(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read the settings file {path}: {source}")]
    Read { path: String, source: std::io::Error },
    #[error("settings file {path}: {message}")]
    File { path: String, message: String },
    #[error("{var}: {message}")]
    Invalid { var: &'static str, message: String },
}

impl Settings {
    /// Where more languages' catalogs are read from.
    pub fn locales_dir(&self) -> PathBuf {
        self.locales_dir.clone().unwrap_or_else(|| self.data_dir.join("locales"))
    }

    /// Loads the catalogs of [`Settings::locales_dir`] (none there is fine); a catalog that does
    /// not parse is an error naming its file and line.
    pub fn load_catalogs(&self) -> Result<Vec<String>, crate::i18n::LoadError> {
        crate::i18n::load_dir(&self.locales_dir())
    }

    /// Whether the public address is https (cookies are then marked Secure).
    pub fn https(&self) -> bool {
        self.base_url.starts_with("https://")
    }

    /// Settings from the process environment (and the file it names in `DRA_CONFIG`).
    pub fn from_env() -> Result<Self, ConfigError> {
        let env: HashMap<String, String> = std::env::vars().collect();
        Self::load(&env)
    }

    /// Defaults < file named by `DRA_CONFIG` < `DRA_*` variables of `env`.
    pub fn load(env: &HashMap<String, String>) -> Result<Self, ConfigError> {
        let mut s = match env.get("DRA_CONFIG").filter(|p| !p.is_empty()) {
            Some(path) => Self::from_file(Path::new(path))?,
            None => Self::default(),
        };
        let get = |k: &str| env.get(k).filter(|v| !v.is_empty()).cloned();
        if let Some(v) = get("DRA_BIND") {
            s.bind = v;
        }
        if let Some(v) = get("DRA_DATA_DIR") {
            s.data_dir = PathBuf::from(v);
        }
        if let Some(v) = get("DRA_DATABASE_URL").or_else(|| get("DATABASE_URL")) {
            s.database_url = Some(Secret(v));
        }
        if let Some(v) = get("DRA_BASE_URL") {
            s.base_url = v;
        }
        if let Some(v) = get("DRA_SMTP_URL") {
            s.smtp_url = Some(Secret(v));
        }
        if let Some(v) = get("DRA_MAIL_FROM") {
            s.mail_from = v;
        }
        if let Some(v) = get("DRA_MAIL_RATE") {
            s.mail_rate = v.parse().map_err(|_| ConfigError::Invalid {
                var: "DRA_MAIL_RATE",
                message: format!("\"{v}\" is not a number"),
            })?;
        }
        if let Some(v) = get("DRA_MAIL_CONNECTIONS") {
            s.mail_connections = v.parse().map_err(|_| ConfigError::Invalid {
                var: "DRA_MAIL_CONNECTIONS",
                message: format!("\"{v}\" is not a whole number"),
            })?;
        }
        if let Some(v) = get("DRA_LOG") {
            s.log = v;
        }
        if let Some(v) = get("DRA_MAIL_WORKER") {
            s.mail_worker = !matches!(v.as_str(), "0" | "false" | "no" | "off");
        }
        if let Some(v) = get("DRA_SECRET_KEY") {
            s.secret_key = Some(Secret(v));
        }
        if let Some(v) = get("DRA_LANG") {
            s.lang = v;
        }
        if let Some(v) = get("DRA_LOCALES_DIR") {
            s.locales_dir = Some(PathBuf::from(v));
        }
        if let Some(v) = get("DRA_TRUSTED_PROXIES") {
            s.trusted_proxies = v.split(',').map(|p| p.trim().to_string()).filter(|p| !p.is_empty()).collect();
        }
        if let Some(v) = get("DRA_SESSION_IDLE_MINUTES") {
            s.session_idle_minutes = v.parse().map_err(|_| ConfigError::Invalid {
                var: "DRA_SESSION_IDLE_MINUTES",
                message: format!("\"{v}\" is not a whole number"),
            })?;
        }
        if let Some(v) = get("DRA_POOL_SIZE") {
            s.pool_size = v.parse().map_err(|_| ConfigError::Invalid {
                var: "DRA_POOL_SIZE",
                message: format!("\"{v}\" is not a whole number"),
            })?;
        }
        // Left at its default, the links' address follows the address the server listens on
        // (its port, unless one is picked at start, and its host unless that is every interface).
        if s.base_url == DEFAULT_BASE_URL
            && let Ok(mut addr) = s.bind.parse::<SocketAddr>()
            && addr.port() != 0
        {
            if addr.ip().is_unspecified() {
                addr.set_ip(std::net::Ipv4Addr::LOCALHOST.into());
            }
            s.base_url = format!("http://{addr}");
        }
        s.validate()?;
        Ok(s)
    }

    fn from_file(path: &Path) -> Result<Self, ConfigError> {
        let p = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read { path: p.clone(), source })?;
        toml::from_str(&text).map_err(|e| ConfigError::File { path: p, message: e.to_string() })
    }

    /// Checks every value once, at start.
    pub fn validate(&self) -> Result<(), ConfigError> {
        self.bind.parse::<SocketAddr>().map_err(|_| ConfigError::Invalid {
            var: "DRA_BIND",
            message: format!("\"{}\" is not an address such as 127.0.0.1:8080", self.bind),
        })?;
        let base = url::Url::parse(&self.base_url).map_err(|e| ConfigError::Invalid {
            var: "DRA_BASE_URL",
            message: format!("\"{}\": {e}", self.base_url),
        })?;
        if !matches!(base.scheme(), "http" | "https") {
            return Err(ConfigError::Invalid {
                var: "DRA_BASE_URL",
                message: "must start with http:// or https://".into(),
            });
        }
        if let Some(url) = &self.database_url {
            crate::db::DatabaseUrl::parse(url.expose())
                .map_err(|e| ConfigError::Invalid { var: "DATABASE_URL", message: e.to_string() })?;
        }
        if let Some(smtp) = &self.smtp_url {
            let u = url::Url::parse(smtp.expose())
                .map_err(|e| ConfigError::Invalid { var: "DRA_SMTP_URL", message: e.to_string() })?;
            if !matches!(u.scheme(), "smtp" | "smtps") {
                return Err(ConfigError::Invalid {
                    var: "DRA_SMTP_URL",
                    message: "must start with smtp:// or smtps://".into(),
                });
            }
        }
        if self.mail_rate.is_nan() || self.mail_rate <= 0.0 {
            return Err(ConfigError::Invalid { var: "DRA_MAIL_RATE", message: "must be above 0".into() });
        }
        if self.mail_connections == 0 || self.mail_connections > 256 {
            return Err(ConfigError::Invalid { var: "DRA_MAIL_CONNECTIONS", message: "must be 1 to 256".into() });
        }
        if self.pool_size == 0 {
            return Err(ConfigError::Invalid { var: "DRA_POOL_SIZE", message: "must be at least 1".into() });
        }
        parse_proxies(&self.trusted_proxies)
            .map_err(|message| ConfigError::Invalid { var: "DRA_TRUSTED_PROXIES", message })?;
        if !(1..=480).contains(&self.session_idle_minutes) {
            return Err(ConfigError::Invalid {
                var: "DRA_SESSION_IDLE_MINUTES",
                message: "must be 1 to 480 (sessions end after 8 hours in all)".into(),
            });
        }
        Ok(())
    }

    /// The database to use: `database_url`, else `sqlite://DATA_DIR/dra.sqlite3`.
    pub fn database(&self) -> Result<crate::db::DatabaseUrl, crate::db::DbError> {
        match &self.database_url {
            Some(u) => crate::db::DatabaseUrl::parse(u.expose()),
            None => Ok(crate::db::DatabaseUrl::Sqlite(self.data_dir.join("dra.sqlite3"))),
        }
    }

    /// The key personal links are derived from: `secret_key`, else the key file in the data
    /// directory, created (owner-only) with 256 random bits the first time.
    pub fn token_key(&self) -> anyhow::Result<crate::token::TokenKey> {
        if let Some(s) = &self.secret_key {
            let n = s.expose().len();
            if n < MIN_SECRET_BYTES {
                anyhow::bail!(
                    "DRA_SECRET_KEY is {n} bytes: at least {MIN_SECRET_BYTES} are needed \
                     (personal links and form tokens are derived from it); `openssl rand -hex 32` makes one"
                );
            }
            return Ok(crate::token::TokenKey::from_secret(s.expose()));
        }
        let path = self.data_dir.join("secret.key");
        if let Ok(existing) = std::fs::read_to_string(&path) {
            let n = existing.trim().len();
            if n < MIN_SECRET_BYTES {
                anyhow::bail!(
                    "{} holds {n} bytes: at least {MIN_SECRET_BYTES} are needed. Restore it from a backup, \
                     or delete it to make a new one (the personal links already sent then stop working)",
                    path.display()
                );
            }
            return Ok(crate::token::TokenKey::from_secret(existing.trim()));
        }
        std::fs::create_dir_all(&self.data_dir)?;
        let secret = crate::survey::hex(&crate::token::random_bytes::<32>());
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        match options.open(&path) {
            Ok(mut f) => std::io::Write::write_all(&mut f, secret.as_bytes())?,
            // Another process made it first: use theirs.
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(anyhow::anyhow!("cannot create {}: {e}", path.display())),
        }
        let stored = std::fs::read_to_string(&path)?;
        Ok(crate::token::TokenKey::from_secret(stored.trim()))
    }

    /// The effective settings as a TOML file that loads back as it is (`DRA_CONFIG`): every
    /// value set; a value not set, or one that holds a secret, as a comment saying so (a secret
    /// is never printed, and a placeholder is never read back as a value).
    pub fn redacted(&self) -> String {
        #[derive(Serialize)]
        struct Shown<'a> {
            bind: &'a str,
            data_dir: String,
            #[serde(skip_serializing_if = "Option::is_none")]
            database_url: Option<String>,
            base_url: &'a str,
            #[serde(skip_serializing_if = "Option::is_none")]
            smtp_url: Option<String>,
            mail_from: &'a str,
            mail_rate: f64,
            mail_connections: u32,
            log: &'a str,
            pool_size: u32,
            mail_worker: bool,
            trusted_proxies: &'a [String],
            session_idle_minutes: u32,
            locales_dir: String,
            lang: &'a str,
        }
        // A URL without a password is shown as it is; one with a password only as a comment.
        let plain = |u: &str| (redact_url(u) == u).then(|| u.to_string());
        let database = self.database_url.as_ref().map(|u| u.expose().to_string());
        let smtp = self.smtp_url.as_ref().map(|u| u.expose().to_string());
        let shown = Shown {
            bind: &self.bind,
            data_dir: self.data_dir.display().to_string(),
            database_url: database.as_deref().and_then(plain),
            base_url: &self.base_url,
            smtp_url: smtp.as_deref().and_then(plain),
            mail_from: &self.mail_from,
            mail_rate: self.mail_rate,
            mail_connections: self.mail_connections,
            log: &self.log,
            pool_size: self.pool_size,
            mail_worker: self.mail_worker,
            trusted_proxies: &self.trusted_proxies,
            session_idle_minutes: self.session_idle_minutes,
            locales_dir: self.locales_dir().display().to_string(),
            lang: &self.lang,
        };
        let mut out = String::from("# dra settings (dra config); loads back with DRA_CONFIG=FILE\n");
        let note = |key: &str, value: Option<&str>, unset: &str| match value {
            Some(v) if redact_url(v) != v => {
                format!("# {key} = \"{}\"  (holds a password: set it in the environment)\n", redact_url(v))
            }
            Some(_) => String::new(),
            None => format!("# {key}: {unset}\n"),
        };
        out.push_str(&note(
            "database_url",
            database.as_deref(),
            &format!("not set: {}", self.database().map_or_else(|e| e.to_string(), |d| d.to_string())),
        ));
        out.push_str(&note("smtp_url", smtp.as_deref(), "not set: mail is written as .eml files"));
        out.push_str(if self.secret_key.is_some() {
            "# secret_key: set (never printed; keep giving it in the environment)\n"
        } else {
            "# secret_key: not set: DATA_DIR/secret.key\n"
        });
        out.push_str(&toml::to_string(&shown).unwrap_or_default());
        out
    }
}

/// Trusted proxies from addresses (`10.0.0.5`, `::1`) and ranges (`10.0.0.0/8`).
pub fn parse_proxies(list: &[String]) -> Result<Vec<ipnet::IpNet>, String> {
    list.iter()
        .map(|p| {
            p.parse::<ipnet::IpNet>()
                .or_else(|_| p.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
                .map_err(|_| format!("\"{p}\" is neither an address nor a CIDR range such as 10.0.0.0/8"))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn env_overrides_file_overrides_defaults() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let file = dir.path().join("dra.toml");
        std::fs::write(&file, "bind = \"127.0.0.1:9000\"\nmail_from = \"x@y.org\"\n").unwrap_or_else(|e| panic!("{e}"));
        let s =
            Settings::load(&env(&[("DRA_CONFIG", file.to_str().unwrap_or_default()), ("DRA_MAIL_FROM", "a@b.org")]))
                .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(s.bind, "127.0.0.1:9000");
        assert_eq!(s.mail_from, "a@b.org");
        assert_eq!(s.log, "info");
    }

    #[test]
    fn links_follow_the_listening_address_unless_set() {
        let base = |pairs: &[(&str, &str)]| Settings::load(&env(pairs)).map(|s| s.base_url).unwrap_or_default();
        assert_eq!(base(&[]), "http://127.0.0.1:8080");
        assert_eq!(base(&[("DRA_BIND", "127.0.0.1:18080")]), "http://127.0.0.1:18080");
        assert_eq!(base(&[("DRA_BIND", "0.0.0.0:8081")]), "http://127.0.0.1:8081");
        assert_eq!(base(&[("DRA_BIND", "[::1]:8082")]), "http://[::1]:8082");
        assert_eq!(base(&[("DRA_BIND", "127.0.0.1:0")]), "http://127.0.0.1:8080", "a port picked at start");
        let set = [("DRA_BIND", "0.0.0.0:80"), ("DRA_BASE_URL", "https://dra.example.gt")];
        assert_eq!(base(&set), "https://dra.example.gt");
    }

    #[test]
    fn invalid_values_are_named() {
        let e = Settings::load(&env(&[("DRA_BIND", "nowhere")])).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(e.starts_with("DRA_BIND:"), "{e}");
        let e = Settings::load(&env(&[("DATABASE_URL", "mysql://x")])).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(e.contains("mysql"), "{e}");
    }

    #[test]
    fn secrets_never_shown() {
        let s = Settings::load(&env(&[
            ("DATABASE_URL", "postgres://dra:hunter2@db/dra"),
            ("DRA_SMTP_URL", "smtp://mailer:s3cret@mail:587?tls=starttls"),
        ]))
        .unwrap_or_else(|e| panic!("{e}"));
        let shown = s.redacted();
        assert!(!shown.contains("hunter2") && !shown.contains("s3cret"), "{shown}");
        assert!(shown.contains("postgres://dra:***@db/dra"), "{shown}");
        assert!(!format!("{s:?}").contains("hunter2"));
    }

    #[test]
    fn what_dra_config_prints_loads_back_as_it_is() {
        let s = Settings::load(&env(&[
            ("DATABASE_URL", "postgres://dra@db/dra"),
            ("DRA_BASE_URL", "https://dra.example.gt"),
            ("DRA_TRUSTED_PROXIES", "10.0.0.0/8"),
            ("DRA_SMTP_URL", "smtp://mailer:s3cret@mail:587"),
        ]))
        .unwrap_or_else(|e| panic!("{e}"));
        let text = s.redacted();
        let dir = tempfile_dir();
        let file = dir.join("dra.toml");
        std::fs::write(&file, &text).unwrap_or_else(|e| panic!("{e}"));
        let again = Settings::load(&env(&[("DRA_CONFIG", file.to_str().unwrap_or_default())]))
            .unwrap_or_else(|e| panic!("{e}: {text}"));
        assert_eq!(again.base_url, s.base_url);
        assert_eq!(again.trusted_proxies, s.trusted_proxies);
        assert_eq!(again.database_url.map(|u| u.expose().to_string()), Some("postgres://dra@db/dra".into()));
        assert!(again.smtp_url.is_none(), "a URL with a password is a comment, not a value: {text}");
        let _ = std::fs::remove_dir_all(dir);
    }

    fn tempfile_dir() -> std::path::PathBuf {
        let d =
            std::env::temp_dir().join(format!("dra-config-{}-{}", std::process::id(), crate::token::random_token()));
        std::fs::create_dir_all(&d).unwrap_or_else(|e| panic!("{e}"));
        d
    }
}
