//! Backups and restores: a backup taken while `dra serve` is writing restores into a fresh data
//! directory as one consistent moment; one taken at rest gives back the very same figures; the
//! secret travels with the database; a damaged backup or an occupied target is refused.

use crate::support::{Served, TestDb, dra, stderr, stdout};

fn run(env: &[(&str, &str)], args: &[&str]) -> (bool, String, String) {
    let out = dra(args, env);
    (out.status.success(), stdout(&out), stderr(&out))
}

#[test]
fn a_backup_taken_under_load_restores_to_one_consistent_moment() {
    use diesel::prelude::*;
    let db = TestDb::sqlite();
    let toks = crate::form::tokens(&db, "gt-backup", 120, false);
    let s = crate::form::survey();
    let served = Served::start(&db, &[]);
    let data = db.dir.path().join("data");
    let source = [("DATABASE_URL", db.url.as_str()), ("DRA_DATA_DIR", data.to_str().unwrap_or_default())];
    let loader = {
        let (base, toks, s) = (served.url.clone(), toks.clone(), s.clone());
        std::thread::spawn(move || crate::crash::load(&base, &toks, 4, &s))
    };
    // Once some answers are in, back up while the others keep coming.
    let url = dra::db::DatabaseUrl::parse(&db.url).unwrap_or_else(|e| panic!("{e}"));
    for _ in 0..600 {
        let n = dra::db::connect(&url)
            .ok()
            .and_then(|mut c| dra::db::schema::responses::table.count().get_result::<i64>(&mut c).ok())
            .unwrap_or(0);
        if n >= 20 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let during = db.dir.path().join("backup-during");
    let (ok, out, err) = run(&source, &["backup", during.to_str().unwrap_or_default()]);
    assert!(ok, "{out}{err}");
    let results = loader.join().unwrap_or_else(|_| panic!("loader"));
    let statuses = results.lock().map(|r| r.clone()).unwrap_or_default();
    assert!(statuses.iter().all(|st| *st == Some(303)), "the load went on unhindered: {statuses:?}");
    drop(served);

    // Restored under load: whole, consistent, and what it holds is what it analyses.
    let fresh = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let restored = [("DRA_DATA_DIR", fresh.path().to_str().unwrap_or_default())];
    let (ok, out, err) = run(&restored, &["restore", during.to_str().unwrap_or_default()]);
    assert!(ok, "{out}{err}");
    let file = fresh.path().join("dra.sqlite3");
    let mut c =
        diesel::SqliteConnection::establish(file.to_str().unwrap_or_default()).unwrap_or_else(|e| panic!("{e}"));
    #[derive(diesel::QueryableByName)]
    struct Check {
        #[diesel(sql_type = diesel::sql_types::Text)]
        integrity_check: String,
    }
    let check: Check = diesel::sql_query("PRAGMA integrity_check").get_result(&mut c).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(check.integrity_check, "ok");
    let submitted: i64 = dra::db::schema::responses::table
        .filter(dra::db::schema::responses::status.eq("submitted"))
        .count()
        .get_result(&mut c)
        .unwrap_or(-1);
    assert!((20..=120).contains(&submitted), "a moment during the load: {submitted}");
    eprintln!("the backup under load holds {submitted} of 120 submissions");
    let (ok, json, err) = run(&restored, &["analyze", "--campaign", "gt-backup"]);
    assert!(ok, "{err}");
    let agg: serde_json::Value = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(agg["groups"][0]["respondents"].as_i64(), Some(submitted), "all public: {}", agg["groups"]);
    assert_eq!(
        std::fs::read(fresh.path().join("secret.key")).ok(),
        std::fs::read(data.join("secret.key")).ok(),
        "the secret travels with the database"
    );

    // At rest: the very same figures.
    let rest = db.dir.path().join("backup-rest");
    assert!(run(&source, &["backup", rest.to_str().unwrap_or_default()]).0);
    let second = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let restored2 = [("DRA_DATA_DIR", second.path().to_str().unwrap_or_default())];
    assert!(run(&restored2, &["restore", rest.to_str().unwrap_or_default()]).0);
    let here = run(&source, &["analyze", "--campaign", "gt-backup"]).1;
    let there = run(&restored2, &["analyze", "--campaign", "gt-backup"]).1;
    assert!(!here.is_empty() && here == there, "the restored database gives other figures");

    // Refused: an occupied target, a damaged backup, an occupied backup folder.
    let (ok, _, err) = run(&restored2, &["restore", rest.to_str().unwrap_or_default()]);
    assert!(!ok && err.contains("exists"), "{err}");
    let manifest = rest.join("manifest.json");
    let text = std::fs::read_to_string(&manifest).unwrap_or_default();
    let sum = text.split("\"dra.sqlite3\": \"").nth(1).and_then(|r| r.get(..64)).unwrap_or_default().to_string();
    std::fs::write(&manifest, text.replace(&sum, &"0".repeat(64))).unwrap_or_else(|e| panic!("{e}"));
    let third = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (ok, _, err) = run(
        &[("DRA_DATA_DIR", third.path().to_str().unwrap_or_default())],
        &["restore", rest.to_str().unwrap_or_default()],
    );
    assert!(!ok && err.contains("does not match the manifest"), "{err}");
    let (ok, _, err) = run(&source, &["backup", rest.to_str().unwrap_or_default()]);
    assert!(!ok && err.contains("already holds a backup"), "{err}");
}

/// On PostgreSQL the backup holds the secret and the manifest, and says how to copy the data.
#[test]
fn on_postgresql_the_backup_says_to_use_pg_dump() {
    let db = TestDb::new();
    if !db.is_postgres() {
        eprintln!("skipped: a PostgreSQL test (DRA_TEST_DATABASE_URL)");
        return;
    }
    drop(crate::support::conn(&db));
    let data = db.dir.path().join("data");
    let env = [("DATABASE_URL", db.url.as_str()), ("DRA_DATA_DIR", data.to_str().unwrap_or_default())];
    let dir = db.dir.path().join("pg-backup");
    let (ok, out, err) = run(&env, &["backup", dir.to_str().unwrap_or_default()]);
    assert!(ok, "{err}");
    assert!(out.contains("pg_dump"), "{out}");
    assert!(dir.join("secret.key").exists() && dir.join("manifest.json").exists());
}
