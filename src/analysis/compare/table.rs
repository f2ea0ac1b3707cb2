//! A comparison as one flat table (CSV): a row per scale × group and overall, with both sides,
//! the difference and its interval; empty cells where a figure is suppressed or withheld.

use super::{ChangeCell, ChangeRow, Comparison};
use crate::analysis::Level;

/// The columns of [`csv`].
pub const COLUMNS: [&str; 15] = [
    "level",
    "id",
    "from_id",
    "group",
    "from_n",
    "from_mean",
    "to_n",
    "to_mean",
    "difference",
    "se",
    "df",
    "ci_low",
    "ci_high",
    "flagged",
    "withheld",
];

fn level(l: Level) -> &'static str {
    match l {
        Level::Pillar => "pillar",
        Level::Subpillar => "subpillar",
        Level::Item => "item",
    }
}

fn cells(row: &ChangeRow, group: &str, c: &ChangeCell) -> Vec<String> {
    let f = |x: Option<f64>| x.map_or_else(String::new, |v| format!("{v}"));
    let u = |x: Option<u64>| x.map_or_else(String::new, |v| v.to_string());
    let d = c.difference.as_ref();
    vec![
        level(row.level).into(),
        row.id.clone(),
        row.from_id.clone(),
        group.into(),
        u(c.from.n),
        f(c.from.mean),
        u(c.to.n),
        f(c.to.mean),
        f(d.map(|d| d.estimate)),
        f(d.map(|d| d.se)),
        f(d.and_then(|d| d.df)),
        f(d.map(|d| d.ci_low)),
        f(d.map(|d| d.ci_high)),
        d.map_or_else(String::new, |d| d.flagged.to_string()),
        c.withheld.clone().unwrap_or_default(),
    ]
}

/// Every row of the comparison: pillars, sub-pillars, items; per row the overall (`group` =
/// `overall`) then each group.
pub fn rows(c: &Comparison) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for row in c.pillars.iter().chain(&c.subpillars).chain(&c.items) {
        out.push(cells(row, "overall", &row.overall));
        for (g, cell) in c.groups.iter().zip(&row.groups) {
            out.push(cells(row, g, cell));
        }
    }
    out
}

/// The comparison as CSV text (header, then [`rows`]).
pub fn csv(c: &Comparison) -> Result<Vec<u8>, String> {
    let mut w = ::csv::Writer::from_writer(Vec::new());
    w.write_record(COLUMNS).map_err(|e| e.to_string())?;
    for r in rows(c) {
        w.write_record(&r).map_err(|e| e.to_string())?;
    }
    w.into_inner().map_err(|e| e.to_string())
}
