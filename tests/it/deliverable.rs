//! What the analyst takes away opens right where it goes: CSVs with a byte-order mark (Excel reads
//! UTF-8), a workbook with number formats, filter and title, the HTML report opening in the
//! browser, the console's downloads in either language, and the cover's dates in the campaign's
//! own time zone; the demo report laid out cleanly in both languages.

use diesel::prelude::*;

use crate::support::{conn, dra, seed_campaign, spawn_app, stdout};

#[test]
fn downloads_open_as_they_should() {
    let app = spawn_app();
    let mut c = conn(&app.db);
    let now = crate::support::now();
    seed_campaign(&mut c, "gt-deliver", &["a@example.org"], None, 0, now);
    // Closes at 23:59:59 on 31 December in Guatemala: 05:59:59 on 1 January in UTC.
    let close = chrono::NaiveDate::from_ymd_opt(2027, 1, 1).and_then(|d| d.and_hms_opt(5, 59, 59)).unwrap_or_default();
    diesel::update(dra::db::schema::campaigns::table)
        .set((
            dra::db::schema::campaigns::closes_at.eq(Some(close)),
            dra::db::schema::campaigns::country.eq(None::<String>),
        ))
        .execute(&mut c)
        .unwrap_or_else(|e| panic!("{e}"));
    let data = app.db.dir.path().join("data");
    let env = [("DATABASE_URL", app.db.url.as_str()), ("DRA_DATA_DIR", data.to_str().unwrap_or_default())];
    let token = stdout(&dra(&["token", "create", "--owner", "ana", "--role", "analyst"], &env)).trim().to_string();
    let get = |path: &str| {
        let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
        let mut resp = agent
            .get(&app.url(path))
            .header("Authorization", &format!("Bearer {token}"))
            .call()
            .unwrap_or_else(|e| panic!("{path}: {e}"));
        let disposition =
            resp.headers().get("content-disposition").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
        (disposition, resp.body_mut().with_config().limit(50_000_000).read_to_vec().unwrap_or_default())
    };
    for path in ["/api/v1/campaigns/gt-deliver/report.csv", "/api/v1/campaigns/gt-deliver/responses.csv"] {
        let (_, body) = get(path);
        assert!(body.starts_with(b"\xEF\xBB\xBF"), "{path}: no byte-order mark");
        // `excel=1`: the same table with semicolons, for a Spanish-locale spreadsheet.
        let (_, excel) = get(&format!("{path}?excel=1"));
        let (plain, excel) = (String::from_utf8_lossy(&body), String::from_utf8_lossy(&excel));
        let (head, excel_head) = (plain.lines().next().unwrap_or_default(), excel.lines().next().unwrap_or_default());
        assert!(excel.starts_with('\u{feff}'), "{path}?excel=1: no byte-order mark");
        assert_eq!(excel_head, head.replace(',', ";"), "{path}?excel=1: the header with semicolons");
        assert_eq!(excel.lines().count(), plain.lines().count());
    }
    let (disposition, html) = get("/api/v1/campaigns/gt-deliver/report.html?lang=es");
    assert!(disposition.starts_with("inline"), "the HTML report opens in the browser: {disposition}");
    // Shown in the browser with its own inline styles (the application's pages forbid inline
    // style); nothing loads from elsewhere and no script runs.
    let shown = ureq::get(&app.url("/api/v1/campaigns/gt-deliver/report.html?lang=es"))
        .header("Authorization", &format!("Bearer {token}"))
        .call()
        .unwrap_or_else(|e| panic!("{e}"));
    let csp = shown.headers().get("content-security-policy").and_then(|v| v.to_str().ok()).unwrap_or_default();
    assert!(
        csp.contains("style-src 'unsafe-inline'") && csp.contains("default-src 'none'") && !csp.contains("script-src"),
        "{csp}"
    );
    let html = String::from_utf8_lossy(&html);
    assert!(html.contains("2026-12-31") && !html.contains("2027-01-01"), "the close date in the campaign's zone");
    assert!(!html.contains("<dt>País</dt>"), "no empty country line");
    let (disposition, xlsx) = get("/api/v1/campaigns/gt-deliver/report.xlsx");
    assert!(disposition.starts_with("attachment"));
    let file = app.db.dir.path().join("a.xlsx");
    std::fs::write(&file, xlsx).unwrap_or_else(|e| panic!("{e}"));
    let unzip = |part: &str| {
        std::process::Command::new("unzip")
            .arg("-p")
            .arg(&file)
            .arg(part)
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
            .unwrap_or_default()
    };
    let sheet = unzip("xl/worksheets/sheet1.xml");
    assert!(sheet.contains("<autoFilter") && sheet.contains("<pane"), "filter and frozen header");
    assert!(unzip("docProps/core.xml").contains("Campaign gt-deliver"), "the workbook's title names the campaign");
}

/// The demo campaign's report, in both languages, as PDF and as printed HTML: no word outside the
/// margins, none over another, no label cut (the layout check of `pages`).
#[test]
fn the_demo_report_lays_out_cleanly_in_both_languages() {
    let db = crate::support::TestDb::new();
    let mut c = conn(&db);
    let key = dra::token::TokenKey::from_secret("test secret key, 32 bytes or more for the tests");
    let demo = dra::service::demo::seed(&mut c, &key, "http://127.0.0.1:8080", crate::support::now())
        .unwrap_or_else(|e| panic!("{e}"))
        .unwrap_or_else(|| panic!("an empty database takes the demo"));
    assert!(demo.respondents > 100);
    let data = db.dir.path().join("data");
    let env = [("DATABASE_URL", db.url.as_str()), ("DRA_DATA_DIR", data.to_str().unwrap_or_default())];
    for lang in ["es", "en"] {
        for format in ["pdf", "html"] {
            let out = db.dir.path().join(format!("demo-{lang}.{format}"));
            let path = out.to_str().unwrap_or_default();
            let run = dra(&["report", "--campaign", "demo", "--format", format, "--lang", lang, "--out", path], &env);
            assert!(run.status.success(), "{}", crate::support::stderr(&run));
        }
        crate::pages::assert_clean(&db.dir.path().join(format!("demo-{lang}.pdf")), crate::pages::PDF_MARGIN);
        let printed = db.dir.path().join(format!("demo-{lang}-html.pdf"));
        if crate::pages::print_html(&db.dir.path().join(format!("demo-{lang}.html")), &printed) {
            crate::pages::assert_clean(&printed, crate::pages::HTML_MARGIN);
        }
    }
}
