//! Reading XLSForm's `relevant` into a [`Cond`]: the subset of XPath that maps (`${q} = 'v'`,
//! `selected(${q}, 'v')`, comparisons with numbers, `${q} != ''`, `and`, `or`, `not()`,
//! parentheses), each value checked against the question it names (an option of a choice, a
//! number for a number question); whatever does not map says why.

use serde_json::Value;

use super::relevant::{Cond, Target};
use super::xpath::{Op, Token, number, tokens};
use crate::survey::model::QuestionKind;
use crate::survey::response::form_value;

/// Reads a `relevant` expression; `target` says what each `${name}` is (or why it cannot be
/// named here).
pub fn parse(expr: &str, target: &dyn Fn(&str) -> Result<Target, String>) -> Result<Cond, String> {
    let mut p = Parser { tokens: tokens(expr)?, at: 0, target };
    let cond = p.or()?;
    match p.tokens.get(p.at) {
        None => Ok(cond),
        Some(t) => Err(format!("unexpected {} after a complete condition", shown(t))),
    }
}

struct Parser<'a> {
    tokens: Vec<Token>,
    at: usize,
    target: &'a dyn Fn(&str) -> Result<Target, String>,
}

fn shown(t: &Token) -> String {
    match t {
        Token::Ref(r) => format!("${{{r}}}"),
        Token::Dot => "\".\"".into(),
        Token::Text(s) => format!("'{s}'"),
        Token::Number(n) => n.clone(),
        Token::Op(op) => format!("\"{}\"", op.as_str()),
        Token::Open => "\"(\"".into(),
        Token::Close => "\")\"".into(),
        Token::Comma => "\",\"".into(),
        Token::Name(n) => format!("\"{n}\""),
    }
}

impl Parser<'_> {
    fn next(&mut self) -> Option<Token> {
        let t = self.tokens.get(self.at).cloned();
        self.at += 1;
        t
    }

    fn peek_name(&self, name: &str) -> bool {
        matches!(self.tokens.get(self.at), Some(Token::Name(n)) if n == name)
    }

    fn expect(&mut self, want: &Token, what: &str) -> Result<(), String> {
        match self.next() {
            Some(t) if &t == want => Ok(()),
            Some(t) => Err(format!("expected {what}, found {}", shown(&t))),
            None => Err(format!("expected {what}, but the expression ends")),
        }
    }

    fn or(&mut self) -> Result<Cond, String> {
        let mut parts = vec![self.and()?];
        while self.peek_name("or") {
            self.at += 1;
            parts.push(self.and()?);
        }
        Ok(any_of(parts))
    }

    fn and(&mut self) -> Result<Cond, String> {
        let mut parts = vec![self.unary()?];
        while self.peek_name("and") {
            self.at += 1;
            parts.push(self.unary()?);
        }
        Ok(all_of(parts))
    }

    fn unary(&mut self) -> Result<Cond, String> {
        match self.tokens.get(self.at).cloned() {
            Some(Token::Name(n)) if n == "not" => {
                self.at += 1;
                self.expect(&Token::Open, "\"(\" after not")?;
                let inner = self.or()?;
                self.expect(&Token::Close, "\")\"")?;
                Ok(Cond::Not(Box::new(inner)))
            }
            Some(Token::Open) => {
                self.at += 1;
                let inner = self.or()?;
                self.expect(&Token::Close, "\")\"")?;
                Ok(inner)
            }
            Some(Token::Name(n)) if n == "selected" => {
                self.at += 1;
                self.expect(&Token::Open, "\"(\" after selected")?;
                let q = match self.next() {
                    Some(Token::Ref(q)) => q,
                    _ => return Err("selected() takes a ${question} first".into()),
                };
                self.expect(&Token::Comma, "\",\" in selected()")?;
                let lit = match self.next() {
                    Some(Token::Text(s) | Token::Number(s)) => s,
                    _ => return Err("selected() takes a quoted value second".into()),
                };
                self.expect(&Token::Close, "\")\"")?;
                let t = (self.target)(&q)?;
                let v = option(&q, &t, &lit)?;
                match t.kind {
                    QuestionKind::Multiple => Ok(Cond::Selected(q, v)),
                    QuestionKind::Single | QuestionKind::Scored => Ok(Cond::Equals(q, v)),
                    _ => Err(format!("selected() applies to a choice question; ${{{q}}} is not one")),
                }
            }
            _ => self.comparison(),
        }
    }

    fn comparison(&mut self) -> Result<Cond, String> {
        let left = self.next().ok_or("the expression ends where a comparison was expected")?;
        let op = match self.next() {
            Some(Token::Op(op)) => op,
            Some(t) => {
                return Err(format!(
                    "expected a comparison (=, !=, >, >=, <, <=) after {}, found {}",
                    shown(&left),
                    shown(&t)
                ));
            }
            None => return Err(format!("expected a comparison after {}", shown(&left))),
        };
        let right = self.next().ok_or("the expression ends after a comparison sign")?;
        let (q, op, lit) = match (left, right) {
            (Token::Ref(q), lit @ (Token::Text(_) | Token::Number(_))) => (q, op, lit),
            (lit @ (Token::Text(_) | Token::Number(_)), Token::Ref(q)) => (q, op.flipped(), lit),
            (l, r) => {
                return Err(format!(
                    "dra reads comparisons of one ${{question}} with a value; {} {} {} is not one",
                    shown(&l),
                    op.as_str(),
                    shown(&r)
                ));
            }
        };
        compare(&q, op, &lit, &(self.target)(&q)?)
    }
}

