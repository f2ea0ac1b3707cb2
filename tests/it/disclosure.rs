//! One disclosure rule for every output, tried as an attacker would: a respondent who knows their
//! own answers, with every published figure (aggregates as JSON through the CLI and the API, the
//! `by` table, the aggregates CSV, the record-level export, the reports), tries to subtract their
//! way to someone else's answers, or to a suppressed group's.

use serde_json::Value;

use crate::support::{TestDb, dra, repo, stderr, stdout};

/// Respondents typed in as paper forms: (group, ethnicity, the score they give every item).
const PEOPLE: &[(&str, &str, &str, usize)] = &[
    // public: five maya, the victim (xinka), the attacker (garifuna).
    ("public", "maya", "3", 5),
    ("public", "xinka", "1", 1),
    ("public", "garifuna", "5", 1),
    ("private", "ladino_mestizo", "4", 5),
    ("private", "maya", "2", 3),
    ("academia", "ladino_mestizo", "3", 6),
    // Below the minimum of 5: in no output at all.
    ("civil_society", "maya", "5", 3),
];

struct Campaign {
    db: TestDb,
    env: Vec<(String, String)>,
}

impl Campaign {
    fn run(&self, args: &[&str]) -> (bool, String, String) {
        let env: Vec<(&str, &str)> = self.env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let out = dra(args, &env);
        (out.status.success(), stdout(&out), stderr(&out))
    }
}

/// A campaign holding `people` as paper forms.
fn campaign(slug: &str, people: &[(&str, &str, &str, usize)]) -> Campaign {
    campaign_on(slug, people, &repo("surveys/dra-core.json"))
}

/// The same, on the definition in `survey_file`.
fn campaign_on(slug: &str, people: &[(&str, &str, &str, usize)], survey_file: &str) -> Campaign {
    let db = TestDb::new();
    let data = db.dir.path().join("data").to_str().unwrap_or_default().to_string();
    let env = vec![("DATABASE_URL".to_string(), db.url.clone()), ("DRA_DATA_DIR".to_string(), data)];
    let c = Campaign { db, env };
    let (ok, out, err) = c.run(&["survey", "import", survey_file]);
    assert!(ok, "{out}{err}");
    let s = dra::survey::load_file(std::path::Path::new(survey_file)).unwrap_or_else(|e| panic!("{e}"));
    let create = ["campaign", "create", "--slug", slug, "--name", "SDC", "--closes", "2030-12-31", "--survey", &s.id];
    let (ok, out, err) = c.run(&create);
    assert!(ok, "{out}{err}");
    let header = dra::survey::paper::template_header(&s);
    let first_comment = s.questions.iter().find(|q| q.id.ends_with(".comment")).map(|q| q.id.clone());
    let cols: Vec<&str> = header.split(',').collect();
    let mut text = header.clone();
    let mut id = 0;
    for &(group, ethnicity, score, n) in people {
        for _ in 0..n {
            id += 1;
            let cells: Vec<String> = cols
                .iter()
                .map(|col| match *col {
                    "respondent" => format!("f{id}"),
                    "group" => group.to_string(),
                    "language" => "es".to_string(),
                    "ethnicity" => ethnicity.to_string(),
                    // One comment each, on the first comment box.
                    q if Some(q) == first_comment.as_deref() => format!("\"Opinión de {group} n.º {id}, con coma\""),
                    q if s.question(q).is_some_and(|q| q.kind == dra::survey::QuestionKind::Scored) => {
                        score.to_string()
                    }
                    _ => String::new(),
                })
                .collect();
            text.push('\n');
            text.push_str(&cells.join(","));
        }
    }
    let file = c.db.dir.path().join("forms.csv");
    std::fs::write(&file, text).unwrap_or_else(|e| panic!("{e}"));
    let (ok, out, err) = c.run(&["responses", "import", "--campaign", slug, file.to_str().unwrap_or_default()]);
    assert!(ok, "{out}{err}");
    c
}

/// Respondents of `group` (and of `ethnicity`, when given) in the data.
fn people_in(group: Option<&str>, ethnicity: Option<&str>) -> u64 {
    PEOPLE
        .iter()
        .filter(|p| group.is_none_or(|g| g == p.0) && ethnicity.is_none_or(|e| e == p.1))
        .map(|p| p.3 as u64)
        .sum()
}

