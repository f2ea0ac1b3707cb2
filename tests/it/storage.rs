//! Storage: every migration up and down on each backend, both backends end with the same tables
//! and columns, and survey versions are stored by content.

use dra::db::submissions::Submission;
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

/// On SQLite, a migrated database's group-commit writer; `None` on PostgreSQL.
fn sqlite_writer(db: &TestDb) -> Option<db::writer::Writer> {
    if db.is_postgres() {
        return None;
    }
    drop(crate::support::conn(db));
    let url = DatabaseUrl::parse(&db.url).unwrap_or_else(|e| panic!("{e}"));
    Some(db::writer::Writer::start(&url).unwrap_or_else(|e| panic!("{e}")))
}

/// On SQLite the writer keeps a multi-row statement's undo pages in memory: a group commit never
/// creates, writes and deletes a temporary file.
#[test]
fn the_writer_keeps_statement_journals_in_memory() {
    let db = TestDb::new();
    let Some(writer) = sqlite_writer(&db) else { return };
    #[derive(diesel::QueryableByName)]
    struct TempStore {
        #[diesel(sql_type = diesel::sql_types::Integer)]
        temp_store: i32,
    }
    let mode = actix_web::rt::System::new().block_on(writer.run(|conn| {
        use diesel::RunQueryDsl;
        match conn {
            db::AnyConnection::Sqlite(c) => {
                Ok(diesel::sql_query("PRAGMA temp_store").get_result::<TempStore>(c)?.temp_store)
            }
            _ => Ok(-1),
        }
    }));
    assert_eq!(mode.unwrap_or_else(|e| panic!("{e}")), 2, "PRAGMA temp_store on the writer: 2 is MEMORY");
}

/// On SQLite a burst grows the write-ahead log file; once writes pause, the checkpointing thread
/// empties it, so it does not keep the size of the largest burst.
#[test]
fn the_log_file_is_emptied_once_writes_pause() {
    let db = TestDb::new();
    let Some(writer) = sqlite_writer(&db) else { return };
    let log = db.dir.path().join("dra.sqlite3-wal");
    let now = chrono::NaiveDate::from_ymd_opt(2026, 11, 27)
        .and_then(|d| d.and_hms_opt(12, 0, 0))
        .unwrap_or_else(|| panic!("date"));
    let write = |bytes: usize| {
        let detail = "x".repeat(bytes);
        actix_web::rt::System::new()
            .block_on(writer.run(move |c| db::users::audit(c, "test", "burst", Some(&detail), None, now)))
            .unwrap_or_else(|e| panic!("{e}"));
    };
    for _ in 0..40 {
        write(512 * 1024);
    }
    let grown = std::fs::metadata(&log).map_or(0, |m| m.len());
    assert!(grown > db::writer::LOG_KEPT, "the burst wrote {grown} bytes of log");
    let mut kept = grown;
    for _ in 0..80 {
        std::thread::sleep(std::time::Duration::from_millis(125));
        kept = std::fs::metadata(&log).map_or(0, |m| m.len());
        if kept <= db::writer::LOG_KEPT {
            break;
        }
    }
    assert!(kept <= db::writer::LOG_KEPT, "the log file kept {kept} bytes after the burst ({grown} at its end)");
    // Every write of the burst is in the database.
    let mut c = crate::support::conn(&db);
    let entries = db::users::audit_entries(&mut c, 100).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(entries.iter().filter(|e| e.2 == "burst").count(), 40);
    // And writing goes on after it.
    write(10);
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

/// A campaign `slug` with `n` invited participants; their invitation ids.
fn invited_campaign(c: &mut db::AnyConnection, slug: &str, n: usize, now: chrono::NaiveDateTime) -> (i64, Vec<i64>) {
    let emails: Vec<String> = (0..n).map(|i| format!("p{i}@{slug}.example")).collect();
    let refs: Vec<&str> = emails.iter().map(String::as_str).collect();
    let campaign = crate::support::seed_campaign(c, slug, &refs, None, 0, now);
    let mut ids = Vec::new();
    for i in 0..n as i64 {
        let pid = i + 1;
        db::invitations::insert(c, pid, &format!("hash-{slug}-{i}"), &format!("nonce-{i}"), None, now)
            .unwrap_or_else(|e| panic!("{e}"));
        ids.push(db::invitations::of_participant(c, pid).unwrap_or_else(|e| panic!("{e}")).map_or(0, |inv| inv.id));
    }
    (campaign.id, ids)
}

fn at(minute: u32) -> chrono::NaiveDateTime {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 27)
        .and_then(|d| d.and_hms_opt(12, minute, 0))
        .unwrap_or_else(|| panic!("date"))
}

