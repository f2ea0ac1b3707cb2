//! Institutions assessing themselves first: the scores an institution's focal point gives are
//! stored as scores whose evaluator is `self:<institution id>` — never a validated score. They
//! wait for an evaluator's review (confirm, or dispute and resolve with a reason) like any other
//! score, and the index counts one only once it is confirmed or resolved. A save stores every
//! indicator of the form in one transaction, each naming the version it read (compare-and-set),
//! so of two saves released together one is stored whole and the other is told; a form with a
//! bad value stores nothing and says, per indicator, what to fix.

use chrono::NaiveDateTime;

use super::load;
use crate::db::indices::ScoreValue;
use crate::db::{self, AnyConnection};
use crate::service::DomainError;

/// The evaluator name prefix of a self-assessment.
pub const SELF_PREFIX: &str = "self:";

/// The evaluator under which institution `unit_id` assesses itself.
pub fn self_evaluator(unit_id: i64) -> String {
    format!("{SELF_PREFIX}{unit_id}")
}

/// Whether a score's evaluator is an institution's self-assessment.
pub fn is_self(evaluator: &str) -> bool {
    evaluator.starts_with(SELF_PREFIX)
}

/// One indicator of the self-assessment form, as typed (the value as text; empty: not answered).
#[derive(Debug, Clone, Default)]
pub struct SelfEntry {
    pub indicator: String,
    pub value: String,
    pub evidence_url: String,
    pub evidence_note: String,
    /// The version of the institution's score the form was drawn from; `None` when there was none.
    pub version: Option<i64>,
}

/// What is wrong with one field of the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProblemKind {
    /// The value is not a number.
    NotANumber,
    /// The value is not one of the scale's levels or outside the range.
    OutOfScale,
    /// The evidence address is not http(s).
    BadUrl,
    /// A text is over 2000 characters.
    TooLong,
    /// The indicator needs evidence the form does not give.
    EvidenceMissing,
    /// Evidence or a note given without a value.
    NoValue,
}

impl ProblemKind {
    /// The catalog message that tells the institution what to fix.
    pub fn message_id(self) -> &'static str {
        match self {
            Self::NotANumber => "index-self-problem-not-a-number",
            Self::OutOfScale => "index-self-problem-out-of-scale",
            Self::BadUrl => "index-self-problem-bad-url",
            Self::TooLong => "index-self-problem-too-long",
            Self::EvidenceMissing => "index-self-problem-evidence-missing",
            Self::NoValue => "index-self-problem-no-value",
        }
    }
}

/// A field to fix: the indicator, the field (`value`, `evidence_url`, `evidence_note`) and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub indicator: String,
    pub field: &'static str,
    pub kind: ProblemKind,
}

/// Why a save stored nothing.
#[derive(Debug)]
pub enum SaveRefused {
    /// Fields to fix (nothing stored).
    Fields(Vec<Problem>),
    /// Anything else: unknown campaign or institution, a concurrent change (conflict), storage.
    Domain(DomainError),
}

impl From<DomainError> for SaveRefused {
    fn from(e: DomainError) -> Self {
        Self::Domain(e)
    }
}

impl From<db::DbError> for SaveRefused {
    fn from(e: db::DbError) -> Self {
        Self::Domain(e.into())
    }
}

impl std::fmt::Display for SaveRefused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Fields(p) => write!(f, "{} field(s) to fix; nothing was stored", p.len()),
            Self::Domain(e) => write!(f, "{e}"),
        }
    }
}

fn nonempty(s: &str) -> Option<&str> {
    Some(s.trim()).filter(|s| !s.is_empty())
}

/// The problems of a form against the framework (empty: the form can be stored).
pub fn check(framework: &crate::index::Framework, entries: &[SelfEntry]) -> Vec<Problem> {
    let mut out = Vec::new();
    for e in entries {
        let mut push = |field, kind| out.push(Problem { indicator: e.indicator.clone(), field, kind });
        let Some((_, ind)) = framework.indicator(&e.indicator) else { continue };
        let url = nonempty(&e.evidence_url);
        let note = nonempty(&e.evidence_note);
        if let Some(u) = url {
            if !(u.starts_with("https://") || u.starts_with("http://")) {
                push("evidence_url", ProblemKind::BadUrl);
            } else if u.chars().count() > 2000 {
                push("evidence_url", ProblemKind::TooLong);
            }
        }
        if note.is_some_and(|n| n.chars().count() > 2000) {
            push("evidence_note", ProblemKind::TooLong);
        }
        let Some(raw) = nonempty(&e.value) else {
            if url.is_some() || note.is_some() {
                push("value", ProblemKind::NoValue);
            }
            continue;
        };
        match raw.replace(',', ".").parse::<f64>() {
            Ok(v) if v.is_finite() => {
                if ind.check_value(v).is_err() {
                    push("value", ProblemKind::OutOfScale);
                }
            }
            _ => push("value", ProblemKind::NotANumber),
        }
        if ind.evidence.missing(url, None).is_some() {
            push("evidence_url", ProblemKind::EvidenceMissing);
        }
    }
    out
}

