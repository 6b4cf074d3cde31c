//! Writes an [`Index`] as the sharded JSON files the engine reads (format in README.md,
//! "Search"). Shards are cut by estimated size so that any one download stays small.

use std::collections::BTreeSet;
use std::path::Path;

use rayon::prelude::*;
use serde_json::json;

use super::build::{
    js_cmp, Index, Postings, B, HEADING_BOOST, IMPACT_SCALE, K1, MAX_PAIR_SKIP, MIN_PAIR_DF,
    TITLE_BOOST,
};
use super::{analyze, Entry, FORMAT_VERSION};
use crate::error::{Error, Result};

/// Raw JSON bytes after which a postings shard is closed (~10 KB gzipped; a common
/// term's list alone can be bigger and gets a shard of its own).
const POSTINGS_SHARD_BYTES: usize = 32 * 1024;
/// Raw JSON bytes after which a word-list shard is closed.
const WORDS_SHARD_BYTES: usize = 12 * 1024;
/// Entries per stored file (the format allows any; the engine reads `stored.chunk`).
/// Results are spread over the index, so each shown result costs one file whatever its
/// size: on the 10,000-page corpus 4 entries per file took the worst first query from
/// 94 to 118 KB gzipped (over the 100 KB budget) and 8 to 149 KB, while the write phase
/// did not get faster (it is bound by the bytes written, 114 MB, not by the file count).
pub const STORED_CHUNK: usize = 1;

/// Write everything into `dir` (created; must not exist). Returns (files, bytes).
pub fn write_all(index: &Index, entries: &[Entry], dir: &Path) -> Result<(usize, u64)> {
    let chunk = STORED_CHUNK;
    if dir.exists() {
        std::fs::remove_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    }
    for sub in ["terms", "pairs", "words", "stored"] {
        let d = dir.join(sub);
        std::fs::create_dir_all(&d).map_err(|e| Error::io(&d, e))?;
    }
    let term_shards = cut(&index.terms, POSTINGS_SHARD_BYTES, postings_size);
    let pair_shards = cut(&index.pairs, POSTINGS_SHARD_BYTES, postings_size);
    let word_shards = cut(&index.words, WORDS_SHARD_BYTES, |w| w.surface.len() + 16);

    let mut files: Vec<(String, String)> = Vec::new();
    files.push((
        "manifest.json".into(),
        manifest(index, entries, &term_shards, &word_shards, chunk),
    ));
    files.push(("facets.json".into(), facets(entries)));
    // Pair shards are only needed for phrases, so their keys stay out of the manifest.
    let pair_keys = first_keys(&index.pairs, &pair_shards, |p| &p.key);
    files.push((
        "pairs.json".into(),
        serde_json::Value::from(pair_keys).to_string(),
    ));
    let outputs: Vec<Result<(usize, u64)>> = vec![
        write_shards(dir, "terms", &term_shards, |r| {
            postings_json(&index.terms[r], entries.len())
        }),
        write_shards(dir, "pairs", &pair_shards, |r| {
            postings_json(&index.pairs[r], entries.len())
        }),
        write_shards(dir, "words", &word_shards, |r| words_json(index, r)),
        write_stored(dir, entries, chunk),
    ];
    let (mut n, mut bytes) = (0, 0);
    for o in outputs {
        let (a, b) = o?;
        n += a;
        bytes += b;
    }
    for (name, text) in files {
        let path = dir.join(name);
        std::fs::write(&path, &text).map_err(|e| Error::io(&path, e))?;
        n += 1;
        bytes += text.len() as u64;
    }
    Ok((n, bytes))
}

/// Split `items` into consecutive ranges of about `limit` estimated bytes.
fn cut<T>(items: &[T], limit: usize, size: impl Fn(&T) -> usize) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let (mut start, mut acc) = (0, 0);
    for (i, it) in items.iter().enumerate() {
        let s = size(it);
        if acc > 0 && acc + s > limit {
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

fn postings_size(p: &Postings) -> usize {
    p.key.len() + 8 + p.ids.len() * 3
}

fn write_shards(
    dir: &Path,
    sub: &str,
    shards: &[std::ops::Range<usize>],
    json: impl Fn(std::ops::Range<usize>) -> String + Sync,
) -> Result<(usize, u64)> {
    shards
        .par_iter()
        .enumerate()
        .map(|(i, r)| {
            let text = json(r.clone());
            let path = dir.join(sub).join(format!("{i}.json"));
            std::fs::write(&path, &text).map_err(|e| Error::io(&path, e))?;
            Ok((1, text.len() as u64))
        })
        .try_reduce(|| (0, 0), |a, b| Ok((a.0 + b.0, a.1 + b.1)))
}

fn push_num(out: &mut String, n: u32) {
    let mut buf = [0u8; 10];
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
    // Digits are ASCII.
    out.push_str(std::str::from_utf8(&buf[i..]).unwrap_or("0"));
}

fn push_str(out: &mut String, s: &str) {
    // serde_json escapes exactly what JSON needs.
    out.push_str(&serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into()));
}

/// The 64 characters postings are written with (all JSON- and URL-safe).
pub const DIGITS: &[u8; 64] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";

/// Append `n` as a base-32 varint: big-endian digits, every digit but the last written
/// as `DIGITS[32 + d]`, the last as `DIGITS[d]`.
fn push_varint(out: &mut String, n: u32) {
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
        out.push(DIGITS[32 + digits[i] as usize] as char);
    }
    out.push(DIGITS[digits[0] as usize] as char);
}

