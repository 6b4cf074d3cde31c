//! The stored rows of the index (what a result shows: url, breadcrumb, text, title,
//! section), packed into a few hundred chunk files instead of one file per entry.
//!
//! Each entry's row is JSON compressed on its own (zlib, which the browser's
//! `DecompressionStream("deflate")` reads), so the engine fetches one row with an HTTP
//! `Range` request and never the whole chunk. A chunk file is
//! `[u32 offsets (little-endian), one per entry and one for the end] [rows]`: the
//! offsets are fixed-width so that the engine reads the two it needs (8 bytes) with a
//! first small range, then the row. Offsets count from the start of the file.
//!
//! Chunks are cut by content, like the postings shards ([`super::write`]): a chunk ends
//! where an entry's url hash says so once it holds [`CHUNK_MIN`] bytes, so an edit that
//! changes one row's size moves only the cuts next to it and watch mode rewrites a chunk
//! or two.

use std::io::Write as _;
use std::ops::Range;

use flate2::write::ZlibEncoder;
use flate2::Compression;
use rayon::prelude::*;

use super::analyze::Language;
use super::deflated::Deflated;
use super::write::{cut, key_hash, push_num, push_str};
use super::Entry;

/// Chunk sizes in compressed bytes: at least `CHUNK_MIN`, then closed at an entry whose
/// url hash says so (on average `CHUNK_EXTRA` later), never over `CHUNK_MAX` unless one
/// row alone is bigger. About 320 KB: at 10,000 documents of 6 KB, about 100 files.
const CHUNK_MIN: usize = 192 * 1024;
const CHUNK_EXTRA: usize = 128 * 1024;
const CHUNK_MAX: usize = 512 * 1024;
/// zlib levels (the `zlib-rs` backend): 8 made a common term's 48 KB shard 4.9 % smaller
/// than 6 (9 was bigger than 8), so shards, which every query fetches, take 8; stored
/// rows, short texts fetched a few at a time, gained only 0.3 %, so they take 6 (at
/// 10,000 documents the index's write phase went from 1.97 s to 1.82 s).
pub(crate) const SHARD_LEVEL: u32 = 8;
pub(crate) const ROW_LEVEL: u32 = 6;

/// The compressed rows of every entry and the chunks they are packed into.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Stored {
    /// Entry id -> its compressed row.
    rows: Vec<Vec<u8>>,
    /// Entry url hashes (where a chunk may end).
    hashes: Vec<u32>,
    pub chunks: Vec<Range<usize>>,
}

impl Stored {
    /// Compress every entry's row (in parallel; a previous build's stream when it has
    /// one, see [`Deflated`]) and cut the chunks.
    pub fn new(entries: &[Entry], previous: &Deflated) -> Stored {
        let (rows, hashes) = entries
            .par_iter()
            .map(|e| (previous.compress(&row_json(e), ROW_LEVEL), key_hash(&e.url)))
            .unzip();
        let mut s = Stored {
            rows,
            hashes,
            chunks: Vec::new(),
        };
        s.recut();
        s
    }

    /// A copy with the rows of entries `changed` (ascending) made again from `entries`
    /// (same number of entries as before), and chunks cut again.
    pub fn updated(&self, entries: &[Entry], changed: &[usize]) -> Stored {
        self.clone().with_rows_of(entries, changed)
    }

    /// [`Stored::updated`], taking the rows from `self` rather than copying them (tens
    /// of megabytes for a big digest, on every watch-mode edit); `self` keeps its chunks,
    /// to compare the cuts with.
    pub fn take_updated(&mut self, entries: &[Entry], changed: &[usize]) -> Stored {
        Stored {
            rows: std::mem::take(&mut self.rows),
            hashes: std::mem::take(&mut self.hashes),
            chunks: Vec::new(),
        }
        .with_rows_of(entries, changed)
    }