fn compare(q: &str, op: Op, lit: &Token, t: &Target) -> Result<Cond, String> {
    let text = match lit {
        Token::Text(s) | Token::Number(s) => s.clone(),
        _ => String::new(),
    };
    if matches!(lit, Token::Text(s) if s.is_empty()) {
        return match op {
            Op::Ne => Ok(Cond::Answered(q.into())),
            Op::Eq => Ok(Cond::Not(Box::new(Cond::Answered(q.into())))),
            _ => Err("compare with '' only by = (unanswered) or != (answered)".into()),
        };
    }
    let equals = |v: Value| match op {
        Op::Ne => Ok(Cond::Not(Box::new(Cond::Equals(q.into(), v)))),
        _ => Ok(Cond::Equals(q.into(), v)),
    };
    match t.kind {
        QuestionKind::Multiple => {
            Err(format!("${{{q}}} is a multiple-choice question: test it with selected(${{{q}}}, 'value')"))
        }
        QuestionKind::Single | QuestionKind::Scored | QuestionKind::Text if !matches!(op, Op::Eq | Op::Ne) => Err(
            format!("${{{q}}} is not a number question: compare it with = or != (or selected()), not {}", op.as_str()),
        ),
        QuestionKind::Single | QuestionKind::Scored => equals(option(q, t, &text)?),
        QuestionKind::Text => equals(Value::String(text)),
        QuestionKind::Number => {
            let n = number(&text)
                .ok_or_else(|| format!("${{{q}}} is a number question: compare it with a number, not '{text}'"))?;
            match op {
                Op::Eq => Ok(Cond::Equals(q.into(), Value::Number(n))),
                Op::Ne => Ok(Cond::Not(Box::new(Cond::Equals(q.into(), Value::Number(n))))),
                op => Ok(Cond::Compare(q.into(), op, n)),
            }
        }
    }
}

/// The option of `q` written `lit`.
fn option(q: &str, t: &Target, lit: &str) -> Result<Value, String> {
    t.options.iter().find(|o| form_value(o) == lit).cloned().ok_or_else(|| {
        let known: Vec<String> = t.options.iter().map(form_value).collect();
        format!("'{lit}' is not an option of ${{{q}}} (its options: {})", known.join(", "))
    })
}

