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

    /// `text` broken at spaces into at most `lines` lines of `max` pixels (the last one fitted).
    pub fn wrap(&self, text: &str, size: f64, bold: bool, max: u32, lines: usize) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let mut current = String::new();
        for word in text.split_whitespace() {
            let candidate = if current.is_empty() { word.to_string() } else { format!("{current} {word}") };
            if current.is_empty() || self.text_width(&candidate, size, bold) <= max || out.len() + 1 >= lines {
                current = candidate;
            } else {
                out.push(std::mem::take(&mut current));
                current = word.to_string();
            }
        }
        out.push(current);
        out.into_iter().map(|l| self.fit(&l, size, bold, max)).collect()
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
