//! The console's comparison of editions (`/console/compare`): pick the earlier and later
//! campaigns (and an item map, pasted), see the "then → now" dumbbell, the slope (or trend)
//! chart and the tables, and download the comparison as CSV or JSON. Index campaigns are
//! compared institution by institution (score and rank, both rank intervals, a trend with three
//! or more editions); a survey campaign with an index campaign is refused with its message. For
//! analysts and administrators; a GET form that changes nothing, and works without JavaScript.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, web};
use askama::Template;

use super::console::{lang_of, signed_in_as};
use super::pages::{self, t};
use super::state::AppState;
use crate::error::AppError;
use crate::index::report::change::IndexChange;
use crate::report::change::ChangeSection;
use crate::role::Area;
use crate::service::index::editions as index_editions;
use crate::service::{DomainError, compare, fieldwork};

#[derive(serde::Deserialize, Default)]
pub struct CompareForm {
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    map: String,
}

#[derive(Template)]
#[template(path = "console_compare.html")]
struct ComparePage<'a> {
    lang: &'a str,
    title: &'a str,
    labels: [&'a str; 6],
    /// (slug, name) of every campaign.
    campaigns: Vec<(String, String)>,
    from: String,
    to: String,
    map: String,
    error: Option<String>,
    section: Option<ChangeSection>,
    /// Index campaigns compared.
    index_section: Option<IndexChange>,
    /// The query string of the downloads.
    query: String,
}

fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b',' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// What the page shows once two editions are named.
enum Outcome {
    Survey(Box<ChangeSection>),
    Index(Box<IndexChange>),
}

/// An error as the page shows it: invalid input without the name of its field.
fn shown_plain(e: DomainError) -> Result<String, AppError> {
    match e {
        DomainError::Invalid { message, .. } => Ok(message),
        other => super::console::shown(other),
    }
}

#[get("/console/compare")]
pub async fn page(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, AppError> {
    let lang = lang_of(&req);
    if let Err(p) = signed_in_as(&state, &req, Area::Analysis).await? {
        return Ok(p);
    }
    let form = web::Query::<CompareForm>::from_query(req.query_string()).map(|q| q.into_inner()).unwrap_or_default();
    let from = super::api_compare::slugs(&form.from);
    let (to, map_text) = (form.to.trim().to_string(), form.map.trim().to_string());
    let report_lang = if lang == "en" { crate::report::Lang::En } else { crate::report::Lang::Es };
    let st = state.clone();
    let asked = !from.is_empty() && !to.is_empty();
    let (f2, t2, m2) = (from.clone(), to.clone(), map_text.clone());
    let (campaigns, outcome) = web::block(move || -> Result<_, DomainError> {
        let mut conn = st.pool.get()?;
        let mut campaigns: Vec<(String, String)> =
            fieldwork::campaigns(&mut conn)?.into_iter().map(|c| (c.slug, c.name)).collect();
        let index_kind = t(lang, "console-compare-index-campaign");
        campaigns.extend(
            crate::service::index::list(&mut conn)?.into_iter().map(|c| (c.slug, format!("{} ({index_kind})", c.name))),
        );
        let outcome = if asked {
            Some(match index_editions::kind(&mut conn, &f2, &t2, lang) {
                Ok(index_editions::Kind::Index) => {
                    index_editions::section(&mut conn, &f2, &t2, lang).map(|s| Outcome::Index(Box::new(s)))
                }
                Ok(index_editions::Kind::Survey) => {
                    let map = if m2.is_empty() { None } else { Some(compare::parse_map(&m2)) };
                    match map.transpose() {
                        Ok(map) => compare::view(&mut conn, &f2, &t2, map.as_ref(), report_lang)
                            .map(|(_, s)| Outcome::Survey(Box::new(s))),
                        Err(e) => Err(e),
                    }
                }
                Err(e) => Err(e),
            })
        } else {
            None
        };
        Ok((campaigns, outcome))
    })
    .await??;
    let (section, index_section, error) = match outcome {
        None => (None, None, None),
        Some(Ok(Outcome::Survey(s))) => (Some(*s), None, None),
        Some(Ok(Outcome::Index(s))) => (None, Some(*s), None),
        Some(Err(e)) => (None, None, Some(shown_plain(e)?)),
    };
    let query = format!("from={}&to={}&map={}", encode(&from.join(",")), encode(&to), encode(&map_text));
    let page = ComparePage {
        lang,
        title: t(lang, "console-compare-compare-editions"),
        labels: [
            t(lang, "console-compare-earlier-edition-one-or-more-oldest"),
            t(lang, "console-compare-later-edition"),
            t(lang, "console-compare-item-map-json-optional"),
            t(lang, "console-compare-compare"),
            t(lang, "console-compare-download"),
            t(lang, "console-campaigns"),
        ],
        campaigns,
        from: from.join(","),
        to,
        map: map_text,
        error,
        section,
        index_section,
        query,
    };
    let status = if page.error.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    Ok(pages::render(status, &page))
}

/// The comparison as CSV (one row per scale × group and overall; index campaigns: one row per
/// institution, or per institution and edition with three or more editions).
#[get("/console/compare.csv")]
pub async fn csv(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, AppError> {
    if let Err(p) = signed_in_as(&state, &req, Area::Analysis).await? {
        return Ok(p);
    }
    let form = web::Query::<CompareForm>::from_query(req.query_string()).map(|q| q.into_inner()).unwrap_or_default();
    let from = super::api_compare::slugs(&form.from);
    let to = form.to.trim().to_string();
    let map_text = form.map.trim().to_string();
    let st = state.clone();
    let lang = lang_of(&req);
    let bytes = web::block(move || -> Result<_, DomainError> {
        let mut conn = st.pool.get()?;
        if index_editions::kind(&mut conn, &from, &to, lang)? == index_editions::Kind::Index {
            return index_editions::answer(&mut conn, &from, &to, lang)?.csv();
        }
        let map = if map_text.is_empty() { None } else { Some(compare::parse_map(&map_text)?) };
        let editions = compare::compare(&mut conn, &from, &to, map.as_ref())?;
        crate::analysis::compare::table::csv(&editions.comparison).map_err(DomainError::Internal)
    })
    .await??;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header(("Content-Disposition", "attachment; filename=\"comparison.csv\""))
        .body(bytes))
}
