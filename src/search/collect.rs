//! Collects the searchable sections of the site: one [`Entry`] per heading section of
//! each document (from its rendered [`Section`](crate::markdown::Section)s) and one per
//! theme page. Takes the documents, their rendered bodies and the cross-reference; gives
//! entries in site order.
//!
//! A long section (a speech with no headings is one 12,000-character section) is cut
//! into windows of whole passages ([`units`]), each its own entry linked to its first
//! passage's anchor: BM25 then scores the passage that answers a query, not a long text
//! in which the query's words are a small share, and the result opens at the passage.
//! A page's first entry carries its metadata ([`Entry::meta`]) so that authors, places and
//! organisations are searchable.

use std::ops::Range;

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
            let root = crate::paths::root_for(&format!("documents/{}/", d.slug));
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
    let cross = xref::cross_reference(themes, &inputs);
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
        text: format!("{} {}", t.summary.clone().unwrap_or_default(), text).into(),
        meta: String::new(),
        date: String::new(),
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
    // How many entries each document has: known from last time for a document whose
    // fingerprint is unchanged (cutting long sections into windows is not free).
    let prints = prints.filter(|p| p.len() == docs.len());
    let known_counts: rustc_hash::FxHashMap<u64, usize> =
        spans.0.iter().map(|&(p, _, n)| (p, n)).collect();
    let counts: Vec<usize> = rendered
        .par_iter()
        .enumerate()
        .map(
            |(d, r)| match prints.and_then(|p| known_counts.get(&p[d])) {
                Some(&n) => n,
                None => units(r).len(),
            },
        )
        .collect();
    let mut starts = Vec::with_capacity(docs.len());
    let mut at = 0;
    for &n in &counts {
        starts.push(at);
        at += n;
    }
    let spans_now = match prints {
        Some(p) => Spans(
            (0..docs.len())
                .map(|d| (p[d], starts[d], counts[d]))
                .collect(),
        ),
        None => Spans::default(),
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
    let units = units(r);
    if units.len() != old.len() {
        return false;
    }
    let (meta, date) = (doc_meta(doc), doc_date(doc));
    units.iter().zip(old).enumerate().all(|(k, (u, e))| {
        let s = &r.sections[u.section];
        let url_ok = e
            .url
            .strip_prefix("documents/")
            .and_then(|x| x.strip_prefix(doc.slug.as_str()))
            .and_then(|x| x.strip_prefix('/'))
            .is_some_and(|x| match u.anchor(s) {
                "" => x.is_empty(),
                a => x.strip_prefix('#') == Some(a),
            });
        let section_themes = section_mentions(mentions, u.section);
        url_ok
            && *e.text == *u.text(s)
            && e.title == doc.meta.title
            && e.section == s.title
            && e.breadcrumb.len() == 1 + s.heading_path.len()
            && e.breadcrumb[0] == doc.meta.title
            && e.breadcrumb[1..] == s.heading_path[..]
            && e.kind == doc.meta.kind.as_deref().unwrap_or_default()
            && e.organisations == doc.meta.organisations
            && e.year == doc.meta.date.map(|x| x.year)
            && e.meta == if k == 0 { meta.as_str() } else { "" }
            && e.date == date
            && e.language == doc.meta.language.as_deref().unwrap_or_default()
            && e.themes.len() == section_themes.len()
            && e.themes
                .iter()
                .zip(section_themes)
                .all(|(a, &(_, t))| *a == themes[t as usize].title)
    })
}

/// The mentions of section `k` (from a document's sorted mentions).
fn section_mentions(mentions: &[(u32, u32)], k: usize) -> &[(u32, u32)] {
    let k = k as u32;
    let from = mentions.partition_point(|m| m.0 < k);
    let to = from + mentions[from..].iter().take_while(|m| m.0 == k).count();
    &mentions[from..to]
}

/// A section longer than this (in bytes) is cut into windows of passages.
pub const MAX_ENTRY_LEN: usize = 3000;
/// A window holds whole passages up to about this many bytes (about 250 words).
pub const WINDOW_LEN: usize = 1500;

/// What one entry of a page is made of: a section, or a window of a long section's text
/// that starts at a passage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit<'a> {
    /// Index in `Rendered::sections`.
    pub section: usize,
    /// Byte range of the section's text.
    pub range: Range<usize>,
    /// The anchor of the passage the window starts with; `None` for a whole section or
    /// its first window, which link to the section itself.
    pub passage: Option<&'a str>,
}

impl Unit<'_> {
    /// The entry's text.
    pub fn text<'s>(&self, s: &'s markdown::Section) -> &'s str {
        s.text[self.range.clone()].trim()
    }

    /// The entry's text, sharing the section's when it is all of it.
    pub fn shared_text(&self, s: &markdown::Section) -> markdown::SectionText {
        let text = self.text(s);
        if text.len() == s.text.len() {
            s.text.clone()
        } else {
            text.into()
        }
    }

    /// The fragment the entry links to ("" for the top of the page).
    pub fn anchor<'s>(&'s self, s: &'s markdown::Section) -> &'s str {
        self.passage.unwrap_or(&s.id)
    }
}

