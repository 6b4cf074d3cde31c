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

/// Finds cross-reference mentions in the body's passages, once each: the renderer
/// records every mention it is given (for the cross-reference) and links the first of
/// each kind in each section, even across emphasis or a line break.
pub trait Annotator: Sync {
    /// Every mention in a passage's plain text, sorted by start: (byte range, key).
    /// Ranges of different keys may overlap; the renderer links only non-overlapping ones.
    fn find(&self, text: &str) -> Vec<(Range<usize>, usize)>;
    /// Where a mention of `key` links to: (href, title).
    fn target(&self, key: usize) -> (String, String);
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
    /// What the annotator found, passage by passage (in `passages` order) and by position.
    pub mentions: Vec<Found>,
}

/// A mention the [`Annotator`] found: the `key` it gave, in `passages[passage].text`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Found {
    pub passage: usize,
    pub key: usize,
    pub start: usize,
    pub end: usize,
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
    #[serde(serialize_with = "serialize_path")]
    pub heading_path: HeadingPath,
    /// Plain text of the section's own content, not its subsections (shared with the
    /// search entries made from it: a big digest's section texts are hundreds of
    /// megabytes, and the index is built while the bodies are still held).
    #[serde(serialize_with = "serialize_text")]
    pub text: SectionText,
}

/// A section's text, shared (see [`Section::text`]).
pub type SectionText = std::sync::Arc<str>;

fn serialize_text<S: serde::Serializer>(text: &SectionText, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(text)
}

/// Titles of the enclosing headings, outermost first. One per section, shared by its
/// passages: a big digest has hundreds of thousands of passages, all kept for the whole
/// build.
pub type HeadingPath = std::sync::Arc<[String]>;

fn serialize_path<S: serde::Serializer>(path: &HeadingPath, s: S) -> Result<S::Ok, S::Error> {
    serde::Serialize::serialize(&**path, s)
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Passage {
    /// `"p-recalling-universal-declaration-human"` (see [`crate::anchors`]) or a heading id.
    pub anchor: String,
    /// The enclosing section's id.
    pub section: String,
    #[serde(serialize_with = "serialize_path")]
    pub heading_path: HeadingPath,
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
    /// The open section (its text is `section_text` until it closes).
    section: Section,
    section_text: String,
    heading_stack: Vec<(u8, String)>,
    passages: Vec<Passage>,
    open_passages: Vec<usize>,
    links: Vec<LinkRef>,
    markdown_len: usize,
    /// For each passage (same index), where its text was emitted.
    runs: Vec<Vec<Run>>,
    /// Every mention the annotator found so far.
    found: Vec<Found>,
    /// Keys linked in the current section (each is linked once per section).
    linked: Vec<usize>,
    /// The Markdown, to read an ordered item's own number.
    source: &'a str,
    /// For each open ordered list, the number its next item shows unless it says
    /// otherwise and the number the last item was written with (`None` for a bulleted
    /// list).
    lists: Vec<Option<(u64, u64)>>,
}

/// Which event list a run was emitted into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Buffer {
    Body,
    /// The footnote definition with this index in `footnote_defs` (the open one while
    /// it is being read).
    Footnote(usize),
}

/// A stretch of a passage's text and the event that shows it, so a mention found in the
/// passage's text can be linked where it was emitted.
#[derive(Debug, Clone)]
struct Run {
    buffer: Buffer,
    event: usize,
    /// Byte range in the passage's text (whitespace collapsed, as search sees it).
    text: Range<usize>,
    /// Text inside a link or an image description, or inline code: counted, not linked.
    linkable: bool,
}

/// A change to an emitted event that links a mention.
enum Edit {
    /// Insert `html` at byte `at` of the text event `event`.
    InText {
        event: usize,
        at: usize,
        html: String,
    },
    /// Put `html` before (or after, for an end tag) the formatting tag event `event`.
    AtTag { event: usize, html: String },
}

