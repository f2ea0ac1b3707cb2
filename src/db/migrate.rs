//! Embedded migrations, one tree per backend with the same names and order, run by `dra migrate`
//! and when `dra serve` starts; on PostgreSQL under an advisory lock, so instances starting
//! together on one database migrate it once.

use diesel::migration::MigrationSource;
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

use super::{AnyConnection, DbError};

pub const SQLITE: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
pub const POSTGRES: EmbeddedMigrations = embed_migrations!("migrations/postgres");

fn err(e: impl std::fmt::Display) -> DbError {
    DbError::Migration(e.to_string())
}

/// The PostgreSQL advisory lock taken while migrating: several `dra serve` starting together
/// on one database migrate one after the other (the later ones find nothing pending).
const MIGRATION_LOCK: i64 = 0x0064_7261_5f6d_6967;

/// Runs `f` holding the migration lock (PostgreSQL; SQLite serialises writers by itself).
fn locked<T>(
    c: &mut diesel::PgConnection,
    f: impl FnOnce(&mut diesel::PgConnection) -> Result<T, DbError>,
) -> Result<T, DbError> {
    use diesel::RunQueryDsl;
    diesel::sql_query(format!("SELECT pg_advisory_lock({MIGRATION_LOCK})")).execute(c)?;
    let result = f(c);
    let unlocked = diesel::sql_query(format!("SELECT pg_advisory_unlock({MIGRATION_LOCK})")).execute(c);
    let value = result?;
    unlocked?;
    Ok(value)
}

/// The migration after which stored codes are rewritten ([`super::recode::legacy_codes`]).
const PROFILE_CODES: &str = "000015";

/// Applies every pending migration; returns the names applied. Applying the profile-codes
/// migration rewrites the codes stored before it (each row only if it is unchanged since read).
pub fn run_pending(conn: &mut AnyConnection) -> Result<Vec<String>, DbError> {
    let names =
        |v: Vec<diesel::migration::MigrationVersion>| -> Vec<String> { v.iter().map(ToString::to_string).collect() };
    let recode = |c: &mut AnyConnection, applied: &[String]| -> Result<(), DbError> {
        if applied.iter().any(|n| n.contains(PROFILE_CODES)) {
            let n = super::recode::legacy_codes(c)?;
            if n > 0 {
                tracing::info!(rows = n, "stored codes rewritten with the profile fields");
            }
        }
        Ok(())
    };
    let applied = match conn {
        AnyConnection::Sqlite(c) => names(c.run_pending_migrations(SQLITE).map_err(err)?),
        AnyConnection::Postgresql(c) => locked(c, |c| Ok(names(c.run_pending_migrations(POSTGRES).map_err(err)?)))?,
    };
    recode(conn, &applied)?;
    Ok(applied)
}

/// Reverts every applied migration, newest first; returns the names reverted.
pub fn revert_all(conn: &mut AnyConnection) -> Result<Vec<String>, DbError> {
    let names = |v: Vec<diesel::migration::MigrationVersion>| v.iter().map(ToString::to_string).collect();
    match conn {
        AnyConnection::Sqlite(c) => Ok(names(c.revert_all_migrations(SQLITE).map_err(err)?)),
        AnyConnection::Postgresql(c) => locked(c, |c| Ok(names(c.revert_all_migrations(POSTGRES).map_err(err)?))),
    }
}

/// Names of the migrations not yet applied.
pub fn pending(conn: &mut AnyConnection) -> Result<Vec<String>, DbError> {
    Ok(match conn {
        AnyConnection::Sqlite(c) => {
            c.pending_migrations(SQLITE).map_err(err)?.iter().map(|m| m.name().to_string()).collect()
        }
        AnyConnection::Postgresql(c) => {
            c.pending_migrations(POSTGRES).map_err(err)?.iter().map(|m| m.name().to_string()).collect()
        }
    })
}

/// Versions of the migrations applied to this database, oldest first.
pub fn applied(conn: &mut AnyConnection) -> Result<Vec<String>, DbError> {
    let mut versions: Vec<String> = match conn {
        AnyConnection::Sqlite(c) => c.applied_migrations().map_err(err)?.iter().map(ToString::to_string).collect(),
        AnyConnection::Postgresql(c) => c.applied_migrations().map_err(err)?.iter().map(ToString::to_string).collect(),
    };
    versions.sort();
    Ok(versions)
}

/// Names of the migrations of one backend's tree, in order.
pub fn names(postgres: bool) -> Result<Vec<String>, DbError> {
    let source = if postgres { POSTGRES } else { SQLITE };
    let list = MigrationSource::<diesel::sqlite::Sqlite>::migrations(&source).map_err(err)?;
    Ok(list.iter().map(|m| m.name().to_string()).collect())
}
