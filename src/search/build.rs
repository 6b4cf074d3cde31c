//! Builds the in-memory inverted index from entries: analyzes every entry in parallel
//! (rayon, one local vocabulary per chunk so no token allocates once its word is known),
//! merges the vocabularies, then lays out postings with precomputed BM25 impacts.

use std::fmt::Write as _;
use std::time::{Duration, Instant};

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::analyze::{fold_into, is_stop_word, tokenize, TokenKind, WordStemmer};
use super::Entry;

/// BM25 saturation parameters.
pub const K1: f64 = 1.2;
pub const B: f64 = 0.75;
/// Impacts are stored as integers: `round(impact * IMPACT_SCALE)`.
pub const IMPACT_SCALE: f64 = 8.0;
/// Added to the impact of a term found in the section heading / page title.
pub const HEADING_BOOST: f64 = 1.5;
pub const TITLE_BOOST: f64 = 1.0;
/// Word pairs are indexed up to this many stop words apart (plus a compound's span).
pub const MAX_PAIR_SKIP: u32 = 2;
/// Pairs with a term found in fewer entries than this are left out of the phrase index:
/// they are most of its distinct pairs (and bytes), yet a phrase with such a term has few
/// candidates, so the engine checks it on their stored text (which it downloads to show
/// them anyway).
pub const MIN_PAIR_DF: u32 = 16;

const ENTRIES_PER_CHUNK: usize = 512;
const STOP: u32 = u32::MAX;
const FLAG_TITLE: u8 = 1;
const FLAG_HEADING: u8 = 2;

/// One postings list: entries (ascending) and their quantized impacts.
#[derive(Debug, Default)]
pub struct Postings {
    pub key: String,
    pub ids: Vec<u32>,
    pub impacts: Vec<u8>,
}

/// A surface word as it appears in text (folded), and the term it stems to.
#[derive(Debug)]
pub struct Word {
    pub surface: String,
    /// Index into [`Index::terms`].
    pub term: u32,
}

/// The whole index, every list sorted by key in UTF-16 order (the engine's order).
#[derive(Debug, Default)]
pub struct Index {
    pub terms: Vec<Postings>,
    /// Keys are `"<term> <gap> <term>"`.
    pub pairs: Vec<Postings>,
    pub words: Vec<Word>,
}

#[derive(Clone, Copy)]
struct Tok {
    pos: u32,
    span: u32,
    id: u32,
}

#[derive(Default)]
struct EntryTerms {
    body_len: u32,
    /// (local term, body tf, field flags)
    terms: Vec<(u32, u16, u8)>,
    /// (packed local pair key, tf)
    pairs: Vec<(u64, u16)>,
}

#[derive(Default)]
struct Chunk {
    stems: Vec<String>,
    surfaces: Vec<(String, u32)>,
    entries: Vec<EntryTerms>,
}

/// Per-chunk analysis state: caches so each distinct word is folded and stemmed once.
#[derive(Default)]
struct Analyzer {
    stemmer: WordStemmer,
    folded: String,
    by_surface: FxHashMap<String, u32>,
    by_stem: FxHashMap<String, u32>,
    chunk: Chunk,
    toks: Vec<Tok>,
}

impl Analyzer {
    fn id_of(&mut self, surface: &str) -> u32 {
        if let Some(&id) = self.by_surface.get(surface) {
            return id;
        }
        let id = if is_stop_word(surface) {
            STOP
        } else {
            let stem = self.stemmer.stem(surface);
            match self.by_stem.get(stem.as_ref()) {
                Some(&id) => id,
                None => {
                    let id = self.chunk.stems.len() as u32;
                    self.chunk.stems.push(stem.to_string());
                    self.by_stem.insert(stem.into_owned(), id);
                    id
                }
            }
        };
        self.by_surface.insert(surface.to_owned(), id);
        if id != STOP {
            self.chunk.surfaces.push((surface.to_owned(), id));
        }
        id
    }

    /// Tokens of one field into `self.toks` (cleared first).
    fn field(&mut self, text: &str) {
        let mut folded = std::mem::take(&mut self.folded);
        fold_into(text, &mut folded);
        let mut toks = std::mem::take(&mut self.toks);
        toks.clear();
        let mut compound: Option<(usize, u32, usize)> = None; // (index in toks, pos, end byte)
        tokenize(&folded, |t| {
            if t.kind == TokenKind::Part {
                if let Some((i, p, end)) = compound {
                    if t.start < end {
                        toks[i].span = t.pos - p + 1;
                    }
                }
            }
            // Compounds hold digits, so they are never stop words and never stemmed.
            let id = self.id_of(t.text);
            if t.kind == TokenKind::Compound {
                compound = Some((toks.len(), t.pos, t.end));
            }
            if id != STOP {
                toks.push(Tok {
                    pos: t.pos,
                    span: 1,
                    id,
                });
            }
        });
        self.toks = toks;
        self.folded = folded;
    }

