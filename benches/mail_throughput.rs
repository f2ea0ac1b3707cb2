//! Benchmark: queue N invitations (default 10,000) in SQLite and deliver them to a local SMTP
//! server over a pooled connection. Prints queueing time, delivery rate, and checks that the
//! server received exactly N distinct messages.
//!
//! `cargo bench --bench mail_throughput [-- N]`

#[path = "../tests/it/smtp.rs"]
#[allow(dead_code)]
mod smtp;

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Instant;

use dra::clock::{Clock, SystemClock};
use dra::config::{Secret, Settings};
use dra::db;

fn main() -> anyhow::Result<()> {
    let n: usize = std::env::args().skip(1).find_map(|a| a.parse().ok()).unwrap_or(10_000);
    let dir = tempfile::tempdir()?;
    let settings = Settings {
        data_dir: dir.path().to_path_buf(),
        database_url: Some(Secret::new(format!("sqlite://{}", dir.path().join("bench.sqlite3").display()))),
        mail_rate: 1e9,
        mail_connections: std::env::var("DRA_MAIL_CONNECTIONS").ok().and_then(|v| v.parse().ok()).unwrap_or(32),
        secret_key: Some(Secret::new("mail bench secret key, 32 bytes or more")),
        ..Settings::default()
    };
    let url = settings.database()?;
    let mut conn = db::connect(&url)?;
    db::migrate::run_pending(&mut conn)?;
    let now = SystemClock.now();
    let survey =
        dra::survey::load_file(std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/surveys/dra-core.json")))?;
    let version = match db::surveys::import(&mut conn, &survey, "dra-core.json")? {
        db::surveys::Imported::New(id) | db::surveys::Imported::AlreadyStored(id) => id,
    };
    let groups = dra::campaign::default_groups();
    let new = db::campaigns::NewCampaign {
        time_zone: "-06:00".into(),
        groups: groups.clone(),
        ..db::campaigns::NewCampaign::with_defaults(
            "bench",
            "Bench campaign",
            version,
            vec!["es".into(), "en".into()],
            "es",
        )
    };
    db::campaigns::create(&mut conn, &new, now)?;
    let campaign = db::campaigns::require(&mut conn, "bench")?;
    let rows: Vec<_> = (0..n)
        .map(|i| dra::campaign::participants_csv::ParticipantRow {
            line: i as u64 + 2,
            email: format!("person{i}@example.org"),
            name: Some(format!("Persona {i}")),
            organisation: Some("Organización".into()),
            group: groups[i % groups.len()].code.clone(),
            language: if i % 3 == 0 { "en".into() } else { "es".into() },
            attributes: Default::default(),
        })
        .collect();
    db::participants::import(&mut conn, campaign.id, &rows, now)?;
    db::campaigns::set_state(&mut conn, "bench", dra::campaign::CampaignState::Open, now)?;
    let campaign = db::campaigns::require(&mut conn, "bench")?;

    let t = Instant::now();
    let cm = dra::service::mailing::campaign_mail(&mut conn, campaign, &settings.base_url)?;
    let queued = dra::service::mailing::invitations(&mut conn, &cm, &settings.token_key()?, now)?;
    let queue_s = t.elapsed().as_secs_f64();

    let server = smtp::SmtpServer::start();
    let mut s = settings.clone();
    s.smtp_url = Some(Secret::new(server.url()));
    let mailer = dra::mail::Mailer::from_settings(&s)?;
    let worker = dra::mail::Worker::new(mailer, s.token_key()?, &s, Arc::new(SystemClock));
    let t = Instant::now();
    let stats = worker.deliver_due(&mut conn, usize::MAX)?;
    let send_s = t.elapsed().as_secs_f64();

    let received = server.received();
    let ids: HashSet<String> = received.iter().filter_map(|m| m.header("Message-ID")).collect();
    let to: HashSet<String> = received.iter().flat_map(|m| m.to.clone()).collect();
    println!(
        "queued {queued} invitations (invitation row + outbox mail, one transaction per 200) in {queue_s:.2} s: {:.0}/s",
        queued as f64 / queue_s
    );
    println!(
        "delivered {} over pooled SMTP ({} connections) in {send_s:.2} s: {:.0} messages/s",
        stats.sent,
        settings.mail_connections,
        stats.sent as f64 / send_s
    );
    println!(
        "server received {} messages, {} distinct Message-IDs, {} distinct recipients",
        received.len(),
        ids.len(),
        to.len()
    );
    let ok = received.len() == n && ids.len() == n && to.len() == n && stats.sent == n;
    println!("{}", if ok { "check: exactly N distinct messages received" } else { "check FAILED" });
    if !ok {
        std::process::exit(1);
    }
    Ok(())
}
