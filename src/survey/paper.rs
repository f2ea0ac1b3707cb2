//! Paper forms typed into a CSV: one row per respondent, columns `respondent` (the id written on
//! the form), `group`, optionally `language`, then one column per question id holding the option
//! value as printed on the form (empty = no answer). `dra survey template --csv` prints the header.
//! Every row is checked against the survey's JSON Schema (an answer to a question that does not
//! apply to the form, by its condition, is a problem of the row); problems come back with the line an
//! editor shows (the first `LISTED` of them; past those only their count). The file streams.

use std::collections::HashSet;
use std::io::Read;

use serde_json::{Map, Value};

use super::compile::GROUP_PROFILE;
use super::model::{QuestionKind, Survey};
use super::response::{parse_field, validate};

/// One form, checked.
#[derive(Debug, Clone)]
pub struct PaperForm {
    pub line: u64,
    pub respondent: String,
    pub group: String,
    pub language: String,
    /// A paper form's answers as a JSON array in the order of [`answer_keys`] (`null` for none,
    /// trailing ones left out): stored without repeating the question ids. An ODK submission's
    /// (`super::odk`) as the JSON object a response holds.
    pub answers: String,
    /// The compact analysis form of the answers (`analysis::codes`).
    pub codes: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaperProblem {
    pub line: u64,
    pub message: String,
}

/// Problems listed at most; past them only their count grows.
pub const LISTED: usize = 200;

/// The problems of a file: the first `LISTED`, and how many there were in all.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct PaperProblems {
    pub listed: Vec<PaperProblem>,
    pub total: usize,
}

impl PaperProblems {
    pub fn push(&mut self, line: u64, message: String) {
        self.total += 1;
        if self.listed.len() < LISTED {
            self.listed.push(PaperProblem { line, message });
        }
    }

    pub fn is_empty(&self) -> bool {
        self.total == 0
    }
}

/// The question ids a paper form's answers follow, in order: every question of the survey.
pub fn answer_keys(survey: &Survey) -> Vec<String> {
    survey.questions.iter().map(|q| q.id.clone()).collect()
}

/// `answers` (a JSON object) as a JSON array in the order of [`answer_keys`]; the object as it
/// is should it hold a key that is no question (the array could not keep it).
fn positional(survey: &Survey, answers: &Value) -> String {
    let values: Vec<&Value> = survey.questions.iter().map(|q| answers.get(&q.id).unwrap_or(&Value::Null)).collect();
    let kept = values.iter().filter(|v| !v.is_null()).count();
    if answers.as_object().is_none_or(|o| o.values().filter(|v| !v.is_null()).count() != kept) {
        return answers.to_string();
    }
    let used = values.iter().rposition(|v| !v.is_null()).map_or(0, |i| i + 1);
    Value::Array(values[..used].iter().map(|v| (*v).clone()).collect()).to_string()
}

/// The header a paper-entry CSV has: `respondent,group,language,` then every question id except
/// the stakeholder-group question (its answer is the `group` column).
pub fn template_header(survey: &Survey) -> String {
    let mut cols = vec!["respondent".to_string(), "group".to_string(), "language".to_string()];
    cols.extend(survey.questions.iter().filter(|q| q.profile.as_deref() != Some(GROUP_PROFILE)).map(|q| q.id.clone()));
    cols.join(",")
}

