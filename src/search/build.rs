//! Builds the in-memory inverted index ([`Index`]) from entries.
//!
//! 1. *Analyze*, in parallel over chunks of consecutive entries: each chunk tokenizes its
//!    entries against a vocabulary of its own (each distinct word is folded and stemmed
//!    once per chunk) and groups its term and pair occurrences into chunk-local postings
//!    with a counting sort, so no per-entry sorting or allocation is needed.
//! 2. *Merge*: the chunk vocabularies are merged and the terms sorted once; pairs are
//!    ordered by the ranks of their terms (which is the order of their string keys, see
//!    [`pair_rank`]), so no string is compared per pair; then every postings list is the
//!    concatenation of its chunk-local lists, built in parallel.
//!
//! Impacts are BM25's term-frequency part against a *quantized* average length
//! ([`quantized_avg_len`]), so that an edit to one document almost never changes the
//! impacts of the others: watch mode ([`super::incremental`]) relies on that.

use std::time::{Duration, Instant};

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::analyze::{fold_into, tokenize, Language, TokenKind, WordStemmer};
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
/// The average body length used by BM25 is rounded to one of this many steps per
/// doubling (4.4 % apart), so that it changes only when the corpus changes enough to
/// matter: at 10,000 documents a one-document edit moves the true average by about
/// 0.002 %, so it crosses a step about once in a thousand edits.
pub const AVG_LEN_STEPS: f64 = 16.0;

const ENTRIES_PER_CHUNK: usize = 2048;
const STOP: u32 = u32::MAX;
pub(crate) const FLAG_TITLE: u8 = 1;
pub(crate) const FLAG_HEADING: u8 = 2;

/// One postings list: entries (ascending) and their quantized impacts.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Postings {
    pub key: String,
    /// [`super::write::key_hash`] of the key, which decides where shards end (kept so
    /// that watch mode does not hash every key on every update).
    pub hash: u32,
    pub ids: Vec<u32>,
    pub impacts: Vec<u8>,
}

impl Postings {
    pub fn new(key: String) -> Postings {
        Postings {
            hash: super::write::key_hash(&key),
            key,
            ..Postings::default()
        }
    }
}

/// A surface word as it appears in text (folded), and the terms it stems to: one, or
/// more when sections of different languages stem it differently.
#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    pub surface: String,
    /// [`super::write::key_hash`] of the surface.
    pub hash: u32,
    /// (index into [`Index::terms`], how many entries hold this surface stemmed so), by
    /// ascending term (the counts tell watch mode when a word or a stem of it is gone).
    pub terms: Vec<(u32, u32)>,
}

/// The whole index, every list sorted by key in UTF-16 order (the engine's order).
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Index {
    pub terms: Vec<Postings>,
    /// Keys are `"<term> <gap> <term>"`.
    pub pairs: Vec<Postings>,
    pub words: Vec<Word>,
    /// The quantized average body length the impacts were computed with.
    pub avg_len: f64,
    /// The sum of the entries' body lengths (to update the average).
    pub total_len: u64,
}

