//! The questionnaire in headless Chromium, at phone width: answered in Spanish, left, resumed in
//! another browser and submitted, with JavaScript on and off; errors shown on the page; and
//! axe-core finds no WCAG 2.1 AA violation on any page type.

use crate::form::invited;
use crate::support::{conn, spawn_app};
use crate::webdriver::{self, Driver, Session};

const NEXT: &str = "button[value=next]";
const START: &str = "button[value=start]";
const REVIEW: &str = "button[value=review]";
const SUBMIT: &str = "button[value=submit]";
/// The first substantive option of every question on the page that can still be chosen.
const FIRST_OPTIONS: &str = ".opts:not(.missing) > label:first-child input:not([disabled])";

fn page_no(s: &Session) -> String {
    let src = s.source();
    src.split("Página ").nth(1).and_then(|r| r.split(" de").next()).unwrap_or_default().to_string()
}

fn answer_through(driver: &Driver, javascript: bool, slug: &str) {
    let app = spawn_app();
    let link = invited(&app, slug, false);
    let phone = driver.session(javascript);
    // The page's own scripts run only when JavaScript is on (WebDriver's scripts always run).
    phone.goto("data:text/html,<title>off</title><script>document.title='on'</script>");
    let title = if javascript { "<title>on</title>" } else { "<title>off</title>" };
    assert!(phone.source().contains(title), "JavaScript {}: {}", if javascript { "on" } else { "off" }, phone.source());
    phone.goto(&link);
    assert!(phone.source().contains("value=\"start\""), "the welcome screen first: {}", phone.source());
    phone.submit(START);
    assert_eq!(page_no(&phone), "1", "{}", phone.source());
    phone.click_all(FIRST_OPTIONS);
    phone.submit(NEXT);
    assert_eq!(page_no(&phone), "2");
    assert!(phone.click_all(FIRST_OPTIONS) >= 8);
    phone.submit(NEXT);
    assert_eq!(page_no(&phone), "3");
    drop(phone);

    let laptop = driver.session(javascript);
    laptop.goto(&link);
    assert_eq!(page_no(&laptop), "3", "resumes where the phone left off");
    laptop.goto(&format!("{link}?page=2"));
    assert!(laptop.source().contains("value=\"1\" checked"), "answers kept");
    laptop.goto(&link);
    for expected in 3..=6 {
        assert_eq!(page_no(&laptop), expected.to_string(), "{}", laptop.source());
        laptop.click_all(FIRST_OPTIONS);
        if expected < 6 {
            laptop.submit(NEXT);
        }
    }
    laptop.submit(REVIEW);
    assert!(laptop.source().contains("Revise sus respuestas"), "{}", laptop.source());
    laptop.submit(SUBMIT);
    assert!(laptop.source().contains("¡Gracias por participar!"), "{}", laptop.source());
    // The thank-you page reads the answers back; the link opened shows it again, answers and all.
    laptop.goto(&link);
    assert!(laptop.source().contains("<dl class=\"answers\">"), "{}", laptop.source());
    // (axe-core runs as an asynchronous script, which a session without JavaScript does not run.)
    if javascript
        && let Ok(axe) = std::fs::read_to_string(crate::support::repo("tests/browser/node_modules/axe-core/axe.min.js"))
    {
        let v = laptop.axe(&axe);
        assert!(v.is_empty(), "thank-you page: {}", serde_json::to_string_pretty(&v).unwrap_or_default());
    }
    let mut c = conn(&app.db);
    let mut n = 0;
    dra::db::responses::for_each_submitted(&mut c, 1, 10, |_, _, _| n += 1).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(n, 1);
}

#[test]
fn answer_leave_resume_elsewhere_and_submit_in_chromium() {
    if !webdriver::available() {
        return;
    }
    let driver = Driver::start();
    answer_through(&driver, true, "gt-browser-js");
    answer_through(&driver, false, "gt-browser-nojs");
}

