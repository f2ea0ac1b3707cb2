//! Builds the [`Report`] model from the aggregates: cover, executive summary, a section per
//! pillar, group comparisons, response rates and reliability. The method annex is in
//! [`super::method`].

use crate::analysis::{Cell, Scale, Stats};

use super::ReportError;
use super::context::{Ctx, published};
use super::figures;
use super::fmt::{NO_ALPHA, SUPPRESSED};
use super::model::*;

/// The α below which a scale gets a warning.
const ALPHA_WARN: f64 = 0.7;

/// Builds every part of the report, charts included.
pub fn report(cx: &Ctx) -> Result<Report, ReportError> {
    Ok(Report {
        lang: cx.lang.code().to_string(),
        t: cx.t,
        title: format!("{} — {}", cx.t.report, cx.campaign.name),
        cover: cover(cx),
        summary: summary(cx)?,
        pillars: cx.agg.pillars.iter().enumerate().map(|(i, p)| pillar(cx, i, p)).collect::<Result<_, _>>()?,
        comparisons: comparisons(cx)?,
        rates: rates(cx)?,
        reliability: reliability(cx),
        reliability_no_alpha: reliability(cx).iter().any(|r| r.alpha == NO_ALPHA),
        method: super::method::method(cx),
        comments: super::annex::comments(cx),
        suppressed_note: cx.suppressed_note(),
        change: None,
    })
}

fn cover(cx: &Ctx) -> Cover {
    let c = cx.campaign;
    let s = cx.survey;
    Cover {
        campaign: c.name.clone(),
        country: c.country.clone(),
        period: format!("{} – {}", c.opens.format("%Y-%m-%d"), c.closes.format("%Y-%m-%d")),
        survey: format!(
            "{} ({} {}, {})",
            s.title.get(cx.lang.code(), &s.default_language),
            cx.agg.survey.id,
            cx.agg.survey.version,
            cx.agg.survey.content_hash.chars().take(12).collect::<String>()
        ),
        respondents: cx.agg.respondents_published.to_string(),
        generated: c.generated_at.format("%Y-%m-%d %H:%M").to_string(),
    }
}

/// A row for one scale's overall figures; `None` stats print "—".
pub fn scale_row(cx: &Ctx, name: String, scale: Option<&Scale>, stats: Option<&Stats>) -> ScaleRow {
    let alpha = match scale.map(|s| s.reliability.as_ref()) {
        Some(Some(r)) => cx.num.num2(r.alpha),
        Some(None) => NO_ALPHA.to_string(),
        None => String::new(),
    };
    match stats.filter(|s| s.mean.is_some()) {
        Some(st) => ScaleRow {
            name,
            n: st.n.to_string(),
            mean: st.mean.map(|m| cx.num.num2(m)).unwrap_or_default(),
            ci: cx.num.interval(st.ci_low, st.ci_high),
            stage: cx.stage_of(st),
            stage_index: st.stage.as_ref().map(|s| s.index),
            alpha,
        },
        None => ScaleRow {
            name,
            n: SUPPRESSED.into(),
            mean: SUPPRESSED.into(),
            ci: SUPPRESSED.into(),
            stage: SUPPRESSED.into(),
            stage_index: None,
            alpha,
        },
    }
}

fn summary(cx: &Ctx) -> Result<Summary, ReportError> {
    let pillars = cx
        .agg
        .pillars
        .iter()
        .map(|p| scale_row(cx, cx.pillar_name(&p.id), Some(p), p.overall.stats.as_ref()))
        .collect();
    // Largest gaps: flagged ones first, then by size; at most five.
    let mut gaps: Vec<(&Scale, String)> = cx
        .agg
        .pillars
        .iter()
        .map(|p| (p, cx.pillar_name(&p.id)))
        .chain(cx.agg.subpillars.iter().map(|s| (s, cx.sub_name(&s.id))))
        .filter(|(s, _)| s.gap.is_some())
        .collect();
    gaps.sort_by(|a, b| {
        let key = |s: &Scale| s.gap.as_ref().map_or((false, 0.0), |g| (g.flagged, g.difference.abs()));
        let (ka, kb) = (key(a.0), key(b.0));
        kb.0.cmp(&ka.0).then(kb.1.total_cmp(&ka.1))
    });
    let public = cx.group_name(&cx.agg.options.public_group);
    let gaps = gaps
        .into_iter()
        .take(5)
        .filter_map(|(s, name)| {
            let g = s.gap.as_ref()?;
            Some(format!(
                "{name}: {public} {} · {} {} · {} {} {}{}",
                cx.num.num2(g.public_mean),
                cx.t.others.to_lowercase(),
                cx.num.num2(g.others_mean),
                cx.num.signed(g.difference),
                cx.t.ci,
                cx.num.interval(Some(g.ci_low), Some(g.ci_high)),
                if g.flagged { " *" } else { "" }
            ))
        })
        .collect();
    let warnings = cx
        .agg
        .pillars
        .iter()
        .map(|p| (p, cx.pillar_name(&p.id)))
        .chain(cx.agg.subpillars.iter().map(|s| (s, cx.sub_name(&s.id))))
        .filter_map(|(s, name)| {
            let r = s.reliability.as_ref()?;
            (r.alpha < ALPHA_WARN).then(|| format!("{name}: α = {} — {}", cx.num.num2(r.alpha), cx.t.alpha_low))
        })
        .collect();
    // "Every scale has α ≥ 0.7" would be false where no α could be computed at all.
    let any_alpha = cx.agg.pillars.iter().chain(&cx.agg.subpillars).any(|s| s.reliability.is_some());
    let warnings = if any_alpha { warnings } else { vec![cx.t.no_alpha.to_string()] };
    let headline = (cx.agg.respondents_published == 0).then(|| {
        cx.t.nothing_published
            .replace("{min}", &cx.agg.min_cell.to_string())
            .replace("{n}", &cx.campaign.submitted.to_string())
    });
    Ok(Summary { headline, radar: figures::radar(cx)?, pillars: ScaleTable::new(pillars), gaps, warnings })
}

