//! Markdown, with the front matter Jekyll, Hugo and Zola write (`---` YAML or `+++` TOML).
//! The source's own fields are mapped onto dossier's (`title`, `date`, `author(s)`,
//! `description`/`summary`, `tags`, `lang`, `url`/`source_url`, ...); what has no place is
//! kept in [`SourceMeta::extra`] rather than dropped. The body stays Markdown.

use std::collections::BTreeMap;
use std::path::Path;

use once_cell::sync::Lazy;
use regex::Regex;
use serde_yaml::Value;

use super::super::normalize::Dropped;
use super::super::source::{Format, Source, SourceMeta};
use crate::content::PartialDate;
use crate::error::Warning;

/// The front-matter block at the top of a text, if it has one.
pub struct FrontMatter<'a> {
    pub syntax: Syntax,
    /// The text between the fences.
    pub block: &'a str,
    /// The body after the closing fence.
    pub body: &'a str,
    /// Lines taken by the block and its fences.
    pub lines: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    Yaml,
    Toml,
}

/// Find a `---`/`+++` front-matter block at the very top (after an optional BOM).
pub fn split_front_matter(text: &str) -> Option<FrontMatter<'_>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (syntax, fence) = if text.starts_with("---") {
        (Syntax::Yaml, "---")
    } else if text.starts_with("+++") {
        (Syntax::Toml, "+++")
    } else {
        return None;
    };
    let first_end = text.find('\n')?;
    if text[..first_end].trim_end() != fence {
        return None;
    }
    let mut offset = first_end + 1;
    for (lines, line) in (2..).zip(text[offset..].split_inclusive('\n')) {
        let t = line.trim_end();
        let closes = t == fence || (syntax == Syntax::Yaml && t == "...");
        if closes {
            let block = &text[first_end + 1..offset];
            let body = &text[offset + line.len()..];
            return Some(FrontMatter {
                syntax,
                block,
                body,
                lines,
            });
        }
        offset += line.len();
    }
    None
}

/// Read a Markdown seed: its front matter (if any) into [`SourceMeta`], its body as is.
pub fn read(path: &Path, text: String) -> Source {
    let mut warnings = Vec::new();
    let mut dropped = Vec::new();
    let Some(fm) = split_front_matter(&text) else {
        return Source {
            format: Format::Markdown,
            text: authored_body(&text, 0, &mut dropped),
            line_offset: 0,
            meta: SourceMeta::default(),
            dropped,
            warnings,
        };
    };
    let mut replaced = None;
    let parsed = parse_block(fm.syntax, fm.block).or_else(|message| {
        // A key given twice: the last one counts, as Jekyll and Hugo read it; the
        // others are kept under `source_meta.front_matter_replaced`.
        let d = last_of_each_key(fm.block).ok_or(message)?;
        let map = parse_block(fm.syntax, &d.block)?;
        let twice = d.twice;
        replaced = Some(d.replaced);
        warnings.push(Warning {
            path: path.to_path_buf(),
            line: Some(1),
            message: format!(
                "the front matter gives {} more than once; the last one is used, as Jekyll and Hugo use it. Remove the others",
                twice.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
            ),
        });
        Ok::<_, String>(map)
    });
    let (meta, excerpt_separator) = match parsed {
        Ok(map) => {
            let (mut meta, separator) = map_fields(map, path, &mut warnings);
            if let Some(r) = replaced {
                meta.extra
                    .insert("front_matter_replaced".into(), Value::String(r));
            }
            (meta, separator)
        }
        Err(message) => {
            warnings.push(Warning {
                path: path.to_path_buf(),
                line: Some(1),
                message: format!(
                    "the front matter could not be read ({message}); it is kept as `source_meta.front_matter` and the text is read without it. Fix the block or move the fields to a sidecar"
                ),
            });
            let mut meta = SourceMeta {
                origin: "front matter",
                ..SourceMeta::default()
            };
            meta.extra
                .insert("front_matter".into(), Value::String(fm.block.to_string()));
            (meta, None)
        }
    };
    let body = authored_body(fm.body, fm.lines, &mut dropped);
    let body = strip_separators(&body, excerpt_separator.as_deref(), fm.lines, &mut dropped);
    Source {
        format: Format::Markdown,
        text: body,
        line_offset: fm.lines,
        meta,
        dropped,
        warnings,
    }
}

/// The body as dossier's block model reads it, from Markdown as its author wrote it for
/// a site: hidden comments out, raw HTML blocks and `<br>` breaks written as Markdown,
/// list items' further paragraphs kept in their item, heading marks spaced, attribute
/// syntax out. `offset` is the number of lines above the body (its front matter).
fn authored_body(body: &str, offset: usize, dropped: &mut Vec<Dropped>) -> String {
    let mut body = body.to_string();
    for hidden in [&COMMENT, &STYLE, &SCRIPT, &LIQUID_TAG] {
        body = without_hidden(&body, offset, dropped, hidden);
    }
    let body = without_wordpress_captions(&body, offset, dropped);
    let body = without_mdx(&body, offset, dropped);
    let body = admonitions_as_quotes(&body);
    let body = html_blocks_as_markdown(&body);
    let body = breaks_as_markdown(&body);
    let body = items_with_their_paragraphs(&body);
    without_attributes(&headings_spaced(&body))
}

/// MkDocs' admonitions (`!!! tip "Tip"`, `??? note` that opens folded, `???+`) over their
/// text indented four spaces, written as quotations that open on their title in bold,
/// as the page shows them: the indented text had been read as code, its links dead, and
/// the marker line as text. An admonition without a title is titled by its kind, as
/// MkDocs titles it ("Note"); with an empty one (`""`), by nothing. Line for line, so
/// line numbers hold; nested ones too.
fn admonitions_as_quotes(body: &str) -> String {
    static MARKER: Lazy<Regex> = Lazy::new(|| {
        Regex::new(
            r#"^(?:!!!|\?\?\?\+?)[ \t]+([\w-]+)(?:[ \t]+[\w-]+)*(?:[ \t]+"([^"]*)")?[ \t]*$"#,
        )
        .unwrap()
    });
    if !body.contains("!!!") && !body.contains("???") {
        return body.to_string();
    }
    let lines: Vec<&str> = body.split('\n').collect();
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    let mut fenced = false;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if super::super::metadata::is_code_fence(line) {
            fenced = !fenced;
        }
        let Some(c) = MARKER.captures(line.trim_end()).filter(|_| !fenced) else {
            out.push(line.to_string());
            i += 1;
            continue;
        };
        let title = match c.get(2) {
            Some(t) => t.as_str().trim().to_string(),
            None => super::super::metadata::capitalise_first(&c[1]),
        };
        // The text: the lines indented four spaces (or a tab), blank lines among them.
        let mut end = i + 1;
        while end < lines.len() {
            let l = lines[end];
            if l.trim().is_empty() || l.starts_with("    ") || l.starts_with('\t') {
                end += 1;
            } else {
                break;
            }
        }
        while end > i + 1 && lines[end - 1].trim().is_empty() {
            end -= 1;
        }
        let inner: Vec<&str> = lines[i + 1..end]
            .iter()
            .map(|l| {
                l.strip_prefix("    ")
                    .or_else(|| l.strip_prefix('\t'))
                    .unwrap_or(l.trim_start())
            })
            .collect();
        out.push(if title.is_empty() {
            ">".into()
        } else {
            format!("> **{title}**")
        });
        let inner = admonitions_as_quotes(&inner.join("\n"));
        for l in inner.split('\n').take(end - i - 1) {
            out.push(if l.trim().is_empty() {
                ">".into()
            } else {
                format!("> {l}")
            });
        }
        i = end;
    }
    out.join("\n")
}

/// Whether byte `at` of `line` is outside inline code (an even number of backticks
/// before it).
fn outside_code(line: &str, at: usize) -> bool {
    line[..at].matches('`').count().is_multiple_of(2)
}

/// A span of an author's Markdown that is never text on the page it was written for:
/// where it opens and closes (ASCII, matched in any case), and how it is reported.
struct Hidden {
    open: &'static str,
    close: &'static str,
    rule: &'static str,
    /// Whether the opening found at this byte of the line is none after all.
    not_here: fn(&str, usize) -> bool,
    /// Whether one never closed hides the rest of the text, as a browser reads an
    /// unclosed comment; otherwise it was text after all ("the <script> element").
    unclosed_hides_rest: bool,
}

/// HTML comments (`<!-- ... -->`, within a line or over several): an author's notes, a
/// table of contents commented out. A summary divider (`<!--more-->`) is left for
/// [`strip_separators`], which reports it as such.
const COMMENT: Hidden = Hidden {
    open: "<!--",
    close: "-->",
    rule: "HTML comment (hidden on the page)",
    not_here: |line, at| is_summary_divider(&line[at..]),
    unclosed_hides_rest: true,
};

/// A page's own style sheet and scripts, written into its Markdown (a Jekyll page's
/// `<style>` and copy-button `<script>`): code, never text.
const STYLE: Hidden = Hidden {
    open: "<style",
    close: "</style>",
    rule: "style sheet (code, not text)",
    not_here: |line, at| !ends_a_tag_name(&line[at + "<style".len()..]),
    unclosed_hides_rest: false,
};
const SCRIPT: Hidden = Hidden {
    open: "<script",
    close: "</script>",
    rule: "script (code, not text)",
    not_here: |line, at| !ends_a_tag_name(&line[at + "<script".len()..]),
    unclosed_hides_rest: false,
};

/// A Liquid tag of Jekyll's templates (`{% include back-to-top.html %}`): the site's
/// code. (Hugo's shortcodes, `{{% ... %}}`, are read by [`without_shortcodes`], so a
/// `{%` after a brace is none.)
const LIQUID_TAG: Hidden = Hidden {
    open: "{%",
    close: "%}",
    rule: "template tag (the site's code)",
    not_here: |line, at| line[..at].ends_with('{'),
    unclosed_hides_rest: false,
};

