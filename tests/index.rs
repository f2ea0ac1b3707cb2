//! The composite index against figures computed independently with numpy/pandas
//! (`scripts/index_fixtures.py`) on the 14 × 11 example: every normalisation × aggregation pair,
//! imputation, weights and ties variants, the Monte Carlo rank intervals (same generator, draw
//! for draw) and sensitivity table, κ and Krippendorff's α; plus the framework's located errors.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;

use dra::index::agreement::{self, KappaWeights, Rating};
use dra::index::compute::{self, Scores};
use dra::index::method::{Aggregation, Imputation, Levels, Method, Normalisation, Ties, Uncertainty, Weights};
use dra::index::{self, Framework, csv as icsv, uncertainty};
use serde_json::Value;

const TOL: f64 = 1e-9;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn framework() -> Framework {
    index::load_file(&root().join("surveys/examples/open-data-index.json")).unwrap_or_else(|e| panic!("{e}"))
}

fn expected() -> Value {
    serde_json::from_slice(&std::fs::read(root().join("tests/fixtures/index/expected.json")).unwrap()).unwrap()
}

fn units() -> Vec<String> {
    let rows = icsv::read_units(&std::fs::read(root().join("tests/fixtures/index/units.csv")).unwrap()).unwrap();
    rows.into_iter().map(|r| r.id).collect()
}

fn rows(fw: &Framework) -> Vec<icsv::ScoreRow> {
    let data = std::fs::read(root().join("tests/fixtures/index/scores.csv")).unwrap();
    icsv::read_scores(fw, &units(), None, &data).unwrap_or_else(|p| panic!("{p:?}"))
}

fn ana(fw: &Framework) -> Scores {
    icsv::matrix(fw, &units(), &rows(fw), Some("ana"))
}

fn close(what: &str, got: Option<f64>, want: &Value) {
    match (got, want.as_f64()) {
        (None, None) => {}
        (Some(g), Some(w)) => assert!((g - w).abs() <= TOL * w.abs().max(1.0), "{what}: got {g}, want {w}"),
        (g, _) => panic!("{what}: got {g:?}, want {want}"),
    }
}

fn method_of(case: &Value) -> Method {
    serde_json::from_value(serde_json::json!({
        "min_share": case["min_share"], "imputation": case["imputation"], "normalisation": case["normalisation"],
        "weights": case["weights"], "aggregation": case["aggregation"], "ties": case["ties"],
    }))
    .unwrap()
}

