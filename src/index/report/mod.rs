//! The index's documents: the full report (ranking with rank intervals, heat map, sensitivity,
//! agreement, framework and method annex) and one scorecard per institution, in HTML and PDF,
//! Spanish or English; and the figures as CSV, XLSX and JSON with typed column lists. Pure: the
//! figures and the generation time come in.

pub mod annex;
pub mod change;
pub mod input;
pub mod model;
pub mod open_data;
pub mod render;
pub mod tables;
pub mod texts;

pub use input::{Evidence, IndexInput, ReviewCounts, UnitInfo};
pub use model::{IndexReport, Scorecard, report, scorecard};
