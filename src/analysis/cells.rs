//! From counts to published cells: per-group figures with small-cell suppression, the `by` table
//! with complementary suppression, the overall across groups, the public-vs-others gap and the
//! Kruskal-Wallis test. Cross-group figures use published cells only, so none of them can be
//! differenced to reveal a hidden cell.

use super::options::OverallWeighting;
use super::output::{Cell, Excluded, Gap, GroupTest, Overall, Stage, Stats, Suppression};
use super::overall::{WeightedCell, weighted};
use super::stats::{kruskal_wallis_counts, summarize_pairs, welch};

/// Counts of one cell, aligned to the scale's sorted distinct values.
#[derive(Debug, Clone, Default)]
pub(crate) struct CellCounts {
    pub counts: Vec<u64>,
    pub respondents: u64,
    pub base: u64,
    pub dont_know: u64,
    pub not_applicable: u64,
    pub missing: u64,
    pub below_coverage: u64,
    /// Items: respondents per option.
    pub distribution: Vec<u64>,
}

impl CellCounts {
    fn n(&self) -> u64 {
        self.counts.iter().sum()
    }
}

/// What every scale shares.
pub(crate) struct Context<'a> {
    pub groups: &'a [String],
    /// Groups with enough respondents to be shown at all.
    pub group_published: &'a [bool],
    pub min_cell: u64,
    pub weighting: &'a OverallWeighting,
    pub public: Option<usize>,
    pub gap_threshold: f64,
    pub stages: &'a [String],
}

/// Published figures of a scale: group cells, `by` rows, overall, gap, test.
pub(crate) struct Built {
    pub groups: Vec<Cell>,
    pub overall: Overall,
    pub gap: Option<Gap>,
    pub kruskal_wallis: Option<GroupTest>,
    pub by: Vec<Vec<Cell>>,
}

fn share(part: u64, base: u64) -> f64 {
    if base == 0 { 0.0 } else { part as f64 / base as f64 }
}

/// Stage of a mean on the 1..=S scale: its integer part. A mean within 1e-9 below an integer
/// (4 − 4e-16 from rounding) counts as that integer, so the stage does not hang on summation order.
pub(crate) fn stage(stages: &[String], mean: f64) -> Option<Stage> {
    if stages.is_empty() || mean.is_nan() {
        return None;
    }
    let whole = (mean + 1e-9).floor();
    let index = if whole < 1.0 { 0 } else { (whole as usize).min(stages.len()) - 1 };
    Some(Stage { index, label: stages.get(index).cloned().unwrap_or_default() })
}

/// Figures of one cell.
pub(crate) fn stats_of(keys: &[f64], c: &CellCounts, stages: &[String]) -> Stats {
    let pairs: Vec<(f64, u64)> = keys.iter().copied().zip(c.counts.iter().copied()).filter(|p| p.1 > 0).collect();
    let s = summarize_pairs(&pairs);
    Stats {
        n: s.n,
        n_effective: None,
        base: c.base,
        dont_know: c.dont_know,
        not_applicable: c.not_applicable,
        missing: c.missing,
        share_dont_know: share(c.dont_know, c.base),
        share_not_applicable: share(c.not_applicable, c.base),
        share_missing: share(c.missing, c.base),
        below_coverage: c.below_coverage,
        mean: s.mean,
        sd: s.sd,
        median: s.median,
        q1: s.q1,
        q3: s.q3,
        iqr: s.q1.zip(s.q3).map(|(a, b)| b - a),
        ci_low: s.mean.zip(s.ci_half_width).map(|(m, h)| m - h),
        ci_high: s.mean.zip(s.ci_half_width).map(|(m, h)| m + h),
        ci_half_width: s.ci_half_width,
        stage: s.mean.and_then(|m| stage(stages, m)),
        distribution_share: c.distribution.iter().map(|&d| share(d, c.base)).collect(),
        distribution: c.distribution.clone(),
    }
}

/// Builds the published figures of one scale from its group cells and (with `by`) its
/// group × value cells (`by_cells[g][v]`).
pub(crate) fn build(ctx: &Context<'_>, keys: &[f64], groups: &[CellCounts], by_cells: &[Vec<CellCounts>]) -> Built {
    let shown: Vec<bool> = groups
        .iter()
        .enumerate()
        .map(|(g, c)| ctx.group_published.get(g).copied().unwrap_or(false) && c.n() >= ctx.min_cell)
        .collect();
    let cells: Vec<Cell> =
        groups
            .iter()
            .zip(&shown)
            .map(|(c, &ok)| {
                if ok {
                    Cell::published(stats_of(keys, c, ctx.stages))
                } else {
                    Cell::hidden(Suppression::BelowMinimum)
                }
            })
            .collect();
    let overall = overall(ctx, keys, groups, &shown);
    let gap = gap(ctx, keys, groups, &shown);
    let published: Vec<Vec<u64>> =
        groups.iter().zip(&shown).filter(|(_, ok)| **ok).map(|(c, _)| c.counts.clone()).collect();
    let kruskal_wallis =
        kruskal_wallis_counts(&published).map(|k| GroupTest { h: k.h, df: k.df, p_value: k.p_value, n: k.n });
    let by = by_cells.iter().zip(&shown).map(|(row, &ok)| by_row(ctx, keys, row, ok)).collect();
    Built { groups: cells, overall, gap, kruskal_wallis, by }
}

