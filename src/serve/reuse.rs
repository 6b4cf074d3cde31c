//! What watch mode reuses inside `build::produce` ([`build::Reuse`]). Takes the
//! documents' fingerprints (see [`DocPrint`]) and what the previous rebuilds computed;
//! gives the same cross-reference, theme pages and `xref.json` as a fresh build, doing
//! again only the part whose inputs changed:
//!
//! - each document's mentions' fingerprint, while its page print (file and catalog) is
//!   unchanged (the mentions come with the rendered body, found as it rendered), and the
//!   tally of all mentions while no fingerprint changed;
//! - each document's related documents, while its card and theme counts and those of its
//!   candidates are unchanged, and every document mentions the same themes as before
//!   (which themes decide the candidates and each theme's weight, so a change there
//!   redoes all);
//! - each theme page, while its card, statistics and the card and mentions of every
//!   document mentioning the theme are unchanged;
//! - `xref.json`, kept as pieces: each document's entry in the document list (reused
//!   while its card, theme counts and related documents are unchanged) and its mentions
//!   (reused while its page print is unchanged), serialized; its fingerprint is that of
//!   the pieces, and it is put together only as it is written (`build::LateFile`);
//!   its compressed list files while their lines are unchanged;
//! - `dossier.lock`, parsed, while the file's bytes are unchanged (watch mode never
//!   writes it, and does not record the anchors a build would), and each document's
//!   aliases from it while its page print is unchanged;
//! - the digest's reference-manager files (`documents.bib`, ...) while the references
//!   they list are unchanged.

use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use rayon::prelude::*;

use crate::build;
use crate::error::{Error, Result};
use crate::render::{fx_hash, DocPrint};
use crate::xref::{self, views::TopicPage, CrossRef, DocInput, Mention, Theme};

type FxHashMap<K, V> = HashMap<K, V, rustc_hash::FxBuildHasher>;

/// A generated file: its path under the output folder and its bytes (shared with the
/// output, not copied).
type SiteFile = (String, Arc<Vec<u8>>);

/// Each document's related documents (document, score).
type Related = Vec<Vec<(usize, f64)>>;

#[derive(Default)]
pub struct Memo {
    /// The documents' fingerprints for the rebuild under way (same order as its digest).
    pub prints: Vec<DocPrint>,
    /// The theme catalog's fingerprint for the rebuild under way.
    pub catalog: u64,
    /// Page print -> the fingerprint of that document's mentions (the mentions themselves
    /// come with its rendered body).
    mentions: FxHashMap<u64, u64>,
    /// Each document's mention print, for the rebuild under way.
    mention_prints: Vec<u64>,
    /// Fingerprint of the mentions of every document, and their tally.
    tallied: Option<(u64, CrossRef)>,
    related: Option<RelatedMemo>,
    /// Theme slug -> (fingerprint of its inputs, page).
    topics: FxHashMap<String, (u64, TopicPage)>,
    export: ExportMemo,
    /// The lock last read, with a hash of its file's bytes.
    lock: Option<(u128, Arc<crate::cite::Lock>)>,
    /// Page print -> that document's aliases, from the lock last read.
    aliases: FxHashMap<u64, crate::cite::Aliases>,
    /// The digest's reference-manager files, with a hash of the references they list.
    digest_files: Option<(u64, Vec<SiteFile>)>,
}

/// The pieces of the last `xref.json`, serialized (without brackets), each with the
/// hash of its bytes.
#[derive(Default)]
struct ExportMemo {
    /// Page print -> that document's mentions.
    mentions: FxHashMap<u64, Piece>,
    /// Fingerprint of a document's entry in the documents list (see [`entry_print`]) ->
    /// that entry.
    documents: FxHashMap<u64, Piece>,
    /// The compressed list files, by what they hold.
    lists: xref::ListCache,
}

/// Serialized JSON and the hash of its bytes.
type Piece = (Arc<Vec<u8>>, u64);

/// The fingerprint of a document's mentions and of the passages they are in (what theme
/// pages show of the document besides its card).
fn mention_print(doc: &DocInput, mentions: &[Mention]) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    let mut last = None;
    for m in mentions {
        (m.theme, m.passage, m.start, m.end).hash(&mut h);
        if last != Some(m.passage) {
            let p = &doc.passages[m.passage];
            (
                &p.anchor,
                &p.section,
                &p.heading_path,
                &p.text,
                p.source_line,
            )
                .hash(&mut h);
            last = Some(m.passage);
        }
    }
    h.finish()
}

