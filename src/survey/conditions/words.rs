//! A condition in words, for the printed form, `survey show` and the report's method annex.

use serde_json::Value;

use super::{Compare, Condition};
use crate::survey::model::{Question, Survey};

impl Condition {
    /// The condition in words, in Spanish (`es`) or English: `name` names a question (its number
    /// on paper, its text on screen); options are named by their labels in `lang`.
    pub fn in_words(&self, survey: &Survey, lang: &str, name: &dyn Fn(&Question) -> String) -> String {
        let es = lang == "es";
        let d = survey.default_language.as_str();
        let q_name = |id: &str| survey.question(id).map_or_else(|| format!("\"{id}\""), name);
        let value = |id: &str, v: &Value| {
            let label = survey
                .question(id)
                .and_then(|q| q.option(v))
                .map_or_else(|| crate::survey::response::form_value(v), |o| o.label.get(lang, d).to_string());
            if es { format!("«{label}»") } else { format!("“{label}”") }
        };
        let nested = |c: &Condition| {
            let text = c.in_words(survey, lang, name);
            if matches!(c, Self::All(_) | Self::Any(_)) { format!("({text})") } else { text }
        };
        match self {
            Self::Equals { question, value: v } => {
                if es {
                    format!("{} es {}", q_name(question), value(question, v))
                } else {
                    format!("{} is {}", q_name(question), value(question, v))
                }
            }
            Self::In { question, values } => {
                let listed: Vec<String> = values.iter().map(|v| value(question, v)).collect();
                let or = if es { " o " } else { " or " };
                if es {
                    format!("{} es {}", q_name(question), listed.join(or))
                } else {
                    format!("{} is {}", q_name(question), listed.join(or))
                }
            }
            Self::Selected { question, value: v } => {
                if es {
                    format!("marcó {} en {}", value(question, v), q_name(question))
                } else {
                    format!("{} is ticked in {}", value(question, v), q_name(question))
                }
            }
            Self::Answered { question } => {
                if es {
                    format!("respondió {}", q_name(question))
                } else {
                    format!("{} is answered", q_name(question))
                }
            }
            Self::Compare { question, op, bound } => {
                let b = crate::survey::response::form_value(bound);
                let b = if es { b.replace('.', ",") } else { b };
                let words = match (op, es) {
                    (Compare::Greater, true) => "es mayor que",
                    (Compare::AtLeast, true) => "es al menos",
                    (Compare::Less, true) => "es menor que",
                    (Compare::AtMost, true) => "es como máximo",
                    (Compare::Greater, false) => "is more than",
                    (Compare::AtLeast, false) => "is at least",
                    (Compare::Less, false) => "is less than",
                    (Compare::AtMost, false) => "is at most",
                };
                format!("{} {words} {b}", q_name(question))
            }
            Self::All(cs) => cs.iter().map(nested).collect::<Vec<_>>().join(if es { " y " } else { " and " }),
            Self::Any(cs) => cs.iter().map(nested).collect::<Vec<_>>().join(if es { " o " } else { " or " }),
            Self::Not(c) => {
                if es {
                    format!("no se cumple que {}", nested(c))
                } else {
                    format!("it is not so that {}", nested(c))
                }
            }
        }
    }
}
