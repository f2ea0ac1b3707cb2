//! Response rates by group: started (light) and submitted (dark) shares of the invited, with the
//! counts at the right; suppressed groups hatched with "—".

use plotters::style::RGBColor;

use super::canvas::{Align, Canvas, RowLayout};
use super::palette::{GRID, INK, MUTED};
use super::{ChartError, Numbers, scale_x};

/// One group.
#[derive(Debug, Clone, PartialEq)]
pub struct RateRow {
    pub label: String,
    pub started: Option<f64>,
    pub submitted: Option<f64>,
    /// Right-hand note, e.g. "41% of 120".
    pub note: String,
    pub suppressed: bool,
}

/// What the chart shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Rates {
    pub rows: Vec<RateRow>,
    pub started_label: String,
    pub submitted_label: String,
    pub suppressed_label: String,
    /// How the axis' percentages are written.
    pub numbers: Numbers,
}

const W: u32 = 760;
const LABEL_W: i32 = 190;
const X0: i32 = 200;
const X1: i32 = 580;
const ROW: i32 = 28;
/// Height of a line of a label that wraps.
const LINE: i32 = 16;
const STARTED: RGBColor = RGBColor(166, 206, 227);
const SUBMITTED: RGBColor = RGBColor(0, 90, 150);

/// Draws the chart as an SVG document.
pub fn rates(data: &Rates) -> Result<String, ChartError> {
    // Labels are never cut: each wraps onto as many lines as it needs, and its row grows.
    let labels: Vec<(String, bool, u32)> =
        data.rows.iter().map(|r| (r.label.clone(), false, LABEL_W as u32 - 6)).collect();
    let rows = RowLayout::new(&labels, 14.0, ROW, LINE, 8)?;
    let y_axis = rows.end;
    let h = (y_axis + 56) as u32;
    let mut out = String::new();
    {
        let c = Canvas::new(&mut out, W, h)?;
        let x = |v: f64| scale_x(v, 0.0, 1.0, X0, X1);
        for k in 0..=4 {
            let v = k as f64 / 4.0;
            c.line(&[(x(v), 4), (x(v), y_axis)], GRID, 1)?;
            c.text(&data.numbers.percent(v, 0), x(v), y_axis + 12, 12.0, MUTED, Align::Center)?;
        }
        for (i, row) in data.rows.iter().enumerate() {
            let yc = rows.centre(i);
            c.lines(&rows.lines[i], LABEL_W, yc, LINE, 14.0, false, INK, Align::Right)?;
            if row.suppressed {
                c.hatched(X0, yc - 9, X0 + 60, yc + 9)?;
                c.text(&format!("— {}", data.suppressed_label), X0 + 68, yc, 13.0, MUTED, Align::Left)?;
                continue;
            }
            if let Some(s) = row.started {
                c.rect(X0, yc - 10, x(s).max(X0 + 1), yc + 10, STARTED, None)?;
            }
            if let Some(s) = row.submitted {
                c.rect(X0, yc - 6, x(s).max(X0 + 1), yc + 6, SUBMITTED, None)?;
            }
            let note = c.fit(&row.note, 13.0, false, (W as i32 - X1 - 14) as u32);
            c.text(&note, X1 + 10, yc, 13.0, INK, Align::Left)?;
        }
        let ly = y_axis + 38;
        c.rect(X0, ly - 8, X0 + 24, ly + 8, STARTED, None)?;
        c.text(&data.started_label, X0 + 30, ly, 13.0, INK, Align::Left)?;
        let sx = X0 + 60 + c.text_width(&data.started_label, 13.0, false) as i32;
        c.rect(sx, ly - 5, sx + 24, ly + 5, SUBMITTED, None)?;
        c.text(&data.submitted_label, sx + 30, ly, 13.0, INK, Align::Left)?;
        c.finish()?;
    }
    Ok(out)
}
