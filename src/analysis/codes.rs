//! A compact form of a response for analysis, stored beside its JSON. First one character per
//! scored item in survey order: `0` for no answer and the option's position + 1 in base 36; for
//! an item that does not apply to the respondent (the survey's conditions), its number of
//! options + 1. Then a `.` and one character per profile field with options (see
//! [`profile_fields`]), coded the same way, so a breakdown by any profile field reads these
//! characters instead of the JSON; `-` after the `.` when a profile answer is not one of its
//! options (the analysis then reads the JSON). Last a `+` when the response holds free text (a
//! comment for the report's annex), so the rows without any are never read for comments.
//! Reading sixty characters instead of a JSON object is what makes a million responses quick to
//! score, to break down and to search for comments.

use serde_json::{Map, Value};

use crate::survey::conditions::not_applying;
use crate::survey::model::values_equal;
use crate::survey::{Question, QuestionKind, Survey};

const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";

/// Separates the item codes from the profile codes.
const PROFILE: char = '.';
/// Stands for profile codes that could not be written.
const NO_PROFILE: char = '-';
/// Ends the codes of a response holding free text.
const FREE_TEXT: char = '+';

/// The profile fields the codes hold, in survey order: single-choice questions with a profile
/// role and fewer than 36 options.
pub fn profile_fields(survey: &Survey) -> impl Iterator<Item = &Question> {
    survey.questions.iter().filter(|q| {
        q.profile.is_some() && q.kind == QuestionKind::Single && !q.options.is_empty() && q.options.len() < DIGITS.len()
    })
}

/// The codes of a response's answers; `None` when a scored question has more than 35 options
/// (34 for a conditional one).
pub fn encode(survey: &Survey, answers: &Map<String, Value>) -> Option<String> {
    let not_asked = not_applying(survey, answers);
    let mut out = String::new();
    for q in survey.questions.iter().filter(|q| q.kind == QuestionKind::Scored && q.subpillar.is_some()) {
        let code = if not_asked.contains(q.id.as_str()) {
            q.options.len() + 1
        } else {
            answers
                .get(&q.id)
                .and_then(|v| q.options.iter().position(|o| values_equal(&o.value, v)))
                .map_or(0, |i| i + 1)
        };
        out.push(char::from(*DIGITS.get(code)?));
        if q.options.len() >= DIGITS.len() {
            return None;
        }
    }
    out.push(PROFILE);
    let mark = out.len();
    for q in profile_fields(survey) {
        let code = match answers.get(&q.id).filter(|v| !v.is_null()) {
            None => Some(0),
            Some(v) => q.options.iter().position(|o| values_equal(&o.value, v)).map(|i| i + 1),
        };
        match code.and_then(|c| DIGITS.get(c)) {
            Some(d) => out.push(char::from(*d)),
            None => {
                out.truncate(mark);
                out.push(NO_PROFILE);
                break;
            }
        }
    }
    if holds_free_text(survey, answers) {
        out.push(FREE_TEXT);
    }
    Some(out)
}

/// Whether a response answers a free-text question (not a profile field) with some text: what
/// the report's annex of comments reads.
pub fn holds_free_text(survey: &Survey, answers: &Map<String, Value>) -> bool {
    survey
        .questions
        .iter()
        .filter(|q| q.kind == QuestionKind::Text && q.profile.is_none())
        .any(|q| answers.get(&q.id).and_then(Value::as_str).is_some_and(|t| !t.trim().is_empty()))
}

/// SQL condition on a row's `codes` column: the row may hold free text (its codes say so, or are
/// missing or written before they could say it).
pub const SQL_MAY_HOLD_FREE_TEXT: &str = "(codes IS NULL OR codes NOT LIKE '%.%' OR codes LIKE '%+')";

/// Decodes the item codes into `out` (cleared first); `false` on a character that is not a code.
pub fn decode(text: &str, out: &mut Vec<u8>) -> bool {
    out.clear();
    for b in text.bytes() {
        let c = match b {
            b'0'..=b'9' => b - b'0',
            b'a'..=b'z' => b - b'a' + 10,
            b'.' => break,
            _ => return false,
        };
        out.push(c);
    }
    true
}

/// The code of profile field `field` (its position in [`profile_fields`]): 0 = no answer,
/// `k + 1` = option `k`. `None` when the text holds no profile codes (written before they were,
/// or an answer outside the options): the caller reads the JSON instead.
pub fn profile_code(text: &str, field: usize) -> Option<u8> {
    let (_, profile) = text.split_once(PROFILE)?;
    match *profile.trim_end_matches(FREE_TEXT).as_bytes().get(field)? {
        b @ b'0'..=b'9' => Some(b - b'0'),
        b @ b'a'..=b'z' => Some(b - b'a' + 10),
        _ => None,
    }
}

/// Whether the text was written before profile codes existed (no `.`): such rows are rewritten
/// once by [`crate::analysis::codes::encode`] when the database is migrated.
pub fn is_legacy(text: &str) -> bool {
    !text.contains(PROFILE)
}