/// The average body length of `n` entries of `total` tokens, rounded to a step of
/// [`AVG_LEN_STEPS`] per doubling.
pub fn quantized_avg_len(total: u64, n: usize) -> f64 {
    let avg = (total as f64 / n.max(1) as f64).max(1.0);
    ((avg.log2() * AVG_LEN_STEPS).round() / AVG_LEN_STEPS).exp2()
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

/// The key of a pair: `"<a> <gap> <b>"`.
pub fn pair_key(a: &str, gap: u32, b: &str) -> String {
    use std::fmt::Write as _;
    let mut k = String::with_capacity(a.len() + b.len() + 5);
    k.push_str(a);
    // Writing to a String cannot fail.
    let _ = write!(k, " {gap} ");
    k.push_str(b);
    k
}

/// Rank of each gap (0..=255) in the order of its decimal string ("1" < "10" < "2").
///
/// Pair keys sort as the strings `"<a> <gap> <b>"`; since every character of a term sorts
/// after the space, that order is: by `a`, then by the gap's string, then by `b`. So with
/// terms ranked in key order, a pair's place is given by the number
/// `rank(a), gap_rank(gap), rank(b)` ([`pair_rank`]) and no string is compared.
fn gap_ranks() -> [u8; 256] {
    let mut gaps: Vec<u32> = (0..256).collect();
    gaps.sort_by_key(|g| g.to_string());
    let mut rank = [0u8; 256];
    for (r, g) in gaps.into_iter().enumerate() {
        rank[g as usize] = r as u8;
    }
    rank
}

/// Terms ranks take 28 bits each in a pair's sort number: up to 268 million terms.
const RANK_BITS: u32 = 28;

fn pair_rank(a: u32, gap_rank: u8, b: u32) -> u64 {
    (u64::from(a) << (RANK_BITS + 8)) | (u64::from(gap_rank) << RANK_BITS) | u64::from(b)
}

// ------------------------------------------------------------------ analysis

/// A chunk-local pair: local term ids and the gap, packed.
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

#[derive(Clone, Copy)]
struct Tok {
    pos: u32,
    span: u32,
    id: u32,
}

/// One entry's occurrence of a term: body term frequency and field flags.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct TermHit {
    /// Entry index within the chunk.
    pub entry: u32,
    pub tf: u16,
    pub flags: u8,
}

/// One entry's occurrence of a pair.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct PairHit {
    pub entry: u32,
    pub tf: u16,
}

/// The analysis of consecutive entries: a local vocabulary and chunk-local postings.
#[derive(Default)]
pub(crate) struct Chunk {
    /// Local term id -> stem.
    pub stems: Vec<String>,
    /// Surface words (not stop words): (surface, local term id, entries containing it).
    pub surfaces: Vec<(String, u32, u32)>,
    /// Body length (indexed tokens) per entry.
    pub lens: Vec<u32>,
    /// Postings per local term: `term_hits[term_start[t]..term_start[t + 1]]`.
    pub term_start: Vec<u32>,
    pub term_hits: Vec<TermHit>,
    /// Local pair keys ([`pack_pair`]) and their postings, likewise.
    pub pair_keys: Vec<u64>,
    pub pair_start: Vec<u32>,
    pub pair_hits: Vec<PairHit>,
}

impl Chunk {
    pub fn term_hits(&self, t: usize) -> &[TermHit] {
        &self.term_hits[self.term_start[t] as usize..self.term_start[t + 1] as usize]
    }
    pub fn pair_hits(&self, p: usize) -> &[PairHit] {
        &self.pair_hits[self.pair_start[p] as usize..self.pair_start[p + 1] as usize]
    }
    /// (local a, local b, gap) of local pair `p`.
    pub fn pair(&self, p: usize) -> (u32, u32, u32) {
        unpack_pair(self.pair_keys[p])
    }
}

/// The distinct surface words of a chunk, looked up by every token (the analysis's
/// hottest step): a hash table whose entries hold all a token needs (its term and
/// counters), so a lookup touches the table and the word's bytes, nothing else. Keys are
/// in one arena and compared inline (a call to `memcmp` per token cost more than the
/// rest of the lookup).
#[derive(Default)]
struct SurfaceTable {
    table: hashbrown::HashTable<Slot>,
    arena: Vec<u8>,
}

/// A distinct surface word seen by an [`Analyzer`].
#[derive(Clone, Copy)]
struct Slot {
    hash: u64,
    /// The word's bytes: `arena[start..start + len]`.
    start: u32,
    len: u32,
    /// Local term id, or STOP.
    term: u32,
    /// Index into `Chunk::surfaces` (unused for stop words).
    word: u32,
    /// The last entry (+1) that counted this surface, and how many entries did.
    seen: u32,
    entries: u32,
}

