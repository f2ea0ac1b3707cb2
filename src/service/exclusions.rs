//! Excluding a submitted response from every figure, with a reason, and restoring it: the
//! coordinators' decision on a response (`review` finds and shows them). Only in an identified
//! campaign; each action is a compare-and-set on the exclusion, audit-logged in the same
//! transaction under the response's number, never an address.
//!
//! What "excluded" means. The response stays as its respondent submitted it, and to them it is
//! submitted: their link shows the thank-you page and takes no second first submission. Where the
//! campaign allows changes, a change they submit is stored and the response stays excluded (the
//! coordinators decided on the respondent, not on one version of the answers; they restore it
//! if the change makes it count again). Everything counted leaves it out: the analysis, every
//! report and export, the groups' sizes for suppression, the response rates. In the fieldwork
//! progress the participant still has submitted (no reminder goes to them) and the excluded
//! responses are counted apart; the report's method annex says how many, and why.

use chrono::NaiveDateTime;

use super::review::{Campaign, Reviewed, not_found, reviewable, reviewed};
use super::{Actor, DomainError};
use crate::campaign::participants_csv::normalise_email;
use crate::db::{self, AnyConnection};

/// The longest reason an exclusion takes, in characters.
pub const MAX_REASON_CHARS: usize = 500;

/// A reason as it is kept: its spaces and line breaks made single spaces; refused (naming the
/// field `reason`) when empty, longer than [`MAX_REASON_CHARS`], with a control character, or
/// holding an email address (the reason is printed in the report's method annex and the audit
/// log, which name no one).
pub fn check_reason(raw: &str) -> Result<String, DomainError> {
    let reason = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    let n = reason.chars().count();
    if n == 0 {
        return Err(DomainError::invalid("reason", "say why (a test, a duplicate …): the reason is required"));
    }
    if n > MAX_REASON_CHARS {
        return Err(DomainError::invalid("reason", format!("use at most {MAX_REASON_CHARS} characters ({n} given)")));
    }
    if reason.chars().any(char::is_control) {
        return Err(DomainError::invalid("reason", "no control characters"));
    }
    let email = reason.split_whitespace().any(|w| {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        w.contains('@') && normalise_email(w).is_some()
    });
    if email {
        return Err(DomainError::invalid(
            "reason",
            "write no email address: the reason is printed in the report's method annex and the audit log",
        ));
    }
    Ok(reason)
}

/// Excludes the submitted response `id` of `slug` from every figure and export, with a reason
/// (see [`check_reason`]); audit-logged in the same transaction. A draft, or a response already
/// excluded, is refused as a conflict.
pub fn exclude(
    conn: &mut AnyConnection,
    slug: &str,
    id: i64,
    reason: &str,
    actor: &Actor,
    now: NaiveDateTime,
) -> Result<Reviewed, DomainError> {
    let campaign = reviewable(conn, slug)?;
    let reason = check_reason(reason)?;
    let response = db::write_tx_as(conn, |conn| {
        let r = db::review::one(conn, campaign.id, id)?.ok_or_else(|| not_found(slug, id))?;
        if !r.is_submitted() {
            return Err(DomainError::Conflict(format!(
                "response #{id} is not submitted: only a submitted response can be excluded"
            )));
        }
        if !db::review::exclude(conn, campaign.id, id, &actor.name, &reason, now)? {
            // Excluded meanwhile, or before: say by whom and why, as it is stored now.
            let by = db::review::one(conn, campaign.id, id)?
                .and_then(|r| Some(format!(" by {}: {}", r.excluded_by?, r.exclusion_reason.unwrap_or_default())))
                .unwrap_or_default();
            return Err(DomainError::Conflict(format!("response #{id} is already excluded{by}")));
        }
        let target = format!("{slug} #{id}");
        db::users::audit_detailed(
            conn,
            &actor.name,
            "response excluded",
            Some(&target),
            actor.ip.as_deref(),
            Some(&reason),
            now,
        )?;
        db::review::one(conn, campaign.id, id)?
            .ok_or_else(|| DomainError::Internal("the excluded response vanished".into()))
    })?;
    reviewed(conn, campaign, response)
}

/// Restores the excluded response `id` of `slug`: it counts again everywhere. An optional note
/// (the same rules as a reason, refused naming the field `note`) goes into the audit entry,
/// written in the same transaction. A response that is not excluded is refused as a conflict.
pub fn restore(
    conn: &mut AnyConnection,
    slug: &str,
    id: i64,
    note: Option<&str>,
    actor: &Actor,
    now: NaiveDateTime,
) -> Result<Reviewed, DomainError> {
    let campaign = reviewable(conn, slug)?;
    let note = match note.filter(|n| !n.trim().is_empty()) {
        Some(n) => Some(check_reason(n).map_err(|e| match e {
            DomainError::Invalid { message, .. } => DomainError::invalid("note", message),
            other => other,
        })?),
        None => None,
    };
    let response = db::write_tx_as(conn, |conn| {
        db::review::one(conn, campaign.id, id)?.ok_or_else(|| not_found(slug, id))?;
        if !db::review::restore(conn, campaign.id, id)? {
            return Err(DomainError::Conflict(format!("response #{id} is not excluded")));
        }
        let target = format!("{slug} #{id}");
        db::users::audit_detailed(
            conn,
            &actor.name,
            "response restored",
            Some(&target),
            actor.ip.as_deref(),
            note.as_deref(),
            now,
        )?;
        db::review::one(conn, campaign.id, id)?
            .ok_or_else(|| DomainError::Internal("the restored response vanished".into()))
    })?;
    reviewed(conn, campaign, response)
}

/// The reasons a campaign's responses were excluded for, each with how many, most frequent
/// first: what the report's method annex counts.
pub fn reasons(conn: &mut AnyConnection, campaign: &Campaign) -> Result<Vec<(String, u64)>, DomainError> {
    let mut out: Vec<(String, u64)> = db::review::exclusion_reasons(conn, campaign.id)?
        .into_iter()
        .map(|(r, n)| (r.unwrap_or_default(), u64::try_from(n).unwrap_or(0)))
        .collect();
    out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reason_is_one_line_of_1_to_500_characters_naming_no_one() {
        assert_eq!(check_reason("  prueba\n de la\tcoordinación ").ok().as_deref(), Some("prueba de la coordinación"));
        assert!(matches!(check_reason(" \n "), Err(DomainError::Invalid { field: "reason", .. })));
        assert!(check_reason(&"é".repeat(500)).is_ok(), "500 characters, whatever their bytes");
        assert!(matches!(check_reason(&"é".repeat(501)), Err(DomainError::Invalid { field: "reason", .. })));
        assert!(check_reason("bad\u{0}byte").is_err());
        for named in ["duplicate of ana@example.org", "(Ana@Example.org)", "sent by <x@y.gt>."] {
            assert!(matches!(check_reason(named), Err(DomainError::Invalid { field: "reason", .. })), "{named}");
        }
        assert!(check_reason("test @ the office, 2 a.m.").is_ok(), "an @ alone is no address");
    }
}
