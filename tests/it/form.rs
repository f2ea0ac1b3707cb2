//! The respondent's questionnaire over HTTP, as a browser without JavaScript uses it: every page
//! answered and submitted, resumed from another device, errors shown with what was typed, CSRF,
//! one response for a double submit, honest closed and not-yet-open states, page weight.

use std::sync::Arc;

use dra::db;
use dra::service::mailing;

use crate::support::{TestApp, conn, seed_campaign, settings, spawn_app};

/// A browser: keeps the cookies the server sets.
#[derive(Default, Clone)]
pub struct Browser {
    cookies: Vec<(String, String)>,
}

pub struct Page {
    pub status: u16,
    pub html: String,
}

impl Browser {
    pub fn cookie_header(&self) -> String {
        self.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ")
    }

    /// Sets a cookie as a response would.
    pub fn set_cookie(&mut self, name: &str, value: &str) {
        self.cookies.retain(|(n, _)| n != name);
        self.cookies.push((name.to_string(), value.to_string()));
    }

    fn keep(&mut self, resp: &ureq::http::Response<ureq::Body>) {
        for h in resp.headers().get_all("set-cookie") {
            let Ok(s) = h.to_str() else { continue };
            let Some((kv, _)) = s.split_once(';').or(Some((s, ""))) else { continue };
            if let Some((k, v)) = kv.split_once('=') {
                self.cookies.retain(|(name, _)| name != k);
                self.cookies.push((k.to_string(), v.to_string()));
            }
        }
    }

    fn agent() -> ureq::Agent {
        ureq::Agent::config_builder().http_status_as_error(false).max_redirects(0).build().into()
    }

    /// GETs a page, following redirects as a browser does.
    pub fn get(&mut self, url: &str) -> Page {
        let mut url = url.to_string();
        for _ in 0..5 {
            let mut resp = Self::agent()
                .get(&url)
                .header("Cookie", &self.cookie_header())
                .call()
                .unwrap_or_else(|e| panic!("GET {url}: {e}"));
            self.keep(&resp);
            let status = resp.status().as_u16();
            if matches!(status, 302 | 303) {
                let to = resp.headers().get("location").and_then(|l| l.to_str().ok()).unwrap_or_default().to_string();
                let base: String = url.splitn(4, '/').take(3).collect::<Vec<_>>().join("/");
                url = format!("{base}{to}");
                continue;
            }
            return Page { status, html: resp.body_mut().read_to_string().unwrap_or_default() };
        }
        panic!("too many redirects from {url}")
    }

    /// Posts a form; follows a 303 with a GET.
    pub fn post(&mut self, url: &str, fields: &[(String, String)]) -> Page {
        let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let resp = Self::agent()
            .post(url)
            .header("Cookie", &self.cookie_header())
            .send_form(pairs)
            .unwrap_or_else(|e| panic!("POST {url}: {e}"));
        self.answer(url, resp)
    }
}

impl Browser {
    /// The page a POST led to: its answer, or the page its 303 points to (fetched with a GET).
    fn answer(&mut self, url: &str, mut resp: ureq::http::Response<ureq::Body>) -> Page {
        self.keep(&resp);
        if resp.status().as_u16() == 303 {
            let to = resp.headers().get("location").and_then(|l| l.to_str().ok()).unwrap_or_default().to_string();
            let base: String = url.splitn(4, '/').take(3).collect::<Vec<_>>().join("/");
            return self.get(&format!("{base}{to}"));
        }
        let status = resp.status().as_u16();
        Page { status, html: resp.body_mut().read_to_string().unwrap_or_default() }
    }
}

/// A form part for `Browser::post_multipart`: a field's name, the file name when it is a file,
/// and its content.
pub type PartSpec<'a> = (&'a str, Option<&'a str>, &'a [u8]);

