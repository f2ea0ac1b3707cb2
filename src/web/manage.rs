//! Console actions for coordinators (and administrators): store a survey definition (every
//! problem shown with line and pointer), create a campaign, import participants (row report),
//! open and close a campaign, send invitations and reminders. Each action is audit-logged.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;

use super::console::{ip_of, lang_of, shown, signed_in_as};
use super::pages::t;
use super::state::AppState;
use super::{pages, upload};
use crate::campaign::{CampaignState, Mode};
use crate::error::AppError;
use crate::role::Area;
use crate::service::accounts::User;
use crate::service::campaigns::CampaignRequest;
use crate::service::fieldwork::{self, Mailing};
use crate::service::{self, Actor, DomainError, surveys};

#[derive(Template)]
#[template(path = "console_manage.html")]
struct ManagePage<'a> {
    lang: &'a str,
    title: &'a str,
    back: &'a str,
    csrf: String,
    messages: Vec<String>,
    failed: bool,
    /// Done in part (an import with refused rows): a neutral box, not an error.
    partial: bool,
    surveys: Vec<String>,
    campaigns: Vec<(String, String)>,
    t_survey: &'a str,
    t_definition_file: &'a str,
    t_definition: &'a str,
    t_check_store: &'a str,
    t_responses: &'a str,
    t_new_campaign: &'a str,
    t_slug: &'a str,
    t_name: &'a str,
    t_survey_id: &'a str,
    t_closes: &'a str,
    t_tz: &'a str,
    t_remind: &'a str,
    t_public: &'a str,
    t_several: &'a str,
    t_anonymous: &'a str,
    t_create: &'a str,
    t_participants_file: &'a str,
    t_participants: &'a str,
    t_import: &'a str,
    t_open: &'a str,
    t_invite: &'a str,
    t_remind_now: &'a str,
    t_close: &'a str,
    t_participants_list: &'a str,
    t_settings: &'a str,
}

/// The user, if signed in as a coordinator or administrator; otherwise the page to show instead.
async fn coordinator(
    state: &web::Data<AppState>,
    req: &HttpRequest,
) -> Result<Result<(User, String), HttpResponse>, AppError> {
    signed_in_as(state, req, Area::Management).await
}

/// A coordinator's POST: signed in with the right role and the session's CSRF token.
async fn guard(
    state: &web::Data<AppState>,
    req: &HttpRequest,
    posted_csrf: &str,
) -> Result<Result<(User, String), HttpResponse>, AppError> {
    match coordinator(state, req).await? {
        Ok((user, csrf)) if posted_csrf == csrf => Ok(Ok((user, csrf))),
        Ok((_, csrf)) => Ok(Err(page(state, req, csrf, vec!["CSRF".into()], true).await?)),
        Err(r) => Ok(Err(r)),
    }
}

/// A coordinator's POST of a form that may carry a file: the session is checked before the body
/// is read (a stranger's upload is never buffered), then the posted CSRF token.
async fn guard_upload(
    state: &web::Data<AppState>,
    req: &HttpRequest,
    payload: web::Payload,
) -> Result<Result<(User, String, upload::Posted), HttpResponse>, AppError> {
    let (user, csrf) = match coordinator(state, req).await? {
        Ok(u) => u,
        Err(r) => return Ok(Err(r)),
    };
    let form = match upload::Posted::read(req, payload, upload::LIMIT).await {
        Ok(f) => f,
        Err(refused) => {
            let m = refused.message(lang_of(req));
            return Ok(Err(page(state, req, csrf, vec![m], true).await?));
        }
    };
    if form.text("csrf") != csrf {
        return Ok(Err(page(state, req, csrf, vec!["CSRF".into()], true).await?));
    }
    Ok(Ok((user, csrf, form)))
}

async fn page(
    state: &web::Data<AppState>,
    req: &HttpRequest,
    csrf: String,
    messages: Vec<String>,
    failed: bool,
) -> Result<HttpResponse, AppError> {
    page_with(state, req, csrf, messages, failed, false).await
}

