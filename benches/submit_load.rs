//! Benchmark: complete, valid responses submitted over HTTP on loopback by 64 concurrent
//! connections to the real app on SQLite (synchronous=FULL), each validated against the survey's
//! JSON Schema and stored durably before it is acknowledged. Prints responses/s and p50/p99
//! latency, checks stored = acknowledged, and runs ../shared/bench/sqlite_limit.py in the same
//! run for the single-commit rate of this disk.
//!
//! `cargo bench --bench submit_load [-- N]` (N responses, default 6000)

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use dra::clock::{Clock, SystemClock};
use dra::config::{Secret, Settings};
use dra::db;

const CONNECTIONS: usize = 64;

fn main() -> anyhow::Result<()> {
    let n: usize = std::env::args().skip(1).find_map(|a| a.parse().ok()).unwrap_or(6000);
    let dir = tempfile::tempdir_in(std::env::var("BENCH_DIR").unwrap_or_else(|_| ".".into()))?;
    let settings = Settings {
        bind: "127.0.0.1:0".into(),
        data_dir: dir.path().to_path_buf(),
        database_url: Some(Secret::new(format!("sqlite://{}", dir.path().join("load.sqlite3").display()))),
        secret_key: Some(Secret::new("load bench")),
        mail_worker: false,
        log: "warn".into(),
        ..Settings::default()
    };
    // Seed: dra-core, an open campaign, N invited participants.
    let url = settings.database()?;
    let mut conn = db::connect(&url)?;
    db::migrate::run_pending(&mut conn)?;
    let now = SystemClock.now();
    let path = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/surveys/dra-core.json"));
    let survey = dra::survey::load_file(path)?;
    let version = match db::surveys::import(&mut conn, &survey, "dra-core.json")? {
        db::surveys::Imported::New(id) | db::surveys::Imported::AlreadyStored(id) => id,
    };
    let groups = dra::campaign::default_groups();
    db::campaigns::create(
        &mut conn,
        &db::campaigns::NewCampaign {
            groups: groups.clone(),
            ..db::campaigns::NewCampaign::with_defaults("load", "Load", version, vec!["es".into(), "en".into()], "es")
        },
        now,
    )?;
    let campaign = db::campaigns::require(&mut conn, "load")?;
    let rows: Vec<_> = (0..n)
        .map(|i| dra::campaign::participants_csv::ParticipantRow {
            line: i as u64 + 2,
            email: format!("p{i}@example.org"),
            name: None,
            organisation: None,
            group: groups[i % groups.len()].code.clone(),
            language: "es".into(),
            attributes: Default::default(),
        })
        .collect();
    db::participants::import(&mut conn, campaign.id, &rows, now)?;
    db::campaigns::set_state(&mut conn, "load", dra::campaign::CampaignState::Open, now)?;
    let campaign = db::campaigns::require(&mut conn, "load")?;
    let key = settings.token_key()?;
    let cm = dra::mail::queue::CampaignMail::load(&mut conn, campaign, &settings.base_url)?;
    dra::mail::queue::invitations(&mut conn, &cm, &key, now)?;
    let mut tokens = Vec::with_capacity(n);
    for i in 0..n {
        let inv = db::invitations::of_participant(&mut conn, i as i64 + 1)?
            .ok_or_else(|| anyhow::anyhow!("no invitation"))?;
        tokens.push(key.derive(&inv.token_nonce));
    }
    // A complete response, as one form post (every question of every page), with the CSRF pair.
    let cookie = dra::token::random_token();
    let csrf = dra::web::csrf::field_for(&key, &cookie);
    let mut body: Vec<(String, String)> = vec![
        ("csrf".into(), csrf),
        ("page".into(), survey.pages.len().to_string()),
        ("lang".into(), "es".into()),
        ("action".into(), "submit".into()),
    ];
    for (i, q) in survey.questions.iter().enumerate() {
        match q.kind {
            dra::survey::QuestionKind::Scored => body.push((q.id.clone(), ((i % 5) + 1).to_string())),
            dra::survey::QuestionKind::Single if q.profile.as_deref() != Some("group") => {
                body.push((q.id.clone(), dra::survey::response::form_value(&q.options[0].value)))
            }
            _ => {}
        }
    }
    let body = Arc::new(body);

    // The app, in its own runtime.
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let system = actix_web::rt::System::new();
        let _ = system.block_on(async move {
            let app = dra::app::Application::build(settings)?;
            let _ = tx.send(app.addr());
            app.run().await.map_err(anyhow::Error::from)
        });
    });
    let addr = rx.recv_timeout(Duration::from_secs(60))?;

    let next = Arc::new(AtomicUsize::new(0));
    let latencies = Arc::new(Mutex::new(Vec::with_capacity(n)));
    let failures = Arc::new(AtomicUsize::new(0));
    let tokens = Arc::new(tokens);
    let started = Instant::now();
    let workers: Vec<_> = (0..CONNECTIONS)
        .map(|_| {
            let (next, latencies, failures, tokens, body) =
                (next.clone(), latencies.clone(), failures.clone(), tokens.clone(), body.clone());
            let cookie = cookie.clone();
            std::thread::spawn(move || {
                let agent: ureq::Agent =
                    ureq::Agent::config_builder().http_status_as_error(false).max_redirects(0).build().into();
                let pairs: Vec<(&str, &str)> = body.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
                let mut mine = Vec::new();
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(token) = tokens.get(i) else { break };
                    let t = Instant::now();
                    let r = agent
                        .post(&format!("http://{addr}/r/{token}"))
                        .header("Cookie", &format!("dra_csrf={cookie}"))
                        .send_form(pairs.iter().copied());
                    match r {
                        Ok(resp) if resp.status().as_u16() == 303 => mine.push(t.elapsed()),
                        other => {
                            if failures.fetch_add(1, Ordering::Relaxed) == 0 {
                                match other {
                                    Ok(mut resp) => eprintln!(
                                        "first failure: HTTP {}: {}",
                                        resp.status(),
                                        resp.body_mut()
                                            .read_to_string()
                                            .unwrap_or_default()
                                            .chars()
                                            .take(300)
                                            .collect::<String>()
                                    ),
                                    Err(e) => eprintln!("first failure: {e}"),
                                }
                            }
                        }
                    }
                }
                if let Ok(mut l) = latencies.lock() {
                    l.extend(mine);
                }
            })
        })
        .collect();
    for w in workers {
        let _ = w.join();
    }
    let elapsed = started.elapsed().as_secs_f64();
    let mut lat = latencies.lock().map(|l| l.clone()).unwrap_or_default();
    lat.sort();
    let pct =
        |p: f64| lat.get(((lat.len() as f64 - 1.0) * p).round() as usize).map_or(0.0, |d| d.as_secs_f64() * 1000.0);
    let acknowledged = lat.len();
    let mut stored = 0usize;
    db::responses::for_each_submitted(&mut conn, 1, 10_000, |_, _, _| stored += 1)?;
    println!(
        "{acknowledged} complete responses acknowledged over {CONNECTIONS} connections in {elapsed:.2} s: {:.0} responses/s; \
         latency p50 {:.1} ms, p99 {:.1} ms; {} failed",
        acknowledged as f64 / elapsed,
        pct(0.5),
        pct(0.99),
        failures.load(Ordering::Relaxed)
    );
    println!(
        "stored submitted responses: {stored} ({})",
        if stored == acknowledged { "= acknowledged" } else { "MISMATCH" }
    );
    let limit = std::process::Command::new("python3")
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/bench/sqlite_limit.py"))
        .env("BENCH_DIR", dir.path())
        .output();
    match limit {
        Ok(o) => print!("{}", String::from_utf8_lossy(&o.stdout)),
        Err(e) => println!("sqlite_limit.py could not run: {e}"),
    }
    if stored != acknowledged {
        std::process::exit(1);
    }
    Ok(())
}
