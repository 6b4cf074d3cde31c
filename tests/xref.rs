//! Cross-reference on the real digest: which documents mention which themes, with the
//! spellings the seeds really use, checked by hand against the seeds.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use dossier::content::{load_documents, Document};
use dossier::markdown::Rendered;
use dossier::xref::{self, cross_reference, DocInput, Matcher};

const OSCE_2019: &str = "a-human-rights-centred-approach-to-technology-and-security";
const MINSK_2019: &str = "international-high-level-conference-on-countering-terrorism";
const ICT4PEACE_2018: &str = "high-level-panel-on-digital-cooperation";
const ETH_2017: &str = "building-an-international-governance-for-peace-and-security";
const CT_TECH_2023: &str = "ct-tech-initiative-expert-group-meetings";

struct Digest {
    themes: Vec<xref::Theme>,
    docs: Vec<Document>,
    rendered: Vec<Rendered>,
}

fn digest() -> Digest {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (themes, warnings) = xref::load_catalog(&root.join("content/themes")).unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
    let (mut docs, _) = load_documents(&root.join("content/documents")).unwrap();
    // Mentions are found as the bodies render, as `dossier build` renders them.
    let rendered = dossier::build::render_bodies(&mut docs, &themes, &Matcher::new(&themes));
    Digest {
        themes,
        docs,
        rendered,
    }
}

fn inputs(d: &Digest) -> Vec<DocInput<'_>> {
    xref::doc_inputs(&d.docs, &d.rendered)
}

fn documents_mentioning(slug: &str) -> BTreeSet<String> {
    let d = digest();
    let inputs = inputs(&d);
    let x = cross_reference(&d.themes, &inputs);
    let t = d
        .themes
        .iter()
        .position(|t| t.slug == slug)
        .expect("theme exists");
    x.themes[t]
        .documents
        .iter()
        .map(|&(doc, _)| d.docs[doc].slug.clone())
        .collect()
}

fn set(slugs: &[&str]) -> BTreeSet<String> {
    slugs.iter().map(|s| s.to_string()).collect()
}

#[test]
fn christchurch_call_is_in_the_2019_documents() {
    // 000: "the “ChristChurch call”"; 001: "The Christchurch Call - a commitment ..." (twice).
    assert_eq!(
        documents_mentioning("christchurch-call"),
        set(&[OSCE_2019, MINSK_2019])
    );
}

#[test]
fn tech_against_terrorism_but_not_tech_against_trafficking() {
    // 001: ‘Tech Against Terrorism’; 002: "Tech Against Terrorism" Project, "Tech against
    // Terrorism"; 003: TechAgainstTerrorism, "tech against terrorism". 000 only says
    // "tech against trafficking", which is not the theme.
    assert_eq!(
        documents_mentioning("tech-against-terrorism"),
        set(&[MINSK_2019, ICT4PEACE_2018, ETH_2017])
    );
}

#[test]
fn cbms_in_every_spelling() {
    // 000: "cyber CBMs"; 002: "confidence building measures (CBM's)", "Confidence Building
    // Measures (CBMs)"; 003: "Confidence Building Measures (CBMs)", "OSCE CONFIDENCE-BUILDING
    // MEASURES". Not the Minsk speech, not the 2023 web page.
    assert_eq!(
        documents_mentioning("cbms"),
        set(&[OSCE_2019, ICT4PEACE_2018, ETH_2017])
    );
}

#[test]
fn tricky_spellings_in_the_seeds() {
    let d = digest();
    let m = Matcher::new(&d.themes);
    let slug_of = |text: &str| -> Vec<String> {
        m.find(text)
            .into_iter()
            .map(|h| d.themes[h.theme].slug.clone())
            .collect()
    };
    assert_eq!(
        slug_of("many have joined the “ChristChurch call” to take down"),
        ["christchurch-call"]
    );
    assert_eq!(
        slug_of("confidence building measures (CBM's)"),
        ["cbms", "cbms"]
    );
    assert_eq!(slug_of("OSCE CONFIDENCE-BUILDING MEASURES TO"), ["cbms"]);
    assert_eq!(
        slug_of("the TechAgainstTerrorism initiative"),
        ["tech-against-terrorism"]
    );
    assert!(
        slug_of("Examples mentioned during the Security Day include tech against trafficking")
            .iter()
            .all(|s| s != "tech-against-terrorism")
    );
    assert!(slug_of("UNGGE").contains(&"un-gge-norms".to_string()));
    assert!(slug_of("the MAIN risks").is_empty());
}

