//! The responses for statistical packages: a numeric data file, a codebook, and the syntax that
//! loads them with their labels in SPSS/PSPP (`.sps`), Stata (`.do`) and R (`.R`).
//!
//! - Scored items hold their value on the stage scale (1 to 5, reversal applied): the very values
//!   dra's means are computed from. "Don't know" is 98 and "not applicable" 99, declared missing
//!   in every syntax file; an empty cell is no answer. A question the survey asks only under a
//!   condition that did not hold for a respondent is 97, "not asked (by design)", declared
//!   missing too (a choice question's as well): apart from no answer.
//! - Choice questions (the group and other profile fields) hold the option's position, labelled.
//! - The disclosure rule of every output holds: only the published groups' rows; a profile field
//!   is kept only if, with the group and the other kept fields, it makes no combination of fewer
//!   than `min_cell` respondents (fields are dropped until none does); no free text.

use std::collections::{BTreeMap, HashMap};

use serde_json::{Map, Value};

use crate::survey::{QuestionKind, Survey};

/// The code of "don't know".
pub const DONT_KNOW: u32 = 98;
/// The code of "not applicable".
pub const NOT_APPLICABLE: u32 = 99;
/// The code of a question not asked by design (its condition did not hold).
pub const NOT_ASKED: u32 = 97;

/// One submitted response of a published group.
pub struct Row {
    pub group: String,
    pub answers: Map<String, Value>,
}

/// A variable of the export.
struct Var<'a> {
    name: String,
    question: &'a crate::survey::Question,
    /// Choice questions: codes are option positions (1-based).
    choice: bool,
}

/// The files of the export: (file name, contents).
pub fn files(survey: &Survey, rows: &[Row], min_cell: u64, lang: &str, stem: &str) -> Vec<(String, Vec<u8>)> {
    let vars = variables(survey, rows, min_cell);
    let data_name = format!("{stem}-data.csv");
    vec![
        (data_name.clone(), data(survey, &vars, rows)),
        (format!("{stem}-codebook.csv"), codebook(survey, &vars, lang)),
        (format!("{stem}.sps"), sps(survey, &vars, lang, &data_name).into_bytes()),
        (format!("{stem}.do"), stata(survey, &vars, lang, &data_name).into_bytes()),
        (format!("{stem}.R"), r_script(survey, &vars, lang, &data_name).into_bytes()),
    ]
}

/// A name every package takes: letters, digits and `_`, a letter first, 32 characters at most,
/// unique.
fn names(ids: &[&str]) -> Vec<String> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    ids.iter()
        .map(|id| {
            let clean =
                |s: &str| -> String { s.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect() };
            let parts: Vec<String> = id.split('.').map(clean).collect();
            // Too long: the last part whole, the others cut to four letters.
            let mut n = parts.join("_");
            if n.len() > 28 {
                let (last, rest) = parts.split_last().map_or((String::new(), &[][..]), |(l, r)| (l.clone(), r));
                n = rest
                    .iter()
                    .map(|p| p.chars().take(4).collect::<String>())
                    .chain([last])
                    .collect::<Vec<_>>()
                    .join("_");
            }
            if !n.starts_with(|c: char| c.is_ascii_alphabetic()) {
                n.insert(0, 'v');
            }
            n.truncate(28);
            let k = seen.entry(n.clone()).or_insert(0);
            *k += 1;
            if *k > 1 { format!("{n}_{k}") } else { n }
        })
        .collect()
}

fn variables<'a>(survey: &'a Survey, rows: &[Row], min_cell: u64) -> Vec<Var<'a>> {
    let kept_profiles = profile_fields(survey, rows, min_cell);
    let questions: Vec<&crate::survey::Question> = survey
        .questions
        .iter()
        .filter(|q| match (q.kind, q.profile.as_deref()) {
            (QuestionKind::Scored, _) => true,
            (QuestionKind::Single, Some("group")) => true,
            (QuestionKind::Single, Some(_)) => kept_profiles.contains(&q.id),
            _ => false,
        })
        .collect();
    let ids: Vec<&str> = questions.iter().map(|q| q.id.as_str()).collect();
    questions
        .into_iter()
        .zip(names(&ids))
        .map(|(q, name)| Var { name, choice: q.kind != QuestionKind::Scored, question: q })
        .collect()
}

