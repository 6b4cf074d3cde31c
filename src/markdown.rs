//! Markdown to HTML. Takes a document body (untrusted CommonMark with tables, footnotes,
//! strikethrough, smart punctuation and heading attributes); gives [`Rendered`]: the HTML,
//! with a stable unique id on every heading and a stable anchor on every paragraph and
//! list item, made from its first words (see [`crate::anchors`]) and followed by a `¶`
//! link to itself, plus the table of contents, the
//! sections and passages as plain text with their source lines (for search and
//! cross-references) and every link the body makes (for the link check).
//!
//! Raw HTML in the input is shown as text, never passed through; link and image URLs
//! with schemes other than http(s)/mailto/tel are dropped. Other stages can wrap theme
//! mentions in links through the [`Annotator`] hook.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};

use crate::highlight::{escape, escape_into, Highlighter};

/// Ids the page templates use themselves; headings never get them.
pub const RESERVED_IDS: &[&str] = &[
    "main",
    "top",
    "toc",
    "content",
    "footnotes",
    "site-header",
    "site-nav",
    "site-footer",
    "search",
    "document",
    "metadata",
    "cite",
    "anchor-aliases",
];

/// Adds cross-reference links to plain-text runs of the body.
pub trait Annotator: Sync {
    /// Given the section id, passage anchor and a plain-text run, return (byte range in
    /// run, href, title) spans to wrap in `<a class="xref">`; the renderer escapes
    /// everything else. Overlapping or out-of-range spans are ignored.
    fn links(&self, section: &str, anchor: &str, text: &str)
        -> Vec<(Range<usize>, String, String)>;
}

/// How to render: all optional.
#[derive(Clone, Copy, Default)]
pub struct RenderOptions<'a> {
    /// Highlights fenced code; `None` gives plain escaped code.
    pub highlighter: Option<&'a Highlighter>,
    pub annotator: Option<&'a dyn Annotator>,
    /// The relative path from the page to the site root (e.g. `"../../"`). When set,
    /// root-relative links (`/documents/x/`) are rewritten against it so the site works
    /// under any sub-path.
    pub root: Option<&'a str>,
}

