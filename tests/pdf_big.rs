//! A 50 MB PDF: ingest reads it whole, without a panic and without holding many times
//! its size in memory. The PDF is generated here (text pages, and the bulk of the size in
//! pictures, as in real large PDFs: scanned annexes, photos, maps). About 10 s in a debug
//! build; `cargo test --test pdf_big -- --nocapture` prints its time and peak memory.
use std::fmt::Write as _;
use std::io::Write as _;
use std::time::Instant;

/// A born-digital PDF of `pages` pages of text (Helvetica, 40 lines each), with a
/// `picture_bytes` grey picture drawn on every `picture_every`-th page (each its own
/// uncompressed XObject). Every page's text names its page, so the reading can be checked.
fn big_pdf(pages: usize, picture_every: usize, picture_bytes: usize) -> Vec<u8> {
    let mut out: Vec<u8> = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets: Vec<usize> = Vec::new();
    let mut object = |out: &mut Vec<u8>, body: &[u8]| {
        offsets.push(out.len());
        let n = offsets.len();
        out.extend_from_slice(format!("{n} 0 obj\n").as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
        n
    };
    // 1: catalog, 2: pages (written with the kids' numbers known), 3: font.
    object(&mut out, b"<< /Type /Catalog /Pages 2 0 R >>");
    let pages_at = out.len();
    object(&mut out, &vec![b' '; 40 + 12 * pages]);
    object(
        &mut out,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    );
    let side = (picture_bytes as f64).sqrt() as usize;
    let mut kids = Vec::with_capacity(pages);
    let mut noise = 0x2545_f491_u32;
    for page in 1..=pages {
        let picture = (page % picture_every == 1 && picture_bytes > 0).then(|| {
            let mut data = Vec::with_capacity(side * side);
            for _ in 0..side * side {
                noise ^= noise << 13;
                noise ^= noise >> 17;
                noise ^= noise << 5;
                data.push(noise as u8);
            }
            let mut body = format!(
                "<< /Type /XObject /Subtype /Image /Width {side} /Height {side} /ColorSpace /DeviceGray /BitsPerComponent 8 /Length {} >>\nstream\n",
                data.len()
            )
            .into_bytes();
            body.extend_from_slice(&data);
            body.extend_from_slice(b"\nendstream");
            object(&mut out, &body)
        });
        let mut text = String::from("BT /F1 10 Tf 12 TL 56 780 Td\n");
        for line in 1..=40 {
            // Lines differ in words from page to page, so none reads as a running header.
            let topic = TOPICS[(page + line) % TOPICS.len()];
            let _ = writeln!(
                text,
                "(Page {page} line {line}: the working group reviewed {topic}.) '"
            );
        }
        text.push_str("ET\n");
        if picture.is_some() {
            text.push_str("q 200 0 0 200 56 60 cm /Im1 Do Q\n");
        }
        let content = object(
            &mut out,
            format!("<< /Length {} >>\nstream\n{text}endstream", text.len()).as_bytes(),
        );
        let xobject = picture
            .map(|p| format!(" /XObject << /Im1 {p} 0 R >>"))
            .unwrap_or_default();
        kids.push(object(
            &mut out,
            format!("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >>{xobject} >> /Contents {content} 0 R >>").as_bytes(),
        ));
    }
    // The pages object, in the room kept for it.
    let kids_list: String = kids.iter().map(|k| format!("{k} 0 R ")).collect();
    let pages_body = format!("<< /Type /Pages /Count {pages} /Kids [{kids_list}] >>");
    let slot = &mut out[pages_at + "2 0 obj\n".len()..];
    slot[..pages_body.len()].copy_from_slice(pages_body.as_bytes());
    let xref_at = out.len();
    let mut xref = format!("xref\n0 {}\n0000000000 65535 f \n", offsets.len() + 1);
    for o in &offsets {
        let _ = writeln!(xref, "{o:010} 00000 n ");
    }
    let _ = write!(
        xref,
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref_at}\n%%EOF\n",
        offsets.len() + 1
    );
    out.extend_from_slice(xref.as_bytes());
    out
}

const TOPICS: &[&str] = &[
    "national reports on capacity building",
    "incident notification templates",
    "regional points of contact",
    "confidence-building measures",
    "exercises held jointly",
    "the programme of work",
    "comments from observers",
];

/// The process's peak resident memory so far (Linux), in MB.
fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kb: f64 = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()?;
    Some(kb / 1024.0)
}

#[test]
fn a_small_generated_pdf_is_read_page_by_page() {
    // The generator itself, checked fast: 12 pages, two pictures.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("small.pdf");
    std::fs::write(&path, big_pdf(12, 10, 10_000)).unwrap();
    let p = dossier::ingest::prepare(&path).expect("generated PDF read");
    let md = &p.normalized.markdown;
    for page in [1, 6, 12] {
        assert!(
            md.contains(&format!("Page {page} line 40: the working group reviewed")),
            "{md}"
        );
    }
}

#[test]
fn a_50_mb_pdf_is_ingested_without_a_panic_or_runaway_memory() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.pdf");
    let pages = 2_000;
    let bytes = big_pdf(pages, 40, 1_000_000);
    let size_mb = bytes.len() as f64 / 1e6;
    assert!(size_mb >= 50.0, "{size_mb} MB");
    std::fs::File::create(&path)
        .unwrap()
        .write_all(&bytes)
        .unwrap();
    drop(bytes);
    let before = peak_rss_mb();
    let start = Instant::now();
    let p = dossier::ingest::prepare(&path).expect("a 50 MB PDF is read");
    let seconds = start.elapsed().as_secs_f64();
    let md = &p.normalized.markdown;
    assert!(md.contains("Page 1 line 1: the working group reviewed"));
    assert!(md.contains(&format!("Page {pages} line 40: the working group reviewed")));
    assert!(
        !p.warnings
            .iter()
            .any(|w| w.message.contains("does not match")),
        "{:?}",
        p.warnings
    );
    let peak = peak_rss_mb();
    eprintln!(
        "{size_mb:.1} MB PDF, {pages} pages: ingested in {seconds:.1} s ({:.0} pages/s, debug build); peak memory {:.0} MB (before {:.0} MB)",
        pages as f64 / seconds,
        peak.unwrap_or(f64::NAN),
        before.unwrap_or(f64::NAN)
    );
    if let Some(peak) = peak {
        // Memory stays within a few times the file's size: the pictures are not decoded.
        assert!(peak < 10.0 * size_mb + 500.0, "peak memory {peak:.0} MB");
    }
}
