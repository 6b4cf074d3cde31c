//! HTML (DOM) → CommonMark with GFM pipe tables.
//!
//! Blocks (paragraphs, headings, lists, quotes, code, tables) are separated
//! by blank lines; inside a block, whitespace is collapsed as a browser
//! renders it. Text is escaped so that it never turns into markup. Links
//! are made absolute or become plain text; images become their alt text.

use crate::ingest::script::is_unspaced_text;
use dom_query::{Document, NodeRef};
use url::Url;

use super::resolve;

/// Marks a `<br>` inside inline text until the paragraph is finished.
const BR: char = '\u{E000}';

/// Convert an HTML fragment to Markdown. Relative links are resolved
/// against `base_url` when given (and absolute), else become plain text.
pub fn fragment_to_markdown(html: &str, base_url: Option<&str>) -> String {
    let base = base_url.and_then(|b| Url::parse(b).ok());
    let doc = Document::fragment(html);
    node_to_markdown(&doc.root(), base.as_ref())
}

pub(crate) fn node_to_markdown(node: &NodeRef, base: Option<&Url>) -> String {
    let conv = Conv { base };
    let mut out = Vec::new();
    conv.blocks(node, &mut out);
    let mut s = String::new();
    for (i, b) in out.iter().enumerate() {
        if i > 0 {
            s.push_str("\n\n");
        }
        s.push_str(&b.text);
    }
    if !s.is_empty() {
        s.push('\n');
    }
    s
}

fn name_of(n: &NodeRef) -> String {
    n.node_name()
        .map(|x| x.to_ascii_lowercase())
        .unwrap_or_default()
}

/// Elements whose content is not the page's text: scripts, embeds, form controls, and a
/// ruby's readings (`<rt>`, `<rp>`: the furigana over Japanese kanji, the pinyin over
/// Chinese), which read the base text again and would be glued into it.
fn is_skipped(name: &str) -> bool {
    matches!(
        name,
        "rt" | "rp"
            | "script"
            | "style"
            | "noscript"
            | "template"
            | "head"
            | "title"
            | "meta"
            | "link"
            | "iframe"
            | "frame"
            | "frameset"
            | "object"
            | "embed"
            | "svg"
            | "canvas"
            | "video"
            | "audio"
            | "source"
            | "track"
            | "button"
            | "input"
            | "select"
            | "option"
            | "textarea"
            | "map"
            | "area"
            | "dialog"
    )
}

fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "section"
            | "article"
            | "main"
            | "header"
            | "footer"
            | "nav"
            | "aside"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "ul"
            | "ol"
            | "li"
            | "dl"
            | "dt"
            | "dd"
            | "table"
            | "thead"
            | "tbody"
            | "tfoot"
            | "tr"
            | "td"
            | "th"
            | "caption"
            | "blockquote"
            | "pre"
            | "hr"
            | "figure"
            | "figcaption"
            | "form"
            | "fieldset"
            | "legend"
            | "details"
            | "summary"
            | "address"
            | "center"
            | "body"
            | "html"
            | "menu"
            | "hgroup"
            | "picture"
    )
}

fn has_block_descendant(n: &NodeRef) -> bool {
    n.descendants_it()
        .any(|d| d.is_element() && is_block(&name_of(&d)) && name_of(&d) != "picture")
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Para,
    List,
    Other,
}

struct Block {
    kind: Kind,
    text: String,
}

/// Inline text being built for one paragraph (or heading, or cell).
#[derive(Default)]
struct Inline {
    buf: String,
    em: bool,
    strong: bool,
    link: bool,
    strike: bool,
    code: bool,
    cell: bool,
}

impl Inline {
    fn child(&self) -> Inline {
        Inline {
            buf: String::new(),
            em: self.em,
            strong: self.strong,
            link: self.link,
            strike: self.strike,
            code: self.code,
            cell: self.cell,
        }
    }

    fn space(&mut self) {
        if !self.buf.ends_with(' ') {
            self.buf.push(' ');
        }
    }

