//! Reports rendered from the bench fixture (bench-40 survey, 10k responses): every format, the PDF
//! read back with poppler, the HTML searched for the same figures, table row counts, and a group
//! below the minimum cell size that must never show a number; `layout` checks the pages' layout.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::NaiveDate;
use dra::analysis::{Accumulator, Aggregates, AnalysisOptions, Fieldwork, GroupFieldwork, OriginCounts, read_csv};
use dra::report::{self, CampaignInfo, Format, Lang, ReportInput};
use dra::survey::{self, Survey};

#[path = "report/layout.rs"]
mod layout;
#[path = "pages/mod.rs"]
mod pages;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn bench_survey() -> Survey {
    survey::load_file(&root().join("surveys/bench/bench-40.json")).unwrap_or_else(|e| panic!("{e}"))
}

fn fieldwork() -> Fieldwork {
    let group = |g: &str, invited: u64, started: u64, submitted: u64| GroupFieldwork {
        group: g.into(),
        invited,
        link: OriginCounts { started, submitted },
        ..Default::default()
    };
    Fieldwork {
        groups: vec![
            group("academia", 2000, 1400, 1174),
            group("civil_society", 3000, 2300, 1998),
            group("international", 1500, 900, 821),
            group("private", 5000, 3000, 2527),
            group("public", 4200, 3700, 3480),
        ],
    }
}

/// Aggregates of the whole bench CSV, or of its first lines plus `few` academia rows.
fn aggregates(s: &Survey, subset: Option<(usize, usize)>) -> Aggregates {
    let text = std::fs::read_to_string(root().join("tests/fixtures/analysis/bench-10k.csv")).unwrap();
    let text = match subset {
        None => text,
        Some((others, few)) => {
            let mut lines = text.lines();
            let mut out = vec![lines.next().unwrap().to_string()];
            let (mut a, mut o) = (0, 0);
            for l in lines {
                if l.split(',').nth(1) == Some("academia") {
                    if a < few {
                        out.push(l.to_string());
                        a += 1;
                    }
                } else if o < others {
                    out.push(l.to_string());
                    o += 1;
                }
            }
            out.join("\n") + "\n"
        }
    };
    let mut acc = Accumulator::new(s, AnalysisOptions::default()).unwrap();
    read_csv(&mut acc, text.as_bytes(), None).unwrap();
    acc.finish(&fieldwork())
}

fn campaign() -> CampaignInfo {
    CampaignInfo {
        name: "Guatemala 2026 — Kʼicheʼ, Qʼeqchiʼ, Mam".into(),
        country: "Guatemala".into(),
        opens: NaiveDate::from_ymd_opt(2026, 9, 1).unwrap(),
        closes: NaiveDate::from_ymd_opt(2026, 10, 31).unwrap(),
        generated_at: NaiveDate::from_ymd_opt(2026, 11, 27).unwrap().and_hms_opt(10, 30, 0).unwrap(),
        submitted: 0,
        excluded: Vec::new(),
    }
}

