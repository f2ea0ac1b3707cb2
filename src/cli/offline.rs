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
        println!(
            "nothing imported: {} of {} submissions have problems; fix them and import the file again",
            read.problems.total,
            read.problems.total + valid
        );
        return Ok(ExitCode::FAILURE);
    }
    let bar = super::progress::file(file, "importing");
    let input = open(&bar)?;
    let stored = plan.store(&mut conn, input, &file.display().to_string(), &Actor::cli(), SystemClock.now());
    bar.finish_and_clear();
    let OdkStored { added, replaced, unchanged, rejected } = stored?;
    let skipped = if rejected > 0 { format!("; {rejected} rejected on the server, skipped") } else { String::new() };
    println!(
        "imported {} ODK submissions into \"{}\" ({added} new, {replaced} replaced, {unchanged} unchanged{skipped})",
        added + replaced + unchanged,
        plan.campaign.slug
    );
    Ok(ExitCode::SUCCESS)
}
