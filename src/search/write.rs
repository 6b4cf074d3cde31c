//! Lays out an [`Index`] as the files the engine reads (format in docs/search.md, "Index format")
//! and encodes each of them. Takes the index and the entries; gives file paths and bytes.
//!
//! Shards are cut where the keys say, not where a running byte count says
//! ([`cut`]), and named after their first key ([`shard_name`]); consecutive shards are
//! packed into files, cut likewise by shard name ([`Layout::packs`]). So an edit that
//! changes a few keys changes a few shards and the packs holding them: watch mode
//! ([`super::incremental`]) rewrites those and nothing else.

use std::ops::Range;

use rayon::prelude::*;
use serde_json::json;

use super::analyze::{self, Language};
use super::build::{
    Index, Postings, B, HEADING_BOOST, IMPACT_SCALE, K1, MAX_PAIR_SKIP, MIN_PAIR_DF, TITLE_BOOST,
};
use super::deflated::Deflated;
use super::facets;
use super::stored::{self, Stored};
use super::{Entry, FORMAT_VERSION};
use crate::error::{Error, Result};

/// Postings shards: at least this many estimated bytes of JSON, then closed at a key
/// whose hash says so (on average after [`POSTINGS_EXTRA`] more), and never more than
/// [`POSTINGS_MAX`] unless one list alone is bigger (a common term gets a shard of its
/// own). About 24 KB raw, 8 KB gzipped on average.
const POSTINGS_MIN: usize = 12 * 1024;
const POSTINGS_EXTRA: usize = 12 * 1024;
const POSTINGS_MAX: usize = 32 * 1024;
/// Word-list shards, likewise (about 8 KB raw).
const WORDS_MIN: usize = 4 * 1024;
const WORDS_EXTRA: usize = 4 * 1024;
const WORDS_MAX: usize = 12 * 1024;

/// Shards are packed into files of at least this many estimated bytes of JSON (about a
/// third of that once compressed), then closed at a shard whose first key's hash says so
/// (on average [`PACK_EXTRA`] later), at most [`PACK_MAX`] unless one shard alone is
/// bigger: some 80 files at 10,000 documents instead of 1,900 shard files, and the
/// engine reads a shard by range, so the bytes a query downloads do not change.
const PACK_MIN: usize = 1024 * 1024;
const PACK_EXTRA: usize = 512 * 1024;
const PACK_MAX: usize = 3 * 1024 * 1024;

/// The shard families and their folders.
pub const FAMILIES: usize = 3;
pub const FOLDERS: [&str; FAMILIES] = ["terms", "pairs", "words"];

pub const MANIFEST: &str = "manifest.json";
pub const PAIR_KEYS: &str = "pairs.json";

/// A shard: a range of a sorted list, and its file name (without folder and `.json`).
#[derive(Debug, Clone, PartialEq)]
pub struct Shard {
    pub range: Range<usize>,
    pub name: String,
}

/// Where every list of the index goes.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Layout {
    pub terms: Vec<Shard>,
    pub pairs: Vec<Shard>,
    pub words: Vec<Shard>,
    /// Per family (terms, pairs, words), the shards (as index ranges) of each pack file.
    pub packs: [Vec<Range<usize>>; FAMILIES],
    /// The stored rows and their chunk files.
    pub stored: Stored,
}

/// One file of the index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum File {
    Manifest,
    PairKeys,
    Facets(facets::Group),
    /// Pack `k` of family `fam` (0 terms, 1 pairs, 2 words).
    Pack(usize, usize),
    Stored(usize),
}

