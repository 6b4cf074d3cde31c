//! Ingest, end to end: the five real seeds (metadata, snapshots, the no-loss invariant),
//! generated raw corpora, and the `dossier ingest` command on temporary sites.

mod common;

use std::path::PathBuf;
use std::process::Command;

use common::dossier;
use dossier::content::PartialDate;
use dossier::ingest::{self, normalize};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn seed(name: &str) -> PathBuf {
    repo().join("seeds").join(name)
}

fn prepared(name: &str) -> ingest::Prepared {
    ingest::prepare(&seed(name)).expect("seed prepares")
}

fn date(s: &str) -> Option<PartialDate> {
    Some(PartialDate::parse(s).unwrap())
}

#[test]
fn osce_summary_report_metadata() {
    let m = prepared("000_fd345f0c16688367.txt").meta;
    assert_eq!(
        m.title,
        "A Human Rights-Centred Approach to Technology and Security"
    );
    assert_eq!(m.subtitle.as_deref(), Some("Summary Report"));
    assert_eq!(m.date, date("2019-11-08"));
    assert_eq!(m.end_date, None);
    assert_eq!(m.place.as_deref(), Some("Vienna"));
    assert_eq!(m.organisations, ["OSCE"]);
    assert!(m.authors.is_empty());
    assert_eq!(m.kind.as_deref(), Some("summary-report"));
    assert_eq!(m.language.as_deref(), Some("en"));
}

#[test]
fn co_chairs_summary_metadata() {
    let m = prepared("001_ebbe770dab162599.txt").meta;
    assert_eq!(
        m.title,
        "International High-level Conference on Countering Terrorism through Innovative Approaches and the Use of New and Emerging Technologies"
    );
    assert_eq!(m.subtitle.as_deref(), Some("Co-chairs Summary"));
    assert_eq!(m.date, date("2019-09-04"));
    assert_eq!(m.place.as_deref(), Some("Minsk"));
    assert_eq!(m.organisations, ["UNOCT"]);
    assert_eq!(m.authors, ["Vladimir Voronkov"]);
    assert_eq!(m.kind.as_deref(), Some("speech"));
}

#[test]
fn ict4peace_paper_metadata() {
    let m = prepared("002_336594796a853fc2.txt").meta;
    assert_eq!(m.title, "High-Level Panel on Digital Cooperation");
    assert_eq!(
        m.subtitle.as_deref(),
        Some("Reflections and Recommendations from the ICT4Peace Foundation")
    );
    assert_eq!(m.date, date("2018"), "the text gives only the year");
    assert_eq!(m.place.as_deref(), Some("Geneva"));
    assert_eq!(m.organisations, ["ICT4Peace"]);
    assert_eq!(
        m.authors,
        ["Sanjana Hattotuwa", "Barbara Weekes", "Daniel Stauffacher"]
    );
    assert_eq!(m.kind.as_deref(), Some("paper"));
}

#[test]
fn presentation_metadata() {
    let m = prepared("003_e283f20608d44387.txt").meta;
    assert_eq!(
        m.title,
        "Building an International Governance for Peace and Security in Cyberspace"
    );
    assert_eq!(m.date, date("2017-09-15"));
    assert_eq!(m.place.as_deref(), Some("Zürich"));
    assert_eq!(m.organisations, ["ICT4Peace", "ETH Zürich"]);
    assert_eq!(m.authors, ["Daniel Stauffacher"]);
    assert_eq!(m.kind.as_deref(), Some("presentation"));
}

#[test]
fn web_page_metadata_with_a_date_range() {
    let m = prepared("004_8382cbc508a02662.txt").meta;
    assert_eq!(m.title, "CT TECH Initiative Expert Group Meetings");
    assert_eq!(m.date, date("2023-02-28"));
    assert_eq!(m.end_date, date("2023-03-02"));
    assert_eq!(
        m.place, None,
        "the page does not say where the meetings were held"
    );
    assert_eq!(m.organisations, ["UNOCT", "UNCCT", "INTERPOL"]);
    assert_eq!(m.kind.as_deref(), Some("web-page"));
}

#[test]
fn source_checksum_and_words_are_recorded() {
    let p = prepared("004_8382cbc508a02662.txt");
    assert_eq!(p.meta.source.as_deref(), Some("004_8382cbc508a02662.txt"));
    let sha = p.meta.source_sha256.unwrap();
    assert_eq!(sha.len(), 64);
    assert!(p.meta.words.unwrap() > 600);
}

