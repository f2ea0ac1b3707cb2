//! Uncertainty and sensitivity analysis (JRC/OECD Handbook step 6): the index recomputed many
//! times under alternative choices, seeded so that a run is reproduced draw for draw.
//!
//! Each run draws, in this order, from one [`Rng`]: the normalisation (uniform among the
//! alternatives, or the headline's), the aggregation (used at both levels; or the headline's),
//! the indicator left out (uniform among none and each indicator; drawn even when not used),
//! then one factor `1 + noise·(2u − 1)` per indicator weight and per pillar weight. Every draw is
//! taken in every run, whatever is in use, so runs line up across settings.
//!
//! The sensitivity table varies one choice at a time from the headline: each normalisation, each
//! aggregation, each indicator left out (exhaustively), and the weights alone (`runs` draws from
//! a generator seeded `seed + 1`, one factor per indicator then per pillar); it gives the mean
//! and the largest absolute change of rank over the ranked institutions.

use serde::Serialize;

use super::compute::{self, Choice, ComputeError, Prepared, Scores};
use super::framework::Framework;
use super::method::{Levels, Method};
use super::rng::Rng;

/// One institution's rank under uncertainty.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct RankInterval {
    pub unit: String,
    pub headline: f64,
    pub median: f64,
    pub p05: f64,
    pub p95: f64,
}

/// How much one choice moves the ranks.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Sensitivity {
    /// `weights`, `normalisation`, `aggregation` or `drop:<indicator id>`.
    pub factor: String,
    /// Mean of |rank − headline rank| over runs and ranked institutions.
    pub mean_shift: f64,
    pub max_shift: f64,
}

/// The result of the analysis.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct UncertaintyResult {
    pub runs: u32,
    pub seed: u64,
    /// Ranked institutions, in the order of the scores.
    pub intervals: Vec<RankInterval>,
    /// The four factors (those in use), most influential first.
    pub factors: Vec<Sensitivity>,
    /// One row per indicator left out, most influential first.
    pub drops: Vec<Sensitivity>,
}

/// Runs the analysis of `method.uncertainty`.
pub fn analyse(framework: &Framework, method: &Method, scores: &Scores) -> Result<UncertaintyResult, ComputeError> {
    let prepared = compute::prepare(framework, method, scores)?;
    let u = &method.uncertainty;
    let head = compute::headline_choice(framework, method);
    let headline = ranks_of(&prepared, &head, method);
    let n_ind = framework.indicator_count();
    let norms = if u.normalisations.is_empty() { vec![method.normalisation] } else { u.normalisations.clone() };
    let mut rng = Rng::new(u.seed);
    let mut per_unit: Vec<Vec<f64>> = vec![Vec::with_capacity(u.runs as usize); prepared.ranked.len()];
    for _ in 0..u.runs {
        let normalisation = norms[rng.pick(norms.len())];
        let a = rng.pick(u.aggregations.len().max(1));
        let levels = u.aggregations.get(a).map_or(method.aggregation, |&g| Levels { indicators: g, pillars: g });
        let d = rng.pick(n_ind + 1);
        let dropped = if u.drop_one && d > 0 { Some(d - 1) } else { None };
        let (indicator_weights, pillar_weights) = perturbed(&mut rng, &head, u.weight_noise);
        let choice = Choice { normalisation, levels, indicator_weights, pillar_weights, dropped };
        for (k, r) in ranks_of(&prepared, &choice, method).into_iter().enumerate() {
            if let Some(r) = r {
                per_unit[k].push(r);
            }
        }
    }
    let intervals = prepared
        .ranked
        .iter()
        .zip(per_unit.iter_mut())
        .zip(&headline)
        .map(|((&unit, ranks), head)| {
            ranks.sort_by(f64::total_cmp);
            let ranks: &[f64] = ranks;
            let q =
                |p: f64| if ranks.is_empty() { head.unwrap_or(f64::NAN) } else { compute::quantile_sorted(ranks, p) };
            RankInterval {
                unit: scores.units[unit].clone(),
                headline: head.unwrap_or(f64::NAN),
                median: q(0.5),
                p05: q(0.05),
                p95: q(0.95),
            }
        })
        .collect();
    let (factors, drops) = sensitivity(framework, method, &prepared, &head, &headline);
    Ok(UncertaintyResult { runs: u.runs, seed: u.seed, intervals, factors, drops })
}

