//! Watch-mode benchmark: edit-to-reload-event time for a one-document edit. Starts
//! `dossier serve` on the seeds digest and on a `gen-corpus --pages N` corpus (N from
//! `DOSSIER_BENCH_PAGES`, default 10000), listens on its event stream, appends a sentence
//! to one document and times until the `reload` event arrives (this includes the
//! watcher's debounce). Reports the median and worst of `DOSSIER_BENCH_RUNS` edits.
//!
//!   cargo bench --bench serve

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn run(label: &str, root: &Path, runs: usize) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg("--root")
        .arg(root)
        .args(["serve", "--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start dossier serve");
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut url = String::new();
    let start = Instant::now();
    while url.is_empty() {
        let mut line = String::new();
        if out.read_line(&mut line).unwrap() == 0 {
            panic!("server exited");
        }
        if let Some(u) = line.strip_prefix("serving ") {
            url = u.split_whitespace().next().unwrap().into();
        }
    }
    println!("{label}: first build and start {:.2?}", start.elapsed());
    std::thread::spawn(move || for _ in out.lines() {});
    let host = url
        .trim_start_matches("http://")
        .split('/')
        .next()
        .unwrap()
        .to_string();
    let mut s = TcpStream::connect(host).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    write!(s, "GET /__dossier/events HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
    let mut ev = BufReader::new(s);
    let mut wait = |name: &str| loop {
        let mut line = String::new();
        assert!(ev.read_line(&mut line).unwrap() > 0, "stream closed");
        if line.trim_end() == format!("event: {name}") {
            break;
        }
    };
    wait("hello");
    let docs = root.join("content/documents");
    let mut files: Vec<_> = std::fs::read_dir(&docs)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let target = files[files.len() / 2].clone();
    let mut times = Vec::new();
    for i in 0..runs {
        let mut text = std::fs::read_to_string(&target).unwrap();
        text.push_str(&format!("\nBenchmark edit number {i}.\n"));
        let t = Instant::now();
        std::fs::write(&target, text).unwrap();
        wait("reload");
        times.push(t.elapsed());
        std::thread::sleep(Duration::from_millis(100));
    }
    times.sort();
    println!(
        "{label}: edit to reload event: median {:.1?}, worst {:.1?} ({runs} edits)",
        times[runs / 2],
        times[runs - 1]
    );
    let _ = child.kill();
    let _ = child.wait();
}

fn main() {
    let runs: usize = std::env::var("DOSSIER_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(7);
    let pages: usize = std::env::var("DOSSIER_BENCH_PAGES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let seeds = tempfile::tempdir().unwrap();
    let status = Command::new("cp")
        .arg("-r")
        .arg(repo.join("seeds"))
        .arg(repo.join("content"))
        .arg(seeds.path())
        .status()
        .unwrap();
    assert!(status.success());
    run("seeds digest", seeds.path(), runs);
    let corpus = tempfile::tempdir().unwrap();
    let status = Command::new("python3")
        .arg(repo.join("../shared/bench/gen-corpus"))
        .args(["--pages", &pages.to_string()])
        .arg(corpus.path())
        .stdout(Stdio::null())
        .status();
    match status {
        Ok(s) if s.success() => run(&format!("gen-corpus --pages {pages}"), corpus.path(), runs),
        _ => println!("gen-corpus not found beside the repository; skipped the large corpus"),
    }
}