#[test]
fn every_normalisation_and_aggregation_matches_pandas() {
    let fw = framework();
    let scores = ana(&fw);
    let exp = expected();
    let cases = exp["cases"].as_array().unwrap();
    assert_eq!(cases.len(), 20);
    for case in cases {
        let m = method_of(case);
        let label = format!(
            "{:?}/{:?}/{:?}/{:?}/{:?}/{}",
            m.normalisation, m.aggregation, m.imputation, m.weights, m.ties, m.min_share
        );
        let result = compute::compute(&fw, &m, &scores).unwrap();
        close(&format!("{label} shift"), Some(result.shift), &case["shift"]);
        let ranked: Vec<&str> = case["ranked"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
        for u in &result.units {
            close(&format!("{label} {} coverage", u.unit), Some(u.coverage), &case["coverage"][&u.unit]);
            assert_eq!(u.ranked, ranked.contains(&u.unit.as_str()), "{label} {} ranked", u.unit);
            if !u.ranked {
                assert!(u.index.is_none() && u.rank.is_none());
                continue;
            }
            for (i, v) in u.normalised.iter().enumerate() {
                close(&format!("{label} {} normalised {i}", u.unit), *v, &case["normalised"][&u.unit][i]);
                assert_eq!(
                    u.imputed[i],
                    case["imputed"][&u.unit][i].as_bool().unwrap(),
                    "{label} {} imputed {i}",
                    u.unit
                );
            }
            for (p, v) in u.pillars.iter().enumerate() {
                close(&format!("{label} {} pillar {p}", u.unit), *v, &case["pillars"][&u.unit][p]);
            }
            close(&format!("{label} {} index", u.unit), u.index, &case["index"][&u.unit]);
            close(&format!("{label} {} rank", u.unit), u.rank, &case["rank"][&u.unit]);
        }
    }
}

#[test]
fn ties_are_ranked_as_stated() {
    let fw = framework();
    let scores = ana(&fw);
    let mut m = fw.method.clone();
    let rank_of = |r: &dra::index::IndexResult, u: &str| r.units.iter().find(|x| x.unit == u).unwrap().rank.unwrap();
    let min = compute::compute(&fw, &m, &scores).unwrap();
    assert_eq!(rank_of(&min, "renap"), rank_of(&min, "mem"), "the fixture's tie");
    m.ties = Ties::Average;
    let avg = compute::compute(&fw, &m, &scores).unwrap();
    assert_eq!(rank_of(&avg, "renap"), rank_of(&min, "renap") + 0.5);
    assert_eq!(
        compute::rank(&[Some(3.0), Some(5.0), Some(3.0), None, Some(1.0)], Ties::Min),
        vec![Some(2.0), Some(1.0), Some(2.0), None, Some(4.0)]
    );
}

fn check_mc(got: &uncertainty::UncertaintyResult, want: &Value) {
    let intervals = want["intervals"].as_array().unwrap();
    assert_eq!(got.intervals.len(), intervals.len());
    for (g, w) in got.intervals.iter().zip(intervals) {
        assert_eq!(g.unit, w["unit"].as_str().unwrap());
        for (name, v) in [("headline", g.headline), ("median", g.median), ("p05", g.p05), ("p95", g.p95)] {
            close(&format!("{} {name}", g.unit), Some(v), &w[name]);
        }
    }
    for (got_rows, key) in [(&got.factors, "factors"), (&got.drops, "drops")] {
        let want_rows = want[key].as_array().unwrap();
        assert_eq!(got_rows.len(), want_rows.len(), "{key}");
        for w in want_rows {
            let name = w["factor"].as_str().unwrap();
            let g = got_rows.iter().find(|g| g.factor == name).unwrap_or_else(|| panic!("no {name}"));
            close(&format!("{name} mean"), Some(g.mean_shift), &w["mean_shift"]);
            close(&format!("{name} max"), Some(g.max_shift), &w["max_shift"]);
        }
        assert!(got_rows.windows(2).all(|p| p[0].mean_shift >= p[1].mean_shift), "{key} most influential first");
    }
}

#[test]
fn monte_carlo_matches_the_python_replay_and_is_reproducible() {
    let fw = framework();
    let scores = ana(&fw);
    let exp = expected();
    let start = std::time::Instant::now();
    let a = uncertainty::analyse(&fw, &fw.method, &scores).unwrap();
    let elapsed = start.elapsed();
    println!("uncertainty: {} runs on 14 x 11 in {elapsed:?} (debug build)", a.runs);
    assert_eq!(a.runs, 1000);
    check_mc(&a, &exp["monte_carlo"]);
    let b = uncertainty::analyse(&fw, &fw.method, &scores).unwrap();
    assert_eq!(a, b, "same seed, same output");
    let mut other = fw.method.clone();
    other.uncertainty.seed += 1;
    let c = uncertainty::analyse(&fw, &other, &scores).unwrap();
    assert_ne!(a.intervals, c.intervals, "another seed, other draws");
}

#[test]
fn zero_perturbation_collapses_every_interval_to_the_headline_rank() {
    let fw = framework();
    let scores = ana(&fw);
    let exp = expected();
    for (norm, agg) in
        [(Normalisation::MinMax, Aggregation::Arithmetic), (Normalisation::ZScore, Aggregation::Geometric)]
    {
        let mut m = fw.method.clone();
        m.normalisation = norm;
        m.aggregation = Levels { indicators: agg, pillars: agg };
        m.uncertainty = Uncertainty::none(50, 5);
        let r = uncertainty::analyse(&fw, &m, &scores).unwrap();
        let head = compute::compute(&fw, &m, &scores).unwrap();
        for iv in &r.intervals {
            let h = head.units.iter().find(|u| u.unit == iv.unit).unwrap().rank.unwrap();
            assert_eq!((iv.headline, iv.median, iv.p05, iv.p95), (h, h, h, h), "{}", iv.unit);
        }
        assert!(r.factors.is_empty() && r.drops.is_empty());
        if norm == Normalisation::MinMax {
            check_mc(&r, &exp["monte_carlo_zero"]);
        }
    }
}

#[test]
fn agreement_matches_numpy_and_the_krippendorff_package() {
    let fw = framework();
    let ratings: Vec<Rating> = rows(&fw)
        .into_iter()
        .map(|r| Rating { unit: r.unit, indicator: r.indicator, rater: r.evaluator, value: r.value })
        .collect();
    let got = agreement::agreement(&fw, &ratings);
    let want = &expected()["agreement"];
    assert_eq!(got.raters, vec!["ana", "ben", "carla"]);
    close("kappa linear", got.kappa_linear, &want["kappa_linear"]);
    close("kappa quadratic", got.kappa_quadratic, &want["kappa_quadratic"]);
    assert_eq!(got.kappa_n as u64, want["kappa_n"].as_u64().unwrap());
    close("alpha", got.alpha_ordinal, &want["alpha_ordinal"]);
    if let Some(pypi) = want.get("alpha_ordinal_pypi") {
        close("alpha (PyPI krippendorff)", got.alpha_ordinal, pypi);
    }
    assert_eq!(got.pairable as u64, want["pairable"].as_u64().unwrap());
    let disputed = want["disputed"].as_array().unwrap();
    assert_eq!(got.disputed.len(), disputed.len());
    for (g, w) in got.disputed.iter().zip(disputed) {
        assert_eq!(
            (g.unit.as_str(), g.indicator.as_str()),
            (w["unit"].as_str().unwrap(), w["indicator"].as_str().unwrap())
        );
        let ws: Vec<(String, f64)> = w["scores"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| (p[0].as_str().unwrap().into(), p[1].as_f64().unwrap()))
            .collect();
        assert_eq!(g.scores, ws);
    }
}

#[test]
fn kappa_and_alpha_small_cases_by_hand() {
    // Perfect agreement: κ = 1, α = 1.
    let pairs = [(0, 0), (1, 1), (2, 2), (1, 1)];
    assert_eq!(agreement::cohen_kappa(&pairs, 3, KappaWeights::Linear), Some(1.0));
    assert_eq!(agreement::krippendorff_ordinal(&[vec![0, 0], vec![1, 1], vec![2, 2]], 3), Some(1.0));
    // Two raters, two categories, one disagreement in four: unweighted κ = (0.75 − 0.5)/(1 − 0.5).
    let k = agreement::cohen_kappa(&[(0, 0), (1, 1), (0, 1), (1, 1)], 2, KappaWeights::Quadratic).unwrap();
    let po = 0.75;
    let pe = 0.5 * 0.25 + 0.5 * 0.75;
    assert!((k - (po - pe) / (1.0 - pe)).abs() < 1e-12);
    // Nothing pairable, or one category only: no figure rather than a made-up one.
    assert_eq!(agreement::krippendorff_ordinal(&[vec![1]], 3), None);
    assert_eq!(agreement::krippendorff_ordinal(&[vec![1, 1], vec![1, 1]], 3), None);
    assert_eq!(agreement::cohen_kappa(&[], 3, KappaWeights::Linear), None);
}

#[test]
fn nobody_ranked_and_wrong_widths_are_errors() {
    let fw = framework();
    let mut m = fw.method.clone();
    m.min_share = 1.0;
    m.imputation = Imputation::Mean;
    let scores = Scores { units: vec!["x".into()], values: vec![vec![None; 11]] };
    assert!(matches!(compute::compute(&fw, &m, &scores), Err(compute::ComputeError::NobodyRanked)));
    let short = Scores { units: vec!["x".into()], values: vec![vec![Some(1.0); 3]] };
    assert!(matches!(compute::compute(&fw, &m, &short), Err(compute::ComputeError::Width { .. })));
    m.weights = Weights::Equal;
}

#[test]
fn framework_errors_name_the_line_and_pointer() {
    let text = std::fs::read_to_string(root().join("surveys/examples/open-data-index.json")).unwrap();
    // Two errors at once: an unknown normalisation and a duplicate indicator id.
    let bad = text.replacen("\"normalisation\": \"min_max\"", "\"normalisation\": \"rank\"", 1).replacen(
        "\"id\": \"portal\"",
        "\"id\": \"online\"",
        1,
    );
    let problems = index::check_bytes(bad.as_bytes()).unwrap_err();
    let shown: Vec<String> = problems.iter().map(|p| p.display("odi.json").to_string()).collect();
    assert!(shown.iter().any(|s| s.contains("/method/normalisation") && s.contains("\"rank\"")), "{shown:?}");
    let line = text.lines().position(|l| l.contains("\"normalisation\": \"min_max\"")).unwrap() + 1;
    assert!(shown.iter().any(|s| s.starts_with(&format!("odi.json:{line}:"))), "{shown:?}");
    // The meta-schema stops the semantic checks: fix it and the duplicate shows, at its line.
    let dup = text.replacen("\"id\": \"portal\"", "\"id\": \"online\"", 1);
    let problems = index::check_bytes(dup.as_bytes()).unwrap_err();
    let shown: Vec<String> = problems.iter().map(|p| p.display("odi.json").to_string()).collect();
    let line = text.lines().position(|l| l.contains("\"id\": \"portal\"")).unwrap() + 1;
    assert_eq!(shown.len(), 1, "{shown:?}");
    assert!(shown[0].starts_with(&format!("odi.json:{line}:")) && shown[0].contains("/pillars/0/indicators/1/id"));
    assert!(shown[0].contains("used twice"));
    // Levels out of order, a missing language, goalposts reversed.
    let mixed = text
        .replacen("\"value\": 1,", "\"value\": 0,", 1)
        .replacen("\"en\": \"Availability\"", "\"fr\": \"Disponibilité\"", 1)
        .replacen("\"goalposts\": [\n            0,\n            100\n          ]", "\"goalposts\": [100, 0]", 1);
    let problems = index::check_bytes(mixed.as_bytes()).unwrap_err();
    let msgs: Vec<String> = problems.iter().map(|p| format!("{}: {}", p.pointer, p.message)).collect();
    assert!(msgs.iter().any(|m| m.contains("levels/1/value") && m.contains("ascending")), "{msgs:?}");
    assert!(msgs.iter().any(|m| m.contains("/pillars/0/label") && m.contains("\"en\"")), "{msgs:?}");
    assert!(msgs.iter().any(|m| m.contains("/goalposts") && m.contains("low < high")), "{msgs:?}");
    // Syntax errors are located too.
    let broken = index::check_bytes(b"{\n  \"id\": \"x\",\n  oops\n}").unwrap_err();
    assert_eq!(broken[0].position.unwrap().line, 3);
}

#[test]
fn score_csv_lists_every_problem_with_its_line_and_keeps_nothing() {
    let fw = framework();
    let units = units();
    let data = "unit,indicator,evaluator,value,evidence_url,evidence_file\n\
                mingob,online,ana,3,https://a.gt/x,\n\
                nobody,online,ana,3,https://a.gt/x,\n\
                mingob,online,ana,7,https://a.gt/x,\n\
                mingob,licence,ana,2,,\n\
                mingob,portal,,2,ftp://x,\n\
                mingob,delay,ana,12,,doc.pdf\n";
    let problems = icsv::read_scores(&fw, &units, None, data.as_bytes()).unwrap_err();
    let lines: Vec<(u64, &str)> = problems.iter().map(|p| (p.line, p.reason.as_str())).collect();
    assert_eq!(lines.len(), 5, "{lines:?}");
    assert!(lines[0].0 == 3 && lines[0].1.contains("\"nobody\""));
    assert!(lines[1].0 == 4 && lines[1].1.contains("not a level") && lines[1].1.contains("0, 1, 2, 3"));
    assert!(lines[2].0 == 5 && lines[2].1.contains("evidence"));
    assert!(lines[3].0 == 6 && lines[3].1.contains("evaluator") && lines[3].1.contains("http(s)"));
    assert!(lines[4].0 == 7 && lines[4].1.contains("needs an evidence URL"));
    // The same rows with the evaluator given and the problems mended pass.
    let good = "unit,indicator,value,evidence_url\nmingob,online,3,https://a.gt/x\n";
    let rows = icsv::read_scores(&fw, &units, Some("ana"), good.as_bytes()).unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].evaluator, "ana");
    let bad_units = icsv::read_units(b"id,name\nine,INE\nine,INE again\n bad id ,x\nok,\n").unwrap_err();
    assert_eq!(bad_units.iter().map(|p| p.line).collect::<Vec<_>>(), vec![3, 4, 5]);
    let no_header = icsv::read_units(b"code,label\nx,y\n").unwrap_err();
    assert!(no_header[0].reason.contains("id, name"));
}

