//! A thin drawing surface over plotters' SVG backend: pixel coordinates, the embedded font,
//! text measured with that font (so labels can be fitted), and the few shapes the charts use.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::ChartError;
use super::font::FAMILY;

/// Horizontal anchor of a text.
#[derive(Debug, Clone, Copy)]
pub enum Align {
    Left,
    Center,
    Right,
}

/// A drawing area writing SVG into a string owned by the caller.
pub struct Canvas<'a> {
    area: DrawingArea<SVGBackend<'a>, Shift>,
}

fn err<E: std::fmt::Display>(e: E) -> ChartError {
    ChartError::Draw(e.to_string())
}

impl<'a> Canvas<'a> {
    /// A white canvas of `w` × `h` pixels writing into `out`.
    pub fn new(out: &'a mut String, w: u32, h: u32) -> Result<Self, ChartError> {
        super::font::register()?;
        let area = SVGBackend::with_string(out, (w, h)).into_drawing_area();
        area.fill(&WHITE).map_err(err)?;
        Ok(Self { area })
    }

    /// Writes the SVG out.
    pub fn finish(self) -> Result<(), ChartError> {
        self.area.present().map_err(err)
    }

    fn style(size: f64, bold: bool, color: RGBColor, align: Align) -> TextStyle<'static> {
        let weight = if bold { FontStyle::Bold } else { FontStyle::Normal };
        let h = match align {
            Align::Left => HPos::Left,
            Align::Center => HPos::Center,
            Align::Right => HPos::Right,
        };
        TextStyle {
            font: FontDesc::new(FontFamily::Name(FAMILY), size, weight),
            color: color.to_backend_color(),
            pos: Pos::new(h, VPos::Center),
        }
    }

    /// Width of `text` in pixels at `size`.
    pub fn text_width(&self, text: &str, size: f64, bold: bool) -> u32 {
        let style = Self::style(size, bold, BLACK, Align::Left);
        self.area.estimate_text_size(text, &style).map_or(text.chars().count() as u32 * 7, |(w, _)| w)
    }

    /// `text` shortened with "…" so that it fits in `max` pixels.
    pub fn fit(&self, text: &str, size: f64, bold: bool, max: u32) -> String {
        if self.text_width(text, size, bold) <= max {
            return text.to_string();
        }
        let chars: Vec<char> = text.chars().collect();
        for keep in (1..chars.len()).rev() {
            let candidate: String = chars[..keep].iter().collect::<String>().trim_end().to_string() + "…";
            if self.text_width(&candidate, size, bold) <= max {
                return candidate;
            }
        }
        "…".to_string()
    }

    /// `text` broken at spaces into as many lines of `max` pixels as it needs: nothing is cut.
    /// (A single word wider than `max` is broken between its letters, with a hyphen.)
    pub fn wrap_all(&self, text: &str, size: f64, bold: bool, max: u32) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let mut current = String::new();
        for word in text.split_whitespace() {
            let candidate = if current.is_empty() { word.to_string() } else { format!("{current} {word}") };
            if self.text_width(&candidate, size, bold) <= max {
                current = candidate;
                continue;
            }
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            // The word alone: whole if it fits, else in hyphenated pieces that do.
            if self.text_width(word, size, bold) <= max {
                current = word.to_string();
                continue;
            }
            for ch in word.chars() {
                let longer = format!("{current}{ch}");
                if !current.is_empty() && self.text_width(&format!("{longer}-"), size, bold) > max {
                    out.push(format!("{}-", std::mem::take(&mut current)));
                    current.push(ch);
                } else {
                    current = longer;
                }
            }
        }
        if !current.is_empty() || out.is_empty() {
            out.push(current);
        }
        out
    }

    /// The largest of `sizes` at which every word of `texts` fits in `max` pixels (else the last).
    pub fn size_for_words(&self, texts: &[String], sizes: &[f64], bold: bool, max: u32) -> f64 {
        let fits =
            |size: f64| texts.iter().flat_map(|t| t.split_whitespace()).all(|w| self.text_width(w, size, bold) <= max);
        sizes.iter().copied().find(|&s| fits(s)).or(sizes.last().copied()).unwrap_or(12.0)
    }

    /// Lines of text stacked `step` pixels apart, the block vertically centred on `yc`.
    #[allow(clippy::too_many_arguments)]
    pub fn lines(
        &self,
        lines: &[String],
        x: i32,
        yc: i32,
        step: i32,
        size: f64,
        bold: bool,
        color: RGBColor,
        align: Align,
    ) -> Result<(), ChartError> {
        let first = yc - step * (lines.len() as i32 - 1) / 2;
        for (k, line) in lines.iter().enumerate() {
            let y = first + step * k as i32;
            if bold {
                self.bold(line, x, y, size, color, align)?;
            } else {
                self.text(line, x, y, size, color, align)?;
            }
        }
        Ok(())
    }

    /// Text vertically centred on `y`.
    pub fn text(&self, text: &str, x: i32, y: i32, size: f64, color: RGBColor, align: Align) -> Result<(), ChartError> {
        self.area.draw(&Text::new(text.to_string(), (x, y), Self::style(size, false, color, align))).map_err(err)
    }

    /// Bold text vertically centred on `y`.
    pub fn bold(&self, text: &str, x: i32, y: i32, size: f64, color: RGBColor, align: Align) -> Result<(), ChartError> {
        self.area.draw(&Text::new(text.to_string(), (x, y), Self::style(size, true, color, align))).map_err(err)
    }

    /// A filled rectangle with an optional outline.
    pub fn rect(
        &self,
        x0: i32,
        y0: i32,
        x1: i32,
        y1: i32,
        fill: RGBColor,
        stroke: Option<RGBColor>,
    ) -> Result<(), ChartError> {
        self.area.draw(&Rectangle::new([(x0, y0), (x1, y1)], fill.filled())).map_err(err)?;
        if let Some(s) = stroke {
            self.area.draw(&Rectangle::new([(x0, y0), (x1, y1)], s.stroke_width(1))).map_err(err)?;
        }
        Ok(())
    }

    /// A grey rectangle hatched with diagonal lines: the mark of a suppressed cell.
    pub fn hatched(&self, x0: i32, y0: i32, x1: i32, y1: i32) -> Result<(), ChartError> {
        self.rect(x0, y0, x1, y1, super::palette::SUPPRESSED, None)?;
        let step = 7;
        let (w, h) = (x1 - x0, y1 - y0);
        let mut c = step;
        while c < w + h {
            // The line x + y = c (relative to the corner), clipped to the rectangle.
            let (ax, ay) = if c <= h { (0, c) } else { (c - h, h) };
            let (bx, by) = if c <= w { (c, 0) } else { (w, c - w) };
            self.line(&[(x0 + ax, y0 + ay), (x0 + bx, y0 + by)], super::palette::HATCH, 1)?;
            c += step;
        }
        self.area.draw(&Rectangle::new([(x0, y0), (x1, y1)], super::palette::HATCH.stroke_width(1))).map_err(err)
    }

    pub fn line(&self, points: &[(i32, i32)], color: RGBColor, width: u32) -> Result<(), ChartError> {
        self.area.draw(&PathElement::new(points.to_vec(), color.stroke_width(width))).map_err(err)
    }

    pub fn polygon(&self, points: &[(i32, i32)], fill: RGBAColor) -> Result<(), ChartError> {
        self.area.draw(&Polygon::new(points.to_vec(), fill.filled())).map_err(err)
    }

    pub fn circle(&self, x: i32, y: i32, r: i32, color: RGBColor, filled: bool) -> Result<(), ChartError> {
        let style = if filled { color.filled() } else { color.stroke_width(2) };
        self.area.draw(&Circle::new((x, y), r, style)).map_err(err)
    }

    /// A marker of one of several shapes, so series stay apart in greyscale.
    pub fn marker(&self, shape: usize, x: i32, y: i32, color: RGBColor) -> Result<(), ChartError> {
        let r = 5;
        match shape % 4 {
            0 => self.circle(x, y, r, color, true),
            1 => self.rect(x - r + 1, y - r + 1, x + r - 1, y + r - 1, color, None),
            2 => self.polygon(&[(x, y - r - 1), (x + r, y + r - 1), (x - r, y + r - 1)], color.to_rgba()),
            _ => self.polygon(&[(x, y - r - 1), (x + r + 1, y), (x, y + r + 1), (x - r - 1, y)], color.to_rgba()),
        }
    }
}

