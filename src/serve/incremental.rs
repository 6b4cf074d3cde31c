//! Incremental rebuilds for watch mode. Takes a site and the kinds of files that changed;
//! gives an up-to-date output folder, byte-identical to what `dossier build` writes, and
//! says what changed (pages or only stylesheets).
//!
//! The state kept between rebuilds: each document parsed (reused while its file's size
//! and modification time are unchanged), each body rendered (reused while its slug,
//! text and the theme catalog are unchanged), the look (templates and bundled CSS,
//! reloaded only when a look file changes, and with them every page rendered, reused
//! while its template context is unchanged), the copied seeds, the search index (in
//! memory, patched where entries changed; only its changed files are handed over) and a
//! hash of every output file. The cross-reference and every page context are recomputed from the cached
//! bodies; then only files whose bytes changed are written and files that no longer
//! exist are deleted. A failed rebuild writes nothing, so the last good build stays in
//! place.

use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use rayon::prelude::*;

use crate::assets::{self, FileContents, Look};
use crate::build::{self, Stages};
use crate::config::Site;
use crate::content::Document;
use crate::error::{Error, Result, Warning};
use crate::markdown::Rendered;
use crate::{highlight, ingest, linkcheck, render, xref};

/// What kind of files changed; decides what is reloaded.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Changes {
    pub config: bool,
    pub seeds: bool,
    pub content: bool,
    /// Templates or non-CSS static files of the look.
    pub look: bool,
    /// Stylesheets of the look.
    pub css: bool,
}

impl Changes {
    pub fn all() -> Changes {
        Changes {
            config: true,
            seeds: true,
            content: true,
            look: true,
            css: true,
        }
    }
    pub fn any(&self) -> bool {
        self.config || self.seeds || self.content || self.look || self.css
    }
}

/// What a rebuild did to the output folder.
#[derive(Debug, Default)]
pub struct Report {
    pub written: usize,
    pub deleted: usize,
    /// Whether anything besides stylesheets was deleted.
    pub deleted_other: bool,
    /// Only stylesheets (and the pages naming their hashed file names) changed, so a
    /// browser can swap stylesheets instead of reloading.
    pub css_only: bool,
    pub warnings: Vec<Warning>,
    pub timings: Vec<(String, std::time::Duration)>,
}

struct Loaded {
    look: Look,
    assets: assets::Assets,
    templates: render::Templates,
}

/// The build state kept in memory between rebuilds.
pub struct State {
    root: PathBuf,
    drafts: bool,
    /// Overrides `base_url` (for `serve --base-path`).
    base_url: Option<String>,
    output: PathBuf,
    site: Option<Site>,
    loaded: Option<Loaded>,
    /// Document file -> (size, mtime, parsed document, its warnings).
    docs: HashMap<PathBuf, (u64, SystemTime, Document, Vec<Warning>)>,
    /// (slug, body) hash -> rendered body; cleared when the catalog changes.
    bodies: HashMap<u64, Rendered>,
    catalog_hash: u64,
    /// Output path -> hash of its bytes, as on disk.
    last: HashMap<String, u64>,
    /// The search index, in memory.
    search: build::SearchMemo,
    /// Copied file (documents' seeds) -> (size, mtime, bytes), reused while unchanged.
    copies: HashMap<PathBuf, (u64, SystemTime, Vec<u8>)>,
}

fn hash_bytes(b: &[u8]) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    b.hash(&mut h);
    h.finish()
}

impl State {
    /// A state with nothing cached; `output` is written by [`State::rebuild`].
    pub fn new(root: &Path, drafts: bool, base_url: Option<String>) -> Result<State> {
        let site = load_site(root, base_url.as_deref())?;
        let output = site.output_dir();
        let last = hash_tree(&output);
        Ok(State {
            root: root.to_path_buf(),
            drafts,
            base_url,
            output,
            site: None,
            loaded: None,
            docs: HashMap::new(),
            bodies: HashMap::new(),
            catalog_hash: 0,
            last,
            search: build::SearchMemo::default(),
            copies: HashMap::new(),
        })
    }

    pub fn output(&self) -> &Path {
        &self.output
    }

