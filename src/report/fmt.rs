//! How figures are written in a report: the mark of a suppressed cell here, numbers by the
//! report's language through `Numbers` (`Ctx::num`), the same strings in HTML, PDF and the tests.

pub use crate::charts::Numbers;

/// The mark of a suppressed cell.
pub const SUPPRESSED: &str = "—";