    /// Append the pairs of the tokens in `self.toks` to `out`.
    fn pairs(&self, out: &mut Vec<u64>) {
        let toks = &self.toks;
        for (i, x) in toks.iter().enumerate() {
            let end = x.pos + x.span;
            let Some(j) = toks[i + 1..].iter().position(|y| y.pos >= end) else {
                continue;
            };
            let q = toks[i + 1 + j].pos;
            let gap = q - x.pos;
            if gap > x.span + MAX_PAIR_SKIP {
                continue;
            }
            for y in toks[i + 1 + j..].iter().take_while(|y| y.pos == q) {
                out.push(pack_pair(x.id, y.id, gap));
            }
        }
    }

    fn entry(&mut self, e: &Entry, ids: &mut Vec<(u32, u8)>, pairs: &mut Vec<u64>) {
        ids.clear();
        pairs.clear();
        self.field(&e.title);
        ids.extend(self.toks.iter().map(|t| (t.id, FLAG_TITLE)));
        self.pairs(pairs);
        self.field(&e.section);
        ids.extend(self.toks.iter().map(|t| (t.id, FLAG_HEADING)));
        self.pairs(pairs);
        self.field(&e.text);
        ids.extend(self.toks.iter().map(|t| (t.id, 0)));
        self.pairs(pairs);
        let body_len = self.toks.len() as u32;

        ids.sort_unstable();
        let mut terms: Vec<(u32, u16, u8)> = Vec::new();
        for &(id, flag) in ids.iter() {
            match terms.last_mut() {
                Some(last) if last.0 == id => {
                    if flag == 0 {
                        last.1 = last.1.saturating_add(1);
                    }
                    last.2 |= flag;
                }
                _ => terms.push((id, u16::from(flag == 0), flag)),
            }
        }
        pairs.sort_unstable();
        let mut counted: Vec<(u64, u16)> = Vec::new();
        for &p in pairs.iter() {
            match counted.last_mut() {
                Some(last) if last.0 == p => last.1 = last.1.saturating_add(1),
                _ => counted.push((p, 1)),
            }
        }
        self.chunk.entries.push(EntryTerms {
            body_len,
            terms,
            pairs: counted,
        });
    }
}

fn pack_pair(a: u32, b: u32, gap: u32) -> u64 {
    (u64::from(a) << 36) | (u64::from(b) << 8) | u64::from(gap.min(255))
}

fn unpack_pair(k: u64) -> (u32, u32, u32) {
    (
        (k >> 36) as u32,
        ((k >> 8) & 0x0fff_ffff) as u32,
        (k & 0xff) as u32,
    )
}

fn analyze_chunk(entries: &[Entry]) -> Chunk {
    let mut a = Analyzer::default();
    let (mut ids, mut pairs) = (Vec::new(), Vec::new());
    for e in entries {
        a.entry(e, &mut ids, &mut pairs);
    }
    a.chunk
}

/// BM25 term-frequency part (saturated, length-normalized) plus field boosts, quantized.
pub fn impact(tf: u16, len: u32, avg_len: f64, flags: u8) -> u8 {
    let tf = f64::from(tf);
    let mut s = if tf > 0.0 {
        tf * (K1 + 1.0) / (tf + K1 * (1.0 - B + B * f64::from(len) / avg_len))
    } else {
        0.0
    };
    if flags & FLAG_HEADING != 0 {
        s += HEADING_BOOST;
    }
    if flags & FLAG_TITLE != 0 {
        s += TITLE_BOOST;
    }
    (s * IMPACT_SCALE).round().clamp(1.0, 255.0) as u8
}

/// Compare as JavaScript does (UTF-16 code units), so the engine's binary searches agree.
pub fn js_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    if a.is_ascii() && b.is_ascii() {
        return a.cmp(b);
    }
    a.encode_utf16().cmp(b.encode_utf16())
}

