//! The index pages of the console in headless Chromium: a coordinator signs in, finds the demo
//! index from the console home, reads the ranking and a scorecard, and confirms a score with the
//! review form (JavaScript on and off: plain forms); axe-core finds no WCAG 2.1 AA violation on
//! the list, the set-up forms, the ranking with its two charts, the scores page of 347 review
//! forms and the scorecard; the set-up forms and the ranking do not spill sideways at 360 or
//! 1280 px. axe-core runs in the session with JavaScript (without it axe-core cannot run: its
//! promise never settles). An institution fills its own self-assessment page with JavaScript off.

use crate::support::{conn, now, spawn_app};
use serde_json::json;

use crate::webdriver::{self, Driver, Session};

/// The elements reaching past the window's right edge (what spills, to say in a failure).
fn wide(s: &Session) -> String {
    s.script(
        "const w = document.documentElement.clientWidth; return [...document.querySelectorAll('body *')]\
         .filter(e => e.getBoundingClientRect().right > w + 1).slice(0, 8)\
         .map(e => e.tagName + '#' + e.id + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)).join(', ');",
        json!([]),
    )
    .to_string()
}

/// The page does not spill sideways at phone or desk width; the window is left at phone width.
fn fits_at_both_widths(s: &Session, what: &str) {
    for width in [1280, 360] {
        s.resize(width, 800);
        assert_eq!(s.overflow(), 0, "{what} spills sideways at {width} px: {}", wide(s));
    }
}

fn no_violations(s: &Session, what: &str) {
    if let Ok(axe) = std::fs::read_to_string(crate::support::repo("tests/browser/node_modules/axe-core/axe.min.js")) {
        let v = s.axe(&axe);
        assert!(v.is_empty(), "{what}: {}", serde_json::to_string_pretty(&v).unwrap_or_default());
    }
}

#[test]
fn a_coordinator_reads_the_ranking_and_reviews_a_score_in_chromium() {
    if !webdriver::available() {
        return;
    }
    let app = spawn_app();
    assert!(dra::service::index::demo::seed(&mut conn(&app.db), now()).unwrap_or_else(|e| panic!("{e}")));
    let data = app.db.dir.path().join("data");
    let data = data.to_str().unwrap_or_default().to_string();
    let env = [("DATABASE_URL", app.db.url.as_str()), ("DRA_DATA_DIR", data.as_str())];
    let out = crate::support::stdout(&crate::support::dra(&["user", "add", "eva", "--role", "coordinator"], &env));
    let password = out
        .split("one-time password ")
        .nth(1)
        .and_then(|r| r.split_whitespace().next())
        .unwrap_or_default()
        .to_string();
    let driver = Driver::start();
    for javascript in [true, false] {
        let s = driver.session(javascript);
        s.goto(&app.url("/console"));
        s.type_into("#username", "eva");
        if javascript {
            s.type_into("#password", &password);
            s.submit("button[type=submit]");
            let new = "evaluación de instituciones 2026";
            s.type_into("#current", &password);
            s.type_into("#new", new);
            s.type_into("#repeat", new);
            s.submit("button[type=submit]");
            s.type_into("#username", "eva");
        }
        s.type_into("#password", "evaluación de instituciones 2026");
        s.submit("button[type=submit]");
        assert!(s.source().contains("/console/indices"), "{}", s.source());
        s.submit("a[href='/console/indices']");
        if javascript {
            no_violations(&s, "index list");
        }
        // Setting up an index (its forms and the invitations button), at phone and desk width.
        s.goto(&app.url("/console/indices/new"));
        assert!(s.source().contains("<form"), "{}", s.source());
        fits_at_both_widths(&s, "/console/indices/new");
        if javascript {
            no_violations(&s, "new index");
        }
        s.goto(&app.url("/console/indices"));
        s.submit("a[href='/console/indices/demo-index']");
        assert!(s.source().contains("<svg") && s.source().contains("Ministerio de Finanzas"), "{}", s.source());
        fits_at_both_widths(&s, "the ranking");
        if javascript {
            no_violations(&s, "ranking");
        }
        s.submit("a[href='/console/indices/demo-index/scores']");
        assert_eq!(s.overflow(), 0, "the scores page spills sideways at 360 px: {}", wide(&s));
        if javascript {
            no_violations(&s, "scores");
        }
        // Confirm the first score not reviewed yet (the form's first choice is "confirm").
        let l = dra::service::index::load(&mut conn(&app.db), "demo-index").unwrap_or_else(|e| panic!("{e}"));
        let id = l.scores.iter().find(|x| x.status == "scored").map(|x| x.id).unwrap_or_default();
        s.submit(&format!("form[action='/console/indices/demo-index/review/{id}'] button"));
        let after = s.source();
        assert!(after.contains(&format!("#{id} confirm")), "{after}");
        s.goto(&app.url("/console/indices/demo-index/files/scorecard-ine.html?lang=es"));
        assert!(s.source().contains("Qué mejorar primero"), "{}", s.source());
        assert_eq!(s.overflow(), 0, "the scorecard spills sideways at 360 px: {}", wide(&s));
        // Its own inline styles apply (the document's policy lets them; the console's would not).
        let collapse = s.script("return getComputedStyle(document.querySelector('table')).borderCollapse;", json!([]));
        assert_eq!(collapse, json!("collapse"), "the scorecard is shown with its styles");
        if javascript {
            no_violations(&s, "scorecard");
        }
    }
    let l = dra::service::index::load(&mut conn(&app.db), "demo-index").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(l.reviews.len(), 2, "one review per session");
    assert!(l.reviews.iter().all(|r| r.reviewer == "eva" && r.action == "confirm"));
}