/// The page, its messages as done, done in part, or refused.
async fn page_with(
    state: &web::Data<AppState>,
    req: &HttpRequest,
    csrf: String,
    messages: Vec<String>,
    failed: bool,
    partial: bool,
) -> Result<HttpResponse, AppError> {
    let lang = lang_of(req);
    let st = state.clone();
    let (surveys, campaigns) = web::block(move || -> Result<_, DomainError> {
        let mut conn = st.pool.get()?;
        let surveys = surveys::list(&mut conn)?
            .into_iter()
            .map(|v| {
                format!(
                    "{} {} — {} ({})",
                    v.survey_key,
                    v.version,
                    v.title,
                    v.content_hash.get(..12).unwrap_or_default()
                )
            })
            .collect::<Vec<_>>();
        let campaigns = fieldwork::campaigns(&mut conn)?.into_iter().map(|c| (c.slug, c.state)).collect::<Vec<_>>();
        Ok((surveys, campaigns))
    })
    .await??;
    let p = ManagePage {
        lang,
        title: t(lang, "manage-manage-campaigns"),
        back: t(lang, "console-campaigns"),
        csrf,
        messages,
        failed,
        partial,
        surveys,
        campaigns,
        t_survey: t(lang, "manage-questionnaires"),
        t_definition_file: t(lang, "manage-definition-json-schema-with-x-dra"),
        t_definition: t(lang, "manage-or-paste-its-content"),
        t_check_store: t(lang, "manage-check-and-store"),
        t_responses: t(lang, "manage-responses-view-exclude-restore"),
        t_new_campaign: t(lang, "manage-new-campaign"),
        t_slug: t(lang, "manage-short-name-lower-case-letters-digits"),
        t_name: t(lang, "manage-name"),
        t_survey_id: t(lang, "manage-questionnaire-id"),
        t_closes: t(lang, "manage-closes-on-yyyy-mm-dd"),
        t_tz: t(lang, "manage-utc-offset-guatemala-06-00"),
        t_remind: t(lang, "manage-remind-every-n-days"),
        t_public: t(lang, "manage-public-link-for-citizens"),
        t_several: t(lang, "manage-public-link-several-responses-from-one"),
        t_anonymous: t(lang, "manage-anonymous-a-response-keeps-no-link"),
        t_create: t(lang, "manage-create-as-draft"),
        t_participants_file: t(lang, "manage-participants-csv-email-name-organisation-group"),
        t_participants: t(lang, "manage-or-paste-the-rows"),
        t_import: t(lang, "manage-import"),
        t_open: t(lang, "manage-open"),
        t_invite: t(lang, "manage-send-invitations"),
        t_remind_now: t(lang, "manage-send-reminders"),
        t_close: t(lang, "manage-close"),
        t_participants_list: t(lang, "manage-participants-search-correct-send-again"),
        t_settings: t(lang, "manage-settings-closing-reminders-sending-hours-and"),
    };
    Ok(pages::render(if failed { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK }, &p))
}

