//! Radar of pillar scores: one axis per pillar, rings at each stage (labelled with the stage
//! names), the overall line in black and one line per published group.

use plotters::style::Color;

use super::ChartError;
use super::canvas::{Align, Canvas};
use super::palette::{GRID, INK, MUTED, series};

/// A named line of values, one per axis (`None`: no figure, e.g. suppressed).
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub name: String,
    pub values: Vec<Option<f64>>,
}

/// What the radar shows. Values run from 0 (centre) to `stages.len()` (outer ring).
#[derive(Debug, Clone, PartialEq)]
pub struct Radar {
    pub axes: Vec<String>,
    pub stages: Vec<String>,
    /// The first series is drawn heaviest (the overall figure).
    pub series: Vec<Series>,
}

const W: u32 = 760;
const R: f64 = 180.0;

fn point(cx: i32, cy: i32, axis: usize, n: usize, r: f64) -> (i32, i32) {
    let a = -std::f64::consts::FRAC_PI_2 + axis as f64 * std::f64::consts::TAU / n.max(1) as f64;
    (cx + (r * a.cos()).round() as i32, cy + (r * a.sin()).round() as i32)
}

/// Draws the radar as an SVG document.
pub fn radar(data: &Radar) -> Result<String, ChartError> {
    let n = data.axes.len().max(3);
    let top = data.stages.len().max(1) as f64;
    let legend_cols = 3usize;
    let legend_rows = data.series.len().div_ceil(legend_cols) as u32;
    let (cx, cy) = (W as i32 / 2, 40 + R as i32);
    let h = (cy as u32) + R as u32 + 50 + legend_rows * 22 + 10;
    let mut out = String::new();
    {
        let c = Canvas::new(&mut out, W, h)?;
        // Rings and spokes.
        for ring in 1..=data.stages.len() {
            let r = R * ring as f64 / top;
            let mut pts: Vec<(i32, i32)> = (0..n).map(|i| point(cx, cy, i, n, r)).collect();
            pts.extend(pts.first().copied());
            c.line(&pts, GRID, 1)?;
        }
        for i in 0..n {
            c.line(&[(cx, cy), point(cx, cy, i, n, R)], GRID, 1)?;
        }
        // Ring labels, between the first two spokes, on a white backing so lines don't cross them.
        for (ring, name) in data.stages.iter().enumerate() {
            let r = R * (ring + 1) as f64 / top;
            let (x, y) = point(cx, cy, 0, n, r);
            let label = format!("{} {}", ring + 1, name);
            let w = c.text_width(&label, 12.0, false) as i32;
            c.rect(x + 4, y - 7, x + 8 + w, y + 7, plotters::style::WHITE, None)?;
            c.text(&label, x + 6, y, 12.0, MUTED, Align::Left)?;
        }
        // Series: fills first, then lines and markers on top.
        for (s, ser) in data.series.iter().enumerate() {
            let color = series(s);
            let pts: Vec<(i32, i32)> = ser
                .values
                .iter()
                .enumerate()
                .filter_map(|(i, v)| v.map(|v| point(cx, cy, i, n, R * v.clamp(0.0, top) / top)))
                .collect();
            let complete = ser.values.iter().all(Option::is_some) && ser.values.len() == n;
            if complete {
                let mut closed = pts.clone();
                closed.extend(pts.first().copied());
                if s == 0 {
                    c.polygon(&pts, color.mix(0.08))?;
                }
                c.line(&closed, color, if s == 0 { 3 } else { 2 })?;
            }
            for &(x, y) in &pts {
                c.marker(s, x, y, color)?;
            }
        }
        // Axis labels outside the outer ring.
        for (i, label) in data.axes.iter().enumerate() {
            let (x, y) = point(cx, cy, i, n, R + 16.0);
            let align = if (x - cx).abs() < 10 {
                Align::Center
            } else if x > cx {
                Align::Left
            } else {
                Align::Right
            };
            let dy = if (x - cx).abs() < 10 { if y < cy { -6 } else { 6 } } else { 0 };
            let text = c.fit(label, 15.0, true, 190);
            c.bold(&text, x, y + dy, 15.0, INK, align)?;
        }
        // Legend.
        let y0 = cy + R as i32 + 45;
        let col_w = (W as i32 - 40) / legend_cols as i32;
        for (s, ser) in data.series.iter().enumerate() {
            let x = 20 + (s % legend_cols) as i32 * col_w;
            let y = y0 + (s / legend_cols) as i32 * 22;
            c.line(&[(x, y), (x + 28, y)], series(s), if s == 0 { 3 } else { 2 })?;
            c.marker(s, x + 14, y, series(s))?;
            let name = c.fit(&ser.name, 14.0, s == 0, col_w as u32 - 40);
            if s == 0 {
                c.bold(&name, x + 36, y, 14.0, INK, Align::Left)?;
            } else {
                c.text(&name, x + 36, y, 14.0, INK, Align::Left)?;
            }
        }
        c.finish()?;
    }
    Ok(out)
}
