//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Run the `dossier` binary on the site at `root`.
pub fn dossier(root: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg("--root")
        .arg(root)
        .args(args)
        .output()
        .expect("dossier runs")
}

/// A temporary site with this digest's content folders (no seeds, so nothing is
/// re-ingested): the given sub-folders of `content/`, copied.
pub fn digest_site(subs: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    for sub in subs {
        let to = dir.path().join("content").join(sub);
        std::fs::create_dir_all(&to).unwrap();
        for e in std::fs::read_dir(repo.join("content").join(sub)).unwrap() {
            let e = e.unwrap();
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
    dir
}
