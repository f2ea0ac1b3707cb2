//! The aggregates as one flat table (one row per scale × group, plus the overall row), written as
//! CSV or XLSX. Suppressed rows say so and carry no figures.

use rust_xlsxwriter::{Format as XFormat, Workbook};

use crate::analysis::{Cell, Level, Scale, Stats};

use super::ReportError;
use super::context::Ctx;

/// A field of the table.
#[derive(Debug, Clone, PartialEq)]
pub enum Field {
    Text(String),
    Int(u64),
    Num(f64),
    Empty,
}

/// Column names, in order.
pub const HEADER: [&str; 25] = [
    "level",
    "id",
    "pillar",
    "subpillar",
    "label",
    "group",
    "suppressed",
    "reason",
    "n",
    "mean",
    "sd",
    "ci_low",
    "ci_high",
    "median",
    "q1",
    "q3",
    "iqr",
    "stage",
    "stage_label",
    "share_dont_know",
    "share_not_applicable",
    "share_missing",
    "dont_know",
    "not_applicable",
    "not_applicable_by_design",
];

fn level(l: Level) -> &'static str {
    match l {
        Level::Pillar => "pillar",
        Level::Subpillar => "subpillar",
        Level::Item => "item",
    }
}

fn num(x: Option<f64>) -> Field {
    x.filter(|v| v.is_finite()).map_or(Field::Empty, Field::Num)
}

fn figures(cx: &Ctx, st: &Stats) -> Vec<Field> {
    vec![
        Field::Int(st.n),
        num(st.mean),
        num(st.sd),
        num(st.ci_low),
        num(st.ci_high),
        num(st.median),
        num(st.q1),
        num(st.q3),
        num(st.iqr),
        st.stage.as_ref().map_or(Field::Empty, |s| Field::Int(s.index as u64 + 1)),
        Field::Text(cx.stage_of(st)),
        Field::Num(st.share_dont_know),
        Field::Num(st.share_not_applicable),
        Field::Num(st.share_missing),
        Field::Int(st.dont_know),
        Field::Int(st.not_applicable),
        Field::Int(st.not_applicable_by_design),
    ]
}

fn row(cx: &Ctx, s: &Scale, group: &str, cell: Option<&Cell>, stats: Option<&Stats>) -> Vec<Field> {
    let label = match s.level {
        Level::Pillar => cx.pillar_name(&s.id),
        Level::Subpillar => cx.sub_name(&s.id),
        Level::Item => cx.item_text(&s.id),
    };
    let suppressed = cell.is_some_and(|c| c.suppressed);
    let reason = cell.and_then(|c| c.reason).map_or(String::new(), |r| {
        serde_json::to_value(r).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
    });
    let mut out = vec![
        Field::Text(level(s.level).into()),
        Field::Text(s.id.clone()),
        Field::Text(s.pillar.clone()),
        Field::Text(s.subpillar.clone().unwrap_or_default()),
        Field::Text(label),
        Field::Text(group.to_string()),
        Field::Text(if suppressed { "yes" } else { "no" }.into()),
        Field::Text(reason),
    ];
    match stats.filter(|_| !suppressed) {
        Some(st) => out.extend(figures(cx, st)),
        None => out.extend(std::iter::repeat_n(Field::Empty, HEADER.len() - out.len())),
    }
    out
}

/// Every row: for each pillar, sub-pillar and item, one row per group then the overall row.
pub fn rows(cx: &Ctx) -> Vec<Vec<Field>> {
    let mut out = Vec::new();
    for s in cx.agg.pillars.iter().chain(&cx.agg.subpillars).chain(&cx.agg.items) {
        for (g, group) in cx.agg.groups.iter().enumerate() {
            let cell = s.groups.get(g);
            out.push(row(cx, s, &group.code, cell, cell.and_then(|c| c.stats.as_ref())));
        }
        out.push(row(cx, s, "_overall", None, s.overall.stats.as_ref()));
    }
    out
}

/// The table as CSV (UTF-8, comma-separated, header first).
pub fn csv(cx: &Ctx) -> Result<Vec<u8>, ReportError> {
    // A byte-order mark first: Excel otherwise reads UTF-8 as Latin-1 ("SistemÃ¡tico").
    let mut w = csv::Writer::from_writer(super::cell_text::UTF8_BOM.to_vec());
    let io = |e: csv::Error| ReportError::Table(e.to_string());
    w.write_record(HEADER).map_err(io)?;
    for r in rows(cx) {
        let fields = r.iter().map(|f| match f {
            Field::Text(s) => super::cell_text::neutralise(s).into_owned(),
            Field::Int(i) => i.to_string(),
            Field::Num(x) => format!("{x}"),
            Field::Empty => String::new(),
        });
        w.write_record(fields).map_err(io)?;
    }
    w.into_inner().map_err(|e| ReportError::Table(e.to_string()))
}

/// The table as an XLSX workbook with one sheet, `aggregates`.
pub fn xlsx(cx: &Ctx) -> Result<Vec<u8>, ReportError> {
    let x = |e: rust_xlsxwriter::XlsxError| ReportError::Table(e.to_string());
    let mut book = Workbook::new();
    book.set_properties(
        &rust_xlsxwriter::DocProperties::new()
            .set_title(format!("{} — {}", cx.t.report, cx.campaign.name))
            .set_subject(cx.survey.title.get(cx.lang.code(), &cx.survey.default_language))
            .set_keywords(format!("dra; {}; lang={}", cx.agg.survey.id, cx.lang.code())),
    );
    let bold = XFormat::new().set_bold();
    // Two decimals for figures, whole numbers for counts.
    let figure = XFormat::new().set_num_format("0.00");
    let count = XFormat::new().set_num_format("0");
    let sheet = book.add_worksheet();
    sheet.set_name("aggregates").map_err(x)?;
    for (c, h) in HEADER.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *h, &bold).map_err(x)?;
    }
    let all = rows(cx);
    for (r, fields) in all.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, f) in fields.iter().enumerate() {
            let c = c as u16;
            match f {
                Field::Text(s) => sheet.write_string(r, c, super::cell_text::neutralise(s)).map(|_| ()).map_err(x)?,
                Field::Int(i) => sheet.write_number_with_format(r, c, *i as f64, &count).map(|_| ()).map_err(x)?,
                Field::Num(v) => sheet.write_number_with_format(r, c, *v, &figure).map(|_| ()).map_err(x)?,
                Field::Empty => {}
            }
        }
    }
    sheet.set_freeze_panes(1, 0).map_err(x)?;
    sheet.autofilter(0, 0, all.len() as u32, (HEADER.len() - 1) as u16).map_err(x)?;
    book.save_to_buffer().map_err(x)
}
