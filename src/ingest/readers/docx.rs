//! Word documents (DOCX): `office_oxide` reads the package (styles, numbering, footnotes,
//! `docProps/core.xml`) into its document model; this module writes that model as the
//! Markdown the rules work on. Takes a seed's bytes; gives a [`Source`] or an error that
//! says what the file is and what to do.
//!
//! What Word knows is kept: headings (Heading 1-6 by style name, id or outline level, so a
//! French `Titre1` is a heading too), the `Title` paragraph as the title block's first
//! lines, lists with their depth (numbering levels, and Word's `List Bullet 2` styles),
//! tables, bold and italic, hyperlinks, and footnotes and endnotes as Markdown footnotes
//! linked to their markers. Comments, headers, footers and pictures are not the text: they
//! are dropped and reported.

mod numbering;

use std::io::Cursor;
use std::path::Path;

use office_oxide::ir::{
    DocumentIR, Element, InlineContent, List, ListItem, ListStyle, Note, Paragraph, Table, TextSpan,
};
use office_oxide::{Document, DocumentFormat};

use super::super::normalize::Dropped;
use super::super::source::{Format, Source, SourceMeta};
use super::markdown::language_code;
use crate::content::PartialDate;
use crate::error::{Error, Result};

/// What Word's "save as" would fix, said once for every unreadable DOCX.
const RESAVE_HINT: &str = "if it opens in Word or LibreOffice, save it again as .docx (or export it as PDF) and put that in seeds/";

/// Read a DOCX seed. Never panics: the parser runs under `catch_unwind`.
pub fn read(path: &Path, bytes: &[u8]) -> Result<Source> {
    let ir = parse(bytes).map_err(|why| {
        Error::input(
            path,
            None,
            format!("this Word (DOCX) file could not be read: {why}"),
            RESAVE_HINT,
        )
    })?;
    let mut writer = Writer {
        heading_sizes: heading_sizes(&ir),
        ..Writer::default()
    };
    for section in &ir.sections {
        writer.blocks(&section.elements, 0);
        writer.drop_header_footer(section);
    }
    let dropped = std::mem::take(&mut writer.dropped);
    let text = writer.finish();
    if text.trim().is_empty() {
        return Err(Error::input(
            path,
            None,
            "this Word (DOCX) file has no text in its body",
            "if its text is in pictures (a scan pasted into Word), run OCR on it first; otherwise save it again as .docx or PDF",
        ));
    }
    let meta = core_properties(&ir, path, &text);
    Ok(Source {
        format: Format::Docx,
        text,
        line_offset: 0,
        meta,
        dropped,
        warnings: Vec::new(),
    })
}

/// The package read into `office_oxide`'s model, or why not.
fn parse(bytes: &[u8]) -> std::result::Result<DocumentIR, String> {
    let owned = numbering::with_style_links_resolved(bytes).unwrap_or_else(|| bytes.to_vec());
    super::pdf::catch_quietly(move || {
        let doc = Document::from_reader(Cursor::new(owned), DocumentFormat::Docx)
            .map_err(|e| e.to_string())?;
        Ok(doc.to_ir())
    })
    .unwrap_or_else(|panic| Err(format!("the DOCX parser failed: {panic}")))
}

/// `docProps/core.xml`: what Word or LibreOffice filled in. Word writes the creator and
/// dates by itself and a template's title lingers, so this is weak evidence, as a PDF's
/// Info dictionary is: the title block and datelines in the text say better.
fn core_properties(ir: &DocumentIR, path: &Path, text: &str) -> SourceMeta {
    let m = &ir.metadata;
    // As with a PDF's Info: the creator is often whoever saved the file.
    let (authors, unprinted) = super::Printed::new(text).authors(m.author.as_deref());
    let mut meta = SourceMeta {
        origin: "DOCX core properties",
        weak: true,
        title: m
            .title
            .as_deref()
            .filter(|t| super::is_real_pdf_title(t, path))
            .map(|t| t.trim().to_string()),
        authors,
        summary: m.subject.clone().filter(|s| super::is_real_summary(s)),
        date: m.created.as_deref().and_then(PartialDate::parse),
        language: m.language.as_deref().map(language_code),
        tags: super::real_keywords(m.keywords.clone()),
        ..SourceMeta::default()
    };
    if !unprinted.is_empty() {
        meta.extra
            .insert("docx_author".into(), unprinted.join("; ").into());
    }
    if let Some(modified) = &m.modified {
        meta.extra.insert(
            "modified".into(),
            serde_yaml::Value::String(modified.clone()),
        );
    }
    meta
}

