//! The analysis module against figures computed independently: pandas on the bench data
//! (`ref_aggregate.py`), and numpy/scipy on small edge-case datasets (`scripts/analysis_fixtures.py`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use dra::analysis::{Accumulator, AnalysisOptions, Fieldwork, Scale, Stats, read_csv};
use dra::survey;
use serde_json::Value;

#[path = "analysis/conditions.rs"]
mod conditions;

#[path = "analysis/compare.rs"]
mod compare;

#[path = "analysis/profile_codes.rs"]
mod profile_codes;

#[path = "analysis/precision.rs"]
mod precision;

const TOL: f64 = 1e-9;

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/analysis").join(name)
}

fn close(what: &str, got: Option<f64>, want: &Value) {
    match (got, want.as_f64()) {
        (None, None) => {}
        (Some(g), Some(w)) => assert!((g - w).abs() <= TOL * w.abs().max(1.0), "{what}: got {g}, want {w}"),
        (g, _) => panic!("{what}: got {g:?}, want {want}"),
    }
}

fn group_stats<'a>(scale: &'a Scale, groups: &[String], code: &str) -> &'a Stats {
    let g = groups.iter().position(|c| c == code).unwrap_or_else(|| panic!("no group {code}"));
    scale.groups[g].stats.as_ref().unwrap_or_else(|| panic!("{} {code} suppressed", scale.id))
}

#[test]
fn bench_10k_matches_pandas_reference() {
    let s = survey::load_file(Path::new(env!("CARGO_MANIFEST_DIR")).join("surveys/bench/bench-40.json").as_path())
        .unwrap_or_else(|e| panic!("{e}"));
    let mut acc = Accumulator::new(&s, AnalysisOptions::default()).unwrap();
    let file = std::fs::File::open(fixture("bench-10k.csv")).unwrap();
    assert_eq!(read_csv(&mut acc, file, None).unwrap(), 10_000);
    let agg = acc.finish(&Fieldwork::default());
    let reference: serde_json::Map<String, Value> =
        serde_json::from_str(&std::fs::read_to_string(fixture("bench-10k.ref.json")).unwrap()).unwrap();
    let groups: Vec<String> = agg.groups.iter().map(|g| g.code.clone()).collect();
    let mut checked = 0;
    for (key, want) in &reference {
        let (group, id) = key.split_once('|').unwrap();
        let scale = agg.pillars.iter().chain(&agg.items).find(|x| x.id == id).unwrap_or_else(|| panic!("no {id}"));
        let want = want.as_array().unwrap();
        if group == "ALL" {
            close(&format!("{key} mean"), scale.overall.stats.as_ref().and_then(|s| s.mean), &want[1]);
        } else {
            let st = group_stats(scale, &groups, group);
            assert_eq!(Some(st.n), want[0].as_u64(), "{key} n");
            close(&format!("{key} mean"), st.mean, &want[1]);
            close(&format!("{key} sd"), st.sd, &want[2]);
            close(&format!("{key} ci half"), st.ci_half_width, &want[3]);
            close(&format!("{key} median"), st.median, &want[4]);
        }
        checked += 1;
    }
    assert_eq!(checked, 230);
}

/// Compares every key of `want` (recursively) with `got`: numbers to 1e-9, the rest exactly.
fn same(path: &str, got: &Value, want: &Value) {
    match want {
        Value::Number(_) => close(path, got.as_f64(), want),
        Value::Object(m) => {
            for (k, w) in m {
                same(&format!("{path}.{k}"), got.get(k).unwrap_or(&Value::Null), w);
            }
        }
        Value::Array(a) => {
            let g = got.as_array().unwrap_or_else(|| panic!("{path}: got {got}, want an array"));
            assert_eq!(g.len(), a.len(), "{path}: length");
            for (i, (g, w)) in g.iter().zip(a).enumerate() {
                same(&format!("{path}[{i}]"), g, w);
            }
        }
        other => assert_eq!(got, other, "{path}"),
    }
}

