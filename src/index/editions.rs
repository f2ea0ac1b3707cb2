//! Comparing two editions of an index: per institution (matched by its id) the index score and
//! rank in both, the change of each (later − earlier; a negative rank change is a move up), and
//! whether the rank moved beyond both editions' 5–95 % rank intervals — the two intervals, each
//! from its own edition's uncertainty analysis, do not overlap. Institutions assessed in only one
//! edition are listed apart, never compared. Three or more editions give each institution's
//! series (score and rank per edition, oldest first), its net change from the first edition it
//! has a score in to the last, and the least-squares slope of its score per edition. Pure
//! arithmetic.

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

/// One institution across editions (oldest first); `None` where it was not assessed or has no
/// score or rank.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnitSeries {
    pub unit: String,
    pub name: String,
    pub scores: Vec<Option<f64>>,
    pub ranks: Vec<Option<f64>>,
    pub rank_intervals: Vec<Option<(f64, f64)>>,
    /// Last score − first score (over the editions with a score; `None` with fewer than two).
    pub score_change: Option<f64>,
    /// Last rank − first rank (negative: moved up).
    pub rank_change: Option<f64>,
    /// Least-squares slope of the score per edition (edition k at x = k); `None` with fewer
    /// than two scores.
    pub score_slope: Option<f64>,
}

/// Every institution of any edition: those of the latest edition in its order, then those
/// assessed only earlier (in the order they first appear).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Series {
    pub units: Vec<UnitSeries>,
}

fn first_last_change(xs: &[Option<f64>]) -> Option<f64> {
    let present: Vec<f64> = xs.iter().flatten().copied().collect();
    match present.as_slice() {
        [first, .., last] => Some(last - first),
        _ => None,
    }
}

/// The least-squares slope of `ys` against their positions (missing ones left out).
pub fn slope(ys: &[Option<f64>]) -> Option<f64> {
    let pts: Vec<(f64, f64)> = ys.iter().enumerate().filter_map(|(k, y)| Some((k as f64, (*y)?))).collect();
    if pts.len() < 2 {
        return None;
    }
    let n = pts.len() as f64;
    let (mx, my) = (pts.iter().map(|p| p.0).sum::<f64>() / n, pts.iter().map(|p| p.1).sum::<f64>() / n);
    let sxx: f64 = pts.iter().map(|p| (p.0 - mx).powi(2)).sum();
    let sxy: f64 = pts.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
    Some(sxy / sxx)
}

/// The editions (oldest first) as one series per institution, matched by id.
pub fn series(editions: &[Vec<EditionUnit>]) -> Series {
    let mut order: Vec<(String, String)> = Vec::new();
    let mut push = |u: &EditionUnit| {
        if !order.iter().any(|(id, _)| *id == u.unit) {
            order.push((u.unit.clone(), u.name.clone()));
        }
    };
    if let Some(last) = editions.last() {
        last.iter().for_each(&mut push);
    }
    editions.iter().flatten().for_each(&mut push);
    let units = order
        .into_iter()
        .map(|(unit, name)| {
            let at: Vec<Option<&EditionUnit>> = editions.iter().map(|e| e.iter().find(|u| u.unit == unit)).collect();
            let scores: Vec<Option<f64>> = at.iter().map(|u| u.and_then(|u| u.score)).collect();
            let ranks: Vec<Option<f64>> = at.iter().map(|u| u.and_then(|u| u.rank)).collect();
            UnitSeries {
                name,
                score_change: first_last_change(&scores),
                rank_change: first_last_change(&ranks),
                score_slope: slope(&scores),
                rank_intervals: at.iter().map(|u| u.and_then(interval)).collect(),
                scores,
                ranks,
                unit,
            }
        })
        .collect();
    Series { units }
}

