//! The "change since" section of a report: the campaign against a previous edition (and, over
//! three or more editions, the trend of each pillar). Built from an
//! [`analysis::compare::Comparison`](crate::analysis::compare::Comparison), so it shows only what
//! the comparison publishes: no figure of a suppressed cell, no difference across one. Its texts
//! are its own ([`ChangeTexts`], from the catalogs).

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

macro_rules! texts {
    ($($(#[$doc:meta])* $field:ident,)*) => {
        /// The section's words.
        /// (The `change-*` messages of the catalogs.)
        #[derive(Debug, Serialize)]
        pub struct ChangeTexts {
            $($(#[$doc])* pub $field: &'static str,)*
        }

        impl ChangeTexts {
            /// The texts of `lang`, formatted once per language.
            pub fn of(lang: &str) -> &'static ChangeTexts {
                static CACHE: crate::i18n::PerLang<ChangeTexts> = crate::i18n::PerLang::new();
                CACHE.get(lang, |lang| ChangeTexts { $($field: crate::i18n::t(lang, concat!("change-", stringify!($field))),)* })
            }
        }
    };
}

texts! {
    title,
    intro,
    dumbbell_caption,
    slope_caption,
    trend_caption,
    earlier,
    later,
    difference,
    ci,
    overall,
    pillars,
    subpillars,
    flagged,
    suppressed,
    not_compared,
    all_compared,
    composition,
    groups_differ,
}

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
    let t: &'static ChangeTexts = ChangeTexts::of(cx.lang.code());
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
        "only_earlier" => crate::i18n::t(cx.lang.code(), "change-reason-only-earlier"),
        "only_later" => crate::i18n::t(cx.lang.code(), "change-reason-only-later"),
        "dropped_by_map" => crate::i18n::t(cx.lang.code(), "change-reason-dropped"),
        _ => crate::i18n::t(cx.lang.code(), "change-reason-options-changed"),
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
