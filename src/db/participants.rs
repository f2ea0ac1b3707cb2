//! Stored participants and the opt-out list (shared by every campaign).

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{opt_outs, participants};
use super::{AnyConnection, DbError};
use crate::campaign::participants_csv::ParticipantRow;

#[derive(Debug, Clone, Queryable, QueryableByName, Selectable)]
#[diesel(table_name = participants)]
pub struct Participant {
    pub id: i64,
    pub campaign_id: i64,
    pub email: String,
    pub name: Option<String>,
    pub organisation: Option<String>,
    pub group_code: String,
    pub language: String,
    pub attributes: Option<String>,
    pub bounced_at: Option<NaiveDateTime>,
    pub bounce_reason: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// What an import changed.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ImportSummary {
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
}

/// Adds or updates (same email = same participant) every row, all in one transaction.
pub fn import(
    conn: &mut AnyConnection,
    campaign_id: i64,
    rows: &[ParticipantRow],
    now: NaiveDateTime,
) -> Result<ImportSummary, DbError> {
    conn.transaction(|conn| {
        let mut summary = ImportSummary::default();
        for chunk in rows.chunks(CHUNK) {
            store_chunk(conn, campaign_id, chunk, now, &mut summary)?;
        }
        Ok(summary)
    })
}

/// Rows stored together: one read of the participants already there for their addresses.
const CHUNK: usize = 500;

/// Adds or updates the rows of one chunk (inside the caller's transaction).
fn store_chunk(
    conn: &mut AnyConnection,
    campaign_id: i64,
    rows: &[ParticipantRow],
    now: NaiveDateTime,
    summary: &mut ImportSummary,
) -> Result<(), DbError> {
    if rows.is_empty() {
        return Ok(());
    }
    let emails: Vec<&str> = rows.iter().map(|r| r.email.as_str()).collect();
    let existing: HashMap<String, Participant> = match conn {
        // PostgreSQL plans `email = ANY(…)` from the table's statistics, which an import in
        // progress outgrows: it read every participant of the campaign against every address of
        // the chunk (a 40,000-row import took half a minute, each chunk slower than the last).
        // Joined with the chunk's addresses, each address is looked up (or the campaign read
        // once per chunk), whatever the statistics say.
        AnyConnection::Postgresql(c) => diesel::sql_query(
            "SELECT p.* FROM unnest($2::text[]) AS wanted(email) \
             JOIN participants p ON p.campaign_id = $1 AND p.email = wanted.email",
        )
        .bind::<diesel::sql_types::BigInt, _>(campaign_id)
        .bind::<diesel::sql_types::Array<diesel::sql_types::Text>, _>(&emails)
        .load::<Participant>(c)?,
        AnyConnection::Sqlite(c) => participants::table
            .filter(participants::campaign_id.eq(campaign_id))
            .filter(participants::email.eq_any(&emails))
            .select(Participant::as_select())
            .load(c)?,
    }
    .into_iter()
    .map(|p| (p.email.clone(), p))
    .collect();
    // The new rows go in one multi-row insert (the file's addresses are distinct: its reader
    // refuses a duplicate), 9 values a row: within both backends' limits on bound values.
    let mut added = Vec::new();
    for r in rows {
        let attributes =
            if r.attributes.is_empty() { None } else { Some(serde_json::to_string(&r.attributes).unwrap_or_default()) };
        match existing.get(&r.email) {
            Some(p)
                if p.name == r.name
                    && p.organisation == r.organisation
                    && p.group_code == r.group
                    && p.language == r.language
                    && p.attributes == attributes =>
            {
                summary.unchanged += 1;
            }
            Some(p) => {
                diesel::update(participants::table.find(p.id))
                    .set((
                        participants::name.eq(&r.name),
                        participants::organisation.eq(&r.organisation),
                        participants::group_code.eq(&r.group),
                        participants::language.eq(&r.language),
                        participants::attributes.eq(&attributes),
                        participants::updated_at.eq(now),
                    ))
                    .execute(conn)?;
                summary.updated += 1;
            }
            None => added.push((
                participants::campaign_id.eq(campaign_id),
                participants::email.eq(&r.email),
                participants::name.eq(&r.name),
                participants::organisation.eq(&r.organisation),
                participants::group_code.eq(&r.group),
                participants::language.eq(&r.language),
                participants::attributes.eq(attributes),
                participants::created_at.eq(now),
                participants::updated_at.eq(now),
            )),
        }
    }
    if !added.is_empty() {
        summary.added += added.len();
        insert_rows!(conn, participants::table, added)?;
    }
    Ok(())
}

/// The participant of a campaign with this (normalised) address.
pub fn by_email(conn: &mut AnyConnection, campaign_id: i64, email: &str) -> Result<Option<Participant>, DbError> {
    Ok(participants::table
        .filter(participants::campaign_id.eq(campaign_id))
        .filter(participants::email.eq(email))
        .select(Participant::as_select())
        .first(conn)
        .optional()?)
}

