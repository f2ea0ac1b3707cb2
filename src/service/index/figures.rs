//! The figures of an index campaign: which stored score counts for each institution and
//! indicator, the headline index under the framework's method (or the one asked for), its
//! uncertainty analysis, and the agreement between evaluators.
//!
//! The score that counts, per institution and indicator: the one last confirmed or resolved
//! (by review time, then id); when none is, the first one stored. With `reviewed_only`, a cell
//! with no confirmed or resolved score is missing. An institution's self-assessment
//! (evaluator `self:<id>`) counts only once an evaluator confirmed or resolved it, and it is no
//! rater in the agreement between evaluators.

use std::collections::HashMap;

use serde::Serialize;

use super::{Loaded, load};
use crate::db::AnyConnection;
use crate::db::indices::Score;
use crate::index::agreement::{self, Agreement, Rating};
use crate::index::compute::{self, IndexResult, Scores};
use crate::index::method::Method;
use crate::index::report::{Evidence, IndexInput, ReviewCounts, UnitInfo};
use crate::index::uncertainty::{self, UncertaintyResult};
use crate::service::DomainError;

/// Everything the outputs of an index are drawn from.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Figures {
    pub slug: String,
    pub name: String,
    pub edition: Option<String>,
    #[serde(skip)]
    pub framework: crate::index::Framework,
    pub method: Method,
    pub reviewed_only: bool,
    pub units: Vec<UnitInfo>,
    /// The values that counted, one row per institution (as the scores).
    pub scores: Scores,
    /// The score ids behind [`Self::scores`], for evidence links.
    #[serde(skip)]
    pub evidence: Vec<Vec<Option<Evidence>>>,
    pub index: IndexResult,
    pub uncertainty: Option<UncertaintyResult>,
    pub agreement: Agreement,
    pub review: ReviewCounts,
}

/// The counted score of every cell.
fn counted(loaded: &Loaded, reviewed_only: bool) -> HashMap<(i64, &str), &Score> {
    let mut last_review: HashMap<i64, i64> = HashMap::new();
    for r in &loaded.reviews {
        if r.action == "confirm" || r.action == "resolve" {
            last_review.insert(r.score_id, r.id);
        }
    }
    let mut out: HashMap<(i64, &str), &Score> = HashMap::new();
    for s in &loaded.scores {
        let reviewed = matches!(s.status.as_str(), "confirmed" | "resolved");
        if (reviewed_only || super::self_assess::is_self(&s.evaluator)) && !reviewed {
            continue;
        }
        let key = (s.unit_id, s.indicator.as_str());
        match out.get(&key) {
            None => {
                out.insert(key, s);
            }
            Some(prev) => {
                let prev_reviewed = matches!(prev.status.as_str(), "confirmed" | "resolved");
                let later =
                    last_review.get(&s.id).copied().unwrap_or(0) > last_review.get(&prev.id).copied().unwrap_or(0);
                if reviewed && (!prev_reviewed || later) {
                    out.insert(key, s);
                }
            }
        }
    }
    out
}

/// The figures of `slug` under `method` (the framework's when `None`); `uncertainty` runs the
/// Monte Carlo analysis too.
pub fn figures(
    conn: &mut AnyConnection,
    slug: &str,
    method: Option<Method>,
    reviewed_only: bool,
    with_uncertainty: bool,
) -> Result<Figures, DomainError> {
    let loaded = load(conn, slug)?;
    let method = method.unwrap_or_else(|| loaded.framework.method.clone());
    let fw = &loaded.framework;
    let cells = counted(&loaded, reviewed_only);
    let ids: Vec<&str> = fw.indicators().map(|(_, i)| i.id.as_str()).collect();
    let mut values = Vec::new();
    let mut evidence = Vec::new();
    for u in &loaded.units {
        let row: Vec<Option<&Score>> = ids.iter().map(|i| cells.get(&(u.id, *i)).copied()).collect();
        values.push(row.iter().map(|s| s.map(|s| s.value)).collect());
        evidence.push(
            row.iter()
                .map(|s| {
                    s.map(|s| Evidence {
                        score_id: s.id,
                        evaluator: s.evaluator.clone(),
                        status: s.status.clone(),
                        url: s.evidence_url.clone(),
                        note: s.evidence_note.clone(),
                        file: s.evidence_file.clone(),
                    })
                })
                .collect(),
        );
    }
    let scores = Scores { units: loaded.units.iter().map(|u| u.code.clone()).collect(), values };
    let cerr = |e: compute::ComputeError| DomainError::Conflict(e.to_string());
    let index = compute::compute(fw, &method, &scores).map_err(cerr)?;
    let uncertainty =
        if with_uncertainty { Some(uncertainty::analyse(fw, &method, &scores).map_err(cerr)?) } else { None };
    let codes: HashMap<i64, &str> = loaded.units.iter().map(|u| (u.id, u.code.as_str())).collect();
    let ratings: Vec<Rating> = loaded
        .scores
        .iter()
        .filter(|s| !super::self_assess::is_self(&s.evaluator))
        .map(|s| Rating {
            unit: codes.get(&s.unit_id).copied().unwrap_or("?").to_string(),
            indicator: s.indicator.clone(),
            rater: s.evaluator.clone(),
            value: s.value,
        })
        .collect();
    let agreement = agreement::agreement(fw, &ratings);
    let mut review = ReviewCounts::default();
    for s in &loaded.scores {
        match s.status.as_str() {
            "confirmed" => review.confirmed += 1,
            "disputed" => review.disputed += 1,
            "resolved" => review.resolved += 1,
            _ => review.scored += 1,
        }
    }
    Ok(Figures {
        slug: loaded.campaign.slug.clone(),
        name: loaded.campaign.name.clone(),
        edition: loaded.campaign.edition.clone(),
        framework: loaded.framework.clone(),
        method,
        reviewed_only,
        units: loaded
            .units
            .iter()
            .map(|u| UnitInfo { code: u.code.clone(), name: u.name.clone(), sector: u.sector.clone() })
            .collect(),
        scores,
        evidence,
        index,
        uncertainty,
        agreement,
        review,
    })
}

impl Figures {
    /// The figures as the outputs read them; `generated` is when (the caller's clock).
    pub fn input<'a>(&'a self, generated: &'a str) -> IndexInput<'a> {
        IndexInput {
            name: &self.name,
            edition: self.edition.as_deref(),
            framework: &self.framework,
            method: &self.method,
            units: &self.units,
            scores: &self.scores,
            evidence: &self.evidence,
            index: &self.index,
            uncertainty: self.uncertainty.as_ref(),
            agreement: &self.agreement,
            review: self.review,
            reviewed_only: self.reviewed_only,
            generated,
        }
    }
}
