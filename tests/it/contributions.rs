//! Open contributions, at the service and over HTTP, on SQLite or PostgreSQL: a double submit
//! stores one; a refused submission stores nothing; two moderators deciding at once — one decision
//! stored, the other told; one answer message at most, none to an address that opted out; the
//! public page and the open-data export hold only published contributions, the edited text where
//! personal data was hidden, and never an address; the API's decisions as documented.

use std::sync::{Arc, Barrier};

use diesel::prelude::*;
use dra::contribution::submit::Typed;
use dra::contribution::{Answer, Decision, Screening};
use dra::service::contributions::{self as contrib, Answering, Opened, Via};
use dra::service::{Actor, DomainError};
use serde_json::Value;

use crate::support::{TestDb, conn, dra, now, seed_campaign, spawn_app, stderr, stdout};

const TOPICS: &str = "salud | Salud digital | Digital health\nedu | Educación | Education\n";

fn key() -> dra::token::TokenKey {
    dra::token::TokenKey::from_secret("test secret key, 32 bytes or more for the tests")
}

/// A campaign `slug` open to contributions on its public link.
fn campaign(c: &mut dra::db::AnyConnection, slug: &str) {
    seed_campaign(c, slug, &["p@example.org"], None, 0, now());
    diesel::update(dra::db::schema::campaigns::table.filter(dra::db::schema::campaigns::slug.eq(slug)))
        .set(dra::db::schema::campaigns::public_link.eq(1))
        .execute(c)
        .unwrap_or_else(|e| panic!("{e}"));
    contrib::save_setup(c, slug, true, TOPICS, &Actor::cli(), now()).unwrap_or_else(|e| panic!("{e}"));
}

fn form(c: &mut dra::db::AnyConnection, slug: &str) -> contrib::Form {
    match contrib::open(c, &Via::Public(slug.into()), now()).unwrap_or_else(|e| panic!("{e}")) {
        Opened::Open(f) => f,
        other => panic!("not open: {other:?}"),
    }
}

fn typed(topic: &str, body: &str) -> Typed {
    Typed { topic: topic.into(), body: body.into(), ..Typed::default() }
}

/// Stores a contribution; its number.
fn send(c: &mut dra::db::AnyConnection, slug: &str, t: &Typed) -> i64 {
    let f = form(c, slug);
    let nonce = dra::token::random_token();
    match contrib::submit(c, &key(), &f, &nonce, t, "es", now()).unwrap_or_else(|e| panic!("{e}")) {
        Ok(s) => s.id,
        Err(p) => panic!("{p:?}"),
    }
}

fn moderator(name: &str) -> Actor {
    Actor { name: name.into(), ip: None }
}

fn pending_mail(c: &mut dra::db::AnyConnection) -> i64 {
    dra::db::outbox::counts(c)
        .unwrap_or_else(|e| panic!("{e}"))
        .into_iter()
        .filter(|(s, _)| s == "pending")
        .map(|(_, n)| n)
        .sum()
}

fn audited(c: &mut dra::db::AnyConnection, prefix: &str) -> usize {
    dra::service::audit::entries(c, 1000)
        .unwrap_or_else(|e| panic!("{e}"))
        .iter()
        .filter(|e| e.2.starts_with(prefix))
        .count()
}

#[test]
fn a_form_sent_twice_at_once_stores_one_contribution() {
    let db = TestDb::new();
    let mut c = conn(&db);
    campaign(&mut c, "gt-twice");
    let f = form(&mut c, "gt-twice");
    let nonce = dra::token::random_token();
    let barrier = Arc::new(Barrier::new(2));
    let handles: Vec<_> = (0..2)
        .map(|_| {
            let (b, url, f, nonce) = (barrier.clone(), db.url.clone(), f.clone(), nonce.clone());
            std::thread::spawn(move || {
                let parsed = dra::db::DatabaseUrl::parse(&url).unwrap_or_else(|e| panic!("{e}"));
                let mut c = dra::db::connect(&parsed).unwrap_or_else(|e| panic!("{e}"));
                b.wait();
                contrib::submit(&mut c, &key(), &f, &nonce, &typed("edu", "Becas rurales"), "es", now())
            })
        })
        .collect();
    let results: Vec<_> = handles.into_iter().map(|h| h.join().unwrap_or_else(|_| panic!("thread"))).collect();
    let stored: Vec<contrib::Stored> =
        results.into_iter().map(|r| r.unwrap_or_else(|e| panic!("{e}")).unwrap_or_else(|p| panic!("{p:?}"))).collect();
    assert_eq!(stored[0].id, stored[1].id, "both told the same number");
    assert_eq!(stored.iter().filter(|s| s.new).count(), 1, "{stored:?}");
    let (_, _, all) = contrib::list(&mut c, "gt-twice", None).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(all.len(), 1);
}

