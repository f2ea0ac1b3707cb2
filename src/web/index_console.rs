//! National indices in the console: the list of index campaigns and each one's ranking (with
//! rank intervals, heat map, scorecards and downloads) for every role; the scores with their
//! evidence, a form to score and the second review of each score for coordinators and
//! administrators (CSRF-checked, rules and audit in `service::index`). Works without JavaScript.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;

use super::console::{ip_of, lang_of, posted_as, shown, signed_in_as};
use super::form_body::Form;
use super::pages::{self, t};
use super::state::AppState;
use crate::error::AppError;
use crate::index::report::model::RankLine;
use crate::role::Area;
use crate::service::index::{self as svc, ReviewAction, ScoreInput};
use crate::service::{Actor, DomainError};

#[derive(Template)]
#[template(path = "console_index.html")]
struct IndexPage<'a> {
    lang: &'a str,
    title: String,
    subtitle: String,
    back: &'a str,
    back_href: String,
    notes: Vec<String>,
    /// (slug, name, framework and edition) on the list page.
    indices: Vec<(String, String, String)>,
    slug: String,
    ranking_svg: String,
    heatmap_svg: String,
    headers: Vec<&'a str>,
    rows: Vec<RankLine>,
    downloads: Vec<(String, String)>,
    can_manage: bool,
    /// The comparison with the earlier editions on the same framework (empty: none, or not
    /// the reader's to see).
    compare_href: String,
    t_compare_link: String,
    t_ranking: &'a str,
    t_caption: &'a str,
    t_heatmap: &'a str,
    t_files: &'a str,
    t_scores_link: &'a str,
    t_manage_link: &'a str,
}

impl<'a> IndexPage<'a> {
    fn empty(lang: &'a str, title: String) -> Self {
        Self {
            lang,
            title,
            subtitle: String::new(),
            back: t(lang, "index-console-console"),
            back_href: "/console".into(),
            notes: Vec::new(),
            indices: Vec::new(),
            slug: String::new(),
            ranking_svg: String::new(),
            heatmap_svg: String::new(),
            headers: Vec::new(),
            rows: Vec::new(),
            downloads: Vec::new(),
            can_manage: false,
            compare_href: String::new(),
            t_compare_link: String::new(),
            t_ranking: t(lang, "index-console-ranking"),
            t_caption: t(lang, "index-console-dot-the-index-rank-diamond-and"),
            t_heatmap: t(lang, "index-console-indicators-by-institution"),
            t_files: t(lang, "index-console-downloads"),
            t_scores_link: t(lang, "index-console-scores-evidence-and-review"),
            t_manage_link: t(lang, "index-manage-link"),
        }
    }
}

