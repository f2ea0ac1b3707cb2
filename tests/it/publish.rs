//! `dra publish`: a survey campaign's published figures as a Frictionless Data Package and
//! DCAT-AP JSON-LD. `frictionless validate` passes (required when `DRA_REQUIRE_BROWSER=1`, as the
//! other tool-backed checks are); the JSON-LD names every file; no figure of a suppressed group
//! is in any CSV; an occupied folder is refused and two publications at once leave one whole
//! package; the API gives the same as a zip.

use std::path::Path;

use serde_json::Value;

use crate::compare::two_editions;
use crate::support::{TestDb, dra, spawn_app, stderr, stdout};

fn frictionless() -> bool {
    std::process::Command::new("frictionless").arg("--version").output().is_ok_and(|o| o.status.success())
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn csv_rows(text: &str) -> Vec<Vec<String>> {
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let mut out = vec![r.headers().map(|h| h.iter().map(String::from).collect()).unwrap_or_default()];
    out.extend(r.records().map(|x| x.map(|x| x.iter().map(String::from).collect()).unwrap_or_default()));
    out
}

#[test]
fn publish_writes_a_valid_data_package_without_suppressed_figures() {
    let db = TestDb::new();
    let data = db.dir.path().to_str().unwrap_or_default().to_string();
    let env = [("DATABASE_URL", db.url.as_str()), ("DRA_DATA_DIR", data.as_str())];
    two_editions(&env);
    let dir = db.dir.path().join("open-data");
    let d = dir.to_str().unwrap_or_default();
    let out = dra(
        &[
            "publish",
            "--campaign",
            "ed-a",
            "--out",
            d,
            "--publisher",
            "Comisión de Gobierno Abierto",
            "--base-url",
            "https://datos.example.gt/dra/ed-a/",
            "--lang",
            "en",
        ],
        &env,
    );
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{e}"))
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect();
    names.sort();
    assert_eq!(names, ["datapackage.json", "dcat.jsonld", "groups.csv", "options.csv", "scores.csv"]);

    // The data package describes every CSV, field by field, with its size.
    let dp: Value = serde_json::from_str(&read(&dir, "datapackage.json")).unwrap_or_else(|e| panic!("{e}"));
    for r in dp["resources"].as_array().into_iter().flatten() {
        let path = r["path"].as_str().unwrap_or_default();
        let header = csv_rows(&read(&dir, path)).remove(0);
        let fields: Vec<&str> =
            r["schema"]["fields"].as_array().into_iter().flatten().filter_map(|f| f["name"].as_str()).collect();
        assert_eq!(header, fields, "{path}: the schema names every column in order");
        assert_eq!(r["bytes"].as_u64(), std::fs::metadata(dir.join(path)).ok().map(|m| m.len()), "{path} bytes");
        assert!(r["schema"]["primaryKey"].as_array().is_some_and(|k| !k.is_empty()), "{path} key");
    }

    // DCAT-AP: parses, names every other file as a distribution with its media type and size.
    let graph: Value = serde_json::from_str(&read(&dir, "dcat.jsonld")).unwrap_or_else(|e| panic!("{e}"));
    let ds = &graph["@graph"][0];
    assert_eq!(ds["@type"], "dcat:Dataset");
    assert_eq!(ds["dct:publisher"]["foaf:name"], "Comisión de Gobierno Abierto");
    assert!(ds["dct:temporal"]["dcat:startDate"]["@value"].is_string(), "temporal coverage");
    assert!(ds["dct:license"]["@id"].as_str().is_some_and(|l| l.contains("creativecommons")));
    let dists = ds["dcat:distribution"].as_array().cloned().unwrap_or_default();
    for name in ["scores.csv", "groups.csv", "options.csv", "datapackage.json"] {
        let d = dists
            .iter()
            .find(|d| d["dcat:downloadURL"]["@id"] == format!("https://datos.example.gt/dra/ed-a/{name}"))
            .unwrap_or_else(|| panic!("{name} is not a distribution"));
        let size = std::fs::metadata(dir.join(name)).map(|m| m.len().to_string()).unwrap_or_default();
        assert_eq!(d["dcat:byteSize"]["@value"], size.as_str(), "{name} size");
        assert!(
            d["dcat:mediaType"]["@id"]
                .as_str()
                .is_some_and(|m| m.ends_with("text/csv") || m.ends_with("application/json"))
        );
    }

    // No figure of the suppressed group (international, 3 respondents) in any CSV.
    let scores = csv_rows(&read(&dir, "scores.csv"));
    let h = &scores[0];
    let col = |n: &str| h.iter().position(|x| x == n).unwrap_or_else(|| panic!("no column {n}"));
    let (group, suppressed, first_figure) = (col("group"), col("suppressed"), col("n"));
    let hidden: Vec<&Vec<String>> = scores[1..].iter().filter(|r| r[group] == "international").collect();
    assert_eq!(hidden.len(), 2 + 3 + 8, "a row per scale, marked");
    for r in &hidden {
        assert_eq!(r[suppressed], "yes");
        assert!(r[first_figure..].iter().all(String::is_empty), "a figure of a suppressed cell: {r:?}");
    }
    let groups = csv_rows(&read(&dir, "groups.csv"));
    let intl = groups.iter().find(|r| r[0] == "international").cloned().unwrap_or_default();
    assert_eq!((intl[2].as_str(), intl[3].as_str()), ("yes", ""), "its size is not published");
    assert!(!read(&dir, "options.csv").contains(",international,"), "no option counts of it");
    // The same rows as the aggregates export, figure for figure.
    let export = stdout(&dra(&["report", "--campaign", "ed-a", "--format", "csv", "--lang", "en", "--out", "-"], &env));
    let export = csv_rows(export.trim_start_matches('\u{feff}'));
    assert_eq!(export.len(), scores.len());
    assert_eq!(export[1..], scores[1..], "the published rows are the export's");

    if frictionless() {
        let out = std::process::Command::new("frictionless")
            .args(["validate", "--json", dir.join("datapackage.json").to_str().unwrap_or_default()])
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(out.status.success(), "frictionless validate: {}{}", stdout(&out), stderr(&out));
        let report: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(report["valid"], true, "{report}");
    } else {
        assert!(std::env::var("DRA_REQUIRE_BROWSER").is_err(), "frictionless is required (scripts/install-deps.sh)");
        eprintln!("skipped: frictionless is not installed; scripts/install-deps.sh installs it");
    }

    // An occupied folder is refused and left as it was.
    let before = read(&dir, "scores.csv");
    let out = dra(&["publish", "--campaign", "ed-b", "--out", d], &env);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("is not empty"), "{}", stderr(&out));
    assert_eq!(read(&dir, "scores.csv"), before);
    let out = dra(
        &[
            "publish",
            "--campaign",
            "ed-a",
            "--out",
            db.dir.path().join("x").to_str().unwrap_or_default(),
            "--license",
            "MIT",
        ],
        &env,
    );
    assert!(stderr(&out).contains("--license: MIT"), "{}", stderr(&out));
    assert!(!db.dir.path().join("x").exists(), "nothing written");
}

