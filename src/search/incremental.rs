//! Watch mode's search index: kept in memory between rebuilds and patched where entries
//! changed. Takes each rebuild's entries; gives the files of the index whose bytes
//! changed (and the list of all of them), byte-identical to what [`super::write_index`]
//! writes for the same entries.
//!
//! When the entries keep their number (an edit that does not add or remove sections),
//! only the changed entries are analyzed, old and new, and the difference is applied to
//! the postings of their terms, pairs and words. Other entries' impacts do not move,
//! because the average length BM25 uses is quantized (see
//! [`super::build::quantized_avg_len`]); shards are cut and named by their keys, so only
//! the shards holding a changed key are encoded again. Anything the patch cannot do
//! exactly (entries added or removed, which renumbers the ones after them; the average
//! length crossing a step; a term crossing the phrase index's document-frequency
//! threshold, which adds or removes its pairs everywhere) rebuilds the index in memory
//! and still hands over only the files whose bytes differ.
//!
//! Files handed over are *pending* until [`Incremental::commit`] says the output has
//! them, so a rebuild that fails after this stage loses nothing.

use std::cmp::Ordering;
use std::hash::{Hash, Hasher};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use super::build::{self, impact, js_cmp, pair_key, Index, Postings, Word, MIN_PAIR_DF};
use super::deflated::Deflated;
use super::facets::{self, Group};
use super::stored::{self, Stored};
use super::write::{File, Layout, Shard, FAMILIES};
use super::Entry;
use crate::error::Result;

/// Entries for [`Incremental::update_collected`], with what is known of their changes
/// (see [`super::collect::entries_since`]).
pub struct Collected {
    pub entries: Vec<Entry>,
    pub changes: Changes,
    /// Where each document's entries are in `entries`, with its fingerprint (empty when
    /// not known).
    pub spans: Spans,
}

/// Each document's fingerprint (watch mode's page print, which covers everything its
/// entries are made from), the position of its first entry and how many it has. A
/// document with the same fingerprint at the same position as last time has the same
/// entries there; one with a fingerprint seen last time has as many.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Spans(pub Vec<(u64, usize, usize)>);

pub enum Changes {
    /// The entries at these positions (ascending) changed, and no entry was added or
    /// removed; `before` holds their previous versions, in the same order.
    Known {
        changed: Vec<usize>,
        before: Vec<Entry>,
    },
    /// Not known: the previous entries, to compare with.
    Unknown { previous: Vec<Entry> },
}

/// What an [`Incremental::update`] did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UpdateStats {
    pub entries: usize,
    /// Entries whose content changed (all of them on the first update).
    pub changed: usize,
    /// How the index was brought up to date.
    pub mode: Mode,
    /// Files whose bytes changed (or were created), and files removed.
    pub written: usize,
    pub removed: usize,
    pub elapsed: Duration,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Mode {
    #[default]
    Unchanged,
    /// Patched in place.
    Patched,
    /// Rebuilt in memory, for the given reason.
    Rebuilt(&'static str),
}

impl std::fmt::Display for UpdateStats {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let how = match self.mode {
            Mode::Unchanged => "unchanged".to_string(),
            Mode::Patched => "patched".to_string(),
            Mode::Rebuilt(why) => format!("rebuilt: {why}"),
        };
        write!(
            f,
            "{} sections, {} changed, {how}; {} files written, {} removed; update {:.0?}",
            self.entries, self.changed, self.written, self.removed, self.elapsed
        )
    }
}

/// What a shard held at the last update: enough to tell, with the keys changed since,
/// whether a shard of the same name still holds the same lists.
#[derive(Debug, Clone)]
struct ShardInfo {
    first: String,
    last: String,
    len: usize,
}

/// What the index held at the last update.
#[derive(Default)]
struct Records {
    /// Per family (terms, pairs, words): shard name -> what it held.
    shards: [FxHashMap<String, ShardInfo>; FAMILIES],
    /// The hash of each file's bytes.
    files: FxHashMap<File, u64>,
}

/// Key `i` of family `fam` of the index.
fn key(index: &Index, fam: usize, i: usize) -> &str {
    match fam {
        0 => &index.terms[i].key,
        1 => &index.pairs[i].key,
        _ => &index.words[i].surface,
    }
}

fn find(index: &Index, fam: usize, k: &str) -> Option<usize> {
    match fam {
        0 => index.terms.binary_search_by(|p| js_cmp(&p.key, k)).ok(),
        1 => index.pairs.binary_search_by(|p| js_cmp(&p.key, k)).ok(),
        _ => index.words.binary_search_by(|w| js_cmp(&w.surface, k)).ok(),
    }
}

/// What shard `s` of family `fam` holds.
fn shard_info(index: &Index, fam: usize, s: &Shard) -> ShardInfo {
    let (first, last) = if s.range.is_empty() {
        (String::new(), String::new())
    } else {
        (
            key(index, fam, s.range.start).to_owned(),
            key(index, fam, s.range.end - 1).to_owned(),
        )
    };
    ShardInfo {
        first,
        last,
        len: s.range.len(),
    }
}

