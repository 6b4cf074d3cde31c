//! Watch mode's output folder. Takes every file a rebuild produces (in memory; for the
//! search index, only the files its update changed; for late files, a fingerprint and a
//! way to write them); gives the output folder up to date, writing only the files whose
//! bytes changed and deleting the ones no longer produced, after a link check of what
//! changed ([`linkcheck::Checker`]).
//!
//! It keeps the hash of every file in the output folder. A page handed back unchanged by
//! the page memo is the very same shared buffer as last time, so it is known unchanged
//! without hashing it; the search index hands over only the files it changed, and the
//! list of all its files only when that may have changed. Late files (`xref.json`; the
//! pages, after a stylesheet rename) are written by a thread of their own after the
//! rebuild returns, and [`LateWrites`] lets the HTTP server wait for them.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};

use rayon::prelude::*;

use crate::build::{self, Stages};
use crate::error::{Error, Result, Warning};
use crate::linkcheck;

type FxHashMap<K, V> = HashMap<K, V, rustc_hash::FxBuildHasher>;
type FxHashSet<K> = HashSet<K, rustc_hash::FxBuildHasher>;

type Bytes = Arc<Vec<u8>>;

/// A late file (its path) and whether it was written.
type LateResult = (String, Result<()>);

fn hash_bytes(b: &[u8]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = rustc_hash::FxHasher::default();
    b.hash(&mut h);
    h.finish()
}

/// What [`Outputs::plan`] found of a file in memory.
enum Seen {
    /// The very buffer written last time.
    Same,
    /// Known to differ, not hashed.
    Changed,
    Hashed(u64),
}

/// Where a file of the output comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Group {
    /// Pages, generated files, assets and copies, all in memory.
    Main,
    /// The search index (its bytes stay with the index).
    Search,
    /// Found in the output folder when watch mode started.
    Found,
}

struct Kept {
    /// `None` for a page written without hashing it (see [`Outputs::plan`]): equal to
    /// no hash, so it is written again whenever its buffer changes.
    hash: Option<u64>,
    group: Group,
    /// The bytes, when they are shared with the page memo.
    bytes: Option<Arc<Vec<u8>>>,
}

/// What the search index changed since the output was last written.
pub struct SearchFiles {
    /// Changed (or new) files, with their bytes, paths under the output folder.
    pub changed: Vec<(String, Arc<Vec<u8>>)>,
    /// Every file of the index (those not listed are deleted).
    pub all: FxHashSet<String>,
}

/// The output folder as written.
pub struct Outputs {
    dir: PathBuf,
    files: FxHashMap<String, Kept>,
    checker: linkcheck::Checker,
    /// The late files being written (shared with the HTTP server).
    writes: Arc<LateWrites>,
    /// The thread writing them, and what it writes.
    writer: Option<(std::thread::JoinHandle<Vec<LateResult>>, Vec<String>)>,
}

/// The late files ([`build::LateFile`]) being written after a rebuild: a request for
/// one waits until it is written, so it is never served stale.
#[derive(Default)]
pub struct LateWrites {
    paths: Mutex<FxHashSet<String>>,
    done: Condvar,
}

impl LateWrites {
    /// Whether `path` (under the output folder) is being written.
    pub fn pending(&self, path: &str) -> bool {
        self.lock().contains(path)
    }

    /// Wait until `path` is written (or its write failed).
    pub fn wait_for(&self, path: &str) {
        self.wait_while(|paths| paths.contains(path));
    }

    /// Wait until every late file is written.
    pub fn wait_all(&self) {
        self.wait_while(|paths| !paths.is_empty());
    }

