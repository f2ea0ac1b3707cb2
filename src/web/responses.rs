//! A campaign's responses in the console, for coordinators: counted per group for every
//! campaign, and in an identified campaign listed fifty to a page, filtered by group and
//! standing, searched by the participant's address or name. One response, and excluding or
//! restoring it, is `response`'s. The rules are `service::review`'s, the same as
//! `dra responses …`; analysts see none of this (individual responses are the coordinators').

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, web};
use askama::Template;

use super::console::{lang_of, shown, signed_in_as};
use super::pages::{self, t};
use super::state::AppState;
use crate::analysis::Origin;
use crate::error::AppError;
use crate::role::Area;
use crate::service::DomainError;
use crate::service::review::{self, Counts, ResponseFilter, Standing, Summary};

/// Responses to a page.
const PER_PAGE: usize = 50;

/// A standing in the console's language.
pub(crate) fn standing_label(lang: &str, s: Standing) -> &'static str {
    match s {
        Standing::Draft => t(lang, "responses-draft"),
        Standing::Submitted => t(lang, "responses-submitted"),
        Standing::Excluded => t(lang, "responses-excluded"),
    }
}

/// An origin in the console's language.
pub(crate) fn origin_label(lang: &str, origin: &str) -> String {
    match Origin::parse(origin) {
        Some(Origin::Link) => t(lang, "responses-personal-link").into(),
        Some(Origin::Public) => t(lang, "responses-public-link").into(),
        Some(Origin::Paper) => t(lang, "responses-paper").into(),
        Some(Origin::Odk) => t(lang, "responses-odk-kobo-offline").into(),
        None => origin.to_string(),
    }
}

/// A query string value, percent-encoded.
fn enc(v: &str) -> String {
    percent_encoding::utf8_percent_encode(v, percent_encoding::NON_ALPHANUMERIC).to_string()
}

struct Row {
    number: String,
    href: String,
    who: String,
    group: String,
    origin: String,
    language: String,
    standing: &'static str,
    excluded: bool,
    submitted: String,
}

#[derive(Template)]
#[template(path = "console_responses.html")]
struct ListPage<'a> {
    lang: &'a str,
    title: String,
    back: &'a str,
    slug: String,
    /// Anonymous: counts only, and why.
    anonymous: Option<String>,
    messages: Vec<String>,
    count_headers: Vec<&'a str>,
    counts: Vec<[String; 4]>,
    t_counts: &'a str,
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

fn count_rows(lang: &str, c: &Counts, labels: &[(String, String)]) -> Vec<[String; 4]> {
    c.groups
        .iter()
        .map(|g| (super::participants::label_of(labels, &g.group), g))
        .chain(std::iter::once((t(lang, "responses-total").to_string(), &c.total)))
        .map(|(label, g)| [label, g.counted.to_string(), g.excluded.to_string(), g.drafts.to_string()])
        .collect()
}

fn row(lang: &str, slug: &str, time_zone: &str, labels: &[(String, String)], s: Summary) -> Row {
    let who = match (&s.email, &s.paper_ref) {
        (Some(e), _) => match &s.name {
            Some(n) => format!("{e} · {n}"),
            None => e.clone(),
        },
        (None, Some(r)) => format!("{} {r}", t(lang, "responses-form")),
        (None, None) => "—".into(),
    };
    Row {
        number: format!("#{}", s.id),
        href: format!("/console/campaigns/{slug}/response/{}", s.id),
        who,
        origin: origin_label(lang, &s.origin),
        language: s.language,
        standing: standing_label(lang, s.standing),
        excluded: s.standing == Standing::Excluded,
        submitted: s.submitted_at.map(|at| crate::mail::queue::format_close(at, time_zone)).unwrap_or_default(),
        group: super::participants::label_of(labels, &s.group),
    }
}

