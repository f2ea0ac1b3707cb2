//! Index campaigns in storage, through the domain layer, on SQLite or PostgreSQL: creation from
//! the example framework, the CSV imports (all or nothing), the figures against the independent
//! fixtures, the review rules (a second person, reasons, states), compare-and-set on scores and
//! reviews released together, and the audit log.

use std::sync::Barrier;

use dra::service::index::{self as svc, CreateRequest, ReviewAction, ScoreInput};
use dra::service::{Actor, DomainError};
use serde_json::Value;

use crate::support::{TestDb, conn, now, repo};

fn read(path: &str) -> Vec<u8> {
    std::fs::read(repo(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn actor(name: &str) -> Actor {
    Actor { name: name.into(), ip: Some("127.0.0.1".into()) }
}

/// The scores file of one evaluator only.
fn scores_of(rater: &str) -> Vec<u8> {
    let text = String::from_utf8(read("tests/fixtures/index/scores.csv")).unwrap_or_default();
    let mut lines = text.lines();
    let mut out = format!("{}\n", lines.next().unwrap_or_default());
    for l in lines.filter(|l| l.split(',').nth(2) == Some(rater)) {
        out.push_str(l);
        out.push('\n');
    }
    out.into_bytes()
}

fn audit_count(c: &mut dra::db::AnyConnection, action: &str) -> usize {
    dra::service::audit::entries(c, 10_000).unwrap_or_else(|e| panic!("{e}")).iter().filter(|e| e.2 == action).count()
}

/// A campaign `odi` with the 14 institutions and ana's scores.
fn seeded(c: &mut dra::db::AnyConnection) {
    let fw = read("surveys/examples/open-data-index.json");
    let req = CreateRequest {
        slug: "odi",
        name: None,
        edition: Some("2023"),
        framework_file: "open-data-index.json",
        framework: &fw,
    };
    svc::create(c, &req, &actor("coord"), now()).unwrap_or_else(|e| panic!("{e}"));
    let s = svc::import_units(c, "odi", &read("tests/fixtures/index/units.csv"), &actor("coord"), now())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((s.added, s.updated), (14, 0));
    let s =
        svc::import_scores(c, "odi", &scores_of("ana"), None, &actor("coord"), now()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(s.added, 146);
}

#[test]
fn imported_scores_give_the_independent_figures() {
    let db = TestDb::new();
    let mut c = conn(&db);
    seeded(&mut c);
    let expected: Value = serde_json::from_slice(&read("tests/fixtures/index/expected.json")).unwrap_or_default();
    let case = &expected["cases"][0];
    let f = svc::figures(&mut c, "odi", None, false, false).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(f.index.units.len(), 14);
    for u in &f.index.units {
        let want = case["index"][&u.unit].as_f64();
        match (u.index, want) {
            (Some(g), Some(w)) => assert!((g - w).abs() < 1e-9, "{}: {g} vs {w}", u.unit),
            (None, None) => {}
            other => panic!("{}: {other:?}", u.unit),
        }
        assert_eq!(u.rank, case["rank"][&u.unit].as_f64(), "{}", u.unit);
    }
    // The same file again changes nothing; the other evaluators' scores come in beside.
    let again = svc::import_scores(&mut c, "odi", &scores_of("ana"), None, &actor("coord"), now())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((again.added, again.updated, again.unchanged), (0, 0, 146));
    for rater in ["ben", "carla"] {
        svc::import_scores(&mut c, "odi", &scores_of(rater), None, &actor("coord"), now())
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let f = svc::figures(&mut c, "odi", None, false, false).unwrap_or_else(|e| panic!("{e}"));
    let want = &expected["agreement"];
    assert!((f.agreement.alpha_ordinal.unwrap_or(0.0) - want["alpha_ordinal"].as_f64().unwrap_or(9.0)).abs() < 1e-9);
    assert!(
        (f.agreement.kappa_quadratic.unwrap_or(0.0) - want["kappa_quadratic"].as_f64().unwrap_or(9.0)).abs() < 1e-9
    );
    assert_eq!(f.agreement.disputed.len(), want["disputed"].as_array().map_or(0, Vec::len));
    assert_eq!(audit_count(&mut c, "index scores imported"), 4);
    assert_eq!(audit_count(&mut c, "index campaign created"), 1);
}

#[test]
fn a_bad_file_lists_every_problem_and_stores_nothing() {
    let db = TestDb::new();
    let mut c = conn(&db);
    seeded(&mut c);
    let before = svc::load(&mut c, "odi").unwrap_or_else(|e| panic!("{e}")).scores.len();
    let bad = "unit,indicator,evaluator,value,evidence_url\n\
               mingob,online,zoe,2,https://x.gt/a\n\
               mingob,online,zoe,9,https://x.gt/a\n\
               atlantis,api,zoe,1,https://x.gt/b\n\
               ine,api,zoe,1,https://x.gt/b\n";
    let Err(err) = svc::import_scores(&mut c, "odi", bad.as_bytes(), None, &actor("coord"), now()) else {
        panic!("a bad file was taken")
    };
    let DomainError::Invalid { field, message } = err else { panic!("{err:?}") };
    assert_eq!(field, "scores");
    assert!(message.contains("line 3:") && message.contains("line 4:"), "{message}");
    assert!(!message.contains("line 2:") && !message.contains("line 5:"), "{message}");
    assert_eq!(svc::load(&mut c, "odi").unwrap_or_else(|e| panic!("{e}")).scores.len(), before, "nothing stored");
    assert_eq!(audit_count(&mut c, "index scores imported"), 1);
    // A framework with problems is refused with their lines; a slug taken is a conflict.
    let broken = String::from_utf8(read("surveys/examples/open-data-index.json")).unwrap_or_default().replacen(
        "\"weights\": \"given\"",
        "\"weights\": \"heavy\"",
        1,
    );
    let req = CreateRequest {
        slug: "odi2",
        name: None,
        edition: None,
        framework_file: "f.json",
        framework: broken.as_bytes(),
    };
    let Err(err) = svc::create(&mut c, &req, &actor("coord"), now()) else { panic!("a broken framework was taken") };
    assert!(err.to_string().contains("f.json:") && err.to_string().contains("/method/weights"), "{err}");
    let fw = read("surveys/examples/open-data-index.json");
    let req = CreateRequest { slug: "odi", name: None, edition: None, framework_file: "f.json", framework: &fw };
    assert!(matches!(svc::create(&mut c, &req, &actor("coord"), now()), Err(DomainError::Conflict(_))));
}

fn score_of(c: &mut dra::db::AnyConnection, unit: &str, indicator: &str, evaluator: &str) -> dra::db::indices::Score {
    let l = svc::load(c, "odi").unwrap_or_else(|e| panic!("{e}"));
    let uid = l.unit_by_code(unit).map(|u| u.id).unwrap_or_default();
    l.scores
        .into_iter()
        .find(|s| s.unit_id == uid && s.indicator == indicator && s.evaluator == evaluator)
        .unwrap_or_else(|| panic!("no score {unit}/{indicator}/{evaluator}"))
}

#[test]
fn reviews_need_a_second_person_reasons_and_the_version_read() {
    let db = TestDb::new();
    let mut c = conn(&db);
    seeded(&mut c);
    let s = score_of(&mut c, "mingob", "online", "ana");
    let now = now();
    // The evaluator cannot review their own score.
    let own = svc::review(&mut c, "odi", s.id, s.version, ReviewAction::Confirm, None, None, &actor("ana"), now);
    assert!(matches!(own, Err(DomainError::Forbidden(_))), "{own:?}");
    // A dispute needs a reason; a stale version is a conflict.
    let no_reason = svc::review(&mut c, "odi", s.id, s.version, ReviewAction::Dispute, None, None, &actor("rev"), now);
    assert!(matches!(no_reason, Err(DomainError::Invalid { field: "reason", .. })));
    let stale = svc::review(&mut c, "odi", s.id, s.version + 1, ReviewAction::Confirm, None, None, &actor("rev"), now);
    assert!(matches!(stale, Err(DomainError::Conflict(_))));
    let resolve_first =
        svc::review(&mut c, "odi", s.id, s.version, ReviewAction::Resolve, Some("x"), None, &actor("rev"), now);
    assert!(matches!(resolve_first, Err(DomainError::Conflict(_))), "only a dispute is resolved");
    // Dispute, then resolve with the agreed value: the figures use it.
    let v = svc::review(
        &mut c,
        "odi",
        s.id,
        s.version,
        ReviewAction::Dispute,
        Some("the portal is down"),
        None,
        &actor("rev"),
        now,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let bad_value =
        svc::review(&mut c, "odi", s.id, v, ReviewAction::Resolve, Some("agreed"), Some(7.0), &actor("rev2"), now);
    assert!(matches!(bad_value, Err(DomainError::Invalid { field: "value", .. })));
    svc::review(
        &mut c,
        "odi",
        s.id,
        v,
        ReviewAction::Resolve,
        Some("agreed on a call"),
        Some(1.0),
        &actor("rev2"),
        now,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let after = score_of(&mut c, "mingob", "online", "ana");
    assert_eq!((after.status.as_str(), after.value, after.version), ("resolved", 1.0, s.version + 2));
    let l = svc::load(&mut c, "odi").unwrap_or_else(|e| panic!("{e}"));
    let reasons: Vec<_> = l.reviews.iter().map(|r| (r.action.as_str(), r.reason.as_deref(), r.value)).collect();
    assert_eq!(
        reasons,
        vec![("dispute", Some("the portal is down"), None), ("resolve", Some("agreed on a call"), Some(1.0))]
    );
    assert_eq!(audit_count(&mut c, "index score disputed"), 1);
    assert_eq!(audit_count(&mut c, "index score resolved"), 1);
    // Reviewed only: one cell in all, so no institution meets the framework's 70 %.
    assert!(matches!(svc::figures(&mut c, "odi", None, true, false), Err(DomainError::Conflict(_))));
    let mut method = l.framework.method.clone();
    method.min_share = 0.0;
    let f = svc::figures(&mut c, "odi", Some(method), true, false).unwrap_or_else(|e| panic!("{e}"));
    let row = f.scores.units.iter().position(|u| u == "mingob").unwrap_or_default();
    assert_eq!(f.scores.values[row][0], Some(1.0), "reviewed-only keeps the resolved score");
    assert_eq!(f.scores.values[row].iter().flatten().count(), 1, "and nothing unreviewed");
    assert_eq!((f.review.resolved, f.review.scored), (1, 145));
}

#[test]
fn two_changes_of_one_score_released_together_one_wins() {
    let db = TestDb::new();
    let mut c = conn(&db);
    seeded(&mut c);
    let s = score_of(&mut c, "ine", "api", "ana");
    for round in 0..3 {
        let s = score_of(&mut c, "ine", "api", "ana");
        let barrier = Barrier::new(2);
        let results: Vec<Result<i64, DomainError>> = std::thread::scope(|scope| {
            let handles: Vec<_> = [0.0, 3.0]
                .into_iter()
                .map(|value| {
                    let (barrier, db) = (&barrier, &db);
                    let input = ScoreInput {
                        unit: "ine".into(),
                        indicator: "api".into(),
                        value,
                        evidence_url: Some("https://ine.gob.gt/api".into()),
                        evidence_note: None,
                        evidence_file: None,
                        version: Some(s.version),
                    };
                    scope.spawn(move || {
                        let mut c = conn(db);
                        barrier.wait();
                        svc::set_score(&mut c, "odi", &input, &actor("ana"), now())
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap_or(Err(DomainError::Internal("panic".into())))).collect()
        });
        let ok = results.iter().filter(|r| r.is_ok()).count();
        let conflicts = results.iter().filter(|r| matches!(r, Err(DomainError::Conflict(_)))).count();
        assert_eq!((ok, conflicts), (1, 1), "round {round}: {results:?}");
        let after = score_of(&mut c, "ine", "api", "ana");
        assert_eq!(after.version, s.version + 1, "round {round}");
    }
    assert_eq!(audit_count(&mut c, "index score set"), 3, "one entry per change stored");
    // Two reviewers confirming the same score at once: one is told it changed.
    let s2 = score_of(&mut c, "ine", "online", "ana");
    let barrier = Barrier::new(2);
    let results: Vec<Result<i64, DomainError>> = std::thread::scope(|scope| {
        let handles: Vec<_> = ["rev1", "rev2"]
            .into_iter()
            .map(|who| {
                let (barrier, db, id, v) = (&barrier, &db, s2.id, s2.version);
                scope.spawn(move || {
                    let mut c = conn(db);
                    barrier.wait();
                    svc::review(&mut c, "odi", id, v, ReviewAction::Confirm, None, None, &actor(who), now())
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap_or(Err(DomainError::Internal("panic".into())))).collect()
    });
    assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 1, "{results:?}");
    let l = svc::load(&mut c, "odi").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(l.reviews.iter().filter(|r| r.score_id == s2.id).count(), 1, "one review stored");
    assert_eq!(audit_count(&mut c, "index score confirmed"), 1);
    let _ = s;
    // A first score by a new evaluator, and a second "first" score refused.
    let input = ScoreInput {
        unit: "ine".into(),
        indicator: "licence".into(),
        value: 2.0,
        evidence_url: None,
        evidence_note: None,
        evidence_file: Some("licencia.pdf".into()),
        version: None,
    };
    svc::set_score(&mut c, "odi", &input, &actor("zoe"), now()).unwrap_or_else(|e| panic!("{e}"));
    assert!(matches!(svc::set_score(&mut c, "odi", &input, &actor("zoe"), now()), Err(DomainError::Conflict(_))));
    let no_evidence = ScoreInput { evidence_file: None, indicator: "api".into(), ..input };
    assert!(matches!(
        svc::set_score(&mut c, "odi", &no_evidence, &actor("yan"), now()),
        Err(DomainError::Invalid { field: "evidence_url", .. })
    ));
}

#[test]
fn the_same_scores_file_imported_twice_at_once_is_stored_once() {
    let db = TestDb::new();
    let mut c = conn(&db);
    let fw = read("surveys/examples/open-data-index.json");
    let req = CreateRequest { slug: "odi", name: None, edition: None, framework_file: "f.json", framework: &fw };
    svc::create(&mut c, &req, &actor("coord"), now()).unwrap_or_else(|e| panic!("{e}"));
    svc::import_units(&mut c, "odi", &read("tests/fixtures/index/units.csv"), &actor("coord"), now())
        .unwrap_or_else(|e| panic!("{e}"));
    let file = scores_of("ana");
    let barrier = Barrier::new(2);
    let results: Vec<Result<svc::ImportSummary, DomainError>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..2)
            .map(|_| {
                let (barrier, db, file) = (&barrier, &db, &file);
                scope.spawn(move || {
                    let mut c = conn(db);
                    barrier.wait();
                    svc::import_scores(&mut c, "odi", file, None, &actor("coord"), now())
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap_or(Err(DomainError::Internal("panic".into())))).collect()
    });
    // Either the second waited and found every score there (146 unchanged), or it met the first's
    // rows and was refused whole (a conflict): never a file stored twice or in part.
    let added: usize = results.iter().filter_map(|r| r.as_ref().ok()).map(|s| s.added).sum();
    assert_eq!(added, 146, "{results:?}");
    for r in &results {
        match r {
            Ok(s) => assert!(s.added == 146 || s.unchanged == 146, "{s:?}"),
            Err(e) => assert!(matches!(e, DomainError::Conflict(_)), "{e:?}"),
        }
    }
    assert_eq!(svc::load(&mut c, "odi").unwrap_or_else(|e| panic!("{e}")).scores.len(), 146);
    let oks = results.iter().filter(|r| r.is_ok()).count();
    assert_eq!(audit_count(&mut c, "index scores imported"), oks, "one entry per import stored");
}