    fn wait_while(&self, busy: impl FnMut(&mut FxHashSet<String>) -> bool) {
        let _unlocked = self
            .done
            .wait_while(self.lock(), busy)
            .unwrap_or_else(|e| e.into_inner());
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, FxHashSet<String>> {
        self.paths.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn finish(&self, path: &str) {
        self.lock().remove(path);
        self.done.notify_all();
    }

    /// Nothing is being written any more (should the writer have stopped short).
    fn finish_all(&self) {
        self.lock().clear();
        self.done.notify_all();
    }
}

/// What a rebuild changes in the output folder (nothing is written yet).
pub struct Plan {
    write: Vec<(String, Arc<Vec<u8>>, u64, Group)>,
    /// Late files whose fingerprint changed.
    late: Vec<build::LateFile>,
    /// Pages to write after the others (see [`Outputs::plan`]).
    late_pages: Vec<(String, Bytes)>,
    /// Unchanged files whose shared buffer is new (kept so they are known next time),
    /// and where they now come from.
    rebind: Vec<(String, Option<Bytes>, Group)>,
    delete: Vec<String>,
    added: Vec<String>,
}

/// What [`Outputs::apply`] did.
pub struct Applied {
    pub written: usize,
    pub deleted: usize,
    /// Whether anything besides stylesheets was deleted.
    pub deleted_other: bool,
}

impl Drop for Outputs {
    /// The late files are written before the folder is left (at exit, or when the
    /// output folder moves).
    fn drop(&mut self) {
        self.settle();
    }
}

impl Outputs {
    /// The output folder `dir` as it is on disk (the first rebuild then rewrites only
    /// what differs and deletes leftovers).
    pub fn new(dir: &Path, writes: Arc<LateWrites>) -> Outputs {
        let files: FxHashMap<String, Kept> = hash_tree(dir)
            .unwrap_or_default()
            .into_iter()
            .map(|(p, hash)| {
                let kept = Kept {
                    hash: Some(hash),
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
            writes,
            writer: None,
        }
    }

    /// Wait for the late files of the last rebuild to be written. Those that could not
    /// be are forgotten, so the next rebuild writes them again; their errors are given
    /// back as warnings.
    pub fn settle(&mut self) -> Vec<Warning> {
        let Some((writer, paths)) = self.writer.take() else {
            return Vec::new();
        };
        let results: Vec<(String, std::result::Result<(), String>)> = match writer.join() {
            Ok(results) => results
                .into_iter()
                .map(|(p, r)| (p, r.map_err(|e| e.to_string())))
                .collect(),
            // Never expected: then none of them is known to be written.
            Err(_) => paths
                .into_iter()
                .map(|p| (p, Err("writing stopped short".to_string())))
                .collect(),
        };
        // One writer at a time: whatever is still marked as being written was its.
        self.writes.finish_all();
        let mut warnings = Vec::new();
        for (path, result) in results {
            if let Err(e) = result {
                self.files.remove(&path);
                warnings.push(Warning {
                    path: self.dir.join(&path),
                    line: None,
                    message: format!("{e}; it is written again by the next rebuild"),
                });
            }
        }
        warnings
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Compare what a rebuild produced with what is written: `main` is every file in
    /// memory but the search index; `search` is what the index changed, `None` when
    /// nothing.
    ///
    /// With `pages_late`, changed HTML pages are written after the others, like the late
    /// files: when a stylesheet was renamed, every page changes (it names the stylesheet)
    /// and the open page is told the new name instead of reloading.
    pub fn plan(
        &self,
        main: Vec<(String, Arc<Vec<u8>>)>,
        late: Vec<build::LateFile>,
        pages_late: bool,
        search: Option<SearchFiles>,
        stages: &mut Stages,
    ) -> Result<Plan> {
        let seen: FxHashSet<&str> = main
            .iter()
            .map(|(p, _)| p.as_str())
            .chain(late.iter().map(|f| f.path.as_str()))
            .collect();
        let unseen = |group| {
            self.files
                .iter()
                .filter(|(p, k)| k.group == group && !seen.contains(p.as_str()))
                .map(|(p, _)| p.clone())
                .collect::<Vec<String>>()
        };
        let mut delete = unseen(Group::Main);
        // Files found at start are gone unless produced or part of the search index.
        let found = unseen(Group::Found);
        let mut write = Vec::new();
        let mut rebind = Vec::new();
        let mut late_pages = Vec::new();
        let main: Vec<(String, Arc<Vec<u8>>, Seen)> = main
            .into_par_iter()
            .map(|(p, b)| {
                let same = self
                    .files
                    .get(&p)
                    .and_then(|k| k.bytes.as_ref())
                    .is_some_and(|old| Arc::ptr_eq(old, &b));
                let seen = if same {
                    Seen::Same
                } else if pages_late && p.ends_with(".html") {
                    // Every page names the renamed stylesheet: hashing them all (hundreds
                    // of megabytes for a big digest) would tell nothing.
                    Seen::Changed
                } else {
                    Seen::Hashed(hash_bytes(&b))
                };
                (p, b, seen)
            })
            .collect();
        for (p, b, seen) in main {
            match seen {
                Seen::Same => {}
                Seen::Changed => late_pages.push((p, b)),
                Seen::Hashed(hash) => match self.files.get(&p) {
                    Some(k) if k.hash == Some(hash) => rebind.push((p, Some(b), Group::Main)),
                    _ => write.push((p, b, hash, Group::Main)),
                },
            }
        }
        // A late file's fingerprint stands for its bytes (one found on disk at start
        // has a plain hash instead, so it is written once).
        let late: Vec<build::LateFile> = late
            .into_iter()
            .filter(|f| {
                self.files
                    .get(&f.path)
                    .is_none_or(|k| k.hash != Some(f.print) || k.group != Group::Main)
            })
            .collect();
        stages.done("compare");

        match &search {
            Some(s) => {
                delete.extend(
                    self.files
                        .iter()
                        .filter(|(p, k)| k.group == Group::Search && !s.all.contains(*p))
                        .map(|(p, _)| p.clone()),
                );
                delete.extend(found.into_iter().filter(|p| !s.all.contains(p)));
            }
            None => delete.extend(found),
        }
        delete.sort();
        if let Some(s) = search {
            for (p, b) in s.changed {
                let hash = hash_bytes(&b);
                match self.files.get(&p) {
                    // Unchanged on disk (e.g. found there at start): now the index's.
                    Some(k) if k.hash == Some(hash) => rebind.push((p, Some(b), Group::Search)),
                    _ => write.push((p, b, hash, Group::Search)),
                }
            }
            stages.done("search files");
        }
        let added = write
            .iter()
            .map(|(p, _, _, _)| p)
            .chain(rebind.iter().map(|(p, _, _)| p))
            .chain(late.iter().map(|f| &f.path))
            .chain(late_pages.iter().map(|(p, _)| p))
            .filter(|p| !self.files.contains_key(*p))
            .cloned()
            .collect();
        Ok(Plan {
            write,
            late,
            late_pages,
            rebind,
            delete,
            added,
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
    /// The late files are written by a thread of their own, which [`Outputs::settle`]
    /// waits for (the next rebuild does, before it plans).
    pub fn apply(&mut self, plan: Plan, passed: linkcheck::Passed) -> Result<Applied> {
        self.settle();
        let out = &self.dir;
        std::fs::create_dir_all(out).map_err(|e| Error::io(out, e))?;
        plan.write.par_iter().try_for_each(|(p, b, _, _)| {
            let path = crate::paths::join_inside(out, p)?;
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
            }
            // A rename, so a browser fetching the page never sees half of it.
            crate::error::write_atomic(&path, b)
        })?;
        for p in &plan.delete {
            let path = crate::paths::join_inside(out, p)?;
            match std::fs::remove_file(&path) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                    return Err(Error::io(&path, e))
                }
                _ => {}
            }
            prune_empty(out, &path);
        }
        let applied = Applied {
            written: plan.write.len() + plan.late.len() + plan.late_pages.len(),
            deleted: plan.delete.len(),
            deleted_other: plan.delete.iter().any(|p| !p.ends_with(".css")),
        };
        for p in &plan.delete {
            self.files.remove(p);
        }
        for (p, b, hash, group) in plan.write {
            let bytes = (group == Group::Main).then_some(b);
            let hash = Some(hash);
            self.files.insert(p, Kept { hash, group, bytes });
        }
        for (p, b, group) in plan.rebind {
            if let Some(k) = self.files.get_mut(&p) {
                k.group = group;
                k.bytes = b.filter(|_| group == Group::Main);
            }
        }
        self.checker.commit(passed);
        self.write_late(plan.late, plan.late_pages);
        Ok(applied)
    }

    /// Renamed stylesheets and the pages rewritten for them, into the link check as if
    /// checked (see [`linkcheck::Checker::replace`]).
    pub fn replace_checked(&mut self, renamed: &crate::render::AssetRenames) {
        self.checker.replace(&renamed.files, &renamed.pages);
    }

    /// Start writing the late files and pages (known as written from now on; see
    /// [`settle`]).
    ///
    /// [`settle`]: Outputs::settle
    fn write_late(&mut self, late: Vec<build::LateFile>, pages: Vec<(String, Bytes)>) {
        if late.is_empty() && pages.is_empty() {
            return;
        }

        for f in &late {
            let kept = Kept {
                hash: Some(f.print),
                group: Group::Main,
                bytes: None,
            };
            self.files.insert(f.path.clone(), kept);
        }
        for (p, b) in &pages {
            let kept = Kept {
                hash: None,
                group: Group::Main,
                bytes: Some(b.clone()),
            };
            self.files.insert(p.clone(), kept);
        }
        let paths: Vec<String> = late
            .iter()
            .map(|f| f.path.clone())
            .chain(pages.iter().map(|(p, _)| p.clone()))
            .collect();
        self.writes.lock().extend(paths.iter().cloned());
        let (dir, writes) = (self.dir.clone(), self.writes.clone());
        let handle = std::thread::spawn(move || {
            let mut results: Vec<LateResult> = pages
                .into_iter()
                .map(|(p, b)| {
                    let result = crate::paths::join_inside(&dir, &p)
                        .and_then(|path| crate::error::write_atomic(&path, &b));
                    writes.finish(&p);
                    (p, result)
                })
                .collect();
            results.extend(late.into_iter().map(|f| {
                let path = f.path.clone();
                let result = build::write_late(&dir, f);
                writes.finish(&path);
                (path, result)
            }));
            results
        });
        self.writer = Some((handle, paths));
    }
}

fn relative(dir: &Path, path: &Path) -> String {
    path.strip_prefix(dir)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

/// Every file under `dir` with the hash of its bytes, keyed by `/`-separated relative
/// path. Files are read one at a time per thread, never held together: a big digest's
/// output is hundreds of megabytes.
fn hash_tree(dir: &Path) -> Result<Vec<(String, u64)>> {
    let mut paths: Vec<(String, PathBuf)> = Vec::new();
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    for entry in walkdir::WalkDir::new(dir).min_depth(1) {
        let entry = entry.map_err(|e| Error::io(dir, e.into()))?;
        if entry.file_type().is_file() {
            paths.push((relative(dir, entry.path()), entry.into_path()));
        }
    }
    paths
        .into_par_iter()
        .map(|(rel, path)| Ok((rel, hash_bytes(&crate::error::read(&path)?))))
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
