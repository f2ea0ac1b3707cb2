//! API tokens: random 128-bit secrets shown once, stored as SHA-256, each with a role (never
//! above its owner's) and an expiry; listed without the secret, revoked at once.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{api_tokens, users};
use super::{AnyConnection, DbError};
use crate::role::Role;

/// How long a token lasts unless told otherwise.
pub const DEFAULT_DAYS: i64 = 90;

/// A token as listed: never the token itself.
#[derive(Debug, Clone, Queryable)]
pub struct TokenInfo {
    pub id: i64,
    pub owner: String,
    pub name: String,
    pub role: String,
    pub created_at: NaiveDateTime,
    pub expires_at: Option<NaiveDateTime>,
    pub last_used_at: Option<NaiveDateTime>,
    pub revoked_at: Option<NaiveDateTime>,
}

/// Every token, newest first.
pub fn list(conn: &mut AnyConnection) -> Result<Vec<TokenInfo>, DbError> {
    Ok(api_tokens::table
        .inner_join(users::table)
        .order(api_tokens::id.desc())
        .select((
            api_tokens::id,
            users::username,
            api_tokens::name,
            api_tokens::role,
            api_tokens::created_at,
            api_tokens::expires_at,
            api_tokens::last_used_at,
            api_tokens::revoked_at,
        ))
        .load(conn)?)
}

/// Revokes a token (it stops working at once); returns it as it was listed, `None` when there
/// is no such token.
pub fn revoke(conn: &mut AnyConnection, id: i64, now: NaiveDateTime) -> Result<Option<TokenInfo>, DbError> {
    let Some(t) = list(conn)?.into_iter().find(|t| t.id == id) else { return Ok(None) };
    diesel::update(api_tokens::table.find(id).filter(api_tokens::revoked_at.is_null()))
        .set(api_tokens::revoked_at.eq(Some(now)))
        .execute(conn)?;
    Ok(Some(t))
}

/// What creating a token came to.
#[derive(Debug)]
pub enum Created {
    /// The token (the only time it is ever visible) and when it expires.
    Token(String, NaiveDateTime),
    /// Refused: the owner's role is below the one asked for.
    AboveOwner(String),
}

/// Creates a token for `owner` (a user made on the spot, without a password, when it does not
/// exist yet), valid until `expires`. A token never holds more than its owner: asking for a role
/// above the owner's is refused. The owner's name is the caller's to check (`service::accounts`).
pub fn create(
    conn: &mut AnyConnection,
    owner: &str,
    name: &str,
    role: Role,
    expires: NaiveDateTime,
    now: NaiveDateTime,
) -> Result<Created, DbError> {
    let token = crate::token::random_token();
    super::write_tx(conn, |conn| {
        let existing: Option<(i64, String)> =
            users::table.filter(users::username.eq(owner)).select((users::id, users::role)).first(conn).optional()?;
        let user_id = match existing {
            Some((_, owner_role)) if Role::parse(&owner_role).is_none_or(|o| !role.may_act_for(o)) => {
                return Ok(Created::AboveOwner(owner_role));
            }
            Some((id, _)) => id,
            None => {
                diesel::insert_into(users::table)
                    .values((
                        users::username.eq(owner),
                        // No password can match an empty hash: the user signs in with tokens only
                        // until a password is set.
                        users::password_hash.eq(""),
                        users::role.eq(role.as_str()),
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
                api_tokens::role.eq(role.as_str()),
                api_tokens::created_at.eq(now),
                api_tokens::expires_at.eq(Some(expires)),
            ))
            .execute(conn)?;
        Ok(Created::Token(token, expires))
    })
}

/// Token id, owner id, token role, expiry, revocation, owner disabled, owner role.
type TokenRow = (i64, i64, String, Option<NaiveDateTime>, Option<NaiveDateTime>, i32, String);

/// The role of a valid (not revoked, not expired, owner not disabled) token, held to its
/// owner's role as it is now; records its use.
pub fn authenticate(conn: &mut AnyConnection, token: &str, now: NaiveDateTime) -> Result<Option<(i64, Role)>, DbError> {
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
            users::role,
        ))
        .first(conn)
        .optional()?;
    let Some((id, user_id, role, expires, revoked, disabled, owner_role)) = found else { return Ok(None) };
    if revoked.is_some() || expires.is_some_and(|t| t <= now) || disabled != 0 {
        return Ok(None);
    }
    diesel::update(api_tokens::table.find(id)).set(api_tokens::last_used_at.eq(Some(now))).execute(conn)?;
    // A role no longer known (edited by hand) grants nothing.
    let (Some(role), Some(owner_role)) = (Role::parse(&role), Role::parse(&owner_role)) else { return Ok(None) };
    // At most the owner's role as it is now (and no moderation for an owner who no longer moderates).
    let held = role.lesser(owner_role);
    Ok(held.may_act_for(owner_role).then_some((user_id, held)))
}
