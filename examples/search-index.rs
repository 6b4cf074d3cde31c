//! Writes the search index of content folders through the real pipeline (Markdown
//! sections, cross-reference, theme pages: `search::collect::from_content`), for the Node
//! tests: `cargo run --example search-index -- OUT_DIR [--themes DIR]... [--stems FILE]
//! DOCS_DIR...` (each DOCS_DIR holds `*.md` documents, each themes DIR `*.md` catalog
//! themes). `--stems FILE` also writes, for every word of the entries and every analysis
//! language, the stem the index builder gives it (`{"fr": {"word": "stem"}, ...}`), so
//! that the Node tests check the engine's stemmers against Rust's, language by language.

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args_os().skip(1);
    let Some(out) = args.next().map(PathBuf::from) else {
        eprintln!("usage: search-index OUT_DIR [--themes DIR]... DOCS_DIR...");
        return ExitCode::FAILURE;
    };
    let (mut doc_dirs, mut theme_dirs, mut stems) = (Vec::new(), Vec::new(), None);
    while let Some(a) = args.next() {
        if a == "--stems" {
            stems = args.next().map(PathBuf::from);
        } else if a == "--themes" {
            match args.next() {
                Some(d) => theme_dirs.push(PathBuf::from(d)),
                None => {
                    eprintln!("error: --themes needs a folder");
                    return ExitCode::FAILURE;
                }
            }
        } else {
            doc_dirs.push(PathBuf::from(a));
        }
    }
    match run(&out, &doc_dirs, &theme_dirs, stems.as_deref()) {
        Ok(stats) => {
            println!("{stats}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(
    out: &std::path::Path,
    doc_dirs: &[PathBuf],
    theme_dirs: &[PathBuf],
    stems: Option<&std::path::Path>,
) -> dossier::error::Result<dossier::search::IndexStats> {
    let mut docs = Vec::new();
    for dir in doc_dirs {
        docs.extend(dossier::content::load_documents(dir)?.0);
    }
    let mut themes = Vec::new();
    for dir in theme_dirs {
        themes.extend(dossier::xref::load_catalog(dir)?.0);
    }
    let entries = dossier::search::collect::from_content(&docs, &themes);
    if let Some(path) = stems {
        write_stems(&entries, path)?;
    }
    dossier::search::write_index(&entries, out)
}

/// Every word of `entries`, stemmed in every analysis language, as JSON.
fn write_stems(
    entries: &[dossier::search::Entry],
    path: &std::path::Path,
) -> dossier::error::Result<()> {
    use dossier::search::analyze::{fold, tokenize, Language, WordStemmer};
    let mut words = std::collections::BTreeSet::new();
    for e in entries {
        for field in [e.title.as_str(), e.section.as_str(), &*e.text] {
            tokenize(&fold(field), |t| {
                words.insert(t.text.to_owned());
            });
        }
    }
    let mut out = serde_json::Map::new();
    for lang in Language::ALL {
        let stemmer = WordStemmer::new(lang);
        let stems: serde_json::Map<String, serde_json::Value> = words
            .iter()
            .map(|w| (w.clone(), stemmer.stem(w).into_owned().into()))
            .collect();
        out.insert(lang.code().into(), stems.into());
    }
    // A fresh clone has no target/search-fixture yet: the index writer makes its own
    // folder, but it runs after this.
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|e| dossier::error::Error::io(parent, e))?;
    }
    std::fs::write(path, serde_json::Value::from(out).to_string())
        .map_err(|e| dossier::error::Error::io(path, e))
}
