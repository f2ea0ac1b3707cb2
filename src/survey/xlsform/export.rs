//! A definition written as an XLSForm: survey, choices and settings sheets that ODK and
//! KoboToolbox read (each page a `field-list` group, conditions as `relevant`, bounds as
//! `constraint`, every language a `label::Español (es)` column), with the `dra_` columns and the
//! `dra` sheet that bring the rest back. The form is read again at once: whatever of the
//! definition it does not carry is named.

use rust_xlsxwriter::{Format, Workbook, Worksheet};
use serde_json::{Map, Value};

use super::constraint;
use super::language;
use super::relevant::Cond;
use crate::survey::model::{QuestionKind, Survey};
use crate::survey::response::form_value;

/// A written form, and the parts of the definition it does not carry (JSON pointers).
pub struct Exported {
    pub bytes: Vec<u8>,
    pub lost: Vec<String>,
}

/// A sheet being written: its header and rows of cells by column name.
struct Table {
    name: &'static str,
    header: Vec<String>,
    rows: Vec<Vec<(String, Cell)>>,
}

enum Cell {
    Text(String),
    Number(f64),
}

impl Table {
    fn new(name: &'static str, header: Vec<String>) -> Self {
        Self { name, header, rows: Vec::new() }
    }

    fn row(&mut self, cells: Vec<(String, Cell)>) {
        self.rows.push(cells.into_iter().filter(|(_, c)| !matches!(c, Cell::Text(t) if t.is_empty())).collect());
    }

    fn write(&self, ws: &mut Worksheet, bold: &Format) -> Result<(), rust_xlsxwriter::XlsxError> {
        ws.set_name(self.name)?;
        for (c, h) in self.header.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, h, bold)?;
            ws.set_column_width(c as u16, if h.starts_with("label") || h.starts_with("hint") { 40 } else { 16 })?;
        }
        for (r, cells) in self.rows.iter().enumerate() {
            for (col, cell) in cells {
                let Some(c) = self.header.iter().position(|h| h == col) else { continue };
                let (r, c) = (r as u32 + 1, c as u16);
                match cell {
                    Cell::Text(t) => ws.write_string(r, c, t)?,
                    Cell::Number(n) => ws.write_number(r, c, *n)?,
                };
            }
        }
        ws.set_freeze_panes(1, 0)?;
        Ok(())
    }
}

fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

/// The cells `NAME::Language (code)` of a text in every language.
fn texts(name: &str, t: Option<&Value>, langs: &[String]) -> Vec<(String, Cell)> {
    langs
        .iter()
        .filter_map(|l| {
            let s = t?.get(l)?.as_str()?;
            Some((format!("{name}::{}", language::written(l)), text(s)))
        })
        .collect()
}

fn lang_headers(name: &str, langs: &[String]) -> Vec<String> {
    langs.iter().map(|l| format!("{name}::{}", language::written(l))).collect()
}

