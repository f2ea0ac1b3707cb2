//! `dra user add|passwd` and `dra token create`: console users with one-time passwords, and API
//! tokens printed once.

use std::process::ExitCode;

use super::{TokenCommand, UserCommand, open_migrated};
use crate::clock::{Clock, SystemClock};
use crate::config::Settings;
use crate::db;

/// `dra user add NAME --role R` / `dra user passwd NAME`: prints the one-time password.
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
            let user = db::users::by_name(&mut conn, &name)?.ok_or_else(|| anyhow::anyhow!("no user \"{name}\""))?;
            let p = db::users::one_time_password();
            db::users::set_password(&mut conn, user.id, &p, true)?;
            db::users::audit(&mut conn, "cli", "password reset", Some(&name), None, now)?;
            (name, p)
        }
    };
    println!("user {name}: one-time password {password} (shown only now; changed at first sign-in at /console)");
    Ok(ExitCode::SUCCESS)
}

/// `dra token create --owner U --role R`: the token on standard output, shown only this once.
pub fn token(cmd: TokenCommand) -> anyhow::Result<ExitCode> {
    let TokenCommand::Create { owner, name, role } = cmd;
    let settings = Settings::from_env()?;
    let mut conn = open_migrated(&settings)?;
    let token = db::api_tokens::create(&mut conn, &owner, &name, &role, SystemClock.now())?;
    eprintln!("API token for {owner} ({role}); it is shown only this once:");
    println!("{token}");
    Ok(ExitCode::SUCCESS)
}
