//! A campaign's settings after creation, in the console, for coordinators: when it closes, its
//! reminders, its sending window and its mail texts per language, each message previewed (its
//! text and its HTML, for a sample participant) before it is saved. The rules are
//! `service::campaigns`' (the same as at creation); every change is audit-logged.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use chrono::NaiveDateTime;

use super::console::{ip_of, lang_of, posted_as, shown, signed_in_as};
use super::form_body::Fields;
use super::pages::{self, t};
use super::state::AppState;
use crate::campaign::{CampaignState, Group};
use crate::error::AppError;
use crate::mail::templates::{self, MailKind, MailVars, Override, Overrides};
use crate::role::Area;
use crate::service::campaigns::{self, Campaign, SettingsRequest};
use crate::service::{Actor, DomainError};

/// The form's stamp of the campaign as read (its `updated_at`).
const STAMP: &str = "%Y-%m-%dT%H:%M:%S%.f";

/// One message's text in one language, as the form shows it, and its preview.
struct MailText {
    kind: &'static str,
    kind_label: &'static str,
    lang: String,
    subject: String,
    body: String,
    /// The campaign's own text (not the built-in one).
    own: bool,
    preview_subject: String,
    preview_text: String,
    preview_html: String,
}

#[derive(Template)]
#[template(path = "console_settings.html")]
struct SettingsPage<'a> {
    lang: &'a str,
    title: String,
    slug: String,
    csrf: String,
    stamp: String,
    messages: Vec<String>,
    failed: bool,
    /// Nothing changes any more (closed or archived).
    frozen: bool,
    time_zone: String,
    closes: String,
    remind_every: String,
    remind_max: String,
    send_window: String,
    texts: Vec<MailText>,
    /// (language, its own name, the campaign's name in it) for each language but the default.
    names: Vec<(String, String, String)>,
    default_name: String,
    t_names: &'a str,
    t_names_help: &'a str,
    t_back: &'a str,
    t_dates: &'a str,
    t_closes: &'a str,
    t_closes_help: &'a str,
    t_reminders: &'a str,
    t_remind_every: &'a str,
    t_remind_max: &'a str,
    t_window: &'a str,
    t_window_help: &'a str,
    t_texts: &'a str,
    t_texts_help: String,
    t_subject: &'a str,
    t_body: &'a str,
    t_own: &'a str,
    t_builtin: &'a str,
    t_preview: &'a str,
    t_preview_of: &'a str,
    t_save: &'a str,
    t_frozen: &'a str,
}

/// What the form holds: the campaign's values, or what was typed.
struct Typed {
    closes: String,
    remind_every: String,
    remind_max: String,
    send_window: String,
    /// The campaign's `updated_at` as the form was first read (kept through a refusal, so a
    /// change made meanwhile is still not overwritten); `None`: as read now.
    stamp: Option<String>,
    /// (kind, language) → subject and text.
    texts: Vec<(MailKind, String, Override)>,
    /// The campaign's name in each language but the default.
    names: Vec<(String, String)>,
}

/// The campaign's other languages, with its name in each as stored.
fn names_of(c: &Campaign) -> Vec<(String, String)> {
    let stored = c.names_map();
    c.languages()
        .into_iter()
        .filter(|l| *l != c.default_language)
        .map(|l| {
            let name = stored.get(&l).cloned().unwrap_or_default();
            (l, name)
        })
        .collect()
}

fn kind_label(lang: &str, k: MailKind) -> &'static str {
    match k {
        MailKind::Invitation => t(lang, "campaign-settings-invitation"),
        MailKind::Reminder => t(lang, "campaign-settings-reminder"),
        MailKind::ThankYou => t(lang, "campaign-settings-thank-you"),
    }
}