/// Rows of a chart whose labels wrap instead of being cut: each row is at least `min_row`
/// pixels tall and grows by `step` per extra line of its label.
#[derive(Debug, Clone)]
pub struct RowLayout {
    pub lines: Vec<Vec<String>>,
    pub tops: Vec<i32>,
    pub heights: Vec<i32>,
    /// y just below the last row.
    pub end: i32,
}

impl RowLayout {
    /// Lays out `labels` (text, bold, width available) from `start` downwards.
    pub fn new(
        labels: &[(String, bool, u32)],
        size: f64,
        min_row: i32,
        step: i32,
        start: i32,
    ) -> Result<Self, ChartError> {
        let mut scratch = String::new();
        let m = Canvas::new(&mut scratch, 10, 10)?;
        let lines: Vec<Vec<String>> = labels.iter().map(|(t, b, max)| m.wrap_all(t, size, *b, *max)).collect();
        let heights: Vec<i32> = lines.iter().map(|l| min_row.max(step * l.len() as i32 + 8)).collect();
        let mut tops = Vec::with_capacity(heights.len());
        let mut y = start;
        for h in &heights {
            tops.push(y);
            y += h;
        }
        Ok(Self { lines, tops, heights, end: y })
    }

    /// Vertical centre of row `i`.
    pub fn centre(&self, i: usize) -> i32 {
        self.tops[i] + self.heights[i] / 2
    }
}

/// A legend laid out in columns whose texts wrap instead of being cut: entry `k` sits in column
/// `k % cols`; a line of entries is as tall as its longest text.
#[derive(Debug, Clone)]
pub struct Legend {
    /// Per entry: the column's left edge, the vertical centre (from the legend's top) and the lines.
    pub entries: Vec<(i32, i32, Vec<String>)>,
    pub height: i32,
}

impl Legend {
    /// `texts` (text, bold) in `cols` columns of `col_w` pixels from `x0`; `text_w` is the width
    /// left for the text once the swatch is drawn.
    pub fn new(
        texts: &[(String, bool)],
        cols: usize,
        x0: i32,
        col_w: i32,
        text_w: u32,
        size: f64,
        step: i32,
    ) -> Result<Self, ChartError> {
        let mut scratch = String::new();
        let m = Canvas::new(&mut scratch, 10, 10)?;
        let lines: Vec<Vec<String>> = texts.iter().map(|(t, b)| m.wrap_all(t, size, *b, text_w)).collect();
        let cols = cols.max(1);
        let mut entries = Vec::with_capacity(lines.len());
        let mut top = 0;
        for row in lines.chunks(cols) {
            let h = row.iter().map(|l| step * l.len() as i32 + 8).max().unwrap_or(step).max(22);
            for (k, l) in row.iter().enumerate() {
                entries.push((x0 + k as i32 * col_w, top + h / 2, l.clone()));
            }
            top += h;
        }
        Ok(Self { entries, height: top })
    }
}
