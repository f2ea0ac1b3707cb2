//! A problem found in a survey definition, and how it is printed:
//! `FILE:LINE:COL: /json/pointer: message`.

use std::fmt;

use super::locate::{Position, SpanIndex};

/// One thing wrong with a definition, located by JSON pointer (empty = the document).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub pointer: String,
    pub message: String,
    /// Where the text is known directly (syntax errors); otherwise found through the pointer.
    pub position: Option<Position>,
    /// Point at the member's key rather than its value (duplicate keys, unknown properties).
    pub at_key: bool,
}

impl Problem {
    pub fn at(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self { pointer: pointer.into(), message: message.into(), position: None, at_key: false }
    }

    pub fn at_key(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self { at_key: true, ..Self::at(pointer, message) }
    }

    pub fn at_position(position: Position, message: impl Into<String>) -> Self {
        Self { position: Some(position), ..Self::at("", message) }
    }

    /// Fixes the line and column from the document's span index.
    pub fn locate(mut self, spans: &SpanIndex) -> Self {
        if self.position.is_none() {
            self.position =
                Some(if self.at_key { spans.key_position(&self.pointer) } else { spans.position(&self.pointer) });
        }
        self
    }

    /// Renders the problem for a file name.
    pub fn display<'a>(&'a self, file: &'a str) -> impl fmt::Display + 'a {
        Located { file, problem: self }
    }
}

struct Located<'a> {
    file: &'a str,
    problem: &'a Problem,
}

impl fmt::Display for Located<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Position { line, col } = self.problem.position.unwrap_or(Position { line: 1, col: 1 });
        let pointer = if self.problem.pointer.is_empty() { "/" } else { &self.problem.pointer };
        write!(f, "{}:{line}:{col}: {pointer}: {}", self.file, self.problem.message)
    }
}
