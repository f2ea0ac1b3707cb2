//! Compiled surveys and their validators, kept in memory per stored version (a version never
//! changes, so the cache never goes stale).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::db::{self, AnyConnection, DbError};
use crate::survey::Survey;

/// A survey ready to render and to validate responses.
pub struct Compiled {
    pub survey: Survey,
    pub validator: jsonschema::Validator,
}

#[derive(Default)]
pub struct SurveyCache(Mutex<HashMap<i64, Arc<Compiled>>>);

impl SurveyCache {
    pub fn get(&self, conn: &mut AnyConnection, version_id: i64) -> Result<Arc<Compiled>, DbError> {
        if let Some(c) = self.0.lock().ok().and_then(|m| m.get(&version_id).cloned()) {
            return Ok(c);
        }
        let survey = db::surveys::compiled(conn, version_id)?;
        let validator = crate::survey::validator(&survey).map_err(DbError::Conflict)?;
        let compiled = Arc::new(Compiled { survey, validator });
        if let Ok(mut m) = self.0.lock() {
            m.insert(version_id, compiled.clone());
        }
        Ok(compiled)
    }
}
