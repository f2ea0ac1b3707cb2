//! National indices in the console and the API, on the demo index: every role reads the ranking
//! and the scorecards (HTML and PDF); only coordinators score and review, with the session's
//! CSRF token; a refused request stores nothing; the API answers by the token's role.

use serde_json::Value;

use crate::form::{Browser, csrf};
use crate::support::{TestApp, conn, dra, now, spawn_app, stderr, stdout};

fn env_of(app: &TestApp) -> (String, String) {
    let data = app.db.dir.path().join("data").to_str().unwrap_or_default().to_string();
    (app.db.url.clone(), data)
}

/// A console user of `role`, signed in with a password of their own.
pub(crate) fn signed_in(app: &TestApp, name: &str, role: &str) -> Browser {
    let (url, data) = env_of(app);
    let env = [("DATABASE_URL", url.as_str()), ("DRA_DATA_DIR", data.as_str())];
    let out = stdout(&dra(&["user", "add", name, "--role", role], &env));
    let once = out
        .split("one-time password ")
        .nth(1)
        .and_then(|r| r.split_whitespace().next())
        .unwrap_or_default()
        .to_string();
    let base = app.url("");
    let login = |b: &mut Browser, password: &str| {
        let token = csrf(&b.get(&format!("{base}/console/login")).html);
        b.post(
            &format!("{base}/console/login"),
            &[("csrf".into(), token), ("username".into(), name.into()), ("password".into(), password.into())],
        )
    };
    let mut b = Browser::default();
    let first = login(&mut b, &once);
    let phrase = "una frase larga para evaluar instituciones";
    b.post(
        &format!("{base}/console/password"),
        &[
            ("csrf".into(), csrf(&first.html)),
            ("current".into(), once),
            ("new".into(), phrase.into()),
            ("repeat".into(), phrase.into()),
        ],
    );
    assert_eq!(login(&mut b, phrase).status, 200, "{name} signs in");
    b
}

fn bytes(b: &Browser, url: &str) -> (u16, Vec<u8>) {
    let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
    let mut resp = agent.get(url).header("Cookie", &b.cookie_header()).call().unwrap_or_else(|e| panic!("{url}: {e}"));
    let status = resp.status().as_u16();
    (status, resp.body_mut().with_config().limit(50_000_000).read_to_vec().unwrap_or_default())
}

fn api(method: &str, url: &str, token: Option<&str>, body: Option<Value>) -> (u16, String) {
    let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
    let mut resp = match (method, body) {
        ("POST", Some(b)) => {
            let mut req = agent.post(url);
            if let Some(t) = token {
                req = req.header("Authorization", &format!("Bearer {t}"));
            }
            req.send_json(b)
        }
        _ => {
            let mut req = agent.get(url);
            if let Some(t) = token {
                req = req.header("Authorization", &format!("Bearer {t}"));
            }
            req.call()
        }
    }
    .unwrap_or_else(|e| panic!("{url}: {e}"));
    let status = resp.status().as_u16();
    (status, resp.body_mut().read_to_string().unwrap_or_default())
}

fn token(app: &TestApp, owner: &str, role: &str) -> String {
    let (url, data) = env_of(app);
    let env = [("DATABASE_URL", url.as_str()), ("DRA_DATA_DIR", data.as_str())];
    let out = dra(&["token", "create", "--owner", owner, "--role", role], &env);
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out).trim().to_string()
}

fn score_of(app: &TestApp, unit: &str, indicator: &str, evaluator: &str) -> dra::db::indices::Score {
    let mut c = conn(&app.db);
    let l = dra::service::index::load(&mut c, "demo-index").unwrap_or_else(|e| panic!("{e}"));
    let uid = l.unit_by_code(unit).map(|u| u.id).unwrap_or_default();
    l.scores
        .into_iter()
        .find(|s| s.unit_id == uid && s.indicator == indicator && s.evaluator == evaluator)
        .unwrap_or_else(|| panic!("no score"))
}

