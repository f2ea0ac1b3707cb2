//! Comparing editions through the database, as an analyst does it: two campaigns on two survey
//! versions, their responses imported as paper forms, then `dra compare` with the item map (the
//! figures equal scipy's, `scripts/compare_fixtures.py`), the same through the API and the
//! console, and `dra report --compare-to` with its "change since" section.

use serde_json::Value;

use crate::support::{TestDb, dra, repo, spawn_app, stderr, stdout};

fn fixture(name: &str) -> String {
    repo(&format!("tests/fixtures/compare/{name}"))
}

/// Editions `a` (survey v1, international suppressed) and `b` (v2), as the fixtures hold them.
pub(crate) fn two_editions(env: &[(&str, &str)]) {
    let run = |args: &[&str]| {
        let out = dra(args, env);
        assert!(out.status.success(), "{args:?}: {}{}", stdout(&out), stderr(&out));
    };
    run(&["survey", "import", &fixture("survey-v1.json")]);
    run(&["survey", "import", &fixture("survey-v2.json")]);
    run(&["campaign", "create", "--slug", "ed-a", "--name", "Edición 2025", "--survey", "#1"]);
    run(&["campaign", "create", "--slug", "ed-b", "--name", "Edición 2026", "--survey", "#2"]);
    for (slug, csv) in [("ed-a", "edition-a.csv"), ("ed-b", "edition-b.csv")] {
        run(&["campaign", "open", slug]);
        run(&["responses", "import", "--campaign", slug, &fixture(csv)]);
    }
}

fn expected() -> Value {
    serde_json::from_str(&std::fs::read_to_string(fixture("expected.json")).unwrap_or_default())
        .unwrap_or_else(|e| panic!("{e}"))
}

fn close(what: &str, got: &Value, want: &Value) {
    match (got.as_f64(), want.as_f64()) {
        (Some(g), Some(w)) => assert!((g - w).abs() <= 1e-9 * w.abs().max(1.0), "{what}: {g} vs {w}"),
        _ => assert_eq!(got.is_null(), want.is_null(), "{what}: {got} vs {want}"),
    }
}

/// Checks every pillar cell of a comparison (JSON) against the fixture; the number checked.
fn check_pillars(c: &Value) -> usize {
    let want = expected();
    let groups: Vec<String> =
        c["groups"].as_array().into_iter().flatten().filter_map(|g| g.as_str().map(String::from)).collect();
    let mut n = 0;
    for row in c["pillars"].as_array().into_iter().flatten() {
        let id = row["id"].as_str().unwrap_or_default();
        let w = &want["pillars"][id];
        let cells = groups.iter().zip(row["groups"].as_array().into_iter().flatten()).map(|(g, c)| (g.clone(), c));
        for (g, cell) in cells.chain([("overall".to_string(), &row["overall"])]) {
            let w = if g == "overall" { &w["overall"] } else { &w["groups"][&g] };
            close(&format!("{id} {g} from"), &cell["from"]["mean"], &w["from_mean"]);
            close(&format!("{id} {g} to"), &cell["to"]["mean"], &w["to_mean"]);
            close(&format!("{id} {g} diff"), &cell["difference"]["estimate"], &w["difference"]);
            if !w["difference"].is_null() {
                close(&format!("{id} {g} low"), &cell["difference"]["ci_low"], &w["ci_low"]);
                close(&format!("{id} {g} high"), &cell["difference"]["ci_high"], &w["ci_high"]);
                assert_eq!(cell["difference"]["flagged"], w["flagged"], "{id} {g} flag");
            }
            n += 1;
        }
    }
    n
}

