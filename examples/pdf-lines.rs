//! Print each line the PDF reader finds, with its layout facts (size, bold, flow, gap,
//! paragraph start): `cargo run --example pdf-lines -- FILE.pdf [TEXT]` (only the lines
//! near those containing TEXT when given).
fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("a PDF file");
    let near = args.next();
    let bytes = std::fs::read(&path).expect("readable file");
    let doc = match dossier::ingest::readers::pdf::read_pdf(&bytes) {
        Ok(doc) => doc,
        Err(e) => return eprintln!("{path}: {e}"),
    };
    println!("body font size {}", doc.body_font_size);
    for (p, page) in doc.pages.iter().enumerate() {
        for (i, l) in page.lines.iter().enumerate() {
            let shown = near.as_deref().is_none_or(|t| {
                page.lines[i.saturating_sub(2)..(i + 3).min(page.lines.len())]
                    .iter()
                    .any(|l| l.text.contains(t))
            });
            if shown {
                println!(
                    "p{} x {:5.1} y {:5.1} size {:4.1} bold {:5} flow {} gap {:5.1} para {:5} | {}",
                    p + 1,
                    l.x,
                    l.y,
                    l.font_size,
                    l.bold,
                    l.flow,
                    l.gap_before,
                    l.para_start,
                    l.text
                );
            }
        }
    }
}
