//! What a questionnaire request knows (who answers, their campaign, survey and saved answers)
//! and the pages it shows: a questionnaire page, the thank-you page, the closed and not-yet-open
//! notices.

use std::sync::Arc;

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use askama::Template;
use serde_json::{Map, Value};

use super::form_view::{self, ErrorLink, QuestionView, Ui};
use super::pages::{self, t};
use super::surveys::Compiled;
use crate::app::AppState;
use crate::campaign::CampaignState;
use crate::db::{self, DbError};
use crate::mail::queue::format_close;
use crate::survey::response::FieldErrors;

#[derive(Template)]
#[template(path = "form.html")]
pub(super) struct FormPage<'a> {
    lang: &'a str,
    campaign: &'a str,
    langs: Vec<(String, String)>,
    page_no: usize,
    page_count: usize,
    percent: usize,
    percent_step: usize,
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
}

/// Who is answering: an invited participant (personal link) or a visitor of the public link,
/// known only by a random cookie of their browser.
#[derive(Clone)]
pub enum Who {
    Token(String),
    Public { slug: String, browser: String },
}

/// Everything a request on the questionnaire needs, read in one go.
pub(super) struct Context {
    pub(super) campaign: db::campaigns::Campaign,
    pub(super) invited: Option<(db::participants::Participant, db::invitations::Invitation)>,
    pub(super) compiled: Arc<Compiled>,
    pub(super) response: Option<db::responses::StoredResponse>,
    /// The campaign's groups, for a personal link (its thank-you message names the group).
    pub(super) groups: Option<Arc<Vec<crate::campaign::Group>>>,
    pub(super) respondent_key: String,
    /// Where the form posts and links go: `/r/{token}` or `/p/{slug}`.
    pub(super) path: String,
}

pub(super) fn load(state: &AppState, who: &Who) -> Result<Option<Context>, DbError> {
    let mut conn = state.pool.get()?;
    let (campaign, invited, respondent_key, path, response) = match who {
        Who::Token(raw) => {
            if !crate::token::looks_like_token(raw) {
                return Ok(None);
            }
            let key = state.key.mac("response", raw);
            let Some((invitation, participant, campaign, response)) =
                db::invitations::for_response(&mut conn, &crate::token::hash(raw), &key)?
            else {
                return Ok(None);
            };
            (campaign, Some((participant, invitation)), key, format!("/r/{raw}"), response)
        }
        Who::Public { slug, browser } => {
            let Some(c) = db::campaigns::by_slug(&mut conn, slug)?.filter(|c| c.public_link != 0) else {
                return Ok(None);
            };
            let key = public_respondent_key(state, slug, browser);
            let response = db::responses::by_key(&mut conn, &key)?;
            (c, None, key, format!("/p/{slug}"), response)
        }
    };
    let compiled = state.surveys.get(&mut conn, campaign.survey_version_id)?;
    let groups = if invited.is_some() { Some(state.groups.get(&mut conn, campaign.id)?) } else { None };
    Ok(Some(Context { campaign, invited, compiled, response, groups, respondent_key, path }))
}

impl Context {
    /// Whether this respondent's response is submitted. In an anonymous campaign the submitted
    /// response keeps no key leading back to the link: the invitation says it.
    pub(super) fn submitted(&self) -> bool {
        self.response.as_ref().is_some_and(|r| r.is_submitted())
            || self.invited.as_ref().is_some_and(|(_, i)| i.submitted_at.is_some())
    }

    /// Whether a submitted response may still be changed: the campaign allows it, and the
    /// response can be found again (not in an anonymous campaign).
    pub(super) fn takes_changes(&self) -> bool {
        self.campaign.allow_edit != 0 && self.campaign.mode() != crate::campaign::Mode::Anonymous
    }
}

/// The respondent key of a public-link visitor: their browser's key, within the campaign.
pub(super) fn public_respondent_key(state: &AppState, slug: &str, browser: &str) -> String {
    state.key.mac("public-response", &format!("{slug}:{browser}"))
}

pub(super) fn language_name(code: &str) -> String {
    match code {
        "es" => "Español".into(),
        "en" => "English".into(),
        other => other.to_string(),
    }
}

/// The page to answer in when the campaign does not take answers now; `None` when it does.
pub(super) fn closed_page(ctx: &Context, lang: &str, now: chrono::NaiveDateTime) -> Option<HttpResponse> {
    let c = &ctx.campaign;
    let closed = matches!(c.state(), CampaignState::Closed | CampaignState::Archived)
        || c.closes_at.is_some_and(|t| now >= t)
        || ctx.invited.as_ref().is_some_and(|(_, i)| i.expires_at.is_some_and(|t| now >= t));
    if closed {
        let when = c.closes_at.map(|t| format_close(t, &c.time_zone)).unwrap_or_default();
        let text = if lang == "es" {
            format!("«{}» cerró el {when}. Ya no se reciben respuestas.", c.name)
        } else {
            format!("\"{}\" closed on {when}. Answers are no longer accepted.", c.name)
        };
        return Some(pages::notice(
            StatusCode::GONE,
            lang,
            t(lang, "La consulta está cerrada", "The consultation is closed"),
            vec![text],
        ));
    }
    if c.state() == CampaignState::Draft || c.opens_at.is_some_and(|t| now < t) {
        let text = match c.opens_at.map(|t| format_close(t, &c.time_zone)) {
            Some(w) => format!("{} {w}.", t(lang, "La consulta abre el", "The consultation opens on")),
            None => t(lang, "La consulta aún no está abierta.", "The consultation is not open yet.").to_string(),
        };
        return Some(pages::notice(StatusCode::FORBIDDEN, lang, c.name.clone(), vec![text]));
    }
    None
}

