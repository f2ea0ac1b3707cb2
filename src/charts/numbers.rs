//! How figures are written for a reader, by language: Spanish takes a decimal comma, a space before
//! "%" and a semicolon between an interval's bounds ("2,67", "12 %", "[2,81; 2,84]"); English the
//! point ("2.67", "12%", "[2.81, 2.84]"). Machine outputs (CSV, XLSX, JSON) never use this.

/// The number style of one report language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Numbers {
    /// Decimal comma (es) instead of the point (en).
    pub comma: bool,
}

impl Numbers {
    /// The style of a language code: a decimal comma for Spanish, the point otherwise.
    pub fn for_language(code: &str) -> Self {
        Self { comma: crate::i18n::t(code, "decimal-separator") == "," }
    }

    /// `x` with `places` decimals.
    pub fn dec(self, x: f64, places: usize) -> String {
        let s = format!("{x:.places$}");
        let s = if s.starts_with('-') { s.replacen('-', "−", 1) } else { s };
        if self.comma { s.replace('.', ",") } else { s }
    }

    /// A score or mean: two decimals.
    pub fn num2(self, x: f64) -> String {
        self.dec(x, 2)
    }

    /// A share (0..1) as a percentage with `places` decimals.
    pub fn percent(self, x: f64, places: usize) -> String {
        let n = self.dec(x * 100.0, places);
        if self.comma { format!("{n}\u{a0}%") } else { format!("{n}%") }
    }

    /// A signed difference with two decimals and a true minus sign ("+0.25", "−0.40"; 0 is "+0.00").
    pub fn signed(self, x: f64) -> String {
        let x = if x.abs() < 0.005 { 0.0 } else { x };
        if x < 0.0 { format!("−{}", self.dec(-x, 2)) } else { format!("+{}", self.dec(x, 2)) }
    }

    /// A 95% interval with two decimals; "" when a bound is missing.
    pub fn interval(self, low: Option<f64>, high: Option<f64>) -> String {
        match (low, high) {
            (Some(l), Some(h)) => {
                let sep = if self.comma { "; " } else { ", " };
                format!("[{}{sep}{}]", self.num2(l), self.num2(h))
            }
            _ => String::new(),
        }
    }

    /// A p-value: three decimals, or "< 0.001".
    pub fn p_value(self, p: f64) -> String {
        if p < 0.001 { format!("< {}", self.dec(0.001, 3)) } else { self.dec(p, 3) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spanish_and_english_figures() {
        let (es, en) = (Numbers::for_language("es"), Numbers::for_language("en"));
        assert_eq!((es.num2(2.666), en.num2(2.666)), ("2,67".to_string(), "2.67".to_string()));
        assert_eq!((es.percent(0.12, 0), en.percent(0.12, 0)), ("12\u{a0}%".to_string(), "12%".to_string()));
        assert_eq!(es.percent(0.4123, 1), "41,2\u{a0}%");
        assert_eq!(es.interval(Some(2.81), Some(2.84)), "[2,81; 2,84]");
        assert_eq!(en.interval(Some(-0.01), Some(0.12)), "[−0.01, 0.12]");
        assert_eq!((es.signed(-0.404), en.signed(0.001)), ("−0,40".to_string(), "+0.00".to_string()));
        assert_eq!((es.p_value(0.0004), en.p_value(0.0456)), ("< 0,001".to_string(), "0.046".to_string()));
        assert_eq!(en.interval(None, Some(1.0)), "");
    }
}
