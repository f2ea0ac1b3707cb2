//! The review page before the final submit: every answer page by page, in words, each page with
//! a link to change it, the count of optional questions left unanswered and the required ones
//! still missing, among the questions that apply to the respondent. Its submit posts no answers: the response is submitted as it is kept.

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use askama::Template;
use serde_json::{Map, Value};

use super::form_page::language_name;
use super::form_view::{ErrorLink, answer_text};
use super::pages::{self, t};
use crate::service::respondent::{Context, REVIEW_PAGE};
use crate::survey::conditions::not_applying;
use crate::survey::response::{is_answered, validate};

/// One page of the review: its title, where to change it, and each question with its answer
/// (`None`: unanswered).
struct ReviewedPage {
    title: String,
    change: String,
    change_label: String,
    items: Vec<(String, Option<String>)>,
}

#[derive(Template)]
#[template(path = "review.html")]
struct ReviewPage<'a> {
    lang: &'a str,
    campaign: &'a str,
    langs: Vec<(String, String)>,
    seen: Option<String>,
    title: &'a str,
    summary: Vec<String>,
    missing: Vec<ErrorLink>,
    pages: Vec<ReviewedPage>,
    action: String,
    csrf: String,
    review_page: &'a str,
    /// `&edit=1` on the links of a change to a submitted response.
    edit: &'a str,
    t_change: &'a str,
    t_missing: String,
    t_unanswered: &'a str,
    t_submit: &'a str,
    t_language: &'a str,
}

/// The review of `answers` (the response as kept, the group filled in). `editing`: a change to a
/// submitted response, whose links keep saying so.
pub fn review_page(
    ctx: &Context,
    lang: &str,
    answers: &Map<String, Value>,
    editing: bool,
    csrf_field: String,
) -> HttpResponse {
    let s = &ctx.compiled.survey;
    let d = s.default_language.as_str();
    let edit = if editing { "&edit=1" } else { "" };
    let errors = validate(s, &ctx.compiled.validator, &Value::Object(answers.clone()), lang);
    let missing: Vec<ErrorLink> = s
        .questions
        .iter()
        .filter_map(|q| errors.get(&q.id).map(|msg| (q, msg)))
        .map(|(q, msg)| ErrorLink {
            id: q.id.clone(),
            text: format!("{} — {msg}", q.text.get(lang, d)),
            page: s.page_of(&q.id) + 1,
        })
        .collect();
    // Only the questions that apply to this respondent are listed and counted; a page of none
    // is left out.
    let hidden = not_applying(s, answers);
    let (mut answered, mut optional_left, mut total) = (0usize, 0usize, 0usize);
    let pages: Vec<ReviewedPage> = s
        .pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.questions.iter().any(|id| !hidden.contains(id.as_str())))
        .map(|(i, p)| {
            let title = p.title.get(lang, d).to_string();
            let items = p
                .questions
                .iter()
                .filter(|id| !hidden.contains(id.as_str()))
                .filter_map(|id| s.question(id))
                .map(|q| {
                    total += 1;
                    let shown = is_answered(answers, &q.id).then(|| answer_text(q, lang, d, answers));
                    answered += usize::from(shown.is_some());
                    optional_left += usize::from(shown.is_none() && !q.required);
                    (q.text.get(lang, d).to_string(), shown)
                })
                .collect();
            ReviewedPage {
                change: format!("{}?page={}&lang={lang}&review=1{edit}", ctx.path, i + 1),
                change_label: format!("{} {}: {title}", t(lang, "form-review-change"), t(lang, "form-review-page")),
                title,
                items,
            }
        })
        .collect();
    let f = crate::i18n::format;
    let mut summary = vec![f(lang, "review-answered-of", &[("answered", answered.into()), ("total", total.into())])];
    if optional_left > 0 {
        summary.push(f(lang, "review-optional-left", &[("n", optional_left.into())]));
    }
    let t_missing = f(lang, "review-required-missing", &[("n", missing.len().into())]);
    pages::render(
        StatusCode::OK,
        &ReviewPage {
            lang,
            campaign: &ctx.campaign.name_in(lang),
            langs: ctx.campaign.languages().into_iter().map(|l| (l.clone(), language_name(&l))).collect(),
            seen: ctx.invited.as_ref().map(|_| format!("{}/seen.css", ctx.path)),
            title: t(lang, "form-review-review-your-answers-before-you-submit"),
            summary,
            missing,
            pages,
            action: ctx.path.clone(),
            csrf: csrf_field,
            review_page: REVIEW_PAGE,
            edit,
            t_change: t(lang, "form-review-change"),
            t_missing,
            t_unanswered: t(lang, "form-review-not-answered"),
            t_submit: t(lang, "form-review-submit-answers"),
            t_language: t(lang, "form-review-language"),
        },
    )
}
