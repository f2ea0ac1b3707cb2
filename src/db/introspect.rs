//! What tables and columns a database holds, in backend-neutral terms, so a test can check that
//! both migration trees build the same logical schema.

use std::collections::BTreeMap;

use diesel::prelude::*;
use diesel::sql_types::{Integer, Text};

use super::{AnyConnection, DbError};

/// A column as both backends can describe it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Column {
    pub name: String,
    /// `integer`, `text`, `timestamp` or `float`.
    pub kind: String,
    pub nullable: bool,
}

#[derive(QueryableByName)]
struct Row {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    column_name: String,
    #[diesel(sql_type = Text)]
    data_type: String,
    #[diesel(sql_type = Integer)]
    not_null: i32,
}

fn kind(raw: &str) -> String {
    let t = raw.to_ascii_lowercase();
    if t.contains("int") || t.contains("serial") {
        "integer"
    } else if t.contains("timestamp") {
        "timestamp"
    } else if t.contains("double") || t.contains("real") || t.contains("float") {
        "float"
    } else if t.contains("text") || t.contains("char") {
        "text"
    } else {
        return t;
    }
    .to_string()
}

/// Tables (without diesel's bookkeeping) → their columns, sorted by name.
pub fn schema(conn: &mut AnyConnection) -> Result<BTreeMap<String, Vec<Column>>, DbError> {
    let rows: Vec<Row> = match conn {
        AnyConnection::Sqlite(c) => diesel::sql_query(
            "SELECT m.name AS table_name, p.name AS column_name, p.type AS data_type, \
             CASE WHEN p.pk > 0 OR p.\"notnull\" = 1 THEN 1 ELSE 0 END AS not_null \
             FROM sqlite_master m JOIN pragma_table_info(m.name) p \
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name <> '__diesel_schema_migrations'",
        )
        .load(c)?,
        AnyConnection::Postgresql(c) => diesel::sql_query(
            "SELECT table_name::text AS table_name, column_name::text AS column_name, data_type::text AS data_type, \
             CASE WHEN is_nullable = 'NO' THEN 1 ELSE 0 END AS not_null \
             FROM information_schema.columns \
             WHERE table_schema = current_schema() AND table_name <> '__diesel_schema_migrations'",
        )
        .load(c)?,
    };
    let mut out: BTreeMap<String, Vec<Column>> = BTreeMap::new();
    for r in rows {
        out.entry(r.table_name).or_default().push(Column {
            name: r.column_name,
            kind: kind(&r.data_type),
            nullable: r.not_null == 0,
        });
    }
    for cols in out.values_mut() {
        cols.sort();
    }
    Ok(out)
}