/// Scores, index, uncertainty, agreement, institutions and evidence of the fixture.
type Parts = (
    Scores,
    dra::index::IndexResult,
    uncertainty::UncertaintyResult,
    agreement::Agreement,
    Vec<dra::index::report::UnitInfo>,
    Vec<Vec<Option<dra::index::report::Evidence>>>,
);

/// The figures of the fixture as the outputs read them (no storage: evidence from the CSV).
fn outputs_input_parts(fw: &Framework) -> Parts {
    let scores = ana(fw);
    let index = compute::compute(fw, &fw.method, &scores).unwrap();
    let unc = uncertainty::analyse(fw, &fw.method, &scores).unwrap();
    let ratings: Vec<Rating> = rows(fw)
        .into_iter()
        .map(|r| Rating { unit: r.unit, indicator: r.indicator, rater: r.evaluator, value: r.value })
        .collect();
    let agr = agreement::agreement(fw, &ratings);
    let units_csv = icsv::read_units(&std::fs::read(root().join("tests/fixtures/index/units.csv")).unwrap()).unwrap();
    let infos = units_csv
        .iter()
        .map(|u| dra::index::report::UnitInfo { code: u.id.clone(), name: u.name.clone(), sector: u.sector.clone() })
        .collect();
    let all = rows(fw);
    let evidence = units_csv
        .iter()
        .map(|u| {
            fw.indicators()
                .map(|(_, i)| {
                    all.iter().find(|r| r.unit == u.id && r.indicator == i.id && r.evaluator == "ana").map(|r| {
                        dra::index::report::Evidence {
                            score_id: 0,
                            evaluator: r.evaluator.clone(),
                            status: "confirmed".into(),
                            url: r.evidence_url.clone(),
                            note: r.evidence_note.clone(),
                            file: r.evidence_file.clone(),
                        }
                    })
                })
                .collect()
        })
        .collect();
    (scores, index, unc, agr, infos, evidence)
}

