//! Comparing editions: two campaigns' published figures side by side, per group × pillar /
//! sub-pillar / item and overall, with the difference (later − earlier), its Welch 95 % interval
//! and a flag when the interval excludes 0; and, over three or more editions, the trend of each
//! pillar. Pure: takes the [`Aggregates`] each campaign's analysis gives (the accumulators'
//! output) and an optional item map; reads no responses.
//!
//! **Disclosure.** Only published figures enter: a side whose cell is suppressed shows no figure,
//! and no difference is computed where either cell is suppressed or absent. The overall of each
//! edition is that edition's own published overall (its own group weights, over its published
//! groups only), and its interval is built from the same published group cells, so every number
//! here is a function of figures each edition already publishes on its own: subtracting across
//! editions, groups or the overall gives back nothing a suppressed cell holds.
//!
//! Items are matched by [`match_items`] (same version; an [`ItemMap`]; or same id and options).
//! A recoded item's earlier figures are recomputed from its published option counts under the
//! recoding. Pillars and sub-pillars are matched by id; when the items under one differ between
//! the editions the row says which ([`Composition`]).

mod map;
pub mod table;
mod trend;
mod welch;

use serde::{Deserialize, Serialize};

use super::output::{Aggregates, Cell, Level, Scale, SurveyRef};
pub use map::{ItemMap, ItemPair, MapError, Matching, NotCompared, match_items, value_text};
pub use trend::{Trend, TrendRow, TrendSeries, trend};
pub use welch::{Difference, Term, combination, two_means};

/// A campaign taking part in a comparison.
#[derive(Debug, Clone, Copy)]
pub struct Edition<'a> {
    pub slug: &'a str,
    pub name: &'a str,
    pub aggregates: &'a Aggregates,
}

/// Which campaign a side is, as the comparison names it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct EditionRef {
    pub slug: String,
    pub name: String,
    pub survey: SurveyRef,
    pub min_cell: u32,
}

impl EditionRef {
    fn of(e: &Edition<'_>) -> Self {
        Self {
            slug: e.slug.to_string(),
            name: e.name.to_string(),
            survey: e.aggregates.survey.clone(),
            min_cell: e.aggregates.min_cell,
        }
    }
}

/// One edition's figure in a cell: nothing but the marker when suppressed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Side {
    pub suppressed: bool,
    pub n: Option<u64>,
    pub mean: Option<f64>,
    pub sd: Option<f64>,
}

impl Side {
    const ABSENT: Side = Side { suppressed: false, n: None, mean: None, sd: None };
    const HIDDEN: Side = Side { suppressed: true, n: None, mean: None, sd: None };
}

/// A cell of the comparison: both sides and, where both are published, the difference.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ChangeCell {
    pub from: Side,
    pub to: Side,
    pub difference: Option<Difference>,
    /// Why there is no difference: `suppressed` (either side), `absent` (a side has no such
    /// group or figure), `too_few` (fewer than 2 scores on a side).
    pub withheld: Option<String>,
}

/// Items under a pillar or sub-pillar that one edition has and the other has not (by id in
/// each edition's own survey).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Composition {
    pub only_earlier: Vec<String>,
    pub only_later: Vec<String>,
}

/// One pillar, sub-pillar or item compared.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ChangeRow {
    pub level: Level,
    /// The id in the later edition.
    pub id: String,
    /// The id in the earlier edition (differs through an item map).
    pub from_id: String,
    pub pillar: String,
    pub subpillar: Option<String>,
    /// Items: whether the earlier options were recoded.
    pub recoded: bool,
    /// One per group of [`Comparison::groups`].
    pub groups: Vec<ChangeCell>,
    pub overall: ChangeCell,
    /// Pillars and sub-pillars whose items differ between the editions.
    pub composition: Option<Composition>,
}

/// Two editions compared.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Comparison {
    pub from: EditionRef,
    pub to: EditionRef,
    /// The later edition's groups, then groups only the earlier one has.
    pub groups: Vec<String>,
    pub matching: Matching,
    pub pillars: Vec<ChangeRow>,
    pub subpillars: Vec<ChangeRow>,
    pub items: Vec<ChangeRow>,
    /// Pillars and sub-pillars only one edition has (`from:ID` / `to:ID`).
    pub scales_not_compared: Vec<String>,
    /// Groups entering the overall of one edition and not of the other: the overall figures
    /// then describe different sets of groups.
    pub overall_groups_differ: Vec<String>,
}

