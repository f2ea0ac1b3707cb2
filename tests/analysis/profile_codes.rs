//! Breakdowns by a profile field read the compact profile codes (src/analysis/codes.rs) instead
//! of the JSON: on dra-core (profile fields, don't-knows, not-applicables), every figure of every
//! breakdown must equal the figures the JSON path computes from the same answers, and a row whose
//! codes cannot hold its profile answer must send the reader back to the JSON.

use dra::analysis::{Accumulator, AnalysisOptions, Fieldwork, Origin, codes};
use dra::survey::{QuestionKind, Survey};
use serde_json::{Map, Value};

fn core() -> Survey {
    dra::survey::load_file(std::path::Path::new(&format!("{}/surveys/dra-core.json", env!("CARGO_MANIFEST_DIR"))))
        .unwrap_or_else(|e| panic!("{e}"))
}

/// A small xorshift generator: the same answers on every run.
struct Rng(u64);

impl Rng {
    fn below(&mut self, k: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % k as u64) as usize
    }
}

/// Answers as a form stores them: every scored and profile question unanswered one time in
/// seven, otherwise any of its options (don't-know and not-applicable ones included).
fn responses(s: &Survey, n: usize) -> Vec<(String, Map<String, Value>)> {
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let groups: Vec<String> = s
        .questions
        .iter()
        .find(|q| q.profile.as_deref() == Some("group"))
        .map(|q| q.options.iter().filter_map(|o| o.value.as_str().map(str::to_string)).collect())
        .unwrap_or_default();
    assert!(groups.len() >= 3, "dra-core has its stakeholder groups");
    (0..n)
        .map(|_| {
            let group = groups[rng.below(groups.len())].clone();
            let mut a = Map::new();
            a.insert("group".into(), Value::String(group.clone()));
            for q in &s.questions {
                if q.profile.as_deref() == Some("group") || q.options.is_empty() {
                    continue;
                }
                if !matches!(q.kind, QuestionKind::Scored | QuestionKind::Single) || rng.below(7) == 0 {
                    continue;
                }
                a.insert(q.id.clone(), q.options[rng.below(q.options.len())].value.clone());
            }
            (group, a)
        })
        .collect()
}

/// The codes of `a` without its free text.
fn text_of(s: &Survey, a: &Map<String, Value>) -> String {
    let mut plain = a.clone();
    plain.retain(|k, _| s.question(k).is_none_or(|q| q.kind != QuestionKind::Text));
    codes::encode(s, &plain).unwrap()
}

fn options(by: &str) -> AnalysisOptions {
    AnalysisOptions { by: Some(by.to_string()), min_cell: 5, ..AnalysisOptions::default() }
}

#[test]
fn breakdowns_from_codes_equal_breakdowns_from_json() {
    let s = core();
    let rows = responses(&s, 4000);
    let roles: Vec<String> =
        codes::profile_fields(&s).filter_map(|q| q.profile.clone()).filter(|r| r != "group").collect();
    assert!(roles.len() >= 5, "dra-core's profile fields are held in the codes: {roles:?}");
    let mut decoded = Vec::new();
    for role in &roles {
        let mut by_json = Accumulator::new(&s, options(role)).unwrap();
        let mut by_codes = Accumulator::new(&s, options(role)).unwrap();
        let field = by_codes.by_code().unwrap_or_else(|| panic!("{role} is not among the codes"));
        for (group, a) in &rows {
            by_json.push_json(group, Origin::Link, &Value::Object(a.clone()).to_string()).unwrap();
            let text = codes::encode(&s, a).unwrap();
            assert!(codes::decode(&text, &mut decoded));
            let code = codes::profile_code(&text, field).unwrap_or_else(|| panic!("{text}: no profile code"));
            by_codes.push_codes_by_code(group, Origin::Link, code, &decoded).unwrap();
        }
        let json = serde_json::to_value(by_json.finish(&Fieldwork::default())).unwrap();
        let coded = serde_json::to_value(by_codes.finish(&Fieldwork::default())).unwrap();
        let values = json.get("by_values").and_then(Value::as_array).map_or(0, Vec::len);
        assert!(values > 1, "--by {role}: the breakdown is in the output");
        assert_eq!(json, coded, "--by {role}: the codes give other figures than the JSON");
    }
}

#[test]
fn a_profile_answer_outside_the_options_sends_the_reader_to_the_json() {
    let s = core();
    let (_, mut a) = responses(&s, 1).remove(0);
    let gender = codes::profile_fields(&s).position(|q| q.profile.as_deref() == Some("gender")).unwrap();
    a.insert("gender".into(), Value::String("unlisted".into()));
    let text = codes::encode(&s, &a).unwrap();
    assert_eq!(codes::profile_code(&text, gender), None, "{text}");
    assert!(!codes::is_legacy(&text));
    a.remove("gender");
    let text = codes::encode(&s, &a).unwrap();
    assert_eq!(codes::profile_code(&text, gender), Some(0), "no answer is code 0: {text}");
    // A comment marks the codes (the report's annex reads only such rows), profile codes unchanged.
    let comment = s.questions.iter().find(|q| q.kind == QuestionKind::Text && q.profile.is_none()).unwrap();
    assert!(!codes::encode(&s, &a).unwrap().ends_with('+'));
    a.insert(comment.id.clone(), Value::String("  ".into()));
    assert!(!codes::encode(&s, &a).unwrap().ends_with('+'), "blank text is no comment");
    a.insert(comment.id.clone(), Value::String("Más conectividad rural".into()));
    let marked = codes::encode(&s, &a).unwrap();
    assert!(marked.ends_with('+'), "{marked}");
    assert_eq!(codes::profile_code(&marked, gender), Some(0));
    let last = codes::profile_fields(&s).count() - 1;
    assert_eq!(codes::profile_code(&marked, last), codes::profile_code(&text_of(&s, &a), last));
    a.remove(&comment.id);
    // Codes written before the profile fields were added hold none.
    let old = text.split('.').next().unwrap();
    assert!(codes::is_legacy(old));
    assert_eq!(codes::profile_code(old, gender), None);
}