/// How finely a list's impacts are kept: a common term weighs little in any score (low
/// idf), so its impacts are coarser, which makes its long list much smaller to download.
pub fn impact_scale(df: usize, entries: usize) -> u32 {
    match df * 16 {
        x if x <= entries => 8,
        x if x <= entries * 4 => 4,
        _ => 2,
    }
}

/// `{"key":["<id gaps>","<impacts>",scale],...}`: id gaps (the first is the id itself) as
/// varints, impacts one character each, in units of 1/scale.
fn postings_json(list: &[Postings], entries: usize) -> String {
    let mut out = String::with_capacity(list.iter().map(postings_size).sum::<usize>() + 16);
    out.push('{');
    for (i, p) in list.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_str(&mut out, &p.key);
        out.push_str(":[\"");
        let mut prev = 0u32;
        for &id in &p.ids {
            push_varint(&mut out, id - prev);
            prev = id;
        }
        out.push_str("\",\"");
        let scale = impact_scale(p.ids.len(), entries);
        for &v in &p.impacts {
            let q = (f64::from(v) * f64::from(scale) / IMPACT_SCALE)
                .round()
                .clamp(1.0, 63.0);
            out.push(DIGITS[q as usize] as char);
        }
        out.push_str("\",");
        push_num(&mut out, scale);
        out.push(']');
    }
    out.push('}');
    out
}

/// `[[surface, term or "" when equal, df], ...]`
fn words_json(index: &Index, r: std::ops::Range<usize>) -> String {
    let mut out = String::from("[");
    for (i, w) in index.words[r].iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let t = &index.terms[w.term as usize];
        out.push('[');
        push_str(&mut out, &w.surface);
        out.push(',');
        push_str(&mut out, if t.key == w.surface { "" } else { &t.key });
        out.push(',');
        push_num(&mut out, t.ids.len() as u32);
        out.push(']');
    }
    out.push(']');
    out
}

fn first_keys<T>(
    items: &[T],
    shards: &[std::ops::Range<usize>],
    key: impl Fn(&T) -> &str,
) -> Vec<String> {
    shards
        .iter()
        .map(|r| {
            items
                .get(r.start)
                .map(|t| key(t).to_owned())
                .unwrap_or_default()
        })
        .collect()
}

fn manifest(
    index: &Index,
    entries: &[Entry],
    terms: &[std::ops::Range<usize>],
    words: &[std::ops::Range<usize>],
    chunk: usize,
) -> String {
    let m = json!({
        "format": "dossier-search",
        "version": FORMAT_VERSION,
        "entries": entries.len(),
        "analysis": {
            "stemmer": "snowball-english-porter2+vowelless-s",
            "stopWords": analyze::STOP_WORDS,
            "maxTokenLen": analyze::MAX_TOKEN_LEN,
            "maxPairSkip": MAX_PAIR_SKIP,
            "minPairDf": MIN_PAIR_DF,
        },
        "scoring": {
            "k1": K1, "b": B,
            "headingBoost": HEADING_BOOST, "titleBoost": TITLE_BOOST,
        },
        "terms": first_keys(&index.terms, terms, |p| &p.key),
        "pairs": "pairs.json",
        "words": first_keys(&index.words, words, |w| &w.surface),
        "stored": { "chunk": chunk, "files": entries.len().div_ceil(chunk) },
        "facets": "facets.json",
    });
    m.to_string()
}

