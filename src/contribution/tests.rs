use chrono::NaiveDate;

use super::submit::{Typed, check, check_edited};
use super::*;

fn topics() -> Vec<Topic> {
    parse_topics("salud | Salud digital | Digital health\n\nedu | Educación | Education\n").unwrap_or_default()
}

fn at(d: u32) -> chrono::NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, d).and_then(|x| x.and_hms_opt(10, 0, 0)).unwrap_or_default()
}

fn stored(id: i64, topic: &str, screening: Screening, answer: Option<Answer>) -> Contribution {
    Contribution {
        id,
        topic: topic.into(),
        body: format!("original {id}"),
        shown_body: None,
        edit_note: None,
        author_name: None,
        author_org: None,
        wants_answer: false,
        language: "es".into(),
        origin: "public".into(),
        screening,
        version: 1,
        created_at: at(2),
        screened_at: None,
        screened_by: None,
        reject_reason: None,
        answer,
        answer_reason: answer.map(|_| "porque".into()),
        answer_ref: answer.map(|_| "Plan §3".into()),
        answered_at: answer.map(|_| at(5)),
        answered_by: None,
        notified_at: None,
    }
}

#[test]
fn topics_read_one_a_line_and_every_problem_names_its_line() {
    let t = topics();
    assert_eq!(t.len(), 2);
    assert_eq!(t[1], Topic { code: "edu".into(), es: "Educación".into(), en: "Education".into() });
    assert_eq!(parse_topics(&topics_text(&t)).ok(), Some(t));
    assert!(parse_topics("a | b").err().unwrap_or_default().starts_with("line 1:"));
    assert!(parse_topics("ok | a | b\nBad Code | a | b").err().unwrap_or_default().starts_with("line 2:"));
    assert!(parse_topics("x | a | b\nx | c | d").err().unwrap_or_default().contains("twice"));
    assert!(parse_topics("x |  | b").is_err());
}

#[test]
fn a_submission_is_checked_field_by_field_and_an_address_needs_the_box_ticked() {
    let t = topics();
    let good = Typed { topic: "edu".into(), body: "  Más becas\r\nen zonas rurales  ".into(), ..Typed::default() };
    let c = check(&good, &t).unwrap_or_else(|p| panic!("{p:?}"));
    assert_eq!(c.body, "Más becas\nen zonas rurales");
    assert_eq!((c.author_name, c.email), (None, None));

    let bad = Typed { topic: "nope".into(), body: " ".into(), email: "ana@".into(), ..Typed::default() };
    let p = check(&bad, &t).err().unwrap_or_default();
    assert_eq!(p.keys().copied().collect::<Vec<_>>(), ["body", "email", "topic"]);

    let unticked = Typed { email: "Ana@Example.org".into(), ..good.clone() };
    assert!(check(&unticked, &t).err().unwrap_or_default().contains_key("notify"));
    let ticked_empty = Typed { notify: true, ..good.clone() };
    assert!(check(&ticked_empty, &t).err().unwrap_or_default().contains_key("email"));
    let both = Typed { notify: true, email: " ana@example.org ".into(), name: " Ana \n Pérez ".into(), ..good };
    let c = check(&both, &t).unwrap_or_else(|p| panic!("{p:?}"));
    assert_eq!((c.email.as_deref(), c.author_name.as_deref()), (Some("ana@example.org"), Some("Ana Pérez")));

    let long = Typed { topic: "edu".into(), body: "é".repeat(MAX_BODY_CHARS + 1), ..Typed::default() };
    assert!(check(&long, &t).err().unwrap_or_default().contains_key("body"));
    let at_limit = Typed { topic: "edu".into(), body: "é".repeat(MAX_BODY_CHARS), ..Typed::default() };
    assert!(check(&at_limit, &t).is_ok());
}

#[test]
fn an_edit_must_change_the_text() {
    assert!(check_edited("Llamen a [oculto]", "Llamen a Ana al 5555-1234").is_ok());
    assert!(check_edited(" same ", "same").is_err());
    assert!(check_edited("  ", "x").is_err());
}

