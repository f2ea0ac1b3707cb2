//! What a questionnaire page shows: the questions of one page in the respondent's language, with
//! their current answers and errors, ready for the `form.html` template.

use serde_json::{Map, Value};

use std::collections::HashSet;

use crate::i18n;
use crate::survey::conditions::not_applying;
use crate::survey::response::{FieldErrors, form_value, is_answered};
use crate::survey::{Page, Question, QuestionKind, Survey};

/// Fixed texts of the form in the respondent's language (falling back to the survey's default).
pub struct Ui {
    pub page_of: String,
    pub previous: &'static str,
    pub next: &'static str,
    pub save: &'static str,
    pub submit: &'static str,
    /// The button to the review page, which submits.
    pub review: &'static str,
    pub required: &'static str,
    pub fix_these: String,
    pub language: &'static str,
    /// The empty first entry of a drop-down list.
    pub choose: &'static str,
    pub saved: &'static str,
    pub progress: &'static str,
}

impl Ui {
    pub fn new(lang: &str, default: &str, page: usize, pages: usize, errors: usize) -> Self {
        let t = |id| i18n::t_or(lang, default, id);
        let f = |id, args: &[(&str, i18n::Arg)]| i18n::format_or(lang, default, id, args);
        Self {
            page_of: f("form-page-of", &[("page", page.into()), ("pages", pages.into())]),
            previous: t("form-previous"),
            next: t("form-next"),
            save: t("form-save"),
            submit: t("form-submit"),
            review: t("form-review"),
            required: t("form-required"),
            fix_these: f("form-fix-these", &[("n", errors.into())]),
            language: t("form-language"),
            choose: t("form-choose"),
            saved: t("form-saved"),
            progress: t("form-progress"),
        }
    }
}

pub struct OptionView {
    pub id: String,
    pub value: String,
    pub label: String,
    pub checked: bool,
}

pub struct QuestionView {
    pub id: String,
    /// `choice`, `select` (a long single-choice list), `multiple`, `number` or `text`.
    pub kind: &'static str,
    pub text: String,
    pub help: String,
    pub unit: String,
    pub required: bool,
    pub error: Option<String>,
    /// The sub-pillar title to show before this question, when it starts a sub-pillar.
    pub heading: Option<String>,
    pub options: Vec<OptionView>,
    /// "Don't know" and "not applicable", set apart from the scale.
    pub missing: Vec<OptionView>,
    /// Current text of a number or text input.
    pub value: String,
    pub min: String,
    pub max: String,
    pub max_length: String,
    /// Shown but not changeable (the stakeholder group of an invited participant).
    pub locked: bool,
}

/// An error listed at the top, with the page it is on (1-based).
pub struct ErrorLink {
    pub id: String,
    pub text: String,
    pub page: usize,
}

/// Where a returning respondent continues (0-based): the first page shown with no answer at all;
/// else the first with an unanswered question that is not a comment box; else the last page
/// shown. Only questions that apply count (a page of questions that do not apply is not shown).
pub fn resume_page(survey: &Survey, answers: &Map<String, Value>) -> usize {
    let hidden = not_applying(survey, answers);
    let shown: Vec<(usize, Vec<&str>)> =
        survey.pages.iter().enumerate().map(|(i, p)| (i, asked(p, &hidden))).filter(|(_, qs)| !qs.is_empty()).collect();
    let untouched = shown.iter().find(|(_, qs)| !qs.iter().any(|q| is_answered(answers, q)));
    untouched
        .or_else(|| {
            shown.iter().find(|(_, qs)| {
                qs.iter().any(|q| {
                    !is_answered(answers, q) && survey.question(q).is_some_and(|x| x.kind != QuestionKind::Text)
                })
            })
        })
        .or(shown.last())
        .map_or(0, |(i, _)| *i)
}

/// The questions of a page that are asked, given the questions that do not apply.
fn asked<'p>(page: &'p Page, hidden: &HashSet<&str>) -> Vec<&'p str> {
    page.questions.iter().map(String::as_str).filter(|q| !hidden.contains(q)).collect()
}

/// The pages a respondent with `answers` is shown (0-based, in order): those with a question that
/// applies. A page whose every question does not apply is skipped.
pub fn shown_pages(survey: &Survey, answers: &Map<String, Value>) -> Vec<usize> {
    let hidden = not_applying(survey, answers);
    survey.pages.iter().enumerate().filter(|(_, p)| !asked(p, &hidden).is_empty()).map(|(i, _)| i).collect()
}

/// The page to show for a request of `page` (0-based): it, if it is shown; else the next page
/// shown; else the last page shown before it; else it.
pub fn page_to_show(shown: &[usize], page: usize) -> usize {
    shown.iter().copied().find(|&p| p >= page).or_else(|| shown.last().copied()).unwrap_or(page)
}

/// The page (0-based) a question is on.
pub fn page_of(survey: &Survey, question: &str) -> usize {
    survey.page_of(question)
}

