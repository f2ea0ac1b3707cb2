//! The composite index (JRC/OECD Handbook steps 2-5): which institutions are ranked (the
//! missing-data rule), imputation, normalisation, weights and aggregation per level, then the
//! headline score and rank.
//!
//! The arithmetic, stated once (the method annex repeats it):
//! - an institution is ranked when it has at least `min_share` of the indicators scored;
//!   imputation (mean or median of the ranked institutions that have the indicator) fills raw
//!   values before normalisation; with none, each level aggregates what it has, weights rescaled;
//! - min-max `100·(x − min)/(max − min)` (50 when all equal), goalposts
//!   `100·(x − lo)/(hi − lo)` clipped to [0, 100], z-score `(x − mean)/sd` with the sample sd
//!   (0 when all equal); statistics over the ranked institutions; a negative indicator is turned
//!   round after normalising (`100 − v`, or `−z`);
//! - arithmetic aggregation `Σ w·v / Σ w`; geometric `exp(Σ w·ln(v + s) / Σ w) − s` with the shift
//!   `s = 1 − min(0, smallest normalised value)`, so the smallest value enters as at least 1 and
//!   the result stays on the normalised scale;
//! - index scores equal to 9 decimals tie; ranks descending by score, ties as the method says.

use serde::Serialize;

use super::framework::Framework;
use super::method::{Aggregation, Imputation, Levels, Method, Normalisation, Ties, Weights};

/// Raw scores: one row per institution, one column per indicator in framework order.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Scores {
    pub units: Vec<String>,
    pub values: Vec<Vec<Option<f64>>>,
}

/// Why a computation cannot run.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ComputeError {
    #[error("institution {unit}: {found} scores, the framework has {expected} indicators")]
    Width { unit: String, expected: usize, found: usize },
    #[error("no institution has enough indicators scored to be ranked")]
    NobodyRanked,
}

/// The data prepared once for many aggregations: who is ranked, the imputed raw values and the
/// normalised table of each normalisation (rows: ranked institutions only).
#[derive(Debug, Clone)]
pub struct Prepared {
    /// Indices into [`Scores::units`] of the ranked institutions.
    pub ranked: Vec<usize>,
    /// Share of indicators scored, per institution (all of them).
    pub coverage: Vec<f64>,
    /// Raw values after imputation, ranked institutions only.
    pub raw: Vec<Vec<Option<f64>>>,
    /// Which raw values were imputed.
    pub imputed: Vec<Vec<bool>>,
    /// One normalised table (and its geometric shift) per [`Normalisation::ALL`].
    pub tables: Vec<(Vec<Vec<Option<f64>>>, f64)>,
    /// Indicator → pillar.
    pub pillar_of: Vec<usize>,
    pub pillar_count: usize,
}

/// One computation's choices, beyond those fixed in [`Prepared`].
#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    pub normalisation: Normalisation,
    pub levels: Levels,
    pub indicator_weights: Vec<f64>,
    pub pillar_weights: Vec<f64>,
    /// An indicator left out.
    pub dropped: Option<usize>,
}

/// The figures of one institution.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct UnitResult {
    pub unit: String,
    pub coverage: f64,
    pub ranked: bool,
    pub normalised: Vec<Option<f64>>,
    pub imputed: Vec<bool>,
    pub pillars: Vec<Option<f64>>,
    pub index: Option<f64>,
    pub rank: Option<f64>,
}

/// The headline index.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct IndexResult {
    pub units: Vec<UnitResult>,
    /// The geometric aggregation's shift for the normalisation used.
    pub shift: f64,
}

/// The effective weights of a method: (indicator weights in framework order, pillar weights).
pub fn weights(framework: &Framework, w: Weights) -> (Vec<f64>, Vec<f64>) {
    let ind = framework.indicators().map(|(_, i)| if w == Weights::Given { i.weight } else { 1.0 }).collect();
    let pil = framework.pillars.iter().map(|p| if w == Weights::Equal { 1.0 } else { p.weight }).collect();
    (ind, pil)
}

/// The headline choice of a method.
pub fn headline_choice(framework: &Framework, method: &Method) -> Choice {
    let (indicator_weights, pillar_weights) = weights(framework, method.weights);
    Choice {
        normalisation: method.normalisation,
        levels: method.aggregation,
        indicator_weights,
        pillar_weights,
        dropped: None,
    }
}

