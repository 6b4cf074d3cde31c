//! What watch mode reuses inside `build::produce` ([`build::Reuse`]). Takes the
//! documents' fingerprints (see [`DocPrint`]) and what the previous rebuilds computed;
//! gives the same cross-reference, theme pages and `xref.json` as a fresh build, doing
//! again only the part whose inputs changed:
//!
//! - each document's mentions, while its page print (file and catalog) is unchanged;
//! - the related documents of every document, while every document's card and theme
//!   counts are unchanged (they are scored against each other, so any change redoes all);
//! - each theme page, while its card, statistics and the card and mentions of every
//!   document mentioning the theme are unchanged;
//! - `xref.json`, pieced together from each document's serialized mentions (reused while
//!   its page print is unchanged) and the serialized document list (reused while the
//!   cards, counts and related documents are unchanged); when no piece changed, the
//!   previous bytes themselves.

use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use rayon::prelude::*;

use crate::build;
use crate::error::{Error, Result};
use crate::render::DocPrint;
use crate::xref::{self, views::TopicPage, CrossRef, DocInput, Mention, Theme};

type FxHashMap<K, V> = HashMap<K, V, rustc_hash::FxBuildHasher>;

/// Each document's related documents (document, score).
type Related = Vec<Vec<(usize, f64)>>;

/// One document's mentions (with `doc` 0) and their fingerprint.
struct DocMentions {
    mentions: Vec<Mention>,
    /// Hash of the mentions and the passages they are in.
    print: u64,
}

#[derive(Default)]
pub struct Memo {
    /// The documents' fingerprints for the rebuild under way (same order as its digest).
    pub prints: Vec<DocPrint>,
    /// The theme catalog's fingerprint for the rebuild under way.
    pub catalog: u64,
    /// Page print -> that document's mentions.
    mentions: FxHashMap<u64, DocMentions>,
    /// Each document's mention print, for the rebuild under way.
    mention_prints: Vec<u64>,
    /// Fingerprint of the mentions of every document, and their tally.
    tallied: Option<(u64, CrossRef)>,
    /// Fingerprint of what related documents are scored from, and the lists.
    related: Option<(u64, Related)>,
    /// Theme slug -> (fingerprint of its inputs, page).
    topics: FxHashMap<String, (u64, TopicPage)>,
    export: ExportMemo,
}

/// The pieces of the last `xref.json`.
#[derive(Default)]
struct ExportMemo {
    /// Page print -> that document's mentions, serialized (without brackets), and the
    /// hash of those bytes.
    mentions: FxHashMap<u64, (Vec<u8>, u64)>,
    /// Fingerprint of the documents list, its bytes (without brackets) and their hash.
    documents: Option<(u64, Vec<u8>, u64)>,
    /// Hash of all pieces, and the bytes they made.
    last: Option<(u64, Arc<Vec<u8>>)>,
}

