//! The console's side of contributions: the queue of a campaign's contributions
//! (`/console/campaigns/{slug}/contributions`, filtered by screening), and one contribution with
//! the forms to screen it (publish, publish with personal data hidden, reject with a reason) and
//! to answer it, for moderators, coordinators and administrators (the topics are
//! `contributions_settings`'). The rules are `service::contributions`'; a refusal brings the form
//! back with what was typed.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;

use super::console::{ip_of, lang_of, posted_as, shown, signed_in_as};
use super::form_body::Form;
use super::pages::{self, t};
use super::state::AppState;
use crate::analysis::Origin;
use crate::contribution::{Answer, Contribution, Decision, Screening, topic_label};
use crate::error::AppError;
use crate::role::Area;
use crate::service::contributions::{self, Answering};
use crate::service::{Actor, DomainError};

fn when(x: Option<chrono::NaiveDateTime>) -> String {
    x.map(|d| d.format("%Y-%m-%d %H:%M UTC").to_string()).unwrap_or_else(|| "—".into())
}

fn standing(lang: &str, c: &Contribution) -> String {
    match (c.screening, c.answer) {
        (Screening::Published, Some(a)) => format!("{} · {}", c.screening.label(lang), a.label(lang)),
        (Screening::Published, None) if c.shown_body.is_some() => {
            format!("{} ({})", c.screening.label(lang), t(lang, "contributions-console-edited"))
        }
        (s, _) => s.label(lang).to_string(),
    }
}

fn paragraphs(s: &str) -> Vec<String> {
    s.split('\n').map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect()
}

pub(super) fn not_found(lang: &str, m: String) -> HttpResponse {
    pages::notice(StatusCode::NOT_FOUND, lang, t(lang, "response-not-found"), vec![m])
}

#[derive(Template)]
#[template(path = "console_contributions.html")]
struct QueuePage<'a> {
    lang: &'a str,
    title: String,
    messages: Vec<String>,
    failed: bool,
    state_line: String,
    filters: Vec<(String, &'a str, bool)>,
    headers: Vec<&'a str>,
    rows: Vec<(String, i64, Vec<String>)>,
    public_page: String,
    settings: Option<String>,
    t_back: &'a str,
    t_filter: &'a str,
    t_empty: &'a str,
    t_public: &'a str,
    t_settings: &'a str,
}

#[derive(serde::Deserialize)]
pub struct QueueQuery {
    status: Option<String>,
}

/// The queue: pending first by default.
#[get("/console/campaigns/{slug}/contributions")]
pub async fn queue(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
    q: web::Query<QueueQuery>,
) -> Result<HttpResponse, AppError> {
    let (user, _) = match signed_in_as(&state, &req, Area::Moderation).await? {
        Ok(u) => u,
        Err(p) => return Ok(p),
    };
    let lang = lang_of(&req);
    let slug = path.into_inner();
    let asked = q.status.clone().unwrap_or_else(|| "pending".into());
    let filter = Screening::parse(&asked);
    let (st, s) = (state.clone(), slug.clone());
    let found = web::block(move || -> Result<_, DomainError> {
        let mut conn = st.pool.get()?;
        contributions::list(&mut conn, &s, filter)
    })
    .await?;
    let (campaign, setup, items) = match found {
        Ok(x) => x,
        Err(DomainError::NotFound(m)) => return Ok(not_found(lang, m)),
        Err(e) => return Err(e.into()),
    };
    let base = format!("/console/campaigns/{slug}/contributions");
    let filters = [
        ("pending", Screening::Pending.label(lang)),
        ("published", Screening::Published.label(lang)),
        ("rejected", Screening::Rejected.label(lang)),
        ("all", t(lang, "contributions-console-all")),
    ]
    .into_iter()
    .map(|(code, label)| (format!("{base}?status={code}"), label, code == asked))
    .collect();
    let rows = items
        .iter()
        .map(|c| {
            (
                format!("{base}/{}", c.id),
                c.id,
                vec![
                    topic_label(&setup.topics, &c.topic, lang).to_string(),
                    standing(lang, c),
                    c.created_at.format("%Y-%m-%d").to_string(),
                    c.body.chars().take(120).collect::<String>(),
                ],
            )
        })
        .collect();
    let page = QueuePage {
        lang,
        title: format!("{} · {}", t(lang, "contributions-console-contributions"), campaign.name),
        messages: Vec::new(),
        failed: false,
        state_line: if setup.enabled {
            t(lang, "contributions-console-the-campaign-takes-contributions-on-n")
                .replace("{n}", &setup.topics.len().to_string())
        } else {
            t(lang, "contributions-console-the-campaign-takes-no-contributions-now").to_string()
        },
        filters,
        headers: vec![
            t(lang, "contributions-console-number"),
            t(lang, "contributions-console-topic"),
            t(lang, "responses-status"),
            t(lang, "contributions-console-received"),
            t(lang, "contributions-console-start-of-the-text"),
        ],
        rows,
        public_page: format!("/p/{slug}/contributions?lang={lang}"),
        settings: Area::Management.admits(user.role()).then(|| format!("{base}/settings")),
        t_back: t(lang, "console-campaigns"),
        t_filter: t(lang, "contributions-console-filter-by-status"),
        t_empty: t(lang, "contributions-console-no-contribution-here"),
        t_public: t(lang, "contributions-console-the-public-page"),
        t_settings: t(lang, "contributions-console-taking-contributions-topics"),
    };
    Ok(pages::render(StatusCode::OK, &page))
}

