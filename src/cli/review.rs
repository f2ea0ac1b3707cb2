//! `dra responses counts|list|show|exclude|restore`: a campaign's responses reviewed from the
//! command line, under `service::review`'s rules (the console's). Errors go to standard error
//! and exit 1; a command line that does not parse exits 2.

use std::process::ExitCode;

use serde_json::{Value, json};

use super::open_migrated;
use crate::clock::{Clock, SystemClock};
use crate::config::Settings;
use crate::service::Actor;
use crate::service::exclusions;
use crate::service::review::{self, Counts, ResponseFilter, Reviewed};

fn time(t: Option<chrono::NaiveDateTime>) -> Value {
    t.map_or(Value::Null, |t| Value::String(t.and_utc().to_rfc3339()))
}

/// `dra responses counts --campaign SLUG [--json]`.
pub fn counts(slug: &str, json: bool) -> anyhow::Result<ExitCode> {
    let settings = Settings::from_env()?;
    let mut conn = open_migrated(&settings)?;
    let Counts { groups, total, .. } = review::counts(&mut conn, slug)?;
    if json {
        let rows: Vec<Value> = groups
            .iter()
            .map(|g| json!({"group": g.group, "counted": g.counted, "excluded": g.excluded, "drafts": g.drafts}))
            .collect();
        println!("{}", serde_json::to_string_pretty(&rows)?);
        return Ok(ExitCode::SUCCESS);
    }
    println!("{:<16} {:>9} {:>8} {:>7}", "group", "counted", "excluded", "drafts");
    for g in groups.iter().chain(std::iter::once(&total)) {
        println!("{:<16} {:>9} {:>8} {:>7}", g.group, g.counted, g.excluded, g.drafts);
    }
    Ok(ExitCode::SUCCESS)
}

/// `dra responses list --campaign SLUG [--group G] [--status S] [--search T] [--json]`.
pub fn list(slug: &str, filter: &ResponseFilter, json: bool) -> anyhow::Result<ExitCode> {
    let settings = Settings::from_env()?;
    let mut conn = open_migrated(&settings)?;
    let found = review::page(&mut conn, slug, filter, 1, usize::MAX)?;
    if json {
        let rows: Vec<Value> = found
            .rows
            .iter()
            .map(|r| {
                json!({"id": r.id, "status": r.standing.as_str(), "group": r.group, "origin": r.origin,
                    "language": r.language, "paper_ref": r.paper_ref, "email": r.email, "name": r.name,
                    "submitted_at": time(r.submitted_at), "excluded_at": time(r.excluded_at)})
            })
            .collect();
        println!("{}", serde_json::to_string_pretty(&rows)?);
        return Ok(ExitCode::SUCCESS);
    }
    for r in &found.rows {
        let who = match (&r.email, &r.name, &r.paper_ref) {
            (Some(e), Some(n), _) => format!("{e} · {n}"),
            (Some(e), None, _) => e.clone(),
            (None, _, Some(p)) => format!("paper form {p}"),
            _ => "—".into(),
        };
        let submitted = r.submitted_at.map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string()).unwrap_or_default();
        println!(
            "{:<8} {:<9} {:<16} {:<6} {:<3} {:<20} {who}",
            format!("#{}", r.id),
            r.standing.as_str(),
            r.group,
            r.origin,
            r.language,
            submitted
        );
    }
    eprintln!("{} of {} responses", found.matching, found.total);
    Ok(ExitCode::SUCCESS)
}

/// The answers of a response in survey order: question id, the value as stored, and the value
/// in words in the language it was given in (an option's label, a number with its unit).
fn answers_in_words(r: &Reviewed) -> Vec<(String, Value, String)> {
    let answers = r.answers();
    let (lang, fallback) = (r.response.language.as_str(), r.survey.default_language.as_str());
    r.survey
        .questions
        .iter()
        .filter_map(|q| {
            let v = answers.get(&q.id)?;
            let word = |v: &Value| {
                q.options
                    .iter()
                    .find(|o| &o.value == v)
                    .map_or_else(|| crate::survey::response::form_value(v), |o| o.label.get(lang, fallback).to_string())
            };
            let words = match v {
                Value::Array(values) => values.iter().map(word).collect::<Vec<_>>().join("; "),
                v => {
                    let unit = q.unit.get(lang, fallback);
                    if unit.is_empty() { word(v) } else { format!("{} {unit}", word(v)) }
                }
            };
            Some((q.id.clone(), v.clone(), words))
        })
        .collect()
}

/// `dra responses show --campaign SLUG ID [--json]`.
pub fn show(slug: &str, id: i64, json: bool) -> anyhow::Result<ExitCode> {
    let settings = Settings::from_env()?;
    let mut conn = open_migrated(&settings)?;
    let r = review::response(&mut conn, slug, id)?;
    let s = &r.response;
    let p = r.participant.as_ref();
    let facts = json!({
        "id": s.id, "status": r.standing().as_str(), "group": s.group_code, "origin": s.origin,
        "paper_ref": s.paper_ref, "language": s.language,
        "email": p.map(|p| &p.email), "name": p.and_then(|p| p.name.as_ref()),
        "organisation": p.and_then(|p| p.organisation.as_ref()),
        "started_at": time(Some(s.created_at)), "submitted_at": time(s.submitted_at),
        "updated_at": time(Some(s.updated_at)), "change_in_progress": r.change_in_progress(),
        "excluded_at": time(s.excluded_at), "excluded_by": s.excluded_by, "exclusion_reason": s.exclusion_reason,
    });
    let answers = answers_in_words(&r);
    if json {
        let mut out = facts;
        if let Some(map) = out.as_object_mut() {
            map.insert("answers".into(), Value::Object(r.answers()));
        }
        println!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(map) = facts.as_object() {
        for (k, v) in map {
            let shown = match v {
                Value::Null => "—".to_string(),
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            println!("{k:<18} {shown}");
        }
    }
    println!();
    for (id, _, words) in answers {
        println!("{id:<40} {words}");
    }
    Ok(ExitCode::SUCCESS)
}

/// `dra responses exclude --campaign SLUG ID --reason TEXT`.
pub fn exclude(slug: &str, id: i64, reason: &str) -> anyhow::Result<ExitCode> {
    let settings = Settings::from_env()?;
    let mut conn = open_migrated(&settings)?;
    let r = exclusions::exclude(&mut conn, slug, id, reason, &Actor::cli(), SystemClock.now())?;
    println!(
        "response #{id} of \"{slug}\" excluded ({}): it leaves every figure and export; dra responses restore \
         --campaign {slug} {id} brings it back",
        r.response.exclusion_reason.unwrap_or_default()
    );
    Ok(ExitCode::SUCCESS)
}

/// `dra responses restore --campaign SLUG ID [--note TEXT]`.
pub fn restore(slug: &str, id: i64, note: Option<&str>) -> anyhow::Result<ExitCode> {
    let settings = Settings::from_env()?;
    let mut conn = open_migrated(&settings)?;
    exclusions::restore(&mut conn, slug, id, note, &Actor::cli(), SystemClock.now())?;
    println!("response #{id} of \"{slug}\" restored: it counts again");
    Ok(ExitCode::SUCCESS)
}
