//! API tokens: random 128-bit secrets shown once, stored as SHA-256, each with a role.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{api_tokens, users};
use super::{AnyConnection, DbError};

/// Roles, from most to least powerful.
pub const ROLES: [&str; 3] = ["admin", "coordinator", "analyst"];

/// Creates a token for `owner` (a user made on the spot, without a password, when it does not
/// exist yet). Returns the token: the only time it is ever visible.
pub fn create(
    conn: &mut AnyConnection,
    owner: &str,
    name: &str,
    role: &str,
    now: NaiveDateTime,
) -> Result<String, DbError> {
    if !ROLES.contains(&role) {
        return Err(DbError::Conflict(format!("unknown role \"{role}\": use admin, coordinator or analyst")));
    }
    let token = crate::token::random_token();
    conn.transaction(|conn| {
        let existing: Option<i64> =
            users::table.filter(users::username.eq(owner)).select(users::id).first(conn).optional()?;
        let user_id = match existing {
            Some(id) => id,
            None => {
                diesel::insert_into(users::table)
                    .values((
                        users::username.eq(owner),
                        // No password can match an empty hash: the user signs in with tokens only
                        // until a password is set.
                        users::password_hash.eq(""),
                        users::role.eq(role),
                        users::must_change_password.eq(1),
                        users::disabled.eq(0),
                        users::created_at.eq(now),
                    ))
                    .execute(conn)?;
                users::table.filter(users::username.eq(owner)).select(users::id).first(conn)?
            }
        };
        diesel::insert_into(api_tokens::table)
            .values((
                api_tokens::user_id.eq(user_id),
                api_tokens::name.eq(name),
                api_tokens::token_hash.eq(crate::token::hash(&token)),
                api_tokens::role.eq(role),
                api_tokens::created_at.eq(now),
            ))
            .execute(conn)?;
        Ok(token)
    })
}

/// Token id, owner id, role, expiry, revocation, owner disabled.
type TokenRow = (i64, i64, String, Option<NaiveDateTime>, Option<NaiveDateTime>, i32);

/// The role of a valid (not revoked, not expired, owner not disabled) token; records its use.
pub fn authenticate(
    conn: &mut AnyConnection,
    token: &str,
    now: NaiveDateTime,
) -> Result<Option<(i64, String)>, DbError> {
    let found: Option<TokenRow> = api_tokens::table
        .inner_join(users::table)
        .filter(api_tokens::token_hash.eq(crate::token::hash(token)))
        .select((
            api_tokens::id,
            users::id,
            api_tokens::role,
            api_tokens::expires_at,
            api_tokens::revoked_at,
            users::disabled,
        ))
        .first(conn)
        .optional()?;
    let Some((id, user_id, role, expires, revoked, disabled)) = found else { return Ok(None) };
    if revoked.is_some() || expires.is_some_and(|t| t <= now) || disabled != 0 {
        return Ok(None);
    }
    diesel::update(api_tokens::table.find(id)).set(api_tokens::last_used_at.eq(Some(now))).execute(conn)?;
    Ok(Some((user_id, role)))
}
