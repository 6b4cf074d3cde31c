//! Cross-reference: finds every mention of every recurring theme across the digest.
//! Takes the theme catalog and each document's passages (from [`crate::markdown`]);
//! gives [`CrossRef`]: mentions (document, passage anchor, heading path, excerpt),
//! per-document theme counts, related documents, the themes each theme is discussed with,
//! and the versioned `xref.json` export.

pub mod catalog;
pub mod matcher;
pub mod suggest;
pub mod views;

use rayon::prelude::*;
use serde::Serialize;

use crate::content::PartialDate;
use crate::markdown::{Annotator, Passage};

pub use catalog::{load_catalog, Theme};
pub use matcher::{Hit, Matcher};

type HashSet<T> = std::collections::HashSet<T, rustc_hash::FxBuildHasher>;

/// What the cross-reference needs to know of a document.
pub struct DocInput<'a> {
    pub slug: &'a str,
    pub title: &'a str,
    pub date: Option<PartialDate>,
    pub passages: &'a [Passage],
    /// The theme mentions found in `passages` as the body rendered (see [`ThemeLinker`]).
    pub mentions: &'a [crate::markdown::Found],
}

/// The cross-reference's view of documents and their rendered bodies (same order).
pub fn doc_inputs<'a>(
    docs: &'a [crate::content::Document],
    rendered: &'a [crate::markdown::Rendered],
) -> Vec<DocInput<'a>> {
    docs.iter()
        .zip(rendered)
        .map(|(d, r)| DocInput {
            slug: &d.slug,
            title: &d.meta.title,
            date: d.meta.date,
            passages: &r.passages,
            mentions: &r.mentions,
        })
        .collect()
}

/// A mention of a theme: which passage of which document, and where in its text. Kept
/// small (no copies of text): anchors, heading paths and excerpts are read from the
/// document's passages when a page or the export needs them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Mention {
    pub theme: usize,
    pub doc: usize,
    /// Index into the document's passages.
    pub passage: usize,
    /// Byte range of the mention in the passage's text.
    pub start: usize,
    pub end: usize,
}

impl Mention {
    pub fn passage<'a>(&self, docs: &'a [DocInput<'a>]) -> &'a Passage {
        &docs[self.doc].passages[self.passage]
    }

    pub fn excerpt(&self, docs: &[DocInput], words: usize) -> Excerpt {
        excerpt(&self.passage(docs).text, self.start..self.end, words)
    }
}

/// About a dozen words either side of a mention; `text` is the mention itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Excerpt {
    pub before: String,
    pub text: String,
    pub after: String,
}

#[derive(Debug, Clone, Default)]
pub struct ThemeStats {
    pub mentions: usize,
    /// Documents mentioning the theme, with their counts, in digest order.
    pub documents: Vec<(usize, usize)>,
    /// Themes mentioned in the same passages, most often first: (theme, passages).
    pub co_themes: Vec<(usize, usize)>,
}

#[derive(Debug, Clone, Default)]
pub struct DocThemes {
    /// (theme, mentions), most mentioned first.
    pub counts: Vec<(usize, usize)>,
    /// Related documents, best first: (doc, score).
    pub related: Vec<(usize, f64)>,
}

#[derive(Debug, Default, Clone)]
pub struct CrossRef {
    pub themes: Vec<ThemeStats>,
    pub docs: Vec<DocThemes>,
    /// Every mention, by document then position.
    pub mentions: Vec<Mention>,
}

/// How many related documents each document lists.
pub const RELATED: usize = 5;
/// How many candidate documents are scored for each document's related list.
const CANDIDATES: usize = 200;

pub fn cross_reference(themes: &[Theme], docs: &[DocInput]) -> CrossRef {
    let per_doc: Vec<Vec<Mention>> = docs
        .iter()
        .enumerate()
        .map(|(d, doc)| doc_mentions(d, doc))
        .collect();
    let slices: Vec<&[Mention]> = per_doc.iter().map(Vec::as_slice).collect();
    let mut xref = tally(themes.len(), &slices);
    let related = related_documents(&xref, docs);
    for (d, r) in related.into_iter().enumerate() {
        xref.docs[d].related = r;
    }
    xref
}