#[test]
fn only_published_contributions_are_public_and_an_edit_replaces_the_text() {
    assert!(Public::of(&stored(1, "edu", Screening::Pending, None)).is_none());
    assert!(Public::of(&stored(2, "edu", Screening::Rejected, None)).is_none());
    let mut c = stored(3, "edu", Screening::Published, Some(Answer::Incorporated));
    c.shown_body = Some("Llamen a [dato personal oculto]".into());
    c.author_name = Some("Ana".into());
    let p = Public::of(&c).unwrap_or_else(|| panic!("published"));
    assert_eq!(p.text, "Llamen a [dato personal oculto]");
    assert!(p.edited);
    assert_eq!(p.answered_on, NaiveDate::from_ymd_opt(2026, 11, 5));
    let json = serde_json::to_string(&p).unwrap_or_default();
    assert!(!json.contains("original 3"), "{json}");
}

#[test]
fn counts_add_up_per_topic_and_answer() {
    let all = vec![
        stored(1, "edu", Screening::Published, Some(Answer::Incorporated)),
        stored(2, "edu", Screening::Published, None),
        stored(3, "salud", Screening::Published, Some(Answer::OutOfScope)),
        stored(4, "salud", Screening::Rejected, None),
        stored(5, "edu", Screening::Pending, None),
        stored(6, "gone", Screening::Published, Some(Answer::PartlyIncorporated)),
    ];
    let c = counts(&topics(), &all);
    assert_eq!((c.received, c.pending, c.published, c.rejected), (6, 1, 4, 1));
    let codes: Vec<&str> = c.by_topic.iter().map(|t| t.topic.as_str()).collect();
    assert_eq!(codes, ["salud", "edu", "gone"]);
    assert_eq!((c.by_topic[1].answers, c.by_topic[1].awaiting, c.by_topic[1].published), ([1, 0, 0, 0], 1, 2));
    assert_eq!((c.total.answers, c.total.awaiting, c.total.published), ([1, 1, 0, 1], 1, 4));
}

#[test]
fn the_export_has_the_columns_its_descriptor_lists() {
    let t = topics();
    let mut c = stored(7, "salud", Screening::Published, Some(Answer::NotIncorporated));
    c.body = "=HYPERLINK(\"x\")".into();
    let items: Vec<Public> = [c].iter().filter_map(Public::of).collect();
    let bytes = export::csv(&t, &items).unwrap_or_default();
    let text = String::from_utf8(bytes).unwrap_or_default();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap_or_default().split(',').collect();
    let dp: serde_json::Value =
        serde_json::from_slice(&export::datapackage("gt", "Consulta").unwrap_or_default()).unwrap_or_default();
    assert_eq!(dp["name"], "contributions-gt");
    assert_eq!(dp["resources"][0]["schema"]["fields"][0]["constraints"]["required"], true);
    assert_eq!(dp["resources"][0]["schema"]["primaryKey"][0], "id");
    assert!(dp["resources"][0]["bytes"].is_null(), "no size of a file served apart");
    let fields: Vec<&str> = dp["resources"][0]["schema"]["fields"]
        .as_array()
        .map(|a| a.iter().filter_map(|f| f["name"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(header, fields);
    assert_eq!(dp["resources"][0]["path"], export::CSV_NAME);
    let row = lines.next().unwrap_or_default();
    assert!(row.starts_with("7,salud,Salud digital,Digital health,\"'=HYPERLINK"), "{row}");
    assert!(row.contains(",not_incorporated,porque,Plan §3,2026-11-05"), "{row}");
}

#[test]
fn the_record_lists_every_published_contribution_in_both_renderings() {
    let t = topics();
    let all = vec![
        stored(1, "edu", Screening::Published, Some(Answer::Incorporated)),
        stored(2, "salud", Screening::Rejected, None),
    ];
    let items: Vec<Public> = all.iter().filter_map(Public::of).collect();
    let r = report::record("en", "Consulta GT", at(30).date(), &t, &counts(&t, &all), &items);
    assert_eq!(r.total_row.cells, vec![1, 0, 0, 0, 0, 1]);
    let html = report::html(&r).unwrap_or_default();
    assert!(html.contains("What we heard and what we did") && html.contains("original 1"), "{html}");
    assert!(!html.contains("original 2"));
    let pdf = report::pdf(&r, None).unwrap_or_else(|e| panic!("{e}"));
    assert!(pdf.starts_with(b"%PDF"));
}
