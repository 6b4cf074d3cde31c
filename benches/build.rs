//! Build benchmark against the peer, Hugo (0.111, Debian's `hugo`; installed with apt-get
//! when missing). Generates a corpus with `../shared/bench/gen-corpus --pages N --kb K`
//! (N from `DOSSIER_BENCH_PAGES`, default 10000; K from `DOSSIER_BENCH_KB`, default 6)
//! with the digest's theme catalog, and gives Hugo the same Markdown with minimal
//! templates (a page per document, a list per section). Both run as processes with
//! their output on the corpus's own disk (not tmpfs), alternating, `DOSSIER_BENCH_RUNS`
//! times (default 3); each run reports wall time, CPU time (user + system, from
//! `wait4`) and peak memory (max RSS).
//!
//! Measured per run:
//! - cold: Hugo, then dossier, each into an empty output folder;
//! - dossier rebuild with nothing changed (the previous output in place);
//! - dossier rebuild after a one-document edit: the first after the cold build, then a
//!   second (the steady state, with the output before last to recycle).
//!
//! Then the stages of one cold dossier build (`dossier -v build`) and its output's size.
//!
//!   cargo bench --bench build

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// One process's cost.
#[derive(Clone, Copy, Debug)]
struct Cost {
    wall: Duration,
    cpu: Duration,
    max_rss_mib: f64,
}

/// Remove a build's output and what it keeps beside it (manifest, spare output), so the
/// next build is cold.
fn remove_output(corpus: &Path) {
    let _ = std::fs::remove_dir_all(corpus.join("public"));
    let _ = std::fs::remove_dir_all(corpus.join(".public.spare"));
    for f in [".public.manifest.json", ".public.spare.json"] {
        let _ = std::fs::remove_file(corpus.join(f));
    }
}

fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Run `cmd` to completion and measure it.
fn measure(cmd: &mut Command) -> (Cost, String) {
    cmd.stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let start = Instant::now();
    let child = cmd.spawn().expect("spawn");
    let pid = child.id() as libc::pid_t;
    // Read the pipes on threads so a chatty child never blocks.
    let mut child = child;
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let o = std::thread::spawn(move || {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut out, &mut s).ok();
        s
    });
    let e = std::thread::spawn(move || {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut err, &mut s).ok();
        s
    });
    let mut status = 0;
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: wait4 on our own child, with valid pointers to locals.
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let wall = start.elapsed();
    assert_eq!(r, pid, "wait4");
    let text = o.join().unwrap() + &e.join().unwrap();
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "{cmd:?} failed:\n{text}"
    );
    let tv = |t: libc::timeval| {
        Duration::from_secs(t.tv_sec as u64) + Duration::from_micros(t.tv_usec as u64)
    };
    let cost = Cost {
        wall,
        cpu: tv(usage.ru_utime) + tv(usage.ru_stime),
        max_rss_mib: usage.ru_maxrss as f64 / 1024.0,
    };
    (cost, text)
}

fn dossier_bin() -> PathBuf {
    // The binary cargo built for this benchmark (same profile).
    PathBuf::from(env!("CARGO_BIN_EXE_dossier"))
}

fn ensure_hugo() -> String {
    let ok = Command::new("hugo")
        .arg("version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        eprintln!("bench build: installing hugo (apt-get)");
        let _ = Command::new("apt-get").args(["update", "-qq"]).status();
        let status = Command::new("apt-get")
            .args(["install", "-y", "-qq", "hugo"])
            .status()
            .expect("apt-get");
        assert!(status.success(), "apt-get install hugo failed");
    }
    let v = Command::new("hugo").arg("version").output().expect("hugo");
    String::from_utf8_lossy(&v.stdout).trim().to_string()
}

/// A Hugo site over the same documents: minimal templates that print each document's
/// title, date and body, and a list per section.
fn hugo_site(corpus: &Path) -> PathBuf {
    let site = corpus.join("hugo");
    let layouts = site.join("layouts/_default");
    std::fs::create_dir_all(&layouts).unwrap();
    std::fs::write(
        site.join("hugo.toml"),
        "baseURL = 'https://example.org/'\ntitle = 'Bench'\ndisableKinds = ['taxonomy', 'term']\n",
    )
    .unwrap();
    std::fs::write(layouts.join("baseof.html"), "<!doctype html><html lang=en><head><meta charset=utf-8><title>{{ .Title }}</title></head><body>{{ block \"main\" . }}{{ end }}</body></html>").unwrap();
    std::fs::write(layouts.join("single.html"), "{{ define \"main\" }}<h1>{{ .Title }}</h1><p>{{ .Date.Format \"2006-01-02\" }}</p>{{ .TableOfContents }}{{ .Content }}{{ end }}").unwrap();
    std::fs::write(layouts.join("list.html"), "{{ define \"main\" }}<h1>{{ .Title }}</h1><ul>{{ range .Paginator.Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}").unwrap();
    // The same Markdown, linked rather than copied.
    let content = site.join("content");
    std::fs::create_dir_all(&content).unwrap();
    std::os::unix::fs::symlink(corpus.join("content/documents"), content.join("documents"))
        .unwrap();
    site
}

