//! Pages and notes of the survey sheet: the welcome text from the notes before the first question,
//! and whether the groups are the pages a definition without `pages` gets.

use serde_json::{Map, Value, json};

/// Notes joined per language, a blank line between them.
pub(super) fn paragraphs<'a>(texts: impl Iterator<Item = &'a Value>) -> Value {
    let mut out: Map<String, Value> = Map::new();
    for t in texts {
        for (lang, s) in t.as_object().into_iter().flatten() {
            let s = s.as_str().unwrap_or_default();
            match out.get_mut(lang) {
                Some(Value::String(acc)) => {
                    acc.push_str("\n\n");
                    acc.push_str(s);
                }
                _ => {
                    out.insert(lang.clone(), json!(s));
                }
            }
        }
    }
    Value::Object(out)
}

/// Whether the groups are the pages a definition without `pages` gets: the unscored questions
/// outside any pillar on a page `profile` ("Sobre usted" / "About you"), then one page per pillar
/// with its label. Such a form leaves `pages` out, as the definition it came from did.
pub(super) fn is_default(pages: &[Value], pillars: &[Value], props: &Map<String, Value>, langs: &[String]) -> bool {
    let pillar_of = |q: &Value| -> Option<&str> {
        let sub = q.pointer("/x-dra/subpillar")?.as_str()?;
        pillars.iter().find_map(|p| {
            let has = p.get("subpillars")?.as_array()?.iter().any(|s| s.get("id").and_then(Value::as_str) == Some(sub));
            has.then(|| p.get("id").and_then(Value::as_str)).flatten()
        })
    };
    let mut want: Vec<(String, Value, Vec<String>)> = Vec::new();
    let profile: Vec<String> = props.iter().filter(|(_, q)| pillar_of(q).is_none()).map(|(id, _)| id.clone()).collect();
    if !profile.is_empty() {
        want.push(("profile".into(), json!({"es": "Sobre usted", "en": "About you"}), profile));
    }
    for p in pillars {
        let id = p.get("id").and_then(Value::as_str).unwrap_or_default();
        let qs = props.iter().filter(|(_, q)| pillar_of(q) == Some(id)).map(|(q, _)| q.clone()).collect();
        want.push((id.to_string(), p.get("label").cloned().unwrap_or_default(), qs));
    }
    let in_langs =
        |t: &Value| -> Vec<(String, Option<Value>)> { langs.iter().map(|l| (l.clone(), t.get(l).cloned())).collect() };
    pages.len() == want.len()
        && pages.iter().zip(&want).all(|(page, (id, title, qs))| {
            page.get("id").and_then(Value::as_str) == Some(id.as_str())
                && page.get("questions") == Some(&json!(qs))
                && in_langs(page.get("title").unwrap_or(&Value::Null)) == in_langs(title)
        })
}