/// The entries a rendered page is made of, in order: one per indexed section, except
/// that a section longer than [`MAX_ENTRY_LEN`] is cut, at the start of a passage
/// (paragraph or list item), into windows of at least [`WINDOW_LEN`] bytes (the last may
/// be longer, never shorter than a third of that).
pub fn units(r: &Rendered) -> Vec<Unit<'_>> {
    let mut out = Vec::with_capacity(r.sections.len());
    for (k, s) in r.sections.iter().enumerate().filter(|(_, s)| indexed(s)) {
        let len = s.text.len();
        if len <= MAX_ENTRY_LEN {
            out.push(Unit {
                section: k,
                range: 0..len,
                passage: None,
            });
            continue;
        }
        // The section's passages, in order (its heading is a passage too, left out, and
        // so are footnotes: their text is the section's, but their anchors are at the
        // end of the page).
        let own = r.passages.iter().filter(|p| {
            p.section == s.id
                && p.anchor != s.id
                && !r.footnotes.contains(&format!("id=\"{}\"", p.anchor))
        });
        let (mut start, mut passage, mut from) = (0, None, 0);
        for p in own {
            // Passages appear in the section's text in order, whitespace collapsed alike.
            let Some(at) = s.text[from..].find(p.text.trim()).map(|i| from + i) else {
                continue;
            };
            from = at;
            if at - start >= WINDOW_LEN && len - at >= WINDOW_LEN / 3 {
                out.push(Unit {
                    section: k,
                    range: start..at,
                    passage,
                });
                (start, passage) = (at, Some(p.anchor.as_str()));
            }
        }
        out.push(Unit {
            section: k,
            range: start..len,
            passage,
        });
    }
    out
}

/// The metadata a reader may search a document by (see [`Entry::meta`]): subtitle,
/// authors, organisations, place, keywords and kind ("Voronkov speech").
fn doc_meta(doc: &Document) -> String {
    let m = &doc.meta;
    let kind = m.kind.as_deref().map(crate::cite::kind_label);
    m.subtitle
        .iter()
        .chain(&m.authors)
        .chain(&m.organisations)
        .chain(&m.place)
        .chain(&m.tags)
        .chain(&kind)
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(" · ")
}

fn doc_date(doc: &Document) -> String {
    doc.meta.date.map(|d| d.to_string()).unwrap_or_default()
}

