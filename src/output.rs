//! The output folder on disk. Takes the bytes of every output file by its site path;
//! gives a complete new output folder swapped in atomically, in which every file whose
//! bytes did not change since the previous build is a hard link to the previous one
//! instead of a new write.
//!
//! How it stays atomic and cheap:
//! - a build writes into a staging folder beside the output (`.public.tmp-<pid>`) and
//!   swaps it in only when complete, so the previous output stays whole until then;
//! - a manifest beside the output (`.public.manifest.json`) records each file's content
//!   hash, length and modification time; a file whose new bytes hash the same, and whose
//!   previous copy still has the recorded length and time (nobody edited it), is linked
//!   instead of written (copied where the file system has no hard links);
//! - the output a build replaces is kept beside the new one as a spare
//!   (`.public.spare`, its manifest `.public.spare.json`) and the next build stages into
//!   it: its files that already hold the new bytes stay as they are, the others are
//!   replaced or removed. A rebuild that changes a few pages then touches a few files,
//!   instead of linking every file into a new tree and deleting the old tree (two
//!   seconds of file system work at 10,000 documents). Unchanged files are the same
//!   inode in both trees, so the spare costs directories, not bytes; no file shared with
//!   the live output is ever written in place (a changed one is unlinked first);
//! - the manifest also records, for each file its maker fingerprinted, the fingerprint of
//!   the inputs it was made from ([`Staged::set_keys`]); the next build reads such a
//!   file back ([`Previous::read`]) instead of making it again when the fingerprint is
//!   the same, so a rebuild renders only the pages whose inputs changed;
//! - a lock on the folder holding the output is held for the whole build: a second
//!   build of the same output waits for the first, and any staging or old folder found
//!   while holding the lock belongs to a build that died (killed, power cut), so it is
//!   removed: debris never accumulates and is never confused with a running build's.
//!
//! The lowest stage of the pipeline: it knows files and bytes, nothing about pages.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use crate::{Error, Result};

/// The manifest's format; a different one is ignored (everything is written anew).
const MANIFEST_VERSION: u32 = 1;

/// What the previous build left, per site path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
struct Entry {
    /// xxh3-128 of the bytes, as two halves (JSON numbers are not 128-bit).
    hash: [u64; 2],
    len: u64,
    /// Modification time in nanoseconds since the epoch, as read back after writing.
    mtime: i128,
}

#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Manifest {
    version: u32,
    /// Fingerprint of everything the build read (see [`Staged::set_inputs`]).
    #[serde(default)]
    pub inputs: Option<String>,
    /// The warnings that build printed, replayed when a build finds nothing changed.
    #[serde(default)]
    warnings: Vec<(PathBuf, Option<usize>, String)>,
    files: HashMap<String, Entry>,
    /// Site path -> the fingerprint of what the file was made from, as the build that
    /// made it gave it (see [`Staged::set_keys`]): a build that makes the file from the
    /// same inputs reads it back instead ([`Previous::read`]).
    #[serde(default)]
    keys: HashMap<String, u64>,
}

impl Manifest {
    /// The warnings of the build that wrote this manifest.
    pub fn warnings(&self) -> Vec<crate::Warning> {
        self.warnings
            .iter()
            .map(|(path, line, message)| crate::Warning {
                path: path.clone(),
                line: *line,
                message: message.clone(),
            })
            .collect()
    }

    /// The manifest of `output`, or an empty one when missing, unreadable or of another
    /// version (a rebuild then simply writes everything).
    pub fn load(output: &Path) -> Manifest {
        let path = sibling(output, "manifest.json");
        std::fs::read(&path)
            .ok()
            .and_then(|b| serde_json::from_slice::<Manifest>(&b).ok())
            .filter(|m| m.version == MANIFEST_VERSION)
            .unwrap_or_default()
    }

    /// True when `output` still holds exactly the files this manifest lists, unedited
    /// (length and modification time as recorded). Stats every file: cheap next to
    /// reading them.
    pub fn matches_disk(&self, output: &Path) -> bool {
        if self.files.is_empty() || !output.is_dir() {
            return false;
        }
        let listed = self.files.iter().all(|(rel, e)| {
            std::fs::symlink_metadata(output.join(rel)).is_ok_and(|m| same_file(&m, e))
        });
        listed && count_files(output) == Some(self.files.len())
    }
}

