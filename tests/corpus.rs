//! Ingest on real documents of the genre that are not seeds: `../shared/corpus/` (UN
//! resolutions with front matter, General Debate speeches with no metadata, a risk report
//! converted from PDF to Markdown, think-tank blog posts with Jekyll front matter; see its
//! SOURCES.md). The documents are third-party and are read from there, never copied into
//! the repository; the expected metadata was established by reading each one as an editor
//! would. Where `../shared/corpus` is absent these tests say loudly that they were skipped.

mod common;

use std::path::PathBuf;

use common::dossier;
use dossier::content::PartialDate;
use dossier::ingest::{self, Evidence};

fn corpus() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!(
            "\n*** SKIPPED: {} is absent, so ingest was not tested on the real-document corpus ***\n",
            dir.display()
        );
        None
    }
}

fn prepared(name: &str) -> Option<ingest::Prepared> {
    let path = corpus()?.join(name);
    Some(ingest::prepare(&path).unwrap_or_else(|e| panic!("{name}: {e}")))
}

fn date(s: &str) -> Option<PartialDate> {
    Some(PartialDate::parse(s).unwrap())
}

/// The self-check found nothing: every word of the source is in the output, in order,
/// or in the report.
fn assert_no_loss(p: &ingest::Prepared) {
    let complaints: Vec<_> = p
        .warnings
        .iter()
        .filter(|w| w.message.contains("does not match the seed"))
        .collect();
    assert!(
        complaints.is_empty(),
        "{}: {complaints:?}",
        p.seed.display()
    );
}

#[test]
fn un_resolutions_are_dated_by_adoption_and_titled_by_their_front_matter() {
    let cases = [
        (
            "un-ga-A_RES_80_16.md",
            "Open-ended Working Group on Security of and in the Use of Information and Communications Technologies 2021-2025 established pursuant to General Assembly resolution 75/240",
            "2025-12-01",
        ),
        (
            "un-ga-A_RES_80_22.md",
            "Role of science and technology in the context of international security and disarmament",
            "2025-12-01",
        ),
        (
            "un-ga-A_RES_80_9.md",
            "2025 Political Declaration on the Implementation of the United Nations Global Plan of Action to Combat Trafficking in Persons",
            "2025-11-24",
        ),
    ];
    for (name, title, adopted) in cases {
        let Some(p) = prepared(name) else { return };
        let m = &p.meta;
        assert_eq!(m.title, title, "{name}");
        assert_eq!(m.date, date(adopted), "{name}: the adoption date");
        assert_eq!(m.kind.as_deref(), Some("resolution"), "{name}");
        assert_eq!(m.organisations, ["UN General Assembly"], "{name}");
        assert_eq!(m.language.as_deref(), Some("en"), "{name}");
        assert_eq!(m.place, None, "{name}: the text does not say where");
        assert!(
            m.source_url.as_deref().unwrap().ends_with("-EN.pdf"),
            "{name}"
        );
        // The distribution date the front matter gave is kept, not lost.
        assert!(m.source_meta.contains_key("date"), "{name}");
        assert!(m.source_meta.contains_key("symbol"), "{name}");
        assert_eq!(p.provenance["title"], Evidence::SourceMeta("front matter"));
        assert_eq!(p.provenance["date"], Evidence::Text("UN adoption formula"));
        // The masthead stays in the body: nothing of the resolution is lost.
        assert!(p
            .normalized
            .markdown
            .contains("Resolution adopted by the General Assembly"));
        assert_no_loss(&p);
    }
}

#[test]
fn speeches_with_no_metadata_get_no_invented_fields() {
    // Canada's speech says it is one ("It is my honour ... to address the General
    // Assembly"); Estonia's does not, but its file name does, and the report says so.
    for (name, kind, from) in [
        (
            "unga74-speech-CAN.txt",
            Some("speech"),
            Evidence::Text("kind evidence"),
        ),
        ("unga74-speech-EST.txt", Some("speech"), Evidence::FileName),
    ] {
        let Some(p) = prepared(name) else { return };
        let m = &p.meta;
        // No title in the text: the file name, with a warning, never the first line.
        assert_eq!(p.provenance["title"], Evidence::FileName, "{name}");
        assert!(p.warnings.iter().any(|w| w.message.contains("no title")));
        // Dates quoted in the speech are not its date.
        assert_eq!(m.date, None, "{name}: {:?}", m.date);
        assert_eq!(m.kind.as_deref(), kind, "{name}");
        assert_eq!(p.provenance["kind"], from, "{name}");
        assert_ne!(m.kind.as_deref(), Some("web-page"), "{name}");
        assert_eq!(m.language.as_deref(), Some("en"));
        assert!(m.authors.is_empty() && m.place.is_none());
        assert_no_loss(&p);
    }
}

#[test]
fn jekyll_posts_keep_their_front_matter_and_markdown() {
    let Some(p) = prepared("blog-2023-12-13-organised-cybercrime.md") else {
        return;
    };
    let m = &p.meta;
    assert_eq!(m.title, "Organised Cybercrime");
    assert_eq!(m.date, date("2023-12-13"));
    assert_eq!(m.authors, ["Jamie MacColl", "Gareth Mott"]);
    assert_eq!(
        m.summary.as_deref(),
        Some("The Rise of Ransomware as a National Security Threat")
    );
    assert_eq!(m.kind.as_deref(), Some("web-page"), "a blog post");
    assert!(m.source_meta.contains_key("image"));
    let md = &p.normalized.markdown;
    // Markdown stays Markdown: emphasis and headings kept, not escaped; no front matter
    // or excerpt marker leaks into the body.
    assert!(md.starts_with("_This article traces"), "{}", &md[..80]);
    assert!(md.contains("\n### The Evolution of Ransomware"));
    assert!(!md.contains("excerpt") && !md.contains("layout:"));
    // An image hosted elsewhere becomes its alt text, reported.
    assert!(!md.contains("!["));
    assert!(p.rewrites.iter().any(|r| r.action.contains("alt text")));
    assert_no_loss(&p);

    let Some(p) = prepared("blog-2024-05-03-cyber-indo-pacific.md") else {
        return;
    };
    assert_eq!(p.meta.title, "Cyber Indo-Pacific");
    assert_eq!(p.meta.date, date("2024-05-03"));
    assert_no_loss(&p);
}

