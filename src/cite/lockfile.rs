//! `dossier.lock` written and read without going through a YAML library for the parts
//! dossier itself writes. Takes a [`Lock`] (or the file's text); gives the text
//! serde_yaml would write, byte for byte (or the lock serde_yaml would read).
//!
//! Why: the lock lists every passage anchor of every document, so it grows with the
//! digest (18 MB at 10,000 documents) and every build reads and writes it; serde_yaml
//! took about 0.3 s to read and 0.4 s to write that, a tenth of a rebuild.
//!
//! The fast paths cover only what dossier writes: slugs and anchors that are plain
//! words (letters, digits, `-`, `_`, `.`, starting with a letter, never a word YAML
//! reads as a boolean, null or number) and 16-digit hashes. Anything else (a slug
//! YAML must quote, a lock edited by hand or written by another version) goes to
//! serde_yaml whole, so the result is always serde_yaml's.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::{Deserialize, Serialize};

use super::{AnchorPrints, Cited, Lock, LockedDoc};

type Citations = BTreeMap<String, BTreeMap<String, Cited>>;

/// The lock's YAML, as `serde_yaml::to_writer(out, lock)` writes it.
pub(super) fn write(lock: &Lock, out: &mut impl Write) -> io::Result<()> {
    let fast = lock.documents.iter().all(|(slug, d)| {
        plain(slug) && d.positions.iter().all(|p| plain(p)) && d.anchors.anchors().all(plain)
    });
    if !fast {
        return serde_yaml::to_writer(out, lock).map_err(io::Error::other);
    }
    if lock.documents.is_empty() {
        out.write_all(b"documents: {}\n")?;
    } else {
        out.write_all(b"documents:\n")?;
        for (slug, doc) in &lock.documents {
            write_doc(slug, doc, out)?;
        }
    }
    #[derive(Serialize)]
    struct Rest<'a> {
        citations: &'a Citations,
    }
    serde_yaml::to_writer(
        out,
        &Rest {
            citations: &lock.citations,
        },
    )
    .map_err(io::Error::other)
}

fn write_doc(slug: &str, doc: &LockedDoc, out: &mut impl Write) -> io::Result<()> {
    writeln!(out, "  {slug}:")?;
    if doc.positions.is_empty() {
        out.write_all(b"    positions: []\n")?;
    } else {
        out.write_all(b"    positions:\n")?;
        for p in &doc.positions {
            writeln!(out, "    - {p}")?;
        }
    }
    if doc.anchors.0.is_empty() {
        return out.write_all(b"    anchors: {}\n");
    }
    out.write_all(b"    anchors:\n")?;
    for (anchor, print) in &doc.anchors.0 {
        let digits = (0..16).map(|k| (print >> (4 * k)) & 0xf);
        if digits.clone().any(|d| matches!(d, 0xa..=0xd | 0xf)) {
            writeln!(out, "      {anchor}: {print:016x}")?;
        } else {
            let hex = format!("{print:016x}");
            // No letter but maybe `e`: serde_yaml quotes those it would read as a
            // number; one hash in a hundred or so.
            let value = serde_yaml::to_string(&hex).map_err(io::Error::other)?;
            writeln!(out, "      {anchor}: {}", value.trim_end())?;
        }
    }
    Ok(())
}

/// The lock in `text`, when it has exactly the shape [`write`] gives on its fast path;
/// `None` sends the caller to serde_yaml.
pub(super) fn read(text: &str) -> Option<Lock> {
    let mut lines = text.lines().peekable();
    while lines.peek().is_some_and(|l| l.starts_with('#')) {
        lines.next();
    }
    let mut documents = BTreeMap::new();
    match lines.next()? {
        "documents: {}" => {}
        "documents:" => {
            while let Some(slug) = lines.peek().and_then(|l| key_at(l, 2)) {
                lines.next();
                let doc = read_doc(&mut lines)?;
                if documents.insert(slug.to_string(), doc).is_some() {
                    return None;
                }
            }
        }
        _ => return None,
    }
    // The citations (short, with passages' text in any form YAML has) are serde_yaml's.
    let rest: String = lines.flat_map(|l| [l, "\n"]).collect();
    if !rest.starts_with("citations:") {
        return None;
    }
    #[derive(Deserialize)]
    struct Rest {
        citations: Citations,
    }
    let rest: Rest = serde_yaml::from_str(&rest).ok()?;
    Some(Lock {
        documents,
        citations: rest.citations,
    })
}

