//! The analysis result, [`Aggregates`]: plain structs and vectors in survey order, ready for a
//! report generator. Suppressed cells carry no figures at all, only the marker and the reason.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::options::{AnalysisOptions, OriginCounts};
use super::reliability::Reliability;

/// Which survey version the figures describe.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SurveyRef {
    pub id: String,
    pub version: String,
    pub content_hash: String,
}

/// Everything an analysis gives.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Aggregates {
    pub survey: SurveyRef,
    /// Options as applied (minimum cell size after clamping, coverage after the survey default).
    pub options: AnalysisOptions,
    pub min_cell: u32,
    pub min_coverage: f64,
    /// Stage names in the survey's default language, lowest first.
    pub stages: Vec<String>,
    /// Groups in survey order (then groups met only in responses); every `groups` vector of a
    /// [`Scale`] follows this order.
    pub groups: Vec<GroupSummary>,
    /// Sum of respondents over published groups only (a grand total would reveal hidden groups).
    pub respondents_published: u64,
    pub response_rates: Vec<ResponseRate>,
    /// Values of the `by` field (column order of every `by` table); `None` = not answered.
    pub by_values: Vec<Option<String>>,
    pub pillars: Vec<Scale>,
    pub subpillars: Vec<Scale>,
    pub items: Vec<Scale>,
    /// How the figures were computed, in words (English); a report writes them in its own language
    /// with [`method::notes`](super::method::notes).
    pub method: Vec<String>,
}

/// One stakeholder group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct GroupSummary {
    pub code: String,
    pub suppressed: bool,
    /// Submitted respondents analysed; `None` when suppressed.
    pub respondents: Option<u64>,
    /// Analysed respondents by origin; `None` when suppressed.
    pub by_origin: Option<ByOrigin>,
}

/// Respondents by origin.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ByOrigin {
    pub link: u64,
    pub public: u64,
    pub paper: u64,
    /// Collected offline (ODK Collect, KoboToolbox).
    #[serde(default)]
    pub odk: u64,
}

/// Response rate of one group. Counts and rates are `None` when the group is suppressed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ResponseRate {
    pub group: String,
    pub invited: u64,
    pub suppressed: bool,
    pub link: Option<OriginCounts>,
    pub public: Option<OriginCounts>,
    pub paper: Option<OriginCounts>,
    /// Collected offline (ODK Collect, KoboToolbox).
    #[serde(default)]
    pub odk: Option<OriginCounts>,
    /// Link responses submitted ÷ invited.
    pub submitted_rate: Option<f64>,
    /// Link responses started (draft or submitted) ÷ invited.
    pub started_rate: Option<f64>,
}

/// Why a cell holds no figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Suppression {
    /// Fewer respondents than the minimum cell size.
    BelowMinimum,
    /// Hidden so that another hidden cell cannot be recovered from a published total.
    Complementary,
}

/// A cell of a table: figures, or the suppression marker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Cell {
    pub suppressed: bool,
    pub reason: Option<Suppression>,
    pub stats: Option<Stats>,
}

impl Cell {
    pub(crate) fn published(stats: Stats) -> Self {
        Self { suppressed: false, reason: None, stats: Some(stats) }
    }
    pub(crate) fn hidden(reason: Suppression) -> Self {
        Self { suppressed: true, reason: Some(reason), stats: None }
    }
}

/// A stage of the maturity scale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Stage {
    /// 0-based index into `Aggregates::stages`.
    pub index: usize,
    pub label: String,
}

