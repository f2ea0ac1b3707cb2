//! What a questionnaire request knows (who answers, their campaign, survey and saved answers)
//! and the pages it shows: a questionnaire page, the thank-you page, the closed and not-yet-open
//! notices.

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use askama::Template;
use serde_json::{Map, Value};

use super::form_view::{self, ErrorLink, QuestionView, Ui};
use super::pages::{self, t};
use super::state::AppState;
use crate::mail::queue::format_close;
use crate::service::DomainError;
use crate::service::respondent::{self, Availability, Context, Library, Who};
use crate::survey::response::FieldErrors;

#[derive(Template)]
#[template(path = "form.html")]
pub(super) struct FormPage<'a> {
    lang: &'a str,
    campaign: &'a str,
    langs: Vec<(String, String)>,
    /// The page (1-based, among all the definition's pages) that the form posts and links name.
    page_no: usize,
    /// A page shown before this one (pages whose every question does not apply are skipped).
    has_prev: bool,
    /// A page shown after this one.
    has_next: bool,
    percent: usize,
    /// A personal link's page asks for this (empty) stylesheet with the browser's session: the
    /// request that marks the invitation opened, which a mail scanner fetching the link does not
    /// make.
    seen: Option<String>,
    /// On a personal link's first page: the questionnaire as a PDF to print and fill in.
    print: Option<(String, String)>,
    /// The submit button is on this page: after an incomplete submit, the page of the first
    /// missing answer.
    submit_here: bool,
    /// The button to the review page (which submits) is on this page: the last one, or any page
    /// reached from the review.
    review_here: bool,
    /// The consent given on the welcome screen, carried until a page is stored.
    consent: bool,
    /// What the language links keep of the page's query (the consent given, the way back to
    /// the review).
    keep: String,
    page_title: String,
    saved: bool,
    error_links: Vec<ErrorLink>,
    action: String,
    csrf: String,
    honeypot: bool,
    questions: Vec<QuestionView>,
    ui: Ui,
}

#[derive(Template)]
#[template(path = "done.html")]
pub(super) struct DonePage<'a> {
    lang: &'a str,
    campaign: &'a str,
    title: &'a str,
    paragraphs: Vec<String>,
    edit_link: Option<(String, String)>,
    again_link: Option<(String, String)>,
    /// The submitted answers read back (not in an anonymous campaign: nothing leads back to them).
    answered: Vec<form_view::AnsweredPage>,
    t_answers: &'a str,
}

/// What the respondent side reads with, from the application's state.
pub(super) fn library(state: &AppState) -> Library<'_> {
    Library { surveys: &state.surveys, key: &state.key }
}

/// What a request on the questionnaire knows; `None` for a link that leads nowhere.
pub(super) fn load(state: &AppState, who: &Who) -> Result<Option<Context>, DomainError> {
    respondent::load(&state.pool, &library(state), who)
}

/// A language's own name (`Español`, `English`, `Kʼicheʼ`), for the language switch.
pub(super) fn language_name(code: &str) -> String {
    crate::i18n::own_name(code)
}

/// The page to answer in when the campaign does not take answers now; `None` when it does.
pub(super) fn closed_page(ctx: &Context, lang: &str, now: chrono::NaiveDateTime) -> Option<HttpResponse> {
    let c = &ctx.campaign;
    match ctx.availability(now) {
        Availability::Open => None,
        Availability::Closed => {
            let when = c.closes_at.map(|t| format_close(t, &c.time_zone)).unwrap_or_default();
            let text = crate::i18n::format(
                lang,
                "form-closed-on",
                &[("campaign", c.name_in(lang).into()), ("when", when.into())],
            );
            Some(pages::notice(StatusCode::GONE, lang, t(lang, "form-page-the-consultation-is-closed"), vec![text]))
        }
        Availability::NotYetOpen => {
            let text = match c.opens_at.map(|t| format_close(t, &c.time_zone)) {
                Some(w) => format!("{} {w}.", t(lang, "form-page-the-consultation-opens-on")),
                None => t(lang, "form-page-the-consultation-is-not-open-yet").to_string(),
            };
            Some(pages::notice(StatusCode::FORBIDDEN, lang, c.name_in(lang), vec![text]))
        }
    }
}

