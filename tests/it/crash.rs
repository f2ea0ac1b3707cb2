//! Failures under load: the server killed (SIGKILL) in the middle of submissions, and the
//! database connections cut in the middle of them (PostgreSQL). Every acknowledged answer set is
//! stored whole and unaltered, nothing is stored half, and the cut gives no 5xx.

use std::sync::{Arc, Mutex};

use diesel::prelude::*;
use dra::db::schema::{participants, responses};
use serde_json::Value;

use crate::form::{csrf, fields, survey, tokens};
use crate::support::{Served, TestDb, conn, spawn_app};

/// All pages' answers in one submission, different for each respondent.
pub fn answer_set(s: &dra::survey::Survey, i: usize) -> Vec<(String, String)> {
    let mut all: Vec<(String, String)> = (0..s.pages.len()).flat_map(|p| crate::form::page_answers(s, p)).collect();
    let mut k = i;
    for (_, v) in all.iter_mut().filter(|(_, v)| v == "3") {
        *v = (1 + k % 5).to_string();
        k = k / 5 + 7;
    }
    all
}

/// Respondent `i` opens their link and submits their set; the status of the submission
/// (`None`: no answer, the server went away).
fn respond(base: &str, token: &str, s: &dra::survey::Survey, i: usize) -> Option<u16> {
    let link = format!("{base}/r/{token}");
    let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).max_redirects(0).build().into();
    let mut resp = agent.get(&link).call().ok()?;
    let cookie = resp
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|h| h.to_str().ok()?.split(';').next().map(str::to_string))
        .collect::<Vec<_>>()
        .join("; ");
    let html = resp.body_mut().read_to_string().ok()?;
    let token_field = csrf(&html);
    let last = s.pages.len() - 1;
    let f = fields(&token_field, last, "submit", answer_set(s, i));
    let pairs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let resp = agent.post(&link).header("Cookie", &cookie).send_form(pairs).ok()?;
    Some(resp.status().as_u16())
}

/// `threads` respondents at a time through `tokens`; the status each got, in order.
pub fn load(base: &str, toks: &[String], threads: usize, s: &Arc<dra::survey::Survey>) -> Arc<Mutex<Vec<Option<u16>>>> {
    let results = Arc::new(Mutex::new(vec![None; toks.len()]));
    let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let handles: Vec<_> = (0..threads)
        .map(|_| {
            let (results, next, toks, s, base) =
                (results.clone(), next.clone(), toks.to_vec(), s.clone(), base.to_string());
            std::thread::spawn(move || {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    let Some(t) = toks.get(i) else { break };
                    let status = respond(&base, t, &s, i);
                    if let Ok(mut r) = results.lock() {
                        r[i] = status;
                    }
                }
            })
        })
        .collect();
    for h in handles {
        let _ = h.join();
    }
    results
}

/// Checks every stored response against what was posted and acknowledged: a 303 means stored
/// whole and as posted; anything else means not stored, or stored whole and as posted (the
/// commit happened, its answer did not arrive). Returns how many were acknowledged.
fn check(db: &TestDb, s: &dra::survey::Survey, statuses: &[Option<u16>]) -> usize {
    let mut c = conn(db);
    let ids: Vec<i64> =
        participants::table.order(participants::id).select(participants::id).load(&mut c).unwrap_or_default();
    let validator = dra::survey::validator(s).unwrap_or_else(|e| panic!("{e}"));
    let mut acknowledged = 0;
    for (i, status) in statuses.iter().enumerate() {
        let row: Option<(String, String, Option<String>)> = responses::table
            .filter(responses::participant_id.eq(ids[i]))
            .select((responses::status, responses::answers, responses::codes))
            .first(&mut c)
            .optional()
            .unwrap_or_else(|e| panic!("{e}"));
        let ack = *status == Some(303);
        acknowledged += usize::from(ack);
        let Some((st, answers, codes)) = row else {
            assert!(!ack, "respondent {i}: acknowledged, not stored");
            continue;
        };
        let answers: Value = serde_json::from_str(&answers).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(st, "submitted", "respondent {i}: stored as {st}");
        assert!(validator.is_valid(&answers), "respondent {i}: stored answers do not validate");
        for (k, v) in answer_set(s, i) {
            assert_eq!(dra::survey::response::form_value(&answers[&k]), v, "respondent {i}, {k}: altered");
        }
        let map = answers.as_object().cloned().unwrap_or_default();
        assert_eq!(codes, dra::analysis::codes::encode(s, &map), "respondent {i}: codes of other answers");
    }
    acknowledged
}