#[test]
fn a_refused_submission_stores_nothing_and_a_closed_campaign_takes_none() {
    let db = TestDb::new();
    let mut c = conn(&db);
    campaign(&mut c, "gt-refused");
    let f = form(&mut c, "gt-refused");
    let bad = Typed { email: "ana@example.org".into(), ..typed("nope", "") };
    let r = contrib::submit(&mut c, &key(), &f, &dra::token::random_token(), &bad, "es", now())
        .unwrap_or_else(|e| panic!("{e}"));
    let problems = r.err().unwrap_or_default();
    assert_eq!(problems.keys().copied().collect::<Vec<_>>(), ["body", "notify", "topic"]);
    let bad_nonce = contrib::submit(&mut c, &key(), &f, "short", &typed("edu", "x"), "es", now());
    assert!(matches!(bad_nonce, Err(DomainError::Invalid { field: "nonce", .. })));
    let (_, _, all) = contrib::list(&mut c, "gt-refused", None).unwrap_or_else(|e| panic!("{e}"));
    assert!(all.is_empty());

    dra::db::campaigns::set_state(&mut c, "gt-refused", dra::campaign::CampaignState::Closed, now())
        .unwrap_or_else(|e| panic!("{e}"));
    let opened = contrib::open(&mut c, &Via::Public("gt-refused".into()), now()).unwrap_or_else(|e| panic!("{e}"));
    assert!(matches!(opened, Opened::Closed { .. }), "{opened:?}");
    // Taking no contributions: the form leads nowhere, the public page is still there.
    contrib::save_setup(&mut c, "gt-refused", false, TOPICS, &Actor::cli(), now()).unwrap_or_else(|e| panic!("{e}"));
    assert!(matches!(contrib::open(&mut c, &Via::Public("gt-refused".into()), now()), Ok(Opened::Nowhere)));
    assert!(contrib::public(&mut c, "gt-refused").unwrap_or_else(|e| panic!("{e}")).is_some());
    // Opening with no topic, or removing a topic that has contributions, is refused.
    let none = contrib::save_setup(&mut c, "gt-refused", true, "", &Actor::cli(), now());
    assert!(matches!(none, Err(DomainError::Invalid { field: "topics", .. })), "{none:?}");
}

#[test]
fn two_moderators_deciding_at_once_store_one_decision() {
    let db = TestDb::new();
    let mut c = conn(&db);
    campaign(&mut c, "gt-race");
    let id = send(&mut c, "gt-race", &typed("salud", "Telemedicina en Huehuetenango"));
    let barrier = Arc::new(Barrier::new(2));
    let decisions = [Decision::Publish, Decision::Reject { reason: "spam".into() }];
    let handles: Vec<_> = decisions
        .into_iter()
        .enumerate()
        .map(|(i, d)| {
            let (b, url) = (barrier.clone(), db.url.clone());
            std::thread::spawn(move || {
                let parsed = dra::db::DatabaseUrl::parse(&url).unwrap_or_else(|e| panic!("{e}"));
                let mut c = dra::db::connect(&parsed).unwrap_or_else(|e| panic!("{e}"));
                b.wait();
                contrib::screen(&mut c, "gt-race", id, 1, &d, &moderator(&format!("m{i}")), now())
            })
        })
        .collect();
    let results: Vec<_> = handles.into_iter().map(|h| h.join().unwrap_or_else(|_| panic!("thread"))).collect();
    let won: Vec<&dra::contribution::Contribution> = results.iter().filter_map(|r| r.as_ref().ok()).collect();
    assert_eq!(won.len(), 1, "{results:?}");
    assert!(results.iter().any(|r| matches!(r, Err(DomainError::Conflict(_)))), "{results:?}");
    let (_, _, stored) = contrib::one(&mut c, "gt-race", id).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((stored.screening, stored.version), (won[0].screening, 2));
    assert_eq!(audited(&mut c, "contribution published") + audited(&mut c, "contribution rejected"), 1);
}

