//! Times the search stage alone on a site's content, for A/B comparisons on a busy
//! machine: entries are collected once (the real pipeline: `search::collect::from_content`,
//! documents in site order), then `search::write_index` runs RUNS times into OUT_DIR and
//! each run's wall time, process CPU time (user + system, all threads) and phases are
//! printed. With `--edit`, one full build runs, then one document's sections are edited
//! RUNS times and each incremental update (`search::Incremental`) is timed, with the
//! files it hands over (`SHOW_FILES=1` lists them by folder). `TIME_COLLECT=N` also
//! times `collect::entries` and N runs of `collect::entries_since` (what watch mode pays
//! before the index update). The folder is removed before each run (untimed), as a build
//! writes into a fresh one.
//!
//!   cargo run --release --example search-stage -- SITE_ROOT OUT_DIR [RUNS] [--edit]

use std::path::PathBuf;
use std::time::{Duration, Instant};

/// User and system CPU time of this process so far (all threads), from /proc.
fn cpu() -> (Duration, Duration) {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name (which may hold spaces) start after the last ')'.
    let rest = stat.rsplit_once(')').map(|x| x.1).unwrap_or("");
    let f: Vec<&str> = rest.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of the whole line, so 11 and 12 here.
    let ticks = |i: usize| f.get(i).and_then(|x| x.parse::<u64>().ok()).unwrap_or(0);
    let tick = Duration::from_millis(10);
    (tick * ticks(11) as u32, tick * ticks(12) as u32)
}

fn ms(d: Duration) -> String {
    format!("{} ms", d.as_millis())
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(root), Some(out)) = (args.first(), args.get(1)) else {
        eprintln!("usage: search-stage SITE_ROOT OUT_DIR [RUNS] [--edit]");
        std::process::exit(2);
    };
    let runs: usize = args.get(2).and_then(|r| r.parse().ok()).unwrap_or(3);
    let edit = args.iter().any(|a| a == "--edit");
    let root = PathBuf::from(root);
    let out = PathBuf::from(out);
    let (mut docs, _) =
        dossier::content::load_documents(&root.join("content/documents")).expect("documents");
    dossier::render::sort_documents(&mut docs);
    let themes = dossier::xref::load_catalog(&root.join("content/themes"))
        .map(|t| t.0)
        .unwrap_or_default();
    let t = Instant::now();
    let entries = dossier::search::collect::from_content(&docs, &themes);
    eprintln!("collected {} entries in {:.2?}", entries.len(), t.elapsed());
    if std::env::var_os("TIME_COLLECT").is_some() {
        time_collect(&docs, &themes);
    }
    // With --edit, RUNS edits are timed instead of RUNS full builds (one full build runs).
    let full_runs = if edit { 1 } else { runs };
    for run in 0..full_runs {
        // A fresh folder, as in a build (removing the old index is not part of the stage).
        let _ = std::fs::remove_dir_all(&out);
        let (u0, s0) = cpu();
        let t = Instant::now();
        let stats = dossier::search::write_index(&entries, &out).expect("index");
        let wall = t.elapsed();
        let (u1, s1) = cpu();
        let phases: Vec<String> = stats
            .phases
            .iter()
            .map(|(n, d)| format!("{n} {}", ms(*d)))
            .collect();
        println!(
            "run {run}: wall {}, user {}, sys {} ({})",
            ms(wall),
            ms(u1 - u0),
            ms(s1 - s0),
            phases.join(", ")
        );
        if run == 0 {
            println!("{stats}");
        }
    }
    if edit {
        edits(entries, runs);
    }
}

/// One document's sections edited at a time (a sentence appended to each), as watch mode
/// sees it: the incremental update's time and the files it hands over.
fn edits(mut entries: Vec<dossier::search::Entry>, runs: usize) {
    let mut memo = dossier::search::Incremental::default();
    let t = Instant::now();
    let first = memo.update(entries.clone()).expect("first update");
    println!("first update {}: {first}", ms(t.elapsed()));
    memo.commit();
    let docs: Vec<String> = {
        let mut d: Vec<String> = entries
            .iter()
            .filter(|e| e.url.starts_with("documents/"))
            .map(|e| e.url.split('#').next().unwrap_or("").to_string())
            .collect();
        d.dedup();
        d
    };
    for run in 0..runs {
        let doc = &docs[(run * 997 + 13) % docs.len()];
        for e in entries
            .iter_mut()
            .filter(|e| e.url.starts_with(doc.as_str()))
        {
            e.text = format!(
                "{} An added sentence on cyber security cooperation.",
                e.text
            )
            .into();
        }
        let copy = entries.clone();
        let (u0, s0) = cpu();
        let t = Instant::now();
        let stats = memo.update(copy).expect("update");
        let wall = t.elapsed();
        let (u1, s1) = cpu();
        let bytes: usize = memo.pending().map(|(_, b)| b.len()).sum();
        if std::env::var_os("SHOW_FILES").is_some() {
            let mut by: std::collections::BTreeMap<&str, usize> = Default::default();
            for (p, _) in memo.pending() {
                *by.entry(p.split('/').next().unwrap_or("")).or_default() += 1;
            }
            println!("  {by:?}");
        }
        println!(
            "edit {run}: wall {}, user {}, sys {}: {stats}, {:.1} KB",
            ms(wall),
            ms(u1 - u0),
            ms(s1 - s0),
            bytes as f64 / 1024.0
        );
        memo.commit();
    }
}

/// The time of `collect::entries` alone (what watch mode pays per rebuild before the
/// index is updated).
fn time_collect(docs: &[dossier::content::Document], themes: &[dossier::xref::Theme]) {
    use dossier::markdown::{self, RenderOptions};
    let matcher = dossier::xref::Matcher::new(themes);
    let rendered: Vec<markdown::Rendered> = docs
        .iter()
        .map(|d| {
            let linker = dossier::xref::ThemeLinker::new(&matcher, themes, "../../");
            markdown::render(
                &d.body,
                &RenderOptions {
                    highlighter: None,
                    annotator: Some(&linker),
                    root: Some("../../"),
                },
            )
        })
        .collect();
    let inputs = dossier::xref::doc_inputs(docs, &rendered);
    let cross = dossier::xref::cross_reference(themes, &inputs);
    println!("mentions: {}", cross.mentions.len());
    let texts: Vec<String> = themes.iter().map(|_| String::new()).collect();
    let mut previous = Vec::new();
    for _ in 0..3 {
        let t = Instant::now();
        let e = dossier::search::collect::entries(docs, &rendered, themes, Some(&cross), &texts);
        let took = t.elapsed();
        let t = Instant::now();
        drop(previous);
        println!("collect::entries {}, drop {}", ms(took), ms(t.elapsed()));
        previous = e;
    }
    let n: usize = std::env::var("TIME_COLLECT")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3);
    for _ in 0..n {
        let t = Instant::now();
        let c = dossier::search::collect::entries_since(
            (previous, Default::default()),
            None,
            docs,
            &rendered,
            themes,
            Some(&cross),
            &texts,
            Vec::new(),
        );
        println!(
            "collect::entries_since {} (nothing changed, no fingerprints)",
            ms(t.elapsed())
        );
        previous = c.entries;
    }
}
