//! The survey and choices sheets: each row a question (`select_one`, `select_multiple`,
//! `integer`, `decimal`, `text`), a page (`begin_group` … `end_group`) or, before the first
//! question, a `note` (the welcome text; one named `consent`, the consent statement). A question's
//! `required`, `relevant` and `constraint` become JSON Schema; the `dra_` columns carry what
//! XLSForm has no word for.

use std::collections::HashMap;

use serde_json::{Map, Number, Value, json};

use super::choices::{self, Choice};
use super::constraint;
use super::import::{Reader, check_unread, unread_columns, whole};
use super::pages::{is_default, paragraphs};
use super::problem::Place;
use super::relevant::{self, Cond, Target};
use super::workbook::{Row, Sheet};
use crate::survey::locate::escape_token;
use crate::survey::model::QuestionKind;

/// Survey columns that shape only how ODK shows a form, or its own messages: read by ODK, left
/// alone by dra (its form writes its own messages).
const IGNORED: [&str; 5] = ["appearance", "required_message", "constraint_message", "guidance_hint", "autoplay"];
/// Survey columns dra reads.
const READ: [&str; 13] = [
    "type",
    "name",
    "label",
    "hint",
    "required",
    "relevant",
    "constraint",
    "dra_subpillar",
    "dra_pillar",
    "dra_profile",
    "dra_weight",
    "dra_reverse",
    "dra_unit",
];
/// Question types that record how a form was filled in, not an answer: skipped.
const META: [&str; 11] = [
    "start",
    "end",
    "today",
    "deviceid",
    "phonenumber",
    "username",
    "email",
    "audit",
    "simserial",
    "subscriberid",
    "start-geopoint",
];

/// What the survey sheet makes of the definition.
#[derive(Default)]
pub(super) struct Questions {
    pub properties: Map<String, Value>,
    pub required: Vec<String>,
    pub all_of: Vec<Value>,
    pub pages: Option<Value>,
    pub welcome: Option<Value>,
    pub consent: Option<Value>,
}

/// A page being read: its group row, id, title and questions.
struct Page {
    id: String,
    title: Value,
    questions: Vec<String>,
    relevant: Option<Cond>,
}

/// A question's id as definitions write them.
fn valid_id(id: &str) -> bool {
    let mut c = id.chars();
    c.next().is_some_and(|f| f.is_ascii_alphabetic())
        && c.all(|x| x.is_ascii_alphanumeric() || "_.-".contains(x))
        && id.len() <= 100
}

fn yes(cell: &str) -> Option<bool> {
    match cell.to_lowercase().as_str() {
        "yes" | "true" | "true()" | "1" => Some(true),
        "" | "no" | "false" | "false()" | "0" => Some(false),
        _ => None,
    }
}

/// The type cell's words, `select one x` read as `select_one x`.
fn type_words(cell: &str) -> Vec<String> {
    let words: Vec<String> = cell.split_whitespace().map(str::to_string).collect();
    match words.as_slice() {
        [a, b, rest @ ..] if ["begin", "end", "select"].contains(&a.to_lowercase().as_str()) && !a.contains('_') => {
            let mut out = vec![format!("{}_{}", a.to_lowercase(), b.to_lowercase())];
            out.extend(rest.iter().cloned());
            out
        }
        [a, rest @ ..] => {
            let mut out = vec![a.to_lowercase()];
            out.extend(rest.iter().cloned());
            out
        }
        [] => Vec::new(),
    }
}

struct Ctx<'a> {
    survey: &'a Sheet,
    pillars: &'a [Value],
    choices: &'a Sheet,
    lists: HashMap<String, Vec<Choice>>,
    /// Questions read so far, for the conditions that name them.
    known: Vec<(String, QuestionKind, Vec<Value>)>,
    rows: HashMap<String, u32>,
    out: Questions,
}