/// WordPress's caption shortcode around an image and its caption (`[caption id="..."
/// align="aligncenter" width="500"]<img ...> Caption[/caption]`, as a WordPress export to
/// Jekyll leaves it): the markup is the site's, dropped and reported; the caption stays.
fn without_wordpress_captions(body: &str, offset: usize, dropped: &mut Vec<Dropped>) -> String {
    static CAPTION: Lazy<Regex> =
        Lazy::new(|| Regex::new(r#"\[caption(?:\s[^\]\n]*)?\]|\[/caption\]"#).unwrap());
    if !body.contains("[caption") {
        return body.to_string();
    }
    let mut out = String::with_capacity(body.len());
    let mut last = 0;
    for m in CAPTION.find_iter(body) {
        out.push_str(&body[last..m.start()]);
        dropped.push(Dropped {
            line: offset + 1 + body[..m.start()].matches('\n').count(),
            text: m.as_str().to_string(),
            rule: "WordPress shortcode (the site's markup)",
        });
        last = m.end();
    }
    out.push_str(&body[last..]);
    out
}

/// Whether a tag's name ends where `after` starts (`<style>`, `<script src=...>`, or at
/// the line's end), not inside a longer name (`<stylesheet>`).
fn ends_a_tag_name(after: &str) -> bool {
    after.is_empty() || after.starts_with(['>', '/', ' ', '\t'])
}

/// Spans hidden on the page the Markdown was written for (see [`Hidden`]): shown, they
/// would be text the author never published, so they are dropped and reported. Their
/// lines are kept (empty), so the lines after keep their numbers. Code blocks and code
/// spans keep them.
fn without_hidden(
    body: &str,
    offset: usize,
    dropped: &mut Vec<Dropped>,
    hidden: &Hidden,
) -> String {
    if !body.to_ascii_lowercase().contains(hidden.open) {
        return body.to_string();
    }
    let report = |text: &str, closed: bool| {
        let text = super::html::collapse(text);
        let text = format!("{} {text}", hidden.open.trim_end());
        if closed {
            format!("{text} {}", hidden.close)
        } else {
            text
        }
    };
    let mut out = String::with_capacity(body.len());
    let mut fenced = false;
    // The span being read: its first line and its text so far.
    let mut open: Option<(usize, String)> = None;
    // Where the line it opened on starts, in `body` and in `out`, and the entries
    // reported before it: where to go back to if it is never closed and is text.
    let mut opened_at = (0, 0, 0);
    let mut at = 0;
    for (i, line) in body.split_inclusive('\n').enumerate() {
        let line_start = (at, out.len(), dropped.len());
        at += line.len();
        let no = offset + i + 1;
        let (content, newline) = match line.strip_suffix('\n') {
            Some(c) => (c, "\n"),
            None => (line, ""),
        };
        if open.is_none() && super::super::metadata::is_code_fence(content) {
            fenced = !fenced;
        }
        if fenced {
            out.push_str(line);
            continue;
        }
        let mut rest = content;
        let mut kept = String::new();
        loop {
            if let Some((first, text)) = open.as_mut() {
                match rest.to_ascii_lowercase().find(hidden.close) {
                    Some(end) => {
                        text.push(' ');
                        text.push_str(&rest[..end]);
                        dropped.push(Dropped {
                            line: *first,
                            text: report(text, true),
                            rule: hidden.rule,
                        });
                        open = None;
                        rest = &rest[end + hidden.close.len()..];
                    }
                    None => {
                        text.push(' ');
                        text.push_str(rest);
                        break;
                    }
                }
            }
            let start = rest
                .to_ascii_lowercase()
                .match_indices(hidden.open)
                .map(|(k, _)| k)
                .find(|&k| outside_code(rest, k) && !(hidden.not_here)(rest, k));
            let Some(start) = start else {
                kept.push_str(rest);
                break;
            };
            kept.push_str(&rest[..start]);
            rest = &rest[start + hidden.open.len()..];
            open = Some((no, String::new()));
            opened_at = line_start;
        }
        if kept.trim().is_empty() {
            out.push_str(newline);
        } else {
            out.push_str(kept.trim_end());
            out.push_str(newline);
        }
    }
    if let Some((first, text)) = open {
        if !hidden.unclosed_hides_rest {
            let (in_body, in_out, reported) = opened_at;
            out.truncate(in_out);
            dropped.truncate(reported);
            out.push_str(&body[in_body..]);
            return out;
        }
        // Never closed: the rest of the text is inside it, as a browser reads it.
        dropped.push(Dropped {
            line: first,
            text: report(&text, false),
            rule: hidden.rule,
        });
    }
    out
}

/// `<!--more-->` (Jekyll, Hugo) or `<!--truncate-->` (Docusaurus), spaces allowed: where
/// a listing's excerpt ends.
fn is_summary_divider(from: &str) -> bool {
    let compact: String = from
        .chars()
        .take(40)
        .filter(|c| !c.is_whitespace())
        .collect();
    let compact = compact.to_ascii_lowercase();
    compact.starts_with("<!--more-->") || compact.starts_with("<!--truncate-->")
}

/// `<br>` (`<br/>`, `<br />`) written as Markdown's line break, a backslash at the line's
/// end: raw HTML is shown as text on the site, and a tag taken out would run the lines
/// together (a letter's nineteen signatories on one line, a quotation's attribution glued
/// to its last word). A break inside a line starts a new line with the same quotation
/// marks or item indent before it. In a table row, where a cell cannot break, it is a
/// space. Code is left alone.
fn breaks_as_markdown(body: &str) -> String {
    static BR: Lazy<Regex> = Lazy::new(|| Regex::new(r"(?i)[ \t]*<br\s*/?>[ \t]*").unwrap());
    static CONTAINER: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"^(?:[ \t]*>[ \t]?)*(?:[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+)?").unwrap()
    });
    if !body.to_ascii_lowercase().contains("<br") {
        return body.to_string();
    }
    let mut out = String::with_capacity(body.len());
    let mut fenced = false;
    for line in body.split_inclusive('\n') {
        let (content, newline) = match line.strip_suffix('\n') {
            Some(c) => (c, "\n"),
            None => (line, ""),
        };
        if super::super::metadata::is_code_fence(content) {
            fenced = !fenced;
        }
        let breaks: Vec<_> = BR
            .find_iter(content)
            .filter(|m| outside_code(content, m.start()))
            .collect();
        if fenced || breaks.is_empty() {
            out.push_str(line);
            continue;
        }
        if content.trim_start().starts_with('|') {
            let mut row = String::with_capacity(content.len());
            let mut at = 0;
            for m in &breaks {
                row.push_str(&content[at..m.start()]);
                row.push(' ');
                at = m.end();
            }
            row.push_str(&content[at..]);
            out.push_str(&row);
            out.push_str(newline);
            continue;
        }
        // The marks that keep a new line in the same quotation or list item.
        let container = CONTAINER.find(content).map_or("", |m| m.as_str());
        let go_on: String = container
            .chars()
            .map(|c| {
                if c == '>' || c == ' ' || c == '\t' {
                    c
                } else {
                    ' '
                }
            })
            .collect();
        let mut pieces: Vec<&str> = Vec::new();
        let mut at = 0;
        for m in &breaks {
            pieces.push(&content[at..m.start()]);
            at = m.end();
        }
        pieces.push(&content[at..]);
        // Breaks at the line's end are one break; so are breaks in a row.
        let pieces: Vec<&str> = pieces
            .into_iter()
            .filter(|p| !p.trim().is_empty())
            .collect();
        let ends_broken = content[breaks.last().map_or(0, |m| m.end())..]
            .trim()
            .is_empty();
        for (k, piece) in pieces.iter().enumerate() {
            if k > 0 {
                out.push_str(&go_on);
            }
            out.push_str(piece);
            if k + 1 < pieces.len() || ends_broken {
                out.push('\\');
            }
            if k + 1 < pieces.len() {
                out.push('\n');
            }
        }
        out.push_str(newline);
    }
    out
}

/// A list item's further paragraphs (after a blank line, indented to the item's text)
/// kept in their item: the block model holds one paragraph an item, so they go on after
/// a line break, as a Word item's indented explanation does (their blank lines move to
/// after the item, so the lines after keep their numbers). A list indented one to three
/// spaces, which CommonMark reads as at the margin, is moved to the margin, so its items'
/// depths are read from their own indents.
fn items_with_their_paragraphs(body: &str) -> String {
    static ITEM: Lazy<Regex> = Lazy::new(|| Regex::new(r"^( *)([-*+]|\d{1,9}[.)])( +)\S").unwrap());
    let lines: Vec<&str> = body.split('\n').collect();
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    let mut fenced = false;
    // The list being read: its margin (the first item's indent, 0 to 3) and the text
    // column of its last item.
    let mut list: Option<(usize, usize)> = None;
    // Blank lines taken from inside the current item, given back after it.
    let mut held = 0;
    let give_back = |out: &mut Vec<String>, held: &mut usize| {
        out.extend((0..std::mem::take(held)).map(|_| String::new()));
    };
    let lead = |l: &str| l.len() - l.trim_start_matches(' ').len();
    for (i, &line) in lines.iter().enumerate() {
        if super::super::metadata::is_code_fence(line) {
            fenced = !fenced;
        }
        if fenced {
            list = None;
            give_back(&mut out, &mut held);
            out.push(line.to_string());
            continue;
        }
        let blank = line.trim().is_empty();
        let item = ITEM.captures(line);
        match (list, &item) {
            // An item set one to three spaces in is at the list's margin, whatever the
            // items before it were set at.
            (_, Some(c)) if c[1].len() <= 3 => {
                give_back(&mut out, &mut held);
                let margin = c[1].len();
                list = Some((margin, c[0].len() - 1 - margin));
                out.push(line[margin..].to_string());
            }
            (None, _) => out.push(line.to_string()),
            // Set further in than three spaces (so than the margin): nested.
            (Some((margin, _)), Some(c)) => {
                give_back(&mut out, &mut held);
                list = Some((margin, c[0].len() - 1 - margin));
                out.push(line[margin..].to_string());
            }
            (Some((margin, column)), None) if blank => {
                // Inside the item only if an indented paragraph follows.
                let next = lines[i + 1..].iter().position(|l| !l.trim().is_empty());
                let goes_on = next.is_some_and(|k| {
                    let n = lines[i + 1 + k];
                    lead(n) >= margin + column
                        && !ITEM.is_match(n)
                        && !super::super::metadata::is_code_fence(n)
                });
                let to_item = next.is_some_and(|k| ITEM.is_match(lines[i + 1 + k]));
                if goes_on {
                    held += 1;
                    let last_blank = lines.get(i + 1).is_some_and(|l| !l.trim().is_empty());
                    if last_blank {
                        // The paragraph goes on in the item after a line break.
                        if let Some(last) = out.iter_mut().rev().find(|l| !l.trim().is_empty()) {
                            if !super::super::metadata::ends_with_hard_break(last) {
                                let t = last.trim_end().to_string();
                                *last = format!("{t}\\");
                            }
                        }
                    }
                } else {
                    give_back(&mut out, &mut held);
                    if !to_item {
                        list = None;
                    }
                    out.push(String::new());
                }
            }
            (Some((margin, _)), None) => {
                let shift = lead(line).min(margin);
                out.push(line[shift..].to_string());
            }
        }
    }
    give_back(&mut out, &mut held);
    out.join("\n")
}

