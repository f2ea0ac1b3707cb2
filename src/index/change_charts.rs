//! The charts of an index's change over editions, on the report charts' canvas (embedded font,
//! SVG): the "then → now" dumbbell of each institution's score between two editions (the bar in
//! vermillion where the rank moved beyond both rank intervals), and the trend of the scores over
//! three or more editions, one line per institution. Labels wrap instead of being cut; they
//! come in already in the reader's language.

use crate::charts::canvas::{Align, Canvas, Legend, RowLayout};
use crate::charts::palette::{GRID, INK, MUTED, series};
use crate::charts::{ChartError, Numbers, scale_x};

/// One institution on the dumbbell.
#[derive(Debug, Clone, PartialEq)]
pub struct ChangeRow {
    pub label: String,
    pub from: Option<f64>,
    pub to: Option<f64>,
    /// The rank moved beyond both editions' 5–95 % rank intervals.
    pub beyond: bool,
}

/// The dumbbell's data and texts; the score axis runs from `lo` to `hi`.
#[derive(Debug, Clone, PartialEq)]
pub struct ChangeDumbbell {
    pub rows: Vec<ChangeRow>,
    pub lo: f64,
    pub hi: f64,
    pub from_label: String,
    pub to_label: String,
    pub beyond_label: String,
    pub missing_label: String,
    pub numbers: Numbers,
}

const W: u32 = 760;
const LABEL_W: i32 = 250;
const X0: i32 = 270;
const X1: i32 = 730;
const LINE: i32 = 15;
const FLAG: plotters::style::RGBColor = plotters::style::RGBColor(213, 94, 0);

/// Ticks every `step` from `lo` to `hi` (about five to ten of them).
fn ticks(lo: f64, hi: f64) -> Vec<f64> {
    let span = (hi - lo).abs().max(1e-9);
    let raw = span / 8.0;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0].iter().map(|m| m * mag).find(|s| *s >= raw).unwrap_or(10.0 * mag);
    let mut v = (lo / step).ceil() * step;
    let mut out = Vec::new();
    while v <= hi + 1e-9 && out.len() < 50 {
        out.push(v);
        v += step;
    }
    out
}

/// The axis's ends for `values`: 0–100 when they fit, else their range widened a little.
pub fn axis(values: impl Iterator<Item = f64>) -> (f64, f64) {
    let (lo, hi) = values.filter(|v| v.is_finite()).fold((0.0f64, 100.0f64), |(a, b), v| (a.min(v), b.max(v)));
    if hi - lo < 1e-9 { (lo - 1.0, hi + 1.0) } else { (lo, hi) }
}

/// Draws the dumbbell as an SVG document.
pub fn change_dumbbell(data: &ChangeDumbbell) -> Result<String, ChartError> {
    let labels: Vec<(String, bool, u32)> = data
        .rows
        .iter()
        .map(|r| {
            let flag = if r.beyond { 16 } else { 0 };
            (r.label.clone(), false, (LABEL_W - flag) as u32 - 6)
        })
        .collect();
    let mut rows = RowLayout::new(&labels, 12.0, 22, LINE, 8)?;
    for (row, lines) in data.rows.iter().zip(rows.lines.iter_mut()) {
        if let (true, Some(last)) = (row.beyond, lines.last_mut()) {
            last.push_str(" *");
        }
    }
    let y_axis = rows.end;
    let col_w = (W as i32 - 40) / 3;
    let texts: Vec<(String, bool)> =
        [data.from_label.clone(), data.to_label.clone(), format!("* {}", data.beyond_label)]
            .into_iter()
            .map(|t| (t, false))
            .collect();
    let legend = Legend::new(&texts, 3, 20, col_w, col_w as u32 - 40, 12.0, LINE)?;
    let h = (y_axis + 30 + legend.height + 8) as u32;
    let x = |v: f64| scale_x(v, data.lo, data.hi, X0, X1);
    let mut out = String::new();
    {
        let c = Canvas::new(&mut out, W, h)?;
        for t in ticks(data.lo, data.hi) {
            let tx = x(t);
            c.line(&[(tx, 4), (tx, y_axis)], GRID, 1)?;
            c.text(&data.numbers.dec(t, 0), tx, y_axis + 12, 11.0, MUTED, Align::Center)?;
        }
        for (i, row) in data.rows.iter().enumerate() {
            let yc = rows.centre(i);
            c.lines(&rows.lines[i], LABEL_W, yc, LINE, 12.0, false, INK, Align::Right)?;
            match (row.from, row.to) {
                (Some(a), Some(b)) => {
                    let colour = if row.beyond { FLAG } else { GRID };
                    c.line(&[(x(a), yc), (x(b), yc)], colour, if row.beyond { 4 } else { 3 })?;
                    c.marker(0, x(a), yc, series(1))?;
                    c.marker(3, x(b), yc, series(2))?;
                }
                _ => c.text(&format!("— {}", data.missing_label), X0 + 4, yc, 11.0, MUTED, Align::Left)?,
            }
        }
        let ly = y_axis + 30;
        for (k, (lx, dy, lines)) in legend.entries.iter().enumerate() {
            let y = ly + dy;
            match k {
                0 => c.marker(0, lx + 14, y, series(1))?,
                1 => c.marker(3, lx + 14, y, series(2))?,
                _ => c.line(&[(*lx, y), (lx + 28, y)], FLAG, 4)?,
            }
            c.lines(lines, lx + 36, y, LINE, 12.0, false, INK, Align::Left)?;
        }
        c.finish()?;
    }
    Ok(out)
}

