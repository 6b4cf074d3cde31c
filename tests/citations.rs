//! Citations that last: passage anchors that follow their text through re-ingest and
//! hand edits (a paragraph inserted at the top, a typo fixed, a passage split), old
//! `p-N` anchors kept through dossier.lock, drift warnings with a word diff, CI mode,
//! `check --fix`, and the nearest surviving passage named when a cited one is gone.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::{digest_site, dossier};
use scraper::{Html, Selector};

const MINSK: &str = "international-high-level-conference-on-countering-terrorism";

fn doc_path(root: &Path) -> PathBuf {
    root.join("content/documents").join(format!("{MINSK}.md"))
}

/// The passages of the document page: anchor to text (without the ¶ link).
fn passages(root: &Path) -> BTreeMap<String, String> {
    let html =
        std::fs::read_to_string(root.join(format!("public/documents/{MINSK}/index.html"))).unwrap();
    let doc = Html::parse_document(&html);
    doc.select(&Selector::parse(".doc-body :is(p, li)[id^=p-]").unwrap())
        .map(|e| {
            let text: String = e.text().collect::<String>();
            let text = text.trim_end().trim_end_matches('¶').trim().to_string();
            (e.value().attr("id").unwrap().to_string(), text)
        })
        .collect()
}

/// The page's table of old anchors.
fn aliases(root: &Path) -> serde_json::Value {
    let html =
        std::fs::read_to_string(root.join(format!("public/documents/{MINSK}/index.html"))).unwrap();
    let doc = Html::parse_document(&html);
    let t = doc
        .select(&Selector::parse("#anchor-aliases").unwrap())
        .next()
        .unwrap()
        .text()
        .collect::<String>();
    serde_json::from_str(&t).unwrap()
}

