//! A readable outline of a survey for `dra survey show`: pillars, sub-pillars, question counts,
//! profile fields, languages, pages and the conditional questions.

use std::fmt::Write;

use super::model::{QuestionKind, Survey};

/// The outline in `lang` (falls back to the survey's default language).
pub fn outline(s: &Survey, lang: &str) -> String {
    let d = &s.default_language;
    let mut out = String::new();
    let scored = s.scored_questions().count();
    let _ = writeln!(out, "{} — {} (version {}, {})", s.id, s.title.get(lang, d), s.version, short(&s.content_hash));
    let _ = writeln!(out, "languages: {} (default {})", s.languages.join(", "), d);
    let stages: Vec<&str> = s.stages.iter().map(|t| t.get(lang, d)).collect();
    let _ = writeln!(out, "scale: 1-{} ({})", s.stages.len(), stages.join(" · "));
    let _ = writeln!(
        out,
        "{} pillars, {} sub-pillars, {} questions ({} scored), {} pages, pillar score needs {:.0}% of its items",
        s.pillars.len(),
        s.pillars.iter().map(|p| p.subpillars.len()).sum::<usize>(),
        s.questions.len(),
        scored,
        s.pages.len(),
        s.min_coverage * 100.0
    );
    let profiles: Vec<String> = s
        .profile_questions()
        .map(|q| format!("{}{}", q.profile.as_deref().unwrap_or_default(), if q.required { "*" } else { "" }))
        .collect();
    let _ = writeln!(out, "profile fields: {} (* required)", profiles.join(", "));
    for p in &s.pillars {
        let n: usize = p.subpillars.iter().map(|sp| s.items_of(&sp.id).count()).sum();
        let _ = writeln!(out, "\n{} — {} [{} items, weight {}]", p.id, p.label.get(lang, d), n, p.weight);
        for sp in &p.subpillars {
            let items: Vec<_> = s.items_of(&sp.id).collect();
            let reversed = items.iter().filter(|q| q.reverse).count();
            let rev = if reversed > 0 { format!(", {reversed} reversed") } else { String::new() };
            let _ = writeln!(
                out,
                "  {} — {} [{} items{rev}, weight {}]",
                sp.id,
                sp.label.get(lang, d),
                items.len(),
                sp.weight
            );
        }
    }
    let _ = writeln!(out, "\npages:");
    for (i, pg) in s.pages.iter().enumerate() {
        let _ = writeln!(out, "  {}. {} ({} questions)", i + 1, pg.title.get(lang, d), pg.questions.len());
    }
    let other: Vec<&str> = s
        .questions
        .iter()
        .filter(|q| matches!(q.kind, QuestionKind::Text | QuestionKind::Number | QuestionKind::Multiple))
        .map(|q| q.id.as_str())
        .collect();
    if !other.is_empty() {
        let _ = writeln!(out, "\nother questions (text, number, multiple): {}", other.len());
    }
    let conditional: Vec<_> = s.questions.iter().filter(|q| q.relevant.is_some()).collect();
    if !conditional.is_empty() {
        let _ = writeln!(out, "\nconditional questions:");
        for q in conditional {
            let Some(c) = &q.relevant else { continue };
            let words = c.in_words(s, lang, &|x| x.id.clone());
            let required = if q.required { "; required when asked" } else { "" };
            let _ = writeln!(out, "  {}: asked only if {words}{required}", q.id);
        }
    }
    out
}

fn short(hash: &str) -> &str {
    hash.get(..12).unwrap_or(hash)
}