#[test]
fn an_answer_sends_one_message_once_and_none_to_an_address_that_opted_out() {
    let db = TestDb::new();
    let mut c = conn(&db);
    campaign(&mut c, "gt-answer");
    let with_mail = Typed { email: "Ana@Example.org".into(), notify: true, ..typed("edu", "Más becas") };
    let id = send(&mut c, "gt-answer", &with_mail);
    let a = |answer, reason: &str| Answering { answer, reason: reason.into(), reference: "Plan 2026, §4.2".into() };
    let base = "https://dra.example.org";
    // Not published yet: no answer.
    let early =
        contrib::respond(&mut c, "gt-answer", id, 1, &a(Answer::Incorporated, "sí"), &moderator("m"), base, now());
    assert!(matches!(early, Err(DomainError::Conflict(_))), "{early:?}");
    contrib::screen(&mut c, "gt-answer", id, 1, &Decision::Publish, &moderator("m"), now())
        .unwrap_or_else(|e| panic!("{e}"));
    // A reason is required; nothing is stored without one.
    let bare =
        contrib::respond(&mut c, "gt-answer", id, 2, &a(Answer::Incorporated, " "), &moderator("m"), base, now());
    assert!(matches!(bare, Err(DomainError::Invalid { field: "reason", .. })), "{bare:?}");
    assert_eq!(pending_mail(&mut c), 0);

    // Two answers at once on the same version: one stored, one message.
    let barrier = Arc::new(Barrier::new(2));
    let handles: Vec<_> = [Answer::Incorporated, Answer::OutOfScope]
        .into_iter()
        .map(|answer| {
            let (b, url) = (barrier.clone(), db.url.clone());
            std::thread::spawn(move || {
                let parsed = dra::db::DatabaseUrl::parse(&url).unwrap_or_else(|e| panic!("{e}"));
                let mut c = dra::db::connect(&parsed).unwrap_or_else(|e| panic!("{e}"));
                let ans = Answering { answer, reason: "revisada".into(), reference: String::new() };
                b.wait();
                contrib::respond(&mut c, "gt-answer", id, 2, &ans, &moderator("m"), "https://dra.example.org", now())
            })
        })
        .collect();
    let results: Vec<_> = handles.into_iter().map(|h| h.join().unwrap_or_else(|_| panic!("thread"))).collect();
    assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 1, "{results:?}");
    assert!(results.iter().any(|r| matches!(r, Err(DomainError::Conflict(_)))), "{results:?}");
    assert_eq!(pending_mail(&mut c), 1);
    // Changing the answer later sends nothing more; the address is gone from the contribution.
    let changed = contrib::respond(
        &mut c,
        "gt-answer",
        id,
        3,
        &a(Answer::PartlyIncorporated, "en parte"),
        &moderator("m"),
        base,
        now(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(changed.answer, Some(Answer::PartlyIncorporated));
    assert!(!changed.wants_answer && changed.notified_at.is_some());
    assert_eq!(pending_mail(&mut c), 1);
    let stored: Vec<(String, String, String)> = dra::db::schema::outbox::table
        .select((dra::db::schema::outbox::recipient, dra::db::schema::outbox::kind, dra::db::schema::outbox::body_text))
        .load(&mut c)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((stored[0].0.as_str(), stored[0].1.as_str()), ("ana@example.org", "contribution_answer"));
    assert!(stored[0].2.contains("https://dra.example.org/p/gt-answer/contributions?lang=es#c"), "{}", stored[0].2);

    // An address that opted out gets nothing.
    dra::db::participants::opt_out(&mut c, "beto@example.org", "link", now()).unwrap_or_else(|e| panic!("{e}"));
    let other = Typed { email: "beto@example.org".into(), notify: true, ..typed("salud", "Otra") };
    let id2 = send(&mut c, "gt-answer", &other);
    contrib::screen(&mut c, "gt-answer", id2, 1, &Decision::Publish, &moderator("m"), now())
        .unwrap_or_else(|e| panic!("{e}"));
    contrib::respond(&mut c, "gt-answer", id2, 2, &a(Answer::NotIncorporated, "no"), &moderator("m"), base, now())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(pending_mail(&mut c), 1, "no message to an address that opted out");
    assert_eq!(audited(&mut c, "contribution answered"), 3);
}

/// Four contributions: published with a name and an address, published with personal data
/// hidden, rejected, and not screened. Their numbers.
fn four(c: &mut dra::db::AnyConnection, slug: &str) -> [i64; 4] {
    let named = Typed {
        name: "Ana Pérez".into(),
        organisation: "Red Ciudadana".into(),
        email: "ana@example.org".into(),
        notify: true,
        ..typed("edu", "Publicar los datos de matrícula")
    };
    let a = send(c, slug, &named);
    let b = send(c, slug, &typed("salud", "Llamen a mi vecina Rosa al 5555-1234 para la telemedicina"));
    let r = send(c, slug, &typed("salud", "COMPRE YA spam spam"));
    let p = send(c, slug, &typed("edu", "Todavía sin revisar"));
    let m = moderator("moderadora");
    contrib::screen(c, slug, a, 1, &Decision::Publish, &m, now()).unwrap_or_else(|e| panic!("{e}"));
    let edited = Decision::PublishEdited {
        text: "Llamen a [dato personal oculto] para la telemedicina".into(),
        note: "nombre y teléfono de un tercero".into(),
    };
    contrib::screen(c, slug, b, 1, &edited, &m, now()).unwrap_or_else(|e| panic!("{e}"));
    contrib::screen(c, slug, r, 1, &Decision::Reject { reason: "spam comercial".into() }, &m, now())
        .unwrap_or_else(|e| panic!("{e}"));
    let ans = Answering {
        answer: Answer::Incorporated,
        reason: "Se agregó".into(),
        reference: "https://example.org/plan#4".into(),
    };
    contrib::respond(c, slug, a, 2, &ans, &m, "http://127.0.0.1", now()).unwrap_or_else(|e| panic!("{e}"));
    [a, b, r, p]
}

#[test]
fn screening_refusals_leave_the_contribution_as_it_was() {
    let db = TestDb::new();
    let mut c = conn(&db);
    campaign(&mut c, "gt-refuse-screen");
    let id = send(&mut c, "gt-refuse-screen", &typed("edu", "Texto"));
    let m = moderator("m");
    let same = Decision::PublishEdited { text: " Texto ".into(), note: "nada".into() };
    let noreason = Decision::Reject { reason: "  ".into() };
    assert!(matches!(
        contrib::screen(&mut c, "gt-refuse-screen", id, 1, &same, &m, now()),
        Err(DomainError::Invalid { field: "text", .. })
    ));
    assert!(matches!(
        contrib::screen(&mut c, "gt-refuse-screen", id, 1, &noreason, &m, now()),
        Err(DomainError::Invalid { field: "reason", .. })
    ));
    assert!(matches!(
        contrib::screen(&mut c, "gt-refuse-screen", id, 7, &Decision::Publish, &m, now()),
        Err(DomainError::Conflict(_))
    ));
    assert!(matches!(
        contrib::screen(&mut c, "gt-refuse-screen", 999, 1, &Decision::Publish, &m, now()),
        Err(DomainError::NotFound(_))
    ));
    let (_, _, stored) = contrib::one(&mut c, "gt-refuse-screen", id).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((stored.screening, stored.version), (Screening::Pending, 1));
    assert_eq!(audited(&mut c, "contribution published") + audited(&mut c, "contribution rejected"), 0);
}

#[test]
fn the_public_page_and_the_export_hold_only_what_was_published() {
    let app = spawn_app();
    let mut c = conn(&app.db);
    campaign(&mut c, "gt-public");
    let [a, b, r, p] = four(&mut c, "gt-public");
    let get = |path: &str| -> (u16, String) {
        let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
        let mut resp = agent.get(&app.url(path)).call().unwrap_or_else(|e| panic!("{path}: {e}"));
        (resp.status().as_u16(), resp.body_mut().read_to_string().unwrap_or_default())
    };
    let (status, page) = get("/p/gt-public/contributions?lang=en");
    assert_eq!(status, 200);
    assert!(page.contains(&format!("id=\"c{a}\"")) && page.contains(&format!("id=\"c{b}\"")), "{page}");
    assert!(page.contains("Publicar los datos de matrícula") && page.contains("Ana Pérez · Red Ciudadana"));
    assert!(page.contains("Llamen a [dato personal oculto] para la telemedicina"));
    assert!(page.contains("Incorporated") && page.contains("https://example.org/plan#4"));
    assert!(
        page.contains("Received: <strong>4</strong>") && page.contains("Rejected (spam or abuse): <strong>1</strong>"),
        "{page}"
    );
    for hidden in ["Rosa", "5555-1234", "COMPRE", "Todavía sin revisar", "ana@example.org", "spam comercial", "tercero"]
    {
        assert!(!page.contains(hidden), "{hidden} on the public page");
    }
    assert!(!page.contains(&format!("id=\"c{r}\"")) && !page.contains(&format!("id=\"c{p}\"")));

    let (status, csv) = get("/p/gt-public/contributions/contributions.csv");
    assert_eq!(status, 200);
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows.len(), 3, "a header and the two published: {csv}");
    for hidden in ["Rosa", "5555", "COMPRE", "Todavía", "ana@example.org", "spam comercial"] {
        assert!(!csv.contains(hidden), "{hidden} in the export");
    }
    assert!(rows[1].starts_with(&format!(
        "{a},edu,Educación,Education,Publicar los datos de matrícula,false,Ana Pérez,Red Ciudadana,"
    )));
    assert!(rows[1].contains(",incorporated,Se agregó,https://example.org/plan#4,"), "{}", rows[1]);
    let (status, dp) = get("/p/gt-public/contributions/datapackage.json");
    assert_eq!(status, 200);
    let dp: Value = serde_json::from_str(&dp).unwrap_or_else(|e| panic!("{e}"));
    let names: Vec<&str> = dp["resources"][0]["schema"]["fields"]
        .as_array()
        .map(|f| f.iter().filter_map(|x| x["name"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(names.join(","), rows[0]);
    assert!(!dp.to_string().contains("email"));
    // The package as Frictionless reads it (when installed): the CSV fits its Table Schema.
    let dir = app.db.dir.path().join("package");
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.join("contributions.csv"), &csv).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.join("datapackage.json"), dp.to_string()).unwrap_or_else(|e| panic!("{e}"));
    match std::process::Command::new("frictionless")
        .args(["validate", "--json", "datapackage.json"])
        .current_dir(&dir)
        .output()
    {
        Ok(out) => {
            let report: Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
            assert_eq!(report["valid"], true, "{}", String::from_utf8_lossy(&out.stdout));
        }
        Err(e) => eprintln!("skipped the Frictionless check: {e}"),
    }
    // The record, both ways; an unknown campaign is not found.
    let (status, html) = get("/p/gt-public/contributions/record.html?lang=es");
    assert_eq!(status, 200);
    assert!(html.contains("Lo que escuchamos y lo que hicimos") && !html.contains("Rosa"), "{html}");
    let (status, _) = get("/p/no-such/contributions");
    assert_eq!(status, 404);
}

/// The CSRF cookie and the form's hidden fields of a GET of the contribution form.
fn form_fields(url: &str) -> (String, String, String) {
    let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
    let resp = agent.get(url).call().unwrap_or_else(|e| panic!("{url}: {e}"));
    let cookie = resp
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("dra_csrf="))
        .and_then(|v| v.split(';').next())
        .unwrap_or_default()
        .to_string();
    let mut resp = resp;
    let html = resp.body_mut().read_to_string().unwrap_or_default();
    let hidden = |name: &str| {
        html.split(&format!("name=\"{name}\" value=\""))
            .nth(1)
            .and_then(|r| r.split('"').next())
            .unwrap_or_default()
            .to_string()
    };
    (cookie, hidden("csrf"), hidden("nonce"))
}