/// The cross-reference of each document's mentions (from [`doc_mentions`], in digest
/// order; each one's `doc` is set to its place here) without the related documents
/// ([`related_documents`] adds them). Watch mode calls the three steps itself to reuse
/// the mentions of unchanged documents.
pub fn tally(themes: usize, per_doc: &[&[Mention]]) -> CrossRef {
    let mut xref = CrossRef {
        themes: vec![ThemeStats::default(); themes],
        docs: vec![DocThemes::default(); per_doc.len()],
        mentions: Vec::with_capacity(per_doc.iter().map(|m| m.len()).sum()),
    };
    // Indexed by theme (a catalog has tens of themes): no hashing per mention.
    let mut co = vec![0usize; themes * themes];
    let mut counts = vec![0usize; themes];
    let mut in_passage: Vec<usize> = Vec::new();
    for (d, ms) in per_doc.iter().enumerate() {
        let mut touched: Vec<usize> = Vec::new();
        // Mentions come passage by passage (as `doc_mentions` finds them): the themes
        // of a passage are counted together when the next passage begins.
        let mut passage = None;
        for &m in ms.iter() {
            if passage != Some(m.passage) {
                count_pairs(&mut co, themes, &in_passage);
                in_passage.clear();
                passage = Some(m.passage);
            }
            if counts[m.theme] == 0 {
                touched.push(m.theme);
            }
            counts[m.theme] += 1;
            if !in_passage.contains(&m.theme) {
                in_passage.push(m.theme);
            }
            xref.mentions.push(Mention { doc: d, ..m });
        }
        count_pairs(&mut co, themes, &in_passage);
        in_passage.clear();
        let mut doc_counts: Vec<(usize, usize)> = touched
            .into_iter()
            .map(|t| (t, std::mem::take(&mut counts[t])))
            .collect();
        doc_counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        for &(t, n) in &doc_counts {
            xref.themes[t].mentions += n;
            xref.themes[t].documents.push((d, n));
        }
        xref.docs[d].counts = doc_counts;
    }
    for (a, stats) in xref.themes.iter_mut().enumerate() {
        stats.co_themes = (0..themes)
            .map(|b| (b, co[a * themes + b]))
            .filter(|&(_, n)| n > 0)
            .collect();
        stats
            .co_themes
            .sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
    }
    xref
}

/// Count each ordered pair of the themes met in one passage.
fn count_pairs(co: &mut [usize], themes: usize, in_passage: &[usize]) {
    for &a in in_passage {
        for &b in in_passage {
            if a != b {
                co[a * themes + b] += 1;
            }
        }
    }
}

/// Mentions in one document (the `d`-th of the digest), as its body's rendering found
/// them (theme mentions are matched once, in the Markdown pass).
pub fn doc_mentions(d: usize, doc: &DocInput) -> Vec<Mention> {
    doc.mentions
        .iter()
        .map(|m| Mention {
            theme: m.key,
            doc: d,
            passage: m.passage,
            start: m.start,
            end: m.end,
        })
        .collect()
}

/// The mention and up to `words` words either side, cut at word boundaries.
pub fn excerpt(text: &str, range: std::ops::Range<usize>, words: usize) -> Excerpt {
    let before_all = &text[..range.start];
    let after_all = &text[range.end..];
    // Walk out from the mention only as far as needed (passages can be long).
    let mut start = before_all.len();
    let mut seen = 0;
    let mut cut_before = false;
    let mut in_word = false;
    for (i, c) in before_all.char_indices().rev() {
        if c.is_whitespace() {
            if in_word {
                seen += 1;
                in_word = false;
                if seen == words {
                    cut_before = before_all[..i].chars().any(|c| !c.is_whitespace());
                    break;
                }
            }
        } else {
            in_word = true;
        }
        start = i;
    }
    let mut before: String = before_all[start..]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if cut_before {
        before.insert_str(0, "… ");
    }
    if before_all.ends_with(char::is_whitespace) && !before.is_empty() {
        before.push(' ');
    }
    let mut after_words = after_all.split_whitespace();
    let mut after: String = after_words
        .by_ref()
        .take(words)
        .collect::<Vec<_>>()
        .join(" ");
    if after_all.starts_with(char::is_whitespace) && !after.is_empty() {
        after.insert(0, ' ');
    }
    if after_words.next().is_some() {
        after.push_str(" …");
    }
    Excerpt {
        before,
        text: text[range].to_string(),
        after,
    }
}