/// The related documents of the last rebuild and what they were scored from.
struct RelatedMemo {
    /// Fingerprint of which themes each document mentions, in digest order: what each
    /// document's candidates and each theme's rarity depend on.
    shape: u64,
    /// Each document's fingerprint: its slug, date (card print) and theme counts.
    docs: Vec<u64>,
    /// Each document's candidates ([`xref::RelatedScorer::candidates`]).
    candidates: Vec<Vec<u32>>,
    lists: Related,
}

impl RelatedMemo {
    /// The related documents of every document. While the shape is unchanged, a
    /// document's list depends only on its own fingerprint and its candidates', so only
    /// the documents that changed or have a changed candidate are scored again.
    fn update(
        last: Option<RelatedMemo>,
        prints: &[DocPrint],
        cross: &CrossRef,
        docs: &[DocInput],
    ) -> RelatedMemo {
        let mut h = rustc_hash::FxHasher::default();
        docs.len().hash(&mut h);
        for dt in &cross.docs {
            let mut themes: Vec<usize> = dt.counts.iter().map(|&(t, _)| t).collect();
            themes.sort_unstable();
            themes.hash(&mut h);
        }
        let shape = h.finish();
        let keys: Vec<u64> = prints
            .iter()
            .zip(&cross.docs)
            .map(|(p, dt)| fx_hash((p.card, &dt.counts)))
            .collect();
        match last {
            Some(mut memo) if memo.shape == shape && memo.docs.len() == keys.len() => {
                let changed: Vec<bool> = keys.iter().zip(&memo.docs).map(|(a, b)| a != b).collect();
                if changed.contains(&true) {
                    let scorer = xref::RelatedScorer::new(cross, docs);
                    let candidates = &memo.candidates;
                    let fresh: Vec<(usize, Vec<(usize, f64)>)> = (0..keys.len())
                        .into_par_iter()
                        .filter(|&d| {
                            changed[d] || candidates[d].iter().any(|&e| changed[e as usize])
                        })
                        .map(|d| (d, scorer.related(d, &candidates[d])))
                        .collect();
                    for (d, list) in fresh {
                        memo.lists[d] = list;
                    }
                }
                memo.docs = keys;
                memo
            }
            _ => {
                let scorer = xref::RelatedScorer::new(cross, docs);
                let candidates: Vec<Vec<u32>> = (0..docs.len())
                    .into_par_iter()
                    .map(|d| scorer.candidates(d))
                    .collect();
                let lists = candidates
                    .par_iter()
                    .enumerate()
                    .map(|(d, c)| scorer.related(d, c))
                    .collect();
                RelatedMemo {
                    shape,
                    docs: keys,
                    candidates,
                    lists,
                }
            }
        }
    }
}

impl Memo {
    /// Forget everything.
    pub fn forget(&mut self) {
        *self = Memo::default();
    }

    /// Whether the prints are those of `docs` (they are set before every rebuild; when
    /// not, everything is computed afresh).
    fn ready(&self, docs: &[DocInput]) -> bool {
        self.prints.len() == docs.len()
    }
}

impl build::Reuse for Memo {
    fn prints(&self) -> Option<&[DocPrint]> {
        Some(&self.prints)
    }

    fn cross_reference(&mut self, themes: &[Theme], docs: &[DocInput]) -> CrossRef {
        if !self.ready(docs) {
            self.mention_prints.clear();
            return xref::cross_reference(themes, docs);
        }
        let known = &self.mentions;
        let fresh: Vec<(u64, u64)> = docs
            .par_iter()
            .zip(&self.prints)
            .filter(|(_, p)| !known.contains_key(&p.page))
            .map(|(doc, p)| (p.page, mention_print(doc, &xref::doc_mentions(0, doc))))
            .collect();
        self.mentions.extend(fresh);
        let used: HashSet<u64> = self.prints.iter().map(|p| p.page).collect();
        self.mentions.retain(|k, _| used.contains(k));
        self.mention_prints.clear();
        self.mention_prints
            .extend(self.prints.iter().map(|p| self.mentions[&p.page]));
        // The tally depends on nothing but each document's mentions, in digest order.
        let key = fx_hash((self.catalog, themes.len(), &self.mention_prints));
        let mut cross = match &self.tallied {
            Some((k, cross)) if *k == key => cross.clone(),
            _ => {
                let per_doc: Vec<Vec<Mention>> =
                    docs.iter().map(|doc| xref::doc_mentions(0, doc)).collect();
                let slices: Vec<&[Mention]> = per_doc.iter().map(Vec::as_slice).collect();
                let cross = xref::tally(themes.len(), &slices);
                self.tallied = Some((key, cross.clone()));
                cross
            }
        };
        let memo = RelatedMemo::update(self.related.take(), &self.prints, &cross, docs);
        for (dt, r) in cross.docs.iter_mut().zip(&memo.lists) {
            dt.related = r.clone();
        }
        self.related = Some(memo);
        cross
    }