/// What every shard of `layout` holds.
fn all_shards(index: &Index, layout: &Layout) -> [FxHashMap<String, ShardInfo>; FAMILIES] {
    std::array::from_fn(|fam| {
        layout
            .shards(fam)
            .iter()
            .map(|s| (s.name.clone(), shard_info(index, fam, s)))
            .collect()
    })
}

/// The names of the shards in pack `k` of family `fam`, if there is such a pack.
fn pack_names(layout: &Layout, fam: usize, k: usize) -> Option<Vec<&str>> {
    let r = layout.packs[fam].get(k)?;
    Some(
        layout.shards(fam)[r.clone()]
            .iter()
            .map(|s| s.name.as_str())
            .collect(),
    )
}

struct State {
    entries: Vec<Entry>,
    index: Index,
    layout: Layout,
    records: Records,
    /// Per family, each shard's compressed bytes by shard name: a pack is encoded again
    /// with only its changed shards compressed again.
    packed: [FxHashMap<String, Vec<u8>>; FAMILIES],
}

/// The search index of watch mode (see the module doc).
#[derive(Default)]
pub struct Incremental {
    state: Option<State>,
    /// The spans of the entries held in `state`.
    spans: Spans,
    /// Path -> latest bytes, of files changed since the last commit.
    pending: FxHashMap<String, Vec<u8>>,
}

/// Free `x` on another thread: the previous rebuild's entries are some 100,000
/// allocations at 10,000 pages, and freeing them is no part of bringing the index up to
/// date.
fn drop_later<T: Send + 'static>(x: T) {
    rayon::spawn(move || drop(x));
}

fn hash_bytes(b: &[u8]) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    b.hash(&mut h);
    h.finish()
}

/// Keys whose lists a patch changed in place (keys added or removed change their
/// shard's first key, last key or length, which is checked anyway).
#[derive(Default, Debug)]
struct Dirty {
    keys: [Vec<String>; FAMILIES],
}

impl Incremental {
    /// Bring the index up to date with `entries` (in site order), comparing them with
    /// the previous update's.
    pub fn update(&mut self, entries: Vec<Entry>) -> Result<UpdateStats> {
        let (previous, _) = self.take_entries();
        self.update_collected(Collected {
            entries,
            changes: Changes::Unknown { previous },
            spans: Spans::default(),
        })
    }

    /// The previous update's entries, handed out so that the next update's can be made
    /// from them ([`super::collect::entries_since`]); call
    /// [`Incremental::update_collected`] next.
    pub fn take_entries(&mut self) -> (Vec<Entry>, Spans) {
        let entries = self
            .state
            .as_mut()
            .map(|s| std::mem::take(&mut s.entries))
            .unwrap_or_default();
        (entries, std::mem::take(&mut self.spans))
    }

    /// Bring the index up to date with `c.entries` (in site order).
    pub fn update_collected(&mut self, c: Collected) -> Result<UpdateStats> {
        let start = Instant::now();
        let entries = c.entries;
        let spans = c.spans;
        let mut stats = UpdateStats {
            entries: entries.len(),
            ..UpdateStats::default()
        };
        let state = match (self.state.take(), c.changes) {
            (None, _) => {
                stats.changed = entries.len();
                stats.mode = Mode::Rebuilt("first build");
                self.rebuild(None, entries, None, &mut stats)?
            }
            (Some(mut old), Changes::Unknown { previous }) => {
                old.entries = previous;
                if old.entries.len() != entries.len() {
                    stats.changed = entries.len().abs_diff(old.entries.len());
                    stats.mode = Mode::Rebuilt("sections added or removed");
                    self.rebuild(Some(old), entries, None, &mut stats)?
                } else {
                    let changed: Vec<usize> = (0..entries.len())
                        .into_par_iter()
                        .filter(|&i| entries[i] != old.entries[i])
                        .collect();
                    let before = changed
                        .iter()
                        .map(|&i| std::mem::take(&mut old.entries[i]))
                        .collect();
                    drop_later(std::mem::take(&mut old.entries));
                    self.known(old, entries, changed, before, &mut stats)?
                }
            }
            (Some(old), Changes::Known { changed, before }) => {
                self.known(old, entries, changed, before, &mut stats)?
            }
        };
        self.state = Some(state);
        self.spans = spans;
        stats.elapsed = start.elapsed();
        Ok(stats)
    }

    /// Update `old` (whose entries were taken) to `entries`, of which `changed` changed
    /// from `before`.
    fn known(
        &mut self,
        mut old: State,
        entries: Vec<Entry>,
        changed: Vec<usize>,
        before: Vec<Entry>,
        stats: &mut UpdateStats,
    ) -> Result<State> {
        stats.changed = changed.len();
        if changed.is_empty() {
            old.entries = entries;
            return Ok(old);
        }
        let state = match patch(&mut old.index, &before, &entries, &changed) {
            Ok(dirty) => {
                stats.mode = Mode::Patched;
                self.refresh(old, entries, &changed, &before, &dirty, stats)?
            }
            Err(why) => {
                stats.mode = Mode::Rebuilt(why);
                self.rebuild(Some(old), entries, Some(&changed), stats)?
            }
        };
        drop_later(before);
        Ok(state)
    }

