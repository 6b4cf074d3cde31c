//! Watch mode's documents and theme catalog. Takes the documents and themes folders;
//! gives the digest as `build::produce` takes it (documents in site order, their bodies
//! rendered, their fingerprints), kept between rebuilds.
//!
//! A rebuild only looks at each file's size and modification time: a document is read,
//! parsed and rendered again only when its file changed (or the catalog did, since bodies
//! link theme mentions), and the digest is re-sorted only when a document came, went or
//! changed. Nothing is copied from one rebuild to the next: the documents and bodies are
//! moved in and out of their slots.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use rayon::prelude::*;

use crate::content::{is_markdown_name, markdown_files, Document};
use crate::error::{Error, Result, Warning};
use crate::markdown::Rendered;
use crate::render::{fx_hash, DocPrint};
use crate::{build, render, xref};

/// A file's size and modification time, by which it is taken as unchanged.
type Stamp = (u64, SystemTime);

fn stamp(path: &Path) -> Option<Stamp> {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.len(), meta.modified().ok()?))
}

/// The theme catalog with its matcher.
pub struct Catalog {
    pub themes: Vec<xref::Theme>,
    pub matcher: xref::Matcher,
    pub warnings: Vec<Warning>,
    /// Hash of the catalog's files, names and bytes.
    pub print: u64,
    stamps: Vec<(PathBuf, Option<Stamp>)>,
}

impl Catalog {
    /// The catalog in `dir`, or `previous` when its files are the same and unchanged.
    pub fn load(dir: &Path, previous: Option<Catalog>) -> Result<Catalog> {
        let stamps: Vec<(PathBuf, Option<Stamp>)> = markdown_files(dir)?
            .into_iter()
            .map(|p| {
                let s = stamp(&p);
                (p, s)
            })
            .collect();
        if let Some(c) = previous.filter(|c| c.stamps == stamps) {
            return Ok(c);
        }
        let (themes, warnings) = xref::load_catalog(dir)?;
        let mut h = rustc_hash::FxHasher::default();
        for (p, _) in &stamps {
            p.hash(&mut h);
            std::fs::read(p).map_err(|e| Error::io(p, e))?.hash(&mut h);
        }
        Ok(Catalog {
            matcher: xref::Matcher::new(&themes),
            themes,
            warnings,
            print: h.finish(),
            stamps,
        })
    }
}

/// One document file.
struct Slot {
    stamp: Stamp,
    /// Hash of the file's path and text.
    file: u64,
    /// Hash of the slug and front matter.
    card: u64,
    warnings: Vec<Warning>,
    /// `None` while the document is in the digest ([`Docs::documents`]).
    doc: Option<Document>,
    rendered: Option<Rendered>,
}

type FxHashMap<K, V> = HashMap<K, V, rustc_hash::FxBuildHasher>;

/// Every document file, and the digest made of them.
#[derive(Default)]
pub struct Docs {
    slots: FxHashMap<PathBuf, Slot>,
    /// The digest, newest first (drafts only when asked for): what `produce` takes.
    pub documents: Vec<Document>,
    /// Each document's body, rendered (same order).
    pub rendered: Vec<Rendered>,
    /// Each document's fingerprints (same order).
    pub prints: Vec<DocPrint>,
    /// Each document's file (same order).
    paths: Vec<PathBuf>,
    /// The position in the digest of each of its files.
    index: FxHashMap<PathBuf, usize>,
    /// The catalog the bodies were rendered with.
    catalog: u64,
    /// Whether the slots match the files as of the last refresh (which succeeded), so
    /// that a list of the paths changed since is enough to bring them up to date.
    current: bool,
}

/// What changed among the document files.
struct Found {
    fresh: Vec<(PathBuf, Slot)>,
    gone: Vec<PathBuf>,
}

