//! Institutions' self-assessment links in storage: the SHA-256 of each random token, the
//! institution it opens and when it expires. The token itself is never stored.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::index_self_links;
use super::{AnyConnection, DbError};

/// Stores a link for institution `unit_id` (inside the caller's transaction).
pub fn insert(
    conn: &mut AnyConnection,
    unit_id: i64,
    token_hash: &str,
    expires_at: NaiveDateTime,
    now: NaiveDateTime,
) -> Result<(), DbError> {
    diesel::insert_into(index_self_links::table)
        .values((
            index_self_links::unit_id.eq(unit_id),
            index_self_links::token_hash.eq(token_hash),
            index_self_links::expires_at.eq(expires_at),
            index_self_links::created_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// The institution and expiry of the link whose token hashes to `token_hash`.
pub fn find(conn: &mut AnyConnection, token_hash: &str) -> Result<Option<(i64, NaiveDateTime)>, DbError> {
    Ok(index_self_links::table
        .filter(index_self_links::token_hash.eq(token_hash))
        .select((index_self_links::unit_id, index_self_links::expires_at))
        .first(conn)
        .optional()?)
}

/// The slug of the index campaign institution `unit_id` belongs to.
pub fn campaign_slug(conn: &mut AnyConnection, unit_id: i64) -> Result<Option<String>, DbError> {
    use super::schema::{index_campaigns, index_units};
    let Some(cid) = index_units::table.find(unit_id).select(index_units::campaign_id).first::<i64>(conn).optional()?
    else {
        return Ok(None);
    };
    Ok(index_campaigns::table.find(cid).select(index_campaigns::slug).first(conn).optional()?)
}
