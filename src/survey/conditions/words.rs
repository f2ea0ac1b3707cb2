//! A condition in words, for the printed form, `survey show` and the report's method annex.

use crate::i18n::t;
use serde_json::Value;

use super::{Compare, Condition};
use crate::survey::model::{Question, Survey};

impl Condition {
    /// The condition in words, in `lang` (from the message catalogs): `name` names a question (its number
    /// on paper, its text on screen); options are named by their labels in `lang`.
    pub fn in_words(&self, survey: &Survey, lang: &str, name: &dyn Fn(&Question) -> String) -> String {
        let f = crate::i18n::format;
        let d = survey.default_language.as_str();
        let q_name = |id: &str| survey.question(id).map_or_else(|| format!("\"{id}\""), name);
        let value = |id: &str, v: &Value| {
            let label = survey
                .question(id)
                .and_then(|q| q.option(v))
                .map_or_else(|| crate::survey::response::form_value(v), |o| o.label.get(lang, d).to_string());
            f(lang, "words-quoted", &[("text", label.into())])
        };
        let nested = |c: &Condition| {
            let text = c.in_words(survey, lang, name);
            if matches!(c, Self::All(_) | Self::Any(_)) { format!("({text})") } else { text }
        };
        match self {
            Self::Equals { question, value: v } => {
                f(lang, "words-is", &[("question", q_name(question).into()), ("value", value(question, v).into())])
            }
            Self::In { question, values } => {
                let listed: Vec<String> = values.iter().map(|v| value(question, v)).collect();
                let or = t(lang, "words-or");
                f(lang, "words-is", &[("question", q_name(question).into()), ("value", listed.join(or).into())])
            }
            Self::Selected { question, value: v } => {
                f(lang, "words-ticked", &[("question", q_name(question).into()), ("value", value(question, v).into())])
            }
            Self::Answered { question } => f(lang, "words-answered", &[("question", q_name(question).into())]),
            Self::Compare { question, op, bound } => {
                let b = crate::survey::response::form_value(bound);
                let b = if crate::i18n::t(lang, "decimal-separator") == "," { b.replace('.', ",") } else { b };
                let words = match op {
                    Compare::Greater => t(lang, "words-greater"),
                    Compare::AtLeast => t(lang, "words-at-least"),
                    Compare::Less => t(lang, "words-less"),
                    Compare::AtMost => t(lang, "words-at-most"),
                };
                format!("{} {words} {b}", q_name(question))
            }
            Self::All(cs) => cs.iter().map(nested).collect::<Vec<_>>().join(t(lang, "words-and")),
            Self::Any(cs) => cs.iter().map(nested).collect::<Vec<_>>().join(t(lang, "words-or")),
            Self::Not(c) => f(lang, "words-not", &[("condition", nested(c).into())]),
        }
    }
}