/// Reads the survey sheet (and the lists it names).
pub(super) fn read(r: &mut Reader, survey: &Sheet, choices: &Sheet, pillars: &[Value]) -> Questions {
    let lists = choices::lists(r, choices);
    let mut cx =
        Ctx { survey, pillars, choices, lists, known: Vec::new(), rows: HashMap::new(), out: Questions::default() };
    let unread = unread_columns(survey, &READ, &IGNORED);
    let col = |n: &str| survey.col(n);
    let mut pages: Vec<Page> = Vec::new();
    let mut open: Option<Page> = None;
    let mut outside: Vec<u32> = Vec::new();
    let mut started = false;
    let mut welcome: Vec<(u32, Value)> = Vec::new();
    for row in &survey.rows {
        check_unread(r, survey, row, &unread);
        let words = type_words(row.get(col("type")));
        let name = row.get(col("name")).to_string();
        let Some(kind) = words.first().cloned() else {
            r.problem(survey, row.number, Some("type"), "no type on a row that holds something");
            continue;
        };
        match kind.as_str() {
            "begin_group" => {
                started = true;
                if open.is_some() {
                    r.problem(
                        survey,
                        row.number,
                        Some("type"),
                        "a group inside a group: a dra page is one group, not nested",
                    );
                    continue;
                }
                let relevant = cx.condition(r, row, &name);
                let i = pages.len();
                r.origins.add(format!("/x-dra/pages/{i}"), Place::new(&survey.name, row.number, None));
                r.origins.add(format!("/x-dra/pages/{i}/id"), Place::new(&survey.name, row.number, Some("name")));
                r.origins.add(format!("/x-dra/pages/{i}/title"), Place::new(&survey.name, row.number, Some("label")));
                let title = r.text(survey, row, "label").unwrap_or_else(|| json!({}));
                open = Some(Page { id: name, title, questions: Vec::new(), relevant });
            }
            "end_group" => match open.take() {
                Some(p) => pages.push(p),
                None => r.problem(survey, row.number, Some("type"), "end_group without its begin_group"),
            },
            "begin_repeat" | "end_repeat" => r.problem(
                survey,
                row.number,
                Some("type"),
                "repeats have no place in a dra survey: one response answers each question once",
            ),
            "note" if !started => {
                let text = r.text(survey, row, "label").unwrap_or_else(|| json!({}));
                if name == "consent" {
                    r.origins.add("/x-dra/consent", Place::new(&survey.name, row.number, Some("label")));
                    cx.out.consent = Some(text);
                } else {
                    welcome.push((row.number, text));
                }
            }
            "note" => r.problem(
                survey,
                row.number,
                Some("type"),
                "a note has a place in a dra survey only before the first question or group (the welcome text, or \
                 the consent statement named consent): put this text in the next question's hint",
            ),
            k if META.contains(&k) => {}
            "select_one" | "select_multiple" | "integer" | "decimal" | "text" => {
                started = true;
                let group_cond = open.as_ref().and_then(|p| p.relevant.clone());
                if let Some(id) = cx.question(r, row, &words, group_cond) {
                    match open.as_mut() {
                        Some(p) => p.questions.push(id),
                        None => outside.push(row.number),
                    }
                }
            }
            other => r.problem(
                survey,
                row.number,
                Some("type"),
                format!(
                    "\"{other}\" is not a type dra maps: select_one, select_multiple, integer, decimal, text, note, \
                     begin_group, end_group"
                ),
            ),
        }
    }
    if let Some(p) = open {
        r.problem(
            survey,
            survey.rows.last().map_or(survey.header_row, |x| x.number),
            Some("type"),
            format!("group \"{}\" has no end_group", p.id),
        );
    }
    if !pages.is_empty() {
        for n in outside {
            r.problem(
                survey,
                n,
                Some("type"),
                "outside any group: when a form has groups (pages), every question is in one",
            );
        }
    }
    if let Some((first, _)) = welcome.first() {
        r.origins.add("/x-dra/welcome", Place::new(&survey.name, *first, Some("label")));
        cx.out.welcome = Some(paragraphs(welcome.iter().map(|(_, t)| t)));
    }
    r.origins.add("/properties", Place::new(&survey.name, survey.header_row, Some("dra_profile")));
    let pages: Vec<Value> =
        pages.into_iter().map(|p| json!({"id": p.id, "title": p.title, "questions": p.questions})).collect();
    if !pages.is_empty() && !is_default(&pages, pillars, &cx.out.properties, &r.langs) {
        cx.out.pages = Some(Value::Array(pages));
    }
    cx.out
}

