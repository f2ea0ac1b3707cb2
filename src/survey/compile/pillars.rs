//! Pillars and sub-pillars: ids unique across both, labels in every language, weights; and the
//! check that every pillar and sub-pillar has at least one scored question.

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::{Cx, str_at};
use crate::survey::model::{Pillar, Question, QuestionKind, SubPillar};

impl Cx {
    pub(super) fn pillars(&mut self, meta: &Map<String, Value>) -> Vec<Pillar> {
        let mut seen: HashMap<String, String> = HashMap::new();
        let mut out = Vec::new();
        let Some(list) = meta.get("pillars").and_then(Value::as_array) else { return out };
        for (i, p) in list.iter().enumerate() {
            let ptr = format!("/x-dra/pillars/{i}");
            let Some(p) = p.as_object() else { continue };
            let id = str_at(p, "id").unwrap_or_default().to_string();
            self.unique_id(&mut seen, &id, &format!("{ptr}/id"), "pillar or sub-pillar");
            let label = self.text(&format!("{ptr}/label"), p.get("label"), true);
            let description = self.text(&format!("{ptr}/description"), p.get("description"), false);
            let mut subpillars = Vec::new();
            for (j, s) in p.get("subpillars").and_then(Value::as_array).into_iter().flatten().enumerate() {
                let sptr = format!("{ptr}/subpillars/{j}");
                let Some(s) = s.as_object() else { continue };
                let sid = str_at(s, "id").unwrap_or_default().to_string();
                self.unique_id(&mut seen, &sid, &format!("{sptr}/id"), "pillar or sub-pillar");
                subpillars.push(SubPillar {
                    id: sid,
                    label: self.text(&format!("{sptr}/label"), s.get("label"), true),
                    description: self.text(&format!("{sptr}/description"), s.get("description"), false),
                    weight: Self::weight(s),
                });
            }
            out.push(Pillar { id, label, description, weight: Self::weight(p), subpillars });
        }
        out
    }

    pub(super) fn coverage_of_pillars(&mut self, pillars: &[Pillar], questions: &[Question]) {
        let scored =
            |sid: &str| questions.iter().any(|q| q.kind == QuestionKind::Scored && q.subpillar.as_deref() == Some(sid));
        for (i, p) in pillars.iter().enumerate() {
            if !p.subpillars.iter().any(|s| scored(&s.id)) {
                self.problem(format!("/x-dra/pillars/{i}"), format!("pillar \"{}\" has no scored question", p.id));
                continue;
            }
            for (j, s) in p.subpillars.iter().enumerate() {
                if !scored(&s.id) {
                    self.problem(
                        format!("/x-dra/pillars/{i}/subpillars/{j}"),
                        format!("sub-pillar \"{}\" has no scored question", s.id),
                    );
                }
            }
        }
    }
}