/// The series as CSV, one row per institution and edition it was assessed in (`edition` is
/// the label given for each edition, oldest first), then its net changes and slope on every row.
pub fn series_csv(s: &Series, labels: &[String]) -> Result<Vec<u8>, String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let e = |e: csv::Error| e.to_string();
    let n = |x: Option<f64>| x.map(|v| v.to_string()).unwrap_or_default();
    w.write_record([
        "unit",
        "name",
        "edition",
        "score",
        "rank",
        "rank_p05",
        "rank_p95",
        "score_change",
        "rank_change",
        "score_slope",
    ])
    .map_err(e)?;
    for u in &s.units {
        for (k, label) in labels.iter().enumerate() {
            let (score, rank) = (u.scores.get(k).copied().flatten(), u.ranks.get(k).copied().flatten());
            let iv = u.rank_intervals.get(k).copied().flatten();
            if score.is_none() && rank.is_none() && iv.is_none() {
                continue;
            }
            w.write_record([
                u.unit.clone(),
                crate::report::cell_text::neutralise(&u.name).into_owned(),
                crate::report::cell_text::neutralise(label).into_owned(),
                n(score),
                n(rank),
                n(iv.map(|i| i.0)),
                n(iv.map(|i| i.1)),
                n(u.score_change),
                n(u.rank_change),
                n(u.score_slope),
            ])
            .map_err(e)?;
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
    #[test]
    fn a_series_follows_each_institution_over_three_editions() {
        let e1 = vec![u("a", 10.0, 3.0, Some((2.0, 3.0))), u("b", 50.0, 1.0, None), u("old", 30.0, 2.0, None)];
        let e2 = vec![u("a", 20.0, 2.0, None), u("b", 45.0, 1.0, None)];
        let e3 = vec![u("b", 40.0, 2.0, None), u("a", 40.0, 1.0, Some((1.0, 1.0))), u("new", 5.0, 3.0, None)];
        let s = series(&[e1, e2, e3]);
        let ids: Vec<&str> = s.units.iter().map(|x| x.unit.as_str()).collect();
        assert_eq!(ids, ["b", "a", "new", "old"], "the latest order, then the ones gone");
        let a = &s.units[1];
        assert_eq!(a.scores, [Some(10.0), Some(20.0), Some(40.0)]);
        // x = 0, 1, 2; mean x 1, mean y 70/3; Sxy = (−1)(10−70/3) + 0 + (1)(40−70/3) = 30; Sxx = 2.
        assert_eq!(a.score_slope, Some(15.0));
        assert_eq!(a.score_change, Some(30.0));
        assert_eq!(a.rank_change, Some(-2.0));
        assert_eq!(a.rank_intervals, [Some((2.0, 3.0)), None, Some((1.0, 1.0))]);
        // b: 50, 45, 40: slope −5, change −10.
        assert_eq!((s.units[0].score_slope, s.units[0].score_change), (Some(-5.0), Some(-10.0)));
        // new: one edition only: no change, no slope; old: likewise, missing later.
        assert_eq!(s.units[2].scores, [None, None, Some(5.0)]);
        assert_eq!((s.units[2].score_change, s.units[2].score_slope), (None, None));
        assert_eq!(s.units[3].scores, [Some(30.0), None, None]);
        let labels = ["2021".to_string(), "2022".into(), "2023".into()];
        let text = String::from_utf8(series_csv(&s, &labels).unwrap_or_default()).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 1 + 3 + 3 + 1 + 1, "one row per institution and edition it was in");
        assert_eq!(lines[4], "a,A,2021,10,3,2,3,30,-2,15");
        assert_eq!(lines[8], "old,OLD,2021,30,2,,,,,");
    }

    #[test]
    fn a_slope_skips_missing_editions() {
        // Points (0, 2) and (2, 8): slope 3.
        assert_eq!(slope(&[Some(2.0), None, Some(8.0)]), Some(3.0));
        assert_eq!(slope(&[None, Some(1.0)]), None);
        assert_eq!(slope(&[]), None);
    }

    #[test]
    fn a_name_that_reads_as_a_formula_is_neutralised_in_the_csv() {
        let mut x = u("x", 1.0, 1.0, None);
        x.name = "=1+1".into();
        let text = String::from_utf8(csv(&compare(&[x.clone()], &[x])).unwrap_or_default()).unwrap_or_default();
        assert!(text.lines().nth(1).is_some_and(|l| l.starts_with("x,'=1+1,both")), "{text}");
    }
}
