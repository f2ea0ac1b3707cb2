//! Texts in several languages, as written in a definition (`{"es": "…", "en": "…"}`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// A text in every language the survey declares.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct I18n(pub BTreeMap<String, String>);

impl I18n {
    /// The text in `lang`, else in `fallback`, else any text at all (never panics, may be "").
    pub fn get<'a>(&'a self, lang: &str, fallback: &str) -> &'a str {
        self.0.get(lang).or_else(|| self.0.get(fallback)).or_else(|| self.0.values().next()).map_or("", String::as_str)
    }

    /// Reads an I18n object from JSON; anything else gives an empty text.
    pub fn from_value(value: Option<&serde_json::Value>) -> Self {
        let mut map = BTreeMap::new();
        if let Some(serde_json::Value::Object(obj)) = value {
            for (k, v) in obj {
                if let Some(s) = v.as_str() {
                    map.insert(k.clone(), s.to_string());
                }
            }
        }
        Self(map)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}