/// The profile fields that may go beside the group: dropped one by one (the one with most
/// values first) until no group × fields combination holds fewer than `min_cell` respondents.
fn profile_fields(survey: &Survey, rows: &[Row], min_cell: u64) -> Vec<String> {
    let mut kept: Vec<&crate::survey::Question> = survey
        .questions
        .iter()
        .filter(|q| q.kind == QuestionKind::Single && q.profile.as_deref().is_some_and(|p| p != "group"))
        .collect();
    loop {
        let mut cells: HashMap<Vec<String>, u64> = HashMap::new();
        for r in rows {
            let mut key = vec![r.group.clone()];
            key.extend(
                kept.iter().map(|q| r.answers.get(&q.id).map(crate::survey::response::form_value).unwrap_or_default()),
            );
            *cells.entry(key).or_default() += 1;
        }
        if cells.values().all(|&n| n >= min_cell) || kept.is_empty() {
            return kept.iter().map(|q| q.id.clone()).collect();
        }
        // The field with the most distinct values makes the smallest cells: it goes first.
        let widest = kept
            .iter()
            .enumerate()
            .max_by_key(|(_, q)| {
                rows.iter()
                    .filter_map(|r| r.answers.get(&q.id).map(crate::survey::response::form_value))
                    .collect::<std::collections::HashSet<_>>()
                    .len()
            })
            .map(|(i, _)| i);
        if let Some(i) = widest {
            kept.remove(i);
        }
    }
}

/// The code of an answer, as written in the data file.
fn code(var: &Var<'_>, value: Option<&Value>) -> String {
    let Some(v) = value.filter(|v| !v.is_null()) else { return String::new() };
    let position = var.question.options.iter().position(|o| &o.value == v);
    let Some(i) = position else { return String::new() };
    let option = &var.question.options[i];
    match option.missing {
        Some(crate::survey::MissingCode::DontKnow) => DONT_KNOW.to_string(),
        Some(_) => NOT_APPLICABLE.to_string(),
        None if var.choice => (i + 1).to_string(),
        None => option.scale_value.map(number).unwrap_or_default(),
    }
}

