//! XLSForms in and out, through the `dra` binary: the worked example (built by hand with
//! openpyxl, `surveys/examples/conditional-xlsform.py`) converts to the definition it describes
//! and is stored like a JSON definition; a broken form lists every problem at its sheet and row
//! and stores nothing; a round trip xlsx → json → xlsx → json gives the same definition; and what
//! `dra survey export` writes, pyxform (the reference converter) turns into an XForm holding
//! every question, language and condition.

use serde_json::{Value, json};

use crate::support::{TestDb, dra, repo, stderr, stdout};

const EXAMPLE: &str = "surveys/examples/conditional-xlsform.xlsx";

fn read_json(path: &std::path::Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap_or_default()).unwrap_or_else(|e| panic!("{e}"))
}

/// `dra survey convert FORM --out JSON`, which must succeed; the definition written.
fn convert(form: &str, out: &std::path::Path) -> Value {
    let o = dra(&["survey", "convert", form, "--out", out.to_str().unwrap_or_default()], &[]);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    read_json(out)
}

fn export(survey: &str, out: &std::path::Path, env: &[(&str, &str)]) {
    let o = dra(&["survey", "export", survey, "--xlsform", out.to_str().unwrap_or_default()], env);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    assert!(!stderr(&o).contains("not carried"), "{}", stderr(&o));
}

#[test]
fn the_example_form_converts_to_the_definition_it_describes() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let d = convert(&repo(EXAMPLE), &dir.path().join("example.json"));
    let meta = &d["x-dra"];
    assert_eq!(meta["id"], "conditional-example");
    assert_eq!(meta["version"], "1.0.0");
    assert_eq!(meta["languages"], json!(["es", "en"]));
    assert_eq!(meta["default_language"], "es");
    assert_eq!(meta["title"], json!({"es": "Evaluación con condiciones", "en": "Assessment with conditions"}));
    assert_eq!(d["title"], "Conditional example");
    assert_eq!(d["$id"], "urn:dra:survey:conditional-example:1.0.0");
    assert_eq!(meta["welcome"]["en"], "Thank you for taking part in this consultation.");
    assert_eq!(meta["consent"]["es"], "Acepto que mis respuestas se usen de forma anónima.");
    assert_eq!(meta["stages"].as_array().map(Vec::len), Some(5));
    assert_eq!(meta["stages"][4], json!({"es": "Transformacional", "en": "Transformational"}));
    assert_eq!((meta["min_coverage"].as_f64(), meta["minutes"].as_u64()), (Some(0.5), Some(5)));
    assert_eq!(
        meta["pillars"][0]["subpillars"],
        json!([{"id": "connectivity", "label": {"es": "Conectividad", "en": "Connectivity"}}])
    );
    assert_eq!(meta["pillars"][1]["weight"], 2);
    assert_eq!(
        meta["pages"],
        json!([
            {"id": "about", "title": {"es": "Sobre usted", "en": "About you"}, "questions": ["group", "staff"]},
            {"id": "access", "title": {"es": "Acceso", "en": "Access"}, "questions": ["broadband"]},
            {"id": "infra", "title": {"es": "Infraestructura", "en": "Infrastructure"},
             "questions": ["outages", "tools", "broadband_comment"]},
            {"id": "gov", "title": {"es": "Gobierno", "en": "Government"}, "questions": ["services", "budget_share"]}
        ])
    );
    let ids: Vec<&String> = d["properties"].as_object().map(|p| p.keys().collect()).unwrap_or_default();
    assert_eq!(
        ids,
        ["group", "staff", "broadband", "outages", "tools", "broadband_comment", "services", "budget_share"]
    );
    let q = &d["properties"];
    assert_eq!(q["group"]["x-dra"]["profile"], "group");
    assert_eq!(q["group"]["x-dra"]["type"], "single");
    assert_eq!(
        q["group"]["oneOf"][2],
        json!({"const": "civil_society", "x-dra": {"label": {"es": "Sociedad civil", "en": "Civil society"}}})
    );
    // Whole-number choice names are numbers; "don't know" is a missing code.
    let consts: Vec<Value> =
        q["broadband"]["oneOf"].as_array().into_iter().flatten().map(|o| o["const"].clone()).collect();
    assert_eq!(consts, [json!(1), json!(2), json!(3), json!(4), json!(5), json!("dk")]);
    assert_eq!(q["broadband"]["oneOf"][5]["x-dra"]["missing"], "dont_know");
    assert_eq!(q["broadband"]["x-dra"]["type"], "scored");
    assert_eq!(q["broadband"]["x-dra"]["subpillar"], "connectivity");
    // Scores from dra_score, a reversed item, and its condition.
    assert_eq!(q["outages"]["oneOf"][1]["x-dra"]["score"], 2);
    assert_eq!(q["outages"]["oneOf"][3]["x-dra"]["missing"], "not_applicable");
    assert_eq!(q["outages"]["x-dra"]["reverse"], true);
    assert_eq!(q["outages"]["x-dra"]["relevant"], json!({"not": {"question": "broadband", "equals": "dk"}}));
    assert_eq!(q["tools"]["type"], "array");
    assert_eq!(q["tools"]["maxItems"], 2);
    assert_eq!(q["staff"]["type"], "integer");
    assert_eq!((q["staff"]["minimum"].as_u64(), q["staff"]["maximum"].as_u64()), (Some(1), Some(100_000)));
    assert_eq!(q["staff"]["x-dra"]["help"]["en"], "A rough number is enough.");
    assert_eq!(q["staff"]["x-dra"]["unit"], json!({"es": "personas", "en": "people"}));
    assert_eq!(q["broadband_comment"]["maxLength"], 500);
    assert_eq!(q["broadband_comment"]["x-dra"]["relevant"], json!({"question": "broadband", "in": [1, 2]}));
    assert_eq!(q["budget_share"]["type"], "number");
    // A group's condition applies to each of its questions; a required conditional question is
    // required only when shown.
    assert_eq!(
        q["budget_share"]["x-dra"]["relevant"],
        json!({"all": [
            {"question": "group", "equals": "public"},
            {"question": "tools", "selected": "cloud"},
            {"question": "staff", ">=": 10}
        ]})
    );
    assert_eq!(d["required"], json!(["group", "broadband"]));
    assert_eq!(
        d["allOf"][2],
        json!({"if": {"properties": {"group": {"const": "public"}}, "required": ["group"]},
               "then": {"required": ["services"]}, "else": {"not": {"required": ["services"]}}})
    );
    assert_eq!(d["allOf"].as_array().map(Vec::len), Some(4));
    // The definition is a JSON Schema: a hidden question answered is refused, a shown one taken.
    let schema = jsonschema::draft202012::new(&d).unwrap_or_else(|e| panic!("{e}"));
    assert!(schema.is_valid(&json!({"group": "public", "broadband": 3, "services": 2})));
    assert!(!schema.is_valid(&json!({"group": "private", "broadband": 3, "services": 2})));
    assert!(!schema.is_valid(&json!({"group": "public", "broadband": 3})), "services is required when shown");
    assert!(!schema.is_valid(&json!({"group": "private", "broadband": 4, "broadband_comment": "x"})));
}

