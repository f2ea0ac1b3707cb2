//! The two schema layers of `dra survey check`: the official draft 2020-12 meta-schema (the file
//! is a valid JSON Schema that compiles) and the `x-dra` vocabulary meta-schema of
//! `surveys/schema/` (the file is a questionnaire).

use std::sync::LazyLock;

use serde_json::Value;

use super::problem::Problem;

/// The vocabulary meta-schema, embedded at build time.
pub const VOCABULARY: &str = include_str!("../../surveys/schema/dra-vocabulary.schema.json");

static VOCABULARY_VALIDATOR: LazyLock<Result<jsonschema::Validator, String>> = LazyLock::new(|| {
    let schema: Value = serde_json::from_str(VOCABULARY).map_err(|e| e.to_string())?;
    jsonschema::draft202012::new(&schema).map_err(|e| e.to_string())
});

/// Every problem the two meta-schemas find in `def`, not yet located.
pub fn check(def: &Value) -> Vec<Problem> {
    let mut problems: Vec<Problem> = jsonschema::draft202012::meta::validator()
        .iter_errors(def)
        .map(|e| Problem::at(e.instance_path().as_str(), format!("not a valid JSON Schema: {}", message(&e))))
        .collect();
    if problems.is_empty()
        && let Err(e) = jsonschema::draft202012::new(def)
    {
        problems.push(Problem::at(e.instance_path().as_str(), format!("the schema does not compile: {e}")));
    }
    match &*VOCABULARY_VALIDATOR {
        Ok(v) => problems.extend(v.iter_errors(def).map(|e| {
            let pointer = e.instance_path().as_str().to_string();
            Problem::at(pointer, message(&e))
        })),
        Err(e) => problems.push(Problem::at("", format!("internal error: the vocabulary meta-schema is broken: {e}"))),
    }
    problems
}

/// The validator's message, with the offending value shown when it is short.
fn message(e: &jsonschema::ValidationError<'_>) -> String {
    let full = e.to_string();
    if full.chars().count() <= 160 { full } else { e.masked_with("this value").to_string() }
}
