//! Institutions assessing themselves, through the domain layer, on SQLite or PostgreSQL: a save
//! stores self-assessed scores (evaluator `self:<id>`), a bad value stores nothing and names the
//! field, two saves released together store one version, and the index counts a self-assessed
//! score only once an evaluator confirmed or resolved it.

use std::sync::Barrier;

use diesel::prelude::*;

use dra::service::index::self_assess::{self as sa, ProblemKind, SaveRefused, SelfEntry};
use dra::service::index::self_links as sa_links;
use dra::service::index::{self as svc, CreateRequest, ReviewAction};
use dra::service::{Actor, DomainError};

use crate::support::{TestDb, conn, now, repo};

fn read(path: &str) -> Vec<u8> {
    std::fs::read(repo(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn actor(name: &str) -> Actor {
    Actor { name: name.into(), ip: Some("127.0.0.1".into()) }
}

/// A campaign `odi` with the 14 institutions and one evaluator's scores (`ana`, unreviewed);
/// returns the id of `congreso` (whose `datasets`, `update` and `support` `ana` did not score).
fn seeded(c: &mut dra::db::AnyConnection) -> i64 {
    let fw = read("surveys/examples/open-data-index.json");
    let req = CreateRequest {
        slug: "odi",
        name: None,
        edition: Some("2023"),
        framework_file: "open-data-index.json",
        framework: &fw,
    };
    svc::create(c, &req, &actor("coord"), now()).unwrap_or_else(|e| panic!("{e}"));
    svc::import_units(c, "odi", &read("tests/fixtures/index/units.csv"), &actor("coord"), now())
        .unwrap_or_else(|e| panic!("{e}"));
    let text = String::from_utf8(read("tests/fixtures/index/scores.csv")).unwrap_or_default();
    let mut lines = text.lines();
    let mut ana = format!("{}\n", lines.next().unwrap_or_default());
    for l in lines.filter(|l| l.split(',').nth(2) == Some("ana")) {
        ana.push_str(l);
        ana.push('\n');
    }
    svc::import_scores(c, "odi", ana.as_bytes(), None, &actor("coord"), now()).unwrap_or_else(|e| panic!("{e}"));
    let l = svc::load(c, "odi").unwrap_or_else(|e| panic!("{e}"));
    l.unit_by_code("congreso").map(|u| u.id).unwrap_or_else(|| panic!("no congreso"))
}

fn entry(indicator: &str, value: &str, url: &str, version: Option<i64>) -> SelfEntry {
    SelfEntry {
        indicator: indicator.into(),
        value: value.into(),
        evidence_url: url.into(),
        evidence_note: String::new(),
        version,
    }
}

fn self_scores(c: &mut dra::db::AnyConnection, unit: i64) -> Vec<dra::db::indices::Score> {
    let l = svc::load(c, "odi").unwrap_or_else(|e| panic!("{e}"));
    l.scores.into_iter().filter(|s| s.unit_id == unit && sa::is_self(&s.evaluator)).collect()
}

/// The counted value of `congreso` for `indicator` in the figures (a cell `ana` did not score).
fn counted(c: &mut dra::db::AnyConnection, indicator: &str) -> Option<f64> {
    let f = svc::figures(c, "odi", None, false, false).unwrap_or_else(|e| panic!("{e}"));
    let row = f.scores.units.iter().position(|u| u == "congreso").unwrap_or_else(|| panic!("no congreso row"));
    let col = f.framework.indicator(indicator).map(|(i, _)| i).unwrap_or_else(|| panic!("no {indicator}"));
    let own = f.evidence[row][col].as_ref().is_none_or(|e| sa::is_self(&e.evaluator));
    assert!(own, "a cell no evaluator scored holds the institution's own score or nothing");
    f.scores.values[row][col]
}

#[test]
fn a_self_assessment_is_stored_as_such_and_counts_only_once_validated() {
    let db = TestDb::new();
    let mut c = conn(&db);
    let unit = seeded(&mut c);
    let saved = sa::save(
        &mut c,
        "odi",
        unit,
        &[
            entry("support", "2", "", None),
            entry("datasets", "120", "https://congreso.gob.gt/datos", None),
            entry("api", "", "", None),
        ],
        now(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((saved.added, saved.updated), (2, 0), "the unanswered indicator stores nothing");
    let mine = self_scores(&mut c, unit);
    assert_eq!(mine.len(), 2);
    assert!(mine.iter().all(|s| s.evaluator == format!("self:{unit}") && s.status == "scored"));
    // Not validated yet: the index does not count it.
    assert_eq!(counted(&mut c, "support"), None);
    assert_eq!(counted(&mut c, "datasets"), None);
    // The institution is no reviewer of its own score.
    let support = mine.iter().find(|s| s.indicator == "support").cloned().unwrap_or_else(|| panic!("support"));
    let own = actor(&format!("self:{unit}"));
    let refused =
        svc::review(&mut c, "odi", support.id, support.version, ReviewAction::Confirm, None, None, &own, now());
    assert!(matches!(refused, Err(DomainError::Forbidden(_))), "{refused:?}");
    // An evaluator confirms one: it counts.
    svc::review(&mut c, "odi", support.id, support.version, ReviewAction::Confirm, None, None, &actor("ana"), now())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(counted(&mut c, "support"), Some(2.0));
    // The other is disputed (still not counted) and resolved with another value (counted).
    let datasets = mine.iter().find(|s| s.indicator == "datasets").cloned().unwrap_or_else(|| panic!("datasets"));
    let v = svc::review(
        &mut c,
        "odi",
        datasets.id,
        datasets.version,
        ReviewAction::Dispute,
        Some("the portal lists few datasets"),
        None,
        &actor("ana"),
        now(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(counted(&mut c, "datasets"), None);
    svc::review(
        &mut c,
        "odi",
        datasets.id,
        v,
        ReviewAction::Resolve,
        Some("agreed: 80 published"),
        Some(80.0),
        &actor("ben"),
        now(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(counted(&mut c, "datasets"), Some(80.0));
    // A validated self-assessment changed by the institution goes back to be reviewed.
    let support =
        self_scores(&mut c, unit).into_iter().find(|s| s.indicator == "support").unwrap_or_else(|| panic!("s"));
    sa::save(&mut c, "odi", unit, &[entry("support", "3", "", Some(support.version))], now())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(counted(&mut c, "support"), None);
    let audits = dra::service::audit::entries(&mut c, 10_000).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(audits.iter().filter(|e| e.2 == "index self-assessment saved").count(), 2);
}

#[test]
fn a_bad_form_stores_nothing_and_names_each_field() {
    let db = TestDb::new();
    let mut c = conn(&db);
    let unit = seeded(&mut c);
    let form = [
        entry("support", "2", "", None),
        entry("online", "7", "https://ine.gob.gt", None),
        entry("datasets", "many", "https://ine.gob.gt", None),
        entry("portal", "1", "ftp://ine.gob.gt", None),
        entry("api", "1", "", None),
    ];
    match sa::save(&mut c, "odi", unit, &form, now()) {
        Err(SaveRefused::Fields(p)) => {
            let got: Vec<(&str, &str, ProblemKind)> =
                p.iter().map(|p| (p.indicator.as_str(), p.field, p.kind)).collect();
            assert_eq!(
                got,
                vec![
                    ("online", "value", ProblemKind::OutOfScale),
                    ("datasets", "value", ProblemKind::NotANumber),
                    ("portal", "evidence_url", ProblemKind::BadUrl),
                    ("api", "evidence_url", ProblemKind::EvidenceMissing),
                ]
            );
        }
        other => panic!("{other:?}"),
    }
    assert!(self_scores(&mut c, unit).is_empty(), "nothing stored, not even the good indicator");
    // An institution of no campaign is not found.
    assert!(matches!(
        sa::save(&mut c, "odi", unit + 1000, &[entry("support", "2", "", None)], now()),
        Err(SaveRefused::Domain(DomainError::NotFound(_)))
    ));
}

#[test]
fn two_saves_released_together_store_one_version() {
    let db = TestDb::new();
    let mut c = conn(&db);
    let unit = seeded(&mut c);
    for round in 0..3 {
        let before = self_scores(&mut c, unit);
        let version = |ind: &str| before.iter().find(|s| s.indicator == ind).map(|s| s.version);
        let (vs, vd) = (version("support"), version("datasets"));
        let barrier = Barrier::new(2);
        let results: Vec<Result<sa::Saved, SaveRefused>> = std::thread::scope(|scope| {
            let handles: Vec<_> = [("1", "10"), ("3", "30")]
                .into_iter()
                .map(|(a, b)| {
                    let (barrier, db) = (&barrier, &db);
                    let form = vec![
                        entry("support", a, "", vs),
                        entry("datasets", &format!("{b}{round}"), "https://ine.gob.gt/d", vd),
                    ];
                    scope.spawn(move || {
                        let mut c = conn(db);
                        barrier.wait();
                        sa::save(&mut c, "odi", unit, &form, now())
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or(Err(SaveRefused::Domain(DomainError::Internal("panic".into())))))
                .collect()
        });
        let ok: Vec<usize> = results.iter().enumerate().filter(|(_, r)| r.is_ok()).map(|(i, _)| i).collect();
        let conflicts =
            results.iter().filter(|r| matches!(r, Err(SaveRefused::Domain(DomainError::Conflict(_))))).count();
        assert_eq!((ok.len(), conflicts), (1, 1), "round {round}: {results:?}");
        // The stored version is the winner's whole form, never a mix.
        let after = self_scores(&mut c, unit);
        let get = |ind: &str| after.iter().find(|s| s.indicator == ind).map(|s| s.value);
        let (a, b) = if ok[0] == 0 { (1.0, 10.0) } else { (3.0, 30.0) };
        assert_eq!(get("support"), Some(a), "round {round}");
        assert_eq!(get("datasets"), Some(b * 10.0 + f64::from(round)), "round {round}");
    }
    let audits = dra::service::audit::entries(&mut c, 10_000).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(audits.iter().filter(|e| e.2 == "index self-assessment saved").count(), 3, "one per stored save");
}

#[test]
fn evaluators_see_a_self_assessment_marked_as_such_on_the_scores_page() {
    let app = crate::support::spawn_app();
    let mut c = conn(&app.db);
    assert!(dra::service::index::demo::seed(&mut c, now()).unwrap_or_else(|e| panic!("{e}")));
    let l = svc::load(&mut c, "demo-index").unwrap_or_else(|e| panic!("{e}"));
    let unit = l.units.first().map(|u| u.id).unwrap_or_else(|| panic!("no institution"));
    sa::save(&mut c, "demo-index", unit, &[entry("support", "2", "", None)], now()).unwrap_or_else(|e| panic!("{e}"));
    let mut coord = crate::index_web::signed_in(&app, "coord", "coordinator");
    let page = coord.get(&app.url("/console/indices/demo-index/scores"));
    assert_eq!(page.status, 200);
    let marked = ["en", "es"].iter().any(|l| page.html.contains(dra::i18n::t(l, "index-self-evaluator")));
    assert!(marked, "the self-assessment is marked on the scores page");
    assert!(!page.html.contains(&format!(">self:{unit}<")), "not shown as a bare evaluator name");
}

/// The queued self-assessment mails: (recipient, body).
fn self_mails(c: &mut dra::db::AnyConnection) -> Vec<(String, String)> {
    use dra::db::schema::outbox;
    outbox::table
        .filter(outbox::kind.eq("index_self_assessment"))
        .order(outbox::id)
        .select((outbox::recipient, outbox::body_text))
        .load(c)
        .unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn invitations_queue_one_mail_per_institution_with_a_personal_link() {
    let db = TestDb::new();
    let mut c = conn(&db);
    let unit = seeded(&mut c);
    let base = "https://dra.example.org";
    // An unknown institution: refused, nothing queued.
    let bad = sa_links::invite(&mut c, "odi", Some("nope"), base, &actor("coord"), now());
    assert!(matches!(bad, Err(DomainError::Invalid { field: "unit", .. })), "{bad:?}");
    assert!(self_mails(&mut c).is_empty());
    let done = sa_links::invite(&mut c, "odi", None, base, &actor("coord"), now()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((done.units.len(), done.without_contact.len()), (14, 0));
    let mails = self_mails(&mut c);
    assert_eq!(mails.len(), 14);
    let l = svc::load(&mut c, "odi").unwrap_or_else(|e| panic!("{e}"));
    let stored: Vec<String> = dra::db::schema::index_self_links::table
        .select(dra::db::schema::index_self_links::token_hash)
        .load(&mut c)
        .unwrap_or_else(|e| panic!("{e}"));
    let mut tokens = Vec::new();
    for (to, body) in &mails {
        let tok = body
            .split(&format!("{base}/i/"))
            .nth(1)
            .map(|r| {
                r.chars().take_while(|ch| ch.is_ascii_alphanumeric() || *ch == '-' || *ch == '_').collect::<String>()
            })
            .unwrap_or_else(|| panic!("no link in {body}"));
        assert!(!stored.iter().any(|h| h == &tok), "the token itself is not stored");
        let (slug, id) = sa_links::open(&mut c, &tok, now()).unwrap_or_else(|e| panic!("{e}"));
        let u = l.unit(id).unwrap_or_else(|| panic!("no unit {id}"));
        assert_eq!(
            (slug.as_str(), u.contact.as_str()),
            ("odi", to.as_str()),
            "the link opens the recipient's institution"
        );
        tokens.push(tok);
    }
    tokens.sort();
    tokens.dedup();
    assert_eq!(tokens.len(), 14, "one token each");
    // Wrong, malformed and expired tokens open nothing.
    for t in ["AAAAAAAAAAAAAAAAAAAAAA", "short", ""] {
        assert!(matches!(sa_links::open(&mut c, t, now()), Err(DomainError::NotFound(_))), "{t}");
    }
    let later = now() + chrono::Duration::days(sa_links::LINK_DAYS + 1);
    assert!(matches!(sa_links::open(&mut c, &tokens[0], later), Err(DomainError::NotFound(_))));
    // One institution again: one more mail, a new link.
    let one = sa_links::invite(&mut c, "odi", Some("congreso"), base, &actor("coord"), now())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(one.units, vec!["congreso".to_string()]);
    let mails = self_mails(&mut c);
    assert_eq!(mails.len(), 15);
    let last = mails.last().map(|m| m.1.clone()).unwrap_or_default();
    let tok: String = last.split(&format!("{base}/i/")).nth(1).unwrap_or_default().chars().take(22).collect();
    assert_eq!(sa_links::open(&mut c, &tok, now()).map(|o| o.1).ok(), Some(unit));
    let audits = dra::service::audit::entries(&mut c, 10_000).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(audits.iter().filter(|e| e.2 == "index self-assessment invited").count(), 2);
}

#[test]
fn the_command_line_lists_self_assessments_as_such() {
    let db = TestDb::new();
    let mut c = conn(&db);
    let unit = seeded(&mut c);
    let data = db.dir.path().join("data");
    let data = data.to_str().unwrap_or_default().to_string();
    let env = [("DATABASE_URL", db.url.as_str()), ("DRA_DATA_DIR", data.as_str())];
    sa::save(&mut c, "odi", unit, &[entry("support", "2", "", None)], now()).unwrap_or_else(|e| panic!("{e}"));
    let out = crate::support::dra(&["index", "scores", "--campaign", "odi", "--json"], &env);
    let rows: serde_json::Value = serde_json::from_str(&crate::support::stdout(&out)).unwrap_or_else(|e| panic!("{e}"));
    let marked: Vec<&serde_json::Value> =
        rows.as_array().map(|a| a.iter().filter(|r| r["self_assessment"] == true).collect()).unwrap_or_default();
    assert_eq!(marked.len(), 1);
    assert_eq!(marked[0]["evaluator"], format!("self:{unit}"));
}
