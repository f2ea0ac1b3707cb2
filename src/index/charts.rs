//! The charts of an index, drawn on the report charts' canvas (embedded font, SVG): the ranking
//! with each institution's 5–95 % rank interval, and the indicator × institution heat map of
//! normalised scores. Labels come in already in the reader's language.

use plotters::style::WHITE;

use crate::charts::canvas::{Align, Canvas, RowLayout};
use crate::charts::palette::{GRID, INK, MUTED, dark, series, stage_at};
use crate::charts::{ChartError, Numbers};

/// One institution on the ranking chart.
#[derive(Debug, Clone, PartialEq)]
pub struct RankRow {
    pub label: String,
    pub score: f64,
    pub rank: f64,
    /// Median rank and 5–95 % interval under uncertainty, when analysed.
    pub interval: Option<(f64, f64, f64)>,
}

/// The ranking chart's data and texts.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranking {
    /// In headline rank order.
    pub rows: Vec<RankRow>,
    pub axis_label: String,
    pub headline_label: String,
    pub median_label: String,
    pub interval_label: String,
    pub numbers: Numbers,
}

const W: u32 = 760;
const LABEL_W: i32 = 250;
const LINE: i32 = 15;

/// Draws the ranking: rank 1 on the left; a dot at the headline rank, a diamond at the median
/// rank and a bar over the 5–95 % interval.
pub fn ranking(data: &Ranking) -> Result<String, ChartError> {
    let n = data.rows.len().max(1) as f64;
    let head = 34;
    let labels: Vec<(String, bool, u32)> = data
        .rows
        .iter()
        .map(|r| (format!("{} ({})", r.label, data.numbers.dec(r.score, 1)), false, LABEL_W as u32 - 8))
        .collect();
    let rows = RowLayout::new(&labels, 12.0, 24, LINE, head)?;
    let (x0, x1) = (LABEL_W + 16, W as i32 - 24);
    let x = |rank: f64| crate::charts::scale_x(rank, 1.0, n.max(2.0), x0, x1);
    let h = (rows.end + 70) as u32;
    let mut out = String::new();
    {
        let c = Canvas::new(&mut out, W, h)?;
        // Rank axis on top: 1 … n.
        let step = if n > 20.0 { 5 } else { 1 };
        for r in (1..=n as i32).filter(|r| *r == 1 || r % step == 0) {
            let xr = x(r as f64);
            c.line(&[(xr, head - 4), (xr, rows.end)], GRID, 1)?;
            c.text(&r.to_string(), xr, head - 14, 11.0, MUTED, Align::Center)?;
        }
        c.text(&data.axis_label, x0, 10, 12.0, INK, Align::Left)?;
        for (i, r) in data.rows.iter().enumerate() {
            let yc = rows.centre(i);
            c.lines(&rows.lines[i], LABEL_W, yc, LINE, 12.0, false, INK, Align::Right)?;
            if let Some((median, lo, hi)) = r.interval {
                c.rect(x(lo) - 1, yc - 3, x(hi) + 1, yc + 3, GRID, Some(MUTED))?;
                c.marker(3, x(median), yc, series(2))?;
            }
            c.marker(0, x(r.rank), yc, series(1))?;
        }
        // The legend: three entries, each as wide as its text.
        let ly = rows.end + 30;
        let mut lx = 24;
        c.marker(0, lx, ly, series(1))?;
        c.text(&data.headline_label, lx + 12, ly, 12.0, INK, Align::Left)?;
        lx += 12 + c.text_width(&data.headline_label, 12.0, false) as i32 + 28;
        c.marker(3, lx, ly, series(2))?;
        c.text(&data.median_label, lx + 12, ly, 12.0, INK, Align::Left)?;
        lx += 12 + c.text_width(&data.median_label, 12.0, false) as i32 + 28;
        c.rect(lx - 6, ly - 3, lx + 30, ly + 3, GRID, Some(MUTED))?;
        c.text(&data.interval_label, lx + 38, ly, 12.0, INK, Align::Left)?;
        c.finish()?;
    }
    Ok(out)
}