/// A stored moment as the form shows it: local time in the campaign's offset.
fn local(t: Option<NaiveDateTime>, tz: &str) -> String {
    let Some(t) = t else { return String::new() };
    let Ok(offset) = crate::campaign::parse_offset(tz) else { return String::new() };
    let l = t.and_utc().with_timezone(&offset).naive_local();
    if l.format("%S").to_string() == "00" {
        l.format("%Y-%m-%dT%H:%M").to_string()
    } else {
        l.format("%Y-%m-%dT%H:%M:%S").to_string()
    }
}

/// The campaign's values as the form shows them.
fn of_campaign(c: &Campaign) -> Typed {
    let own: Overrides = c.mail_overrides.as_deref().and_then(|o| serde_json::from_str(o).ok()).unwrap_or_default();
    let texts = MailKind::ALL
        .iter()
        .flat_map(|k| c.languages().into_iter().map(move |l| (*k, l)))
        .map(|(k, l)| {
            let text = own.get(&k).and_then(|m| m.get(&l)).cloned().unwrap_or_else(|| templates::builtin_text(k, &l));
            (k, l, text)
        })
        .collect();
    Typed {
        closes: local(c.closes_at, &c.time_zone),
        remind_every: c.reminder_every_days.map(|d| d.to_string()).unwrap_or_default(),
        remind_max: c.reminder_max.to_string(),
        send_window: c.send_window.clone().unwrap_or_default(),
        stamp: None,
        texts,
        names: names_of(c),
    }
}

/// Line ends as a browser posts them (`\r\n`) made plain, outer blanks trimmed.
fn plain(s: &str) -> String {
    s.replace("\r\n", "\n").trim().to_string()
}

/// The texts that differ from the built-in ones, as the campaign's own (JSON); `None`: none.
fn own_texts(texts: &[(MailKind, String, Override)]) -> Option<String> {
    let mut own = Overrides::new();
    for (k, l, o) in texts {
        if *o != templates::builtin_text(*k, l) {
            own.entry(*k).or_default().insert(l.clone(), o.clone());
        }
    }
    (!own.is_empty()).then(|| serde_json::to_string(&own).unwrap_or_default())
}

