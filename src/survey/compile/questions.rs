//! One question from its property: its kind, sub-pillar or profile field, texts, options and
//! bounds; and the checks over the profile questions (unique fields, the required stakeholder-group
//! question).

use std::collections::{BTreeSet, HashMap};

use serde_json::Value;

use super::{Cx, GROUP_PROFILE, str_at};
use crate::survey::locate::escape_token;
use crate::survey::model::{Question, QuestionKind};

impl Cx {
    pub(super) fn question(
        &mut self,
        id: &str,
        q: &Value,
        subpillars: &BTreeSet<String>,
        required: &[String],
        scale_top: f64,
    ) -> Option<Question> {
        let ptr = format!("/properties/{}", escape_token(id));
        let q = q.as_object()?;
        let ann = q.get("x-dra").and_then(Value::as_object)?;
        let kind = match str_at(ann, "type")? {
            "scored" => QuestionKind::Scored,
            "single" => QuestionKind::Single,
            "multiple" => QuestionKind::Multiple,
            "number" => QuestionKind::Number,
            "text" => QuestionKind::Text,
            _ => return None,
        };
        let aptr = format!("{ptr}/x-dra");
        let subpillar = str_at(ann, "subpillar").map(str::to_string);
        let profile = str_at(ann, "profile").map(str::to_string);
        if let Some(s) = &subpillar {
            if !matches!(kind, QuestionKind::Scored | QuestionKind::Text) {
                self.problem(
                    format!("{aptr}/subpillar"),
                    "only scored questions and comment (text) questions belong to a sub-pillar",
                );
            } else if !subpillars.contains(s) {
                let known: Vec<&str> = subpillars.iter().map(String::as_str).collect();
                self.problem(
                    format!("{aptr}/subpillar"),
                    format!("unknown sub-pillar \"{s}\"; the survey defines: {}", known.join(", ")),
                );
            }
        }
        if profile.is_some() && kind == QuestionKind::Scored {
            self.problem(format!("{aptr}/profile"), "a scored question cannot be a profile question: profile questions describe the respondent and are not scored");
        }
        let text = self.text(&format!("{aptr}/text"), ann.get("text"), true);
        let help = self.text(&format!("{aptr}/help"), ann.get("help"), false);
        let unit = self.text(&format!("{aptr}/unit"), ann.get("unit"), false);
        let reverse = ann.get("reverse").and_then(Value::as_bool).unwrap_or(false);
        let (options_value, options_ptr) = match kind {
            QuestionKind::Multiple => (q.get("items").and_then(|i| i.get("oneOf")), format!("{ptr}/items/oneOf")),
            _ => (q.get("oneOf"), format!("{ptr}/oneOf")),
        };
        let mut options = match kind {
            QuestionKind::Scored | QuestionKind::Single | QuestionKind::Multiple => {
                self.options(options_value, &options_ptr, kind)
            }
            _ => Vec::new(),
        };
        if kind == QuestionKind::Scored {
            self.scale(&mut options, &options_ptr, reverse, scale_top);
        } else if reverse {
            self.problem(format!("{aptr}/reverse"), "only scored questions can be reversed");
        }
        Some(Question {
            id: id.to_string(),
            kind,
            subpillar,
            profile,
            text,
            help,
            unit,
            required: required.iter().any(|r| r == id),
            relevant: None,
            weight: Self::weight(ann),
            reverse,
            options,
            bounds: (q.get("minimum").and_then(Value::as_f64), q.get("maximum").and_then(Value::as_f64)),
            max_length: q.get("maxLength").and_then(Value::as_u64),
        })
    }

    pub(super) fn profiles(&mut self, questions: &[Question]) {
        let mut seen: HashMap<String, String> = HashMap::new();
        for q in questions {
            if let Some(p) = &q.profile {
                let ptr = format!("/properties/{}/x-dra/profile", escape_token(&q.id));
                self.unique_id(&mut seen, p, &ptr, "profile field");
            }
        }
        match questions.iter().find(|q| q.profile.as_deref() == Some(GROUP_PROFILE)) {
            None => self.problem(
                "/properties",
                "no stakeholder-group question: add a required \"single\" question with \"profile\": \"group\"",
            ),
            Some(q) => {
                let ptr = format!("/properties/{}", escape_token(&q.id));
                if q.kind != QuestionKind::Single {
                    self.problem(
                        format!("{ptr}/x-dra/type"),
                        "the stakeholder-group question must be a \"single\" choice",
                    );
                }
                if !q.required {
                    self.problem(
                        ptr,
                        format!("the stakeholder-group question \"{}\" must be listed in \"required\"", q.id),
                    );
                }
            }
        }
    }
}
