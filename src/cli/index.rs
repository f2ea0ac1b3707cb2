//! `dra index …`: national indices of institutions from the command line: check a framework,
//! create an index campaign, import its institutions and scores, list and review scores, compute
//! the index (with method options and the uncertainty analysis) and show the agreement.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Subcommand};

use super::open_migrated;
use crate::clock::{Clock, SystemClock};
use crate::config::Settings;
use crate::index::method::{Aggregation, Imputation, Levels, Method, Normalisation, Ties, Weights};
use crate::service::Actor;
use crate::service::index as svc;

#[derive(Debug, Subcommand)]
pub enum IndexCommand {
    /// Check framework files: every problem as FILE:LINE:COL: /pointer: message.
    Check { files: Vec<PathBuf> },
    /// Create an index campaign from a framework file.
    Create {
        #[arg(long)]
        slug: String,
        #[arg(long)]
        framework: PathBuf,
        /// Default: the framework's title.
        #[arg(long)]
        name: Option<String>,
        /// The edition, e.g. 2026.
        #[arg(long)]
        edition: Option<String>,
    },
    /// Index campaigns, newest first.
    List,
    /// Import institutions: CSV with id, name, sector, contact.
    ImportUnits {
        #[arg(long)]
        campaign: String,
        file: PathBuf,
    },
    /// Import scores: CSV with unit, indicator, evaluator, value, evidence_url, evidence_note,
    /// evidence_file (nothing is stored unless every row is good).
    ImportScores {
        #[arg(long)]
        campaign: String,
        file: PathBuf,
        /// The evaluator of rows that name none (an active coordinator or administrator).
        #[arg(long = "as")]
        as_user: Option<String>,
    },
    /// Email each institution with a contact (or only --unit) a personal link to assess itself
    /// (queued in the outbox; the scores it gives count once an evaluator validates them).
    Invite {
        #[arg(long)]
        campaign: String,
        /// One institution's id (code).
        #[arg(long)]
        unit: Option<String>,
    },
    /// Every score with its id, version and review status.
    Scores {
        #[arg(long)]
        campaign: String,
        #[arg(long)]
        json: bool,
    },
    /// Confirm, dispute or resolve a score, as a user who is not its evaluator.
    Review {
        #[arg(long)]
        campaign: String,
        #[arg(long)]
        score: i64,
        /// The version you read (dra index scores shows it).
        #[arg(long)]
        version: i64,
        /// confirm, dispute or resolve.
        #[arg(long)]
        action: String,
        #[arg(long)]
        reason: Option<String>,
        /// The agreed value, when resolving a dispute changes it.
        #[arg(long)]
        value: Option<f64>,
        /// The reviewer (an active coordinator or administrator).
        #[arg(long = "as")]
        as_user: String,
    },
    /// The index: scores, ranks, rank intervals and the sensitivity table.
    Compute {
        #[arg(long)]
        campaign: String,
        #[command(flatten)]
        method: MethodArgs,
        /// Only confirmed or resolved scores count.
        #[arg(long)]
        reviewed_only: bool,
        #[arg(long)]
        json: bool,
    },
    /// The index report (pdf, html), one institution's scorecard (--unit; pdf, html), or the
    /// figures (csv: a folder of tables; xlsx; json).
    Report {
        #[arg(long)]
        campaign: String,
        #[arg(long, default_value = "pdf")]
        format: String,
        #[arg(long, default_value = "es")]
        lang: String,
        /// An institution's id: its scorecard instead of the report.
        #[arg(long)]
        unit: Option<String>,
        /// Output file (a folder for csv); default SLUG-index[-UNIT]-LANG.EXT here.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Only confirmed or resolved scores count.
        #[arg(long)]
        reviewed_only: bool,
        /// Earlier editions (index campaign slugs, oldest first, repeated or comma-separated):
        /// the report (pdf, html) gains a "change since" section (three or more editions in
        /// all: each institution's trend).
        #[arg(long, value_delimiter = ',', conflicts_with = "unit")]
        compare_to: Vec<String>,
    },
    /// Agreement between evaluators (weighted κ, Krippendorff's α) and the disputed scores.
    Agreement {
        #[arg(long)]
        campaign: String,
        #[arg(long)]
        json: bool,
    },
}

/// Method options; each one not given keeps the framework's.
#[derive(Debug, Clone, Args)]
pub struct MethodArgs {
    /// min_max, goalposts or z_score.
    #[arg(long)]
    normalisation: Option<String>,
    /// arithmetic or geometric, indicators → pillars.
    #[arg(long)]
    aggregation: Option<String>,
    /// arithmetic or geometric, pillars → index.
    #[arg(long)]
    pillar_aggregation: Option<String>,
    /// equal, per_pillar or given.
    #[arg(long)]
    weights: Option<String>,
    /// none, mean or median.
    #[arg(long)]
    imputation: Option<String>,
    /// Share of indicators an institution needs scored to be ranked (0-1).
    #[arg(long)]
    min_share: Option<f64>,
    /// min or average.
    #[arg(long)]
    ties: Option<String>,
    /// Monte Carlo runs (0: no uncertainty analysis).
    #[arg(long)]
    runs: Option<u32>,
    #[arg(long)]
    seed: Option<u64>,
}

