//! Conditions on questions (`x-dra.relevant`) as XLSForm's `relevant` column writes them, and as
//! the definition's JSON Schema enforces them. One [`Cond`] reads the subset of XPath that maps
//! (`${q} = 'v'`, `selected(${q}, 'v')`, comparisons, `${q} != ''`, `and`, `or`, `not()`), is
//! written back as XPath, as the `x-dra.relevant` JSON, and as the schema of the root `allOf`
//! entry that makes a hidden question unanswerable; and it is evaluated on a response.

use serde_json::{Map, Number, Value, json};

pub use super::relevant_parse::{all_of, parse};
use super::xpath::Op;
use crate::survey::conditions::{Condition, schema_entry};
use crate::survey::model::{QuestionKind, values_equal};
use crate::survey::response::form_value;

/// A condition on earlier answers.
#[derive(Debug, Clone, PartialEq)]
pub enum Cond {
    Equals(String, Value),
    In(String, Vec<Value>),
    /// A multiple-choice answer holds the value.
    Selected(String, Value),
    Answered(String),
    Compare(String, Op, Number),
    All(Vec<Cond>),
    Any(Vec<Cond>),
    Not(Box<Cond>),
}

/// What a condition needs to know of a question it names: its kind and its option values.
pub struct Target {
    pub kind: QuestionKind,
    pub options: Vec<Value>,
}

impl Cond {
    /// The `x-dra.relevant` JSON.
    pub fn to_json(&self) -> Value {
        match self {
            Cond::Equals(q, v) => json!({"question": q, "equals": v}),
            Cond::In(q, vs) => json!({"question": q, "in": vs}),
            Cond::Selected(q, v) => json!({"question": q, "selected": v}),
            Cond::Answered(q) => json!({"question": q, "answered": true}),
            Cond::Compare(q, op, n) => {
                let mut m = Map::new();
                m.insert("question".into(), Value::String(q.clone()));
                m.insert(op.as_str().into(), Value::Number(n.clone()));
                Value::Object(m)
            }
            Cond::All(cs) => json!({"all": cs.iter().map(Cond::to_json).collect::<Vec<_>>()}),
            Cond::Any(cs) => json!({"any": cs.iter().map(Cond::to_json).collect::<Vec<_>>()}),
            Cond::Not(c) => json!({"not": c.to_json()}),
        }
    }

    /// Reads `x-dra.relevant` JSON.
    pub fn from_json(v: &Value) -> Result<Cond, String> {
        let o = v.as_object().ok_or_else(|| format!("a condition is an object, not {v}"))?;
        let list = |key: &str| -> Result<Vec<Cond>, String> {
            o.get(key)
                .and_then(Value::as_array)
                .ok_or_else(|| format!("\"{key}\" takes a list"))?
                .iter()
                .map(Cond::from_json)
                .collect()
        };
        if o.contains_key("all") {
            return Ok(Cond::All(list("all")?));
        }
        if o.contains_key("any") {
            return Ok(Cond::Any(list("any")?));
        }
        if let Some(inner) = o.get("not") {
            return Ok(Cond::Not(Box::new(Cond::from_json(inner)?)));
        }
        let q = o.get("question").and_then(Value::as_str).ok_or_else(|| format!("no \"question\" in {v}"))?.to_string();
        if let Some(x) = o.get("equals") {
            return Ok(Cond::Equals(q, x.clone()));
        }
        if let Some(xs) = o.get("in").and_then(Value::as_array) {
            return Ok(Cond::In(q, xs.clone()));
        }
        if let Some(x) = o.get("selected") {
            return Ok(Cond::Selected(q, x.clone()));
        }
        if o.get("answered") == Some(&Value::Bool(true)) {
            return Ok(Cond::Answered(q));
        }
        for op in [Op::Gt, Op::Ge, Op::Lt, Op::Le] {
            if let Some(Value::Number(n)) = o.get(op.as_str()) {
                return Ok(Cond::Compare(q, op, n.clone()));
            }
        }
        Err(format!("not a condition dra knows: {v}"))
    }

    /// The JSON Schema that holds exactly when the condition does: the definition's own rule
    /// (`survey::conditions`), so what the converter writes is what the compiler derives.
    pub fn schema(&self) -> Value {
        Condition::parse(&self.to_json(), "").map(|c| c.schema()).unwrap_or(Value::Null)
    }

    /// Whether the condition holds for `answers`, exactly as [`Cond::schema`] judges it.
    pub fn holds(&self, answers: &Map<String, Value>) -> bool {
        let num = |v: &Value, op: Op, n: &Number| match (v.as_f64(), n.as_f64()) {
            (Some(x), Some(y)) => match op {
                Op::Gt => x > y,
                Op::Ge => x >= y,
                Op::Lt => x < y,
                _ => x <= y,
            },
            _ => true,
        };
        match self {
            Cond::Equals(q, v) => answers.get(q).is_some_and(|a| values_equal(a, v)),
            Cond::In(q, vs) => answers.get(q).is_some_and(|a| vs.iter().any(|v| values_equal(a, v))),
            Cond::Selected(q, v) => answers
                .get(q)
                .is_some_and(|a| a.as_array().is_none_or(|items| items.iter().any(|x| values_equal(x, v)))),
            Cond::Answered(q) => answers.contains_key(q),
            Cond::Compare(q, op, n) => answers.get(q).is_some_and(|a| num(a, *op, n)),
            Cond::All(cs) => cs.iter().all(|c| c.holds(answers)),
            Cond::Any(cs) => cs.iter().any(|c| c.holds(answers)),
            Cond::Not(c) => !c.holds(answers),
        }
    }

