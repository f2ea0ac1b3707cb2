//! Comparing editions of a survey assessment: each campaign's published aggregates (its own
//! analysis, under its own minimum cell) handed to the pure comparison
//! ([`crate::analysis::compare`]); and the report with its "change since" section.

use super::DomainError;
use super::exports::RenderedReport;
use crate::analysis::Aggregates;
use crate::analysis::compare::{self, Comparison, Edition, ItemMap, Trend};
use crate::db::AnyConnection;

/// Two editions compared and, with three or more, the trend of each pillar.
#[derive(Debug, Clone, serde::Serialize, schemars::JsonSchema)]
pub struct Editions {
    /// The latest earlier edition against the later one.
    pub comparison: Comparison,
    /// Every edition, oldest first, when there are three or more.
    pub trend: Option<Trend>,
}

/// What the API answers: the comparison, or why there is none.
#[derive(Debug, Clone, serde::Serialize, schemars::JsonSchema)]
pub struct Answer {
    pub comparison: Option<Comparison>,
    pub trend: Option<Trend>,
    /// Said when there is nothing to compare with.
    pub note: Option<String>,
}

/// The campaigns created before `slug` on a version of the same survey, oldest first: its
/// earlier editions.
pub fn earlier_editions(conn: &mut AnyConnection, slug: &str) -> Result<Vec<String>, DomainError> {
    let all = super::fieldwork::campaigns(conn)?;
    let this = all
        .iter()
        .find(|c| c.slug == slug)
        .ok_or_else(|| DomainError::NotFound(format!("no campaign \"{slug}\" (see dra campaign list)")))?;
    let mut keys = std::collections::HashMap::new();
    for c in &all {
        if let std::collections::hash_map::Entry::Vacant(e) = keys.entry(c.survey_version_id) {
            e.insert(crate::db::surveys::by_id(conn, c.survey_version_id)?.map(|v| v.survey_key));
        }
    }
    let key = keys.get(&this.survey_version_id).cloned().flatten();
    let mut earlier: Vec<&crate::db::campaigns::Campaign> = all
        .iter()
        .filter(|c| (c.created_at, c.id) < (this.created_at, this.id))
        .filter(|c| key.is_some() && keys.get(&c.survey_version_id).cloned().flatten() == key)
        .collect();
    earlier.sort_by_key(|c| (c.created_at, c.id));
    Ok(earlier.into_iter().map(|c| c.slug.clone()).collect())
}

/// `to` against `from`, or, when `from` is empty, against its latest earlier edition (a note
/// says so when it has none).
pub fn answer(
    conn: &mut AnyConnection,
    from: &[String],
    to: &str,
    map: Option<&ItemMap>,
) -> Result<Answer, DomainError> {
    let from = if from.is_empty() {
        match earlier_editions(conn, to)?.pop() {
            Some(previous) => vec![previous],
            None => {
                return Ok(Answer {
                    comparison: None,
                    trend: None,
                    note: Some(format!("\"{to}\" has no earlier edition on the same survey: name one with from=")),
                });
            }
        }
    } else {
        from.to_vec()
    };
    let e = compare(conn, &from, to, map)?;
    Ok(Answer { comparison: Some(e.comparison), trend: e.trend, note: None })
}

/// A campaign's name and published aggregates.
fn published(conn: &mut AnyConnection, slug: &str) -> Result<(String, Aggregates), DomainError> {
    let campaign = super::fieldwork::campaign(conn, slug)?;
    let aggregates = super::exports::aggregates(conn, slug, None)?;
    Ok((campaign.name, aggregates))
}

/// Refuses a comparison that names an edition twice (the latest among the earlier ones, or one
/// earlier edition twice): an edition compared with itself shows no change that happened.
pub(crate) fn each_once(from: &[String], to: &str, what: &str) -> Result<(), DomainError> {
    let mut seen = std::collections::HashSet::new();
    match from.iter().map(String::as_str).chain([to]).find(|s| !seen.insert(*s)) {
        Some(s) => Err(DomainError::invalid("from", format!("{what} \"{s}\" is named twice"))),
        None => Ok(()),
    }
}

/// Reads an item map's text (`--map`): every problem named.
pub fn parse_map(text: &str) -> Result<ItemMap, DomainError> {
    ItemMap::parse(text).map_err(|e| DomainError::invalid("map", e.0.join("; ")))
}

/// Compares the campaigns `from` (earlier editions, oldest first) with `to`: the last of `from`
/// against `to`, item by item under `map`, and with two or more earlier editions the trend of
/// every pillar across all of them.
pub fn compare(
    conn: &mut AnyConnection,
    from: &[String],
    to: &str,
    map: Option<&ItemMap>,
) -> Result<Editions, DomainError> {
    if from.is_empty() {
        return Err(DomainError::invalid("from", "name at least one earlier campaign"));
    }
    each_once(from, to, "campaign")?;
    // A survey campaign named with an index campaign: said as such, not as "no campaign".
    super::index::editions::kind(conn, from, to, "en")?;
    let mut all = Vec::with_capacity(from.len() + 1);
    for slug in from.iter().map(String::as_str).chain([to]) {
        let (name, agg) = published(conn, slug)?;
        all.push((slug.to_string(), name, agg));
    }
    let editions: Vec<Edition<'_>> =
        all.iter().map(|(slug, name, agg)| Edition { slug, name, aggregates: agg }).collect();
    let n = editions.len();
    let (Some(earlier), Some(later)) = (n.checked_sub(2).and_then(|i| editions.get(i)), editions.last()) else {
        return Err(DomainError::invalid("from", "name at least one earlier campaign"));
    };
    let comparison = compare::compare(earlier, later, map).map_err(|e| DomainError::invalid("map", e.0.join("; ")))?;
    let trend = (n >= 3).then(|| compare::trend(&editions));
    Ok(Editions { comparison, trend })
}

/// The comparison with its section (charts and tables) in `lang`, for the console.
pub fn view(
    conn: &mut AnyConnection,
    from: &[String],
    to: &str,
    map: Option<&ItemMap>,
    lang: crate::report::Lang,
) -> Result<(Editions, crate::report::change::ChangeSection), DomainError> {
    let editions = compare(conn, from, to, map)?;
    let campaign = super::fieldwork::campaign(conn, to)?;
    let survey = crate::db::surveys::compiled(conn, campaign.survey_version_id)?;
    let aggregates = super::exports::aggregates(conn, to, None)?;
    let change =
        crate::report::change::ChangeInput { comparison: &editions.comparison, trend: editions.trend.as_ref() };
    let section = crate::report::change::standalone(&change, &survey, &aggregates, lang)
        .map_err(|e| DomainError::Internal(format!("comparison: {e}")))?;
    Ok((editions, section))
}

/// The report of `slug` with a "change since" section against `compare_to` (earlier editions,
/// oldest first).
pub fn report(
    conn: &mut AnyConnection,
    slug: &str,
    compare_to: &[String],
    map: Option<&ItemMap>,
    format: crate::report::Format,
    lang: crate::report::Lang,
    now: chrono::NaiveDateTime,
) -> Result<RenderedReport, DomainError> {
    let editions = compare(conn, compare_to, slug, map)?;
    let change =
        crate::report::change::ChangeInput { comparison: &editions.comparison, trend: editions.trend.as_ref() };
    super::exports::report_with_change(conn, slug, format, lang, now, Some(change))
}
