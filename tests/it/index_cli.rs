//! `dra index …` end to end with the real binary: check a framework (problems located), create
//! an index campaign, import institutions and scores (a bad file stores nothing), compute with
//! method options, review as a second user, agreement, and every output format.

use crate::support::{TestDb, dra, repo, stderr, stdout};

#[test]
fn the_command_line_builds_an_index_from_files() {
    let db = TestDb::new();
    let data = db.dir.path().join("data");
    let data = data.to_str().unwrap_or_default().to_string();
    let env = [("DATABASE_URL", db.url.as_str()), ("DRA_DATA_DIR", data.as_str())];
    let fw = repo("surveys/examples/open-data-index.json");
    let ok = dra(&["index", "check", &fw], &env);
    assert!(ok.status.success() && stdout(&ok).contains("3 pillars, 11 indicators"), "{}", stderr(&ok));
    let broken = db.dir.path().join("broken.json");
    let text = std::fs::read_to_string(&fw).unwrap_or_default().replacen("\"ties\": \"min\"", "\"ties\": \"dense\"", 1);
    std::fs::write(&broken, &text).unwrap_or_else(|e| panic!("{e}"));
    let bad = dra(&["index", "check", broken.to_str().unwrap_or_default()], &env);
    assert_eq!(bad.status.code(), Some(1));
    let line = text.lines().position(|l| l.contains("\"dense\"")).unwrap_or_default() + 1;
    assert!(
        stderr(&bad).contains(&format!("broken.json:{line}:")) && stderr(&bad).contains("/method/ties"),
        "{}",
        stderr(&bad)
    );

    let run = |args: &[&str]| {
        let o = dra(args, &env);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        stdout(&o)
    };
    run(&["index", "create", "--slug", "odi-2023", "--framework", &fw, "--edition", "2023"]);
    assert!(run(&["index", "list"]).contains("odi-2023"));
    run(&["index", "import-units", "--campaign", "odi-2023", &repo("tests/fixtures/index/units.csv")]);
    let bad_scores = db.dir.path().join("bad.csv");
    std::fs::write(&bad_scores, "unit,indicator,value,evidence_url\nine,online,9,https://x.gt\nine,api,2,\n")
        .unwrap_or_else(|e| panic!("{e}"));
    run(&["user", "add", "eva", "--role", "coordinator"]);
    let refused = dra(
        &["index", "import-scores", "--campaign", "odi-2023", "--as", "eva", bad_scores.to_str().unwrap_or_default()],
        &env,
    );
    assert_eq!(refused.status.code(), Some(1));
    let err = stderr(&refused);
    assert!(err.contains("line 2:") && err.contains("line 3:") && err.contains("nothing was stored"), "{err}");
    assert!(run(&["index", "scores", "--campaign", "odi-2023"]).trim().is_empty(), "nothing stored");
    let out = run(&["index", "import-scores", "--campaign", "odi-2023", &repo("tests/fixtures/index/scores.csv")]);
    assert!(out.contains("scores: 347 added, 0 updated, 0 unchanged"), "{out}");

    let ranking = run(&["index", "compute", "--campaign", "odi-2023", "--runs", "200", "--seed", "9"]);
    assert!(ranking.contains("minfin") && ranking.contains("uncertainty: 200 runs, seed 9"), "{ranking}");
    let again = run(&["index", "compute", "--campaign", "odi-2023", "--runs", "200", "--seed", "9"]);
    assert_eq!(ranking, again, "same seed, same output");
    let json = run(&[
        "index",
        "compute",
        "--campaign",
        "odi-2023",
        "--normalisation",
        "z_score",
        "--aggregation",
        "geometric",
        "--runs",
        "0",
        "--json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap_or_default();
    assert_eq!(v["method"]["normalisation"], "z_score");
    assert!(v["uncertainty"].is_null());
    let wrong = dra(&["index", "compute", "--campaign", "odi-2023", "--weights", "heavy"], &env);
    assert!(!wrong.status.success() && stderr(&wrong).contains("--weights heavy"));

    // A second person reviews: eva disputes ana's score, then resolves it with the agreed value.
    let scores: serde_json::Value =
        serde_json::from_str(&run(&["index", "scores", "--campaign", "odi-2023", "--json"])).unwrap_or_default();
    let first = scores.as_array().and_then(|a| a.iter().find(|s| s["evaluator"] == "ana")).cloned().unwrap_or_default();
    let (id, version) = (first["id"].to_string(), first["version"].to_string());
    run(&[
        "index",
        "review",
        "--campaign",
        "odi-2023",
        "--score",
        &id,
        "--version",
        &version,
        "--action",
        "dispute",
        "--reason",
        "the page is gone",
        "--as",
        "eva",
    ]);
    let stale = dra(
        &[
            "index",
            "review",
            "--campaign",
            "odi-2023",
            "--score",
            &id,
            "--version",
            &version,
            "--action",
            "resolve",
            "--reason",
            "x",
            "--as",
            "eva",
        ],
        &env,
    );
    assert!(!stale.status.success() && stderr(&stale).contains("changed since you read it"), "{}", stderr(&stale));
    let agreement = run(&["index", "agreement", "--campaign", "odi-2023"]);
    assert!(agreement.contains("Krippendorff's alpha (ordinal): 0.898"), "{agreement}");

    for (format, magic) in [("pdf", &b"%PDF"[..]), ("html", b"<!DOCTYPE"), ("xlsx", b"PK"), ("json", b"{")] {
        let out = db.dir.path().join(format!("odi.{format}"));
        run(&[
            "index",
            "report",
            "--campaign",
            "odi-2023",
            "--format",
            format,
            "--lang",
            "en",
            "--out",
            out.to_str().unwrap_or_default(),
        ]);
        let bytes = std::fs::read(&out).unwrap_or_default();
        assert!(bytes.starts_with(magic), "{format}");
    }
    let card = db.dir.path().join("card.pdf");
    run(&["index", "report", "--campaign", "odi-2023", "--unit", "ine", "--out", card.to_str().unwrap_or_default()]);
    assert!(std::fs::read(&card).unwrap_or_default().starts_with(b"%PDF"));
    let dir = db.dir.path().join("tables");
    run(&["index", "report", "--campaign", "odi-2023", "--format", "csv", "--out", dir.to_str().unwrap_or_default()]);
    for t in dra::index::report::tables::TABLE_NAMES {
        assert!(dir.join(format!("{t}.csv")).exists(), "{t}");
    }
}
