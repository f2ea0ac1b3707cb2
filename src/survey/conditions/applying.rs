//! Which questions apply to a respondent, from their answers: the conditions evaluated page by
//! page, so that a chain of conditions follows.

use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value};

use crate::survey::model::Survey;

/// Which questions apply to a respondent with `answers`, by position in `survey.questions`. A
/// question applies when it has no condition, or when its condition holds on the answers of the
/// questions that apply: conditions are evaluated page by page (they read earlier pages only), so
/// an answer to a question that does not apply never makes another one apply.
pub fn applying(survey: &Survey, answers: &Map<String, Value>) -> Vec<bool> {
    let mut applies = vec![true; survey.questions.len()];
    if survey.questions.iter().all(|q| q.relevant.is_none()) {
        return applies;
    }
    let index: HashMap<&str, usize> = survey.questions.iter().enumerate().map(|(i, q)| (q.id.as_str(), i)).collect();
    for id in survey.pages.iter().flat_map(|p| &p.questions) {
        let Some(&i) = index.get(id.as_str()) else { continue };
        let Some(c) = survey.questions.get(i).and_then(|q| q.relevant.as_ref()) else { continue };
        let holds = c.holds(&|q: &str| {
            index.get(q).filter(|&&j| applies.get(j).copied().unwrap_or(true)).and_then(|_| answers.get(q))
        });
        if let Some(a) = applies.get_mut(i) {
            *a = holds;
        }
    }
    applies
}

/// Removes the answers to questions that do not apply (an earlier answer changed since they were
/// given); the ids removed, in survey order.
pub fn prune(survey: &Survey, answers: &mut Map<String, Value>) -> Vec<String> {
    let applying = applying(survey, answers);
    let mut removed = Vec::new();
    for (q, applies) in survey.questions.iter().zip(applying) {
        if !applies && answers.remove(&q.id).is_some() {
            removed.push(q.id.clone());
        }
    }
    removed
}

/// The ids of the questions that do not apply to a respondent with `answers` (see [`applying`]).
pub fn not_applying<'s>(survey: &'s Survey, answers: &Map<String, Value>) -> HashSet<&'s str> {
    survey.questions.iter().zip(applying(survey, answers)).filter(|(_, a)| !a).map(|(q, _)| q.id.as_str()).collect()
}
