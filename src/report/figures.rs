//! The charts of a report, built from the aggregates: which figures go into which chart, in the
//! report's language. Suppressed cells reach the charts only as "suppressed", never as figures.

use crate::analysis::{Scale, Stats};
use crate::charts::{self, BarRow, DivRow, DumbRow, HeatCell, RateRow, Series};

use super::ReportError;
use super::context::{Ctx, published};
use super::model::Chart;

fn chart(file: &str, svg: String) -> Chart {
    Chart { file: format!("{file}.svg"), svg }
}

fn overall_mean(s: &Scale) -> Option<f64> {
    s.overall.stats.as_ref().and_then(|st| st.mean)
}

/// Radar of the pillars: overall first, then each published group.
pub fn radar(cx: &Ctx) -> Result<Chart, ReportError> {
    let pillars = &cx.agg.pillars;
    let mut series =
        vec![Series { name: cx.t.overall.to_string(), values: pillars.iter().map(overall_mean).collect() }];
    for (g, group) in cx.agg.groups.iter().enumerate() {
        if group.suppressed {
            continue;
        }
        let values =
            pillars.iter().map(|p| p.groups.get(g).and_then(published).and_then(|s| s.mean)).collect::<Vec<_>>();
        series.push(Series { name: cx.group_name(&group.code), values });
    }
    let data =
        charts::Radar { axes: pillars.iter().map(|p| cx.pillar_name(&p.id)).collect(), stages: cx.stages(), series };
    Ok(chart("radar", charts::radar(&data)?))
}

fn bar_row(cx: &Ctx, name: String, stats: Option<&Stats>) -> BarRow {
    let mean = stats.and_then(|s| s.mean);
    BarRow {
        label: name,
        mean,
        ci: stats.and_then(|s| s.ci_low.zip(s.ci_high)),
        n: stats.filter(|_| mean.is_some()).map(|s| s.n),
        stage: stats.and_then(|s| s.stage.as_ref().map(|st| st.index)),
    }
    .with_scale(cx.scale_max())
}

trait WithScale {
    fn with_scale(self, top: usize) -> Self;
}

impl WithScale for BarRow {
    /// Clamps the whisker to the scale so it is never drawn outside the axis.
    fn with_scale(mut self, top: usize) -> Self {
        self.ci = self.ci.map(|(l, h)| (l.max(1.0), h.min(top as f64)));
        self
    }
}

/// Bars of one pillar's sub-pillars (overall figures).
pub fn bars(cx: &Ctx, index: usize, pillar: &Scale) -> Result<Chart, ReportError> {
    let rows = cx
        .agg
        .subpillars
        .iter()
        .filter(|s| s.pillar == pillar.id)
        .map(|s| bar_row(cx, cx.sub_name(&s.id), s.overall.stats.as_ref()))
        .collect();
    let data =
        charts::Bars { rows, stages: cx.stages(), suppressed_label: cx.t.suppressed.to_string(), numbers: cx.num };
    Ok(chart(&format!("bars-{}", index + 1), charts::bars(&data)?))
}

/// Diverging option distribution of one pillar's items (overall shares).
pub fn distribution(cx: &Ctx, index: usize, pillar: &Scale) -> Result<Chart, ReportError> {
    let rows = cx
        .agg
        .items
        .iter()
        .filter(|s| s.pillar == pillar.id)
        .map(|item| {
            let stats = item.overall.stats.as_ref();
            let Some(st) = stats.filter(|st| st.mean.is_some()) else {
                return DivRow {
                    label: cx.item_label(&item.id),
                    shares: vec![],
                    dont_know: 0.0,
                    not_applicable: 0.0,
                    suppressed: true,
                };
            };
            let share = |k: usize| st.distribution_share.get(k).copied().unwrap_or(0.0);
            let substantive: Vec<(f64, f64)> = item
                .options
                .iter()
                .enumerate()
                .filter_map(|(k, o)| o.scale_value.filter(|_| o.missing.is_none()).map(|v| (v, share(k))))
                .collect();
            let total: f64 = substantive.iter().map(|x| x.1).sum();
            let missing = |code: &str| {
                item.options
                    .iter()
                    .enumerate()
                    .filter(|(_, o)| o.missing.as_deref() == Some(code))
                    .map(|(k, _)| share(k))
                    .sum()
            };
            DivRow {
                label: cx.item_label(&item.id),
                shares: substantive.iter().map(|&(v, s)| (v, if total > 0.0 { s / total } else { 0.0 })).collect(),
                dont_know: missing("dont_know"),
                not_applicable: missing("not_applicable"),
                suppressed: false,
            }
        })
        .collect();
    let data = charts::Diverging {
        rows,
        scale_max: cx.scale_max(),
        legend: cx.stages().iter().enumerate().map(|(k, s)| format!("{} {s}", k + 1)).collect(),
        dont_know_label: cx.t.dont_know.to_string(),
        not_applicable_label: cx.t.not_applicable.to_string(),
        suppressed_label: cx.t.suppressed.to_string(),
        numbers: cx.num,
    };
    Ok(chart(&format!("distribution-{}", index + 1), charts::diverging(&data)?))
}

