//! Dumbbell chart of the perception gap: per pillar (bold) and sub-pillar, the public group's
//! mean and all other groups' mean joined by a bar; flagged gaps drawn in vermillion with "*".

use super::canvas::{Align, Canvas};
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

/// Draws the dumbbell chart as an SVG document.
pub fn dumbbell(data: &Dumbbell) -> Result<String, ChartError> {
    let top = data.scale_max.max(2) as f64;
    let y_axis = 8 + ROW * data.rows.len() as i32;
    let h = (y_axis + 60) as u32;
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
            let yc = 8 + ROW * i as i32 + ROW / 2;
            let text = if row.flagged { format!("{} *", row.label) } else { row.label.clone() };
            let indent = if row.bold { 0 } else { 12 };
            let label = c.fit(&text, 13.0, row.bold, (LABEL_W - indent) as u32 - 6);
            if row.bold {
                c.line(&[(10, yc - ROW / 2), (X1, yc - ROW / 2)], GRID, 1)?;
                c.bold(&label, LABEL_W, yc, 13.0, INK, Align::Right)?;
            } else {
                c.text(&label, LABEL_W, yc, 13.0, INK, Align::Right)?;
            }
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
        let ly = y_axis + 40;
        c.marker(0, 30, ly, series(1))?;
        c.text(&data.a_label, 42, ly, 13.0, INK, Align::Left)?;
        let bx = 60 + c.text_width(&data.a_label, 13.0, false) as i32 + 20;
        c.marker(3, bx, ly, series(2))?;
        c.text(&data.b_label, bx + 12, ly, 13.0, INK, Align::Left)?;
        let fx = bx + 32 + c.text_width(&data.b_label, 13.0, false) as i32 + 20;
        c.line(&[(fx, ly), (fx + 24, ly)], flag, 4)?;
        let t = c.fit(&format!("* {}", data.flag_label), 13.0, false, (W as i32 - fx - 34).max(20) as u32);
        c.text(&t, fx + 30, ly, 13.0, INK, Align::Left)?;
        c.finish()?;
    }
    Ok(out)
}
