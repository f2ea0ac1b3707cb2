//! Slope chart of editions: one column per edition (two: a slope chart; three or more: a trend
//! line), one line per series (pillars, or groups of a pillar), the score scale upwards. A
//! figure that is suppressed or absent in an edition breaks the line there: no point is drawn.

use super::ChartError;
use super::canvas::{Align, Canvas, Legend};
use super::palette::{GRID, INK, MUTED, series};

/// One line across the editions.
#[derive(Debug, Clone, PartialEq)]
pub struct SlopeSeries {
    pub label: String,
    /// One per edition; `None` where there is no published figure.
    pub values: Vec<Option<f64>>,
}

/// What the slope chart shows; the axis runs from 1 to `scale_max`.
#[derive(Debug, Clone, PartialEq)]
pub struct Slope {
    /// Edition names, oldest first.
    pub editions: Vec<String>,
    pub series: Vec<SlopeSeries>,
    pub scale_max: usize,
}

const W: u32 = 760;
const X0: i32 = 90;
const X1: i32 = 700;
const TOP: i32 = 40;
const PLOT_H: i32 = 300;

/// Draws the slope (or trend) chart as an SVG document.
pub fn slope(data: &Slope) -> Result<String, ChartError> {
    let top = data.scale_max.max(2) as f64;
    let cols = data.editions.len().max(1);
    let x = |k: usize| if cols == 1 { (X0 + X1) / 2 } else { X0 + (X1 - X0) * k as i32 / (cols as i32 - 1) };
    let y = |v: f64| {
        let t = ((v - 1.0) / (top - 1.0)).clamp(0.0, 1.0);
        TOP + PLOT_H - (PLOT_H as f64 * t).round() as i32
    };
    let texts: Vec<(String, bool)> = data.series.iter().map(|s| (s.label.clone(), false)).collect();
    let legend = Legend::new(&texts, 3, 20, (W as i32 - 40) / 3, (W - 40) / 3 - 40, 13.0, 15)?;
    let axis = TOP + PLOT_H;
    let h = (axis + 50 + legend.height + 8) as u32;
    let mut out = String::new();
    {
        let c = Canvas::new(&mut out, W, h)?;
        for tick in 1..=data.scale_max.max(2) {
            let ty = y(tick as f64);
            c.line(&[(X0 - 20, ty), (X1 + 20, ty)], GRID, 1)?;
            c.text(&tick.to_string(), X0 - 30, ty, 13.0, MUTED, Align::Right)?;
        }
        for (k, name) in data.editions.iter().enumerate() {
            c.line(&[(x(k), TOP - 10), (x(k), axis)], GRID, 1)?;
            let fitted = c.fit(name, 13.0, true, ((X1 - X0) as u32 / cols as u32).max(80));
            c.bold(&fitted, x(k), axis + 20, 13.0, INK, Align::Center)?;
        }
        for (i, s) in data.series.iter().enumerate() {
            let colour = series(i);
            for (k, pair) in s.values.windows(2).enumerate() {
                if let (Some(a), Some(b)) = (pair[0], pair[1]) {
                    c.line(&[(x(k), y(a)), (x(k + 1), y(b))], colour, if i == 0 { 3 } else { 2 })?;
                }
            }
            for (k, v) in s.values.iter().enumerate() {
                if let Some(v) = v {
                    c.marker(i, x(k), y(*v), colour)?;
                }
            }
        }
        let ly = axis + 50;
        for (k, (lx, dy, lines)) in legend.entries.iter().enumerate() {
            let yy = ly + dy;
            c.line(&[(*lx, yy), (lx + 28, yy)], series(k), 2)?;
            c.marker(k, lx + 14, yy, series(k))?;
            c.lines(lines, lx + 36, yy, 15, 13.0, false, INK, Align::Left)?;
        }
        c.finish()?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_gap_breaks_the_line() {
        let svg = slope(&Slope {
            editions: vec!["2024".into(), "2025".into(), "2026".into()],
            series: vec![
                SlopeSeries { label: "Overall".into(), values: vec![Some(2.0), Some(2.5), Some(3.1)] },
                SlopeSeries { label: "Gobierno".into(), values: vec![Some(2.2), None, Some(3.0)] },
            ],
            scale_max: 5,
        })
        .unwrap_or_else(|e| panic!("{e}"));
        assert!(svg.starts_with("<svg") && svg.contains("2026") && svg.contains("Gobierno"));
        // Lines: the overall's two segments, and the two legend swatches; none for Gobierno,
        // whose middle figure is missing (each line is a path of two points).
        let two_point_paths = svg.matches("<polyline").count() + svg.matches("<path").count();
        let full = slope(&Slope {
            editions: vec!["2024".into(), "2025".into(), "2026".into()],
            series: vec![
                SlopeSeries { label: "Overall".into(), values: vec![Some(2.0), Some(2.5), Some(3.1)] },
                SlopeSeries { label: "Gobierno".into(), values: vec![Some(2.2), Some(2.4), Some(3.0)] },
            ],
            scale_max: 5,
        })
        .unwrap_or_else(|e| panic!("{e}"));
        let full_paths = full.matches("<polyline").count() + full.matches("<path").count();
        assert_eq!(full_paths, two_point_paths + 2, "the gap removes Gobierno's two segments");
    }
}