/// The attacker's sums on one scale of the `by` table, row by row and column by column: what is
/// hidden is what the published totals leave over. It must be nobody or at least the minimum, so
/// that, taking away their own answers, at least `min − 1` people stay together.
fn assert_by_table_resists_subtraction(agg: &Value, min: u64) {
    let groups: Vec<String> = agg["groups"]
        .as_array()
        .map(|g| g.iter().filter_map(|x| x["code"].as_str().map(str::to_string)).collect())
        .unwrap_or_default();
    let values: Vec<Option<String>> = agg["by_values"]
        .as_array()
        .map(|v| v.iter().map(|x| x.as_str().map(str::to_string)).collect())
        .unwrap_or_default();
    let mut checked = 0;
    for scale in
        agg["pillars"].as_array().into_iter().flatten().chain(agg["subpillars"].as_array().into_iter().flatten())
    {
        let by = scale["by"].as_array().cloned().unwrap_or_default();
        assert_eq!(by.len(), groups.len(), "{}: one by row per group", scale["id"]);
        for (g, row) in by.iter().enumerate() {
            let published: u64 = row.as_array().into_iter().flatten().filter_map(|c| c["stats"]["n"].as_u64()).sum();
            match scale["groups"][g]["stats"]["n"].as_u64() {
                // The row total is published: the attacker's difference.
                Some(total) => {
                    let hidden = total - published;
                    assert!(
                        hidden == 0 || hidden >= min,
                        "{} / {}: {hidden} people hidden in the row",
                        scale["id"],
                        groups[g]
                    );
                }
                None => assert_eq!(published, 0, "{} / {}: a hidden group's row shows cells", scale["id"], groups[g]),
            }
            checked += 1;
        }
        // Columns: their totals are not published, but someone may know them; what the data puts
        // in the hidden cells of a column is nobody, at least the minimum, or the whole column.
        for (v, value) in values.iter().enumerate() {
            let hidden: u64 = by
                .iter()
                .enumerate()
                .filter(|(_, row)| row[v]["suppressed"].as_bool() == Some(true))
                .map(|(g, _)| people_in(Some(&groups[g]), value.as_deref()))
                .sum();
            // (A column with fewer people than the minimum in all is hidden whole: there is no
            // published figure to subtract from.)
            let everyone: u64 = groups.iter().map(|g| people_in(Some(g), value.as_deref())).sum();
            assert!(
                hidden == 0 || hidden >= min || hidden == everyone,
                "{} / {value:?}: {hidden} people hidden in the column",
                scale["id"]
            );
        }
    }
    assert!(checked > 0, "no by table to attack");
}

