//! The "what respondents said" annex of the PDF/HTML report: the published comments by pillar
//! and question (its code and sub-pillar), each with its stakeholder group and nothing else, under
//! the notice that free text can name its author. A question with very many comments shows the
//! first `PER_QUESTION` and says how many more the comments export holds.

use serde::Serialize;

use super::comments::notice;
use super::context::Ctx;
use crate::survey::QuestionKind;

/// Comments shown per question; the rest are counted and left to the comments export.
pub const PER_QUESTION: usize = 60;

#[derive(Debug, Clone, Serialize)]
pub struct CommentsAnnex {
    pub notice: String,
    pub pillars: Vec<AnnexPillar>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AnnexPillar {
    pub name: String,
    pub questions: Vec<AnnexQuestion>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AnnexQuestion {
    pub text: String,
    /// "connectivity.c1 · Sub-pillar name".
    pub code: String,
    pub comments: Vec<AnnexComment>,
    /// "12 more comments in the comments export", or "".
    pub more: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct AnnexComment {
    pub group: String,
    pub text: String,
}

/// The annex, or `None` when no published comment came in.
pub fn comments(cx: &Ctx) -> Option<CommentsAnnex> {
    if cx.comments.is_empty() {
        return None;
    }
    let mut pillars: Vec<AnnexPillar> = Vec::new();
    let texts = cx.survey.questions.iter().filter(|q| q.kind == QuestionKind::Text && q.profile.is_none());
    for q in texts {
        let mine: Vec<_> = cx.comments.iter().filter(|c| c.question == q.id).collect();
        let Some(first) = mine.first() else { continue };
        let pillar = cx.pillar_name(&first.pillar);
        let code = match &q.subpillar {
            Some(s) => format!("{} · {}", q.id, cx.sub_name(s)),
            None => q.id.clone(),
        };
        let more = mine.len().saturating_sub(PER_QUESTION);
        let question = AnnexQuestion {
            text: cx.item_text(&q.id),
            code,
            comments: mine
                .iter()
                .take(PER_QUESTION)
                .map(|c| AnnexComment { group: cx.group_name(&c.group), text: c.text.clone() })
                .collect(),
            more: if more > 0 { cx.t.comments_more.replace("{n}", &more.to_string()) } else { String::new() },
        };
        match pillars.last_mut() {
            Some(p) if p.name == pillar => p.questions.push(question),
            _ => pillars.push(AnnexPillar { name: pillar, questions: vec![question] }),
        }
    }
    (!pillars.is_empty()).then(|| CommentsAnnex { notice: notice(cx.lang.code()).to_string(), pillars })
}
