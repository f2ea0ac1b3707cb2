//! The method annex: the stage scale, how options are scored, weights, exclusions, the
//! suppression rule, robustness of the pillar scores, and the analysis' method notes, all in the
//! report's language.

use super::context::Ctx;
use super::fmt::SUPPRESSED;
use super::model::{ConditionalRow, Method, OptionRow, RobustRow, WeightRow};

pub fn method(cx: &Ctx) -> Method {
    let top = cx.scale_max();
    let stages = cx
        .stages()
        .into_iter()
        .enumerate()
        .map(|(i, name)| {
            let lo = i + 1;
            let range = if lo >= top { format!("{lo}") } else { format!("{lo} ≤ x < {}", lo + 1) };
            (name, range)
        })
        .collect();
    let lang = cx.lang.code();
    let def = &cx.survey.default_language;
    let options = cx
        .survey
        .scored_questions()
        .map(|q| {
            let opts: Vec<String> = q
                .options
                .iter()
                .map(|o| {
                    let label = o.label.get(lang, def);
                    match (o.scale_value, o.missing) {
                        (Some(v), _) => format!("{label} ({})", trim(cx, v)),
                        (None, Some(_)) => format!("{label} (—)"),
                        (None, None) => label.to_string(),
                    }
                })
                .collect();
            let mut text = q.text.get(lang, def).to_string();
            if q.reverse {
                text = format!("{text} ({})", cx.t.reversed);
            }
            OptionRow { item: q.id.clone(), text, options: opts.join(" · ") }
        })
        .collect();
    let conditional = cx
        .survey
        .scored_questions()
        .filter_map(|q| {
            let c = q.relevant.as_ref()?;
            let name = |x: &crate::survey::Question| {
                let text = x.text.get(lang, def);
                if lang == "es" { format!("«{text}»") } else { format!("“{text}”") }
            };
            let stats = cx.agg.items.iter().find(|s| s.id == q.id).and_then(|s| s.overall.stats.as_ref());
            Some(ConditionalRow {
                item: q.id.clone(),
                text: q.text.get(lang, def).to_string(),
                condition: c.in_words(cx.survey, lang, &name),
                not_asked: stats.map_or_else(|| SUPPRESSED.into(), |s| s.not_applicable_by_design.to_string()),
            })
        })
        .collect();
    let mut weights = Vec::new();
    for p in &cx.survey.pillars {
        weights.push(WeightRow { name: cx.pillar_name(&p.id), bold: true, weight: trim(cx, p.weight) });
        for s in &p.subpillars {
            weights.push(WeightRow { name: cx.sub_name(&s.id), bold: false, weight: trim(cx, s.weight) });
        }
    }
    let first = cx.agg.pillars.first();
    let group_weights = first
        .map(|p| {
            p.overall
                .groups
                .iter()
                .zip(&p.overall.weights)
                .map(|(g, w)| (cx.group_name(g), cx.num.dec(*w, 3)))
                .collect()
        })
        .unwrap_or_default();
    let mut exclusions: Vec<String> = excluded_responses(cx).into_iter().collect();
    for scale in cx.agg.pillars.iter().chain(&cx.agg.subpillars) {
        for e in &scale.overall.excluded {
            let line = format!("{}: {}", cx.group_name(&e.group), cx.t.term(&e.reason));
            if !exclusions.contains(&line) {
                exclusions.push(line);
            }
        }
    }
    let robustness_head = first
        .and_then(|p| p.robustness.as_ref())
        .map(|r| {
            r.variants.iter().map(|v| format!("{}, {}", cx.t.term(&v.aggregation), cx.t.term(&v.weighting))).collect()
        })
        .unwrap_or_default();
    let robustness = cx
        .agg
        .pillars
        .iter()
        .filter_map(|p| {
            let r = p.robustness.as_ref()?;
            Some(RobustRow {
                name: cx.pillar_name(&p.id),
                values: r
                    .variants
                    .iter()
                    .map(|v| v.overall.map_or_else(|| SUPPRESSED.into(), |m| cx.num.num2(m)))
                    .collect(),
                range: cx.num.interval(r.min, r.max),
            })
        })
        .collect();
    let mut notes = crate::analysis::method::notes(&cx.agg.options, cx.agg.min_cell, cx.agg.min_coverage, lang);
    if cx.survey.scored_questions().any(|q| q.relevant.is_some()) {
        notes.push(crate::analysis::method::not_asked_note(lang));
    }
    Method {
        stages,
        options,
        conditional,
        weights,
        group_weights,
        exclusions,
        suppression: cx.t.suppression_rule.replace("{min}", &cx.agg.min_cell.to_string()),
        robustness_head,
        robustness,
        notes,
    }
}

/// Reasons the annex lists at most; the rest are counted.
const REASONS_LISTED: usize = 10;

/// The line on the responses the coordinators excluded: how many, and why ("3 responses
/// excluded by the coordinators: test (2); duplicate (1)"); none when none was.
fn excluded_responses(cx: &Ctx) -> Option<String> {
    let reasons = &cx.campaign.excluded;
    let n: u64 = reasons.iter().map(|(_, k)| k).sum();
    if n == 0 {
        return None;
    }
    let head = if n == 1 { cx.t.excluded_one.to_string() } else { cx.t.excluded_many.replace("{n}", &n.to_string()) };
    let mut listed: Vec<String> =
        reasons.iter().take(REASONS_LISTED).map(|(reason, k)| format!("{reason} ({k})")).collect();
    if reasons.len() > REASONS_LISTED {
        listed.push(cx.t.excluded_more.replace("{n}", &(reasons.len() - REASONS_LISTED).to_string()));
    }
    Some(format!("{head}: {}", listed.join("; ")))
}

/// A number without trailing zeros (weights and scores as written).
fn trim(cx: &Ctx, x: f64) -> String {
    let s = cx.num.dec(x, 3);
    s.trim_end_matches('0').trim_end_matches(['.', ',']).to_string()
}
