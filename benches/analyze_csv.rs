//! Streams a bench CSV (gen_responses.py format) through the analysis accumulator and prints the
//! elapsed seconds (CSV read included) and the number of cells computed.
//! Usage: cargo bench --bench analyze_csv -- IN.csv [SURVEY.json]

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use dra::analysis::{Accumulator, AnalysisOptions, Fieldwork, read_csv};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--bench").collect();
    let Some(input) = args.first() else {
        eprintln!("usage: analyze_csv IN.csv [SURVEY.json]");
        return ExitCode::FAILURE;
    };
    let survey_path = args
        .get(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("surveys/bench/bench-40.json"));
    let survey = match dra::survey::load_file(&survey_path) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let t0 = Instant::now();
    let mut read_secs = 0.0;
    let mut run = || -> Result<(u64, dra::analysis::Aggregates), String> {
        let mut acc = Accumulator::new(&survey, AnalysisOptions::default()).map_err(|e| e.to_string())?;
        let file = std::fs::File::open(input).map_err(|e| format!("{input}: {e}"))?;
        let n = read_csv(&mut acc, file, None).map_err(|e| e.to_string())?;
        read_secs = t0.elapsed().as_secs_f64();
        Ok((n, acc.finish(&Fieldwork::default())))
    };
    match run() {
        Ok((n, agg)) => {
            let secs = t0.elapsed().as_secs_f64();
            eprintln!("read {read_secs:.3}s, finish {:.3}s", secs - read_secs);
            let scales = agg.pillars.iter().chain(&agg.subpillars).chain(&agg.items);
            let cells: usize = scales.map(|s| s.groups.len() + 1).sum();
            println!("dra: {n} respondents, {cells} cells in {secs:.3}s");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}