fn load(name: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(fixture(name)).unwrap()).unwrap()
}

fn fixture_survey() -> dra::survey::Survey {
    survey::load_file(&fixture("fixture-survey.json")).unwrap_or_else(|e| panic!("{e}"))
}

fn run_fixture(responses: &[Value], options: AnalysisOptions) -> dra::analysis::Aggregates {
    let mut acc = Accumulator::new(&fixture_survey(), options).unwrap();
    for r in responses {
        let origin = dra::analysis::Origin::parse(r["origin"].as_str().unwrap()).unwrap();
        let text = serde_json::to_string(&r["answers"]).unwrap();
        acc.push_json(r["group"].as_str().unwrap(), origin, &text).unwrap();
    }
    acc.finish(&Fieldwork::default())
}

fn check_run(responses: &[Value], run: &Value) {
    let options: AnalysisOptions = serde_json::from_value(run["options"].clone()).unwrap();
    let agg = run_fixture(responses, options);
    // The output survives a JSON round trip.
    let json = serde_json::to_value(&agg).unwrap();
    let back: dra::analysis::Aggregates = serde_json::from_value(json.clone()).unwrap();
    assert_eq!(back, agg);
    let want = &run["expected"];
    same("groups", &json["groups"], &want["groups"]);
    same("respondents_published", &json["respondents_published"], &want["respondents_published"]);
    let codes: Vec<&str> = agg.groups.iter().map(|g| g.code.as_str()).collect();
    let scales = json["pillars"]
        .as_array()
        .unwrap()
        .iter()
        .chain(json["subpillars"].as_array().unwrap())
        .chain(json["items"].as_array().unwrap());
    let mut seen = 0;
    for scale in scales {
        let id = scale["id"].as_str().unwrap();
        let w = &want["scales"][id];
        for (g, code) in codes.iter().enumerate() {
            let cell = &scale["groups"][g];
            match &w["groups"][*code] {
                Value::Null => {
                    assert_eq!(cell["suppressed"], true, "{id} {code} should be suppressed");
                    assert_eq!(cell["stats"], Value::Null, "{id} {code}: a suppressed cell holds no figures");
                }
                stats => same(&format!("{id}.{code}"), &cell["stats"], stats),
            }
        }
        same(&format!("{id}.overall.groups"), &scale["overall"]["groups"], &w["overall_groups"]);
        same(&format!("{id}.overall"), &scale["overall"]["stats"], &w["overall"]);
        same(&format!("{id}.gap"), &scale["gap"], w.get("gap").unwrap_or(&Value::Null));
        same(&format!("{id}.kw"), &scale["kruskal_wallis"], &w["kruskal_wallis"]);
        same(&format!("{id}.reliability"), &scale["reliability"], w.get("reliability").unwrap_or(&Value::Null));
        if let Some(r) = w.get("robustness") {
            let got: Vec<Value> =
                scale["robustness"]["variants"].as_array().unwrap().iter().map(|v| v["overall"].clone()).collect();
            same(&format!("{id}.robustness"), &Value::Array(got), &r["overall"]);
            same(&format!("{id}.robustness.min"), &scale["robustness"]["min"], &r["min"]);
            same(&format!("{id}.robustness.max"), &scale["robustness"]["max"], &r["max"]);
        }
        if let Some(by) = w.get("by") {
            for (g, code) in codes.iter().enumerate() {
                let row = &scale["by"][g];
                for (v, cell) in by[*code].as_array().unwrap().iter().enumerate() {
                    let path = format!("{id}.by.{code}[{v}]");
                    if cell.get("suppressed").is_some() {
                        assert_eq!(row[v]["suppressed"], true, "{path}");
                        assert_eq!(row[v]["reason"], cell["reason"], "{path}");
                        assert_eq!(row[v]["stats"], Value::Null, "{path}");
                    } else {
                        same(&path, &row[v]["stats"], cell);
                    }
                }
            }
        }
        seen += 1;
    }
    assert_eq!(seen, want["scales"].as_object().unwrap().len());
}