/// The raw HTML blocks of a Markdown text (`<div ...>`, `<p dir="rtl">`, `<table>` ... up
/// to the next blank line, as CommonMark reads them) written as Markdown, as a saved web
/// page's are: their links, emphasis, quotations and tables kept, no tag left to strip
/// (which left a hard break where each `<p>` had been). Code blocks are left alone; a block
/// written in fewer lines is padded with blank ones, so the lines after it keep their
/// numbers in reports.
fn html_blocks_as_markdown(body: &str) -> String {
    static BLOCK_START: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"(?i)^ {0,3}</?(?:div|p|table|blockquote|ul|ol|dl|figure|section|article|aside|center|details|h[1-6])(?:[\s>/]|$)").unwrap()
    });
    if !body.contains('<') {
        return body.to_string();
    }
    let lines: Vec<&str> = body.split('\n').collect();
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    let mut fenced = false;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if super::super::metadata::is_code_fence(line) {
            fenced = !fenced;
        }
        if fenced || !BLOCK_START.is_match(line) {
            out.push(line.to_string());
            i += 1;
            continue;
        }
        let end = (i..lines.len())
            .find(|&j| lines[j].trim().is_empty())
            .unwrap_or(lines.len());
        if let Some(inner) = markdown_in_a_wrapper(&lines[i..end], &mut fenced) {
            out.extend(inner);
            i = end;
            continue;
        }
        let html = lines[i..end].join("\n");
        let markdown = super::html::fragment_to_markdown(&html, None);
        let converted: Vec<&str> = markdown.trim_end().split('\n').collect();
        let count = converted.len();
        out.extend(converted.into_iter().map(str::to_string));
        out.extend((count..end - i).map(|_| String::new()));
        i = end;
    }
    out.join("\n")
}

/// A block that only wraps Markdown in tags set alone on their lines (`<p dir="rtl">`
/// over "## الفهرس" and a list, as sites that mix directions write it): the wrapper sets
/// the direction, the lines in it are the author's Markdown (their headings had been
/// printed as "\## الفهرس", a code block flattened into a paragraph). Gives the block's
/// lines as Markdown, the wrapper's lines empty, or `None` for a block that is HTML.
/// `fenced` follows a code fence opened inside.
fn markdown_in_a_wrapper(block: &[&str], fenced: &mut bool) -> Option<Vec<String>> {
    static WRAPPER: Lazy<Regex> =
        Lazy::new(|| Regex::new(r"(?i)^ {0,3}<(?:p|div)(?:\s[^<>]*)?>\s*$").unwrap());
    static CLOSING: Lazy<Regex> = Lazy::new(|| Regex::new(r"(?i)^\s*</(?:p|div)>\s*$").unwrap());
    static MARKDOWN_BLOCK: Lazy<Regex> =
        Lazy::new(|| Regex::new(r"^ {0,3}(?:#{1,6}\s|[*+-]\s|\d{1,3}[.)]\s|```|~~~)").unwrap());
    // The block opens with the wrapper (perhaps after the closing tag of the one before).
    let opening = block.iter().find(|l| !CLOSING.is_match(l))?;
    if !WRAPPER.is_match(opening) || !block.iter().any(|l| MARKDOWN_BLOCK.is_match(l)) {
        return None;
    }
    let mut out = Vec::with_capacity(block.len());
    for line in block {
        if super::super::metadata::is_code_fence(line) {
            *fenced = !*fenced;
            out.push(line.to_string());
        } else if *fenced || MARKDOWN_BLOCK.is_match(line) {
            out.push(line.to_string());
        } else if CLOSING.is_match(line) || WRAPPER.is_match(line) {
            out.push(String::new());
        } else {
            let markdown = super::html::fragment_to_markdown(line, None);
            out.push(super::html::collapse(&markdown));
        }
    }
    Some(out)
}

/// "####USE OF TERMS": a heading whose marks some converters write without the space
/// CommonMark asks for (it would show them as text). Two marks or more, then a letter or
/// digit: one mark before a word is a hashtag ("#OpenData"). Code blocks are left alone.
fn headings_spaced(body: &str) -> String {
    static UNSPACED: Lazy<Regex> =
        Lazy::new(|| Regex::new(r"^( {0,3}#{2,6})([\p{L}\p{N}])").unwrap());
    if !body.contains("##") {
        return body.to_string();
    }
    let mut fenced = false;
    let mut out = String::with_capacity(body.len() + 64);
    for line in body.split_inclusive('\n') {
        if super::super::metadata::is_code_fence(line) {
            fenced = !fenced;
        }
        if fenced {
            out.push_str(line);
        } else {
            out.push_str(&UNSPACED.replace(line, "$1 $2"));
        }
    }
    out
}

/// Pandoc's and kramdown's attribute syntax taken out, code blocks left alone: a span's
/// attributes with its brackets (`[text]{.smallcaps}` is "text"), those of a link, an
/// image or inline code (`[a](u){.btn}`, `{target="_blank"}`), kramdown's attribute lines
/// (`{: .note}`) and fenced divs' and admonitions' marker lines (`::: {.warning}`, `:::note`,
/// `:::`; an admonition's title stays, in bold). They style a
/// page; in a digest they would show as text. A heading's `{#id}` stays: the site reads
/// it. Marker lines are left empty, so the lines after them keep their numbers, except
/// after an attribute list wrapped over lines (pandoc wraps long ones).
fn without_attributes(body: &str) -> String {
    const ATTRS: &str = r#"\{:?\s*(?:(?:[#.][\w:-]+|[\w-]+=(?:"[^"]*"|'[^']*'|[^\s}"']+))\s*)+\}"#;
    static SPAN: Lazy<Regex> =
        Lazy::new(|| Regex::new(&format!(r"\[([^\[\]]*)\]{ATTRS}")).unwrap());
    static AFTER: Lazy<Regex> = Lazy::new(|| Regex::new(&format!(r"([\])`]){ATTRS}")).unwrap());
    static MARKER_LINE: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"^[ \t]*(?::{3,}[ \t]*(?:\{[^}]*\}|[\w-]+)?|\{:[^}]*\})[ \t]*$").unwrap()
    });
    static TITLED_MARKER: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"^[ \t]*:{3,}[\w-]+(?:\[([^\]]*[^\s\]][^\]]*)\]|[ \t]+([^\s{:].*?))[ \t]*$")
            .unwrap()
    });
    if !body.contains('{') && !body.contains(":::") {
        return body.to_string();
    }
    let mut out = String::with_capacity(body.len());
    let mut prose = String::new();
    let mut fenced = false;
    let flush = |prose: &mut String, out: &mut String| {
        let mut text = std::mem::take(prose);
        // Innermost spans first: `[[a]{.x} b]{.y}`.
        loop {
            let next = SPAN.replace_all(&text, "$1");
            if next == text {
                break;
            }
            text = next.into_owned();
        }
        out.push_str(&AFTER.replace_all(&text, "$1"));
    };
    let lines: Vec<&str> = body.split_inclusive('\n').collect();
    for (i, &line) in lines.iter().enumerate() {
        if super::super::metadata::is_code_fence(line) {
            flush(&mut prose, &mut out);
            fenced = !fenced;
            out.push_str(line);
        } else if fenced {
            out.push_str(line);
        } else if let Some(title) = TITLED_MARKER.captures(line.trim_end_matches(['\n', '\r'])) {
            // An admonition's title (Docusaurus: `:::note Before you start`, `:::tip[Read
            // first]`) is text: it stays, set apart from the text it opens. (Pandoc's
            // `::: warning` names a class, after a space.)
            let title = title
                .get(1)
                .or(title.get(2))
                .map_or("", |m| m.as_str().trim());
            let runs_on = lines.get(i + 1).is_some_and(|next| !next.trim().is_empty());
            prose.push_str(&format!("**{title}**{}", if runs_on { "\\" } else { "" }));
            prose.push_str(if line.ends_with('\n') { "\n" } else { "" });
        } else if MARKER_LINE.is_match(line.trim_end_matches(['\n', '\r'])) {
            prose.push_str(if line.ends_with('\n') { "\n" } else { "" });
        } else {
            prose.push_str(line);
        }
    }
    flush(&mut prose, &mut out);
    out
}

