//! Conditional questions: the condition of a question's `x-dra.relevant` (read, evaluated on
//! answers, said in words), and the entry of the definition's root `allOf` that says the same rule
//! to any JSON Schema validator. One rule, written twice in a definition: this file derives the
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

use std::collections::HashMap;

use serde_json::{Map, Value, json};

use super::model::{Question, Survey, values_equal};
use super::problem::Problem;

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

/// The operators of a condition on one question.
const LEAF_OPERATORS: [&str; 8] = ["equals", "in", "selected", "answered", ">", ">=", "<", "<="];

fn is_scalar(v: &Value) -> bool {
    matches!(v, Value::String(_) | Value::Number(_) | Value::Bool(_))
}

impl Condition {
    /// Reads a condition written at `pointer`; every problem of its shape comes back located.
    pub fn parse(v: &Value, pointer: &str) -> Result<Condition, Vec<Problem>> {
        let mut problems = Vec::new();
        let c = parse_at(v, pointer, &mut problems);
        match c {
            Some(c) if problems.is_empty() => Ok(c),
            _ => Err(problems),
        }
    }

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

    /// The condition in words, in Spanish (`es`) or English: `name` names a question (its number
    /// on paper, its text on screen); options are named by their labels in `lang`.
    pub fn in_words(&self, survey: &Survey, lang: &str, name: &dyn Fn(&Question) -> String) -> String {
        let es = lang == "es";
        let d = survey.default_language.as_str();
        let q_name = |id: &str| survey.question(id).map_or_else(|| format!("\"{id}\""), name);
        let value = |id: &str, v: &Value| {
            let label = survey
                .question(id)
                .and_then(|q| q.option(v))
                .map_or_else(|| super::response::form_value(v), |o| o.label.get(lang, d).to_string());
            if es { format!("«{label}»") } else { format!("“{label}”") }
        };
        let nested = |c: &Condition| {
            let text = c.in_words(survey, lang, name);
            if matches!(c, Self::All(_) | Self::Any(_)) { format!("({text})") } else { text }
        };
        match self {
            Self::Equals { question, value: v } => {
                if es {
                    format!("{} es {}", q_name(question), value(question, v))
                } else {
                    format!("{} is {}", q_name(question), value(question, v))
                }
            }
            Self::In { question, values } => {
                let listed: Vec<String> = values.iter().map(|v| value(question, v)).collect();
                let or = if es { " o " } else { " or " };
                if es {
                    format!("{} es {}", q_name(question), listed.join(or))
                } else {
                    format!("{} is {}", q_name(question), listed.join(or))
                }
            }
            Self::Selected { question, value: v } => {
                if es {
                    format!("marcó {} en {}", value(question, v), q_name(question))
                } else {
                    format!("{} is ticked in {}", value(question, v), q_name(question))
                }
            }
            Self::Answered { question } => {
                if es {
                    format!("respondió {}", q_name(question))
                } else {
                    format!("{} is answered", q_name(question))
                }
            }
            Self::Compare { question, op, bound } => {
                let b = super::response::form_value(bound);
                let b = if es { b.replace('.', ",") } else { b };
                let words = match (op, es) {
                    (Compare::Greater, true) => "es mayor que",
                    (Compare::AtLeast, true) => "es al menos",
                    (Compare::Less, true) => "es menor que",
                    (Compare::AtMost, true) => "es como máximo",
                    (Compare::Greater, false) => "is more than",
                    (Compare::AtLeast, false) => "is at least",
                    (Compare::Less, false) => "is less than",
                    (Compare::AtMost, false) => "is at most",
                };
                format!("{} {words} {b}", q_name(question))
            }
            Self::All(cs) => cs.iter().map(nested).collect::<Vec<_>>().join(if es { " y " } else { " and " }),
            Self::Any(cs) => cs.iter().map(nested).collect::<Vec<_>>().join(if es { " o " } else { " or " }),
            Self::Not(c) => {
                if es {
                    format!("no se cumple que {}", nested(c))
                } else {
                    format!("it is not so that {}", nested(c))
                }
            }
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

/// Which questions apply to a respondent with `answers`, by position in `survey.questions`. A
/// question applies when it has no condition, or when its condition holds on the answers of the
/// questions that apply: conditions are evaluated page by page (they read earlier pages only), so
/// an answer to a question that does not apply never makes another one apply.
pub fn applying(survey: &Survey, answers: &Map<String, Value>) -> Vec<bool> {
    let mut applies = vec![true; survey.questions.len()];
    if survey.questions.iter().all(|q| q.relevant.is_none()) {
        return applies;
    }
    let index: HashMap<&str, usize> = survey.questions.iter().enumerate().map(|(i, q)| (q.id.as_str(), i)).collect();
    for id in survey.pages.iter().flat_map(|p| &p.questions) {
        let Some(&i) = index.get(id.as_str()) else { continue };
        let Some(c) = survey.questions.get(i).and_then(|q| q.relevant.as_ref()) else { continue };
        let holds = c.holds(&|q: &str| {
            index.get(q).filter(|&&j| applies.get(j).copied().unwrap_or(true)).and_then(|_| answers.get(q))
        });
        if let Some(a) = applies.get_mut(i) {
            *a = holds;
        }
    }
    applies
}

/// Removes the answers to questions that do not apply (an earlier answer changed since they were
/// given); the ids removed, in survey order.
pub fn prune(survey: &Survey, answers: &mut Map<String, Value>) -> Vec<String> {
    let applying = applying(survey, answers);
    let mut removed = Vec::new();
    for (q, applies) in survey.questions.iter().zip(applying) {
        if !applies && answers.remove(&q.id).is_some() {
            removed.push(q.id.clone());
        }
    }
    removed
}

fn parse_at(v: &Value, ptr: &str, problems: &mut Vec<Problem>) -> Option<Condition> {
    let Some(obj) = v.as_object() else {
        problems.push(Problem::at(ptr, "a condition is an object such as {\"question\": \"q1\", \"equals\": \"yes\"}"));
        return None;
    };
    for compound in ["all", "any", "not"] {
        let Some(inner) = obj.get(compound) else { continue };
        if obj.len() > 1 {
            let others: Vec<&str> = obj.keys().map(String::as_str).filter(|k| *k != compound).collect();
            problems.push(Problem::at(
                ptr,
                format!("\"{compound}\" stands alone in its object; found also {}", quoted(&others)),
            ));
            return None;
        }
        let iptr = format!("{ptr}/{compound}");
        if compound == "not" {
            return parse_at(inner, &iptr, problems).map(|c| Condition::Not(Box::new(c)));
        }
        let list = match inner.as_array() {
            Some(list) if !list.is_empty() => list,
            _ => {
                problems.push(Problem::at(&iptr, format!("\"{compound}\" takes a non-empty array of conditions")));
                return None;
            }
        };
        let parts: Vec<Option<Condition>> =
            list.iter().enumerate().map(|(i, c)| parse_at(c, &format!("{iptr}/{i}"), problems)).collect();
        let parts: Option<Vec<Condition>> = parts.into_iter().collect();
        return parts.map(|cs| if compound == "all" { Condition::All(cs) } else { Condition::Any(cs) });
    }
    let Some(question) = obj.get("question").and_then(Value::as_str).map(str::to_string) else {
        problems.push(Problem::at(
            ptr,
            "a condition names its \"question\" with one of equals, in, selected, answered, >, >=, <, <=; or combines conditions with all, any, not",
        ));
        return None;
    };
    let ops: Vec<&str> = obj.keys().map(String::as_str).filter(|k| LEAF_OPERATORS.contains(k)).collect();
    let unknown: Vec<&str> =
        obj.keys().map(String::as_str).filter(|k| *k != "question" && !LEAF_OPERATORS.contains(k)).collect();
    if !unknown.is_empty() {
        problems.push(Problem::at(
            ptr,
            format!(
                "unknown key {} in a condition: use one of equals, in, selected, answered, >, >=, <, <=",
                quoted(&unknown)
            ),
        ));
        return None;
    }
    let [op] = ops.as_slice() else {
        let found = if ops.is_empty() { "none".to_string() } else { quoted(&ops) };
        problems.push(Problem::at(
            ptr,
            format!("a condition on \"{question}\" takes exactly one of equals, in, selected, answered, >, >=, <, <= (found {found})"),
        ));
        return None;
    };
    let arg = obj.get(*op).unwrap_or(&Value::Null);
    let aptr = format!("{ptr}/{}", super::locate::escape_token(op));
    let bad = |problems: &mut Vec<Problem>, msg: &str| {
        problems.push(Problem::at(&aptr, msg.to_string()));
        None
    };
    match *op {
        "equals" | "selected" if !is_scalar(arg) => {
            bad(problems, "the value to compare with is a string, a number or a boolean")
        }
        "equals" => Some(Condition::Equals { question, value: arg.clone() }),
        "selected" => Some(Condition::Selected { question, value: arg.clone() }),
        "in" => match arg.as_array() {
            Some(vs) if !vs.is_empty() && vs.iter().all(is_scalar) => {
                Some(Condition::In { question, values: vs.clone() })
            }
            _ => bad(problems, "\"in\" takes a non-empty array of values (strings, numbers or booleans)"),
        },
        "answered" if arg == &Value::Bool(true) => Some(Condition::Answered { question }),
        "answered" => bad(
            problems,
            "\"answered\" is always true; to ask when a question is not answered, write {\"not\": {\"question\": …, \"answered\": true}}",
        ),
        op => {
            let cmp = Compare::ALL.into_iter().find(|c| c.operator() == op)?;
            if arg.is_number() {
                Some(Condition::Compare { question, op: cmp, bound: arg.clone() })
            } else {
                bad(problems, &format!("\"{op}\" compares with a number"))
            }
        }
    }
}

fn quoted(keys: &[&str]) -> String {
    keys.iter().map(|k| format!("\"{k}\"")).collect::<Vec<_>>().join(", ")
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

/// The ids of the questions that do not apply to a respondent with `answers` (see [`applying`]).
pub fn not_applying<'s>(survey: &'s Survey, answers: &Map<String, Value>) -> std::collections::HashSet<&'s str> {
    survey.questions.iter().zip(applying(survey, answers)).filter(|(_, a)| !a).map(|(q, _)| q.id.as_str()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn portal() -> Survey {
        crate::survey::check_bytes(include_bytes!("../../surveys/examples/portal.json"))
            .unwrap_or_else(|p| panic!("{p:?}"))
    }

    fn cond(v: Value) -> Condition {
        Condition::parse(&v, "").unwrap_or_else(|p| panic!("{v}: {p:?}"))
    }

    fn answers(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap_or_default()
    }

    /// Every operator, nested too, as the format writes it.
    fn examples() -> Vec<Value> {
        vec![
            json!({"question": "a", "equals": "yes"}),
            json!({"question": "n", "equals": 3}),
            json!({"question": "a", "in": ["yes", "dk"]}),
            json!({"question": "m", "selected": "mobile"}),
            json!({"question": "t", "answered": true}),
            json!({"question": "n", ">": 2}),
            json!({"question": "n", ">=": 2.5}),
            json!({"question": "n", "<": 0}),
            json!({"question": "n", "<=": 10}),
            json!({"all": [{"question": "a", "equals": "yes"}, {"not": {"question": "n", "<": 1}}]}),
            json!({"any": [{"question": "m", "selected": "web"}, {"question": "t", "answered": true}]}),
            json!({"not": {"any": [{"question": "a", "in": ["no"]}, {"question": "n", ">": 5}]}}),
        ]
    }

    #[test]
    fn reads_and_writes_back_every_operator() {
        for v in examples() {
            assert_eq!(cond(v.clone()).to_json(), v);
        }
        let c = cond(json!({"all": [{"question": "a", "equals": 1}, {"not": {"question": "b", "answered": true}}]}));
        assert_eq!(c.questions(), vec!["a", "b"]);
        let found: Vec<(String, &str)> = leaves(&c, "/r").into_iter().map(|(p, l)| (p, operator(l))).collect();
        assert_eq!(found, vec![("/r/all/0".to_string(), "equals"), ("/r/all/1/not".to_string(), "answered")]);
    }

    #[test]
    fn the_schema_entry_is_the_agreed_format() {
        let c = cond(json!({"question": "q1", "equals": "yes"}));
        assert_eq!(
            schema_entry("q2", true, &c),
            json!({"if": {"properties": {"q1": {"const": "yes"}}, "required": ["q1"]},
                   "then": {"required": ["q2"]}, "else": {"not": {"required": ["q2"]}}})
        );
        assert_eq!(schema_entry("q2", false, &c)["then"], json!({}));
        let s = |v: Value| cond(v).schema();
        assert_eq!(
            s(json!({"question": "q1", "in": [1, 2]})),
            json!({"properties": {"q1": {"enum": [1, 2]}}, "required": ["q1"]})
        );
        assert_eq!(
            s(json!({"question": "q1", "selected": "x"})),
            json!({"properties": {"q1": {"contains": {"const": "x"}}}, "required": ["q1"]})
        );
        assert_eq!(s(json!({"question": "q1", "answered": true})), json!({"required": ["q1"]}));
        for (op, kw) in [(">", "exclusiveMinimum"), (">=", "minimum"), ("<", "exclusiveMaximum"), ("<=", "maximum")] {
            let mut c = Map::new();
            c.insert("question".into(), json!("q1"));
            c.insert(op.into(), json!(4));
            assert_eq!(s(Value::Object(c)), json!({"properties": {"q1": {kw: 4}}, "required": ["q1"]}));
        }
        let a = json!({"question": "a", "answered": true});
        let b = json!({"question": "b", "answered": true});
        assert_eq!(s(json!({"all": [a, b]})), json!({"allOf": [{"required": ["a"]}, {"required": ["b"]}]}));
        assert_eq!(s(json!({"any": [a, b]})), json!({"anyOf": [{"required": ["a"]}, {"required": ["b"]}]}));
        assert_eq!(s(json!({"not": a})), json!({"not": {"required": ["a"]}}));
        assert_eq!(entry_question(&schema_entry("q2", false, &cond(a))), Some("q2"));
        assert!(same_json(&json!({"x": [5, {"b": 1, "a": 2.0}]}), &json!({"x": [5.0, {"a": 2, "b": 1}]})));
        assert!(!same_json(&json!({"x": 5}), &json!({"x": "5"})));
    }

    /// A condition holds exactly when a JSON Schema validator finds its schema valid, on answers of
    /// every shape (absent, the value, another value, the wrong type, arrays with and without).
    #[test]
    fn holds_agrees_with_a_json_schema_validator() {
        let values = [
            json!("yes"),
            json!("no"),
            json!(3),
            json!(3.0),
            json!(2.5),
            json!(0),
            json!(-1),
            json!(11),
            json!(["mobile"]),
            json!(["web", "kiosk"]),
            json!([]),
            json!("text"),
        ];
        let mut checked = 0;
        for v in examples() {
            let c = cond(v.clone());
            let validator = jsonschema::draft202012::new(&c.schema()).unwrap_or_else(|e| panic!("{v}: {e}"));
            for a in values.iter().chain([&Value::Null]) {
                for n in values.iter().chain([&Value::Null]) {
                    for (m, t) in [(json!(["web"]), None), (json!(["mobile"]), Some(json!("x")))] {
                        let mut obj = Map::new();
                        if !a.is_null() {
                            obj.insert("a".into(), a.clone());
                        }
                        if !n.is_null() {
                            obj.insert("n".into(), n.clone());
                        }
                        obj.insert("m".into(), m);
                        if let Some(t) = t {
                            obj.insert("t".into(), t);
                        }
                        let ours = c.holds(&|q: &str| obj.get(q));
                        let theirs = validator.is_valid(&Value::Object(obj.clone()));
                        assert_eq!(ours, theirs, "{v} on {}", Value::Object(obj));
                        checked += 1;
                    }
                }
            }
        }
        assert_eq!(checked, 12 * 13 * 13 * 2);
    }

    #[test]
    fn shape_problems_are_located() {
        let problem = |v: Value| {
            let p = Condition::parse(&v, "/c").err().unwrap_or_else(|| panic!("{v} should be refused"));
            (p[0].pointer.clone(), p[0].message.clone())
        };
        assert_eq!(problem(json!("yes")).0, "/c");
        let (ptr, msg) = problem(json!({"question": "a", "equals": 1, "in": [1]}));
        assert_eq!(ptr, "/c");
        assert!(msg.contains("exactly one of") && msg.contains("\"equals\", \"in\""), "{msg}");
        assert!(problem(json!({"question": "a", "equal": 1})).1.contains("unknown key \"equal\""));
        assert!(problem(json!({"equals": 1})).1.contains("names its \"question\""));
        assert_eq!(problem(json!({"all": [{"question": "a", "in": []}]})).0, "/c/all/0/in");
        assert_eq!(problem(json!({"any": []})).0, "/c/any");
        assert_eq!(problem(json!({"not": {"question": "a", ">": "3"}})).0, "/c/not/>");
        assert!(problem(json!({"question": "a", "answered": false})).1.contains("{\"not\""));
        assert!(problem(json!({"all": [], "question": "a"})).1.contains("stands alone"));
        assert_eq!(problem(json!({"question": "a", "equals": null})).0, "/c/equals");
    }

    #[test]
    fn a_chain_follows_the_earlier_answers() {
        let s = portal();
        let ids = |a: Value| -> Vec<String> {
            let mut v: Vec<String> = not_applying(&s, &answers(a)).into_iter().map(str::to_string).collect();
            v.sort();
            v
        };
        assert_eq!(ids(json!({})), vec!["mobile_payments", "portal_channels", "portal_services"]);
        assert_eq!(ids(json!({"has_portal": "yes"})), vec!["mobile_payments"]);
        assert!(ids(json!({"has_portal": "yes", "portal_channels": ["web", "mobile"]})).is_empty());
        // The portal is gone: the channels do not apply, and so neither does what hangs on them,
        // although an answer to the channels is still there.
        assert_eq!(
            ids(json!({"has_portal": "no", "portal_channels": ["mobile"], "mobile_payments": 2})),
            vec!["mobile_payments", "portal_channels", "portal_services"]
        );
        let mut a = answers(json!({"group": "public", "has_portal": "no", "portal_services": 3,
                                    "portal_channels": ["mobile"], "mobile_payments": 2, "gov_strategy": 4}));
        assert_eq!(prune(&s, &mut a), vec!["portal_services", "portal_channels", "mobile_payments"]);
        assert_eq!(Value::Object(a.clone()), json!({"group": "public", "has_portal": "no", "gov_strategy": 4}));
        assert!(prune(&s, &mut a).is_empty());
    }

    #[test]
    fn said_in_words_in_both_languages() {
        let s = portal();
        let name = |q: &Question| format!("[{}]", q.id);
        let said = |v: Value, lang: &str| cond(v).in_words(&s, lang, &name);
        assert_eq!(said(json!({"question": "has_portal", "equals": "yes"}), "en"), "[has_portal] is “Yes”");
        assert_eq!(said(json!({"question": "has_portal", "equals": "yes"}), "es"), "[has_portal] es «Sí»");
        assert_eq!(
            said(json!({"question": "portal_channels", "selected": "mobile"}), "en"),
            "“Mobile app” is ticked in [portal_channels]"
        );
        assert_eq!(said(json!({"question": "has_portal", "in": ["no", "dk"]}), "es"), "[has_portal] es «No» o «No sé»");
        assert_eq!(
            said(
                json!({"all": [{"question": "has_portal", "equals": "yes"},
                                {"any": [{"question": "gov_strategy", ">=": 2.5}, {"question": "group", "answered": true}]}]}),
                "es"
            ),
            "[has_portal] es «Sí» y ([gov_strategy] es al menos 2,5 o respondió [group])"
        );
        assert_eq!(
            said(json!({"not": {"question": "gov_strategy", "<": 2}}), "en"),
            "it is not so that [gov_strategy] is less than 2"
        );
    }
}