/// Applies the missing-data rule and imputation, and normalises every way.
pub fn prepare(framework: &Framework, method: &Method, scores: &Scores) -> Result<Prepared, ComputeError> {
    let n_ind = framework.indicator_count();
    for (unit, row) in scores.units.iter().zip(&scores.values) {
        if row.len() != n_ind {
            return Err(ComputeError::Width { unit: unit.clone(), expected: n_ind, found: row.len() });
        }
    }
    let coverage: Vec<f64> = scores
        .values
        .iter()
        .map(|row| if n_ind == 0 { 0.0 } else { row.iter().filter(|v| v.is_some()).count() as f64 / n_ind as f64 })
        .collect();
    // A small tolerance, so that 8/11 ≥ 0.727 written with fewer decimals still counts.
    let ranked: Vec<usize> = (0..scores.units.len()).filter(|&u| coverage[u] + 1e-12 >= method.min_share).collect();
    if ranked.is_empty() {
        return Err(ComputeError::NobodyRanked);
    }
    let mut raw: Vec<Vec<Option<f64>>> = ranked.iter().map(|&u| scores.values[u].clone()).collect();
    let mut imputed = vec![vec![false; n_ind]; raw.len()];
    if method.imputation != Imputation::None {
        for i in 0..n_ind {
            let mut seen: Vec<f64> = raw.iter().filter_map(|r| r[i]).collect();
            if seen.is_empty() {
                continue;
            }
            let fill = match method.imputation {
                Imputation::Mean => seen.iter().sum::<f64>() / seen.len() as f64,
                _ => {
                    seen.sort_by(f64::total_cmp);
                    quantile_sorted(&seen, 0.5)
                }
            };
            for (row, flags) in raw.iter_mut().zip(imputed.iter_mut()) {
                if row[i].is_none() {
                    row[i] = Some(fill);
                    flags[i] = true;
                }
            }
        }
    }
    let tables = Normalisation::ALL.iter().map(|&n| normalise(framework, &raw, n)).collect();
    let pillar_of = framework.indicators().map(|(p, _)| p).collect();
    Ok(Prepared { ranked, coverage, raw, imputed, tables, pillar_of, pillar_count: framework.pillars.len() })
}

