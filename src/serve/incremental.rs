//! Incremental rebuilds for watch mode. Takes a site and the kinds of files that changed;
//! gives an up-to-date output folder, byte-identical to what `dossier build` writes, and
//! says what changed (pages or only stylesheets).
//!
//! The state kept between rebuilds, each part reused while its inputs are unchanged:
//! - the documents, parsed and rendered (`docs`: by file size and modification time,
//!   or only the files the watcher saw change), and the theme catalog;
//! - the look (templates and bundled CSS, reloaded only when a look file changes) and
//!   with it every page rendered, found again by a fingerprint of its inputs
//!   (`render::Templates::remember_pages`, [`render::DocPrint`]);
//! - each document's mentions, the related documents, the theme pages and the pieces of
//!   `xref.json` (`reuse`);
//! - the search index, in memory, patched where entries changed (only its changed files
//!   are handed over), and the copied seeds;
//! - the hash of every output file and the link check of the last good build
//!   (`outputs`): only changed files are written, only pages that
//!   changed or whose links may now lead elsewhere are link-checked.
//!
//! A failed rebuild writes nothing, so the last good build stays in place.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use rayon::prelude::*;

use super::docs::{Catalog, Docs};
use super::outputs::{Outputs, SearchFiles};
use super::reuse::Memo;
use crate::assets::{self, FileContents, Look};
use crate::build::{self, Stages};
use crate::config::Site;
use crate::error::{Result, Warning};
use crate::{highlight, ingest, render};

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

    /// Both sets of changes.
    pub fn and(self, other: Changes) -> Changes {
        Changes {
            config: self.config || other.config,
            seeds: self.seeds || other.seeds,
            content: self.content || other.content,
            look: self.look || other.look,
            css: self.css || other.css,
        }
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
    templates: render::Templates,
    /// The look's static files and bundled stylesheets, read once.
    assets: Vec<(String, Arc<Vec<u8>>)>,
}

/// The build state kept in memory between rebuilds.
pub struct State {
    root: PathBuf,
    drafts: bool,
    /// Overrides `base_url` (for `serve --base-path`).
    base_url: Option<String>,
    site: Option<Site>,
    loaded: Option<Loaded>,
    catalog: Option<Catalog>,
    docs: Docs,
    memo: Memo,
    /// The search index, in memory.
    search: build::SearchMemo,
    outputs: Outputs,
    /// Where the search index is written before what changed is copied to the output.
    scratch: PathBuf,
    /// The changes of the last rebuild, if it failed.
    unfinished: Changes,
    /// Copied file (documents' seeds) -> (size, mtime, bytes), reused while unchanged.
    copies: HashMap<PathBuf, (u64, SystemTime, Arc<Vec<u8>>)>,
}

impl State {
    /// A state with nothing cached; the output folder is written by [`State::rebuild`].
    pub fn new(root: &Path, drafts: bool, base_url: Option<String>) -> Result<State> {
        let site = load_site(root, base_url.as_deref())?;
        Ok(State {
            root: root.to_path_buf(),
            drafts,
            base_url,
            site: None,
            loaded: None,
            catalog: None,
            docs: Docs::default(),
            memo: Memo::default(),
            search: build::SearchMemo::default(),
            outputs: Outputs::new(&site.output_dir()),
            scratch: scratch_dir(&site.output_dir()),
            unfinished: Changes::default(),
            copies: HashMap::new(),
        })
    }

    pub fn output(&self) -> &Path {
        self.outputs.dir()
    }

    /// The scratch folder, to remove on exit ([`cleanup`]).
    pub fn scratch(&self) -> &Path {
        &self.scratch
    }

    /// Bring the output up to date after `changes`, looking at every document file.
    pub fn rebuild(&mut self, changes: Changes) -> Result<Report> {
        self.rebuild_with(changes, None)
    }

    /// Bring the output up to date after `changes`; `documents`, when given, holds every
    /// path under the documents folder that changed (the watcher's events), so the other
    /// document files are not even looked at.
    pub fn rebuild_with(
        &mut self,
        changes: Changes,
        documents: Option<&BTreeSet<PathBuf>>,
    ) -> Result<Report> {
        // What a failed rebuild did not finish is redone (a broken template must fail
        // the next rebuild too, not leave the previous templates in use).
        let changes = changes.and(self.unfinished);
        let result = self.try_rebuild(changes, documents);
        if result.is_err() {
            self.unfinished = changes;
            // The failure may have come before the changed documents were looked at.
            self.docs.forget_changes();
        } else {
            self.unfinished = Changes::default();
        }
        result
    }