impl<'a, 'o> Builder<'a, 'o> {
    fn new(markdown: &'a str, opts: &'o RenderOptions<'o>) -> Self {
        let line_starts = std::iter::once(0)
            .chain(memchr_newlines(markdown).map(|i| i + 1))
            .collect();
        Builder {
            source: markdown,
            lists: Vec::new(),
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
                heading_path: HeadingPath::default(),
                text: SectionText::default(),
            },
            section_text: String::new(),
            heading_stack: Vec::new(),
            passages: Vec::new(),
            open_passages: Vec::new(),
            links: Vec::new(),
            markdown_len: markdown.len(),
            runs: Vec::new(),
            found: Vec::new(),
            linked: Vec::new(),
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
        push_collapsed(&mut self.section_text, s);
        if let Some(&i) = self.open_passages.last() {
            push_collapsed(&mut self.passages[i].text, s);
        }
    }

    fn text(&mut self, text: CowStr<'a>) {
        let start = self.passage_len();
        self.plain(&text);
        // Links cannot nest: text inside a link or an image description is not linked.
        self.note_run(start, self.link_depth == 0 && self.image_depth == 0);
        self.emit(Event::Text(text));
    }

    /// The innermost open passage and its text's length, when an annotator will look at
    /// it (headings are matched whole when they end, never linked).
    fn passage_len(&self) -> Option<(usize, usize)> {
        self.opts.annotator?;
        if self.heading.is_some() {
            return None;
        }
        let &i = self.open_passages.last()?;
        Some((i, self.passages[i].text.len()))
    }

    /// Remember that the text the passage grew by since `start` is shown by the event
    /// about to be emitted.
    fn note_run(&mut self, start: Option<(usize, usize)>, linkable: bool) {
        let Some((i, start)) = start else { return };
        let end = self.passages[i].text.len();
        if end == start {
            return;
        }
        let (buffer, event) = match &self.footnote {
            Some((_, events)) => (Buffer::Footnote(self.footnote_defs.len()), events.len()),
            None => (Buffer::Body, self.out.len()),
        };
        self.runs[i].push(Run {
            buffer,
            event,
            text: start..end,
            linkable,
        });
    }

    fn events(&self, buffer: Buffer) -> Option<&[Event<'a>]> {
        match buffer {
            Buffer::Body => Some(&self.out),
            Buffer::Footnote(n) if n == self.footnote_defs.len() => {
                self.footnote.as_ref().map(|(_, events)| events.as_slice())
            }
            Buffer::Footnote(n) => self.footnote_defs.get(n).map(|(_, e)| e.as_slice()),
        }
    }

