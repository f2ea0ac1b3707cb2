//! Dumbbell chart of the perception gap: per pillar (bold) and sub-pillar, the public group's
//! mean and all other groups' mean joined by a bar; flagged gaps drawn in vermillion with "*".

use super::canvas::{Align, Canvas, Legend, RowLayout};
use super::palette::{GRID, INK, MUTED, series};
use super::{ChartError, scale_x};

/// One row: `a` = the public group, `b` = the others.
#[derive(Debug, Clone, PartialEq)]
pub struct DumbRow {
    pub label: String,
    /// Pillar rows are bold; sub-pillar rows indented.
    pub bold: bool,
    pub a: Option<f64>,
    pub b: Option<f64>,
    pub flagged: bool,
}

/// What the dumbbell chart shows; the axis runs from 1 to `scale_max`.
#[derive(Debug, Clone, PartialEq)]
pub struct Dumbbell {
    pub rows: Vec<DumbRow>,
    pub scale_max: usize,
    pub a_label: String,
    pub b_label: String,
    pub flag_label: String,
    pub missing_label: String,
}

const W: u32 = 760;
const LABEL_W: i32 = 220;
const X0: i32 = 240;
const X1: i32 = 730;
const ROW: i32 = 24;
/// Height of a line of a label that wraps.
const LINE: i32 = 15;

/// Draws the dumbbell chart as an SVG document.
pub fn dumbbell(data: &Dumbbell) -> Result<String, ChartError> {
    let top = data.scale_max.max(2) as f64;
    // Labels are never cut: each wraps onto as many lines as it needs, and its row grows.
    let labels: Vec<(String, bool, u32)> = data
        .rows
        .iter()
        .map(|r| {
            let indent = if r.bold { 0 } else { 12 };
            // Room for the flag's " *", which is kept on the label's last line.
            let flag = if r.flagged { 16 } else { 0 };
            (r.label.clone(), r.bold, (LABEL_W - indent - flag) as u32 - 6)
        })
        .collect();
    let mut rows = RowLayout::new(&labels, 13.0, ROW, LINE, 8)?;
    for (row, lines) in data.rows.iter().zip(rows.lines.iter_mut()) {
        if let (true, Some(last)) = (row.flagged, lines.last_mut()) {
            last.push_str(" *");
        }
    }
    let y_axis = rows.end;
    // The legend: the two markers and the flag, each text wrapped in its column.
    let col_w = (W as i32 - 40) / 3;
    let texts = [data.a_label.clone(), data.b_label.clone(), format!("* {}", data.flag_label)];
    let texts: Vec<(String, bool)> = texts.into_iter().map(|t| (t, false)).collect();
    let legend = Legend::new(&texts, 3, 20, col_w, col_w as u32 - 40, 13.0, LINE)?;
    let h = (y_axis + 30 + legend.height + 8) as u32;
    let flag = plotters::style::RGBColor(213, 94, 0);
    let mut out = String::new();
    {
        let c = Canvas::new(&mut out, W, h)?;
        let x = |v: f64| scale_x(v, 1.0, top, X0, X1);
        for tick in 1..=data.scale_max.max(2) {
            let tx = x(tick as f64);
            c.line(&[(tx, 4), (tx, y_axis)], GRID, 1)?;
            c.text(&tick.to_string(), tx, y_axis + 12, 13.0, MUTED, Align::Center)?;
        }
        for (i, row) in data.rows.iter().enumerate() {
            let yc = rows.centre(i);
            if row.bold {
                c.line(&[(10, rows.tops[i]), (X1, rows.tops[i])], GRID, 1)?;
            }
            c.lines(&rows.lines[i], LABEL_W, yc, LINE, 13.0, row.bold, INK, Align::Right)?;
            match (row.a, row.b) {
                (Some(a), Some(b)) => {
                    let color = if row.flagged { flag } else { GRID };
                    c.line(&[(x(a), yc), (x(b), yc)], color, if row.flagged { 4 } else { 3 })?;
                    c.marker(0, x(a), yc, series(1))?;
                    c.marker(3, x(b), yc, series(2))?;
                }
                _ => c.text(&format!("— {}", data.missing_label), X0 + 4, yc, 12.0, MUTED, Align::Left)?,
            }
        }
        let ly = y_axis + 30;
        for (k, (x, dy, lines)) in legend.entries.iter().enumerate() {
            let y = ly + dy;
            match k {
                0 => c.marker(0, x + 14, y, series(1))?,
                1 => c.marker(3, x + 14, y, series(2))?,
                _ => c.line(&[(*x, y), (x + 28, y)], flag, 4)?,
            }
            c.lines(lines, x + 36, y, LINE, 13.0, false, INK, Align::Left)?;
        }
        c.finish()?;
    }
    Ok(out)
}