/// `dra serve` killed with SIGKILL while 8 respondents at a time submit: after a restart, every
/// acknowledged answer set is there, whole, and nothing is stored half or altered.
#[test]
fn a_server_killed_mid_load_keeps_every_acknowledged_answer_whole() {
    let db = TestDb::new();
    let toks = tokens(&db, "crash", 160, false);
    let s = survey();
    let mut served = Served::start(&db, &[]);
    let base = served.url.clone();
    let killer = {
        let db_url = db.url.clone();
        std::thread::spawn(move || {
            // Kill once about forty submissions are stored.
            let url = dra::db::DatabaseUrl::parse(&db_url).unwrap_or_else(|e| panic!("{e}"));
            let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
            while std::time::Instant::now() < deadline {
                let n = dra::db::connect(&url)
                    .ok()
                    .and_then(|mut c| responses::table.count().get_result::<i64>(&mut c).ok())
                    .unwrap_or(0);
                if n >= 40 {
                    break;
                }
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
        })
    };
    let loader = {
        let (base, toks, s) = (base.clone(), toks.clone(), s.clone());
        std::thread::spawn(move || load(&base, &toks, 8, &s))
    };
    let _ = killer.join();
    served.kill();
    let results = loader.join().unwrap_or_else(|_| panic!("loader"));
    let statuses = results.lock().map(|r| r.clone()).unwrap_or_default();
    assert!(statuses.iter().all(|s| s.is_none_or(|c| c == 303)), "statuses before the kill: {statuses:?}");
    let restarted = Served::start(&db, &[]);
    let health = ureq::get(&format!("{}/healthz", restarted.url)).call().map(|r| r.status().as_u16()).unwrap_or(0);
    assert_eq!(health, 200);
    let acknowledged = check(&db, &s, &statuses);
    assert!(acknowledged >= 30 && acknowledged < toks.len(), "the kill came mid-load: {acknowledged} acknowledged");
    eprintln!("killed after {acknowledged} acknowledged submissions of {}", toks.len());
}

/// On PostgreSQL, every connection of the server (pool and writer) cut again and again while
/// respondents submit: no request fails (reads and the group commit reconnect and run again),
/// and every acknowledged answer set is stored as posted.
#[test]
fn connections_cut_mid_load_give_no_5xx_and_lose_nothing() {
    let app = spawn_app();
    if !app.db.is_postgres() {
        eprintln!("skipped: cutting connections is a PostgreSQL test (DRA_TEST_DATABASE_URL)");
        return;
    }
    let toks = tokens(&app.db, "cut", 200, false);
    let s = survey();
    let done = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let cutter = {
        let (url, done) = (app.db.url.clone(), done.clone());
        std::thread::spawn(move || {
            let mut admin = diesel::PgConnection::establish(&url).unwrap_or_else(|e| panic!("{e}"));
            let mut cuts = 0;
            while !done.load(std::sync::atomic::Ordering::SeqCst) {
                std::thread::sleep(std::time::Duration::from_millis(150));
                let _ = diesel::sql_query(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
                     WHERE datname = current_database() AND pid <> pg_backend_pid()",
                )
                .execute(&mut admin);
                cuts += 1;
            }
            cuts
        })
    };
    let results = load(&app.url(""), &toks, 8, &s);
    done.store(true, std::sync::atomic::Ordering::SeqCst);
    let cuts = cutter.join().unwrap_or(0);
    let statuses = results.lock().map(|r| r.clone()).unwrap_or_default();
    let failed: Vec<(usize, Option<u16>)> =
        statuses.iter().copied().enumerate().filter(|(_, st)| *st != Some(303)).collect();
    assert!(failed.is_empty(), "requests not acknowledged during {cuts} cuts: {failed:?}");
    assert_eq!(check(&app.db, &s, &statuses), toks.len());
    eprintln!("{} submissions acknowledged and stored through {cuts} cuts", toks.len());
}

/// On PostgreSQL, the database refusing every connection: a respondent gets a 503 page with
/// `Retry-After` (not a 500), nothing is stored, each failure is one short log line even with
/// backtraces asked for, and once the database is back the server answers again by itself.
#[test]
fn an_unreachable_database_answers_503_and_the_server_recovers() {
    let db = TestDb::new();
    if !db.is_postgres() {
        eprintln!("skipped: refusing connections is a PostgreSQL test (DRA_TEST_DATABASE_URL)");
        return;
    }
    let toks = tokens(&db, "down", 1, false);
    let s = survey();
    let served = Served::start(&db, &[("RUST_BACKTRACE", "1"), ("RUST_LIB_BACKTRACE", "1")]);
    let link = format!("{}/r/{}", served.url, toks[0]);
    let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).max_redirects(0).build().into();
    let mut first = agent.get(&link).call().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(first.status(), 200);
    let cookie = first
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|h| h.to_str().ok()?.split(';').next().map(str::to_string))
        .collect::<Vec<_>>()
        .join("; ");
    let token = csrf(&first.body_mut().read_to_string().unwrap_or_default());

    let name = url::Url::parse(&db.url).map(|u| u.path().trim_start_matches('/').to_string()).unwrap_or_default();
    let base = crate::support::postgres_base().unwrap_or_default();
    let mut admin = diesel::PgConnection::establish(&base).unwrap_or_else(|e| panic!("{e}"));
    let refuse = |admin: &mut diesel::PgConnection, allow: bool| {
        diesel::sql_query(format!("ALTER DATABASE {name} ALLOW_CONNECTIONS {allow}"))
            .execute(admin)
            .unwrap_or_else(|e| panic!("{e}"));
        if !allow {
            diesel::sql_query(format!(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'"
            ))
            .execute(admin)
            .unwrap_or_else(|e| panic!("{e}"));
        }
    };
    refuse(&mut admin, false);
    let down = agent.get(&link).call().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(down.status(), 503);
    assert_eq!(down.headers().get("retry-after").and_then(|v| v.to_str().ok()), Some("5"));
    let f = fields(&token, s.pages.len() - 1, "submit", answer_set(&s, 0));
    let pairs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let mut post =
        agent.post(&link).header("Cookie", &cookie).send_form(pairs.clone()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(post.status(), 503);
    assert!(post.body_mut().read_to_string().unwrap_or_default().contains("No se guardó nada"));

    refuse(&mut admin, true);
    let back = agent.get(&link).call().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(back.status(), 200, "the server answers again once the database does");
    let stored = agent.post(&link).header("Cookie", &cookie).send_form(pairs).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(stored.status(), 303);
    assert_eq!(check(&db, &s, &[Some(303)]), 1);

    let log = std::fs::read_to_string(&served.log).unwrap_or_default();
    let failures: Vec<&str> = log.lines().filter(|l| l.contains("request failed")).collect();
    assert!(!failures.is_empty(), "the failures are logged: {log}");
    for line in &failures {
        assert!(line.len() < 1000, "a failure logged on a long line: {line}");
    }
    assert!(!log.contains("stack backtrace") && !log.contains("Stack backtrace"), "a backtrace was logged: {log}");
}
