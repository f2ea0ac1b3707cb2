//! Index editions over time: three editions built from the index fixtures (2022: sat and oj
//! swapped their scores; 2023: the fixtures; 2024: mingob and mem swapped theirs, renap became
//! "rnp" and conred got a very long name), so every figure of the series is known from the
//! pairwise comparisons; the report's "change since" section and trend (HTML and PDF); the
//! console's table and CSV for analysts only; a survey campaign named with an index campaign
//! refused with its own message (CLI, API, console); and a published institution name that
//! reads as a formula.

use serde_json::Value;

use crate::support::{dra, repo, spawn_app, stderr, stdout};

const LONG: &str =
    "Coordinadora Nacional para la Reducción de Desastres de Origen Natural o Provocado — Secretaría Ejecutiva";

/// Creates the three editions (odi-2022, odi-2023, odi-2024).
fn three_editions(dir: &std::path::Path, env: &[(&str, &str)]) {
    let run = |args: &[&str]| {
        let o = dra(args, env);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    };
    let units = std::fs::read_to_string(repo("tests/fixtures/index/units.csv")).unwrap_or_default();
    let scores = std::fs::read_to_string(repo("tests/fixtures/index/scores.csv")).unwrap_or_default();
    let swap = |line: &str, a: &str, b: &str| {
        if let Some(rest) = line.strip_prefix(&format!("{a},")) {
            format!("{b},{rest}")
        } else if let Some(rest) = line.strip_prefix(&format!("{b},")) {
            format!("{a},{rest}")
        } else {
            line.to_string()
        }
    };
    let units_2024: String = units
        .lines()
        .map(|l| {
            let l = l.replacen("renap,", "rnp,", 1);
            let l = l.replacen("Coordinadora Nacional para la Reducción de Desastres", LONG, 1);
            l + "\n"
        })
        .collect();
    let scores_2022: String = scores.lines().map(|l| swap(l, "sat", "oj") + "\n").collect();
    let scores_2024: String =
        scores.lines().map(|l| swap(l, "mingob", "mem").replacen("renap,", "rnp,", 1) + "\n").collect();
    let write = |name: &str, text: &str| {
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap_or_else(|e| panic!("{e}"));
        p.to_str().unwrap_or_default().to_string()
    };
    let fw = repo("surveys/examples/open-data-index.json");
    for (slug, edition, u, s) in [
        ("odi-2022", "2022", write("u22.csv", &units), write("s22.csv", &scores_2022)),
        ("odi-2023", "2023", write("u23.csv", &units), write("s23.csv", &scores)),
        ("odi-2024", "2024", write("u24.csv", &units_2024), write("s24.csv", &scores_2024)),
    ] {
        run(&["index", "create", "--slug", slug, "--framework", &fw, "--edition", edition]);
        run(&["index", "import-units", "--campaign", slug, &u]);
        run(&["index", "import-scores", "--campaign", slug, &s]);
    }
}

fn unit<'a>(list: &'a Value, code: &str) -> &'a Value {
    list.as_array().and_then(|a| a.iter().find(|u| u["unit"] == code)).unwrap_or_else(|| panic!("{code}"))
}

