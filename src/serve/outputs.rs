//! Watch mode's output folder. Takes every file a rebuild produces (in memory, or in the
//! scratch search folder); gives the output folder up to date, writing only the files
//! whose bytes changed and deleting the ones no longer produced, after a link check of
//! what changed ([`linkcheck::Checker`]).
//!
//! It keeps the hash of every file in the output folder. A page handed back unchanged by
//! the page memo is the very same shared buffer as last time, so it is known unchanged
//! without hashing it; the search folder is looked at only when the search stage wrote to
//! it, and then only the files whose size or modification time changed are read.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use rayon::prelude::*;

use crate::build::Stages;
use crate::error::{Error, Result};
use crate::linkcheck;

type FxHashMap<K, V> = HashMap<K, V, rustc_hash::FxBuildHasher>;
type FxHashSet<K> = HashSet<K, rustc_hash::FxBuildHasher>;

fn hash_bytes(b: &[u8]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = rustc_hash::FxHasher::default();
    b.hash(&mut h);
    h.finish()
}

/// Where a file of the output comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Group {
    /// Pages, generated files, assets and copies, all in memory.
    Main,
    /// The search index, in the scratch search folder.
    Search,
    /// Found in the output folder when watch mode started.
    Found,
}

struct Kept {
    hash: u64,
    group: Group,
    /// The bytes, when they are shared with the page memo.
    bytes: Option<Arc<Vec<u8>>>,
}

/// A search file's size, modification time and inode, by which it is taken as unchanged.
type Stamp = (u64, SystemTime, u64);

/// The output folder as written.
pub struct Outputs {
    dir: PathBuf,
    files: FxHashMap<String, Kept>,
    checker: linkcheck::Checker,
    /// Scratch search folder file -> its stamp when last read.
    scratch: FxHashMap<String, Stamp>,
    /// `SearchMemo::writes` when the scratch search folder was last looked at.
    search_writes: Option<u64>,
}

/// What a rebuild changes in the output folder (nothing is written yet).
pub struct Plan {
    write: Vec<(String, Arc<Vec<u8>>, u64, Group)>,
    /// Unchanged files whose shared buffer is new (kept so they are known next time).
    rebind: Vec<(String, Arc<Vec<u8>>)>,
    delete: Vec<String>,
    added: Vec<String>,
    scratch: Option<(FxHashMap<String, Stamp>, u64)>,
}

/// What [`Outputs::apply`] did.
pub struct Applied {
    pub written: usize,
    pub deleted: usize,
    /// Whether anything besides stylesheets was deleted.
    pub deleted_other: bool,
}

