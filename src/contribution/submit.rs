//! What a contributor sends and how it is checked: a topic of the campaign's, the proposal, an
//! optional name and organisation to publish, and an optional address for one message when the
//! contribution is answered — given only with the explicit consent box ticked. Every problem is
//! reported on its field, in both languages, and what was typed comes back with it. The checks on
//! what moderators write (reasons, notes, references) are here too.

use std::collections::BTreeMap;

use super::{MAX_BODY_CHARS, MAX_NAME_CHARS, MAX_NOTE_CHARS, Topic};
use crate::campaign::participants_csv::normalise_email;

/// A problem with one field: the id of its message in the catalogs.
pub type Problem = &'static str;

/// The problems of a submission, by field name.
pub type Problems = BTreeMap<&'static str, Problem>;

/// What the form posted, as typed.
#[derive(Debug, Clone, Default)]
pub struct Typed {
    pub topic: String,
    pub body: String,
    pub name: String,
    pub organisation: String,
    pub email: String,
    /// The consent box for the answer message.
    pub notify: bool,
}

/// A submission that passed every check, ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    pub topic: String,
    pub body: String,
    pub author_name: Option<String>,
    pub author_org: Option<String>,
    pub email: Option<String>,
}

/// Text as kept: surrounding space trimmed, line breaks kept as `\n`, no other control character.
fn clean(raw: &str) -> String {
    raw.replace("\r\n", "\n").replace('\r', "\n").trim().to_string()
}

fn has_control(s: &str, lines: bool) -> bool {
    s.chars().any(|c| c.is_control() && !(lines && (c == '\n' || c == '\t')))
}

/// Checks `typed` against the campaign's `topics`.
pub fn check(typed: &Typed, topics: &[Topic]) -> Result<Checked, Problems> {
    let mut problems = Problems::new();
    if !topics.iter().any(|t| t.code == typed.topic) {
        problems.insert("topic", "contribution-form-choose-a-topic-from-the-list");
    }
    let body = clean(&typed.body);
    let n = body.chars().count();
    if n == 0 {
        problems.insert("body", "contribution-form-write-your-proposal");
    } else if n > MAX_BODY_CHARS {
        problems.insert("body", "contribution-form-your-proposal-is-over-5000-characters");
    } else if has_control(&body, true) {
        problems.insert("body", "contribution-form-the-text-holds-characters-that-are");
    }
    let one_line = |raw: &str| raw.split_whitespace().collect::<Vec<_>>().join(" ");
    let name = one_line(&typed.name);
    let org = one_line(&typed.organisation);
    for (field, value) in [("name", &name), ("organisation", &org)] {
        if value.chars().count() > MAX_NAME_CHARS || has_control(value, false) {
            problems.insert(field, "contribution-form-use-at-most-160-characters");
        }
    }
    let email_typed = typed.email.trim();
    let email = if email_typed.is_empty() { None } else { normalise_email(email_typed) };
    if !email_typed.is_empty() && email.is_none() {
        problems.insert("email", "contribution-form-this-email-address-is-not-valid");
    } else if email.is_some() && !typed.notify {
        problems.insert("notify", "contribution-form-tick-the-box-for-us-to");
    } else if email.is_none() && typed.notify {
        problems.insert("email", "contribution-form-write-the-address-we-should-send");
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let some = |s: String| (!s.is_empty()).then_some(s);
    Ok(Checked { topic: typed.topic.clone(), body, author_name: some(name), author_org: some(org), email })
}

/// A moderator's reason, note or reference as kept: one line, 1 to [`MAX_NOTE_CHARS`]
/// characters; `Err` says what is wrong (in English, for the console and the API).
pub fn check_note(raw: &str, what: &str) -> Result<String, String> {
    let s = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    let n = s.chars().count();
    if n == 0 {
        return Err(format!("the {what} is required"));
    }
    if n > MAX_NOTE_CHARS {
        return Err(format!("the {what} takes at most {MAX_NOTE_CHARS} characters ({n} given)"));
    }
    Ok(s)
}

/// The published text a moderator wrote in place of the contributor's (line breaks kept).
pub fn check_edited(raw: &str, original: &str) -> Result<String, String> {
    let s = clean(raw);
    let n = s.chars().count();
    if n == 0 {
        return Err("the edited text is required (reject the contribution to publish nothing)".into());
    }
    if n > MAX_BODY_CHARS {
        return Err(format!("the edited text takes at most {MAX_BODY_CHARS} characters ({n} given)"));
    }
    if has_control(&s, true) {
        return Err("the edited text holds control characters".into());
    }
    if s == clean(original) {
        return Err("the edited text is the same as the original: publish it as it is, or hide what is personal".into());
    }
    Ok(s)
}
