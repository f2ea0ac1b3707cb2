//! The pages of the form: as declared (ids unique, every question on exactly one page) or, without
//! `pages`, one for the profile and one per pillar.

use std::collections::{BTreeMap, HashMap};

use serde_json::{Map, Value};

use super::{Cx, str_at};
use crate::survey::i18n::I18n;
use crate::survey::model::{Page, Pillar, Question};

impl Cx {
    pub(super) fn pages(&mut self, meta: &Map<String, Value>, pillars: &[Pillar], questions: &[Question]) -> Vec<Page> {
        let Some(list) = meta.get("pages").and_then(Value::as_array) else { return default_pages(pillars, questions) };
        let mut pages = Vec::new();
        let mut ids = HashMap::new();
        let mut placed: BTreeMap<String, String> = BTreeMap::new();
        for (i, p) in list.iter().enumerate() {
            let ptr = format!("/x-dra/pages/{i}");
            let Some(p) = p.as_object() else { continue };
            let id = str_at(p, "id").unwrap_or_default().to_string();
            self.unique_id(&mut ids, &id, &format!("{ptr}/id"), "page");
            let title = self.text(&format!("{ptr}/title"), p.get("title"), true);
            let mut qs = Vec::new();
            for (j, q) in p.get("questions").and_then(Value::as_array).into_iter().flatten().enumerate() {
                let Some(q) = q.as_str() else { continue };
                let qptr = format!("{ptr}/questions/{j}");
                if !questions.iter().any(|x| x.id == q) {
                    self.problem(&qptr, format!("unknown question \"{q}\""));
                } else if let Some(first) = placed.get(q) {
                    self.problem(&qptr, format!("question \"{q}\" is already on a page (at {first})"));
                } else {
                    placed.insert(q.to_string(), qptr);
                    qs.push(q.to_string());
                }
            }
            pages.push(Page { id, title, questions: qs });
        }
        for q in questions {
            if !placed.contains_key(&q.id) {
                self.problem("/x-dra/pages", format!("question \"{}\" is on no page", q.id));
            }
        }
        pages
    }
}

/// Without `pages`: one page of unscored questions outside any pillar (the profile), then one page
/// per pillar with its questions in form order.
fn default_pages(pillars: &[Pillar], questions: &[Question]) -> Vec<Page> {
    let pillar_of = |q: &Question| {
        q.subpillar.as_deref().and_then(|s| pillars.iter().find(|p| p.subpillars.iter().any(|x| x.id == s)))
    };
    let mut pages = Vec::new();
    let profile: Vec<String> = questions.iter().filter(|q| pillar_of(q).is_none()).map(|q| q.id.clone()).collect();
    if !profile.is_empty() {
        let mut title = BTreeMap::new();
        title.insert("es".to_string(), "Sobre usted".to_string());
        title.insert("en".to_string(), "About you".to_string());
        pages.push(Page { id: "profile".into(), title: I18n(title), questions: profile });
    }
    for p in pillars {
        let qs: Vec<String> =
            questions.iter().filter(|q| pillar_of(q).is_some_and(|x| x.id == p.id)).map(|q| q.id.clone()).collect();
        pages.push(Page { id: p.id.clone(), title: p.label.clone(), questions: qs });
    }
    pages
}
