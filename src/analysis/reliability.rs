//! Cronbach's α from complete cases, with the Feldt 95% interval and "α if item deleted".
//!
//! Feldt interval (Feldt, Woodruff & Salih 1987, formula 6; as `cocron::cronbach.alpha.CI` and
//! `psych::alpha.ci`): with `n` complete cases and `k` items, `(1 − α)/(1 − α̂)` follows
//! F(n − 1, (n − 1)(k − 1)), so
//! `lower = 1 − (1 − α̂)·F⁻¹(0.975)` and `upper = 1 − (1 − α̂)·F⁻¹(0.025)`.

use serde::{Deserialize, Serialize};

use super::stats::f_quantile;

/// Running sums over complete cases of `k` items (values shifted by a constant for accuracy).
#[derive(Debug, Clone)]
pub struct AlphaSums {
    k: usize,
    n: u64,
    shift: f64,
    sums: Vec<f64>,
    cross: Vec<f64>,
}

impl AlphaSums {
    /// Sums for `k` items; `shift` is subtracted from every value (any constant near the mean).
    pub fn new(k: usize, shift: f64) -> Self {
        Self { k, n: 0, shift, sums: vec![0.0; k], cross: vec![0.0; k * k] }
    }

    /// Adds one complete case (`row.len() == k`).
    pub fn add(&mut self, row: &[f64]) {
        self.n += 1;
        for (i, &xi) in row.iter().enumerate().take(self.k) {
            let xi = xi - self.shift;
            self.sums[i] += xi;
            for (j, &xj) in row.iter().enumerate().take(i + 1) {
                self.cross[i * self.k + j] += xi * (xj - self.shift);
            }
        }
    }

    /// Adds the sums of another part of the same data (same items, same shift).
    pub fn merge(&mut self, o: &AlphaSums) {
        self.n += o.n;
        for (x, y) in self.sums.iter_mut().zip(&o.sums) {
            *x += y;
        }
        for (x, y) in self.cross.iter_mut().zip(&o.cross) {
            *x += y;
        }
    }

    /// Complete cases so far.
    pub fn n(&self) -> u64 {
        self.n
    }

    fn cov(&self, i: usize, j: usize) -> f64 {
        let (a, b) = if i >= j { (i, j) } else { (j, i) };
        let n = self.n as f64;
        (self.cross[a * self.k + b] - self.sums[a] * self.sums[b] / n) / (n - 1.0)
    }

    /// α over the items in `keep`.
    fn alpha_of(&self, keep: &[usize]) -> Option<f64> {
        let k = keep.len() as f64;
        if keep.len() < 2 || self.n < 2 {
            return None;
        }
        let item_var: f64 = keep.iter().map(|&i| self.cov(i, i)).sum();
        let total: f64 =
            keep.iter().flat_map(|&i| keep.iter().map(move |&j| (i, j))).map(|(i, j)| self.cov(i, j)).sum();
        (total > 0.0).then(|| k / (k - 1.0) * (1.0 - item_var / total))
    }

    /// α, its Feldt 95% CI and α if each item is deleted (same complete cases).
    pub fn reliability(&self) -> Option<Reliability> {
        let all: Vec<usize> = (0..self.k).collect();
        let alpha = self.alpha_of(&all)?;
        let n = self.n as f64;
        let (d1, d2) = (n - 1.0, (n - 1.0) * (self.k as f64 - 1.0));
        let ci_low = f_quantile(0.975, d1, d2).map(|f| 1.0 - (1.0 - alpha) * f);
        let ci_high = f_quantile(0.025, d1, d2).map(|f| 1.0 - (1.0 - alpha) * f);
        let if_deleted = (0..self.k)
            .map(|j| {
                let keep: Vec<usize> = all.iter().copied().filter(|&i| i != j).collect();
                self.alpha_of(&keep)
            })
            .collect();
        Some(Reliability { n_complete: self.n, items: self.k, alpha, ci_low, ci_high, if_deleted })
    }
}

/// Cronbach's α of one pillar or sub-pillar.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Reliability {
    /// Respondents with a substantive answer to every item.
    pub n_complete: u64,
    pub items: usize,
    pub alpha: f64,
    /// Feldt 95% interval.
    pub ci_low: Option<f64>,
    pub ci_high: Option<f64>,
    /// α without each item, in item order (`None` where undefined, e.g. zero total variance).
    pub if_deleted: Vec<Option<f64>>,
}

/// α of complete-case rows (each row one respondent, all of equal length).
pub fn cronbach(rows: &[Vec<f64>]) -> Option<Reliability> {
    let k = rows.first()?.len();
    let mut sums = AlphaSums::new(k, rows.first()?.first().copied().unwrap_or(0.0));
    rows.iter().filter(|r| r.len() == k).for_each(|r| sums.add(r));
    sums.reliability()
}
