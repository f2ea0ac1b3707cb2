//! Property tests on what reads input from outside: the definition parser, the participants,
//! paper-form and ODK CSV importers, the XLSForm reader and its `relevant` reader, and the form
//! decoder. Arbitrary bytes (and arbitrary edits of a real
//! definition, arbitrary CSV cells) never panic, and what is accepted holds what the reader
//! promises (no control character gets through, line numbers lie in the file, listing stops).
//!
//! `cargo test` runs a short budget; `PROPTEST_CASES` sets another, and
//! `scripts/properties.sh` runs a million cases of each.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::OnceLock;

use dra::campaign::participants_csv::{self, Rules};
use dra::survey::Survey;
use proptest::prelude::*;

/// The budget: `PROPTEST_CASES`, or `short` cases.
fn budget(short: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(short);
    ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
}

fn core_bytes() -> &'static [u8] {
    static CORE: OnceLock<Vec<u8>> = OnceLock::new();
    CORE.get_or_init(|| std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/surveys/dra-core.json")).unwrap())
}

fn core() -> &'static (Survey, jsonschema::Validator) {
    static CORE: OnceLock<(Survey, jsonschema::Validator)> = OnceLock::new();
    CORE.get_or_init(|| {
        let s = dra::survey::check_bytes(core_bytes()).unwrap();
        let v = dra::survey::validator(&s).unwrap();
        (s, v)
    })
}

fn lines_in(data: &[u8]) -> u64 {
    data.iter().filter(|b| **b == b'\n').count() as u64 + 1
}

/// A CSV cell: printable text, separators, quotes, line ends, and now and then a control byte.
fn cell() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            8 => prop::char::range('a', 'z'),
            2 => Just(','),
            2 => Just('"'),
            1 => Just('\n'),
            1 => Just('\r'),
            1 => Just('@'),
            1 => Just('.'),
            1 => Just('á'),
            1 => prop::char::range('\0', '\u{1f}'),
        ],
        0..12,
    )
    .prop_map(|c| c.into_iter().collect())
}

/// A whole CSV of arbitrary cells, quoted or not, behind a header.
fn csv_with(header: &'static str) -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(prop::collection::vec((cell(), any::<bool>()), 0..8), 0..30).prop_map(move |rows| {
        let mut out = format!("{header}\n");
        for row in rows {
            let cells: Vec<String> = row
                .into_iter()
                .map(|(c, quoted)| if quoted { format!("\"{}\"", c.replace('"', "\"\"")) } else { c })
                .collect();
            out.push_str(&cells.join(","));
            out.push('\n');
        }
        out.into_bytes()
    })
}

fn check_participants(data: &[u8]) -> Result<(), TestCaseError> {
    let groups = vec!["public".to_string(), "private".to_string()];
    let langs = vec!["es".to_string(), "en".to_string()];
    let rules = Rules { groups: &groups, languages: &langs, default_language: "es" };
    let mut rows = Vec::new();
    let checked = participants_csv::read(data, &rules, |r| {
        rows.push(r);
        Ok::<_, ()>(())
    })
    .unwrap();
    prop_assert!(checked.problems.len() <= participants_csv::LISTED);
    prop_assert_eq!(checked.rows, rows.len());
    let lines = lines_in(data);
    for p in &checked.problems {
        prop_assert!(p.line >= 1 && p.line <= lines, "line {} of {}", p.line, lines);
    }
    for r in &rows {
        prop_assert!(r.line >= 2 && r.line <= lines);
        let texts = [Some(&r.email), r.name.as_ref(), r.organisation.as_ref(), Some(&r.group), Some(&r.language)];
        for t in texts.into_iter().flatten().chain(r.attributes.values()) {
            prop_assert!(!t.chars().any(dra::survey::response::is_control), "{t:?} passed");
        }
    }
    Ok(())
}

fn check_paper(data: &[u8]) -> Result<(), TestCaseError> {
    let (s, v) = core();
    let groups = vec!["public".to_string(), "private".to_string()];
    let langs = vec!["es".to_string(), "en".to_string()];
    let mut forms = Vec::new();
    let problems = dra::survey::paper::read(s, v, data, &groups, &langs, "es", |f| forms.push(f));
    prop_assert!(problems.listed.len() <= dra::survey::paper::LISTED && problems.listed.len() <= problems.total);
    let lines = lines_in(data);
    for p in &problems.listed {
        prop_assert!(p.line <= lines, "line {} of {}", p.line, lines);
    }
    for f in &forms {
        let answers: serde_json::Value = serde_json::from_str(&f.answers).unwrap();
        prop_assert!(v.is_valid(&answers), "a paper form that does not validate was accepted");
    }
    Ok(())
}