/// How a questionnaire page is shown, beside its answers and errors.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct Shown {
    /// "Your answers are saved", after a save.
    pub saved: bool,
    /// The respondent agreed to the consent statement on the welcome screen: the page carries
    /// it until a page of theirs is stored.
    pub consent: bool,
    /// Reached from the review page: a button saves and leads back to it.
    pub from_review: bool,
    /// The submit button is on this page, whichever it is: after a submit that was not
    /// complete, the respondent submits from the page of the missing answer.
    pub offer_submit: bool,
}

/// A page shown after a submit that was not complete: wherever the first missing answer is, the
/// respondent submits from there once it is given, without paging to the end again.
pub(super) fn render_submit_errors(
    ctx: &Context,
    lang: &str,
    page: usize,
    answers: &Map<String, Value>,
    errors: &FieldErrors,
    csrf_field: String,
) -> HttpResponse {
    let status = StatusCode::UNPROCESSABLE_ENTITY;
    render_page(ctx, lang, page, answers, errors, Shown { offer_submit: true, ..Shown::default() }, csrf_field, status)
}

#[expect(clippy::too_many_arguments, reason = "the page, its answers, errors and state, named at every call")]
pub(super) fn render_page(
    ctx: &Context,
    lang: &str,
    page: usize,
    answers: &Map<String, Value>,
    errors: &FieldErrors,
    how: Shown,
    csrf_field: String,
    status: StatusCode,
) -> HttpResponse {
    let s = &ctx.compiled.survey;
    // The pages this respondent is shown, as their answers stand: "page k of n" counts those.
    let shown = form_view::shown_pages(s, answers);
    let page = form_view::page_to_show(&shown, page.min(s.pages.len().max(1) - 1));
    let pages = shown.len().max(1);
    let position = shown.iter().position(|&p| p == page).unwrap_or(0);
    let locked = ctx.invited.as_ref().and(ctx.group_question());
    let questions = form_view::questions(s, page, lang, answers, errors, locked.as_deref());
    let error_links = errors
        .iter()
        .map(|(id, msg)| {
            let text = s.question(id).map(|q| q.text.get(lang, &s.default_language).to_string()).unwrap_or_default();
            ErrorLink { id: id.clone(), text: format!("{text} — {msg}"), page: form_view::page_of(s, id) + 1 }
        })
        .collect::<Vec<_>>();
    let percent = position * 100 / pages;
    let page_title = s.pages.get(page).map(|p| p.title.get(lang, &s.default_language).to_string()).unwrap_or_default();
    let langs = ctx.campaign.languages().into_iter().map(|l| (l.clone(), language_name(&l))).collect();
    pages::render(
        status,
        &FormPage {
            lang,
            campaign: &ctx.campaign.name_in(lang),
            langs,
            page_no: page + 1,
            has_prev: position > 0,
            has_next: position + 1 < pages,
            percent,
            seen: ctx.invited.as_ref().map(|_| format!("{}/seen.css", ctx.path)),
            submit_here: how.offer_submit,
            review_here: !how.offer_submit && (how.from_review || position + 1 == pages),
            consent: how.consent,
            keep: format!(
                "{}{}",
                if how.consent { "&consent=1" } else { "" },
                if how.from_review { "&review=1" } else { "" }
            ),
            print: (ctx.invited.is_some() && page == 0).then(|| {
                (
                    format!("{}/print?lang={lang}", ctx.path),
                    t(lang, "form-page-prefer-to-answer-on-paper-print").to_string(),
                )
            }),
            page_title,
            saved: how.saved,
            error_links,
            action: ctx.path.clone(),
            csrf: csrf_field,
            honeypot: ctx.invited.is_none(),
            questions,
            ui: Ui::new(lang, &s.default_language, position + 1, pages, errors.len()),
        },
    )
}

