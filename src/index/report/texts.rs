//! The words of the index outputs in Spanish and English (the framework brings its own labels).

use serde::Serialize;

/// Labels of the index report and scorecards, in one language.
#[derive(Debug, Clone, Serialize)]
pub struct Texts {
    pub rank: &'static str,
    pub institution: &'static str,
    pub sector: &'static str,
    pub index: &'static str,
    pub interval: &'static str,
    pub not_ranked: &'static str,
    pub ranking: &'static str,
    pub ranking_caption: &'static str,
    pub heatmap: &'static str,
    pub heatmap_caption: &'static str,
    pub axis_rank: &'static str,
    pub headline_rank: &'static str,
    pub median_rank: &'static str,
    pub interval_5_95: &'static str,
    pub missing: &'static str,
    pub worst: &'static str,
    pub best: &'static str,
    pub best_score: &'static str,
    pub sensitivity: &'static str,
    pub sensitivity_intro: &'static str,
    pub choice: &'static str,
    pub mean_shift: &'static str,
    pub max_shift: &'static str,
    pub agreement: &'static str,
    pub agreement_intro: &'static str,
    pub evaluators: &'static str,
    pub kappa_linear: &'static str,
    pub kappa_quadratic: &'static str,
    pub alpha: &'static str,
    pub disputed: &'static str,
    pub no_disputes: &'static str,
    pub indicator: &'static str,
    pub scores: &'static str,
    pub framework: &'static str,
    pub method: &'static str,
    pub pillar: &'static str,
    pub weight: &'static str,
    pub scale: &'static str,
    pub direction: &'static str,
    pub evidence: &'static str,
    pub higher_better: &'static str,
    pub lower_better: &'static str,
    pub score: &'static str,
    pub normalised: &'static str,
    pub reference: &'static str,
    pub gap: &'static str,
    pub status: &'static str,
    pub improve_first: &'static str,
    pub improve_intro: &'static str,
    pub nothing_to_improve: &'static str,
    pub of: &'static str,
    pub generated: &'static str,
    pub page: &'static str,
    pub scorecard: &'static str,
    pub review_state: &'static str,
    pub none: &'static str,
}

pub const ES: Texts = Texts {
    rank: "Posición",
    institution: "Institución",
    sector: "Sector",
    index: "Índice",
    interval: "Posición mediana [5 %–95 %]",
    not_ranked: "sin posición",
    ranking: "Clasificación",
    ranking_caption: "Punto: posición del índice. Rombo: posición mediana y barra: intervalo del 5 % al 95 % en el análisis de incertidumbre.",
    heatmap: "Indicadores por institución",
    heatmap_caption: "Puntuación normalizada de cada indicador; más oscuro es mejor. Rayado: sin puntuación.",
    axis_rank: "Posición (1 = la mejor)",
    headline_rank: "Posición del índice",
    median_rank: "Posición mediana",
    interval_5_95: "Intervalo 5 %–95 %",
    missing: "Sin puntuación",
    worst: "peor",
    best: "mejor",
    best_score: "Mejor",
    sensitivity: "Sensibilidad",
    sensitivity_intro: "Cuánto cambian las posiciones cuando varía una sola decisión del método (cambio absoluto medio y máximo).",
    choice: "Decisión",
    mean_shift: "Cambio medio",
    max_shift: "Cambio máximo",
    agreement: "Acuerdo entre evaluadores",
    agreement_intro: "Kappa de Cohen ponderada (dos primeros evaluadores) y alfa de Krippendorff ordinal (todos), sobre los indicadores de escala ordinal.",
    evaluators: "Evaluadores",
    kappa_linear: "Kappa ponderada lineal",
    kappa_quadratic: "Kappa ponderada cuadrática",
    alpha: "Alfa de Krippendorff (ordinal)",
    disputed: "Puntuaciones en disputa",
    no_disputes: "Ninguna: los evaluadores coinciden.",
    indicator: "Indicador",
    scores: "Puntuaciones",
    framework: "Marco de indicadores",
    method: "Anexo metodológico",
    pillar: "Pilar",
    weight: "Peso",
    scale: "Escala",
    direction: "Sentido",
    evidence: "Evidencia",
    higher_better: "más es mejor",
    lower_better: "menos es mejor",
    score: "Puntuación",
    normalised: "Normalizada",
    reference: "Referencia",
    gap: "Brecha",
    status: "Revisión",
    improve_first: "Qué mejorar primero",
    improve_intro: "Los indicadores con la mayor brecha respecto de las instituciones con mejor desempeño (el cuarto superior de la clasificación).",
    nothing_to_improve: "Ningún indicador por debajo de las instituciones con mejor desempeño.",
    of: "de",
    generated: "Generado",
    page: "Página",
    scorecard: "Ficha institucional",
    review_state: "Estado de la revisión",
    none: "ninguna",
};

