//! `dra responses import --format odk`: submissions collected offline with ODK Collect or
//! KoboToolbox, from their server's CSV export (`service::offline`).

use std::path::Path;
use std::process::ExitCode;

use super::open_migrated;
use crate::clock::{Clock, SystemClock};
use crate::config::Settings;
use crate::service::Actor;
use crate::service::offline::{OdkImport, OdkStored};

/// Checks every row first; stores only when all are valid, in one transaction, marked odk.
pub fn import(slug: &str, file: &Path) -> anyhow::Result<ExitCode> {
    let settings = Settings::from_env()?;
    let mut conn = open_migrated(&settings)?;
    let plan = OdkImport::of(&mut conn, slug)?;
    let open = |bar: &indicatif::ProgressBar| {
        std::fs::File::open(file)
            .map(|f| std::io::BufReader::new(bar.wrap_read(f)))
            .map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))
    };
    let bar = super::progress::file(file, "checking");
    let (read, valid) = plan.check(open(&bar)?);
    bar.finish_and_clear();
    if !read.problems.is_empty() {
        for p in &read.problems.listed {
            eprintln!("{}:{}: {}", file.display(), p.line, p.message);
        }
        if read.problems.total > read.problems.listed.len() {
            eprintln!("… and {} more problems", read.problems.total - read.problems.listed.len());
        }
        let args = [("problems", read.problems.total.into()), ("rows", (read.problems.total + valid).into())];
        println!("{}", crate::i18n::format(&settings.lang, "cli-odk-nothing-imported", &args));
        return Ok(ExitCode::FAILURE);
    }
    let bar = super::progress::file(file, "importing");
    let input = open(&bar)?;
    let stored = plan.store(&mut conn, input, &file.display().to_string(), &Actor::cli(), SystemClock.now());
    bar.finish_and_clear();
    let OdkStored { added, replaced, unchanged, rejected } = stored?;
    let args = [
        ("n", (added + replaced + unchanged).into()),
        ("slug", plan.campaign.slug.as_str().into()),
        ("added", added.into()),
        ("replaced", replaced.into()),
        ("unchanged", unchanged.into()),
        ("rejected", rejected.into()),
    ];
    println!("{}", crate::i18n::format(&settings.lang, "cli-odk-imported", &args));
    Ok(ExitCode::SUCCESS)
}
