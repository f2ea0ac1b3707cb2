//! From an XLSForm's sheets to the definition a coordinator would write by hand: the settings
//! (`form_id`, `version`, `form_title`, `default_language`, `dra_*`), the `dra` sheet (title,
//! description, stages, pillars, sub-pillars), then the questions (`questions.rs`). Every row and
//! column that writes a part of the definition is remembered, so the definition's own checks can
//! speak of rows. Every problem is collected; none stops the reading.

use serde_json::{Map, Value, json};

use super::language;
use super::problem::{FormProblem, Origins, Place};
use super::workbook::{Row, Sheet};

/// Settings columns dra reads; other `dra_` settings are mistakes worth saying.
const DRA_SETTINGS: [&str; 3] = ["dra_min_coverage", "dra_select_over", "dra_minutes"];

/// One reading of a workbook.
pub(super) struct Reader {
    pub problems: Vec<FormProblem>,
    pub origins: Origins,
    /// The declared languages, in the order of the survey sheet's label columns.
    pub langs: Vec<String>,
    pub default_lang: String,
}

/// The sheet named `name` (any case).
fn sheet<'a>(sheets: &'a [Sheet], name: &str) -> Option<&'a Sheet> {
    sheets.iter().find(|s| s.name.trim().eq_ignore_ascii_case(name))
}

/// A workbook read: the definition (as complete as the sheets allow), where each of its parts
/// came from, and the problems found on the way.
pub struct Reading {
    pub def: Value,
    pub origins: Origins,
    pub problems: Vec<FormProblem>,
}

