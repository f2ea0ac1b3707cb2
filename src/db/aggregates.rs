//! Feeds a campaign's submitted responses from the database into the pure analysis, page by
//! page, with the fieldwork counts (invited, started, submitted per group and origin).

use std::collections::BTreeMap;

use super::{AnyConnection, DbError};
use crate::analysis::{Accumulator, Aggregates, AnalysisOptions, Fieldwork, GroupFieldwork, Origin, OriginCounts};
use crate::db;

/// Why an analysis could not run.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error(transparent)]
    Db(#[from] DbError),
    #[error("analysis: {0}")]
    Analysis(#[from] crate::analysis::AnalysisError),
}

/// Rows read and handed to the scoring thread at a time.
const PAGE: usize = 8192;

/// Options for a campaign: its minimum cell size, disaggregation field, population shares.
pub fn options_for(
    campaign: &db::campaigns::Campaign,
    groups: &[crate::campaign::Group],
    by: Option<String>,
) -> AnalysisOptions {
    let shares: Vec<crate::analysis::GroupShare> = groups
        .iter()
        .filter_map(|g| g.population_share.map(|share| crate::analysis::GroupShare { group: g.code.clone(), share }))
        .collect();
    let overall = if !shares.is_empty() && shares.len() == groups.len() {
        crate::analysis::OverallWeighting::Population { shares }
    } else {
        crate::analysis::OverallWeighting::EqualGroups
    };
    AnalysisOptions { min_cell: campaign.min_cell_size.max(0) as u32, by, overall, ..AnalysisOptions::default() }
}

/// Counts per group for response rates: invitations and drafts from the database, the
/// submitted responses per (group, origin) as the caller counted them while reading.
pub fn fieldwork(
    conn: &mut AnyConnection,
    campaign_id: i64,
    groups: &[String],
    submitted: &BTreeMap<(String, String), u64>,
) -> Result<Fieldwork, DbError> {
    let mut by_group: BTreeMap<String, GroupFieldwork> = BTreeMap::new();
    for s in db::invitations::status(conn, campaign_id, groups)? {
        by_group
            .entry(s.group.clone())
            .or_insert_with(|| GroupFieldwork { group: s.group.clone(), ..Default::default() })
            .invited = s.invited.max(0) as u64;
    }
    let mut counted: Vec<(String, String, String, i64)> = db::responses::draft_counts(conn, campaign_id)?;
    counted.extend(submitted.iter().map(|((g, o), n)| (g.clone(), o.clone(), "submitted".to_string(), *n as i64)));
    for (group, origin, status, n) in counted {
        let g = by_group.entry(group.clone()).or_insert_with(|| GroupFieldwork { group, ..Default::default() });
        let counts: &mut OriginCounts = match origin.as_str() {
            "public" => &mut g.public,
            "paper" => &mut g.paper,
            _ => &mut g.link,
        };
        let n = n.max(0) as u64;
        counts.started += n;
        if status == "submitted" {
            counts.submitted += n;
        }
    }
    Ok(Fieldwork { groups: by_group.into_values().collect() })
}

/// The aggregates of a campaign's submitted responses.
pub fn load(conn: &mut AnyConnection, slug: &str, by: Option<String>) -> Result<Aggregates, LoadError> {
    load_counted(conn, slug, by).map(|(a, _)| a)
}

/// The aggregates, and how many submitted responses were read for them (every group, published
/// or not: a figure for the report's first page when nothing can be published).
pub fn load_counted(conn: &mut AnyConnection, slug: &str, by: Option<String>) -> Result<(Aggregates, u64), LoadError> {
    let campaign = db::campaigns::require(conn, slug)?;
    let survey = db::surveys::compiled(conn, campaign.survey_version_id)?;
    let groups = db::campaigns::groups(conn, campaign.id)?;
    let codes: Vec<String> = groups.iter().map(|g| g.code.clone()).collect();
    let by_field = by.is_some();
    let mut acc = Accumulator::new(&survey, options_for(&campaign, &groups, by))?;
    let items = acc.item_ids().count();
    let started = std::time::Instant::now();
    // Reading from the database and parsing the answers run side by side: pages of rows go from
    // this thread to the scoring one through a short queue (memory stays bounded).
    let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<db::responses::SubmittedRow>>(2);
    let (read, rejected) = std::thread::scope(|scope| {
        let worker = scope.spawn(|| {
            let mut rejected = 0usize;
            let mut submitted: BTreeMap<(String, String), u64> = BTreeMap::new();
            for page in rx {
                let mut decoded = Vec::new();
                for (_, group, origin_text, answers, codes) in &page {
                    let origin = Origin::parse(origin_text).unwrap_or(Origin::Link);
                    // The compact codes when they fit this analysis; the JSON otherwise (a
                    // disaggregation needs the profile answer, which the codes do not hold).
                    let fast = !by_field
                        && codes.as_deref().is_some_and(|c| crate::analysis::codes::decode(c, &mut decoded))
                        && decoded.len() == items;
                    let result = if fast {
                        acc.push_codes(group, origin, None, &decoded)
                    } else {
                        acc.push_json(group, origin, answers)
                    };
                    if result.is_err() {
                        rejected += 1;
                    }
                    match submitted.get_mut(&(group.clone(), origin_text.clone())) {
                        Some(n) => *n += 1,
                        None => {
                            submitted.insert((group.clone(), origin_text.clone()), 1);
                        }
                    }
                }
            }
            (rejected, submitted)
        });
        let read = db::responses::for_each_submitted_page(conn, campaign.id, PAGE as i64, by_field, |page| {
            let _ = tx.send(page);
        });
        drop(tx);
        let (rejected, submitted) = worker.join().unwrap_or_default();
        (read, (rejected, submitted))
    });
    let (rejected, submitted) = rejected;
    let read = read?;
    if rejected > 0 {
        tracing::warn!(rejected, "stored responses the analysis could not read were left out");
    }
    tracing::info!(responses = read, seconds = started.elapsed().as_secs_f64(), "responses read and scored");
    let fieldwork = fieldwork(conn, campaign.id, &codes, &submitted)?;
    let started = std::time::Instant::now();
    let aggregates = acc.finish(&fieldwork);
    tracing::info!(seconds = started.elapsed().as_secs_f64(), "statistics computed");
    Ok((aggregates, u64::try_from(read).unwrap_or(u64::MAX)))
}

/// A rendered report: bytes, a file name and its media type.
pub struct RenderedReport {
    pub bytes: Vec<u8>,
    pub file_name: String,
    pub mime: &'static str,
}

/// Why a report could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ReportLoadError {
    #[error(transparent)]
    Load(#[from] LoadError),
    #[error(transparent)]
    Db(#[from] DbError),
    #[error("report: {0}")]
    Render(#[from] crate::report::ReportError),
}

/// The campaign's report in one format and language; `comments` are the published comments for
/// the annex of the PDF/HTML report (`service::exports::report` gathers them).
pub fn report(
    conn: &mut AnyConnection,
    slug: &str,
    format: crate::report::Format,
    lang: crate::report::Lang,
    now: chrono::NaiveDateTime,
    comments: &[crate::report::comments::Comment],
) -> Result<RenderedReport, ReportLoadError> {
    let campaign = db::campaigns::require(conn, slug)?;
    let survey = db::surveys::compiled(conn, campaign.survey_version_id)?;
    let (aggregates, submitted) = load_counted(conn, slug, None)?;
    // The campaign's own days: a campaign closing 2026-12-31 at 23:59 -06:00 closes on the 31st,
    // not on the UTC 1st of January.
    let offset =
        crate::campaign::parse_offset(&campaign.time_zone).unwrap_or_else(|_| chrono::Offset::fix(&chrono::Utc));
    let local = |t: chrono::NaiveDateTime| t.and_utc().with_timezone(&offset).date_naive();
    let day = |t: Option<chrono::NaiveDateTime>| t.map_or(local(now), local);
    let input = crate::report::ReportInput {
        aggregates: &aggregates,
        survey: &survey,
        campaign: crate::report::CampaignInfo {
            name: campaign.name.clone(),
            country: campaign.country.clone().unwrap_or_default(),
            opens: day(campaign.opens_at.or(Some(campaign.created_at))),
            closes: day(campaign.closes_at),
            generated_at: now,
            submitted,
        },
        lang,
        comments,
    };
    let bytes = crate::report::render(format, &input)?;
    Ok(RenderedReport {
        bytes,
        file_name: format!("{}-report-{}.{}", campaign.slug, lang.code(), format.extension()),
        mime: format.mime(),
    })
}

/// The submitted responses without anything that names a person: a running number, the group,
/// the origin, and the answers to the choice and number questions (free text and profile fields
/// other than the group are left out: they can identify someone). The rows of a group below the
/// campaign's minimum cell size are left out too: relabelled, they would still be that group's,
/// and its figures could be computed again from them. Text cells are neutralised for
/// spreadsheets.
pub fn anonymised_csv(conn: &mut AnyConnection, slug: &str) -> Result<Vec<u8>, LoadError> {
    use crate::survey::QuestionKind;
    let campaign = db::campaigns::require(conn, slug)?;
    let survey = db::surveys::compiled(conn, campaign.survey_version_id)?;
    let min = campaign.min_cell_size.max(crate::campaign::MIN_CELL_FLOOR) as i64;
    let mut sizes: BTreeMap<String, i64> = BTreeMap::new();
    for (g, _, status, n) in db::responses::counts(conn, campaign.id)? {
        if status == "submitted" {
            *sizes.entry(g).or_default() += n;
        }
    }
    let columns: Vec<&crate::survey::Question> =
        survey.questions.iter().filter(|q| q.profile.is_none() && !matches!(q.kind, QuestionKind::Text)).collect();
    let mut w = csv::Writer::from_writer(crate::report::cell_text::UTF8_BOM.to_vec());
    let mut header = vec!["response".to_string(), "group".into(), "origin".into()];
    header.extend(columns.iter().map(|q| q.id.clone()));
    w.write_record(&header).map_err(|e| DbError::Internal(e.to_string()))?;
    let mut n = 0usize;
    let mut failure = None;
    db::responses::for_each_submitted(conn, campaign.id, 20_000, |group, origin, answers| {
        // A group below the minimum is in no output: not as figures, not as rows.
        if sizes.get(group).copied().unwrap_or(0) < min {
            return;
        }
        n += 1;
        let parsed: serde_json::Map<String, serde_json::Value> = serde_json::from_str(answers).unwrap_or_default();
        let mut row = vec![n.to_string(), crate::report::cell_text::neutralise(group).into_owned(), origin.to_string()];
        row.extend(columns.iter().map(|q| {
            let text = match parsed.get(&q.id) {
                Some(serde_json::Value::Array(a)) => {
                    a.iter().map(crate::survey::response::form_value).collect::<Vec<_>>().join(";")
                }
                Some(v) => crate::survey::response::form_value(v),
                None => String::new(),
            };
            crate::report::cell_text::neutralise(&text).into_owned()
        }));
        if let Err(e) = w.write_record(&row) {
            failure = Some(e.to_string());
        }
    })?;
    if let Some(e) = failure {
        return Err(DbError::Internal(e).into());
    }
    w.into_inner().map_err(|e| DbError::Internal(e.to_string()).into())
}
