//! The survey's JSON Schema verdict on a whole response, split so that a file of many forms pays
//! for each distinct answer once: the root schema with every property's own schema set to `true`
//! (the object's type, `required`, `additionalProperties`, the conditions of the root `allOf`: all
//! still see the same property names), and each property's schema on its own. A response is valid
//! under the whole schema exactly when it is valid under the first and each of its answers under
//! its property's (the root's keywords are a conjunction; `properties` only checks the answers
//! present against their own schemas). A property schema that refers elsewhere (`$ref`) cannot be
//! compiled on its own: such a survey gets no split and is checked whole.
//!
//! Only the verdict is split. A response found invalid is checked again whole, for the messages.

use std::collections::HashMap;

use serde_json::Value;

/// The split schema of one survey.
pub struct RowCheck {
    root: jsonschema::Validator,
    properties: HashMap<String, jsonschema::Validator>,
}

/// Keywords a property schema may not hold for the split to stand: they reach outside it.
const REACHING: [&str; 4] = ["\"$ref\"", "\"$dynamicRef\"", "\"$recursiveRef\"", "\"$id\""];

impl RowCheck {
    /// The split of `schema` (a survey's compiled JSON Schema); `None` when a property schema
    /// reaches outside itself or a part does not compile (the whole schema is used then).
    pub fn new(schema: &Value) -> Option<Self> {
        let root = schema.as_object()?;
        let props = root.get("properties")?.as_object()?;
        let draft = root.get("$schema").cloned();
        let mut properties = HashMap::new();
        for (id, sub) in props {
            let text = sub.to_string();
            if REACHING.iter().any(|k| text.contains(k)) {
                return None;
            }
            let mut own = sub.clone();
            if let (Some(o), Some(d)) = (own.as_object_mut(), draft.as_ref()) {
                o.insert("$schema".into(), d.clone());
            }
            properties.insert(id.clone(), jsonschema::draft202012::new(&own).ok()?);
        }
        let mut rest = root.clone();
        rest.insert("properties".into(), Value::Object(props.keys().map(|k| (k.clone(), Value::Bool(true))).collect()));
        let root = jsonschema::draft202012::new(&Value::Object(rest)).ok()?;
        Some(Self { root, properties })
    }

    /// Whether the answer `value` to question `id` is valid under its own schema (a question
    /// the schema does not know: not valid, as `additionalProperties` would say).
    pub fn answer_is_valid(&self, id: &str, value: &Value) -> bool {
        self.properties.get(id).is_some_and(|v| v.is_valid(value))
    }

    /// Whether `answers`, each of whose answers `answer_is_valid` passed, is valid under the
    /// whole schema.
    pub fn rest_is_valid(&self, answers: &Value) -> bool {
        self.root.is_valid(answers)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Map, Value, json};

    use super::RowCheck;

    /// The whole schema's verdict on `answers`, by the split (as the paper check takes it).
    fn split_verdict(split: &RowCheck, answers: &Map<String, Value>) -> bool {
        answers.iter().all(|(k, v)| split.answer_is_valid(k, v)) && split.rest_is_valid(&Value::Object(answers.clone()))
    }

    /// On surveys with conditions, required answers, numbers and several choices, the split gives
    /// the whole schema's verdict on every response tried: valid ones, and each kind of fault.
    #[test]
    fn the_split_gives_the_whole_schemas_verdict() {
        let dir = env!("CARGO_MANIFEST_DIR");
        for file in ["surveys/examples/portal.json", "surveys/examples/mini.json", "surveys/dra-core.json"] {
            let survey = crate::survey::load_file(std::path::Path::new(&format!("{dir}/{file}")))
                .unwrap_or_else(|e| panic!("{file}: {e}"));
            let whole = crate::survey::validator(&survey).unwrap_or_else(|e| panic!("{e}"));
            let split = RowCheck::new(&survey.schema).unwrap_or_else(|| panic!("{file}: no split"));
            // Candidate answers per question: each option, a wrong option, a number, a text, a list.
            // The first `k` candidates are likely valid: the options, or a plain number or text.
            let mut candidates: Vec<(String, usize, Vec<Value>)> = Vec::new();
            for q in &survey.questions {
                let mut c: Vec<Value> = q.options.iter().map(|o| o.value.clone()).collect();
                if c.is_empty() {
                    c.push(match q.kind {
                        crate::survey::QuestionKind::Number => json!(3),
                        _ => json!("texto libre"),
                    });
                }
                let k = c.len();
                c.extend([json!("zz-not-an-option"), json!(3), json!(2.5), json!("texto libre"), json!(["zz"])]);
                c.extend(q.options.first().map(|o| json!([o.value.clone()])));
                c.push(Value::Null);
                candidates.push((q.id.clone(), k, c));
            }
            let mut state = 0x9e37_79b9_7f4a_7c15u64;
            let mut next = |n: usize| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                usize::try_from(state % n.max(1) as u64).unwrap_or(0)
            };
            let (mut valid, mut invalid) = (0, 0);
            for round in 0..3000 {
                let mut answers = Map::new();
                for (id, k, c) in &candidates {
                    // Mostly likely-valid answers, sometimes anything, often left out.
                    let pick = if round % 3 == 0 { next(c.len()) } else { next(*k) };
                    if next(5) < 2 {
                        continue;
                    }
                    if let Some(v) = c.get(pick).filter(|v| !v.is_null()) {
                        answers.insert(id.clone(), v.clone());
                    }
                }
                if round % 50 == 0 {
                    answers.insert("not_a_question".into(), json!(1));
                }
                let want = whole.is_valid(&Value::Object(answers.clone()));
                assert_eq!(split_verdict(&split, &answers), want, "{file}: {}", Value::Object(answers));
                if want { valid += 1 } else { invalid += 1 }
            }
            assert!(valid > 50 && invalid > 50, "{file}: both verdicts tried ({valid} valid, {invalid} invalid)");
        }
    }

    #[test]
    fn a_property_that_refers_elsewhere_gets_no_split() {
        let schema = json!({
            "type": "object",
            "$defs": {"yes": {"const": "yes"}},
            "properties": {"a": {"$ref": "#/$defs/yes"}}
        });
        assert!(RowCheck::new(&schema).is_none());
    }
}