/// Writes `survey` as an XLSForm.
pub fn write(survey: &Survey) -> Result<Exported, String> {
    let def = &survey.schema;
    let meta = def.get("x-dra").and_then(Value::as_object).cloned().unwrap_or_default();
    let props = def.get("properties").and_then(Value::as_object).cloned().unwrap_or_default();
    let langs = &survey.languages;
    let any = |key: &str| props.values().any(|q| q.pointer(&format!("/x-dra/{key}")).is_some());
    let mut header: Vec<String> = vec!["type".into(), "name".into()];
    header.extend(lang_headers("label", langs));
    if any("help") {
        header.extend(lang_headers("hint", langs));
    }
    header.extend(
        ["required", "relevant", "constraint", "appearance", "dra_subpillar", "dra_pillar", "dra_profile"]
            .map(String::from),
    );
    if any("weight") {
        header.push("dra_weight".into());
    }
    header.push("dra_reverse".into());
    if any("unit") {
        header.extend(lang_headers("dra_unit", langs));
    }
    let mut rows = Table::new("survey", header);
    let mut choices_header = vec!["list_name".to_string(), "name".to_string()];
    choices_header.extend(lang_headers("label", langs));
    choices_header.extend(["dra_score".to_string(), "dra_missing".to_string()]);
    let mut choices = Table::new("choices", choices_header);

    for (key, name) in [("welcome", "welcome"), ("consent", "consent")] {
        if let Some(t) = meta.get(key) {
            let mut cells = vec![("type".into(), text("note")), ("name".into(), text(name))];
            cells.extend(texts("label", Some(t), langs));
            rows.row(cells);
        }
    }
    let required_in_then = |id: &str| {
        def.get("allOf").and_then(Value::as_array).into_iter().flatten().any(|e| {
            e.pointer("/then/required").and_then(Value::as_array).is_some_and(|r| r.iter().any(|x| x == id))
                && e.pointer("/else/not/required").and_then(Value::as_array).is_some_and(|r| r.iter().any(|x| x == id))
        })
    };
    let kind_of = |q: &str| survey.question(q).map(|q| q.kind);
    for page in &survey.pages {
        let mut cells = vec![
            ("type".into(), text("begin_group")),
            ("name".into(), text(page.id.clone())),
            ("appearance".into(), text("field-list")),
        ];
        let title = serde_json::to_value(&page.title).unwrap_or_default();
        cells.extend(texts("label", Some(&title), langs));
        rows.row(cells);
        for qid in &page.questions {
            let (Some(q), Some(prop)) = (survey.question(qid), props.get(qid).and_then(Value::as_object)) else {
                continue;
            };
            let ann = prop.get("x-dra").and_then(Value::as_object).cloned().unwrap_or_default();
            let kind = match q.kind {
                QuestionKind::Scored | QuestionKind::Single => format!("select_one {qid}"),
                QuestionKind::Multiple => format!("select_multiple {qid}"),
                QuestionKind::Number if prop.get("type") == Some(&Value::from("integer")) => "integer".into(),
                QuestionKind::Number => "decimal".into(),
                QuestionKind::Text => "text".into(),
            };
            let mut cells = vec![("type".into(), text(kind)), ("name".into(), text(qid.clone()))];
            cells.extend(texts("label", ann.get("text"), langs));
            cells.extend(texts("hint", ann.get("help"), langs));
            cells.extend(texts("dra_unit", ann.get("unit"), langs));
            if q.required || required_in_then(qid) {
                cells.push(("required".into(), text("yes")));
            }
            if let Some(c) = ann.get("relevant") {
                let cond = Cond::from_json(c).map_err(|e| format!("{qid}: {e}"))?;
                cells.push(("relevant".into(), text(cond.to_xpath(&kind_of).map_err(|e| format!("{qid}: {e}"))?)));
            }
            if let Some(c) = constraint::write(prop, q.kind) {
                cells.push(("constraint".into(), text(c)));
            }
            if let Some(s) = &q.subpillar {
                cells.push(("dra_subpillar".into(), text(s.clone())));
                if let Some(p) = survey.pillars.iter().find(|p| p.subpillars.iter().any(|x| &x.id == s)) {
                    cells.push(("dra_pillar".into(), text(p.id.clone())));
                }
            }
            if let Some(p) = &q.profile {
                cells.push(("dra_profile".into(), text(p.clone())));
            }
            if let Some(w) = ann.get("weight").and_then(Value::as_f64) {
                cells.push(("dra_weight".into(), Cell::Number(w)));
            }
            if q.reverse {
                cells.push(("dra_reverse".into(), text("yes")));
            }
            rows.row(cells);
            let options = match q.kind {
                QuestionKind::Multiple => prop.get("items").and_then(|i| i.get("oneOf")),
                _ => prop.get("oneOf"),
            };
            for o in options.and_then(Value::as_array).into_iter().flatten() {
                let value = o.get("const").map(form_value).unwrap_or_default();
                let oann = o.get("x-dra").cloned().unwrap_or_default();
                let mut cells = vec![("list_name".into(), text(qid.clone())), ("name".into(), text(value))];
                cells.extend(texts("label", oann.get("label"), langs));
                if let Some(s) = oann.get("score").and_then(Value::as_f64) {
                    cells.push(("dra_score".into(), Cell::Number(s)));
                }
                if let Some(m) = oann.get("missing").and_then(Value::as_str) {
                    cells.push(("dra_missing".into(), text(m)));
                }
                choices.row(cells);
            }
        }
        rows.row(vec![("type".into(), text("end_group"))]);
    }
    let settings = settings_sheet(def, &meta, survey);
    let dra = dra_sheet(&meta, langs);
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    for t in [&rows, &choices, &settings, &dra] {
        t.write(book.add_worksheet(), &bold).map_err(|e| e.to_string())?;
    }
    let bytes = book.save_to_buffer().map_err(|e| e.to_string())?;
    let lost = match super::convert(&bytes) {
        Ok((_, back)) => {
            let mut out = Vec::new();
            differences(def, &back, "", &mut out);
            out
        }
        Err(problems) => problems.iter().map(|p| p.display("the written form").to_string()).collect(),
    };
    Ok(Exported { bytes, lost })
}

