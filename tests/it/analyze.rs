//! The analysis through the database, as an analyst runs it: the 10k bench CSV imported as paper
//! forms (`dra responses import`), `dra analyze`, and the figures equal pandas' reference; paper
//! import is all or nothing with a line-by-line report; the aggregates API checks token roles.

use serde_json::Value;

use crate::support::{TestDb, dra, repo, spawn_app, stderr, stdout};

fn close(what: &str, got: &Value, want: &Value) {
    match (got.as_f64(), want.as_f64()) {
        (Some(g), Some(w)) => assert!((g - w).abs() <= 1e-9, "{what}: {g} vs {w}"),
        _ => assert_eq!(got.is_null(), want.is_null(), "{what}: {got} vs {want}"),
    }
}

fn setup(env: &[(&str, &str)]) {
    let run = |args: &[&str]| {
        let out = dra(args, env);
        assert!(out.status.success(), "{args:?}: {}{}", stdout(&out), stderr(&out));
    };
    run(&["survey", "import", &repo("surveys/bench/bench-40.json")]);
    run(&["campaign", "create", "--slug", "bench", "--name", "Bench", "--survey", "bench-40"]);
    run(&["campaign", "open", "bench"]);
}

#[test]
fn paper_forms_through_the_database_match_pandas() {
    let db = TestDb::new();
    let data = db.dir.path().to_str().unwrap_or_default().to_string();
    let env = [("DATABASE_URL", db.url.as_str()), ("DRA_DATA_DIR", data.as_str())];
    setup(&env);
    let csv = repo("tests/fixtures/analysis/bench-10k.csv");
    let out = dra(&["responses", "import", "--campaign", "bench", &csv], &env);
    assert!(
        stdout(&out).contains("imported 10000 paper forms into \"bench\" (10000 new, 0 replaced)"),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    // Importing the same file again replaces, never duplicates.
    let again = dra(&["responses", "import", "--campaign", "bench", &csv], &env);
    assert!(stdout(&again).contains("(0 new, 10000 replaced)"), "{}", stdout(&again));

    let out_file = db.dir.path().join("agg.json");
    let out = dra(&["analyze", "--campaign", "bench", "--out", out_file.to_str().unwrap_or_default()], &env);
    assert!(out.status.success(), "{}", stderr(&out));
    let agg: Value =
        serde_json::from_str(&std::fs::read_to_string(&out_file).unwrap_or_default()).unwrap_or_else(|e| panic!("{e}"));
    let reference: serde_json::Map<String, Value> = serde_json::from_str(
        &std::fs::read_to_string(repo("tests/fixtures/analysis/bench-10k.ref.json")).unwrap_or_default(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let groups: Vec<String> =
        agg["groups"].as_array().into_iter().flatten().filter_map(|g| g["code"].as_str().map(str::to_string)).collect();
    let scales: Vec<&Value> =
        ["pillars", "items"].iter().flat_map(|k| agg[*k].as_array().into_iter().flatten()).collect();
    let mut checked = 0;
    for (key, want) in &reference {
        let (group, id) = key.split_once('|').unwrap_or_default();
        let scale = scales.iter().find(|s| s["id"] == id).unwrap_or_else(|| panic!("no scale {id}"));
        if group == "ALL" {
            close(key, &scale["overall"]["stats"]["mean"], &want[1]);
        } else {
            let g = groups.iter().position(|c| c == group).unwrap_or_else(|| panic!("no group {group}"));
            let st = &scale["groups"][g]["stats"];
            assert_eq!(st["n"].as_u64(), want[0].as_u64(), "{key} n");
            close(&format!("{key} mean"), &st["mean"], &want[1]);
            close(&format!("{key} sd"), &st["sd"], &want[2]);
            close(&format!("{key} ci"), &st["ci_half_width"], &want[3]);
            close(&format!("{key} median"), &st["median"], &want[4]);
        }
        checked += 1;
    }
    assert_eq!(checked, 230);
    // Paper responses are counted apart in the response rates.
    let paper: u64 =
        agg["response_rates"].as_array().into_iter().flatten().filter_map(|r| r["paper"]["submitted"].as_u64()).sum();
    assert_eq!(paper, 10_000, "{}", agg["response_rates"]);
}

#[test]
fn paper_import_is_all_or_nothing_with_line_numbers() {
    let db = TestDb::new();
    let data = db.dir.path().to_str().unwrap_or_default().to_string();
    let env = [("DATABASE_URL", db.url.as_str()), ("DRA_DATA_DIR", data.as_str())];
    setup(&env);
    let header = stdout(&dra(&["survey", "template", &repo("surveys/bench/bench-40.json"), "--csv"], &[]));
    assert!(header.starts_with("respondent,group,language,infrastructure.s1.q1,"), "{header}");
    let cols = header.trim().split(',').count();
    let row = |id: &str, group: &str, first: &str| {
        let mut cells = vec![id.to_string(), group.to_string(), "es".to_string(), first.to_string()];
        cells.extend(std::iter::repeat_n("3".to_string(), cols - 4));
        cells.join(",")
    };
    let text = [
        header.trim().to_string(),
        row("f1", "public", "4"),
        row("f2", "army", "2"),
        row("f3", "private", "9"),
        row("f1", "academia", ""),
    ]
    .join("\n");
    let file = db.dir.path().join("paper.csv");
    std::fs::write(&file, text).unwrap_or_else(|e| panic!("{e}"));
    let f = file.to_str().unwrap_or_default();
    let out = dra(&["responses", "import", "--campaign", "bench", f], &env);
    // Problems on standard error, the outcome on standard output.
    let (problems, report) = (crate::support::stderr(&out), stdout(&out));
    assert_eq!(out.status.code(), Some(1));
    assert!(problems.contains(&format!("{f}:3: unknown group \"army\"")), "{problems}");
    assert!(problems.contains(&format!("{f}:4: infrastructure.s1.q1 = 9: Choose one of the options.")), "{problems}");
    assert!(problems.contains(&format!("{f}:5: respondent \"f1\" appears twice")), "{problems}");
    assert!(report.contains("nothing imported: 3 of 4 rows have problems"), "{report}");
    let agg = stdout(&dra(&["analyze", "--campaign", "bench"], &env));
    let agg: Value = serde_json::from_str(&agg).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(agg["respondents_published"].as_u64(), Some(0), "nothing was stored");
}

/// The problems listed are the file's first ones, in line order, whatever kind each is: a row
/// refused as it is read (a control character) does not jump ahead of earlier rows refused for
/// their answers.
#[test]
fn the_problems_listed_are_the_first_ones_of_the_file() {
    let db = TestDb::new();
    let data = db.dir.path().to_str().unwrap_or_default().to_string();
    let env = [("DATABASE_URL", db.url.as_str()), ("DRA_DATA_DIR", data.as_str())];
    setup(&env);
    let header = stdout(&dra(&["survey", "template", &repo("surveys/bench/bench-40.json"), "--csv"], &[]));
    let cols = header.trim().split(',').count();
    let mut lines = vec![header.trim().to_string()];
    // Lines 2..=301: an answer out of range each; line 302: a control character.
    for i in 0..300 {
        let mut cells = vec![format!("r{i}"), "public".to_string(), "es".to_string(), "9".to_string()];
        cells.extend(std::iter::repeat_n("3".to_string(), cols - 4));
        lines.push(cells.join(","));
    }
    let mut cells = vec!["bell".to_string(), "public".to_string(), "es".to_string(), "3\u{7}".to_string()];
    cells.extend(std::iter::repeat_n("3".to_string(), cols - 4));
    lines.push(cells.join(","));
    let file = db.dir.path().join("many.csv");
    std::fs::write(&file, lines.join("\n")).unwrap_or_else(|e| panic!("{e}"));
    let f = file.to_str().unwrap_or_default();
    let out = dra(&["responses", "import", "--campaign", "bench", f], &env);
    assert_eq!(out.status.code(), Some(1));
    let problems = stderr(&out);
    let listed: Vec<u64> =
        problems.lines().filter_map(|l| l.strip_prefix(&format!("{f}:"))?.split(':').next()?.parse().ok()).collect();
    assert_eq!(listed, (2..=201).collect::<Vec<u64>>(), "{problems}");
    assert!(problems.contains("… and 101 more problems"), "{problems}");
    assert!(stdout(&out).contains("nothing imported: 301 of 301 rows have problems"), "{}", stdout(&out));
}

#[test]
fn aggregates_api_checks_the_token_role() {
    let app = spawn_app();
    let data = app.db.dir.path().join("data");
    let data = data.to_str().unwrap_or_default().to_string();
    let env = [("DATABASE_URL", app.db.url.as_str()), ("DRA_DATA_DIR", data.as_str())];
    setup(&env);
    let out =
        dra(&["responses", "import", "--campaign", "bench", &repo("tests/fixtures/analysis/bench-10k.csv")], &env);
    assert!(out.status.success());
    let token = |role: &str| {
        let out = dra(&["token", "create", "--owner", &format!("{role}-user"), "--role", role], &env);
        assert!(out.status.success(), "{}", stderr(&out));
        stdout(&out).trim().to_string()
    };
    let (analyst, coordinator) = (token("analyst"), token("coordinator"));
    let url = app.url("/api/v1/campaigns/bench/aggregates");
    let none = ureq::get(&url).call();
    assert!(matches!(none, Err(ureq::Error::StatusCode(401))), "{none:?}");
    let wrong = ureq::get(&url).header("Authorization", "Bearer not-a-token").call();
    assert!(matches!(wrong, Err(ureq::Error::StatusCode(401))), "{wrong:?}");
    let coord = ureq::get(&url).header("Authorization", &format!("Bearer {coordinator}")).call();
    assert!(matches!(coord, Err(ureq::Error::StatusCode(403))), "{coord:?}");
    let ok =
        ureq::get(&url).header("Authorization", &format!("Bearer {analyst}")).call().unwrap_or_else(|e| panic!("{e}"));
    let body: Value = ok.into_body().read_json().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(body["pillars"].as_array().map(Vec::len), Some(5));
    assert_eq!(body["survey"]["id"], "bench-40", "{}", body["survey"]);
    // The report and the anonymised responses, through the API and the CLI.
    let auth = format!("Bearer {analyst}");
    let pdf = ureq::get(&app.url("/api/v1/campaigns/bench/report.pdf?lang=en"))
        .header("Authorization", &auth)
        .call()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(pdf.headers().get("content-type").and_then(|v| v.to_str().ok()), Some("application/pdf"));
    let bytes = pdf.into_body().with_config().limit(50_000_000).read_to_vec().unwrap_or_else(|e| panic!("{e}"));
    assert!(bytes.starts_with(b"%PDF"), "a PDF");
    let denied = ureq::get(&app.url("/api/v1/campaigns/bench/report.pdf"))
        .header("Authorization", &format!("Bearer {coordinator}"))
        .call();
    assert!(matches!(denied, Err(ureq::Error::StatusCode(403))), "{denied:?}");
    let csv = ureq::get(&app.url("/api/v1/campaigns/bench/responses.csv"))
        .header("Authorization", &auth)
        .call()
        .unwrap_or_else(|e| panic!("{e}"));
    let csv = csv.into_body().with_config().limit(50_000_000).read_to_string().unwrap_or_default();
    assert_eq!(csv.lines().count(), 10_001, "a header and one line per response");
    assert!(!csv.contains('@') && !csv.contains("r0,"), "no address and no respondent id");
    let out = db_out(&app, &env);
    assert!(out.contains("bench-report-es.html written"), "{out}");
    let missing = ureq::get(&app.url("/api/v1/campaigns/nope/aggregates"))
        .header("Authorization", &format!("Bearer {analyst}"))
        .call();
    assert!(matches!(missing, Err(ureq::Error::StatusCode(404))), "{missing:?}");
}

/// `dra report --format html` into the test's folder; returns what it printed.
fn db_out(app: &crate::support::TestApp, env: &[(&str, &str)]) -> String {
    let out_file = app.db.dir.path().join("bench-report-es.html");
    let out = dra(
        &["report", "--campaign", "bench", "--format", "html", "--out", out_file.to_str().unwrap_or_default()],
        env,
    );
    let html = std::fs::read_to_string(&out_file).unwrap_or_default();
    assert!(html.contains("<svg") && !html.contains("<script"), "a self-contained HTML report");
    stdout(&out)
}

/// Two imports of the same forms released together (a clerk's double click, two clerks with one
/// file): they run one after the other, so one adds every form and the other replaces every one;
/// nothing is duplicated and each form holds one file's answers whole, the later file's.
#[test]
fn two_paper_imports_released_together_add_then_replace() {
    use diesel::prelude::*;
    use dra::db::schema::responses;
    let db = TestDb::new();
    let data = db.dir.path().to_str().unwrap_or_default().to_string();
    let env = [("DATABASE_URL", db.url.as_str()), ("DRA_DATA_DIR", data.as_str())];
    setup(&env);
    let source = std::fs::read_to_string(repo("tests/fixtures/analysis/bench-10k.csv")).unwrap_or_default();
    let mut lines = source.lines();
    let header = lines.next().unwrap_or_default().to_string();
    let rows: Vec<&str> = lines.take(2000).collect();
    // The same respondents in both files; the first item answered 5 in one, 1 in the other.
    let file_with = |value: &str, name: &str| {
        let mut text = header.clone();
        for r in &rows {
            let mut cells: Vec<&str> = r.split(',').collect();
            cells[2] = value;
            text.push('\n');
            text.push_str(&cells.join(","));
        }
        let path = db.dir.path().join(name);
        std::fs::write(&path, text).unwrap_or_else(|e| panic!("{e}"));
        path.to_str().unwrap_or_default().to_string()
    };
    let files = [file_with("5", "fives.csv"), file_with("1", "ones.csv")];
    let barrier = std::sync::Barrier::new(2);
    let outs: Vec<(String, String)> = std::thread::scope(|s| {
        let handles: Vec<_> = files
            .iter()
            .map(|f| {
                let (barrier, env) = (&barrier, &env);
                s.spawn(move || {
                    barrier.wait();
                    let out = dra(&["responses", "import", "--campaign", "bench", f], env);
                    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
                    (f.clone(), stdout(&out))
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap_or_else(|_| panic!("an import thread panicked"))).collect()
    });
    let added: Vec<&(String, String)> = outs.iter().filter(|(_, o)| o.contains("(2000 new, 0 replaced)")).collect();
    let replaced: Vec<&(String, String)> = outs.iter().filter(|(_, o)| o.contains("(0 new, 2000 replaced)")).collect();
    assert_eq!((added.len(), replaced.len()), (1, 1), "one adds, the other replaces: {outs:?}");
    let later = if replaced[0].0.ends_with("fives.csv") { 5 } else { 1 };
    let mut c = crate::support::conn(&db);
    let stored: Vec<(Option<String>, String)> = responses::table
        .select((responses::paper_ref, responses::answers))
        .load(&mut c)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(stored.len(), 2000, "no form stored twice");
    let mut expander = dra::db::answer_keys::Expander::default();
    for (reference, answers) in &stored {
        // Stored without their question ids (`db::answer_keys`), read back as the object.
        assert!(answers.starts_with('['), "{answers}");
        let mut answers = answers.clone();
        expander.expand(&mut c, &mut answers).unwrap_or_else(|e| panic!("{e}"));
        let v: Value = serde_json::from_str(&answers).unwrap_or_default();
        let first = &v["infrastructure.s1.q1"];
        let got = first.as_i64().or_else(|| first.as_str().and_then(|s| s.parse().ok()));
        assert_eq!(got, Some(later), "{reference:?} holds the later file's answer");
    }
}