pub const EN: Texts = Texts {
    rank: "Rank",
    institution: "Institution",
    sector: "Sector",
    index: "Index",
    interval: "Median rank [5%–95%]",
    not_ranked: "not ranked",
    ranking: "Ranking",
    ranking_caption: "Dot: the index rank. Diamond: median rank, and bar: the 5% to 95% interval of the uncertainty analysis.",
    heatmap: "Indicators by institution",
    heatmap_caption: "Normalised score of each indicator; darker is better. Hatched: not scored.",
    axis_rank: "Rank (1 = best)",
    headline_rank: "Index rank",
    median_rank: "Median rank",
    interval_5_95: "5%–95% interval",
    missing: "Not scored",
    worst: "worst",
    best: "best",
    best_score: "Best",
    sensitivity: "Sensitivity",
    sensitivity_intro: "How much the ranks move when a single choice of the method varies (mean and largest absolute change).",
    choice: "Choice",
    mean_shift: "Mean change",
    max_shift: "Largest change",
    agreement: "Agreement between evaluators",
    agreement_intro: "Weighted Cohen's kappa (first two evaluators) and Krippendorff's alpha, ordinal (all), over the indicators with an ordinal scale.",
    evaluators: "Evaluators",
    kappa_linear: "Weighted kappa, linear",
    kappa_quadratic: "Weighted kappa, quadratic",
    alpha: "Krippendorff's alpha (ordinal)",
    disputed: "Disputed scores",
    no_disputes: "None: the evaluators agree.",
    indicator: "Indicator",
    scores: "Scores",
    framework: "Indicator framework",
    method: "Method annex",
    pillar: "Pillar",
    weight: "Weight",
    scale: "Scale",
    direction: "Direction",
    evidence: "Evidence",
    higher_better: "higher is better",
    lower_better: "lower is better",
    score: "Score",
    normalised: "Normalised",
    reference: "Reference",
    gap: "Gap",
    status: "Review",
    improve_first: "What to improve first",
    improve_intro: "The indicators with the largest gap to the best performers (the top quarter of the ranking).",
    nothing_to_improve: "No indicator below the best performers.",
    of: "of",
    generated: "Generated",
    page: "Page",
    scorecard: "Institution scorecard",
    review_state: "Review status",
    none: "none",
};

/// The texts of `lang` (`es`; anything else English).
pub fn texts(lang: &str) -> &'static Texts {
    if lang == "es" { &ES } else { &EN }
}

/// A review status in words.
pub fn status(lang: &str, code: &str) -> &'static str {
    let es = lang == "es";
    match code {
        "confirmed" => {
            if es {
                "confirmada"
            } else {
                "confirmed"
            }
        }
        "disputed" => {
            if es {
                "en disputa"
            } else {
                "disputed"
            }
        }
        "resolved" => {
            if es {
                "resuelta"
            } else {
                "resolved"
            }
        }
        _ => {
            if es {
                "sin revisar"
            } else {
                "not reviewed"
            }
        }
    }
}
