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

/// Counts per group for response rates.
pub fn fieldwork(conn: &mut AnyConnection, campaign_id: i64, groups: &[String]) -> Result<Fieldwork, DbError> {
    let mut by_group: BTreeMap<String, GroupFieldwork> = BTreeMap::new();
    for s in db::invitations::status(conn, campaign_id, groups)? {
        by_group
            .entry(s.group.clone())
            .or_insert_with(|| GroupFieldwork { group: s.group.clone(), ..Default::default() })
            .invited = s.invited.max(0) as u64;
    }
    for (group, origin, status, n) in db::responses::counts(conn, campaign_id)? {
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
    let campaign = db::campaigns::require(conn, slug)?;
    let survey = db::surveys::compiled(conn, campaign.survey_version_id)?;
    let groups = db::campaigns::groups(conn, campaign.id)?;
    let codes: Vec<String> = groups.iter().map(|g| g.code.clone()).collect();
    let mut acc = Accumulator::new(&survey, options_for(&campaign, &groups, by))?;
    let mut rejected = 0usize;
    db::responses::for_each_submitted(conn, campaign.id, 20_000, |group, origin, answers| {
        let origin = Origin::parse(origin).unwrap_or(Origin::Link);
        if acc.push_json(group, origin, answers).is_err() {
            rejected += 1;
        }
    })?;
    if rejected > 0 {
        tracing::warn!(rejected, "stored responses the analysis could not read were left out");
    }
    let fieldwork = fieldwork(conn, campaign.id, &codes)?;
    Ok(acc.finish(&fieldwork))
}
