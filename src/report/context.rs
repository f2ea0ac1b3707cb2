//! Names in the report's language: pillars, sub-pillars, items, stages and groups looked up in the
//! survey, falling back to the survey's default language and then to the id.

use crate::analysis::{Aggregates, Cell, Stats};
use crate::charts::Numbers;
use crate::survey::Survey;

use super::i18n::{Lang, Texts};
use super::{CampaignInfo, ReportInput};

/// What every part of the report builder reads.
pub struct Ctx<'a> {
    pub agg: &'a Aggregates,
    pub survey: &'a Survey,
    pub campaign: &'a CampaignInfo,
    pub lang: Lang,
    pub t: &'static Texts,
    /// How figures are written in the report's language.
    pub num: Numbers,
    /// The published comments (the annex).
    pub comments: &'a [super::comments::Comment],
}

impl<'a> Ctx<'a> {
    pub fn new(input: &'a ReportInput<'a>) -> Self {
        Self {
            agg: input.aggregates,
            survey: input.survey,
            campaign: &input.campaign,
            lang: input.lang,
            t: input.lang.texts(),
            num: Numbers::for_language(input.lang.code()),
            comments: input.comments,
        }
    }

    fn get(&self, text: &'a crate::survey::i18n::I18n, id: &str) -> String {
        let s = text.get(self.lang.code(), &self.survey.default_language);
        if s.is_empty() { id.to_string() } else { s.to_string() }
    }

    pub fn pillar_name(&self, id: &str) -> String {
        self.survey.pillars.iter().find(|p| p.id == id).map_or_else(|| id.to_string(), |p| self.get(&p.label, id))
    }

    pub fn pillar_description(&self, id: &str) -> String {
        self.survey
            .pillars
            .iter()
            .find(|p| p.id == id)
            .map(|p| p.description.get(self.lang.code(), &self.survey.default_language).to_string())
            .unwrap_or_default()
    }

    pub fn sub_name(&self, id: &str) -> String {
        self.survey
            .pillars
            .iter()
            .flat_map(|p| &p.subpillars)
            .find(|s| s.id == id)
            .map_or_else(|| id.to_string(), |s| self.get(&s.label, id))
    }

    pub fn item_text(&self, id: &str) -> String {
        self.survey.question(id).map_or_else(|| id.to_string(), |q| self.get(&q.text, id))
    }

    /// An item's code and its text, as a chart labels a bar: `connectivity.q1 · ¿…?` (the id
    /// without its pillar, the same as in the data exports' codebook).
    pub fn item_label(&self, id: &str) -> String {
        let code = id.split_once('.').map_or(id, |(_, rest)| rest);
        format!("{code} · {}", self.item_text(id))
    }

    /// Stage names in the report's language, lowest first.
    pub fn stages(&self) -> Vec<String> {
        if self.survey.stages.is_empty() {
            return self.agg.stages.clone();
        }
        self.survey.stages.iter().enumerate().map(|(i, s)| self.get(s, &(i + 1).to_string())).collect()
    }

    pub fn stage_name(&self, index: usize) -> String {
        self.stages().get(index).cloned().unwrap_or_else(|| (index + 1).to_string())
    }

    /// The label of a group code: the option of the survey's `group` profile question, else the code.
    pub fn group_name(&self, code: &str) -> String {
        let value = serde_json::Value::String(code.to_string());
        self.survey
            .profile_questions()
            .filter(|q| q.profile.as_deref() == Some("group"))
            .find_map(|q| q.option(&value))
            .map_or_else(|| code.to_string(), |o| self.get(&o.label, code))
    }

    /// The scale top (number of stages).
    pub fn scale_max(&self) -> usize {
        self.agg.stages.len().max(self.survey.stages.len()).max(2)
    }

    /// The stage label of a stats value, in the report's language.
    pub fn stage_of(&self, stats: &Stats) -> String {
        stats.stage.as_ref().map(|s| self.stage_name(s.index)).unwrap_or_default()
    }

    /// The footnote text for "—" with the applied minimum cell size.
    pub fn suppressed_note(&self) -> String {
        self.t.suppressed_note.replace("{min}", &self.agg.min_cell.to_string())
    }
}

/// The figures of a cell, or `None` when it is suppressed or empty.
pub fn published(cell: &Cell) -> Option<&Stats> {
    if cell.suppressed { None } else { cell.stats.as_ref() }
}
