//! Junk must give errors, never panics: arbitrary bytes as every supported format, and
//! valid workbooks with bytes changed or cut off.
#[path = "catalogue_support/mod.rs"]
mod common;

use common::{ods, xlsx, Cell::*};
use dossier::ingest::catalogue::{load, CatalogueConfig};
use proptest::prelude::*;
use std::path::Path;
use std::sync::OnceLock;

const EXTS: &[&str] = &["csv", "tsv", "xlsx", "ods", "xls", "xlsb"];

fn configs(file: &str) -> Vec<Vec<CatalogueConfig>> {
    let plain = CatalogueConfig {
        file: file.into(),
        ..Default::default()
    };
    let mut mapped = plain.clone();
    mapped.r#match = Some("{a}_{b}.txt".into());
    mapped.fields.insert("title".into(), "{a} {{x}} {b}".into());
    mapped.fields.insert("date".into(), "{b}".into());
    mapped.fields.insert("authors".into(), "{a}".into());
    vec![vec![plain], vec![mapped]]
}

/// Load `bytes` as `name` every way; whatever happens, it must not panic.
fn exercise(dir: &Path, name: &str, bytes: &[u8]) {
    std::fs::write(dir.join(name), bytes).unwrap();
    for configs in configs(name) {
        if let Ok(cats) = load(dir, &configs) {
            let seeds = vec!["a_b.txt".to_string(), "x".to_string()];
            let _ = cats.problems(&seeds);
            let _ = cats.summary(&seeds);
            let _ = cats.row_for("a_b.txt");
            let _ = cats.fingerprint_for("a_b.txt");
        }
    }
}

fn valid_workbooks() -> &'static [(&'static str, Vec<u8>)] {
    static BOOKS: OnceLock<Vec<(&'static str, Vec<u8>)>> = OnceLock::new();
    BOOKS.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let x = dir.path().join("v.xlsx");
        xlsx(
            &x,
            &[(
                "S",
                vec![
                    vec![S("a"), S("b"), S("file"), S("date")],
                    vec![S("x"), N(74.0), S("x_74.txt"), D(2019, 9, 21)],
                ],
            )],
        );
        let o = dir.path().join("v.ods");
        ods(&o, "S", &[&["a", "b", "file"], &["x", "#74", "x_74.txt"]]);
        vec![
            ("xlsx", std::fs::read(x).unwrap()),
            ("ods", std::fs::read(o).unwrap()),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(256), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048), ext in 0..EXTS.len()) {
        let dir = tempfile::tempdir().unwrap();
        exercise(dir.path(), &format!("c.{}", EXTS[ext]), &bytes);
    }

    #[test]
    fn arbitrary_text_never_panics(text in "[a-z_{}\"\\-/,;\t\r\n 0-9]{0,300}", ext in 0..2usize) {
        let dir = tempfile::tempdir().unwrap();
        exercise(dir.path(), &format!("c.{}", EXTS[ext]), text.as_bytes());
    }

    #[test]
    fn damaged_workbooks_never_panic(
        which in 0..2usize,
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
        cut in proptest::option::of(any::<prop::sample::Index>()),
        as_other in any::<bool>(),
    ) {
        let (ext, good) = &valid_workbooks()[which];
        let mut bytes = good.clone();
        for (at, byte) in edits {
            let i = at.index(bytes.len());
            bytes[i] = byte;
        }
        if let Some(cut) = cut {
            bytes.truncate(cut.index(bytes.len()));
        }
        // Also feed a workbook to the other readers (xlsx bytes as .ods, .xls, ...).
        let ext = if as_other { EXTS[2 + (which + 1) % 4] } else { ext };
        let dir = tempfile::tempdir().unwrap();
        exercise(dir.path(), &format!("c.{ext}"), &bytes);
    }
}

#[test]
fn valid_workbooks_load() {
    let dir = tempfile::tempdir().unwrap();
    for (ext, bytes) in valid_workbooks() {
        let name = format!("v.{ext}");
        std::fs::write(dir.path().join(&name), bytes).unwrap();
        let config = CatalogueConfig {
            file: name.into(),
            ..Default::default()
        };
        let cats = load(dir.path(), &[config]).unwrap();
        assert!(cats.row_for("x_74.txt").unwrap().is_some(), "{ext}");
    }
}