/// Compares `from` (earlier) with `to` (later), matching items under `map`.
pub fn compare(from: &Edition<'_>, to: &Edition<'_>, map: Option<&ItemMap>) -> Result<Comparison, MapError> {
    let (a, b) = (from.aggregates, to.aggregates);
    let matching = match_items(a, b, map)?;
    let mut groups: Vec<String> = b.groups.iter().map(|g| g.code.clone()).collect();
    for g in &a.groups {
        if !groups.contains(&g.code) {
            groups.push(g.code.clone());
        }
    }
    let ctx = Ctx { a, b, groups: &groups };
    let mut not = Vec::new();
    let scales = |xa: &[Scale], xb: &[Scale], not: &mut Vec<String>| -> Vec<ChangeRow> {
        for s in xa.iter().filter(|s| !xb.iter().any(|t| t.id == s.id)) {
            not.push(format!("from:{}", s.id));
        }
        xb.iter()
            .filter_map(|t| {
                let s = xa.iter().find(|s| s.id == t.id);
                if s.is_none() {
                    not.push(format!("to:{}", t.id));
                }
                let s = s?;
                let mut row = ctx.row(s, t, None);
                row.composition = composition(&matching, a, b, t);
                Some(row)
            })
            .collect()
    };
    let pillars = scales(&a.pillars, &b.pillars, &mut not);
    let subpillars = scales(&a.subpillars, &b.subpillars, &mut not);
    let items = matching
        .pairs
        .iter()
        .filter_map(|p| {
            let s = a.items.iter().find(|s| s.id == p.from)?;
            let t = b.items.iter().find(|t| t.id == p.to)?;
            Some(ctx.row(s, t, p.recode.as_deref()))
        })
        .collect();
    let in_a = |g: &String| a.pillars.iter().any(|p| p.overall.groups.contains(g));
    let in_b = |g: &String| b.pillars.iter().any(|p| p.overall.groups.contains(g));
    let overall_groups_differ = groups.iter().filter(|g| in_a(g) != in_b(g)).cloned().collect();
    Ok(Comparison {
        from: EditionRef::of(from),
        to: EditionRef::of(to),
        groups,
        matching,
        pillars,
        subpillars,
        items,
        scales_not_compared: not,
        overall_groups_differ,
    })
}

/// Items of a pillar/sub-pillar present in one edition only, through the matching.
fn composition(m: &Matching, a: &Aggregates, b: &Aggregates, t: &Scale) -> Option<Composition> {
    let under = |s: &Scale| match t.level {
        Level::Pillar => s.pillar == t.id,
        _ => s.subpillar.as_deref() == Some(&t.id),
    };
    let matched_from =
        |id: &str| m.pairs.iter().find(|p| p.from == id).and_then(|p| b.items.iter().find(|x| x.id == p.to));
    let matched_to =
        |id: &str| m.pairs.iter().find(|p| p.to == id).and_then(|p| a.items.iter().find(|x| x.id == p.from));
    let only_earlier: Vec<String> =
        a.items.iter().filter(|s| under(s) && !matched_from(&s.id).is_some_and(under)).map(|s| s.id.clone()).collect();
    let only_later: Vec<String> =
        b.items.iter().filter(|s| under(s) && !matched_to(&s.id).is_some_and(under)).map(|s| s.id.clone()).collect();
    (!only_earlier.is_empty() || !only_later.is_empty()).then_some(Composition { only_earlier, only_later })
}

/// A published cell's (n, mean, variance), optionally recomputed under a recoding of its options.
fn figures(cell: &Cell, recode: Option<&[Option<f64>]>) -> Option<(u64, f64, Option<f64>)> {
    let st = cell.stats.as_ref().filter(|_| !cell.suppressed)?;
    match recode {
        None => Some((st.n, st.mean?, st.sd.map(|s| s * s))),
        Some(values) => {
            let pairs: Vec<(f64, u64)> = values
                .iter()
                .zip(&st.distribution)
                .filter_map(|(v, &c)| v.map(|x| (x, c)))
                .filter(|p| p.1 > 0)
                .collect();
            let mut sorted = pairs;
            sorted.sort_by(|x, y| x.0.total_cmp(&y.0));
            let s = super::stats::summarize_pairs(&sorted);
            Some((s.n, s.mean?, s.variance()))
        }
    }
}

