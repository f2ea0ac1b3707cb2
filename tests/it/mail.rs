//! Invitations and reminders through a real SMTP server: the link in the received mail opens the
//! survey; SMTP down then up delivers exactly once; a permanent refusal bounces without retry; a
//! worker stopped in the middle of a batch causes no duplicate; an opt-out stops all mail; the
//! reminder schedule is honoured (a hand-moved clock, no sleeping).

use std::collections::HashSet;
use std::sync::Arc;

use chrono::{Duration, NaiveDate, NaiveDateTime};
use dra::clock::ManualClock;
use dra::config::Secret;
use dra::db::{self, AnyConnection};
use dra::mail::{Mailer, Worker};
use dra::service::mailing;

use crate::smtp::{SmtpServer, free_port};
use crate::support::{TestDb, conn, seed_campaign, settings, spawn_app};

fn t0() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 12, 1).and_then(|d| d.and_hms_opt(14, 0, 0)).unwrap_or_default()
}

fn worker(db: &TestDb, smtp_url: &str, base_url: &str, clock: Arc<ManualClock>) -> Worker {
    let mut s = settings(db);
    s.smtp_url = Some(Secret::new(smtp_url));
    s.base_url = base_url.to_string();
    let mailer = Mailer::from_settings(&s).unwrap_or_else(|e| panic!("{e}"));
    Worker::new(mailer, s.token_key().unwrap_or_else(|e| panic!("{e}")), &s, clock)
}

fn invite(c: &mut AnyConnection, db: &TestDb, slug: &str, now: NaiveDateTime) -> usize {
    let campaign = db::campaigns::require(c, slug).unwrap_or_else(|e| panic!("{e}"));
    let cm = mailing::campaign_mail(c, campaign, "http://127.0.0.1:8080").unwrap_or_else(|e| panic!("{e}"));
    let key = settings(db).token_key().unwrap_or_else(|e| panic!("{e}"));
    mailing::invitations(c, &cm, &key, now).unwrap_or_else(|e| panic!("{e}"))
}

fn recipients(server: &SmtpServer) -> Vec<String> {
    let mut r: Vec<String> = server.received().iter().flat_map(|m| m.to.clone()).collect();
    r.sort();
    r
}

fn assert_no_duplicates(server: &SmtpServer) {
    let ids: Vec<String> = server.received().iter().filter_map(|m| m.header("Message-ID")).collect();
    let distinct: HashSet<&String> = ids.iter().collect();
    assert_eq!(ids.len(), distinct.len(), "a message was delivered twice: {ids:?}");
}

#[test]
fn the_mailed_link_opens_the_survey() {
    let app = spawn_app();
    let mut c = conn(&app.db);
    let now = dra::clock::Clock::now(&dra::clock::SystemClock);
    seed_campaign(&mut c, "gt-link", &["ana@example.org", "ben@example.org"], None, 0, now);
    assert_eq!(invite(&mut c, &app.db, "gt-link", now), 2);
    let smtp = SmtpServer::start();
    let w = worker(&app.db, &smtp.url(), &app.url(""), Arc::new(ManualClock::new(now)));
    let stats = w.deliver_due(&mut c, usize::MAX).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(stats.sent, 2);
    let mails = smtp.received();
    let ana =
        mails.iter().find(|m| m.to.iter().any(|t| t.contains("ana@"))).unwrap_or_else(|| panic!("no mail for ana"));
    assert!(ana.data.contains("Invitaci"), "{}", ana.data);
    let link = ana.personal_link().unwrap_or_else(|| panic!("no link in {}", ana.data));
    assert!(link.starts_with(&app.url("/r/")), "{link}");
    // The opt-out link in the header has a token of its own: the header, read by every filter on
    // the way, never carries the questionnaire's.
    let token = link.rsplit('/').next().unwrap_or_default().to_string();
    let unsubscribe = ana.header("List-Unsubscribe").unwrap_or_default();
    assert!(unsubscribe.contains("/o/") && !unsubscribe.contains(&token), "{unsubscribe}");
    let optout = unsubscribe.trim_matches(|c| c == '<' || c == '>').to_string();
    let forged = format!("{}x", &optout[..optout.len() - 1]);
    let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
    assert_eq!(agent.get(&forged).call().map(|r| r.status().as_u16()).unwrap_or(0), 404, "{forged}");
    assert_eq!(agent.get(&optout).call().map(|r| r.status().as_u16()).unwrap_or(0), 200, "{optout}");
    let page = ureq::get(&link).call().unwrap_or_else(|e| panic!("{link}: {e}"));
    assert_eq!(page.status(), 200);
    let html = page.into_body().read_to_string().unwrap_or_else(|e| panic!("{e}"));
    assert!(html.contains("Campaign gt-link") && html.contains("value=\"start\""), "the welcome screen: {html}");
    // The link of the other participant is another one; a made-up one is unknown.
    let ben = mails.iter().find(|m| m.to.iter().any(|t| t.contains("ben@"))).and_then(|m| m.personal_link());
    assert!(ben.is_some_and(|b| b != link));
    let bad = ureq::get(&app.url("/r/AAAAAAAAAAAAAAAAAAAAAA")).call();
    assert!(matches!(bad, Err(ureq::Error::StatusCode(404))), "{bad:?}");
    // Fetching the link alone (a mail scanner, a link preview: the requests above) opens nothing;
    // the page seen in a browser (its stylesheet asked for with the page's session) does, once.
    let st = db::invitations::status(&mut c, 1, &["public".to_string()]).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((st[0].invited, st[0].opened), (2, 0), "bare requests of the link");
    crate::form::seen_in_browser(&link);
    crate::form::seen_in_browser(&link);
    let st = db::invitations::status(&mut c, 1, &["public".to_string()]).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((st[0].invited, st[0].opened), (2, 1));
    // Closing the campaign expires the link: 410 with the date.
    db::campaigns::set_state(&mut c, "gt-link", dra::campaign::CampaignState::Closed, now)
        .unwrap_or_else(|e| panic!("{e}"));
    let gone = ureq::get(&link).call();
    assert!(matches!(gone, Err(ureq::Error::StatusCode(410))), "{gone:?}");
}

