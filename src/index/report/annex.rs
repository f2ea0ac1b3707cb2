//! The method annex: every choice that made the index, in words (es/en), so a reader can
//! recompute it; and the one-line method note of a scorecard.

use super::input::IndexInput;
use super::model::Line;
use crate::charts::Numbers;
use crate::index::framework::{Evidence, Framework};
use crate::index::method::{Aggregation, Imputation, Normalisation, Ties, Weights};

fn pick(es: bool, a: &str, b: &str) -> String {
    if es { a.to_string() } else { b.to_string() }
}

pub fn evidence_text(e: Evidence, lang: &str) -> &'static str {
    let es = lang == "es";
    match e {
        Evidence::None => {
            if es {
                "ninguna"
            } else {
                "none"
            }
        }
        Evidence::Url => "URL",
        Evidence::Document => {
            if es {
                "documento"
            } else {
                "document"
            }
        }
        Evidence::UrlOrDocument => {
            if es {
                "URL o documento"
            } else {
                "URL or document"
            }
        }
    }
}

fn norm_text(n: Normalisation, es: bool) -> String {
    match n {
        Normalisation::MinMax => pick(
            es,
            "mín-máx: 100·(x − mín)/(máx − mín) entre las instituciones con posición (50 si todas son iguales)",
            "min-max: 100·(x − min)/(max − min) over the ranked institutions (50 when all are equal)",
        ),
        Normalisation::Goalposts => pick(
            es,
            "metas: 100·(x − bajo)/(alto − bajo) acotado a [0, 100], con las metas de cada indicador",
            "goalposts: 100·(x − low)/(high − low) clipped to [0, 100], with each indicator's goalposts",
        ),
        Normalisation::ZScore => pick(
            es,
            "puntuación z: (x − media)/de, de muestral (n − 1); 0 si todas son iguales",
            "z-score: (x − mean)/sd, sample sd (n − 1); 0 when all are equal",
        ),
    }
}

fn agg_text(a: Aggregation, es: bool) -> String {
    match a {
        Aggregation::Arithmetic => {
            pick(es, "media aritmética ponderada (compensatoria)", "weighted arithmetic mean (compensatory)")
        }
        Aggregation::Geometric => pick(
            es,
            "media geométrica ponderada (parcialmente compensatoria) de los valores desplazados por s: exp(Σw·ln(v + s)/Σw) − s",
            "weighted geometric mean (partly compensatory) of the values shifted by s: exp(Σw·ln(v + s)/Σw) − s",
        ),
    }
}

/// A sensitivity factor in words.
pub fn factor_label(code: &str, fw: &Framework, lang: &str) -> String {
    let es = lang == "es";
    if let Some(id) = code.strip_prefix("drop:") {
        let name =
            fw.indicator(id).map_or(id.to_string(), |(_, i)| i.label.get(lang, &fw.default_language).to_string());
        return if es { format!("sin «{name}»") } else { format!("without “{name}”") };
    }
    match code {
        "weights" => pick(es, "pesos perturbados", "weights perturbed"),
        "normalisation" => pick(es, "otra normalización", "another normalisation"),
        "aggregation" => pick(es, "otra agregación", "another aggregation"),
        "drop_one" => pick(es, "un indicador menos (cada uno)", "one indicator left out (each)"),
        other => other.to_string(),
    }
}

