//! Comparing two editions of an index: per institution (matched by its id) the index score and
//! rank in both, the change of each (later − earlier; a negative rank change is a move up), and
//! whether the rank moved beyond both editions' 5–95 % rank intervals — the two intervals, each
//! from its own edition's uncertainty analysis, do not overlap. Institutions assessed in only one
//! edition are listed apart, never compared. Pure arithmetic.

use serde::Serialize;

use super::compute::IndexResult;
use super::uncertainty::UncertaintyResult;

/// One institution in one edition.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EditionUnit {
    pub unit: String,
    pub name: String,
    pub score: Option<f64>,
    pub rank: Option<f64>,
    pub rank_p05: Option<f64>,
    pub rank_p95: Option<f64>,
}

/// The institutions of an edition: its headline result, its uncertainty analysis if it ran, and
/// the name of each (by position, as the result's units).
pub fn edition_units(
    index: &IndexResult,
    uncertainty: Option<&UncertaintyResult>,
    names: &[String],
) -> Vec<EditionUnit> {
    index
        .units
        .iter()
        .enumerate()
        .map(|(k, u)| {
            let iv = uncertainty.and_then(|x| x.intervals.iter().find(|i| i.unit == u.unit));
            EditionUnit {
                unit: u.unit.clone(),
                name: names.get(k).cloned().unwrap_or_default(),
                score: u.index.filter(|x| x.is_finite()),
                rank: u.rank.filter(|x| x.is_finite()),
                rank_p05: iv.map(|i| i.p05),
                rank_p95: iv.map(|i| i.p95),
            }
        })
        .collect()
}

/// One institution in both editions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnitChange {
    pub unit: String,
    pub name: String,
    pub score_from: Option<f64>,
    pub score_to: Option<f64>,
    /// `score_to − score_from`.
    pub score_change: Option<f64>,
    pub rank_from: Option<f64>,
    pub rank_to: Option<f64>,
    /// `rank_to − rank_from` (negative: moved up).
    pub rank_change: Option<f64>,
    pub rank_interval_from: Option<(f64, f64)>,
    pub rank_interval_to: Option<(f64, f64)>,
    /// The two 5–95 % rank intervals do not overlap; `None` when either edition has no interval.
    pub beyond_intervals: Option<bool>,
}

/// Two editions side by side.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EditionChange {
    /// In the later edition's order.
    pub units: Vec<UnitChange>,
    /// Institutions of the earlier edition only.
    pub only_from: Vec<EditionUnit>,
    /// Institutions of the later edition only.
    pub only_to: Vec<EditionUnit>,
}

fn interval(u: &EditionUnit) -> Option<(f64, f64)> {
    Some((u.rank_p05?, u.rank_p95?))
}

/// `from` (earlier) and `to` (later) compared institution by institution.
pub fn compare(from: &[EditionUnit], to: &[EditionUnit]) -> EditionChange {
    let diff = |a: Option<f64>, b: Option<f64>| Some(b? - a?);
    let units = to
        .iter()
        .filter_map(|t| {
            let f = from.iter().find(|f| f.unit == t.unit)?;
            let (i_from, i_to) = (interval(f), interval(t));
            let beyond = match (i_from, i_to) {
                (Some((lo_a, hi_a)), Some((lo_b, hi_b))) => Some(hi_b < lo_a || hi_a < lo_b),
                _ => None,
            };
            Some(UnitChange {
                unit: t.unit.clone(),
                name: if t.name.is_empty() { f.name.clone() } else { t.name.clone() },
                score_from: f.score,
                score_to: t.score,
                score_change: diff(f.score, t.score),
                rank_from: f.rank,
                rank_to: t.rank,
                rank_change: diff(f.rank, t.rank),
                rank_interval_from: i_from,
                rank_interval_to: i_to,
                beyond_intervals: beyond,
            })
        })
        .collect();
    let missing_in = |side: &[EditionUnit], other: &[EditionUnit]| -> Vec<EditionUnit> {
        side.iter().filter(|u| !other.iter().any(|o| o.unit == u.unit)).cloned().collect()
    };
    EditionChange { units, only_from: missing_in(from, to), only_to: missing_in(to, from) }
}

