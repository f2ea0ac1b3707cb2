//! The fixed texts of a report in the language it is written in, from the `report-*` messages of
//! the catalogs (see [`crate::i18n`]). Survey texts (pillar names, stage names, questions) come
//! from the survey itself.
use serde::{Serialize, Serializer};

/// A report language: any language with a catalog.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lang(&'static str);

impl Lang {
    // Named as the enum variants they replace, so `Lang::Es` reads as before.
    #[expect(non_upper_case_globals, reason = "read like the language enum it was")]
    pub const Es: Lang = Lang("es");
    #[expect(non_upper_case_globals, reason = "read like the language enum it was")]
    pub const En: Lang = Lang("en");

    /// The language code used in survey texts.
    pub fn code(self) -> &'static str {
        self.0
    }

    /// A language with a catalog (`es`, `en`, or one a deployment added).
    pub fn parse(s: &str) -> Option<Self> {
        crate::i18n::has(s).then(|| Lang(crate::i18n::intern(s)))
    }

    /// The report's fixed texts in this language (formatted once per language).
    pub fn texts(self) -> &'static Texts {
        static CACHE: crate::i18n::PerLang<Texts> = crate::i18n::PerLang::new();
        CACHE.get(self.0, Texts::load)
    }
}

impl Serialize for Lang {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.0)
    }
}

macro_rules! texts {
    ($($(#[$doc:meta])* $field:ident,)*) => {
        /// Every fixed text of a report.
        #[derive(Debug, Serialize)]
        pub struct Texts {
            $($(#[$doc])* pub $field: &'static str,)*
        }

        impl Texts {
            fn load(lang: &str) -> Texts {
                Texts { $($field: crate::i18n::t(lang, concat!("report-", stringify!($field))),)* }
            }
        }
    };
}

texts! {
    report,
    campaign,
    country,
    period,
    survey,
    respondents,
    generated,
    contents,
    summary,
    summary_intro,
    stage_by_pillar,
    largest_gaps,
    no_gaps,
    reliability_warnings,
    no_warnings,
    alpha_low,
    /// No scale has a reliability figure (too few complete responses in the published groups).
    no_alpha,
    no_alpha_cell,
    /// The headline of a report with nothing to publish; `{n}` is the responses submitted,
    /// `{min}` the minimum cell size.
    nothing_published,
    pillar,
    subpillar,
    item,
    group,
    overall,
    n,
    mean,
    ci,
    stage,
    alpha,
    items,
    radar_caption,
    bars_caption,
    distribution,
    distribution_caption,
    comparisons,
    group_means,
    heatmap_caption,
    below_overall,
    above_overall,
    gap,
    gap_caption,
    public,
    others,
    difference,
    flagged,
    kruskal,
    kruskal_caption,
    p_value,
    response_rates,
    rates_caption,
    invited,
    started,
    submitted,
    rate,
    of,
    no_invitations,
    reliability,
    method,
    comments,
    comments_intro,
    comments_more,
    scale,
    range,
    option_scoring,
    options,
    weights,
    weight,
    group_weights,
    exclusions,
    no_exclusions,
    /// `{n}` responses excluded by the coordinators (one, and more).
    excluded_one,
    excluded_many,
    /// `{n}` more reasons than the annex lists.
    excluded_more,
    suppression,
    suppression_rule,
    robustness,
    robustness_caption,
    variant,
    reason_suppressed,
    reason_no_share,
    arithmetic,
    geometric,
    by_items,
    by_subpillars,
    notes,
    suppressed,
    suppressed_note,
    dont_know,
    not_applicable,
    /// The method annex's table of questions asked under a condition.
    conditional,
    asked_only_if,
    not_asked,
    score,
    page,
    reversed,
}

impl Texts {
    /// The wording of a code the analysis writes (an exclusion reason, a robustness variant's
    /// aggregation or weighting); a code it does not know is shown as written.
    pub fn term<'a>(&self, code: &'a str) -> &'a str {
        match code {
            "suppressed" => self.reason_suppressed,
            "no population share" => self.reason_no_share,
            "arithmetic" => self.arithmetic,
            "geometric" => self.geometric,
            "items" => self.by_items,
            "subpillars" => self.by_subpillars,
            other => other,
        }
    }
}
