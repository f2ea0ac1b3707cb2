//! Two `dra serve` on one PostgreSQL database behave as one service: started together on an
//! empty database they migrate it once; a console session made on one is valid on the other; with
//! both mail workers running, 2,000 invitations reach a real SMTP server exactly once each.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use crate::smtp::SmtpServer;
use crate::support::{Served, TestDb, conn, dra, postgres_base, seed_campaign, stdout};

#[test]
fn two_instances_on_one_postgresql_behave_as_one_service() {
    if postgres_base().is_none() {
        eprintln!("skipped: several instances share a PostgreSQL database (DRA_TEST_DATABASE_URL)");
        return;
    }
    let db = TestDb::new();
    let smtp = SmtpServer::start();
    let smtp_url = smtp.url();
    let env = [
        ("DRA_SMTP_URL", smtp_url.as_str()),
        ("DRA_MAIL_WORKER", "1"),
        ("DRA_MAIL_RATE", "100000"),
        ("DRA_MAIL_FROM", "dra@example.org"),
        ("DRA_LOG", "info"),
    ];
    // Both start at once on the empty database.
    let (a, b) = std::thread::scope(|s| {
        let a = s.spawn(|| Served::start(&db, &env));
        let b = s.spawn(|| Served::start(&db, &env));
        (a.join().unwrap_or_else(|_| panic!("instance a")), b.join().unwrap_or_else(|_| panic!("instance b")))
    });
    let names = dra::db::migrate::names(true).unwrap_or_else(|e| panic!("{e}"));
    let logs = [&a, &b].map(|s| std::fs::read_to_string(&s.log).unwrap_or_default());
    let migrated: Vec<&String> = logs.iter().filter(|l| l.contains("database migrated")).collect();
    assert_eq!(migrated.len(), 1, "one instance migrates, the other finds nothing pending: {logs:?}");
    let mut c = conn(&db);
    let applied = dra::db::migrate::applied(&mut c).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(applied.len(), names.len(), "every migration applied once");
    for s in [&a, &b] {
        let health = ureq::get(&format!("{}/healthz", s.url)).call().map(|r| r.status().as_u16()).unwrap_or(0);
        assert_eq!(health, 200);
    }

    // A session made on one instance is valid on the other (and its CSRF token with it).
    let data = db.dir.path().join("data");
    let data = data.to_str().unwrap_or_default().to_string();
    let cli = [("DATABASE_URL", db.url.as_str()), ("DRA_DATA_DIR", data.as_str())];
    let once =
        crate::console::one_time_password(&stdout(&dra(&["user", "add", "carla", "--role", "coordinator"], &cli)));
    let mut browser = crate::form::Browser::default();
    let first = crate::console::login(&mut browser, &a.url, "carla", &once);
    let phrase = "una frase larga para la consola";
    browser.post(
        &format!("{}/console/password", b.url),
        &[
            ("csrf".into(), crate::form::csrf(&first.html)),
            ("current".into(), once),
            ("new".into(), phrase.into()),
            ("repeat".into(), phrase.into()),
        ],
    );
    crate::console::login(&mut browser, &a.url, "carla", phrase);
    let on_b = browser.get(&format!("{}/console", b.url));
    assert_eq!(on_b.status, 200);
    assert!(on_b.html.contains("carla (coordinator)"), "{}", on_b.html);

    // 2,000 invitations queued; both instances' workers deliver; each arrives once.
    let emails: Vec<String> = (0..2000).map(|i| format!("p{i}@instances.example")).collect();
    let refs: Vec<&str> = emails.iter().map(String::as_str).collect();
    let now = crate::support::now();
    seed_campaign(&mut c, "gt-instances", &refs, None, 0, now);
    let queued = stdout(&dra(&["invitations", "send", "--campaign", "gt-instances"], &cli));
    assert!(queued.contains("2000 invitations queued"), "{queued}");
    let start = Instant::now();
    while smtp.received().len() < 2000 && start.elapsed() < Duration::from_secs(120) {
        std::thread::sleep(Duration::from_millis(200));
    }
    // Give a duplicate time to show up.
    std::thread::sleep(Duration::from_secs(3));
    let received = smtp.received();
    let to: Vec<String> = received.iter().flat_map(|m| m.to.clone()).collect();
    let unique: HashSet<&String> = to.iter().collect();
    assert_eq!(to.len(), 2000, "every invitation arrives, none twice");
    assert_eq!(unique.len(), 2000);
    let workers: HashSet<String> = {
        use diesel::prelude::*;
        dra::db::schema::outbox::table
            .select(dra::db::schema::outbox::claimed_by)
            .load::<Option<String>>(&mut c)
            .unwrap_or_else(|e| panic!("{e}"))
            .into_iter()
            .flatten()
            .collect()
    };
    eprintln!("invitations delivered by {} worker(s) in {:?}", workers.len(), start.elapsed());
}