/// Related documents by shared themes, each weighted by how rare it is (inverse document
/// frequency) and how much each document says about it. Rather than comparing every pair,
/// each document scores only candidates drawn from the posting lists of its rarest themes
/// first, at most [`CANDIDATES`] of them: cost O(documents × candidates × themes).
pub fn related_documents(xref: &CrossRef, docs: &[DocInput]) -> Vec<Vec<(usize, f64)>> {
    let scorer = RelatedScorer::new(xref, docs);
    (0..docs.len())
        .into_par_iter()
        .map(|d| scorer.related(d, &scorer.candidates(d)))
        .collect()
}

/// What related documents are scored from: each theme's rarity and each document's
/// weight in each theme. Watch mode keeps the candidates of every document and re-scores
/// only the documents whose candidates changed (see `serve::reuse`).
pub struct RelatedScorer<'a> {
    xref: &'a CrossRef,
    docs: &'a [DocInput<'a>],
    idf: Vec<f64>,
    /// Weight of each theme in each document, by theme (a document mentions few themes:
    /// a short list, no hashing).
    weights: Vec<Vec<(usize, f64)>>,
    /// Each document's place in slug order (ties are broken by slug; comparing numbers
    /// is cheaper than comparing strings, and generated digests have many ties).
    slug_rank: Vec<u32>,
}

impl<'a> RelatedScorer<'a> {
    pub fn new(xref: &'a CrossRef, docs: &'a [DocInput<'a>]) -> Self {
        let n = docs.len() as f64;
        let idf: Vec<f64> = xref
            .themes
            .iter()
            .map(|t| ((n + 1.0) / (t.documents.len() as f64 + 0.5)).ln().max(0.0))
            .collect();
        let weights = xref
            .docs
            .iter()
            .map(|dt| {
                let mut w: Vec<(usize, f64)> = dt
                    .counts
                    .iter()
                    .map(|&(t, c)| (t, idf[t] * (1.0 + (c as f64).ln())))
                    .collect();
                w.sort_by_key(|&(t, _)| t);
                w
            })
            .collect();
        let mut by_slug: Vec<u32> = (0..docs.len() as u32).collect();
        by_slug.par_sort_unstable_by_key(|&d| docs[d as usize].slug);
        let mut slug_rank = vec![0; docs.len()];
        for (rank, &d) in by_slug.iter().enumerate() {
            slug_rank[d as usize] = rank as u32;
        }
        RelatedScorer {
            xref,
            docs,
            idf,
            weights,
            slug_rank,
        }
    }

    /// The documents the `d`-th is compared with: those sharing its rarest themes first,
    /// at most [`CANDIDATES`]. They depend on nothing but which themes each document
    /// mentions (not how often).
    pub fn candidates(&self, d: usize) -> Vec<u32> {
        let idf = &self.idf;
        let mut themes: Vec<usize> = self.xref.docs[d].counts.iter().map(|&(t, _)| t).collect();
        themes.sort_by(|a, b| idf[*b].total_cmp(&idf[*a]).then(a.cmp(b)));
        let mut candidates: Vec<u32> = Vec::with_capacity(CANDIDATES);
        let mut seen: HashSet<usize> =
            HashSet::with_capacity_and_hasher(CANDIDATES, Default::default());
        'gather: for t in themes {
            for &(e, _) in &self.xref.themes[t].documents {
                if e != d && seen.insert(e) {
                    // Digests have far fewer than 2^32 documents.
                    candidates.push(e as u32);
                    if candidates.len() >= CANDIDATES {
                        break 'gather;
                    }
                }
            }
        }
        candidates
    }

