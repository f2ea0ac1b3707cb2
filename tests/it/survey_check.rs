//! `dra survey check|show` on good and broken definitions: every problem, located as
//! `FILE:LINE:COL: /pointer: message`, exit 1; valid files exit 0.

use crate::support::{dra, repo, stdout};

const MINI: &str = include_str!("../../surveys/examples/mini.json");

/// Writes `text` to a temp file and checks it; returns (exit code, stdout, file path).
fn check_text(text: &str) -> (i32, String, String) {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("broken.json");
    std::fs::write(&path, text).unwrap_or_else(|e| panic!("{e}"));
    let p = path.display().to_string();
    let out = dra(&["survey", "check", &p], &[]);
    (out.status.code().unwrap_or(-1), format!("{}{}", stdout(&out), crate::support::stderr(&out)), p)
}

/// 1-based line of the first occurrence of `marker` in `text`, and the column where it starts.
fn line_col(text: &str, marker: &str) -> (usize, usize) {
    let at = text.find(marker).unwrap_or_else(|| panic!("marker {marker:?} not in text"));
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// Replaces exactly one occurrence.
fn edit(text: &str, from: &str, to: &str) -> String {
    assert_eq!(text.matches(from).count(), 1, "{from:?} must occur once");
    text.replacen(from, to, 1)
}

#[test]
fn shipped_definitions_are_valid() {
    let out = dra(&["survey", "check", &repo("surveys/dra-core.json"), &repo("surveys/examples/mini.json")], &[]);
    let text = stdout(&out);
    assert!(out.status.success(), "{text}");
    assert!(
        text.contains("dra-core.json: ok — dra-core 1.0.0 (5 pillars, 52 scored questions, languages es, en)"),
        "{text}"
    );
}

#[test]
fn syntax_error_gives_line_and_column() {
    let broken = edit(MINI, "\"version\": \"1.0.0\",", "\"version\": \"1.0.0\"");
    let (code, out, file) = check_text(&broken);
    assert_eq!(code, 1);
    let (line, _) = line_col(&broken, "\"languages\"");
    assert!(out.starts_with(&format!("{file}:{line}:5: /: invalid JSON: expected `,` or `}}`")), "{out}");
}

#[test]
fn wrong_types_are_located_by_pointer() {
    let broken = edit(MINI, "\"type\": \"scored\"", "\"type\": \"scorred\"");
    let broken = edit(&broken, "\"default_language\": \"es\"", "\"default_language\": 7");
    let (code, out, file) = check_text(&broken);
    assert_eq!(code, 1, "{out}");
    let (l1, c1) = line_col(&broken, "7,");
    let (l2, c2) = line_col(&broken, "\"scorred\"");
    let lines: Vec<&str> = out.lines().collect();
    assert!(
        lines.contains(&format!("{file}:{l1}:{c1}: /x-dra/default_language: 7 is not of type \"string\"").as_str()),
        "{out}"
    );
    let expected = format!("{file}:{l2}:{c2}: /properties/inf_broadband/x-dra/type: \"scorred\" is not one of");
    assert!(lines.iter().any(|l| l.starts_with(&expected)), "{out}");
}

#[test]
fn duplicate_ids_and_keys() {
    let broken = edit(
        MINI,
        "{\"id\": \"connectivity\", \"label\": {\"es\": \"Conectividad\", \"en\": \"Connectivity\"}}",
        "{\"id\": \"connectivity\", \"label\": {\"es\": \"Conectividad\", \"en\": \"Connectivity\"}},\n         {\"id\": \"connectivity\", \"label\": {\"es\": \"Otra\", \"en\": \"Other\"}}",
    );
    let (code, out, file) = check_text(&broken);
    assert_eq!(code, 1);
    let (line, col) = line_col(&broken, "\"connectivity\", \"label\": {\"es\": \"Otra\"");
    assert!(
        out.contains(&format!(
            "{file}:{line}:{col}: /x-dra/pillars/0/subpillars/1/id: duplicate pillar or sub-pillar id \"connectivity\""
        )),
        "{out}"
    );

    let dup_key = edit(MINI, "\"version\": \"1.0.0\",", "\"version\": \"1.0.0\",\n    \"version\": \"1.0.1\",");
    let (code, out, file) = check_text(&dup_key);
    assert_eq!(code, 1);
    let (line, col) = line_col(&dup_key, "\"version\": \"1.0.1\"");
    assert!(out.contains(&format!("{file}:{line}:{col}: /x-dra/version: duplicate key")), "{out}");
}

#[test]
fn missing_translation_is_named() {
    let broken = edit(MINI, ", \"en\": \"In most municipalities\"", "");
    let (code, out, file) = check_text(&broken);
    assert_eq!(code, 1);
    let (line, col) = line_col(&broken, "{\"es\": \"En la mayoría de municipios\"}");
    assert_eq!(
        out.trim(),
        format!(
            "{file}:{line}:{col}: /properties/inf_broadband/oneOf/3/x-dra/label: missing the \"en\" text (the survey declares es, en)"
        )
    );
}

#[test]
fn semantic_checks_report_every_problem() {
    // An unknown sub-pillar, scores that clash, no group question required, an undeclared language.
    let broken = edit(MINI, "\"subpillar\": \"connectivity\"", "\"subpillar\": \"conectivity\"");
    let broken =
        edit(&broken, "{\"const\": 2, \"x-dra\": {\"label\"", "{\"const\": 2, \"x-dra\": {\"score\": 1, \"label\"");
    let broken = edit(&broken, "\"required\": [\"group\"]", "\"required\": []");
    let broken = edit(&broken, "\"en\": \"Short assessment\"", "\"en\": \"Short assessment\", \"fr\": \"Évaluation\"");
    let (code, out, file) = check_text(&broken);
    assert_eq!(code, 1);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 5, "{out}");
    let expect = |marker: &str, rest: &str| {
        let (line, col) = line_col(&broken, marker);
        let want = format!("{file}:{line}:{col}: {rest}");
        assert!(lines.iter().any(|l| l.starts_with(&want)), "missing {want:?} in\n{out}");
    };
    expect("\"fr\"", "/x-dra/title/fr: text in \"fr\", which the survey does not declare");
    expect(
        "\"conectivity\"",
        "/properties/inf_broadband/x-dra/subpillar: unknown sub-pillar \"conectivity\"; the survey defines: connectivity",
    );
    expect(
        "{\n      \"x-dra\": {\"type\": \"single\"",
        "/properties/group: the stakeholder-group question \"group\" must be listed in \"required\"",
    );
    expect(
        "[\n        {\"const\": 1",
        "/properties/inf_broadband/oneOf: the option scores are not distinct (1, 1, 3, 4, 5)",
    );
    // The pillar whose only sub-pillar lost its question is reported too.
    expect("{\"id\": \"infrastructure\"", "/x-dra/pillars/0: pillar \"infrastructure\" has no scored question");
}

