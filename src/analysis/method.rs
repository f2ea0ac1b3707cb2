//! The method notes: how the figures were computed, in words, in Spanish or English. The analysis
//! keeps the English ones in [`Aggregates::method`](super::Aggregates::method); a report asks for
//! them in its own language.

use super::options::{AnalysisOptions, OverallWeighting, PillarWeighting};

/// The notes for figures computed with `options`, a minimum cell of `min_cell` and a pillar
/// coverage of `min_coverage` (0..1): in Spanish for `es`, in English for any other code.
pub fn notes(options: &AnalysisOptions, min_cell: u32, min_coverage: f64, lang: &str) -> Vec<String> {
    let coverage = min_coverage * 100.0;
    match lang {
        "es" => es(options, min_cell, coverage),
        _ => en(options, min_cell, coverage),
    }
}

/// The note of a survey with conditional items: what "not applicable by design" is and what it
/// does not enter, in Spanish for `es`, in English otherwise.
pub fn not_asked_note(lang: &str) -> String {
    if lang == "es" {
        "Una pregunta que la encuesta hace solo bajo una condición (según respuestas anteriores) y que no se hizo \
         a una persona cuenta como «no aplica por diseño»: aparte de «No sé», de «No aplica» y de la falta de \
         respuesta; no entra en la base de los porcentajes ni en la cobertura de un pilar."
            .into()
    } else {
        "A question the survey asks only under a condition (on earlier answers) and did not ask a respondent \
         counts as \"not applicable by design\": apart from \"don't know\", \"not applicable\" and no answer; it \
         enters neither the base of the shares nor a pillar's coverage."
            .into()
    }
}

fn en(options: &AnalysisOptions, min_cell: u32, coverage: f64) -> Vec<String> {
    let pillar = match options.pillar_weighting {
        PillarWeighting::SubPillars => "weighted mean of its sub-pillar scores (sub-pillar weights)",
        PillarWeighting::Items => "weighted mean of its answered items (item weights)",
    };
    let overall = match &options.overall {
        OverallWeighting::EqualGroups => "each published group weighs equally (mean of group means)",
        OverallWeighting::Population { .. } => {
            "groups weighted by population share (post-stratification), Kish effective n"
        }
    };
    vec![
        "Options map to the stage scale 1..S by rank; reverse items are flipped first.".into(),
        "\"Don't know\" and \"not applicable\" never enter a mean; they are counted and shown apart.".into(),
        "Sub-pillar score of a respondent: weighted mean of their answered items (item weights).".into(),
        format!(
            "Pillar score of a respondent: {pillar}, only where at least {coverage:.0}% of the pillar's items were \
             answered."
        ),
        format!("Overall: {overall}; computed over published groups only."),
        "SD: sample (n − 1). Median and quartiles: type 7 (numpy/pandas). 95% CI: mean ± t(0.975, n − 1)·s/√n.".into(),
        format!(
            "Cells with fewer than {min_cell} respondents are suppressed; in disaggregated rows a second cell is \
             hidden when only one would be; cross-group figures use published cells only."
        ),
        "Gap: public sector minus all other published groups, Welch 95% CI; flagged when the CI excludes 0 and \
         the gap is at least the threshold."
            .into(),
        "Group differences: Kruskal-Wallis H with tie correction, chi-squared p-value.".into(),
        "Reliability: Cronbach's α on complete cases (all respondents), Feldt 95% CI, α if item deleted.".into(),
    ]
}

fn es(options: &AnalysisOptions, min_cell: u32, coverage: f64) -> Vec<String> {
    let pillar = match options.pillar_weighting {
        PillarWeighting::SubPillars => "media ponderada de sus puntajes de subpilar (pesos de los subpilares)",
        PillarWeighting::Items => "media ponderada de sus preguntas respondidas (pesos de las preguntas)",
    };
    let overall = match &options.overall {
        OverallWeighting::EqualGroups => "cada grupo publicado pesa lo mismo (media de las medias de grupo)",
        OverallWeighting::Population { .. } => {
            "grupos ponderados por su peso en la población (posestratificación), n efectivo de Kish"
        }
    };
    vec![
        "Las opciones se ubican en la escala de etapas 1..S según su orden; en las preguntas invertidas, el orden \
         se invierte primero."
            .into(),
        "«No sé» y «No aplica» nunca entran en una media; se cuentan y se muestran aparte.".into(),
        "Puntaje de una persona en un subpilar: media ponderada de sus preguntas respondidas (pesos de las \
         preguntas)."
            .into(),
        format!(
            "Puntaje de una persona en un pilar: {pillar}, solo si respondió al menos el {coverage:.0} % de las \
             preguntas del pilar."
        ),
        format!("General: {overall}; calculado solo sobre los grupos publicados."),
        "DE: muestral (n − 1). Mediana y cuartiles: tipo 7 (numpy/pandas). IC 95 %: media ± t(0,975; n − 1)·s/√n."
            .into(),
        format!(
            "Las celdas con menos de {min_cell} personas se suprimen; en las filas desagregadas se oculta una segunda \
             celda cuando solo una quedaría oculta; las cifras entre grupos usan solo celdas publicadas."
        ),
        "Brecha: sector público menos todos los demás grupos publicados, IC 95 % de Welch; se señala cuando el IC \
         excluye el 0 y la brecha alcanza al menos el umbral."
            .into(),
        "Diferencias entre grupos: H de Kruskal-Wallis con corrección por empates, valor p por chi-cuadrado.".into(),
        "Fiabilidad: α de Cronbach sobre casos completos (todas las personas encuestadas), IC 95 % de Feldt, α si \
         se elimina la pregunta."
            .into(),
    ]
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