#[test]
fn no_output_lets_anyone_subtract_their_way_to_a_hidden_answer() {
    let c = campaign("gt-sdc", PEOPLE);
    let min = 5;
    let published = people_in(None, None) - people_in(Some("civil_society"), None);

    // 1. The aggregates with the ethnicity breakdown, from the CLI.
    let (ok, json, err) = c.run(&["analyze", "--campaign", "gt-sdc", "--by", "ethnicity"]);
    assert!(ok, "{err}");
    let agg: Value = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(agg["respondents_published"].as_u64(), Some(published));
    let cs = agg["groups"].as_array().and_then(|g| g.iter().position(|x| x["code"] == "civil_society")).unwrap_or(0);
    assert_eq!(agg["groups"][cs]["suppressed"], true);
    assert!(agg["groups"][cs]["respondents"].is_null());
    for scale in agg["pillars"].as_array().into_iter().flatten() {
        assert!(scale["groups"][cs]["stats"].is_null(), "{}: the suppressed group's figures", scale["id"]);
    }
    assert_by_table_resists_subtraction(&agg, min);
    // The attack spelled out on the public sector's row: its total, minus the published cells,
    // minus the attacker's own score, over the people left.
    let infra = &agg["pillars"][0];
    let public = agg["groups"].as_array().and_then(|g| g.iter().position(|x| x["code"] == "public")).unwrap_or(0);
    let total_n = infra["groups"][public]["stats"]["n"].as_u64().unwrap_or(0);
    let total_sum = infra["groups"][public]["stats"]["mean"].as_f64().unwrap_or(0.0) * total_n as f64;
    let (pub_n, pub_sum) =
        infra["by"][public].as_array().into_iter().flatten().filter_map(|c| c["stats"].as_object()).fold(
            (0u64, 0.0),
            |(n, s), st| {
                let k = st["n"].as_u64().unwrap_or(0);
                (n + k, s + st["mean"].as_f64().unwrap_or(0.0) * k as f64)
            },
        );
    let left = total_n - pub_n - 1;
    assert!(left >= min - 1, "after the attacker's own answer, {left} people stay hidden together");
    let guess = (total_sum - pub_sum - 5.0) / left as f64;
    assert!((guess - 1.0).abs() > 0.5, "the victim's score is recoverable: {guess}");

    // 2. The same through the API.
    let (ok, token, err) = c.run(&["token", "create", "--owner", "analista", "--role", "analyst"]);
    assert!(ok, "{err}");
    let app = crate::support::Served::start(&c.db, &[]);
    let resp = ureq::get(&format!("{}/api/v1/campaigns/gt-sdc/aggregates?by=ethnicity", app.url))
        .header("Authorization", &format!("Bearer {}", token.trim()))
        .call()
        .unwrap_or_else(|e| panic!("{e}"));
    let api: Value = resp.into_body().read_json().unwrap_or_else(|e| panic!("{e}"));
    assert_by_table_resists_subtraction(&api, min);
    assert_eq!(api["respondents_published"].as_u64(), Some(published));

    // 3. The record-level export: no row of the suppressed group, one row per published person.
    let dir = c.db.dir.path();
    let out = dir.join("responses.csv");
    let (ok, _, err) = c.run(&[
        "report",
        "--campaign",
        "gt-sdc",
        "--format",
        "responses-csv",
        "--out",
        out.to_str().unwrap_or_default(),
    ]);
    assert!(ok, "{err}");
    let text = std::fs::read_to_string(&out).unwrap_or_default();
    let rows: Vec<&str> = text.lines().skip(1).collect();
    assert_eq!(rows.len() as u64, published, "one row per published respondent");
    assert!(!text.contains("civil_society") && !text.contains("suppressed"), "rows of the suppressed group");

    // 4. The aggregates table (CSV; the XLSX has the same rows): no figure for the suppressed group.
    let csv = dir.join("aggregates.csv");
    let (ok, _, err) =
        c.run(&["report", "--campaign", "gt-sdc", "--format", "csv", "--out", csv.to_str().unwrap_or_default()]);
    assert!(ok, "{err}");
    let mut reader = csv::Reader::from_path(&csv).unwrap_or_else(|e| panic!("{e}"));
    let header: Vec<String> = reader.headers().map(|h| h.iter().map(str::to_string).collect()).unwrap_or_default();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap_or(usize::MAX);
    let (group_col, mean_col, n_col) = (col("group"), col("mean"), col("n"));
    let mut suppressed_rows = 0;
    for record in reader.records() {
        let record = record.unwrap_or_else(|e| panic!("{e}"));
        if record.get(group_col) != Some("civil_society") {
            continue;
        }
        suppressed_rows += 1;
        assert_eq!(record.get(mean_col), Some(""), "a mean for the suppressed group: {record:?}");
        assert_eq!(record.get(n_col), Some(""), "an n for the suppressed group: {record:?}");
    }
    assert!(suppressed_rows > 0, "the suppressed group is listed, without figures");
}

/// Four responses in all, with a minimum of five: no figure anywhere, not even a reliability
/// coefficient, and the report says why in one sentence.
#[test]
fn a_campaign_with_too_few_responses_publishes_nothing_and_says_so() {
    let c = campaign("gt-few", &[("public", "maya", "3", 2), ("public", "maya", "4", 2)]);
    let (ok, json, err) = c.run(&["analyze", "--campaign", "gt-few"]);
    assert!(ok, "{err}");
    let agg: Value = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(agg["respondents_published"].as_u64(), Some(0));
    for scale in
        agg["pillars"].as_array().into_iter().flatten().chain(agg["subpillars"].as_array().into_iter().flatten())
    {
        assert!(scale["reliability"].is_null(), "{}: α from 4 responses", scale["id"]);
        assert!(scale["overall"]["stats"].is_null(), "{}: an overall from 4 responses", scale["id"]);
    }
    let dir = c.db.dir.path();
    for (format, lang, headline) in [
        ("html", "en", "4 responses came in, but no figure can be published yet: no group has 5 or more responses."),
        ("pdf", "es", "Se recibieron 4 respuestas, pero todavía no se puede publicar ninguna cifra"),
    ] {
        let out = dir.join(format!("report.{format}"));
        let (ok, _, err) = c.run(&[
            "report",
            "--campaign",
            "gt-few",
            "--format",
            format,
            "--lang",
            lang,
            "--out",
            out.to_str().unwrap_or_default(),
        ]);
        assert!(ok, "{err}");
        let text = if format == "pdf" {
            let o =
                std::process::Command::new("pdftotext").arg(&out).arg("-").output().unwrap_or_else(|e| panic!("{e}"));
            String::from_utf8_lossy(&o.stdout).replace('\n', " ")
        } else {
            std::fs::read_to_string(&out).unwrap_or_default()
        };
        assert!(text.contains(headline), "{format}: no headline saying why");
        assert!(!text.contains("α = "), "{format}: a reliability figure from 4 responses");
        assert!(!text.contains("≥ 0.7") && !text.contains("≥ 0,7."), "{format}: claims every α is at least 0.7");
    }
}

