//! Conditional questions in the data (`surveys/examples/portal.json`): a response that breaks a
//! condition is refused by `dra` (its validator, and the paper import, row by row, saying which
//! question does not apply) and by Python's `jsonschema` on the same definition; the analysis of
//! imported paper forms counts "not applicable by design" apart, against counts made here.

use std::io::Write;
use std::process::{Command, Stdio};

use serde_json::{Value, json};

use crate::support::{TestDb, dra, repo, stderr, stdout};

/// Python's `jsonschema` (draft 2020-12) on each instance against the definition at `schema`:
/// whether it is valid. `None` (with a message) when Python or the package is missing, unless
/// the run requires every external check (`DRA_REQUIRE_BROWSER`, as CI sets).
fn python_valid(schema: &str, instances: &[Value]) -> Option<Vec<bool>> {
    const SCRIPT: &str = "import json, sys\n\
        import jsonschema\n\
        schema = json.load(open(sys.argv[1], encoding='utf-8'))\n\
        jsonschema.Draft202012Validator.check_schema(schema)\n\
        v = jsonschema.Draft202012Validator(schema)\n\
        print(json.dumps([v.is_valid(i) for i in json.load(sys.stdin)]))\n";
    let required = std::env::var("DRA_REQUIRE_BROWSER").is_ok();
    let child = Command::new("python3")
        .args(["-c", SCRIPT, schema])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(c) => c,
        Err(e) => {
            assert!(!required, "python3 is required (scripts/install-deps.sh): {e}");
            eprintln!("skipped: python3 not found ({e}); scripts/install-deps.sh installs it");
            return None;
        }
    };
    if let Some(mut stdin) = child.stdin.take() {
        stdin.write_all(Value::from(instances.to_vec()).to_string().as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    }
    let out = child.wait_with_output().unwrap_or_else(|e| panic!("{e}"));
    let err = String::from_utf8_lossy(&out.stderr);
    if !out.status.success() && err.contains("No module named 'jsonschema'") {
        assert!(!required, "Python's jsonschema is required (scripts/install-deps.sh installs it)");
        eprintln!("skipped: Python's jsonschema is not installed (pip install jsonschema; scripts/install-deps.sh)");
        return None;
    }
    assert!(out.status.success(), "python3 jsonschema: {err}");
    Some(
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout))),
    )
}

fn portal_campaign(env: &[(&str, &str)]) {
    for args in [
        vec!["survey", "import", &repo("surveys/examples/portal.json")],
        vec!["campaign", "create", "--slug", "portal", "--name", "Portal", "--survey", "portal"],
        vec!["campaign", "open", "portal"],
    ] {
        let out = dra(&args, env);
        assert!(out.status.success(), "{args:?}: {}{}", stdout(&out), stderr(&out));
    }
}

