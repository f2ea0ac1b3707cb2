//! The streaming entry point: feed submitted responses one at a time, then [`Accumulator::finish`].
//! Per respondent it keeps only what the scoring pass needs: the answer code of every scored item
//! (half a byte each when they fit, see [`super::rows`]), the group and the `by` value as small
//! indices. No JSON tree is kept.

use std::collections::HashMap;

use crate::survey::Survey;

use super::AnalysisError;
use super::json::{Target, parse_answers};
use super::layout::Layout;
use super::options::{AnalysisOptions, Fieldwork, Origin};
use super::output::{Aggregates, SurveyRef};
use super::rows::CodeRows;

/// Collects responses for one analysis. Build with [`Accumulator::new`], feed with
/// [`Accumulator::push_json`] or [`Accumulator::push_codes`], end with [`Accumulator::finish`].
#[derive(Debug, Clone)]
pub struct Accumulator {
    pub(crate) layout: Layout,
    pub(crate) options: AnalysisOptions,
    pub(crate) survey: SurveyRef,
    pub(crate) min_coverage: f64,
    pub(crate) stage_labels: Vec<String>,
    /// `n_items` codes per respondent, respondent after respondent (packed when they fit).
    pub(crate) codes: CodeRows,
    pub(crate) group_of: Vec<u16>,
    /// Index into `by_values` plus one; 0 = the field was not answered.
    pub(crate) by_of: Vec<u16>,
    pub(crate) groups: Vec<String>,
    group_index: HashMap<String, u16>,
    pub(crate) by_values: Vec<String>,
    by_index: HashMap<String, u16>,
    /// The `by` index each profile code stands for (code 0 = not answered).
    by_of_code: Vec<u16>,
    /// Respondents per group and origin (link, public, paper, odk).
    pub(crate) origins: Vec<[u64; 4]>,
    scratch: Vec<u8>,
}

impl Accumulator {
    /// Prepares an analysis of `survey` with `options`. Fails when `options.by` names no profile
    /// question or a question has more options than a byte can index.
    pub fn new(survey: &Survey, options: AnalysisOptions) -> Result<Self, AnalysisError> {
        let layout = Layout::new(survey, options.by.as_deref())?;
        let lang = survey.default_language.as_str();
        let mut acc = Self {
            survey: SurveyRef {
                id: survey.id.clone(),
                version: survey.version.clone(),
                content_hash: survey.content_hash.clone(),
            },
            min_coverage: options.min_coverage.unwrap_or(survey.min_coverage),
            stage_labels: survey.stages.iter().map(|s| s.get(lang, lang).to_string()).collect(),
            scratch: vec![0; layout.items.len()],
            codes: CodeRows::new(layout.items.len(), layout.items.iter().map(|i| i.codes.len()).max().unwrap_or(0)),
            group_of: Vec::new(),
            by_of: Vec::new(),
            groups: Vec::new(),
            group_index: HashMap::new(),
            by_values: Vec::new(),
            by_index: HashMap::new(),
            by_of_code: vec![0],
            origins: Vec::new(),
            options,
            layout,
        };
        for g in acc.layout.group_values.clone() {
            acc.group_id(&g)?;
        }
        for v in acc.layout.by_values.clone() {
            let b = acc.by_id(Some(&v))?;
            acc.by_of_code.push(b);
        }
        Ok(acc)
    }

    /// Number of respondents fed so far.
    pub fn len(&self) -> usize {
        self.group_of.len()
    }

    /// Whether no respondent was fed yet.
    pub fn is_empty(&self) -> bool {
        self.group_of.is_empty()
    }

    /// Ids of the scored items, in survey order: the positions [`Self::push_codes`] expects.
    pub fn item_ids(&self) -> impl Iterator<Item = &str> {
        self.layout.items.iter().map(|i| i.id.as_str())
    }

    /// Position of a scored item by question id.
    pub fn item_index(&self, id: &str) -> Option<usize> {
        self.layout.items.iter().position(|i| i.id == id)
    }

    /// Where the `by` field sits among the compact profile codes, when they hold it
    /// ([`super::codes::profile_code`]).
    pub fn by_code(&self) -> Option<usize> {
        self.layout.by_code
    }

    /// Code of an item's option given as text (`"3"`, `"dk"`): `i + 1` for option `i`.
    pub fn option_code(&self, item: usize, text: &str) -> Option<u8> {
        self.layout.code_of_text(item, text)
    }