/// Words from outside that a spreadsheet would run as a formula (a question's text in a
/// definition) are written as text in the aggregates CSV and XLSX.
#[test]
fn spreadsheets_never_run_a_cell_as_a_formula() {
    let text = std::fs::read_to_string(repo("surveys/dra-core.json")).unwrap_or_default();
    let evil = r#"=HYPERLINK(\"http://evil.example\",\"x\")"#;
    let changed = text
        .replacen("¿En qué parte del país hay internet móvil de banda ancha (4G o superior)?", evil, 1)
        .replace("\"id\": \"dra-core\"", "\"id\": \"dra-formula\"");
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let file = dir.path().join("formula.json");
    std::fs::write(&file, changed).unwrap_or_else(|e| panic!("{e}"));
    let c = campaign_on("gt-formula", &[("public", "maya", "3", 5)], file.to_str().unwrap_or_default());
    let out = c.db.dir.path().join("aggregates.csv");
    let args = ["report", "--campaign", "gt-formula", "--format", "csv", "--lang", "es", "--out"];
    let (ok, _, err) = c.run(&[&args[..], &[out.to_str().unwrap_or_default()]].concat());
    assert!(ok, "{err}");
    let mut reader = csv::Reader::from_path(&out).unwrap_or_else(|e| panic!("{e}"));
    let cells: Vec<String> = reader
        .records()
        .filter_map(Result::ok)
        .flat_map(|r| r.iter().map(str::to_string).collect::<Vec<_>>())
        .collect();
    assert!(cells.iter().any(|c| c.starts_with("'=HYPERLINK")), "the text is there, as text");
    assert!(!cells.iter().any(|c| c.starts_with("=HYPERLINK")), "a cell a spreadsheet would run");
    let xlsx = c.db.dir.path().join("aggregates.xlsx");
    let args = ["report", "--campaign", "gt-formula", "--format", "xlsx", "--lang", "es", "--out"];
    let (ok, _, err) = c.run(&[&args[..], &[xlsx.to_str().unwrap_or_default()]].concat());
    assert!(ok, "{err}");
    let unzip = std::process::Command::new("unzip").arg("-p").arg(&xlsx).arg("xl/sharedStrings.xml").output();
    let strings = unzip.map(|o| String::from_utf8_lossy(&o.stdout).into_owned()).unwrap_or_default();
    assert!(strings.contains("'=HYPERLINK") || strings.contains("&apos;=HYPERLINK"), "{strings}");
    assert!(!strings.contains(">=HYPERLINK"), "a string a spreadsheet would run");
}

