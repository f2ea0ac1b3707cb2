//! Conditional questions: the condition of a question's `x-dra.relevant` (read, evaluated on
//! answers, said in words), and the entry of the definition's root `allOf` that says the same rule
//! to any JSON Schema validator. One rule, written twice in a definition: this module derives the
//! second from the first, so `survey check` can hold a definition to it and a converter can emit it.
//!
//! A condition, as JSON:
//! `{"question": Q, "equals": V}`, `{"question": Q, "in": [V, …]}`, `{"question": Q, "selected": V}`,
//! `{"question": Q, "answered": true}`, `{"question": Q, ">": n}` (and `>=`, `<`, `<=`),
//! `{"all": [C, …]}`, `{"any": [C, …]}`, `{"not": C}`.
//!
//! Its schema S, and the entry of a conditional question `q`:
//! `{"if": S, "then": {} | {"required": [q]}, "else": {"not": {"required": [q]}}}`. Evaluation
//! follows what a validator does with S, to the letter (a keyword that does not apply to the
//! answer's type holds), so the form, the storage and any validator agree.

mod applying;
mod parse;
mod words;

use serde_json::{Map, Value, json};

pub use applying::{applying, not_applying, prune};

use super::model::values_equal;

/// A comparison of a number answer with a bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compare {
    /// `>`: JSON Schema `exclusiveMinimum`.
    Greater,
    /// `>=`: `minimum`.
    AtLeast,
    /// `<`: `exclusiveMaximum`.
    Less,
    /// `<=`: `maximum`.
    AtMost,
}

impl Compare {
    pub const ALL: [Compare; 4] = [Compare::Greater, Compare::AtLeast, Compare::Less, Compare::AtMost];

    /// The operator as a condition writes it.
    pub fn operator(self) -> &'static str {
        match self {
            Self::Greater => ">",
            Self::AtLeast => ">=",
            Self::Less => "<",
            Self::AtMost => "<=",
        }
    }

    /// The JSON Schema keyword that says it.
    pub fn keyword(self) -> &'static str {
        match self {
            Self::Greater => "exclusiveMinimum",
            Self::AtLeast => "minimum",
            Self::Less => "exclusiveMaximum",
            Self::AtMost => "maximum",
        }
    }

    fn holds(self, x: f64, bound: f64) -> bool {
        match self {
            Self::Greater => x > bound,
            Self::AtLeast => x >= bound,
            Self::Less => x < bound,
            Self::AtMost => x <= bound,
        }
    }
}

/// A question's condition: when it is asked.
#[derive(Debug, Clone, PartialEq)]
pub enum Condition {
    /// The answer to `question` is `value`.
    Equals {
        question: String,
        value: Value,
    },
    /// The answer to `question` is one of `values`.
    In {
        question: String,
        values: Vec<Value>,
    },
    /// The answers to the multiple-choice `question` include `value`.
    Selected {
        question: String,
        value: Value,
    },
    /// `question` has an answer.
    Answered {
        question: String,
    },
    /// The number answer to `question` compares so with `bound` (a JSON number, kept as written).
    Compare {
        question: String,
        op: Compare,
        bound: Value,
    },
    All(Vec<Condition>),
    Any(Vec<Condition>),
    Not(Box<Condition>),
}

impl Condition {
    /// The condition as JSON, as a definition writes it.
    pub fn to_json(&self) -> Value {
        match self {
            Self::Equals { question, value } => json!({"question": question, "equals": value}),
            Self::In { question, values } => json!({"question": question, "in": values}),
            Self::Selected { question, value } => json!({"question": question, "selected": value}),
            Self::Answered { question } => json!({"question": question, "answered": true}),
            Self::Compare { question, op, bound } => {
                let mut m = Map::new();
                m.insert("question".into(), Value::String(question.clone()));
                m.insert(op.operator().into(), bound.clone());
                Value::Object(m)
            }
            Self::All(cs) => json!({"all": cs.iter().map(Self::to_json).collect::<Vec<_>>()}),
            Self::Any(cs) => json!({"any": cs.iter().map(Self::to_json).collect::<Vec<_>>()}),
            Self::Not(c) => json!({"not": c.to_json()}),
        }
    }

    /// The questions the condition reads, each once, in the order written.
    pub fn questions(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        self.visit(&mut |c| {
            if let Some(q) = c.question()
                && !out.contains(&q)
            {
                out.push(q);
            }
        });
        out
    }

    /// The question of a condition on one question (`None` for all, any, not).
    pub fn question(&self) -> Option<&str> {
        match self {
            Self::Equals { question, .. }
            | Self::In { question, .. }
            | Self::Selected { question, .. }
            | Self::Answered { question }
            | Self::Compare { question, .. } => Some(question),
            Self::All(_) | Self::Any(_) | Self::Not(_) => None,
        }
    }

