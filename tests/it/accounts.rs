//! Accounts and access as people expect them: a one-time password opens only the password
//! change, a password change asks the current one, sessions end when idle, API tokens expire, are
//! listed and revoked and never hold more than their owner, users are disabled and given other
//! roles (from the CLI and the administrators' page), every change is audited; behind a trusted
//! proxy the client's own address counts, and guessing from one place locks nobody out elsewhere.

use diesel::prelude::*;
use dra::db::schema::{api_tokens, sessions};

use crate::form::{Browser, csrf};
use crate::support::{TestApp, conn, dra, spawn_app, spawn_app_with, stderr, stdout};

fn env(app: &TestApp) -> Vec<(String, String)> {
    let data = app.db.dir.path().join("data");
    vec![("DATABASE_URL".into(), app.db.url.clone()), ("DRA_DATA_DIR".into(), data.to_str().unwrap_or_default().into())]
}

fn run(app: &TestApp, args: &[&str]) -> (bool, String, String) {
    let e = env(app);
    let pairs: Vec<(&str, &str)> = e.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let out = dra(args, &pairs);
    (out.status.success(), stdout(&out), stderr(&out))
}

fn one_time(out: &str) -> String {
    out.split("one-time password ").nth(1).and_then(|r| r.split_whitespace().next()).unwrap_or_default().to_string()
}

/// A request with a browser's cookies, the redirect not followed: status and `Location`.
fn raw(b: &Browser, method: &str, url: &str, form: &[(&str, &str)]) -> (u16, String) {
    let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).max_redirects(0).build().into();
    let resp = if method == "GET" {
        agent.get(url).header("Cookie", &b.cookie_header()).call()
    } else {
        agent.post(url).header("Cookie", &b.cookie_header()).send_form(form.iter().copied())
    }
    .unwrap_or_else(|e| panic!("{url}: {e}"));
    let location = resp.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    (resp.status().as_u16(), location)
}

fn sign_in(b: &mut Browser, app: &TestApp, user: &str, password: &str) -> crate::form::Page {
    let token = csrf(&b.get(&app.url("/console/login")).html);
    b.post(
        &app.url("/console/login"),
        &[("csrf".into(), token), ("username".into(), user.into()), ("password".into(), password.into())],
    )
}

fn change_password(b: &mut Browser, app: &TestApp, current: &str, new: &str) -> crate::form::Page {
    let page = b.get(&app.url("/console/password"));
    b.post(
        &app.url("/console/password"),
        &[
            ("csrf".into(), csrf(&page.html)),
            ("current".into(), current.into()),
            ("new".into(), new.into()),
            ("repeat".into(), new.into()),
        ],
    )
}

#[test]
fn a_one_time_password_opens_only_the_password_change() {
    let app = spawn_app();
    let otp = one_time(&run(&app, &["user", "add", "root", "--role", "admin"]).1);
    let mut b = Browser::default();
    let first = sign_in(&mut b, &app, "root", &otp);
    assert!(first.html.contains("Elija su contraseña"), "{}", first.html);
    let token = csrf(&first.html);
    for path in [
        "/console",
        "/console/manage",
        "/console/audit",
        "/console/audit.csv",
        "/console/users",
        "/console/campaigns/x/aggregates.json",
    ] {
        let (status, to) = raw(&b, "GET", &app.url(path), &[]);
        assert_eq!((status, to.as_str()), (303, "/console/password"), "GET {path}");
    }
    for path in [
        "/console/campaigns",
        "/console/surveys",
        "/console/campaigns/x/participants",
        "/console/campaigns/x/action",
        "/console/users",
        "/console/users/root",
        "/console/tokens/1/revoke",
    ] {
        let form = [
            ("csrf", token.as_str()),
            ("action", "disable"),
            ("name", "x"),
            ("slug", "x"),
            ("survey", "dra-core"),
            ("role", "admin"),
        ];
        let (status, to) = raw(&b, "POST", &app.url(path), &form);
        assert_eq!((status, to.as_str()), (303, "/console/password"), "POST {path}");
    }
    // The change asks the current (one-time) password.
    let wrong = change_password(&mut b, &app, "not it", "una frase larga y segura");
    assert_eq!(wrong.status, 422);
    assert!(wrong.html.contains("La contraseña actual no es correcta."));
    let done = change_password(&mut b, &app, &otp, "una frase larga y segura");
    assert!(done.html.contains("name=\"password\""), "signed out after the change");
    assert!(done.html.contains("Su contraseña cambió"), "and told why: {}", done.html);
    assert_eq!(sign_in(&mut b, &app, "root", "una frase larga y segura").status, 200);
    let mut c = conn(&app.db);
    let audit = dra::db::users::audit_entries(&mut c, 50).unwrap_or_else(|e| panic!("{e}"));
    assert!(audit.iter().any(|e| e.1 == "root" && e.2 == "password change refused"), "{audit:?}");
}

