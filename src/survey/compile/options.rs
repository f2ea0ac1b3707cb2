//! Answer options: values distinct, labels in every language, scores only where they belong,
//! missing codes; and the placing of a scored question's options on the stage scale.

use serde_json::Value;

use super::{Cx, describe, str_at};
use crate::survey::model::{AnswerOption, MissingCode, QuestionKind, values_equal};

impl Cx {
    pub(super) fn options(&mut self, list: Option<&Value>, ptr: &str, kind: QuestionKind) -> Vec<AnswerOption> {
        let mut out: Vec<AnswerOption> = Vec::new();
        for (i, o) in list.and_then(Value::as_array).into_iter().flatten().enumerate() {
            let optr = format!("{ptr}/{i}");
            let Some(o) = o.as_object() else { continue };
            let Some(value) = o.get("const") else { continue };
            let ann = o.get("x-dra").and_then(Value::as_object);
            let label = self.text(&format!("{optr}/x-dra/label"), ann.and_then(|a| a.get("label")), true);
            if out.iter().any(|prev| values_equal(&prev.value, value)) {
                self.problem(format!("{optr}/const"), format!("duplicate option value {}", describe(value)));
            }
            let missing = match ann.and_then(|a| str_at(a, "missing")) {
                Some("dont_know") => Some(MissingCode::DontKnow),
                Some("not_applicable") => Some(MissingCode::NotApplicable),
                _ => None,
            };
            let explicit = ann.and_then(|a| a.get("score")).and_then(Value::as_f64);
            let score = match kind {
                QuestionKind::Scored if missing.is_none() => {
                    let s = explicit.or_else(|| value.as_f64());
                    if s.is_none() {
                        self.problem(
                            format!("{optr}/x-dra"),
                            format!("option {} has no score: add \"score\", or a \"missing\" code (dont_know, not_applicable) if it is not a score", describe(value)),
                        );
                    }
                    s
                }
                QuestionKind::Scored => {
                    if explicit.is_some() {
                        self.problem(
                            format!("{optr}/x-dra/score"),
                            "an option with a \"missing\" code has no score: it never enters a mean",
                        );
                    }
                    None
                }
                _ => {
                    if explicit.is_some() {
                        self.problem(format!("{optr}/x-dra/score"), "only options of scored questions have scores");
                    }
                    None
                }
            };
            out.push(AnswerOption { value: value.clone(), label, score, missing, scale_value: None });
        }
        out
    }

    /// Places a scored question's substantive options on the stage scale 1..=S.
    pub(super) fn scale(&mut self, options: &mut [AnswerOption], ptr: &str, reverse: bool, top: f64) {
        let mut scores: Vec<f64> = options.iter().filter_map(|o| o.score).collect();
        scores.sort_by(f64::total_cmp);
        if scores.windows(2).any(|w| w[0] == w[1]) {
            let listed: Vec<String> = options.iter().filter_map(|o| o.score).map(|s| s.to_string()).collect();
            self.problem(
                ptr,
                format!(
                    "the option scores are not distinct ({}): each substantive option needs its own score",
                    listed.join(", ")
                ),
            );
            return;
        }
        let k = scores.len();
        if k < 2 {
            self.problem(ptr, format!("a scored question needs at least two options with a score, found {k}"));
            return;
        }
        for o in options.iter_mut() {
            let Some(s) = o.score else { continue };
            let Some(rank) = scores.iter().position(|x| *x == s) else { continue };
            let rank = if reverse { k - 1 - rank } else { rank };
            o.scale_value = Some(1.0 + (top - 1.0) * rank as f64 / (k - 1) as f64);
        }
    }
}
