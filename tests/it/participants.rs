//! `dra participants import` and `dra campaign status` through the binary.

use crate::support::{TestDb, dra, repo, stderr, stdout};

#[test]
fn import_reports_rows_and_is_idempotent() {
    let db = TestDb::new();
    let env = [("DATABASE_URL", db.url.as_str()), ("DRA_DATA_DIR", db.dir.path().to_str().unwrap_or_default())];
    let run = |args: &[&str]| {
        let out = dra(args, &env);
        (out.status.code(), stdout(&out), stderr(&out))
    };
    assert_eq!(run(&["survey", "import", &repo("surveys/dra-core.json")]).0, Some(0));
    let (code, out, err) = run(&[
        "campaign",
        "create",
        "--slug",
        "gt-2026",
        "--name",
        "DRA Guatemala",
        "--closes",
        "2030-12-31",
        "--tz",
        "-06:00",
    ]);
    assert_eq!(code, Some(0), "{out}{err}");
    let csv = db.dir.path().join("people.csv");
    std::fs::write(
        &csv,
        "email,name,organisation,group,language,department\n\
         ana@example.org,Ana,MINEDUC,public,es,Guatemala\n\
         not-an-email,Bob,,private,en,\n\
         cy@example.org,Cy,,private,en,Petén\n\
         cy@example.org,Cy again,,private,en,\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let file = csv.to_str().unwrap_or_default();
    let (code, out, _) = run(&["participants", "import", "--campaign", "gt-2026", file]);
    assert_eq!(code, Some(1), "refused rows make the exit code 1");
    assert!(out.contains(&format!("{file}:3: \"not-an-email\" is not an email address")), "{out}");
    assert!(out.contains(&format!("{file}:5: duplicate of line 4")), "{out}");
    assert!(out.contains("2 rows imported into \"gt-2026\" (2 new, 0 updated, 0 unchanged); 2 rows refused"), "{out}");
    let (_, again, _) = run(&["participants", "import", "--campaign", "gt-2026", file]);
    assert!(again.contains("(0 new, 0 updated, 2 unchanged)"), "{again}");

    // Not open yet: no invitation goes out.
    let (code, _, err) = run(&["invitations", "send", "--campaign", "gt-2026"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("is draft: open it first"), "{err}");
    assert_eq!(run(&["campaign", "open", "gt-2026"]).0, Some(0));
    let (code, out, err) = run(&["invitations", "send", "--campaign", "gt-2026"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("2 invitation(s) queued") && out.contains("dra mail send"), "{out}");
    let eml = || std::fs::read_dir(db.dir.path().join("mail")).map(|d| d.count()).unwrap_or(0);
    assert_eq!(eml(), 0, "queueing sends nothing: the mail worker delivers");
    let (code, out, err) = run(&["mail", "send"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("mail via .eml files") && out.contains("2 sent"), "{out}");
    assert_eq!(eml(), 2, "without SMTP, mail is written as .eml files");
    let (_, again, _) = run(&["invitations", "send", "--campaign", "gt-2026"]);
    assert!(again.contains("0 invitation(s) queued"), "{again}");
    let (_, status, _) = run(&["campaign", "status", "gt-2026"]);
    let public = status.lines().find(|l| l.starts_with("public")).unwrap_or_default();
    let cols: Vec<&str> = public.split_whitespace().collect();
    assert_eq!(cols, vec!["public", "1", "1", "0", "0", "0", "0", "0", "0%"], "{status}");
    // Closed: nothing more.
    assert_eq!(run(&["campaign", "close", "gt-2026"]).0, Some(0));
    let (code, _, err) = run(&["campaign", "open", "gt-2026"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("cannot become open"), "{err}");
}
