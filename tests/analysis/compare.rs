//! Comparing editions (`analysis::compare`) against figures computed independently from the raw
//! answers by `scripts/compare_fixtures.py` (numpy, scipy's Welch t-test): two editions on
//! different survey versions joined by an item map (a renamed item, a recoded one, a dropped one,
//! a changed one, a new one), with the international group suppressed in the earlier edition.

use std::path::{Path, PathBuf};

use dra::analysis::compare::{ChangeCell, ChangeRow, Comparison, Edition, ItemMap, compare, trend};
use dra::analysis::{Accumulator, Aggregates, AnalysisOptions, Fieldwork, read_csv};
use serde_json::Value;

const TOL: f64 = 1e-9;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/compare").join(name)
}

fn aggregates(survey: &str, csv: &str) -> Aggregates {
    let s = dra::survey::load_file(&fixture(survey)).unwrap_or_else(|e| panic!("{e}"));
    let mut acc = Accumulator::new(&s, AnalysisOptions::default()).unwrap();
    read_csv(&mut acc, std::fs::File::open(fixture(csv)).unwrap(), None).unwrap();
    acc.finish(&Fieldwork::default())
}

fn editions() -> (Aggregates, Aggregates) {
    (aggregates("survey-v1.json", "edition-a.csv"), aggregates("survey-v2.json", "edition-b.csv"))
}

fn compared(a: &Aggregates, b: &Aggregates) -> Comparison {
    let map = ItemMap::parse(&std::fs::read_to_string(fixture("map.json")).unwrap()).unwrap();
    compare(
        &Edition { slug: "a", name: "A", aggregates: a },
        &Edition { slug: "b", name: "B", aggregates: b },
        Some(&map),
    )
    .unwrap()
}

fn close(what: &str, got: Option<f64>, want: &Value) {
    match (got, want.as_f64()) {
        (None, None) => {}
        (Some(g), Some(w)) => assert!((g - w).abs() <= TOL * w.abs().max(1.0), "{what}: got {g}, want {w}"),
        (g, w) => panic!("{what}: got {g:?}, want {w:?}"),
    }
}

fn check_cell(what: &str, cell: &ChangeCell, want: &Value) {
    close(&format!("{what} from mean"), cell.from.mean, &want["from_mean"]);
    close(&format!("{what} to mean"), cell.to.mean, &want["to_mean"]);
    let d = cell.difference.as_ref();
    close(&format!("{what} difference"), d.map(|d| d.estimate), &want["difference"]);
    if want["difference"].is_null() {
        assert!(cell.withheld.is_some(), "{what}: no difference without a reason");
        return;
    }
    let d = d.unwrap();
    close(&format!("{what} ci low"), Some(d.ci_low), &want["ci_low"]);
    close(&format!("{what} ci high"), Some(d.ci_high), &want["ci_high"]);
    close(&format!("{what} df"), d.df, &want["df"]);
    assert_eq!(Some(d.flagged), want["flagged"].as_bool(), "{what} flag");
}

fn check_rows(rows: &[ChangeRow], groups: &[String], want: &Value) -> usize {
    let want = want.as_object().unwrap();
    assert_eq!(rows.len(), want.len(), "rows compared: {:?}", rows.iter().map(|r| &r.id).collect::<Vec<_>>());
    let mut checked = 0;
    for row in rows {
        let w = &want[&row.id];
        for (g, cell) in groups.iter().zip(&row.groups) {
            check_cell(&format!("{} {g}", row.id), cell, &w["groups"][g]);
            checked += 1;
        }
        check_cell(&format!("{} overall", row.id), &row.overall, &w["overall"]);
        checked += 1;
    }
    checked
}

#[test]
fn differences_and_intervals_match_scipy() {
    let (a, b) = editions();
    let c = compared(&a, &b);
    let want: Value = serde_json::from_str(&std::fs::read_to_string(fixture("expected.json")).unwrap()).unwrap();
    let mut n = check_rows(&c.pillars, &c.groups, &want["pillars"]);
    n += check_rows(&c.subpillars, &c.groups, &want["subpillars"]);
    n += check_rows(&c.items, &c.groups, &want["items"]);
    assert_eq!(n, (2 + 3 + 6) * 6);
    assert!(c.items.iter().any(|r| r.id == "b2" && r.recoded), "b2 compared through its recoding");
    assert!(c.items.iter().any(|r| r.id == "a2n" && r.from_id == "a2"), "a2 renamed a2n");
    let mut listed: Vec<(Option<String>, Option<String>, String)> =
        c.matching.not_compared.iter().map(|x| (x.from.clone(), x.to.clone(), x.reason.clone())).collect();
    listed.sort();
    let mut expected: Vec<(Option<String>, Option<String>, String)> = want["not_compared"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| (x[0].as_str().map(String::from), x[1].as_str().map(String::from), x[2].as_str().unwrap().into()))
        .collect();
    expected.sort();
    assert_eq!(listed, expected, "every item not compared is listed with its reason");
    let beta = c.pillars.iter().find(|r| r.id == "beta").unwrap();
    let comp = beta.composition.as_ref().expect("beta's items changed");
    assert_eq!((comp.only_earlier.clone(), comp.only_later.clone()), (vec!["c3".to_string()], vec!["c4".to_string()]));
    assert_eq!(c.overall_groups_differ, vec!["international".to_string()]);
}