#[test]
fn a_response_that_breaks_a_condition_is_refused_by_dra_and_by_python_jsonschema() {
    let definition = repo("surveys/examples/portal.json");
    let s = dra::survey::load_file(std::path::Path::new(&definition)).unwrap_or_else(|e| panic!("{e}"));
    let validator = dra::survey::validator(&s).unwrap_or_else(|e| panic!("{e}"));
    let cases = [
        // Answered where it does not apply: no portal, yet its procedures.
        (json!({"group": "public", "has_portal": "no", "portal_services": 3}), false),
        // Required where it applies, and missing.
        (json!({"group": "public", "has_portal": "yes", "portal_channels": ["web"]}), false),
        // A chain: mobile payments answered, the mobile app not ticked.
        (
            json!({"group": "public", "has_portal": "yes", "portal_services": 2, "portal_channels": ["web"], "mobile_payments": 3}),
            false,
        ),
        (json!({"group": "private", "has_portal": "no", "inf_broadband": 2}), true),
        (
            json!({"group": "public", "has_portal": "yes", "portal_services": 4, "portal_channels": ["mobile"], "mobile_payments": 1}),
            true,
        ),
        // A required question that does not apply is not required.
        (json!({"group": "public", "has_portal": "dk"}), true),
    ];
    let instances: Vec<Value> = cases.iter().map(|(v, _)| v.clone()).collect();
    let expected: Vec<bool> = cases.iter().map(|(_, ok)| *ok).collect();
    let ours: Vec<bool> = instances.iter().map(|i| validator.is_valid(i)).collect();
    assert_eq!(ours, expected, "dra's validator");
    // dra says which question, and why.
    let errors = dra::survey::response::validate(&s, &validator, &instances[0], "en");
    assert_eq!(
        errors.get("portal_services").map(String::as_str),
        Some("This question does not apply given the earlier answers: leave it unanswered.")
    );
    let errors = dra::survey::response::validate(&s, &validator, &instances[1], "en");
    assert_eq!(errors.get("portal_services").map(String::as_str), Some("This question is required."));
    if let Some(python) = python_valid(&definition, &instances) {
        assert_eq!(python, expected, "Python's jsonschema");
    }

    // The paper import: every such row is refused with what to do; nothing is stored.
    let db = TestDb::new();
    let data = db.dir.path().to_str().unwrap_or_default().to_string();
    let env = [("DATABASE_URL", db.url.as_str()), ("DRA_DATA_DIR", data.as_str())];
    portal_campaign(&env);
    let header = stdout(&dra(&["survey", "template", &definition], &[]));
    assert_eq!(
        header.trim(),
        "respondent,group,language,has_portal,portal_services,portal_channels,inf_broadband,gov_strategy,mobile_payments"
    );
    let csv = format!(
        "{}\nf1,public,es,no,3,,2,3,\nf2,public,es,yes,,web,2,3,\nf3,public,es,yes,2,web;kiosk,,,3\nf4,public,es,no,,,2,3,\n",
        header.trim()
    );
    let file = db.dir.path().join("paper.csv");
    std::fs::write(&file, csv).unwrap_or_else(|e| panic!("{e}"));
    let out = dra(&["responses", "import", "--campaign", "portal", file.to_str().unwrap_or_default()], &env);
    let said = format!("{}{}", stdout(&out), stderr(&out));
    assert!(!out.status.success(), "{said}");
    let f = file.display();
    for line in [
        format!(
            "{f}:2: portal_services = 3: this question does not apply to this form (it is asked only if has_portal is “Yes”): leave it empty"
        ),
        format!("{f}:3: portal_services = (empty): This question is required."),
        format!(
            "{f}:4: mobile_payments = 3: this question does not apply to this form (it is asked only if “Mobile app” is ticked in portal_channels): leave it empty"
        ),
    ] {
        assert!(said.lines().any(|l| l == line), "missing {line:?} in\n{said}");
    }
    assert!(!said.contains(&format!("{f}:5:")), "{said}");
    assert!(said.contains("nothing imported: 3 of 4 rows have problems"), "{said}");
}