#[test]
fn three_index_editions_give_each_institution_its_series_and_the_report_its_trend() {
    let app = spawn_app();
    let data = app.db.dir.path().join("data").to_str().unwrap_or_default().to_string();
    let env = [("DATABASE_URL", app.db.url.as_str()), ("DRA_DATA_DIR", data.as_str())];
    three_editions(app.db.dir.path(), &env);
    let run = |args: &[&str]| {
        let o = dra(args, &env);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        stdout(&o)
    };
    let json = |args: &[&str]| -> Value { serde_json::from_str(&run(args)).unwrap_or_else(|e| panic!("{e}")) };
    let c1 = json(&["compare", "--from", "odi-2022", "--to", "odi-2023"]);
    let c2 = json(&["compare", "--from", "odi-2023", "--to", "odi-2024"]);
    let t = json(&["compare", "--from", "odi-2022,odi-2023", "--to", "odi-2024"]);
    let labels: Vec<&str> =
        t["editions"].as_array().into_iter().flatten().filter_map(|e| e["edition"].as_str()).collect();
    assert_eq!(labels, ["2022", "2023", "2024"]);
    assert_eq!(t["comparison"]["units"], c2["units"], "the latest two compared as by two");
    let series = &t["series"]["units"];
    assert_eq!(series.as_array().map(Vec::len), Some(15), "13 in all three, rnp (2024), renap (2022, 2023)");
    let f = |v: &Value| v.as_f64().unwrap_or(f64::NAN);
    for code in ["mingob", "mem", "sat", "oj", "minfin", "mspas"] {
        let s = unit(series, code);
        let (a, b) = (unit(&c1["units"], code), unit(&c2["units"], code));
        assert_eq!(s["scores"][0], a["score_from"], "{code} 2022");
        assert_eq!(s["scores"][1], a["score_to"], "{code} 2023");
        assert_eq!(s["scores"][1], b["score_from"], "{code} 2023");
        assert_eq!(s["scores"][2], b["score_to"], "{code} 2024");
        assert_eq!(s["ranks"][2], b["rank_to"], "{code} rank 2024");
        let (y0, y2) = (f(&s["scores"][0]), f(&s["scores"][2]));
        // Three equally spaced points: the least-squares slope is (y2 − y0) / 2.
        assert!((f(&s["score_slope"]) - (y2 - y0) / 2.0).abs() < 1e-9, "{code}: {s}");
        assert!((f(&s["score_change"]) - (y2 - y0)).abs() < 1e-9, "{code}: {s}");
    }
    assert_ne!(unit(series, "sat")["scores"][0], unit(series, "sat")["scores"][1], "sat had oj's score in 2022");
    assert_eq!(unit(series, "renap")["scores"][2], Value::Null);
    assert_eq!(unit(series, "rnp")["scores"][0], Value::Null);
    assert_eq!(unit(series, "rnp")["score_slope"], Value::Null, "one edition: no slope");
    let csv = run(&["compare", "--from", "odi-2022", "--from", "odi-2023", "--to", "odi-2024", "--format", "csv"]);
    assert!(csv.starts_with("unit,name,edition,score,rank,"), "{csv}");
    let present: usize = series
        .as_array()
        .into_iter()
        .flatten()
        .map(|u| (0..3).filter(|&k| !u["scores"][k].is_null() || !u["ranks"][k].is_null()).count())
        .sum();
    assert_eq!(csv.lines().count(), 1 + present);
    assert!(csv.lines().any(|l| l.starts_with("renap,") && l.contains(",2023,")));
    assert!(!csv.lines().any(|l| l.starts_with("renap,") && l.contains(",2024,")));

    // The report: two editions give the change table; three add the trend.
    let dir = app.db.dir.path();
    let out = |name: &str| dir.join(name).to_str().unwrap_or_default().to_string();
    run(&[
        "index",
        "report",
        "--campaign",
        "odi-2024",
        "--compare-to",
        "odi-2023",
        "--format",
        "html",
        "--lang",
        "en",
        "--out",
        &out("two.html"),
    ]);
    let two = std::fs::read_to_string(dir.join("two.html")).unwrap_or_default();
    assert!(two.contains("Change since 2023") && two.contains("Assessed in 2023 only"), "{two}");
    assert!(two.contains("Registro Nacional de las Personas"), "renap listed as 2023 only");
    assert!(!two.contains("Trend over"));
    let rows = two.split("<h2 id=\"change\">").nth(1).unwrap_or_default().split("</table>").next().unwrap_or_default();
    assert_eq!(rows.matches("<tr>").count(), 1 + 13, "a row per institution in both editions");
    run(&[
        "index",
        "report",
        "--campaign",
        "odi-2024",
        "--compare-to",
        "odi-2022,odi-2023",
        "--format",
        "html",
        "--lang",
        "es",
        "--out",
        &out("three.html"),
    ]);
    let three = std::fs::read_to_string(dir.join("three.html")).unwrap_or_default();
    assert!(three.contains("Cambios desde 2023") && three.contains("Tendencia en 3 ediciones"), "{three}");
    run(&[
        "index",
        "report",
        "--campaign",
        "odi-2024",
        "--compare-to",
        "odi-2022,odi-2023",
        "--format",
        "pdf",
        "--lang",
        "en",
        "--out",
        &out("three.pdf"),
    ]);
    let pdf = std::fs::read(dir.join("three.pdf")).unwrap_or_default();
    assert!(pdf.starts_with(b"%PDF"), "a PDF");
    let plain = std::fs::read(dir.join("plain.pdf")).ok();
    assert!(plain.is_none());
    run(&["index", "report", "--campaign", "odi-2024", "--format", "pdf", "--lang", "en", "--out", &out("plain.pdf")]);
    let plain = std::fs::read(dir.join("plain.pdf")).unwrap_or_default();
    assert!(pdf.len() > plain.len(), "the section adds pages to the report");
    let bad = dra(&["index", "report", "--campaign", "odi-2024", "--compare-to", "odi-2023", "--format", "xlsx"], &env);
    assert!(!bad.status.success() && stderr(&bad).contains("pdf or html"), "{}", stderr(&bad));
}

