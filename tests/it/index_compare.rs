//! `dra compare` of two index editions: the later edition has the same scores except that two
//! institutions swapped theirs and one was renamed, so every change is known exactly — the
//! swapped pair trade score and rank, the others do not move, and the renamed one is listed as
//! in one edition only on each side.

use serde_json::Value;

use crate::support::{TestDb, dra, repo, stderr, stdout};

#[test]
fn two_index_editions_compare_institution_by_institution() {
    let db = TestDb::new();
    let data = db.dir.path().join("data").to_str().unwrap_or_default().to_string();
    let env = [("DATABASE_URL", db.url.as_str()), ("DRA_DATA_DIR", data.as_str())];
    let run = |args: &[&str]| {
        let o = dra(args, &env);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        stdout(&o)
    };
    let units = std::fs::read_to_string(repo("tests/fixtures/index/units.csv")).unwrap_or_default();
    let scores = std::fs::read_to_string(repo("tests/fixtures/index/scores.csv")).unwrap_or_default();
    // The later edition: mingob and mem trade their scores; renap becomes "rnp".
    let swap = |line: &str| {
        if let Some(rest) = line.strip_prefix("mingob,") {
            format!("mem,{rest}")
        } else if let Some(rest) = line.strip_prefix("mem,") {
            format!("mingob,{rest}")
        } else if let Some(rest) = line.strip_prefix("renap,") {
            format!("rnp,{rest}")
        } else {
            line.to_string()
        }
    };
    let units_b: String = units.lines().map(|l| l.replacen("renap,", "rnp,", 1) + "\n").collect();
    let scores_b: String = scores.lines().map(|l| swap(l) + "\n").collect();
    let (ub, sb) = (db.dir.path().join("units-b.csv"), db.dir.path().join("scores-b.csv"));
    std::fs::write(&ub, units_b).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(&sb, scores_b).unwrap_or_else(|e| panic!("{e}"));
    let fw = repo("surveys/examples/open-data-index.json");
    for (slug, edition, u, s) in [
        ("odi-2023", "2023", repo("tests/fixtures/index/units.csv"), repo("tests/fixtures/index/scores.csv")),
        ("odi-2024", "2024", ub.to_str().unwrap_or_default().to_string(), sb.to_str().unwrap_or_default().to_string()),
    ] {
        run(&["index", "create", "--slug", slug, "--framework", &fw, "--edition", edition]);
        run(&["index", "import-units", "--campaign", slug, &u]);
        run(&["index", "import-scores", "--campaign", slug, &s]);
    }
    let c: Value = serde_json::from_str(&run(&["compare", "--from", "odi-2023", "--to", "odi-2024"]))
        .unwrap_or_else(|e| panic!("{e}"));
    let unit = |code: &str| {
        c["units"]
            .as_array()
            .and_then(|a| a.iter().find(|u| u["unit"] == code))
            .cloned()
            .unwrap_or_else(|| panic!("{code}"))
    };
    assert_eq!(c["units"].as_array().map(Vec::len), Some(13));
    assert_eq!(c["only_from"][0]["unit"], "renap");
    assert_eq!(c["only_to"][0]["unit"], "rnp");
    assert_eq!((c["from"]["runs"].as_u64(), c["from"]["seed"].as_u64()), (Some(1000), Some(2023)), "as configured");
    let (mingob, mem) = (unit("mingob"), unit("mem"));
    for (a, b) in [(&mingob, &mem), (&mem, &mingob)] {
        assert_eq!(a["score_to"], b["score_from"], "{} took {}'s score", a["unit"], b["unit"]);
        assert_eq!(a["rank_to"], b["rank_from"]);
        let change = a["score_to"].as_f64().unwrap_or(f64::NAN) - a["score_from"].as_f64().unwrap_or(f64::NAN);
        assert!((a["score_change"].as_f64().unwrap_or(f64::NAN) - change).abs() < 1e-12);
    }
    assert_ne!(mingob["rank_change"], 0.0, "the pair had different ranks");
    for code in ["minfin", "mineduc", "sat", "oj"] {
        let u = unit(code);
        assert_eq!((u["score_change"].as_f64(), u["rank_change"].as_f64()), (Some(0.0), Some(0.0)), "{code}");
    }
    // The verdict agrees with the intervals it reports.
    for u in c["units"].as_array().into_iter().flatten() {
        let (f, t) = (&u["rank_interval_from"], &u["rank_interval_to"]);
        let g = |v: &Value, i: usize| v[i].as_f64().unwrap_or(f64::NAN);
        let disjoint = g(t, 1) < g(f, 0) || g(f, 1) < g(t, 0);
        assert_eq!(u["beyond_intervals"].as_bool(), Some(disjoint), "{u}");
    }
    let csv = run(&["compare", "--from", "odi-2023", "--to", "odi-2024", "--format", "csv"]);
    assert_eq!(csv.lines().count(), 1 + 13 + 2);
    assert!(csv.lines().any(|l| l.starts_with("renap,") && l.contains(",from,")));
}
