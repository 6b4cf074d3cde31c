//! Property tests: arbitrary input never panics the normalizer or the front-matter
//! reader, the normalizer never loses or invents a word, and no slug or output path,
//! however made, leads outside its folder.

use std::path::Path;

use proptest::prelude::*;

use dossier::content::{split_front_matter, Document};
use dossier::ingest::{decode, metadata, normalize};
use dossier::paths;

/// Pieces hostile slugs and paths are made of.
fn path_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("..".to_string()),
        Just(".".to_string()),
        Just("/".to_string()),
        Just("\\".to_string()),
        Just("c:".to_string()),
        Just("%2e%2e".to_string()),
        Just("\0".to_string()),
        Just("~".to_string()),
        Just("tmp".to_string()),
        Just("é".to_string()),
        "[a-z0-9_-]{1,8}",
        "\\PC{0,4}",
    ]
}

fn hostile() -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::collection::vec(path_piece(), 0..8).prop_map(|v| v.concat()),
        "\\PC{0,30}",
        any::<String>(),
    ]
}

/// Whether `path` has no `..`, root or drive part, and starts with `base`.
fn stays_in(base: &Path, path: &Path) -> bool {
    path.starts_with(base)
        && path
            .strip_prefix(base)
            .unwrap()
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)))
}

