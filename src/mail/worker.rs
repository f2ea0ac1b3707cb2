//! The outbox worker: releases claims of dead workers, queues the thank-yous owed and the due
//! reminders, then claims due messages and sends them at the configured rate, marking each one
//! as soon as the server has answered. Transient failures retry with exponential backoff;
//! permanent ones bounce.
//!
//! Delivery is at least once. A worker renews its claims while it holds them; the claims of a
//! worker that died are released once they are `LEASE` old, and another worker sends them. A
//! message the SMTP server had accepted just before its worker died (before the worker recorded
//! it) is therefore sent again, with the same Message-ID, by which mail servers and clients drop
//! the duplicate. Nothing else is ever sent twice.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use chrono::NaiveDateTime;

use super::{Mailer, SendError, message};
use crate::clock::Clock;
use crate::db::outbox::{self, OutboxMail};
use crate::db::{self, AnyConnection, DbError, DbPool};
use crate::token::TokenKey;

/// A claim not renewed for this long belongs to a worker that died: the message goes back to
/// the queue. With a pass every `PASS_EVERY` at most, a dead worker's messages are sent again
/// within `LEASE + PASS_EVERY` (50 s).
pub const LEASE: Duration = Duration::from_secs(40);
/// How often a live worker renews the claims it holds (well inside `LEASE`).
pub const RENEW_EVERY: Duration = Duration::from_secs(10);
/// How often the worker inside `dra serve` runs a pass.
pub const PASS_EVERY: Duration = Duration::from_secs(10);
/// Transient failures tolerated before a message is given up.
pub const MAX_ATTEMPTS: i32 = 8;
const BATCH: i64 = 50;

/// What one run did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct WorkerStats {
    /// Thank-yous composed and queued for the submissions recorded since the last pass.
    pub thanks_queued: usize,
    pub reminders_queued: usize,
    pub sent: usize,
    pub retried: usize,
    pub bounced: usize,
    pub failed: usize,
    /// Reminders not sent because their participant answered while they waited.
    pub skipped: usize,
}

pub struct Worker {
    pub mailer: Mailer,
    key: TokenKey,
    base_url: String,
    from: String,
    rate: f64,
    connections: usize,
    clock: Arc<dyn Clock>,
    id: String,
}

/// A claimed message ready to go, or already settled (opted out, no invitation, unbuildable).
enum Prepared<'a> {
    Send(&'a OutboxMail, lettre::Message),
    Settled,
}

/// Delay before attempt `attempts + 1`: 1 min, 2, 4, … capped at 6 h.
pub fn backoff(attempts: i32) -> chrono::Duration {
    let exp = attempts.clamp(1, 16) - 1;
    chrono::Duration::seconds((60i64 << exp).min(6 * 3600))
}

/// The campaigns whose invitations and reminders wait now: outside their sending window.
fn held_campaigns(conn: &mut AnyConnection, now: NaiveDateTime) -> Result<Vec<i64>, DbError> {
    Ok(db::campaigns::list(conn)?
        .into_iter()
        .filter(|c| {
            let window = c.send_window.as_deref().and_then(|w| crate::campaign::window::SendWindow::parse(w).ok());
            let offset = crate::campaign::parse_offset(&c.time_zone).ok();
            matches!((window, offset), (Some(w), Some(o)) if !w.is_open(now, o))
        })
        .map(|c| c.id)
        .collect())
}

impl Worker {
    pub fn new(mailer: Mailer, key: TokenKey, settings: &crate::config::Settings, clock: Arc<dyn Clock>) -> Self {
        let id = format!("{}-{}", std::process::id(), crate::token::new_nonce().get(..8).unwrap_or("0"));
        Self {
            mailer,
            key,
            base_url: settings.base_url.trim_end_matches('/').to_string(),
            from: settings.mail_from.clone(),
            rate: settings.mail_rate,
            connections: settings.mail_connections.max(1) as usize,
            clock,
            id,
        }
    }

    fn now(&self) -> NaiveDateTime {
        self.clock.now()
    }

    /// Queues due reminders of every open campaign inside its sending window (outside it they are
    /// queued on the first pass once it opens, so that one sent then still finds its participant
    /// without an answer).
    pub fn schedule_reminders(&self, conn: &mut AnyConnection) -> Result<usize, DbError> {
        let held = held_campaigns(conn, self.now())?;
        let mut n = 0;
        for c in db::campaigns::open_campaigns(conn)?.into_iter().filter(|c| !held.contains(&c.id)) {
            let cm = crate::service::mailing::campaign_mail(conn, c, &self.base_url)?;
            n += crate::service::mailing::reminders(conn, &cm, self.now())?;
        }
        Ok(n)
    }

