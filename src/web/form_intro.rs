//! The first screen of a questionnaire, before any answer: who asks and why (the definition's
//! `x-dra.welcome`, else its description), how long answering takes, who sees the answers (the
//! disclosure rule with the campaign's minimum group size), how to stop or withdraw, and, when
//! the definition has a consent statement, the choice to agree or not. Nothing is stored by this
//! screen; a refusal says so.

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use askama::Template;

use super::form_page::language_name;
use super::pages::{self, t};
use crate::campaign::{MIN_CELL_FLOOR, Mode};
use crate::service::respondent::Context;
use crate::survey::{QuestionKind, Survey};

#[derive(Template)]
#[template(path = "welcome.html")]
struct WelcomePage<'a> {
    lang: &'a str,
    campaign: &'a str,
    title: String,
    langs: Vec<(String, String)>,
    /// What the definition says of the consultation, paragraph by paragraph.
    intro: Vec<String>,
    /// The facts every respondent is told: (heading, text).
    facts: Vec<(&'a str, String)>,
    /// The consent statement's paragraphs; empty when the definition asks for none.
    consent: Vec<String>,
    print: Option<(String, String)>,
    /// A personal link's screen seen in a browser marks the invitation opened (see `form::seen`).
    seen: Option<String>,
    action: String,
    csrf: String,
    t_start: &'a str,
    t_agree: &'a str,
    t_decline: &'a str,
    t_consent: &'a str,
    t_language: &'a str,
}

/// Paragraphs of a text written with blank lines between them.
fn paragraphs(text: &str) -> Vec<String> {
    text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()).map(str::to_string).collect()
}

/// How many minutes answering takes: the definition's word, else an estimate from the questions
/// (a choice ten seconds' read, a number or several choices twenty, a required text a minute;
/// optional comment boxes are left to those who want to write), rounded up.
pub fn minutes(survey: &Survey) -> u32 {
    if let Some(m) = survey.minutes {
        return m;
    }
    let seconds: u32 = survey
        .questions
        .iter()
        .map(|q| match q.kind {
            QuestionKind::Scored | QuestionKind::Single => 10,
            QuestionKind::Multiple | QuestionKind::Number => 20,
            QuestionKind::Text if q.required => 60,
            QuestionKind::Text => 0,
        })
        .sum();
    seconds.div_ceil(60).max(1)
}

/// The welcome screen of a respondent who has not begun.
pub fn welcome_page(ctx: &Context, lang: &str, csrf_field: String) -> HttpResponse {
    let s = &ctx.compiled.survey;
    let d = s.default_language.as_str();
    let min_group = ctx.campaign.min_cell_size.max(MIN_CELL_FLOOR);
    let anonymous = ctx.campaign.mode() == Mode::Anonymous;
    let public = ctx.invited.is_none();
    let mut intro = paragraphs(s.welcome.get(lang, d));
    if intro.is_empty() {
        intro = paragraphs(s.description.get(lang, d));
    }
    let m = minutes(s);
    // A page of questions asked only under a condition may be skipped: "2 to 3 pages".
    let always = s
        .pages
        .iter()
        .filter(|p| p.questions.iter().any(|q| s.question(q).is_some_and(|q| q.relevant.is_none())))
        .count();
    let all = s.pages.len().max(1);
    let pages = if always < all {
        crate::i18n::format(lang, "welcome-pages-range", &[("from", always.max(1).into()), ("to", all.into())])
    } else {
        all.to_string()
    };
    let args = [("minutes", crate::i18n::Arg::from(m)), ("pages", pages.into())];
    let time = crate::i18n::format(lang, if public { "welcome-time-public" } else { "welcome-time-personal" }, &args);
    let mut seen = crate::i18n::format(lang, "welcome-published-per-group", &[("min", min_group.into())]);
    seen.push(' ');
    seen.push_str(if anonymous {
        t(lang, "form-intro-your-answers-are-not-linked-to")
    } else {
        t(lang, "form-intro-the-team-that-runs-the-consultation")
    });
    let withdraw = if anonymous {
        t(lang, "form-intro-taking-part-is-voluntary-you-can")
    } else {
        t(lang, "form-intro-taking-part-is-voluntary-you-can-2")
    };
    let facts = vec![
        (t(lang, "form-intro-how-long-it-takes"), time),
        (t(lang, "form-intro-who-sees-your-answers"), seen),
        (t(lang, "form-intro-if-you-want-to-stop"), withdraw.to_string()),
    ];
    let print = ctx.invited.as_ref().map(|_| {
        (format!("{}/print?lang={lang}", ctx.path), t(lang, "form-page-prefer-to-answer-on-paper-print").to_string())
    });
    pages::render(
        StatusCode::OK,
        &WelcomePage {
            lang,
            campaign: &ctx.campaign.name_in(lang),
            title: s.title.get(lang, d).to_string(),
            langs: ctx.campaign.languages().into_iter().map(|l| (l.clone(), language_name(&l))).collect(),
            intro,
            facts,
            consent: paragraphs(s.consent.get(lang, d)),
            print,
            seen: ctx.invited.as_ref().map(|_| format!("{}/seen.css", ctx.path)),
            action: ctx.path.clone(),
            csrf: csrf_field,
            t_start: t(lang, "form-intro-start"),
            t_agree: t(lang, "form-intro-i-agree-start"),
            t_decline: t(lang, "form-intro-i-do-not-agree"),
            t_consent: t(lang, "form-intro-your-consent"),
            t_language: t(lang, "form-review-language"),
        },
    )
}

/// What a respondent who did not agree is told: nothing of theirs was stored.
pub fn declined_page(ctx: &Context, lang: &str) -> HttpResponse {
    let mut paragraphs = vec![
        t(lang, "form-intro-nothing-of-yours-was-stored-no").to_string(),
        t(lang, "form-intro-if-you-change-your-mind-open").to_string(),
    ];
    if ctx.invited.is_some() {
        paragraphs.push(t(lang, "form-intro-if-you-do-not-wish-to").to_string());
    }
    pages::notice(StatusCode::OK, lang, t(lang, "form-intro-you-chose-not-to-take-part"), paragraphs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_time_is_the_definitions_word_or_an_estimate_from_its_questions() {
        let text =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/surveys/dra-core.json")).unwrap_or_default();
        let mut doc: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
        let s = crate::survey::check_bytes(doc.to_string().as_bytes()).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(minutes(&s), 20, "the definition says 20");
        if let Some(meta) = doc["x-dra"].as_object_mut() {
            meta.remove("minutes");
        }
        let s = crate::survey::check_bytes(doc.to_string().as_bytes()).unwrap_or_else(|e| panic!("{e:?}"));
        // Counted from the definition's own properties: single choices (with "enum" or "oneOf")
        // ten seconds each; its free texts are optional comment boxes.
        let props = doc["properties"].as_object().map(|p| p.values().cloned().collect::<Vec<_>>()).unwrap_or_default();
        let choices = props.iter().filter(|p| p.get("enum").is_some() || p.get("oneOf").is_some()).count() as u32;
        assert!(choices > 40);
        assert_eq!(minutes(&s), (choices * 10).div_ceil(60));
    }
}
