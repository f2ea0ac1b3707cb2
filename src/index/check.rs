//! Reading and checking an index framework file: syntax (located), the framework meta-schema of
//! `surveys/schema/dra-index-framework.schema.json`, then the checks a schema cannot express.
//! Every problem comes back as `FILE:LINE:COL: /json/pointer: message`, as for survey definitions.

use std::collections::HashSet;
use std::sync::LazyLock;

use serde::Deserialize;
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::framework::{Evidence, Framework, Indicator, Level, Pillar, Scale};
use super::method::Method;
use crate::survey::I18n;
use crate::survey::problem::Problem;
use crate::survey::source;

/// The framework meta-schema, embedded at build time.
pub const META_SCHEMA: &str = include_str!("../../surveys/schema/dra-index-framework.schema.json");

static META: LazyLock<Result<jsonschema::Validator, String>> = LazyLock::new(|| {
    let schema: Value = serde_json::from_str(META_SCHEMA).map_err(|e| e.to_string())?;
    jsonschema::draft202012::new(&schema).map_err(|e| e.to_string())
});

/// Checks a framework given as bytes. All problems come back located and sorted by position.
pub fn check_bytes(bytes: &[u8]) -> Result<Framework, Vec<Problem>> {
    let parsed = source::parse(bytes)?;
    let mut problems = meta_check(&parsed.value);
    let framework = if problems.is_empty() {
        let (framework, semantic) = build(&parsed.value);
        problems.extend(semantic);
        framework
    } else {
        None
    };
    let mut problems: Vec<Problem> = problems.into_iter().map(|p| p.locate(&parsed.spans)).collect();
    problems.sort_by_key(|p| p.position.map(|pos| (pos.line, pos.col)));
    problems.dedup();
    match framework {
        Some(f) if problems.is_empty() => Ok(f),
        _ if problems.is_empty() => Err(vec![Problem::at("", "the framework could not be read")]),
        _ => Err(problems),
    }
}

fn meta_check(value: &Value) -> Vec<Problem> {
    match &*META {
        Ok(v) => v
            .iter_errors(value)
            .map(|e| {
                let full = e.to_string();
                let message = if full.chars().count() <= 160 { full } else { e.masked_with("this value").to_string() };
                Problem::at(e.instance_path().as_str(), message)
            })
            .collect(),
        Err(e) => vec![Problem::at("", format!("internal error: the framework meta-schema is broken: {e}"))],
    }
}

#[derive(Deserialize)]
struct RawFramework {
    id: String,
    version: String,
    languages: Vec<String>,
    default_language: String,
    title: I18n,
    #[serde(default)]
    description: I18n,
    pillars: Vec<RawPillar>,
    #[serde(default)]
    method: Method,
}

#[derive(Deserialize)]
struct RawPillar {
    id: String,
    label: I18n,
    weight: Option<f64>,
    indicators: Vec<RawIndicator>,
}

#[derive(Deserialize)]
struct RawIndicator {
    id: String,
    label: I18n,
    #[serde(default)]
    description: I18n,
    levels: Option<Vec<RawLevel>>,
    range: Option<RawRange>,
    goalposts: Option<(f64, f64)>,
    direction: Option<String>,
    weight: Option<f64>,
    evidence: Option<Evidence>,
}

#[derive(Deserialize)]
struct RawLevel {
    value: f64,
    label: I18n,
}

#[derive(Deserialize)]
struct RawRange {
    min: f64,
    max: f64,
    #[serde(default)]
    unit: I18n,
}

