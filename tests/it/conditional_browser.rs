//! Conditional questions (`surveys/examples/portal.json`) in headless Chromium with JavaScript
//! off, at phone width: the page of questions about the portal appears only once the respondent
//! says there is one, its required question is not required once it no longer applies, the
//! answers hanging on an earlier answer are dropped when that answer changes, and the pages
//! neither spill sideways nor count a page that is skipped.

use serde_json::json;

use crate::conditional_form::{portal_link, stored};
use crate::support::spawn_app;
use crate::webdriver::{self, Driver};

const NEXT: &str = "button[value=next]";
const REVIEW: &str = "button[value=review]";

#[test]
fn conditional_questions_in_chromium_without_javascript() {
    if !webdriver::available() {
        return;
    }
    let app = spawn_app();
    let link = portal_link(&app, "portal-chromium");
    let driver = Driver::start();
    let s = driver.session(false);
    s.resize(360, 800);
    // The page's own scripts do not run in this browser.
    s.goto("data:text/html,<title>off</title><script>document.title='on'</script>");
    assert!(s.source().contains("<title>off</title>"), "{}", s.source());

    s.goto(&link);
    assert!(s.source().contains("en 2 a 3 páginas"), "{}", s.source());
    s.submit("button[value=start]");
    let first = s.source();
    assert!(first.contains("Página 1 de 2") && !first.contains("name=\"portal_services\""), "{first}");

    // "Yes": the portal's page appears, its question required.
    s.click("input[name='has_portal'][value='yes']");
    s.submit(NEXT);
    let portal = s.source();
    assert!(portal.contains("Página 2 de 3"), "{portal}");
    assert!(portal.contains("name=\"portal_services\"") && portal.contains("(obligatoria)"), "{portal}");
    assert_eq!(s.overflow(), 0, "the page fits a phone");
    // The channels answered, the required question left for later: the last page asks about
    // payments from the mobile app.
    s.click("input[name='portal_channels'][value='mobile']");
    s.submit(NEXT);
    let last = s.source();
    assert!(last.contains("Página 3 de 3") && last.contains("name=\"mobile_payments\""), "{last}");
    s.click("input[name='mobile_payments'][value='2']");
    s.click("input[name='gov_strategy'][value='3']");
    s.submit(REVIEW);
    let review = s.source();
    assert!(review.contains("Falta 1 respuesta obligatoria") && review.contains("Respondió 5 de 7"), "{review}");

    // Back to page 1 from the review: "No" after all. The portal's questions go, and with them
    // the required one: the response submits.
    s.submit("a[href*='page=1'][href*='review=1']");
    assert!(s.source().contains("Página 1 de 3"), "{}", s.source());
    s.click("input[name='has_portal'][value='no']");
    s.submit(REVIEW);
    let review = s.source();
    assert!(review.contains("Respondió 3 de 4 preguntas."), "{review}");
    assert!(!review.contains("obligatoria") && !review.contains("El portal"), "{review}");
    assert_eq!(stored(&app), json!({"group": "public", "has_portal": "no", "gov_strategy": 3}));
    s.submit("button[value=submit]");
    assert!(s.source().contains("¡Gracias por participar!"), "{}", s.source());
    assert_eq!(stored(&app), json!({"group": "public", "has_portal": "no", "gov_strategy": 3}));
}