#[get("/console/campaigns/{slug}/responses")]
pub async fn responses(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, AppError> {
    if let Err(page) = signed_in_as(&state, &req, Area::Management).await? {
        return Ok(page);
    }
    let lang = lang_of(&req);
    let slug = path.into_inner();
    let query = query.into_inner();
    let filter = ResponseFilter { text: query.q.clone(), group: query.group.clone(), status: query.status.clone() };
    let (st, s) = (state.clone(), slug.clone());
    let page = query.page.unwrap_or(1);
    let (counts, found, groups) = web::block(move || -> Result<_, DomainError> {
        let mut conn = st.pool.get()?;
        let counts = review::counts(&mut conn, &s)?;
        // An anonymous campaign's, or a filter refused: shown on the page with the counts.
        let found = review::page(&mut conn, &s, &filter, page, PER_PAGE);
        let groups = crate::service::campaigns::with_groups(&mut conn, &s)?.1;
        Ok((counts, found, groups))
    })
    .await??;
    let labels = super::participants::labelled(groups, lang, &counts.campaign.default_language);
    let (q, group, status) =
        (query.q.unwrap_or_default(), query.group.unwrap_or_default(), query.status.unwrap_or_default());
    let mut failed = StatusCode::OK;
    let (mut anonymous, mut messages) = (None, Vec::new());
    let (rows, summary, prev, next) = match found {
        Ok(found) => {
            let link = |page: usize| {
                format!(
                    "/console/campaigns/{slug}/responses?q={}&group={}&status={}&page={page}",
                    enc(&q),
                    enc(&group),
                    enc(&status)
                )
            };
            let summary = crate::i18n::format(
                lang,
                "console-responses-page-summary",
                &[
                    ("matching", found.matching.into()),
                    ("total", found.total.into()),
                    ("page", found.page.into()),
                    ("pages", found.pages.into()),
                ],
            );
            let (prev, next) = (
                (found.page > 1).then(|| link(found.page - 1)),
                (found.page < found.pages).then(|| link(found.page + 1)),
            );
            let tz = found.campaign.time_zone.clone();
            (found.rows.into_iter().map(|s| row(lang, &slug, &tz, &labels, s)).collect(), summary, prev, next)
        }
        Err(DomainError::Forbidden(m)) => {
            anonymous = Some(m);
            (Vec::new(), String::new(), None, None)
        }
        Err(e) => {
            failed = StatusCode::UNPROCESSABLE_ENTITY;
            messages.push(shown(e)?);
            (Vec::new(), String::new(), None, None)
        }
    };

    Ok(pages::render(
        failed,
        &ListPage {
            lang,
            title: format!("{} · {}", t(lang, "responses-responses"), counts.campaign.name),
            back: t(lang, "campaign-settings-manage"),
            slug,
            anonymous,
            messages,
            count_headers: vec![
                t(lang, "console-group"),
                t(lang, "responses-submitted-counted"),
                t(lang, "console-excluded"),
                t(lang, "responses-drafts"),
            ],
            counts: count_rows(lang, &counts, &labels),
            t_counts: t(lang, "responses-responses-by-group"),
            q,
            group,
            status,
            groups: labels.clone(),
            statuses: Standing::ALL.iter().map(|s| (s.as_str(), standing_label(lang, *s))).collect(),
            rows,
            summary,
            prev,
            next,
            headers: vec![
                t(lang, "responses-no"),
                t(lang, "responses-participant"),
                t(lang, "console-group"),
                t(lang, "responses-origin"),
                t(lang, "responses-language"),
                t(lang, "responses-status-2"),
                t(lang, "responses-submitted"),
            ],
            t_text: t(lang, "responses-search-email-name-no"),
            t_group: t(lang, "responses-group"),
            t_status: t(lang, "responses-status"),
            t_all: t(lang, "responses-all"),
            t_filter: t(lang, "responses-filter"),
            t_prev: t(lang, "responses-previous"),
            t_next: t(lang, "responses-next"),
            t_none: t(lang, "responses-no-response-matches"),
        },
    ))
}
