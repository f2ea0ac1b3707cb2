//! Group commit: one thread owns a connection and runs the writes of concurrent requests
//! together in one transaction, one savepoint each, so a burst of submissions costs one durable
//! commit instead of one each. A request's answer is sent only after that commit succeeded:
//! nothing is acknowledged that is not on disk.

use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

use diesel::Connection;

use super::{AnyConnection, DatabaseUrl, DbError};

/// Writes batched into one commit at most.
const BATCH: usize = 128;

type Completion = Box<dyn FnOnce(Result<(), String>) + Send>;
type Job = Box<dyn FnOnce(&mut AnyConnection) -> Completion + Send>;

/// The handle requests use; cheap to share.
pub struct Writer {
    queue: SyncSender<Job>,
}

impl Writer {
    /// Starts the writing thread on its own connection.
    pub fn start(url: &DatabaseUrl) -> Result<Self, DbError> {
        let conn = super::connect(url)?;
        let (queue, jobs) = sync_channel::<Job>(4 * BATCH);
        let url = url.clone();
        std::thread::Builder::new()
            .name("dra-writer".into())
            .spawn(move || run(conn, &url, jobs))
            .map_err(|e| DbError::Open(format!("cannot start the writer thread: {e}")))?;
        Ok(Self { queue })
    }

    /// Runs `f` in the next group commit and waits until it is durable (blocking: call it
    /// from a blocking context). `f` runs in a savepoint: its error undoes only its own writes.
    pub fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut AnyConnection) -> Result<T, DbError> + Send + 'static,
    ) -> Result<T, DbError> {
        let (tx, rx) = sync_channel(1);
        let job: Job = Box::new(move |conn| {
            let result = conn.transaction(f);
            Box::new(move |commit: Result<(), String>| {
                let out = match (result, commit) {
                    (Ok(v), Ok(())) => Ok(v),
                    (Err(e), _) => Err(e),
                    (Ok(_), Err(m)) => Err(DbError::Open(format!("the commit failed: {m}"))),
                };
                let _ = tx.send(out);
            })
        });
        self.queue.send(job).map_err(|_| DbError::Open("the writer thread stopped".into()))?;
        rx.recv().map_err(|_| DbError::Open("the writer thread stopped".into()))?
    }
}

fn run(mut conn: AnyConnection, url: &DatabaseUrl, jobs: Receiver<Job>) {
    while let Ok(first) = jobs.recv() {
        let mut batch = vec![first];
        while batch.len() < BATCH {
            match jobs.try_recv() {
                Ok(j) => batch.push(j),
                Err(_) => break,
            }
        }
        let mut done: Vec<Completion> = Vec::with_capacity(batch.len());
        let commit = conn.transaction::<_, DbError, _>(|c| {
            super::take_write_lock(c)?;
            for job in batch {
                done.push(job(c));
            }
            Ok(())
        });
        let status = commit.map_err(|e| e.to_string());
        if let Err(e) = &status {
            tracing::error!(error = %e, writes = done.len(), "group commit failed");
            if let Ok(fresh) = super::connect(url) {
                conn = fresh;
            }
        }
        for d in done {
            d(status.clone());
        }
    }
}
