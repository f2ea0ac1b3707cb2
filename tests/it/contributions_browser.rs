//! Contributions in headless Chromium with JavaScript off: three proposals sent on the public
//! link (one leaving an address for the answer), then screened and answered by a moderator in the
//! console — one published and answered, one published with personal data hidden, one rejected;
//! the public page shows the answered one with its answer and the edited text only, never the
//! rejected one nor the hidden data; the contributor's one message arrives at a real SMTP server.
//! axe-core (in a session with JavaScript, which it needs) finds no WCAG 2.1 AA violation on the
//! form, its refusal, the console pages and the public page.

use std::sync::Arc;

use serde_json::json;

use crate::smtp::SmtpServer;
use crate::support::{conn, dra, spawn_app, stdout};
use crate::webdriver::{self, Driver, Session};

fn axe_check(axe: &Option<String>, s: &Session, what: &str, found: &mut Vec<String>) {
    if let Some(axe) = axe {
        let v = s.axe(axe);
        if !v.is_empty() {
            found.push(format!("{what}: {}", serde_json::to_string_pretty(&v).unwrap_or_default()));
        }
    }
}

/// A message's text with quoted-printable undone (soft line breaks, `=XX` bytes).
fn unquoted(data: &str) -> String {
    let joined = data.replace("=\r\n", "").replace("=\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'=', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn propose(s: &Session, base: &str, topic: &str, body: &str, extra: &[(&str, &str)]) -> String {
    s.goto(&format!("{base}/p/gt-voz/contribute?lang=es"));
    s.click(&format!("#topic option[value='{topic}']"));
    s.type_into("#body", body);
    for (css, text) in extra {
        if text.is_empty() {
            s.click(css);
        } else {
            s.type_into(css, text);
        }
    }
    s.submit("form[method=post] button[type=submit]");
    let page = s.source();
    assert!(page.contains("Recibimos su propuesta"), "{page}");
    page.split("Su propuesta es la número ").nth(1).and_then(|r| r.split('.').next()).unwrap_or_default().to_string()
}

#[test]
fn a_contribution_is_moderated_answered_and_published_in_chromium_without_javascript() {
    if !webdriver::available() {
        return;
    }
    let app = spawn_app();
    let base = app.url("");
    let mut c = conn(&app.db);
    let now = crate::support::now();
    crate::support::seed_campaign(&mut c, "gt-voz", &["p@example.org"], None, 0, now);
    {
        use diesel::prelude::*;
        diesel::update(dra::db::schema::campaigns::table)
            .set(dra::db::schema::campaigns::public_link.eq(1))
            .execute(&mut c)
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let topics = app.db.dir.path().join("temas.txt");
    std::fs::write(&topics, "salud | Salud digital | Digital health\nedu | Educación | Education\n")
        .unwrap_or_else(|e| panic!("{e}"));
    let data = app.db.dir.path().join("data");
    let data = data.to_str().unwrap_or_default().to_string();
    let env = [("DATABASE_URL", app.db.url.as_str()), ("DRA_DATA_DIR", data.as_str())];
    let out =
        dra(&["contributions", "setup", "--campaign", "gt-voz", "--topics", topics.to_str().unwrap_or_default()], &env);
    assert!(out.status.success(), "{}", crate::support::stderr(&out));
    let out = stdout(&dra(&["user", "add", "moderadora", "--role", "moderator"], &env));
    let password = out
        .split("one-time password ")
        .nth(1)
        .and_then(|r| r.split_whitespace().next())
        .unwrap_or_default()
        .to_string();
    assert!(!password.is_empty(), "{out}");

    let axe = std::fs::read_to_string(crate::support::repo("tests/browser/node_modules/axe-core/axe.min.js")).ok();
    let driver = Driver::start();
    let s = driver.session(false);
    s.goto("data:text/html,<title>off</title><script>document.title='on'</script>");
    assert!(s.source().contains("<title>off</title>"), "JavaScript is off");

    // A refused submission says what to fix and keeps what was typed.
    s.goto(&format!("{base}/p/gt-voz/contribute?lang=es"));
    s.type_into("#body", "Sin tema elegido");
    s.type_into("#email", "ana@example.org");
    s.submit("form[method=post] button[type=submit]");
    let refused = s.source();
    assert!(refused.contains("Elija un tema de la lista.") && refused.contains("Marque la casilla"), "{refused}");
    assert!(refused.contains("Sin tema elegido") && refused.contains("value=\"ana@example.org\""), "{refused}");

    let answered = propose(
        &s,
        &base,
        "edu",
        "Publiquen los datos de matrícula por municipio",
        &[("#name", "Ana Pérez"), ("#email", "ana@example.org"), ("#notify", "")],
    );
    let edited = propose(&s, &base, "salud", "Llamen a mi vecina Rosa al 5555-1234 para la telemedicina", &[]);
    let rejected = propose(&s, &base, "salud", "COMPRE YA relojes baratos", &[]);
    assert!(!answered.is_empty() && !edited.is_empty() && !rejected.is_empty());

    // The moderator signs in (first with the one-time password, which must be changed).
    let m = driver.session(false);
    m.goto(&format!("{base}/console/login"));
    m.type_into("#username", "moderadora");
    m.type_into("#password", &password);
    m.submit("button[type=submit]");
    let new = "moderación ciudadana 2026";
    m.type_into("#current", &password);
    m.type_into("#new", new);
    m.type_into("#repeat", new);
    m.submit("button[type=submit]");
    m.type_into("#username", "moderadora");
    m.type_into("#password", new);
    m.submit("button[type=submit]");
    m.goto(&format!("{base}/console/campaigns/gt-voz/contributions"));
    let queue = m.source();
    assert!(queue.contains(&format!("#{answered}")) && queue.contains(&format!("#{rejected}")), "{queue}");
    assert!(!queue.contains("/contributions/settings"), "a moderator does not set the topics: {queue}");

    // Published and answered.
    m.goto(&format!("{base}/console/campaigns/gt-voz/contributions/{answered}"));
    // (The console speaks the browser's language: what is checked here is the same in both.)
    let one = m.source();
    assert!(one.contains("Ana Pérez") && !one.contains("ana@example.org"), "the address is never shown: {one}");
    m.click("#decision-publish");
    m.submit("form[action$='/screen'] button");
    let published = m.source();
    assert!(!published.contains("/screen\"") && published.contains("/answer\""), "{published}");
    m.click("#answer option[value='partly_incorporated']");
    m.type_into("#answer_reason", "Se publicarán por departamento, no por municipio");
    m.type_into("#reference", "Plan de acción 2026, compromiso 4");
    m.submit("form[action$='/answer'] button");
    assert!(m.source().contains("value=\"partly_incorporated\" selected"), "{}", m.source());
    // Published with personal data hidden: the edited text replaces the original.
    m.goto(&format!("{base}/console/campaigns/gt-voz/contributions/{edited}"));
    m.click("#decision-edit");
    m.script(
        "document.getElementById('text').value = arguments[0];",
        json!(["Llamen a [dato personal oculto] para la telemedicina"]),
    );
    m.type_into("#note", "nombre y teléfono de un tercero");
    m.submit("form[action$='/screen'] button");
    let after = m.source();
    assert!(
        after.contains("Llamen a [dato personal oculto]") && after.contains("Rosa"),
        "both, for the audit: {after}"
    );
    assert!(after.contains("nombre y teléfono de un tercero"), "{after}");
    // Rejected, with its reason.
    m.goto(&format!("{base}/console/campaigns/gt-voz/contributions/{rejected}"));
    m.click("#decision-reject");
    m.type_into("#reason", "publicidad");
    m.submit("form[action$='/screen'] button");
    let gone = m.source();
    assert!(gone.contains("publicidad") && !gone.contains("/screen\"") && !gone.contains("/answer\""), "{gone}");

    // The public page, for anyone.
    s.goto(&format!("{base}/p/gt-voz/contributions?lang=es"));
    let public = s.source();
    assert!(
        public.contains("Publiquen los datos de matrícula por municipio") && public.contains("Ana Pérez"),
        "{public}"
    );
    assert!(public.contains("Incorporada en parte") && public.contains("Se publicarán por departamento"), "{public}");
    assert!(public.contains("Plan de acción 2026, compromiso 4"), "{public}");
    assert!(public.contains("Llamen a [dato personal oculto] para la telemedicina"), "{public}");
    for hidden in ["Rosa", "5555-1234", "COMPRE", "relojes", "ana@example.org", "publicidad"] {
        assert!(!public.contains(hidden), "{hidden} on the public page: {public}");
    }
    assert!(!public.contains(&format!("id=\"c{rejected}\"")));

    // The one message, through a real SMTP server.
    let smtp = SmtpServer::start();
    let mut settings = crate::support::settings(&app.db);
    settings.smtp_url = Some(dra::config::Secret::new(smtp.url()));
    settings.base_url = base.clone();
    let mailer = dra::mail::Mailer::from_settings(&settings).unwrap_or_else(|e| panic!("{e}"));
    let key = settings.token_key().unwrap_or_else(|e| panic!("{e}"));
    let worker = dra::mail::Worker::new(mailer, key, &settings, Arc::new(dra::clock::SystemClock));
    let stats = worker.deliver_due(&mut c, usize::MAX).unwrap_or_else(|e| panic!("{e}"));
    let received = smtp.received();
    assert_eq!(received.len(), 1, "{stats:?}");
    assert!(received[0].to.iter().any(|t| t.contains("ana@example.org")), "{:?}", received[0].to);
    let text = unquoted(&received[0].data);
    assert!(text.contains("Incorporada en parte") && text.contains("compromiso 4"), "{text}");
    assert!(text.contains(&format!("/p/gt-voz/contributions?lang=es#c{answered}")), "{text}");
    assert_eq!(worker.deliver_due(&mut c, usize::MAX).map(|s| s.sent).unwrap_or(9), 0, "sent once");

    // Accessibility, with JavaScript on for axe-core.
    let mut found = Vec::new();
    if axe.is_some() {
        let a = driver.session(true);
        a.goto(&format!("{base}/p/gt-voz/contribute?lang=en"));
        axe_check(&axe, &a, "the form", &mut found);
        a.submit("form[method=post] button[type=submit]");
        axe_check(&axe, &a, "the form refused", &mut found);
        a.goto(&format!("{base}/p/gt-voz/contributions?lang=en"));
        axe_check(&axe, &a, "the public page", &mut found);
        a.goto(&format!("{base}/p/gt-voz/contributions/record.html?lang=en"));
        axe_check(&axe, &a, "the record", &mut found);
        a.goto(&format!("{base}/console/login"));
        a.type_into("#username", "moderadora");
        a.type_into("#password", new);
        a.submit("button[type=submit]");
        a.goto(&format!("{base}/console/campaigns/gt-voz/contributions?status=all"));
        axe_check(&axe, &a, "the queue", &mut found);
        a.goto(&format!("{base}/console/campaigns/gt-voz/contributions/{edited}"));
        axe_check(&axe, &a, "one contribution", &mut found);
    } else {
        assert!(std::env::var("DRA_REQUIRE_BROWSER").is_err(), "axe-core missing (scripts/install-deps.sh)");
    }
    assert!(found.is_empty(), "WCAG 2.1 AA violations:\n{}", found.join("\n"));
}
