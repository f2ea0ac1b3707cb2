//! What anyone may see of a campaign's contributions, with no sign-in: the page
//! `/p/{slug}/contributions` (the published contributions, the edited text where personal data was
//! hidden, their answers, and the counts per topic and answer), its open-data export
//! (`contributions.csv` and `datapackage.json` beside it) and the "what we heard and what we did"
//! record (`record.html`, `record.pdf`). What is public is decided in `contribution::Public`.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, get, web};
use askama::Template;

use super::form_page::language_name;
use super::pages::{self, t};
use super::state::AppState;
use crate::contribution::{Answer, awaiting_label, topic_label};
use crate::error::AppError;
use crate::service::DomainError;
use crate::service::contributions::{self, PublicView};

struct Item {
    id: i64,
    topic: String,
    text: Vec<String>,
    edited: bool,
    author: String,
    received: String,
    answer: String,
    reason: String,
    reference: String,
    reference_is_link: bool,
}

#[derive(Template)]
#[template(path = "contributions_public.html")]
struct Page<'a> {
    lang: &'a str,
    campaign: &'a str,
    title: &'a str,
    intro: &'a str,
    langs: Vec<(String, String)>,
    contribute: Option<String>,
    totals: Vec<(&'a str, u64)>,
    columns: Vec<&'a str>,
    rows: Vec<(String, Vec<u64>)>,
    items: Vec<Item>,
    csv: String,
    datapackage: String,
    record: String,
    t_language: &'a str,
    t_contribute: &'a str,
    t_counts: &'a str,
    t_by_topic: &'a str,
    t_topic: &'a str,
    t_list: &'a str,
    t_none: &'a str,
    t_edited: &'a str,
    t_from: &'a str,
    t_received: &'a str,
    t_answer: &'a str,
    t_reason: &'a str,
    t_reference: &'a str,
    t_open_data: &'a str,
    t_csv: &'a str,
    t_datapackage: &'a str,
    t_record: &'a str,
}

#[derive(serde::Deserialize, Default)]
pub struct Query {
    lang: Option<String>,
}

async fn view(state: &web::Data<AppState>, slug: String) -> Result<Option<PublicView>, AppError> {
    if crate::campaign::check_slug(&slug).is_err() {
        return Ok(None);
    }
    let st = state.clone();
    Ok(web::block(move || -> Result<_, DomainError> {
        let mut conn = st.pool.get()?;
        contributions::public(&mut conn, &slug)
    })
    .await??)
}

fn page(v: &PublicView, lang: &str, open: bool) -> HttpResponse {
    let base = format!("/p/{}/contributions", v.slug);
    let mut columns: Vec<&str> = Answer::ALL.iter().map(|a| a.label(lang)).collect();
    columns.push(awaiting_label(lang));
    columns.push(t(lang, "contributions-public-published"));
    let row = |tc: &crate::contribution::TopicCounts| -> Vec<u64> {
        tc.answers.iter().copied().chain([tc.awaiting, tc.published]).collect()
    };
    let mut rows: Vec<(String, Vec<u64>)> =
        v.counts.by_topic.iter().map(|tc| (topic_label(&v.topics, &tc.topic, lang).to_string(), row(tc))).collect();
    rows.push((t(lang, "contributions-public-total").to_string(), row(&v.counts.total)));
    let items = v
        .items
        .iter()
        .map(|p| {
            let reference = p.answer_ref.clone().unwrap_or_default();
            Item {
                id: p.id,
                topic: topic_label(&v.topics, &p.topic, lang).to_string(),
                text: p.text.split('\n').map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect(),
                edited: p.edited,
                author: [p.author_name.as_deref(), p.author_org.as_deref()]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(" · "),
                received: p.received_on.format("%Y-%m-%d").to_string(),
                answer: p.answer.map_or(awaiting_label(lang), |a| a.label(lang)).to_string(),
                reason: p.answer_reason.clone().unwrap_or_default(),
                reference_is_link: (reference.starts_with("https://") || reference.starts_with("http://"))
                    && !reference.contains(char::is_whitespace),
                reference,
            }
        })
        .collect();
    let mut resp = pages::render(
        StatusCode::OK,
        &Page {
            lang,
            campaign: &v.name,
            title: t(lang, "contributions-public-proposals-received-and-their-answers"),
            intro: t(lang, "contributions-public-each-proposal-is-published-once-screened"),
            langs: v.languages.iter().map(|l| (l.clone(), language_name(l))).collect(),
            contribute: open.then(|| format!("/p/{}/contribute?lang={lang}", v.slug)),
            totals: vec![
                (t(lang, "contributions-public-received"), v.counts.received),
                (t(lang, "contributions-public-to-be-screened"), v.counts.pending),
                (t(lang, "contributions-public-published"), v.counts.published),
                (t(lang, "contributions-public-rejected-spam-or-abuse"), v.counts.rejected),
            ],
            columns,
            rows,
            items,
            csv: format!("{base}/{}", crate::contribution::export::CSV_NAME),
            datapackage: format!("{base}/datapackage.json"),
            record: format!("{base}/record.pdf?lang={lang}"),
            t_language: t(lang, "form-review-language"),
            t_contribute: t(lang, "contributions-public-send-a-proposal"),
            t_counts: t(lang, "contributions-public-how-many-and-what-was-done"),
            t_by_topic: t(lang, "contributions-public-published-proposals-by-topic-and-answer"),
            t_topic: t(lang, "contributions-console-topic"),
            t_list: t(lang, "contributions-public-the-published-proposals"),
            t_none: t(lang, "contributions-public-no-proposal-has-been-published-yet"),
            t_edited: t(lang, "contributions-public-text-edited-to-hide-personal-data"),
            t_from: t(lang, "contributions-public-from"),
            t_received: t(lang, "contributions-public-received-on"),
            t_answer: t(lang, "contributions-console-answer"),
            t_reason: t(lang, "response-reason"),
            t_reference: t(lang, "contributions-console-where-it-went"),
            t_open_data: t(lang, "contributions-public-open-data"),
            t_csv: t(lang, "contributions-public-the-published-proposals-and-their-answers"),
            t_datapackage: t(lang, "contributions-public-its-description-data-package-json"),
            t_record: t(lang, "contributions-public-what-we-heard-and-what-we"),
        },
    );
    resp.headers_mut()
        .insert(actix_web::http::header::CACHE_CONTROL, actix_web::http::header::HeaderValue::from_static("no-cache"));
    resp
}

