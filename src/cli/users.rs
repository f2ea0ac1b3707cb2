//! `dra user add|passwd|list|disable|enable|role` and `dra token create|list|revoke`: console
//! users with one-time passwords, and API tokens printed once. Every change is audit-logged.

use std::process::ExitCode;

use super::{TokenCommand, UserCommand, open_migrated};
use crate::clock::{Clock, SystemClock};
use crate::config::Settings;
use crate::service::{Actor, DomainError, accounts};

/// A refusal of a value given as a positional argument: the message alone (the error names
/// every other field as the option it came from).
fn positional(e: DomainError, fields: &[&str]) -> anyhow::Error {
    match e {
        DomainError::Invalid { field, message } if fields.contains(&field) => anyhow::anyhow!(message),
        other => other.into(),
    }
}

/// `dra user …`: adds, resets, lists, disables, enables users and changes their role.
pub fn user(cmd: UserCommand) -> anyhow::Result<ExitCode> {
    let settings = Settings::from_env()?;
    let mut conn = open_migrated(&settings)?;
    let now = SystemClock.now();
    let cli = Actor::cli();
    let (name, password) = match cmd {
        UserCommand::Add { name, role } => {
            let p = accounts::add_user(&mut conn, &name, &role, &cli, now).map_err(|e| positional(e, &["name"]))?;
            (name, p)
        }
        UserCommand::Passwd { name } => {
            let p = accounts::reset_password(&mut conn, &name, &cli, now)?;
            (name, p)
        }
        UserCommand::List { json: true } => {
            let out: Vec<serde_json::Value> = accounts::users(&mut conn)?
                .into_iter()
                .map(|u| {
                    serde_json::json!({"user": u.username, "role": u.role, "disabled": u.is_disabled(),
                        "last_sign_in": u.last_login_at.map(|t| t.and_utc().to_rfc3339())})
                })
                .collect();
            println!("{}", serde_json::to_string_pretty(&out)?);
            return Ok(ExitCode::SUCCESS);
        }
        UserCommand::List { json: false } => {
            println!("{:<24} {:<12} {:<9} last sign-in (UTC)", "user", "role", "state");
            for u in accounts::users(&mut conn)? {
                let state = if u.is_disabled() { "disabled" } else { "active" };
                let last = u.last_login_at.map_or("never".into(), |t| t.format("%Y-%m-%d %H:%M").to_string());
                println!("{:<24} {:<12} {:<9} {last}", u.username, u.role, state);
            }
            return Ok(ExitCode::SUCCESS);
        }
        UserCommand::Disable { name } => {
            accounts::set_disabled(&mut conn, &name, true, &cli, now)?;
            println!("user {name} disabled: their sessions ended and their API tokens stop working");
            return Ok(ExitCode::SUCCESS);
        }
        UserCommand::Enable { name } => {
            accounts::set_disabled(&mut conn, &name, false, &cli, now)?;
            println!("user {name} enabled");
            return Ok(ExitCode::SUCCESS);
        }
        UserCommand::Role { name, role } => {
            accounts::set_role(&mut conn, &name, &role, &cli, now).map_err(|e| positional(e, &["name", "role"]))?;
            println!("user {name} is now {role}; their sessions ended");
            return Ok(ExitCode::SUCCESS);
        }
    };
    println!("user {name}: one-time password {password} (shown only now; changed at first sign-in at /console)");
    Ok(ExitCode::SUCCESS)
}

/// `dra token create|list|revoke`: a new token on standard output (shown only this once), the
/// list without secrets, a revocation.
pub fn token(cmd: TokenCommand) -> anyhow::Result<ExitCode> {
    let settings = Settings::from_env()?;
    let mut conn = open_migrated(&settings)?;
    let now = SystemClock.now();
    match cmd {
        TokenCommand::Create { owner, name, role, expires_in_days } => {
            let (token, expires) =
                accounts::create_token(&mut conn, &owner, &name, &role, expires_in_days, &Actor::cli(), now)?;
            eprintln!(
                "API token for {owner} ({role}), valid until {} UTC; it is shown only this once:",
                expires.format("%Y-%m-%d %H:%M")
            );
            println!("{token}");
        }
        TokenCommand::List { json: true } => {
            let time = |t: Option<chrono::NaiveDateTime>| t.map(|t| t.and_utc().to_rfc3339());
            let out: Vec<serde_json::Value> = accounts::tokens(&mut conn)?
                .into_iter()
                .map(|t| {
                    serde_json::json!({"id": t.id, "owner": t.owner, "name": t.name, "role": t.role,
                        "created_at": time(Some(t.created_at)), "expires_at": time(t.expires_at),
                        "last_used_at": time(t.last_used_at), "revoked_at": time(t.revoked_at)})
                })
                .collect();
            println!("{}", serde_json::to_string_pretty(&out)?);
        }
        TokenCommand::List { json: false } => {
            let day = |t: Option<chrono::NaiveDateTime>| t.map_or("-".into(), |t| t.format("%Y-%m-%d").to_string());
            println!(
                "{:>5} {:<20} {:<16} {:<12} {:<10} {:<10} {:<10} revoked",
                "id", "owner", "name", "role", "created", "expires", "used"
            );
            for t in accounts::tokens(&mut conn)? {
                println!(
                    "{:>5} {:<20} {:<16} {:<12} {:<10} {:<10} {:<10} {}",
                    t.id,
                    t.owner,
                    t.name,
                    t.role,
                    day(Some(t.created_at)),
                    day(t.expires_at),
                    day(t.last_used_at),
                    day(t.revoked_at)
                );
            }
        }
        TokenCommand::Revoke { id } => {
            let t = accounts::revoke_token(&mut conn, id, &Actor::cli(), now)?;
            println!("token #{id} ({}: {}) revoked", t.owner, t.name);
        }
    }
    Ok(ExitCode::SUCCESS)
}