fn count_files(dir: &Path) -> Option<usize> {
    let mut n = 0;
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.ok()?;
        if !entry.file_type().is_dir() {
            n += 1;
        }
    }
    Some(n)
}

fn mtime_of(meta: &std::fs::Metadata) -> i128 {
    meta.modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map(|d| d.as_nanos() as i128)
        .unwrap_or(-1)
}

fn same_file(meta: &std::fs::Metadata, e: &Entry) -> bool {
    meta.is_file() && meta.len() == e.len && mtime_of(meta) == e.mtime
}

fn hash_of(bytes: &[u8]) -> [u64; 2] {
    let h = xxhash_rust::xxh3::xxh3_128(bytes);
    [(h >> 64) as u64, h as u64]
}

/// The previous output's files that a build may read back instead of making them again:
/// each unedited file with the fingerprint of the inputs it was made from.
#[derive(Debug, Default)]
pub struct Previous {
    output: PathBuf,
    files: HashMap<String, (Entry, u64)>,
}

impl Previous {
    /// The bytes of the previous output's file at `rel` when it was made from inputs
    /// fingerprinted `key`, and is still as that build left it (length, time and hash as
    /// recorded); `None` otherwise.
    pub fn read(&self, rel: &str, key: u64) -> Option<Vec<u8>> {
        let (entry, made_from) = self.files.get(rel)?;
        if *made_from != key {
            return None;
        }
        let path = crate::paths::join_inside(&self.output, rel).ok()?;
        if !is_unedited(&path, entry) {
            return None;
        }
        let bytes = std::fs::read(&path).ok()?;
        (bytes.len() as u64 == entry.len && hash_of(&bytes) == entry.hash).then_some(bytes)
    }
}

/// What one build wrote, for the report and the host check.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stats {
    pub files: usize,
    pub bytes: u64,
    /// Files whose bytes changed or are new (the rest were linked).
    pub written: usize,
    /// The largest file: site path and bytes.
    pub largest: Option<(String, u64)>,
}

/// A build's output being staged: write files into it from any thread, then
/// [`commit`](Staged::commit) or [`discard`](Staged::discard).
pub struct Staged {
    output: PathBuf,
    dir: PathBuf,
    previous: Manifest,
    /// The files the staging folder already held when it started: a recycled spare's
    /// (see [`claim_spare`]); empty for a new folder.
    recycled: HashMap<String, Entry>,
    entries: Mutex<HashMap<String, Entry>>,
    largest: Mutex<Option<(String, u64)>>,
    bytes: AtomicU64,
    written: AtomicUsize,
    /// Set once hard links fail (a file system without them): copy from then on.
    no_links: AtomicBool,
    inputs: Option<String>,
    keys: HashMap<String, u64>,
    _lock: std::fs::File,
}

impl Staged {
    /// Take the output's lock (waiting for a running build of the same output), remove
    /// what dead builds left, and create an empty staging folder.
    pub fn new(output: &Path) -> Result<Staged> {
        let lock = lock_output(output)?;
        remove_debris(output)?;
        let dir = sibling(output, &format!("tmp-{}", std::process::id()));
        let recycled = claim_spare(output, &dir)?;
        std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
        let previous = Manifest::load(output);
        Ok(Staged {
            output: output.to_path_buf(),
            dir,
            previous,
            recycled,
            entries: Mutex::default(),
            largest: Mutex::default(),
            bytes: AtomicU64::new(0),
            written: AtomicUsize::new(0),
            no_links: AtomicBool::new(false),
            inputs: None,
            keys: HashMap::new(),
            _lock: lock,
        })
    }

    /// The staging folder (for the few writers that need a path, such as tests).
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The output folder this build replaces (whole until the swap).
    pub fn output(&self) -> &Path {
        &self.output
    }

    /// The manifest of the output this build replaces.
    pub fn previous(&self) -> &Manifest {
        &self.previous
    }

    /// Record the fingerprint of the build's inputs in the manifest written on commit.
    pub fn set_inputs(&mut self, fingerprint: String) {
        self.inputs = Some(fingerprint);
    }