#[test]
fn smtp_down_then_up_delivers_exactly_once() {
    let db = TestDb::new();
    let mut c = conn(&db);
    let clock = Arc::new(ManualClock::new(t0()));
    let emails = ["a@example.org", "b@example.org", "c@example.org"];
    seed_campaign(&mut c, "gt-down", &emails, None, 0, t0());
    invite(&mut c, &db, "gt-down", t0());
    let port = free_port();
    let w = worker(&db, &format!("smtp://{port}"), "http://127.0.0.1:8080", clock.clone());

    let down = w.deliver_due(&mut c, usize::MAX).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((down.sent, down.retried), (0, 3), "{down:?}");
    let listener = std::net::TcpListener::bind(port).unwrap_or_else(|e| panic!("rebind {port}: {e}"));
    let smtp = SmtpServer::start_on(listener);
    let early = w.deliver_due(&mut c, usize::MAX).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(early.sent, 0, "retried before its backoff");
    clock.advance(Duration::seconds(61));
    let up = w.deliver_due(&mut c, usize::MAX).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(up.sent, 3, "{up:?}");
    clock.advance(Duration::days(1));
    assert_eq!(w.deliver_due(&mut c, usize::MAX).unwrap_or_else(|e| panic!("{e}")).sent, 0);
    assert_eq!(recipients(&smtp), emails.iter().map(|e| e.to_string()).collect::<Vec<_>>());
    assert_no_duplicates(&smtp);
}

#[test]
fn permanent_refusal_bounces_without_retry() {
    let db = TestDb::new();
    let mut c = conn(&db);
    let clock = Arc::new(ManualClock::new(t0()));
    seed_campaign(&mut c, "gt-bounce", &["ok@example.org", "gone@example.org"], Some(3), 2, t0());
    invite(&mut c, &db, "gt-bounce", t0());
    let smtp = SmtpServer::start();
    smtp.refuse("gone@example.org");
    let w = worker(&db, &smtp.url(), "http://127.0.0.1:8080", clock.clone());
    let s = w.deliver_due(&mut c, usize::MAX).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((s.sent, s.bounced, s.retried), (1, 1, 0), "{s:?}");
    for _ in 0..3 {
        clock.advance(Duration::days(4));
        w.run_once(&mut c).unwrap_or_else(|e| panic!("{e}"));
    }
    let to_gone = smtp.received().iter().filter(|m| m.to.iter().any(|t| t.contains("gone@"))).count();
    assert_eq!(to_gone, 0, "no retry and no reminder to a bounced address");
    let st = db::invitations::status(&mut c, 1, &["public".to_string()]).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((st[0].invited, st[0].bounced), (1, 1));
}