fn post(url: &str, cookie: &str, fields: &[(&str, &str)]) -> (u16, String) {
    let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
    let mut req = agent.post(url);
    if !cookie.is_empty() {
        req = req.header("Cookie", cookie);
    }
    let mut resp = req.send_form(fields.iter().copied()).unwrap_or_else(|e| panic!("{url}: {e}"));
    (resp.status().as_u16(), resp.body_mut().read_to_string().unwrap_or_default())
}

#[test]
fn the_form_refuses_keeps_what_was_typed_and_stores_a_double_submit_once() {
    let app = spawn_app();
    let mut c = conn(&app.db);
    campaign(&mut c, "gt-form");
    let url = app.url("/p/gt-form/contribute");
    let (cookie, csrf, nonce) = form_fields(&format!("{url}?lang=en"));
    assert!(!cookie.is_empty() && csrf.len() == 64 && !nonce.is_empty(), "{cookie} {csrf} {nonce}");

    // No CSRF cookie: refused, nothing stored.
    let full =
        [("csrf", csrf.as_str()), ("nonce", nonce.as_str()), ("lang", "en"), ("topic", "edu"), ("body", "Más becas")];
    let (status, _) = post(&url, "", &full);
    assert_eq!(status, 403);
    // What is wrong is said on its field, and what was typed comes back.
    let bad = [
        ("csrf", csrf.as_str()),
        ("nonce", nonce.as_str()),
        ("lang", "en"),
        ("topic", ""),
        ("body", "Mi propuesta <b>"),
        ("email", "ana@example.org"),
    ];
    let (status, page) = post(&url, &cookie, &bad);
    assert_eq!(status, 422);
    assert!(page.contains("Choose a topic from the list.") && page.contains("Tick the box"), "{page}");
    assert!(page.contains("Mi propuesta &#60;b&#62;") && page.contains("value=\"ana@example.org\""), "{page}");
    // The honeypot: looks done, stores nothing.
    let robot = [
        ("csrf", csrf.as_str()),
        ("nonce", nonce.as_str()),
        ("lang", "en"),
        ("topic", "edu"),
        ("body", "x"),
        ("website", "http://spam"),
    ];
    let (status, _) = post(&url, &cookie, &robot);
    assert_eq!(status, 200);
    let (_, _, all) = contrib::list(&mut c, "gt-form", None).unwrap_or_else(|e| panic!("{e}"));
    assert!(all.is_empty(), "{all:?}");

    // The same form sent twice at once: one contribution, both told its number.
    let barrier = Arc::new(Barrier::new(2));
    let handles: Vec<_> = (0..2)
        .map(|_| {
            let (b, url, cookie, csrf, nonce) =
                (barrier.clone(), url.clone(), cookie.clone(), csrf.clone(), nonce.clone());
            std::thread::spawn(move || {
                b.wait();
                post(
                    &url,
                    &cookie,
                    &[
                        ("csrf", csrf.as_str()),
                        ("nonce", nonce.as_str()),
                        ("lang", "en"),
                        ("topic", "edu"),
                        ("body", "Más becas"),
                    ],
                )
            })
        })
        .collect();
    let answers: Vec<(u16, String)> =
        handles.into_iter().map(|h| h.join().unwrap_or_else(|_| panic!("thread"))).collect();
    let (_, _, all) = contrib::list(&mut c, "gt-form", None).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(all.len(), 1);
    for (status, page) in &answers {
        assert_eq!(*status, 200);
        assert!(page.contains(&format!("Your proposal is number {}.", all[0].id)), "{page}");
    }
}

