//! The clap definitions of the `dra` command line: the top-level commands and the arguments of
//! each subcommand (those of `dra campaign` live with their handlers in `campaign.rs`).

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use super::campaign;

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
    /// Print the effective settings as a file DRA_CONFIG loads back (secrets never printed).
    Config,
    /// Back up the database (SQLite: a consistent copy while the server runs) and the secret
    /// key, with a manifest of checksums, into an empty folder.
    Backup { dir: PathBuf },
    /// Restore a backup into the configured data directory (it must hold no database, unless
    /// --force), then apply newer migrations.
    Restore {
        dir: PathBuf,
        /// Replace an existing database and secret.
        #[arg(long)]
        force: bool,
    },
    /// Shell completions: `dra completions bash > /etc/bash_completion.d/dra`.
    Completions {
        /// bash, zsh, fish, elvish or powershell.
        shell: clap_complete::Shell,
    },
    /// The manual page (roff): `dra man > dra.1 && man ./dra.1`.
    Man,
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
    /// Responses: import paper forms typed into a CSV; count, list, show, exclude from the
    /// figures and restore (one by one in identified campaigns only).
    #[command(subcommand)]
    Responses(ResponsesCommand),
    /// The charted report of a campaign: pdf, html, csv, xlsx or json of the aggregates;
    /// `responses-csv` (the anonymised responses); `comments-csv` / `comments-json` / `comments-xlsx` (what
    /// respondents wrote); `stats` (a folder: numeric data, codebook, SPSS/PSPP, Stata and R syntax).
    Report {
        #[arg(long)]
        campaign: String,
        #[arg(long, default_value = "pdf")]
        format: String,
        #[arg(long, default_value = "es")]
        lang: String,
        /// Output file, `-` for standard output, or the folder for `stats` (default:
        /// SLUG-report-LANG.EXT, or SLUG-stats/, in the current folder).
        #[arg(long)]
        out: Option<PathBuf>,
        /// A CSV for a spreadsheet whose locale takes the decimal comma (Spanish Excel):
        /// semicolons between fields and "2,67".
        #[arg(long)]
        excel: bool,
        /// Earlier editions (campaign slugs, oldest first, repeated or comma-separated): the PDF
        /// and HTML gain a "change since" section (three or more editions: a trend per pillar).
        #[arg(long, value_delimiter = ',')]
        compare_to: Vec<String>,
        /// Item map between the survey versions (JSON: old item id → new id, or
        /// {"to": id, "recode": {old option: new option}}, or null when dropped).
        #[arg(long, requires = "compare_to")]
        map: Option<PathBuf>,
    },
    /// Compare editions: per group × pillar / sub-pillar / item, both means and the difference
    /// with its Welch 95% interval (flagged when it excludes 0); only published figures. Index
    /// campaigns: each institution's score and rank change (three or more editions: its series).
    Compare {
        /// Earlier campaign(s), oldest first (repeat or comma-separate; three or more editions in
        /// all add the trend of each pillar). The last is compared with --to.
        #[arg(long, required = true, value_delimiter = ',')]
        from: Vec<String>,
        /// The later campaign.
        #[arg(long)]
        to: String,
        /// Item map between the survey versions (JSON: old item id → new id, or
        /// {"to": id, "recode": {old option: new option}}, or null when dropped).
        #[arg(long)]
        map: Option<PathBuf>,
        /// json or csv.
        #[arg(long, default_value = "json")]
        format: String,
        /// Write to this file instead of standard output.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Publish a survey campaign's figures as open data: a Frictionless Data Package
    /// (datapackage.json, CSVs with Table Schema) and DCAT-AP metadata (dcat.jsonld), the same
    /// published figures as the exports (suppressed groups carry no figure); for an index
    /// campaign, its ranking, pillar, indicator and sensitivity tables.
    Publish {
        #[arg(long)]
        campaign: String,
        /// A new or empty folder (or, with --zip, the .zip file to write).
        #[arg(long)]
        out: PathBuf,
        /// Who publishes (default: the campaign's country).
        #[arg(long)]
        publisher: Option<String>,
        /// The publisher's web address.
        #[arg(long)]
        publisher_url: Option<String>,
        /// A contact address for the dataset.
        #[arg(long)]
        contact_email: Option<String>,
        /// CC-BY-4.0 (default), CC-BY-SA-4.0 or CC0-1.0.
        #[arg(long)]
        license: Option<String>,
        /// Where the files will be served from (the distributions' download addresses).
        #[arg(long)]
        base_url: Option<String>,
        /// Language of the labels (default: the campaign's).
        #[arg(long)]
        lang: Option<String>,
        /// Write one zip file instead of a folder.
        #[arg(long)]
        zip: bool,
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
    /// Message catalogs: `check [LANG|FILE.ftl]` lists what a language lacks next to English;
    /// `list` names the languages with a catalog.
    #[command(subcommand)]
    I18n(I18nCommand),
    /// National indices of institutions: framework check, index campaigns, institutions, scores
    /// with evidence, review, the composite index with its uncertainty, agreement.
    #[command(subcommand)]
    Index(super::index::IndexCommand),
    /// Open contributions: set a campaign's topics; "what we heard and what we did" (pdf, html).
    #[command(subcommand)]
    Contributions(super::contributions::ContributionsCommand),
}

#[derive(Debug, Subcommand)]
pub enum I18nCommand {
    /// Messages missing from a catalog (and unknown ids, and variables that differ), for one
    /// language, a catalog file not yet installed (`quc.ftl`), or every loaded language.
    Check { lang: Option<String> },
    /// The languages with a catalog, with their own names.
    List,
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add a user with a role (admin, coordinator, analyst, moderator).
    Add {
        name: String,
        #[arg(long)]
        role: String,
    },
    /// Give a user a new one-time password (their sessions end).
    Passwd { name: String },
    /// Every user: role, disabled or not, last sign-in.
    List {
        /// As JSON, for scripts.
        #[arg(long)]
        json: bool,
    },
    /// Stop a user from signing in (their sessions end; their API tokens stop working).
    Disable { name: String },
    /// Let a disabled user sign in again.
    Enable { name: String },
    /// Give a user another role (their sessions end; their API tokens are held to it).
    Role { name: String, role: String },
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
        /// admin, coordinator or analyst (never above the owner's own role).
        #[arg(long)]
        role: String,
        /// Days until it stops working.
        #[arg(long, default_value_t = 90, value_parser = clap::value_parser!(i64).range(1..=3650))]
        expires_in_days: i64,
    },
    /// Every API token: id, owner, name, role, created, expires, last used, revoked (never the
    /// token itself).
    List {
        /// As JSON, for scripts.
        #[arg(long)]
        json: bool,
    },
    /// Revoke a token by its id (from `dra token list`): it stops working at once.
    Revoke { id: i64 },
}

