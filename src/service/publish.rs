//! Publishing a survey campaign as open data: its published figures (the same rows, under the
//! same disclosure rule, as the aggregates export) gathered into tables for
//! [`crate::publish`], written to a folder (all or nothing) or zipped for a download. A slug
//! that names an index campaign publishes its tables instead ([`super::index::publish`]).

use std::path::Path;

use super::DomainError;
use crate::analysis::Aggregates;
use crate::db::{self, AnyConnection};
use crate::publish::{Cell, FieldType, File, License, Metadata, Table};
use crate::report::table::{Field, HEADER};

/// What the publisher adds to what the campaign knows.
#[derive(Debug, Clone, Default)]
pub struct PublishOptions {
    /// Who publishes (default: the campaign's country, else "dra").
    pub publisher: Option<String>,
    pub publisher_url: Option<String>,
    pub contact_email: Option<String>,
    /// `CC-BY-4.0` (default) or `CC0-1.0`.
    pub license: Option<String>,
    /// Where the files will be served from.
    pub base_url: Option<String>,
    /// Language of labels (default: the campaign's default language).
    pub lang: Option<String>,
}

/// A licence by SPDX id.
pub(crate) fn license(id: Option<&str>) -> Result<License, DomainError> {
    match id.unwrap_or("CC-BY-4.0") {
        "CC-BY-4.0" => Ok(License::default()),
        "CC0-1.0" => Ok(License {
            id: "CC0-1.0".into(),
            url: "https://creativecommons.org/publicdomain/zero/1.0/".into(),
            title: "Creative Commons Zero 1.0 (public domain dedication)".into(),
        }),
        "CC-BY-SA-4.0" => Ok(License {
            id: "CC-BY-SA-4.0".into(),
            url: "https://creativecommons.org/licenses/by-sa/4.0/".into(),
            title: "Creative Commons Attribution-ShareAlike 4.0".into(),
        }),
        other => Err(DomainError::invalid("license", format!("{other}: use CC-BY-4.0, CC-BY-SA-4.0 or CC0-1.0"))),
    }
}

/// The type and description of each column of the aggregates table.
fn score_field(name: &str) -> (FieldType, &'static str) {
    use FieldType::*;
    match name {
        "level" => (String, "pillar, subpillar or item"),
        "id" => (String, "Id of the pillar, sub-pillar or question in the survey definition"),
        "pillar" => (String, "Pillar the row belongs to"),
        "subpillar" => (String, "Sub-pillar the row belongs to (items and sub-pillars)"),
        "label" => (String, "Name of the pillar or sub-pillar, text of the question"),
        "group" => (
            String,
            "Stakeholder group code; _overall = across groups (each published group weighted as the campaign says)",
        ),
        "suppressed" => (
            String,
            "yes = fewer respondents than the campaign's minimum cell size (or hidden so that such a cell cannot be recovered): no figure is published",
        ),
        "reason" => (String, "Why the row is suppressed: below_minimum or complementary"),
        "n" => (Integer, "Respondents with a score"),
        "mean" => (Number, "Mean score on the stage scale (1 = Basic … 5 = Transformational)"),
        "sd" => (Number, "Standard deviation (n − 1)"),
        "ci_low" => (Number, "Lower bound of the 95% confidence interval of the mean (Student t)"),
        "ci_high" => (Number, "Upper bound of the 95% confidence interval of the mean (Student t)"),
        "median" => (Number, "Median (Hyndman-Fan type 7; weighted for the overall)"),
        "q1" => (Number, "First quartile"),
        "q3" => (Number, "Third quartile"),
        "iqr" => (Number, "Interquartile range"),
        "stage" => (Integer, "Maturity stage of the mean (1-5)"),
        "stage_label" => (String, "Name of the stage"),
        "share_dont_know" => (Number, "Share of \"don't know\" answers"),
        "share_not_applicable" => (Number, "Share of \"not applicable\" answers"),
        "share_missing" => (Number, "Share not answered"),
        "dont_know" => (Integer, "\"Don't know\" answers"),
        "not_applicable" => (Integer, "\"Not applicable\" answers"),
        _ => (Integer, "Answers the questionnaire's conditions left out"),
    }
}

fn cell(f: &Field, kind: FieldType) -> Cell {
    match (f, kind) {
        (Field::Text(s), _) if s.is_empty() => Cell::Missing,
        (Field::Text(s), _) => Cell::Text(s.clone()),
        (Field::Int(i), FieldType::Number) => Cell::Number(*i as f64),
        (Field::Int(i), _) => Cell::count(Some(*i)),
        (Field::Num(x), _) => Cell::number(Some(*x)),
        (Field::Empty, _) => Cell::Missing,
    }
}

