//! Layout checked on the rendered pages, not only on the text: every word of the PDF (read with
//! `pdftotext -bbox-layout`) must lie inside the page margins, no two words may overlap, and no
//! label may be cut with "…". The print-ready HTML is printed by Chromium and checked the same way.
//! Run on the bench fixture and on a campaign unlike it: seven groups, names of sixty characters and
//! more, both languages.

use std::path::Path;
use std::process::Command;

use serde_json::{Value, json};

use super::*;

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
            let text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&");
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
fn layout_problems(pdf: &Path, margin: f64) -> Vec<String> {
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

/// The PDF and the Chromium-printed HTML of `input`, each checked.
fn check_layout(input: &ReportInput, name: &str) {
    let dir = out_dir();
    let pdf = dir.join(format!("{name}.pdf"));
    std::fs::write(&pdf, report::render(Format::Pdf, input).unwrap()).unwrap();
    // The PDF's side margins are 17 mm (reports/report.typ).
    let problems = layout_problems(&pdf, 17.0 * 72.0 / 25.4);
    assert!(problems.is_empty(), "{}: {} layout problems:\n{}", pdf.display(), problems.len(), problems.join("\n"));

    if !Path::new("/usr/bin/chromium").exists() {
        assert!(std::env::var("DRA_REQUIRE_BROWSER").is_err(), "chromium is required (scripts/install-deps.sh)");
        eprintln!("skipped the HTML print: chromium not installed");
        return;
    }
    let html = dir.join(format!("{name}.html"));
    std::fs::write(&html, report::render(Format::Html, input).unwrap()).unwrap();
    let printed = dir.join(format!("{name}-html.pdf"));
    let _ = std::fs::remove_file(&printed);
    let profile = tempfile::tempdir().unwrap();
    let out = Command::new("/usr/bin/chromium")
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer"])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--print-to-pdf={}", printed.display()))
        .arg(format!("file://{}", html.display()))
        .output()
        .unwrap();
    assert!(printed.exists(), "chromium printed nothing: {}", String::from_utf8_lossy(&out.stderr));
    // The HTML's print margins are 16 mm (reports/report.css).
    let problems = layout_problems(&printed, 16.0 * 72.0 / 25.4);
    assert!(problems.is_empty(), "{}: {} layout problems:\n{}", printed.display(), problems.len(), problems.join("\n"));
}

#[test]
fn the_bench_report_lays_out_cleanly_in_both_languages() {
    let s = bench_survey();
    let agg = aggregates(&s, Some((3000, 3)));
    for lang in [Lang::Es, Lang::En] {
        let input = ReportInput { aggregates: &agg, survey: &s, campaign: campaign(), lang };
        check_layout(&input, &format!("layout-bench-{}", lang.code()));
    }
}

/// A long name in each language, made from `short` (every name differs, so nothing is merged).
fn long(short: &Value, tail_es: &str, tail_en: &str) -> Value {
    let es = short.get("es").and_then(Value::as_str).unwrap_or("");
    let en = short.get("en").and_then(Value::as_str).unwrap_or("");
    json!({ "es": format!("{es} {tail_es}"), "en": format!("{en} {tail_en}") })
}

/// The bench survey with every pillar, sub-pillar, question and group name lengthened to sixty
/// characters and more, and two more groups.
fn wide_survey() -> Survey {
    let text = std::fs::read_to_string(root().join("surveys/bench/bench-40.json")).unwrap();
    let mut doc: Value = serde_json::from_str(&text).unwrap();
    let xd = &mut doc["x-dra"];
    for p in xd["pillars"].as_array_mut().unwrap() {
        p["label"] = long(
            &p["label"],
            "y capacidades institucionales de la nación",
            "and institutional capacities of the nation",
        );
        for sp in p["subpillars"].as_array_mut().unwrap() {
            sp["label"] = long(
                &sp["label"],
                "— marcos, servicios y capacidades territoriales",
                "— frameworks, services and territorial capacities",
            );
        }
    }
    let props = doc["properties"].as_object_mut().unwrap();
    for (id, q) in props.iter_mut() {
        if id == "group" {
            let options = q["oneOf"].as_array_mut().unwrap();
            for o in options.iter_mut() {
                o["x-dra"]["label"] = long(
                    &o["x-dra"]["label"],
                    "(instituciones, redes y organizaciones)",
                    "(institutions, networks and organisations)",
                );
            }
            options.push(json!({"const": "municipal", "x-dra": {"label": {
                "es": "Gobiernos municipales y mancomunidades de municipios del altiplano",
                "en": "Municipal governments and associations of highland municipalities"}}}));
            options.push(json!({"const": "indigenous", "x-dra": {"label": {
                "es": "Autoridades indígenas ancestrales y consejos comunitarios de desarrollo",
                "en": "Ancestral indigenous authorities and community development councils"}}}));
        } else if let Some(t) = q.pointer_mut("/x-dra/text") {
            *t = long(
                t,
                "Considere los últimos doce meses y su propia experiencia en la organización.",
                "Consider the last twelve months and your own experience in the organisation.",
            );
        }
    }
    let path = out_dir().join("wide-survey.json");
    std::fs::write(&path, serde_json::to_vec_pretty(&doc).unwrap()).unwrap();
    survey::load_file(&path).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn a_wide_campaign_lays_out_cleanly_in_both_languages() {
    let s = wide_survey();
    let groups = ["public", "private", "civil_society", "academia", "international", "municipal", "indigenous"];
    // 3,500 bench rows dealt over seven groups; the last group keeps only three (suppressed).
    let text = std::fs::read_to_string(root().join("tests/fixtures/analysis/bench-10k.csv")).unwrap();
    let mut lines = text.lines();
    let mut csv = vec![lines.next().unwrap().to_string()];
    let mut counts = [0u64; 7];
    for (i, line) in lines.take(3500).enumerate() {
        let g = i % 7;
        if g == 6 && counts[6] == 3 {
            continue;
        }
        counts[g] += 1;
        let mut cells: Vec<&str> = line.split(',').collect();
        cells[1] = groups[g];
        csv.push(cells.join(","));
    }
    let mut acc = Accumulator::new(&s, AnalysisOptions::default()).unwrap();
    read_csv(&mut acc, (csv.join("\n") + "\n").as_bytes(), None).unwrap();
    let fieldwork = Fieldwork {
        groups: groups
            .iter()
            .zip(counts)
            .map(|(g, n)| GroupFieldwork {
                group: g.to_string(),
                invited: n * 2,
                link: OriginCounts { started: n + n / 3, submitted: n },
                ..Default::default()
            })
            .collect(),
    };
    let agg = acc.finish(&fieldwork);
    assert_eq!(agg.groups.len(), 7);
    assert!(agg.groups.iter().any(|g| g.suppressed), "the three-row group is suppressed");
    let info = CampaignInfo {
        name: "Evaluación Nacional de Preparación Digital de la República de Guatemala 2026–2027".into(),
        country: "Guatemala".into(),
        ..campaign()
    };
    for lang in [Lang::Es, Lang::En] {
        let input = ReportInput { aggregates: &agg, survey: &s, campaign: info.clone(), lang };
        check_layout(&input, &format!("layout-wide-{}", lang.code()));
    }
}