fn perturbed(rng: &mut Rng, head: &Choice, noise: f64) -> (Vec<f64>, Vec<f64>) {
    let mut factor = |w: &f64| w * (1.0 + noise * (2.0 * rng.uniform() - 1.0));
    let ind = head.indicator_weights.iter().map(&mut factor).collect();
    let pil = head.pillar_weights.iter().map(&mut factor).collect();
    (ind, pil)
}

fn ranks_of(prepared: &Prepared, choice: &Choice, method: &Method) -> Vec<Option<f64>> {
    let index: Vec<Option<f64>> = compute::scores_for(prepared, choice).into_iter().map(|(_, i)| i).collect();
    compute::rank(&index, method.ties)
}

/// Accumulates |rank − headline| over runs.
#[derive(Default)]
struct Shift {
    sum: f64,
    n: usize,
    max: f64,
}

impl Shift {
    fn add(&mut self, ranks: &[Option<f64>], headline: &[Option<f64>]) {
        for (r, h) in ranks.iter().zip(headline) {
            if let (Some(r), Some(h)) = (r, h) {
                let d = (r - h).abs();
                self.sum += d;
                self.n += 1;
                self.max = self.max.max(d);
            }
        }
    }

    fn row(&self, factor: String) -> Sensitivity {
        Sensitivity {
            factor,
            mean_shift: if self.n == 0 { 0.0 } else { self.sum / self.n as f64 },
            max_shift: self.max,
        }
    }
}

fn sensitivity(
    framework: &Framework,
    method: &Method,
    prepared: &Prepared,
    head: &Choice,
    headline: &[Option<f64>],
) -> (Vec<Sensitivity>, Vec<Sensitivity>) {
    let u = &method.uncertainty;
    let mut factors = Vec::new();
    if u.weight_noise > 0.0 {
        let mut rng = Rng::new(u.seed.wrapping_add(1));
        let mut s = Shift::default();
        for _ in 0..u.runs {
            let (indicator_weights, pillar_weights) = perturbed(&mut rng, head, u.weight_noise);
            let choice = Choice { indicator_weights, pillar_weights, ..head.clone() };
            s.add(&ranks_of(prepared, &choice, method), headline);
        }
        factors.push(s.row("weights".into()));
    }
    if !u.normalisations.is_empty() {
        let mut s = Shift::default();
        for &normalisation in &u.normalisations {
            s.add(&ranks_of(prepared, &Choice { normalisation, ..head.clone() }, method), headline);
        }
        factors.push(s.row("normalisation".into()));
    }
    if !u.aggregations.is_empty() {
        let mut s = Shift::default();
        for &g in &u.aggregations {
            let choice = Choice { levels: Levels { indicators: g, pillars: g }, ..head.clone() };
            s.add(&ranks_of(prepared, &choice, method), headline);
        }
        factors.push(s.row("aggregation".into()));
    }
    let mut drops = Vec::new();
    if u.drop_one {
        let mut all = Shift::default();
        for (i, (_, ind)) in framework.indicators().enumerate() {
            let ranks = ranks_of(prepared, &Choice { dropped: Some(i), ..head.clone() }, method);
            let mut s = Shift::default();
            s.add(&ranks, headline);
            all.add(&ranks, headline);
            drops.push(s.row(format!("drop:{}", ind.id)));
        }
        factors.push(all.row("drop_one".into()));
    }
    let by_shift = |a: &Sensitivity, b: &Sensitivity| b.mean_shift.total_cmp(&a.mean_shift);
    factors.sort_by(by_shift);
    drops.sort_by(by_shift);
    (factors, drops)
}