fn summary(label: &str, costs: &[Cost]) -> Cost {
    let mut sorted = costs.to_vec();
    sorted.sort_by_key(|c| c.wall);
    let median = sorted[sorted.len() / 2];
    let max_rss = costs.iter().map(|c| c.max_rss_mib).fold(0.0, f64::max);
    println!(
        "  {label:<34} wall median {:>8.2?} (min {:>8.2?}), CPU median {:>8.2?}, peak {:>6.0} MiB",
        median.wall,
        sorted[0].wall,
        {
            let mut cpu: Vec<_> = costs.iter().map(|c| c.cpu).collect();
            cpu.sort();
            cpu[cpu.len() / 2]
        },
        max_rss
    );
    median
}

fn main() {
    let pages = env_or("DOSSIER_BENCH_PAGES", 10_000);
    let kb = env_or("DOSSIER_BENCH_KB", 6);
    let runs = env_or("DOSSIER_BENCH_RUNS", 3).max(1);
    let gen = std::env::var("DOSSIER_GEN_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|_| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/bench/gen-corpus")
        });
    let hugo_version = ensure_hugo();
    let bin = dossier_bin();
    // On the disk users build on: the target folder's, not tmpfs.
    let scratch = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-build");
    std::fs::create_dir_all(&scratch).unwrap();
    let dir = tempfile::tempdir_in(&scratch).expect("temporary folder");
    let corpus = dir.path();
    let status = Command::new("python3")
        .arg(&gen)
        .args(["--pages", &pages.to_string(), "--kb", &kb.to_string()])
        .arg(corpus)
        .stdout(std::process::Stdio::null())
        .status()
        .expect("run gen-corpus");
    assert!(status.success(), "gen-corpus failed");
    let catalog = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("content/themes");
    let themes = corpus.join("content/themes");
    std::fs::create_dir_all(&themes).unwrap();
    for e in std::fs::read_dir(&catalog).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), themes.join(e.file_name())).unwrap();
    }
    let hugo = hugo_site(corpus);
    println!(
        "bench build: {pages} documents of ~{kb} KB, {runs} runs, dossier {} vs {hugo_version}",
        bin.display()
    );

    let public = corpus.join("public");
    let hugo_out = corpus.join("hugo-public");
    let edited = corpus.join("content/documents/doc-00001.md");
    let original = std::fs::read_to_string(&edited).unwrap();
    let (mut hugo_cold, mut cold, mut unchanged) = (vec![], vec![], vec![]);
    let (mut first_edit, mut one_edit) = (vec![], vec![]);
    for run in 0..runs {
        let _ = std::fs::remove_dir_all(&hugo_out);
        let (c, _) = measure(
            Command::new("hugo")
                .arg("--quiet")
                .arg("-s")
                .arg(&hugo)
                .arg("-d")
                .arg(&hugo_out),
        );
        hugo_cold.push(c);

        remove_output(corpus);
        let (c, text) = measure(Command::new(&bin).arg("--root").arg(corpus).arg("build"));
        cold.push(c);
        if run == 0 {
            println!("  {}", text.lines().last().unwrap_or(""));
        }

        let (c, text) = measure(Command::new(&bin).arg("--root").arg(corpus).arg("build"));
        assert!(text.contains("up to date"), "{text}");
        unchanged.push(c);

        // One document edited, twice: a sentence added to its body, then another. The
        // first rebuild after a cold build has no spare output to recycle (see
        // `output.rs`); every later one does, so the second is the one users wait for.
        for (k, costs) in [&mut first_edit, &mut one_edit].into_iter().enumerate() {
            let body = format!(
                "{original}\nOne more sentence on confidence-building measures ({run}, {k}).\n"
            );
            std::fs::write(&edited, body).unwrap();
            let (c, text) = measure(Command::new(&bin).arg("--root").arg(corpus).arg("build"));
            costs.push(c);
            if run == 0 {
                println!("  {}", text.lines().last().unwrap_or(""));
            }
        }
    }
    std::fs::write(&edited, &original).unwrap();
    println!("results (output on disk, alternating runs):");
    let h = summary("hugo, cold", &hugo_cold);
    let d = summary("dossier, cold", &cold);
    let u = summary("dossier, nothing changed", &unchanged);
    summary("dossier, first edit after a cold build", &first_edit);
    let e = summary("dossier, one document edited", &one_edit);
    let ratio = |a: Duration| a.as_secs_f64() / h.wall.as_secs_f64();
    println!(
        "ratios to Hugo's cold wall time: cold {:.2}x (target <= 0.3x), one edit {:.3}x (target <= 0.05x); nothing changed {:.2?} (target < 0.5 s)",
        ratio(d.wall),
        ratio(e.wall),
        u.wall
    );

    // The stages of one cold build, and the output's size.
    remove_output(corpus);
    let out = Command::new(&bin)
        .arg("-v")
        .arg("--root")
        .arg(corpus)
        .arg("build")
        .output()
        .unwrap();
    println!(
        "stages of a cold build:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (files, bytes) = walkdir::WalkDir::new(&public)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .fold((0u64, 0u64), |(n, b), e| {
            (n + 1, b + e.metadata().map(|m| m.len()).unwrap_or(0))
        });
    println!("output: {files} files, {:.1} MB", bytes as f64 / 1e6);
}