fn pick<T: serde::de::DeserializeOwned>(field: &str, v: &Option<String>, default: T) -> anyhow::Result<T> {
    match v {
        None => Ok(default),
        Some(s) => serde_json::from_value(serde_json::Value::String(s.clone()))
            .map_err(|_| anyhow::anyhow!("--{field} {s}: not one of the choices (see dra index compute --help)")),
    }
}

impl MethodArgs {
    /// The framework's method with these options applied.
    pub fn apply(&self, base: &Method) -> anyhow::Result<Method> {
        let mut m = base.clone();
        m.normalisation = pick::<Normalisation>("normalisation", &self.normalisation, m.normalisation)?;
        m.aggregation = Levels {
            indicators: pick::<Aggregation>("aggregation", &self.aggregation, m.aggregation.indicators)?,
            pillars: pick::<Aggregation>("pillar-aggregation", &self.pillar_aggregation, m.aggregation.pillars)?,
        };
        m.weights = pick::<Weights>("weights", &self.weights, m.weights)?;
        m.imputation = pick::<Imputation>("imputation", &self.imputation, m.imputation)?;
        m.ties = pick::<Ties>("ties", &self.ties, m.ties)?;
        if let Some(s) = self.min_share {
            anyhow::ensure!((0.0..=1.0).contains(&s), "--min-share {s}: give a share between 0 and 1");
            m.min_share = s;
        }
        if let Some(r) = self.runs {
            anyhow::ensure!(r <= 100_000, "--runs {r}: at most 100000");
            m.uncertainty.runs = r;
        }
        if let Some(s) = self.seed {
            m.uncertainty.seed = s;
        }
        Ok(m)
    }
}