/// The result of rendering one Markdown text.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Rendered {
    /// The body, without footnote definitions.
    pub html: String,
    /// The footnote definitions as an `<ol>` (empty when there are none).
    pub footnotes: String,
    pub toc: Vec<TocEntry>,
    pub sections: Vec<Section>,
    pub passages: Vec<Passage>,
    /// Every link and image the body makes, after rewriting, with its source line.
    pub links: Vec<LinkRef>,
    /// The anchor of the N-th paragraph or list item (N from 1, as the `p-N` anchors of
    /// earlier versions counted them), for redirecting old links.
    pub positions: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TocEntry {
    pub id: String,
    pub title: String,
    pub level: u8,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Section {
    /// The heading id; `""` for text before the first heading.
    pub id: String,
    pub title: String,
    pub level: u8,
    /// Titles of the enclosing headings, including this one.
    pub heading_path: Vec<String>,
    /// Plain text of the section's own content, not its subsections.
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Passage {
    /// `"p-recalling-universal-declaration-human"` (see [`crate::anchors`]) or a heading id.
    pub anchor: String,
    /// The enclosing section's id.
    pub section: String,
    pub heading_path: Vec<String>,
    /// Plain text.
    pub text: String,
    /// 1-based line within the Markdown input.
    pub source_line: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct LinkRef {
    /// The URL as written into the HTML.
    pub href: String,
    /// 1-based line within the Markdown input.
    pub source_line: usize,
}

fn parser_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Render `markdown` to HTML and its outline.
pub fn render(markdown: &str, opts: &RenderOptions) -> Rendered {
    let mut b = Builder::new(markdown, opts);
    // Adjacent text runs are merged (smart punctuation splits them) so the annotator sees
    // whole phrases; a single run stays borrowed from the input.
    let mut pending: Option<CowStr> = None;
    for (event, range) in Parser::new_ext(markdown, parser_options()).into_offset_iter() {
        match event {
            // Raw HTML is untrusted: it becomes text like any other.
            Event::Text(t) | Event::Html(t) | Event::InlineHtml(t) if b.code.is_none() => {
                pending = Some(match pending.take() {
                    Some(prev) => CowStr::from(format!("{prev}{t}")),
                    None => t,
                });
            }
            other => {
                if let Some(text) = pending.take() {
                    b.text(text);
                }
                b.event(other, range.start);
            }
        }
    }
    if let Some(text) = pending.take() {
        b.text(text);
    }
    b.finish()
}

/// An open heading whose content is buffered until its end, since its id comes from its text.
struct Heading<'a> {
    level: u8,
    explicit_id: Option<String>,
    events: Vec<Event<'a>>,
    text: String,
    line: usize,
}

struct Builder<'a, 'o> {
    opts: &'o RenderOptions<'o>,
    line_starts: Vec<usize>,
    out: Vec<Event<'a>>,
    footnote: Option<(String, Vec<Event<'a>>)>,
    footnote_defs: Vec<(String, Vec<Event<'a>>)>,
    /// Footnote names in order of first reference.
    footnote_refs: Vec<String>,
    footnote_ref_count: HashMap<String, usize>,
    footnote_slugs: HashMap<String, String>,
    heading: Option<Heading<'a>>,
    code: Option<(String, String)>,
    link_depth: usize,
    dropped_link: bool,
    image_depth: usize,
    dropped_image: bool,
    used_ids: HashSet<String>,
    explicit_ids: HashSet<String>,
    anchors: usize,
    /// For each paragraph or list item (in order), its index in `passages`.
    numbered: Vec<usize>,
    toc: Vec<TocEntry>,
    sections: Vec<Section>,
    section: Section,
    heading_stack: Vec<(u8, String)>,
    passages: Vec<Passage>,
    open_passages: Vec<usize>,
    links: Vec<LinkRef>,
    markdown_len: usize,
}

impl<'a, 'o> Builder<'a, 'o> {
    fn new(markdown: &'a str, opts: &'o RenderOptions<'o>) -> Self {
        let line_starts = std::iter::once(0)
            .chain(memchr_newlines(markdown).map(|i| i + 1))
            .collect();
        Builder {
            opts,
            line_starts,
            // About one event per few dozen bytes of Markdown: sized once rather than grown
            // by doubling (a big digest renders hundreds of megabytes).
            out: Vec::with_capacity(markdown.len() / 32 + 16),
            footnote: None,
            footnote_defs: Vec::new(),
            footnote_refs: Vec::new(),
            footnote_ref_count: HashMap::new(),
            footnote_slugs: HashMap::new(),
            heading: None,
            code: None,
            link_depth: 0,
            dropped_link: false,
            image_depth: 0,
            dropped_image: false,
            used_ids: RESERVED_IDS.iter().map(|s| s.to_string()).collect(),
            explicit_ids: explicit_heading_ids(markdown),
            anchors: 0,
            numbered: Vec::new(),
            toc: Vec::new(),
            sections: Vec::new(),
            section: Section {
                id: String::new(),
                title: String::new(),
                level: 0,
                heading_path: Vec::new(),
                text: String::new(),
            },
            heading_stack: Vec::new(),
            passages: Vec::new(),
            open_passages: Vec::new(),
            links: Vec::new(),
            markdown_len: markdown.len(),
        }
    }

    fn line(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&s| s <= offset)
    }

    /// Where rendered events go: the open heading, footnote or the body.
    fn emit(&mut self, e: Event<'a>) {
        if let Some(h) = &mut self.heading {
            h.events.push(e);
        } else if let Some((_, events)) = &mut self.footnote {
            events.push(e);
        } else {
            self.out.push(e);
        }
    }

    fn html(&mut self, s: String) {
        self.emit(Event::Html(CowStr::from(s)));
    }

    /// Record plain text in the open heading, or the section and innermost passage.
    fn plain(&mut self, s: &str) {
        if let Some(h) = &mut self.heading {
            push_collapsed(&mut h.text, s);
            return;
        }
        push_collapsed(&mut self.section.text, s);
        if let Some(&i) = self.open_passages.last() {
            push_collapsed(&mut self.passages[i].text, s);
        }
    }

    fn text(&mut self, text: CowStr<'a>) {
        self.plain(&text);
        if let Some(html) = self.annotated(&text) {
            self.html(html);
        } else {
            self.emit(Event::Text(text));
        }
    }

    /// The text with the annotator's links, if there is an annotator and it found any.
    /// Headings, links and image descriptions are left alone (links cannot nest).
    fn annotated(&self, text: &str) -> Option<String> {
        let annotator = self.opts.annotator?;
        if self.heading.is_some() || self.link_depth > 0 || self.image_depth > 0 {
            return None;
        }
        let anchor = &self.passages[*self.open_passages.last()?].anchor;
        let spans = annotator.links(&self.section.id, anchor, text);
        (!spans.is_empty()).then(|| annotate(text, spans))
    }

    /// A placeholder for the next passage's anchor, replaced once every passage's text is
    /// known (in [`Builder::finish`]). NUL never reaches the output otherwise: the parser
    /// replaces it in the input.
    fn next_anchor(&mut self) -> String {
        self.anchors += 1;
        self.numbered.push(self.passages.len());
        format!("\u{0}{}\u{0}", self.anchors)
    }

    /// The `¶` link that closes a passage (not in footnotes, which have their own links).
    fn passage_link(&mut self) {
        if self.footnote.is_some() {
            return;
        }
        if let Some(&i) = self.open_passages.last() {
            let a = self.passages[i].anchor.clone();
            self.html(format!(
                " <a class=\"passage-link\" href=\"#{a}\" aria-label=\"Link to this passage\">¶</a>"
            ));
        }
    }

    fn open_passage(&mut self, anchor: String, offset: usize) {
        let line = self.line(offset);
        self.passages.push(Passage {
            anchor,
            section: self.section.id.clone(),
            heading_path: self.section.heading_path.clone(),
            text: String::new(),
            source_line: line,
        });
        self.open_passages.push(self.passages.len() - 1);
    }

    fn close_passage(&mut self) {
        self.open_passages.pop();
        push_collapsed(&mut self.section.text, " ");
    }

    fn event(&mut self, event: Event<'a>, offset: usize) {
        match event {
            Event::Start(tag) => self.start(tag, offset),
            Event::End(tag) => self.end(tag),
            Event::Text(t) => {
                // Only code block content reaches here.
                if let Some((_, code)) = &mut self.code {
                    code.push_str(&t);
                }
            }
            Event::Code(c) => {
                self.plain(&c);
                self.emit(Event::Code(c));
            }
            Event::SoftBreak | Event::HardBreak => {
                self.plain(" ");
                self.emit(event);
            }
            Event::FootnoteReference(name) => self.footnote_reference(&name),
            other => self.emit(other),
        }
    }

    fn start(&mut self, tag: Tag<'a>, offset: usize) {
        match tag {
            Tag::Paragraph | Tag::HtmlBlock => {
                let anchor = self.next_anchor();
                self.html(format!("<p id=\"{anchor}\">"));
                self.open_passage(anchor, offset);
            }
            Tag::Item => {
                let anchor = self.next_anchor();
                self.html(format!("<li id=\"{anchor}\">"));
                self.open_passage(anchor, offset);
            }
            Tag::Heading { level, id, .. } => {
                // Classes and custom attributes are dropped: they come from untrusted
                // documents and could carry event handlers.
                self.heading = Some(Heading {
                    level: level as u8,
                    explicit_id: id.map(|i| i.into_string()),
                    events: Vec::new(),
                    text: String::new(),
                    line: self.line(offset),
                });
            }
            Tag::CodeBlock(kind) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => info.into_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                self.code = Some((lang, String::new()));
            }
            Tag::FootnoteDefinition(name) => {
                self.footnote = Some((name.into_string(), Vec::new()));
            }
            Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            } => {
                self.link_depth += 1;
                let checked = link_type == LinkType::Email || url_is_safe(&dest_url, false);
                if !checked {
                    self.dropped_link = true;
                    return;
                }
                let href = self.rewrite(&dest_url);
                self.links.push(LinkRef {
                    href: href.clone(),
                    source_line: self.line(offset),
                });
                self.emit(Event::Start(Tag::Link {
                    link_type,
                    dest_url: CowStr::from(href),
                    title,
                    id,
                }));
            }
            Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            } => {
                self.image_depth += 1;
                if !url_is_safe(&dest_url, true) {
                    self.dropped_image = true;
                    return;
                }
                let src = self.rewrite(&dest_url);
                self.links.push(LinkRef {
                    href: src.clone(),
                    source_line: self.line(offset),
                });
                self.emit(Event::Start(Tag::Image {
                    link_type,
                    dest_url: CowStr::from(src),
                    title,
                    id,
                }));
            }
            other => self.emit(Event::Start(other)),
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph | TagEnd::HtmlBlock => {
                self.passage_link();
                self.html("</p>\n".into());
                self.close_passage();
            }
            TagEnd::Item => {
                self.passage_link();
                self.html("</li>\n".into());
                self.close_passage();
            }
            TagEnd::Heading(_) => self.end_heading(),
            TagEnd::CodeBlock => {
                if let Some((lang, code)) = self.code.take() {
                    let html = match self.opts.highlighter {
                        Some(h) => h.highlight(&lang, &code),
                        None => crate::highlight::plain(
                            lang.split_whitespace().next().unwrap_or(""),
                            &code,
                        ),
                    };
                    push_collapsed(&mut self.section.text, &code);
                    push_collapsed(&mut self.section.text, " ");
                    self.html(html);
                }
            }
            TagEnd::FootnoteDefinition => {
                if let Some(def) = self.footnote.take() {
                    self.footnote_defs.push(def);
                }
            }
            TagEnd::Link => {
                self.link_depth = self.link_depth.saturating_sub(1);
                if !std::mem::take(&mut self.dropped_link) {
                    self.emit(Event::End(TagEnd::Link));
                }
            }
            TagEnd::Image => {
                self.image_depth = self.image_depth.saturating_sub(1);
                if !std::mem::take(&mut self.dropped_image) {
                    self.emit(Event::End(TagEnd::Image));
                }
            }
            other => self.emit(Event::End(other)),
        }
    }

    fn end_heading(&mut self) {
        let Some(h) = self.heading.take() else { return };
        let title = h.text.trim_end().to_string();
        let id = match h.explicit_id.filter(|i| !i.trim().is_empty()) {
            Some(explicit) => self.unique_id(&explicit, false),
            None => self.unique_id(&slugify(&title), true),
        };
        self.html(format!("<h{} id=\"{}\">", h.level, escape(&id)));
        for e in h.events {
            self.emit(e);
        }
        self.html(format!(
            " <a class=\"anchor\" href=\"#{}\" aria-label=\"Link to this section\">§</a></h{}>\n",
            escape(&id),
            h.level
        ));
        // A new section begins; the previous one is complete.
        let done = std::mem::replace(
            &mut self.section,
            Section {
                id: id.clone(),
                title: title.clone(),
                level: h.level,
                heading_path: Vec::new(),
                text: String::new(),
            },
        );
        if !done.id.is_empty() || !done.text.trim().is_empty() {
            self.sections.push(done);
        }
        while self
            .heading_stack
            .last()
            .is_some_and(|(l, _)| *l >= h.level)
        {
            self.heading_stack.pop();
        }
        self.heading_stack.push((h.level, title.clone()));
        self.section.heading_path = self.heading_stack.iter().map(|(_, t)| t.clone()).collect();
        self.passages.push(Passage {
            anchor: id.clone(),
            section: id.clone(),
            heading_path: self.section.heading_path.clone(),
            text: title.clone(),
            source_line: h.line,
        });
        self.toc.push(TocEntry {
            id,
            title,
            level: h.level,
        });
    }

    /// A unique id from `base`: `base`, else `base-2`, `base-3`, ... Automatic ids also
    /// step aside for explicit `{#id}`s that come later in the document.
    fn unique_id(&mut self, base: &str, automatic: bool) -> String {
        let taken = |s: &str, b: &Self| {
            b.used_ids.contains(s)
                || is_generated_id(s)
                || (automatic && b.explicit_ids.contains(s))
        };
        let mut id = base.to_string();
        let mut n = 2;
        while taken(&id, self) {
            id = format!("{base}-{n}");
            n += 1;
        }
        self.used_ids.insert(id.clone());
        id
    }

    fn footnote_slug(&mut self, name: &str) -> String {
        if let Some(s) = self.footnote_slugs.get(name) {
            return s.clone();
        }
        let base = slugify(name);
        let mut slug = base.clone();
        let mut n = 2;
        while self.footnote_slugs.values().any(|s| *s == slug) {
            slug = format!("{base}-{n}");
            n += 1;
        }
        self.footnote_slugs.insert(name.to_string(), slug.clone());
        slug
    }

    fn footnote_reference(&mut self, name: &str) {
        let slug = self.footnote_slug(name);
        let number = match self.footnote_refs.iter().position(|n| n == name) {
            Some(i) => i + 1,
            None => {
                self.footnote_refs.push(name.to_string());
                self.footnote_refs.len()
            }
        };
        let count = self.footnote_ref_count.entry(name.to_string()).or_insert(0);
        *count += 1;
        let ref_id = if *count == 1 {
            format!("fnref-{slug}")
        } else {
            format!("fnref-{slug}-{count}")
        };
        self.html(format!(
            "<sup class=\"footnote-ref\"><a href=\"#fn-{slug}\" id=\"{ref_id}\" role=\"doc-noteref\">[{number}]</a></sup>"
        ));
    }

    fn footnotes_html(&mut self) -> String {
        if self.footnote_defs.is_empty() {
            return String::new();
        }
        let mut defs = std::mem::take(&mut self.footnote_defs);
        // Referenced notes in order of first reference, then any never referenced.
        defs.sort_by_key(|(name, _)| {
            self.footnote_refs
                .iter()
                .position(|n| n == name)
                .unwrap_or(usize::MAX)
        });
        let mut html = String::from("<ol class=\"footnotes-list\">\n");
        for (name, events) in defs {
            let slug = self.footnote_slug(&name);
            let mut body = String::new();
            pulldown_cmark::html::push_html(&mut body, events.into_iter());
            if let Some(n) = self.footnote_refs.iter().position(|r| *r == name) {
                let back = format!(
                    " <a href=\"#fnref-{slug}\" class=\"footnote-back\" role=\"doc-backlink\" aria-label=\"Back to reference {}\">↩</a>",
                    n + 1
                );
                match body.trim_end().strip_suffix("</p>") {
                    Some(head) => body = format!("{head}{back}</p>\n"),
                    None => body.push_str(&back),
                }
            }
            html.push_str(&format!("<li id=\"fn-{slug}\">{body}</li>\n"));
        }
        html.push_str("</ol>\n");
        html
    }

    fn finish(mut self) -> Rendered {
        let footnotes = self.footnotes_html();
        // The HTML is the text plus tags: start a little above the Markdown's size (the
        // spare room is given back below).
        let mut html = String::with_capacity(self.markdown_len + self.markdown_len / 4 + 256);
        pulldown_cmark::html::push_html(&mut html, std::mem::take(&mut self.out).into_iter());
        let last = std::mem::replace(
            &mut self.section,
            Section {
                id: String::new(),
                title: String::new(),
                level: 0,
                heading_path: Vec::new(),
                text: String::new(),
            },
        );
        if !last.id.is_empty() || !last.text.trim().is_empty() {
            self.sections.push(last);
        }
        // Texts grew piece by piece (with room to spare); a big digest keeps every body
        // for the whole build, so give the room back.
        for s in &mut self.sections {
            trim_end_in_place(&mut s.text);
            s.text.shrink_to_fit();
        }
        let mut passages = self.passages;
        // Every paragraph and item gets its anchor from its own words.
        let texts: Vec<&str> = self
            .numbered
            .iter()
            .map(|&i| passages[i].text.trim())
            .collect();
        let positions = crate::anchors::stable_ids(&texts, &self.used_ids);
        for (&i, id) in self.numbered.iter().zip(&positions) {
            passages[i].anchor = id.clone();
        }
        let mut html = fill_anchors(html, &positions);
        html.shrink_to_fit();
        let footnotes = fill_anchors(footnotes, &positions);
        passages.retain(|p| !p.text.trim().is_empty());
        for p in &mut passages {
            trim_end_in_place(&mut p.text);
            p.text.shrink_to_fit();
        }
        passages.shrink_to_fit();
        Rendered {
            html,
            footnotes,
            toc: self.toc,
            sections: self.sections,
            passages,
            links: self.links,
            positions,
        }
    }

    /// Rewrite a link for the output: `/x` against the page's root, `name.md` to the
    /// sibling document's pretty URL.
    fn rewrite(&self, url: &str) -> String {
        if has_scheme(url) || url.starts_with("//") {
            return url.to_string();
        }
        if let (Some(root), Some(rest)) = (self.opts.root, url.strip_prefix('/')) {
            let joined = format!("{root}{rest}");
            return if joined.is_empty() {
                "./".into()
            } else {
                joined
            };
        }
        let split = url.find(['?', '#']).unwrap_or(url.len());
        let (path, tail) = url.split_at(split);
        match path.strip_suffix(".md") {
            Some(stem) if !stem.is_empty() && !stem.contains('/') => format!("../{stem}/{tail}"),
            _ => url.to_string(),
        }
    }
}