/// Figures of one cell (an item, sub-pillar or pillar in a group, a group × value, or overall).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Stats {
    /// Respondents with a score.
    pub n: u64,
    /// Kish effective sample size (overall figures only).
    pub n_effective: Option<f64>,
    /// Respondents in the cell the item was asked of (items), or item answers expected (each
    /// respondent's items that apply to them) for sub-pillars and pillars: the base of the shares
    /// below.
    pub base: u64,
    pub dont_know: u64,
    pub not_applicable: u64,
    /// Not answered at all.
    pub missing: u64,
    /// Not applicable by design: respondents (items), or item answers (sub-pillars, pillars), that
    /// the survey's conditions left out, because of the respondent's earlier answers. Counted
    /// apart from "don't know", "not applicable" and no answer, and outside the base.
    #[serde(default)]
    pub not_applicable_by_design: u64,
    pub share_dont_know: f64,
    pub share_not_applicable: f64,
    pub share_missing: f64,
    /// Respondents with some answers but below the coverage rule (pillars only).
    pub below_coverage: u64,
    pub mean: Option<f64>,
    pub sd: Option<f64>,
    pub median: Option<f64>,
    pub q1: Option<f64>,
    pub q3: Option<f64>,
    pub iqr: Option<f64>,
    pub ci_low: Option<f64>,
    pub ci_high: Option<f64>,
    pub ci_half_width: Option<f64>,
    pub stage: Option<Stage>,
    /// Items: respondents per option, in option order (missing codes included).
    pub distribution: Vec<u64>,
    /// Items: share of the base per option (overall: weighted by group).
    pub distribution_share: Vec<f64>,
}

/// What a row of tables describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Pillar,
    Subpillar,
    Item,
}

/// An option of an item, for distribution columns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct OptionInfo {
    pub value: Value,
    pub scale_value: Option<f64>,
    /// `dont_know` / `not_applicable`, if the option is a missing code.
    pub missing: Option<String>,
}

/// A group left out of an overall figure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Excluded {
    pub group: String,
    pub reason: String,
}

/// The figure across groups.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Overall {
    /// Groups that enter the figure (published cells only), with their weights (sum 1).
    pub groups: Vec<String>,
    pub weights: Vec<f64>,
    pub excluded: Vec<Excluded>,
    pub stats: Option<Stats>,
}

/// The perception gap: the public group minus all other published groups (pooled).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Gap {
    pub public_mean: f64,
    pub others_mean: f64,
    pub n_public: u64,
    pub n_others: u64,
    pub difference: f64,
    pub se: f64,
    pub df: Option<f64>,
    pub ci_low: f64,
    pub ci_high: f64,
    /// The CI excludes 0 and |difference| ≥ the gap threshold.
    pub flagged: bool,
}

/// Kruskal-Wallis across published groups.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct GroupTest {
    pub h: f64,
    pub df: u64,
    pub p_value: f64,
    pub n: u64,
}

/// A pillar's overall score under one variant of the method.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Variant {
    /// `arithmetic` or `geometric` (at each respondent-level step).
    pub aggregation: String,
    /// `subpillars` or `items`.
    pub weighting: String,
    pub overall: Option<f64>,
    /// Group means in group order; `None` where suppressed.
    pub groups: Vec<Option<f64>>,
}

/// Pillar scores under alternative methods, with the range of the overall.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Robustness {
    pub variants: Vec<Variant>,
    pub min: Option<f64>,
    pub max: Option<f64>,
}

/// Every figure of one item, sub-pillar or pillar.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Scale {
    pub id: String,
    pub level: Level,
    pub pillar: String,
    pub subpillar: Option<String>,
    /// Items only.
    pub options: Vec<OptionInfo>,
    /// One cell per group, in `Aggregates::groups` order.
    pub groups: Vec<Cell>,
    pub overall: Overall,
    pub gap: Option<Gap>,
    pub kruskal_wallis: Option<GroupTest>,
    /// Pillars and sub-pillars with at least 3 items.
    pub reliability: Option<Reliability>,
    /// Pillars only.
    pub robustness: Option<Robustness>,
    /// Pillars and sub-pillars, with `by`: rows = groups, columns = `Aggregates::by_values`.
    pub by: Vec<Vec<Cell>>,
}