pub(super) fn pick_lang(ctx: &Context, asked: Option<&str>) -> String {
    let langs = ctx.campaign.languages();
    asked
        .filter(|l| langs.iter().any(|x| x == l))
        .map(str::to_string)
        .or_else(|| ctx.response.as_ref().map(|r| r.language.clone()).filter(|l| langs.contains(l)))
        .or_else(|| ctx.invited.as_ref().map(|(p, _)| p.language.clone()).filter(|l| langs.contains(l)))
        .unwrap_or_else(|| ctx.campaign.default_language.clone())
}

/// The answers the form starts from: the draft, or the submitted answers, or (when the
/// campaign takes changes) the change in progress to them.
pub(super) fn answers_of(ctx: &Context) -> Map<String, Value> {
    let Some(r) = ctx.response.as_ref() else { return Map::new() };
    let text = r.pending.as_deref().filter(|_| r.is_submitted() && ctx.campaign.allow_edit != 0).unwrap_or(&r.answers);
    serde_json::from_str(text).unwrap_or_default()
}

/// The stakeholder-group question.
pub(super) fn group_question(ctx: &Context) -> Option<String> {
    ctx.compiled.survey.questions.iter().find(|q| q.profile.as_deref() == Some("group")).map(|q| q.id.clone())
}

/// An invited participant's group answers the group question for them (not changeable).
pub(super) fn fill_group(ctx: &Context, answers: &mut Map<String, Value>) {
    if let (Some(g), Some((p, _))) = (group_question(ctx), &ctx.invited) {
        answers.insert(g, Value::String(p.group_code.clone()));
    }
}

#[expect(clippy::too_many_arguments, reason = "the page, its answers, errors and state, named at every call")]
pub(super) fn render_page(
    ctx: &Context,
    lang: &str,
    page: usize,
    answers: &Map<String, Value>,
    errors: &FieldErrors,
    saved: bool,
    csrf_field: String,
    status: StatusCode,
) -> HttpResponse {
    let s = &ctx.compiled.survey;
    let pages = s.pages.len().max(1);
    let page = page.min(pages - 1);
    let locked = ctx.invited.as_ref().and(group_question(ctx));
    let questions = form_view::questions(s, page, lang, answers, errors, locked.as_deref());
    let error_links = errors
        .iter()
        .map(|(id, msg)| {
            let text = s.question(id).map(|q| q.text.get(lang, &s.default_language).to_string()).unwrap_or_default();
            ErrorLink { id: id.clone(), text: format!("{text} — {msg}"), page: form_view::page_of(s, id) + 1 }
        })
        .collect::<Vec<_>>();
    let percent = page * 100 / pages;
    let page_title = s.pages.get(page).map(|p| p.title.get(lang, &s.default_language).to_string()).unwrap_or_default();
    let langs = ctx.campaign.languages().into_iter().map(|l| (l.clone(), language_name(&l))).collect();
    pages::render(
        status,
        &FormPage {
            lang,
            campaign: &ctx.campaign.name,
            langs,
            page_no: page + 1,
            page_count: pages,
            percent,
            percent_step: (percent + 5) / 10,
            page_title,
            saved,
            error_links,
            action: ctx.path.clone(),
            csrf: csrf_field,
            honeypot: ctx.invited.is_none(),
            questions,
            ui: Ui::new(lang, page + 1, pages, errors.len()),
        },
    )
}

/// A request that would change a submitted response of a campaign that takes no changes: it is
/// not stored, and the page says so (never a thank-you for answers that were dropped).
pub(super) fn already_submitted_page(ctx: &Context, lang: &str) -> HttpResponse {
    let c = &ctx.campaign;
    let when =
        ctx.response.as_ref().and_then(|r| r.submitted_at).map(|t| format_close(t, &c.time_zone)).unwrap_or_default();
    let text = if lang == "es" {
        format!(
            "Sus respuestas ya se enviaron el {when}. Este nuevo envío no se guardó: cuenta el primero, y esta consulta no permite cambiarlo."
        )
    } else {
        format!(
            "Your answers were already submitted on {when}. This new submission was not stored: the first one counts, and this consultation does not take changes."
        )
    };
    pages::render(
        StatusCode::CONFLICT,
        &DonePage {
            lang,
            campaign: &c.name,
            title: t(lang, "Sus respuestas ya se habían enviado", "Your answers were already submitted"),
            paragraphs: vec![text],
            edit_link: None,
            again_link: None,
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
    let title = t(lang, "¡Gracias por participar!", "Thank you for taking part!");
    let mut paragraphs = vec![
        t(
            lang,
            "Recibimos sus respuestas. Los resultados se publicarán por grupo, nunca de forma individual.",
            "We have received your answers. Results are published by group, never individually.",
        )
        .to_string(),
    ];
    let editable = ctx.takes_changes() && c.accepts_at(now);
    if editable && let Some(close) = c.closes_at {
        paragraphs.push(format!(
            "{} {}.",
            t(lang, "Puede cambiar sus respuestas hasta el", "You can change your answers until"),
            format_close(close, &c.time_zone)
        ));
    }
    let edit_link = editable.then(|| {
        (format!("{}?edit=1&lang={lang}", ctx.path), t(lang, "Cambiar mis respuestas", "Change my answers").to_string())
    });
    // A public link that takes several responses per browser: the next person may answer.
    let again_link = (ctx.invited.is_none() && c.one_per_browser == 0 && c.accepts_at(now)).then(|| {
        (
            format!("{}/again?lang={lang}", ctx.path),
            t(lang, "Responder otra vez (otra persona en este equipo)", "Answer again (another person on this device)")
                .to_string(),
        )
    });
    pages::render(StatusCode::OK, &DonePage { lang, campaign: &c.name, title, paragraphs, edit_link, again_link })
}