#[test]
fn the_console_compares_index_editions_and_a_mix_of_kinds_is_refused_everywhere() {
    use crate::console::{login, one_time_password};
    use crate::form::{Browser, csrf};
    let app = spawn_app();
    let base = app.url("");
    let data = app.db.dir.path().join("data").to_str().unwrap_or_default().to_string();
    let env = [("DATABASE_URL", app.db.url.as_str()), ("DRA_DATA_DIR", data.as_str())];
    three_editions(app.db.dir.path(), &env);
    crate::compare::two_editions(&env);
    let signed_in = |name: &str, role: &str| {
        let once = one_time_password(&stdout(&dra(&["user", "add", name, "--role", role], &env)));
        let mut b = Browser::default();
        let first = login(&mut b, &base, name, &once);
        let strong = "una frase larga y propia";
        let fields = [("current", once.as_str()), ("new", strong), ("repeat", strong)];
        let mut form = vec![("csrf".to_string(), csrf(&first.html))];
        form.extend(fields.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        b.post(&format!("{base}/console/password"), &form);
        login(&mut b, &base, name, strong);
        b
    };
    let mut ana = signed_in("ana", "analyst");
    let empty = ana.get(&format!("{base}/console/compare"));
    assert!(empty.html.contains("<code>odi-2023</code>"), "index campaigns listed: {}", empty.html);
    let page = ana.get(&format!("{base}/console/compare?from=odi-2023&to=odi-2024"));
    assert_eq!(page.status, 200, "{}", page.html);
    assert!(page.html.contains("Cambios desde 2023") && page.html.contains("Evaluadas solo en 2024"), "{}", page.html);
    let section = page.html.split("<h2 id=\"change\">").nth(1).unwrap_or_default();
    let table = section.split("</table>").next().unwrap_or_default();
    assert_eq!(table.matches("<tr>").count(), 1 + 13);
    assert!(table.contains("Coordinadora Nacional para la Reducción de Desastres de Origen Natural"));
    assert_eq!(page.html.matches("<svg").count(), 1, "the dumbbell");
    let c2: Value = serde_json::from_str(&stdout(&dra(&["compare", "--from", "odi-2023", "--to", "odi-2024"], &env)))
        .unwrap_or_else(|e| panic!("{e}"));
    let moved = c2["units"].as_array().into_iter().flatten().filter(|u| u["beyond_intervals"] == true).count();
    assert_eq!(table.matches("&nbsp;*").count(), moved, "the flagged rows are those beyond both intervals");
    let csv = ana.get(&format!("{base}/console/compare.csv?from=odi-2023&to=odi-2024"));
    assert_eq!(csv.status, 200);
    assert!(csv.html.starts_with("unit,name,in,score_from,"), "{}", csv.html);
    assert_eq!(csv.html.lines().count(), 1 + 13 + 2);
    let trend = ana.get(&format!("{base}/console/compare?from=odi-2022,odi-2023&to=odi-2024"));
    assert!(trend.html.contains("Tendencia en 3 ediciones"), "{}", trend.html);
    assert_eq!(trend.html.matches("<svg").count(), 2, "the dumbbell and the trend");
    let trend_csv = ana.get(&format!("{base}/console/compare.csv?from=odi-2022,odi-2023&to=odi-2024"));
    assert!(trend_csv.html.starts_with("unit,name,edition,"), "{}", trend_csv.html);

    // An index's own page leads to the comparison with its earlier editions (for analysts).
    let own = ana.get(&format!("{base}/console/indices/odi-2024"));
    assert!(
        own.html.contains("/console/compare?from=odi-2022,odi-2023&#38;to=odi-2024")
            && own.html.contains("Comparar con las 2 ediciones anteriores"),
        "{}",
        own.html
    );
    let first = ana.get(&format!("{base}/console/indices/odi-2022"));
    assert_eq!(first.status, 200);
    assert!(!first.html.contains("/console/compare?"), "the first edition has nothing to compare with");

    // A survey campaign with an index campaign: its own message, not "no campaign".
    let mixed = ana.get(&format!("{base}/console/compare?from=ed-a&to=odi-2024"));
    assert_eq!(mixed.status, 422);
    assert!(
        mixed.html.contains("role=\"alert\"") && mixed.html.contains("es una campaña de encuesta"),
        "{}",
        mixed.html
    );
    assert!(!mixed.html.contains("<svg"));
    let mut carlos = signed_in("carlos", "coordinator");
    let denied = carlos.get(&format!("{base}/console/compare?from=odi-2023&to=odi-2024"));
    assert_eq!(denied.status, 403);
    assert!(!denied.html.contains("Cambios desde"));
    let denied_csv = carlos.get(&format!("{base}/console/compare.csv?from=odi-2023&to=odi-2024"));
    assert_eq!(denied_csv.status, 403);
    let own = carlos.get(&format!("{base}/console/indices/odi-2024"));
    assert_eq!(own.status, 200);
    assert!(!own.html.contains("/console/compare?"), "no link to a page the reader may not open");

    for (args, says) in [
        (
            &["compare", "--from", "ed-a", "--to", "odi-2024"][..],
            "--from: \"ed-a\" is a survey campaign and \"odi-2024\" an index campaign",
        ),
        (&["compare", "--from", "odi-2023", "--to", "ed-b"][..], "--to: \"ed-b\" is a survey campaign"),
        (&["report", "--campaign", "ed-b", "--compare-to", "odi-2023", "--format", "html"][..], "is a survey campaign"),
        (
            &["index", "report", "--campaign", "odi-2024", "--compare-to", "ed-a", "--format", "html", "--lang", "en"]
                [..],
            "--compare-to: \"ed-a\" is a survey campaign",
        ),
        (&["compare", "--from", "nope", "--to", "odi-2024"][..], "no index campaign \"nope\""),
        (&["compare", "--from", "odi-2024", "--to", "odi-2024"][..], "\"odi-2024\" is named twice"),
        (&["compare", "--from", "odi-2022,odi-2022", "--to", "odi-2024"][..], "\"odi-2022\" is named twice"),
        (
            &[
                "index",
                "report",
                "--campaign",
                "odi-2024",
                "--compare-to",
                "odi-2024",
                "--format",
                "html",
                "--lang",
                "en",
            ][..],
            "is named twice",
        ),
    ] {
        let o = dra(args, &env);
        assert!(!o.status.success(), "{args:?}");
        assert!(stderr(&o).contains(says), "{args:?}: {}", stderr(&o));
    }
    let token = stdout(&dra(&["token", "create", "--owner", "api-user", "--role", "analyst"], &env)).trim().to_string();
    let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
    let call = |q: &str| {
        agent
            .get(&app.url(&format!("/api/v1/campaigns/{q}")))
            .header("Authorization", &format!("Bearer {token}"))
            .call()
            .unwrap_or_else(|e| panic!("{e}"))
    };
    let mut r = call("ed-b/compare?from=odi-2023");
    assert_eq!(r.status().as_u16(), 422);
    let body: Value = r.body_mut().read_json().unwrap_or_default();
    assert!(body.to_string().contains("is a survey campaign"), "{body}");
    let mut ok = call("odi-2024/compare?from=odi-2022,odi-2023");
    assert_eq!(ok.status().as_u16(), 200);
    let v: Value = ok.body_mut().read_json().unwrap_or_default();
    assert_eq!(v["series"]["units"].as_array().map(Vec::len), Some(15));
    let mut latest = call("odi-2024/compare");
    assert_eq!(latest.status().as_u16(), 200, "without from: the latest earlier edition on the framework");
    let v: Value = latest.body_mut().read_json().unwrap_or_default();
    assert_eq!(v["from"]["slug"], "odi-2023");
    // The index's own report file takes the same earlier editions, in the API and the console.
    let file = |q: &str| {
        agent
            .get(&app.url(&format!("/api/v1/indices/odi-2024/files/{q}")))
            .header("Authorization", &format!("Bearer {token}"))
            .call()
            .unwrap_or_else(|e| panic!("{e}"))
    };
    let mut with = file("report.html?lang=en&compare_to=odi-2022,odi-2023");
    assert_eq!(with.status().as_u16(), 200);
    let html = with.body_mut().read_to_string().unwrap_or_default();
    assert!(html.contains("Change since"), "the section is there");
    let mut without = file("report.html?lang=en");
    assert!(!without.body_mut().read_to_string().unwrap_or_default().contains("Change since"));
    assert_eq!(file("report.pdf?compare_to=odi-2023").status().as_u16(), 200);
    assert_eq!(file("tables.json?compare_to=odi-2023").status().as_u16(), 422, "only the report has the section");
    assert_eq!(file("open-data.zip?compare_to=odi-2023").status().as_u16(), 422, "nor has the open-data package");
    assert_eq!(file("report.html?compare_to=odi-2024").status().as_u16(), 422, "not against itself");
    let page = ana.get(&format!("{base}/console/indices/odi-2024/files/report.html?lang=es&compare_to=odi-2023"));
    assert_eq!(page.status, 200);
    assert!(page.html.contains("Cambios desde"), "the console's file route takes it too");
}

#[test]
fn a_published_institution_name_that_reads_as_a_formula_is_neutralised() {
    let app = spawn_app();
    let data = app.db.dir.path().join("data").to_str().unwrap_or_default().to_string();
    let env = [("DATABASE_URL", app.db.url.as_str()), ("DRA_DATA_DIR", data.as_str())];
    let run = |args: &[&str]| {
        let o = dra(args, &env);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    };
    let units = std::fs::read_to_string(repo("tests/fixtures/index/units.csv")).unwrap_or_default();
    let evil = "=HYPERLINK(\"http://x.example\";\"clic\")";
    let units: String = units
        .lines()
        .map(|l| l.replacen("Ministerio de Gobernación", &format!("\"{}\"", evil.replace('"', "\"\"")), 1) + "\n")
        .collect();
    let u = app.db.dir.path().join("units.csv");
    std::fs::write(&u, units).unwrap_or_else(|e| panic!("{e}"));
    run(&["index", "create", "--slug", "odi", "--framework", &repo("surveys/examples/open-data-index.json")]);
    run(&["index", "import-units", "--campaign", "odi", u.to_str().unwrap_or_default()]);
    run(&["index", "import-scores", "--campaign", "odi", &repo("tests/fixtures/index/scores.csv")]);
    let dir = app.db.dir.path().join("pub");
    run(&["publish", "--campaign", "odi", "--out", dir.to_str().unwrap_or_default()]);
    let ranking = std::fs::read_to_string(dir.join("index-ranking.csv")).unwrap_or_default();
    let mut r = csv::Reader::from_reader(ranking.as_bytes());
    let names: Vec<String> = r.records().filter_map(|x| x.ok()).filter_map(|x| x.get(1).map(String::from)).collect();
    assert!(names.contains(&format!("'{evil}")), "{ranking}");
    assert!(!names.iter().any(|n| n.starts_with('=')), "{names:?}");
    assert!(names.contains(&"Ministerio de Finanzas Públicas".to_string()), "other names as they are");
    if std::process::Command::new("frictionless").arg("--version").output().is_ok_and(|o| o.status.success()) {
        let out = std::process::Command::new("frictionless")
            .args(["validate", "--json", dir.join("datapackage.json").to_str().unwrap_or_default()])
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
        let report: Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
        assert_eq!(report["valid"], true, "the numbers stay numbers: {}{}", stdout(&out), stderr(&out));
    }
}
