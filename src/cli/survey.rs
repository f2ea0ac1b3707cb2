//! `dra survey check|show|import|list`: definitions checked and outlined from their files, stored
//! as content-hashed versions, listed (`template` and `print` are in `responses.rs`).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::open_migrated;
use crate::config::Settings;
use crate::service::surveys::{self, Imported};
use crate::survey;

/// `dra survey check`: every problem of every file, exit 1 if any.
pub fn check(files: &[PathBuf]) -> ExitCode {
    let mut failed = false;
    for f in files {
        match survey::load_file(f) {
            Ok(s) => println!(
                "{}: ok — {} {} ({} pillars, {} scored questions, languages {})",
                f.display(),
                s.id,
                s.version,
                s.pillars.len(),
                s.scored_questions().count(),
                s.languages.join(", ")
            ),
            // Problems on standard error, like a compiler's: standard output says what passed.
            Err(e) => {
                failed = true;
                eprintln!("{e}");
            }
        }
    }
    if failed { ExitCode::FAILURE } else { ExitCode::SUCCESS }
}

/// `dra survey show FILE [--lang L]`: the outline, in the survey's default language unless asked.
pub fn show(file: &Path, lang: Option<String>) -> anyhow::Result<ExitCode> {
    let s = survey::load_file(file)?;
    let lang = lang.unwrap_or_else(|| s.default_language.clone());
    print!("{}", survey::outline::outline(&s, &lang));
    Ok(ExitCode::SUCCESS)
}

/// `dra survey import FILE`: checked, then stored unless the same content is already there.
pub fn import(file: &Path) -> anyhow::Result<ExitCode> {
    let s = survey::load_file(file)?;
    let settings = Settings::from_env()?;
    let mut conn = open_migrated(&settings)?;
    let name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    match surveys::import(
        &mut conn,
        &s,
        &name,
        &crate::service::Actor::cli(),
        crate::clock::Clock::now(&crate::clock::SystemClock),
    )? {
        Imported::New(id) => {
            println!("stored {} version {} as #{id} ({})", s.id, s.version, s.content_hash)
        }
        Imported::AlreadyStored(id) => {
            println!("unchanged: {} version {} is already stored as #{id} ({})", s.id, s.version, s.content_hash)
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `dra survey list`: the stored versions, one a line.
pub fn list() -> anyhow::Result<ExitCode> {
    let settings = Settings::from_env()?;
    let mut conn = open_migrated(&settings)?;
    let rows = surveys::list(&mut conn)?;
    if rows.is_empty() {
        println!("no survey stored yet: dra survey import surveys/dra-core.json");
    }
    let mut out = std::io::stdout().lock();
    for r in rows {
        let hash = r.content_hash.get(..12).unwrap_or(&r.content_hash);
        writeln!(
            out,
            "#{:<4} {:<16} {:<10} {}  {}  {}",
            r.id,
            r.survey_key,
            r.version,
            hash,
            r.imported_at.format("%Y-%m-%d %H:%M"),
            r.title
        )?;
    }
    Ok(ExitCode::SUCCESS)
}