    /// The `d`-th document's related documents among `candidates`, best first.
    pub fn related(&self, d: usize, candidates: &[u32]) -> Vec<(usize, f64)> {
        let weights = &self.weights;
        // The document's weights by theme (0 where it does not mention it): a candidate
        // is scored by one pass over its own few weights, without branching.
        let mut own = vec![0.0; self.idf.len()];
        for &(t, w) in &weights[d] {
            own[t] = w;
        }
        // (score, years apart, slug rank, document): best first is highest score, then
        // closest in time, then first by slug.
        let mut scored: Vec<(f64, i32, u32, usize)> = candidates
            .iter()
            .map(|&e| e as usize)
            .map(|e| {
                let score = shared_weight(&own, &weights[e]);
                (score, date_distance(self.docs, d, e), self.slug_rank[e], e)
            })
            .filter(|(s, ..)| *s > 0.0)
            .collect();
        let order = |a: &(f64, i32, u32, usize), b: &(f64, i32, u32, usize)| {
            b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2))
        };
        // Only the best few are kept: select them, then sort just those (the order is
        // total, slugs being unique, so this equals a full sort cut short).
        if scored.len() > RELATED {
            scored.select_nth_unstable_by(RELATED - 1, order);
            scored.truncate(RELATED);
        }
        scored.sort_by(order);
        scored.into_iter().map(|(s, _, _, e)| (e, s)).collect()
    }
}

/// Sum over the themes two documents share of the smaller weight: `own` holds one's
/// weights by theme (0 for the others; weights are never negative, so min(0, w) adds
/// nothing), `other` the other's, by theme.
fn shared_weight(own: &[f64], other: &[(usize, f64)]) -> f64 {
    other.iter().map(|&(t, w)| own[t].min(w)).sum()
}

fn date_distance(docs: &[DocInput], a: usize, b: usize) -> i32 {
    match (docs[a].date, docs[b].date) {
        (Some(x), Some(y)) => (x.year - y.year).abs(),
        _ => i32::MAX,
    }
}

/// Finds theme mentions while a document body renders: the renderer records them all
/// (they become the document's [`Mention`]s) and links the first of each theme in each
/// section to the theme's page.
pub struct ThemeLinker<'a> {
    matcher: &'a Matcher,
    themes: &'a [Theme],
    /// Relative path from the document page to the site root.
    root: String,
}

impl<'a> ThemeLinker<'a> {
    pub fn new(matcher: &'a Matcher, themes: &'a [Theme], root: &str) -> Self {
        ThemeLinker {
            matcher,
            themes,
            root: root.to_string(),
        }
    }
}

impl Annotator for ThemeLinker<'_> {
    fn find(&self, text: &str) -> Vec<(std::ops::Range<usize>, usize)> {
        self.matcher
            .find(text)
            .into_iter()
            .map(|h| (h.range, h.theme))
            .collect()
    }

    fn target(&self, theme: usize) -> (String, String) {
        let t = &self.themes[theme];
        (format!("{}themes/{}/", self.root, t.slug), t.title.clone())
    }
}

// --- xref.json ----------------------------------------------------------------------

/// Words either side of a mention in `xref.json` (theme pages show more).
const EXPORT_EXCERPT_WORDS: usize = 8;

/// The version of the `xref.json` schema (see the README).
pub const SCHEMA_VERSION: u32 = 3;

#[derive(Serialize)]
pub struct ExportCommentary {
    pub slug: String,
    pub title: String,
    pub url: String,
    pub date: Option<String>,
    pub cites: crate::commentary::Cites,
}

#[derive(Serialize)]
pub struct ExportTheme<'a> {
    pub slug: &'a str,
    pub title: &'a str,
    pub url: String,
    pub documents: usize,
    pub mentions: usize,
    pub related: &'a [String],
    pub discussed_with: Vec<ExportCount<'a>>,
}

#[derive(Serialize)]
pub struct ExportCount<'a> {
    pub slug: &'a str,
    pub count: usize,
}

#[derive(Serialize)]
pub struct ExportDoc<'a> {
    pub slug: &'a str,
    pub title: &'a str,
    pub url: String,
    pub date: Option<String>,
    pub themes: Vec<ExportCount<'a>>,
    pub related: Vec<ExportRelated<'a>>,
}

#[derive(Serialize)]
pub struct ExportRelated<'a> {
    pub slug: &'a str,
    pub score: f64,
}

/// A mention in `xref.json`: the passage is `documents/<document>/#<anchor>`.
#[derive(Serialize)]
pub struct ExportMention<'a> {
    pub theme: &'a str,
    pub document: &'a str,
    pub anchor: &'a str,
    pub excerpt: Excerpt,
}

