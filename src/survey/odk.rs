//! Submissions collected offline with ODK Collect or KoboToolbox, read from the CSV their servers
//! export for a form `dra survey export --xlsform` wrote: KoboToolbox's "XML values and headers"
//! (`;` or `,` between fields, group names in the headers as `page/question`, `_uuid`, `_id`,
//! `_submission_time`, a multiple choice as space-separated values and one 0/1 column per option,
//! `n/a` for unanswered) and ODK Central's (`SubmissionDate`, `page-question`, `meta-instanceID`,
//! `KEY`, `ReviewState`). Each submission's id (the root uuid, `KEY`, `meta/instanceID` or
//! `_uuid`, without its `uuid:` prefix) identifies it, so a file imported again is recognised.
//! Rows are checked like paper forms (the survey's JSON Schema, the campaign's groups), and a
//! question answered while its condition hides it is refused; every problem comes with the line
//! an editor shows. Submissions rejected on the server are skipped.

use std::collections::HashSet;
use std::io::{BufRead, BufReader, Read};

use serde_json::{Map, Value};

use super::compile::GROUP_PROFILE;
use super::model::{Question, QuestionKind, Survey};
use super::paper::{LISTED, PaperForm, PaperProblem, PaperProblems};
use super::response::{form_value, is_control, parse_field, validate};
use super::xlsform::relevant::Cond;

/// Columns holding a submission's id, the stablest first: KoboToolbox's root uuid survives an
/// edit, as ODK Central's `KEY` does; then the instance id, as each server writes it.
const ID_COLUMNS: [&str; 6] = ["meta/rootUuid", "KEY", "meta/instanceID", "meta-instanceID", "instanceID", "_uuid"];

/// Columns the servers add that are no answers: left alone.
const SERVER_COLUMNS: [&str; 14] = [
    "SubmissionDate",
    "SubmitterID",
    "SubmitterName",
    "AttachmentsPresent",
    "AttachmentsExpected",
    "Status",
    "ReviewState",
    "DeviceID",
    "Edits",
    "FormVersion",
    "isValidated",
    "start",
    "end",
    "today",
];

/// What a column of the export holds.
enum Column<'a> {
    Answer(&'a Question),
    /// One option of a multiple choice, 1 when chosen.
    Option(&'a Question, Value),
    /// A column dra does not read; a value there is a problem (it would be lost).
    Unknown,
    Ignored,
}

/// What reading a file found: its problems, and how many submissions the server had rejected.
#[derive(Debug, Default)]
pub struct OdkRead {
    pub problems: PaperProblems,
    pub rejected: usize,
}

fn push(problems: &mut PaperProblems, line: u64, message: String) {
    problems.total += 1;
    if problems.listed.len() < LISTED {
        problems.listed.push(PaperProblem { line, message });
    }
}

/// The question a header names: `q`, or a group path ending in it (`page/q`, `page-q`), the
/// longest id that fits.
fn question_of<'a>(survey: &'a Survey, header: &str) -> Option<&'a Question> {
    survey
        .questions
        .iter()
        .filter(|q| {
            header == q.id
                || header
                    .strip_suffix(q.id.as_str())
                    .is_some_and(|p| p.len() > 1 && (p.ends_with('/') || p.ends_with('-')))
        })
        .max_by_key(|q| q.id.len())
}

fn column<'a>(survey: &'a Survey, header: &str) -> Column<'a> {
    if let Some((prefix, opt)) = header.rsplit_once('/')
        && let Some(q) = question_of(survey, prefix).filter(|q| q.kind == QuestionKind::Multiple)
        && let Some(o) = q.options.iter().find(|o| form_value(&o.value) == opt)
    {
        return Column::Option(q, o.value.clone());
    }
    if let Some(q) = question_of(survey, header) {
        return Column::Answer(q);
    }
    let server = header.starts_with('_')
        || header.starts_with("meta/")
        || header.starts_with("meta-")
        || header.starts_with("formhub/")
        || SERVER_COLUMNS.contains(&header)
        || ID_COLUMNS.contains(&header);
    if server { Column::Ignored } else { Column::Unknown }
}

