//! `dra survey convert FORM.xlsx --out FORM.json` and `dra survey export SURVEY --xlsform OUT.xlsx`:
//! XLSForms read into definitions and written from them (`survey::xlsform`).

use std::path::Path;
use std::process::ExitCode;

use crate::survey::{self, SurveyError};

/// Converts a form to a pretty-printed definition; with any problem, every one on standard
/// error, exit 1, nothing written.
pub fn convert(file: &Path, out: &Path) -> anyhow::Result<ExitCode> {
    let name = file.display().to_string();
    let bytes = std::fs::read(file).map_err(|e| anyhow::anyhow!("{name}: cannot read: {e}"))?;
    let (s, def) = match survey::xlsform::convert(&bytes) {
        Ok(made) => made,
        Err(problems) => {
            eprintln!("{}", SurveyError::Form { file: name, problems });
            println!("nothing written: fix the form and convert it again");
            return Ok(ExitCode::FAILURE);
        }
    };
    let mut json = serde_json::to_string_pretty(&def)?;
    json.push('\n');
    std::fs::write(out, json).map_err(|e| anyhow::anyhow!("{}: {e}", out.display()))?;
    println!(
        "{} written: {} {} ({} questions, {} pillars, languages {})",
        out.display(),
        s.id,
        s.version,
        s.questions.len(),
        s.pillars.len(),
        s.languages.join(", ")
    );
    Ok(ExitCode::SUCCESS)
}

/// Writes a survey as an XLSForm; says what of the definition the form cannot carry.
pub fn export(spec: &str, out: &Path) -> anyhow::Result<ExitCode> {
    let s = super::responses::survey_from(spec)?;
    let made = survey::xlsform::export::write(&s).map_err(|e| anyhow::anyhow!("{}: {e}", s.id))?;
    std::fs::write(out, &made.bytes).map_err(|e| anyhow::anyhow!("{}: {e}", out.display()))?;
    for l in &made.lost {
        eprintln!("{}: not carried by the form: {l}", out.display());
    }
    println!(
        "{} written: {} {} as an XLSForm ({} questions, languages {})",
        out.display(),
        s.id,
        s.version,
        s.questions.len(),
        s.languages.join(", ")
    );
    Ok(ExitCode::SUCCESS)
}