/// Every index campaign.
#[get("/console/indices")]
pub async fn list(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, AppError> {
    let (user, _) = match signed_in_as(&state, &req, Area::Reading).await? {
        Ok(u) => u,
        Err(p) => return Ok(p),
    };
    let lang = lang_of(&req);
    let st = state.clone();
    let all = web::block(move || -> Result<_, DomainError> {
        let mut c = st.pool.get()?;
        svc::list(&mut c)
    })
    .await??;
    let mut page = IndexPage::empty(lang, t(lang, "index-console-indices-of-institutions").into());
    page.indices = all
        .into_iter()
        .map(|c| {
            let what = format!("{} {} {}", c.framework_key, c.framework_version, c.edition.unwrap_or_default());
            (c.slug, c.name, what.trim().to_string())
        })
        .collect();
    page.can_manage = Area::Management.allows(&user.role);
    if page.indices.is_empty() && !page.can_manage {
        page.notes.push(t(lang, "index-console-no-index-yet-dra-index-create").into());
    }
    Ok(pages::render(StatusCode::OK, &page))
}

/// One index: ranking, heat map, scorecards and downloads.
#[get("/console/indices/{slug}")]
pub async fn ranking(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let (user, _) = match signed_in_as(&state, &req, Area::Reading).await? {
        Ok(u) => u,
        Err(p) => return Ok(p),
    };
    let lang = lang_of(&req);
    let slug = path.into_inner();
    let (st, s) = (state.clone(), slug.clone());
    let found = web::block(move || -> Result<_, DomainError> {
        let mut conn = st.pool.get()?;
        let f = svc::figures(&mut conn, &s, None, false, true)?;
        let generated = st.clock.now().format("%Y-%m-%d %H:%M UTC").to_string();
        let report = crate::index::report::report(&f.input(&generated), lang)
            .map_err(|e| DomainError::Internal(e.to_string()))?;
        let earlier = svc::editions::earlier_editions(&mut conn, &s)?;
        Ok((f.name.clone(), report, earlier))
    })
    .await?;
    let (name, report, earlier) = match found {
        Ok(x) => x,
        Err(DomainError::NotFound(m)) => {
            return Ok(pages::notice(StatusCode::NOT_FOUND, lang, t(lang, "campaign-settings-not-found"), vec![m]));
        }
        Err(DomainError::Conflict(m)) => {
            let mut page = IndexPage::empty(lang, slug.clone());
            page.notes.push(m);
            return Ok(pages::render(StatusCode::OK, &page));
        }
        Err(e) => return Err(e.into()),
    };
    let mut page = IndexPage::empty(lang, name);
    page.back = t(lang, "index-console-indices");
    page.back_href = "/console/indices".into();
    page.subtitle = report.subtitle.clone();
    page.ranking_svg = report.ranking_chart.svg.clone();
    page.heatmap_svg = report.heatmap.svg.clone();
    page.headers = vec![
        t(lang, "index-console-rank"),
        t(lang, "index-console-institution"),
        t(lang, "index-console-index"),
        t(lang, "index-console-median-rank-5-95"),
        t(lang, "index-console-scorecard"),
    ];
    page.rows = report.ranking;
    let files = ["report.pdf", "report.html", "tables.xlsx", "tables.json"];
    page.downloads = files
        .iter()
        .flat_map(|f| {
            ["es", "en"].map(|l| (format!("/console/indices/{slug}/files/{f}?lang={l}"), format!("{f} ({l})")))
        })
        .chain(
            crate::index::report::tables::TABLE_NAMES
                .iter()
                .map(|n| (format!("/console/indices/{slug}/files/{n}.csv"), format!("{n}.csv"))),
        )
        .collect();
    page.can_manage = Area::Management.allows(&user.role);
    // The comparison page is the analysts' (and administrators'), as for survey campaigns.
    if !earlier.is_empty() && Area::Analysis.allows(&user.role) {
        page.compare_href = format!("/console/compare?from={}&to={slug}", earlier.join(","));
        page.t_compare_link =
            crate::i18n::format(lang, "index-console-compare-earlier", &[("n", earlier.len().into())]);
    }
    page.slug = slug;
    Ok(pages::render(StatusCode::OK, &page))
}

/// A document or table of an index (`?lang=es|en`; a report with `&compare_to=A,B` adds its
/// "change since" section).
#[get("/console/indices/{slug}/files/{file}")]
pub async fn file(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    if let Err(p) = signed_in_as(&state, &req, Area::Reading).await? {
        return Ok(p);
    }
    let (slug, file) = path.into_inner();
    let query = web::Query::<std::collections::HashMap<String, String>>::from_query(req.query_string()).ok();
    let compare_to =
        super::api_compare::slugs(query.as_ref().and_then(|q| q.get("compare_to")).map_or("", String::as_str));
    let lang = match query.as_ref().and_then(|q| q.get("lang").cloned()).as_deref() {
        Some("en") => "en",
        Some("es") => "es",
        _ => lang_of(&req),
    };
    let st = state.clone();
    let out = web::block(move || -> Result<_, DomainError> {
        let mut conn = st.pool.get()?;
        svc::outputs::output(&mut conn, &slug, &file, lang, &compare_to, st.clock.now())
    })
    .await??;
    Ok(download(out))
}

/// A rendered output as a response: HTML shown in place, anything else downloaded.
pub(crate) fn download(out: svc::outputs::Output) -> HttpResponse {
    super::pages::document(out.bytes, out.media_type, &out.file_name)
}

struct ScoreRow {
    id: i64,
    version: i64,
    unit: String,
    indicator: String,
    evaluator: String,
    value: String,
    url: String,
    file: String,
    note: String,
    status: String,
    can_review: bool,
    actions: Vec<(&'static str, &'static str)>,
}

#[derive(Template)]
#[template(path = "console_index_scores.html")]
struct ScoresPage<'a> {
    lang: &'a str,
    title: String,
    back: &'a str,
    back_href: String,
    slug: String,
    csrf: String,
    messages: Vec<String>,
    failed: bool,
    units: Vec<(String, String)>,
    indicators: Vec<(String, String)>,
    headers: Vec<&'a str>,
    scores: Vec<ScoreRow>,
    t_set: &'a str,
    t_set_hint: &'a str,
    t_unit: &'a str,
    t_indicator: &'a str,
    t_value: &'a str,
    t_url: &'a str,
    t_file: &'a str,
    t_note: &'a str,
    t_version: &'a str,
    t_save: &'a str,
    t_list: &'a str,
    t_review_hint: &'a str,
    t_action: &'a str,
    t_reason: &'a str,
    t_agreed: &'a str,
    t_review: &'a str,
}

