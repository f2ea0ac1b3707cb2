//! Storage: diesel over SQLite and PostgreSQL through one `MultiConnection`, the embedded
//! migrations of both backends, and the queries the rest of `dra` calls. Dialect branches are
//! rare and live here.

pub mod aggregates;
pub mod api_tokens;
pub mod campaigns;
pub mod conn;
pub mod introspect;
pub mod invitations;
pub mod migrate;
pub mod outbox;
pub mod participants;
pub mod responses;
pub mod schema;
pub mod submissions;
pub mod surveys;
mod url;
pub mod users;
pub mod writer;

pub use conn::{AnyConnection, DbPool, PooledConn, connect, pool};
pub use url::DatabaseUrl;

/// What can go wrong talking to the database.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("{0}")]
    Url(String),
    #[error("cannot open the database: {0}")]
    Open(String),
    #[error("database error: {0}")]
    Query(#[from] diesel::result::Error),
    #[error("migration failed: {0}")]
    Migration(String),
    #[error("database pool: {0}")]
    Pool(#[from] diesel::r2d2::PoolError),
    #[error("{0}")]
    Conflict(String),
}

/// Now, in UTC, as stored (timestamps are naive UTC in both backends).
pub fn now() -> chrono::NaiveDateTime {
    chrono::Utc::now().naive_utc()
}

/// A transaction that will write. On SQLite it takes the write lock first (waiting its turn
/// under the busy timeout): in WAL mode a transaction that reads and then writes fails at once
/// with SQLITE_BUSY when another writer committed in between, instead of waiting.
pub fn write_tx<T>(
    conn: &mut AnyConnection,
    f: impl FnOnce(&mut AnyConnection) -> Result<T, DbError>,
) -> Result<T, DbError> {
    use diesel::Connection;
    conn.transaction(|c| {
        take_write_lock(c)?;
        f(c)
    })
}

/// Inside a transaction: on SQLite, a write that changes nothing, so the transaction holds the
/// write lock before its first read (see [`write_tx`]). Nothing to do on PostgreSQL.
pub fn take_write_lock(conn: &mut AnyConnection) -> Result<(), DbError> {
    use diesel::connection::SimpleConnection;
    if let AnyConnection::Sqlite(s) = conn {
        s.batch_execute("UPDATE survey_versions SET id = id WHERE 0")?;
    }
    Ok(())
}
