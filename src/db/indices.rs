//! Index campaigns in storage: the campaign with its framework, the assessed institutions, the
//! evaluators' scores with their evidence and the reviews of each score. A score's `version` is
//! bumped by every change to it, and every change names the version it read (compare-and-set),
//! so of two people changing one score at once one succeeds and the other is told.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{index_campaigns, index_reviews, index_scores, index_units};
use super::{AnyConnection, DbError};

/// A stored index campaign.
#[derive(Debug, Clone, Queryable)]
pub struct IndexCampaign {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub framework: String,
    pub framework_key: String,
    pub framework_version: String,
    pub content_hash: String,
    pub edition: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A stored institution.
#[derive(Debug, Clone, Queryable)]
pub struct Unit {
    pub id: i64,
    pub campaign_id: i64,
    pub code: String,
    pub name: String,
    pub sector: String,
    pub contact: String,
    pub position: i32,
}

/// A stored score.
#[derive(Debug, Clone, Queryable)]
pub struct Score {
    pub id: i64,
    pub campaign_id: i64,
    pub unit_id: i64,
    pub indicator: String,
    pub evaluator: String,
    pub value: f64,
    pub evidence_url: Option<String>,
    pub evidence_note: Option<String>,
    pub evidence_file: Option<String>,
    pub status: String,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A stored review of a score.
#[derive(Debug, Clone, Queryable)]
pub struct Review {
    pub id: i64,
    pub score_id: i64,
    pub reviewer: String,
    pub action: String,
    pub reason: Option<String>,
    pub value: Option<f64>,
    pub created_at: NaiveDateTime,
}

/// What a new campaign holds.
pub struct NewCampaign<'a> {
    pub slug: &'a str,
    pub name: &'a str,
    pub framework: &'a str,
    pub framework_key: &'a str,
    pub framework_version: &'a str,
    pub content_hash: &'a str,
    pub edition: Option<&'a str>,
}

/// Stores a campaign; a slug already taken is a conflict.
pub fn insert_campaign(conn: &mut AnyConnection, c: &NewCampaign<'_>, now: NaiveDateTime) -> Result<i64, DbError> {
    if campaign(conn, c.slug)?.is_some() {
        return Err(DbError::Conflict(format!("an index campaign \"{}\" already exists", c.slug)));
    }
    diesel::insert_into(index_campaigns::table)
        .values((
            index_campaigns::slug.eq(c.slug),
            index_campaigns::name.eq(c.name),
            index_campaigns::framework.eq(c.framework),
            index_campaigns::framework_key.eq(c.framework_key),
            index_campaigns::framework_version.eq(c.framework_version),
            index_campaigns::content_hash.eq(c.content_hash),
            index_campaigns::edition.eq(c.edition),
            index_campaigns::created_at.eq(now),
            index_campaigns::updated_at.eq(now),
        ))
        .execute(conn)
        .map_err(|e| match e {
            diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _) => {
                DbError::Conflict(format!("an index campaign \"{}\" already exists", c.slug))
            }
            e => e.into(),
        })?;
    campaign(conn, c.slug)?.map(|c| c.id).ok_or_else(|| DbError::Internal("the new index campaign vanished".into()))
}

/// The campaign `slug`.
pub fn campaign(conn: &mut AnyConnection, slug: &str) -> Result<Option<IndexCampaign>, DbError> {
    Ok(index_campaigns::table.filter(index_campaigns::slug.eq(slug)).first(conn).optional()?)
}

/// Every index campaign, newest first.
pub fn campaigns(conn: &mut AnyConnection) -> Result<Vec<IndexCampaign>, DbError> {
    Ok(index_campaigns::table.order(index_campaigns::id.desc()).load(conn)?)
}

/// The institutions of a campaign, in their order.
pub fn units(conn: &mut AnyConnection, campaign_id: i64) -> Result<Vec<Unit>, DbError> {
    Ok(index_units::table
        .filter(index_units::campaign_id.eq(campaign_id))
        .order((index_units::position, index_units::id))
        .load(conn)?)
}

/// Adds an institution at the end of the campaign's list (inside the caller's transaction).
pub fn insert_unit(
    conn: &mut AnyConnection,
    campaign_id: i64,
    code: &str,
    name: &str,
    sector: &str,
    contact: &str,
    position: i32,
) -> Result<(), DbError> {
    diesel::insert_into(index_units::table)
        .values((
            index_units::campaign_id.eq(campaign_id),
            index_units::code.eq(code),
            index_units::name.eq(name),
            index_units::sector.eq(sector),
            index_units::contact.eq(contact),
            index_units::position.eq(position),
        ))
        .execute(conn)?;
    Ok(())
}

/// Updates an institution's name, sector and contact.
pub fn update_unit(conn: &mut AnyConnection, id: i64, name: &str, sector: &str, contact: &str) -> Result<(), DbError> {
    diesel::update(index_units::table.find(id))
        .set((index_units::name.eq(name), index_units::sector.eq(sector), index_units::contact.eq(contact)))
        .execute(conn)?;
    Ok(())
}