fn word_hash(b: &[u8]) -> u64 {
    const K: u64 = 0xf135_7aea_2e62_a9c5;
    let mut h = (b.len() as u64).wrapping_mul(K);
    let mut chunks = b.chunks_exact(8);
    for c in &mut chunks {
        h = (h ^ word(c)).wrapping_mul(K).rotate_left(26);
    }
    let r = chunks.remainder();
    if !r.is_empty() {
        h = (h ^ word(r)).wrapping_mul(K).rotate_left(26);
    }
    h.wrapping_mul(K)
}

/// Up to eight bytes as a little-endian number, assembled by shifts: copying them into a
/// buffer first called `memcpy` and stalled the load that followed.
#[inline]
fn word(b: &[u8]) -> u64 {
    b.iter()
        .enumerate()
        .fold(0u64, |v, (k, &x)| v | (u64::from(x) << (8 * k)))
}

/// Whether `w` is a stop word of `lang` ([`Language::is_stop_word`]), by comparing
/// numbers: stop words are a third of all tokens, and this check spares them a table
/// lookup. (Stop words have at most eight bytes: a test in `analyze` checks.)
fn is_stop_word_fast(lang: Language, w: &[u8]) -> bool {
    static STOPS: std::sync::OnceLock<Vec<Vec<u64>>> = std::sync::OnceLock::new();
    if w.len() > 8 {
        return false;
    }
    let stops = STOPS.get_or_init(|| {
        Language::ALL
            .iter()
            .map(|l| {
                let mut v: Vec<u64> = l.stop_words().iter().map(|s| word(s.as_bytes())).collect();
                v.sort_unstable();
                v
            })
            .collect()
    });
    // Words of up to eight bytes, none of them zero, are equal exactly when their
    // numbers are.
    stops[lang as usize].binary_search(&word(w)).is_ok()
}

/// Byte equality without a library call, eight bytes at a time.
#[inline]
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let (mut x, mut y) = (a.chunks_exact(8), b.chunks_exact(8));
    for (p, q) in (&mut x).zip(&mut y) {
        if word(p) != word(q) {
            return false;
        }
    }
    word(x.remainder()) == word(y.remainder())
}

impl SurfaceTable {
    fn find(&mut self, w: &[u8], h: u64) -> Option<&mut Slot> {
        let arena = &self.arena;
        self.table.find_mut(h, |s| {
            s.hash == h && same_bytes(&arena[s.start as usize..(s.start + s.len) as usize], w)
        })
    }

    fn insert(&mut self, w: &[u8], h: u64, term: u32, word: u32) {
        let slot = Slot {
            hash: h,
            start: self.arena.len() as u32,
            len: w.len() as u32,
            term,
            word,
            seen: 0,
            entries: 0,
        };
        self.arena.extend_from_slice(w);
        self.table.insert_unique(h, slot, |s| s.hash);
    }
}

/// Per-chunk analysis state: caches so each distinct word is folded and stemmed once.
struct Analyzer {
    /// Per language (`Language as usize`): its stemmer and its surface words.
    stemmers: Vec<WordStemmer>,
    by_surface: Vec<SurfaceTable>,
    /// The language of the entry being analyzed.
    lang: Language,
    folded: String,
    by_stem: FxHashMap<String, u32>,
    pair_ids: FxHashMap<u64, u32>,
    chunk: Chunk,
    toks: Vec<Tok>,
    /// (local term, entry << 2 | field flag) per token, in entry order.
    term_occ: Vec<(u32, u32)>,
    /// (local pair, entry) per pair occurrence, in entry order.
    pair_occ: Vec<(u32, u32)>,
    entry: u32,
}

impl Default for Analyzer {
    fn default() -> Self {
        Analyzer {
            stemmers: Language::ALL.iter().map(|&l| WordStemmer::new(l)).collect(),
            by_surface: Language::ALL
                .iter()
                .map(|_| SurfaceTable::default())
                .collect(),
            lang: Language::default(),
            folded: String::new(),
            by_stem: FxHashMap::default(),
            pair_ids: FxHashMap::default(),
            chunk: Chunk::default(),
            toks: Vec::new(),
            term_occ: Vec::new(),
            pair_occ: Vec::new(),
            entry: 0,
        }
    }
}

