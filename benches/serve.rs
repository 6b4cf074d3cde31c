//! Watch-mode benchmark: edit-to-reload-event time for a one-document edit. Starts
//! `dossier serve -v` on the seeds digest and on a `gen-corpus --pages N` corpus (N from
//! `DOSSIER_BENCH_PAGES`, default 10000) given the repository's theme catalog (so the
//! cross-reference has themes to find, as in the real digest), listens on its event
//! stream, appends a sentence to one document and times until the `reload` event arrives
//! (this includes the watcher's debounce), first a plain sentence, then one that mentions
//! two themes (so theme counts and related lists change); then appends a rule to the
//! site's stylesheet and times until the `css` event. Reports for each the median and
//! worst of `DOSSIER_BENCH_RUNS` edits, and the median time of each stage of the rebuilds as
//! `serve -v` prints them (the search stage apart, so its share shows).
//!
//!   cargo bench --bench serve

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// `1.23ms`, `4.5µs`, `3.2s` as printed by `{:?}`.
fn parse_duration(s: &str) -> Option<Duration> {
    let (num, unit) = s.split_at(s.find(|c: char| c.is_alphabetic() || c == 'µ')?);
    let n: f64 = num.parse().ok()?;
    let secs = match unit {
        "ns" => n / 1e9,
        "µs" => n / 1e6,
        "ms" => n / 1e3,
        "s" => n,
        _ => return None,
    };
    Some(Duration::from_secs_f64(secs))
}

/// A `serve -v` timing line (`  search (32424 sections; ...)   3.2s`) as (stage, time);
/// details in parentheses are left out of the stage's name.
fn stage_line(line: &str) -> Option<(String, Duration)> {
    if !line.starts_with("  ") {
        return None;
    }
    let line = line.trim();
    let (name, took) = line.rsplit_once(char::is_whitespace)?;
    let name = name.split(" (").next()?.trim().to_string();
    Some((name, parse_duration(took)?))
}

/// One rebuild's stages with their times.
type Timings = Vec<(String, Duration)>;

fn run(label: &str, root: &Path, runs: usize) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg("--root")
        .arg(root)
        .args(["-v", "serve", "--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start dossier serve");
    let mut out = BufReader::new(child.stdout.take().unwrap());
    // Every rebuild's stage timings, in order.
    let rebuilds: Arc<Mutex<Vec<Timings>>> = Arc::default();
    let err = BufReader::new(child.stderr.take().unwrap());
    let seen = rebuilds.clone();
    std::thread::spawn(move || {
        for line in err.lines().map_while(Result::ok) {
            if let Some((stage, took)) = stage_line(&line) {
                let mut all = seen.lock().unwrap();
                if stage == "ingest" || all.is_empty() {
                    all.push(Vec::new());
                }
                all.last_mut().unwrap().push((stage, took));
            }
        }
    });
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
    s.set_read_timeout(Some(Duration::from_secs(120))).unwrap();
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
    let stylesheet = root.join("static/style.css");
    for edit in EDITS {
        let first = rebuilds.lock().unwrap().len();
        let mut times = Vec::new();
        let file = if edit.event == "css" {
            &stylesheet
        } else {
            &target
        };
        for i in 0..runs {
            let mut text = std::fs::read_to_string(file).unwrap();
            text.push_str(&(edit.sentence)(i));
            let t = Instant::now();
            std::fs::write(file, text).unwrap();
            wait(edit.event);
            times.push(t.elapsed());
            // What is written after the event (xref.json; the pages, after a stylesheet
            // change) is done before the next edit, as between an editor's saves.
            std::thread::sleep(edit.pause);
        }
        let in_order: Vec<String> = times.iter().map(|t| format!("{t:.0?}")).collect();
        times.sort();
        println!(
            "{label}, {}: edit to {} event: median {:.1?}, worst {:.1?} ({runs} edits: {})",
            edit.name,
            edit.event,
            times[runs / 2],
            times[runs - 1],
            in_order.join(" ")
        );
        let all = rebuilds.lock().unwrap();
        report_stages(&format!("{label}, {}", edit.name), &all[first..]);
    }
    // A clean stop.
    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    let _ = child.wait();
}

/// A kind of edit the benchmark times.
struct Edit {
    name: &'static str,
    /// The text appended by the `i`-th edit (to a document, or to the stylesheet).
    sentence: fn(usize) -> String,
    /// The event that ends it: `reload`, or `css` for the stylesheet.
    event: &'static str,
    pause: Duration,
}

const EDITS: &[Edit] = &[
    Edit {
        name: "plain edit",
        sentence: |i| format!("\nBenchmark edit number {i}.\n"),
        event: "reload",
        pause: Duration::from_millis(500),
    },
    // Each edit adds mentions, so the document's theme counts change: its related list,
    // every list it could appear in, the theme pages and `xref.json` are redone.
    Edit {
        name: "theme edit",
        sentence: |i| {
            format!(
                "\nBenchmark edit {i} on confidence-building measures and the Christchurch Call.\n"
            )
        },
        event: "reload",
        pause: Duration::from_millis(500),
    },
    // The site's stylesheet override: its content-hashed name changes, so every page
    // names a new file (rewritten in memory, written after the event).
    Edit {
        name: "stylesheet edit",
        sentence: |i| format!("\nbody {{ margin-top: {i}px }}\n"),
        event: "css",
        pause: Duration::from_secs(4),
    },
];

/// Give the site a stylesheet override (the default one, to be edited).
fn add_stylesheet(repo: &Path, root: &Path) {
    std::fs::create_dir_all(root.join("static")).unwrap();
    std::fs::copy(
        repo.join("themes/default/static/style.css"),
        root.join("static/style.css"),
    )
    .unwrap();
}

/// Prints the median time of each stage over `rebuilds`.
fn report_stages(label: &str, rebuilds: &[Timings]) {
    let mut stages: BTreeMap<usize, (String, Vec<Duration>)> = BTreeMap::new();
    for rebuild in rebuilds {
        for (i, (stage, took)) in rebuild.iter().enumerate() {
            stages
                .entry(i)
                .or_insert_with(|| (stage.clone(), Vec::new()))
                .1
                .push(*took);
        }
    }
    let line: Vec<String> = stages
        .values_mut()
        .map(|(stage, took)| {
            took.sort();
            format!("{stage} {:.1?}", took[took.len() / 2])
        })
        .collect();
    println!("{label}: median per stage: {}", line.join(", "));
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
    add_stylesheet(repo, seeds.path());
    run("seeds digest", seeds.path(), runs);
    drop(seeds);
    let corpus = tempfile::tempdir().unwrap();
    let status = Command::new("python3")
        .arg(repo.join("../shared/bench/gen-corpus"))
        .args(["--pages", &pages.to_string()])
        .arg(corpus.path())
        .stdout(Stdio::null())
        .status();
    match status {
        Ok(s) if s.success() => {
            let copied = Command::new("cp")
                .arg("-r")
                .arg(repo.join("content/themes"))
                .arg(corpus.path().join("content"))
                .status()
                .unwrap();
            assert!(copied.success());
            add_stylesheet(repo, corpus.path());
            run(
                &format!("gen-corpus --pages {pages} with the theme catalog"),
                corpus.path(),
                runs,
            );
        }
        _ => println!("gen-corpus not found beside the repository; skipped the large corpus"),
    }
}
