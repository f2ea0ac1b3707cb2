//! Colours: Okabe-Ito for series (colour-blind safe), one viridis ramp for stages and the scores
//! that lead to them, and a purple-orange diverging ramp for gaps. Ramps run monotonically in lightness so
//! they still read in greyscale print; series also differ by marker shape.

use plotters::style::RGBColor;

pub const INK: RGBColor = RGBColor(33, 33, 33);
pub const MUTED: RGBColor = RGBColor(110, 110, 110);
pub const GRID: RGBColor = RGBColor(215, 215, 215);
pub const SUPPRESSED: RGBColor = RGBColor(232, 232, 232);
pub const HATCH: RGBColor = RGBColor(150, 150, 150);
pub const DONT_KNOW: RGBColor = RGBColor(190, 190, 190);
pub const NOT_APPLICABLE: RGBColor = RGBColor(140, 140, 140);

/// Okabe-Ito, black first (the overall line), then the most distinct hues.
pub const SERIES: [RGBColor; 8] = [
    RGBColor(0, 0, 0),
    RGBColor(0, 114, 178),
    RGBColor(230, 159, 0),
    RGBColor(0, 158, 115),
    RGBColor(204, 121, 167),
    RGBColor(213, 94, 0),
    RGBColor(86, 180, 233),
    RGBColor(240, 228, 66),
];

/// Colour of series `i` (0 = overall).
pub fn series(i: usize) -> RGBColor {
    SERIES[i % SERIES.len()]
}

/// Viridis samples, dark to light.
const VIRIDIS: [(f64, f64, f64); 5] =
    [(68.0, 1.0, 84.0), (59.0, 82.0, 139.0), (33.0, 145.0, 140.0), (94.0, 201.0, 98.0), (253.0, 231.0, 37.0)];

fn lerp(a: (f64, f64, f64), b: (f64, f64, f64), t: f64) -> RGBColor {
    let m = |x: f64, y: f64| (x + (y - x) * t).round().clamp(0.0, 255.0) as u8;
    RGBColor(m(a.0, b.0), m(a.1, b.1), m(a.2, b.2))
}

fn ramp(stops: &[(f64, f64, f64)], t: f64) -> RGBColor {
    let t = if t.is_finite() { t.clamp(0.0, 1.0) } else { 0.0 };
    let last = stops.len().saturating_sub(1);
    if last == 0 {
        return stops.first().map_or(RGBColor(128, 128, 128), |&s| lerp(s, s, 0.0));
    }
    let pos = t * last as f64;
    let i = (pos.floor() as usize).min(last - 1);
    lerp(stops[i], stops[i + 1], pos - i as f64)
}

/// Colour of stage `index` of `count` (0 = lowest): light for low stages, dark for high ones.
pub fn stage(index: usize, count: usize) -> RGBColor {
    stage_at(if count <= 1 { 0.5 } else { index as f64 / (count - 1) as f64 })
}

/// The stage ramp at `t` (0 = lowest stage, 1 = highest): every chart that shows stages or the
/// scores that lead to them (bars, answer distributions, legends) colours them with it.
pub fn stage_at(t: f64) -> RGBColor {
    ramp(&VIRIDIS, 1.0 - t.clamp(0.0, 1.0) * 0.92)
}

/// Whether text on `c` should be white.
pub fn dark(c: RGBColor) -> bool {
    0.299 * c.0 as f64 + 0.587 * c.1 as f64 + 0.114 * c.2 as f64 <= 140.0
}

/// PuOr-like diverging ramp: `t` = 0 orange (low) … 0.5 light grey … 1 purple (high).
pub fn diverging(t: f64) -> RGBColor {
    const STOPS: [(f64, f64, f64); 5] =
        [(179.0, 88.0, 6.0), (241.0, 163.0, 64.0), (240.0, 240.0, 240.0), (153.0, 142.0, 195.0), (84.0, 39.0, 136.0)];
    ramp(&STOPS, t)
}
