//! Submissions collected offline, imported from the CSV a server exports for the form
//! `dra survey export --xlsform` wrote (`dra responses import --format odk`). The files here are
//! written by hand in the servers' shapes: KoboToolbox's "XML values and headers" export (`;`,
//! `page/question` headers, `_uuid` and friends, a 0/1 column per option of a multiple choice,
//! `n/a`, a submission rejected on the server) and ODK Central's (`,`, `page-question` headers,
//! `KEY`, `ReviewState`). The figures of `dra analyze` are those of the rows; importing the same
//! file again adds nothing; a file with bad rows lists each with its line and stores nothing.

use serde_json::Value;

use crate::support::{TestDb, dra, repo, stderr, stdout};

fn env(db: &TestDb) -> Vec<(&'static str, String)> {
    let data = db.dir.path().join("data").to_str().unwrap_or_default().to_string();
    vec![("DATABASE_URL", db.url.clone()), ("DRA_DATA_DIR", data)]
}

fn run(args: &[&str], env: &[(&'static str, String)]) -> std::process::Output {
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    dra(args, &env)
}

/// The worked XLSForm example stored, and an open campaign `field` on it (the five default
/// stakeholder groups; groups of 5 or more are shown).
fn setup(env: &[(&'static str, String)]) {
    for args in [
        vec!["survey", "import", &repo("surveys/examples/conditional-xlsform.xlsx")],
        vec!["campaign", "create", "--slug", "field", "--name", "Field", "--survey", "conditional-example"],
        vec!["campaign", "open", "field"],
    ] {
        let args: Vec<&str> = args.iter().map(|s| s.as_ref()).collect();
        let o = run(&args, env);
        assert!(o.status.success(), "{args:?}: {}{}", stdout(&o), stderr(&o));
    }
}

fn import(db: &TestDb, name: &str, text: &str) -> std::process::Output {
    let file = db.dir.path().join(name);
    std::fs::write(&file, text).unwrap_or_else(|e| panic!("{e}"));
    run(&["responses", "import", "--campaign", "field", "--format", "odk", file.to_str().unwrap_or_default()], &env(db))
}

fn analyze(db: &TestDb) -> Value {
    let o = run(&["analyze", "--campaign", "field"], &env(db));
    assert!(o.status.success(), "{}", stderr(&o));
    serde_json::from_str(&stdout(&o)).unwrap_or_else(|e| panic!("{e}"))
}

/// Mean and n of one item in one group, from the aggregates.
fn item(agg: &Value, id: &str, group: &str) -> (Option<f64>, Option<u64>) {
    let g = agg["groups"].as_array().into_iter().flatten().position(|g| g["code"] == group);
    let g = g.unwrap_or_else(|| panic!("no group {group}"));
    let scale = agg["items"].as_array().into_iter().flatten().find(|s| s["id"] == id);
    let stats = &scale.unwrap_or_else(|| panic!("no item {id}"))["groups"][g]["stats"];
    (stats["mean"].as_f64(), stats["n"].as_u64())
}

const KOBO_HEADER: &str = "start;end;about/group;about/staff;access/broadband;infra/outages;infra/tools;\
infra/tools/email;infra/tools/cloud;infra/tools/erp;infra/broadband_comment;gov/services;gov/budget_share;\
meta/instanceID;_id;_uuid;_submission_time;_validation_status;_notes;_status;_submitted_by;__version__;_tags;_index";

/// One KoboToolbox row: group, staff, broadband, outages, tools, comment, services, budget.
fn kobo_row(n: usize, cells: [&str; 8], validation: &str) -> String {
    let [group, staff, broadband, outages, tools, comment, services, budget] = cells;
    let chosen = |o: &str| {
        if tools == "n/a" {
            "n/a"
        } else if tools.split(' ').any(|t| t == o) {
            "1"
        } else {
            "0"
        }
    };
    let uuid = format!("3f1c2a9e-0000-4000-8000-{n:012}");
    [
        "2026-11-02T09:00:00.000-06:00",
        "2026-11-02T09:12:00.000-06:00",
        group,
        staff,
        broadband,
        outages,
        tools,
        chosen("email"),
        chosen("cloud"),
        chosen("erp"),
        comment,
        services,
        budget,
        &format!("uuid:{uuid}"),
        &(1000 + n).to_string(),
        &uuid,
        "2026-11-02T15:13:00",
        validation,
        "[]",
        "submitted_via_web",
        "enumerator1",
        "vGkqXbQ7",
        "[]",
        &n.to_string(),
    ]
    .join(";")
}

#[test]
fn a_kobotoolbox_export_imports_once_and_its_figures_are_those_of_its_rows() {
    let db = TestDb::new();
    let env = env(&db);
    setup(&env);
    let rows = [
        // Public sector: services is asked (the gov page's condition) and answered.
        ["public", "12", "1", "never", "email cloud", "n/a", "4", "20"],
        ["public", "40", "2", "monthly", "cloud", "\"Falta fibra; y energía\nestable\"", "3", "n/a"],
        ["public", "7", "3", "weekly", "n/a", "n/a", "2", "n/a"],
        ["public", "n/a", "4", "never", "erp", "n/a", "5", "n/a"],
        ["public", "15", "5", "monthly", "email", "n/a", "1", "n/a"],
        ["public", "3", "3", "na", "n/a", "n/a", "3", "n/a"],
        // Private sector: the gov page is hidden, so services is unanswered.
        ["private", "5", "2", "never", "n/a", "\"Lenta\"", "n/a", "n/a"],
        ["private", "8", "2", "weekly", "email", "n/a", "n/a", "n/a"],
        ["private", "100", "4", "monthly", "n/a", "n/a", "n/a", "n/a"],
        ["private", "2", "dk", "", "n/a", "n/a", "n/a", "n/a"],
        ["private", "9", "5", "never", "cloud erp", "n/a", "n/a", "n/a"],
        ["private", "11", "3", "weekly", "n/a", "n/a", "n/a", "n/a"],
    ];
    let mut lines = vec![KOBO_HEADER.to_string()];
    lines.extend(rows.iter().enumerate().map(|(i, r)| kobo_row(i + 1, *r, "")));
    // Rejected by a reviewer on the server: not imported, whatever it holds.
    lines.push(kobo_row(99, ["army", "1", "9", "", "", "", "", ""], "validation_status_not_approved"));
    let text = lines.join("\r\n") + "\r\n";
    let o = import(&db, "kobo.csv", &text);
    assert!(
        stdout(&o).contains("imported 12 ODK submissions into \"field\" (12 new, 0 replaced, 0 unchanged; 1 rejected on the server, skipped)"),
        "{}{}",
        stdout(&o),
        stderr(&o)
    );
    let agg = analyze(&db);
    let public =
        agg["groups"].as_array().into_iter().flatten().find(|g| g["code"] == "public").cloned().unwrap_or_default();
    assert_eq!(public["respondents"], 6);
    assert_eq!(public["by_origin"]["odk"], 6);
    let submitted: u64 =
        agg["response_rates"].as_array().into_iter().flatten().filter_map(|r| r["odk"]["submitted"].as_u64()).sum();
    assert_eq!(submitted, 12);
    // broadband scores 1-5 are the stage scale; "dk" is no score.
    assert_eq!(item(&agg, "broadband", "public"), (Some(3.0), Some(6)));
    assert_eq!(item(&agg, "broadband", "private"), (Some((2.0 + 2.0 + 4.0 + 5.0 + 3.0) / 5.0), Some(5)));
    // outages is reversed, three options: never → 5, monthly → 3, weekly → 1; "na" is no score.
    assert_eq!(item(&agg, "outages", "public"), (Some((5.0 + 3.0 + 1.0 + 5.0 + 3.0) / 5.0), Some(5)));
    assert_eq!(item(&agg, "outages", "private"), (Some((5.0 + 1.0 + 3.0 + 5.0 + 1.0) / 5.0), Some(5)));
    assert_eq!(item(&agg, "services", "public"), (Some(3.0), Some(6)));

    // The same export downloaded again adds nothing.
    let again = import(&db, "kobo-again.csv", &text);
    assert!(
        stdout(&again).contains("(0 new, 0 replaced, 12 unchanged; 1 rejected"),
        "{}{}",
        stdout(&again),
        stderr(&again)
    );
    assert_eq!(analyze(&db)["respondents_published"], 12);
    // A submission edited on the server since replaces what was stored.
    let edited = text
        .replace(&kobo_row(3, rows[2], ""), &kobo_row(3, ["public", "7", "1", "weekly", "n/a", "n/a", "2", "n/a"], ""));
    let o = import(&db, "kobo-edited.csv", &edited);
    assert!(stdout(&o).contains("(0 new, 1 replaced, 11 unchanged"), "{}{}", stdout(&o), stderr(&o));
    assert_eq!(item(&analyze(&db), "broadband", "public"), (Some((1.0 + 2.0 + 1.0 + 4.0 + 5.0 + 3.0) / 6.0), Some(6)));
    // The responses are marked with their origin in the record-level export.
    let csv = run(&["report", "--campaign", "field", "--format", "responses-csv", "--out", "-"], &env);
    assert_eq!(stdout(&csv).lines().filter(|l| l.contains(",odk,")).count(), 12, "{}", stdout(&csv));
}

const CENTRAL_HEADER: &str = "SubmissionDate,about-group,about-staff,access-broadband,infra-outages,infra-tools,\
infra-broadband_comment,gov-services,gov-budget_share,meta-instanceID,KEY,SubmitterID,SubmitterName,\
AttachmentsPresent,AttachmentsExpected,Status,ReviewState,DeviceID,Edits,FormVersion";

fn central_row(key: &str, cells: [&str; 8]) -> String {
    let mut row = vec!["2026-11-03T10:00:00.000Z".to_string()];
    row.extend(cells.iter().map(|c| c.to_string()));
    row.extend([format!("uuid:{key}"), format!("uuid:{key}"), "5".into(), "Ana".into(), "0".into(), "0".into()]);
    row.extend(["".into(), "".into(), "collect:abc".into(), "0".into(), "1.0.0".into()]);
    row.join(",")
}

#[test]
fn an_odk_central_export_with_bad_rows_lists_each_with_its_line_and_stores_nothing() {
    let db = TestDb::new();
    let env = env(&db);
    setup(&env);
    let good =
        |k: &str, group: &str, services: &str| central_row(k, [group, "10", "3", "never", "email", "", services, ""]);
    let text = [
        CENTRAL_HEADER.to_string(),
        good("a1", "public", "2"),
        central_row("a2", ["public", "10", "9", "never", "", "", "2", ""]),
        good("a3", "private", "4"),
        good("a1", "academia", ""),
        central_row("a5", ["army", "10", "3", "never", "", "", "", ""]),
        central_row("a6", ["international", "10", "3", "often", "email fax", "", "", ""]),
        good("a7", "public", ""),
        good("a8", "international", ""),
    ]
    .join("\n");
    let o = import(&db, "central.csv", &text);
    assert_eq!(o.status.code(), Some(1), "{}{}", stdout(&o), stderr(&o));
    let f = db.dir.path().join("central.csv");
    let f = f.to_str().unwrap_or_default();
    let problems = stderr(&o);
    for want in [
        format!("{f}:3: broadband = 9: not an option value of the question"),
        format!("{f}:4: services is answered although its condition (relevant) hides it"),
        format!("{f}:5: submission \"a1\" appears twice"),
        format!("{f}:6: unknown group \"army\""),
        format!("{f}:7: outages = often: not an option value"),
        format!("{f}:7: tools = fax: not an option value"),
        format!("{f}:8: services = (empty): This question is required."),
    ] {
        let (line, message) = want.split_once(": ").unwrap_or_default();
        assert!(
            problems.lines().any(|l| l.starts_with(&format!("{line}: ")) && l.contains(message)),
            "{want}\nin:\n{problems}"
        );
    }
    assert!(stdout(&o).contains("nothing imported: 6 of 8 submissions have problems"), "{}{problems}", stdout(&o));
    assert_eq!(analyze(&db)["respondents_published"], 0, "nothing was stored");

    // The good rows alone import; their ids keep the `uuid:` prefix off.
    let fixed = [
        CENTRAL_HEADER.to_string(),
        good("a1", "public", "2"),
        good("a3", "private", ""),
        good("a8", "international", ""),
    ]
    .join("\n");
    let o = import(&db, "central-fixed.csv", &fixed);
    assert!(
        stdout(&o).contains("imported 3 ODK submissions into \"field\" (3 new, 0 replaced, 0 unchanged)"),
        "{}{}",
        stdout(&o),
        stderr(&o)
    );
    // A paper form cannot take an ODK submission's id, nor the other way round.
    let paper = "respondent,group,language,staff,broadband\nP-1,public,es,4,2\n";
    let pf = db.dir.path().join("paper.csv");
    std::fs::write(&pf, paper).unwrap_or_else(|e| panic!("{e}"));
    let o = run(&["responses", "import", "--campaign", "field", pf.to_str().unwrap_or_default()], &env);
    assert!(!o.status.success(), "services is required for the public sector: {}", stdout(&o));
    let paper = "respondent,group,language,staff,broadband\nP-1,private,es,4,2\n";
    std::fs::write(&pf, paper).unwrap_or_else(|e| panic!("{e}"));
    let o = run(&["responses", "import", "--campaign", "field", pf.to_str().unwrap_or_default()], &env);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    let clash = [CENTRAL_HEADER.to_string(), good("P-1", "private", "")].join("\n");
    let o = import(&db, "central-clash.csv", &clash);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains(":2: submission id \"P-1\" is already the respondent id of a paper response"),
        "{}",
        stderr(&o)
    );
    // The other way round: a paper form typed with an ODK submission's id is a problem of its
    // row, and nothing of the file is stored (no database error).
    let before = analyze(&db)["respondents_published"].clone();
    let paper = "respondent,group,language,staff,broadband
P-2,private,es,4,2
a3,private,es,3,1
";
    std::fs::write(&pf, paper).unwrap_or_else(|e| panic!("{e}"));
    let o = run(&["responses", "import", "--campaign", "field", pf.to_str().unwrap_or_default()], &env);
    assert_eq!(o.status.code(), Some(1), "{}{}", stdout(&o), stderr(&o));
    assert!(
        stderr(&o).contains(":3: respondent id \"a3\" is already the id of an imported odk response"),
        "{}{}",
        stdout(&o),
        stderr(&o)
    );
    assert!(stdout(&o).contains("nothing imported: 1 of 2 rows have problems"), "{}", stdout(&o));
    assert_eq!(analyze(&db)["respondents_published"], before, "nothing of the file was stored");
}
