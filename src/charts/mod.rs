//! Charts of a report, drawn with plotters into SVG strings with the embedded DejaVu Sans font.
//! Pure: each chart takes plain data (labels already in the report's language, figures already
//! suppressed where they must be) and gives an SVG document. [`png`] turns one into a PNG.
//!
//! Colours come from [`palette`]: colour-blind safe, and still apart in greyscale print (ramps
//! monotone in lightness; series also differ by marker shape). A suppressed cell is drawn grey and
//! hatched with a "—", never with a figure.

mod bars;
pub mod canvas;
mod diverging;
mod dumbbell;
pub mod font;
mod heatmap;
mod numbers;
pub mod palette;
pub mod png;
mod radar;
mod rates;
mod slope;

pub use bars::{BarRow, Bars, bars};
pub use diverging::{DivRow, Diverging, diverging};
pub use dumbbell::{DumbRow, Dumbbell, dumbbell};
pub use heatmap::{HeatCell, HeatMap, heatmap};
pub use numbers::Numbers;
pub use radar::{Radar, Series, radar};
pub use rates::{RateRow, Rates, rates};
pub use slope::{Slope, SlopeSeries, slope};

/// Why a chart could not be drawn.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChartError {
    #[error("the embedded chart font could not be loaded")]
    Font,
    #[error("drawing failed: {0}")]
    Draw(String),
    #[error("PNG rendering failed: {0}")]
    Png(String),
}

/// Maps a value of `lo..hi` onto pixels `x0..x1`.
pub(crate) fn scale_x(v: f64, lo: f64, hi: f64, x0: i32, x1: i32) -> i32 {
    let t = if hi > lo { ((v - lo) / (hi - lo)).clamp(0.0, 1.0) } else { 0.0 };
    x0 + ((x1 - x0) as f64 * t).round() as i32
}
