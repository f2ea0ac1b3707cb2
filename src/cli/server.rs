//! `dra serve`, `dra migrate` and `dra config`: running the server (first administrator, demo
//! data), applying migrations, printing the effective settings.

use std::process::ExitCode;

use crate::clock::{Clock, SystemClock};
use crate::config::Settings;
use crate::service::store::Conn;

/// `dra migrate [--status]`: applies the pending migrations, or only lists them.
pub fn migrate(status: bool) -> anyhow::Result<ExitCode> {
    let settings = Settings::from_env()?;
    let (backend, names) = crate::service::store::migrate(&settings, status)?;
    if status {
        println!("{} pending migration(s) on {backend}", names.len());
    } else {
        println!("applied {} migration(s) on {backend}", names.len());
    }
    for n in names {
        println!("  {n}");
    }
    Ok(ExitCode::SUCCESS)
}

/// `dra config`: the effective settings, secrets redacted.
pub fn config() -> anyhow::Result<ExitCode> {
    print!("{}", Settings::from_env()?.redacted());
    Ok(ExitCode::SUCCESS)
}

/// `dra backup DIR`: the database and the secret, with a manifest.
pub fn backup(dir: &std::path::Path) -> anyhow::Result<ExitCode> {
    let settings = Settings::from_env()?;
    let now = crate::clock::Clock::now(&crate::clock::SystemClock);
    let m = crate::service::backup::backup(&settings, dir, now).map_err(|e| anyhow::anyhow!(e.for_cli()))?;
    println!(
        "backup of the {} database in {} ({} files, secret {})",
        m.backend,
        dir.display(),
        m.files.len(),
        m.secret
    );
    for n in &m.notes {
        println!("note: {n}");
    }
    Ok(ExitCode::SUCCESS)
}

/// `dra restore DIR [--force]`.
pub fn restore(dir: &std::path::Path, force: bool) -> anyhow::Result<ExitCode> {
    let settings = Settings::from_env()?;
    let (m, restored) =
        crate::service::backup::restore(&settings, dir, force).map_err(|e| anyhow::anyhow!(e.for_cli()))?;
    println!("restored the backup of {} ({} database):", m.created_at, m.backend);
    for r in restored {
        println!("  {r}");
    }
    for n in &m.notes {
        println!("note: {n}");
    }
    Ok(ExitCode::SUCCESS)
}

/// `dra serve [--demo]`: serves until stopped. The application migrates the database, then the
/// demo data (when asked) and the first administrator are put in before anything is served.
pub fn serve(demo: bool) -> anyhow::Result<ExitCode> {
    let settings = Settings::from_env()?;
    let database = crate::config::redact_url(&settings.database()?.to_string());
    actix_web::rt::System::new().block_on(async move {
        let app = crate::app::Application::build_with(settings, |conn, settings| {
            if demo {
                load_demo(conn, settings)?;
            }
            first_administrator(conn, settings)
        })?;
        tracing::info!(addr = %app.addr(), %database, "dra is serving");
        println!("dra is serving on http://{}", app.addr());
        app.run().await?;
        tracing::info!("dra stopped");
        Ok(ExitCode::SUCCESS)
    })
}

/// `--demo`: dra-core and a demo campaign with simulated respondents, on a database without
/// campaigns.
fn load_demo(conn: &mut Conn, settings: &Settings) -> anyhow::Result<()> {
    match crate::service::demo::seed(conn, &settings.token_key()?, &settings.base_url, SystemClock.now())? {
        Some(d) => {
            println!(
                "demo campaign \"{}\" loaded: {} submitted responses over five groups",
                crate::service::demo::SLUG,
                d.respondents
            );
            println!("  a personal link not yet answered: {}", d.personal_link);
            println!("  the public link:                  {}", d.public_link);
            println!("  figures: dra analyze --campaign {}   (same data directory)", crate::service::demo::SLUG);
        }
        None => println!("the database already holds campaigns: no demo loaded"),
    }
    if crate::service::index::demo::seed(conn, SystemClock.now())? {
        println!(
            "demo index \"{}\" loaded: 14 institutions × 11 indicators; console: /console/indices/{}",
            crate::service::index::demo::SLUG,
            crate::service::index::demo::SLUG
        );
    }
    Ok(())
}

/// The first start creates an administrator, whose one-time password is shown only now.
fn first_administrator(conn: &mut Conn, settings: &Settings) -> anyhow::Result<()> {
    if let Some(password) = crate::service::accounts::first_admin(conn, SystemClock.now())? {
        println!(
            "console: {}/console  user admin, one-time password {password}",
            settings.base_url.trim_end_matches('/')
        );
        println!("         (shown only now; you choose your own at the first sign-in;");
        println!("          lost before that? `dra user passwd admin` gives a new one)");
    }
    Ok(())
}
