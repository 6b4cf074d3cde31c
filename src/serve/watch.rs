//! File watching for `dossier serve`. Takes a site; gives batches of changes ([`Batch`]:
//! the kinds of files that changed, and which document files), debounced so an editor's
//! save burst (temp file, rename) is one rebuild.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use notify::{EventKind, RecursiveMode, Watcher as _};

use super::incremental::Changes;
use crate::config::{Site, CONFIG_FILE};
use crate::error::{Error, Result};

/// How long the watcher waits for more events before a rebuild. An editor's save (a
/// temporary file written, then renamed over the original) takes well under this.
pub const DEBOUNCE: Duration = Duration::from_millis(10);

/// One rebuild's worth of changes.
#[derive(Debug, Clone, Default)]
pub struct Batch {
    pub changes: Changes,
    /// Every path under the documents folder that changed, when the watcher saw every
    /// event; `None` when it may have missed some (then every document file is looked
    /// at).
    pub documents: Option<BTreeSet<PathBuf>>,
}

enum Message {
    Fs(notify::Result<notify::Event>),
    Stop,
}

pub struct Watcher {
    _watcher: notify::RecommendedWatcher,
    rx: mpsc::Receiver<Message>,
    tx: mpsc::Sender<Message>,
    site: Site,
}

/// Ends [`Watcher::next_batch`] (for a clean exit).
#[derive(Clone)]
pub struct Stopper(mpsc::Sender<Message>);

impl Stopper {
    pub fn stop(&self) {
        let _ = self.0.send(Message::Stop);
    }
}

impl Watcher {
    /// Watch the seeds, content, themes and site-level `templates/` and `static/`
    /// folders recursively, and the root itself (for `dossier.yaml`).
    pub fn new(site: &Site) -> Result<Watcher> {
        let (tx, rx) = mpsc::channel();
        let events = tx.clone();
        let mut w = notify::recommended_watcher(move |e| {
            let _ = events.send(Message::Fs(e));
        })
        .map_err(|e| watch_error(&site.root, e))?;
        w.watch(&site.root, RecursiveMode::NonRecursive)
            .map_err(|e| watch_error(&site.root, e))?;
        for dir in watched_dirs(site) {
            if dir.is_dir() {
                w.watch(&dir, RecursiveMode::Recursive)
                    .map_err(|e| watch_error(&dir, e))?;
            }
        }
        Ok(Watcher {
            _watcher: w,
            rx,
            tx,
            site: site.clone(),
        })
    }

    pub fn stopper(&self) -> Stopper {
        Stopper(self.tx.clone())
    }

    /// Wait for the next batch of relevant changes; `None` when the watcher stopped.
    /// A batch ends when no event came for [`DEBOUNCE`]. Reads (access events, which
    /// the rebuild itself causes) are ignored.
    pub fn next_batch(&mut self) -> Option<Batch> {
        let mut batch = Batch {
            documents: Some(BTreeSet::new()),
            ..Batch::default()
        };
        loop {
            let message = if batch.changes.any() {
                match self.rx.recv_timeout(DEBOUNCE) {
                    Ok(m) => m,
                    Err(mpsc::RecvTimeoutError::Timeout) => return Some(batch),
                    Err(mpsc::RecvTimeoutError::Disconnected) => return None,
                }
            } else {
                self.rx.recv().ok()?
            };
            match message {
                Message::Stop => return None,
                Message::Fs(Ok(e)) if matches!(e.kind, EventKind::Access(_)) => {}
                // The platform dropped events: rebuild everything rather than risk a
                // stale site.
                Message::Fs(Ok(e)) if e.need_rescan() => batch = everything(),
                Message::Fs(Ok(e)) => {
                    for p in &e.paths {
                        self.watch_new_folder(p);
                        classify(&self.site, p, &mut batch);
                    }
                }
                Message::Fs(Err(_)) => batch = everything(),
            }
        }
    }
}

fn everything() -> Batch {
    Batch {
        changes: Changes::all(),
        documents: None,
    }
}

impl Watcher {
    /// A watched folder created after the watcher started (e.g. `content/` by the first
    /// ingest, or a site-level `templates/`) is watched from then on.
    fn watch_new_folder(&mut self, path: &Path) {
        if path.parent() == Some(self.site.root.as_path())
            && path.is_dir()
            && watched_dirs(&self.site).iter().any(|d| d == path)
        {
            let _ = self._watcher.watch(path, RecursiveMode::Recursive);
        }
    }
}

fn watched_dirs(site: &Site) -> Vec<PathBuf> {
    vec![
        site.seeds_dir(),
        site.content_dir(),
        site.root.join(&site.config.paths.themes),
        site.root.join("templates"),
        site.root.join("static"),
    ]
}

fn watch_error(path: &Path, e: notify::Error) -> Error {
    Error::input(
        path,
        None,
        format!("cannot watch for changes: {e}"),
        "check the folder exists and is readable (on Linux, raise fs.inotify.max_user_watches)",
    )
}

/// Sort a changed path into the kinds of changes; anything else (the output folder, an
/// editor's backup in the root) is ignored.
pub fn classify(site: &Site, path: &Path, batch: &mut Batch) {
    let output = site.output_dir();
    if path.starts_with(&output) {
        return;
    }
    let changes = &mut batch.changes;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let documents = site.documents_dir();
    if path.starts_with(&documents) && path != documents {
        if let Some(paths) = &mut batch.documents {
            paths.insert(path.to_path_buf());
        }
    } else if documents.starts_with(path) {
        // The documents folder itself (or a folder above it) came or went.
        batch.documents = None;
    }
    if path.parent() == Some(site.root.as_path()) && name == CONFIG_FILE {
        changes.config = true;
    } else if path.starts_with(site.seeds_dir()) {
        changes.seeds = true;
    } else if path.starts_with(site.content_dir()) {
        changes.content = true;
    } else if [
        site.root.join(&site.config.paths.themes),
        site.root.join("templates"),
        site.root.join("static"),
    ]
    .iter()
    .any(|d| path.starts_with(d))
    {
        if name.ends_with(".css") {
            changes.css = true;
        } else {
            changes.look = true;
        }
    } else if path.parent() == Some(site.root.as_path())
        && (name == "templates" || name == "static")
    {
        // A site-level override folder was created or removed.
        changes.look = true;
    }
}