fn hash_of(value: impl Hash) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    value.hash(&mut h);
    h.finish()
}

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

    fn cross_reference(
        &mut self,
        themes: &[Theme],
        matcher: &xref::Matcher,
        docs: &[DocInput],
    ) -> CrossRef {
        if !self.ready(docs) {
            self.mention_prints.clear();
            return xref::cross_reference(themes, matcher, docs);
        }
        let known = &self.mentions;
        let fresh: Vec<(u64, DocMentions)> = docs
            .par_iter()
            .zip(&self.prints)
            .filter(|(_, p)| !known.contains_key(&p.page))
            .map(|(doc, p)| {
                let mentions = xref::doc_mentions(matcher, 0, doc);
                let print = mention_print(doc, &mentions);
                (p.page, DocMentions { mentions, print })
            })
            .collect();
        self.mentions.extend(fresh);
        let used: HashSet<u64> = self.prints.iter().map(|p| p.page).collect();
        self.mentions.retain(|k, _| used.contains(k));
        self.mention_prints.clear();
        self.mention_prints
            .extend(self.prints.iter().map(|p| self.mentions[&p.page].print));
        // The tally depends on nothing but each document's mentions, in digest order.
        let key = hash_of((self.catalog, themes.len(), &self.mention_prints));
        let mut cross = match &self.tallied {
            Some((k, cross)) if *k == key => cross.clone(),
            _ => {
                let per_doc = self
                    .prints
                    .iter()
                    .enumerate()
                    .map(|(d, p)| {
                        let m = &self.mentions[&p.page].mentions;
                        m.iter().map(|&x| Mention { doc: d, ..x }).collect()
                    })
                    .collect();
                let cross = xref::tally(themes.len(), per_doc);
                self.tallied = Some((key, cross.clone()));
                cross
            }
        };
        // Related documents are scored from every document's slug, date and theme
        // counts (its card print covers the first two) in digest order.
        let mut h = rustc_hash::FxHasher::default();
        for (p, dt) in self.prints.iter().zip(&cross.docs) {
            (p.card, &dt.counts).hash(&mut h);
        }
        let key = h.finish();
        let related = match self.related.take() {
            Some((k, r)) if k == key => r,
            _ => xref::related_documents(&cross, docs),
        };
        for (dt, r) in cross.docs.iter_mut().zip(&related) {
            dt.related = r.clone();
        }
        self.related = Some((key, related));
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
    ) -> Result<Arc<Vec<u8>>> {
        if !self.ready(docs) {
            return build::xref_json(cross, themes, docs, commentary).map(Arc::new);
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
        if !self.ready(docs) {
            return None;
        }
        // A panel shows the catalog's themes, the document's theme counts, the card and
        // themes of each related document, and the commentary citing the document.
        let prints = (0..docs.len())
            .into_par_iter()
            .map(|d| {
                let dt = &cross.docs[d];
                let mut h = rustc_hash::FxHasher::default();
                (self.catalog, &dt.counts).hash(&mut h);
                for &(e, _) in &dt.related {
                    (self.prints[e].card, &cross.docs[e].counts).hash(&mut h);
                }
                match commentary.get(docs[d].slug).map(serde_json::to_vec) {
                    Some(Ok(json)) => json.hash(&mut h),
                    // Never reused: a fingerprint no other rebuild gives.
                    Some(Err(_)) => std::time::SystemTime::now().hash(&mut h),
                    None => {}
                }
                h.finish()
            })
            .collect();
        Some(prints)
    }
}

/// Where the skeleton of `xref.json` (everything but documents and mentions) takes the
/// two lists; serde_json writes them so and escapes quotes inside strings, so the text
/// occurs nowhere else.
const LISTS: &[u8] = br#""documents":[],"mentions":[]"#;

fn to_json<T: serde::Serialize>(value: &T) -> Result<Vec<u8>> {
    serde_json::to_vec(value)
        .map_err(|e| Error::input("xref.json", None, e.to_string(), "please report this"))
}

/// `[a,b]` -> `a,b`.
fn unbracket(mut json: Vec<u8>) -> Vec<u8> {
    json.pop();
    json.remove(0);
    json
}

/// What `xref.json` is made from.
struct Pieces<'a> {
    prints: &'a [DocPrint],
    catalog: u64,
    cross: &'a CrossRef,
    themes: &'a [Theme],
    docs: &'a [DocInput<'a>],
}