/// What the forms of one contribution hold (as typed, when a decision was refused).
#[derive(Default, Clone)]
pub struct Typed {
    decision: String,
    text: String,
    note: String,
    reason: String,
    answer: String,
    answer_reason: String,
    reference: String,
}

#[derive(Template)]
#[template(path = "console_contribution.html")]
struct OnePage<'a> {
    lang: &'a str,
    title: String,
    back: &'a str,
    back_href: String,
    base: String,
    csrf: String,
    messages: Vec<String>,
    failed: bool,
    facts: Vec<(&'a str, String)>,
    shown_text: Option<Vec<String>>,
    original_heading: &'a str,
    original: Vec<String>,
    version: i64,
    can_screen: bool,
    can_answer: bool,
    typed: Typed,
    decisions: Vec<(&'static str, &'a str)>,
    answers: Vec<(&'static str, &'static str)>,
    t_published_text: &'a str,
    t_screen: &'a str,
    t_decision: &'a str,
    t_text: &'a str,
    t_text_hint: &'a str,
    t_note: &'a str,
    t_reason: &'a str,
    t_save_decision: &'a str,
    t_answer_heading: &'a str,
    t_answer: &'a str,
    t_answer_reason: &'a str,
    t_reference: &'a str,
    t_reference_hint: &'a str,
    t_save_answer: &'a str,
}

