//! Answers as a respondent gives them: form fields parsed into the JSON a response holds (what
//! does not parse is kept as typed, so the form can show it back), and validation against the
//! survey's own JSON Schema with messages in the respondent's language, per question.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::model::{Question, QuestionKind, Survey};

/// The answer to one question from its raw form values (`None`: not answered).
pub fn parse_field<S: AsRef<str>>(q: &Question, raw: &[S]) -> Option<Value> {
    let mut values = raw.iter().map(|s| s.as_ref().trim()).filter(|s| !s.is_empty());
    match q.kind {
        QuestionKind::Scored | QuestionKind::Single => values.next().map(|v| option_value(q, v)),
        QuestionKind::Multiple => {
            let chosen: Vec<Value> = values.map(|v| option_value(q, v)).collect();
            (!chosen.is_empty()).then_some(Value::Array(chosen))
        }
        QuestionKind::Number => values.next().map(|v| {
            let normalised = v.replace(',', ".");
            match normalised.parse::<f64>() {
                Ok(x) if x.is_finite() && x.fract() == 0.0 && x.abs() < 9.0e15 => Value::from(x as i64),
                Ok(x) if x.is_finite() => {
                    serde_json::Number::from_f64(x).map_or(Value::String(v.to_string()), Value::Number)
                }
                _ => Value::String(v.to_string()),
            }
        }),
        QuestionKind::Text => {
            raw.first().map(|s| s.as_ref().trim()).filter(|s| !s.is_empty()).map(|s| Value::String(s.to_string()))
        }
    }
}

/// The option whose value renders as `raw`, as its JSON value; else the raw text.
fn option_value(q: &Question, raw: &str) -> Value {
    q.options
        .iter()
        .find(|o| renders_as(&o.value, raw))
        .map_or_else(|| Value::String(raw.to_string()), |o| o.value.clone())
}

/// Whether `v` is written `raw` in a form field (`form_value(v) == raw`), without allocating for
/// a string or a number (every form post compares each answer with its question's options).
fn renders_as(v: &Value, raw: &str) -> bool {
    match v {
        Value::String(s) => s == raw,
        Value::Number(n) => {
            use std::io::Write;
            // A number's text is at most 24 bytes (an i64, a u64, or an f64 as ryu writes it).
            let mut buf = [0u8; 40];
            let room = buf.len();
            let mut w = &mut buf[..];
            match write!(w, "{n}") {
                Ok(()) => {
                    let len = room - w.len();
                    buf.get(..len) == Some(raw.as_bytes())
                }
                Err(_) => n.to_string() == raw,
            }
        }
        other => form_value(other) == raw,
    }
}

