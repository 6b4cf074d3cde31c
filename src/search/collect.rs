//! Collects the searchable sections of the site: one [`Entry`] per heading section of
//! each document (from its rendered [`Section`](crate::markdown::Section)s) and one per
//! theme page. Takes the documents, their rendered bodies and the cross-reference; gives
//! entries in site order.

use rayon::prelude::*;

use crate::content::Document;
use crate::markdown::{self, RenderOptions, Rendered};
use crate::xref::{self, CrossRef, Theme};

use super::{Changes, Collected, Entry, Spans};

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

/// One entry per heading section of each document (themes: those its passages mention,
/// from the cross-reference), then one per theme page, in site order. Watch mode calls
/// this on every rebuild, so it avoids per-mention hashing (there are some 250,000
/// mentions at 10,000 documents) and builds documents' entries in parallel.
pub fn entries(
    docs: &[Document],
    rendered: &[Rendered],
    themes: &[Theme],
    xref: Option<&CrossRef>,
    theme_texts: &[String],
) -> Vec<Entry> {
    let mentioned = mentions(rendered, xref, &[]);
    let mut out: Vec<Entry> = docs
        .par_iter()
        .zip(rendered)
        .zip(&mentioned)
        .flat_map_iter(|((doc, r), m)| doc_entries(doc, r, themes, m))
        .collect();
    out.extend(theme_entries(themes, theme_texts));
    out
}

/// Each document's mentions as (section index, theme), sorted and deduplicated; none
/// for the documents `skip` says (when it has their number).
fn mentions(rendered: &[Rendered], xref: Option<&CrossRef>, skip: &[bool]) -> Vec<Vec<(u32, u32)>> {
    let Some(x) = xref else {
        return vec![Vec::new(); rendered.len()];
    };
    // Group (passage, theme) by document with a counting sort.
    let mut start = vec![0usize; rendered.len() + 1];
    for m in &x.mentions {
        start[m.doc + 1] += 1;
    }
    for d in 0..rendered.len() {
        start[d + 1] += start[d];
    }
    let mut fill = start.clone();
    let mut flat = vec![(0u32, 0u32); x.mentions.len()];
    for m in &x.mentions {
        flat[fill[m.doc]] = (m.passage as u32, m.theme as u32);
        fill[m.doc] += 1;
    }
    (0..rendered.len())
        .into_par_iter()
        .map(|d| {
            if skip.len() == rendered.len() && skip[d] {
                return Vec::new();
            }
            let r = &rendered[d];
            let mut ms: Vec<(u32, u32)> = flat[start[d]..start[d + 1]].to_vec();
            ms.sort_unstable();
            // Passage -> its section's index (a document has a few sections).
            let mut last: Option<(u32, u32)> = None;
            for m in &mut ms {
                let sec = match last {
                    Some((p, sec)) if p == m.0 => sec,
                    _ => {
                        let id = r.passages[m.0 as usize].section.as_str();
                        let sec = r
                            .sections
                            .iter()
                            .position(|s| s.id == id)
                            .unwrap_or(usize::MAX) as u32;
                        last = Some((m.0, sec));
                        sec
                    }
                };
                m.0 = sec;
            }
            ms.sort_unstable();
            ms.dedup();
            ms
        })
        .collect()
}

fn theme_entries<'a>(
    themes: &'a [Theme],
    theme_texts: &'a [String],
) -> impl Iterator<Item = Entry> + 'a {
    themes.iter().zip(theme_texts).map(|(t, text)| Entry {
        url: xref::views::topic_url(t),
        title: t.title.clone(),
        section: String::new(),
        breadcrumb: vec!["Themes".into(), t.title.clone()],
        kind: "theme".into(),
        organisations: Vec::new(),
        year: None,
        themes: vec![t.title.clone()],
        text: format!("{} {}", t.summary.clone().unwrap_or_default(), text),
        language: String::new(),
    })
}

