//! The second review of a score: a reviewer who is not its evaluator confirms it or disputes it
//! (with a reason), and a dispute is resolved (with a reason, and the agreed value when it
//! differs) by someone who is not the evaluator either. Each step is a compare-and-set on the
//! score's version, recorded as a review and audit-logged in the same transaction.

use chrono::NaiveDateTime;

use super::load;
use crate::db::{self, AnyConnection};
use crate::service::exclusions::check_reason;
use crate::service::{Actor, DomainError};

/// What a reviewer does to a score.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewAction {
    /// `scored` → `confirmed`.
    Confirm,
    /// `scored` or `confirmed` → `disputed`; a reason is required.
    Dispute,
    /// `disputed` → `resolved`; a reason is required, and the agreed value when it differs.
    Resolve,
}

impl ReviewAction {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "confirm" => Some(Self::Confirm),
            "dispute" => Some(Self::Dispute),
            "resolve" => Some(Self::Resolve),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Self::Confirm => "confirm",
            Self::Dispute => "dispute",
            Self::Resolve => "resolve",
        }
    }

    fn allowed_from(self) -> &'static [&'static str] {
        match self {
            Self::Confirm => &["scored"],
            Self::Dispute => &["scored", "confirmed"],
            Self::Resolve => &["disputed"],
        }
    }

    fn to_state(self) -> &'static str {
        match self {
            Self::Confirm => "confirmed",
            Self::Dispute => "disputed",
            Self::Resolve => "resolved",
        }
    }
}

/// Reviews the score `score_id` of `slug`, which the reviewer read at `version`. Returns the
/// score's new version.
#[allow(clippy::too_many_arguments, reason = "each is one field of the reviewer's form")]
pub fn review(
    conn: &mut AnyConnection,
    slug: &str,
    score_id: i64,
    version: i64,
    action: ReviewAction,
    reason: Option<&str>,
    value: Option<f64>,
    actor: &Actor,
    now: NaiveDateTime,
) -> Result<i64, DomainError> {
    let reason = match (action, reason.map(str::trim).filter(|r| !r.is_empty())) {
        (ReviewAction::Confirm, None) => None,
        (_, Some(r)) => Some(check_reason(r)?),
        (_, None) => {
            return Err(DomainError::invalid("reason", "say why: a dispute and its resolution need a reason"));
        }
    };
    if value.is_some() && action != ReviewAction::Resolve {
        return Err(DomainError::invalid("value", "only a resolution sets a value"));
    }
    db::write_tx_as(conn, |conn| {
        let loaded = load(conn, slug)?;
        let score = loaded
            .scores
            .iter()
            .find(|s| s.id == score_id)
            .ok_or_else(|| DomainError::NotFound(format!("no score #{score_id} in {slug}")))?;
        if score.evaluator == actor.name {
            return Err(DomainError::Forbidden(
                "a score is reviewed by a second person: you gave this score, another user must review it".into(),
            ));
        }
        if let Some(v) = value {
            let (_, ind) = loaded
                .framework
                .indicator(&score.indicator)
                .ok_or_else(|| DomainError::Internal(format!("indicator {} left the framework", score.indicator)))?;
            ind.check_value(v).map_err(|m| DomainError::invalid("value", m))?;
        }
        if score.version != version {
            return Err(DomainError::Conflict(format!(
                "score #{score_id} changed since you read it (version {} now, you read {version}): reload it",
                score.version
            )));
        }
        if !action.allowed_from().contains(&score.status.as_str()) {
            return Err(DomainError::Conflict(format!(
                "score #{score_id} is {}: it cannot be {}ed",
                score.status,
                action.code().trim_end_matches('e')
            )));
        }
        let new_value = value.filter(|v| *v != score.value);
        if !db::indices::set_status(conn, score_id, version, action.to_state(), new_value, now)? {
            return Err(DomainError::Conflict(format!("score #{score_id} changed meanwhile: reload it")));
        }
        db::indices::insert_review(conn, score_id, &actor.name, action.code(), reason.as_deref(), new_value, now)?;
        let unit = loaded.unit(score.unit_id).map_or("?", |u| u.code.as_str());
        let target = format!("{slug} {unit} / {} by {}", score.indicator, score.evaluator);
        db::users::audit_detailed(
            conn,
            &actor.name,
            &format!("index score {}", action.to_state()),
            Some(&target),
            actor.ip.as_deref(),
            reason.as_deref(),
            now,
        )?;
        Ok(version + 1)
    })
}