    /// Bring the output up to date after `changes`.
    pub fn rebuild(&mut self, changes: Changes) -> Result<Report> {
        let mut stages = Stages::default();
        let mut warnings = Vec::new();
        if changes.config || self.site.is_none() {
            let site = load_site(&self.root, self.base_url.as_deref())?;
            if site.output_dir() != self.output {
                self.output = site.output_dir();
                self.last = hash_tree(&self.output);
            }
            self.site = Some(site);
            self.loaded = None;
            self.docs.clear();
            self.bodies.clear();
        }
        let site = self.site.clone().expect("site loaded above");
        if (changes.seeds || changes.config) && site.seeds_dir().is_dir() {
            let ingested = ingest::ingest_site(&site, &ingest::Options::default())?;
            warnings.extend(ingested.warnings);
        }
        stages.done("ingest");
        let docs = self.load_docs(&site, &mut warnings)?;
        stages.done("load");
        let look_changed = changes.look || changes.css || self.loaded.is_none();
        if look_changed {
            highlight::Highlighter::global();
            let look = Look::new(&site)?;
            let assets = assets::build(&site, &look, &highlight::stylesheet())?;
            let mut templates = render::Templates::load(&site, &look, &assets.urls)?;
            templates.remember_pages();
            self.loaded = Some(Loaded {
                look,
                assets,
                templates,
            });
        }
        stages.done("look");
        let (themes, w) = xref::load_catalog(&site.topic_dir())?;
        warnings.extend(w);
        let matcher = xref::Matcher::new(&themes);
        let catalog_hash = catalog_hash(&site);
        if catalog_hash != self.catalog_hash {
            self.bodies.clear();
            self.catalog_hash = catalog_hash;
        }
        let rendered = self.render_bodies(&docs, &themes, &matcher);
        stages.done("markdown");

        let loaded = self.loaded.as_ref().expect("look loaded above");
        let _ = &loaded.look;
        let produced = build::produce(
            &site,
            &docs,
            &rendered,
            &themes,
            &matcher,
            &loaded.templates,
            build::SearchOutput::Memo(&mut self.search),
            &mut stages,
            &mut warnings,
            self.drafts,
            None,
        )?;
        let mut files: Vec<(String, Vec<u8>)> = Vec::new();
        let mut pages = Vec::new();
        for o in produced.outputs {
            if let Some(c) = o.check {
                pages.push(c);
            }
            files.push((o.path, o.contents));
        }
        let copied: Vec<&PathBuf> = loaded
            .assets
            .files
            .iter()
            .chain(&produced.source_files)
            .filter_map(|f| match &f.contents {
                FileContents::Copy(p) => Some(p),
                FileContents::Bytes(_) => None,
            })
            .collect();
        refresh_copies(&mut self.copies, &copied)?;
        for f in loaded.assets.files.iter().chain(&produced.source_files) {
            let bytes = match &f.contents {
                FileContents::Bytes(b) => b.clone(),
                FileContents::Copy(p) => match self.copies.get(p) {
                    Some((_, _, b)) => b.clone(),
                    None => crate::error::read(p)?,
                },
            };
            files.push((f.path.clone(), bytes));
        }
        // The search index's changed files, and the names of all of its files (the
        // unchanged ones stay as they are on disk).
        for (rel, bytes) in self.search.pending() {
            files.push((format!("search/{rel}"), bytes.to_vec()));
        }
        let kept: Vec<String> = self
            .search
            .paths()
            .into_iter()
            .map(|p| format!("search/{p}"))
            .collect();
        let mut names: HashSet<String> = files.iter().map(|(p, _)| p.clone()).collect();
        names.extend(kept.iter().cloned());
        linkcheck::check(&pages, &names, &render::base_path(&site))?;
        stages.done("linkcheck");

        let mut report = self.sync(files, kept)?;
        self.search.commit();
        stages.done("write");
        report.css_only = report.written > 0
            && !report.deleted_other
            && changes.css
            && !changes.look
            && !changes.content
            && !changes.seeds
            && !changes.config;
        report.warnings = warnings;
        report.timings = stages.timings().to_vec();
        Ok(report)
    }