/// Reads every sheet into a definition; the origins place each of its parts.
pub fn read(sheets: &[Sheet]) -> Result<Reading, Vec<FormProblem>> {
    let Some(survey) = sheet(sheets, "survey") else {
        return Err(vec![FormProblem::whole(
            "no \"survey\" sheet: an XLSForm lists its questions on a sheet named survey",
        )]);
    };
    let blank = |name: &str| Sheet { name: name.into(), header_row: 1, ..Sheet::default() };
    let (no_choices, no_settings) = (blank("choices"), blank("settings"));
    let choices = sheet(sheets, "choices").unwrap_or(&no_choices);
    let settings = sheet(sheets, "settings").unwrap_or(&no_settings);
    let dra = sheet(sheets, "dra");
    let mut r =
        Reader { problems: Vec::new(), origins: Origins::default(), langs: Vec::new(), default_lang: String::new() };
    for s in [Some(survey), Some(choices), Some(settings), dra].into_iter().flatten() {
        for c in &s.columns {
            if let Some(why) = &c.bad_lang {
                r.problems.push(FormProblem::at(Place::new(&s.name, s.header_row, Some(&c.header)), why.clone()));
            }
        }
    }
    let set_row = settings.rows.first().cloned().unwrap_or(Row { number: settings.header_row + 1, cells: Vec::new() });
    r.languages(survey, settings, &set_row);
    let mut meta = Map::new();
    let id = r.setting(settings, &set_row, "form_id", "/x-dra/id", "the survey's id, such as dra-core");
    let version = r.setting(settings, &set_row, "version", "/x-dra/version", "the survey's version, such as 1.0.0");
    meta.insert("id".into(), json!(id));
    meta.insert("version".into(), json!(version));
    meta.insert("languages".into(), json!(r.langs));
    meta.insert("default_language".into(), json!(r.default_lang));
    r.origins.add("/x-dra/languages", Place::new(&survey.name, survey.header_row, Some("label")));
    r.origins.add("/x-dra/default_language", Place::new(&settings.name, set_row.number, Some("default_language")));
    let form_title = set_row.get(settings.col("form_title")).to_string();
    let dra_rows = dra.map(|d| r.dra_sheet(d)).unwrap_or_default();
    let title = match dra_rows.title {
        Some(t) => t,
        None if !form_title.is_empty() => {
            r.origins.add("/x-dra/title", Place::new(&settings.name, set_row.number, Some("form_title")));
            Value::Object(r.langs.iter().map(|l| (l.clone(), json!(form_title))).collect())
        }
        None => {
            r.problems.push(FormProblem::at(
                Place::new(&settings.name, set_row.number, Some("form_title")),
                "no title: give form_title here, or a \"title\" row on the dra sheet in every language",
            ));
            json!({})
        }
    };
    meta.insert("title".into(), title.clone());
    if let Some(d) = dra_rows.description {
        meta.insert("description".into(), d);
    }
    let questions = super::questions::read(&mut r, survey, choices, &dra_rows.pillars);
    for (key, text) in [("welcome", &questions.welcome), ("consent", &questions.consent)] {
        if let Some(t) = text {
            meta.insert(key.into(), t.clone());
        }
    }
    if dra.is_none() {
        r.problems.push(FormProblem::whole(
            "no \"dra\" sheet: it holds the maturity stages and the pillars and sub-pillars the scored questions \
             measure (see surveys/README.md)",
        ));
    }
    if let Some(d) = dra {
        for key in ["stages", "pillars"] {
            r.origins.add(format!("/x-dra/{key}"), Place::new(&d.name, d.header_row, Some("type")));
        }
    }
    meta.insert("stages".into(), Value::Array(dra_rows.stages));
    r.numbers(settings, &set_row, &mut meta);
    meta.insert("pillars".into(), Value::Array(dra_rows.pillars));
    if let Some(pages) = questions.pages {
        meta.insert("pages".into(), pages);
    }
    let mut root = Map::new();
    root.insert("$schema".into(), json!("https://json-schema.org/draft/2020-12/schema"));
    root.insert("$id".into(), json!(format!("urn:dra:survey:{id}:{version}")));
    let root_title = if form_title.is_empty() {
        title.get(&r.default_lang).cloned().unwrap_or_else(|| json!(id))
    } else {
        json!(form_title)
    };
    root.insert("title".into(), root_title);
    root.insert("type".into(), json!("object"));
    root.insert("x-dra".into(), Value::Object(meta));
    root.insert("properties".into(), Value::Object(questions.properties));
    root.insert("required".into(), json!(questions.required));
    if !questions.all_of.is_empty() {
        root.insert("allOf".into(), Value::Array(questions.all_of));
    }
    root.insert("additionalProperties".into(), json!(false));
    Ok(Reading { def: Value::Object(root), origins: r.origins, problems: r.problems })
}

/// What the dra sheet says.
#[derive(Default)]
struct DraRows {
    title: Option<Value>,
    description: Option<Value>,
    stages: Vec<Value>,
    pillars: Vec<Value>,
}

impl Reader {
    pub fn problem(&mut self, sheet: &Sheet, row: u32, column: Option<&str>, message: impl Into<String>) {
        self.problems.push(FormProblem::at(Place::new(&sheet.name, row, column), message));
    }

    /// The declared languages: the survey sheet's `label::…` columns in order, the default one
    /// from `settings.default_language` (else the first); a plain `label` column is in the default.
    fn languages(&mut self, survey: &Sheet, settings: &Sheet, set_row: &Row) {
        for (code, _) in survey.lang_cols("label") {
            if !self.langs.contains(&code) {
                self.langs.push(code);
            }
        }
        let written = set_row.get(settings.col("default_language"));
        let plain = survey.col("label").is_some();
        if !written.is_empty() {
            match language::code_of(written) {
                Ok(code) => self.default_lang = code,
                Err(why) => self.problem(settings, set_row.number, Some("default_language"), why),
            }
        } else if let Some(first) = self.langs.first() {
            self.default_lang = first.clone();
        }
        if self.default_lang.is_empty() && plain {
            self.problem(
                settings,
                set_row.number,
                Some("default_language"),
                "the labels name no language: say which in default_language, for example \"Español (es)\"",
            );
        }
        if plain && !self.default_lang.is_empty() && !self.langs.contains(&self.default_lang) {
            self.langs.insert(0, self.default_lang.clone());
        }
        if self.langs.is_empty() && self.problems.is_empty() {
            self.problem(survey, survey.header_row, None, "no label column: questions need a label::LANGUAGE column");
        }
    }

