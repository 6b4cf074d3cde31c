//! Generated digests for the integration tests: documents made of this repository's own
//! sentences (so they mention its themes), with random dates, organisations and kinds,
//! the same on every run.

use std::path::PathBuf;

/// A deterministic generator (64-bit LCG), so each run makes the same digest.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Sentences of this repository's own documents, which mention its themes.
pub fn sentences() -> Vec<String> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("content/documents");
    let mut out = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for f in files {
        let text = std::fs::read_to_string(f).unwrap();
        let body = text.splitn(3, "---").nth(2).unwrap_or("");
        for s in body.split(". ") {
            let s = s.trim();
            let plain = s
                .chars()
                .all(|c| c.is_alphanumeric() || " ,;:'’()-".contains(c));
            if s.len() > 40 && s.len() < 300 && plain {
                out.push(format!("{s}."));
            }
        }
    }
    assert!(out.len() > 100, "too few sentences: {}", out.len());
    out
}

const ORGS: &[&str] = &[
    "OSCE",
    "ICT4Peace",
    "United Nations",
    "African Union",
    "GIFCT",
    "Interpol",
];
const KINDS: &[&str] = &["report", "speech", "resolution", "paper"];

pub fn document(rng: &mut Rng, sentences: &[String], i: usize) -> String {
    let mut body = String::new();
    for s in 0..3 + rng.below(3) {
        body.push_str(&format!("\n## Section {s}\n\n"));
        for _ in 0..2 + rng.below(3) {
            for _ in 0..2 + rng.below(4) {
                body.push_str(&sentences[rng.below(sentences.len())]);
                body.push(' ');
            }
            body.push_str("\n\n");
        }
    }
    format!(
        "---\ntitle: \"Generated document {i}\"\ndate: {}-{:02}-{:02}\norganisations: [\"{}\"]\nkind: {}\nlanguage: en\n---\n{body}",
        2010 + rng.below(15),
        1 + rng.below(12),
        1 + rng.below(28),
        ORGS[rng.below(ORGS.len())],
        KINDS[rng.below(KINDS.len())],
    )
}

/// A site of `n` generated documents with this digest's themes.
pub fn generated_site(n: usize) -> (tempfile::TempDir, Vec<String>) {
    let site = super::digest_site(&["themes"]);
    let docs = site.path().join("content/documents");
    std::fs::create_dir_all(&docs).unwrap();
    let sentences = sentences();
    let mut rng = Rng(7);
    for i in 0..n {
        std::fs::write(
            docs.join(format!("gen-{i:04}.md")),
            document(&mut rng, &sentences, i),
        )
        .unwrap();
    }
    (site, sentences)
}