    /// Every document, reusing parsed ones whose file did not change; drafts left out
    /// unless asked for; newest first.
    fn load_docs(&mut self, site: &Site, warnings: &mut Vec<Warning>) -> Result<Vec<Document>> {
        let files = crate::content::markdown_files(&site.documents_dir())?;
        let keep: HashSet<&PathBuf> = files.iter().collect();
        self.docs.retain(|p, _| keep.contains(p));
        let stale: Vec<(PathBuf, u64, SystemTime)> = files
            .par_iter()
            .filter_map(|p| {
                let meta = std::fs::metadata(p).ok()?;
                let mtime = meta.modified().ok()?;
                match self.docs.get(p) {
                    Some((len, t, _, _)) if *len == meta.len() && *t == mtime => None,
                    _ => Some((p.clone(), meta.len(), mtime)),
                }
            })
            .collect();
        let read: Vec<_> = stale
            .into_par_iter()
            .map(|(p, len, t)| (Document::read(&p), p, len, t))
            .collect();
        let mut errors = Vec::new();
        for (r, p, len, t) in read {
            match r {
                Ok((d, w)) => {
                    self.docs.insert(p, (len, t, d, w));
                }
                Err(e) => {
                    self.docs.remove(&p);
                    errors.push(e);
                }
            }
        }
        match errors.len() {
            0 => {}
            1 => return Err(errors.remove(0)),
            _ => return Err(Error::Many(errors)),
        }
        let mut docs = Vec::with_capacity(files.len());
        for p in &files {
            if let Some((_, _, d, w)) = self.docs.get(p) {
                warnings.extend(w.iter().cloned());
                if self.drafts || !d.meta.draft {
                    docs.push(d.clone());
                }
            }
        }
        render::sort_documents(&mut docs);
        Ok(docs)
    }

    fn render_bodies(
        &mut self,
        docs: &[Document],
        themes: &[xref::Theme],
        matcher: &xref::Matcher,
    ) -> Vec<Rendered> {
        let keys: Vec<u64> = docs
            .iter()
            .map(|d| {
                let mut h = rustc_hash::FxHasher::default();
                d.slug.hash(&mut h);
                d.body.hash(&mut h);
                h.finish()
            })
            .collect();
        let bodies = &self.bodies;
        let rendered: Vec<Rendered> = docs
            .par_iter()
            .zip(&keys)
            .map(|(d, k)| match bodies.get(k) {
                Some(r) => r.clone(),
                None => build::render_body(d, themes, matcher),
            })
            .collect();
        let used: HashSet<u64> = keys.iter().copied().collect();
        self.bodies.retain(|k, _| used.contains(k));
        for (k, r) in keys.into_iter().zip(&rendered) {
            self.bodies.entry(k).or_insert_with(|| r.clone());
        }
        rendered
    }

    /// Write the files whose bytes changed, delete the ones that are gone (and folders
    /// left empty). `kept` are search index files not in `files` because they did not
    /// change: they stay, unless the output lacks one, which is then written.
    fn sync(&mut self, mut files: Vec<(String, Vec<u8>)>, kept: Vec<String>) -> Result<Report> {
        let given: HashSet<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
        let mut missing = Vec::new();
        let mut kept_hashes = Vec::new();
        for p in kept {
            if given.contains(p.as_str()) {
                continue;
            }
            match self.last.get(&p) {
                Some(&h) => kept_hashes.push((p, h)),
                None => missing.push(p),
            }
        }
        drop(given);
        for p in missing {
            let bytes = p
                .strip_prefix("search/")
                .and_then(|rel| self.search.file(rel))
                .unwrap_or_default();
            files.push((p, bytes));
        }
        let out = &self.output;
        std::fs::create_dir_all(out).map_err(|e| Error::io(out, e))?;
        let hashed: Vec<(String, Vec<u8>, u64)> = files
            .into_par_iter()
            .map(|(p, b)| {
                let h = hash_bytes(&b);
                (p, b, h)
            })
            .collect();
        let last = &self.last;
        let changed: Vec<&(String, Vec<u8>, u64)> = hashed
            .iter()
            .filter(|(p, _, h)| last.get(p) != Some(h))
            .collect();
        changed.par_iter().try_for_each(|(p, b, _)| {
            let path = out.join(p);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
            }
            // A rename, so a browser fetching the page never sees half of it.
            crate::error::write_atomic(&path, b)
        })?;
        let written = changed.len();
        let mut now: HashMap<String, u64> = hashed.into_iter().map(|(p, _, h)| (p, h)).collect();
        now.extend(kept_hashes);
        let gone: Vec<&String> = self.last.keys().filter(|p| !now.contains_key(*p)).collect();
        for p in &gone {
            let path = out.join(p);
            match std::fs::remove_file(&path) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                    return Err(Error::io(&path, e))
                }
                _ => {}
            }
            prune_empty(out, &path);
        }
        let report = Report {
            written,
            deleted: gone.len(),
            deleted_other: gone.iter().any(|p| !p.ends_with(".css")),
            ..Report::default()
        };
        self.last = now;
        Ok(report)
    }
}

