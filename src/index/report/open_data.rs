//! The index's tables (ranking, pillars, indicators, sensitivity) as tables to publish with
//! [`crate::publish`]: the typed column lists of [`super::tables`] become Table Schemas, each
//! table with its primary key, each JSON cell a typed cell.

use serde_json::Value;

use super::tables::{self, Column};
use crate::publish::{Cell, FieldType, Table};

fn kind(c: &Column) -> FieldType {
    match c.kind {
        "integer" => FieldType::Integer,
        "number" => FieldType::Number,
        "boolean" => FieldType::Boolean,
        _ => FieldType::String,
    }
}

fn cell(v: &Value, kind: FieldType) -> Cell {
    match (v, kind) {
        (Value::Null, _) => Cell::Missing,
        (Value::Bool(b), _) => Cell::Bool(*b),
        (Value::Number(n), FieldType::Integer) => n.as_i64().map_or(Cell::Missing, Cell::Integer),
        (Value::Number(n), _) => Cell::number(n.as_f64()),
        (Value::String(s), _) => Cell::text(s.as_str()),
        (other, _) => Cell::text(other.to_string()),
    }
}

/// The key that identifies a row of the table `name`.
fn primary_key(name: &str) -> &'static [&'static str] {
    match name {
        "index-ranking" => &["unit"],
        "index-pillars" => &["unit", "pillar"],
        "index-indicators" => &["unit", "indicator"],
        "index-sensitivity" => &["factor"],
        _ => &[],
    }
}

/// One index table as a table to publish.
pub fn publish_table(t: &tables::Table) -> Table {
    let mut out = Table::new(t.name, t.description, t.description);
    for c in t.columns {
        out = out.field(c.name, kind(c), c.description);
    }
    out = out.primary_key(primary_key(t.name));
    let kinds: Vec<FieldType> = t.columns.iter().map(kind).collect();
    for row in &t.rows {
        out.push(row.iter().zip(&kinds).map(|(v, k)| cell(v, *k)).collect());
    }
    out
}

/// Every table of the index, ready to publish.
pub fn publish_tables(input: &super::IndexInput<'_>) -> Vec<Table> {
    tables::tables(input).iter().map(publish_table).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn columns_become_typed_fields_and_cells_keep_their_type() {
        let t = tables::Table {
            name: "index-ranking",
            description: "Ranking",
            columns: tables::RANKING,
            rows: vec![vec![
                json!("mef"),
                json!("Ministerio"),
                Value::Null,
                json!(true),
                json!(0.9),
                json!(71.5),
                json!(2.5),
                Value::Null,
                json!(1),
                json!(4),
            ]],
        };
        let p = publish_table(&t);
        let names: Vec<&str> = p.fields.iter().map(|f| f.name.as_str()).collect();
        let expected: Vec<&str> = tables::RANKING.iter().map(|c| c.name).collect();
        assert_eq!(names, expected);
        assert_eq!(p.fields[3].kind, FieldType::Boolean);
        assert_eq!(p.fields[6].kind, FieldType::Number);
        assert_eq!(p.primary_key, ["unit"]);
        assert_eq!(p.rows[0][2], Cell::Missing);
        assert_eq!(p.rows[0][3], Cell::Bool(true));
        assert_eq!(p.rows[0][8], Cell::Number(1.0));
        let csv = String::from_utf8(p.csv().unwrap_or_default()).unwrap_or_default();
        assert!(csv.ends_with("mef,Ministerio,,true,0.9,71.5,2.5,,1,4\n"), "{csv}");
    }
}