async fn one(
    state: &web::Data<AppState>,
    req: &HttpRequest,
    slug: String,
    id: i64,
    csrf: String,
    (messages, status, typed): (Vec<String>, StatusCode, Option<Typed>),
) -> Result<HttpResponse, AppError> {
    let lang = lang_of(req);
    let (st, s) = (state.clone(), slug.clone());
    let found = web::block(move || -> Result<_, DomainError> {
        let mut conn = st.pool.get()?;
        contributions::one(&mut conn, &s, id)
    })
    .await?;
    let (_, setup, c) = match found {
        Ok(x) => x,
        Err(DomainError::NotFound(m)) => return Ok(not_found(lang, m)),
        Err(e) => return Err(e.into()),
    };
    let mut facts = vec![
        (t(lang, "responses-status"), standing(lang, &c)),
        (t(lang, "contributions-console-topic"), topic_label(&setup.topics, &c.topic, lang).to_string()),
        (t(lang, "contributions-console-received"), when(Some(c.created_at))),
        (
            t(lang, "contributions-console-through"),
            if c.origin == Origin::Link { "personal link" } else { "public link" }.to_string(),
        ),
        (t(lang, "form-review-language"), c.language.clone()),
        (t(lang, "contributions-console-published-name"), c.author_name.clone().unwrap_or_else(|| "—".into())),
        (t(lang, "contributions-console-published-organisation"), c.author_org.clone().unwrap_or_else(|| "—".into())),
        (
            t(lang, "contributions-console-wants-the-answer-by-email"),
            match (c.wants_answer, c.notified_at) {
                (_, Some(at)) => {
                    format!("{} {}", t(lang, "contributions-console-message-queued"), when(Some(at)))
                }
                (true, None) => t(lang, "contributions-console-yes-the-address-is-not-shown").into(),
                (false, None) => t(lang, "contributions-console-no").into(),
            },
        ),
    ];
    if c.screened_at.is_some() {
        facts.push((t(lang, "contributions-console-screened-by"), c.screened_by.clone().unwrap_or_default()));
        facts.push((t(lang, "contributions-console-screened"), when(c.screened_at)));
    }
    if let Some(r) = &c.reject_reason {
        facts.push((t(lang, "contributions-console-reason-for-rejection"), r.clone()));
    }
    if let Some(n) = &c.edit_note {
        facts.push((t(lang, "contributions-console-note-on-the-edit"), n.clone()));
    }
    if let Some(a) = c.answer {
        facts.push((t(lang, "contributions-console-answer"), a.label(lang).to_string()));
        facts.push((t(lang, "response-reason"), c.answer_reason.clone().unwrap_or_default()));
        facts
            .push((t(lang, "contributions-console-where-it-went"), c.answer_ref.clone().unwrap_or_else(|| "—".into())));
        facts.push((t(lang, "contributions-console-answered-by"), c.answered_by.clone().unwrap_or_default()));
    }
    let typed = typed.unwrap_or_else(|| Typed {
        decision: "publish".into(),
        text: c.body.clone(),
        answer: c.answer.map(|a| a.as_str().to_string()).unwrap_or_default(),
        answer_reason: c.answer_reason.clone().unwrap_or_default(),
        reference: c.answer_ref.clone().unwrap_or_default(),
        ..Typed::default()
    });
    let page = OnePage {
        lang,
        title: format!("{} #{id}", t(lang, "contributions-console-contribution")),
        back: t(lang, "contributions-console-contributions"),
        back_href: format!("/console/campaigns/{slug}/contributions"),
        base: format!("/console/campaigns/{slug}/contributions/{id}"),
        csrf,
        failed: status != StatusCode::OK,
        messages,
        facts,
        shown_text: c.shown_body.as_deref().map(paragraphs),
        original_heading: if c.shown_body.is_some() {
            t(lang, "contributions-console-original-text-for-the-audit-only")
        } else {
            t(lang, "campaign-settings-text")
        },
        original: paragraphs(&c.body),
        version: c.version,
        can_screen: c.screening == Screening::Pending,
        can_answer: c.screening == Screening::Published,
        typed,
        decisions: vec![
            ("publish", t(lang, "contributions-console-publish-as-it-is")),
            ("edit", t(lang, "contributions-console-publish-with-personal-data-hidden-the")),
            ("reject", t(lang, "contributions-console-reject-as-spam-or-abuse")),
        ],
        answers: Answer::ALL.iter().map(|a| (a.as_str(), a.label(lang))).collect(),
        t_published_text: t(lang, "contributions-console-published-text"),
        t_screen: t(lang, "contributions-console-screen"),
        t_decision: t(lang, "contributions-console-decision"),
        t_text: t(lang, "contributions-console-text-to-publish-only-when-hiding"),
        t_text_hint: t(lang, "contributions-console-replace-what-is-personal-third-parties"),
        t_note: t(lang, "contributions-console-note-on-the-edit-what-was"),
        t_reason: t(lang, "contributions-console-reason-for-rejecting-when-rejecting"),
        t_save_decision: t(lang, "contributions-console-save-the-decision"),
        t_answer_heading: if c.answer.is_some() {
            t(lang, "contributions-console-change-the-answer")
        } else {
            t(lang, "contributions-console-answer-2")
        },
        t_answer: t(lang, "contributions-console-what-was-done-with-it"),
        t_answer_reason: t(lang, "contributions-console-why-required"),
        t_reference: t(lang, "contributions-console-where-it-went-optional"),
        t_reference_hint: t(lang, "contributions-console-a-section-of-the-plan-commitment"),
        t_save_answer: t(lang, "contributions-console-save-the-answer"),
    };
    Ok(pages::render(status, &page))
}

#[get("/console/campaigns/{slug}/contributions/{id}")]
pub async fn contribution(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<(String, i64)>,
) -> Result<HttpResponse, AppError> {
    match signed_in_as(&state, &req, Area::Moderation).await? {
        Ok((_, csrf)) => {
            let (slug, id) = path.into_inner();
            one(&state, &req, slug, id, csrf, (Vec::new(), StatusCode::OK, None)).await
        }
        Err(p) => Ok(p),
    }
}