    /// The previous output's files made from known inputs (see [`Staged::set_keys`]),
    /// for reading back the ones made from the same inputs this time.
    pub fn previous_files(&self) -> Previous {
        let files = self
            .previous
            .keys
            .iter()
            .filter_map(|(rel, key)| Some((rel.clone(), (*self.previous.files.get(rel)?, *key))))
            .collect();
        Previous {
            output: self.output.clone(),
            files,
        }
    }

    /// Record, for the manifest written on commit, the fingerprint of the inputs each
    /// file was made from (site path -> fingerprint; paths not staged are left out).
    pub fn set_keys(&mut self, keys: HashMap<String, u64>) {
        self.keys = keys;
    }

    /// Write `bytes` at site path `rel` (`documents/x/index.html`), or link the previous
    /// build's copy when it has these very bytes.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        let target = crate::paths::join_inside(&self.dir, rel)?;
        let hash = hash_of(bytes);
        let len = bytes.len() as u64;
        if let Some(e) = self.recycled.get(rel) {
            if e.hash == hash && e.len == len && is_unedited(&target, e) {
                // The recycled spare already holds these bytes.
                self.note(rel, *e);
                return Ok(());
            }
        }
        if !self.recycled.is_empty() {
            // Whatever is there may be the live output's inode: never write through it.
            clear_path(&self.dir, &target)?;
        }
        let linked = match self.previous.files.get(rel) {
            Some(e) if e.hash == hash && e.len == len => self.link_previous(rel, e, &target),
            _ => None,
        };
        let entry = match linked {
            Some(entry) => entry,
            None => {
                write_creating_parent(&target, bytes)?;
                self.written.fetch_add(1, Ordering::Relaxed);
                let meta = std::fs::metadata(&target).map_err(|e| Error::io(&target, e))?;
                Entry {
                    hash,
                    len,
                    mtime: mtime_of(&meta),
                }
            }
        };
        self.note(rel, entry);
        Ok(())
    }

    /// [`write`](Staged::write) for bytes made by a writer (a large JSON export).
    pub fn write_with(
        &self,
        rel: &str,
        make: impl FnOnce(&mut Vec<u8>) -> std::io::Result<()>,
    ) -> Result<()> {
        let mut bytes = Vec::new();
        make(&mut bytes).map_err(|e| Error::io(self.dir.join(rel), e))?;
        self.write(rel, &bytes)
    }

    /// Copy a file from outside the output (a seed's original) to `rel`.
    pub fn copy(&self, rel: &str, from: &Path) -> Result<()> {
        let bytes = std::fs::read(from).map_err(|e| Error::io(from, e))?;
        self.write(rel, &bytes)
    }

    /// Link the previous output's unedited copy into the staging folder; `None` when it
    /// is missing, edited, or cannot be linked or copied.
    fn link_previous(&self, rel: &str, e: &Entry, target: &Path) -> Option<Entry> {
        let old = self.output.join(rel);
        let meta = std::fs::symlink_metadata(&old).ok()?;
        if !same_file(&meta, e) {
            return None;
        }
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).ok()?;
        }
        if !self.no_links.load(Ordering::Relaxed) {
            match std::fs::hard_link(&old, target) {
                Ok(()) => return Some(*e),
                Err(_) => self.no_links.store(true, Ordering::Relaxed),
            }
        }
        // No hard links here: a copy keeps the bytes; record the copy's own time.
        std::fs::copy(&old, target).ok()?;
        let meta = std::fs::metadata(target).ok()?;
        Some(Entry {
            mtime: mtime_of(&meta),
            ..*e
        })
    }

    fn note(&self, rel: &str, entry: Entry) {
        self.bytes.fetch_add(entry.len, Ordering::Relaxed);
        {
            let mut largest = self.largest.lock().unwrap_or_else(|p| p.into_inner());
            if largest.as_ref().is_none_or(|(_, n)| entry.len > *n) {
                *largest = Some((rel.to_string(), entry.len));
            }
        }
        self.entries
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(rel.to_string(), entry);
    }

    /// Every staged file's site path and length, sorted by path.
    pub fn file_sizes(&self) -> Vec<(String, u64)> {
        let entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        let mut files: Vec<_> = entries.iter().map(|(p, e)| (p.clone(), e.len)).collect();
        files.sort();
        files
    }

    /// What has been staged so far.
    pub fn stats(&self) -> Stats {
        Stats {
            files: self.entries.lock().map(|e| e.len()).unwrap_or(0),
            bytes: self.bytes.load(Ordering::Relaxed),
            written: self.written.load(Ordering::Relaxed),
            largest: self.largest.lock().ok().and_then(|l| l.clone()),
        }
    }

    /// Swap the staged folder in for the output, remove the previous output and save the
    /// manifest (with the build's warnings, replayed by a build that finds nothing
    /// changed).
    pub fn commit(self, warnings: &[crate::Warning]) -> Result<Stats> {
        let stats = self.stats();
        let entries = self.entries.into_inner().unwrap_or_else(|p| p.into_inner());
        remove_leftovers(&self.dir, &self.recycled, &entries)?;
        let manifest_path = sibling(&self.output, "manifest.json");
        // The old manifest describes the old output: drop it before the swap, so that a
        // crash between the two never pairs an old manifest with a new output.
        let _ = std::fs::remove_file(&manifest_path);
        // Without hard links a spare would be a whole second copy of the site.
        let spare = !self.no_links.load(Ordering::Relaxed) && !self.previous.files.is_empty();
        let kept = swap_in(&self.dir, &self.output, spare)?;
        if kept {
            let spare = Manifest {
                version: MANIFEST_VERSION,
                inputs: None,
                warnings: Vec::new(),
                files: self.previous.files,
                keys: HashMap::new(),
            };
            save_manifest(&sibling(&self.output, "spare.json"), &spare)?;
        }
        let manifest = Manifest {
            version: MANIFEST_VERSION,
            inputs: self.inputs.clone(),
            warnings: warnings
                .iter()
                .map(|w| (w.path.clone(), w.line, w.message.clone()))
                .collect(),
            keys: self
                .keys
                .into_iter()
                .filter(|(rel, _)| entries.contains_key(rel))
                .collect(),
            files: entries,
        };
        save_manifest(&manifest_path, &manifest)?;
        Ok(stats)
    }

    /// Give up: remove the staging folder; the output is untouched.
    pub fn discard(self) {
        let _ = remove_tree(&self.dir);
    }
}

