//! The "change since" section of the index report, also shown in the console: each
//! institution's score and rank in the latest two editions, the changes, both 5–95 % rank
//! intervals and whether they are disjoint, the institutions assessed in one edition only, and
//! the "then → now" dumbbell; with three or more editions, each institution's series and a
//! trend chart of the institutions ranked best in the latest edition. Figures are written for
//! the reader's language here, once.

use serde::Serialize;

use super::model::Chart;
use crate::charts::{ChartError, Numbers};
use crate::i18n::{Arg, format, t};
use crate::index::change_charts::{
    ChangeDumbbell, ChangeRow, ScoreTrend, TrendLine, axis, change_dumbbell, score_trend,
};
use crate::index::editions::{EditionChange, Series, UnitChange};

/// How many institutions the trend chart draws (the best-ranked in the latest edition); the
/// table lists all of them.
pub const TREND_LINES: usize = 8;

/// One institution in both editions, in words.
#[derive(Debug, Clone, Serialize)]
pub struct ChangeLine {
    pub code: String,
    pub name: String,
    pub score_from: String,
    pub score_to: String,
    pub score_change: String,
    pub rank_from: String,
    pub rank_to: String,
    pub rank_change: String,
    pub interval_from: String,
    pub interval_to: String,
    /// "yes", "no" or "—" in words.
    pub beyond: String,
    pub beyond_flag: bool,
}

/// One institution over three or more editions, in words.
#[derive(Debug, Clone, Serialize)]
pub struct SeriesLine {
    pub code: String,
    pub name: String,
    /// "score (rank)" per edition, "—" where not assessed.
    pub cells: Vec<String>,
    pub net: String,
    pub slope: String,
}

/// The trend over three or more editions.
#[derive(Debug, Clone, Serialize)]
pub struct TrendView {
    pub title: String,
    pub editions: Vec<String>,
    pub lines: Vec<SeriesLine>,
    pub chart: Chart,
    pub caption: String,
    pub net: String,
    pub slope: String,
    pub cell_note: String,
}

/// The section's column headings and words.
#[derive(Debug, Clone, Serialize)]
pub struct ChangeHeads {
    pub institution: String,
    pub score_from: String,
    pub score_to: String,
    pub change: String,
    pub rank_from: String,
    pub rank_to: String,
    pub interval_from: String,
    pub interval_to: String,
    pub beyond: String,
    pub only_from: String,
    pub only_to: String,
    pub none: String,
}

/// The "change since" section.
#[derive(Debug, Clone, Serialize)]
pub struct IndexChange {
    pub title: String,
    pub intro: String,
    pub h: ChangeHeads,
    pub lines: Vec<ChangeLine>,
    pub only_from: Vec<String>,
    pub only_to: Vec<String>,
    pub chart: Chart,
    pub caption: String,
    pub trend: Option<TrendView>,
}

fn num(n: Numbers, v: Option<f64>, places: usize) -> String {
    v.map_or_else(|| "—".to_string(), |v| n.dec(v, places))
}

/// A change with its sign ("+2.5", "−1", "0").
fn signed(n: Numbers, v: Option<f64>, places: usize) -> String {
    match v {
        Some(v) if v > 0.0 && n.dec(v, places) != n.dec(0.0, places) => format!("+{}", n.dec(v, places)),
        Some(v) if n.dec(v, places) == n.dec(-0.0, places) => n.dec(0.0, places),
        other => num(n, other, places),
    }
}

/// A rank: whole when it is close to whole.
fn rank(n: Numbers, v: Option<f64>) -> String {
    match v {
        Some(r) if (r - r.round()).abs() < 0.05 => format!("{:.0}", r.round()),
        other => num(n, other, 1),
    }
}

fn signed_rank(n: Numbers, v: Option<f64>) -> String {
    match v {
        Some(r) if (r - r.round()).abs() < 0.05 => signed(n, Some(r.round()), 0),
        other => signed(n, other, 1),
    }
}

fn interval(n: Numbers, iv: Option<(f64, f64)>) -> String {
    iv.map_or_else(|| "—".to_string(), |(lo, hi)| format!("{}–{}", rank(n, Some(lo)), rank(n, Some(hi))))
}

fn by_rank(a: Option<f64>, b: Option<f64>) -> std::cmp::Ordering {
    a.unwrap_or(f64::INFINITY).total_cmp(&b.unwrap_or(f64::INFINITY))
}

