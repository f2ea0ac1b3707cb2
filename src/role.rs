//! The roles of console users and API tokens, from most to least powerful, and their one string
//! form: stored in the database, shown on pages, typed on the command line.

use std::fmt;
use std::str::FromStr;

/// A role. The order is power: `Admin < Coordinator < Analyst < Moderator`, so the lesser of two
/// roles is the greater value. A moderator comes last: it reaches only the screening and answering
/// of public contributions (coordinators and administrators may do that too), no figure, no
/// response, no participant; a token of an analyst asking for "moderator" is narrowed to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    Admin,
    Coordinator,
    Analyst,
    Moderator,
}

impl Role {
    /// Every role, most powerful first.
    pub const ALL: [Role; 4] = [Role::Admin, Role::Coordinator, Role::Analyst, Role::Moderator];

    pub const fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Coordinator => "coordinator",
            Role::Analyst => "analyst",
            Role::Moderator => "moderator",
        }
    }

    /// The role named `s` exactly as [`Role::as_str`] writes it.
    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// The less powerful of two roles (what a token of an owner holds at most).
    pub fn lesser(self, other: Role) -> Role {
        self.max(other)
    }

    /// Whether a token of this role may act for an owner of role `owner`: the owner's role is at
    /// least as powerful, and a moderator's token is held only by someone who moderates (the
    /// moderator comes last in the order, but an analyst does not moderate).
    pub fn may_act_for(self, owner: Role) -> bool {
        owner.lesser(self) == self && (self != Role::Moderator || Area::Moderation.roles().contains(&owner))
    }
}

/// The string forms, most powerful first (for lists and drop-downs).
pub const NAMES: [&str; 4] =
    [Role::Admin.as_str(), Role::Coordinator.as_str(), Role::Analyst.as_str(), Role::Moderator.as_str()];

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::parse(s).ok_or_else(|| {
            let shown: String = s.chars().take(32).collect();
            format!("unknown role \"{shown}\": use {}", NAMES.join(", "))
        })
    }
}

/// The parts of the console and the API, and who may use each: the one table the console's
/// handlers and the API's route table (and so its OpenAPI document) read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Area {
    /// Open to anyone (no sign-in, no token).
    Public,
    /// Lists any signed-in user or token may read.
    Reading,
    /// Figures, reports and exports.
    Analysis,
    /// Questionnaires, campaigns, participants, mailings.
    Management,
    /// Users, tokens, the audit log.
    Administration,
    /// Screening and answering public contributions.
    Moderation,
}

impl Area {
    /// The roles that may use this part (none for [`Area::Public`], which asks for no role).
    pub const fn roles(self) -> &'static [Role] {
        match self {
            Area::Public => &[],
            Area::Reading => &Role::ALL,
            Area::Analysis => &[Role::Admin, Role::Analyst],
            Area::Management => &[Role::Admin, Role::Coordinator],
            Area::Administration => &[Role::Admin],
            Area::Moderation => &[Role::Admin, Role::Coordinator, Role::Moderator],
        }
    }

    /// Whether a user or token of role `role` (as stored) may use this part.
    pub fn allows(self, role: &str) -> bool {
        self.admits(Role::parse(role))
    }

    /// Whether a holder of `role` may use this part (`None`, a role the code does not know: no).
    pub fn admits(self, role: Option<Role>) -> bool {
        role.is_some_and(|r| self.roles().contains(&r))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_reads_back_from_its_name() {
        for r in Role::ALL {
            assert_eq!(r.as_str().parse::<Role>(), Ok(r));
        }
        assert!("Admin".parse::<Role>().is_err());
        assert!("".parse::<Role>().is_err());
    }

    #[test]
    fn only_administrators_administer_and_everyone_reads() {
        assert!(Area::Administration.allows("admin"));
        assert!(!Area::Administration.allows("coordinator"));
        assert!(!Area::Analysis.allows("coordinator"));
        assert!(!Area::Management.allows("analyst"));
        assert!(Role::ALL.iter().all(|r| Area::Reading.allows(r.as_str())));
        assert!(!Area::Reading.allows("root"));
        assert!(Area::Public.roles().is_empty());
    }

    #[test]
    fn the_lesser_role_is_the_less_powerful() {
        assert_eq!(Role::Admin.lesser(Role::Analyst), Role::Analyst);
        assert_eq!(Role::Analyst.lesser(Role::Coordinator), Role::Analyst);
        assert_eq!(Role::Coordinator.lesser(Role::Admin), Role::Coordinator);
        assert_eq!(Role::Admin.lesser(Role::Admin), Role::Admin);
        assert_eq!(Role::Analyst.lesser(Role::Moderator), Role::Moderator);
    }

    #[test]
    fn only_those_who_moderate_hold_a_moderators_token() {
        assert!(Role::Moderator.may_act_for(Role::Admin) && Role::Moderator.may_act_for(Role::Coordinator));
        assert!(Role::Moderator.may_act_for(Role::Moderator));
        assert!(!Role::Moderator.may_act_for(Role::Analyst), "an analyst does not moderate");
        assert!(!Role::Analyst.may_act_for(Role::Moderator) && !Role::Admin.may_act_for(Role::Coordinator));
        assert!(Role::Analyst.may_act_for(Role::Coordinator), "as before: a coordinator's analyst token");
    }

    #[test]
    fn moderators_moderate_and_reach_nothing_else() {
        assert!(Area::Moderation.allows("moderator"));
        assert!(Area::Moderation.allows("coordinator") && Area::Moderation.allows("admin"));
        assert!(!Area::Moderation.allows("analyst"));
        for area in [Area::Analysis, Area::Management, Area::Administration] {
            assert!(!area.allows("moderator"), "{area:?}");
        }
    }
}