/// Heat map of group mean − overall mean per sub-pillar.
pub fn heatmap(cx: &Ctx) -> Result<Chart, ReportError> {
    let cells = cx
        .agg
        .subpillars
        .iter()
        .map(|s| {
            let overall = overall_mean(s);
            cx.agg
                .groups
                .iter()
                .enumerate()
                .map(|(g, group)| {
                    let cell = s.groups.get(g);
                    if group.suppressed || cell.is_none_or(|c| c.suppressed) {
                        return HeatCell::Suppressed;
                    }
                    match (cell.and_then(published).and_then(|st| st.mean), overall) {
                        (Some(m), Some(o)) => HeatCell::Value(m - o),
                        _ => HeatCell::Empty,
                    }
                })
                .collect()
        })
        .collect();
    let data = charts::HeatMap {
        rows: cx.agg.subpillars.iter().map(|s| cx.sub_name(&s.id)).collect(),
        cols: cx.agg.groups.iter().map(|g| cx.group_name(&g.code)).collect(),
        cells,
        below_label: format!("− {}", cx.t.below_overall),
        above_label: format!("+ {}", cx.t.above_overall),
        suppressed_label: cx.t.suppressed.to_string(),
        numbers: cx.num,
    };
    Ok(chart("heatmap", charts::heatmap(&data)?))
}

/// Dumbbell of the public sector vs. the others, per pillar and its sub-pillars.
pub fn dumbbell(cx: &Ctx) -> Result<Chart, ReportError> {
    let mut rows = Vec::new();
    for p in &cx.agg.pillars {
        let row = |s: &Scale, name: String, bold: bool| DumbRow {
            label: name,
            bold,
            a: s.gap.as_ref().map(|g| g.public_mean),
            b: s.gap.as_ref().map(|g| g.others_mean),
            flagged: s.gap.as_ref().is_some_and(|g| g.flagged),
        };
        rows.push(row(p, cx.pillar_name(&p.id), true));
        for s in cx.agg.subpillars.iter().filter(|s| s.pillar == p.id) {
            rows.push(row(s, cx.sub_name(&s.id), false));
        }
    }
    let data = charts::Dumbbell {
        rows,
        scale_max: cx.scale_max(),
        a_label: cx.group_name(&cx.agg.options.public_group),
        b_label: cx.t.others.to_string(),
        flag_label: cx.t.flagged.to_string(),
        missing_label: cx.t.suppressed.to_string(),
    };
    Ok(chart("dumbbell", charts::dumbbell(&data)?))
}

/// Response rates by group.
pub fn rates(cx: &Ctx) -> Result<Chart, ReportError> {
    let rows = cx
        .agg
        .response_rates
        .iter()
        .map(|r| RateRow {
            label: cx.group_name(&r.group),
            started: r.started_rate,
            submitted: r.submitted_rate,
            note: match r.submitted_rate {
                Some(rate) => format!("{} {} {}", cx.num.percent(rate, 1), cx.t.of, r.invited),
                None => cx.t.no_invitations.to_string(),
            },
            suppressed: r.suppressed,
        })
        .collect();
    let data = charts::Rates {
        rows,
        started_label: cx.t.started.to_string(),
        submitted_label: cx.t.submitted.to_string(),
        suppressed_label: cx.t.suppressed.to_string(),
        numbers: cx.num,
    };
    Ok(chart("rates", charts::rates(&data)?))
}
