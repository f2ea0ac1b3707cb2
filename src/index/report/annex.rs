//! The method annex: every choice that made the index, in words (in the report's language), so a reader can
//! recompute it; and the one-line method note of a scorecard.

use super::input::IndexInput;
use super::model::Line;
use crate::charts::Numbers;
use crate::index::framework::{Evidence, Framework};
use crate::index::method::{Aggregation, Imputation, Normalisation, Ties, Weights};

use crate::i18n::t;

pub fn evidence_text(e: Evidence, lang: &str) -> &'static str {
    match e {
        Evidence::None => t(lang, "annex-none"),
        Evidence::Url => "URL",
        Evidence::Document => t(lang, "annex-document"),
        Evidence::UrlOrDocument => t(lang, "annex-url-or-document"),
    }
}

fn norm_text(n: Normalisation, lang: &str) -> String {
    match n {
        Normalisation::MinMax => t(lang, "annex-min-max-100-x-min-max").to_string(),
        Normalisation::Goalposts => t(lang, "annex-goalposts-100-x-low-high-low").to_string(),
        Normalisation::ZScore => t(lang, "annex-z-score-x-mean-sd-sample").to_string(),
    }
}

fn agg_text(a: Aggregation, lang: &str) -> String {
    match a {
        Aggregation::Arithmetic => t(lang, "annex-weighted-arithmetic-mean-compensatory").to_string(),
        Aggregation::Geometric => t(lang, "annex-weighted-geometric-mean-partly-compensatory-of").to_string(),
    }
}

/// A sensitivity factor in words.
pub fn factor_label(code: &str, fw: &Framework, lang: &str) -> String {
    if let Some(id) = code.strip_prefix("drop:") {
        let name =
            fw.indicator(id).map_or(id.to_string(), |(_, i)| i.label.get(lang, &fw.default_language).to_string());
        return crate::i18n::format(lang, "annex-without-name", &[("name", crate::i18n::Arg::from(name))]);
    }
    match code {
        "weights" => t(lang, "annex-weights-perturbed").to_string(),
        "normalisation" => t(lang, "annex-another-normalisation").to_string(),
        "aggregation" => t(lang, "annex-another-aggregation").to_string(),
        "drop_one" => t(lang, "annex-one-indicator-left-out-each").to_string(),
        other => other.to_string(),
    }
}