#[get("/p/{slug}/contributions")]
pub async fn public_page(
    state: web::Data<AppState>,
    path: web::Path<String>,
    q: web::Query<Query>,
) -> Result<HttpResponse, AppError> {
    let slug = path.into_inner();
    let Some(v) = view(&state, slug.clone()).await? else { return Ok(pages::not_found("es")) };
    let lang = v.pick_lang(q.lang.as_deref());
    let st = state.clone();
    let open = web::block(move || -> Result<_, DomainError> {
        let mut conn = st.pool.get()?;
        let via = contributions::Via::Public(slug);
        Ok(matches!(contributions::open(&mut conn, &via, st.clock.now())?, contributions::Opened::Open(_)))
    })
    .await??;
    Ok(page(&v, &lang, open))
}

#[get("/p/{slug}/contributions/contributions.csv")]
pub async fn csv(state: web::Data<AppState>, path: web::Path<String>) -> Result<HttpResponse, AppError> {
    let slug = path.into_inner();
    let Some(v) = view(&state, slug.clone()).await? else { return Ok(pages::not_found("es")) };
    let bytes =
        crate::contribution::export::csv(&v.topics, &v.items).map_err(|e| AppError::Internal(anyhow::anyhow!(e)))?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header(("Content-Disposition", format!("inline; filename=\"contributions-{slug}.csv\"")))
        .body(bytes))
}

#[get("/p/{slug}/contributions/datapackage.json")]
pub async fn datapackage(state: web::Data<AppState>, path: web::Path<String>) -> Result<HttpResponse, AppError> {
    let Some(v) = view(&state, path.into_inner()).await? else { return Ok(pages::not_found("es")) };
    let bytes = crate::contribution::export::datapackage(&v.slug, &v.name)
        .map_err(|e| AppError::Internal(anyhow::anyhow!(e)))?;
    Ok(HttpResponse::Ok().content_type("application/json").body(bytes))
}

/// `GET /p/{slug}/contributions/record.{pdf,html}?lang=`: "what we heard and what we did".
#[get("/p/{slug}/contributions/record.{format}")]
pub async fn record(
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
    q: web::Query<Query>,
) -> Result<HttpResponse, AppError> {
    let (slug, format) = path.into_inner();
    if format != "pdf" && format != "html" {
        return Ok(pages::not_found("es"));
    }
    let Some(v) = view(&state, slug).await? else { return Ok(pages::not_found("es")) };
    let lang = v.pick_lang(q.lang.as_deref());
    let now = state.clock.now();
    let r = crate::contribution::report::record(&lang, &v.name, now.date(), &v.topics, &v.counts, &v.items);
    let fail = |e: String| AppError::Internal(anyhow::anyhow!(e));
    if format == "html" {
        let html = crate::contribution::report::html(&r).map_err(fail)?;
        return Ok(pages::document(html, "text/html; charset=utf-8", &format!("record-{}-{lang}.html", v.slug)));
    }
    let pdf = web::block(move || crate::contribution::report::pdf(&r, Some(now))).await?.map_err(fail)?;
    Ok(HttpResponse::Ok()
        .content_type("application/pdf")
        .insert_header(("Content-Disposition", format!("inline; filename=\"record-{}-{lang}.pdf\"", v.slug)))
        .body(pdf))
}
