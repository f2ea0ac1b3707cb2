//! Responses that come in other than through the form: paper forms typed into a CSV. A file is
//! checked whole first (every problem with its line); it is stored only when every row is
//! valid, in one transaction, each form marked as paper (a respondent id typed again replaces
//! that form). Audit-logged.

use std::io::Read;

use chrono::NaiveDateTime;

use super::{Actor, DomainError};
use crate::db::{self, AnyConnection};
use crate::survey::paper::{self, PaperProblems};
use crate::survey::{self, Survey};

pub use crate::db::campaigns::Campaign;

/// Everything a paper import of one campaign checks rows against.
pub struct PaperImport {
    pub campaign: Campaign,
    survey: Survey,
    validator: jsonschema::Validator,
    groups: Vec<String>,
    languages: Vec<String>,
    /// Respondent ids other imports use (an ODK submission's id), with their origin.
    taken: std::collections::HashMap<String, String>,
}

/// How many forms a stored file added and how many it replaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PaperStored {
    pub added: usize,
    pub replaced: usize,
}

impl PaperImport {
    /// The rules of the campaign `slug`.
    pub fn of(conn: &mut AnyConnection, slug: &str) -> Result<Self, DomainError> {
        let campaign = super::fieldwork::campaign(conn, slug)?;
        let survey = db::surveys::compiled(conn, campaign.survey_version_id)?;
        let validator = survey::validator(&survey).map_err(DomainError::Internal)?;
        let groups = db::campaigns::groups(conn, campaign.id)?.into_iter().map(|g| g.code).collect();
        let languages = campaign.languages();
        let taken = db::offline::refs(conn, campaign.id)?
            .into_iter()
            .filter(|(_, (origin, _, _))| origin != "paper")
            .map(|(r, (origin, _, _))| (r, origin))
            .collect();
        Ok(Self { campaign, survey, validator, groups, languages, taken })
    }

    /// Reads a file under the campaign's rules, handing over each valid form; a respondent id
    /// that another import (an ODK submission) already uses is a problem of its row.
    fn read(&self, input: impl Read, mut on_form: impl FnMut(paper::PaperForm)) -> PaperProblems {
        let default_language = &self.campaign.default_language;
        let mut clashes = Vec::new();
        let mut problems =
            paper::read(&self.survey, &self.validator, input, &self.groups, &self.languages, default_language, |f| {
                match self.taken.get(&f.respondent) {
                    Some(origin) => clashes.push((f.line, f.respondent, origin.clone())),
                    None => on_form(f),
                }
            });
        for (line, id, origin) in clashes {
            problems.push(
                line,
                format!("respondent id \"{id}\" is already the id of an imported {origin} response: give this form another id"),
            );
        }
        problems.listed.sort_by_key(|p| p.line);
        problems
    }

    /// Checks a file: its problems (none: it can be stored) and how many rows are valid.
    pub fn check(&self, input: impl Read) -> (PaperProblems, usize) {
        let mut valid = 0usize;
        let problems = self.read(input, |_| valid += 1);
        (problems, valid)
    }

    /// Stores a file checked with [`PaperImport::check`], all or nothing. A file that no longer
    /// checks (it changed in between) stores nothing.
    pub fn store(
        &self,
        conn: &mut AnyConnection,
        input: impl Read,
        what: &str,
        actor: &Actor,
        now: NaiveDateTime,
    ) -> Result<PaperStored, DomainError> {
        let c = &self.campaign;
        db::write_tx_as(conn, |conn| {
            let known = db::responses::paper_refs(conn, c.id)?;
            let mut stored = PaperStored { added: 0, replaced: 0 };
            let mut failure = None;
            let again = self.read(input, |f| {
                if failure.is_some() {
                    return;
                }
                let form = db::responses::PaperResponse {
                    paper_ref: f.respondent,
                    group_code: f.group,
                    language: f.language,
                    answers: f.answers,
                    codes: f.codes,
                };
                match db::responses::store_paper(conn, c.id, &form, &known, now) {
                    Ok(true) => stored.added += 1,
                    Ok(false) => stored.replaced += 1,
                    Err(e) => failure = Some(e),
                }
            });
            if let Some(e) = failure {
                return Err(e.into());
            }
            if !again.is_empty() {
                return Err(DomainError::Conflict(format!(
                    "{what} changed while it was imported: nothing imported, run the import again"
                )));
            }
            let target = format!("{} ({} forms)", c.slug, stored.added + stored.replaced);
            db::users::audit(conn, &actor.name, "paper forms imported", Some(&target), actor.ip.as_deref(), now)?;
            Ok(stored)
        })
    }
}