fn id_of(q: &str, suffix: &str) -> String {
    let clean: String = q.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '_' }).collect();
    format!("q-{clean}{suffix}")
}

/// The questions of page `page` (0-based) that apply to a respondent with `answers`.
pub fn questions(
    survey: &Survey,
    page: usize,
    lang: &str,
    answers: &Map<String, Value>,
    errors: &FieldErrors,
    locked: Option<&str>,
) -> Vec<QuestionView> {
    let d = survey.default_language.as_str();
    let Some(p) = survey.pages.get(page) else { return Vec::new() };
    let hidden = not_applying(survey, answers);
    let mut last_sub: Option<String> = None;
    let mut out = Vec::new();
    for qid in &p.questions {
        if hidden.contains(qid.as_str()) {
            continue;
        }
        let Some(q) = survey.question(qid) else { continue };
        let heading = match &q.subpillar {
            Some(s) if last_sub.as_deref() != Some(s) => {
                last_sub = Some(s.clone());
                survey
                    .pillars
                    .iter()
                    .flat_map(|p| &p.subpillars)
                    .find(|x| &x.id == s)
                    .map(|x| x.label.get(lang, d).to_string())
            }
            _ => None,
        };
        let current = answers.get(qid);
        let chosen: Vec<String> = match current {
            Some(Value::Array(a)) => a.iter().map(form_value).collect(),
            Some(v) => vec![form_value(v)],
            None => Vec::new(),
        };
        let mut options = Vec::new();
        let mut missing = Vec::new();
        for (i, o) in q.options.iter().enumerate() {
            let value = form_value(&o.value);
            let view = OptionView {
                id: id_of(qid, &format!("-{i}")),
                checked: chosen.contains(&value),
                value,
                label: o.label.get(lang, d).to_string(),
            };
            if o.missing.is_some() { missing.push(view) } else { options.push(view) }
        }
        let kind = match q.kind {
            // A long list (departments, sectors) is a native drop-down: one line on a phone.
            QuestionKind::Single if options.len() > survey.select_over => "select",
            QuestionKind::Scored | QuestionKind::Single => "choice",
            QuestionKind::Multiple => "multiple",
            QuestionKind::Number => "number",
            QuestionKind::Text => "text",
        };
        let fmt = |x: Option<f64>| x.map(|v| v.to_string()).unwrap_or_default();
        out.push(QuestionView {
            id: qid.clone(),
            kind,
            text: q.text.get(lang, d).to_string(),
            help: q.help.get(lang, d).to_string(),
            unit: q.unit.get(lang, d).to_string(),
            required: q.required,
            error: errors.get(qid).cloned(),
            heading,
            options,
            missing,
            value: if matches!(q.kind, QuestionKind::Number | QuestionKind::Text) {
                chosen.first().cloned().unwrap_or_default()
            } else {
                String::new()
            },
            min: fmt(q.bounds.0),
            max: fmt(q.bounds.1),
            max_length: q.max_length.map(|m| m.to_string()).unwrap_or_default(),
            locked: locked == Some(qid.as_str()),
        });
    }
    out
}

/// One page of a response as its respondent reads it back: the page's title and each answered
/// question with its answer in words.
pub struct AnsweredPage {
    pub title: String,
    pub items: Vec<(String, String)>,
}

/// A response read back, page by page, in `lang` (options by their labels, numbers with their
/// unit); unanswered questions are left out and counted.
pub fn answered(survey: &Survey, lang: &str, answers: &Map<String, Value>) -> (Vec<AnsweredPage>, usize) {
    let fallback = survey.default_language.as_str();
    let mut unanswered = 0;
    let pages = survey
        .pages
        .iter()
        .map(|p| {
            let items = p
                .questions
                .iter()
                .filter_map(|id| survey.question(id))
                .filter(|q| {
                    let answered = is_answered(answers, &q.id);
                    unanswered += usize::from(!answered);
                    answered
                })
                .map(|q| (q.text.get(lang, fallback).to_string(), answer_text(q, lang, fallback, answers)))
                .collect();
            AnsweredPage { title: p.title.get(lang, fallback).to_string(), items }
        })
        .filter(|p| !p.items.is_empty())
        .collect();
    (pages, unanswered)
}

/// An answer in words, in `lang`: options by their labels (several joined by "; "), numbers with
/// their unit; "" when unanswered.
pub fn answer_text(q: &Question, lang: &str, fallback: &str, answers: &Map<String, Value>) -> String {
    let shown = |v: &Value| {
        q.options
            .iter()
            .find(|o| &o.value == v)
            .map_or_else(|| form_value(v), |o| o.label.get(lang, fallback).to_string())
    };
    match answers.get(&q.id) {
        Some(Value::Array(values)) => values.iter().map(shown).collect::<Vec<_>>().join("; "),
        Some(v) => {
            let unit = q.unit.get(lang, fallback);
            if unit.is_empty() { shown(v) } else { format!("{} {unit}", shown(v)) }
        }
        None => String::new(),
    }
}
