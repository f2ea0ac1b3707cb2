//! XLSForm's `constraint` column, the subset that is a JSON Schema bound: on a number,
//! `. >= 0 and . <= 100` (`minimum`, `exclusiveMinimum`, `maximum`, `exclusiveMaximum`); on a
//! text, `string-length(.) <= 500` (`maxLength`, `minLength`); on a multiple choice,
//! `count-selected(.) <= 3` (`maxItems`, `minItems`). Several joined by `and`; `${self}` may
//! stand for `.`. Read into schema keywords and written back from them.

use serde_json::{Map, Number, Value};

use super::xpath::{Op, Token, number, tokens};
use crate::survey::model::QuestionKind;

/// The schema keywords a constraint may set, in the order they are written.
const KEYWORDS: [&str; 8] =
    ["minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum", "minLength", "maxLength", "minItems", "maxItems"];

/// The function a question's kind is measured by, if any (`None`: the value itself).
fn measure(kind: QuestionKind) -> Result<Option<&'static str>, String> {
    match kind {
        QuestionKind::Number => Ok(None),
        QuestionKind::Text => Ok(Some("string-length")),
        QuestionKind::Multiple => Ok(Some("count-selected")),
        _ => Err("a single-choice question takes no constraint: its options are the only answers".into()),
    }
}

/// The schema keywords of `expr` on question `id` of `kind`, in [`KEYWORDS`] order.
pub fn parse(expr: &str, id: &str, kind: QuestionKind) -> Result<Vec<(&'static str, Number)>, String> {
    let f = measure(kind)?;
    let t = tokens(expr)?;
    let mut found: Vec<(&'static str, Number)> = Vec::new();
    for part in t.split(|x| matches!(x, Token::Name(n) if n == "and")) {
        let (op, n) = bound(part, id, f).ok_or_else(|| match f {
            None => format!("dra reads number constraints such as \". >= 0 and . <= 100\"; \"{expr}\" is not one"),
            Some(func) => format!("dra reads constraints such as \"{func}(.) <= 500\"; \"{expr}\" is not one"),
        })?;
        let key = match (f, op) {
            (None, Op::Ge) => "minimum",
            (None, Op::Gt) => "exclusiveMinimum",
            (None, Op::Le) => "maximum",
            (None, Op::Lt) => "exclusiveMaximum",
            (Some(_), op) => {
                let whole = n.as_u64().ok_or_else(|| format!("{n} is not a whole number"))?;
                let (key, value) = match op {
                    Op::Ge => (0, whole),
                    Op::Gt => (0, whole + 1),
                    Op::Le => (1, whole),
                    _ => (1, whole.checked_sub(1).ok_or("nothing is shorter than 0")?),
                };
                let keys =
                    if f == Some("string-length") { ["minLength", "maxLength"] } else { ["minItems", "maxItems"] };
                found.push((keys[key], value.into()));
                continue;
            }
            (None, _) => return Err("= and != are no bounds: use >=, >, <= or <".into()),
        };
        found.push((key, n));
    }
    found.sort_by_key(|(k, _)| KEYWORDS.iter().position(|x| x == k));
    if let Some(w) = found.windows(2).find(|w| w[0].0 == w[1].0) {
        return Err(format!("two bounds set {}", w[0].0));
    }
    Ok(found)
}

/// One `. >= N` (or `N <= .`, or `string-length(.) <= N`), as the comparison read from `.`.
fn bound(part: &[Token], id: &str, f: Option<&str>) -> Option<(Op, Number)> {
    let is_self = |t: &Token| matches!(t, Token::Dot) || matches!(t, Token::Ref(r) if r == id);
    let subject_len = if f.is_some() { 4 } else { 1 };
    let subject = |s: &[Token]| match f {
        None => s.len() == 1 && is_self(&s[0]),
        Some(func) => {
            s.len() == 4
                && matches!(&s[0], Token::Name(n) if n == func)
                && s[1] == Token::Open
                && is_self(&s[2])
                && s[3] == Token::Close
        }
    };
    let cmp = |t: &Token| if let Token::Op(op) = t { (*op != Op::Eq && *op != Op::Ne).then_some(*op) } else { None };
    let num = |t: &Token| if let Token::Number(n) = t { number(n) } else { None };
    if part.len() != subject_len + 2 {
        return None;
    }
    if subject(&part[..subject_len]) {
        Some((cmp(&part[subject_len])?, num(&part[subject_len + 1])?))
    } else if subject(&part[2..]) {
        Some((cmp(&part[1])?.flipped(), num(&part[0])?))
    } else {
        None
    }
}

/// The constraint that writes the bounds `schema` holds, if any.
pub fn write(schema: &Map<String, Value>, kind: QuestionKind) -> Option<String> {
    let f = measure(kind).ok()?;
    let subject = f.map_or_else(|| ".".to_string(), |func| format!("{func}(.)"));
    let parts: Vec<String> = KEYWORDS
        .iter()
        .filter_map(|k| {
            let n = schema.get(*k)?.as_number()?;
            let op = match *k {
                "minimum" | "minLength" | "minItems" => ">=",
                "exclusiveMinimum" => ">",
                "maximum" | "maxLength" | "maxItems" => "<=",
                _ => "<",
            };
            let fits = match f {
                None => k.contains("imum"),
                Some("string-length") => k.ends_with("Length"),
                Some(_) => k.ends_with("Items"),
            };
            fits.then(|| format!("{subject} {op} {n}"))
        })
        .collect();
    (!parts.is_empty()).then(|| parts.join(" and "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(expr: &str, kind: QuestionKind) -> Result<Vec<(&'static str, String)>, String> {
        parse(expr, "q", kind).map(|v| v.into_iter().map(|(k, n)| (k, n.to_string())).collect())
    }

    #[test]
    fn bounds_read_and_written() {
        assert_eq!(
            keys(". <= 120 and . >= 0", QuestionKind::Number),
            Ok(vec![("minimum", "0".into()), ("maximum", "120".into())])
        );
        assert_eq!(keys("0.5 < ${q}", QuestionKind::Number), Ok(vec![("exclusiveMinimum", "0.5".into())]));
        assert_eq!(keys("string-length(.) < 2001", QuestionKind::Text), Ok(vec![("maxLength", "2000".into())]));
        assert_eq!(keys("count-selected(.) <= 2", QuestionKind::Multiple), Ok(vec![("maxItems", "2".into())]));
        assert!(keys("regex(., '^[0-9]+$')", QuestionKind::Text).is_err());
        assert!(keys(". != 3", QuestionKind::Number).is_err());
        assert!(keys(". > 1", QuestionKind::Single).is_err_and(|e| e.contains("single-choice")));
        assert!(keys(". >= 1 and . >= 2", QuestionKind::Number).is_err_and(|e| e.contains("two bounds")));
        let mut schema = Map::new();
        schema.insert("minimum".into(), Value::from(0));
        schema.insert("exclusiveMaximum".into(), Value::from(10.5));
        schema.insert("maxLength".into(), Value::from(9));
        let w = write(&schema, QuestionKind::Number);
        assert_eq!(w.as_deref(), Some(". >= 0 and . < 10.5"));
        assert_eq!(keys(&w.unwrap_or_default(), QuestionKind::Number).map(|v| v.len()), Ok(2));
        assert_eq!(write(&schema, QuestionKind::Text).as_deref(), Some("string-length(.) <= 9"));
    }
}