fn read_doc<'a>(
    lines: &mut std::iter::Peekable<impl Iterator<Item = &'a str>>,
) -> Option<LockedDoc> {
    let mut positions = Vec::new();
    match lines.next()? {
        "    positions: []" => {}
        "    positions:" => {
            while let Some(p) = lines.peek().and_then(|l| l.strip_prefix("    - ")) {
                if !plain(p) {
                    return None;
                }
                positions.push(p.to_string());
                lines.next();
            }
        }
        _ => return None,
    }
    let mut anchors: Vec<(Box<str>, u64)> = Vec::new();
    match lines.next()? {
        "    anchors: {}" => {}
        "    anchors:" => {
            while let Some(line) = lines.peek().and_then(|l| l.strip_prefix("      ")) {
                let (anchor, value) = line.split_once(": ")?;
                if !plain(anchor) {
                    return None;
                }
                anchors.push((anchor.into(), hash_value(value)?));
                lines.next();
            }
        }
        _ => return None,
    }
    // serde_yaml writes a map in order; any other order (or a repeated anchor) is a
    // hand edit, left to it.
    if anchors.windows(2).any(|w| w[0].0 >= w[1].0) {
        return None;
    }
    Some(LockedDoc {
        positions,
        anchors: AnchorPrints(anchors),
    })
}

/// `  key:` at `indent` spaces, with a plain key.
fn key_at(line: &str, indent: usize) -> Option<&str> {
    let rest = line.get(indent..)?;
    if line[..indent].bytes().any(|b| b != b' ') {
        return None;
    }
    let key = rest.strip_suffix(':')?;
    plain(key).then_some(key)
}

/// A 16-digit hash as [`write_doc`] writes it.
fn hash_value(value: &str) -> Option<u64> {
    // Quoted or not, YAML reads the digits as a string here (serde_yaml quotes the
    // ones it would otherwise read as a number when untyped).
    let hex = match value.strip_prefix('\'') {
        Some(quoted) => quoted.strip_suffix('\'')?,
        None => value,
    };
    let lower_hex = hex.len() == 16 && hex.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
    lower_hex.then(|| u64::from_str_radix(hex, 16).ok())?
}

