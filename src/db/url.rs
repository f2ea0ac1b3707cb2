//! Which database: chosen from the URL's scheme, never guessed (SQLite would accept any string).

use std::fmt;
use std::path::PathBuf;

use super::DbError;

/// A database location whose backend is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    /// `sqlite://PATH` (relative or absolute; `sqlite:///abs/path` also works), or `sqlite::memory:`.
    Sqlite(PathBuf),
    /// `postgres://…` or `postgresql://…`, passed to libpq as is.
    Postgres(String),
}

impl DatabaseUrl {
    pub fn parse(raw: &str) -> Result<Self, DbError> {
        let raw = raw.trim();
        if let Some(rest) = raw.strip_prefix("sqlite://") {
            if rest.is_empty() {
                return Err(DbError::Url("sqlite:// needs a file path, e.g. sqlite://./dra-data/dra.sqlite3".into()));
            }
            return Ok(Self::Sqlite(PathBuf::from(rest)));
        }
        if raw == "sqlite::memory:" {
            return Ok(Self::Sqlite(PathBuf::from(":memory:")));
        }
        if raw.starts_with("postgres://") || raw.starts_with("postgresql://") {
            url::Url::parse(raw).map_err(|e| DbError::Url(format!("invalid PostgreSQL URL: {e}")))?;
            return Ok(Self::Postgres(raw.to_string()));
        }
        let scheme = raw.split_once("://").map_or(raw, |(s, _)| s);
        Err(DbError::Url(format!(
            "unsupported database URL scheme \"{scheme}\": use sqlite://PATH or postgres://USER@HOST/DB"
        )))
    }

    pub fn backend(&self) -> &'static str {
        match self {
            Self::Sqlite(_) => "sqlite",
            Self::Postgres(_) => "postgres",
        }
    }
}

impl fmt::Display for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Sqlite(p) => write!(f, "sqlite://{}", p.display()),
            Self::Postgres(u) => f.write_str(u),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scheme_picks_backend() {
        assert_eq!(DatabaseUrl::parse("sqlite://./x.db").ok(), Some(DatabaseUrl::Sqlite("./x.db".into())));
        assert_eq!(DatabaseUrl::parse("sqlite:///tmp/x.db").ok(), Some(DatabaseUrl::Sqlite("/tmp/x.db".into())));
        assert!(matches!(DatabaseUrl::parse("postgres://u@h/db"), Ok(DatabaseUrl::Postgres(_))));
        assert!(matches!(DatabaseUrl::parse("postgresql://u@h/db"), Ok(DatabaseUrl::Postgres(_))));
        for bad in ["mysql://u@h/db", "./file.db", "", "sqlite://"] {
            assert!(DatabaseUrl::parse(bad).is_err(), "{bad}");
        }
    }
}
