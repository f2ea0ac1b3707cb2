//! Campaigns: who is asked (stakeholder groups, participants), when (window, states), how
//! (identified or anonymous, reminders, editing), and the minimum cell size of its reports.
//! Pure types and rules; storage is in `db::campaigns`.

pub mod lifecycle;
pub mod participants_csv;
pub mod response;
pub mod window;

use std::fmt;
use std::str::FromStr;

use chrono::{FixedOffset, NaiveDate, NaiveDateTime, TimeZone};
use serde::{Deserialize, Serialize};

use crate::survey::I18n;

/// Where a campaign is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CampaignState {
    Draft,
    Open,
    Closed,
    Archived,
}

impl CampaignState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Open => "open",
            Self::Closed => "closed",
            Self::Archived => "archived",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "draft" => Self::Draft,
            "open" => Self::Open,
            "closed" => Self::Closed,
            "archived" => Self::Archived,
            _ => return None,
        })
    }

    /// The only moves allowed: draft → open → closed → archived.
    pub fn can_become(self, next: Self) -> bool {
        matches!((self, next), (Self::Draft, Self::Open) | (Self::Open, Self::Closed) | (Self::Closed, Self::Archived))
    }
}

impl fmt::Display for CampaignState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for CampaignState {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s).ok_or_else(|| format!("unknown campaign state {s:?}"))
    }
}

/// Whether stored responses keep their link to the participant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    Identified,
    /// The stored response keeps only the group, never the participant.
    Anonymous,
}

impl Mode {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Identified => "identified",
            Self::Anonymous => "anonymous",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "identified" => Some(Self::Identified),
            "anonymous" => Some(Self::Anonymous),
            _ => None,
        }
    }
}

impl fmt::Display for Mode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Mode {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s).ok_or_else(|| format!("unknown campaign mode {s:?}"))
    }
}

/// A stakeholder group of a campaign.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Group {
    pub code: String,
    pub labels: I18n,
    /// Share of the population this group stands for (post-stratification weights), if known.
    pub population_share: Option<f64>,
}

/// The five stakeholder groups of a DRA, in Spanish and English.
pub fn default_groups() -> Vec<Group> {
    [
        ("public", "Sector público", "Public sector"),
        ("private", "Sector privado", "Private sector"),
        ("civil_society", "Sociedad civil", "Civil society"),
        ("academia", "Academia e investigación", "Academia and research"),
        ("international", "Cooperación internacional", "International cooperation"),
    ]
    .into_iter()
    .map(|(code, es, en)| Group {
        code: code.into(),
        labels: I18n([("es".to_string(), es.to_string()), ("en".to_string(), en.to_string())].into_iter().collect()),
        population_share: None,
    })
    .collect()
}

/// Smallest cell a report may show: the configured value, never below 3.
pub const MIN_CELL_FLOOR: i32 = 3;

/// Checks a campaign slug: lower-case letters, digits and dashes, 2 to 63 characters.
pub fn check_slug(slug: &str) -> Result<(), String> {
    let ok = (2..=63).contains(&slug.len())
        && slug.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !slug.starts_with('-');
    if ok {
        Ok(())
    } else {
        Err(format!("\"{slug}\" is not a valid slug: use 2-63 lower-case letters, digits and dashes"))
    }
}

/// Parses a UTC offset such as `-06:00` (Guatemala), `+00:00` or `Z`.
pub fn parse_offset(s: &str) -> Result<FixedOffset, String> {
    let bad = || format!("\"{s}\" is not a UTC offset such as -06:00");
    if s == "Z" || s == "UTC" {
        return FixedOffset::east_opt(0).ok_or_else(bad);
    }
    let (sign, rest) = match s.as_bytes().first() {
        Some(b'+') => (1, &s[1..]),
        Some(b'-') => (-1, &s[1..]),
        _ => return Err(bad()),
    };
    let (h, m) = rest.split_once(':').ok_or_else(bad)?;
    let digits =
        |x: &str, n: std::ops::RangeInclusive<usize>| n.contains(&x.len()) && x.bytes().all(|b| b.is_ascii_digit());
    if !digits(h, 1..=2) || !digits(m, 2..=2) {
        return Err(bad());
    }
    let (h, m) = (h.parse::<i32>().map_err(|_| bad())?, m.parse::<i32>().map_err(|_| bad())?);
    // Offsets in use run from -12:00 to +14:00.
    if h > 14 || m > 59 || (sign < 0 && h > 12) {
        return Err(bad());
    }
    FixedOffset::east_opt(sign * (h * 3600 + m * 60)).ok_or_else(bad)
}

/// Parses a moment given on the command line as RFC 3339, or as `YYYY-MM-DD[THH:MM]` in the
/// campaign's offset (seconds may be given; a bare date means the start of that day, or its end when `end_of_day`).
/// Returns naive UTC, as stored.
pub fn parse_moment(s: &str, offset: FixedOffset, end_of_day: bool) -> Result<NaiveDateTime, String> {
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(s) {
        return Ok(t.naive_utc());
    }
    let local = if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        if end_of_day { d.and_hms_opt(23, 59, 59) } else { d.and_hms_opt(0, 0, 0) }
    } else {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M")
            .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S"))
            .ok()
    };
    let local = local
        .ok_or_else(|| format!("\"{s}\" is not a date (2026-12-31), a local time (2026-12-31T18:00) or RFC 3339"))?;
    offset
        .from_local_datetime(&local)
        .single()
        .map(|t| t.naive_utc())
        .ok_or_else(|| format!("\"{s}\" does not exist in offset {offset}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moments_and_offsets() {
        let gt = parse_offset("-06:00").unwrap_or_else(|e| panic!("{e}"));
        let t = parse_moment("2026-12-31", gt, true).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(t.to_string(), "2027-01-01 05:59:59");
        let t = parse_moment("2026-12-01T08:00", gt, false).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(t.to_string(), "2026-12-01 14:00:00");
        assert!(parse_moment("next week", gt, false).is_err());
        assert!(parse_offset("Guatemala").is_err());
        assert_eq!(parse_offset("-6:00").map(|o| o.local_minus_utc()), Ok(-6 * 3600));
        for bad in ["+25:00", "-13:00", "+05:75", "+5:5", "-06:00:00", "+-1:00", "America/Guatemala"] {
            assert!(parse_offset(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn states_move_forward_only() {
        use CampaignState::*;
        assert!(Draft.can_become(Open) && Open.can_become(Closed) && Closed.can_become(Archived));
        assert!(!Closed.can_become(Open) && !Draft.can_become(Closed) && !Archived.can_become(Draft));
        assert!(check_slug("gt-2026").is_ok() && check_slug("GT 2026").is_err());
    }
}
