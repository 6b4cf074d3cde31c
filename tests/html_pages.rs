//! Saved pages of the policy genre through the HTML reader: real article text from
//! `../shared/corpus` wrapped in made-up CMS chrome by `tests/fixtures/html/make_fixtures.py`
//! at test time (the corpus is third-party and never copied into the repository; see
//! tests/fixtures/html/README.md). Where the corpus is absent, these tests say loudly that
//! they were skipped.
use std::path::PathBuf;
use std::sync::OnceLock;

use dossier::ingest::readers::html::{looks_like_html, read_html, HtmlDocument};

/// The generated pages' folder, made once per test run.
fn fixtures() -> Option<&'static PathBuf> {
    static DIR: OnceLock<Option<PathBuf>> = OnceLock::new();
    DIR.get_or_init(|| {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let corpus = root.join("../shared/corpus");
        if !corpus.is_dir() {
            eprintln!(
                "\n*** SKIPPED: {} is absent, so the saved-page tests did not run ***\n",
                corpus.display()
            );
            return None;
        }
        // Under cargo's scratch folder for tests, so nothing is left elsewhere.
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("html-fixtures");
        std::fs::create_dir_all(&dir).unwrap();
        let status = std::process::Command::new("python3")
            .arg(root.join("tests/fixtures/html/make_fixtures.py"))
            .arg(&corpus)
            .arg(&dir)
            .status()
            .expect("python3 runs make_fixtures.py");
        assert!(status.success());
        Some(dir)
    })
    .as_ref()
}

fn read(name: &str) -> HtmlDocument {
    let Some(dir) = fixtures() else {
        return HtmlDocument::default();
    };
    let path = dir.join(name);
    let bytes = std::fs::read(&path).expect("fixture");
    assert!(looks_like_html(&bytes), "{name} sniffed as HTML");
    read_html(std::str::from_utf8(&bytes).unwrap(), None).expect("main text")
}

fn assert_no_chrome(d: &HtmlDocument) {
    for chrome in [
        "cookie",
        "Subscribe",
        "S’abonner",
        "Share this",
        "Partager",
        "Privacy",
        "All rights reserved",
        "Related posts",
        "Skip to content",
        "Mentions légales",
        "Great overview",
        "Leave a reply",
        "Accueil",
        "dataLayer",
        "font-family",
        "<",
    ] {
        assert!(
            !d.markdown.contains(chrome),
            "chrome {chrome:?} left in:\n{}",
            d.markdown
        );
    }
    // Paragraphs are separate blocks.
    assert!(d.markdown.matches("\n\n").count() > 5);
}

#[test]
fn un_resolution_page() {
    if fixtures().is_none() {
        return;
    }
    let d = read("un-res-80-16.html");
    let m = &d.meta;
    assert_eq!(
        m.title.as_deref(),
        Some("Open-ended Working Group on Security of and in the Use of Information and Communications Technologies 2021-2025")
    );
    assert_eq!(m.published.as_deref(), Some("2025-12-05"));
    assert_eq!(m.authors, vec!["United Nations General Assembly"]);
    assert_eq!(
        m.canonical_url.as_deref(),
        Some("https://www.example.org/documents/a-res-80-16/")
    );
    assert_eq!(m.site_name.as_deref(), Some("Cyber Policy Observatory"));
    assert_eq!(m.publisher.as_deref(), Some("Cyber Policy Observatory"));
    assert_eq!(m.language.as_deref(), Some("en"));
    assert_eq!(m.keywords, vec!["United Nations", "ICT security"]);
    assert_no_chrome(&d);
    assert!(
        d.markdown
            .contains("1. Decides to endorse the final report of the open-ended working group"),
        "{}",
        d.markdown
    );
    assert!(d
        .markdown
        .contains("[A/RES/80/16 (PDF)](https://www.example.org/files/A_RES_80_16-EN.pdf)"));
    assert!(d
        .markdown
        .contains("\\[on the report of the First Committee (A/80/534, para. 7)\\]"));
    for kind in [
        "header:",
        "cookie banner:",
        "share buttons:",
        "aside:",
        "footer:",
    ] {
        assert!(
            d.dropped.iter().any(|x| x.starts_with(kind)),
            "{kind} in {:?}",
            d.dropped
        );
    }
}