/// `;` when the header has more of them than commas (KoboToolbox's default), else `,`.
fn delimiter(head: &[u8]) -> u8 {
    let line = head.split(|b| *b == b'\n').next().unwrap_or_default();
    let count = |c: u8| line.iter().filter(|b| **b == c).count();
    if count(b';') > count(b',') { b';' } else { b',' }
}

/// A value the servers write for "no answer".
fn unanswered(v: &str) -> bool {
    v.is_empty() || v.eq_ignore_ascii_case("n/a")
}

/// Reads every row; `on_form` gets each valid submission, in order, answers in `language`.
pub fn read<R: Read>(
    survey: &Survey,
    validator: &jsonschema::Validator,
    input: R,
    groups: &[String],
    language: &str,
    mut on_form: impl FnMut(PaperForm),
) -> OdkRead {
    let mut out = OdkRead::default();
    let mut input = BufReader::with_capacity(256 * 1024, input);
    let sep = match input.fill_buf() {
        Ok(head) => delimiter(head),
        Err(e) => {
            push(&mut out.problems, 1, format!("cannot read the file: {e}"));
            return out;
        }
    };
    let (input, lines) = crate::csv_lines::counted(input);
    let mut reader = csv::ReaderBuilder::new().delimiter(sep).flexible(true).from_reader(input);
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|s| s.trim_start_matches('\u{feff}').trim().to_string()).collect(),
        Err(e) => {
            push(&mut out.problems, 1, format!("cannot read the header: {e}"));
            return out;
        }
    };
    let columns: Vec<Column> = headers.iter().map(|h| column(survey, h)).collect();
    let Some(id_col) = ID_COLUMNS.iter().find_map(|c| headers.iter().position(|h| h == c)) else {
        push(
            &mut out.problems,
            1,
            format!("no submission id column ({}): export the data with its metadata", ID_COLUMNS.join(", ")),
        );
        return out;
    };
    let review = headers.iter().position(|h| h == "ReviewState" || h == "_validation_status");
    let group_question = survey.questions.iter().find(|q| q.profile.as_deref() == Some(GROUP_PROFILE));
    let answered_somewhere =
        |q: &Question| columns.iter().any(|c| matches!(c, Column::Answer(x) | Column::Option(x, _) if x.id == q.id));
    if let Some(g) = group_question.filter(|g| !answered_somewhere(g)) {
        push(
            &mut out.problems,
            1,
            format!(
                "no column for the stakeholder-group question \"{}\": export the data with XML values and headers \
                 (not labels), from the form dra survey export --xlsform wrote",
                g.id
            ),
        );
        return out;
    }
    let conditions: Vec<(&str, Cond)> = survey
        .questions
        .iter()
        .filter_map(|q| {
            let c = survey
                .schema
                .pointer(&format!("/properties/{}/x-dra/relevant", crate::survey::locate::escape_token(&q.id)))?;
            Some((q.id.as_str(), Cond::from_json(c).ok()?))
        })
        .collect();
    let mut seen = HashSet::new();
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                push(
                    &mut out.problems,
                    e.position().map_or(0, |p| lines.line_of(p.byte())),
                    format!("unreadable row: {e}"),
                );
                if matches!(e.kind(), csv::ErrorKind::Io(_)) {
                    break;
                }
                continue;
            }
        }
        let line = record.position().map_or(0, |p| lines.line_of(p.byte()));
        if record.iter().all(|v| v.trim().is_empty()) {
            continue;
        }
        let state = review.and_then(|i| record.get(i)).unwrap_or_default();
        if state == "rejected" || state == "validation_status_not_approved" {
            out.rejected += 1;
            continue;
        }
        if let Some(i) = record.iter().position(|v| v.chars().any(is_control)) {
            let col = headers.get(i).map_or_else(|| format!("column {}", i + 1), |h| format!("\"{h}\""));
            push(&mut out.problems, line, format!("{col} holds a control character"));
            continue;
        }
        let mut reasons = Vec::new();
        let raw_id = record.get(id_col).unwrap_or_default().trim();
        let id = raw_id.strip_prefix("uuid:").unwrap_or(raw_id).to_string();
        if id.is_empty() {
            reasons.push(format!("the submission id ({}) is empty", headers.get(id_col).map_or("", String::as_str)));
        } else if !seen.insert(id.clone()) {
            reasons.push(format!("submission \"{id}\" appears twice"));
        }
        let (answers, mut bad) = answers_of(&columns, &headers, &record, &mut reasons);
        let group = group_question.and_then(|g| answers.get(&g.id)).map(form_value).unwrap_or_default();
        if group_question.is_some_and(|g| answers.contains_key(&g.id)) && !groups.contains(&group) {
            reasons.push(format!("unknown group \"{group}\" (the campaign has: {})", groups.join(", ")));
            bad.extend(group_question.map(|g| g.id.clone()));
        }
        for (qid, cond) in &conditions {
            if answers.contains_key(*qid) && !cond.holds(&answers) && !bad.contains(&qid.to_string()) {
                reasons.push(format!("{qid} is answered although its condition (relevant) hides it"));
                bad.push(qid.to_string());
            }
        }
        let value = Value::Object(answers);
        for (qid, message) in validate(survey, validator, &value, "en") {
            if !bad.contains(&qid) {
                let raw = value.get(&qid).map(form_value).unwrap_or_else(|| "(empty)".into());
                reasons.push(format!("{qid} = {raw}: {message}"));
            }
        }
        if reasons.is_empty() && !validator.is_valid(&value) {
            reasons.push("the answers do not satisfy the survey's schema".into());
        }
        if reasons.is_empty() {
            let codes = value.as_object().and_then(|a| crate::analysis::codes::encode(survey, a));
            let form = PaperForm {
                line,
                respondent: id,
                group,
                language: language.to_string(),
                answers: value.to_string(),
                codes,
            };
            on_form(form);
        } else {
            push(&mut out.problems, line, reasons.join("; "));
        }
    }
    out
}

