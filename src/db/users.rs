//! Users of the console (admin, coordinator, analyst), their sessions, and the audit log of
//! every state-changing action.

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{audit_log, sessions, users};
use super::{AnyConnection, DbError};

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

/// Argon2id (the crate's defaults: m=19 MiB, t=2, p=1), as a PHC string.
pub fn hash_password(password: &str) -> Result<String, DbError> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| DbError::Conflict(format!("cannot hash the password: {e}")))
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

/// Creates a user with a one-time password (to be changed at first login); returns it.
pub fn create(conn: &mut AnyConnection, name: &str, role: &str, now: NaiveDateTime) -> Result<String, DbError> {
    if !super::api_tokens::ROLES.contains(&role) {
        return Err(DbError::Conflict(format!("unknown role \"{role}\": use admin, coordinator or analyst")));
    }
    if by_name(conn, name)?.is_some() {
        return Err(DbError::Conflict(format!(
            "a user \"{name}\" already exists (dra user passwd {name} gives a new password)"
        )));
    }
    let password = one_time_password();
    diesel::insert_into(users::table)
        .values((
            users::username.eq(name),
            users::password_hash.eq(hash_password(&password)?),
            users::role.eq(role),
            users::must_change_password.eq(1),
            users::disabled.eq(0),
            users::created_at.eq(now),
        ))
        .execute(conn)?;
    Ok(password)
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
        .filter(users::role.eq("admin"))
        .filter(users::password_hash.ne(""))
        .filter(users::disabled.eq(0))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// How long a console session lasts without being renewed by a new login.
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
        ))
        .execute(conn)?;
    diesel::update(users::table.find(user.id)).set(users::last_login_at.eq(Some(now))).execute(conn)?;
    Ok(token)
}

/// The user and CSRF token of a live session.
pub fn session(conn: &mut AnyConnection, token: &str, now: NaiveDateTime) -> Result<Option<(User, String)>, DbError> {
    let found: Option<(User, String, NaiveDateTime)> = sessions::table
        .inner_join(users::table)
        .filter(sessions::token_hash.eq(crate::token::hash(token)))
        .select((User::as_select(), sessions::csrf_token, sessions::expires_at))
        .first(conn)
        .optional()?;
    Ok(found.filter(|(u, _, exp)| *exp > now && u.disabled == 0).map(|(u, csrf, _)| (u, csrf)))
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
    diesel::insert_into(audit_log::table)
        .values((
            audit_log::at.eq(now),
            audit_log::actor.eq(actor),
            audit_log::action.eq(action),
            audit_log::target.eq(target),
            audit_log::ip.eq(ip),
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

/// The whole audit log as CSV (at, actor, action, target, ip), newest first.
pub fn audit_csv(conn: &mut AnyConnection) -> Result<Vec<u8>, DbError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let err = |e: csv::Error| DbError::Conflict(e.to_string());
    w.write_record(["at_utc", "actor", "action", "target", "ip"]).map_err(err)?;
    for (at, actor, action, target, ip) in audit_entries(conn, i64::MAX)? {
        let cell = |s: &str| crate::report::cell_text::neutralise(s).into_owned();
        w.write_record([
            at.format("%Y-%m-%d %H:%M:%S").to_string(),
            cell(&actor),
            cell(&action),
            cell(&target.unwrap_or_default()),
            cell(&ip.unwrap_or_default()),
        ])
        .map_err(err)?;
    }
    w.into_inner().map_err(|e| DbError::Conflict(e.to_string()))
}