/// A save of respondent `key` on invitation `inv`, decided on version `read` of its response
/// (owed a thank-you if it is the invitation's first submission).
fn save(
    campaign: i64,
    key: &str,
    inv: (i64, bool),
    answers: &str,
    submit: bool,
    now: chrono::NaiveDateTime,
    read: i64,
) -> Submission {
    Submission {
        campaign_id: campaign,
        participant_id: None,
        respondent_key: key.into(),
        group_code: "public".into(),
        origin: dra::analysis::Origin::Link,
        language: "es".into(),
        status: if submit {
            dra::campaign::response::ResponseStatus::Submitted
        } else {
            dra::campaign::response::ResponseStatus::Draft
        },
        answers: answers.into(),
        codes: None,
        pending: None,
        page: 1,
        now,
        stamped: now,
        submitted_at: submit.then_some(now),
        new_id: None,
        anonymous: false,
        read_version: read,
        first_submission: submit,
        invitation: Some(inv),
        thank: true,
    }
}

/// Saves written together are written as one at a time would be, each only over the version it
/// was decided on: a save that read a version another save of the batch replaced is not written
/// (`Stale`), a draft marks its invitation started, and only a written first submission marks
/// its invitation submitted and is owed its thank-you, queued once by the mail worker.
#[test]
fn saves_written_together_are_compared_and_set_in_arrival_order() {
    use diesel::prelude::*;
    use dra::db::schema::{invitations, outbox, responses, thanks_due};
    use dra::db::submissions::Saved;
    let db = TestDb::new();
    let mut c = crate::support::conn(&db);
    let (campaign, inv) = invited_campaign(&mut c, "together", 3, at(0));
    let batch = [
        save(campaign, "a", (inv[0], false), "a1", false, at(1), 0),
        save(campaign, "b", (inv[1], false), "b1", true, at(2), 0),
        // Read before "a1" was written: another request wrote first.
        save(campaign, "a", (inv[0], false), "a2", true, at(3), 0),
        save(campaign, "a", (inv[0], true), "a3", true, at(4), 1),
        save(campaign, "c", (inv[2], false), "c1", false, at(5), 0),
        // Read "a1" too, but "a3" replaced it meanwhile.
        save(campaign, "a", (inv[0], true), "a4", false, at(6), 1),
    ];
    let refs: Vec<&Submission> = batch.iter().collect();
    let outcome =
        diesel::Connection::transaction::<_, db::DbError, _>(&mut c, |c| db::submissions::write_all(c, &refs))
            .unwrap_or_else(|e| panic!("{e}"));
    use Saved::{Stale, Stored};
    assert_eq!(outcome, vec![Stored, Stored, Stale, Stored, Stored, Stale]);

    let rows: Vec<(String, String, String, Option<chrono::NaiveDateTime>, i64)> = responses::table
        .order(responses::respondent_key)
        .select((
            responses::respondent_key.assume_not_null(),
            responses::status,
            responses::answers,
            responses::submitted_at,
            responses::version,
        ))
        .load(&mut c)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        rows,
        vec![
            ("a".to_string(), "submitted".to_string(), "a3".to_string(), Some(at(4)), 2),
            ("b".to_string(), "submitted".to_string(), "b1".to_string(), Some(at(2)), 1),
            ("c".to_string(), "draft".to_string(), "c1".to_string(), None, 1),
        ]
    );
    let marks: Vec<(Option<chrono::NaiveDateTime>, Option<chrono::NaiveDateTime>)> = invitations::table
        .order(invitations::id)
        .select((invitations::started_at, invitations::submitted_at))
        .load(&mut c)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(marks[0].0.is_some() && marks[0].1.is_some(), "a: started and submitted {marks:?}");
    assert!(marks[1].0.is_some() && marks[1].1.is_some(), "b: started and submitted {marks:?}");
    assert!(marks[2].0.is_some() && marks[2].1.is_none(), "c: started only {marks:?}");
    let owed: Vec<i64> = thanks_due::table
        .select(thanks_due::invitation_id)
        .order(thanks_due::invitation_id)
        .load(&mut c)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(owed, vec![inv[0], inv[1]], "one thank-you owed per written first submission");
    assert_eq!(outbox::table.count().get_result::<i64>(&mut c).ok(), Some(0), "none composed yet");
    // The mail worker's pass composes and queues them, once: a second pass finds none owed.
    assert_eq!(crate::support::queue_thanks(&mut c), 2);
    assert_eq!(crate::support::queue_thanks(&mut c), 0);
    let mut thanked: Vec<(String, String)> =
        outbox::table.select((outbox::kind, outbox::recipient)).load(&mut c).unwrap_or_else(|e| panic!("{e}"));
    thanked.sort();
    assert_eq!(
        thanked,
        vec![
            ("thank_you".to_string(), "p0@together.example".to_string()),
            ("thank_you".to_string(), "p1@together.example".to_string())
        ],
        "one thank-you per written first submission, to its participant"
    );
    assert_eq!(db::thanks::owed(&mut c).ok(), Some(0));

    // A new response is never written over one that appeared meanwhile.
    let late = save(campaign, "c", (inv[2], true), "c2", true, at(7), 0);
    let outcome =
        diesel::Connection::transaction::<_, db::DbError, _>(&mut c, |c| db::submissions::write_all(c, &[&late]))
            .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(outcome, vec![Stale]);
}