/// The section in `lang`: `labels` names the editions (oldest first; the last two are the ones
/// `change` compares), `series` is there with three or more editions; `stem` prefixes the
/// charts' file names.
pub fn section(
    labels: &[String],
    change: &EditionChange,
    series: Option<&Series>,
    lang: &str,
    stem: &str,
) -> Result<IndexChange, ChartError> {
    let n = Numbers::for_language(lang);
    let k = labels.len();
    let (from, to) =
        (labels.get(k.wrapping_sub(2)).cloned().unwrap_or_default(), labels.last().cloned().unwrap_or_default());
    let ed = |id: &str, e: &str| format(lang, id, &[("edition", Arg::from(e))]);
    let both = |id: &str| format(lang, id, &[("from", Arg::from(&from)), ("to", Arg::from(&to))]);
    let mut units: Vec<&UnitChange> = change.units.iter().collect();
    units.sort_by(|a, b| by_rank(a.rank_to, b.rank_to).then(by_rank(a.rank_from, b.rank_from)));
    let (yes, no) = (t(lang, "index-change-yes"), t(lang, "index-change-no"));
    let lines = units
        .iter()
        .map(|u| ChangeLine {
            code: u.unit.clone(),
            name: u.name.clone(),
            score_from: num(n, u.score_from, 1),
            score_to: num(n, u.score_to, 1),
            score_change: signed(n, u.score_change, 1),
            rank_from: rank(n, u.rank_from),
            rank_to: rank(n, u.rank_to),
            rank_change: signed_rank(n, u.rank_change),
            interval_from: interval(n, u.rank_interval_from),
            interval_to: interval(n, u.rank_interval_to),
            beyond: u.beyond_intervals.map_or("—", |b| if b { yes } else { no }).to_string(),
            beyond_flag: u.beyond_intervals == Some(true),
        })
        .collect();
    let scores = change.units.iter().flat_map(|u| [u.score_from, u.score_to]).flatten();
    let (lo, hi) = axis(scores);
    let dumbbell = ChangeDumbbell {
        rows: units
            .iter()
            .map(|u| ChangeRow {
                label: u.name.clone(),
                from: u.score_from,
                to: u.score_to,
                beyond: u.beyond_intervals == Some(true),
            })
            .collect(),
        lo,
        hi,
        from_label: from.clone(),
        to_label: to.clone(),
        beyond_label: t(lang, "index-change-beyond-legend").into(),
        missing_label: t(lang, "index-change-missing").into(),
        numbers: n,
    };
    let trend = match series {
        Some(s) if k >= 3 => Some(trend_view(labels, s, lang, stem, n)?),
        _ => None,
    };
    Ok(IndexChange {
        title: ed("index-change-title", &from),
        intro: both("index-change-intro"),
        h: ChangeHeads {
            institution: t(lang, "index-text-institution").into(),
            score_from: ed("index-change-score-in", &from),
            score_to: ed("index-change-score-in", &to),
            change: t(lang, "index-change-change").into(),
            rank_from: ed("index-change-rank-in", &from),
            rank_to: ed("index-change-rank-in", &to),
            interval_from: ed("index-change-interval-in", &from),
            interval_to: ed("index-change-interval-in", &to),
            beyond: t(lang, "index-change-beyond").into(),
            only_from: ed("index-change-only-in", &from),
            only_to: ed("index-change-only-in", &to),
            none: t(lang, "index-change-none").into(),
        },
        lines,
        only_from: change
            .only_from
            .iter()
            .map(|u| if u.name.is_empty() { u.unit.clone() } else { u.name.clone() })
            .collect(),
        only_to: change
            .only_to
            .iter()
            .map(|u| if u.name.is_empty() { u.unit.clone() } else { u.name.clone() })
            .collect(),
        chart: Chart { file: format!("{stem}-change.svg"), svg: change_dumbbell(&dumbbell)? },
        caption: both("index-change-dumbbell-caption"),
        trend,
    })
}

