//! The `dra` command line: the parsed command dispatched to the file that handles it, each a thin
//! call into the library; and the migrated database connection every command opens.

pub mod campaign;
mod command;
mod compare;
pub mod contributions;
mod i18n;
pub mod index;
mod index_text;
mod offline;
pub mod progress;
pub mod responses;
mod review;
mod server;
mod survey;
mod users;
mod xlsform;

use std::process::ExitCode;

pub use command::{
    Cli, Command, MailCommand, ParticipantsCommand, ResponsesCommand, SendCommand, SurveyCommand, TokenCommand,
    UserCommand,
};

use crate::config::Settings;

/// Runs the parsed command; the exit code says whether it succeeded.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    // More languages' catalogs, for every command that writes texts (settings errors are each
    // command's own to report). `dra serve` has them loaded by `Application::build_with`, once.
    if !matches!(cli.command, Command::Serve { .. })
        && let Ok(settings) = Settings::from_env()
    {
        settings.load_catalogs()?;
    }
    match cli.command {
        Command::Survey(SurveyCommand::Check { files }) => Ok(survey::check(&files)),
        Command::Survey(SurveyCommand::Show { file, lang }) => survey::show(&file, lang),
        Command::Survey(SurveyCommand::Import { file }) => survey::import(&file),
        Command::Survey(SurveyCommand::List) => survey::list(),
        Command::Survey(SurveyCommand::Convert { file, out }) => xlsform::convert(&file, &out),
        Command::Survey(SurveyCommand::Export { survey, xlsform }) => xlsform::export(&survey, &xlsform),
        Command::Migrate { status } => server::migrate(status),
        Command::I18n(command::I18nCommand::Check { lang }) => i18n::check(lang.as_deref()),
        Command::I18n(command::I18nCommand::List) => i18n::list(),
        Command::Config => server::config(),
        Command::Backup { dir } => server::backup(&dir),
        Command::Restore { dir, force } => server::restore(&dir, force),
        Command::Serve { demo } => server::serve(demo),
        Command::Campaign(c) => campaign::run(c),
        Command::Index(c) => index::run(c),
        Command::User(cmd) => users::user(cmd),
        Command::Token(cmd) => users::token(cmd),
        Command::Responses(ResponsesCommand::Import { campaign, file, format }) => match format {
            command::ImportFormat::Paper => responses::import(&campaign, &file),
            command::ImportFormat::Odk => offline::import(&campaign, &file),
        },
        Command::Responses(ResponsesCommand::Counts { campaign, json }) => review::counts(&campaign, json),
        Command::Responses(ResponsesCommand::List { campaign, group, status, search, json }) => {
            let filter = crate::service::review::ResponseFilter { text: search, group, status };
            review::list(&campaign, &filter, json)
        }
        Command::Responses(ResponsesCommand::Show { campaign, id, json }) => review::show(&campaign, id, json),
        Command::Responses(ResponsesCommand::Exclude { campaign, id, reason }) => {
            review::exclude(&campaign, id, &reason)
        }
        Command::Responses(ResponsesCommand::Restore { campaign, id, note }) => {
            review::restore(&campaign, id, note.as_deref())
        }
        Command::Survey(SurveyCommand::Template { survey, .. }) => responses::template(&survey),
        Command::Survey(SurveyCommand::Print { survey, lang, out }) => responses::print(&survey, &lang, &out),
        Command::Report { campaign, format, lang, out, excel, compare_to, map } if !compare_to.is_empty() => {
            if excel {
                anyhow::bail!("--excel: a report with --compare-to is a PDF or HTML");
            }
            compare::report(&campaign, &compare_to, map.as_deref(), &format, &lang, out)
        }
        Command::Report { campaign, format, lang, out, excel, .. } => {
            responses::report(&campaign, &format, &lang, out, excel)
        }
        Command::Compare { from, to, map, format, out } => compare::compare(&from, &to, map.as_deref(), &format, out),
        Command::Publish { campaign, out, publisher, publisher_url, contact_email, license, base_url, lang, zip } => {
            let options = crate::service::publish::PublishOptions {
                publisher,
                publisher_url,
                contact_email,
                license,
                base_url,
                lang,
            };
            compare::publish(&campaign, &out, &options, zip)
        }
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
        Command::Mail(MailCommand::Send) => campaign::mail_send(),
        Command::Mail(MailCommand::Status { json }) => campaign::mail_status(json),
        Command::Participants(ParticipantsCommand::List { campaign, json }) => {
            campaign::list_participants(&campaign, json)
        }
        Command::Participants(ParticipantsCommand::Show { campaign, email, json }) => {
            campaign::show_participant(&campaign, &email, json)
        }
        Command::Participants(ParticipantsCommand::Update {
            campaign,
            email,
            new_email,
            name,
            organisation,
            group,
            language,
        }) => {
            let change =
                crate::service::fieldwork::ParticipantChange { email: new_email, name, organisation, group, language };
            campaign::update_participant(&campaign, &email, &change)
        }
        Command::Participants(ParticipantsCommand::Resend { campaign, email }) => campaign::resend(&campaign, &email),
        Command::Completions { shell } => {
            use clap::CommandFactory;
            let mut text = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "dra", &mut text);
            write_out(&text)
        }
        Command::Contributions(cmd) => contributions::run(cmd),
        Command::Man => {
            use clap::CommandFactory;
            let mut text = Vec::new();
            clap_mangen::Man::new(Cli::command()).render(&mut text)?;
            write_out(&text)
        }
    }
}

/// Writes to standard output; a reader that stopped early (`| head`) is no failure.
fn write_out(bytes: &[u8]) -> anyhow::Result<ExitCode> {
    use std::io::Write;
    match std::io::stdout().lock().write_all(bytes) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(ExitCode::SUCCESS),
    }
}

/// A connection to the configured database, its pending migrations applied.
pub(crate) fn open_migrated(settings: &Settings) -> anyhow::Result<crate::service::store::Conn> {
    Ok(crate::service::store::open_migrated(settings)?)
}
