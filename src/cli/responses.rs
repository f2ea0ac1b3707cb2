//! `dra responses import` (paper forms), `dra survey template --csv`, `dra analyze`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::open_migrated;
use crate::clock::{Clock, SystemClock};
use crate::config::Settings;
use crate::service::responses::{PaperImport, PaperStored};
use crate::service::{Actor, exports, surveys};
use crate::survey;

/// Imports paper forms in one pass: stored only when every row is valid, in one transaction,
/// marked as paper.
pub fn import(slug: &str, file: &Path) -> anyhow::Result<ExitCode> {
    let settings = Settings::from_env()?;
    let mut conn = open_migrated(&settings)?;
    let plan = PaperImport::of(&mut conn, slug)?;
    // Each pass over the file shows its progress on a terminal.
    let open = |bar: &indicatif::ProgressBar| {
        std::fs::File::open(file)
            .map(|f| std::io::BufReader::new(bar.wrap_read(f)))
            .map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))
    };
    let started = std::time::Instant::now();
    let bar = super::progress::file(file, "importing");
    let stored = plan.import(&mut conn, open(&bar)?, &Actor::cli(), SystemClock.now());
    bar.finish_and_clear();
    let stored = match stored? {
        Ok(stored) => stored,
        Err((problems, valid)) => {
            for p in &problems.listed {
                eprintln!("{}:{}: {}", file.display(), p.line, p.message);
            }
            if problems.total > problems.listed.len() {
                eprintln!("… and {} more problems", problems.total - problems.listed.len());
            }
            let args = [("problems", problems.total.into()), ("rows", (problems.total + valid).into())];
            println!("{}", crate::i18n::format(&settings.lang, "cli-paper-nothing-imported", &args));
            return Ok(ExitCode::FAILURE);
        }
    };
    let PaperStored { added, replaced } = stored;
    let args = [
        ("n", (added + replaced).into()),
        ("slug", plan.campaign.slug.as_str().into()),
        ("added", added.into()),
        ("replaced", replaced.into()),
        ("seconds", format!("{:.1}", started.elapsed().as_secs_f64()).into()),
    ];
    println!("{}", crate::i18n::format(&settings.lang, "cli-paper-imported", &args));
    Ok(ExitCode::SUCCESS)
}

/// A survey from a definition file, or a stored one (id, #ID or hash prefix).
pub(super) fn survey_from(spec: &str) -> anyhow::Result<survey::Survey> {
    if Path::new(spec).exists() {
        return Ok(survey::load_file(Path::new(spec))?);
    }
    let settings = Settings::from_env()?;
    let mut conn = open_migrated(&settings)?;
    Ok(surveys::find(&mut conn, spec)?)
}

/// Prints the CSV header for typing in paper forms of a survey.
pub fn template(spec: &str) -> anyhow::Result<ExitCode> {
    println!("{}", survey::paper::template_header(&survey_from(spec)?));
    Ok(ExitCode::SUCCESS)
}

/// Writes the printable blank questionnaire.
pub fn print(spec: &str, lang: &str, out: &Path) -> anyhow::Result<ExitCode> {
    let s = survey_from(spec)?;
    if !s.languages.iter().any(|l| l == lang) {
        anyhow::bail!("--lang {lang}: survey {} is written in {}", s.id, s.languages.join(", "));
    }
    let campaign = format!("{} {}", s.id, s.version);
    let bytes = crate::report::questionnaire::pdf(&s, lang, &campaign, "", "")?;
    std::fs::write(out, &bytes).map_err(|e| anyhow::anyhow!("{}: {e}", out.display()))?;
    println!("{} written ({} bytes)", out.display(), bytes.len());
    Ok(ExitCode::SUCCESS)
}

/// `dra analyze`: the campaign's aggregates as JSON (stdout or `--out`).
pub fn analyze(slug: &str, by: Option<String>, out: Option<PathBuf>) -> anyhow::Result<ExitCode> {
    let settings = Settings::from_env()?;
    let mut conn = open_migrated(&settings)?;
    let started = std::time::Instant::now();
    let aggregates = exports::aggregates(&mut conn, slug, by)?;
    let json = serde_json::to_string_pretty(&aggregates)?;
    match out.filter(|p| p.as_os_str() != "-") {
        Some(path) => {
            std::fs::write(&path, json).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
            eprintln!("aggregates written to {} in {:.2} s", path.display(), started.elapsed().as_secs_f64());
        }
        None => println!("{json}"),
    }
    Ok(ExitCode::SUCCESS)
}

/// `dra report`: one command from the database to a file.
pub fn report(slug: &str, format: &str, lang: &str, out: Option<PathBuf>, excel: bool) -> anyhow::Result<ExitCode> {
    let settings = Settings::from_env()?;
    let mut conn = open_migrated(&settings)?;
    let started = std::time::Instant::now();
    if format == "stats" {
        let dir = out.unwrap_or_else(|| PathBuf::from(format!("{slug}-stats")));
        let written = exports::stats(&mut conn, slug, lang, &dir)?;
        for w in written {
            println!("{w}");
        }
        return Ok(ExitCode::SUCCESS);
    }
    let (bytes, name) = if format == "responses-csv" {
        (exports::responses_csv(&mut conn, slug)?, format!("{slug}-responses.csv"))
    } else if let Some(kind) = format.strip_prefix("comments-") {
        if !["csv", "json", "xlsx"].contains(&kind) {
            anyhow::bail!("--format {format}: use comments-csv, comments-json or comments-xlsx");
        }
        let all = exports::comments(&mut conn, slug)?;
        match crate::report::comments::render(&all, kind, lang) {
            Some(made) => (made?.0, format!("{slug}-comments.{kind}")),
            None => anyhow::bail!("--format {format}: use comments-csv, comments-json or comments-xlsx"),
        }
    } else {
        let f = crate::report::Format::parse(format).ok_or_else(|| {
            anyhow::anyhow!(
                "--format {format}: use pdf, html, csv, xlsx, json, responses-csv, comments-csv, comments-json, \
                 comments-xlsx or stats"
            )
        })?;
        let l = crate::report::Lang::parse(lang).ok_or_else(|| {
            anyhow::anyhow!("--lang {lang}: no catalog for this language (built in: es, en; add locales/{lang}.ftl)")
        })?;
        let what = format!("reading the responses of \"{slug}\", computing the statistics, writing the {format}");
        let spinner = super::progress::steps(&what);
        if !super::progress::drawn() {
            eprintln!("{what}…");
        }
        let made = exports::report(&mut conn, slug, f, l, SystemClock.now());
        spinner.finish_and_clear();
        let r = made?;
        (r.bytes, r.file_name)
    };
    let bytes = if excel {
        if !name.ends_with(".csv") {
            anyhow::bail!("--excel: only a CSV takes it (--format csv, responses-csv or comments-csv)");
        }
        crate::report::cell_text::excel_dialect(&bytes)?
    } else {
        bytes
    };
    // `--out -`: the report on standard output, for a pipe.
    if out.as_deref().is_some_and(|p| p.as_os_str() == "-") {
        std::io::Write::write_all(&mut std::io::stdout().lock(), &bytes)?;
        return Ok(ExitCode::SUCCESS);
    }
    let path = out.unwrap_or_else(|| PathBuf::from(&name));
    std::fs::write(&path, &bytes).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    println!("{} written ({} bytes) in {:.1} s", path.display(), bytes.len(), started.elapsed().as_secs_f64());
    Ok(ExitCode::SUCCESS)
}