    /// Files changed since the last [`Incremental::commit`], with their bytes (paths
    /// relative to the index folder).
    pub fn pending(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.pending.iter().map(|(p, b)| (p.as_str(), b.as_slice()))
    }

    /// Every file of the index, by path relative to the index folder.
    pub fn paths(&self) -> Vec<String> {
        match &self.state {
            Some(s) => s.layout.files().map(|f| s.layout.path(f)).collect(),
            None => Vec::new(),
        }
    }

    /// The bytes of any file of the index (for an output that lacks one it should have).
    pub fn file(&self, path: &str) -> Option<Vec<u8>> {
        let s = self.state.as_ref()?;
        let f = s.layout.files().find(|&f| s.layout.path(f) == path)?;
        Some(s.layout.encode(f, &s.index, &s.entries))
    }

    /// The output now holds every pending file.
    pub fn commit(&mut self) {
        self.pending.clear();
    }

    /// Record `f`'s new bytes; hand them over if they differ from the last update's.
    fn settle(
        &mut self,
        state: &mut State,
        before: Option<u64>,
        f: File,
        bytes: Vec<u8>,
        stats: &mut UpdateStats,
    ) {
        let h = hash_bytes(&bytes);
        state.records.files.insert(f, h);
        if before != Some(h) {
            stats.written += 1;
            self.pending.insert(state.layout.path(f), bytes);
        }
    }

    /// Build the index of `entries` from scratch; hand over the files that differ from
    /// `old`'s (all of them without `old`). With `changed` (the entries kept their
    /// number), only those entries' stored rows are compressed again.
    fn rebuild(
        &mut self,
        old: Option<State>,
        entries: Vec<Entry>,
        changed: Option<&[usize]>,
        stats: &mut UpdateStats,
    ) -> Result<State> {
        let index = build::build(&entries, &mut Vec::new());
        let stored = match (&old, changed) {
            (Some(o), Some(c)) => o.layout.stored.updated(&entries, c),
            _ => Stored::new(&entries, &Deflated::default()),
        };
        let layout = Layout::new(&index, stored)?;
        let files: Vec<File> = layout.files().collect();
        let n = entries.len();
        let shard_bytes: [Vec<Vec<u8>>; FAMILIES] = std::array::from_fn(|fam| {
            (0..layout.shards(fam).len())
                .into_par_iter()
                .map(|i| layout.shard_bytes(fam, i, &index, n))
                .collect()
        });
        let encoded: Vec<(File, Vec<u8>)> = files
            .par_iter()
            .map(|&f| match f {
                File::Pack(fam, k) => (f, layout.pack_with(fam, k, |i| &shard_bytes[fam][i])),
                _ => (f, layout.encode(f, &index, &entries)),
            })
            .collect();
        let records = Records {
            shards: all_shards(&index, &layout),
            files: FxHashMap::default(),
        };
        let mut bytes = shard_bytes.into_iter();
        let packed = std::array::from_fn(|fam| {
            let names = layout.shards(fam).iter().map(|s| s.name.clone());
            names.zip(bytes.next().unwrap_or_default()).collect()
        });
        let mut state = State {
            entries,
            index,
            layout,
            records,
            packed,
        };
        for (f, bytes) in encoded {
            let before = old.as_ref().and_then(|o| o.records.files.get(&f).copied());
            self.settle(&mut state, before, f, bytes, stats);
        }
        if let Some(o) = old {
            self.forget_removed(&o.layout, &mut state, stats);
            drop_later(o);
        }
        Ok(state)
    }

