//! A campaign in a third language, added by one catalog file (`tests/fixtures/locales/quc.ftl`, a
//! small test catalog of marked pseudo-translations): the form, the mail, the console and the
//! report read that catalog wherever it has the message — no Spanish or English text left in its
//! place — and fall back to Spanish (the catalog's declared fallback) for the rest. The language
//! switch names each language in itself, and the campaign's name is its own in each language.

use diesel::prelude::*;
use serde_json::Value;

use crate::console::{login, one_time_password};
use crate::form::{Browser, csrf};
use crate::support::{conn, dra, now, repo, spawn_app_with, stdout};

/// The mini survey with a `quc` text beside every Spanish/English pair.
fn survey_in_three_languages() -> dra::survey::Survey {
    fn add_quc(v: &mut Value) {
        match v {
            Value::Object(m) => {
                if let (Some(Value::String(_)), Some(Value::String(en))) = (m.get("es"), m.get("en")) {
                    let q = format!("⟨quc⟩ {en}");
                    m.insert("quc".into(), Value::String(q));
                }
                for (_, x) in m.iter_mut() {
                    add_quc(x);
                }
            }
            Value::Array(a) => a.iter_mut().for_each(add_quc),
            _ => {}
        }
    }
    let text = std::fs::read_to_string(repo("surveys/examples/mini.json")).unwrap_or_else(|e| panic!("{e}"));
    let mut v: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}"));
    add_quc(&mut v);
    v["x-dra"]["languages"] = serde_json::json!(["es", "en", "quc"]);
    let bytes = serde_json::to_vec(&v).unwrap_or_else(|e| panic!("{e}"));
    dra::survey::check_bytes(&bytes).unwrap_or_else(|p| panic!("{p:?}"))
}

/// The catalog's text, and the built-in Spanish and English texts it stands for.
fn three(id: &str) -> (String, String, String) {
    (dra::i18n::t("quc", id).to_string(), dra::i18n::t("es", id).to_string(), dra::i18n::t("en", id).to_string())
}

/// `html` holds the catalog's text of each message and neither built-in text.
fn reads_catalog(what: &str, html: &str, ids: &[&str]) {
    for id in ids {
        let (quc, es, en) = three(id);
        assert!(quc.starts_with("⟨quc⟩"), "{id} is in the test catalog: {quc}");
        assert!(html.contains(&quc), "{what}: {id} should read {quc:?}:\n{html}");
        assert!(!html.contains(&es) && !html.contains(&en), "{what}: {id} left as {es:?} or {en:?}:\n{html}");
    }
}

