//! A table to publish: its fields (name, type, description), primary key and typed rows, and its
//! CSV (UTF-8, comma-separated, header first, empty = missing). Free-text cells that a
//! spreadsheet would read as a formula (`=`, `+`, `-`, `@`, tab, CR first) are written with a `'`
//! in front, as every other CSV of the project ([`crate::report::cell_text::neutralise`]); numbers
//! and coded values are written as they are, so the Table Schema still describes every cell.

use super::PublishError;

/// A Table Schema field type (the ones published figures need).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    String,
    Integer,
    Number,
    Boolean,
    Date,
}

impl FieldType {
    pub fn name(self) -> &'static str {
        match self {
            Self::String => "string",
            Self::Integer => "integer",
            Self::Number => "number",
            Self::Boolean => "boolean",
            Self::Date => "date",
        }
    }
}

/// A field of a table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub name: String,
    pub kind: FieldType,
    pub description: String,
    /// Allowed values (strings only), if the field is a code list.
    pub values: Vec<String>,
    /// Whether every row has a value (declared as a `required` constraint; checked).
    pub required: bool,
}

/// One cell; [`Cell::Missing`] is written empty.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Integer(i64),
    Number(f64),
    Bool(bool),
    Date(chrono::NaiveDate),
    Missing,
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Self {
        Self::Text(s.into())
    }
    /// An optional count.
    pub fn count(n: Option<u64>) -> Self {
        n.and_then(|v| i64::try_from(v).ok()).map_or(Self::Missing, Self::Integer)
    }
    /// An optional figure (NaN and infinities are missing).
    pub fn number(x: Option<f64>) -> Self {
        x.filter(|v| v.is_finite()).map_or(Self::Missing, Self::Number)
    }

    fn fits(&self, kind: FieldType) -> bool {
        matches!(
            (self, kind),
            (Cell::Missing, _)
                | (Cell::Text(_), FieldType::String)
                | (Cell::Integer(_), FieldType::Integer)
                | (Cell::Number(_), FieldType::Number)
                | (Cell::Bool(_), FieldType::Boolean)
                | (Cell::Date(_), FieldType::Date)
        )
    }

    fn write(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Integer(i) => i.to_string(),
            Cell::Number(x) => format!("{x}"),
            Cell::Bool(b) => b.to_string(),
            Cell::Date(d) => d.format("%Y-%m-%d").to_string(),
            Cell::Missing => String::new(),
        }
    }
}

