//! Reading a condition from a definition's JSON, every problem of its shape located.

use serde_json::Value;

use super::{Compare, Condition};
use crate::survey::problem::Problem;

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
    let aptr = format!("{ptr}/{}", crate::survey::locate::escape_token(op));
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
