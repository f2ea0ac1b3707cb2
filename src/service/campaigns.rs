//! Campaigns: creating one, with every rule checked once whoever asks (the command line, the
//! console), and moving one through its states. Each change is audit-logged under its actor.

use chrono::NaiveDateTime;

use super::{Actor, DomainError};
use crate::campaign::{self, CampaignState, Group, Mode};
use crate::db::{self, AnyConnection};

pub use crate::db::campaigns::Campaign;

/// What someone asks for when creating a campaign, as they said it.
#[derive(Debug, Clone)]
pub struct CampaignRequest {
    pub slug: String,
    pub name: String,
    /// A stored survey: its id (newest version), `#ID`, or a content-hash prefix.
    pub survey: String,
    /// The languages offered; empty: every language of the survey.
    pub languages: Vec<String>,
    /// The language of a participant who has none; `None`: the survey's (or the first offered).
    pub default_language: Option<String>,
    /// `None`: the five stakeholder groups of a DRA.
    pub groups: Option<Vec<Group>>,
    /// `2026-12-01`, `2026-12-01T08:00` (in `tz`) or RFC 3339.
    pub opens: Option<String>,
    /// The same; a bare date means the end of that day.
    pub closes: Option<String>,
    /// The campaign's UTC offset, `-06:00`.
    pub tz: String,
    pub mode: Mode,
    pub min_cell: i32,
    pub remind_every: Option<i32>,
    pub remind_max: i32,
    pub allow_edit: bool,
    pub public_link: bool,
    pub one_per_browser: bool,
    pub country: Option<String>,
    /// The campaign's own mail texts, as JSON.
    pub mail_overrides: Option<String>,
    /// When invitations and reminders go out: `08:00-17:00` or `08:00-17:00 mon-fri`, in `tz`.
    pub send_window: Option<String>,
    /// Its name in its other languages (language → name); `name` is the default language's.
    pub names: std::collections::BTreeMap<String, String>,
}

impl CampaignRequest {
    /// A request with the defaults: identified, minimum cell 5, two reminders at most (none
    /// scheduled), one response per browser, UTC.
    pub fn new(slug: &str, name: &str, survey: &str) -> Self {
        Self {
            slug: slug.trim().to_string(),
            name: name.trim().to_string(),
            survey: survey.trim().to_string(),
            languages: Vec::new(),
            default_language: None,
            groups: None,
            opens: None,
            closes: None,
            tz: "+00:00".into(),
            mode: Mode::Identified,
            min_cell: 5,
            remind_every: None,
            remind_max: 2,
            allow_edit: false,
            public_link: false,
            one_per_browser: true,
            country: None,
            mail_overrides: None,
            send_window: None,
            names: Default::default(),
        }
    }
}

/// A campaign's names in its other languages, checked: each a language of the campaign other
/// than its default, none longer than [`MAX_NAME_CHARS`]; blank ones dropped. `None`: no name of
/// its own in any other language.
fn check_names(
    names: &std::collections::BTreeMap<String, String>,
    languages: &[String],
    default_language: &str,
) -> Result<Option<String>, DomainError> {
    let mut kept = std::collections::BTreeMap::new();
    for (lang, name) in names {
        let name = name.trim();
        if name.is_empty() {
            continue;
        }
        if lang == default_language || !languages.contains(lang) {
            return Err(DomainError::invalid(
                "names",
                format!(
                    "a name in `{lang}`: the campaign's other languages are {}",
                    languages.iter().filter(|l| *l != default_language).cloned().collect::<Vec<_>>().join(", ")
                ),
            ));
        }
        if name.chars().count() > MAX_NAME_CHARS {
            return Err(DomainError::invalid(
                "names",
                format!("the name in `{lang}` is over {MAX_NAME_CHARS} characters"),
            ));
        }
        kept.insert(lang.clone(), name.to_string());
    }
    Ok((!kept.is_empty()).then(|| serde_json::to_string(&kept).unwrap_or_default()))
}

/// The longest campaign name.
pub const MAX_NAME_CHARS: usize = 200;

