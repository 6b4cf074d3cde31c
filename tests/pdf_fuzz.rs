//! read_pdf never panics: arbitrary bytes, and mutated valid PDFs.
use proptest::prelude::*;

fn base() -> &'static [u8] {
    static B: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    B.get_or_init(|| {
        std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/pdf/french.pdf"
        ))
        .unwrap()
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]
    #[test]
    fn arbitrary_bytes(mut v in proptest::collection::vec(any::<u8>(), 0..4096), header in any::<bool>()) {
        dossier::ingest::readers::pdf::install_quiet_panic_hook();
        if header { let mut h = b"%PDF-1.7\n".to_vec(); h.append(&mut v); v = h; }
        let r = std::panic::catch_unwind(|| { let _ = dossier::ingest::readers::pdf::read_pdf(&v); });
        prop_assert!(r.is_ok());
    }

    #[test]
    fn mutated_pdf(edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0u8..3), 1..10)) {
        dossier::ingest::readers::pdf::install_quiet_panic_hook();
        let mut v = base().to_vec();
        for (i, b, kind) in edits {
            let at = i.index(v.len().max(1));
            match kind {
                0 => if at < v.len() { v[at] = b },
                1 => v.truncate(at.max(1)),
                _ => v.insert(at.min(v.len()), b),
            }
        }
        let r = std::panic::catch_unwind(|| { let _ = dossier::ingest::readers::pdf::read_pdf(&v); });
        prop_assert!(r.is_ok());
    }
}
