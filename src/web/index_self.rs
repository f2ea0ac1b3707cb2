//! An institution's own page, `GET`/`POST /i/{token}`: the link its focal point receives by
//! mail (`dra index invite`). It shows every indicator of the index's framework with its levels
//! or range and the evidence it asks for, and the institution's own saved values, in the
//! framework's languages (`?lang=`). Works without JavaScript. The request is checked here (rate
//! limit per address, CSRF like the respondent's forms); the token, the compare-and-set save and
//! the checks of each field are `service::index::self_links` and `self_assess`'s. A refused form
//! comes back with each problem beside its field and what was typed; an unknown, malformed or
//! expired link gets the same not-found page.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use super::csrf;
use super::form_body::Fields;
use super::form_page::language_name;
use super::pages::{self, t};
use super::state::AppState;
use crate::error::AppError;
use crate::i18n::Arg;
use crate::index::framework::{Evidence, Indicator, Scale, fmt_num};
use crate::service::DomainError;
use crate::service::index::self_assess::{self as sa, Problem, SaveRefused, SelfEntry, SelfView};
use crate::service::index::self_links;

/// One level of an ordinal indicator, as a radio button.
struct Opt {
    id: String,
    value: String,
    label: String,
    checked: bool,
}

/// One indicator of the form.
struct Item {
    id: String,
    label: String,
    description: String,
    ordinal: bool,
    /// Scored from a document only: the evaluators record it; no field to fill here.
    document_only: bool,
    levels: Vec<Opt>,
    range_hint: String,
    value: String,
    url: String,
    note: String,
    version: String,
    evidence_hint: String,
    /// What is saved now, and its review status (empty: nothing saved).
    saved: String,
    value_error: Option<String>,
    url_error: Option<String>,
    note_error: Option<String>,
}

/// A pillar of the framework: a heading and its indicators.
struct Section {
    heading: String,
    items: Vec<Item>,
}

#[derive(Template)]
#[template(path = "index_self.html")]
struct Page<'a> {
    lang: &'a str,
    index_name: &'a str,
    title: String,
    intro: String,
    langs: Vec<(String, String)>,
    action: String,
    csrf: String,
    /// A status line (saved) or an alert (conflict), when there is one.
    status: Option<String>,
    conflict: bool,
    errors: Vec<(String, String)>,
    sections: Vec<Section>,
    t_language: &'a str,
    t_fix: &'a str,
    t_value: &'a str,
    t_url: &'a str,
    t_note: &'a str,
    t_save: &'a str,
}

#[derive(serde::Deserialize, Default)]
pub struct Query {
    lang: Option<String>,
    saved: Option<u8>,
}

/// The form's field names for indicator `id`.
fn name(kind: &str, id: &str) -> String {
    format!("{kind}-{id}")
}

/// The language to answer in: `asked` when the framework has it, else the framework's default.
fn pick_lang(view: &SelfView, asked: Option<&str>) -> String {
    let fw = &view.framework;
    asked.filter(|l| fw.languages.iter().any(|x| x == l)).map_or_else(|| fw.default_language.clone(), str::to_string)
}

/// The language of a page that has no framework to go by (a link that leads nowhere): `?lang=`
/// when the catalogs have it, Spanish otherwise.
fn bare_lang(asked: Option<&str>) -> &'static str {
    match asked {
        Some(l) if !l.is_empty() && l.len() <= 8 && crate::i18n::has(l) => crate::i18n::intern(l),
        _ => "es",
    }
}

fn evidence_hint(lang: &str, e: Evidence) -> &'static str {
    match e {
        Evidence::None => t(lang, "index-self-evidence-none"),
        Evidence::Url => t(lang, "index-self-evidence-url"),
        Evidence::UrlOrDocument => t(lang, "index-self-evidence-url-or-document"),
        Evidence::Document => t(lang, "index-self-evidence-document"),
    }
}