#[test]
fn two_publications_at_once_leave_one_whole_package() {
    let db = TestDb::new();
    let data = db.dir.path().to_str().unwrap_or_default().to_string();
    let env = [("DATABASE_URL", db.url.as_str()), ("DRA_DATA_DIR", data.as_str())];
    two_editions(&env);
    let dir = db.dir.path().join("same");
    let runs: Vec<_> = ["ed-a", "ed-b"]
        .into_iter()
        .map(|slug| {
            let (dir, env): (String, Vec<(String, String)>) = (
                dir.to_str().unwrap_or_default().to_string(),
                env.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
            );
            std::thread::spawn(move || {
                let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
                dra(&["publish", "--campaign", slug, "--out", &dir], &env)
            })
        })
        .collect();
    let outs: Vec<_> = runs.into_iter().map(|h| h.join().unwrap_or_else(|_| panic!("thread"))).collect();
    let ok = outs.iter().filter(|o| o.status.success()).count();
    assert!(ok >= 1, "{:?}", outs.iter().map(stderr).collect::<Vec<_>>());
    let dp: Value = serde_json::from_str(&read(&dir, "datapackage.json")).unwrap_or_else(|e| panic!("{e}"));
    let winner = dp["name"].as_str().unwrap_or_default().to_string();
    // Every file is of the same package: its sizes match the descriptor.
    for r in dp["resources"].as_array().into_iter().flatten() {
        let path = r["path"].as_str().unwrap_or_default();
        assert_eq!(r["bytes"].as_u64(), std::fs::metadata(dir.join(path)).ok().map(|m| m.len()), "{winner} {path}");
    }
    if ok == 1 {
        let loser = outs.iter().find(|o| !o.status.success()).map(stderr).unwrap_or_default();
        assert!(!loser.is_empty(), "a refused publication says why");
    }
    // No staging folder is left behind.
    let left: Vec<String> = std::fs::read_dir(db.dir.path())
        .unwrap_or_else(|e| panic!("{e}"))
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .filter(|n| n.contains("partial"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn the_api_gives_the_package_as_a_zip() {
    let app = spawn_app();
    let data = app.db.dir.path().join("data");
    let data = data.to_str().unwrap_or_default().to_string();
    let env = [("DATABASE_URL", app.db.url.as_str()), ("DRA_DATA_DIR", data.as_str())];
    two_editions(&env);
    let out = dra(&["token", "create", "--owner", "ana", "--role", "analyst"], &env);
    let token = stdout(&out).trim().to_string();
    let resp = ureq::get(&app.url("/api/v1/campaigns/ed-a/open-data.zip?lang=en"))
        .header("Authorization", &format!("Bearer {token}"))
        .call()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(resp.headers().get("content-type").and_then(|v| v.to_str().ok()), Some("application/zip"));
    let bytes = resp.into_body().read_to_vec().unwrap_or_else(|e| panic!("{e}"));
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap_or_else(|e| panic!("{e}"));
    let mut names: Vec<String> = (0..zip.len())
        .filter_map(|i| zip.by_index(i).ok().and_then(|f| f.name().ok().map(|n| n.to_string())))
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "ed-a-open-data/datapackage.json",
            "ed-a-open-data/dcat.jsonld",
            "ed-a-open-data/groups.csv",
            "ed-a-open-data/options.csv",
            "ed-a-open-data/scores.csv"
        ]
    );
    let none = ureq::get(&app.url("/api/v1/campaigns/ed-a/open-data.zip")).call();
    assert!(matches!(none, Err(ureq::Error::StatusCode(401))), "{none:?}");
}