/// Writes the model's blocks as Markdown lines; footnotes are collected and written last.
#[derive(Default)]
struct Writer {
    out: String,
    notes: Vec<String>,
    dropped: Vec<Dropped>,
    /// The last block written was a list: a paragraph indented under it goes on with its
    /// last item.
    after_list: bool,
    /// The size each heading level is set in (half points), for paragraphs set as headings
    /// without a heading style (see [`heading_sizes`]).
    heading_sizes: Vec<(u32, usize)>,
}

/// A paragraph set in from the margin at least this far (a quarter inch, in twips) goes on
/// with the list item above it, as Word users write an item's explanation under it.
const ITEM_INDENT_TWIPS: i32 = 360;

impl Writer {
    fn blocks(&mut self, elements: &[Element], list_depth: usize) {
        for e in elements {
            self.block(e, list_depth);
        }
    }

    fn block(&mut self, e: &Element, list_depth: usize) {
        let after_list = std::mem::take(&mut self.after_list);
        match e {
            Element::Heading(h) => {
                let text = strip_emphasis(&inline(&h.content));
                if !text.trim().is_empty() {
                    let level = usize::from(h.clamped_level()).clamp(1, 6);
                    self.push_block(&format!("{} {}", "#".repeat(level), text.trim()));
                }
            }
            Element::Paragraph(p)
                if after_list && p.indent_left_twips.unwrap_or(0) >= ITEM_INDENT_TWIPS =>
            {
                // "- **Provide a clear definition.**" / (indented) "Victims told us ...":
                // the explanation belongs to its item, on a line of its own in it.
                let text = inline(&p.content).replace('\n', " ");
                if !text.trim().is_empty() {
                    self.out.push_str("\\\n");
                    self.out.push_str(text.trim());
                    self.after_list = true;
                }
            }
            Element::Paragraph(p) => match self.styled_as_heading(p) {
                Some(level) => {
                    let text = strip_emphasis(&inline(&p.content)).replace('\n', " ");
                    self.push_block(&format!("{} {}", "#".repeat(level), text.trim()));
                }
                None => self.paragraph(p),
            },
            Element::List(l) => {
                let mut lines = String::new();
                list(l, list_depth, &mut lines);
                self.push_block(lines.trim_end());
                self.after_list = !lines.trim().is_empty();
            }
            Element::Table(t) => self.push_block(&table(t)),
            Element::TextBox(b) => self.blocks(&b.content, list_depth),
            Element::Footnote(n) => self.note(n, ""),
            Element::Endnote(n) if n.marker.as_deref().is_some_and(is_comment) => {
                let text = note_text(n);
                let label = n.marker.as_deref().unwrap_or("Comment");
                self.drop_text(
                    format!("{}: {text}", label.trim_end_matches(" ()")),
                    "comment (DOCX)",
                );
            }
            Element::Endnote(n) => self.note(n, "e"),
            Element::Image(img) => {
                let alt = img.alt_text.clone().unwrap_or_default();
                self.drop_text(
                    format!("picture {alt}").trim().to_string(),
                    "picture (DOCX)",
                );
            }
            Element::CodeBlock(c) => {
                self.push_block(&format!("```\n{}\n```", c.content.trim_end()))
            }
            // Breaks and drawn shapes carry no words; the model is `#[non_exhaustive]`.
            _ => {}
        }
    }

    /// A paragraph; the `Title` and `Subtitle` paragraphs keep their line breaks so the
    /// title block reads each line (a title over two lines is joined there).
    fn paragraph(&mut self, p: &Paragraph) {
        // A title's lines, and those of a centred paragraph broken by hand (a cover's
        // "ADVANCE QUESTIONS TO SLOVENIA" / "Generated on 22 Jan 2025 14:31"), are lines
        // of their own, not one run-on line.
        let centred = matches!(
            p.alignment,
            Some(office_oxide::ir::ParagraphAlignment::Center)
        );
        let keeps_lines = centred || is_title_style(p);
        let text = inline(&p.content);
        let text = if keeps_lines {
            strip_emphasis(&text)
        } else {
            text.replace('\n', " ")
        };
        let lines: Vec<String> = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(escape_line_start)
            .collect();
        if !lines.is_empty() {
            self.push_block(&lines.join("\n"));
        }
    }

