//! Conditional items (`surveys/examples/portal.json`): a respondent an item was not asked of counts
//! as "not applicable by design", apart from "don't know" and from no answer, outside the base of
//! the shares and outside the pillar's coverage. Every figure here is computed again in the test,
//! from the answers, with the conditions written out by hand (not through `dra`'s evaluation).

use dra::analysis::{Accumulator, AnalysisOptions, Fieldwork, Origin, Stats};
use serde_json::{Map, Value, json};

fn portal() -> dra::survey::Survey {
    dra::survey::load_file(std::path::Path::new(&format!(
        "{}/surveys/examples/portal.json",
        env!("CARGO_MANIFEST_DIR")
    )))
    .unwrap_or_else(|e| panic!("{e}"))
}

/// A small xorshift generator: the same answers on every run.
struct Rng(u64);

impl Rng {
    fn below(&mut self, k: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % k
    }

    /// A scored answer of `k` options: none, "don't know" or an option.
    fn scored(&mut self, a: &mut Map<String, Value>, id: &str, k: u64) {
        match self.below(k + 2) {
            0 => {}
            1 => {
                a.insert(id.into(), json!("dk"));
            }
            v => {
                a.insert(id.into(), json!(v - 1));
            }
        }
    }
}

/// Deterministic answers: each question left unanswered, "don't know" or answered, as a form
/// would store them (only questions that apply are answered).
fn responses(n: usize) -> Vec<(String, Map<String, Value>)> {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    (0..n)
        .map(|r| {
            let group = if r % 2 == 0 { "public" } else { "private" };
            let mut a = Map::new();
            a.insert("group".into(), json!(group));
            let portal = ["yes", "no", "dk"][rng.below(3) as usize];
            a.insert("has_portal".into(), json!(portal));
            if portal == "yes" {
                rng.scored(&mut a, "portal_services", 4);
                let channels: Vec<&str> =
                    ["web", "mobile", "kiosk"].into_iter().filter(|_| rng.below(2) == 0).collect();
                if !channels.is_empty() {
                    a.insert("portal_channels".into(), json!(channels));
                }
            }
            rng.scored(&mut a, "inf_broadband", 4);
            rng.scored(&mut a, "gov_strategy", 4);
            if a.get("portal_channels").and_then(Value::as_array).is_some_and(|c| c.contains(&json!("mobile"))) {
                rng.scored(&mut a, "mobile_payments", 3);
            }
            (group.to_string(), a)
        })
        .collect()
}

/// Whether an item is asked, written out from the definition's conditions.
fn asked(item: &str, a: &Map<String, Value>) -> bool {
    let portal = a.get("has_portal") == Some(&json!("yes"));
    match item {
        "portal_services" => portal,
        "mobile_payments" => {
            portal && a.get("portal_channels").and_then(Value::as_array).is_some_and(|c| c.contains(&json!("mobile")))
        }
        _ => true,
    }
}

/// The stage-scale value of an answer: options 1..k placed on 1..5.
fn scale(a: &Map<String, Value>, item: &str) -> Option<f64> {
    let k = if item == "mobile_payments" { 3.0 } else { 4.0 };
    a.get(item).and_then(Value::as_f64).map(|v| 1.0 + 4.0 * (v - 1.0) / (k - 1.0))
}

fn stats<'a>(agg: &'a dra::analysis::Aggregates, scales: &'a [dra::analysis::Scale], id: &str, g: &str) -> &'a Stats {
    let s = scales.iter().find(|s| s.id == id).unwrap_or_else(|| panic!("no {id}"));
    let i = agg.groups.iter().position(|x| x.code == g).unwrap_or_else(|| panic!("no group {g}"));
    s.groups[i].stats.as_ref().unwrap_or_else(|| panic!("{id} {g} suppressed"))
}