impl Browser {
    /// Posts a `multipart/form-data` form, as a browser does for a form with a file input.
    pub fn post_multipart(&mut self, url: &str, parts: &[PartSpec]) -> Page {
        let boundary = "----dra-test-7MA4YWxkTrZu0gW";
        let mut body = Vec::new();
        for (name, filename, content) in parts {
            body.extend_from_slice(
                format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"").as_bytes(),
            );
            if let Some(f) = filename {
                body.extend_from_slice(
                    format!("; filename=\"{f}\"\r\nContent-Type: application/octet-stream").as_bytes(),
                );
            }
            body.extend_from_slice(b"\r\n\r\n");
            body.extend_from_slice(content);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        let resp = Self::agent()
            .post(url)
            .header("Cookie", &self.cookie_header())
            .header("Content-Type", &format!("multipart/form-data; boundary={boundary}"))
            .send(&body[..])
            .unwrap_or_else(|e| panic!("POST {url}: {e}"));
        self.answer(url, resp)
    }
}

pub fn csrf(html: &str) -> String {
    html.split("name=\"csrf\" value=\"").nth(1).and_then(|r| r.split('"').next()).unwrap_or_default().to_string()
}

/// An open campaign with one invited participant; returns the personal link.
pub fn invited(app: &TestApp, slug: &str, allow_edit: bool) -> String {
    invited_many(app, slug, 1, allow_edit).remove(0)
}

/// An open campaign with `n` invited participants (group "public"); their personal links.
pub fn invited_many(app: &TestApp, slug: &str, n: usize, allow_edit: bool) -> Vec<String> {
    tokens(&app.db, slug, n, allow_edit).into_iter().map(|t| app.url(&format!("/r/{t}"))).collect()
}

