//! Reading a participants CSV: columns `email, name, organisation, group, language` (any order,
//! header names case-insensitive; `organization` also accepted); any other column is kept as an
//! attribute. Every row is checked and every problem reported with the line an editor shows;
//! the file is read as a stream (a large file is never held whole), and past `LISTED` problems
//! only their count is kept.

use std::collections::{BTreeMap, HashMap};
use std::io::Read;

use serde::Serialize;

/// A row that passed every check.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ParticipantRow {
    pub line: u64,
    /// Trimmed and lower-cased: the identity of a participant within a campaign.
    pub email: String,
    pub name: Option<String>,
    pub organisation: Option<String>,
    pub group: String,
    pub language: String,
    pub attributes: BTreeMap<String, String>,
}

/// A row that was refused, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowProblem {
    pub line: u64,
    pub reason: String,
}

/// Problems kept to be listed; past them only their count grows.
pub const LISTED: usize = 200;

/// The longest value a column may hold (an email is shorter still).
pub const MAX_FIELD_CHARS: usize = 1000;

/// What a file held: how many rows passed, and the refused ones (the first `LISTED` of them).
#[derive(Debug, Default)]
pub struct Checked {
    pub rows: usize,
    pub problems: Vec<RowProblem>,
    /// Every refused row, listed or not.
    pub refused: usize,
}

impl Checked {
    fn refuse(&mut self, line: u64, reason: String) {
        self.refused += 1;
        if self.problems.len() < LISTED {
            self.problems.push(RowProblem { line, reason });
        }
    }

    /// The listed problems as lines of text, with the count of those not listed.
    pub fn problem_lines(&self, prefix: &str) -> Vec<String> {
        let mut out: Vec<String> = self.problems.iter().map(|p| format!("{prefix}{}: {}", p.line, p.reason)).collect();
        if self.refused > self.problems.len() {
            out.push(format!("… and {} more refused rows", self.refused - self.problems.len()));
        }
        out
    }
}

/// What a file holds: the good rows and the reasons for the others (a small file, in memory).
#[derive(Debug, Default)]
pub struct ParsedParticipants {
    pub rows: Vec<ParticipantRow>,
    pub problems: Vec<RowProblem>,
}

/// What the rows are checked against.
pub struct Rules<'a> {
    pub groups: &'a [String],
    pub languages: &'a [String],
    pub default_language: &'a str,
}

/// Normalises an email for comparison; `None` when its syntax is not an address.
pub fn normalise_email(raw: &str) -> Option<String> {
    let e = raw.trim().to_lowercase();
    let (local, domain) = e.rsplit_once('@')?;
    let valid = !local.is_empty()
        && local.len() <= 64
        && e.len() <= 254
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && e.parse::<lettre::Address>().is_ok();
    valid.then_some(e)
}

/// Parses and checks a whole file held in memory.
pub fn parse(data: &[u8], rules: &Rules<'_>) -> ParsedParticipants {
    let mut rows = Vec::new();
    let checked = read(data, rules, |r| {
        rows.push(r);
        Ok::<_, std::convert::Infallible>(())
    });
    let problems = match checked {
        Ok(c) => c.problems,
        Err(never) => match never {},
    };
    ParsedParticipants { rows, problems }
}

