//! Radar of pillar scores: one axis per pillar, rings at each stage (labelled with the stage
//! names), the overall line in black and one line per published group.

use plotters::style::Color;

use super::ChartError;
use super::canvas::{Align, Canvas, Legend};
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
/// Height of a line of an axis label that wraps.
const LINE: i32 = 18;

fn point(cx: i32, cy: i32, axis: usize, n: usize, r: f64) -> (i32, i32) {
    let a = -std::f64::consts::FRAC_PI_2 + axis as f64 * std::f64::consts::TAU / n.max(1) as f64;
    (cx + (r * a.cos()).round() as i32, cy + (r * a.sin()).round() as i32)
}

/// Draws the radar as an SVG document.
pub fn radar(data: &Radar) -> Result<String, ChartError> {
    let n = data.axes.len().max(3);
    let top = data.stages.len().max(1) as f64;
    let legend_cols = 3usize;
    let col_w = (W as i32 - 40) / legend_cols as i32;
    let names: Vec<(String, bool)> =
        data.series.iter().enumerate().map(|(s, ser)| (ser.name.clone(), s == 0)).collect();
    let legend = Legend::new(&names, legend_cols, 20, col_w, col_w as u32 - 40, 14.0, 17)?;
    // Axis labels are never cut: each wraps in the room between its spoke and the canvas edge.
    let mut scratch = String::new();
    let probe = Canvas::new(&mut scratch, 10, 10)?;
    let placed: Vec<(i32, i32, Align, Vec<String>)> = data
        .axes
        .iter()
        .enumerate()
        .map(|(i, label)| {
            let (x, y) = point(0, 0, i, n, R + 16.0);
            let (align, room) = if x.abs() < 10 {
                (Align::Center, 300)
            } else if x > 0 {
                (Align::Left, W as i32 / 2 - x - 6)
            } else {
                (Align::Right, W as i32 / 2 + x - 6)
            };
            (x, y, align, probe.wrap_all(label, 15.0, true, room.clamp(60, 300) as u32))
        })
        .collect();
    // Room above and below the rings for labels of several lines.
    let extra = |above: bool| {
        placed
            .iter()
            .filter(|(_, y, _, _)| if above { *y < -(R as i32) / 2 } else { *y > R as i32 / 2 })
            .map(|(_, _, _, l)| LINE * (l.len() as i32 - 1))
            .max()
            .unwrap_or(0)
    };
    let (cx, cy) = (W as i32 / 2, 40 + extra(true) + R as i32);
    let h = (cy + R as i32 + 50 + extra(false) + legend.height + 10) as u32;
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
        // Axis labels outside the outer ring: above the top, below the bottom, beside the sides.
        for (x, y, align, lines) in &placed {
            let (x, y) = (cx + x, cy + y);
            let span = LINE * (lines.len() as i32 - 1) / 2;
            let yc = match align {
                Align::Center if y < cy => y - 6 - span,
                Align::Center => y + 6 + span,
                _ => y,
            };
            c.lines(lines, x, yc, LINE, 15.0, true, INK, *align)?;
        }
        // Legend.
        let y0 = cy + R as i32 + 34 + extra(false);
        for (s, (x, dy, lines)) in legend.entries.iter().enumerate() {
            let y = y0 + dy;
            c.line(&[(*x, y), (x + 28, y)], series(s), if s == 0 { 3 } else { 2 })?;
            c.marker(s, x + 14, y, series(s))?;
            c.lines(lines, x + 36, y, 17, 14.0, s == 0, INK, Align::Left)?;
        }
        c.finish()?;
    }
    Ok(out)
}
