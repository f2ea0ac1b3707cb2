//! The conditions against their agreed format and a JSON Schema validator.

use super::*;
use crate::survey::{Question, Survey};

fn portal() -> Survey {
    crate::survey::check_bytes(include_bytes!("../../../surveys/examples/portal.json"))
        .unwrap_or_else(|p| panic!("{p:?}"))
}

fn cond(v: Value) -> Condition {
    Condition::parse(&v, "").unwrap_or_else(|p| panic!("{v}: {p:?}"))
}

fn answers(v: Value) -> Map<String, Value> {
    v.as_object().cloned().unwrap_or_default()
}

/// Every operator, nested too, as the format writes it.
fn examples() -> Vec<Value> {
    vec![
        json!({"question": "a", "equals": "yes"}),
        json!({"question": "n", "equals": 3}),
        json!({"question": "a", "in": ["yes", "dk"]}),
        json!({"question": "m", "selected": "mobile"}),
        json!({"question": "t", "answered": true}),
        json!({"question": "n", ">": 2}),
        json!({"question": "n", ">=": 2.5}),
        json!({"question": "n", "<": 0}),
        json!({"question": "n", "<=": 10}),
        json!({"all": [{"question": "a", "equals": "yes"}, {"not": {"question": "n", "<": 1}}]}),
        json!({"any": [{"question": "m", "selected": "web"}, {"question": "t", "answered": true}]}),
        json!({"not": {"any": [{"question": "a", "in": ["no"]}, {"question": "n", ">": 5}]}}),
    ]
}

#[test]
fn reads_and_writes_back_every_operator() {
    for v in examples() {
        assert_eq!(cond(v.clone()).to_json(), v);
    }
    let c = cond(json!({"all": [{"question": "a", "equals": 1}, {"not": {"question": "b", "answered": true}}]}));
    assert_eq!(c.questions(), vec!["a", "b"]);
    let found: Vec<(String, &str)> = leaves(&c, "/r").into_iter().map(|(p, l)| (p, operator(l))).collect();
    assert_eq!(found, vec![("/r/all/0".to_string(), "equals"), ("/r/all/1/not".to_string(), "answered")]);
}

#[test]
fn the_schema_entry_is_the_agreed_format() {
    let c = cond(json!({"question": "q1", "equals": "yes"}));
    assert_eq!(
        schema_entry("q2", true, &c),
        json!({"if": {"properties": {"q1": {"const": "yes"}}, "required": ["q1"]},
               "then": {"required": ["q2"]}, "else": {"not": {"required": ["q2"]}}})
    );
    assert_eq!(schema_entry("q2", false, &c)["then"], json!({}));
    let s = |v: Value| cond(v).schema();
    assert_eq!(
        s(json!({"question": "q1", "in": [1, 2]})),
        json!({"properties": {"q1": {"enum": [1, 2]}}, "required": ["q1"]})
    );
    assert_eq!(
        s(json!({"question": "q1", "selected": "x"})),
        json!({"properties": {"q1": {"contains": {"const": "x"}}}, "required": ["q1"]})
    );
    assert_eq!(s(json!({"question": "q1", "answered": true})), json!({"required": ["q1"]}));
    for (op, kw) in [(">", "exclusiveMinimum"), (">=", "minimum"), ("<", "exclusiveMaximum"), ("<=", "maximum")] {
        let mut c = Map::new();
        c.insert("question".into(), json!("q1"));
        c.insert(op.into(), json!(4));
        assert_eq!(s(Value::Object(c)), json!({"properties": {"q1": {kw: 4}}, "required": ["q1"]}));
    }
    let a = json!({"question": "a", "answered": true});
    let b = json!({"question": "b", "answered": true});
    assert_eq!(s(json!({"all": [a, b]})), json!({"allOf": [{"required": ["a"]}, {"required": ["b"]}]}));
    assert_eq!(s(json!({"any": [a, b]})), json!({"anyOf": [{"required": ["a"]}, {"required": ["b"]}]}));
    assert_eq!(s(json!({"not": a})), json!({"not": {"required": ["a"]}}));
    assert_eq!(entry_question(&schema_entry("q2", false, &cond(a))), Some("q2"));
    assert!(same_json(&json!({"x": [5, {"b": 1, "a": 2.0}]}), &json!({"x": [5.0, {"a": 2, "b": 1}]})));
    assert!(!same_json(&json!({"x": 5}), &json!({"x": "5"})));
}

