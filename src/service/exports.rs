//! Exports of what respondents gave, under the one disclosure rule: a group below the campaign's
//! minimum is in none of them.

use std::collections::{HashMap, HashSet};

use super::DomainError;
use crate::campaign::response::ResponseStatus;
use crate::db::{self, AnyConnection};
use crate::report::comments::{self, Comment};
use crate::survey::QuestionKind;

/// A rendered report: bytes, a file name and its media type.
pub struct RenderedReport {
    pub bytes: Vec<u8>,
    pub file_name: String,
    pub mime: &'static str,
}

/// The campaign's report in one format and language; the PDF and HTML carry the published
/// comments in their annex.
pub fn report(
    conn: &mut AnyConnection,
    slug: &str,
    format: crate::report::Format,
    lang: crate::report::Lang,
    now: chrono::NaiveDateTime,
) -> Result<RenderedReport, DomainError> {
    report_with_change(conn, slug, format, lang, now, None)
}

/// [`report`] with a "change since" section against previous editions (see
/// [`super::compare::report`]).
pub(crate) fn report_with_change(
    conn: &mut AnyConnection,
    slug: &str,
    format: crate::report::Format,
    lang: crate::report::Lang,
    now: chrono::NaiveDateTime,
    change: Option<crate::report::change::ChangeInput<'_>>,
) -> Result<RenderedReport, DomainError> {
    use crate::report::Format;
    // The campaign and its compiled survey are read once, for the annex and the figures alike.
    let campaign = super::fieldwork::campaign(conn, slug)?;
    let survey = db::surveys::compiled(conn, campaign.survey_version_id)?;
    let (aggregates, submitted) = db::aggregates::load_counted(conn, &campaign, &survey, None).map_err(load_error)?;
    // The annex quotes the groups the figures publish, by the same rule: no second count.
    let annexed = if matches!(format, Format::Pdf | Format::Html) {
        let published = aggregates.groups.iter().filter(|g| !g.suppressed).map(|g| g.code.clone()).collect();
        comments_of(conn, &campaign, &survey, Published::Groups(published))?
    } else {
        Vec::new()
    };
    let excluded = super::exclusions::reasons(conn, &campaign)?;
    // The campaign's own days: a campaign closing 2026-12-31 at 23:59 -06:00 closes on the 31st,
    // not on the UTC 1st of January.
    let offset =
        crate::campaign::parse_offset(&campaign.time_zone).unwrap_or_else(|_| chrono::Offset::fix(&chrono::Utc));
    let local = |t: chrono::NaiveDateTime| t.and_utc().with_timezone(&offset).date_naive();
    let day = |t: Option<chrono::NaiveDateTime>| t.map_or(local(now), local);
    let input = crate::report::ReportInput {
        aggregates: &aggregates,
        survey: &survey,
        campaign: crate::report::CampaignInfo {
            name: campaign.name_in(lang.code()),
            country: campaign.country.clone().unwrap_or_default(),
            opens: day(campaign.opens_at.or(Some(campaign.created_at))),
            closes: day(campaign.closes_at),
            generated_at: now,
            submitted,
            excluded,
        },
        lang,
        comments: &annexed,
    };
    let bytes = crate::report::render_with_change(format, &input, change.as_ref())
        .map_err(|e| DomainError::Internal(format!("report: {e}")))?;
    Ok(RenderedReport {
        bytes,
        file_name: format!("{}-report-{}.{}", campaign.slug, lang.code(), format.extension()),
        mime: format.mime(),
    })
}

/// The campaign's aggregates, suppressed under its minimum cell, optionally broken down `by` a
/// profile field.
pub fn aggregates(
    conn: &mut AnyConnection,
    slug: &str,
    by: Option<String>,
) -> Result<crate::analysis::Aggregates, DomainError> {
    let campaign = super::fieldwork::campaign(conn, slug)?;
    let survey = db::surveys::compiled(conn, campaign.survey_version_id)?;
    db::aggregates::load_counted(conn, &campaign, &survey, by).map(|(a, _)| a).map_err(load_error)
}

/// The groups of a campaign that are published: those with at least the campaign's minimum of
/// submitted responses (never fewer than the floor). Every export takes rows from these only.
fn published_groups(
    conn: &mut AnyConnection,
    campaign: &db::campaigns::Campaign,
) -> Result<HashSet<String>, DomainError> {
    let min = i64::from(campaign.min_cell_size.max(crate::campaign::MIN_CELL_FLOOR));
    let mut sizes = HashMap::<String, i64>::new();
    for (g, _, status, n) in db::responses::counts(conn, campaign.id)? {
        if status == ResponseStatus::Submitted {
            *sizes.entry(g).or_default() += n;
        }
    }
    Ok(sizes.into_iter().filter(|(_, n)| *n >= min).map(|(g, _)| g).collect())
}

