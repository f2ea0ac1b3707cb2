//! The stored forms of a response's standing: its status (draft or submitted). The `status`
//! column stays TEXT; this type is the one place its strings are spelled.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Where a stored response is: being filled in, or handed in by its respondent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResponseStatus {
    Draft,
    Submitted,
}

impl ResponseStatus {
    /// The form stored in the `status` column.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Submitted => "submitted",
        }
    }

    /// Reads the `status` column; `None` for anything else.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "draft" => Some(Self::Draft),
            "submitted" => Some(Self::Submitted),
            _ => None,
        }
    }
}

impl fmt::Display for ResponseStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ResponseStatus {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s).ok_or_else(|| format!("unknown response status {s:?}"))
    }
}

impl PartialEq<ResponseStatus> for str {
    fn eq(&self, other: &ResponseStatus) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<ResponseStatus> for String {
    fn eq(&self, other: &ResponseStatus) -> bool {
        self == other.as_str()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_forms_round_trip() {
        for s in [ResponseStatus::Draft, ResponseStatus::Submitted] {
            assert_eq!(ResponseStatus::parse(s.as_str()), Some(s));
            assert_eq!(s.as_str().parse::<ResponseStatus>(), Ok(s));
            assert_eq!(serde_json::to_value(s).ok(), Some(serde_json::Value::String(s.as_str().into())));
        }
        assert_eq!(ResponseStatus::parse("excluded"), None);
    }
}
