//! The "change since" section of a report: the campaign against a previous edition (and, over
//! three or more editions, the trend of each pillar). Built from an
//! [`analysis::compare::Comparison`](crate::analysis::compare::Comparison), so it shows only what
//! the comparison publishes: no figure of a suppressed cell, no difference across one. Its texts
//! are its own ([`ChangeTexts`], es/en).

use serde::Serialize;

use crate::analysis::compare::{ChangeCell, ChangeRow, Comparison, Trend};
use crate::charts::{self, DumbRow, Slope, SlopeSeries};

use super::ReportError;
use super::context::Ctx;
use super::fmt::SUPPRESSED;
use super::model::Chart;

/// What the section is made from.
#[derive(Debug, Clone, Copy)]
pub struct ChangeInput<'a> {
    pub comparison: &'a Comparison,
    /// Three or more editions, oldest first (the last is this campaign).
    pub trend: Option<&'a Trend>,
}

/// The section's words.
#[derive(Debug, Serialize)]
pub struct ChangeTexts {
    pub title: &'static str,
    pub intro: &'static str,
    pub dumbbell_caption: &'static str,
    pub slope_caption: &'static str,
    pub trend_caption: &'static str,
    pub earlier: &'static str,
    pub later: &'static str,
    pub difference: &'static str,
    pub ci: &'static str,
    pub overall: &'static str,
    pub pillars: &'static str,
    pub subpillars: &'static str,
    pub flagged: &'static str,
    pub suppressed: &'static str,
    pub not_compared: &'static str,
    pub all_compared: &'static str,
    pub composition: &'static str,
    pub groups_differ: &'static str,
    pub reasons: [&'static str; 4],
}

const ES: ChangeTexts = ChangeTexts {
    title: "Cambios desde la edición anterior",
    intro: "Comparación con {earlier}. Cada diferencia es la edición actual menos la anterior, con su intervalo de confianza del 95 % de Welch (muestras independientes); se señala con * cuando el intervalo excluye el 0. No se calcula ninguna diferencia donde una de las dos celdas está suprimida.",
    dumbbell_caption: "Antes → ahora por pilar (en negrita, el total) y grupo; en rojo, los cambios cuyo intervalo excluye el 0.",
    slope_caption: "Puntaje de cada pilar (total) en cada edición.",
    trend_caption: "Tendencia de cada pilar (total) a lo largo de las ediciones; un hueco es una cifra suprimida o ausente.",
    earlier: "Anterior",
    later: "Actual",
    difference: "Diferencia",
    ci: "IC 95 %",
    overall: "Total",
    pillars: "Pilares por grupo",
    subpillars: "Subpilares (total)",
    flagged: "el intervalo de confianza del 95 % excluye el 0",
    suppressed: "suprimido o ausente en una edición",
    not_compared: "Preguntas no comparadas",
    all_compared: "Todas las preguntas se comparan.",
    composition: "Preguntas que cambiaron en {scale}: solo antes {earlier}; solo ahora {later}.",
    groups_differ: "Los totales de cada edición incluyen grupos distintos: {groups}.",
    reasons: [
        "solo en la edición anterior",
        "solo en la edición actual",
        "retirada en el mapa de preguntas",
        "sus opciones cambiaron y el mapa no las recodifica",
    ],
};

const EN: ChangeTexts = ChangeTexts {
    title: "Change since the previous edition",
    intro: "Compared with {earlier}. Each difference is this edition minus the earlier one, with its Welch 95% confidence interval (independent samples); marked * when the interval excludes 0. No difference is computed where either cell is suppressed.",
    dumbbell_caption: "Then → now per pillar (bold: overall) and group; in red, changes whose interval excludes 0.",
    slope_caption: "Each pillar's overall score in each edition.",
    trend_caption: "Each pillar's overall score across the editions; a gap is a suppressed or absent figure.",
    earlier: "Earlier",
    later: "Now",
    difference: "Difference",
    ci: "95% CI",
    overall: "Overall",
    pillars: "Pillars by group",
    subpillars: "Sub-pillars (overall)",
    flagged: "the 95% confidence interval excludes 0",
    suppressed: "suppressed or absent in an edition",
    not_compared: "Questions not compared",
    all_compared: "Every question is compared.",
    composition: "Questions that changed in {scale}: earlier only {earlier}; now only {later}.",
    groups_differ: "The editions' overall figures include different groups: {groups}.",
    reasons: [
        "only in the earlier edition",
        "only in this edition",
        "dropped in the item map",
        "its options changed and the map does not recode them",
    ],
};

/// A row of the section's tables.
#[derive(Debug, Clone, Serialize)]
pub struct ChangeLine {
    pub name: String,
    pub bold: bool,
    pub earlier: String,
    pub later: String,
    pub difference: String,
    pub ci: String,
    pub flagged: bool,
}

/// The section as the HTML and PDF lay it out.
#[derive(Debug, Clone, Serialize)]
pub struct ChangeSection {
    pub t: &'static ChangeTexts,
    pub intro: String,
    pub dumbbell: Chart,
    pub slope: Chart,
    /// Whether `slope` traces three or more editions.
    pub is_trend: bool,
    pub pillars: Vec<ChangeLine>,
    pub subpillars: Vec<ChangeLine>,
    pub not_compared: Vec<String>,
    pub notes: Vec<String>,
}

fn line(cx: &Ctx, name: String, bold: bool, c: &ChangeCell) -> ChangeLine {
    let f = |m: Option<f64>| m.map_or_else(|| SUPPRESSED.to_string(), |m| cx.num.num2(m));
    match &c.difference {
        Some(d) => ChangeLine {
            name,
            bold,
            earlier: f(c.from.mean),
            later: f(c.to.mean),
            difference: cx.num.signed(d.estimate),
            ci: cx.num.interval(Some(d.ci_low), Some(d.ci_high)),
            flagged: d.flagged,
        },
        None => ChangeLine {
            name,
            bold,
            earlier: f(c.from.mean),
            later: f(c.to.mean),
            difference: SUPPRESSED.into(),
            ci: SUPPRESSED.into(),
            flagged: false,
        },
    }
}

/// Builds the section in the report's language.
pub(crate) fn section(cx: &Ctx, input: &ChangeInput) -> Result<ChangeSection, ReportError> {
    let t: &'static ChangeTexts = if cx.lang.code() == "es" { &ES } else { &EN };
    let c = input.comparison;
    let earlier = format!("{} ({} {})", c.from.name, c.from.survey.id, c.from.survey.version);
    let mut pillars = Vec::new();
    let mut rows = Vec::new();
    let group_rows = |r: &ChangeRow, pillars: &mut Vec<ChangeLine>, rows: &mut Vec<DumbRow>| {
        let name = cx.pillar_name(&r.id);
        let dumb = |label: String, bold: bool, cell: &ChangeCell| DumbRow {
            label,
            bold,
            a: cell.difference.and(cell.from.mean),
            b: cell.difference.and(cell.to.mean),
            flagged: cell.difference.is_some_and(|d| d.flagged),
        };
        pillars.push(line(cx, format!("{name} — {}", t.overall), true, &r.overall));
        rows.push(dumb(format!("{name} — {}", t.overall), true, &r.overall));
        for (g, cell) in c.groups.iter().zip(&r.groups) {
            pillars.push(line(cx, cx.group_name(g), false, cell));
            rows.push(dumb(cx.group_name(g), false, cell));
        }
    };
    for r in &c.pillars {
        group_rows(r, &mut pillars, &mut rows);
    }
    let dumbbell = charts::dumbbell(&charts::Dumbbell {
        rows,
        scale_max: cx.scale_max(),
        a_label: format!("{}: {}", t.earlier, c.from.name),
        b_label: format!("{}: {}", t.later, c.to.name),
        flag_label: t.flagged.to_string(),
        missing_label: t.suppressed.to_string(),
    })?;
    let (editions, series): (Vec<String>, Vec<SlopeSeries>) = match input.trend {
        Some(tr) => (
            tr.editions.iter().map(|e| e.name.clone()).collect(),
            tr.pillars
                .iter()
                .map(|p| SlopeSeries { label: cx.pillar_name(&p.pillar), values: p.overall.means.clone() })
                .collect(),
        ),
        None => (
            vec![c.from.name.clone(), c.to.name.clone()],
            c.pillars
                .iter()
                .map(|r| SlopeSeries {
                    label: cx.pillar_name(&r.id),
                    values: vec![r.overall.from.mean, r.overall.to.mean],
                })
                .collect(),
        ),
    };
    let is_trend = editions.len() > 2;
    let slope = charts::slope(&Slope { editions, series, scale_max: cx.scale_max() })?;
    let subpillars = c.subpillars.iter().map(|r| line(cx, cx.sub_name(&r.id), false, &r.overall)).collect();
    let reason = |r: &str| match r {
        "only_earlier" => t.reasons[0],
        "only_later" => t.reasons[1],
        "dropped_by_map" => t.reasons[2],
        _ => t.reasons[3],
    };
    let not_compared = c
        .matching
        .not_compared
        .iter()
        .map(|n| {
            let id = match (&n.from, &n.to) {
                (Some(a), Some(b)) if a != b => format!("{a} → {b}"),
                (Some(a), _) => a.clone(),
                (None, Some(b)) => cx.item_label(b),
                (None, None) => String::new(),
            };
            format!("{id}: {}", reason(&n.reason))
        })
        .collect();
    let mut notes = Vec::new();
    for r in c.pillars.iter().chain(&c.subpillars) {
        if let Some(comp) = &r.composition {
            let name = if r.subpillar.is_none() && r.level == crate::analysis::Level::Pillar {
                cx.pillar_name(&r.id)
            } else {
                cx.sub_name(&r.id)
            };
            let list = |v: &[String]| if v.is_empty() { SUPPRESSED.to_string() } else { v.join(", ") };
            notes.push(
                t.composition
                    .replace("{scale}", &name)
                    .replace("{earlier}", &list(&comp.only_earlier))
                    .replace("{later}", &list(&comp.only_later)),
            );
        }
    }
    if !c.overall_groups_differ.is_empty() {
        let names: Vec<String> = c.overall_groups_differ.iter().map(|g| cx.group_name(g)).collect();
        notes.push(t.groups_differ.replace("{groups}", &names.join(", ")));
    }
    Ok(ChangeSection {
        t,
        intro: t.intro.replace("{earlier}", &earlier),
        dumbbell: Chart { file: "change-dumbbell.svg".into(), svg: dumbbell },
        slope: Chart { file: "change-slope.svg".into(), svg: slope },
        is_trend,
        pillars,
        subpillars,
        not_compared,
        notes,
    })
}

/// The section on its own (the console's comparison page): `survey` and `aggregates` are the
/// later edition's, for names and the scale.
pub fn standalone(
    input: &ChangeInput,
    survey: &crate::survey::Survey,
    aggregates: &crate::analysis::Aggregates,
    lang: super::Lang,
) -> Result<ChangeSection, ReportError> {
    let report = super::ReportInput {
        aggregates,
        survey,
        campaign: super::CampaignInfo {
            name: input.comparison.to.name.clone(),
            country: String::new(),
            opens: chrono::NaiveDate::default(),
            closes: chrono::NaiveDate::default(),
            generated_at: chrono::NaiveDateTime::default(),
            submitted: 0,
            excluded: Vec::new(),
        },
        lang,
        comments: &[],
    };
    section(&Ctx::new(&report), input)
}
