//! A campaign's responses reviewed by its coordinators: counted per group (any campaign), and
//! in an identified campaign listed (filtered by group and standing, searched by the
//! participant's address or name, a page at a time) and read one by one as their respondent gave
//! them. An anonymous campaign's responses are counted, never listed, shown or excluded.
//! Excluding and restoring are `exclusions`'s, which also says what an exclusion means.

use chrono::NaiveDateTime;

use super::DomainError;
use crate::campaign::Mode;
use crate::campaign::response::ResponseStatus;
use crate::db::{self, AnyConnection};
use crate::survey::Survey;

pub use crate::db::campaigns::Campaign;
pub use crate::db::participants::Participant;
pub use crate::db::responses::StoredResponse;

/// Where a response stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// Not submitted yet.
    Draft,
    /// Submitted and counted.
    Submitted,
    /// Submitted, and excluded by the coordinators.
    Excluded,
}

impl Standing {
    pub const ALL: [Standing; 3] = [Standing::Draft, Standing::Submitted, Standing::Excluded];

    pub const fn as_str(self) -> &'static str {
        match self {
            Standing::Draft => ResponseStatus::Draft.as_str(),
            Standing::Submitted => ResponseStatus::Submitted.as_str(),
            Standing::Excluded => "excluded",
        }
    }

    /// Reads a standing's string form; `None` for anything else.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.as_str() == s)
    }

    fn of(status: &str, excluded: bool) -> Self {
        match (ResponseStatus::parse(status), excluded) {
            (Some(ResponseStatus::Submitted), true) => Standing::Excluded,
            (Some(ResponseStatus::Submitted), false) => Standing::Submitted,
            _ => Standing::Draft,
        }
    }

    /// The standing of a stored response.
    pub fn of_response(r: &StoredResponse) -> Self {
        Self::of(&r.status, r.is_excluded())
    }
}

/// The standings a list can be filtered by.
pub const STANDINGS: [&str; 3] = [Standing::ALL[0].as_str(), Standing::ALL[1].as_str(), Standing::ALL[2].as_str()];

/// What a list shows of a response.
#[derive(Debug, Clone)]
pub struct Summary {
    pub id: i64,
    pub group: String,
    /// `link`, `public` or `paper`.
    pub origin: String,
    pub standing: Standing,
    pub language: String,
    /// The respondent id typed on a paper form.
    pub paper_ref: Option<String>,
    /// The participant's, for a response through a personal link.
    pub email: Option<String>,
    pub name: Option<String>,
    pub updated_at: NaiveDateTime,
    pub submitted_at: Option<NaiveDateTime>,
    pub excluded_at: Option<NaiveDateTime>,
}

/// Which responses to list.
#[derive(Debug, Clone, Default)]
pub struct ResponseFilter {
    /// Part of the participant's address or name, or of a paper form's respondent id, or the
    /// response's number (`12` or `#12`); any case.
    pub text: Option<String>,
    pub group: Option<String>,
    /// One of [`STANDINGS`].
    pub status: Option<String>,
}

impl ResponseFilter {
    /// The standing asked for, if any; an unknown one is refused naming the field.
    fn standing(&self) -> Result<Option<Standing>, DomainError> {
        let Some(asked) = self.status.as_deref().map(str::trim).filter(|s| !s.is_empty()) else {
            return Ok(None);
        };
        match Standing::parse(asked) {
            Some(standing) => Ok(Some(standing)),
            None => Err(DomainError::invalid(
                "status",
                format!(
                    "unknown status \"{}\": use {}",
                    asked.chars().take(32).collect::<String>(),
                    STANDINGS.join(", ")
                ),
            )),
        }
    }

