//! Sub-pillar bars: one horizontal bar per row, coloured by stage, with the 95% CI as a whisker,
//! the mean at the bar's end and n at the right. Suppressed rows are hatched, without figures.

use plotters::style::WHITE;

use super::canvas::{Align, Canvas, Legend, RowLayout};
use super::palette::{GRID, INK, MUTED, dark, stage};
use super::{ChartError, Numbers, scale_x};

/// One bar. `mean == None` draws the row as suppressed.
#[derive(Debug, Clone, PartialEq)]
pub struct BarRow {
    pub label: String,
    pub mean: Option<f64>,
    pub ci: Option<(f64, f64)>,
    pub n: Option<u64>,
    /// 0-based stage of the mean.
    pub stage: Option<usize>,
}

/// What the bar chart shows; the axis runs from 1 to `stages.len()`.
#[derive(Debug, Clone, PartialEq)]
pub struct Bars {
    pub rows: Vec<BarRow>,
    pub stages: Vec<String>,
    pub suppressed_label: String,
    /// How the means are written.
    pub numbers: Numbers,
}

const W: u32 = 760;
const LABEL_W: i32 = 210;
const X0: i32 = 225;
const X1: i32 = 650;
const ROW: i32 = 30;
const TOP: i32 = 22;
/// Height of a line of a label that wraps.
const LINE: i32 = 16;

/// Draws the bars as an SVG document.
pub fn bars(data: &Bars) -> Result<String, ChartError> {
    let top = data.stages.len().max(2) as f64;
    // Labels are never cut: each wraps onto as many lines as it needs, and its row grows.
    let labels: Vec<(String, bool, u32)> =
        data.rows.iter().map(|r| (r.label.clone(), false, LABEL_W as u32 - 10)).collect();
    let rows = RowLayout::new(&labels, 14.0, ROW, LINE, TOP)?;
    let y_axis = rows.end;
    // The stage legend, three to a line, texts wrapped.
    let col_w = (W as i32 - 40) / 3;
    let texts: Vec<(String, bool)> =
        data.stages.iter().enumerate().map(|(s, name)| (format!("{} {name}", s + 1), false)).collect();
    let legend = Legend::new(&texts, 3, 20, col_w, col_w as u32 - 34, 13.0, LINE)?;
    let h = (y_axis + 23 + legend.height + 8) as u32;
    let mut out = String::new();
    {
        let c = Canvas::new(&mut out, W, h)?;
        let x = |v: f64| scale_x(v, 1.0, top, X0, X1);
        for tick in 1..=data.stages.len().max(2) {
            let tx = x(tick as f64);
            c.line(&[(tx, TOP - 4), (tx, y_axis)], GRID, 1)?;
            c.text(&tick.to_string(), tx, y_axis + 12, 13.0, MUTED, Align::Center)?;
        }
        c.bold("n", X1 + 100, 10, 12.0, MUTED, Align::Right)?;
        for (i, row) in data.rows.iter().enumerate() {
            let yc = rows.centre(i);
            c.lines(&rows.lines[i], LABEL_W, yc, LINE, 14.0, false, INK, Align::Right)?;
            let Some(mean) = row.mean else {
                c.hatched(X0, yc - 9, X0 + 60, yc + 9)?;
                c.text(&format!("— {}", data.suppressed_label), X0 + 68, yc, 13.0, MUTED, Align::Left)?;
                continue;
            };
            let fill = row.stage.map_or(GRID, |s| stage(s, data.stages.len()));
            let xe = x(mean);
            c.rect(X0, yc - 9, xe.max(X0 + 1), yc + 9, fill, None)?;
            let mut text_x = xe + 6;
            if let Some((lo, hi)) = row.ci {
                let (a, b) = (x(lo), x(hi));
                c.line(&[(a, yc), (b, yc)], WHITE, 5)?;
                c.line(&[(a, yc), (b, yc)], INK, 2)?;
                c.line(&[(a, yc - 6), (a, yc + 6)], INK, 2)?;
                c.line(&[(b, yc - 6), (b, yc + 6)], INK, 2)?;
                text_x = b + 6;
            }
            let m = data.numbers.num2(mean);
            if xe - X0 > 60 {
                let color = if dark(fill) { WHITE } else { INK };
                let at = row.ci.map_or(xe, |(lo, _)| x(lo)) - 5;
                c.bold(&m, at.max(X0 + 40), yc, 13.0, color, Align::Right)?;
            } else {
                c.bold(&m, text_x, yc, 13.0, INK, Align::Left)?;
            }
            if let Some(n) = row.n {
                c.text(&n.to_string(), X1 + 100, yc, 13.0, MUTED, Align::Right)?;
            }
        }
        // Stage legend.
        let ly = y_axis + 23;
        for (s, (lx, dy, lines)) in legend.entries.iter().enumerate() {
            let yy = ly + dy;
            c.rect(*lx, yy - 7, lx + 22, yy + 7, stage(s, data.stages.len()), None)?;
            c.lines(lines, lx + 28, yy, LINE, 13.0, false, INK, Align::Left)?;
        }
        c.finish()?;
    }
    Ok(out)
}