#[test]
fn an_imported_form_is_stored_like_its_json_definition() {
    let db = TestDb::new();
    let data = db.dir.path().join("data");
    let data = data.to_str().unwrap_or_default();
    let env = [("DATABASE_URL", db.url.as_str()), ("DRA_DATA_DIR", data)];
    let o = dra(&["survey", "import", &repo(EXAMPLE)], &env);
    assert!(stdout(&o).contains("stored conditional-example version 1.0.0 as #"), "{}{}", stdout(&o), stderr(&o));
    let json = db.dir.path().join("example.json");
    convert(&repo(EXAMPLE), &json);
    let again = dra(&["survey", "import", json.to_str().unwrap_or_default()], &env);
    assert!(
        stdout(&again).contains("unchanged: conditional-example version 1.0.0 is already stored"),
        "{}",
        stdout(&again)
    );
    // A stored survey, named by its id, is exported as the form it came from.
    let xlsx = db.dir.path().join("stored.xlsx");
    export("conditional-example", &xlsx, &env);
    let back = convert(xlsx.to_str().unwrap_or_default(), &db.dir.path().join("stored.json"));
    assert_eq!(back, read_json(&json));
}

/// A workbook written here, sheet by sheet: the header row, then the rows.
fn workbook(sheets: &[(&str, &[&[&str]])]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    for (name, rows) in sheets {
        let ws = book.add_worksheet();
        ws.set_name(*name).unwrap_or_else(|e| panic!("{e}"));
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                if !cell.is_empty() {
                    ws.write_string(r as u32, c as u16, *cell).unwrap_or_else(|e| panic!("{e}"));
                }
            }
        }
    }
    book.save_to_buffer().unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn a_broken_form_lists_every_problem_at_its_sheet_and_row_and_stores_nothing() {
    let (es, en) = ("label::Español (es)", "label::English (en)");
    let bytes = workbook(&[
        (
            "survey",
            &[
                &[
                    "type",
                    "name",
                    es,
                    en,
                    "required",
                    "relevant",
                    "constraint",
                    "dra_subpillar",
                    "dra_profile",
                    "calculation",
                ],
                &["select_one sectors", "group", "Grupo", "Group", "yes", "", "", "", "group"],
                &["select_one scale", "q1", "P1", "Q1", "yes", "", "", "nowhere"],
                &["select_one scale", "q2", "P2", "", "", "${group} = 'army'", "", "s"],
                &["integer", "n", "N", "N", "maybe", "${later} > 1", "regex(., '^1$')"],
                &["select_one nolist", "q3", "P3", "Q3"],
                &["note", "late", "Nota", "Note"],
                &["begin_repeat", "rep", "R", "R"],
                &["end_repeat"],
                &["calculate", "calc", "", "", "", "", "", "", "", "1 + 1"],
                &["text", "q 4", "T", "T"],
                &["select_one scale", "q1", "Otra", "Other"],
            ],
        ),
        (
            "choices",
            &[
                &["list_name", "name", es, en, "dra_score", "dra_missing"],
                &["sectors", "public", "Público", "Public"],
                &["sectors", "private", "Privado", "Private"],
                &["scale", "1", "Uno", "One"],
                &["scale", "2", "Dos", "Two"],
                &["scale", "3", "Tres", "Three", "abc"],
                &["scale", "dk", "No sé", "Don't know", "", "maybe"],
            ],
        ),
        ("settings", &[&["form_title", "form_id", "default_language"], &["Broken", "broken", "Español (es)"]]),
        (
            "dra",
            &[&["type", "name", es, en], &["pillar", "p", "P", "P"], &["subpillar", "s", "S", "S"], &["level", "x"]],
        ),
    ]);
    let db = TestDb::new();
    let file = db.dir.path().join("broken.xlsx");
    std::fs::write(&file, bytes).unwrap_or_else(|e| panic!("{e}"));
    let f = file.to_str().unwrap_or_default();
    let data = db.dir.path().join("data");
    let env = [("DATABASE_URL", db.url.as_str()), ("DRA_DATA_DIR", data.to_str().unwrap_or_default())];
    let o = dra(&["survey", "import", f], &env);
    assert_eq!(o.status.code(), Some(1), "{}{}", stdout(&o), stderr(&o));
    let problems = stderr(&o);
    for want in [
        ":survey:3: dra_subpillar: unknown sub-pillar \"nowhere\"",
        ":survey:4: label: missing the \"en\" text",
        ":survey:4: relevant: 'army' is not an option of ${group} (its options: public, private)",
        ":survey:5: relevant: ${later} is no question above this row",
        ":survey:5: constraint: dra reads number constraints such as",
        ":survey:6: type: no list \"nolist\" on the choices sheet",
        ":survey:7: type: a note has a place in a dra survey only before the first question",
        ":survey:8: type: repeats have no place in a dra survey",
        ":survey:9: type: repeats have no place",
        ":survey:10: calculation: dra does not read this column",
        ":survey:10: type: \"calculate\" is not a type dra maps",
        ":survey:11: name: \"q 4\" is not a question id",
        ":survey:5: required: write yes or leave it empty",
        ":survey:12: name: \"q1\" is already the name of row 3",
        ":choices:6: dra_score: \"abc\" is not a number",
        ":choices:7: dra_missing: \"maybe\" is not a missing code",
        ":settings:2: version: missing",
        ":dra:1: type: no stage rows",
        ":dra:4: type: \"level\" is not a dra row type",
    ] {
        assert!(problems.contains(&format!("{f}{want}")), "{want}\nin:\n{problems}");
    }
    // Every line names the file, a sheet and a row; nothing was stored.
    let lines = problems.lines().map(|l| l.strip_prefix("error: ").unwrap_or(l));
    assert!(lines.clone().all(|l| l.starts_with(&format!("{f}:"))), "{problems}");
    assert!(lines.count() >= 20, "{problems}");
    let list = dra(&["survey", "list"], &env);
    assert!(stdout(&list).contains("no survey stored yet"), "{}", stdout(&list));
    let out = db.dir.path().join("broken.json");
    let c = dra(&["survey", "convert", f, "--out", out.to_str().unwrap_or_default()], &[]);
    assert_eq!(c.status.code(), Some(1));
    assert!(!out.exists(), "convert writes nothing from a broken form");
}

