//! Figures of very large cells to full precision, against values computed apart with scipy.

/// Confidence intervals of large cells: the t quantile to full precision at any number of
/// respondents (scipy.stats.t.ppf(0.975, df), computed apart).
#[test]
fn t_quantiles_are_exact_for_large_cells() {
    for (df, want) in [
        (9.0, 2.262157162798205),
        (1000.0, 1.9623390808264083),
        (100_000.0, 1.9599877075346095),
        (200_000.0, 1.959975845966768),
    ] {
        let got = dra::analysis::stats::t_quantile(0.975, df).unwrap();
        // The tolerance every figure is checked to; before, 1e6 respondents were off by 3e-7.
        assert!((got - want).abs() <= 1e-9 * want, "df {df}: {got} vs scipy {want}");
    }
}
