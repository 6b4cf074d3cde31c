//! Cross-reference on the real digest: which documents mention which themes, with the
//! spellings the seeds really use, checked by hand against the seeds.

use std::collections::BTreeSet;
use std::path::Path;

use dossier::content::{load_documents, Document};
use dossier::markdown::{render, Passage, RenderOptions};
use dossier::xref::{self, cross_reference, DocInput, Matcher};

const OSCE_2019: &str = "a-human-rights-centred-approach-to-technology-and-security";
const MINSK_2019: &str = "international-high-level-conference-on-countering-terrorism";
const ICT4PEACE_2018: &str = "high-level-panel-on-digital-cooperation";
const ETH_2017: &str = "building-an-international-governance-for-peace-and-security";
const CT_TECH_2023: &str = "ct-tech-initiative-expert-group-meetings";

struct Digest {
    themes: Vec<xref::Theme>,
    docs: Vec<Document>,
    passages: Vec<Vec<Passage>>,
}

fn digest() -> Digest {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (themes, warnings) = xref::load_catalog(&root.join("content/themes")).unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
    let (docs, _) = load_documents(&root.join("content/documents")).unwrap();
    let passages = docs
        .iter()
        .map(|d| render(&d.body, &RenderOptions::default()).passages)
        .collect();
    Digest {
        themes,
        docs,
        passages,
    }
}

fn documents_mentioning(slug: &str) -> BTreeSet<String> {
    let d = digest();
    let matcher = Matcher::new(&d.themes);
    let inputs: Vec<DocInput> = d
        .docs
        .iter()
        .zip(&d.passages)
        .map(|(doc, p)| DocInput {
            slug: &doc.slug,
            title: &doc.meta.title,
            date: doc.meta.date,
            passages: p,
        })
        .collect();
    let x = cross_reference(&d.themes, &matcher, &inputs);
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
    let matcher = Matcher::new(&d.themes);
    let inputs: Vec<DocInput> = d
        .docs
        .iter()
        .zip(&d.passages)
        .map(|(doc, p)| DocInput {
            slug: &doc.slug,
            title: &doc.meta.title,
            date: doc.meta.date,
            passages: p,
        })
        .collect();
    let x = cross_reference(&d.themes, &matcher, &inputs);
    let idx = |slug: &str| d.docs.iter().position(|doc| doc.slug == slug).unwrap();
    // The ICT4Peace paper and the ICT4Peace presentation share the rarest themes (crisis
    // information management, WSIS, UN GGE, Tech Against Terrorism): each other's best match.
    assert_eq!(x.docs[idx(ICT4PEACE_2018)].related[0].0, idx(ETH_2017));
    assert_eq!(x.docs[idx(ETH_2017)].related[0].0, idx(ICT4PEACE_2018));
    // Every mention points at a passage that exists in its document.
    for m in &x.mentions {
        assert!(
            d.passages[m.doc].iter().any(|p| p.anchor == m.anchor),
            "{m:?}"
        );
        assert!(!m.excerpt.text.is_empty());
    }
    let _ = CT_TECH_2023;
}