    fn events_mut(&mut self, buffer: Buffer) -> Option<&mut Vec<Event<'a>>> {
        match buffer {
            Buffer::Body => Some(&mut self.out),
            Buffer::Footnote(n) if n == self.footnote_defs.len() => {
                self.footnote.as_mut().map(|(_, events)| events)
            }
            Buffer::Footnote(n) => self.footnote_defs.get_mut(n).map(|(_, events)| events),
        }
    }

    /// Find the mentions in the passage that is closing, record them all, and link the
    /// first of each key in the section where it was emitted.
    fn link_mentions(&mut self) {
        let Some(annotator) = self.opts.annotator else {
            return;
        };
        let Some(&i) = self.open_passages.last() else {
            return;
        };
        let hits = self.find_mentions(i);
        let runs = std::mem::take(&mut self.runs[i]);
        let mut edits: Vec<(Buffer, Edit)> = Vec::new();
        let mut linked_end = 0;
        for (range, key) in hits {
            if range.start < linked_end || self.linked.contains(&key) {
                continue;
            }
            let (href, title) = annotator.target(key);
            if !url_is_safe(&href, false) {
                continue;
            }
            let open = format!(
                "<a class=\"xref\" href=\"{}\" title=\"{}\">",
                escape(&href),
                escape(&title)
            );
            if let Some(planned) = self.plan_link(i, &runs, range.clone(), open) {
                edits.extend(planned);
                linked_end = range.end;
                self.linked.push(key);
            }
        }
        self.apply(edits);
    }

    /// The edits that wrap `range` of passage `i`'s text in a link, if it can be linked
    /// where it was emitted: all of it in linkable text, and any formatting it crosses
    /// (`*Christchurch* Call`) whole inside the link, so the tags stay nested.
    fn plan_link(
        &self,
        i: usize,
        runs: &[Run],
        range: Range<usize>,
        open: String,
    ) -> Option<Vec<(Buffer, Edit)>> {
        if range.is_empty() {
            return None;
        }
        let first = runs.iter().position(|r| r.text.contains(&range.start))?;
        let last = runs
            .iter()
            .rposition(|r| r.text.contains(&(range.end - 1)))?;
        let span = runs.get(first..=last)?;
        let buffer = span[0].buffer;
        if !span.iter().all(|r| r.linkable && r.buffer == buffer) {
            return None;
        }
        let passage = &self.passages[i].text;
        let (a, b) = (&span[0], &span[span.len() - 1]);
        let events = self.events(buffer)?;
        let (Event::Text(text_a), Event::Text(text_b)) =
            (events.get(a.event)?, events.get(b.event)?)
        else {
            return None;
        };
        let (text_a, text_b): (&str, &str) = (text_a, text_b);
        let at_start = original_offset(
            &passage[a.text.clone()],
            text_a,
            range.start - a.text.start,
            false,
        )?;
        let at_end = original_offset(
            &passage[b.text.clone()],
            text_b,
            range.end - b.text.start,
            true,
        )?;
        let (hoist, sink) = nesting(
            events,
            a.event,
            b.event,
            at_start == 0,
            at_end == text_b.len(),
        )?;
        let mut edits = Vec::new();
        match hoist {
            0 => edits.push((
                buffer,
                Edit::InText {
                    event: a.event,
                    at: at_start,
                    html: open,
                },
            )),
            n => edits.push((
                buffer,
                Edit::AtTag {
                    event: a.event - n,
                    html: open,
                },
            )),
        }
        let close = "</a>".to_string();
        match sink {
            0 => edits.push((
                buffer,
                Edit::InText {
                    event: b.event,
                    at: at_end,
                    html: close,
                },
            )),
            n => edits.push((
                buffer,
                Edit::AtTag {
                    event: b.event + n,
                    html: close,
                },
            )),
        }
        Some(edits)
    }

    /// Rewrite the events the links touch: a text event becomes HTML (escaped, with the
    /// links' tags inserted), a formatting tag gets a link's tag beside it.
    fn apply(&mut self, edits: Vec<(Buffer, Edit)>) {
        let mut texts: HashMap<(Buffer, usize), Vec<(usize, String)>> = HashMap::new();
        let mut tags: Vec<(Buffer, usize, String)> = Vec::new();
        for (buffer, edit) in edits {
            match edit {
                Edit::InText { event, at, html } => {
                    texts.entry((buffer, event)).or_default().push((at, html))
                }
                Edit::AtTag { event, html } => tags.push((buffer, event, html)),
            }
        }
        for ((buffer, event), mut inserts) in texts {
            let Some(events) = self.events_mut(buffer) else {
                continue;
            };
            let Some(Event::Text(text)) = events.get(event) else {
                continue;
            };
            // Stable: a link that ends where the next begins is closed first.
            inserts.sort_by_key(|(at, _)| *at);
            let mut html = String::with_capacity(text.len() + inserts.len() * 64);
            let mut from = 0;
            for (at, tag) in &inserts {
                escape_into(&mut html, &text[from..*at]);
                html.push_str(tag);
                from = *at;
            }
            escape_into(&mut html, &text[from..]);
            events[event] = Event::Html(CowStr::from(html));
        }
        for (buffer, event, link_tag) in tags {
            let Some(events) = self.events_mut(buffer) else {
                continue;
            };
            let html = match events.get(event) {
                Some(Event::Start(tag)) => simple_tag(tag).map(|t| format!("{link_tag}<{t}>")),
                Some(Event::End(tag)) => simple_end_tag(tag).map(|t| format!("</{t}>{link_tag}")),
                _ => None,
            };
            if let Some(html) = html {
                events[event] = Event::Html(CowStr::from(html));
            }
        }
    }

    /// The mentions in passage `i`'s text, each recorded for the cross-reference.
    fn find_mentions(&mut self, i: usize) -> Vec<(Range<usize>, usize)> {
        let Some(annotator) = self.opts.annotator else {
            return Vec::new();
        };
        let hits = annotator.find(&self.passages[i].text);
        self.found.extend(hits.iter().map(|(range, key)| Found {
            passage: i,
            key: *key,
            start: range.start,
            end: range.end,
        }));
        hits
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

    /// Keep a section that ended, with the text gathered for it (trimmed, in an
    /// allocation of its exact size), unless it is an untitled one without text.
    fn close_section(&mut self, mut section: Section) {
        let text = std::mem::take(&mut self.section_text);
        section.text = SectionText::from(text.trim_end());
        if !section.id.is_empty() || !section.text.trim().is_empty() {
            self.sections.push(section);
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
        self.runs.push(Vec::new());
        self.open_passages.push(self.passages.len() - 1);
    }

    fn close_passage(&mut self) {
        self.open_passages.pop();
        push_collapsed(&mut self.section_text, " ");
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
                let start = self.passage_len();
                self.plain(&c);
                self.note_run(start, false);
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
            Tag::List(start) => {
                self.lists.push(start.map(|n| (n, n)));
                self.emit(Event::Start(Tag::List(start)));
            }
            Tag::Item => {
                let anchor = self.next_anchor();
                let value = self.item_number(offset);
                match value {
                    Some(n) => self.html(format!("<li value=\"{n}\" id=\"{anchor}\">")),
                    None => self.html(format!("<li id=\"{anchor}\">")),
                }
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

    /// The number an ordered item at `offset` shows when it is not the one the list would
    /// give it: CommonMark numbers a list's items on from its first, but a judgment's or a
    /// resolution's paragraphs are cited by their own numbers ("6." after a quoted "1."
    /// would have shown as 7). `None` when the list's own count is right, and for items
    /// all written "1." (Markdown's way of leaving the count to the list).
    fn item_number(&mut self, offset: usize) -> Option<u64> {
        let (next, last) = self.lists.last_mut()?.as_mut()?;
        let digits: String = self.source[offset..]
            .trim_start()
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        let expected = *next;
        *next += 1;
        let own = digits.parse::<u64>().ok()?;
        let repeated = own == *last && own != expected;
        *last = own;
        if own == expected || repeated {
            return None;
        }
        *next = own + 1;
        Some(own)
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::List(ordered) => {
                self.lists.pop();
                self.emit(Event::End(TagEnd::List(ordered)));
            }
            TagEnd::Paragraph | TagEnd::HtmlBlock => {
                self.link_mentions();
                self.passage_link();
                self.html("</p>\n".into());
                self.close_passage();
            }
            TagEnd::Item => {
                self.link_mentions();
                self.passage_link();
                self.html("</li>\n".into());
                self.close_passage();
            }
            TagEnd::Heading(_) => self.end_heading(),
            TagEnd::CodeBlock => {
                if let Some((lang, code)) = self.code.take() {
                    // Spaces at a code line's end show nothing (a terminal session's
                    // "> " prompt line); the page keeps none.
                    let code = if code.lines().any(|l| l.ends_with([' ', '\t'])) {
                        code.lines()
                            .map(str::trim_end)
                            .collect::<Vec<_>>()
                            .join("\n")
                            + "\n"
                    } else {
                        code
                    };
                    let html = match self.opts.highlighter {
                        Some(h) => h.highlight(&lang, &code),
                        None => crate::highlight::plain(
                            lang.split_whitespace().next().unwrap_or(""),
                            &code,
                        ),
                    };
                    push_collapsed(&mut self.section_text, &code);
                    push_collapsed(&mut self.section_text, " ");
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
                heading_path: HeadingPath::default(),
                text: SectionText::default(),
            },
        );
        self.close_section(done);
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
        self.runs.push(Vec::new());
        self.linked.clear();
        // A heading's mentions are counted, never linked (headings link to themselves).
        self.find_mentions(self.passages.len() - 1);
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
        // A label defined twice (hand-written notes numbered again from 1): the markers
        // lead to the first; the others keep their text under ids of their own.
        let mut ids_taken: HashSet<String> = HashSet::new();
        for (name, events) in defs {
            let mut slug = self.footnote_slug(&name);
            let mut again = 1;
            while !ids_taken.insert(slug.clone()) {
                again += 1;
                slug = format!("{}-{again}", self.footnote_slug(&name));
            }
            let mut body = String::new();
            pulldown_cmark::html::push_html(&mut body, events.into_iter());
            let referenced = self.footnote_refs.iter().position(|r| *r == name);
            if let Some(n) = referenced.filter(|_| again == 1) {
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
                heading_path: HeadingPath::default(),
                text: SectionText::default(),
            },
        );
        self.close_section(last);
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
        // Empty passages are dropped: renumber the mentions (none is in an empty one).
        let mut kept = Vec::with_capacity(passages.len());
        let mut next = 0;
        for p in &passages {
            kept.push(next);
            next += usize::from(!p.text.trim().is_empty());
        }
        let mut mentions = self.found;
        for m in &mut mentions {
            m.passage = kept[m.passage];
        }
        // Passages are matched when they close, inner ones first: back to passage order.
        mentions.sort_by_key(|m| m.passage);
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
            mentions,
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

/// Where the byte `at` of `collapsed` (a run's text as the passage holds it, whitespace
/// collapsed and leading spaces dropped) falls in the run's `original` text: both hold
/// the same non-whitespace bytes in the same order. `end` places it after the last
/// non-whitespace byte before it rather than at the next one.
fn original_offset(collapsed: &str, original: &str, at: usize, end: bool) -> Option<usize> {
    let solid = collapsed
        .get(..at)?
        .bytes()
        .filter(|b| !b.is_ascii_whitespace())
        .count();
    let mut seen = 0;
    if end && solid == 0 {
        return Some(0);
    }
    for (i, b) in original.bytes().enumerate() {
        if b.is_ascii_whitespace() {
            continue;
        }
        if !end && seen == solid {
            return original.is_char_boundary(i).then_some(i);
        }
        seen += 1;
        if end && seen == solid {
            return original.is_char_boundary(i + 1).then_some(i + 1);
        }
    }
    None
}

/// How many formatting tags a link from inside event `from` to inside event `to` must
/// take in before (`hoist`) and after (`sink`) for its tags to nest with theirs, if it
/// can: only text, line breaks and emphasis may lie between. `at_start`: the link begins
/// at the start of `from`'s text; `at_end`: it ends at the end of `to`'s.
fn nesting(
    events: &[Event],
    from: usize,
    to: usize,
    at_start: bool,
    at_end: bool,
) -> Option<(usize, usize)> {
    let inner = events.get(from + 1..to).unwrap_or(&[]);
    let neutral = |e: &Event| matches!(e, Event::Text(_) | Event::SoftBreak | Event::HardBreak);
    if !inner
        .iter()
        .all(|e| neutral(e) || simple_start(e) || simple_end(e))
    {
        return None;
    }
    let before = if at_start {
        events[..from]
            .iter()
            .rev()
            .take_while(|e| simple_start(e))
            .count()
    } else {
        0
    };
    let after = if at_end {
        events[to + 1..]
            .iter()
            .take_while(|e| simple_end(e))
            .count()
    } else {
        0
    };
    for hoist in 0..=before {
        for sink in 0..=after {
            let region = events[from - hoist..from]
                .iter()
                .chain(inner)
                .chain(&events[to + 1..to + 1 + sink]);
            if balanced(region) {
                return Some((hoist, sink));
            }
        }
    }
    None
}

/// Every formatting tag opened in `events` is closed in it, and none closed first.
fn balanced<'e>(events: impl Iterator<Item = &'e Event<'e>>) -> bool {
    let mut depth = 0usize;
    for e in events {
        if simple_start(e) {
            depth += 1;
        } else if simple_end(e) {
            let Some(d) = depth.checked_sub(1) else {
                return false;
            };
            depth = d;
        }
    }
    depth == 0
}

fn simple_start(e: &Event) -> bool {
    matches!(e, Event::Start(t) if simple_tag(t).is_some())
}

fn simple_end(e: &Event) -> bool {
    matches!(e, Event::End(t) if simple_end_tag(t).is_some())
}

/// The HTML element of an inline formatting tag a link may enclose.
fn simple_tag(tag: &Tag) -> Option<&'static str> {
    match tag {
        Tag::Emphasis => Some("em"),
        Tag::Strong => Some("strong"),
        Tag::Strikethrough => Some("del"),
        _ => None,
    }
}

fn simple_end_tag(tag: &TagEnd) -> Option<&'static str> {
    match tag {
        TagEnd::Emphasis => Some("em"),
        TagEnd::Strong => Some("strong"),
        TagEnd::Strikethrough => Some("del"),
        _ => None,
    }
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
    fn ordered_items_show_their_own_numbers() {
        // A judgment's paragraphs cited by number: "6." after "4." stays 6.
        let h = html("4. Four.\n5. Five.\n7. Seven.\n8. Eight.\n");
        assert!(h.contains("<ol start=\"4\">"), "{h}");
        assert!(h.contains("<li value=\"7\""), "{h}");
        assert!(
            !h.contains("value=\"5\"") && !h.contains("value=\"8\""),
            "{h}"
        );
        // A list numbered on as CommonMark numbers it carries no values.
        assert!(!html("1. a\n2. b\n3. c\n").contains("value="));
        // "1." written for every item leaves the count to the list, as Markdown means it.
        assert!(!html("1. a\n1. b\n1. c\n").contains("value="));
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
            .map(|s| (s.id.as_str(), s.heading_path.join("/"), &*s.text))
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
        assert_eq!(&*b.heading_path, ["A", "B"]);
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
    fn a_note_label_defined_twice_keeps_both_texts_under_ids_of_their_own() {
        let r = render(
            "One.[^1] Two.[^1]\n\n[^1]: First note.\n\n[^1]: A second note 1.\n",
            &RenderOptions::default(),
        );
        let all = format!("{}{}", r.html, r.footnotes);
        assert_eq!(all.matches("id=\"fn-1\"").count(), 1, "{all}");
        assert!(r.footnotes.contains("First note."), "{}", r.footnotes);
        assert!(r.footnotes.contains("A second note 1."), "{}", r.footnotes);
        let ids: Vec<&str> = all
            .split("id=\"")
            .skip(1)
            .map(|s| &s[..s.find('"').unwrap()])
            .collect();
        let mut unique = ids.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(ids.len(), unique.len(), "{ids:?}");
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
    fn code_lines_keep_no_trailing_spaces() {
        let h = html("```\n> GET / HTTP/1.1\n> \n< HTTP/1.1 301\n```\n");
        assert!(!h.lines().any(|l| l.ends_with(' ')), "{h}");
        assert!(
            h.contains("&gt; GET / HTTP/1.1\n&gt;\n&lt; HTTP/1.1 301"),
            "{h}"
        );
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

    /// Finds "Christchurch Call" (key 0) and "Call" (key 1), case-sensitively.
    struct Toy;
    impl Annotator for Toy {
        fn find(&self, text: &str) -> Vec<(Range<usize>, usize)> {
            let mut hits: Vec<(Range<usize>, usize)> = text
                .match_indices("Christchurch Call")
                .map(|(i, m)| (i..i + m.len(), 0))
                .chain(text.match_indices("Call").map(|(i, m)| (i..i + m.len(), 1)))
                .collect();
            hits.sort_by_key(|(r, k)| (r.start, *k));
            hits
        }

        fn target(&self, key: usize) -> (String, String) {
            match key {
                0 => (
                    "../../themes/christchurch-call/".into(),
                    "Theme: <Christchurch Call>".into(),
                ),
                _ => ("javascript:alert(1)".into(), "unsafe".into()),
            }
        }
    }

    fn annotated(md: &str) -> Rendered {
        render(
            md,
            &RenderOptions {
                annotator: Some(&Toy),
                ..Default::default()
            },
        )
    }

    const LINK: &str = "<a class=\"xref\" href=\"../../themes/christchurch-call/\" title=\"Theme: &lt;Christchurch Call&gt;\">";

    #[test]
    fn annotator_wraps_mentions_and_escapes_the_rest() {
        let r = annotated(
            "# The Christchurch Call\n\nThe <b> Christchurch Call & [Christchurch Call](https://x.org/).\n",
        );
        assert_eq!(r.html.matches("class=\"xref\"").count(), 1, "{}", r.html);
        assert!(
            r.html
                .contains(&format!("The &lt;b&gt; {LINK}Christchurch Call</a> &amp; ")),
            "{}",
            r.html
        );
        // Every mention is recorded, linked or not: in the heading, the text, the link
        // text (key 0 and the overlapping key 1 each time); the unsafe target is never linked.
        let keys: Vec<(usize, usize)> = r.mentions.iter().map(|m| (m.passage, m.key)).collect();
        assert_eq!(keys, [(0, 0), (0, 1), (1, 0), (1, 1), (1, 0), (1, 1)]);
        for m in &r.mentions {
            assert!(r.passages[m.passage].text[m.start..m.end].ends_with("Call"));
        }
    }

    #[test]
    fn a_mention_split_by_emphasis_or_a_line_break_is_linked_whole() {
        for (md, want) in [
            (
                "*Christchurch* Call.\n",
                format!("<p id=\"p-christchurch-call\">{LINK}<em>Christchurch</em> Call</a>."),
            ),
            (
                "The Christchurch *Call*.\n",
                format!("The {LINK}Christchurch <em>Call</em></a>."),
            ),
            (
                "Christ*church Call* today.\n",
                format!("{LINK}Christ<em>church Call</em></a> today"),
            ),
            (
                "The Christchurch\nCall.\n",
                format!("The {LINK}Christchurch\nCall</a>."),
            ),
            (
                "The ***Christchurch*** Call.\n",
                format!("The {LINK}<em><strong>Christchurch</strong></em> Call</a>."),
            ),
        ] {
            let r = annotated(md);
            assert!(r.html.contains(&want), "{md:?}\n{}", r.html);
            assert_eq!(r.mentions.len(), 2, "{md:?}");
        }
        // Where the tags cannot nest (the link would start inside the emphasis and end
        // outside it) the mention is counted but not linked.
        for md in [
            "**The Christchurch** Call.\n",
            "*The Christchurch* *Call*.\n",
        ] {
            let r = annotated(md);
            assert!(!r.html.contains("xref"), "{}", r.html);
            assert_eq!(r.mentions.len(), 2, "{md:?}");
        }
    }

    #[test]
    fn the_first_linkable_mention_of_a_section_is_linked() {
        // Inside a link or code it cannot be linked: the next one is, once per section.
        let r = annotated(
            "[Christchurch Call](https://x.org/) and `Christchurch Call` and Christchurch Call, Christchurch Call.\n\n## Next\n\nChristchurch Call again.\n",
        );
        assert_eq!(r.html.matches("class=\"xref\"").count(), 2, "{}", r.html);
        assert!(
            r.html.contains(&format!(
                "</code> and {LINK}Christchurch Call</a>, Christchurch Call."
            )),
            "{}",
            r.html
        );
        assert!(
            r.html
                .contains(&format!("{LINK}Christchurch Call</a> again")),
            "{}",
            r.html
        );
        let zero = r.mentions.iter().filter(|m| m.key == 0).count();
        assert_eq!(zero, 5, "{:?}", r.mentions);
    }

    #[test]
    fn mentions_in_footnotes_and_nested_items_are_found_and_linked() {
        let r = annotated(
            "- Item on the Christchurch Call\n  - nested Christchurch Call\n\nText.[^a]\n\n## Notes\n\n[^a]: On the Christchurch Call.\n",
        );
        assert!(
            r.footnotes
                .contains(&format!("On the {LINK}Christchurch Call</a>")),
            "{}",
            r.footnotes
        );
        // Mentions come in passage order, whichever passage closed first.
        let passages: Vec<usize> = r.mentions.iter().map(|m| m.passage).collect();
        let mut sorted = passages.clone();
        sorted.sort();
        assert_eq!(passages, sorted);
        let texts: Vec<&str> = r
            .mentions
            .iter()
            .filter(|m| m.key == 0)
            .map(|m| r.passages[m.passage].text.as_str())
            .collect();
        assert_eq!(texts.len(), 3, "{texts:?}");
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
