//! Privacy and access at the edges: secrets too short to trust, files only their owner reads,
//! tokens kept out of logs however the address is spelled, slugs that name nothing until checked,
//! spreadsheet cells that cannot run as formulas.

use crate::form::tokens;
use crate::support::{Served, TestDb, conn, dra, repo, stderr};

#[test]
fn a_short_or_empty_secret_key_stops_dra() {
    let db = TestDb::new();
    let data = db.dir.path().join("data");
    let data = data.to_str().unwrap_or_default();
    let out = dra(&["serve"], &[("DATABASE_URL", &db.url), ("DRA_DATA_DIR", data), ("DRA_SECRET_KEY", "hunter2")]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("DRA_SECRET_KEY is 7 bytes: at least 32"), "{}", stderr(&out));
    assert!(!stderr(&out).contains("hunter2"), "the secret is not printed");
    std::fs::create_dir_all(data).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(db.dir.path().join("data/secret.key"), "").unwrap_or_else(|e| panic!("{e}"));
    let out = dra(&["serve"], &[("DATABASE_URL", &db.url), ("DRA_DATA_DIR", data), ("DRA_BIND", "127.0.0.1:0")]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("secret.key holds 0 bytes"), "{}", stderr(&out));
}

#[cfg(unix)]
#[test]
fn files_with_personal_data_are_for_their_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let db = TestDb::sqlite();
    let data = db.dir.path().join("data");
    let data_s = data.to_str().unwrap_or_default().to_string();
    let env = [("DATABASE_URL", db.url.as_str()), ("DRA_DATA_DIR", data_s.as_str())];
    assert!(dra(&["survey", "import", &repo("surveys/dra-core.json")], &env).status.success());
    let out = dra(&["campaign", "create", "--slug", "gt-files", "--name", "Files", "--closes", "2030-12-31"], &env);
    assert!(out.status.success(), "{}", stderr(&out));
    let csv = db.dir.path().join("p.csv");
    std::fs::write(&csv, "email,group\nana@example.org,public\n").unwrap_or_else(|e| panic!("{e}"));
    assert!(
        dra(&["participants", "import", "--campaign", "gt-files", csv.to_str().unwrap_or_default()], &env)
            .status
            .success()
    );
    assert!(dra(&["campaign", "open", "gt-files"], &env).status.success());
    assert!(dra(&["invitations", "send", "--campaign", "gt-files"], &env).status.success());
    assert!(dra(&["mail", "send"], &env).status.success());
    let report = db.dir.path().join("report.json");
    let out = dra(
        &["report", "--campaign", "gt-files", "--format", "json", "--out", report.to_str().unwrap_or_default()],
        &env,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let mode = |p: &std::path::Path| std::fs::metadata(p).map(|m| m.permissions().mode() & 0o777).unwrap_or(0);
    let mut checked = vec![db.dir.path().join("dra.sqlite3"), data.join("secret.key"), report];
    let mail: Vec<std::path::PathBuf> = std::fs::read_dir(data.join("mail"))
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    assert_eq!(mail.len(), 1, "one invitation written as a file");
    checked.extend(mail);
    for p in checked {
        assert_eq!(mode(&p) & 0o077, 0, "{} is readable by others: {:o}", p.display(), mode(&p));
    }
}

/// The questionnaire answers on another spelling of its address (`/%72/` is `/r/`), and the log
/// still shows no token; a slug that could inject cookie attributes names no cookie at all.
#[test]
fn tokens_stay_out_of_logs_and_slugs_out_of_cookies() {
    let db = TestDb::new();
    let toks = tokens(&db, "gt-logs", 1, false);
    let served = Served::start(&db, &[("DRA_LOG", "info")]);
    let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
    let spelled = format!("{}/%72/{}", served.url, toks[0]);
    assert_eq!(agent.get(&spelled).call().map(|r| r.status().as_u16()).unwrap_or(0), 200);
    let injected =
        agent.get(&format!("{}/p/k%3Dv%3B%20Path%3D%2F", served.url)).call().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(injected.status().as_u16(), 404);
    assert!(injected.headers().get("set-cookie").is_none(), "a cookie named after an unchecked slug");
    let unknown = agent.get(&format!("{}/p/no-such-campaign", served.url)).call().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(unknown.status().as_u16(), 404);
    std::thread::sleep(std::time::Duration::from_millis(300));
    let log = std::fs::read_to_string(&served.log).unwrap_or_default();
    assert!(log.contains("/r/[token]"), "the request is logged: {log}");
    assert!(!log.contains(&toks[0]), "a token in the log: {log}");
}

/// Cells from outside that a spreadsheet would run as formulas are written as text.
#[test]
fn the_audit_log_csv_neutralises_formulas() {
    let db = TestDb::new();
    let mut c = conn(&db);
    let now = crate::support::now();
    dra::db::users::audit(&mut c, "=HYPERLINK(\"http://evil\",\"x\")", "sign-in failed", Some("+1-2"), None, now)
        .unwrap_or_else(|e| panic!("{e}"));
    let csv = String::from_utf8(dra::service::audit::csv(&mut c).unwrap_or_else(|e| panic!("{e}"))).unwrap_or_default();
    assert!(csv.contains("\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\""), "{csv}");
    assert!(csv.contains(",'+1-2,"), "{csv}");
}