#[get("/console/manage")]
pub async fn manage(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, AppError> {
    match coordinator(&state, &req).await? {
        Ok((_, csrf)) => page(&state, &req, csrf, vec![], false).await,
        Err(r) => Ok(r),
    }
}

/// `POST /console/surveys`: a definition chosen as a file (`file`) or pasted (`definition`),
/// checked, then stored; every problem is shown with the file's name, line and pointer.
#[post("/console/surveys")]
pub async fn store_survey(
    state: web::Data<AppState>,
    req: HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, AppError> {
    let (user, csrf, form) = match guard_upload(&state, &req, payload).await? {
        Ok(u) => u,
        Err(r) => return Ok(r),
    };
    let Some((source, bytes)) = form.into_file_or_text("file", "definition") else {
        let none = t(lang_of(&req), "manage-choose-or-paste-a-definition");
        return page(&state, &req, csrf, vec![none.into()], true).await;
    };
    let st = state.clone();
    let lang = lang_of(&req);
    let actor = Actor { name: user.username.clone(), ip: ip_of(&req) };
    // Checking a large definition takes a while: not on the thread that serves requests.
    let result = web::block(move || -> Result<Result<String, Vec<String>>, DomainError> {
        let survey = match crate::survey::check_bytes(&bytes) {
            Ok(s) => s,
            Err(problems) => return Ok(Err(problems.iter().map(|p| p.display(&source).to_string()).collect())),
        };
        let mut conn = st.pool.get()?;
        Ok(Ok(match surveys::import(&mut conn, &survey, "console", &actor, st.clock.now())? {
            surveys::Imported::New(id) => crate::i18n::format(
                lang,
                "manage-survey-stored",
                &[
                    ("survey", survey.id.as_str().into()),
                    ("version", survey.version.as_str().into()),
                    ("id", id.into()),
                ],
            ),
            surveys::Imported::AlreadyStored(id) => crate::i18n::format(
                lang,
                "manage-survey-already-stored",
                &[
                    ("survey", survey.id.as_str().into()),
                    ("version", survey.version.as_str().into()),
                    ("id", id.into()),
                ],
            ),
        }))
    })
    .await?;
    match result {
        Ok(Ok(m)) => page(&state, &req, csrf, vec![m], false).await,
        Ok(Err(problems)) => page(&state, &req, csrf, problems, true).await,
        Err(e) => page(&state, &req, csrf, vec![shown(e)?], true).await,
    }
}

#[derive(serde::Deserialize)]
pub struct CampaignForm {
    csrf: String,
    slug: String,
    name: String,
    survey: String,
    closes: Option<String>,
    tz: Option<String>,
    remind_every: Option<String>,
    public_link: Option<String>,
    several_per_browser: Option<String>,
    anonymous: Option<String>,
}

#[post("/console/campaigns")]
pub async fn create_campaign(
    state: web::Data<AppState>,
    req: HttpRequest,
    form: super::form_body::Form<CampaignForm>,
) -> Result<HttpResponse, AppError> {
    let f = form.into_inner();
    let (user, csrf) = match guard(&state, &req, &f.csrf).await? {
        Ok(u) => u,
        Err(r) => return Ok(r),
    };
    let st = state.clone();
    let lang = lang_of(&req);
    let actor = Actor { name: user.username.clone(), ip: ip_of(&req) };
    let result = web::block(move || {
        let mut conn = st.pool.get()?;
        let remind = f
            .remind_every
            .as_deref()
            .filter(|s| !s.trim().is_empty())
            .map(|s| s.trim().parse::<i32>())
            .transpose()
            .map_err(|_| DomainError::invalid("remind_every", "a whole number of days"))?;
        let request = CampaignRequest {
            closes: f.closes,
            tz: f.tz.filter(|s| !s.trim().is_empty()).unwrap_or_else(|| "+00:00".into()),
            mode: if f.anonymous.is_some() { Mode::Anonymous } else { Mode::Identified },
            remind_every: remind,
            public_link: f.public_link.is_some(),
            one_per_browser: f.several_per_browser.is_none(),
            ..CampaignRequest::new(&f.slug, &f.name, &f.survey)
        };
        let c = service::campaigns::create(&mut conn, &request, &actor, st.clock.now())?;
        Ok::<_, DomainError>(crate::i18n::format(lang, "manage-campaign-created", &[("slug", c.slug.as_str().into())]))
    })
    .await?;
    match result {
        Ok(m) => page(&state, &req, csrf, vec![m], false).await,
        Err(e) => page(&state, &req, csrf, vec![shown(e)?], true).await,
    }
}

/// `POST /console/campaigns/{slug}/participants`: a participants CSV chosen as a file (`file`)
/// or pasted (`csv`), imported with a row-by-row report.
#[post("/console/campaigns/{slug}/participants")]
pub async fn import_participants(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
    payload: web::Payload,
) -> Result<HttpResponse, AppError> {
    let (user, csrf, form) = match guard_upload(&state, &req, payload).await? {
        Ok(u) => u,
        Err(r) => return Ok(r),
    };
    let Some((_, csv)) = form.into_file_or_text("file", "csv") else {
        let none = t(lang_of(&req), "manage-choose-or-paste-a-csv");
        return page(&state, &req, csrf, vec![none.into()], true).await;
    };
    let slug = path.into_inner();
    let st = state.clone();
    let lang = lang_of(&req);
    let actor = Actor { name: user.username.clone(), ip: ip_of(&req) };
    let (lines, rows, refused) = web::block(move || -> Result<(Vec<String>, usize, usize), DomainError> {
        let mut conn = st.pool.get()?;
        let (parsed, summary) = fieldwork::import_participants(&mut conn, &slug, &csv[..], &actor, st.clock.now())?;
        let mut lines = parsed.problem_lines(&format!("{} ", t(lang, "manage-line")));
        lines.push(crate::i18n::format(
            lang,
            "manage-rows-imported",
            &[
                ("rows", parsed.rows.into()),
                ("added", summary.added.into()),
                ("updated", summary.updated.into()),
                ("unchanged", summary.unchanged.into()),
                ("refused", parsed.refused.into()),
            ],
        ));
        Ok((lines, parsed.rows, parsed.refused))
    })
    .await??;
    // Nothing imported is a refusal; some rows imported and some refused is done in part.
    page_with(&state, &req, csrf, lines, refused > 0 && rows == 0, refused > 0 && rows > 0).await
}

#[derive(serde::Deserialize)]
pub struct ActionForm {
    csrf: String,
    action: String,
}

#[post("/console/campaigns/{slug}/action")]
pub async fn campaign_action(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
    form: super::form_body::Form<ActionForm>,
) -> Result<HttpResponse, AppError> {
    let f = form.into_inner();
    let (user, csrf) = match guard(&state, &req, &f.csrf).await? {
        Ok(u) => u,
        Err(r) => return Ok(r),
    };
    let slug = path.into_inner();
    let st = state.clone();
    let lang = lang_of(&req);
    let actor = Actor { name: user.username.clone(), ip: ip_of(&req) };
    let result = web::block(move || -> Result<String, DomainError> {
        let mut conn = st.pool.get()?;
        let now = st.clock.now();
        let to = match f.action.as_str() {
            "open" => Some(CampaignState::Open),
            "close" => Some(CampaignState::Closed),
            _ => None,
        };
        if let Some(to) = to {
            service::campaigns::set_state(&mut conn, &slug, to, &actor, now)?;
            let verb = match to {
                CampaignState::Open => t(lang, "manage-opened"),
                CampaignState::Closed => t(lang, "manage-closed"),
                CampaignState::Archived => t(lang, "manage-archived"),
                CampaignState::Draft => t(lang, "manage-made-a-draft"),
            };
            return Ok(format!("{slug}: {verb}"));
        }
        let mailing = match f.action.as_str() {
            "invite" => Mailing::Invitations,
            "remind" => Mailing::Reminders,
            other => {
                let shown: String = other.chars().take(32).collect();
                return Err(DomainError::invalid("action", format!("unknown action \"{shown}\"")));
            }
        };
        let n = fieldwork::queue_mail(&mut conn, &slug, mailing, &st.settings.base_url, &st.key, &actor, now)?;
        Ok(crate::i18n::format(lang, "manage-messages-queued", &[("slug", slug.as_str().into()), ("n", n.into())]))
    })
    .await?;
    match result {
        Ok(m) => page(&state, &req, csrf, vec![m], false).await,
        Err(e) => page(&state, &req, csrf, vec![shown(e)?], true).await,
    }
}
