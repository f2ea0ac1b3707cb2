//! One connection type over SQLite and PostgreSQL (`MultiConnection`), and the pool. SQLite
//! connections get their pragmas (WAL, busy timeout, foreign keys) as the pool opens them.
//!
//! A server connection is checked (`SELECT 1`, a round trip) before the pool hands it out only
//! when there is reason to doubt it: it sat unused for a while, or a connection was lost
//! somewhere since it was last checked (a restarted server, a cut network: `DbError` reports each
//! loss here). A connection in steady use is handed out as it is, so a request costs the
//! database its own statements only.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::r2d2::{ManageConnection, Pool, PooledConnection};

use super::{DatabaseUrl, DbError};

/// A connection to whichever backend the URL named; queries are written once against it.
#[derive(diesel::MultiConnection)]
pub enum AnyConnection {
    Postgresql(diesel::PgConnection),
    Sqlite(diesel::SqliteConnection),
}

pub type DbPool = Pool<Manager>;
pub type PooledConn = PooledConnection<Manager>;

/// A connection handed out within this long of its previous handing out is not checked again.
const TRUSTED_FOR: Duration = Duration::from_secs(1);

/// Counts the connections seen lost; a connection checked before the latest loss is checked again.
static LOSSES: AtomicU64 = AtomicU64::new(0);

/// A connection was lost (or refused): every pooled connection is checked before its next use.
pub(super) fn connection_lost() {
    LOSSES.fetch_add(1, Ordering::Relaxed);
}

/// A pooled connection, with what the pool knows of its health.
pub struct Pooled {
    conn: AnyConnection,
    /// When the pool last handed it out.
    handed_out: Instant,
    /// `LOSSES` when it was last known good.
    checked_at_loss: u64,
}

impl std::ops::Deref for Pooled {
    type Target = AnyConnection;
    fn deref(&self) -> &AnyConnection {
        &self.conn
    }
}

impl std::ops::DerefMut for Pooled {
    fn deref_mut(&mut self) -> &mut AnyConnection {
        &mut self.conn
    }
}

/// Pragmas every SQLite connection runs: readers never block the writer (WAL), a writer waits for
/// another instead of failing (busy_timeout), references are enforced, commits survive power loss.
pub const SQLITE_PRAGMAS: &str = "PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 10000; \
     PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;";

/// Opens pooled connections on the backend the URL named. (diesel's own manager for a
/// `MultiConnection` tries each backend in turn, and SQLite accepts any string as a file name:
/// an unreachable PostgreSQL would silently become a new SQLite file.)
#[derive(Debug, Clone)]
pub struct Manager {
    url: DatabaseUrl,
}

impl ManageConnection for Manager {
    type Connection = Pooled;
    type Error = DbError;

    fn connect(&self) -> Result<Pooled, DbError> {
        let losses = LOSSES.load(Ordering::Relaxed);
        Ok(Pooled { conn: connect(&self.url)?, handed_out: Instant::now(), checked_at_loss: losses })
    }

    /// Called as the pool hands the connection out (server connections only).
    fn is_valid(&self, conn: &mut Pooled) -> Result<(), DbError> {
        let losses = LOSSES.load(Ordering::Relaxed);
        let idle = conn.handed_out.elapsed();
        conn.handed_out = Instant::now();
        if idle < TRUSTED_FOR && conn.checked_at_loss == losses {
            return Ok(());
        }
        conn.conn.batch_execute("SELECT 1").map_err(DbError::from)?;
        conn.checked_at_loss = losses;
        Ok(())
    }

    /// A connection left inside a transaction it could not end is not given back.
    fn has_broken(&self, conn: &mut Pooled) -> bool {
        diesel::r2d2::R2D2Connection::is_broken(&mut conn.conn)
    }
}

/// The string diesel's connection expects, creating the SQLite file's folder when needed.
fn connection_string(url: &DatabaseUrl) -> Result<String, DbError> {
    match url {
        DatabaseUrl::Sqlite(path) => {
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir)
                    .map_err(|e| DbError::Open(format!("cannot create {}: {e}", dir.display())))?;
            }
            Ok(path.display().to_string())
        }
        DatabaseUrl::Postgres(u) => Ok(u.clone()),
    }
}

/// Opens one connection (used by the CLI and migrations), with the SQLite pragmas set.
pub fn connect(url: &DatabaseUrl) -> Result<AnyConnection, DbError> {
    let s = connection_string(url)?;
    let mut conn = match url {
        DatabaseUrl::Sqlite(_) => {
            AnyConnection::Sqlite(diesel::SqliteConnection::establish(&s).map_err(open_error(url))?)
        }
        DatabaseUrl::Postgres(_) => {
            AnyConnection::Postgresql(diesel::PgConnection::establish(&s).map_err(open_error(url))?)
        }
    };
    if let AnyConnection::Sqlite(c) = &mut conn {
        c.batch_execute(SQLITE_PRAGMAS)?;
    }
    Ok(conn)
}

fn open_error(url: &DatabaseUrl) -> impl Fn(ConnectionError) -> DbError + '_ {
    move |e| DbError::Open(format!("{}: {e}", crate::redact::redact_url(&url.to_string())))
}

/// A pool of `size` connections; fails now (not at first use) when the database is unreachable.
pub fn pool(url: &DatabaseUrl, size: u32) -> Result<DbPool, DbError> {
    connection_string(url)?;
    // SQLite allows one writer at a time; more connections only help readers.
    let size = if matches!(url, DatabaseUrl::Sqlite(_)) { size.clamp(1, 8) } else { size };
    Pool::builder()
        .max_size(size)
        // A file connection does not break; a server connection is checked before each use.
        .test_on_check_out(matches!(url, DatabaseUrl::Postgres(_)))
        .connection_timeout(Duration::from_secs(10))
        .build(Manager { url: url.clone() })
        .map_err(|e| DbError::Open(format!("{}: {e}", crate::redact::redact_url(&url.to_string()))))
}