    /// A text in every language it is written in: `NAME::LANG` columns, and a plain `NAME`
    /// column for the default language. `None` when the row has none.
    pub fn text(&self, sheet: &Sheet, row: &Row, name: &str) -> Option<Value> {
        let mut out = Map::new();
        for (code, i) in sheet.lang_cols(name) {
            let cell = row.get(Some(i));
            if !cell.is_empty() {
                out.insert(code, json!(cell));
            }
        }
        let plain = row.get(sheet.col(name));
        if !plain.is_empty() && !self.default_lang.is_empty() && !out.contains_key(&self.default_lang) {
            out.insert(self.default_lang.clone(), json!(plain));
        }
        (!out.is_empty()).then_some(Value::Object(out))
    }

    /// A required setting: its text, or a problem.
    fn setting(&mut self, settings: &Sheet, row: &Row, name: &str, pointer: &str, what: &str) -> String {
        self.origins.add(pointer, Place::new(&settings.name, row.number, Some(name)));
        let v = row.get(settings.col(name)).to_string();
        if v.is_empty() {
            self.problems.push(FormProblem::at(
                Place::new(&settings.name, row.number, Some(name)),
                format!("missing: give {what} here"),
            ));
        }
        v
    }

    /// `dra_min_coverage`, `dra_select_over`, `dra_minutes`: numbers, kept when given.
    fn numbers(&mut self, settings: &Sheet, row: &Row, meta: &mut Map<String, Value>) {
        for (i, c) in settings.columns.iter().enumerate() {
            if c.name.starts_with("dra_") && !DRA_SETTINGS.contains(&c.name.as_str()) && !row.get(Some(i)).is_empty() {
                let known = DRA_SETTINGS.join(", ");
                self.problem(settings, row.number, Some(&c.header), format!("not a dra setting (dra reads {known})"));
            }
        }
        for name in DRA_SETTINGS {
            let cell = row.get(settings.col(name));
            if cell.is_empty() {
                continue;
            }
            let key = name.trim_start_matches("dra_");
            self.origins.add(format!("/x-dra/{key}"), Place::new(&settings.name, row.number, Some(name)));
            let value = if key == "min_coverage" {
                cell.parse::<f64>().ok().and_then(serde_json::Number::from_f64).map(Value::Number)
            } else {
                cell.parse::<u64>().ok().map(Value::from)
            };
            match value {
                Some(v) => {
                    meta.insert(key.into(), v);
                }
                None => self.problem(settings, row.number, Some(name), format!("\"{cell}\" is not a number")),
            }
        }
    }