/// The most one file of the export's lists holds, in bytes before compression: far under
/// every host's per-file limit (Cloudflare Pages: 25 MiB), and a file a script can fetch
/// and read whole.
pub const EXPORT_CHUNK_BYTES: usize = 8 << 20;

/// gzip level of the export's lists. They are stored compressed (schema 3): the mentions
/// repeat theme, document and anchor names on every line, so they shrink about sevenfold,
/// and at 10,000 documents they were 67 MB of the output's 484 MB, counted against every
/// host's size limit (see `hosting`).
const EXPORT_GZIP_LEVEL: u32 = 6;

/// `xref.json` (schema 3): the themes and commentary, and where the two big lists are.
#[derive(Serialize)]
struct ExportHead<'a> {
    version: u32,
    generator: &'static str,
    themes: &'a [ExportTheme<'a>],
    documents: ExportPart,
    mentions: ExportPart,
    commentary: &'a [ExportCommentary],
}

/// A list of the export kept in NDJSON files (one JSON object a line).
#[derive(Serialize)]
struct ExportPart {
    count: usize,
    files: Vec<String>,
}

/// The range of `xref.mentions` of each document (mentions are sorted by document).
pub fn mention_ranges(xref: &CrossRef, docs: usize) -> Vec<std::ops::Range<usize>> {
    let mut ranges = vec![0..0; docs];
    let mut start = 0;
    for (i, m) in xref.mentions.iter().enumerate() {
        if i + 1 == xref.mentions.len() || xref.mentions[i + 1].doc != m.doc {
            ranges[m.doc] = start..i + 1;
            start = i + 1;
        }
    }
    ranges
}

/// Document `d`'s line of `xref/documents-*.ndjson`.
pub fn export_doc_line(
    xref: &CrossRef,
    themes: &[Theme],
    docs: &[DocInput],
    d: usize,
) -> serde_json::Result<Vec<u8>> {
    let mut line = serde_json::to_vec(&export_doc(xref, themes, docs, d))?;
    line.push(b'\n');
    Ok(line)
}

/// The lines of `xref/mentions-*.ndjson` for the mentions `range` (one document's).
pub fn export_mention_lines(
    xref: &CrossRef,
    themes: &[Theme],
    docs: &[DocInput],
    range: std::ops::Range<usize>,
) -> serde_json::Result<Vec<u8>> {
    let mut out = Vec::new();
    for m in &xref.mentions[range] {
        let item = ExportMention {
            theme: &themes[m.theme].slug,
            document: docs[m.doc].slug,
            anchor: &m.passage(docs).anchor,
            excerpt: m.excerpt(docs, EXPORT_EXCERPT_WORDS),
        };
        serde_json::to_writer(&mut out, &item)?;
        out.push(b'\n');
    }
    Ok(out)
}