/// An anonymous campaign: twelve people answer through their personal links, one after the
/// other. Every join an analyst or a database reader could try between the responses and the
/// people (participant, link key, times of invitations and mails, order of ids) finds nothing.
#[test]
fn anonymous_responses_cannot_be_joined_to_anyone() {
    use diesel::prelude::*;
    use dra::db::schema::{campaigns, invitations, outbox, responses};
    let app = crate::support::spawn_app();
    let links = crate::form::invited_many(&app, "anon", 13, false);
    let mut c = conn(&app.db);
    diesel::update(campaigns::table.filter(campaigns::slug.eq("anon")))
        .set(campaigns::mode.eq("anonymous"))
        .execute(&mut c)
        .unwrap_or_else(|e| panic!("{e}"));
    let s = crate::form::survey();
    let last = s.pages.len() - 1;
    for link in &links[..12] {
        let mut b = crate::form::Browser::default();
        let token = crate::integrity::draft_all_but_last(&mut b, link, &s);
        let done = b.post(link, &crate::form::fields(&token, last, "submit", crate::form::page_answers(&s, last)));
        assert!(done.html.contains("¡Gracias por participar!"), "{}", done.html);
        // Opening the link again shows the thank-you page; submitting again stores nothing.
        assert!(b.get(link).html.contains("¡Gracias por participar!"));
        let again = crate::integrity::post(
            link,
            &b.cookie_header(),
            &crate::form::fields(&token, last, "submit", crate::form::page_answers(&s, last)),
        );
        assert_eq!(again.status, 409, "{}", again.body);
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    // The thirteenth only saves a page: a draft, still found again from the link.
    let mut b = crate::form::Browser::default();
    let token = crate::form::csrf(&b.get(&links[12]).html);
    b.post(&links[12], &crate::form::fields(&token, 0, "next", crate::form::page_answers(&s, 0)));

    type Row = (
        i64,
        Option<i64>,
        Option<String>,
        String,
        chrono::NaiveDateTime,
        chrono::NaiveDateTime,
        Option<chrono::NaiveDateTime>,
    );
    let rows: Vec<Row> = responses::table
        .filter(responses::status.eq("submitted"))
        .select((
            responses::id,
            responses::participant_id,
            responses::respondent_key,
            responses::status,
            responses::created_at,
            responses::updated_at,
            responses::submitted_at,
        ))
        .load(&mut c)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(rows.len(), 12);
    // No participant, no key that a link leads to.
    assert!(rows.iter().all(|r| r.1.is_none() && r.2.is_none()), "a response names its participant or link");
    let key = crate::support::settings(&app.db).token_key().unwrap_or_else(|e| panic!("{e}"));
    let link_keys: Vec<String> =
        links.iter().map(|l| key.mac("response", l.rsplit('/').next().unwrap_or_default())).collect();
    let stored_keys: Vec<Option<String>> =
        responses::table.select(responses::respondent_key).load(&mut c).unwrap_or_else(|e| panic!("{e}"));
    let found: usize = link_keys.iter().filter(|k| stored_keys.contains(&Some((*k).clone()))).count();
    assert_eq!(found, 1, "only the unsubmitted draft is still found from its link");
    // One time on every response: the same for all, so no time matches an invitation or a mail.
    let times: std::collections::HashSet<chrono::NaiveDateTime> =
        rows.iter().flat_map(|r| [Some(r.4), Some(r.5), r.6]).flatten().collect();
    assert_eq!(times.len(), 1, "response times that differ: {times:?}");
    let invitation_times: Vec<Option<chrono::NaiveDateTime>> =
        invitations::table.select(invitations::submitted_at).load(&mut c).unwrap_or_else(|e| panic!("{e}"));
    crate::support::queue_thanks(&mut c);
    let mail_times: Vec<chrono::NaiveDateTime> = outbox::table
        .filter(outbox::kind.eq("thank_you"))
        .select(outbox::created_at)
        .load(&mut c)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(mail_times.len(), 12, "each got their thank-you");
    for t in &times {
        assert!(!invitation_times.contains(&Some(*t)) && !mail_times.contains(t), "a response time matches");
    }
    // The order of ids is not the order of submissions (nor of invitations, nor of mails).
    let mut by_id = rows.clone();
    by_id.sort_by_key(|r| r.0);
    let mut submitted_order: Vec<(chrono::NaiveDateTime, i64)> = invitations::table
        .filter(invitations::submitted_at.is_not_null())
        .select((invitations::submitted_at.assume_not_null(), invitations::id))
        .load(&mut c)
        .unwrap_or_else(|e| panic!("{e}"));
    submitted_order.sort();
    let ids: Vec<i64> = by_id.iter().map(|r| r.0).collect();
    assert!(ids.windows(2).any(|w| w[1] - w[0] != 1), "consecutive ids follow the submissions: {ids:?}");
    assert!(ids.iter().all(|&id| id >= 1 << 32), "ids from a sequence: {ids:?}");
    // The figures are all there.
    let agg = dra::db::aggregates::load(&mut c, "anon", None).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(agg.respondents_published, 12);
}