    fn with_rows_of(mut self, entries: &[Entry], changed: &[usize]) -> Stored {
        for &i in changed {
            self.rows[i] = compress(&row_json(&entries[i]), ROW_LEVEL);
            self.hashes[i] = key_hash(&entries[i].url);
        }
        self.recut();
        self
    }

    fn recut(&mut self) {
        let ids: Vec<usize> = (0..self.rows.len()).collect();
        self.chunks = cut(
            &ids,
            |&i| self.rows[i].len() + 4,
            |&i| self.hashes[i],
            CHUNK_MIN,
            CHUNK_EXTRA,
            CHUNK_MAX,
        );
        if self.rows.is_empty() {
            self.chunks.clear();
        }
    }

    /// The chunk holding entry `id`.
    #[cfg(test)]
    pub fn chunk_of(&self, id: usize) -> usize {
        self.chunks.partition_point(|r| r.end <= id)
    }

    /// The bytes of chunk `k`: the offsets, then the rows.
    pub fn encode(&self, k: usize) -> Vec<u8> {
        pack_rows(&self.rows[self.chunks[k].clone()])
    }

    /// The first entry of each chunk (the manifest's `stored.firsts`).
    pub fn firsts(&self) -> Vec<usize> {
        self.chunks.iter().map(|r| r.start).collect()
    }
}

/// The path of stored chunk `k`, relative to the index folder.
pub fn path(k: usize) -> String {
    format!("stored/{k}.bin")
}

/// `[u32 offsets, one per row and one for the end][rows]`: a stored chunk, or a pack of
/// shards ([`super::write`]).
pub(crate) fn pack_rows<B: AsRef<[u8]>>(rows: &[B]) -> Vec<u8> {
    let header = 4 * (rows.len() + 1);
    let size = header + rows.iter().map(|r| r.as_ref().len()).sum::<usize>();
    let mut out = Vec::with_capacity(size);
    let mut at = header as u32;
    for row in rows {
        out.extend_from_slice(&at.to_le_bytes());
        at += row.as_ref().len() as u32;
    }
    out.extend_from_slice(&at.to_le_bytes());
    for row in rows {
        out.extend_from_slice(row.as_ref());
    }
    out
}

/// zlib, as the browser's `DecompressionStream("deflate")` reads it.
pub(crate) fn compress(bytes: &[u8], level: u32) -> Vec<u8> {
    let mut z = ZlibEncoder::new(
        Vec::with_capacity(bytes.len() / 2 + 16),
        Compression::new(level),
    );
    // Writing to a Vec cannot fail.
    let _ = z.write_all(bytes);
    z.finish().unwrap_or_default()
}

/// `[url, breadcrumb, text, title, section, kind, date]`, then the code of the entry's analysis
/// language unless it is English ("fr": the engine marks the words of an excerpt with
/// it); the title and the section are the index of the breadcrumb item they equal (they
/// nearly always do) or else the string.
pub fn row_json(e: &Entry) -> Vec<u8> {
    let mut out: Vec<u8> = Vec::with_capacity(e.text.len() + 256);
    out.push(b'[');
    push_str(&mut out, &e.url);
    out.extend_from_slice(b",[");
    for (k, c) in e.breadcrumb.iter().enumerate() {
        if k > 0 {
            out.push(b',');
        }
        push_str(&mut out, c);
    }
    out.extend_from_slice(b"],");
    push_str(&mut out, &e.text);
    for (field, from_end) in [(&e.title, false), (&e.section, true)] {
        out.push(b',');
        let mut at = e.breadcrumb.iter().enumerate();
        let found = if from_end {
            at.rev().find(|(_, c)| *c == field)
        } else {
            at.find(|(_, c)| *c == field)
        };
        match found {
            Some((k, _)) if !field.is_empty() => push_num(&mut out, k as u64),
            _ => push_str(&mut out, field),
        }
    }
    for field in [&e.kind, &e.date] {
        out.push(b',');
        push_str(&mut out, field);
    }
    let lang = Language::from_code(&e.language);
    if lang != Language::English {
        out.push(b',');
        push_str(&mut out, lang.code());
    }
    out.push(b']');
    out
}

