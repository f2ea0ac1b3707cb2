//! The one font every chart and document uses: DejaVu Sans (from the `dejavu` crate, embedded in
//! the binary; covers Spanish and the Latin letters of Mayan orthographies such as ʼ and ä).
//! Nothing reads system fonts.

use std::sync::OnceLock;

use plotters::style::{FontStyle, register_font};

use super::ChartError;

/// The family name charts write into their SVG and register with plotters.
pub const FAMILY: &str = "DejaVu Sans";

/// DejaVu Sans regular, as TTF bytes.
pub fn regular() -> &'static [u8] {
    dejavu::sans::regular()
}

/// DejaVu Sans bold, as TTF bytes.
pub fn bold() -> &'static [u8] {
    dejavu::sans::bold()
}

/// DejaVu Sans oblique, as TTF bytes.
pub fn oblique() -> &'static [u8] {
    dejavu::sans::oblique()
}

/// Registers the embedded font with plotters once per process.
pub fn register() -> Result<(), ChartError> {
    static DONE: OnceLock<bool> = OnceLock::new();
    let ok = *DONE.get_or_init(|| {
        register_font(FAMILY, FontStyle::Normal, regular()).is_ok()
            && register_font(FAMILY, FontStyle::Bold, bold()).is_ok()
    });
    if ok { Ok(()) } else { Err(ChartError::Font) }
}