/// Reads every row; `on_form` gets each valid form, in order. Returns the problems (all of them;
/// a caller storing "all or nothing" stores nothing when there is any).
pub fn read<R: Read>(
    survey: &Survey,
    validator: &jsonschema::Validator,
    input: R,
    groups: &[String],
    languages: &[String],
    default_language: &str,
    mut on_form: impl FnMut(PaperForm),
) -> PaperProblems {
    let mut problems = PaperProblems::default();
    let (input, lines) = crate::csv_lines::counted(input);
    let mut reader = csv::ReaderBuilder::new().flexible(true).trim(csv::Trim::All).from_reader(input);
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|s| s.trim_start_matches('\u{feff}').to_string()).collect(),
        Err(e) => {
            problems.push(1, format!("cannot read the header: {e}"));
            return problems;
        }
    };
    let col = |name: &str| headers.iter().position(|h| h.eq_ignore_ascii_case(name));
    let (Some(resp_col), Some(group_col)) = (col("respondent").or_else(|| col("respondent_id")), col("group")) else {
        problems.push(1, "the header needs \"respondent\" and \"group\" columns".into());
        return problems;
    };
    let lang_col = col("language");
    let group_question =
        survey.questions.iter().find(|q| q.profile.as_deref() == Some(GROUP_PROFILE)).map(|q| q.id.clone());
    let mut columns = Vec::new();
    for (i, h) in headers.iter().enumerate() {
        if [Some(resp_col), Some(group_col), lang_col].contains(&Some(i)) {
            continue;
        }
        match survey.question(h) {
            Some(q) => columns.push((i, q)),
            None if h.is_empty() => {}
            None => problems.push(1, format!("column \"{h}\" is not a question of survey {}", survey.id)),
        }
    }
    if !problems.is_empty() {
        return problems;
    }
    let split = super::row_check::RowCheck::new(&survey.schema);
    let rules = Rules {
        survey,
        validator,
        split: split.as_ref(),
        groups,
        group_question: group_question.as_ref(),
        columns: &columns,
    };
    // Each checking thread's answers already seen, per column (see `Seen`).
    let (mut seen_a, mut seen_b) = (Seen::new(columns.len()), Seen::new(columns.len()));
    let mut seen = HashSet::new();
    // Rows are read in chunks; the checks of a chunk's rows run on two threads (they are most of
    // the work), then the forms and problems are handed on in file order (so the problems listed
    // are the first ones of the file).
    let mut chunk: Vec<Pending> = Vec::with_capacity(CHUNK);
    let mut record = csv::StringRecord::new();
    let mut done = false;
    while !done {
        chunk.clear();
        while chunk.len() < CHUNK {
            match reader.read_record(&mut record) {
                Ok(false) => {
                    done = true;
                    break;
                }
                Ok(true) => {}
                Err(e) => {
                    let line = e.position().map_or(0, |p| lines.line_of(p.byte()));
                    chunk.push(Pending::refused(line, format!("unreadable row: {e}")));
                    if matches!(e.kind(), csv::ErrorKind::Io(_)) {
                        done = true;
                        break;
                    }
                    continue;
                }
            }
            let line = record.position().map_or(0, |p| lines.line_of(p.byte()));
            if record.iter().all(str::is_empty) {
                continue;
            }
            if let Some(i) = record.iter().position(|v| v.chars().any(super::response::is_control)) {
                let column = headers.get(i).map_or_else(|| format!("column {}", i + 1), |h| format!("\"{h}\""));
                chunk.push(Pending::refused(line, format!("{column} holds a control character")));
                continue;
            }
            let mut reasons = Vec::new();
            let respondent = record.get(resp_col).unwrap_or_default().to_string();
            if respondent.is_empty() {
                reasons.push("the respondent id is empty".to_string());
            } else if !seen.insert(id_key(&respondent)) {
                reasons.push(format!("respondent \"{respondent}\" appears twice"));
            }
            let group = record.get(group_col).unwrap_or_default().to_string();
            if !groups.contains(&group) {
                reasons.push(format!("unknown group \"{group}\" (the campaign has: {})", groups.join(", ")));
            }
            let language =
                lang_col.and_then(|i| record.get(i)).filter(|s| !s.is_empty()).unwrap_or(default_language).to_string();
            if !languages.contains(&language) {
                reasons.push(format!("unknown language \"{language}\""));
            }
            chunk.push(Pending {
                line,
                respondent,
                group,
                language,
                record: Some(record.clone()),
                reasons,
                form: None,
            });
        }
        let half = chunk.len() / 2;
        let (first, second) = chunk.split_at_mut(half);
        let (a, b) = (&mut seen_a, &mut seen_b);
        std::thread::scope(|scope| {
            let other = scope.spawn(|| first.iter_mut().for_each(|p| rules.check(p, a)));
            second.iter_mut().for_each(|p| rules.check(p, b));
            // A panic in a check is a fault of ours: its rows stay unchecked and are refused below.
            let _ = other.join();
        });
        for p in chunk.drain(..) {
            match p.form {
                Some(form) if p.reasons.is_empty() => on_form(form),
                _ if p.reasons.is_empty() => problems.push(p.line, "this row could not be checked".into()),
                _ => problems.push(p.line, p.reasons.join("; ")),
            }
        }
    }
    problems
}

/// The key a respondent id is told apart by: 128 bits of its SHA-256 (a million ids of a file
/// take 16 MB this way instead of 50; two ids meeting by chance is as likely as a SHA-256 collision).
fn id_key(id: &str) -> [u8; 16] {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(id.as_bytes());
    let mut key = [0u8; 16];
    key.copy_from_slice(&digest[..16]);
    key
}

/// Rows read before their checks run.
const CHUNK: usize = 1024;

/// A row read, its cheap checks done (`reasons`), waiting for the checks of its answers.
struct Pending {
    line: u64,
    respondent: String,
    group: String,
    language: String,
    /// `None` for a row refused before its answers could be read.
    record: Option<csv::StringRecord>,
    reasons: Vec<String>,
    /// The form, once every check passed.
    form: Option<PaperForm>,
}

impl Pending {
    /// A row refused as it was read (unreadable, or holding a control character).
    fn refused(line: u64, reason: String) -> Self {
        Self {
            line,
            respondent: String::new(),
            group: String::new(),
            language: String::new(),
            record: None,
            reasons: vec![reason],
            form: None,
        }
    }
}