/// The tables of a survey campaign: scores (the aggregates export), groups, option counts.
pub fn survey_tables(input: &crate::report::ReportInput) -> Vec<Table> {
    let agg: &Aggregates = input.aggregates;
    let lang = input.lang.code();
    let survey = input.survey;
    let mut scores = Table::new(
        "scores",
        "Scores by pillar, sub-pillar and question, per stakeholder group and overall",
        "One row per pillar, sub-pillar or question and stakeholder group, then the overall. Rows of groups \
         below the minimum cell size are marked suppressed and carry no figures.",
    );
    let kinds: Vec<FieldType> = HEADER.iter().map(|h| score_field(h).0).collect();
    for h in HEADER {
        let (kind, description) = score_field(h);
        scores = match h {
            "level" => scores.code(h, &["pillar", "subpillar", "item"], description),
            "suppressed" => scores.code(h, &["yes", "no"], description),
            _ => scores.field(h, kind, description),
        };
    }
    scores = scores.primary_key(&["level", "id", "group"]);
    for row in crate::report::table_rows(input) {
        scores.push(row.iter().zip(&kinds).map(|(f, k)| cell(f, *k)).collect());
    }
    let group_label = |code: &str| {
        let value = serde_json::Value::String(code.to_string());
        survey
            .profile_questions()
            .filter(|q| q.profile.as_deref() == Some("group"))
            .find_map(|q| q.option(&value))
            .map_or_else(|| code.to_string(), |o| o.label.get(lang, &survey.default_language).to_string())
    };
    let mut groups = Table::new(
        "groups",
        "Stakeholder groups",
        "Each group with its respondents; a group below the minimum cell size is suppressed and its size not published.",
    )
    .field("group", FieldType::String, "Stakeholder group code")
    .field("label", FieldType::String, "Name of the group")
    .code("suppressed", &["yes", "no"], "yes = below the minimum cell size: nothing of it is published")
    .field("respondents", FieldType::Integer, "Submitted responses analysed (published groups only)")
    .primary_key(&["group"]);
    for g in &agg.groups {
        groups.push(vec![
            Cell::text(&g.code),
            Cell::text(group_label(&g.code)),
            Cell::text(if g.suppressed { "yes" } else { "no" }),
            if g.suppressed { Cell::Missing } else { Cell::count(g.respondents) },
        ]);
    }
    let mut options = Table::new(
        "options",
        "Answers per option, per question and stakeholder group",
        "For each question, published group and the overall: how many chose each option (\"don't know\" and \
         \"not applicable\" included). Suppressed groups have no rows.",
    )
    .field("id", FieldType::String, "Question id")
    .field("group", FieldType::String, "Stakeholder group code; _overall = across published groups")
    .field("option", FieldType::String, "The option's value as stored in a response")
    .field("label", FieldType::String, "The option's label")
    .field("scale_value", FieldType::Number, "The option's score on the stage scale; empty for missing codes")
    .field("missing", FieldType::String, "dont_know or not_applicable, for answers that are not scores")
    .field("count", FieldType::Integer, "Respondents who chose the option")
    .field("share", FieldType::Number, "Share of the base (overall: groups weighted as the campaign says)")
    .primary_key(&["id", "group", "option"]);
    for item in &agg.items {
        let question = survey.question(&item.id);
        let cells = agg
            .groups
            .iter()
            .zip(&item.groups)
            .filter(|(_, c)| !c.suppressed)
            .filter_map(|(g, c)| c.stats.as_ref().map(|s| (g.code.as_str(), s)))
            .chain(item.overall.stats.as_ref().map(|s| ("_overall", s)));
        for (group, st) in cells {
            for (k, o) in item.options.iter().enumerate() {
                let label = question
                    .and_then(|q| q.option(&o.value))
                    .map(|a| a.label.get(lang, &survey.default_language).to_string())
                    .unwrap_or_default();
                options.push(vec![
                    Cell::text(&item.id),
                    Cell::text(group),
                    Cell::text(crate::analysis::compare::value_text(&o.value)),
                    Cell::text(label),
                    Cell::number(o.scale_value),
                    o.missing.clone().map_or(Cell::Missing, Cell::Text),
                    Cell::count(st.distribution.get(k).copied()),
                    Cell::number(st.distribution_share.get(k).copied()),
                ]);
            }
        }
    }
    vec![scores, groups, options]
}

