//! Languages as XLSForm writes them: `label::Español (es)` — a name for people, the code in
//! parentheses for machines. The code is what a dra definition keeps; the name is put back on
//! export from a short table (the code itself where the table has none).

/// Names of the languages a DRA is usually written in, by code.
const NAMES: &[(&str, &str)] = &[
    ("es", "Español"),
    ("en", "English"),
    ("fr", "Français"),
    ("pt", "Português"),
    ("de", "Deutsch"),
    ("it", "Italiano"),
    ("nl", "Nederlands"),
    ("ar", "العربية"),
    ("ru", "Русский"),
    ("zh", "中文"),
    ("sw", "Kiswahili"),
    ("ht", "Kreyòl ayisyen"),
    ("qu", "Runasimi"),
    ("gn", "Avañe'ẽ"),
    ("ay", "Aymar aru"),
    ("quc", "K'iche'"),
    ("mam", "Mam"),
    ("kek", "Q'eqchi'"),
    ("cak", "Kaqchikel"),
];

/// Whether `s` is a language code as definitions write them (`es`, `quc`, `pt-BR`).
pub fn is_code(s: &str) -> bool {
    let mut parts = s.split('-');
    let first = parts.next().unwrap_or_default();
    (2..=3).contains(&first.len())
        && first.chars().all(|c| c.is_ascii_lowercase())
        && parts.all(|p| (2..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// The code of a language as a column or setting names it: `Español (es)` or `es`.
pub fn code_of(written: &str) -> Result<String, String> {
    let w = written.trim();
    if let Some(open) = w.rfind('(')
        && let Some(inner) = w.get(open + 1..).and_then(|r| r.strip_suffix(')'))
    {
        let code = inner.trim();
        return if is_code(code) {
            Ok(code.to_string())
        } else {
            Err(format!("\"{code}\" is not a language code (such as es, en or quc)"))
        };
    }
    if is_code(w) {
        return Ok(w.to_string());
    }
    Err(format!("the language \"{w}\" has no code: write it as \"{w} (CODE)\", for example \"Español (es)\""))
}

/// How a column names a language: `Español (es)`.
pub fn written(code: &str) -> String {
    let name = NAMES.iter().find(|(c, _)| *c == code).map_or(code, |(_, n)| n);
    format!("{name} ({code})")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_from_names_and_back() {
        assert_eq!(code_of("Español (es)"), Ok("es".to_string()));
        assert_eq!(code_of(" K'iche' (quc) "), Ok("quc".to_string()));
        assert_eq!(code_of("pt-BR"), Ok("pt-BR".to_string()));
        assert!(code_of("English").is_err_and(|e| e.contains("has no code")));
        assert!(code_of("English (English)").is_err_and(|e| e.contains("not a language code")));
        assert_eq!(written("es"), "Español (es)");
        assert_eq!(written("xx"), "xx (xx)");
        assert_eq!(code_of(&written("quc")), Ok("quc".to_string()));
    }
}