#[test]
fn a_worker_stopped_mid_batch_causes_no_duplicate() {
    let db = TestDb::new();
    let mut c = conn(&db);
    let clock = Arc::new(ManualClock::new(t0()));
    let emails: Vec<String> = (0..10).map(|i| format!("p{i}@example.org")).collect();
    let refs: Vec<&str> = emails.iter().map(String::as_str).collect();
    seed_campaign(&mut c, "gt-crash", &refs, None, 0, t0());
    invite(&mut c, &db, "gt-crash", t0());
    let smtp = SmtpServer::start();
    let first = worker(&db, &smtp.url(), "http://127.0.0.1:8080", clock.clone());
    assert_eq!(first.deliver_due(&mut c, 4).unwrap_or_else(|e| panic!("{e}")).sent, 4);
    // A worker that claimed three messages and died before sending them.
    let dead = db::outbox::claim(&mut c, "dead-worker", dra::clock::Clock::now(&*clock), 3, &[])
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(dead.len(), 3);
    drop(first);
    let second = worker(&db, &smtp.url(), "http://127.0.0.1:8080", clock.clone());
    assert_eq!(second.deliver_due(&mut c, usize::MAX).unwrap_or_else(|e| panic!("{e}")).sent, 3);
    clock.advance(Duration::minutes(6));
    assert_eq!(
        second.deliver_due(&mut c, usize::MAX).unwrap_or_else(|e| panic!("{e}")).sent,
        3,
        "released after the lease"
    );
    assert_eq!(recipients(&smtp).len(), 10);
    assert_eq!(recipients(&smtp), {
        let mut e = emails.clone();
        e.sort();
        e
    });
    assert_no_duplicates(&smtp);
}

#[test]
fn opt_out_stops_every_further_mail() {
    let app = spawn_app();
    let mut c = conn(&app.db);
    let now = dra::clock::Clock::now(&dra::clock::SystemClock);
    let clock = Arc::new(ManualClock::new(now));
    seed_campaign(&mut c, "gt-opt", &["stay@example.org", "leave@example.org"], Some(2), 3, now);
    invite(&mut c, &app.db, "gt-opt", now);
    let smtp = SmtpServer::start();
    let w = worker(&app.db, &smtp.url(), &app.url(""), clock.clone());
    assert_eq!(w.deliver_due(&mut c, usize::MAX).unwrap_or_else(|e| panic!("{e}")).sent, 2);
    let mail = smtp
        .received()
        .into_iter()
        .find(|m| m.to.iter().any(|t| t.contains("leave@")))
        .unwrap_or_else(|| panic!("no mail"));
    let unsubscribe = mail.header("List-Unsubscribe").unwrap_or_default();
    let optout = unsubscribe.trim_matches(|ch| ch == '<' || ch == '>').to_string();
    assert!(optout.starts_with(&app.url("/o/")), "{optout}");
    let form = ureq::get(&optout).call().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(form.status(), 200);
    let done = ureq::post(&optout).send_empty().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(done.status(), 200);
    // Reminders go to the other participant only.
    clock.advance(Duration::days(2));
    let s = w.run_once(&mut c).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((s.reminders_queued, s.sent), (1, 1), "{s:?}");
    // Another campaign with the same address does not invite it.
    seed_campaign(&mut c, "gt-opt-2", &["leave@example.org", "new@example.org"], None, 0, now);
    assert_eq!(invite(&mut c, &app.db, "gt-opt-2", now), 1);
    w.run_once(&mut c).unwrap_or_else(|e| panic!("{e}"));
    let to_leaver = smtp.received().iter().filter(|m| m.to.iter().any(|t| t.contains("leave@"))).count();
    assert_eq!(to_leaver, 1, "only the first invitation reached the address that opted out");
    let st = db::invitations::status(&mut c, 1, &["public".to_string()]).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(st[0].opted_out, 1);
}

#[test]
fn reminder_schedule_is_honoured() {
    let db = TestDb::new();
    let mut c = conn(&db);
    let clock = Arc::new(ManualClock::new(t0()));
    seed_campaign(&mut c, "gt-remind", &["slow@example.org", "done@example.org"], Some(3), 2, t0());
    invite(&mut c, &db, "gt-remind", t0());
    let smtp = SmtpServer::start();
    let w = worker(&db, &smtp.url(), "http://127.0.0.1:8080", clock.clone());
    assert_eq!(w.run_once(&mut c).unwrap_or_else(|e| panic!("{e}")).sent, 2);
    // "done" submits; only "slow" is reminded, every 3 days, twice at most.
    mark_submitted(&mut c, "done@example.org", t0() + Duration::hours(5));
    let mut reminded_at = Vec::new();
    for day in 1..=12 {
        clock.set(t0() + Duration::days(day) + Duration::minutes(1));
        let s = w.run_once(&mut c).unwrap_or_else(|e| panic!("{e}"));
        if s.reminders_queued > 0 {
            assert_eq!((s.reminders_queued, s.sent), (1, 1));
            reminded_at.push(day);
        }
    }
    assert_eq!(reminded_at, vec![3, 6]);
    let reminders: Vec<_> = smtp
        .received()
        .into_iter()
        .filter(|m| m.header("Subject").is_some_and(|s| s.contains("UmVjb3JkYXRvcmlv") || s.contains("Recordatorio")))
        .collect();
    assert_eq!(reminders.len(), 2);
    assert!(reminders.iter().all(|m| m.to.iter().all(|t| t.contains("slow@"))));
}

