//! Texts built once per language and kept for the life of the process: a page's or report's
//! fixed words are formatted from the catalogs on first use, then handed out as `&'static`.

use std::collections::BTreeMap;
use std::sync::Mutex;

/// A cache of one `T` per language, for a `static`:
/// `static TEXTS: PerLang<Texts> = PerLang::new();` then `TEXTS.get(lang, Texts::load)`.
/// Each language's value is built once and leaked (there are a handful of languages).
pub struct PerLang<T: 'static>(Mutex<BTreeMap<&'static str, &'static T>>);

impl<T: 'static> PerLang<T> {
    pub const fn new() -> Self {
        Self(Mutex::new(BTreeMap::new()))
    }

    /// The value of `lang`, built by `make` the first time it is asked for.
    pub fn get(&self, lang: &str, make: impl FnOnce(&str) -> T) -> &'static T {
        let mut cache = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(t) = cache.get(lang) {
            return t;
        }
        let t: &'static T = Box::leak(Box::new(make(lang)));
        cache.insert(super::intern(lang), t);
        t
    }
}

impl<T: 'static> Default for PerLang<T> {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_language_is_built_once() {
        static CACHE: PerLang<String> = PerLang::new();
        static BUILT: Mutex<Vec<String>> = Mutex::new(Vec::new());
        let make = |l: &str| {
            BUILT.lock().unwrap_or_else(|e| e.into_inner()).push(l.to_string());
            format!("texts of {l}")
        };
        let es = CACHE.get("es", make);
        let en = CACHE.get("en", make);
        let again = CACHE.get("es", make);
        assert_eq!((es.as_str(), en.as_str()), ("texts of es", "texts of en"));
        assert!(std::ptr::eq(es, again), "the second ask gets the same value");
        assert_eq!(*BUILT.lock().unwrap_or_else(|e| e.into_inner()), vec!["es".to_string(), "en".to_string()]);
    }
}
