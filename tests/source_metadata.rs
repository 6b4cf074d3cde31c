//! What sources say about themselves, as content systems really write it: data tables with
//! a paragraph in each cell, a totals row of bare numbers, Dublin Core names with a colon,
//! front-matter keys other tools use. Nothing is lost and nothing stated is ignored.

use std::path::Path;

fn prepare(dir: &Path, name: &str, text: &str) -> dossier::ingest::Prepared {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    dossier::ingest::prepare(&path).expect("read")
}

/// A page as a CMS writes it (SPIP here): the table split into one table per row, header
/// cells holding a paragraph, the totals as a header row.
const SPIP_PAGE: &str = r#"<!doctype html><html lang="fr"><head><meta charset="utf-8">
<title>L'évaluation et les listes de revues</title>
<meta name="DC:date" content="2009-09-15">
<meta name="author" content="Florence Audier">
</head><body><article><h1>L'évaluation et les listes de revues</h1>
<p>Les enjeux sont majeurs pour les universités et pour les revues classées par les comités, qui en débattent depuis longtemps.</p>
<table class="spip"><thead><tr><th> Domaine </th><th><p>Nombre d'articles</p></th><th><p>Nombre d'auteurs</p></th></tr></thead><tbody></tbody></table>
<table class="spip"><tbody><tr><td>Revues généralistes</td><td>316</td><td>630</td></tr></tbody></table>
<table class="spip"><tbody><tr><td>Droit et économie</td><td>91</td><td>166</td></tr></tbody></table>
<table class="spip"><thead><tr><th>Ensemble</th><th><p>94</p></th><th><p>283</p></th></tr></thead><tbody></tbody></table>
<p>Photo : un auteur.</p></article></body></html>"#;

#[test]
fn a_cms_data_table_keeps_every_cell_and_its_totals() {
    let dir = tempfile::tempdir().unwrap();
    let p = prepare(dir.path(), "revues.html", SPIP_PAGE);
    let md = &p.normalized.markdown;
    assert!(
        md.contains("| Domaine | Nombre d'articles | Nombre d'auteurs |"),
        "{md}"
    );
    assert!(md.contains("| Revues généralistes | 316 | 630 |"), "{md}");
    // A web page has no pages: a bare number is data, never a page number.
    assert!(md.contains("| Ensemble | 94 | 283 |"), "{md}");
    assert!(
        !p.normalized
            .dropped
            .iter()
            .any(|d| d.text == "94" || d.text == "283"),
        "{:?}",
        p.normalized.dropped
    );
    // `DC:date` is Dublin Core's date, written with a colon.
    assert_eq!(
        p.meta.date.map(|d| d.to_string()).as_deref(),
        Some("2009-09-15")
    );
    assert_eq!(p.meta.authors, ["Florence Audier"]);
}

#[test]
fn front_matter_keys_of_other_tools_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let p = prepare(
        dir.path(),
        "statement.md",
        "---\ntitle: Statement to the General Assembly\ndoc_date: '1946-10-30'\ncreators: [Norman Makin]\n---\n\nThe General Assembly of the United Nations is meeting once again, this time in New York.\n",
    );
    assert_eq!(
        p.meta.date.map(|d| d.to_string()).as_deref(),
        Some("1946-10-30")
    );
    assert_eq!(p.meta.authors, ["Norman Makin"]);
}

#[test]
fn a_publisher_in_the_author_field_is_an_organisation() {
    let dir = tempfile::tempdir().unwrap();
    let p = prepare(
        dir.path(),
        "release.html",
        r#"<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Access to Wikipedia restored in Turkey</title>
<meta name="author" content="Wikimedia Foundation"><meta property="article:published_time" content="2020-01-15">
</head><body><article><h1>Access to Wikipedia restored in Turkey</h1>
<p>Today, access to Wikipedia was restored in Turkey after more than two and a half years, following a ruling of the court.</p>
</article></body></html>"#,
    );
    assert!(p.meta.authors.is_empty(), "{:?}", p.meta.authors);
    assert_eq!(p.meta.organisations, ["Wikimedia Foundation"]);
}

#[test]
fn a_weekday_before_a_date_is_not_a_place() {
    let dir = tempfile::tempdir().unwrap();
    let p = prepare(
        dir.path(),
        "rules.txt",
        "Proposed rules on cybersecurity incident reporting\n\nThursday, August 6, 2020\n\nThe agency proposes to amend its rules on the reporting of cybersecurity incidents by regulated entities, as set out below.\n",
    );
    assert_eq!(p.meta.place, None);
}

/// A Docusaurus blog post: dated by its file name, written in MDX with an import, a
/// figure component, an admonition and a summary divider.
const DOCUSAURUS_POST: &str = r#"---
slug: ai-act-trilogue
title: Our position on the AI Act trilogue
authors:
  - name: Ana Silva
    title: Policy Lead
tags: [ai-act, policy]
---

import Figure from '@site/src/components/Figure';

The trilogue on the **AI Act** enters its final phase. On 12 March 2024 the Parliament voted.

<!--truncate-->

<Figure src="/img/chart.png" caption="Timeline of the negotiations" />

We call on negotiators to keep the ban on real-time remote biometric identification.

:::note Our position
This post reflects our position as of May 2024.
:::
"#;

#[test]
fn an_mdx_post_keeps_its_text_not_its_code_and_is_dated_by_its_file_name() {
    let dir = tempfile::tempdir().unwrap();
    let p = prepare(
        dir.path(),
        "2024-05-02-ai-act-trilogue.mdx",
        DOCUSAURUS_POST,
    );
    assert_eq!(p.meta.title, "Our position on the AI Act trilogue");
    assert_eq!(
        p.meta.date.map(|d| d.to_string()).as_deref(),
        Some("2024-05-02")
    );
    assert_eq!(p.meta.authors, ["Ana Silva"]);
    let md = &p.normalized.markdown;
    assert!(!md.contains("import") && !md.contains("<Figure"), "{md}");
    assert!(!md.contains(":::") && !md.contains("truncate"), "{md}");
    assert!(md.contains("\n*Timeline of the negotiations*\n"), "{md}");
    assert!(md.contains("**Our position**"), "{md}");
    assert!(
        md.contains("This post reflects our position as of May 2024."),
        "{md}"
    );
}