/// What a coordinator may correct of a participant (checked by `service::fieldwork`).
#[derive(Debug, Clone)]
pub struct Correction {
    pub email: String,
    pub name: Option<String>,
    pub organisation: Option<String>,
    pub group: String,
    pub language: String,
}

/// Corrects a participant. A new address clears the bounce recorded for the old one, and the
/// messages still waiting in the outbox go to the new address.
pub fn correct(conn: &mut AnyConnection, p: &Participant, c: &Correction, now: NaiveDateTime) -> Result<(), DbError> {
    let moved = c.email != p.email;
    diesel::update(participants::table.find(p.id))
        .set((
            participants::email.eq(&c.email),
            participants::name.eq(&c.name),
            participants::organisation.eq(&c.organisation),
            participants::group_code.eq(&c.group),
            participants::language.eq(&c.language),
            participants::updated_at.eq(now),
        ))
        .execute(conn)?;
    if moved {
        diesel::update(participants::table.find(p.id))
            .set((participants::bounced_at.eq(None::<NaiveDateTime>), participants::bounce_reason.eq(None::<String>)))
            .execute(conn)?;
        super::outbox::readdress_pending(conn, p.id, &c.email)?;
    }
    Ok(())
}

pub fn by_id(conn: &mut AnyConnection, id: i64) -> Result<Option<Participant>, DbError> {
    Ok(participants::table.find(id).select(Participant::as_select()).first(conn).optional()?)
}

/// Whether an address asked never to be mailed again.
pub fn is_opted_out(conn: &mut AnyConnection, email: &str) -> Result<bool, DbError> {
    let n: i64 = opt_outs::table.filter(opt_outs::email.eq(email)).count().get_result(conn)?;
    Ok(n > 0)
}

/// Records an opt-out (idempotent).
pub fn opt_out(conn: &mut AnyConnection, email: &str, source: &str, now: NaiveDateTime) -> Result<(), DbError> {
    conn.transaction(|conn| {
        if !is_opted_out(conn, email)? {
            diesel::insert_into(opt_outs::table)
                .values((opt_outs::email.eq(email), opt_outs::source.eq(source), opt_outs::created_at.eq(now)))
                .execute(conn)?;
        }
        Ok(())
    })
}

/// Marks a participant's address as bouncing (a permanent delivery failure).
pub fn mark_bounced(conn: &mut AnyConnection, id: i64, reason: &str, now: NaiveDateTime) -> Result<(), DbError> {
    diesel::update(participants::table.find(id))
        .set((participants::bounced_at.eq(Some(now)), participants::bounce_reason.eq(Some(reason))))
        .execute(conn)?;
    Ok(())
}

/// A campaign's participants with their invitation progress (no token, no nonce).
pub fn with_progress(
    conn: &mut AnyConnection,
    campaign_id: i64,
) -> Result<Vec<(Participant, Option<super::invitations::Invitation>)>, DbError> {
    use super::schema::invitations;
    Ok(participants::table
        .left_join(invitations::table)
        .filter(participants::campaign_id.eq(campaign_id))
        .order(participants::id)
        .select((Participant::as_select(), Option::<super::invitations::Invitation>::as_select()))
        .load(conn)?)
}

/// Reads a participants CSV for a campaign as it streams in (checked against its groups and
/// languages), stores the good rows in one transaction, chunk by chunk, and records who did it.
/// Returns the count of rows and the refused ones (the first of them listed).
pub fn import_csv(
    conn: &mut AnyConnection,
    slug: &str,
    input: impl std::io::Read,
    actor: &str,
    ip: Option<&str>,
    now: NaiveDateTime,
) -> Result<(crate::campaign::participants_csv::Checked, ImportSummary), DbError> {
    use crate::campaign::participants_csv;
    let c = super::campaigns::require(conn, slug)?;
    let groups: Vec<String> = super::campaigns::groups(conn, c.id)?.into_iter().map(|g| g.code).collect();
    let languages = c.languages();
    let rules =
        participants_csv::Rules { groups: &groups, languages: &languages, default_language: &c.default_language };
    conn.transaction(|conn| {
        let mut summary = ImportSummary::default();
        let mut chunk = Vec::with_capacity(CHUNK);
        let checked = participants_csv::read(input, &rules, |row| {
            chunk.push(row);
            if chunk.len() == CHUNK {
                store_chunk(conn, c.id, &chunk, now, &mut summary)?;
                chunk.clear();
            }
            Ok::<_, DbError>(())
        })?;
        store_chunk(conn, c.id, &chunk, now, &mut summary)?;
        super::users::audit(
            conn,
            actor,
            "participants imported",
            Some(&format!("{slug} ({} rows)", checked.rows)),
            ip,
            now,
        )?;
        Ok((checked, summary))
    })
}
