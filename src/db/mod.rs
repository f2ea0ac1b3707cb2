//! Storage: diesel over SQLite and PostgreSQL through one `MultiConnection`, the embedded
//! migrations of both backends, and the queries the rest of `dra` calls. Dialect branches are
//! rare and live here.

/// Inserts `rows` (a `Vec` of value tuples) into `table` with one multi-row statement: diesel
/// types a batch insert per backend, so it is written once per backend here (both take
/// `VALUES (…), (…)`). Evaluates to the number of rows inserted.
macro_rules! insert_rows {
    ($conn:expr, $table:expr, $rows:expr) => {
        match $conn {
            $crate::db::AnyConnection::Sqlite(c) => diesel::insert_into($table).values($rows).execute(c),
            $crate::db::AnyConnection::Postgresql(c) => diesel::insert_into($table).values($rows).execute(c),
        }
    };
}

pub mod aggregates;
pub mod answer_keys;
pub mod api_tokens;
pub mod campaigns;
pub mod conn;
pub mod contributions;
pub mod index_self_links;
pub mod indices;
pub mod introspect;
pub mod invitations;
pub mod migrate;
pub mod offline;
pub mod outbox;
pub mod participants;
pub mod recode;
pub mod responses;
pub mod review;
pub mod schema;
pub mod submissions;
pub mod surveys;
pub mod thanks;
mod url;
pub mod users;
pub mod writer;

pub use conn::{AnyConnection, DbPool, PooledConn, connect, pool};
pub use url::DatabaseUrl;

/// Why the pool could not hand out a connection.
pub type PoolError = diesel::r2d2::PoolError;

/// What can go wrong talking to the database.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("{0}")]
    Url(String),
    #[error("cannot open the database: {0}")]
    Open(String),
    #[error("database error: {0}")]
    Query(diesel::result::Error),
    #[error("migration failed: {0}")]
    Migration(String),
    #[error("database pool: {0}")]
    Pool(#[from] diesel::r2d2::PoolError),
    /// What was asked for is not there.
    #[error("{0}")]
    NotFound(String),
    /// The request contradicts what is stored (a name taken, a state it cannot leave).
    #[error("{0}")]
    Conflict(String),
    /// A value that breaks a rule the store guards as well (the domain layer checks these first:
    /// meeting one here is a fault of ours).
    #[error("{0}")]
    Invalid(String),
    /// A fault of ours: something stored that should not be, a write that could not be encoded.
    #[error("{0}")]
    Internal(String),
}

impl From<diesel::result::Error> for DbError {
    fn from(e: diesel::result::Error) -> Self {
        let e = DbError::Query(e);
        if e.is_unavailable() {
            // The pool checks its connections again before handing them out.
            conn::connection_lost();
        }
        e
    }
}

impl DbError {
    /// Whether the database (or the way to it) is not answering, as opposed to refusing a
    /// statement: a pool that cannot connect, a connection lost mid-request. A request that meets
    /// this is worth trying again later (503), nothing about it was wrong.
    pub fn is_unavailable(&self) -> bool {
        use diesel::result::{DatabaseErrorKind, Error};
        match self {
            DbError::Pool(_) | DbError::Open(_) => true,
            DbError::Query(Error::DatabaseError(DatabaseErrorKind::ClosedConnection, _))
            | DbError::Query(Error::DatabaseError(DatabaseErrorKind::UnableToSendCommand, _))
            | DbError::Query(Error::BrokenTransactionManager) => true,
            DbError::Query(Error::DatabaseError(_, info)) => {
                // libpq's words for a connection the server dropped or that cannot be used.
                let m = info.message();
                [
                    "server closed the connection",
                    "terminating connection",
                    "no connection to the server",
                    "connection to server",
                    "could not receive data",
                    "could not send data",
                    "the database system is shutting down",
                    "the database system is starting up",
                ]
                .iter()
                .any(|w| m.contains(w))
            }
            _ => false,
        }
    }
}

/// Runs `f` (reads, or a write in its own transaction) again when the connection it used was
/// lost mid-query (a restarted database server, a cut connection): the pool checks the
/// connection it hands out next and opens a new one. Two more tries at most; a pool that cannot
/// connect at all is not tried again here (it already waited its timeout).
pub fn retry_lost<T>(mut f: impl FnMut() -> Result<T, DbError>) -> Result<T, DbError> {
    let mut tries = 0u64;
    loop {
        match f() {
            Err(e) if tries < 2 && matches!(e, DbError::Query(_)) && e.is_unavailable() => {
                tries += 1;
                tracing::warn!(error = %e, "a database connection was lost: trying again on another");
                std::thread::sleep(std::time::Duration::from_millis(50 * tries));
            }
            r => return r,
        }
    }
}

/// On SQLite, writes a consistent copy of the database to `target` (`VACUUM INTO`: a read
/// transaction of its own, so writers go on meanwhile and the copy is one moment's).
pub fn copy_sqlite(conn: &mut AnyConnection, target: &std::path::Path) -> Result<(), DbError> {
    use diesel::connection::SimpleConnection;
    let quoted = target.display().to_string().replace('\'', "''");
    conn.batch_execute(&format!("VACUUM INTO '{quoted}'"))?;
    Ok(())
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

/// [`write_tx`] for a caller with its own error type (the domain layer's): the transaction
/// rolls back on any error, and database errors come back converted.
pub fn write_tx_as<T, E: From<DbError>>(
    conn: &mut AnyConnection,
    f: impl FnOnce(&mut AnyConnection) -> Result<T, E>,
) -> Result<T, E> {
    use diesel::Connection;
    enum Failed<E> {
        Db(DbError),
        Caller(E),
    }
    impl<E> From<diesel::result::Error> for Failed<E> {
        fn from(e: diesel::result::Error) -> Self {
            Failed::Db(e.into())
        }
    }
    conn.transaction(|c| {
        take_write_lock(c).map_err(Failed::Db)?;
        f(c).map_err(Failed::Caller)
    })
    .map_err(|e| match e {
        Failed::Db(d) => E::from(d),
        Failed::Caller(e) => e,
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