fn out_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("report");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn run(cmd: &str, args: &[&str]) -> String {
    let out = Command::new(cmd).args(args).output().unwrap_or_else(|e| panic!("{cmd}: {e} (install poppler-utils)"));
    assert!(out.status.success(), "{cmd} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn every_format_from_the_bench_fixture() {
    let s = bench_survey();
    let agg = aggregates(&s, None);
    for lang in [Lang::Es, Lang::En] {
        let input = ReportInput { aggregates: &agg, survey: &s, campaign: campaign(), lang, comments: &[] };
        let stage_names: Vec<String> = s.stages.iter().map(|st| st.get(lang.code(), "es").to_string()).collect();
        // Written as a reader of the language writes them: "2,73" in Spanish, "2.73" in English.
        let pillar_means: Vec<String> = agg
            .pillars
            .iter()
            .map(|p| {
                let m = format!("{:.2}", p.overall.stats.as_ref().unwrap().mean.unwrap());
                if lang == Lang::Es { m.replace('.', ",") } else { m }
            })
            .collect();

        // PDF, read back with poppler.
        let pdf = report::render(Format::Pdf, &input).unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
        let path = out_dir().join(format!("bench-{}.pdf", lang.code()));
        std::fs::write(&path, &pdf).unwrap();
        let info = run("pdfinfo", &[path.to_str().unwrap()]);
        let pages: u32 = info
            .lines()
            .find_map(|l| l.strip_prefix("Pages:"))
            .map(|n| n.trim().parse().unwrap())
            .expect("pdfinfo gives the page count");
        assert!(pages >= 12, "{pages} pages");
        assert!(info.contains("A4") || info.contains("595.2 x 841.8") || info.contains("595.276 x 841.89"), "{info}");
        let text = run("pdftotext", &["-layout", path.to_str().unwrap(), "-"]);
        for m in &pillar_means {
            assert!(text.contains(m.as_str()), "PDF lacks pillar mean {m}");
        }
        for st in &stage_names {
            assert!(text.contains(st.as_str()), "PDF lacks stage {st}");
        }
        assert!(text.contains("Kʼicheʼ"), "PDF lacks the Mayan-orthography campaign name");
        assert!(text.contains(lang.texts().method), "PDF lacks the method annex");
        let fonts = run("pdffonts", &[path.to_str().unwrap()]);
        assert!(fonts.contains("DejaVuSans"), "{fonts}");
        assert!(fonts.lines().skip(2).all(|l| l.contains(" yes ")), "fonts not all embedded: {fonts}");

        // HTML: inline charts, the same figures, nothing external.
        let html = String::from_utf8(report::render(Format::Html, &input).unwrap()).unwrap();
        std::fs::write(out_dir().join(format!("bench-{}.html", lang.code())), &html).unwrap();
        assert!(html.matches("<svg").count() >= 1 + 2 * agg.pillars.len() + 3, "inline SVG charts");
        for m in &pillar_means {
            assert!(html.contains(m.as_str()), "HTML lacks pillar mean {m}");
        }
        for st in &stage_names {
            assert!(html.contains(st.as_str()), "HTML lacks stage {st}");
        }
        assert!(!html.contains("<link") && !html.contains("src=\"http") && !html.contains("<script"));
        assert!(html.contains("@media print") && html.contains("size: A4"));
    }

    // Tables: one row per scale × (groups + overall).
    let input = ReportInput { aggregates: &agg, survey: &s, campaign: campaign(), lang: Lang::En, comments: &[] };
    let scales = agg.pillars.len() + agg.subpillars.len() + agg.items.len();
    let want = scales * (agg.groups.len() + 1);
    let csv = report::render(Format::Csv, &input).unwrap();
    let mut reader = csv::Reader::from_reader(csv.as_slice());
    assert_eq!(reader.headers().unwrap().len(), report::table::HEADER.len());
    assert_eq!(reader.records().count(), want);
    let xlsx = report::render(Format::Xlsx, &input).unwrap();
    assert!(xlsx.starts_with(b"PK"), "an XLSX is a zip");
    let path = out_dir().join("bench.xlsx");
    std::fs::write(&path, &xlsx).unwrap();
    let sheet = xlsx_rows(&xlsx);
    assert_eq!(sheet, want + 1, "XLSX rows (header included)");
    let json: Aggregates = serde_json::from_slice(&report::render(Format::Json, &input).unwrap()).unwrap();
    assert_eq!(json, agg);
}

/// Rows of the first sheet, counted from the sheet XML (`<row ` elements).
fn xlsx_rows(bytes: &[u8]) -> usize {
    let dir = out_dir().join("xlsx");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("book.xlsx");
    std::fs::write(&file, bytes).unwrap();
    let out = Command::new("unzip").args(["-p", file.to_str().unwrap(), "xl/worksheets/sheet1.xml"]).output();
    match out {
        Ok(o) if o.status.success() => String::from_utf8_lossy(&o.stdout).matches("<row ").count(),
        _ => {
            let py = "import sys,zipfile;print(zipfile.ZipFile(sys.argv[1]).read('xl/worksheets/sheet1.xml').decode().count('<row '))";
            run("python3", &["-c", py, file.to_str().unwrap()]).trim().parse().unwrap()
        }
    }
}

#[test]
fn method_notes_follow_the_report_language() {
    let s = bench_survey();
    let agg = aggregates(&s, Some((400, 10)));
    let es_note = "Diferencias entre grupos: H de Kruskal-Wallis con corrección por empates, valor p por chi-cuadrado.";
    let en_note = "Group differences: Kruskal-Wallis H with tie correction, chi-squared p-value.";
    for (lang, ours, other) in [(Lang::Es, es_note, en_note), (Lang::En, en_note, es_note)] {
        let input = ReportInput { aggregates: &agg, survey: &s, campaign: campaign(), lang, comments: &[] };
        let model = report::model(&input).unwrap();
        assert!(model.method.notes.iter().any(|n| n == ours), "{lang:?} notes: {:?}", model.method.notes);
        let html = String::from_utf8(report::render(Format::Html, &input).unwrap()).unwrap();
        assert!(html.contains(ours), "{lang:?} HTML lacks its method note");
        assert!(!html.contains(other), "{lang:?} HTML has a method note in the other language");
    }
    // The analysis' own notes (the JSON output) stay the English ones.
    let en = ReportInput { aggregates: &agg, survey: &s, campaign: campaign(), lang: Lang::En, comments: &[] };
    assert_eq!(report::model(&en).unwrap().method.notes, agg.method);
}

#[test]
fn exclusions_and_robustness_variants_follow_the_report_language() {
    let s = bench_survey();
    // Three academia respondents: their cells are suppressed and the group leaves the overall figure.
    let agg = aggregates(&s, Some((400, 3)));
    let reasons: Vec<&str> =
        agg.pillars.iter().flat_map(|p| p.overall.excluded.iter().map(|e| e.reason.as_str())).collect();
    assert!(reasons.contains(&"suppressed"), "{reasons:?}");
    for (lang, reason, variant) in
        [(Lang::Es, "celda suprimida", "media geométrica"), (Lang::En, "suppressed cell", "geometric mean")]
    {
        let input = ReportInput { aggregates: &agg, survey: &s, campaign: campaign(), lang, comments: &[] };
        let m = report::model(&input).unwrap().method;
        assert!(m.exclusions.iter().any(|e| e.ends_with(&format!(": {reason}"))), "{lang:?}: {:?}", m.exclusions);
        assert!(m.robustness_head.iter().any(|h| h.contains(variant)), "{lang:?}: {:?}", m.robustness_head);
        let html = String::from_utf8(report::render(Format::Html, &input).unwrap()).unwrap();
        assert!(html.contains(&format!(": {reason}</li>")), "{lang:?} HTML: the exclusion's reason");
        assert!(html.contains(&format!("<th class=\"num\">{variant}, ")), "{lang:?} HTML: the robustness head");
        // The analysis' codes themselves, in either the old or the new layout, never show.
        for code in [
            ": suppressed</li>",
            ">geometric /",
            ">geometric, ",
            ">arithmetic /",
            ">arithmetic, ",
            ", items<",
            ", subpillars<",
        ] {
            assert!(!html.contains(code), "{lang:?} HTML shows the code {code:?}");
        }
    }
}

#[test]
fn a_group_below_the_minimum_cell_never_shows_a_number() {
    let s = bench_survey();
    let agg = aggregates(&s, Some((400, 3)));
    let g = agg.groups.iter().position(|g| g.code == "academia").unwrap();
    assert!(agg.groups[g].suppressed, "3 respondents must be suppressed");
    let input = ReportInput { aggregates: &agg, survey: &s, campaign: campaign(), lang: Lang::En, comments: &[] };

    // CSV: every academia row flagged, with no figure at all.
    let csv = report::render(Format::Csv, &input).unwrap();
    let mut reader = csv::Reader::from_reader(csv.as_slice());
    let header = reader.headers().unwrap().clone();
    let n_col = header.iter().position(|h| h == "n").unwrap();
    let mut seen = 0;
    for rec in reader.records() {
        let rec = rec.unwrap();
        if &rec[5] == "academia" {
            seen += 1;
            assert_eq!(&rec[6], "yes");
            assert!(rec.iter().skip(n_col).all(str::is_empty), "suppressed row shows figures: {rec:?}");
        }
    }
    assert_eq!(seen, agg.pillars.len() + agg.subpillars.len() + agg.items.len());

    // HTML: the group's column of the means table and its response-rate row show "—" only.
    let model = report::model(&input).unwrap();
    for row in &model.comparisons.means {
        assert_eq!(row.cells[g], "—", "{}", row.name);
    }
    let r = agg.response_rates.iter().position(|r| r.group == "academia").unwrap();
    let rate = &model.rates.rows[r];
    assert_eq!((rate.started.as_str(), rate.submitted.as_str(), rate.rate.as_str()), ("—", "—", "—"));
    let html = String::from_utf8(report::render(Format::Html, &input).unwrap()).unwrap();
    assert!(html.contains(&model.suppressed_note));
    // The heat map marks the group's cells as suppressed.
    assert!(model.comparisons.heatmap.svg.contains("—"));
    // The radar has no academia line (one line per published group).
    let label = model.comparisons.groups[g].clone();
    assert!(!model.summary.radar.svg.contains(&format!(">{label}<")), "{label} drawn on the radar");

    // PDF: typesets, and the suppression footnote is there.
    let pdf = report::render(Format::Pdf, &input).unwrap();
    let path = out_dir().join("suppressed.pdf");
    std::fs::write(&path, &pdf).unwrap();
    let text = run("pdftotext", &[path.to_str().unwrap(), "-"]);
    assert!(text.contains("suppressed cell"), "footnote missing");
}

/// One PNG per chart type under reports/examples/ (written when DRA_WRITE_EXAMPLES=1; always
/// rendered, so the PNG path is tested).
#[test]
fn example_chart_pngs() {
    let s = bench_survey();
    let agg = aggregates(&s, Some((3000, 3)));
    let input = ReportInput { aggregates: &agg, survey: &s, campaign: campaign(), lang: Lang::Es, comments: &[] };
    let model = report::model(&input).unwrap();
    let charts = [
        ("radar", &model.summary.radar),
        ("subpillar-bars", &model.pillars[0].bars),
        ("gap-heatmap", &model.comparisons.heatmap),
        ("gap-dumbbell", &model.comparisons.dumbbell),
        ("diverging-items", &model.pillars[0].distribution),
        ("response-rates", &model.rates.chart),
    ];
    let write = std::env::var("DRA_WRITE_EXAMPLES").is_ok_and(|v| v == "1");
    for (name, chart) in charts {
        let png = dra::charts::png::svg_to_png(&chart.svg, 1.5).unwrap();
        assert!(png.starts_with(b"\x89PNG"), "{name}");
        let dir = if write { root().join("reports/examples") } else { out_dir() };
        std::fs::write(dir.join(format!("{name}.png")), png).unwrap();
    }
}