/// Two workers (two instances) scheduling reminders at the same moment queue each due reminder
/// once between them.
#[test]
fn reminders_due_are_queued_once_by_workers_running_together() {
    use diesel::prelude::*;
    let db = TestDb::new();
    let mut c = conn(&db);
    let t0 = crate::support::now();
    let mail = Mail::invited(&db, &mut c, "gt-reminders", 200, Some(1), 2, t0);
    assert_eq!(mail.worker().deliver_due(&mut c, usize::MAX).unwrap_or_else(|e| panic!("{e}")).sent, 200);
    mail.clock.set(t0 + chrono::Duration::days(2));
    let queued: usize = mail.two_at_once(&db, |w, c| w.schedule_reminders(c)).iter().sum();
    assert_eq!(queued, 200, "the two workers queued 200 reminders between them");
    let reminders: i64 = dra::db::schema::outbox::table
        .filter(dra::db::schema::outbox::kind.eq("reminder"))
        .count()
        .get_result(&mut c)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(reminders, 200, "one reminder per invitation");
    let sent: Vec<i32> = dra::db::schema::invitations::table
        .select(dra::db::schema::invitations::reminders_sent)
        .load(&mut c)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(sent.iter().all(|n| *n == 1), "{sent:?}");
}

/// Two workers (two instances) queueing the thank-yous owed at the same moment queue each one
/// once between them, to its own participant, and leave none owed.
#[test]
fn thanks_owed_are_queued_once_by_workers_running_together() {
    use diesel::prelude::*;
    use dra::db::schema::{invitations, outbox};
    let db = TestDb::new();
    let mut c = conn(&db);
    let mail = Mail::invited(&db, &mut c, "gt-thanks", 450, None, 0, crate::support::now());
    // As the questionnaire's writer records them: each invitation's first submission owes one
    // (three batches' worth, so each worker takes several).
    let ids: Vec<i64> = invitations::table.select(invitations::id).load(&mut c).unwrap_or_else(|e| panic!("{e}"));
    dra::db::thanks::owe_all(&mut c, &ids).unwrap_or_else(|e| panic!("{e}"));
    let queued = mail.two_at_once(&db, |w, c| w.queue_thanks(c));
    eprintln!("thank-yous queued by each worker: {queued:?}");
    assert_eq!(queued.iter().sum::<usize>(), 450, "the two workers queued 450 thank-yous between them");
    let thanked: Vec<Option<i64>> = outbox::table
        .filter(outbox::kind.eq("thank_you"))
        .select(outbox::participant_id)
        .load(&mut c)
        .unwrap_or_else(|e| panic!("{e}"));
    let distinct: HashSet<Option<i64>> = thanked.iter().copied().collect();
    assert_eq!((thanked.len(), distinct.len()), (450, 450), "each participant thanked once");
    assert_eq!(dra::db::thanks::owed(&mut c).ok(), Some(0));
    assert_eq!(mail.worker().queue_thanks(&mut c).ok(), Some(0), "nothing owed is queued again");
}

/// A campaign of `n` participants, invited, and what its mail workers are made of (the clock
/// they share, set by the test).
struct Mail {
    settings: dra::config::Settings,
    key: dra::token::TokenKey,
    clock: std::sync::Arc<dra::clock::ManualClock>,
}

impl Mail {
    fn invited(
        db: &TestDb,
        c: &mut dra::db::AnyConnection,
        slug: &str,
        n: usize,
        remind_every: Option<i32>,
        remind_max: i32,
        t0: chrono::NaiveDateTime,
    ) -> Self {
        let emails: Vec<String> = (0..n).map(|i| format!("p{i}@{slug}.example")).collect();
        let refs: Vec<&str> = emails.iter().map(String::as_str).collect();
        seed_campaign(c, slug, &refs, remind_every, remind_max, t0);
        let campaign = dra::db::campaigns::require(c, slug).unwrap_or_else(|e| panic!("{e}"));
        let settings = crate::support::settings(db);
        let key = settings.token_key().unwrap_or_else(|e| panic!("{e}"));
        let cm = dra::service::mailing::campaign_mail(c, campaign, "http://x").unwrap_or_else(|e| panic!("{e}"));
        dra::service::mailing::invitations(c, &cm, &key, t0).unwrap_or_else(|e| panic!("{e}"));
        Self { settings, key, clock: std::sync::Arc::new(dra::clock::ManualClock::new(t0)) }
    }

    fn worker(&self) -> dra::mail::Worker {
        let mailer = dra::mail::Mailer::from_settings(&self.settings).unwrap_or_else(|e| panic!("{e}"));
        dra::mail::Worker::new(mailer, self.key.clone(), &self.settings, self.clock.clone())
    }

    /// Two workers, each on its own connection, released together from a barrier to run `step`:
    /// what each returned.
    fn two_at_once(
        &self,
        db: &TestDb,
        step: impl Fn(&dra::mail::Worker, &mut dra::db::AnyConnection) -> Result<usize, dra::db::DbError> + Sync,
    ) -> Vec<usize> {
        let barrier = std::sync::Barrier::new(2);
        std::thread::scope(|s| {
            let handles: Vec<_> = (0..2)
                .map(|_| {
                    let (w, barrier, step) = (self.worker(), &barrier, &step);
                    s.spawn(move || {
                        let mut c = conn(db);
                        barrier.wait();
                        step(&w, &mut c).unwrap_or_else(|e| panic!("{e}"))
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap_or(0)).collect()
        })
    }
}
