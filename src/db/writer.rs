//! Group commit: one thread owns a connection and runs the writes of concurrent requests
//! together in one transaction, so a burst of submissions costs one durable commit instead of
//! one each. A request's answer is sent only after that commit succeeded: nothing is
//! acknowledged that is not on disk.
//!
//! The questionnaire's saves are written together, a few statements for the whole batch
//! (`submissions::write_all`); other writes run one after the other. The writes of a batch share
//! the transaction without a savepoint each (a savepoint copies every page it touches). When the
//! batch fails, it is rolled back and each write runs again in a transaction of its own, so a
//! failure is only ever its own request's.
//!
//! On PostgreSQL a busy writer waits a moment (`GATHER`) before committing a small batch, so that
//! batches grow with the load: a commit costs the server the same whatever its size.

use diesel::Connection;
use tokio::sync::mpsc::{Receiver, Sender, channel};
use tokio::sync::oneshot;

use super::submissions::{self, Saved, Submission};
use super::{AnyConnection, DatabaseUrl, DbError};

/// Writes batched into one commit at most.
const BATCH: usize = 128;

/// How long a busy PostgreSQL writer waits for more writes before committing a small batch.
const GATHER: std::time::Duration = std::time::Duration::from_millis(4);

/// A batch this large or larger is committed without waiting.
const GATHER_BELOW: usize = 16;

/// The size of SQLite write-ahead log file (about a thousand responses) above which the
/// checkpointing thread empties the file once writes have paused. SQLite would otherwise keep
/// the file at the largest size a burst gave it.
pub const LOG_KEPT: u64 = 16 * 1024 * 1024;

/// A request's write waiting in the queue.
trait Pending: Send {
    /// Runs the write (again, after a rolled-back batch) and keeps its result.
    fn attempt(&mut self, conn: &mut AnyConnection) -> Result<(), DbError>;
    /// Answers the request once the commit is known.
    fn finish(self: Box<Self>, commit: Result<(), String>);
}

struct Write<T, F> {
    f: F,
    result: Option<Result<T, DbError>>,
    answer: oneshot::Sender<Result<T, DbError>>,
}

impl<T, F> Pending for Write<T, F>
where
    T: Send,
    F: Fn(&mut AnyConnection) -> Result<T, DbError> + Send,
{
    fn attempt(&mut self, conn: &mut AnyConnection) -> Result<(), DbError> {
        let r = (self.f)(conn);
        let status = match &r {
            Ok(_) => Ok(()),
            Err(e) => Err(DbError::Open(format!("a write of the batch failed: {e}"))),
        };
        self.result = Some(r);
        status
    }

    fn finish(self: Box<Self>, commit: Result<(), String>) {
        let out = match (self.result, commit) {
            (Some(Err(e)), _) => Err(e),
            (Some(Ok(v)), Ok(())) => Ok(v),
            (Some(Ok(_)), Err(m)) => Err(DbError::Open(format!("the commit failed: {m}"))),
            (None, Err(m)) => Err(DbError::Open(format!("the write did not run: {m}"))),
            (None, Ok(())) => Err(DbError::Open("the write did not run".into())),
        };
        let _ = self.answer.send(out);
    }
}

/// A save of the questionnaire, written with the others of its batch.
struct Save {
    submission: Submission,
    answer: oneshot::Sender<Result<Saved, DbError>>,
}

enum Job {
    Save(Box<Save>),
    Other(Box<dyn Pending>),
}

/// The handle requests use; cheap to share.
pub struct Writer {
    queue: Sender<Job>,
    /// The checkpointing thread runs while this lives.
    _alive: std::sync::Arc<()>,
}

impl Writer {
    /// Starts the writing thread on its own connection.
    pub fn start(url: &DatabaseUrl) -> Result<Self, DbError> {
        let mut conn = super::connect(url)?;
        let alive = std::sync::Arc::new(());
        if let AnyConnection::Sqlite(c) = &mut conn {
            // Commits do not copy the log back into the database file (a pause of every
            // waiting request); the checkpointing thread does, beside them. A multi-row statement
            // keeps the pages it changes in a statement journal, to undo itself if it fails
            // midway; kept in memory, it is not spilled to a temporary file (created, written
            // and deleted, in most group commits) once it passes 64 KiB.
            use diesel::connection::SimpleConnection;
            c.batch_execute("PRAGMA wal_autocheckpoint = 0; PRAGMA temp_store = MEMORY;")?;
            spawn_checkpoints(url, std::sync::Arc::downgrade(&alive))?;
        }
        let (queue, jobs) = channel::<Job>(4 * BATCH);
        let url = url.clone();
        std::thread::Builder::new()
            .name("dra-writer".into())
            .spawn(move || run(conn, &url, jobs))
            .map_err(|e| DbError::Open(format!("cannot start the writer thread: {e}")))?;
        Ok(Self { queue, _alive: alive })
    }