impl Docs {
    /// Bring the digest up to date with the files in `dir`: only the paths in `changed`
    /// when given (and the last refresh succeeded), else every file. Gives every
    /// document's warnings. On error (a document that does not parse) nothing changes.
    pub fn refresh(
        &mut self,
        dir: &Path,
        changed: Option<&BTreeSet<PathBuf>>,
        catalog: &Catalog,
        drafts: bool,
        stages: &mut build::Stages,
    ) -> Result<Vec<Warning>> {
        let found = match changed.filter(|_| self.current) {
            Some(paths) => self.look_at(dir, paths),
            None => self.look_at_all(dir),
        };
        self.current = false;
        let found = found?;
        stages.done("load");
        let catalog_changed = self.catalog != catalog.print;
        if catalog_changed || !found.gone.is_empty() || !self.updates_in_place(&found.fresh) {
            self.rearrange(found, catalog, drafts);
        } else {
            self.update_in_place(found.fresh, catalog);
        }
        stages.done("markdown");
        self.current = true;
        let mut warned: Vec<(&PathBuf, &Vec<Warning>)> = self
            .slots
            .iter()
            .filter(|(_, s)| !s.warnings.is_empty())
            .map(|(p, s)| (p, &s.warnings))
            .collect();
        warned.sort_by(|a, b| a.0.cmp(b.0));
        Ok(warned
            .into_iter()
            .flat_map(|(_, w)| w.iter().cloned())
            .collect())
    }

    /// The changes among `paths`, the only ones that may have changed.
    fn look_at(&self, dir: &Path, paths: &BTreeSet<PathBuf>) -> Result<Found> {
        let mut stale = Vec::new();
        let mut gone = Vec::new();
        for p in paths {
            if p.parent() != Some(dir) || !is_markdown_name(p) {
                continue;
            }
            // As `markdown_files`: regular files only, not symlinks.
            let is_file = std::fs::symlink_metadata(p).is_ok_and(|m| m.is_file());
            match stamp(p).filter(|_| is_file) {
                Some(s) if self.slots.get(p).is_none_or(|slot| slot.stamp != s) => {
                    stale.push((p.clone(), s))
                }
                Some(_) => {}
                None if self.slots.contains_key(p) => gone.push(p.clone()),
                None => {}
            }
        }
        Ok(Found {
            fresh: read_slots(stale)?,
            gone,
        })
    }

    /// The changes among every document file (by size and modification time).
    fn look_at_all(&self, dir: &Path) -> Result<Found> {
        let files = markdown_files(dir)?;
        let stamps: Vec<Option<Stamp>> = files.par_iter().map(|p| stamp(p)).collect();
        let mut stale = Vec::new();
        let mut present = HashSet::with_capacity(files.len());
        for (p, s) in files.iter().zip(&stamps) {
            let Some(s) = *s else { continue };
            present.insert(p);
            if self.slots.get(p).is_none_or(|slot| slot.stamp != s) {
                stale.push((p.clone(), s));
            }
        }
        let gone = self
            .slots
            .keys()
            .filter(|p| !present.contains(p))
            .cloned()
            .collect();
        Ok(Found {
            fresh: read_slots(stale)?,
            gone,
        })
    }

    /// Whether the digest keeps its order: every changed document shows the same card
    /// (which holds what the order depends on, and whether it is a draft).
    fn updates_in_place(&self, fresh: &[(PathBuf, Slot)]) -> bool {
        fresh
            .iter()
            .all(|(p, new)| self.slots.get(p).is_some_and(|old| old.card == new.card))
    }

    /// Put changed documents that keep their place into it.
    fn update_in_place(&mut self, fresh: Vec<(PathBuf, Slot)>, catalog: &Catalog) {
        let rendered: Vec<Option<Rendered>> = fresh
            .par_iter()
            .map(|(p, slot)| {
                let d = slot.doc.as_ref().filter(|_| self.index.contains_key(p))?;
                Some(build::render_body(d, &catalog.themes, &catalog.matcher))
            })
            .collect();
        for ((p, mut slot), r) in fresh.into_iter().zip(rendered) {
            if let (Some(&i), Some(r), Some(d)) = (self.index.get(&p), r, slot.doc.take()) {
                self.prints[i] = DocPrint {
                    page: fx_hash((slot.file, catalog.print)),
                    card: slot.card,
                };
                self.documents[i] = d;
                self.rendered[i] = r;
            }
            self.slots.insert(p, slot);
        }
    }