    /// The questions the condition names, in order.
    pub fn questions(&self) -> Vec<&str> {
        match self {
            Cond::Equals(q, _) | Cond::In(q, _) | Cond::Selected(q, _) | Cond::Answered(q) | Cond::Compare(q, _, _) => {
                vec![q.as_str()]
            }
            Cond::All(cs) | Cond::Any(cs) => cs.iter().flat_map(Cond::questions).collect(),
            Cond::Not(c) => c.questions(),
        }
    }

    /// XLSForm's `relevant` expression; `kind` tells how a question's values are written (choices
    /// quoted, numbers bare).
    pub fn to_xpath(&self, kind: &dyn Fn(&str) -> Option<QuestionKind>) -> Result<String, String> {
        let literal = |q: &str, v: &Value| -> Result<String, String> {
            match (v, kind(q)) {
                (Value::Number(n), Some(QuestionKind::Number)) => Ok(n.to_string()),
                (v, _) => quote(&form_value(v)),
            }
        };
        let wrapped = |c: &Cond| -> Result<String, String> {
            let s = c.to_xpath(kind)?;
            Ok(if matches!(c, Cond::Any(_) | Cond::In(..) | Cond::All(_)) { format!("({s})") } else { s })
        };
        Ok(match self {
            Cond::Equals(q, v) => format!("${{{q}}} = {}", literal(q, v)?),
            Cond::In(q, vs) => vs
                .iter()
                .map(|v| Ok(format!("${{{q}}} = {}", literal(q, v)?)))
                .collect::<Result<Vec<_>, String>>()?
                .join(" or "),
            Cond::Selected(q, v) => format!("selected(${{{q}}}, {})", quote(&form_value(v))?),
            Cond::Answered(q) => format!("${{{q}}} != ''"),
            Cond::Compare(q, op, n) => format!("${{{q}}} {} {n}", op.as_str()),
            Cond::All(cs) => cs.iter().map(wrapped).collect::<Result<Vec<_>, _>>()?.join(" and "),
            Cond::Any(cs) => cs.iter().map(wrapped).collect::<Result<Vec<_>, _>>()?.join(" or "),
            Cond::Not(c) => format!("not({})", c.to_xpath(kind)?),
        })
    }
}

/// XPath has no escapes: text goes in whichever quotes it does not hold.
fn quote(s: &str) -> Result<String, String> {
    if !s.contains('\'') {
        Ok(format!("'{s}'"))
    } else if !s.contains('"') {
        Ok(format!("\"{s}\""))
    } else {
        Err(format!("the value {s} holds both kinds of quotes, which XPath cannot write"))
    }
}

/// The root `allOf` entry of a conditional question: hidden, it must stay unanswered; shown, it
/// is required when `required`.
pub fn all_of_entry(question: &str, cond: &Cond, required: bool) -> Value {
    Condition::parse(&cond.to_json(), "").map(|c| schema_entry(question, required, &c)).unwrap_or(Value::Null)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(q: &str) -> Result<Target, String> {
        match q {
            "group" => Ok(Target { kind: QuestionKind::Single, options: vec![json!("public"), json!("private")] }),
            "score" => Ok(Target { kind: QuestionKind::Scored, options: vec![json!(1), json!(2), json!("dk")] }),
            "tools" => Ok(Target { kind: QuestionKind::Multiple, options: vec![json!("a"), json!("b")] }),
            "age" => Ok(Target { kind: QuestionKind::Number, options: vec![] }),
            "name" => Ok(Target { kind: QuestionKind::Text, options: vec![] }),
            other => Err(format!("no question \"{other}\" before this one")),
        }
    }

    fn kind(q: &str) -> Option<QuestionKind> {
        target(q).ok().map(|t| t.kind)
    }

    #[test]
    fn xpath_json_and_schema_agree() {
        let exprs = [
            "${group} = 'public'",
            "${score} = '1' or ${score} = 'dk'",
            "selected(${tools}, 'a') and ${age} > 17",
            "not(${name} != '') or ${age} <= 65",
        ];
        for e in exprs {
            let c = parse(e, &target).unwrap_or_else(|m| panic!("{e}: {m}"));
            let back = c.to_xpath(&kind).unwrap_or_else(|m| panic!("{m}"));
            let again = parse(&back, &target).unwrap_or_else(|m| panic!("{back}: {m}"));
            assert_eq!(c, again, "{e} → {back}");
            assert_eq!(Cond::from_json(&c.to_json()), Ok(c.clone()));
            let schema = jsonschema::draft202012::new(&c.schema()).unwrap_or_else(|m| panic!("{m}"));
            for answers in [
                json!({}),
                json!({"group": "public", "age": 18}),
                json!({"group": "private", "tools": ["a"], "age": 70, "score": "dk"}),
                json!({"tools": ["b"], "name": "x", "age": 10, "score": 1}),
            ] {
                let map = answers.as_object().cloned().unwrap_or_default();
                assert_eq!(c.holds(&map), schema.is_valid(&answers), "{e} on {answers}");
            }
        }
        assert_eq!(
            all_of_entry("q", &Cond::Answered("a".into()), true),
            json!({"if": {"required": ["a"]}, "then": {"required": ["q"]}, "else": {"not": {"required": ["q"]}}})
        );
    }
}
