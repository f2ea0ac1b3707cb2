//! The report model: every text and figure of a report, already formatted in the report's
//! language, with suppressed cells as "—". HTML and PDF lay out this one model (the PDF template
//! reads it as JSON), so both show the same strings.

use serde::Serialize;

use super::i18n::Texts;

/// A chart of the report: its file name (as the PDF template loads it) and its SVG.
#[derive(Debug, Clone, Serialize)]
pub struct Chart {
    pub file: String,
    #[serde(skip)]
    pub svg: String,
}

/// A whole report.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub lang: String,
    pub t: &'static Texts,
    pub title: String,
    pub cover: Cover,
    pub summary: Summary,
    pub pillars: Vec<PillarSection>,
    pub comparisons: Comparisons,
    pub rates: RatesSection,
    pub reliability: Vec<ReliabilityRow>,
    pub method: Method,
    /// Whether a row of the reliability table has no α (for the footnote).
    pub reliability_no_alpha: bool,
    /// What respondents wrote, when any published comment came in.
    pub comments: Option<super::annex::CommentsAnnex>,
    /// The footnote explaining "—".
    pub suppressed_note: String,
    /// "Change since" a previous edition, when one is named.
    pub change: Option<super::change::ChangeSection>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Cover {
    pub campaign: String,
    pub country: String,
    pub period: String,
    pub survey: String,
    pub respondents: String,
    pub generated: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    /// One sentence when nothing can be published (every group below the minimum).
    pub headline: Option<String>,
    pub radar: Chart,
    pub pillars: ScaleTable,
    pub gaps: Vec<String>,
    pub warnings: Vec<String>,
}

/// A row of a scale table (a pillar or sub-pillar, overall).
#[derive(Debug, Clone, Serialize)]
pub struct ScaleRow {
    pub name: String,
    pub n: String,
    pub mean: String,
    pub ci: String,
    pub stage: String,
    /// 0-based stage, for the stage colour; `None` without a figure.
    pub stage_index: Option<usize>,
    pub alpha: String,
}

/// A table of scale rows, and whether any of them is suppressed (for the footnote).
#[derive(Debug, Clone, Serialize)]
pub struct ScaleTable {
    pub rows: Vec<ScaleRow>,
    pub suppressed: bool,
    /// Whether a row has no α (for the footnote).
    pub no_alpha: bool,
}

impl ScaleTable {
    pub fn new(rows: Vec<ScaleRow>) -> Self {
        let suppressed = rows.iter().any(|r| r.stage_index.is_none() && r.mean == super::fmt::SUPPRESSED);
        let no_alpha = rows.iter().any(|r| r.alpha == super::fmt::NO_ALPHA);
        Self { rows, suppressed, no_alpha }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct PillarSection {
    pub id: String,
    pub name: String,
    pub description: String,
    pub headline: ScaleRow,
    pub bars: Chart,
    pub rows: ScaleTable,
    pub distribution: Chart,
}

#[derive(Debug, Clone, Serialize)]
pub struct Comparisons {
    pub heatmap: Chart,
    pub dumbbell: Chart,
    /// Published and suppressed group codes, in group order.
    pub groups: Vec<String>,
    /// Pillar and sub-pillar means by group ("—" where suppressed).
    pub means: Vec<GroupRow>,
    /// The same table cut into parts of at most `MEANS_GROUPS_PER_TABLE` groups (fewer when names
    /// are long), each with the
    /// names and the overall column, so that a page holds it whatever the number of groups.
    pub means_parts: Vec<MeansPart>,
    pub gaps: Vec<GapRow>,
    pub tests: Vec<TestRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct GroupRow {
    pub name: String,
    pub bold: bool,
    pub overall: String,
    pub cells: Vec<String>,
}

/// Groups per table of the group means: more are split into further tables; names longer
/// than `LONG_GROUP_NAME` characters take wider columns, four to a table.
pub const MEANS_GROUPS_PER_TABLE: usize = 6;
const LONG_GROUP_NAME: usize = 40;

/// One part of the group-means table.
#[derive(Debug, Clone, Serialize)]
pub struct MeansPart {
    /// "(1/2)" when the table is split, else "".
    pub label: String,
    pub groups: Vec<String>,
    pub rows: Vec<GroupRow>,
}

impl MeansPart {
    /// `rows` over `groups` cut into balanced parts of at most `MEANS_GROUPS_PER_TABLE` groups
    /// (four when a name is long).
    pub fn split(groups: &[String], rows: &[GroupRow]) -> Vec<Self> {
        let long = groups.iter().any(|g| g.chars().count() > LONG_GROUP_NAME);
        let per_table = if long { 4 } else { MEANS_GROUPS_PER_TABLE };
        let parts = groups.len().div_ceil(per_table).max(1);
        let size = groups.len().div_ceil(parts).max(1);
        (0..parts)
            .map(|k| {
                let range = (k * size).min(groups.len())..((k + 1) * size).min(groups.len());
                MeansPart {
                    label: if parts > 1 { format!("({}/{parts})", k + 1) } else { String::new() },
                    groups: groups[range.clone()].to_vec(),
                    rows: rows
                        .iter()
                        .map(|r| GroupRow {
                            cells: r.cells.get(range.clone()).map(<[String]>::to_vec).unwrap_or_default(),
                            ..r.clone()
                        })
                        .collect(),
                }
            })
            .collect()
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct GapRow {
    pub name: String,
    pub bold: bool,
    pub public: String,
    pub others: String,
    pub difference: String,
    pub ci: String,
    pub flagged: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct TestRow {
    pub name: String,
    pub bold: bool,
    pub h: String,
    pub df: String,
    pub p: String,
    pub n: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct RatesSection {
    pub chart: Chart,
    pub rows: Vec<RateRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RateRow {
    pub group: String,
    pub invited: String,
    pub started: String,
    pub submitted: String,
    pub rate: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReliabilityRow {
    pub name: String,
    pub bold: bool,
    pub items: String,
    pub n: String,
    pub alpha: String,
    pub ci: String,
    pub warn: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Method {
    /// Stage name and score range.
    pub stages: Vec<(String, String)>,
    pub options: Vec<OptionRow>,
    /// Scored questions asked only under a condition: the condition in words and how many
    /// respondents (published groups) it left out, "not applicable by design".
    pub conditional: Vec<ConditionalRow>,
    pub weights: Vec<WeightRow>,
    pub group_weights: Vec<(String, String)>,
    pub exclusions: Vec<String>,
    pub suppression: String,
    pub robustness_head: Vec<String>,
    pub robustness: Vec<RobustRow>,
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct OptionRow {
    pub item: String,
    pub text: String,
    pub options: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ConditionalRow {
    pub item: String,
    pub text: String,
    pub condition: String,
    pub not_asked: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct WeightRow {
    pub name: String,
    pub bold: bool,
    pub weight: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct RobustRow {
    pub name: String,
    pub values: Vec<String>,
    pub range: String,
}