/// In the writer, a save that fails (its campaign does not exist) fails alone: the saves of its
/// batch are stored and acknowledged, nothing of it is.
#[test]
fn a_failing_save_fails_alone_in_its_group_commit() {
    use std::sync::Arc;
    let db = TestDb::new();
    let mut c = crate::support::conn(&db);
    let (campaign, inv) = invited_campaign(&mut c, "alone", 30, at(0));
    let url = DatabaseUrl::parse(&db.url).unwrap_or_else(|e| panic!("{e}"));
    let writer = Arc::new(db::writer::Writer::start(&url).unwrap_or_else(|e| panic!("{e}")));
    let refused = |i: usize| i % 11 == 4;
    let results = actix_web::rt::System::new().block_on(async move {
        let handles: Vec<_> = (0..30)
            .map(|i| {
                let w = writer.clone();
                let owner = if refused(i) { campaign + 1000 } else { campaign };
                let s = save(owner, &format!("k{i}"), (inv[i], false), &format!("r{i}"), true, at(1), 0);
                actix_web::rt::spawn(async move { w.save(s).await })
            })
            .collect();
        let mut out = Vec::new();
        for h in handles {
            out.push(h.await.unwrap_or_else(|e| panic!("{e}")));
        }
        out
    });
    for (i, r) in results.iter().enumerate() {
        assert_eq!(r.is_err(), refused(i), "save {i}: {r:?}");
        if let Ok(saved) = r {
            assert_eq!(*saved, db::submissions::Saved::Stored, "save {i}");
        }
    }
    let mut stored: Vec<String> = {
        use diesel::prelude::*;
        dra::db::schema::responses::table
            .select(dra::db::schema::responses::answers)
            .load(&mut c)
            .unwrap_or_else(|e| panic!("{e}"))
    };
    stored.sort();
    let mut expected: Vec<String> = (0..30).filter(|i| !refused(*i)).map(|i| format!("r{i}")).collect();
    expected.sort();
    assert_eq!(stored, expected, "every acknowledged save stored, nothing of a refused one");
    assert_eq!(db::thanks::owed(&mut c).ok(), Some(expected.len() as i64), "one thank-you owed per stored submission");
    assert_eq!(crate::support::queue_thanks(&mut c), expected.len());
}

/// Before it serves, an instance runs the questionnaire's reads once on each pooled connection
/// (`respondent::warm`): every connection is opened and used, and nothing is written.
#[test]
fn warming_the_pool_uses_every_connection_and_writes_nothing() {
    use diesel::prelude::*;
    use dra::db::schema::{invitations, responses};
    use dra::service::respondent::{Library, SurveyCache, warm};
    let db = TestDb::new();
    let now = crate::support::now();
    let mut c = crate::support::conn(&db);
    crate::support::seed_campaign(&mut c, "warm", &["a@example.org", "b@example.org"], None, 0, now);
    let url = DatabaseUrl::parse(&db.url).unwrap_or_else(|e| panic!("{e}"));
    let pool = db::pool(&url, 3).unwrap_or_else(|e| panic!("{e}"));
    let surveys = SurveyCache::default();
    let key = dra::token::TokenKey::from_secret("the warm-up test's secret");
    warm(&pool, &Library { surveys: &surveys, key: &key }).unwrap_or_else(|e| panic!("warm: {e}"));
    assert_eq!(pool.state().connections, 3, "every connection of the pool was opened");
    assert_eq!(pool.state().idle_connections, 3, "and handed back");
    let stored: i64 = responses::table.count().get_result(&mut c).unwrap_or_else(|e| panic!("{e}"));
    let invited: i64 = invitations::table.count().get_result(&mut c).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((stored, invited), (0, 0), "the warm-up only reads");
    if db.is_postgres() {
        // Each server session holds the statements its reads prepared.
        #[derive(QueryableByName)]
        struct Prepared {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            n: i64,
        }
        let mut held: Vec<_> = (0..3).map(|_| pool.get().unwrap_or_else(|e| panic!("{e}"))).collect();
        for conn in &mut held {
            let p: Prepared = diesel::sql_query("SELECT count(*) AS n FROM pg_prepared_statements")
                .get_result(&mut ***conn)
                .unwrap_or_else(|e| panic!("{e}"));
            assert!(p.n >= 2, "a connection the warm-up did not read on: {} prepared statements", p.n);
        }
    }
}