async fn scores_page(
    state: &web::Data<AppState>,
    req: &HttpRequest,
    slug: String,
    user: String,
    csrf: String,
    messages: Vec<String>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let lang = lang_of(req);
    let (st, s) = (state.clone(), slug.clone());
    let loaded = web::block(move || -> Result<_, DomainError> {
        let mut c = st.pool.get()?;
        svc::load(&mut c, &s)
    })
    .await?;
    let l = match loaded {
        Ok(l) => l,
        Err(DomainError::NotFound(m)) => {
            return Ok(pages::notice(StatusCode::NOT_FOUND, lang, t(lang, "campaign-settings-not-found"), vec![m]));
        }
        Err(e) => return Err(e.into()),
    };
    let fw = &l.framework;
    let fb = fw.default_language.clone();
    let status_label = |s: &str| crate::index::report::texts::status(lang, s).to_string();
    let rows: Vec<ScoreRow> = l
        .scores
        .iter()
        .map(|s| {
            let actions: Vec<(&'static str, &'static str)> = match s.status.as_str() {
                "scored" => {
                    vec![("confirm", t(lang, "index-console-confirm")), ("dispute", t(lang, "index-console-dispute"))]
                }
                "confirmed" => vec![("dispute", t(lang, "index-console-dispute"))],
                "disputed" => vec![("resolve", t(lang, "index-console-resolve"))],
                _ => vec![],
            };
            ScoreRow {
                id: s.id,
                version: s.version,
                unit: l.unit(s.unit_id).map(|u| u.name.clone()).unwrap_or_default(),
                indicator: fw
                    .indicator(&s.indicator)
                    .map_or(s.indicator.clone(), |(_, i)| i.label.get(lang, &fb).into()),
                evaluator: if crate::service::index::self_assess::is_self(&s.evaluator) {
                    t(lang, "index-self-evaluator").to_string()
                } else {
                    s.evaluator.clone()
                },
                value: crate::index::framework::fmt_num(s.value),
                url: s.evidence_url.clone().unwrap_or_default(),
                file: s.evidence_file.clone().unwrap_or_default(),
                note: s.evidence_note.clone().unwrap_or_default(),
                status: status_label(&s.status),
                can_review: s.evaluator != user && !actions.is_empty(),
                actions,
            }
        })
        .collect();
    let page = ScoresPage {
        lang,
        title: format!("{} · {}", l.campaign.name, t(lang, "index-console-scores")),
        back: t(lang, "index-console-ranking"),
        back_href: format!("/console/indices/{slug}"),
        slug,
        csrf,
        messages,
        failed: status != StatusCode::OK,
        units: l.units.iter().map(|u| (u.code.clone(), u.name.clone())).collect(),
        indicators: fw.indicators().map(|(_, i)| (i.id.clone(), i.label.get(lang, &fb).to_string())).collect(),
        headers: vec![
            "#",
            t(lang, "index-console-institution"),
            t(lang, "index-console-indicator"),
            t(lang, "index-console-evaluator"),
            t(lang, "index-console-value"),
            t(lang, "index-console-evidence"),
            t(lang, "index-console-review"),
            t(lang, "index-console-action"),
        ],
        scores: rows,
        t_set: t(lang, "index-console-score-an-indicator"),
        t_set_hint: t(lang, "index-console-with-the-evidence-the-indicator-asks"),
        t_unit: t(lang, "index-console-institution"),
        t_indicator: t(lang, "index-console-indicator"),
        t_value: t(lang, "index-console-value"),
        t_url: t(lang, "index-console-evidence-url"),
        t_file: t(lang, "index-console-evidence-document-file-name"),
        t_note: t(lang, "index-console-note"),
        t_version: t(lang, "index-console-version-you-change-blank-for-a"),
        t_save: t(lang, "index-console-save-the-score"),
        t_list: t(lang, "index-console-scores-and-review"),
        t_review_hint: t(lang, "index-console-a-second-person-confirms-or-disputes"),
        t_action: t(lang, "index-console-action"),
        t_reason: t(lang, "response-reason"),
        t_agreed: t(lang, "index-console-agreed-value"),
        t_review: t(lang, "index-console-record"),
    };
    Ok(pages::render(status, &page))
}

/// The scores of an index, with the forms to score and review.
#[get("/console/indices/{slug}/scores")]
pub async fn scores(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    match signed_in_as(&state, &req, Area::Management).await? {
        Ok((user, csrf)) => {
            scores_page(&state, &req, path.into_inner(), user.username, csrf, vec![], StatusCode::OK).await
        }
        Err(p) => Ok(p),
    }
}

#[derive(serde::Deserialize)]
pub struct ScoreForm {
    csrf: String,
    unit: String,
    indicator: String,
    value: String,
    #[serde(default)]
    evidence_url: String,
    #[serde(default)]
    evidence_file: String,
    #[serde(default)]
    evidence_note: String,
    #[serde(default)]
    version: String,
}

