//! Conditional questions: each `x-dra.relevant` read and checked against the questions it names
//! (they exist, stand on an earlier page, the values are among their options, the operator fits
//! their kind, no cycle), and the root `allOf` held to the entry each condition derives
//! ([`schema_entry`]): one entry per conditional question, no other.

use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value};

use super::{Cx, GROUP_PROFILE};
use crate::survey::conditions::{Condition, entry_question, leaves, operator, same_json, schema_entry};
use crate::survey::locate::escape_token;
use crate::survey::model::{Page, Question, QuestionKind};

impl Cx {
    /// Reads and checks every condition, sets `relevant` on the conditional questions and their
    /// `required` from their `allOf` entry.
    pub(super) fn conditions(
        &mut self,
        root: &Map<String, Value>,
        questions: &mut [Question],
        pages: &[Page],
        required: &[String],
    ) {
        let props = root.get("properties").and_then(Value::as_object);
        let mut conditions: Vec<(usize, Condition)> = Vec::new();
        // Questions whose condition is wrong in itself: their `allOf` entry waits until it is mended.
        let mut broken: HashSet<String> = HashSet::new();
        for (i, q) in questions.iter().enumerate() {
            let raw = props.and_then(|p| p.get(&q.id)).and_then(|p| p.get("x-dra")).and_then(|a| a.get("relevant"));
            let Some(raw) = raw else { continue };
            match Condition::parse(raw, &relevant_ptr(&q.id)) {
                Ok(c) => conditions.push((i, c)),
                Err(problems) => {
                    self.problems.extend(problems);
                    broken.insert(q.id.clone());
                }
            }
        }
        let page_of: HashMap<&str, usize> =
            pages.iter().enumerate().flat_map(|(i, p)| p.questions.iter().map(move |q| (q.as_str(), i))).collect();
        for (i, c) in &conditions {
            let before = self.problems.len();
            self.references(&questions[*i], c, questions, pages, &page_of);
            if self.problems.len() > before {
                broken.insert(questions[*i].id.clone());
            }
        }
        self.cycles(&conditions, questions);
        for (i, r) in required.iter().enumerate() {
            if conditions.iter().any(|(q, _)| questions[*q].id == *r) {
                self.problem(
                    format!("/required/{i}"),
                    format!(
                        "\"{r}\" is asked only under a condition (\"relevant\"): leave it out of \"required\"; its entry in the root \"allOf\" requires it when it is asked (\"then\": {{\"required\": [\"{r}\"]}})"
                    ),
                );
            }
        }
        let required_when_asked = self.all_of(root, &conditions, questions, &broken);
        for (i, c) in conditions {
            if let Some(q) = questions.get_mut(i) {
                q.required = required_when_asked.get(&q.id).copied().unwrap_or(q.required);
                q.relevant = Some(c);
            }
        }
    }

    /// The questions a condition names: known, not itself, on an earlier page, and asked about in
    /// a way that fits them.
    fn references(
        &mut self,
        q: &Question,
        c: &Condition,
        questions: &[Question],
        pages: &[Page],
        page_of: &HashMap<&str, usize>,
    ) {
        if q.profile.as_deref() == Some(GROUP_PROFILE) {
            self.problem(
                relevant_ptr(&q.id),
                "the stakeholder-group question is asked of everyone: it cannot have a condition",
            );
        }
        let page_name = |i: usize| pages.get(i).map_or_else(String::new, |p| format!("page {} (\"{}\")", i + 1, p.id));
        for (ptr, leaf) in leaves(c, &relevant_ptr(&q.id)) {
            let Some(target) = leaf.question() else { continue };
            let qptr = format!("{ptr}/question");
            let Some(r) = questions.iter().find(|x| x.id == target) else {
                self.problem(qptr, format!("unknown question \"{target}\": a condition reads an answer of the survey"));
                continue;
            };
            if r.id == q.id {
                self.problem(qptr, format!("\"{}\" cannot depend on its own answer", q.id));
                continue;
            }
            match (page_of.get(r.id.as_str()), page_of.get(q.id.as_str())) {
                (Some(&rp), Some(&qp)) if rp == qp => self.problem(
                    qptr,
                    format!(
                        "\"{}\" and \"{}\" are on the same {}: a form without JavaScript cannot show a question on an answer given beside it; a condition reads answers of earlier pages only (put them on different pages)",
                        q.id,
                        r.id,
                        page_name(qp)
                    ),
                ),
                (Some(&rp), Some(&qp)) if rp > qp => self.problem(
                    qptr,
                    format!(
                        "forward reference: \"{}\" on {} depends on \"{}\", which comes later, on {}; a condition reads answers of earlier pages only",
                        q.id,
                        page_name(qp),
                        r.id,
                        page_name(rp)
                    ),
                ),
                _ => {}
            }
            for message in fit(leaf, r) {
                self.problem(format!("{ptr}/{}", escape_token(operator(leaf))), message);
            }
        }
    }

