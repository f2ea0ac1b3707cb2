//! Answers stored without repeating their question ids. An imported paper form is stored as a
//! JSON array: its first element is the id of an `answer_keys` row (the question ids, in order),
//! the others are the answers in that order, `null` for none. A million forms of a 60-question
//! survey take about a quarter of the room the same answers take as JSON objects, and an import
//! writes that much less.
//!
//! Every reader gets the JSON object back: the functions of this crate that return a response's
//! answers expand the array before handing it on ([`Expander`]), so nothing past `db` ever sees
//! the stored form. A key list's row never changes once written, whatever the survey becomes.

use std::collections::HashMap;

use diesel::prelude::*;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use super::schema::answer_keys;
use super::{AnyConnection, DbError};

/// The id of the row holding `keys` (the question ids an array's answers follow), written if
/// there is none yet. Two transactions writing the same list at once end with one row.
pub fn id_for(conn: &mut AnyConnection, keys: &[String]) -> Result<i64, DbError> {
    let text = serde_json::to_string(keys).map_err(|e| DbError::Internal(e.to_string()))?;
    let hash = crate::survey::hex(&Sha256::digest(text.as_bytes()));
    let row = (answer_keys::keys_hash.eq(&hash), answer_keys::keys.eq(&text));
    let insert = || diesel::insert_into(answer_keys::table).values(row).on_conflict(answer_keys::keys_hash);
    match conn {
        AnyConnection::Sqlite(c) => insert().do_nothing().execute(c)?,
        AnyConnection::Postgresql(c) => insert().do_nothing().execute(c)?,
    };
    let (id, stored): (i64, String) = answer_keys::table
        .filter(answer_keys::keys_hash.eq(&hash))
        .select((answer_keys::id, answer_keys::keys))
        .first(conn)?;
    if stored != text {
        return Err(DbError::Internal(format!("answer keys #{id}: another list has the same SHA-256")));
    }
    Ok(id)
}

/// The stored text of answers given as `values`, a JSON array of the answers in the order of
/// the key list `id` (see [`id_for`]): `[id, …values]`.
pub fn compact(id: i64, values: &str) -> String {
    let rest = values.strip_prefix('[').unwrap_or(values).trim_start();
    if rest.starts_with(']') { format!("[{id}]") } else { format!("[{id},{rest}") }
}

/// Turns stored answers back into the JSON object every reader takes, reading each key list
/// once per expander.
#[derive(Debug, Default)]
pub struct Expander {
    keys: HashMap<i64, Vec<String>>,
}

impl Expander {
    /// `answers` as a JSON object: an object stays as it is; an array is expanded with its key
    /// list. A stored array that cannot be read is a fault of what is stored, said as such.
    pub fn expand(&mut self, conn: &mut AnyConnection, answers: &mut String) -> Result<(), DbError> {
        if !answers.trim_start().starts_with('[') {
            return Ok(());
        }
        let fault = |what: &str| DbError::Internal(format!("stored answers without their keys: {what}"));
        let values: Vec<Value> = serde_json::from_str(answers).map_err(|e| fault(&e.to_string()))?;
        let (Some(id), rest) = (values.first().and_then(Value::as_i64), values.get(1..).unwrap_or_default()) else {
            return Err(fault("the first element is not a key list's id"));
        };
        if let std::collections::hash_map::Entry::Vacant(slot) = self.keys.entry(id) {
            let text: String = answer_keys::table
                .filter(answer_keys::id.eq(id))
                .select(answer_keys::keys)
                .first(conn)
                .optional()?
                .ok_or_else(|| fault(&format!("no key list #{id}")))?;
            let keys: Vec<String> = serde_json::from_str(&text).map_err(|e| fault(&e.to_string()))?;
            slot.insert(keys);
        }
        let keys = self.keys.get(&id).map(Vec::as_slice).unwrap_or_default();
        if rest.len() > keys.len() {
            return Err(fault(&format!("{} answers for the {} keys of list #{id}", rest.len(), keys.len())));
        }
        let object: Map<String, Value> =
            keys.iter().zip(rest).filter(|(_, v)| !v.is_null()).map(|(k, v)| (k.clone(), v.clone())).collect();
        *answers = Value::Object(object).to_string();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::compact;

    #[test]
    fn the_key_list_id_goes_first() {
        assert_eq!(compact(7, "[1,\"a\",null]"), "[7,1,\"a\",null]");
        assert_eq!(compact(7, "[]"), "[7]");
    }
}