/// The files of a survey campaign's open-data package.
pub fn package(
    conn: &mut AnyConnection,
    slug: &str,
    options: &PublishOptions,
    today: chrono::NaiveDate,
) -> Result<Vec<File>, DomainError> {
    let campaign = match super::fieldwork::campaign(conn, slug) {
        Ok(c) => c,
        // Not a survey campaign: an index campaign of that slug publishes its tables.
        Err(DomainError::NotFound(survey_missing)) => {
            return super::index::publish::package(conn, slug, options, today).map_err(|e| match e {
                DomainError::NotFound(_) => DomainError::NotFound(survey_missing),
                other => other,
            });
        }
        Err(e) => return Err(e),
    };
    let survey = db::surveys::compiled(conn, campaign.survey_version_id)?;
    let aggregates = super::exports::aggregates(conn, slug, None)?;
    let lang_code = options.lang.clone().unwrap_or_else(|| campaign.default_language.clone());
    let lang = crate::report::Lang::parse(&lang_code)
        .ok_or_else(|| DomainError::invalid("lang", format!("{lang_code}: use es or en")))?;
    let day = |t: Option<chrono::NaiveDateTime>| t.map(|t| t.date());
    let opens = day(campaign.opens_at).unwrap_or(campaign.created_at.date());
    let closes = day(campaign.closes_at).unwrap_or(today).max(opens);
    let input = crate::report::ReportInput {
        aggregates: &aggregates,
        survey: &survey,
        campaign: crate::report::CampaignInfo {
            name: campaign.name.clone(),
            country: campaign.country.clone().unwrap_or_default(),
            opens,
            closes,
            generated_at: today.and_hms_opt(0, 0, 0).unwrap_or_default(),
            submitted: 0,
            excluded: Vec::new(),
        },
        lang,
        comments: &[],
    };
    let tables = survey_tables(&input);
    let name: String = format!("dra-{}", campaign.slug.to_ascii_lowercase())
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || "-_.".contains(c) { c } else { '-' })
        .collect();
    let publisher = options
        .publisher
        .clone()
        .or_else(|| campaign.country.clone().filter(|c| !c.trim().is_empty()))
        .unwrap_or_else(|| "dra".into());
    let base_url = options.base_url.as_ref().map(|u| if u.ends_with('/') { u.clone() } else { format!("{u}/") });
    let meta = Metadata {
        name,
        title: campaign.name.clone(),
        description: format!(
            "Published figures of the digital readiness assessment \"{}\" (survey {} {}): scores per pillar, \
             sub-pillar and question for each stakeholder group and overall, on the 1-5 stage scale, with 95% \
             confidence intervals. Groups with fewer than {} respondents are suppressed.",
            campaign.name, aggregates.survey.id, aggregates.survey.version, aggregates.min_cell
        ),
        publisher,
        publisher_url: options.publisher_url.clone(),
        contact_email: options.contact_email.clone(),
        license: license(options.license.as_deref())?,
        period: Some((opens, closes)),
        languages: campaign.languages(),
        keywords: vec!["digital readiness".into(), "digital government".into(), aggregates.survey.id.clone()],
        issued: Some(today),
        base_url,
    };
    crate::publish::package(&tables, &meta).map_err(|e| DomainError::Internal(format!("publish: {e}")))
}

/// Writes `files` into `dir`, which must not exist or be empty: all of them or none (they are
/// written beside it first, then moved into place).
pub fn write_dir(files: &[File], dir: &Path) -> Result<(), DomainError> {
    let conflict = |e: std::io::Error, p: &Path| DomainError::Conflict(format!("{}: {e}", p.display()));
    if dir.exists() {
        let mut entries = std::fs::read_dir(dir).map_err(|e| conflict(e, dir))?;
        if entries.next().is_some() {
            return Err(DomainError::invalid(
                "out",
                format!("{} is not empty: name a new or empty folder", dir.display()),
            ));
        }
    }
    let parent = dir.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let staging = parent.join(format!(
        ".{}.partial-{}",
        dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "publish".into()),
        std::process::id()
    ));
    let result = (|| {
        std::fs::create_dir_all(&staging).map_err(|e| conflict(e, &staging))?;
        for f in files {
            let p = staging.join(&f.name);
            std::fs::write(&p, &f.bytes).map_err(|e| conflict(e, &p))?;
        }
        if dir.exists() {
            std::fs::remove_dir(dir).map_err(|e| conflict(e, dir))?;
        }
        std::fs::rename(&staging, dir).map_err(|e| conflict(e, dir))
    })();
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&staging);
    }
    result
}
