//! A campaign's responses as its coordinators review them: the facts of every response with the
//! participant it came from (no answers: a list needs none), one response whole, and the
//! exclusion of a submitted response and its restoring.
//!
//! Excluding and restoring are each a compare-and-set on the exclusion itself: a response is
//! excluded only while it is submitted and not excluded, restored only while it is excluded, so
//! of two coordinators acting at once one succeeds and the other is told. Neither touches the
//! answers nor the version the respondent's own writes compare (`submissions`), and those writes
//! never name the exclusion's columns: a change the respondent submits later leaves the response
//! excluded.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::responses::StoredResponse;
use super::schema::{participants, responses};
use super::{AnyConnection, DbError};
use crate::campaign::response::ResponseStatus;

/// What a list shows of a response.
#[derive(Debug, Clone, Queryable)]
pub struct Listed {
    pub id: i64,
    pub group_code: String,
    pub origin: String,
    pub status: String,
    pub language: String,
    pub paper_ref: Option<String>,
    pub updated_at: NaiveDateTime,
    pub submitted_at: Option<NaiveDateTime>,
    pub excluded_at: Option<NaiveDateTime>,
    /// The participant's, for a response through a personal link.
    pub email: Option<String>,
    pub name: Option<String>,
}

/// Every response of a campaign, in id order, with its participant's address and name.
pub fn listed(conn: &mut AnyConnection, campaign_id: i64) -> Result<Vec<Listed>, DbError> {
    Ok(responses::table
        .left_join(participants::table)
        .filter(responses::campaign_id.eq(campaign_id))
        .order(responses::id)
        .select((
            responses::id,
            responses::group_code,
            responses::origin,
            responses::status,
            responses::language,
            responses::paper_ref,
            responses::updated_at,
            responses::submitted_at,
            responses::excluded_at,
            participants::email.nullable(),
            participants::name.nullable(),
        ))
        .load(conn)?)
}

/// The response `id` of a campaign.
pub fn one(conn: &mut AnyConnection, campaign_id: i64, id: i64) -> Result<Option<StoredResponse>, DbError> {
    let found: Option<StoredResponse> = responses::table
        .filter(responses::id.eq(id))
        .filter(responses::campaign_id.eq(campaign_id))
        .select(StoredResponse::as_select())
        .first(conn)
        .optional()?;
    found.map(|r| r.expanded(conn)).transpose()
}

/// Excludes the response `id` of a campaign if it is submitted and not excluded; whether it was.
pub fn exclude(
    conn: &mut AnyConnection,
    campaign_id: i64,
    id: i64,
    by: &str,
    reason: &str,
    now: NaiveDateTime,
) -> Result<bool, DbError> {
    let n = diesel::update(
        responses::table
            .filter(responses::id.eq(id))
            .filter(responses::campaign_id.eq(campaign_id))
            .filter(responses::status.eq(ResponseStatus::Submitted.as_str()))
            .filter(responses::excluded_at.is_null()),
    )
    .set((
        responses::excluded_at.eq(Some(now)),
        responses::excluded_by.eq(Some(by)),
        responses::exclusion_reason.eq(Some(reason)),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// Restores the response `id` of a campaign if it is excluded; whether it was.
pub fn restore(conn: &mut AnyConnection, campaign_id: i64, id: i64) -> Result<bool, DbError> {
    let n = diesel::update(
        responses::table
            .filter(responses::id.eq(id))
            .filter(responses::campaign_id.eq(campaign_id))
            .filter(responses::excluded_at.is_not_null()),
    )
    .set((
        responses::excluded_at.eq(None::<NaiveDateTime>),
        responses::excluded_by.eq(None::<String>),
        responses::exclusion_reason.eq(None::<String>),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// The excluded responses of a campaign per group and origin.
pub fn excluded_counts(conn: &mut AnyConnection, campaign_id: i64) -> Result<Vec<(String, String, i64)>, DbError> {
    Ok(responses::table
        .filter(responses::campaign_id.eq(campaign_id))
        .filter(responses::status.eq(ResponseStatus::Submitted.as_str()))
        .filter(responses::excluded_at.is_not_null())
        .group_by((responses::group_code, responses::origin))
        .select((responses::group_code, responses::origin, diesel::dsl::count_star()))
        .load(conn)?)
}

/// The reasons the responses of a campaign were excluded for, each with how many.
pub fn exclusion_reasons(conn: &mut AnyConnection, campaign_id: i64) -> Result<Vec<(Option<String>, i64)>, DbError> {
    Ok(responses::table
        .filter(responses::campaign_id.eq(campaign_id))
        .filter(responses::status.eq(ResponseStatus::Submitted.as_str()))
        .filter(responses::excluded_at.is_not_null())
        .group_by(responses::exclusion_reason)
        .select((responses::exclusion_reason, diesel::dsl::count_star()))
        .load(conn)?)
}
