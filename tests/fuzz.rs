//! Property tests: arbitrary input never panics the normalizer or the front-matter
//! reader, and the normalizer never loses or invents a word.

use std::path::Path;

use proptest::prelude::*;

use dossier::content::{split_front_matter, Document};
use dossier::ingest::{decode, metadata, normalize};

/// Lines that look like the seeds' mess: bullets, numbers, headings, tabs, footnotes,
/// URLs, markup, page numbers, chrome.
fn messy_line() -> impl Strategy<Value = String> {
    prop_oneof![
        "[A-Za-z ,.;:()'’“”-]{0,100}",
        Just("•".to_string()),
        Just("\u{f0b7} Item text here.".to_string()),
        Just("o Sub item".to_string()),
        Just(" 3)".to_string()),
        Just("-".to_string()),
        Just("- - **bold item**".to_string()),
        Just("17".to_string()),
        Just("---".to_string()),
        Just("# **HEADING**".to_string()),
        Just("1 <https://example.org/a>".to_string()),
        Just("Text with note<sup>1</sup> and <b>tag</b>.".to_string()),
        Just("#\tCOUNTRY\n354\tSaudi|Arabia".to_string()),
        Just("[...more](#)".to_string()),
        Just("SEARCH".to_string()),
        Just("UPDATES".to_string()),
        Just("see www.example.org or a@b.org".to_string()),
        Just("tech-".to_string()),
        Just("nology continues here".to_string()),
        Just("09:00 – 09:45 Registration".to_string()),
        Just(String::new()),
        Just("\u{c}".to_string()),
        "\\PC{0,40}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn normalizer_keeps_every_word(lines in proptest::collection::vec(messy_line(), 0..60), slides: bool) {
        let text = lines.join("\n");
        let extracted = metadata::extract(&text);
        let profile = metadata::Profile { slides };
        let n = normalize::normalize(&text, &extracted.consumed_lines, profile);
        if let Err(e) = normalize::verify(&text, &n.markdown, &n.dropped) {
            prop_assert!(false, "{}\n--- input ---\n{}\n--- output ---\n{}", e, text, n.markdown);
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
        if let Ok(d) = decode::decode(Path::new("fuzz.txt"), &bytes) {
            let e = metadata::extract(&d.text);
            let _ = normalize::normalize(&d.text, &e.consumed_lines, e.profile);
        }
        let text = String::from_utf8_lossy(&bytes);
        let _ = split_front_matter(&text);
        let _ = Document::parse(Path::new("fuzz.md"), &text);
    }

    #[test]
    fn front_matter_reader_never_panics(yaml in "\\PC{0,200}", body in "\\PC{0,100}") {
        let text = format!("---\n{yaml}\n---\n{body}");
        match Document::parse(Path::new("doc.md"), &text) {
            Ok((d, _)) => prop_assert!(!d.meta.title.trim().is_empty()),
            Err(e) => prop_assert!(e.to_string().starts_with("doc.md")),
        }
    }
}
