//! Reads responses from CSV (the bench format of `gen_responses.py`, or a paper-form export):
//! a header row naming the columns, then one respondent per row. Columns: `group` (required),
//! `origin` (optional: link, public, paper, odk; default link), one column per scored question id
//! (cell = the option's value; empty = not answered), and the `by` profile question's id if
//! disaggregating. Other columns (e.g. `respondent`) are ignored. Fields may be quoted ("…", with
//! "" for a quote). Pure: reads any `std::io::Read`.

use std::io::{BufRead, BufReader, Read};

use super::AnalysisError;
use super::accumulator::Accumulator;
use super::options::Origin;

/// What a column feeds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Group,
    Origin,
    By,
    Item(usize),
    Ignored,
}

/// Splits one CSV line (without its line end) into `fields`, unquoting as needed.
fn split(line: &str, fields: &mut Vec<String>) {
    fields.clear();
    let mut rest = line;
    loop {
        if let Some(stripped) = rest.strip_prefix('"') {
            let mut field = String::new();
            let mut chars = stripped.char_indices();
            let mut end = stripped.len();
            while let Some((i, c)) = chars.next() {
                if c == '"' {
                    if stripped[i + 1..].starts_with('"') {
                        field.push('"');
                        chars.next();
                    } else {
                        end = i + 1;
                        break;
                    }
                } else {
                    field.push(c);
                }
            }
            fields.push(field);
            rest = &stripped[end.min(stripped.len())..];
            match rest.find(',') {
                Some(p) => rest = &rest[p + 1..],
                None => return,
            }
        } else {
            match rest.find(',') {
                Some(p) => {
                    fields.push(rest[..p].to_string());
                    rest = &rest[p + 1..];
                }
                None => {
                    fields.push(rest.to_string());
                    return;
                }
            }
        }
    }
}

/// Feeds every row of `input` to `acc`; returns the number of respondents read. `by_column` is
/// the header of the `by` column, if any. A bad row stops the reading with its line number.
pub fn read_csv<R: Read>(acc: &mut Accumulator, input: R, by_column: Option<&str>) -> Result<u64, AnalysisError> {
    let mut reader = BufReader::with_capacity(1 << 16, input);
    let mut line = String::new();
    let io = |e: std::io::Error| AnalysisError::Csv { line: 0, message: e.to_string() };
    if reader.read_line(&mut line).map_err(io)? == 0 {
        return Err(AnalysisError::Csv { line: 1, message: "no header row".into() });
    }
    let mut fields = Vec::new();
    split(line.trim_end_matches(['\r', '\n']).trim_start_matches('\u{feff}'), &mut fields);
    let columns: Vec<Column> = fields
        .iter()
        .map(|h| match h.as_str() {
            "group" => Column::Group,
            "origin" => Column::Origin,
            h if Some(h) == by_column => Column::By,
            h => acc.item_index(h).map_or(Column::Ignored, Column::Item),
        })
        .collect();
    if !columns.contains(&Column::Group) {
        return Err(AnalysisError::Csv { line: 1, message: "no \"group\" column".into() });
    }
    let mut codes = vec![0u8; acc.item_ids().count()];
    let mut read = 0u64;
    let mut lineno = 1u64;
    let mut buf: Vec<u8> = Vec::with_capacity(1024);
    loop {
        buf.clear();
        if reader.read_until(b'\n', &mut buf).map_err(io)? == 0 {
            break;
        }
        lineno += 1;
        let mut text: &[u8] = &buf;
        while let [rest @ .., b'\n' | b'\r'] = text {
            text = rest;
        }
        if text.is_empty() {
            continue;
        }
        // Quoted fields take the general path; plain rows are split in place, as bytes.
        if text.contains(&b'"') {
            let line =
                std::str::from_utf8(text).map_err(|e| AnalysisError::Csv { line: lineno, message: e.to_string() })?;
            split(line, &mut fields);
            row(acc, &columns, fields.iter().map(|f| f.as_bytes()), &mut codes, lineno)?;
        } else {
            row(acc, &columns, text.split(|&b| b == b','), &mut codes, lineno)?;
        }
        read += 1;
    }
    Ok(read)
}

/// Feeds one row's cells to the accumulator.
fn row<'a>(
    acc: &mut Accumulator,
    columns: &[Column],
    cells: impl Iterator<Item = &'a [u8]>,
    codes: &mut [u8],
    line: u64,
) -> Result<(), AnalysisError> {
    let bad = |message: String| AnalysisError::Csv { line, message };
    codes.iter_mut().for_each(|c| *c = 0);
    let (mut group, mut origin, mut by, mut count) = ("", Origin::Link, None, 0);
    let mut cells = cells;
    for (col, cell) in columns.iter().zip(cells.by_ref()) {
        count += 1;
        if cell.is_empty() || *col == Column::Ignored {
            continue;
        }
        let text = std::str::from_utf8(cell).map_err(|e| bad(e.to_string()))?;
        match *col {
            Column::Group => group = text,
            Column::Origin => origin = Origin::parse(text).ok_or_else(|| bad(format!("unknown origin \"{text}\"")))?,
            Column::By => by = Some(text),
            Column::Item(i) => {
                codes[i] = acc.option_code(i, text).ok_or_else(|| {
                    let id = acc.item_ids().nth(i).unwrap_or("?").to_string();
                    bad(format!("question {id}: \"{text}\" is not one of its options"))
                })?;
            }
            Column::Ignored => {}
        }
    }
    count += cells.count();
    if count != columns.len() {
        return Err(bad(format!("{count} fields, the header has {}", columns.len())));
    }
    if group.is_empty() {
        return Err(bad("empty group".into()));
    }
    acc.push_codes(group, origin, by, codes)
}
