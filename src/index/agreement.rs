//! Agreement between evaluators who scored the same indicators of the same institutions:
//! weighted Cohen's κ for two raters (linear and quadratic disagreement weights) and
//! Krippendorff's α with the ordinal metric for any number of raters, missing scores allowed;
//! plus the list of disputed scores (where the raters differ).
//!
//! Ordinal indicators only: a score enters as its level's position on the indicator's scale
//! (0 = lowest), so indicators with scales of the same length pool naturally; κ's categories are
//! the positions `0..k` with `k` the longest scale. Numeric (range) indicators take no part in κ
//! or α; their differing scores are still listed as disputed.

use std::collections::BTreeMap;

use serde::Serialize;

use super::framework::Framework;

/// One score by one evaluator.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rating {
    pub unit: String,
    pub indicator: String,
    pub rater: String,
    pub value: f64,
}

/// A (unit, indicator) the raters scored differently.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Disputed {
    pub unit: String,
    pub indicator: String,
    /// (rater, value), in rater order.
    pub scores: Vec<(String, f64)>,
}

/// Agreement figures over a set of ratings.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Agreement {
    pub raters: Vec<String>,
    /// (unit, indicator) pairs scored by two raters or more.
    pub pairable: usize,
    /// Weighted κ of the first two raters (in name order), over the items both scored.
    pub kappa_linear: Option<f64>,
    pub kappa_quadratic: Option<f64>,
    /// Items the κ is computed over.
    pub kappa_n: usize,
    pub alpha_ordinal: Option<f64>,
    pub disputed: Vec<Disputed>,
}

/// Disagreement weights of the weighted κ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KappaWeights {
    Linear,
    Quadratic,
}

/// Weighted Cohen's κ of paired categories `0..k`: `1 − Σ w·O / Σ w·E` with `w = (|i−j|/(k−1))^p`.
/// None with no pairs, fewer than two categories, or no expected disagreement.
pub fn cohen_kappa(pairs: &[(usize, usize)], k: usize, weights: KappaWeights) -> Option<f64> {
    if pairs.is_empty() || k < 2 || pairs.iter().any(|&(a, b)| a >= k || b >= k) {
        return None;
    }
    let n = pairs.len() as f64;
    let mut observed = vec![vec![0.0; k]; k];
    let mut rows = vec![0.0; k];
    let mut cols = vec![0.0; k];
    for &(a, b) in pairs {
        observed[a][b] += 1.0 / n;
        rows[a] += 1.0 / n;
        cols[b] += 1.0 / n;
    }
    let (mut wo, mut we) = (0.0, 0.0);
    for i in 0..k {
        for j in 0..k {
            let d = (i as f64 - j as f64).abs() / (k - 1) as f64;
            let w = match weights {
                KappaWeights::Linear => d,
                KappaWeights::Quadratic => d * d,
            };
            wo += w * observed[i][j];
            we += w * rows[i] * cols[j];
        }
    }
    if we <= 0.0 { None } else { Some(1.0 - wo / we) }
}

/// Krippendorff's α, ordinal metric: each unit holds the categories (`0..k`) its raters gave.
/// Units with fewer than two values are not pairable and left out. None when nothing is
/// pairable or there is no expected disagreement (a single category).
pub fn krippendorff_ordinal(units: &[Vec<usize>], k: usize) -> Option<f64> {
    let mut coincidence = vec![vec![0.0; k]; k];
    for values in units.iter().filter(|v| v.len() >= 2) {
        if values.iter().any(|&c| c >= k) {
            return None;
        }
        let m = values.len() as f64;
        for (a, &c) in values.iter().enumerate() {
            for (b, &d) in values.iter().enumerate() {
                if a != b {
                    coincidence[c][d] += 1.0 / (m - 1.0);
                }
            }
        }
    }
    let totals: Vec<f64> = coincidence.iter().map(|row| row.iter().sum()).collect();
    let n: f64 = totals.iter().sum();
    if n <= 1.0 {
        return None;
    }
    // Ordinal distance: (Σ_{g=c..k} n_g − (n_c + n_k)/2)².
    let delta = |c: usize, d: usize| {
        let (lo, hi) = if c <= d { (c, d) } else { (d, c) };
        let between: f64 = totals[lo..=hi].iter().sum();
        (between - (totals[c] + totals[d]) / 2.0).powi(2)
    };
    let (mut observed, mut expected) = (0.0, 0.0);
    for c in 0..k {
        for d in 0..k {
            let dd = delta(c, d);
            observed += coincidence[c][d] * dd;
            expected += totals[c] * totals[d] * dd;
        }
    }
    if expected <= 0.0 { None } else { Some(1.0 - (n - 1.0) * observed / expected) }
}

/// Agreement over all the ratings of a framework's indicators.
pub fn agreement(framework: &Framework, ratings: &[Rating]) -> Agreement {
    let mut raters: Vec<String> = ratings.iter().map(|r| r.rater.clone()).collect();
    raters.sort();
    raters.dedup();
    // (unit, indicator) → rater → value; the last rating of a rater counts.
    let mut items: BTreeMap<(&str, &str), BTreeMap<&str, f64>> = BTreeMap::new();
    for r in ratings {
        items.entry((r.unit.as_str(), r.indicator.as_str())).or_default().insert(r.rater.as_str(), r.value);
    }
    let k = framework
        .indicators()
        .filter_map(|(_, i)| match &i.scale {
            super::framework::Scale::Levels(l) => Some(l.len()),
            super::framework::Scale::Range { .. } => None,
        })
        .max()
        .unwrap_or(0);
    let mut alpha_units = Vec::new();
    let mut pairs = Vec::new();
    let mut disputed = Vec::new();
    let mut pairable = 0;
    for ((unit, ind_id), by_rater) in &items {
        if by_rater.len() >= 2 {
            pairable += 1;
            let first = by_rater.values().next().copied().unwrap_or_default();
            if by_rater.values().any(|v| *v != first) {
                disputed.push(Disputed {
                    unit: unit.to_string(),
                    indicator: ind_id.to_string(),
                    scores: by_rater.iter().map(|(r, v)| (r.to_string(), *v)).collect(),
                });
            }
        }
        let Some((_, ind)) = framework.indicator(ind_id) else { continue };
        if !ind.is_ordinal() {
            continue;
        }
        let levels: Vec<usize> = by_rater.values().filter_map(|v| ind.level_index(*v)).collect();
        alpha_units.push(levels);
        if let [a, b, ..] = raters.as_slice()
            && let (Some(va), Some(vb)) = (by_rater.get(a.as_str()), by_rater.get(b.as_str()))
            && let (Some(la), Some(lb)) = (ind.level_index(*va), ind.level_index(*vb))
        {
            pairs.push((la, lb));
        }
    }
    Agreement {
        raters,
        pairable,
        kappa_linear: cohen_kappa(&pairs, k, KappaWeights::Linear),
        kappa_quadratic: cohen_kappa(&pairs, k, KappaWeights::Quadratic),
        kappa_n: pairs.len(),
        alpha_ordinal: krippendorff_ordinal(&alpha_units, k),
        disputed,
    }
}