/// Every score of a campaign, in id order.
pub fn scores(conn: &mut AnyConnection, campaign_id: i64) -> Result<Vec<Score>, DbError> {
    Ok(index_scores::table.filter(index_scores::campaign_id.eq(campaign_id)).order(index_scores::id).load(conn)?)
}

/// The score `id` of a campaign.
pub fn score(conn: &mut AnyConnection, campaign_id: i64, id: i64) -> Result<Option<Score>, DbError> {
    Ok(index_scores::table
        .filter(index_scores::campaign_id.eq(campaign_id))
        .filter(index_scores::id.eq(id))
        .first(conn)
        .optional()?)
}

/// A score's value and evidence.
pub struct ScoreValue<'a> {
    pub value: f64,
    pub evidence_url: Option<&'a str>,
    pub evidence_note: Option<&'a str>,
    pub evidence_file: Option<&'a str>,
}

/// Stores a new score (inside the caller's transaction).
pub fn insert_score(
    conn: &mut AnyConnection,
    campaign_id: i64,
    unit_id: i64,
    indicator: &str,
    evaluator: &str,
    v: &ScoreValue<'_>,
    now: NaiveDateTime,
) -> Result<(), DbError> {
    diesel::insert_into(index_scores::table)
        .values((
            index_scores::campaign_id.eq(campaign_id),
            index_scores::unit_id.eq(unit_id),
            index_scores::indicator.eq(indicator),
            index_scores::evaluator.eq(evaluator),
            index_scores::value.eq(v.value),
            index_scores::evidence_url.eq(v.evidence_url),
            index_scores::evidence_note.eq(v.evidence_note),
            index_scores::evidence_file.eq(v.evidence_file),
            index_scores::status.eq("scored"),
            index_scores::version.eq(1i64),
            index_scores::created_at.eq(now),
            index_scores::updated_at.eq(now),
        ))
        .execute(conn)
        .map_err(|e| match e {
            diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _) => {
                DbError::Conflict(format!("{evaluator} has already scored {indicator} of this institution"))
            }
            e => e.into(),
        })?;
    Ok(())
}

/// Changes a score's value and evidence if it is still at `version`; it goes back to `scored`
/// (to be reviewed again). False when someone changed it first.
pub fn update_score(
    conn: &mut AnyConnection,
    id: i64,
    version: i64,
    v: &ScoreValue<'_>,
    now: NaiveDateTime,
) -> Result<bool, DbError> {
    let n =
        diesel::update(index_scores::table.filter(index_scores::id.eq(id)).filter(index_scores::version.eq(version)))
            .set((
                index_scores::value.eq(v.value),
                index_scores::evidence_url.eq(v.evidence_url),
                index_scores::evidence_note.eq(v.evidence_note),
                index_scores::evidence_file.eq(v.evidence_file),
                index_scores::status.eq("scored"),
                index_scores::version.eq(version + 1),
                index_scores::updated_at.eq(now),
            ))
            .execute(conn)?;
    Ok(n == 1)
}

/// Moves a score to `status` (and, when given, a resolved value) if it is still at `version`.
pub fn set_status(
    conn: &mut AnyConnection,
    id: i64,
    version: i64,
    status: &str,
    value: Option<f64>,
    now: NaiveDateTime,
) -> Result<bool, DbError> {
    let target = index_scores::table.filter(index_scores::id.eq(id)).filter(index_scores::version.eq(version));
    let n = match value {
        Some(v) => diesel::update(target)
            .set((
                index_scores::status.eq(status),
                index_scores::value.eq(v),
                index_scores::version.eq(version + 1),
                index_scores::updated_at.eq(now),
            ))
            .execute(conn)?,
        None => diesel::update(target)
            .set((
                index_scores::status.eq(status),
                index_scores::version.eq(version + 1),
                index_scores::updated_at.eq(now),
            ))
            .execute(conn)?,
    };
    Ok(n == 1)
}

/// Records a review (inside the transaction that changed the score's status).
pub fn insert_review(
    conn: &mut AnyConnection,
    score_id: i64,
    reviewer: &str,
    action: &str,
    reason: Option<&str>,
    value: Option<f64>,
    now: NaiveDateTime,
) -> Result<(), DbError> {
    diesel::insert_into(index_reviews::table)
        .values((
            index_reviews::score_id.eq(score_id),
            index_reviews::reviewer.eq(reviewer),
            index_reviews::action.eq(action),
            index_reviews::reason.eq(reason),
            index_reviews::value.eq(value),
            index_reviews::created_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// Every review of a campaign's scores, in id order.
pub fn reviews(conn: &mut AnyConnection, campaign_id: i64) -> Result<Vec<Review>, DbError> {
    Ok(index_reviews::table
        .inner_join(index_scores::table)
        .filter(index_scores::campaign_id.eq(campaign_id))
        .order(index_reviews::id)
        .select((
            index_reviews::id,
            index_reviews::score_id,
            index_reviews::reviewer,
            index_reviews::action,
            index_reviews::reason,
            index_reviews::value,
            index_reviews::created_at,
        ))
        .load(conn)?)
}
