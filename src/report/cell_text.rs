//! Text cells of spreadsheets (CSV, XLSX) that came from outside: a respondent's or an
//! administrator's words, a group's name, a user name in the audit log. A cell that starts with
//! `=`, `+`, `-`, `@`, a tab or a carriage return is read as a formula by spreadsheet programs
//! (OWASP "CSV injection"); it gets a `'` in front, which they show as text. Plain numbers
//! ("-3", "+1.5") are left as they are, so numeric columns stay numeric. For a spreadsheet whose
//! locale reads "2,67", `excel_dialect` rewrites a CSV with semicolons and decimal commas.

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

/// A CSV of ours (byte-order mark, commas, decimal points) rewritten for a spreadsheet whose
/// locale takes the comma as decimal mark (Spanish Excel): semicolons between fields and decimal
/// commas in plain numbers. A first line that is a note (`# …`) stays as it is.
pub fn excel_dialect(csv_bytes: &[u8]) -> Result<Vec<u8>, csv::Error> {
    let body = csv_bytes.strip_prefix(UTF8_BOM).unwrap_or(csv_bytes);
    let mut out = UTF8_BOM.to_vec();
    let body = if body.starts_with(b"#") {
        let end = body.iter().position(|&b| b == b'\n').map_or(body.len(), |i| i + 1);
        out.extend_from_slice(&body[..end]);
        &body[end..]
    } else {
        body
    };
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(body);
    let mut writer = csv::WriterBuilder::new().delimiter(b';').flexible(true).from_writer(out);
    for record in reader.records() {
        let record = record?;
        let fields = record
            .iter()
            .map(|f| if f.contains('.') && is_plain_number(f) { f.replace('.', ",") } else { f.to_string() });
        writer.write_record(fields)?;
    }
    writer.into_inner().map_err(|e| csv::Error::from(std::io::Error::other(e.to_string())))
}

#[cfg(test)]
mod tests {
    use super::neutralise;

    #[test]
    fn the_excel_dialect_takes_semicolons_and_decimal_commas() {
        let ours = b"\xEF\xBB\xBF# a note, kept\nscale,mean,label\npillar,2.67,\"Sistem\xC3\xA1tico, 2.5 km\"\n";
        let excel = String::from_utf8(super::excel_dialect(ours).unwrap_or_default()).unwrap_or_default();
        assert_eq!(excel, "\u{feff}# a note, kept\nscale;mean;label\npillar;2,67;Sistemático, 2.5 km\n");
    }

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