#[derive(Debug, Subcommand)]
pub enum ResponsesCommand {
    /// Import paper forms: columns respondent, group, language, then one per question id (the
    /// option value; empty = no answer). With --format odk, the CSV export of KoboToolbox or ODK
    /// Central for a form of `dra survey export --xlsform`. Every row is checked; all or nothing.
    Import {
        #[arg(long)]
        campaign: String,
        file: PathBuf,
        /// paper (typed-in paper forms) or odk (KoboToolbox / ODK Central CSV export).
        #[arg(long, value_enum, default_value = "paper")]
        format: ImportFormat,
    },
    /// Responses per group: counted (submitted, not excluded), excluded, drafts. Any campaign,
    /// anonymous too.
    Counts {
        #[arg(long)]
        campaign: String,
        /// As JSON, for scripts.
        #[arg(long)]
        json: bool,
    },
    /// An identified campaign's responses (no answers): number, status, group, origin, language,
    /// when submitted, the participant.
    List {
        #[arg(long)]
        campaign: String,
        #[arg(long)]
        group: Option<String>,
        /// draft, submitted (counted) or excluded.
        #[arg(long)]
        status: Option<String>,
        /// Part of the participant's address or name, a paper form's id, or a number (#12).
        #[arg(long)]
        search: Option<String>,
        /// As JSON, for scripts.
        #[arg(long)]
        json: bool,
    },
    /// One response of an identified campaign: who, where from, when, its exclusion, and its
    /// answers (in words, in the language it was given in).
    Show {
        #[arg(long)]
        campaign: String,
        /// The response's number (from `dra responses list`).
        id: i64,
        /// As JSON, for scripts (the answers as stored).
        #[arg(long)]
        json: bool,
    },
    /// Exclude a submitted response from every figure and export (it stays stored; its
    /// respondent still sees it submitted). Audit-logged.
    Exclude {
        #[arg(long)]
        campaign: String,
        id: i64,
        /// Why (1 to 500 characters, no names or addresses): printed in the report's method annex.
        #[arg(long)]
        reason: String,
    },
    /// Restore an excluded response: it counts again. Audit-logged.
    Restore {
        #[arg(long)]
        campaign: String,
        id: i64,
        /// A note for the audit log.
        #[arg(long)]
        note: Option<String>,
    },
}

/// How a file of responses is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ImportFormat {
    /// Paper forms typed into a CSV (`dra survey template --csv`).
    Paper,
    /// The CSV KoboToolbox or ODK Central exports (XML values, group names in the headers).
    Odk,
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
    /// The campaign's participants and how far each got (never their link).
    List {
        #[arg(long)]
        campaign: String,
        /// As JSON, for scripts.
        #[arg(long)]
        json: bool,
    },
    /// One participant: their details, how far they got and when (never their link).
    Show {
        #[arg(long)]
        campaign: String,
        email: String,
        /// As JSON, for scripts.
        #[arg(long)]
        json: bool,
    },
    /// Correct a participant: a new address (their link keeps working; mail still waiting goes
    /// to the new address), name, organisation, group (before they start answering) or language.
    Update {
        #[arg(long)]
        campaign: String,
        email: String,
        /// The corrected address.
        #[arg(long = "email")]
        new_email: Option<String>,
        /// An empty value clears it.
        #[arg(long)]
        name: Option<String>,
        /// An empty value clears it.
        #[arg(long)]
        organisation: Option<String>,
        #[arg(long)]
        group: Option<String>,
        #[arg(long)]
        language: Option<String>,
    },
    /// Send a participant's invitation again (the same personal link), delivered by the mail
    /// worker.
    Resend {
        #[arg(long)]
        campaign: String,
        email: String,
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
    Status {
        /// As JSON, for scripts.
        #[arg(long)]
        json: bool,
    },
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
    /// Check a definition (JSON, or an XLSForm .xlsx) and store it as a content-hashed version.
    Import { file: PathBuf },
    /// Convert an XLSForm (.xlsx) into a JSON definition, checked; problems as
    /// FILE:SHEET:ROW: column: message, nothing written.
    Convert {
        file: PathBuf,
        #[arg(long)]
        out: PathBuf,
    },
    /// Write a survey as an XLSForm for ODK Collect and KoboToolbox (--xlsform out.xlsx).
    Export {
        /// A definition file, or a stored survey (id, #ID or hash prefix).
        survey: String,
        #[arg(long)]
        xlsform: PathBuf,
    },
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
