//! The survey prepared for counting: scored items, sub-pillars and pillars as dense indices, each
//! item's options as small codes (0 = no answer, `i + 1` = option `i`, `k + 1` for an item of `k`
//! options = the item does not apply to the respondent), a question-id lookup, and the survey's
//! conditions in the order they are evaluated.

use std::collections::HashMap;

use serde_json::Value;

use crate::survey::conditions::Condition;
use crate::survey::{MissingCode, QuestionKind, Survey};

use super::AnalysisError;

/// What an answer code means.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum CodeKind {
    /// A substantive answer with its value on the stage scale.
    Scale(f64),
    DontKnow,
    NotApplicable,
    /// Code 0: the question was not answered.
    NoAnswer,
    /// The last code: the question was not asked, its condition does not hold on the respondent's
    /// earlier answers ("not applicable by design"). Apart from "don't know" and from no answer.
    NotAsked,
}

/// One scored question.
#[derive(Debug, Clone)]
pub(crate) struct Item {
    pub id: String,
    pub sub: usize,
    pub pillar: usize,
    pub weight: f64,
    /// Option values in definition order.
    pub values: Vec<Value>,
    /// Indexed by code: `codes[0]` is `NoAnswer`, `codes[i + 1]` is option `i`, the last one
    /// `NotAsked`.
    pub codes: Vec<CodeKind>,
    /// Whether the item is asked only under a condition (only then may its code be `NotAsked`).
    pub conditional: bool,
    /// ln of each code's scale value (0 where not a score): geometric means without a log per answer.
    pub logs: Vec<f64>,
    /// Option values as text (see [`value_text`]) with their codes, for CSV cells.
    pub texts: Vec<(Box<str>, u8)>,
    /// Code of each one-byte option text (0 = none): the fast path of CSV reading.
    pub byte_codes: [u8; 256],
}

#[derive(Debug, Clone)]
pub(crate) struct Sub {
    pub id: String,
    pub pillar: usize,
    pub weight: f64,
    pub items: Vec<usize>,
}

#[derive(Debug, Clone)]
pub(crate) struct PillarInfo {
    pub id: String,
    pub subs: Vec<usize>,
    pub items: Vec<usize>,
}

/// Where a question id leads when reading answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Slot {
    Item(usize),
    /// The profile question analysed with `--by`.
    By,
    /// A question a condition reads: its answer is kept in `answers[slot]` (and is also item
    /// `item`'s answer, or the `by` field's, when it is one).
    Read {
        slot: usize,
        item: Option<usize>,
        by: bool,
    },
}

/// A conditional question: when its condition does not hold, an item's code becomes `NotAsked`
/// and a kept answer is dropped (for the conditions that read it).
#[derive(Debug, Clone)]
pub(crate) struct Conditional {
    pub condition: Condition,
    pub item: Option<usize>,
    pub slot: Option<usize>,
}

/// The prepared survey.
#[derive(Debug, Clone)]
pub(crate) struct Layout {
    pub items: Vec<Item>,
    pub subs: Vec<Sub>,
    pub pillars: Vec<PillarInfo>,
    pub lookup: HashMap<Box<str>, Slot>,
    /// Values of the group question's options, in definition order.
    pub group_values: Vec<String>,
    /// Values of the `by` profile question's options (if it has options), in definition order.
    pub by_values: Vec<String>,
    /// The `by` field's position among the compact profile codes
    /// ([`super::codes::profile_fields`]); `None` when the codes do not hold it.
    pub by_code: Option<usize>,
    /// The conditional questions, page by page (the order their conditions are evaluated in).
    pub conditionals: Vec<Conditional>,
    /// The questions conditions read, by id: their slot in the kept answers.
    pub read: HashMap<Box<str>, usize>,
}

/// A scalar JSON value as the text that identifies it (strings unquoted, numbers as written).
pub(crate) fn value_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

impl Item {
    /// The code of "not asked": the last one.
    pub fn not_asked(&self) -> u8 {
        u8::try_from(self.codes.len().saturating_sub(1)).unwrap_or(u8::MAX)
    }
}

/// The conditional questions in evaluation order (page by page), and the slots of the questions
/// their conditions read, marked in `lookup`.
fn conditionals(survey: &Survey, lookup: &mut HashMap<Box<str>, Slot>) -> (Vec<Conditional>, HashMap<Box<str>, usize>) {
    let mut read: HashMap<Box<str>, usize> = HashMap::new();
    for q in &survey.questions {
        for id in q.relevant.iter().flat_map(|c| c.questions()) {
            let next = read.len();
            read.entry(id.into()).or_insert(next);
        }
    }
    for (id, &slot) in &read {
        let (item, by) = match lookup.get(id) {
            Some(Slot::Item(i)) => (Some(*i), false),
            Some(Slot::By) => (None, true),
            _ => (None, false),
        };
        lookup.insert(id.clone(), Slot::Read { slot, item, by });
    }
    let mut out = Vec::new();
    for id in survey.pages.iter().flat_map(|p| &p.questions) {
        let Some(q) = survey.question(id) else { continue };
        let Some(c) = &q.relevant else { continue };
        let item = match lookup.get(id.as_str()) {
            Some(Slot::Item(i)) | Some(Slot::Read { item: Some(i), .. }) => Some(*i),
            _ => None,
        };
        out.push(Conditional { condition: c.clone(), item, slot: read.get(id.as_str()).copied() });
    }
    (out, read)
}

