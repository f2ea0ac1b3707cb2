//! The choices that turn scores into a composite index (JRC/OECD Handbook, steps 2-6): the
//! missing-data rule, normalisation, weights, aggregation per level, ties, and the alternatives
//! the uncertainty analysis draws from. Plain data, read from a framework's `method`.

use serde::{Deserialize, Serialize};

/// How a missing score is filled before normalisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Imputation {
    /// Left missing: each level aggregates the components it has, their weights rescaled.
    None,
    /// The indicator's mean over the ranked institutions that have it.
    Mean,
    /// The indicator's median over the ranked institutions that have it.
    Median,
}

impl Imputation {
    pub fn code(self) -> &'static str {
        match self {
            Imputation::None => "none",
            Imputation::Mean => "mean",
            Imputation::Median => "median",
        }
    }
}

/// How raw values are put on a common scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Normalisation {
    /// `100·(x − min)/(max − min)` over the ranked institutions (50 when all are equal).
    MinMax,
    /// `100·(x − lo)/(hi − lo)` clipped to [0, 100], with the indicator's goalposts.
    Goalposts,
    /// `(x − mean)/sd`, sample standard deviation (n − 1; 0 when all are equal).
    ZScore,
}

impl Normalisation {
    pub const ALL: [Normalisation; 3] = [Normalisation::MinMax, Normalisation::Goalposts, Normalisation::ZScore];

    pub fn code(self) -> &'static str {
        match self {
            Normalisation::MinMax => "min_max",
            Normalisation::Goalposts => "goalposts",
            Normalisation::ZScore => "z_score",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|n| n.code() == code)
    }
}

/// How the components of one level are combined.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Aggregation {
    /// Weighted arithmetic mean: fully compensatory.
    Arithmetic,
    /// Weighted geometric mean of the values shifted to be at least 1 (see [`super::compute`]):
    /// partly compensatory.
    Geometric,
}

impl Aggregation {
    pub const ALL: [Aggregation; 2] = [Aggregation::Arithmetic, Aggregation::Geometric];

    pub fn code(self) -> &'static str {
        match self {
            Aggregation::Arithmetic => "arithmetic",
            Aggregation::Geometric => "geometric",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.code() == code)
    }
}

/// Where the weights come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Weights {
    /// Every indicator within its pillar and every pillar in the index weigh the same.
    Equal,
    /// Pillars weigh as the framework says; indicators within a pillar equally.
    PerPillar,
    /// Pillars and indicators weigh as the framework says (1 where it says nothing).
    Given,
}

/// How equal index scores share a rank.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Ties {
    /// Competition ranking: 1, 2, 2, 4.
    Min,
    /// Mean of the ranks they occupy: 1, 2.5, 2.5, 4.
    Average,
}

/// Aggregation at each of the two levels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default)]
pub struct Levels {
    /// Indicators → pillar.
    pub indicators: Aggregation,
    /// Pillars → index.
    pub pillars: Aggregation,
}

impl Default for Levels {
    fn default() -> Self {
        Self { indicators: Aggregation::Arithmetic, pillars: Aggregation::Arithmetic }
    }
}

/// The headline method.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default)]
pub struct Method {
    /// Share of the indicators an institution needs scored to be ranked.
    pub min_share: f64,
    pub imputation: Imputation,
    pub normalisation: Normalisation,
    pub weights: Weights,
    pub aggregation: Levels,
    pub ties: Ties,
    pub uncertainty: Uncertainty,
}

impl Default for Method {
    fn default() -> Self {
        Self {
            min_share: 0.7,
            imputation: Imputation::None,
            normalisation: Normalisation::MinMax,
            weights: Weights::Equal,
            aggregation: Levels::default(),
            ties: Ties::Min,
            uncertainty: Uncertainty::default(),
        }
    }
}

/// The alternatives the Monte Carlo uncertainty analysis draws from, run by run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default)]
pub struct Uncertainty {
    pub runs: u32,
    pub seed: u64,
    /// Each weight is multiplied by a factor drawn uniformly from [1 − noise, 1 + noise].
    pub weight_noise: f64,
    /// Normalisations drawn from (uniformly); empty: the headline's only.
    pub normalisations: Vec<Normalisation>,
    /// Aggregations drawn from (uniformly), the draw used at both levels; empty: the headline's.
    pub aggregations: Vec<Aggregation>,
    /// Each run leaves out one indicator or none, drawn uniformly among the n + 1 choices.
    pub drop_one: bool,
}

impl Default for Uncertainty {
    fn default() -> Self {
        Self {
            runs: 1000,
            seed: 1,
            weight_noise: 0.25,
            normalisations: Normalisation::ALL.to_vec(),
            aggregations: Aggregation::ALL.to_vec(),
            drop_one: true,
        }
    }
}

impl Uncertainty {
    /// No alternative at all: every run is the headline.
    pub fn none(runs: u32, seed: u64) -> Self {
        Self { runs, seed, weight_noise: 0.0, normalisations: vec![], aggregations: vec![], drop_one: false }
    }
}
