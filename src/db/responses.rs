//! Stored responses: read back for the questionnaire and the analysis, paper forms typed in
//! (pages saved and submitted online are written by `submissions`). The answers are a JSON
//! object (question id → value) kept as text; a response is found again by its respondent key,
//! never by the participant in an anonymous campaign.
//!
//! Every reading here that feeds a count, a figure or an export takes the *counted* responses
//! only: submitted, and not excluded by the coordinators (`review` excludes and restores).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::responses;
use super::{AnyConnection, DbError};
use crate::analysis::Origin;
use crate::campaign::response::ResponseStatus;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = responses)]
pub struct StoredResponse {
    pub id: i64,
    pub campaign_id: i64,
    pub participant_id: Option<i64>,
    pub respondent_key: Option<String>,
    pub group_code: String,
    pub origin: String,
    pub status: String,
    pub language: String,
    pub answers: String,
    /// The answers in the compact form of `analysis::codes` (submitted responses).
    pub codes: Option<String>,
    pub current_page: i32,
    pub paper_ref: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub submitted_at: Option<NaiveDateTime>,
    /// Counts the response's writes; a save is written only over the version it read.
    pub version: i64,
    /// A change in progress to a submitted response (its submitted answers stay meanwhile).
    pub pending: Option<String>,
    /// When the coordinators excluded this submitted response from every figure, if they did.
    pub excluded_at: Option<NaiveDateTime>,
    pub excluded_by: Option<String>,
    pub exclusion_reason: Option<String>,
}

impl StoredResponse {
    /// Submitted by its respondent, excluded or not: what the respondent sees.
    pub fn is_submitted(&self) -> bool {
        self.status == ResponseStatus::Submitted
    }

    /// Taken out of every figure and export by the coordinators.
    pub fn is_excluded(&self) -> bool {
        self.excluded_at.is_some()
    }
}

pub fn by_key(conn: &mut AnyConnection, key: &str) -> Result<Option<StoredResponse>, DbError> {
    // The selection names its backend: the query is written out once per arm.
    macro_rules! query {
        () => {
            responses::table.filter(responses::respondent_key.eq(key)).select(StoredResponse::as_select())
        };
    }
    // On the backend's own connection, so the prepared statement is cached (see
    // `invitations::for_response`).
    let found: Option<StoredResponse> = match conn {
        AnyConnection::Sqlite(c) => query!().first(c).optional()?,
        AnyConnection::Postgresql(c) => query!().first(c).optional()?,
    };
    found.map(|r| r.expanded(conn)).transpose()
}

impl StoredResponse {
    /// The response with its answers as the JSON object (see [`super::answer_keys`]).
    pub(super) fn expanded(mut self, conn: &mut AnyConnection) -> Result<Self, DbError> {
        super::answer_keys::Expander::default().expand(conn, &mut self.answers)?;
        Ok(self)
    }
}

/// A typed-in paper form, submitted, identified by its respondent id within the campaign.
#[derive(Debug, Clone)]
pub struct PaperResponse {
    pub paper_ref: String,
    pub group_code: String,
    pub language: String,
    pub answers: String,
    pub codes: Option<String>,
}

/// Respondent ids of the paper forms a campaign already holds.
pub fn paper_refs(conn: &mut AnyConnection, campaign_id: i64) -> Result<std::collections::HashSet<String>, DbError> {
    let refs: Vec<Option<String>> = responses::table
        .filter(responses::campaign_id.eq(campaign_id))
        .filter(responses::origin.eq(Origin::Paper.as_str()))
        .select(responses::paper_ref)
        .load(conn)?;
    Ok(refs.into_iter().flatten().collect())
}

/// Rows a multi-row insert of paper forms carries (12 values each: well under either backend's
/// limit on bound values).
const PAPER_ROWS: usize = 500;

