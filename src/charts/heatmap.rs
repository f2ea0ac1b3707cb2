//! Gap heat map: rows (sub-pillars) × columns (groups), each cell the group mean minus the overall
//! mean on a diverging ramp with the signed figure printed; suppressed cells hatched with "—".

use plotters::style::WHITE;

use super::canvas::{Align, Canvas, RowLayout};
use super::palette::{INK, MUTED, dark, diverging};
use super::{ChartError, Numbers};

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
    /// How the gaps are written.
    pub numbers: Numbers,
}

const W: u32 = 760;
const LABEL_W: i32 = 200;
const ROW: i32 = 26;
/// Height of a line of a label that wraps.
const LINE: i32 = 15;

/// Draws the heat map as an SVG document.
pub fn heatmap(data: &HeatMap) -> Result<String, ChartError> {
    let ncol = data.cols.len().max(1) as i32;
    let cell_w = ((W as i32 - LABEL_W - 20) / ncol).min(110);
    // Column heads and row labels are never cut: they wrap, and the head or the row grows.
    // Narrow columns take a smaller head rather than breaking its words.
    let head_size = {
        let mut scratch = String::new();
        let m = Canvas::new(&mut scratch, 10, 10)?;
        m.size_for_words(&data.cols, &[12.0, 11.0, 10.0, 9.0], true, cell_w as u32 - 6)
    };
    let col_lines: Vec<Vec<String>> = {
        let heads: Vec<(String, bool, u32)> = data.cols.iter().map(|c| (c.clone(), true, cell_w as u32 - 6)).collect();
        RowLayout::new(&heads, head_size, 0, LINE, 0)?.lines
    };
    let head_lines = col_lines.iter().map(Vec::len).max().unwrap_or(1).max(2) as i32;
    let head = LINE * head_lines + 10;
    let labels: Vec<(String, bool, u32)> = data.rows.iter().map(|r| (r.clone(), false, LABEL_W as u32 - 6)).collect();
    let rows = RowLayout::new(&labels, 13.0, ROW, LINE, head)?;
    let grid_h = rows.end - head;
    // The legend's texts wrap in the room right of the ramp.
    let x0 = LABEL_W + 10;
    let tx = x0 + 9 * 16 + 50;
    let (legend, suppressed) = {
        let mut scratch = String::new();
        let m = Canvas::new(&mut scratch, 10, 10)?;
        let legend = format!("{} · {}", data.below_label, data.above_label);
        (
            m.wrap_all(&legend, 12.0, false, (W as i32 - tx - 6).max(60) as u32),
            m.wrap_all(&data.suppressed_label, 12.0, false, (W as i32 - x0 - 36) as u32),
        )
    };
    let legend_h = LINE * (legend.len() as i32 - 1);
    let h = (head + grid_h + 84 + legend_h + LINE * (suppressed.len() as i32 - 1)) as u32;
    let max_abs = data
        .cells
        .iter()
        .flatten()
        .filter_map(|c| if let HeatCell::Value(v) = c { Some(v.abs()) } else { None })
        .fold(0.25_f64, f64::max);
    let mut out = String::new();
    {
        let c = Canvas::new(&mut out, W, h)?;
        for (j, lines) in col_lines.iter().enumerate() {
            let cx = x0 + j as i32 * cell_w + cell_w / 2;
            // Heads sit on the grid: a short head is drawn in the lowest lines.
            let yc = head - 11 - LINE * (lines.len() as i32 - 1) / 2;
            c.lines(lines, cx, yc, LINE, head_size, true, INK, Align::Center)?;
        }
        for i in 0..data.rows.len() {
            let (y, row_h) = (rows.tops[i], rows.heights[i]);
            c.lines(&rows.lines[i], LABEL_W, rows.centre(i), LINE, 13.0, false, INK, Align::Right)?;
            for j in 0..data.cols.len() {
                let cx = x0 + j as i32 * cell_w;
                let (a, b) = (cx + 1, y + 1);
                let (e, f) = (cx + cell_w - 1, y + row_h - 1);
                match data.cells.get(i).and_then(|r| r.get(j)).copied().unwrap_or(HeatCell::Empty) {
                    HeatCell::Value(v) => {
                        let fill = diverging(0.5 + 0.5 * v / max_abs);
                        c.rect(a, b, e, f, fill, None)?;
                        let color = if dark(fill) { WHITE } else { INK };
                        c.text(&data.numbers.signed(v), cx + cell_w / 2, y + row_h / 2, 12.0, color, Align::Center)?;
                    }
                    HeatCell::Suppressed => {
                        c.hatched(a, b, e, f)?;
                        c.bold("—", cx + cell_w / 2, y + row_h / 2, 13.0, INK, Align::Center)?;
                    }
                    HeatCell::Empty => c.rect(a, b, e, f, WHITE, Some(MUTED))?,
                }
            }
        }
        // Legend: the ramp from −max to +max, then the suppressed mark.
        let ly = head + grid_h + 24 + legend_h / 2;
        let steps = 9;
        for k in 0..steps {
            let t = k as f64 / (steps - 1) as f64;
            c.rect(x0 + k * 16, ly - 8, x0 + k * 16 + 16, ly + 8, diverging(t), None)?;
        }
        c.text(&data.numbers.signed(-max_abs), x0 - 4, ly, 12.0, MUTED, Align::Right)?;
        c.text(&data.numbers.signed(max_abs), x0 + steps * 16 + 4, ly, 12.0, MUTED, Align::Left)?;
        c.lines(&legend, tx, ly, LINE, 12.0, false, INK, Align::Left)?;
        let (sx, sy) = (x0, ly + legend_h / 2 + 24 + LINE * (suppressed.len() as i32 - 1) / 2);
        c.hatched(sx, sy - 8, sx + 24, sy + 8)?;
        c.bold("—", sx + 12, sy, 12.0, INK, Align::Center)?;
        c.lines(&suppressed, sx + 30, sy, LINE, 12.0, false, INK, Align::Left)?;
        c.finish()?;
    }
    Ok(out)
}
