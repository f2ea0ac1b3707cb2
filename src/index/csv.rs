//! Reading the CSV files of an index campaign: the assessed institutions
//! (`id, name, sector, contact`) and the evaluators' scores (`unit, indicator, evaluator, value,
//! evidence_url, evidence_note, evidence_file`). Header names are case-insensitive, in any order.
//! Every row is checked and every problem listed with its line; a file with any problem gives no
//! rows at all, so nothing half of a file is ever stored.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use super::framework::Framework;
pub use crate::campaign::participants_csv::RowProblem;

/// Longest value accepted in any column.
const MAX_FIELD_CHARS: usize = 2000;

/// One assessed institution.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnitRow {
    pub line: u64,
    pub id: String,
    pub name: String,
    pub sector: String,
    pub contact: String,
}

/// One score, checked against its indicator's scale and evidence rule.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoreRow {
    pub line: u64,
    pub unit: String,
    pub indicator: String,
    pub evaluator: String,
    pub value: f64,
    pub evidence_url: Option<String>,
    pub evidence_note: Option<String>,
    pub evidence_file: Option<String>,
}

struct Table {
    columns: HashMap<String, usize>,
    rows: Vec<(u64, Vec<String>)>,
}

fn read_table(data: &[u8], required: &[&str], problems: &mut Vec<RowProblem>) -> Option<Table> {
    // Line numbers as an editor shows them (the reader's own count lags after a CRLF line end).
    let (input, lines) = crate::csv_lines::counted(data);
    let mut reader = ::csv::ReaderBuilder::new().flexible(true).trim(csv::Trim::All).from_reader(input);
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|s| s.trim_start_matches('\u{feff}').to_lowercase()).collect(),
        Err(e) => {
            problems.push(RowProblem { line: 1, reason: format!("cannot read the header: {e}") });
            return None;
        }
    };
    let columns: HashMap<String, usize> = headers.iter().enumerate().map(|(i, h)| (h.clone(), i)).collect();
    let missing: Vec<&str> = required.iter().copied().filter(|c| !columns.contains_key(*c)).collect();
    if !missing.is_empty() {
        problems.push(RowProblem {
            line: 1,
            reason: format!("the header lacks the column(s) {} (it has: {})", missing.join(", "), headers.join(", ")),
        });
        return None;
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        match record {
            Ok(r) => {
                let line = r.position().map_or(0, |p| lines.line_of(p.byte()));
                if r.iter().all(str::is_empty) {
                    continue;
                }
                if let Some(long) = r.iter().position(|f| f.chars().count() > MAX_FIELD_CHARS) {
                    problems.push(RowProblem {
                        line,
                        reason: format!("column {} holds more than {MAX_FIELD_CHARS} characters", long + 1),
                    });
                    continue;
                }
                rows.push((line, r.iter().map(str::to_string).collect()));
            }
            Err(e) => {
                let line = e.position().map_or(0, |p| lines.line_of(p.byte()));
                problems.push(RowProblem { line, reason: format!("not valid CSV: {e}") });
            }
        }
    }
    Some(Table { columns, rows })
}

impl Table {
    fn get<'a>(&self, row: &'a [String], column: &str) -> &'a str {
        self.columns.get(column).and_then(|&i| row.get(i)).map_or("", String::as_str)
    }
}

fn valid_id(id: &str) -> bool {
    let mut chars = id.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphanumeric())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
        && id.len() <= 100
}

/// Reads the institutions file; all its rows, or every problem.
pub fn read_units(data: &[u8]) -> Result<Vec<UnitRow>, Vec<RowProblem>> {
    let mut problems = Vec::new();
    let Some(table) = read_table(data, &["id", "name"], &mut problems) else { return Err(problems) };
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for (line, row) in &table.rows {
        let id = table.get(row, "id");
        let name = table.get(row, "name");
        let mut bad = |reason: String| problems.push(RowProblem { line: *line, reason });
        if !valid_id(id) {
            bad(format!("id \"{id}\": use letters, digits, '_', '-' or '.', starting with a letter or digit"));
        } else if !seen.insert(id.to_string()) {
            bad(format!("id \"{id}\" appears twice in the file"));
        }
        if name.is_empty() {
            bad("the name is empty".into());
        }
        out.push(UnitRow {
            line: *line,
            id: id.to_string(),
            name: name.to_string(),
            sector: table.get(row, "sector").to_string(),
            contact: table.get(row, "contact").to_string(),
        });
    }
    if out.is_empty() && problems.is_empty() {
        problems.push(RowProblem { line: 2, reason: "the file holds no institution".into() });
    }
    if problems.is_empty() { Ok(out) } else { Err(problems) }
}