#[test]
fn hostile_input_gets_a_clear_error() {
    let deep = "[".repeat(10_000) + &"]".repeat(10_000);
    let (code, out, _) = check_text(&deep);
    assert_eq!(code, 1);
    assert!(out.contains("nested too deeply"), "{out}");

    let garbage: String =
        (0..3_000_000u32).map(|i| char::from(b'!' + (i.wrapping_mul(2_654_435_761) >> 26) as u8)).collect();
    let (code, out, file) = check_text(&garbage);
    assert_eq!(code, 1);
    assert!(out.starts_with(&format!("{file}:1:1: /: invalid JSON")), "{}", &out[..out.len().min(300)]);

    let (code, out, _) = check_text("[{\"a\": 1}]");
    assert_eq!(code, 1);
    assert!(out.contains("expected a JSON object"), "{out}");

    let out = dra(&["survey", "check", "/nonexistent/survey.json"], &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = crate::support::stderr(&out);
    assert!(err.contains("/nonexistent/survey.json: cannot read"), "{err}");
}

#[test]
fn show_prints_the_outline() {
    let out = dra(&["survey", "show", &repo("surveys/dra-core.json"), "--lang", "en"], &[]);
    let text = stdout(&out);
    assert!(out.status.success(), "{text}");
    assert!(text.contains("5 pillars, 23 sub-pillars"), "{text}");
    assert!(text.contains("infrastructure.connectivity — Connectivity"), "{text}");
    assert!(text.contains("profile fields: group*"), "{text}");
}