    /// Put the changed documents in, take the gone ones out, render what needs it and
    /// sort the digest again.
    fn rearrange(&mut self, found: Found, catalog: &Catalog, drafts: bool) {
        let digest = self
            .paths
            .drain(..)
            .zip(self.documents.drain(..))
            .zip(self.rendered.drain(..));
        for ((p, d), r) in digest {
            if let Some(slot) = self.slots.get_mut(&p) {
                slot.doc = Some(d);
                slot.rendered = Some(r);
            }
        }
        for p in found.gone {
            self.slots.remove(&p);
        }
        self.slots.extend(found.fresh);
        if self.catalog != catalog.print {
            self.catalog = catalog.print;
            for slot in self.slots.values_mut() {
                slot.rendered = None;
            }
        }
        let mut chosen: Vec<(&PathBuf, &mut Slot)> = self
            .slots
            .iter_mut()
            .filter(|(_, s)| s.doc.as_ref().is_some_and(|d| drafts || !d.meta.draft))
            .collect();
        chosen.sort_by(|a, b| match (&a.1.doc, &b.1.doc) {
            (Some(x), Some(y)) => render::document_order(x, y),
            _ => std::cmp::Ordering::Equal,
        });
        chosen.par_iter_mut().for_each(|(_, slot)| {
            if slot.rendered.is_none() {
                if let Some(d) = &slot.doc {
                    slot.rendered = Some(build::render_body(d, &catalog.themes, &catalog.matcher));
                }
            }
        });
        self.prints.clear();
        self.index.clear();
        for (p, slot) in chosen {
            if let (Some(d), Some(r)) = (slot.doc.take(), slot.rendered.take()) {
                self.prints.push(DocPrint {
                    page: fx_hash((slot.file, catalog.print)),
                    card: slot.card,
                });
                self.index.insert(p.clone(), self.paths.len());
                self.paths.push(p.clone());
                self.documents.push(d);
                self.rendered.push(r);
            }
        }
    }

    /// Look at every file next time (changes the watcher reported were not seen).
    pub fn forget_changes(&mut self) {
        self.current = false;
    }

    /// Forget everything (a config change: the folders may have moved).
    pub fn clear(&mut self) {
        *self = Docs::default();
    }
}

/// Read and parse the files; every error is reported.
fn read_slots(stale: Vec<(PathBuf, Stamp)>) -> Result<Vec<(PathBuf, Slot)>> {
    let read: Vec<Result<(PathBuf, Slot)>> = stale
        .into_par_iter()
        .map(|(p, s)| read_slot(&p, s).map(|slot| (p, slot)))
        .collect();
    let mut fresh = Vec::with_capacity(read.len());
    let mut errors = Vec::new();
    for r in read {
        match r {
            Ok(x) => fresh.push(x),
            Err(e) => errors.push(e),
        }
    }
    Error::all(errors)?;
    Ok(fresh)
}

fn read_slot(path: &Path, stamp: Stamp) -> Result<Slot> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let (doc, warnings) = Document::parse(path, &text)?;
    let card = match serde_json::to_vec(&doc.meta) {
        Ok(meta) => fx_hash((&doc.slug, meta)),
        // Not expected; the whole file then stands for the card.
        Err(_) => fx_hash((&doc.slug, &text)),
    };
    Ok(Slot {
        stamp,
        file: fx_hash((path, &text)),
        card,
        warnings,
        doc: Some(doc),
        rendered: None,
    })
}