#[test]
fn a_third_language_reads_its_catalog_in_form_mail_console_and_report() {
    let locales = repo("tests/fixtures/locales");
    let dir = locales.clone();
    let app = spawn_app_with(move |s| s.locales_dir = Some(dir.into()));
    assert!(dra::i18n::has("quc"), "the server loaded the catalog of its locales folder");
    let mut c = conn(&app.db);
    let survey = survey_in_three_languages();
    let id = match dra::db::surveys::import(&mut c, &survey, "mini-quc.json").unwrap_or_else(|e| panic!("{e}")) {
        dra::db::surveys::Imported::New(id) | dra::db::surveys::Imported::AlreadyStored(id) => id,
    };
    let new = dra::db::campaigns::NewCampaign {
        public_link: true,
        closes_at: Some(now() + chrono::Duration::days(30)),
        names: Some(r#"{"quc": "⟨quc⟩ Mini consultation", "en": "Mini consultation"}"#.into()),
        ..dra::db::campaigns::NewCampaign::with_defaults(
            "gt-quc",
            "Consulta breve",
            id,
            vec!["es".into(), "en".into(), "quc".into()],
            "es",
        )
    };
    dra::db::campaigns::create(&mut c, &new, now()).unwrap_or_else(|e| panic!("{e}"));
    let campaign = dra::db::campaigns::require(&mut c, "gt-quc").unwrap_or_else(|e| panic!("{e}"));
    let row = dra::campaign::participants_csv::ParticipantRow {
        line: 2,
        email: "ixchel@example.org".into(),
        name: Some("Ixchel".into()),
        organisation: None,
        group: "public".into(),
        language: "quc".into(),
        attributes: Default::default(),
    };
    dra::db::participants::import(&mut c, campaign.id, &[row], now()).unwrap_or_else(|e| panic!("{e}"));
    dra::db::campaigns::set_state(&mut c, "gt-quc", dra::campaign::CampaignState::Open, now())
        .unwrap_or_else(|e| panic!("{e}"));

    // The form: the welcome screen and the first page.
    let mut b = Browser::default();
    let welcome = b.get(&app.url("/p/gt-quc?lang=quc"));
    assert_eq!(welcome.status, 200, "{}", welcome.html);
    assert!(welcome.html.contains("lang=\"quc\""), "{}", welcome.html);
    assert!(welcome.html.contains("⟨quc⟩ Mini consultation"), "the campaign's own name: {}", welcome.html);
    assert!(!welcome.html.contains("Consulta breve"), "{}", welcome.html);
    assert!(welcome.html.contains(">Kʼicheʼ<") && welcome.html.contains(">Español<"), "own names: {}", welcome.html);
    reads_catalog("welcome", &welcome.html, &["form-intro-start", "form-intro-how-long-it-takes"]);
    let page = b.get(&app.url("/p/gt-quc?page=1&lang=quc"));
    assert_eq!(page.status, 200, "{}", page.html);
    reads_catalog("form", &page.html, &["form-required", "form-progress"]);
    // A message the test catalog lacks falls back to Spanish, its declared fallback.
    let (quc, es, en) = three("form-intro-taking-part-is-voluntary-you-can-2");
    assert_eq!(quc, es, "not in the test catalog: the fallback");
    assert!(welcome.html.contains(&es) && !welcome.html.contains(&en), "{}", welcome.html);

    // The mail: an invitation to a participant who reads Kʼicheʼ.
    let key = dra::token::TokenKey::from_secret("test secret key, 32 bytes or more for the tests");
    let actor = dra::service::Actor { name: "test".into(), ip: None };
    let queued = dra::service::fieldwork::queue_mail(
        &mut c,
        "gt-quc",
        dra::service::fieldwork::Mailing::Invitations,
        "http://127.0.0.1:8080",
        &key,
        &actor,
        now(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(queued, 1);
    use dra::db::schema::outbox;
    let (subject, body): (String, String) =
        outbox::table.select((outbox::subject, outbox::body_text)).first(&mut c).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(subject, "⟨quc⟩ INVITATION: ⟨quc⟩ Mini consultation", "{body}");
    assert!(body.starts_with("⟨quc⟩ Ixchel,"), "{body}");
    assert!(!body.contains("Estimado") && !body.contains("Dear"), "{body}");

    // The console, for a browser that asks for Kʼicheʼ first.
    let data = app.db.dir.path().join("data");
    let data = data.to_str().unwrap_or_default().to_string();
    let env =
        [("DATABASE_URL", app.db.url.as_str()), ("DRA_DATA_DIR", data.as_str()), ("DRA_LOCALES_DIR", locales.as_str())];
    let once = one_time_password(&stdout(&dra(&["user", "add", "ana", "--role", "admin"], &env)));
    let mut admin = Browser::default();
    let first = login(&mut admin, &app.url(""), "ana", &once);
    let phrase = "una frase larga para la consola";
    admin.post(
        &app.url("/console/password"),
        &[
            ("csrf".into(), csrf(&first.html)),
            ("current".into(), once),
            ("new".into(), phrase.into()),
            ("repeat".into(), phrase.into()),
        ],
    );
    login(&mut admin, &app.url(""), "ana", phrase);
    let mut resp = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .new_agent()
        .get(&app.url("/console"))
        .header("Cookie", &admin.cookie_header())
        .header("Accept-Language", "quc, es;q=0.8")
        .call()
        .unwrap_or_else(|e| panic!("{e}"));
    let home = resp.body_mut().read_to_string().unwrap_or_default();
    assert!(home.contains("lang=\"quc\""), "{home}");
    reads_catalog("console", &home, &["console-sign-out", "console-audit-log"]);

    // The report, asked for in Kʼicheʼ on the command line.
    let out = app.db.dir.path().join("report-quc.html");
    let out_s = out.to_str().unwrap_or_default().to_string();
    let made = dra(&["report", "--campaign", "gt-quc", "--format", "html", "--lang", "quc", "--out", &out_s], &env);
    assert!(made.status.success(), "{}", crate::support::stderr(&made));
    let html = std::fs::read_to_string(&out).unwrap_or_else(|e| panic!("{e}"));
    assert!(html.contains("⟨quc⟩ REPORT") && html.contains("⟨quc⟩ Mini consultation"), "{html}");
    let (_, es_report, en_report) = three("report-report");
    assert!(!html.contains(&format!("{es_report} —")) && !html.contains(&format!("{en_report} —")), "{html}");

    // `dra i18n check`: Spanish and English complete; the test catalog's gaps listed.
    for lang in ["es", "en"] {
        let o = dra(&["i18n", "check", lang], &[]);
        assert!(o.status.success(), "{}", stdout(&o));
        assert!(stdout(&o).contains("complete"), "{}", stdout(&o));
    }
    let catalog = format!("{locales}/quc.ftl");
    let o = dra(&["i18n", "check", &catalog], &[]);
    assert!(!o.status.success(), "a partial catalog is reported");
    let listed = stdout(&o);
    assert!(
        listed.contains("missing  form-intro-i-agree-start") && !listed.contains("missing  form-save\n"),
        "{listed}"
    );
    let names = stdout(&dra(&["i18n", "list"], &env));
    assert!(names.contains("quc\tKʼicheʼ") && names.contains("es\tEspañol"), "{names}");
}
