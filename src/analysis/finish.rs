//! Turns an [`Accumulator`] into [`Aggregates`]: runs the scoring pass, then builds every table.

use super::accumulator::Accumulator;
use super::cells::{Built, CellCounts, Context, build};
use super::layout::CodeKind;
use super::options::Fieldwork;
use super::output::{Aggregates, ByOrigin, GroupSummary, Level, OptionInfo, ResponseRate, Robustness, Scale, Variant};
use super::score::{self, VARIANTS};
use super::tally::{ItemTally, ScaleTally};

pub(crate) fn finish(acc: Accumulator, fieldwork: &Fieldwork) -> Aggregates {
    let n_groups = acc.groups.len();
    let by_width = if acc.options.by.is_some() { acc.by_values.len() + 1 } else { 0 };
    let ncells = n_groups + n_groups * by_width;
    let pass = score::run(&acc, ncells, by_width);
    let min_cell = acc.options.effective_min_cell();
    let mut respondents = vec![0u64; n_groups];
    for &g in &acc.group_of {
        respondents[usize::from(g)] += 1;
    }
    let group_published: Vec<bool> = respondents.iter().map(|&n| n >= u64::from(min_cell)).collect();
    let public = acc.groups.iter().position(|g| *g == acc.options.public_group);
    let ctx = Context {
        groups: &acc.groups,
        group_published: &group_published,
        min_cell: u64::from(min_cell),
        weighting: &acc.options.overall,
        public,
        gap_threshold: acc.options.gap_threshold,
        stages: &acc.stage_labels,
    };
    // Column order of the by table: the values, then "not answered" (internal index 0).
    let by_cols: Vec<usize> = if by_width > 0 { (1..by_width).chain([0]).collect() } else { Vec::new() };
    let split = |cells: Vec<CellCounts>| -> (Vec<CellCounts>, Vec<Vec<CellCounts>>) {
        let groups = cells[..n_groups].to_vec();
        let by = (0..if by_width > 0 { n_groups } else { 0 })
            .map(|g| by_cols.iter().map(|&v| cells[n_groups + g * by_width + v].clone()).collect())
            .collect();
        (groups, by)
    };
    let lay = &acc.layout;
    let mut items = Vec::new();
    for (i, it) in lay.items.iter().enumerate() {
        let (keys, cells) = item_cells(&it.codes, &pass.items[i], ncells);
        let (groups, _) = split(cells);
        let built = build(&ctx, &keys, &groups, &[]);
        let options = it
            .values
            .iter()
            .zip(it.codes.iter().skip(1))
            .map(|(v, k)| OptionInfo {
                value: v.clone(),
                scale_value: if let CodeKind::Scale(x) = k { Some(*x) } else { None },
                missing: match k {
                    CodeKind::DontKnow => Some("dont_know".into()),
                    CodeKind::NotApplicable => Some("not_applicable".into()),
                    _ => None,
                },
            })
            .collect();
        let pillar = lay.pillars[it.pillar].id.clone();
        items.push(scale(it.id.clone(), Level::Item, pillar, Some(lay.subs[it.sub].id.clone()), options, built));
    }
    let mut subpillars = Vec::new();
    for (s, sub) in lay.subs.iter().enumerate() {
        let (keys, cells) = scale_cells(&pass.subs[s]);
        let (groups, by) = split(cells);
        let built = build(&ctx, &keys, &groups, &by);
        let mut out = scale(sub.id.clone(), Level::Subpillar, lay.pillars[sub.pillar].id.clone(), None, vec![], built);
        out.reliability =
            pass.sub_alpha[s].as_ref().and_then(|a| score::published_alpha(a, &group_published, u64::from(min_cell)));
        subpillars.push(out);
    }
    let mut pillars = Vec::new();
    for (p, pil) in lay.pillars.iter().enumerate() {
        let (keys, cells) = scale_cells(&pass.pillars[p]);
        let (groups, by) = split(cells);
        let built = build(&ctx, &keys, &groups, &by);
        let shown: Vec<bool> = built.groups.iter().map(|c| !c.suppressed).collect();
        let weights: Vec<(usize, f64)> = built
            .overall
            .groups
            .iter()
            .zip(&built.overall.weights)
            .filter_map(|(code, &w)| acc.groups.iter().position(|g| g == code).map(|g| (g, w)))
            .collect();
        let mut out = scale(pil.id.clone(), Level::Pillar, pil.id.clone(), None, vec![], built);
        out.reliability = pass.pillar_alpha[p]
            .as_ref()
            .and_then(|a| score::published_alpha(a, &group_published, u64::from(min_cell)));
        out.robustness = Some(robustness(&pass.variants[p], &shown, &weights));
        pillars.push(out);
    }
    let groups = acc
        .groups
        .iter()
        .enumerate()
        .map(|(g, code)| {
            let ok = group_published[g];
            let o = acc.origins.get(g).copied().unwrap_or([0; 4]);
            GroupSummary {
                code: code.clone(),
                suppressed: !ok,
                respondents: ok.then_some(respondents[g]),
                by_origin: ok.then_some(ByOrigin { link: o[0], public: o[1], paper: o[2], odk: o[3] }),
            }
        })
        .collect();
    let respondents_published = respondents.iter().zip(&group_published).filter(|p| *p.1).map(|p| *p.0).sum();
    let response_rates = response_rates(&acc, fieldwork, &respondents, u64::from(min_cell));
    let mut method = super::method::notes(&acc.options, min_cell, acc.min_coverage, "en");
    if lay.items.iter().any(|it| it.conditional) {
        method.push(super::method::not_asked_note("en"));
    }
    let by_values = by_cols.iter().map(|&v| if v == 0 { None } else { acc.by_values.get(v - 1).cloned() }).collect();
    Aggregates {
        survey: acc.survey.clone(),
        min_cell,
        min_coverage: acc.min_coverage,
        stages: acc.stage_labels.clone(),
        options: acc.options.clone(),
        groups,
        respondents_published,
        response_rates,
        by_values,
        pillars,
        subpillars,
        items,
        method,
    }
}

