//! Every fixed text of `dra` — respondent pages, errors, mails, console, coordinator messages of
//! the command line, reports and charts — in each language, from Project Fluent catalogs.
//!
//! Spanish and English are built in (`locales/es.ftl`, `locales/en.ftl`, embedded). Another
//! language is one more catalog file, `<code>.ftl`, in the locales directory a deployment
//! names ([`load_dir`]); it may declare `language-fallback = es`. A message missing from a
//! language falls back to the survey's default language when a page has one, else to the
//! catalog's declared fallback, else to English. `dra i18n check [LANG]` lists what a catalog
//! lacks ([`check`]).
//!
//! Every message is formatted once when a catalog is loaded and handed out as `&'static str` by
//! [`t`] (a message with variables reads there as a template, `{n}` where `$n` goes);
//! [`format`] formats a message with its variables on each call (plurals, for instance).

mod catalog;
pub mod check;
mod per_lang;

pub use per_lang::PerLang;

use std::path::Path;

pub use catalog::{Arg, LoadError};

/// The built-in reference language: every message exists in it.
pub const REFERENCE: &str = "en";

/// The built-in catalogs, as shipped.
pub const BUILT_IN: [(&str, &str); 2] =
    [("en", include_str!("../../locales/en.ftl")), ("es", include_str!("../../locales/es.ftl"))];

/// The text of a plain message in `lang` (fallbacks as the module says). An unknown id comes
/// back as itself, so a missing message shows on the page instead of an empty space.
pub fn t(lang: &str, id: &str) -> &'static str {
    catalog::plain(lang, None, id)
}

/// Like [`t`], falling back first to `default` (a survey's default language).
pub fn t_or(lang: &str, default: &str, id: &str) -> &'static str {
    catalog::plain(lang, Some(default), id)
}

/// A message with variables: `format("en", "rows-imported", &[("n", 3.into())])`.
pub fn format(lang: &str, id: &str, args: &[(&str, Arg)]) -> String {
    catalog::format(lang, None, id, args)
}

/// Like [`format`], falling back first to `default` (a survey's default language).
pub fn format_or(lang: &str, default: &str, id: &str, args: &[(&str, Arg)]) -> String {
    catalog::format(lang, Some(default), id, args)
}

/// The same text as a `&'static str`, kept once (language codes, and the ids of messages no
/// catalog has).
pub fn intern(code: &str) -> &'static str {
    static CODES: std::sync::LazyLock<std::sync::Mutex<Vec<&'static str>>> = std::sync::LazyLock::new(Default::default);
    let mut codes = CODES.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(c) = codes.iter().find(|c| **c == code) {
        return c;
    }
    let c: &'static str = Box::leak(code.to_string().into_boxed_str());
    codes.push(c);
    c
}

/// Whether a catalog for `lang` is loaded.
pub fn has(lang: &str) -> bool {
    catalog::has(lang)
}

/// The codes of every loaded catalog, sorted.
pub fn languages() -> Vec<String> {
    catalog::languages()
}

/// A language's name in that language (`Español`, `English`, `Kʼicheʼ`), from its own catalog's
/// `language-name`; the bare code when no catalog names it.
pub fn own_name(lang: &str) -> String {
    catalog::own_name(lang)
}

/// Loads (or reloads) every `<code>.ftl` of `dir`. A missing directory loads nothing; a catalog
/// that does not parse is an error naming its file and line, and nothing of it is loaded.
pub fn load_dir(dir: &Path) -> Result<Vec<String>, LoadError> {
    catalog::load_dir(dir)
}

