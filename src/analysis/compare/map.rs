//! Which item of the earlier edition is which item of the later one. Campaigns on the same
//! survey version match item by item; across versions an item map says it (`old id → new id`,
//! with an option recoding when the option sets differ), and without a map an item is matched
//! only where both versions have the same id with the same options. Every item that is not
//! compared is listed with the reason, never compared silently.
//!
//! The map, as JSON:
//! ```json
//! {"inf_broadband": "inf_broadband_2",
//!  "gov_services": {"to": "gov_services", "recode": {"1": "1", "2": "3", "3": "5", "dk": "dk"}},
//!  "old_item": null}
//! ```
//! A string maps the item; an object maps it and recodes its options (old value → new value;
//! every old option must be recoded); `null` says the item was dropped on purpose.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::analysis::output::{Aggregates, OptionInfo, Scale};

/// One entry of an item map.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
enum Entry {
    To(String),
    Recode { to: String, recode: BTreeMap<String, String> },
}

/// An item map, parsed: old item id → its new id and optional recoding.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ItemMap {
    entries: BTreeMap<String, Option<Entry>>,
}

/// Why a map cannot be used: every problem, each naming the item and option.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("item map: {}", .0.join("; "))]
pub struct MapError(pub Vec<String>);

impl ItemMap {
    /// Parses the JSON text of a map.
    pub fn parse(text: &str) -> Result<Self, MapError> {
        let raw: BTreeMap<String, Value> =
            serde_json::from_str(text).map_err(|e| MapError(vec![format!("not a JSON object of item ids: {e}")]))?;
        let mut entries = BTreeMap::new();
        let mut problems = Vec::new();
        for (old, v) in raw {
            if v.is_null() {
                entries.insert(old, None);
                continue;
            }
            match serde_json::from_value::<Entry>(v) {
                Ok(e) => {
                    entries.insert(old, Some(e));
                }
                Err(_) => problems.push(format!(
                    "{old}: expected a new item id, null, or {{\"to\": id, \"recode\": {{old value: new value}}}}"
                )),
            }
        }
        if problems.is_empty() { Ok(Self { entries }) } else { Err(MapError(problems)) }
    }

    /// Whether the map says nothing.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// An option's value as text (`3`, `"dk"` → `dk`).
pub fn value_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A pair of items compared: the earlier's id, the later's, and the stage-scale value each earlier
/// option takes under the recoding (`None` for a missing code), when there is one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ItemPair {
    pub from: String,
    pub to: String,
    /// Per earlier option, in option order: the later option's scale value it was recoded to.
    pub recode: Option<Vec<Option<f64>>>,
}

/// An item not compared, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct NotCompared {
    /// The earlier edition's id, if it has the item.
    pub from: Option<String>,
    /// The later edition's id, if it has the item.
    pub to: Option<String>,
    /// `only_earlier`, `only_later`, `dropped_by_map`, `options_changed`.
    pub reason: String,
}

/// How the items of two editions were matched.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Matching {
    /// Whether both editions are on the same survey version.
    pub same_version: bool,
    pub pairs: Vec<ItemPair>,
    pub not_compared: Vec<NotCompared>,
}

fn same_options(a: &[OptionInfo], b: &[OptionInfo]) -> bool {
    a.len() == b.len()
        && a.iter().zip(b).all(|(x, y)| {
            x.value == y.value
                && x.missing == y.missing
                && x.scale_value.zip(y.scale_value).is_none_or(|(p, q)| (p - q).abs() < 1e-12)
                && x.scale_value.is_some() == y.scale_value.is_some()
        })
}

