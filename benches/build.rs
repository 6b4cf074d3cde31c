//! Build benchmark: generates a corpus with `../shared/bench/gen-corpus --pages N` (N from
//! `DOSSIER_BENCH_PAGES`, default 10000) into a temporary folder, builds it with every
//! stage on (including the digest's theme catalog, so cross-referencing and related
//! documents are measured), and reports wall time and peak memory (the process's VmHWM, which covers
//! the build alone: corpus generation runs in a separate Python process).
//!
//! Each configuration builds `DOSSIER_BENCH_RUNS` times (default 3): the first run is a
//! cold build into an empty output folder, the others rebuild over the previous output
//! (which includes deleting it after the swap). The output goes to the corpus's own
//! disk and, where `/dev/shm` exists, to memory as well, which separates dossier's own
//! time from the file system's.
//!
//!   cargo bench --bench build

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

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
    // The digest's theme catalog, so the cross-reference (mentions, theme pages, related
    // documents) is part of the measured build.
    let catalog = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("content/themes");
    let themes = dir.path().join("content/themes");
    std::fs::create_dir_all(&themes).expect("themes folder");
    for e in std::fs::read_dir(&catalog).expect("catalog") {
        let e = e.expect("catalog entry");
        std::fs::copy(e.path(), themes.join(e.file_name())).expect("copy theme");
    }

    let site = dossier::config::Site::load(dir.path()).expect("site");
    let mut outputs = vec![("disk", dir.path().join("public"))];
    let shm = PathBuf::from("/dev/shm");
    if shm.is_dir() {
        outputs.push((
            "memory (/dev/shm)",
            shm.join(format!("dossier-bench-{}", std::process::id())),
        ));
    }
    for (label, output) in outputs {
        let opts = dossier::build::Options {
            output: Some(output.clone()),
            ..Default::default()
        };
        let mut times: Vec<Duration> = Vec::new();
        let mut last = None;
        for _ in 0..runs {
            let start = Instant::now();
            let outcome = dossier::build::build(&site, &opts).expect("build");
            times.push(start.elapsed());
            last = Some(outcome);
        }
        let outcome = last.expect("at least one run");
        println!("{}", outcome.summary);
        for (stage, took) in &outcome.timings {
            println!("  {stage:<10} {took:>10.2?}");
        }
        let cold = times[0];
        let mut rebuilds = times[1..].to_vec();
        rebuilds.sort();
        println!(
            "bench build, output on {label}: {pages} pages, {} threads: cold {:.2?}, rebuild median {}",
            rayon::current_num_threads(),
            cold,
            rebuilds
                .get(rebuilds.len() / 2)
                .map(|d| format!("{d:.2?}"))
                .unwrap_or_else(|| "-".into()),
        );
        if label != "disk" {
            let _ = std::fs::remove_dir_all(&output);
        }
    }
    println!(
        "bench build: peak memory {:.0} MiB",
        dossier::build::peak_memory_mib().unwrap_or(f64::NAN)
    );
}