#[test]
fn sessions_end_when_idle_and_after_eight_hours() {
    let app = spawn_app_with(|s| s.session_idle_minutes = 30);
    let otp = one_time(&run(&app, &["user", "add", "ana", "--role", "analyst"]).1);
    let mut b = Browser::default();
    sign_in(&mut b, &app, "ana", &otp);
    change_password(&mut b, &app, &otp, "una frase larga y segura");
    sign_in(&mut b, &app, "ana", "una frase larga y segura");
    assert!(b.get(&app.url("/console")).html.contains("ana (analyst)"));
    let mut c = conn(&app.db);
    let now = crate::support::now();
    // 29 idle minutes: still signed in (and the use renews it).
    diesel::update(sessions::table)
        .set(sessions::last_seen_at.eq(Some(now - chrono::Duration::minutes(29))))
        .execute(&mut c)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(b.get(&app.url("/console")).html.contains("ana (analyst)"), "29 minutes idle");
    diesel::update(sessions::table)
        .set(sessions::last_seen_at.eq(Some(now - chrono::Duration::minutes(31))))
        .execute(&mut c)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(b.get(&app.url("/console")).html.contains("name=\"password\""), "31 minutes idle: signed out");
    let left: i64 = sessions::table.count().get_result(&mut c).unwrap_or(-1);
    assert_eq!(left, 0, "the idle session is gone");
}

#[test]
fn tokens_expire_are_revoked_and_never_hold_more_than_their_owner() {
    let app = spawn_app();
    let api = |token: &str, path: &str| -> u16 {
        let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
        agent
            .get(&app.url(path))
            .header("Authorization", &format!("Bearer {token}"))
            .call()
            .map(|r| r.status().as_u16())
            .unwrap_or(0)
    };
    run(&app, &["user", "add", "ana", "--role", "analyst"]);
    let (ok, _, err) = run(&app, &["token", "create", "--owner", "ana", "--role", "admin"]);
    assert!(!ok && err.contains("ana is analyst: a token of theirs cannot be admin"), "{err}");
    let (ok, token, err) =
        run(&app, &["token", "create", "--owner", "carla", "--role", "coordinator", "--name", "etl"]);
    assert!(ok, "{err}");
    assert!(err.contains("valid until"), "the expiry is shown at creation: {err}");
    let token = token.trim().to_string();
    assert_eq!(api(&token, "/api/v1/campaigns"), 200);
    assert_eq!(api(&token, "/api/v1/audit.csv"), 403, "a coordinator's token");
    let (_, list, _) = run(&app, &["token", "list"]);
    assert!(list.contains("carla") && list.contains("etl") && !list.contains(&token), "{list}");
    let mut c = conn(&app.db);
    let expires: Option<chrono::NaiveDateTime> =
        api_tokens::table.select(api_tokens::expires_at).order(api_tokens::id.desc()).first(&mut c).unwrap_or(None);
    let days = expires.map(|e| (e - crate::support::now()).num_days()).unwrap_or(0);
    assert!((89..=90).contains(&days), "90 days by default: {days}");
    // The owner's role now bounds the token: carla made analyst, the token reads as analyst.
    let (ok, _, err) = run(&app, &["user", "role", "carla", "analyst"]);
    assert!(ok, "{err}");
    assert_eq!(api(&token, "/api/v1/campaigns/x/participants"), 403, "held to the owner's new role");
    // Disabled owner: no token of theirs works; enabled again: it does.
    assert!(run(&app, &["user", "disable", "carla"]).0);
    assert_eq!(api(&token, "/api/v1/campaigns"), 401);
    assert!(run(&app, &["user", "enable", "carla"]).0);
    assert_eq!(api(&token, "/api/v1/campaigns"), 200);
    // Revoked: at once.
    let id: i64 = api_tokens::table.select(api_tokens::id).order(api_tokens::id.desc()).first(&mut c).unwrap_or(0);
    let (ok, out, _) = run(&app, &["token", "revoke", &id.to_string()]);
    assert!(ok && out.contains("revoked"), "{out}");
    assert_eq!(api(&token, "/api/v1/campaigns"), 401);
    // Expired: at once too.
    let (_, second, _) =
        run(&app, &["token", "create", "--owner", "ana", "--role", "analyst", "--expires-in-days", "1"]);
    diesel::update(api_tokens::table.filter(api_tokens::revoked_at.is_null()))
        .set(api_tokens::expires_at.eq(Some(crate::support::now() - chrono::Duration::minutes(1))))
        .execute(&mut c)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(api(second.trim(), "/api/v1/campaigns"), 401);
    let audit = dra::db::users::audit_entries(&mut c, 50).unwrap_or_else(|e| panic!("{e}"));
    for what in ["API token created", "user role changed", "user disabled", "user enabled", "API token revoked"] {
        assert!(audit.iter().any(|e| e.2 == what), "{what} not audited: {audit:?}");
    }
}