/// Stores paper forms (call inside the import's transaction): a respondent id already stored
/// (`known`) is replaced (a replaced form the coordinators excluded stays excluded), the new ones
/// go in multi-row inserts.
/// Returns (added, replaced).
pub fn store_paper_batch(
    conn: &mut AnyConnection,
    campaign_id: i64,
    forms: &[PaperResponse],
    known: &std::collections::HashSet<String>,
    now: NaiveDateTime,
) -> Result<(usize, usize), DbError> {
    let (again, new): (Vec<&PaperResponse>, Vec<&PaperResponse>) =
        forms.iter().partition(|f| known.contains(&f.paper_ref));
    for f in &again {
        replace_by_ref(conn, campaign_id, &f.paper_ref, *f, now)?;
    }
    for chunk in new.chunks(PAPER_ROWS) {
        let rows: Vec<_> = chunk
            .iter()
            .map(|f| {
                (
                    responses::campaign_id.eq(campaign_id),
                    responses::group_code.eq(&f.group_code),
                    responses::origin.eq(Origin::Paper.as_str()),
                    responses::status.eq(ResponseStatus::Submitted.as_str()),
                    responses::language.eq(&f.language),
                    responses::answers.eq(&f.answers),
                    responses::codes.eq(&f.codes),
                    responses::current_page.eq(0),
                    responses::paper_ref.eq(Some(&f.paper_ref)),
                    responses::created_at.eq(now),
                    responses::updated_at.eq(now),
                    responses::submitted_at.eq(Some(now)),
                )
            })
            .collect();
        // A multi-row insert is written per backend (both take `VALUES (…), (…)`).
        let statement = || diesel::insert_into(responses::table).values(rows.clone());
        match conn {
            AnyConnection::Sqlite(c) => statement().execute(c)?,
            AnyConnection::Postgresql(c) => statement().execute(c)?,
        };
    }
    Ok((new.len(), again.len()))
}

/// The PostgreSQL advisory lock class of a campaign's imports (paper forms, ODK submissions).
const IMPORT_LOCK_CLASS: i32 = 0x6472_6169;

/// Inside an import's transaction, before it reads which forms are stored: imports of one
/// campaign run one after the other, so the second sees the first's forms and replaces them
/// instead of colliding with them. SQLite's write lock already serialises them; on PostgreSQL an
/// advisory lock held to the end of the transaction does (submissions are not held up).
pub fn lock_imports(conn: &mut AnyConnection, campaign_id: i64) -> Result<(), DbError> {
    if let AnyConnection::Postgresql(c) = conn {
        // Two 32-bit keys: the class, and the campaign (ids past 2^31 share a lock, harmlessly).
        let id = i32::try_from(campaign_id & 0x7fff_ffff).unwrap_or(0);
        diesel::sql_query(format!("SELECT pg_advisory_xact_lock({IMPORT_LOCK_CLASS}, {id})")).execute(c)?;
    }
    Ok(())
}

/// Calls `f(group, origin, answers)` for every counted response of a campaign (submitted, not
/// excluded), reading in pages of `batch` rows so memory stays flat however large the campaign.
pub fn for_each_submitted(
    conn: &mut AnyConnection,
    campaign_id: i64,
    batch: i64,
    mut f: impl FnMut(&str, &str, &str),
) -> Result<usize, DbError> {
    for_each_submitted_page(conn, campaign_id, batch, Columns::Answers, |rows| {
        for (_, group, origin, answers, _) in &rows {
            f(group, origin, answers);
        }
    })
}

/// Calls `f(group, language, answers)` for every counted response of a campaign (submitted, not
/// excluded), in pages of `batch` rows (the exports of what respondents wrote).
pub fn for_each_submitted_with_language(
    conn: &mut AnyConnection,
    campaign_id: i64,
    batch: i64,
    f: impl FnMut(&str, &str, &str),
) -> Result<usize, DbError> {
    submitted_with_language(conn, campaign_id, batch, false, f)
}

/// [`for_each_submitted_with_language`] for only the responses that may hold free text (their
/// compact codes say so, see [`crate::analysis::codes`]): the report's comments.
pub fn for_each_with_free_text(
    conn: &mut AnyConnection,
    campaign_id: i64,
    batch: i64,
    f: impl FnMut(&str, &str, &str),
) -> Result<usize, DbError> {
    submitted_with_language(conn, campaign_id, batch, true, f)
}

fn submitted_with_language(
    conn: &mut AnyConnection,
    campaign_id: i64,
    batch: i64,
    free_text_only: bool,
    mut f: impl FnMut(&str, &str, &str),
) -> Result<usize, DbError> {
    let mut after = 0i64;
    let mut n = 0;
    let condition = if free_text_only { crate::analysis::codes::SQL_MAY_HOLD_FREE_TEXT } else { "1 = 1" };
    let mut expander = super::answer_keys::Expander::default();
    loop {
        let rows: Vec<(i64, String, String, String)> = responses::table
            .filter(responses::campaign_id.eq(campaign_id))
            .filter(responses::status.eq(ResponseStatus::Submitted.as_str()))
            .filter(responses::excluded_at.is_null())
            .filter(diesel::dsl::sql::<diesel::sql_types::Bool>(condition))
            .filter(responses::id.gt(after))
            .order(responses::id)
            .limit(batch)
            .select((responses::id, responses::group_code, responses::language, responses::answers))
            .load(conn)?;
        let Some(last) = rows.last() else { break };
        after = last.0;
        n += rows.len();
        for (_, group, language, mut answers) in rows {
            expander.expand(conn, &mut answers)?;
            f(&group, &language, &answers);
        }
    }
    Ok(n)
}