    /// Runs `f` in the next group commit; the future resolves once the commit is durable (or
    /// failed). `f` may run twice (after a batch rolled back for another write's failure), so
    /// it must only write. Awaiting holds no thread: the writing thread answers on a channel.
    pub async fn run<T: Send + 'static>(
        &self,
        f: impl Fn(&mut AnyConnection) -> Result<T, DbError> + Send + 'static,
    ) -> Result<T, DbError> {
        let (answer, answered) = oneshot::channel();
        let write = Box::new(Write { f, result: None, answer });
        self.queue.send(Job::Other(write)).await.map_err(|_| stopped())?;
        answered.await.map_err(|_| stopped())?
    }

    /// Saves a page of the questionnaire (or the submitted response) in the next group commit,
    /// written together with the other saves of the batch, if the response still has the version
    /// the save was decided on; resolves once the commit is durable, with what became of it.
    pub async fn save(&self, submission: Submission) -> Result<Saved, DbError> {
        let (answer, answered) = oneshot::channel();
        self.queue.send(Job::Save(Box::new(Save { submission, answer }))).await.map_err(|_| stopped())?;
        answered.await.map_err(|_| stopped())?
    }
}

fn stopped() -> DbError {
    DbError::Open("the writer thread stopped".into())
}

/// How often the SQLite log is copied back into the database file.
const CHECKPOINT_EVERY: std::time::Duration = std::time::Duration::from_millis(250);

/// What `PRAGMA wal_checkpoint` answers: whether it was blocked, the frames in the log, and
/// how many of them are now copied into the database file.
#[derive(diesel::QueryableByName)]
struct Checkpoint {
    #[diesel(sql_type = diesel::sql_types::Integer)]
    busy: i32,
    #[diesel(sql_type = diesel::sql_types::Integer)]
    log: i32,
    #[diesel(sql_type = diesel::sql_types::Integer)]
    checkpointed: i32,
}

/// On SQLite: a thread on its own connection that checkpoints the write-ahead log without
/// blocking writers or readers (`PASSIVE`), a few times a second, for as long as the writer
/// lives. Other connections keep their automatic checkpoint. When the log is all copied and
/// nothing was written since the last round (writes have paused), a log file larger than
/// `LOG_KEPT` is emptied (`TRUNCATE`, which holds writes back for that moment only).
fn spawn_checkpoints(url: &DatabaseUrl, writer: std::sync::Weak<()>) -> Result<(), DbError> {
    use diesel::RunQueryDsl;
    use diesel::connection::SimpleConnection;
    let DatabaseUrl::Sqlite(path) = url else { return Ok(()) };
    let mut log_file = path.clone().into_os_string();
    log_file.push("-wal");
    let log_file = std::path::PathBuf::from(log_file);
    let AnyConnection::Sqlite(mut conn) = super::connect(url)? else { return Ok(()) };
    std::thread::Builder::new()
        .name("dra-checkpoint".into())
        .spawn(move || {
            let mut last_log = None;
            while writer.strong_count() > 0 {
                std::thread::sleep(CHECKPOINT_EVERY);
                let done = match diesel::sql_query("PRAGMA wal_checkpoint(PASSIVE)").get_result::<Checkpoint>(&mut conn)
                {
                    Ok(c) => c,
                    Err(e) => {
                        tracing::warn!(error = %e, "checkpoint failed");
                        continue;
                    }
                };
                let paused = done.busy == 0 && done.log == done.checkpointed && last_log == Some(done.log);
                last_log = Some(done.log);
                if paused && std::fs::metadata(&log_file).map_or(0, |m| m.len()) > LOG_KEPT {
                    if let Err(e) = conn.batch_execute("PRAGMA wal_checkpoint(TRUNCATE);") {
                        tracing::warn!(error = %e, "emptying the log file failed");
                    }
                    last_log = None;
                }
            }
        })
        .map_err(|e| DbError::Open(format!("cannot start the checkpoint thread: {e}")))?;
    Ok(())
}

/// Moves the writes already queued into the batch, up to its size.
fn drain(batch: &mut Vec<Job>, jobs: &mut Receiver<Job>) {
    while batch.len() < BATCH {
        match jobs.try_recv() {
            Ok(j) => batch.push(j),
            Err(_) => break,
        }
    }
}