fn mark_submitted(c: &mut AnyConnection, email: &str, at: NaiveDateTime) {
    use diesel::prelude::*;
    use dra::db::schema::{invitations, participants};
    let pid: i64 = participants::table
        .filter(participants::email.eq(email))
        .select(participants::id)
        .first(c)
        .unwrap_or_else(|e| panic!("{e}"));
    diesel::update(invitations::table.filter(invitations::participant_id.eq(pid)))
        .set(invitations::submitted_at.eq(Some(at)))
        .execute(c)
        .unwrap_or_else(|e| panic!("{e}"));
}

/// A worker killed while the SMTP server holds messages it has already kept: every participant
/// still gets the invitation, within 60 s of the kill, from the worker of another `dra serve`;
/// only the messages in flight at the kill come twice, each time with its one Message-ID.
#[test]
fn a_worker_killed_with_messages_in_flight_loses_none_and_repeats_only_those() {
    use std::process::{Command, Stdio};
    use std::time::{Duration as StdDuration, Instant};
    let db = TestDb::new();
    let server = SmtpServer::start();
    server.stall(Some(StdDuration::from_secs(4)));
    let mut c = conn(&db);
    let emails: Vec<String> = (0..20).map(|i| format!("p{i}@killed.example")).collect();
    let refs: Vec<&str> = emails.iter().map(String::as_str).collect();
    seed_campaign(&mut c, "killed", &refs, None, 0, crate::support::now());
    assert_eq!(invite(&mut c, &db, "killed", crate::support::now()), 20);
    let data_dir = db.dir.path().join("data");
    let data_dir = data_dir.to_str().unwrap_or_default();
    let env = [
        ("DATABASE_URL", db.url.as_str()),
        ("DRA_DATA_DIR", data_dir),
        ("DRA_SECRET_KEY", "test secret key, 32 bytes or more for the tests"),
        ("DRA_SMTP_URL", &server.url()),
        ("DRA_MAIL_CONNECTIONS", "4"),
        ("DRA_MAIL_RATE", "1000"),
    ];
    let mut sender = Command::new(env!("CARGO_BIN_EXE_dra"))
        .args(["mail", "send"])
        .envs(env)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    let start = Instant::now();
    while server.received().len() < 4 {
        assert!(start.elapsed() < StdDuration::from_secs(30), "the worker sent nothing");
        std::thread::sleep(StdDuration::from_millis(20));
    }
    sender.kill().unwrap_or_else(|e| panic!("{e}"));
    let _ = sender.wait();
    let killed = Instant::now();
    // A message wholly sent before the kill is still kept by the server after it.
    std::thread::sleep(StdDuration::from_millis(500));
    let in_flight: HashSet<String> = server.received().iter().filter_map(|m| m.header("Message-ID")).collect();
    server.stall(None);

    let mut serve = Command::new(env!("CARGO_BIN_EXE_dra"))
        .args(["serve"])
        .envs(env)
        .env("DRA_BIND", "127.0.0.1:0")
        .env("DRA_MAIL_WORKER", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    let everyone: HashSet<String> = emails.iter().cloned().collect();
    let delivered = loop {
        let got: HashSet<String> = recipients(&server).into_iter().collect();
        if got == everyone {
            break killed.elapsed();
        }
        if killed.elapsed() > StdDuration::from_secs(60) {
            let _ = serve.kill();
            panic!("{} of 20 delivered 60 s after the kill", got.len());
        }
        std::thread::sleep(StdDuration::from_millis(200));
    };
    let _ = serve.kill();
    let _ = serve.wait();
    eprintln!("every invitation delivered {:.1} s after the worker was killed", delivered.as_secs_f64());
    let mut per_id: std::collections::HashMap<String, (usize, HashSet<String>)> = Default::default();
    for m in server.received() {
        let id = m.header("Message-ID").unwrap_or_default();
        let e = per_id.entry(id).or_default();
        e.0 += 1;
        e.1.extend(m.to.iter().cloned());
    }
    assert_eq!(per_id.len(), 20, "one Message-ID per participant");
    for (id, (n, to)) in &per_id {
        assert_eq!(to.len(), 1, "{id} went to {to:?}");
        assert!(
            *n == 1 || (in_flight.contains(id) && *n == 2),
            "{id} delivered {n} times (in flight: {})",
            in_flight.contains(id)
        );
    }
}

/// A participant's address corrected from the command line: the invitation sent again reaches
/// the new address with the same personal link, which still opens the survey; the old address
/// finds nobody; a taken address or an unknown group is refused; the audit log records both
/// changes without the addresses.
#[test]
fn a_corrected_address_gets_the_same_link_again() {
    let app = spawn_app();
    let mut c = conn(&app.db);
    let now = dra::clock::Clock::now(&dra::clock::SystemClock);
    seed_campaign(&mut c, "gt-fix", &["ana@exampel.org", "ben@example.org"], None, 0, now);
    assert_eq!(invite(&mut c, &app.db, "gt-fix", now), 2);
    let smtp = SmtpServer::start();
    let clock = Arc::new(ManualClock::new(now));
    let w = worker(&app.db, &smtp.url(), &app.url(""), clock.clone());
    assert_eq!(w.deliver_due(&mut c, usize::MAX).unwrap_or_else(|e| panic!("{e}")).sent, 2);
    let first = smtp.received().into_iter().find(|m| m.to.iter().any(|t| t.contains("ana@exampel.org")));
    let first_link = first.and_then(|m| m.personal_link()).unwrap_or_else(|| panic!("no first mail for ana"));

    let data = app.db.dir.path().join("data");
    let env = [("DATABASE_URL", app.db.url.as_str()), ("DRA_DATA_DIR", data.to_str().unwrap_or_default())];
    let run = |args: &[&str]| {
        let out = crate::support::dra(args, &env);
        (out.status.code(), crate::support::stdout(&out), crate::support::stderr(&out))
    };
    let (code, _, err) =
        run(&["participants", "update", "--campaign", "gt-fix", "ana@exampel.org", "--email", "ben@example.org"]);
    assert_eq!(code, Some(1));
    assert!(err.contains("ben@example.org is already a participant"), "{err}");
    let (code, _, err) = run(&["participants", "update", "--campaign", "gt-fix", "ana@exampel.org", "--group", "nope"]);
    assert_eq!(code, Some(1));
    assert!(err.contains("--group: unknown group \"nope\""), "{err}");
    let (code, out, err) = run(&[
        "participants",
        "update",
        "--campaign",
        "gt-fix",
        "Ana@Exampel.org",
        "--email",
        "ana@example.org",
        "--name",
        "Ana López",
    ]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("ana@example.org") && out.contains("Ana López"), "{out}");
    let (code, _, err) = run(&["participants", "show", "--campaign", "gt-fix", "ana@exampel.org"]);
    assert_eq!(code, Some(1));
    assert!(err.contains("no participant ana@exampel.org"), "{err}");
    let (code, out, err) = run(&["participants", "show", "--campaign", "gt-fix", "ana@example.org", "--json"]);
    assert_eq!(code, Some(0), "{err}");
    let shown: serde_json::Value = serde_json::from_str(&out).unwrap_or_default();
    assert_eq!(shown["name"], "Ana López");
    assert_eq!(shown["progress"], "invited");

    let (code, out, err) = run(&["participants", "resend", "--campaign", "gt-fix", "ana@example.org"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("queued again"), "{out}");
    clock.advance(Duration::minutes(1));
    assert_eq!(w.deliver_due(&mut c, usize::MAX).unwrap_or_else(|e| panic!("{e}")).sent, 1);
    let again = smtp.received().into_iter().find(|m| m.to.iter().any(|t| t.contains("ana@example.org")));
    let again_link = again.and_then(|m| m.personal_link()).unwrap_or_else(|| panic!("no mail to the new address"));
    assert_eq!(again_link, first_link, "the same personal link");
    let status = ureq::get(&again_link).call().map(|r| r.status().as_u16()).unwrap_or(0);
    assert_eq!(status, 200, "the link still opens the survey");

    let audit = dra::service::audit::entries(&mut c, 50).unwrap_or_else(|e| panic!("{e}"));
    for what in ["participant corrected", "invitation resent"] {
        let entry = audit.iter().find(|a| a.2 == what).unwrap_or_else(|| panic!("{what} not audited: {audit:?}"));
        assert!(!entry.3.as_deref().unwrap_or_default().contains('@'), "no address in the audit log: {entry:?}");
    }
}
