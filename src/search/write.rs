//! Writes an [`Index`] as the sharded JSON files the engine reads (format in README.md,
//! "Search"). Shards are cut by estimated size so that any one download stays small.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::Path;

use rayon::prelude::*;
use serde_json::json;

use super::build::{
    js_cmp, Index, Postings, B, HEADING_BOOST, IMPACT_SCALE, K1, MAX_PAIR_SKIP, TITLE_BOOST,
};
use super::{analyze, Entry, FORMAT_VERSION};
use crate::error::{Error, Result};

/// Raw JSON bytes after which a postings shard is closed (~10 KB gzipped; a common
/// term's list alone can be bigger and gets a shard of its own).
const POSTINGS_SHARD_BYTES: usize = 32 * 1024;
/// Raw JSON bytes after which a word-list shard is closed.
const WORDS_SHARD_BYTES: usize = 24 * 1024;
/// Entries per stored file: small, so showing ten results downloads little.
pub const STORED_CHUNK: usize = 1;

/// Write everything into `dir` (created; must not exist). Returns (files, bytes).
pub fn write_all(index: &Index, entries: &[Entry], dir: &Path) -> Result<(usize, u64)> {
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
    files.push(("manifest.json".into(), manifest(index, entries, &term_shards, &word_shards)));
    files.push(("facets.json".into(), facets(entries)));
    // Pair shards are only needed for phrases, so their keys stay out of the manifest.
    let pair_keys = first_keys(&index.pairs, &pair_shards, |p| &p.key);
    files.push(("pairs.json".into(), serde_json::Value::from(pair_keys).to_string()));
    let outputs: Vec<Result<(usize, u64)>> = vec![
        write_shards(dir, "terms", &term_shards, |r| postings_json(&index.terms[r])),
        write_shards(dir, "pairs", &pair_shards, |r| postings_json(&index.pairs[r])),
        write_shards(dir, "words", &word_shards, |r| words_json(index, r)),
        write_stored(dir, entries),
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
    p.key.len() + 8 + p.ids.len() * 5
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

/// `{"key":[[id gaps...],[impacts...]],...}`: each id as the gap from the previous one
/// (the first is the id itself): small numbers, which gzip compresses well.
fn postings_json(list: &[Postings]) -> String {
    let mut out = String::with_capacity(list.iter().map(postings_size).sum::<usize>() + 16);
    out.push('{');
    for (i, p) in list.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_str(&mut out, &p.key);
        out.push_str(":[[");
        let mut prev = 0u32;
        for (j, &id) in p.ids.iter().enumerate() {
            if j > 0 {
                out.push(',');
            }
            push_num(&mut out, id - prev);
            prev = id;
        }
        out.push_str("],[");
        for (j, &v) in p.impacts.iter().enumerate() {
            if j > 0 {
                out.push(',');
            }
            push_num(&mut out, u32::from(v));
        }
        out.push_str("]]");
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

fn first_keys<T>(items: &[T], shards: &[std::ops::Range<usize>], key: impl Fn(&T) -> &str) -> Vec<String> {
    shards
        .iter()
        .map(|r| items.get(r.start).map(|t| key(t).to_owned()).unwrap_or_default())
        .collect()
}

fn manifest(
    index: &Index,
    entries: &[Entry],
    terms: &[std::ops::Range<usize>],
    words: &[std::ops::Range<usize>],
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
        },
        "scoring": {
            "k1": K1, "b": B, "impactScale": IMPACT_SCALE,
            "headingBoost": HEADING_BOOST, "titleBoost": TITLE_BOOST,
        },
        "terms": first_keys(&index.terms, terms, |p| &p.key),
        "pairs": "pairs.json",
        "words": first_keys(&index.words, words, |w| &w.surface),
        "stored": { "chunk": STORED_CHUNK, "files": entries.len().div_ceil(STORED_CHUNK) },
        "facets": "facets.json",
    });
    m.to_string()
}

/// Facet values (sorted) and, for runs of consecutive entries with the same facets, the
/// run length and each facet's value indexes. Columns, because gzip likes them.
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
    let idx = |vals: &[&str], v: &str| vals.binary_search_by(|x| js_cmp(x, v)).map_or(-1, |i| i as i64);
    let many = |vals: &[&str], vs: &[String]| {
        let mut v: Vec<i64> = vs.iter().map(|s| idx(vals, s)).filter(|&i| i >= 0).collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    let (mut len, mut kind, mut year, mut org, mut theme) = (vec![], vec![], vec![], vec![], vec![]);
    let mut prev: Option<&Entry> = None;
    for e in entries {
        let same = prev.is_some_and(|p| {
            p.kind == e.kind && p.year == e.year && p.organisations == e.organisations && p.themes == e.themes
        });
        if same {
            if let Some(l) = len.last_mut() {
                *l += 1;
            }
        } else {
            len.push(1u32);
            kind.push(idx(&kinds, &e.kind));
            year.push(e.year.and_then(|y| years.binary_search(&y).ok()).map_or(-1, |i| i as i64));
            org.push(many(&orgs, &e.organisations));
            theme.push(many(&themes, &e.themes));
        }
        prev = Some(e);
    }
    json!({
        "values": { "theme": themes, "kind": kinds, "organisation": orgs, "year": years },
        "runs": { "length": len, "theme": theme, "kind": kind, "organisation": org, "year": year },
    })
    .to_string()
}

fn write_stored(dir: &Path, entries: &[Entry]) -> Result<(usize, u64)> {
    entries
        .par_chunks(STORED_CHUNK)
        .enumerate()
        .map(|(i, chunk)| {
            let mut out = String::from("[");
            for (j, e) in chunk.iter().enumerate() {
                if j > 0 {
                    out.push(',');
                }
                let _ = write!(
                    out,
                    "{}",
                    json!([e.url, e.title, e.section, e.breadcrumb, e.text])
                );
            }
            out.push(']');
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
    fn postings_are_gap_encoded() {
        let p = Postings {
            key: "a\"b".into(),
            ids: vec![3, 4, 10],
            impacts: vec![8, 9, 10],
        };
        assert_eq!(postings_json(&[p]), r#"{"a\"b":[[3,1,6],[8,9,10]]}"#);
    }

    #[test]
    fn facets_group_runs() {
        let e = |kind: &str, year| Entry {
            kind: kind.into(),
            year,
            organisations: vec!["OSCE".into()],
            ..Entry::default()
        };
        let f: serde_json::Value =
            serde_json::from_str(&facets(&[e("speech", Some(2019)), e("speech", Some(2019)), e("", None)])).unwrap();
        assert_eq!(f["runs"]["length"], json!([2, 1]));
        assert_eq!(f["runs"]["kind"], json!([0, -1]));
        assert_eq!(f["runs"]["year"], json!([0, -1]));
        assert_eq!(f["values"]["organisation"], json!(["OSCE"]));
    }
}