    /// The level of the headings a paragraph without a heading style is set like: all its
    /// text in one size that only headings of one level use, in bold or not, a line's
    /// length at most and no full stop at its end (Google Docs exports style some section
    /// headings and format others by hand: "4) Les victimes trouvent difficile ..." in
    /// 24-point bold among "1)" to "5)" styled Heading 1).
    fn styled_as_heading(&self, p: &Paragraph) -> Option<usize> {
        let size = uniform_size(&p.content)?;
        let level = self
            .heading_sizes
            .iter()
            .find(|(s, _)| *s == size)
            .map(|(_, level)| *level)?;
        let text = strip_emphasis(&inline(&p.content));
        let text = text.trim();
        let short = text.split_whitespace().count() <= 30 && !text.contains('\n');
        (short && !is_title_style(p) && !text.ends_with('.') && !text.is_empty()).then_some(level)
    }

    fn note(&mut self, n: &Note, prefix: &str) {
        let text = note_text(n);
        if !text.is_empty() {
            self.notes.push(format!("[^{prefix}{}]: {text}", n.id));
        }
    }

    fn drop_header_footer(&mut self, s: &office_oxide::ir::Section) {
        let parts = [
            &s.header,
            &s.footer,
            &s.first_page_header,
            &s.first_page_footer,
            &s.even_page_header,
            &s.even_page_footer,
        ];
        for hf in parts.into_iter().flatten() {
            let mut w = Writer::default();
            w.blocks(&hf.content, 0);
            let text = w.out.split_whitespace().collect::<Vec<_>>().join(" ");
            if !text.is_empty() {
                self.drop_text(text, "running header or footer (DOCX)");
            }
        }
    }

    fn drop_text(&mut self, text: String, rule: &'static str) {
        if self
            .dropped
            .iter()
            .any(|d| d.text == text && d.rule == rule)
        {
            return;
        }
        self.dropped.push(Dropped {
            line: 0,
            text,
            rule,
        });
    }

    fn push_block(&mut self, block: &str) {
        if block.trim().is_empty() {
            return;
        }
        if !self.out.is_empty() {
            self.out.push_str("\n\n");
        }
        self.out.push_str(block);
    }

    fn finish(mut self) -> String {
        let notes = std::mem::take(&mut self.notes);
        for n in notes {
            self.push_block(&n);
        }
        self.out.push('\n');
        self.out
    }
}

/// A paragraph in Word's `Title` or `Subtitle` style.
fn is_title_style(p: &Paragraph) -> bool {
    p.style
        .as_deref()
        .is_some_and(|s| matches!(s.to_ascii_lowercase().as_str(), "title" | "subtitle"))
}

/// The one font size (half points) all of a paragraph's or heading's text is set in.
fn uniform_size(content: &[InlineContent]) -> Option<u32> {
    let mut sizes = content.iter().filter_map(|c| match c {
        InlineContent::Text(t) if !t.text.trim().is_empty() => Some(t.font_size_half_pt),
        _ => None,
    });
    let first = sizes.next()??;
    sizes.all(|s| s == Some(first)).then_some(first)
}

/// Each size that the document's styled headings are set in, with their level, when it
/// is larger than its body text and used by headings of one level only.
fn heading_sizes(ir: &DocumentIR) -> Vec<(u32, usize)> {
    let mut by_size: std::collections::BTreeMap<u32, std::collections::BTreeSet<usize>> =
        Default::default();
    let mut body: std::collections::HashMap<u32, usize> = Default::default();
    for e in ir.sections.iter().flat_map(|s| &s.elements) {
        match e {
            Element::Heading(h) => {
                if let Some(size) = uniform_size(&h.content) {
                    let level = usize::from(h.clamped_level()).clamp(1, 6);
                    by_size.entry(size).or_default().insert(level);
                }
            }
            Element::Paragraph(p) => {
                if let Some(size) = uniform_size(&p.content) {
                    *body.entry(size).or_default() += inline(&p.content).len();
                }
            }
            _ => {}
        }
    }
    let body_size = body.into_iter().max_by_key(|(_, n)| *n).map(|(s, _)| s);
    by_size
        .into_iter()
        .filter(|(size, levels)| levels.len() == 1 && body_size.is_none_or(|b| *size > b))
        .filter_map(|(size, levels)| levels.into_iter().next().map(|l| (size, l)))
        .collect()
}

