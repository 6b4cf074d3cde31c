//! What the templates show of the cross-reference. Takes the catalog, the
//! [`CrossRef`](super::CrossRef) and the documents; gives serializable views: theme cards,
//! theme pages (timeline, excerpts grouped by document, themes discussed with), the
//! per-document panel (themes in this document, related documents) and the
//! theme-by-document matrix. URLs are relative to the site root.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{CrossRef, DocInput, Theme};

/// Words either side of a mention in a theme page's excerpts.
const EXCERPT_WORDS: usize = 12;
/// Excerpts shown per document on a theme page (the rest are counted).
const EXCERPTS_PER_DOC: usize = 5;
/// Documents whose excerpts a theme page shows (most mentions first).
const DOCS_PER_THEME: usize = 50;
/// Up to this many documents a theme page shows a timeline of them all.
const TIMELINE_DOCS: usize = 100;
/// Above this many documents the matrix has a column per year instead of per document.
const MATRIX_DOC_COLUMNS: usize = 40;

#[derive(Debug, Clone, Serialize)]
pub struct TopicCard {
    pub slug: String,
    pub title: String,
    pub url: String,
    pub summary: Option<String>,
    pub documents: usize,
    pub mentions: usize,
    /// Same as `documents` (what lists show next to the title).
    pub count: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub title: String,
    pub url: String,
    pub count: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct TimelineEntry {
    pub title: String,
    pub url: String,
    pub date: Option<String>,
    pub count: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct YearCount {
    pub year: String,
    pub documents: usize,
    /// 0-100, for the bar width.
    pub percent: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct ExcerptView {
    /// The document page and passage: `documents/<slug>/#p-12`.
    pub url: String,
    pub heading: String,
    pub before: String,
    pub text: String,
    pub after: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ExcerptGroup {
    pub title: String,
    pub url: String,
    pub date: Option<String>,
    pub count: usize,
    pub excerpts: Vec<ExcerptView>,
    /// Mentions in this document not shown as excerpts.
    pub more: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct TopicPage {
    pub card: TopicCard,
    pub timeline: Vec<TimelineEntry>,
    pub years: Vec<YearCount>,
    pub groups: Vec<ExcerptGroup>,
    /// Documents mentioning the theme whose excerpts are not shown.
    pub more_documents: usize,
    pub discussed_with: Vec<Link>,
    pub related: Vec<Link>,
    /// Commentary pages citing the theme (filled by the commentary stage).
    pub commentary: Vec<crate::commentary::CitedItem>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RelatedDoc {
    pub title: String,
    pub url: String,
    pub date: Option<String>,
    /// Titles of the themes both documents discuss.
    pub shared: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct DocPanel {
    pub themes: Vec<Link>,
    pub related: Vec<RelatedDoc>,
    /// Commentary pages citing the document, with the passages they cite (filled by the
    /// commentary stage).
    pub commentary: Vec<crate::commentary::CitedItem>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MatrixColumn {
    pub label: String,
    pub title: String,
    pub url: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MatrixCell {
    pub count: usize,
    /// 0 (none) to 4 (most), for the shading.
    pub level: usize,
    /// The theme's documents at this column's year (filled by the build).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MatrixRow {
    pub title: String,
    pub url: String,
    pub cells: Vec<MatrixCell>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Matrix {
    pub by_year: bool,
    pub columns: Vec<MatrixColumn>,
    pub rows: Vec<MatrixRow>,
}

fn doc_url(doc: &DocInput) -> String {
    format!("documents/{}/", doc.slug)
}

pub fn topic_url(t: &Theme) -> String {
    format!("themes/{}/", t.slug)
}

pub fn cards(themes: &[Theme], xref: &CrossRef) -> Vec<TopicCard> {
    themes
        .iter()
        .zip(&xref.themes)
        .map(|(t, s)| TopicCard {
            slug: t.slug.clone(),
            title: t.title.clone(),
            url: topic_url(t),
            summary: t.summary.clone(),
            documents: s.documents.len(),
            mentions: s.mentions,
            count: s.documents.len(),
        })
        .collect()
}

pub fn topic_pages(themes: &[Theme], xref: &CrossRef, docs: &[DocInput]) -> Vec<TopicPage> {
    let all: Vec<usize> = (0..themes.len()).collect();
    topic_pages_of(themes, xref, docs, &all)
}

/// The pages of the themes `which` (indices into `themes`), in that order: watch mode
/// rebuilds only the theme pages whose inputs changed.
pub fn topic_pages_of(
    themes: &[Theme],
    xref: &CrossRef,
    docs: &[DocInput],
    which: &[usize],
) -> Vec<TopicPage> {
    let cards = cards(themes, xref);
    which
        .iter()
        .map(|&t| {
            let theme = &themes[t];
            let stats = &xref.themes[t];
            let years = year_counts(stats.documents.iter().map(|&(d, _)| docs[d].date));
            // A long timeline is not shown (the years are): not made either.
            let timeline = if stats.documents.len() <= TIMELINE_DOCS {
                timeline(&stats.documents, docs)
            } else {
                Vec::new()
            };
            let mut ranked: Vec<(usize, usize)> = stats.documents.clone();
            let order = |a: &(usize, usize), b: &(usize, usize)| b.1.cmp(&a.1).then(a.0.cmp(&b.0));
            if ranked.len() > DOCS_PER_THEME {
                ranked.select_nth_unstable_by(DOCS_PER_THEME - 1, order);
                ranked.truncate(DOCS_PER_THEME);
            }
            ranked.sort_by(order);
            let groups: Vec<ExcerptGroup> = ranked
                .iter()
                .map(|&(d, n)| {
                    let ids = mentions_in(xref, t, d);
                    ExcerptGroup {
                        title: docs[d].title.to_string(),
                        url: doc_url(&docs[d]),
                        date: docs[d].date.map(|x| x.to_string()),
                        count: n,
                        excerpts: ids
                            .iter()
                            .take(EXCERPTS_PER_DOC)
                            .map(|&i| {
                                let m = &xref.mentions[i];
                                let p = m.passage(docs);
                                let e = m.excerpt(docs, EXCERPT_WORDS);
                                ExcerptView {
                                    url: format!("{}#{}", doc_url(&docs[d]), p.anchor),
                                    heading: p.heading_path.join(" › "),
                                    before: e.before,
                                    text: e.text,
                                    after: e.after,
                                }
                            })
                            .collect(),
                        more: n.saturating_sub(EXCERPTS_PER_DOC),
                    }
                })
                .collect();
            let link = |o: usize, count: usize| Link {
                title: themes[o].title.clone(),
                url: topic_url(&themes[o]),
                count,
            };
            TopicPage {
                card: cards[t].clone(),
                timeline,
                years,
                more_documents: stats.documents.len().saturating_sub(DOCS_PER_THEME),
                groups,
                discussed_with: stats
                    .co_themes
                    .iter()
                    .take(8)
                    .map(|&(o, n)| link(o, n))
                    .collect(),
                related: theme
                    .related
                    .iter()
                    .filter_map(|r| themes.iter().position(|x| &x.slug == r))
                    .map(|o| link(o, xref.themes[o].documents.len()))
                    .collect(),
                commentary: Vec::new(),
            }
        })
        .collect()
}

/// The documents mentioning a theme, oldest first.
fn timeline(documents: &[(usize, usize)], docs: &[DocInput]) -> Vec<TimelineEntry> {
    let mut timeline: Vec<TimelineEntry> = documents
        .iter()
        .map(|&(d, n)| TimelineEntry {
            title: docs[d].title.to_string(),
            url: doc_url(&docs[d]),
            date: docs[d].date.map(|x| x.to_string()),
            count: n,
        })
        .collect();
    timeline.sort_by(|a, b| a.date.cmp(&b.date).then(a.title.cmp(&b.title)));
    timeline
}

/// Indices (into `xref.mentions`) of the mentions of theme `t` in document `d`: mentions
/// are ordered by document, so the document's are found by binary search.
fn mentions_in(xref: &CrossRef, t: usize, d: usize) -> Vec<usize> {
    let start = xref.mentions.partition_point(|m| m.doc < d);
    let end = start + xref.mentions[start..].partition_point(|m| m.doc == d);
    (start..end)
        .filter(|&i| xref.mentions[i].theme == t)
        .collect()
}

/// How many documents of each year (by their dates; "undated" last).
fn year_counts(dates: impl Iterator<Item = Option<crate::content::PartialDate>>) -> Vec<YearCount> {
    let mut years: BTreeMap<String, usize> = BTreeMap::new();
    for date in dates {
        let y = date
            .map(|d| {
                // As the date is written (`{:04}` first), cut to four characters.
                let mut y = format!("{:04}", d.year);
                y.truncate(4);
                y
            })
            .unwrap_or_else(|| "undated".into());
        *years.entry(y).or_default() += 1;
    }
    let max = years.values().copied().max().unwrap_or(1).max(1);
    years
        .into_iter()
        .map(|(year, documents)| YearCount {
            year,
            documents,
            percent: documents * 100 / max,
        })
        .collect()
}

/// The panel of the `d`-th document. It shows the catalog's themes, the document's theme
/// counts and related documents, and of each related document its card and themes:
/// watch mode reuses a page while these are unchanged (`serve::reuse`, `panel_prints`).
pub fn doc_panel(themes: &[Theme], xref: &CrossRef, docs: &[DocInput], d: usize) -> DocPanel {
    let dt = &xref.docs[d];
    DocPanel {
        themes: dt
            .counts
            .iter()
            .map(|&(t, n)| Link {
                title: themes[t].title.clone(),
                url: topic_url(&themes[t]),
                count: n,
            })
            .collect(),
        related: dt
            .related
            .iter()
            .map(|&(e, _)| RelatedDoc {
                title: docs[e].title.to_string(),
                url: doc_url(&docs[e]),
                date: docs[e].date.map(|x| x.to_string()),
                shared: dt
                    .counts
                    .iter()
                    .filter(|(t, _)| xref.docs[e].counts.iter().any(|(u, _)| u == t))
                    .map(|&(t, _)| themes[t].title.clone())
                    .collect(),
            })
            .collect(),
        commentary: Vec::new(),
    }
}

/// The theme-by-document matrix: a column per document for a small digest, per year
/// for a large one; cells shaded by mentions relative to the busiest cell of the row.
pub fn matrix(themes: &[Theme], xref: &CrossRef, docs: &[DocInput]) -> Matrix {
    let by_year = docs.len() > MATRIX_DOC_COLUMNS;
    let (columns, column_of): (Vec<MatrixColumn>, Vec<usize>) = if by_year {
        let mut years: Vec<String> = docs
            .iter()
            .map(|d| {
                d.date
                    .map(|x| x.year.to_string())
                    .unwrap_or_else(|| "undated".into())
            })
            .collect();
        let column_of_doc = years.clone();
        years.sort();
        years.dedup();
        let cols = years
            .iter()
            .map(|y| MatrixColumn {
                label: y.clone(),
                title: y.clone(),
                url: None,
            })
            .collect();
        let idx = column_of_doc
            .iter()
            .map(|y| years.binary_search(y).unwrap_or(0))
            .collect();
        (cols, idx)
    } else {
        let cols = docs
            .iter()
            .map(|d| MatrixColumn {
                label: d.date.map(|x| x.year.to_string()).unwrap_or_default(),
                title: d.title.to_string(),
                url: Some(doc_url(d)),
            })
            .collect();
        (cols, (0..docs.len()).collect())
    };
    let rows = themes
        .iter()
        .zip(&xref.themes)
        .map(|(t, s)| {
            let mut counts = vec![0usize; columns.len()];
            for &(d, n) in &s.documents {
                counts[column_of[d]] += n;
            }
            let max = counts.iter().copied().max().unwrap_or(0).max(1);
            MatrixRow {
                title: t.title.clone(),
                url: topic_url(t),
                cells: counts
                    .into_iter()
                    .map(|count| MatrixCell {
                        count,
                        level: if count == 0 {
                            0
                        } else {
                            1 + ((count - 1) * 4 / max).min(3)
                        },
                        url: None,
                    })
                    .collect(),
            }
        })
        .collect();
    Matrix {
        by_year,
        columns,
        rows,
    }
}