/// Loads one catalog from text (tests, and `dra i18n check FILE`).
pub fn load_text(lang: &str, name: &str, text: &str) -> Result<(), LoadError> {
    catalog::load_text(lang, name, text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spanish_and_english_are_complete_and_agree_on_variables() {
        for lang in ["es", "en"] {
            let r = check::check(lang).unwrap_or_else(|| panic!("no {lang} catalog"));
            assert!(r.is_complete(), "{lang}: {r:?}");
        }
        assert!(check::reference_ids().len() > 300, "the catalogs hold every fixed text");
    }

    #[test]
    fn plurals_variables_and_fallbacks() {
        assert_eq!(format("en", "form-fix-these", &[("n", 1.into())]), "1 answer needs your attention:");
        assert_eq!(format("es", "form-fix-these", &[("n", 3.into())]), "Hay 3 respuestas por revisar:");
        assert_eq!(format("es", "form-page-of", &[("page", 2.into()), ("pages", 5.into())]), "Página 2 de 5");
        // `t` reads a message with variables as a template.
        assert_eq!(t("en", "form-page-of"), "Page {page} of {pages}");
        // No isolation marks around values (they would end up in CSV cells and mail subjects).
        assert!(!format("en", "mail-greeting-named", &[("name", "Ana".into())]).contains('\u{2068}'));
        // A language with no catalog reads the reference; an unknown id reads as itself.
        assert_eq!(t("xx", "form-save"), "Save");
        assert_eq!(t("es", "no-such-message"), "no-such-message");
        assert_eq!(own_name("es"), "Español");
        assert_eq!(own_name("xx"), "xx");
    }

    #[test]
    fn a_third_catalog_falls_back_to_its_declared_language_then_to_the_page_default() {
        let text = "language-name = Tercera\nlanguage-fallback = es\nform-save = Tq'at\n";
        load_text("zz", "zz.ftl", text).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(t("zz", "form-save"), "Tq'at");
        assert_eq!(t("zz", "form-next"), "Guardar y continuar", "declared fallback");
        assert_eq!(t_or("zz", "en", "form-next"), "Save and continue", "the page's default first");
        assert_eq!(own_name("zz"), "Tercera");
        let r = check::check("zz").unwrap_or_else(|| panic!("zz loaded"));
        assert!(r.missing.contains(&"form-next".to_string()) && !r.missing.contains(&"form-save".to_string()));
    }

    #[test]
    fn a_broken_catalog_names_its_file_and_line_and_loads_nothing() {
        let err = load_text("yy", "yy.ftl", "form-save = Ok\n\nform-next = { $n\n").err().map(|e| e.to_string());
        let err = err.unwrap_or_else(|| panic!("a broken catalog loads"));
        assert!(err.starts_with("yy.ftl:3:"), "{err}");
        assert!(!has("yy"));
    }

    /// Every message id the code names exists in the reference catalog: literal ids handed to
    /// `t(…)`, `format(…)` and the like, found in the source.
    #[test]
    fn every_id_the_code_uses_is_in_the_catalog() {
        let known: std::collections::BTreeSet<String> = check::reference_ids().into_iter().collect();
        let prefixes: std::collections::BTreeSet<&str> = known.iter().filter_map(|id| id.split('-').next()).collect();
        let mut unknown = Vec::new();
        let mut stack = vec![std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/src"))];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                if path.extension().is_none_or(|x| x != "rs") {
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                for (i, line) in text.lines().enumerate() {
                    for call in ["t(", "t_or(", "format(", "format_or(", "f("] {
                        for (at, _) in line.match_indices(call) {
                            let rest = &line[at + call.len()..];
                            // The first string literal among the call's arguments.
                            let Some(open) = rest.find('"') else { continue };
                            let lit: String = rest[open + 1..].chars().take_while(|c| *c != '"').collect();
                            let is_id = lit.contains('-')
                                && !lit.ends_with('-')
                                && !lit.starts_with("language-")
                                && lit
                                    .chars()
                                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
                                && lit.split('-').next().is_some_and(|p| prefixes.contains(p));
                            if is_id && !known.contains(&lit) {
                                unknown.push(format!("{}:{}: {lit}", path.display(), i + 1));
                            }
                        }
                    }
                }
            }
        }
        assert!(unknown.is_empty(), "ids missing from locales/en.ftl:\n{}", unknown.join("\n"));
    }
}