fn side(cell: Option<&Cell>, recode: Option<&[Option<f64>]>) -> Side {
    match cell {
        None => Side::ABSENT,
        Some(c) if c.suppressed => Side::HIDDEN,
        Some(c) => match figures(c, recode) {
            Some((n, mean, var)) => Side { suppressed: false, n: Some(n), mean: Some(mean), sd: var.map(f64::sqrt) },
            None => Side { suppressed: false, n: c.stats.as_ref().map(|_| 0), mean: None, sd: None },
        },
    }
}

struct Ctx<'a> {
    a: &'a Aggregates,
    b: &'a Aggregates,
    groups: &'a [String],
}

impl Ctx<'_> {
    fn row(&self, s: &Scale, t: &Scale, recode: Option<&[Option<f64>]>) -> ChangeRow {
        let cell_of = |agg: &Aggregates, scale: &Scale, g: &str| {
            agg.groups.iter().position(|x| x.code == g).and_then(|i| scale.groups.get(i)).cloned()
        };
        let groups = self
            .groups
            .iter()
            .map(|g| {
                let (ca, cb) = (cell_of(self.a, s, g), cell_of(self.b, t, g));
                let (from, to) = (side(ca.as_ref(), recode), side(cb.as_ref(), None));
                let difference = match (&from, &to) {
                    (
                        Side { mean: Some(ma), sd: Some(sa), n: Some(na), .. },
                        Side { mean: Some(mb), sd: Some(sb), n: Some(nb), .. },
                    ) => two_means((*mb, sb * sb, *nb), (*ma, sa * sa, *na)),
                    _ => None,
                };
                let withheld = withheld(&from, &to, difference.is_some());
                ChangeCell { from, to, difference, withheld }
            })
            .collect();
        ChangeRow {
            level: t.level,
            id: t.id.clone(),
            from_id: s.id.clone(),
            pillar: t.pillar.clone(),
            subpillar: t.subpillar.clone(),
            recoded: recode.is_some(),
            groups,
            overall: self.overall(s, t, recode),
            composition: None,
        }
    }

    /// The overall of each edition with its own weights, and the difference over every
    /// published group cell of both.
    fn overall(&self, s: &Scale, t: &Scale, recode: Option<&[Option<f64>]>) -> ChangeCell {
        let terms = |agg: &Aggregates,
                     scale: &Scale,
                     sign: f64,
                     recode: Option<&[Option<f64>]>|
         -> Option<(Side, Vec<Term>)> {
            let mut parts = Vec::new();
            for (g, w) in scale.overall.groups.iter().zip(&scale.overall.weights) {
                let cell = agg.groups.iter().position(|x| &x.code == g).and_then(|i| scale.groups.get(i))?;
                match figures(cell, recode) {
                    Some((n, mean, var)) if n > 0 => parts.push((*w, n, mean, var)),
                    _ => {}
                }
            }
            let total: f64 = parts.iter().map(|p| p.0).sum();
            if parts.is_empty() || total <= 0.0 {
                return None;
            }
            let mean: f64 = parts.iter().map(|p| p.0 / total * p.2).sum();
            let n: u64 = parts.iter().map(|p| p.1).sum();
            let published = scale.overall.stats.as_ref();
            let side = Side {
                suppressed: false,
                n: Some(n),
                mean: Some(if recode.is_none() { published.and_then(|p| p.mean).unwrap_or(mean) } else { mean }),
                sd: if recode.is_none() { published.and_then(|p| p.sd) } else { None },
            };
            let terms = parts
                .iter()
                .map(|&(w, n, mean, var)| Term { coef: sign * w / total, mean, variance: var.unwrap_or(f64::NAN), n })
                .collect();
            Some((side, terms))
        };
        let (ta, tb) = (terms(self.a, s, -1.0, recode), terms(self.b, t, 1.0, None));
        let from = ta.as_ref().map_or(Side::ABSENT, |x| x.0.clone());
        let to = tb.as_ref().map_or(Side::ABSENT, |x| x.0.clone());
        let difference = match (&ta, &tb) {
            (Some((_, x)), Some((_, y))) => combination(&[y.as_slice(), x.as_slice()].concat()),
            _ => None,
        };
        let withheld = withheld(&from, &to, difference.is_some());
        ChangeCell { from, to, difference, withheld }
    }
}

fn withheld(from: &Side, to: &Side, has: bool) -> Option<String> {
    if has {
        None
    } else if from.suppressed || to.suppressed {
        Some("suppressed".into())
    } else if from.mean.is_none() || to.mean.is_none() {
        Some("absent".into())
    } else {
        Some("too_few".into())
    }
}
