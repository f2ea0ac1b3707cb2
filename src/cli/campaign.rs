//! `dra campaign …`, `dra participants import`, `dra invitations send`, `dra reminders send`,
//! `dra mail send|status`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Subcommand};

use super::open_migrated;
use crate::campaign::{CampaignState, Group, Mode};
use crate::clock::{Clock, SystemClock};
use crate::config::Settings;
use crate::mail::queue;
use crate::service::fieldwork::{self, Fieldwork, Mailing};
use crate::service::store::Conn;
use crate::service::{self, Actor};

#[derive(Debug, Subcommand)]
pub enum CampaignCommand {
    /// Create a campaign (in draft) on a stored survey version.
    Create(Box<CreateArgs>),
    /// Open a draft campaign: links work and invitations can be sent.
    Open { slug: String },
    /// Close an open campaign: it accepts nothing more and personal links expire.
    Close { slug: String },
    /// Archive a closed campaign.
    Archive { slug: String },
    /// Per-group progress: invited, bounced, opted out, opened, started, submitted, excluded by
    /// the coordinators, response rate (usable responses ÷ invited).
    Status {
        slug: String,
        /// As JSON, for scripts.
        #[arg(long)]
        json: bool,
    },
    /// Show or change what may change after creation: close date, reminders, sending window,
    /// mail texts (the same rules as at creation; audit-logged). Without options it shows them.
    Settings(Box<SettingsArgs>),
    /// List campaigns.
    List {
        /// As JSON, for scripts.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
pub struct CreateArgs {
    /// Short name used in URLs and commands: lower-case letters, digits and dashes.
    #[arg(long)]
    pub slug: String,
    #[arg(long)]
    pub name: String,
    /// Stored survey: its id (newest version), `#ID`, or a content-hash prefix.
    #[arg(long, default_value = "dra-core")]
    pub survey: String,
    /// Languages offered (default: every language of the survey).
    #[arg(long, value_delimiter = ',')]
    pub languages: Vec<String>,
    /// Language used when a participant has none (default: the survey's).
    #[arg(long)]
    pub default_language: Option<String>,
    /// JSON file with the groups: `[{"code": "...", "labels": {"es": "...", "en": "..."}}]`.
    /// Default: the five DRA stakeholder groups.
    #[arg(long)]
    pub groups: Option<PathBuf>,
    /// Opening moment: 2026-12-01, 2026-12-01T08:00 (in --tz) or RFC 3339.
    #[arg(long)]
    pub opens: Option<String>,
    /// Closing moment (a bare date means the end of that day, in --tz).
    #[arg(long)]
    pub closes: Option<String>,
    /// UTC offset of the campaign's local time (Guatemala: -06:00).
    #[arg(long, default_value = "+00:00", allow_hyphen_values = true)]
    pub tz: String,
    /// identified, or anonymous (responses keep only the group, never the participant).
    #[arg(long, default_value = "identified")]
    pub mode: String,
    /// Smallest group shown in reports (never below 3).
    #[arg(long, default_value_t = 5, allow_negative_numbers = true, value_parser = clap::value_parser!(i32).range(3..=1000))]
    pub min_cell: i32,
    /// Days between reminders to people who have not submitted (1 to 365).
    #[arg(long, allow_negative_numbers = true, value_parser = clap::value_parser!(i32).range(1..=365))]
    pub remind_every: Option<i32>,
    /// Reminders per person at most (0 to 10).
    #[arg(long, default_value_t = 2, allow_negative_numbers = true, value_parser = clap::value_parser!(i32).range(0..=10))]
    pub remind_max: i32,
    /// Respondents may change their answers after submitting, until the campaign closes.
    #[arg(long)]
    pub allow_edit: bool,
    /// Also accept answers through the public link BASE_URL/p/SLUG.
    #[arg(long)]
    pub public_link: bool,
    /// With the public link: one response per browser (`false`: several, for shared computers).
    #[arg(long, default_value_t = true, action = clap::ArgAction::Set, value_name = "BOOL")]
    pub one_per_browser: bool,
    #[arg(long)]
    pub country: Option<String>,
    /// JSON file with the campaign's own mail texts: {"invitation": {"es": {"subject", "body"}}}.
    #[arg(long)]
    pub mail_overrides: Option<PathBuf>,
    /// When invitations and reminders go out, in --tz: 08:00-17:00, or 08:00-17:00 mon-fri.
    #[arg(long)]
    pub send_window: Option<String>,
    /// The campaign's name in another of its languages, `en="Digital readiness 2026"`
    /// (repeatable); --name is the default language's.
    #[arg(long, value_name = "LANG=NAME", value_parser = lang_value)]
    pub name_in: Vec<(String, String)>,
}

/// `LANG=TEXT`, as `--name-in` takes it.
fn lang_value(s: &str) -> Result<(String, String), String> {
    let (lang, text) =
        s.split_once('=').ok_or_else(|| format!("`{s}`: write LANG=NAME, e.g. en=\"Digital readiness\""))?;
    Ok((lang.trim().to_string(), text.trim().to_string()))
}

#[derive(Debug, Args)]
pub struct SettingsArgs {
    pub slug: String,
    /// New closing moment: 2026-12-31 (end of that day), 2026-12-31T17:00 (campaign's time) or
    /// RFC 3339; "none" for no close date.
    #[arg(long)]
    pub closes: Option<String>,
    /// Days between reminders (1 to 365); 0 for none.
    #[arg(long, value_parser = clap::value_parser!(i32).range(0..=365))]
    pub remind_every: Option<i32>,
    /// Reminders per person at most (0 to 10).
    #[arg(long, value_parser = clap::value_parser!(i32).range(0..=10))]
    pub remind_max: Option<i32>,
    /// When invitations and reminders go out: 08:00-17:00 or 08:00-17:00 mon-fri (campaign's
    /// time); "any" for any time.
    #[arg(long)]
    pub send_window: Option<String>,
    /// JSON file with the campaign's own mail texts; "builtin" to go back to the built-in texts.
    #[arg(long)]
    pub mail_texts: Option<String>,
    /// The campaign's name in another of its languages, `en="Digital readiness 2026"`
    /// (repeatable; an empty name removes it).
    #[arg(long, value_name = "LANG=NAME", value_parser = lang_value)]
    pub name_in: Vec<(String, String)>,
    /// As JSON, for scripts.
    #[arg(long)]
    pub json: bool,
}

fn read(path: &PathBuf) -> anyhow::Result<String> {
    std::fs::read_to_string(path).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))
}