/// A rebuild's entries ([`entries`], then `commentary`) for watch mode, made from the
/// previous rebuild's where possible: the entries of a document whose sections,
/// metadata and mentioned themes are unchanged are moved over from `previous` (checked
/// field by field, without building them), and only changed documents' entries are
/// built. At 10,000 documents that avoids copying some 80 MB of text per rebuild, and
/// it tells the index which entries changed.
///
/// With `prints` (each document's fingerprint) and the `spans` of `previous`, a document
/// with the same fingerprint at the same place is taken over without even comparing.
#[allow(clippy::too_many_arguments)]
pub fn entries_since(
    (mut previous, spans): (Vec<Entry>, Spans),
    prints: Option<&[u64]>,
    docs: &[Document],
    rendered: &[Rendered],
    themes: &[Theme],
    xref: Option<&CrossRef>,
    theme_texts: &[String],
    commentary: Vec<Entry>,
) -> Collected {
    let counts: Vec<usize> = rendered
        .par_iter()
        .map(|r| r.sections.iter().filter(|s| indexed(s)).count())
        .collect();
    let mut starts = Vec::with_capacity(docs.len());
    let mut at = 0;
    for &n in &counts {
        starts.push(at);
        at += n;
    }
    let spans_now = match prints {
        Some(p) if p.len() == docs.len() => {
            Spans(p.iter().copied().zip(starts.iter().copied()).collect())
        }
        _ => Spans::default(),
    };
    let total = at + themes.len() + commentary.len();
    if previous.len() != total {
        // Entries added or removed: everything after them moves, so nothing is known.
        let mut entries = entries(docs, rendered, themes, xref, theme_texts);
        entries.extend(commentary);
        return Collected {
            entries,
            changes: Changes::Unknown { previous },
            spans: spans_now,
        };
    }
    let known: Vec<bool> = (0..docs.len())
        .map(|d| {
            spans_now
                .0
                .get(d)
                .is_some_and(|s| spans.0.get(d) == Some(s))
        })
        .collect();
    let mentioned = mentions(rendered, xref, &known);
    let same: Vec<bool> = (0..docs.len())
        .into_par_iter()
        .map(|d| {
            let old = &previous[starts[d]..starts[d] + counts[d]];
            known[d] || doc_matches(&docs[d], &rendered[d], themes, &mentioned[d], old)
        })
        .collect();
    let mut entries = Vec::with_capacity(total);
    let (mut changed, mut before) = (Vec::new(), Vec::new());
    for d in 0..docs.len() {
        let old = &mut previous[starts[d]..starts[d] + counts[d]];
        if same[d] {
            entries.extend(old.iter_mut().map(std::mem::take));
        } else {
            for (e, o) in doc_entries(&docs[d], &rendered[d], themes, &mentioned[d])
                .into_iter()
                .zip(old.iter_mut())
            {
                if e != *o {
                    changed.push(entries.len());
                    before.push(std::mem::take(o));
                }
                entries.push(e);
            }
        }
    }
    let rest = previous.drain(at..);
    for (e, o) in theme_entries(themes, theme_texts)
        .chain(commentary)
        .zip(rest)
    {
        if e != o {
            changed.push(entries.len());
            before.push(o);
        }
        entries.push(e);
    }
    Collected {
        entries,
        changes: Changes::Known { changed, before },
        spans: spans_now,
    }
}

/// Whether a section gets an entry.
fn indexed(s: &markdown::Section) -> bool {
    !(s.text.trim().is_empty() && s.title.is_empty())
}

/// Whether `old` are exactly the entries [`doc_entries`] would make (compared field by
/// field, nothing built).
fn doc_matches(
    doc: &Document,
    r: &Rendered,
    themes: &[Theme],
    mentions: &[(u32, u32)],
    old: &[Entry],
) -> bool {
    let mut old = old.iter();
    for (k, s) in r.sections.iter().enumerate().filter(|(_, s)| indexed(s)) {
        let Some(e) = old.next() else { return false };
        let url_ok = e
            .url
            .strip_prefix("documents/")
            .and_then(|u| u.strip_prefix(doc.slug.as_str()))
            .and_then(|u| u.strip_prefix('/'))
            .is_some_and(|u| {
                if s.id.is_empty() {
                    u.is_empty()
                } else {
                    u.strip_prefix('#') == Some(s.id.as_str())
                }
            });
        let section_themes = section_mentions(mentions, k);
        let same = url_ok
            && e.text == s.text
            && e.title == doc.meta.title
            && e.section == s.title
            && e.breadcrumb.len() == 1 + s.heading_path.len()
            && e.breadcrumb[0] == doc.meta.title
            && e.breadcrumb[1..] == s.heading_path[..]
            && e.kind == doc.meta.kind.as_deref().unwrap_or_default()
            && e.organisations == doc.meta.organisations
            && e.year == doc.meta.date.map(|x| x.year)
            && e.language == doc.meta.language.as_deref().unwrap_or_default()
            && e.themes.len() == section_themes.len()
            && e.themes
                .iter()
                .zip(section_themes)
                .all(|(a, &(_, t))| *a == themes[t as usize].title);
        if !same {
            return false;
        }
    }
    old.next().is_none()
}

/// The mentions of section `k` (from a document's sorted mentions).
fn section_mentions(mentions: &[(u32, u32)], k: usize) -> &[(u32, u32)] {
    let k = k as u32;
    let from = mentions.partition_point(|m| m.0 < k);
    let to = from + mentions[from..].iter().take_while(|m| m.0 == k).count();
    &mentions[from..to]
}