#[test]
fn items_not_asked_are_counted_apart_and_leave_coverage_alone() {
    let s = portal();
    let data = responses(300);
    // As stored (JSON), read by the JSON path; then as the compact codes stored beside it.
    let mut by_json = Accumulator::new(&s, AnalysisOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    let mut by_codes = Accumulator::new(&s, AnalysisOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    for (g, a) in &data {
        by_json.push_json(g, Origin::Link, &Value::Object(a.clone()).to_string()).unwrap_or_else(|e| panic!("{e}"));
        let text = dra::analysis::codes::encode(&s, a).unwrap_or_else(|| panic!("no codes"));
        let mut codes = Vec::new();
        assert!(dra::analysis::codes::decode(&text, &mut codes));
        by_codes.push_codes(g, Origin::Link, None, &codes).unwrap_or_else(|e| panic!("{e}"));
    }
    let agg = by_json.finish(&Fieldwork::default());
    assert_eq!(agg, by_codes.finish(&Fieldwork::default()), "the JSON and the codes give the same figures");

    let mut old_rule_drops = 0;
    for g in ["public", "private"] {
        let rows: Vec<&Map<String, Value>> = data.iter().filter(|(x, _)| x == g).map(|(_, a)| a).collect();
        for item in ["portal_services", "mobile_payments", "gov_strategy"] {
            let st = stats(&agg, &agg.items, item, g);
            let not_asked = rows.iter().filter(|a| !asked(item, a)).count() as u64;
            let asked_rows: Vec<&&Map<String, Value>> = rows.iter().filter(|a| asked(item, a)).collect();
            let dk = asked_rows.iter().filter(|a| a.get(item) == Some(&json!("dk"))).count() as u64;
            let missing = asked_rows.iter().filter(|a| !a.contains_key(item)).count() as u64;
            let values: Vec<f64> = asked_rows.iter().filter_map(|a| scale(a, item)).collect();
            let what = format!("{item} {g}");
            assert_eq!(st.not_applicable_by_design, not_asked, "{what}: not asked");
            assert_eq!((st.dont_know, st.missing, st.n), (dk, missing, values.len() as u64), "{what}");
            assert_eq!(st.base, rows.len() as u64 - not_asked, "{what}: base");
            assert!((st.share_missing - missing as f64 / st.base as f64).abs() < 1e-12, "{what}");
            let mean = values.iter().sum::<f64>() / values.len() as f64;
            assert!((st.mean.unwrap_or(f64::NAN) - mean).abs() < 1e-12, "{what}: mean");
            // The distribution is over the options only, shares over the base.
            let answered: u64 = st.distribution.iter().sum();
            assert_eq!(answered, st.base - missing, "{what}");
            if item != "gov_strategy" {
                assert!(not_asked > 0 && dk + missing > 0, "{what}: the data exercise every count");
            }
        }
        // Pillar "government": mean of the sub-pillar scores (leadership: gov_strategy; online
        // services: portal_services, mobile_payments), where at least half of the items asked of
        // the respondent are answered with a score.
        let items = ["gov_strategy", "portal_services", "mobile_payments"];
        let (mut scores, mut below, mut expected, mut not_asked) = (Vec::new(), 0u64, 0u64, 0u64);
        for a in &rows {
            let k = items.iter().filter(|i| asked(i, a)).count();
            let answered = items.iter().filter(|i| asked(i, a) && scale(a, i).is_some()).count();
            expected += k as u64;
            not_asked += (items.len() - k) as u64;
            if answered == 0 {
                continue;
            }
            if (answered as f64) < 0.5 * k as f64 {
                below += 1;
                continue;
            }
            if (answered as f64) < 0.5 * items.len() as f64 {
                old_rule_drops += 1;
            }
            let online: Vec<f64> = ["portal_services", "mobile_payments"].iter().filter_map(|i| scale(a, i)).collect();
            let subs: Vec<f64> = [
                scale(a, "gov_strategy"),
                (!online.is_empty()).then(|| online.iter().sum::<f64>() / online.len() as f64),
            ]
            .into_iter()
            .flatten()
            .collect();
            scores.push(subs.iter().sum::<f64>() / subs.len() as f64);
        }
        let st = stats(&agg, &agg.pillars, "government", g);
        assert_eq!((st.n, st.below_coverage), (scores.len() as u64, below), "government {g}");
        assert_eq!((st.base, st.not_applicable_by_design), (expected, not_asked), "government {g}: item answers");
        let mean = scores.iter().sum::<f64>() / scores.len() as f64;
        assert!((st.mean.unwrap_or(f64::NAN) - mean).abs() < 1e-12, "government {g}: {:?} vs {mean}", st.mean);
    }
    assert!(old_rule_drops > 0, "some respondents count only because items not asked of them are left out");
    // Overall: the counts are sums over the published groups.
    let overall = agg.items.iter().find(|x| x.id == "portal_services").and_then(|x| x.overall.stats.as_ref());
    let total = data.iter().filter(|(_, a)| !asked("portal_services", a)).count() as u64;
    assert_eq!(overall.map(|o| o.not_applicable_by_design), Some(total));
    assert!(agg.method.iter().any(|m| m.contains("not applicable by design")), "{:?}", agg.method);
}

#[test]
fn a_stale_answer_to_an_item_not_asked_is_read_as_not_asked() {
    let s = portal();
    let mut acc = Accumulator::new(&s, AnalysisOptions { min_cell: 3, ..AnalysisOptions::default() })
        .unwrap_or_else(|e| panic!("{e}"));
    for portal in ["yes", "no"] {
        for _ in 0..3 {
            // With "no": not what the form stores (it drops such answers), but what an answers
            // file from elsewhere may hold.
            let text = json!({"group": "public", "has_portal": portal, "portal_services": 4,
                              "portal_channels": ["mobile"], "mobile_payments": 3, "gov_strategy": 2});
            acc.push_json("public", Origin::Paper, &text.to_string()).unwrap_or_else(|e| panic!("{e}"));
        }
    }
    let agg = acc.finish(&Fieldwork::default());
    for item in ["portal_services", "mobile_payments"] {
        let st = stats(&agg, &agg.items, item, "public");
        assert_eq!((st.n, st.not_applicable_by_design, st.base, st.missing), (3, 3, 3, 0), "{item}");
        assert_eq!(st.mean, Some(5.0), "{item}: only the answers of those asked");
    }
    // An item that has no condition cannot be "not asked": its code is refused.
    let mut acc = Accumulator::new(&s, AnalysisOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    let ids: Vec<String> = acc.item_ids().map(str::to_string).collect();
    let gov = ids.iter().position(|i| i == "gov_strategy").unwrap_or_else(|| panic!("no gov_strategy"));
    let mut codes = vec![0u8; ids.len()];
    codes[gov] = 6; // its 5 options + 1
    assert!(acc.push_codes("public", Origin::Link, None, &codes).is_err());
}