    fn keeps(&self, s: &Summary, standing: Option<Standing>) -> bool {
        let text = self.text.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(str::to_lowercase);
        let text_ok = text.is_none_or(|t| {
            let number = t.strip_prefix('#').unwrap_or(&t);
            number.parse::<i64>().is_ok_and(|n| n == s.id)
                || [s.email.as_ref(), s.name.as_ref(), s.paper_ref.as_ref()]
                    .into_iter()
                    .flatten()
                    .any(|v| v.to_lowercase().contains(&t))
        });
        let group_ok = self.group.as_deref().filter(|g| !g.is_empty()).is_none_or(|g| s.group == g);
        text_ok && group_ok && standing.is_none_or(|w| s.standing == w)
    }
}

/// One page of a campaign's responses.
#[derive(Debug, Clone)]
pub struct ResponsePage {
    pub campaign: Campaign,
    pub rows: Vec<Summary>,
    /// How many match the filter, on every page.
    pub matching: usize,
    /// How many the campaign has.
    pub total: usize,
    /// The page shown (1-based) and how many there are.
    pub page: usize,
    pub pages: usize,
}

/// The campaign `slug` if its responses may be shown one by one (an identified campaign).
pub fn reviewable(conn: &mut AnyConnection, slug: &str) -> Result<Campaign, DomainError> {
    let c = super::fieldwork::campaign(conn, slug)?;
    if c.mode() == Mode::Anonymous {
        return Err(DomainError::Forbidden(format!(
            "campaign \"{slug}\" is anonymous: its responses are counted, never shown or excluded one by one \
             (dra responses counts --campaign {slug})"
        )));
    }
    Ok(c)
}

/// The responses of `slug` that `filter` keeps, `per_page` to a page (`page` is 1-based,
/// clamped to the pages there are), in the order they were first stored.
pub fn page(
    conn: &mut AnyConnection,
    slug: &str,
    filter: &ResponseFilter,
    page: usize,
    per_page: usize,
) -> Result<ResponsePage, DomainError> {
    let campaign = reviewable(conn, slug)?;
    let standing = filter.standing()?;
    let all = db::review::listed(conn, campaign.id)?;
    let total = all.len();
    let kept: Vec<Summary> = all
        .into_iter()
        .map(|r| Summary {
            standing: Standing::of(&r.status, r.excluded_at.is_some()),
            id: r.id,
            group: r.group_code,
            origin: r.origin,
            language: r.language,
            paper_ref: r.paper_ref,
            email: r.email,
            name: r.name,
            updated_at: r.updated_at,
            submitted_at: r.submitted_at,
            excluded_at: r.excluded_at,
        })
        .filter(|s| filter.keeps(s, standing))
        .collect();
    let matching = kept.len();
    let per_page = per_page.max(1);
    let pages = matching.div_ceil(per_page).max(1);
    let page = page.clamp(1, pages);
    let rows = kept.into_iter().skip((page - 1) * per_page).take(per_page).collect();
    Ok(ResponsePage { campaign, rows, matching, total, page, pages })
}

/// A group's responses by standing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GroupCount {
    pub group: String,
    pub drafts: i64,
    /// Submitted and not excluded: what every figure counts.
    pub counted: i64,
    pub excluded: i64,
}

/// The responses of a campaign counted per group (the campaign's groups first, in order, then
/// any other a response names), and their total: what any campaign shows, anonymous or not.
#[derive(Debug, Clone)]
pub struct Counts {
    pub campaign: Campaign,
    pub groups: Vec<GroupCount>,
    pub total: GroupCount,
}