/// An attacker who knows their own answers and both editions' figures tries to recover the
/// suppressed cell (international, edition A): no figure of it is shown, no difference is made
/// with it, and each overall is exactly the weighted sum of that edition's published cells, so
/// subtracting the published cells from the overall leaves nothing.
#[test]
fn a_suppressed_cell_cannot_be_recovered_across_editions() {
    let (a, b) = editions();
    let c = compared(&a, &b);
    let want: Value = serde_json::from_str(&std::fs::read_to_string(fixture("expected.json")).unwrap()).unwrap();
    let g = c.groups.iter().position(|g| g == "international").unwrap();
    for row in c.pillars.iter().chain(&c.subpillars).chain(&c.items) {
        let cell = &row.groups[g];
        assert!(cell.from.suppressed && cell.from.mean.is_none() && cell.from.n.is_none(), "{} shown", row.id);
        // The hidden side carries no number at all.
        let side = serde_json::to_string(&cell.from).unwrap();
        assert!(!side.chars().any(|ch| ch.is_ascii_digit()), "{}: {side}", row.id);
        assert!(cell.difference.is_none() && cell.withheld.as_deref() == Some("suppressed"), "{}", row.id);
        // The earlier overall holds the published groups only.
        let published: Vec<(f64, f64)> = c
            .groups
            .iter()
            .enumerate()
            .filter(|&(i, _)| i != g)
            .filter_map(|(i, _)| row.groups[i].from.mean.map(|m| (m, 1.0)))
            .collect();
        let residual =
            row.overall.from.mean.unwrap() - published.iter().map(|p| p.0).sum::<f64>() / published.len() as f64;
        assert!(residual.abs() < 1e-12, "{}: the overall holds something besides the published cells", row.id);
        let n_published: u64 = (0..c.groups.len()).filter(|&i| i != g).filter_map(|i| row.groups[i].from.n).sum();
        assert_eq!(row.overall.from.n, Some(n_published), "{}: the overall's n counts a hidden group", row.id);
    }
    for (p, hidden) in want["hidden"]["from_means"].as_object().unwrap() {
        let hidden = hidden.as_f64().unwrap();
        let row = c.pillars.iter().find(|r| &r.id == p).unwrap();
        // Differences of the overall and of every published group: none is the hidden mean's.
        for d in row.groups.iter().chain([&row.overall]).filter_map(|x| x.difference.as_ref()) {
            let b_inter = row.groups[g].to.mean.unwrap();
            assert!((b_inter - d.estimate - hidden).abs() > 1e-9, "{p}: a difference gives the hidden mean");
        }
    }
}

#[test]
fn the_trend_follows_each_pillar_and_leaves_gaps_for_hidden_cells() {
    let (a, b) = editions();
    let e = |agg| Edition { slug: "x", name: "x", aggregates: agg };
    let t = trend(&[e(&a), e(&b), e(&b)]);
    assert_eq!(t.editions.len(), 3);
    let alpha = t.pillars.iter().find(|p| p.pillar == "alpha").unwrap();
    assert_eq!(alpha.overall.means.len(), 3);
    assert_eq!(alpha.overall.means[0], a.pillars[0].overall.stats.as_ref().and_then(|s| s.mean));
    let intl = alpha.groups.iter().find(|s| s.group.as_deref() == Some("international")).unwrap();
    assert!(intl.means[0].is_none() && intl.means[1].is_some());
}

#[test]
fn a_bad_map_is_refused_with_every_problem() {
    let (a, b) = editions();
    let map =
        ItemMap::parse(r#"{"zz": "a1", "b2": {"to": "b2", "recode": {"1": "1", "9": "2"}}, "a1": "nope"}"#).unwrap();
    let err = compare(
        &Edition { slug: "a", name: "A", aggregates: &a },
        &Edition { slug: "b", name: "B", aggregates: &b },
        Some(&map),
    )
    .unwrap_err()
    .to_string();
    for needle in ["zz: no such item", "a1: maps to nope", "b2: option 2 has no recoding", "b2: recodes 9"] {
        assert!(err.contains(needle), "{needle} missing from: {err}");
    }
    assert!(ItemMap::parse("[1]").is_err() && ItemMap::parse(r#"{"a": 3}"#).is_err());
}
