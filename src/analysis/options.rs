//! What the caller chooses and supplies: analysis options (cell floor, coverage, weighting,
//! disaggregation) and the fieldwork counts (invitations, responses by origin) behind response rates.

use serde::{Deserialize, Serialize};

/// The smallest minimum cell size allowed, whatever a campaign asks for.
pub const MIN_CELL_FLOOR: u32 = 3;
/// The default minimum cell size.
pub const DEFAULT_MIN_CELL: u32 = 5;

/// How a respondent's pillar score is built from their answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PillarWeighting {
    /// Weighted mean of the pillar's sub-pillar scores (sub-pillar weights): the DRA default.
    #[default]
    SubPillars,
    /// Weighted mean of all the pillar's answered items (item weights), ignoring sub-pillars.
    Items,
}

/// How groups are combined into the overall figures.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum OverallWeighting {
    /// Each published group counts equally: the overall mean is the mean of the group means.
    #[default]
    EqualGroups,
    /// Post-stratification: each group counts by its share of the population. `shares` maps group
    /// codes to population sizes or shares (renormalised over the groups included in a figure).
    Population { shares: Vec<GroupShare> },
}

/// A group's population size or share (any positive scale; only ratios matter).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct GroupShare {
    pub group: String,
    pub share: f64,
}

/// Options of one analysis run. `Default` gives the DRA defaults.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct AnalysisOptions {
    /// Cells with fewer respondents are suppressed. Clamped to at least [`MIN_CELL_FLOOR`].
    pub min_cell: u32,
    /// Share of a pillar's items a respondent must answer for their pillar score to count;
    /// `None` takes the survey's `min_coverage`.
    pub min_coverage: Option<f64>,
    pub pillar_weighting: PillarWeighting,
    pub overall: OverallWeighting,
    /// Profile field to disaggregate by (group × value cells), e.g. `gender`.
    pub by: Option<String>,
    /// The group compared with all others in the perception gap.
    pub public_group: String,
    /// A gap is flagged when its CI excludes 0 and its size is at least this (stages).
    pub gap_threshold: f64,
}

impl Default for AnalysisOptions {
    fn default() -> Self {
        Self {
            min_cell: DEFAULT_MIN_CELL,
            min_coverage: None,
            pillar_weighting: PillarWeighting::SubPillars,
            overall: OverallWeighting::EqualGroups,
            by: None,
            public_group: "public".to_string(),
            gap_threshold: 0.5,
        }
    }
}

impl AnalysisOptions {
    /// The minimum cell size actually applied: never below [`MIN_CELL_FLOOR`].
    pub fn effective_min_cell(&self) -> u32 {
        self.min_cell.max(MIN_CELL_FLOOR)
    }
}

/// How a response came in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// Personal invitation link.
    Link,
    /// Open public link (self-declared group).
    Public,
    /// Paper form typed in later.
    Paper,
    /// Collected offline with ODK Collect or KoboToolbox, imported from their CSV export.
    Odk,
}

impl Origin {
    /// The form stored in the `origin` column of the responses table.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Link => "link",
            Self::Public => "public",
            Self::Paper => "paper",
            Self::Odk => "odk",
        }
    }

    /// Parses the `origin` column of the responses table.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "link" => Some(Self::Link),
            "public" => Some(Self::Public),
            "paper" => Some(Self::Paper),
            "odk" => Some(Self::Odk),
            _ => None,
        }
    }

    pub(crate) fn index(self) -> usize {
        match self {
            Self::Link => 0,
            Self::Public => 1,
            Self::Paper => 2,
            Self::Odk => 3,
        }
    }
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Origin {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s).ok_or_else(|| format!("unknown response origin {s:?}"))
    }
}

impl PartialEq<Origin> for str {
    fn eq(&self, other: &Origin) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<Origin> for String {
    fn eq(&self, other: &Origin) -> bool {
        self == other.as_str()
    }
}

/// Responses of one origin: started (drafts and submitted) and submitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema)]
pub struct OriginCounts {
    pub started: u64,
    pub submitted: u64,
}

/// Fieldwork figures of one group, as the caller counts them in the database.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema)]
pub struct GroupFieldwork {
    pub group: String,
    /// Participants invited by personal link.
    pub invited: u64,
    pub link: OriginCounts,
    pub public: OriginCounts,
    pub paper: OriginCounts,
    /// Collected offline (ODK Collect, KoboToolbox).
    #[serde(default)]
    pub odk: OriginCounts,
}

/// Fieldwork figures of a campaign, one entry per group (any order).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Fieldwork {
    pub groups: Vec<GroupFieldwork>,
}