#[test]
fn a_report_converted_from_pdf_is_read_as_one() {
    let Some(p) = prepared("dsa-systemic-risks-bing-2024.md") else {
        return;
    };
    let m = &p.meta;
    assert_eq!(m.title, "Bing Systemic Risk Assessment Report");
    assert_eq!(
        m.date,
        date("2024-08"),
        "AUGUST 2024 under the title is its date"
    );
    assert_eq!(m.subtitle, None);
    assert_eq!(m.kind.as_deref(), Some("report"));
    let md = &p.normalized.markdown;
    // The table of contents is dropped and reported, never headings.
    assert!(!md.contains("....."));
    let toc = p
        .normalized
        .dropped
        .iter()
        .filter(|d| d.rule == "table of contents entry")
        .count();
    assert!(toc >= 29, "{toc} table-of-contents entries dropped");
    // Sentences wrapped with a blank line after each line are whole again.
    let para = md
        .lines()
        .find(|l| l.starts_with("In a technology-driven world"))
        .expect("the executive summary's first paragraph");
    assert!(
        para.contains("primary way people find the content"),
        "{para}"
    );
    // Bullets keep their continuation lines.
    assert!(md.contains("- developing fair, reliable, safe, private, secure, inclusive, transparent, and accountable algorithmic systems;"));
    // Its plain-text footnotes (a numbered note at a page's foot, a number glued to the
    // word it annotates) are linked: both of them, to the right words, reported.
    assert!(md.contains("and Image Creator from Bing[^1]."), "marker 1");
    assert!(
        md.contains("linked to from search results[^2]; Bing does not"),
        "marker 2"
    );
    assert!(md.contains("\n[^1]: While these generative AI features were originally known as"));
    assert!(md.contains("\n[^2]: Note that Bing uses the term “content moderation”"));
    assert_eq!(
        p.rewrites
            .iter()
            .filter(|r| r.action == "plain-text footnote linked to its marker")
            .count(),
        2
    );
    let headings = md.lines().filter(|l| l.starts_with('#')).count();
    assert!(headings >= 20, "{headings} headings");
    assert!(
        !md.lines().any(|l| l.starts_with("######")),
        "no h6 staircase"
    );
    assert_no_loss(&p);
}

#[test]
fn the_digest_builds_with_every_corpus_document_added() {
    let Some(dir) = corpus() else { return };
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let site = tempfile::tempdir().unwrap();
    let seeds = site.path().join("seeds");
    std::fs::create_dir_all(&seeds).unwrap();
    for e in std::fs::read_dir(repo.join("seeds")).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), seeds.join(e.file_name())).unwrap();
    }
    for e in std::fs::read_dir(&dir).unwrap() {
        let e = e.unwrap();
        if e.file_name() != "SOURCES.md" {
            std::fs::copy(e.path(), seeds.join(e.file_name())).unwrap();
        }
    }
    for sub in ["themes", "commentary"] {
        let to = site.path().join("content").join(sub);
        std::fs::create_dir_all(&to).unwrap();
        for e in std::fs::read_dir(repo.join("content").join(sub)).unwrap() {
            let e = e.unwrap();
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
    std::fs::copy(repo.join("dossier.yaml"), site.path().join("dossier.yaml")).unwrap();
    let out = dossier(site.path(), &["build"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let docs = std::fs::read_dir(site.path().join("content/documents"))
        .unwrap()
        .count();
    assert_eq!(docs, 13);
    assert!(site.path().join("public/index.html").is_file());
}

/// What ingest makes of each corpus document, in a form that can be reviewed without
/// republishing it: the front matter (less hashes) and the outline of headings, with the
/// number of paragraphs under each.
#[test]
fn corpus_outlines_snapshots() {
    let Some(dir) = corpus() else { return };
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "SOURCES.md")
        .collect();
    names.sort();
    for name in names {
        let p = ingest::prepare(&dir.join(&name)).unwrap();
        let text = ingest::render_document(&p);
        let (front, body) = text
            .trim_start_matches("---\n")
            .split_once("\n---\n")
            .unwrap();
        let mut out: Vec<String> = front
            .lines()
            .filter(|l| !l.contains("sha256:"))
            .map(str::to_string)
            .collect();
        out.push("--- outline (heading: paragraphs under it)".into());
        let mut paragraphs = 0;
        let mut heading = String::from("(start)");
        for block in body.split("\n\n").map(str::trim).filter(|b| !b.is_empty()) {
            if block.starts_with('#') && !block.contains('\n') {
                out.push(format!("{heading}: {paragraphs}"));
                heading = block.to_string();
                paragraphs = 0;
            } else {
                paragraphs += 1;
            }
        }
        out.push(format!("{heading}: {paragraphs}"));
        insta::assert_snapshot!(name.clone(), out.join("\n"));
    }
}
