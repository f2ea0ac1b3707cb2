//! Progress for long commands on a terminal (indicatif): a bar over the bytes of a file being read,
//! a spinner naming the step under way. Nothing is drawn when standard error is not a terminal
//! (a pipe, a log, CI), so scripted output stays as it was.

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::sync::LazyLock;
use std::time::Duration;

use indicatif::{MultiProgress, ProgressBar, ProgressStyle};

/// Every bar drawn, so that a log line is printed above them instead of through them.
static BARS: LazyLock<MultiProgress> = LazyLock::new(MultiProgress::new);

/// Standard error for the log: each line written with the bars cleared and drawn again after.
pub struct LogWriter;

impl Write for LogWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        BARS.suspend(|| std::io::stderr().write(buf))
    }

    fn flush(&mut self) -> std::io::Result<()> {
        std::io::stderr().flush()
    }
}

/// The log's writer (for `tracing_subscriber::fmt().with_writer`).
pub fn log_writer() -> LogWriter {
    LogWriter
}

fn visible() -> bool {
    std::io::stderr().is_terminal()
}

/// A bar over the bytes of `path`; read through `bar.wrap_read(file)`, finish with
/// `finish_and_clear`.
pub fn file(path: &Path, what: &str) -> ProgressBar {
    if !visible() {
        return ProgressBar::hidden();
    }
    let len = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    let bar = BARS.add(ProgressBar::new(len));
    let style = ProgressStyle::with_template("{msg} [{bar:30}] {bytes}/{total_bytes} ({eta})")
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> ");
    bar.set_style(style);
    bar.set_message(what.to_string());
    bar
}

/// A spinner showing `what` and the time spent; `set_message` names the next step.
pub fn steps(what: &str) -> ProgressBar {
    if !visible() {
        return ProgressBar::hidden();
    }
    let bar = BARS.add(ProgressBar::new_spinner());
    let style = ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
        .unwrap_or_else(|_| ProgressStyle::default_spinner());
    bar.set_style(style);
    bar.set_message(what.to_string());
    bar.enable_steady_tick(Duration::from_millis(120));
    bar
}

/// Whether progress is drawn (a terminal): a plain line says the same in logs otherwise.
pub fn drawn() -> bool {
    visible()
}