#[test]
fn fixture_runs_match_numpy_scipy() {
    let data = load("expected.json");
    let responses = data["responses"].as_array().unwrap();
    for run in data["runs"].as_array().unwrap() {
        check_run(responses, run);
    }
}

#[test]
fn pure_functions_match_numpy_scipy() {
    use dra::analysis::{reliability, stats};
    let data = load("expected.json");
    let cases = &data["cases"];
    let nums = |v: &Value| -> Vec<f64> { v.as_array().unwrap().iter().map(|x| x.as_f64().unwrap()).collect() };
    for c in cases["describe"].as_array().unwrap() {
        let s = stats::summarize(&nums(&c["values"]));
        let got = serde_json::json!({"n": s.n, "mean": s.mean, "sd": s.sd, "median": s.median, "q1": s.q1,
            "q3": s.q3, "ci_half_width": s.ci_half_width});
        same("describe", &got, &c["expected"]);
    }
    for c in cases["kruskal"].as_array().unwrap() {
        let samples: Vec<Vec<f64>> = c["samples"].as_array().unwrap().iter().map(nums).collect();
        let refs: Vec<&[f64]> = samples.iter().map(Vec::as_slice).collect();
        let k = stats::kruskal_wallis(&refs).unwrap();
        close("kw h", Some(k.h), &c["h"]);
        close("kw p", Some(k.p_value), &c["p_value"]);
    }
    for c in cases["welch"].as_array().unwrap() {
        let (a, b) = (stats::summarize(&nums(&c["a"])), stats::summarize(&nums(&c["b"])));
        let w = stats::welch(a.mean.unwrap(), a.variance().unwrap(), a.n, b.mean.unwrap(), b.variance().unwrap(), b.n)
            .unwrap();
        let got = serde_json::json!({"difference": w.difference, "se": w.se, "df": w.df, "ci_low": w.ci_low, "ci_high": w.ci_high});
        same(
            "welch",
            &got,
            &serde_json::json!({"difference": c["difference"], "se": c["se"], "df": c["df"], "ci_low": c["ci_low"], "ci_high": c["ci_high"]}),
        );
    }
    for c in cases["alpha"].as_array().unwrap() {
        let rows: Vec<Vec<f64>> = c["rows"].as_array().unwrap().iter().map(nums).collect();
        let r = reliability::cronbach(&rows).unwrap();
        let mut want = c.clone();
        want.as_object_mut().unwrap().remove("rows");
        same("alpha", &serde_json::to_value(&r).unwrap(), &want);
    }
}