fn scale(id: String, level: Level, pillar: String, sub: Option<String>, options: Vec<OptionInfo>, b: Built) -> Scale {
    Scale {
        id,
        level,
        pillar,
        subpillar: sub,
        options,
        groups: b.groups,
        overall: b.overall,
        gap: b.gap,
        kruskal_wallis: b.kruskal_wallis,
        reliability: None,
        robustness: None,
        by: b.by,
    }
}

/// An item's cells: keys are the substantive scale values ascending.
fn item_cells(codes: &[CodeKind], t: &ItemTally, ncells: usize) -> (Vec<f64>, Vec<CellCounts>) {
    // Codes: no answer, one per option, not asked.
    let options = codes.len().saturating_sub(2);
    let mut keys: Vec<f64> =
        codes.iter().filter_map(|k| if let CodeKind::Scale(x) = k { Some(*x) } else { None }).collect();
    keys.sort_by(f64::total_cmp);
    keys.dedup();
    let cells = (0..ncells)
        .map(|c| {
            let by_code = t.cell(c);
            let mut cell = CellCounts { counts: vec![0; keys.len()], ..CellCounts::default() };
            for (code, (&count, kind)) in by_code.iter().zip(codes).enumerate() {
                cell.respondents += count;
                match kind {
                    CodeKind::Scale(x) => {
                        if let Ok(k) = keys.binary_search_by(|p| p.total_cmp(x)) {
                            cell.counts[k] += count;
                        }
                    }
                    CodeKind::DontKnow => cell.dont_know += count,
                    CodeKind::NotApplicable => cell.not_applicable += count,
                    CodeKind::NoAnswer if code == 0 => cell.missing += count,
                    CodeKind::NoAnswer => {}
                    CodeKind::NotAsked => cell.not_asked += count,
                }
            }
            // Respondents the item was not asked of are counted apart, outside the base.
            cell.base = cell.respondents - cell.not_asked;
            cell.distribution = by_code.iter().skip(1).take(options).copied().collect();
            cell
        })
        .collect();
    (keys, cells)
}

fn scale_cells(t: &ScaleTally) -> (Vec<f64>, Vec<CellCounts>) {
    let (keys, counts) = t.sorted();
    let cells = counts
        .into_iter()
        .enumerate()
        .map(|(c, counts)| CellCounts {
            counts,
            respondents: t.respondents[c],
            base: t.base[c],
            dont_know: t.dont_know[c],
            not_applicable: t.not_applicable[c],
            missing: t.missing[c],
            not_asked: t.not_asked[c],
            below_coverage: t.below_coverage[c],
            distribution: Vec::new(),
        })
        .collect();
    (keys, cells)
}

fn robustness(sums: &[Vec<(f64, u64)>; 4], shown: &[bool], weights: &[(usize, f64)]) -> Robustness {
    let variants: Vec<Variant> = VARIANTS
        .iter()
        .enumerate()
        .map(|(vi, &(geo, by_item))| {
            let mean = |g: usize| sums[vi].get(g).filter(|s| s.1 > 0).map(|s| s.0 / s.1 as f64);
            let groups = (0..shown.len()).map(|g| if shown[g] { mean(g) } else { None }).collect();
            let overall = weights.iter().map(|&(g, w)| mean(g).map(|m| w * m)).sum::<Option<f64>>();
            Variant {
                aggregation: if geo { "geometric" } else { "arithmetic" }.into(),
                weighting: if by_item { "items" } else { "subpillars" }.into(),
                overall: overall.filter(|_| !weights.is_empty()),
                groups,
            }
        })
        .collect();
    let values: Vec<f64> = variants.iter().filter_map(|v| v.overall).collect();
    let min = values.iter().copied().reduce(f64::min);
    let max = values.iter().copied().reduce(f64::max);
    Robustness { variants, min, max }
}

fn response_rates(acc: &Accumulator, fw: &Fieldwork, respondents: &[u64], min: u64) -> Vec<ResponseRate> {
    let mut codes: Vec<String> = acc.groups.clone();
    for g in &fw.groups {
        if !codes.contains(&g.group) {
            codes.push(g.group.clone());
        }
    }
    codes
        .into_iter()
        .map(|code| {
            let f = fw.groups.iter().find(|g| g.group == code).cloned().unwrap_or_default();
            let analysed = acc.groups.iter().position(|g| *g == code).map_or(0, |g| respondents[g]);
            let submitted = f.link.submitted + f.public.submitted + f.paper.submitted + f.odk.submitted;
            let suppressed = analysed < min || submitted.max(analysed) < min;
            let rate = |x: u64| (f.invited > 0 && !suppressed).then(|| x as f64 / f.invited as f64);
            ResponseRate {
                group: code,
                invited: f.invited,
                suppressed,
                link: (!suppressed).then_some(f.link),
                public: (!suppressed).then_some(f.public),
                paper: (!suppressed).then_some(f.paper),
                odk: (!suppressed).then_some(f.odk),
                submitted_rate: rate(f.link.submitted),
                started_rate: rate(f.link.started),
            }
        })
        .collect()
}
