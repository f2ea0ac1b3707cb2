//! Stored campaigns and their stakeholder groups.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{campaigns, stakeholder_groups, survey_versions};
use super::{AnyConnection, DbError};
use crate::campaign::{CampaignState, Group, MIN_CELL_FLOOR, Mode};
use crate::survey::I18n;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = campaigns)]
pub struct Campaign {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub survey_version_id: i64,
    pub country: Option<String>,
    pub languages: String,
    pub default_language: String,
    pub opens_at: Option<NaiveDateTime>,
    pub closes_at: Option<NaiveDateTime>,
    pub time_zone: String,
    pub mode: String,
    pub min_cell_size: i32,
    pub reminder_every_days: Option<i32>,
    pub reminder_max: i32,
    pub allow_edit: i32,
    pub public_link: i32,
    pub one_per_browser: i32,
    pub mail_overrides: Option<String>,
    pub state: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// When its invitations and reminders may go out (`campaign::window::SendWindow`).
    pub send_window: Option<String>,
    /// Its name in its other languages, as JSON (`Campaign::name_in`).
    pub names: Option<String>,
}

impl Campaign {
    pub fn state(&self) -> CampaignState {
        CampaignState::parse(&self.state).unwrap_or(CampaignState::Draft)
    }

    pub fn mode(&self) -> Mode {
        Mode::parse(&self.mode).unwrap_or(Mode::Identified)
    }

    /// Whether a respondent may change a submitted response (the `allow_edit` flag column).
    pub fn allows_edit(&self) -> bool {
        self.allow_edit != 0
    }

    /// Whether the campaign takes responses through its open public link.
    pub fn has_public_link(&self) -> bool {
        self.public_link != 0
    }

    /// Whether the public link takes one response per browser only.
    pub fn is_one_per_browser(&self) -> bool {
        self.one_per_browser != 0
    }

    /// Its name in `lang`: the one given for that language, else `name` (the default language's).
    pub fn name_in(&self, lang: &str) -> String {
        self.names_map().remove(lang).filter(|n| !n.trim().is_empty()).unwrap_or_else(|| self.name.clone())
    }

    /// Its names in its other languages (language → name).
    pub fn names_map(&self) -> std::collections::BTreeMap<String, String> {
        self.names.as_deref().and_then(|n| serde_json::from_str(n).ok()).unwrap_or_default()
    }

    pub fn languages(&self) -> Vec<String> {
        serde_json::from_str(&self.languages).unwrap_or_else(|_| vec![self.default_language.clone()])
    }

    /// Whether answers are accepted at `now`: open, and inside the window.
    pub fn accepts_at(&self, now: NaiveDateTime) -> bool {
        self.state() == CampaignState::Open
            && self.opens_at.is_none_or(|t| now >= t)
            && self.closes_at.is_none_or(|t| now < t)
    }
}

/// What a coordinator gives to create a campaign.
#[derive(Debug, Clone)]
pub struct NewCampaign {
    pub slug: String,
    pub name: String,
    pub survey_version_id: i64,
    pub country: Option<String>,
    pub languages: Vec<String>,
    pub default_language: String,
    pub opens_at: Option<NaiveDateTime>,
    pub closes_at: Option<NaiveDateTime>,
    pub time_zone: String,
    pub mode: Mode,
    pub min_cell_size: i32,
    pub reminder_every_days: Option<i32>,
    pub reminder_max: i32,
    pub allow_edit: bool,
    pub public_link: bool,
    pub one_per_browser: bool,
    pub mail_overrides: Option<String>,
    pub send_window: Option<String>,
    /// Its name in its other languages, as JSON.
    pub names: Option<String>,
    pub groups: Vec<Group>,
}

impl NewCampaign {
    /// A campaign with the DRA defaults: the survey's languages, the five stakeholder groups,
    /// identified, minimum cell 5, no reminders, no public link, no close date.
    pub fn with_defaults(
        slug: &str,
        name: &str,
        survey_version_id: i64,
        languages: Vec<String>,
        default_language: &str,
    ) -> Self {
        Self {
            slug: slug.to_string(),
            name: name.to_string(),
            survey_version_id,
            country: None,
            languages,
            default_language: default_language.to_string(),
            opens_at: None,
            closes_at: None,
            time_zone: "+00:00".into(),
            mode: Mode::Identified,
            min_cell_size: 5,
            reminder_every_days: None,
            reminder_max: 0,
            allow_edit: false,
            public_link: false,
            one_per_browser: true,
            mail_overrides: None,
            send_window: None,
            names: None,
            groups: crate::campaign::default_groups(),
        }
    }
}