fn outcome(lang: &str, done: Result<String, DomainError>) -> Result<(Vec<String>, StatusCode), AppError> {
    Ok(match done {
        Ok(m) => (vec![m], StatusCode::OK),
        Err(e) => {
            let status = match &e {
                DomainError::Conflict(_) => StatusCode::CONFLICT,
                DomainError::Forbidden(_) => StatusCode::FORBIDDEN,
                DomainError::NotFound(_) => StatusCode::NOT_FOUND,
                _ => StatusCode::UNPROCESSABLE_ENTITY,
            };
            let _ = lang;
            (vec![shown(e)?], status)
        }
    })
}

/// Scores one indicator of one institution.
#[post("/console/indices/{slug}/score")]
pub async fn set_score(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
    form: Form<ScoreForm>,
) -> Result<HttpResponse, AppError> {
    let f = form.into_inner();
    let (user, csrf) = match posted_as(&state, &req, Area::Management, &f.csrf).await? {
        Ok(u) => u,
        Err(p) => return Ok(p),
    };
    let lang = lang_of(&req);
    let slug = path.into_inner();
    let actor = Actor { name: user.username.clone(), ip: ip_of(&req) };
    let opt = |s: String| (!s.trim().is_empty()).then_some(s);
    let value = f.value.trim().replace(',', ".").parse::<f64>();
    let version = f.version.trim();
    let version = if version.is_empty() { Ok(None) } else { version.parse::<i64>().map(Some) };
    let done = match (value, version) {
        (Err(_), _) => Err(DomainError::invalid("value", t(lang, "index-console-give-a-number"))),
        (_, Err(_)) => Err(DomainError::invalid("version", t(lang, "index-console-give-a-whole-number"))),
        (Ok(value), Ok(version)) => {
            let input = ScoreInput {
                unit: f.unit,
                indicator: f.indicator,
                value,
                evidence_url: opt(f.evidence_url),
                evidence_note: opt(f.evidence_note),
                evidence_file: opt(f.evidence_file),
                version,
            };
            let (st, s) = (state.clone(), slug.clone());
            web::block(move || -> Result<_, DomainError> {
                let mut conn = st.pool.get()?;
                let id = svc::set_score(&mut conn, &s, &input, &actor, st.clock.now())?;
                Ok(format!("#{id} {}", t(lang, "index-console-saved")))
            })
            .await?
        }
    };
    let (messages, status) = outcome(lang, done)?;
    scores_page(&state, &req, slug, user.username, csrf, messages, status).await
}

#[derive(serde::Deserialize)]
pub struct ReviewForm {
    csrf: String,
    version: i64,
    action: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    value: String,
}

/// Confirms, disputes or resolves a score.
#[post("/console/indices/{slug}/review/{id}")]
pub async fn review(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<(String, i64)>,
    form: Form<ReviewForm>,
) -> Result<HttpResponse, AppError> {
    let f = form.into_inner();
    let (user, csrf) = match posted_as(&state, &req, Area::Management, &f.csrf).await? {
        Ok(u) => u,
        Err(p) => return Ok(p),
    };
    let lang = lang_of(&req);
    let (slug, id) = path.into_inner();
    let actor = Actor { name: user.username.clone(), ip: ip_of(&req) };
    let value = f.value.trim();
    let value = if value.is_empty() { Ok(None) } else { value.replace(',', ".").parse::<f64>().map(Some) };
    let done = match (ReviewAction::parse(&f.action), value) {
        (None, _) => Err(DomainError::invalid("action", "confirm, dispute or resolve")),
        (_, Err(_)) => Err(DomainError::invalid("value", t(lang, "index-console-give-a-number"))),
        (Some(action), Ok(value)) => {
            let (st, s) = (state.clone(), slug.clone());
            let reason = f.reason;
            let version = f.version;
            web::block(move || -> Result<_, DomainError> {
                let mut conn = st.pool.get()?;
                let reason = (!reason.trim().is_empty()).then_some(reason.as_str());
                svc::review(&mut conn, &s, id, version, action, reason, value, &actor, st.clock.now())?;
                Ok(format!(
                    "#{id} {}",
                    crate::index::report::texts::status(
                        lang,
                        match action {
                            ReviewAction::Confirm => "confirmed",
                            ReviewAction::Dispute => "disputed",
                            ReviewAction::Resolve => "resolved",
                        }
                    )
                ))
            })
            .await?
        }
    };
    let (messages, status) = outcome(lang, done)?;
    scores_page(&state, &req, slug, user.username, csrf, messages, status).await
}
