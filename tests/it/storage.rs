//! Storage: every migration up and down on each backend, both backends end with the same tables
//! and columns, and survey versions are stored by content.

use dra::db::{self, DatabaseUrl, introspect, migrate};

use crate::support::{TestDb, dra, postgres_base, repo, stdout};

fn open(db: &TestDb) -> db::AnyConnection {
    let url = DatabaseUrl::parse(&db.url).unwrap_or_else(|e| panic!("{e}"));
    db::connect(&url).unwrap_or_else(|e| panic!("{e}"))
}

/// Up, down, up again; returns the schema after the last up.
fn up_down_up(db: &TestDb) -> std::collections::BTreeMap<String, Vec<introspect::Column>> {
    let mut conn = open(db);
    let names = migrate::names(db.is_postgres()).unwrap_or_else(|e| panic!("{e}"));
    assert!(names.len() >= 3, "{names:?}");
    let applied = migrate::run_pending(&mut conn).unwrap_or_else(|e| panic!("up: {e}"));
    assert_eq!(applied.len(), names.len());
    let schema = introspect::schema(&mut conn).unwrap_or_else(|e| panic!("{e}"));
    for table in [
        "survey_versions",
        "campaigns",
        "stakeholder_groups",
        "participants",
        "invitations",
        "responses",
        "outbox",
        "users",
        "sessions",
        "api_tokens",
        "audit_log",
        "opt_outs",
    ] {
        assert!(schema.contains_key(table), "missing table {table}: {:?}", schema.keys());
    }
    let reverted = migrate::revert_all(&mut conn).unwrap_or_else(|e| panic!("down: {e}"));
    assert_eq!(reverted.len(), names.len());
    let empty = introspect::schema(&mut conn).unwrap_or_else(|e| panic!("{e}"));
    assert!(empty.is_empty(), "tables left after reverting every migration: {:?}", empty.keys());
    assert_eq!(migrate::pending(&mut conn).unwrap_or_else(|e| panic!("{e}")).len(), names.len());
    migrate::run_pending(&mut conn).unwrap_or_else(|e| panic!("up again: {e}"));
    let again = introspect::schema(&mut conn).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(schema, again, "up → down → up changed the schema");
    again
}

#[test]
fn migrations_up_and_down_on_sqlite() {
    up_down_up(&TestDb::sqlite());
}

#[test]
fn both_backends_have_the_same_tables_and_columns() {
    let Some(base) = postgres_base() else {
        eprintln!("skipped: set DRA_TEST_DATABASE_URL to compare with PostgreSQL (.ci/run does)");
        return;
    };
    let sqlite = up_down_up(&TestDb::sqlite());
    let pg = up_down_up(&TestDb::postgres(&base));
    assert_eq!(sqlite.keys().collect::<Vec<_>>(), pg.keys().collect::<Vec<_>>());
    for (table, cols) in &sqlite {
        assert_eq!(Some(cols), pg.get(table), "table {table} differs between SQLite and PostgreSQL");
    }
    assert_eq!(migrate::names(false).ok(), migrate::names(true).ok(), "the migration trees differ in names");
}

#[test]
fn import_stores_a_version_once_and_refuses_a_changed_one() {
    let db = TestDb::new();
    let env = [("DATABASE_URL", db.url.as_str())];
    let core = repo("surveys/dra-core.json");
    let first = dra(&["survey", "import", &core], &env);
    assert!(first.status.success(), "{}{}", stdout(&first), crate::support::stderr(&first));
    assert!(stdout(&first).starts_with("stored dra-core version 1.0.0 as #"), "{}", stdout(&first));
    let again = dra(&["survey", "import", &core], &env);
    assert!(stdout(&again).starts_with("unchanged: dra-core version 1.0.0"), "{}", stdout(&again));

    // Same id and version, other content: refused, nothing stored.
    let text = std::fs::read_to_string(&core).unwrap_or_else(|e| panic!("{e}"));
    let changed = text.replacen("Conectividad", "Conexión", 1);
    let path = db.dir.path().join("changed.json");
    std::fs::write(&path, changed).unwrap_or_else(|e| panic!("{e}"));
    let refused = dra(&["survey", "import", path.to_str().unwrap_or_default()], &env);
    assert!(!refused.status.success());
    let err = crate::support::stderr(&refused);
    assert!(err.contains("already stored with other content"), "{err}");

    // A new version label is a new version.
    let bumped =
        text.replacen("Conectividad", "Conexión", 1).replacen("\"version\": \"1.0.0\"", "\"version\": \"1.0.1\"", 1);
    std::fs::write(&path, bumped).unwrap_or_else(|e| panic!("{e}"));
    let ok = dra(&["survey", "import", path.to_str().unwrap_or_default()], &env);
    assert!(ok.status.success(), "{}", crate::support::stderr(&ok));
    let list = stdout(&dra(&["survey", "list"], &env));
    assert_eq!(list.lines().count(), 2, "{list}");
    assert!(list.lines().next().is_some_and(|l| l.contains("1.0.1")), "newest first: {list}");
}

/// The group commit answers each write for itself: a write that fails (after writing) leaves
/// nothing behind, and the writes that shared its batch are stored and acknowledged.
#[test]
fn a_failing_write_fails_alone_in_its_group_commit() {
    use std::sync::Arc;
    let db = TestDb::new();
    let mut c = crate::support::conn(&db);
    let url = DatabaseUrl::parse(&db.url).unwrap_or_else(|e| panic!("{e}"));
    let writer = Arc::new(db::writer::Writer::start(&url).unwrap_or_else(|e| panic!("{e}")));
    let now = chrono::NaiveDate::from_ymd_opt(2026, 11, 27)
        .and_then(|d| d.and_hms_opt(12, 0, 0))
        .unwrap_or_else(|| panic!("date"));
    let results = actix_web::rt::System::new().block_on(async move {
        let handles: Vec<_> = (0..40)
            .map(|i| {
                let w = writer.clone();
                actix_web::rt::spawn(async move {
                    w.run(move |conn| {
                        db::users::audit(conn, "test", &format!("write {i}"), None, None, now)?;
                        if i % 13 == 7 {
                            return Err(db::DbError::Conflict(format!("write {i} refused")));
                        }
                        Ok(i)
                    })
                    .await
                })
            })
            .collect();
        let mut out = Vec::new();
        for h in handles {
            out.push(h.await.unwrap_or_else(|e| panic!("{e}")));
        }
        out
    });
    let refused: Vec<usize> = (0..40).filter(|i| i % 13 == 7).collect();
    for (i, r) in results.iter().enumerate() {
        match r {
            Ok(v) => assert!(*v == i && !refused.contains(&i), "write {i} acknowledged"),
            Err(e) => assert!(refused.contains(&i) && e.to_string().contains("refused"), "write {i}: {e}"),
        }
    }
    let mut stored: Vec<String> = db::users::audit_entries(&mut c, 100)
        .unwrap_or_else(|e| panic!("{e}"))
        .into_iter()
        .map(|(_, _, action, _, _)| action)
        .collect();
    stored.sort();
    let mut expected: Vec<String> = (0..40).filter(|i| !refused.contains(i)).map(|i| format!("write {i}")).collect();
    expected.sort();
    assert_eq!(stored, expected, "every acknowledged write stored, nothing of a refused one");
}
