//! Creating an index campaign from a framework file, and reading one whole.

use chrono::NaiveDateTime;

use super::not_found;
use crate::db::indices::{IndexCampaign, NewCampaign, Review, Score, Unit};
use crate::db::{self, AnyConnection};
use crate::index::{self, Framework};
use crate::service::{Actor, DomainError};

/// An index campaign with everything stored under it.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub campaign: IndexCampaign,
    pub framework: Framework,
    pub units: Vec<Unit>,
    pub scores: Vec<Score>,
    pub reviews: Vec<Review>,
}

/// What creating an index campaign takes.
#[derive(Debug, Clone, Copy)]
pub struct CreateRequest<'a> {
    pub slug: &'a str,
    /// `None` or empty: the framework's title in its default language.
    pub name: Option<&'a str>,
    /// The edition, such as `2026`.
    pub edition: Option<&'a str>,
    /// The file's name, for the problems' locations.
    pub framework_file: &'a str,
    pub framework: &'a [u8],
}

/// Creates an index campaign pinning the framework in `framework` (checked: every problem is
/// named with its line and JSON pointer). Audit-logged.
pub fn create(
    conn: &mut AnyConnection,
    req: &CreateRequest<'_>,
    actor: &Actor,
    now: NaiveDateTime,
) -> Result<IndexCampaign, DomainError> {
    let CreateRequest { slug, name, edition, framework_file, framework } = *req;
    let slug = slug.trim();
    crate::campaign::check_slug(slug).map_err(|m| DomainError::invalid("slug", m))?;
    let fw = index::check_bytes(framework).map_err(|problems| {
        let lines: Vec<String> = problems.iter().map(|p| p.display(framework_file).to_string()).collect();
        DomainError::invalid("framework", format!("the framework has problems:\n{}", lines.join("\n")))
    })?;
    let text = std::str::from_utf8(framework).map_err(|_| DomainError::invalid("framework", "not UTF-8"))?;
    let title = fw.title.get(&fw.default_language, "en").to_string();
    let name = name.map(str::trim).filter(|n| !n.is_empty()).unwrap_or(title.as_str());
    if name.chars().count() > 200 {
        return Err(DomainError::invalid("name", "use at most 200 characters"));
    }
    let edition = edition.map(str::trim).filter(|e| !e.is_empty());
    db::write_tx_as(conn, |conn| {
        let new = NewCampaign {
            slug,
            name,
            framework: text,
            framework_key: &fw.id,
            framework_version: &fw.version,
            content_hash: &fw.content_hash,
            edition,
        };
        db::indices::insert_campaign(conn, &new, now)?;
        db::users::audit(conn, &actor.name, "index campaign created", Some(slug), actor.ip.as_deref(), now)?;
        db::indices::campaign(conn, slug)?.ok_or_else(|| DomainError::Internal("the new campaign vanished".into()))
    })
}

/// The campaign `slug` with its framework, institutions, scores and reviews.
pub fn load(conn: &mut AnyConnection, slug: &str) -> Result<Loaded, DomainError> {
    let campaign = db::indices::campaign(conn, slug)?.ok_or_else(|| not_found(slug))?;
    let framework = index::check_bytes(campaign.framework.as_bytes())
        .map_err(|_| DomainError::Internal(format!("the stored framework of \"{slug}\" no longer checks")))?;
    let units = db::indices::units(conn, campaign.id)?;
    let scores = db::indices::scores(conn, campaign.id)?;
    let reviews = db::indices::reviews(conn, campaign.id)?;
    Ok(Loaded { campaign, framework, units, scores, reviews })
}

/// Every index campaign, newest first.
pub fn list(conn: &mut AnyConnection) -> Result<Vec<IndexCampaign>, DomainError> {
    Ok(db::indices::campaigns(conn)?)
}

impl Loaded {
    /// The institution with `id`.
    pub fn unit(&self, id: i64) -> Option<&Unit> {
        self.units.iter().find(|u| u.id == id)
    }

    /// The institution coded `code`.
    pub fn unit_by_code(&self, code: &str) -> Option<&Unit> {
        self.units.iter().find(|u| u.code == code)
    }
}