fn build(root: &Path) -> (bool, String) {
    let out = dossier(root, &["build"]);
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The body's paragraphs (blocks separated by blank lines) and where the body starts.
fn blocks(root: &Path) -> (String, Vec<String>) {
    let text = std::fs::read_to_string(doc_path(root)).unwrap();
    let end = text[4..].find("\n---\n").unwrap() + 4 + 5;
    let (head, body) = text.split_at(end);
    (
        head.to_string(),
        body.split("\n\n").map(str::to_string).collect(),
    )
}

fn write_blocks(root: &Path, head: &str, blocks: &[String]) {
    std::fs::write(doc_path(root), format!("{head}{}", blocks.join("\n\n"))).unwrap();
}

/// A plain paragraph (no markup) of at least 30 words, well inside the document.
fn plain_block(blocks: &[String], skip: usize) -> usize {
    blocks
        .iter()
        .enumerate()
        .skip(skip)
        .find(|(_, b)| {
            b.split_whitespace().count() >= 30
                && !b.contains(['#', '*', '[', '_', '`', '|', '>', '-', '\n'])
                && b.chars().next().is_some_and(char::is_alphabetic)
        })
        .map(|(i, _)| i)
        .expect("a plain paragraph")
}

struct Setup {
    site: tempfile::TempDir,
    /// The cited passage's block, its anchor, and its old `p-N` anchor.
    block: usize,
    anchor: String,
    legacy: String,
    /// Another cited passage (by its anchor).
    other_block: usize,
    other: String,
    note: PathBuf,
}

/// The digest's documents, a first build (which writes dossier.lock), then a commentary
/// page citing one passage by its old `p-N` anchor and another by its anchor.
fn setup() -> Setup {
    let site = digest_site(&["documents", "themes"]);
    let root = site.path();
    std::fs::create_dir_all(root.join("content/commentary")).unwrap();
    let (ok, err) = build(root);
    assert!(ok, "{err}");
    let (_, bs) = blocks(root);
    let block = plain_block(&bs, 8);
    let other_block = plain_block(&bs, block + 2);
    let before = passages(root);
    let find = |b: &str| -> String {
        let start: String = b.split_whitespace().take(8).collect::<Vec<_>>().join(" ");
        before
            .iter()
            .find(|(_, t)| t.split_whitespace().take(8).collect::<Vec<_>>().join(" ") == start)
            .map(|(a, _)| a.clone())
            .unwrap_or_else(|| panic!("no passage for {b}"))
    };
    let anchor = find(&bs[block]);
    let other = find(&bs[other_block]);
    let table = aliases(root);
    let legacy = table
        .as_object()
        .unwrap()
        .iter()
        .find(|(k, v)| k.starts_with("p-") && v.as_str() == Some(anchor.as_str()))
        .map(|(k, _)| k.clone())
        .expect("an old p-N anchor for the passage");
    assert!(
        anchor.starts_with("p-") && anchor.len() > legacy.len(),
        "{anchor}"
    );
    let note = root.join("content/commentary/2026-01-01-note.md");
    std::fs::write(
        &note,
        format!("---\ntitle: A note\ndate: 2026-01-01\n---\n\nIntro.\n\n{{{{quote doc:{MINSK}#{legacy}}}}}\n\nSee [this](doc:{MINSK}#{other}).\n"),
    )
    .unwrap();
    let (ok, err) = build(root);
    assert!(ok, "{err}");
    assert!(!err.contains("has changed"), "{err}");
    let lock = std::fs::read_to_string(root.join("dossier.lock")).unwrap();
    assert!(lock.contains(&format!("{MINSK}#{legacy}:")), "{lock}");
    Setup {
        site,
        block,
        anchor,
        legacy,
        other_block,
        other,
        note,
    }
}

fn note_html(root: &Path) -> String {
    std::fs::read_to_string(root.join("public/commentary/2026-01-01-note/index.html")).unwrap()
}

#[test]
fn a_paragraph_inserted_at_the_top_moves_no_anchor() {
    let s = setup();
    let root = s.site.path();
    let before = passages(root);
    let (head, mut bs) = blocks(root);
    bs.insert(
        0,
        "A paragraph added at the top by an editor, before everything else.".into(),
    );
    write_blocks(root, &head, &bs);
    let (ok, err) = build(root);
    assert!(ok, "{err}");
    assert!(!err.contains("has changed"), "no drift: {err}");
    let after = passages(root);
    assert_eq!(after.len(), before.len() + 1);
    for (a, t) in &before {
        assert_eq!(after.get(a), Some(t), "anchor {a} kept its passage");
    }
    // The old p-N link still means the same passage, on the page and in the commentary.
    assert_eq!(aliases(root)[&s.legacy], s.anchor.as_str());
    let html = note_html(root);
    assert!(
        html.contains(&format!("documents/{MINSK}/#{}", s.anchor)),
        "{html}"
    );
}

#[test]
fn a_typo_fixed_in_a_cited_passage_warns_with_a_diff() {
    let s = setup();
    let root = s.site.path();
    let before = passages(root);
    let (head, mut bs) = blocks(root);
    // Change a word near the end of the cited passage.
    let words: Vec<&str> = bs[s.block].split(' ').collect();
    let i = words.len() - 3;
    let old = words[i].to_string();
    let mut edited: Vec<String> = words.iter().map(|w| w.to_string()).collect();
    edited[i] = format!("{old}x");
    bs[s.block] = edited.join(" ");
    write_blocks(root, &head, &bs);
    let (ok, err) = build(root);
    assert!(ok, "{err}");
    let after = passages(root);
    assert_eq!(after.len(), before.len());
    for a in before.keys() {
        assert!(after.contains_key(a), "anchor {a} kept");
    }
    // file:line of the citation, what changed, and how to accept it.
    assert!(
        err.contains("content/commentary/2026-01-01-note.md:8:"),
        "{err}"
    );
    assert!(
        err.contains(&format!("the passage `{MINSK}#{}`", s.legacy)),
        "{err}"
    );
    assert!(err.contains(&format!("[-{old}-] {{+{old}x+}}")), "{err}");
    assert!(err.contains("dossier check --fix"), "{err}");
    // The build warns again (nothing was accepted); CI mode fails; --fix accepts.
    let (_, again) = build(root);
    assert!(again.contains("has changed"), "{again}");
    let ci = dossier(root, &["check", "--ci"]);
    assert!(!ci.status.success());
    assert!(String::from_utf8_lossy(&ci.stderr).contains("has changed"));
    let fix = dossier(root, &["check", "--fix"]);
    assert!(
        fix.status.success(),
        "{}",
        String::from_utf8_lossy(&fix.stderr)
    );
    // Accepting changes the citations, never the documents' anchors the lock records.
    let lock = std::fs::read_to_string(root.join("dossier.lock")).unwrap();
    assert!(lock.contains("\n    anchors:\n"), "{lock}");
    let ci = dossier(root, &["check", "--ci"]);
    assert!(
        ci.status.success(),
        "{}",
        String::from_utf8_lossy(&ci.stderr)
    );
    let (_, quiet) = build(root);
    assert!(!quiet.contains("has changed"), "{quiet}");
}

#[test]
fn a_typo_in_a_passage_s_first_words_carries_its_anchor() {
    let s = setup();
    let root = s.site.path();
    let (head, mut bs) = blocks(root);
    // The other passage's anchor comes from its first words: change the first one.
    let b = &bs[s.other_block];
    let first = b.split(' ').next().unwrap().to_string();
    bs[s.other_block] = format!("{first}z{}", &b[first.len()..]);
    write_blocks(root, &head, &bs);
    let (ok, err) = build(root);
    assert!(ok, "the old anchor still resolves: {err}");
    assert!(
        err.contains(&format!("`{MINSK}#{}` (now `#", s.other)),
        "{err}"
    );
    let table = aliases(root);
    let now = table[&s.other].as_str().expect("old anchor carried");
    assert!(passages(root)[now].starts_with(&format!("{first}z")));
}

#[test]
fn a_split_passage_warns_and_moves_no_other_anchor() {
    let s = setup();
    let root = s.site.path();
    let before = passages(root);
    let (head, mut bs) = blocks(root);
    let words: Vec<&str> = bs[s.block].split(' ').collect();
    let half = words.len() / 2;
    let (a, b) = (words[..half].join(" "), words[half..].join(" "));
    bs[s.block] = format!("{a}\n\n{b}");
    write_blocks(root, &head, &bs);
    let (ok, err) = build(root);
    assert!(ok, "{err}");
    let after = passages(root);
    assert_eq!(after.len(), before.len() + 1);
    for (anchor, t) in &before {
        if *anchor != s.anchor {
            assert_eq!(
                after.get(anchor),
                Some(t),
                "anchor {anchor} kept its passage"
            );
        }
    }
    // The first half keeps the anchor; the citation warns with what was cut.
    assert!(after.contains_key(&s.anchor));
    assert!(err.contains("has changed since it was cited"), "{err}");
    assert!(err.contains("[-"), "{err}");
}

#[test]
fn a_removed_passage_is_an_error_naming_the_nearest() {
    let s = setup();
    let root = s.site.path();
    let (head, mut bs) = blocks(root);
    let removed = bs.remove(s.block);
    write_blocks(root, &head, &bs);
    let (ok, err) = build(root);
    assert!(!ok, "a vanished passage fails the build");
    assert!(
        err.contains(&format!(
            "cites a passage that no longer exists: `{MINSK}#{}`",
            s.legacy
        )),
        "{err}"
    );
    assert!(err.contains("2026-01-01-note.md:8"), "{err}");
    assert!(
        err.contains("the nearest surviving passage is `#p-"),
        "{err}"
    );
    let _ = (removed, s.note);
}

/// Passages of the digest are not taken for each other: the similarity hashes of distinct
/// passages of a document are almost never within the distance at which an edited
/// passage is recognized (and a passage taken for another still warns, with its diff).
#[test]
fn distinct_passages_are_rarely_taken_for_each_other() {
    use dossier::anchors::{simhash, words, SIMILAR_BITS};
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let (docs, _) = dossier::content::load_documents(&repo.join("content/documents")).unwrap();
    let mut pairs = 0;
    let mut close = Vec::new();
    for d in &docs {
        let r = dossier::markdown::render(&d.body, &Default::default());
        let ps: Vec<(&str, Vec<String>, u64)> = r
            .passages
            .iter()
            .filter(|p| p.anchor.starts_with("p-") && words(&p.text).len() >= 8)
            .map(|p| (p.text.as_str(), words(&p.text), simhash(&p.text)))
            .collect();
        for (i, a) in ps.iter().enumerate() {
            for b in &ps[i + 1..] {
                if a.1 == b.1 {
                    continue; // the same words: either will do
                }
                pairs += 1;
                let bits = (a.2 ^ b.2).count_ones();
                if bits <= SIMILAR_BITS {
                    close.push(format!("{bits} bits: {} | {}", a.0, b.0));
                }
            }
        }
    }
    assert!(pairs > 10_000, "{pairs}");
    assert!(
        close.len() * 10_000 <= pairs,
        "{pairs} pairs:\n{}",
        close.join("\n")
    );
}
