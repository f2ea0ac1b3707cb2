//! The respondent's journey in headless Chromium, JavaScript on and off, at 360 px and 1280 px:
//! welcome → consent refused (nothing stored) → consent given → every page answered → the review
//! (answers and the unanswered count) → one answer changed from the review → submitted → the
//! answers read back from the thank-you mail's link (a real SMTP server). axe-core finds no
//! WCAG 2.1 AA violation on any of these pages, and no page spills sideways.

use std::sync::Arc;

use dra::db;

use crate::form::{invited, survey};
use crate::journey::{stored_responses, with_consent};
use crate::smtp::SmtpServer;
use crate::support::{conn, spawn_app};
use crate::webdriver::{self, Driver, Session};

const FIRST_OPTIONS: &str = ".opts:not(.missing) > label:first-child input:not([disabled])";

struct Checks {
    axe: Option<String>,
    found: Vec<String>,
}

impl Checks {
    fn page(&mut self, s: &Session, what: &str) {
        let spill = s.overflow();
        if spill > 0 {
            self.found.push(format!("{what}: {spill} px wider than the window"));
        }
        if let Some(axe) = &self.axe {
            let v = s.axe(axe);
            if !v.is_empty() {
                self.found.push(format!("{what}: {}", serde_json::to_string_pretty(&v).unwrap_or_default()));
            }
        }
    }
}

fn journey(driver: &Driver, javascript: bool, width: u32, slug: &str) -> Vec<String> {
    let app = spawn_app();
    let link = invited(&app, slug, false);
    with_consent(&app, slug);
    let axe = std::fs::read_to_string(crate::support::repo("tests/browser/node_modules/axe-core/axe.min.js")).ok();
    if axe.is_none() {
        assert!(std::env::var("DRA_REQUIRE_BROWSER").is_err(), "axe-core missing (scripts/install-deps.sh)");
    }
    // (axe-core runs as an asynchronous script, which a session without JavaScript does not run.)
    let mut checks = Checks { axe: axe.filter(|_| javascript), found: Vec::new() };
    let at = |what: &str| format!("{what} (JavaScript {}, {width} px)", if javascript { "on" } else { "off" });
    let s = driver.session(javascript);
    s.resize(width, 900);

    s.goto(&link);
    assert!(s.source().contains("Acepto que mis respuestas"), "{}", s.source());
    checks.page(&s, &at("welcome with consent"));
    s.submit("button[value='consent:no']");
    assert!(s.source().contains("No se guardó nada de usted"), "{}", s.source());
    checks.page(&s, &at("consent refused"));
    assert_eq!(stored_responses(&app), 0, "a refusal stores nothing");

    s.goto(&link);
    s.submit("button[value='consent:yes']");
    for page in 1..=6 {
        assert!(s.source().contains(&format!("Página {page} de 6")), "{}", s.source());
        s.click_all(FIRST_OPTIONS);
        if page == 1 {
            checks.page(&s, &at("page 1 after consent"));
        }
        s.submit(if page < 6 { "button[value=next]" } else { "button[value=review]" });
    }
    let review = s.source();
    assert!(review.contains("Revise sus respuestas antes de enviar"), "{review}");
    assert!(review.contains("preguntas opcionales quedaron sin responder"), "{review}");
    checks.page(&s, &at("review"));

    // Change the first answer of page 2 from the review: its second option.
    let survey = survey();
    let q = survey.pages[1]
        .questions
        .iter()
        .filter_map(|id| survey.question(id))
        .next()
        .unwrap_or_else(|| panic!("page 2 has no question"));
    let second = q.options.get(1).unwrap_or_else(|| panic!("no second option"));
    s.submit("a[href*='page=2'][href*='review=1']");
    assert!(s.source().contains("Página 2 de 6") && s.source().contains("value=\"review\""), "{}", s.source());
    s.click(&format!("input[name='{}'][value='{}']", q.id, dra::survey::response::form_value(&second.value)));
    s.submit("button[value=review]");
    let changed = format!("<dt>{}</dt><dd>{}</dd>", q.text.get("es", "es"), second.label.get("es", "es"));
    assert!(s.source().contains(&changed), "{changed} in {}", s.source());
    s.submit("button[value=submit]");
    assert!(s.source().contains("¡Gracias por participar!"), "{}", s.source());
    checks.page(&s, &at("thank-you"));

    let mut c = conn(&app.db);
    let mut stored = Vec::new();
    db::responses::for_each_submitted(&mut c, 1, 10, |_, _, a| stored.push(a.to_string()))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(stored.len(), 1);
    let answers: serde_json::Value = serde_json::from_str(&stored[0]).unwrap_or_default();
    assert_eq!(answers[&q.id], second.value, "the change made from the review is what is stored");

    // The thank-you mail, through a real SMTP server: its link reads the answers back.
    let smtp = SmtpServer::start();
    let mut settings = crate::support::settings(&app.db);
    settings.smtp_url = Some(dra::config::Secret::new(smtp.url()));
    settings.base_url = app.url("");
    let mailer = dra::mail::Mailer::from_settings(&settings).unwrap_or_else(|e| panic!("{e}"));
    let key = settings.token_key().unwrap_or_else(|e| panic!("{e}"));
    let worker = dra::mail::Worker::new(mailer, key, &settings, Arc::new(dra::clock::SystemClock));
    let stats = worker.run_once(&mut c).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(stats.thanks_queued, 1, "the submission's thank-you, queued by the worker's pass");
    let received = smtp.received();
    let ids: Vec<Option<String>> = received.iter().map(|m| m.header("Message-ID")).collect();
    let thanks = received
        .into_iter()
        .find(|m| m.header("Message-ID").is_some_and(|id| id.contains(".thank_you@")))
        .unwrap_or_else(|| panic!("no thank-you mail among {ids:?} ({stats:?})"));
    let from_mail = thanks.personal_link().unwrap_or_else(|| panic!("no link in {}", thanks.data));
    s.goto(&from_mail);
    let read_back = s.source();
    assert!(read_back.contains("<dl class=\"answers\">") && read_back.contains(&changed), "{read_back}");
    assert!(!read_back.contains("<form"), "a read-only view: {read_back}");
    checks.page(&s, &at("answers read back from the mail's link"));
    checks.found
}

#[test]
fn welcome_consent_review_and_read_back_in_chromium() {
    if !webdriver::available() {
        return;
    }
    let driver = Driver::start();
    let mut found = Vec::new();
    for (i, (javascript, width)) in [(true, 360), (true, 1280), (false, 360), (false, 1280)].into_iter().enumerate() {
        found.extend(journey(&driver, javascript, width, &format!("gt-journey-{i}")));
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}
