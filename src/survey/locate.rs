//! Where things are in a definition's text: line and column of every JSON value by its JSON
//! pointer, and the duplicate object keys that `serde_json` silently collapses.
//!
//! Runs only on text `serde_json` has already accepted (so it is well-formed and at most 128
//! levels deep); it still never panics on anything else, it just stops recording.

use std::collections::HashMap;

/// A 1-based line and column (columns count characters, not bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub col: usize,
}

/// Positions of the values of one JSON document, keyed by JSON pointer (RFC 6901, escaped).
#[derive(Debug, Default)]
pub struct SpanIndex {
    values: HashMap<String, Position>,
    keys: HashMap<String, Position>,
    /// Pointers of object members whose key appeared earlier in the same object.
    pub duplicate_keys: Vec<String>,
}

impl SpanIndex {
    /// Scans `text` once.
    pub fn build(text: &str) -> Self {
        let mut scanner =
            Scanner { text, bytes: text.as_bytes(), pos: 0, line: 1, col: 1, index: SpanIndex::default() };
        scanner.skip_ws();
        scanner.value(String::new());
        scanner.index
    }

    /// Position of the value at `pointer`; for a pointer into something that does not exist (a
    /// missing property) the nearest existing ancestor's.
    pub fn position(&self, pointer: &str) -> Position {
        let mut p = pointer;
        loop {
            if let Some(pos) = self.values.get(p) {
                return *pos;
            }
            match p.rfind('/') {
                Some(i) => p = &p[..i],
                None => return Position { line: 1, col: 1 },
            }
        }
    }

    /// Position of the key of the member at `pointer` (falls back to the value's position).
    pub fn key_position(&self, pointer: &str) -> Position {
        self.keys.get(pointer).copied().unwrap_or_else(|| self.position(pointer))
    }
}

/// Escapes one reference token for a JSON pointer.
pub fn escape_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

struct Scanner<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    line: usize,
    col: usize,
    index: SpanIndex,
}

impl Scanner<'_> {
    fn here(&self) -> Position {
        Position { line: self.line, col: self.col }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    /// Advances one character (UTF-8 aware for the column count).
    fn bump(&mut self) {
        let Some(b) = self.peek() else { return };
        let width = match b {
            0x00..=0x7f => 1,
            0xc0..=0xdf => 2,
            0xe0..=0xef => 3,
            _ => 4,
        };
        self.pos = (self.pos + width).min(self.bytes.len());
        if b == b'\n' {
            self.line += 1;
            self.col = 1;
        } else {
            self.col += 1;
        }
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.bump();
        }
    }

    fn value(&mut self, pointer: String) {
        let start = self.here();
        self.index.values.insert(pointer.clone(), start);
        match self.peek() {
            Some(b'{') => self.object(pointer),
            Some(b'[') => self.array(pointer),
            Some(b'"') => {
                self.string();
            }
            Some(_) => {
                while matches!(self.peek(), Some(b) if !matches!(b, b',' | b']' | b'}' | b' ' | b'\t' | b'\n' | b'\r'))
                {
                    self.bump();
                }
            }
            None => {}
        }
    }

    fn object(&mut self, pointer: String) {
        self.bump(); // {
        let mut seen: HashMap<String, ()> = HashMap::new();
        loop {
            self.skip_ws();
            match self.peek() {
                Some(b'}') => {
                    self.bump();
                    return;
                }
                Some(b',') => {
                    self.bump();
                    continue;
                }
                Some(b'"') => {}
                _ => return,
            }
            let key_pos = self.here();
            let key = self.string();
            let child = format!("{pointer}/{}", escape_token(&key));
            if seen.insert(key, ()).is_some() {
                self.index.duplicate_keys.push(child.clone());
            }
            self.index.keys.insert(child.clone(), key_pos);
            self.skip_ws();
            if self.peek() == Some(b':') {
                self.bump();
            }
            self.skip_ws();
            // For a duplicate key the later value wins, as in serde_json.
            self.value(child);
        }
    }

    fn array(&mut self, pointer: String) {
        self.bump(); // [
        let mut i = 0usize;
        loop {
            self.skip_ws();
            match self.peek() {
                Some(b']') => {
                    self.bump();
                    return;
                }
                Some(b',') => {
                    self.bump();
                    continue;
                }
                None => return,
                _ => {}
            }
            self.value(format!("{pointer}/{i}"));
            i += 1;
        }
    }

    /// Reads a string token and returns its decoded content.
    fn string(&mut self) -> String {
        let start = self.pos;
        self.bump(); // opening quote
        while let Some(b) = self.peek() {
            match b {
                b'\\' => {
                    self.bump();
                    self.bump();
                }
                b'"' => {
                    self.bump();
                    break;
                }
                _ => self.bump(),
            }
        }
        let raw = self.text.get(start..self.pos).unwrap_or("\"\"");
        serde_json::from_str::<String>(raw).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_values_and_duplicates() {
        let text = "{\n  \"a\": [1, {\"b~/\": true}],\n  \"ñ\": \"x\", \"a\": 2\n}";
        let idx = SpanIndex::build(text);
        assert_eq!(idx.position(""), Position { line: 1, col: 1 });
        assert_eq!(idx.position("/a/1/b~0~1"), Position { line: 2, col: 20 });
        assert_eq!(idx.position("/%C3%B1"), Position { line: 1, col: 1 });
        assert_eq!(idx.position("/ñ"), Position { line: 3, col: 8 });
        assert_eq!(idx.key_position("/ñ"), Position { line: 3, col: 3 });
        assert_eq!(idx.duplicate_keys, vec!["/a".to_string()]);
        // A pointer below a missing member falls back to the nearest ancestor.
        assert_eq!(idx.position("/a/1/missing/deeper"), Position { line: 2, col: 12 });
        assert_eq!(idx.position("/a"), Position { line: 3, col: 18 });
    }
}