/// A document's entries; `mentions` are its (section index, theme) pairs, sorted.
fn doc_entries(
    doc: &Document,
    r: &Rendered,
    themes: &[Theme],
    mentions: &[(u32, u32)],
) -> Vec<Entry> {
    let url = format!("documents/{}/", doc.slug);
    let (meta, date) = (doc_meta(doc), doc_date(doc));
    units(r)
        .iter()
        .enumerate()
        .map(|(k, u)| {
            let s = &r.sections[u.section];
            let mut breadcrumb = vec![doc.meta.title.clone()];
            breadcrumb.extend(s.heading_path.iter().cloned());
            let section_themes = section_mentions(mentions, u.section)
                .iter()
                .map(|&(_, t)| themes[t as usize].title.clone())
                .collect();
            Entry {
                url: match u.anchor(s) {
                    "" => url.clone(),
                    a => format!("{url}#{a}"),
                },
                title: doc.meta.title.clone(),
                section: s.title.clone(),
                breadcrumb,
                kind: doc.meta.kind.clone().unwrap_or_default(),
                organisations: doc.meta.organisations.clone(),
                year: doc.meta.date.map(|x| x.year),
                themes: section_themes,
                text: u.shared_text(s),
                // On the first entry: a page found by its metadata opens at the top.
                meta: if k == 0 { meta.clone() } else { String::new() },
                date: date.clone(),
                language: doc.meta.language.clone().unwrap_or_default(),
            }
        })
        .collect()
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
        let date = page
            .card
            .date
            .as_deref()
            .and_then(|d| d.get(..10).or(d.get(..7)).or(d.get(..4)))
            .unwrap_or_default();
        for (k, u) in units(rendered).into_iter().enumerate() {
            let s = &rendered.sections[u.section];
            let mut breadcrumb = vec!["Commentary".to_string(), page.card.title.clone()];
            breadcrumb.extend(s.heading_path.iter().cloned());
            out.push(Entry {
                url: match u.anchor(s) {
                    "" => page.card.url.clone(),
                    a => format!("{}#{a}", page.card.url),
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
                text: u.shared_text(s),
                meta: if k == 0 {
                    page.card.authors.join(" · ")
                } else {
                    String::new()
                },
                date: date.to_string(),
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
            let cross = xref::cross_reference(&self.themes, &inputs);
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

    fn rendered(markdown: &str) -> Rendered {
        markdown::render(
            markdown,
            &RenderOptions {
                highlighter: None,
                annotator: None,
                root: None,
            },
        )
    }

    /// A paragraph of about `bytes` bytes whose words start with `tag`.
    fn paragraph(tag: &str, bytes: usize) -> String {
        let mut p = String::new();
        let mut i = 0;
        while p.len() < bytes {
            p.push_str(&format!("{tag}{i} "));
            i += 1;
        }
        p.trim_end().to_string()
    }

    #[test]
    fn short_sections_are_one_entry_each() {
        let r = rendered("Intro text.\n\n## Part\n\nShort part.\n");
        let u = units(&r);
        assert_eq!(u.len(), 2);
        assert_eq!(
            (u[0].passage, u[0].text(&r.sections[0])),
            (None, "Intro text.")
        );
        assert_eq!(u[1].anchor(&r.sections[1]), "part");
    }

    #[test]
    fn long_sections_are_cut_into_windows_of_whole_passages() {
        // A speech without headings: 12 paragraphs of about 500 bytes.
        let paras: Vec<String> = (0..12).map(|k| paragraph(&format!("w{k}x"), 500)).collect();
        let r = rendered(&paras.join("\n\n"));
        assert_eq!(r.sections.len(), 1);
        let s = &r.sections[0];
        assert!(s.text.len() > MAX_ENTRY_LEN);
        let u = units(&r);
        assert!(u.len() >= 3, "{u:?}");
        // The first window links to the page, the others to their first paragraph.
        assert_eq!(u[0].passage, None);
        let anchors: Vec<&str> = r.passages.iter().map(|p| p.anchor.as_str()).collect();
        for w in &u[1..] {
            assert!(anchors.contains(&w.passage.unwrap()));
        }
        // Windows cover the text in order, cut where a paragraph starts, and hold whole
        // paragraphs of at least WINDOW_LEN bytes (the last at least a third of that).
        let mut joined = String::new();
        for (k, w) in u.iter().enumerate() {
            let text = w.text(s);
            assert!(
                paras.iter().any(|p| text.starts_with(p.as_str())),
                "{text:.40}"
            );
            assert!(text.len() >= WINDOW_LEN / 3);
            if k + 1 < u.len() {
                // (the space before the next paragraph is trimmed)
                assert!(text.len() + 1 >= WINDOW_LEN, "{}", text.len());
            }
            joined.push_str(text);
            joined.push(' ');
        }
        assert_eq!(
            joined.split_whitespace().count(),
            s.text.split_whitespace().count()
        );
    }

    #[test]
    fn windows_never_start_at_a_footnote() {
        let mut md: Vec<String> = (0..8)
            .map(|k| format!("{} [^n{k}]", paragraph(&format!("w{k}x"), 500)))
            .collect();
        for k in 0..8 {
            md.push(format!("[^n{k}]: {}", paragraph(&format!("f{k}x"), 400)));
        }
        let r = rendered(&md.join("\n\n"));
        let u = units(&r);
        assert!(u.len() >= 2);
        for w in &u {
            if let Some(a) = w.passage {
                assert!(!r.footnotes.contains(&format!("id=\"{a}\"")), "{a}");
                assert!(r.html.contains(&format!("id=\"{a}\"")), "{a}");
            }
        }
    }

    #[test]
    fn metadata_is_searchable_on_a_page_first_entry() {
        let site = Site::seeds();
        let (entries, _) = site.collect(Vec::new());
        let hlp = "documents/high-level-panel-on-digital-cooperation/";
        let mine: Vec<&Entry> = entries.iter().filter(|e| e.url.starts_with(hlp)).collect();
        assert!(mine.len() > 3);
        assert_eq!(mine[0].url, hlp);
        for name in ["Sanjana Hattotuwa", "ICT4Peace", "Geneva", "Paper"] {
            assert!(mine[0].meta.contains(name), "{name} in {}", mine[0].meta);
        }
        assert!(mine[1..].iter().all(|e| e.meta.is_empty()));
        assert!(mine.iter().all(|e| e.date == "2018" && e.kind == "paper"));
        let osce = entries
            .iter()
            .find(|e| e.title.starts_with("A Human Rights-Centred"))
            .unwrap();
        assert_eq!(osce.date, "2019-11-08");
        // The speech without headings is cut into passages linked by their anchors.
        let speech = "documents/international-high-level-conference-on-countering-terrorism/";
        let windows: Vec<&Entry> = entries
            .iter()
            .filter(|e| e.url.starts_with(speech))
            .collect();
        assert!(windows.len() >= 5);
        assert!(windows[1..].iter().all(|e| e.url.contains("#p-")));
        // Theme pages have no metadata or date.
        let theme = entries.iter().find(|e| e.kind == "theme").unwrap();
        assert_eq!((theme.meta.as_str(), theme.date.as_str()), ("", ""));
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
        let first_count = first
            .iter()
            .filter(|e| {
                e.url
                    .starts_with(&format!("documents/{}/", site.docs[0].slug))
            })
            .count();
        assert_eq!(spans.0[0], (0, 0, first_count));
        assert!(first_count > 0);

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
