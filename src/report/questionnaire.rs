//! The printable blank questionnaire (paper path): the survey in one language on A4, a box per
//! option with its value printed small (what is typed into the paper-entry CSV), boxes for the
//! respondent id and the group, and each conditional question's condition in words. Typeset by typst from `reports/questionnaire.typ`.

use crate::i18n::t;
use std::collections::HashMap;

use serde::Serialize;

use super::ReportError;
use crate::survey::response::form_value;
use crate::survey::{QuestionKind, Survey};

/// The template, embedded at build time.
pub const TEMPLATE: &str = include_str!("../../reports/questionnaire.typ");

#[derive(Serialize)]
struct Sheet {
    lang: String,
    title: String,
    campaign: String,
    intro: String,
    labels: Labels,
    respondent: String,
    group: String,
    pages: Vec<SheetPage>,
}

#[derive(Serialize)]
struct Labels {
    respondent: &'static str,
    group: &'static str,
    required: &'static str,
    several: &'static str,
    write: &'static str,
    page: &'static str,
}

#[derive(Serialize)]
struct SheetPage {
    title: String,
    questions: Vec<SheetQuestion>,
}

#[derive(Serialize)]
struct SheetQuestion {
    number: usize,
    heading: String,
    text: String,
    help: String,
    required: bool,
    /// When the question is asked, in words ("Answer only if question 2 is “Yes”."); empty: always.
    condition: String,
    /// `choice`, `multiple`, `number` or `text`.
    kind: &'static str,
    options: Vec<SheetOption>,
    missing: Vec<SheetOption>,
    unit: String,
}

#[derive(Serialize)]
struct SheetOption {
    value: String,
    label: String,
    checked: bool,
}

/// The questionnaire as PDF. `respondent` and `group` pre-fill the boxes (a personal link's
/// print-out); empty leaves them blank for hand-filling.
pub fn pdf(survey: &Survey, lang: &str, campaign: &str, respondent: &str, group: &str) -> Result<Vec<u8>, ReportError> {
    let d = survey.default_language.as_str();
    let f = crate::i18n::format;
    let mut number = 0;
    // Question numbers as printed, for the conditions that name them (earlier pages only).
    let mut numbers: HashMap<&str, usize> = HashMap::new();
    let mut pages = Vec::new();
    for p in &survey.pages {
        let mut last_sub = None;
        let mut questions = Vec::new();
        for qid in &p.questions {
            let Some(q) = survey.question(qid) else { continue };
            number += 1;
            numbers.insert(qid.as_str(), number);
            let condition = q.relevant.as_ref().map_or_else(String::new, |c| {
                let name = |x: &crate::survey::Question| match numbers.get(x.id.as_str()) {
                    Some(n) => f(lang, "questionnaire-question-number", &[("n", (*n).into())]),
                    None => f(lang, "words-quoted", &[("text", x.text.get(lang, d).into())]),
                };
                let words = c.in_words(survey, lang, &name);
                f(lang, "questionnaire-answer-only-if", &[("condition", words.into())])
            });
            let heading = match &q.subpillar {
                Some(s) if last_sub.as_ref() != Some(s) => {
                    last_sub = Some(s.clone());
                    survey
                        .pillars
                        .iter()
                        .flat_map(|x| &x.subpillars)
                        .find(|x| &x.id == s)
                        .map(|x| x.label.get(lang, d).to_string())
                }
                _ => None,
            };
            let (options, missing): (Vec<_>, Vec<_>) = q.options.iter().partition(|o| o.missing.is_none());
            let opt = |o: &&crate::survey::AnswerOption| SheetOption {
                value: form_value(&o.value),
                label: o.label.get(lang, d).to_string(),
                checked: q.profile.as_deref() == Some("group") && !group.is_empty() && form_value(&o.value) == group,
            };
            questions.push(SheetQuestion {
                number,
                heading: heading.unwrap_or_default(),
                text: q.text.get(lang, d).to_string(),
                help: q.help.get(lang, d).to_string(),
                required: q.required,
                condition,
                kind: match q.kind {
                    QuestionKind::Scored | QuestionKind::Single => "choice",
                    QuestionKind::Multiple => "multiple",
                    QuestionKind::Number => "number",
                    QuestionKind::Text => "text",
                },
                options: options.iter().map(opt).collect(),
                missing: missing.iter().map(opt).collect(),
                unit: q.unit.get(lang, d).to_string(),
            });
        }
        pages.push(SheetPage { title: p.title.get(lang, d).to_string(), questions });
    }
    let sheet = Sheet {
        lang: lang.to_string(),
        title: survey.title.get(lang, d).to_string(),
        campaign: campaign.to_string(),
        intro: t(lang, "questionnaire-intro").into(),
        labels: Labels {
            respondent: t(lang, "questionnaire-form-no"),
            group: t(lang, "responses-group"),
            required: t(lang, "questionnaire-required"),
            several: t(lang, "questionnaire-you-may-tick-several"),
            write: t(lang, "questionnaire-write-here"),
            page: t(lang, "questionnaire-page"),
        },
        respondent: respondent.to_string(),
        group: group.to_string(),
        pages,
    };
    let data = serde_json::to_vec(&sheet).map_err(|e| ReportError::Pdf(e.to_string()))?;
    super::pdf::typeset(TEMPLATE, vec![("/data.json".to_string(), data)], None)
}