/// An adversary with the whole output tries to recover hidden cells by subtraction: from the
/// overall (pooled counts, mean of group means), the gap's "others", the Kruskal-Wallis n, the
/// published respondent total and the rows of the `by` table. Every attempt must come up empty.
#[test]
fn hidden_cells_cannot_be_recovered() {
    // civil_society (4 respondents) is below the floor and answers very differently (all 5s).
    let plan: [(&str, usize, u8); 4] =
        [("public", 20, 2), ("private", 12, 3), ("civil_society", 4, 5), ("academia", 9, 1)];
    let s = fixture_survey();
    let options = AnalysisOptions { by: Some("gender".into()), ..AnalysisOptions::default() };
    let mut acc = Accumulator::new(&s, options).unwrap();
    for (group, n, value) in plan {
        for i in 0..n {
            // private: 10 women, 2 men -> the men's cell is hidden, so the women's must be too.
            let gender = if group == "private" {
                if i < 10 { "f" } else { "m" }
            } else if i % 2 == 0 {
                "f"
            } else {
                "m"
            };
            let v = if group == "civil_society" { value } else { value + (i % 2) as u8 };
            let answers =
                serde_json::json!({"group": group, "gender": gender, "a1": v, "b1": v, "c1": v, "c2": v, "c3": v});
            acc.push_json(group, dra::analysis::Origin::Link, &answers.to_string()).unwrap();
        }
    }
    let fw = Fieldwork {
        groups: plan
            .iter()
            .map(|&(g, n, _)| dra::analysis::GroupFieldwork {
                group: g.into(),
                invited: 40,
                link: dra::analysis::OriginCounts { started: n as u64 + 1, submitted: n as u64 },
                ..Default::default()
            })
            .collect(),
    };
    let agg = acc.finish(&fw);
    let hidden = agg.groups.iter().position(|g| g.code == "civil_society").unwrap();
    assert!(agg.groups[hidden].suppressed && agg.groups[hidden].respondents.is_none());
    let published_n: u64 = agg.groups.iter().filter_map(|g| g.respondents).sum();
    assert_eq!(agg.respondents_published, published_n, "a total including the hidden group leaks its size");
    let rr = agg.response_rates.iter().find(|r| r.group == "civil_society").unwrap();
    assert!(rr.suppressed && rr.link.is_none() && rr.submitted_rate.is_none());

    for scale in agg.pillars.iter().chain(&agg.subpillars).chain(&agg.items) {
        let cell = &scale.groups[hidden];
        assert!(cell.suppressed && cell.stats.is_none(), "{}: hidden cell holds figures", scale.id);
        let published: Vec<&Stats> = scale.groups.iter().filter_map(|c| c.stats.as_ref()).collect();
        let Some(overall) = scale.overall.stats.as_ref() else { continue };
        assert!(
            !scale.overall.groups.iter().any(|g| g == "civil_society"),
            "{}: overall includes a hidden group",
            scale.id
        );
        // Pooled counts minus published counts leave nothing.
        assert_eq!(overall.n, published.iter().map(|s| s.n).sum::<u64>(), "{}: overall n", scale.id);
        assert_eq!(overall.base, published.iter().map(|s| s.base).sum::<u64>(), "{}: overall base", scale.id);
        for (o, &total) in overall.distribution.iter().enumerate() {
            assert_eq!(total, published.iter().map(|s| s.distribution[o]).sum::<u64>(), "{}: distribution", scale.id);
        }
        // "Mean of group means" solved for a fifth group gives back the overall, not the hidden 5.0.
        let means: Vec<f64> = published.iter().filter_map(|s| s.mean).collect();
        let k = means.len() as f64;
        let guess = (k + 1.0) * overall.mean.unwrap() - means.iter().sum::<f64>();
        assert!((guess - 5.0).abs() > 0.5, "{}: the hidden mean is recoverable from the overall", scale.id);
        assert!((overall.mean.unwrap() - means.iter().sum::<f64>() / k).abs() < 1e-12);
        if let Some(gap) = &scale.gap {
            let others: Vec<&Stats> = scale
                .groups
                .iter()
                .zip(&agg.groups)
                .filter(|(_, g)| g.code != "public")
                .filter_map(|(c, _)| c.stats.as_ref())
                .collect();
            assert_eq!(gap.n_others, others.iter().map(|s| s.n).sum::<u64>(), "{}: gap others", scale.id);
            let pooled: f64 = others.iter().map(|s| s.mean.unwrap() * s.n as f64).sum();
            assert!((gap.others_mean * gap.n_others as f64 - pooled).abs() < 1e-9);
        }
        if let Some(kw) = &scale.kruskal_wallis {
            assert_eq!(kw.n, published.iter().map(|s| s.n).sum::<u64>(), "{}: Kruskal-Wallis n", scale.id);
        }
        // by rows: a published group's row never has exactly one hidden cell with respondents.
        for (g, row) in scale.by.iter().enumerate() {
            let Some(total) = scale.groups[g].stats.as_ref() else {
                assert!(row.iter().all(|c| c.suppressed), "{}: row of a hidden group shows cells", scale.id);
                continue;
            };
            // Only the f and m columns have respondents in this data.
            let shown: u64 = row.iter().filter_map(|c| c.stats.as_ref()).map(|s| s.n).sum();
            let hidden_cells = row.iter().take(2).filter(|c| c.suppressed).count();
            if shown < total.n {
                assert!(hidden_cells >= 2, "{} row {g}: one hidden cell = total − published", scale.id);
            }
        }
    }
    // The private row is the case in point: men (2) below the floor, women hidden with them.
    let private = agg.groups.iter().position(|g| g.code == "private").unwrap();
    let row = &agg.pillars[1].by[private];
    assert!(row[0].suppressed && row[1].suppressed, "{row:?}");
    assert_eq!(row[0].reason, Some(dra::analysis::Suppression::Complementary));
}