#[test]
fn imported_paper_forms_count_not_applicable_by_design_apart() {
    let db = TestDb::new();
    let data = db.dir.path().to_str().unwrap_or_default().to_string();
    let env = [("DATABASE_URL", db.url.as_str()), ("DRA_DATA_DIR", data.as_str())];
    portal_campaign(&env);
    // 60 forms per group: has_portal cycles yes, no, dk; with a portal the services are 1..4 and
    // every other form ticks the mobile app (then mobile payments 1..3, or "dk").
    let mut csv = String::from(
        "respondent,group,language,has_portal,portal_services,portal_channels,inf_broadband,gov_strategy,mobile_payments\n",
    );
    let mut want = std::collections::BTreeMap::new();
    for (g, group) in ["public", "private"].into_iter().enumerate() {
        let (mut services_not_asked, mut mobile_not_asked, mut mobile_dk) = (0u64, 0u64, 0u64);
        for i in 0..60usize {
            let portal = ["yes", "no", "dk"][i % 3];
            let (services, channels, mobile) = if portal == "yes" {
                let mobile = i % 2 == 0;
                let pay = match (mobile, i % 4) {
                    (false, _) => String::new(),
                    (true, 0) => "dk".to_string(),
                    (true, k) => k.to_string(),
                };
                ((i % 4 + 1).to_string(), if mobile { "web;mobile" } else { "web" }, pay)
            } else {
                (String::new(), "", String::new())
            };
            services_not_asked += u64::from(portal != "yes");
            mobile_not_asked += u64::from(channels != "web;mobile");
            mobile_dk += u64::from(mobile == "dk");
            csv.push_str(&format!("{g}-{i},{group},es,{portal},{services},{channels},{},2,{mobile}\n", i % 4 + 1));
        }
        want.insert(group, (services_not_asked, mobile_not_asked, mobile_dk));
    }
    let file = db.dir.path().join("paper.csv");
    std::fs::write(&file, csv).unwrap_or_else(|e| panic!("{e}"));
    let out = dra(&["responses", "import", "--campaign", "portal", file.to_str().unwrap_or_default()], &env);
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    let out_file = db.dir.path().join("agg.json");
    let out = dra(&["analyze", "--campaign", "portal", "--out", out_file.to_str().unwrap_or_default()], &env);
    assert!(out.status.success(), "{}", stderr(&out));
    let agg: Value =
        serde_json::from_str(&std::fs::read_to_string(&out_file).unwrap_or_default()).unwrap_or_else(|e| panic!("{e}"));
    let item = |id: &str| {
        agg["items"].as_array().into_iter().flatten().find(|s| s["id"] == id).cloned().unwrap_or(Value::Null)
    };
    let group_of = |code: &str| {
        agg["groups"].as_array().into_iter().flatten().position(|g| g["code"] == code).unwrap_or(usize::MAX)
    };
    for (group, (services, mobile, mobile_dk)) in &want {
        let g = group_of(group);
        let st = &item("portal_services")["groups"][g]["stats"];
        assert_eq!(st["not_applicable_by_design"], json!(services), "{group}: {st}");
        assert_eq!((st["base"].as_u64(), st["missing"].as_u64()), (Some(60 - services), Some(0)), "{group}: {st}");
        let st = &item("mobile_payments")["groups"][g]["stats"];
        assert_eq!(st["not_applicable_by_design"], json!(mobile), "{group}: {st}");
        assert_eq!(st["dont_know"], json!(mobile_dk), "{group}: {st}");
        assert_eq!(st["base"].as_u64(), Some(60 - mobile), "{group}: {st}");
        let share = st["share_dont_know"].as_f64().unwrap_or(f64::NAN);
        assert!((share - *mobile_dk as f64 / (60 - mobile) as f64).abs() < 1e-12, "{group}: {st}");
    }
    assert_eq!((want["public"].0, want["public"].1, want["public"].2), (40, 50, 5), "the counts made here");

    // The CSV of the aggregates carries the count in its own column; the report's annex lists the
    // conditions with it.
    let csv_out = db.dir.path().join("agg.csv");
    let out = dra(
        &[
            "report",
            "--campaign",
            "portal",
            "--format",
            "csv",
            "--lang",
            "en",
            "--out",
            csv_out.to_str().unwrap_or_default(),
        ],
        &env,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(&csv_out).unwrap_or_default();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().unwrap_or_else(|e| panic!("{e}")).clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap_or_else(|| panic!("no column {name}"));
    let (id, group, by_design) = (col("id"), col("group"), col("not_applicable_by_design"));
    let row = reader
        .records()
        .filter_map(Result::ok)
        .find(|r| r.get(id) == Some("portal_services") && r.get(group) == Some("public"))
        .unwrap_or_else(|| panic!("no row in {text}"));
    assert_eq!(row.get(by_design), Some("40"));

    // The statistics package: a question not asked by design is 97, declared missing, apart
    // from no answer (empty) and "don't know" (98).
    let stats_dir = db.dir.path().join("stats");
    let out = dra(
        &["report", "--campaign", "portal", "--format", "stats", "--out", stats_dir.to_str().unwrap_or_default()],
        &env,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let file_ending = |end: &str| {
        std::fs::read_dir(&stats_dir)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .find(|p| p.to_string_lossy().ends_with(end))
            .and_then(|p| std::fs::read_to_string(p).ok())
            .unwrap_or_else(|| panic!("no *{end} in the stats folder"))
    };
    let data = file_ending("-data.csv");
    let mut reader = csv::Reader::from_reader(data.as_bytes());
    let headers = reader.headers().unwrap_or_else(|e| panic!("{e}")).clone();
    let services = headers.iter().position(|h| h.contains("portal_services")).unwrap_or_else(|| panic!("{headers:?}"));
    let cells: Vec<String> = reader.records().filter_map(Result::ok).map(|r| r[services].to_string()).collect();
    let not_asked = cells.iter().filter(|c| *c == "97").count();
    assert_eq!(not_asked as u64, want["public"].0 + want["private"].0, "97 where the portal question was not asked");
    assert!(!cells.iter().any(String::is_empty), "every asked form answered it: no empty cell");
    let sps = file_ending(".sps");
    assert!(sps.contains("(97, 98, 99)"), "{sps}");
    assert!(file_ending("-codebook.csv").contains("no se preguntó (por diseño)"), "in the report language (es)");
    let html_out = db.dir.path().join("report.html");
    let out = dra(
        &[
            "report",
            "--campaign",
            "portal",
            "--format",
            "html",
            "--lang",
            "en",
            "--out",
            html_out.to_str().unwrap_or_default(),
        ],
        &env,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let html = std::fs::read_to_string(&html_out).unwrap_or_default();
    assert!(html.contains("<h3>Questions asked under a condition</h3>"), "{html}");
    let overall = want["public"].0 + want["private"].0;
    assert!(
        html.contains(&format!(
            "<td>“Does your institution have a web portal of services?” is “Yes”</td><td class=\"num\">{overall}</td>"
        )),
        "{html}"
    );
    assert!(
        html.contains("counts as &quot;not applicable by design&quot;")
            || html.contains("counts as &#34;not applicable by design&#34;"),
        "{html}"
    );
    // And so does the PDF, in Spanish.
    let pdf = db.dir.path().join("report.pdf");
    let out = dra(
        &[
            "report",
            "--campaign",
            "portal",
            "--format",
            "pdf",
            "--lang",
            "es",
            "--out",
            pdf.to_str().unwrap_or_default(),
        ],
        &env,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let o = Command::new("pdftotext")
        .args(["-layout", pdf.to_str().unwrap_or_default(), "-"])
        .output()
        .unwrap_or_else(|e| panic!("pdftotext (poppler-utils): {e}"));
    let text = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(text.contains("Preguntas con condición") && text.contains("No aplica por diseño (n)"), "{text}");
    let row = text.lines().find(|l| l.contains("«¿Su institución tiene un portal web de")).unwrap_or_default();
    assert!(row.trim_end().ends_with(&format!(" {overall}")), "{row:?} in {text}");
}

#[test]
fn the_printed_form_says_when_to_answer_a_conditional_question() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    for (lang, lines) in [
        ("en", ["→ Answer only if question 2 is “Yes”.", "→ Answer only if “Mobile app” is ticked in question 4."]),
        (
            "es",
            [
                "→ Responda solo si la pregunta 2 es «Sí».",
                "→ Responda solo si marcó «Aplicación móvil» en la pregunta 4.",
            ],
        ),
    ] {
        let pdf = dir.path().join(format!("portal-{lang}.pdf"));
        let out = dra(
            &[
                "survey",
                "print",
                &repo("surveys/examples/portal.json"),
                "--lang",
                lang,
                "--out",
                pdf.to_str().unwrap_or_default(),
            ],
            &[],
        );
        assert!(out.status.success(), "{}", stderr(&out));
        let o = Command::new("pdftotext")
            .arg(&pdf)
            .arg("-")
            .output()
            .unwrap_or_else(|e| panic!("pdftotext (poppler-utils): {e}"));
        let text = String::from_utf8_lossy(&o.stdout).into_owned();
        for line in lines {
            assert!(text.lines().any(|l| l.trim() == line), "{line:?} in {text}");
        }
        // Said under questions 3 and 4 (the portal's) and 7 (mobile payments), and nowhere else.
        assert_eq!(text.matches("→").count(), 3, "{text}");
    }
}