fn trend_view(labels: &[String], s: &Series, lang: &str, stem: &str, n: Numbers) -> Result<TrendView, ChartError> {
    let last = labels.len().saturating_sub(1);
    let mut order: Vec<usize> = (0..s.units.len()).collect();
    let latest_rank = |i: usize| s.units[i].ranks.get(last).copied().flatten();
    order.sort_by(|&a, &b| by_rank(latest_rank(a), latest_rank(b)).then(a.cmp(&b)));
    let lines = order
        .iter()
        .map(|&i| {
            let u = &s.units[i];
            SeriesLine {
                code: u.unit.clone(),
                name: u.name.clone(),
                cells: (0..labels.len())
                    .map(|k| match (u.scores.get(k).copied().flatten(), u.ranks.get(k).copied().flatten()) {
                        (None, None) => "—".to_string(),
                        (score, r) => format!("{} ({})", num(n, score, 1), rank(n, r)),
                    })
                    .collect(),
                net: signed(n, u.score_change, 1),
                slope: signed(n, u.score_slope, 2),
            }
        })
        .collect();
    let drawn: Vec<usize> = order.iter().copied().filter(|&i| latest_rank(i).is_some()).take(TREND_LINES).collect();
    let (lo, hi) = axis(drawn.iter().flat_map(|&i| s.units[i].scores.iter().flatten().copied()));
    let chart = ScoreTrend {
        editions: labels.to_vec(),
        lines: drawn
            .iter()
            .map(|&i| TrendLine { label: s.units[i].name.clone(), values: s.units[i].scores.clone() })
            .collect(),
        lo,
        hi,
        numbers: n,
    };
    let args = [
        ("n", Arg::from(labels.len() as f64)),
        ("shown", Arg::from(drawn.len() as f64)),
        ("edition", Arg::from(labels.last().cloned().unwrap_or_default())),
    ];
    Ok(TrendView {
        title: format(lang, "index-change-trend-title", &args),
        editions: labels.to_vec(),
        lines,
        chart: Chart { file: format!("{stem}-trend.svg"), svg: score_trend(&chart)? },
        caption: format(lang, "index-change-trend-caption", &args),
        net: t(lang, "index-change-net").into(),
        slope: t(lang, "index-change-slope").into(),
        cell_note: t(lang, "index-change-cell-note").into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::editions::{EditionUnit, compare, series};

    fn u(unit: &str, score: f64, rank: f64, iv: (f64, f64)) -> EditionUnit {
        EditionUnit {
            unit: unit.into(),
            name: format!("Institution {unit}"),
            score: Some(score),
            rank: Some(rank),
            rank_p05: Some(iv.0),
            rank_p95: Some(iv.1),
        }
    }

    #[test]
    fn the_section_lists_by_latest_rank_with_signed_changes() {
        let a = vec![u("a", 80.0, 1.0, (1.0, 1.0)), u("b", 40.0, 2.0, (2.0, 3.0)), u("gone", 5.0, 3.0, (3.0, 3.0))];
        let b = vec![u("a", 70.5, 2.0, (1.0, 2.0)), u("b", 90.0, 1.0, (1.0, 1.0))];
        let labels = ["2023".to_string(), "2024".to_string()];
        let s = section(&labels, &compare(&a, &b), None, "en", "x").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(s.lines.iter().map(|l| l.code.as_str()).collect::<Vec<_>>(), ["b", "a"]);
        assert_eq!((s.lines[0].score_change.as_str(), s.lines[0].rank_change.as_str()), ("+50.0", "−1"));
        assert_eq!((s.lines[1].score_change.as_str(), s.lines[1].rank_change.as_str()), ("−9.5", "+1"));
        assert!(s.lines[0].beyond_flag, "[2,3] and [1,1] are disjoint");
        assert!(!s.lines[1].beyond_flag, "[1,1] and [1,2] overlap");
        assert_eq!(s.only_from, ["Institution gone"]);
        assert!(s.title.contains("2023") && s.trend.is_none());
        let es = section(&labels, &compare(&a, &b), None, "es", "x").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(es.lines[1].score_change, "−9,5", "decimal comma in Spanish");
        let c = vec![u("a", 60.0, 1.0, (1.0, 2.0)), u("b", 50.0, 2.0, (1.0, 2.0))];
        let labels3 = ["2022".to_string(), "2023".into(), "2024".into()];
        let ser = series(&[a.clone(), b.clone(), c.clone()]);
        let s3 = section(&labels3, &compare(&b, &c), Some(&ser), "en", "x").unwrap_or_else(|e| panic!("{e}"));
        let trend = s3.trend.unwrap_or_else(|| panic!("three editions give a trend"));
        assert_eq!(trend.lines[0].code, "a");
        assert_eq!(trend.lines[0].cells, ["80.0 (1)", "70.5 (2)", "60.0 (1)"]);
        // a: 80, 70.5, 60 → slope −10, net −20.
        assert_eq!((trend.lines[0].net.as_str(), trend.lines[0].slope.as_str()), ("−20.0", "−10.00"));
        assert_eq!(trend.lines.last().map(|l| l.cells.clone()), Some(vec!["5.0 (3)".into(), "—".into(), "—".into()]));
    }
}