#[test]
fn administrators_manage_users_and_tokens_in_the_console() {
    let app = spawn_app();
    let otp = one_time(&run(&app, &["user", "add", "root", "--role", "admin"]).1);
    let ana_otp = one_time(&run(&app, &["user", "add", "ana", "--role", "analyst"]).1);
    let (_, token, _) = run(&app, &["token", "create", "--owner", "ana", "--role", "analyst"]);
    let mut b = Browser::default();
    sign_in(&mut b, &app, "root", &otp);
    change_password(&mut b, &app, &otp, "una frase larga y segura");
    sign_in(&mut b, &app, "root", "una frase larga y segura");
    let page = b.get(&app.url("/console/users"));
    assert_eq!(page.status, 200);
    assert!(page.html.contains("ana") && page.html.contains("analyst") && !page.html.contains(token.trim()));
    let t = csrf(&page.html);
    let disabled =
        b.post(&app.url("/console/users/ana"), &[("csrf".into(), t.clone()), ("action".into(), "disable".into())]);
    assert!(disabled.html.contains("user disabled: ana"), "{}", disabled.html);
    let mut ana = Browser::default();
    assert_eq!(sign_in(&mut ana, &app, "ana", &ana_otp).status, 401, "a disabled user cannot sign in");
    // The last administrator cannot be disabled nor demoted.
    let refused =
        b.post(&app.url("/console/users/root"), &[("csrf".into(), t.clone()), ("action".into(), "disable".into())]);
    assert_eq!(refused.status, 422);
    assert!(refused.html.contains("last administrator"), "{}", refused.html);
    let added = b.post(
        &app.url("/console/users"),
        &[("csrf".into(), t.clone()), ("name".into(), "nuevo".into()), ("role".into(), "coordinator".into())],
    );
    assert!(added.html.contains("nuevo (coordinator): one-time password"), "{}", added.html);
    let bad = b.post(
        &app.url("/console/users"),
        &[("csrf".into(), t.clone()), ("name".into(), "=HYPERLINK(x)".into()), ("role".into(), "analyst".into())],
    );
    assert_eq!(bad.status, 422, "a name that is not a user name");
    let forged = b.post(&app.url("/console/tokens/1/revoke"), &[("csrf".into(), "forged".into())]);
    assert_eq!(forged.status, 403);
    let revoked = b.post(&app.url("/console/tokens/1/revoke"), &[("csrf".into(), t)]);
    assert!(revoked.html.contains("#1 (ana: api) revoked"), "{}", revoked.html);
    let mut c = conn(&app.db);
    let audit = dra::db::users::audit_entries(&mut c, 50).unwrap_or_else(|e| panic!("{e}"));
    for what in ["user disabled", "user added", "API token revoked"] {
        assert!(audit.iter().any(|e| e.1 == "root" && e.2 == what), "{what} by root not audited: {audit:?}");
    }
}

