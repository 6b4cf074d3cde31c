//! Print what the PDF reader makes of a file: `cargo run --example pdf-text -- FILE.pdf`;
//! with `--marked` after the file, the text as ingest reads it (sizes marked as headings).
fn main() {
    let path = std::env::args().nth(1).expect("a PDF file");
    let marked = std::env::args().nth(2).is_some_and(|a| a == "--marked");
    let bytes = std::fs::read(&path).expect("readable file");
    match dossier::ingest::readers::pdf::read_pdf(&bytes) {
        Ok(doc) => {
            eprintln!("{:?}", doc.info);
            if marked {
                print!("{}", doc.to_marked_text());
            } else {
                print!("{}", doc.to_text());
            }
        }
        Err(e) => eprintln!("{path}: {e}"),
    }
}