/// Builds the framework from JSON the meta-schema accepted, with the semantic problems.
fn build(value: &Value) -> (Option<Framework>, Vec<Problem>) {
    let raw: RawFramework = match serde_json::from_value(value.clone()) {
        Ok(r) => r,
        Err(e) => return (None, vec![Problem::at("", format!("cannot read the framework: {e}"))]),
    };
    let mut problems = Vec::new();
    let langs = &raw.languages;
    if !langs.contains(&raw.default_language) {
        problems.push(Problem::at(
            "/default_language",
            format!("\"{}\" is not one of the declared languages ({})", raw.default_language, langs.join(", ")),
        ));
    }
    let mut text = |pointer: String, t: &I18n| {
        for lang in langs {
            if !t.0.contains_key(lang) {
                problems.push(Problem::at(pointer.clone(), format!("missing the text in \"{lang}\"")));
            }
        }
    };
    text("/title".into(), &raw.title);
    if !raw.description.is_empty() {
        text("/description".into(), &raw.description);
    }
    for (p, pillar) in raw.pillars.iter().enumerate() {
        text(format!("/pillars/{p}/label"), &pillar.label);
        for (i, ind) in pillar.indicators.iter().enumerate() {
            let at = format!("/pillars/{p}/indicators/{i}");
            text(format!("{at}/label"), &ind.label);
            if !ind.description.is_empty() {
                text(format!("{at}/description"), &ind.description);
            }
            for (l, level) in ind.levels.iter().flatten().enumerate() {
                text(format!("{at}/levels/{l}/label"), &level.label);
            }
        }
    }
    let mut pillar_ids = HashSet::new();
    let mut indicator_ids = HashSet::new();
    let mut pillars = Vec::new();
    for (p, rp) in raw.pillars.into_iter().enumerate() {
        if !pillar_ids.insert(rp.id.clone()) {
            problems.push(Problem::at(format!("/pillars/{p}/id"), format!("pillar id \"{}\" is used twice", rp.id)));
        }
        let mut indicators = Vec::new();
        for (i, ri) in rp.indicators.into_iter().enumerate() {
            let at = format!("/pillars/{p}/indicators/{i}");
            if !indicator_ids.insert(ri.id.clone()) {
                problems.push(Problem::at(format!("{at}/id"), format!("indicator id \"{}\" is used twice", ri.id)));
            }
            if let Some(ind) = indicator(ri, &at, &mut problems) {
                indicators.push(ind);
            }
        }
        pillars.push(Pillar { id: rp.id, label: rp.label, weight: rp.weight.unwrap_or(1.0), indicators });
    }
    let canonical = serde_json::to_string(value).unwrap_or_default();
    let content_hash = crate::survey::hex(&Sha256::digest(canonical.as_bytes()));
    let framework = Framework {
        id: raw.id,
        version: raw.version,
        content_hash,
        languages: raw.languages,
        default_language: raw.default_language,
        title: raw.title,
        description: raw.description,
        pillars,
        method: raw.method,
    };
    (Some(framework), problems)
}

fn indicator(ri: RawIndicator, at: &str, problems: &mut Vec<Problem>) -> Option<Indicator> {
    let (scale, ends) = match (ri.levels, ri.range) {
        (Some(levels), None) => {
            for (l, pair) in levels.windows(2).enumerate() {
                if let [a, b] = pair
                    && b.value <= a.value
                {
                    problems.push(Problem::at(
                        format!("{at}/levels/{}/value", l + 1),
                        "level values must be strictly ascending, lowest first",
                    ));
                }
            }
            let lo = levels.first().map_or(0.0, |l| l.value);
            let hi = levels.last().map_or(1.0, |l| l.value);
            (Scale::Levels(levels.into_iter().map(|l| Level { value: l.value, label: l.label }).collect()), (lo, hi))
        }
        (None, Some(r)) => {
            if r.min >= r.max {
                problems.push(Problem::at(format!("{at}/range/max"), "the range's max must be greater than its min"));
            }
            (Scale::Range { min: r.min, max: r.max, unit: r.unit }, (r.min, r.max))
        }
        _ => return None,
    };
    let goalposts = ri.goalposts.unwrap_or(ends);
    if goalposts.0 >= goalposts.1 {
        problems.push(Problem::at(format!("{at}/goalposts"), "the goalposts must be [low, high] with low < high"));
    }
    Some(Indicator {
        id: ri.id,
        label: ri.label,
        description: ri.description,
        scale,
        goalposts,
        positive: ri.direction.as_deref() != Some("negative"),
        weight: ri.weight.unwrap_or(1.0),
        evidence: ri.evidence.unwrap_or(Evidence::UrlOrDocument),
    })
}
