//! An institution's own page `/i/{token}` over HTTP, on SQLite or PostgreSQL: it shows every
//! indicator with its levels or range and evidence, in Spanish and English; a save stores the
//! whole form (seen again on reload); a bad form stores nothing and keeps what was typed beside
//! each problem; a post without the CSRF cookie is refused; of two saves released together one
//! is stored whole and the other is told; a wrong, malformed or expired link gets one same
//! not-found page. `dra index invite` queues a mail whose link opens the page.

use std::sync::Barrier;

use diesel::prelude::*;

use dra::service::index::self_assess as sa;
use dra::service::index::self_links as links;
use dra::service::index::{self as svc, CreateRequest};
use dra::service::{Actor, DomainError};

use crate::form::{Browser, Page, csrf};
use crate::support::{TestApp, conn, now, repo, spawn_app};

fn read(path: &str) -> Vec<u8> {
    std::fs::read(repo(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The index `odi` with its 14 institutions (no score yet); the id of `congreso`.
fn seeded(c: &mut dra::db::AnyConnection) -> i64 {
    let coord = Actor { name: "coord".into(), ip: None };
    let fw = read("surveys/examples/open-data-index.json");
    let req = CreateRequest {
        slug: "odi",
        name: Some("Índice de Datos Abiertos"),
        edition: Some("2026"),
        framework_file: "open-data-index.json",
        framework: &fw,
    };
    svc::create(c, &req, &coord, now()).unwrap_or_else(|e| panic!("{e}"));
    svc::import_units(c, "odi", &read("tests/fixtures/index/units.csv"), &coord, now())
        .unwrap_or_else(|e| panic!("{e}"));
    let l = svc::load(c, "odi").unwrap_or_else(|e| panic!("{e}"));
    l.unit_by_code("congreso").map(|u| u.id).unwrap_or_else(|| panic!("no congreso"))
}

/// The token of the link in a self-assessment mail's text.
fn token_in(body: &str) -> String {
    body.split("/i/")
        .nth(1)
        .map(|r| r.chars().take_while(|ch| ch.is_ascii_alphanumeric() || *ch == '-' || *ch == '_').collect())
        .unwrap_or_else(|| panic!("no link in {body}"))
}

/// A link for `congreso`, as the invitation queues it; its token.
fn invited(app: &TestApp) -> (String, i64) {
    let mut c = conn(&app.db);
    let unit = seeded(&mut c);
    let coord = Actor { name: "coord".into(), ip: None };
    links::invite(&mut c, "odi", Some("congreso"), &app.url(""), &coord, now()).unwrap_or_else(|e| panic!("{e}"));
    let body: String = dra::db::schema::outbox::table
        .filter(dra::db::schema::outbox::kind.eq("index_self_assessment"))
        .select(dra::db::schema::outbox::body_text)
        .first(&mut c)
        .unwrap_or_else(|e| panic!("{e}"));
    (token_in(&body), unit)
}

/// The institution's own scores: (indicator, value, evidence url, note).
fn own(app: &TestApp, unit: i64) -> Vec<(String, f64, Option<String>, Option<String>)> {
    let l = svc::load(&mut conn(&app.db), "odi").unwrap_or_else(|e| panic!("{e}"));
    let mut v: Vec<_> = l
        .scores
        .into_iter()
        .filter(|s| s.unit_id == unit && s.evaluator == sa::self_evaluator(unit))
        .map(|s| (s.indicator, s.value, s.evidence_url, s.evidence_note))
        .collect();
    v.sort_by(|a, b| a.0.cmp(&b.0));
    v
}

/// The part of a page that shows one indicator.
fn block<'a>(html: &'a str, indicator: &str) -> &'a str {
    let start = html.find(&format!("id=\"q-{indicator}\"")).unwrap_or_else(|| panic!("no {indicator} in {html}"));
    let rest = &html[start..];
    let end = rest[1..].find("id=\"q-").map_or(rest.len(), |e| e + 1);
    &rest[..end]
}

/// The hidden version field of an indicator.
fn version(html: &str, indicator: &str) -> String {
    block(html, indicator)
        .split(&format!("name=\"version-{indicator}\" value=\""))
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap_or_default()
        .to_string()
}

/// Text as the pages escape it.
fn esc(s: &str) -> String {
    s.replace('&', "&#38;").replace('<', "&#60;").replace('>', "&#62;").replace('"', "&#34;").replace('\'', "&#39;")
}

fn fields(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

#[test]
fn the_institution_opens_its_page_saves_and_sees_what_it_saved_in_both_languages() {
    let app = spawn_app();
    let (tok, unit) = invited(&app);
    let url = app.url(&format!("/i/{tok}"));
    let fw = dra::index::check_bytes(&read("surveys/examples/open-data-index.json")).unwrap_or_else(|_| panic!("fw"));
    let mut b = Browser::default();
    for (lang, title, level) in [
        ("en", "Self-assessment of Congreso", "Monthly or more"),
        ("es", "Autoevaluación de Congreso", "Mensual o más"),
    ] {
        let page = b.get(&format!("{url}?lang={lang}"));
        assert_eq!(page.status, 200, "{}", page.html);
        assert!(page.html.contains(&format!("<html lang=\"{lang}\"")), "{lang}");
        assert!(page.html.contains(title) && page.html.contains("Índice de Datos Abiertos"), "{}", page.html);
        assert!(page.html.contains(level), "{lang}: the levels are shown");
        // Every indicator of the framework, in the page's language, with its evidence asked.
        for (_, i) in fw.indicators() {
            assert!(page.html.contains(&esc(i.label.get(lang, "es"))), "{lang}: {}", i.id);
        }
        assert!(block(&page.html, "datasets").contains(if lang == "en" { "0 to 500" } else { "0 a 500" }));
        let ev = dra::i18n::t(lang, "index-self-evidence-url");
        assert!(block(&page.html, "online").contains(&esc(ev)), "{lang}");
        assert!(!csrf(&page.html).is_empty() && b.cookie_header().contains("dra_csrf="));
    }
    assert!(own(&app, unit).is_empty());

    // A save: stored, and the page says so and shows it again.
    let page = b.get(&format!("{url}?lang=en"));
    let token = csrf(&page.html);
    let saved = b.post(
        &url,
        &fields(&[
            ("csrf", &token),
            ("lang", "en"),
            ("version-support", ""),
            ("value-support", "2"),
            ("note-support", "Mesa de ayuda en línea"),
            ("version-datasets", ""),
            ("value-datasets", "120"),
            ("url-datasets", "https://congreso.gob.gt/datos"),
            ("value-api", ""),
        ]),
    );
    assert_eq!(saved.status, 200, "{}", saved.html);
    assert!(saved.html.contains(dra::i18n::t("en", "index-self-page-saved")), "{}", saved.html);
    assert_eq!(
        own(&app, unit),
        vec![
            ("datasets".to_string(), 120.0, Some("https://congreso.gob.gt/datos".to_string()), None),
            ("support".to_string(), 2.0, None, Some("Mesa de ayuda en línea".to_string())),
        ]
    );
    let again = b.get(&format!("{url}?lang=es"));
    let support = block(&again.html, "support");
    assert!(support.contains("value=\"2\" checked") && support.contains("Mesa de ayuda en línea"), "{support}");
    assert!(!support.contains("value=\"1\" checked") && !support.contains("in-support-none"), "{support}");
    let datasets = block(&again.html, "datasets");
    assert!(datasets.contains("value=\"120\"") && datasets.contains("https://congreso.gob.gt/datos"), "{datasets}");
    assert!(datasets.contains("Guardado ahora: 120"), "{datasets}");
    assert!(!version(&again.html, "datasets").is_empty() && version(&again.html, "api").is_empty());
}

#[test]
fn a_bad_form_stores_nothing_keeps_what_was_typed_and_a_post_without_csrf_is_refused() {
    let app = spawn_app();
    let (tok, unit) = invited(&app);
    let url = app.url(&format!("/i/{tok}"));
    let mut b = Browser::default();
    let page = b.get(&format!("{url}?lang=en"));
    let token = csrf(&page.html);
    let form = fields(&[
        ("csrf", &token),
        ("lang", "en"),
        ("value-support", "3"),
        ("value-online", "7"),
        ("url-online", "https://congreso.gob.gt"),
        ("value-datasets", "muchos"),
        ("url-datasets", "https://congreso.gob.gt/d"),
        ("value-portal", "1"),
        ("url-portal", "ftp://congreso.gob.gt"),
        ("value-api", "1"),
        ("note-formats", "sin valor <b>"),
    ]);
    let refused = b.post(&url, &form);
    assert_eq!(refused.status, 422, "{}", refused.html);
    assert!(own(&app, unit).is_empty(), "nothing stored, not even the good indicator");
    let h = &refused.html;
    assert!(h.contains(dra::i18n::t("en", "index-self-page-fix")), "{h}");
    // Each problem beside its field, and what was typed kept.
    let msg = |id: &str| esc(dra::i18n::t("en", id));
    assert!(block(h, "online").contains(&msg("index-self-problem-out-of-scale")), "{h}");
    assert!(block(h, "datasets").contains(&msg("index-self-problem-not-a-number")));
    assert!(block(h, "datasets").contains("value=\"muchos\""));
    assert!(block(h, "portal").contains(&msg("index-self-problem-bad-url")));
    assert!(block(h, "portal").contains("value=\"ftp://congreso.gob.gt\""));
    assert!(block(h, "api").contains(&msg("index-self-problem-evidence-missing")));
    assert!(block(h, "formats").contains(&msg("index-self-problem-no-value")));
    assert!(block(h, "formats").contains("sin valor &#60;b&#62;"), "{}", block(h, "formats"));
    assert!(block(h, "support").contains("value=\"3\" checked"), "the good value is kept too");
    assert!(!block(h, "support").contains("class=\"error\""));
    assert!(h.contains("href=\"#in-datasets-value\"") && h.contains("href=\"#in-online-fs\""), "the summary links");

    // Without the CSRF cookie (another site posting): refused, nothing stored.
    let good = fields(&[("csrf", &token), ("lang", "en"), ("value-support", "3")]);
    let mut stranger = Browser::default();
    let forged = stranger.post(&url, &good);
    assert_eq!(forged.status, 403);
    // With the cookie but a field that does not match it: refused too.
    let mut b2 = Browser::default();
    b2.get(&url);
    assert_eq!(b2.post(&url, &good).status, 403);
    assert!(own(&app, unit).is_empty());
    // The same form with its cookie is stored.
    assert_eq!(b.post(&url, &good).status, 200);
    assert_eq!(own(&app, unit).len(), 1);
}

#[test]
fn two_saves_released_together_store_one_form_whole_and_tell_the_other() {
    let app = spawn_app();
    let (tok, unit) = invited(&app);
    let url = app.url(&format!("/i/{tok}"));
    for round in 0..2 {
        let mut b = Browser::default();
        let page = b.get(&format!("{url}?lang=es"));
        let token = csrf(&page.html);
        let (vs, vd) = (version(&page.html, "support"), version(&page.html, "datasets"));
        assert_eq!(vs.is_empty(), round == 0, "round {round}: versions come with saved values");
        let barrier = Barrier::new(2);
        let answers: Vec<(u16, String, [f64; 2])> = std::thread::scope(|scope| {
            let handles: Vec<_> = [(1.0, 10.0), (3.0, 30.0)]
                .into_iter()
                .map(|(a, d)| {
                    let (barrier, url, cookie) = (&barrier, &url, b.cookie_header());
                    let d = d + f64::from(round);
                    let form = fields(&[
                        ("csrf", &token),
                        ("lang", "es"),
                        ("version-support", &vs),
                        ("value-support", &a.to_string()),
                        ("version-datasets", &vd),
                        ("value-datasets", &d.to_string()),
                        ("url-datasets", "https://congreso.gob.gt/datos"),
                    ]);
                    scope.spawn(move || {
                        let agent: ureq::Agent =
                            ureq::Agent::config_builder().http_status_as_error(false).max_redirects(0).build().into();
                        barrier.wait();
                        let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
                        let mut resp = agent
                            .post(url)
                            .header("Cookie", &cookie)
                            .send_form(pairs)
                            .unwrap_or_else(|e| panic!("{e}"));
                        (resp.status().as_u16(), resp.body_mut().read_to_string().unwrap_or_default(), [a, d])
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap_or_else(|_| panic!("thread"))).collect()
        });
        let won: Vec<_> = answers.iter().filter(|a| a.0 == 303).collect();
        let told: Vec<_> = answers.iter().filter(|a| a.0 == 409).collect();
        assert_eq!(
            (won.len(), told.len()),
            (1, 1),
            "round {round}: {:?}",
            answers.iter().map(|a| a.0).collect::<Vec<_>>()
        );
        assert!(told[0].1.contains(dra::i18n::t("es", "index-self-page-conflict")), "{}", told[0].1);
        // The stored form is the winner's, whole; the conflict page shows it with its new versions.
        let [a, d] = won[0].2;
        let stored = own(&app, unit);
        let get = |ind: &str| stored.iter().find(|s| s.0 == ind).map(|s| s.1);
        assert_eq!((get("support"), get("datasets")), (Some(a), Some(d)), "round {round}");
        assert!(block(&told[0].1, "datasets").contains(&format!("value=\"{}\"", dra::index::framework::fmt_num(d))));
    }
    let audits = dra::service::audit::entries(&mut conn(&app.db), 1000).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(audits.iter().filter(|e| e.2 == "index self-assessment saved").count(), 2, "one per stored save");
}

#[test]
fn a_wrong_malformed_or_expired_link_gets_the_same_not_found_page() {
    let app = spawn_app();
    let (tok, unit) = invited(&app);
    let mut c = conn(&app.db);
    let expired = dra::token::random_token();
    let past = now() - chrono::Duration::days(1);
    dra::db::index_self_links::insert(
        &mut c,
        unit,
        &dra::token::hash(&expired),
        past,
        past - chrono::Duration::days(60),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(matches!(links::open(&mut c, &expired, now()), Err(DomainError::NotFound(_))));
    let mut b = Browser::default();
    assert_eq!(b.get(&app.url(&format!("/i/{tok}"))).status, 200, "the good link opens");
    let pages: Vec<Page> = [dra::token::random_token(), "short".into(), expired.clone(), format!("{tok}x")]
        .iter()
        .map(|t| b.get(&app.url(&format!("/i/{t}?lang=en"))))
        .collect();
    for p in &pages {
        assert_eq!(p.status, 404);
        assert_eq!(p.html, pages[0].html, "one same answer");
        assert!(!p.html.contains("Congreso"));
    }
    // A post to an expired link stores nothing.
    let token = csrf(&b.get(&app.url(&format!("/i/{tok}"))).html);
    let posted = b
        .post(&app.url(&format!("/i/{expired}")), &fields(&[("csrf", &token), ("lang", "es"), ("value-support", "2")]));
    assert_eq!(posted.status, 404);
    assert!(own(&app, unit).is_empty());
}

#[test]
fn the_invite_command_queues_a_mail_whose_link_opens_the_page() {
    let app = spawn_app();
    let mut c = conn(&app.db);
    seeded(&mut c);
    let server = crate::smtp::SmtpServer::start();
    let data = app.db.dir.path().join("data");
    let data = data.to_str().unwrap_or_default().to_string();
    let base = app.url("");
    let smtp = server.url();
    let env = [
        ("DATABASE_URL", app.db.url.as_str()),
        ("DRA_DATA_DIR", data.as_str()),
        ("DRA_BASE_URL", base.as_str()),
        ("DRA_SECRET_KEY", "test secret key, 32 bytes or more for the tests"),
        ("DRA_SMTP_URL", smtp.as_str()),
    ];
    let out = crate::support::dra(&["index", "invite", "--campaign", "odi", "--unit", "congreso"], &env);
    assert!(out.status.success(), "{}", crate::support::stderr(&out));
    assert!(crate::support::stdout(&out).contains("1 institution(s): congreso"), "{}", crate::support::stdout(&out));
    let refused = crate::support::dra(&["index", "invite", "--campaign", "odi", "--unit", "nope"], &env);
    assert!(!refused.status.success());
    let sent = crate::support::dra(&["mail", "send"], &env);
    assert!(sent.status.success(), "{}", crate::support::stderr(&sent));
    let received = server.received();
    assert_eq!(received.len(), 1, "one mail, none for the refused command");
    assert!(received[0].to.iter().any(|t| t.contains("congreso")), "{:?}", received[0].to);
    let text = received[0].data.replace("=\r\n", "").replace("=\n", "");
    let link = text
        .split_whitespace()
        .find(|w| w.starts_with(&format!("{base}/i/")))
        .unwrap_or_else(|| panic!("no link in {text}"))
        .to_string();
    let page = Browser::default().get(&link);
    assert_eq!(page.status, 200, "{link}");
    assert!(page.html.contains("Congreso") && page.html.contains("name=\"value-support\""), "{}", page.html);
}
