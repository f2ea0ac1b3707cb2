//! Open contributions to a campaign, as rules and plain data (pure: no database, no HTTP): the
//! topics a campaign takes them on, what a contributor may send and how it is checked, the
//! moderators' decisions (screening, then an answer), and what anyone may see of them — the
//! public list, its counts, the open-data export and the "what we heard and what we did" report.
//!
//! What is public is decided here once ([`Public::of`]): only screened-and-published
//! contributions, with the edited text where personal data was hidden, and the name and
//! organisation only as the contributor chose to publish them. No address ever leaves.

pub mod export;
pub mod report;
pub mod submit;

use serde::{Deserialize, Serialize};

use crate::i18n::t;

/// The longest proposal, in characters.
pub const MAX_BODY_CHARS: usize = 5000;
/// The longest published name or organisation, in characters.
pub const MAX_NAME_CHARS: usize = 160;
/// The longest reason or reference a moderator writes, in characters.
pub const MAX_NOTE_CHARS: usize = 1000;

/// One topic a campaign takes contributions on, named in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Topic {
    pub code: String,
    pub es: String,
    pub en: String,
}

impl Topic {
    pub fn label(&self, lang: &str) -> &str {
        if lang == "es" { &self.es } else { &self.en }
    }
}

/// Reads topics written one a line as `code | nombre | name` (blank lines skipped). Each line's
/// problem is reported with its number.
pub fn parse_topics(text: &str) -> Result<Vec<Topic>, String> {
    let mut out: Vec<Topic> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let n = i + 1;
        let parts: Vec<&str> = line.split('|').map(str::trim).collect();
        let [code, es, en] = parts[..] else {
            return Err(format!("line {n}: write `code | nombre en español | name in English`"));
        };
        if code.is_empty()
            || code.len() > 40
            || !code.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
        {
            return Err(format!("line {n}: the code \"{code}\" must be 1-40 of a-z, 0-9, _ and -"));
        }
        for (name, what) in [(es, "Spanish"), (en, "English")] {
            if name.is_empty() || name.chars().count() > 120 || name.chars().any(char::is_control) {
                return Err(format!("line {n}: the {what} name must be 1-120 characters"));
            }
        }
        if out.iter().any(|t| t.code == code) {
            return Err(format!("line {n}: the code \"{code}\" is there twice"));
        }
        out.push(Topic { code: code.into(), es: es.into(), en: en.into() });
    }
    Ok(out)
}

/// The topics as [`parse_topics`] reads them back.
pub fn topics_text(topics: &[Topic]) -> String {
    topics.iter().map(|t| format!("{} | {} | {}\n", t.code, t.es, t.en)).collect()
}

/// Where a contribution stands in screening.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Screening {
    Pending,
    Published,
    Rejected,
}

impl Screening {
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Published => "published",
            Self::Rejected => "rejected",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::Pending, Self::Published, Self::Rejected].into_iter().find(|x| x.as_str() == s)
    }

    pub fn label(self, lang: &str) -> &'static str {
        match self {
            Self::Pending => t(lang, "contributions-public-to-be-screened"),
            Self::Published => t(lang, "mod-published"),
            Self::Rejected => t(lang, "mod-rejected"),
        }
    }
}

/// What a moderator decides on a contribution waiting to be screened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Published as written.
    Publish,
    /// Published with personal data taken out: `text` is what is shown, `note` says what was
    /// hidden (kept for the audit).
    PublishEdited { text: String, note: String },
    /// Rejected as spam or abuse, with the reason.
    Reject { reason: String },
}

/// What was done with a published contribution.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    Incorporated,
    PartlyIncorporated,
    NotIncorporated,
    OutOfScope,
}

impl Answer {
    pub const ALL: [Answer; 4] =
        [Answer::Incorporated, Answer::PartlyIncorporated, Answer::NotIncorporated, Answer::OutOfScope];

    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Incorporated => "incorporated",
            Self::PartlyIncorporated => "partly_incorporated",
            Self::NotIncorporated => "not_incorporated",
            Self::OutOfScope => "out_of_scope",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.as_str() == s)
    }

    pub fn label(self, lang: &str) -> &'static str {
        match self {
            Self::Incorporated => t(lang, "mod-incorporated"),
            Self::PartlyIncorporated => t(lang, "mod-partly-incorporated"),
            Self::NotIncorporated => t(lang, "mod-not-incorporated"),
            Self::OutOfScope => t(lang, "mod-out-of-scope"),
        }
    }
}

/// The label of a published contribution still waiting for its answer.
pub fn awaiting_label(lang: &str) -> &'static str {
    t(lang, "mod-awaiting-an-answer")
}