/// What one indicator shows: typed values when the form came back, else what is saved.
fn item(
    lang: &str,
    fallback: &str,
    ind: &Indicator,
    view: &SelfView,
    typed: Option<&HashMap<String, String>>,
    problems: &[Problem],
) -> Item {
    let own = view.own.iter().find(|s| s.indicator == ind.id);
    let field = |kind: &str| typed.and_then(|m| m.get(&name(kind, &ind.id))).cloned().unwrap_or_default();
    let (value, url, note, version) = match typed {
        Some(_) => (field("value"), field("url"), field("note"), field("version")),
        None => own.map_or_else(Default::default, |s| {
            (
                fmt_num(s.value),
                s.evidence_url.clone().unwrap_or_default(),
                s.evidence_note.clone().unwrap_or_default(),
                s.version.to_string(),
            )
        }),
    };
    let error = |f: &str| {
        problems
            .iter()
            .find(|p| p.indicator == ind.id && p.field == f)
            .map(|p| t(lang, p.kind.message_id()).to_string())
    };
    let mut levels = Vec::new();
    let mut range_hint = String::new();
    match &ind.scale {
        Scale::Levels(ls) => {
            if own.is_none() {
                levels.push(Opt {
                    id: format!("in-{}-none", ind.id),
                    value: String::new(),
                    label: t(lang, "index-self-page-not-answered").to_string(),
                    checked: value.trim().is_empty(),
                });
            }
            for (n, l) in ls.iter().enumerate() {
                let v = fmt_num(l.value);
                levels.push(Opt {
                    id: format!("in-{}-{n}", ind.id),
                    checked: value.trim() == v,
                    label: format!("{v} · {}", l.label.get(lang, fallback)),
                    value: v,
                });
            }
        }
        Scale::Range { min, max, unit } => {
            range_hint = crate::i18n::format(
                lang,
                "index-self-page-range",
                &[
                    ("min", Arg::from(fmt_num(*min))),
                    ("max", Arg::from(fmt_num(*max))),
                    ("unit", Arg::from(unit.get(lang, fallback))),
                ],
            );
        }
    }
    let saved = own.map_or_else(String::new, |s| {
        crate::i18n::format(
            lang,
            "index-self-page-saved-value",
            &[
                ("value", Arg::from(fmt_num(s.value))),
                ("status", Arg::from(crate::index::report::texts::status(lang, &s.status))),
            ],
        )
    });
    Item {
        id: ind.id.clone(),
        label: ind.label.get(lang, fallback).to_string(),
        description: ind.description.get(lang, fallback).to_string(),
        ordinal: ind.is_ordinal(),
        document_only: ind.evidence == Evidence::Document,
        levels,
        range_hint,
        value,
        url,
        note,
        version,
        evidence_hint: evidence_hint(lang, ind.evidence).to_string(),
        saved,
        value_error: error("value"),
        url_error: error("evidence_url"),
        note_error: error("evidence_note"),
    }
}

/// What the page says at its top.
enum Said {
    Nothing,
    Saved,
    Conflict,
}

#[expect(clippy::too_many_arguments, reason = "the page's parts")]
fn page(
    view: &SelfView,
    lang: &str,
    token: &str,
    csrf: String,
    typed: Option<&HashMap<String, String>>,
    problems: &[Problem],
    said: Said,
    status: StatusCode,
) -> HttpResponse {
    let fw = &view.framework;
    let fallback = fw.default_language.as_str();
    let sections: Vec<Section> = fw
        .pillars
        .iter()
        .map(|p| Section {
            heading: p.label.get(lang, fallback).to_string(),
            items: p.indicators.iter().map(|i| item(lang, fallback, i, view, typed, problems)).collect(),
        })
        .collect();
    // The summary names each field by its indicator, in form order, and links to it.
    let errors = sections
        .iter()
        .flat_map(|s| &s.items)
        .flat_map(|i| {
            [
                (i.value_error.as_ref(), if i.ordinal { "fs" } else { "value" }),
                (i.url_error.as_ref(), "url"),
                (i.note_error.as_ref(), "note"),
            ]
            .into_iter()
            .filter_map(move |(e, f)| e.map(|e| (format!("in-{}-{f}", i.id), format!("{}: {e}", i.label))))
        })
        .collect();
    let conflict = matches!(said, Said::Conflict);
    let status_line = match said {
        Said::Nothing => None,
        Said::Saved => Some(t(lang, "index-self-page-saved").to_string()),
        Said::Conflict => Some(t(lang, "index-self-page-conflict").to_string()),
    };
    let title = crate::i18n::format(lang, "index-self-page-title", &[("institution", Arg::from(&view.unit_name))]);
    let intro = crate::i18n::format(lang, "index-self-page-intro", &[("institution", Arg::from(&view.unit_name))]);
    let resp = pages::render(
        status,
        &Page {
            lang,
            index_name: &view.index_name,
            title,
            intro,
            langs: fw.languages.iter().map(|l| (l.clone(), language_name(l))).collect(),
            action: format!("/i/{token}"),
            csrf,
            status: status_line,
            conflict,
            errors,
            sections,
            t_language: t(lang, "form-review-language"),
            t_fix: t(lang, "index-self-page-fix"),
            t_value: t(lang, "index-self-page-value"),
            t_url: t(lang, "index-self-page-evidence-url"),
            t_note: t(lang, "index-self-page-note"),
            t_save: t(lang, "index-self-page-save"),
        },
    );
    no_store(resp)
}

fn no_store(mut resp: HttpResponse) -> HttpResponse {
    resp.headers_mut()
        .insert(actix_web::http::header::CACHE_CONTROL, actix_web::http::header::HeaderValue::from_static("no-store"));
    resp
}

/// The page for too many requests from one address in a minute.
fn too_many(lang: &str) -> HttpResponse {
    pages::notice(
        StatusCode::TOO_MANY_REQUESTS,
        lang,
        t(lang, "form-save-too-many-submissions"),
        vec![t(lang, "form-save-wait-a-minute-and-try-again").to_string()],
    )
}

/// Whether this request goes over the public pages' limit of requests per address and minute.
fn limited(state: &AppState, req: &HttpRequest) -> bool {
    super::client::addr_of(req).is_some_and(|addr| !state.public_limit.allow(addr, state.clock.now()))
}

