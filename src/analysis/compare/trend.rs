//! The trend of each pillar over three or more editions (or two: a slope): each edition's
//! published overall and group means, in edition order. A suppressed or absent figure is a gap
//! in the line, never a value.

use serde::{Deserialize, Serialize};

use super::{Edition, EditionRef};

/// One line: a group's (or the overall's) mean in each edition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct TrendSeries {
    /// A group code, or `None` for the overall.
    pub group: Option<String>,
    /// One per edition; `None` where suppressed or absent.
    pub means: Vec<Option<f64>>,
}

/// A pillar over the editions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct TrendRow {
    pub pillar: String,
    pub overall: TrendSeries,
    pub groups: Vec<TrendSeries>,
}

/// Pillars over editions, oldest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Trend {
    pub editions: Vec<EditionRef>,
    pub pillars: Vec<TrendRow>,
}

/// The pillars of the latest edition (then those only earlier editions have), traced through
/// every edition.
pub fn trend(editions: &[Edition<'_>]) -> Trend {
    let mut ids: Vec<String> = Vec::new();
    let mut groups: Vec<String> = Vec::new();
    for e in editions.iter().rev() {
        for p in &e.aggregates.pillars {
            if !ids.contains(&p.id) {
                ids.push(p.id.clone());
            }
        }
        for g in &e.aggregates.groups {
            if !groups.contains(&g.code) {
                groups.push(g.code.clone());
            }
        }
    }
    let mean_of = |e: &Edition<'_>, pillar: &str, group: Option<&str>| -> Option<f64> {
        let scale = e.aggregates.pillars.iter().find(|p| p.id == pillar)?;
        let cell_stats = match group {
            None => scale.overall.stats.as_ref(),
            Some(g) => {
                let i = e.aggregates.groups.iter().position(|x| x.code == g)?;
                let c = scale.groups.get(i)?;
                if c.suppressed { None } else { c.stats.as_ref() }
            }
        };
        cell_stats.and_then(|s| s.mean)
    };
    let pillars = ids
        .iter()
        .map(|id| TrendRow {
            pillar: id.clone(),
            overall: TrendSeries { group: None, means: editions.iter().map(|e| mean_of(e, id, None)).collect() },
            groups: groups
                .iter()
                .map(|g| TrendSeries {
                    group: Some(g.clone()),
                    means: editions.iter().map(|e| mean_of(e, id, Some(g))).collect(),
                })
                .collect(),
        })
        .collect();
    Trend { editions: editions.iter().map(EditionRef::of).collect(), pillars }
}