impl Outputs {
    /// The output folder `dir` as it is on disk (the first rebuild then rewrites only
    /// what differs and deletes leftovers).
    pub fn new(dir: &Path) -> Outputs {
        let files: FxHashMap<String, Kept> = read_tree(dir)
            .unwrap_or_default()
            .into_par_iter()
            .map(|(p, b)| {
                let hash = hash_bytes(&b);
                let kept = Kept {
                    hash,
                    group: Group::Found,
                    bytes: None,
                };
                (p, kept)
            })
            .collect();
        let checker = linkcheck::Checker::new(files.keys().cloned());
        Outputs {
            dir: dir.to_path_buf(),
            files,
            checker,
            scratch: FxHashMap::default(),
            search_writes: None,
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Compare what a rebuild produced with what is written: `main` is every file in
    /// memory; the search index is in `search_dir`, looked at only if `search_writes`
    /// changed since the last time (timed apart, as "search sync").
    pub fn plan(
        &self,
        main: Vec<(String, Arc<Vec<u8>>)>,
        search_dir: &Path,
        search_writes: u64,
        stages: &mut Stages,
    ) -> Result<Plan> {
        let seen: FxHashSet<&str> = main.iter().map(|(p, _)| p.as_str()).collect();
        let unseen = |group| {
            self.files
                .iter()
                .filter(|(p, k)| k.group == group && !seen.contains(p.as_str()))
                .map(|(p, _)| p.clone())
                .collect::<Vec<String>>()
        };
        let mut delete = unseen(Group::Main);
        // Files found at start are gone unless produced or in the search folder.
        let found = unseen(Group::Found);
        let mut write = Vec::new();
        let mut rebind = Vec::new();
        let main: Vec<(String, Arc<Vec<u8>>, Option<u64>)> = main
            .into_par_iter()
            .map(|(p, b)| {
                let same = self
                    .files
                    .get(&p)
                    .and_then(|k| k.bytes.as_ref())
                    .is_some_and(|old| Arc::ptr_eq(old, &b));
                let hash = (!same).then(|| hash_bytes(&b));
                (p, b, hash)
            })
            .collect();
        for (p, b, hash) in main {
            let Some(hash) = hash else { continue };
            match self.files.get(&p) {
                Some(k) if k.hash == hash => rebind.push((p, b)),
                _ => write.push((p, b, hash, Group::Main)),
            }
        }
        stages.done("compare");

        let scan = if self.search_writes == Some(search_writes) {
            None
        } else {
            let files = scan_tree(search_dir)?.into_iter();
            Some(
                files
                    .map(|(rel, s)| (format!("search/{rel}"), s))
                    .collect::<FxHashMap<_, _>>(),
            )
        };
        if let Some(scan) = &scan {
            delete.extend(
                self.files
                    .iter()
                    .filter(|(p, k)| k.group == Group::Search && !scan.contains_key(*p))
                    .map(|(p, _)| p.clone()),
            );
        }
        delete.extend(
            found
                .into_iter()
                .filter(|p| scan.as_ref().is_none_or(|s| !s.contains_key(p))),
        );
        delete.sort();
        let mut stamps = FxHashMap::default();
        if let Some(scan) = scan {
            let stale: Vec<(String, Stamp)> = scan
                .into_iter()
                .filter_map(|(path, stamp)| {
                    let same =
                        self.scratch.get(&path) == Some(&stamp) && self.files.contains_key(&path);
                    stamps.insert(path.clone(), stamp);
                    (!same).then_some((path, stamp))
                })
                .collect();
            let read: Vec<(String, Vec<u8>)> = stale
                .into_par_iter()
                .map(|(path, _)| {
                    let file = search_dir.join(&path["search/".len()..]);
                    crate::error::read(&file).map(|b| (path, b))
                })
                .collect::<Result<_>>()?;
            for (path, b) in read {
                let hash = hash_bytes(&b);
                if self.files.get(&path).is_none_or(|k| k.hash != hash) {
                    write.push((path, Arc::new(b), hash, Group::Search));
                }
            }
        }
        let added = write
            .iter()
            .map(|(p, _, _, _)| p)
            .chain(rebind.iter().map(|(p, _)| p))
            .filter(|p| !self.files.contains_key(*p))
            .cloned()
            .collect();
        let scratch = (!stamps.is_empty() || self.search_writes != Some(search_writes))
            .then_some((stamps, search_writes));
        if scratch.is_some() {
            stages.done("search sync");
        }
        Ok(Plan {
            write,
            rebind,
            delete,
            added,
            scratch,
        })
    }

    /// Check the links of `pages` (every page) given the files the plan adds and deletes.
    pub fn check(
        &self,
        plan: &Plan,
        pages: &[Arc<linkcheck::Page>],
        base_path: &str,
    ) -> Result<linkcheck::Passed> {
        self.checker
            .check(pages, &plan.added, &plan.delete, base_path)
    }

    /// Write and delete what the plan says, and remember it (with the passed link check).
    pub fn apply(&mut self, plan: Plan, passed: linkcheck::Passed) -> Result<Applied> {
        let out = &self.dir;
        std::fs::create_dir_all(out).map_err(|e| Error::io(out, e))?;
        plan.write.par_iter().try_for_each(|(p, b, _, _)| {
            let path = out.join(p);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
            }
            // A rename, so a browser fetching the page never sees half of it.
            crate::error::write_atomic(&path, b)
        })?;
        for p in &plan.delete {
            let path = out.join(p);
            match std::fs::remove_file(&path) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                    return Err(Error::io(&path, e))
                }
                _ => {}
            }
            prune_empty(out, &path);
        }
        let applied = Applied {
            written: plan.write.len(),
            deleted: plan.delete.len(),
            deleted_other: plan.delete.iter().any(|p| !p.ends_with(".css")),
        };
        for p in &plan.delete {
            self.files.remove(p);
        }
        for (p, b, hash, group) in plan.write {
            let bytes = (group == Group::Main).then_some(b);
            self.files.insert(p, Kept { hash, group, bytes });
        }
        for (p, b) in plan.rebind {
            if let Some(k) = self.files.get_mut(&p) {
                k.group = Group::Main;
                k.bytes = Some(b);
            }
        }
        if let Some((stamps, writes)) = plan.scratch {
            for p in stamps.keys() {
                if let Some(k) = self.files.get_mut(p) {
                    k.group = Group::Search;
                }
            }
            self.scratch = stamps;
            self.search_writes = Some(writes);
        }
        self.checker.commit(passed);
        Ok(applied)
    }
}

#[cfg(unix)]
fn inode(meta: &std::fs::Metadata) -> u64 {
    std::os::unix::fs::MetadataExt::ino(meta)
}

#[cfg(not(unix))]
fn inode(_: &std::fs::Metadata) -> u64 {
    0
}

/// Every file under `dir` with its stamp, keyed by `/`-separated relative path.
fn scan_tree(dir: &Path) -> Result<FxHashMap<String, Stamp>> {
    if !dir.is_dir() {
        return Ok(FxHashMap::default());
    }
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(dir).min_depth(1) {
        let entry = entry.map_err(|e| Error::io(dir, e.into()))?;
        if entry.file_type().is_file() {
            files.push(entry.into_path());
        }
    }
    // Tens of thousands of files for a large site: stat them on every core.
    files
        .into_par_iter()
        .map(|path| {
            let meta = std::fs::metadata(&path).map_err(|e| Error::io(&path, e))?;
            let modified = meta.modified().map_err(|e| Error::io(&path, e))?;
            let stamp = (meta.len(), modified, inode(&meta));
            Ok((relative(dir, &path), stamp))
        })
        .collect()
}

fn relative(dir: &Path, path: &Path) -> String {
    path.strip_prefix(dir)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
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
            out.push((
                relative(dir, entry.path()),
                crate::error::read(entry.path())?,
            ));
        }
    }
    Ok(out)
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
