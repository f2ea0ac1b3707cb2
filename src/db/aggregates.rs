//! Feeds a campaign's submitted responses from the database into the pure analysis, page by
//! page, with the fieldwork counts (invited, started, submitted per group and origin).

use std::collections::BTreeMap;

use super::{AnyConnection, DbError};
use crate::analysis::{Accumulator, Aggregates, AnalysisOptions, Fieldwork, GroupFieldwork, Origin, OriginCounts};
use crate::campaign::response::ResponseStatus;
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
    counted.extend(
        submitted
            .iter()
            .map(|((g, o), n)| (g.clone(), o.clone(), ResponseStatus::Submitted.as_str().to_string(), *n as i64)),
    );
    for (group, origin, status, n) in counted {
        let g = by_group.entry(group.clone()).or_insert_with(|| GroupFieldwork { group, ..Default::default() });
        let counts: &mut OriginCounts = match Origin::parse(&origin) {
            Some(Origin::Public) => &mut g.public,
            Some(Origin::Paper) => &mut g.paper,
            Some(Origin::Odk) => &mut g.odk,
            Some(Origin::Link) | None => &mut g.link,
        };
        let n = n.max(0) as u64;
        counts.started += n;
        if status == ResponseStatus::Submitted {
            counts.submitted += n;
        }
    }
    Ok(Fieldwork { groups: by_group.into_values().collect() })
}

/// The aggregates of a campaign's submitted responses.
pub fn load(conn: &mut AnyConnection, slug: &str, by: Option<String>) -> Result<Aggregates, LoadError> {
    let campaign = db::campaigns::require(conn, slug)?;
    let survey = db::surveys::compiled(conn, campaign.survey_version_id)?;
    load_counted(conn, &campaign, &survey, by).map(|(a, _)| a)
}

/// The aggregates of a campaign (its survey at hand), and how many submitted responses were
/// read for them (every group, published or not: a figure for the report's first page when
/// nothing can be published).
pub fn load_counted(
    conn: &mut AnyConnection,
    campaign: &db::campaigns::Campaign,
    survey: &crate::survey::Survey,
    by: Option<String>,
) -> Result<(Aggregates, u64), LoadError> {
    let groups = db::campaigns::groups(conn, campaign.id)?;
    let codes: Vec<String> = groups.iter().map(|g| g.code.clone()).collect();
    let by_field = by.is_some();
    let mut acc = Accumulator::new(survey, options_for(campaign, &groups, by))?;
    let items = acc.item_ids().count();
    // A breakdown reads the field's compact profile code when the codes hold it; the JSON when
    // they do not (a field without options) or for a row written before profile codes existed.
    let by_code = acc.by_code();
    let columns = match (by_field, by_code) {
        (false, _) => db::responses::Columns::Codes,
        (true, Some(_)) => db::responses::Columns::CodesWithProfile,
        (true, None) => db::responses::Columns::Answers,
    };
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
                    let fast = codes
                        .as_deref()
                        .filter(|c| crate::analysis::codes::decode(c, &mut decoded) && decoded.len() == items);
                    let result = match (fast, by_field, by_code) {
                        (Some(_), false, _) => acc.push_codes(group, origin, None, &decoded),
                        (Some(c), true, Some(field)) => match crate::analysis::codes::profile_code(c, field) {
                            Some(b) => acc.push_codes_by_code(group, origin, b, &decoded),
                            None => acc.push_json(group, origin, answers),
                        },
                        _ => acc.push_json(group, origin, answers),
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
        let read = db::responses::for_each_submitted_page(conn, campaign.id, PAGE as i64, columns, |page| {
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