#[test]
fn every_role_reads_the_index_and_only_coordinators_score_and_review() {
    let app = spawn_app();
    assert!(dra::service::index::demo::seed(&mut conn(&app.db), now()).unwrap_or_else(|e| panic!("{e}")));
    let base = app.url("");
    let mut analyst = signed_in(&app, "ana-lista", "analyst");
    let mut coord = signed_in(&app, "coord", "coordinator");

    // Reading: the list, the ranking with its charts, a scorecard in HTML and PDF.
    let list = analyst.get(&format!("{base}/console/indices"));
    assert_eq!(list.status, 200);
    assert!(list.html.contains("/console/indices/demo-index"));
    let page = analyst.get(&format!("{base}/console/indices/demo-index"));
    assert_eq!(page.status, 200);
    assert!(page.html.contains("<svg") && page.html.contains("Ministerio de Finanzas"), "ranking shown");
    assert!(!page.html.contains("/console/indices/demo-index/scores"), "no scoring link for an analyst");
    let card = analyst.get(&format!("{base}/console/indices/demo-index/files/scorecard-mspas.html?lang=en"));
    assert_eq!(card.status, 200);
    assert!(card.html.contains("What to improve first") && card.html.contains("https://mspas.gob.gt/datos/online"));
    let (status, pdf) =
        bytes(&analyst, &format!("{base}/console/indices/demo-index/files/scorecard-mspas.pdf?lang=es"));
    assert_eq!(status, 200);
    assert!(pdf.starts_with(b"%PDF"));
    let (status, csv) = bytes(&analyst, &format!("{base}/console/indices/demo-index/files/index-ranking.csv"));
    assert_eq!(status, 200);
    assert!(String::from_utf8_lossy(&csv).starts_with("unit,name,sector,ranked,coverage,index,rank"));
    assert_eq!(analyst.get(&format!("{base}/console/indices/demo-index/files/nothing.exe")).status, 404);

    // Scoring is for coordinators: the analyst is refused, with the page and when posting.
    assert_eq!(analyst.get(&format!("{base}/console/indices/demo-index/scores")).status, 403);
    let before = score_of(&app, "ine", "online", "ana");
    let analyst_csrf = csrf(&analyst.get(&format!("{base}/console/indices")).html);
    let confirm = |token: String, version: i64| {
        vec![
            ("csrf".to_string(), token),
            ("version".to_string(), version.to_string()),
            ("action".to_string(), "confirm".to_string()),
        ]
    };
    let refused = analyst.post(
        &format!("{base}/console/indices/demo-index/review/{}", before.id),
        &confirm(analyst_csrf, before.version),
    );
    assert_eq!(refused.status, 403);
    // A coordinator with a wrong CSRF token is refused too; nothing changed.
    let wrong = coord.post(
        &format!("{base}/console/indices/demo-index/review/{}", before.id),
        &confirm("forged".into(), before.version),
    );
    assert_eq!(wrong.status, 403);
    assert_eq!(score_of(&app, "ine", "online", "ana").version, before.version, "nothing stored");

    // The coordinator confirms a score through the form; a stale second try is a conflict.
    let scores_page = coord.get(&format!("{base}/console/indices/demo-index/scores"));
    assert_eq!(scores_page.status, 200);
    let token_c = csrf(&scores_page.html);
    let done = coord.post(
        &format!("{base}/console/indices/demo-index/review/{}", before.id),
        &confirm(token_c.clone(), before.version),
    );
    assert_eq!(done.status, 200, "{}", done.html);
    let after = score_of(&app, "ine", "online", "ana");
    assert_eq!((after.status.as_str(), after.version), ("confirmed", before.version + 1));
    let again = coord.post(
        &format!("{base}/console/indices/demo-index/review/{}", before.id),
        &confirm(token_c.clone(), before.version),
    );
    assert_eq!(again.status, 409);
    // A score of the coordinator's own: needs evidence (URL for this indicator).
    let fields = |url: &str| {
        vec![
            ("csrf".to_string(), token_c.clone()),
            ("unit".to_string(), "ine".to_string()),
            ("indicator".to_string(), "online".to_string()),
            ("value".to_string(), "2".to_string()),
            ("evidence_url".to_string(), url.to_string()),
        ]
    };
    assert_eq!(coord.post(&format!("{base}/console/indices/demo-index/score"), &fields("")).status, 422);
    assert_eq!(
        coord.post(&format!("{base}/console/indices/demo-index/score"), &fields("https://ine.gob.gt/x")).status,
        200
    );
    assert_eq!(score_of(&app, "ine", "online", "coord").value, 2.0);

    // The API: by the token's role.
    let read = token(&app, "ana-lista", "analyst");
    let write = token(&app, "coord", "coordinator");
    assert_eq!(api("GET", &format!("{base}/api/v1/indices/demo-index"), None, None).0, 401);
    let (status, body) = api("GET", &format!("{base}/api/v1/indices/demo-index"), Some(&read), None);
    assert_eq!(status, 200);
    let figures: Value = serde_json::from_str(&body).unwrap_or_default();
    assert_eq!(figures["index"]["units"].as_array().map_or(0, Vec::len), 14);
    assert_eq!(figures["uncertainty"]["runs"], 1000);
    let body =
        serde_json::json!({"unit": "sat", "indicator": "api", "value": 3, "evidence_url": "https://sat.gob.gt/api"});
    assert_eq!(
        api("POST", &format!("{base}/api/v1/indices/demo-index/scores"), Some(&read), Some(body.clone())).0,
        403
    );
    let (status, answer) = api("POST", &format!("{base}/api/v1/indices/demo-index/scores"), Some(&write), Some(body));
    assert_eq!(status, 200, "{answer}");
    assert_eq!(score_of(&app, "sat", "api", "coord").value, 3.0);
    let s = score_of(&app, "sat", "api", "coord");
    let own = serde_json::json!({"version": s.version, "action": "confirm"});
    let (status, _) =
        api("POST", &format!("{base}/api/v1/indices/demo-index/scores/{}/review", s.id), Some(&write), Some(own));
    assert_eq!(status, 403, "nobody reviews their own score");
}
