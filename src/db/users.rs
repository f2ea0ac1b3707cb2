//! Users of the console (admin, coordinator, analyst), their sessions, and the audit log of
//! every state-changing action.

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{audit_log, sessions, users};
use super::{AnyConnection, DbError};
use crate::role::Role;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = users)]
pub struct User {
    pub id: i64,
    pub username: String,
    pub email: Option<String>,
    pub password_hash: String,
    pub role: String,
    pub must_change_password: i32,
    pub disabled: i32,
    pub created_at: NaiveDateTime,
    pub last_login_at: Option<NaiveDateTime>,
}

impl User {
    /// The stored role, typed (`None` for a string no role has).
    pub fn role(&self) -> Option<Role> {
        Role::parse(&self.role)
    }

    /// Whether the user must choose a new password before anything else (a flag column).
    pub fn needs_new_password(&self) -> bool {
        self.must_change_password != 0
    }

    /// Whether the account is disabled (a flag column).
    pub fn is_disabled(&self) -> bool {
        self.disabled != 0
    }
}

/// Argon2id (the crate's defaults: m=19 MiB, t=2, p=1), as a PHC string.
pub fn hash_password(password: &str) -> Result<String, DbError> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| DbError::Internal(format!("cannot hash the password: {e}")))
}

/// Whether `password` matches a stored hash (an empty or malformed hash never matches).
pub fn verify_password(hash: &str, password: &str) -> bool {
    match PasswordHash::new(hash) {
        Ok(parsed) => Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok(),
        Err(_) => false,
    }
}

/// A new random password to hand over once (128 bits, URL-safe).
pub fn one_time_password() -> String {
    crate::token::random_token()
}

pub fn by_name(conn: &mut AnyConnection, name: &str) -> Result<Option<User>, DbError> {
    Ok(users::table.filter(users::username.eq(name)).select(User::as_select()).first(conn).optional()?)
}

pub fn by_id(conn: &mut AnyConnection, id: i64) -> Result<Option<User>, DbError> {
    Ok(users::table.find(id).select(User::as_select()).first(conn).optional()?)
}

/// Creates a user with a one-time password (to be changed at first login) and returns it;
/// `None` when the name is taken. The name and role are the caller's to check
/// (`service::accounts`).
pub fn create(conn: &mut AnyConnection, name: &str, role: Role, now: NaiveDateTime) -> Result<Option<String>, DbError> {
    let password = one_time_password();
    let hash = hash_password(&password)?;
    // One statement that leaves an existing user alone: several instances starting together on
    // one database each try to create the first administrator, and one of them does.
    let insert = || {
        diesel::insert_into(users::table)
            .values((
                users::username.eq(name),
                users::password_hash.eq(&hash),
                users::role.eq(role.as_str()),
                users::must_change_password.eq(1),
                users::disabled.eq(0),
                users::created_at.eq(now),
            ))
            .on_conflict(users::username)
            .do_nothing()
    };
    let inserted = match conn {
        AnyConnection::Sqlite(c) => insert().execute(c)?,
        AnyConnection::Postgresql(c) => insert().execute(c)?,
    };
    Ok((inserted == 1).then_some(password))
}

/// Sets a password. `one_time`: the user must change it at the next login.
pub fn set_password(conn: &mut AnyConnection, id: i64, password: &str, one_time: bool) -> Result<(), DbError> {
    diesel::update(users::table.find(id))
        .set((users::password_hash.eq(hash_password(password)?), users::must_change_password.eq(i32::from(one_time))))
        .execute(conn)?;
    // A new password ends every session of the user.
    diesel::delete(sessions::table.filter(sessions::user_id.eq(id))).execute(conn)?;
    Ok(())
}

