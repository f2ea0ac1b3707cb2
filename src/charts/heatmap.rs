//! Gap heat map: rows (sub-pillars) × columns (groups), each cell the group mean minus the overall
//! mean on a diverging ramp with the signed figure printed; suppressed cells hatched with "—".

use plotters::style::WHITE;

use super::ChartError;
use super::canvas::{Align, Canvas};
use super::palette::{INK, MUTED, dark, diverging};

/// One cell.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum HeatCell {
    Value(f64),
    Suppressed,
    /// No figure for another reason (no overall, nobody answered).
    Empty,
}

/// What the heat map shows.
#[derive(Debug, Clone, PartialEq)]
pub struct HeatMap {
    pub rows: Vec<String>,
    pub cols: Vec<String>,
    /// `cells[row][col]`.
    pub cells: Vec<Vec<HeatCell>>,
    /// Legend texts: below the overall, above the overall, suppressed.
    pub below_label: String,
    pub above_label: String,
    pub suppressed_label: String,
}

const W: u32 = 760;
const LABEL_W: i32 = 200;
const ROW: i32 = 26;

/// Formats a signed gap with two decimals (true minus sign).
pub fn signed(v: f64) -> String {
    let v = if v.abs() < 0.005 { 0.0 } else { v };
    if v < 0.0 { format!("−{:.2}", -v) } else { format!("+{v:.2}") }
}

/// Draws the heat map as an SVG document.
pub fn heatmap(data: &HeatMap) -> Result<String, ChartError> {
    let ncol = data.cols.len().max(1) as i32;
    let cell_w = ((W as i32 - LABEL_W - 20) / ncol).min(110);
    let head = 40;
    let grid_h = ROW * data.rows.len() as i32;
    let h = (head + grid_h + 84) as u32;
    let max_abs = data
        .cells
        .iter()
        .flatten()
        .filter_map(|c| if let HeatCell::Value(v) = c { Some(v.abs()) } else { None })
        .fold(0.25_f64, f64::max);
    let mut out = String::new();
    {
        let c = Canvas::new(&mut out, W, h)?;
        let x0 = LABEL_W + 10;
        for (j, col) in data.cols.iter().enumerate() {
            let lines = c.wrap(col, 12.0, true, cell_w as u32 - 6, 2);
            let y = if lines.len() > 1 { head / 2 - 7 } else { head / 2 };
            for (k, line) in lines.iter().enumerate() {
                c.bold(line, x0 + j as i32 * cell_w + cell_w / 2, y + 15 * k as i32, 12.0, INK, Align::Center)?;
            }
        }
        for (i, row) in data.rows.iter().enumerate() {
            let y = head + i as i32 * ROW;
            let label = c.fit(row, 13.0, false, LABEL_W as u32 - 6);
            c.text(&label, LABEL_W, y + ROW / 2, 13.0, INK, Align::Right)?;
            for j in 0..data.cols.len() {
                let cx = x0 + j as i32 * cell_w;
                let (a, b) = (cx + 1, y + 1);
                let (e, f) = (cx + cell_w - 1, y + ROW - 1);
                match data.cells.get(i).and_then(|r| r.get(j)).copied().unwrap_or(HeatCell::Empty) {
                    HeatCell::Value(v) => {
                        let fill = diverging(0.5 + 0.5 * v / max_abs);
                        c.rect(a, b, e, f, fill, None)?;
                        let color = if dark(fill) { WHITE } else { INK };
                        c.text(&signed(v), cx + cell_w / 2, y + ROW / 2, 12.0, color, Align::Center)?;
                    }
                    HeatCell::Suppressed => {
                        c.hatched(a, b, e, f)?;
                        c.bold("—", cx + cell_w / 2, y + ROW / 2, 13.0, INK, Align::Center)?;
                    }
                    HeatCell::Empty => c.rect(a, b, e, f, WHITE, Some(MUTED))?,
                }
            }
        }
        // Legend: the ramp from −max to +max, then the suppressed mark.
        let ly = head + grid_h + 24;
        let steps = 9;
        for k in 0..steps {
            let t = k as f64 / (steps - 1) as f64;
            c.rect(x0 + k * 16, ly - 8, x0 + k * 16 + 16, ly + 8, diverging(t), None)?;
        }
        c.text(&signed(-max_abs), x0 - 4, ly, 12.0, MUTED, Align::Right)?;
        c.text(&signed(max_abs), x0 + steps * 16 + 4, ly, 12.0, MUTED, Align::Left)?;
        let tx = x0 + steps * 16 + 50;
        let legend = format!("{} · {}", data.below_label, data.above_label);
        let t = c.fit(&legend, 12.0, false, (W as i32 - tx - 6).max(20) as u32);
        c.text(&t, tx, ly, 12.0, INK, Align::Left)?;
        let (sx, sy) = (x0, ly + 24);
        c.hatched(sx, sy - 8, sx + 24, sy + 8)?;
        c.bold("—", sx + 12, sy, 12.0, INK, Align::Center)?;
        let s = c.fit(&data.suppressed_label, 12.0, false, 300);
        c.text(&s, sx + 30, sy, 12.0, INK, Align::Left)?;
        c.finish()?;
    }
    Ok(out)
}
