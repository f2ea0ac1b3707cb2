//! Descriptive statistics over value counts, and the distributions behind every interval
//! (statrs). Values come as `(value, count)` pairs sorted by value, so a million respondents
//! answering five options cost five pairs.
//!
//! Quantiles are Hyndman & Fan **type 7** (numpy, pandas and R's default): with `n` values sorted,
//! `h = (n − 1)·p`, `Q(p) = x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋])` (0-based). statrs'
//! `Data::quantile` is type 8 and is not used.

use statrs::distribution::{ChiSquared, Continuous, ContinuousCDF, FisherSnedecor, StudentsT};

/// Count-based summary of one sample.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Summary {
    pub n: u64,
    pub mean: Option<f64>,
    /// Sample standard deviation (n − 1); `None` when n < 2.
    pub sd: Option<f64>,
    pub median: Option<f64>,
    pub q1: Option<f64>,
    pub q3: Option<f64>,
    /// t(0.975, n − 1)·s/√n; `None` when n < 2.
    pub ci_half_width: Option<f64>,
}

impl Summary {
    /// Sample variance, `None` when n < 2.
    pub fn variance(&self) -> Option<f64> {
        self.sd.map(|s| s * s)
    }
}

/// Quantile `p` of the Student t distribution with `df` degrees of freedom. The library's
/// inverse is good to about 1e-7 for large `df` (hundreds of thousands of respondents); Newton
/// steps on its CDF take the quantile to full precision.
pub fn t_quantile(p: f64, df: f64) -> Option<f64> {
    if !(df > 0.0 && df.is_finite() && (0.0..=1.0).contains(&p)) {
        return None;
    }
    let t = StudentsT::new(0.0, 1.0, df).ok()?;
    let mut x = t.inverse_cdf(p);
    for _ in 0..4 {
        let density = t.pdf(x);
        if !x.is_finite() || density.is_nan() || density <= 0.0 {
            break;
        }
        let step = (t.cdf(x) - p) / density;
        x -= step;
        if step.abs() <= 1e-15 * x.abs().max(1.0) {
            break;
        }
    }
    Some(x)
}

/// Quantile `p` of the F distribution with `d1`, `d2` degrees of freedom.
pub fn f_quantile(p: f64, d1: f64, d2: f64) -> Option<f64> {
    if !(d1 > 0.0 && d2 > 0.0 && d1.is_finite() && d2.is_finite() && (0.0..=1.0).contains(&p)) {
        return None;
    }
    FisherSnedecor::new(d1, d2).ok().map(|f| f.inverse_cdf(p))
}

/// Upper tail P(X > x) of the chi-squared distribution with `df` degrees of freedom.
pub fn chi2_sf(x: f64, df: f64) -> Option<f64> {
    if df.is_nan() || df <= 0.0 || x.is_nan() {
        return None;
    }
    ChiSquared::new(df).ok().map(|c| c.sf(x))
}

/// Groups raw values into sorted `(value, count)` pairs (NaN dropped).
pub fn to_pairs(values: &[f64]) -> Vec<(f64, u64)> {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| !x.is_nan()).collect();
    v.sort_by(f64::total_cmp);
    let mut out: Vec<(f64, u64)> = Vec::new();
    for x in v {
        match out.last_mut() {
            Some(last) if last.0 == x => last.1 += 1,
            _ => out.push((x, 1)),
        }
    }
    out
}

/// Summary of raw values (NaN dropped).
pub fn summarize(values: &[f64]) -> Summary {
    summarize_pairs(&to_pairs(values))
}

/// Summary of sorted `(value, count)` pairs.
pub fn summarize_pairs(pairs: &[(f64, u64)]) -> Summary {
    let n: u64 = pairs.iter().map(|p| p.1).sum();
    if n == 0 {
        return Summary::default();
    }
    let nf = n as f64;
    let mean = pairs.iter().map(|&(x, c)| x * c as f64).sum::<f64>() / nf;
    let sd = (n > 1).then(|| {
        let ss: f64 = pairs.iter().map(|&(x, c)| c as f64 * (x - mean) * (x - mean)).sum();
        (ss / (nf - 1.0)).sqrt()
    });
    let ci_half_width = sd.and_then(|s| t_quantile(0.975, nf - 1.0).map(|t| t * s / nf.sqrt()));
    Summary {
        n,
        mean: Some(mean),
        sd,
        median: Some(quantile7(pairs, n, 0.5)),
        q1: Some(quantile7(pairs, n, 0.25)),
        q3: Some(quantile7(pairs, n, 0.75)),
        ci_half_width,
    }
}

/// The `k`-th smallest value (0-based) of sorted pairs holding `n ≥ k + 1` values.
fn order_stat(pairs: &[(f64, u64)], k: u64) -> f64 {
    let mut seen = 0;
    for &(x, c) in pairs {
        seen += c;
        if k < seen {
            return x;
        }
    }
    pairs.last().map_or(f64::NAN, |p| p.0)
}