/// What a save stored.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Saved {
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
}

/// Stores institution `unit_id`'s self-assessment of `slug`: every answered indicator of the
/// form, in one transaction, each change naming the version it read. Unanswered indicators are
/// left as they are. Audit-logged as the institution (`self:<id>`).
pub fn save(
    conn: &mut AnyConnection,
    slug: &str,
    unit_id: i64,
    entries: &[SelfEntry],
    now: NaiveDateTime,
) -> Result<Saved, SaveRefused> {
    db::write_tx_as(conn, |conn| {
        let loaded = load(conn, slug)?;
        let unit = loaded
            .unit(unit_id)
            .ok_or_else(|| DomainError::NotFound(format!("no institution #{unit_id} in {slug}")))?;
        let problems = check(&loaded.framework, entries);
        if !problems.is_empty() {
            return Err(SaveRefused::Fields(problems));
        }
        let evaluator = self_evaluator(unit_id);
        let mut saved = Saved::default();
        for e in entries {
            if loaded.framework.indicator(&e.indicator).is_none() {
                return Err(
                    DomainError::invalid("indicator", format!("\"{}\" is not an indicator", e.indicator)).into()
                );
            }
            let Some(raw) = nonempty(&e.value) else { continue };
            let value = raw
                .replace(',', ".")
                .parse::<f64>()
                .map_err(|_| DomainError::Internal("a checked value did not parse".into()))?;
            let v = ScoreValue {
                value,
                evidence_url: nonempty(&e.evidence_url),
                evidence_note: nonempty(&e.evidence_note),
                evidence_file: None,
            };
            let own = loaded
                .scores
                .iter()
                .find(|s| s.unit_id == unit_id && s.indicator == e.indicator && s.evaluator == evaluator);
            match (own, e.version) {
                (None, None) => {
                    db::indices::insert_score(conn, loaded.campaign.id, unit_id, &e.indicator, &evaluator, &v, now)?;
                    saved.added += 1;
                }
                (Some(s), Some(version)) if s.version == version => {
                    if s.value == v.value
                        && s.evidence_url.as_deref() == v.evidence_url
                        && s.evidence_note.as_deref() == v.evidence_note
                    {
                        saved.unchanged += 1;
                    } else if db::indices::update_score(conn, s.id, version, &v, now)? {
                        saved.updated += 1;
                    } else {
                        return Err(changed(&e.indicator).into());
                    }
                }
                _ => return Err(changed(&e.indicator).into()),
            }
        }
        let detail = format!("{} added, {} updated, {} unchanged", saved.added, saved.updated, saved.unchanged);
        let target = format!("{slug} {}", unit.code);
        db::users::audit_detailed(
            conn,
            &evaluator,
            "index self-assessment saved",
            Some(&target),
            None,
            Some(&detail),
            now,
        )?;
        Ok(saved)
    })
}

fn changed(indicator: &str) -> DomainError {
    DomainError::Conflict(format!(
        "the self-assessment of {indicator} changed since this form was opened: nothing was stored; reload the page"
    ))
}

/// What an institution's own page shows: the index, the institution, the framework and the
/// institution's own (self-assessed) scores.
#[derive(Debug, Clone)]
pub struct SelfView {
    pub index_name: String,
    pub unit_name: String,
    pub framework: crate::index::Framework,
    pub own: Vec<db::indices::Score>,
}

/// The page of institution `unit_id` of `slug` (not found when either is gone).
pub fn view(conn: &mut AnyConnection, slug: &str, unit_id: i64) -> Result<SelfView, DomainError> {
    let loaded = load(conn, slug)?;
    let unit =
        loaded.unit(unit_id).ok_or_else(|| DomainError::NotFound(format!("no institution #{unit_id} in {slug}")))?;
    let unit_name = unit.name.clone();
    let evaluator = self_evaluator(unit_id);
    let own = loaded.scores.into_iter().filter(|s| s.unit_id == unit_id && s.evaluator == evaluator).collect();
    Ok(SelfView { index_name: loaded.campaign.name, unit_name, framework: loaded.framework, own })
}