/// The request a `dra campaign create` makes (its files read).
fn request(a: &CreateArgs) -> anyhow::Result<service::campaigns::CampaignRequest> {
    let groups: Option<Vec<Group>> = match &a.groups {
        Some(p) => {
            Some(serde_json::from_str(&read(p)?).map_err(|e| anyhow::anyhow!("--groups: {}: {e}", p.display()))?)
        }
        None => None,
    };
    let mail_overrides = a.mail_overrides.as_ref().map(read).transpose()?;
    Ok(service::campaigns::CampaignRequest {
        languages: a.languages.clone(),
        default_language: a.default_language.clone(),
        groups,
        opens: a.opens.clone(),
        closes: a.closes.clone(),
        tz: a.tz.clone(),
        mode: Mode::parse(&a.mode).ok_or_else(|| anyhow::anyhow!("--mode must be identified or anonymous"))?,
        min_cell: a.min_cell,
        remind_every: a.remind_every,
        remind_max: a.remind_max,
        allow_edit: a.allow_edit,
        public_link: a.public_link,
        one_per_browser: a.one_per_browser,
        country: a.country.clone(),
        mail_overrides,
        send_window: a.send_window.clone(),
        names: a.name_in.iter().cloned().collect(),
        ..service::campaigns::CampaignRequest::new(&a.slug, &a.name, &a.survey)
    })
}

