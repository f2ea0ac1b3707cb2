//! The respondent's journey around the questions, over HTTP as a browser without JavaScript
//! uses it: the welcome screen (who sees the answers, the campaign's minimum group size), the
//! consent the definition asks for (a refusal stores nothing, a page posted without consent
//! stores nothing), and the review before the final submit (every answer, the unanswered count,
//! a change made from the review, a submit that keeps every answer).

use diesel::prelude::*;
use dra::db;
use serde_json::Value;

use crate::form::{Browser, csrf, fields, invited, page_answers, survey};
use crate::support::{TestApp, conn, spawn_app};

/// The Guatemala definition with a consent statement and a welcome text of its own, stored and
/// put under the campaign `slug` (which has no response yet).
pub fn with_consent(app: &TestApp, slug: &str) {
    let path = crate::support::repo("surveys/dra-core.json");
    let mut def: Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap_or_default()).unwrap_or_else(|e| panic!("{e}"));
    def["x-dra"]["version"] = Value::from("1.0.0-consent");
    def["x-dra"]["welcome"] = serde_json::json!({
        "es": "La Comisión Presidencial de Gobierno Abierto y Electrónico mide la preparación digital del país.\n\nSu opinión orienta las prioridades.",
        "en": "The Presidential Commission for Open and Electronic Government measures the country's digital readiness.\n\nYour view guides the priorities."
    });
    def["x-dra"]["consent"] = serde_json::json!({
        "es": "Acepto que mis respuestas se usen para el informe nacional, publicadas solo por grupo.",
        "en": "I agree that my answers are used for the national report, published by group only."
    });
    def["x-dra"]["minutes"] = Value::from(15);
    let file = app.db.dir.path().join("dra-consent.json");
    std::fs::write(&file, serde_json::to_string_pretty(&def).unwrap_or_default()).unwrap_or_else(|e| panic!("{e}"));
    let s = dra::survey::load_file(&file).unwrap_or_else(|e| panic!("{e}"));
    assert!(!s.consent.is_empty() && s.minutes == Some(15));
    let mut c = conn(&app.db);
    let id = match db::surveys::import(&mut c, &s, "dra-consent.json").unwrap_or_else(|e| panic!("{e}")) {
        db::surveys::Imported::New(id) | db::surveys::Imported::AlreadyStored(id) => id,
    };
    diesel::update(db::schema::campaigns::table.filter(db::schema::campaigns::slug.eq(slug)))
        .set(db::schema::campaigns::survey_version_id.eq(id))
        .execute(&mut c)
        .unwrap_or_else(|e| panic!("{e}"));
}

pub fn stored_responses(app: &TestApp) -> i64 {
    let mut c = conn(&app.db);
    db::schema::responses::table.count().get_result(&mut c).unwrap_or_else(|e| panic!("{e}"))
}

fn started(app: &TestApp) -> bool {
    let mut c = conn(&app.db);
    let started: Vec<Option<chrono::NaiveDateTime>> = db::schema::invitations::table
        .select(db::schema::invitations::started_at)
        .load(&mut c)
        .unwrap_or_else(|e| panic!("{e}"));
    started.iter().any(Option::is_some)
}

fn min_cell(app: &TestApp, slug: &str) -> i32 {
    let mut c = conn(&app.db);
    let c = db::campaigns::require(&mut c, slug).unwrap_or_else(|e| panic!("{e}"));
    c.min_cell_size.max(dra::campaign::MIN_CELL_FLOOR)
}

