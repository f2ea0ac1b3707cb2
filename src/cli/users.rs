//! `dra user add|passwd|list|disable|enable|role` and `dra token create|list|revoke`: console
//! users with one-time passwords, and API tokens printed once. Every change is audit-logged.

use std::process::ExitCode;

use super::{TokenCommand, UserCommand, open_migrated};
use crate::clock::{Clock, SystemClock};
use crate::config::Settings;
use crate::db;

/// `dra user …`: adds, resets, lists, disables, enables users and changes their role.
pub fn user(cmd: UserCommand) -> anyhow::Result<ExitCode> {
    let settings = Settings::from_env()?;
    let mut conn = open_migrated(&settings)?;
    let now = SystemClock.now();
    let (name, password) = match cmd {
        UserCommand::Add { name, role } => {
            let p = db::users::create(&mut conn, &name, &role, now)?;
            db::users::audit(&mut conn, "cli", "user added", Some(&format!("{name} ({role})")), None, now)?;
            (name, p)
        }
        UserCommand::Passwd { name } => {
            let user = db::users::require(&mut conn, &name)?;
            let p = db::users::one_time_password();
            db::users::set_password(&mut conn, user.id, &p, true)?;
            db::users::audit(&mut conn, "cli", "password reset", Some(&name), None, now)?;
            (name, p)
        }
        UserCommand::List { json: true } => {
            let out: Vec<serde_json::Value> = db::users::list(&mut conn)?
                .into_iter()
                .map(|u| {
                    serde_json::json!({"user": u.username, "role": u.role, "disabled": u.disabled != 0,
                        "last_sign_in": u.last_login_at.map(|t| t.and_utc().to_rfc3339())})
                })
                .collect();
            println!("{}", serde_json::to_string_pretty(&out)?);
            return Ok(ExitCode::SUCCESS);
        }
        UserCommand::List { json: false } => {
            println!("{:<24} {:<12} {:<9} last sign-in (UTC)", "user", "role", "state");
            for u in db::users::list(&mut conn)? {
                let state = if u.disabled != 0 { "disabled" } else { "active" };
                let last = u.last_login_at.map_or("never".into(), |t| t.format("%Y-%m-%d %H:%M").to_string());
                println!("{:<24} {:<12} {:<9} {last}", u.username, u.role, state);
            }
            return Ok(ExitCode::SUCCESS);
        }
        UserCommand::Disable { name } => {
            db::users::set_disabled(&mut conn, &name, true)?;
            db::users::audit(&mut conn, "cli", "user disabled", Some(&name), None, now)?;
            println!("user {name} disabled: their sessions ended and their API tokens stop working");
            return Ok(ExitCode::SUCCESS);
        }
        UserCommand::Enable { name } => {
            db::users::set_disabled(&mut conn, &name, false)?;
            db::users::audit(&mut conn, "cli", "user enabled", Some(&name), None, now)?;
            println!("user {name} enabled");
            return Ok(ExitCode::SUCCESS);
        }
        UserCommand::Role { name, role } => {
            db::users::set_role(&mut conn, &name, &role)?;
            db::users::audit(&mut conn, "cli", "user role changed", Some(&format!("{name} ({role})")), None, now)?;
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
            let (token, expires) = db::api_tokens::create(&mut conn, &owner, &name, &role, expires_in_days, now)?;
            db::users::audit(
                &mut conn,
                "cli",
                "API token created",
                Some(&format!("{owner}: {name} ({role})")),
                None,
                now,
            )?;
            eprintln!(
                "API token for {owner} ({role}), valid until {} UTC; it is shown only this once:",
                expires.format("%Y-%m-%d %H:%M")
            );
            println!("{token}");
        }
        TokenCommand::List { json: true } => {
            let time = |t: Option<chrono::NaiveDateTime>| t.map(|t| t.and_utc().to_rfc3339());
            let out: Vec<serde_json::Value> = db::api_tokens::list(&mut conn)?
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
            for t in db::api_tokens::list(&mut conn)? {
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
            let (owner, name) = db::api_tokens::revoke(&mut conn, id, now)?;
            db::users::audit(
                &mut conn,
                "cli",
                "API token revoked",
                Some(&format!("#{id} {owner}: {name}")),
                None,
                now,
            )?;
            println!("token #{id} ({owner}: {name}) revoked");
        }
    }
    Ok(ExitCode::SUCCESS)
}