impl Layout {
    pub fn new(index: &Index, stored: Stored) -> Result<Layout> {
        let terms = shards(&index.terms, POSTINGS_MIN, POSTINGS_EXTRA, POSTINGS_MAX);
        let pairs = shards(&index.pairs, POSTINGS_MIN, POSTINGS_EXTRA, POSTINGS_MAX);
        let ranges = cut(
            &index.words,
            |w| w.surface.len() + 16,
            |w| w.hash,
            WORDS_MIN,
            WORDS_EXTRA,
            WORDS_MAX,
        );
        let words = named(ranges, |i| &index.words[i].surface);
        let word_size = |r: &Range<usize>| -> usize {
            index.words[r.clone()]
                .iter()
                .map(|w| w.surface.len() + 16)
                .sum()
        };
        let posting_size =
            |list: &[Postings], r: &Range<usize>| list[r.clone()].iter().map(postings_size).sum();
        let packs = [
            packs(&terms, |r| posting_size(&index.terms, r)),
            packs(&pairs, |r| posting_size(&index.pairs, r)),
            packs(&words, word_size),
        ];
        let layout = Layout {
            terms,
            pairs,
            words,
            packs,
            stored,
        };
        for (what, list) in [
            ("terms", &layout.terms),
            ("pairs", &layout.pairs),
            ("words", &layout.words),
        ] {
            let mut names: Vec<&str> = list.iter().map(|s| s.name.as_str()).collect();
            names.sort_unstable();
            if names.windows(2).any(|w| w[0] == w[1]) {
                return Err(Error::input(
                    "search index",
                    None,
                    format!("two {what} shards got the same file name (a hash collision)"),
                    "please report this",
                ));
            }
        }
        Ok(layout)
    }

    /// Every file of the index laid out like this.
    pub fn files(&self) -> impl Iterator<Item = File> + '_ {
        [
            File::Manifest,
            File::PairKeys,
            File::Facets(facets::Group::Runs),
            File::Facets(facets::Group::Theme),
            File::Facets(facets::Group::Pages),
        ]
        .into_iter()
        .chain(
            (0..FAMILIES)
                .flat_map(|fam| (0..self.packs[fam].len()).map(move |k| File::Pack(fam, k))),
        )
        .chain((0..self.stored.chunks.len()).map(File::Stored))
    }

    /// The shards of family `fam`.
    pub fn shards(&self, fam: usize) -> &[Shard] {
        match fam {
            0 => &self.terms,
            1 => &self.pairs,
            _ => &self.words,
        }
    }

    /// Pack `k` of family `fam`, given its shards' compressed bytes ([`Layout::shard_bytes`]).
    pub fn pack_with<B: AsRef<[u8]>>(
        &self,
        fam: usize,
        k: usize,
        shard: impl Fn(usize) -> B,
    ) -> Vec<u8> {
        let rows: Vec<B> = self.packs[fam][k].clone().map(shard).collect();
        stored::pack_rows(&rows)
    }

    /// Shard `i` of family `fam`, compressed as its pack holds it.
    pub fn shard_bytes(&self, fam: usize, i: usize, index: &Index, entries: usize) -> Vec<u8> {
        stored::compress(
            &self.shard_json(fam, i, index, entries),
            stored::SHARD_LEVEL,
        )
    }

    /// The JSON of shard `i` of family `fam`.
    pub fn shard_json(&self, fam: usize, i: usize, index: &Index, entries: usize) -> Vec<u8> {
        let r = self.shards(fam)[i].range.clone();
        match fam {
            0 => postings_json(&index.terms[r], entries),
            1 => postings_json(&index.pairs[r], entries),
            _ => words_json(index, r),
        }
    }

    /// A file's path relative to the index folder.
    pub fn path(&self, f: File) -> String {
        match f {
            File::Manifest => MANIFEST.into(),
            File::PairKeys => PAIR_KEYS.into(),
            File::Facets(g) => g.path().into(),
            File::Pack(fam, k) => pack_path(fam, k),
            File::Stored(k) => stored::path(k),
        }
    }

    /// A file's bytes.
    pub fn encode(&self, f: File, index: &Index, entries: &[Entry]) -> Vec<u8> {
        self.encode_reusing(f, index, entries, &Deflated::default())
    }

    /// A file's bytes, its shards taken from `previous` where a previous build
    /// compressed the same JSON (see [`Deflated`]).
    pub fn encode_reusing(
        &self,
        f: File,
        index: &Index,
        entries: &[Entry],
        previous: &Deflated,
    ) -> Vec<u8> {
        let n = entries.len();
        match f {
            File::Manifest => manifest(index, self, entries),
            File::PairKeys => {
                let keys: Vec<&str> = self
                    .pairs
                    .iter()
                    .filter_map(|s| index.pairs.get(s.range.start).map(|p| p.key.as_str()))
                    .collect();
                serde_json::Value::from(keys).to_string().into_bytes()
            }
            File::Facets(g) => facets::encode(g, entries),
            File::Pack(fam, k) => self.pack_with(fam, k, |i| {
                previous.compress(&self.shard_json(fam, i, index, n), stored::SHARD_LEVEL)
            }),
            File::Stored(k) => self.stored.encode(k),
        }
    }
}

