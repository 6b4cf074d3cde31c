//! Search stage: builds the static search index under `public/search/`.
//! Takes one [`Entry`] per searchable section (documents, theme pages, commentary), in
//! site order; gives sharded, versioned JSON files that the in-browser engine
//! (`themes/default/static/search/js/engine.js`) downloads piece by piece, and [`IndexStats`].
//!
//! The format is described in docs/search.md and in [`FORMAT_VERSION`]'s doc. Text
//! analysis lives in [`analyze`] and is mirrored exactly by the engine. Watch mode keeps
//! an [`Incremental`] index that rewrites only the files an edit changes.

pub mod analyze;
mod build;
pub mod collect;
mod deflated;
mod facets;
mod incremental;
mod stored;
mod write;
use deflated::Deflated;
pub use write::Sink;

pub use incremental::{Changes, Collected, Incremental, Mode, Spans, UpdateStats};

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::error::Result;

/// Version of the on-disk format, written as `version` in `manifest.json`. Bump it on any
/// change the engine must know about; the engine refuses versions it does not know.
/// Version 3: shard files named after their first key, facets in separate files,
/// stored rows without the duplicated title and section. Version 4: stored rows
/// compressed one by one and packed into chunk files read with range requests.
/// Version 5: `facets/runs.json` counts its runs in pages (`runs.pages`), not entries.
pub const FORMAT_VERSION: u32 = 5;

/// One searchable section.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Entry {
    /// Site-relative link, e.g. `documents/<slug>/#<section-id>` (no leading slash, so the
    /// site works under any sub-path).
    pub url: String,
    /// The page's title (indexed with a boost).
    pub title: String,
    /// The section's heading, or "" for text before the first heading (indexed with a
    /// bigger boost).
    pub section: String,
    /// Page title, then parent headings, then the section heading.
    pub breadcrumb: Vec<String>,
    /// Facet: the document kind ("speech", "policy-paper", ...), or "".
    pub kind: String,
    /// Facet: organisations.
    pub organisations: Vec<String>,
    /// Facet: the document's year.
    pub year: Option<i32>,
    /// Facet: themes this section (or its page) mentions.
    pub themes: Vec<String>,
    /// Plain text of the section's own content (or of one window of its passages, when
    /// the section is long: see [`collect`]). Shared with the rendered section when it
    /// is the whole of it (most entries), not copied.
    pub text: crate::markdown::SectionText,
    /// The page's metadata a reader may search by (authors, organisations, place,
    /// subtitle, keywords), on the page's first entry (others: ""): indexed as part of
    /// the title, so "Hattotuwa" finds the paper he co-wrote; not stored. The engine
    /// counts the words a page matches over all its entries, so "Hattotuwa hate speech"
    /// finds the section on hate speech of a paper he wrote.
    pub meta: String,
    /// The page's date as `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, or "" (stored, for results).
    pub date: String,
    /// The document's language (ISO 639-1 as ingest recorded it; "" for none, which is
    /// analysed as English): which stop words and stemmer its text is analysed with.
    pub language: String,
}

/// What [`write_index`] produced.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct IndexStats {
    pub entries: usize,
    /// Distinct index terms (stems, numbers, compounds).
    pub terms: usize,
    /// Distinct word pairs (for phrase search).
    pub pairs: usize,
    /// Distinct surface words (for prefix and typo matching).
    pub words: usize,
    pub files: usize,
    pub bytes: u64,
    pub elapsed: Duration,
    /// Time per phase (analyze, merge, write, swap), for `--verbose` and benchmarks.
    pub phases: Vec<(&'static str, Duration)>,
}

impl std::fmt::Display for IndexStats {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "search index: {} entries, {} terms, {} pairs, {} words, {} files, {:.1} MB in {:.0?}",
            self.entries,
            self.terms,
            self.pairs,
            self.words,
            self.files,
            self.bytes as f64 / 1e6,
            self.elapsed
        )
    }
}

/// Build the index of `entries` into `out_dir` (a folder of its own, as the examples and
/// benchmarks use). The index is written to a sibling temporary folder and moved into
/// place only when complete, so a failure leaves the previous index as it was.
pub fn write_index(entries: &[Entry], out_dir: &Path) -> Result<IndexStats> {
    let tmp = sibling(out_dir, "tmp");
    if tmp.exists() {
        std::fs::remove_dir_all(&tmp).map_err(|e| crate::Error::io(&tmp, e))?;
    }
    let sink = |rel: &str, bytes: &[u8]| {
        let path = tmp.join(rel);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| crate::Error::io(dir, e))?;
        }
        std::fs::write(&path, bytes).map_err(|e| crate::Error::io(&path, e))
    };
    let mut stats = write_index_to(entries, &sink, None)?;
    let t = std::time::Instant::now();
    replace_dir(&tmp, out_dir)?;
    stats.phases.push(("swap", t.elapsed()));
    Ok(stats)
}

/// Build the index of `entries` and hand each file to `sink` (path relative to the
/// index folder, bytes): `dossier build` stages them with the rest of the output. Rows
/// and shards whose JSON the index in `previous` (the output's being replaced) holds
/// compressed are taken from it (see [`Deflated`]).
pub fn write_index_to(
    entries: &[Entry],
    sink: &write::Sink<'_>,
    previous: Option<&Path>,
) -> Result<IndexStats> {
    let start = std::time::Instant::now();
    let mut phases = Vec::new();
    let index = build::build(entries, &mut phases);
    crate::memory::trace("search: index built");
    // Loaded only now: the index's build is the peak of a big digest's build.
    let t = std::time::Instant::now();
    let previous = previous.map(Deflated::load).unwrap_or_default();
    phases.push(("previous streams", t.elapsed()));
    let t = std::time::Instant::now();
    let (files, bytes) = write::write_all(&index, entries, sink, &previous)?;
    phases.push(("write", t.elapsed()));
    Ok(IndexStats {
        entries: entries.len(),
        terms: index.terms.len(),
        pairs: index.pairs.len(),
        words: index.words.len(),
        files,
        bytes,
        elapsed: start.elapsed(),
        phases,
    })
}

fn sibling(dir: &Path, what: &str) -> PathBuf {
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "search".into());
    dir.with_file_name(format!(".{name}.{what}-{}", std::process::id()))
}

/// Move `new` to `target`, replacing what was there.
fn replace_dir(new: &Path, target: &Path) -> Result<()> {
    use crate::error::Error;
    if target.exists() {
        let old = sibling(target, "old");
        std::fs::rename(target, &old).map_err(|e| Error::io(target, e))?;
        std::fs::rename(new, target).map_err(|e| Error::io(target, e))?;
        std::fs::remove_dir_all(&old).map_err(|e| Error::io(&old, e))
    } else {
        std::fs::rename(new, target).map_err(|e| Error::io(target, e))
    }
}