fn save_manifest(path: &Path, manifest: &Manifest) -> Result<()> {
    let json =
        serde_json::to_vec(manifest).map_err(|e| Error::io(path, std::io::Error::other(e)))?;
    crate::error::write_atomic(path, &json)
}

/// Move the old output aside, the new one in, then keep the old one as the spare (when
/// `spare` and it is a real folder) or delete it. True when the spare was kept.
fn swap_in(staged: &Path, output: &Path, spare: bool) -> Result<bool> {
    let meta = std::fs::symlink_metadata(output).ok();
    let had_old = meta.is_some();
    // An output folder that is a link is never kept: the next build would write
    // through it into whatever it points to.
    let keep = spare && meta.as_ref().is_some_and(|m| m.is_dir());
    let old = if keep {
        sibling(output, "spare")
    } else {
        sibling(output, &format!("old-{}", std::process::id()))
    };
    if had_old {
        std::fs::rename(output, &old).map_err(|e| Error::io(output, e))?;
    }
    if let Err(e) = std::fs::rename(staged, output) {
        if had_old {
            let _ = std::fs::rename(&old, output);
        }
        return Err(Error::io(output, e));
    }
    if had_old && !keep {
        // An output folder that was a link: remove the link, never what it points to.
        let is_link = std::fs::symlink_metadata(&old).is_ok_and(|m| m.file_type().is_symlink());
        if is_link {
            std::fs::remove_file(&old).map_err(|e| Error::io(&old, e))?;
        } else {
            remove_tree(&old)?;
        }
    }
    Ok(had_old && keep)
}