/// The submitted responses without anything that names a person: a running number, the group,
/// the origin, and the answers to the choice and number questions (free text and profile fields
/// other than the group are left out: they can identify someone). The rows of a group below the
/// campaign's minimum cell size are left out too: relabelled, they would still be that group's,
/// and its figures could be computed again from them. Text cells are neutralised for
/// spreadsheets.
pub fn responses_csv(conn: &mut AnyConnection, slug: &str) -> Result<Vec<u8>, DomainError> {
    let campaign = super::fieldwork::campaign(conn, slug)?;
    let survey = db::surveys::compiled(conn, campaign.survey_version_id)?;
    let published = published_groups(conn, &campaign)?;
    let columns: Vec<&crate::survey::Question> =
        survey.questions.iter().filter(|q| q.profile.is_none() && !matches!(q.kind, QuestionKind::Text)).collect();
    let csv_error = |e: csv::Error| DomainError::Internal(e.to_string());
    let mut w = csv::Writer::from_writer(crate::report::cell_text::UTF8_BOM.to_vec());
    let mut header = vec!["response".to_string(), "group".into(), "origin".into()];
    header.extend(columns.iter().map(|q| q.id.clone()));
    w.write_record(&header).map_err(csv_error)?;
    let mut n = 0usize;
    let mut failure = None;
    db::responses::for_each_submitted(conn, campaign.id, 20_000, |group, origin, answers| {
        // A group below the minimum is in no output: not as figures, not as rows.
        if !published.contains(group) || failure.is_some() {
            return;
        }
        n += 1;
        let parsed: serde_json::Map<String, serde_json::Value> = serde_json::from_str(answers).unwrap_or_default();
        let mut row = vec![n.to_string(), crate::report::cell_text::neutralise(group).into_owned(), origin.to_string()];
        row.extend(columns.iter().map(|q| {
            let text = match parsed.get(&q.id) {
                Some(serde_json::Value::Array(a)) => {
                    a.iter().map(crate::survey::response::form_value).collect::<Vec<_>>().join(";")
                }
                Some(v) => crate::survey::response::form_value(v),
                None => String::new(),
            };
            crate::report::cell_text::neutralise(&text).into_owned()
        }));
        if let Err(e) = w.write_record(&row) {
            failure = Some(e);
        }
    })?;
    if let Some(e) = failure {
        return Err(csv_error(e));
    }
    w.into_inner().map_err(|e| DomainError::Internal(e.to_string()))
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
    comments_of(conn, &campaign, &survey, Published::BySize)
}

/// Which groups' comments may be quoted.
enum Published {
    /// The groups an analysis at hand publishes (a report quotes only the groups it shows).
    Groups(HashSet<String>),
    /// The groups with at least the campaign's minimum of counted submitted responses, counted here.
    BySize,
}

/// The comments of a campaign whose survey is at hand, of the groups `published` lets through.
fn comments_of(
    conn: &mut AnyConnection,
    campaign: &db::campaigns::Campaign,
    survey: &crate::survey::Survey,
    published: Published,
) -> Result<Vec<Comment>, DomainError> {
    let texts: Vec<&crate::survey::Question> =
        survey.questions.iter().filter(|q| q.kind == QuestionKind::Text && q.profile.is_none()).collect();
    // A questionnaire without free text has no comments: no response is read.
    if texts.is_empty() {
        return Ok(Vec::new());
    }
    // The keys a response with a comment holds, as they appear in its JSON: a response without
    // any of them is not parsed.
    let keys: Vec<String> = texts.iter().map(|q| format!("\"{}\"", q.id)).collect();
    let pillar_of = |q: &crate::survey::Question| {
        q.subpillar
            .as_deref()
            .and_then(|s| survey.pillars.iter().find(|p| p.subpillars.iter().any(|x| x.id == s)))
            .map_or_else(|| q.id.split('.').next().unwrap_or_default().to_string(), |p| p.id.clone())
    };
    // A group below the minimum gives nothing.
    let shown: HashSet<String> = match published {
        Published::Groups(g) => g,
        Published::BySize => {
            let min = u64::try_from(campaign.min_cell_size.max(crate::campaign::MIN_CELL_FLOOR)).unwrap_or(u64::MAX);
            let mut sizes = HashMap::<String, u64>::new();
            for (group, _, status, n) in db::responses::counts(conn, campaign.id)? {
                if ResponseStatus::parse(&status) == Some(ResponseStatus::Submitted) {
                    *sizes.entry(group).or_default() += u64::try_from(n).unwrap_or(0);
                }
            }
            sizes.into_iter().filter(|(_, n)| *n >= min).map(|(g, _)| g).collect()
        }
    };
    let mut out = Vec::new();
    // Only the rows whose codes say they hold free text are read.
    db::responses::for_each_with_free_text(conn, campaign.id, 20_000, |group, language, answers| {
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
    out.retain(|c| shown.contains(&c.group));
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
    let published = published_groups(conn, &campaign)?;
    let mut rows = Vec::new();
    db::responses::for_each_submitted_with_language(conn, campaign.id, 20_000, |group, _, answers| {
        if published.contains(group) {
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
