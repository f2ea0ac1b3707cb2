//! Analysis: respondent scores, group aggregates, statistics and small-cell suppression. Pure:
//! takes a compiled survey and a stream of responses, gives an [`Aggregates`] value. No database,
//! no HTTP, no clock, no randomness.
//!
//! Use: [`Accumulator::new`] with the [`Survey`](crate::survey::Survey) and [`AnalysisOptions`];
//! feed each submitted response with [`Accumulator::push_json`] (the stored answers text) or
//! [`Accumulator::push_codes`] (already resolved; see also [`read_csv`]); then
//! [`Accumulator::finish`] with the [`Fieldwork`] counts.

pub mod accumulator;
mod cells;
pub mod codes;
pub mod compare;
pub mod csv;
mod finish;
mod json;
mod layout;
pub mod method;
pub mod options;
pub mod output;
pub mod overall;
pub mod reliability;
mod rows;
mod score;
pub mod stats;
mod tally;

pub use accumulator::Accumulator;
pub use csv::read_csv;
pub use options::{
    AnalysisOptions, Fieldwork, GroupFieldwork, GroupShare, Origin, OriginCounts, OverallWeighting, PillarWeighting,
};
pub use output::{Aggregates, Cell, Level, Scale, Stats, Suppression};

/// Why a response or an analysis could not be taken in.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AnalysisError {
    #[error("answers are not a valid response: {0}")]
    Answers(String),
    #[error("expected {expected} answer codes (one per scored item), got {found}")]
    Width { expected: usize, found: usize },
    #[error("item {item}: answer code {code} is not an option")]
    Code { item: usize, code: u8 },
    #[error("question {0} has more options than the analysis can index (254)")]
    TooManyOptions(String),
    #[error("too many distinct groups or profile values (65535)")]
    TooManyGroups,
    #[error("cannot disaggregate: {0}")]
    BadBy(String),
    #[error("CSV line {line}: {message}")]
    Csv { line: u64, message: String },
}
