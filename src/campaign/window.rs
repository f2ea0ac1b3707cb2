//! A campaign's sending window: the hours (in the campaign's time zone, and on weekdays only if
//! said) in which its invitations and reminders go out. Written `08:00-17:00` or
//! `08:00-17:00 mon-fri`; a window that crosses midnight (`20:00-06:00`) is refused, since mail
//! at night is what a window is there to avoid. Pure: the worker asks whether it is open now.

use chrono::{Datelike, FixedOffset, NaiveDateTime, NaiveTime, Timelike, Weekday};

/// When a campaign's invitations and reminders may be sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SendWindow {
    /// Minutes after local midnight: the first minute mail may go.
    from: u32,
    /// Minutes after local midnight: mail stops at this minute.
    until: u32,
    weekdays_only: bool,
}

fn parse_time(s: &str) -> Option<u32> {
    let t = NaiveTime::parse_from_str(s.trim(), "%H:%M").ok()?;
    Some(t.hour() * 60 + t.minute())
}

impl SendWindow {
    /// Reads `HH:MM-HH:MM`, optionally followed by `mon-fri`.
    pub fn parse(s: &str) -> Result<Self, String> {
        let s = s.trim();
        let (hours, days) = match s.split_once(char::is_whitespace) {
            Some((h, d)) => (h, d.trim()),
            None => (s, ""),
        };
        let weekdays_only = match days.to_ascii_lowercase().as_str() {
            "" => false,
            "mon-fri" => true,
            other => return Err(format!("\"{other}\": the days are \"mon-fri\" or nothing (every day)")),
        };
        let bad = || format!("\"{s}\": write the hours as 08:00-17:00 (24-hour clock, the campaign's time zone)");
        let (a, b) = hours.split_once('-').ok_or_else(bad)?;
        let (from, until) = (parse_time(a).ok_or_else(bad)?, parse_time(b).ok_or_else(bad)?);
        if until <= from {
            return Err(format!(
                "\"{s}\": the window must end after it starts on the same day (no mail across midnight)"
            ));
        }
        if until - from < 60 {
            return Err(format!("\"{s}\": give the window at least one hour"));
        }
        Ok(Self { from, until, weekdays_only })
    }

    /// Whether mail may go at `utc`, for a campaign at `offset`.
    pub fn is_open(&self, utc: NaiveDateTime, offset: FixedOffset) -> bool {
        let local = utc.and_utc().with_timezone(&offset);
        let minute = local.hour() * 60 + local.minute();
        let weekday_ok = !self.weekdays_only || !matches!(local.weekday(), Weekday::Sat | Weekday::Sun);
        weekday_ok && (self.from..self.until).contains(&minute)
    }

    /// The next moment (UTC) at or after `utc` when the window is open.
    pub fn next_open(&self, utc: NaiveDateTime, offset: FixedOffset) -> NaiveDateTime {
        if self.is_open(utc, offset) {
            return utc;
        }
        let local = utc.and_utc().with_timezone(&offset).naive_local();
        let start = NaiveTime::from_hms_opt(self.from / 60, self.from % 60, 0).unwrap_or(NaiveTime::MIN);
        // Today's opening if it is still ahead, else the next day's; skip a weekend if asked.
        let mut day = local.date();
        if local.time() >= start {
            day = day.succ_opt().unwrap_or(day);
        }
        while self.weekdays_only && matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
            day = day.succ_opt().unwrap_or(day);
        }
        let opening = day.and_time(start);
        opening - chrono::Duration::seconds(i64::from(offset.local_minus_utc()))
    }
}

impl std::fmt::Display for SendWindow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:02}:{:02}-{:02}:{:02}", self.from / 60, self.from % 60, self.until / 60, self.until % 60)?;
        if self.weekdays_only {
            f.write_str(" mon-fri")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap_or_default()
    }

    #[test]
    fn office_hours_in_guatemala() {
        let gt = crate::campaign::parse_offset("-06:00").unwrap_or_else(|e| panic!("{e}"));
        let w = SendWindow::parse("08:00-17:00 mon-fri").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(w.to_string(), "08:00-17:00 mon-fri");
        // 2026-12-01 is a Tuesday. 14:00 UTC is 08:00 in Guatemala: open; 13:59 UTC is not.
        assert!(w.is_open(at("2026-12-01 14:00"), gt));
        assert!(!w.is_open(at("2026-12-01 13:59"), gt));
        assert!(w.is_open(at("2026-12-01 22:59"), gt));
        assert!(!w.is_open(at("2026-12-01 23:00"), gt), "17:00 local: closed");
        // Friday 18:00 local (Saturday 00:00 UTC) waits for Monday 08:00 local.
        assert!(!w.is_open(at("2026-12-05 00:00"), gt));
        assert_eq!(w.next_open(at("2026-12-05 00:00"), gt), at("2026-12-07 14:00"));
        // Before opening on a weekday: the same day's opening.
        assert_eq!(w.next_open(at("2026-12-01 10:00"), gt), at("2026-12-01 14:00"));
        let every_day = SendWindow::parse("08:00-17:00").unwrap_or_else(|e| panic!("{e}"));
        assert!(every_day.is_open(at("2026-12-05 15:00"), gt), "Saturday 09:00 local");
    }

    #[test]
    fn refuses_what_is_not_a_day_window() {
        for bad in ["", "8-17", "17:00-08:00", "08:00-08:30", "08:00-17:00 weekends", "25:00-26:00"] {
            assert!(SendWindow::parse(bad).is_err(), "{bad}");
        }
        assert!(SendWindow::parse(" 07:30-18:00 MON-FRI ").is_ok());
    }
}
