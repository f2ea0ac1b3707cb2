//! `dra publish` of an index campaign (the demo's 14 institutions × 11 indicators): its ranking,
//! pillar, indicator and sensitivity tables as a Frictionless Data Package that `frictionless
//! validate` passes, the same figures as the index's own CSVs, DCAT-AP naming every file; the
//! API gives the same package as a zip, and compares the index with an edition (itself here).

use std::path::Path;

use serde_json::Value;

use crate::support::{conn, dra, now, spawn_app, stderr, stdout};

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn an_index_campaign_is_published_as_a_valid_data_package() {
    let app = spawn_app();
    assert!(dra::service::index::demo::seed(&mut conn(&app.db), now()).unwrap_or_else(|e| panic!("{e}")));
    let data = app.db.dir.path().join("data").to_str().unwrap_or_default().to_string();
    let env = [("DATABASE_URL", app.db.url.as_str()), ("DRA_DATA_DIR", data.as_str())];
    let dir = app.db.dir.path().join("odi");
    let d = dir.to_str().unwrap_or_default();
    let base = "https://datos.example.gt/indice/";
    let out = dra(&["publish", "--campaign", "demo-index", "--out", d, "--base-url", base, "--lang", "en"], &env);
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{e}"))
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect();
    names.sort();
    let tables = ["index-indicators.csv", "index-pillars.csv", "index-ranking.csv", "index-sensitivity.csv"];
    assert_eq!(names, [&["datapackage.json", "dcat.jsonld"][..], &tables[..]].concat());

    // Each table has a row per institution (× pillar, × indicator) and its schema's columns.
    let rows = |name: &str| read(&dir, name).lines().count() - 1;
    assert_eq!(rows("index-ranking.csv"), 14);
    assert_eq!(rows("index-pillars.csv"), 14 * 3);
    assert_eq!(rows("index-indicators.csv"), 14 * 11);
    assert!(rows("index-sensitivity.csv") >= 3, "the method's choices, at least");
    let dp: Value = serde_json::from_str(&read(&dir, "datapackage.json")).unwrap_or_else(|e| panic!("{e}"));
    for r in dp["resources"].as_array().into_iter().flatten() {
        let path = r["path"].as_str().unwrap_or_default();
        let header = read(&dir, path).lines().next().unwrap_or_default().to_string();
        let fields: Vec<&str> =
            r["schema"]["fields"].as_array().into_iter().flatten().filter_map(|f| f["name"].as_str()).collect();
        assert_eq!(header, fields.join(","), "{path}");
        assert_eq!(r["bytes"].as_u64(), std::fs::metadata(dir.join(path)).ok().map(|m| m.len()), "{path} bytes");
    }
    let ranking = &dp["resources"].as_array().and_then(|a| a.iter().find(|r| r["name"] == "index-ranking")).cloned();
    let ranking = ranking.clone().unwrap_or_default();
    assert_eq!(ranking["schema"]["primaryKey"], serde_json::json!(["unit"]));
    let kind = |f: &str| {
        ranking["schema"]["fields"]
            .as_array()
            .and_then(|a| a.iter().find(|x| x["name"] == f))
            .map(|x| x["type"].clone())
    };
    assert_eq!(kind("ranked"), Some(Value::from("boolean")));
    assert_eq!(kind("rank_p95"), Some(Value::from("number")));

    // The same figures as the index's own ranking table (the headline and the configured analysis).
    let own = dra(&["index", "compute", "--campaign", "demo-index", "--json"], &env);
    assert!(own.status.success(), "{}", stderr(&own));
    let own: Value = serde_json::from_str(&stdout(&own)).unwrap_or_default();
    let ranking_csv = read(&dir, "index-ranking.csv");
    let mut published = csv::Reader::from_reader(ranking_csv.as_bytes());
    let header = published.headers().cloned().unwrap_or_default();
    let at = |n: &str| header.iter().position(|h| h == n).unwrap_or_else(|| panic!("{n}"));
    let mut checked = 0;
    for rec in published.records().map_while(Result::ok) {
        let unit = &rec[at("unit")];
        let u = own["index"]["units"].as_array().and_then(|a| a.iter().find(|u| u["unit"] == unit)).cloned();
        let u = u.unwrap_or_else(|| panic!("{unit} is not in the index"));
        let index: f64 = rec[at("index")].parse().unwrap_or(f64::NAN);
        assert!((index - u["index"].as_f64().unwrap_or(f64::NAN)).abs() < 1e-9, "{unit} index");
        assert_eq!(rec[at("rank")].parse::<f64>().ok(), u["rank"].as_f64(), "{unit} rank");
        let iv = own["uncertainty"]["intervals"].as_array().and_then(|a| a.iter().find(|i| i["unit"] == unit)).cloned();
        let iv = iv.unwrap_or_else(|| panic!("{unit}: no interval"));
        assert_eq!(rec[at("rank_p05")].parse::<f64>().ok(), iv["p05"].as_f64(), "{unit} p05");
        assert_eq!(rec[at("rank_p95")].parse::<f64>().ok(), iv["p95"].as_f64(), "{unit} p95");
        checked += 1;
    }
    assert_eq!(checked, 14);

    // DCAT-AP names every other file, with its size.
    let graph: Value = serde_json::from_str(&read(&dir, "dcat.jsonld")).unwrap_or_else(|e| panic!("{e}"));
    let ds = &graph["@graph"][0];
    assert_eq!(ds["@type"], "dcat:Dataset");
    let dists = ds["dcat:distribution"].as_array().cloned().unwrap_or_default();
    assert_eq!(dists.len(), tables.len() + 1);
    for name in tables.iter().chain(&["datapackage.json"]) {
        let d = dists
            .iter()
            .find(|d| d["dcat:downloadURL"]["@id"] == format!("{base}{name}"))
            .unwrap_or_else(|| panic!("{name} is not a distribution"));
        let size = std::fs::metadata(dir.join(name)).map(|m| m.len().to_string()).unwrap_or_default();
        assert_eq!(d["dcat:byteSize"]["@value"], size.as_str(), "{name} size");
    }

    if std::process::Command::new("frictionless").arg("--version").output().is_ok_and(|o| o.status.success()) {
        let out = std::process::Command::new("frictionless")
            .args(["validate", "--json", dir.join("datapackage.json").to_str().unwrap_or_default()])
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
        let report: Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
        assert_eq!(report["valid"], true, "frictionless validate: {}{}", stdout(&out), stderr(&out));
    } else {
        assert!(std::env::var("DRA_REQUIRE_BROWSER").is_err(), "frictionless is required (scripts/install-deps.sh)");
        eprintln!("skipped: frictionless is not installed; scripts/install-deps.sh installs it");
    }

    // The API: the same package as a zip, for a reader; nothing without a token.
    let token = stdout(&dra(&["token", "create", "--owner", "ana", "--role", "analyst"], &env)).trim().to_string();
    for url in ["/api/v1/indices/demo-index/files/open-data.zip?lang=en", "/api/v1/campaigns/demo-index/open-data.zip"]
    {
        let resp = ureq::get(&app.url(url))
            .header("Authorization", &format!("Bearer {token}"))
            .call()
            .unwrap_or_else(|e| panic!("{url}: {e}"));
        let bytes = resp.into_body().read_to_vec().unwrap_or_else(|e| panic!("{e}"));
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap_or_else(|e| panic!("{e}"));
        let mut got: Vec<String> = (0..zip.len())
            .filter_map(|i| zip.by_index(i).ok().and_then(|f| f.name().ok().map(|n| n.to_string())))
            .collect();
        got.sort();
        let want: Vec<String> = names.iter().map(|n| format!("demo-index-open-data/{n}")).collect();
        assert_eq!(got, want, "{url}");
    }
    // Comparing the index with itself shows no change that happened: refused, as for surveys.
    let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
    let mut itself = agent
        .get(&app.url("/api/v1/campaigns/demo-index/compare?from=demo-index"))
        .header("Authorization", &format!("Bearer {token}"))
        .call()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(itself.status().as_u16(), 422);
    let body = itself.body_mut().read_to_string().unwrap_or_default();
    assert!(body.contains("demo-index") && body.contains("is named twice"), "{body}");
    let none = ureq::get(&app.url("/api/v1/indices/demo-index/files/open-data.zip")).call();
    assert!(matches!(none, Err(ureq::Error::StatusCode(401))), "{none:?}");
    let out =
        dra(&["publish", "--campaign", "no-such", "--out", app.db.dir.path().join("n").to_str().unwrap_or("")], &env);
    assert!(stderr(&out).contains("no campaign \"no-such\""), "{}", stderr(&out));
}