    /// After a patch: encode the files that may have changed and hand over those whose
    /// bytes did.
    fn refresh(
        &mut self,
        old: State,
        entries: Vec<Entry>,
        changed: &[usize],
        before: &[Entry],
        dirty: &Dirty,
        stats: &mut UpdateStats,
    ) -> Result<State> {
        let State {
            index,
            layout: mut old_layout,
            records: old_records,
            packed: mut old_packed,
            ..
        } = old;
        // Stored rows of the entries whose shown fields changed are compressed again.
        let rows_changed: Vec<usize> = changed
            .iter()
            .zip(before)
            .filter(|&(&i, o)| {
                let n = &entries[i];
                o.url != n.url
                    || o.title != n.title
                    || o.section != n.section
                    || o.breadcrumb != n.breadcrumb
                    || o.text != n.text
                    || o.language != n.language
            })
            .map(|(&i, _)| i)
            .collect();
        let stored = old_layout.stored.take_updated(&entries, &rows_changed);
        let layout = Layout::new(&index, stored)?;
        let mut todo: Vec<File> = vec![File::Manifest, File::PairKeys];
        for g in [Group::Runs, Group::Theme, Group::Pages] {
            if changed
                .iter()
                .zip(before)
                .any(|(&i, b)| !facets::same(g, b, &entries[i]))
            {
                todo.push(File::Facets(g));
            }
        }
        let mut records = Records {
            shards: Default::default(),
            files: old_records.files.clone(),
        };
        let mut packed: [FxHashMap<String, Vec<u8>>; FAMILIES] = Default::default();
        for fam in 0..FAMILIES {
            let mut at: Vec<usize> = dirty.keys[fam]
                .iter()
                .filter_map(|k| find(&index, fam, k))
                .collect();
            at.sort_unstable();
            // Shards whose lists may have changed.
            let mut changed_shards = vec![false; layout.shards(fam).len()];
            for (i, s) in layout.shards(fam).iter().enumerate() {
                let touched = at.partition_point(|&p| p < s.range.start)
                    != at.partition_point(|&p| p < s.range.end);
                let kept = old_records.shards[fam].get(&s.name).filter(|o| {
                    !touched
                        && !s.range.is_empty()
                        && o.len == s.range.len()
                        && o.first == key(&index, fam, s.range.start)
                        && o.last == key(&index, fam, s.range.end - 1)
                });
                let info = match kept {
                    Some(o) => o.clone(),
                    None => {
                        changed_shards[i] = true;
                        shard_info(&index, fam, s)
                    }
                };
                records.shards[fam].insert(s.name.clone(), info);
                let bytes = match old_packed[fam].remove(&s.name) {
                    Some(b) if !changed_shards[i] => b,
                    _ => layout.shard_bytes(fam, i, &index, entries.len()),
                };
                packed[fam].insert(s.name.clone(), bytes);
            }
            // A pack is encoded again if it holds a changed shard or other shards than
            // the pack of the same number held.
            for (k, r) in layout.packs[fam].iter().enumerate() {
                if changed_shards[r.clone()].iter().any(|&c| c)
                    || pack_names(&layout, fam, k) != pack_names(&old_layout, fam, k)
                {
                    todo.push(File::Pack(fam, k));
                }
            }
        }
        // A stored chunk is encoded again if it holds a changed row or was cut anew.
        for (k, r) in layout.stored.chunks.iter().enumerate() {
            let touched = rows_changed.partition_point(|&p| p < r.start)
                != rows_changed.partition_point(|&p| p < r.end);
            if touched || old_layout.stored.chunks.get(k) != Some(r) {
                todo.push(File::Stored(k));
            }
        }
        // A typical edit has a few dozen small files to encode: on this thread, since
        // handing them to the thread pool made this thread wait for a busy worker on a
        // loaded machine (tens of milliseconds, for a millisecond of work).
        let encode = |&f: &File| match f {
            File::Pack(fam, k) => {
                let names = layout.shards(fam);
                (
                    f,
                    layout.pack_with(fam, k, |i| &packed[fam][&names[i].name]),
                )
            }
            _ => (f, layout.encode(f, &index, &entries)),
        };
        let encoded: Vec<(File, Vec<u8>)> = if todo.len() <= 256 {
            todo.iter().map(encode).collect()
        } else {
            todo.par_iter().map(encode).collect()
        };
        let mut state = State {
            entries,
            index,
            layout,
            records,
            packed,
        };
        let mut seen = FxHashSet::default();
        for (f, bytes) in encoded {
            if !seen.insert(f) {
                continue;
            }
            let before = old_records.files.get(&f).copied();
            self.settle(&mut state, before, f, bytes, stats);
        }
        self.forget_removed(&old_layout, &mut state, stats);
        drop_later((old_layout, old_records, old_packed));
        Ok(state)
    }

    /// Count the files the new index no longer has (the old one was laid out as `old`),
    /// and drop them from the pending ones and from the records.
    fn forget_removed(&mut self, old: &Layout, new: &mut State, stats: &mut UpdateStats) {
        let n_new = new.layout.stored.chunks.len();
        for k in n_new..old.stored.chunks.len() {
            stats.removed += 1;
            self.pending.remove(&stored::path(k));
        }
        for fam in 0..FAMILIES {
            for k in new.layout.packs[fam].len()..old.packs[fam].len() {
                stats.removed += 1;
                self.pending.remove(&super::write::pack_path(fam, k));
            }
        }
        let packs = new.layout.packs.clone();
        new.records.files.retain(|f, _| match *f {
            File::Stored(k) => k < n_new,
            File::Pack(fam, k) => k < packs[fam].len(),
            _ => true,
        });
    }
}

/// At most this many unchanged entries have their pairs redone when terms enter or leave
/// the phrase index; more, and the index is rebuilt.
const MAX_REDONE: usize = 2000;

/// Pair ops of a chunk's entries (`ids[local entry]`): removals (`avg_len` None) or new
/// impacts, for pairs whose two terms pass `pairable`.
fn pair_ops(
    c: &build::Chunk,
    ids: &[usize],
    pairable: &dyn Fn(&str) -> bool,
    avg_len: Option<f64>,
    out: &mut Vec<(String, u32, Option<u8>)>,
) {
    let ok: Vec<bool> = c.stems.iter().map(|s| pairable(s)).collect();
    for p in 0..c.pair_keys.len() {
        let (a, b, gap) = c.pair(p);
        if !(ok[a as usize] && ok[b as usize]) {
            continue;
        }
        let k = pair_key(&c.stems[a as usize], gap, &c.stems[b as usize]);
        for h in c.pair_hits(p) {
            let v = avg_len.map(|avg| impact(h.tf, c.lens[h.entry as usize], avg, 0));
            out.push((k.clone(), ids[h.entry as usize] as u32, v));
        }
    }
}