#[test]
fn consent_comes_first_and_a_refusal_stores_nothing() {
    let app = spawn_app();
    let link = invited(&app, "gt-consent", false);
    with_consent(&app, "gt-consent");
    let s = survey();
    let mut b = Browser::default();

    let welcome = b.get(&link);
    assert_eq!(welcome.status, 200);
    let html = &welcome.html;
    assert!(html.contains("La Comisión Presidencial") && html.contains("<p>Su opinión orienta"), "{html}");
    assert!(html.contains("Unos 15 minutos, en 6 páginas"), "{html}");
    let k = min_cell(&app, "gt-consent");
    assert!(html.contains(&format!("solo de grupos con al menos {k} respuestas")), "{html}");
    assert!(html.contains("Acepto que mis respuestas") && html.contains("value=\"consent:no\""), "{html}");
    assert!(!html.contains("<fieldset"), "no question before consent");
    let token = csrf(html);

    // "I do not agree": nothing stored, and the page says so.
    let mut refuse = fields(&token, 0, "consent:no", vec![]);
    refuse.retain(|(k, _)| k != "page");
    let refused = b.post(&link, &refuse);
    assert_eq!(refused.status, 200);
    assert!(refused.html.contains("No se guardó nada de usted"), "{}", refused.html);
    assert_eq!(stored_responses(&app), 0);
    assert!(!started(&app), "a refusal does not start the invitation");

    // A page posted without the consent (a crafted request, an old tab) stores nothing either:
    // it leads back to the welcome screen.
    let sneaked = b.post(&link, &fields(&token, 0, "next", page_answers(&s, 0)));
    assert!(sneaked.html.contains("Acepto que mis respuestas"), "{}", sneaked.html);
    assert_eq!(stored_responses(&app), 0);
    // Nor does a page asked for by its address show questions before the consent.
    assert!(b.get(&format!("{link}?page=2")).html.contains("value=\"consent:yes\""));

    // "I agree": page 1, which carries the consent until a page is stored.
    let mut agreed = b.post(&link, &fields(&token, 0, "consent:yes", vec![]));
    agreed.html = agreed.html.replace("&#38;", "&amp;");
    assert!(agreed.html.contains("Página 1 de 6"), "{}", agreed.html);
    assert!(agreed.html.contains("name=\"consent\" value=\"yes\""), "{}", agreed.html);
    // The language link keeps it.
    assert!(agreed.html.contains("lang=en&amp;consent=1"), "{}", agreed.html);
    let mut page1 = fields(&token, 0, "next", page_answers(&s, 0));
    page1.push(("consent".into(), "yes".into()));
    let next = b.post(&link, &page1);
    assert!(next.html.contains("Página 2 de 6"), "{}", next.html);
    assert!(!next.html.contains("name=\"consent\""), "stored: no consent to carry any more");
    assert_eq!(stored_responses(&app), 1);
    // Once begun, the link resumes where the respondent was, not at the welcome screen.
    assert!(b.get(&link).html.contains("Página 2 de 6"));
}

#[test]
fn the_welcome_screen_speaks_the_respondents_language_and_starts_without_consent() {
    let app = spawn_app();
    let link = invited(&app, "gt-welcome", false);
    let mut b = Browser::default();
    let welcome = b.get(&format!("{link}?lang=en"));
    let html = &welcome.html;
    assert!(html.contains("<html lang=\"en\">"), "{html}");
    // The definition has no welcome text of its own: its description is said.
    let s = survey();
    let said: String = s.description.get("en", "es").chars().take(60).collect();
    assert!(html.contains(&said), "{said} in {html}");
    let minutes = dra::web::form_intro::minutes(&s);
    assert!(html.contains(&format!("About {minutes} minutes, on 6 pages")), "{html}");
    assert!(html.contains("Who sees your answers") && html.contains("If you want to stop"), "{html}");
    assert!(html.contains("value=\"start\"") && !html.contains("consent:yes"), "{html}");
    assert!(html.contains("/print?lang=en"), "the paper form is offered");
    let mut start = fields(&csrf(html), 0, "start", vec![]);
    start.retain(|(k, _)| k != "lang");
    start.push(("lang".into(), "en".into()));
    let first = b.post(&link, &start);
    assert!(first.html.contains("Page 1 of 6"), "{}", first.html);
    assert_eq!(stored_responses(&app), 0, "starting stores nothing");
}