    /// Queues the thank-yous owed to first submissions (`service::mailing::thanks`).
    pub fn queue_thanks(&self, conn: &mut AnyConnection) -> Result<usize, DbError> {
        crate::service::mailing::thanks(conn, &self.base_url, self.now())
    }

    /// One full pass: thank-yous, reminders, then stale claims and every due message.
    pub fn run_once(&self, conn: &mut AnyConnection) -> Result<WorkerStats, DbError> {
        let thanks_queued = self.queue_thanks(conn)?;
        let reminders_queued = self.schedule_reminders(conn)?;
        let mut stats = self.deliver_due(conn, usize::MAX)?;
        stats.thanks_queued = thanks_queued;
        stats.reminders_queued = reminders_queued;
        Ok(stats)
    }

    /// Sends due messages, at most `limit` (a test can stop a worker in the middle of a batch).
    pub fn deliver_due(&self, conn: &mut AnyConnection, limit: usize) -> Result<WorkerStats, DbError> {
        let lease = chrono::Duration::from_std(LEASE).unwrap_or(chrono::Duration::seconds(40));
        let released = outbox::release_stale(conn, self.now() - lease)?;
        if released > 0 {
            tracing::warn!(released, "mail claims of a stopped worker released");
        }
        let held = held_campaigns(conn, self.now())?;
        let mut stats = WorkerStats::default();
        let started = Instant::now();
        let sent_so_far = std::sync::atomic::AtomicUsize::new(0);
        let mut handled = 0usize;
        while handled < limit {
            let take = BATCH.min(i64::try_from(limit - handled).unwrap_or(BATCH));
            let batch = outbox::claim(conn, &self.id, self.now(), take, &held)?;
            if batch.is_empty() {
                break;
            }
            handled += batch.len();
            let mut ready = Vec::with_capacity(batch.len());
            for mail in &batch {
                if let Prepared::Send(m, msg) = self.prepare(conn, mail, &mut stats)? {
                    ready.push((m, msg));
                }
            }
            self.send_parallel(conn, &ready, started, &sent_so_far, &mut stats)?;
        }
        if handled > 0 {
            tracing::info!(
                sent = stats.sent,
                retried = stats.retried,
                bounced = stats.bounced,
                failed = stats.failed,
                "mail run"
            );
        }
        Ok(stats)
    }

