//! What a respondent is told is what is stored: requests of one respondent released together
//! (a submit and a page save from another tab, twenty submits of different answers), refused
//! requests, and bad input of every kind, on the personal link and the public link. After each,
//! the stored response is compared with what every answer acknowledged.

use std::sync::{Arc, Barrier};

use diesel::prelude::*;
use dra::db::schema::{campaigns, responses};
use serde_json::Value;

use crate::form::{Browser, csrf, fields, invited, invited_many, page_answers, survey};
use crate::support::{TestApp, conn, spawn_app};

/// What a request was answered: status, `Location`, body.
pub struct Answer {
    pub status: u16,
    pub location: String,
    pub body: String,
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder().http_status_as_error(false).max_redirects(0).build().into()
}

/// Posts a form as it is, without following a redirect.
pub fn post(url: &str, cookie: &str, fields: &[(String, String)]) -> Answer {
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let resp =
        agent().post(url).header("Cookie", cookie).send_form(pairs).unwrap_or_else(|e| panic!("POST {url}: {e}"));
    answer(resp)
}

/// Posts raw bytes as an urlencoded form.
pub fn post_raw(url: &str, cookie: &str, body: &[u8]) -> Answer {
    let resp = agent()
        .post(url)
        .header("Cookie", cookie)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .send(body)
        .unwrap_or_else(|e| panic!("POST {url}: {e}"));
    answer(resp)
}

fn answer(mut resp: ureq::http::Response<ureq::Body>) -> Answer {
    let status = resp.status().as_u16();
    let location = resp.headers().get("location").and_then(|l| l.to_str().ok()).unwrap_or_default().to_string();
    let body = resp.body_mut().with_config().limit(50_000_000).read_to_string().unwrap_or_default();
    Answer { status, location, body }
}

/// A stored response: status, answers, codes, change in progress.
#[derive(Debug, Clone, PartialEq)]
struct Row {
    status: String,
    answers: Value,
    codes: Option<String>,
    pending: Option<Value>,
}

/// The responses of a campaign, in the order of their participants (or of their ids).
fn rows(app: &TestApp, slug: &str) -> Vec<Row> {
    let mut c = conn(&app.db);
    let id: i64 = campaigns::table
        .filter(campaigns::slug.eq(slug))
        .select(campaigns::id)
        .first(&mut c)
        .unwrap_or_else(|e| panic!("{e}"));
    let raw: Vec<(String, String, Option<String>, Option<String>)> = responses::table
        .filter(responses::campaign_id.eq(id))
        .order((responses::participant_id, responses::id))
        .select((responses::status, responses::answers, responses::codes, responses::pending))
        .load(&mut c)
        .unwrap_or_else(|e| panic!("{e}"));
    raw.into_iter()
        .map(|(status, answers, codes, pending)| Row {
            status,
            answers: serde_json::from_str(&answers).unwrap_or_else(|e| panic!("stored answers: {e}")),
            codes,
            pending: pending.map(|p| serde_json::from_str(&p).unwrap_or_else(|e| panic!("pending: {e}"))),
        })
        .collect()
}

/// A submitted row is whole: its answers satisfy the survey's schema and its codes are theirs.
fn assert_whole(s: &dra::survey::Survey, row: &Row) {
    assert_eq!(row.status, "submitted");
    let validator = dra::survey::validator(s).unwrap_or_else(|e| panic!("{e}"));
    assert!(validator.is_valid(&row.answers), "a submitted response that does not validate: {:?}", row.answers);
    let map = row.answers.as_object().cloned().unwrap_or_default();
    assert_eq!(row.codes, dra::analysis::codes::encode(s, &map), "codes of other answers than the stored ones");
}

/// Every page but the last answered (option 3), through the browser: a draft.
pub fn draft_all_but_last(b: &mut Browser, link: &str, s: &dra::survey::Survey) -> String {
    let token = csrf(&b.get(link).html);
    for page in 0..s.pages.len() - 1 {
        let next = b.post(link, &fields(&token, page, "next", page_answers(s, page)));
        assert_eq!(next.status, 200, "{}", next.html);
    }
    token
}

/// This page's answers with option 2 instead of 3.
fn other_answers(s: &dra::survey::Survey, page: usize) -> Vec<(String, String)> {
    page_answers(s, page).into_iter().map(|(k, v)| (k, if v == "3" { "2".to_string() } else { v })).collect()
}