/// Reads and checks a file as it streams in: `on_row` gets every row that passed, in order (and
/// may stop the reading with its error). A file that is not CSV at all gives one problem at line 1.
pub fn read<R: Read, E>(
    input: R,
    rules: &Rules<'_>,
    mut on_row: impl FnMut(ParticipantRow) -> Result<(), E>,
) -> Result<Checked, E> {
    let mut out = Checked::default();
    let (input, lines) = crate::csv_lines::counted(input);
    let mut reader = csv::ReaderBuilder::new().flexible(true).trim(csv::Trim::All).from_reader(input);
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|s| s.trim_start_matches('\u{feff}').to_lowercase()).collect(),
        Err(e) => {
            out.refuse(1, format!("cannot read the header: {e}"));
            return Ok(out);
        }
    };
    let col = |names: &[&str]| headers.iter().position(|h| names.contains(&h.as_str()));
    let Some(email_col) = col(&["email", "e-mail", "correo"]) else {
        out.refuse(1, "no \"email\" column in the header".into());
        return Ok(out);
    };
    let Some(group_col) = col(&["group", "grupo", "sector"]) else {
        out.refuse(1, "no \"group\" column in the header".into());
        return Ok(out);
    };
    if let Some(h) = headers.iter().find(|h| h.chars().any(crate::survey::response::is_control)) {
        out.refuse(1, format!("the header {h:?} holds a control character"));
        return Ok(out);
    }
    let name_col = col(&["name", "nombre"]);
    let org_col = col(&["organisation", "organization", "organización", "organizacion"]);
    let lang_col = col(&["language", "idioma", "lang"]);
    let known: Vec<usize> =
        [Some(email_col), Some(group_col), name_col, org_col, lang_col].into_iter().flatten().collect();
    // Addresses seen, by a 128-bit digest (a file of a million rows keeps 20 MB, not 80).
    let mut seen: HashMap<[u8; 16], u64> = HashMap::new();
    let digest = |e: &str| -> [u8; 16] {
        use sha2::Digest;
        let full = sha2::Sha256::digest(e.as_bytes());
        let mut d = [0u8; 16];
        d.copy_from_slice(&full[..16]);
        d
    };
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map_or(0, |p| lines.line_of(p.byte()));
                out.refuse(line, format!("unreadable row: {e}"));
                if matches!(e.kind(), csv::ErrorKind::Io(_)) {
                    break;
                }
                continue;
            }
        }
        let line = record.position().map_or(0, |p| lines.line_of(p.byte()));
        if record.iter().all(str::is_empty) {
            continue;
        }
        let get = |i: Option<usize>| i.and_then(|i| record.get(i)).filter(|s| !s.is_empty()).map(str::to_string);
        let mut reasons = Vec::new();
        for (i, v) in record.iter().enumerate() {
            let column = headers.get(i).map_or_else(|| format!("column {}", i + 1), |h| format!("\"{h}\""));
            if v.chars().any(crate::survey::response::is_control) {
                reasons.push(format!("{column} holds a control character"));
            } else if v.chars().count() > MAX_FIELD_CHARS {
                reasons.push(format!("{column} is over {MAX_FIELD_CHARS} characters"));
            }
        }
        if !reasons.is_empty() {
            out.refuse(line, reasons.join("; "));
            continue;
        }
        let raw_email = get(Some(email_col)).unwrap_or_default();
        let email = normalise_email(&raw_email);
        if email.is_none() {
            reasons.push(if raw_email.is_empty() {
                "email is empty".to_string()
            } else {
                format!("\"{raw_email}\" is not an email address")
            });
        }
        let group = get(Some(group_col)).unwrap_or_default();
        if !rules.groups.contains(&group) {
            reasons.push(format!("unknown group \"{group}\" (the campaign has: {})", rules.groups.join(", ")));
        }
        let language = get(lang_col).map(|l| l.to_lowercase()).unwrap_or_else(|| rules.default_language.to_string());
        if !rules.languages.contains(&language) {
            reasons.push(format!("unknown language \"{language}\" (the campaign has: {})", rules.languages.join(", ")));
        }
        if let Some(e) = &email {
            let key = digest(e);
            if let Some(first) = seen.get(&key) {
                reasons.push(format!("duplicate of line {first} ({e})"));
            } else if reasons.is_empty() {
                seen.insert(key, line);
            }
        }
        if !reasons.is_empty() {
            out.refuse(line, reasons.join("; "));
            continue;
        }
        let attributes = headers
            .iter()
            .enumerate()
            .filter(|(i, h)| !known.contains(i) && !h.is_empty())
            .filter_map(|(i, h)| record.get(i).filter(|v| !v.is_empty()).map(|v| (h.clone(), v.to_string())))
            .collect();
        out.rows += 1;
        on_row(ParticipantRow {
            line,
            email: email.unwrap_or_default(),
            name: get(name_col),
            organisation: get(org_col),
            group,
            language,
            attributes,
        })?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_checked_with_line_numbers() {
        let groups = vec!["public".to_string(), "private".to_string()];
        let langs = vec!["es".to_string(), "en".to_string()];
        let rules = Rules { groups: &groups, languages: &langs, default_language: "es" };
        let csv = "email,name,organisation,group,language,department\n\
                   Ana@Example.org , Ana López,MINEDUC,public,es,Guatemala\n\
                   bad-address,Bob,,private,en,\n\
                   carla@example.org,Carla,,army,fr,\n\
                   ana@example.org,Ana again,,public,,\n\
                   \n\
                   dan@example.org,,,private,,Petén\n";
        let p = parse(csv.as_bytes(), &rules);
        assert_eq!(p.rows.len(), 2);
        assert_eq!(p.rows[0].email, "ana@example.org");
        assert_eq!(p.rows[0].attributes.get("department").map(String::as_str), Some("Guatemala"));
        assert_eq!(p.rows[1].language, "es");
        assert_eq!(p.rows[1].line, 7);
        let lines: Vec<u64> = p.problems.iter().map(|x| x.line).collect();
        assert_eq!(lines, vec![3, 4, 5]);
        assert!(p.problems[0].reason.contains("not an email"));
        assert!(
            p.problems[1].reason.contains("unknown group \"army\"")
                && p.problems[1].reason.contains("unknown language \"fr\"")
        );
        assert!(p.problems[2].reason.contains("duplicate of line 2"));
    }

    #[test]
    fn control_characters_and_floods_are_refused_and_listing_stops() {
        let groups = vec!["public".to_string()];
        let langs = vec!["es".to_string()];
        let rules = Rules { groups: &groups, languages: &langs, default_language: "es" };
        let long = "x".repeat(MAX_FIELD_CHARS + 1);
        let csv = format!("email,name,group\na@example.org,Ana\u{0},public\nb@example.org,{long},public\n");
        let p = parse(csv.as_bytes(), &rules);
        assert!(p.rows.is_empty());
        assert!(p.problems[0].reason.contains("\"name\" holds a control character"), "{:?}", p.problems);
        assert!(p.problems[1].reason.contains("over 1000 characters"), "{:?}", p.problems);
        let mut junk = String::from("email,group\n");
        for i in 0..1000 {
            junk.push_str(&format!("junk{i},public\n"));
        }
        let checked = read(junk.as_bytes(), &rules, |_| Ok::<_, ()>(())).unwrap_or_default();
        assert_eq!((checked.problems.len(), checked.refused), (LISTED, 1000));
        assert_eq!(checked.problems.last().map(|p| p.line), Some(LISTED as u64 + 1));
        assert_eq!(checked.problem_lines("f.csv:").last().map(String::as_str), Some("… and 800 more refused rows"));
    }

    #[test]
    fn missing_columns_are_named() {
        let rules = Rules { groups: &[], languages: &[], default_language: "es" };
        let p = parse(b"name,group\nx,public\n", &rules);
        assert_eq!(p.problems[0].reason, "no \"email\" column in the header");
    }
}