/// Summary dividers (`<!--more-->`, `<!--truncate-->`, Jekyll's `excerpt_separator`) mark where a listing's
/// excerpt ends; they are not text. Their lines are kept empty so line numbers hold.
fn strip_separators(
    body: &str,
    separator: Option<&str>,
    offset: usize,
    dropped: &mut Vec<Dropped>,
) -> String {
    let mut out = String::with_capacity(body.len());
    let mut fenced = false;
    for (i, line) in body.split_inclusive('\n').enumerate() {
        if super::super::metadata::is_code_fence(line) {
            fenced = !fenced;
        }
        let line = &if fenced {
            line.to_string()
        } else {
            let line = without_shortcodes(line, offset + i + 1, dropped);
            without_template_variables(&line, offset + i + 1, dropped)
        };
        let t = line.trim();
        let compact: String = t.chars().filter(|c| !c.is_whitespace()).collect();
        let is_divider = matches!(
            compact.to_ascii_lowercase().as_str(),
            "<!--more-->" | "<!--truncate-->"
        ) || separator.is_some_and(|s| !s.trim().is_empty() && t == s.trim());
        if is_divider {
            dropped.push(Dropped {
                line: offset + i + 1,
                text: t.to_string(),
                rule: "excerpt separator",
            });
            if line.ends_with('\n') {
                out.push('\n');
            }
        } else {
            out.push_str(line);
        }
    }
    out
}

/// A shortcode's or a component's markup parted into the text it shows in the page (the
/// values of the attributes that carry a site's text: a quotation and whom it cites, a
/// figure's caption, an image's description, a tab's label) and the rest, the site's code,
/// which is dropped and reported.
fn shown_and_code(markup: &str) -> (Vec<&str>, String) {
    static TEXT: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r#"\b(?:text|quote|caption|title|alt|description|cite|attribution|author|label|heading)\s*=\s*\{?\s*(?:"([^"]*)"|'([^']*)')"#).unwrap()
    });
    let shown: Vec<&str> = TEXT
        .captures_iter(markup)
        .filter_map(|k| k.get(1).or(k.get(2)))
        .map(|m| m.as_str())
        .filter(|v| !v.trim().is_empty())
        .collect();
    let mut code = markup.to_string();
    for v in &shown {
        code = code.replacen(v, "", 1);
    }
    (shown, code)
}

/// The text a shortcode or a component shows. Set alone on its line it is a caption, set
/// as captions are, in italics (so it is never taken for a heading).
fn shown_text(shown: &[&str], alone: bool) -> String {
    let text = shown.join(" — ");
    if alone && !text.is_empty() {
        format!("*{text}*")
    } else {
        text
    }
}

/// MDX, the Markdown of Docusaurus, Astro and Next.js sites (Docusaurus reads `.md` files
/// as MDX too): the site's code is not the document's text. Import and export lines and
/// `{/* comments */}` are dropped and reported; a component's tags (`<Figure ... />`,
/// `<Tabs>`, `</TabItem>`: named in PascalCase, as HTML's elements are not written) are
/// dropped and reported, while the text it shows (a caption, a title, a label) stays, as
/// with Hugo's shortcodes, and so does the text between its tags. A tag over several
/// lines leaves them empty, so the lines after keep their numbers. Code blocks are left
/// alone.
fn without_mdx(body: &str, offset: usize, dropped: &mut Vec<Dropped>) -> String {
    static ESM: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r#"(?m)^[ \t]*(?:import\s+(?:[\w*{}\s,]+?\s+from\s+)?["'][^"'\n]+["'];?|export\s+(?:default\s+)?(?:const|let|var|function|class)\b[^\n]*)[ \t]*$"#).unwrap()
    });
    static COMMENT: Lazy<Regex> = Lazy::new(|| Regex::new(r"\{/\*[\s\S]*?\*/\}").unwrap());
    static COMPONENT: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r#"</?([A-Z][A-Za-z0-9]*(?:\.[A-Z][A-Za-z0-9]*)*)(?:\s(?:[^<>{}"']|"[^"]*"|'[^']*'|\{[^{}]*\})*)?/?>"#).unwrap()
    });
    if !body.contains("import")
        && !body.contains("export")
        && !body.contains("{/*")
        && !COMPONENT.is_match(body)
    {
        return body.to_string();
    }
    let mut out = String::with_capacity(body.len());
    let mut prose = String::new();
    // The line number of `prose`'s first line.
    let mut prose_line = offset + 1;
    let mut fenced = false;
    let mut no = offset;
    for line in body.split_inclusive('\n') {
        no += 1;
        if super::super::metadata::is_code_fence(line) {
            out.push_str(&mdx_as_markdown(
                &std::mem::take(&mut prose),
                prose_line,
                dropped,
            ));
            fenced = !fenced;
            out.push_str(line);
            prose_line = no + 1;
        } else if fenced {
            out.push_str(line);
            prose_line = no + 1;
        } else {
            prose.push_str(line);
        }
    }
    out.push_str(&mdx_as_markdown(&prose, prose_line, dropped));
    return out;

    /// One run of lines outside code, whose first line is `first`.
    fn mdx_as_markdown(prose: &str, first: usize, dropped: &mut Vec<Dropped>) -> String {
        let line_of = |at: usize| first + prose[..at].matches('\n').count();
        // Each piece of the site's code, what it is, and whether it shows text.
        let mut found: Vec<(std::ops::Range<usize>, &'static str, bool)> = Vec::new();
        for m in ESM.find_iter(prose) {
            found.push((m.range(), "MDX import or export (the site's code)", false));
        }
        for m in COMMENT.find_iter(prose) {
            found.push((m.range(), "MDX comment (hidden on the page)", false));
        }
        for c in COMPONENT.captures_iter(prose) {
            let (m, name) = (c.get(0).expect("whole match"), &c[1]);
            let is_component = name.chars().any(|ch| ch.is_ascii_lowercase());
            let line_start = prose[..m.start()].rfind('\n').map_or(0, |k| k + 1);
            if is_component && outside_code(&prose[line_start..], m.start() - line_start) {
                found.push((m.range(), "MDX component (the site's code)", true));
            }
        }
        if found.is_empty() {
            return prose.to_string();
        }
        found.sort_by_key(|(r, ..)| r.start);
        let mut out = String::with_capacity(prose.len());
        let mut from = 0;
        for (range, rule, shows_text) in found {
            if range.start < from {
                continue; // inside one already taken out (a comment's example tag)
            }
            out.push_str(&prose[from..range.start]);
            let markup = &prose[range.clone()];
            let (kept, rest) = if shows_text {
                shown_and_code(markup)
            } else {
                (Vec::new(), markup.to_string())
            };
            dropped.push(Dropped {
                line: line_of(range.start),
                text: super::html::collapse(&rest),
                rule,
            });
            let line_start = prose[..range.start].rfind('\n').map_or(0, |k| k + 1);
            let line_end = prose[range.end..]
                .find('\n')
                .map_or(prose.len(), |k| range.end + k);
            let alone = prose[line_start..range.start].trim().is_empty()
                && prose[range.end..line_end].trim().is_empty();
            out.push_str(&shown_text(&kept, alone));
            out.extend(std::iter::repeat_n('\n', markup.matches('\n').count()));
            from = range.end;
        }
        out.push_str(&prose[from..]);
        out
    }
}

/// `line` without the template variables in it (Liquid's and Jinja's `{{ page.title }}`,
/// `![]({{ image }})`): the site's code, which its templates fill in, dropped and
/// reported. A line left with nothing but its markup (`# `, `![]()`) goes whole: a
/// heading or an image the site's template made, not the document.
fn without_template_variables(line: &str, no: usize, dropped: &mut Vec<Dropped>) -> String {
    static VARIABLE: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r#"\{\{-?\s*[A-Za-z_][\w.]*(?:\[[^\]{}]*\])*(?:\s*\|[^{}]*)?\s*-?\}\}"#).unwrap()
    });
    if !line.contains("{{") || !VARIABLE.is_match(line) {
        return line.to_string();
    }
    // Inside a code span (`` `{{ page.title }}` ``) it is what the text shows.
    let in_code = |at: usize| line[..at].matches('`').count() % 2 == 1;
    let mut rest = String::with_capacity(line.len());
    let mut last = 0;
    for m in VARIABLE.find_iter(line).filter(|m| !in_code(m.start())) {
        dropped.push(Dropped {
            line: no,
            text: m.as_str().to_string(),
            rule: "template variable (the site's code)",
        });
        rest.push_str(&line[last..m.start()]);
        last = m.end();
    }
    rest.push_str(&line[last..]);
    if last == 0 || rest.chars().any(char::is_alphanumeric) {
        rest
    } else {
        // Keep the line's end so line numbers hold.
        if line.ends_with('\n') {
            "\n".into()
        } else {
            String::new()
        }
    }
}

/// `line` without the Hugo shortcodes in it (`{{% callout note %}}`, `{{< figure src="a.jpg"
/// caption="Peggy Valcke" >}}`): markup of the site the file came from, dropped and
/// reported; a figure's caption or title is text, and stays.
fn without_shortcodes(line: &str, no: usize, dropped: &mut Vec<Dropped>) -> String {
    static SHORTCODE: Lazy<Regex> =
        Lazy::new(|| Regex::new(r"\{\{[<%]\s*/?\s*([A-Za-z][\w-]*)[^{}]*?[%>]\}\}").unwrap());
    if !line.contains("{{") {
        return line.to_string();
    }
    let alone = SHORTCODE
        .find(line.trim())
        .is_some_and(|m| m.len() == line.trim().len());
    let mut out = String::with_capacity(line.len());
    let mut last = 0;
    for c in SHORTCODE.captures_iter(line) {
        let whole = c.get(0).expect("a match");
        let (values, rest) = shown_and_code(whole.as_str());
        dropped.push(Dropped {
            line: no,
            text: rest,
            rule: "site shortcode (Hugo)",
        });
        out.push_str(&line[last..whole.start()]);
        let mut after = &line[whole.end()..];
        // A quotation set alone on its line stays a quotation.
        let shown = if alone && c[1].to_lowercase().contains("quote") && !values.is_empty() {
            format!("> {}", values.join(" — "))
        } else {
            shown_text(&values, alone)
        };
        if shown.is_empty() {
            // A shortcode that shows nothing takes the space that parted it from an
            // emphasis's delimiter with it: "**{{< count >}} personas**" is "**personas**",
            // not "** personas**", which prints its asterisks.
            let delimiter = |ch: char| ch == '*' || ch == '_';
            if out.ends_with(delimiter) && after.starts_with(' ') {
                after = &after[1..];
            } else if out.ends_with(' ') && after.starts_with(delimiter) {
                out.pop();
            }
        }
        out.push_str(&shown);
        last = line.len() - after.len();
    }
    out.push_str(&line[last..]);
    out
}