/// The path of pack `k` of family `fam`.
pub fn pack_path(fam: usize, k: usize) -> String {
    format!("{}/{k}.bin", FOLDERS[fam])
}

/// Cut `shards` into packs by content (each pack's size estimated by `size`).
fn packs(shards: &[Shard], size: impl Fn(&Range<usize>) -> usize) -> Vec<Range<usize>> {
    if shards.is_empty() {
        return Vec::new();
    }
    cut(
        shards,
        |s| size(&s.range),
        |s| key_hash(&s.name),
        PACK_MIN,
        PACK_EXTRA,
        PACK_MAX,
    )
}

fn shards(list: &[Postings], min: usize, extra: usize, max: usize) -> Vec<Shard> {
    let ranges = cut(list, postings_size, |p| p.hash, min, extra, max);
    named(ranges, |i| &list[i].key)
}

fn named<'a>(ranges: Vec<Range<usize>>, key: impl Fn(usize) -> &'a str) -> Vec<Shard> {
    ranges
        .into_iter()
        .map(|range| Shard {
            name: if range.is_empty() {
                "0".into()
            } else {
                shard_name(key(range.start))
            },
            range,
        })
        .collect()
}

/// A place the index's files go: site path relative to the index folder, and bytes.
pub type Sink<'a> = dyn Fn(&str, &[u8]) -> Result<()> + Sync + 'a;

/// Write every file into `sink`. Returns (files, bytes).
/// Rows and shards a previous build compressed are taken from `previous`.
pub fn write_all(
    index: &Index,
    entries: &[Entry],
    sink: &Sink<'_>,
    previous: &Deflated,
) -> Result<(usize, u64)> {
    let layout = Layout::new(index, Stored::new(entries, previous))?;
    crate::memory::trace("search: rows compressed");
    let files: Vec<File> = layout.files().collect();
    files
        .par_iter()
        .map(|&f| {
            let bytes = layout.encode_reusing(f, index, entries, previous);
            sink(&layout.path(f), &bytes)?;
            Ok((1, bytes.len() as u64))
        })
        .try_reduce(|| (0, 0), |a, b| Ok((a.0 + b.0, a.1 + b.1)))
}

/// The name of a shard whose first key is `key`: the 53-bit "cyrb53" hash of its UTF-16
/// code units in hexadecimal, so a shard keeps its name while its first key stays,
/// whatever happens to other shards (watch mode knows shards by name, and packs are cut
/// by it).
pub fn shard_name(key: &str) -> String {
    let (h1, h2) = cyrb53(key);
    format!("{:06x}{:08x}", h2 & 0x1f_ffff, h1)
}

fn cyrb53(key: &str) -> (u32, u32) {
    let (mut h1, mut h2) = (0xdead_beef_u32, 0x41c6_ce57_u32);
    for ch in key.encode_utf16() {
        let ch = u32::from(ch);
        h1 = (h1 ^ ch).wrapping_mul(2_654_435_761);
        h2 = (h2 ^ ch).wrapping_mul(1_597_334_677);
    }
    h1 = (h1 ^ (h1 >> 16)).wrapping_mul(2_246_822_507);
    h1 ^= (h2 ^ (h2 >> 13)).wrapping_mul(3_266_489_909);
    h2 = (h2 ^ (h2 >> 16)).wrapping_mul(2_246_822_507);
    h2 ^= (h1 ^ (h1 >> 13)).wrapping_mul(3_266_489_909);
    (h1, h2)
}