/// A number as the data file writes it: plain, up to 4 decimals, no trailing zeros.
fn number(x: f64) -> String {
    let s = format!("{x:.4}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.to_string()
}

fn data(survey: &Survey, vars: &[Var<'_>], rows: &[Row]) -> Vec<u8> {
    let mut out = String::from("respondent");
    for v in vars {
        out.push(',');
        out.push_str(&v.name);
    }
    out.push('\n');
    for (n, r) in rows.iter().enumerate() {
        out.push_str(&(n + 1).to_string());
        let not_asked = crate::survey::conditions::not_applying(survey, &r.answers);
        for v in vars {
            out.push(',');
            let answer = r.answers.get(&v.question.id).filter(|a| !a.is_null());
            if answer.is_none() && not_asked.contains(v.question.id.as_str()) {
                out.push_str(&NOT_ASKED.to_string());
            } else {
                out.push_str(&code(v, answer));
            }
        }
        out.push('\n');
    }
    out.into_bytes()
}

/// The labels of a variable's codes, in order: (code, label, missing?).
fn value_labels(survey: &Survey, v: &Var<'_>, lang: &str) -> Vec<(String, String, bool)> {
    let mut out: BTreeMap<String, (String, bool)> = BTreeMap::new();
    for (i, o) in v.question.options.iter().enumerate() {
        let label = o.label.get(lang, &survey.default_language).to_string();
        let (code, missing) = match o.missing {
            Some(crate::survey::MissingCode::DontKnow) => (DONT_KNOW.to_string(), true),
            Some(_) => (NOT_APPLICABLE.to_string(), true),
            None if v.choice => ((i + 1).to_string(), false),
            None => (o.scale_value.map(number).unwrap_or_default(), false),
        };
        out.entry(code).or_insert((label, missing));
    }
    if v.question.relevant.is_some() {
        out.insert(NOT_ASKED.to_string(), (crate::i18n::t(lang, "stats-not-asked").to_string(), true));
    }
    out.into_iter().map(|(c, (l, m))| (c, l, m)).collect()
}

fn text_of(survey: &Survey, v: &Var<'_>, lang: &str) -> String {
    v.question.text.get(lang, &survey.default_language).to_string()
}

fn codebook(survey: &Survey, vars: &[Var<'_>], lang: &str) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(super::cell_text::UTF8_BOM.to_vec());
    let _ = w.write_record(["variable", "question", "text", "pillar", "subpillar", "code", "label", "missing"]);
    let pillar_of = |sub: Option<&str>| {
        sub.and_then(|s| survey.pillars.iter().find(|p| p.subpillars.iter().any(|x| x.id == s))).map(|p| p.id.clone())
    };
    for v in vars {
        for (code, label, missing) in value_labels(survey, v, lang) {
            let cell = |s: &str| super::cell_text::neutralise(s).into_owned();
            let _ = w.write_record([
                v.name.clone(),
                v.question.id.clone(),
                cell(&text_of(survey, v, lang)),
                pillar_of(v.question.subpillar.as_deref()).unwrap_or_default(),
                v.question.subpillar.clone().unwrap_or_default(),
                code,
                cell(&label),
                if missing { "yes".into() } else { String::new() },
            ]);
        }
    }
    w.into_inner().unwrap_or_default()
}

/// A string in a syntax file's double quotes (doubled quotes, no line ends).
fn quoted(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\"").replace(['\n', '\r'], " "))
}

fn sps(survey: &Survey, vars: &[Var<'_>], lang: &str, data: &str) -> String {
    let mut s = format!(
        "* SPSS / PSPP: loads {data} with its labels. Run from the folder the files are in.\n\
         GET DATA /TYPE=TXT /FILE={} /ENCODING='UTF8' /ARRANGEMENT=DELIMITED /DELIMITERS=',' /FIRSTCASE=2\n  /VARIABLES=respondent F8.0",
        quoted(data).replace('"', "'")
    );
    for v in vars {
        s.push_str(&format!("\n  {} F8.4", v.name));
    }
    s.push_str(".\nVARIABLE LABELS");
    for v in vars {
        s.push_str(&format!("\n  {} {}", v.name, quoted(&text_of(survey, v, lang))));
    }
    s.push_str(".\n");
    for v in vars {
        s.push_str(&format!("VALUE LABELS {}", v.name));
        for (code, label, _) in value_labels(survey, v, lang) {
            s.push_str(&format!("\n  {code} {}", quoted(&label)));
        }
        s.push_str(".\n");
    }
    let scored: Vec<&str> = vars.iter().filter(|v| !v.choice).map(|v| v.name.as_str()).collect();
    if !scored.is_empty() {
        s.push_str(&format!("MISSING VALUES {} ({NOT_ASKED}, {DONT_KNOW}, {NOT_APPLICABLE}).\n", scored.join(" ")));
    }
    let conditional: Vec<&str> =
        vars.iter().filter(|v| v.choice && v.question.relevant.is_some()).map(|v| v.name.as_str()).collect();
    if !conditional.is_empty() {
        s.push_str(&format!("MISSING VALUES {} ({NOT_ASKED}).\n", conditional.join(" ")));
    }
    s.push_str("EXECUTE.\n");
    s
}

fn stata(survey: &Survey, vars: &[Var<'_>], lang: &str, data: &str) -> String {
    let mut s = format!(
        "* Stata: loads {data} with its labels (98 = .a don't know, 99 = .b not applicable, 97 = .c not asked).\n\
         import delimited using \"{data}\", varnames(1) encoding(\"utf-8\") clear\n"
    );
    for v in vars {
        s.push_str(&format!("label variable {} {}\n", v.name, quoted(&text_of(survey, v, lang)).replace("\"\"", "'")));
    }
    for v in vars {
        let labels: Vec<String> = value_labels(survey, v, lang)
            .into_iter()
            .filter(|(c, _, m)| !m && c.parse::<u32>().is_ok())
            .map(|(c, l, _)| format!("{c} {}", quoted(&l).replace("\"\"", "'")))
            .collect();
        if v.choice && !labels.is_empty() {
            s.push_str(&format!(
                "label define {}_l {}\nlabel values {} {}_l\n",
                v.name,
                labels.join(" "),
                v.name,
                v.name
            ));
        }
    }
    let scored: Vec<&str> = vars.iter().filter(|v| !v.choice).map(|v| v.name.as_str()).collect();
    if !scored.is_empty() {
        s.push_str(&format!(
            "mvdecode {}, mv({DONT_KNOW}=.a \\ {NOT_APPLICABLE}=.b \\ {NOT_ASKED}=.c)\n",
            scored.join(" ")
        ));
    }
    let conditional: Vec<&str> =
        vars.iter().filter(|v| v.choice && v.question.relevant.is_some()).map(|v| v.name.as_str()).collect();
    if !conditional.is_empty() {
        s.push_str(&format!("mvdecode {}, mv({NOT_ASKED}=.c)\n", conditional.join(" ")));
    }
    s
}

fn r_script(survey: &Survey, vars: &[Var<'_>], lang: &str, data: &str) -> String {
    let r = |s: &str| format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\"").replace(['\n', '\r'], " "));
    let mut s = format!(
        "# R: loads {data} with its labels; don't know (98), not applicable (99) and not asked by\n\
         # design (97) become NA,\n\
         # counted in attribute \"missing\".\n\
         dra <- read.csv({}, fileEncoding = \"UTF-8\", check.names = FALSE)\n",
        r(data)
    );
    for v in vars {
        s.push_str(&format!("attr(dra${}, \"label\") <- {}\n", v.name, r(&text_of(survey, v, lang))));
        if v.choice {
            let labels = value_labels(survey, v, lang);
            let levels: Vec<String> = labels.iter().map(|(c, _, _)| c.clone()).collect();
            let names: Vec<String> = labels.iter().map(|(_, l, _)| r(l)).collect();
            s.push_str(&format!(
                "dra${n} <- factor(dra${n}, levels = c({}), labels = c({}))\n",
                levels.join(", "),
                names.join(", "),
                n = v.name
            ));
        } else {
            s.push_str(&format!(
                "attr(dra${n}, \"missing\") <- c(dont_know = sum(dra${n} == {DONT_KNOW}, na.rm = TRUE), not_applicable = sum(dra${n} == {NOT_APPLICABLE}, na.rm = TRUE), not_asked = sum(dra${n} == {NOT_ASKED}, na.rm = TRUE))\n\
                 dra${n}[dra${n} %in% c({DONT_KNOW}, {NOT_APPLICABLE}, {NOT_ASKED})] <- NA\n",
                n = v.name
            ));
        }
    }
    s
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_fit_every_package() {
        let n = super::names(&[
            "infrastructure.connectivity.q1",
            "1st",
            "a.b",
            "a_b",
            "government.digital_public_services.q2",
        ]);
        assert_eq!(n[4], "gove_digi_q2");
        assert_eq!(n[0], "infr_conn_q1");
        assert_eq!(n[1], "v1st");
        assert_eq!((n[2].as_str(), n[3].as_str()), ("a_b", "a_b_2"));
        assert!(n.iter().all(|x| x.len() <= 32 && x.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')));
    }
}