fn opt(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_string())
}

/// Reads a scores file against the framework and the campaign's institutions; `evaluator`
/// fills an empty or absent evaluator column. All its rows, or every problem.
pub fn read_scores(
    framework: &Framework,
    units: &[String],
    evaluator: Option<&str>,
    data: &[u8],
) -> Result<Vec<ScoreRow>, Vec<RowProblem>> {
    let mut problems = Vec::new();
    let Some(table) = read_table(data, &["unit", "indicator", "value"], &mut problems) else { return Err(problems) };
    let known: HashSet<&str> = units.iter().map(String::as_str).collect();
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for (line, row) in &table.rows {
        let mut reasons = Vec::new();
        let unit = table.get(row, "unit");
        let ind_id = table.get(row, "indicator");
        let who = match table.get(row, "evaluator") {
            "" => evaluator.unwrap_or(""),
            w => w,
        };
        if !known.contains(unit) {
            reasons.push(format!("unit \"{unit}\" is not an institution of this campaign"));
        }
        let indicator = framework.indicator(ind_id).map(|(_, i)| i);
        if indicator.is_none() {
            reasons.push(format!("indicator \"{ind_id}\" is not in the framework"));
        }
        if who.is_empty() {
            reasons.push("no evaluator: fill the evaluator column".into());
        }
        let raw = table.get(row, "value");
        let value = raw.replace(',', ".").parse::<f64>().ok().filter(|v| v.is_finite());
        let (url, note, file) =
            (table.get(row, "evidence_url"), table.get(row, "evidence_note"), table.get(row, "evidence_file"));
        match (value, indicator) {
            (None, _) => reasons.push(format!("value \"{raw}\" is not a number")),
            (Some(v), Some(ind)) => {
                if let Err(e) = ind.check_value(v) {
                    reasons.push(e);
                }
                if let Some(e) = ind.evidence.missing(Some(url), Some(file)) {
                    reasons.push(e.to_string());
                }
            }
            _ => {}
        }
        if !(url.is_empty() || url.starts_with("https://") || url.starts_with("http://")) {
            reasons.push(format!("evidence_url \"{url}\" is not an http(s) address"));
        }
        if !seen.insert((unit.to_string(), ind_id.to_string(), who.to_string())) {
            reasons.push(format!("{who} scores {unit} / {ind_id} twice in the file"));
        }
        if reasons.is_empty() {
            if let Some(value) = value {
                out.push(ScoreRow {
                    line: *line,
                    unit: unit.to_string(),
                    indicator: ind_id.to_string(),
                    evaluator: who.to_string(),
                    value,
                    evidence_url: opt(url),
                    evidence_note: opt(note),
                    evidence_file: opt(file),
                });
            }
        } else {
            problems.push(RowProblem { line: *line, reason: reasons.join("; ") });
        }
    }
    if problems.is_empty() { Ok(out) } else { Err(problems) }
}

/// The score matrix of one evaluator (or, with `None`, the last row of any evaluator), in the
/// order of `units` and of the framework's indicators.
pub fn matrix(framework: &Framework, units: &[String], rows: &[ScoreRow], evaluator: Option<&str>) -> super::Scores {
    let index: HashMap<&str, usize> = units.iter().enumerate().map(|(i, u)| (u.as_str(), i)).collect();
    let mut values = vec![vec![None; framework.indicator_count()]; units.len()];
    for r in rows.iter().filter(|r| evaluator.is_none_or(|e| e == r.evaluator)) {
        if let (Some(&u), Some((i, _))) = (index.get(r.unit.as_str()), framework.indicator(&r.indicator)) {
            values[u][i] = Some(r.value);
        }
    }
    super::Scores { units: units.to_vec(), values }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_name_the_line_an_editor_shows_whatever_the_line_ends() {
        for end in ["\n", "\r\n"] {
            let data = ["id,name,sector,contact", "a,Uno,public,", "", "a,Otra,public,", "-x,,public,"].join(end);
            let problems = read_units(data.as_bytes()).err().unwrap_or_default();
            let lines: Vec<u64> = problems.iter().map(|p| p.line).collect();
            assert_eq!(lines, [4, 5, 5], "{end:?}: {problems:?}");
        }
    }
}