    /// Append text, collapsing whitespace and escaping Markdown.
    fn text(&mut self, t: &str) {
        let mut it = t.chars().peekable();
        let collapsible = |c: char| matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0C');
        while let Some(c) = it.next() {
            match c {
                // A line break between two Chinese or Japanese characters is no space,
                // as a browser renders it (CSS Text's segment break): "原始\n碼" is one word.
                c if collapsible(c) => {
                    let mut broken = matches!(c, '\n' | '\r');
                    while let Some(&n) = it.peek().filter(|&&n| collapsible(n)) {
                        broken |= matches!(n, '\n' | '\r');
                        it.next();
                    }
                    let unspaced = broken
                        && self.buf.chars().last().is_some_and(is_unspaced_text)
                        && it.peek().is_some_and(|&n| is_unspaced_text(n));
                    if !unspaced {
                        self.space();
                    }
                }
                '\u{A0}' => self.space(),
                BR | '\0' => {}
                _ if self.code => self.buf.push(c),
                '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '~' => {
                    self.buf.push('\\');
                    self.buf.push(c);
                }
                '|' if self.cell => self.buf.push_str("\\|"),
                // "&copy;" written as text must not become an entity.
                '&' if it
                    .peek()
                    .is_some_and(|n| n.is_ascii_alphanumeric() || *n == '#') =>
                {
                    self.buf.push_str("\\&")
                }
                _ => self.buf.push(c),
            }
        }
    }

    /// Append already-rendered inline Markdown, merging edge spaces.
    fn raw(&mut self, s: &str) {
        if let Some(rest) = s.strip_prefix(' ') {
            self.space();
            self.buf.push_str(rest);
        } else {
            self.buf.push_str(s);
        }
    }

    /// Wrap rendered inner text in `open`/`close`, keeping its edge spaces
    /// outside the delimiters.
    fn wrap(&mut self, inner: &str, open: &str, close: &str) {
        let core = inner.trim_matches(|c| c == ' ' || c == BR);
        if core.is_empty() {
            self.raw(inner);
            return;
        }
        let start = inner.find(core).unwrap_or(0);
        let lead = &inner[..start];
        let trail = &inner[start + core.len()..];
        self.raw(lead);
        if open == close && open.chars().all(|c| c == '*' || c == '~') {
            // Emphasis renders only where its delimiters flank a word (see `emphasis`).
            let open_known = !lead.is_empty() || self.buf.ends_with(' ');
            let md = super::super::emphasis(core, open, open_known, !trail.is_empty());
            self.buf.push_str(&md);
        } else {
            self.buf.push_str(open);
            self.buf.push_str(core);
            self.buf.push_str(close);
        }
        self.buf.push_str(trail);
    }
}

struct Conv<'u> {
    base: Option<&'u Url>,
}

