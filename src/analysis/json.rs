//! Reads one response's answers JSON text (`{"question_id": value, ...}`, as stored in the
//! database) straight into answer codes, without building a `serde_json::Value` tree: keys are
//! looked up in the prepared question index, unknown questions are skipped unparsed. Only the
//! answers a condition reads are kept whole.

use std::borrow::Cow;
use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};

use super::layout::{Layout, Slot};

/// Where the parser writes: item codes (0 = no answer), the `by` field's value, if any, and the
/// answers the survey's conditions read (by slot).
pub(crate) struct Target<'a> {
    pub layout: &'a Layout,
    pub codes: &'a mut [u8],
    pub by: &'a mut Option<String>,
    pub read: &'a mut [Option<serde_json::Value>],
}

/// Parses `text` into `target`; on error the target may be partly written (the caller discards it).
pub(crate) fn parse_answers(text: &str, target: Target<'_>) -> Result<(), serde_json::Error> {
    let mut de = serde_json::Deserializer::from_str(text);
    AnswersSeed(target).deserialize(&mut de)?;
    de.end()
}

struct AnswersSeed<'a>(Target<'a>);

impl<'de> DeserializeSeed<'de> for AnswersSeed<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for AnswersSeed<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object of answers")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let t = self.0;
        while let Some(key) = map.next_key_seed(KeySeed)? {
            match t.layout.lookup.get(key.as_ref()) {
                Some(Slot::Item(i)) => {
                    let code = map.next_value_seed(OptionSeed { layout: t.layout, item: *i })?;
                    if let Some(c) = t.codes.get_mut(*i) {
                        *c = code;
                    }
                }
                Some(Slot::By) => *t.by = map.next_value_seed(ScalarSeed)?,
                // A question a condition reads (rare): kept whole, then read as the item or the
                // `by` field it also is.
                Some(Slot::Read { slot, item, by }) => {
                    let v: serde_json::Value = map.next_value()?;
                    if let Some(i) = item {
                        let code = OptionSeed { layout: t.layout, item: *i }
                            .deserialize(&v)
                            .map_err(|e| serde::de::Error::custom(e.to_string()))?;
                        if let Some(c) = t.codes.get_mut(*i) {
                            *c = code;
                        }
                    }
                    if *by {
                        *t.by = ScalarSeed.deserialize(&v).map_err(|e| serde::de::Error::custom(e.to_string()))?;
                    }
                    if let Some(r) = t.read.get_mut(*slot) {
                        *r = Some(v).filter(|v| !v.is_null());
                    }
                }
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

/// A key, borrowed from the input when it has no escapes.
struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Cow<'de, str>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Cow<'de, str>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a question id")
    }
    fn visit_borrowed_str<E: serde::de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_string()))
    }
}

/// An item's answer: resolved to its option code (`null` = no answer).
struct OptionSeed<'a> {
    layout: &'a Layout,
    item: usize,
}

impl OptionSeed<'_> {
    fn unknown<E: serde::de::Error>(&self, shown: &dyn fmt::Display) -> E {
        let id = self.layout.items.get(self.item).map_or("?", |i| i.id.as_str());
        E::custom(format_args!("question {id}: {shown} is not one of its options"))
    }
}

impl<'de> DeserializeSeed<'de> for OptionSeed<'_> {
    type Value = u8;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<u8, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for OptionSeed<'_> {
    type Value = u8;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an option value (string or number)")
    }
    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<u8, E> {
        self.layout.code_of_number(self.item, v as f64).ok_or_else(|| self.unknown(&v))
    }
    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<u8, E> {
        self.layout.code_of_number(self.item, v as f64).ok_or_else(|| self.unknown(&v))
    }
    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<u8, E> {
        self.layout.code_of_number(self.item, v).ok_or_else(|| self.unknown(&v))
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<u8, E> {
        self.layout.code_of_str(self.item, v).ok_or_else(|| self.unknown(&format_args!("\"{v}\"")))
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<u8, E> {
        Ok(0)
    }
}

/// A profile answer as text (strings unquoted, numbers as written; `null` = no answer).
struct ScalarSeed;

impl<'de> DeserializeSeed<'de> for ScalarSeed {
    type Value = Option<String>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ScalarSeed {
    type Value = Option<String>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a profile value (string or number)")
    }
    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Some(serde_json::Value::from(v).to_string()))
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
}