fn pillar(cx: &Ctx, index: usize, p: &Scale) -> Result<PillarSection, ReportError> {
    let rows = cx
        .agg
        .subpillars
        .iter()
        .filter(|s| s.pillar == p.id)
        .map(|s| scale_row(cx, cx.sub_name(&s.id), Some(s), s.overall.stats.as_ref()))
        .collect();
    Ok(PillarSection {
        id: p.id.clone(),
        name: cx.pillar_name(&p.id),
        description: cx.pillar_description(&p.id),
        headline: scale_row(cx, cx.pillar_name(&p.id), Some(p), p.overall.stats.as_ref()),
        bars: figures::bars(cx, index, p)?,
        rows: ScaleTable::new(rows),
        distribution: figures::distribution(cx, index, p)?,
    })
}

fn cell_mean(cx: &Ctx, cell: Option<&Cell>) -> String {
    cell.and_then(published).and_then(|s| s.mean).map_or_else(|| SUPPRESSED.to_string(), |m| cx.num.num2(m))
}

/// Pillars and their sub-pillars in report order, with names and whether the row is a pillar.
fn scales<'a>(cx: &'a Ctx) -> Vec<(&'a Scale, String, bool)> {
    let mut out = Vec::new();
    for p in &cx.agg.pillars {
        out.push((p, cx.pillar_name(&p.id), true));
        for s in cx.agg.subpillars.iter().filter(|s| s.pillar == p.id) {
            out.push((s, cx.sub_name(&s.id), false));
        }
    }
    out
}

fn comparisons(cx: &Ctx) -> Result<Comparisons, ReportError> {
    let all = scales(cx);
    let means: Vec<GroupRow> = all
        .iter()
        .map(|(s, name, bold)| GroupRow {
            name: name.clone(),
            bold: *bold,
            overall: s.overall.stats.as_ref().and_then(|st| st.mean).map(|m| cx.num.num2(m)).unwrap_or_default(),
            cells: (0..cx.agg.groups.len()).map(|g| cell_mean(cx, s.groups.get(g))).collect(),
        })
        .collect();
    let gaps = all
        .iter()
        .map(|(s, name, bold)| match &s.gap {
            Some(g) => GapRow {
                name: name.clone(),
                bold: *bold,
                public: cx.num.num2(g.public_mean),
                others: cx.num.num2(g.others_mean),
                difference: cx.num.signed(g.difference),
                ci: cx.num.interval(Some(g.ci_low), Some(g.ci_high)),
                flagged: g.flagged,
            },
            None => GapRow {
                name: name.clone(),
                bold: *bold,
                public: SUPPRESSED.into(),
                others: SUPPRESSED.into(),
                difference: SUPPRESSED.into(),
                ci: SUPPRESSED.into(),
                flagged: false,
            },
        })
        .collect();
    let tests = all
        .iter()
        .map(|(s, name, bold)| {
            let k = s.kruskal_wallis.as_ref();
            TestRow {
                name: name.clone(),
                bold: *bold,
                h: k.map_or_else(|| SUPPRESSED.into(), |k| cx.num.num2(k.h)),
                df: k.map_or_else(|| SUPPRESSED.into(), |k| k.df.to_string()),
                p: k.map_or_else(|| SUPPRESSED.into(), |k| cx.num.p_value(k.p_value)),
                n: k.map_or_else(|| SUPPRESSED.into(), |k| k.n.to_string()),
            }
        })
        .collect();
    let groups: Vec<String> = cx.agg.groups.iter().map(|g| cx.group_name(&g.code)).collect();
    Ok(Comparisons {
        heatmap: figures::heatmap(cx)?,
        dumbbell: figures::dumbbell(cx)?,
        means_parts: MeansPart::split(&groups, &means),
        groups,
        means,
        gaps,
        tests,
    })
}

fn rates(cx: &Ctx) -> Result<RatesSection, ReportError> {
    let rows = cx
        .agg
        .response_rates
        .iter()
        .map(|r| {
            let hide = |x: Option<String>| if r.suppressed { SUPPRESSED.to_string() } else { x.unwrap_or_default() };
            RateRow {
                group: cx.group_name(&r.group),
                invited: r.invited.to_string(),
                started: hide(r.link.map(|c| c.started.to_string())),
                submitted: hide(r.link.map(|c| c.submitted.to_string())),
                rate: hide(r.submitted_rate.map(|x| cx.num.percent(x, 1))),
            }
        })
        .collect();
    Ok(RatesSection { chart: figures::rates(cx)?, rows })
}

fn reliability(cx: &Ctx) -> Vec<ReliabilityRow> {
    scales(cx)
        .into_iter()
        .map(|(s, name, bold)| match &s.reliability {
            Some(r) => ReliabilityRow {
                name,
                bold,
                items: r.items.to_string(),
                n: r.n_complete.to_string(),
                alpha: cx.num.num2(r.alpha),
                ci: cx.num.interval(r.ci_low, r.ci_high),
                warn: r.alpha < ALPHA_WARN,
            },
            None => ReliabilityRow {
                name,
                bold,
                items: String::new(),
                n: String::new(),
                alpha: NO_ALPHA.to_string(),
                ci: String::new(),
                warn: false,
            },
        })
        .collect()
}