#[test]
fn errors_show_on_the_page_and_every_page_passes_axe() {
    if !webdriver::available() {
        return;
    }
    let axe = std::fs::read_to_string(crate::support::repo("tests/browser/node_modules/axe-core/axe.min.js"));
    let axe = match axe {
        Ok(a) => a,
        Err(e) => {
            assert!(std::env::var("DRA_REQUIRE_BROWSER").is_err(), "axe-core missing (scripts/install-deps.sh): {e}");
            eprintln!("skipped: axe-core not installed (npm install --prefix tests/browser)");
            return;
        }
    };
    let app = spawn_app();
    let link = invited(&app, "gt-axe", false);
    {
        use diesel::prelude::*;
        let mut c = conn(&app.db);
        diesel::update(dra::db::schema::campaigns::table)
            .set(dra::db::schema::campaigns::public_link.eq(1))
            .execute(&mut c)
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let driver = Driver::start();
    let s = driver.session(true);
    let mut report = Vec::new();
    let mut check = |s: &Session, what: &str| {
        let v = s.axe(&axe);
        if !v.is_empty() {
            report.push(format!("{what}: {}", serde_json::to_string_pretty(&v).unwrap_or_default()));
        }
    };
    // Public link: nothing chosen, straight to the end, submit: errors on the page.
    s.goto(&app.url("/p/gt-axe"));
    check(&s, "welcome (public)");
    s.submit(START);
    check(&s, "form page 1 (public)");
    for _ in 1..6 {
        s.submit(NEXT);
    }
    s.type_into("textarea", "Comentario que se conserva: ñandú");
    s.submit(REVIEW);
    assert!(s.source().contains("Falta 1 respuesta obligatoria"), "{}", s.source());
    check(&s, "review with a required answer missing");
    s.submit(SUBMIT);
    let src = s.source();
    assert!(src.contains("id=\"e-group\"") && src.contains("Esta pregunta es obligatoria."), "{src}");
    assert!(src.contains("Página 1 de 6"), "the page of the first error");
    check(&s, "page with errors");
    s.goto(&format!("{}?page=6", app.url("/p/gt-axe")));
    assert!(s.source().contains("Comentario que se conserva: ñandú"), "what was typed is kept");
    // Personal link pages, thank-you, unknown and closed links, opt-out.
    s.goto(&link);
    check(&s, "welcome (personal)");
    s.submit(START);
    check(&s, "form page 1 (personal)");
    s.goto(&format!("{link}?page=2"));
    check(&s, "form page 2");
    s.goto(&format!("{link}?page=6"));
    s.submit(REVIEW);
    check(&s, "review");
    s.submit(SUBMIT);
    assert!(s.source().contains("¡Gracias por participar!"));
    check(&s, "thank-you page");
    s.goto(&link.replace("/r/", "/o/"));
    check(&s, "opt-out page");
    s.goto(&app.url("/r/AAAAAAAAAAAAAAAAAAAAAA"));
    check(&s, "unknown link");
    let mut c = conn(&app.db);
    let now = dra::clock::Clock::now(&dra::clock::SystemClock);
    dra::db::campaigns::set_state(&mut c, "gt-axe", dra::campaign::CampaignState::Closed, now)
        .unwrap_or_else(|e| panic!("{e}"));
    s.goto(&link);
    assert!(s.source().contains("cerró"));
    check(&s, "closed campaign");
    assert!(report.is_empty(), "WCAG 2.1 AA violations:\n{}", report.join("\n"));
}

#[test]
fn a_coordinator_goes_from_survey_to_report_in_the_console() {
    if !webdriver::available() {
        return;
    }
    let app = spawn_app();
    let data = app.db.dir.path().join("data");
    let data = data.to_str().unwrap_or_default().to_string();
    let env = [("DATABASE_URL", app.db.url.as_str()), ("DRA_DATA_DIR", data.as_str())];
    let out = crate::support::stdout(&crate::support::dra(&["user", "add", "coord", "--role", "admin"], &env));
    let password = out
        .split("one-time password ")
        .nth(1)
        .and_then(|r| r.split_whitespace().next())
        .unwrap_or_default()
        .to_string();
    let driver = Driver::start();
    let s = driver.session(true);
    s.goto(&app.url("/console"));
    if let Ok(axe) = std::fs::read_to_string(crate::support::repo("tests/browser/node_modules/axe-core/axe.min.js")) {
        let v = s.axe(&axe);
        assert!(v.is_empty(), "sign-in page: {}", serde_json::to_string_pretty(&v).unwrap_or_default());
    }
    s.type_into("#username", "coord");
    s.type_into("#password", &password);
    s.submit("button[type=submit]");
    let new = "coordinación nacional 2026";
    s.type_into("#current", &password);
    s.type_into("#new", new);
    s.type_into("#repeat", new);
    s.submit("button[type=submit]");
    s.type_into("#username", "coord");
    s.type_into("#password", new);
    s.submit("button[type=submit]");
    assert!(s.source().contains("coord (admin)"), "{}", s.source());
    if let Ok(axe) = std::fs::read_to_string(crate::support::repo("tests/browser/node_modules/axe-core/axe.min.js")) {
        let v = s.axe(&axe);
        assert!(v.is_empty(), "console home: {}", serde_json::to_string_pretty(&v).unwrap_or_default());
    }
    s.submit("a[href='/console/manage']");
    if let Ok(axe) = std::fs::read_to_string(crate::support::repo("tests/browser/node_modules/axe-core/axe.min.js")) {
        let v = s.axe(&axe);
        assert!(v.is_empty(), "console management page: {}", serde_json::to_string_pretty(&v).unwrap_or_default());
    }
    // Upload the questionnaire (pasted), create a campaign, import a participant, open, send.
    let core = std::fs::read_to_string(crate::support::repo("surveys/dra-core.json")).unwrap_or_default();
    s.script("document.getElementById('definition').value = arguments[0];", serde_json::json!([core]));
    s.submit("form[action='/console/surveys'] button");
    assert!(s.source().contains("stored dra-core 1.0.0"), "{}", s.source());
    s.type_into("#slug", "gt-console");
    s.type_into("#name", "Consulta desde la consola");
    s.submit("form[action='/console/campaigns'] button");
    assert!(s.source().contains("campaign “gt-console” created"), "{}", s.source());
    // The participants come as a file chosen in the form's file input.
    let csv = app.db.dir.path().join("participantes.csv");
    std::fs::write(
        &csv,
        "email,name,organisation,group,language\nana@example.org,Ana,MINEDUC,public,es\nbad-address,X,,public,es\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    s.type_into("#csv-file-gt-console", csv.to_str().unwrap_or_default());
    s.submit("form[action='/console/campaigns/gt-console/participants'] button");
    let report = s.source();
    assert!(report.contains("line 3:") && report.contains("1 row imported"), "row report: {report}");
    s.submit("button[value=open]");
    s.submit("button[value=invite]");
    assert!(s.source().contains("1 message queued"), "{}", s.source());
    // The mail goes out (written as .eml here), and a response arrives through the personal link.
    let mut c = conn(&app.db);
    let settings = crate::support::settings(&app.db);
    let mailer = dra::mail::Mailer::from_settings(&settings).unwrap_or_else(|e| panic!("{e}"));
    let worker = dra::mail::Worker::new(
        mailer,
        settings.token_key().unwrap_or_else(|e| panic!("{e}")),
        &settings,
        std::sync::Arc::new(dra::clock::SystemClock),
    );
    assert_eq!(worker.deliver_due(&mut c, usize::MAX).unwrap_or_else(|e| panic!("{e}")).sent, 1);
    // The participants list (from the management page) and one participant's page.
    s.goto(&app.url("/console/manage"));
    s.submit("a[href='/console/campaigns/gt-console/participants']");
    let list = s.source();
    let counted = list.contains("1 of 1 participants") || list.contains("1 de 1 participantes");
    assert!(list.contains("ana@example.org") && counted, "{list}");
    if let Ok(axe) = std::fs::read_to_string(crate::support::repo("tests/browser/node_modules/axe-core/axe.min.js")) {
        let v = s.axe(&axe);
        assert!(v.is_empty(), "participants list: {}", serde_json::to_string_pretty(&v).unwrap_or_default());
    }
    s.submit("a[href='/console/campaigns/gt-console/participant?email=ana%40example%2Eorg']");
    assert!(s.source().contains("MINEDUC"), "{}", s.source());
    if let Ok(axe) = std::fs::read_to_string(crate::support::repo("tests/browser/node_modules/axe-core/axe.min.js")) {
        let v = s.axe(&axe);
        assert!(v.is_empty(), "one participant: {}", serde_json::to_string_pretty(&v).unwrap_or_default());
    }
    // The campaign's settings, with the mail previews: accessible, and nothing spills sideways on
    // a phone or a laptop.
    s.goto(&app.url("/console/campaigns/gt-console/settings"));
    assert!(s.source().contains("Invitación: Consulta desde la consola"), "{}", s.source());
    if let Ok(axe) = std::fs::read_to_string(crate::support::repo("tests/browser/node_modules/axe-core/axe.min.js")) {
        let v = s.axe(&axe);
        assert!(v.is_empty(), "campaign settings: {}", serde_json::to_string_pretty(&v).unwrap_or_default());
    }
    assert_eq!(s.overflow(), 0, "settings at 360 px");
    s.resize(1280, 900);
    assert_eq!(s.overflow(), 0, "settings at 1280 px");
    s.resize(360, 800);
    let inv = dra::db::invitations::of_participant(&mut c, 1)
        .unwrap_or_else(|e| panic!("{e}"))
        .unwrap_or_else(|| panic!("no invitation"));
    let key = crate::support::settings(&app.db).token_key().unwrap_or_else(|e| panic!("{e}"));
    let link = app.url(&format!("/r/{}", key.derive(&inv.token_nonce)));
    let respondent = driver.session(false);
    respondent.goto(&link);
    respondent.submit(START);
    for page in 1..=6 {
        respondent.click_all(FIRST_OPTIONS);
        respondent.submit(if page < 6 { NEXT } else { REVIEW });
    }
    respondent.submit(SUBMIT);
    assert!(respondent.source().contains("¡Gracias por participar!"));
    responses_in_the_console(&app, &s);
    // Progress shows it; the PDF report downloads.
    s.goto(&app.url("/console"));
    let home = s.source();
    assert!(home.contains("Consulta desde la consola") && home.contains("100%"), "{home}");
    assert!(home.contains("/console/campaigns/gt-console/report.pdf"));
    let pdf = ureq::get(&app.url("/console/campaigns/gt-console/report.pdf"))
        .header("Cookie", &s.cookie_header())
        .call()
        .unwrap_or_else(|e| panic!("{e}"))
        .into_body()
        .with_config()
        .limit(50_000_000)
        .read_to_vec()
        .unwrap_or_default();
    assert!(pdf.starts_with(b"%PDF"), "the coordinator downloads a PDF");
    let audit = dra::db::users::audit_entries(&mut c, 50).unwrap_or_else(|e| panic!("{e}"));
    let actions: Vec<&str> = audit.iter().map(|a| a.2.as_str()).collect();
    for want in ["survey stored", "campaign created", "participants imported", "campaign opened", "invitations queued"]
    {
        assert!(actions.contains(&want), "audit log lacks {want:?}: {actions:?}");
    }
}

/// The response browser from the management page, at phone and laptop width: the list, the
/// response read back, excluded with a reason (the confirmation), restored; axe-core finds
/// nothing, and nothing is wider than the window.
fn responses_in_the_console(app: &crate::support::TestApp, s: &Session) {
    let axe = std::fs::read_to_string(crate::support::repo("tests/browser/node_modules/axe-core/axe.min.js")).ok();
    let check = |what: &str| {
        for (w, h) in [(1280, 900), (360, 800)] {
            s.resize(w, h);
            assert_eq!(s.overflow(), 0, "{what} at {w} px");
        }
        if let Some(axe) = &axe {
            let v = s.axe(axe);
            assert!(v.is_empty(), "{what}: {}", serde_json::to_string_pretty(&v).unwrap_or_default());
        }
    };
    s.goto(&app.url("/console/manage"));
    s.submit("a[href='/console/campaigns/gt-console/responses']");
    let list = s.source();
    assert!(list.contains("1 of 1 responses") || list.contains("1 de 1 respuestas"), "{list}");
    check("responses list");
    s.submit("a[href^='/console/campaigns/gt-console/response/']");
    assert!(s.source().contains("ana@example.org"), "{}", s.source());
    check("one response");
    s.type_into("#reason", "prueba de la consola");
    s.submit("form[action$='/exclude'] button");
    let done = s.source();
    assert!(done.contains("prueba de la consola") && done.contains("/restore"), "{done}");
    check("excluded response");
    s.submit("form[action$='/restore'] button");
    assert!(s.source().contains("/exclude"), "{}", s.source());
    check("restored response");
}
