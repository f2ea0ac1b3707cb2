//! The choices sheet: each list's options, their values (a whole number is a number), labels in
//! every language, and the `dra_score` and `dra_missing` that XLSForm has no word for.

use std::collections::HashMap;

use serde_json::{Map, Number, Value, json};

use super::import::{Reader, check_unread, unread_columns, whole};
use super::problem::Place;
use super::workbook::Sheet;
use crate::survey::model::QuestionKind;

/// Choices columns dra reads.
const CHOICE_READ: [&str; 5] = ["list_name", "name", "label", "dra_score", "dra_missing"];

/// One choice of a list.
pub(super) struct Choice {
    row: u32,
    value: Value,
    label: Value,
    score: Option<Number>,
    missing: Option<String>,
}

/// A choice value: a whole number is a number (`1`), anything else text (`dk`).
fn choice_value(name: &str) -> Value {
    let canonical = name.parse::<i64>().ok().filter(|i| i.to_string() == name);
    canonical.map_or_else(|| json!(name), Value::from)
}

/// The lists of the choices sheet, by name.
pub(super) fn lists(r: &mut Reader, choices: &Sheet) -> HashMap<String, Vec<Choice>> {
    let mut out: HashMap<String, Vec<Choice>> = HashMap::new();
    let unread = unread_columns(choices, &CHOICE_READ, &["image", "audio", "video", "media"]);
    let (list_col, name_col, score_col, missing_col) =
        (choices.col("list_name"), choices.col("name"), choices.col("dra_score"), choices.col("dra_missing"));
    for row in &choices.rows {
        check_unread(r, choices, row, &unread);
        let list = row.get(list_col).to_string();
        let name = row.get(name_col).to_string();
        if list.is_empty() || name.is_empty() {
            let col = if list.is_empty() { "list_name" } else { "name" };
            r.problem(choices, row.number, Some(col), "empty: every choice names its list and its value");
            continue;
        }
        let score = row.get(score_col);
        let score = if score.is_empty() {
            None
        } else {
            match score.parse::<f64>().ok().and_then(Number::from_f64) {
                Some(n) => Some(whole(n)),
                None => {
                    r.problem(choices, row.number, Some("dra_score"), format!("\"{score}\" is not a number"));
                    None
                }
            }
        };
        let missing = match row.get(missing_col) {
            "" => None,
            m @ ("dont_know" | "not_applicable") => Some(m.to_string()),
            other => {
                r.problem(
                    choices,
                    row.number,
                    Some("dra_missing"),
                    format!("\"{other}\" is not a missing code: dont_know or not_applicable"),
                );
                None
            }
        };
        let label = r.text(choices, row, "label").unwrap_or_else(|| json!({}));
        out.entry(list).or_default().push(Choice {
            row: row.number,
            value: choice_value(&name),
            label,
            score,
            missing,
        });
    }
    out
}

/// The options of a choice question from its list; `ptr` points at them in the definition.
pub(super) fn options(r: &mut Reader, choices: &Sheet, list: &[Choice], ptr: &str, kind: QuestionKind) -> Vec<Value> {
    let mut out = Vec::new();
    for (k, c) in list.iter().enumerate() {
        let optr = format!("{ptr}/{k}");
        let place = |col: Option<&str>| Place::new(&choices.name, c.row, col);
        r.origins.add(&optr, place(None));
        r.origins.add(format!("{optr}/const"), place(Some("name")));
        r.origins.add(format!("{optr}/x-dra/label"), place(Some("label")));
        r.origins.add(format!("{optr}/x-dra/score"), place(Some("dra_score")));
        r.origins.add(format!("{optr}/x-dra/missing"), place(Some("dra_missing")));
        if kind == QuestionKind::Multiple && c.value.as_str().is_some_and(|v| v.contains(char::is_whitespace)) {
            r.problem(choices, c.row, Some("name"), "a choice of a select_multiple list has no spaces in its name");
        }
        let mut ann = Map::new();
        if let Some(m) = &c.missing {
            ann.insert("missing".into(), json!(m));
        }
        ann.insert("label".into(), c.label.clone());
        if let Some(s) = &c.score {
            ann.insert("score".into(), Value::Number(s.clone()));
        }
        out.push(json!({"const": c.value, "x-dra": ann}));
    }
    out
}
