//! Writes the search index of one or more content folders, for the Node tests and the
//! benchmark: `cargo run --example search-index -- OUT_DIR CONTENT_DIR...`
//! (each CONTENT_DIR holds `*.md` documents). Sections come from the TEMPORARY splitter
//! in tests/support/search_split.rs until the render stage's sections are merged.

#[path = "../tests/support/search_split.rs"]
mod search_split;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let [out, dirs @ ..] = args.as_slice() else {
        eprintln!("usage: search-index OUT_DIR CONTENT_DIR...");
        return ExitCode::FAILURE;
    };
    let mut docs = Vec::new();
    for dir in dirs {
        match dossier::content::load_documents(dir) {
            Ok((d, _warnings)) => docs.extend(d),
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    let entries = search_split::entries(&docs);
    match dossier::search::write_index(&entries, out) {
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