impl Conv<'_> {
    /// Render the children of `node` as blocks appended to `out`.
    fn blocks(&self, node: &NodeRef, out: &mut Vec<Block>) {
        let mut para = Inline::default();
        self.blocks_into(node, &mut para, out);
        flush(&mut para, out);
    }

    fn blocks_into(&self, node: &NodeRef, para: &mut Inline, out: &mut Vec<Block>) {
        for child in node.children_it(false) {
            if child.is_text() {
                para.text(&child.text());
                continue;
            }
            if !child.is_element() && !child.is_document() && !child.is_fragment() {
                continue;
            }
            let name = name_of(&child);
            if is_skipped(&name) {
                continue;
            }
            if child.is_document() || child.is_fragment() || name == "template" {
                self.blocks_into(&child, para, out);
            } else if is_block(&name) {
                flush(para, out);
                self.block(&child, &name, out);
            } else if matches!(name.as_str(), "br" | "img") || !has_block_descendant(&child) {
                self.inline(&child, &name, para);
            } else {
                // An inline element wrapping blocks (<a><div>..</div></a>,
                // <span><p>..</p></span>): keep its text, as blocks.
                self.blocks_into(&child, para, out);
            }
        }
    }

    fn block(&self, n: &NodeRef, name: &str, out: &mut Vec<Block>) {
        match name {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                let level = name[1..].parse::<usize>().unwrap_or(2);
                let mut inl = Inline::default();
                self.inline_children(n, &mut inl);
                let t = one_line(&inl.buf);
                if !t.is_empty() {
                    out.push(Block {
                        kind: Kind::Other,
                        text: format!("{} {}", "#".repeat(level), t),
                    });
                }
            }
            "ul" | "ol" | "menu" => self.list(n, name == "ol", out),
            "blockquote" => {
                let mut sub = Vec::new();
                self.blocks(n, &mut sub);
                let inner = join(&sub);
                if !inner.is_empty() {
                    let q = inner
                        .lines()
                        .map(|l| {
                            if l.is_empty() {
                                ">".to_string()
                            } else {
                                format!("> {l}")
                            }
                        })
                        .collect::<Vec<_>>()
                        .join("\n");
                    out.push(Block {
                        kind: Kind::Other,
                        text: q,
                    });
                }
            }
            "pre" => {
                let code = pre_text(n);
                let code = code.trim_end_matches(['\n', '\r', ' ', '\t']);
                let code = code.trim_start_matches(['\n', '\r']);
                if code.trim().is_empty() {
                    return;
                }
                let fence = "`".repeat((longest_backtick_run(code) + 1).max(3));
                let lang = n
                    .descendants_it()
                    .chain(std::iter::once(*n))
                    .filter_map(|d| d.attr("class"))
                    .find_map(|c| {
                        c.split_whitespace()
                            .find_map(|k| {
                                k.strip_prefix("language-")
                                    .or_else(|| k.strip_prefix("lang-"))
                            })
                            .filter(|l| {
                                l.chars()
                                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '+')
                            })
                            .map(str::to_string)
                    })
                    .unwrap_or_default();
                out.push(Block {
                    kind: Kind::Other,
                    text: format!("{fence}{lang}\n{code}\n{fence}"),
                });
            }
            "hr" => out.push(Block {
                kind: Kind::Other,
                text: "---".into(),
            }),
            "table" => self.table(n, out),
            _ => self.blocks(n, out),
        }
    }

    fn list(&self, n: &NodeRef, ordered: bool, out: &mut Vec<Block>) {
        let mut num: i64 = n
            .attr("start")
            .and_then(|s| s.trim().parse().ok())
            .filter(|s| (0..1_000_000_000).contains(s))
            .unwrap_or(1);
        let mut items: Vec<String> = Vec::new();
        let mut loose = false;
        for child in n.children_it(false) {
            let name = name_of(&child);
            let mut sub = Vec::new();
            if name == "li" {
                self.blocks(&child, &mut sub);
            } else if name == "ul" || name == "ol" {
                // A list directly inside a list: nest it under the last item.
                self.list(&child, name == "ol", &mut sub);
                if let Some(last) = items.last_mut() {
                    let body = join(&sub);
                    let indent = if ordered {
                        " ".repeat(format!("{}. ", num - 1).len())
                    } else {
                        "  ".into()
                    };
                    last.push('\n');
                    last.push_str(&indent_lines(&body, &indent));
                    continue;
                }
            } else if child.is_text() || is_skipped(&name) || !child.is_element() {
                continue;
            } else {
                self.blocks(&child, &mut sub);
            }
            if sub.is_empty() {
                continue;
            }
            if sub.iter().filter(|b| b.kind != Kind::List).count() > 1 {
                loose = true;
            }
            let body = join(&sub);
            let marker = if ordered {
                format!("{num}. ")
            } else {
                "- ".to_string()
            };
            num += 1;
            let indent = " ".repeat(marker.len());
            let mut item = marker;
            item.push_str(&indent_lines(&body, &indent)[indent.len()..]);
            items.push(item);
        }
        if !items.is_empty() {
            out.push(Block {
                kind: Kind::List,
                text: items.join(if loose { "\n\n" } else { "\n" }),
            });
        }
    }

    fn table(&self, n: &NodeRef, out: &mut Vec<Block>) {
        let mut rows: Vec<NodeRef> = Vec::new();
        let mut captions: Vec<NodeRef> = Vec::new();
        collect_rows(n, &mut rows, &mut captions);
        let ncols = rows.iter().map(|r| cells_of(r).len()).max().unwrap_or(0);
        // A layout table holds blocks in its cells; a data table's cell holds text, or
        // one paragraph of it (as content systems write `<td><p>316</p></td>`).
        let layout = ncols <= 1
            || rows.iter().any(|r| {
                cells_of(r).iter().any(|c| {
                    let paragraphs = c
                        .descendants_it()
                        .filter(|d| matches!(name_of(d).as_str(), "p" | "div"))
                        .count();
                    paragraphs > 1
                        || c.descendants_it().any(|d| {
                            matches!(
                                name_of(&d).as_str(),
                                "ul" | "ol"
                                    | "table"
                                    | "h1"
                                    | "h2"
                                    | "h3"
                                    | "h4"
                                    | "h5"
                                    | "h6"
                                    | "blockquote"
                                    | "pre"
                            )
                        })
                })
            });
        for c in &captions {
            self.blocks(c, out);
        }
        if layout {
            // A table used for layout: its cells are blocks, in order.
            for r in &rows {
                for c in cells_of(r) {
                    self.blocks(&c, out);
                }
            }
            return;
        }
        let mut grid: Vec<Vec<String>> = Vec::new();
        for r in &rows {
            let mut row = Vec::new();
            for c in cells_of(r) {
                let mut inl = Inline {
                    cell: true,
                    ..Default::default()
                };
                self.inline_children(&c, &mut inl);
                row.push(one_line(&inl.buf));
                let span: usize = c
                    .attr("colspan")
                    .and_then(|s| s.trim().parse().ok())
                    .unwrap_or(1)
                    .clamp(1, 50);
                row.extend(std::iter::repeat_n(String::new(), span - 1));
            }
            grid.push(row);
        }
        if grid.iter().all(|r| r.iter().all(String::is_empty)) {
            return;
        }
        let width = grid.iter().map(Vec::len).max().unwrap_or(0);
        let mut s = String::new();
        for (i, row) in grid.iter_mut().enumerate() {
            row.resize(width, String::new());
            s.push('|');
            for c in row.iter() {
                s.push(' ');
                s.push_str(c);
                s.push_str(" |");
            }
            s.push('\n');
            if i == 0 {
                s.push('|');
                s.push_str(&" --- |".repeat(width));
                s.push('\n');
            }
        }
        s.pop();
        out.push(Block {
            kind: Kind::Other,
            text: s,
        });
    }

    fn inline_children(&self, n: &NodeRef, inl: &mut Inline) {
        for child in n.children_it(false) {
            if child.is_text() {
                inl.text(&child.text());
            } else if child.is_element() {
                let name = name_of(&child);
                if is_skipped(&name) {
                    continue;
                }
                if is_block(&name) {
                    // Blocks inside an inline context (heading, cell): keep
                    // them apart by a space.
                    inl.space();
                    self.inline_children(&child, inl);
                    inl.space();
                } else {
                    self.inline(&child, &name, inl);
                }
            }
        }
    }

    fn inline(&self, n: &NodeRef, name: &str, inl: &mut Inline) {
        match name {
            "br" => inl.buf.push(BR),
            "img" => {
                if let Some(alt) = n.attr("alt") {
                    let alt = super::collapse(&alt);
                    if !alt.is_empty() && !said_by_the_caption(n, &alt) {
                        inl.space();
                        inl.text(&alt);
                        inl.space();
                    }
                }
            }
            "em" | "i" | "cite" | "dfn" | "var" if !inl.em && !inl.code => {
                let mut c = inl.child();
                c.em = true;
                self.inline_children(n, &mut c);
                inl.wrap(&c.buf, "*", "*");
            }
            "strong" | "b" if !inl.strong && !inl.code => {
                let mut c = inl.child();
                c.strong = true;
                self.inline_children(n, &mut c);
                inl.wrap(&c.buf, "**", "**");
            }
            "del" | "s" | "strike" if !inl.strike && !inl.code => {
                let mut c = inl.child();
                c.strike = true;
                self.inline_children(n, &mut c);
                inl.wrap(&c.buf, "~~", "~~");
            }
            "code" | "kbd" | "samp" | "tt" if !inl.code => {
                let mut c = inl.child();
                c.code = true;
                self.inline_children(n, &mut c);
                let core = c.buf.replace(BR, " ");
                let core = core.trim();
                if core.is_empty() {
                    inl.raw(&c.buf);
                    return;
                }
                let fence = "`".repeat(longest_backtick_run(core) + 1);
                let pad = if core.starts_with('`') || core.ends_with('`') {
                    " "
                } else {
                    ""
                };
                if c.buf.starts_with(' ') {
                    inl.space();
                }
                inl.buf.push_str(&format!("{fence}{pad}{core}{pad}{fence}"));
                if c.buf.ends_with(' ') {
                    inl.space();
                }
            }
            // A permalink a site sets beside its headings ("¶", "🔗", "#" linking to the
            // heading's own id): a sign of the page's, no text of the document.
            "a" if is_permalink_sign(n) => {}
            "a" if !inl.link && !inl.code => {
                let mut c = inl.child();
                c.link = true;
                self.inline_children(n, &mut c);
                match n.attr("href").and_then(|h| self.href(&h)) {
                    Some(u) => {
                        let target = if u.contains(['(', ')', ' ']) {
                            format!("<{u}>")
                        } else {
                            u
                        };
                        inl.wrap(&c.buf, "[", &format!("]({target})"));
                    }
                    None => inl.raw(&c.buf),
                }
            }
            _ => self.inline_children(n, inl),
        }
    }

    /// Absolute link target for `href`, or None (the link becomes text).
    fn href(&self, href: &str) -> Option<String> {
        let h = href.trim();
        let lower = h.to_ascii_lowercase();
        if h.is_empty()
            || h.starts_with('#')
            || lower.starts_with("javascript:")
            || lower.starts_with("vbscript:")
            || lower.starts_with("data:")
        {
            return None;
        }
        let u = resolve(h, self.base)?;
        if let Some(b) = self.base {
            // A link to a spot in this same page: text.
            if u.fragment().is_some()
                && u.as_str().split('#').next() == b.as_str().split('#').next()
            {
                return None;
            }
        }
        Some(u.to_string())
    }
}

