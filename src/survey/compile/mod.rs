//! From a definition's JSON to a [`Survey`]: the checks a JSON Schema cannot express (unique ids,
//! references that resolve, every text in every declared language, distinct scores, pages), then
//! the compiled model. Tolerant of shapes the vocabulary meta-schema already reported: it skips
//! what it cannot read instead of reporting it twice.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde_json::{Map, Value};

use super::i18n::I18n;
use super::locate::escape_token;
use super::model::{AnswerOption, MissingCode, Page, Pillar, Question, QuestionKind, SubPillar, Survey, values_equal};
use super::problem::Problem;

/// The profile field every survey must ask, required: the respondent's stakeholder group.
pub const GROUP_PROFILE: &str = "group";

/// Checks `def` and builds the survey; `None` when any problem was found.
pub fn compile(def: &Value, content_hash: &str) -> (Option<Survey>, Vec<Problem>) {
    let mut cx = Cx::default();
    let survey = cx.survey(def, content_hash);
    if cx.problems.is_empty() { (survey, cx.problems) } else { (None, cx.problems) }
}

#[derive(Default)]
struct Cx {
    problems: Vec<Problem>,
    langs: Vec<String>,
}

fn str_at<'a>(obj: &'a Map<String, Value>, key: &str) -> Option<&'a str> {
    obj.get(key).and_then(Value::as_str)
}

fn describe(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 40 { format!("{}…", s.chars().take(40).collect::<String>()) } else { s }
}

impl Cx {
    fn problem(&mut self, pointer: impl Into<String>, message: impl Into<String>) {
        self.problems.push(Problem::at(pointer, message));
    }

    /// A text that must exist in every declared language and no other.
    fn text(&mut self, pointer: &str, value: Option<&Value>, required: bool) -> I18n {
        let Some(value) = value else {
            if required {
                self.problem(pointer, "missing text: give it in every declared language");
            }
            return I18n::default();
        };
        let text = I18n::from_value(Some(value));
        if value.is_object() {
            for lang in self.langs.clone() {
                if !text.0.contains_key(&lang) {
                    self.problem(
                        pointer,
                        format!("missing the \"{lang}\" text (the survey declares {})", self.langs.join(", ")),
                    );
                }
            }
            for lang in text.0.keys() {
                if !self.langs.contains(lang) {
                    self.problems.push(Problem::at_key(
                        format!("{pointer}/{}", escape_token(lang)),
                        format!("text in \"{lang}\", which the survey does not declare in x-dra/languages"),
                    ));
                }
            }
        }
        text
    }

    fn weight(obj: &Map<String, Value>) -> f64 {
        obj.get("weight").and_then(Value::as_f64).filter(|w| *w > 0.0).unwrap_or(1.0)
    }

