//! Reading a definition's bytes into JSON, with every failure located: not UTF-8, too large,
//! a syntax error (line and column), too deep, not an object, duplicate keys.

use serde_json::Value;

use super::locate::{Position, SpanIndex};
use super::problem::Problem;

/// Largest definition accepted. The default questionnaire is well under 1 MB.
pub const MAX_BYTES: usize = 16 * 1024 * 1024;
/// Deepest nesting accepted; a questionnaire needs about ten levels.
pub const MAX_DEPTH: usize = 64;

/// A parsed definition with the positions of its values.
pub struct Parsed {
    pub value: Value,
    pub spans: SpanIndex,
}

/// Parses `bytes`; the problems come back already located.
pub fn parse(bytes: &[u8]) -> Result<Parsed, Vec<Problem>> {
    if bytes.len() > MAX_BYTES {
        return Err(vec![Problem::at_position(
            Position { line: 1, col: 1 },
            format!("the file is {} bytes; a survey definition may be at most {MAX_BYTES} bytes", bytes.len()),
        )]);
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let valid = bytes.get(..e.valid_up_to()).unwrap_or_default();
            let pos = position_after(std::str::from_utf8(valid).unwrap_or_default());
            return Err(vec![Problem::at_position(pos, "the file is not UTF-8 text: save it as UTF-8")]);
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let value: Value = serde_json::from_str(text).map_err(|e| vec![syntax_problem(&e)])?;
    let depth = depth(&value);
    if depth > MAX_DEPTH {
        return Err(vec![Problem::at_position(
            Position { line: 1, col: 1 },
            format!("nested {depth} levels deep; a survey definition may nest at most {MAX_DEPTH} levels"),
        )]);
    }
    if !value.is_object() {
        return Err(vec![Problem::at_position(
            Position { line: 1, col: 1 },
            format!("expected a JSON object (a JSON Schema with \"type\": \"object\"), found {}", kind(&value)),
        )]);
    }
    let spans = SpanIndex::build(text);
    let dups: Vec<Problem> = spans
        .duplicate_keys
        .iter()
        .map(|p| {
            Problem::at_key(p.clone(), "duplicate key: this object already has a member of that name").locate(&spans)
        })
        .collect();
    if !dups.is_empty() {
        return Err(dups);
    }
    Ok(Parsed { value, spans })
}

fn syntax_problem(e: &serde_json::Error) -> Problem {
    let full = e.to_string();
    let message = full.split(" at line ").next().unwrap_or(&full);
    let message = if message.contains("recursion limit exceeded") {
        format!("nested too deeply (more than 127 levels); a survey definition may nest at most {MAX_DEPTH} levels")
    } else if e.is_eof() {
        format!("invalid JSON: {message} (the file ends too early)")
    } else {
        format!("invalid JSON: {message}")
    };
    Problem::at_position(Position { line: e.line().max(1), col: e.column().max(1) }, message)
}

/// Line and column just after `text`.
fn position_after(text: &str) -> Position {
    let line = text.matches('\n').count() + 1;
    let col = text.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    Position { line, col }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Nesting depth, without recursion.
fn depth(v: &Value) -> usize {
    let mut max = 0;
    let mut stack = vec![(v, 1usize)];
    while let Some((v, d)) = stack.pop() {
        max = max.max(d);
        match v {
            Value::Array(a) => stack.extend(a.iter().map(|x| (x, d + 1))),
            Value::Object(o) => stack.extend(o.values().map(|x| (x, d + 1))),
            _ => {}
        }
    }
    max
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first(bytes: &[u8]) -> Problem {
        match parse(bytes) {
            Ok(_) => panic!("expected a problem"),
            Err(p) => p.into_iter().next().unwrap_or_else(|| Problem::at("", "none")),
        }
    }

    #[test]
    fn syntax_error_has_line_and_column() {
        let p = first(b"{\n  \"a\": 1,\n  \"b\" 2\n}");
        assert_eq!(p.position, Some(Position { line: 3, col: 7 }));
        assert!(p.message.starts_with("invalid JSON: expected `:`"), "{}", p.message);
    }

    #[test]
    fn deep_nesting_is_refused_without_overflow() {
        let deep = "[".repeat(10_000) + &"]".repeat(10_000);
        assert!(first(deep.as_bytes()).message.contains("nested too deeply"));
        let medium = "{\"a\":".repeat(100) + "1" + &"}".repeat(100);
        assert!(first(medium.as_bytes()).message.contains("nested 101 levels deep"));
    }

    #[test]
    fn garbage_and_non_objects() {
        let garbage: Vec<u8> = (0..4_000_000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8).collect();
        assert!(first(&garbage).message.contains("not UTF-8") || first(&garbage).message.contains("invalid JSON"));
        assert!(first(b"[1, 2]").message.contains("found an array"));
        assert!(first(b"\"text\"").message.contains("found a string"));
        assert!(first(b"").message.contains("ends too early"));
        let bad_utf8 = b"{\"a\": \"caf\xe9\"}";
        assert_eq!(first(bad_utf8).position, Some(Position { line: 1, col: 11 }));
    }
}