/// Take the spare (the output before last, see the module's doc) as the staging folder
/// `dir` when its manifest says what it holds: gives that manifest's files, or none when
/// there is no usable spare (which is then removed).
///
/// The spare's manifest is removed first: if this build dies, its staging folder is
/// debris like any other. A spare holding a file its manifest does not list (someone
/// put it there) is not used: the next build would publish it.
fn claim_spare(output: &Path, dir: &Path) -> Result<HashMap<String, Entry>> {
    let spare = sibling(output, "spare");
    let listing = sibling(output, "spare.json");
    let manifest = std::fs::read(&listing)
        .ok()
        .and_then(|b| serde_json::from_slice::<Manifest>(&b).ok())
        .filter(|m| m.version == MANIFEST_VERSION);
    let _ = std::fs::remove_file(&listing);
    let meta = std::fs::symlink_metadata(&spare).ok();
    let usable = meta.as_ref().is_some_and(|m| m.is_dir())
        && manifest
            .as_ref()
            .is_some_and(|m| holds_only(&spare, &m.files));
    if usable && std::fs::rename(&spare, dir).is_ok() {
        return Ok(manifest.map(|m| m.files).unwrap_or_default());
    }
    match meta {
        Some(m) if m.is_dir() => remove_tree(&spare)?,
        Some(_) => std::fs::remove_file(&spare).map_err(|e| Error::io(&spare, e))?,
        None => {}
    }
    Ok(HashMap::new())
}

/// True when every file under `dir` is one of `files` (by site path) and all of them
/// are there. It walks the folder rather than statting the listed paths (as
/// [`Manifest::matches_disk`] does): a listing that passes then names only files inside
/// `dir`, which [`remove_leftovers`] relies on when it removes them.
fn holds_only(dir: &Path, files: &HashMap<String, Entry>) -> bool {
    let mut n = 0;
    for entry in walkdir::WalkDir::new(dir) {
        let Ok(entry) = entry else { return false };
        if entry.file_type().is_dir() {
            continue;
        }
        let listed = entry
            .path()
            .strip_prefix(dir)
            .ok()
            .and_then(|rel| rel.to_str())
            .is_some_and(|rel| files.contains_key(&rel.replace(std::path::MAIN_SEPARATOR, "/")));
        if !listed {
            return false;
        }
        n += 1;
    }
    n == files.len()
}

/// True when the file at `path` still has the length and time `e` recorded.
fn is_unedited(path: &Path, e: &Entry) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| same_file(&m, e))
}

/// Make room for a new file at `target` in a recycled staging folder: remove what is
/// there (a file, or a folder where a file goes now) and any file standing where one of
/// its folders goes.
fn clear_path(dir: &Path, target: &Path) -> Result<()> {
    match std::fs::symlink_metadata(target) {
        Ok(m) if m.is_dir() => return remove_tree(target),
        Ok(_) => return std::fs::remove_file(target).map_err(|e| Error::io(target, e)),
        Err(_) => {}
    }
    let mut folder = target.parent();
    while let Some(f) = folder.filter(|f| f.starts_with(dir) && *f != dir) {
        if let Ok(m) = std::fs::symlink_metadata(f) {
            if !m.is_dir() {
                std::fs::remove_file(f).map_err(|e| Error::io(f, e))?;
            }
            break;
        }
        folder = f.parent();
    }
    Ok(())
}

/// Remove from a recycled staging folder the files this build did not write, and the
/// folders that leaves empty.
fn remove_leftovers(
    dir: &Path,
    recycled: &HashMap<String, Entry>,
    written: &HashMap<String, Entry>,
) -> Result<()> {
    for rel in recycled.keys().filter(|rel| !written.contains_key(*rel)) {
        let path = dir.join(rel);
        match std::fs::symlink_metadata(&path) {
            // A folder there now holds files this build wrote.
            Ok(m) if m.is_dir() => continue,
            Ok(_) => std::fs::remove_file(&path).map_err(|e| Error::io(&path, e))?,
            Err(_) => continue,
        }
        let mut folder = path.parent();
        while let Some(f) = folder.filter(|f| f.starts_with(dir) && *f != dir) {
            if std::fs::remove_dir(f).is_err() {
                break;
            }
            folder = f.parent();
        }
    }
    Ok(())
}

fn write_creating_parent(path: &Path, bytes: &[u8]) -> Result<()> {
    match std::fs::write(path, bytes) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
            }
            std::fs::write(path, bytes).map_err(|e| Error::io(path, e))
        }
        other => other.map_err(|e| Error::io(path, e)),
    }
}

