//! The console: sign-in with a one-time password changed at first login, roles on every page,
//! CSRF, session end and expiry, limited sign-in attempts, the audit log, and definitions and
//! participants sent as files.

use crate::form::{Browser, csrf};
use crate::support::{conn, dra, spawn_app, stdout};

pub fn one_time_password(out: &str) -> String {
    out.split("one-time password ").nth(1).and_then(|r| r.split_whitespace().next()).unwrap_or_default().to_string()
}

pub fn login(b: &mut Browser, base: &str, user: &str, password: &str) -> crate::form::Page {
    let token = csrf(&b.get(&format!("{base}/console/login")).html);
    b.post(
        &format!("{base}/console/login"),
        &[("csrf".into(), token), ("username".into(), user.into()), ("password".into(), password.into())],
    )
}

#[test]
fn roles_sessions_and_audit() {
    let app = spawn_app();
    let base = app.url("");
    let data = app.db.dir.path().join("data");
    let data = data.to_str().unwrap_or_default().to_string();
    let env = [("DATABASE_URL", app.db.url.as_str()), ("DRA_DATA_DIR", data.as_str())];
    let add = |name: &str, role: &str| one_time_password(&stdout(&dra(&["user", "add", name, "--role", role], &env)));
    let (ana, coord) = (add("ana", "analyst"), add("carlos", "coordinator"));
    assert_eq!(ana.len(), 22, "a 128-bit one-time password");

    let mut b = Browser::default();
    assert!(b.get(&format!("{base}/console")).html.contains("name=\"password\""), "signed out: the sign-in page");
    let wrong = login(&mut b, &base, "ana", "not her password");
    assert_eq!(wrong.status, 401);
    assert!(wrong.html.contains("Usuario o contraseña incorrectos."));
    let unknown = login(&mut b, &base, "nobody", "whatever");
    assert!(unknown.html.contains("Usuario o contraseña incorrectos."), "same answer for an unknown user");

    let first = login(&mut b, &base, "ana", &ana);
    assert!(first.html.contains("Elija su contraseña"), "a one-time password must be changed first: {}", first.html);
    let token = csrf(&first.html);
    let short = b.post(
        &format!("{base}/console/password"),
        &[
            ("csrf".into(), token.clone()),
            ("current".into(), ana.clone()),
            ("new".into(), "short".into()),
            ("repeat".into(), "short".into()),
        ],
    );
    assert_eq!(short.status, 422);
    let strong = "una frase larga y propia";
    let changed = b.post(
        &format!("{base}/console/password"),
        &[
            ("csrf".into(), token),
            ("current".into(), ana.clone()),
            ("new".into(), strong.into()),
            ("repeat".into(), strong.into()),
        ],
    );
    assert!(changed.html.contains("name=\"password\""), "signed out after the change");
    let home = login(&mut b, &base, "ana", strong);
    assert_eq!(home.status, 200);
    assert!(home.html.contains("Campañas") && home.html.contains("ana (analyst)"), "{}", home.html);
    assert!(!home.html.contains("/console/audit"), "the audit log is for administrators");
    let audit = b.get(&format!("{base}/console/audit"));
    assert_eq!(audit.status, 403);

    // A coordinator cannot download analysis data.
    let mut c2 = Browser::default();
    let p = login(&mut c2, &base, "carlos", &coord);
    let t = csrf(&p.html);
    let np = "otra frase larga y propia";
    c2.post(
        &format!("{base}/console/password"),
        &[("csrf".into(), t), ("current".into(), coord), ("new".into(), np.into()), ("repeat".into(), np.into())],
    );
    login(&mut c2, &base, "carlos", np);
    assert_eq!(c2.get(&format!("{base}/console/campaigns/x/aggregates.json")).status, 403);

    // Logout without the session's CSRF token does nothing; with it, the session ends.
    let home = b.get(&format!("{base}/console"));
    assert_eq!(b.post(&format!("{base}/console/logout"), &[("csrf".into(), "forged".into())]).status, 403);
    assert!(b.get(&format!("{base}/console")).html.contains("ana (analyst)"), "still signed in");
    let token = home
        .html
        .split("name=\"csrf\" value=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap_or_default()
        .to_string();
    b.post(&format!("{base}/console/logout"), &[("csrf".into(), token)]);
    assert!(b.get(&format!("{base}/console")).html.contains("name=\"password\""), "signed out");

    // Expired sessions do not open anything.
    login(&mut b, &base, "ana", strong);
    {
        use diesel::prelude::*;
        let mut c = conn(&app.db);
        diesel::update(dra::db::schema::sessions::table)
            .set(dra::db::schema::sessions::expires_at.eq(
                chrono::NaiveDate::from_ymd_opt(2020, 1, 1).and_then(|d| d.and_hms_opt(0, 0, 0)).unwrap_or_default(),
            ))
            .execute(&mut c)
            .unwrap_or_else(|e| panic!("{e}"));
    }
    assert!(b.get(&format!("{base}/console")).html.contains("name=\"password\""), "expired session");

    // Sign-in attempts are limited per address.
    let mut robot = Browser::default();
    let statuses: Vec<u16> = (0..12).map(|_| login(&mut robot, &base, "ana", "guess").status).collect();
    assert!(statuses.contains(&429), "{statuses:?}");

    // The audit log holds who did what, from where.
    let mut c = conn(&app.db);
    let entries = dra::db::users::audit_entries(&mut c, 100).unwrap_or_else(|e| panic!("{e}"));
    let actions: Vec<String> = entries.iter().map(|e| format!("{} {}", e.1, e.2)).collect();
    for want in ["cli user added", "ana login failed", "ana password changed", "ana login", "ana logout"] {
        assert!(actions.iter().any(|a| a == want), "missing {want:?} in {actions:?}");
    }
    assert!(entries.iter().any(|e| e.4.as_deref() == Some("127.0.0.1")), "from where");
}

#[test]
fn definitions_and_participants_come_as_files_or_pasted() {
    let app = spawn_app();
    let base = app.url("");
    let data = app.db.dir.path().join("data");
    let data = data.to_str().unwrap_or_default().to_string();
    let env = [("DATABASE_URL", app.db.url.as_str()), ("DRA_DATA_DIR", data.as_str())];
    let once = one_time_password(&stdout(&dra(&["user", "add", "carla", "--role", "coordinator"], &env)));
    let mut b = Browser::default();
    let first = login(&mut b, &base, "carla", &once);
    let phrase = "una frase larga para subir archivos";
    b.post(
        &format!("{base}/console/password"),
        &[
            ("csrf".into(), csrf(&first.html)),
            ("current".into(), once),
            ("new".into(), phrase.into()),
            ("repeat".into(), phrase.into()),
        ],
    );
    login(&mut b, &base, "carla", phrase);
    let manage = b.get(&format!("{base}/console/manage"));
    let token = csrf(&manage.html);
    assert!(manage.html.contains("enctype=\"multipart/form-data\"") && manage.html.contains("type=\"file\""));
    let surveys = format!("{base}/console/surveys");

    // A broken definition file: its problems are named after the file, with line and pointer.
    let core = std::fs::read_to_string(crate::support::repo("surveys/dra-core.json")).unwrap_or_default();
    let broken = core.replacen("\"x-dra\"", "\"x-dra-typo\"", 1);
    let refused = b.post_multipart(
        &surveys,
        &[
            ("csrf", None, token.as_bytes()),
            ("file", Some("encuesta-gt.json"), broken.as_bytes()),
            ("definition", None, b""),
        ],
    );
    assert_eq!(refused.status, 422, "{}", refused.html);
    assert!(refused.html.contains("encuesta-gt.json:"), "{}", refused.html);
    // Without the session's CSRF token nothing is stored, file or not.
    let forged = b.post_multipart(&surveys, &[("csrf", None, b"forged"), ("file", Some("a.json"), core.as_bytes())]);
    assert!(forged.html.contains("CSRF") && !forged.html.contains("dra-core 1.0.0"));
    // Signed out, an upload is answered with the sign-in page and stores nothing.
    let stranger = Browser::default()
        .post_multipart(&surveys, &[("csrf", None, token.as_bytes()), ("file", Some("a.json"), core.as_bytes())]);
    assert!(
        stranger.html.contains("name=\"password\"") && !stranger.html.contains("dra-core 1.0.0"),
        "{}",
        stranger.html
    );
    // A form with more fields than any console form has is refused whole.
    let many: Vec<(&str, Option<&str>, &[u8])> =
        std::iter::once(("csrf", None, token.as_bytes())).chain((0..40).map(|_| ("x", None, &b"1"[..]))).collect();
    let crowded = b.post_multipart(&surveys, &many);
    assert!(crowded.html.contains("demasiados campos: no se guardó nada"), "{}", crowded.html);
    // Neither a file nor a pasted text.
    let empty = b.post_multipart(
        &surveys,
        &[("csrf", None, token.as_bytes()), ("file", Some(""), b""), ("definition", None, b"  ")],
    );
    assert!(empty.html.contains("Elija o pegue una definición."), "{}", empty.html);
    let stored = b.post_multipart(
        &surveys,
        &[
            ("csrf", None, token.as_bytes()),
            ("file", Some("dra-core.json"), core.as_bytes()),
            ("definition", None, b""),
        ],
    );
    assert!(stored.html.contains("se guardó dra-core 1.0.0"), "{}", stored.html);

    let created = b.post(
        &format!("{base}/console/campaigns"),
        &[
            ("csrf".into(), token.clone()),
            ("slug".into(), "gt-archivos".into()),
            ("name".into(), "Consulta".into()),
            ("survey".into(), "dra-core".into()),
        ],
    );
    assert!(created.html.contains("campaña «gt-archivos» creada"), "{}", created.html);
    let participants = format!("{base}/console/campaigns/gt-archivos/participants");
    // A CSV file, saved by a spreadsheet with a byte-order mark and CRLF line ends.
    let file = "\u{feff}email,name,organisation,group,language\r\nana@example.org,Ana,MINEDUC,public,es\r\nbad-address,X,,public,es\r\n";
    let report = b.post_multipart(
        &participants,
        &[
            ("csrf", None, token.as_bytes()),
            ("file", Some("participantes.csv"), file.as_bytes()),
            ("csv", None, b"email,name,organisation,group,language"),
        ],
    );
    assert!(report.html.contains("línea 3:") && report.html.contains("1 fila importada (nuevas: 1"), "{}", report.html);
    // Done in part: a neutral box with the counts, not an error (200, no alert).
    assert_eq!(report.status, 200);
    assert!(report.html.contains("class=\"partial\"") && !report.html.contains("role=\"alert\""), "{}", report.html);
    // Pasted rows, urlencoded as a script would post them, still import.
    let pasted = b.post(
        &participants,
        &[
            ("csrf".into(), token),
            ("csv".into(), "email,name,organisation,group,language\nbea@example.org,Bea,,academia,en".into()),
        ],
    );
    assert!(pasted.html.contains("1 fila importada (nuevas: 1"), "{}", pasted.html);
    let mut c = conn(&app.db);
    let campaign = dra::db::campaigns::require(&mut c, "gt-archivos").unwrap_or_else(|e| panic!("{e}"));
    let stored: Vec<String> = {
        use diesel::prelude::*;
        dra::db::schema::participants::table
            .filter(dra::db::schema::participants::campaign_id.eq(campaign.id))
            .select(dra::db::schema::participants::email)
            .order(dra::db::schema::participants::email)
            .load(&mut c)
            .unwrap_or_else(|e| panic!("{e}"))
    };
    assert_eq!(stored, ["ana@example.org", "bea@example.org"]);
}

/// The console creates a campaign by the same rules as the command line (one domain layer):
/// nonsense values are refused with the field's name, and nothing is made.
#[test]
fn the_console_creates_campaigns_by_the_same_rules_as_the_cli() {
    let app = spawn_app();
    let base = app.url("");
    let data = app.db.dir.path().join("data");
    let data = data.to_str().unwrap_or_default().to_string();
    let env = [("DATABASE_URL", app.db.url.as_str()), ("DRA_DATA_DIR", data.as_str())];
    assert!(dra(&["survey", "import", &crate::support::repo("surveys/dra-core.json")], &env).status.success());
    let once = one_time_password(&stdout(&dra(&["user", "add", "coord", "--role", "coordinator"], &env)));
    let mut b = Browser::default();
    let first = login(&mut b, &base, "coord", &once);
    let phrase = "una frase larga para las campañas";
    b.post(
        &format!("{base}/console/password"),
        &[
            ("csrf".into(), csrf(&first.html)),
            ("current".into(), once),
            ("new".into(), phrase.into()),
            ("repeat".into(), phrase.into()),
        ],
    );
    login(&mut b, &base, "coord", phrase);
    let token = csrf(&b.get(&format!("{base}/console/manage")).html);
    let create = |b: &mut Browser, extra: &[(&str, &str)]| {
        let mut f: Vec<(String, String)> = vec![
            ("csrf".into(), token.clone()),
            ("slug".into(), "gt-console".into()),
            ("name".into(), "Consulta".into()),
            ("survey".into(), "dra-core".into()),
            ("tz".into(), "-06:00".into()),
        ];
        for (k, v) in extra {
            f.retain(|(name, _)| name != k);
            f.push((k.to_string(), v.to_string()));
        }
        b.post(&format!("{base}/console/campaigns"), &f)
    };
    for (extra, says) in [
        (vec![("remind_every", "0")], "remind_every: reminders need an interval of 1 to 365 days"),
        (vec![("remind_every", "siete")], "remind_every: a whole number of days"),
        (vec![("closes", "2020-01-01")], "closes: it is already past"),
        (vec![("tz", "America/Guatemala")], "tz: "),
        (vec![("survey", "no-such-survey")], "survey: no stored survey"),
        (vec![("slug", "Not A Slug")], "slug: "),
    ] {
        let page = create(&mut b, &extra);
        assert_eq!(page.status, 422, "{extra:?}: {}", page.html);
        assert!(page.html.contains(says), "{extra:?}: {}", page.html);
    }
    let list = stdout(&dra(&["campaign", "list"], &env));
    assert!(!list.contains("gt-console"), "a refused campaign was made: {list}");
    let made = create(&mut b, &[("closes", "2030-12-31"), ("remind_every", "7")]);
    assert_eq!(made.status, 200, "{}", made.html);
    assert!(made.html.contains("campaña «gt-console» creada (borrador)"), "{}", made.html);
    let mut c = conn(&app.db);
    let audit = dra::db::users::audit_entries(&mut c, 20).unwrap_or_else(|e| panic!("{e}"));
    assert!(audit.iter().any(|e| e.1 == "coord" && e.2 == "campaign created"), "{audit:?}");
}

/// A coordinator's participant list: fifty to a page, searched and filtered; one participant
/// corrected (a taken address refused with what was typed kept, then a new address); an
/// invitation sent again; an analyst is not let in.
#[test]
fn coordinators_find_correct_and_resend_to_participants() {
    use diesel::prelude::*;
    let app = spawn_app();
    let base = app.url("");
    let tokens = crate::form::tokens(&app.db, "gt-people", 60, false);
    // One participant opened their link (the first): "opened", and may be sent it again.
    crate::form::seen_in_browser(&app.url(&format!("/r/{}", tokens[0])));
    let data = app.db.dir.path().join("data");
    let data = data.to_str().unwrap_or_default().to_string();
    let env = [("DATABASE_URL", app.db.url.as_str()), ("DRA_DATA_DIR", data.as_str())];
    let add = |name: &str, role: &str| one_time_password(&stdout(&dra(&["user", "add", name, "--role", role], &env)));
    let sign_in = |b: &mut Browser, user: &str, once: String| {
        let first = login(b, &base, user, &once);
        let phrase = "una frase larga para la consola";
        b.post(
            &format!("{base}/console/password"),
            &[
                ("csrf".into(), csrf(&first.html)),
                ("current".into(), once),
                ("new".into(), phrase.into()),
                ("repeat".into(), phrase.into()),
            ],
        );
        login(b, &base, user, phrase);
    };
    let mut analyst = Browser::default();
    sign_in(&mut analyst, "ana", add("ana", "analyst"));
    assert_eq!(analyst.get(&format!("{base}/console/campaigns/gt-people/participants")).status, 403);
    let mut b = Browser::default();
    sign_in(&mut b, "carla", add("carla", "coordinator"));
    let list_url = format!("{base}/console/campaigns/gt-people/participants");
    let all = b.get(&list_url);
    assert_eq!(all.status, 200);
    assert!(all.html.contains("60 de 60 participantes · página 1 de 2"), "{}", all.html);
    assert_eq!(all.html.matches("/console/campaigns/gt-people/participant?email=").count(), 50);
    assert!(all.html.contains("siguiente →"));
    let second = b.get(&format!("{list_url}?page=2"));
    assert_eq!(second.html.matches("/console/campaigns/gt-people/participant?email=").count(), 10);
    let found = b.get(&format!("{list_url}?q=P7%40GT"));
    assert!(found.html.contains("1 de 60 participantes") && found.html.contains("p7@gt-people.example"));
    let opened = b.get(&format!("{list_url}?status=opened"));
    assert!(opened.html.contains("1 de 60") && opened.html.contains("p0@gt-people.example"), "{}", opened.html);
    assert_eq!(
        opened.html.matches("aria-label=\"Reenviar la invitación").count(),
        1,
        "only who was invited can be sent it again"
    );

    let resent = b.post(
        &format!("{list_url}/resend"),
        &[("csrf".into(), csrf(&opened.html)), ("email".into(), "p0@gt-people.example".into())],
    );
    assert_eq!(resent.status, 200, "{}", resent.html);
    assert!(resent.html.contains("invitación en cola otra vez"), "{}", resent.html);
    let mut c = conn(&app.db);
    let queued: i64 = dra::db::schema::outbox::table
        .filter(dra::db::schema::outbox::recipient.eq("p0@gt-people.example"))
        .count()
        .get_result(&mut c)
        .unwrap_or(0);
    assert_eq!(queued, 2, "the first invitation and the one sent again");

    let one_url = format!("{base}/console/campaigns/gt-people/participant");
    let one = b.get(&format!("{one_url}?email=p1%40gt-people.example"));
    assert_eq!(one.status, 200);
    let form = |email: &str| -> Vec<(String, String)> {
        vec![
            ("csrf".into(), csrf(&one.html)),
            ("current".into(), "p1@gt-people.example".into()),
            ("email".into(), email.into()),
            ("name".into(), "Pedro Uno".into()),
            ("organisation".into(), "SAT".into()),
            ("group".into(), "public".into()),
            ("language".into(), "es".into()),
        ]
    };
    let taken = b.post(&one_url, &form("p2@gt-people.example"));
    assert_eq!(taken.status, 422);
    assert!(taken.html.contains("already a participant") && taken.html.contains("value=\"Pedro Uno\""));
    let done = b.post(&one_url, &form("pedro@example.org"));
    assert_eq!(done.status, 200, "{}", done.html);
    assert!(done.html.contains("pedro@example.org — corregido."), "{}", done.html);
    let gone = b.get(&format!("{one_url}?email=p1%40gt-people.example"));
    assert_eq!(gone.status, 404);
    let audit = dra::service::audit::entries(&mut c, 50).unwrap_or_else(|e| panic!("{e}"));
    for what in ["participant corrected", "invitation resent"] {
        assert!(audit.iter().any(|a| a.1 == "carla" && a.2 == what), "{what}: {audit:?}");
    }
}