/// Every choice of the method, one line each.
pub fn annex(input: &IndexInput<'_>, lang: &str) -> Vec<Line> {
    let n = Numbers::for_language(lang);
    let m = input.method;
    let mut out = Vec::new();
    let mut line = |label: String, value: String| out.push(Line { label, value });
    let ranked = input.index.units.iter().filter(|u| u.ranked).count();
    line(
        t(lang, "annex-units").to_string(),
        crate::i18n::format(
            lang,
            "annex-a0-institutions-assessed-ranked-ranked-a1",
            &[
                ("a0", crate::i18n::Arg::from(input.units.len())),
                ("ranked", crate::i18n::Arg::from(ranked)),
                ("a1", crate::i18n::Arg::from(input.framework.indicator_count())),
                ("a2", crate::i18n::Arg::from(input.framework.pillars.len())),
            ],
        ),
    );
    line(
        t(lang, "annex-score-that-counts").to_string(),
        if input.reviewed_only {
            t(lang, "annex-only-scores-confirmed-or-resolved-in").to_string()
        } else {
            format!("{}; {}", t(lang, "annex-per-institution-and-indicator-the-one"), t(lang, "index-self-annex-rule"))
        },
    );
    line(
        t(lang, "index-console-review").to_string(),
        crate::i18n::format(
            lang,
            "annex-a0-not-reviewed-a1-confirmed-a2",
            &[
                ("a0", crate::i18n::Arg::from(input.review.scored)),
                ("a1", crate::i18n::Arg::from(input.review.confirmed)),
                ("a2", crate::i18n::Arg::from(input.review.disputed)),
                ("a3", crate::i18n::Arg::from(input.review.resolved)),
            ],
        ),
    );
    line(
        t(lang, "annex-missing-data").to_string(),
        crate::i18n::format(
            lang,
            "annex-an-institution-is-ranked-when-it",
            &[("a0", crate::i18n::Arg::from(n.percent(m.min_share, 0)))],
        ),
    );
    line(
        t(lang, "annex-imputation").to_string(),
        match m.imputation {
            Imputation::None => t(lang, "annex-none-each-level-aggregates-what-it").to_string(),
            Imputation::Mean => t(lang, "annex-the-indicator-s-mean-over-the").to_string(),
            Imputation::Median => t(lang, "annex-the-indicator-s-median-over-the").to_string(),
        },
    );
    line(t(lang, "annex-normalisation").to_string(), norm_text(m.normalisation, lang));
    line(t(lang, "annex-direction").to_string(), t(lang, "annex-an-indicator-where-lower-is-better").to_string());
    line(
        t(lang, "annex-weights").to_string(),
        match m.weights {
            Weights::Equal => t(lang, "annex-equal-each-indicator-in-its-pillar").to_string(),
            Weights::PerPillar => t(lang, "annex-pillars-as-the-framework-says-indicators").to_string(),
            Weights::Given => t(lang, "annex-pillars-and-indicators-as-the-framework").to_string(),
        },
    );
    line(t(lang, "annex-aggregation-indicators-pillar").to_string(), agg_text(m.aggregation.indicators, lang));
    line(t(lang, "annex-aggregation-pillars-index").to_string(), agg_text(m.aggregation.pillars, lang));
    line(
        t(lang, "annex-geometric-shift").to_string(),
        crate::i18n::format(
            lang,
            "annex-s-1-min-0-smallest-normalised",
            &[("a0", crate::i18n::Arg::from(n.dec(input.index.shift, 4)))],
        ),
    );
    line(
        t(lang, "annex-ties").to_string(),
        match m.ties {
            Ties::Min => t(lang, "annex-indices-equal-to-9-decimals-share").to_string(),
            Ties::Average => t(lang, "annex-indices-equal-to-9-decimals-share-2").to_string(),
        },
    );
    if let Some(u) = input.uncertainty {
        let uc = &m.uncertainty;
        let norms: Vec<&str> = uc.normalisations.iter().map(|x| x.code()).collect();
        let aggs: Vec<&str> = uc.aggregations.iter().map(|x| x.code()).collect();
        line(
            t(lang, "annex-uncertainty").to_string(),
            crate::i18n::format(
                lang,
                "index-annex-monte-carlo",
                &[
                    ("runs", u.runs.into()),
                    ("seed", u.seed.into()),
                    ("normalisations", norms.join(", ").into()),
                    ("aggregations", aggs.join(", ").into()),
                    (
                        "indicators",
                        t(lang, if uc.drop_one { "index-annex-one-left-out" } else { "index-annex-every-indicator" })
                            .into(),
                    ),
                    ("r", n.dec(uc.weight_noise, 2).into()),
                ],
            ),
        );
    }
    line(t(lang, "annex-agreement").to_string(), t(lang, "annex-weighted-cohen-s-kappa-linear-and").to_string());
    line(
        t(lang, "annex-framework").to_string(),
        format!(
            "{} {} ({})",
            input.framework.id,
            input.framework.version,
            &input.framework.content_hash[..12.min(input.framework.content_hash.len())]
        ),
    );
    out
}

/// The method in one line, for a scorecard's foot.
pub fn short_method(input: &IndexInput<'_>, lang: &str) -> String {
    let m = input.method;
    let ranked = input.index.units.iter().filter(|u| u.ranked).count();
    crate::i18n::format(
        lang,
        "annex-a0-institutions-ranked-normalisation-a1-aggregation",
        &[
            ("a0", crate::i18n::Arg::from(ranked)),
            ("a1", crate::i18n::Arg::from(m.normalisation.code())),
            ("a2", crate::i18n::Arg::from(m.aggregation.indicators.code())),
            ("a3", crate::i18n::Arg::from(m.aggregation.pillars.code())),
            ("a4", crate::i18n::Arg::from(m.imputation.code())),
        ],
    )
}
