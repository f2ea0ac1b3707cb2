//! The words of the index outputs in the catalogs' languages (the framework brings its own labels).

use serde::Serialize;

macro_rules! texts {
    ($($(#[$doc:meta])* $field:ident,)*) => {
        /// Labels of the index report and scorecards, in one language (the `index-text-*`
        /// messages of the catalogs).
        #[derive(Debug, Clone, Serialize)]
        pub struct Texts {
            $($(#[$doc])* pub $field: &'static str,)*
        }

        impl Texts {
            fn load(lang: &str) -> Texts {
                Texts { $($field: crate::i18n::t(lang, concat!("index-text-", stringify!($field))),)* }
            }
        }
    };
}

texts! {
    rank,
    institution,
    sector,
    index,
    interval,
    not_ranked,
    ranking,
    ranking_caption,
    heatmap,
    heatmap_caption,
    axis_rank,
    headline_rank,
    median_rank,
    interval_5_95,
    missing,
    worst,
    best,
    best_score,
    sensitivity,
    sensitivity_intro,
    choice,
    mean_shift,
    max_shift,
    agreement,
    agreement_intro,
    evaluators,
    kappa_linear,
    kappa_quadratic,
    alpha,
    disputed,
    no_disputes,
    indicator,
    scores,
    framework,
    method,
    pillar,
    weight,
    scale,
    direction,
    evidence,
    higher_better,
    lower_better,
    score,
    normalised,
    reference,
    gap,
    status,
    improve_first,
    improve_intro,
    nothing_to_improve,
    of,
    generated,
    page,
    scorecard,
    review_state,
    none,
}

/// The texts of `lang` (formatted once per language).
pub fn texts(lang: &str) -> &'static Texts {
    static CACHE: crate::i18n::PerLang<Texts> = crate::i18n::PerLang::new();
    CACHE.get(lang, Texts::load)
}

/// A review status in words.
pub fn status(lang: &str, code: &str) -> &'static str {
    use crate::i18n::t;
    match code {
        "confirmed" => t(lang, "texts-confirmed"),
        "disputed" => t(lang, "texts-disputed"),
        "resolved" => t(lang, "texts-resolved"),
        _ => t(lang, "texts-not-reviewed"),
    }
}
