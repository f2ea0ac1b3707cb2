//! Accounts: console users (added with a one-time password, reset, disabled, enabled, given
//! another role) and API tokens (created for an owner, listed without their secret, revoked).
//! The rules are checked here once for `dra user …`, `dra token …` and the console's users page:
//! names, roles, a token never above its owner, always one administrator who can sign in. Every
//! change is audit-logged under its actor, in the same transaction as the change.

use chrono::NaiveDateTime;

use super::{Actor, DomainError};
use crate::db::{self, AnyConnection};
use crate::role::Role;

pub use crate::db::api_tokens::{DEFAULT_DAYS, TokenInfo};
pub use crate::db::users::User;

/// The longest user name.
pub const MAX_NAME_CHARS: usize = 64;

/// The longest time a token lasts, in days.
pub const MAX_TOKEN_DAYS: i64 = 3650;

/// A user name: 1 to 64 letters, digits and `. _ - @`.
pub fn check_name(field: &'static str, name: &str) -> Result<(), DomainError> {
    let ok = !name.is_empty()
        && name.chars().count() <= MAX_NAME_CHARS
        && name.chars().all(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-' | '@'));
    if ok {
        Ok(())
    } else {
        Err(DomainError::invalid(
            field,
            format!(
                "\"{}\" is not a user name: use 1 to {MAX_NAME_CHARS} letters, digits and . _ - @",
                name.chars().take(MAX_NAME_CHARS).collect::<String>()
            ),
        ))
    }
}

/// The role named `s`, or what to type instead.
pub fn role(field: &'static str, s: &str) -> Result<Role, DomainError> {
    s.parse().map_err(|m: String| DomainError::invalid(field, m))
}

fn no_such_user(name: &str) -> DomainError {
    DomainError::NotFound(format!("no user \"{name}\" (dra user list)"))
}

fn last_admin(name: &str) -> DomainError {
    DomainError::Conflict(format!("{name} is the last administrator: make another one first"))
}

fn audit(
    conn: &mut AnyConnection,
    actor: &Actor,
    what: &str,
    target: &str,
    now: NaiveDateTime,
) -> Result<(), DomainError> {
    Ok(db::users::audit(conn, &actor.name, what, Some(target), actor.ip.as_deref(), now)?)
}

/// Every user, by name.
pub fn users(conn: &mut AnyConnection) -> Result<Vec<User>, DomainError> {
    Ok(db::users::list(conn)?)
}

/// Adds a user; returns their one-time password (to be shown once, changed at first sign-in).
pub fn add_user(
    conn: &mut AnyConnection,
    name: &str,
    role_name: &str,
    actor: &Actor,
    now: NaiveDateTime,
) -> Result<String, DomainError> {
    check_name("name", name)?;
    let role = role("role", role_name)?;
    db::write_tx_as(conn, |conn| {
        let password = db::users::create(conn, name, role, now)?.ok_or_else(|| {
            DomainError::Conflict(format!(
                "a user \"{name}\" already exists (dra user passwd {name} gives a new password)"
            ))
        })?;
        audit(conn, actor, "user added", &format!("{name} ({role})"), now)?;
        Ok(password)
    })
}

/// Gives a user a new one-time password (their sessions end); returns it.
pub fn reset_password(
    conn: &mut AnyConnection,
    name: &str,
    actor: &Actor,
    now: NaiveDateTime,
) -> Result<String, DomainError> {
    let password = db::users::one_time_password();
    db::write_tx_as(conn, |conn| {
        let user = db::users::by_name(conn, name)?.ok_or_else(|| no_such_user(name))?;
        db::users::set_password(conn, user.id, &password, true)?;
        audit(conn, actor, "password reset", name, now)?;
        Ok(password)
    })
}

/// Disables a user (their sessions end, their tokens stop working) or enables them again.
pub fn set_disabled(
    conn: &mut AnyConnection,
    name: &str,
    disabled: bool,
    actor: &Actor,
    now: NaiveDateTime,
) -> Result<User, DomainError> {
    db::write_tx_as(conn, |conn| {
        let user = match db::users::set_disabled(conn, name, disabled)? {
            db::users::Change::Done(u) => u,
            db::users::Change::NoSuchUser => return Err(no_such_user(name)),
            db::users::Change::LastAdmin => return Err(last_admin(name)),
        };
        let what = if disabled { "user disabled" } else { "user enabled" };
        audit(conn, actor, what, &format!("{} ({})", user.username, user.role), now)?;
        Ok(user)
    })
}

/// Gives a user another role (their sessions end; their tokens are held to the new role).
pub fn set_role(
    conn: &mut AnyConnection,
    name: &str,
    role_name: &str,
    actor: &Actor,
    now: NaiveDateTime,
) -> Result<User, DomainError> {
    let role = role("role", role_name)?;
    db::write_tx_as(conn, |conn| {
        let user = match db::users::set_role(conn, name, role)? {
            db::users::Change::Done(u) => u,
            db::users::Change::NoSuchUser => return Err(no_such_user(name)),
            db::users::Change::LastAdmin => return Err(last_admin(name)),
        };
        audit(conn, actor, "user role changed", &format!("{} ({})", user.username, user.role), now)?;
        Ok(user)
    })
}

/// The first administrator of a new installation, with a one-time password (returned), when
/// no administrator can sign in and no user is called `admin`; `None` otherwise.
pub fn first_admin(conn: &mut AnyConnection, now: NaiveDateTime) -> Result<Option<String>, DomainError> {
    if db::users::has_admin(conn)? || db::users::by_name(conn, "admin")?.is_some() {
        return Ok(None);
    }
    let actor = Actor { name: "dra".into(), ip: None };
    db::write_tx_as(conn, |conn| {
        let Some(password) = db::users::create(conn, "admin", Role::Admin, now)? else { return Ok(None) };
        audit(conn, &actor, "first administrator created", "admin", now)?;
        Ok(Some(password))
    })
}

/// Every API token, newest first, without secrets.
pub fn tokens(conn: &mut AnyConnection) -> Result<Vec<TokenInfo>, DomainError> {
    Ok(db::api_tokens::list(conn)?)
}

/// A new API token for `owner` (made a user without a password if there is none), holding
/// `role_name` (never above the owner's role) for `days`. Returns the token, shown only this
/// once, and when it expires.
pub fn create_token(
    conn: &mut AnyConnection,
    owner: &str,
    name: &str,
    role_name: &str,
    days: i64,
    actor: &Actor,
    now: NaiveDateTime,
) -> Result<(String, NaiveDateTime), DomainError> {
    check_name("owner", owner)?;
    let role = role("role", role_name)?;
    if !(1..=MAX_TOKEN_DAYS).contains(&days) {
        return Err(DomainError::invalid("expires_in_days", format!("a token lasts 1 to {MAX_TOKEN_DAYS} days")));
    }
    let expires = now + chrono::Duration::days(days);
    db::write_tx_as(conn, |conn| match db::api_tokens::create(conn, owner, name, role, expires, now)? {
        db::api_tokens::Created::Token(token, expires) => {
            audit(conn, actor, "API token created", &format!("{owner}: {name} ({role})"), now)?;
            Ok((token, expires))
        }
        db::api_tokens::Created::AboveOwner(owner_role) => {
            Err(DomainError::Conflict(format!("{owner} is {owner_role}: a token of theirs cannot be {role}")))
        }
    })
}

/// Revokes a token (it stops working at once); returns it as it was listed.
pub fn revoke_token(
    conn: &mut AnyConnection,
    id: i64,
    actor: &Actor,
    now: NaiveDateTime,
) -> Result<TokenInfo, DomainError> {
    db::write_tx_as(conn, |conn| {
        let t = db::api_tokens::revoke(conn, id, now)?
            .ok_or_else(|| DomainError::NotFound(format!("no API token #{id} (dra token list)")))?;
        audit(conn, actor, "API token revoked", &format!("#{id} {}: {}", t.owner, t.name), now)?;
        Ok(t)
    })
}

/// The user id and role of a valid API token (not revoked, not expired, owner enabled), held to
/// its owner's role as it is now; records its use. `None` for any other token.
pub fn authenticate_token(
    conn: &mut AnyConnection,
    token: &str,
    now: NaiveDateTime,
) -> Result<Option<(i64, Role)>, DomainError> {
    Ok(db::api_tokens::authenticate(conn, token, now)?)
}

/// The name of a user by id (for the audit log of an API call), `user #ID` when there is none.
pub fn name_of(conn: &mut AnyConnection, id: i64) -> Result<String, DomainError> {
    Ok(db::users::by_id(conn, id)?.map_or_else(|| format!("user #{id}"), |u| u.username))
}

/// How long a console session lasts at most, however busy.
pub use crate::db::users::SESSION_HOURS;

/// The shortest password a user may choose.
pub const MIN_PASSWORD_CHARS: usize = 12;

/// An argon2id hash of a random secret, verified against when the user does not exist.
static DUMMY_HASH: std::sync::LazyLock<String> =
    std::sync::LazyLock::new(|| db::users::hash_password(&crate::token::random_token()).unwrap_or_default());

/// A sign-in that worked: the session's token (for the cookie) and whether the user must change
/// a one-time password before anything else.
#[derive(Debug)]
pub struct SignedIn {
    pub token: String,
    pub must_change_password: bool,
}

/// Signs a user in with their password: `None` for a wrong name or password or a disabled user,
/// with the same work done in each case (no timing tells names apart). Audit-logged either way.
pub fn sign_in(
    conn: &mut AnyConnection,
    name: &str,
    password: &str,
    ip: Option<&str>,
    now: NaiveDateTime,
) -> Result<Option<SignedIn>, DomainError> {
    if name.chars().count() > MAX_NAME_CHARS {
        let cut: String = name.chars().take(MAX_NAME_CHARS).collect();
        db::users::audit(conn, &format!("{cut}…"), "login failed", None, ip, now)?;
        return Ok(None);
    }
    let user = db::users::by_name(conn, name)?.filter(|u| u.disabled == 0);
    let hash = user.as_ref().map(|u| u.password_hash.clone()).unwrap_or_else(|| DUMMY_HASH.clone());
    let ok = db::users::verify_password(&hash, password) && user.is_some();
    let Some(user) = user.filter(|_| ok) else {
        db::users::audit(conn, name, "login failed", None, ip, now)?;
        return Ok(None);
    };
    let token = db::users::open_session(conn, &user, ip, now)?;
    db::users::audit(conn, &user.username, "login", None, ip, now)?;
    Ok(Some(SignedIn { token, must_change_password: user.needs_new_password() }))
}

/// The user and CSRF token of a live session (not past its hours, used within `idle`, its user
/// not disabled).
pub fn session(
    conn: &mut AnyConnection,
    token: &str,
    now: NaiveDateTime,
    idle: chrono::Duration,
) -> Result<Option<(User, String)>, DomainError> {
    Ok(db::users::session(conn, token, now, idle)?)
}

/// Ends a session; audit-logged.
pub fn sign_out(
    conn: &mut AnyConnection,
    user: &User,
    token: &str,
    ip: Option<&str>,
    now: NaiveDateTime,
) -> Result<(), DomainError> {
    db::users::close_session(conn, token)?;
    Ok(db::users::audit(conn, &user.username, "logout", None, ip, now)?)
}

/// Changes a user's own password, given the current one (`false`: it was not right). Every
/// session of the user ends. Audit-logged either way.
pub fn change_password(
    conn: &mut AnyConnection,
    user: &User,
    current: &str,
    new: &str,
    ip: Option<&str>,
    now: NaiveDateTime,
) -> Result<bool, DomainError> {
    if new.chars().count() < MIN_PASSWORD_CHARS {
        return Err(DomainError::invalid("new", format!("use at least {MIN_PASSWORD_CHARS} characters")));
    }
    if !db::users::verify_password(&user.password_hash, current) {
        db::users::audit(conn, &user.username, "password change refused", None, ip, now)?;
        return Ok(false);
    }
    db::users::set_password(conn, user.id, new, false)?;
    db::users::audit(conn, &user.username, "password changed", None, ip, now)?;
    Ok(true)
}
