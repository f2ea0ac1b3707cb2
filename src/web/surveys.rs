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
    /// The compiled survey of a stored version. The first request for a version compiles it
    /// while holding the cache, so a burst of first requests compiles it once, not once each.
    pub fn get(&self, conn: &mut AnyConnection, version_id: i64) -> Result<Arc<Compiled>, DbError> {
        let mut map = self.0.lock().map_err(|_| DbError::Open("the survey cache is poisoned".into()))?;
        if let Some(c) = map.get(&version_id) {
            return Ok(c.clone());
        }
        let survey = db::surveys::compiled(conn, version_id)?;
        let validator = crate::survey::validator(&survey).map_err(DbError::Internal)?;
        let compiled = Arc::new(Compiled { survey, validator });
        map.insert(version_id, compiled.clone());
        Ok(compiled)
    }
}