#[test]
fn moderators_decide_through_the_api_and_others_are_refused() {
    let app = spawn_app();
    let mut c = conn(&app.db);
    campaign(&mut c, "gt-api-contrib");
    let id = send(&mut c, "gt-api-contrib", &typed("edu", "Por la API"));
    let data = app.db.dir.path().join("data");
    let data = data.to_str().unwrap_or_default().to_string();
    let env = [("DATABASE_URL", app.db.url.as_str()), ("DRA_DATA_DIR", data.as_str())];
    let token = |owner: &str, role: &str| {
        let out = dra(&["token", "create", "--owner", owner, "--role", role], &env);
        assert!(out.status.success(), "{}", stderr(&out));
        stdout(&out).trim().to_string()
    };
    let (moderator, analyst) = (token("moderadora", "moderator"), token("analista", "analyst"));
    // An analyst does not moderate, so holds no moderator's token (though it comes last in power).
    let refused = dra(&["token", "create", "--owner", "analista", "--role", "moderator"], &env);
    assert!(!refused.status.success(), "{}", stdout(&refused));
    let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
    let call = |path: &str, t: &str, body: Option<&str>| -> (u16, String) {
        let url = app.url(path);
        let auth = format!("Bearer {t}");
        let mut resp = match body {
            Some(b) => {
                agent.post(&url).header("Authorization", &auth).header("Content-Type", "application/json").send(b)
            }
            None => agent.get(&url).header("Authorization", &auth).call(),
        }
        .unwrap_or_else(|e| panic!("{url}: {e}"));
        (resp.status().as_u16(), resp.body_mut().read_to_string().unwrap_or_default())
    };
    let list = "/api/v1/campaigns/gt-api-contrib/contributions";
    let (status, body) = call(list, &analyst, None);
    assert_eq!(status, 403, "{body}");
    let (status, body) = call(list, &moderator, None);
    assert_eq!(status, 200, "{body}");
    let items: Value = serde_json::from_str(&body).unwrap_or_default();
    assert_eq!(items[0]["status"], "pending");
    assert_eq!(items[0]["version"], 1);

    let screen = format!("{list}/{id}/screen");
    let (status, _) = call(&screen, &analyst, Some(r#"{"version":1,"decision":"publish"}"#));
    assert_eq!(status, 403);
    let (status, body) = call(&screen, &moderator, Some(r#"{"version":1,"decision":"maybe"}"#));
    assert_eq!(status, 422, "{body}");
    let (status, body) = call(&screen, &moderator, Some("not json"));
    assert_eq!(status, 422, "{body}");
    let (status, body) = call(&screen, &moderator, Some(r#"{"version":1,"decision":"publish"}"#));
    assert_eq!(status, 200, "{body}");
    let (status, body) = call(&screen, &moderator, Some(r#"{"version":1,"decision":"reject","reason":"late"}"#));
    assert_eq!(status, 409, "{body}");
    let answer = format!("{list}/{id}/answer");
    let (status, body) = call(
        &answer,
        &moderator,
        Some(r#"{"version":2,"answer":"out_of_scope","reason":"Es de otro plan","reference":""}"#),
    );
    assert_eq!(status, 200, "{body}");
    let item: Value = serde_json::from_str(&body).unwrap_or_default();
    assert_eq!((item["answer"].as_str(), item["version"].as_i64()), (Some("out_of_scope"), Some(3)));
    let entries = dra::service::audit::entries(&mut c, 50).unwrap_or_else(|e| panic!("{e}"));
    assert!(entries.iter().any(|e| e.1 == "moderadora (API)" && e.2 == "contribution answered"), "{entries:?}");
}

/// The migration that adds the moderator role rebuilds SQLite's users table: the sessions and
/// tokens that refer to its users survive it (foreign keys are off meanwhile, not cascading),
/// and going back turns moderators into disabled analysts, their tokens revoked.
#[test]
fn the_moderator_migration_keeps_sessions_and_tokens() {
    use diesel_migrations::MigrationHarness;
    let db = TestDb::new();
    let mut c = conn(&db);
    // Reverts the migrations down to and including the one that adds the role (later ones
    // first).
    let revert = |c: &mut dra::db::AnyConnection| -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
        loop {
            let version = match c {
                dra::db::AnyConnection::Sqlite(s) => s.revert_last_migration(dra::db::migrate::SQLITE)?,
                dra::db::AnyConnection::Postgresql(p) => p.revert_last_migration(dra::db::migrate::POSTGRES)?,
            };
            if version.to_string().contains("000009") {
                return Ok(());
            }
        }
    };
    let count = |c: &mut dra::db::AnyConnection, sql: &str| -> i64 {
        #[derive(QueryableByName)]
        struct N {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            n: i64,
        }
        diesel::sql_query(sql).get_result::<N>(c).map(|r| r.n).unwrap_or(-1)
    };
    revert(&mut c).unwrap_or_else(|e| panic!("{e}"));
    let t = now();
    let expires = t + chrono::Duration::days(30);
    dra::db::api_tokens::create(&mut c, "ana", "tablero", dra::role::Role::Analyst, expires, t)
        .unwrap_or_else(|e| panic!("{e}"));
    let ana = dra::db::users::by_name(&mut c, "ana").unwrap_or_else(|e| panic!("{e}")).unwrap_or_else(|| panic!("ana"));
    dra::db::users::open_session(&mut c, &ana, None, t).unwrap_or_else(|e| panic!("{e}"));
    dra::db::migrate::run_pending(&mut c).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(count(&mut c, "SELECT COUNT(*) AS n FROM sessions"), 1);
    assert_eq!(count(&mut c, "SELECT COUNT(*) AS n FROM api_tokens"), 1);
    dra::db::api_tokens::create(&mut c, "mod", "cola", dra::role::Role::Moderator, expires, t)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(count(&mut c, "SELECT COUNT(*) AS n FROM users WHERE role = 'moderator'"), 1);
    if let dra::db::AnyConnection::Sqlite(s) = &mut c {
        use diesel::connection::SimpleConnection;
        s.batch_execute("PRAGMA foreign_keys = ON").unwrap_or_else(|e| panic!("{e}"));
        let fk: Vec<N2> = diesel::sql_query("PRAGMA foreign_key_check").load(s).unwrap_or_default();
        assert!(fk.is_empty(), "dangling references after the rebuild");
    }
    revert(&mut c).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(count(&mut c, "SELECT COUNT(*) AS n FROM users WHERE role = 'analyst' AND disabled = 1"), 1);
    assert_eq!(count(&mut c, "SELECT COUNT(*) AS n FROM api_tokens WHERE revoked_at IS NOT NULL"), 1);
    assert_eq!(count(&mut c, "SELECT COUNT(*) AS n FROM sessions"), 1);
}

#[derive(QueryableByName)]
struct N2 {
    #[diesel(sql_type = diesel::sql_types::Text)]
    #[expect(dead_code, reason = "only counted")]
    table: String,
}

#[test]
fn the_command_line_writes_what_we_heard_and_what_we_did() {
    let db = TestDb::new();
    let mut c = conn(&db);
    campaign(&mut c, "gt-record");
    let [a, ..] = four(&mut c, "gt-record");
    let env = [("DATABASE_URL", db.url.as_str())];
    let pdf = db.dir.path().join("record.pdf");
    let out = dra(
        &[
            "contributions",
            "report",
            "--campaign",
            "gt-record",
            "--lang",
            "en",
            "--out",
            pdf.to_str().unwrap_or_default(),
        ],
        &env,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("2 published contributions of 4 received"), "{}", stdout(&out));
    let bytes = std::fs::read(&pdf).unwrap_or_default();
    assert!(bytes.starts_with(b"%PDF"));
    // To look at it: DRA_KEEP_RECORD_PDF=/tmp/record.pdf, then pdftoppm -png /tmp/record.pdf page.
    if let Ok(copy) = std::env::var("DRA_KEEP_RECORD_PDF") {
        let _ = std::fs::copy(&pdf, copy);
    }
    // Its text, as poppler reads it (when installed).
    if let Ok(text) = std::process::Command::new("pdftotext").arg(&pdf).arg("-").output() {
        let text = String::from_utf8_lossy(&text.stdout);
        assert!(text.contains("What we heard and what we did") && text.contains(&format!("#{a}")), "{text}");
        assert!(text.contains("[dato personal oculto]") && !text.contains("Partly incorporated"), "{text}");
        for hidden in ["Rosa", "COMPRE", "ana@example.org", "Todavía sin revisar"] {
            assert!(!text.contains(hidden), "{hidden} in the record: {text}");
        }
    }
    let html = dra(&["contributions", "report", "--campaign", "gt-record", "--format", "html", "--out", "-"], &env);
    assert!(stdout(&html).contains("Lo que escuchamos y lo que hicimos"), "{}", stdout(&html));
    let bad = dra(&["contributions", "report", "--campaign", "gt-record", "--format", "docx"], &env);
    assert!(!bad.status.success() && stderr(&bad).contains("--format docx"), "{}", stderr(&bad));
    let none = dra(&["contributions", "report", "--campaign", "no-such", "--out", "-"], &env);
    assert!(!none.status.success(), "{}", stdout(&none));
}

#[test]
fn a_personal_link_leads_to_the_same_form_and_ties_nothing_to_its_participant() {
    let app = spawn_app();
    let token = crate::form::tokens(&app.db, "gt-personal", 1, false).remove(0);
    let mut c = conn(&app.db);
    contrib::save_setup(&mut c, "gt-personal", true, TOPICS, &Actor::cli(), now()).unwrap_or_else(|e| panic!("{e}"));
    let url = app.url(&format!("/r/{token}/contribute"));
    let (cookie, csrf, nonce) = form_fields(&format!("{url}?lang=es"));
    assert!(!nonce.is_empty(), "the form is there");
    let fields = [
        ("csrf", csrf.as_str()),
        ("nonce", nonce.as_str()),
        ("lang", "es"),
        ("topic", "salud"),
        ("body", "Desde mi enlace"),
    ];
    let (status, page) = post(&url, &cookie, &fields);
    assert_eq!(status, 200, "{page}");
    let (_, _, all) = contrib::list(&mut c, "gt-personal", None).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((all.len(), all[0].origin.as_str(), all[0].wants_answer), (1, "link", false));
    assert!(all[0].author_name.is_none(), "nothing of the participant is copied in");
    // A token that is no one's leads nowhere; the public link of a campaign without one is not there.
    let (status, _) = post(&app.url(&format!("/r/{}/contribute", "A".repeat(22))), &cookie, &fields);
    assert_eq!(status, 404);
    let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
    let public = agent.get(&app.url("/p/gt-personal/contribute")).call().map(|r| r.status().as_u16()).unwrap_or(0);
    assert_eq!(public, 404, "public_link is off for this campaign");
}
