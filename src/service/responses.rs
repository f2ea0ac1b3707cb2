//! Responses that come in other than through the form: paper forms typed into a CSV. Every row
//! of a file is checked (every problem with its line); the file is stored only when every row is
//! valid, in one transaction, each form marked as paper (a respondent id typed again replaces
//! that form). Audit-logged.

use std::io::Read;

use chrono::NaiveDateTime;

use super::{Actor, DomainError};
use crate::analysis::Origin;
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
            .filter(|(_, (origin, _, _))| *origin != Origin::Paper)
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

    /// Imports a file in one pass, all or nothing: rows are read and checked on one thread while
    /// this one writes the valid forms (many per statement) in a single transaction; any problem
    /// rolls the transaction back, so nothing is stored and every problem comes back with its
    /// line (with the number of valid rows). A respondent id already imported replaces that form.
    pub fn import(
        &self,
        conn: &mut AnyConnection,
        input: impl Read + Send,
        actor: &Actor,
        now: NaiveDateTime,
    ) -> Result<Result<PaperStored, (PaperProblems, usize)>, DomainError> {
        /// Forms handed from the reading thread to the writing one at a time.
        const BATCH: usize = 1000;
        let c = &self.campaign;
        let mut refused: Option<(PaperProblems, usize)> = None;
        let stored = db::write_tx_as(conn, |conn| {
            db::responses::lock_imports(conn, c.id)?;
            let known = db::responses::paper_refs(conn, c.id)?;
            // Forms are stored as arrays in the order of this key list (`db::answer_keys`).
            let keys = db::answer_keys::id_for(conn, &paper::answer_keys(&self.survey))?;
            let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<db::responses::PaperResponse>>(2);
            let mut stored = PaperStored { added: 0, replaced: 0 };
            let mut failure: Option<DomainError> = None;
            let (problems, valid) = std::thread::scope(|scope| {
                let reader = scope.spawn(move || {
                    let mut batch = Vec::with_capacity(BATCH);
                    let mut valid = 0usize;
                    // Rows are written as they come; a problem further on rolls them back.
                    let problems = self.read(input, |f| {
                        valid += 1;
                        batch.push(db::responses::PaperResponse {
                            paper_ref: f.respondent,
                            group_code: f.group,
                            language: f.language,
                            answers: stored_answers(keys, f.answers),
                            codes: f.codes,
                        });
                        if batch.len() == BATCH {
                            let _ = tx.send(std::mem::take(&mut batch));
                        }
                    });
                    if !batch.is_empty() {
                        let _ = tx.send(batch);
                    }
                    (problems, valid)
                });
                for forms in rx {
                    if failure.is_some() {
                        continue;
                    }
                    match db::responses::store_paper_batch(conn, c.id, &forms, &known, now) {
                        Ok((added, replaced)) => {
                            stored.added += added;
                            stored.replaced += replaced;
                        }
                        Err(e) => failure = Some(e.into()),
                    }
                }
                reader.join().unwrap_or_else(|_| {
                    let mut p = PaperProblems::default();
                    p.push(0, "the file could not be read".into());
                    (p, 0)
                })
            });
            if let Some(e) = failure {
                return Err(e);
            }
            if !problems.is_empty() {
                refused = Some((problems, valid));
                return Err(DomainError::invalid("file", "the file has problems: nothing imported"));
            }
            let target = format!("{} ({} forms)", c.slug, stored.added + stored.replaced);
            db::users::audit(conn, &actor.name, "paper forms imported", Some(&target), actor.ip.as_deref(), now)?;
            Ok(stored)
        });
        match (stored, refused) {
            (_, Some(r)) => Ok(Err(r)),
            (Ok(s), None) => Ok(Ok(s)),
            (Err(e), None) => Err(e),
        }
    }
}

/// A checked paper form's answers as stored: the array behind its key list's id (an object,
/// which the check hands on only should the array not hold it all, as it is).
fn stored_answers(keys: i64, answers: String) -> String {
    if answers.starts_with('[') { db::answer_keys::compact(keys, &answers) } else { answers }
}
