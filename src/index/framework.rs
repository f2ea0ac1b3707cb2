//! The indicator framework: pillars of indicators, each with its ordinal scale or numeric range,
//! direction, weight and the evidence a score needs, plus the composite-index [`Method`]. Built
//! only by [`super::check`], so its invariants hold (ids unique, levels ascending, ranges and
//! goalposts non-empty, every text in every declared language).

use serde::Serialize;

use super::method::Method;
use crate::survey::I18n;

/// A checked index framework.
#[derive(Debug, Clone, Serialize)]
pub struct Framework {
    pub id: String,
    pub version: String,
    /// SHA-256 (hex) of the framework's compact JSON.
    pub content_hash: String,
    pub languages: Vec<String>,
    pub default_language: String,
    pub title: I18n,
    pub description: I18n,
    pub pillars: Vec<Pillar>,
    pub method: Method,
}

/// A group of indicators, aggregated into one pillar score.
#[derive(Debug, Clone, Serialize)]
pub struct Pillar {
    pub id: String,
    pub label: I18n,
    /// As written (1 when not said); [`Method::weights`] decides whether it is used.
    pub weight: f64,
    pub indicators: Vec<Indicator>,
}

/// One thing assessed of every institution.
#[derive(Debug, Clone, Serialize)]
pub struct Indicator {
    pub id: String,
    pub label: I18n,
    pub description: I18n,
    pub scale: Scale,
    /// The values that normalise to 0 and 100 with goalposts normalisation (`lo < hi`).
    pub goalposts: (f64, f64),
    /// Higher is better.
    pub positive: bool,
    pub weight: f64,
    pub evidence: Evidence,
}

/// The values a score may take.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Scale {
    /// Ordinal levels, lowest first (values strictly ascending).
    Levels(Vec<Level>),
    /// Any number in `[min, max]`.
    Range { min: f64, max: f64, unit: I18n },
}

/// One level of an ordinal scale.
#[derive(Debug, Clone, Serialize)]
pub struct Level {
    pub value: f64,
    pub label: I18n,
}

/// What a score must come with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Evidence {
    None,
    Url,
    Document,
    UrlOrDocument,
}

impl Evidence {
    pub fn code(self) -> &'static str {
        match self {
            Evidence::None => "none",
            Evidence::Url => "url",
            Evidence::Document => "document",
            Evidence::UrlOrDocument => "url_or_document",
        }
    }

    /// Why a score with this evidence is refused, if it is.
    pub fn missing(self, url: Option<&str>, file: Option<&str>) -> Option<&'static str> {
        let has_url = url.is_some_and(|u| !u.trim().is_empty());
        let has_file = file.is_some_and(|f| !f.trim().is_empty());
        match self {
            Evidence::None => None,
            Evidence::Url if !has_url => Some("this indicator needs an evidence URL"),
            Evidence::Document if !has_file => Some("this indicator needs an evidence document (file name)"),
            Evidence::UrlOrDocument if !has_url && !has_file => {
                Some("this indicator needs evidence: a URL or a document (file name)")
            }
            _ => None,
        }
    }
}

impl Indicator {
    /// Whether `value` is a score this indicator accepts; the reason when not.
    pub fn check_value(&self, value: f64) -> Result<(), String> {
        if !value.is_finite() {
            return Err("not a number".into());
        }
        match &self.scale {
            Scale::Levels(levels) => {
                if levels.iter().any(|l| l.value == value) {
                    Ok(())
                } else {
                    let allowed: Vec<String> = levels.iter().map(|l| fmt_num(l.value)).collect();
                    Err(format!(
                        "{} is not a level of this indicator (expected one of {})",
                        fmt_num(value),
                        allowed.join(", ")
                    ))
                }
            }
            Scale::Range { min, max, .. } => {
                if value < *min || value > *max {
                    Err(format!(
                        "{} is outside this indicator's range {}–{}",
                        fmt_num(value),
                        fmt_num(*min),
                        fmt_num(*max)
                    ))
                } else {
                    Ok(())
                }
            }
        }
    }

    /// The 0-based position of `value` on an ordinal scale (None for a range or a value that is
    /// not a level).
    pub fn level_index(&self, value: f64) -> Option<usize> {
        match &self.scale {
            Scale::Levels(levels) => levels.iter().position(|l| l.value == value),
            Scale::Range { .. } => None,
        }
    }

    pub fn is_ordinal(&self) -> bool {
        matches!(self.scale, Scale::Levels(_))
    }
}

impl Framework {
    /// Every indicator with the index of its pillar, in framework order.
    pub fn indicators(&self) -> impl Iterator<Item = (usize, &Indicator)> {
        self.pillars.iter().enumerate().flat_map(|(p, pillar)| pillar.indicators.iter().map(move |i| (p, i)))
    }

    pub fn indicator_count(&self) -> usize {
        self.pillars.iter().map(|p| p.indicators.len()).sum()
    }

    /// The indicator with `id` and its position in framework order.
    pub fn indicator(&self, id: &str) -> Option<(usize, &Indicator)> {
        self.indicators().map(|(_, i)| i).enumerate().find(|(_, i)| i.id == id)
    }
}

/// A number as a person writes it: no trailing `.0`.
pub fn fmt_num(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 { format!("{}", v as i64) } else { format!("{v}") }
}
