//! The words of the XPath expressions XLSForm writes in `relevant` and `constraint`, as far as dra
//! reads them: `${question}`, `.`, quoted text, numbers, comparisons, parentheses, commas and
//! names (`and`, `or`, `not`, `selected`, `string-length`, `count-selected`).

#[derive(Debug, Clone, PartialEq)]
pub enum Token {
    /// `${name}`
    Ref(String),
    /// `.`: the question itself.
    Dot,
    Text(String),
    /// A number as written (kept as text so `18` stays `18`).
    Number(String),
    Op(Op),
    Open,
    Close,
    Comma,
    Name(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Eq,
    Ne,
    Gt,
    Ge,
    Lt,
    Le,
}

impl Op {
    /// The comparison read from the other side: `5 < .` is `. > 5`.
    pub fn flipped(self) -> Self {
        match self {
            Op::Gt => Op::Lt,
            Op::Ge => Op::Le,
            Op::Lt => Op::Gt,
            Op::Le => Op::Ge,
            other => other,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Op::Eq => "=",
            Op::Ne => "!=",
            Op::Gt => ">",
            Op::Ge => ">=",
            Op::Lt => "<",
            Op::Le => "<=",
        }
    }
}

/// The tokens of `expr`, or why it cannot be read.
pub fn tokens(expr: &str) -> Result<Vec<Token>, String> {
    let chars: Vec<char> = expr.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        let next = chars.get(i + 1).copied();
        match c {
            c if c.is_whitespace() => i += 1,
            '$' if next == Some('{') => {
                let end = (i + 2..chars.len())
                    .find(|&j| chars[j] == '}')
                    .ok_or_else(|| "a ${ without its closing }".to_string())?;
                out.push(Token::Ref(chars[i + 2..end].iter().collect::<String>().trim().to_string()));
                i = end + 1;
            }
            '\'' | '"' => {
                let end = (i + 1..chars.len())
                    .find(|&j| chars[j] == c)
                    .ok_or_else(|| format!("a text opened with {c} is never closed"))?;
                out.push(Token::Text(chars[i + 1..end].iter().collect()));
                i = end + 1;
            }
            '(' | ')' | ',' | '=' => {
                out.push(match c {
                    '(' => Token::Open,
                    ')' => Token::Close,
                    ',' => Token::Comma,
                    _ => Token::Op(Op::Eq),
                });
                i += 1;
            }
            '!' if next == Some('=') => {
                out.push(Token::Op(Op::Ne));
                i += 2;
            }
            '>' | '<' => {
                let eq = next == Some('=');
                let op = match (c, eq) {
                    ('>', false) => Op::Gt,
                    ('>', true) => Op::Ge,
                    ('<', false) => Op::Lt,
                    _ => Op::Le,
                };
                out.push(Token::Op(op));
                i += if eq { 2 } else { 1 };
            }
            '.' if !next.is_some_and(|n| n.is_ascii_digit()) => {
                out.push(Token::Dot);
                i += 1;
            }
            c if c.is_ascii_digit()
                || c == '.'
                || (c == '-' && next.is_some_and(|n| n.is_ascii_digit() || n == '.')) =>
            {
                let start = i;
                i += 1;
                while chars.get(i).is_some_and(|d| d.is_ascii_digit() || *d == '.') {
                    i += 1;
                }
                out.push(Token::Number(chars[start..i].iter().collect()));
            }
            c if c.is_alphabetic() => {
                let start = i;
                while chars.get(i).is_some_and(|d| d.is_alphanumeric() || *d == '-' || *d == '_' || *d == ':') {
                    i += 1;
                }
                out.push(Token::Name(chars[start..i].iter().collect()));
            }
            other => return Err(format!("\"{other}\" is not part of what dra reads here")),
        }
    }
    Ok(out)
}

/// A number token's value as JSON, the way it was written (`18`, `2.5`).
pub fn number(text: &str) -> Option<serde_json::Number> {
    if let Ok(i) = text.parse::<i64>() {
        return Some(i.into());
    }
    text.parse::<f64>().ok().filter(|f| f.is_finite()).and_then(serde_json::Number::from_f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_of_an_expression() {
        let t = tokens("selected(${q1}, 'a b') and not(${n} >= -2.5) or . != \"x\"").unwrap_or_default();
        assert_eq!(
            t,
            vec![
                Token::Name("selected".into()),
                Token::Open,
                Token::Ref("q1".into()),
                Token::Comma,
                Token::Text("a b".into()),
                Token::Close,
                Token::Name("and".into()),
                Token::Name("not".into()),
                Token::Open,
                Token::Ref("n".into()),
                Token::Op(Op::Ge),
                Token::Number("-2.5".into()),
                Token::Close,
                Token::Name("or".into()),
                Token::Dot,
                Token::Op(Op::Ne),
                Token::Text("x".into()),
            ]
        );
        assert!(tokens("${q").is_err());
        assert!(tokens("'open").is_err());
        assert!(tokens("${a} + 1").is_err());
        assert_eq!(tokens("string-length(.) <= 20").map(|t| t.len()).ok(), Some(6));
    }
}
