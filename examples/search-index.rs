//! Writes the search index of content folders through the real pipeline (Markdown
//! sections, cross-reference, theme pages: `search::collect::from_content`), for the Node
//! tests: `cargo run --example search-index -- OUT_DIR [--themes DIR]... DOCS_DIR...`
//! (each DOCS_DIR holds `*.md` documents, each themes DIR `*.md` catalog themes).

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args_os().skip(1);
    let Some(out) = args.next().map(PathBuf::from) else {
        eprintln!("usage: search-index OUT_DIR [--themes DIR]... DOCS_DIR...");
        return ExitCode::FAILURE;
    };
    let (mut doc_dirs, mut theme_dirs) = (Vec::new(), Vec::new());
    while let Some(a) = args.next() {
        if a == "--themes" {
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
    match run(&out, &doc_dirs, &theme_dirs) {
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
    dossier::search::write_index(&entries, out)
}