/// Type-7 quantile of sorted pairs holding `n ≥ 1` values.
pub fn quantile7(pairs: &[(f64, u64)], n: u64, p: f64) -> f64 {
    let h = (n as f64 - 1.0) * p;
    let lo = h.floor();
    let k = lo as u64;
    let a = order_stat(pairs, k);
    let frac = h - lo;
    if frac == 0.0 || k + 1 >= n {
        return a;
    }
    let b = order_stat(pairs, k + 1);
    a + frac * (b - a)
}

/// Welch's difference of two means with its 95% CI (Welch–Satterthwaite df).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Welch {
    pub difference: f64,
    pub se: f64,
    /// `None` when both variances are 0 (the CI is then the point itself).
    pub df: Option<f64>,
    pub ci_low: f64,
    pub ci_high: f64,
}

/// Welch comparison of sample 1 minus sample 2 from means, sample variances and sizes; needs
/// n ≥ 2 in both.
pub fn welch(m1: f64, v1: f64, n1: u64, m2: f64, v2: f64, n2: u64) -> Option<Welch> {
    if n1 < 2 || n2 < 2 {
        return None;
    }
    let (a, b) = (v1 / n1 as f64, v2 / n2 as f64);
    let se = (a + b).sqrt();
    let difference = m1 - m2;
    if se == 0.0 {
        return Some(Welch { difference, se, df: None, ci_low: difference, ci_high: difference });
    }
    let df = (a + b) * (a + b) / (a * a / (n1 as f64 - 1.0) + b * b / (n2 as f64 - 1.0));
    let t = t_quantile(0.975, df)?;
    Some(Welch { difference, se, df: Some(df), ci_low: difference - t * se, ci_high: difference + t * se })
}

/// Kruskal-Wallis H (tie-corrected), its degrees of freedom and chi-squared p-value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct KruskalWallis {
    pub h: f64,
    pub df: u64,
    pub p_value: f64,
    pub n: u64,
}

/// Kruskal-Wallis over groups given as counts: `counts[g][k]` respondents of group `g` at the
/// `k`-th smallest distinct value. Groups with no values are left out; needs two groups with
/// values and not all values tied (as scipy.stats.kruskal, which gives NaN then).
pub fn kruskal_wallis_counts(counts: &[Vec<u64>]) -> Option<KruskalWallis> {
    let groups: Vec<&Vec<u64>> = counts.iter().filter(|g| g.iter().sum::<u64>() > 0).collect();
    if groups.len() < 2 {
        return None;
    }
    let width = groups.iter().map(|g| g.len()).max().unwrap_or(0);
    let totals: Vec<u64> = (0..width).map(|k| groups.iter().map(|g| g.get(k).copied().unwrap_or(0)).sum()).collect();
    let n: u64 = totals.iter().sum();
    let nf = n as f64;
    // Mid-rank of each distinct value.
    let mut before = 0u64;
    let ranks: Vec<f64> = totals
        .iter()
        .map(|&t| {
            let r = before as f64 + (t as f64 + 1.0) / 2.0;
            before += t;
            r
        })
        .collect();
    let mut sum_r2_n = 0.0;
    for g in &groups {
        let ng: u64 = g.iter().sum();
        let rsum: f64 = g.iter().zip(&ranks).map(|(&c, &r)| c as f64 * r).sum();
        sum_r2_n += rsum * rsum / ng as f64;
    }
    let h = 12.0 / (nf * (nf + 1.0)) * sum_r2_n - 3.0 * (nf + 1.0);
    let ties: f64 = totals.iter().map(|&t| (t as f64).powi(3) - t as f64).sum();
    let c = 1.0 - ties / (nf.powi(3) - nf);
    if c.is_nan() || c <= 0.0 {
        return None;
    }
    let h = h / c;
    let df = groups.len() as u64 - 1;
    Some(KruskalWallis { h, df, p_value: chi2_sf(h, df as f64)?, n })
}

/// Kruskal-Wallis over raw samples (NaN dropped); see [`kruskal_wallis_counts`].
pub fn kruskal_wallis(samples: &[&[f64]]) -> Option<KruskalWallis> {
    let all: Vec<f64> = samples.iter().flat_map(|s| s.iter().copied()).collect();
    let keys: Vec<f64> = to_pairs(&all).into_iter().map(|p| p.0).collect();
    let counts: Vec<Vec<u64>> = samples
        .iter()
        .map(|s| {
            let mut c = vec![0u64; keys.len()];
            for x in s.iter().filter(|x| !x.is_nan()) {
                if let Ok(k) = keys.binary_search_by(|p| p.total_cmp(x)) {
                    c[k] += 1;
                }
            }
            c
        })
        .collect();
    kruskal_wallis_counts(&counts)
}