/// Lock the folder that holds the output (an advisory `flock`, released when the
/// process ends however it ends) for as long as the returned handle is open; a second
/// build there waits (and says so). Locking the folder rather than a lock file leaves
/// nothing behind. Where a folder cannot be opened as a file (Windows), a lock file
/// beside the output (`.public.lock`) is used instead.
fn lock_output(output: &Path) -> Result<std::fs::File> {
    let parent = match output.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(|e| Error::io(&parent, e))?;
    let (path, file) = match std::fs::File::open(&parent) {
        Ok(dir) => (parent, dir),
        Err(_) => {
            let path = sibling(output, "lock");
            let file = std::fs::OpenOptions::new()
                .create(true)
                .truncate(false)
                .write(true)
                .open(&path)
                .map_err(|e| Error::io(&path, e))?;
            (path, file)
        }
    };
    match file.try_lock() {
        Ok(()) => {}
        Err(std::fs::TryLockError::WouldBlock) => {
            eprintln!(
                "waiting for another build of {} to finish (it holds a lock on {})",
                output.display(),
                path.display()
            );
            file.lock().map_err(|e| Error::io(&path, e))?;
        }
        Err(std::fs::TryLockError::Error(e)) => return Err(Error::io(&path, e)),
    }
    Ok(file)
}

/// Remove the staging (`.public.tmp-*`) and old (`.public.old-*`) folders of builds that
/// died. Called with the output's lock held, so none of them belongs to a running build.
pub fn remove_debris(output: &Path) -> Result<Vec<PathBuf>> {
    let Some(name) = output.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return Ok(Vec::new());
    };
    let parent = match output.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let Ok(entries) = std::fs::read_dir(&parent) else {
        return Ok(Vec::new());
    };
    let prefix = format!(".{name}.");
    let mut removed = Vec::new();
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = file_name.strip_prefix(&prefix) else {
            continue;
        };
        let is_debris = ["tmp-", "old-"].iter().any(|k| {
            rest.strip_prefix(k)
                .is_some_and(|pid| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
        });
        if !is_debris {
            continue;
        }
        let path = entry.path();
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        if is_dir {
            remove_tree(&path)?;
        } else {
            std::fs::remove_file(&path).map_err(|e| Error::io(&path, e))?;
        }
        removed.push(path);
    }
    Ok(removed)
}

/// Remove a folder tree, its large folders in parallel: deleting the previous output of a
/// big site is otherwise a good part of the build.
pub fn remove_tree(path: &Path) -> Result<()> {
    use rayon::prelude::*;
    let entries: Vec<_> = std::fs::read_dir(path)
        .map_err(|e| Error::io(path, e))?
        .filter_map(|e| e.ok())
        .collect();
    entries.par_iter().try_for_each(|entry| {
        let p = entry.path();
        let is_dir = entry.file_type().map(|t| t.is_dir()).unwrap_or(false);
        if is_dir {
            remove_tree(&p)
        } else {
            std::fs::remove_file(&p).map_err(|e| Error::io(&p, e))
        }
    })?;
    std::fs::remove_dir(path).map_err(|e| Error::io(path, e))
}