/// The campaign, institution and page of a token; `None` for a link that leads nowhere.
async fn opened(state: &web::Data<AppState>, token: &str) -> Result<Option<(String, i64, SelfView)>, AppError> {
    let (st, tok) = (state.clone(), token.to_string());
    let found = web::block(move || -> Result<_, DomainError> {
        let mut conn = st.pool.get()?;
        let (slug, unit) = self_links::open(&mut conn, &tok, st.clock.now())?;
        let view = sa::view(&mut conn, &slug, unit)?;
        Ok((slug, unit, view))
    })
    .await?;
    match found {
        Ok(x) => Ok(Some(x)),
        Err(DomainError::NotFound(_)) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// `GET /i/{token}`: the institution's form with what it saved.
pub async fn show(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
    query: web::Query<Query>,
) -> Result<HttpResponse, AppError> {
    let token = path.into_inner();
    let asked = query.lang.as_deref();
    if limited(&state, &req) {
        return Ok(too_many(bare_lang(asked)));
    }
    let Some((_, _, view)) = opened(&state, &token).await? else { return Ok(pages::not_found(bare_lang(asked))) };
    let lang = pick_lang(&view, asked);
    let (cookie_value, new_cookie) = csrf::cookie_value(&req, state.settings.https());
    let field = csrf::field_for(&state.key, &cookie_value);
    let said = if query.saved == Some(1) { Said::Saved } else { Said::Nothing };
    let mut resp = page(&view, &lang, &token, field, None, &[], said, StatusCode::OK);
    if let Some(c) = new_cookie {
        let _ = resp.add_cookie(&c);
    }
    Ok(resp)
}

/// The form's entries, one per indicator of the framework (a field not sent is empty; a
/// version that is not a number matches no stored version).
fn entries(view: &SelfView, fields: &HashMap<String, String>) -> Vec<SelfEntry> {
    view.framework
        .indicators()
        .filter(|(_, i)| i.evidence != Evidence::Document)
        .map(|(_, i)| {
            let get = |kind: &str| fields.get(&name(kind, &i.id)).cloned().unwrap_or_default();
            let version = get("version");
            let version = version.trim();
            SelfEntry {
                indicator: i.id.clone(),
                value: get("value"),
                evidence_url: get("url"),
                evidence_note: get("note"),
                version: if version.is_empty() { None } else { Some(version.parse::<i64>().unwrap_or(-1)) },
            }
        })
        .collect()
}

/// `POST /i/{token}`: stores the whole form or nothing.
pub async fn save(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
    fields: Fields,
) -> Result<HttpResponse, AppError> {
    let token = path.into_inner();
    let fields: HashMap<String, String> = fields.0.into_iter().collect();
    let asked = fields.get("lang").map(String::as_str);
    if limited(&state, &req) {
        return Ok(too_many(bare_lang(asked)));
    }
    let posted_csrf = fields.get(csrf::FIELD).cloned().unwrap_or_default();
    if !csrf::verify(&state.key, &req, Some(&posted_csrf)) {
        // Who posted is not known for sure: the page speaks both languages.
        let both = |id: &str| format!("{} · {}", t("es", id), t("en", id));
        return Ok(pages::notice(
            StatusCode::FORBIDDEN,
            "es",
            both("index-self-page-session-expired"),
            vec![t("es", "index-self-page-open-again").to_string(), t("en", "index-self-page-open-again").to_string()],
        ));
    }
    let Some((slug, unit, view)) = opened(&state, &token).await? else {
        return Ok(pages::not_found(bare_lang(asked)));
    };
    let lang = pick_lang(&view, asked);
    let form = entries(&view, &fields);
    let st = state.clone();
    let stored = web::block(move || {
        let mut conn = st.pool.get().map_err(|e| SaveRefused::Domain(e.into()))?;
        sa::save(&mut conn, &slug, unit, &form, st.clock.now())
    })
    .await?;
    match stored {
        Ok(_) => Ok(no_store(
            HttpResponse::SeeOther().insert_header(("Location", format!("/i/{token}?lang={lang}&saved=1"))).finish(),
        )),
        Err(SaveRefused::Fields(problems)) => Ok(page(
            &view,
            &lang,
            &token,
            posted_csrf,
            Some(&fields),
            &problems,
            Said::Nothing,
            StatusCode::UNPROCESSABLE_ENTITY,
        )),
        Err(SaveRefused::Domain(DomainError::Conflict(_))) => {
            // Show what is saved now, read again, with the versions to change it from.
            let Some((_, _, fresh)) = opened(&state, &token).await? else {
                return Ok(pages::not_found(bare_lang(asked)));
            };
            Ok(page(&fresh, &lang, &token, posted_csrf, None, &[], Said::Conflict, StatusCode::CONFLICT))
        }
        Err(SaveRefused::Domain(DomainError::NotFound(_))) => Ok(pages::not_found(&lang)),
        Err(SaveRefused::Domain(e)) => Err(e.into()),
    }
}