pub fn run(cmd: CampaignCommand) -> anyhow::Result<ExitCode> {
    let settings = Settings::from_env()?;
    let mut conn = open_migrated(&settings)?;
    let now = SystemClock.now();
    match cmd {
        CampaignCommand::Create(a) => {
            let c = service::campaigns::create(&mut conn, &request(&a)?, &Actor::cli(), now)
                .map_err(|e| anyhow::anyhow!(e.for_cli()))?;
            println!("created campaign \"{}\" (draft) on survey version #{}", c.slug, c.survey_version_id);
            println!("next: dra participants import --campaign {} FILE.csv; dra campaign open {}", c.slug, c.slug);
        }
        CampaignCommand::Open { slug } => {
            let c = service::campaigns::set_state(&mut conn, &slug, CampaignState::Open, &Actor::cli(), now)?;
            println!(
                "campaign \"{}\" is open; personal links: {}/r/…",
                c.slug,
                settings.base_url.trim_end_matches('/')
            );
            if c.has_public_link() {
                println!("public link: {}/p/{}", settings.base_url.trim_end_matches('/'), c.slug);
            }
        }
        CampaignCommand::Close { slug } => {
            service::campaigns::set_state(&mut conn, &slug, CampaignState::Closed, &Actor::cli(), now)?;
            println!("campaign \"{slug}\" is closed: it accepts nothing more");
        }
        CampaignCommand::Archive { slug } => {
            service::campaigns::set_state(&mut conn, &slug, CampaignState::Archived, &Actor::cli(), now)?;
            println!("campaign \"{slug}\" is archived");
        }
        CampaignCommand::Status { slug, json: false } => print!("{}", status_text(&mut conn, &slug)?),
        CampaignCommand::Status { slug, json: true } => {
            let Fieldwork { campaign: c, groups: rows, .. } = fieldwork::status(&mut conn, &slug)?;
            let out = serde_json::json!({
                "campaign": c.slug, "state": c.state, "closes_at": c.closes_at.map(|t| t.and_utc().to_rfc3339()),
                "groups": rows.iter().map(|r| serde_json::json!({
                    "group": r.group, "participants": r.participants, "invited": r.invited, "bounced": r.bounced,
                    "opted_out": r.opted_out, "opened": r.opened, "started": r.started, "submitted": r.submitted,
                    "excluded": r.excluded, "response_rate": r.response_rate(),
                })).collect::<Vec<_>>(),
            });
            println!("{}", serde_json::to_string_pretty(&out)?);
        }
        CampaignCommand::Settings(a) => settings_command(&mut conn, &a, now)?,
        CampaignCommand::List { json } => {
            let list = fieldwork::campaigns(&mut conn)?;
            if json {
                let out: Vec<serde_json::Value> = list
                    .iter()
                    .map(|c| {
                        serde_json::json!({"slug": c.slug, "name": c.name, "state": c.state, "mode": c.mode,
                            "survey_version": c.survey_version_id, "closes_at": c.closes_at.map(|t| t.and_utc().to_rfc3339())})
                    })
                    .collect();
                println!("{}", serde_json::to_string_pretty(&out)?);
            } else {
                for c in list {
                    println!(
                        "{:<20} {:<9} {:<11} survey #{:<4} {}",
                        c.slug, c.state, c.mode, c.survey_version_id, c.name
                    );
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `dra campaign settings SLUG [changes]`: the changes given, then the settings as they are.
fn settings_command(conn: &mut Conn, a: &SettingsArgs, now: chrono::NaiveDateTime) -> anyhow::Result<()> {
    let (c, _) = service::campaigns::with_groups(conn, &a.slug)?;
    let changing = a.closes.is_some()
        || a.remind_every.is_some()
        || a.remind_max.is_some()
        || a.send_window.is_some()
        || a.mail_texts.is_some()
        || !a.name_in.is_empty();
    let c = if changing {
        let offset = crate::campaign::parse_offset(&c.time_zone).map_err(|m| anyhow::anyhow!(m))?;
        let closes = match a.closes.as_deref() {
            Some("none") => String::new(),
            Some(s) => s.to_string(),
            None => c.closes_at.map(|t| t.and_utc().with_timezone(&offset).to_rfc3339()).unwrap_or_default(),
        };
        let mail_overrides = match a.mail_texts.as_deref() {
            Some("builtin") => None,
            Some(path) => Some(read(&PathBuf::from(path))?),
            None => c.mail_overrides.clone(),
        };
        let request = service::campaigns::SettingsRequest {
            closes,
            remind_every: match a.remind_every {
                Some(0) => None,
                Some(d) => Some(d),
                None => c.reminder_every_days,
            },
            remind_max: a.remind_max.unwrap_or(c.reminder_max),
            send_window: match a.send_window.as_deref() {
                Some("any") => String::new(),
                Some(w) => w.to_string(),
                None => c.send_window.clone().unwrap_or_default(),
            },
            mail_overrides,
            read: Some(c.updated_at),
            names: (!a.name_in.is_empty()).then(|| {
                let mut names = c.names_map();
                names.extend(a.name_in.iter().cloned());
                names
            }),
        };
        service::campaigns::update_settings(conn, &a.slug, &request, &Actor::cli(), now)
            .map_err(|e| anyhow::anyhow!(e.for_cli()))?
    } else {
        c
    };
    let closes = c.closes_at.map(|t| queue::format_close(t, &c.time_zone));
    let own: Vec<String> = c
        .mail_overrides
        .as_deref()
        .and_then(|o| serde_json::from_str::<crate::mail::templates::Overrides>(o).ok())
        .map(|o| o.iter().flat_map(|(k, m)| m.keys().map(move |l| format!("{} ({l})", k.as_str()))).collect())
        .unwrap_or_default();
    if a.json {
        let out = serde_json::json!({
            "campaign": c.slug,
            "closes_at": c.closes_at.map(|t| t.and_utc().to_rfc3339()),
            "reminder_every_days": c.reminder_every_days,
            "reminder_max": c.reminder_max,
            "send_window": c.send_window,
            "time_zone": c.time_zone,
            "own_mail_texts": own,
            "name": c.name,
            "names": c.names_map(),
        });
        println!("{}", serde_json::to_string_pretty(&out)?);
    } else {
        println!("{} — {}", c.slug, c.name);
        for (lang, name) in c.names_map() {
            println!("name ({lang}):      {name}");
        }
        println!("closes:         {}", closes.unwrap_or_else(|| "no close date".into()));
        match c.reminder_every_days {
            Some(d) => println!("reminders:      every {d} days, {} at most", c.reminder_max),
            None => println!("reminders:      none scheduled ({} at most when sent by hand)", c.reminder_max),
        }
        println!(
            "sending window: {}",
            c.send_window.as_deref().map_or_else(|| "any time".to_string(), |w| format!("{w} ({})", c.time_zone))
        );
        println!(
            "mail texts:     {}",
            if own.is_empty() { "built-in".to_string() } else { format!("own: {}", own.join(", ")) }
        );
    }
    Ok(())
}

/// The table `dra campaign status` prints.
pub fn status_text(conn: &mut Conn, slug: &str) -> anyhow::Result<String> {
    use std::fmt::Write;
    let Fieldwork { campaign: c, groups: rows, total, .. } = fieldwork::status(conn, slug)?;
    let mut out = String::new();
    let window = match (c.opens_at, c.closes_at) {
        (_, Some(cl)) => format!("closes {}", queue::format_close(cl, &c.time_zone)),
        _ => "no close date".into(),
    };
    let _ = writeln!(out, "{} — {} ({}, {}, {window})", c.slug, c.name, c.state, c.mode);
    let _ = writeln!(
        out,
        "{:<16} {:>8} {:>8} {:>8} {:>9} {:>7} {:>8} {:>9} {:>8} {:>6}",
        "group", "people", "invited", "bounced", "opted out", "opened", "started", "submitted", "excluded", "rate"
    );
    for r in rows.iter().chain(std::iter::once(&total)) {
        let rate = r.response_rate().map_or_else(|| "—".to_string(), |x| format!("{:.0}%", x * 100.0));
        let _ = writeln!(
            out,
            "{:<16} {:>8} {:>8} {:>8} {:>9} {:>7} {:>8} {:>9} {:>8} {:>6}",
            r.group,
            r.participants,
            r.invited,
            r.bounced,
            r.opted_out,
            r.opened,
            r.started,
            r.submitted,
            r.excluded,
            rate
        );
    }
    Ok(out)
}

/// `dra participants import --campaign SLUG FILE.csv`.
pub fn import_participants(slug: &str, file: &PathBuf) -> anyhow::Result<ExitCode> {
    let settings = Settings::from_env()?;
    let mut conn = open_migrated(&settings)?;
    let input = std::fs::File::open(file).map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
    let bar = super::progress::file(file, "importing");
    let input = std::io::BufReader::with_capacity(64 * 1024, bar.wrap_read(input));
    let imported = fieldwork::import_participants(&mut conn, slug, input, &Actor::cli(), SystemClock.now());
    bar.finish_and_clear();
    let (parsed, summary) = imported?;
    for line in parsed.problem_lines(&format!("{}:", file.display())) {
        eprintln!("{line}");
    }
    let args = [
        ("rows", parsed.rows.into()),
        ("slug", slug.into()),
        ("added", summary.added.into()),
        ("updated", summary.updated.into()),
        ("unchanged", summary.unchanged.into()),
        ("refused", parsed.refused.into()),
    ];
    println!("{}", crate::i18n::format(&settings.lang, "cli-participants-imported", &args));
    Ok(if parsed.refused == 0 { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

/// `dra invitations send` / `dra reminders send`: queue the messages. Delivering is the mail
/// worker's: the one inside `dra serve`, or `dra mail send`, each with the mail transport its own
/// process is configured with (a shell without `DRA_SMTP_URL` must not send a server's mail to
/// `.eml` files).
pub fn send(slug: &str, reminders: bool) -> anyhow::Result<ExitCode> {
    let settings = Settings::from_env()?;
    let mut conn = open_migrated(&settings)?;
    let mailing = if reminders { Mailing::Reminders } else { Mailing::Invitations };
    let key = settings.token_key()?;
    let queued =
        fieldwork::queue_mail(&mut conn, slug, mailing, &settings.base_url, &key, &Actor::cli(), SystemClock.now())?;
    let id = if reminders { "cli-reminders-queued" } else { "cli-invitations-queued" };
    println!("{}", crate::i18n::format(&settings.lang, id, &[("n", queued.into())]));
    Ok(ExitCode::SUCCESS)
}

/// `dra mail send`: one pass of the outbox worker (thank-yous owed, reminders due, then every due
/// message).
pub fn mail_send() -> anyhow::Result<ExitCode> {
    let settings = Settings::from_env()?;
    let mut conn = open_migrated(&settings)?;
    let mailer = crate::mail::Mailer::from_settings(&settings)?;
    let worker = crate::mail::Worker::new(mailer, settings.token_key()?, &settings, std::sync::Arc::new(SystemClock));
    let describe = worker.mailer.describe();
    let stats = worker.run_once(&mut conn)?;
    let args = [
        ("transport", describe.into()),
        ("thanks", stats.thanks_queued.into()),
        ("reminders", stats.reminders_queued.into()),
        ("sent", stats.sent.into()),
        ("retried", stats.retried.into()),
        ("bounced", stats.bounced.into()),
        ("failed", stats.failed.into()),
    ];
    println!("{}", crate::i18n::format(&settings.lang, "cli-mail-sent", &args));
    Ok(ExitCode::SUCCESS)
}

/// `dra mail status [--json]`: messages in the outbox by status.
pub fn mail_status(json: bool) -> anyhow::Result<ExitCode> {
    let settings = Settings::from_env()?;
    let mut conn = open_migrated(&settings)?;
    let counts = fieldwork::outbox(&mut conn)?;
    if json {
        let map: serde_json::Map<String, serde_json::Value> = counts.into_iter().map(|(s, n)| (s, n.into())).collect();
        println!("{}", serde_json::to_string_pretty(&map)?);
        return Ok(ExitCode::SUCCESS);
    }
    for (status, n) in counts {
        println!("{status:<10} {n}");
    }
    Ok(ExitCode::SUCCESS)
}

/// `dra participants list --campaign SLUG [--json]`: who is asked, and how far each got.
pub fn list_participants(slug: &str, json: bool) -> anyhow::Result<ExitCode> {
    let settings = Settings::from_env()?;
    let mut conn = open_migrated(&settings)?;
    let rows = fieldwork::participants(&mut conn, slug)?;
    if json {
        let out: Vec<serde_json::Value> = rows
            .iter()
            .map(|fieldwork::Standing { participant: p, progress, .. }| {
                serde_json::json!({"email": p.email, "name": p.name, "organisation": p.organisation, "group": p.group_code,
                    "language": p.language, "bounced": p.bounced_at.is_some(), "progress": progress.as_str()})
            })
            .collect();
        println!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(ExitCode::SUCCESS);
    }
    for fieldwork::Standing { participant: p, progress, .. } in &rows {
        let bounced = if p.bounced_at.is_some() { " (bounced)" } else { "" };
        println!("{:<36} {:<16} {:<3} {}{bounced}", p.email, p.group_code, p.language, progress.as_str());
    }
    Ok(ExitCode::SUCCESS)
}

/// `dra participants show --campaign SLUG EMAIL [--json]`.
pub fn show_participant(slug: &str, email: &str, json: bool) -> anyhow::Result<ExitCode> {
    let settings = Settings::from_env()?;
    let mut conn = open_migrated(&settings)?;
    let fieldwork::Standing { participant: p, invitation: i, progress } =
        fieldwork::participant(&mut conn, slug, email)?;
    let time = |t: Option<chrono::NaiveDateTime>| t.map(|t| t.and_utc().to_rfc3339());
    let i = i.as_ref();
    let out = serde_json::json!({
        "email": p.email, "name": p.name, "organisation": p.organisation, "group": p.group_code,
        "language": p.language, "progress": progress.as_str(),
        "bounced_at": time(p.bounced_at), "bounce_reason": p.bounce_reason,
        "invited_at": time(i.and_then(|i| i.sent_at)), "opened_at": time(i.and_then(|i| i.opened_at)),
        "started_at": time(i.and_then(|i| i.started_at)), "submitted_at": time(i.and_then(|i| i.submitted_at)),
        "reminders_sent": i.map_or(0, |i| i.reminders_sent),
    });
    if json {
        println!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(map) = out.as_object() {
        for (k, v) in map {
            let shown = match v {
                serde_json::Value::Null => "—".to_string(),
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            println!("{k:<15} {shown}");
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `dra participants update --campaign SLUG EMAIL [--email NEW] [--name …] …`.
pub fn update_participant(slug: &str, email: &str, change: &fieldwork::ParticipantChange) -> anyhow::Result<ExitCode> {
    let settings = Settings::from_env()?;
    let mut conn = open_migrated(&settings)?;
    let p = fieldwork::update_participant(&mut conn, slug, email, change, &Actor::cli(), SystemClock.now())?;
    println!(
        "participant {} of \"{slug}\" corrected: {} · {} · {}; their link keeps working",
        p.email,
        p.group_code,
        p.language,
        p.name.as_deref().unwrap_or("—")
    );
    Ok(ExitCode::SUCCESS)
}

/// `dra participants resend --campaign SLUG EMAIL`.
pub fn resend(slug: &str, email: &str) -> anyhow::Result<ExitCode> {
    let settings = Settings::from_env()?;
    let mut conn = open_migrated(&settings)?;
    fieldwork::resend(&mut conn, slug, email, &settings.base_url, &Actor::cli(), SystemClock.now())?;
    println!(
        "invitation to {email} queued again (the same link): the mail worker of `dra serve` delivers it, or run `dra mail send`"
    );
    Ok(ExitCode::SUCCESS)
}
