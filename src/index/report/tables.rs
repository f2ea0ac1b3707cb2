//! The figures of an index as tables with typed column lists (name, type, description), so
//! they can be published as they are (a Table Schema is one step away): the ranking, the pillar
//! scores, the indicator scores with their evidence, and the sensitivity table; written as CSV
//! (one file per table), one XLSX workbook (one sheet per table) or JSON.

use serde::Serialize;
use serde_json::{Value, json};

use super::input::IndexInput;
use crate::report::cell_text::neutralise;

/// A column: its name, Table Schema type (`string`, `integer`, `number`, `boolean`) and meaning.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Column {
    pub name: &'static str,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub description: &'static str,
}

/// One table of figures.
#[derive(Debug, Clone, Serialize)]
pub struct Table {
    /// The file name without extension, also the sheet name.
    pub name: &'static str,
    pub description: &'static str,
    pub columns: &'static [Column],
    /// Cells as JSON values (null when there is no figure), one per column.
    pub rows: Vec<Vec<Value>>,
}

const fn col(name: &'static str, kind: &'static str, description: &'static str) -> Column {
    Column { name, kind, description }
}

pub const RANKING: &[Column] = &[
    col("unit", "string", "Institution id"),
    col("name", "string", "Institution name"),
    col("sector", "string", "Institution sector"),
    col("ranked", "boolean", "Whether the institution has enough indicators scored to be ranked"),
    col("coverage", "number", "Share of the indicators scored (0-1)"),
    col("index", "number", "Composite index score under the headline method"),
    col("rank", "number", "Rank under the headline method (1 = best; ties as the method says)"),
    col("median_rank", "number", "Median rank over the uncertainty analysis runs"),
    col("rank_p05", "number", "5th percentile of the rank over the runs"),
    col("rank_p95", "number", "95th percentile of the rank over the runs"),
];

pub const PILLARS: &[Column] = &[
    col("unit", "string", "Institution id"),
    col("pillar", "string", "Pillar id"),
    col("score", "number", "Pillar score (aggregate of its normalised indicators)"),
];

pub const INDICATORS: &[Column] = &[
    col("unit", "string", "Institution id"),
    col("pillar", "string", "Pillar id"),
    col("indicator", "string", "Indicator id"),
    col("value", "number", "The score that counted (raw, on the indicator's scale)"),
    col("imputed", "boolean", "Whether the value used was imputed"),
    col("normalised", "number", "Normalised value (direction applied)"),
    col("evaluator", "string", "Who gave the score that counted"),
    col("review", "string", "Review status: scored, confirmed, disputed or resolved"),
    col("evidence_url", "string", "Evidence URL"),
    col("evidence_file", "string", "Evidence document (file name)"),
    col("evidence_note", "string", "Evidence note"),
];

pub const SENSITIVITY: &[Column] = &[
    col(
        "factor",
        "string",
        "The choice varied alone: weights, normalisation, aggregation, drop_one, or drop:<indicator>",
    ),
    col("mean_shift", "number", "Mean absolute rank change against the headline rank"),
    col("max_shift", "number", "Largest absolute rank change"),
];

fn num(v: Option<f64>) -> Value {
    v.filter(|x| x.is_finite()).map_or(Value::Null, |x| json!(x))
}

fn text(v: Option<&str>) -> Value {
    v.map_or(Value::Null, |s| json!(s))
}

/// The names of the tables, in the order [`tables`] gives them.
pub const TABLE_NAMES: &[&str] = &["index-ranking", "index-pillars", "index-indicators", "index-sensitivity"];

