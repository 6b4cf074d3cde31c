//! TEMPORARY (until the render stage's `markdown::Section`s are merged): turns documents
//! into search entries by splitting their Markdown bodies at `#` heading lines. The lead
//! replaces this with the real glue from rendered sections to `search::Entry`.

use dossier::content::Document;
use dossier::search::Entry;

/// A URL-safe id for a heading.
fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// Markdown line to plain-ish text: strips emphasis markers and list bullets.
fn plain(line: &str) -> String {
    line.replace(['*', '`'], "")
}

pub fn entries(docs: &[Document]) -> Vec<Entry> {
    let mut out = Vec::new();
    for d in docs {
        // Themes will come from the cross-reference stage; fixtures may name them in a
        // `themes:` front-matter key meanwhile.
        let themes: Vec<String> = d
            .meta
            .unknown
            .get("themes")
            .and_then(|v| serde_yaml::from_value(v.clone()).ok())
            .unwrap_or_default();
        let title = if d.meta.title.is_empty() {
            d.slug.clone()
        } else {
            d.meta.title.clone()
        };
        let push = |heading: &str, text: &mut String, out: &mut Vec<Entry>| {
            if heading.is_empty() && text.trim().is_empty() {
                return;
            }
            let anchor = if heading.is_empty() {
                String::new()
            } else {
                format!("#{}", slug(heading))
            };
            let mut breadcrumb = vec![title.clone()];
            if !heading.is_empty() {
                breadcrumb.push(heading.to_string());
            }
            out.push(Entry {
                url: format!("documents/{}/{anchor}", d.slug),
                title: title.clone(),
                section: heading.to_string(),
                breadcrumb,
                kind: d.meta.kind.clone().unwrap_or_default(),
                organisations: d.meta.organisations.clone(),
                year: d.meta.date.map(|x| x.year),
                themes: themes.clone(),
                text: std::mem::take(text).trim().to_string(),
            });
        };
        let mut heading = String::new();
        let mut text = String::new();
        for line in d.body.lines() {
            if let Some(h) = line.strip_prefix('#') {
                push(&heading, &mut text, &mut out);
                heading = plain(h.trim_start_matches('#')).trim().to_string();
            } else {
                text.push_str(&plain(line));
                text.push('\n');
            }
        }
        push(&heading, &mut text, &mut out);
    }
    out
}
