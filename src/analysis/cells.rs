//! From counts to published cells: per-group figures with small-cell suppression, the `by` table
//! with complementary suppression over its rows and columns, the overall across groups, the public-vs-others gap and the
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
    /// Not asked: the survey's conditions left the item out for the respondent.
    pub not_asked: u64,
    pub below_coverage: u64,
    /// Items: respondents per option.
    pub distribution: Vec<u64>,
}

impl CellCounts {
    pub(crate) fn n(&self) -> u64 {
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
        not_applicable_by_design: c.not_asked,
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
    let by = by_table(ctx, keys, by_cells, &shown);
    Built { groups: cells, overall, gap, kruskal_wallis, by }
}

/// The `by` table (group rows × value columns) with its suppression. A cell below the minimum is
/// hidden (every cell of a hidden group's row too); then, complementary suppression: as long as
/// the hidden cells of a row or of a column hold some respondents but fewer than the minimum
/// together, the smallest published cell with respondents there is hidden as well. So whoever
/// knows the published figures, the group totals, and their own answers, subtracts their way to
/// no fewer than `min_cell − 1` other people.
fn by_table(ctx: &Context<'_>, keys: &[f64], rows: &[Vec<CellCounts>], group_shown: &[bool]) -> Vec<Vec<Cell>> {
    let n: Vec<Vec<u64>> = rows.iter().map(|r| r.iter().map(CellCounts::n).collect()).collect();
    let mut hide: Vec<Vec<Option<Suppression>>> = n
        .iter()
        .enumerate()
        .map(|(g, row)| {
            let shown = group_shown.get(g).copied().unwrap_or(false);
            row.iter()
                .map(|&x| {
                    if x < ctx.min_cell {
                        Some(Suppression::BelowMinimum)
                    } else {
                        (!shown).then_some(Suppression::Complementary)
                    }
                })
                .collect()
        })
        .collect();
    complementary(&n, &mut hide, ctx.min_cell);
    rows.iter()
        .zip(hide)
        .map(|(row, h)| {
            row.iter()
                .zip(h)
                .map(|(c, h)| h.map_or_else(|| Cell::published(stats_of(keys, c, ctx.stages)), Cell::hidden))
                .collect()
        })
        .collect()
}

/// Hides more cells of a table of counts until, in every row and every column, the hidden cells
/// hold no one or at least `min` people together (each round hides the smallest published cell
/// with people in a line that falls short, so it ends).
pub(crate) fn complementary(n: &[Vec<u64>], hide: &mut [Vec<Option<Suppression>>], min: u64) {
    let width = n.iter().map(Vec::len).max().unwrap_or(0);
    let lines: Vec<Vec<(usize, usize)>> = (0..n.len())
        .map(|g| (0..n[g].len()).map(|v| (g, v)).collect())
        .chain((0..width).map(|v| (0..n.len()).filter(|&g| v < n[g].len()).map(|g| (g, v)).collect()))
        .collect();
    loop {
        let mut changed = false;
        for line in &lines {
            let hidden: u64 = line.iter().filter(|&&(g, v)| hide[g][v].is_some()).map(|&(g, v)| n[g][v]).sum();
            if hidden == 0 || hidden >= min {
                continue;
            }
            let partner = line
                .iter()
                .copied()
                .filter(|&(g, v)| hide[g][v].is_none() && n[g][v] > 0)
                .min_by_key(|&(g, v)| n[g][v]);
            if let Some((g, v)) = partner {
                hide[g][v] = Some(Suppression::Complementary);
                changed = true;
            }
        }
        if !changed {
            return;
        }
    }
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