/// Facet values (sorted) and, for runs of consecutive entries with the same facets, the
/// run length and each facet's value indexes. Each column is one string of varints (see
/// [`push_varint`]): `length` one per run; a facet, per run, a count then the indexes.
fn facets(entries: &[Entry]) -> String {
    fn values<'a>(it: impl Iterator<Item = &'a String>) -> Vec<&'a str> {
        let set: BTreeSet<&str> = it.map(String::as_str).filter(|s| !s.is_empty()).collect();
        let mut v: Vec<&str> = set.into_iter().collect();
        v.sort_by(|a, b| js_cmp(a, b));
        v
    }
    let kinds = values(entries.iter().map(|e| &e.kind));
    let orgs = values(entries.iter().flat_map(|e| &e.organisations));
    let themes = values(entries.iter().flat_map(|e| &e.themes));
    let years: Vec<i32> = entries
        .iter()
        .filter_map(|e| e.year)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let push_list = |out: &mut String, mut idx: Vec<u32>| {
        idx.sort_unstable();
        idx.dedup();
        push_varint(out, idx.len() as u32);
        for i in idx {
            push_varint(out, i);
        }
    };
    let find = |vals: &[&str], v: &str| {
        vals.binary_search_by(|x| js_cmp(x, v))
            .ok()
            .map(|i| i as u32)
    };
    let (mut len, mut kind, mut year, mut org, mut theme) = (
        Vec::new(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
    );
    let mut prev: Option<&Entry> = None;
    for e in entries {
        let same = prev.is_some_and(|p| {
            p.kind == e.kind
                && p.year == e.year
                && p.organisations == e.organisations
                && p.themes == e.themes
        });
        prev = Some(e);
        if same {
            if let Some(l) = len.last_mut() {
                *l += 1;
            }
            continue;
        }
        len.push(1u32);
        push_list(&mut kind, find(&kinds, &e.kind).into_iter().collect());
        let y = e
            .year
            .and_then(|y| years.binary_search(&y).ok())
            .map(|i| i as u32);
        push_list(&mut year, y.into_iter().collect());
        push_list(
            &mut org,
            e.organisations
                .iter()
                .filter_map(|o| find(&orgs, o))
                .collect(),
        );
        push_list(
            &mut theme,
            e.themes.iter().filter_map(|t| find(&themes, t)).collect(),
        );
    }
    let mut length = String::new();
    for l in len {
        push_varint(&mut length, l);
    }
    json!({
        "values": { "theme": themes, "kind": kinds, "organisation": orgs, "year": years },
        "runs": { "length": length, "theme": theme, "kind": kind, "organisation": org, "year": year },
    })
    .to_string()
}

fn write_stored(dir: &Path, entries: &[Entry], chunk: usize) -> Result<(usize, u64)> {
    entries
        .par_chunks(chunk)
        .enumerate()
        .map(|(i, chunk)| {
            let mut out: Vec<u8> =
                Vec::with_capacity(chunk.iter().map(|e| e.text.len() + 256).sum::<usize>());
            out.push(b'[');
            for (j, e) in chunk.iter().enumerate() {
                if j > 0 {
                    out.push(b',');
                }
                // Serialized from borrowed fields: no `Value` tree, no copies of the text.
                let row = (&e.url, &e.title, &e.section, &e.breadcrumb, &e.text);
                serde_json::to_writer(&mut out, &row).map_err(|e| {
                    Error::input("search index", None, e.to_string(), "please report this")
                })?;
            }
            out.push(b']');
            let path = dir.join("stored").join(format!("{i}.json"));
            std::fs::write(&path, &out).map_err(|e| Error::io(&path, e))?;
            Ok((1, out.len() as u64))
        })
        .try_reduce(|| (0, 0), |a, b| Ok((a.0 + b.0, a.1 + b.1)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cut_respects_limits_and_covers_everything() {
        let items = [5, 5, 5, 20, 1, 1];
        let r = cut(&items, 10, |&x| x);
        assert_eq!(r, vec![0..2, 2..3, 3..4, 4..6]);
        assert_eq!(cut::<u32>(&[], 10, |&x| x as usize), vec![0..0]);
    }

    #[test]
    fn postings_are_gap_encoded_varints() {
        let p = Postings {
            key: "a\"b".into(),
            ids: vec![3, 4, 40, 1100],
            impacts: vec![8, 9, 10, 255],
        };
        // 3, 1, 36 = 1*32+4 -> "X4", 1060 = 1*1024+1*32+4 -> "XX4"; impacts at scale 8.
        assert_eq!(
            postings_json(&[p], 1000),
            r#"{"a\"b":["31X4XX4","89A_",8]}"#
        );
        let mut s = String::new();
        push_varint(&mut s, 0);
        push_varint(&mut s, 31);
        push_varint(&mut s, 32);
        assert_eq!(s, "0VX0");
    }

    #[test]
    fn common_terms_get_coarser_impacts() {
        assert_eq!(impact_scale(10, 1000), 8);
        assert_eq!(impact_scale(200, 1000), 4);
        assert_eq!(impact_scale(900, 1000), 2);
    }

    #[test]
    fn facets_group_runs() {
        let e = |kind: &str, year| Entry {
            kind: kind.into(),
            year,
            organisations: vec!["OSCE".into()],
            ..Entry::default()
        };
        let f: serde_json::Value = serde_json::from_str(&facets(&[
            e("speech", Some(2019)),
            e("speech", Some(2019)),
            e("", None),
        ]))
        .unwrap();
        // Two runs: lengths 2 and 1; kind: one value (index 0), then none.
        assert_eq!(f["runs"]["length"], json!("21"));
        assert_eq!(f["runs"]["kind"], json!("100"));
        assert_eq!(f["runs"]["year"], json!("100"));
        assert_eq!(f["values"]["organisation"], json!(["OSCE"]));
    }
}