/// Every choice of the method, one line each.
pub fn annex(input: &IndexInput<'_>, lang: &str) -> Vec<Line> {
    let es = lang == "es";
    let n = Numbers::for_language(lang);
    let m = input.method;
    let mut out = Vec::new();
    let mut line = |label: String, value: String| out.push(Line { label, value });
    let ranked = input.index.units.iter().filter(|u| u.ranked).count();
    line(
        pick(es, "Unidades", "Units"),
        if es {
            format!(
                "{} instituciones evaluadas, {ranked} con posición; {} indicadores en {} pilares",
                input.units.len(),
                input.framework.indicator_count(),
                input.framework.pillars.len()
            )
        } else {
            format!(
                "{} institutions assessed, {ranked} ranked; {} indicators in {} pillars",
                input.units.len(),
                input.framework.indicator_count(),
                input.framework.pillars.len()
            )
        },
    );
    line(
        pick(es, "Puntuación que cuenta", "Score that counts"),
        if input.reviewed_only {
            pick(
                es,
                "solo las puntuaciones confirmadas o resueltas en revisión",
                "only scores confirmed or resolved in review",
            )
        } else {
            pick(
                es,
                "por institución e indicador, la última confirmada o resuelta en revisión; si no hay, la primera registrada",
                "per institution and indicator, the one last confirmed or resolved in review; when none is, the first one stored",
            )
        },
    );
    line(
        pick(es, "Revisión", "Review"),
        if es {
            format!(
                "{} sin revisar, {} confirmadas, {} en disputa, {} resueltas",
                input.review.scored, input.review.confirmed, input.review.disputed, input.review.resolved
            )
        } else {
            format!(
                "{} not reviewed, {} confirmed, {} disputed, {} resolved",
                input.review.scored, input.review.confirmed, input.review.disputed, input.review.resolved
            )
        },
    );
    line(
        pick(es, "Datos faltantes", "Missing data"),
        if es {
            format!(
                "una institución tiene posición si tiene al menos {} de los indicadores puntuados",
                n.percent(m.min_share, 0)
            )
        } else {
            format!(
                "an institution is ranked when it has at least {} of the indicators scored",
                n.percent(m.min_share, 0)
            )
        },
    );
    line(
        pick(es, "Imputación", "Imputation"),
        match m.imputation {
            Imputation::None => pick(
                es,
                "ninguna: cada nivel agrega lo que tiene y reescala los pesos",
                "none: each level aggregates what it has, weights rescaled",
            ),
            Imputation::Mean => pick(
                es,
                "media del indicador entre las instituciones con posición, antes de normalizar",
                "the indicator's mean over the ranked institutions, before normalising",
            ),
            Imputation::Median => pick(
                es,
                "mediana del indicador entre las instituciones con posición, antes de normalizar",
                "the indicator's median over the ranked institutions, before normalising",
            ),
        },
    );
    line(pick(es, "Normalización", "Normalisation"), norm_text(m.normalisation, es));
    line(
        pick(es, "Sentido", "Direction"),
        pick(
            es,
            "un indicador en que menos es mejor se invierte tras normalizar (100 − v, o −z)",
            "an indicator where lower is better is turned round after normalising (100 − v, or −z)",
        ),
    );
    line(
        pick(es, "Pesos", "Weights"),
        match m.weights {
            Weights::Equal => pick(
                es,
                "iguales: cada indicador en su pilar y cada pilar en el índice",
                "equal: each indicator in its pillar and each pillar in the index",
            ),
            Weights::PerPillar => pick(
                es,
                "pilares según el marco; indicadores iguales dentro de su pilar",
                "pillars as the framework says; indicators equal within their pillar",
            ),
            Weights::Given => {
                pick(es, "pilares e indicadores según el marco", "pillars and indicators as the framework says")
            }
        },
    );
    line(
        pick(es, "Agregación: indicadores → pilar", "Aggregation: indicators → pillar"),
        agg_text(m.aggregation.indicators, es),
    );
    line(pick(es, "Agregación: pilares → índice", "Aggregation: pillars → index"), agg_text(m.aggregation.pillars, es));
    line(
        pick(es, "Desplazamiento geométrico", "Geometric shift"),
        if es {
            format!("s = 1 − mín(0, menor valor normalizado) = {}", n.dec(input.index.shift, 4))
        } else {
            format!("s = 1 − min(0, smallest normalised value) = {}", n.dec(input.index.shift, 4))
        },
    );
    line(
        pick(es, "Empates", "Ties"),
        match m.ties {
            Ties::Min => pick(
                es,
                "índices iguales a 9 decimales comparten la posición más alta (1, 2, 2, 4)",
                "indices equal to 9 decimals share the highest rank (1, 2, 2, 4)",
            ),
            Ties::Average => pick(
                es,
                "índices iguales a 9 decimales comparten la posición media (1, 2,5, 2,5, 4)",
                "indices equal to 9 decimals share the mean rank (1, 2.5, 2.5, 4)",
            ),
        },
    );
    if let Some(u) = input.uncertainty {
        let uc = &m.uncertainty;
        let norms: Vec<&str> = uc.normalisations.iter().map(|x| x.code()).collect();
        let aggs: Vec<&str> = uc.aggregations.iter().map(|x| x.code()).collect();
        line(
            pick(es, "Incertidumbre", "Uncertainty"),
            if es {
                format!(
                    "Monte Carlo de {} corridas, semilla {} (SplitMix64); en cada una: normalización entre [{}], agregación (ambos niveles) entre [{}], {}, y cada peso multiplicado por un factor uniforme en [1 − {r}, 1 + {r}]; posición mediana e intervalo del 5 % al 95 % (cuantiles tipo 7)",
                    u.runs,
                    u.seed,
                    norms.join(", "),
                    aggs.join(", "),
                    if uc.drop_one { "un indicador omitido o ninguno" } else { "todos los indicadores" },
                    r = n.dec(uc.weight_noise, 2)
                )
            } else {
                format!(
                    "Monte Carlo of {} runs, seed {} (SplitMix64); in each: normalisation among [{}], aggregation (both levels) among [{}], {}, and every weight multiplied by a factor uniform in [1 − {r}, 1 + {r}]; median rank and 5% to 95% interval (type 7 quantiles)",
                    u.runs,
                    u.seed,
                    norms.join(", "),
                    aggs.join(", "),
                    if uc.drop_one { "one indicator left out or none" } else { "every indicator" },
                    r = n.dec(uc.weight_noise, 2)
                )
            },
        );
    }
    line(
        pick(es, "Acuerdo", "Agreement"),
        pick(
            es,
            "kappa de Cohen ponderada (lineal y cuadrática) de los dos primeros evaluadores por nombre; alfa de Krippendorff ordinal de todos; los valores por su posición en la escala",
            "weighted Cohen's kappa (linear and quadratic) of the first two evaluators by name; Krippendorff's alpha, ordinal, of all; values by their position on the scale",
        ),
    );
    line(
        pick(es, "Marco", "Framework"),
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
    if lang == "es" {
        format!(
            "{} instituciones con posición; normalización {}, agregación {}/{}, imputación {}. La referencia es la media de las instituciones del cuarto superior; la brecha, referencia menos la puntuación normalizada.",
            ranked,
            m.normalisation.code(),
            m.aggregation.indicators.code(),
            m.aggregation.pillars.code(),
            m.imputation.code()
        )
    } else {
        format!(
            "{} institutions ranked; normalisation {}, aggregation {}/{}, imputation {}. The reference is the mean of the institutions in the top quarter; the gap, the reference minus the normalised score.",
            ranked,
            m.normalisation.code(),
            m.aggregation.indicators.code(),
            m.aggregation.pillars.code(),
            m.imputation.code()
        )
    }
}