/// A request that would change a submitted response of a campaign that takes no changes: it is
/// not stored, and the page says so (never a thank-you for answers that were dropped).
pub(super) fn already_submitted_page(ctx: &Context, lang: &str) -> HttpResponse {
    let c = &ctx.campaign;
    let when =
        ctx.response.as_ref().and_then(|r| r.submitted_at).map(|t| format_close(t, &c.time_zone)).unwrap_or_default();
    let text = crate::i18n::format(lang, "form-already-submitted-on", &[("when", when.into())]);
    pages::render(
        StatusCode::CONFLICT,
        &DonePage {
            lang,
            campaign: &c.name_in(lang),
            title: t(lang, "form-page-your-answers-were-already-submitted"),
            paragraphs: vec![text],
            edit_link: None,
            again_link: None,
            answered: Vec::new(),
            t_answers: "",
        },
    )
}

/// A request of the questionnaire that failed: a page in the respondent's languages, not JSON.
/// The database being unreachable answers 503 with `Retry-After`; nothing of the request was
/// stored.
pub fn respondent_error(e: &crate::error::AppError) -> HttpResponse {
    use actix_web::ResponseError;
    let status = e.status_code();
    let (es, en) = match status {
        StatusCode::SERVICE_UNAVAILABLE => (
            "El servicio no está disponible en este momento. No se guardó nada de este envío: vuelva a intentarlo en unos minutos.",
            "The service is not available right now. Nothing of this submission was stored: try again in a few minutes.",
        ),
        StatusCode::NOT_FOUND => ("No se encontró lo que buscaba.", "What you asked for was not found."),
        StatusCode::BAD_REQUEST => ("La solicitud no es válida.", "The request is not valid."),
        _ => (
            "Ocurrió un error. No se guardó nada de este envío: vuelva a intentarlo.",
            "Something went wrong. Nothing of this submission was stored: try again.",
        ),
    };
    if status.is_server_error() {
        crate::error::log_failure(e);
    }
    let mut resp = pages::notice(status, "es", "Lo sentimos · We are sorry", vec![es.to_string(), en.to_string()]);
    if status == StatusCode::SERVICE_UNAVAILABLE {
        resp.headers_mut().insert(
            actix_web::http::header::RETRY_AFTER,
            actix_web::http::header::HeaderValue::from_static(crate::error::RETRY_AFTER_SECONDS),
        );
    }
    resp
}

pub(super) fn done_page(ctx: &Context, lang: &str, now: chrono::NaiveDateTime) -> HttpResponse {
    let c = &ctx.campaign;
    let title = t(lang, "form-page-thank-you-for-taking-part");
    let mut paragraphs = vec![t(lang, "form-page-we-have-received-your-answers-results").to_string()];
    let editable = ctx.takes_changes() && c.accepts_at(now);
    if editable && let Some(close) = c.closes_at {
        paragraphs.push(format!(
            "{} {}.",
            t(lang, "form-page-you-can-change-your-answers-until"),
            format_close(close, &c.time_zone)
        ));
    }
    let edit_link = editable
        .then(|| (format!("{}?edit=1&lang={lang}", ctx.path), t(lang, "form-page-change-my-answers").to_string()));
    // A public link that takes several responses per browser: the next person may answer.
    let again_link = (ctx.invited.is_none() && !c.is_one_per_browser() && c.accepts_at(now)).then(|| {
        (
            format!("{}/again?lang={lang}", ctx.path),
            t(lang, "form-page-answer-again-another-person-on-this").to_string(),
        )
    });
    // The answers as submitted (a change in progress is not what was received), behind a personal
    // link only: a public link's browser may be a shared one.
    let submitted: Map<String, Value> = ctx
        .response
        .as_ref()
        .filter(|r| r.is_submitted() && ctx.invited.is_some())
        .and_then(|r| serde_json::from_str(&r.answers).ok())
        .unwrap_or_default();
    let (answered, _) = form_view::answered(&ctx.compiled.survey, lang, &submitted);
    pages::render(
        StatusCode::OK,
        &DonePage {
            lang,
            campaign: &c.name_in(lang),
            title,
            paragraphs,
            edit_link,
            again_link,
            answered,
            t_answers: t(lang, "form-page-see-the-answers-you-submitted"),
        },
    )
}