/// A contribution as stored, in plain terms (the store's row, read by the service).
#[derive(Debug, Clone, Serialize)]
pub struct Contribution {
    pub id: i64,
    pub topic: String,
    /// What the contributor wrote (shown to moderators and kept for the audit).
    pub body: String,
    /// What is published instead, when personal data was hidden.
    pub shown_body: Option<String>,
    pub edit_note: Option<String>,
    pub author_name: Option<String>,
    pub author_org: Option<String>,
    /// Whether an address was left for the answer (the address itself is not carried here).
    pub wants_answer: bool,
    pub language: String,
    pub origin: String,
    pub screening: Screening,
    pub version: i64,
    pub created_at: chrono::NaiveDateTime,
    pub screened_at: Option<chrono::NaiveDateTime>,
    pub screened_by: Option<String>,
    pub reject_reason: Option<String>,
    pub answer: Option<Answer>,
    pub answer_reason: Option<String>,
    pub answer_ref: Option<String>,
    pub answered_at: Option<chrono::NaiveDateTime>,
    pub answered_by: Option<String>,
    pub notified_at: Option<chrono::NaiveDateTime>,
}

/// What anyone may see of a published contribution.
#[derive(Debug, Clone, Serialize)]
pub struct Public {
    pub id: i64,
    pub topic: String,
    /// The edited text where personal data was hidden, else the contributor's.
    pub text: String,
    pub edited: bool,
    pub author_name: Option<String>,
    pub author_org: Option<String>,
    pub received_on: chrono::NaiveDate,
    pub answer: Option<Answer>,
    pub answer_reason: Option<String>,
    pub answer_ref: Option<String>,
    pub answered_on: Option<chrono::NaiveDate>,
}

impl Public {
    /// The public view of `c`; `None` unless it was screened and published.
    pub fn of(c: &Contribution) -> Option<Public> {
        if c.screening != Screening::Published {
            return None;
        }
        Some(Public {
            id: c.id,
            topic: c.topic.clone(),
            text: c.shown_body.clone().unwrap_or_else(|| c.body.clone()),
            edited: c.shown_body.is_some(),
            author_name: c.author_name.clone(),
            author_org: c.author_org.clone(),
            received_on: c.created_at.date(),
            answer: c.answer,
            answer_reason: c.answer.and(c.answer_reason.clone()),
            answer_ref: c.answer.and(c.answer_ref.clone()),
            answered_on: c.answer.and(c.answered_at).map(|a| a.date()),
        })
    }
}

/// How many contributions stand where: received in all, by screening, and the published ones
/// per topic by answer (the last column those still awaiting one).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Counts {
    pub received: u64,
    pub pending: u64,
    pub published: u64,
    pub rejected: u64,
    /// Per topic (in the campaign's order; a topic no longer listed comes last under its code):
    /// the counts per answer in [`Answer::ALL`] order, then awaiting, then the total.
    pub by_topic: Vec<TopicCounts>,
    /// The same, over every topic.
    pub total: TopicCounts,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct TopicCounts {
    pub topic: String,
    pub answers: [u64; 4],
    pub awaiting: u64,
    pub published: u64,
}

impl TopicCounts {
    fn add(&mut self, answer: Option<Answer>) {
        match answer {
            Some(a) => {
                if let Some(i) = Answer::ALL.iter().position(|x| *x == a) {
                    self.answers[i] += 1;
                }
            }
            None => self.awaiting += 1,
        }
        self.published += 1;
    }
}

/// Counts `all` (every contribution of a campaign, whatever its screening) over `topics`.
pub fn counts(topics: &[Topic], all: &[Contribution]) -> Counts {
    let mut c = Counts { received: all.len() as u64, ..Counts::default() };
    c.by_topic = topics.iter().map(|t| TopicCounts { topic: t.code.clone(), ..TopicCounts::default() }).collect();
    c.total.topic = String::new();
    for x in all {
        match x.screening {
            Screening::Pending => c.pending += 1,
            Screening::Rejected => c.rejected += 1,
            Screening::Published => {
                c.published += 1;
                let i = match c.by_topic.iter().position(|t| t.topic == x.topic) {
                    Some(i) => i,
                    None => {
                        c.by_topic.push(TopicCounts { topic: x.topic.clone(), ..TopicCounts::default() });
                        c.by_topic.len() - 1
                    }
                };
                if let Some(t) = c.by_topic.get_mut(i) {
                    t.add(x.answer);
                }
                c.total.add(x.answer);
            }
        }
    }
    c
}

/// The label of topic `code` in `lang` (the code itself for a topic no longer listed).
pub fn topic_label<'a>(topics: &'a [Topic], code: &'a str, lang: &str) -> &'a str {
    topics.iter().find(|t| t.code == code).map_or(code, |t| t.label(lang))
}

#[cfg(test)]
mod tests;