#[derive(serde::Deserialize)]
pub struct ActionForm {
    csrf: String,
    #[serde(default)]
    version: String,
    #[serde(default)]
    decision: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    note: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    answer: String,
    #[serde(default)]
    answer_reason: String,
    #[serde(default)]
    reference: String,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Act {
    Screen,
    Answer,
}

async fn act(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<(String, i64)>,
    form: Form<ActionForm>,
    what: Act,
) -> Result<HttpResponse, AppError> {
    let f = form.into_inner();
    let (user, csrf) = match posted_as(&state, &req, Area::Moderation, &f.csrf).await? {
        Ok(u) => u,
        Err(p) => return Ok(p),
    };
    let lang = lang_of(&req);
    let (slug, id) = path.into_inner();
    let typed = Typed {
        decision: f.decision.clone(),
        text: f.text.clone(),
        note: f.note.clone(),
        reason: f.reason.clone(),
        answer: f.answer.clone(),
        answer_reason: f.answer_reason.clone(),
        reference: f.reference.clone(),
    };
    let refused = |m: String, status: StatusCode| (vec![m], status, Some(typed.clone()));
    let Ok(version) = f.version.trim().parse::<i64>() else {
        let m = t(lang, "contributions-console-the-version-is-missing-open-the");
        let shown_now = refused(m.into(), StatusCode::UNPROCESSABLE_ENTITY);
        return one(&state, &req, slug, id, csrf, shown_now).await;
    };
    let actor = Actor { name: user.username, ip: ip_of(&req) };
    let decided = match what {
        Act::Screen => match f.decision.as_str() {
            "publish" => Ok(Decision::Publish),
            "edit" => Ok(Decision::PublishEdited { text: f.text, note: f.note }),
            "reject" => Ok(Decision::Reject { reason: f.reason }),
            _ => Err(t(lang, "contributions-console-choose-a-decision")),
        },
        Act::Answer => Err(""),
    };
    let chosen = Answer::parse(&f.answer);
    if what == Act::Answer && chosen.is_none() {
        let m = t(lang, "contributions-console-choose-what-was-done-with-it");
        return one(&state, &req, slug, id, csrf, refused(m.into(), StatusCode::UNPROCESSABLE_ENTITY)).await;
    }
    if let (Act::Screen, Err(m)) = (what, &decided) {
        return one(&state, &req, slug, id, csrf, refused(m.to_string(), StatusCode::UNPROCESSABLE_ENTITY)).await;
    }
    let (st, s) = (state.clone(), slug.clone());
    let (reason, reference) = (f.answer_reason, f.reference);
    let done = web::block(move || -> Result<Contribution, DomainError> {
        let mut conn = st.pool.get()?;
        let now = st.clock.now();
        match (decided, chosen) {
            (Ok(d), _) => contributions::screen(&mut conn, &s, id, version, &d, &actor, now),
            (Err(_), Some(a)) => {
                let a = Answering { answer: a, reason, reference };
                contributions::respond(&mut conn, &s, id, version, &a, &actor, &st.settings.base_url, now)
            }
            (Err(_), None) => Err(DomainError::invalid("answer", "choose what was done with it")),
        }
    })
    .await?;
    let shown_now = match done {
        Ok(c) => {
            let m = match what {
                Act::Screen => format!("#{id} — {}", standing(lang, &c)),
                Act::Answer => format!("#{id} — {}", t(lang, "contributions-console-answer-saved")),
            };
            (vec![m], StatusCode::OK, None)
        }
        Err(DomainError::NotFound(m)) => return Ok(not_found(lang, m)),
        Err(e) => {
            let status = if matches!(e, DomainError::Conflict(_)) {
                StatusCode::CONFLICT
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
            refused(shown(e)?, status)
        }
    };
    one(&state, &req, slug, id, csrf, shown_now).await
}

/// Screens a pending contribution.
#[post("/console/campaigns/{slug}/contributions/{id}/screen")]
pub async fn screen(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<(String, i64)>,
    form: Form<ActionForm>,
) -> Result<HttpResponse, AppError> {
    act(state, req, path, form, Act::Screen).await
}

/// Answers a published contribution.
#[post("/console/campaigns/{slug}/contributions/{id}/answer")]
pub async fn answer(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<(String, i64)>,
    form: Form<ActionForm>,
) -> Result<HttpResponse, AppError> {
    act(state, req, path, form, Act::Answer).await
}
