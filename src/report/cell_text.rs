//! Text cells of spreadsheets (CSV, XLSX) that came from outside: a respondent's or an
//! administrator's words, a group's name, a user name in the audit log. A cell that starts with
//! `=`, `+`, `-`, `@`, a tab or a carriage return is read as a formula by spreadsheet programs
//! (OWASP "CSV injection"); it gets a `'` in front, which they show as text. Plain numbers
//! ("-3", "+1.5") are left as they are, so numeric columns stay numeric.

use std::borrow::Cow;

/// What a CSV starts with so that Excel reads it as UTF-8 (Spanish accents intact).
pub const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// The cell as it is safe to write.
pub fn neutralise(s: &str) -> Cow<'_, str> {
    let risky = s.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && !is_plain_number(s) { Cow::Owned(format!("'{s}")) } else { Cow::Borrowed(s) }
}

/// A number as a spreadsheet reads it without evaluating anything: sign, digits, one point,
/// an exponent.
fn is_plain_number(s: &str) -> bool {
    let body = s.strip_prefix(['+', '-']).unwrap_or(s);
    !body.is_empty()
        && body.chars().next().is_some_and(|c| c.is_ascii_digit() || c == '.')
        && body.parse::<f64>().is_ok_and(f64::is_finite)
}

#[cfg(test)]
mod tests {
    use super::neutralise;

    #[test]
    fn formulas_become_text_and_numbers_stay_numbers() {
        for risky in
            ["=HYPERLINK(\"http://x\",\"y\")", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\tx", "\r=1", "-", "+"]
        {
            assert_eq!(neutralise(risky), format!("'{risky}"), "{risky:?}");
        }
        for safe in ["-3", "+1.5", "-0.25", "2.5e3", "Ana", "", "ministerio = 1", "3"] {
            assert_eq!(neutralise(safe), safe, "{safe:?}");
        }
    }
}
