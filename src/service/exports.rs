//! Exports of what respondents gave, under the one disclosure rule: a group below the campaign's
//! minimum is in none of them.

use super::DomainError;
use crate::db::{self, AnyConnection};
use crate::report::comments::{self, Comment};
use crate::survey::QuestionKind;

/// The campaign's report in one format and language; the PDF and HTML carry the published
/// comments in their annex.
pub fn report(
    conn: &mut AnyConnection,
    slug: &str,
    format: crate::report::Format,
    lang: crate::report::Lang,
    now: chrono::NaiveDateTime,
) -> Result<db::aggregates::RenderedReport, DomainError> {
    use crate::report::Format;
    super::fieldwork::campaign(conn, slug)?;
    let annexed = if matches!(format, Format::Pdf | Format::Html) { comments(conn, slug)? } else { Vec::new() };
    db::aggregates::report(conn, slug, format, lang, now, &annexed).map_err(DomainError::from)
}

/// The campaign's aggregates, suppressed under its minimum cell, optionally broken down `by` a
/// profile field.
pub fn aggregates(
    conn: &mut AnyConnection,
    slug: &str,
    by: Option<String>,
) -> Result<crate::analysis::Aggregates, DomainError> {
    super::fieldwork::campaign(conn, slug)?;
    db::aggregates::load(conn, slug, by).map_err(load_error)
}

/// The submitted responses of the published groups as CSV, without anything that names a
/// respondent.
pub fn responses_csv(conn: &mut AnyConnection, slug: &str) -> Result<Vec<u8>, DomainError> {
    super::fieldwork::campaign(conn, slug)?;
    db::aggregates::anonymised_csv(conn, slug).map_err(load_error)
}

/// A breakdown nobody can make is the asker's to change; anything else the analysis refuses is
/// a fault in what is stored.
fn load_error(e: db::aggregates::LoadError) -> DomainError {
    use crate::analysis::AnalysisError;
    match e {
        db::aggregates::LoadError::Analysis(AnalysisError::BadBy(m)) => DomainError::invalid("by", m),
        db::aggregates::LoadError::Analysis(a) => DomainError::Internal(a.to_string()),
        db::aggregates::LoadError::Db(d) => d.into(),
    }
}

/// Every comment (free-text answer) of the campaign's published groups, in published order.
pub fn comments(conn: &mut AnyConnection, slug: &str) -> Result<Vec<Comment>, DomainError> {
    let campaign = super::fieldwork::campaign(conn, slug)?;
    let survey = db::surveys::compiled(conn, campaign.survey_version_id)?;
    let texts: Vec<&crate::survey::Question> =
        survey.questions.iter().filter(|q| q.kind == QuestionKind::Text && q.profile.is_none()).collect();
    // A questionnaire without free text has no comments: no response is read.
    if texts.is_empty() {
        return Ok(Vec::new());
    }
    let min = u64::try_from(campaign.min_cell_size.max(crate::campaign::MIN_CELL_FLOOR)).unwrap_or(u64::MAX);
    // The keys a response with a comment holds, as they appear in its JSON: a response without
    // any of them is not parsed.
    let keys: Vec<String> = texts.iter().map(|q| format!("\"{}\"", q.id)).collect();
    let pillar_of = |q: &crate::survey::Question| {
        q.subpillar
            .as_deref()
            .and_then(|s| survey.pillars.iter().find(|p| p.subpillars.iter().any(|x| x.id == s)))
            .map_or_else(|| q.id.split('.').next().unwrap_or_default().to_string(), |p| p.id.clone())
    };
    // The groups' sizes are counted in the same pass; a group below the minimum gives nothing.
    let mut sizes = std::collections::HashMap::<String, u64>::new();
    let mut out = Vec::new();
    db::responses::for_each_submitted_with_language(conn, campaign.id, 20_000, |group, language, answers| {
        match sizes.get_mut(group) {
            Some(n) => *n += 1,
            None => {
                sizes.insert(group.to_string(), 1);
            }
        }
        if !keys.iter().any(|k| answers.contains(k.as_str())) {
            return;
        }
        let parsed: serde_json::Map<String, serde_json::Value> = serde_json::from_str(answers).unwrap_or_default();
        for q in &texts {
            if let Some(text) = parsed.get(&q.id).and_then(|v| v.as_str()).map(str::trim).filter(|t| !t.is_empty()) {
                out.push(Comment {
                    question: q.id.clone(),
                    pillar: pillar_of(q),
                    subpillar: q.subpillar.clone(),
                    group: group.to_string(),
                    language: language.to_string(),
                    text: text.to_string(),
                });
            }
        }
    })?;
    out.retain(|c| sizes.get(&c.group).is_some_and(|n| *n >= min));
    Ok(comments::sorted(out))
}

/// The files of the statistical-package export (`report::stats`), written into `dir`: the
/// published groups' responses as numeric codes, a codebook, and SPSS/PSPP, Stata and R syntax.
pub fn stats(
    conn: &mut AnyConnection,
    slug: &str,
    lang: &str,
    dir: &std::path::Path,
) -> Result<Vec<String>, DomainError> {
    let campaign = super::fieldwork::campaign(conn, slug)?;
    let survey = db::surveys::compiled(conn, campaign.survey_version_id)?;
    let min = i64::from(campaign.min_cell_size.max(crate::campaign::MIN_CELL_FLOOR));
    let mut sizes = std::collections::HashMap::<String, i64>::new();
    for (g, _, status, n) in db::responses::counts(conn, campaign.id)? {
        if status == "submitted" {
            *sizes.entry(g).or_default() += n;
        }
    }
    let mut rows = Vec::new();
    db::responses::for_each_submitted_with_language(conn, campaign.id, 20_000, |group, _, answers| {
        if sizes.get(group).copied().unwrap_or(0) >= min {
            let answers = serde_json::from_str(answers).unwrap_or_default();
            rows.push(crate::report::stats::Row { group: group.to_string(), answers });
        }
    })?;
    std::fs::create_dir_all(dir).map_err(|e| DomainError::Conflict(format!("{}: {e}", dir.display())))?;
    let mut written = Vec::new();
    for (name, bytes) in crate::report::stats::files(&survey, &rows, min as u64, lang, slug) {
        let path = dir.join(&name);
        std::fs::write(&path, bytes).map_err(|e| DomainError::Conflict(format!("{}: {e}", path.display())))?;
        written.push(path.display().to_string());
    }
    Ok(written)
}