/// A comment is carried by the model as an endnote labelled "Comment" or
/// "Comment (author)"; it annotates the text and is not part of it.
fn is_comment(marker: &str) -> bool {
    marker.starts_with("Comment")
}

/// A note's text on one line (a footnote definition holds one paragraph here).
fn note_text(n: &Note) -> String {
    let mut w = Writer::default();
    w.blocks(&n.content, 0);
    w.out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A list and its nested lists, indented two spaces per level. Word's `List Bullet 2`
/// (and `List Number 3`, ...) styles are their own level-0 lists drawn further in: their
/// number says the depth.
fn list(l: &List, depth: usize, out: &mut String) {
    for (number, item) in (l.start_number.unwrap_or(1)..).zip(&l.items) {
        let depth = depth.max(usize::from(l.level)).max(style_depth(item));
        let text = item_text(item);
        if text.is_empty() {
        } else if let Some(label) = l.ordered.then(|| lettered_label(l, number)).flatten() {
            // Markdown numbers its lists with figures only: a lettered or roman item is a
            // paragraph of its own that keeps its label ("(b)", "iii."), which texts are
            // cited by.
            out.push_str(&format!("\n{label} {text}\n\n"));
        } else {
            let marker = if l.ordered {
                format!("{number}{}", l.ordered_delimiter())
            } else {
                "-".to_string()
            };
            out.push_str(&format!("{}{marker} {text}\n", "  ".repeat(depth)));
        }
        if let Some(nested) = &item.nested {
            list(nested, depth + 1, out);
        }
    }
}

/// The label of a list item numbered with letters or roman numerals, drawn as the list's
/// marker pattern draws it ("(%1)" gives "(b)"); `None` for figures.
fn lettered_label(l: &List, number: u32) -> Option<String> {
    let counter = match l.style.as_ref()? {
        ListStyle::LowerAlpha => letters(number),
        ListStyle::UpperAlpha => letters(number).to_uppercase(),
        ListStyle::LowerRoman => roman(number),
        ListStyle::UpperRoman => roman(number).to_uppercase(),
        _ => return None,
    };
    let pattern = l.marker_pattern.as_deref().unwrap_or("%1.");
    let counters = pattern.matches('%').count();
    Some(match pattern.find('%') {
        // One counter, this level's: "%1)", "(%1)".
        Some(at)
            if counters == 1 && pattern[at + 1..].starts_with(|c: char| c.is_ascii_digit()) =>
        {
            format!("{}{counter}{}", &pattern[..at], &pattern[at + 2..])
        }
        _ => format!("{counter}."),
    })
}

/// 1 is "a", 26 "z", 27 "aa" (as Word counts).
fn letters(n: u32) -> String {
    let letter = char::from(b'a' + ((n.max(1) - 1) % 26) as u8);
    letter
        .to_string()
        .repeat(((n.max(1) - 1) / 26 + 1) as usize)
}

fn roman(mut n: u32) -> String {
    const NUMERALS: &[(u32, &str)] = &[
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut out = String::new();
    for (value, numeral) in NUMERALS {
        while n >= *value {
            out.push_str(numeral);
            n -= value;
        }
    }
    out
}

fn item_text(item: &ListItem) -> String {
    item.content
        .iter()
        .filter_map(|e| match e {
            Element::Paragraph(p) => Some(inline(&p.content).replace('\n', " ")),
            Element::Heading(h) => Some(inline(&h.content)),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join(" ")
        .trim()
        .to_string()
}

/// The depth Word's numbered list styles carry in their name: "List Bullet 2" is 1.
fn style_depth(item: &ListItem) -> usize {
    let style = item.content.iter().find_map(|e| match e {
        Element::Paragraph(p) => p.style.as_deref(),
        _ => None,
    });
    style
        .and_then(|s| s.strip_prefix("List "))
        .and_then(|s| s.rsplit_once(' '))
        .and_then(|(_, n)| n.parse::<usize>().ok())
        .filter(|n| (2..=9).contains(n))
        .map_or(0, |n| n - 1)
}

/// A table as a Markdown pipe table, its first row the header; a cell's paragraphs on one
/// line.
fn table(t: &Table) -> String {
    if t.rows.iter().all(|r| r.cells.len() <= 1) {
        return boxed(t);
    }
    let rows: Vec<Vec<String>> = t
        .rows
        .iter()
        .map(|r| {
            r.cells
                .iter()
                .map(|c| {
                    let mut w = Writer::default();
                    w.blocks(&c.content, 0);
                    let text = w.out.split_whitespace().collect::<Vec<_>>().join(" ");
                    text.replace('|', "\\|")
                })
                .collect()
        })
        .filter(|r: &Vec<String>| r.iter().any(|c| !c.is_empty()))
        .collect();
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    if width == 0 {
        return String::new();
    }
    let mut out = String::new();
    for (i, row) in rows.iter().enumerate() {
        let mut cells = row.clone();
        cells.resize(width, String::new());
        out.push_str(&format!("| {} |\n", cells.join(" | ")));
        if i == 0 {
            out.push_str(&format!("|{}\n", " --- |".repeat(width)));
        }
    }
    out.trim_end().to_string()
}

/// A table of one column: a box set around text (a case study, a callout), not a grid.
/// Its paragraphs are a block quote, each kept apart; a heading in it is a bold line.
fn boxed(t: &Table) -> String {
    let mut w = Writer::default();
    for cell in t.rows.iter().flat_map(|r| &r.cells) {
        w.blocks(&cell.content, 0);
    }
    let paragraphs: Vec<String> = w
        .out
        .split("\n\n")
        .map(|block| {
            let line = block.split_whitespace().collect::<Vec<_>>().join(" ");
            match line.strip_prefix('#') {
                Some(heading) => format!("**{}**", heading.trim_start_matches('#').trim()),
                None => line,
            }
        })
        .filter(|p| !p.is_empty())
        .collect();
    paragraphs
        .iter()
        .map(|p| format!("> {p}"))
        .collect::<Vec<_>>()
        .join("\n>\n")
}

/// Inline content as Markdown: text escaped, bold and italic, links, footnote markers.
/// A line break is kept as `\n` (the caller decides what it means).
fn inline(content: &[InlineContent]) -> String {
    let mut out = String::new();
    // Word splits runs anywhere (spelling marks, revisions: "prac" + "tical"); runs that
    // look alike are one span, or their emphasis would read `**prac****tical**`.
    let mut pending: Option<TextSpan> = None;
    let flush = |pending: &mut Option<TextSpan>, out: &mut String| {
        if let Some(span) = pending.take() {
            out.push_str(&span_markdown(&span));
        }
    };
    for c in content {
        if let InlineContent::Text(span) = c {
            match &mut pending {
                Some(p) if looks_alike(p, span) => p.text.push_str(&span.text),
                _ => {
                    flush(&mut pending, &mut out);
                    pending = Some(span.clone());
                }
            }
            continue;
        }
        flush(&mut pending, &mut out);
        match c {
            InlineContent::LineBreak => out.push('\n'),
            InlineContent::FootnoteRef(r) => out.push_str(&format!("[^{}]", r.note_id)),
            InlineContent::EndnoteRef(r) => out.push_str(&format!("[^e{}]", r.note_id)),
            // Comment anchors and whatever a newer model adds carry no words of the body.
            _ => {}
        }
    }
    flush(&mut pending, &mut out);
    super::settle_emphasis(&out)
}

/// Two runs that render the same: same emphasis, same link.
fn looks_alike(a: &TextSpan, b: &TextSpan) -> bool {
    a.bold == b.bold && a.italic == b.italic && a.hyperlink == b.hyperlink
}

/// One run: escaped, then emphasised with its edge spaces kept outside the delimiters
/// (`** word**` is not bold in Markdown), then linked.
fn span_markdown(span: &TextSpan) -> String {
    let text = escape(&span.text);
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return text;
    }
    let lead = &text[..text.len() - text.trim_start().len()];
    let trail = &text[text.trim_end().len()..];
    let mut core = trimmed.to_string();
    // What stands beside the run is another run's: a space on a side is known, nothing
    // else is until the paragraph is whole (see `emphasis`).
    let (open_known, close_known) = (!lead.is_empty(), !trail.is_empty());
    for (on, delim) in [(span.italic, "*"), (span.bold, "**")] {
        if on {
            core = super::emphasis(&core, delim, open_known, close_known);
        }
    }
    if let Some(url) = span.hyperlink.as_deref().filter(|u| is_web_link(u)) {
        core = format!("[{core}](<{}>)", url.replace(['<', '>', ' '], ""));
    }
    format!("{lead}{core}{trail}")
}

/// Links worth keeping: to the web or a mailbox (an internal bookmark `#_Toc...` is not).
fn is_web_link(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("mailto:")
}

/// Text that must stay text: Markdown's inline punctuation escaped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '~' | '|' => {
                out.push('\\');
                out.push(c);
            }
            '&' if chars
                .peek()
                .is_some_and(|n| n.is_ascii_alphanumeric() || *n == '#') =>
            {
                out.push_str("\\&")
            }
            '\t' | '\u{A0}' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// Headings and title lines are bold in their style already: emphasis markers there only
/// get in the way of the title block and anchors.
fn strip_emphasis(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut prev = '\0';
    for c in text.chars() {
        if c == '*' && prev != '\\' {
            continue;
        }
        out.push(c);
        prev = c;
    }
    out
}

/// What would turn the start of a line into markup (a heading, a list item) is escaped.
fn escape_line_start(line: &str) -> String {
    super::html::escape_line_start(line)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_keep_their_spaces_outside_emphasis() {
        let span = TextSpan {
            text: " practical cooperation ".into(),
            bold: true,
            ..TextSpan::default()
        };
        assert_eq!(span_markdown(&span), " **practical cooperation** ");
    }

    #[test]
    fn a_bold_run_ending_on_a_mark_before_a_word_keeps_the_mark_outside() {
        let run = |text: &str, on: bool| {
            InlineContent::Text(TextSpan {
                text: text.into(),
                bold: on,
                italic: on,
                ..TextSpan::default()
            })
        };
        let md = inline(&[run("Note: “", true), run("quoted", false)]);
        assert_eq!(md, "***Note***: “quoted");
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new(&md));
        assert!(html.contains("<em><strong>Note</strong></em>"), "{html}");
        // Before a space the mark stays inside: nothing needed moving.
        let md = inline(&[run("Note:", true), run(" quoted", false)]);
        assert_eq!(md, "***Note:*** quoted");
    }

    #[test]
    fn runs_split_by_word_are_one_span() {
        let run = |text: &str, bold: bool| {
            InlineContent::Text(TextSpan {
                text: text.into(),
                bold,
                ..TextSpan::default()
            })
        };
        let content = [run("prac", true), run("tical ", true), run("work", false)];
        assert_eq!(inline(&content), "**practical** work");
    }

    #[test]
    fn markup_in_text_stays_text() {
        assert_eq!(
            escape("a *b* [c] <d> 5_000"),
            "a \\*b\\* \\[c\\] \\<d\\> 5\\_000"
        );
        assert_eq!(escape_line_start("1. not a list"), "1\\. not a list");
    }

    #[test]
    fn lettered_and_roman_items_keep_their_labels() {
        let list = |style: ListStyle, pattern: Option<&str>| List {
            ordered: true,
            items: Vec::new(),
            start_number: None,
            style: Some(style),
            level: 0,
            marker_pattern: pattern.map(str::to_string),
            marker_alignment: None,
        };
        assert_eq!(
            lettered_label(&list(ListStyle::LowerAlpha, None), 2).as_deref(),
            Some("b.")
        );
        assert_eq!(
            lettered_label(&list(ListStyle::LowerAlpha, Some("(%1)")), 28).as_deref(),
            Some("(bb)")
        );
        assert_eq!(
            lettered_label(&list(ListStyle::UpperRoman, Some("%1)")), 14).as_deref(),
            Some("XIV)")
        );
        assert_eq!(lettered_label(&list(ListStyle::Decimal, None), 2), None);
    }

    #[test]
    fn list_styles_carry_their_depth() {
        let item = |style: &str| ListItem {
            content: vec![Element::Paragraph(Paragraph {
                style: Some(style.into()),
                ..Paragraph::default()
            })],
            nested: None,
        };
        assert_eq!(style_depth(&item("List Bullet 2")), 1);
        assert_eq!(style_depth(&item("List Number 3")), 2);
        assert_eq!(style_depth(&item("List Bullet")), 0);
        assert_eq!(style_depth(&item("List Paragraph")), 0);
    }
}
