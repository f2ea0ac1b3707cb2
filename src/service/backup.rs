//! Backups and restores. What must travel together: the database and the secret that personal
//! links are derived from (without it, every link already mailed stops working). On SQLite the
//! copy is taken with `VACUUM INTO`, a consistent snapshot while the server keeps writing; on
//! PostgreSQL the database is the administrator's `pg_dump`, and the backup holds the secret and
//! the manifest. A manifest lists what was copied, with SHA-256 sums checked at restore.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::DomainError;
use crate::config::Settings;
use crate::db::{self, DatabaseUrl};

/// The name of the database file in a backup.
pub const DATABASE_FILE: &str = "dra.sqlite3";
/// The name of the secret in a backup (and in the data directory).
pub const SECRET_FILE: &str = "secret.key";
/// The manifest of a backup.
pub const MANIFEST: &str = "manifest.json";

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Manifest {
    pub created_at: String,
    pub dra_version: String,
    pub backend: String,
    /// Migrations applied to the database when it was copied.
    pub migrations: Vec<String>,
    /// File name → SHA-256 (hex) of what the backup holds.
    pub files: std::collections::BTreeMap<String, String>,
    /// Where the secret is: `copied` (in the backup), or `environment` (DRA_SECRET_KEY: keep it).
    pub secret: String,
    /// What the administrator still has to do (PostgreSQL: `pg_dump`).
    pub notes: Vec<String>,
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> DomainError + '_ {
    move |e| DomainError::Conflict(format!("{}: {e}", path.display()))
}

fn sha256_of(path: &Path) -> Result<String, DomainError> {
    let bytes = std::fs::read(path).map_err(io(path))?;
    Ok(crate::survey::hex(&Sha256::digest(&bytes)))
}

/// Takes a backup into `dir` (made; it must not hold a backup already).
pub fn backup(settings: &Settings, dir: &Path, now: chrono::NaiveDateTime) -> Result<Manifest, DomainError> {
    if dir.join(MANIFEST).exists() || dir.join(DATABASE_FILE).exists() {
        return Err(DomainError::Conflict(format!("{} already holds a backup: choose an empty folder", dir.display())));
    }
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    let url = settings.database()?;
    let mut conn = db::connect(&url)?;
    let migrations = db::migrate::applied(&mut conn)?;
    let mut files = std::collections::BTreeMap::new();
    let mut notes = Vec::new();
    match &url {
        DatabaseUrl::Sqlite(_) => {
            let target = dir.join(DATABASE_FILE);
            db::copy_sqlite(&mut conn, &target)?;
            files.insert(DATABASE_FILE.to_string(), sha256_of(&target)?);
        }
        DatabaseUrl::Postgres(_) => notes.push(format!(
            "PostgreSQL: copy the database with `pg_dump --format=custom --file={}/dra.pgdump DATABASE_URL` \
             (and restore it with pg_restore); this backup holds the secret and this manifest",
            dir.display()
        )),
    }
    let secret = if settings.secret_key.is_some() {
        notes.push("the secret comes from DRA_SECRET_KEY: keep it with this backup, it is not copied".into());
        "environment".to_string()
    } else {
        let source = settings.data_dir.join(SECRET_FILE);
        // Made on first use: a backup of a server never started makes it now, so it travels.
        settings.token_key().map_err(|e| DomainError::Conflict(e.to_string()))?;
        let target = dir.join(SECRET_FILE);
        std::fs::copy(&source, &target).map_err(io(&source))?;
        files.insert(SECRET_FILE.to_string(), sha256_of(&target)?);
        "copied".to_string()
    };
    let manifest = Manifest {
        created_at: now.and_utc().to_rfc3339(),
        dra_version: env!("CARGO_PKG_VERSION").to_string(),
        backend: url.backend().to_string(),
        migrations,
        files,
        secret,
        notes,
    };
    let text = serde_json::to_string_pretty(&manifest).map_err(|e| DomainError::Internal(e.to_string()))?;
    std::fs::write(dir.join(MANIFEST), text).map_err(io(dir))?;
    Ok(manifest)
}

/// Restores the backup in `dir` into the configured data directory and database (SQLite), which
/// must not hold a database already unless `force`; then applies newer migrations.
pub fn restore(settings: &Settings, dir: &Path, force: bool) -> Result<(Manifest, Vec<String>), DomainError> {
    let path = dir.join(MANIFEST);
    let manifest: Manifest = serde_json::from_slice(&std::fs::read(&path).map_err(io(&path))?)
        .map_err(|e| DomainError::invalid("backup", format!("{}: {e}", path.display())))?;
    for (file, sum) in &manifest.files {
        if &sha256_of(&dir.join(file))? != sum {
            return Err(DomainError::invalid("backup", format!("{file} does not match the manifest: not restored")));
        }
    }
    let url = settings.database()?;
    let mut restored = Vec::new();
    if manifest.files.contains_key(DATABASE_FILE) {
        let DatabaseUrl::Sqlite(target) = &url else {
            return Err(DomainError::invalid(
                "backup",
                "the backup is of SQLite and DATABASE_URL is PostgreSQL: restore into a SQLite data directory",
            ));
        };
        if target.exists() && !force {
            return Err(DomainError::Conflict(format!(
                "{} exists: restore into a fresh data directory, or give --force to replace it",
                target.display()
            )));
        }
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(io(parent))?;
        }
        for stale in ["-wal", "-shm"] {
            let _ = std::fs::remove_file(PathBuf::from(format!("{}{stale}", target.display())));
        }
        let source = dir.join(DATABASE_FILE);
        std::fs::copy(&source, target).map_err(io(&source))?;
        restored.push(target.display().to_string());
    }
    if manifest.files.contains_key(SECRET_FILE) {
        let target = settings.data_dir.join(SECRET_FILE);
        let source = dir.join(SECRET_FILE);
        let differs = std::fs::read(&target).is_ok_and(|t| std::fs::read(&source).is_ok_and(|s| s != t));
        if differs && !force {
            return Err(DomainError::Conflict(format!(
                "{} holds another secret: give --force to replace it (links made with it stop working)",
                target.display()
            )));
        }
        std::fs::create_dir_all(&settings.data_dir).map_err(io(&settings.data_dir))?;
        std::fs::copy(&source, &target).map_err(io(&source))?;
        restored.push(target.display().to_string());
    }
    let mut conn = db::connect(&url)?;
    let applied = db::migrate::run_pending(&mut conn)?;
    restored.extend(applied.into_iter().map(|m| format!("migration {m}")));
    Ok((manifest, restored))
}
