//! Institutions and scores coming in: the CSV imports (every problem listed with its line, and
//! nothing stored unless the whole file is good) and one score set by hand (a new score, or a
//! change that names the version it read).

use std::collections::HashMap;

use chrono::NaiveDateTime;
use serde::Serialize;

use super::{file_problems, load};
use crate::db::indices::ScoreValue;
use crate::db::{self, AnyConnection};
use crate::index::csv as icsv;
use crate::service::{Actor, DomainError};

/// What an import did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ImportSummary {
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
}

/// Imports institutions (`id, name, sector, contact`): new ones are added at the end, known ones
/// updated. All or nothing; audit-logged.
pub fn import_units(
    conn: &mut AnyConnection,
    slug: &str,
    csv: &[u8],
    actor: &Actor,
    now: NaiveDateTime,
) -> Result<ImportSummary, DomainError> {
    let rows = icsv::read_units(csv).map_err(|p| file_problems("units", &p))?;
    db::write_tx_as(conn, |conn| {
        let loaded = load(conn, slug)?;
        let mut summary = ImportSummary::default();
        let mut position = loaded.units.iter().map(|u| u.position).max().unwrap_or(0);
        for r in &rows {
            match loaded.unit_by_code(&r.id) {
                Some(u) if u.name == r.name && u.sector == r.sector && u.contact == r.contact => summary.unchanged += 1,
                Some(u) => {
                    db::indices::update_unit(conn, u.id, &r.name, &r.sector, &r.contact)?;
                    summary.updated += 1;
                }
                None => {
                    position += 1;
                    db::indices::insert_unit(
                        conn,
                        loaded.campaign.id,
                        &r.id,
                        &r.name,
                        &r.sector,
                        &r.contact,
                        position,
                    )?;
                    summary.added += 1;
                }
            }
        }
        let detail = format!("{} added, {} updated, {} unchanged", summary.added, summary.updated, summary.unchanged);
        db::users::audit_detailed(
            conn,
            &actor.name,
            "index institutions imported",
            Some(slug),
            actor.ip.as_deref(),
            Some(&detail),
            now,
        )?;
        Ok(summary)
    })
}

/// Imports scores (`unit, indicator, evaluator, value, evidence_url, evidence_note,
/// evidence_file`; `evaluator` may be absent, then `default_evaluator` scores). A score the same
/// evaluator already gave is replaced when it differs (and goes back to be reviewed). All or
/// nothing; audit-logged.
pub fn import_scores(
    conn: &mut AnyConnection,
    slug: &str,
    csv: &[u8],
    default_evaluator: Option<&str>,
    actor: &Actor,
    now: NaiveDateTime,
) -> Result<ImportSummary, DomainError> {
    db::write_tx_as(conn, |conn| {
        let loaded = load(conn, slug)?;
        let codes: Vec<String> = loaded.units.iter().map(|u| u.code.clone()).collect();
        let rows = icsv::read_scores(&loaded.framework, &codes, default_evaluator, csv)
            .map_err(|p| file_problems("scores", &p))?;
        let unit_ids: HashMap<&str, i64> = loaded.units.iter().map(|u| (u.code.as_str(), u.id)).collect();
        let existing: HashMap<(i64, &str, &str), &db::indices::Score> =
            loaded.scores.iter().map(|s| ((s.unit_id, s.indicator.as_str(), s.evaluator.as_str()), s)).collect();
        let mut summary = ImportSummary::default();
        for r in &rows {
            let unit_id = *unit_ids
                .get(r.unit.as_str())
                .ok_or_else(|| DomainError::Internal(format!("institution {} vanished", r.unit)))?;
            let v = ScoreValue {
                value: r.value,
                evidence_url: r.evidence_url.as_deref(),
                evidence_note: r.evidence_note.as_deref(),
                evidence_file: r.evidence_file.as_deref(),
            };
            match existing.get(&(unit_id, r.indicator.as_str(), r.evaluator.as_str())) {
                Some(s)
                    if s.value == r.value
                        && s.evidence_url == r.evidence_url
                        && s.evidence_note == r.evidence_note
                        && s.evidence_file == r.evidence_file =>
                {
                    summary.unchanged += 1
                }
                Some(s) => {
                    if !db::indices::update_score(conn, s.id, s.version, &v, now)? {
                        return Err(DomainError::Conflict(format!(
                            "line {}: the score of {} / {} by {} changed meanwhile; import again",
                            r.line, r.unit, r.indicator, r.evaluator
                        )));
                    }
                    summary.updated += 1;
                }
                None => {
                    db::indices::insert_score(conn, loaded.campaign.id, unit_id, &r.indicator, &r.evaluator, &v, now)?;
                    summary.added += 1;
                }
            }
        }
        let detail = format!("{} added, {} updated, {} unchanged", summary.added, summary.updated, summary.unchanged);
        db::users::audit_detailed(
            conn,
            &actor.name,
            "index scores imported",
            Some(slug),
            actor.ip.as_deref(),
            Some(&detail),
            now,
        )?;
        Ok(summary)
    })
}

