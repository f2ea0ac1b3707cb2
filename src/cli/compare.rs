//! `dra compare` (editions side by side, as JSON or CSV), `dra report --compare-to` (the
//! report with its "change since" section) and `dra publish` (the open-data package).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::open_migrated;
use crate::clock::{Clock, SystemClock};
use crate::config::Settings;
use crate::service::compare as service;

fn read_map(path: Option<&Path>) -> anyhow::Result<Option<crate::analysis::compare::ItemMap>> {
    let Some(p) = path else { return Ok(None) };
    let text = std::fs::read_to_string(p).map_err(|e| anyhow::anyhow!("--map {}: {e}", p.display()))?;
    Ok(Some(service::parse_map(&text).map_err(|e| anyhow::anyhow!("--map {}: {}", p.display(), e.for_cli()))?))
}

fn write(out: Option<PathBuf>, bytes: &[u8], what: &str) -> anyhow::Result<ExitCode> {
    match out.filter(|p| p.as_os_str() != "-") {
        Some(path) => {
            std::fs::write(&path, bytes).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
            eprintln!("{what} written to {} ({} bytes)", path.display(), bytes.len());
            Ok(ExitCode::SUCCESS)
        }
        None => super::write_out(bytes),
    }
}

/// `dra compare --from A [--from B …] --to C [--map map.json] [--format json|csv]`; index
/// campaigns give the score and rank change of each institution (`--from A --to B`) or, with
/// three or more editions, each institution's series.
pub fn compare(
    from: &[String],
    to: &str,
    map: Option<&Path>,
    format: &str,
    out: Option<PathBuf>,
) -> anyhow::Result<ExitCode> {
    if !["json", "csv"].contains(&format) {
        anyhow::bail!("--format {format}: use json or csv");
    }
    let map = read_map(map)?;
    let settings = Settings::from_env()?;
    let mut conn = open_migrated(&settings)?;
    // Index campaigns (all of them; a mix with survey campaigns is refused): the score and
    // rank of each institution, changed or over three or more editions.
    let kind =
        crate::service::index::editions::kind(&mut conn, from, to, "en").map_err(|e| anyhow::anyhow!(e.for_cli()))?;
    if kind == crate::service::index::editions::Kind::Index {
        let a = crate::service::index::editions::answer(&mut conn, from, to, "en")
            .map_err(|e| anyhow::anyhow!(e.for_cli()))?;
        let bytes = if format == "csv" {
            a.csv().map_err(|e| anyhow::anyhow!(e.for_cli()))?
        } else {
            let mut v = serde_json::to_vec_pretty(&a)?;
            v.push(b'\n');
            v
        };
        return write(out, &bytes, "comparison");
    }
    let editions = service::compare(&mut conn, from, to, map.as_ref()).map_err(|e| anyhow::anyhow!(e.for_cli()))?;
    let bytes = if format == "csv" {
        crate::analysis::compare::table::csv(&editions.comparison).map_err(|e| anyhow::anyhow!("csv: {e}"))?
    } else {
        let mut v = serde_json::to_vec_pretty(&editions)?;
        v.push(b'\n');
        v
    };
    write(out, &bytes, "comparison")
}

/// `dra report --campaign C --compare-to A[,B…] [--map map.json]`: PDF or HTML.
pub fn report(
    slug: &str,
    compare_to: &[String],
    map: Option<&Path>,
    format: &str,
    lang: &str,
    out: Option<PathBuf>,
) -> anyhow::Result<ExitCode> {
    let f = match crate::report::Format::parse(format) {
        Some(f @ (crate::report::Format::Pdf | crate::report::Format::Html)) => f,
        _ => anyhow::bail!("--format {format}: a report with --compare-to is pdf or html"),
    };
    let l = crate::report::Lang::parse(lang).ok_or_else(|| anyhow::anyhow!("--lang {lang}: use es or en"))?;
    let map = read_map(map)?;
    let settings = Settings::from_env()?;
    let mut conn = open_migrated(&settings)?;
    let r = service::report(&mut conn, slug, compare_to, map.as_ref(), f, l, SystemClock.now())
        .map_err(|e| anyhow::anyhow!(e.for_cli()))?;
    if out.as_deref().is_some_and(|p| p.as_os_str() == "-") {
        return super::write_out(&r.bytes);
    }
    let path = out.unwrap_or_else(|| PathBuf::from(&r.file_name));
    std::fs::write(&path, &r.bytes).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    println!("{} written ({} bytes)", path.display(), r.bytes.len());
    Ok(ExitCode::SUCCESS)
}

/// `dra publish --campaign SLUG --out DIR [--zip]`.
pub fn publish(
    slug: &str,
    out: &Path,
    options: &crate::service::publish::PublishOptions,
    zip: bool,
) -> anyhow::Result<ExitCode> {
    let settings = Settings::from_env()?;
    let mut conn = open_migrated(&settings)?;
    let today = SystemClock.now().date();
    let files = crate::service::publish::package(&mut conn, slug, options, today)?;
    if zip {
        if out.exists() {
            anyhow::bail!("--out {}: already exists (name a new file)", out.display());
        }
        let folder = out.file_stem().map_or_else(|| format!("{slug}-open-data"), |s| s.to_string_lossy().into_owned());
        let bytes = crate::publish::zip(&files, &folder)?;
        std::fs::write(out, &bytes).map_err(|e| anyhow::anyhow!("{}: {e}", out.display()))?;
        println!("{} written ({} bytes)", out.display(), bytes.len());
        return Ok(ExitCode::SUCCESS);
    }
    crate::service::publish::write_dir(&files, out)?;
    for f in &files {
        println!("{} ({} bytes)", out.join(&f.name).display(), f.bytes.len());
    }
    Ok(ExitCode::SUCCESS)
}