    /// Conditions that wait for each other's answers (earlier pages only rules them out; said
    /// when met all the same, once per cycle). A depth-first search that finds every back edge.
    fn cycles(&mut self, conditions: &[(usize, Condition)], questions: &[Question]) {
        let ids: Vec<&str> = conditions.iter().map(|(i, _)| questions[*i].id.as_str()).collect();
        let index: HashMap<&str, usize> = ids.iter().enumerate().map(|(k, id)| (*id, k)).collect();
        let next: Vec<Vec<usize>> = conditions
            .iter()
            .map(|(_, c)| c.questions().into_iter().filter_map(|q| index.get(q).copied()).collect())
            .collect();
        // 0: not seen; 1: on the current path; 2: done.
        let mut state = vec![0u8; ids.len()];
        for start in 0..ids.len() {
            if state[start] != 0 {
                continue;
            }
            state[start] = 1;
            let mut path: Vec<(usize, usize)> = vec![(start, 0)];
            while let Some(&(v, k)) = path.last() {
                let Some(&w) = next[v].get(k) else {
                    state[v] = 2;
                    path.pop();
                    continue;
                };
                if let Some(top) = path.last_mut() {
                    top.1 += 1;
                }
                match state[w] {
                    0 => {
                        state[w] = 1;
                        path.push((w, 0));
                    }
                    // Back to a question on the path (not itself: that is said where it is read).
                    1 if w != v => {
                        let from = path.iter().position(|(x, _)| *x == w).unwrap_or(0);
                        let shown: Vec<String> = path[from..]
                            .iter()
                            .map(|(x, _)| x)
                            .chain([&w])
                            .map(|x| format!("\"{}\"", ids[*x]))
                            .collect();
                        self.problem(
                            relevant_ptr(ids[w]),
                            format!(
                                "the conditions form a cycle: {} (each waits for the other's answer)",
                                shown.join(" → ")
                            ),
                        );
                    }
                    _ => {}
                }
            }
        }
    }