/// `block` with only the last entry of each top-level key given more than once (an entry
/// is its key's line and the indented lines under it), and those keys; `None` when no
/// key is given twice.
fn last_of_each_key(block: &str) -> Option<Deduplicated> {
    static KEY: Lazy<Regex> = Lazy::new(|| Regex::new(r"^([A-Za-z0-9_-]+)\s*[:=]").unwrap());
    // Each line's entry: the top-level key it belongs to.
    let mut owner: Vec<Option<(String, usize)>> = Vec::new();
    let mut current: Option<(String, usize)> = None;
    let mut seen: std::collections::HashMap<String, usize> = Default::default();
    for line in block.lines() {
        if let Some(c) = KEY.captures(line) {
            let n = seen.entry(c[1].to_string()).or_insert(0);
            *n += 1;
            current = Some((c[1].to_string(), *n));
        }
        owner.push(current.clone());
    }
    let twice: Vec<String> = seen
        .iter()
        .filter(|(_, n)| **n > 1)
        .map(|(k, _)| k.clone())
        .collect();
    if twice.is_empty() {
        return None;
    }
    let (kept, replaced): (Vec<(&str, _)>, Vec<(&str, _)>) = block
        .lines()
        .zip(&owner)
        .partition(|(_, o)| o.as_ref().is_none_or(|(k, n)| seen[k] == *n));
    let lines = |v: Vec<(&str, _)>| v.into_iter().map(|(l, _)| l).collect::<Vec<_>>().join("\n");
    let mut twice = twice;
    twice.sort();
    Some(Deduplicated {
        block: lines(kept),
        replaced: lines(replaced),
        twice,
    })
}

/// A front-matter block with the last entry of each repeated key (see
/// [`last_of_each_key`]).
struct Deduplicated {
    block: String,
    /// The entries the later ones replace, as written.
    replaced: String,
    twice: Vec<String>,
}

fn parse_block(syntax: Syntax, block: &str) -> Result<BTreeMap<String, Value>, String> {
    if block.trim().is_empty() {
        return Ok(BTreeMap::new());
    }
    let value = match syntax {
        Syntax::Yaml => serde_yaml::from_str::<Value>(block).map_err(|e| e.to_string())?,
        Syntax::Toml => {
            let t: toml::Table = block.parse().map_err(|e: toml::de::Error| e.to_string())?;
            toml_to_yaml(toml::Value::Table(t))
        }
    };
    match value {
        Value::Mapping(m) => Ok(m
            .into_iter()
            .filter_map(|(k, v)| Some((key_text(&k)?, v)))
            .collect()),
        Value::Null => Ok(BTreeMap::new()),
        _ => Err("it is not a list of `key: value` fields".into()),
    }
}

fn key_text(k: &Value) -> Option<String> {
    match k {
        Value::String(s) => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn toml_to_yaml(v: toml::Value) -> Value {
    match v {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::Number(i.into()),
        toml::Value::Float(f) => Value::Number(f.into()),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Sequence(a.into_iter().map(toml_to_yaml).collect()),
        toml::Value::Table(t) => Value::Mapping(
            t.into_iter()
                .map(|(k, v)| (Value::String(k), toml_to_yaml(v)))
                .collect(),
        ),
    }
}

/// Map the source's fields onto dossier's; returns the metadata and Jekyll's
/// `excerpt_separator`, if set.
fn map_fields(
    mut map: BTreeMap<String, Value>,
    path: &Path,
    warnings: &mut Vec<Warning>,
) -> (SourceMeta, Option<String>) {
    let mut meta = SourceMeta {
        origin: "front matter",
        ..SourceMeta::default()
    };
    let mut separator = None;
    let (lifted, mut tables) = site_fields_lifted(&mut map);
    // The date keys are read last and the strongest first: a page's `date` is its date
    // whatever else it keeps (a `created: 2025-11-09` of the site's import does not
    // date a submission of 2016).
    let mut fields: Vec<(String, Value)> = map.into_iter().collect();
    fields.sort_by_key(|(key, _)| date_key_rank(key));
    for (key, value) in fields {
        let used = match key.to_lowercase().replace('-', "_").as_str() {
            // Jekyll's `published: false` keeps a post unpublished: a flag, not a date.
            "published" if matches!(value, Value::Bool(_)) => {
                meta.draft |= matches!(value, Value::Bool(false));
                true
            }
            "title" | "headline" => set_text(&mut meta.title, &value, clean_title),
            "subtitle" | "deck" | "dek" | "standfirst" => {
                set_text(&mut meta.subtitle, &value, clean_title)
            }
            k if date_key_rank(k) > 0 => match front_matter_date(&value) {
                Some(d) if meta.date.is_none() => {
                    meta.date = Some(d);
                    true
                }
                Some(_) => false,
                None => {
                    if !matches!(value, Value::Null) {
                        warnings.push(Warning {
                                path: path.to_path_buf(),
                                line: None,
                                message: format!(
                                    "front matter `{key}: {}` is not a date dossier can read (use ISO 8601, e.g. 2019-11-08); kept under source_meta",
                                    scalar_text(&value).unwrap_or_default()
                                ),
                            });
                    }
                    false
                }
            },
            "end_date" | "enddate" => {
                let d = front_matter_date(&value);
                let used = d.is_some();
                meta.end_date = meta.end_date.or(d);
                used
            }
            "author" | "authors" | "creator" | "creators" | "speaker" | "speakers" => {
                let names = people(&value);
                let used = !names.is_empty() && meta.authors.is_empty();
                if used {
                    // Co-authors read before the author go after the author.
                    let co = std::mem::take(&mut meta.authors);
                    meta.authors = names;
                    meta.authors.extend(co);
                }
                used
            }
            "co_authors" | "coauthors" | "co_author" | "coauthor" => {
                let names = people(&value);
                let used = !names.is_empty();
                meta.authors.extend(names);
                used
            }
            "organisations" | "organizations" | "organisation" | "organization" | "publisher" => {
                let names = list(&value);
                let used = !names.is_empty() && meta.organisations.is_empty();
                if used {
                    meta.organisations = names;
                }
                used
            }
            "description" | "summary" | "abstract" | "excerpt" => {
                set_text(&mut meta.summary, &value, |s| s.trim().to_string())
            }
            // Hugo sites name their own taxonomies: "topics" and "subjects" are tags.
            "tags" | "keywords" | "topics" | "subjects" => {
                let tags = tag_list(&value);
                let used = !tags.is_empty();
                meta.tags.extend(tags);
                used
            }
            "lang" | "language" | "locale" => set_text(&mut meta.language, &value, language_code),
            "place" | "location" | "city" => set_text(&mut meta.place, &value, |s| s.trim().into()),
            "kind" => set_text(&mut meta.kind, &value, |s| s.trim().to_lowercase()),
            "url" | "source_url" | "canonical" | "canonical_url" | "link" | "permalink_url"
            | "source_pdf" | "original_url" => {
                let url = scalar_text(&value).filter(|u| is_absolute_url(u));
                let used = url.is_some() && meta.source_url.is_none();
                if used {
                    meta.source_url = url;
                }
                used
            }
            "draft" => {
                meta.draft = matches!(value, Value::Bool(true));
                true
            }
            // A blog engine's post layout says the source is a web page; the key is kept.
            "layout" => {
                let layout = scalar_text(&value).unwrap_or_default().to_lowercase();
                if matches!(
                    layout.as_str(),
                    "post" | "posts" | "blog" | "blog-post" | "article" | "news"
                ) {
                    meta.kind.get_or_insert_with(|| "web-page".into());
                }
                false
            }
            "excerpt_separator" => {
                separator = scalar_text(&value);
                false
            }
            _ => false,
        };
        if !used && !matches!(value, Value::Null) {
            match lifted.get(&key) {
                Some(table) => {
                    tables
                        .entry(table)
                        .or_default()
                        .insert(Value::String(key), value);
                }
                None => {
                    meta.extra.insert(key, value);
                }
            }
        }
    }
    for (table, fields) in tables {
        meta.extra.insert(table.into(), Value::Mapping(fields));
    }
    meta.tags.dedup();
    (meta, separator)
}

/// Where a front-matter key stands among the keys that date a page, strongest first
/// (1); 0 for a key that is no date.
fn date_key_rank(key: &str) -> usize {
    const DATE_KEYS: &[&str] = &[
        "date",
        "doc_date",
        "document_date",
        "date_issued",
        "issued",
        "date_published",
        "published",
        "published_at",
        "published_time",
        "publishdate",
        "pubdate",
        "created",
        // An RFC's front matter (NixOS, Rust): the day it was opened.
        "start_date",
    ];
    let key = key.to_lowercase().replace('-', "_");
    DATE_KEYS
        .iter()
        .position(|k| *k == key)
        .map_or(0, |i| i + 1)
}

/// Front-matter keys read from a site's table, and the table each came from.
type Lifted = BTreeMap<String, &'static str>;
/// The keys each site table keeps.
type SiteTables = BTreeMap<&'static str, serde_yaml::Mapping>;

/// Hugo keeps a page's own fields under `params` (`[params]` in TOML), Zola under `extra`
/// (`place`, `authors`, `subtitle`): they are read as if given at the top, where the top
/// does not give them. Returns each key lifted with the table it came from, so the ones
/// dossier has no place for go back there, and what each table keeps (the keys the top
/// gives too).
fn site_fields_lifted(map: &mut BTreeMap<String, Value>) -> (Lifted, SiteTables) {
    let mut lifted = BTreeMap::new();
    let mut kept = SiteTables::new();
    for table in ["params", "extra"] {
        let Some(Value::Mapping(fields)) = map.remove(table) else {
            continue;
        };
        let mut left = serde_yaml::Mapping::new();
        for (k, v) in fields {
            match k.as_str().map(str::to_string) {
                Some(key) if !map.contains_key(&key) && !lifted.contains_key(&key) => {
                    lifted.insert(key.clone(), table);
                    map.insert(key, v);
                }
                _ => {
                    left.insert(k, v);
                }
            }
        }
        if !left.is_empty() {
            kept.insert(table, left);
        }
    }
    (lifted, kept)
}

fn set_text(slot: &mut Option<String>, value: &Value, clean: fn(&str) -> String) -> bool {
    if slot.is_some() {
        return false;
    }
    match scalar_text(value)
        .map(|s| clean(&s))
        .filter(|s| !s.is_empty())
    {
        Some(s) => {
            *slot = Some(s);
            true
        }
        None => false,
    }
}

fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Tagged(t) => scalar_text(&t.value),
        _ => None,
    }
}

