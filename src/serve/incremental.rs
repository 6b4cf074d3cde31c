//! Incremental rebuilds for watch mode. Takes a site and the kinds of files that changed;
//! gives an up-to-date output folder, byte-identical to what `dossier build` writes, and
//! says what changed (pages or only stylesheets).
//!
//! The state kept between rebuilds, each part reused while its inputs are unchanged:
//! - the documents, parsed and rendered (`docs`: by file size and modification time,
//!   or only the files the watcher saw change), and the theme catalog;
//! - the look (templates and bundled CSS, reloaded only when a look file changes) and
//!   every page rendered, found again by a fingerprint of its inputs and templates
//!   (`render::Templates::remember_pages`, [`render::DocPrint`]), kept across template
//!   changes (`adopt_pages`) and rewritten in place when a stylesheet is renamed
//!   (`rename_assets`);
//! - each document's mentions, the related documents, the theme pages and the pieces of
//!   `xref.json` (`reuse`);
//! - the search index, in memory, patched where entries changed (only its changed files
//!   are handed over), and the copied seeds;
//! - the hash of every output file and the link check of the last good build
//!   (`outputs`): only changed files are written, only pages that
//!   changed or whose links may now lead elsewhere are link-checked.
//!
//! A failed rebuild writes nothing, so the last good build stays in place. Files no page
//! needs at once (`xref.json`; the pages, after a stylesheet rename) are written after
//! the rebuild returns, by a thread of their own ([`LateWrites`]).

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use rayon::prelude::*;

use super::docs::{Catalog, Docs};
pub use super::outputs::LateWrites;
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
    /// Stylesheets renamed (old file name, new file name), for open pages to swap.
    pub css_renamed: Vec<(String, String)>,
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
    /// The late files being written (the HTTP server waits for them).
    writes: Arc<LateWrites>,
    /// Whether the rebuild under way rewrote the remembered pages for renamed
    /// stylesheets (undone if it fails).
    renamed_in_place: bool,
    /// The changes of the last rebuild, if it failed.
    unfinished: Changes,
    /// Copied file (documents' seeds) -> (size, mtime, bytes), reused while unchanged.
    copies: HashMap<PathBuf, (u64, SystemTime, Arc<Vec<u8>>)>,
}

impl State {
    /// Only stylesheets changed: compile them, and when only their names changed, keep
    /// the templates and rewrite the remembered pages to name the new files (see
    /// `render::Templates::rename_assets`); otherwise load the look afresh.
    fn refresh_css(&mut self, site: &Site) -> Result<Option<render::AssetRenames>> {
        let look = Look::new(site)?;
        let (urls, assets) = build_assets(site, &look)?;
        if let Some(loaded) = self.loaded.as_mut() {
            if let Some(renamed) = loaded.templates.rename_assets(&urls) {
                loaded.assets = assets;
                self.renamed_in_place = true;
                return Ok(Some(renamed));
            }
        }
        self.loaded = Some(load_templates(site, &look, &urls, assets)?);
        Ok(None)
    }

    /// A state with nothing cached; the output folder is written by [`State::rebuild`].
    pub fn new(root: &Path, drafts: bool, base_url: Option<String>) -> Result<State> {
        let site = load_site(root, base_url.as_deref())?;
        let writes = Arc::new(LateWrites::default());
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
            outputs: Outputs::new(&site.output_dir(), writes.clone()),
            writes,
            renamed_in_place: false,
            unfinished: Changes::default(),
            copies: HashMap::new(),
        })
    }

    pub fn output(&self) -> &Path {
        self.outputs.dir()
    }

    /// The late files being written: [`LateWrites::wait_for`] one before reading it.
    pub fn late_writes(&self) -> Arc<LateWrites> {
        self.writes.clone()
    }

    /// Wait until the last rebuild's late files are written; gives what could not be.
    pub fn settle(&mut self) -> Vec<Warning> {
        self.outputs.settle()
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
            if self.renamed_in_place {
                // The remembered pages and the link check name stylesheets that were not
                // written: start afresh from the look and the output folder.
                self.loaded = None;
                self.outputs = Outputs::new(self.outputs.dir(), self.writes.clone());
            }
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
                self.outputs = Outputs::new(&site.output_dir(), self.writes.clone());
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
            self.outputs = Outputs::new(self.outputs.dir(), self.writes.clone());
        }
        let mut documents = documents;
        if (changes.seeds || changes.config) && site.seeds_dir().is_dir() {
            let ingested = ingest::ingest_site(&site, &ingest::Options::default())?;
            warnings.extend(ingested.warnings);
            // Ingest may have rewritten any document.
            documents = None;
        }
        stages.done("ingest");
        self.renamed_in_place = false;
        let mut renamed = None;
        if changes.look || self.loaded.is_none() {
            let mut fresh = load_look(&site)?;
            if let Some(old) = self.loaded.take() {
                // Pages whose templates are unchanged are not rendered again.
                fresh.templates.adopt_pages(old.templates);
            }
            self.loaded = Some(fresh);
        } else if changes.css {
            renamed = self.refresh_css(&site)?;
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
            &loaded.templates,
            build::SearchOutput::Memo(&mut self.search),
            &mut stages,
            &mut warnings,
            self.drafts,
            None,
            &mut self.memo,
        )?;
        // Cited passages that changed (the preview never writes dossier.lock).
        warnings.extend(produced.citations.drift.iter().cloned());
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
        // The last rebuild's late files are written by now (those that failed are
        // written again).
        warnings.extend(self.outputs.settle());
        let base_path = render::base_path(&site);
        let pages_late = renamed.as_ref().is_some_and(|r| !r.names.is_empty());
        if let Some(r) = &renamed {
            // Rewritten pages that passed before still pass: only stylesheet names changed.
            self.outputs.replace_checked(r);
        }
        let plan = self
            .outputs
            .plan(files, produced.late, pages_late, search, &mut stages)?;
        let passed = self.outputs.check(&plan, &pages, &base_path)?;
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
            css_renamed: renamed.map(|r| r.names).unwrap_or_default(),
            warnings,
            timings: stages.timings().to_vec(),
        })
    }
}

/// The templates and assets of the look, with pages remembered from now on.
fn load_look(site: &Site) -> Result<Loaded> {
    let look = Look::new(site)?;
    let (urls, assets) = build_assets(site, &look)?;
    load_templates(site, &look, &urls, assets)
}

/// The look's templates, given its static files (from [`build_assets`]).
fn load_templates(
    site: &Site,
    look: &Look,
    urls: &BTreeMap<String, String>,
    assets: Vec<(String, Arc<Vec<u8>>)>,
) -> Result<Loaded> {
    highlight::Highlighter::global();
    let mut templates = render::Templates::load(site, look, urls)?;
    templates.remember_pages();
    Ok(Loaded { templates, assets })
}

/// The look's static files (stylesheets compiled): logical names -> output paths, and
/// the files.
type Assets = (BTreeMap<String, String>, Vec<(String, Arc<Vec<u8>>)>);

fn build_assets(site: &Site, look: &Look) -> Result<Assets> {
    let built = assets::build(site, look, &highlight::stylesheet())?;
    let files = built
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
    Ok((built.urls, files))
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
    crate::paths::check_site(&site)?;
    if let Some(url) = base_url {
        site.config.base_url = url.to_string();
    }
    Ok(site)
}