/// One counted response as read for analysis: id, group, origin, answers, codes.
pub type SubmittedRow = (i64, String, String, String, Option<String>);

/// What a reader of the counted responses needs of each row besides its codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Columns {
    /// The answers JSON of every row.
    Answers,
    /// The answers only of rows without codes (their scored items are all that is read).
    Codes,
    /// The answers only of rows whose codes lack the profile fields (a breakdown reads one).
    CodesWithProfile,
}

/// Hands every counted response of a campaign (submitted, not excluded) to `f`, a page of at
/// most `batch` rows at a time, in id order (the pages can be moved to another thread as they are).
/// `columns` says where the answers may be left empty because the codes hold what the reader needs.
pub fn for_each_submitted_page(
    conn: &mut AnyConnection,
    campaign_id: i64,
    batch: i64,
    columns: Columns,
    mut f: impl FnMut(Vec<SubmittedRow>),
) -> Result<usize, DbError> {
    let mut after = 0i64;
    let mut n = 0;
    let mut expander = super::answer_keys::Expander::default();
    loop {
        let rows: Vec<SubmittedRow> = responses::table
            .filter(responses::campaign_id.eq(campaign_id))
            .filter(responses::status.eq(ResponseStatus::Submitted.as_str()))
            .filter(responses::excluded_at.is_null())
            .filter(responses::id.gt(after))
            .order(responses::id)
            .limit(batch)
            .select((
                responses::id,
                responses::group_code,
                responses::origin,
                // The JSON only where the compact codes are missing: it is ten times larger.
                diesel::dsl::sql::<diesel::sql_types::Text>(match columns {
                    Columns::Answers => "answers",
                    Columns::Codes => "CASE WHEN codes IS NULL THEN answers ELSE '' END",
                    Columns::CodesWithProfile => {
                        "CASE WHEN codes IS NULL OR codes NOT LIKE '%.%' OR codes LIKE '%.-%' THEN answers ELSE '' END"
                    }
                }),
                responses::codes,
            ))
            .load(conn)?;
        let Some(last) = rows.last() else { break };
        after = last.0;
        n += rows.len();
        let mut rows = rows;
        for row in &mut rows {
            expander.expand(conn, &mut row.3)?;
        }
        f(rows);
    }
    Ok(n)
}

/// Counts of drafts per group and origin (their status is "draft").
pub fn draft_counts(conn: &mut AnyConnection, campaign_id: i64) -> Result<Vec<(String, String, String, i64)>, DbError> {
    Ok(responses::table
        .filter(responses::campaign_id.eq(campaign_id))
        .filter(responses::status.eq(ResponseStatus::Draft.as_str()))
        .group_by((responses::group_code, responses::origin, responses::status))
        .select((responses::group_code, responses::origin, responses::status, diesel::dsl::count_star()))
        .load(conn)?)
}

/// Counts of the counted responses (drafts, and submitted ones not excluded) per group, origin
/// and status: the group sizes every export is published by.
pub fn counts(conn: &mut AnyConnection, campaign_id: i64) -> Result<Vec<(String, String, String, i64)>, DbError> {
    Ok(responses::table
        .filter(responses::campaign_id.eq(campaign_id))
        .filter(responses::excluded_at.is_null())
        .group_by((responses::group_code, responses::origin, responses::status))
        .select((responses::group_code, responses::origin, responses::status, diesel::dsl::count_star()))
        .load(conn)?)
}

/// What an imported form (paper, or collected offline) says, as a stored row holds it.
pub(super) struct Kept<'a> {
    pub group_code: &'a str,
    pub language: &'a str,
    pub answers: &'a str,
    pub codes: &'a Option<String>,
}

impl<'a> From<&'a PaperResponse> for Kept<'a> {
    fn from(f: &'a PaperResponse) -> Self {
        Kept { group_code: &f.group_code, language: &f.language, answers: &f.answers, codes: &f.codes }
    }
}

/// Replaces the answers of the imported response `reference` of a campaign (a form imported
/// again, corrected or edited at its source), one version on.
pub(super) fn replace_by_ref<'a>(
    conn: &mut AnyConnection,
    campaign_id: i64,
    reference: &str,
    form: impl Into<Kept<'a>>,
    now: NaiveDateTime,
) -> Result<(), DbError> {
    let f = form.into();
    diesel::update(
        responses::table.filter(responses::campaign_id.eq(campaign_id)).filter(responses::paper_ref.eq(reference)),
    )
    .set((
        responses::group_code.eq(f.group_code),
        responses::language.eq(f.language),
        responses::answers.eq(f.answers),
        responses::codes.eq(f.codes),
        responses::updated_at.eq(now),
        responses::version.eq(responses::version + 1),
    ))
    .execute(conn)?;
    Ok(())
}
