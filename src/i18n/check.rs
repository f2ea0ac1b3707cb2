//! `dra i18n check [LANG]`: what a catalog lacks next to the reference (English), what it has
//! that the reference does not, and messages whose variables differ.

use std::collections::BTreeSet;

use super::catalog::with_store;

/// What one catalog lacks or has extra.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Report {
    pub lang: String,
    pub file: String,
    /// In the reference, not in this catalog (shown in a fallback language).
    pub missing: Vec<String>,
    /// In this catalog, unknown to the reference (a stale or misspelt id).
    pub unknown: Vec<String>,
    /// Same id, different variables: (id, the reference's, this catalog's).
    pub variables: Vec<(String, Vec<String>, Vec<String>)>,
}

impl Report {
    pub fn is_complete(&self) -> bool {
        self.missing.is_empty() && self.unknown.is_empty() && self.variables.is_empty()
    }
}

/// The report for `lang`, or `None` when no catalog of that language is loaded.
pub fn check(lang: &str) -> Option<Report> {
    with_store(|store| {
        let reference = store.catalogs.get(super::REFERENCE)?;
        let c = store.catalogs.get(lang)?;
        let mut r = Report { lang: lang.to_string(), file: c.file.clone(), ..Report::default() };
        for (id, vars) in &reference.vars {
            match c.vars.get(id) {
                None => r.missing.push(id.clone()),
                Some(v) if v != vars && lang != super::REFERENCE => {
                    r.variables.push((id.clone(), vars.iter().cloned().collect(), v.iter().cloned().collect()))
                }
                Some(_) => {}
            }
        }
        let own: BTreeSet<&str> = ["language-name", "language-fallback"].into();
        r.unknown = c
            .vars
            .keys()
            .filter(|id| !reference.vars.contains_key(*id) && !own.contains(id.as_str()))
            .cloned()
            .collect();
        Some(r)
    })
}

/// Every message id of the reference catalog.
pub fn reference_ids() -> Vec<String> {
    with_store(|s| s.catalogs.get(super::REFERENCE).map(|c| c.vars.keys().cloned().collect()).unwrap_or_default())
}
