//! Search benchmark on the 10,000-page corpus: indexing time against the rest of a build,
//! index size, then (with Node) bytes downloaded and query latency per query.
//!
//! `cargo bench --bench search` (corpus from ../shared/bench/gen-corpus, generated into
//! target/bench-corpus-10000 on first run; DOSSIER_BENCH_CORPUS=DIR to use another).

#[path = "../tests/support/search_split.rs"]
mod search_split;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use rayon::prelude::*;

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
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-search");
    let t = Instant::now();
    let (docs, _) = dossier::content::load_documents(&dir.join("content/documents")).expect("load");
    let load = t.elapsed();

    // Render proxy until the render stage is merged: Markdown to HTML for every document,
    // one file each, in parallel, as the render stage will do (without templates).
    let html_dir = out.with_file_name("bench-search-html");
    std::fs::create_dir_all(&html_dir).expect("mkdir");
    let t = Instant::now();
    docs.par_iter().for_each(|d| {
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new(&d.body));
        std::fs::write(html_dir.join(format!("{}.html", d.slug)), html).expect("write");
    });
    let render = t.elapsed();

    // A real build writes a fresh output folder; start from none, as it does.
    if out.exists() {
        std::fs::remove_dir_all(&out).expect("remove old bench output");
    }
    let t = Instant::now();
    let entries = search_split::entries(&docs);
    let split = t.elapsed();
    let stats = dossier::search::write_index(&entries, &out).expect("index");
    let index = stats.elapsed;
    let build = load + render + index;
    println!(
        "corpus: {} documents, {} sections",
        docs.len(),
        entries.len()
    );
    println!("load {load:.2?}, render proxy {render:.2?}, temporary section split {split:.2?}");
    println!("{stats}");
    println!("index phases: {:?}", stats.phases);
    println!(
        "indexing adds {:.0}% to load + render proxy + index ({build:.2?})",
        index.as_secs_f64() / (load + render).as_secs_f64() * 100.0
    );
    let node = Command::new("node")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("bench/search-queries.mjs"))
        .arg(&out)
        .status();
    match node {
        Ok(s) if s.success() => {}
        _ => println!("node is not available or failed: query figures skipped"),
    }
}
