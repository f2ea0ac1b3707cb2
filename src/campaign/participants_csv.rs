//! Reading a participants CSV: columns `email, name, organisation, group, language` (any order,
//! header names case-insensitive; `organization` also accepted); any other column is kept as an
//! attribute. Every row is checked and every problem reported with its line number.

use std::collections::{BTreeMap, HashMap};

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

/// What a file holds: the good rows and the reasons for the others.
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

/// Parses and checks the whole file. A file that is not CSV at all gives one problem at line 1.
pub fn parse(data: &[u8], rules: &Rules<'_>) -> ParsedParticipants {
    let mut out = ParsedParticipants::default();
    let data = data.strip_prefix("\u{feff}".as_bytes()).unwrap_or(data);
    let mut reader = csv::ReaderBuilder::new().flexible(true).trim(csv::Trim::All).from_reader(data);
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|s| s.to_lowercase()).collect(),
        Err(e) => {
            out.problems.push(RowProblem { line: 1, reason: format!("cannot read the header: {e}") });
            return out;
        }
    };
    let col = |names: &[&str]| headers.iter().position(|h| names.contains(&h.as_str()));
    let Some(email_col) = col(&["email", "e-mail", "correo"]) else {
        out.problems.push(RowProblem { line: 1, reason: "no \"email\" column in the header".into() });
        return out;
    };
    let Some(group_col) = col(&["group", "grupo", "sector"]) else {
        out.problems.push(RowProblem { line: 1, reason: "no \"group\" column in the header".into() });
        return out;
    };
    let name_col = col(&["name", "nombre"]);
    let org_col = col(&["organisation", "organization", "organización", "organizacion"]);
    let lang_col = col(&["language", "idioma", "lang"]);
    let known: Vec<usize> =
        [Some(email_col), Some(group_col), name_col, org_col, lang_col].into_iter().flatten().collect();
    let mut seen: HashMap<String, u64> = HashMap::new();
    // Line numbers from byte offsets: the reader's own count skips blank lines.
    let starts: Vec<u64> = std::iter::once(0)
        .chain(data.iter().enumerate().filter(|(_, b)| **b == b'\n').map(|(i, _)| i as u64 + 1))
        .collect();
    // A record's position can fall on the blank lines before it: step over them.
    let line_of = |p: Option<&csv::Position>| {
        p.map_or(0, |p| {
            let mut at = p.byte();
            while matches!(data.get(at as usize), Some(b'\n' | b'\r')) {
                at += 1;
            }
            starts.partition_point(|s| *s <= at) as u64
        })
    };
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = line_of(e.position());
                out.problems.push(RowProblem { line, reason: format!("unreadable row: {e}") });
                continue;
            }
        };
        let line = line_of(record.position());
        if record.iter().all(str::is_empty) {
            continue;
        }
        let get = |i: Option<usize>| i.and_then(|i| record.get(i)).filter(|s| !s.is_empty()).map(str::to_string);
        let mut reasons = Vec::new();
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
            if let Some(first) = seen.get(e) {
                reasons.push(format!("duplicate of line {first} ({e})"));
            } else {
                seen.insert(e.clone(), line);
            }
        }
        if !reasons.is_empty() {
            out.problems.push(RowProblem { line, reason: reasons.join("; ") });
            continue;
        }
        let attributes = headers
            .iter()
            .enumerate()
            .filter(|(i, h)| !known.contains(i) && !h.is_empty())
            .filter_map(|(i, h)| record.get(i).filter(|v| !v.is_empty()).map(|v| (h.clone(), v.to_string())))
            .collect();
        out.rows.push(ParticipantRow {
            line,
            email: email.unwrap_or_default(),
            name: get(name_col),
            organisation: get(org_col),
            group,
            language,
            attributes,
        });
    }
    out
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
    fn missing_columns_are_named() {
        let rules = Rules { groups: &[], languages: &[], default_language: "es" };
        let p = parse(b"name,group\nx,public\n", &rules);
        assert_eq!(p.problems[0].reason, "no \"email\" column in the header");
    }
}