/// Whether any administrator can sign in with a password.
pub fn has_admin(conn: &mut AnyConnection) -> Result<bool, DbError> {
    let n: i64 = users::table
        .filter(users::role.eq(Role::Admin.as_str()))
        .filter(users::password_hash.ne(""))
        .filter(users::disabled.eq(0))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// How long a console session lasts at most, however busy.
pub const SESSION_HOURS: i64 = 8;

/// Opens a session: the cookie's token is returned, its hash stored with a CSRF token.
pub fn open_session(
    conn: &mut AnyConnection,
    user: &User,
    ip: Option<&str>,
    now: NaiveDateTime,
) -> Result<String, DbError> {
    let token = crate::token::random_token();
    diesel::insert_into(sessions::table)
        .values((
            sessions::token_hash.eq(crate::token::hash(&token)),
            sessions::user_id.eq(user.id),
            sessions::csrf_token.eq(crate::token::random_token()),
            sessions::created_at.eq(now),
            sessions::expires_at.eq(now + chrono::Duration::hours(SESSION_HOURS)),
            sessions::ip.eq(ip),
            sessions::last_seen_at.eq(Some(now)),
        ))
        .execute(conn)?;
    diesel::update(users::table.find(user.id)).set(users::last_login_at.eq(Some(now))).execute(conn)?;
    Ok(token)
}

/// The user and CSRF token of a live session: not past its 8 hours, used within `idle`, its
/// user not disabled. Each use renews the idle time (written at most once a minute).
pub fn session(
    conn: &mut AnyConnection,
    token: &str,
    now: NaiveDateTime,
    idle: chrono::Duration,
) -> Result<Option<(User, String)>, DbError> {
    let hash = crate::token::hash(token);
    let found: Option<(User, String, NaiveDateTime, Option<NaiveDateTime>)> = sessions::table
        .inner_join(users::table)
        .filter(sessions::token_hash.eq(&hash))
        .select((User::as_select(), sessions::csrf_token, sessions::expires_at, sessions::last_seen_at))
        .first(conn)
        .optional()?;
    let Some((user, csrf, expires, seen)) = found else { return Ok(None) };
    let seen = seen.unwrap_or(expires - chrono::Duration::hours(SESSION_HOURS));
    if expires <= now || now - seen >= idle || user.is_disabled() {
        diesel::delete(sessions::table.filter(sessions::token_hash.eq(&hash))).execute(conn)?;
        return Ok(None);
    }
    if now - seen >= chrono::Duration::minutes(1) {
        diesel::update(sessions::table.filter(sessions::token_hash.eq(&hash)))
            .set(sessions::last_seen_at.eq(Some(now)))
            .execute(conn)?;
    }
    Ok(Some((user, csrf)))
}

/// Every user, by name.
pub fn list(conn: &mut AnyConnection) -> Result<Vec<User>, DbError> {
    Ok(users::table.order(users::username).select(User::as_select()).load(conn)?)
}

/// What a change to a user came to.
#[derive(Debug)]
pub enum Change {
    /// Done: the user as they are now.
    Done(User),
    NoSuchUser,
    /// Refused: it would leave no administrator who can sign in.
    LastAdmin,
}

/// Disables (no sign-in, no session, no API token works) or enables a user. The last
/// administrator who can sign in is never disabled.
pub fn set_disabled(conn: &mut AnyConnection, name: &str, disabled: bool) -> Result<Change, DbError> {
    super::write_tx(conn, |conn| {
        let Some(user) = by_name(conn, name)? else { return Ok(Change::NoSuchUser) };
        if disabled && user.role() == Some(Role::Admin) && !user.is_disabled() && active_admins(conn)? <= 1 {
            return Ok(Change::LastAdmin);
        }
        diesel::update(users::table.find(user.id)).set(users::disabled.eq(i32::from(disabled))).execute(conn)?;
        if disabled {
            diesel::delete(sessions::table.filter(sessions::user_id.eq(user.id))).execute(conn)?;
        }
        Ok(by_name(conn, name)?.map_or(Change::NoSuchUser, Change::Done))
    })
}

/// Gives a user another role (their sessions end; their API tokens are held to the new role).
/// The last administrator who can sign in keeps the role.
pub fn set_role(conn: &mut AnyConnection, name: &str, role: Role) -> Result<Change, DbError> {
    super::write_tx(conn, |conn| {
        let Some(user) = by_name(conn, name)? else { return Ok(Change::NoSuchUser) };
        if user.role() == Some(Role::Admin) && role != Role::Admin && !user.is_disabled() && active_admins(conn)? <= 1 {
            return Ok(Change::LastAdmin);
        }
        diesel::update(users::table.find(user.id)).set(users::role.eq(role.as_str())).execute(conn)?;
        diesel::delete(sessions::table.filter(sessions::user_id.eq(user.id))).execute(conn)?;
        Ok(by_name(conn, name)?.map_or(Change::NoSuchUser, Change::Done))
    })
}

fn active_admins(conn: &mut AnyConnection) -> Result<i64, DbError> {
    Ok(users::table
        .filter(users::role.eq(Role::Admin.as_str()))
        .filter(users::disabled.eq(0))
        .count()
        .get_result(conn)?)
}

pub fn close_session(conn: &mut AnyConnection, token: &str) -> Result<(), DbError> {
    diesel::delete(sessions::table.filter(sessions::token_hash.eq(crate::token::hash(token)))).execute(conn)?;
    Ok(())
}

/// Records a state-changing action: who, what, on what, from where.
pub fn audit(
    conn: &mut AnyConnection,
    actor: &str,
    action: &str,
    target: Option<&str>,
    ip: Option<&str>,
    now: NaiveDateTime,
) -> Result<(), DbError> {
    audit_detailed(conn, actor, action, target, ip, None, now)
}

/// [`audit`] with a detail of the action (a reason given, a note): kept with the entry, never
/// an address.
pub fn audit_detailed(
    conn: &mut AnyConnection,
    actor: &str,
    action: &str,
    target: Option<&str>,
    ip: Option<&str>,
    detail: Option<&str>,
    now: NaiveDateTime,
) -> Result<(), DbError> {
    diesel::insert_into(audit_log::table)
        .values((
            audit_log::at.eq(now),
            audit_log::actor.eq(actor),
            audit_log::action.eq(action),
            audit_log::target.eq(target),
            audit_log::ip.eq(ip),
            audit_log::detail.eq(detail),
        ))
        .execute(conn)?;
    Ok(())
}

/// An audit entry: when, who, what, on what, from where.
pub type AuditEntry = (NaiveDateTime, String, String, Option<String>, Option<String>);

/// The newest entries of the audit log.
pub fn audit_entries(conn: &mut AnyConnection, limit: i64) -> Result<Vec<AuditEntry>, DbError> {
    Ok(audit_log::table
        .order(audit_log::id.desc())
        .limit(limit)
        .select((audit_log::at, audit_log::actor, audit_log::action, audit_log::target, audit_log::ip))
        .load(conn)?)
}
