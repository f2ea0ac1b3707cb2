//! Layout read back from rendered pages: every word of a PDF (`pdftotext -bbox-layout`, poppler)
//! must lie inside the side margins and the page, no two words may overlap, and no label may be
//! cut with "…". HTML is printed to PDF by Chromium and read the same way.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::Command;

/// The PDF's side margins: 17 mm (reports/report.typ).
pub const PDF_MARGIN: f64 = 17.0 * 72.0 / 25.4;
/// The HTML's print margins: 16 mm (reports/report.css).
pub const HTML_MARGIN: f64 = 16.0 * 72.0 / 25.4;

fn run(cmd: &str, args: &[&str]) -> String {
    let out = Command::new(cmd).args(args).output().unwrap_or_else(|e| panic!("{cmd}: {e} (install poppler-utils)"));
    assert!(out.status.success(), "{cmd} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// One word of a page as poppler places it (points, origin top left).
#[derive(Debug)]
struct Word {
    page: usize,
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
    text: String,
}

/// The value of attribute `name` in an XML start tag.
fn attr(tag: &str, name: &str) -> f64 {
    let key = format!("{name}=\"");
    let start = tag.find(&key).map(|i| i + key.len()).unwrap_or_else(|| panic!("no {name} in {tag}"));
    let end = tag[start..].find('"').unwrap() + start;
    tag[start..end].parse().unwrap()
}

/// Page sizes and words of `pdf`.
fn words(pdf: &Path) -> (Vec<(f64, f64)>, Vec<Word>) {
    let xml = run("pdftotext", &["-bbox-layout", pdf.to_str().unwrap(), "-"]);
    let (mut pages, mut words) = (Vec::new(), Vec::new());
    for chunk in xml.split("<page ").skip(1) {
        let head = &chunk[..chunk.find('>').unwrap()];
        pages.push((attr(head, "width"), attr(head, "height")));
        for w in chunk.split("<word ").skip(1) {
            let close = w.find('>').unwrap();
            let tag = &w[..close];
            let text = &w[close + 1..w.find("</word>").unwrap()];
            let text = text
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&apos;", "'")
                .replace("&amp;", "&");
            words.push(Word {
                page: pages.len(),
                x0: attr(tag, "xMin"),
                y0: attr(tag, "yMin"),
                x1: attr(tag, "xMax"),
                y1: attr(tag, "yMax"),
                text,
            });
        }
    }
    (pages, words)
}

/// What is wrong with the layout of `pdf` whose side margins are `margin` points.
pub fn layout_problems(pdf: &Path, margin: f64) -> Vec<String> {
    let (pages, words) = words(pdf);
    let mut problems = Vec::new();
    for w in &words {
        let (pw, ph) = pages[w.page - 1];
        if w.x0 < margin - 1.0 || w.x1 > pw - margin + 1.0 || w.y0 < 0.0 || w.y1 > ph {
            problems.push(format!("page {}: {:?} outside the margins ({:.1}–{:.1})", w.page, w.text, w.x0, w.x1));
        }
        if w.text.contains('…') {
            problems.push(format!("page {}: {:?} is cut", w.page, w.text));
        }
    }
    let area = |w: &Word| (w.x1 - w.x0) * (w.y1 - w.y0);
    for (i, a) in words.iter().enumerate() {
        for b in words[i + 1..].iter().take_while(|b| b.page == a.page) {
            let ix = a.x1.min(b.x1) - a.x0.max(b.x0);
            let iy = a.y1.min(b.y1) - a.y0.max(b.y0);
            let small = area(a).min(area(b));
            if ix > 0.5 && iy > 0.5 && small > 0.0 && ix * iy / small > 0.2 {
                problems.push(format!("page {}: {:?} overlaps {:?}", a.page, a.text, b.text));
            }
        }
    }
    problems
}

/// Fails with every layout problem of `pdf`.
pub fn assert_clean(pdf: &Path, margin: f64) {
    let problems = layout_problems(pdf, margin);
    assert!(problems.is_empty(), "{}: {} layout problems:\n{}", pdf.display(), problems.len(), problems.join("\n"));
}

/// `html` printed to `pdf` by headless Chromium; `false` (with a message) where Chromium is missing
/// and not required.
pub fn print_html(html: &Path, pdf: &Path) -> bool {
    if !Path::new("/usr/bin/chromium").exists() {
        assert!(std::env::var("DRA_REQUIRE_BROWSER").is_err(), "chromium is required (scripts/install-deps.sh)");
        eprintln!("skipped the HTML print: chromium not installed");
        return false;
    }
    let _ = std::fs::remove_file(pdf);
    let profile = tempfile::tempdir().unwrap();
    let out = Command::new("/usr/bin/chromium")
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer"])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", html.display()))
        .output()
        .unwrap();
    assert!(pdf.exists(), "chromium printed nothing: {}", String::from_utf8_lossy(&out.stderr));
    true
}