    /// Calls `f` on this condition and every condition inside it, depth first.
    pub fn visit<'a>(&'a self, f: &mut impl FnMut(&'a Condition)) {
        f(self);
        match self {
            Self::All(cs) | Self::Any(cs) => cs.iter().for_each(|c| c.visit(f)),
            Self::Not(c) => c.visit(f),
            _ => {}
        }
    }

    /// Whether the condition holds on answers, read through `answer` (question id → its answer,
    /// `None` when absent), exactly as a JSON Schema validator evaluates [`Self::schema`].
    pub fn holds<'v>(&self, answer: &impl Fn(&str) -> Option<&'v Value>) -> bool {
        match self {
            Self::Equals { question, value } => answer(question).is_some_and(|a| values_equal(a, value)),
            Self::In { question, values } => {
                answer(question).is_some_and(|a| values.iter().any(|v| values_equal(a, v)))
            }
            // `contains` holds for an answer that is not an array (a validator ignores it).
            Self::Selected { question, value } => answer(question).is_some_and(|a| match a {
                Value::Array(items) => items.iter().any(|x| values_equal(x, value)),
                _ => true,
            }),
            Self::Answered { question } => answer(question).is_some(),
            // So do the bounds for an answer that is not a number.
            Self::Compare { question, op, bound } => {
                answer(question).is_some_and(|a| match (a.as_f64(), bound.as_f64()) {
                    (Some(x), Some(b)) => op.holds(x, b),
                    _ => true,
                })
            }
            Self::All(cs) => cs.iter().all(|c| c.holds(answer)),
            Self::Any(cs) => cs.iter().any(|c| c.holds(answer)),
            Self::Not(c) => !c.holds(answer),
        }
    }

    /// The condition as a JSON Schema (S): what the `if` of the question's `allOf` entry holds.
    pub fn schema(&self) -> Value {
        let on = |question: &str, keyword: &str, v: Value| json!({"properties": {question: {keyword: v}}, "required": [question]});
        match self {
            Self::Equals { question, value } => on(question, "const", value.clone()),
            Self::In { question, values } => on(question, "enum", Value::Array(values.clone())),
            Self::Selected { question, value } => on(question, "contains", json!({"const": value})),
            Self::Answered { question } => json!({"required": [question]}),
            Self::Compare { question, op, bound } => on(question, op.keyword(), bound.clone()),
            Self::All(cs) => json!({"allOf": cs.iter().map(Self::schema).collect::<Vec<_>>()}),
            Self::Any(cs) => json!({"anyOf": cs.iter().map(Self::schema).collect::<Vec<_>>()}),
            Self::Not(c) => json!({"not": c.schema()}),
        }
    }
}

impl serde::Serialize for Condition {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.to_json().serialize(s)
    }
}

/// The entry of the root `allOf` for the conditional question `question`: required when its
/// condition holds (if `required`), and absent when it does not.
pub fn schema_entry(question: &str, required: bool, condition: &Condition) -> Value {
    let then = if required { json!({"required": [question]}) } else { json!({}) };
    json!({"if": condition.schema(), "then": then, "else": {"not": {"required": [question]}}})
}

/// The question an entry of the root `allOf` is about: the one its `else` keeps absent.
pub fn entry_question(entry: &Value) -> Option<&str> {
    match entry.pointer("/else/not/required").and_then(Value::as_array).map(Vec::as_slice) {
        Some([Value::String(q)]) => Some(q),
        _ => None,
    }
}

/// JSON equality where numbers are equal by value (`5` and `5.0`), as JSON Schema compares them;
/// object members in any order.
pub fn same_json(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(_), Value::Number(_)) => values_equal(a, b),
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same_json(a, b)),
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same_json(v, w)))
        }
        _ => a == b,
    }
}

/// The conditions on one question inside `c`, each with its JSON pointer (`c` written at `ptr`).
pub fn leaves<'a>(c: &'a Condition, ptr: &str) -> Vec<(String, &'a Condition)> {
    let mut out = Vec::new();
    let mut stack = vec![(ptr.to_string(), c)];
    while let Some((p, c)) = stack.pop() {
        match c {
            Condition::All(cs) | Condition::Any(cs) => {
                let key = if matches!(c, Condition::All(_)) { "all" } else { "any" };
                stack.extend(cs.iter().enumerate().rev().map(|(i, x)| (format!("{p}/{key}/{i}"), x)));
            }
            Condition::Not(x) => stack.push((format!("{p}/not"), x)),
            leaf => out.push((p, leaf)),
        }
    }
    out
}

/// The operator of a condition on one question, as written (`equals`, `in`, `>`, …).
pub fn operator(c: &Condition) -> &'static str {
    match c {
        Condition::Equals { .. } => "equals",
        Condition::In { .. } => "in",
        Condition::Selected { .. } => "selected",
        Condition::Answered { .. } => "answered",
        Condition::Compare { op, .. } => op.operator(),
        Condition::All(_) => "all",
        Condition::Any(_) => "any",
        Condition::Not(_) => "not",
    }
}

#[cfg(test)]
mod tests;