/// A table: its description, fields, primary key and rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// The resource name (lowercase, digits, `-_.`); the file is `NAME.csv`.
    pub name: String,
    pub title: String,
    pub description: String,
    pub fields: Vec<Field>,
    pub primary_key: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    pub fn new(name: &str, title: &str, description: &str) -> Self {
        Self {
            name: name.into(),
            title: title.into(),
            description: description.into(),
            fields: Vec::new(),
            primary_key: Vec::new(),
            rows: Vec::new(),
        }
    }

    /// Adds a field.
    pub fn field(mut self, name: &str, kind: FieldType, description: &str) -> Self {
        self.fields.push(Field {
            name: name.into(),
            kind,
            description: description.into(),
            values: Vec::new(),
            required: false,
        });
        self
    }

    /// Adds a string field whose values are one of `values`.
    pub fn code(mut self, name: &str, values: &[&str], description: &str) -> Self {
        self.fields.push(Field {
            name: name.into(),
            kind: FieldType::String,
            description: description.into(),
            values: values.iter().map(|v| v.to_string()).collect(),
            required: false,
        });
        self
    }

    pub fn primary_key(mut self, fields: &[&str]) -> Self {
        self.primary_key = fields.iter().map(|f| f.to_string()).collect();
        self
    }

    /// Marks the fields `names` as required: no row may leave them empty.
    pub fn required(mut self, names: &[&str]) -> Self {
        for f in &mut self.fields {
            if names.contains(&f.name.as_str()) {
                f.required = true;
            }
        }
        self
    }

    pub fn push(&mut self, row: Vec<Cell>) {
        self.rows.push(row);
    }

    pub fn file_name(&self) -> String {
        format!("{}.csv", self.name)
    }

    fn error(&self, message: String) -> PublishError {
        PublishError::Table { table: self.name.clone(), message }
    }

    /// Checks the table against its own description: name, fields, key, every row's width and
    /// types, coded values, and no two rows with the same key.
    pub fn check(&self) -> Result<(), PublishError> {
        if !super::valid_name(&self.name) {
            return Err(self.error("lowercase letters, digits, '-', '_' and '.' only in a name".into()));
        }
        if self.fields.is_empty() {
            return Err(self.error("no fields".into()));
        }
        let mut key_at = Vec::new();
        for k in &self.primary_key {
            match self.fields.iter().position(|f| &f.name == k) {
                Some(i) => key_at.push(i),
                None => return Err(self.error(format!("primary key {k} is not a field"))),
            }
        }
        let mut keys = std::collections::HashSet::new();
        for (r, row) in self.rows.iter().enumerate() {
            if row.len() != self.fields.len() {
                return Err(self.error(format!("row {}: {} cells for {} fields", r + 1, row.len(), self.fields.len())));
            }
            for (cell, f) in row.iter().zip(&self.fields) {
                if !cell.fits(f.kind) {
                    return Err(self.error(format!("row {}: {} is not a {}", r + 1, f.name, f.kind.name())));
                }
                if f.required && *cell == Cell::Missing {
                    return Err(self.error(format!("row {}: {} is required", r + 1, f.name)));
                }
                if let (Cell::Text(s), false) = (cell, f.values.is_empty())
                    && !f.values.contains(s)
                {
                    return Err(self.error(format!("row {}: {} = {s:?} is not one of its values", r + 1, f.name)));
                }
            }
            if !key_at.is_empty() {
                let key: Vec<String> = key_at.iter().filter_map(|&i| row.get(i)).map(Cell::write).collect();
                if key.iter().any(String::is_empty) {
                    return Err(self.error(format!("row {}: the primary key has an empty cell", r + 1)));
                }
                if !keys.insert(key.clone()) {
                    return Err(self.error(format!("row {}: primary key {} repeated", r + 1, key.join(", "))));
                }
            }
        }
        Ok(())
    }

    /// The CSV, after [`Self::check`].
    pub fn csv(&self) -> Result<Vec<u8>, PublishError> {
        self.check()?;
        let mut w = csv::Writer::from_writer(Vec::new());
        let io = |e: csv::Error| self.error(e.to_string());
        w.write_record(self.fields.iter().map(|f| f.name.as_str())).map_err(io)?;
        for row in &self.rows {
            let cells = row.iter().zip(&self.fields).map(|(cell, f)| match cell {
                Cell::Text(s) if f.values.is_empty() => crate::report::cell_text::neutralise(s).into_owned(),
                other => other.write(),
            });
            w.write_record(cells).map_err(io)?;
        }
        w.into_inner().map_err(|e| self.error(e.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn free_text_that_reads_as_a_formula_is_neutralised_and_numbers_and_codes_are_not() {
        let mut t = Table::new("t", "T", "")
            .field("name", FieldType::String, "")
            .code("level", &["-x"], "")
            .field("score", FieldType::Number, "")
            .field("n", FieldType::Integer, "");
        t.push(vec![Cell::text("=HYPERLINK(\"http://x\")"), Cell::text("-x"), Cell::Number(-2.5), Cell::Integer(-3)]);
        t.push(vec![Cell::text("@sum"), Cell::text("-x"), Cell::Missing, Cell::Missing]);
        t.push(vec![Cell::text("-4"), Cell::text("-x"), Cell::Number(1.0), Cell::Integer(0)]);
        t.push(vec![Cell::text("Ministerio"), Cell::text("-x"), Cell::Number(0.5), Cell::Integer(1)]);
        let text = String::from_utf8(t.csv().unwrap_or_default()).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[1], "\"'=HYPERLINK(\"\"http://x\"\")\",-x,-2.5,-3");
        assert_eq!(lines[2], "'@sum,-x,,");
        assert_eq!(lines[3], "-4,-x,1,0", "a plain number in a text cell stays a number");
        assert_eq!(lines[4], "Ministerio,-x,0.5,1");
    }
}
