//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod generated;

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

/// The cross-reference export of a built site (`public`): `xref.json` and the records of
/// its NDJSON lists, (index, documents, mentions).
#[allow(dead_code)]
pub fn xref_export(
    public: &Path,
) -> (
    serde_json::Value,
    Vec<serde_json::Value>,
    Vec<serde_json::Value>,
) {
    let index: serde_json::Value =
        serde_json::from_slice(&std::fs::read(public.join("xref.json")).unwrap()).unwrap();
    let records = |list: &str| -> Vec<serde_json::Value> {
        let files = index[list]["files"].as_array().unwrap();
        let records: Vec<serde_json::Value> = files
            .iter()
            .flat_map(|f| {
                let text = gunzip_file(&public.join(f.as_str().unwrap()));
                text.lines()
                    .map(|l| serde_json::from_str(l).unwrap())
                    .collect::<Vec<_>>()
            })
            .collect();
        assert_eq!(
            records.len() as u64,
            index[list]["count"].as_u64().unwrap(),
            "{list}"
        );
        records
    };
    let (documents, mentions) = (records("documents"), records("mentions"));
    (index, documents, mentions)
}

/// The text of a gzipped file (the export's lists are stored compressed).
#[allow(dead_code)]
pub fn gunzip_file(path: &Path) -> String {
    use std::io::Read as _;
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut text = String::new();
    flate2::read::GzDecoder::new(file)
        .read_to_string(&mut text)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text
}
