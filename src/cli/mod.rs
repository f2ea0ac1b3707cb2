//! The `dra` command line: clap subcommands, each a thin call into the library.

pub mod campaign;
pub mod responses;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand};

use crate::config::Settings;
use crate::db;
use crate::survey;

#[derive(Debug, Parser)]
#[command(name = "dra", version, about = "Digital Readiness Assessment survey engine")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the forms, console and API (migrates the database first).
    Serve {
        /// On an empty database, load dra-core and a demo campaign with simulated respondents.
        #[arg(long)]
        demo: bool,
    },
    /// Apply pending database migrations.
    Migrate {
        /// List pending migrations without applying them.
        #[arg(long)]
        status: bool,
    },
    /// Print the effective settings (secrets redacted).
    Config,
    /// Survey definitions: check, show, import, list.
    #[command(subcommand)]
    Survey(SurveyCommand),
    /// Campaigns: create, open, close, archive, status, list.
    #[command(subcommand)]
    Campaign(campaign::CampaignCommand),
    /// Participants of a campaign.
    #[command(subcommand)]
    Participants(ParticipantsCommand),
    /// Personal invitations by email.
    #[command(subcommand)]
    Invitations(SendCommand),
    /// Reminders to those who have not submitted.
    #[command(subcommand)]
    Reminders(SendCommand),
    /// The mail outbox.
    #[command(subcommand)]
    Mail(MailCommand),
    /// Console users: add, passwd (prints a one-time password to change at first login).
    #[command(subcommand)]
    User(UserCommand),
    /// API tokens for the JSON API.
    #[command(subcommand)]
    Token(TokenCommand),
    /// Responses: import paper forms typed into a CSV.
    #[command(subcommand)]
    Responses(ResponsesCommand),
    /// The charted report of a campaign: pdf, html, csv, xlsx or json of the aggregates, or
    /// `responses-csv` (the anonymised responses).
    Report {
        #[arg(long)]
        campaign: String,
        #[arg(long, default_value = "pdf")]
        format: String,
        #[arg(long, default_value = "es")]
        lang: String,
        /// Output file (default: SLUG-report-LANG.EXT in the current folder).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Aggregates of a campaign (scores, statistics, suppression) as JSON.
    Analyze {
        #[arg(long)]
        campaign: String,
        /// Output format (json).
        #[arg(long, default_value = "json")]
        format: String,
        /// Profile field to disaggregate by (group × value), e.g. gender or department.
        #[arg(long)]
        by: Option<String>,
        /// Write to this file instead of standard output.
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add a user with a role (admin, coordinator, analyst).
    Add {
        name: String,
        #[arg(long)]
        role: String,
    },
    /// Give a user a new one-time password (their sessions end).
    Passwd { name: String },
}

#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Create an API token (printed once; only its hash is stored).
    Create {
        /// Who holds it (a user name; made without a password if new).
        #[arg(long)]
        owner: String,
        /// What the token is for.
        #[arg(long, default_value = "api")]
        name: String,
        /// admin, coordinator or analyst.
        #[arg(long)]
        role: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum ResponsesCommand {
    /// Import paper forms: columns respondent, group, language, then one per question id (the
    /// option value; empty = no answer). Every row is checked; all or nothing.
    Import {
        #[arg(long)]
        campaign: String,
        file: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum ParticipantsCommand {
    /// Import a CSV (email, name, organisation, group, language; other columns kept as
    /// attributes). Same email = update; every refused row is listed with its line.
    Import {
        #[arg(long)]
        campaign: String,
        file: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum SendCommand {
    /// Queue the messages and deliver them now.
    Send {
        #[arg(long)]
        campaign: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum MailCommand {
    /// Deliver every due message of the outbox once (what the worker in `dra serve` does).
    Send,
    /// Messages in the outbox by status.
    Status,
}

#[derive(Debug, Subcommand)]
pub enum SurveyCommand {
    /// Check definitions; prints every problem as FILE:LINE:COL: /pointer: message.
    Check {
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Print the outline of a definition.
    Show {
        file: PathBuf,
        /// Language of the outline (default: the survey's default).
        #[arg(long)]
        lang: Option<String>,
    },
    /// Check a definition and store it as a content-hashed version.
    Import { file: PathBuf },
    /// List the stored survey versions.
    List,
    /// The printable blank questionnaire as PDF (A4, a box per option).
    Print {
        /// A definition file, or a stored survey (id, #ID or hash prefix).
        survey: String,
        #[arg(long, default_value = "es")]
        lang: String,
        #[arg(long)]
        out: PathBuf,
    },
    /// Print the CSV header for typing in paper forms (`--csv`).
    Template {
        /// A definition file, or a stored survey (id, #ID or hash prefix).
        survey: String,
        #[arg(long)]
        csv: bool,
    },
}

/// Runs the parsed command; the exit code says whether it succeeded.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Survey(SurveyCommand::Check { files }) => Ok(check(&files)),
        Command::Survey(SurveyCommand::Show { file, lang }) => {
            let s = survey::load_file(&file)?;
            let lang = lang.unwrap_or_else(|| s.default_language.clone());
            print!("{}", survey::outline::outline(&s, &lang));
            Ok(ExitCode::SUCCESS)
        }
        Command::Survey(SurveyCommand::Import { file }) => {
            let s = survey::load_file(&file)?;
            let settings = Settings::from_env()?;
            let mut conn = open_migrated(&settings)?;
            let name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            match db::surveys::import(&mut conn, &s, &name)? {
                db::surveys::Imported::New(id) => {
                    println!("stored {} version {} as #{id} ({})", s.id, s.version, s.content_hash)
                }
                db::surveys::Imported::AlreadyStored(id) => {
                    println!(
                        "unchanged: {} version {} is already stored as #{id} ({})",
                        s.id, s.version, s.content_hash
                    )
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Survey(SurveyCommand::List) => {
            let settings = Settings::from_env()?;
            let mut conn = open_migrated(&settings)?;
            let rows = db::surveys::list(&mut conn)?;
            if rows.is_empty() {
                println!("no survey stored yet: dra survey import surveys/dra-core.json");
            }
            let mut out = std::io::stdout().lock();
            for r in rows {
                let hash = r.content_hash.get(..12).unwrap_or(&r.content_hash);
                writeln!(
                    out,
                    "#{:<4} {:<16} {:<10} {}  {}  {}",
                    r.id,
                    r.survey_key,
                    r.version,
                    hash,
                    r.imported_at.format("%Y-%m-%d %H:%M"),
                    r.title
                )?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Migrate { status } => {
            let settings = Settings::from_env()?;
            let url = settings.database()?;
            let mut conn = db::connect(&url)?;
            if status {
                let pending = db::migrate::pending(&mut conn)?;
                println!("{} pending migration(s) on {}", pending.len(), url.backend());
                for p in pending {
                    println!("  {p}");
                }
            } else {
                let applied = db::migrate::run_pending(&mut conn)?;
                println!("applied {} migration(s) on {}", applied.len(), url.backend());
                for a in applied {
                    println!("  {a}");
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Config => {
            print!("{}", Settings::from_env()?.redacted());
            Ok(ExitCode::SUCCESS)
        }
        Command::Serve { demo } => serve(demo),
        Command::Campaign(c) => campaign::run(c),
        Command::User(cmd) => {
            let settings = Settings::from_env()?;
            let mut conn = open_migrated(&settings)?;
            let now = crate::clock::Clock::now(&crate::clock::SystemClock);
            let (name, password) = match cmd {
                UserCommand::Add { name, role } => {
                    let p = db::users::create(&mut conn, &name, &role, now)?;
                    db::users::audit(&mut conn, "cli", "user added", Some(&format!("{name} ({role})")), None, now)?;
                    (name, p)
                }
                UserCommand::Passwd { name } => {
                    let user =
                        db::users::by_name(&mut conn, &name)?.ok_or_else(|| anyhow::anyhow!("no user \"{name}\""))?;
                    let p = db::users::one_time_password();
                    db::users::set_password(&mut conn, user.id, &p, true)?;
                    db::users::audit(&mut conn, "cli", "password reset", Some(&name), None, now)?;
                    (name, p)
                }
            };
            println!(
                "user {name}: one-time password {password} (shown only now; changed at first sign-in at /console)"
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Token(TokenCommand::Create { owner, name, role }) => {
            let settings = Settings::from_env()?;
            let mut conn = open_migrated(&settings)?;
            let token = db::api_tokens::create(
                &mut conn,
                &owner,
                &name,
                &role,
                crate::clock::Clock::now(&crate::clock::SystemClock),
            )?;
            eprintln!("API token for {owner} ({role}); it is shown only this once:");
            println!("{token}");
            Ok(ExitCode::SUCCESS)
        }
        Command::Responses(ResponsesCommand::Import { campaign, file }) => responses::import(&campaign, &file),
        Command::Survey(SurveyCommand::Template { survey, .. }) => responses::template(&survey),
        Command::Survey(SurveyCommand::Print { survey, lang, out }) => responses::print(&survey, &lang, &out),
        Command::Report { campaign, format, lang, out } => responses::report(&campaign, &format, &lang, out),
        Command::Analyze { campaign, format, by, out } => {
            if format != "json" {
                anyhow::bail!("--format {format}: dra analyze writes json (reports come in other formats)");
            }
            responses::analyze(&campaign, by, out)
        }
        Command::Participants(ParticipantsCommand::Import { campaign, file }) => {
            campaign::import_participants(&campaign, &file)
        }
        Command::Invitations(SendCommand::Send { campaign }) => campaign::send(&campaign, false),
        Command::Reminders(SendCommand::Send { campaign }) => campaign::send(&campaign, true),
        Command::Mail(MailCommand::Send) => {
            let settings = Settings::from_env()?;
            let mut conn = open_migrated(&settings)?;
            let worker_settings = settings.clone();
            let mailer = crate::mail::Mailer::from_settings(&settings)?;
            let worker = crate::mail::Worker::new(
                mailer,
                settings.token_key()?,
                &worker_settings,
                std::sync::Arc::new(crate::clock::SystemClock),
            );
            let stats = worker.run_once(&mut conn)?;
            println!(
                "{} reminder(s) queued; {} sent, {} to retry later, {} bounced, {} given up",
                stats.reminders_queued, stats.sent, stats.retried, stats.bounced, stats.failed
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Mail(MailCommand::Status) => {
            let settings = Settings::from_env()?;
            let mut conn = open_migrated(&settings)?;
            for (status, n) in db::outbox::counts(&mut conn)? {
                println!("{status:<10} {n}");
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

pub(crate) fn open_migrated(settings: &Settings) -> anyhow::Result<db::AnyConnection> {
    let url = settings.database()?;
    let mut conn = db::connect(&url)?;
    db::migrate::run_pending(&mut conn).context("migrating the database")?;
    Ok(conn)
}

/// `dra survey check`: every problem of every file, exit 1 if any.
fn check(files: &[PathBuf]) -> ExitCode {
    let mut failed = false;
    for f in files {
        match survey::load_file(f) {
            Ok(s) => println!(
                "{}: ok — {} {} ({} pillars, {} scored questions, languages {})",
                f.display(),
                s.id,
                s.version,
                s.pillars.len(),
                s.scored_questions().count(),
                s.languages.join(", ")
            ),
            Err(e) => {
                failed = true;
                println!("{e}");
            }
        }
    }
    if failed { ExitCode::FAILURE } else { ExitCode::SUCCESS }
}

fn serve(demo: bool) -> anyhow::Result<ExitCode> {
    let settings = Settings::from_env()?;
    if demo {
        let mut conn = open_migrated(&settings)?;
        let now = crate::clock::Clock::now(&crate::clock::SystemClock);
        match crate::demo::seed(&mut conn, &settings.token_key()?, &settings.base_url, now)? {
            Some(d) => {
                println!(
                    "demo campaign \"{}\" loaded: {} submitted responses over five groups",
                    crate::demo::SLUG,
                    d.respondents
                );
                println!("  a personal link not yet answered: {}", d.personal_link);
                println!("  the public link:                  {}", d.public_link);
                println!("  figures: dra analyze --campaign {}   (same data directory)", crate::demo::SLUG);
            }
            None => println!("the database already holds campaigns: no demo loaded"),
        }
    }
    let database = crate::config::redact_url(&settings.database()?.to_string());
    {
        // The first start creates an administrator, whose one-time password is shown only now.
        let mut conn = open_migrated(&settings)?;
        if !db::users::has_admin(&mut conn)? && db::users::by_name(&mut conn, "admin")?.is_none() {
            let now = crate::clock::Clock::now(&crate::clock::SystemClock);
            let password = db::users::create(&mut conn, "admin", "admin", now)?;
            db::users::audit(&mut conn, "dra", "first administrator created", Some("admin"), None, now)?;
            println!(
                "console: {}/console  user admin, one-time password {password}",
                settings.base_url.trim_end_matches('/')
            );
            println!("         (shown only now; you choose your own at the first sign-in)");
        }
    }
    actix_web::rt::System::new().block_on(async move {
        let app = crate::app::Application::build(settings)?;
        tracing::info!(addr = %app.addr(), %database, "dra is serving");
        println!("dra is serving on http://{}", app.addr());
        app.run().await?;
        tracing::info!("dra stopped");
        Ok(ExitCode::SUCCESS)
    })
}
