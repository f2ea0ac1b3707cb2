//! A real SMTP server for the tests (mailin-embedded, in-process on a loopback port) that keeps
//! what it receives and can refuse chosen recipients for good (550), or hold its answer to a
//! message it has already kept (a message in flight when its sender dies).

use std::collections::HashSet;
use std::io;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::sync::{Arc, Mutex};

use mailin_embedded::{Handler, Response, Server, response};

/// One message as the server received it.
#[derive(Debug, Clone, Default)]
pub struct Received {
    pub to: Vec<String>,
    pub data: String,
}

impl Received {
    /// The value of a header (first line only).
    pub fn header(&self, name: &str) -> Option<String> {
        let prefix = format!("{}:", name.to_ascii_lowercase());
        self.data
            .lines()
            .take_while(|l| !l.is_empty())
            .find(|l| l.to_ascii_lowercase().starts_with(&prefix))
            .map(|l| l[prefix.len()..].trim().to_string())
    }

    /// The first personal link `…/r/TOKEN` in the message's text.
    pub fn personal_link(&self) -> Option<String> {
        let text = self.data.replace("=\r\n", "").replace("=\n", "");
        text.match_indices("http://")
            .map(|(i, _)| {
                text[i..]
                    .chars()
                    .take_while(|c| !c.is_whitespace() && *c != '"' && *c != '<' && *c != '>')
                    .collect::<String>()
            })
            .find(|l| l.contains("/r/"))
    }
}

#[derive(Clone)]
struct Sink {
    store: Arc<Mutex<Vec<Received>>>,
    reject: Arc<Mutex<HashSet<String>>>,
    stall: Arc<Mutex<Option<std::time::Duration>>>,
    current: Received,
}

impl Handler for Sink {
    fn helo(&mut self, _ip: IpAddr, _domain: &str) -> Response {
        response::OK
    }

    fn rcpt(&mut self, to: &str) -> Response {
        let addr = to.trim_matches(|c| c == '<' || c == '>').to_string();
        if self.reject.lock().map(|r| r.contains(&addr)).unwrap_or(false) {
            return response::NO_MAILBOX;
        }
        response::OK
    }

    fn data_start(&mut self, _domain: &str, _from: &str, _is8bit: bool, to: &[String]) -> Response {
        self.current = Received { to: to.to_vec(), data: String::new() };
        response::OK
    }

    fn data(&mut self, buf: &[u8]) -> io::Result<()> {
        self.current.data.push_str(&String::from_utf8_lossy(buf));
        Ok(())
    }

    fn data_end(&mut self) -> Response {
        if let Ok(mut s) = self.store.lock() {
            s.push(std::mem::take(&mut self.current));
        }
        // Kept: the answer that says so may take its time.
        if let Some(wait) = self.stall.lock().ok().and_then(|s| *s) {
            std::thread::sleep(wait);
        }
        response::OK
    }
}

/// A running SMTP server.
pub struct SmtpServer {
    pub addr: SocketAddr,
    store: Arc<Mutex<Vec<Received>>>,
    reject: Arc<Mutex<HashSet<String>>>,
    stall: Arc<Mutex<Option<std::time::Duration>>>,
}

impl SmtpServer {
    /// Starts on a free port.
    pub fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| panic!("bind: {e}"));
        Self::start_on(listener)
    }

    /// Starts on a given listener (to bring a server up on a port that was down).
    pub fn start_on(listener: TcpListener) -> Self {
        let addr = listener.local_addr().unwrap_or_else(|e| panic!("{e}"));
        let store = Arc::new(Mutex::new(Vec::new()));
        let reject = Arc::new(Mutex::new(HashSet::new()));
        let stall = Arc::new(Mutex::new(None));
        let sink =
            Sink { store: store.clone(), reject: reject.clone(), stall: stall.clone(), current: Received::default() };
        let mut server = Server::new(sink);
        server.with_name("sink.test").with_num_threads(64).with_tcp_listener(listener);
        std::thread::spawn(move || {
            let _ = server.serve();
        });
        Self { addr, store, reject, stall }
    }

    /// From now on, keep each message, then wait this long before saying so (`None`: at once).
    pub fn stall(&self, wait: Option<std::time::Duration>) {
        if let Ok(mut s) = self.stall.lock() {
            *s = wait;
        }
    }

    pub fn url(&self) -> String {
        format!("smtp://{}", self.addr)
    }

    /// Refuse this recipient with 550 from now on.
    pub fn refuse(&self, email: &str) {
        if let Ok(mut r) = self.reject.lock() {
            r.insert(email.to_string());
        }
    }

    pub fn received(&self) -> Vec<Received> {
        self.store.lock().map(|s| s.clone()).unwrap_or_default()
    }
}

/// A loopback port with nothing listening on it (yet).
pub fn free_port() -> SocketAddr {
    let l = TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| panic!("bind: {e}"));
    l.local_addr().unwrap_or_else(|e| panic!("{e}"))
}
