//! Survey definitions: parse, check against the draft 2020-12 and `x-dra` meta-schemas, run the
//! semantic checks, and compile to an immutable [`Survey`]. Pure: no database, no HTTP.

pub mod compile;
pub mod conditions;
pub mod i18n;
pub mod locate;
pub mod meta;
pub mod model;
pub mod odk;
pub mod outline;
pub mod paper;
pub mod problem;
pub mod response;
pub mod row_check;
pub mod source;
pub mod xlsform;

use std::path::Path;

use sha2::{Digest, Sha256};

pub use i18n::I18n;
pub use model::{AnswerOption, MissingCode, Page, Pillar, Question, QuestionKind, SubPillar, Survey};
pub use problem::Problem;

/// Why a definition could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum SurveyError {
    #[error("{file}: cannot read: {source}")]
    Read { file: String, source: std::io::Error },
    #[error("{}", render(file, problems))]
    Invalid { file: String, problems: Vec<Problem> },
    /// An XLSForm's problems, each at its sheet, row and column.
    #[error("{}", problems.iter().map(|p| p.display(file).to_string()).collect::<Vec<_>>().join("\n"))]
    Form { file: String, problems: Vec<xlsform::FormProblem> },
}

fn render(file: &str, problems: &[Problem]) -> String {
    problems.iter().map(|p| p.display(file).to_string()).collect::<Vec<_>>().join("\n")
}

/// Checks a definition given as bytes; `name` is only used in messages. All problems come back
/// located (line and column) and sorted by position.
pub fn check_bytes(bytes: &[u8]) -> Result<Survey, Vec<Problem>> {
    let parsed = source::parse(bytes)?;
    let mut problems = meta::check(&parsed.value);
    let canonical = serde_json::to_string(&parsed.value).unwrap_or_default();
    let hash = hex(&Sha256::digest(canonical.as_bytes()));
    let (survey, semantic) = compile::compile(&parsed.value, &hash);
    problems.extend(semantic);
    let mut problems: Vec<Problem> = problems.into_iter().map(|p| p.locate(&parsed.spans)).collect();
    problems.sort_by_key(|p| p.position.map(|pos| (pos.line, pos.col)));
    problems.dedup();
    match survey {
        Some(s) if problems.is_empty() => Ok(s),
        _ => Err(problems),
    }
}

/// Reads and checks a definition file: JSON, or an XLSForm spreadsheet (`.xlsx`, `.xls`, `.ods`).
pub fn load_file(path: &Path) -> Result<Survey, SurveyError> {
    let file = path.display().to_string();
    let bytes = read_limited(path).map_err(|source| SurveyError::Read { file: file.clone(), source })?;
    if xlsform::is_form(path) {
        return xlsform::convert(&bytes).map(|(s, _)| s).map_err(|problems| SurveyError::Form { file, problems });
    }
    check_bytes(&bytes).map_err(|problems| SurveyError::Invalid { file, problems })
}

/// Reads at most one byte past the size limit, so a huge file is refused without loading it.
fn read_limited(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut buf = Vec::new();
    std::fs::File::open(path)?.take(source::MAX_BYTES as u64 + 1).read_to_end(&mut buf)?;
    Ok(buf)
}

/// Lower-case hexadecimal.
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// The JSON Schema validator of a survey: the definition itself, compiled.
pub fn validator(survey: &Survey) -> Result<jsonschema::Validator, String> {
    jsonschema::draft202012::new(&survey.schema).map_err(|e| e.to_string())
}