#[test]
fn a_round_trip_gives_the_same_definition() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let p = |n: &str| dir.path().join(n);
    let first = convert(&repo(EXAMPLE), &p("1.json"));
    export(p("1.json").to_str().unwrap_or_default(), &p("2.xlsx"), &[]);
    let second = convert(p("2.xlsx").to_str().unwrap_or_default(), &p("3.json"));
    assert_eq!(
        std::fs::read_to_string(p("1.json")).ok(),
        std::fs::read_to_string(p("3.json")).ok(),
        "the same definition, byte for byte"
    );
    assert_eq!(first, second);
    // The hand-written default questionnaire survives the trip too (its pages are the default
    // ones, written as groups and read back as no `pages`).
    export(&repo("surveys/dra-core.json"), &p("core.xlsx"), &[]);
    let core = convert(p("core.xlsx").to_str().unwrap_or_default(), &p("core.json"));
    assert_eq!(core, read_json(std::path::Path::new(&repo("surveys/dra-core.json"))));
}

/// pyxform's `xls2xform`, when installed (`scripts/install-deps.sh`).
fn xls2xform() -> Option<std::process::Command> {
    let works = |c: &mut std::process::Command| c.arg("--help").output().is_ok_and(|o| o.status.success());
    if works(&mut std::process::Command::new("xls2xform")) {
        return Some(std::process::Command::new("xls2xform"));
    }
    let mut py = std::process::Command::new("python3");
    py.args(["-m", "pyxform.xls2xform"]);
    let mut probe = std::process::Command::new("python3");
    probe.args(["-m", "pyxform.xls2xform"]);
    works(&mut probe).then_some(py)
}