/// Answers a checking thread has already read, per column: the cell's text, the answer it gives
/// and whether that answer passes its question's own schema. A file of many forms repeats the
/// same few answers per question: each is parsed and checked once. Free text is not kept, and a
/// column keeps at most `SEEN` answers.
struct Seen {
    columns: Vec<std::collections::HashMap<String, (Option<Value>, bool)>>,
    group: std::collections::HashMap<String, bool>,
}

/// Distinct answers kept per column.
const SEEN: usize = 512;

impl Seen {
    fn new(columns: usize) -> Self {
        Self { columns: vec![std::collections::HashMap::new(); columns], group: std::collections::HashMap::new() }
    }
}

/// What a row's answers are checked against.
struct Rules<'a> {
    survey: &'a Survey,
    validator: &'a jsonschema::Validator,
    /// The schema split per answer, when the survey's allows it (`super::row_check`).
    split: Option<&'a super::row_check::RowCheck>,
    groups: &'a [String],
    group_question: Option<&'a String>,
    columns: &'a [(usize, &'a super::model::Question)],
}

impl Rules<'_> {
    /// Checks a row's answers: its problems go to `p.reasons`; with none, its form to `p.form`.
    fn check(&self, p: &mut Pending, seen: &mut Seen) {
        let Some(record) = p.record.as_ref() else { return };
        let survey = self.survey;
        let mut answers = Map::new();
        // Whether every answer passed its own schema (only known with the split).
        let mut each_valid = true;
        if let Some(g) = self.group_question {
            let value = Value::String(p.group.clone());
            if let Some(split) = self.split {
                each_valid &= match seen.group.get(&p.group) {
                    Some(&ok) => ok,
                    None => {
                        let ok = split.answer_is_valid(g, &value);
                        if seen.group.len() < SEEN {
                            seen.group.insert(p.group.clone(), ok);
                        }
                        ok
                    }
                };
            }
            answers.insert(g.clone(), value);
        }
        for (c, (i, q)) in self.columns.iter().enumerate() {
            let raw = record.get(*i).unwrap_or_default();
            let kept = seen.columns.get_mut(c);
            if let Some((value, ok)) = kept.as_ref().and_then(|k| k.get(raw)) {
                each_valid &= *ok;
                if let Some(v) = value {
                    answers.insert(q.id.clone(), v.clone());
                }
                continue;
            }
            let values: Vec<String> = match q.kind {
                QuestionKind::Multiple => raw.split(';').map(str::to_string).collect(),
                _ => vec![raw.to_string()],
            };
            let value = parse_field(q, &values);
            let ok = match (self.split, &value) {
                (Some(split), Some(v)) => split.answer_is_valid(&q.id, v),
                _ => true,
            };
            each_valid &= ok;
            if let Some(k) = kept.filter(|k| k.len() < SEEN && q.kind != QuestionKind::Text) {
                k.insert(raw.to_string(), (value.clone(), ok));
            }
            if let Some(v) = value {
                answers.insert(q.id.clone(), v);
            }
        }
        // An answer to a question that does not apply to this form (its condition does not hold on
        // the form's earlier answers) is the clerk's to see: the row is refused, not mended.
        let hidden = super::conditions::not_applying(survey, &answers);
        let mut not_asked = HashSet::new();
        for q in survey.questions.iter().filter(|q| hidden.contains(q.id.as_str())) {
            let (Some(v), Some(c)) = (answers.get(&q.id), &q.relevant) else { continue };
            let when = c.in_words(survey, "en", &|x| x.id.clone());
            p.reasons.push(format!(
                "{} = {}: this question does not apply to this form (it is asked only if {when}): leave it empty",
                q.id,
                super::response::form_value(v)
            ));
            not_asked.insert(q.id.clone());
        }
        let value = Value::Object(answers);
        // The split's verdict when it has one; the whole schema for a row it refuses (its
        // messages) and for a survey without a split.
        let valid = self.split.is_some_and(|s| each_valid && s.rest_is_valid(&value));
        let faults = if valid { Default::default() } else { validate(survey, self.validator, &value, "en") };
        for (qid, message) in faults {
            if Some(&qid) == self.group_question && !self.groups.contains(&p.group) {
                continue; // already said: unknown group
            }
            if not_asked.contains(&qid) {
                continue; // already said: does not apply
            }
            let raw = value.get(&qid).map(super::response::form_value).unwrap_or_else(|| "(empty)".into());
            p.reasons.push(format!("{qid} = {raw}: {message}"));
        }
        if p.reasons.is_empty() {
            let codes = value.as_object().and_then(|a| crate::analysis::codes::encode(survey, a));
            p.form = Some(PaperForm {
                line: p.line,
                respondent: std::mem::take(&mut p.respondent),
                group: p.group.clone(),
                language: std::mem::take(&mut p.language),
                answers: positional(survey, &value),
                codes,
            });
        }
    }
}
