//! Collects the searchable sections of the site: one [`Entry`] per heading section of
//! each document (from its rendered [`Section`](crate::markdown::Section)s) and one per
//! theme page. Takes the documents, their rendered bodies and the cross-reference; gives
//! entries in site order.

use std::collections::{BTreeSet, HashMap};

use rayon::prelude::*;

use crate::content::Document;
use crate::markdown::{self, RenderOptions, Rendered};
use crate::xref::{self, CrossRef, Theme};

use super::Entry;

/// The text of a theme page's entry: its rendered description's passages.
pub fn theme_text(description: &Rendered) -> String {
    description
        .passages
        .iter()
        .map(|p| p.text.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Entries of `docs` and `themes` through the same Markdown rendering and cross-reference
/// as `dossier build`, for tools that index content without building a site (the Node
/// tests' fixture index, the search benchmark). Syntax highlighting is left out: it
/// changes markup, not text.
pub fn from_content(docs: &[Document], themes: &[Theme]) -> Vec<Entry> {
    let matcher = xref::Matcher::new(themes);
    let rendered: Vec<Rendered> = docs
        .par_iter()
        .map(|d| {
            let root = crate::render::root_for(&format!("documents/{}/", d.slug));
            let linker = xref::ThemeLinker::new(&matcher, themes, &root);
            markdown::render(
                &d.body,
                &RenderOptions {
                    highlighter: None,
                    annotator: (!themes.is_empty()).then_some(&linker as &dyn markdown::Annotator),
                    root: Some(&root),
                },
            )
        })
        .collect();
    let inputs = xref::doc_inputs(docs, &rendered);
    let cross = xref::cross_reference(themes, &matcher, &inputs);
    let theme_texts: Vec<String> = themes
        .iter()
        .map(|t| {
            theme_text(&markdown::render(
                &t.body,
                &RenderOptions {
                    highlighter: None,
                    annotator: None,
                    root: Some("../../"),
                },
            ))
        })
        .collect();
    entries(docs, &rendered, themes, Some(&cross), &theme_texts)
}

pub fn entries(
    docs: &[Document],
    rendered: &[Rendered],
    themes: &[Theme],
    xref: Option<&CrossRef>,
    theme_texts: &[String],
) -> Vec<Entry> {
    // Themes mentioned in each (document, section).
    let mut section_themes: HashMap<(usize, &str), BTreeSet<usize>> = HashMap::new();
    if let Some(x) = xref {
        for m in &x.mentions {
            let section = rendered[m.doc].passages[m.passage].section.as_str();
            section_themes
                .entry((m.doc, section))
                .or_default()
                .insert(m.theme);
        }
    }
    let mut out = Vec::new();
    for (d, (doc, r)) in docs.iter().zip(rendered).enumerate() {
        let url = format!("documents/{}/", doc.slug);
        for s in &r.sections {
            if s.text.trim().is_empty() && s.title.is_empty() {
                continue;
            }
            let mut breadcrumb = vec![doc.meta.title.clone()];
            breadcrumb.extend(s.heading_path.iter().cloned());
            out.push(Entry {
                url: if s.id.is_empty() {
                    url.clone()
                } else {
                    format!("{url}#{}", s.id)
                },
                title: doc.meta.title.clone(),
                section: s.title.clone(),
                breadcrumb,
                kind: doc.meta.kind.clone().unwrap_or_default(),
                organisations: doc.meta.organisations.clone(),
                year: doc.meta.date.map(|x| x.year),
                themes: section_themes
                    .get(&(d, s.id.as_str()))
                    .map(|ts| ts.iter().map(|&t| themes[t].title.clone()).collect())
                    .unwrap_or_default(),
                text: s.text.clone(),
            });
        }
    }
    for (t, text) in themes.iter().zip(theme_texts) {
        out.push(Entry {
            url: xref::views::topic_url(t),
            title: t.title.clone(),
            section: String::new(),
            breadcrumb: vec!["Themes".into(), t.title.clone()],
            kind: "theme".into(),
            organisations: Vec::new(),
            year: None,
            themes: vec![t.title.clone()],
            text: format!("{} {}", t.summary.clone().unwrap_or_default(), text),
        });
    }
    out
}

/// One entry per section of each commentary page.
pub fn commentary_entries(
    pages: &[(
        crate::commentary::CommentaryPage,
        Rendered,
        crate::linkcheck::MarkdownOrigin,
    )],
) -> Vec<Entry> {
    let mut out = Vec::new();
    for (page, rendered, _) in pages {
        for s in &rendered.sections {
            if s.text.trim().is_empty() && s.title.is_empty() {
                continue;
            }
            let mut breadcrumb = vec!["Commentary".to_string(), page.card.title.clone()];
            breadcrumb.extend(s.heading_path.iter().cloned());
            out.push(Entry {
                url: if s.id.is_empty() {
                    page.card.url.clone()
                } else {
                    format!("{}#{}", page.card.url, s.id)
                },
                title: page.card.title.clone(),
                section: s.title.clone(),
                breadcrumb,
                kind: "commentary".into(),
                organisations: Vec::new(),
                year: page
                    .card
                    .date
                    .as_deref()
                    .and_then(|d| d.get(..4))
                    .and_then(|y| y.parse().ok()),
                themes: page.themes.iter().map(|t| t.title.clone()).collect(),
                text: s.text.clone(),
            });
        }
    }
    out
}