/// Keep the bytes of every file to copy, reading only those new or changed (by size and
/// modification time) since the last rebuild, and forgetting those no longer copied.
fn refresh_copies(
    copies: &mut HashMap<PathBuf, (u64, SystemTime, Vec<u8>)>,
    paths: &[&PathBuf],
) -> Result<()> {
    let keep: HashSet<&PathBuf> = paths.iter().copied().collect();
    copies.retain(|p, _| keep.contains(p));
    let fresh: Vec<(PathBuf, u64, SystemTime, Vec<u8>)> = paths
        .par_iter()
        .filter_map(|p| {
            let meta = std::fs::metadata(p).ok()?;
            let mtime = meta.modified().ok()?;
            match copies.get(*p) {
                Some((len, t, _)) if *len == meta.len() && *t == mtime => None,
                _ => Some(((*p).clone(), meta.len(), mtime)),
            }
        })
        .map(|(p, len, t)| crate::error::read(&p).map(|b| (p, len, t, b)))
        .collect::<Result<_>>()?;
    for (p, len, t, b) in fresh {
        copies.insert(p, (len, t, b));
    }
    Ok(())
}

fn load_site(root: &Path, base_url: Option<&str>) -> Result<Site> {
    let mut site = Site::load(root)?;
    if let Some(url) = base_url {
        site.config.base_url = url.to_string();
    }
    Ok(site)
}

/// A hash of the theme catalog's files: rendered bodies link theme mentions, so they
/// depend on it.
fn catalog_hash(site: &Site) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    if let Ok(files) = crate::content::markdown_files(&site.topic_dir()) {
        for f in files {
            f.hash(&mut h);
            std::fs::read(&f).unwrap_or_default().hash(&mut h);
        }
    }
    h.finish() | 1
}

/// Watch mode's scratch folder beside the output (earlier versions wrote the search
/// index there; it is still removed on exit).
fn scratch_dir(output: &Path) -> PathBuf {
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    output
        .parent()
        .unwrap_or(Path::new("."))
        .join(format!(".{name}.serve-{}", std::process::id()))
}

/// Remove watch mode's scratch folder (on exit).
pub fn cleanup(output: &Path) {
    let _ = std::fs::remove_dir_all(scratch_dir(output));
}

/// Every file under `dir` with its bytes, keyed by `/`-separated relative path.
fn read_tree(dir: &Path) -> Result<Vec<(String, Vec<u8>)>> {
    let mut out = Vec::new();
    if !dir.is_dir() {
        return Ok(out);
    }
    for entry in walkdir::WalkDir::new(dir).min_depth(1) {
        let entry = entry.map_err(|e| Error::io(dir, e.into()))?;
        if entry.file_type().is_file() {
            let rel = entry
                .path()
                .strip_prefix(dir)
                .unwrap_or(entry.path())
                .to_string_lossy()
                .replace('\\', "/");
            out.push((rel, crate::error::read(entry.path())?));
        }
    }
    Ok(out)
}

/// The hash of every file already in the output folder, so the first rebuild rewrites
/// only what differs and deletes leftovers.
fn hash_tree(dir: &Path) -> HashMap<String, u64> {
    read_tree(dir)
        .unwrap_or_default()
        .into_par_iter()
        .map(|(p, b)| {
            let h = hash_bytes(&b);
            (p, h)
        })
        .collect()
}

/// Remove the folders above a deleted file that are now empty, up to `root`.
fn prune_empty(root: &Path, file: &Path) {
    let mut dir = file.parent();
    while let Some(d) = dir {
        if d == root || !d.starts_with(root) || std::fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}