/// One institution's scores over the editions (`None`: not assessed, the line breaks there).
#[derive(Debug, Clone, PartialEq)]
pub struct TrendLine {
    pub label: String,
    pub values: Vec<Option<f64>>,
}

/// The trend chart's data: edition names (oldest first), one line per institution, the score
/// axis from `lo` to `hi`.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoreTrend {
    pub editions: Vec<String>,
    pub lines: Vec<TrendLine>,
    pub lo: f64,
    pub hi: f64,
    pub numbers: Numbers,
}

const TOP: i32 = 30;
const PLOT_H: i32 = 300;
const TX0: i32 = 90;
const TX1: i32 = 700;

/// Draws the trend of the scores as an SVG document.
pub fn score_trend(data: &ScoreTrend) -> Result<String, ChartError> {
    let cols = data.editions.len().max(1);
    let x = |k: usize| if cols == 1 { (TX0 + TX1) / 2 } else { TX0 + (TX1 - TX0) * k as i32 / (cols as i32 - 1) };
    let span = (data.hi - data.lo).abs().max(1e-9);
    let y = |v: f64| {
        let t = ((v - data.lo) / span).clamp(0.0, 1.0);
        TOP + PLOT_H - (PLOT_H as f64 * t).round() as i32
    };
    let texts: Vec<(String, bool)> = data.lines.iter().map(|s| (s.label.clone(), false)).collect();
    let col_w = (W as i32 - 40) / 2;
    let legend = Legend::new(&texts, 2, 20, col_w, col_w as u32 - 44, 12.0, LINE)?;
    let axis = TOP + PLOT_H;
    let h = (axis + 46 + legend.height + 8) as u32;
    let mut out = String::new();
    {
        let c = Canvas::new(&mut out, W, h)?;
        for t in ticks(data.lo, data.hi) {
            let ty = y(t);
            c.line(&[(TX0 - 20, ty), (TX1 + 20, ty)], GRID, 1)?;
            c.text(&data.numbers.dec(t, 0), TX0 - 30, ty, 11.0, MUTED, Align::Right)?;
        }
        for (k, name) in data.editions.iter().enumerate() {
            c.line(&[(x(k), TOP - 10), (x(k), axis)], GRID, 1)?;
            let fitted = c.fit(name, 12.0, true, ((TX1 - TX0) as u32 / cols as u32).max(80));
            c.bold(&fitted, x(k), axis + 20, 12.0, INK, Align::Center)?;
        }
        for (i, s) in data.lines.iter().enumerate() {
            let colour = series(i);
            for (k, pair) in s.values.windows(2).enumerate() {
                if let (Some(a), Some(b)) = (pair[0], pair[1]) {
                    c.line(&[(x(k), y(a)), (x(k + 1), y(b))], colour, 2)?;
                }
            }
            for (k, v) in s.values.iter().enumerate() {
                if let Some(v) = v {
                    c.marker(i, x(k), y(*v), colour)?;
                }
            }
        }
        let ly = axis + 46;
        for (k, (lx, dy, lines)) in legend.entries.iter().enumerate() {
            let yy = ly + dy;
            c.line(&[(*lx, yy), (lx + 28, yy)], series(k), 2)?;
            c.marker(k, lx + 14, yy, series(k))?;
            c.lines(lines, lx + 36, yy, LINE, 12.0, false, INK, Align::Left)?;
        }
        c.finish()?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_cover_the_axis_at_a_round_step() {
        assert_eq!(ticks(0.0, 100.0), [0.0, 20.0, 40.0, 60.0, 80.0, 100.0]);
        assert_eq!(ticks(-2.0, 2.0), [-2.0, -1.5, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5, 2.0]);
        assert_eq!(axis([20.0, 80.0].into_iter()), (0.0, 100.0));
        assert_eq!(axis([-1.5, 2.0].into_iter()), (-1.5, 100.0));
    }

    #[test]
    fn a_long_name_wraps_and_a_missing_score_is_said() {
        let long = "Superintendencia de Administración Tributaria y de Aduanas del Estado".to_string();
        let d = ChangeDumbbell {
            rows: vec![
                ChangeRow { label: long.clone(), from: Some(40.0), to: Some(70.0), beyond: true },
                ChangeRow { label: "B".into(), from: None, to: Some(10.0), beyond: false },
            ],
            lo: 0.0,
            hi: 100.0,
            from_label: "2023".into(),
            to_label: "2024".into(),
            beyond_label: "beyond".into(),
            missing_label: "no score".into(),
            numbers: Numbers::for_language("en"),
        };
        let svg = change_dumbbell(&d).unwrap_or_else(|e| panic!("{e}"));
        assert!(svg.starts_with("<svg") && svg.contains("— no score"));
        assert!(!svg.contains(&long), "the long name is wrapped onto several lines");
        assert!(svg.contains("Superintendencia"));
        let t = score_trend(&ScoreTrend {
            editions: vec!["2022".into(), "2023".into(), "2024".into()],
            lines: vec![TrendLine { label: long, values: vec![Some(10.0), None, Some(30.0)] }],
            lo: 0.0,
            hi: 100.0,
            numbers: Numbers::for_language("en"),
        })
        .unwrap_or_else(|e| panic!("{e}"));
        assert!(t.contains("2024") && t.contains("Superintendencia"));
    }
}