/// Replace the anchor placeholders (`NUL n NUL`) with the anchors.
fn fill_anchors(html: String, ids: &[String]) -> String {
    if !html.contains('\u{0}') {
        return html;
    }
    let mut out = String::with_capacity(html.len() + ids.len() * 32);
    let mut rest = html.as_str();
    while let Some(start) = rest.find('\u{0}') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let Some(end) = after.find('\u{0}') else {
            rest = after;
            break;
        };
        let n: usize = after[..end].parse().unwrap_or(0);
        if let Some(id) = n.checked_sub(1).and_then(|i| ids.get(i)) {
            out.push_str(id);
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

fn memchr_newlines(s: &str) -> impl Iterator<Item = usize> + '_ {
    s.bytes()
        .enumerate()
        .filter(|(_, b)| *b == b'\n')
        .map(|(i, _)| i)
}

/// `{#id}`s written in headings, so automatic ids can avoid them.
fn explicit_heading_ids(markdown: &str) -> HashSet<String> {
    if !markdown.contains("{#") {
        return HashSet::new();
    }
    Parser::new_ext(markdown, parser_options())
        .filter_map(|e| match e {
            Event::Start(Tag::Heading { id: Some(id), .. }) => Some(id.into_string()),
            _ => None,
        })
        .collect()
}

/// Ids the renderer generates itself (`p-N`, footnotes); headings never take them.
fn is_generated_id(s: &str) -> bool {
    s.strip_prefix("p-")
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        || s.starts_with("fn-")
        || s.starts_with("fnref-")
}

/// A heading's text as an id: lower-case letters and digits, other runs as one `-`.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
            dash = false;
        } else if !out.is_empty() && !dash {
            out.push('-');
            dash = true;
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() {
        out.push_str("section");
    }
    out
}