    fn topic_pages(
        &mut self,
        themes: &[Theme],
        cross: &CrossRef,
        docs: &[DocInput],
    ) -> Vec<TopicPage> {
        if !self.ready(docs) || self.mention_prints.len() != docs.len() {
            return xref::views::topic_pages(themes, cross, docs);
        }
        // A theme page shows the theme (catalog), its statistics, the cards of the
        // documents mentioning it and their mentions, and the other themes' counts.
        let counts: Vec<usize> = cross.themes.iter().map(|s| s.documents.len()).collect();
        let keys: Vec<u64> = cross
            .themes
            .iter()
            .enumerate()
            .map(|(t, s)| {
                let mut h = rustc_hash::FxHasher::default();
                (self.catalog, t, s.mentions, &s.co_themes, &counts).hash(&mut h);
                for &(d, n) in &s.documents {
                    (d, n, self.prints[d].card, self.mention_prints[d]).hash(&mut h);
                }
                h.finish()
            })
            .collect();
        let missing: Vec<usize> = themes
            .iter()
            .zip(&keys)
            .enumerate()
            .filter(|(_, (t, k))| self.topics.get(&t.slug).is_none_or(|(old, _)| old != *k))
            .map(|(i, _)| i)
            .collect();
        if !missing.is_empty() {
            let pages = xref::views::topic_pages_of(themes, cross, docs, &missing);
            for (i, page) in missing.into_iter().zip(pages) {
                self.topics.insert(themes[i].slug.clone(), (keys[i], page));
            }
        }
        let slugs: HashSet<&str> = themes.iter().map(|t| t.slug.as_str()).collect();
        self.topics.retain(|s, _| slugs.contains(s.as_str()));
        themes
            .iter()
            .map(|t| self.topics[&t.slug].1.clone())
            .collect()
    }

    fn xref_json(
        &mut self,
        cross: &CrossRef,
        themes: &[Theme],
        docs: &[DocInput],
        commentary: Vec<xref::ExportCommentary>,
    ) -> Result<Vec<build::LateFile>> {
        if !self.ready(docs) {
            let files = build::xref_files(cross, themes, docs, &commentary)?;
            return Ok(files
                .into_iter()
                .map(|(p, b)| build::LateFile::bytes(&p, b))
                .collect());
        }
        let at = Pieces {
            prints: &self.prints,
            catalog: self.catalog,
            cross,
            themes,
            docs,
        };
        pieced_export(&mut self.export, &at, commentary)
    }

    fn panel_prints(
        &mut self,
        cross: &CrossRef,
        docs: &[DocInput],
        commentary: &HashMap<String, Vec<crate::commentary::CitedItem>>,
    ) -> Option<Vec<u64>> {
        self.ready(docs)
            .then(|| build::panel_prints(self.catalog, &self.prints, cross, docs, commentary))
    }

    fn records_anchors(&self) -> bool {
        false
    }

    fn lock(&mut self, root: &std::path::Path) -> Result<Arc<crate::cite::Lock>> {
        let bytes = crate::cite::Lock::read(root)?;
        let hash = xxhash_rust::xxh3::xxh3_128(&bytes);
        if let Some((known, lock)) = &self.lock {
            if *known == hash {
                return Ok(lock.clone());
            }
        }
        let lock = Arc::new(crate::cite::Lock::parse(root, &bytes)?);
        self.lock = Some((hash, lock.clone()));
        // Aliases come from the lock: those of the lock before are no longer right.
        self.aliases.clear();
        Ok(lock)
    }

    fn digest_files(&mut self, refs: &[crate::cite::Reference]) -> Result<Vec<SiteFile>> {
        let key = fx_hash(refs);
        if let Some((known, files)) = &self.digest_files {
            if *known == key {
                return Ok(files.clone());
            }
        }
        let files: Vec<SiteFile> = crate::cite::digest_files(refs)?
            .into_iter()
            .map(|(path, bytes)| (path, Arc::new(bytes)))
            .collect();
        self.digest_files = Some((key, files.clone()));
        Ok(files)
    }