#[cfg(test)]
mod tests {
    use std::io::Read as _;

    use super::*;

    fn entry(i: usize, text: &str) -> Entry {
        Entry {
            url: format!("documents/d{i}/#s"),
            title: format!("Doc {i}"),
            section: "Part".into(),
            breadcrumb: vec![format!("Doc {i}"), "Chapter".into(), "Part".into()],
            text: text.into(),
            ..Entry::default()
        }
    }

    /// Entry `id`'s row read back from the chunk files as the engine reads it.
    fn read_row(s: &Stored, id: usize) -> serde_json::Value {
        let k = s.chunk_of(id);
        let bytes = s.encode(k);
        let j = id - s.chunks[k].start;
        let at = |j: usize| u32::from_le_bytes(bytes[4 * j..4 * j + 4].try_into().unwrap());
        let (a, b) = (at(j) as usize, at(j + 1) as usize);
        let mut json = String::new();
        flate2::read::ZlibDecoder::new(&bytes[a..b])
            .read_to_string(&mut json)
            .unwrap();
        serde_json::from_str(&json).unwrap()
    }

    #[test]
    fn rows_are_read_back_through_the_offsets() {
        // Text that compresses badly, so that there are several chunks.
        let mut x: u64 = 1;
        let mut noise = || {
            (0..3000)
                .map(|_| {
                    x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                    char::from(b'a' + ((x >> 33) % 26) as u8)
                })
                .collect::<String>()
        };
        let entries: Vec<Entry> = (0..400).map(|i| entry(i, &noise())).collect();
        let s = Stored::new(&entries, &Deflated::default());
        assert!(s.chunks.len() >= 3, "{:?}", s.chunks);
        assert_eq!(s.chunks.first().map(|r| r.start), Some(0));
        assert_eq!(s.chunks.last().map(|r| r.end), Some(400));
        for id in [0, 1, 150, 399] {
            let v = read_row(&s, id);
            assert_eq!(v[0], entries[id].url.as_str());
            assert_eq!(v[2], &*entries[id].text);
            assert_eq!((v[3].clone(), v[4].clone()), (0.into(), 2.into()));
        }
        // An edit changes the chunks next to it only.
        let mut edited = entries.clone();
        edited[200].text = "short".into();
        let t = s.updated(&edited, &[200]);
        assert_eq!(t, Stored::new(&edited, &Deflated::default()));
        let mut taken_from = s.clone();
        assert_eq!(taken_from.take_updated(&edited, &[200]), t);
        assert_eq!(
            taken_from.chunks, s.chunks,
            "the old cuts stay to compare with"
        );
        let same = (0..t.chunks.len())
            .filter(|&k| s.chunks.get(k) == Some(&t.chunks[k]) && s.encode(k) == t.encode(k))
            .count();
        assert!(same + 2 >= t.chunks.len(), "{same} of {}", t.chunks.len());
        assert_eq!(read_row(&t, 200)[2], "short");
    }

    #[test]
    fn stored_rows_refer_to_the_breadcrumb() {
        let e = Entry {
            kind: "speech".into(),
            date: "2019-05".into(),
            ..entry(0, "Body \"quoted\"")
        };
        let other = Entry {
            title: "T".into(),
            breadcrumb: vec!["Themes".into()],
            language: "fr".into(),
            ..Entry::default()
        };
        let v: serde_json::Value = serde_json::from_slice(&row_json(&e)).unwrap();
        assert_eq!(
            v,
            serde_json::json!([
                "documents/d0/#s",
                ["Doc 0", "Chapter", "Part"],
                "Body \"quoted\"",
                0,
                2,
                "speech",
                "2019-05"
            ])
        );
        let v: serde_json::Value = serde_json::from_slice(&row_json(&other)).unwrap();
        assert_eq!(
            v,
            serde_json::json!(["", ["Themes"], "", "T", "", "", "", "fr"])
        );
    }
}