/// Append `s` to `out` with every run of ASCII whitespace as one space and no leading
/// space, so plain text needs no second pass.
fn push_collapsed(out: &mut String, s: &str) {
    // Most runs are words separated by single spaces: copy those in one go.
    let plain = !s
        .bytes()
        .any(|b| matches!(b, b'\n' | b'\t' | b'\r' | b'\x0c'))
        && !s.contains("  ");
    if plain {
        let s = if out.is_empty() || out.ends_with(' ') {
            s.trim_start_matches(' ')
        } else {
            s
        };
        out.push_str(s);
        return;
    }
    let mut rest = s;
    while !rest.is_empty() {
        let ws = rest
            .bytes()
            .position(|b| b.is_ascii_whitespace())
            .unwrap_or(rest.len());
        out.push_str(&rest[..ws]);
        rest = &rest[ws..];
        let word = rest
            .bytes()
            .position(|b| !b.is_ascii_whitespace())
            .unwrap_or(rest.len());
        if word > 0 && !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
        rest = &rest[word..];
    }
}

fn trim_end_in_place(s: &mut String) {
    let len = s.trim_end().len();
    s.truncate(len);
}

/// The URL's scheme, lower-cased, ignoring the whitespace and control characters that
/// browsers also ignore (so `java\tscript:` is caught).
fn scheme(url: &str) -> Option<String> {
    let cleaned: String = url
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
        .take(32)
        .collect();
    let colon = cleaned.find(':')?;
    let head = &cleaned[..colon];
    let valid = head.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && head
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then(|| head.to_ascii_lowercase())
}

