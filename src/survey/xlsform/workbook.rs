//! A workbook's sheets as plain text tables: each cell read as the text a person sees (a whole
//! number without its `.0`), each data row with the number the spreadsheet shows beside it, and
//! the header's columns split into a name and, for `label::Español (es)`, a language code.

use std::io::Cursor;

use calamine::{Data, Reader};

use super::language;
use super::problem::FormProblem;

/// Largest workbook accepted: a questionnaire is well under a megabyte.
pub const MAX_BYTES: usize = 16 * 1024 * 1024;

/// One sheet: its header's columns and its rows that hold anything.
#[derive(Debug, Clone, Default)]
pub struct Sheet {
    pub name: String,
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
    /// The row number of the header as the spreadsheet shows it.
    pub header_row: u32,
}

/// A header cell: `label::Español (es)` is the column `label` in language `es`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// The header as written (for messages).
    pub header: String,
    /// The column's name, lower case, `list name` read as `list_name`.
    pub name: String,
    /// The language code, for a column written `NAME::LANGUAGE`.
    pub lang: Option<String>,
    /// Why the language part could not be read (a problem the caller reports).
    pub bad_lang: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Row {
    /// The row number the spreadsheet shows.
    pub number: u32,
    pub cells: Vec<String>,
}

impl Sheet {
    /// The index of the column `name` without a language.
    pub fn col(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.name == name && c.lang.is_none() && c.bad_lang.is_none())
    }

    /// The columns `name::LANGUAGE`, as (code, index), in header order.
    pub fn lang_cols(&self, name: &str) -> Vec<(String, usize)> {
        self.columns
            .iter()
            .enumerate()
            .filter(|(_, c)| c.name == name)
            .filter_map(|(i, c)| c.lang.clone().map(|l| (l, i)))
            .collect()
    }
}

impl Row {
    /// The cell in column `i` (empty past the row's end).
    pub fn get(&self, i: Option<usize>) -> &str {
        i.and_then(|i| self.cells.get(i)).map_or("", String::as_str)
    }
}

/// The sheets of a workbook (xlsx, xls or ods), by name as written.
pub fn open(bytes: &[u8]) -> Result<Vec<Sheet>, Vec<FormProblem>> {
    if bytes.len() > MAX_BYTES {
        return Err(vec![FormProblem::whole(format!(
            "the file is {} bytes; a form may be at most {MAX_BYTES} bytes",
            bytes.len()
        ))]);
    }
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|e| vec![FormProblem::whole(format!("not a spreadsheet that can be read (xlsx, xls or ods): {e}"))])?;
    let mut sheets = Vec::new();
    for name in book.sheet_names() {
        let range = book
            .worksheet_range(&name)
            .map_err(|e| vec![FormProblem::whole(format!("sheet \"{name}\" cannot be read: {e}"))])?;
        sheets.push(table(&name, &range));
    }
    Ok(sheets)
}

fn table(name: &str, range: &calamine::Range<Data>) -> Sheet {
    let (first_row, first_col) = range.start().unwrap_or((0, 0));
    let mut rows = range.rows().enumerate().map(|(i, cells)| {
        let mut text: Vec<String> = vec![String::new(); first_col as usize];
        text.extend(cells.iter().map(cell_text));
        Row { number: first_row + i as u32 + 1, cells: text }
    });
    let Some(header) = rows.next() else { return Sheet { name: name.to_string(), ..Sheet::default() } };
    let columns = header.cells.iter().map(|h| column(h)).collect();
    let rows = rows.filter(|r| r.cells.iter().any(|c| !c.is_empty())).collect();
    Sheet { name: name.to_string(), columns, rows, header_row: header.number }
}

fn column(header: &str) -> Column {
    let (base, lang_part) = match header.split_once("::") {
        Some((b, l)) => (b, Some(l)),
        None => (header, None),
    };
    let name = base.trim().to_lowercase().replace(' ', "_");
    let (lang, bad_lang) = match lang_part.map(language::code_of) {
        None => (None, None),
        Some(Ok(code)) => (Some(code), None),
        Some(Err(why)) => (None, Some(why)),
    };
    Column { header: header.to_string(), name, lang, bad_lang }
}

/// A cell as the text a person sees: whole numbers without `.0`, booleans as `true`/`false`.
fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_string(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::DateTime(dt) => dt.as_f64().to_string(),
        Data::Error(e) => format!("#{e:?}"),
    }
}