#[expect(clippy::too_many_arguments, reason = "the page's campaign, values and the action's outcome")]
fn render(
    lang: &str,
    c: &Campaign,
    groups: &[Group],
    base_url: &str,
    typed: Typed,
    csrf: String,
    messages: Vec<String>,
    failed: bool,
) -> HttpResponse {
    let own = own_texts(&typed.texts);
    let own: Overrides = own.as_deref().and_then(|o| serde_json::from_str(o).ok()).unwrap_or_default();
    let close_date = crate::campaign::parse_offset(&c.time_zone)
        .ok()
        .and_then(|o| crate::campaign::parse_moment(typed.closes.trim(), o, true).ok())
        .or(if typed.closes.trim().is_empty() { None } else { c.closes_at })
        .map(|t| crate::mail::queue::format_close(t, &c.time_zone));
    let texts = typed
        .texts
        .into_iter()
        .map(|(k, l, o)| {
            let vars = MailVars {
                name: Some("Ana Pérez".into()),
                organisation: Some(t(&l, "campaign-settings-ministry-of-example").into()),
                campaign: typed
                    .names
                    .iter()
                    .find(|(nl, n)| *nl == l && !n.is_empty())
                    .map_or_else(|| c.name.clone(), |(_, n)| n.clone()),
                group: groups.first().map(|g| g.labels.get(&l, &c.default_language).to_string()).unwrap_or_default(),
                close_date: close_date.clone(),
            };
            let composed = templates::compose(k, &l, &vars, Some(&own));
            let link = format!("{}/r/{}", base_url.trim_end_matches('/'), t(&l, "campaign-settings-personal-link"));
            let optout = format!("{}/o/{}", base_url.trim_end_matches('/'), t(&l, "campaign-settings-opt-out"));
            MailText {
                kind: k.as_str(),
                kind_label: kind_label(lang, k),
                own: own.get(&k).is_some_and(|m| m.contains_key(&l)),
                preview_subject: composed.subject,
                preview_text: templates::resolve_links(&composed.text, &link, &optout, false),
                preview_html: templates::resolve_links(&composed.html, &link, &optout, true),
                lang: l,
                subject: o.subject,
                body: o.body,
            }
        })
        .collect();
    let status = if failed { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    pages::render(
        status,
        &SettingsPage {
            lang,
            title: format!("{} · {}", t(lang, "campaign-settings-settings"), c.name),
            slug: c.slug.clone(),
            csrf,
            stamp: typed.stamp.clone().unwrap_or_else(|| c.updated_at.format(STAMP).to_string()),
            messages,
            failed,
            frozen: matches!(c.state(), CampaignState::Closed | CampaignState::Archived),
            time_zone: c.time_zone.clone(),
            closes: typed.closes,
            remind_every: typed.remind_every,
            remind_max: typed.remind_max,
            send_window: typed.send_window,
            texts,
            names: typed.names.into_iter().map(|(l, n)| (l.clone(), crate::i18n::own_name(&l), n)).collect(),
            default_name: c.name.clone(),
            t_names: t(lang, "campaign-settings-names"),
            t_names_help: t(lang, "campaign-settings-names-help"),
            t_back: t(lang, "campaign-settings-manage"),
            t_dates: t(lang, "campaign-settings-closing"),
            t_closes: t(lang, "campaign-settings-closes-the-campaign-s-local-time"),
            t_closes_help: t(lang, "campaign-settings-empty-no-closing-date"),
            t_reminders: t(lang, "campaign-settings-reminders"),
            t_remind_every: t(lang, "campaign-settings-every-how-many-days-empty-none"),
            t_remind_max: t(lang, "campaign-settings-how-many-at-most-0-to"),
            t_window: t(lang, "campaign-settings-sending-window"),
            t_window_help: t(lang, "campaign-settings-invitations-and-reminders-go-out-only"),
            t_texts: t(lang, "campaign-settings-mail-texts"),
            t_texts_help: format!(
                "{} {}",
                t(lang, "campaign-settings-placeholders-replaced-when-sending-the-invitation"),
                templates::PLACEHOLDERS.join(" ")
            ),
            t_subject: t(lang, "campaign-settings-subject"),
            t_body: t(lang, "campaign-settings-text"),
            t_own: t(lang, "campaign-settings-own-text"),
            t_builtin: t(lang, "campaign-settings-built-in-text"),
            t_preview: t(lang, "campaign-settings-preview"),
            t_preview_of: t(lang, "campaign-settings-as-a-sample-participant-receives-it"),
            t_save: t(lang, "campaign-settings-save-the-settings"),
            t_frozen: t(lang, "campaign-settings-the-campaign-is-closed-or-archived"),
        },
    )
}

async fn load(
    state: &web::Data<AppState>,
    slug: &str,
) -> Result<Result<(Campaign, Vec<Group>), DomainError>, AppError> {
    let st = state.clone();
    let s = slug.to_string();
    Ok(web::block(move || -> Result<_, DomainError> {
        let mut conn = st.pool.get()?;
        campaigns::with_groups(&mut conn, &s)
    })
    .await?)
}

fn not_found(lang: &str, m: String) -> HttpResponse {
    pages::notice(StatusCode::NOT_FOUND, lang, t(lang, "campaign-settings-not-found"), vec![m])
}

#[get("/console/campaigns/{slug}/settings")]
pub async fn settings_page(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let csrf = match signed_in_as(&state, &req, Area::Management).await? {
        Ok((_, csrf)) => csrf,
        Err(p) => return Ok(p),
    };
    let lang = lang_of(&req);
    match load(&state, &path.into_inner()).await? {
        Ok((c, groups)) => {
            Ok(render(lang, &c, &groups, &state.settings.base_url, of_campaign(&c), csrf, vec![], false))
        }
        Err(DomainError::NotFound(m)) => Ok(not_found(lang, m)),
        Err(e) => Err(e.into()),
    }
}

/// The settings posted: previewed (nothing stored) or saved.
#[post("/console/campaigns/{slug}/settings")]
pub async fn save_settings(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
    form: Fields,
) -> Result<HttpResponse, AppError> {
    let fields = form.0;
    let get = |name: &str| fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str()).unwrap_or_default();
    let (user, csrf) = match posted_as(&state, &req, Area::Management, get("csrf")).await? {
        Ok(u) => u,
        Err(p) => return Ok(p),
    };
    let lang = lang_of(&req);
    let slug = path.into_inner();
    let (c, groups) = match load(&state, &slug).await? {
        Ok(found) => found,
        Err(DomainError::NotFound(m)) => return Ok(not_found(lang, m)),
        Err(e) => return Err(e.into()),
    };
    let texts = MailKind::ALL
        .iter()
        .flat_map(|k| c.languages().into_iter().map(move |l| (*k, l)))
        .map(|(k, l)| {
            let subject = plain(get(&format!("subject_{}_{l}", k.as_str())));
            let body = plain(get(&format!("body_{}_{l}", k.as_str())));
            (k, l, Override { subject, body })
        })
        .collect::<Vec<_>>();
    let typed = Typed {
        closes: get("closes").trim().to_string(),
        remind_every: get("remind_every").trim().to_string(),
        remind_max: get("remind_max").trim().to_string(),
        send_window: get("send_window").trim().to_string(),
        stamp: Some(get("stamp").to_string()).filter(|s| !s.is_empty()),
        texts,
        names: names_of(&c)
            .into_iter()
            .map(|(l, _)| (l.clone(), get(&format!("name_{l}")).trim().to_string()))
            .collect(),
    };
    let base = state.settings.base_url.clone();
    if get("action") == "preview" {
        let m = t(lang, "campaign-settings-a-preview-of-what-you-wrote");
        return Ok(render(lang, &c, &groups, &base, typed, csrf, vec![m.to_string()], false));
    }
    let number = |field: &'static str, v: &str| -> Result<Option<i32>, DomainError> {
        if v.is_empty() {
            return Ok(None);
        }
        v.parse::<i32>().map(Some).map_err(|_| DomainError::invalid(field, format!("\"{v}\" is not a whole number")))
    };
    let request = (|| -> Result<SettingsRequest, DomainError> {
        Ok(SettingsRequest {
            closes: typed.closes.clone(),
            remind_every: number("remind_every", &typed.remind_every)?,
            remind_max: number("remind_max", &typed.remind_max)?.unwrap_or(0),
            send_window: typed.send_window.clone(),
            mail_overrides: own_texts(&typed.texts),
            read: NaiveDateTime::parse_from_str(get("stamp"), STAMP).ok(),
            names: Some(typed.names.iter().cloned().collect()),
        })
    })();
    let actor = Actor { name: user.username, ip: ip_of(&req) };
    let st = state.clone();
    let s = slug.clone();
    let done = match request {
        Ok(r) => {
            web::block(move || -> Result<_, DomainError> {
                let mut conn = st.pool.get()?;
                campaigns::update_settings(&mut conn, &s, &r, &actor, st.clock.now())
            })
            .await?
        }
        Err(e) => Err(e),
    };
    match done {
        Ok(updated) => {
            let m = if updated.updated_at == c.updated_at {
                t(lang, "campaign-settings-nothing-changed")
            } else {
                t(lang, "campaign-settings-settings-saved")
            };
            Ok(render(lang, &updated, &groups, &base, of_campaign(&updated), csrf, vec![m.to_string()], false))
        }
        Err(e) => {
            let message = shown(e)?;
            Ok(render(lang, &c, &groups, &base, typed, csrf, vec![message], true))
        }
    }
}