/// Every table of the index.
pub fn tables(input: &IndexInput<'_>) -> Vec<Table> {
    let fw = input.framework;
    let iv = |code: &str| input.uncertainty.and_then(|u| u.intervals.iter().find(|i| i.unit == code));
    let ranking = input
        .index
        .units
        .iter()
        .enumerate()
        .map(|(k, u)| {
            let info = input.units.get(k);
            let i = iv(&u.unit);
            vec![
                json!(u.unit),
                text(info.map(|x| x.name.as_str())),
                text(info.map(|x| x.sector.as_str())),
                json!(u.ranked),
                json!(u.coverage),
                num(u.index),
                num(u.rank),
                num(i.map(|i| i.median)),
                num(i.map(|i| i.p05)),
                num(i.map(|i| i.p95)),
            ]
        })
        .collect();
    let mut pillars = Vec::new();
    let mut indicators = Vec::new();
    for (k, u) in input.index.units.iter().enumerate() {
        for (p, pl) in fw.pillars.iter().enumerate() {
            pillars.push(vec![json!(u.unit), json!(pl.id), num(u.pillars.get(p).copied().flatten())]);
        }
        for (i, (p, ind)) in fw.indicators().enumerate() {
            let ev = input.evidence.get(k).and_then(|r| r.get(i)).and_then(Option::as_ref);
            indicators.push(vec![
                json!(u.unit),
                json!(fw.pillars[p].id),
                json!(ind.id),
                num(input.scores.values.get(k).and_then(|r| r.get(i)).copied().flatten()),
                json!(u.imputed.get(i).copied().unwrap_or(false)),
                num(u.normalised.get(i).copied().flatten()),
                text(ev.map(|e| e.evaluator.as_str())),
                text(ev.map(|e| e.status.as_str())),
                text(ev.and_then(|e| e.url.as_deref())),
                text(ev.and_then(|e| e.file.as_deref())),
                text(ev.and_then(|e| e.note.as_deref())),
            ]);
        }
    }
    let sensitivity = input
        .uncertainty
        .map(|u| {
            u.factors
                .iter()
                .chain(&u.drops)
                .map(|s| vec![json!(s.factor), json!(s.mean_shift), json!(s.max_shift)])
                .collect()
        })
        .unwrap_or_default();
    vec![
        Table {
            name: "index-ranking",
            description: "Index score and rank of each institution",
            columns: RANKING,
            rows: ranking,
        },
        Table {
            name: "index-pillars",
            description: "Pillar scores of each institution",
            columns: PILLARS,
            rows: pillars,
        },
        Table {
            name: "index-indicators",
            description: "Indicator scores of each institution with their evidence",
            columns: INDICATORS,
            rows: indicators,
        },
        Table {
            name: "index-sensitivity",
            description: "How much each choice of the method moves the ranks",
            columns: SENSITIVITY,
            rows: sensitivity,
        },
    ]
}

fn cell_string(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => neutralise(s).into_owned(),
        other => other.to_string(),
    }
}

/// One table as CSV (UTF-8, header row, empty cell for no figure; text neutralised for
/// spreadsheets).
pub fn csv(table: &Table) -> Result<Vec<u8>, String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(table.columns.iter().map(|c| c.name)).map_err(|e| e.to_string())?;
    for row in &table.rows {
        w.write_record(row.iter().map(cell_string)).map_err(|e| e.to_string())?;
    }
    w.into_inner().map_err(|e| e.to_string())
}

/// Every table as one XLSX workbook, one sheet each (header frozen, numbers as numbers).
pub fn xlsx(tables: &[Table]) -> Result<Vec<u8>, String> {
    use rust_xlsxwriter::{Format, Workbook};
    let x = |e: rust_xlsxwriter::XlsxError| e.to_string();
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    for t in tables {
        let sheet = book.add_worksheet();
        sheet.set_name(t.name).map_err(x)?;
        for (c, col) in t.columns.iter().enumerate() {
            sheet.write_string_with_format(0, c as u16, col.name, &bold).map_err(x)?;
        }
        for (r, row) in t.rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                let (r, c) = (r as u32 + 1, c as u16);
                match v {
                    Value::Null => {}
                    Value::Number(n) => {
                        sheet.write_number(r, c, n.as_f64().unwrap_or(f64::NAN)).map_err(x)?;
                    }
                    Value::Bool(b) => {
                        sheet.write_boolean(r, c, *b).map_err(x)?;
                    }
                    other => {
                        sheet.write_string(r, c, cell_string(other)).map_err(x)?;
                    }
                }
            }
        }
        sheet.set_freeze_panes(1, 0).map_err(x)?;
    }
    book.save_to_buffer().map_err(x)
}

/// Every table as JSON: each with its schema (`fields`: name, type, description) and its rows
/// as objects.
pub fn json(tables: &[Table]) -> Result<Vec<u8>, String> {
    let out: Vec<Value> = tables
        .iter()
        .map(|t| {
            let rows: Vec<Value> = t
                .rows
                .iter()
                .map(|r| Value::Object(t.columns.iter().zip(r).map(|(c, v)| (c.name.to_string(), v.clone())).collect()))
                .collect();
            json!({"name": t.name, "description": t.description, "schema": {"fields": t.columns}, "rows": rows})
        })
        .collect();
    serde_json::to_vec_pretty(&json!({"tables": out})).map_err(|e| e.to_string())
}