/// Runs one `dra index` command.
pub fn run(cmd: IndexCommand) -> anyhow::Result<ExitCode> {
    if let IndexCommand::Check { files } = &cmd {
        return Ok(check(files));
    }
    let settings = Settings::from_env()?;
    let mut conn = open_migrated(&settings)?;
    let now = SystemClock.now();
    let cli = Actor::cli();
    match cmd {
        IndexCommand::Check { .. } => Ok(ExitCode::SUCCESS),
        IndexCommand::Create { slug, framework, name, edition } => {
            let bytes =
                std::fs::read(&framework).map_err(|e| anyhow::anyhow!("{}: cannot read: {e}", framework.display()))?;
            let file = framework.display().to_string();
            let req = svc::CreateRequest {
                slug: &slug,
                name: name.as_deref(),
                edition: edition.as_deref(),
                framework_file: &file,
                framework: &bytes,
            };
            let c = svc::create(&mut conn, &req, &cli, now).map_err(|e| anyhow::anyhow!(e.for_cli()))?;
            println!("created index campaign {} ({} {})", c.slug, c.framework_key, c.framework_version);
            Ok(ExitCode::SUCCESS)
        }
        IndexCommand::List => {
            for c in svc::list(&mut conn)? {
                println!("{:<24} {:<20} {:<10} {}", c.slug, c.framework_key, c.edition.unwrap_or_default(), c.name);
            }
            Ok(ExitCode::SUCCESS)
        }
        IndexCommand::ImportUnits { campaign, file } => {
            let s = svc::import_units(&mut conn, &campaign, &read(&file)?, &cli, now)
                .map_err(|e| anyhow::anyhow!(e.for_cli()))?;
            println!("institutions: {} added, {} updated, {} unchanged", s.added, s.updated, s.unchanged);
            Ok(ExitCode::SUCCESS)
        }
        IndexCommand::ImportScores { campaign, file, as_user } => {
            let actor = match &as_user {
                Some(name) => svc::acting_user(&mut conn, name).map_err(|e| anyhow::anyhow!(e.for_cli()))?,
                None => cli,
            };
            let s = svc::import_scores(&mut conn, &campaign, &read(&file)?, as_user.as_deref(), &actor, now)
                .map_err(|e| anyhow::anyhow!(e.for_cli()))?;
            println!("scores: {} added, {} updated, {} unchanged", s.added, s.updated, s.unchanged);
            Ok(ExitCode::SUCCESS)
        }
        IndexCommand::Invite { campaign, unit } => {
            let done = svc::self_links::invite(&mut conn, &campaign, unit.as_deref(), &settings.base_url, &cli, now)
                .map_err(|e| anyhow::anyhow!(e.for_cli()))?;
            println!("self-assessment links queued for {} institution(s): {}", done.units.len(), done.units.join(", "));
            if !done.without_contact.is_empty() {
                println!("no contact email, not invited: {}", done.without_contact.join(", "));
            }
            Ok(ExitCode::SUCCESS)
        }
        IndexCommand::Scores { campaign, json } => {
            let loaded = svc::load(&mut conn, &campaign)?;
            let rows: Vec<serde_json::Value> = loaded
                .scores
                .iter()
                .map(|s| {
                    serde_json::json!({"id": s.id, "version": s.version, "status": s.status,
                        "unit": loaded.unit(s.unit_id).map(|u| u.code.clone()), "indicator": s.indicator,
                        "evaluator": s.evaluator, "value": s.value, "evidence_url": s.evidence_url,
                        "evidence_note": s.evidence_note, "evidence_file": s.evidence_file,
                        "self_assessment": svc::self_assess::is_self(&s.evaluator)})
                })
                .collect();
            if json {
                println!("{}", serde_json::to_string_pretty(&rows)?);
            } else {
                for r in &rows {
                    println!(
                        "#{:<5} v{:<3} {:<10} {:<12} {:<14} {:<10} {}",
                        r["id"],
                        r["version"],
                        r["status"].as_str().unwrap_or(""),
                        r["unit"].as_str().unwrap_or(""),
                        r["indicator"].as_str().unwrap_or(""),
                        r["evaluator"].as_str().unwrap_or(""),
                        r["value"]
                    );
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        IndexCommand::Review { campaign, score, version, action, reason, value, as_user } => {
            let action = svc::ReviewAction::parse(&action)
                .ok_or_else(|| anyhow::anyhow!("--action {action}: use confirm, dispute or resolve"))?;
            let actor = svc::acting_user(&mut conn, &as_user).map_err(|e| anyhow::anyhow!(e.for_cli()))?;
            let v = svc::review(&mut conn, &campaign, score, version, action, reason.as_deref(), value, &actor, now)
                .map_err(|e| anyhow::anyhow!(e.for_cli()))?;
            println!("score #{score}: {} (version {v})", action.code());
            Ok(ExitCode::SUCCESS)
        }
        IndexCommand::Compute { campaign, method, reviewed_only, json } => {
            let loaded = svc::load(&mut conn, &campaign)?;
            let m = method.apply(&loaded.framework.method)?;
            let with_mc = m.uncertainty.runs > 0;
            let f = svc::figures(&mut conn, &campaign, Some(m), reviewed_only, with_mc)
                .map_err(|e| anyhow::anyhow!(e.for_cli()))?;
            if json {
                println!("{}", serde_json::to_string_pretty(&f)?);
            } else {
                print!("{}", super::index_text::ranking(&f));
            }
            Ok(ExitCode::SUCCESS)
        }
        IndexCommand::Report { campaign, format, lang, unit, out, reviewed_only, compare_to } => {
            let f = svc::figures(&mut conn, &campaign, None, reviewed_only, true)
                .map_err(|e| anyhow::anyhow!(e.for_cli()))?;
            let change = if compare_to.is_empty() {
                None
            } else {
                anyhow::ensure!(
                    matches!(format.as_str(), "pdf" | "html"),
                    "--format {format}: a report with --compare-to is pdf or html"
                );
                anyhow::ensure!(
                    crate::i18n::has(&lang),
                    "--lang {lang}: no catalog for this language (built in: es, en)"
                );
                Some(
                    svc::editions::section(&mut conn, &compare_to, &campaign, &lang)
                        .map_err(|e| anyhow::anyhow!(e.for_cli()))?,
                )
            };
            let generated = now.format("%Y-%m-%d %H:%M UTC").to_string();
            let written =
                super::index_text::write_output(&f, &generated, &format, &lang, unit.as_deref(), out, change)?;
            println!("wrote {}", written.display());
            Ok(ExitCode::SUCCESS)
        }
        IndexCommand::Agreement { campaign, json } => {
            let f = svc::figures(&mut conn, &campaign, None, false, false).map_err(|e| anyhow::anyhow!(e.for_cli()))?;
            if json {
                println!("{}", serde_json::to_string_pretty(&f.agreement)?);
            } else {
                print!("{}", super::index_text::agreement(&f.agreement));
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn read(file: &Path) -> anyhow::Result<Vec<u8>> {
    std::fs::read(file).map_err(|e| anyhow::anyhow!("{}: cannot read: {e}", file.display()))
}

/// `dra index check`: every problem of every file, exit 1 if any.
fn check(files: &[PathBuf]) -> ExitCode {
    let mut failed = false;
    for f in files {
        match crate::index::load_file(f) {
            Ok(fw) => println!(
                "{}: ok — {} {} ({} pillars, {} indicators, languages {})",
                f.display(),
                fw.id,
                fw.version,
                fw.pillars.len(),
                fw.indicator_count(),
                fw.languages.join(", ")
            ),
            Err(e) => {
                failed = true;
                eprintln!("{e}");
            }
        }
    }
    if failed { ExitCode::FAILURE } else { ExitCode::SUCCESS }
}
