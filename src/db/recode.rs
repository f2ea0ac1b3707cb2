//! Rewrites compact codes stored before they held the profile fields (src/analysis/codes.rs),
//! once, right after the migration that introduced them: each row's codes are computed again
//! from its stored answers and its campaign's survey, a page of rows per transaction.

use diesel::prelude::*;

use super::schema::{campaigns, responses};
use super::{AnyConnection, DbError};

/// Rows rewritten per transaction.
const PAGE: i64 = 2000;

/// Rewrites every row whose codes are in the older form; returns how many were rewritten. A
/// campaign whose survey no longer compiles is left as it is (its rows are read from their JSON).
pub fn legacy_codes(conn: &mut AnyConnection) -> Result<usize, DbError> {
    let campaigns: Vec<(i64, i64)> =
        campaigns::table.select((campaigns::id, campaigns::survey_version_id)).order(campaigns::id).load(conn)?;
    let mut rewritten = 0;
    for (campaign_id, version) in campaigns {
        let survey = match super::surveys::compiled(conn, version) {
            Ok(s) => s,
            Err(e) => {
                tracing::warn!(campaign_id, error = %e, "codes left in the older form: the survey does not compile");
                continue;
            }
        };
        let mut after = 0i64;
        let mut expander = super::answer_keys::Expander::default();
        loop {
            let rows: Vec<(i64, String)> = responses::table
                .filter(responses::campaign_id.eq(campaign_id))
                .filter(responses::codes.is_not_null())
                .filter(responses::codes.not_like("%.%"))
                .filter(responses::id.gt(after))
                .order(responses::id)
                .limit(PAGE)
                .select((responses::id, responses::answers))
                .load(conn)?;
            let Some(&(last, _)) = rows.last() else { break };
            after = last;
            conn.transaction(|c| {
                for (id, answers) in &rows {
                    // Answers stored without their keys are read as the object they stand for.
                    let mut object = answers.clone();
                    expander.expand(c, &mut object)?;
                    let codes = serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(&object)
                        .ok()
                        .and_then(|a| crate::analysis::codes::encode(&survey, &a));
                    // Only a row unchanged since it was read: an edit meanwhile wrote its own codes.
                    diesel::update(
                        responses::table
                            .filter(responses::id.eq(id))
                            .filter(responses::answers.eq(answers))
                            .filter(responses::codes.not_like("%.%")),
                    )
                    .set(responses::codes.eq(codes))
                    .execute(c)?;
                }
                Ok::<_, DbError>(())
            })?;
            rewritten += rows.len();
        }
    }
    Ok(rewritten)
}