    /// The dra sheet: rows of type `title`, `description`, `stage`, `pillar` and `subpillar` (a
    /// sub-pillar belongs to the pillar above it), with `name`, `label::…`, `description::…`,
    /// `weight`.
    fn dra_sheet(&mut self, d: &Sheet) -> DraRows {
        let mut out = DraRows::default();
        let (type_col, name_col, weight_col) = (d.col("type"), d.col("name"), d.col("weight"));
        if type_col.is_none() {
            self.problem(d, d.header_row, Some("type"), "the dra sheet needs a type column");
            return out;
        }
        for row in &d.rows {
            let kind = row.get(type_col).to_lowercase();
            let name = row.get(name_col).to_string();
            let label = self.text(d, row, "label");
            let description = self.text(d, row, "description");
            let place = |col: &str| Place::new(&d.name, row.number, Some(col));
            match kind.as_str() {
                "title" | "description" => {
                    let ptr = format!("/x-dra/{kind}");
                    self.origins.add(ptr, place("label"));
                    let slot = if kind == "title" { &mut out.title } else { &mut out.description };
                    if slot.is_some() {
                        self.problem(d, row.number, Some("type"), format!("a second {kind} row"));
                    }
                    *slot = Some(label.unwrap_or_else(|| json!({})));
                }
                "stage" => {
                    self.origins.add(format!("/x-dra/stages/{}", out.stages.len()), place("label"));
                    out.stages.push(label.unwrap_or_else(|| json!({})));
                }
                "pillar" | "subpillar" => {
                    let mut item = Map::new();
                    item.insert("id".into(), json!(name));
                    item.insert("label".into(), label.unwrap_or_else(|| json!({})));
                    if let Some(t) = description {
                        item.insert("description".into(), t);
                    }
                    let weight = row.get(weight_col);
                    if !weight.is_empty() {
                        match weight.parse::<f64>().ok().and_then(serde_json::Number::from_f64) {
                            Some(w) => {
                                item.insert("weight".into(), Value::Number(whole(w)));
                            }
                            None => {
                                self.problem(d, row.number, Some("weight"), format!("\"{weight}\" is not a number"))
                            }
                        }
                    }
                    let ptr = if kind == "pillar" {
                        item.insert("subpillars".into(), json!([]));
                        out.pillars.push(Value::Object(item));
                        format!("/x-dra/pillars/{}", out.pillars.len() - 1)
                    } else {
                        let p = out.pillars.len();
                        match out.pillars.last_mut().and_then(|p| p.get_mut("subpillars")).and_then(Value::as_array_mut)
                        {
                            Some(subs) => {
                                subs.push(Value::Object(item));
                                format!("/x-dra/pillars/{}/subpillars/{}", p - 1, subs.len() - 1)
                            }
                            None => {
                                self.problem(
                                    d,
                                    row.number,
                                    Some("type"),
                                    "a subpillar row comes under its pillar's row",
                                );
                                continue;
                            }
                        }
                    };
                    self.origins.add(ptr.clone(), Place::new(&d.name, row.number, None));
                    self.origins.add(format!("{ptr}/id"), place("name"));
                    self.origins.add(format!("{ptr}/label"), place("label"));
                    self.origins.add(format!("{ptr}/description"), place("description"));
                    self.origins.add(format!("{ptr}/weight"), place("weight"));
                    self.origins.add(format!("{ptr}/subpillars"), place("type"));
                }
                "" => {
                    self.problem(d, row.number, Some("type"), "no type: title, description, stage, pillar or subpillar")
                }
                other => self.problem(
                    d,
                    row.number,
                    Some("type"),
                    format!("\"{other}\" is not a dra row type (title, description, stage, pillar, subpillar)"),
                ),
            }
        }
        if out.stages.is_empty() {
            self.problem(d, d.header_row, Some("type"), "no stage rows: list the maturity stages, lowest first");
        }
        out
    }
}

/// A number written without `.0` when it is whole, as a person typed it.
pub fn whole(n: serde_json::Number) -> serde_json::Number {
    match n.as_f64() {
        Some(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => (f as i64).into(),
        _ => n,
    }
}

/// Columns of a sheet that dra neither reads nor knowingly ignores: a value there would be lost.
pub(super) fn unread_columns(sheet: &Sheet, read: &[&str], ignored: &[&str]) -> Vec<usize> {
    sheet
        .columns
        .iter()
        .enumerate()
        .filter(|(_, c)| {
            !c.name.is_empty()
                && !c.name.starts_with('$')
                && !read.contains(&c.name.as_str())
                && !ignored.contains(&c.name.as_str())
                && c.bad_lang.is_none()
        })
        .map(|(i, _)| i)
        .collect()
}

pub(super) fn check_unread(r: &mut Reader, sheet: &Sheet, row: &Row, unread: &[usize]) {
    for &i in unread {
        if !row.get(Some(i)).is_empty() {
            let header = sheet.columns.get(i).map_or("", |c| c.header.as_str());
            r.problem(sheet, row.number, Some(header), "dra does not read this column: leave it empty or remove it");
        }
    }
}