fn run(mut conn: AnyConnection, url: &DatabaseUrl, mut jobs: Receiver<Job>) {
    // On PostgreSQL a commit costs the server about the same CPU whatever its size (measured:
    // ~360 µs a commit against ~25 µs a write), and that CPU is shared with the request handlers.
    // Once the writer is busy (its last batch held more than one write), it waits a moment for
    // more writes before a small batch, so batches grow with the load instead of two instances'
    // writers committing one or two writes each. A lone write on a quiet server never waits.
    // SQLite's commit is a file sync the writer thread waits out anyway: no wait there.
    let gather = match url {
        DatabaseUrl::Postgres(_) => Some(GATHER),
        _ => None,
    };
    let mut busy = false;
    while let Some(first) = jobs.blocking_recv() {
        let mut batch = vec![first];
        drain(&mut batch, &mut jobs);
        if let Some(wait) = gather.filter(|_| busy && batch.len() < GATHER_BELOW) {
            std::thread::sleep(wait);
            drain(&mut batch, &mut jobs);
        }
        busy = batch.len() > 1;
        let (mut saves, mut others) = (Vec::new(), Vec::new());
        for job in batch {
            match job {
                Job::Save(s) => saves.push(s),
                Job::Other(w) => others.push(w),
            }
        }
        let started = std::time::Instant::now();
        let mut written = std::time::Duration::ZERO;
        let mut together = write_batch(&mut conn, &mut saves, &mut others, &mut written, started);
        let mut reconnects = 0;
        while together.is_err() && reconnects < 3 && !alive(&mut conn) {
            // The connection itself broke (a restarted database server, a cut network): the batch
            // runs again on a new one. A batch whose commit did happen is harmless to run again:
            // each save's version check then answers `Stale`, and its request reads again.
            reconnects += 1;
            match super::connect(url) {
                Ok(fresh) => {
                    tracing::warn!("the writer's database connection broke: reconnected");
                    conn = fresh;
                    together = write_batch(&mut conn, &mut saves, &mut others, &mut written, started);
                }
                Err(e) => {
                    tracing::warn!(error = %e, "the writer's database connection broke: cannot reconnect");
                    break;
                }
            }
        }
        tracing::debug!(
            writes = saves.len() + others.len(),
            write_us = written.as_micros() as u64,
            commit_us = (started.elapsed() - written).as_micros() as u64,
            "group commit"
        );
        match together {
            Ok(outcomes) => {
                saves.into_iter().zip(outcomes).for_each(|(s, saved)| {
                    let _ = s.answer.send(Ok(saved));
                });
                others.into_iter().for_each(|w| w.finish(Ok(())));
            }
            Err(e) => {
                let count = saves.len() + others.len();
                tracing::warn!(error = %e, writes = count, "group commit rolled back; writing one by one");
                let mut failures = 0;
                for s in saves {
                    let alone = conn.transaction::<_, DbError, _>(|c| {
                        super::take_write_lock(c)?;
                        submissions::write_all(c, &[&s.submission])
                    });
                    failures += usize::from(alone.is_err());
                    let _ = s.answer.send(alone.map(|o| o.first().copied().unwrap_or(Saved::Stale)));
                }
                for mut w in others {
                    let alone = conn.transaction::<_, DbError, _>(|c| {
                        super::take_write_lock(c)?;
                        w.attempt(c)
                    });
                    failures += usize::from(alone.is_err());
                    w.finish(alone.map_err(|e| e.to_string()));
                }
                // Nothing went through: the connection itself may be at fault.
                if failures == count
                    && let Ok(fresh) = super::connect(url)
                {
                    conn = fresh;
                }
            }
        }
    }
}

/// One group commit: every write of the batch in one transaction; what became of each save.
fn write_batch(
    conn: &mut AnyConnection,
    saves: &mut [Box<Save>],
    others: &mut [Box<dyn Pending>],
    written: &mut std::time::Duration,
    started: std::time::Instant,
) -> Result<Vec<Saved>, DbError> {
    conn.transaction::<_, DbError, _>(|c| {
        super::take_write_lock(c)?;
        others.iter_mut().try_for_each(|w| w.attempt(c))?;
        let all: Vec<&Submission> = saves.iter().map(|s| &s.submission).collect();
        let r = submissions::write_all(c, &all);
        *written = started.elapsed();
        r
    })
}

/// Whether the connection still answers.
fn alive(conn: &mut AnyConnection) -> bool {
    use diesel::connection::SimpleConnection;
    conn.batch_execute("SELECT 1").is_ok()
}
