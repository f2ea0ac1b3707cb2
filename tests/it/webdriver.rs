//! A small WebDriver client for headless Chromium (Debian's `chromium` and `chromedriver`):
//! enough to open pages, click, type, read the page and run axe-core in it.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// Whether the browser tests can run here; with `DRA_REQUIRE_BROWSER` set (CI) they must.
pub fn available() -> bool {
    let present =
        std::path::Path::new("/usr/bin/chromium").exists() && std::path::Path::new("/usr/bin/chromedriver").exists();
    if !present {
        assert!(
            std::env::var("DRA_REQUIRE_BROWSER").is_err(),
            "chromium and chromedriver are required (scripts/install-deps.sh installs them)"
        );
        eprintln!("skipped: chromium/chromedriver not installed (scripts/install-deps.sh installs them)");
    }
    present
}

pub struct Driver {
    child: Child,
    base: String,
}

impl Driver {
    pub fn start() -> Self {
        let port = crate::smtp::free_port().port();
        let child = Command::new("/usr/bin/chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("chromedriver: {e}"));
        let base = format!("http://127.0.0.1:{port}");
        let start = Instant::now();
        while ureq::get(&format!("{base}/status")).call().is_err() {
            assert!(start.elapsed() < Duration::from_secs(20), "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        Self { child, base }
    }

    /// A new browser with an empty profile (another device, as far as cookies go).
    pub fn session(&self, javascript: bool) -> Session {
        let profile = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let mut prefs = json!({});
        if !javascript {
            prefs = json!({"profile.managed_default_content_settings.javascript": 2});
        }
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": "/usr/bin/chromium",
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                         "--no-first-run", "--disable-background-networking", "--disable-component-update",
                         "--disable-sync", "--window-size=360,800",
                         format!("--user-data-dir={}", profile.path().display())],
                "prefs": prefs
            }
        }}});
        let resp: Value = ureq::post(&format!("{}/session", self.base))
            .send_json(&caps)
            .unwrap_or_else(|e| panic!("new session: {e}"))
            .into_body()
            .read_json()
            .unwrap_or_else(|e| panic!("{e}"));
        let id = resp["value"]["sessionId"].as_str().unwrap_or_else(|| panic!("no session: {resp}")).to_string();
        Session { url: format!("{}/session/{id}", self.base), _profile: profile }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub struct Session {
    url: String,
    _profile: tempfile::TempDir,
}

impl Session {
    fn call(&self, method: &str, path: &str, body: Value) -> Value {
        let url = format!("{}{path}", self.url);
        let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
        let resp = match method {
            "GET" => agent.get(&url).call(),
            "DELETE" => agent.delete(&url).call(),
            _ => agent.post(&url).send_json(&body),
        };
        let v: Value =
            resp.unwrap_or_else(|e| panic!("{method} {path}: {e}")).into_body().read_json().unwrap_or_default();
        if v["value"].get("error").is_some() {
            panic!("{method} {path}: {}", v["value"]);
        }
        v["value"].clone()
    }

    pub fn goto(&self, url: &str) {
        self.call("POST", "/url", json!({"url": url}));
    }

    pub fn source(&self) -> String {
        self.call("GET", "/source", json!({})).as_str().unwrap_or_default().to_string()
    }

    fn find_all(&self, css: &str) -> Vec<String> {
        let v = self.call("POST", "/elements", json!({"using": "css selector", "value": css}));
        v.as_array()
            .into_iter()
            .flatten()
            .filter_map(|e| e.as_object().and_then(|o| o.values().next()).and_then(Value::as_str).map(str::to_string))
            .collect()
    }

    pub fn click(&self, css: &str) {
        let el = self.find_all(css).into_iter().next().unwrap_or_else(|| panic!("no element {css}"));
        self.call("POST", &format!("/element/{el}/click"), json!({}));
    }

    /// Clicks a button that submits the form and waits until the next page has loaded.
    pub fn submit(&self, css: &str) {
        let marker = "dra-old-page";
        self.call(
            "POST",
            "/execute/sync",
            json!({"script": format!("document.documentElement.dataset.marker = '{marker}';"), "args": []}),
        );
        self.click(css);
        let start = Instant::now();
        loop {
            let still_old = self.call(
                "POST",
                "/execute/sync",
                json!({"script": format!("return document.readyState !== 'complete' || document.documentElement.dataset.marker === '{marker}';"), "args": []}),
            );
            if still_old == Value::Bool(false) {
                break;
            }
            assert!(start.elapsed() < Duration::from_secs(15), "the page did not change after clicking {css}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Clicks every element matching `css`.
    pub fn click_all(&self, css: &str) -> usize {
        let all = self.find_all(css);
        for el in &all {
            self.call("POST", &format!("/element/{el}/click"), json!({}));
        }
        all.len()
    }

    pub fn type_into(&self, css: &str, text: &str) {
        let el = self.find_all(css).into_iter().next().unwrap_or_else(|| panic!("no element {css}"));
        self.call("POST", &format!("/element/{el}/value"), json!({"text": text}));
    }

    /// Runs a script in the page and returns its value.
    pub fn script(&self, script: &str, args: Value) -> Value {
        self.call("POST", "/execute/sync", json!({"script": script, "args": args}))
    }

    /// Sets the window's size (the sessions start at phone width, 360 × 800).
    pub fn resize(&self, width: u32, height: u32) {
        self.call("POST", "/window/rect", json!({"width": width, "height": height}));
    }

    /// How far the page is wider than the window, in CSS pixels (0: nothing spills sideways).
    pub fn overflow(&self) -> i64 {
        self.script("return document.documentElement.scrollWidth - document.documentElement.clientWidth;", json!([]))
            .as_i64()
            .unwrap_or(i64::MAX)
    }

    /// The page's cookies as a `Cookie` header value.
    pub fn cookie_header(&self) -> String {
        let v = self.call("GET", "/cookie", json!({}));
        v.as_array()
            .into_iter()
            .flatten()
            .filter_map(|c| Some(format!("{}={}", c["name"].as_str()?, c["value"].as_str()?)))
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// Runs axe-core (WCAG 2.0/2.1 A and AA) on the current page; returns the violations. It
    /// needs the page's script to run: in a session without JavaScript its promise never settles
    /// and WebDriver gives up. A long page (a console table of hundreds of forms) takes axe-core
    /// seconds, its colour-contrast rule most: the script may take up to two minutes.
    pub fn axe(&self, axe_source: &str) -> Vec<Value> {
        self.call("POST", "/timeouts", json!({"script": 120_000}));
        self.call("POST", "/execute/sync", json!({"script": axe_source, "args": []}));
        let result = self.call(
            "POST",
            "/execute/async",
            json!({"script": "const done = arguments[arguments.length - 1]; \
                axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}}) \
                .then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.html)})))) \
                .catch(e => done([{id: 'axe-error', help: String(e)}]));", "args": []}),
        );
        result.as_array().cloned().unwrap_or_default()
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
        let _ = agent.delete(&self.url).call();
    }
}