#[test]
fn blog_page() {
    if fixtures().is_none() {
        return;
    }
    let d = read("blog-organised-cybercrime.html");
    let m = &d.meta;
    assert_eq!(m.title.as_deref(), Some("Organised Cybercrime"));
    assert_eq!(m.published.as_deref(), Some("2023-12-13"));
    assert_eq!(m.authors, vec!["Jamie MacColl", "Gareth Mott"]);
    assert_eq!(m.publisher.as_deref(), Some("Cyber Policy Observatory"));
    assert_eq!(
        m.description.as_deref(),
        Some("The Rise of Ransomware as a National Security Threat")
    );
    assert_eq!(
        m.keywords,
        vec!["ransomware", "cybercrime", "national security"]
    );
    assert_no_chrome(&d);
    assert!(d.markdown.contains(
        "### The Evolution of Ransomware: From “Spray and Pray” to Organised Cybercrime"
    ));
    assert!(d.markdown.contains("*This article traces the journey"));
    assert!(
        d.dropped
            .iter()
            .any(|x| x.starts_with("comments: 2 comments")),
        "{:?}",
        d.dropped
    );
}

#[test]
fn speech_page() {
    if fixtures().is_none() {
        return;
    }
    let d = read("speech-estonia-unga74.html");
    let m = &d.meta;
    assert_eq!(
        m.title.as_deref(),
        Some("Statement at the General Debate of the 74th Session of the United Nations General Assembly")
    );
    assert_eq!(m.published.as_deref(), Some("2019-09-25"));
    assert!(m.authors.is_empty());
    assert!(d
        .markdown
        .contains("This was a victory for democracy and multilateral cooperation."));
    assert!(
        !d.markdown.contains("Front page") && !d.markdown.contains("Stenbocki"),
        "{}",
        d.markdown
    );
    assert_no_chrome(&d);
}

#[test]
fn french_page() {
    if fixtures().is_none() {
        return;
    }
    let d = read("fr-res-80-22.html");
    let m = &d.meta;
    assert_eq!(m.language.as_deref(), Some("fr"));
    assert_eq!(
        m.title.as_deref(),
        Some("Role of science and technology in the context of international security and disarmament")
    );
    assert_eq!(m.published.as_deref(), Some("2025-12-05"));
    assert_eq!(m.authors, vec!["Assemblée générale des Nations unies"]);
    assert_eq!(m.site_name.as_deref(), Some("Diplomatie"));
    assert_eq!(
        m.canonical_url.as_deref(),
        Some("https://www.example.fr/fr/politique-etrangere/onu/resolution-80-22")
    );
    assert_no_chrome(&d);
    assert!(!d.markdown.contains("Imprimer") && !d.markdown.contains("javascript"));
    assert!(d
        .markdown
        .contains("Recognizing that scientific and technological developments"));
    for kind in [
        "cookie banner: Ce site utilise des cookies",
        "breadcrumbs:",
        "newsletter:",
        "footer: ©",
    ] {
        assert!(
            d.dropped.iter().any(|x| x.starts_with(kind)),
            "{kind} in {:?}",
            d.dropped
        );
    }
}

/// A French page written for these tests (text and chrome both made up, committed):
/// through the whole of ingest.
#[test]
fn a_french_page_is_ingested_in_french() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let page = root.join("tests/fixtures/html/fr-communique.html");
    let p = dossier::ingest::prepare(&page).expect("the page is read");
    let m = &p.meta;
    assert_eq!(
        m.title,
        "Confiance et sécurité dans le cyberespace : un appel commun"
    );
    assert_eq!(m.date.map(|d| d.to_string()).as_deref(), Some("2018-11-12"));
    assert_eq!(
        m.place.as_deref(),
        Some("Paris"),
        "from the closing dateline"
    );
    assert_eq!(m.language.as_deref(), Some("fr"));
    assert_eq!(m.kind.as_deref(), Some("declaration"), "un appel");
    assert_eq!(
        m.source_url.as_deref(),
        Some("https://www.exemple.gouv.example/fr/actualites/appel-cyberespace")
    );
    let md = &p.normalized.markdown;
    for chrome in [
        "cookies",
        "Accueil",
        "S’abonner",
        "Mentions légales",
        "À lire aussi",
        "dataLayer",
    ] {
        assert!(!md.contains(chrome), "{chrome} left in:\n{md}");
    }
    assert!(md.contains("\n## Neuf principes communs\n"), "{md}");
    assert!(md.contains("\n- protéger l’intégrité technique"), "{md}");
    // A relative link is made absolute against the page's canonical URL.
    assert!(
        md.contains("](https://www.exemple.gouv.example/fr/actualites/forum-gouvernance)"),
        "{md}"
    );
    assert!(
        md.trim_end().ends_with("Paris, le 12 novembre 2018"),
        "{md}"
    );
    assert!(p
        .normalized
        .dropped
        .iter()
        .any(|d| d.text.starts_with("cookie banner")));
}