/// Creates a campaign (a draft) after checking every rule; audit-logged.
pub fn create(
    conn: &mut AnyConnection,
    r: &CampaignRequest,
    actor: &Actor,
    now: NaiveDateTime,
) -> Result<Campaign, DomainError> {
    campaign::check_slug(&r.slug).map_err(|m| DomainError::invalid("slug", m))?;
    if r.name.is_empty()
        || r.name.chars().count() > MAX_NAME_CHARS
        || r.name.chars().any(crate::survey::response::is_control)
    {
        return Err(DomainError::invalid(
            "name",
            format!("give the campaign a name of 1 to {MAX_NAME_CHARS} characters"),
        ));
    }
    let version = match db::surveys::find(conn, &r.survey) {
        Ok(v) => v,
        Err(db::DbError::NotFound(m)) => return Err(DomainError::invalid("survey", m)),
        Err(e) => return Err(e.into()),
    };
    let survey = db::surveys::compiled(conn, version.id)?;
    let languages = if r.languages.is_empty() { survey.languages.clone() } else { r.languages.clone() };
    if let Some(l) = languages.iter().find(|l| !survey.languages.contains(l)) {
        return Err(DomainError::invalid(
            "languages",
            format!("\"{l}\" is not a language of survey {} (it has {})", survey.id, survey.languages.join(", ")),
        ));
    }
    let default_language = r.default_language.clone().unwrap_or_else(|| {
        if languages.contains(&survey.default_language) {
            survey.default_language.clone()
        } else {
            languages.first().cloned().unwrap_or_default()
        }
    });
    if !languages.contains(&default_language) {
        return Err(DomainError::invalid(
            "default_language",
            format!("\"{default_language}\" is not one of {}", languages.join(", ")),
        ));
    }
    let offset = campaign::parse_offset(&r.tz).map_err(|m| DomainError::invalid("tz", m))?;
    let moment = |field: &'static str, s: &Option<String>, end: bool| {
        s.as_deref()
            .filter(|s| !s.trim().is_empty())
            .map(|s| campaign::parse_moment(s.trim(), offset, end))
            .transpose()
            .map_err(|m| DomainError::invalid(field, m))
    };
    let opens = moment("opens", &r.opens, false)?;
    let closes = moment("closes", &r.closes, true)?;
    if closes.is_some_and(|c| c <= now) {
        return Err(DomainError::invalid("closes", "it is already past: a campaign must close in the future"));
    }
    if let (Some(o), Some(c)) = (opens, closes)
        && c <= o
    {
        return Err(DomainError::invalid("closes", "the campaign must close after it opens"));
    }
    if r.allow_edit && r.mode == Mode::Anonymous {
        return Err(DomainError::invalid(
            "allow_edit",
            "an anonymous campaign cannot let respondents change their answers: a submitted anonymous response \
             keeps nothing that leads back to its link",
        ));
    }
    if !(campaign::MIN_CELL_FLOOR..=1000).contains(&r.min_cell) {
        return Err(DomainError::invalid(
            "min_cell",
            format!("the smallest group shown is {} to 1000 respondents", campaign::MIN_CELL_FLOOR),
        ));
    }
    check_reminders(r.remind_every, r.remind_max)?;
    let send_window = check_window(r.send_window.as_deref())?;
    if let Some(text) = &r.mail_overrides {
        check_mail_texts(text)?;
    }
    let groups = r.groups.clone().unwrap_or_else(campaign::default_groups);
    if groups.is_empty() {
        return Err(DomainError::invalid("groups", "a campaign needs at least one stakeholder group"));
    }
    let names = check_names(&r.names, &languages, &default_language)?;
    let new = db::campaigns::NewCampaign {
        slug: r.slug.clone(),
        name: r.name.clone(),
        survey_version_id: version.id,
        country: r.country.clone().filter(|c| !c.trim().is_empty()),
        languages,
        default_language,
        opens_at: opens,
        closes_at: closes,
        time_zone: offset.to_string(),
        mode: r.mode,
        min_cell_size: r.min_cell,
        reminder_every_days: r.remind_every,
        reminder_max: r.remind_max,
        allow_edit: r.allow_edit,
        public_link: r.public_link,
        one_per_browser: r.one_per_browser,
        mail_overrides: r.mail_overrides.clone(),
        send_window,
        names,
        groups,
    };
    let c = db::campaigns::create(conn, &new, now)?;
    db::users::audit(conn, &actor.name, "campaign created", Some(&c.slug), actor.ip.as_deref(), now)?;
    Ok(c)
}

/// Moves a campaign to `to` (open, closed, archived); audit-logged. Closing cancels the
/// invitations and reminders still queued.
pub fn set_state(
    conn: &mut AnyConnection,
    slug: &str,
    to: CampaignState,
    actor: &Actor,
    now: NaiveDateTime,
) -> Result<Campaign, DomainError> {
    if db::campaigns::by_slug(conn, slug)?.is_none() {
        return Err(DomainError::NotFound(format!("no campaign \"{slug}\" (see dra campaign list)")));
    }
    let what = format!("campaign {}", state_verb(to));
    db::write_tx_as(conn, |conn| -> Result<Campaign, DomainError> {
        let c = db::campaigns::set_state(conn, slug, to, now)?;
        // Closed, it asks no one any more: invitations and reminders still queued (waiting for
        // the sending window, or for a retry) are not sent.
        if matches!(to, CampaignState::Closed | CampaignState::Archived) {
            db::outbox::cancel_asking(conn, c.id)?;
        }
        db::users::audit(conn, &actor.name, &what, Some(slug), actor.ip.as_deref(), now)?;
        Ok(c)
    })
}