/// A submit and a page save of one link released together, pair after pair: the submit is always
/// acknowledged and stored whole; the page save's answers are in the stored response exactly when
/// it was acknowledged (303) before the submit, and a page save after the submit is refused (no
/// changes) or kept apart as a change in progress (changes allowed), never mixed in.
#[test]
fn a_submit_and_a_page_save_released_together_never_mix() {
    let app = spawn_app();
    let s = survey();
    let last = s.pages.len() - 1;
    let raced = 2;
    for (slug, pairs, changes) in [("race", 30, false), ("race-edit", 10, true)] {
        let links = invited_many(&app, slug, pairs, changes);
        let mut page_save_first = 0;
        for link in &links {
            let mut b = Browser::default();
            let token = draft_all_but_last(&mut b, link, &s);
            let cookie = b.cookie_header();
            let gate = Arc::new(Barrier::new(2));
            let submit = {
                let (gate, link, cookie) = (gate.clone(), link.clone(), cookie.clone());
                let f = fields(&token, last, "submit", page_answers(&s, last));
                std::thread::spawn(move || {
                    gate.wait();
                    post(&link, &cookie, &f)
                })
            };
            let save = {
                let (gate, link, cookie) = (gate.clone(), link.clone(), cookie.clone());
                let f = fields(&token, raced, "next", other_answers(&s, raced));
                std::thread::spawn(move || {
                    gate.wait();
                    post(&link, &cookie, &f)
                })
            };
            let submit = submit.join().unwrap_or_else(|_| panic!("submit thread"));
            let save = save.join().unwrap_or_else(|_| panic!("save thread"));
            assert_eq!(submit.status, 303, "the submit: {}", submit.body);
            assert!(!submit.location.contains("page="), "the submit leads to the thank-you page: {}", submit.location);
            assert!(matches!(save.status, 303 | 409), "the page save: {} {}", save.status, save.body);
            let stored = rows(&app, slug);
            let row = stored.last().unwrap_or_else(|| panic!("nothing stored"));
            assert_whole(&s, row);
            let raced_value = |a: &Value| {
                other_answers(&s, raced).iter().filter(|(k, v)| a[k.as_str()] == v.parse::<i64>().unwrap_or(0)).count()
            };
            let raced_n = other_answers(&s, raced).iter().filter(|(_, v)| v == "2").count();
            let in_answers = raced_value(&row.answers) == raced_n;
            let in_pending = row.pending.as_ref().is_some_and(|p| raced_value(p) == raced_n);
            match (save.status, changes) {
                (409, false) => assert!(!in_answers && row.pending.is_none(), "a refused save left its answers"),
                (409, true) => panic!("with changes allowed a page save is kept as a change: {}", save.body),
                (_, false) => assert!(in_answers, "an acknowledged page save is not in the submitted response"),
                (_, true) => assert!(
                    in_answers != in_pending,
                    "the page save is either in the submitted answers or in the change in progress, once"
                ),
            }
            page_save_first += usize::from(in_answers);
        }
        eprintln!("{slug}: the page save came first in {page_save_first} of {pairs} pairs");
    }
    assert_eq!(ureq::get(&app.url("/healthz")).call().map(|r| r.status().as_u16()).unwrap_or(0), 200);
}

/// All pages' answers in one post: option 3 everywhere but one question per set (option 1).
fn whole_set(s: &dra::survey::Survey, variant: usize) -> Vec<(String, String)> {
    let mut all: Vec<(String, String)> = (0..s.pages.len()).flat_map(|p| page_answers(s, p)).collect();
    let scored: Vec<usize> = all.iter().enumerate().filter(|(_, (_, v))| v == "3").map(|(i, _)| i).collect();
    if let Some(&i) = scored.get(variant % scored.len()) {
        all[i].1 = "1".into();
    }
    all
}

/// Twenty different answer sets submitted at once to one link of a campaign that takes no
/// changes: the first wins and is stored; every other is told it was not stored.
#[test]
fn twenty_different_answer_sets_at_once_store_the_one_acknowledged() {
    let app = spawn_app();
    for anonymous in [false, true] {
        twenty_at_once(&app, if anonymous { "twenty-anon" } else { "twenty" }, anonymous);
    }
}

