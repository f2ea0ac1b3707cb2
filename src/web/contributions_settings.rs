//! The settings that open a campaign to contributions and name its topics
//! (`/console/campaigns/{slug}/contributions/settings`), for coordinators and administrators.
//! The rules are `service::contributions::save_setup`'s; a refusal brings the form back with what
//! was typed.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;

use super::console::{ip_of, lang_of, posted_as, see_other, shown, signed_in_as};
use super::contributions_console::not_found;
use super::form_body::Form;
use super::pages::{self, t};
use super::state::AppState;
use crate::contribution::topics_text;
use crate::error::AppError;
use crate::role::Area;
use crate::service::contributions;
use crate::service::{Actor, DomainError};

#[derive(Template)]
#[template(path = "console_contribution_settings.html")]
struct SettingsPage<'a> {
    lang: &'a str,
    title: String,
    back: &'a str,
    back_href: String,
    action: String,
    csrf: String,
    messages: Vec<String>,
    failed: bool,
    enabled: bool,
    topics: String,
    t_enabled: &'a str,
    t_topics: &'a str,
    t_topics_hint: &'a str,
    t_save: &'a str,
}

#[expect(clippy::too_many_arguments, reason = "the page's parts")]
fn settings_page(
    lang: &str,
    slug: &str,
    name: &str,
    csrf: String,
    enabled: bool,
    topics: String,
    messages: Vec<String>,
    status: StatusCode,
) -> HttpResponse {
    let base = format!("/console/campaigns/{slug}/contributions");
    pages::render(
        status,
        &SettingsPage {
            lang,
            title: format!("{} · {name}", t(lang, "contributions-settings-taking-contributions")),
            back: t(lang, "contributions-console-contributions"),
            back_href: base.clone(),
            action: format!("{base}/settings"),
            csrf,
            failed: status != StatusCode::OK,
            messages,
            enabled,
            topics,
            t_enabled: t(lang, "contributions-settings-take-contributions-on-the-public-link"),
            t_topics: t(lang, "contributions-settings-topics-one-a-line"),
            t_topics_hint: t(lang, "contributions-settings-code-nombre-en-espa-ol-name"),
            t_save: t(lang, "console-auth-save"),
        },
    )
}

#[get("/console/campaigns/{slug}/contributions/settings")]
pub async fn settings(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let (_, csrf) = match signed_in_as(&state, &req, Area::Management).await? {
        Ok(u) => u,
        Err(p) => return Ok(p),
    };
    let lang = lang_of(&req);
    let slug = path.into_inner();
    let (st, s) = (state.clone(), slug.clone());
    let found = web::block(move || -> Result<_, DomainError> {
        let mut conn = st.pool.get()?;
        contributions::setup(&mut conn, &s)
    })
    .await?;
    match found {
        Ok((c, setup)) => Ok(settings_page(
            lang,
            &slug,
            &c.name,
            csrf,
            setup.enabled,
            topics_text(&setup.topics),
            Vec::new(),
            StatusCode::OK,
        )),
        Err(DomainError::NotFound(m)) => Ok(not_found(lang, m)),
        Err(e) => Err(e.into()),
    }
}

#[derive(serde::Deserialize)]
pub struct SettingsForm {
    csrf: String,
    #[serde(default)]
    enabled: String,
    #[serde(default)]
    topics: String,
}

#[post("/console/campaigns/{slug}/contributions/settings")]
pub async fn save_settings(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
    form: Form<SettingsForm>,
) -> Result<HttpResponse, AppError> {
    let f = form.into_inner();
    let (user, csrf) = match posted_as(&state, &req, Area::Management, &f.csrf).await? {
        Ok(u) => u,
        Err(p) => return Ok(p),
    };
    let lang = lang_of(&req);
    let slug = path.into_inner();
    let enabled = f.enabled == "yes";
    let actor = Actor { name: user.username, ip: ip_of(&req) };
    let (st, s, topics) = (state.clone(), slug.clone(), f.topics.clone());
    let done = web::block(move || -> Result<_, DomainError> {
        let mut conn = st.pool.get()?;
        contributions::save_setup(&mut conn, &s, enabled, &topics, &actor, st.clock.now())
    })
    .await?;
    match done {
        Ok(_) => Ok(see_other(&format!("/console/campaigns/{slug}/contributions"))),
        Err(DomainError::NotFound(m)) => Ok(not_found(lang, m)),
        Err(e) => {
            let m = shown(e)?;
            Ok(settings_page(lang, &slug, &slug, csrf, enabled, f.topics, vec![m], StatusCode::UNPROCESSABLE_ENTITY))
        }
    }
}
