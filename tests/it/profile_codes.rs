//! Breakdowns through the database read the compact profile codes: on dra-core (a definition
//! unlike bench-40: profile fields, don't-knows, not-applicables) `dra analyze --by FIELD` gives
//! exactly the figures it gives when every row has to be read from its JSON (codes in the form
//! written before profile codes existed, or no codes at all), and the migration that introduced
//! them rewrites such rows once, each to the codes its answers give (checked by applying it again).

#![allow(clippy::unwrap_used)]

use diesel::prelude::*;
use dra::db::schema::responses;
use serde_json::Value;

use crate::support::{TestDb, conn, dra, repo, stderr, stdout};

/// Paper forms for dra-core: every profile field and scored item, with empty answers, don't-knows
/// and not-applicables, from a fixed sequence.
fn forms(s: &dra::survey::Survey, n: usize) -> String {
    use dra::survey::QuestionKind;
    let group = s.questions.iter().find(|q| q.profile.as_deref() == Some("group")).map(|q| q.id.clone());
    let cols: Vec<&dra::survey::Question> = s
        .questions
        .iter()
        .filter(|q| Some(&q.id) != group.as_ref())
        .filter(|q| matches!(q.kind, QuestionKind::Scored | QuestionKind::Single) && !q.options.is_empty())
        .collect();
    let groups = ["public", "private", "civil_society", "academia", "international"];
    let mut out = format!("respondent,group,{}\n", cols.iter().map(|q| q.id.as_str()).collect::<Vec<_>>().join(","));
    let mut x = 0x9e37_79b9_u64;
    let mut next = |k: usize| {
        x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        ((x >> 33) % k as u64) as usize
    };
    for r in 0..n {
        let mut row = vec![format!("P{r:05}"), groups[next(groups.len())].to_string()];
        for q in &cols {
            let pick = next(q.options.len() + 1);
            row.push(q.options.get(pick).map_or_else(String::new, |o| match &o.value {
                Value::String(t) => t.clone(),
                v => v.to_string(),
            }));
        }
        out.push_str(&row.join(","));
        out.push('\n');
    }
    out
}

fn analyze(env: &[(&str, &str)], dir: &std::path::Path, by: &str) -> Value {
    let file = dir.join(format!("by-{by}.json"));
    let out = dra(&["analyze", "--campaign", "core", "--by", by, "--out", file.to_str().unwrap_or_default()], env);
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_str(&std::fs::read_to_string(&file).unwrap_or_default()).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn breakdowns_read_from_codes_equal_those_read_from_json_and_old_rows_are_rewritten() {
    let db = TestDb::new();
    let data = db.dir.path().to_str().unwrap_or_default().to_string();
    let env = [("DATABASE_URL", db.url.as_str()), ("DRA_DATA_DIR", data.as_str()), ("DRA_LANG", "en")];
    for args in [
        vec!["survey", "import", &repo("surveys/dra-core.json")],
        vec!["campaign", "create", "--slug", "core", "--name", "Core", "--survey", "dra-core"],
        vec!["campaign", "open", "core"],
    ] {
        let out = dra(&args, &env);
        assert!(out.status.success(), "{args:?}: {}{}", stdout(&out), stderr(&out));
    }
    let survey = dra::survey::load_file(std::path::Path::new(&repo("surveys/dra-core.json"))).unwrap();
    let csv = db.dir.path().join("forms.csv");
    std::fs::write(&csv, forms(&survey, 600)).unwrap();
    let out = dra(&["responses", "import", "--campaign", "core", csv.to_str().unwrap_or_default()], &env);
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));

    let mut c = conn(&db);
    let stored: Vec<Option<String>> = responses::table.select(responses::codes).load(&mut c).unwrap();
    assert_eq!(stored.len(), 600);
    assert!(stored.iter().all(|c| c.as_deref().is_some_and(|c| c.contains('.'))), "codes hold the profile fields");

    let fields = ["gender", "department", "age_band", "area"];
    let from_codes: Vec<Value> = fields.iter().map(|f| analyze(&env, db.dir.path(), f)).collect();
    for (f, agg) in fields.iter().zip(&from_codes) {
        let published = agg["pillars"][0]["by"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|row| row.as_array().into_iter().flatten())
            .filter(|cell| cell["stats"]["mean"].is_number())
            .count();
        assert!(published > 0, "--by {f}: some cell of the breakdown is published");
    }

    // The same rows with their codes in the older form (no profile part): read from the JSON.
    let legacy: Vec<(i64, Option<String>)> =
        responses::table.select((responses::id, responses::codes)).load(&mut c).unwrap();
    for (id, codes) in &legacy {
        let old = codes.as_deref().and_then(|t| t.split('.').next()).map(str::to_string);
        diesel::update(responses::table.filter(responses::id.eq(id)))
            .set(responses::codes.eq(old))
            .execute(&mut c)
            .unwrap();
    }
    for (f, want) in fields.iter().zip(&from_codes) {
        assert_eq!(&analyze(&env, db.dir.path(), f), want, "--by {f}: rows read from JSON give other figures");
    }

    // Applying the migration that introduced profile codes rewrites them once: each row gets the
    // codes its answers give.
    while !dra::db::migrate::pending(&mut c).unwrap().iter().any(|n| n.contains("000015")) {
        use diesel_migrations::MigrationHarness;
        match &mut c {
            dra::db::AnyConnection::Sqlite(s) => s.revert_last_migration(dra::db::migrate::SQLITE).map(|_| ()),
            dra::db::AnyConnection::Postgresql(p) => p.revert_last_migration(dra::db::migrate::POSTGRES).map(|_| ()),
        }
        .unwrap();
    }
    let applied = dra::db::migrate::run_pending(&mut c).unwrap();
    assert!(applied.iter().any(|n| n.contains("000015")), "{applied:?}");
    assert!(dra::db::migrate::pending(&mut c).unwrap().is_empty());
    assert_eq!(dra::db::recode::legacy_codes(&mut c).unwrap(), 0, "a second pass finds nothing to rewrite");
    let rows: Vec<(String, Option<String>)> =
        responses::table.select((responses::answers, responses::codes)).load(&mut c).unwrap();
    for (answers, codes) in &rows {
        let map: serde_json::Map<String, Value> = serde_json::from_str(answers).unwrap();
        assert_eq!(codes, &dra::analysis::codes::encode(&survey, &map));
    }
    for (f, want) in fields.iter().zip(&from_codes) {
        assert_eq!(&analyze(&env, db.dir.path(), f), want, "--by {f}: rewritten codes give other figures");
    }

    // No codes at all: every row read from its JSON, the same figures again.
    diesel::update(responses::table).set(responses::codes.eq(None::<String>)).execute(&mut c).unwrap();
    assert_eq!(&analyze(&env, db.dir.path(), "gender"), &from_codes[0]);
}