impl Analyzer {
    /// The local term of a surface word (STOP for a stop word), counting the surface
    /// once per entry.
    fn term_of(&mut self, surface: &str) -> u32 {
        let lang = self.lang;
        if is_stop_word_fast(lang, surface.as_bytes()) {
            return STOP;
        }
        let h = word_hash(surface.as_bytes());
        let entry = self.entry + 1;
        if let Some(slot) = self.by_surface[lang as usize].find(surface.as_bytes(), h) {
            if slot.seen != entry {
                slot.seen = entry;
                slot.entries += 1;
            }
            return slot.term;
        }
        self.new_surface(surface, h)
    }

    fn new_surface(&mut self, surface: &str, h: u64) -> u32 {
        // Stop words never get here (see `term_of`).
        let term = {
            let stem = self.stemmers[self.lang as usize].stem(surface);
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
        let word = self.chunk.surfaces.len() as u32;
        // Its count is kept in its slot and copied over by `finish`.
        self.chunk.surfaces.push((surface.to_owned(), term, 0));
        let table = &mut self.by_surface[self.lang as usize];
        table.insert(surface.as_bytes(), h, term, word);
        if let Some(slot) = table.find(surface.as_bytes(), h) {
            slot.seen = self.entry + 1;
            slot.entries = 1;
        }
        term
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
            let id = self.term_of(t.text);
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

    /// Record the terms and pairs of the tokens in `self.toks`.
    fn record(&mut self, flag: u8) {
        let e = self.entry;
        let tag = (e << 2) | u32::from(flag);
        self.term_occ.extend(self.toks.iter().map(|t| (t.id, tag)));
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
                let key = pack_pair(x.id, y.id, gap);
                let next = self.pair_ids.len() as u32;
                let p = *self.pair_ids.entry(key).or_insert_with(|| {
                    self.chunk.pair_keys.push(key);
                    next
                });
                self.pair_occ.push((p, e));
            }
        }
    }

    fn entry(&mut self, e: &Entry) {
        self.lang = Language::from_code(&e.language);
        self.field(&e.title);
        self.record(FLAG_TITLE);
        // Metadata (authors, organisations, place) says whose the page is: boosted as
        // title and heading both, above a mere mention in the text.
        self.field(&e.meta);
        self.record(FLAG_TITLE | FLAG_HEADING);
        self.field(&e.section);
        self.record(FLAG_HEADING);
        self.field(&e.text);
        self.record(0);
        self.chunk.lens.push(self.toks.len() as u32);
        self.entry += 1;
    }

    /// Group the occurrences into chunk-local postings.
    fn finish(mut self) -> Chunk {
        for table in &self.by_surface {
            for slot in table.table.iter() {
                self.chunk.surfaces[slot.word as usize].2 = slot.entries;
            }
        }
        let (start, occ) = group(self.chunk.stems.len(), &self.term_occ);
        let mut c = self.chunk;
        c.term_start = Vec::with_capacity(start.len());
        c.term_hits = Vec::with_capacity(occ.len() / 2);
        for t in 0..start.len() - 1 {
            let first = c.term_hits.len();
            c.term_start.push(first as u32);
            for &tag in &occ[start[t] as usize..start[t + 1] as usize] {
                let (entry, flag) = (tag >> 2, (tag & 3) as u8);
                let fresh = c.term_hits.len() == first;
                match c.term_hits.last_mut() {
                    Some(h) if h.entry == entry && !fresh => {
                        if flag == 0 {
                            h.tf = h.tf.saturating_add(1);
                        }
                        h.flags |= flag;
                    }
                    _ => c.term_hits.push(TermHit {
                        entry,
                        tf: u16::from(flag == 0),
                        flags: flag,
                    }),
                }
            }
        }
        c.term_start.push(c.term_hits.len() as u32);

        let (start, occ) = group(c.pair_keys.len(), &self.pair_occ);
        c.pair_start = Vec::with_capacity(start.len());
        c.pair_hits = Vec::with_capacity(occ.len());
        for p in 0..start.len() - 1 {
            let first = c.pair_hits.len();
            c.pair_start.push(first as u32);
            for &entry in &occ[start[p] as usize..start[p + 1] as usize] {
                let fresh = c.pair_hits.len() == first;
                match c.pair_hits.last_mut() {
                    Some(h) if h.entry == entry && !fresh => h.tf = h.tf.saturating_add(1),
                    _ => c.pair_hits.push(PairHit { entry, tf: 1 }),
                }
            }
        }
        c.pair_start.push(c.pair_hits.len() as u32);
        self.term_occ = Vec::new();
        c
    }
}

