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

const PORTAL: &str = include_str!("../../surveys/examples/portal.json");

/// `text` with the condition of `question` replaced by `condition` (the definition's allOf kept).
fn with_condition(question: &str, condition: &str) -> String {
    let marker = format!("\"{question}\": {{\n      \"x-dra\": {{\"type\": \"");
    let at = PORTAL.find(&marker).unwrap_or_else(|| panic!("no question {question}"));
    let rest = &PORTAL[at..];
    let start = at + rest.find("\"relevant\": ").unwrap_or_else(|| panic!("{question} has no condition"));
    let end = start + PORTAL[start..].find("},\n").unwrap_or_else(|| panic!("condition not closed")) + 1;
    format!("{}\"relevant\": {condition}{}", &PORTAL[..start], &PORTAL[end..])
}

#[test]
fn the_conditional_example_checks_and_shows() {
    let out = dra(&["survey", "check", &repo("surveys/examples/portal.json")], &[]);
    assert!(out.status.success(), "{}", stdout(&out));
    assert!(stdout(&out).contains("portal 1.0.0 (2 pillars, 4 scored questions"), "{}", stdout(&out));
    let out = dra(&["survey", "show", &repo("surveys/examples/portal.json"), "--lang", "en"], &[]);
    let text = stdout(&out);
    assert!(text.contains("\nconditional questions:\n  portal_services: asked only if has_portal is “Yes”; required when asked\n  portal_channels: asked only if has_portal is “Yes”\n  mobile_payments: asked only if “Mobile app” is ticked in portal_channels\n"), "{text}");
}

#[test]
fn conditions_on_later_or_same_page_answers_are_refused_with_the_pages() {
    // portal_services (page 2) on gov_strategy (page 3): a forward reference.
    let forward = with_condition("portal_services", "{\"question\": \"gov_strategy\", \"equals\": 4}");
    let (code, out, file) = check_text(&forward);
    assert_eq!(code, 1, "{out}");
    let (line, col) = line_col(&forward, "\"gov_strategy\", \"equals\": 4");
    let want = format!(
        "{file}:{line}:{col}: /properties/portal_services/x-dra/relevant/question: forward reference: \"portal_services\" on page 2 (\"portal\") depends on \"gov_strategy\", which comes later, on page 3 (\"assessment\"); a condition reads answers of earlier pages only"
    );
    assert!(out.lines().any(|l| l == want), "missing {want:?} in\n{out}");
    // The condition is wrong in itself: its allOf entry is not reported on top of it.
    assert_eq!(out.lines().count(), 1, "{out}");

    // portal_services on portal_channels, beside it on page 2.
    let same = with_condition("portal_services", "{\"question\": \"portal_channels\", \"selected\": \"web\"}");
    let (code, out, file) = check_text(&same);
    assert_eq!(code, 1);
    let (line, col) = line_col(&same, "\"portal_channels\", \"selected\": \"web\"");
    assert!(
        out.starts_with(&format!(
            "{file}:{line}:{col}: /properties/portal_services/x-dra/relevant/question: \"portal_services\" and \"portal_channels\" are on the same page 2 (\"portal\"): a form without JavaScript cannot show a question on an answer given beside it"
        )),
        "{out}"
    );
}

#[test]
fn conditions_on_unknown_questions_values_and_operators_are_refused() {
    let unknown_value =
        with_condition("portal_services", "{\"question\": \"has_portal\", \"in\": [\"yes\", \"maybe\"]}");
    let (code, out, file) = check_text(&unknown_value);
    assert_eq!(code, 1);
    let (line, col) = line_col(&unknown_value, "[\"yes\", \"maybe\"]");
    assert_eq!(
        out.trim(),
        format!(
            "{file}:{line}:{col}: /properties/portal_services/x-dra/relevant/in: \"maybe\" is not an option of \"has_portal\" (its options: \"yes\", \"no\", \"dk\")"
        )
    );

    let nested = with_condition(
        "mobile_payments",
        "{\"all\": [{\"question\": \"nowhere\", \"answered\": true}, {\"not\": {\"question\": \"has_portal\", \">\": 1}}, {\"question\": \"portal_channels\", \"equals\": \"web\"}]}",
    );
    let (code, out, _) = check_text(&nested);
    assert_eq!(code, 1);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3, "{out}");
    let said = |rest: &str| assert!(lines.iter().any(|l| l.contains(rest)), "missing {rest:?} in\n{out}");
    said("/properties/mobile_payments/x-dra/relevant/all/0/question: unknown question \"nowhere\"");
    said(
        "/properties/mobile_payments/x-dra/relevant/all/1/not/>: \">\" compares the answer to a number question; \"has_portal\" is a single question",
    );
    said("/properties/mobile_payments/x-dra/relevant/all/2/equals: \"portal_channels\" is a multiple choice");

    let shape = with_condition("portal_services", "{\"question\": \"has_portal\", \"equal\": \"yes\"}");
    let (code, out, _) = check_text(&shape);
    assert_eq!(code, 1);
    assert!(
        out.contains(
            "/properties/portal_services/x-dra/relevant: unknown key \"equal\" in a condition: use one of equals"
        ),
        "{out}"
    );
    assert_eq!(out.lines().count(), 1, "{out}");

    // A cycle: has_portal (page 1) on portal_services (page 2), which hangs on has_portal.
    let cycle = edit(
        PORTAL,
        "\"x-dra\": {\"type\": \"single\",\n                \"text\": {\"es\": \"¿Su institución",
        "\"x-dra\": {\"type\": \"single\", \"relevant\": {\"question\": \"portal_services\", \"answered\": true},\n                \"text\": {\"es\": \"¿Su institución",
    );
    let (code, out, _) = check_text(&cycle);
    assert_eq!(code, 1);
    assert!(
        out.contains(
            "/properties/has_portal/x-dra/relevant: the conditions form a cycle: \"has_portal\" → \"portal_services\" → \"has_portal\""
        ),
        "{out}"
    );
}