/// The heat map's data and texts.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoreMap {
    /// Institutions, in rank order.
    pub rows: Vec<String>,
    /// Indicators.
    pub cols: Vec<String>,
    /// `cells[row][col]`: the normalised score, `None` when missing.
    pub cells: Vec<Vec<Option<f64>>>,
    /// The colour ramp's ends (0 and 100 for min-max and goalposts).
    pub lo: f64,
    pub hi: f64,
    pub missing_label: String,
    pub low_label: String,
    pub high_label: String,
    pub numbers: Numbers,
}

/// Draws the indicator × institution heat map: dark for the best normalised scores.
pub fn score_map(data: &ScoreMap) -> Result<String, ChartError> {
    let label_w = 190;
    let ncol = data.cols.len().max(1) as i32;
    let cell_w = ((W as i32 - label_w - 16) / ncol).min(90);
    let heads: Vec<(String, bool, u32)> = data.cols.iter().map(|c| (c.clone(), true, cell_w as u32 - 4)).collect();
    let col_lines = RowLayout::new(&heads, 9.0, 0, 11, 0)?.lines;
    let head = 11 * col_lines.iter().map(Vec::len).max().unwrap_or(1) as i32 + 10;
    let labels: Vec<(String, bool, u32)> = data.rows.iter().map(|r| (r.clone(), false, label_w as u32 - 6)).collect();
    let rows = RowLayout::new(&labels, 12.0, 24, LINE, head)?;
    let h = (rows.end + 50) as u32;
    let x0 = label_w + 6;
    let t = |v: f64| if data.hi > data.lo { (v - data.lo) / (data.hi - data.lo) } else { 0.5 };
    let mut out = String::new();
    {
        let c = Canvas::new(&mut out, W, h)?;
        for (j, lines) in col_lines.iter().enumerate() {
            let cx = x0 + j as i32 * cell_w + cell_w / 2;
            let yc = head - 6 - 11 * lines.len() as i32 / 2;
            c.lines(lines, cx, yc, 11, 9.0, true, INK, Align::Center)?;
        }
        for i in 0..data.rows.len() {
            let (y, row_h) = (rows.tops[i], rows.heights[i]);
            c.lines(&rows.lines[i], label_w, rows.centre(i), LINE, 12.0, false, INK, Align::Right)?;
            for j in 0..data.cols.len() {
                let cx = x0 + j as i32 * cell_w;
                let (a, b, e, f) = (cx + 1, y + 1, cx + cell_w - 1, y + row_h - 1);
                match data.cells.get(i).and_then(|r| r.get(j)).copied().flatten() {
                    Some(v) => {
                        let fill = stage_at(t(v));
                        c.rect(a, b, e, f, fill, None)?;
                        let color = if dark(fill) { WHITE } else { INK };
                        c.text(&data.numbers.dec(v, 0), cx + cell_w / 2, y + row_h / 2, 11.0, color, Align::Center)?;
                    }
                    None => {
                        c.hatched(a, b, e, f)?;
                        c.bold("—", cx + cell_w / 2, y + row_h / 2, 12.0, INK, Align::Center)?;
                    }
                }
            }
        }
        let ly = rows.end + 24;
        for k in 0..9 {
            c.rect(x0 + k * 16, ly - 8, x0 + k * 16 + 16, ly + 8, stage_at(k as f64 / 8.0), None)?;
        }
        c.text(&data.low_label, x0 - 4, ly, 11.0, MUTED, Align::Right)?;
        c.text(&data.high_label, x0 + 9 * 16 + 4, ly, 11.0, MUTED, Align::Left)?;
        let mx = x0 + 9 * 16 + 150;
        c.hatched(mx, ly - 8, mx + 24, ly + 8)?;
        c.text(&data.missing_label, mx + 30, ly, 11.0, INK, Align::Left)?;
        c.finish()?;
    }
    Ok(out)
}
