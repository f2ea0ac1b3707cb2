//! Comparing editions of an index campaign: each edition's headline figures and its own
//! uncertainty analysis (runs and seed as its framework configures), compared institution by
//! institution with [`crate::index::editions`]; with three or more editions, each institution's
//! series. Which kind of campaign a comparison names is decided here too: all index campaigns,
//! or none (survey campaigns); a mix is refused with its own message.

use serde::Serialize;

use super::figures;
use crate::db::AnyConnection;
use crate::index::editions::{self, EditionChange, EditionUnit, Series, edition_units};
use crate::service::DomainError;

/// One side of the comparison.
#[derive(Debug, Clone, Serialize)]
pub struct Side {
    pub slug: String,
    pub name: String,
    pub edition: Option<String>,
    /// Runs and seed of its uncertainty analysis.
    pub runs: u32,
    pub seed: u64,
}

impl Side {
    /// How tables and charts name the edition: its edition label, or its slug.
    pub fn label(&self) -> String {
        self.edition.clone().filter(|e| !e.trim().is_empty()).unwrap_or_else(|| self.slug.clone())
    }
}

/// Two editions of an index compared.
#[derive(Debug, Clone, Serialize)]
pub struct IndexComparison {
    pub from: Side,
    pub to: Side,
    #[serde(flatten)]
    pub change: EditionChange,
}

/// Three or more editions: the latest two compared, and every institution's series.
#[derive(Debug, Clone, Serialize)]
pub struct IndexTrend {
    /// Oldest first.
    pub editions: Vec<Side>,
    pub series: Series,
    /// The latest earlier edition against the latest.
    pub comparison: IndexComparison,
}

/// What the campaigns of a comparison are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// None is an index campaign (the survey comparison checks they exist).
    Survey,
    /// All are index campaigns.
    Index,
}

/// Whether `slug` names an index campaign.
pub fn is_index(conn: &mut AnyConnection, slug: &str) -> Result<bool, DomainError> {
    Ok(crate::db::indices::campaign(conn, slug)?.is_some())
}

/// Whether the comparison of `from` with `to` is of index or of survey campaigns. Naming an
/// index campaign with a survey campaign is invalid input (its message, in `lang`, names both);
/// naming an index campaign with a slug that is neither is "not found".
pub fn kind(conn: &mut AnyConnection, from: &[String], to: &str, lang: &str) -> Result<Kind, DomainError> {
    let mut index = Vec::new();
    let mut other = Vec::new();
    for (field, slug) in from.iter().map(|s| ("from", s.as_str())).chain([("to", to)]) {
        if is_index(conn, slug)? {
            index.push(slug.to_string());
        } else {
            other.push((field, slug.to_string()));
        }
    }
    let (Some(idx), Some((field, survey))) = (index.first(), other.first()) else {
        return Ok(if index.is_empty() { Kind::Survey } else { Kind::Index });
    };
    let args = [("survey", survey.as_str().into()), ("index", idx.as_str().into())];
    match crate::service::fieldwork::campaign(conn, survey) {
        Ok(_) => Err(DomainError::invalid(field, crate::i18n::format(lang, "compare-mixed-kinds", &args))),
        Err(DomainError::NotFound(_)) => {
            Err(DomainError::NotFound(crate::i18n::format(lang, "compare-no-such-index-edition", &args)))
        }
        Err(e) => Err(e),
    }
}

/// The index campaigns created before `slug` on the same framework, oldest first.
pub fn earlier_editions(conn: &mut AnyConnection, slug: &str) -> Result<Vec<String>, DomainError> {
    let all = super::list(conn)?;
    let this = all.iter().find(|c| c.slug == slug).ok_or_else(|| super::not_found(slug))?;
    let mut earlier: Vec<_> = all
        .iter()
        .filter(|c| c.framework_key == this.framework_key && (c.created_at, c.id) < (this.created_at, this.id))
        .collect();
    earlier.sort_by_key(|c| (c.created_at, c.id));
    Ok(earlier.into_iter().map(|c| c.slug.clone()).collect())
}

/// One edition's side and institutions.
fn edition(conn: &mut AnyConnection, slug: &str) -> Result<(Side, Vec<EditionUnit>), DomainError> {
    let f = figures(conn, slug, None, false, true)?;
    let names: Vec<String> = f.units.iter().map(|u| u.name.clone()).collect();
    let side = Side {
        slug: f.slug.clone(),
        name: f.name.clone(),
        edition: f.edition.clone(),
        runs: f.uncertainty.as_ref().map_or(0, |u| u.runs),
        seed: f.uncertainty.as_ref().map_or(0, |u| u.seed),
    };
    Ok((side, edition_units(&f.index, f.uncertainty.as_ref(), &names)))
}

