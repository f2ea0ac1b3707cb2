//! Comparing two editions of an index campaign: each edition's headline figures and its own
//! uncertainty analysis (runs and seed as its framework configures), compared institution by
//! institution with [`crate::index::editions`].

use serde::Serialize;

use super::figures;
use crate::db::AnyConnection;
use crate::index::editions::{self, EditionChange, edition_units};
use crate::service::DomainError;

/// One side of the comparison.
#[derive(Debug, Clone, Serialize)]
pub struct Side {
    pub slug: String,
    pub name: String,
    pub edition: Option<String>,
    /// Runs and seed of its uncertainty analysis.
    pub runs: u32,
    pub seed: u64,
}

/// Two editions of an index compared.
#[derive(Debug, Clone, Serialize)]
pub struct IndexComparison {
    pub from: Side,
    pub to: Side,
    #[serde(flatten)]
    pub change: EditionChange,
}

/// Whether `slug` names an index campaign.
pub fn is_index(conn: &mut AnyConnection, slug: &str) -> Result<bool, DomainError> {
    match super::load(conn, slug) {
        Ok(_) => Ok(true),
        Err(DomainError::NotFound(_)) => Ok(false),
        Err(e) => Err(e),
    }
}

/// Index campaign `from` (earlier) compared with `to` (later).
pub fn compare(conn: &mut AnyConnection, from: &str, to: &str) -> Result<IndexComparison, DomainError> {
    let a = figures(conn, from, None, false, true)?;
    let b = figures(conn, to, None, false, true)?;
    let names = |f: &super::Figures| f.units.iter().map(|u| u.name.clone()).collect::<Vec<_>>();
    let side = |f: &super::Figures| Side {
        slug: f.slug.clone(),
        name: f.name.clone(),
        edition: f.edition.clone(),
        runs: f.uncertainty.as_ref().map_or(0, |u| u.runs),
        seed: f.uncertainty.as_ref().map_or(0, |u| u.seed),
    };
    let change = editions::compare(
        &edition_units(&a.index, a.uncertainty.as_ref(), &names(&a)),
        &edition_units(&b.index, b.uncertainty.as_ref(), &names(&b)),
    );
    Ok(IndexComparison { from: side(&a), to: side(&b), change })
}
