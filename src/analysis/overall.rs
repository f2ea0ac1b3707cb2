//! The overall figure across groups, with group weights π_g (sum 1): equal (π = 1/G: the mean of
//! group means) or population shares (post-stratification). A respondent of group g weighs
//! w = π_g / (n_g / N), computed per figure from the cell's n, so that:
//!
//! - mean = Σ π_g·mean_g;
//! - Kish effective n = (Σw)²/Σw² = 1 / Σ(π_g²/n_g);
//! - sd = √(Σ w(x − mean)² / (V1 − V2/V1)), V1 = Σw, V2 = Σw² (reliability weights; equals the
//!   sample sd when the weights are equal);
//! - 95% CI = mean ± t(0.975, n_eff − 1)·SE with the stratified SE = √(Σ π_g² s_g²/n_g);
//! - median and quartiles: weighted inverse ECDF — the smallest value whose cumulative weight share
//!   reaches p, the midpoint of it and the next value when the share equals p exactly (±1e-12);
//! - shares ("don't know", options…) = Σ π_g·share_g; counts are plain sums.

use super::cells::{CellCounts, stage};
use super::output::Stats;
use super::stats::{summarize_pairs, t_quantile};

/// A group cell entering the overall, with its normalised weight π.
pub(crate) struct WeightedCell<'a> {
    pub weight: f64,
    pub counts: &'a CellCounts,
}

/// Weighted quantile by the inverse-ECDF-with-midpoint rule over sorted `(value, weight share)`.
pub fn weighted_quantile(points: &[(f64, f64)], p: f64) -> Option<f64> {
    let mut cum = 0.0;
    for (k, &(x, w)) in points.iter().enumerate() {
        cum += w;
        if (cum - p).abs() <= 1e-12 {
            return Some(points.get(k + 1).map_or(x, |next| (x + next.0) / 2.0));
        }
        if cum > p {
            return Some(x);
        }
    }
    points.last().map(|p| p.0)
}

/// Overall figures of the included cells (weights sum to 1; each cell n > 0).
pub(crate) fn weighted(keys: &[f64], cells: &[WeightedCell<'_>], stages: &[String]) -> Stats {
    let sums: Vec<_> = cells
        .iter()
        .map(|c| {
            let pairs: Vec<(f64, u64)> =
                keys.iter().copied().zip(c.counts.counts.iter().copied()).filter(|p| p.1 > 0).collect();
            summarize_pairs(&pairs)
        })
        .collect();
    let live: Vec<usize> = (0..cells.len()).filter(|&i| sums[i].n > 0).collect();
    let n: u64 = sums.iter().map(|s| s.n).sum();
    let nf = n as f64;
    let total_w: f64 = live.iter().map(|&i| cells[i].weight).sum();
    let pi = |i: usize| cells[i].weight / total_w;
    let inv_neff: f64 = live.iter().map(|&i| pi(i) * pi(i) / sums[i].n as f64).sum();
    let n_eff = (inv_neff > 0.0).then(|| 1.0 / inv_neff);
    let mean = (!live.is_empty()).then(|| live.iter().map(|&i| pi(i) * sums[i].mean.unwrap_or(0.0)).sum::<f64>());
    let sd = mean.zip(n_eff).filter(|&(_, ne)| ne > 1.0).map(|(m, ne)| {
        let num: f64 = live
            .iter()
            .map(|&i| {
                let w = pi(i) * nf / sums[i].n as f64;
                let ss: f64 =
                    keys.iter().zip(&cells[i].counts.counts).map(|(&x, &c)| c as f64 * (x - m) * (x - m)).sum();
                w * ss
            })
            .sum();
        (num / (nf * (1.0 - 1.0 / ne))).sqrt()
    });
    let strat_var: Option<f64> =
        live.iter().map(|&i| sums[i].variance().map(|v| pi(i) * pi(i) * v / sums[i].n as f64)).sum();
    let ci_half_width = strat_var
        .zip(n_eff)
        .filter(|&(_, ne)| ne > 1.0)
        .and_then(|(v, ne)| t_quantile(0.975, ne - 1.0).map(|t| t * v.sqrt()));
    let mut points: Vec<(f64, f64)> = Vec::new();
    for (k, &x) in keys.iter().enumerate() {
        let w: f64 = live
            .iter()
            .map(|&i| cells[i].counts.counts.get(k).map_or(0.0, |&c| c as f64 * pi(i) / sums[i].n as f64))
            .sum();
        if w > 0.0 {
            points.push((x, w));
        }
    }
    let (median, q1, q3) =
        (weighted_quantile(&points, 0.5), weighted_quantile(&points, 0.25), weighted_quantile(&points, 0.75));
    let wshare = |f: &dyn Fn(&CellCounts) -> (u64, u64)| -> f64 {
        cells
            .iter()
            .map(|c| {
                let (part, base) = f(c.counts);
                if base == 0 { 0.0 } else { c.weight * part as f64 / base as f64 }
            })
            .sum()
    };
    let sum = |f: &dyn Fn(&CellCounts) -> u64| -> u64 { cells.iter().map(|c| f(c.counts)).sum() };
    let width = cells.iter().map(|c| c.counts.distribution.len()).max().unwrap_or(0);
    Stats {
        n,
        n_effective: n_eff,
        base: sum(&|c| c.base),
        dont_know: sum(&|c| c.dont_know),
        not_applicable: sum(&|c| c.not_applicable),
        missing: sum(&|c| c.missing),
        not_applicable_by_design: sum(&|c| c.not_asked),
        share_dont_know: wshare(&|c| (c.dont_know, c.base)),
        share_not_applicable: wshare(&|c| (c.not_applicable, c.base)),
        share_missing: wshare(&|c| (c.missing, c.base)),
        below_coverage: sum(&|c| c.below_coverage),
        mean,
        sd,
        median,
        q1,
        q3,
        iqr: q1.zip(q3).map(|(a, b)| b - a),
        ci_low: mean.zip(ci_half_width).map(|(m, h)| m - h),
        ci_high: mean.zip(ci_half_width).map(|(m, h)| m + h),
        ci_half_width,
        stage: mean.and_then(|m| stage(stages, m)),
        distribution: (0..width).map(|o| sum(&|c| c.distribution.get(o).copied().unwrap_or(0))).collect(),
        distribution_share: (0..width)
            .map(|o| wshare(&|c| (c.distribution.get(o).copied().unwrap_or(0), c.base)))
            .collect(),
    }
}