/// Split sorted `items` into consecutive ranges by content: a shard takes items until it
/// holds `min` estimated bytes, then ends before an item whose key hash falls under
/// `size / extra` (so on average `extra` bytes later), or before the item that would take
/// it over `max`. Where a shard ends depends only on the items since the previous end, so
/// after a change the cuts fall back into step with the old ones within a shard or two.
pub(crate) fn cut<T>(
    items: &[T],
    size: impl Fn(&T) -> usize,
    hash: impl Fn(&T) -> u32,
    min: usize,
    extra: usize,
    max: usize,
) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let (mut start, mut acc) = (0, 0);
    for (i, it) in items.iter().enumerate() {
        let s = size(it);
        if acc > 0 && (acc + s > max || (acc >= min && boundary(hash(it), s, extra))) {
            out.push(start..i);
            start = i;
            acc = 0;
        }
        acc += s;
    }
    if start < items.len() || out.is_empty() {
        out.push(start..items.len());
    }
    out
}

/// Whether a shard may end before an item whose key has this [`key_hash`]: true with
/// probability `size / extra`.
fn boundary(hash: u32, size: usize, extra: usize) -> bool {
    (u128::from(hash) * extra as u128) < ((size as u128) << 32)
}

/// The hash of a key that decides whether a shard may end before it.
pub fn key_hash(key: &str) -> u32 {
    cyrb53(key).0
}

pub fn postings_size(p: &Postings) -> usize {
    p.key.len() + 8 + p.ids.len() * 3
}

/// Append `n` in decimal.
pub fn push_num(out: &mut Vec<u8>, n: u64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    let mut n = n;
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&buf[i..]);
}

/// Which bytes a JSON string must escape: 1 for `"` and `\\`, 2 for control characters.
const ESCAPE: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 0x20 {
        t[b] = 2;
        b += 1;
    }
    t[b'"' as usize] = 1;
    t[b'\\' as usize] = 1;
    t
};

/// Append `s` as a JSON string.
pub fn push_str(out: &mut Vec<u8>, s: &str) {
    out.push(b'"');
    let bytes = s.as_bytes();
    let mut from = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if ESCAPE[b as usize] == 0 {
            continue;
        }
        out.extend_from_slice(&bytes[from..i]);
        match b {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            _ => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.extend_from_slice(b"\\u00");
                out.push(HEX[usize::from(b >> 4)]);
                out.push(HEX[usize::from(b & 15)]);
            }
        }
        from = i + 1;
    }
    out.extend_from_slice(&bytes[from..]);
    out.push(b'"');
}

/// The 64 characters postings are written with (all JSON- and URL-safe).
pub const DIGITS: &[u8; 64] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";

/// Append `n` as a base-32 varint: big-endian digits, every digit but the last written
/// as `DIGITS[32 + d]`, the last as `DIGITS[d]`.
pub fn push_varint(out: &mut Vec<u8>, n: u32) {
    let mut digits = [0u8; 7];
    let mut k = 0;
    let mut n = n;
    loop {
        digits[k] = (n & 31) as u8;
        k += 1;
        n >>= 5;
        if n == 0 {
            break;
        }
    }
    for i in (1..k).rev() {
        out.push(DIGITS[32 + digits[i] as usize]);
    }
    out.push(DIGITS[digits[0] as usize]);
}

/// How finely a list's impacts are kept: a common term weighs little in any score (low
/// idf), so its impacts are coarser, which makes its long list much smaller to download.
/// A term in more than half the entries (idf under 0.7, against 5 to 10 for a rare
/// word) keeps whole units: a word once or twice in a passage, in a heading or not.
/// Such lists are the biggest downloads of a first query (a four-word query of common
/// words at 10,000 pages fetches four of 11 to 13 KB), and this makes them 10-20 %
/// smaller.
pub fn impact_scale(df: usize, entries: usize) -> u32 {
    match df * 16 {
        x if x <= entries => 8,
        x if x <= entries * 4 => 4,
        x if x <= entries * 8 => 2,
        _ => 1,
    }
}

/// Impact digits at scale 8, 4, 2 and 1 for each stored impact (at [`IMPACT_SCALE`]).
fn impact_digits() -> &'static [[u8; 256]; 4] {
    static TABLE: std::sync::OnceLock<[[u8; 256]; 4]> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t = [[0u8; 256]; 4];
        for (k, scale) in [8.0, 4.0, 2.0, 1.0].into_iter().enumerate() {
            for (v, digit) in t[k].iter_mut().enumerate() {
                let q = (v as f64 * scale / IMPACT_SCALE).round().clamp(1.0, 63.0);
                *digit = DIGITS[q as usize];
            }
        }
        t
    })
}