/// What respondents wrote comes out of every door (CLI, API, console) from the published groups
/// only, with no profile field beside it, sorted so that no order ties comments to a person, and
/// with the warning that free text can identify its author.
#[test]
fn comments_are_exported_from_published_groups_only() {
    let c = campaign("gt-comments", PEOPLE);
    let dir = c.db.dir.path();
    let out = dir.join("comments.csv");
    let (ok, _, err) = c.run(&[
        "report",
        "--campaign",
        "gt-comments",
        "--format",
        "comments-csv",
        "--out",
        out.to_str().unwrap_or_default(),
    ]);
    assert!(ok, "{err}");
    let text = std::fs::read_to_string(&out).unwrap_or_default();
    assert!(text.starts_with("\u{feff}# Un texto libre puede identificar"), "BOM and the notice first");
    let published = people_in(None, None) - people_in(Some("civil_society"), None);
    let body: String = text.lines().skip(1).collect::<Vec<_>>().join("\n");
    let mut reader = csv::Reader::from_reader(body.as_bytes());
    let header: Vec<String> = reader.headers().map(|h| h.iter().map(str::to_string).collect()).unwrap_or_default();
    assert_eq!(header, ["question", "pillar", "subpillar", "group", "language", "text"], "no profile field");
    let rows: Vec<csv::StringRecord> = reader.records().filter_map(Result::ok).collect();
    assert_eq!(rows.len() as u64, published, "one comment per published respondent");
    assert!(rows.iter().all(|r| r.get(3) != Some("civil_society")), "a comment of a suppressed group");
    assert!(
        rows.iter().any(|r| r.get(5).is_some_and(|t| t.starts_with("Opinión de public n.º"))),
        "the words as written"
    );
    let texts: Vec<(String, String)> =
        rows.iter().map(|r| (r.get(3).unwrap_or_default().into(), r.get(5).unwrap_or_default().into())).collect();
    let mut sorted = texts.clone();
    sorted.sort();
    assert_eq!(texts, sorted, "sorted by group and text, not by respondent");

    let (ok, token, err) = c.run(&["token", "create", "--owner", "analista", "--role", "analyst"]);
    assert!(ok, "{err}");
    let app = crate::support::Served::start(&c.db, &[]);
    let resp = ureq::get(&format!("{}/api/v1/campaigns/gt-comments/comments.json?lang=en", app.url))
        .header("Authorization", &format!("Bearer {}", token.trim()))
        .call()
        .unwrap_or_else(|e| panic!("{e}"));
    let export: Value = resp.into_body().read_json().unwrap_or_else(|e| panic!("{e}"));
    assert!(export["notice"].as_str().is_some_and(|n| n.starts_with("Free text can identify")));
    let comments = export["comments"].as_array().cloned().unwrap_or_default();
    assert_eq!(comments.len() as u64, published);
    assert!(comments.iter().all(|c| c["group"] != "civil_society" && c.get("ethnicity").is_none()));

    // The report's annex: the published groups' comments with the notice, the suppressed group's absent.
    let html = ureq::get(&format!("{}/api/v1/campaigns/gt-comments/report.html?lang=es", app.url))
        .header("Authorization", &format!("Bearer {}", token.trim()))
        .call()
        .unwrap_or_else(|e| panic!("{e}"))
        .into_body()
        .with_config()
        .limit(50_000_000)
        .read_to_string()
        .unwrap_or_default();
    assert!(html.contains("Lo que dijeron las personas consultadas"), "the annex");
    assert!(html.contains("Un texto libre puede identificar"), "the annex's notice");
    assert!(html.contains("Opinión de public n.º"), "a published comment in the annex");
    assert!(!html.contains("Opinión de civil_society"), "a suppressed group's comment in the annex");

    // XLSX: the notice first, the same comments, none of the suppressed group's.
    let xlsx = dir.join("comments.xlsx");
    let (ok, _, err) = c.run(&[
        "report",
        "--campaign",
        "gt-comments",
        "--format",
        "comments-xlsx",
        "--out",
        xlsx.to_str().unwrap_or_default(),
    ]);
    assert!(ok, "{err}");
    let strings = std::process::Command::new("unzip")
        .arg("-p")
        .arg(&xlsx)
        .arg("xl/sharedStrings.xml")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default();
    assert!(strings.contains("Un texto libre puede identificar"), "the notice in the workbook");
    assert!(strings.contains("Opinión de public n.º"), "a published comment in the workbook");
    assert!(!strings.contains("Opinión de civil_society"), "a suppressed group's comment in the workbook");
}

