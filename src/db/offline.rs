//! Responses collected offline with ODK Collect or KoboToolbox: stored submitted, with the origin
//! `odk` and their submission id as the respondent id within the campaign (`paper_ref`), so the
//! same submission imported again is found and left alone, or replaced when it changed.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::responses;
use super::{AnyConnection, DbError};
use crate::analysis::Origin;
use crate::campaign::response::ResponseStatus;

/// The origin of these responses.
pub const ORIGIN: &str = Origin::Odk.as_str();

/// One submission, checked.
#[derive(Debug, Clone)]
pub struct OfflineResponse {
    pub submission: String,
    pub group_code: String,
    pub language: String,
    pub answers: String,
    pub codes: Option<String>,
}

/// What storing one submission did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stored {
    Added,
    Replaced,
    Unchanged,
}

/// Respondent ids already used in a campaign, with their origin, group and answers.
pub fn refs(conn: &mut AnyConnection, campaign_id: i64) -> Result<HashMap<String, (String, String, String)>, DbError> {
    // Answers as stored: only an ODK submission's are compared, and those are JSON objects (a
    // paper form's array, see `answer_keys`, is never read here: its id is refused first).
    let rows: Vec<(Option<String>, String, String, String)> = responses::table
        .filter(responses::campaign_id.eq(campaign_id))
        .filter(responses::paper_ref.is_not_null())
        .select((responses::paper_ref, responses::origin, responses::group_code, responses::answers))
        .load(conn)?;
    Ok(rows.into_iter().filter_map(|(r, o, g, a)| Some((r?, (o, g, a)))).collect())
}

/// Stores one submission (inside the import's transaction): added when its id is new, left
/// alone when stored with the same group and answers, otherwise replaced. `known` is
/// [`refs`] as read at the start of the transaction.
pub fn store(
    conn: &mut AnyConnection,
    campaign_id: i64,
    form: &OfflineResponse,
    known: &HashMap<String, (String, String, String)>,
    now: NaiveDateTime,
) -> Result<Stored, DbError> {
    if let Some((origin, group, answers)) = known.get(&form.submission) {
        if origin != ORIGIN {
            return Err(DbError::Conflict(format!(
                "submission id \"{}\" is already the respondent id of a {origin} response",
                form.submission
            )));
        }
        let same = |a: &str, b: &str| serde_json::from_str::<serde_json::Value>(a).ok() == serde_json::from_str(b).ok();
        if *group == form.group_code && same(answers, &form.answers) {
            return Ok(Stored::Unchanged);
        }
        let kept = super::responses::Kept {
            group_code: &form.group_code,
            language: &form.language,
            answers: &form.answers,
            codes: &form.codes,
        };
        super::responses::replace_by_ref(conn, campaign_id, &form.submission, kept, now)?;
        return Ok(Stored::Replaced);
    }
    diesel::insert_into(responses::table)
        .values((
            responses::campaign_id.eq(campaign_id),
            responses::group_code.eq(&form.group_code),
            responses::origin.eq(ORIGIN),
            responses::status.eq(ResponseStatus::Submitted.as_str()),
            responses::language.eq(&form.language),
            responses::answers.eq(&form.answers),
            responses::codes.eq(&form.codes),
            responses::current_page.eq(0),
            responses::paper_ref.eq(Some(&form.submission)),
            responses::created_at.eq(now),
            responses::updated_at.eq(now),
            responses::submitted_at.eq(Some(now)),
        ))
        .execute(conn)?;
    Ok(Stored::Added)
}