#[test]
fn the_root_all_of_must_hold_what_the_conditions_derive() {
    // The entry of portal_services says "no" where its condition says "yes".
    let differs = edit(
        PORTAL,
        "{\"if\": {\"properties\": {\"has_portal\": {\"const\": \"yes\"}}, \"required\": [\"has_portal\"]},\n     \"then\": {\"required\": [\"portal_services\"]}",
        "{\"if\": {\"properties\": {\"has_portal\": {\"const\": \"no\"}}, \"required\": [\"has_portal\"]},\n     \"then\": {\"required\": [\"portal_services\"]}",
    );
    let (code, out, file) = check_text(&differs);
    assert_eq!(code, 1);
    let (line, col) = line_col(&differs, "{\"if\": {\"properties\": {\"has_portal\": {\"const\": \"no\"}}");
    assert_eq!(
        out.trim(),
        format!(
            "{file}:{line}:{col}: /allOf/0: this entry does not say what the condition of \"portal_services\" says: put {} here",
            r#"{"if":{"properties":{"has_portal":{"const":"yes"}},"required":["has_portal"]},"then":{"required":["portal_services"]},"else":{"not":{"required":["portal_services"]}}}"#
        )
    );

    // The entry of mobile_payments left out; the exact JSON to add is given.
    let entry = "{\"if\": {\"properties\": {\"portal_channels\": {\"contains\": {\"const\": \"mobile\"}}}, \"required\": [\"portal_channels\"]},\n     \"then\": {},\n     \"else\": {\"not\": {\"required\": [\"mobile_payments\"]}}}";
    let missing = edit(PORTAL, &format!(",\n    {entry}"), "");
    let (code, out, file) = check_text(&missing);
    assert_eq!(code, 1);
    let (line, col) = line_col(&missing, "[\n    {\"if\"");
    let add = r#"{"if":{"properties":{"portal_channels":{"contains":{"const":"mobile"}}},"required":["portal_channels"]},"then":{},"else":{"not":{"required":["mobile_payments"]}}}"#;
    assert!(
        out.starts_with(&format!(
            "{file}:{line}:{col}: /allOf: \"mobile_payments\" is asked only under a condition but the root \"allOf\" has no entry for it: add {add}"
        )),
        "{out}"
    );

    // The entry is the schema's word for a validator: with it, the definition checks as written.
    let required = edit(
        PORTAL,
        "\"required\": [\"group\", \"has_portal\"]",
        "\"required\": [\"group\", \"has_portal\", \"portal_services\"]",
    );
    let (code, out, _) = check_text(&required);
    assert_eq!(code, 1);
    assert!(out.contains("/required/2: \"portal_services\" is asked only under a condition (\"relevant\"): leave it out of \"required\""), "{out}");

    // An entry no condition derives.
    let stray = edit(
        PORTAL,
        "\"allOf\": [",
        "\"allOf\": [\n    {\"if\": {}, \"then\": {}, \"else\": {\"not\": {\"required\": [\"gov_strategy\"]}}},",
    );
    let (code, out, _) = check_text(&stray);
    assert_eq!(code, 1);
    assert!(
        out.contains("/allOf/0: \"gov_strategy\" has no condition (\"relevant\" in its x-dra): remove this entry"),
        "{out}"
    );
}