/// Lines that look like the seeds' mess: bullets, numbers, headings, tabs, footnotes,
/// URLs, markup, page numbers, chrome.
fn messy_line() -> impl Strategy<Value = String> {
    prop_oneof![
        "[A-Za-z ,.;:()'’“”-]{0,100}",
        Just("•".to_string()),
        Just("\u{f0b7} Item text here.".to_string()),
        Just("o Sub item".to_string()),
        Just(" 3)".to_string()),
        Just("-".to_string()),
        Just("- - **bold item**".to_string()),
        Just("17".to_string()),
        Just("---".to_string()),
        Just("# **HEADING**".to_string()),
        Just("1 <https://example.org/a>".to_string()),
        Just("Text with note<sup>1</sup> and <b>tag</b>.".to_string()),
        Just("#\tCOUNTRY\n354\tSaudi|Arabia".to_string()),
        Just("[...more](#)".to_string()),
        Just("SEARCH".to_string()),
        Just("UPDATES".to_string()),
        Just("see www.example.org or a@b.org".to_string()),
        Just("tech-".to_string()),
        Just("nology continues here".to_string()),
        Just("09:00 – 09:45 Registration".to_string()),
        Just(String::new()),
        Just("\u{c}".to_string()),
        "\\PC{0,40}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn normalizer_keeps_every_word(lines in proptest::collection::vec(messy_line(), 0..60), slides: bool) {
        let text = lines.join("\n");
        let extracted = metadata::extract(&text);
        let profile = metadata::Profile {
            slides,
            ..Default::default()
        };
        let n = normalize::normalize(&text, &extracted.consumed_pairs(), profile);
        if let Err(e) = normalize::verify(&text, &n.markdown, &n.dropped) {
            prop_assert!(false, "{}\n--- input ---\n{}\n--- output ---\n{}", e, text, n.markdown);
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
        if let Ok(d) = decode::decode(Path::new("fuzz.txt"), &bytes) {
            let e = metadata::extract(&d.text);
            let _ = normalize::normalize(&d.text, &e.consumed_pairs(), e.profile);
        }
        let text = String::from_utf8_lossy(&bytes);
        let _ = split_front_matter(&text);
        let _ = Document::parse(Path::new("fuzz.md"), &text);
    }

    #[test]
    fn front_matter_reader_never_panics(yaml in "\\PC{0,200}", body in "\\PC{0,100}") {
        let text = format!("---\n{yaml}\n---\n{body}");
        match Document::parse(Path::new("doc.md"), &text) {
            Ok((d, _)) => prop_assert!(!d.meta.title.trim().is_empty()),
            Err(e) => prop_assert!(e.to_string().starts_with("doc.md")),
        }
    }

    #[test]
    fn slugs_are_plain_names(slug in hostile()) {
        match paths::check_slug(&slug) {
            Ok(()) => {
                prop_assert!(!slug.is_empty() && slug.chars().count() <= paths::SLUG_MAX);
                prop_assert!(slug.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_'), "{slug:?}");
                let base = Path::new("/site/public");
                for rel in [format!("{slug}.md"), format!("commentary/{slug}/index.html")] {
                    let p = paths::join_inside(base, &rel).unwrap();
                    prop_assert!(stays_in(base, &p), "{}", p.display());
                }
            }
            Err(why) => prop_assert!(!why.is_empty()),
        }
    }

    #[test]
    fn joined_paths_stay_inside(rel in hostile()) {
        let base = Path::new("/site/public");
        if let Ok(p) = paths::join_inside(base, &rel) {
            prop_assert!(stays_in(base, &p), "{rel:?} gave {}", p.display());
            prop_assert!(!rel.contains(['\\', ':']), "{rel:?}");
        }
    }

    #[test]
    fn commentary_slugs_are_checked(slug in hostile()) {
        let yaml = serde_yaml::to_string(&slug).unwrap();
        let text = format!("---\ntitle: T\ndate: 2026-11-24\nslug: {}---\nBody\n", yaml);
        match dossier::commentary::parse(Path::new("note.md"), &text) {
            Ok((c, _)) => prop_assert!(paths::check_slug(&c.slug).is_ok(), "{:?}", c.slug),
            Err(e) => {
                let msg = e.to_string();
                prop_assert!(msg.starts_with("note.md:"), "{msg}");
                let same = serde_yaml::from_str::<String>(&yaml).ok().as_ref() == Some(&slug);
                if same && paths::check_slug(&slug).is_err() {
                    prop_assert!(msg.starts_with("note.md:4:"), "{msg}");
                    prop_assert!(msg.contains(paths::SLUG_FORM), "{msg}");
                }
            }
        }
    }

    #[test]
    fn document_slugs_are_checked(stem in hostile()) {
        let path = Path::new("content/documents").join(format!("{stem}.md"));
        if let Ok((d, _)) = Document::parse(&path, "---\ntitle: T\n---\nBody\n") {
            prop_assert!(paths::check_slug(&d.slug).is_ok(), "{:?}", d.slug);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, failure_persistence: None, ..ProptestConfig::default() })]

    /// Every reader, chosen by content as ingest chooses it, on arbitrary bytes with and
    /// without a format's opening: an error or a document, never a panic.
    #[test]
    fn every_reader_survives_arbitrary_bytes(
        body in proptest::collection::vec(any::<u8>(), 0..3000),
        opening in 0usize..5,
        name in prop_oneof![Just("x.txt"), Just("x.md"), Just("x.html"), Just("x.pdf")],
    ) {
        let head: &[u8] = match opening {
            0 => b"",
            1 => b"---\ntitle: [\n",
            2 => b"+++\ntitle = 1\n+++\n",
            3 => b"<!doctype html><html><body><p>",
            _ => b"%PDF-1.7\n",
        };
        let mut bytes = head.to_vec();
        bytes.extend_from_slice(&body);
        if let Ok(source) = dossier::ingest::readers::read(Path::new(name), &bytes) {
            let e = metadata::extract(&source.text);
            let _ = normalize::normalize(&source.text, &e.consumed_pairs(), e.profile);
        }
    }
}

/// Markdown made of the pieces that split a mention: emphasis, strong, code, links, line
/// breaks, footnotes, list items and headings around the words of a theme.
fn mention_markdown() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("Christchurch Call".to_string()),
        Just("*Christchurch* Call".to_string()),
        Just("Christchurch *Call*".to_string()),
        Just("**The Christchurch** Call".to_string()),
        Just("Christ*church Call*".to_string()),
        Just("Christchurch\nCall".to_string()),
        Just("Christchurch  \nCall".to_string()),
        Just("`Christchurch Call`".to_string()),
        Just("[Christchurch Call](https://x.org/)".to_string()),
        Just("Christchurch[^n] Call".to_string()),
        Just("~~Christchurch~~ Call".to_string()),
        Just("\n\n## Christchurch Call\n\n".to_string()),
        Just("\n\n- Christchurch *Call* item\n  - nested Christchurch Call\n\n".to_string()),
        Just("\n\n[^n]: Note on the *Christchurch* Call.\n\n".to_string()),
        Just("<b>Christchurch</b> Call".to_string()),
        "[a-z *_]{0,12}",
    ];
    proptest::collection::vec(piece, 0..12).prop_map(|p| p.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Mentions are matched once, on each passage's text: every link the renderer puts in
    /// wraps exactly a mention's words, its tags nest, and it is never inside another link
    /// or a heading.
    #[test]
    fn mention_links_wrap_exactly_a_mention(md in mention_markdown()) {
        use dossier::markdown::{render, RenderOptions};
        use dossier::xref::{Matcher, Theme, ThemeLinker};
        let theme = Theme {
            slug: "christchurch-call".into(),
            path: "christchurch-call.md".into(),
            title: "Christchurch Call".into(),
            summary: None,
            aliases: vec!["Christchurch Call".into()],
            acronyms: vec![],
            patterns: vec![],
            exclude: vec![],
            related: vec![],
            body: String::new(),
            body_line: 1,
        };
        let themes = [theme];
        let matcher = Matcher::new(&themes);
        let linker = ThemeLinker::new(&matcher, &themes, "../../");
        let r = render(&md, &RenderOptions { annotator: Some(&linker), ..Default::default() });
        for m in &r.mentions {
            let text = &r.passages[m.passage].text[m.start..m.end];
            prop_assert_eq!(text.to_lowercase(), "christchurch call");
        }
        let all = format!("{}{}", r.html, r.footnotes);
        let doc = scraper::Html::parse_fragment(&all);
        let xref = scraper::Selector::parse("a.xref").unwrap();
        let mut links = 0;
        for a in doc.select(&xref) {
            links += 1;
            let words: Vec<String> = a.text().collect::<String>().split_whitespace().map(str::to_string).collect();
            prop_assert_eq!(words.join(" "), "Christchurch Call", "{}", all);
            for up in a.ancestors().filter_map(scraper::ElementRef::wrap) {
                let name = up.value().name();
                prop_assert!(name != "a" && !name.starts_with('h') || name == "html", "{} inside {}: {}", "link", name, all);
            }
        }
        // The parser would have had to repair misnested tags: the serialized link count
        // equals the parsed one only when every <a class="xref"> closed where it should.
        prop_assert_eq!(all.matches("<a class=\"xref\"").count(), links);
        prop_assert!(links <= r.mentions.len());
    }
}