/// The export's files: `xref.json` (schema 3: themes, commentary and the list of the
/// other files) and the documents and mentions as gzipped NDJSON in files of at most
/// [`EXPORT_CHUNK_BYTES`] before compression (`xref/documents-1.ndjson.gz`,
/// `xref/mentions-1.ndjson.gz`, ...). `doc_lines` and `mention_lines` are each
/// document's lines, in document order; a document's lines are never split across files.
/// With a `cache`, the list files whose lines it has are taken from it rather than
/// compressed again, and it then holds this call's files.
pub fn export_files(
    themes: &[ExportTheme],
    commentary: &[ExportCommentary],
    doc_lines: &[&[u8]],
    mention_lines: &[&[u8]],
    mentions: usize,
    cache: Option<&mut ListCache>,
) -> serde_json::Result<Vec<(String, Vec<u8>)>> {
    use rayon::prelude::*;
    // Each file is compressed from its pieces as they are: a big digest's lines are tens
    // of megabytes, not to be copied into one buffer first.
    let (documents, mention_parts) = (
        list_files("documents", doc_lines),
        list_files("mentions", mention_lines),
    );
    let names = |files: &[(String, &[&[u8]])]| -> Vec<String> {
        files.iter().map(|(name, _)| name.clone()).collect()
    };
    let head = ExportHead {
        version: SCHEMA_VERSION,
        generator: "dossier",
        themes,
        documents: ExportPart {
            count: doc_lines.len(),
            files: names(&documents),
        },
        mentions: ExportPart {
            count: mentions,
            files: names(&mention_parts),
        },
        commentary,
    };
    let known = cache.as_ref().map(|c| &c.0);
    let lists: Vec<(String, Option<u128>, std::sync::Arc<Vec<u8>>)> = documents
        .into_par_iter()
        .chain(mention_parts)
        .map(|(name, pieces)| {
            let Some(known) = known else {
                return (name, None, std::sync::Arc::new(gzip(pieces)));
            };
            let key = list_key(&name, pieces);
            let bytes = match known.get(&key) {
                Some(bytes) => bytes.clone(),
                None => std::sync::Arc::new(gzip(pieces)),
            };
            (name, Some(key), bytes)
        })
        .collect();
    if let Some(cache) = cache {
        cache.0 = lists
            .iter()
            .filter_map(|(_, key, bytes)| Some(((*key)?, bytes.clone())))
            .collect();
    }
    let mut files = vec![("xref.json".to_string(), serde_json::to_vec(&head)?)];
    files.extend(lists.into_iter().map(|(name, _, bytes)| {
        // Without a cache the bytes are this call's alone: moved, not copied.
        let bytes = std::sync::Arc::try_unwrap(bytes).unwrap_or_else(|kept| (*kept).clone());
        (name, bytes)
    }));
    Ok(files)
}

/// The export's compressed list files as the last call made them, by a hash of their
/// name and lines. Watch mode keeps one, so an edit compresses again only the files whose
/// lines changed: compressing them all took 300 ms at 10,000 documents.
#[derive(Debug, Default)]
pub struct ListCache(std::collections::HashMap<u128, std::sync::Arc<Vec<u8>>>);

/// What a list file is made of: its name and its lines, hashed (xxh3, 128 bits).
fn list_key(name: &str, pieces: &[&[u8]]) -> u128 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    h.update(name.as_bytes());
    for piece in pieces {
        h.update(&(piece.len() as u64).to_le_bytes());
        h.update(piece);
    }
    h.digest128()
}

/// The files of one of the export's lists: each one's site path and the lines it holds.
fn list_files<'a>(stem: &str, lines: &'a [&'a [u8]]) -> Vec<(String, &'a [&'a [u8]])> {
    chunk_lines(lines)
        .into_iter()
        .enumerate()
        .map(|(n, run)| (format!("xref/{stem}-{}.ndjson.gz", n + 1), &lines[run]))
        .collect()
}

/// Cut `pieces` into runs of at most [`EXPORT_CHUNK_BYTES`] (a piece larger than that
/// gets a run of its own); empty pieces are left out of the count but not of the runs.
fn chunk_lines(pieces: &[&[u8]]) -> Vec<std::ops::Range<usize>> {
    let mut runs = Vec::new();
    let (mut start, mut len) = (0, 0);
    for (i, piece) in pieces.iter().enumerate() {
        if len > 0 && len + piece.len() > EXPORT_CHUNK_BYTES {
            runs.push(start..i);
            (start, len) = (i, 0);
        }
        len += piece.len();
    }
    if len > 0 {
        runs.push(start..pieces.len());
    }
    runs
}

/// gzip with a zero modification time, so the same lines give the same bytes.
fn gzip(pieces: &[&[u8]]) -> Vec<u8> {
    use std::io::Write as _;
    let len: usize = pieces.iter().map(|p| p.len()).sum();
    let mut z = flate2::GzBuilder::new().mtime(0).write(
        Vec::with_capacity(len / 6),
        flate2::Compression::new(EXPORT_GZIP_LEVEL),
    );
    for piece in pieces {
        // Writing to a Vec cannot fail.
        let _ = z.write_all(piece);
    }
    z.finish().unwrap_or_default()
}

/// One of the export's list files, uncompressed.
#[cfg(test)]
pub(crate) fn gunzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Read as _;
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .expect("gzip");
    out
}