/// `a or b`, with `${q} = 'x' or ${q} = 'y'` read as one `in`.
fn any_of(parts: Vec<Cond>) -> Cond {
    if parts.len() == 1 {
        return parts.into_iter().next().unwrap_or(Cond::All(Vec::new()));
    }
    let first_q = match parts.first() {
        Some(Cond::Equals(q, _) | Cond::In(q, _)) => Some(q.clone()),
        _ => None,
    };
    if let Some(q) = first_q {
        let mut values = Vec::new();
        for p in &parts {
            match p {
                Cond::Equals(x, v) if *x == q => values.push(v.clone()),
                Cond::In(x, vs) if *x == q => values.extend(vs.iter().cloned()),
                _ => {
                    values.clear();
                    break;
                }
            }
        }
        if !values.is_empty() {
            return Cond::In(q, values);
        }
    }
    Cond::Any(parts.into_iter().flat_map(|p| if let Cond::Any(inner) = p { inner } else { vec![p] }).collect())
}

/// `a and b`, nested `and`s flattened.
pub fn all_of(parts: Vec<Cond>) -> Cond {
    if parts.len() == 1 {
        return parts.into_iter().next().unwrap_or(Cond::All(Vec::new()));
    }
    Cond::All(parts.into_iter().flat_map(|p| if let Cond::All(inner) = p { inner } else { vec![p] }).collect())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

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

    fn read(expr: &str) -> Result<Value, String> {
        parse(expr, &target).map(|c| c.to_json())
    }

    #[test]
    fn the_subset_reads_into_the_agreed_json() {
        assert_eq!(read("${group} = 'public'"), Ok(json!({"question": "group", "equals": "public"})));
        assert_eq!(read("${score} = '2'"), Ok(json!({"question": "score", "equals": 2})));
        assert_eq!(read("'public' = ${group}"), Ok(json!({"question": "group", "equals": "public"})));
        assert_eq!(read("selected(${tools}, 'b')"), Ok(json!({"question": "tools", "selected": "b"})));
        assert_eq!(read("selected(${group}, 'private')"), Ok(json!({"question": "group", "equals": "private"})));
        assert_eq!(read("${age} >= 18"), Ok(json!({"question": "age", ">=": 18})));
        assert_eq!(read("18 < ${age}"), Ok(json!({"question": "age", ">": 18})));
        assert_eq!(read("${name} != ''"), Ok(json!({"question": "name", "answered": true})));
        assert_eq!(
            read("${group} = 'public' or ${group} = 'private'"),
            Ok(json!({"question": "group", "in": ["public", "private"]}))
        );
        assert_eq!(
            read("not(${group} = 'public') and (${age} < 30 or selected(${tools}, 'a'))"),
            Ok(json!({"all": [
                {"not": {"question": "group", "equals": "public"}},
                {"any": [{"question": "age", "<": 30}, {"question": "tools", "selected": "a"}]}
            ]}))
        );
        assert_eq!(read("${age} != 3"), Ok(json!({"not": {"question": "age", "equals": 3}})));
    }

    #[test]
    fn what_does_not_map_says_why() {
        let err = |e: &str| read(e).err().unwrap_or_default();
        assert!(
            err("${group} = 'army'").contains("'army' is not an option of ${group} (its options: public, private)")
        );
        assert!(
            err("${tools} = 'a'").contains("test it with selected(${tools}, 'a')")
                || err("${tools} = 'a'").contains("selected(${tools}, 'value')")
        );
        assert!(err("${group} > 2").contains("not a number question"));
        assert!(err("${later} = 'x'").contains("no question \"later\""));
        assert!(err("${age} > ${age}").contains("comparisons of one ${question} with a value"));
        assert!(err("count(${tools}) > 1").contains("expected a comparison"));
        assert!(err("${age} > 1 and").contains("ends"));
        assert!(err("${age} > 1)").contains("unexpected"));
    }
}
