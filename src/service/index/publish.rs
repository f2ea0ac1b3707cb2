//! Publishing an index campaign as open data: its ranking, pillar, indicator and sensitivity
//! tables (the headline method, the uncertainty analysis as the framework configures it) as a
//! Frictionless Data Package with DCAT-AP metadata, through [`crate::publish`].

use super::figures;
use crate::db::AnyConnection;
use crate::publish::{File, Metadata};
use crate::service::DomainError;
use crate::service::publish::PublishOptions;

/// The files of the open-data package of index campaign `slug`.
pub fn package(
    conn: &mut AnyConnection,
    slug: &str,
    options: &PublishOptions,
    today: chrono::NaiveDate,
) -> Result<Vec<File>, DomainError> {
    let f = figures(conn, slug, None, false, true)?;
    let generated = today.format("%Y-%m-%d").to_string();
    let tables = crate::index::report::open_data::publish_tables(&f.input(&generated));
    let name: String = format!("dra-{}", f.slug.to_ascii_lowercase())
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || "-_.".contains(c) { c } else { '-' })
        .collect();
    let title = match &f.edition {
        Some(e) if !e.trim().is_empty() && !f.name.contains(e.as_str()) => format!("{} {e}", f.name),
        _ => f.name.clone(),
    };
    let runs = f.uncertainty.as_ref().map_or(0, |u| u.runs);
    let description = format!(
        "Composite index \"{title}\" of {} institutions on {} indicators in {} pillars: the index score and rank \
         of each institution (with the 5-95% interval of its rank over {runs} runs of the uncertainty analysis), \
         its pillar scores, the indicator scores that counted with their evidence, and how much each choice of \
         the method moves the ranks.",
        f.units.len(),
        f.framework.indicators().count(),
        f.framework.pillars.len(),
    );
    let lang = options.lang.clone();
    let languages = match lang {
        Some(l) => vec![l],
        None => f.framework.languages.clone(),
    };
    let meta = Metadata {
        name,
        title,
        description,
        publisher: options.publisher.clone().unwrap_or_else(|| "dra".into()),
        publisher_url: options.publisher_url.clone(),
        contact_email: options.contact_email.clone(),
        license: crate::service::publish::license(options.license.as_deref())?,
        period: None,
        languages,
        keywords: vec!["composite index".into(), "digital government".into(), f.framework.id.clone()],
        issued: Some(today),
        base_url: options.base_url.as_ref().map(|u| if u.ends_with('/') { u.clone() } else { format!("{u}/") }),
    };
    crate::publish::package(&tables, &meta).map_err(|e| DomainError::Internal(format!("publish: {e}")))
}
