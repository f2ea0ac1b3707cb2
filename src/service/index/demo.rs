//! The demo index `dra serve --demo` adds: the example framework (National Open Data Index,
//! 11 indicators) with the 14 institutions and the three evaluators' scores of the committed
//! example (`tests/fixtures/index/`, made by `scripts/index_fixtures.py`): deterministic, so a
//! newcomer sees a ranking with rank intervals, the agreement and a scorecard with no setup.

use chrono::NaiveDateTime;

use super::{CreateRequest, create, import_scores, import_units, list};
use crate::db::AnyConnection;
use crate::service::{Actor, DomainError};

/// The demo index's slug.
pub const SLUG: &str = "demo-index";

const FRAMEWORK: &[u8] = include_bytes!("../../../surveys/examples/open-data-index.json");
const UNITS: &[u8] = include_bytes!("../../../tests/fixtures/index/units.csv");
const SCORES: &[u8] = include_bytes!("../../../tests/fixtures/index/scores.csv");

/// Adds the demo index when the database holds no index campaign; false when it held one.
pub fn seed(conn: &mut AnyConnection, now: NaiveDateTime) -> Result<bool, DomainError> {
    if !list(conn)?.is_empty() {
        return Ok(false);
    }
    let actor = Actor { name: "demo".into(), ip: None };
    let req = CreateRequest {
        slug: SLUG,
        name: Some("Demostración · Índice Nacional de Datos Abiertos"),
        edition: Some("2023"),
        framework_file: "open-data-index.json",
        framework: FRAMEWORK,
    };
    create(conn, &req, &actor, now)?;
    import_units(conn, SLUG, UNITS, &actor, now)?;
    import_scores(conn, SLUG, SCORES, None, &actor, now)?;
    Ok(true)
}
