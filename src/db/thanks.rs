//! The thank-you messages owed (`thanks_due`): the writer of the questionnaire records the
//! invitation of each first submission here, in the transaction that stores it; the mail worker
//! takes a batch of them, in a transaction that also queues their messages. A thank-you is thus
//! composed once, off the submission's path, and queued exactly once: the row and its message
//! change hands in one commit.

use diesel::prelude::*;

use super::schema::{invitations, participants, thanks_due};
use super::{AnyConnection, DbError};
use crate::db::participants::Participant;

/// Records that the invitations `ids` are owed a thank-you (inside the transaction that marks
/// them submitted; each invitation is marked submitted once, so never recorded twice).
pub fn owe_all(conn: &mut AnyConnection, ids: &[i64]) -> Result<(), DbError> {
    if ids.is_empty() {
        return Ok(());
    }
    // Taken from the invitations themselves: on PostgreSQL the ids are one array bound to one
    // statement text, prepared once per connection (a `VALUES` list would be parsed per batch).
    diesel::insert_into(thanks_due::table)
        .values(invitations::table.filter(invitations::id.eq_any(ids)).select(invitations::id))
        .into_columns(thanks_due::invitation_id)
        .execute(conn)?;
    Ok(())
}

/// How many thank-yous are owed and not yet queued.
pub fn owed(conn: &mut AnyConnection) -> Result<i64, DbError> {
    Ok(thanks_due::table.count().get_result(conn)?)
}

/// Takes up to `limit` owed thank-yous (call inside a write transaction that queues their
/// messages): deletes their rows; returns how many rows it took and the participants to thank.
/// On PostgreSQL the rows another worker holds are skipped (`FOR UPDATE SKIP LOCKED`), so
/// workers of several instances take disjoint batches; on SQLite the write transaction already
/// holds the database. An invitation erased meanwhile has its row deleted and nobody to thank.
pub fn take(conn: &mut AnyConnection, limit: i64) -> Result<(usize, Vec<Participant>), DbError> {
    let ids: Vec<i64> = match conn {
        AnyConnection::Postgresql(pg) => thanks_due::table
            .select(thanks_due::invitation_id)
            .order(thanks_due::invitation_id)
            .limit(limit)
            .for_update()
            .skip_locked()
            .load(pg)?,
        AnyConnection::Sqlite(_) => thanks_due::table
            .select(thanks_due::invitation_id)
            .order(thanks_due::invitation_id)
            .limit(limit)
            .load(conn)?,
    };
    if ids.is_empty() {
        return Ok((0, Vec::new()));
    }
    diesel::delete(thanks_due::table.filter(thanks_due::invitation_id.eq_any(&ids))).execute(conn)?;
    let people = invitations::table
        .inner_join(participants::table)
        .filter(invitations::id.eq_any(&ids))
        .order(invitations::id)
        .select(Participant::as_select())
        .load(conn)?;
    Ok((ids.len(), people))
}
