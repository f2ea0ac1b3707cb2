//! The coordinators' review of responses: responses submitted through the real form, one
//! excluded in the console, and every output checked against figures computed here (the
//! aggregates, the responses CSV, the statistics export, the comments, the method annex, the
//! fieldwork status); refusals write nothing; restoring brings the figures back; races between
//! two coordinators, and between a coordinator and the respondent's own change, store what was
//! acknowledged.

use std::sync::{Arc, Barrier};

use diesel::prelude::*;
use dra::db::schema::{audit_log, participants, responses};
use dra::survey::response::form_value;
use dra::survey::{QuestionKind, Survey};
use serde_json::Value;

use crate::form::{Browser, csrf, fields, page_answers, survey, tokens};
use crate::integrity::post;
use crate::support::{TestApp, conn, dra, spawn_app, stderr, stdout};

/// A console user of `role`, signed in with a password of their own.
fn signed_in(app: &TestApp, env: &[(&str, &str)], name: &str, role: &str) -> Browser {
    let out = stdout(&dra(&["user", "add", name, "--role", role], env));
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
    let phrase = "una frase larga para revisar respuestas";
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

/// The scored question the test follows (the first not reversed): its id and its substantive
/// options' values, in the order written (the order that ranks them on the stage scale).
fn followed(s: &Survey) -> (String, Vec<String>) {
    let q = s.scored_questions().find(|q| !q.reverse).unwrap_or_else(|| panic!("no scored question"));
    (q.id.clone(), q.options.iter().filter(|o| o.missing.is_none()).map(|o| form_value(&o.value)).collect())
}

/// The first free-text question that is not a profile field.
fn comment_question(s: &Survey) -> String {
    s.questions
        .iter()
        .find(|q| q.kind == QuestionKind::Text && q.profile.is_none())
        .map(|q| q.id.clone())
        .unwrap_or_else(|| panic!("no comment question"))
}

/// Every page's answers (option 3, first profile options), `q` answered `value`, and a comment.
fn answers(s: &Survey, q: &str, value: &str, comment: &str) -> Vec<(String, String)> {
    let mut all: Vec<(String, String)> = (0..s.pages.len()).flat_map(|p| page_answers(s, p)).collect();
    for (k, v) in &mut all {
        if k == q {
            *v = value.to_string();
        }
    }
    all.push((comment_question(s), comment.to_string()));
    all
}

/// Submits a whole response through a personal link, as one browser; returns that browser and
/// its form token.
fn submit(link: &str, s: &Survey, answers: Vec<(String, String)>) -> (Browser, String) {
    let mut b = Browser::default();
    let token = csrf(&b.get(link).html);
    let done = b.post(link, &fields(&token, s.pages.len() - 1, "submit", answers));
    assert!(done.html.contains("¡Gracias por participar!"), "{}", done.html);
    (b, token)
}

/// The response of the participant with this address.
fn response_of(app: &TestApp, email: &str) -> i64 {
    let mut c = conn(&app.db);
    responses::table
        .inner_join(participants::table)
        .filter(participants::email.eq(email))
        .select(responses::id)
        .first(&mut c)
        .unwrap_or_else(|e| panic!("{email}: {e}"))
}

/// Audit entries of an action: (actor, target, detail).
fn audited(app: &TestApp, action: &str) -> Vec<(String, Option<String>, Option<String>)> {
    let mut c = conn(&app.db);
    audit_log::table
        .filter(audit_log::action.eq(action))
        .order(audit_log::id)
        .select((audit_log::actor, audit_log::target, audit_log::detail))
        .load(&mut c)
        .unwrap_or_else(|e| panic!("{e}"))
}

/// From `dra analyze`: the group's respondents, and the followed item's n and mean in it.
fn figures(env: &[(&str, &str)], slug: &str, group: &str, item: &str) -> (u64, u64, f64) {
    let out = dra(&["analyze", "--campaign", slug], env);
    assert!(out.status.success(), "{}", stderr(&out));
    let agg: Value = serde_json::from_str(&stdout(&out)).unwrap_or_else(|e| panic!("{e}"));
    let groups = agg["groups"].as_array().cloned().unwrap_or_default();
    let g = groups.iter().position(|x| x["code"] == group).unwrap_or_else(|| panic!("no group {group}"));
    let items = agg["items"].as_array().cloned().unwrap_or_default();
    let it = items.iter().find(|x| x["id"] == item).unwrap_or_else(|| panic!("no item {item}"));
    let stats = &it["groups"][g]["stats"];
    (
        groups[g]["respondents"].as_u64().unwrap_or_default(),
        stats["n"].as_u64().unwrap_or_default(),
        stats["mean"].as_f64().unwrap_or(f64::NAN),
    )
}

/// A CLI export written to standard output.
fn export(env: &[(&str, &str)], slug: &str, format: &str, lang: &str) -> String {
    let out = dra(&["report", "--campaign", slug, "--format", format, "--lang", lang, "--out", "-"], env);
    assert!(out.status.success(), "{format}: {}", stderr(&out));
    stdout(&out)
}

/// The values of column `column` in a CSV.
fn csv_column(text: &str, column: &str) -> Vec<String> {
    let mut r = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let header = r.headers().cloned().unwrap_or_default();
    let i = header.iter().position(|h| h == column).unwrap_or_else(|| panic!("no column {column}: {header:?}"));
    r.records().map(|rec| rec.map(|r| r.get(i).unwrap_or_default().to_string()).unwrap_or_default()).collect()
}

fn near(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

/// Six responses submitted; the coordinator excludes the one with the highest answer: the
/// aggregates lose exactly that response (against the means computed here from the scale rule
/// 1 + 4·(i − 1)/(k − 1)), so do the responses CSV, the statistics export and the comments; the
/// method annex counts it with its reason; the fieldwork shows it apart; an audit entry is
/// written, and none for each refusal (no reason, an address in the reason, an unknown number,
/// an analyst, an anonymous campaign, twice). The respondent still sees it submitted. Restoring
/// brings every figure back.
#[test]
fn an_excluded_response_leaves_every_figure_and_comes_back_when_restored() {
    let app = spawn_app();
    let data = app.db.dir.path().join("data");
    let data = data.to_str().unwrap_or_default().to_string();
    let env = [("DATABASE_URL", app.db.url.as_str()), ("DRA_DATA_DIR", data.as_str())];
    let env = &env[..];
    let base = app.url("");
    let slug = "gt-review";
    let s = survey();
    let (item, options) = followed(&s);
    let k = options.len();
    assert!(k >= 3, "{item}: {options:?}");
    // Option ranks (0-based) of the six respondents; the last gives the highest.
    let ranks = [0, 1, 2, 2, 1, k - 1];
    let stage = |rank: usize| 1.0 + 4.0 * rank as f64 / (k - 1) as f64;
    let mean = |rs: &[usize]| rs.iter().map(|&r| stage(r)).sum::<f64>() / rs.len() as f64;
    let links: Vec<String> =
        tokens(&app.db, slug, ranks.len(), false).into_iter().map(|t| app.url(&format!("/r/{t}"))).collect();
    {
        // The invitations went out (the rate is per invited participant).
        use dra::db::schema::invitations;
        let mut c = conn(&app.db);
        diesel::update(invitations::table)
            .set(invitations::sent_at.eq(Some(crate::support::now())))
            .execute(&mut c)
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let mut browsers = Vec::new();
    for (i, (link, rank)) in links.iter().zip(ranks).enumerate() {
        browsers.push(submit(link, &s, answers(&s, &item, &options[rank], &format!("comentario número {i}"))));
    }
    let (n_all, item_n, all_mean) = figures(env, slug, "public", &item);
    assert_eq!((n_all, item_n), (6, 6));
    assert!(near(all_mean, mean(&ranks)), "{all_mean} vs {}", mean(&ranks));
    let last = format!("p5@{slug}.example");
    let id = response_of(&app, &last);
    let one_url = format!("{base}/console/campaigns/{slug}/response/{id}");
    let exclude_url = format!("{one_url}/exclude");

    // An analyst sees no individual response and excludes none.
    let mut analyst = signed_in(&app, env, "ana", "analyst");
    assert_eq!(analyst.get(&format!("{base}/console/campaigns/{slug}/responses")).status, 403);
    assert_eq!(analyst.get(&one_url).status, 403);
    let theirs = csrf(&analyst.get(&base).html);
    let refused = analyst.post(&exclude_url, &[("csrf".into(), theirs), ("reason".into(), "prueba".into())]);
    assert_eq!(refused.status, 403);

    // The coordinator finds it in the list and reads it as it was given.
    let mut b = signed_in(&app, env, "carla", "coordinator");
    let list = b.get(&format!("{base}/console/campaigns/{slug}/responses"));
    assert_eq!(list.status, 200, "{}", list.html);
    assert!(list.html.contains("6 de 6 respuestas · página 1 de 1"), "{}", list.html);
    assert_eq!(list.html.matches(&format!("/console/campaigns/{slug}/response/")).count(), 6);
    let found = b.get(&format!("{base}/console/campaigns/{slug}/responses?q=P5%40GT-REVIEW"));
    assert!(found.html.contains("1 de 6 respuestas") && found.html.contains(&last), "{}", found.html);
    let one = b.get(&one_url);
    assert_eq!(one.status, 200);
    let q = s.question(&item).unwrap_or_else(|| panic!("no {item}"));
    let label = q.options.iter().find(|o| form_value(&o.value) == options[k - 1]).map(|o| o.label.get("es", "es"));
    let read_back = format!("<dt>{}</dt><dd>{}</dd>", q.text.get("es", "es"), label.unwrap_or_default());
    assert!(one.html.contains(&read_back), "{read_back} in {}", one.html);
    assert!(one.html.contains(&last) && one.html.contains("comentario número 5"), "{}", one.html);
    let token = csrf(&one.html);
    let form = |reason: &str| vec![("csrf".to_string(), token.clone()), ("reason".to_string(), reason.to_string())];

    // Refusals: the form comes back with what was typed, nothing is written.
    let empty = b.post(&exclude_url, &form("  \n "));
    assert_eq!(empty.status, 422, "{}", empty.html);
    assert!(empty.html.contains("the reason is required"), "{}", empty.html);
    let named = b.post(&exclude_url, &form("duplicada de p1@gt-review.example"));
    assert_eq!(named.status, 422);
    assert!(named.html.contains(">duplicada de p1@gt-review.example</textarea>"), "what was typed: {}", named.html);
    let unknown = b.post(&format!("{base}/console/campaigns/{slug}/response/999999999/exclude"), &form("prueba"));
    assert_eq!(unknown.status, 404);
    let forged = b.post(&exclude_url, &[("csrf".into(), "forged".into()), ("reason".into(), "prueba".into())]);
    assert_eq!(forged.status, 403);
    assert!(audited(&app, "response excluded").is_empty(), "a refusal wrote an audit entry");
    assert_eq!(figures(env, slug, "public", &item).0, 6, "nothing excluded yet");

    // Excluded.
    let reason = "prueba de la coordinación";
    let done = b.post(&exclude_url, &form(reason));
    assert_eq!(done.status, 200, "{}", done.html);
    assert!(done.html.contains("excluida: sale de toda cifra y exportación"), "{}", done.html);
    assert!(done.html.contains(reason) && done.html.contains("carla") && done.html.contains("/restore"));
    let entries = audited(&app, "response excluded");
    assert_eq!(entries, vec![("carla".into(), Some(format!("{slug} #{id}")), Some(reason.into()))]);
    let twice = b.post(&exclude_url, &form("otra vez"));
    assert_eq!(twice.status, 409, "{}", twice.html);
    assert!(twice.html.contains("already excluded by carla: prueba de la coordinación"), "{}", twice.html);
    assert_eq!(audited(&app, "response excluded").len(), 1, "a refusal wrote an audit entry");

    // Every output leaves it out, by exactly that response.
    let kept = &ranks[..5];
    let (n, item_n, kept_mean) = figures(env, slug, "public", &item);
    assert_eq!((n, item_n), (5, 5));
    assert!(near(kept_mean, mean(kept)), "{kept_mean} vs {}", mean(kept));
    assert!(!near(kept_mean, all_mean), "the figure moved");
    let mut answered = csv_column(&export(env, slug, "responses-csv", "es"), &item);
    answered.sort();
    let mut want: Vec<String> = kept.iter().map(|&r| options[r].clone()).collect();
    want.sort();
    assert_eq!(answered, want, "the responses CSV");
    let dir = app.db.dir.path().join("stats");
    let out = dra(&["report", "--campaign", slug, "--format", "stats", "--out", dir.to_str().unwrap_or_default()], env);
    assert!(out.status.success(), "{}", stderr(&out));
    let data_rows = std::fs::read_to_string(dir.join(format!("{slug}-data.csv"))).unwrap_or_default();
    assert_eq!(data_rows.trim().lines().count(), 1 + 5, "the statistics export: {data_rows}");
    let comments = export(env, slug, "comments-csv", "es");
    assert!(comments.contains("comentario número 4") && !comments.contains("comentario número 5"), "{comments}");
    let html = export(env, slug, "html", "en");
    assert!(html.contains("1 response excluded by the coordinators: prueba de la coordinación (1)"), "method annex");
    let html = export(env, slug, "html", "es");
    assert!(html.contains("1 respuesta excluida por la coordinación: prueba de la coordinación (1)"));
    let status: Value =
        serde_json::from_str(&stdout(&dra(&["campaign", "status", slug, "--json"], env))).unwrap_or_default();
    let groups = status["groups"].as_array().cloned().unwrap_or_default();
    let public = groups.iter().find(|g| g["group"] == "public").cloned().unwrap_or_default();
    assert_eq!((public["submitted"].as_i64(), public["excluded"].as_i64()), (Some(6), Some(1)), "{status}");
    assert!(near(public["response_rate"].as_f64().unwrap_or_default(), 5.0 / 6.0), "{status}");
    let filtered = b.get(&format!("{base}/console/campaigns/{slug}/responses?status=excluded"));
    assert!(filtered.html.contains("1 de 6 respuestas") && filtered.html.contains(&last), "{}", filtered.html);
    let listed: Value = serde_json::from_str(&stdout(&dra(
        &["responses", "list", "--campaign", slug, "--status", "excluded", "--json"],
        env,
    )))
    .unwrap_or_default();
    assert_eq!(listed.as_array().map(Vec::len), Some(1), "{listed}");
    assert_eq!((listed[0]["id"].as_i64(), listed[0]["email"].as_str()), (Some(id), Some(last.as_str())));
    let shown: Value =
        serde_json::from_str(&stdout(&dra(&["responses", "show", "--campaign", slug, &id.to_string(), "--json"], env)))
            .unwrap_or_default();
    assert_eq!((shown["status"].as_str(), shown["exclusion_reason"].as_str()), (Some("excluded"), Some(reason)));
    assert_eq!(form_value(&shown["answers"][&item]), options[k - 1], "{shown}");

    // To the respondent it is submitted as ever: the thank-you page, and a second submit stores
    // nothing and undoes nothing.
    let (mut respondent, token5) = browsers.remove(5);
    let again = respondent.get(&links[5]);
    assert!(again.html.contains("Ver las respuestas que envió"), "{}", again.html);
    let other = fields(&token5, s.pages.len() - 1, "submit", answers(&s, &item, &options[0], "otro"));
    let resubmit = post(&links[5], &respondent.cookie_header(), &other);
    assert_eq!(resubmit.status, 409, "the first submission stands: {}", resubmit.body);
    assert_eq!(figures(env, slug, "public", &item), (5, 5, kept_mean), "still excluded, unchanged");

    // The command line: no reason is a usage error (2), an empty one a refusal (1).
    let no_reason = dra(&["responses", "exclude", "--campaign", slug, "1"], env);
    assert_eq!(no_reason.status.code(), Some(2), "{}", stderr(&no_reason));
    let blank = dra(&["responses", "exclude", "--campaign", slug, &id.to_string(), "--reason", " "], env);
    assert_eq!(blank.status.code(), Some(1));
    assert!(stderr(&blank).contains("--reason: "), "{}", stderr(&blank));

    // Restored from the command line: every figure comes back.
    let restored = dra(&["responses", "restore", "--campaign", slug, &id.to_string(), "--note", "era válida"], env);
    assert!(restored.status.success(), "{}", stderr(&restored));
    let (n, item_n, back) = figures(env, slug, "public", &item);
    assert_eq!((n, item_n), (6, 6));
    assert!(near(back, all_mean), "{back} vs {all_mean}");
    assert!(!export(env, slug, "html", "en").contains("excluded by the coordinators"));
    assert!(export(env, slug, "comments-csv", "es").contains("comentario número 5"));
    assert_eq!(
        audited(&app, "response restored"),
        vec![("cli".into(), Some(format!("{slug} #{id}")), Some("era válida".into()))]
    );
    let not_excluded = dra(&["responses", "restore", "--campaign", slug, &id.to_string()], env);
    assert_eq!(not_excluded.status.code(), Some(1));
    assert!(stderr(&not_excluded).contains("is not excluded"), "{}", stderr(&not_excluded));
    let page = b.post(&format!("{one_url}/restore"), &[("csrf".into(), token.clone()), ("note".into(), String::new())]);
    assert_eq!(page.status, 409, "{}", page.html);
    assert_eq!(audited(&app, "response restored").len(), 1);
    for (_, target, detail) in audited(&app, "response excluded").into_iter().chain(audited(&app, "response restored"))
    {
        assert!(!format!("{target:?}{detail:?}").contains('@'), "an address in the audit log");
    }
}

/// An anonymous campaign's responses are counted, never listed, shown or excluded: the console
/// shows the counts and says why, the command line refuses, nothing is audit-logged.
#[test]
fn an_anonymous_campaign_shows_counts_only() {
    let app = spawn_app();
    let data = app.db.dir.path().join("data");
    let data = data.to_str().unwrap_or_default().to_string();
    let env = [("DATABASE_URL", app.db.url.as_str()), ("DRA_DATA_DIR", data.as_str())];
    let env = &env[..];
    let slug = "gt-anon";
    let s = survey();
    let (item, options) = followed(&s);
    let links: Vec<String> = tokens(&app.db, slug, 2, false).into_iter().map(|t| app.url(&format!("/r/{t}"))).collect();
    {
        let mut c = conn(&app.db);
        diesel::update(dra::db::schema::campaigns::table.filter(dra::db::schema::campaigns::slug.eq(slug)))
            .set(dra::db::schema::campaigns::mode.eq("anonymous"))
            .execute(&mut c)
            .unwrap_or_else(|e| panic!("{e}"));
    }
    submit(&links[0], &s, answers(&s, &item, &options[0], "anónimo"));
    let id: i64 = {
        let mut c = conn(&app.db);
        responses::table.select(responses::id).first(&mut c).unwrap_or_else(|e| panic!("{e}"))
    };
    let mut b = signed_in(&app, env, "carla", "coordinator");
    let base = app.url("");
    let list = b.get(&format!("{base}/console/campaigns/{slug}/responses"));
    assert_eq!(list.status, 200);
    assert!(list.html.contains("is anonymous") && list.html.contains("Respuestas por grupo"), "{}", list.html);
    assert!(!list.html.contains("/response/"), "no response is listed: {}", list.html);
    let one = b.get(&format!("{base}/console/campaigns/{slug}/response/{id}"));
    assert_eq!(one.status, 403);
    let token = csrf(&b.get(&base).html);
    let refused = b.post(
        &format!("{base}/console/campaigns/{slug}/response/{id}/exclude"),
        &[("csrf".into(), token), ("reason".into(), "prueba".into())],
    );
    assert_eq!(refused.status, 403, "{}", refused.html);
    let listed = dra(&["responses", "list", "--campaign", slug], env);
    assert_eq!(listed.status.code(), Some(1));
    assert!(stderr(&listed).contains("is anonymous"), "{}", stderr(&listed));
    let excluded = dra(&["responses", "exclude", "--campaign", slug, &id.to_string(), "--reason", "prueba"], env);
    assert_eq!(excluded.status.code(), Some(1));
    let counts: Value =
        serde_json::from_str(&stdout(&dra(&["responses", "counts", "--campaign", slug, "--json"], env)))
            .unwrap_or_default();
    let public = counts.as_array().into_iter().flatten().find(|g| g["group"] == "public").cloned().unwrap_or_default();
    assert_eq!((public["counted"].as_i64(), public["excluded"].as_i64()), (Some(1), Some(0)), "{counts}");
    assert!(audited(&app, "response excluded").is_empty());
}

/// Two coordinators exclude the same response at once, response after response: one is
/// acknowledged, the other told it is already excluded; the stored reason is the acknowledged
/// one, with one audit entry. Then two restores at once: one is acknowledged.
#[test]
fn two_exclusions_released_together_acknowledge_one() {
    let app = spawn_app();
    let slug = "gt-race";
    let s = survey();
    let (item, options) = followed(&s);
    let rounds = 5;
    let links: Vec<String> =
        tokens(&app.db, slug, rounds, false).into_iter().map(|t| app.url(&format!("/r/{t}"))).collect();
    for link in &links {
        submit(link, &s, answers(&s, &item, &options[0], "carrera"));
    }
    let now = crate::support::now();
    for round in 0..rounds {
        let id = response_of(&app, &format!("p{round}@{slug}.example"));
        let race = |what: &'static str| {
            let gate = Arc::new(Barrier::new(2));
            let outcomes: Vec<Result<(), String>> = (0..2)
                .map(|who| {
                    let (gate, url) = (gate.clone(), app.db.url.clone());
                    std::thread::spawn(move || {
                        let url = dra::db::DatabaseUrl::parse(&url).unwrap_or_else(|e| panic!("{e}"));
                        let mut c = dra::db::connect(&url).unwrap_or_else(|e| panic!("{e}"));
                        let actor = dra::service::Actor { name: format!("coord{who}"), ip: None };
                        gate.wait();
                        let done = if what == "exclude" {
                            dra::service::exclusions::exclude(&mut c, slug, id, &format!("motivo {who}"), &actor, now)
                        } else {
                            dra::service::exclusions::restore(&mut c, slug, id, None, &actor, now)
                        };
                        done.map(|_| ()).map_err(|e| match e {
                            dra::service::DomainError::Conflict(m) => m,
                            other => panic!("{what}: not a conflict: {other}"),
                        })
                    })
                })
                .collect::<Vec<_>>()
                .into_iter()
                .map(|h| h.join().unwrap_or_else(|_| panic!("thread")))
                .collect();
            let winners: Vec<usize> = outcomes.iter().enumerate().filter(|(_, o)| o.is_ok()).map(|(i, _)| i).collect();
            assert_eq!(winners.len(), 1, "round {round}, {what}: {outcomes:?}");
            winners[0]
        };
        let winner = race("exclude");
        let mut c = conn(&app.db);
        let (by, reason): (Option<String>, Option<String>) = responses::table
            .find(id)
            .select((responses::excluded_by, responses::exclusion_reason))
            .first(&mut c)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((by, reason), (Some(format!("coord{winner}")), Some(format!("motivo {winner}"))));
        let target = Some(format!("{slug} #{id}"));
        let entries: Vec<_> = audited(&app, "response excluded").into_iter().filter(|e| e.1 == target).collect();
        assert_eq!(entries, vec![(format!("coord{winner}"), target.clone(), Some(format!("motivo {winner}")))]);
        if round % 2 == 0 {
            race("restore");
            let excluded: Option<chrono::NaiveDateTime> = responses::table
                .find(id)
                .select(responses::excluded_at)
                .first(&mut c)
                .unwrap_or_else(|e| panic!("{e}"));
            assert!(excluded.is_none());
            assert_eq!(audited(&app, "response restored").into_iter().filter(|e| e.1 == target).count(), 1);
        }
    }
    let mut c = conn(&app.db);
    let mut counted = 0;
    dra::db::responses::for_each_submitted(&mut c, 1, 100, |_, _, _| counted += 1).unwrap_or_else(|e| panic!("{e}"));
    let restored = (0..rounds).filter(|r| r % 2 == 0).count();
    assert_eq!(counted, restored, "the restored ones count, the excluded ones do not");
}

/// Where the campaign takes changes, the respondent's changed response and a coordinator's
/// exclusion released together: both are acknowledged, and both are stored (the changed answers,
/// excluded); the response stays out of the figures, and a later change keeps it excluded.
#[test]
fn an_exclusion_and_the_respondents_change_released_together_both_hold() {
    let app = spawn_app();
    let data = app.db.dir.path().join("data");
    let data = data.to_str().unwrap_or_default().to_string();
    let env = [("DATABASE_URL", app.db.url.as_str()), ("DRA_DATA_DIR", data.as_str())];
    let env = &env[..];
    let slug = "gt-edit";
    let s = survey();
    let (item, options) = followed(&s);
    let comment = comment_question(&s);
    let rounds = 5;
    let links: Vec<String> =
        tokens(&app.db, slug, rounds, true).into_iter().map(|t| app.url(&format!("/r/{t}"))).collect();
    let mut respondents: Vec<(Browser, String)> =
        links.iter().map(|link| submit(link, &s, answers(&s, &item, &options[0], "primera versión"))).collect();
    let mut coordinator = signed_in(&app, env, "carla", "coordinator");
    let base = app.url("");
    let last = s.pages.len() - 1;
    for (round, (link, (respondent, theirs))) in links.iter().zip(&mut respondents).enumerate() {
        let id = response_of(&app, &format!("p{round}@{slug}.example"));
        let page = coordinator.get(&format!("{base}/console/campaigns/{slug}/response/{id}"));
        let change = fields(theirs, last, "submit", answers(&s, &item, &options[1], &format!("cambio {round}")));
        let exclusion =
            vec![("csrf".to_string(), csrf(&page.html)), ("reason".to_string(), format!("duplicada {round}"))];
        let gate = Arc::new(Barrier::new(2));
        let (g1, g2) = (gate.clone(), gate);
        let (cookie_r, cookie_c) = (respondent.cookie_header(), coordinator.cookie_header());
        let (link_r, url_c) = (link.clone(), format!("{base}/console/campaigns/{slug}/response/{id}/exclude"));
        let edit = std::thread::spawn(move || {
            g1.wait();
            post(&link_r, &cookie_r, &change)
        });
        let exclude = std::thread::spawn(move || {
            g2.wait();
            post(&url_c, &cookie_c, &exclusion)
        });
        let (edit, exclude) =
            (edit.join().unwrap_or_else(|_| panic!("thread")), exclude.join().unwrap_or_else(|_| panic!("thread")));
        assert_eq!(edit.status, 303, "round {round}: the change is acknowledged: {}", edit.body);
        assert_eq!(exclude.status, 200, "round {round}: the exclusion is acknowledged: {}", exclude.body);
        assert!(exclude.body.contains("excluida"), "{}", exclude.body);
        let mut c = conn(&app.db);
        let (answers_now, reason): (String, Option<String>) = responses::table
            .find(id)
            .select((responses::answers, responses::exclusion_reason))
            .first(&mut c)
            .unwrap_or_else(|e| panic!("{e}"));
        let answers_now: Value = serde_json::from_str(&answers_now).unwrap_or_default();
        assert_eq!(answers_now[&comment].as_str(), Some(format!("cambio {round}").as_str()), "the change is stored");
        assert_eq!(reason, Some(format!("duplicada {round}")), "the exclusion is stored");
    }
    assert_eq!(figures(env, slug, "public", &item).0, 0, "every response is excluded");
    // A change submitted later keeps the exclusion.
    let (respondent, theirs) = &respondents[0];
    let later = post(
        &links[0],
        &respondent.cookie_header(),
        &fields(theirs, last, "submit", answers(&s, &item, &options[2], "más tarde")),
    );
    assert_eq!(later.status, 303, "{}", later.body);
    let mut c = conn(&app.db);
    let excluded: Vec<Option<chrono::NaiveDateTime>> =
        responses::table.select(responses::excluded_at).load(&mut c).unwrap_or_else(|e| panic!("{e}"));
    assert!(excluded.iter().all(Option::is_some), "{excluded:?}");
    let mut counted = 0;
    dra::db::responses::for_each_submitted(&mut c, 1, 100, |_, _, _| counted += 1).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(counted, 0);
}