/// Index campaign `from` (earlier) compared with `to` (later).
pub fn compare(conn: &mut AnyConnection, from: &str, to: &str) -> Result<IndexComparison, DomainError> {
    let (a, ua) = edition(conn, from)?;
    let (b, ub) = edition(conn, to)?;
    Ok(IndexComparison { from: a, to: b, change: editions::compare(&ua, &ub) })
}

/// Index campaigns `from` (earlier editions, oldest first, at least one) and `to` (the latest):
/// the latest two compared and every institution's series.
pub fn trend(conn: &mut AnyConnection, from: &[String], to: &str) -> Result<IndexTrend, DomainError> {
    if from.is_empty() {
        return Err(DomainError::invalid("from", "name at least one earlier edition"));
    }
    let mut sides = Vec::new();
    let mut units = Vec::new();
    for slug in from.iter().map(String::as_str).chain([to]) {
        let (side, u) = edition(conn, slug)?;
        sides.push(side);
        units.push(u);
    }
    let n = sides.len();
    let comparison = IndexComparison {
        from: sides[n - 2].clone(),
        to: sides[n - 1].clone(),
        change: editions::compare(&units[n - 2], &units[n - 1]),
    };
    Ok(IndexTrend { series: editions::series(&units), editions: sides, comparison })
}

/// What a comparison of index campaigns answers: two editions, or the trend of three or more.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum IndexAnswer {
    Two(IndexComparison),
    Trend(IndexTrend),
}

impl IndexAnswer {
    /// The latest two editions compared.
    pub fn comparison(&self) -> &IndexComparison {
        match self {
            Self::Two(c) => c,
            Self::Trend(t) => &t.comparison,
        }
    }

    /// The answer as CSV: the comparison of two editions, or the series of three or more.
    pub fn csv(&self) -> Result<Vec<u8>, DomainError> {
        let bytes = match self {
            Self::Two(c) => editions::csv(&c.change),
            Self::Trend(t) => {
                let labels: Vec<String> = t.editions.iter().map(Side::label).collect();
                editions::series_csv(&t.series, &labels)
            }
        };
        bytes.map_err(DomainError::Internal)
    }
}

/// `to` against the earlier index editions `from` (oldest first); when `from` is empty, against
/// the latest index campaign before it on the same framework.
pub fn answer(conn: &mut AnyConnection, from: &[String], to: &str, lang: &str) -> Result<IndexAnswer, DomainError> {
    let from = if from.is_empty() {
        match earlier_editions(conn, to)?.pop() {
            Some(previous) => vec![previous],
            None => {
                let args = [("index", to.into())];
                return Err(DomainError::NotFound(crate::i18n::format(
                    lang,
                    "compare-no-earlier-index-edition",
                    &args,
                )));
            }
        }
    } else {
        from.to_vec()
    };
    crate::service::compare::each_once(&from, to, "index campaign")?;
    match from.as_slice() {
        [one] => compare(conn, one, to).map(IndexAnswer::Two),
        _ => trend(conn, &from, to).map(IndexAnswer::Trend),
    }
}

/// The "change since" section of `slug`'s report in `lang`: `slug` against its earlier index
/// editions `earlier` (oldest first); three or more editions in all add each institution's trend.
pub fn section(
    conn: &mut AnyConnection,
    earlier: &[String],
    slug: &str,
    lang: &str,
) -> Result<crate::index::report::change::IndexChange, DomainError> {
    if earlier.is_empty() {
        return Err(DomainError::invalid("compare_to", "name at least one earlier edition"));
    }
    // Errors about the earlier editions name the option they came from.
    let named = |e: DomainError| match e {
        DomainError::Invalid { field: "from", message } => DomainError::invalid("compare_to", message),
        e => e,
    };
    if kind(conn, earlier, slug, lang).map_err(named)? != Kind::Index {
        return Err(DomainError::NotFound(format!("no index campaign \"{slug}\"")));
    }
    let answer = answer(conn, earlier, slug, lang).map_err(named)?;
    let (labels, series) = match &answer {
        IndexAnswer::Two(c) => (vec![c.from.label(), c.to.label()], None),
        IndexAnswer::Trend(t) => (t.editions.iter().map(Side::label).collect(), Some(&t.series)),
    };
    let c = answer.comparison();
    crate::index::report::change::section(&labels, &c.change, series, lang, &c.to.slug)
        .map_err(|e| DomainError::Internal(e.to_string()))
}