/// An open campaign with `n` invited participants (group "public"); their personal tokens, in
/// the order of the participants' ids.
pub fn tokens(db: &crate::support::TestDb, slug: &str, n: usize, allow_edit: bool) -> Vec<String> {
    use diesel::prelude::*;
    let mut c = conn(db);
    let now = dra::clock::Clock::now(&dra::clock::SystemClock);
    let emails: Vec<String> = (0..n).map(|i| format!("p{i}@{slug}.example")).collect();
    let refs: Vec<&str> = emails.iter().map(String::as_str).collect();
    let campaign = seed_campaign(&mut c, slug, &refs, None, 0, now);
    if allow_edit {
        diesel::update(db::schema::campaigns::table.find(campaign.id))
            .set(db::schema::campaigns::allow_edit.eq(1))
            .execute(&mut c)
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let campaign = db::campaigns::require(&mut c, slug).unwrap_or_else(|e| panic!("{e}"));
    let campaign_id = campaign.id;
    let cm = mailing::campaign_mail(&mut c, campaign, "http://x").unwrap_or_else(|e| panic!("{e}"));
    let key = settings(db).token_key().unwrap_or_else(|e| panic!("{e}"));
    mailing::invitations(&mut c, &cm, &key, now).unwrap_or_else(|e| panic!("{e}"));
    let participants: Vec<i64> = db::schema::participants::table
        .filter(db::schema::participants::campaign_id.eq(campaign_id))
        .order(db::schema::participants::id)
        .select(db::schema::participants::id)
        .load(&mut c)
        .unwrap_or_else(|e| panic!("{e}"));
    participants
        .into_iter()
        .map(|p| {
            let inv = db::invitations::of_participant(&mut c, p)
                .unwrap_or_else(|e| panic!("{e}"))
                .unwrap_or_else(|| panic!("no invitation"));
            key.derive(&inv.token_nonce)
        })
        .collect()
}

pub fn survey() -> Arc<dra::survey::Survey> {
    Arc::new(
        dra::survey::load_file(std::path::Path::new(&crate::support::repo("surveys/dra-core.json")))
            .unwrap_or_else(|e| panic!("{e}")),
    )
}

/// Answers for one page: option 3 for scored questions, the first option for profile ones.
pub fn page_answers(s: &dra::survey::Survey, page: usize) -> Vec<(String, String)> {
    s.pages[page]
        .questions
        .iter()
        .filter_map(|id| {
            let q = s.question(id)?;
            match q.kind {
                dra::survey::QuestionKind::Scored => Some((id.clone(), "3".to_string())),
                dra::survey::QuestionKind::Single if q.profile.as_deref() != Some("group") => {
                    Some((id.clone(), dra::survey::response::form_value(&q.options[0].value)))
                }
                _ => None,
            }
        })
        .collect()
}

pub fn fields(csrf: &str, page: usize, action: &str, answers: Vec<(String, String)>) -> Vec<(String, String)> {
    let mut f = vec![
        ("csrf".to_string(), csrf.to_string()),
        ("page".to_string(), (page + 1).to_string()),
        ("lang".to_string(), "es".to_string()),
        ("action".to_string(), action.to_string()),
    ];
    f.extend(answers);
    f
}

#[test]
fn answer_every_page_and_submit_once() {
    let app = spawn_app();
    let link = invited(&app, "gt-form", false);
    let s = survey();
    let mut b = Browser::default();
    // The link opens on the welcome screen, which offers the paper form; "start" leads to page 1.
    let welcome = b.get(&link);
    assert_eq!(welcome.status, 200);
    assert!(welcome.html.contains("value=\"start\"") && !welcome.html.contains("<fieldset"), "{}", welcome.html);
    assert!(welcome.html.contains("/print?lang=es\">¿Prefiere responder en papel?"), "the paper form is offered");
    let mut start = fields(&csrf(&welcome.html), 0, "start", vec![]);
    start.retain(|(k, _)| k != "page");
    let first = b.post(&link, &start);
    assert_eq!(first.status, 200);
    assert!(first.html.contains("Página 1 de 6") && first.html.contains("<fieldset"), "{}", first.html);
    assert!(first.html.contains("/print?lang=es\">¿Prefiere responder en papel?"), "and so does page 1");
    let token = csrf(&first.html);
    for page in 0..s.pages.len() - 1 {
        let next = b.post(&link, &fields(&token, page, "next", page_answers(&s, page)));
        assert_eq!(next.status, 200, "{}", next.html);
        assert!(next.html.contains(&format!("Página {} de 6", page + 2)), "{}", next.html);
    }
    let last = s.pages.len() - 1;
    let done = b.post(&link, &fields(&token, last, "submit", page_answers(&s, last)));
    assert!(done.html.contains("¡Gracias por participar!"), "{}", done.html);
    // The thank-you page reads the submitted answers back (the mail promises it), labels and all.
    let shown = b.get(&link);
    assert!(shown.html.contains("Ver las respuestas que envió"), "{}", shown.html);
    let q = s.scored_questions().next().unwrap_or_else(|| panic!("no scored question"));
    let label = q.options.iter().find(|o| o.value == 3).map(|o| o.label.get("es", "es").to_string());
    let read_back = format!("<dt>{}</dt><dd>{}</dd>", q.text.get("es", "es"), label.unwrap_or_default());
    assert!(shown.html.contains(&read_back), "{read_back} in {}", shown.html);
    // A second submit (double click, another tab) stores nothing new and shows the same page.
    let again = b.post(&link, &fields(&token, last, "submit", page_answers(&s, last)));
    assert!(again.html.contains("¡Gracias por participar!"));

    let mut c = conn(&app.db);
    let mut stored = Vec::new();
    db::responses::for_each_submitted(&mut c, 1, 100, |g, o, a| {
        stored.push((g.to_string(), o.to_string(), a.to_string()))
    })
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(stored.len(), 1, "one response");
    let (group, origin, answers) = &stored[0];
    assert_eq!((group.as_str(), origin.as_str()), ("public", "link"));
    let answers: serde_json::Value = serde_json::from_str(answers).unwrap_or_else(|e| panic!("{e}"));
    let scored = s.scored_questions().count();
    assert_eq!(s.scored_questions().filter(|q| answers[&q.id] == 3).count(), scored);
    let validator = dra::survey::validator(&s).unwrap_or_else(|e| panic!("{e}"));
    assert!(validator.is_valid(&answers), "the stored response satisfies the survey's schema");
    let st = db::invitations::status(&mut c, 1, &["public".to_string()]).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((st[0].opened, st[0].started, st[0].submitted), (1, 1, 1));
    crate::support::queue_thanks(&mut c);
    let mails: Vec<(String, i64)> = db::outbox::counts(&mut c).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(mails.iter().map(|m| m.1).sum::<i64>(), 2, "invitation + one thank-you: {mails:?}");
}

#[test]
fn resume_on_another_device_at_the_first_unanswered_page() {
    let app = spawn_app();
    let link = invited(&app, "gt-resume", false);
    let s = survey();
    let mut phone = Browser::default();
    let token = csrf(&phone.get(&link).html);
    phone.post(&link, &fields(&token, 0, "next", page_answers(&s, 0)));
    phone.post(&link, &fields(&token, 1, "next", page_answers(&s, 1)));

    let mut laptop = Browser::default();
    let resumed = laptop.get(&link);
    assert!(resumed.html.contains("Página 3 de 6"), "resumes at the first unanswered page");
    let back = laptop.get(&format!("{link}?page=2&lang=es"));
    let (qid, _) = &page_answers(&s, 1)[0];
    let checked = format!("name=\"{qid}\" value=\"3\" checked");
    assert!(back.html.contains(&checked), "answers kept across devices");
    // The language switch keeps the answers too.
    let en = laptop.get(&format!("{link}?page=2&lang=en"));
    assert!(en.html.contains("Page 2 of 6") && en.html.contains(&checked));
}

#[test]
fn errors_show_next_to_their_question_with_what_was_typed() {
    let app = spawn_app();
    let link = invited(&app, "gt-errors", false);
    let s = survey();
    let mut b = Browser::default();
    let token = csrf(&b.get(&link).html);
    // A comment longer than allowed, on the infrastructure page.
    let page = 1;
    let comment = s.pages[page].questions.iter().find(|q| q.ends_with(".comment")).cloned().unwrap_or_default();
    let long = "á".repeat(2100);
    let mut answers = page_answers(&s, page);
    answers.push((comment.clone(), long.clone()));
    let shown = b.post(&link, &fields(&token, page, "next", answers));
    assert_eq!(shown.status, 422);
    assert!(shown.html.contains("Página 2 de 6"), "stays on the page");
    assert!(shown.html.contains("El texto es demasiado largo: máximo 2000 caracteres."), "{}", shown.html);
    assert!(shown.html.contains(&format!("{long}</textarea>")), "what was typed is kept");
    assert!(shown.html.contains(&format!("aria-describedby=\"e-{comment}\"")));
    // Nothing of the refused page was stored: what was typed lives in the page shown back only.
    let mut c = conn(&app.db);
    assert!(db::responses::counts(&mut c, 1).unwrap_or_else(|e| panic!("{e}")).is_empty(), "a refused page was stored");
    // Submitting with the error in the post goes to the page of the error, and stores nothing.
    let last = s.pages.len() - 1;
    let refused = b.post(&link, &fields(&token, last, "submit", vec![(comment.clone(), long.clone())]));
    assert_eq!(refused.status, 422);
    assert!(
        refused.html.contains("Página 2 de 6") && refused.html.contains("1 respuesta por revisar"),
        "{}",
        refused.html
    );
    assert!(db::responses::counts(&mut c, 1).unwrap_or_else(|e| panic!("{e}")).is_empty());
}

#[test]
fn posts_without_the_csrf_token_are_refused() {
    let app = spawn_app();
    let link = invited(&app, "gt-csrf", false);
    let mut b = Browser::default();
    b.get(&link);
    let forged = b.post(&link, &fields("0".repeat(64).as_str(), 0, "next", vec![]));
    assert_eq!(forged.status, 403);
    let mut stranger = Browser::default();
    let token = csrf(&b.get(&link).html);
    let no_cookie = stranger.post(&link, &fields(&token, 0, "next", vec![]));
    assert_eq!(no_cookie.status, 403, "a field copied without its cookie does not pass");
}

#[test]
fn pages_are_light_and_send_security_headers() {
    let app = spawn_app();
    let link = invited(&app, "gt-light", false);
    let css = ureq::get(&app.url("/static/dra.css"))
        .call()
        .unwrap_or_else(|e| panic!("{e}"))
        .into_body()
        .read_to_string()
        .unwrap_or_default();
    for page in 1..=6 {
        let resp = ureq::get(&format!("{link}?page={page}&lang=es")).call().unwrap_or_else(|e| panic!("{e}"));
        let h = |n: &str| resp.headers().get(n).and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
        let csp = h("content-security-policy");
        assert!(
            csp.contains("default-src 'self'")
                && csp.contains("frame-ancestors 'none'")
                && !csp.contains("unsafe-inline"),
            "{csp}"
        );
        assert_eq!(h("referrer-policy"), "no-referrer");
        assert_eq!(h("x-content-type-options"), "nosniff");
        let html = resp.into_body().read_to_string().unwrap_or_default();
        assert!(!html.contains("style=") && !html.contains("<script"), "no inline style or script");
        assert!(!html.contains("http://") && !html.contains("https://"), "no external resource");
        let weight = html.len() + css.len();
        assert!(weight <= 30 * 1024, "page {page}: {weight} bytes of HTML + CSS");
    }
}

#[test]
fn closed_and_not_yet_open_campaigns_say_so() {
    let app = spawn_app();
    let link = invited(&app, "gt-closed", false);
    let mut c = conn(&app.db);
    let now = dra::clock::Clock::now(&dra::clock::SystemClock);
    db::campaigns::set_state(&mut c, "gt-closed", dra::campaign::CampaignState::Closed, now)
        .unwrap_or_else(|e| panic!("{e}"));
    let mut b = Browser::default();
    let closed = b.get(&link);
    assert_eq!(closed.status, 410);
    assert!(closed.html.contains("cerró el") && closed.html.contains("(UTC-06:00)"), "{}", closed.html);
    let post = b.post(&link, &fields("x", 0, "next", vec![]));
    assert!(post.status == 403 || post.status == 410);

    // Not open yet: the page says when it opens.
    let later = invited(&app, "gt-later", false);
    {
        use diesel::prelude::*;
        let opens = now + chrono::Duration::days(3);
        diesel::update(db::schema::campaigns::table.filter(db::schema::campaigns::slug.eq("gt-later")))
            .set(db::schema::campaigns::opens_at.eq(Some(opens)))
            .execute(&mut c)
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let early = b.get(&later);
    assert_eq!(early.status, 403);
    assert!(early.html.contains("La consulta abre el") && early.html.contains("(UTC-06:00)"), "{}", early.html);
    let unknown = b.get(&app.url("/r/AAAAAAAAAAAAAAAAAAAAAA"));
    assert_eq!(unknown.status, 404);
}

/// One request over a raw connection, without compression: the status, the `Content-Length`
/// header if any, whether a cookie was set, and the body's length.
fn raw(method: &str, url: &str) -> (u16, Option<usize>, bool, usize) {
    use std::io::{Read, Write};
    let rest = url.trim_start_matches("http://");
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    let mut s = std::net::TcpStream::connect(host).unwrap_or_else(|e| panic!("{host}: {e}"));
    write!(s, "{method} /{path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n")
        .unwrap_or_else(|e| panic!("{e}"));
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap_or_else(|e| panic!("{e}"));
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap_or(raw.len());
    let headers = String::from_utf8_lossy(&raw[..split]).to_ascii_lowercase();
    let status = headers.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    let length = headers.lines().find_map(|l| l.strip_prefix("content-length:")).and_then(|v| v.trim().parse().ok());
    (status, length, headers.contains("\r\nset-cookie:"), raw.len().saturating_sub(split + 4))
}

/// A `HEAD` request (what a mail scanner or link checker sends) beside the `GET` of the same
/// address: the same status, and a `Content-Length` only when it is the one the `GET` sends.
fn head_like_get(url: &str) -> (u16, bool) {
    let (status, length, cookie, body) = raw("HEAD", url);
    assert_eq!(body, 0, "HEAD {url}: a body");
    let (get_status, get_length, _, get_body) = raw("GET", url);
    assert_eq!(get_length, Some(get_body));
    if status == 200 {
        assert_eq!(length, None, "HEAD {url}: the page's length is not known without rendering it");
    } else {
        assert_eq!((status, length), (get_status, get_length), "HEAD {url}: not what GET answers");
    }
    (status, cookie)
}

#[test]
fn link_checkers_get_the_status_and_record_nothing() {
    let app = spawn_app();
    let link = invited(&app, "gt-head", false);
    assert_eq!(head_like_get(&app.url("/r/AAAAAAAAAAAAAAAAAAAAAA")).0, 404);
    assert_eq!(head_like_get(&app.url("/p/gt-head")).0, 404, "no public link on this campaign");
    assert_eq!(raw("HEAD", &format!("{link}?page=x")).0, 400, "a query GET refuses");
    assert_eq!(raw("HEAD", &link).0, 200);
    let mut c = conn(&app.db);
    let opened: Option<chrono::NaiveDateTime> = {
        use diesel::prelude::*;
        db::schema::invitations::table
            .select(db::schema::invitations::opened_at)
            .first(&mut c)
            .unwrap_or_else(|e| panic!("{e}"))
    };
    assert_eq!(opened, None, "a HEAD request does not count as the participant opening the link");

    let now = dra::clock::Clock::now(&dra::clock::SystemClock);
    {
        use diesel::prelude::*;
        diesel::update(db::schema::campaigns::table)
            .set(db::schema::campaigns::public_link.eq(1))
            .execute(&mut c)
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let (status, length, cookie, _) = raw("HEAD", &app.url("/p/gt-head"));
    assert_eq!((status, length, cookie), (200, None, false), "a public link checked sets no cookie");
    db::campaigns::set_state(&mut c, "gt-head", dra::campaign::CampaignState::Closed, now)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(head_like_get(&link).0, 410);
    assert_eq!(head_like_get(&app.url("/p/gt-head")).0, 410);
}

#[test]
fn public_link_lets_a_citizen_choose_the_group_and_stops_robots() {
    let app = spawn_app();
    invited(&app, "gt-public", false);
    let mut c = conn(&app.db);
    let url = app.url("/p/gt-public");
    assert_eq!(Browser::default().get(&url).status, 404, "no public link until the campaign has one");
    {
        use diesel::prelude::*;
        diesel::update(db::schema::campaigns::table)
            .set(db::schema::campaigns::public_link.eq(1))
            .execute(&mut c)
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let s = survey();
    let mut citizen = Browser::default();
    let welcome = citizen.get(&url);
    assert!(welcome.html.contains("en este mismo navegador"), "the public link's welcome: {}", welcome.html);
    let first = citizen.get(&format!("{url}?page=1"));
    assert_eq!(first.status, 200);
    assert!(first.html.contains("name=\"group\" value=\"citizen\""), "the group is chosen on the first page");
    assert!(first.html.contains("name=\"website\""), "honeypot present");
    let token = csrf(&first.html);
    let mut answers = page_answers(&s, 0);
    answers.push(("group".into(), "citizen".into()));
    citizen.post(&url, &fields(&token, 0, "next", answers));
    for page in 1..s.pages.len() - 1 {
        citizen.post(&url, &fields(&token, page, "next", page_answers(&s, page)));
    }
    let done = citizen.post(&url, &fields(&token, s.pages.len() - 1, "submit", vec![]));
    assert!(done.html.contains("¡Gracias por participar!"), "{}", done.html);
    // The same browser does not answer twice by opening the link again.
    let thanked = citizen.get(&url).html;
    assert!(thanked.contains("¡Gracias por participar!"));
    assert!(!thanked.contains("Ver las respuestas"), "a public link's browser may be shared: no answers read back");
    // This campaign takes several responses per browser (a shared computer): the thank-you page
    // offers the next person a new, empty response.
    assert!(done.html.contains("/p/gt-public/again?lang=es"), "{}", done.html);
    let next_person = citizen.get(&app.url("/p/gt-public/again?lang=es"));
    assert!(next_person.html.contains("value=\"start\""), "the next person is welcomed: {}", next_person.html);
    let next_person = citizen.get(&app.url("/p/gt-public?page=1&lang=es"));
    assert_eq!(next_person.status, 200);
    assert!(next_person.html.contains("name=\"group\" value=\"citizen\""), "a new form: {}", next_person.html);
    assert!(!next_person.html.contains("checked"), "nothing of the first response shows");
    let token = csrf(&next_person.html);
    let mut answers = page_answers(&s, 0);
    answers.push(("group".into(), "academia".into()));
    citizen.post(&url, &fields(&token, 0, "next", answers));
    for page in 1..s.pages.len() - 1 {
        citizen.post(&url, &fields(&token, page, "next", page_answers(&s, page)));
    }
    let second = citizen.post(&url, &fields(&token, s.pages.len() - 1, "submit", vec![]));
    assert!(second.html.contains("¡Gracias por participar!"), "{}", second.html);
    // One response per browser: no offer, and asking for it changes nothing.
    {
        use diesel::prelude::*;
        diesel::update(db::schema::campaigns::table)
            .set(db::schema::campaigns::one_per_browser.eq(1))
            .execute(&mut c)
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let again = citizen.get(&app.url("/p/gt-public/again?lang=es"));
    assert!(again.html.contains("¡Gracias por participar!"), "{}", again.html);
    assert!(!again.html.contains("/again"), "no offer to answer again: {}", again.html);

    let mut robot = Browser::default();
    let token = csrf(&robot.get(&url).html);
    let mut bait = fields(&token, 0, "submit", page_answers(&s, 0));
    bait.push(("website".into(), "http://spam.example".into()));
    bait.push(("group".into(), "private".into()));
    robot.post(&url, &bait);

    let mut stored = Vec::new();
    db::responses::for_each_submitted(&mut c, 1, 100, |g, o, _| stored.push((g.to_string(), o.to_string())))
        .unwrap_or_else(|e| panic!("{e}"));
    stored.sort();
    assert_eq!(
        stored,
        vec![("academia".to_string(), "public".to_string()), ("citizen".to_string(), "public".to_string())]
    );
    let counts = db::responses::counts(&mut c, 1).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(counts.iter().map(|r| r.3).sum::<i64>(), 2, "the robot stored nothing: {counts:?}");
}

#[test]
fn the_questionnaire_prints_on_a4_for_paper() {
    let app = spawn_app();
    let link = invited(&app, "gt-print", false);
    let resp = ureq::get(&format!("{link}/print?lang=en")).call().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(resp.headers().get("content-type").and_then(|v| v.to_str().ok()), Some("application/pdf"));
    let pdf = resp.into_body().with_config().limit(20_000_000).read_to_vec().unwrap_or_else(|e| panic!("{e}"));
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let file = dir.path().join("q.pdf");
    std::fs::write(&file, &pdf).unwrap_or_else(|e| panic!("{e}"));
    let cli = dir.path().join("cli.pdf");
    let out = crate::support::dra(
        &[
            "survey",
            "print",
            &crate::support::repo("surveys/dra-core.json"),
            "--lang",
            "es",
            "--out",
            cli.to_str().unwrap_or_default(),
        ],
        &[],
    );
    assert!(out.status.success(), "{}", crate::support::stderr(&out));
    let text = |p: &std::path::Path| {
        let o = std::process::Command::new("pdftotext")
            .arg(p)
            .arg("-")
            .output()
            .unwrap_or_else(|e| panic!("pdftotext (poppler-utils): {e}"));
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    let info = std::process::Command::new("pdfinfo").arg(&cli).output().unwrap_or_else(|e| panic!("pdfinfo: {e}"));
    let info = String::from_utf8_lossy(&info.stdout).into_owned();
    assert!(info.contains("595.276 x 841.89 pts (A4)"), "{info}");
    let es = text(&cli);
    let s = survey();
    let q = s.scored_questions().next().unwrap_or_else(|| panic!("no scored question"));
    let first_label = q.options[0].label.get("es", "es").to_string();
    assert!(es.contains("N.º de formulario") && es.contains("Grupo"), "respondent id and group boxes");
    assert!(es.contains(&first_label[..first_label.len().min(20)]), "option wording printed");
    assert!(es.contains("(dk)") && es.contains("(na)"), "the values to type in are printed");
    let en = text(&file);
    assert!(en.contains("Form no.") && en.contains("Which sector"), "{}", &en[..en.len().min(500)]);
}

/// A personal link's page as a browser shows it: the page, then its stylesheet `seen.css` with
/// the session cookie the page set (what marks the invitation opened).
pub fn seen_in_browser(link: &str) {
    let page = ureq::get(link).call().unwrap_or_else(|e| panic!("{link}: {e}"));
    let cookie = page
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("dra_csrf="))
        .and_then(|v| v.split(';').next())
        .unwrap_or_default()
        .to_string();
    let html = page.into_body().read_to_string().unwrap_or_default();
    assert!(html.contains("/seen.css"), "the page asks for its stylesheet: {html}");
    let css = ureq::get(&format!("{link}/seen.css")).header("Cookie", &cookie).call();
    assert_eq!(css.map(|r| r.status().as_u16()).unwrap_or(0), 200);
}

/// A long single-choice list (Guatemala's 23 departments) is a drop-down on the form; the
/// definition sets the length past which that happens (`x-dra.select_over`), within bounds.
#[test]
fn long_lists_are_drop_downs_past_the_definitions_threshold() {
    let text = std::fs::read_to_string(crate::support::repo("surveys/dra-core.json")).unwrap_or_default();
    let kinds = |doc: &serde_json::Value| -> Option<&'static str> {
        let s = dra::survey::check_bytes(doc.to_string().as_bytes()).ok()?;
        let page = (0..s.pages.len()).find(|p| s.pages[*p].questions.iter().any(|q| q == "department"))?;
        let views = dra::web::form_view::questions(&s, page, "es", &Default::default(), &Default::default(), None);
        views.into_iter().find(|v| v.id == "department").map(|v| v.kind)
    };
    let mut doc: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
    assert_eq!(kinds(&doc), Some("select"), "23 options, over the default of 12");
    doc["x-dra"]["select_over"] = 30.into();
    assert_eq!(kinds(&doc), Some("choice"), "23 options, under the definition's 30");
    doc["x-dra"]["select_over"] = 1.into();
    assert!(dra::survey::check_bytes(doc.to_string().as_bytes()).is_err(), "a threshold of 1 is refused");
    let app = spawn_app();
    let mut b = Browser::default();
    let first = b.get(&format!("{}?page=1", invited(&app, "gt-select", false)));
    assert!(first.html.contains("<select id=\"in-department\" name=\"department\">"), "{}", first.html);
}

/// A submit with a required answer missing on an earlier page (the public link's group) shows
/// that page with the error and the submit button on it: the respondent answers and submits from
/// there, without paging to the end again.
#[test]
fn an_incomplete_submit_can_be_finished_where_the_answer_is_missing() {
    let app = spawn_app();
    let mut c = conn(&app.db);
    let now = dra::clock::Clock::now(&dra::clock::SystemClock);
    seed_campaign(&mut c, "gt-finish", &[], None, 0, now);
    {
        use diesel::prelude::*;
        diesel::update(db::schema::campaigns::table)
            .set(db::schema::campaigns::public_link.eq(1))
            .execute(&mut c)
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let s = survey();
    let url = app.url("/p/gt-finish");
    let mut citizen = Browser::default();
    let token = csrf(&citizen.get(&url).html);
    // Every page answered but the group.
    citizen.post(&url, &fields(&token, 0, "next", page_answers(&s, 0)));
    for page in 1..s.pages.len() - 1 {
        citizen.post(&url, &fields(&token, page, "next", page_answers(&s, page)));
    }
    let last = s.pages.len() - 1;
    let refused = citizen.post(&url, &fields(&token, last, "submit", page_answers(&s, last)));
    assert_eq!(refused.status, 422);
    assert!(refused.html.contains("Página 1 de 6"), "back where the group is asked: {}", refused.html);
    assert!(refused.html.contains("value=\"submit\""), "the submit button is on that page: {}", refused.html);
    let mut answers = page_answers(&s, 0);
    answers.push(("group".into(), "citizen".into()));
    let done = citizen.post(&url, &fields(&token, 0, "submit", answers));
    assert!(done.html.contains("¡Gracias por participar!"), "{}", done.html);
    // An ordinary first page has no submit button.
    let fresh = Browser::default().get(&url);
    assert!(!fresh.html.contains("value=\"submit\""), "{}", fresh.html);
}