#[test]
fn compare_through_the_database_matches_scipy_and_lists_what_it_does_not_compare() {
    let db = TestDb::new();
    let data = db.dir.path().to_str().unwrap_or_default().to_string();
    let env = [("DATABASE_URL", db.url.as_str()), ("DRA_DATA_DIR", data.as_str())];
    two_editions(&env);
    let out = dra(&["compare", "--from", "ed-a", "--to", "ed-b", "--map", &fixture("map.json")], &env);
    assert!(out.status.success(), "{}", stderr(&out));
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(check_pillars(&v["comparison"]), 12);
    let listed = v["comparison"]["matching"]["not_compared"].to_string();
    for needle in ["options_changed", "dropped_by_map", "only_later"] {
        assert!(listed.contains(needle), "{needle}: {listed}");
    }
    assert!(v["trend"].is_null(), "two editions: no trend");
    // CSV: one row per scale × (overall + 5 groups); the suppressed cell has no figure.
    let out =
        dra(&["compare", "--from", "ed-a", "--to", "ed-b", "--map", &fixture("map.json"), "--format", "csv"], &env);
    let csv = stdout(&out);
    assert!(csv.starts_with("level,id,from_id,group,from_n,from_mean,"), "{csv}");
    assert_eq!(csv.lines().count(), 1 + (2 + 3 + 6) * 6);
    let intl = csv.lines().find(|l| l.starts_with("pillar,alpha,alpha,international,")).unwrap_or_default();
    assert!(intl.starts_with("pillar,alpha,alpha,international,,,6,") && intl.ends_with(",suppressed"), "{intl}");
    // Without the map, items whose ids or options differ are listed, not compared.
    let out = dra(&["compare", "--from", "ed-a", "--to", "ed-b"], &env);
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap_or_else(|e| panic!("{e}"));
    let items: Vec<&str> =
        v["comparison"]["items"].as_array().into_iter().flatten().filter_map(|r| r["id"].as_str()).collect();
    assert_eq!(items, ["a1", "b1", "c1", "c2"], "only same id and same options");
    // Three editions: a trend per pillar.
    let out = dra(&["campaign", "create", "--slug", "ed-c", "--name", "Edición 2027", "--survey", "#2"], &env);
    assert!(out.status.success(), "{}", stderr(&out));
    dra(&["campaign", "open", "ed-c"], &env);
    dra(&["responses", "import", "--campaign", "ed-c", &fixture("edition-b.csv")], &env);
    let out = dra(&["compare", "--from", "ed-a,ed-b", "--to", "ed-c"], &env);
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap_or_else(|e| panic!("{e}: {}", stderr(&out)));
    let alpha = &v["trend"]["pillars"][0];
    assert_eq!(alpha["overall"]["means"].as_array().map(Vec::len), Some(3), "{}", v["trend"]);
    assert_eq!(alpha["overall"]["means"][1], alpha["overall"]["means"][2], "b and c hold the same answers");
    // Refused, with the reason and nothing written.
    let bad = db.dir.path().join("bad-map.json");
    std::fs::write(&bad, r#"{"a2": "zz"}"#).unwrap_or_else(|e| panic!("{e}"));
    let out = dra(&["compare", "--from", "ed-a", "--to", "ed-b", "--map", bad.to_str().unwrap_or_default()], &env);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("a2: maps to zz"), "{}", stderr(&out));
    let out = dra(&["compare", "--from", "ed-a", "--to", "nope"], &env);
    assert!(stderr(&out).contains("no campaign \"nope\""), "{}", stderr(&out));
    let out = dra(&["compare", "--from", "ed-a", "--to", "ed-a"], &env);
    assert!(stderr(&out).contains("named twice"), "{}", stderr(&out));
}

