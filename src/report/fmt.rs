//! How figures are written in a report: the mark of a suppressed cell here, numbers by the
//! report's language through `Numbers` (`Ctx::num`), the same strings in HTML, PDF and the tests.

pub use crate::charts::Numbers;

/// The mark of a suppressed cell.
pub const SUPPRESSED: &str = "—";

/// The mark of a scale without Cronbach's α (explained in a footnote, `Texts::no_alpha_cell`).
pub const NO_ALPHA: &str = "†";