/// One score as someone gives it.
#[derive(Debug, Clone)]
pub struct ScoreInput {
    pub unit: String,
    pub indicator: String,
    pub value: f64,
    pub evidence_url: Option<String>,
    pub evidence_note: Option<String>,
    pub evidence_file: Option<String>,
    /// The version of the actor's own score they changed; `None` for a first score.
    pub version: Option<i64>,
}

/// The actor scores one indicator of one institution (a first score, or a change of their own
/// score naming the version they read). Returns the score's id. Audit-logged.
pub fn set_score(
    conn: &mut AnyConnection,
    slug: &str,
    input: &ScoreInput,
    actor: &Actor,
    now: NaiveDateTime,
) -> Result<i64, DomainError> {
    let trim = |s: &Option<String>| s.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
    let (url, note, file) = (trim(&input.evidence_url), trim(&input.evidence_note), trim(&input.evidence_file));
    if let Some(u) = &url
        && !(u.starts_with("https://") || u.starts_with("http://"))
    {
        return Err(DomainError::invalid("evidence_url", "give an http(s) address"));
    }
    for (field, text) in [("evidence_url", &url), ("evidence_note", &note), ("evidence_file", &file)] {
        if text.as_ref().is_some_and(|t| t.chars().count() > 2000) {
            return Err(DomainError::invalid(field, "use at most 2000 characters"));
        }
    }
    db::write_tx_as(conn, |conn| {
        let loaded = load(conn, slug)?;
        let unit = loaded.unit_by_code(&input.unit).ok_or_else(|| {
            DomainError::invalid("unit", format!("\"{}\" is not an institution of {slug}", input.unit))
        })?;
        let (_, ind) = loaded.framework.indicator(&input.indicator).ok_or_else(|| {
            DomainError::invalid("indicator", format!("\"{}\" is not an indicator of the framework", input.indicator))
        })?;
        ind.check_value(input.value).map_err(|m| DomainError::invalid("value", m))?;
        if let Some(m) = ind.evidence.missing(url.as_deref(), file.as_deref()) {
            return Err(DomainError::invalid("evidence_url", m));
        }
        let v = ScoreValue {
            value: input.value,
            evidence_url: url.as_deref(),
            evidence_note: note.as_deref(),
            evidence_file: file.as_deref(),
        };
        let own = loaded
            .scores
            .iter()
            .find(|s| s.unit_id == unit.id && s.indicator == input.indicator && s.evaluator == actor.name);
        let id = match (own, input.version) {
            (None, _) => {
                db::indices::insert_score(conn, loaded.campaign.id, unit.id, &input.indicator, &actor.name, &v, now)?;
                db::indices::scores(conn, loaded.campaign.id)?
                    .into_iter()
                    .find(|s| s.unit_id == unit.id && s.indicator == input.indicator && s.evaluator == actor.name)
                    .map(|s| s.id)
                    .ok_or_else(|| DomainError::Internal("the new score vanished".into()))?
            }
            (Some(s), Some(version)) => {
                if !db::indices::update_score(conn, s.id, version, &v, now)? {
                    return Err(DomainError::Conflict(format!(
                        "this score changed since you read it (now version {}): reload and try again",
                        s.version
                    )));
                }
                s.id
            }
            (Some(s), None) => {
                return Err(DomainError::Conflict(format!(
                    "you have already scored {} of {} (version {}): change that score instead",
                    input.indicator, input.unit, s.version
                )));
            }
        };
        let target = format!("{slug} {} / {}", input.unit, input.indicator);
        db::users::audit_detailed(
            conn,
            &actor.name,
            "index score set",
            Some(&target),
            actor.ip.as_deref(),
            Some(&crate::index::framework::fmt_num(input.value)),
            now,
        )?;
        Ok(id)
    })
}
