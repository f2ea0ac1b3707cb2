//! The compiled, immutable survey: what every other module reads instead of raw JSON.

use serde::Serialize;
use serde_json::Value;

use super::conditions::Condition;
use super::i18n::I18n;

/// A checked survey definition. Built only by [`super::compile`], so its invariants hold:
/// ids are unique, references resolve, every question is on exactly one page.
#[derive(Debug, Clone, Serialize)]
pub struct Survey {
    pub id: String,
    pub version: String,
    /// SHA-256 (hex) of the definition's compact JSON: the identity of a stored version.
    pub content_hash: String,
    pub languages: Vec<String>,
    pub default_language: String,
    pub title: I18n,
    pub description: I18n,
    /// Maturity stages, lowest first; the score scale runs from 1 to `stages.len()`.
    pub stages: Vec<I18n>,
    pub min_coverage: f64,
    /// A single-choice (not scored) question with more options than this is a drop-down list
    /// on the form (`x-dra.select_over`; 12 when not said).
    pub select_over: usize,
    /// What the first screen says of the consultation, before the questions (`x-dra.welcome`;
    /// empty: the form says it in its own words, from the campaign).
    pub welcome: I18n,
    /// The statement a respondent agrees to before answering (`x-dra.consent`). Empty: no
    /// explicit consent step; otherwise nothing is stored until the respondent agrees.
    pub consent: I18n,
    /// How many minutes answering takes, as the definition says (`x-dra.minutes`); `None`: the
    /// form estimates it from the questions.
    pub minutes: Option<u32>,
    pub pillars: Vec<Pillar>,
    /// Questions in form order.
    pub questions: Vec<Question>,
    pub pages: Vec<Page>,
    /// The definition itself: the JSON Schema a response must satisfy.
    #[serde(skip)]
    pub schema: Value,
}

#[derive(Debug, Clone, Serialize)]
pub struct Pillar {
    pub id: String,
    pub label: I18n,
    pub description: I18n,
    pub weight: f64,
    pub subpillars: Vec<SubPillar>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SubPillar {
    pub id: String,
    pub label: I18n,
    pub description: I18n,
    pub weight: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum QuestionKind {
    /// Single choice whose options carry scores: the core of an assessment.
    Scored,
    /// Single choice without scores (profile questions such as the stakeholder group).
    Single,
    Multiple,
    Number,
    Text,
}

impl QuestionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Scored => "scored",
            Self::Single => "single",
            Self::Multiple => "multiple",
            Self::Number => "number",
            Self::Text => "text",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Question {
    pub id: String,
    pub kind: QuestionKind,
    /// The sub-pillar a scored question measures (or whose comment box a text question is).
    pub subpillar: Option<String>,
    /// For profile questions: the field analysts disaggregate by (`group`, `department`, …).
    pub profile: Option<String>,
    pub text: I18n,
    pub help: I18n,
    pub unit: I18n,
    /// Whether an answer is required (for a conditional question: whenever it is asked).
    pub required: bool,
    /// When the question is asked (`x-dra.relevant`); `None`: always.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub relevant: Option<Condition>,
    pub weight: f64,
    pub reverse: bool,
    /// Choices of single, scored and multiple questions, in the order written.
    pub options: Vec<AnswerOption>,
    /// `minimum` and `maximum` of a number question.
    pub bounds: (Option<f64>, Option<f64>),
    /// `maxLength` of a text question.
    pub max_length: Option<u64>,
}

/// Why an answer is not a score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MissingCode {
    DontKnow,
    NotApplicable,
}

#[derive(Debug, Clone, Serialize)]
pub struct AnswerOption {
    /// The value a response holds (a JSON string or integer).
    pub value: Value,
    pub label: I18n,
    /// The score as written (scored questions, substantive options only).
    pub score: Option<f64>,
    pub missing: Option<MissingCode>,
    /// The score on the stage scale 1..=S, after reversal (scored, substantive options only).
    pub scale_value: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Page {
    pub id: String,
    pub title: I18n,
    pub questions: Vec<String>,
}

impl Survey {
    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }

    /// The page (0-based) a question is on; the first page for a question on none.
    pub fn page_of(&self, question: &str) -> usize {
        self.pages.iter().position(|p| p.questions.iter().any(|q| q == question)).unwrap_or(0)
    }

    pub fn scored_questions(&self) -> impl Iterator<Item = &Question> {
        self.questions.iter().filter(|q| q.kind == QuestionKind::Scored)
    }

    pub fn profile_questions(&self) -> impl Iterator<Item = &Question> {
        self.questions.iter().filter(|q| q.profile.is_some())
    }

    /// Scored questions of one sub-pillar, in form order.
    pub fn items_of<'a>(&'a self, subpillar: &'a str) -> impl Iterator<Item = &'a Question> + 'a {
        self.scored_questions().filter(move |q| q.subpillar.as_deref() == Some(subpillar))
    }

    /// The stage (0-based index into `stages`) of a score on the 1..=S scale: its integer part.
    pub fn stage_of(&self, score: f64) -> usize {
        let top = self.stages.len().max(1);
        let floor = score.floor();
        if floor.is_nan() || floor < 1.0 { 0 } else { (floor as usize).min(top) - 1 }
    }
}

impl Question {
    /// The option whose value equals `value`, if any.
    pub fn option(&self, value: &Value) -> Option<&AnswerOption> {
        self.options.iter().find(|o| values_equal(&o.value, value))
    }
}

/// JSON equality where 3 and 3.0 are the same answer, as JSON Schema's `const` treats them.
pub fn values_equal(a: &Value, b: &Value) -> bool {
    match (a.as_f64(), b.as_f64()) {
        (Some(x), Some(y)) => x == y,
        _ => a == b,
    }
}
