//! The life cycle of a response, decided in one place: draft → submitted (→ changed and
//! submitted again, when the campaign allows changes). Pure: from the state a request read and
//! what the respondent asked for, it says which write to make. `db::submissions` writes it only
//! if the stored row still has the version that was read (compare-and-set, in the write's own
//! transaction), so a request that raced another is decided again on the state that won.
//!
//! The rules:
//! - a page save never touches a submitted response's answers: with changes allowed it is kept
//!   beside them as a change in progress, without them it is refused;
//! - a submitted response changes only by a complete, validated submission;
//! - without changes allowed the first submission wins, and a later one is refused.

/// What is stored for a respondent, as a request read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stored {
    Nothing,
    Draft,
    Submitted,
}

/// What the respondent's request asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Move {
    /// Keep this page's answers (a page move, "save", a language switch, a submit that did not
    /// validate yet).
    SavePage,
    /// Submit the whole response; it validated.
    Submit,
}

/// The write a request makes, or why it makes none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// The answers are (still) a draft.
    Draft,
    /// The first submission: the answers become the submitted response.
    Submit,
    /// A change in progress to a submitted response, kept beside its submitted answers.
    Change,
    /// A changed response submitted whole: it replaces the submitted answers.
    Resubmit,
    /// Nothing is written: the response was submitted and its campaign takes no changes.
    AlreadySubmitted,
}

impl Step {
    /// Whether the response is submitted once this step is written.
    pub fn submitted(self) -> bool {
        !matches!(self, Step::Draft)
    }
}

/// The step a request takes from the state it read.
pub fn step(stored: Stored, asked: Move, changes_allowed: bool) -> Step {
    match (stored, asked) {
        (Stored::Nothing | Stored::Draft, Move::SavePage) => Step::Draft,
        (Stored::Nothing | Stored::Draft, Move::Submit) => Step::Submit,
        (Stored::Submitted, _) if !changes_allowed => Step::AlreadySubmitted,
        (Stored::Submitted, Move::SavePage) => Step::Change,
        (Stored::Submitted, Move::Submit) => Step::Resubmit,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_submitted_response_changes_only_by_a_whole_submission() {
        for changes in [false, true] {
            assert_eq!(step(Stored::Nothing, Move::SavePage, changes), Step::Draft);
            assert_eq!(step(Stored::Draft, Move::SavePage, changes), Step::Draft);
            assert_eq!(step(Stored::Nothing, Move::Submit, changes), Step::Submit);
            assert_eq!(step(Stored::Draft, Move::Submit, changes), Step::Submit);
        }
        assert_eq!(step(Stored::Submitted, Move::SavePage, false), Step::AlreadySubmitted);
        assert_eq!(step(Stored::Submitted, Move::Submit, false), Step::AlreadySubmitted);
        assert_eq!(step(Stored::Submitted, Move::SavePage, true), Step::Change);
        assert_eq!(step(Stored::Submitted, Move::Submit, true), Step::Resubmit);
        assert!(!Step::Draft.submitted() && Step::Change.submitted());
    }
}
