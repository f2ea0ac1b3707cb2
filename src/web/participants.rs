//! A campaign's participants in the console, for coordinators: searched and filtered by group
//! and progress, fifty to a page; one participant's details with a form to correct them; an
//! invitation sent again. The rules are `service::fieldwork`'s, the same as `dra participants …`;
//! every change is audit-logged under the coordinator's name. No personal link is ever shown.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;

use super::console::{ip_of, lang_of, posted_as, shown, signed_in_as};
use super::form_body::Form;
use super::pages::{self, t};
use super::state::AppState;
use crate::error::AppError;
use crate::role::Area;
use crate::service::fieldwork::{self, ParticipantChange, ParticipantFilter, Progress, Standing};
use crate::service::{Actor, DomainError};

/// Participants to a page.
const PER_PAGE: usize = 50;

/// The label of a group in the console's language (the code when it has none).
pub(crate) fn label_of(groups: &[(String, String)], code: &str) -> String {
    groups.iter().find(|(c, _)| c == code).map_or_else(|| code.to_string(), |(_, l)| l.clone())
}

/// The groups of a campaign as (code, label in `lang`).
pub(crate) fn labelled(groups: Vec<crate::campaign::Group>, lang: &str, default: &str) -> Vec<(String, String)> {
    groups
        .into_iter()
        .map(|g| {
            let label = g.labels.get(lang, default).to_string();
            let label = if label.is_empty() { g.code.clone() } else { label };
            (g.code, label)
        })
        .collect()
}

fn progress_label(lang: &str, p: Progress) -> &'static str {
    match p {
        Progress::NotInvited => t(lang, "participants-not-invited"),
        Progress::Queued => t(lang, "participants-queued"),
        Progress::Invited => t(lang, "participants-invited"),
        Progress::Opened => t(lang, "participants-opened"),
        Progress::Started => t(lang, "participants-started"),
        Progress::Submitted => t(lang, "participants-submitted"),
    }
}

fn status_label<'a>(lang: &str, s: &'a str) -> &'a str {
    match s {
        "not invited" => t(lang, "participants-not-invited"),
        "queued" => t(lang, "participants-queued"),
        "invited" => t(lang, "participants-invited"),
        "opened" => t(lang, "participants-opened"),
        "started" => t(lang, "participants-started"),
        "submitted" => t(lang, "participants-submitted"),
        "bounced" => t(lang, "participants-bounced"),
        other => other,
    }
}

/// A query string value, percent-encoded.
fn enc(v: &str) -> String {
    percent_encoding::utf8_percent_encode(v, percent_encoding::NON_ALPHANUMERIC).to_string()
}

struct Row {
    email: String,
    /// The link to this participant's details.
    href: String,
    name: String,
    organisation: String,
    group: String,
    language: String,
    progress: String,
    bounced: bool,
    can_resend: bool,
}

#[derive(Template)]
#[template(path = "console_participants.html")]
struct ListPage<'a> {
    lang: &'a str,
    title: String,
    back: &'a str,
    csrf: String,
    messages: Vec<String>,
    failed: bool,
    slug: String,
    q: String,
    group: String,
    status: String,
    /// (code, label in the console's language).
    groups: Vec<(String, String)>,
    statuses: Vec<(&'static str, &'a str)>,
    rows: Vec<Row>,
    summary: String,
    prev: Option<String>,
    next: Option<String>,
    headers: Vec<&'a str>,
    t_text: &'a str,
    t_group: &'a str,
    t_status: &'a str,
    t_all: &'a str,
    t_filter: &'a str,
    t_resend: &'a str,
    t_bounced: &'a str,
    t_prev: &'a str,
    t_next: &'a str,
    t_none: &'a str,
}

#[derive(serde::Deserialize, Default)]
pub struct ListQuery {
    q: Option<String>,
    group: Option<String>,
    status: Option<String>,
    page: Option<usize>,
}