    /// Sends over up to `connections` SMTP connections at once; each result is recorded as soon
    /// as it comes back (a round trip per message makes one connection slow, whatever the server).
    fn send_parallel(
        &self,
        conn: &mut AnyConnection,
        ready: &[(&OutboxMail, lettre::Message)],
        started: Instant,
        sent_so_far: &std::sync::atomic::AtomicUsize,
        stats: &mut WorkerStats,
    ) -> Result<(), DbError> {
        if ready.is_empty() {
            return Ok(());
        }
        let next = std::sync::atomic::AtomicUsize::new(0);
        let (tx, rx) = std::sync::mpsc::channel::<(usize, Result<(), SendError>)>();
        let threads = self.connections.min(ready.len());
        std::thread::scope(|scope| -> Result<(), DbError> {
            for _ in 0..threads {
                let tx = tx.clone();
                let next = &next;
                scope.spawn(move || {
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some((mail, msg)) = ready.get(i) else { break };
                        let n = sent_so_far.fetch_add(1, Ordering::Relaxed) + 1;
                        self.pace(started, n);
                        let result = self.mailer.send(msg, &mail.message_id);
                        if tx.send((i, result)).is_err() {
                            break;
                        }
                    }
                });
            }
            drop(tx);
            // Results are recorded as they come; the claims still held are renewed meanwhile,
            // however slow the server (a claim left to age would be sent again by another worker).
            let mut renewed = Instant::now();
            loop {
                match rx.recv_timeout(RENEW_EVERY) {
                    Ok((i, result)) => {
                        if let Some((mail, _)) = ready.get(i) {
                            self.record(conn, mail, result, stats)?;
                        }
                    }
                    Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {}
                    Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => break,
                }
                if renewed.elapsed() >= RENEW_EVERY {
                    outbox::renew_claims(conn, &self.id, self.now())?;
                    renewed = Instant::now();
                }
            }
            Ok(())
        })
    }

    /// Keeps to the configured messages per second.
    fn pace(&self, started: Instant, handled: usize) {
        let due = Duration::from_secs_f64(handled as f64 / self.rate);
        if let Some(wait) = due.checked_sub(started.elapsed()) {
            std::thread::sleep(wait);
        }
    }

    /// The personal and opt-out links of the participant a message is for.
    fn links(&self, conn: &mut AnyConnection, mail: &OutboxMail) -> Result<Option<(String, String)>, DbError> {
        let Some(pid) = mail.participant_id else { return Ok(Some((String::new(), String::new()))) };
        Ok(db::invitations::of_participant(conn, pid)?.map(|inv| {
            let t = self.key.derive(&inv.token_nonce);
            let optout = self.key.derive_optout(inv.id, &inv.token_nonce);
            (format!("{}/r/{t}", self.base_url), format!("{}/o/{optout}", self.base_url))
        }))
    }

    /// Settles what cannot or must not be sent; builds the message of the rest.
    fn prepare<'m>(
        &self,
        conn: &mut AnyConnection,
        mail: &'m OutboxMail,
        stats: &mut WorkerStats,
    ) -> Result<Prepared<'m>, DbError> {
        if db::participants::is_opted_out(conn, &mail.recipient)? {
            outbox::mark_retry(conn, mail.id, "opted out: not sent", None)?;
            stats.failed += 1;
            return Ok(Prepared::Settled);
        }
        // A reminder that waited (a sending window, a retry) and whose participant answered
        // meanwhile is not sent: it would ask for what was given.
        if mail.kind == crate::mail::templates::MailKind::Reminder.as_str()
            && let Some(pid) = mail.participant_id
            && db::invitations::of_participant(conn, pid)?.is_some_and(|i| i.submitted_at.is_some())
        {
            outbox::mark_retry(conn, mail.id, "answered before the reminder went out: not sent", None)?;
            stats.skipped += 1;
            return Ok(Prepared::Settled);
        }
        let Some((link, optout)) = self.links(conn, mail)? else {
            outbox::mark_retry(conn, mail.id, "no invitation for this participant", None)?;
            stats.failed += 1;
            return Ok(Prepared::Settled);
        };
        match message::build(mail, &self.from, &link, &optout) {
            Ok(m) => Ok(Prepared::Send(mail, m)),
            Err(e) => {
                outbox::mark_bounced(conn, mail, &e, self.now())?;
                stats.bounced += 1;
                Ok(Prepared::Settled)
            }
        }
    }

    /// Records what the server answered for one message.
    fn record(
        &self,
        conn: &mut AnyConnection,
        mail: &OutboxMail,
        result: Result<(), SendError>,
        stats: &mut WorkerStats,
    ) -> Result<(), DbError> {
        let now = self.now();
        match result {
            Ok(()) => {
                outbox::mark_sent(conn, mail, now)?;
                stats.sent += 1;
            }
            Err(SendError::Permanent(e)) => {
                tracing::warn!(outbox_id = mail.id, error = %e, "mail refused for good: address bounced");
                outbox::mark_bounced(conn, mail, &e, now)?;
                stats.bounced += 1;
            }
            Err(SendError::Transient(e)) => {
                let next = (mail.attempts < MAX_ATTEMPTS).then(|| now + backoff(mail.attempts));
                tracing::warn!(outbox_id = mail.id, attempts = mail.attempts, error = %e, "mail not sent, will retry");
                outbox::mark_retry(conn, mail.id, &e, next)?;
                if next.is_some() { stats.retried += 1 } else { stats.failed += 1 }
            }
        }
        Ok(())
    }

    /// Runs in a thread until `stop` is set: a pass every `every`.
    pub fn spawn(self, pool: DbPool, stop: Arc<AtomicBool>, every: Duration) -> std::thread::JoinHandle<()> {
        std::thread::spawn(move || {
            tracing::info!(transport = %self.mailer.describe(), "mail worker started: it delivers what is queued");
            while !stop.load(Ordering::Relaxed) {
                match pool.get() {
                    Ok(mut conn) => {
                        if let Err(e) = self.run_once(&mut conn) {
                            tracing::error!(error = %e, "mail worker pass failed");
                        }
                    }
                    Err(e) => tracing::error!(error = %e, "mail worker: no database connection"),
                }
                let until = Instant::now() + every;
                while Instant::now() < until && !stop.load(Ordering::Relaxed) {
                    std::thread::sleep(Duration::from_millis(200));
                }
            }
        })
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn backoff_doubles_and_caps() {
        assert_eq!(super::backoff(1).num_seconds(), 60);
        assert_eq!(super::backoff(2).num_seconds(), 120);
        assert_eq!(super::backoff(5).num_seconds(), 960);
        assert_eq!(super::backoff(15).num_seconds(), 6 * 3600);
    }
}