#[test]
fn report_scorecards_and_tables_say_what_the_figures_say() {
    use dra::index::report::{IndexInput, ReviewCounts, render, tables};
    let fw = framework();
    let (scores, index, unc, agr, infos, evidence) = outputs_input_parts(&fw);
    let input = IndexInput {
        name: "Índice Nacional de Datos Abiertos 2023",
        edition: Some("2023"),
        framework: &fw,
        method: &fw.method,
        units: &infos,
        scores: &scores,
        evidence: &evidence,
        index: &index,
        uncertainty: Some(&unc),
        agreement: &agr,
        review: ReviewCounts { confirmed: 146, ..Default::default() },
        reviewed_only: false,
        generated: "2026-11-30 12:00 UTC",
    };
    let first = index.units.iter().find(|u| u.rank == Some(1.0)).unwrap();
    let first_name = &infos.iter().find(|i| i.code == first.unit).unwrap().name;
    for lang in ["es", "en"] {
        let html = render::report_html(&input, lang).unwrap();
        assert!(html.contains(first_name.as_str()) && html.contains("<svg"), "{lang}");
        let annex_word = if lang == "es" { "Anexo metodológico" } else { "Method annex" };
        assert!(html.contains(annex_word) && html.contains("SplitMix64"), "{lang}: the annex names the generator");
        let pdf = render::report_pdf(&input, lang).unwrap();
        assert!(pdf.starts_with(b"%PDF"));
        std::fs::write(std::env::temp_dir().join(format!("dra-index-report-{lang}.pdf")), &pdf).unwrap();
        let card = render::scorecard_html(&input, "mspas", lang).unwrap();
        assert!(card.contains("https://mspas.gob.gt/datos/online"), "evidence links on the scorecard");
        let pdf = render::scorecard_pdf(&input, "mspas", lang).unwrap();
        std::fs::write(std::env::temp_dir().join(format!("dra-index-scorecard-{lang}.pdf")), &pdf).unwrap();
    }
    // What to improve first: the largest gaps to the top quarter, computed here from the table.
    let k = index.units.iter().position(|u| u.unit == "mspas").unwrap();
    let card = dra::index::report::scorecard(&input, k, "en").unwrap();
    let ranked: Vec<_> = {
        let mut r: Vec<_> = index.units.iter().filter(|u| u.ranked).collect();
        r.sort_by(|a, b| a.rank.unwrap().total_cmp(&b.rank.unwrap()));
        r
    };
    let top = &ranked[..ranked.len().div_ceil(4)];
    let mut gaps: Vec<(f64, String)> = fw
        .indicators()
        .enumerate()
        .filter_map(|(i, (_, ind))| {
            let vals: Vec<f64> = top.iter().filter_map(|u| u.normalised[i]).collect();
            let reference = vals.iter().sum::<f64>() / vals.len() as f64;
            let own = index.units[k].normalised[i]?;
            (reference - own > 1e-9).then(|| (reference - own, ind.label.get("en", "es").to_string()))
        })
        .collect();
    gaps.sort_by(|a, b| b.0.total_cmp(&a.0));
    let want: Vec<String> = gaps.into_iter().take(3).map(|g| g.1).collect();
    let got: Vec<String> = card.improve.iter().map(|l| l.name.clone()).collect();
    assert_eq!(got, want);
    // Tables: typed columns, one row per institution (ranking) and per cell (indicators).
    let ts = tables::tables(&input);
    let ranking = ts.iter().find(|t| t.name == "index-ranking").unwrap();
    assert_eq!(ranking.rows.len(), 14);
    assert!(ranking.columns.iter().all(|c| ["string", "number", "boolean", "integer"].contains(&c.kind)));
    let ind = ts.iter().find(|t| t.name == "index-indicators").unwrap();
    assert_eq!(ind.rows.len(), 14 * 11);
    let csv = String::from_utf8(tables::csv(ranking).unwrap()).unwrap();
    let header = csv.lines().next().unwrap();
    assert_eq!(header, ranking.columns.iter().map(|c| c.name).collect::<Vec<_>>().join(","));
    let json: Value = serde_json::from_slice(&tables::json(&ts).unwrap()).unwrap();
    assert_eq!(json["tables"][0]["schema"]["fields"][0]["name"], "unit");
    let oj = json["tables"][0]["rows"].as_array().unwrap().iter().find(|r| r["unit"] == "oj").unwrap();
    assert_eq!(oj["ranked"], false);
    assert!(oj["rank"].is_null());
    assert!(tables::xlsx(&ts).unwrap().starts_with(b"PK"));
}
