//! Responses collected offline with ODK Collect or KoboToolbox, imported from the CSV their
//! servers export (`survey::odk` reads it). As with paper forms, a file is checked whole first
//! (every problem with its line) and stored only when every row is valid, in one transaction,
//! audit-logged; each response is marked `odk`. A submission's id is its respondent id in the
//! campaign: the same file imported again adds nothing, a submission edited on the server since
//! replaces what was stored.

use std::collections::HashMap;
use std::io::Read;

use chrono::NaiveDateTime;

use super::{Actor, DomainError};
use crate::db::offline::{OfflineResponse, Stored};
use crate::db::{self, AnyConnection};
use crate::survey::odk::{self, OdkRead};
use crate::survey::paper::{LISTED, PaperForm, PaperProblem};
use crate::survey::{self, Survey};

pub use crate::db::campaigns::Campaign;

/// Everything an ODK import into one campaign checks rows against.
pub struct OdkImport {
    pub campaign: Campaign,
    survey: Survey,
    validator: jsonschema::Validator,
    groups: Vec<String>,
    /// Respondent ids the campaign already holds: origin, group, answers.
    known: HashMap<String, (String, String, String)>,
}

/// What a stored file did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct OdkStored {
    pub added: usize,
    pub replaced: usize,
    pub unchanged: usize,
    /// Submissions the server marks rejected: not imported.
    pub rejected: usize,
}

impl OdkImport {
    /// The rules of the campaign `slug`.
    pub fn of(conn: &mut AnyConnection, slug: &str) -> Result<Self, DomainError> {
        let campaign = super::fieldwork::campaign(conn, slug)?;
        let survey = db::surveys::compiled(conn, campaign.survey_version_id)?;
        let validator = survey::validator(&survey).map_err(DomainError::Internal)?;
        let groups = db::campaigns::groups(conn, campaign.id)?.into_iter().map(|g| g.code).collect();
        let known = db::offline::refs(conn, campaign.id)?;
        Ok(Self { campaign, survey, validator, groups, known })
    }

    /// Reads a file under the campaign's rules, handing over each valid submission; a
    /// submission id a paper form already uses is a problem of its row.
    fn read(&self, input: impl Read, mut on_form: impl FnMut(PaperForm)) -> OdkRead {
        let mut taken = Vec::new();
        let language = &self.campaign.default_language;
        let mut read = odk::read(&self.survey, &self.validator, input, &self.groups, language, |f| {
            match self.known.get(&f.respondent) {
                Some((origin, _, _)) if origin != db::offline::ORIGIN => {
                    taken.push((f.line, f.respondent, origin.clone()))
                }
                _ => on_form(f),
            }
        });
        for (line, id, origin) in taken {
            read.problems.total += 1;
            if read.problems.listed.len() < LISTED {
                let message = format!("submission id \"{id}\" is already the respondent id of a {origin} response");
                read.problems.listed.push(PaperProblem { line, message });
            }
        }
        read.problems.listed.sort_by_key(|p| p.line);
        read
    }

    /// Checks a file: what reading it found, and how many rows are valid.
    pub fn check(&self, input: impl Read) -> (OdkRead, usize) {
        let mut valid = 0usize;
        let read = self.read(input, |_| valid += 1);
        (read, valid)
    }

    /// Stores a file checked with [`OdkImport::check`], all or nothing. A file that no longer
    /// checks (it changed in between) stores nothing.
    pub fn store(
        &self,
        conn: &mut AnyConnection,
        input: impl Read,
        what: &str,
        actor: &Actor,
        now: NaiveDateTime,
    ) -> Result<OdkStored, DomainError> {
        let c = &self.campaign;
        db::write_tx_as(conn, |conn| {
            db::responses::lock_imports(conn, c.id)?;
            let known = db::offline::refs(conn, c.id)?;
            let mut stored = OdkStored::default();
            let mut failure = None;
            let again = self.read(input, |f| {
                if failure.is_some() {
                    return;
                }
                let form = OfflineResponse {
                    submission: f.respondent,
                    group_code: f.group,
                    language: f.language,
                    answers: f.answers,
                    codes: f.codes,
                };
                match db::offline::store(conn, c.id, &form, &known, now) {
                    Ok(Stored::Added) => stored.added += 1,
                    Ok(Stored::Replaced) => stored.replaced += 1,
                    Ok(Stored::Unchanged) => stored.unchanged += 1,
                    Err(e) => failure = Some(e),
                }
            });
            if let Some(e) = failure {
                return Err(e.into());
            }
            if !again.problems.is_empty() {
                return Err(DomainError::Conflict(format!(
                    "{what} changed while it was imported: nothing imported, run the import again"
                )));
            }
            stored.rejected = again.rejected;
            let target = format!(
                "{} ({} new, {} replaced, {} unchanged)",
                c.slug, stored.added, stored.replaced, stored.unchanged
            );
            db::users::audit(conn, &actor.name, "odk submissions imported", Some(&target), actor.ip.as_deref(), now)?;
            Ok(stored)
        })
    }
}