/// One change to a postings list: entry `id` now has impact `Some(v)` or is gone.
type Op<'a> = (&'a str, u32, Option<u8>);

/// What [`apply`] did to a sorted list of postings.
#[derive(Default)]
struct Applied {
    /// Keys whose lists changed.
    dirty: Vec<String>,
    /// (key, document frequency before, after) of lists whose length changed.
    df: Vec<(String, usize, usize)>,
    /// Old index -> new index (`u32::MAX` if removed), when keys were added or removed.
    remap: Option<Vec<u32>>,
}

/// Sort `ops` by key (engine order), then entry; of the ops on one (key, entry), keep
/// the one that sets an impact (an entry's new version wins over its old one).
fn settle_ops(ops: &mut Vec<Op<'_>>) {
    ops.sort_by(|a, b| {
        js_cmp(a.0, b.0)
            .then(a.1.cmp(&b.1))
            .then(a.2.is_some().cmp(&b.2.is_some()))
    });
    let mut out: Vec<Op<'_>> = Vec::with_capacity(ops.len());
    for op in ops.drain(..) {
        match out.last_mut() {
            Some(last) if last.0 == op.0 && last.1 == op.1 => *last = op,
            _ => out.push(op),
        }
    }
    *ops = out;
}

/// Apply `ops` (settled) to `list`, sorted by key.
fn apply(list: &mut Vec<Postings>, ops: &[Op<'_>]) -> Applied {
    let mut out = Applied::default();
    let mut added: Vec<Postings> = Vec::new();
    for group in ops.chunk_by(|a, b| a.0 == b.0) {
        let k = group[0].0;
        match list.binary_search_by(|p| js_cmp(&p.key, k)) {
            Ok(pos) => {
                let p = &mut list[pos];
                let before = p.ids.len();
                let mut changed = false;
                for &(_, id, op) in group {
                    match (p.ids.binary_search(&id), op) {
                        (Ok(j), Some(v)) => {
                            if p.impacts[j] != v {
                                p.impacts[j] = v;
                                changed = true;
                            }
                        }
                        (Ok(j), None) => {
                            p.ids.remove(j);
                            p.impacts.remove(j);
                            changed = true;
                        }
                        (Err(j), Some(v)) => {
                            p.ids.insert(j, id);
                            p.impacts.insert(j, v);
                            changed = true;
                        }
                        (Err(_), None) => {}
                    }
                }
                if changed {
                    out.dirty.push(k.to_owned());
                }
                if p.ids.len() != before {
                    out.df.push((k.to_owned(), before, p.ids.len()));
                }
            }
            Err(_) => {
                let mut p = Postings::new(k.to_owned());
                for &(_, id, op) in group {
                    if let Some(v) = op {
                        p.ids.push(id);
                        p.impacts.push(v);
                    }
                }
                if !p.ids.is_empty() {
                    out.df.push((k.to_owned(), 0, p.ids.len()));
                    added.push(p);
                }
            }
        }
    }
    if added.is_empty() && list.iter().all(|p| !p.ids.is_empty()) {
        return out;
    }
    // Merge the kept lists with the added ones (both in key order).
    let old = std::mem::take(list);
    let mut remap = vec![u32::MAX; old.len()];
    let mut added = added.into_iter().peekable();
    for (i, p) in old.into_iter().enumerate() {
        while let Some(a) = added.next_if(|a| js_cmp(&a.key, &p.key) == Ordering::Less) {
            list.push(a);
        }
        if !p.ids.is_empty() {
            remap[i] = list.len() as u32;
            list.push(p);
        }
    }
    list.extend(added);
    out.remap = Some(remap);
    out
}

/// Apply the change of entries `changed` (their previous versions in `old`, in the same
/// order; their new ones in `new` at those positions) to `index`, or say why that cannot
/// be done exactly. Returns the keys whose lists changed.
fn patch(
    index: &mut Index,
    old: &[Entry],
    new: &[Entry],
    changed: &[usize],
) -> std::result::Result<Dirty, &'static str> {
    let before = build::analyze_chunk(old);
    let after = build::analyze_chunk(changed.iter().map(|&i| &new[i]));
    let sum = |c: &build::Chunk| c.lens.iter().map(|&l| u64::from(l)).sum::<u64>();
    let total_len = index.total_len - sum(&before) + sum(&after);
    let avg_len = build::quantized_avg_len(total_len, new.len());
    if avg_len != index.avg_len {
        return Err("the average section length moved to another step");
    }
    index.total_len = total_len;
    let id = |local: u32| changed[local as usize] as u32;

    // Terms.
    let mut ops: Vec<Op<'_>> = Vec::new();
    for (t, stem) in before.stems.iter().enumerate() {
        ops.extend(
            before
                .term_hits(t)
                .iter()
                .map(|h| (stem.as_str(), id(h.entry), None)),
        );
    }
    for (t, stem) in after.stems.iter().enumerate() {
        ops.extend(after.term_hits(t).iter().map(|h| {
            let len = after.lens[h.entry as usize];
            (
                stem.as_str(),
                id(h.entry),
                Some(impact(h.tf, len, avg_len, h.flags)),
            )
        }));
    }
    settle_ops(&mut ops);
    let terms = apply(&mut index.terms, &ops);
    if let Some(remap) = &terms.remap {
        // A term removed (u32::MAX) has no entry left, so neither have the words that
        // stemmed to it: their counts reach zero below.
        for w in &mut index.words {
            for t in &mut w.terms {
                t.0 = remap[t.0 as usize];
            }
        }
    }

    // Pairs of terms in the phrase index (in at least MIN_PAIR_DF entries). A term that
    // enters or leaves it adds or removes its pairs in every entry that has it, so
    // those entries' pairs are redone too (there are about MIN_PAIR_DF of them).
    let df_before: FxHashMap<&str, usize> =
        terms.df.iter().map(|(k, a, _)| (k.as_str(), *a)).collect();
    let df_now = |k: &str| -> usize {
        index
            .terms
            .binary_search_by(|p| js_cmp(&p.key, k))
            .map_or(0, |i| index.terms[i].ids.len())
    };
    let crossing: Vec<&str> = terms
        .df
        .iter()
        .filter(|(_, a, b)| (*a as u32 >= MIN_PAIR_DF) != (*b as u32 >= MIN_PAIR_DF))
        .map(|(k, _, _)| k.as_str())
        .collect();
    let mut others: Vec<usize> = Vec::new();
    for k in &crossing {
        if let Ok(i) = index.terms.binary_search_by(|p| js_cmp(&p.key, k)) {
            others.extend(index.terms[i].ids.iter().map(|&id| id as usize));
        }
    }
    others.sort_unstable();
    others.dedup();
    others.retain(|i| changed.binary_search(i).is_err());
    if others.len() > MAX_REDONE {
        return Err("a common term entered or left the phrase index");
    }
    let unchanged = build::analyze_chunk(others.iter().map(|&i| &new[i]));
    let in_pairs = |df: usize| df as u32 >= MIN_PAIR_DF;
    let was_pairable = |k: &str| in_pairs(df_before.get(k).copied().unwrap_or_else(|| df_now(k)));
    let is_pairable = |k: &str| in_pairs(df_now(k));
    let mut keys: Vec<(String, u32, Option<u8>)> = Vec::new();
    // Old versions' pairs go (as the index had them), new versions' pairs come.
    pair_ops(&before, changed, &was_pairable, None, &mut keys);
    pair_ops(&after, changed, &is_pairable, Some(avg_len), &mut keys);
    pair_ops(&unchanged, &others, &was_pairable, None, &mut keys);
    pair_ops(&unchanged, &others, &is_pairable, Some(avg_len), &mut keys);
    let mut ops: Vec<Op<'_>> = keys.iter().map(|(k, i, v)| (k.as_str(), *i, *v)).collect();
    settle_ops(&mut ops);
    let pairs = apply(&mut index.pairs, &ops);

    // Words: surfaces counted, per term they stem to, by the entries that hold them.
    let mut delta: FxHashMap<(&str, &str), i64> = FxHashMap::default();
    for (c, sign) in [(&before, -1i64), (&after, 1)] {
        for (s, t, count) in &c.surfaces {
            let stem = c.stems[*t as usize].as_str();
            *delta.entry((s.as_str(), stem)).or_insert(0) += sign * i64::from(*count);
        }
    }
    let mut added: Vec<Word> = Vec::new();
    let mut words_dirty: Vec<String> = Vec::new();
    for ((s, stem), d) in delta {
        if d == 0 {
            continue;
        }
        let term = index
            .terms
            .binary_search_by(|p| js_cmp(&p.key, stem))
            .ok()
            .map(|t| t as u32);
        match (
            index.words.binary_search_by(|w| js_cmp(&w.surface, s)),
            term,
        ) {
            (Ok(i), _) => {
                let w = &mut index.words[i];
                match (w.terms.iter_mut().find(|t| Some(t.0) == term), term) {
                    (Some(t), _) => t.1 = (i64::from(t.1) + d).max(0) as u32,
                    (None, Some(t)) if d > 0 => w.terms.push((t, d as u32)),
                    (None, None) if d > 0 => {
                        return Err("a new word's term is missing (please report this)")
                    }
                    // A count going down for a term that is gone: it reaches zero.
                    (None, None) => {}
                    (None, Some(_)) => {
                        return Err("a word's count went below zero (please report this)")
                    }
                }
                words_dirty.push(s.to_owned());
            }
            (Err(_), Some(t)) if d > 0 => added.push(Word {
                surface: s.to_owned(),
                hash: super::write::key_hash(s),
                terms: vec![(t, d as u32)],
            }),
            (Err(_), None) if d > 0 => {
                return Err("a new word's term is missing (please report this)")
            }
            (Err(_), _) => return Err("a word's count went below zero (please report this)"),
        }
    }
    for w in &mut index.words {
        w.terms.retain(|&(t, n)| n > 0 && t != u32::MAX);
        w.terms.sort_unstable();
    }
    index.words.retain(|w| !w.terms.is_empty());
    if !added.is_empty() {
        index.words.extend(added);
        index.words.sort_by(|a, b| js_cmp(&a.surface, &b.surface));
    }
    // A word's row shows its terms and their document frequency.
    let df_changed: FxHashSet<&str> = terms.df.iter().map(|(k, _, _)| k.as_str()).collect();
    let mut words: Vec<String> = index
        .words
        .iter()
        .filter(|w| {
            w.terms
                .iter()
                .any(|&(t, _)| df_changed.contains(index.terms[t as usize].key.as_str()))
        })
        .map(|w| w.surface.clone())
        .collect();
    words.extend(words_dirty);
    Ok(Dirty {
        keys: [terms.dirty, pairs.dirty, words],
    })
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    /// An entry's text with `more` added (texts are shared, not grown in place).
    fn append(text: &mut crate::markdown::SectionText, more: &str) {
        *text = format!("{text}{more}").into();
    }

    /// A deterministic pseudo-random sequence (no dependency needed for a test).
    struct Lcg(u64);

    impl Lcg {
        fn next(&mut self, n: usize) -> usize {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            ((self.0 >> 33) % n as u64) as usize
        }
    }

    const WORDS: &[&str] = &[
        "security",
        "human",
        "rights",
        "cyber",
        "norms",
        "state",
        "states",
        "regulation",
        "regulate",
        "the",
        "of",
        "and",
        "internet",
        "terrorism",
        "capacity",
        "building",
        "A/65/491",
        "2030",
        "COVID-19",
        "Zürich",
        "christchurch",
        "call",
        "deepfakes",
        "technology",
        "cooperation",
        "international",
        "law",
        "rule",
        "data",
        "privacy",
        "sécurité",
        "l'état",
        "états",
        "les",
        "droits",
        "nations",
    ];

    fn text(rng: &mut Lcg, words: usize, rare: usize) -> String {
        let mut t: Vec<String> = (0..words)
            .map(|_| WORDS[rng.next(WORDS.len())].to_string())
            .collect();
        // Some rare words, so pairs with rare terms (left out) and new terms occur.
        for _ in 0..rare {
            let at = rng.next(t.len() + 1);
            t.insert(at, format!("rare{}", rng.next(400)));
        }
        t.join(" ")
    }

    fn corpus(rng: &mut Lcg, docs: usize) -> Vec<Entry> {
        let mut out = Vec::new();
        for d in 0..docs {
            let title = format!("Document {d} {}", WORDS[rng.next(WORDS.len())]);
            for s in 0..1 + rng.next(4) {
                out.push(Entry {
                    url: format!("documents/d{d}/#s{s}"),
                    title: title.clone(),
                    section: if s == 0 {
                        String::new()
                    } else {
                        format!("Part {s}")
                    },
                    breadcrumb: vec![title.clone(), format!("Part {s}")],
                    kind: ["speech", "paper", ""][d % 3].into(),
                    organisations: vec![["OSCE", "UN"][rng.next(2)].into()],
                    year: Some(2000 + (d % 7) as i32),
                    themes: (0..rng.next(3)).map(|t| format!("Theme {t}")).collect(),
                    text: {
                        let (n, rare) = (10 + rng.next(60), rng.next(3));
                        text(rng, n, rare).into()
                    },
                    // Every fourth document French: some words then stem to two terms.
                    language: if d % 4 == 1 {
                        "fr".into()
                    } else {
                        String::new()
                    },
                    ..Entry::default()
                });
            }
        }
        out
    }

    /// Every file `write_index` writes for `entries`.
    fn full(entries: &[Entry]) -> BTreeMap<String, Vec<u8>> {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("search");
        super::super::write_index(entries, &out).unwrap();
        walkdir::WalkDir::new(&out)
            .into_iter()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e
                    .path()
                    .strip_prefix(&out)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                (rel, std::fs::read(e.path()).unwrap())
            })
            .collect()
    }

    /// The shards of a pack file, inflated and joined.
    fn unpack(pack: &[u8]) -> String {
        use std::io::Read as _;
        let at = |j: usize| u32::from_le_bytes(pack[4 * j..4 * j + 4].try_into().unwrap()) as usize;
        let n = at(0) / 4 - 1;
        let mut out = String::new();
        for j in 0..n {
            flate2::read::ZlibDecoder::new(&pack[at(j)..at(j + 1)])
                .read_to_string(&mut out)
                .unwrap();
        }
        out
    }

    /// Apply what the memo hands over to `disk`, as watch mode does.
    fn sync(memo: &mut Incremental, disk: &mut BTreeMap<String, Vec<u8>>) {
        for (p, b) in memo.pending() {
            disk.insert(p.to_owned(), b.to_vec());
        }
        let now: FxHashSet<String> = memo.paths().into_iter().collect();
        disk.retain(|p, _| now.contains(p));
        memo.commit();
    }

    #[test]
    fn patched_updates_equal_a_full_build() {
        let mut rng = Lcg(7);
        let mut entries = corpus(&mut rng, 150);
        let mut memo = Incremental::default();
        let mut disk = BTreeMap::new();
        let first = memo.update(entries.clone()).unwrap();
        assert_eq!(first.mode, Mode::Rebuilt("first build"));
        sync(&mut memo, &mut disk);
        assert_eq!(disk, full(&entries), "first build");
        let mut patched = 0;
        for step in 0..40 {
            // Edit the sections of one document: text, heading, facets.
            let d = rng.next(150);
            let prefix = format!("documents/d{d}/#");
            for e in entries.iter_mut().filter(|e| e.url.starts_with(&prefix)) {
                match rng.next(6) {
                    0 => append(&mut e.text, &format!(" {}", text(&mut rng, 3, 1))),
                    1 => {
                        let (n, rare) = (5 + rng.next(40), rng.next(2));
                        e.text = text(&mut rng, n, rare).into();
                    }
                    2 => e.section = format!("Security part {}", rng.next(9)),
                    3 => e.themes = vec![format!("Theme {}", rng.next(5))],
                    4 => e.organisations.push("GIFCT".into()),
                    _ => e.language = if e.language.is_empty() { "fr" } else { "" }.into(),
                }
            }
            let stats = memo.update(entries.clone()).unwrap();
            let chunks = memo
                .pending()
                .filter(|(p, _)| p.starts_with("stored/"))
                .count();
            sync(&mut memo, &mut disk);
            let want = full(&entries);
            let differ: Vec<&String> = want
                .keys()
                .chain(disk.keys())
                .filter(|p| disk.get(*p) != want.get(*p))
                .collect();
            assert!(differ.is_empty(), "step {step}: {stats}: {differ:?}");
            if stats.mode == Mode::Patched {
                patched += 1;
                // One document's rows: its chunk, or two if a cut moved.
                assert!(chunks <= 2, "step {step}: {chunks} stored chunks written");
            }
        }
        assert!(patched >= 30, "only {patched} of 40 edits were patched");
    }

    #[test]
    fn terms_entering_or_leaving_the_phrase_index_are_patched() {
        let mut rng = Lcg(3);
        let mut entries = corpus(&mut rng, 80);
        let n = MIN_PAIR_DF as usize;
        // "wombat" one entry short of the phrase index, each time before "security".
        for e in entries.iter_mut().take(n - 1) {
            append(&mut e.text, " wombat security");
        }
        let mut memo = Incremental::default();
        let mut disk = BTreeMap::new();
        memo.update(entries.clone()).unwrap();
        sync(&mut memo, &mut disk);
        for (step, add) in [(0, true), (1, false), (2, true)] {
            let e = &mut entries[40];
            if add {
                append(&mut e.text, " wombat security");
            } else {
                e.text = e.text.replace(" wombat security", "").into();
            }
            let stats = memo.update(entries.clone()).unwrap();
            assert_eq!(stats.mode, Mode::Patched, "step {step}");
            sync(&mut memo, &mut disk);
            let want = full(&entries);
            assert_eq!(disk, want, "step {step}");
            let has_pair = want
                .iter()
                .any(|(p, b)| p.starts_with("pairs/") && unpack(b).contains("\"wombat 1 secur\""));
            assert_eq!(has_pair, add, "step {step}");
        }
    }

    #[test]
    fn sections_added_or_removed_and_failed_rebuilds() {
        let mut rng = Lcg(11);
        let mut entries = corpus(&mut rng, 60);
        let mut memo = Incremental::default();
        let mut disk = BTreeMap::new();
        memo.update(entries.clone()).unwrap();
        sync(&mut memo, &mut disk);
        // A new section in the middle renumbers the entries after it.
        let mut extra = entries[10].clone();
        extra.url.push_str("-new");
        extra.text = "quokka security".into();
        entries.insert(11, extra);
        let stats = memo.update(entries.clone()).unwrap();
        assert_eq!(stats.mode, Mode::Rebuilt("sections added or removed"));
        sync(&mut memo, &mut disk);
        assert_eq!(disk, full(&entries));
        // An update whose files never reach the output (the rebuild failed later), then
        // another: the second still hands over the first one's changes.
        append(&mut entries[3].text, " wombat");
        memo.update(entries.clone()).unwrap();
        append(&mut entries[40].text, " numbat");
        memo.update(entries.clone()).unwrap();
        sync(&mut memo, &mut disk);
        assert_eq!(disk, full(&entries));
        // Nothing changed: nothing to write.
        let same = memo.update(entries.clone()).unwrap();
        assert_eq!((same.mode, same.written), (Mode::Unchanged, 0));
        entries.truncate(30);
        memo.update(entries.clone()).unwrap();
        sync(&mut memo, &mut disk);
        assert_eq!(disk, full(&entries));
        assert_eq!(
            memo.file("manifest.json"),
            disk.get("manifest.json").cloned()
        );
    }
}