/// The counts of the campaign `slug`.
pub fn counts(conn: &mut AnyConnection, slug: &str) -> Result<Counts, DomainError> {
    let campaign = super::fieldwork::campaign(conn, slug)?;
    let mut groups: Vec<GroupCount> = db::campaigns::groups(conn, campaign.id)?
        .into_iter()
        .map(|g| GroupCount { group: g.code, ..GroupCount::default() })
        .collect();
    fn slot<'a>(groups: &'a mut Vec<GroupCount>, code: &str) -> &'a mut GroupCount {
        let i = groups.iter().position(|g| g.group == code).unwrap_or_else(|| {
            groups.push(GroupCount { group: code.to_string(), ..GroupCount::default() });
            groups.len() - 1
        });
        &mut groups[i]
    }
    for (group, _, status, n) in db::responses::counts(conn, campaign.id)? {
        let g = slot(&mut groups, &group);
        if status == ResponseStatus::Submitted { g.counted += n } else { g.drafts += n }
    }
    for (group, _, n) in db::review::excluded_counts(conn, campaign.id)? {
        slot(&mut groups, &group).excluded += n;
    }
    let mut total = GroupCount { group: "total".into(), ..GroupCount::default() };
    for g in &groups {
        total.drafts += g.drafts;
        total.counted += g.counted;
        total.excluded += g.excluded;
    }
    Ok(Counts { campaign, groups, total })
}

/// One response with what it is read against.
#[derive(Debug, Clone)]
pub struct Reviewed {
    pub campaign: Campaign,
    /// The campaign's questionnaire (the response's questions, options and pages).
    pub survey: Survey,
    pub response: StoredResponse,
    /// Who answered, for a response through a personal link.
    pub participant: Option<Participant>,
}

impl Reviewed {
    pub fn standing(&self) -> Standing {
        Standing::of_response(&self.response)
    }

    /// The answers that count: the submitted ones (a change in progress is not submitted yet),
    /// or a draft's answers so far.
    pub fn answers(&self) -> serde_json::Map<String, serde_json::Value> {
        serde_json::from_str(&self.response.answers).unwrap_or_default()
    }

    /// Whether a change to the submitted answers is in progress (saved, not submitted).
    pub fn change_in_progress(&self) -> bool {
        self.response.is_submitted() && self.response.pending.is_some()
    }
}

/// The refusal for a response number the campaign does not have.
pub(super) fn not_found(slug: &str, id: i64) -> DomainError {
    DomainError::NotFound(format!("no response #{id} in \"{slug}\" (dra responses list --campaign {slug})"))
}

/// The response `id` of the campaign `slug`.
pub fn response(conn: &mut AnyConnection, slug: &str, id: i64) -> Result<Reviewed, DomainError> {
    let campaign = reviewable(conn, slug)?;
    let response = db::review::one(conn, campaign.id, id)?.ok_or_else(|| not_found(slug, id))?;
    reviewed(conn, campaign, response)
}

/// A response at hand, with its campaign's questionnaire and its participant.
pub(super) fn reviewed(
    conn: &mut AnyConnection,
    campaign: Campaign,
    response: StoredResponse,
) -> Result<Reviewed, DomainError> {
    let survey = db::surveys::compiled(conn, campaign.survey_version_id)?;
    let participant = match response.participant_id {
        Some(p) => db::participants::by_id(conn, p)?,
        None => None,
    };
    Ok(Reviewed { campaign, survey, response, participant })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_filter_refuses_an_unknown_status_and_finds_by_number() {
        let f = ResponseFilter { status: Some("gone".into()), ..ResponseFilter::default() };
        assert!(matches!(f.standing(), Err(DomainError::Invalid { field: "status", .. })));
        let now = chrono::DateTime::from_timestamp(0, 0).unwrap_or_default().naive_utc();
        let s = Summary {
            id: 12,
            group: "public".into(),
            origin: "link".into(),
            standing: Standing::Excluded,
            language: "es".into(),
            paper_ref: None,
            email: Some("ana@example.org".into()),
            name: Some("Ána Pérez".into()),
            updated_at: now,
            submitted_at: Some(now),
            excluded_at: Some(now),
        };
        let with = |text: &str| ResponseFilter { text: Some(text.into()), ..ResponseFilter::default() };
        assert!(with("#12").keeps(&s, None) && with("12").keeps(&s, None) && !with("#1").keeps(&s, None));
        assert!(with("ÁNA P").keeps(&s, None) && with("EXAMPLE").keeps(&s, None));
        assert!(with("").keeps(&s, Some(Standing::Excluded)) && !with("").keeps(&s, Some(Standing::Submitted)));
    }
}