    fn try_rebuild(
        &mut self,
        changes: Changes,
        documents: Option<&BTreeSet<PathBuf>>,
    ) -> Result<Report> {
        let mut stages = Stages::default();
        let mut warnings = Vec::new();
        if changes.config || self.site.is_none() {
            let site = load_site(&self.root, self.base_url.as_deref())?;
            if site.output_dir() != self.outputs.dir() {
                self.outputs = Outputs::new(&site.output_dir());
            }
            self.site = Some(site);
            self.loaded = None;
            self.catalog = None;
            self.docs.clear();
            self.memo.forget();
        }
        let site = self.site.clone().expect("site loaded above");
        if !self.outputs.dir().is_dir() {
            // Someone removed the output folder: write it all again.
            self.outputs = Outputs::new(self.outputs.dir());
        }
        let mut documents = documents;
        if (changes.seeds || changes.config) && site.seeds_dir().is_dir() {
            let ingested = ingest::ingest_site(&site, &ingest::Options::default())?;
            warnings.extend(ingested.warnings);
            // Ingest may have rewritten any document.
            documents = None;
        }
        stages.done("ingest");
        if changes.look || changes.css || self.loaded.is_none() {
            self.loaded = Some(load_look(&site)?);
        }
        stages.done("look");
        let catalog = Catalog::load(&site.topic_dir(), self.catalog.take())?;
        warnings.extend(catalog.warnings.iter().cloned());
        let catalog = &*self.catalog.insert(catalog);
        warnings.extend(self.docs.refresh(
            &site.documents_dir(),
            documents,
            catalog,
            self.drafts,
            &mut stages,
        )?);
        self.memo.prints.clone_from(&self.docs.prints);
        self.memo.catalog = catalog.print;

        let loaded = self.loaded.as_ref().expect("look loaded above");
        let produced = build::produce(
            &site,
            &self.docs.documents,
            &self.docs.rendered,
            &catalog.themes,
            &catalog.matcher,
            &loaded.templates,
            build::SearchOutput::Memo(&mut self.search),
            &mut stages,
            &mut warnings,
            self.drafts,
            None,
            &mut self.memo,
        )?;
        let mut files: Vec<(String, Arc<Vec<u8>>)> = Vec::with_capacity(produced.outputs.len());
        let mut pages = Vec::with_capacity(produced.outputs.len());
        for o in produced.outputs {
            if let Some(c) = o.check {
                pages.push(c);
            }
            files.push((o.path, o.contents));
        }
        files.extend(loaded.assets.iter().cloned());
        let copied: Vec<&PathBuf> = produced
            .source_files
            .iter()
            .filter_map(|f| match &f.contents {
                FileContents::Copy(p) => Some(p),
                FileContents::Bytes(_) => None,
            })
            .collect();
        refresh_copies(&mut self.copies, &copied)?;
        for f in produced.source_files {
            let bytes = match f.contents {
                FileContents::Bytes(b) => Arc::new(b),
                FileContents::Copy(p) => match self.copies.get(&p) {
                    Some((_, _, b)) => b.clone(),
                    None => Arc::new(crate::error::read(&p)?),
                },
            };
            files.push((f.path, bytes));
        }
        // What the search index changed (its unchanged files stay as they are on disk).
        let search = self.search.pending().next().is_some().then(|| SearchFiles {
            changed: self
                .search
                .pending()
                .map(|(p, b)| (format!("search/{p}"), Arc::new(b.to_vec())))
                .collect(),
            all: self
                .search
                .paths()
                .into_iter()
                .map(|p| format!("search/{p}"))
                .collect(),
        });
        let plan = self.outputs.plan(files, search, &mut stages)?;
        let passed = self
            .outputs
            .check(&plan, &pages, &render::base_path(&site))?;
        stages.done(&format!("linkcheck ({} pages)", passed.checked));
        let applied = self.outputs.apply(plan, passed)?;
        self.search.commit();
        stages.done("write");
        let written = applied.written;
        Ok(Report {
            written,
            deleted: applied.deleted,
            deleted_other: applied.deleted_other,
            css_only: written > 0
                && !applied.deleted_other
                && changes.css
                && !changes.look
                && !changes.content
                && !changes.seeds
                && !changes.config,
            warnings,
            timings: stages.timings().to_vec(),
        })
    }
}