fn check_odk(data: &[u8]) -> Result<(), TestCaseError> {
    let (s, v) = core();
    let groups = vec!["public".to_string(), "private".to_string()];
    let mut forms = Vec::new();
    let read = dra::survey::odk::read(s, v, data, &groups, "es", |f| forms.push(f));
    let problems = &read.problems;
    prop_assert!(problems.listed.len() <= dra::survey::paper::LISTED && problems.listed.len() <= problems.total);
    let lines = lines_in(data);
    for p in &problems.listed {
        prop_assert!(p.line <= lines, "line {} of {}", p.line, lines);
    }
    for f in &forms {
        let answers: serde_json::Value = serde_json::from_str(&f.answers).unwrap();
        prop_assert!(v.is_valid(&answers), "a submission that does not validate was accepted");
        prop_assert!(!f.answers.chars().any(dra::survey::response::is_control));
    }
    Ok(())
}

proptest! {
    #![proptest_config(budget(512))]

    #[test]
    fn the_odk_importer_takes_any_bytes(bytes in prop::collection::vec(any::<u8>(), 0..4096)) {
        check_odk(&bytes)?;
    }

    #[test]
    fn the_odk_importer_takes_any_cells(data in csv_with("KEY,profile-group,infrastructure/infrastructure.connectivity.q1,people.usage.q1,_uuid")) {
        check_odk(&data)?;
    }

    #[test]
    fn the_xlsform_reader_takes_any_bytes(bytes in prop::collection::vec(any::<u8>(), 0..4096)) {
        let _ = dra::survey::xlsform::convert(&bytes);
    }

    #[test]
    fn the_relevant_reader_takes_any_text(expr in "[ -~]{0,60}") {
        use dra::survey::xlsform::relevant::{Target, parse};
        let target = |q: &str| -> Result<Target, String> {
            let options = vec![serde_json::json!(1), serde_json::json!("dk")];
            match q {
                "a" => Ok(Target { kind: dra::survey::QuestionKind::Scored, options }),
                "b" => Ok(Target { kind: dra::survey::QuestionKind::Number, options: vec![] }),
                _ => Err("no".into()),
            }
        };
        let _ = parse(&expr, &target);
    }

    #[test]
    fn the_definition_parser_takes_any_bytes(bytes in prop::collection::vec(any::<u8>(), 0..4096)) {
        let _ = dra::survey::check_bytes(&bytes);
    }

    #[test]
    fn the_participants_importer_takes_any_bytes(bytes in prop::collection::vec(any::<u8>(), 0..4096)) {
        check_participants(&bytes)?;
    }

    #[test]
    fn the_participants_importer_takes_any_cells(data in csv_with("email,name,organisation,group,language,extra")) {
        check_participants(&data)?;
    }

    #[test]
    fn the_paper_importer_takes_any_bytes(bytes in prop::collection::vec(any::<u8>(), 0..4096)) {
        check_paper(&bytes)?;
    }

    #[test]
    fn the_paper_importer_takes_any_cells(data in csv_with("respondent,group,language,infrastructure.connectivity.broadband,infrastructure.connectivity.comment")) {
        check_paper(&data)?;
    }

    #[test]
    fn the_form_decoder_takes_any_bytes(bytes in prop::collection::vec(any::<u8>(), 0..4096)) {
        if let Ok(fields) = dra::web::form_body::decode(&bytes) {
            for (k, v) in fields {
                prop_assert!(!k.chars().chain(v.chars()).any(dra::survey::response::is_control));
            }
        }
    }

    #[test]
    fn the_form_decoder_gives_back_what_a_browser_encodes(
        fields in prop::collection::vec(("[a-z._]{1,12}", "\\PC{0,40}"), 0..12)
    ) {
        let encoded = url::form_urlencoded::Serializer::new(String::new()).extend_pairs(&fields).finish();
        let decoded = dra::web::form_body::decode(encoded.as_bytes());
        prop_assert_eq!(decoded.ok(), Some(fields));
    }
}

proptest! {
    // Each case checks a whole definition (tens of milliseconds): a smaller budget.
    #![proptest_config(budget(48))]

    #[test]
    fn edits_of_a_real_definition_never_panic(
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..6),
        cut in prop::option::of(any::<prop::sample::Index>()),
    ) {
        let mut bytes = core_bytes().to_vec();
        for (at, b) in edits {
            let i = at.index(bytes.len());
            bytes[i] = b;
        }
        if let Some(c) = cut {
            bytes.truncate(c.index(bytes.len()));
        }
        if let Ok(s) = dra::survey::check_bytes(&bytes) {
            prop_assert!(dra::survey::validator(&s).is_ok(), "a definition accepted whose schema does not compile");
        }
    }
}