/// A title as extraction tools leave it: a trailing ` :` or `,` (a title cut before its
/// continuation) and runs of spaces are tidied; nothing else changes.
pub fn clean_title(s: &str) -> String {
    let collapsed = s.split_whitespace().collect::<Vec<_>>().join(" ");
    collapsed
        .trim_end_matches(|c: char| c == ':' || c == ',' || c == ';' || c.is_whitespace())
        .to_string()
}

/// `EN`, `en-GB`, `fr_FR`, `English` -> `en`, `en`, `fr`, `en`.
pub fn language_code(s: &str) -> String {
    let s = s.trim();
    let primary = s.split(['-', '_']).next().unwrap_or("").to_lowercase();
    if primary.len() == 2 || primary.len() == 3 {
        return primary;
    }
    match primary.as_str() {
        "english" => "en",
        "french" | "français" | "francais" => "fr",
        "spanish" | "español" | "espanol" => "es",
        "german" | "deutsch" => "de",
        "arabic" => "ar",
        "russian" => "ru",
        "chinese" => "zh",
        "portuguese" => "pt",
        "italian" => "it",
        _ => "",
    }
    .to_string()
}

fn is_absolute_url(s: &str) -> bool {
    let s = s.trim();
    !s.contains(char::is_whitespace) && super::is_public_web_address(s)
}

/// A front-matter date: `2019`, `2019-11`, `2019-11-08`, `2019-11-08T10:00:00Z`,
/// `2023-12-13 12:00:00 +0800` (the time is dropped), or a written date.
pub fn front_matter_date(v: &Value) -> Option<PartialDate> {
    let text = scalar_text(v)?;
    let t = text.trim();
    let iso_len = t
        .char_indices()
        .take_while(|(_, c)| c.is_ascii_digit() || *c == '-')
        .count();
    PartialDate::parse(&t[..iso_len])
        .filter(|_| iso_len == t.len() || t[iso_len..].starts_with(['T', ' ', 't']))
        .or_else(|| super::super::metadata::written_date(t))
}

/// Authors as people: a list of names (or of `{name: ...}`), or one string naming one
/// or several people ("A and B", "A; B", "A, B & C").
fn people(v: &Value) -> Vec<String> {
    match v {
        Value::Sequence(items) => items.iter().flat_map(people).collect(),
        Value::Mapping(m) => m
            .get("name")
            .and_then(scalar_text)
            .map(|n| vec![n.trim().to_string()])
            .unwrap_or_default(),
        _ => scalar_text(v)
            .map(|s| super::super::metadata::split_people(&s))
            .unwrap_or_default()
            .into_iter()
            .map(|name| unslug(&without_address(&name)))
            .filter(|name| !name.is_empty())
            .collect(),
    }
}

/// A name without the e-mail address written after it ("Robin Gloster <mail@glob.in>",
/// "Jane Doe (jane@example.org)").
fn without_address(name: &str) -> String {
    static ADDRESS: Lazy<Regex> =
        Lazy::new(|| Regex::new(r"\s*[<(\[]?[\w.+-]+@[\w-]+(?:\.[\w-]+)+[>)\]]?").unwrap());
    ADDRESS.replace_all(name, "").trim().to_string()
}