/// The list, with `messages` from the action just taken.
async fn list(
    state: &web::Data<AppState>,
    req: &HttpRequest,
    slug: String,
    query: ListQuery,
    csrf: String,
    messages: Vec<String>,
    failed: bool,
) -> Result<HttpResponse, AppError> {
    let lang = lang_of(req);
    let filter = ParticipantFilter { text: query.q.clone(), group: query.group.clone(), status: query.status.clone() };
    let st = state.clone();
    let s = slug.clone();
    let page = query.page.unwrap_or(1);
    let (campaign, groups, found) = web::block(move || -> Result<_, DomainError> {
        let mut conn = st.pool.get()?;
        let campaign = fieldwork::campaign(&mut conn, &s)?;
        let groups = crate::service::campaigns::with_groups(&mut conn, &s)?.1;
        let found = fieldwork::participant_page(&mut conn, &s, &filter, page, PER_PAGE)?;
        Ok((campaign, groups, found))
    })
    .await??;
    let groups = labelled(groups, lang, &campaign.default_language);
    let open = campaign.state() == crate::campaign::CampaignState::Open;
    let rows = found
        .rows
        .into_iter()
        .map(|Standing { participant: p, progress, .. }| Row {
            href: format!("/console/campaigns/{slug}/participant?email={}", enc(&p.email)),
            can_resend: open && matches!(progress, Progress::Invited | Progress::Opened | Progress::Started),
            progress: progress_label(lang, progress).to_string(),
            bounced: p.bounced_at.is_some(),
            email: p.email,
            name: p.name.unwrap_or_default(),
            organisation: p.organisation.unwrap_or_default(),
            group: label_of(&groups, &p.group_code),
            language: p.language,
        })
        .collect();
    let (q, group, status) =
        (query.q.unwrap_or_default(), query.group.unwrap_or_default(), query.status.unwrap_or_default());
    let link = |page: usize| {
        format!(
            "/console/campaigns/{slug}/participants?q={}&group={}&status={}&page={page}",
            enc(&q),
            enc(&group),
            enc(&status)
        )
    };
    let summary = crate::i18n::format(
        lang,
        "console-participants-page-summary",
        &[
            ("matching", found.matching.into()),
            ("total", found.total.into()),
            ("page", found.page.into()),
            ("pages", found.pages.into()),
        ],
    );
    let status_code = if failed { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    Ok(pages::render(
        status_code,
        &ListPage {
            lang,
            title: format!("{} · {}", t(lang, "participants-participants"), campaign.name),
            back: t(lang, "campaign-settings-manage"),
            csrf,
            messages,
            failed,
            prev: (found.page > 1).then(|| link(found.page - 1)),
            next: (found.page < found.pages).then(|| link(found.page + 1)),
            slug,
            q,
            group,
            status,
            groups,
            statuses: fieldwork::STATUSES.iter().map(|s| (*s, status_label(lang, s))).collect(),
            rows,
            summary,
            headers: vec![
                t(lang, "participants-email-2"),
                t(lang, "participants-name"),
                t(lang, "participants-organisation"),
                t(lang, "console-group"),
                t(lang, "responses-language"),
                t(lang, "participants-progress-2"),
                t(lang, "participants-text"),
            ],
            t_text: t(lang, "participants-search-email-name-or-organisation"),
            t_group: t(lang, "responses-group"),
            t_status: t(lang, "participants-progress"),
            t_all: t(lang, "responses-all"),
            t_filter: t(lang, "responses-filter"),
            t_resend: t(lang, "participants-send-the-invitation-again"),
            t_bounced: t(lang, "participants-bounced"),
            t_prev: t(lang, "responses-previous"),
            t_next: t(lang, "responses-next"),
            t_none: t(lang, "participants-no-participant-matches"),
        },
    ))
}

#[get("/console/campaigns/{slug}/participants")]
pub async fn participants(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, AppError> {
    match signed_in_as(&state, &req, Area::Management).await? {
        Ok((_, csrf)) => list(&state, &req, path.into_inner(), query.into_inner(), csrf, Vec::new(), false).await,
        Err(p) => Ok(p),
    }
}

#[derive(serde::Deserialize)]
pub struct ResendForm {
    csrf: String,
    email: String,
}

/// Sends a participant's invitation again (the same link).
#[post("/console/campaigns/{slug}/participants/resend")]
pub async fn resend(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
    form: Form<ResendForm>,
) -> Result<HttpResponse, AppError> {
    let f = form.into_inner();
    let (user, csrf) = match posted_as(&state, &req, Area::Management, &f.csrf).await? {
        Ok(u) => u,
        Err(p) => return Ok(p),
    };
    let slug = path.into_inner();
    let st = state.clone();
    let s = slug.clone();
    let actor = Actor { name: user.username, ip: ip_of(&req) };
    let email = f.email.clone();
    let done = web::block(move || -> Result<(), DomainError> {
        let mut conn = st.pool.get()?;
        fieldwork::resend(&mut conn, &s, &email, &st.settings.base_url, &actor, st.clock.now())
    })
    .await?;
    let lang = lang_of(&req);
    let (message, failed) = match done {
        Ok(()) => (format!("{} {}", f.email, t(lang, "participants-invitation-queued-again-the-same-link")), false),
        Err(e) => (shown(e)?, true),
    };
    list(&state, &req, slug, ListQuery::default(), csrf, vec![message], failed).await
}

#[derive(Template)]
#[template(path = "console_participant.html")]
struct OnePage<'a> {
    lang: &'a str,
    title: String,
    back: &'a str,
    back_href: String,
    csrf: String,
    messages: Vec<String>,
    failed: bool,
    slug: String,
    /// The address the participant has now (the form's key).
    current: String,
    email: String,
    name: String,
    organisation: String,
    group: String,
    language: String,
    /// (code, label in the console's language).
    groups: Vec<(String, String)>,
    languages: Vec<String>,
    facts: Vec<(&'a str, String)>,
    t_email: &'a str,
    t_name: &'a str,
    t_organisation: &'a str,
    t_group: &'a str,
    t_language: &'a str,
    t_save: &'a str,
    t_note: &'a str,
}

/// The values the correction form shows: the participant's, or what was typed.
struct Values {
    email: String,
    name: String,
    organisation: String,
    group: String,
    language: String,
}

async fn one(
    state: &web::Data<AppState>,
    req: &HttpRequest,
    slug: String,
    email: String,
    csrf: String,
    typed: Option<(Values, Vec<String>)>,
) -> Result<HttpResponse, AppError> {
    let lang = lang_of(req);
    let st = state.clone();
    let (s, e) = (slug.clone(), email.clone());
    let found = web::block(move || -> Result<_, DomainError> {
        let mut conn = st.pool.get()?;
        let campaign = fieldwork::campaign(&mut conn, &s)?;
        let groups = crate::service::campaigns::with_groups(&mut conn, &s)?.1;
        let standing = fieldwork::participant(&mut conn, &s, &e)?;
        Ok((campaign, groups, standing))
    })
    .await?;
    let (campaign, groups, Standing { participant: p, invitation: i, progress }) = match found {
        Ok(f) => f,
        Err(DomainError::NotFound(m)) | Err(DomainError::Invalid { message: m, .. }) => {
            return Ok(pages::notice(StatusCode::NOT_FOUND, lang, t(lang, "campaign-settings-not-found"), vec![m]));
        }
        Err(e) => return Err(e.into()),
    };
    let groups = labelled(groups, lang, &campaign.default_language);
    let when = |x: Option<chrono::NaiveDateTime>| {
        x.map(|t| crate::mail::queue::format_close(t, &campaign.time_zone)).unwrap_or_else(|| "—".into())
    };
    let i = i.as_ref();
    let facts = vec![
        (t(lang, "participants-progress"), progress_label(lang, progress).to_string()),
        (t(lang, "participants-invited-2"), when(i.and_then(|i| i.sent_at))),
        (t(lang, "participants-opened-2"), when(i.and_then(|i| i.opened_at))),
        (t(lang, "participants-started-2"), when(i.and_then(|i| i.started_at))),
        (t(lang, "participants-submitted-2"), when(i.and_then(|i| i.submitted_at))),
        (t(lang, "campaign-settings-reminders"), i.map_or(0, |i| i.reminders_sent).to_string()),
        (
            t(lang, "participants-bounce"),
            match (&p.bounced_at, &p.bounce_reason) {
                (Some(at), reason) => format!("{} {}", when(Some(*at)), reason.as_deref().unwrap_or_default()),
                _ => "—".into(),
            },
        ),
    ];
    let (values, messages, failed) = match typed {
        Some((v, m)) => (v, m, true),
        None => (
            Values {
                email: p.email.clone(),
                name: p.name.clone().unwrap_or_default(),
                organisation: p.organisation.clone().unwrap_or_default(),
                group: p.group_code.clone(),
                language: p.language.clone(),
            },
            Vec::new(),
            false,
        ),
    };
    let status = if failed { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    Ok(pages::render(
        status,
        &OnePage {
            lang,
            title: p.email.clone(),
            back: t(lang, "participants-participants"),
            back_href: format!("/console/campaigns/{slug}/participants"),
            csrf,
            messages,
            failed,
            slug,
            current: p.email,
            email: values.email,
            name: values.name,
            organisation: values.organisation,
            group: values.group,
            language: values.language,
            groups,
            languages: campaign.languages(),
            facts,
            t_email: t(lang, "participants-email"),
            t_name: t(lang, "participants-name-empty-clears-it"),
            t_organisation: t(lang, "participants-organisation-empty-clears-it"),
            t_group: t(lang, "responses-group"),
            t_language: t(lang, "form-review-language"),
            t_save: t(lang, "participants-save-the-correction"),
            t_note: t(lang, "participants-their-personal-link-keeps-working-mail"),
        },
    ))
}

#[derive(serde::Deserialize)]
pub struct OneQuery {
    email: String,
}

#[get("/console/campaigns/{slug}/participant")]
pub async fn participant(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
    query: web::Query<OneQuery>,
) -> Result<HttpResponse, AppError> {
    match signed_in_as(&state, &req, Area::Management).await? {
        Ok((_, csrf)) => one(&state, &req, path.into_inner(), query.into_inner().email, csrf, None).await,
        Err(p) => Ok(p),
    }
}

#[derive(serde::Deserialize)]
pub struct CorrectForm {
    csrf: String,
    current: String,
    email: String,
    name: String,
    organisation: String,
    group: String,
    language: String,
}

/// Corrects a participant; on a refusal the form comes back with what was typed.
#[post("/console/campaigns/{slug}/participant")]
pub async fn correct(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
    form: Form<CorrectForm>,
) -> Result<HttpResponse, AppError> {
    let f = form.into_inner();
    let (user, csrf) = match posted_as(&state, &req, Area::Management, &f.csrf).await? {
        Ok(u) => u,
        Err(p) => return Ok(p),
    };
    let slug = path.into_inner();
    let change = ParticipantChange {
        email: Some(f.email.clone()),
        name: Some(f.name.clone()),
        organisation: Some(f.organisation.clone()),
        group: Some(f.group.clone()),
        language: Some(f.language.clone()),
    };
    let st = state.clone();
    let (s, current) = (slug.clone(), f.current.clone());
    let actor = Actor { name: user.username, ip: ip_of(&req) };
    let done = web::block(move || -> Result<_, DomainError> {
        let mut conn = st.pool.get()?;
        fieldwork::update_participant(&mut conn, &s, &current, &change, &actor, st.clock.now())
    })
    .await?;
    match done {
        Ok(p) => {
            let lang = lang_of(&req);
            let m = format!("{} {}", p.email, t(lang, "participants-corrected"));
            list(&state, &req, slug, ListQuery::default(), csrf, vec![m], false).await
        }
        Err(e) => {
            let message = shown(e)?;
            let typed = Values {
                email: f.email,
                name: f.name,
                organisation: f.organisation,
                group: f.group,
                language: f.language,
            };
            one(&state, &req, slug, f.current, csrf, Some((typed, vec![message]))).await
        }
    }
}
