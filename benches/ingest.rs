//! Ingest throughput on generated corpora: `cargo bench --bench ingest`.
//!
//! Generates `../shared/bench/gen-corpus --raw N --kb K` (N = $DOSSIER_BENCH_RAW, default
//! 1000; K = $DOSSIER_BENCH_KB, default 20) into a temporary site on an ordinary disk
//! (under `target/`, not tmpfs) and measures, best of 3 runs, wall time and CPU time:
//! - normalize: read + metadata + normalize (+ the no-loss self-check) of every seed, in
//!   parallel, without writing;
//! - ingest (fresh): the whole `dossier ingest` into an empty content/documents;
//! - ingest (unchanged): a second run, which reads no seed again (inputs hashed);
//! - with a catalogue of N rows (CSV): cold, then with one row changed (one document
//!   made again);
//! - HTML: the same texts as saved web pages with chrome, read by the HTML reader (MB/s);
//! - PDF: pages per second, when `DOSSIER_BENCH_PDF` names a PDF file.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use dossier::config::Site;
use dossier::ingest;

/// Wall and CPU time of the best of `runs` runs (by wall time).
fn best_of<F: FnMut()>(runs: usize, mut f: F) -> (Duration, Duration) {
    (0..runs)
        .map(|_| {
            let cpu = cpu_time();
            let t = Instant::now();
            f();
            (t.elapsed(), cpu_time().saturating_sub(cpu))
        })
        .min()
        .unwrap_or_default()
}

/// User + system CPU time of this process so far (Linux), for figures beside wall time
/// on a shared, noisy machine.
fn cpu_time() -> Duration {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map(|(_, rest)| rest.split_whitespace().collect())
        .unwrap_or_default();
    let ticks: u64 = [11, 12]
        .iter()
        .filter_map(|&i| fields.get(i).and_then(|f| f.parse::<u64>().ok()))
        .sum();
    Duration::from_millis(ticks * 10)
}

fn report(name: &str, (wall, cpu): (Duration, Duration), mb: f64) {
    println!(
        "{name:<34} {:>8.0} ms wall {:>8.0} ms cpu {:>7.1} MB/s",
        wall.as_secs_f64() * 1e3,
        cpu.as_secs_f64() * 1e3,
        mb / wall.as_secs_f64()
    );
}

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    let n = env_usize("DOSSIER_BENCH_RAW", 1000);
    let kb = env_usize("DOSSIER_BENCH_KB", 20);
    let gen = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/bench/gen-corpus");
    let scratch = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-ingest");
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(&scratch).expect("scratch folder");
    let dir = tempfile::tempdir_in(&scratch).expect("temp dir");
    let status = Command::new("python3")
        .arg(&gen)
        .args(["--raw", &n.to_string(), "--kb", &kb.to_string()])
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
        "corpus: {n} raw seeds of ~{kb} KB, {mb:.1} MB, {} threads",
        rayon::current_num_threads()
    );

    let normalize = best_of(3, || {
        let ok = seeds
            .par_iter()
            .filter(|s| ingest::prepare(s).is_ok())
            .count();
        assert_eq!(ok, seeds.len());
    });
    report("normalize (no writes)", normalize, mb);
    let docs = site.documents_dir();
    let fresh = best_of(3, || {
        let _ = std::fs::remove_dir_all(&docs);
        ingest::ingest_site(&site, &ingest::Options::default()).expect("ingest");
    });
    report("ingest (fresh)", fresh, mb);
    let unchanged = best_of(3, || {
        let o = ingest::ingest_site(&site, &ingest::Options::default()).expect("ingest");
        assert_eq!(o.unchanged.len(), seeds.len());
    });
    report("ingest (unchanged)", unchanged, mb);

    // A catalogue row per seed.
    let names: Vec<String> = seeds
        .iter()
        .map(|s| s.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    let catalogue = |changed: Option<usize>| {
        let mut csv = String::from("file,title,date,authors,organisations,kind\n");
        for (i, name) in names.iter().enumerate() {
            let day = if changed == Some(i) { 2 } else { 1 };
            csv.push_str(&format!(
                "{name},Document {i} of the catalogue,2019-05-{day:02},Ann Lee; Bo Chen,OSCE,report\n"
            ));
        }
        std::fs::write(site.seeds_dir().join("catalogue.csv"), csv).expect("catalogue");
    };
    std::fs::write(
        dir.path().join("dossier.yaml"),
        "catalogues:\n  - file: seeds/catalogue.csv\n",
    )
    .expect("config");
    let site = Site::load(dir.path()).expect("site");
    catalogue(None);
    let cold = best_of(3, || {
        let _ = std::fs::remove_dir_all(&docs);
        ingest::ingest_site(&site, &ingest::Options::default()).expect("ingest");
    });
    report(&format!("ingest with a {n}-row catalogue"), cold, mb);
    let mut flip = 0;
    let one_row = best_of(3, || {
        flip += 1;
        catalogue(Some(flip % 2));
        let o = ingest::ingest_site(&site, &ingest::Options::default()).expect("ingest");
        assert_eq!(
            o.seeds.len(),
            2.min(flip),
            "only the changed rows' documents"
        );
    });
    report("  ... one row changed", one_row, mb);

    // The same texts as saved web pages.
    let html_dir = dir.path().join("html");
    std::fs::create_dir_all(&html_dir).expect("html folder");
    let mut html_bytes = 0u64;
    let pages: Vec<_> = seeds
        .iter()
        .take(500)
        .enumerate()
        .map(|(i, s)| {
            let text = std::fs::read_to_string(s).expect("seed");
            let body: String = text
                .split("\n\n")
                .map(|p| format!("<p>{}</p>\n", p.replace('&', "&amp;").replace('<', "&lt;")))
                .collect();
            let page = format!(
                "<!doctype html><html lang=\"en\"><head><title>Page {i} | Site</title>\
                 <meta property=\"og:title\" content=\"Page {i}\"></head><body>\
                 <nav><a href=\"/\">Home</a> <a href=\"/about\">About</a></nav>\
                 <div class=\"cookie-banner\">We use cookies. <button>OK</button></div>\
                 <main><article><h1>Page {i}</h1>{body}</article></main>\
                 <aside class=\"sidebar\"><h2>Related posts</h2><ul><li><a href=\"/a\">A</a></li></ul></aside>\
                 <footer>© 2024 Site</footer></body></html>"
            );
            html_bytes += page.len() as u64;
            let path = html_dir.join(format!("page-{i:05}.html"));
            std::fs::write(&path, page).expect("page");
            path
        })
        .collect();
    let html = best_of(3, || {
        pages.par_iter().for_each(|p| {
            ingest::prepare(p).expect("page");
        });
    });
    report(
        &format!("HTML pages ({}), read + normalize", pages.len()),
        html,
        html_bytes as f64 / 1e6,
    );

    if let Ok(pdf) = std::env::var("DOSSIER_BENCH_PDF") {
        let t = Instant::now();
        let p = ingest::prepare(Path::new(&pdf)).expect("PDF");
        let secs = t.elapsed().as_secs_f64();
        let pages = p
            .meta
            .source_meta
            .get("pages")
            .and_then(|v| v.as_u64())
            .unwrap_or(0);
        println!(
            "PDF {pdf}: {pages} pages in {:.0} ms, {:.0} pages/s",
            secs * 1e3,
            pages as f64 / secs
        );
    }
    drop(dir);
    let _ = std::fs::remove_dir_all(&scratch);
}
