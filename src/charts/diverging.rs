//! Diverging stacked bars of the option distribution per item: options below the scale's middle
//! to the left of zero, above it to the right (the middle option split across zero); "don't
//! know" and "not applicable" set apart in their own panel on the right.

use plotters::style::WHITE;

use super::canvas::{Align, Canvas, Legend, RowLayout};
use super::palette::{DONT_KNOW, GRID, INK, MUTED, NOT_APPLICABLE, dark, stage_at as ramp};
use super::{ChartError, Numbers, scale_x};

/// One item. `shares`: (scale value 1..S, share of the substantive answers), in any order.
#[derive(Debug, Clone, PartialEq)]
pub struct DivRow {
    pub label: String,
    pub shares: Vec<(f64, f64)>,
    /// Shares of all respondents asked.
    pub dont_know: f64,
    pub not_applicable: f64,
    pub suppressed: bool,
}

/// What the chart shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Diverging {
    pub rows: Vec<DivRow>,
    pub scale_max: usize,
    /// Legend names of the scale points 1..S.
    pub legend: Vec<String>,
    pub dont_know_label: String,
    pub not_applicable_label: String,
    pub suppressed_label: String,
    /// How the shares are written.
    pub numbers: Numbers,
}

const W: u32 = 760;
const LABEL_W: i32 = 250;
const X0: i32 = 262;
const X1: i32 = 590;
const D0: i32 = 630;
const D1: i32 = 745;
const ROW: i32 = 24;
/// Height of a line of a label that wraps.
const LINE: i32 = 15;

fn round_up(x: f64) -> f64 {
    ((x * 4.0).ceil() / 4.0).clamp(0.25, 1.0)
}