impl Layout {
    pub fn new(survey: &Survey, by: Option<&str>) -> Result<Self, AnalysisError> {
        let mut subs = Vec::new();
        let mut pillars = Vec::new();
        let mut sub_index = HashMap::new();
        for (pi, p) in survey.pillars.iter().enumerate() {
            let mut ids = Vec::new();
            for s in &p.subpillars {
                sub_index.insert(s.id.as_str(), subs.len());
                ids.push(subs.len());
                subs.push(Sub { id: s.id.clone(), pillar: pi, weight: s.weight, items: Vec::new() });
            }
            pillars.push(PillarInfo { id: p.id.clone(), subs: ids, items: Vec::new() });
        }
        let mut items = Vec::new();
        let mut lookup = HashMap::new();
        let mut group_values = Vec::new();
        let mut by_values = Vec::new();
        let mut by_found = by.is_none();
        for q in &survey.questions {
            if q.profile.as_deref() == Some("group") {
                group_values = q.options.iter().map(|o| value_text(&o.value)).collect();
            }
            if by.is_some() && q.profile.as_deref() == by {
                if by == Some("group") {
                    return Err(AnalysisError::BadBy("group is already the row of every table".into()));
                }
                by_values = q.options.iter().map(|o| value_text(&o.value)).collect();
                lookup.insert(q.id.clone().into_boxed_str(), Slot::By);
                by_found = true;
            }
            if q.kind != QuestionKind::Scored {
                continue;
            }
            let Some(&sub) = q.subpillar.as_deref().and_then(|s| sub_index.get(s)) else { continue };
            if q.options.len() > usize::from(u8::MAX) - 2 {
                return Err(AnalysisError::TooManyOptions(q.id.clone()));
            }
            let mut codes = vec![CodeKind::NoAnswer];
            for o in &q.options {
                codes.push(match (o.missing, o.scale_value) {
                    (Some(MissingCode::DontKnow), _) => CodeKind::DontKnow,
                    (Some(MissingCode::NotApplicable), _) => CodeKind::NotApplicable,
                    (None, Some(v)) => CodeKind::Scale(v),
                    (None, None) => CodeKind::NoAnswer,
                });
            }
            codes.push(CodeKind::NotAsked);
            let logs = codes.iter().map(|k| if let CodeKind::Scale(v) = k { v.ln() } else { 0.0 }).collect();
            let texts: Vec<(Box<str>, u8)> =
                q.options.iter().zip(1u8..).map(|(o, c)| (value_text(&o.value).into_boxed_str(), c)).collect();
            let mut byte_codes = [0u8; 256];
            for (t, c) in &texts {
                if let [b] = t.as_bytes() {
                    byte_codes[usize::from(*b)] = *c;
                }
            }
            let idx = items.len();
            let pillar = subs[sub].pillar;
            subs[sub].items.push(idx);
            pillars[pillar].items.push(idx);
            lookup.insert(q.id.clone().into_boxed_str(), Slot::Item(idx));
            items.push(Item {
                id: q.id.clone(),
                sub,
                pillar,
                weight: q.weight,
                values: q.options.iter().map(|o| o.value.clone()).collect(),
                texts,
                byte_codes,
                logs,
                codes,
                conditional: q.relevant.is_some(),
            });
        }
        if !by_found {
            return Err(AnalysisError::BadBy(format!("no profile question has profile \"{}\"", by.unwrap_or(""))));
        }
        let (conditionals, read) = conditionals(survey, &mut lookup);
        // The codes hold the field when exactly one question carries that profile role.
        let by_code = by
            .filter(|b| survey.questions.iter().filter(|q| q.profile.as_deref() == Some(*b)).count() == 1)
            .and_then(|b| super::codes::profile_fields(survey).position(|q| q.profile.as_deref() == Some(b)));
        Ok(Self { items, subs, pillars, lookup, group_values, by_values, by_code, conditionals, read })
    }

    /// Applies the conditions to one respondent's codes, given the answers of the questions they
    /// read (`answers[slot]`): an item that does not apply gets its `NotAsked` code, whatever it
    /// held; a question that does not apply has its kept answer dropped, so a chain follows.
    pub fn apply_conditions(&self, codes: &mut [u8], answers: &mut [Option<Value>]) {
        for c in &self.conditionals {
            let holds = c.condition.holds(&|q: &str| self.read.get(q).and_then(|&k| answers.get(k)?.as_ref()));
            if holds {
                continue;
            }
            if let Some(a) = c.slot.and_then(|k| answers.get_mut(k)) {
                *a = None;
            }
            if let Some(i) = c.item
                && let (Some(it), Some(code)) = (self.items.get(i), codes.get_mut(i))
            {
                *code = it.not_asked();
            }
        }
    }

    /// The code of the option whose value is a number equal to `x`.
    pub fn code_of_number(&self, item: usize, x: f64) -> Option<u8> {
        let it = self.items.get(item)?;
        let pos = it.values.iter().position(|v| v.as_f64() == Some(x))?;
        u8::try_from(pos + 1).ok()
    }

    /// The code of the option whose value is the string `s`.
    pub fn code_of_str(&self, item: usize, s: &str) -> Option<u8> {
        let it = self.items.get(item)?;
        let pos = it.values.iter().position(|v| v.as_str() == Some(s))?;
        u8::try_from(pos + 1).ok()
    }

    /// The code of an option given as text (a CSV cell): a string value, else a number.
    pub fn code_of_text(&self, item: usize, text: &str) -> Option<u8> {
        if let [b] = text.as_bytes() {
            let c = self.items.get(item)?.byte_codes[usize::from(*b)];
            if c > 0 {
                return Some(c);
            }
        }
        if let Some(&(_, c)) = self.items.get(item)?.texts.iter().find(|(t, _)| &**t == text) {
            return Some(c);
        }
        self.code_of_str(item, text)
            .or_else(|| text.trim().parse::<f64>().ok().and_then(|x| self.code_of_number(item, x)))
    }
}