/// XForm text with XML's escapes undone and no spaces, to compare expressions.
fn squeeze(s: &str) -> String {
    s.replace("&gt;", ">")
        .replace("&lt;", "<")
        .replace("&amp;", "&")
        .replace("&apos;", "'")
        .split_whitespace()
        .collect()
}

#[test]
fn pyxform_turns_the_exported_forms_into_xforms() {
    let Some(_) = xls2xform() else {
        assert!(std::env::var("DRA_REQUIRE_BROWSER").is_err(), "pyxform is required (scripts/install-deps.sh)");
        eprintln!("skipped: pyxform (xls2xform) is not installed; scripts/install-deps.sh installs it");
        return;
    };
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    for (name, source) in [("core", repo("surveys/dra-core.json")), ("example", repo(EXAMPLE))] {
        let xlsx = dir.path().join(format!("{name}.xlsx"));
        let xml = dir.path().join(format!("{name}.xml"));
        export(&source, &xlsx, &[]);
        let run = xls2xform().map(|mut c| c.arg(&xlsx).arg(&xml).output());
        let out = run.unwrap_or_else(|| panic!("xls2xform vanished")).unwrap_or_else(|e| panic!("{e}"));
        assert!(
            out.status.success(),
            "{name}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        let xform = std::fs::read_to_string(&xml).unwrap_or_default();
        let survey = dra::survey::load_file(std::path::Path::new(&source)).unwrap_or_else(|e| panic!("{e}"));
        for lang in &survey.languages {
            let written = dra::survey::xlsform::language::written(lang);
            assert!(xform.contains(&format!("lang=\"{written}\"")), "{name}: no translation {written}");
        }
        let path_of = |q: &str| format!("/data/{}/{q}", survey.pages[survey.page_of(q)].id);
        for q in &survey.questions {
            assert!(xform.contains(&format!("<bind nodeset=\"{}\"", path_of(&q.id))), "{name}: no question {}", q.id);
        }
        let kind = |q: &str| survey.question(q).map(|x| x.kind);
        let mut conditions = 0;
        for (id, prop) in survey.schema["properties"].as_object().into_iter().flatten() {
            let Some(c) = prop.pointer("/x-dra/relevant") else { continue };
            let cond = dra::survey::xlsform::relevant::Cond::from_json(c).unwrap_or_else(|e| panic!("{e}"));
            let mut want = cond.to_xpath(&kind).unwrap_or_else(|e| panic!("{e}"));
            for q in cond.questions() {
                want = want.replace(&format!("${{{q}}}"), &path_of(q));
            }
            let bind = xform
                .split("<bind ")
                .find(|b| b.starts_with(&format!("nodeset=\"{}\"", path_of(id))))
                .unwrap_or_else(|| panic!("{name}: no bind of {id}"));
            assert!(
                squeeze(bind).contains(&format!("relevant=\"{}\"", squeeze(&want))),
                "{name}: {id}: {want} in {bind}"
            );
            conditions += 1;
        }
        assert_eq!(conditions, if name == "core" { 0 } else { 4 });
    }
}