/// `public` gives `.public.<what>` in the same folder (so renames stay on one file
/// system).
pub fn sibling(output: &Path, what: &str) -> PathBuf {
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    let parent = output.parent().unwrap_or(Path::new("."));
    parent.join(format!(".{name}.{what}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ino(p: &Path) -> u64 {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(p).unwrap().ino()
    }

    #[test]
    fn unchanged_files_are_linked_changed_ones_written() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let s = Staged::new(&out).unwrap();
        s.write("a/index.html", b"same").unwrap();
        s.write("b.json", b"old").unwrap();
        s.commit(&[]).unwrap();
        let a = ino(&out.join("a/index.html"));
        let b = ino(&out.join("b.json"));

        let s = Staged::new(&out).unwrap();
        s.write("a/index.html", b"same").unwrap();
        s.write("b.json", b"new").unwrap();
        let stats = s.commit(&[]).unwrap();
        assert_eq!(stats.files, 2);
        assert_eq!(stats.written, 1);
        assert_eq!(
            ino(&out.join("a/index.html")),
            a,
            "unchanged file is the same inode"
        );
        assert_ne!(ino(&out.join("b.json")), b);
        assert_eq!(std::fs::read(out.join("b.json")).unwrap(), b"new");
        assert!(Manifest::load(&out).matches_disk(&out));
    }

    /// Build `files` into `out`; gives how many were written.
    fn build_files(out: &Path, files: &[(&str, &[u8])]) -> usize {
        let s = Staged::new(out).unwrap();
        for (rel, bytes) in files {
            s.write(rel, bytes).unwrap();
        }
        s.commit(&[]).unwrap().written
    }

    fn tree_of(dir: &Path) -> Vec<(String, Vec<u8>)> {
        let mut files: Vec<_> = walkdir::WalkDir::new(dir)
            .into_iter()
            .map(|e| e.unwrap())
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e.path().strip_prefix(dir).unwrap();
                (
                    rel.to_string_lossy().into_owned(),
                    std::fs::read(e.path()).unwrap(),
                )
            })
            .collect();
        files.sort();
        files
    }

    #[test]
    fn the_output_before_last_is_recycled_as_the_staging_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let spare = tmp.path().join(".public.spare");
        build_files(
            &out,
            &[("a/index.html", b"a"), ("b.json", b"b1"), ("c.html", b"c")],
        );
        assert!(!spare.exists(), "a first build has nothing to keep");
        build_files(
            &out,
            &[("a/index.html", b"a"), ("b.json", b"b2"), ("d.html", b"d")],
        );
        assert!(spare.is_dir(), "the replaced output is kept as the spare");
        let a = ino(&out.join("a/index.html"));
        assert_eq!(
            ino(&spare.join("a/index.html")),
            a,
            "the spare shares inodes"
        );

        // The spare (first build's output) is the staging folder: `a` is kept as it
        // is, `b` replaced, `c` removed, `e` new, and the live output is untouched
        // until the swap.
        let s = Staged::new(&out).unwrap();
        assert!(!spare.exists(), "the spare was claimed");
        for (rel, bytes) in [
            ("a/index.html", &b"a"[..]),
            ("b.json", b"b3"),
            ("e.html", b"e"),
        ] {
            s.write(rel, bytes).unwrap();
        }
        assert_eq!(std::fs::read(out.join("b.json")).unwrap(), b"b2");
        let stats = s.commit(&[]).unwrap();
        assert_eq!(stats.written, 2, "{stats:?}");
        assert_eq!(
            tree_of(&out),
            [
                ("a/index.html".to_string(), b"a".to_vec()),
                ("b.json".to_string(), b"b3".to_vec()),
                ("e.html".to_string(), b"e".to_vec()),
            ]
        );
        assert_eq!(ino(&out.join("a/index.html")), a);
        assert!(Manifest::load(&out).matches_disk(&out));
        // The second build's output is now the spare, and it is whole.
        assert_eq!(std::fs::read(spare.join("b.json")).unwrap(), b"b2");
        assert!(spare.join("d.html").exists());
    }

    #[test]
    fn a_spare_with_a_file_its_manifest_does_not_list_is_not_used() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let spare = tmp.path().join(".public.spare");
        build_files(&out, &[("a.html", b"a1")]);
        build_files(&out, &[("a.html", b"a2")]);
        std::fs::write(spare.join("stray.html"), b"not built").unwrap();
        build_files(&out, &[("a.html", b"a3")]);
        assert_eq!(tree_of(&out), [("a.html".to_string(), b"a3".to_vec())]);
        // An edited file in the spare is written again, not kept.
        std::fs::write(spare.join("a.html"), b"edited").unwrap();
        let written = build_files(&out, &[("a.html", b"a2")]);
        assert_eq!(written, 1);
        assert_eq!(tree_of(&out), [("a.html".to_string(), b"a2".to_vec())]);
    }

    #[test]
    fn a_recycled_spare_turns_files_into_folders_and_back() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        build_files(&out, &[("x", b"file"), ("y/index.html", b"y")]);
        build_files(&out, &[("x", b"file"), ("y/index.html", b"y"), ("z", b"z")]);
        build_files(
            &out,
            &[("x/index.html", b"page"), ("y", b"file"), ("z", b"z")],
        );
        assert_eq!(
            tree_of(&out),
            [
                ("x/index.html".to_string(), b"page".to_vec()),
                ("y".to_string(), b"file".to_vec()),
                ("z".to_string(), b"z".to_vec()),
            ]
        );
        build_files(&out, &[("x", b"file"), ("y/index.html", b"y")]);
        assert_eq!(
            tree_of(&out),
            [
                ("x".to_string(), b"file".to_vec()),
                ("y/index.html".to_string(), b"y".to_vec()),
            ]
        );
        assert!(Manifest::load(&out).matches_disk(&out));
    }

    #[test]
    fn a_spare_without_its_manifest_is_removed() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        build_files(&out, &[("a.html", b"a1")]);
        build_files(&out, &[("a.html", b"a2")]);
        std::fs::remove_file(tmp.path().join(".public.spare.json")).unwrap();
        let s = Staged::new(&out).unwrap();
        assert!(!tmp.path().join(".public.spare").exists());
        s.write("a.html", b"a3").unwrap();
        s.commit(&[]).unwrap();
        assert_eq!(tree_of(&out), [("a.html".to_string(), b"a3".to_vec())]);
    }

    #[test]
    fn an_edited_output_file_is_written_again_not_linked() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let s = Staged::new(&out).unwrap();
        s.write("x.html", b"built").unwrap();
        s.commit(&[]).unwrap();
        // Someone edits the published file by hand (other length).
        std::fs::write(out.join("x.html"), b"hand edit").unwrap();
        assert!(!Manifest::load(&out).matches_disk(&out));
        let s = Staged::new(&out).unwrap();
        s.write("x.html", b"built").unwrap();
        let stats = s.commit(&[]).unwrap();
        assert_eq!(stats.written, 1);
        assert_eq!(std::fs::read(out.join("x.html")).unwrap(), b"built");
    }

    #[test]
    fn a_discarded_build_leaves_the_output_whole_and_no_staging() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let s = Staged::new(&out).unwrap();
        s.write("keep.html", b"v1").unwrap();
        s.commit(&[]).unwrap();
        let s = Staged::new(&out).unwrap();
        s.write("keep.html", b"v2").unwrap();
        s.discard();
        assert_eq!(std::fs::read(out.join("keep.html")).unwrap(), b"v1");
        let names: Vec<_> = std::fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(
            names
                .iter()
                .all(|n| !n.contains(".tmp-") && !n.contains(".old-")),
            "{names:?}"
        );
    }

    #[test]
    fn debris_of_dead_builds_is_removed_other_files_kept() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        for d in [".public.tmp-99999", ".public.old-12"] {
            std::fs::create_dir_all(tmp.path().join(d).join("sub")).unwrap();
            std::fs::write(tmp.path().join(d).join("sub/f"), b"x").unwrap();
        }
        std::fs::create_dir_all(tmp.path().join(".public.tmp-notapid")).unwrap();
        std::fs::create_dir_all(tmp.path().join(".other.tmp-1")).unwrap();
        let s = Staged::new(&out).unwrap();
        s.write("i.html", b"x").unwrap();
        s.commit(&[]).unwrap();
        let mut names: Vec<_> = std::fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(
            names,
            [
                ".other.tmp-1",
                ".public.manifest.json",
                ".public.tmp-notapid",
                "public"
            ]
        );
    }

    #[test]
    fn a_second_build_waits_and_never_removes_a_running_builds_staging() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let first = Staged::new(&out).unwrap();
        first.write("a.html", b"first").unwrap();
        let staging = first.dir().to_path_buf();
        let (tx, rx) = std::sync::mpsc::channel();
        let out2 = out.clone();
        let second = std::thread::spawn(move || {
            let s = Staged::new(&out2).unwrap();
            tx.send(()).unwrap();
            s.write("a.html", b"second").unwrap();
            s.commit(&[]).unwrap();
        });
        std::thread::sleep(std::time::Duration::from_millis(300));
        assert!(
            rx.try_recv().is_err(),
            "the second build must wait for the lock"
        );
        assert!(
            staging.join("a.html").exists(),
            "a running build's staging is kept"
        );
        first.commit(&[]).unwrap();
        second.join().unwrap();
        assert_eq!(std::fs::read(out.join("a.html")).unwrap(), b"second");
    }

    #[test]
    fn paths_outside_the_staging_folder_are_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let s = Staged::new(&tmp.path().join("public")).unwrap();
        assert!(s.write("../escape.html", b"x").is_err());
        assert!(s.write("/abs.html", b"x").is_err());
        s.discard();
        assert!(!tmp.path().join("escape.html").exists());
    }
}