/// One normalised table and its geometric shift.
fn normalise(framework: &Framework, raw: &[Vec<Option<f64>>], how: Normalisation) -> (Vec<Vec<Option<f64>>>, f64) {
    let mut out = vec![vec![None; framework.indicator_count()]; raw.len()];
    for (i, (_, ind)) in framework.indicators().enumerate() {
        let col: Vec<f64> = raw.iter().filter_map(|r| r[i]).collect();
        if col.is_empty() {
            continue;
        }
        let n = col.len() as f64;
        let min = col.iter().copied().fold(f64::INFINITY, f64::min);
        let max = col.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let mean = col.iter().sum::<f64>() / n;
        let sd =
            if col.len() > 1 { (col.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt() } else { 0.0 };
        for (row, dst) in raw.iter().zip(out.iter_mut()) {
            let Some(x) = row[i] else { continue };
            let v = match how {
                Normalisation::MinMax => {
                    if max > min {
                        100.0 * (x - min) / (max - min)
                    } else {
                        50.0
                    }
                }
                Normalisation::Goalposts => {
                    let (lo, hi) = ind.goalposts;
                    (100.0 * (x - lo) / (hi - lo)).clamp(0.0, 100.0)
                }
                Normalisation::ZScore => {
                    if sd > 0.0 {
                        (x - mean) / sd
                    } else {
                        0.0
                    }
                }
            };
            dst[i] = Some(match (ind.positive, how) {
                (true, _) => v,
                (false, Normalisation::ZScore) => -v,
                (false, _) => 100.0 - v,
            });
        }
    }
    let smallest = out.iter().flatten().flatten().copied().fold(0.0, f64::min);
    (out, 1.0 - smallest)
}

/// The normalised table of a normalisation.
pub fn table(prepared: &Prepared, how: Normalisation) -> &(Vec<Vec<Option<f64>>>, f64) {
    let k = Normalisation::ALL.iter().position(|&n| n == how).unwrap_or(0);
    &prepared.tables[k]
}

/// Weighted mean of `(value, weight)` pairs by `how`; None when there is nothing to aggregate.
fn aggregate(parts: &[(f64, f64)], how: Aggregation, shift: f64) -> Option<f64> {
    let total: f64 = parts.iter().map(|(_, w)| w).sum();
    if parts.is_empty() || total <= 0.0 {
        return None;
    }
    Some(match how {
        Aggregation::Arithmetic => parts.iter().map(|(v, w)| v * w).sum::<f64>() / total,
        Aggregation::Geometric => (parts.iter().map(|(v, w)| w * (v + shift).ln()).sum::<f64>() / total).exp() - shift,
    })
}

/// Pillar scores and index of every ranked institution (rows as in [`Prepared::ranked`]).
pub fn scores_for(prepared: &Prepared, choice: &Choice) -> Vec<(Vec<Option<f64>>, Option<f64>)> {
    let (tab, shift) = table(prepared, choice.normalisation);
    let mut parts: Vec<Vec<(f64, f64)>> = vec![Vec::new(); prepared.pillar_count];
    tab.iter()
        .map(|row| {
            parts.iter_mut().for_each(Vec::clear);
            for (i, v) in row.iter().enumerate() {
                if choice.dropped == Some(i) {
                    continue;
                }
                if let Some(v) = v {
                    parts[prepared.pillar_of[i]].push((*v, choice.indicator_weights[i]));
                }
            }
            let pillars: Vec<Option<f64>> =
                parts.iter().map(|p| aggregate(p, choice.levels.indicators, *shift)).collect();
            let top: Vec<(f64, f64)> =
                pillars.iter().zip(&choice.pillar_weights).filter_map(|(p, w)| p.map(|v| (v, *w))).collect();
            let index = aggregate(&top, choice.levels.pillars, *shift);
            (pillars, index)
        })
        .collect()
}

/// Ranks, highest score first; None where there is no score.
pub fn rank(scores: &[Option<f64>], ties: Ties) -> Vec<Option<f64>> {
    let key = |v: f64| (v * 1e9).round();
    let mut order: Vec<(usize, f64)> = scores.iter().enumerate().filter_map(|(i, s)| s.map(|v| (i, key(v)))).collect();
    order.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut out = vec![None; scores.len()];
    let mut start = 0;
    while start < order.len() {
        let mut end = start + 1;
        while end < order.len() && order[end].1 == order[start].1 {
            end += 1;
        }
        let r = match ties {
            Ties::Min => (start + 1) as f64,
            Ties::Average => (start + 1 + end) as f64 / 2.0,
        };
        for &(i, _) in &order[start..end] {
            out[i] = Some(r);
        }
        start = end;
    }
    out
}

/// The headline index of a method.
pub fn compute(framework: &Framework, method: &Method, scores: &Scores) -> Result<IndexResult, ComputeError> {
    let prepared = prepare(framework, method, scores)?;
    let choice = headline_choice(framework, method);
    let figures = scores_for(&prepared, &choice);
    let index: Vec<Option<f64>> = figures.iter().map(|(_, i)| *i).collect();
    let ranks = rank(&index, method.ties);
    let (tab, shift) = table(&prepared, method.normalisation);
    let n_ind = framework.indicator_count();
    let units = scores
        .units
        .iter()
        .enumerate()
        .map(|(u, id)| match prepared.ranked.iter().position(|&r| r == u) {
            Some(k) => UnitResult {
                unit: id.clone(),
                coverage: prepared.coverage[u],
                ranked: true,
                normalised: tab[k].clone(),
                imputed: prepared.imputed[k].clone(),
                pillars: figures[k].0.clone(),
                index: figures[k].1,
                rank: ranks[k],
            },
            None => UnitResult {
                unit: id.clone(),
                coverage: prepared.coverage[u],
                ranked: false,
                normalised: vec![None; n_ind],
                imputed: vec![false; n_ind],
                pillars: vec![None; framework.pillars.len()],
                index: None,
                rank: None,
            },
        })
        .collect();
    Ok(IndexResult { units, shift: *shift })
}

/// The `p` quantile of sorted values, linear interpolation (Hyndman-Fan type 7, numpy's default).
pub fn quantile_sorted(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let h = (sorted.len() - 1) as f64 * p;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(sorted.len() - 1);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}