    fn aliases(
        &mut self,
        lock: &crate::cite::Lock,
        docs: &[crate::content::Document],
        rendered: &[crate::markdown::Rendered],
    ) -> Vec<crate::cite::Aliases> {
        let lock_is_known = self
            .lock
            .as_ref()
            .is_some_and(|(_, known)| std::ptr::eq(&**known, lock));
        if !lock_is_known || self.prints.len() != docs.len() {
            self.aliases.clear();
            return crate::cite::aliases(lock, docs, rendered);
        }
        // A document's aliases depend on its entry in the lock and its rendered body,
        // which its page print (its file, slug included) covers.
        let known = &self.aliases;
        let fresh: Vec<(u64, crate::cite::Aliases)> = (0..docs.len())
            .into_par_iter()
            .filter(|&d| !known.contains_key(&self.prints[d].page))
            .map(|d| {
                let locked = lock.documents.get(&docs[d].slug);
                (
                    self.prints[d].page,
                    crate::cite::doc_aliases(locked, &rendered[d]),
                )
            })
            .collect();
        self.aliases.extend(fresh);
        let used: HashSet<u64> = self.prints.iter().map(|p| p.page).collect();
        self.aliases.retain(|k, _| used.contains(k));
        self.prints
            .iter()
            .map(|p| self.aliases[&p.page].clone())
            .collect()
    }
}

fn to_json_err(e: serde_json::Error) -> Error {
    Error::input("xref.json", None, e.to_string(), "please report this")
}

/// What `xref.json` is made from.
struct Pieces<'a> {
    prints: &'a [DocPrint],
    catalog: u64,
    cross: &'a CrossRef,
    themes: &'a [Theme],
    docs: &'a [DocInput<'a>],
}

/// The cross-reference export from its pieces, serializing only the pieces not already
/// known: each document's line and its mentions' lines. The files are then put together
/// by [`xref::export_files`], as `dossier build` does, so both give the same bytes.
fn pieced_export(
    memo: &mut ExportMemo,
    at: &Pieces,
    commentary: Vec<xref::ExportCommentary>,
) -> Result<Vec<build::LateFile>> {
    let Pieces {
        prints,
        catalog,
        cross,
        themes,
        docs,
    } = *at;

    // The documents list: each entry shows the document's card, its theme counts (slugs
    // from the catalog) and its related documents (their cards, the scores).
    let entry_prints: Vec<u64> = (0..docs.len())
        .into_par_iter()
        .map(|d| {
            let mut h = rustc_hash::FxHasher::default();
            (catalog, prints[d].card, &cross.docs[d].counts).hash(&mut h);
            for &(e, score) in &cross.docs[d].related {
                (prints[e].card, score.to_bits()).hash(&mut h);
            }
            h.finish()
        })
        .collect();
    let known = &memo.documents;
    let fresh: Vec<(u64, Piece)> = entry_prints
        .par_iter()
        .enumerate()
        .filter(|(_, p)| !known.contains_key(*p))
        .map(|(d, p)| {
            Ok((
                *p,
                piece(xref::export_doc_line(cross, themes, docs, d).map_err(to_json_err)?),
            ))
        })
        .collect::<Result<_>>()?;
    memo.documents.extend(fresh);
    let used: HashSet<u64> = entry_prints.iter().copied().collect();
    memo.documents.retain(|k, _| used.contains(k));

    // Each document's mentions (contiguous in `cross.mentions`).
    let ranges = xref::mention_ranges(cross, docs.len());
    let known = &memo.mentions;
    let fresh: Vec<(u64, Piece)> = prints
        .par_iter()
        .zip(&ranges)
        .filter(|(p, _)| !known.contains_key(&p.page))
        .map(|(p, r)| {
            let lines =
                xref::export_mention_lines(cross, themes, docs, r.clone()).map_err(to_json_err)?;
            Ok((p.page, piece(lines)))
        })
        .collect::<Result<_>>()?;
    memo.mentions.extend(fresh);
    let used: HashSet<u64> = prints.iter().map(|p| p.page).collect();
    memo.mentions.retain(|k, _| used.contains(k));

    let entries: Vec<&[u8]> = entry_prints
        .iter()
        .map(|p| memo.documents[p].0.as_slice())
        .collect();
    let mentions: Vec<&[u8]> = prints
        .iter()
        .map(|p| memo.mentions[&p.page].0.as_slice())
        .collect();
    let files = xref::export_files(
        &xref::export_themes(cross, themes),
        &commentary,
        &entries,
        &mentions,
        cross.mentions.len(),
        Some(&mut memo.lists),
    )
    .map_err(to_json_err)?;
    Ok(files
        .into_iter()
        .map(|(p, b)| build::LateFile::bytes(&p, b))
        .collect())
}

fn piece(bytes: Vec<u8>) -> Piece {
    let sum = fx_hash(&bytes);
    (Arc::new(bytes), sum)
}
