//! Creating an index and importing its institutions and scores from the console, over HTTP, on
//! SQLite or PostgreSQL: a coordinator creates one from a framework file and imports both CSVs;
//! a bad file stores nothing and lists each problem with its line; an analyst, or a post without
//! the session's CSRF token, is refused with nothing stored; two creations of one slug released
//! together store one index.

use std::sync::Barrier;

use crate::form::{Browser, csrf};
use crate::index_web::signed_in;
use crate::support::{TestApp, conn, repo, spawn_app};

fn read(path: &str) -> Vec<u8> {
    std::fs::read(repo(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn indices(app: &TestApp) -> Vec<String> {
    let all = dra::service::index::list(&mut conn(&app.db)).unwrap_or_else(|e| panic!("{e}"));
    all.into_iter().map(|c| c.slug).collect()
}

/// (institutions, scores) stored under `slug`.
fn counts(app: &TestApp, slug: &str) -> (usize, usize) {
    let l = dra::service::index::load(&mut conn(&app.db), slug).unwrap_or_else(|e| panic!("{e}"));
    (l.units.len(), l.scores.len())
}

#[test]
fn a_coordinator_creates_an_index_and_imports_its_files_whole_or_not_at_all() {
    let app = spawn_app();
    let mut coord = signed_in(&app, "coord", "coordinator");
    let page = coord.get(&app.url("/console/indices"));
    assert!(page.html.contains("href=\"/console/indices/new\""), "the list links to the forms");
    let page = coord.get(&app.url("/console/indices/new"));
    assert_eq!(page.status, 200, "{}", page.html);
    let token = csrf(&page.html);
    let fw = read("surveys/examples/open-data-index.json");

    // A framework with a problem: named with its line, nothing created.
    let broken = String::from_utf8_lossy(&fw).replacen("\"id\": \"portal\"", "\"id\": \"online\"", 1);
    assert_ne!(broken.as_bytes(), &fw[..], "the example names the portal indicator so");
    let refused = coord.post_multipart(
        &app.url("/console/indices"),
        &[("csrf", None, token.as_bytes()), ("slug", None, b"odi-2026"), ("file", Some("odi.json"), broken.as_bytes())],
    );
    assert_eq!(refused.status, 422, "{}", refused.html);
    assert!(refused.html.contains("odi.json:") && refused.html.contains("used twice"), "{}", refused.html);
    assert!(indices(&app).is_empty());

    let created = coord.post_multipart(
        &app.url("/console/indices"),
        &[
            ("csrf", None, token.as_bytes()),
            ("slug", None, b"odi-2026"),
            ("name", None, "Índice 2026".as_bytes()),
            ("edition", None, b"2026"),
            ("file", Some("odi.json"), &fw),
        ],
    );
    assert_eq!(created.status, 200, "{}", created.html);
    assert_eq!(indices(&app), ["odi-2026"]);
    assert!(created.html.contains("/console/indices/odi-2026/import-units"), "its import forms are shown");

    // Institutions: a file with two bad rows stores none of them, and says which lines.
    let units = read("tests/fixtures/index/units.csv");
    let mut bad = units.clone();
    bad.extend_from_slice(b"mingob,Otra vez,public,\n-x,,public,\n");
    let url = app.url("/console/indices/odi-2026/import-units");
    let refused = coord.post_multipart(&url, &[("csrf", None, token.as_bytes()), ("file", Some("u.csv"), &bad)]);
    assert_eq!(refused.status, 422, "{}", refused.html);
    assert!(refused.html.contains("line 16:") && refused.html.contains("line 17:"), "{}", refused.html);
    assert_eq!(counts(&app, "odi-2026"), (0, 0));
    // Pasted, the good file is stored whole.
    let text = String::from_utf8_lossy(&units).into_owned();
    let done = coord.post_multipart(&url, &[("csrf", None, token.as_bytes()), ("csv", None, text.as_bytes())]);
    assert_eq!(done.status, 200, "{}", done.html);
    assert_eq!(counts(&app, "odi-2026").0, 14);

    // Scores: one bad row refuses the file; the good file is stored whole.
    let scores = read("tests/fixtures/index/scores.csv");
    let rows = String::from_utf8_lossy(&scores).lines().count() - 1;
    let mut bad = scores.clone();
    bad.extend_from_slice(b"nadie,online,ana,3,https://x.gt,,\nmingob,online,eva,9,https://x.gt,,\n");
    let url = app.url("/console/indices/odi-2026/import-scores");
    let refused = coord.post_multipart(&url, &[("csrf", None, token.as_bytes()), ("file", Some("s.csv"), &bad)]);
    assert_eq!(refused.status, 422, "{}", refused.html);
    assert!(refused.html.contains(&format!("line {}:", rows + 2)), "{}", refused.html);
    assert!(refused.html.contains(&format!("line {}:", rows + 3)), "{}", refused.html);
    assert_eq!(counts(&app, "odi-2026"), (14, 0));
    let done = coord.post_multipart(&url, &[("csrf", None, token.as_bytes()), ("file", Some("s.csv"), &scores)]);
    assert_eq!(done.status, 200, "{}", done.html);
    assert_eq!(counts(&app, "odi-2026"), (14, rows));
    // A row without an evaluator is the signed-in coordinator's.
    let own = "unit,indicator,value\ncongreso,support,2\n";
    let done = coord.post_multipart(&url, &[("csrf", None, token.as_bytes()), ("csv", None, own.as_bytes())]);
    assert_eq!(done.status, 200, "{}", done.html);
    let l = dra::service::index::load(&mut conn(&app.db), "odi-2026").unwrap_or_else(|e| panic!("{e}"));
    assert!(l.scores.iter().any(|s| s.evaluator == "coord" && s.indicator == "support"));
    // The ranking is there.
    let ranking = coord.get(&app.url("/console/indices/odi-2026"));
    assert!(ranking.status == 200 && ranking.html.contains("<svg"), "{}", ranking.html);
    let audits = dra::service::audit::entries(&mut conn(&app.db), 1000).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(audits.iter().filter(|e| e.2 == "index campaign created").count(), 1);
    assert_eq!(audits.iter().filter(|e| e.2 == "index institutions imported").count(), 1);
    assert_eq!(audits.iter().filter(|e| e.2 == "index scores imported").count(), 2);
}

#[test]
fn an_analyst_or_a_post_without_the_csrf_token_stores_nothing() {
    let app = spawn_app();
    let fw = read("surveys/examples/open-data-index.json");
    let mut analyst = signed_in(&app, "ana", "analyst");
    assert_eq!(analyst.get(&app.url("/console/indices/new")).status, 403);
    let list = analyst.get(&app.url("/console/indices"));
    assert!(!list.html.contains("/console/indices/new"), "no link for an analyst");
    let token = csrf(&analyst.get(&app.url("/console")).html);
    let refused = analyst.post_multipart(
        &app.url("/console/indices"),
        &[("csrf", None, token.as_bytes()), ("slug", None, b"odi"), ("file", Some("f.json"), &fw)],
    );
    assert_eq!(refused.status, 403);
    let mut coord = signed_in(&app, "coord", "coordinator");
    let forged = coord.post_multipart(
        &app.url("/console/indices"),
        &[("csrf", None, b"not-the-token"), ("slug", None, b"odi"), ("file", Some("f.json"), &fw)],
    );
    assert_eq!(forged.status, 403);
    // Signed out: to the sign-in page, nothing stored.
    let stranger = Browser::default().post_multipart(
        &app.url("/console/indices"),
        &[("csrf", None, b""), ("slug", None, b"odi"), ("file", Some("f.json"), &fw)],
    );
    assert!(stranger.html.contains("password"), "{}", stranger.html);
    assert!(indices(&app).is_empty());
}

#[test]
fn two_creations_of_one_index_released_together_store_one() {
    let app = spawn_app();
    let fw = read("surveys/examples/open-data-index.json");
    let coords: Vec<Browser> = ["coord-a", "coord-b"].iter().map(|n| signed_in(&app, n, "coordinator")).collect();
    let barrier = Barrier::new(2);
    let url = app.url("/console/indices");
    let statuses: Vec<u16> = std::thread::scope(|scope| {
        let handles: Vec<_> = coords
            .into_iter()
            .map(|mut b| {
                let (barrier, url, fw) = (&barrier, &url, &fw);
                scope.spawn(move || {
                    let token = csrf(&b.get(&url.replace("/console/indices", "/console/indices/new")).html);
                    barrier.wait();
                    b.post_multipart(
                        url,
                        &[("csrf", None, token.as_bytes()), ("slug", None, b"odi"), ("file", Some("f.json"), fw)],
                    )
                    .status
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap_or(0)).collect()
    });
    let mut sorted = statuses.clone();
    sorted.sort_unstable();
    assert_eq!(sorted[0], 200, "{statuses:?}");
    assert!(sorted[1] == 409 || sorted[1] == 422, "the other is told: {statuses:?}");
    assert_eq!(indices(&app), ["odi"]);
}

/// (queued self-assessment mails, stored links).
fn invitations(app: &TestApp) -> (usize, usize) {
    use diesel::prelude::*;
    let mut c = conn(&app.db);
    let mails: i64 = dra::db::schema::outbox::table
        .filter(dra::db::schema::outbox::kind.eq("index_self_assessment"))
        .count()
        .get_result(&mut c)
        .unwrap_or_else(|e| panic!("{e}"));
    let links: i64 =
        dra::db::schema::index_self_links::table.count().get_result(&mut c).unwrap_or_else(|e| panic!("{e}"));
    (mails as usize, links as usize)
}

#[test]
fn a_coordinator_mails_the_self_assessment_links_and_two_sends_at_once_each_queue_whole() {
    let app = spawn_app();
    assert!(
        dra::service::index::demo::seed(&mut conn(&app.db), crate::support::now()).unwrap_or_else(|e| panic!("{e}"))
    );
    let l = dra::service::index::load(&mut conn(&app.db), "demo-index").unwrap_or_else(|e| panic!("{e}"));
    let with_contact = l.units.iter().filter(|u| u.contact.contains('@')).count();
    assert!(with_contact > 1);
    let url = app.url("/console/indices/demo-index/invite");

    // An analyst, or a post without the session's token: refused, nothing queued.
    let mut analyst = signed_in(&app, "ana", "analyst");
    let token = csrf(&analyst.get(&app.url("/console")).html);
    assert_eq!(analyst.post(&url, &[("csrf".into(), token)]).status, 403);
    let mut coord = signed_in(&app, "coord", "coordinator");
    assert_eq!(coord.post(&url, &[("csrf".into(), "forged".into())]).status, 403);
    assert_eq!(invitations(&app), (0, 0));

    let page = coord.get(&app.url("/console/indices/new"));
    assert!(page.html.contains("action=\"/console/indices/demo-index/invite\""), "the button is there");
    let token = csrf(&page.html);
    let done = coord.post(&url, &[("csrf".into(), token.clone())]);
    assert_eq!(done.status, 200, "{}", done.html);
    assert!(done.html.contains(&format!("para {with_contact} instituci")), "{}", done.html);
    assert_eq!(invitations(&app), (with_contact, with_contact), "one link per mail");

    // Two sends released together: each queues its mails with their links, nothing half-written.
    let barrier = Barrier::new(2);
    let statuses: Vec<u16> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..2)
            .map(|_| {
                let (barrier, url, token, cookie) = (&barrier, &url, &token, coord.cookie_header());
                scope.spawn(move || {
                    let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
                    barrier.wait();
                    agent
                        .post(url)
                        .header("Cookie", &cookie)
                        .send_form([("csrf", token.as_str())])
                        .map(|r| r.status().as_u16())
                        .unwrap_or(0)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap_or(0)).collect()
    });
    assert_eq!(statuses, [200, 200]);
    assert_eq!(invitations(&app), (3 * with_contact, 3 * with_contact));
    let audits = dra::service::audit::entries(&mut conn(&app.db), 1000).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(audits.iter().filter(|e| e.2 == "index self-assessment invited").count(), 3);
}
