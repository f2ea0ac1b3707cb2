//! `dra contributions`: open a campaign to contributions on its topics, and write "what we heard
//! and what we did" (PDF or HTML) — the same record the public page links to.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Subcommand;

use super::open_migrated;
use crate::clock::{Clock, SystemClock};
use crate::config::Settings;
use crate::service::{Actor, contributions};

#[derive(Debug, Subcommand)]
pub enum ContributionsCommand {
    /// Open (or, with --closed, close) a campaign to contributions, with its topics read from a
    /// file of lines `code | nombre | name`.
    Setup {
        #[arg(long)]
        campaign: String,
        #[arg(long)]
        topics: PathBuf,
        /// Keep the topics but take no contributions.
        #[arg(long)]
        closed: bool,
    },
    /// "What we heard and what we did": counts per topic and answer, every published
    /// contribution with its answer as an annex.
    Report {
        #[arg(long)]
        campaign: String,
        /// pdf or html.
        #[arg(long, default_value = "pdf")]
        format: String,
        #[arg(long, default_value = "es")]
        lang: String,
        /// Output file, `-` for standard output (default: SLUG-contributions-LANG.EXT).
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

/// Runs a `dra contributions` subcommand.
pub fn run(cmd: ContributionsCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        ContributionsCommand::Setup { campaign, topics, closed } => setup(&campaign, &topics, !closed),
        ContributionsCommand::Report { campaign, format, lang, out } => report(&campaign, &format, &lang, out),
    }
}

fn setup(slug: &str, file: &std::path::Path, enabled: bool) -> anyhow::Result<ExitCode> {
    let text = std::fs::read_to_string(file).map_err(|e| anyhow::anyhow!("--topics {}: {e}", file.display()))?;
    let settings = Settings::from_env()?;
    let mut conn = open_migrated(&settings)?;
    let s = contributions::save_setup(&mut conn, slug, enabled, &text, &Actor::cli(), SystemClock.now())
        .map_err(|e| anyhow::anyhow!(e.for_cli()))?;
    println!(
        "campaign \"{slug}\" {} contributions on {} topics: /p/{slug}/contribute, published at /p/{slug}/contributions",
        if s.enabled { "takes" } else { "takes no" },
        s.topics.len()
    );
    Ok(ExitCode::SUCCESS)
}

fn report(slug: &str, format: &str, lang: &str, out: Option<PathBuf>) -> anyhow::Result<ExitCode> {
    if format != "pdf" && format != "html" {
        anyhow::bail!("--format {format}: use pdf or html");
    }
    if lang != "es" && lang != "en" {
        anyhow::bail!("--lang {lang}: use es or en");
    }
    let settings = Settings::from_env()?;
    let mut conn = open_migrated(&settings)?;
    let now = SystemClock.now();
    let record = contributions::record(&mut conn, slug, lang, now).map_err(|e| anyhow::anyhow!(e.for_cli()))?;
    let bytes = match format {
        "html" => crate::contribution::report::html(&record).map_err(|e| anyhow::anyhow!(e))?.into_bytes(),
        _ => crate::contribution::report::pdf(&record, Some(now)).map_err(|e| anyhow::anyhow!(e))?,
    };
    let out = out.unwrap_or_else(|| PathBuf::from(format!("{slug}-contributions-{lang}.{format}")));
    if out.as_os_str() == "-" {
        return super::write_out(&bytes);
    }
    std::fs::write(&out, &bytes).map_err(|e| anyhow::anyhow!("{}: {e}", out.display()))?;
    println!(
        "{}: {} published contributions of {} received ({} bytes)",
        out.display(),
        record.total_row.cells.last().copied().unwrap_or(0),
        record.totals.first().map_or(0, |t| t.1),
        bytes.len()
    );
    Ok(ExitCode::SUCCESS)
}
