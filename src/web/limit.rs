//! Counting requests per key in fixed one-minute windows, kept in memory and pruned as they
//! expire: public-link submissions per client address, failed sign-ins per address and per
//! account (on a device, or from an address). The personal links need none: a token is one
//! respondent.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Mutex;

use chrono::NaiveDateTime;

pub struct RateLimit<K> {
    per_minute: u32,
    windows: Mutex<HashMap<K, (NaiveDateTime, u32)>>,
}

impl<K: Eq + Hash> RateLimit<K> {
    pub fn new(per_minute: u32) -> Self {
        Self { per_minute, windows: Mutex::new(HashMap::new()) }
    }

    /// Counts one more for `key`; `false` when it went over the limit in this minute.
    pub fn allow(&self, key: K, now: NaiveDateTime) -> bool {
        let Ok(mut w) = self.windows.lock() else { return true };
        if w.len() > 100_000 {
            w.retain(|_, (start, _)| now - *start < chrono::Duration::minutes(1));
        }
        let entry = w.entry(key).or_insert((now, 0));
        if now - entry.0 >= chrono::Duration::minutes(1) {
            *entry = (now, 0);
        }
        entry.1 += 1;
        entry.1 <= self.per_minute
    }

    /// Whether `key` is over the limit in this minute already (counts nothing).
    pub fn exhausted(&self, key: &K, now: NaiveDateTime) -> bool {
        let Ok(w) = self.windows.lock() else { return false };
        w.get(key).is_some_and(|(start, n)| now - *start < chrono::Duration::minutes(1) && *n >= self.per_minute)
    }
}
