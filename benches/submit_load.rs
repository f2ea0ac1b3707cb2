//! Benchmark: complete, valid responses submitted over HTTP on loopback by 64 concurrent
//! connections to the real app on SQLite (synchronous=FULL), each validated against the survey's
//! JSON Schema and stored durably before it is acknowledged. Prints responses/s and p50/p99
//! latency, checks stored = acknowledged (and that the mail worker's pass then queues one
//! thank-you per stored response, timed apart), and runs ../shared/bench/sqlite_limit.py in the
//! same run for the single-commit rate of this disk.
//!
//! `cargo bench --bench submit_load [-- N]` (N responses, default 10000); `BENCH_INSTANCES=2`
//! serves them from two instances of the app on the same database, the connections spread over
//! both (on PostgreSQL, the way to grow past one machine).
//!
//! `BENCH_DATABASE_URL=postgres://USER@HOST/DB` runs the same on PostgreSQL instead: a database of
//! its own is made on that server (and dropped after), and the reference in the same run is
//! pgbench committing one ~600-byte row per transaction, from 1 and from 64 clients.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use dra::clock::{Clock, SystemClock};
use dra::config::{Secret, Settings};
use dra::db;

const CONNECTIONS: usize = 64;

fn main() -> anyhow::Result<()> {
    // BENCH_LOG=dra::db::writer=debug shows each group commit (writes, time) on stderr.
    if let Ok(filter) = std::env::var("BENCH_LOG") {
        let _ = tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::new(filter))
            .with_writer(std::io::stderr)
            .with_ansi(false)
            .try_init();
    }
    let n: usize = std::env::args().skip(1).find_map(|a| a.parse().ok()).unwrap_or(10_000);
    let dir = tempfile::tempdir_in(std::env::var("BENCH_DIR").unwrap_or_else(|_| ".".into()))?;
    let postgres =
        std::env::var("BENCH_DATABASE_URL").ok().filter(|u| u.starts_with("postgres")).map(PgBench::new).transpose()?;
    let database_url = match &postgres {
        Some(pg) => pg.url.clone(),
        None => format!("sqlite://{}", dir.path().join("load.sqlite3").display()),
    };
    let settings = Settings {
        bind: "127.0.0.1:0".into(),
        data_dir: dir.path().to_path_buf(),
        database_url: Some(Secret::new(database_url)),
        secret_key: Some(Secret::new("load bench secret key, 32 bytes or more")),
        mail_worker: false,
        log: "warn".into(),
        // BENCH_POOL_SIZE=K: each instance's read connections (DRA_POOL_SIZE).
        pool_size: std::env::var("BENCH_POOL_SIZE")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(Settings::default().pool_size),
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
    let cm = dra::service::mailing::campaign_mail(&mut conn, campaign, &settings.base_url)?;
    dra::service::mailing::invitations(&mut conn, &cm, &key, now)?;
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

    // The app, in its own runtime; BENCH_INSTANCES=K starts K instances on the same database
    // and secret (as K servers behind a proxy would be), the connections spread over them.
    let instances: usize = std::env::var("BENCH_INSTANCES").ok().and_then(|v| v.parse().ok()).unwrap_or(1).max(1);
    let mut addrs = Vec::with_capacity(instances);
    for _ in 0..instances {
        let (tx, rx) = std::sync::mpsc::channel();
        let settings = settings.clone();
        std::thread::spawn(move || {
            let system = actix_web::rt::System::new();
            let _ = system.block_on(async move {
                let app = dra::app::Application::build(settings)?;
                let _ = tx.send(app.addr());
                app.run().await.map_err(anyhow::Error::from)
            });
        });
        addrs.push(rx.recv_timeout(Duration::from_secs(60))?);
    }
    let addr = addrs[0];

    // Each request, written out once: the load generator only writes bytes and reads answers
    // (as wrk does), so the machine's two cores go to the server being measured.
    let form = url::form_urlencoded::Serializer::new(String::new()).extend_pairs(body.iter()).finish();
    let requests: Vec<Vec<u8>> = tokens
        .iter()
        .map(|token| {
            format!(
                "POST /r/{token} HTTP/1.1\r\nHost: {addr}\r\nCookie: dra_csrf={cookie}\r\n\
                 Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{form}",
                form.len()
            )
            .into_bytes()
        })
        .collect();
    let requests = Arc::new(requests);
    let next = Arc::new(AtomicUsize::new(0));
    let latencies = Arc::new(Mutex::new(Vec::with_capacity(n)));
    let failures = Arc::new(AtomicUsize::new(0));
    // On stderr, so a profiler can be started on the load alone (the seeding comes before).
    eprintln!("seeded {n} invited participants; the load starts");
    let started = Instant::now();
    let workers: Vec<_> = (0..CONNECTIONS)
        .map(|w| {
            let (next, latencies, failures, requests) =
                (next.clone(), latencies.clone(), failures.clone(), requests.clone());
            let addr = addrs[w % addrs.len()];
            std::thread::spawn(move || {
                let mut mine = Vec::new();
                let mut conn: Option<Client> = None;
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(request) = requests.get(i) else { break };
                    let t = Instant::now();
                    let answer = match conn.take() {
                        Some(c) => Ok(c),
                        None => Client::connect(addr),
                    }
                    .and_then(|mut c| c.exchange(request).map(|a| (c, a)));
                    match answer {
                        Ok((c, (303, _))) => {
                            mine.push((t - started, t.elapsed()));
                            conn = Some(c);
                        }
                        other => {
                            if failures.fetch_add(1, Ordering::Relaxed) == 0 {
                                match other {
                                    Ok((_, (status, body))) => eprintln!(
                                        "first failure: HTTP {status}: {}",
                                        String::from_utf8_lossy(&body).chars().take(300).collect::<String>()
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
    let timed = latencies.lock().map(|l| l.clone()).unwrap_or_default();
    // BENCH_LATENCIES=FILE writes each acknowledged request (ms from the start, latency in ms).
    if let Ok(file) = std::env::var("BENCH_LATENCIES") {
        let mut out = String::from("start_ms,latency_ms\n");
        let mut by_start = timed.clone();
        by_start.sort();
        for (at, l) in by_start {
            out.push_str(&format!("{:.3},{:.3}\n", at.as_secs_f64() * 1000.0, l.as_secs_f64() * 1000.0));
        }
        std::fs::write(&file, out)?;
    }
    let mut lat: Vec<Duration> = timed.iter().map(|(_, l)| *l).collect();
    lat.sort();
    let pct =
        |p: f64| lat.get(((lat.len() as f64 - 1.0) * p).round() as usize).map_or(0.0, |d| d.as_secs_f64() * 1000.0);
    let acknowledged = lat.len();
    let mut stored = 0usize;
    db::responses::for_each_submitted(&mut conn, 1, 10_000, |_, _, _| stored += 1)?;
    println!(
        "{acknowledged} complete responses acknowledged over {CONNECTIONS} connections to {instances} instance(s) in {elapsed:.2} s: {:.0} responses/s; \
         latency p50 {:.1} ms, p90 {:.1} ms, p99 {:.1} ms, p99.9 {:.1} ms, max {:.1} ms; {} failed",
        acknowledged as f64 / elapsed,
        pct(0.5),
        pct(0.9),
        pct(0.99),
        pct(0.999),
        pct(1.0),
        failures.load(Ordering::Relaxed)
    );
    println!(
        "stored submitted responses: {stored} ({})",
        if stored == acknowledged { "= acknowledged" } else { "MISMATCH" }
    );
    // The thank-yous are composed off the submission's path, by the mail worker's pass (not
    // running during the load): that pass, timed here, queues one per stored submission.
    let owed = db::thanks::owed(&mut conn)?;
    let thanking = Instant::now();
    let thanked = dra::service::mailing::thanks(&mut conn, &settings.base_url, SystemClock.now())?;
    println!(
        "thank-yous owed {owed}, composed and queued by one worker pass: {thanked} in {:.2} s ({})",
        thanking.elapsed().as_secs_f64(),
        if thanked == stored { "= stored" } else { "MISMATCH" }
    );
    let ok = stored == acknowledged && thanked == stored;
    if let Some(pg) = &postgres {
        drop(conn);
        pg.reference();
        if !ok {
            std::process::exit(1);
        }
        return Ok(());
    }
    let wal = std::fs::metadata(dir.path().join("load.sqlite3-wal")).map_or(0, |m| m.len());
    let db_file = std::fs::metadata(dir.path().join("load.sqlite3")).map_or(0, |m| m.len());
    println!("database file {:.1} MB, write-ahead log {:.1} MB", db_file as f64 / 1e6, wal as f64 / 1e6);
    let limit = std::process::Command::new("python3")
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/bench/sqlite_limit.py"))
        .env("BENCH_DIR", dir.path())
        .output();
    match limit {
        Ok(o) => print!("{}", String::from_utf8_lossy(&o.stdout)),
        Err(e) => println!("sqlite_limit.py could not run: {e}"),
    }
    if !ok {
        std::process::exit(1);
    }
    Ok(())
}

/// One keep-alive HTTP/1.1 connection: writes a request, reads the status and the body.
struct Client {
    stream: std::io::BufReader<std::net::TcpStream>,
}

impl Client {
    fn connect(addr: std::net::SocketAddr) -> std::io::Result<Self> {
        let stream = std::net::TcpStream::connect(addr)?;
        stream.set_nodelay(true)?;
        Ok(Self { stream: std::io::BufReader::new(stream) })
    }

    fn exchange(&mut self, request: &[u8]) -> std::io::Result<(u16, Vec<u8>)> {
        use std::io::{BufRead, Read, Write};
        self.stream.get_mut().write_all(request)?;
        let mut line = String::new();
        self.stream.read_line(&mut line)?;
        let status = line.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
        let mut length = 0usize;
        loop {
            line.clear();
            if self.stream.read_line(&mut line)? == 0 {
                return Err(std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "connection closed"));
            }
            let l = line.trim_end();
            if l.is_empty() {
                break;
            }
            if let Some((k, v)) = l.split_once(':')
                && k.eq_ignore_ascii_case("content-length")
            {
                length = v.trim().parse().unwrap_or(0);
            }
        }
        let mut body = vec![0; length];
        self.stream.read_exact(&mut body)?;
        Ok((status, body))
    }
}

/// A PostgreSQL database of the benchmark's own, on the server of `BENCH_DATABASE_URL`; dropped
/// when the benchmark ends.
struct PgBench {
    base: String,
    name: String,
    url: String,
}

impl PgBench {
    fn new(base: String) -> anyhow::Result<Self> {
        use diesel::Connection;
        use diesel::connection::SimpleConnection;
        let name = format!("dra_bench_{}", std::process::id());
        diesel::PgConnection::establish(&base)?.batch_execute(&format!("CREATE DATABASE {name}"))?;
        let mut url = url::Url::parse(&base)?;
        url.set_path(&format!("/{name}"));
        Ok(Self { base, name, url: url.to_string() })
    }

    /// pgbench on the same server, same run: one ~600-byte row committed per transaction.
    fn reference(&self) {
        use diesel::Connection;
        use diesel::connection::SimpleConnection;
        let payload = "x".repeat(600);
        let setup = diesel::PgConnection::establish(&self.url).and_then(|mut c| {
            c.batch_execute("CREATE TABLE bench_ref (id bigserial primary key, token text, body text)")
                .map_err(diesel::ConnectionError::CouldntSetupConfiguration)
        });
        if let Err(e) = setup {
            println!("pgbench reference not run: {e}");
            return;
        }
        let script = std::env::temp_dir().join(format!("dra-bench-{}.sql", std::process::id()));
        if std::fs::write(
            &script,
            format!("INSERT INTO bench_ref (token, body) VALUES (md5(random()::text), '{payload}');\n"),
        )
        .is_err()
        {
            return;
        }
        for clients in [1, 64] {
            let out = std::process::Command::new("pgbench")
                .args(["-n", "-T", "3", "-j", "2", "-c", &clients.to_string(), "-f"])
                .arg(&script)
                .arg(&self.url)
                .output();
            match out {
                Ok(o) => {
                    let text = String::from_utf8_lossy(&o.stdout);
                    let tps = text.lines().find(|l| l.starts_with("tps")).unwrap_or("no tps line").to_string();
                    println!("pgbench, one row per commit, {clients} client(s): {tps}");
                }
                Err(e) => println!("pgbench could not run: {e}"),
            }
        }
        let _ = std::fs::remove_file(&script);
    }
}

impl Drop for PgBench {
    fn drop(&mut self) {
        use diesel::Connection;
        use diesel::connection::SimpleConnection;
        if let Ok(mut c) = diesel::PgConnection::establish(&self.base) {
            let _ = c.batch_execute(&format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name));
        }
    }
}