#[test]
fn min_cell_is_never_below_three() {
    let options = AnalysisOptions { min_cell: 1, ..AnalysisOptions::default() };
    let mut acc = Accumulator::new(&fixture_survey(), options).unwrap();
    for (g, n) in [("public", 3), ("private", 2)] {
        for _ in 0..n {
            acc.push_json(g, dra::analysis::Origin::Link, r#"{"a1": 3, "b1": 4}"#).unwrap();
        }
    }
    let agg = acc.finish(&Fieldwork::default());
    assert_eq!(agg.min_cell, 3);
    assert!(!agg.groups[0].suppressed && agg.groups[1].suppressed);
}

#[test]
fn invalid_answers_are_refused_and_leave_no_trace() {
    let mut acc = Accumulator::new(&fixture_survey(), AnalysisOptions::default()).unwrap();
    let err = acc.push_json("public", dra::analysis::Origin::Link, r#"{"a1": 9}"#).unwrap_err();
    assert!(err.to_string().contains("a1"), "{err}");
    assert!(acc.push_json("public", dra::analysis::Origin::Link, "{not json").is_err());
    assert!(acc.is_empty());
    // Unknown questions are skipped; null is no answer; escaped keys work.
    acc.push_json("public", dra::analysis::Origin::Paper, r#"{"zz": [1, {"x": 2}], "a\u0031": "dk", "b1": null}"#)
        .unwrap();
    assert_eq!(acc.len(), 1);
}

#[test]
fn csv_reads_quotes_origin_and_by_column() {
    let options = AnalysisOptions { by: Some("gender".into()), min_cell: 3, ..AnalysisOptions::default() };
    let mut acc = Accumulator::new(&fixture_survey(), options).unwrap();
    let csv = "respondent,group,origin,gender,a1,a3,b1\r\n\
               r1,public,paper,f,3,low,4\r\n\
               \"r2, late\",\"public\",link,f,dk,\"high\",\r\n\
               r3,public,,m,5,mid,2\r\n";
    assert_eq!(read_csv(&mut acc, csv.as_bytes(), Some("gender")).unwrap(), 3);
    let agg = acc.finish(&Fieldwork::default());
    assert_eq!(agg.by_values, vec![Some("f".into()), Some("m".into()), Some("x".into()), None]);
    let a1 = agg.items.iter().find(|s| s.id == "a1").unwrap();
    assert!(a1.groups[0].suppressed, "two answers are below the floor of 3");
    let public = agg.groups[0].by_origin.unwrap();
    assert_eq!((public.link, public.paper), (2, 1));
    let a3 = agg.items.iter().find(|s| s.id == "a3").unwrap();
    let st = a3.groups[0].stats.as_ref().unwrap();
    assert_eq!((st.n, st.mean), (3, Some(3.0)));
    // A bad cell names its line and question.
    let mut acc = Accumulator::new(&fixture_survey(), AnalysisOptions::default()).unwrap();
    let err = read_csv(&mut acc, "group,a1\npublic,7\n".as_bytes(), None).unwrap_err();
    assert_eq!(err.to_string(), "CSV line 2: question a1: \"7\" is not one of its options");
}