/// A document's entries; `mentions` are its (section index, theme) pairs, sorted.
fn doc_entries(
    doc: &Document,
    r: &Rendered,
    themes: &[Theme],
    mentions: &[(u32, u32)],
) -> Vec<Entry> {
    let url = format!("documents/{}/", doc.slug);
    let mut out = Vec::with_capacity(r.sections.len());
    for (k, s) in r.sections.iter().enumerate().filter(|(_, s)| indexed(s)) {
        let mut breadcrumb = vec![doc.meta.title.clone()];
        breadcrumb.extend(s.heading_path.iter().cloned());
        let section_themes = section_mentions(mentions, k)
            .iter()
            .map(|&(_, t)| themes[t as usize].title.clone())
            .collect();
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
            themes: section_themes,
            text: s.text.clone(),
            language: doc.meta.language.clone().unwrap_or_default(),
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
                language: String::new(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    struct Site {
        docs: Vec<Document>,
        themes: Vec<Theme>,
    }

    impl Site {
        fn seeds() -> Site {
            let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
            let mut docs = crate::content::load_documents(&root.join("documents"))
                .unwrap()
                .0;
            crate::render::sort_documents(&mut docs);
            let themes = xref::load_catalog(&root.join("themes")).unwrap().0;
            Site { docs, themes }
        }

        /// (fresh entries, entries made from `previous`)
        fn collect(&self, previous: Vec<Entry>) -> (Vec<Entry>, Collected) {
            self.collect_printed((previous, Spans::default()), None)
        }

        /// [`Site::collect`] with fingerprints.
        fn collect_printed(
            &self,
            previous: (Vec<Entry>, Spans),
            prints: Option<&[u64]>,
        ) -> (Vec<Entry>, Collected) {
            let matcher = xref::Matcher::new(&self.themes);
            let rendered: Vec<Rendered> = self
                .docs
                .iter()
                .map(|d| crate::build::render_body(d, &self.themes, &matcher))
                .collect();
            let inputs = xref::doc_inputs(&self.docs, &rendered);
            let cross = xref::cross_reference(&self.themes, &matcher, &inputs);
            let texts: Vec<String> = self.themes.iter().map(|t| t.title.clone()).collect();
            let fresh = entries(&self.docs, &rendered, &self.themes, Some(&cross), &texts);
            let since = entries_since(
                previous,
                prints,
                &self.docs,
                &rendered,
                &self.themes,
                Some(&cross),
                &texts,
                Vec::new(),
            );
            (fresh, since)
        }
    }

    fn known(c: &Collected) -> Option<&[usize]> {
        match &c.changes {
            Changes::Known { changed, before } => {
                assert_eq!(changed.len(), before.len());
                Some(changed)
            }
            Changes::Unknown { .. } => None,
        }
    }

    #[test]
    fn documents_with_the_same_print_in_the_same_place_are_taken_over() {
        let mut site = Site::seeds();
        let prints: Vec<u64> = (0..site.docs.len() as u64).collect();
        let (first, collected) = site.collect_printed(Default::default(), Some(&prints));
        let spans = collected.spans;
        assert_eq!(spans.0.len(), site.docs.len());
        assert_eq!(spans.0[0], (0, 0));

        // A word changed in the third document, whose print is (wrongly) kept: its old
        // entries are taken over without a look.
        site.docs[2].body = site.docs[2].body.replacen("the ", "a ", 1);
        let (fresh, kept) = site.collect_printed((first.clone(), spans.clone()), Some(&prints));
        assert_ne!(kept.entries, fresh, "taken over, not compared");
        assert_eq!(kept.entries, first);
        assert_eq!(known(&kept), Some(&[][..]));

        // With a new print it is compared, and its changed entry named.
        let mut reprinted = prints.clone();
        reprinted[2] = 99;
        let (fresh, seen) = site.collect_printed((first.clone(), spans), Some(&reprinted));
        assert_eq!(seen.entries, fresh);
        assert_eq!(known(&seen).map(|c| c.len()), Some(1));
        assert_eq!(seen.spans.0[2].0, 99);
    }

    #[test]
    fn unchanged_documents_keep_their_entries_and_changes_are_named() {
        let mut site = Site::seeds();
        let (first, _) = site.collect(Vec::new());
        assert!(first.len() > 50);
        let (fresh, same) = site.collect(first.clone());
        assert_eq!(same.entries, fresh);
        assert_eq!(known(&same), Some(&[][..]));

        // A sentence added to one section of the third document.
        let doc = site.docs[2].slug.clone();
        site.docs[2].body = site.docs[2]
            .body
            .replacen("\n\n", " Quokkas are mentioned.\n\n", 1);
        let (fresh, edited) = site.collect(first.clone());
        assert_eq!(edited.entries, fresh);
        let changed = known(&edited).unwrap();
        assert_eq!(changed.len(), 1, "{changed:?}");
        assert!(fresh[changed[0]]
            .url
            .starts_with(&format!("documents/{doc}/")));
        assert!(fresh[changed[0]].text.contains("Quokkas"));

        // Metadata shows in every entry of the document.
        site.docs[0].meta.title.push_str(" (revised)");
        let sections = first.iter().filter(|e| e.title == first[0].title).count();
        let (fresh, retitled) = site.collect(first.clone());
        assert_eq!(retitled.entries, fresh);
        assert_eq!(known(&retitled).unwrap().len(), sections + 1);

        // A new section: entries after it move, so changes are not known.
        site.docs[1]
            .body
            .push_str("\n\n## A new heading\n\nNew text.\n");
        let (fresh, grown) = site.collect(first);
        assert_eq!(grown.entries, fresh);
        assert!(known(&grown).is_none());
    }
}