/// The export for statistical packages: PSPP (`.sps`) and R (`.R`) load it with its labels, and
/// both compute the public sector's mean of an item exactly as `dra analyze` does; the
/// suppressed group's rows are not in it.
#[test]
fn pspp_and_r_load_the_export_and_reproduce_a_group_mean() {
    let c = campaign("gt-stats", PEOPLE);
    let dir = c.db.dir.path().join("stats");
    let (ok, _, err) = c.run(&[
        "report",
        "--campaign",
        "gt-stats",
        "--format",
        "stats",
        "--lang",
        "es",
        "--out",
        dir.to_str().unwrap_or_default(),
    ]);
    assert!(ok, "{err}");
    for f in ["gt-stats-data.csv", "gt-stats-codebook.csv", "gt-stats.sps", "gt-stats.do", "gt-stats.R"] {
        assert!(dir.join(f).exists(), "{f} missing");
    }
    let s =
        dra::survey::load_file(std::path::Path::new(&repo("surveys/dra-core.json"))).unwrap_or_else(|e| panic!("{e}"));
    let item = s.scored_questions().next().map(|q| q.id.clone()).unwrap_or_default();
    let codebook = std::fs::read_to_string(dir.join("gt-stats-codebook.csv")).unwrap_or_default();
    let var = codebook
        .lines()
        .find_map(|l| l.split(',').nth(1).filter(|q| *q == item).and(l.split(',').next()))
        .unwrap_or_default()
        .trim_start_matches('\u{feff}')
        .to_string();
    assert!(!var.is_empty(), "{item} in the codebook: {codebook}");
    let data = std::fs::read_to_string(dir.join("gt-stats-data.csv")).unwrap_or_default();
    let published = people_in(None, None) - people_in(Some("civil_society"), None);
    assert_eq!(data.lines().count() as u64 - 1, published, "one row per published respondent");

    let (ok, json, err) = c.run(&["analyze", "--campaign", "gt-stats"]);
    assert!(ok, "{err}");
    let agg: Value = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}"));
    let public = agg["groups"].as_array().and_then(|g| g.iter().position(|x| x["code"] == "public")).unwrap_or(0);
    let want = agg["items"]
        .as_array()
        .and_then(|i| i.iter().find(|x| x["id"] == item.as_str()))
        .and_then(|x| x["groups"][public]["stats"]["mean"].as_f64())
        .unwrap_or_else(|| panic!("no mean for {item}"));

    let required = std::env::var("DRA_REQUIRE_BROWSER").is_ok();
    let have = |tool: &str| std::process::Command::new(tool).arg("--version").output().is_ok();
    if have("pspp") {
        let sps = format!(
            "INCLUDE FILE='gt-stats.sps'.\nSELECT IF group = 1.\nAGGREGATE OUTFILE=* /BREAK=group /m=MEAN({var}).\n\
             SAVE TRANSLATE /OUTFILE='pspp-mean.csv' /TYPE=CSV /FIELDNAMES /CELLS=VALUES /REPLACE.\n"
        );
        std::fs::write(dir.join("check.sps"), sps).unwrap_or_else(|e| panic!("{e}"));
        let out = std::process::Command::new("pspp")
            .arg("check.sps")
            .current_dir(&dir)
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
        let csv = std::fs::read_to_string(dir.join("pspp-mean.csv")).unwrap_or_default();
        let got: f64 = csv
            .lines()
            .nth(1)
            .and_then(|l| l.split(',').nth(1))
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(f64::NAN);
        assert!(
            (got - want).abs() < 1e-9,
            "PSPP: {got} vs dra {want}\n{csv}\n{}",
            String::from_utf8_lossy(&out.stdout)
        );
    } else {
        assert!(!required, "pspp is missing (scripts/install-deps.sh installs it)");
        eprintln!("skipped PSPP: not installed");
    }
    if have("Rscript") {
        let code = format!(
            "source('gt-stats.R'); cat(format(mean(dra${var}[as.integer(dra$group) == 1], na.rm = TRUE), digits = 15))"
        );
        let out = std::process::Command::new("Rscript")
            .args(["-e", &code])
            .current_dir(&dir)
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
        let got: f64 = String::from_utf8_lossy(&out.stdout).trim().parse().unwrap_or(f64::NAN);
        assert!((got - want).abs() < 1e-9, "R: {got} vs dra {want}: {}", String::from_utf8_lossy(&out.stderr));
        let labelled = std::process::Command::new("Rscript")
            .args(["-e", "source('gt-stats.R'); cat(levels(dra$group)[1])"])
            .current_dir(&dir)
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
            .unwrap_or_default();
        assert!(!labelled.is_empty() && labelled != "1", "the group is a labelled factor: {labelled}");
    } else {
        assert!(!required, "Rscript is missing (scripts/install-deps.sh installs it)");
        eprintln!("skipped R: not installed");
    }
}
