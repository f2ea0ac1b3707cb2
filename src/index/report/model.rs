//! The model every index document is laid out from (HTML, PDF): the ranking with its chart, the
//! heat map, the sensitivity table, the agreement, the framework and the method annex; and one
//! scorecard per institution. Figures are written for the reader's language here, once.

use serde::Serialize;

use super::annex::annex;
use super::input::IndexInput;
use super::texts::{Texts, status, texts};
use crate::charts::{ChartError, Numbers};
use crate::i18n::t;
use crate::index::charts::{RankRow, Ranking, ScoreMap, ranking, score_map};
use crate::index::framework::{Indicator, Scale, fmt_num};
use crate::index::method::Normalisation;

/// A chart: its file name (for the PDF) and SVG.
#[derive(Debug, Clone, Serialize)]
pub struct Chart {
    pub file: String,
    pub svg: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct RankLine {
    pub rank: String,
    pub code: String,
    pub name: String,
    pub sector: String,
    pub score: String,
    pub pillars: Vec<String>,
    pub interval: String,
    pub ranked: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Line {
    pub label: String,
    pub value: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct IndicatorView {
    pub id: String,
    pub name: String,
    pub scale: String,
    pub direction: String,
    pub weight: String,
    pub evidence: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct PillarView {
    pub name: String,
    pub weight: String,
    pub indicators: Vec<IndicatorView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SensLine {
    pub factor: String,
    pub mean: String,
    pub max: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct DisputeLine {
    pub institution: String,
    pub indicator: String,
    pub scores: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct AgreementView {
    pub raters: String,
    pub kappa_linear: String,
    pub kappa_quadratic: String,
    pub kappa_n: String,
    pub alpha: String,
    pub disputed: Vec<DisputeLine>,
}

/// The full index report.
#[derive(Debug, Clone, Serialize)]
pub struct IndexReport {
    pub lang: String,
    pub title: String,
    pub subtitle: String,
    pub generated: String,
    pub t: &'static Texts,
    pub pillar_names: Vec<String>,
    pub ranking: Vec<RankLine>,
    pub ranking_chart: Chart,
    pub heatmap: Chart,
    pub sensitivity: Vec<SensLine>,
    pub agreement: AgreementView,
    pub framework: Vec<PillarView>,
    pub method: Vec<Line>,
    /// The "change since" section, when earlier editions are named.
    pub change: Option<super::change::IndexChange>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PillarLine {
    pub name: String,
    pub score: String,
    pub best: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct IndicatorLine {
    pub pillar: String,
    pub name: String,
    pub value: String,
    pub normalised: String,
    pub reference: String,
    pub gap: String,
    pub status: String,
    pub url: Option<String>,
    pub file: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ImproveLine {
    pub name: String,
    pub value: String,
    pub normalised: String,
    pub reference: String,
    pub gap: String,
}

/// One institution's scorecard.
#[derive(Debug, Clone, Serialize)]
pub struct Scorecard {
    pub lang: String,
    pub t: &'static Texts,
    pub code: String,
    pub title: String,
    pub index_name: String,
    pub sector: String,
    pub headline: String,
    pub interval: String,
    pub pillars: Vec<PillarLine>,
    pub indicators: Vec<IndicatorLine>,
    pub improve: Vec<ImproveLine>,
    pub method_note: String,
    pub generated: String,
}

fn rank_text(n: Numbers, r: Option<f64>, t: &Texts) -> String {
    match r {
        // An interpolated rank close to a whole one is written whole.
        Some(r) if (r - r.round()).abs() < 0.05 => format!("{:.0}", r.round()),
        Some(r) => n.dec(r, 1),
        None => t.not_ranked.to_string(),
    }
}

fn opt(n: Numbers, v: Option<f64>, places: usize) -> String {
    v.map_or_else(|| "—".to_string(), |v| n.dec(v, places))
}

/// A raw value as the framework describes it: "2 — Mostly", or "160 datasets".
pub fn value_text(ind: &Indicator, v: Option<f64>, lang: &str, fallback: &str, n: Numbers) -> String {
    let Some(v) = v else { return "—".into() };
    match &ind.scale {
        Scale::Levels(levels) => levels
            .iter()
            .find(|l| l.value == v)
            .map_or_else(|| fmt_num(v), |l| format!("{} — {}", fmt_num(v), l.label.get(lang, fallback))),
        Scale::Range { unit, .. } => {
            let u = unit.get(lang, fallback);
            let num = if v.fract() == 0.0 { fmt_num(v) } else { n.dec(v, 2) };
            if u.is_empty() { num } else { format!("{num} {u}") }
        }
    }
}

/// The scale of an indicator in words.
pub fn scale_text(ind: &Indicator, lang: &str, fallback: &str) -> String {
    match &ind.scale {
        Scale::Levels(levels) => levels
            .iter()
            .map(|l| format!("{} {}", fmt_num(l.value), l.label.get(lang, fallback)))
            .collect::<Vec<_>>()
            .join(" · "),
        Scale::Range { min, max, unit } => {
            let goal = t(lang, "model-goalposts");
            let (lo, hi) = ind.goalposts;
            format!(
                "{}–{} {} ({goal} {}–{})",
                fmt_num(*min),
                fmt_num(*max),
                unit.get(lang, fallback),
                fmt_num(lo),
                fmt_num(hi)
            )
        }
    }
}

/// The institutions in headline rank order (unranked last, in their order).
fn order(input: &IndexInput<'_>) -> Vec<usize> {
    let mut order: Vec<usize> = (0..input.index.units.len()).collect();
    order.sort_by(|&a, &b| {
        let r = |k: usize| input.index.units[k].rank.unwrap_or(f64::INFINITY);
        r(a).total_cmp(&r(b)).then(a.cmp(&b))
    });
    order
}

fn unit_name(input: &IndexInput<'_>, k: usize) -> String {
    input.units.get(k).map_or_else(|| input.index.units[k].unit.clone(), |u| u.name.clone())
}

/// Builds the full report in `lang`.
pub fn report(input: &IndexInput<'_>, lang: &str) -> Result<IndexReport, ChartError> {
    let t = texts(lang);
    let n = Numbers::for_language(lang);
    let fw = input.framework;
    let fb = fw.default_language.as_str();
    let interval_of = |code: &str| {
        input.uncertainty.and_then(|u| u.intervals.iter().find(|i| i.unit == code)).map(|i| (i.median, i.p05, i.p95))
    };
    let order = order(input);
    let ranking_lines: Vec<RankLine> = order
        .iter()
        .map(|&k| {
            let u = &input.index.units[k];
            RankLine {
                rank: rank_text(n, u.rank, t),
                code: u.unit.clone(),
                name: unit_name(input, k),
                sector: input.units.get(k).map(|x| x.sector.clone()).unwrap_or_default(),
                score: opt(n, u.index, 1),
                pillars: u.pillars.iter().map(|p| opt(n, *p, 1)).collect(),
                interval: interval_of(&u.unit).map_or_else(String::new, |(m, lo, hi)| {
                    format!(
                        "{} [{}–{}]",
                        rank_text(n, Some(m), t),
                        rank_text(n, Some(lo), t),
                        rank_text(n, Some(hi), t)
                    )
                }),
                ranked: u.ranked,
            }
        })
        .collect();
    let ranked: Vec<usize> = order.iter().copied().filter(|&k| input.index.units[k].ranked).collect();
    let chart = Ranking {
        rows: ranked
            .iter()
            .map(|&k| {
                let u = &input.index.units[k];
                RankRow {
                    label: unit_name(input, k),
                    score: u.index.unwrap_or(0.0),
                    rank: u.rank.unwrap_or(0.0),
                    interval: interval_of(&u.unit),
                }
            })
            .collect(),
        axis_label: t.axis_rank.into(),
        headline_label: t.headline_rank.into(),
        median_label: t.median_rank.into(),
        interval_label: t.interval_5_95.into(),
        numbers: n,
    };
    let cells: Vec<Vec<Option<f64>>> = ranked.iter().map(|&k| input.index.units[k].normalised.clone()).collect();
    let (lo, hi) = match input.method.normalisation {
        Normalisation::ZScore => {
            let vals = cells.iter().flatten().flatten();
            (vals.clone().copied().fold(0.0, f64::min), vals.copied().fold(0.0, f64::max))
        }
        _ => (0.0, 100.0),
    };
    let map = ScoreMap {
        rows: ranked.iter().map(|&k| unit_name(input, k)).collect(),
        cols: fw.indicators().map(|(_, i)| i.label.get(lang, fb).to_string()).collect(),
        cells,
        lo,
        hi,
        missing_label: t.missing.into(),
        low_label: t.worst.into(),
        high_label: t.best.into(),
        numbers: n,
    };
    let sensitivity = input
        .uncertainty
        .map(|u| {
            u.factors
                .iter()
                .chain(u.drops.iter())
                .map(|s| SensLine {
                    factor: super::annex::factor_label(&s.factor, fw, lang),
                    mean: n.dec(s.mean_shift, 2),
                    max: n.dec(s.max_shift, 1),
                })
                .collect()
        })
        .unwrap_or_default();
    let a = input.agreement;
    let ind_name = |id: &str| fw.indicator(id).map_or(id.to_string(), |(_, i)| i.label.get(lang, fb).to_string());
    let unit_by_code =
        |code: &str| input.units.iter().find(|u| u.code == code).map_or(code.to_string(), |u| u.name.clone());
    let agreement = AgreementView {
        raters: if a.raters.is_empty() { t.none.to_string() } else { a.raters.join(", ") },
        kappa_linear: opt(n, a.kappa_linear, 3),
        kappa_quadratic: opt(n, a.kappa_quadratic, 3),
        kappa_n: a.kappa_n.to_string(),
        alpha: opt(n, a.alpha_ordinal, 3),
        disputed: a
            .disputed
            .iter()
            .map(|d| DisputeLine {
                institution: unit_by_code(&d.unit),
                indicator: ind_name(&d.indicator),
                scores: d.scores.iter().map(|(r, v)| format!("{r}: {}", fmt_num(*v))).collect::<Vec<_>>().join(" · "),
            })
            .collect(),
    };
    let framework = fw
        .pillars
        .iter()
        .map(|p| PillarView {
            name: p.label.get(lang, fb).into(),
            weight: fmt_num(p.weight),
            indicators: p
                .indicators
                .iter()
                .map(|i| IndicatorView {
                    id: i.id.clone(),
                    name: i.label.get(lang, fb).into(),
                    scale: scale_text(i, lang, fb),
                    direction: if i.positive { t.higher_better } else { t.lower_better }.into(),
                    weight: fmt_num(i.weight),
                    evidence: super::annex::evidence_text(i.evidence, lang).into(),
                })
                .collect(),
        })
        .collect();
    let slug = input.framework.id.clone();
    Ok(IndexReport {
        lang: lang.into(),
        title: input.name.into(),
        subtitle: subtitle(input, lang),
        generated: input.generated.into(),
        t,
        pillar_names: fw.pillars.iter().map(|p| p.label.get(lang, fb).to_string()).collect(),
        ranking: ranking_lines,
        ranking_chart: Chart { file: format!("{slug}-ranking.svg"), svg: ranking(&chart)? },
        heatmap: Chart { file: format!("{slug}-heatmap.svg"), svg: score_map(&map)? },
        sensitivity,
        agreement,
        framework,
        method: annex(input, lang),
        change: None,
    })
}

fn subtitle(input: &IndexInput<'_>, lang: &str) -> String {
    let fw = input.framework;
    let title = fw.title.get(lang, &fw.default_language);
    match input.edition {
        Some(e) => format!("{title} · {e} · {} {}", fw.id, fw.version),
        None => format!("{title} · {} {}", fw.id, fw.version),
    }
}

/// The scorecard of institution `k` (its index in the inputs' units) in `lang`.
pub fn scorecard(input: &IndexInput<'_>, k: usize, lang: &str) -> Option<Scorecard> {
    let t = texts(lang);
    let n = Numbers::for_language(lang);
    let fw = input.framework;
    let fb = fw.default_language.as_str();
    let u = input.index.units.get(k)?;
    let ranked: Vec<usize> = order(input).into_iter().filter(|&j| input.index.units[j].ranked).collect();
    // The best performers: the top quarter of the ranking (at least one institution).
    let top: Vec<usize> = ranked.iter().copied().take(ranked.len().div_ceil(4).max(1)).collect();
    let n_ind = fw.indicator_count();
    let reference: Vec<Option<f64>> = (0..n_ind)
        .map(|i| {
            let vals: Vec<f64> = top.iter().filter_map(|&j| input.index.units[j].normalised[i]).collect();
            (!vals.is_empty()).then(|| vals.iter().sum::<f64>() / vals.len() as f64)
        })
        .collect();
    let best_pillar = |p: usize| {
        ranked
            .iter()
            .filter_map(|&j| input.index.units[j].pillars[p])
            .fold(None, |m: Option<f64>, v| Some(m.map_or(v, |m| m.max(v))))
    };
    let pillars = fw
        .pillars
        .iter()
        .enumerate()
        .map(|(p, pl)| PillarLine {
            name: pl.label.get(lang, fb).into(),
            score: opt(n, u.pillars.get(p).copied().flatten(), 1),
            best: opt(n, best_pillar(p), 1),
        })
        .collect();
    let mut indicators = Vec::new();
    let mut gaps = Vec::new();
    for (i, (p, ind)) in fw.indicators().enumerate() {
        let raw = input.scores.values.get(k).and_then(|r| r.get(i)).copied().flatten();
        let own = u.normalised.get(i).copied().flatten();
        let gap = match (own, reference[i]) {
            (Some(o), Some(r)) => Some(r - o),
            _ => None,
        };
        let ev = input.evidence.get(k).and_then(|r| r.get(i)).cloned().flatten();
        let value = value_text(ind, raw, lang, fb, n);
        indicators.push(IndicatorLine {
            pillar: fw.pillars[p].label.get(lang, fb).into(),
            name: ind.label.get(lang, fb).into(),
            value: value.clone(),
            normalised: opt(n, own, 1),
            reference: opt(n, reference[i], 1),
            gap: gap.map_or_else(|| "—".into(), |g| if g > 0.0 { n.dec(g, 1) } else { n.dec(0.0, 1) }),
            status: ev.as_ref().map_or_else(String::new, |e| status(lang, &e.status).into()),
            url: ev.as_ref().and_then(|e| e.url.clone()),
            file: ev.as_ref().and_then(|e| e.file.clone()),
            note: ev.as_ref().and_then(|e| e.note.clone()),
        });
        if let (Some(g), Some(o), Some(r)) = (gap, own, reference[i])
            && g > 1e-9
        {
            gaps.push((
                g,
                ImproveLine {
                    name: ind.label.get(lang, fb).into(),
                    value,
                    normalised: n.dec(o, 1),
                    reference: n.dec(r, 1),
                    gap: n.dec(g, 1),
                },
            ));
        }
    }
    // Largest gap first; equal gaps in framework order (the sort is stable).
    gaps.sort_by(|a, b| b.0.total_cmp(&a.0));
    let improve = gaps.into_iter().take(3).map(|(_, l)| l).collect();
    let name = unit_name(input, k);
    let headline = match (u.rank, u.index) {
        (Some(r), Some(s)) => {
            format!("{} {} {} {} · {} {}", t.rank, rank_text(n, Some(r), t), t.of, ranked.len(), t.index, n.dec(s, 1))
        }
        _ => format!("{} ({} {})", t.not_ranked, n.percent(u.coverage, 0), t.scores.to_lowercase()),
    };
    let interval = input
        .uncertainty
        .and_then(|x| x.intervals.iter().find(|i| i.unit == u.unit))
        .map(|i| {
            format!(
                "{}: {} [{}–{}]",
                t.interval,
                rank_text(n, Some(i.median), t),
                rank_text(n, Some(i.p05), t),
                rank_text(n, Some(i.p95), t)
            )
        })
        .unwrap_or_default();
    Some(Scorecard {
        lang: lang.into(),
        t,
        code: u.unit.clone(),
        title: name,
        index_name: input.name.into(),
        sector: input.units.get(k).map(|x| x.sector.clone()).unwrap_or_default(),
        headline,
        interval,
        pillars,
        indicators,
        improve,
        method_note: super::annex::short_method(input, lang),
        generated: input.generated.into(),
    })
}