/// A condition holds exactly when a JSON Schema validator finds its schema valid, on answers of
/// every shape (absent, the value, another value, the wrong type, arrays with and without).
#[test]
fn holds_agrees_with_a_json_schema_validator() {
    let values = [
        json!("yes"),
        json!("no"),
        json!(3),
        json!(3.0),
        json!(2.5),
        json!(0),
        json!(-1),
        json!(11),
        json!(["mobile"]),
        json!(["web", "kiosk"]),
        json!([]),
        json!("text"),
    ];
    let mut checked = 0;
    for v in examples() {
        let c = cond(v.clone());
        let validator = jsonschema::draft202012::new(&c.schema()).unwrap_or_else(|e| panic!("{v}: {e}"));
        for a in values.iter().chain([&Value::Null]) {
            for n in values.iter().chain([&Value::Null]) {
                for (m, t) in [(json!(["web"]), None), (json!(["mobile"]), Some(json!("x")))] {
                    let mut obj = Map::new();
                    if !a.is_null() {
                        obj.insert("a".into(), a.clone());
                    }
                    if !n.is_null() {
                        obj.insert("n".into(), n.clone());
                    }
                    obj.insert("m".into(), m);
                    if let Some(t) = t {
                        obj.insert("t".into(), t);
                    }
                    let ours = c.holds(&|q: &str| obj.get(q));
                    let theirs = validator.is_valid(&Value::Object(obj.clone()));
                    assert_eq!(ours, theirs, "{v} on {}", Value::Object(obj));
                    checked += 1;
                }
            }
        }
    }
    assert_eq!(checked, 12 * 13 * 13 * 2);
}

#[test]
fn shape_problems_are_located() {
    let problem = |v: Value| {
        let p = Condition::parse(&v, "/c").err().unwrap_or_else(|| panic!("{v} should be refused"));
        (p[0].pointer.clone(), p[0].message.clone())
    };
    assert_eq!(problem(json!("yes")).0, "/c");
    let (ptr, msg) = problem(json!({"question": "a", "equals": 1, "in": [1]}));
    assert_eq!(ptr, "/c");
    assert!(msg.contains("exactly one of") && msg.contains("\"equals\", \"in\""), "{msg}");
    assert!(problem(json!({"question": "a", "equal": 1})).1.contains("unknown key \"equal\""));
    assert!(problem(json!({"equals": 1})).1.contains("names its \"question\""));
    assert_eq!(problem(json!({"all": [{"question": "a", "in": []}]})).0, "/c/all/0/in");
    assert_eq!(problem(json!({"any": []})).0, "/c/any");
    assert_eq!(problem(json!({"not": {"question": "a", ">": "3"}})).0, "/c/not/>");
    assert!(problem(json!({"question": "a", "answered": false})).1.contains("{\"not\""));
    assert!(problem(json!({"all": [], "question": "a"})).1.contains("stands alone"));
    assert_eq!(problem(json!({"question": "a", "equals": null})).0, "/c/equals");
}

#[test]
fn a_chain_follows_the_earlier_answers() {
    let s = portal();
    let ids = |a: Value| -> Vec<String> {
        let mut v: Vec<String> = not_applying(&s, &answers(a)).into_iter().map(str::to_string).collect();
        v.sort();
        v
    };
    assert_eq!(ids(json!({})), vec!["mobile_payments", "portal_channels", "portal_services"]);
    assert_eq!(ids(json!({"has_portal": "yes"})), vec!["mobile_payments"]);
    assert!(ids(json!({"has_portal": "yes", "portal_channels": ["web", "mobile"]})).is_empty());
    // The portal is gone: the channels do not apply, and so neither does what hangs on them,
    // although an answer to the channels is still there.
    assert_eq!(
        ids(json!({"has_portal": "no", "portal_channels": ["mobile"], "mobile_payments": 2})),
        vec!["mobile_payments", "portal_channels", "portal_services"]
    );
    let mut a = answers(json!({"group": "public", "has_portal": "no", "portal_services": 3,
                                "portal_channels": ["mobile"], "mobile_payments": 2, "gov_strategy": 4}));
    assert_eq!(prune(&s, &mut a), vec!["portal_services", "portal_channels", "mobile_payments"]);
    assert_eq!(Value::Object(a.clone()), json!({"group": "public", "has_portal": "no", "gov_strategy": 4}));
    assert!(prune(&s, &mut a).is_empty());
}

#[test]
fn said_in_words_in_both_languages() {
    let s = portal();
    let name = |q: &Question| format!("[{}]", q.id);
    let said = |v: Value, lang: &str| cond(v).in_words(&s, lang, &name);
    assert_eq!(said(json!({"question": "has_portal", "equals": "yes"}), "en"), "[has_portal] is “Yes”");
    assert_eq!(said(json!({"question": "has_portal", "equals": "yes"}), "es"), "[has_portal] es «Sí»");
    assert_eq!(
        said(json!({"question": "portal_channels", "selected": "mobile"}), "en"),
        "“Mobile app” is ticked in [portal_channels]"
    );
    assert_eq!(said(json!({"question": "has_portal", "in": ["no", "dk"]}), "es"), "[has_portal] es «No» o «No sé»");
    assert_eq!(
        said(
            json!({"all": [{"question": "has_portal", "equals": "yes"},
                            {"any": [{"question": "gov_strategy", ">=": 2.5}, {"question": "group", "answered": true}]}]}),
            "es"
        ),
        "[has_portal] es «Sí» y ([gov_strategy] es al menos 2,5 o respondió [group])"
    );
    assert_eq!(
        said(json!({"not": {"question": "gov_strategy", "<": 2}}), "en"),
        "it is not so that [gov_strategy] is less than 2"
    );
}
