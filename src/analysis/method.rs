//! The method notes: how the figures were computed, in words, in any language with a catalog
//! (`method-*` messages). The analysis keeps the English ones in
//! [`Aggregates::method`](super::Aggregates::method); a report asks for them in its own language.

use super::options::{AnalysisOptions, OverallWeighting, PillarWeighting};
use crate::i18n::{self, t};

/// The notes for figures computed with `options`, a minimum cell of `min_cell` and a pillar
/// coverage of `min_coverage` (0..1), in `lang` (English where a catalog lacks a note).
pub fn notes(options: &AnalysisOptions, min_cell: u32, min_coverage: f64, lang: &str) -> Vec<String> {
    let coverage = format!("{:.0}", min_coverage * 100.0);
    let pillar = match options.pillar_weighting {
        PillarWeighting::SubPillars => t(lang, "method-pillar-by-subpillars"),
        PillarWeighting::Items => t(lang, "method-pillar-by-items"),
    };
    let overall = match &options.overall {
        OverallWeighting::EqualGroups => t(lang, "method-overall-equal-groups"),
        OverallWeighting::Population { .. } => t(lang, "method-overall-population"),
    };
    vec![
        t(lang, "method-stage-scale").into(),
        t(lang, "method-dont-know-apart").into(),
        t(lang, "method-subpillar-score").into(),
        i18n::format(lang, "method-pillar-score", &[("pillar", pillar.into()), ("coverage", coverage.into())]),
        i18n::format(lang, "method-overall", &[("overall", overall.into())]),
        t(lang, "method-spread").into(),
        i18n::format(lang, "method-suppression", &[("min", min_cell.into())]),
        t(lang, "method-gap").into(),
        t(lang, "method-group-differences").into(),
        t(lang, "method-reliability").into(),
    ]
}

/// The note of a survey with conditional items: what "not applicable by design" is and what it
/// does not enter.
pub fn not_asked_note(lang: &str) -> String {
    t(lang, "method-not-asked").into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_give_the_same_notes_with_the_same_figures() {
        let options = AnalysisOptions {
            pillar_weighting: PillarWeighting::Items,
            overall: OverallWeighting::Population { shares: Vec::new() },
            ..AnalysisOptions::default()
        };
        let es = notes(&options, 7, 0.6, "es");
        let en = notes(&options, 7, 0.6, "en");
        assert_eq!(es.len(), en.len());
        assert!(es[3].contains("60 %") && es[3].contains("pesos de las preguntas"), "{}", es[3]);
        assert!(en[3].contains("60%") && en[3].contains("item weights"), "{}", en[3]);
        assert!(es[4].contains("posestratificación") && en[4].contains("post-stratification"));
        assert!(es[6].contains("menos de 7 personas") && en[6].contains("fewer than 7 respondents"));
        assert_eq!(notes(&options, 7, 0.6, "fr"), en, "a language without notes of its own gets English");
    }
}