    /// Holds the root `allOf` to one entry per conditional question, the one its condition
    /// derives; returns whether each conditional question is required when asked (as its entry
    /// says).
    fn all_of(
        &mut self,
        root: &Map<String, Value>,
        conditions: &[(usize, Condition)],
        questions: &[Question],
        broken: &HashSet<String>,
    ) -> HashMap<String, bool> {
        let entries: &[Value] = root.get("allOf").and_then(Value::as_array).map_or(&[], Vec::as_slice);
        let mut of_question: HashMap<&str, Vec<usize>> = HashMap::new();
        for (j, e) in entries.iter().enumerate() {
            match entry_question(e) {
                Some(q) => of_question.entry(q).or_default().push(j),
                None => self.problem(
                    format!("/allOf/{j}"),
                    "the root \"allOf\" holds one entry per conditional question, {\"if\": …, \"then\": …, \"else\": {\"not\": {\"required\": [QUESTION]}}}, and nothing else: remove this entry",
                ),
            }
        }
        let mut required = HashMap::new();
        for (i, c) in conditions {
            let id = questions[*i].id.as_str();
            let Some(found) = of_question.get(id) else {
                if broken.contains(id) {
                    continue;
                }
                let add = schema_entry(id, false, c);
                let add_required = schema_entry(id, true, c);
                self.problem(
                    if entries.is_empty() { String::new() } else { "/allOf".to_string() },
                    format!(
                        "\"{id}\" is asked only under a condition but the root \"allOf\" has no entry for it: add {add} (or, if it must be answered whenever it is asked, {add_required})"
                    ),
                );
                continue;
            };
            let j = found[0];
            let entry = &entries[j];
            let is_required = entry.get("then").is_some_and(|t| t.get("required").is_some());
            required.insert(id.to_string(), is_required);
            let expected = schema_entry(id, is_required, c);
            if !broken.contains(id) && !same_json(entry, &expected) {
                self.problem(
                    format!("/allOf/{j}"),
                    format!("this entry does not say what the condition of \"{id}\" says: put {expected} here"),
                );
            }
            for &extra in &found[1..] {
                self.problem(format!("/allOf/{extra}"), format!("a second entry for \"{id}\": remove it"));
            }
        }
        for (q, js) in &of_question {
            if broken.contains(*q) || conditions.iter().any(|(i, _)| questions[*i].id == *q) {
                continue;
            }
            let message = if questions.iter().any(|x| x.id == *q) {
                format!(
                    "\"{q}\" has no condition (\"relevant\" in its x-dra): remove this entry, or give the question the condition it stands for"
                )
            } else {
                format!("an entry for \"{q}\", which is not a question of the survey: remove it")
            };
            for j in js {
                self.problem(format!("/allOf/{j}"), message.clone());
            }
        }
        required
    }
}

fn relevant_ptr(id: &str) -> String {
    format!("/properties/{}/x-dra/relevant", escape_token(id))
}

/// What is wrong with asking `leaf` of question `r`: an operator that does not fit its kind, a
/// value that is not among its options or not of its type.
fn fit(leaf: &Condition, r: &Question) -> Vec<String> {
    let listed = || r.options.iter().map(|o| o.value.to_string()).collect::<Vec<_>>().join(", ");
    let value_problem = |v: &Value| -> Option<String> {
        match r.kind {
            QuestionKind::Scored | QuestionKind::Single | QuestionKind::Multiple if r.option(v).is_none() => {
                Some(format!("{v} is not an option of \"{}\" (its options: {})", r.id, listed()))
            }
            QuestionKind::Number if !v.is_number() => {
                Some(format!("\"{}\" is a number question: compare it with a number, not {v}", r.id))
            }
            QuestionKind::Text if !v.is_string() => {
                Some(format!("\"{}\" is a text question: compare it with a text, not {v}", r.id))
            }
            _ => None,
        }
    };
    let multiple = r.kind == QuestionKind::Multiple;
    match leaf {
        Condition::Equals { .. } | Condition::In { .. } if multiple => vec![format!(
            "\"{}\" is a multiple choice, whose answer is a list: use \"selected\" to ask whether one of its options is ticked",
            r.id
        )],
        Condition::Equals { value, .. } => value_problem(value).into_iter().collect(),
        Condition::In { values, .. } => values.iter().filter_map(value_problem).collect(),
        Condition::Selected { value, .. } if multiple => value_problem(value).into_iter().collect(),
        Condition::Selected { .. } => vec![format!(
            "\"selected\" asks about a multiple-choice question; \"{}\" is a {} question: use \"equals\" or \"in\"",
            r.id,
            r.kind.as_str()
        )],
        Condition::Compare { op, .. } if r.kind != QuestionKind::Number => vec![format!(
            "\"{}\" compares the answer to a number question; \"{}\" is a {} question: use \"equals\" or \"in\"",
            op.operator(),
            r.id,
            r.kind.as_str()
        )],
        _ => Vec::new(),
    }
}
