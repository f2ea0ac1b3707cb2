//! `dra serve`: health, configuration, graceful stop.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{TestDb, dra, spawn_app, stdout};

#[test]
fn healthz_reports_the_database() {
    let app = spawn_app();
    let resp = ureq::get(&app.url("/healthz")).call().unwrap_or_else(|e| panic!("healthz: {e}"));
    assert_eq!(resp.status(), 200);
    let body: serde_json::Value = resp.into_body().read_json().unwrap_or_else(|e| panic!("healthz body: {e}"));
    assert_eq!(body["status"], "ok");
    assert_eq!(body["database"], if app.db.is_postgres() { "postgres" } else { "sqlite" });
    let missing = ureq::get(&app.url("/nowhere")).call();
    assert!(matches!(missing, Err(ureq::Error::StatusCode(404))), "{missing:?}");
}

#[test]
fn config_redacts_secrets_and_rejects_unknown_schemes() {
    let out = dra(
        &["config"],
        &[("DATABASE_URL", "postgres://dra:hunter2@db.internal/dra"), ("DRA_SMTP_URL", "smtp://u:s3cret@mail:587")],
    );
    let text = stdout(&out);
    assert!(out.status.success(), "{text}");
    assert!(text.contains("postgres://dra:***@db.internal/dra"), "{text}");
    assert!(!text.contains("hunter2") && !text.contains("s3cret"), "{text}");

    let out = dra(&["migrate"], &[("DATABASE_URL", "mysql://root@localhost/dra")]);
    assert!(!out.status.success());
    let err = crate::support::stderr(&out);
    assert!(err.contains("unsupported database URL scheme \"mysql\""), "{err}");
}

#[test]
fn serve_stops_gracefully_on_sigterm() {
    let db = TestDb::new();
    let mut child = Command::new(env!("CARGO_BIN_EXE_dra"))
        .arg("serve")
        .env("DRA_BIND", "127.0.0.1:0")
        .env("DATABASE_URL", &db.url)
        .env("DRA_DATA_DIR", db.dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("spawn: {e}"));
    let stdout = child.stdout.take().unwrap_or_else(|| panic!("no stdout"));
    let mut reader = BufReader::new(stdout);
    let mut printed = String::new();
    let url = loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            panic!("dra serve stopped: {printed}");
        }
        printed.push_str(&line);
        if let Some(url) = line.trim().strip_prefix("dra is serving on ") {
            break url.to_string();
        }
    };
    assert!(printed.contains("user admin, one-time password "), "the first start creates the administrator: {printed}");
    let resp = ureq::get(&format!("{url}/healthz")).call().unwrap_or_else(|e| panic!("healthz: {e}"));
    assert_eq!(resp.status(), 200);

    let killed = Command::new("kill").args(["-TERM", &child.id().to_string()]).status();
    assert!(killed.is_ok_and(|s| s.success()));
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap_or_else(|e| panic!("wait: {e}")) {
            break s;
        }
        assert!(start.elapsed() < Duration::from_secs(20), "dra serve did not stop on SIGTERM");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "exit status {status:?}");
}