/// Counting sort of `(key, value)` by key (keys `< n`), keeping the order of values with
/// the same key: returns the start of each key's values (`n + 1` offsets) and the values.
fn group(n: usize, occ: &[(u32, u32)]) -> (Vec<u32>, Vec<u32>) {
    let mut start = vec![0u32; n + 1];
    for &(k, _) in occ {
        start[k as usize + 1] += 1;
    }
    for i in 0..n {
        start[i + 1] += start[i];
    }
    let mut fill = start.clone();
    let mut vals = vec![0u32; occ.len()];
    for &(k, v) in occ {
        let f = &mut fill[k as usize];
        vals[*f as usize] = v;
        *f += 1;
    }
    (start, vals)
}

/// Analyze consecutive entries (chunk-local entry `i` is the `i`th of `entries`).
pub(crate) fn analyze_chunk<'a>(entries: impl IntoIterator<Item = &'a Entry>) -> Chunk {
    let mut a = Analyzer::default();
    for e in entries {
        a.entry(e);
    }
    a.finish()
}

// ------------------------------------------------------------------ merge

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
    let index = merge(chunks, entries.len(), min_pair_df);
    phases.push(("merge", t.elapsed()));
    index
}

/// Each entry's impacts for term frequencies 0 to 3 and every combination of field flags:
/// nearly every posting has a small frequency, so its impact is looked up rather than
/// computed with a division (the values are [`impact`]'s, so watch mode, which calls it
/// directly, gets the same).
struct Impacts<'a> {
    table: Vec<[u8; 16]>,
    lens: &'a [u32],
    avg_len: f64,
}

impl<'a> Impacts<'a> {
    fn new(lens: &'a [u32], avg_len: f64) -> Self {
        let table = lens
            .par_iter()
            .map(|&len| {
                let mut t = [0u8; 16];
                for (k, v) in t.iter_mut().enumerate() {
                    *v = impact((k / 4) as u16, len, avg_len, (k % 4) as u8);
                }
                t
            })
            .collect();
        Impacts {
            table,
            lens,
            avg_len,
        }
    }

    #[inline]
    fn get(&self, entry: u32, tf: u16, flags: u8) -> u8 {
        if tf < 4 {
            self.table[entry as usize][usize::from(tf) * 4 + usize::from(flags & 3)]
        } else {
            impact(tf, self.lens[entry as usize], self.avg_len, flags)
        }
    }
}

/// Where each global term (or pair) occurs: (chunk, local id) in chunk order, grouped.
struct Owners {
    start: Vec<u32>,
    /// chunk << 32 | local id
    at: Vec<u64>,
}

impl Owners {
    fn of(&self, g: usize) -> impl Iterator<Item = (usize, usize)> + '_ {
        self.at[self.start[g] as usize..self.start[g + 1] as usize]
            .iter()
            .map(|&x| ((x >> 32) as usize, (x & 0xffff_ffff) as usize))
    }
}