/// Matches the items of `from` (earlier) with those of `to` (later), under `map` if any. Fails
/// when the map names an item neither edition has, or recodes to an option that does not exist.
pub fn match_items(from: &Aggregates, to: &Aggregates, map: Option<&ItemMap>) -> Result<Matching, MapError> {
    let find = |a: &'_ Aggregates, id: &str| a.items.iter().find(|s| s.id == id).cloned();
    let mut problems = Vec::new();
    let mut out = Matching { same_version: from.survey.content_hash == to.survey.content_hash, ..Default::default() };
    let empty = ItemMap::default();
    let map = map.unwrap_or(&empty);
    for old in map.entries.keys() {
        if find(from, old).is_none() {
            problems.push(format!("{old}: no such item in the earlier edition's survey ({})", from.survey.id));
        }
    }
    let mut used_to = std::collections::HashSet::new();
    for item in &from.items {
        match map.entries.get(&item.id) {
            Some(None) => out.not_compared.push(NotCompared {
                from: Some(item.id.clone()),
                to: None,
                reason: "dropped_by_map".into(),
            }),
            Some(Some(entry)) => {
                let (new, recode) = match entry {
                    Entry::To(t) => (t, None),
                    Entry::Recode { to, recode } => (to, Some(recode)),
                };
                let Some(target) = find(to, new) else {
                    problems.push(format!("{}: maps to {new}, which the later edition's survey has not", item.id));
                    continue;
                };
                used_to.insert(new.clone());
                match recode {
                    Some(r) => match recoding(item, &target, r) {
                        Ok(values) => {
                            out.pairs.push(ItemPair { from: item.id.clone(), to: new.clone(), recode: Some(values) })
                        }
                        Err(mut p) => problems.append(&mut p),
                    },
                    None if same_options(&item.options, &target.options) => {
                        out.pairs.push(ItemPair { from: item.id.clone(), to: new.clone(), recode: None })
                    }
                    None => out.not_compared.push(NotCompared {
                        from: Some(item.id.clone()),
                        to: Some(new.clone()),
                        reason: "options_changed".into(),
                    }),
                }
            }
            None => match find(to, &item.id) {
                Some(target) if !map.entries.values().flatten().any(|e| entry_to(e) == item.id) => {
                    used_to.insert(item.id.clone());
                    if same_options(&item.options, &target.options) {
                        out.pairs.push(ItemPair { from: item.id.clone(), to: item.id.clone(), recode: None });
                    } else {
                        out.not_compared.push(NotCompared {
                            from: Some(item.id.clone()),
                            to: Some(item.id.clone()),
                            reason: "options_changed".into(),
                        });
                    }
                }
                _ => out.not_compared.push(NotCompared {
                    from: Some(item.id.clone()),
                    to: None,
                    reason: "only_earlier".into(),
                }),
            },
        }
    }
    for item in &to.items {
        if !used_to.contains(&item.id) {
            out.not_compared.push(NotCompared { from: None, to: Some(item.id.clone()), reason: "only_later".into() });
        }
    }
    if problems.is_empty() { Ok(out) } else { Err(MapError(problems)) }
}

fn entry_to(e: &Entry) -> &str {
    match e {
        Entry::To(t) | Entry::Recode { to: t, .. } => t,
    }
}

/// The later scale value of each earlier option under `recode`.
fn recoding(old: &Scale, new: &Scale, recode: &BTreeMap<String, String>) -> Result<Vec<Option<f64>>, Vec<String>> {
    let mut problems = Vec::new();
    let mut values = Vec::new();
    for o in &old.options {
        let key = value_text(&o.value);
        let Some(target) = recode.get(&key) else {
            problems.push(format!("{}: option {key} has no recoding", old.id));
            continue;
        };
        match new.options.iter().find(|n| value_text(&n.value) == *target) {
            Some(n) => values.push(n.scale_value),
            None => {
                problems.push(format!("{}: option {key} is recoded to {target}, not an option of {}", old.id, new.id))
            }
        }
    }
    for k in recode.keys() {
        if !old.options.iter().any(|o| value_text(&o.value) == *k) {
            problems.push(format!("{}: recodes {k}, which is not one of its options", old.id));
        }
    }
    if problems.is_empty() { Ok(values) } else { Err(problems) }
}
