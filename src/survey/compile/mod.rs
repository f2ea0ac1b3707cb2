//! From a definition's JSON to a [`Survey`]: the checks a JSON Schema cannot express (unique ids,
//! references that resolve, every text in every declared language, distinct scores, pages), then
//! the compiled model. Tolerant of shapes the vocabulary meta-schema already reported: it skips
//! what it cannot read instead of reporting it twice.
//!
//! This file owns the survey as a whole (languages, title, stages, the list of questions) and the
//! texts every part shares; pillars, questions, answer options and pages each have their own file.

mod conditions;
mod options;
mod pages;
mod pillars;
mod questions;

use std::collections::{BTreeSet, HashMap};

use serde_json::{Map, Value};

use super::i18n::I18n;
use super::locate::escape_token;
use super::model::Survey;
use super::problem::Problem;

/// The profile field every survey must ask, required: the respondent's stakeholder group.
pub const GROUP_PROFILE: &str = "group";

/// Options past which a single-choice question is a drop-down list, unless the definition says.
pub const DEFAULT_SELECT_OVER: usize = 12;

/// Checks `def` and builds the survey; `None` when any problem was found.
pub fn compile(def: &Value, content_hash: &str) -> (Option<Survey>, Vec<Problem>) {
    let mut cx = Cx::default();
    let survey = cx.survey(def, content_hash);
    if cx.problems.is_empty() { (survey, cx.problems) } else { (None, cx.problems) }
}

/// One compilation: the problems found so far and the languages the survey declares.
#[derive(Default)]
struct Cx {
    problems: Vec<Problem>,
    langs: Vec<String>,
}

fn str_at<'a>(obj: &'a Map<String, Value>, key: &str) -> Option<&'a str> {
    obj.get(key).and_then(Value::as_str)
}

fn describe(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 40 { format!("{}…", s.chars().take(40).collect::<String>()) } else { s }
}

impl Cx {
    fn problem(&mut self, pointer: impl Into<String>, message: impl Into<String>) {
        self.problems.push(Problem::at(pointer, message));
    }

    /// A text that must exist in every declared language and no other.
    fn text(&mut self, pointer: &str, value: Option<&Value>, required: bool) -> I18n {
        let Some(value) = value else {
            if required {
                self.problem(pointer, "missing text: give it in every declared language");
            }
            return I18n::default();
        };
        let text = I18n::from_value(Some(value));
        if value.is_object() {
            for lang in self.langs.clone() {
                if !text.0.contains_key(&lang) {
                    self.problem(
                        pointer,
                        format!("missing the \"{lang}\" text (the survey declares {})", self.langs.join(", ")),
                    );
                }
            }
            for lang in text.0.keys() {
                if !self.langs.contains(lang) {
                    self.problems.push(Problem::at_key(
                        format!("{pointer}/{}", escape_token(lang)),
                        format!("text in \"{lang}\", which the survey does not declare in x-dra/languages"),
                    ));
                }
            }
        }
        text
    }

    fn weight(obj: &Map<String, Value>) -> f64 {
        obj.get("weight").and_then(Value::as_f64).filter(|w| *w > 0.0).unwrap_or(1.0)
    }

    fn survey(&mut self, def: &Value, content_hash: &str) -> Option<Survey> {
        let root = def.as_object()?;
        let Some(meta) = root.get("x-dra").and_then(Value::as_object) else {
            self.problem("", "missing the \"x-dra\" object that describes the survey");
            return None;
        };
        self.langs = meta
            .get("languages")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).map(str::to_string).collect())
            .unwrap_or_default();
        let default_language = str_at(meta, "default_language").unwrap_or_default().to_string();
        if !self.langs.is_empty() && !default_language.is_empty() && !self.langs.contains(&default_language) {
            self.problem(
                "/x-dra/default_language",
                format!("\"{default_language}\" is not one of the declared languages ({})", self.langs.join(", ")),
            );
        }
        let title = self.text("/x-dra/title", meta.get("title"), true);
        let description = self.text("/x-dra/description", meta.get("description"), false);
        let welcome = self.text("/x-dra/welcome", meta.get("welcome"), false);
        let consent = self.text("/x-dra/consent", meta.get("consent"), false);
        let minutes = meta.get("minutes").and_then(Value::as_u64).and_then(|m| u32::try_from(m).ok());
        let stages: Vec<I18n> = meta
            .get("stages")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter().enumerate().map(|(i, v)| self.text(&format!("/x-dra/stages/{i}"), Some(v), true)).collect()
            })
            .unwrap_or_default();
        let pillars = self.pillars(meta);
        let subpillar_ids: BTreeSet<String> =
            pillars.iter().flat_map(|p| p.subpillars.iter().map(|s| s.id.clone())).collect();

        let required: Vec<String> = root
            .get("required")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).map(str::to_string).collect())
            .unwrap_or_default();
        let scale_top = stages.len().max(2) as f64;
        let mut questions = Vec::new();
        if let Some(props) = root.get("properties").and_then(Value::as_object) {
            for (id, q) in props {
                if let Some(q) = self.question(id, q, &subpillar_ids, &required, scale_top) {
                    questions.push(q);
                }
            }
            for (i, r) in required.iter().enumerate() {
                if !props.contains_key(r) {
                    self.problem(
                        format!("/required/{i}"),
                        format!("\"{r}\" is required but there is no such question in properties"),
                    );
                }
            }
        }
        self.coverage_of_pillars(&pillars, &questions);
        self.profiles(&questions);
        let pages = self.pages(meta, &pillars, &questions);
        self.conditions(root, &mut questions, &pages, &required);
        let min_coverage = meta.get("min_coverage").and_then(Value::as_f64).unwrap_or(0.5);
        let select_over = meta.get("select_over").and_then(Value::as_u64).map_or(DEFAULT_SELECT_OVER, |n| n as usize);
        Some(Survey {
            id: str_at(meta, "id").unwrap_or_default().to_string(),
            version: str_at(meta, "version").unwrap_or_default().to_string(),
            content_hash: content_hash.to_string(),
            languages: self.langs.clone(),
            default_language,
            title,
            description,
            stages,
            min_coverage,
            select_over,
            welcome,
            consent,
            minutes,
            pillars,
            questions,
            pages,
            schema: def.clone(),
        })
    }

    fn unique_id(&mut self, seen: &mut HashMap<String, String>, id: &str, pointer: &str, what: &str) {
        if id.is_empty() {
            return;
        }
        if let Some(first) = seen.get(id) {
            self.problem(pointer, format!("duplicate {what} id \"{id}\" (first used at {first})"));
        } else {
            seen.insert(id.to_string(), pointer.to_string());
        }
    }
}
