//! The plain-text tables `dra index compute` and `dra index agreement` print.

use std::fmt::Write;

use crate::index::agreement::Agreement;
use crate::service::index::Figures;

fn num(v: Option<f64>, decimals: usize) -> String {
    v.map_or_else(|| "—".to_string(), |v| format!("{v:.decimals$}"))
}

/// The ranking: rank, score, pillar scores, rank interval; then the sensitivity table.
pub fn ranking(f: &Figures) -> String {
    let mut out = String::new();
    let lang = &f.framework.default_language;
    let m = &f.method;
    let _ = writeln!(
        out,
        "{} — normalisation {}, aggregation {}/{}, weights {:?}, imputation {:?}, min share {}, ties {:?}",
        f.name,
        m.normalisation.code(),
        m.aggregation.indicators.code(),
        m.aggregation.pillars.code(),
        m.weights,
        m.imputation,
        m.min_share,
        m.ties
    );
    let mut header = format!("{:>5} {:<14} {:>7}", "rank", "institution", "index");
    for p in &f.framework.pillars {
        let label = p.label.get(lang, "en");
        let short: String = label.chars().take(10).collect();
        let _ = write!(header, " {short:>10}");
    }
    header.push_str("  median [5%–95%]");
    let _ = writeln!(out, "{header}");
    let mut order: Vec<usize> = (0..f.index.units.len()).collect();
    order.sort_by(|&a, &b| {
        let ra = f.index.units[a].rank.unwrap_or(f64::INFINITY);
        let rb = f.index.units[b].rank.unwrap_or(f64::INFINITY);
        ra.total_cmp(&rb)
    });
    for k in order {
        let u = &f.index.units[k];
        let mut line = format!("{:>5} {:<14} {:>7}", num(u.rank, 0), u.unit, num(u.index, 1));
        for p in &u.pillars {
            let _ = write!(line, " {:>10}", num(*p, 1));
        }
        if let Some(iv) = f.uncertainty.as_ref().and_then(|r| r.intervals.iter().find(|i| i.unit == u.unit)) {
            let _ = write!(line, "  {} [{}–{}]", iv.median, iv.p05, iv.p95);
        } else if !u.ranked {
            let _ = write!(line, "  not ranked: {:.0}% of indicators scored", u.coverage * 100.0);
        }
        let _ = writeln!(out, "{line}");
    }
    if let Some(r) = &f.uncertainty {
        let _ =
            writeln!(out, "\nuncertainty: {} runs, seed {}; mean |rank shift| when one choice varies:", r.runs, r.seed);
        for s in r.factors.iter().chain(r.drops.iter().take(3)) {
            let _ = writeln!(out, "  {:<24} {:>6.2}  (max {})", s.factor, s.mean_shift, s.max_shift);
        }
    }
    out
}

/// The agreement figures and the disputed scores.
pub fn agreement(a: &Agreement) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "evaluators: {} · items scored by two or more: {}", a.raters.join(", "), a.pairable);
    let _ = writeln!(
        out,
        "weighted kappa ({} items, first two evaluators): linear {} · quadratic {}",
        a.kappa_n,
        num(a.kappa_linear, 3),
        num(a.kappa_quadratic, 3)
    );
    let _ = writeln!(out, "Krippendorff's alpha (ordinal): {}", num(a.alpha_ordinal, 3));
    let _ = writeln!(out, "disputed scores: {}", a.disputed.len());
    for d in &a.disputed {
        let scores: Vec<String> = d.scores.iter().map(|(r, v)| format!("{r} {v}")).collect();
        let _ = writeln!(out, "  {:<14} {:<14} {}", d.unit, d.indicator, scores.join(" · "));
    }
    out
}

/// Writes an index output: the report or a scorecard (pdf, html), or the tables (csv into a
/// folder, xlsx, json). Returns where.
pub fn write_output(
    f: &Figures,
    generated: &str,
    format: &str,
    lang: &str,
    unit: Option<&str>,
    out: Option<std::path::PathBuf>,
    change: Option<crate::index::report::change::IndexChange>,
) -> anyhow::Result<std::path::PathBuf> {
    use crate::index::report::{render, tables};
    anyhow::ensure!(crate::i18n::has(lang), "--lang {lang}: no catalog for this language (built in: es, en)");
    let input = f.input(generated);
    let stem = match unit {
        Some(u) => format!("{}-index-{u}-{lang}", f.slug),
        None => format!("{}-index-{lang}", f.slug),
    };
    let path = out.unwrap_or_else(|| {
        std::path::PathBuf::from(if format == "csv" { stem.clone() } else { format!("{stem}.{format}") })
    });
    let bytes: Vec<u8> = match (format, unit) {
        ("pdf", None) => render::report_pdf_with(&input, lang, change)?,
        ("html", None) => render::report_html_with(&input, lang, change)?.into_bytes(),
        ("pdf", Some(u)) => render::scorecard_pdf(&input, u, lang)?,
        ("html", Some(u)) => render::scorecard_html(&input, u, lang)?.into_bytes(),
        (_, Some(_)) => anyhow::bail!("--format {format}: a scorecard comes as pdf or html"),
        ("xlsx", None) => tables::xlsx(&tables::tables(&input)).map_err(anyhow::Error::msg)?,
        ("json", None) => tables::json(&tables::tables(&input)).map_err(anyhow::Error::msg)?,
        ("csv", None) => {
            std::fs::create_dir_all(&path)?;
            for t in tables::tables(&input) {
                std::fs::write(path.join(format!("{}.csv", t.name)), tables::csv(&t).map_err(anyhow::Error::msg)?)?;
            }
            return Ok(path);
        }
        _ => anyhow::bail!("--format {format}: use pdf, html, csv, xlsx or json"),
    };
    std::fs::write(&path, bytes).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    Ok(path)
}