/// The comparison as CSV: one row per institution in both editions, then one per institution
/// in one edition only (`in` says which; its other cells empty).
pub fn csv(c: &EditionChange) -> Result<Vec<u8>, String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let e = |e: csv::Error| e.to_string();
    let n = |x: Option<f64>| x.map(|v| v.to_string()).unwrap_or_default();
    w.write_record([
        "unit",
        "name",
        "in",
        "score_from",
        "score_to",
        "score_change",
        "rank_from",
        "rank_to",
        "rank_change",
        "rank_p05_from",
        "rank_p95_from",
        "rank_p05_to",
        "rank_p95_to",
        "beyond_intervals",
    ])
    .map_err(e)?;
    for u in &c.units {
        let name = crate::report::cell_text::neutralise(&u.name).into_owned();
        w.write_record([
            u.unit.clone(),
            name,
            "both".into(),
            n(u.score_from),
            n(u.score_to),
            n(u.score_change),
            n(u.rank_from),
            n(u.rank_to),
            n(u.rank_change),
            n(u.rank_interval_from.map(|i| i.0)),
            n(u.rank_interval_from.map(|i| i.1)),
            n(u.rank_interval_to.map(|i| i.0)),
            n(u.rank_interval_to.map(|i| i.1)),
            u.beyond_intervals.map(|b| b.to_string()).unwrap_or_default(),
        ])
        .map_err(e)?;
    }
    for (side, list) in [("from", &c.only_from), ("to", &c.only_to)] {
        for u in list.iter() {
            let mut row = vec![u.unit.clone(), crate::report::cell_text::neutralise(&u.name).into_owned(), side.into()];
            row.extend(std::iter::repeat_n(String::new(), 11));
            w.write_record(row).map_err(e)?;
        }
    }
    w.into_inner().map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u(unit: &str, score: f64, rank: f64, iv: Option<(f64, f64)>) -> EditionUnit {
        EditionUnit {
            unit: unit.into(),
            name: unit.to_uppercase(),
            score: Some(score),
            rank: Some(rank),
            rank_p05: iv.map(|i| i.0),
            rank_p95: iv.map(|i| i.1),
        }
    }

    #[test]
    fn changes_are_later_minus_earlier_and_beyond_means_disjoint_intervals() {
        let from = vec![
            u("a", 80.0, 1.0, Some((1.0, 2.0))),
            u("b", 60.5, 2.0, Some((1.0, 3.0))),
            u("c", 40.0, 3.0, Some((3.0, 4.0))),
            u("gone", 10.0, 4.0, Some((4.0, 4.0))),
        ];
        let to = vec![
            u("c", 90.25, 1.0, Some((1.0, 2.0))),
            u("a", 70.0, 2.0, Some((2.0, 3.0))),
            u("b", 60.5, 3.0, None),
            u("new", 20.0, 4.0, Some((3.0, 4.0))),
        ];
        let c = compare(&from, &to);
        let ids: Vec<&str> = c.units.iter().map(|x| x.unit.as_str()).collect();
        assert_eq!(ids, ["c", "a", "b"], "the later edition's order, both editions only");
        // c: 40 → 90.25 (+50.25), rank 3 → 1 (−2); [3,4] and [1,2] do not overlap.
        assert_eq!(c.units[0].score_change, Some(50.25));
        assert_eq!(c.units[0].rank_change, Some(-2.0));
        assert_eq!(c.units[0].beyond_intervals, Some(true));
        // a: 80 → 70 (−10), rank 1 → 2 (+1); [1,2] and [2,3] share rank 2: within.
        assert_eq!(c.units[1].score_change, Some(-10.0));
        assert_eq!(c.units[1].rank_change, Some(1.0));
        assert_eq!(c.units[1].beyond_intervals, Some(false));
        // b: no interval in the later edition, so no verdict.
        assert_eq!(c.units[2].score_change, Some(0.0));
        assert_eq!(c.units[2].beyond_intervals, None);
        assert_eq!(c.only_from.iter().map(|x| x.unit.as_str()).collect::<Vec<_>>(), ["gone"]);
        assert_eq!(c.only_to.iter().map(|x| x.unit.as_str()).collect::<Vec<_>>(), ["new"]);
        let text = String::from_utf8(csv(&c).unwrap_or_default()).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 1 + 3 + 2);
        assert_eq!(lines[1], "c,C,both,40,90.25,50.25,3,1,-2,3,4,1,2,true");
        assert_eq!(lines[4], "gone,GONE,from,,,,,,,,,,,");
        assert_eq!(lines[5], "new,NEW,to,,,,,,,,,,,");
    }

    #[test]
    fn a_missing_score_or_rank_gives_no_change() {
        let mut unranked = u("a", 0.0, 0.0, None);
        unranked.score = None;
        unranked.rank = None;
        let c = compare(&[u("a", 50.0, 1.0, Some((1.0, 1.0)))], &[unranked]);
        assert_eq!((c.units[0].score_change, c.units[0].rank_change), (None, None));
        assert_eq!(c.units[0].score_from, Some(50.0));
        assert_eq!(c.units[0].beyond_intervals, None);
    }
}