/// `{"key":["<id gaps>","<impacts>",scale],...}`: id gaps (the first is the id itself) as
/// varints, impacts one character each, in units of 1/scale.
fn postings_json(list: &[Postings], entries: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(list.iter().map(postings_size).sum::<usize>() + 16);
    out.push(b'{');
    let table = impact_digits();
    for (i, p) in list.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        push_str(&mut out, &p.key);
        out.extend_from_slice(b":[\"");
        let mut prev = 0u32;
        for &id in &p.ids {
            push_varint(&mut out, id - prev);
            prev = id;
        }
        out.extend_from_slice(b"\",\"");
        let scale = impact_scale(p.ids.len(), entries);
        let digits = &table[match scale {
            8 => 0,
            4 => 1,
            2 => 2,
            _ => 3,
        }];
        out.extend(p.impacts.iter().map(|&v| digits[v as usize]));
        out.extend_from_slice(b"\",");
        push_num(&mut out, u64::from(scale));
        out.push(b']');
    }
    out.push(b'}');
    out
}

/// `[[surface, terms or "" when the one term equals the surface, df], ...]`: the terms
/// (more than one when languages stem the surface differently) joined by spaces, and
/// the biggest of their document frequencies.
fn words_json(index: &Index, r: Range<usize>) -> Vec<u8> {
    let mut out = vec![b'['];
    for (i, w) in index.words[r].iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        let terms: Vec<&Postings> = w
            .terms
            .iter()
            .map(|&(t, _)| &index.terms[t as usize])
            .collect();
        out.push(b'[');
        push_str(&mut out, &w.surface);
        out.push(b',');
        let keys: Vec<&str> = terms.iter().map(|t| t.key.as_str()).collect();
        let joined = if keys.len() == 1 && keys[0] == w.surface {
            String::new()
        } else {
            keys.join(" ")
        };
        push_str(&mut out, &joined);
        out.push(b',');
        let df = terms.iter().map(|t| t.ids.len()).max().unwrap_or(0);
        push_num(&mut out, df as u64);
        out.push(b']');
    }
    out.push(b']');
    out
}

/// The analysis of each language the entries are in (English first), for the manifest.
fn languages(entries: &[Entry]) -> Vec<serde_json::Value> {
    let mut present: Vec<Language> = entries
        .iter()
        .map(|e| Language::from_code(&e.language))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    if present.is_empty() {
        present.push(Language::English);
    }
    present
        .into_iter()
        .map(|l| json!({ "code": l.code(), "stemmer": l.stemmer_name(), "stopWords": l.stop_words() }))
        .collect()
}