/// An institution's own page in Chromium with JavaScript off, at phone width: the focal point
/// writes a note without a value and is told beside the field, then picks a level, saves and sees
/// it saved. The page holds no script, so what axe-core (which needs script to run) checks in a
/// second browser is what the first one shows: no WCAG 2.1 AA violation on the form, its problems
/// and its saved state; nothing spills sideways.
#[test]
fn an_institution_assesses_itself_in_chromium_without_javascript() {
    if !webdriver::available() {
        return;
    }
    let app = spawn_app();
    let mut c = conn(&app.db);
    assert!(dra::service::index::demo::seed(&mut c, now()).unwrap_or_else(|e| panic!("{e}")));
    let l = dra::service::index::load(&mut c, "demo-index").unwrap_or_else(|e| panic!("{e}"));
    let unit = l.units.iter().find(|u| u.contact.contains('@')).cloned().unwrap_or_else(|| panic!("no contact"));
    let actor = dra::service::Actor { name: "coord".into(), ip: None };
    dra::service::index::self_links::invite(&mut c, "demo-index", Some(&unit.code), &app.url(""), &actor, now())
        .unwrap_or_else(|e| panic!("{e}"));
    use diesel::prelude::*;
    let body: String = dra::db::schema::outbox::table
        .filter(dra::db::schema::outbox::kind.eq("index_self_assessment"))
        .select(dra::db::schema::outbox::body_text)
        .first(&mut c)
        .unwrap_or_else(|e| panic!("{e}"));
    let link =
        body.split_whitespace().find(|w| w.contains("/i/")).unwrap_or_else(|| panic!("no link in {body}")).to_string();
    let driver = Driver::start();
    // The same steps in a browser without JavaScript (checked) and one with it (for axe-core).
    for javascript in [false, true] {
        let s = driver.session(javascript);
        let check = |what: &str| {
            if javascript {
                no_violations(&s, what);
            }
        };
        s.goto(&format!("{link}?lang=es"));
        let page = s.source();
        assert!(page.contains(&unit.name) && !page.contains("<script"), "{page}");
        assert_eq!(s.overflow(), 0, "nothing spills sideways at phone width");
        check("self-assessment form");
        // A note without a value: told beside the field, nothing stored, the note kept.
        let (ind, support) = if javascript { ("licence", 3.0) } else { ("api", 2.0) };
        s.type_into(&format!("#in-{ind}-note"), "En preparación");
        s.submit("form button[type=submit]");
        let page = s.source();
        assert!(page.contains(dra::i18n::t("es", "index-self-problem-no-value")), "{page}");
        assert!(page.contains("En preparación</textarea>"), "what was typed is kept");
        assert_eq!(s.overflow(), 0);
        check("self-assessment problems");
        s.click(&format!("#in-support-{support}"));
        s.click(&format!("#in-{ind}-1"));
        s.type_into(&format!("#in-{ind}-url"), "https://example.gob.gt/datos");
        s.submit("form button[type=submit]");
        let page = s.source();
        assert!(page.contains(dra::i18n::t("es", "index-self-page-saved")), "{page}");
        check("self-assessment saved");
        let l = dra::service::index::load(&mut c, "demo-index").unwrap_or_else(|e| panic!("{e}"));
        let mut own: Vec<(String, f64)> = l
            .scores
            .iter()
            .filter(|x| x.evaluator == format!("self:{}", unit.id))
            .map(|x| (x.indicator.clone(), x.value))
            .collect();
        own.sort_by(|a, b| a.0.cmp(&b.0));
        let mut want = vec![("api".to_string(), 1.0), ("support".to_string(), support)];
        if javascript {
            want.insert(1, ("licence".to_string(), 1.0));
        }
        assert_eq!(own, want);
    }
}
