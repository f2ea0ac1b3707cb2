//! Conditional questions (`surveys/examples/portal.json`) answered over HTTP as a browser without
//! JavaScript does: a question is on the form only when its condition holds on the answers of
//! earlier pages, a page of questions that do not apply is skipped (and not counted in "page k of
//! n"), a hidden required question is not required, and an earlier answer changed drops the
//! answers that no longer apply, before anything is stored.

use diesel::prelude::*;
use dra::db;
use serde_json::{Value, json};

use crate::form::{Browser, csrf, fields, invited};
use crate::support::{TestApp, conn, repo, spawn_app};

/// An open campaign `slug` with one invited participant (group "public") answering the portal
/// example; the personal link.
pub fn portal_link(app: &TestApp, slug: &str) -> String {
    let link = invited(app, slug, false);
    let s = dra::survey::load_file(std::path::Path::new(&repo("surveys/examples/portal.json")))
        .unwrap_or_else(|e| panic!("{e}"));
    let mut c = conn(&app.db);
    let id = match db::surveys::import(&mut c, &s, "portal.json").unwrap_or_else(|e| panic!("{e}")) {
        db::surveys::Imported::New(id) | db::surveys::Imported::AlreadyStored(id) => id,
    };
    diesel::update(db::schema::campaigns::table.filter(db::schema::campaigns::slug.eq(slug)))
        .set(db::schema::campaigns::survey_version_id.eq(id))
        .execute(&mut c)
        .unwrap_or_else(|e| panic!("{e}"));
    link
}

/// The answers stored for the campaign's only response (draft or submitted).
pub fn stored(app: &TestApp) -> Value {
    let mut c = conn(&app.db);
    let texts: Vec<String> = db::schema::responses::table
        .select(db::schema::responses::answers)
        .load(&mut c)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(texts.len(), 1, "one response");
    serde_json::from_str(&texts[0]).unwrap_or_else(|e| panic!("{e}"))
}

