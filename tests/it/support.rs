//! Test support: a fresh database per test (SQLite file, or a new PostgreSQL database dropped
//! afterwards), the app started on port 0, and the `dra` binary run with a clean environment.

use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use diesel::Connection;
use diesel::connection::SimpleConnection;
use dra::config::{Secret, Settings};

/// The PostgreSQL server to create test databases on, when the PostgreSQL run was asked for.
pub fn postgres_base() -> Option<String> {
    std::env::var("DRA_TEST_DATABASE_URL").ok().filter(|s| !s.is_empty())
}

/// A database of one test's own, removed when dropped.
pub struct TestDb {
    pub url: String,
    pub dir: tempfile::TempDir,
    pg: Option<(String, String)>,
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);

impl TestDb {
    /// PostgreSQL when `DRA_TEST_DATABASE_URL` is set, SQLite otherwise.
    pub fn new() -> Self {
        match postgres_base() {
            Some(base) => Self::postgres(&base),
            None => Self::sqlite(),
        }
    }

    pub fn sqlite() -> Self {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
        let url = format!("sqlite://{}", dir.path().join("dra.sqlite3").display());
        Self { url, dir, pg: None }
    }

    pub fn postgres(base: &str) -> Self {
        let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.subsec_nanos()).unwrap_or(0);
        let name = format!("dra_t_{}_{}_{nanos}", std::process::id(), COUNTER.fetch_add(1, Ordering::SeqCst));
        let mut admin =
            diesel::PgConnection::establish(base).unwrap_or_else(|e| panic!("PostgreSQL at {base} unreachable: {e}"));
        admin.batch_execute(&format!("CREATE DATABASE {name}")).unwrap_or_else(|e| panic!("create database: {e}"));
        let mut url = url::Url::parse(base).unwrap_or_else(|e| panic!("DRA_TEST_DATABASE_URL: {e}"));
        url.set_path(&format!("/{name}"));
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
        Self { url: url.to_string(), dir, pg: Some((base.to_string(), name)) }
    }

    pub fn is_postgres(&self) -> bool {
        self.pg.is_some()
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some((base, name)) = &self.pg
            && let Ok(mut admin) = diesel::PgConnection::establish(base)
        {
            let _ = admin.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
        }
    }
}

/// Now, as the application's clock reads it.
pub fn now() -> chrono::NaiveDateTime {
    dra::clock::Clock::now(&dra::clock::SystemClock)
}

/// Settings for a test: port 0, the test's database and data directory.
pub fn settings(db: &TestDb) -> Settings {
    Settings {
        bind: "127.0.0.1:0".into(),
        data_dir: db.dir.path().join("data"),
        database_url: Some(Secret::new(db.url.clone())),
        base_url: "http://127.0.0.1:8080".into(),
        mail_rate: 10_000.0,
        mail_worker: false,
        secret_key: Some(Secret::new("test secret key, 32 bytes or more for the tests")),
        ..Settings::default()
    }
}

/// Queues the thank-yous owed to first submissions, as the mail worker's pass does first.
pub fn queue_thanks(c: &mut dra::db::AnyConnection) -> usize {
    dra::service::mailing::thanks(c, "http://127.0.0.1:8080", now()).unwrap_or_else(|e| panic!("{e}"))
}

/// A connection to a test database, migrated.
pub fn conn(db: &TestDb) -> dra::db::AnyConnection {
    let url = dra::db::DatabaseUrl::parse(&db.url).unwrap_or_else(|e| panic!("{e}"));
    let mut c = dra::db::connect(&url).unwrap_or_else(|e| panic!("{e}"));
    dra::db::migrate::run_pending(&mut c).unwrap_or_else(|e| panic!("{e}"));
    c
}

/// dra-core imported, and an open campaign `slug` with these participants (all "public", es).
pub fn seed_campaign(
    c: &mut dra::db::AnyConnection,
    slug: &str,
    emails: &[&str],
    remind_every: Option<i32>,
    remind_max: i32,
    now: chrono::NaiveDateTime,
) -> dra::db::campaigns::Campaign {
    let survey =
        dra::survey::load_file(std::path::Path::new(&repo("surveys/dra-core.json"))).unwrap_or_else(|e| panic!("{e}"));
    let id = match dra::db::surveys::import(c, &survey, "dra-core.json").unwrap_or_else(|e| panic!("{e}")) {
        dra::db::surveys::Imported::New(id) | dra::db::surveys::Imported::AlreadyStored(id) => id,
    };
    let new = dra::db::campaigns::NewCampaign {
        country: Some("GT".into()),
        closes_at: Some(now + chrono::Duration::days(60)),
        time_zone: "-06:00".into(),
        reminder_every_days: remind_every,
        reminder_max: remind_max,
        one_per_browser: false,
        ..dra::db::campaigns::NewCampaign::with_defaults(
            slug,
            &format!("Campaign {slug}"),
            id,
            vec!["es".into(), "en".into()],
            "es",
        )
    };
    dra::db::campaigns::create(c, &new, now).unwrap_or_else(|e| panic!("{e}"));
    let rows: Vec<dra::campaign::participants_csv::ParticipantRow> = emails
        .iter()
        .enumerate()
        .map(|(i, e)| dra::campaign::participants_csv::ParticipantRow {
            line: i as u64 + 2,
            email: e.to_string(),
            name: Some(format!("Person {i}")),
            organisation: None,
            group: "public".into(),
            language: "es".into(),
            attributes: Default::default(),
        })
        .collect();
    let campaign = dra::db::campaigns::require(c, slug).unwrap_or_else(|e| panic!("{e}"));
    dra::db::participants::import(c, campaign.id, &rows, now).unwrap_or_else(|e| panic!("{e}"));
    dra::db::campaigns::set_state(c, slug, dra::campaign::CampaignState::Open, now).unwrap_or_else(|e| panic!("{e}"))
}

