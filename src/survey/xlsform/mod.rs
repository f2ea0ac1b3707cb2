//! XLSForm, the spreadsheet form format of ODK and KoboToolbox, read into a dra definition and
//! written from one. A form becomes the same JSON Schema definition a coordinator would write by
//! hand, then checked by the same compiler; what XLSForm has no word for (pillars, sub-pillars,
//! scores, reversed items, "don't know" codes, profile fields, stages) lives in `dra_` columns and
//! a `dra` sheet, described in `surveys/README.md`. Every problem comes back at once, as
//! `form.xlsx:survey:12: relevant: message`. Pure: bytes in, bytes out.

mod choices;
mod constraint;
pub mod export;
mod import;
pub mod language;
mod pages;
pub mod problem;
mod questions;
pub mod relevant;
mod relevant_parse;
mod workbook;
mod xpath;

use std::path::Path;

use serde_json::Value;

pub use problem::FormProblem;

use super::Survey;

/// Whether a file is a spreadsheet (read as an XLSForm) rather than a JSON definition.
pub fn is_form(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| ["xlsx", "xlsm", "xls", "ods"].contains(&e.to_ascii_lowercase().as_str()))
}

/// The definition an XLSForm writes, checked as a JSON definition is; the survey it compiles to.
pub fn convert(bytes: &[u8]) -> Result<(Survey, Value), Vec<FormProblem>> {
    let sheets = workbook::open(bytes)?;
    let import::Reading { def, origins, mut problems } = import::read(&sheets).map_err(sorted)?;
    // Without a sheet the definition needs, its own checks would only repeat that.
    if problems.iter().any(|p| p.place.is_none()) {
        return Err(sorted(problems));
    }
    let text = serde_json::to_vec_pretty(&def).map_err(|e| vec![FormProblem::whole(e.to_string())])?;
    match super::check_bytes(&text) {
        Ok(s) if problems.is_empty() => Ok((s, def)),
        Ok(_) => Err(sorted(problems)),
        Err(found) => {
            // The definition's own checks, at the rows that wrote what they point at; a cell the
            // reading already found wrong is not reported twice.
            for p in &found {
                let carried = origins.carry(p);
                let said = problems.iter().any(|x| x == &carried || (x.place.is_some() && x.place == carried.place));
                if !said {
                    problems.push(carried);
                }
            }
            Err(sorted(problems))
        }
    }
}

/// Problems of the whole file first, then by sheet (survey, choices, settings, dra) and row.
fn sorted(mut problems: Vec<FormProblem>) -> Vec<FormProblem> {
    let order = ["survey", "choices", "settings", "dra"];
    problems.sort_by_key(|p| match &p.place {
        None => (0, 0),
        Some(place) => {
            let sheet = order.iter().position(|s| place.sheet.eq_ignore_ascii_case(s)).unwrap_or(order.len());
            (sheet + 1, place.row)
        }
    });
    problems
}