/// Group `(global id, chunk << 32 | local)` by global id (counting sort, stable).
fn owners(n: usize, occ: &[(u32, u64)]) -> Owners {
    let mut start = vec![0u32; n + 1];
    for &(g, _) in occ {
        start[g as usize + 1] += 1;
    }
    for i in 0..n {
        start[i + 1] += start[i];
    }
    let mut fill = start.clone();
    let mut at = vec![0u64; occ.len()];
    for &(g, x) in occ {
        let f = &mut fill[g as usize];
        at[*f as usize] = x;
        *f += 1;
    }
    Owners { start, at }
}

/// Merge analyzed chunks (in entry order) into the index of `n` entries.
pub(crate) fn merge(mut chunks: Vec<Chunk>, n: usize, min_pair_df: u32) -> Index {
    // The term postings are taken out so that they can go as soon as the index has its
    // own, before the pairs' are merged: at 30,000 documents they are about 140 MB, and
    // the merge sets the build's peak.
    let term_hits: Vec<Vec<TermHit>> = chunks
        .iter_mut()
        .map(|c| std::mem::take(&mut c.term_hits))
        .collect();
    let chunks = &chunks;
    // Global vocabulary, then the terms' ranks in key order.
    let mut global: FxHashMap<&str, u32> = FxHashMap::default();
    let mut keys: Vec<&str> = Vec::new();
    let remaps: Vec<Vec<u32>> = chunks
        .iter()
        .map(|c| {
            c.stems
                .iter()
                .map(|s| {
                    *global.entry(s.as_str()).or_insert_with(|| {
                        keys.push(s);
                        keys.len() as u32 - 1
                    })
                })
                .collect()
        })
        .collect();
    let mut order: Vec<u32> = (0..keys.len() as u32).collect();
    order.par_sort_unstable_by(|&a, &b| js_cmp(keys[a as usize], keys[b as usize]));
    let mut rank = vec![0u32; keys.len()];
    for (r, &g) in order.iter().enumerate() {
        rank[g as usize] = r as u32;
    }
    // Chunk-local term -> rank.
    let local_rank: Vec<Vec<u32>> = remaps
        .iter()
        .map(|r| r.iter().map(|&g| rank[g as usize]).collect())
        .collect();

    // Entry lengths, the average, and each entry's first id per chunk.
    let lens: Vec<u32> = chunks.iter().flat_map(|c| c.lens.iter().copied()).collect();
    let total_len: u64 = lens.iter().map(|&l| u64::from(l)).sum();
    let avg_len = quantized_avg_len(total_len, n);
    let impacts = Impacts::new(&lens, avg_len);
    let mut firsts = Vec::with_capacity(chunks.len());
    let mut next = 0u32;
    for c in chunks {
        firsts.push(next);
        next += c.lens.len() as u32;
    }

    // Term postings: each the concatenation of its chunk-local lists. Lengths are
    // counted while walking the chunks in order (reading them again per term, in key
    // order, would jump around memory).
    let mut occ: Vec<(u32, u64)> = Vec::new();
    let mut term_df = vec![0usize; keys.len()];
    for (ci, ranks) in local_rank.iter().enumerate() {
        let c = &chunks[ci];
        for (l, &r) in ranks.iter().enumerate() {
            occ.push((r, ((ci as u64) << 32) | l as u64));
            term_df[r as usize] += (c.term_start[l + 1] - c.term_start[l]) as usize;
        }
    }
    let term_owners = owners(keys.len(), &occ);
    let terms: Vec<Postings> = order
        .par_iter()
        .enumerate()
        .map(|(r, &g)| {
            let df = term_df[r];
            let mut p = Postings::new(keys[g as usize].to_owned());
            p.ids.reserve_exact(df);
            p.impacts.reserve_exact(df);
            for (c, l) in term_owners.of(r) {
                let base = firsts[c];
                let hits = &term_hits[c];
                let at = &chunks[c].term_start;
                for h in &hits[at[l] as usize..at[l + 1] as usize] {
                    let id = base + h.entry;
                    p.ids.push(id);
                    p.impacts.push(impacts.get(id, h.tf, h.flags));
                }
            }
            p
        })
        .collect();

    drop(term_hits);

    // Pairs whose two terms are each in at least `min_pair_df` entries.
    let pairable: Vec<bool> = term_df.iter().map(|&df| df as u32 >= min_pair_df).collect();
    let mut pair_df: Vec<usize> = Vec::new();
    let gap_rank = gap_ranks();
    let mut pair_ids: FxHashMap<u64, u32> = FxHashMap::default();
    let mut pair_order: Vec<u64> = Vec::new();
    occ.clear();
    for (ci, c) in chunks.iter().enumerate() {
        let ranks = &local_rank[ci];
        for p in 0..c.pair_keys.len() {
            let (a, b, gap) = c.pair(p);
            let (ra, rb) = (ranks[a as usize], ranks[b as usize]);
            if !(pairable[ra as usize] && pairable[rb as usize]) {
                continue;
            }
            let key = pair_rank(ra, gap_rank[gap as usize], rb);
            let id = *pair_ids.entry(key).or_insert_with(|| {
                pair_order.push(key);
                pair_df.push(0);
                pair_order.len() as u32 - 1
            });
            occ.push((id, ((ci as u64) << 32) | p as u64));
            pair_df[id as usize] += (c.pair_start[p + 1] - c.pair_start[p]) as usize;
        }
    }
    let pair_owners = owners(pair_order.len(), &occ);
    drop(occ);
    let mut sorted: Vec<(u64, u32)> = pair_order
        .iter()
        .enumerate()
        .map(|(i, &k)| (k, i as u32))
        .collect();
    sorted.par_sort_unstable();
    let mask = (1u64 << RANK_BITS) - 1;
    let gap_of: [u32; 256] = {
        let mut g = [0u32; 256];
        for (gap, &r) in gap_rank.iter().enumerate() {
            g[r as usize] = gap as u32;
        }
        g
    };
    let pairs: Vec<Postings> = sorted
        .par_iter()
        .map(|&(k, id)| {
            let (ra, gr, rb) = (
                (k >> (RANK_BITS + 8)) as usize,
                ((k >> RANK_BITS) & 0xff) as usize,
                (k & mask) as usize,
            );
            let df = pair_df[id as usize];
            let mut p = Postings::new(pair_key(&terms[ra].key, gap_of[gr], &terms[rb].key));
            p.ids.reserve_exact(df);
            p.impacts.reserve_exact(df);
            for (c, l) in pair_owners.of(id as usize) {
                let base = firsts[c];
                for h in chunks[c].pair_hits(l) {
                    let e = base + h.entry;
                    p.ids.push(e);
                    p.impacts.push(impacts.get(e, h.tf, 0));
                }
            }
            p
        })
        .collect();

    // Surface words, with the number of entries holding each stemmed to each term (a
    // chunk lists a surface once per language it occurs in).
    let mut surfaces: FxHashMap<&str, Vec<(u32, u32)>> = FxHashMap::default();
    for (ci, c) in chunks.iter().enumerate() {
        for (s, local, count) in &c.surfaces {
            let term = local_rank[ci][*local as usize];
            let terms = surfaces.entry(s.as_str()).or_default();
            match terms.iter_mut().find(|(t, _)| *t == term) {
                Some(e) => e.1 += count,
                None => terms.push((term, *count)),
            }
        }
    }
    let mut words: Vec<Word> = surfaces
        .into_iter()
        .map(|(s, mut terms)| {
            terms.sort_unstable();
            Word {
                surface: s.to_owned(),
                hash: super::write::key_hash(s),
                terms,
            }
        })
        .collect();
    words.par_sort_unstable_by(|a, b| js_cmp(&a.surface, &b.surface));
    Index {
        terms,
        pairs,
        words,
        avg_len,
        total_len,
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
        // Twice in the body: a bigger impact than once.
        assert!(deep.impacts[0] > postings(&idx.terms, "law").impacts[0]);
        let norm = postings(&idx.terms, "norm");
        assert_eq!(norm.ids, vec![0]);
        assert!(idx.terms.windows(2).all(|w| w[0].key < w[1].key));
        assert!(idx.terms.iter().all(|t| t.key != "the" && t.key != "of"));
    }

    #[test]
    fn chunks_merge_into_the_same_lists() {
        // More entries than a chunk holds, so postings are concatenated across chunks.
        let entries: Vec<Entry> = (0..ENTRIES_PER_CHUNK * 2 + 7)
            .map(|i| entry("T", "", &format!("common word{} rights", i % 5)))
            .collect();
        let idx = build_with(&entries, 0, &mut Vec::new());
        let common = postings(&idx.terms, "common");
        assert_eq!(common.ids, (0..entries.len() as u32).collect::<Vec<_>>());
        let w3 = postings(&idx.terms, "word3");
        assert!(w3.ids.iter().all(|&i| i % 5 == 3));
        assert_eq!(w3.ids.len(), entries.len() / 5);
        let pair = postings(&idx.pairs, "common 1 word3");
        assert_eq!(pair.ids, w3.ids);
        assert_eq!(
            idx.words
                .iter()
                .find(|w| w.surface == "rights")
                .map(|w| w.terms[0].1),
            Some(entries.len() as u32)
        );
    }

    #[test]
    fn pairs_sort_as_their_keys_do() {
        // Gap 10 sorts before gap 2 as a string; "secur" before "securiti".
        let entries = vec![entry(
            "",
            "",
            "secur a b state securiti x. A/1/2/3/4/5/6/7/8/9 y; secur state",
        )];
        let idx = build_with(&entries, 0, &mut Vec::new());
        let keys: Vec<&str> = idx.pairs.iter().map(|p| p.key.as_str()).collect();
        let mut sorted = keys.clone();
        sorted.sort_by(|a, b| js_cmp(a, b));
        assert_eq!(keys, sorted);
        assert!(keys.contains(&"a/1/2/3/4/5/6/7/8/9 10 y"), "{keys:?}");
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
        let idx = build(
            &[
                entry("", "", "Regulations and Zürich"),
                entry("", "", "regulations"),
            ],
            &mut Vec::new(),
        );
        let find = |s: &str| {
            let w = idx.words.iter().find(|w| w.surface == s).unwrap();
            let (t, n) = w.terms[0];
            (idx.terms[t as usize].key.as_str(), n)
        };
        assert_eq!(find("regulations"), ("regul", 2));
        assert_eq!(find("zurich"), ("zurich", 1));
        assert!(idx.words.iter().all(|w| w.surface != "and"));
    }

    #[test]
    fn impact_grows_with_tf_and_boosts() {
        assert!(impact(2, 100, 100.0, 0) > impact(1, 100, 100.0, 0));
        assert!(impact(1, 10, 100.0, 0) > impact(1, 1000, 100.0, 0));
        assert!(impact(0, 10, 100.0, FLAG_HEADING) > impact(0, 10, 100.0, FLAG_TITLE));
        assert_eq!(impact(0, 10, 100.0, 0), 1);
        let lens = [10, 100, 1000];
        let table = Impacts::new(&lens, 90.0);
        for (e, &len) in lens.iter().enumerate() {
            for tf in 0..6 {
                for flags in 0..4 {
                    assert_eq!(table.get(e as u32, tf, flags), impact(tf, len, 90.0, flags));
                }
            }
        }
    }

    #[test]
    fn the_average_length_moves_in_steps() {
        let a = quantized_avg_len(100_000, 1000);
        assert_eq!(a, quantized_avg_len(100_010, 1000));
        assert!((a - 100.0).abs() / 100.0 < 0.022);
        assert!(quantized_avg_len(110_000, 1000) > a);
        assert_eq!(quantized_avg_len(0, 0), 1.0);
    }
}