const SEEDS: [&str; 5] = [
    "000_fd345f0c16688367.txt",
    "001_ebbe770dab162599.txt",
    "002_336594796a853fc2.txt",
    "003_e283f20608d44387.txt",
    "004_8382cbc508a02662.txt",
];

#[test]
fn every_seed_keeps_every_word_in_order() {
    for name in SEEDS {
        let text = std::fs::read_to_string(seed(name)).unwrap();
        let p = prepared(name);
        normalize::verify(&text, &p.normalized.markdown, &p.normalized.dropped)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(p.warnings.is_empty(), "{name}: {:?}", p.warnings);
    }
}

#[test]
fn normalized_documents_snapshots() {
    for name in SEEDS {
        let p = prepared(name);
        insta::assert_snapshot!(name, ingest::render_document(&p));
    }
}

#[test]
fn committed_digest_is_what_ingest_produces() {
    // The repository is the digest: content/documents must be up to date with seeds/.
    for name in SEEDS {
        let p = prepared(name);
        let path = repo()
            .join("content/documents")
            .join(format!("{}.md", p.slug));
        let committed =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(
            committed,
            ingest::render_document(&p),
            "{} is stale: run `dossier ingest`",
            path.display()
        );
    }
}

fn gen_corpus() -> Option<PathBuf> {
    let p = repo().join("../shared/bench/gen-corpus");
    p.exists().then_some(p)
}

#[test]
fn generated_raw_corpus_keeps_every_word() {
    // A test that cannot fail in a clean clone is not a test: without the generator this
    // fails, saying why.
    let gen = gen_corpus().expect(
        "../shared/bench/gen-corpus not found: this test needs the shared bench tools beside the repository",
    );
    let dir = tempfile::tempdir().unwrap();
    let status = Command::new("python3")
        .arg(&gen)
        .args(["--raw", "60", "--kb", "4"])
        .arg(dir.path())
        .status()
        .expect("python3 runs gen-corpus");
    assert!(status.success());
    let seeds = ingest::seed_files(&dir.path().join("seeds")).unwrap();
    assert_eq!(seeds.len(), 60);
    for s in seeds {
        let text = std::fs::read_to_string(&s).unwrap();
        let p = ingest::prepare(&s).unwrap();
        normalize::verify(&text, &p.normalized.markdown, &p.normalized.dropped)
            .unwrap_or_else(|e| panic!("{}: {e}", s.display()));
    }
}

// --- the command on temporary sites -------------------------------------------------

fn site_with(seeds: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("seeds")).unwrap();
    for (name, bytes) in seeds {
        std::fs::write(dir.path().join("seeds").join(name), bytes).unwrap();
    }
    dir
}

const SPEECH: &str = "Co-chairs Summary\n\nConference on Testing\n\nMinsk, 4 September 2019\n\nExcellencies, ladies and gentlemen,\n\nWe met to discuss tests.\n";