#[test]
fn compare_api_and_console_and_the_report_section() {
    let app = spawn_app();
    let data = app.db.dir.path().join("data");
    let data = data.to_str().unwrap_or_default().to_string();
    let env = [("DATABASE_URL", app.db.url.as_str()), ("DRA_DATA_DIR", data.as_str())];
    two_editions(&env);
    let token = |role: &str| {
        let out = dra(&["token", "create", "--owner", &format!("{role}-user"), "--role", role], &env);
        assert!(out.status.success(), "{}", stderr(&out));
        stdout(&out).trim().to_string()
    };
    let (analyst, coordinator) = (token("analyst"), token("coordinator"));
    // The map on one line (an address holds no line breaks).
    let map: Value = serde_json::from_str(&std::fs::read_to_string(fixture("map.json")).unwrap_or_default())
        .unwrap_or_else(|e| panic!("{e}"));
    let map = map.to_string();
    let url = |q: &str| app.url(&format!("/api/v1/campaigns/ed-b/compare?{q}"));
    let map_q = format!("from=ed-a&map={}", urlencoding(&map));
    let ok = ureq::get(&url(&map_q))
        .header("Authorization", &format!("Bearer {analyst}"))
        .call()
        .unwrap_or_else(|e| panic!("{e}"));
    let v: Value = ok.into_body().read_json().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(check_pillars(&v["comparison"]), 12);
    let denied = ureq::get(&url(&map_q)).header("Authorization", &format!("Bearer {coordinator}")).call();
    assert!(matches!(denied, Err(ureq::Error::StatusCode(403))), "{denied:?}");
    let none = ureq::get(&url(&map_q)).call();
    assert!(matches!(none, Err(ureq::Error::StatusCode(401))), "{none:?}");
    // Without `from`: the latest earlier campaign on the same survey (ed-a).
    let default = ureq::get(&url(&format!("map={}", urlencoding(&map))))
        .header("Authorization", &format!("Bearer {analyst}"))
        .call()
        .unwrap_or_else(|e| panic!("{e}"));
    let d: Value = default.into_body().read_json().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(d["comparison"]["from"]["slug"], "ed-a");
    let first = ureq::get(&app.url("/api/v1/campaigns/ed-a/compare"))
        .header("Authorization", &format!("Bearer {analyst}"))
        .call()
        .unwrap_or_else(|e| panic!("{e}"));
    let f: Value = first.into_body().read_json().unwrap_or_else(|e| panic!("{e}"));
    assert!(f["comparison"].is_null() && f["note"].as_str().is_some_and(|n| n.contains("no earlier edition")), "{f}");
    let bad = ureq::get(&url("from=ed-a&map=%7B%22a2%22%3A%22zz%22%7D"))
        .header("Authorization", &format!("Bearer {analyst}"))
        .call();
    assert!(matches!(bad, Err(ureq::Error::StatusCode(422))), "{bad:?}");
    let missing = ureq::get(&app.url("/api/v1/campaigns/nope/compare?from=ed-a"))
        .header("Authorization", &format!("Bearer {analyst}"))
        .call();
    assert!(matches!(missing, Err(ureq::Error::StatusCode(404))), "{missing:?}");

    // The report with its section, HTML and PDF.
    let dir = app.db.dir.path();
    let html = dir.join("b.html");
    let out = dra(
        &[
            "report",
            "--campaign",
            "ed-b",
            "--compare-to",
            "ed-a",
            "--map",
            &fixture("map.json"),
            "--format",
            "html",
            "--lang",
            "en",
            "--out",
            html.to_str().unwrap_or_default(),
        ],
        &env,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(&html).unwrap_or_default();
    assert!(
        text.contains("Change since the previous edition") && text.contains("Compared with Edición 2025"),
        "section"
    );
    assert!(text.contains("c3: dropped in the item map") && text.contains("a3: its options changed"), "listed");
    assert_eq!(text.matches("<svg").count() - plain_report_svgs(&env, dir), 2, "the dumbbell and the slope chart");
    let pdf = dir.join("b.pdf");
    let out = dra(
        &[
            "report",
            "--campaign",
            "ed-b",
            "--compare-to",
            "ed-a",
            "--map",
            &fixture("map.json"),
            "--format",
            "pdf",
            "--out",
            pdf.to_str().unwrap_or_default(),
        ],
        &env,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(std::fs::read(&pdf).unwrap_or_default().starts_with(b"%PDF"));
    let out = dra(&["report", "--campaign", "ed-b", "--compare-to", "ed-a", "--format", "csv"], &env);
    assert!(stderr(&out).contains("pdf or html"), "{}", stderr(&out));
}

/// SVG charts in the plain HTML report of `b`.
fn plain_report_svgs(env: &[(&str, &str)], dir: &std::path::Path) -> usize {
    let plain = dir.join("plain.html");
    let out =
        dra(&["report", "--campaign", "ed-b", "--format", "html", "--out", plain.to_str().unwrap_or_default()], env);
    assert!(out.status.success(), "{}", stderr(&out));
    std::fs::read_to_string(&plain).unwrap_or_default().matches("<svg").count()
}

fn urlencoding(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[test]
fn the_console_compares_editions_for_analysts_only() {
    use crate::console::{login, one_time_password};
    use crate::form::{Browser, csrf};
    let app = spawn_app();
    let base = app.url("");
    let data = app.db.dir.path().join("data");
    let data = data.to_str().unwrap_or_default().to_string();
    let env = [("DATABASE_URL", app.db.url.as_str()), ("DRA_DATA_DIR", data.as_str())];
    two_editions(&env);
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
    let home = ana.get(&format!("{base}/console"));
    assert!(home.html.contains("href=\"/console/compare\""), "linked from the console: {}", home.html);
    let empty = ana.get(&format!("{base}/console/compare"));
    assert_eq!(empty.status, 200);
    assert!(empty.html.contains("<label for=\"from\">") && empty.html.contains("ed-a"), "the form and the campaigns");
    let map = r#"{"a2":"a2n","b2":{"to":"b2","recode":{"1":"1","2":"2","3":"4","4":"5","dk":"dk"}},"c3":null}"#;
    let page = ana.get(&format!("{base}/console/compare?from=ed-a&to=ed-b&map={}", urlencoding(map)));
    assert_eq!(page.status, 200, "{}", page.html);
    assert!(page.html.contains("Cambios desde la edición anterior"), "{}", page.html);
    assert_eq!(page.html.matches("<svg").count(), 2, "the dumbbell and the slope chart");
    assert!(page.html.contains("c3: retirada en el mapa de preguntas"));
    let csv = ana.get(&format!("{base}/console/compare.csv?from=ed-a&to=ed-b&map={}", urlencoding(map)));
    assert!(csv.html.starts_with("level,id,from_id,group,"), "{}", csv.html);
    let bad = ana.get(&format!("{base}/console/compare?from=ed-a&to=ed-b&map=%7B%22a2%22%3A%22zz%22%7D"));
    assert_eq!(bad.status, 422);
    assert!(bad.html.contains("a2: maps to zz") && bad.html.contains("role=\"alert\""), "{}", bad.html);
    let zip = ana.get(&format!("{base}/console/campaigns/ed-a/open-data.zip"));
    assert_eq!(zip.status, 200, "the open-data package from the console");
    let mut carlos = signed_in("carlos", "coordinator");
    let denied = carlos.get(&format!("{base}/console/compare?from=ed-a&to=ed-b"));
    assert_eq!(denied.status, 403);
    assert!(!denied.html.contains("<svg"));
}
