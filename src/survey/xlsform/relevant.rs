//! Conditions on questions (`x-dra.relevant`) as XLSForm's `relevant` column writes them, and as
//! the definition's JSON Schema enforces them. One [`Cond`] reads the subset of XPath that maps
//! (`${q} = 'v'`, `selected(${q}, 'v')`, comparisons, `${q} != ''`, `and`, `or`, `not()`), is
//! written back as XPath, as the `x-dra.relevant` JSON, and as the schema of the root `allOf`
//! entry that makes a hidden question unanswerable; and it is evaluated on a response.

use serde_json::{Map, Number, Value, json};

use super::xpath::{Op, Token, number, tokens};
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

    /// The JSON Schema that holds exactly when the condition does.
    pub fn schema(&self) -> Value {
        let on = |q: &str, s: Value| json!({"properties": {q: s}, "required": [q]});
        match self {
            Cond::Equals(q, v) => on(q, json!({"const": v})),
            Cond::In(q, vs) => on(q, json!({"enum": vs})),
            Cond::Selected(q, v) => on(q, json!({"contains": {"const": v}})),
            Cond::Answered(q) => json!({"required": [q]}),
            Cond::Compare(q, op, n) => {
                let key = match op {
                    Op::Gt => "exclusiveMinimum",
                    Op::Ge => "minimum",
                    Op::Lt => "exclusiveMaximum",
                    _ => "maximum",
                };
                on(q, json!({key: n}))
            }
            Cond::All(cs) => json!({"allOf": cs.iter().map(Cond::schema).collect::<Vec<_>>()}),
            Cond::Any(cs) => json!({"anyOf": cs.iter().map(Cond::schema).collect::<Vec<_>>()}),
            Cond::Not(c) => json!({"not": c.schema()}),
        }
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
    let then = if required { json!({"required": [question]}) } else { json!({}) };
    json!({"if": cond.schema(), "then": then, "else": {"not": {"required": [question]}}})
}

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
