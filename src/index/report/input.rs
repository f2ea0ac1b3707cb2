//! What the index outputs are made from: the figures computed by the pure core plus what storage
//! knows of each institution and each counted score (names, evidence, review status).

use serde::Serialize;

use crate::index::Framework;
use crate::index::agreement::Agreement;
use crate::index::compute::{IndexResult, Scores};
use crate::index::method::Method;
use crate::index::uncertainty::UncertaintyResult;

/// An institution as the outputs name it.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct UnitInfo {
    pub code: String,
    pub name: String,
    pub sector: String,
}

/// The evidence and review state of a counted score.
#[derive(Debug, Clone, Serialize)]
pub struct Evidence {
    pub score_id: i64,
    pub evaluator: String,
    pub status: String,
    pub url: Option<String>,
    pub note: Option<String>,
    pub file: Option<String>,
}

/// How the scores stand in review.
#[derive(Debug, Clone, Copy, Default, Serialize, schemars::JsonSchema)]
pub struct ReviewCounts {
    pub scored: usize,
    pub confirmed: usize,
    pub disputed: usize,
    pub resolved: usize,
}

/// Everything an index output is drawn from.
#[derive(Debug, Clone, Copy)]
pub struct IndexInput<'a> {
    pub name: &'a str,
    pub edition: Option<&'a str>,
    pub framework: &'a Framework,
    pub method: &'a Method,
    pub units: &'a [UnitInfo],
    /// The values that counted, one row per institution as `units`.
    pub scores: &'a Scores,
    /// `evidence[unit][indicator]`.
    pub evidence: &'a [Vec<Option<Evidence>>],
    pub index: &'a IndexResult,
    pub uncertainty: Option<&'a UncertaintyResult>,
    pub agreement: &'a Agreement,
    pub review: ReviewCounts,
    pub reviewed_only: bool,
    /// When the output is generated (`YYYY-MM-DD HH:MM UTC`), from the caller's clock.
    pub generated: &'a str,
}