/// True when serde_yaml writes `s` as it is: a word of ASCII letters, digits, `-`, `_`
/// and `.`, starting with a letter, that YAML (or Rust's number parsing, which
/// serde_yaml asks) does not read as anything but a string.
fn plain(s: &str) -> bool {
    const READ_AS_OTHER: &[&str] = &[
        "y", "n", "yes", "no", "on", "off", "true", "false", "null", "nan", "inf", "infinity",
    ];
    let word = s.len() <= 100
        && s.as_bytes().first().is_some_and(u8::is_ascii_alphabetic)
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
    word && !READ_AS_OTHER.iter().any(|w| s.eq_ignore_ascii_case(w))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn serde_text(lock: &Lock) -> String {
        serde_yaml::to_string(lock).unwrap()
    }

    fn fast_text(lock: &Lock) -> String {
        let mut out = Vec::new();
        write(lock, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn doc(positions: &[&str], anchors: &[(&str, u64)]) -> LockedDoc {
        let mut prints = AnchorPrints::default();
        for (a, p) in anchors {
            prints.insert(a, *p);
        }
        LockedDoc {
            positions: positions.iter().map(|p| p.to_string()).collect(),
            anchors: prints,
        }
    }

    #[test]
    fn writes_and_reads_what_serde_yaml_does() {
        let mut lock = Lock::default();
        assert_eq!(fast_text(&lock), serde_text(&lock));
        lock.documents.insert(
            "doc-00001".into(),
            doc(
                &["p-first-words-here", "p-second"],
                &[
                    ("p-first-words-here", 0x0123_4567_89ab_cdef),
                    ("p-second", 0x0000_0000_0000_0123),
                    ("p-third", 0x1e10_0000_0000_0000),
                ],
            ),
        );
        lock.documents.insert("empty".into(), doc(&[], &[]));
        lock.citations.entry("note".into()).or_default().insert(
            "doc-00001#p-second".into(),
            Cited {
                fingerprint: "0badf00d".into(),
                text: "It said: \"yes\"\n\nand more.".into(),
            },
        );
        let text = serde_text(&lock);
        assert_eq!(fast_text(&lock), text);
        assert!(text.contains("p-second: '0000000000000123'"), "{text}");
        assert_eq!(read(&text), Some(lock));
    }

    #[test]
    fn a_lock_in_another_shape_is_left_to_serde_yaml() {
        for text in [
            // Flow style, another key order, a repeated document, comments inside.
            "documents: {a: {positions: [], anchors: {}}}\ncitations: {}\n",
            "citations: {}\ndocuments: {}\n",
            "documents:\n  a:\n    positions: []\n    anchors: {}\n  a:\n    positions: []\n    anchors: {}\ncitations: {}\n",
            "documents:\n  a:\n    positions: []\n    # kept\n    anchors: {}\ncitations: {}\n",
            "documents:\n  a:\n    positions: []\n    anchors:\n      p-b: 00000000000000fg\ncitations: {}\n",
        ] {
            assert_eq!(read(text), None, "{text}");
        }
    }

    fn word() -> impl Strategy<Value = String> {
        prop_oneof![
            "[a-z][a-z0-9-]{0,12}",
            "[A-Za-z0-9._-]{1,8}",
            Just("yes".to_string()),
            Just("No".to_string()),
            Just("null".to_string()),
            Just("Infinity".to_string()),
            Just("1e5".to_string()),
            "\\PC{1,6}",
        ]
    }

    fn print() -> impl Strategy<Value = u64> {
        prop_oneof![any::<u64>(), 0u64..1_000_000, Just(0x1e10_0000_0000_0000)]
    }

    /// Words as dossier makes them: the fast paths' own.
    fn slug() -> impl Strategy<Value = String> {
        prop_oneof![
            "p-[a-z0-9]{1,6}(-[a-z0-9]{1,6}){0,3}",
            "[a-z][a-z0-9_.-]{0,15}"
        ]
        .prop_filter("a word YAML reads as a string", |s| plain(s))
    }

    fn lock() -> impl Strategy<Value = Lock> {
        lock_of(word)
    }

    fn lock_of<W: Strategy<Value = String>>(word: fn() -> W) -> impl Strategy<Value = Lock> {
        let doc = (
            prop::collection::vec(word(), 0..3),
            prop::collection::vec((word(), print()), 0..4),
        )
            .prop_map(|(positions, anchors)| {
                let mut prints = AnchorPrints::default();
                for (a, p) in anchors {
                    prints.insert(&a, p);
                }
                LockedDoc {
                    positions,
                    anchors: prints,
                }
            });
        let cited = ("[0-9a-f]{8}", "\\PC{0,20}")
            .prop_map(|(fingerprint, text)| Cited { fingerprint, text });
        (
            prop::collection::btree_map(word(), doc, 0..4),
            prop::collection::btree_map(
                word(),
                prop::collection::btree_map(word(), cited, 0..2),
                0..2,
            ),
        )
            .prop_map(|(documents, citations)| Lock {
                documents,
                citations,
            })
    }

    proptest! {
        /// Whatever the lock holds, the text is serde_yaml's, and reading it back (fast
        /// or not) gives the lock.
        #[test]
        fn any_lock_is_written_as_serde_yaml_writes_it(lock in lock()) {
            let text = serde_text(&lock);
            prop_assert_eq!(fast_text(&lock), text.clone());
            if let Some(read) = read(&text) {
                prop_assert_eq!(read, lock);
            }
        }

        /// A lock of the words dossier makes takes both fast paths.
        #[test]
        fn a_lock_of_dossiers_words_is_read_back_fast(lock in lock_of(slug)) {
            let text = serde_text(&lock);
            prop_assert_eq!(fast_text(&lock), text.clone());
            prop_assert_eq!(read(&text), Some(lock));
        }
    }
}