/// A site's author key ("jessica-marine") as the name it stands for ("Jessica Marine").
fn unslug(name: &str) -> String {
    static SLUG: Lazy<Regex> = Lazy::new(|| Regex::new(r"^\p{Ll}+(?:[-_.]\p{Ll}+)+$").unwrap());
    if !SLUG.is_match(name) {
        return name.to_string();
    }
    name.split(['-', '_', '.'])
        .map(|w| {
            let mut cs = w.chars();
            cs.next()
                .map(|c| c.to_uppercase().chain(cs).collect::<String>())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Tags: a list, or one string, parted by commas or semicolons, else by spaces as
/// Jekyll reads `tags: developers software opensource`.
fn tag_list(v: &Value) -> Vec<String> {
    // (a sequence has no scalar text: it is a list already)
    match scalar_text(v) {
        Some(s) if !s.contains([',', ';']) => s.split_whitespace().map(str::to_string).collect(),
        Some(s) => s
            .split([',', ';'])
            .map(|p| p.trim().to_string())
            .filter(|p| !p.is_empty())
            .collect(),
        None => list(v),
    }
}

/// A list field: a sequence, or one string split on `;` (and `,` for tags).
fn list(v: &Value) -> Vec<String> {
    match v {
        Value::Sequence(items) => items
            .iter()
            .filter_map(|i| {
                scalar_text(i).or_else(|| match i {
                    Value::Mapping(m) => m.get("name").and_then(scalar_text),
                    _ => None,
                })
            })
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect(),
        Value::Mapping(m) => m.get("name").and_then(scalar_text).into_iter().collect(),
        _ => scalar_text(v)
            .map(|s| {
                s.split(';')
                    .map(|p| p.trim().to_string())
                    .filter(|p| !p.is_empty())
                    .collect()
            })
            .unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pages_date_outranks_its_created_and_publisheds_flag_is_no_date() {
        // The Centre for Internet and Society's Jekyll page keeps its import's `created`.
        let src = read(
            Path::new("submission.md"),
            "---\ncreated: 2025-11-09\ndate: 2016-12-15\ntitle: Submission\n---\nText.\n".into(),
        );
        assert_eq!(
            src.meta.date.map(|d| d.to_string()),
            Some("2016-12-15".into())
        );
        assert!(src.warnings.is_empty(), "{:?}", src.warnings);
        // Jekyll's `published: true` is a flag; `false` keeps a post unpublished.
        let src = read(
            Path::new("post.md"),
            "---\npublished: true\ndate: 2013-05-02\ntitle: Post\n---\nText.\n".into(),
        );
        assert!(src.warnings.is_empty(), "{:?}", src.warnings);
        assert!(!src.meta.draft);
        let src = read(
            Path::new("p.md"),
            "---\npublished: false\ntitle: P\n---\nText.\n".into(),
        );
        assert!(src.meta.draft);
    }

    #[test]
    fn html_comments_are_dropped_reported_and_keep_line_numbers() {
        let mut dropped = Vec::new();
        let body = "Intro.\n\n<!-- Table of Contents\n1. Intro\n2. More\n-->\n\nAfter <!-- a note --> this.\n<!--more-->\n`<!-- code -->`\n";
        let out = without_hidden(body, 4, &mut dropped, &COMMENT);
        assert_eq!(
            out,
            "Intro.\n\n\n\n\n\n\nAfter  this.\n<!--more-->\n`<!-- code -->`\n"
        );
        assert_eq!(out.lines().count(), body.lines().count());
        let found: Vec<(usize, &str)> = dropped.iter().map(|d| (d.line, d.text.as_str())).collect();
        assert_eq!(
            found,
            [
                (7, "<!-- Table of Contents 1. Intro 2. More -->"),
                (12, "<!-- a note -->")
            ]
        );
        // A comment never closed hides the rest, as a browser reads it.
        let mut dropped = Vec::new();
        assert_eq!(
            without_hidden("a\n<!-- b\nc\n", 0, &mut dropped, &COMMENT),
            "a\n\n\n"
        );
        assert_eq!(dropped[0].text, "<!-- b c");
        // Inside a code block it is code.
        let fenced = "```\n<!-- x -->\n```\n";
        assert_eq!(without_hidden(fenced, 0, &mut Vec::new(), &COMMENT), fenced);
    }

    #[test]
    fn a_pages_style_sheet_scripts_and_template_tags_are_dropped_and_reported() {
        // The Centre for Internet and Society's Jekyll page.
        let body = "Abstract.\n\n<style>\n.pub-details { background: #f9fbfe; }\n</style>\n\n{% include back-to-top.html %}\n\nText with `<script>` and <SCRIPT type=\"x\">let a = 1;</SCRIPT> after.\n";
        let mut dropped = Vec::new();
        let mut out = body.to_string();
        for hidden in [&COMMENT, &STYLE, &SCRIPT, &LIQUID_TAG] {
            out = without_hidden(&out, 2, &mut dropped, hidden);
        }
        assert_eq!(
            out,
            "Abstract.\n\n\n\n\n\n\n\nText with `<script>` and  after.\n"
        );
        let found: Vec<(usize, &str)> = dropped.iter().map(|d| (d.line, d.text.as_str())).collect();
        assert_eq!(
            found,
            [
                (5, "<style > .pub-details { background: #f9fbfe; } </style>"),
                (11, "<script type=\"x\">let a = 1; </script>"),
                (9, "{% include back-to-top.html %}")
            ]
        );
        // One never closed was text: "the <script> element" in prose stays.
        let prose = "Use the <script> element.\n\nMore text.\n";
        let mut dropped = Vec::new();
        assert_eq!(without_hidden(prose, 0, &mut dropped, &SCRIPT), prose);
        assert!(dropped.is_empty());
    }

    #[test]
    fn wordpress_captions_keep_their_text_and_lose_their_markup() {
        // A Korean civic-tech post exported from WordPress to Jekyll.
        let body = "Intro.\n\n<p>[caption id=\"attachment_12074\" align=\"aligncenter\" width=\"616\"]<img alt=\"p\" src=\"p.png\" /> 안전행정부 개인정보 보호 지침[/caption]</p>\n";
        let mut dropped = Vec::new();
        let out = without_wordpress_captions(body, 4, &mut dropped);
        assert_eq!(
            out,
            "Intro.\n\n<p><img alt=\"p\" src=\"p.png\" /> 안전행정부 개인정보 보호 지침</p>\n"
        );
        assert_eq!(dropped.len(), 2);
        assert_eq!(dropped[0].line, 7);
    }

    #[test]
    fn mdx_code_is_dropped_reported_and_its_text_kept() {
        let mut dropped = Vec::new();
        let body = "import Figure from '@site/src/components/Figure';\nimport {Tabs, TabItem} from \"@theme/Tabs\";\n\nThe trilogue enters its final phase.\n\n<Figure\n  src=\"/img/chart.png\"\n  caption=\"Timeline of the negotiations\"\n/>\n\n<Tabs>\n<TabItem value=\"en\" label=\"English\">\nKeep the ban. {/* ask legal */}\n</TabItem>\n</Tabs>\n\n```jsx\nimport X from 'x';\n<Figure />\n```\n\nA <div>kept</div> and `<Code />`.\n";
        let out = without_mdx(body, 3, &mut dropped);
        assert_eq!(
            out,
            "\n\n\nThe trilogue enters its final phase.\n\n*Timeline of the negotiations*\n\n\n\n\n\n*English*\nKeep the ban. \n\n\n\n```jsx\nimport X from 'x';\n<Figure />\n```\n\nA <div>kept</div> and `<Code />`.\n"
        );
        assert_eq!(out.lines().count(), body.lines().count());
        let found: Vec<(usize, &str, &str)> = dropped
            .iter()
            .map(|d| (d.line, d.rule, d.text.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                (
                    4,
                    "MDX import or export (the site's code)",
                    "import Figure from '@site/src/components/Figure';"
                ),
                (
                    5,
                    "MDX import or export (the site's code)",
                    "import {Tabs, TabItem} from \"@theme/Tabs\";"
                ),
                (
                    9,
                    "MDX component (the site's code)",
                    "<Figure src=\"/img/chart.png\" caption=\"\" />"
                ),
                (14, "MDX component (the site's code)", "<Tabs>"),
                (
                    15,
                    "MDX component (the site's code)",
                    "<TabItem value=\"en\" label=\"\">"
                ),
                (16, "MDX comment (hidden on the page)", "{/* ask legal */}"),
                (17, "MDX component (the site's code)", "</TabItem>"),
                (18, "MDX component (the site's code)", "</Tabs>"),
            ]
        );
        // Plain Markdown, HTML in capitals and prose that says "import" are left alone.
        let plain = "We import goods.\n\nexport controls apply.\n\n<DIV>Old</DIV> <BR>\n";
        assert_eq!(without_mdx(plain, 0, &mut Vec::new()), plain);
    }

    #[test]
    fn an_admonitions_title_stays_its_markers_go() {
        let body = ":::note Before you start\nRead the rules.\n:::\n\n:::tip[Read first]\n\nText.\n:::\n\n::: warning\nPandoc.\n:::\n";
        assert_eq!(
            without_attributes(body),
            "**Before you start**\\\nRead the rules.\n\n\n**Read first**\n\nText.\n\n\n\nPandoc.\n\n"
        );
    }

    #[test]
    fn line_break_tags_become_markdown_breaks() {
        assert_eq!(
            breaks_as_markdown("Signed:<br>\nA<br/>\nB <BR />\nC\n"),
            "Signed:\\\nA\\\nB\\\nC\n"
        );
        // Inside a line: a new line in the same quotation or item.
        assert_eq!(
            breaks_as_markdown("> (1) one.<br>(2) two.<br><br>\n"),
            "> (1) one.\\\n> (2) two.\\\n"
        );
        assert_eq!(breaks_as_markdown("1. a<br>b\n"), "1. a\\\n   b\n");
        // A table cell cannot break; code is code.
        assert_eq!(breaks_as_markdown("| a<br>b | c |\n"), "| a b | c |\n");
        assert_eq!(breaks_as_markdown("use `<br>` here\n"), "use `<br>` here\n");
        assert_eq!(breaks_as_markdown("```\n<br>\n```\n"), "```\n<br>\n```\n");
    }

    #[test]
    fn an_items_further_paragraphs_stay_in_it_and_indented_lists_move_to_the_margin() {
        let body = "   1.   **Full Screen**\n\n        First paragraph.\n\n        Second.\n\n  2. **No Web Apps**\n\n       Another.\n\nAfter.\n";
        let out = items_with_their_paragraphs(body);
        assert_eq!(
            out,
            "1.   **Full Screen**\\\n     First paragraph.\\\n     Second.\n\n\n\n2. **No Web Apps**\\\n     Another.\n\n\nAfter.\n"
        );
        assert_eq!(out.lines().count(), body.lines().count());
        // A flat list set three spaces in, its first item wrapped: still flat.
        assert_eq!(
            items_with_their_paragraphs("   1. One that\n   wraps.\n   2. Two.\n"),
            "1. One that\nwraps.\n2. Two.\n"
        );
        // A paragraph at the margin after a blank line ends the list.
        assert_eq!(
            items_with_their_paragraphs("- a\n\nText.\n"),
            "- a\n\nText.\n"
        );
        // An indented code block is no list.
        assert_eq!(items_with_their_paragraphs("    - x\n"), "    - x\n");
    }

    #[test]
    fn heading_marks_without_their_space_still_make_a_heading() {
        let body = "####USE OF TERMS\n\n## Already spaced\n\n#OpenData is a hashtag.\n\n```\n##keep\n```\n";
        assert_eq!(
            headings_spaced(body),
            "#### USE OF TERMS\n\n## Already spaced\n\n#OpenData is a hashtag.\n\n```\n##keep\n```\n"
        );
    }

    #[test]
    fn pandoc_and_kramdown_attributes_are_taken_out_code_is_not() {
        let body = "::: {.note}\nA [span]{.smallcaps} and a [link](https://ex.org){target=\"_blank\"}.\n:::\n\n-   [![](a.png){.img}[Le\n    Gouvernement]{.titre}](/x \"Go\"){.suggestion\n    .presence}\n\nA lead.\n{: .lead}\n\n## Part {#part}\n\nCode `x`{.rust}, JSON {\"a\": 1} and $x^{2}$ stay.\n\n```\n[keep]{.this}\n```\n";
        let out = without_attributes(body);
        assert_eq!(
            out,
            "\nA span and a [link](https://ex.org).\n\n\n-   [![](a.png)Le\n    Gouvernement](/x \"Go\")\n\nA lead.\n\n\n## Part {#part}\n\nCode `x`, JSON {\"a\": 1} and $x^{2}$ stay.\n\n```\n[keep]{.this}\n```\n"
        );
        assert_eq!(without_attributes("No braces here.\n"), "No braces here.\n");
    }

    #[test]
    fn jekyll_front_matter_is_mapped() {
        let text = "---\nlayout: post\ntitle : Organised Cybercrime\nauthor: Jamie MacColl and Gareth Mott\ndate  : 2023-12-13 12:00:00 +0800\n#c: x\ndescription: \"The Rise\"\nexcerpt_separator: <excerpt/>\n---\n\n_Intro._\n\n<excerpt/>\n\nBody.\n";
        let s = read(Path::new("b.md"), text.into());
        assert_eq!(s.meta.title.as_deref(), Some("Organised Cybercrime"));
        assert_eq!(s.meta.authors, ["Jamie MacColl", "Gareth Mott"]);
        assert_eq!(s.meta.date.unwrap().to_string(), "2023-12-13");
        assert_eq!(s.meta.summary.as_deref(), Some("The Rise"));
        assert_eq!(s.meta.extra["layout"], Value::String("post".into()));
        assert_eq!(s.line_offset, 9);
        assert!(!s.text.contains("excerpt/"));
        assert_eq!(s.dropped[0].line, 13);
        assert!(s.text.contains("_Intro._") && s.text.contains("Body."));
    }

    #[test]
    fn a_key_given_twice_takes_its_last_value_and_keeps_the_first() {
        let text = "---\nlayout: report\ntitle: \"First title\"\nslug: x\ntitle: Second title\ndate: February 5, 2016\nattachments:\n    - url: /a.pdf\n      title: Download\n---\n\nBody.\n";
        let s = read(Path::new("r.md"), text.into());
        assert_eq!(s.meta.title.as_deref(), Some("Second title"));
        assert_eq!(s.meta.date.unwrap().to_string(), "2016-02-05");
        assert_eq!(
            s.meta.extra["front_matter_replaced"],
            Value::String("title: \"First title\"".into())
        );
        assert!(s.warnings[0].message.contains("`title` more than once"));
    }

    #[test]
    fn mkdocs_admonitions_are_quotations_under_their_title() {
        let body = "Intro.\n\n!!! warning \"Let op!\"\n\n    Je bent ook een [aanbieder](https://example.org).\n\n    - een item\n\n??? note\n    Folded text.\n\n```\n!!! tip \"in code\"\n```\n";
        let out = admonitions_as_quotes(body);
        assert_eq!(
            out,
            "Intro.\n\n> **Let op!**\n>\n> Je bent ook een [aanbieder](https://example.org).\n>\n> - een item\n\n> **Note**\n> Folded text.\n\n```\n!!! tip \"in code\"\n```\n"
        );
        assert_eq!(out.lines().count(), body.lines().count(), "line for line");
    }

    #[test]
    fn a_shortcode_inside_emphasis_leaves_emphasis_that_renders() {
        let text = "---\ntitle: Carta\n---\n\ncomo **{{< count type=\"signatures\" >}} personas** y **organizaciones {{< count >}}** hicieron\n";
        let s = read(Path::new("c.md"), text.into());
        assert!(
            s.text
                .contains("como **personas** y **organizaciones** hicieron"),
            "{}",
            s.text
        );
    }

    #[test]
    fn an_rfcs_front_matter_gives_its_date_and_authors() {
        let text = "---\nfeature: rfc-process-team-amendment\nstart-date: 2018-10-27\nauthor: Robin Gloster <mail@glob.in>\nco-authors: Graham Christensen <graham@grahamc.com>\n---\n\n# Summary\n\nThis RFC proposes an RFC Steering Committee.\n";
        let s = read(Path::new("0036.md"), text.into());
        assert_eq!(s.meta.authors, ["Robin Gloster", "Graham Christensen"]);
        assert_eq!(
            s.meta.date.map(|d| d.to_string()).as_deref(),
            Some("2018-10-27")
        );
    }

    #[test]
    fn template_variables_are_the_sites_code() {
        let text = "---\ntitle: Carta Pública\n---\n\n# {{ page.title }}\n\n![]({{ image }})\n\nWe write to you, {{ site.name | upcase }} readers. Write `{{ page.title }}` in a template.\n";
        let s = read(Path::new("c.md"), text.into());
        assert!(!s.text.contains("page.title }}\n"), "{}", s.text);
        assert!(
            !s.text.contains("# \n") && !s.text.contains("![]("),
            "{}",
            s.text
        );
        assert!(s.text.contains("We write to you,  readers."), "{}", s.text);
        assert!(s.text.contains("`{{ page.title }}`"), "{}", s.text);
        assert_eq!(
            s.dropped
                .iter()
                .filter(|d| d.rule == "template variable (the site's code)")
                .count(),
            3
        );
    }

    #[test]
    fn hugo_shortcodes_are_dropped_their_captions_kept() {
        let text = "---\ntitle: Interview\n---\n\n{{% figure src=\"valcke.jpeg\" caption=\"Peggy Valcke\" width=\"150px\" %}}\n\n{{% callout note %}}\nThe interview was edited.\n{{% /callout %}}\n\n```\n{{< keep >}}\n```\n";
        let s = read(Path::new("i.md"), text.into());
        assert!(s.text.contains("*Peggy Valcke*\n"), "{}", s.text);
        assert!(
            s.text.contains("\nThe interview was edited.\n"),
            "{}",
            s.text
        );
        assert!(!s.text.contains("{{%"), "{}", s.text);
        assert!(s.text.contains("{{< keep >}}"), "{}", s.text);
        // A quotation's text and whom it cites are the site's words too.
        let quote = "---\ntitle: Banners\n---\n\n{{< card-quote text=\"The warning message reads like a 'no trespassing' sign.\" cite=\"GSA employee\" >}}\n";
        let q = read(Path::new("q.md"), quote.into());
        assert!(
            q.text.contains(
                "\n> The warning message reads like a 'no trespassing' sign. — GSA employee\n"
            ),
            "{}",
            q.text
        );
        assert_eq!(
            s.dropped
                .iter()
                .filter(|d| d.rule == "site shortcode (Hugo)")
                .count(),
            3
        );
    }

    #[test]
    fn an_author_key_a_deck_and_jekyll_tags_are_read_as_a_site_means_them() {
        let text = "---\ntitle: IT warning banners\ndeck: Driving policy changes through M-23-22\nauthors: jessica-marine\ntags: developers software opensource\n---\n\nBody text.\n";
        let s = read(Path::new("b.md"), text.into());
        assert_eq!(s.meta.authors, vec!["Jessica Marine"]);
        assert_eq!(
            s.meta.subtitle.as_deref(),
            Some("Driving policy changes through M-23-22")
        );
        assert_eq!(s.meta.tags, vec!["developers", "software", "opensource"]);
        // A Hugo site's own taxonomy of topics gives tags too.
        let hugo = "---\ntitle: One agency's plan\ntopics:\n  - accessibility\n  - content-strategy\n---\n\nBody text.\n";
        let s = read(Path::new("h.md"), hugo.into());
        assert_eq!(s.meta.tags, vec!["accessibility", "content-strategy"]);
        // A name is left as it is written.
        assert_eq!(unslug("Jean-Paul Sartre"), "Jean-Paul Sartre");
        assert_eq!(unslug("unesco"), "unesco");
        // A site's author key with a dot, as Jekyll sites write a login.
        assert_eq!(unslug("olivier.maffre"), "Olivier Maffre");
    }

    #[test]
    fn raw_html_blocks_are_read_as_a_web_pages_are() {
        let text = "---\ntitle: Report\n---\n\n<p dir=\"rtl\">اندلعت الاحتجاجات في مصر <a href=\"https://www.bbc.com/arabic\">رداً</a> على الفيديوهات.</p>\n\n<div style=\"margin-left: 2em;\">\n<p><em>Agencies should avoid pop-ups.</em></p>\n</div>\n\nAfter.\n\n```\n<div>kept</div>\n```\n";
        let s = read(Path::new("r.md"), text.into());
        assert!(
            s.text.contains(
                "اندلعت الاحتجاجات في مصر [رداً](https://www.bbc.com/arabic) على الفيديوهات."
            ),
            "{}",
            s.text
        );
        assert!(
            s.text.contains("*Agencies should avoid pop-ups.*"),
            "{}",
            s.text
        );
        assert!(!s.text.contains("<p"), "{}", s.text);
        assert!(s.text.contains("```\n<div>kept</div>\n```"), "{}", s.text);
        // Markdown an author wrapped in a tag to set its direction is Markdown.
        let wrapped = "---\ntitle: Report\n---\n<p dir=\"rtl\">\n## الفهرس\n\n* بي بي سي\n</p>\n<p dir=\"rtl\">\n## بي بي سي\n<a href=\"https://explorer.ooni.org/\">تُجمع قياسات</a> بي بي سي\n</p>\n<p dir=\"ltr\">\n```\ncurl -v https://www.bbc.com\n\n* Connected\n```\n</p>\n";
        let w = read(Path::new("w.md"), wrapped.into());
        assert!(w.text.contains("\n## الفهرس\n"), "{}", w.text);
        assert!(
            w.text
                .contains("\n## بي بي سي\n[تُجمع قياسات](https://explorer.ooni.org/) بي بي سي\n"),
            "{}",
            w.text
        );
        assert!(
            w.text
                .contains("```\ncurl -v https://www.bbc.com\n\n* Connected\n```"),
            "{}",
            w.text
        );
        assert!(
            !w.text.contains("<p") && !w.text.contains("\\#"),
            "{}",
            w.text
        );
        assert_eq!(w.text.lines().count(), wrapped.lines().count() - 3);
        // The lines after a block keep their numbers.
        let after = s.text.lines().position(|l| l == "After.").unwrap();
        let seed_after = text.lines().position(|l| l == "After.").unwrap();
        assert_eq!(after + s.line_offset, seed_after);
    }

    #[test]
    fn toml_front_matter_is_mapped() {
        let text = "+++\ntitle = \"Paris Call\"\ndate = 2018-11-12\ntags = [\"cyber\", \"trust\"]\nlang = \"fr-FR\"\n[extra]\nx = 1\n+++\nBody\n";
        let s = read(Path::new("p.md"), text.into());
        assert_eq!(s.meta.title.as_deref(), Some("Paris Call"));
        assert_eq!(s.meta.date.unwrap().to_string(), "2018-11-12");
        assert_eq!(s.meta.tags, ["cyber", "trust"]);
        assert_eq!(s.meta.language.as_deref(), Some("fr"));
        assert!(s.meta.extra.contains_key("extra"));
        assert_eq!(s.text, "Body\n");
        // A page's own fields under Hugo's `params` or Zola's `extra` are read; the top
        // level wins; what dossier has no place for goes back under its table.
        let text = "+++\ntitle = \"Statement\"\n[params]\nplace = \"Brussels\"\ntitle = \"Other\"\nhero = \"a.jpg\"\n[extra]\nauthors = [\"Jan Novak\"]\n+++\nBody\n";
        let s = read(Path::new("p.md"), text.into());
        assert_eq!(s.meta.title.as_deref(), Some("Statement"));
        assert_eq!(s.meta.place.as_deref(), Some("Brussels"));
        assert_eq!(s.meta.authors, ["Jan Novak"]);
        let params = serde_yaml::to_string(&s.meta.extra["params"]).unwrap();
        assert_eq!(params, "title: Other\nhero: a.jpg\n");
        assert!(!s.meta.extra.contains_key("extra"));
    }

    #[test]
    fn un_extraction_fields() {
        let text = "---\nsymbol: A/RES/80/16\ntitle: \"Open-ended Working Group 2021-2025 established pursuant to resolution 75/240 :\"\ndate: \"2025-12-05\"\nlanguage: EN\nsource_pdf: https://example.org/A_RES_80_16-EN.pdf\n---\n\nUnited Nations\n";
        let s = read(Path::new("r.md"), text.into());
        assert_eq!(
            s.meta.title.as_deref(),
            Some("Open-ended Working Group 2021-2025 established pursuant to resolution 75/240")
        );
        assert_eq!(s.meta.language.as_deref(), Some("en"));
        assert_eq!(
            s.meta.source_url.as_deref(),
            Some("https://example.org/A_RES_80_16-EN.pdf")
        );
        assert!(s.meta.extra.contains_key("symbol"));
    }

    #[test]
    fn broken_front_matter_is_kept_and_warned() {
        let s = read(
            Path::new("x.md"),
            "---\ntitle: [unclosed\n---\nBody\n".into(),
        );
        assert_eq!(s.warnings.len(), 1);
        assert!(s.meta.extra.contains_key("front_matter"));
        assert_eq!(s.text, "Body\n");
    }

    #[test]
    fn a_rule_is_not_front_matter() {
        assert!(split_front_matter("----\nx\n").is_none());
        assert!(split_front_matter("---\nno end\n").is_none());
        assert!(split_front_matter("text\n---\n").is_none());
    }
}
