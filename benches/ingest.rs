//! Ingest throughput on a generated raw corpus: `cargo bench --bench ingest`.
//!
//! Generates `../shared/bench/gen-corpus --raw N` (N = $DOSSIER_BENCH_RAW, default 1000)
//! into a temporary site and measures, best of 5 runs:
//! - normalize: decode + metadata + normalize (+ the no-loss self-check) of every seed, in
//!   parallel, without writing;
//! - ingest (fresh): the whole `dossier ingest` into an empty content/documents;
//! - ingest (unchanged): a second run, which must write nothing.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use dossier::config::Site;
use dossier::ingest;

fn best_of<F: FnMut()>(runs: usize, mut f: F) -> Duration {
    (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn main() {
    let n: usize = std::env::var("DOSSIER_BENCH_RAW")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000);
    let gen = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/bench/gen-corpus");
    let dir = tempfile::tempdir().expect("temp dir");
    let status = Command::new("python3")
        .arg(&gen)
        .args(["--raw", &n.to_string()])
        .arg(dir.path())
        .status()
        .expect("python3 runs gen-corpus");
    assert!(status.success(), "gen-corpus failed");
    let site = Site::load(dir.path()).expect("site");
    let seeds = ingest::seed_files(&site.seeds_dir()).expect("seeds");
    let bytes: u64 = seeds
        .iter()
        .map(|s| std::fs::metadata(s).map(|m| m.len()).unwrap_or(0))
        .sum();
    let mb = bytes as f64 / 1e6;
    println!(
        "corpus: {n} raw seeds, {mb:.1} MB, {} threads",
        rayon::current_num_threads()
    );

    let normalize = best_of(5, || {
        let ok = seeds
            .par_iter()
            .filter(|s| ingest::prepare(s).is_ok())
            .count();
        assert_eq!(ok, seeds.len());
    });
    let docs = site.documents_dir();
    let fresh = best_of(5, || {
        let _ = std::fs::remove_dir_all(&docs);
        ingest::ingest_site(&site, &ingest::Options::default()).expect("ingest");
    });
    let unchanged = best_of(5, || {
        let o = ingest::ingest_site(&site, &ingest::Options::default()).expect("ingest");
        assert!(o
            .seeds
            .iter()
            .all(|s| s.action == ingest::Action::Unchanged));
    });
    for (name, d) in [
        ("normalize (no writes)", normalize),
        ("ingest (fresh)", fresh),
        ("ingest (unchanged)", unchanged),
    ] {
        println!(
            "{name:<24} {:>8.0} ms  {:>6.1} MB/s",
            d.as_secs_f64() * 1e3,
            mb / d.as_secs_f64()
        );
    }
}
