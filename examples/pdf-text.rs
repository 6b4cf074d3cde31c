//! Print what the PDF reader makes of a file: `cargo run --example pdf-text -- FILE.pdf`.
fn main() {
    let path = std::env::args().nth(1).expect("a PDF file");
    let bytes = std::fs::read(&path).expect("readable file");
    match dossier::ingest::readers::pdf::read_pdf(&bytes) {
        Ok(doc) => {
            eprintln!("{:?}", doc.info);
            print!("{}", doc.to_text());
        }
        Err(e) => eprintln!("{path}: {e}"),
    }
}