/// How a JSON answer value is written in a form field.
pub fn form_value(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A control character no stored text may hold: C0 controls but tab and line ends, and DEL.
/// (PostgreSQL refuses NUL in text; the others end up in logs, headers and spreadsheets.)
pub fn is_control(c: char) -> bool {
    (c.is_ascii_control() && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{7f}'
}

/// Whether a question has an answer in `answers`.
pub fn is_answered(answers: &Map<String, Value>, id: &str) -> bool {
    match answers.get(id) {
        None | Some(Value::Null) => false,
        Some(Value::String(s)) => !s.is_empty(),
        Some(Value::Array(a)) => !a.is_empty(),
        Some(_) => true,
    }
}

/// Problems per question id, in the respondent's language.
pub type FieldErrors = BTreeMap<String, String>;

/// Validates a complete response with the survey's JSON Schema; every problem becomes a message
/// on its question.
pub fn validate(survey: &Survey, validator: &jsonschema::Validator, answers: &Value, lang: &str) -> FieldErrors {
    let mut out = FieldErrors::new();
    if validator.is_valid(answers) {
        return out;
    }
    for e in validator.iter_errors(answers) {
        let path = e.instance_path().as_str().to_string();
        let mut segments = path.trim_start_matches('/').split('/');
        let first = segments.next().unwrap_or_default().replace("~1", "/").replace("~0", "~");
        let (qid, message) = if first.is_empty() {
            match e.kind() {
                jsonschema::error::ValidationErrorKind::Required { property } => {
                    let id = property.as_str().unwrap_or_default().to_string();
                    (id, crate::i18n::t(lang, "answer-this-question-is-required").to_string())
                }
                // A rule of the root `allOf`: a conditional question answered where it does not
                // apply.
                _ => match condition_question(survey, e.schema_path().as_str()) {
                    Some(id) => (id, crate::i18n::t(lang, "answer-this-question-does-not-apply-given").to_string()),
                    None => continue,
                },
            }
        } else {
            (first.clone(), describe(survey.question(&first), lang))
        };
        out.entry(qid).or_insert(message);
    }
    out
}

/// The conditional question whose `allOf` entry a schema path (`/allOf/3/else/not`) is in.
fn condition_question(survey: &Survey, schema_path: &str) -> Option<String> {
    let index: usize = schema_path.strip_prefix("/allOf/")?.split('/').next()?.parse().ok()?;
    let entry = survey.schema.get("allOf")?.get(index)?;
    super::conditions::entry_question(entry).map(str::to_string)
}

/// What to tell the respondent about an invalid answer, from the question's own constraints.
fn describe(q: Option<&Question>, lang: &str) -> String {
    let Some(q) = q else { return crate::i18n::t(lang, "answer-this-answer-is-not-valid").to_string() };
    match q.kind {
        QuestionKind::Scored | QuestionKind::Single => {
            crate::i18n::t(lang, "answer-choose-one-of-the-options").to_string()
        }
        QuestionKind::Multiple => crate::i18n::t(lang, "answer-choose-only-among-the-options-given").to_string(),
        QuestionKind::Number => {
            let (min, max) = number_bounds(q);
            match (min, max) {
                (Some(a), Some(b)) => crate::i18n::format(
                    lang,
                    "answer-number-between",
                    &[("min", a.to_string().into()), ("max", b.to_string().into())],
                ),
                _ => crate::i18n::t(lang, "answer-enter-a-number-for-example-12").to_string(),
            }
        }
        QuestionKind::Text => match q.max_length {
            Some(m) => crate::i18n::format(lang, "answer-text-too-long", &[("max", m.into())]),
            None => crate::i18n::t(lang, "answer-this-text-is-not-valid").to_string(),
        },
    }
}

/// Bounds of a number question, from its schema (kept in the compiled question).
pub fn number_bounds(q: &Question) -> (Option<f64>, Option<f64>) {
    (q.bounds.0, q.bounds.1)
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    /// `renders_as` says what comparing `form_value` texts says, for every kind of option value
    /// and for texts that are near misses (signs, zeros, exponents, spaces).
    #[test]
    fn renders_as_is_form_value_equality() {
        let values = [
            json!(0),
            json!(3),
            json!(-7),
            json!(i64::MAX),
            json!(i64::MIN),
            json!(u64::MAX),
            json!(2.5),
            json!(-0.125),
            json!(1e300),
            json!(1.0e-7),
            json!("3"),
            json!("dk"),
            json!(""),
            json!(true),
            json!(null),
        ];
        let mut raws: Vec<String> = values.iter().map(super::form_value).collect();
        raws.extend(
            [
                "03",
                "+3",
                "3.0",
                " 3",
                "-0",
                "2.50",
                "1e300",
                "1E300",
                "dk ",
                "DK",
                "false",
                "Null",
                "18446744073709551616",
            ]
            .map(String::from),
        );
        for v in &values {
            for raw in &raws {
                assert_eq!(super::renders_as(v, raw), super::form_value(v) == *raw, "{v:?} vs {raw:?}");
            }
        }
        assert!(super::renders_as(&Value::from(42), "42") && !super::renders_as(&Value::from(42), "4"));
    }
}