fn settings_sheet(def: &Value, meta: &Map<String, Value>, survey: &Survey) -> Table {
    let mut header: Vec<String> = ["form_title", "form_id", "version", "default_language"].map(String::from).to_vec();
    let mut cells = vec![
        ("form_id".to_string(), text(survey.id.clone())),
        ("version".into(), text(survey.version.clone())),
        ("default_language".into(), text(language::written(&survey.default_language))),
    ];
    let title = def.get("title").and_then(Value::as_str).map(str::to_string);
    let title = title.or_else(|| survey.title.0.get(&survey.default_language).cloned()).unwrap_or_default();
    cells.push(("form_title".into(), text(title)));
    for key in ["min_coverage", "select_over", "minutes"] {
        if let Some(n) = meta.get(key).and_then(Value::as_f64) {
            header.push(format!("dra_{key}"));
            cells.push((format!("dra_{key}"), Cell::Number(n)));
        }
    }
    let mut t = Table::new("settings", header);
    t.row(cells);
    t
}

fn dra_sheet(meta: &Map<String, Value>, langs: &[String]) -> Table {
    let mut header = vec!["type".to_string(), "name".to_string()];
    header.extend(lang_headers("label", langs));
    header.extend(lang_headers("description", langs));
    header.push("weight".into());
    let mut t = Table::new("dra", header);
    for key in ["title", "description"] {
        if let Some(v) = meta.get(key) {
            let mut cells = vec![("type".to_string(), text(key))];
            cells.extend(texts("label", Some(v), langs));
            t.row(cells);
        }
    }
    for s in meta.get("stages").and_then(Value::as_array).into_iter().flatten() {
        let mut cells = vec![("type".to_string(), text("stage"))];
        cells.extend(texts("label", Some(s), langs));
        t.row(cells);
    }
    let item = |kind: &str, v: &Value| {
        let mut cells = vec![
            ("type".to_string(), text(kind)),
            ("name".to_string(), text(v.get("id").and_then(Value::as_str).unwrap_or_default())),
        ];
        cells.extend(texts("label", v.get("label"), langs));
        cells.extend(texts("description", v.get("description"), langs));
        if let Some(w) = v.get("weight").and_then(Value::as_f64) {
            cells.push(("weight".to_string(), Cell::Number(w)));
        }
        cells
    };
    for p in meta.get("pillars").and_then(Value::as_array).into_iter().flatten() {
        t.row(item("pillar", p));
        for s in p.get("subpillars").and_then(Value::as_array).into_iter().flatten() {
            t.row(item("subpillar", s));
        }
    }
    t
}

/// JSON pointers where `b` differs from `a` (members missing, added or changed), at most 20.
fn differences(a: &Value, b: &Value, at: &str, out: &mut Vec<String>) {
    if out.len() >= 20 {
        return;
    }
    let key = |k: &str| format!("{at}/{}", crate::survey::locate::escape_token(k));
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (k, v) in x {
                match y.get(k) {
                    Some(w) => differences(v, w, &key(k), out),
                    None => out.push(key(k)),
                }
            }
            out.extend(y.keys().filter(|k| !x.contains_key(*k)).map(|k| key(k)));
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (v, w)) in x.iter().zip(y).enumerate() {
                differences(v, w, &format!("{at}/{i}"), out);
            }
        }
        _ if crate::survey::model::values_equal(a, b) => {}
        _ => out.push(if at.is_empty() { "/".into() } else { at.to_string() }),
    }
}