/// The themes of `xref.json`: each with its counts, related themes and the themes it is
/// discussed with (site-relative URLs).
pub fn export_themes<'a>(xref: &'a CrossRef, themes: &'a [Theme]) -> Vec<ExportTheme<'a>> {
    themes
        .iter()
        .zip(&xref.themes)
        .map(|(t, s)| ExportTheme {
            slug: &t.slug,
            title: &t.title,
            url: format!("themes/{}/", t.slug),
            documents: s.documents.len(),
            mentions: s.mentions,
            related: &t.related,
            discussed_with: s
                .co_themes
                .iter()
                .map(|&(o, n)| ExportCount {
                    slug: &themes[o].slug,
                    count: n,
                })
                .collect(),
        })
        .collect()
}

/// The `d`-th document's entry in `xref.json`.
pub fn export_doc<'a>(
    xref: &'a CrossRef,
    themes: &'a [Theme],
    docs: &'a [DocInput<'a>],
    d: usize,
) -> ExportDoc<'a> {
    let (doc, dt) = (&docs[d], &xref.docs[d]);
    ExportDoc {
        slug: doc.slug,
        title: doc.title,
        url: format!("documents/{}/", doc.slug),
        date: doc.date.map(|x| x.to_string()),
        themes: dt
            .counts
            .iter()
            .map(|&(t, n)| ExportCount {
                slug: &themes[t].slug,
                count: n,
            })
            .collect(),
        related: dt
            .related
            .iter()
            .map(|&(e, s)| ExportRelated {
                slug: docs[e].slug,
                score: (s * 1000.0).round() / 1000.0,
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpt_cuts_at_words() {
        let text = "one two three four five MENTION six seven eight";
        let r = text.find("MENTION").unwrap();
        let e = excerpt(text, r..r + 7, 2);
        assert_eq!(e.before, "… four five ");
        assert_eq!(e.text, "MENTION");
        assert_eq!(e.after, " six seven …");
        let e = excerpt("MENTION.", 0..7, 5);
        assert_eq!((e.before.as_str(), e.after.as_str()), ("", "."));
    }

    #[test]
    fn tally_counts_mentions_documents_and_themes_met_together() {
        let m = |theme, passage| Mention {
            theme,
            doc: 7,
            passage,
            start: 0,
            end: 1,
        };
        // Passage 0 mentions themes 0, 1 and 0 again; passage 1 themes 1 and 2.
        let first = [m(0, 0), m(1, 0), m(0, 0), m(1, 1), m(2, 1)];
        let second = [m(2, 0)];
        let x = tally(3, &[&first, &second]);
        assert_eq!(x.docs[0].counts, [(0, 2), (1, 2), (2, 1)]);
        assert_eq!(x.docs[1].counts, [(2, 1)]);
        assert_eq!(x.themes[2].documents, [(0, 1), (1, 1)]);
        assert_eq!(x.themes[2].mentions, 2);
        // Each passage counts a pair once, however often its themes recur.
        assert_eq!(x.themes[0].co_themes, [(1, 1)]);
        assert_eq!(x.themes[1].co_themes, [(0, 1), (2, 1)]);
        assert_eq!(x.themes[2].co_themes, [(1, 1)]);
        let docs: Vec<usize> = x.mentions.iter().map(|m| m.doc).collect();
        assert_eq!(docs, [0, 0, 0, 0, 0, 1], "mentions renumbered by document");
    }

    #[test]
    fn export_json_equals_plain_serialization() {
        let theme = Theme {
            slug: "cbms".into(),
            path: "cbms.md".into(),
            title: "CBMs \"quoted\"".into(),
            summary: None,
            aliases: vec!["confidence-building measures".into()],
            acronyms: vec!["CBM".into()],
            patterns: vec![],
            exclude: vec![],
            related: vec![],
            body: String::new(),
            body_line: 1,
        };
        let themes = [theme];
        let matcher = Matcher::new(&themes);
        for paragraphs in [0, 1, 3000] {
            let body: String = (0..paragraphs)
                .map(|i| format!("Paragraph {i} on CBMs <é> and confidence-building measures.\n\n"))
                .collect();
            let linker = ThemeLinker::new(&matcher, &themes, "../../");
            let rendered = crate::markdown::render(
                &body,
                &crate::markdown::RenderOptions {
                    annotator: Some(&linker),
                    ..Default::default()
                },
            );
            let docs = [DocInput {
                slug: "doc",
                title: "Doc",
                date: None,
                passages: &rendered.passages,
                mentions: &rendered.mentions,
            }];
            let cross = cross_reference(&themes, &docs);
            assert_eq!(cross.mentions.len(), paragraphs * 2);
            let ranges = mention_ranges(&cross, docs.len());
            let doc_line = export_doc_line(&cross, &themes, &docs, 0).unwrap();
            let mention_lines =
                export_mention_lines(&cross, &themes, &docs, ranges[0].clone()).unwrap();
            let files = export_files(
                &export_themes(&cross, &themes),
                &[],
                &[&doc_line],
                &[&mention_lines],
                cross.mentions.len(),
                None,
            )
            .unwrap();
            let index: serde_json::Value = serde_json::from_slice(&files[0].1).unwrap();
            assert_eq!(files[0].0, "xref.json");
            assert_eq!(index["version"], SCHEMA_VERSION);
            assert_eq!(index["mentions"]["count"], paragraphs * 2);
            // Every mention is one line of JSON, with its passage and excerpt.
            let mut lines = 0;
            for name in index["mentions"]["files"].as_array().unwrap() {
                let (_, bytes) = files
                    .iter()
                    .find(|f| f.0 == name.as_str().unwrap())
                    .unwrap();
                for line in gunzip(bytes)
                    .split(|b| *b == b'\n')
                    .filter(|l| !l.is_empty())
                {
                    let m: serde_json::Value = serde_json::from_slice(line).unwrap();
                    assert_eq!(m["theme"], "cbms");
                    assert!(m["anchor"].as_str().unwrap().starts_with("p-"));
                    lines += 1;
                }
            }
            assert_eq!(lines, paragraphs * 2, "{paragraphs} paragraphs");
        }
    }

    #[test]
    fn export_lists_are_chunked_at_document_boundaries() {
        let piece = vec![b'x'; 3 << 20];
        let pieces: Vec<&[u8]> = vec![&piece; 5];
        let runs = chunk_lines(&pieces);
        assert_eq!(runs, [0..2, 2..4, 4..5]);
        let sizes: Vec<usize> = runs
            .into_iter()
            .map(|r| pieces[r].iter().map(|p| p.len()).sum())
            .collect();
        assert_eq!(sizes, [6 << 20, 6 << 20, 3 << 20]);
        assert!(sizes.iter().all(|&n| n <= EXPORT_CHUNK_BYTES));
    }

    #[test]
    fn export_lists_are_gzipped_and_named_in_the_index() {
        let line = b"{\"theme\":\"cbms\"}\n".repeat(1 << 19);
        let files = export_files(&[], &[], &[b"{}\n"], &[&line, &line], 2 << 19, None).unwrap();
        let index: serde_json::Value = serde_json::from_slice(&files[0].1).unwrap();
        assert_eq!(index["version"], 3);
        let names: Vec<&str> = files[1..].iter().map(|f| f.0.as_str()).collect();
        assert_eq!(
            names,
            [
                "xref/documents-1.ndjson.gz",
                "xref/mentions-1.ndjson.gz",
                "xref/mentions-2.ndjson.gz"
            ]
        );
        assert_eq!(index["mentions"]["files"], serde_json::json!(names[1..]));
        assert_eq!(gunzip(&files[2].1), line);
        // Repetitive lines shrink: this is what keeps the export small on the host.
        assert!(files[2].1.len() * 20 < line.len());
        // Watch mode's cache gives the same files, the first time and when it reuses them,
        // and a changed list is compressed again.
        let mut cache = ListCache::default();
        for _ in 0..2 {
            let cached = export_files(
                &[],
                &[],
                &[b"{}\n"],
                &[&line, &line],
                2 << 19,
                Some(&mut cache),
            );
            assert_eq!(cached.unwrap(), files);
        }
        assert_eq!(cache.0.len(), 3);
        let other = b"{\"theme\":\"gifct\"}\n".repeat(1 << 19);
        let changed = export_files(
            &[],
            &[],
            &[b"{}\n"],
            &[&line, &other],
            2 << 19,
            Some(&mut cache),
        );
        assert_eq!(gunzip(&changed.unwrap()[3].1), other);
    }
}
