//! A problem found in an XLSForm, and where: `form.xlsx:survey:12: relevant: message`, with the
//! row as the spreadsheet shows it. Problems the definition's own checks find (the compiler and
//! the meta-schemas speak in JSON pointers) are carried back to the row and column that wrote
//! the part they point at.

use std::fmt;

use crate::survey::problem::Problem;

/// Where in the workbook a part of the definition came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub sheet: String,
    pub row: u32,
    pub column: Option<String>,
}

impl Place {
    pub fn new(sheet: &str, row: u32, column: Option<&str>) -> Self {
        Self { sheet: sheet.to_string(), row, column: column.map(str::to_string) }
    }
}

/// One thing wrong with a form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormProblem {
    pub place: Option<Place>,
    pub message: String,
}

impl FormProblem {
    /// A problem of the whole file (it is no spreadsheet, a sheet is missing).
    pub fn whole(message: impl Into<String>) -> Self {
        Self { place: None, message: message.into() }
    }

    pub fn at(place: Place, message: impl Into<String>) -> Self {
        Self { place: Some(place), message: message.into() }
    }

    /// Renders the problem for a file name.
    pub fn display<'a>(&'a self, file: &'a str) -> impl fmt::Display + 'a {
        Located { file, problem: self }
    }
}

struct Located<'a> {
    file: &'a str,
    problem: &'a FormProblem,
}

impl fmt::Display for Located<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.problem.place {
            None => write!(f, "{}: {}", self.file, self.problem.message),
            Some(Place { sheet, row, column: Some(c) }) => {
                write!(f, "{}:{sheet}:{row}: {c}: {}", self.file, self.problem.message)
            }
            Some(Place { sheet, row, column: None }) => {
                write!(f, "{}:{sheet}:{row}: {}", self.file, self.problem.message)
            }
        }
    }
}

/// Which row and column wrote each part of a definition, by JSON pointer.
#[derive(Debug, Default)]
pub struct Origins(Vec<(String, Place)>);

impl Origins {
    pub fn add(&mut self, pointer: impl Into<String>, place: Place) {
        self.0.push((pointer.into(), place));
    }

    /// The place of the longest recorded pointer that `pointer` lies under.
    fn place_of(&self, pointer: &str) -> Option<&Place> {
        self.0
            .iter()
            .filter(|(p, _)| pointer == p || (pointer.starts_with(p.as_str()) && pointer[p.len()..].starts_with('/')))
            .max_by_key(|(p, _)| p.len())
            .map(|(_, place)| place)
    }

    /// A definition's problem as the form's: at the row that wrote it, or of the whole file
    /// (with its pointer) when no row did.
    pub fn carry(&self, p: &Problem) -> FormProblem {
        match self.place_of(&p.pointer) {
            Some(place) => FormProblem::at(place.clone(), p.message.clone()),
            None => {
                let pointer = if p.pointer.is_empty() { "/" } else { &p.pointer };
                FormProblem { place: None, message: format!("{pointer}: {}", p.message) }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_prefix_on_a_segment_boundary() {
        let mut o = Origins::default();
        o.add("/properties/q1", Place::new("survey", 3, None));
        o.add("/properties/q1/x-dra/text", Place::new("survey", 3, Some("label")));
        o.add("/properties/q1/oneOf/0", Place::new("choices", 7, None));
        let shown = |ptr: &str| o.carry(&Problem::at(ptr, "m")).display("f.xlsx").to_string();
        assert_eq!(shown("/properties/q1/x-dra/text"), "f.xlsx:survey:3: label: m");
        assert_eq!(shown("/properties/q1/oneOf/0/x-dra/label"), "f.xlsx:choices:7: m");
        assert_eq!(shown("/properties/q10"), "f.xlsx: /properties/q10: m");
        assert_eq!(shown("/properties/q1/oneOf"), "f.xlsx:survey:3: m");
    }
}