fn answers(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

/// Whether the page asks question `id` (its inputs are named after it).
fn asks(html: &str, id: &str) -> bool {
    html.contains(&format!("name=\"{id}\""))
}

#[test]
fn the_dependent_question_appears_only_when_it_applies() {
    let app = spawn_app();
    let link = portal_link(&app, "portal-http");
    let mut b = Browser::default();
    let welcome = b.get(&link);
    // Page 2 is asked only of those whose institution has a portal.
    assert!(welcome.html.contains("Unos 2 minutos, en 2 a 3 páginas"), "{}", welcome.html);
    let token = csrf(&welcome.html);
    let mut start = fields(&token, 0, "start", vec![]);
    start.retain(|(k, _)| k != "page");
    let first = b.post(&link, &start);
    assert!(first.html.contains("Página 1 de 2"), "{}", first.html);
    assert!(asks(&first.html, "has_portal") && !asks(&first.html, "portal_services"), "{}", first.html);

    // No portal: page 2 is skipped, and the last page does not ask about mobile payments.
    let third = b.post(&link, &fields(&token, 0, "next", answers(&[("has_portal", "no")])));
    assert!(third.html.contains("Página 2 de 2"), "{}", third.html);
    assert!(third.html.contains("name=\"page\" value=\"3\""), "the page posts its own number: {}", third.html);
    assert!(asks(&third.html, "gov_strategy") && !asks(&third.html, "mobile_payments"), "{}", third.html);
    assert!(third.html.contains("value=\"review\"") && !third.html.contains("value=\"next\""), "{}", third.html);
    // A link to page 2 shows the next page that applies; "previous" skips it too; a return
    // resumes on the first page left to answer.
    assert!(b.get(&format!("{link}?page=2")).html.contains("name=\"page\" value=\"3\""));
    let back = b.post(&link, &fields(&token, 2, "prev", vec![]));
    assert!(back.html.contains("Página 1 de 2") && back.html.contains("name=\"page\" value=\"1\""), "{}", back.html);
    assert!(b.get(&link).html.contains("name=\"page\" value=\"3\""));

    // A portal: page 2 appears, its required question marked so; the channels lead to the
    // question on mobile payments.
    let second = b.post(&link, &fields(&token, 0, "next", answers(&[("has_portal", "yes")])));
    assert!(second.html.contains("Página 2 de 3") && second.html.contains("name=\"page\" value=\"2\""));
    assert!(asks(&second.html, "portal_services") && asks(&second.html, "portal_channels"), "{}", second.html);
    assert!(
        second
            .html
            .contains("¿Cuántos de sus trámites se completan en el portal? <span class=\"req\">(obligatoria)</span>"),
        "{}",
        second.html
    );
    // Saved without the required answer: it waits for the submit.
    let posted = answers(&[("portal_channels", "web"), ("portal_channels", "mobile")]);
    let last = b.post(&link, &fields(&token, 1, "next", posted));
    assert!(last.html.contains("Página 3 de 3") && asks(&last.html, "mobile_payments"), "{}", last.html);
    let posted = answers(&[("inf_broadband", "4"), ("gov_strategy", "3"), ("mobile_payments", "2")]);
    let review = b.post(&link, &fields(&token, 2, "review", posted));
    assert!(review.html.contains("Respondió 6 de 7 preguntas."), "{}", review.html);
    assert!(review.html.contains("Falta 1 respuesta obligatoria"), "{}", review.html);
    let mut submit = fields(&token, 0, "submit", vec![]);
    submit.retain(|(k, _)| k != "page");
    submit.push(("page".into(), "review".into()));
    let refused = b.post(&link, &submit);
    assert_eq!(refused.status, 422);
    assert!(
        refused.html.contains("name=\"page\" value=\"2\"") && refused.html.contains("Esta pregunta es obligatoria.")
    );

    // The institution has no portal after all: what hung on it is dropped before it is stored,
    // the required question with it, and the response submits without it.
    let review = b.post(&link, &fields(&token, 0, "review", answers(&[("has_portal", "no")])));
    assert!(review.html.contains("Respondió 4 de 4 preguntas."), "{}", review.html);
    assert!(
        !review.html.contains("obligatoria") && !review.html.contains("Cuántos de sus trámites"),
        "{}",
        review.html
    );
    let kept = json!({"group": "public", "has_portal": "no", "inf_broadband": 4, "gov_strategy": 3});
    assert_eq!(stored(&app), kept);
    let done = b.post(&link, &submit);
    assert!(done.html.contains("¡Gracias por participar!"), "{}", done.html);
    assert_eq!(stored(&app), kept);
    let s = dra::survey::load_file(std::path::Path::new(&repo("surveys/examples/portal.json")))
        .unwrap_or_else(|e| panic!("{e}"));
    let validator = dra::survey::validator(&s).unwrap_or_else(|e| panic!("{e}"));
    assert!(validator.is_valid(&kept), "what is stored passes the definition's own schema");
}

#[test]
fn answers_to_questions_that_do_not_apply_are_never_stored() {
    let app = spawn_app();
    let link = portal_link(&app, "portal-crafted");
    let mut b = Browser::default();
    let token = csrf(&b.get(&link).html);
    // A page posted with answers to questions that do not apply (a crafted request, an old tab
    // of the page with the portal): they are dropped, a chain of them too; the rest is kept.
    let posted = answers(&[
        ("has_portal", "dk"),
        ("portal_services", "9"),
        ("portal_channels", "mobile"),
        ("mobile_payments", "3"),
        ("gov_strategy", "2"),
    ]);
    let page = b.post(&link, &fields(&token, 0, "next", posted));
    assert_eq!(page.status, 200, "a wrong answer to a question not asked is no error: {}", page.html);
    assert_eq!(stored(&app), json!({"group": "public", "has_portal": "dk", "gov_strategy": 2}));
}