/// One group's row of the `by` table. When the group's own cell is published, the row sums to
/// it: if exactly one cell with respondents is hidden, the smallest published one is hidden too.
fn by_row(ctx: &Context<'_>, keys: &[f64], row: &[CellCounts], group_shown: bool) -> Vec<Cell> {
    if !group_shown {
        return row
            .iter()
            .map(|c| {
                Cell::hidden(if c.n() < ctx.min_cell { Suppression::BelowMinimum } else { Suppression::Complementary })
            })
            .collect();
    }
    let mut hide: Vec<Option<Suppression>> =
        row.iter().map(|c| (c.n() < ctx.min_cell).then_some(Suppression::BelowMinimum)).collect();
    let hidden_with_people = row.iter().zip(&hide).filter(|(c, h)| h.is_some() && c.respondents > 0).count();
    if hidden_with_people == 1 {
        let partner =
            row.iter().enumerate().filter(|(v, _)| hide[*v].is_none()).min_by_key(|(_, c)| c.n()).map(|(v, _)| v);
        if let Some(v) = partner {
            hide[v] = Some(Suppression::Complementary);
        }
    }
    row.iter()
        .zip(hide)
        .map(|(c, h)| h.map_or_else(|| Cell::published(stats_of(keys, c, ctx.stages)), Cell::hidden))
        .collect()
}

fn overall(ctx: &Context<'_>, keys: &[f64], groups: &[CellCounts], shown: &[bool]) -> Overall {
    let mut excluded = Vec::new();
    let mut included: Vec<(usize, f64)> = Vec::new();
    for (g, code) in ctx.groups.iter().enumerate() {
        if !shown.get(g).copied().unwrap_or(false) {
            excluded.push(Excluded { group: code.clone(), reason: "suppressed".into() });
            continue;
        }
        let w = match ctx.weighting {
            OverallWeighting::EqualGroups => 1.0,
            OverallWeighting::Population { shares } => {
                shares.iter().find(|s| &s.group == code).map_or(0.0, |s| s.share)
            }
        };
        if w > 0.0 && w.is_finite() {
            included.push((g, w));
        } else {
            excluded.push(Excluded { group: code.clone(), reason: "no population share".into() });
        }
    }
    let total: f64 = included.iter().map(|p| p.1).sum();
    let cells: Vec<WeightedCell<'_>> = included
        .iter()
        .filter_map(|&(g, w)| groups.get(g).map(|c| WeightedCell { weight: w / total, counts: c }))
        .collect();
    let stats = (!cells.is_empty()).then(|| weighted(keys, &cells, ctx.stages));
    Overall {
        groups: included.iter().map(|&(g, _)| ctx.groups[g].clone()).collect(),
        weights: included.iter().map(|&(_, w)| w / total).collect(),
        excluded,
        stats,
    }
}

fn gap(ctx: &Context<'_>, keys: &[f64], groups: &[CellCounts], shown: &[bool]) -> Option<Gap> {
    let p = ctx.public?;
    if !shown.get(p).copied().unwrap_or(false) {
        return None;
    }
    let mut others = vec![0u64; keys.len()];
    for (g, c) in groups.iter().enumerate() {
        if g != p && shown.get(g).copied().unwrap_or(false) {
            others.iter_mut().zip(&c.counts).for_each(|(o, x)| *o += x);
        }
    }
    let pairs = |counts: &[u64]| -> Vec<(f64, u64)> {
        keys.iter().copied().zip(counts.iter().copied()).filter(|q| q.1 > 0).collect()
    };
    let a = summarize_pairs(&pairs(&groups.get(p)?.counts));
    let b = summarize_pairs(&pairs(&others));
    let w = welch(a.mean?, a.variance()?, a.n, b.mean?, b.variance()?, b.n)?;
    let excludes_zero = w.ci_low > 0.0 || w.ci_high < 0.0;
    Some(Gap {
        public_mean: a.mean?,
        others_mean: b.mean?,
        n_public: a.n,
        n_others: b.n,
        difference: w.difference,
        se: w.se,
        df: w.df,
        ci_low: w.ci_low,
        ci_high: w.ci_high,
        flagged: excludes_zero && w.difference.abs() >= ctx.gap_threshold,
    })
}
