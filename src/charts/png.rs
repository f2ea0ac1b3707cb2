//! PNG of a chart: the SVG rendered by resvg with the same embedded font (no system fonts).

use resvg::{tiny_skia, usvg};

use super::ChartError;
use super::font::{self, FAMILY};

/// Renders an SVG document to PNG bytes at `scale` × its pixel size.
pub fn svg_to_png(svg: &str, scale: f32) -> Result<Vec<u8>, ChartError> {
    let mut options = usvg::Options::default();
    let db = options.fontdb_mut();
    db.load_font_data(font::regular().to_vec());
    db.load_font_data(font::bold().to_vec());
    db.set_sans_serif_family(FAMILY);
    let tree = usvg::Tree::from_str(svg, &options).map_err(|e| ChartError::Png(e.to_string()))?;
    let size = tree.size().to_int_size().scale_by(scale).ok_or_else(|| ChartError::Png("empty image".into()))?;
    let mut pixmap =
        tiny_skia::Pixmap::new(size.width(), size.height()).ok_or_else(|| ChartError::Png("image too large".into()))?;
    resvg::render(&tree, tiny_skia::Transform::from_scale(scale, scale), &mut pixmap.as_mut());
    pixmap.encode_png().map_err(|e| ChartError::Png(e.to_string()))
}
