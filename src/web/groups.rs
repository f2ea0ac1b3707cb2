//! The stakeholder groups of campaigns, kept in memory per campaign: a campaign's groups are
//! written when it is created and never change, so the cache never goes stale.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::campaign::Group;
use crate::db::{self, AnyConnection, DbError};

#[derive(Default)]
pub struct GroupCache(Mutex<HashMap<i64, Arc<Vec<Group>>>>);

impl GroupCache {
    pub fn get(&self, conn: &mut AnyConnection, campaign_id: i64) -> Result<Arc<Vec<Group>>, DbError> {
        if let Some(g) = self.0.lock().ok().and_then(|m| m.get(&campaign_id).cloned()) {
            return Ok(g);
        }
        let groups = Arc::new(db::campaigns::groups(conn, campaign_id)?);
        if let Ok(mut m) = self.0.lock() {
            m.insert(campaign_id, groups.clone());
        }
        Ok(groups)
    }
}