/// `xref.json` from its pieces, reusing the unchanged ones (whole, should the skeleton
/// not have the expected shape).
fn pieced_export(
    memo: &mut ExportMemo,
    at: &Pieces,
    commentary: Vec<xref::ExportCommentary>,
) -> Result<Arc<Vec<u8>>> {
    let Pieces {
        prints,
        catalog,
        cross,
        themes,
        docs,
    } = *at;
    let bare = |docs_part: Vec<xref::DocThemes>, mentions: Vec<Mention>| CrossRef {
        themes: Vec::new(),
        docs: docs_part,
        mentions,
    };
    let stats = CrossRef {
        themes: cross.themes.clone(),
        docs: Vec::new(),
        mentions: Vec::new(),
    };
    let mut outline = xref::export(&stats, themes, docs);
    outline.commentary = commentary;
    let skeleton = to_json(&outline)?;
    let mut at = skeleton
        .windows(LISTS.len())
        .enumerate()
        .filter(|(_, w)| *w == LISTS);
    let (Some((split, _)), None) = (at.next(), at.next()) else {
        let mut whole = xref::export(cross, themes, docs);
        whole.commentary = outline.commentary;
        return to_json(&whole).map(Arc::new);
    };

    // The documents list: slugs, titles, dates (cards), theme counts (slugs from the
    // catalog) and related documents.
    let mut h = rustc_hash::FxHasher::default();
    catalog.hash(&mut h);
    for (p, dt) in prints.iter().zip(&cross.docs) {
        (p.card, &dt.counts).hash(&mut h);
        for &(e, score) in &dt.related {
            (prints[e].card, score.to_bits()).hash(&mut h);
        }
    }
    let docs_key = h.finish();
    if memo
        .documents
        .as_ref()
        .is_none_or(|(k, _, _)| *k != docs_key)
    {
        let listed = bare(cross.docs.clone(), Vec::new());
        let all = xref::export(&listed, themes, docs);
        let bytes = unbracket(to_json(&all.documents)?);
        let sum = hash_of(&bytes);
        memo.documents = Some((docs_key, bytes, sum));
    }

    // Each document's mentions (contiguous in `cross.mentions`).
    let mut ranges = vec![0..0; docs.len()];
    let mut start = 0;
    for (i, m) in cross.mentions.iter().enumerate() {
        if i + 1 == cross.mentions.len() || cross.mentions[i + 1].doc != m.doc {
            ranges[m.doc] = start..i + 1;
            start = i + 1;
        }
    }
    let known = &memo.mentions;
    let fresh: Vec<(u64, (Vec<u8>, u64))> = prints
        .par_iter()
        .zip(&ranges)
        .filter(|(p, _)| !known.contains_key(&p.page))
        .map(|(p, r)| {
            let own = bare(Vec::new(), cross.mentions[r.clone()].to_vec());
            let part = xref::export(&own, themes, docs);
            let bytes = unbracket(to_json(&part.mentions)?);
            let sum = hash_of(&bytes);
            Ok((p.page, (bytes, sum)))
        })
        .collect::<Result<_>>()?;
    memo.mentions.extend(fresh);
    let used: HashSet<u64> = prints.iter().map(|p| p.page).collect();
    memo.mentions.retain(|k, _| used.contains(k));

    let Some((_, documents, docs_sum)) = &memo.documents else {
        return build::xref_json(cross, themes, docs, outline.commentary).map(Arc::new);
    };
    let pieces: Vec<&(Vec<u8>, u64)> = prints.iter().map(|p| &memo.mentions[&p.page]).collect();
    let mut h = rustc_hash::FxHasher::default();
    (&skeleton, docs_sum).hash(&mut h);
    pieces.iter().for_each(|(_, sum)| sum.hash(&mut h));
    let key = h.finish();
    if let Some((k, bytes)) = &memo.last {
        if *k == key {
            return Ok(bytes.clone());
        }
    }
    let size =
        skeleton.len() + documents.len() + pieces.iter().map(|(b, _)| b.len() + 1).sum::<usize>();
    let mut out = Vec::with_capacity(size);
    out.extend_from_slice(&skeleton[..split]);
    out.extend_from_slice(br#""documents":["#);
    out.extend_from_slice(documents);
    out.extend_from_slice(br#"],"mentions":["#);
    let mut first = true;
    for (b, _) in pieces.iter().filter(|(b, _)| !b.is_empty()) {
        if !first {
            out.push(b',');
        }
        out.extend_from_slice(b);
        first = false;
    }
    out.push(b']');
    out.extend_from_slice(&skeleton[split + LISTS.len()..]);
    let bytes = Arc::new(out);
    memo.last = Some((key, bytes.clone()));
    Ok(bytes)
}