impl Ctx<'_> {
    /// The pillar a sub-pillar is in, as the dra sheet says.
    fn pillar_of(&self, sub: &str) -> Option<String> {
        self.pillars.iter().find_map(|p| {
            let subs = p.get("subpillars")?.as_array()?;
            let has = subs.iter().any(|x| x.get("id").and_then(Value::as_str) == Some(sub));
            has.then(|| p.get("id").and_then(Value::as_str).map(str::to_string)).flatten()
        })
    }

    /// The row's `relevant`, read against the questions above it.
    fn condition(&self, r: &mut Reader, row: &Row, own: &str) -> Option<Cond> {
        let expr = row.get(self.survey.col("relevant"));
        if expr.is_empty() {
            return None;
        }
        let target = |q: &str| -> Result<Target, String> {
            if q == own {
                return Err(format!("a condition cannot name its own question ${{{q}}}"));
            }
            self.known
                .iter()
                .find(|(id, _, _)| id == q)
                .map(|(_, kind, options)| Target { kind: *kind, options: options.clone() })
                .ok_or_else(|| format!("${{{q}}} is no question above this row"))
        };
        match relevant::parse(expr, &target) {
            Ok(c) => Some(c),
            Err(why) => {
                r.problem(self.survey, row.number, Some("relevant"), why);
                None
            }
        }
    }

    /// One question row; its id when it was read.
    fn question(&mut self, r: &mut Reader, row: &Row, words: &[String], group_cond: Option<Cond>) -> Option<String> {
        let s = self.survey;
        let col = |n: &str| s.col(n);
        let id = row.get(col("name")).to_string();
        let place = |c: Option<&str>| Place::new(&s.name, row.number, c);
        if !valid_id(&id) {
            let why = if id.is_empty() {
                "empty: every question has a name, its stable id".to_string()
            } else {
                format!("\"{id}\" is not a question id: a letter, then letters, digits, _ . or - (100 at most)")
            };
            r.problem(s, row.number, Some("name"), why);
            return None;
        }
        if let Some(first) = self.rows.get(&id) {
            r.problem(s, row.number, Some("name"), format!("\"{id}\" is already the name of row {first}"));
            return None;
        }
        self.rows.insert(id.clone(), row.number);
        let subpillar = row.get(col("dra_subpillar")).to_string();
        let kind = match words.first().map(String::as_str) {
            Some("select_one") if !subpillar.is_empty() => QuestionKind::Scored,
            Some("select_one") => QuestionKind::Single,
            Some("select_multiple") => QuestionKind::Multiple,
            Some("integer" | "decimal") => QuestionKind::Number,
            _ => QuestionKind::Text,
        };
        let ptr = format!("/properties/{}", escape_token(&id));
        for (key, column) in [
            ("", None),
            ("/x-dra/type", Some("type")),
            ("/x-dra/text", Some("label")),
            ("/x-dra/help", Some("hint")),
            ("/x-dra/unit", Some("dra_unit")),
            ("/x-dra/subpillar", Some("dra_subpillar")),
            ("/x-dra/profile", Some("dra_profile")),
            ("/x-dra/weight", Some("dra_weight")),
            ("/x-dra/reverse", Some("dra_reverse")),
            ("/x-dra/relevant", Some("relevant")),
        ] {
            r.origins.add(format!("{ptr}{key}"), place(column));
        }
        let mut ann = Map::new();
        ann.insert("type".into(), json!(kind.as_str()));
        if !subpillar.is_empty() {
            ann.insert("subpillar".into(), json!(subpillar));
        }
        let pillar = row.get(col("dra_pillar"));
        if !pillar.is_empty() {
            match self.pillar_of(&subpillar) {
                _ if subpillar.is_empty() => r.problem(
                    s,
                    row.number,
                    Some("dra_pillar"),
                    "a question is placed by its dra_subpillar; dra_pillar only repeats that sub-pillar's pillar",
                ),
                Some(p) if p != pillar => r.problem(
                    s,
                    row.number,
                    Some("dra_pillar"),
                    format!("sub-pillar \"{subpillar}\" is in pillar \"{p}\" on the dra sheet, not \"{pillar}\""),
                ),
                _ => {}
            }
        }
        let profile = row.get(col("dra_profile"));
        if !profile.is_empty() {
            ann.insert("profile".into(), json!(profile));
        }
        ann.insert("text".into(), r.text(s, row, "label").unwrap_or_else(|| json!({})));
        for (key, column) in [("help", "hint"), ("unit", "dra_unit")] {
            if let Some(t) = r.text(s, row, column) {
                ann.insert(key.into(), t);
            }
        }
        let weight = row.get(col("dra_weight"));
        if !weight.is_empty() {
            match weight.parse::<f64>().ok().and_then(Number::from_f64) {
                Some(w) => {
                    ann.insert("weight".into(), Value::Number(whole(w)));
                }
                None => r.problem(s, row.number, Some("dra_weight"), format!("\"{weight}\" is not a number")),
            }
        }
        match yes(row.get(col("dra_reverse"))) {
            Some(true) => {
                ann.insert("reverse".into(), json!(true));
            }
            Some(false) => {}
            None => r.problem(s, row.number, Some("dra_reverse"), "write yes or leave it empty"),
        }
        let own = self.condition(r, row, &id);
        let cond = match (group_cond, own) {
            (Some(g), Some(o)) => Some(relevant::all_of(vec![g, o])),
            (g, o) => g.or(o),
        };
        if let Some(c) = &cond {
            ann.insert("relevant".into(), c.to_json());
        }
        let required = match yes(row.get(col("required"))) {
            Some(b) => b,
            None => {
                r.problem(
                    s,
                    row.number,
                    Some("required"),
                    "write yes or leave it empty (a condition belongs in relevant)",
                );
                false
            }
        };
        let mut prop = Map::new();
        prop.insert("x-dra".into(), Value::Object(ann));
        let mut option_values = Vec::new();
        match kind {
            QuestionKind::Scored | QuestionKind::Single | QuestionKind::Multiple => {
                let list = words.get(1).cloned().unwrap_or_default();
                if words.len() != 2 {
                    r.problem(
                        s,
                        row.number,
                        Some("type"),
                        format!(
                            "write \"{} LIST\", where LIST names a list of the choices sheet",
                            words.first().map_or("", |w| w.as_str())
                        ),
                    );
                }
                let opts_ptr =
                    if kind == QuestionKind::Multiple { format!("{ptr}/items/oneOf") } else { format!("{ptr}/oneOf") };
                r.origins.add(&opts_ptr, place(Some("type")));
                let options = match self.lists.get(&list) {
                    Some(l) => choices::options(r, self.choices, l, &opts_ptr, kind),
                    None => {
                        if !list.is_empty() {
                            r.problem(s, row.number, Some("type"), format!("no list \"{list}\" on the choices sheet"));
                        }
                        Vec::new()
                    }
                };
                option_values = options.iter().filter_map(|o| o.get("const").cloned()).collect();
                if kind == QuestionKind::Multiple {
                    prop.insert("type".into(), json!("array"));
                    prop.insert("uniqueItems".into(), json!(true));
                    prop.insert("items".into(), json!({"oneOf": options}));
                } else {
                    prop.insert("oneOf".into(), Value::Array(options));
                }
            }
            QuestionKind::Number => {
                let t = if words.first().map(String::as_str) == Some("integer") { "integer" } else { "number" };
                prop.insert("type".into(), json!(t));
            }
            QuestionKind::Text => {
                prop.insert("type".into(), json!("string"));
            }
        }
        let c = row.get(col("constraint"));
        if !c.is_empty() {
            r.origins.add(format!("{ptr}/minimum"), place(Some("constraint")));
            match constraint::parse(c, &id, kind) {
                Ok(bounds) => {
                    for (k, n) in bounds {
                        prop.insert(k.into(), Value::Number(n));
                    }
                }
                Err(why) => r.problem(s, row.number, Some("constraint"), why),
            }
        }
        self.out.properties.insert(id.clone(), Value::Object(prop));
        match (&cond, required) {
            (Some(c), req) => {
                r.origins.add(format!("/allOf/{}", self.out.all_of.len()), place(Some("relevant")));
                self.out.all_of.push(relevant::all_of_entry(&id, c, req));
            }
            (None, true) => {
                r.origins.add(format!("/required/{}", self.out.required.len()), place(Some("required")));
                self.out.required.push(id.clone());
            }
            (None, false) => {}
        }
        self.known.push((id.clone(), kind, option_values));
        Some(id)
    }
}
