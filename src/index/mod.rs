//! National indices of institutions: the indicator framework (pillars → indicators with their
//! scales, directions, weights and required evidence), the composite index of the JRC/OECD
//! *Handbook on Constructing Composite Indicators* (missing data, normalisation, weights,
//! aggregation, ranks), its seeded Monte Carlo uncertainty and sensitivity analysis, and the
//! agreement between evaluators. Pure: no database, no HTTP, no clock; randomness only from the
//! seed it is given.
//!
//! Use: [`load_file`] or [`check_bytes`] for a [`Framework`]; [`compute::compute`] with
//! [`Scores`] for the headline index; [`uncertainty::analyse`] for rank intervals and the
//! sensitivity table; [`agreement::agreement`] over the evaluators' [`agreement::Rating`]s.

pub mod agreement;
pub mod change_charts;
pub mod charts;
pub mod check;
pub mod compute;
pub mod csv;
pub mod editions;
pub mod framework;
pub mod method;
pub mod report;
pub mod rng;
pub mod uncertainty;

use std::path::Path;

pub use check::check_bytes;
pub use compute::{IndexResult, Scores};
pub use framework::{Evidence, Framework, Indicator, Pillar, Scale};
pub use method::Method;

use crate::survey::Problem;

/// Why a framework could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum FrameworkError {
    #[error("{file}: cannot read: {source}")]
    Read { file: String, source: std::io::Error },
    #[error("{}", problems.iter().map(|p| p.display(file).to_string()).collect::<Vec<_>>().join("\n"))]
    Invalid { file: String, problems: Vec<Problem> },
}

/// Reads and checks a framework file.
pub fn load_file(path: &Path) -> Result<Framework, FrameworkError> {
    let file = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|source| FrameworkError::Read { file: file.clone(), source })?;
    check_bytes(&bytes).map_err(|problems| FrameworkError::Invalid { file, problems })
}
