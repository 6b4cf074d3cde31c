//! Search benchmark on the 10,000-page corpus: the full `dossier build` (every stage, the
//! search index built from the real rendered sections and theme pages), the search
//! stage's share of it, index size, then (with Node) bytes downloaded and query latency
//! per query.
//!
//! `cargo bench --bench search` (corpus from ../shared/bench/gen-corpus, generated into
//! target/bench-corpus-10000 on first run; DOSSIER_BENCH_CORPUS=DIR to use another;
//! DOSSIER_BENCH_RUNS builds, default 3, the median run reported).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

fn corpus() -> PathBuf {
    if let Some(dir) = std::env::var_os("DOSSIER_BENCH_CORPUS") {
        return PathBuf::from(dir);
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join("target/bench-corpus-10000");
    if !dir.join("content/documents").exists() {
        let gen = [
            root.join("../shared/bench/gen-corpus"),
            PathBuf::from("/work/shared/bench/gen-corpus"),
        ]
        .into_iter()
        .find(|p| p.exists())
        .expect("gen-corpus not found: set DOSSIER_BENCH_CORPUS to a generated corpus");
        let ok = Command::new("python3")
            .arg(gen)
            .args(["--pages", "10000"])
            .arg(&dir)
            .status()
            .is_ok_and(|s| s.success());
        assert!(ok, "gen-corpus failed");
    }
    dir
}

fn main() {
    let dir = corpus();
    let runs: usize = std::env::var("DOSSIER_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3)
        .max(1);
    let site = dossier::config::Site::load(&dir).expect("site");
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-search-site");
    let opts = dossier::build::Options {
        output: Some(out.clone()),
        ..Default::default()
    };
    // (total, search stage) per run; the search stage's label carries its phases.
    let mut results: Vec<(Duration, Duration, String)> = Vec::new();
    for _ in 0..runs {
        let outcome = dossier::build::build(&site, &opts).expect("build");
        let total: Duration = outcome.timings.iter().map(|(_, d)| *d).sum();
        let (label, search) = outcome
            .timings
            .iter()
            .find(|(s, _)| s.starts_with("search"))
            .cloned()
            .expect("a search stage");
        println!("{}", outcome.summary);
        results.push((total, search, label));
    }
    let share = |r: &(Duration, Duration, String)| r.1.as_secs_f64() / (r.0 - r.1).as_secs_f64();
    results.sort_by(|a, b| share(a).total_cmp(&share(b)));
    let (total, search, label) = &results[results.len() / 2];
    let rest = *total - *search;
    println!("median run: {label}");
    println!(
        "build {total:.2?}: search stage {search:.2?}, everything else {rest:.2?}; \
         indexing adds {:.0}% to the build without it",
        search.as_secs_f64() / rest.as_secs_f64() * 100.0
    );
    let node = Command::new("node")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("bench/search-queries.mjs"))
        .arg(out.join("search"))
        .status();
    match node {
        Ok(s) if s.success() => {}
        _ => println!("node is not available or failed: query figures skipped"),
    }
}