impl Drop for State {
    /// The scratch folder goes with the state (it may be in memory).
    fn drop(&mut self) {
        cleanup(&self.scratch);
    }
}

/// The templates and assets of the look, with pages remembered from now on.
fn load_look(site: &Site) -> Result<Loaded> {
    highlight::Highlighter::global();
    let look = Look::new(site)?;
    let built = assets::build(site, &look, &highlight::stylesheet())?;
    let mut templates = render::Templates::load(site, &look, &built.urls)?;
    templates.remember_pages();
    let assets = built
        .files
        .into_iter()
        .map(|f| {
            let bytes = match f.contents {
                FileContents::Bytes(b) => b,
                FileContents::Copy(p) => crate::error::read(&p)?,
            };
            Ok((f.path, Arc::new(bytes)))
        })
        .collect::<Result<_>>()?;
    Ok(Loaded { templates, assets })
}

/// Keep the bytes of every file to copy, reading only those new or changed (by size and
/// modification time) since the last rebuild, and forgetting those no longer copied.
fn refresh_copies(
    copies: &mut HashMap<PathBuf, (u64, SystemTime, Arc<Vec<u8>>)>,
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
        copies.insert(p, (len, t, Arc::new(b)));
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

/// Where watch mode writes the search index before copying what changed into the
/// output: in memory (`/dev/shm`) where there is such a file system, else beside the
/// output folder. The search stage rewrites its whole folder whenever its entries change;
/// on disk, under other processes' I/O, that alone took 30–160 ms on the seeds digest
/// (the file system's journal), in memory 2–5 ms.
fn scratch_dir(output: &Path) -> PathBuf {
    let in_memory = Path::new(SHM).join(format!(
        "{SHM_PREFIX}{}-{:016x}",
        std::process::id(),
        site_key(output)
    ));
    if std::fs::create_dir(&in_memory).is_ok() {
        return in_memory;
    }
    output.parent().unwrap_or(Path::new(".")).join(format!(
        "{}{}",
        scratch_prefix(output),
        std::process::id()
    ))
}

const SHM: &str = "/dev/shm";
const SHM_PREFIX: &str = "dossier-serve-";

/// Tells the scratch folders of different sites apart.
fn site_key(output: &Path) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = rustc_hash::FxHasher::default();
    output.hash(&mut h);
    h.finish()
}

/// `.public.serve-` for the output folder `public`.
fn scratch_prefix(output: &Path) -> String {
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    format!(".{name}.serve-")
}

/// Remove watch mode's scratch folder (on exit).
pub fn cleanup(scratch: &Path) {
    let _ = std::fs::remove_dir_all(scratch);
}

/// Remove the scratch folders that servers which did not exit cleanly (killed) left
/// behind, those whose process is gone: beside `output`, and in memory (any site's, as
/// they take memory until removed; only this user's).
pub fn cleanup_stale(output: &Path) {
    let beside = scratch_prefix(output);
    let places = [
        (output.parent().unwrap_or(Path::new(".")), beside.as_str()),
        (Path::new(SHM), SHM_PREFIX),
    ];
    for (dir, prefix) in places {
        let Ok(entries) = std::fs::read_dir(dir) else {
            continue;
        };
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            let pid = name
                .strip_prefix(prefix)
                .and_then(|rest| rest.split('-').next())
                .and_then(|p| p.parse::<u32>().ok());
            let stale = pid.is_some_and(|pid| pid != std::process::id() && !process_alive(pid));
            if stale && owned_by_me(&e.path()) {
                let _ = std::fs::remove_dir_all(e.path());
            }
        }
    }
}

#[cfg(unix)]
fn owned_by_me(path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (std::fs::metadata(path), std::fs::metadata("/proc/self")) {
        (Ok(p), Ok(me)) => p.uid() == me.uid(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn owned_by_me(_: &Path) -> bool {
    true
}

/// Whether process `pid` runs (where /proc tells; elsewhere assume it does).
fn process_alive(pid: u32) -> bool {
    let proc = Path::new("/proc");
    !proc.is_dir() || proc.join(pid.to_string()).exists()
}
