//! The interval of a difference between independent samples. A group cell's difference is the
//! classic Welch comparison ([`crate::analysis::stats::welch`]); an overall figure is a weighted
//! sum of independent group means on each side, so its difference is the linear combination
//! Σ c_k·mean_k over every group of both editions (c = +π_g for the later edition, −π_g for the
//! earlier), with variance V = Σ c_k²·s_k²/n_k and the Welch–Satterthwaite degrees of freedom
//! df = V² / Σ (c_k²·s_k²/n_k)² / (n_k − 1). With one term a side this is Welch's formula exactly.

use serde::{Deserialize, Serialize};

use crate::analysis::stats::t_quantile;

/// One independent sample mean entering a difference with coefficient `coef`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Term {
    pub coef: f64,
    pub mean: f64,
    /// Sample variance (n − 1).
    pub variance: f64,
    pub n: u64,
}

/// A difference (later minus earlier) with its 95 % interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Difference {
    pub estimate: f64,
    pub se: f64,
    /// Welch–Satterthwaite degrees of freedom; `None` when every variance is 0 (the interval is
    /// then the point itself).
    pub df: Option<f64>,
    pub ci_low: f64,
    pub ci_high: f64,
    /// The 95 % interval excludes 0.
    pub flagged: bool,
}

impl Difference {
    fn new(estimate: f64, se: f64, df: Option<f64>, half: f64) -> Self {
        let (ci_low, ci_high) = (estimate - half, estimate + half);
        Self { estimate, se, df, ci_low, ci_high, flagged: ci_low > 0.0 || ci_high < 0.0 }
    }
}

/// `later − earlier` of two group cells (Welch); needs n ≥ 2 on both sides.
pub fn two_means(later: (f64, f64, u64), earlier: (f64, f64, u64)) -> Option<Difference> {
    let w = crate::analysis::stats::welch(later.0, later.1, later.2, earlier.0, earlier.1, earlier.2)?;
    Some(Difference::new(w.difference, w.se, w.df, w.ci_high - w.difference))
}

/// Σ c_k·mean_k with the Welch–Satterthwaite interval; needs n ≥ 2 in every term.
pub fn combination(terms: &[Term]) -> Option<Difference> {
    if terms.is_empty() || terms.iter().any(|t| t.n < 2 || !t.variance.is_finite() || !t.mean.is_finite()) {
        return None;
    }
    let estimate: f64 = terms.iter().map(|t| t.coef * t.mean).sum();
    let parts: Vec<(f64, f64)> =
        terms.iter().map(|t| (t.coef * t.coef * t.variance / t.n as f64, t.n as f64 - 1.0)).collect();
    let v: f64 = parts.iter().map(|p| p.0).sum();
    let se = v.sqrt();
    if v == 0.0 {
        return Some(Difference::new(estimate, 0.0, None, 0.0));
    }
    let df = v * v / parts.iter().map(|(vk, dk)| vk * vk / dk).sum::<f64>();
    let t = t_quantile(0.975, df)?;
    Some(Difference::new(estimate, se, Some(df), t * se))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_term_a_side_is_welch() {
        let a = two_means((3.2, 0.8, 12), (2.9, 1.3, 9)).unwrap_or_else(|| panic!("welch"));
        let b = combination(&[
            Term { coef: 1.0, mean: 3.2, variance: 0.8, n: 12 },
            Term { coef: -1.0, mean: 2.9, variance: 1.3, n: 9 },
        ])
        .unwrap_or_else(|| panic!("combination"));
        assert!((a.estimate - b.estimate).abs() < 1e-12);
        assert!((a.ci_low - b.ci_low).abs() < 1e-12 && (a.ci_high - b.ci_high).abs() < 1e-12);
        assert_eq!(a.df.map(|d| (d * 1e9).round()), b.df.map(|d| (d * 1e9).round()));
    }

    #[test]
    fn too_small_or_flat_samples() {
        assert!(combination(&[Term { coef: 1.0, mean: 3.0, variance: 0.0, n: 1 }]).is_none());
        let flat = combination(&[
            Term { coef: 1.0, mean: 4.0, variance: 0.0, n: 5 },
            Term { coef: -1.0, mean: 3.0, variance: 0.0, n: 5 },
        ])
        .unwrap_or_else(|| panic!("combination"));
        assert_eq!((flat.df, flat.ci_low, flat.ci_high, flat.flagged), (None, 1.0, 1.0, true));
    }
}