#[test]
fn related_documents_share_rare_themes() {
    let d = digest();
    let inputs = inputs(&d);
    let x = cross_reference(&d.themes, &inputs);
    let idx = |slug: &str| d.docs.iter().position(|doc| doc.slug == slug).unwrap();
    // The ICT4Peace paper and the ICT4Peace presentation share the rarest themes (crisis
    // information management, WSIS, UN GGE, Tech Against Terrorism): each other's best match.
    assert_eq!(x.docs[idx(ICT4PEACE_2018)].related[0].0, idx(ETH_2017));
    assert_eq!(x.docs[idx(ETH_2017)].related[0].0, idx(ICT4PEACE_2018));
    // Every mention points at a passage that exists in its document.
    for m in &x.mentions {
        assert!(m.passage(&inputs).text.len() >= m.end, "{m:?}");
        assert!(!m.excerpt(&inputs, 12).text.is_empty());
    }
    let _ = CT_TECH_2023;
}

// --- the built pages -------------------------------------------------------------------

use scraper::{Html, Selector};

fn built_site() -> tempfile::TempDir {
    let dir = common::digest_site(&["documents", "themes"]);
    let out = common::dossier(dir.path(), &["build"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    dir
}

fn html(root: &Path, rel: &str) -> Html {
    Html::parse_document(&std::fs::read_to_string(root.join("public").join(rel)).unwrap())
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

#[test]
fn theme_pages_link_to_exact_passages_and_documents_link_back() {
    let site = built_site();
    let root = site.path();
    let theme = html(root, "themes/christchurch-call/index.html");
    let excerpts: Vec<String> = theme
        .select(&sel("a.excerpt"))
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    assert_eq!(excerpts.len(), 3, "{excerpts:?}");
    assert!(
        excerpts.contains(&format!(
            "../../documents/{MINSK_2019}/#p-christchurch-call-commitment-some"
        )),
        "{excerpts:?}"
    );
    for href in &excerpts {
        let (page, frag) = href.trim_start_matches("../../").split_once('#').unwrap();
        let target = html(root, &format!("{page}index.html"));
        let passage = target
            .select(&sel(&format!("[id='{frag}']")))
            .next()
            .expect("anchor exists");
        let text: String = passage.text().collect();
        assert!(
            text.to_lowercase().contains("christchurch"),
            "{href}: {text}"
        );
    }
    let marks: Vec<String> = theme
        .select(&sel("a.excerpt mark"))
        .map(|m| m.text().collect())
        .collect();
    assert!(
        marks.contains(&"ChristChurch call".to_string()),
        "{marks:?}"
    );

    let doc = html(root, &format!("documents/{MINSK_2019}/index.html"));
    let panel: Vec<String> = doc
        .select(&sel(".doc-xref .topic-list a"))
        .map(|a| a.text().collect())
        .collect();
    assert!(
        panel.contains(&"Christchurch Call".to_string()),
        "{panel:?}"
    );
    let mention_links: Vec<&str> = doc
        .select(&sel(".doc-body a.xref"))
        .filter_map(|a| a.value().attr("href"))
        .filter(|h| h.ends_with("themes/christchurch-call/"))
        .collect();
    assert_eq!(mention_links.len(), 1, "first mention in the section only");
    assert!(doc.select(&sel(".related-list a")).count() >= 1);

    let index = html(root, "themes/index.html");
    assert_eq!(index.select(&sel("table.matrix tbody tr")).count(), 20);
    assert_eq!(index.select(&sel("table.matrix thead th")).count(), 1 + 5);

    let (json, documents, mentions) = common::xref_export(&root.join("public"));
    assert_eq!(json["version"], 3);
    related_documents_name_a_few_shared_themes(&doc, MINSK_2019, &documents);
    let cc = mentions
        .iter()
        .filter(|m| m["theme"] == "christchurch-call")
        .count();
    assert_eq!(cc, 3);
}

/// Each related document says which themes it shares with the page's document: all of
/// them up to four, else the first three and how many more (the panel is on every page).
fn related_documents_name_a_few_shared_themes(
    page: &Html,
    slug: &str,
    documents: &[serde_json::Value],
) {
    let themes_of = |slug: &str| -> BTreeSet<String> {
        let d = documents.iter().find(|d| d["slug"] == slug).unwrap();
        d["themes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["slug"].as_str().unwrap().to_string())
            .collect()
    };
    let mine = themes_of(slug);
    let mut abridged = 0;
    for li in page.select(&sel(".related-list li")) {
        let href = li
            .select(&sel("a"))
            .next()
            .unwrap()
            .value()
            .attr("href")
            .unwrap();
        let other = href.trim_end_matches('/').rsplit('/').next().unwrap();
        let shared = mine.intersection(&themes_of(other)).count();
        let text: String = li.select(&sel(".shared")).next().unwrap().text().collect();
        let names = text.strip_prefix("Shared themes: ").unwrap();
        if shared > 4 {
            let (listed, more) = names.rsplit_once(" and ").unwrap();
            assert_eq!(listed.split(", ").count(), 3, "{text}");
            assert_eq!(more, format!("{} more", shared - 3), "{text}");
            abridged += 1;
        } else {
            assert!(!names.ends_with(" more"), "{text}");
        }
    }
    assert!(abridged > 0, "the seeds' documents share many themes");
}

#[test]
fn broken_theme_files_fail_with_file_line_and_suggestion() {
    let site = built_site();
    let themes = site.path().join("content/themes");
    std::fs::write(
        themes.join("bad.md"),
        "---\ntitle: Bad\naliases: [bad]\npatterns:\n  - '(unclosed'\n---\n",
    )
    .unwrap();
    let run = || common::dossier(site.path(), &["build"]);
    let out = run();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success() && err.contains("bad.md:5: invalid regex"),
        "{err}"
    );
    std::fs::write(
        themes.join("bad.md"),
        "---\ntitle: Bad\naliases: [bad]\nrelated: [christchurch-cal]\n---\n",
    )
    .unwrap();
    let out = run();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success()
            && err.contains("bad.md:4:")
            && err.contains("did you mean `christchurch-call`?"),
        "{err}"
    );
    std::fs::write(
        themes.join("bad.md"),
        "---\ntitle: Bad\naliases: [bad\n---\n",
    )
    .unwrap();
    let out = run();
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("bad.md:4:1: did not find expected"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Mentions are matched once, as the body renders: what the export counts is what the
/// page links, even when emphasis or a line break splits the words.
#[test]
fn a_mention_split_by_emphasis_is_counted_and_linked() {
    let site = common::digest_site(&["themes"]);
    let docs = site.path().join("content/documents");
    std::fs::create_dir_all(&docs).unwrap();
    std::fs::write(
        docs.join("split.md"),
        "---\ntitle: Split mentions\ndate: 2024-01-01\n---\n\n## One\n\nThe *Christchurch* Call was adopted.\n\n## Two\n\nThe **Christchurch**\nCall, again.\n\n## Three\n\n[The Christchurch Call](https://example.org/) in a link, then the Christchurch Call.\n",
    )
    .unwrap();
    let out = common::dossier(site.path(), &["build"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let public = site.path().join("public");
    let (_, _, mentions) = common::xref_export(&public);
    let anchors: Vec<&str> = mentions
        .iter()
        .filter(|m| m["document"] == "split" && m["theme"] == "christchurch-call")
        .map(|m| m["anchor"].as_str().unwrap())
        .collect();
    assert_eq!(anchors.len(), 4, "{anchors:?}");
    let page = std::fs::read_to_string(public.join("documents/split/index.html")).unwrap();
    let link = "<a class=\"xref\" href=\"../../themes/christchurch-call/\"";
    assert_eq!(page.matches(link).count(), 3, "one per section");
    assert!(
        page.contains(&format!(
            "The {link} title=\"Christchurch Call\"><em>Christchurch</em> Call</a> was"
        )),
        "{page}"
    );
    assert!(
        page.contains("<strong>Christchurch</strong>\nCall</a>, again"),
        "{page}"
    );
    // The mention inside the link cannot be linked; the next one in the section is.
    assert!(page.contains("then the <a class=\"xref\""), "{page}");
}