#[test]
fn ingest_is_idempotent_and_keeps_hand_edits() {
    let site = site_with(&[("speech.txt", SPEECH.as_bytes())]);
    let out = dossier(site.path(), &["ingest"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc = site
        .path()
        .join("content/documents/conference-on-testing.md");
    let first = std::fs::read_to_string(&doc).unwrap();
    assert!(first.contains("title: Conference on Testing"));
    let mtime = std::fs::metadata(&doc).unwrap().modified().unwrap();

    // Unchanged seed: the file is not rewritten.
    let out = dossier(site.path(), &["ingest"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("1 unchanged"));
    assert_eq!(std::fs::metadata(&doc).unwrap().modified().unwrap(), mtime);

    // An editor fixes a typo; the seed changes too; ingest leaves the edit alone.
    let edited = first.replace("We met to discuss tests.", "We met to discuss the tests.");
    std::fs::write(&doc, &edited).unwrap();
    std::fs::write(
        site.path().join("seeds/speech.txt"),
        SPEECH.replace("tests.", "tests again."),
    )
    .unwrap();
    let out = dossier(site.path(), &["ingest"]);
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("edited by hand") && stderr.contains("conference-on-testing.md"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_to_string(&doc).unwrap(), edited);

    // --force overwrites, keeping the edited version as a backup.
    let out = dossier(site.path(), &["ingest", "--force"]);
    assert!(out.status.success());
    let backup = site
        .path()
        .join("content/documents/conference-on-testing.md.bak");
    assert_eq!(std::fs::read_to_string(&backup).unwrap(), edited);
    assert!(std::fs::read_to_string(&doc)
        .unwrap()
        .contains("tests again."));
}

#[test]
fn sidecar_overrides_what_the_text_cannot_tell() {
    let site = site_with(&[
        ("speech.txt", SPEECH.as_bytes()),
        (
            "speech.yaml",
            b"place: Minsk, Belarus\norganisations: [UNOCT]\nslug: minsk-2019\n",
        ),
    ]);
    let out = dossier(site.path(), &["ingest"]);
    assert!(out.status.success());
    let text =
        std::fs::read_to_string(site.path().join("content/documents/minsk-2019.md")).unwrap();
    assert!(text.contains("place: Minsk, Belarus"), "{text}");
    assert!(text.contains("- UNOCT"), "{text}");
    assert!(text.contains("date: 2019-09-04"), "{text}");
}

#[test]
fn broken_sidecar_names_file_line_and_exits_non_zero() {
    let site = site_with(&[
        ("speech.txt", SPEECH.as_bytes()),
        ("speech.yaml", b"title: ok\ndate: [not a date\n"),
    ]);
    let out = dossier(site.path(), &["ingest"]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("speech.yaml:"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let out = dossier(
        site_with(&[("s.txt", SPEECH.as_bytes()), ("s.yaml", b"titel: typo\n")]).path(),
        &["ingest"],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success() && stderr.contains("s.yaml:1:") && stderr.contains("titel"),
        "{stderr}"
    );
}

#[test]
fn windows_1252_seed_is_read_with_a_warning() {
    let site = site_with(&[(
        "cp.txt",
        b"Report on Z\xfcrich\n\nThe meeting in Z\xfcrich was \x93useful\x94.\n",
    )]);
    let out = dossier(site.path(), &["ingest"]);
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("cp.txt") && stderr.contains("Windows-1252"),
        "{stderr}"
    );
    let doc =
        std::fs::read_to_string(site.path().join("content/documents/report-on-zurich.md")).unwrap();
    assert!(doc.contains("The meeting in Zürich was “useful”."), "{doc}");
}

#[test]
fn empty_and_binary_seeds_are_clear_errors() {
    let out = dossier(site_with(&[("empty.txt", b"\n\n")]).path(), &["ingest"]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("empty.txt") && stderr.contains("empty"),
        "{stderr}"
    );
    let out = dossier(
        site_with(&[("doc.pdf", b"%PDF-1.4\x00\x01\x02\x03")]).path(),
        &["ingest"],
    );
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("doc.pdf") && stderr.contains("damaged") && stderr.contains("hint:"),
        "{stderr}"
    );
    let out = dossier(
        site_with(&[("junk.bin", &[0u8, 1, 2, 3, 255, 254, 0, 7][..])]).path(),
        &["ingest"],
    );
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("junk.bin") && stderr.contains("binary"),
        "{stderr}"
    );
}

#[test]
fn report_lists_dropped_lines_with_their_rule() {
    let text = "Title of the Report\n\nVienna, 8 November 2019\n\nFirst paragraph of text.\n\n12\n\nSecond paragraph.\n";
    let site = site_with(&[("r.txt", text.as_bytes())]);
    let out = dossier(site.path(), &["ingest", "--report", "-"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("r.txt:7: [page number] \"12\""), "{stdout}");
    assert!(
        stdout.contains("r.txt:1: [front matter: title]"),
        "{stdout}"
    );
    assert!(
        stdout.contains("r.txt:3: [front matter: date and place]"),
        "{stdout}"
    );
}

#[test]
fn a_new_seed_never_takes_an_existing_documents_file() {
    let site = site_with(&[("a.txt", SPEECH.as_bytes())]);
    assert!(dossier(site.path(), &["ingest"]).status.success());
    std::fs::write(
        site.path().join("seeds/b.txt"),
        SPEECH.replace("We met", "They met"),
    )
    .unwrap();
    assert!(dossier(site.path(), &["ingest"]).status.success());
    let docs = site.path().join("content/documents");
    assert!(docs.join("conference-on-testing.md").exists());
    let second = std::fs::read_to_string(docs.join("conference-on-testing-2.md")).unwrap();
    assert!(
        second.contains("source: b.txt") && second.contains("They met"),
        "{second}"
    );
}