/// Creates a campaign in the draft state, with its groups, in one transaction.
pub fn create(conn: &mut AnyConnection, c: &NewCampaign, now: NaiveDateTime) -> Result<Campaign, DbError> {
    crate::campaign::check_slug(&c.slug).map_err(DbError::Invalid)?;
    if c.min_cell_size < MIN_CELL_FLOOR {
        return Err(DbError::Invalid(format!("the minimum cell size cannot be below {MIN_CELL_FLOOR}")));
    }
    if let (Some(o), Some(cl)) = (c.opens_at, c.closes_at)
        && cl <= o
    {
        return Err(DbError::Invalid("the campaign must close after it opens".into()));
    }
    if c.groups.is_empty() {
        return Err(DbError::Invalid("a campaign needs at least one stakeholder group".into()));
    }
    if c.allow_edit && c.mode == crate::campaign::Mode::Anonymous {
        return Err(DbError::Invalid(
            "an anonymous campaign cannot let respondents change their answers: a submitted anonymous \
             response keeps nothing that leads back to its link"
                .into(),
        ));
    }
    if c.reminder_every_days.is_some_and(|d| !(1..=365).contains(&d)) {
        return Err(DbError::Invalid("reminders need an interval of 1 to 365 days".into()));
    }
    if !(0..=10).contains(&c.reminder_max) {
        return Err(DbError::Invalid("a participant gets 0 to 10 reminders".into()));
    }
    if c.closes_at.is_some_and(|t| t <= now) {
        return Err(DbError::Invalid("the closing moment is already past: a campaign must close in the future".into()));
    }
    conn.transaction(|conn| {
        let exists: i64 = campaigns::table.filter(campaigns::slug.eq(&c.slug)).count().get_result(conn)?;
        if exists > 0 {
            return Err(DbError::Conflict(format!("a campaign \"{}\" already exists", c.slug)));
        }
        let survey: i64 =
            survey_versions::table.filter(survey_versions::id.eq(c.survey_version_id)).count().get_result(conn)?;
        if survey == 0 {
            return Err(DbError::NotFound(format!("no stored survey version #{}", c.survey_version_id)));
        }
        diesel::insert_into(campaigns::table)
            .values((
                campaigns::slug.eq(&c.slug),
                campaigns::name.eq(&c.name),
                campaigns::survey_version_id.eq(c.survey_version_id),
                campaigns::country.eq(&c.country),
                campaigns::languages.eq(serde_json::to_string(&c.languages).unwrap_or_default()),
                campaigns::default_language.eq(&c.default_language),
                campaigns::opens_at.eq(c.opens_at),
                campaigns::closes_at.eq(c.closes_at),
                campaigns::time_zone.eq(&c.time_zone),
                campaigns::mode.eq(c.mode.as_str()),
                campaigns::min_cell_size.eq(c.min_cell_size),
                campaigns::reminder_every_days.eq(c.reminder_every_days),
                campaigns::reminder_max.eq(c.reminder_max),
                campaigns::allow_edit.eq(i32::from(c.allow_edit)),
                campaigns::public_link.eq(i32::from(c.public_link)),
                campaigns::one_per_browser.eq(i32::from(c.one_per_browser)),
                campaigns::mail_overrides.eq(&c.mail_overrides),
                campaigns::send_window.eq(&c.send_window),
                campaigns::names.eq(&c.names),
                campaigns::state.eq(CampaignState::Draft.as_str()),
                campaigns::created_at.eq(now),
                campaigns::updated_at.eq(now),
            ))
            .execute(conn)?;
        let created = by_slug(conn, &c.slug)?.ok_or_else(|| DbError::Internal("the new campaign vanished".into()))?;
        for (i, g) in c.groups.iter().enumerate() {
            diesel::insert_into(stakeholder_groups::table)
                .values((
                    stakeholder_groups::campaign_id.eq(created.id),
                    stakeholder_groups::code.eq(&g.code),
                    stakeholder_groups::labels.eq(serde_json::to_string(&g.labels).unwrap_or_default()),
                    stakeholder_groups::position.eq(i as i32),
                    stakeholder_groups::population_share.eq(g.population_share),
                ))
                .execute(conn)?;
        }
        Ok(created)
    })
}

/// What may change of a campaign once created: when it closes, its reminders, when its mail
/// goes out, and its mail texts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    pub closes_at: Option<NaiveDateTime>,
    pub reminder_every_days: Option<i32>,
    pub reminder_max: i32,
    pub send_window: Option<String>,
    pub mail_overrides: Option<String>,
    /// Its name in its other languages, as JSON.
    pub names: Option<String>,
}

