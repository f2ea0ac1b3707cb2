//! How figures are written in a report: the same strings in HTML, PDF and the tests.

/// The mark of a suppressed cell.
pub const SUPPRESSED: &str = "—";

/// A score or mean: two decimals.
pub fn num2(x: f64) -> String {
    format!("{x:.2}")
}

/// An optional figure, or "" when there is none (not suppressed, just absent).
pub fn opt2(x: Option<f64>) -> String {
    x.map(num2).unwrap_or_default()
}

/// A 95% interval: `[low, high]`.
pub fn interval(low: Option<f64>, high: Option<f64>) -> String {
    match (low, high) {
        (Some(l), Some(h)) => format!("[{}, {}]", num2(l), num2(h)),
        _ => String::new(),
    }
}

/// A signed difference with a true minus sign.
pub fn signed(x: f64) -> String {
    crate::charts::heatmap_signed(x)
}

/// A p-value: three decimals, or "< 0.001".
pub fn p_value(p: f64) -> String {
    if p < 0.001 { "< 0.001".into() } else { format!("{p:.3}") }
}

/// A share (0..1) as a percentage with one decimal.
pub fn percent(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
}

/// A weight (0..1) with three decimals.
pub fn weight(x: f64) -> String {
    format!("{x:.3}")
}