/// What a change to this state is called in the audit log and on the page.
pub fn state_verb(s: CampaignState) -> &'static str {
    match s {
        CampaignState::Draft => "made a draft",
        CampaignState::Open => "opened",
        CampaignState::Closed => "closed",
        CampaignState::Archived => "archived",
    }
}

/// The reminder rules, at creation and after.
fn check_reminders(every: Option<i32>, max: i32) -> Result<(), DomainError> {
    if every.is_some_and(|d| !(1..=365).contains(&d)) {
        return Err(DomainError::invalid("remind_every", "reminders need an interval of 1 to 365 days"));
    }
    if !(0..=10).contains(&max) {
        return Err(DomainError::invalid("remind_max", "a participant gets 0 to 10 reminders"));
    }
    Ok(())
}

/// A sending window as stored (its canonical form); blank: none.
fn check_window(w: Option<&str>) -> Result<Option<String>, DomainError> {
    w.map(str::trim)
        .filter(|w| !w.is_empty())
        .map(|w| campaign::window::SendWindow::parse(w).map(|w| w.to_string()))
        .transpose()
        .map_err(|m| DomainError::invalid("send_window", m))
}

/// A campaign's own mail texts (JSON): their shape, and the placeholders each text may hold. An
/// invitation or a reminder without its link would ask for answers nobody can give.
pub fn check_mail_texts(text: &str) -> Result<crate::mail::templates::Overrides, DomainError> {
    use crate::mail::templates::{self, MailKind};
    let overrides: templates::Overrides =
        serde_json::from_str(text).map_err(|e| DomainError::invalid("mail_overrides", e.to_string()))?;
    for (kind, by_lang) in &overrides {
        for (lang, o) in by_lang {
            let at = format!("{} ({lang})", kind.as_str());
            if o.subject.trim().is_empty() || o.body.trim().is_empty() {
                return Err(DomainError::invalid("mail_overrides", format!("{at}: give a subject and a text")));
            }
            if o.subject.chars().count() > 200 || o.body.chars().count() > 20_000 {
                return Err(DomainError::invalid(
                    "mail_overrides",
                    format!("{at}: a subject of at most 200 characters, a text of at most 20,000"),
                ));
            }
            for part in [&o.subject, &o.body] {
                if let Some(unknown) = templates::unknown_placeholder(part) {
                    return Err(DomainError::invalid(
                        "mail_overrides",
                        format!(
                            "{at}: {{{{{unknown}}}}} is not a placeholder (known: {})",
                            templates::PLACEHOLDERS.join(", ")
                        ),
                    ));
                }
            }
            if *kind != MailKind::ThankYou && !o.body.contains(templates::LINK) {
                return Err(DomainError::invalid(
                    "mail_overrides",
                    format!("{at}: the text must hold {} (the personal link to the questionnaire)", templates::LINK),
                ));
            }
            if !o.body.contains(templates::OPTOUT_LINK) {
                return Err(DomainError::invalid(
                    "mail_overrides",
                    format!("{at}: the text must hold {} (the way to receive no more mail)", templates::OPTOUT_LINK),
                ));
            }
        }
    }
    Ok(overrides)
}

/// What a coordinator may change of a campaign after creating it, as they said it.
#[derive(Debug, Clone, Default)]
pub struct SettingsRequest {
    /// The close moment (`2026-12-31`, `2026-12-31T17:00` in the campaign's time zone, or RFC
    /// 3339); blank: no close date.
    pub closes: String,
    pub remind_every: Option<i32>,
    pub remind_max: i32,
    /// Blank: mail goes out at any hour.
    pub send_window: String,
    /// The campaign's own mail texts, as JSON; `None`: the built-in texts.
    pub mail_overrides: Option<String>,
    /// The campaign's `updated_at` as the form was read: a change made meanwhile is not
    /// overwritten.
    pub read: Option<NaiveDateTime>,
    /// Its name in its other languages; `None`: as they are.
    pub names: Option<std::collections::BTreeMap<String, String>>,
}