fn twenty_at_once(app: &TestApp, slug: &str, anonymous: bool) {
    let s = survey();
    let last = s.pages.len() - 1;
    let link = invited(app, slug, false);
    if anonymous {
        let mut c = conn(&app.db);
        diesel::update(campaigns::table.filter(campaigns::slug.eq(slug)))
            .set(campaigns::mode.eq("anonymous"))
            .execute(&mut c)
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let mut b = Browser::default();
    let token = csrf(&b.get(&link).html);
    let cookie = b.cookie_header();
    let gate = Arc::new(Barrier::new(20));
    let handles: Vec<_> = (0..20)
        .map(|i| {
            let (gate, link, cookie) = (gate.clone(), link.clone(), cookie.clone());
            let f = fields(&token, last, "submit", whole_set(&s, i));
            std::thread::spawn(move || {
                gate.wait();
                (i, post(&link, &cookie, &f))
            })
        })
        .collect();
    let answers: Vec<(usize, Answer)> =
        handles.into_iter().map(|h| h.join().unwrap_or_else(|_| panic!("thread"))).collect();
    let acknowledged: Vec<usize> = answers.iter().filter(|(_, a)| a.status == 303).map(|(i, _)| *i).collect();
    assert_eq!(acknowledged.len(), 1, "{slug}: exactly one submission is acknowledged: {acknowledged:?}");
    for (i, a) in &answers {
        if a.status != 303 {
            assert_eq!(a.status, 409, "{slug}, set {i}: {}", a.body);
            assert!(a.body.contains("no se guardó") && !a.body.contains("¡Gracias"), "set {i}: {}", a.body);
        }
    }
    let stored = rows(app, slug);
    assert_eq!(stored.len(), 1, "{slug}: {stored:?}");
    assert_whole(&s, &stored[0]);
    for (k, v) in whole_set(&s, acknowledged[0]) {
        assert_eq!(dra::survey::response::form_value(&stored[0].answers[&k]), v, "{k}: not the acknowledged set");
    }
    let again = post(&link, &cookie, &fields(&token, last, "submit", whole_set(&s, acknowledged[0])));
    if anonymous {
        // Nothing leads back to the stored answers: a new submission is only told it was not stored.
        assert_eq!(again.status, 409, "{}", again.body);
    } else {
        // The same answers posted again (a double click) are told they are stored, as they are.
        assert_eq!(again.status, 200);
        assert!(again.body.contains("¡Gracias por participar!"), "{}", again.body);
    }
    assert_eq!(rows(app, slug), stored, "nothing changed");
}

fn open_public_link(app: &TestApp, slug: &str) {
    let mut c = conn(&app.db);
    diesel::update(campaigns::table.filter(campaigns::slug.eq(slug)))
        .set(campaigns::public_link.eq(1))
        .execute(&mut c)
        .unwrap_or_else(|e| panic!("{e}"));
}

/// On the public link, twenty sets posted at once from one browser: one stored, as acknowledged.
#[test]
fn twenty_sets_from_one_browser_on_the_public_link() {
    let app = spawn_app();
    let s = survey();
    let last = s.pages.len() - 1;
    invited(&app, "twenty-public", false);
    open_public_link(&app, "twenty-public");
    let url = app.url("/p/twenty-public");
    let mut b = Browser::default();
    let token = csrf(&b.get(&url).html);
    let cookie = b.cookie_header();
    let gate = Arc::new(Barrier::new(20));
    let handles: Vec<_> = (0..20)
        .map(|i| {
            let (gate, url, cookie) = (gate.clone(), url.clone(), cookie.clone());
            let mut f = fields(&token, last, "submit", whole_set(&s, i));
            f.push(("group".into(), "citizen".into()));
            std::thread::spawn(move || {
                gate.wait();
                (i, post(&url, &cookie, &f))
            })
        })
        .collect();
    let answers: Vec<(usize, Answer)> =
        handles.into_iter().map(|h| h.join().unwrap_or_else(|_| panic!("thread"))).collect();
    let acknowledged: Vec<usize> = answers.iter().filter(|(_, a)| a.status == 303).map(|(i, _)| *i).collect();
    assert_eq!(acknowledged.len(), 1, "{:?}", answers.iter().map(|(i, a)| (*i, a.status)).collect::<Vec<_>>());
    let stored = rows(&app, "twenty-public");
    assert_eq!(stored.len(), 1);
    assert_whole(&s, &stored[0]);
    for (k, v) in whole_set(&s, acknowledged[0]) {
        assert_eq!(dra::survey::response::form_value(&stored[0].answers[&k]), v, "{k}");
    }
}

fn healthy(app: &TestApp) {
    assert_eq!(ureq::get(&app.url("/healthz")).call().map(|r| r.status().as_u16()).unwrap_or(0), 200);
}

/// Every kind of bad value, on the personal link and the public link, before and after a
/// submission: a 4xx, nothing stored, and the server stays healthy.
#[test]
fn refused_requests_store_nothing() {
    let app = spawn_app();
    let s = survey();
    let last = s.pages.len() - 1;
    let link = invited(&app, "refused", false);
    let mut b = Browser::default();
    let token = csrf(&b.get(&link).html);
    let cookie = b.cookie_header();
    let page = 1;
    let comment = s.pages[page].questions.iter().find(|q| q.ends_with(".comment")).cloned().unwrap_or_default();
    let scored = page_answers(&s, page)[0].0.clone();
    let with = |extra: (&str, &str)| {
        let mut f = fields(&token, page, "next", page_answers(&s, page));
        f.retain(|(k, _)| k != extra.0);
        f.push((extra.0.to_string(), extra.1.to_string()));
        f
    };
    let long = "x".repeat(5000);
    let cases: Vec<(&str, Vec<(String, String)>)> = vec![
        ("an option that does not exist", with((&scored, "9"))),
        ("a text over its maxLength", with((&comment, &long))),
        ("a number as a choice", with((&scored, "3.5"))),
    ];
    for (what, f) in &cases {
        for action in ["next", "prev", "save", "submit", "lang:en"] {
            let mut f = f.clone();
            f.retain(|(k, _)| k != "action");
            f.push(("action".into(), action.into()));
            let a = post(&link, &cookie, &f);
            assert_eq!(a.status, 422, "{what} ({action}): {}", a.status);
            assert!(rows(&app, "refused").is_empty(), "{what} ({action}) stored something");
        }
    }
    // Bodies that are not text, or hold control characters; a body over the bound.
    let base = format!("csrf={token}&page=2&lang=es&action=next&");
    for (what, tail, status) in [
        ("invalid UTF-8", format!("{comment}=caf%E9").into_bytes(), 400),
        ("a raw invalid byte", [comment.as_bytes(), b"=caf\xe9"].concat(), 400),
        ("a NUL", format!("{comment}=a%00b").into_bytes(), 400),
        ("an escape", format!("{comment}=%1B%5B2J").into_bytes(), 400),
        ("a field name with NUL", b"x%00=1".to_vec(), 400),
        ("3.9 MB", format!("{comment}={}", "y".repeat(3_900_000)).into_bytes(), 413),
    ] {
        let body = [base.as_bytes(), &tail].concat();
        let a = post_raw(&link, &cookie, &body);
        assert_eq!(a.status, status, "{what}: {}", a.body.chars().take(300).collect::<String>());
        assert!(a.body.contains("No se guardó nada") || status == 413, "{what}: {}", a.body);
        assert!(rows(&app, "refused").is_empty(), "{what} stored something");
        healthy(&app);
    }
    // Submitted: a later page save, bad or good, changes nothing, and says so.
    let token2 = draft_all_but_last(&mut b, &link, &s);
    let done = b.post(&link, &fields(&token2, last, "submit", page_answers(&s, last)));
    assert!(done.html.contains("¡Gracias por participar!"), "{}", done.html);
    let submitted = rows(&app, "refused");
    for (what, f) in cases.iter().chain([("a good page", fields(&token, page, "next", other_answers(&s, page)))].iter())
    {
        let a = post(&link, &cookie, f);
        assert_eq!(a.status, 409, "{what} after the submission: {}", a.body);
        assert_eq!(rows(&app, "refused"), submitted, "{what} after the submission changed the response");
    }

    // The public link: a group that does not exist, a flood of text.
    open_public_link(&app, "refused");
    let url = app.url("/p/refused");
    let mut citizen = Browser::default();
    let token = csrf(&citizen.get(&url).html);
    let cookie = citizen.cookie_header();
    let mut f = fields(&token, 0, "next", page_answers(&s, 0));
    f.push(("group".into(), "no-such-group".into()));
    let a = post(&url, &cookie, &f);
    assert_eq!(a.status, 422, "{}", a.body);
    for _ in 0..10 {
        let body = [
            format!("csrf={token}&page=1&lang=es&action=next&group=citizen&{comment}=").as_bytes(),
            &[b'z'; 3_900_000][..],
        ]
        .concat();
        assert_eq!(post_raw(&url, &cookie, &body).status, 413);
    }
    assert_eq!(rows(&app, "refused"), submitted, "the public link stored something");
    healthy(&app);
}

/// Addresses that are not printable text never reach a handler, on either backend.
#[test]
fn addresses_and_names_with_control_characters_get_a_4xx() {
    let app = spawn_app();
    invited(&app, "edge", false);
    let raw = |path: &str| -> u16 {
        use std::io::{Read, Write};
        let mut s = std::net::TcpStream::connect(app.addr).unwrap_or_else(|e| panic!("{e}"));
        write!(s, "GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").unwrap_or_else(|e| panic!("{e}"));
        let mut out = String::new();
        let _ = s.read_to_string(&mut out);
        out.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or(0)
    };
    for path in ["/p/%00", "/p/edge%0D%0ALocation:%20x/again", "/p/%FF%FE", "/r/%00%00", "/o/%00", "/p/edge?lang=%00"] {
        let status = raw(path);
        assert!((400..500).contains(&status), "{path}: {status}");
    }
    // A user name with a NUL at the sign-in, a long one: refused, not a server error.
    let login = app.url("/console/login");
    let a = post_raw(&login, "", b"username=ad%00min&password=x&csrf=x");
    assert!((400..500).contains(&a.status), "NUL user name: {} {}", a.status, a.body);
    let a = post_raw(&login, "", format!("username={}&password=x", "a".repeat(3_000_000)).as_bytes());
    assert!((400..500).contains(&a.status), "a 3 MB user name: {}", a.status);
    healthy(&app);
}

/// Arbitrary bodies and content types posted to every form and the API import: never a 5xx,
/// never a stored row, and the server stays healthy.
#[test]
fn arbitrary_posts_never_get_a_5xx() {
    use proptest::prelude::*;
    use proptest::test_runner::{Config, TestRunner};
    let app = spawn_app();
    let link = invited(&app, "fuzz", false);
    open_public_link(&app, "fuzz");
    let mut b = Browser::default();
    b.get(&link);
    b.get(&app.url("/p/fuzz"));
    let cookie = b.cookie_header();
    let targets = [link, app.url("/p/fuzz"), app.url("/console/login"), app.url("/api/v1/campaigns/fuzz/participants")];
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(96);
    let mut runner = TestRunner::new(Config { cases, failure_persistence: None, ..Config::default() });
    let strategy = (
        0..targets.len(),
        prop_oneof![
            Just("application/x-www-form-urlencoded"),
            Just("multipart/form-data; boundary=x"),
            Just("text/csv"),
            Just("application/json"),
        ],
        prop::collection::vec(any::<u8>(), 0..2048),
    );
    runner
        .run(&strategy, |(t, content_type, body)| {
            let resp = agent()
                .post(&targets[t])
                .header("Cookie", &cookie)
                .header("Content-Type", content_type)
                .send(&body[..])
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert!(resp.status().as_u16() < 500, "{} with {content_type}: {}", targets[t], resp.status());
            Ok(())
        })
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(rows(&app, "fuzz").is_empty(), "an arbitrary post stored a response");
    healthy(&app);
}

/// With changes allowed, a submitted response is changed only by a whole new submission: the
/// pages saved meanwhile are kept apart (and shown back), the analysis keeps reading the
/// submitted answers, and the new submission replaces them at once, keeping its first
/// submission time and sending no second thank-you.
#[test]
fn a_change_to_a_submitted_response_is_kept_apart_until_submitted_whole() {
    let app = spawn_app();
    let s = survey();
    let last = s.pages.len() - 1;
    let link = invited(&app, "change", true);
    let mut b = Browser::default();
    let token = draft_all_but_last(&mut b, &link, &s);
    let done = b.post(&link, &fields(&token, last, "submit", page_answers(&s, last)));
    assert!(done.html.contains("Cambiar mis respuestas"), "{}", done.html);
    let submitted = rows(&app, "change");
    assert_whole(&s, &submitted[0]);
    let first_time = {
        let mut c = conn(&app.db);
        responses::table.select(responses::submitted_at).first::<Option<chrono::NaiveDateTime>>(&mut c).ok().flatten()
    };

    let edit = b.get(&format!("{link}?edit=1&lang=es"));
    assert_eq!(edit.status, 200);
    let changed = post(&link, &b.cookie_header(), &fields(&token, 1, "next", other_answers(&s, 1)));
    assert_eq!(changed.status, 303);
    assert!(changed.location.contains("edit=1"), "{}", changed.location);
    let during = rows(&app, "change");
    assert_eq!(during[0].answers, submitted[0].answers, "the submitted answers are untouched by a page save");
    assert_eq!(during[0].codes, submitted[0].codes);
    let pending = during[0].pending.clone().unwrap_or_else(|| panic!("no change kept"));
    let (q, v) = other_answers(&s, 1)[0].clone();
    assert_eq!(dra::survey::response::form_value(&pending[&q]), v);
    let mut analysed = Vec::new();
    let mut c = conn(&app.db);
    dra::db::responses::for_each_submitted(&mut c, 1, 10, |_, _, a| analysed.push(a.to_string()))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(serde_json::from_str::<Value>(&analysed[0]).ok(), Some(submitted[0].answers.clone()));
    let shown = b.get(&format!("{link}?page=2&lang=es&edit=1"));
    assert!(shown.html.contains(&format!("name=\"{q}\" value=\"{v}\" checked")), "the change is shown back");

    let again = post(&link, &b.cookie_header(), &fields(&token, last, "submit", page_answers(&s, last)));
    assert_eq!(again.status, 303);
    let after = rows(&app, "change");
    assert_whole(&s, &after[0]);
    assert_eq!(after[0].answers, pending, "the change, submitted whole, is the response");
    assert!(after[0].pending.is_none());
    let time =
        responses::table.select(responses::submitted_at).first::<Option<chrono::NaiveDateTime>>(&mut c).ok().flatten();
    assert_eq!(time, first_time, "the first submission time is kept");
    crate::support::queue_thanks(&mut c);
    let mails = dra::db::outbox::counts(&mut c).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(mails.iter().map(|m| m.1).sum::<i64>(), 2, "the invitation and one thank-you: {mails:?}");
}

/// A definition whose texts have no length limit: a draft is still bounded (256 KB of answers),
/// and an answer set over it is refused with the question to shorten, nothing stored.
#[test]
fn a_draft_is_bounded_in_size_whatever_the_definition() {
    let app = spawn_app();
    let link = invited(&app, "bounded", false);
    let text = std::fs::read_to_string(crate::support::repo("surveys/dra-core.json")).unwrap_or_default();
    let unbounded =
        text.replace(",\n      \"maxLength\": 2000", "").replace("\"id\": \"dra-core\"", "\"id\": \"dra-unbounded\"");
    assert!(!unbounded.contains("maxLength"), "every length limit removed");
    let s = dra::survey::check_bytes(unbounded.as_bytes()).unwrap_or_else(|e| panic!("{e:?}"));
    let mut c = conn(&app.db);
    let id = match dra::db::surveys::import(&mut c, &s, "unbounded.json").unwrap_or_else(|e| panic!("{e}")) {
        dra::db::surveys::Imported::New(id) | dra::db::surveys::Imported::AlreadyStored(id) => id,
    };
    diesel::update(campaigns::table.filter(campaigns::slug.eq("bounded")))
        .set(campaigns::survey_version_id.eq(id))
        .execute(&mut c)
        .unwrap_or_else(|e| panic!("{e}"));
    let mut b = Browser::default();
    let token = csrf(&b.get(&link).html);
    let comment = s.pages[1].questions.iter().find(|q| q.ends_with(".comment")).cloned().unwrap_or_default();
    let fine = post(
        &link,
        &b.cookie_header(),
        &[fields(&token, 1, "next", vec![]), vec![(comment.clone(), "x".repeat(200_000))]].concat(),
    );
    assert_eq!(fine.status, 303, "200 KB of text is kept");
    let flood = post(
        &link,
        &b.cookie_header(),
        &[fields(&token, 1, "next", vec![]), vec![(comment.clone(), "y".repeat(300_000))]].concat(),
    );
    assert_eq!(flood.status, 422);
    assert!(flood.body.contains("demasiado largas"), "{}", &flood.body[..flood.body.len().min(2000)]);
    let stored = rows(&app, "bounded");
    assert_eq!(stored[0].answers[&comment].as_str().map(str::len), Some(200_000), "the refused save stored nothing");
}