/// The real application, serving on a free port until dropped.
pub struct TestApp {
    pub addr: std::net::SocketAddr,
    pub db: TestDb,
    handle: actix_web::dev::ServerHandle,
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }
}

pub fn spawn_app() -> TestApp {
    spawn_app_with(|_| {})
}

/// The real application with settings of the test's own.
pub fn spawn_app_with(adjust: impl FnOnce(&mut Settings)) -> TestApp {
    let db = TestDb::new();
    let mut settings = settings(&db);
    adjust(&mut settings);
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let system = actix_web::rt::System::new();
        let result = system.block_on(async move {
            match dra::app::Application::build(settings) {
                Ok(app) => {
                    let _ = tx.send(Ok((app.addr(), app.handle())));
                    app.run().await.map_err(anyhow::Error::from)
                }
                Err(e) => {
                    let _ = tx.send(Err(e.to_string()));
                    Ok(())
                }
            }
        });
        if let Err(e) = result {
            eprintln!("test server stopped with an error: {e}");
        }
    });
    let (addr, handle) = rx
        .recv_timeout(Duration::from_secs(60))
        .unwrap_or_else(|e| panic!("app did not start: {e}"))
        .unwrap_or_else(|e| panic!("app did not start: {e}"));
    TestApp { addr, db, handle }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        let handle = self.handle.clone();
        actix_web::rt::System::new().block_on(handle.stop(false));
    }
}

/// Runs the `dra` binary with only the given `DRA_*`/`DATABASE_URL` variables set.
pub fn dra(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_dra"));
    cmd.args(args);
    for (k, _) in std::env::vars() {
        if k.starts_with("DRA_") || k == "DATABASE_URL" {
            cmd.env_remove(k);
        }
    }
    cmd.envs(env.iter().copied());
    cmd.output().unwrap_or_else(|e| panic!("cannot run dra: {e}"))
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Path of a file of the repository.
pub fn repo(path: &str) -> String {
    format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))
}

/// A `dra serve` process on a free port, with the test's database and secret; killed when
/// dropped. Its standard error is kept in `log` (the server's log lines).
pub struct Served {
    pub child: std::process::Child,
    pub url: String,
    pub log: std::path::PathBuf,
}

impl Served {
    pub fn start(db: &TestDb, env: &[(&str, &str)]) -> Self {
        use std::io::{BufRead, BufReader};
        use std::process::Stdio;
        let log = db.dir.path().join(format!("serve-{}.log", COUNTER.fetch_add(1, Ordering::SeqCst)));
        let err = std::fs::File::create(&log).unwrap_or_else(|e| panic!("{e}"));
        let data_dir = db.dir.path().join("data");
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_dra"));
        for (k, _) in std::env::vars() {
            if k.starts_with("DRA_") || k == "DATABASE_URL" {
                cmd.env_remove(k);
            }
        }
        let mut child = cmd
            .arg("serve")
            .env("DRA_BIND", "127.0.0.1:0")
            .env("DATABASE_URL", &db.url)
            .env("DRA_DATA_DIR", &data_dir)
            .env("DRA_SECRET_KEY", "test secret key, 32 bytes or more for the tests")
            .env("DRA_MAIL_WORKER", "0")
            .envs(env.iter().copied())
            .stdout(Stdio::piped())
            .stderr(err)
            .spawn()
            .unwrap_or_else(|e| panic!("spawn dra serve: {e}"));
        let stdout = child.stdout.take().unwrap_or_else(|| panic!("no stdout"));
        let mut reader = BufReader::new(stdout);
        let mut printed = String::new();
        let url = loop {
            let mut line = String::new();
            if reader.read_line(&mut line).unwrap_or(0) == 0 {
                let _ = child.kill();
                panic!("dra serve stopped: {printed}{}", std::fs::read_to_string(&log).unwrap_or_default());
            }
            printed.push_str(&line);
            if let Some(url) = line.trim().strip_prefix("dra is serving on ") {
                break url.to_string();
            }
        };
        // Keep reading what it prints, so it never blocks on a full pipe.
        std::thread::spawn(move || {
            let mut sink = String::new();
            while reader.read_line(&mut sink).unwrap_or(0) > 0 {
                sink.clear();
            }
        });
        Self { child, url, log }
    }

    /// Kills the process at once (SIGKILL): no graceful stop, nothing flushed.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        self.kill();
    }
}
