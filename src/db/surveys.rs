//! Stored survey versions: a definition is kept as imported, identified by its content hash.

use diesel::prelude::*;

use super::schema::survey_versions;
use super::{AnyConnection, DbError, now};
use crate::survey::Survey;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = survey_versions)]
pub struct SurveyVersion {
    pub id: i64,
    pub survey_key: String,
    pub version: String,
    pub content_hash: String,
    pub title: String,
    pub definition: String,
    pub source_name: String,
    pub imported_at: chrono::NaiveDateTime,
}

#[derive(Insertable)]
#[diesel(table_name = survey_versions)]
struct NewSurveyVersion<'a> {
    survey_key: &'a str,
    version: &'a str,
    content_hash: &'a str,
    title: &'a str,
    definition: &'a str,
    source_name: &'a str,
    imported_at: chrono::NaiveDateTime,
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Imported {
    New(i64),
    /// The same content was already stored under this id.
    AlreadyStored(i64),
}

/// Stores a checked survey. The same content again changes nothing; the same id and version with
/// other content is refused (a report names a version: it must mean one thing).
pub fn import(conn: &mut AnyConnection, survey: &Survey, source_name: &str) -> Result<Imported, DbError> {
    conn.transaction(|conn| {
        if let Some(existing) = by_hash(conn, &survey.content_hash)? {
            return Ok(Imported::AlreadyStored(existing.id));
        }
        let clash: Option<SurveyVersion> = survey_versions::table
            .filter(survey_versions::survey_key.eq(&survey.id))
            .filter(survey_versions::version.eq(&survey.version))
            .select(SurveyVersion::as_select())
            .first(conn)
            .optional()?;
        if let Some(c) = clash {
            return Err(DbError::Conflict(format!(
                "survey \"{}\" version \"{}\" is already stored with other content ({}): change x-dra/version to store this one",
                survey.id,
                survey.version,
                c.content_hash.get(..12).unwrap_or(&c.content_hash)
            )));
        }
        let definition = serde_json::to_string_pretty(&survey.schema).unwrap_or_default();
        let title = survey.title.get(&survey.default_language, &survey.default_language).to_string();
        diesel::insert_into(survey_versions::table)
            .values(NewSurveyVersion {
                survey_key: &survey.id,
                version: &survey.version,
                content_hash: &survey.content_hash,
                title: &title,
                definition: &definition,
                source_name,
                imported_at: now(),
            })
            .execute(conn)?;
        let stored = by_hash(conn, &survey.content_hash)?
            .ok_or_else(|| DbError::Internal("the stored survey version vanished".into()))?;
        Ok(Imported::New(stored.id))
    })
}

pub fn by_hash(conn: &mut AnyConnection, hash: &str) -> Result<Option<SurveyVersion>, DbError> {
    Ok(survey_versions::table
        .filter(survey_versions::content_hash.eq(hash))
        .select(SurveyVersion::as_select())
        .first(conn)
        .optional()?)
}

/// Every stored version, newest first.
pub fn list(conn: &mut AnyConnection) -> Result<Vec<SurveyVersion>, DbError> {
    Ok(survey_versions::table
        .order((survey_versions::imported_at.desc(), survey_versions::id.desc()))
        .select(SurveyVersion::as_select())
        .load(conn)?)
}

pub fn by_id(conn: &mut AnyConnection, id: i64) -> Result<Option<SurveyVersion>, DbError> {
    Ok(survey_versions::table.find(id).select(SurveyVersion::as_select()).first(conn).optional()?)
}

/// Finds a stored version by `#ID`, a content-hash prefix (8+ characters), or a survey id (its
/// newest version).
pub fn find(conn: &mut AnyConnection, spec: &str) -> Result<SurveyVersion, DbError> {
    let not_found = || DbError::NotFound(format!("no stored survey \"{spec}\" (see dra survey list)"));
    if let Some(id) = spec.strip_prefix('#').and_then(|n| n.parse::<i64>().ok()) {
        return by_id(conn, id)?.ok_or_else(not_found);
    }
    let newest: Option<SurveyVersion> = survey_versions::table
        .filter(survey_versions::survey_key.eq(spec))
        .order((survey_versions::imported_at.desc(), survey_versions::id.desc()))
        .select(SurveyVersion::as_select())
        .first(conn)
        .optional()?;
    if let Some(v) = newest {
        return Ok(v);
    }
    if spec.len() >= 8 && spec.bytes().all(|b| b.is_ascii_hexdigit()) {
        let matches: Vec<SurveyVersion> = survey_versions::table
            .filter(survey_versions::content_hash.like(format!("{}%", spec.to_ascii_lowercase())))
            .select(SurveyVersion::as_select())
            .load(conn)?;
        if matches.len() == 1
            && let Some(v) = matches.into_iter().next()
        {
            return Ok(v);
        }
    }
    Err(not_found())
}

/// The compiled survey of a stored version (definitions are checked again when read back).
pub fn compiled(conn: &mut AnyConnection, id: i64) -> Result<Survey, DbError> {
    let v = by_id(conn, id)?.ok_or_else(|| DbError::NotFound(format!("no stored survey version #{id}")))?;
    crate::survey::check_bytes(v.definition.as_bytes()).map_err(|problems| {
        let first = problems.first().map(|p| p.message.clone()).unwrap_or_default();
        DbError::Internal(format!("stored survey version #{id} no longer checks: {first}"))
    })
}