/// Behind a trusted proxy, the client's address is the forwarded one: in the audit log, and in
/// the sign-in limits, so one client's guesses lock out neither another client nor the account's
/// owner on a device that signed in before. From an untrusted peer, the header is ignored.
#[test]
fn behind_a_trusted_proxy_the_clients_own_address_counts() {
    let app = spawn_app_with(|s| s.trusted_proxies = vec!["127.0.0.1".into()]);
    let otp = one_time(&run(&app, &["user", "add", "root", "--role", "admin"]).1);
    let login_from = |b: &mut Browser, client: &str, password: &str| -> u16 {
        let agent: ureq::Agent =
            ureq::Agent::config_builder().http_status_as_error(false).max_redirects(0).build().into();
        let mut page = agent
            .get(&app.url("/console/login"))
            .header("Cookie", &b.cookie_header())
            .header("X-Forwarded-For", client)
            .call()
            .unwrap_or_else(|e| panic!("{e}"));
        for h in page.headers().get_all("set-cookie") {
            if let Some((k, v)) = h.to_str().ok().and_then(|s| s.split(';').next()).and_then(|kv| kv.split_once('=')) {
                b.set_cookie(k, v);
            }
        }
        let token = csrf(&page.body_mut().read_to_string().unwrap_or_default());
        let resp = agent
            .post(&app.url("/console/login"))
            .header("Cookie", &b.cookie_header())
            .header("X-Forwarded-For", client)
            .send_form([("csrf", token.as_str()), ("username", "root"), ("password", password)])
            .unwrap_or_else(|e| panic!("{e}"));
        for h in resp.headers().get_all("set-cookie") {
            if let Some((k, v)) = h.to_str().ok().and_then(|s| s.split(';').next()).and_then(|kv| kv.split_once('=')) {
                b.set_cookie(k, v);
            }
        }
        resp.status().as_u16()
    };
    // The owner signs in once from their own device.
    let mut owner = Browser::default();
    assert_eq!(login_from(&mut owner, "198.51.100.20", &otp), 303);
    // Someone guesses from another address: limited there.
    let mut attacker = Browser::default();
    let statuses: Vec<u16> = (0..12).map(|_| login_from(&mut attacker, "203.0.113.66", "guess")).collect();
    assert!(statuses.contains(&429), "{statuses:?}");
    // Neither the owner's device (even at the attacker's address) nor another address is locked out.
    assert_eq!(login_from(&mut owner, "203.0.113.66", &otp), 303, "the owner's device at the same address");
    let mut elsewhere = Browser::default();
    assert_eq!(login_from(&mut elsewhere, "192.0.2.44", &otp), 303, "a new device at another address");
    let mut c = conn(&app.db);
    let audit = dra::db::users::audit_entries(&mut c, 100).unwrap_or_else(|e| panic!("{e}"));
    assert!(audit.iter().any(|e| e.2 == "login failed" && e.4.as_deref() == Some("203.0.113.66")), "{audit:?}");
    assert!(audit.iter().any(|e| e.2 == "login" && e.4.as_deref() == Some("198.51.100.20")), "{audit:?}");

    // Without trust, the header is anyone's words: the peer's address is recorded.
    let plain = spawn_app();
    run(&plain, &["user", "add", "root", "--role", "admin"]);
    let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).max_redirects(0).build().into();
    let _ = agent.post(&plain.url("/console/login")).header("X-Forwarded-For", "203.0.113.66").send_form([
        ("csrf", "x"),
        ("username", "root"),
        ("password", "guess"),
    ]);
    let mut b = Browser::default();
    sign_in(&mut b, &plain, "root", "guess");
    let mut c = conn(&plain.db);
    let audit = dra::db::users::audit_entries(&mut c, 100).unwrap_or_else(|e| panic!("{e}"));
    assert!(audit.iter().all(|e| e.4.as_deref() != Some("203.0.113.66")), "{audit:?}");
}