/// Changes a campaign's settings under the rules of its creation; audit-logged with the names of
/// what changed. Nothing changes of a closed or archived campaign.
pub fn update_settings(
    conn: &mut AnyConnection,
    slug: &str,
    r: &SettingsRequest,
    actor: &Actor,
    now: NaiveDateTime,
) -> Result<Campaign, DomainError> {
    let Some(c) = db::campaigns::by_slug(conn, slug)? else {
        return Err(DomainError::NotFound(format!("no campaign \"{slug}\" (see dra campaign list)")));
    };
    if matches!(c.state(), CampaignState::Closed | CampaignState::Archived) {
        return Err(DomainError::Conflict(format!(
            "campaign \"{slug}\" is {}: its settings no longer change",
            c.state().as_str()
        )));
    }
    let offset = campaign::parse_offset(&c.time_zone).map_err(|m| DomainError::invalid("tz", m))?;
    let closes = Some(r.closes.trim())
        .filter(|s| !s.is_empty())
        .map(|s| campaign::parse_moment(s, offset, true))
        .transpose()
        .map_err(|m| DomainError::invalid("closes", m))?;
    if closes != c.closes_at {
        if closes.is_some_and(|t| t <= now) {
            return Err(DomainError::invalid("closes", "it is already past: a campaign must close in the future"));
        }
        if let (Some(o), Some(cl)) = (c.opens_at, closes)
            && cl <= o
        {
            return Err(DomainError::invalid("closes", "the campaign must close after it opens"));
        }
    }
    check_reminders(r.remind_every, r.remind_max)?;
    let send_window = check_window(Some(&r.send_window))?;
    let same_texts = |text: &str| {
        let stored = c.mail_overrides.as_deref().and_then(|t| serde_json::from_str::<serde_json::Value>(t).ok());
        stored.is_some() && serde_json::from_str::<serde_json::Value>(text).ok() == stored
    };
    let mail_overrides = match r.mail_overrides.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        // The texts as stored: kept as they are (a campaign's older texts are not held to rules
        // made after them when only its dates change).
        Some(text) if same_texts(text) => c.mail_overrides.clone(),
        Some(text) => {
            let parsed = check_mail_texts(text)?;
            (!parsed.is_empty()).then(|| serde_json::to_string(&parsed).unwrap_or_default())
        }
        None => None,
    };
    let names = match &r.names {
        Some(n) => check_names(n, &c.languages(), &c.default_language)?,
        None => c.names.clone(),
    };
    let new = db::campaigns::Settings {
        closes_at: closes,
        reminder_every_days: r.remind_every,
        reminder_max: r.remind_max,
        send_window,
        mail_overrides,
        names,
    };
    let old = db::campaigns::Settings::of(&c);
    let mut changed = Vec::new();
    if new.closes_at != old.closes_at {
        changed.push("close date");
    }
    if (new.reminder_every_days, new.reminder_max) != (old.reminder_every_days, old.reminder_max) {
        changed.push("reminders");
    }
    if new.send_window != old.send_window {
        changed.push("sending window");
    }
    let old_texts = old.mail_overrides.as_deref().and_then(|t| serde_json::from_str::<serde_json::Value>(t).ok());
    let new_texts = new.mail_overrides.as_deref().and_then(|t| serde_json::from_str::<serde_json::Value>(t).ok());
    if old_texts != new_texts {
        changed.push("mail texts");
    }
    let parse = |n: &Option<String>| n.as_deref().and_then(|t| serde_json::from_str::<serde_json::Value>(t).ok());
    if parse(&new.names) != parse(&old.names) {
        changed.push("names");
    }
    if changed.is_empty() {
        return Ok(c);
    }
    let read = r.read.unwrap_or(c.updated_at);
    let what = format!("campaign settings changed: {}", changed.join(", "));
    let updated = db::write_tx_as(conn, |conn| -> Result<Campaign, DomainError> {
        let updated = db::campaigns::update_settings(conn, c.id, read, &new, now)?;
        // Each invitation carries the close date it was sent with: the links follow the change.
        if new.closes_at != old.closes_at {
            db::invitations::move_expiry(conn, c.id, old.closes_at, new.closes_at)?;
        }
        db::users::audit(conn, &actor.name, &what, Some(slug), actor.ip.as_deref(), now)?;
        Ok(updated)
    })?;
    Ok(updated)
}

/// A campaign and its stakeholder groups, as its settings page shows them.
pub fn with_groups(conn: &mut AnyConnection, slug: &str) -> Result<(Campaign, Vec<Group>), DomainError> {
    let Some(c) = db::campaigns::by_slug(conn, slug)? else {
        return Err(DomainError::NotFound(format!("no campaign \"{slug}\" (see dra campaign list)")));
    };
    let groups = db::campaigns::groups(conn, c.id)?;
    Ok((c, groups))
}
