//! The `dra` binary: parse the command line, set up logging, run.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    // Every file `dra` makes holds personal data or what opens it (the database and its log,
    // mail written as .eml files with working links, the secret key, reports): readable by its
    // owner only.
    #[cfg(unix)]
    rustix::process::umask(rustix::fs::Mode::from_raw_mode(0o077));
    let cli = dra::cli::Cli::parse();
    // The `log` setting (file or DRA_LOG); a settings error is reported by the command itself.
    let filter = dra::config::Settings::from_env().map(|s| s.log).unwrap_or_else(|_| "info".into());
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::try_new(&filter).unwrap_or_else(|_| "info".into()))
        .with_writer(dra::cli::progress::log_writer)
        // Colours for a person at a terminal; plain lines for a file or a log collector.
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
    match dra::cli::run(cli) {
        Ok(code) => code,
        // A failure at run time exits 1; a command line that does not parse exits 2 (clap's).
        // A domain error names an invalid field as the option it came from.
        Err(e) => {
            match e.downcast_ref::<dra::service::DomainError>() {
                Some(d) => eprintln!("error: {}", d.for_cli()),
                None => eprintln!("error: {e:#}"),
            }
            ExitCode::FAILURE
        }
    }
}