/// The answers of one row, and the questions already found wrong (their values are no options).
fn answers_of(
    columns: &[Column],
    headers: &[String],
    record: &csv::StringRecord,
    reasons: &mut Vec<String>,
) -> (Map<String, Value>, Vec<String>) {
    let mut answers = Map::new();
    let mut bad = Vec::new();
    let mut split: Vec<(&Question, Vec<Value>)> = Vec::new();
    for (i, c) in columns.iter().enumerate() {
        let raw = record.get(i).unwrap_or_default().trim();
        match c {
            Column::Answer(q) if !unanswered(raw) => {
                let values: Vec<&str> =
                    if q.kind == QuestionKind::Multiple { raw.split_whitespace().collect() } else { vec![raw] };
                let choice = matches!(q.kind, QuestionKind::Scored | QuestionKind::Single | QuestionKind::Multiple);
                // The stakeholder group is checked against the campaign's groups instead.
                let choice = choice && q.profile.as_deref() != Some(GROUP_PROFILE);
                if let Some(v) = values.iter().find(|v| choice && q.options.iter().all(|o| form_value(&o.value) != **v))
                {
                    reasons.push(format!(
                        "{} = {v}: not an option value of the question (export the data with XML values, not labels)",
                        q.id
                    ));
                    bad.push(q.id.clone());
                }
                if let Some(v) = parse_field(q, &values) {
                    answers.insert(q.id.clone(), v);
                }
            }
            Column::Option(q, value) if ["1", "true", "True", "TRUE"].contains(&raw) => {
                match split.iter_mut().find(|(x, _)| x.id == q.id) {
                    Some((_, vs)) => vs.push(value.clone()),
                    None => split.push((q, vec![value.clone()])),
                }
            }
            Column::Unknown if !unanswered(raw) => {
                let h = headers.get(i).map_or("", String::as_str);
                reasons.push(format!("column \"{h}\" is no question of the survey, and its value would be lost"));
            }
            _ => {}
        }
    }
    // Only the one-column-per-option form of a multiple choice: its chosen options.
    for (q, values) in split {
        answers.entry(q.id.clone()).or_insert(Value::Array(values));
    }
    (answers, bad)
}