fn manifest(index: &Index, layout: &Layout, all: &[Entry]) -> Vec<u8> {
    let entries = all.len();
    let firsts = |shards: &[Shard], key: &dyn Fn(usize) -> String| -> Vec<String> {
        shards
            .iter()
            .map(|s| {
                if s.range.is_empty() {
                    String::new()
                } else {
                    key(s.range.start)
                }
            })
            .collect()
    };
    let facets: serde_json::Map<String, serde_json::Value> = facets::FACETS
        .iter()
        .map(|&f| (f.to_string(), facets::Group::of(f).path().into()))
        .collect();
    let m = json!({
        "format": "dossier-search",
        "version": FORMAT_VERSION,
        "entries": entries,
        "analysis": {
            "languages": languages(all),
            "maxTokenLen": analyze::MAX_TOKEN_LEN,
            "maxPairSkip": MAX_PAIR_SKIP,
            "minPairDf": MIN_PAIR_DF,
        },
        "scoring": {
            "k1": K1, "b": B,
            "headingBoost": HEADING_BOOST, "titleBoost": TITLE_BOOST,
            "avgLen": index.avg_len,
        },
        "terms": firsts(&layout.terms, &|i| index.terms[i].key.clone()),
        "pairs": PAIR_KEYS,
        "words": firsts(&layout.words, &|i| index.words[i].surface.clone()),
        "packs": {
            "terms": layout.packs[0].iter().map(|r| r.start).collect::<Vec<_>>(),
            "pairs": layout.packs[1].iter().map(|r| r.start).collect::<Vec<_>>(),
            "words": layout.packs[2].iter().map(|r| r.start).collect::<Vec<_>>(),
        },
        "stored": { "encoding": "zlib", "firsts": layout.stored.firsts() },
        "facets": facets,
        "pages": facets::Group::Pages.path(),
    });
    m.to_string().into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cut_covers_everything_within_limits() {
        let keys: Vec<String> = (0..2000).map(|i| format!("k{i}")).collect();
        let r = cut(&keys, |_| 100, |k| key_hash(k), 1000, 1000, 3000);
        assert_eq!(r.first().map(|r| r.start), Some(0));
        assert_eq!(r.last().map(|r| r.end), Some(2000));
        assert!(r.windows(2).all(|w| w[0].end == w[1].start));
        // Each shard holds at least `min` bytes (but the last) and at most `max`.
        let n = r.len();
        assert!(
            r[..n - 1].iter().all(|r| (10..=30).contains(&r.len())),
            "{r:?}"
        );
        // A big item gets a shard of its own.
        let sizes = [5, 5, 50, 5];
        let r = cut(&sizes, |&s| s, |_| key_hash("x"), 8, 1_000_000, 20);
        assert_eq!(r, vec![0..2, 2..3, 3..4]);
        assert_eq!(cut::<u32>(&[], |_| 1, |_| 0, 1, 1, 1), vec![0..0]);
    }

    #[test]
    fn cuts_fall_back_into_step_after_an_insertion() {
        let keys: Vec<String> = (0..5000).map(|i| format!("key{i:05}")).collect();
        let before = cut(&keys, |k| k.len() * 10, |k| key_hash(k), 800, 800, 4000);
        let mut edited = keys.clone();
        edited.insert(2500, "key02500a".into());
        let after = cut(&edited, |k| k.len() * 10, |k| key_hash(k), 800, 800, 4000);
        // Shards are compared by their first key: all but a few are the same.
        let firsts = |ks: &[String], r: &[Range<usize>]| -> Vec<String> {
            r.iter().map(|r| ks[r.start].clone()).collect()
        };
        let (a, b) = (firsts(&keys, &before), firsts(&edited, &after));
        let changed = b.iter().filter(|k| !a.contains(k)).count();
        assert!(
            changed <= 2,
            "{changed} of {} shards start differently",
            b.len()
        );
    }

    #[test]
    fn shard_names_are_stable_hashes_of_the_first_key() {
        assert_eq!(shard_name("secur"), shard_name("secur"));
        assert_ne!(shard_name("secur"), shard_name("securiti"));
        assert_eq!(shard_name("").len(), 14);
        assert_eq!(shard_name("a"), "1c2ba782c97901");
        assert_eq!(shard_name("secur 1 état"), "076e104e9a743b");
    }

    #[test]
    fn postings_are_gap_encoded_varints() {
        let p = Postings {
            ids: vec![3, 4, 40, 1100],
            impacts: vec![8, 9, 10, 255],
            ..Postings::new("a\"b".into())
        };
        // 3, 1, 36 = 1*32+4 -> "X4", 1060 = 1*1024+1*32+4 -> "XX4"; impacts at scale 8.
        assert_eq!(
            String::from_utf8(postings_json(&[p], 1000)).unwrap(),
            r#"{"a\"b":["31X4XX4","89A_",8]}"#
        );
        let mut s = Vec::new();
        push_varint(&mut s, 0);
        push_varint(&mut s, 31);
        push_varint(&mut s, 32);
        assert_eq!(s, b"0VX0");
    }

    #[test]
    fn json_strings_are_escaped_as_json_wants() {
        let s = "a\"b\\c\nd\u{1}é\u{2028}";
        let mut out = Vec::new();
        push_str(&mut out, s);
        let back: String = serde_json::from_slice(&out).unwrap();
        assert_eq!(back, s);
    }

    #[test]
    fn common_terms_get_coarser_impacts() {
        assert_eq!(impact_scale(10, 1000), 8);
        assert_eq!(impact_scale(200, 1000), 4);
        assert_eq!(impact_scale(300, 1000), 2);
        assert_eq!(impact_scale(500, 1000), 2);
        assert_eq!(impact_scale(501, 1000), 1);
    }
}