    fn survey(&mut self, def: &Value, content_hash: &str) -> Option<Survey> {
        let root = def.as_object()?;
        let Some(meta) = root.get("x-dra").and_then(Value::as_object) else {
            self.problem("", "missing the \"x-dra\" object that describes the survey");
            return None;
        };
        self.langs = meta
            .get("languages")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).map(str::to_string).collect())
            .unwrap_or_default();
        let default_language = str_at(meta, "default_language").unwrap_or_default().to_string();
        if !self.langs.is_empty() && !default_language.is_empty() && !self.langs.contains(&default_language) {
            self.problem(
                "/x-dra/default_language",
                format!("\"{default_language}\" is not one of the declared languages ({})", self.langs.join(", ")),
            );
        }
        let title = self.text("/x-dra/title", meta.get("title"), true);
        let description = self.text("/x-dra/description", meta.get("description"), false);
        let stages: Vec<I18n> = meta
            .get("stages")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter().enumerate().map(|(i, v)| self.text(&format!("/x-dra/stages/{i}"), Some(v), true)).collect()
            })
            .unwrap_or_default();
        let pillars = self.pillars(meta);
        let subpillar_ids: BTreeSet<String> =
            pillars.iter().flat_map(|p| p.subpillars.iter().map(|s| s.id.clone())).collect();

        let required: Vec<String> = root
            .get("required")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).map(str::to_string).collect())
            .unwrap_or_default();
        let scale_top = stages.len().max(2) as f64;
        let mut questions = Vec::new();
        if let Some(props) = root.get("properties").and_then(Value::as_object) {
            for (id, q) in props {
                if let Some(q) = self.question(id, q, &subpillar_ids, &required, scale_top) {
                    questions.push(q);
                }
            }
            for (i, r) in required.iter().enumerate() {
                if !props.contains_key(r) {
                    self.problem(
                        format!("/required/{i}"),
                        format!("\"{r}\" is required but there is no such question in properties"),
                    );
                }
            }
        }
        self.coverage_of_pillars(&pillars, &questions);
        self.profiles(&questions);
        let pages = self.pages(meta, &pillars, &questions);
        let min_coverage = meta.get("min_coverage").and_then(Value::as_f64).unwrap_or(0.5);
        Some(Survey {
            id: str_at(meta, "id").unwrap_or_default().to_string(),
            version: str_at(meta, "version").unwrap_or_default().to_string(),
            content_hash: content_hash.to_string(),
            languages: self.langs.clone(),
            default_language,
            title,
            description,
            stages,
            min_coverage,
            pillars,
            questions,
            pages,
            schema: def.clone(),
        })
    }

    fn pillars(&mut self, meta: &Map<String, Value>) -> Vec<Pillar> {
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

    fn unique_id(&mut self, seen: &mut HashMap<String, String>, id: &str, pointer: &str, what: &str) {
        if id.is_empty() {
            return;
        }
        if let Some(first) = seen.get(id) {
            self.problem(pointer, format!("duplicate {what} id \"{id}\" (first used at {first})"));
        } else {
            seen.insert(id.to_string(), pointer.to_string());
        }
    }

    fn question(
        &mut self,
        id: &str,
        q: &Value,
        subpillars: &BTreeSet<String>,
        required: &[String],
        scale_top: f64,
    ) -> Option<Question> {
        let ptr = format!("/properties/{}", escape_token(id));
        let q = q.as_object()?;
        let ann = q.get("x-dra").and_then(Value::as_object)?;
        let kind = match str_at(ann, "type")? {
            "scored" => QuestionKind::Scored,
            "single" => QuestionKind::Single,
            "multiple" => QuestionKind::Multiple,
            "number" => QuestionKind::Number,
            "text" => QuestionKind::Text,
            _ => return None,
        };
        let aptr = format!("{ptr}/x-dra");
        let subpillar = str_at(ann, "subpillar").map(str::to_string);
        let profile = str_at(ann, "profile").map(str::to_string);
        if let Some(s) = &subpillar {
            if !matches!(kind, QuestionKind::Scored | QuestionKind::Text) {
                self.problem(
                    format!("{aptr}/subpillar"),
                    "only scored questions and comment (text) questions belong to a sub-pillar",
                );
            } else if !subpillars.contains(s) {
                let known: Vec<&str> = subpillars.iter().map(String::as_str).collect();
                self.problem(
                    format!("{aptr}/subpillar"),
                    format!("unknown sub-pillar \"{s}\"; the survey defines: {}", known.join(", ")),
                );
            }
        }
        if profile.is_some() && kind == QuestionKind::Scored {
            self.problem(format!("{aptr}/profile"), "a scored question cannot be a profile question: profile questions describe the respondent and are not scored");
        }
        let text = self.text(&format!("{aptr}/text"), ann.get("text"), true);
        let help = self.text(&format!("{aptr}/help"), ann.get("help"), false);
        let unit = self.text(&format!("{aptr}/unit"), ann.get("unit"), false);
        let reverse = ann.get("reverse").and_then(Value::as_bool).unwrap_or(false);
        let (options_value, options_ptr) = match kind {
            QuestionKind::Multiple => (q.get("items").and_then(|i| i.get("oneOf")), format!("{ptr}/items/oneOf")),
            _ => (q.get("oneOf"), format!("{ptr}/oneOf")),
        };
        let mut options = match kind {
            QuestionKind::Scored | QuestionKind::Single | QuestionKind::Multiple => {
                self.options(options_value, &options_ptr, kind)
            }
            _ => Vec::new(),
        };
        if kind == QuestionKind::Scored {
            self.scale(&mut options, &options_ptr, reverse, scale_top);
        } else if reverse {
            self.problem(format!("{aptr}/reverse"), "only scored questions can be reversed");
        }
        Some(Question {
            id: id.to_string(),
            kind,
            subpillar,
            profile,
            text,
            help,
            unit,
            required: required.iter().any(|r| r == id),
            weight: Self::weight(ann),
            reverse,
            options,
            bounds: (q.get("minimum").and_then(Value::as_f64), q.get("maximum").and_then(Value::as_f64)),
            max_length: q.get("maxLength").and_then(Value::as_u64),
        })
    }

    fn options(&mut self, list: Option<&Value>, ptr: &str, kind: QuestionKind) -> Vec<AnswerOption> {
        let mut out: Vec<AnswerOption> = Vec::new();
        for (i, o) in list.and_then(Value::as_array).into_iter().flatten().enumerate() {
            let optr = format!("{ptr}/{i}");
            let Some(o) = o.as_object() else { continue };
            let Some(value) = o.get("const") else { continue };
            let ann = o.get("x-dra").and_then(Value::as_object);
            let label = self.text(&format!("{optr}/x-dra/label"), ann.and_then(|a| a.get("label")), true);
            if out.iter().any(|prev| values_equal(&prev.value, value)) {
                self.problem(format!("{optr}/const"), format!("duplicate option value {}", describe(value)));
            }
            let missing = match ann.and_then(|a| str_at(a, "missing")) {
                Some("dont_know") => Some(MissingCode::DontKnow),
                Some("not_applicable") => Some(MissingCode::NotApplicable),
                _ => None,
            };
            let explicit = ann.and_then(|a| a.get("score")).and_then(Value::as_f64);
            let score = match kind {
                QuestionKind::Scored if missing.is_none() => {
                    let s = explicit.or_else(|| value.as_f64());
                    if s.is_none() {
                        self.problem(
                            format!("{optr}/x-dra"),
                            format!("option {} has no score: add \"score\", or a \"missing\" code (dont_know, not_applicable) if it is not a score", describe(value)),
                        );
                    }
                    s
                }
                QuestionKind::Scored => {
                    if explicit.is_some() {
                        self.problem(
                            format!("{optr}/x-dra/score"),
                            "an option with a \"missing\" code has no score: it never enters a mean",
                        );
                    }
                    None
                }
                _ => {
                    if explicit.is_some() {
                        self.problem(format!("{optr}/x-dra/score"), "only options of scored questions have scores");
                    }
                    None
                }
            };
            out.push(AnswerOption { value: value.clone(), label, score, missing, scale_value: None });
        }
        out
    }

    /// Places a scored question's substantive options on the stage scale 1..=S.
    fn scale(&mut self, options: &mut [AnswerOption], ptr: &str, reverse: bool, top: f64) {
        let mut scores: Vec<f64> = options.iter().filter_map(|o| o.score).collect();
        scores.sort_by(f64::total_cmp);
        if scores.windows(2).any(|w| w[0] == w[1]) {
            let listed: Vec<String> = options.iter().filter_map(|o| o.score).map(|s| s.to_string()).collect();
            self.problem(
                ptr,
                format!(
                    "the option scores are not distinct ({}): each substantive option needs its own score",
                    listed.join(", ")
                ),
            );
            return;
        }
        let k = scores.len();
        if k < 2 {
            self.problem(ptr, format!("a scored question needs at least two options with a score, found {k}"));
            return;
        }
        for o in options.iter_mut() {
            let Some(s) = o.score else { continue };
            let Some(rank) = scores.iter().position(|x| *x == s) else { continue };
            let rank = if reverse { k - 1 - rank } else { rank };
            o.scale_value = Some(1.0 + (top - 1.0) * rank as f64 / (k - 1) as f64);
        }
    }

    fn coverage_of_pillars(&mut self, pillars: &[Pillar], questions: &[Question]) {
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

    fn profiles(&mut self, questions: &[Question]) {
        let mut seen: HashMap<String, String> = HashMap::new();
        for q in questions {
            if let Some(p) = &q.profile {
                let ptr = format!("/properties/{}/x-dra/profile", escape_token(&q.id));
                self.unique_id(&mut seen, p, &ptr, "profile field");
            }
        }
        match questions.iter().find(|q| q.profile.as_deref() == Some(GROUP_PROFILE)) {
            None => self.problem(
                "/properties",
                "no stakeholder-group question: add a required \"single\" question with \"profile\": \"group\"",
            ),
            Some(q) => {
                let ptr = format!("/properties/{}", escape_token(&q.id));
                if q.kind != QuestionKind::Single {
                    self.problem(
                        format!("{ptr}/x-dra/type"),
                        "the stakeholder-group question must be a \"single\" choice",
                    );
                }
                if !q.required {
                    self.problem(
                        ptr,
                        format!("the stakeholder-group question \"{}\" must be listed in \"required\"", q.id),
                    );
                }
            }
        }
    }

    fn pages(&mut self, meta: &Map<String, Value>, pillars: &[Pillar], questions: &[Question]) -> Vec<Page> {
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