/// Text of a `<pre>`: text nodes as they are, `<br>` as a newline, no
/// script/style content.
fn pre_text(n: &NodeRef) -> String {
    let mut s = String::new();
    for c in n.children_it(false) {
        if c.is_text() {
            s.push_str(&c.text());
        } else if c.is_element() {
            let name = name_of(&c);
            if name == "br" {
                s.push('\n');
            } else if !is_skipped(&name) {
                s.push_str(&pre_text(&c));
            }
        }
    }
    s.replace(BR, "")
}

fn cells_of<'a>(r: &NodeRef<'a>) -> Vec<NodeRef<'a>> {
    r.children_it(false)
        .filter(|c| matches!(name_of(c).as_str(), "td" | "th"))
        .collect()
}

fn collect_rows<'a>(n: &NodeRef<'a>, rows: &mut Vec<NodeRef<'a>>, caps: &mut Vec<NodeRef<'a>>) {
    for c in n.children_it(false) {
        match name_of(&c).as_str() {
            "tr" => rows.push(c),
            "thead" | "tbody" | "tfoot" => collect_rows(&c, rows, caps),
            "caption" => caps.push(c),
            _ => {}
        }
    }
}

fn indent_lines(s: &str, indent: &str) -> String {
    s.lines()
        .map(|l| {
            if l.is_empty() {
                String::new()
            } else {
                format!("{indent}{l}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn join(blocks: &[Block]) -> String {
    let mut s = String::new();
    for (i, b) in blocks.iter().enumerate() {
        if i > 0 {
            let tight = b.kind == Kind::List || blocks[i - 1].kind == Kind::List;
            s.push_str(if tight && b.kind != blocks[i - 1].kind {
                "\n"
            } else {
                "\n\n"
            });
        }
        s.push_str(&b.text);
    }
    s
}

/// Inline text on one line (headings, table cells).
fn one_line(buf: &str) -> String {
    let s = super::super::settle_emphasis(buf).replace(BR, " ");
    let mut out = String::with_capacity(s.len());
    for w in s.split(' ').filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// Escape what would turn the start of a line into markup.
pub(crate) fn escape_line_start(line: &str) -> String {
    let b = line.as_bytes();
    match b.first() {
        Some(b'#' | b'-' | b'+' | b'=' | b'|') => return format!("\\{line}"),
        Some(c) if c.is_ascii_digit() => {
            let n = b.iter().take_while(|c| c.is_ascii_digit()).count();
            if n <= 9
                && matches!(b.get(n), Some(b'.' | b')'))
                && matches!(b.get(n + 1), None | Some(b' '))
            {
                return format!("{}\\{}", &line[..n], &line[n..]);
            }
        }
        _ => {}
    }
    line.to_string()
}

/// Finish the paragraph in `para`: `<br><br>` splits paragraphs, and so does a single
/// `<br>` between two lines of prose (a CMS editor's shift-enter between paragraphs);
/// otherwise it is a hard line break (an address, a verse, a list of names).
fn flush(para: &mut Inline, out: &mut Vec<Block>) {
    let buf = super::super::settle_emphasis(&std::mem::take(&mut para.buf));
    if buf.trim_matches(|c| c == ' ' || c == BR).is_empty() {
        return;
    }
    let mut paras: Vec<Vec<String>> = vec![Vec::new()];
    let mut breaks = 0;
    for line in buf.split(BR) {
        let l = line.trim_matches(' ');
        if l.is_empty() {
            breaks += 1;
            continue;
        }
        let last = paras.last().and_then(|p| p.last());
        if breaks >= 1
            && last.is_some()
            && (line_gap(breaks) || last.is_some_and(|prev| prose_break(prev, l)))
        {
            paras.push(Vec::new());
        }
        breaks = 1;
        paras
            .last_mut()
            .expect("non-empty")
            .push(escape_line_start(l));
    }
    for p in paras.into_iter().filter(|p| !p.is_empty()) {
        out.push(Block {
            kind: Kind::Para,
            text: p.join("\\\n"),
        });
    }
}

/// Whether `n` consecutive line breaks separate paragraphs (`<br><br>`).
fn line_gap(n: usize) -> bool {
    n >= 2
}

/// Words a line needs on both sides of a `<br>` for the two to be paragraphs: more than
/// an address line, a verse or a name and title ever has.
const PROSE_WORDS: usize = 20;

/// Whether a single `<br>` between `before` and `after` parts two paragraphs: each is a
/// few sentences long and `before` ends one.
fn prose_break(before: &str, after: &str) -> bool {
    let ends_sentence = before
        .trim_end_matches(['"', '\'', '”', '’', '»', ')', '*', '_'])
        .ends_with(['.', '!', '?', '…', ':']);
    ends_sentence
        && before.split_whitespace().count() >= PROSE_WORDS
        && after.split_whitespace().count() >= PROSE_WORDS
}

/// The longest run of backticks in `s`: a code fence or span must be longer to hold it.
/// Whether the caption of the figure an image is in says the image's alt text already
/// (a newspaper's gallery sets the same words as both): then they are said once.
fn said_by_the_caption(img: &NodeRef, alt: &str) -> bool {
    let Some(figure) = img.ancestors_it(None).find(|a| {
        a.node_name()
            .is_some_and(|t| t.eq_ignore_ascii_case("figure"))
    }) else {
        return false;
    };
    let alt = crate::ingest::metadata::alnum_lower(alt);
    figure
        .descendants()
        .into_iter()
        .filter(|d| {
            d.node_name()
                .is_some_and(|t| t.eq_ignore_ascii_case("figcaption"))
        })
        .any(|c| crate::ingest::metadata::alnum_lower(&c.text()).contains(&alt))
}

fn longest_backtick_run(s: &str) -> usize {
    s.split(|c| c != '`').map(str::len).max().unwrap_or(0)
}

/// A link to a place on the page whose text is only signs, no letter or digit: the
/// permalink MkDocs, Sphinx or a blog sets after a heading (`<a class="headerlink"
/// href="#decreta">🔗</a>`).
pub(crate) fn is_permalink_sign(n: &NodeRef) -> bool {
    n.attr("href").is_some_and(|h| h.trim().starts_with('#'))
        && !n.text().chars().any(char::is_alphanumeric)
}

/// The text of a heading without the permalink signs set in it (see
/// [`is_permalink_sign`]).
pub(crate) fn heading_text(h: &NodeRef) -> String {
    let mut text = h.text().to_string();
    for a in h.find(&["a"]) {
        if is_permalink_sign(&a) {
            let sign = a.text().to_string();
            if let Some(at) = text.rfind(sign.as_str()) {
                text.replace_range(at..at + sign.len(), "");
            }
        }
    }
    text
}