pub fn build(entries: &[Entry], phases: &mut Vec<(&'static str, Duration)>) -> Index {
    build_with(entries, MIN_PAIR_DF, phases)
}

/// [`build`] with pairs kept only when both terms are in at least `min_pair_df` entries.
pub fn build_with(
    entries: &[Entry],
    min_pair_df: u32,
    phases: &mut Vec<(&'static str, Duration)>,
) -> Index {
    let t = Instant::now();
    let chunks: Vec<Chunk> = entries
        .par_chunks(ENTRIES_PER_CHUNK)
        .map(analyze_chunk)
        .collect();

    phases.push(("analyze", t.elapsed()));
    let t = Instant::now();
    // Merge the chunk vocabularies into global term ids.
    let mut global: FxHashMap<String, u32> = FxHashMap::default();
    let mut terms: Vec<Postings> = Vec::new();
    let mut remaps: Vec<Vec<u32>> = Vec::with_capacity(chunks.len());
    for c in &chunks {
        let remap = c
            .stems
            .iter()
            .map(|s| {
                *global.entry(s.clone()).or_insert_with(|| {
                    terms.push(Postings {
                        key: s.clone(),
                        ..Postings::default()
                    });
                    terms.len() as u32 - 1
                })
            })
            .collect();
        remaps.push(remap);
    }

    let total_len: u64 = chunks
        .iter()
        .flat_map(|c| c.entries.iter())
        .map(|e| u64::from(e.body_len))
        .sum();
    let avg_len = (total_len as f64 / entries.len().max(1) as f64).max(1.0);
    // Which global terms may take part in pairs (document frequency >= min_pair_df).
    let mut df = vec![0u32; terms.len()];
    for (c, remap) in chunks.iter().zip(&remaps) {
        for e in &c.entries {
            for &(local, _, _) in &e.terms {
                df[remap[local as usize] as usize] += 1;
            }
        }
    }
    // Per chunk, the local terms that may pair, so the pair loop below skips rare ones
    // before any hashing.
    let pairable: Vec<Vec<bool>> = remaps
        .iter()
        .map(|r| r.iter().map(|&g| df[g as usize] >= min_pair_df).collect())
        .collect();

    // Terms (with surfaces) and pairs are merged on two threads; each walks the chunks in
    // entry order, so every list comes out sorted by entry id.
    let merge_terms = |terms: &mut Vec<Postings>| {
        let mut surfaces: FxHashMap<String, u32> = FxHashMap::default();
        let mut entry_id: u32 = 0;
        for (c, remap) in chunks.iter().zip(&remaps) {
            for (s, local) in &c.surfaces {
                if !surfaces.contains_key(s.as_str()) {
                    surfaces.insert(s.clone(), remap[*local as usize]);
                }
            }
            for e in &c.entries {
                for &(local, tf, flags) in &e.terms {
                    let p = &mut terms[remap[local as usize] as usize];
                    p.ids.push(entry_id);
                    p.impacts.push(impact(tf, e.body_len, avg_len, flags));
                }
                entry_id += 1;
            }
        }
        surfaces
    };
    let merge_pairs = || {
        let mut pair_ids: FxHashMap<u64, u32> = FxHashMap::default();
        pair_ids.reserve(entries.len() * 16);
        let mut pairs: Vec<Postings> = Vec::new();
        let mut entry_id: u32 = 0;
        for ((c, remap), ok) in chunks.iter().zip(&remaps).zip(&pairable) {
            for e in &c.entries {
                for &(key, tf) in &e.pairs {
                    let (a, b, gap) = unpack_pair(key);
                    if !(ok[a as usize] && ok[b as usize]) {
                        continue;
                    }
                    let global_key = pack_pair(remap[a as usize], remap[b as usize], gap);
                    let id = *pair_ids.entry(global_key).or_insert_with(|| {
                        pairs.push(Postings::default());
                        pairs.len() as u32 - 1
                    });
                    let p = &mut pairs[id as usize];
                    p.ids.push(entry_id);
                    p.impacts.push(impact(tf, e.body_len, avg_len, 0));
                }
                entry_id += 1;
            }
        }
        (pair_ids, pairs)
    };
    let (surfaces, (pair_ids, mut pairs)) = rayon::join(|| merge_terms(&mut terms), merge_pairs);
    for (key, id) in pair_ids {
        let (a, b, gap) = unpack_pair(key);
        let (a, b) = (&terms[a as usize].key, &terms[b as usize].key);
        let k = &mut pairs[id as usize].key;
        // Written in place: no temporary string per pair.
        k.reserve_exact(a.len() + b.len() + 5);
        k.push_str(a);
        k.push(' ');
        let _ = write!(k, "{gap} {b}");
    }

    phases.push(("merge", t.elapsed()));
    let t = Instant::now();
    let index = sort_terms(terms, pairs, surfaces);
    phases.push(("sort", t.elapsed()));
    index
}

/// Sort terms, pairs and words into key order, renumbering the words' term ids.
fn sort_terms(
    mut terms: Vec<Postings>,
    mut pairs: Vec<Postings>,
    surfaces: FxHashMap<String, u32>,
) -> Index {
    let mut order: Vec<u32> = (0..terms.len() as u32).collect();
    order.par_sort_unstable_by(|&a, &b| js_cmp(&terms[a as usize].key, &terms[b as usize].key));
    let mut new_id = vec![0u32; terms.len()];
    for (new, &old) in order.iter().enumerate() {
        new_id[old as usize] = new as u32;
    }
    let mut slots: Vec<Option<Postings>> = terms.drain(..).map(Some).collect();
    let terms: Vec<Postings> = order
        .iter()
        .filter_map(|&old| slots[old as usize].take())
        .collect();
    pairs.par_sort_unstable_by(|a, b| js_cmp(&a.key, &b.key));
    let mut words: Vec<Word> = surfaces
        .into_iter()
        .map(|(surface, t)| Word {
            surface,
            term: new_id[t as usize],
        })
        .collect();
    words.par_sort_unstable_by(|a, b| js_cmp(&a.surface, &b.surface));
    Index {
        terms,
        pairs,
        words,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(title: &str, section: &str, text: &str) -> Entry {
        Entry {
            url: "x/".into(),
            title: title.into(),
            section: section.into(),
            text: text.into(),
            ..Entry::default()
        }
    }

    fn postings<'a>(list: &'a [Postings], key: &str) -> &'a Postings {
        list.iter()
            .find(|p| p.key == key)
            .unwrap_or_else(|| panic!("no postings for {key:?}"))
    }

    #[test]
    fn postings_are_sorted_and_boosted() {
        let entries = vec![
            entry("Cyber norms", "", "Norms of state behaviour."),
            entry(
                "Other",
                "Regulation",
                "We regulate deepfakes. Deepfake laws.",
            ),
            entry("Other", "", "Nothing about it; the regulations."),
        ];
        let idx = build(&entries, &mut Vec::new());
        let reg = postings(&idx.terms, "regul");
        assert_eq!(reg.ids, vec![1, 2]);
        assert!(reg.impacts[0] > reg.impacts[1], "heading boost: {reg:?}");
        let deep = postings(&idx.terms, "deepfak");
        assert_eq!(deep.ids, vec![1]);
        let norm = postings(&idx.terms, "norm");
        assert_eq!(norm.ids, vec![0]);
        assert!(idx.terms.windows(2).all(|w| w[0].key < w[1].key));
        assert!(idx.terms.iter().all(|t| t.key != "the" && t.key != "of"));
    }

    #[test]
    fn pairs_skip_stop_words_and_span_compounds() {
        let entries = vec![entry(
            "",
            "",
            "The rule of law. See A/65/491 report on human rights.",
        )];
        let idx = build_with(&entries, 0, &mut Vec::new());
        let keys: Vec<&str> = idx.pairs.iter().map(|p| p.key.as_str()).collect();
        assert!(keys.contains(&"rule 2 law"), "{keys:?}");
        assert!(keys.contains(&"a/65/491 3 report"), "{keys:?}");
        assert!(keys.contains(&"human 1 right"), "{keys:?}");
        assert!(keys.contains(&"see 1 a/65/491"), "{keys:?}");
        // "law" and "see" are separated by the end of a sentence only; still adjacent.
        assert!(keys.contains(&"law 1 see"), "{keys:?}");
    }

    #[test]
    fn pairs_with_a_rare_term_are_left_out() {
        let entries = vec![
            entry("", "", "human rights and rule of law"),
            entry("", "", "human rights"),
            entry("", "", "human rights; rule"),
        ];
        let idx = build_with(&entries, 2, &mut Vec::new());
        let keys: Vec<&str> = idx.pairs.iter().map(|p| p.key.as_str()).collect();
        // "law" is in one entry only, so "rule 2 law" is left out; "rule" (2 entries) and
        // "right" (3) still pair.
        assert_eq!(
            keys,
            vec!["human 1 right", "right 1 rule", "right 2 rule"],
            "{keys:?}"
        );
        assert_eq!(postings(&idx.pairs, "human 1 right").ids, vec![0, 1, 2]);
    }

    #[test]
    fn words_map_surfaces_to_terms() {
        let idx = build(&[entry("", "", "Regulations and Zürich")], &mut Vec::new());
        let find = |s: &str| {
            let w = idx.words.iter().find(|w| w.surface == s).unwrap();
            idx.terms[w.term as usize].key.as_str()
        };
        assert_eq!(find("regulations"), "regul");
        assert_eq!(find("zurich"), "zurich");
        assert!(idx.words.iter().all(|w| w.surface != "and"));
    }

    #[test]
    fn impact_grows_with_tf_and_boosts() {
        assert!(impact(2, 100, 100.0, 0) > impact(1, 100, 100.0, 0));
        assert!(impact(1, 10, 100.0, 0) > impact(1, 1000, 100.0, 0));
        assert!(impact(0, 10, 100.0, FLAG_HEADING) > impact(0, 10, 100.0, FLAG_TITLE));
        assert_eq!(impact(0, 10, 100.0, 0), 1);
    }
}