#[test]
fn the_review_lists_every_answer_and_a_change_from_it_keeps_the_rest() {
    let app = spawn_app();
    let link = invited(&app, "gt-review", false);
    let s = survey();
    let mut b = Browser::default();
    let token = csrf(&b.get(&link).html);
    let last = s.pages.len() - 1;
    for page in 0..last {
        b.post(&link, &fields(&token, page, "next", page_answers(&s, page)));
    }
    // The last page leads to the review, not straight to the submit.
    let last_page = b.get(&format!("{link}?page={}", last + 1));
    assert!(last_page.html.contains("value=\"review\"") && !last_page.html.contains("value=\"submit\""));
    let mut review = b.post(&link, &fields(&token, last, "review", page_answers(&s, last)));
    review.html = review.html.replace("&#38;", "&amp;");
    assert_eq!(review.status, 200);
    let html = &review.html;
    assert!(html.contains("Revise sus respuestas antes de enviar"), "{html}");
    // Counted independently: what was posted, plus the group filled in for the participant.
    let answered: usize = (0..=last).map(|p| page_answers(&s, p).len()).sum::<usize>() + 1;
    let optional_left = s
        .questions
        .iter()
        .filter(|q| !q.required && q.profile.as_deref() != Some("group"))
        .filter(|q| !(0..=last).any(|p| page_answers(&s, p).iter().any(|(id, _)| id == &q.id)))
        .count();
    assert!(optional_left > 0, "the fixture leaves the comment boxes empty");
    assert!(html.contains(&format!("Respondió {answered} de {} preguntas.", s.questions.len())), "{html}");
    assert!(html.contains(&format!("{optional_left} preguntas opcionales quedaron sin responder")), "{html}");
    assert_eq!(html.matches("class=\"unanswered\"").count(), optional_left);
    for p in &s.pages {
        assert!(html.contains(&format!("<h2>{}</h2>", p.title.get("es", "es"))), "{}", p.title.get("es", "es"));
    }
    let q = s.scored_questions().next().unwrap_or_else(|| panic!("no scored question"));
    let label = |v: i64| q.options.iter().find(|o| o.value == v).map(|o| o.label.get("es", "es").to_string());
    let before = format!("<dt>{}</dt><dd>{}</dd>", q.text.get("es", "es"), label(3).unwrap_or_default());
    assert!(html.contains(&before), "{before} in {html}");

    // Change one answer from the review: its page, with the way back to the review.
    let on = s.page_of(&q.id);
    let change = format!("?page={}&amp;lang=es&amp;review=1", on + 1);
    assert!(html.contains(&change), "{change} in {html}");
    let page = b.get(&format!("{link}?page={}&lang=es&review=1", on + 1));
    assert!(page.html.contains("value=\"review\""), "{}", page.html);
    let mut changed = page_answers(&s, on);
    for (id, v) in &mut changed {
        if id == &q.id {
            *v = "4".into();
        }
    }
    let review = b.post(&link, &fields(&token, on, "review", changed));
    let after = format!("<dt>{}</dt><dd>{}</dd>", q.text.get("es", "es"), label(4).unwrap_or_default());
    assert!(review.html.contains(&after), "{after} in {}", review.html);

    // The review's submit posts no answers: the response is submitted as kept, every page whole.
    let mut submit = fields(&token, 0, "submit", vec![]);
    for (k, v) in &mut submit {
        if k == "page" {
            *v = "review".into();
        }
    }
    let done = b.post(&link, &submit);
    assert!(done.html.contains("¡Gracias por participar!"), "{}", done.html);
    let mut c = conn(&app.db);
    let mut stored = Vec::new();
    db::responses::for_each_submitted(&mut c, 1, 10, |_, _, a| stored.push(a.to_string()))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(stored.len(), 1);
    let answers: Value = serde_json::from_str(&stored[0]).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(answers[&q.id], 4, "the change made from the review");
    for p in 0..=last {
        for (id, v) in page_answers(&s, p) {
            if id != q.id {
                assert_eq!(dra::survey::response::form_value(&answers[&id]), v, "{id} kept");
            }
        }
    }
}

#[test]
fn the_review_names_missing_required_answers_and_the_submit_leads_to_them() {
    // The public link: the stakeholder group (required) is the citizen's to choose, on page 1.
    let app = spawn_app();
    invited(&app, "gt-review-missing", false);
    diesel::update(db::schema::campaigns::table)
        .set(db::schema::campaigns::public_link.eq(1))
        .execute(&mut conn(&app.db))
        .unwrap_or_else(|e| panic!("{e}"));
    let url = app.url("/p/gt-review-missing");
    let s = survey();
    let mut citizen = Browser::default();
    let welcome = citizen.get(&url);
    assert!(welcome.html.contains("en este mismo navegador"), "{}", welcome.html);
    let token = csrf(&welcome.html);
    let last = s.pages.len() - 1;
    // Everything but page 1.
    for page in 1..=last {
        citizen.post(&url, &fields(&token, page, "save", page_answers(&s, page)));
    }
    let review = citizen.get(&format!("{url}?review=1"));
    let html = review.html.replace("&#38;", "&amp;");
    let required: Vec<&str> = s.pages[0]
        .questions
        .iter()
        .filter(|id| s.question(id).is_some_and(|q| q.required))
        .map(String::as_str)
        .collect();
    assert!(!required.is_empty());
    let said = match required.len() {
        1 => "Falta 1 respuesta obligatoria".to_string(),
        n => format!("Faltan {n} respuestas obligatorias"),
    };
    assert!(html.contains(&said), "{said} in {html}");
    assert!(html.contains("?page=1&amp;lang=es&amp;review=1"), "{html}");
    let mut submit = fields(&token, 0, "submit", vec![]);
    for (k, v) in &mut submit {
        if k == "page" {
            *v = "review".into();
        }
    }
    let refused = citizen.post(&url, &submit);
    assert_eq!(refused.status, 422);
    assert!(refused.html.contains("Página 1 de 6") && refused.html.contains("value=\"submit\""), "{}", refused.html);
    let mut c = conn(&app.db);
    let mut n = 0;
    db::responses::for_each_submitted(&mut c, 1, 10, |_, _, _| n += 1).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(n, 0, "nothing submitted with answers missing");
    // What was saved stays: page 2's answers are still there.
    let page2 = citizen.get(&format!("{url}?page=2"));
    assert!(page2.html.contains(" checked"), "{}", page2.html);
}