/// Draws the chart as an SVG document.
pub fn diverging(data: &Diverging) -> Result<String, ChartError> {
    let top = data.scale_max.max(2) as f64;
    let mid = (1.0 + top) / 2.0;
    let sides = |r: &DivRow| {
        let low: f64 = r
            .shares
            .iter()
            .map(|&(v, s)| {
                if v < mid {
                    s
                } else if v == mid {
                    s / 2.0
                } else {
                    0.0
                }
            })
            .sum();
        let high: f64 = r
            .shares
            .iter()
            .map(|&(v, s)| {
                if v > mid {
                    s
                } else if v == mid {
                    s / 2.0
                } else {
                    0.0
                }
            })
            .sum();
        (low, high)
    };
    let span =
        round_up(data.rows.iter().filter(|r| !r.suppressed).map(|r| sides(r).0.max(sides(r).1)).fold(0.0, f64::max));
    let dk_span = round_up(
        data.rows.iter().filter(|r| !r.suppressed).map(|r| r.dont_know + r.not_applicable).fold(0.0, f64::max),
    );
    // Labels are never cut: each wraps onto as many lines as it needs, and its row grows.
    let labels: Vec<(String, bool, u32)> =
        data.rows.iter().map(|r| (r.label.clone(), false, LABEL_W as u32 - 6)).collect();
    // The head of the don't-know column wraps above it; the rows start below its last line.
    let head: Vec<String> = {
        let mut scratch = String::new();
        let m = Canvas::new(&mut scratch, 10, 10)?;
        let text = format!("{} / {}", data.dont_know_label, data.not_applicable_label);
        m.wrap_all(&text, 12.0, true, (D1 - X1 - 10) as u32)
    };
    let rows_top = 24 + LINE * (head.len() as i32 - 1);
    let rows = RowLayout::new(&labels, 13.0, ROW, LINE, rows_top)?;
    let y_axis = rows.end;
    // The legend: scale points, then the two missing codes, four to a line, texts wrapped.
    let col_w = (W as i32 - 40) / 4;
    let mut entries: Vec<(String, plotters::style::RGBColor)> =
        data.legend.iter().enumerate().map(|(k, l)| (l.clone(), ramp(k as f64 / (top - 1.0)))).collect();
    entries.push((data.dont_know_label.clone(), DONT_KNOW));
    entries.push((data.not_applicable_label.clone(), NOT_APPLICABLE));
    let texts: Vec<(String, bool)> = entries.iter().map(|(t, _)| (t.clone(), false)).collect();
    let legend = Legend::new(&texts, 4, 20, col_w, col_w as u32 - 34, 12.0, LINE)?;
    let h = (y_axis + 25 + legend.height + 6) as u32;
    let mut out = String::new();
    {
        let c = Canvas::new(&mut out, W, h)?;
        let centre = (X0 + X1) / 2;
        let xs = |v: f64| scale_x(v, -span, span, X0, X1);
        let xd = |v: f64| scale_x(v, 0.0, dk_span, D0, D1);
        let steps = (span / 0.25).round() as i32;
        for k in -steps..=steps {
            let v = 0.25 * k as f64;
            let color = if k == 0 { MUTED } else { GRID };
            c.line(&[(xs(v), rows_top - 4), (xs(v), y_axis)], color, 1)?;
            c.text(&data.numbers.percent(v.abs(), 0), xs(v), y_axis + 12, 12.0, MUTED, Align::Center)?;
        }
        for k in 0..=1 {
            let v = dk_span * k as f64;
            c.line(&[(xd(v), rows_top - 4), (xd(v), y_axis)], GRID, 1)?;
            c.text(&data.numbers.percent(v, 0), xd(v), y_axis + 12, 12.0, MUTED, Align::Center)?;
        }
        c.lines(&head, D1, 8 + LINE * (head.len() as i32 - 1) / 2, LINE, 12.0, true, INK, Align::Right)?;
        for (i, row) in data.rows.iter().enumerate() {
            let yc = rows.centre(i);
            c.lines(&rows.lines[i], LABEL_W, yc, LINE, 13.0, false, INK, Align::Right)?;
            if row.suppressed {
                c.hatched(centre - 30, yc - 8, centre + 30, yc + 8)?;
                c.text(&format!("— {}", data.suppressed_label), centre + 36, yc, 12.0, MUTED, Align::Left)?;
                continue;
            }
            let mut sorted = row.shares.clone();
            sorted.sort_by(|a, b| a.0.total_cmp(&b.0));
            // Right side: from the middle outwards in increasing order.
            // The middle option is split across zero and labelled once, with its whole share.
            let mut acc = 0.0;
            for &(v, s) in sorted.iter().filter(|(v, _)| *v >= mid) {
                let part = if v == mid { s / 2.0 } else { s };
                let label = if v == mid { 0.0 } else { part };
                segment(&c, xs(acc), xs(acc + part), yc, ramp((v - 1.0) / (top - 1.0)), label, data.numbers)?;
                acc += part;
            }
            let mut acc = 0.0;
            for &(v, s) in sorted.iter().rev().filter(|(v, _)| *v <= mid) {
                let part = if v == mid { s / 2.0 } else { s };
                let label = if v == mid { 0.0 } else { part };
                segment(&c, xs(-acc - part), xs(-acc), yc, ramp((v - 1.0) / (top - 1.0)), label, data.numbers)?;
                acc += part;
            }
            if let Some(&(_, s)) = sorted.iter().find(|(v, _)| *v == mid)
                && xs(s / 2.0) - xs(-s / 2.0) >= 30
            {
                c.text(&data.numbers.percent(s, 0), centre, yc, 11.0, INK, Align::Center)?;
            }
            segment(&c, xd(0.0), xd(row.dont_know), yc, DONT_KNOW, row.dont_know, data.numbers)?;
            segment(
                &c,
                xd(row.dont_know),
                xd(row.dont_know + row.not_applicable),
                yc,
                NOT_APPLICABLE,
                row.not_applicable,
                data.numbers,
            )?;
        }
        let ly = y_axis + 25;
        for ((x, dy, lines), (_, color)) in legend.entries.iter().zip(&entries) {
            let yy = ly + dy;
            c.rect(*x, yy - 7, x + 22, yy + 7, *color, Some(MUTED))?;
            c.lines(lines, x + 28, yy, LINE, 12.0, false, INK, Align::Left)?;
        }
        c.finish()?;
    }
    Ok(out)
}

fn segment(
    c: &Canvas,
    a: i32,
    b: i32,
    yc: i32,
    fill: plotters::style::RGBColor,
    share: f64,
    numbers: Numbers,
) -> Result<(), ChartError> {
    if b <= a {
        return Ok(());
    }
    c.rect(a, yc - 9, b, yc + 9, fill, Some(WHITE))?;
    if share > 0.0 && b - a >= 30 {
        let color = if dark(fill) { WHITE } else { INK };
        c.text(&numbers.percent(share, 0), (a + b) / 2, yc, 11.0, color, Align::Center)?;
    }
    Ok(())
}