    /// Feeds one submitted response whose answers are the JSON text stored in the database.
    /// `group` is the response's group code. Nothing is recorded when the text is invalid.
    pub fn push_json(&mut self, group: &str, origin: Origin, answers: &str) -> Result<(), AnalysisError> {
        let mut codes = std::mem::take(&mut self.scratch);
        codes.iter_mut().for_each(|c| *c = 0);
        let mut by = None;
        let mut read = vec![None; self.layout.read.len()];
        let target = Target { layout: &self.layout, codes: &mut codes, by: &mut by, read: &mut read };
        let result = match parse_answers(answers, target) {
            Ok(()) => {
                self.layout.apply_conditions(&mut codes, &mut read);
                self.push_codes(group, origin, by.as_deref(), &codes)
            }
            Err(e) => Err(AnalysisError::Answers(e.to_string())),
        };
        self.scratch = codes;
        result
    }

    /// Feeds one submitted response already resolved to codes: `codes[i]` is the answer to item `i`
    /// (see [`Self::item_ids`]), 0 = no answer, `k + 1` = option `k`, and for an item asked only
    /// under a condition, its number of options + 1 = the item does not apply to the respondent
    /// ("not applicable by design"). `by` is the value of the disaggregation field, if any.
    pub fn push_codes(
        &mut self,
        group: &str,
        origin: Origin,
        by: Option<&str>,
        codes: &[u8],
    ) -> Result<(), AnalysisError> {
        let b = if self.options.by.is_some() { self.by_id(by)? } else { 0 };
        self.push_resolved(group, origin, b, codes)
    }

    /// [`Self::push_codes`] with the `by` field given as its profile code (0 = no answer, `k + 1`
    /// = option `k`), as [`super::codes::profile_code`] reads it.
    pub fn push_codes_by_code(
        &mut self,
        group: &str,
        origin: Origin,
        by_code: u8,
        codes: &[u8],
    ) -> Result<(), AnalysisError> {
        let Some(&b) = self.by_of_code.get(usize::from(by_code)) else {
            return Err(AnalysisError::Code { item: self.layout.items.len(), code: by_code });
        };
        self.push_resolved(group, origin, b, codes)
    }

    fn push_resolved(&mut self, group: &str, origin: Origin, b: u16, codes: &[u8]) -> Result<(), AnalysisError> {
        if codes.len() != self.layout.items.len() {
            return Err(AnalysisError::Width { expected: self.layout.items.len(), found: codes.len() });
        }
        for (i, &c) in codes.iter().enumerate() {
            let Some(it) = self.layout.items.get(i) else { return Err(AnalysisError::Code { item: i, code: c }) };
            // "Not asked" only for an item that has a condition.
            let width = if it.conditional { it.codes.len() } else { it.codes.len() - 1 };
            if usize::from(c) >= width {
                return Err(AnalysisError::Code { item: i, code: c });
            }
        }
        let g = self.group_id(group)?;
        self.codes.push(codes);
        self.group_of.push(g);
        self.by_of.push(b);
        if let Some(o) = self.origins.get_mut(usize::from(g)) {
            o[origin.index()] += 1;
        }
        Ok(())
    }

    fn group_id(&mut self, code: &str) -> Result<u16, AnalysisError> {
        if let Some(&g) = self.group_index.get(code) {
            return Ok(g);
        }
        let g = u16::try_from(self.groups.len()).map_err(|_| AnalysisError::TooManyGroups)?;
        self.groups.push(code.to_string());
        self.group_index.insert(code.to_string(), g);
        self.origins.push([0; 4]);
        Ok(g)
    }

    fn by_id(&mut self, value: Option<&str>) -> Result<u16, AnalysisError> {
        let Some(v) = value else { return Ok(0) };
        if let Some(&b) = self.by_index.get(v) {
            return Ok(b);
        }
        let b = u16::try_from(self.by_values.len() + 1).map_err(|_| AnalysisError::TooManyGroups)?;
        self.by_values.push(v.to_string());
        self.by_index.insert(v.to_string(), b);
        Ok(b)
    }

    /// Computes every figure. `fieldwork` supplies invitations and responses by origin for the
    /// response rates (empty if unknown).
    pub fn finish(self, fieldwork: &Fieldwork) -> Aggregates {
        super::finish::finish(self, fieldwork)
    }
}
