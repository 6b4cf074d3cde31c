//! Print the text metadata extraction reads for a seed and what it finds there:
//! `cargo run --example title-block -- SEED [LINES]` (the first LINES lines, 40 by default).
use dossier::ingest::{footnotes, layout, metadata, readers, source::Format};

fn main() {
    let path = std::env::args().nth(1).expect("a seed file");
    let shown: usize = std::env::args()
        .nth(2)
        .and_then(|n| n.parse().ok())
        .unwrap_or(40);
    let bytes = std::fs::read(&path).expect("readable file");
    let mut source = match readers::read(std::path::Path::new(&path), &bytes) {
        Ok(s) => s,
        Err(e) => return eprintln!("{path}: {e}"),
    };
    if let Some(r) = layout::repair(&source.text) {
        source.text = r.text;
    }
    if let Some(l) = footnotes::link(&source.text) {
        source.text = l.text;
    }
    for (n, line) in source.text.lines().take(shown).enumerate() {
        println!("{:4} {line}", n + 1);
    }
    let pdf = source.format == Format::Pdf;
    let extracted = metadata::extract_as(&source.text, pdf);
    println!("---\n{:#?}\n{:?}", extracted.meta, extracted.rules);
    println!("source meta: {:?}", source.meta);
}