fn has_scheme(url: &str) -> bool {
    scheme(url).is_some()
}

/// Links may go to the web, mail and phone numbers; images only to the web or the site.
fn url_is_safe(url: &str, image: bool) -> bool {
    match scheme(url).as_deref() {
        None => true,
        Some("http" | "https") => true,
        Some("mailto" | "tel") => !image,
        Some(_) => false,
    }
}

/// Wrap `spans` of `text` in cross-reference links, escaping everything.
fn annotate(text: &str, mut spans: Vec<(Range<usize>, String, String)>) -> String {
    spans.sort_by_key(|(r, _, _)| r.start);
    let mut out = String::with_capacity(text.len() + spans.len() * 64);
    let mut at = 0;
    for (r, href, title) in spans {
        let valid = r.start >= at
            && r.start < r.end
            && r.end <= text.len()
            && text.is_char_boundary(r.start)
            && text.is_char_boundary(r.end)
            && url_is_safe(&href, false);
        if !valid {
            continue;
        }
        escape_into(&mut out, &text[at..r.start]);
        out.push_str("<a class=\"xref\" href=\"");
        escape_into(&mut out, &href);
        out.push_str("\" title=\"");
        escape_into(&mut out, &title);
        out.push_str("\">");
        escape_into(&mut out, &text[r.clone()]);
        out.push_str("</a>");
        at = r.end;
    }
    escape_into(&mut out, &text[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(md: &str) -> String {
        render(md, &RenderOptions::default()).html
    }

    #[test]
    fn headings_get_unique_slug_ids() {
        let r = render(
            "# Intro\n\n## Intro\n\n## Intro\n\n## Main\n\n## p 1\n",
            &RenderOptions::default(),
        );
        let ids: Vec<_> = r.toc.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, ["intro", "intro-2", "intro-3", "main-2", "p-1-2"]);
        assert!(r.html.contains("<h2 id=\"intro-2\">"), "{}", r.html);
    }

    #[test]
    fn explicit_ids_are_respected_and_win_over_automatic_ones() {
        let r = render(
            "## Scope\n\n## Other {#scope}\n\n## Again {#scope}\n",
            &RenderOptions::default(),
        );
        let ids: Vec<_> = r.toc.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, ["scope-2", "scope", "scope-3"]);
        assert_eq!(r.toc[1].title, "Other");
    }

    #[test]
    fn heading_attributes_cannot_inject_handlers() {
        let h = html("# Title {.x onclick=alert(1)}\n");
        assert!(!h.contains("onclick"), "{h}");
    }

    #[test]
    fn paragraphs_and_items_get_anchors_in_order() {
        let r = render(
            "First para.\n\n- one\n- two\n\nLast\n",
            &RenderOptions::default(),
        );
        let link = |a: &str| {
            format!(" <a class=\"passage-link\" href=\"#{a}\" aria-label=\"Link to this passage\">¶</a>")
        };
        for (tag, id, text) in [
            ("p", "p-first-para", "First para."),
            ("li", "p-one", "one"),
            ("li", "p-two", "two"),
            ("p", "p-last", "Last"),
        ] {
            let want = format!("<{tag} id=\"{id}\">{text}{}</{tag}>", link(id));
            assert!(r.html.contains(&want), "{want}\n{}", r.html);
        }
        let lines: Vec<_> = r
            .passages
            .iter()
            .map(|p| (p.anchor.as_str(), p.source_line))
            .collect();
        assert_eq!(
            lines,
            [
                ("p-first-para", 1),
                ("p-one", 3),
                ("p-two", 4),
                ("p-last", 6)
            ]
        );
        // The old position anchors, in order, for redirects.
        assert_eq!(r.positions, ["p-first-para", "p-one", "p-two", "p-last"]);
    }

    #[test]
    fn anchors_follow_their_text_not_their_position() {
        let before = render("Alpha one.\n\nBeta two.\n", &RenderOptions::default());
        let after = render(
            "New top.\n\nAlpha one.\n\nBeta two, fixd typo.\n",
            &RenderOptions::default(),
        );
        let ids =
            |r: &Rendered| -> Vec<String> { r.passages.iter().map(|p| p.anchor.clone()).collect() };
        assert_eq!(ids(&before), ["p-alpha-one", "p-beta-two"]);
        assert_eq!(
            ids(&after),
            ["p-new-top", "p-alpha-one", "p-beta-two-fixd-typo"]
        );
        // A heading never takes a passage's id, nor the other way round.
        let r = render("# P alpha one\n\nAlpha one.\n", &RenderOptions::default());
        let ids = ids(&r);
        assert_eq!(ids.len(), 2);
        assert_ne!(ids[0], ids[1]);
    }

    #[test]
    fn raw_html_is_escaped() {
        let h = html("<script>alert(1)</script>\n\nText <img src=x onerror=alert(1)> here\n");
        assert!(!h.contains("<script"), "{h}");
        assert!(!h.contains("<img"), "{h}");
        assert!(h.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{h}");
    }

    #[test]
    fn dangerous_urls_are_dropped() {
        let h = html("[x](javascript:alert(1)) [y](java\tscript:alert(1)) ![i](data:image/svg+xml,1) [ok](https://e.org/)\n");
        assert!(!h.to_lowercase().contains("javascript"), "{h}");
        assert!(!h.contains("data:"), "{h}");
        assert!(h.contains("href=\"https://e.org/\""), "{h}");
    }

    #[test]
    fn links_are_rewritten_and_recorded_with_lines() {
        let opts = RenderOptions {
            root: Some("../../"),
            ..Default::default()
        };
        let r = render(
            "a\n\n[d](/documents/x/) [m](other.md#p-2) [r](../doc-1/)\n",
            &opts,
        );
        let hrefs: Vec<_> = r
            .links
            .iter()
            .map(|l| (l.href.as_str(), l.source_line))
            .collect();
        assert_eq!(
            hrefs,
            [
                ("../../documents/x/", 3),
                ("../other/#p-2", 3),
                ("../doc-1/", 3)
            ]
        );
    }

    #[test]
    fn sections_and_passages_carry_heading_paths() {
        let md = "Lead text.\n\n# A\n\nIn A.\n\n## B\n\nIn B.\n\n# C\n\n- item\n";
        let r = render(md, &RenderOptions::default());
        let secs: Vec<_> = r
            .sections
            .iter()
            .map(|s| (s.id.as_str(), s.heading_path.join("/"), s.text.as_str()))
            .collect();
        assert_eq!(
            secs,
            [
                ("", String::new(), "Lead text."),
                ("a", "A".into(), "In A."),
                ("b", "A/B".into(), "In B."),
                ("c", "C".into(), "item"),
            ]
        );
        let b = r.passages.iter().find(|p| p.text == "In B.").unwrap();
        assert_eq!(b.section, "b");
        assert_eq!(b.heading_path, ["A", "B"]);
        assert_eq!(b.source_line, 9);
        let heading = r.passages.iter().find(|p| p.anchor == "b").unwrap();
        assert_eq!(heading.text, "B");
    }

    #[test]
    fn footnotes_are_collected_with_backlinks() {
        let r = render(
            "Claim[^a] and another[^b].\n\n[^b]: Second.\n[^a]: First.\n",
            &RenderOptions::default(),
        );
        assert!(r.html.contains("href=\"#fn-a\""), "{}", r.html);
        assert!(!r.html.contains("First."), "{}", r.html);
        let first = r.footnotes.find("id=\"fn-a\"").unwrap();
        let second = r.footnotes.find("id=\"fn-b\"").unwrap();
        assert!(first < second, "{}", r.footnotes);
        assert!(r.footnotes.contains("href=\"#fnref-a\""), "{}", r.footnotes);
    }

    #[test]
    fn undefined_footnote_is_text() {
        let r = render("See[^nope].\n", &RenderOptions::default());
        assert!(!r.html.contains("#fn-"), "{}", r.html);
        assert!(r.footnotes.is_empty());
    }

    #[test]
    fn tables_strikethrough_and_smart_punctuation() {
        let h = html("| a | b |\n|---|---|\n| 1 | 2 |\n\n~~gone~~ \"quoted\" -- dash\n");
        assert!(h.contains("<table>"), "{h}");
        assert!(h.contains("<del>gone</del>"), "{h}");
        assert!(h.contains("“quoted”"), "{h}");
        assert!(h.contains("–"), "{h}");
    }

    #[test]
    fn code_blocks_are_highlighted_or_plain() {
        let opts = RenderOptions {
            highlighter: Some(Highlighter::global()),
            ..Default::default()
        };
        let r = render("```rust\nlet x = 1;\n```\n\n```nosuch\n<b>\n```\n", &opts);
        assert!(r.html.contains("class=\"z-"), "{}", r.html);
        assert!(r.html.contains("&lt;b&gt;"), "{}", r.html);
    }

    struct Toy;
    impl Annotator for Toy {
        fn links(
            &self,
            _section: &str,
            anchor: &str,
            text: &str,
        ) -> Vec<(Range<usize>, String, String)> {
            text.match_indices("Christchurch Call")
                .map(|(i, m)| {
                    (
                        i..i + m.len(),
                        format!("../../themes/christchurch-call/?from={anchor}"),
                        "Theme: <Christchurch Call>".to_string(),
                    )
                })
                .collect()
        }
    }

    #[test]
    fn annotator_wraps_mentions_and_escapes_the_rest() {
        let opts = RenderOptions {
            annotator: Some(&Toy),
            ..Default::default()
        };
        let r = render(
            "# The Christchurch Call\n\nThe <b> Christchurch Call & [Christchurch Call](https://x.org/).\n",
            &opts,
        );
        assert_eq!(r.html.matches("class=\"xref\"").count(), 1, "{}", r.html);
        assert!(
            r.html.contains("The &lt;b&gt; <a class=\"xref\" href=\"../../themes/christchurch-call/?from=p-b-christchurch-call-christchurch\" title=\"Theme: &lt;Christchurch Call&gt;\">Christchurch Call</a> &amp; "),
            "{}",
            r.html
        );
    }

    #[test]
    fn annotate_ignores_bad_spans() {
        let spans = vec![
            (0..2, "a".into(), "t".into()),
            (1..3, "b".into(), "t".into()),
            (3..99, "c".into(), "t".into()),
            (3..4, "javascript:x".into(), "t".into()),
        ];
        assert_eq!(
            annotate("abcd", spans),
            "<a class=\"xref\" href=\"a\" title=\"t\">ab</a>cd"
        );
    }

    #[test]
    fn slugify_handles_unicode_and_punctuation() {
        assert_eq!(
            slugify("Human Rights — a Centred Approach!"),
            "human-rights-a-centred-approach"
        );
        assert_eq!(slugify("Über Größe"), "über-größe");
        assert_eq!(slugify("***"), "section");
    }
}
