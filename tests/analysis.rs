//! The analysis module against figures computed independently: pandas on the bench data
//! (`ref_aggregate.py`), and numpy/scipy on small edge-case datasets (`scripts/analysis_fixtures.py`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use dra::analysis::{Accumulator, AnalysisOptions, Fieldwork, Scale, Stats, read_csv};
use dra::survey;
use serde_json::Value;

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
