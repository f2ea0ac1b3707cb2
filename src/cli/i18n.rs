//! `dra i18n`: what a message catalog lacks, and which languages have one.

use std::path::Path;
use std::process::ExitCode;

use crate::i18n;

/// Lists, per language, the messages missing next to English, the ids English does not know and
/// the messages whose variables differ. Fails when anything is listed.
pub fn check(arg: Option<&str>) -> anyhow::Result<ExitCode> {
    let langs = match arg {
        Some(a) if a.ends_with(".ftl") => {
            let path = Path::new(a);
            let lang = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
            let text = std::fs::read_to_string(path).map_err(|e| anyhow::anyhow!("{a}: {e}"))?;
            i18n::load_text(lang, a, &text)?;
            vec![lang.to_string()]
        }
        Some(lang) if !i18n::has(lang) => {
            anyhow::bail!("no catalog for `{lang}`: loaded are {}", i18n::languages().join(", "))
        }
        Some(lang) => vec![lang.to_string()],
        None => i18n::languages(),
    };
    let total = i18n::check::reference_ids().len();
    let mut complete = true;
    for lang in langs {
        let Some(r) = i18n::check::check(&lang) else { continue };
        if r.is_complete() {
            println!("{lang} ({}): complete, {total} messages", r.file);
            continue;
        }
        complete = false;
        println!(
            "{lang} ({}): {} of {total} messages missing, {} unknown, {} with other variables",
            r.file,
            r.missing.len(),
            r.unknown.len(),
            r.variables.len()
        );
        for id in &r.missing {
            println!("  missing  {id}");
        }
        for id in &r.unknown {
            println!("  unknown  {id}");
        }
        for (id, want, have) in &r.variables {
            println!("  variables {id}: English has {{{}}}, this has {{{}}}", want.join(", "), have.join(", "));
        }
    }
    Ok(if complete { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

/// The languages with a catalog, each with its own name.
pub fn list() -> anyhow::Result<ExitCode> {
    for lang in i18n::languages() {
        println!("{lang}\t{}", i18n::own_name(&lang));
    }
    Ok(ExitCode::SUCCESS)
}