impl Settings {
    pub fn of(c: &Campaign) -> Self {
        Self {
            closes_at: c.closes_at,
            reminder_every_days: c.reminder_every_days,
            reminder_max: c.reminder_max,
            send_window: c.send_window.clone(),
            mail_overrides: c.mail_overrides.clone(),
            names: c.names.clone(),
        }
    }
}

/// Writes a campaign's settings if it is still as `read` (another change in between: `Conflict`).
pub fn update_settings(
    conn: &mut AnyConnection,
    id: i64,
    read: NaiveDateTime,
    s: &Settings,
    now: NaiveDateTime,
) -> Result<Campaign, DbError> {
    let n = diesel::update(campaigns::table.filter(campaigns::id.eq(id)).filter(campaigns::updated_at.eq(read)))
        .set((
            campaigns::closes_at.eq(s.closes_at),
            campaigns::reminder_every_days.eq(s.reminder_every_days),
            campaigns::reminder_max.eq(s.reminder_max),
            campaigns::send_window.eq(&s.send_window),
            campaigns::mail_overrides.eq(&s.mail_overrides),
            campaigns::names.eq(&s.names),
            campaigns::updated_at.eq(now),
        ))
        .execute(conn)?;
    if n == 0 {
        return Err(DbError::Conflict(
            "the campaign was changed by someone else meanwhile: open its settings again".into(),
        ));
    }
    by_id(conn, id)?.ok_or_else(|| DbError::NotFound(format!("no campaign #{id}")))
}

pub fn by_slug(conn: &mut AnyConnection, slug: &str) -> Result<Option<Campaign>, DbError> {
    Ok(campaigns::table.filter(campaigns::slug.eq(slug)).select(Campaign::as_select()).first(conn).optional()?)
}

pub fn by_id(conn: &mut AnyConnection, id: i64) -> Result<Option<Campaign>, DbError> {
    Ok(campaigns::table.find(id).select(Campaign::as_select()).first(conn).optional()?)
}

/// The campaign, or an error that names the slug.
pub fn require(conn: &mut AnyConnection, slug: &str) -> Result<Campaign, DbError> {
    by_slug(conn, slug)?.ok_or_else(|| DbError::NotFound(format!("no campaign \"{slug}\" (see dra campaign list)")))
}

pub fn list(conn: &mut AnyConnection) -> Result<Vec<Campaign>, DbError> {
    Ok(campaigns::table.order(campaigns::id.desc()).select(Campaign::as_select()).load(conn)?)
}

/// Campaigns in the open state (the mail worker schedules their reminders).
pub fn open_campaigns(conn: &mut AnyConnection) -> Result<Vec<Campaign>, DbError> {
    Ok(campaigns::table
        .filter(campaigns::state.eq(CampaignState::Open.as_str()))
        .select(Campaign::as_select())
        .load(conn)?)
}

/// The groups of a campaign, in their order.
pub fn groups(conn: &mut AnyConnection, campaign_id: i64) -> Result<Vec<Group>, DbError> {
    let rows: Vec<(String, String, Option<f64>)> = stakeholder_groups::table
        .filter(stakeholder_groups::campaign_id.eq(campaign_id))
        .order(stakeholder_groups::position)
        .select((stakeholder_groups::code, stakeholder_groups::labels, stakeholder_groups::population_share))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(code, labels, population_share)| Group {
            code,
            labels: serde_json::from_str::<I18n>(&labels).unwrap_or_default(),
            population_share,
        })
        .collect())
}

/// Moves a campaign to `next` if the move is allowed. Closing early moves the close date to now,
/// so every personal link expires with it.
pub fn set_state(
    conn: &mut AnyConnection,
    slug: &str,
    next: CampaignState,
    now: NaiveDateTime,
) -> Result<Campaign, DbError> {
    conn.transaction(|conn| {
        let c = require(conn, slug)?;
        let current = c.state();
        if !current.can_become(next) {
            return Err(DbError::Conflict(format!(
                "campaign \"{slug}\" is {}; it cannot become {} (draft → open → closed → archived)",
                current.as_str(),
                next.as_str()
            )));
        }
        let closes_at = match next {
            CampaignState::Closed if c.closes_at.is_none_or(|t| t > now) => Some(now),
            _ => c.closes_at,
        };
        diesel::update(campaigns::table.find(c.id))
            .set((
                campaigns::state.eq(next.as_str()),
                campaigns::closes_at.eq(closes_at),
                campaigns::updated_at.eq(now),
            ))
            .execute(conn)?;
        if next == CampaignState::Closed {
            super::invitations::expire_for_campaign(conn, c.id, now)?;
        }
        require(conn, slug)
    })
}
