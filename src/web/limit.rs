//! A small per-address limit on public-link submissions (the personal links need none: a token
//! is one respondent). Fixed one-minute windows, kept in memory, pruned as they expire.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;

use actix_web::HttpRequest;
use chrono::NaiveDateTime;

pub struct RateLimit {
    per_minute: u32,
    windows: Mutex<HashMap<IpAddr, (NaiveDateTime, u32)>>,
}

impl RateLimit {
    pub fn new(per_minute: u32) -> Self {
        Self { per_minute, windows: Mutex::new(HashMap::new()) }
    }

    /// Counts this request; `false` when the address went over the limit in this minute.
    pub fn allow(&self, req: &HttpRequest, now: NaiveDateTime) -> bool {
        let Some(ip) = req.peer_addr().map(|a| a.ip()) else { return true };
        let Ok(mut w) = self.windows.lock() else { return true };
        if w.len() > 100_000 {
            w.retain(|_, (start, _)| now - *start < chrono::Duration::minutes(1));
        }
        let entry = w.entry(ip).or_insert((now, 0));
        if now - entry.0 >= chrono::Duration::minutes(1) {
            *entry = (now, 0);
        }
        entry.1 += 1;
        entry.1 <= self.per_minute
    }
}
