//! Build benchmark: generates a corpus with `../shared/bench/gen-corpus --pages N` (N from
//! `DOSSIER_BENCH_PAGES`, default 10000) into a temporary folder, builds it with every
//! stage on, and reports wall time and peak memory (the process's VmHWM, which covers
//! the build alone: corpus generation runs in a separate Python process).
//!
//!   cargo bench --bench build

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

fn main() {
    let pages: usize = std::env::var("DOSSIER_BENCH_PAGES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let runs: usize = std::env::var("DOSSIER_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3);
    let gen = std::env::var("DOSSIER_GEN_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|_| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/bench/gen-corpus")
        });
    let dir = tempfile::tempdir().expect("temporary folder");
    let status = Command::new("python3")
        .arg(&gen)
        .arg("--pages")
        .arg(pages.to_string())
        .arg(dir.path())
        .status()
        .expect("run gen-corpus");
    assert!(status.success(), "gen-corpus failed");

    let site = dossier::config::Site::load(dir.path()).expect("site");
    let opts = dossier::build::Options::default();
    let mut times: Vec<Duration> = Vec::new();
    let mut last = None;
    for _ in 0..runs {
        let start = Instant::now();
        let outcome = dossier::build::build(&site, &opts).expect("build");
        times.push(start.elapsed());
        last = Some(outcome);
    }
    let outcome = last.expect("at least one run");
    times.sort();
    println!("{}", outcome.summary);
    for (stage, took) in &outcome.timings {
        println!("  {stage:<10} {took:>10.2?}");
    }
    println!(
        "bench build: {pages} pages, {} threads: wall best {:.2?}, median {:.2?} over {runs} runs; peak memory {:.0} MiB",
        rayon::current_num_threads(),
        times[0],
        times[times.len() / 2],
        peak_rss_mib().unwrap_or(f64::NAN)
    );
}
