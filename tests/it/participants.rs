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
    let (code, out, err) = run(&["participants", "import", "--campaign", "gt-2026", file]);
    assert_eq!(code, Some(1), "refused rows make the exit code 1");
    assert!(err.contains(&format!("{file}:3: \"not-an-email\" is not an email address")), "{err}");
    assert!(err.contains(&format!("{file}:5: duplicate of line 4")), "{err}");
    assert!(out.contains("2 rows imported into \"gt-2026\" (2 new, 0 updated, 0 unchanged); 2 rows refused"), "{out}");
    let (_, again, _) = run(&["participants", "import", "--campaign", "gt-2026", file]);
    assert!(again.contains("(0 new, 0 updated, 2 unchanged)"), "{again}");

    // Not open yet: no invitation goes out.
    let (code, _, err) = run(&["invitations", "send", "--campaign", "gt-2026"]);
    assert_eq!(code, Some(1), "a failure at run time exits 1");
    assert!(err.contains("is draft: open it first"), "{err}");
    assert_eq!(run(&["campaign", "open", "gt-2026"]).0, Some(0));
    let (code, out, err) = run(&["invitations", "send", "--campaign", "gt-2026"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("2 invitations queued") && out.contains("dra mail send"), "{out}");
    let eml = || std::fs::read_dir(db.dir.path().join("mail")).map(|d| d.count()).unwrap_or(0);
    assert_eq!(eml(), 0, "queueing sends nothing: the mail worker delivers");
    let (code, out, err) = run(&["mail", "send"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("mail via .eml files") && out.contains("2 sent"), "{out}");
    assert_eq!(eml(), 2, "without SMTP, mail is written as .eml files");
    let (_, again, _) = run(&["invitations", "send", "--campaign", "gt-2026"]);
    assert!(again.contains("0 invitations queued"), "{again}");
    let (_, status, _) = run(&["campaign", "status", "gt-2026"]);
    let public = status.lines().find(|l| l.starts_with("public")).unwrap_or_default();
    let cols: Vec<&str> = public.split_whitespace().collect();
    assert_eq!(cols, vec!["public", "1", "1", "0", "0", "0", "0", "0", "0", "0%"], "{status}");
    // Closed: nothing more.
    assert_eq!(run(&["campaign", "close", "gt-2026"]).0, Some(0));
    let (code, _, err) = run(&["campaign", "open", "gt-2026"]);
    assert_eq!(code, Some(1));
    assert!(err.contains("cannot become open"), "{err}");
    let (code, _, err) = run(&["campaign", "open"]);
    assert_eq!(code, Some(2), "a command line that does not parse exits 2: {err}");
}

/// Nonsense values on the command line are refused with the option's name, and nothing is made.
#[test]
fn the_cli_refuses_nonsense_values_with_the_option_name() {
    let db = TestDb::new();
    let env = [("DATABASE_URL", db.url.as_str()), ("DRA_DATA_DIR", db.dir.path().to_str().unwrap_or_default())];
    let run = |args: &[&str]| {
        let out = dra(args, &env);
        (out.status.code(), stdout(&out), stderr(&out))
    };
    assert_eq!(run(&["survey", "import", &repo("surveys/dra-core.json")]).0, Some(0));
    let create = |extra: &[&str]| {
        let mut args = vec!["campaign", "create", "--slug", "gt-bad", "--name", "Bad"];
        args.extend_from_slice(extra);
        run(&args)
    };
    for (extra, option) in [
        (&["--remind-every=-3"][..], "--remind-every"),
        (&["--remind-every", "0"][..], "--remind-every"),
        (&["--remind-every", "-3"][..], "--remind-every"),
        (&["--remind-max", "-1"][..], "--remind-max"),
        (&["--min-cell", "2"][..], "--min-cell"),
        (&["--closes", "2020-01-01"][..], "--closes"),
        (&["--opens", "2030-02-01", "--closes", "2030-01-01"][..], "--closes"),
        (&["--tz", "America/Guatemala"][..], "--tz"),
        (&["--tz", "+25:00"][..], "--tz"),
        (&["--tz", "-06:75"][..], "--tz"),
    ] {
        let (code, out, err) = create(extra);
        assert_ne!(code, Some(0), "{extra:?} was accepted: {out}");
        assert!(err.contains(option), "{extra:?}: the message names {option}: {err}");
    }
    let (_, list, _) = run(&["campaign", "list"]);
    assert!(!list.contains("gt-bad"), "a refused campaign was made: {list}");
    let (code, out, err) = create(&["--remind-every", "7", "--closes", "2030-12-31", "--tz", "-06:00"]);
    assert_eq!(code, Some(0), "{out}{err}");
}

/// The importers name the line an editor shows (blank lines and quoted line breaks counted),
/// refuse control characters, stop listing after 200 problems and give the count of the rest.
#[test]
fn importers_give_the_files_line_numbers_and_stop_listing() {
    let db = TestDb::new();
    let env = [("DATABASE_URL", db.url.as_str()), ("DRA_DATA_DIR", db.dir.path().to_str().unwrap_or_default())];
    let run = |args: &[&str]| {
        let out = dra(args, &env);
        (out.status.code(), stdout(&out), stderr(&out))
    };
    assert_eq!(run(&["survey", "import", &repo("surveys/dra-core.json")]).0, Some(0));
    let (code, out, err) =
        run(&["campaign", "create", "--slug", "gt-lines", "--name", "Lines", "--closes", "2030-12-31"]);
    assert_eq!(code, Some(0), "{out}{err}");
    let file = db.dir.path().join("people.csv");
    std::fs::write(
        &file,
        "email,name,group\r\n\r\nana@example.org,\"Ana\nLópez\",public\r\nbob@example.org,Bob\u{0},public\r\nnot-an-email,Cy,public\r\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let f = file.to_str().unwrap_or_default();
    let (code, out, err) = run(&["participants", "import", "--campaign", "gt-lines", f]);
    assert_eq!(code, Some(1));
    assert!(err.contains(&format!("{f}:5: \"name\" holds a control character")), "{err}");
    assert!(err.contains(&format!("{f}:6: \"not-an-email\" is not an email address")), "{err}");
    assert!(out.contains("1 row imported"), "{out}");

    let mut junk = String::from("email,group\n");
    for i in 0..1000 {
        junk.push_str(&format!("junk-{i},public\n"));
    }
    std::fs::write(&file, junk).unwrap_or_else(|e| panic!("{e}"));
    let (code, out, err) = run(&["participants", "import", "--campaign", "gt-lines", f]);
    assert_eq!(code, Some(1));
    assert_eq!(err.lines().filter(|l| l.starts_with(&format!("{f}:"))).count(), 200, "{err}");
    assert!(err.contains(&format!("{f}:201: \"junk-199\" is not an email address")), "{err}");
    assert!(err.contains("… and 800 more refused rows") && out.contains("1000 rows refused"), "{out}");

    // A paper form with a line break in a comment, after a blank line: the problem below it is
    // named at the line it is on.
    let header = stdout(&crate::support::dra(&["survey", "template", "dra-core", "--csv"], &env));
    let cols: Vec<&str> = header.trim().split(',').collect();
    let comment = cols.iter().position(|c| c.ends_with(".comment")).unwrap_or(0);
    let row = |id: &str, first: &str, note: &str| {
        let mut cells: Vec<String> = cols.iter().map(|_| String::new()).collect();
        cells[0] = id.into();
        cells[1] = "public".into();
        cells[2] = "es".into();
        cells[3] = first.into();
        cells[comment] = note.into();
        cells.join(",")
    };
    let text =
        [header.trim().to_string(), String::new(), row("f1", "3", "\"dos\nlíneas\""), row("f2", "9", "")].join("\n");
    let paper = db.dir.path().join("lines.csv");
    std::fs::write(&paper, text).unwrap_or_else(|e| panic!("{e}"));
    let p = paper.to_str().unwrap_or_default();
    let (code, out, err) = run(&["responses", "import", "--campaign", "gt-lines", p]);
    assert_eq!(code, Some(1), "{out}");
    assert!(err.contains(&format!("{p}:5: {} = 9", cols[3])), "the bad row is on line 5: {err}");
}
