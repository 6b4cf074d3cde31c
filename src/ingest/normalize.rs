//! Normalization: repairs the body of an extracted text into clean Markdown. Takes the
//! decoded seed text, the lines the metadata stage moved into the front matter and the
//! document's [`Profile`]; gives Markdown plus the list of everything it dropped.
//!
//! The normalizer only moves, joins and marks up text; it never invents words. The
//! passes, in order:
//! 1. [`classify`] each line: blank, heading, list marker, table row, footnote, text; and
//!    drop page numbers, form feeds, navigation/share chrome and repeated title pages;
//! 2. [`Assembler`] joins lines into blocks: reflows hard-wrapped paragraphs (and column
//!    fragments), repairs line-end hyphenation, finds headings and (nested) lists;
//! 3. paragraphs split by a page break are joined again, their footnotes moved after them;
//! 4. inline repairs: footnote markers, links, words glued by lost hyphens;
//! 5. [`emit`] Markdown.
//!
//! [`verify`] checks the "never invent, never lose" invariant.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use once_cell::sync::Lazy;
use regex::Regex;

use super::metadata::{alnum_lower, replace_tags, Profile};
use super::script::{is_unspaced_script, is_unspaced_text};
use super::spelling::Spellings;

/// A line (or part of one) the normalizer dropped on purpose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dropped {
    /// 1-based line in the seed.
    pub line: usize,
    pub text: String,
    pub rule: &'static str,
}

#[derive(Debug, Clone, Default)]
pub struct Normalized {
    pub markdown: String,
    pub dropped: Vec<Dropped>,
    /// Bold or italic lines made sub-headings, as `(rule, heading text)`, for the report.
    pub promoted: Vec<(&'static str, String)>,
}

/// Normalize a seed's text. `consumed` lists 0-based lines that went into the front matter.
pub fn normalize(text: &str, consumed: &[(usize, &'static str)], profile: Profile) -> Normalized {
    let mut dropped = Vec::new();
    let lines = classify(text, consumed, profile, &mut dropped);
    // A PDF's lines are always the layout's, however narrow its columns.
    let wrapped = (profile.pages_marked() && !profile.slides) || is_hard_wrapped(&lines);
    let plain_headings = lines
        .iter()
        .filter(|l| matches!(l.kind, Kind::Heading { .. }))
        .count()
        < 3;
    let mut blocks = Assembler::new(&lines, profile, wrapped, plain_headings).run();
    if !profile.slides {
        blocks = join_page_breaks(join_split_tables(blocks));
    }
    blocks = join_lowercase_headings(blocks, profile.authored());
    if !profile.authored() {
        blocks = run_in_heads_joined(blocks);
    }
    let promoted = promote_emphasis_headings(&mut blocks);
    settle_heading_levels(&mut blocks, profile);
    // Only PDF extraction loses hyphens at line ends ("awarenessraising") and spaces a
    // word after its ligature ("confi dentiality"); elsewhere a closed compound
    // ("stocktaking") or a space ("staff worked") is the author's and stays, even in
    // Markdown wrapped at a fixed width.
    let vocabulary = if wrapped && !profile.authored() {
        Vocabulary::of(&blocks)
    } else {
        Vocabulary::empty()
    };
    let spellings = Spellings::of(blocks.iter().flat_map(Block::texts));
    for b in &mut blocks {
        b.map_text(|t| {
            // A soft hyphen left at a block's end broke no word: it is invisible anyway.
            let t = t.replace('\u{AD}', "");
            let t = repair_inline(&spellings.join_split_words(&t), &vocabulary);
            // A PDF's backtick is a character of its text, never code: a font that draws
            // the rupee sign on the backtick's code ("`6000 crore") had made code spans.
            if profile.pages_marked() {
                t.replace('`', "\\`")
            } else {
                t
            }
        });
    }
    dropped.sort_by_key(|d| d.line);
    Normalized {
        markdown: emit(&blocks),
        dropped,
        promoted,
    }
}

/// Words in a Markdown text (runs of letters or digits). Chinese and Japanese, written
/// without spaces between words, count a word a character, as their word counters do: a
/// 900-character Chinese article is not 61 "words". (Thai and its neighbours, whose words
/// run to several letters and marks, still count by spaces.)
pub fn count_words(markdown: &str) -> usize {
    markdown
        .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’' && c != '-')
        .map(|token| {
            let mut count = 0;
            let mut in_run = false;
            for c in token.chars() {
                if is_unspaced_script(c) {
                    count += 1;
                    in_run = false;
                } else if c.is_alphanumeric() {
                    count += usize::from(!in_run);
                    in_run = true;
                }
            }
            count
        })
        .sum()
}

/// Whether `next` carries on the web address `text` ends with: the address runs to the
/// line's end and `next` opens with the rest of one (no space, in lower case or figures
/// or an address's marks, with a mark of a path, a query or a domain in it: "d=675>",
/// "einstitute.org/report/ex"), not with a word of the sentence ("accessed on", "2020.").
fn url_goes_on(text: &str, next: &str) -> bool {
    let Some(last) = text.split_whitespace().last() else {
        return false;
    };
    let address = last.trim_start_matches(['<', '(', '[']);
    let is_address = address.starts_with("http://")
        || address.starts_with("https://")
        || address.starts_with("www.");
    if !is_address || last.ends_with(['>', ')', ']']) {
        return false;
    }
    let Some(first) = next.split_whitespace().next() else {
        return false;
    };
    let rest = first.trim_end_matches(['.', ',', ';', ':', ')', ']', '>']);
    let opens_like_rest = first
        .chars()
        .next()
        .is_some_and(|c| c.is_lowercase() || c.is_ascii_digit() || "/?=&#%-_.~".contains(c));
    let has_marks = rest.contains(['/', '=', '?', '&', '_', '-'])
        || rest
            .split_once('.')
            .is_some_and(|(_, after)| after.starts_with(|c: char| c.is_alphabetic()));
    opens_like_rest && has_marks && !rest.contains("://")
}

// ---------------------------------------------------------------------------------------
// Pass 1: classify lines
// ---------------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq)]
enum Marker {
    Bullet,
    /// The marker as written: "1." or "3)".
    Ordered(String),
}

#[derive(Debug, Clone, PartialEq)]
enum Kind {
    Blank,
    /// A Markdown `#` heading in the source.
    Heading {
        level: usize,
    },
    /// A list marker, with the item's text on the same line (possibly empty).
    Item {
        depth: usize,
        marker: Marker,
    },
    TableRow(Vec<String>),
    Footnote {
        label: String,
    },
    /// A line of a block quote (`> ...`), without its marker; empty between paragraphs.
    Quote,
    /// A thematic break an author set between parts (`---`, `* * *`).
    Rule,
    /// A line of a code block, fences included, kept as written (see [`CodeBlocks`]).
    Code,
    Text,
}

#[derive(Debug, Clone)]
struct Line {
    /// 1-based line number in the seed.
    no: usize,
    /// Leading spaces in the seed (a lost bullet glyph often leaves one).
    indent: usize,
    text: String,
    kind: Kind,
}

static SUP_REF: Lazy<Regex> = Lazy::new(|| Regex::new(r"<sup>\s*(\d{1,3})\s*</sup>").unwrap());
static FOOTNOTE_DEF: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^(?:<sup>)?(\d{1,3})(?:</sup>)?\s+(<?https?://\S+>?)\s*$").unwrap());
/// A Markdown footnote definition on one line (`[^1]: text`), as a reader or the
/// plain-text footnote linker writes it.
static MD_FOOTNOTE_DEF: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^\[\^([^\]\s]{1,20})\]:\s+(\S.*)$").unwrap());
static PRINTER_NOTE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"^Insert offset folio \d+[a-z]? here [A-Z]{1,3}\d{2,4}\.\d{3}$").unwrap()
});
static DEAD_LINK: Lazy<Regex> = Lazy::new(|| Regex::new(r"\[((?:[^\[\]\\]|\\.)*)\]\(#\)").unwrap());
static MORE_LINK: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"\s*\[?(?:\.\.\.|…)?\s*\[?(?:\.\.\.|…)?(?i:read )?more\]\(#\)").unwrap()
});
/// A table-of-contents entry: a title, a dot leader and a page number (a leader of a
/// dozen dots or more may go without one). A line that trails off in a few dots is
/// speech cut short ("... (計時器響起 )......", the timer rang in a council's record),
/// never dropped.
static TOC_ENTRY: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"^\S.*?(?:\s*[.·∙‧․]){5,}\s*(?:\d{1,4}|[ivxlc]{1,6})\s*$|^\S.*?(?:\s*[.·∙‧․]){12,}\s*$|^\S.*?…{2,}\s*\d{1,4}\s*$")
        .unwrap()
});
static PAGE_NUMBER: Lazy<Regex> = Lazy::new(|| Regex::new(r"^\s*(?:page\s+)?\d{1,3}\s*$").unwrap());
static MD_ITEM: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^( *)([-*+]|[0-9]{1,2}[.)])(?: +(.*))?$").unwrap());
static GLYPH_ITEM: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^(\s*)([•●▪■◦○◆♦➢➤✓\u{f000}-\u{f0ff}\u{2043}])\s*(.*)$").unwrap());
static SUB_BULLET_O: Lazy<Regex> = Lazy::new(|| Regex::new(r"^\s*o\s+(\p{Lu}.*)$").unwrap());
static ATX: Lazy<Regex> = Lazy::new(|| Regex::new(r"^(#{1,6})\s+(.*?)\s*#*\s*$").unwrap());

/// Navigation and share-button labels that web-page and slide extractions leave behind.
const CHROME_LABELS: &[&str] = &[
    "search",
    "updates",
    "publications",
    "featured",
    "articles",
    "featured articles",
    "key reports",
    "events",
    "like us on facebook",
    "follow us on twitter",
    "on facebook",
    "follow us",
    "on twitter",
    "facebook",
    "twitter",
    "google+",
    "pinterest",
    "linkedin",
    "e-mail",
    "email",
    "print",
    "share",
    "tweet",
    "terms of use",
    "search reports here:",
    "menu",
    "skip to content",
    "skip to main content",
    "back to top",
    "subscribe",
    "newsletter",
    "cookie settings",
    "accept cookies",
    "related posts",
    "share this",
    "share this page",
];

/// Words that make up navigation bars ("HOME REPORTS SUBMIT INCIDENT GET ALERTS").
const NAV_WORDS: &[&str] = &[
    "home",
    "reports",
    "report",
    "submit",
    "incident",
    "get",
    "alerts",
    "contact",
    "us",
    "how",
    "to",
    "help",
    "about",
    "filters",
    "filter",
    "news",
    "pictures",
    "video",
    "todo",
    "views",
    "clusters",
    "category",
    "categories",
    "all",
    "rss",
    "download",
    "login",
    "log",
    "in",
    "register",
    "sign",
    "up",
    "menu",
    "search",
];

/// "Intentionally Blank", "This page intentionally left blank": a notice on a page left
/// empty for printing, in English, French, Spanish and German.
static BLANK_PAGE_NOTICE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)^(?:(?:this\s+)?page\s+(?:(?:has\s+been|is)\s+)?)?(?:intentionally\s+(?:left\s+)?blank|left\s+blank\s+intentionally)\.?$|^page\s+(?:laissée\s+)?(?:intentionnellement\s+)?(?:en\s+)?blanche(?:\s+intentionnellement)?\.?$|^página\s+(?:dejada\s+)?en\s+blanco(?:\s+intencionadamente|\s+intencionalmente)?\.?$|^(?:diese\s+seite\s+(?:wurde\s+)?)?(?:absichtlich|bewusst)\s+(?:frei|leer)(?:\s*gelassen)?\.?$")
        .unwrap()
});

/// Where a text's code blocks are: fenced ones (```` ``` ```` or `~~~`, as Markdown, the
/// web-page reader and the Word reader write them) in any text, and in Markdown also
/// those indented by four spaces after a blank line (not under a list item, where such
/// a line is the item's next paragraph).
struct CodeBlocks {
    /// Per line: part of a fenced block, or of an indented one.
    kind: Vec<Option<CodeKind>>,
}

#[derive(Clone, Copy, PartialEq)]
enum CodeKind {
    Fenced,
    Indented,
}

impl CodeBlocks {
    fn find(raw: &[&str], commonmark: bool) -> CodeBlocks {
        let mut kind = vec![None; raw.len()];
        let mut fence: Option<(char, usize)> = None;
        let mut under_item = false;
        let mut i = 0;
        while i < raw.len() {
            let line = raw[i];
            let t = line.trim_start();
            if let Some((c, n)) = fence {
                kind[i] = Some(CodeKind::Fenced);
                let run = t.chars().take_while(|&x| x == c).count();
                if run >= n && t[run * c.len_utf8()..].trim().is_empty() {
                    fence = None;
                }
                i += 1;
                continue;
            }
            if super::metadata::is_code_fence(line) && line.len() - t.len() <= 3 {
                let c = t.chars().next().unwrap_or('`');
                fence = Some((c, t.chars().take_while(|&x| x == c).count()));
                kind[i] = Some(CodeKind::Fenced);
                i += 1;
                continue;
            }
            let blank_before = i > 0 && raw[i - 1].trim().is_empty();
            if commonmark && blank_before && !under_item && indent_width(line) >= 4 && !t.is_empty()
            {
                // The block runs over indented lines and the blank lines between them.
                let mut end = i;
                let mut j = i;
                while j < raw.len() && (raw[j].trim().is_empty() || indent_width(raw[j]) >= 4) {
                    if !raw[j].trim().is_empty() {
                        end = j + 1;
                    }
                    j += 1;
                }
                kind[i..end].fill(Some(CodeKind::Indented));
                i = end;
                continue;
            }
            if !t.is_empty() {
                under_item = MD_ITEM.is_match(line) || (under_item && indent_width(line) >= 2);
            }
            i += 1;
        }
        CodeBlocks { kind }
    }

    /// Line `i` as a code block holds it, or `None` outside code blocks. An indented block
    /// is written fenced (its lines less four spaces): after a list, four spaces would
    /// make it the last item's paragraph.
    fn line(&self, i: usize, raw_line: &str) -> Option<String> {
        let first = |k: usize| k == 0 || self.kind[k - 1] != self.kind[k];
        let last = |k: usize| self.kind.get(k + 1).copied().flatten() != self.kind[k];
        match self.kind.get(i).copied().flatten()? {
            CodeKind::Fenced => Some(raw_line.trim_end_matches(['\r', '\n']).to_string()),
            CodeKind::Indented => {
                let body = strip_indent(raw_line, 4);
                let mut text = String::new();
                if first(i) {
                    text.push_str("```\n");
                }
                text.push_str(body.trim_end());
                if last(i) {
                    text.push_str("\n```");
                }
                Some(text)
            }
        }
    }
}

/// Characters from which a Markdown line ending a sentence is a paragraph of its own.
const LONG_LINE: usize = 200;

/// A Markdown line that goes on a paragraph: not blank, and no heading, list item, quote,
/// table row or code fence.
fn is_paragraph_line(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty()
        && !MD_ITEM.is_match(line)
        && !t.starts_with(['#', '>', '|'])
        && !super::metadata::is_code_fence(t)
}

/// Columns of leading white space, a tab counting to the next multiple of four.
fn indent_width(line: &str) -> usize {
    let mut width = 0;
    for c in line.chars() {
        match c {
            ' ' => width += 1,
            '\t' => width += 4 - width % 4,
            _ => break,
        }
    }
    width
}

/// `line` less `n` columns of leading white space.
fn strip_indent(line: &str, n: usize) -> &str {
    let mut width = 0;
    for (at, c) in line.char_indices() {
        if width >= n {
            return &line[at..];
        }
        match c {
            ' ' => width += 1,
            '\t' => width += 4 - width % 4,
            _ => return &line[at..],
        }
    }
    ""
}

fn classify(
    text: &str,
    consumed: &[(usize, &'static str)],
    profile: Profile,
    dropped: &mut Vec<Dropped>,
) -> Vec<Line> {
    let consumed: HashMap<usize, &'static str> = consumed.iter().copied().collect();
    let footnote_refs = defined_sup_refs(text);
    let consumed_text: String = text
        .lines()
        .enumerate()
        .filter(|(i, _)| consumed.contains_key(i))
        .map(|(_, l)| alnum_lower(l))
        .collect();
    let raw: Vec<&str> = text.lines().collect();
    let chrome = chrome_lines(&raw);
    let page_edges = page_edge_lines(&raw, profile.pages_marked());
    let long_page_numbers = page_edges
        .as_ref()
        .map(|edges| long_page_numbers(&raw, edges))
        .unwrap_or_default();
    // A PDF's reader takes its running headers out itself, knowing the pages' layout; a
    // text with its pages marked (a PDF saved as text) leaves them to be found here.
    let running = match &page_edges {
        Some(edges) if !profile.pages_marked() => running_lines(&raw, edges),
        _ => HashSet::new(),
    };
    // A cover repeated as the next page's title page comes in the first pages, before
    // the text's first long line (an Indonesian law's elucidation, sixty pages on, opens
    // on its title again, and is no repeated cover).
    let third_page = raw
        .iter()
        .enumerate()
        .filter(|(_, l)| l.contains('\u{c}'))
        .nth(2)
        .map_or(raw.len(), |(i, _)| i);
    let top_end = raw
        .iter()
        .position(|l| l.trim().chars().count() > 100)
        .unwrap_or(raw.len())
        .min(third_page);
    let title_page_repeat: Vec<bool> = raw
        .iter()
        .enumerate()
        .map(|(i, l)| {
            consumed.contains_key(&i)
                || (i < top_end
                    && !consumed_text.is_empty()
                    && is_title_page_repeat(l.trim(), &consumed_text))
        })
        .collect();
    let code = CodeBlocks::find(&raw, profile.commonmark());
    let mut lines = Vec::with_capacity(raw.len());
    // The line after a UN job number may hold the rest of it (the print date, "040295").
    let mut after_job_number = false;
    for (i, raw_line) in raw.iter().enumerate() {
        let no = i + 1;
        if let Some(text) = code.line(i, raw_line) {
            lines.push(Line {
                no,
                indent: 0,
                text,
                kind: Kind::Code,
            });
            continue;
        }
        let mut drop = |rule: &'static str, text: &str| {
            dropped.push(Dropped {
                line: no,
                text: text.to_string(),
                rule,
            });
        };
        if let Some(rule) = consumed.get(&i) {
            drop(rule, raw_line.trim());
            continue;
        }
        let mut line = raw_line.replace('\u{a0}', " ");
        if line.contains('\u{c}') {
            drop("form feed (page break)", "\u{c}");
            line = line.replace('\u{c}', "");
        }
        // Two spaces at a Markdown line's end break the line as a backslash does (the
        // backslash survives trimming), inside a paragraph only: at a block's end (before
        // a blank line, a list item, a heading) they break nothing.
        let author_break = profile.commonmark()
            && line.ends_with("  ")
            && is_paragraph_line(&line)
            && raw.get(i + 1).is_some_and(|next| is_paragraph_line(next));
        let mut line = line.trim_end().to_string();
        if author_break && !line.ends_with('\\') {
            line.push('\\');
        }
        let trimmed = line.trim();
        if trimmed.is_empty() {
            lines.push(Line {
                no,
                indent: 0,
                text: String::new(),
                kind: Kind::Blank,
            });
            continue;
        }
        if chrome[i] {
            drop("navigation or share-button chrome", trimmed);
            continue;
        }
        if i < top_end && title_page_repeat[i] && whole_block_repeats(&raw, i, &title_page_repeat) {
            drop("repeated title page", trimmed);
            continue;
        }
        if running.contains(&i) {
            drop("running header", trimmed);
            continue;
        }
        if TOC_ENTRY.is_match(trimmed) {
            drop("table of contents entry", trimmed);
            continue;
        }
        if !profile.slides
            && !profile.unpaginated()
            && (PAGE_NUMBER.is_match(trimmed) || long_page_numbers.contains(&i))
            && is_isolated(&raw, i)
            && page_edges.as_ref().is_none_or(|edge| edge[i])
        {
            drop("page number", trimmed);
            continue;
        }
        // A rule line, even when the PDF reader marked it up as a heading for its size.
        let bare = trimmed.trim_start_matches(['#', ' ']);
        // As CommonMark reads one: three or more of one of `-`, `*`, `_`, spaces between
        // them or not ("---", "- - -").
        let marks: String = bare.chars().filter(|c| *c != ' ' && *c != '\t').collect();
        let rule = marks.len() >= 3
            && ["-", "*", "_"]
                .iter()
                .any(|m| marks.chars().all(|c| m.starts_with(c)));
        // A dinkus, asterisks set apart ("* * *"), is an author's break between parts in
        // any format (a parliament's record between its items); a rule is one in a
        // Markdown, web or Word text, and page furniture in an extraction.
        // So is a lone asterisk or a few set on their own line in an extraction (a
        // speech's "*" between its parts), where no Markdown makes it a list item.
        let asterisks = bare.chars().filter(|c| *c == '*').count();
        let dinkus = bare.chars().all(|c| c == '*' || c == ' ')
            && ((bare.contains(' ') && asterisks >= 3)
                || (!profile.authored() && (1..=5).contains(&asterisks)));
        if (dinkus || (rule && profile.authored())) && !trimmed.starts_with('#') {
            lines.push(Line {
                no,
                indent: 0,
                text: String::new(),
                kind: Kind::Rule,
            });
            continue;
        }
        if rule {
            drop("page footer rule", trimmed);
            continue;
        }
        let rest_of_job_number =
            after_job_number && bare.len() == 6 && bare.chars().all(|c| c.is_ascii_digit());
        if super::metadata::is_un_job_number(bare) || rest_of_job_number {
            drop("UN document job number or barcode", trimmed);
            after_job_number = true;
            continue;
        }
        if !bare.is_empty() {
            after_job_number = false;
        }
        // "/...": a UN page's mark that the text goes on overleaf.
        if !profile.authored() && bare == "/..." {
            drop("continued overleaf mark", trimmed);
            continue;
        }
        if !profile.authored() && BLANK_PAGE_NOTICE.is_match(bare) {
            drop("blank page notice", trimmed);
            continue;
        }
        // The Government Publishing Office's note to its printer where a page is pasted
        // in ("Insert offset folio 8 here HR728.001"), on every congressional report.
        if !profile.authored() && PRINTER_NOTE.is_match(bare) {
            drop("printer's note", trimmed);
            continue;
        }
        // A pipe table's delimiter row is markup, not words: the table is emitted anew.
        if is_pipe_delimiter_row(trimmed)
            && lines
                .last()
                .is_some_and(|l: &Line| matches!(l.kind, Kind::TableRow(_)))
        {
            continue;
        }
        if let Some(m) = MORE_LINK.find(&line) {
            drop("\"more\" link (chrome)", m.as_str().trim());
            line = format!("{}{}", &line[..m.start()], &line[m.end()..]);
            if line.trim().is_empty() {
                continue;
            }
        }
        // Word's `o` glyph sets a sub-item under a bullet; outside a list, a line opening
        // on "o" carries on a sentence with a word: Portuguese's article ("o Pacto para" /
        // "o Futuro."), Spanish and Italian "or".
        let o_is_a_glyph = SUB_BULLET_O.is_match(&line)
            && (in_a_list(&lines) || raw.get(i + 1).is_some_and(|n| SUB_BULLET_O.is_match(n)));
        let mut classified = classify_line(no, &line, &footnote_refs, o_is_a_glyph, dropped);
        // The line after a UN masthead's "Agenda item 13" is that item's title, not a
        // section of the document.
        let after_agenda = || {
            lines
                .iter()
                .rev()
                .find(|l| l.kind != Kind::Blank)
                .is_some_and(|l| super::metadata::is_agenda_item(&l.text))
        };
        // A letter alone set large (a UN masthead's "A", a signature's initial) heads
        // nothing: it stays a line of text.
        let lone_letter = || {
            classified
                .text
                .split_whitespace()
                .collect::<String>()
                .chars()
                .count()
                == 1
        };
        // Nor does a speech's greeting or its closing thanks, set large ("Je vous
        // remercie de votre aimable attention", "Amigos y amigas:"): it stays a line of
        // its own. A date alone set large ends the line above ("... l'Assemblée générale
        // le" / "13 septembre 2007") or dates the page: it heads nothing.
        let set_large = !profile.authored() && matches!(classified.kind, Kind::Heading { .. });
        let formula = set_large && super::metadata::is_speech_formula(&classified.text);
        let date_alone = set_large && super::metadata::is_date_only(&classified.text);
        if matches!(classified.kind, Kind::Heading { .. })
            && (after_agenda() || lone_letter() || formula || date_alone)
        {
            classified.kind = Kind::Text;
        }
        lines.push(classified);
        if formula {
            lines.push(Line {
                no,
                indent: 0,
                text: String::new(),
                kind: Kind::Blank,
            });
        }
    }
    lines
}

/// "Generated on 22 Jan 2025 14:31", "Last updated 3 May 2024, 09:12": when a file was
/// made, a day and a time of day; never a heading.
fn is_timestamp(t: &str) -> bool {
    static CLOCK: Lazy<Regex> = Lazy::new(|| Regex::new(r"\b\d{1,2}:\d{2}\b").unwrap());
    CLOCK.is_match(t) && super::metadata::find_date_range(t).is_some()
}

/// The text of a block quote's line ("> We use the information ..."), nested quotes as
/// one; `None` for a line that is not one.
/// A Markdown line that opens a block of its own: a list item or an ATX heading.
fn opens_markdown_block(text: &str) -> bool {
    static OPENS: Lazy<Regex> =
        Lazy::new(|| Regex::new(r"^(?:[*+-]|[0-9]{1,9}[.)]|#{1,6})(?:\s|$)").unwrap());
    OPENS.is_match(text)
}

fn quote_line(trimmed: &str) -> Option<&str> {
    if trimmed != ">" && !trimmed.starts_with("> ") && !trimmed.starts_with(">>") {
        return None;
    }
    Some(trimmed.trim_start_matches(['>', ' ']))
}

/// Whether the lines read so far leave a list open: the last of them (blank lines aside)
/// announces one (ends on a colon), or is an item or a line its text runs on over.
fn in_a_list(lines: &[Line]) -> bool {
    let mut before = lines
        .iter()
        .rev()
        .skip_while(|l| l.kind == Kind::Blank)
        .peekable();
    let after_colon = before
        .peek()
        .is_some_and(|l| l.text.trim_end().ends_with(':'));
    after_colon
        || before
            .take_while(|l| matches!(l.kind, Kind::Text | Kind::Item { .. }))
            .any(|l| l.kind != Kind::Text)
}

/// One line's kind and text. `o_is_a_glyph`: a line opening on "o" is a sub-item (Word's
/// `o` glyph), as it is in a list; elsewhere it is text.
fn classify_line(
    no: usize,
    line: &str,
    footnote_refs: &HashSet<String>,
    o_is_a_glyph: bool,
    dropped: &mut Vec<Dropped>,
) -> Line {
    let indent = line.len() - line.trim_start().len();
    let trimmed = line.trim();
    let text = clean_inline(trimmed, footnote_refs);
    let mk = |kind: Kind, text: String| Line {
        no,
        indent,
        text,
        kind,
    };
    if let Some(c) = FOOTNOTE_DEF.captures(trimmed) {
        if footnote_refs.contains(&c[1]) {
            let url = c[2].trim_start_matches('<').trim_end_matches('>');
            return mk(
                Kind::Footnote {
                    label: c[1].to_string(),
                },
                format!("<{url}>"),
            );
        }
    }
    if let Some(c) = MD_FOOTNOTE_DEF.captures(trimmed) {
        return mk(
            Kind::Footnote {
                label: c[1].to_string(),
            },
            clean_inline(&c[2], footnote_refs),
        );
    }
    if let Some(quoted) = quote_line(trimmed) {
        // How far the quoted text is set in after its mark and one space: a nested
        // item's indentation, kept for Markdown as its author wrote it.
        let after_mark = trimmed.trim_start_matches('>');
        let after_mark = after_mark.strip_prefix(' ').unwrap_or(after_mark);
        return Line {
            indent: after_mark.len() - after_mark.trim_start().len(),
            ..mk(Kind::Quote, clean_inline(quoted, footnote_refs))
        };
    }
    if let Some(cells) = pipe_row_cells(trimmed) {
        let cells = cells
            .iter()
            .map(|c| clean_inline(c, footnote_refs))
            .collect();
        return mk(Kind::TableRow(cells), String::new());
    }
    if line.contains('\t') {
        let cells = line
            .split('\t')
            .map(|c| clean_inline(c.trim(), footnote_refs))
            .collect();
        return mk(Kind::TableRow(cells), String::new());
    }
    if let Some(c) = ATX.captures(trimmed) {
        let body = strip_bold(&clean_inline(&c[2], footnote_refs));
        // A UN masthead set large ("United Nations", "General Assembly") says who issued
        // the document; it is not a section of it.
        if super::metadata::is_masthead(&body) {
            return mk(Kind::Text, body);
        }
        return mk(Kind::Heading { level: c[1].len() }, body);
    }
    if let Some(c) = GLYPH_ITEM.captures(line) {
        let depth = usize::from(c[1].len() >= 4);
        return mk(
            Kind::Item {
                depth,
                marker: Marker::Bullet,
            },
            clean_inline(&c[3], footnote_refs),
        );
    }
    if let Some(c) = SUB_BULLET_O.captures(line).filter(|_| o_is_a_glyph) {
        dropped.push(Dropped {
            line: no,
            text: "o".into(),
            rule: "sub-bullet glyph `o`",
        });
        return mk(
            Kind::Item {
                depth: 1,
                marker: Marker::Bullet,
            },
            clean_inline(&c[1], footnote_refs),
        );
    }
    if let Some(c) = MD_ITEM.captures(line) {
        let marker = &c[2];
        let mut rest = c.get(3).map_or("", |m| m.as_str()).to_string();
        // "- - text": a doubled marker from the extraction.
        while let Some(r) = rest.strip_prefix("- ") {
            rest = r.to_string();
        }
        let ordered = marker.chars().next().is_some_and(|c| c.is_ascii_digit());
        // One space of indent nests a bullet in slide decks ("- a\n - b"); before a
        // number it is just extraction noise.
        let depth = usize::from(c[1].len() >= if ordered { 2 } else { 1 });
        let marker = if ordered {
            Marker::Ordered(marker.to_string())
        } else {
            Marker::Bullet
        };
        return mk(
            Kind::Item { depth, marker },
            clean_inline(&rest, footnote_refs),
        );
    }
    mk(Kind::Text, text)
}

/// Inline clean-up that keeps every word: `<sup>n</sup>` becomes a footnote reference,
/// other HTML tags go, dead `(#)` links become their text.
/// The cells of a Markdown pipe-table row (`| a | b |`, what the HTML and DOCX readers
/// write), unescaped; `None` for anything else. Two cells at least, so a line that only
/// happens to start and end with a bar stays text.
fn pipe_row_cells(line: &str) -> Option<Vec<String>> {
    let inner = line.strip_prefix('|')?.strip_suffix('|')?;
    if inner.ends_with('\\') {
        return None;
    }
    let mut cells = vec![String::new()];
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                cells.last_mut()?.push('|');
                chars.next();
            }
            '|' => cells.push(String::new()),
            _ => cells.last_mut()?.push(c),
        }
    }
    let cells: Vec<String> = cells.iter().map(|c| c.trim().to_string()).collect();
    (cells.len() >= 2).then_some(cells)
}

/// `| --- | :-: |`: the row under a pipe table's header.
fn is_pipe_delimiter_row(line: &str) -> bool {
    pipe_row_cells(line).is_some_and(|cells| {
        cells.iter().all(|c| {
            let c = c.trim_matches(':');
            !c.is_empty() && c.chars().all(|ch| ch == '-')
        })
    })
}

/// The superscript numbers (`<sup>1</sup>`) that point to a note the text defines (a
/// line "1 <https://...>" or `[^1]: ...`): those become footnote references. A page that
/// kept its superscripts but not its notes (they were in a template's include) keeps its
/// numbers as they are, never a reference to nothing.
fn defined_sup_refs(text: &str) -> HashSet<String> {
    let used: HashSet<&str> = SUP_REF
        .captures_iter(text)
        .map(|c| c.get(1).map_or("", |m| m.as_str()))
        .collect();
    text.lines()
        .filter_map(|l| {
            let l = l.trim();
            FOOTNOTE_DEF
                .captures(l)
                .or_else(|| MD_FOOTNOTE_DEF.captures(l))
                .map(|c| c[1].to_string())
        })
        .filter(|n| used.contains(n.as_str()))
        .collect()
}

fn clean_inline(s: &str, footnote_refs: &HashSet<String>) -> String {
    let s = SUP_REF.replace_all(s, |c: &regex::Captures| {
        if footnote_refs.contains(&c[1]) {
            format!("[^{}]", &c[1])
        } else {
            c[1].to_string()
        }
    });
    // Struck-out words stay struck out ("$<s>850</s> [825] million", a transcript's
    // correction): without the strike they would read as said and standing.
    static STRUCK: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"(?i)<(?:s|del|strike)(?:\s[^<>]*)?>([^<]*?\S[^<]*?)</(?:s|del|strike)>")
            .unwrap()
    });
    let s = STRUCK.replace_all(&s, |c: &regex::Captures| format!("~~{}~~", c[1].trim()));
    let s = replace_tags(&s, "");
    let s = DEAD_LINK.replace_all(&s, |c: &regex::Captures| unescape_md(&c[1]));
    s.into_owned()
}

fn unescape_md(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && chars.peek().is_some_and(|n| n.is_ascii_punctuation()) {
            continue;
        }
        out.push(c);
    }
    out
}

fn strip_bold(s: &str) -> String {
    s.replace("**", "").trim().to_string()
}

/// A line near the top that repeats (part of) the title block: cover pages and title
/// pages repeat the title, subtitle and authors.
/// Whether every line of the block holding line `at` (the lines between two blank lines
/// or page breaks) repeats the title page: a line of a paragraph that happens to read
/// like part of the title ("... des non-inscrits présents à" / "l'Assemblée nationale.")
/// is text, not a repeat.
fn whole_block_repeats(raw: &[&str], at: usize, repeat: &[bool]) -> bool {
    // A page's first line carries the form feed: it opens a block.
    let page_start = |l: &str| l.contains('\u{c}');
    let blank = |l: &str| l.trim().is_empty();
    let mut first = at;
    while first > 0 && !page_start(raw[first]) && !blank(raw[first - 1]) {
        first -= 1;
    }
    let mut last = at;
    while last + 1 < raw.len() && !blank(raw[last + 1]) && !page_start(raw[last + 1]) {
        last += 1;
    }
    repeat[first..=last].iter().all(|r| *r)
}

fn is_title_page_repeat(line: &str, consumed: &str) -> bool {
    let a = alnum_lower(&replace_tags(line, ""));
    a.len() >= 4 && consumed.contains(&a)
}

/// The lines at pages' edges that read the same (spaces aside) on at least half of the
/// pages, three at least: a running header or footer ("立法會 ─ 2013年 1月 10日" over
/// every page of a council's record).
fn running_lines(raw: &[&str], edges: &[bool]) -> HashSet<usize> {
    let pages = 1 + raw.iter().filter(|l| l.contains('\u{c}')).count();
    let squash = |l: &str| {
        l.replace('\u{c}', "")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut seen: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, line) in raw.iter().enumerate() {
        let text = squash(line);
        // A number alone is a page number, for the rule on those.
        if edges[i] && text.chars().any(char::is_alphabetic) {
            seen.entry(text).or_default().push(i);
        }
    }
    seen.into_values()
        .filter(|lines| lines.len() >= 3 && lines.len() * 2 >= pages)
        .flatten()
        .collect()
}

/// The lines at pages' edges that are a number of four or five digits counting with the
/// one on the page before or after: a record paginated across its volume ("3231",
/// "3232", ...; three digits at most are page numbers anyway). A year alone on a cover
/// counts with nothing, and stays.
fn long_page_numbers(raw: &[&str], edges: &[bool]) -> HashSet<usize> {
    let numbers: Vec<(usize, u32)> = raw
        .iter()
        .enumerate()
        .filter(|(i, _)| edges[*i])
        .filter_map(|(i, l)| {
            let t = l.trim().trim_start_matches('\u{c}').trim();
            let long = (4..=5).contains(&t.len()) && t.chars().all(|c| c.is_ascii_digit());
            long.then(|| t.parse().ok().map(|n| (i, n))).flatten()
        })
        .collect();
    let counts = |a: (usize, u32), b: (usize, u32)| b.1 == a.1 + 1;
    numbers
        .iter()
        .enumerate()
        .filter(|&(k, &n)| {
            (k > 0 && counts(numbers[k - 1], n))
                || numbers.get(k + 1).is_some_and(|&next| counts(n, next))
        })
        .map(|(_, &(i, _))| i)
        .collect()
}

/// A line with a blank line (or the start/end of the text) before or after it.
/// When the text marks its pages (form feeds), the first and last lines with text of each
/// page: the only places a page number can be. A number inside a page is a table cell
/// or a figure's label, and stays. `None` when the text has no page breaks and is no
/// PDF's (a one-page PDF has no form feed, and its inside is no edge either).
fn page_edge_lines(raw: &[&str], pages_marked: bool) -> Option<Vec<bool>> {
    if !pages_marked && !raw.iter().any(|l| l.contains('\u{c}')) {
        return None;
    }
    let mut edges = vec![false; raw.len()];
    let mut page: Vec<usize> = Vec::new();
    let mut close = |page: &mut Vec<usize>| {
        if let (Some(&first), Some(&last)) = (page.first(), page.last()) {
            edges[first] = true;
            edges[last] = true;
        }
        page.clear();
    };
    for (i, line) in raw.iter().enumerate() {
        if line.contains('\u{c}') {
            close(&mut page);
        }
        if !line.replace('\u{c}', "").trim().is_empty() {
            page.push(i);
        }
    }
    close(&mut page);
    Some(edges)
}

fn is_isolated(raw: &[&str], i: usize) -> bool {
    let blank = |j: Option<usize>| {
        j.and_then(|j| raw.get(j))
            .is_none_or(|l| l.trim().is_empty())
    };
    blank(i.checked_sub(1)) || blank(Some(i + 1))
}

/// Mark lines of navigation/share chrome: runs (ignoring blank lines) of at least two
/// lines that are each a chrome label, a dead link, or a bar of navigation words.
fn chrome_lines(raw: &[&str]) -> Vec<bool> {
    let is_chrome = |l: &str| {
        let t = l.trim();
        let plain = t.replace("**", "");
        let lower = plain.to_lowercase();
        if CHROME_LABELS.contains(&lower.as_str()) {
            return true;
        }
        if DEAD_LINK
            .find(t)
            .is_some_and(|m| m.start() == 0 && m.end() == t.len())
        {
            return true;
        }
        let words: Vec<&str> = lower
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        let caps = plain
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase);
        caps && words.len() >= 2 && words.iter().all(|w| NAV_WORDS.contains(w))
    };
    let flags: Vec<bool> = raw.iter().map(|l| is_chrome(l)).collect();
    let mut out = vec![false; raw.len()];
    let mut i = 0;
    while i < raw.len() {
        if !flags[i] {
            i += 1;
            continue;
        }
        let mut run = vec![i];
        let mut j = i + 1;
        while j < raw.len() && (flags[j] || raw[j].trim().is_empty()) {
            if flags[j] {
                run.push(j);
            }
            j += 1;
        }
        if run.len() >= 2 {
            for k in run {
                out[k] = true;
            }
        }
        i = j;
    }
    out
}

/// Hard-wrapped text (PDF extraction): most prose lines are long and followed by more text.
/// Whether the text opens its paragraphs with a first-line indent: ten lines at least,
/// and most of the indented text lines, are indented by three spaces or more and go on
/// in a line set flush left (a lost bullet glyph leaves a space or two, and an item's
/// further lines keep their indent).
fn first_line_indents(lines: &[Line]) -> bool {
    let (mut indented, mut opening) = (0, 0);
    for (i, l) in lines.iter().enumerate() {
        if l.kind == Kind::Text && l.indent > 0 {
            indented += 1;
            let flush_left_next = lines
                .get(i + 1)
                .is_some_and(|n| n.kind == Kind::Text && n.indent == 0);
            opening += usize::from(l.indent >= 3 && flush_left_next);
        }
    }
    opening >= 10 && opening * 3 >= indented * 2
}

fn is_hard_wrapped(lines: &[Line]) -> bool {
    let text: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i].kind == Kind::Text)
        .collect();
    if text.len() < 10 {
        return false;
    }
    // A full line is 60 characters or more, or, in a narrow text (a court reporter's
    // transcript wraps at about 52), four fifths of its longest lines, 40 at least.
    let mut lens: Vec<usize> = text
        .iter()
        .map(|&i| lines[i].text.chars().count())
        .collect();
    lens.sort_unstable();
    let full = (lens[lens.len() * 9 / 10] * 4 / 5).clamp(40, 60);
    let wrapped = text
        .iter()
        .filter(|&&i| {
            lines[i].text.chars().count() >= full
                && lines
                    .get(i + 1)
                    .is_some_and(|n| matches!(n.kind, Kind::Text | Kind::Item { .. }))
        })
        .count();
    wrapped * 3 > text.len()
}

// ---------------------------------------------------------------------------------------
// Pass 2: assemble blocks
// ---------------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq)]
struct Item {
    depth: usize,
    marker: Marker,
    text: String,
    /// Made from a line whose bullet glyph was lost (an indented capitalised line);
    /// a "list" of one such item is really a paragraph.
    guessed: bool,
}

#[derive(Debug, Clone, PartialEq)]
enum Block {
    /// `plain`: found in plain text (not a `#` heading of the source).
    Heading {
        level: usize,
        text: String,
        plain: bool,
    },
    Paragraph(String),
    List(Vec<Item>),
    Table(Vec<Vec<String>>),
    Footnote {
        label: String,
        text: String,
    },
    /// A block quote's paragraphs; `authored`: Markdown as its author wrote it, whose
    /// quoted lines are Markdown too (lists, headings: one line each, never escaped).
    Quote {
        paras: Vec<String>,
        authored: bool,
    },
    /// A thematic break between parts of an authored text.
    Rule,
    /// A code block's lines, fences included, as the source wrote them: never reflowed,
    /// repaired or searched for headings, lists and page furniture.
    Code(Vec<String>),
    /// Where the source had a page or slide break (a run of blank lines, or lines dropped
    /// as page furniture). Not emitted; it tells the page-break join where to look.
    Break,
}

impl Block {
    /// Every piece of prose in the block.
    fn texts(&self) -> Vec<&str> {
        match self {
            Block::Heading { text, .. } | Block::Paragraph(text) | Block::Footnote { text, .. } => {
                vec![text.as_str()]
            }
            Block::List(items) => items.iter().map(|i| i.text.as_str()).collect(),
            Block::Table(rows) => rows.iter().flatten().map(String::as_str).collect(),
            Block::Quote { paras, .. } => paras.iter().map(String::as_str).collect(),
            Block::Break | Block::Rule | Block::Code(_) => Vec::new(),
        }
    }

    fn map_text(&mut self, f: impl Fn(&str) -> String) {
        match self {
            Block::Heading { text, .. } | Block::Paragraph(text) | Block::Footnote { text, .. } => {
                *text = f(text)
            }
            Block::List(items) => items.iter_mut().for_each(|i| i.text = f(&i.text)),
            Block::Table(rows) => rows.iter_mut().flatten().for_each(|c| *c = f(c)),
            Block::Quote { paras, .. } => paras.iter_mut().for_each(|p| *p = f(p)),
            Block::Break | Block::Rule | Block::Code(_) => {}
        }
    }
}

struct Assembler<'a> {
    lines: &'a [Line],
    profile: Profile,
    wrapped: bool,
    plain_headings: bool,
    /// The text opens its paragraphs with a first-line indent (a court reporter's
    /// transcript): an indented line starts a paragraph; no glyph was lost there.
    first_line_indents: bool,
    /// Typical full line length of the extraction (for reflow decisions).
    measure: usize,
    heading_counts: HashMap<String, usize>,
    /// All the text in lower case, for vocabulary look-ups.
    all_lower: String,
    /// Which lines are plain-text headings (computed once, front to back, since a line
    /// after a heading may itself be one).
    headings: Vec<bool>,
    blocks: Vec<Block>,
    i: usize,
}

impl<'a> Assembler<'a> {
    fn new(lines: &'a [Line], profile: Profile, wrapped: bool, plain_headings: bool) -> Self {
        let mut lens: Vec<usize> = lines
            .iter()
            .filter(|l| l.kind == Kind::Text)
            .map(|l| l.text.chars().count())
            .filter(|&n| n >= 40)
            .collect();
        lens.sort_unstable();
        let measure = lens
            .get(lens.len() * 9 / 10)
            .copied()
            .unwrap_or(100)
            .max(40);
        let mut a = Assembler {
            lines,
            profile,
            wrapped,
            plain_headings,
            first_line_indents: first_line_indents(lines),
            measure,
            heading_counts: HashMap::new(),
            all_lower: lines
                .iter()
                .map(|l| l.text.to_lowercase())
                .collect::<Vec<_>>()
                .join(" "),
            headings: vec![false; lines.len()],
            blocks: Vec::new(),
            i: 0,
        };
        for (k, line) in lines.iter().enumerate() {
            if a.detect_plain_heading(k) {
                a.headings[k] = true;
                *a.heading_counts.entry(heading_key(&line.text)).or_default() += 1;
            }
        }
        a
    }

    /// A run of quote lines: its paragraphs, parted by empty quote lines. In Markdown as
    /// its author wrote it, a line without the quotation mark right after a quoted line
    /// goes on with the quoted paragraph (CommonMark's lazy continuation), and a line
    /// ending in a break keeps it.
    fn quote(&mut self) {
        let mut paras: Vec<String> = vec![String::new()];
        while let Some(line) = self.lines.get(self.i) {
            let lazy = line.kind == Kind::Text
                && self.profile.commonmark()
                && paras.last().is_some_and(|p| !p.is_empty());
            if line.kind != Kind::Quote && !lazy {
                break;
            }
            let text = line.text.trim();
            let para = paras.last_mut().expect("one paragraph at least");
            // In Markdown as its author wrote it, a quoted line that opens a block (an
            // item, a heading) or follows a heading is a line of its own, indented as
            // written: a quoted e-mail's lists had been run into one line each.
            let own_line = self.profile.commonmark()
                && line.kind == Kind::Quote
                && !para.is_empty()
                && (opens_markdown_block(text)
                    || para.rsplit('\n').next().is_some_and(|last| {
                        opens_markdown_block(last.trim_start())
                            && last.trim_start().starts_with('#')
                    }));
            if text.is_empty() {
                if !para.is_empty() {
                    paras.push(String::new());
                }
            } else {
                if own_line
                    || (self.profile.authored() && super::metadata::ends_with_hard_break(para))
                {
                    para.push('\n');
                } else if !para.is_empty() {
                    para.push(' ');
                }
                if own_line {
                    para.push_str(&" ".repeat(line.indent));
                }
                para.push_str(text);
            }
            self.i += 1;
        }
        paras.retain(|p| !p.is_empty());
        if !paras.is_empty() {
            self.blocks.push(Block::Quote {
                paras,
                authored: self.profile.commonmark(),
            });
        }
    }

    fn run(mut self) -> Vec<Block> {
        let mut after_separator = true;
        while self.i < self.lines.len() {
            let line = &self.lines[self.i];
            let prev_no = self.i.checked_sub(1).map(|p| self.lines[p].no);
            if prev_no.is_some_and(|p| line.no > p + 1) {
                // Lines were dropped here (page number, footer rule, chrome).
                self.blocks.push(Block::Break);
            }
            match &line.kind {
                Kind::Blank => {
                    let start = self.i;
                    while self.i < self.lines.len() && self.lines[self.i].kind == Kind::Blank {
                        self.i += 1;
                    }
                    if self.i - start >= 2 {
                        after_separator = true;
                        self.blocks.push(Block::Break);
                    }
                    continue;
                }
                // A line an extraction set large or bold that announces what follows
                // in a sentence ("We are taking concrete steps to:" over a list) is
                // the sentence's lead-in, not a section's heading; it keeps its colon.
                Kind::Heading { .. } if self.is_lead_in(&line.text) => {
                    self.blocks
                        .push(Block::Paragraph(line.text.trim().to_string()));
                    self.i += 1;
                }
                Kind::Heading { level } => {
                    self.blocks.push(Block::Heading {
                        level: *level,
                        text: strip_trailing_colon(&line.text),
                        plain: false,
                    });
                    self.i += 1;
                }
                Kind::Rule => {
                    self.blocks.push(Block::Rule);
                    self.i += 1;
                }
                Kind::Code => {
                    let mut code = Vec::new();
                    while let Some(l) = self.lines.get(self.i).filter(|l| l.kind == Kind::Code) {
                        code.push(l.text.clone());
                        self.i += 1;
                    }
                    self.blocks.push(Block::Code(code));
                }
                Kind::Footnote { label } => {
                    let mut text = line.text.clone();
                    self.i += 1;
                    // A Markdown footnote goes on over the indented lines under it.
                    while let Some(next) = self.lines.get(self.i) {
                        if next.indent < 2 || next.kind != Kind::Text {
                            break;
                        }
                        text.push(' ');
                        text.push_str(next.text.trim());
                        self.i += 1;
                    }
                    self.blocks.push(Block::Footnote {
                        label: label.clone(),
                        text,
                    });
                }
                Kind::TableRow(_) => self.table(),
                Kind::Quote => self.quote(),
                Kind::Item { .. } => self.list(),
                Kind::Text => {
                    if self.profile.slides && self.is_slide_title(self.i, after_separator) {
                        self.blocks.push(Block::Heading {
                            level: 2,
                            text: strip_trailing_colon(&strip_bold(&line.text)),
                            plain: false,
                        });
                        self.i += 1;
                    } else if self.is_plain_heading(self.i) {
                        let recurring = self
                            .heading_counts
                            .get(&heading_key(&line.text))
                            .copied()
                            .unwrap_or(0)
                            > 1;
                        let level = if recurring || line.text.trim_end().ends_with(':') {
                            3
                        } else {
                            2
                        };
                        self.blocks.push(Block::Heading {
                            level,
                            text: strip_trailing_colon(line.text.trim()),
                            plain: true,
                        });
                        self.i += 1;
                    } else if self.starts_guessed_item(self.i) {
                        self.list();
                    } else {
                        self.paragraph();
                    }
                }
            }
            after_separator = false;
        }
        self.blocks
    }

    fn table(&mut self) {
        let mut rows = Vec::new();
        while let Some(Line {
            kind: Kind::TableRow(cells),
            ..
        }) = self.lines.get(self.i)
        {
            rows.push(cells.clone());
            self.i += 1;
        }
        // One line indented by a tab ("\t10:57 A.M. EST") is no table: its one cell is
        // a line of text.
        if let [row] = rows.as_slice() {
            let filled: Vec<&String> = row.iter().filter(|c| !c.is_empty()).collect();
            if filled.len() <= 1 {
                let text = filled.first().map(|c| c.to_string()).unwrap_or_default();
                if !text.is_empty() {
                    self.blocks.push(Block::Paragraph(text));
                }
                return;
            }
        }
        self.blocks.push(Block::Table(rows));
    }

    /// A run of list items. Item text continues on following text lines; an item whose
    /// marker stood alone on its line takes its text from the next text line.
    fn list(&mut self) {
        let mut items: Vec<Item> = Vec::new();
        while let Some(line) = self.lines.get(self.i) {
            let (depth, marker, guessed) = match &line.kind {
                Kind::Item { depth, marker } => (*depth, marker.clone(), false),
                Kind::Text if self.starts_guessed_item(self.i) => (0, Marker::Bullet, true),
                Kind::Blank => {
                    // A list goes on across blank lines only to another marker, or (for
                    // lost glyphs) to another indented capitalised line.
                    let next = self.next_non_blank(self.i);
                    match next.map(|n| &self.lines[n]) {
                        Some(Line {
                            kind: Kind::Item { .. },
                            ..
                        }) => {
                            self.i = next.unwrap_or(self.i);
                            continue;
                        }
                        Some(l)
                            if l.kind == Kind::Text
                                && items.last().is_some_and(|it| it.text.is_empty()) =>
                        {
                            // "-" or "•" alone, its text after a blank line.
                            self.i = next.unwrap_or(self.i);
                            let text = self.item_text(String::new(), false);
                            if let Some(last) = items.last_mut() {
                                last.text = text;
                            }
                            continue;
                        }
                        Some(l)
                            if l.kind == Kind::Text
                                && self.lost_glyph_after_blank(next.unwrap_or(0), &items) =>
                        {
                            self.i = next.unwrap_or(self.i);
                            let text = self.item_text(String::new(), true);
                            items.push(Item {
                                depth: 0,
                                marker: Marker::Bullet,
                                text,
                                guessed: true,
                            });
                            continue;
                        }
                        _ => break,
                    }
                }
                _ => break,
            };
            let first = line.text.clone();
            self.i += 1;
            let text = self.item_text(first, guessed);
            items.push(Item {
                depth,
                marker,
                text,
                guessed,
            });
        }
        // A bullet with no text at all is markup only; a number with no text stays (it is
        // part of the text).
        items.retain(|it| matches!(it.marker, Marker::Ordered(_)) || !it.text.trim().is_empty());
        if items.is_empty() {
            return;
        }
        if items.len() == 1 && items[0].guessed {
            self.blocks.push(Block::Paragraph(items.remove(0).text));
            return;
        }
        normalize_depths(&mut items);
        self.blocks.push(Block::List(items));
    }

    /// After a list of lost-glyph items, blank lines (where the glyph stood) and then a
    /// capitalised line that is not a heading: another item.
    fn lost_glyph_after_blank(&self, k: usize, items: &[Item]) -> bool {
        items.last().is_some_and(|it| it.guessed)
            && items.len() >= 2
            && self.lines[k]
                .text
                .chars()
                .next()
                .is_some_and(char::is_uppercase)
            && !self.is_plain_heading(k)
            && self.lines[k..]
                .iter()
                .take_while(|l| l.kind == Kind::Text)
                .count()
                <= 3
            && self
                .lines
                .get(k.saturating_sub(1))
                .is_some_and(|l| l.kind == Kind::Blank)
            && k >= 3
            && self.lines[k - 3..k].iter().all(|l| l.kind == Kind::Blank)
    }

    /// Gather the text of a list item: its first line plus continuation lines.
    fn item_text(&mut self, first: String, guessed: bool) -> String {
        let mut parts: Vec<(String, usize)> = Vec::new();
        let mut start_line = first;
        if start_line.is_empty() {
            // Marker alone on its line: the text is on the next line(s).
            match self.lines.get(self.i) {
                Some(l) if l.kind == Kind::Text => {
                    start_line = l.text.clone();
                    self.i += 1;
                }
                _ => return String::new(),
            }
        }
        parts.push((start_line, self.i.saturating_sub(1)));
        while let Some(l) = self.lines.get(self.i) {
            // An item whose glyph was lost runs until the next indented line; others
            // stop where a paragraph would.
            let breaks = if guessed {
                l.indent > 0 && starts_upper(&l.text)
            } else {
                self.is_paragraph_break(self.i - 1, self.i)
            };
            if l.kind != Kind::Text {
                break;
            }
            // In Markdown a line indented under the item is the item's, however short
            // the line above.
            let indented_under = self.profile.commonmark() && l.indent > 0;
            if self.wrapped && breaks && !indented_under {
                break;
            }
            // A line at the margin after an item that ends a sentence starts a paragraph
            // of its own, as its author meant, though CommonMark would run it on.
            let last = &self.lines[self.i - 1];
            if self.profile.commonmark()
                && l.indent == 0
                && ends_sentence(&last.text)
                && starts_sentence(&l.text)
            {
                break;
            }
            // In Markdown an item's text runs on over the lines under it, indented or not
            // (CommonMark's lazy continuation); elsewhere, outside hard-wrapped text, a
            // list item is one line.
            // A line the item's line breaks towards (it ends on a backslash, as a Word
            // file's item over its explanation is written) goes on with the item.
            let broken_towards =
                self.profile.authored() && super::metadata::ends_with_hard_break(&last.text);
            if !self.profile.commonmark()
                && !broken_towards
                && (self.is_plain_heading(self.i)
                    || self.starts_guessed_item(self.i)
                    || !self.wrapped)
            {
                break;
            }
            parts.push((l.text.clone(), self.i));
            self.i += 1;
        }
        self.join_lines(&parts)
    }

    fn next_non_blank(&self, from: usize) -> Option<usize> {
        (from..self.lines.len()).find(|&k| self.lines[k].kind != Kind::Blank)
    }

    /// A paragraph: consecutive text lines, reflowed.
    fn paragraph(&mut self) {
        let mut parts: Vec<(String, usize)> = vec![(self.lines[self.i].text.clone(), self.i)];
        self.i += 1;
        while let Some(l) = self.lines.get(self.i) {
            // In Markdown a text line runs on (CommonMark's paragraph continuation), unless
            // hard-wrapped text shows a typesetter's paragraph end there.
            let ends = self.is_paragraph_break(self.i - 1, self.i)
                || (!self.profile.commonmark()
                    && (self.is_plain_heading(self.i) || self.starts_guessed_item(self.i)));
            if l.kind != Kind::Text || ends {
                break;
            }
            parts.push((l.text.clone(), self.i));
            self.i += 1;
        }
        let text = self.join_lines(&parts);
        self.blocks.push(Block::Paragraph(text));
    }

    /// Join the lines of one block. Between two lines: a line-end hyphen is repaired, a
    /// short line in a list of names keeps its line break, everything else is a space.
    fn join_lines(&self, parts: &[(String, usize)]) -> String {
        let mut out = String::new();
        for (k, (text, idx)) in parts.iter().enumerate() {
            let text = text.trim();
            if k == 0 {
                out.push_str(text);
                continue;
            }
            let prev_idx = parts[k - 1].1;
            // A web address broken at the line's end goes on without a space
            // ("https://www.adalovelac" / "einstitute.org/report/ex" / "amining-the-...").
            if url_goes_on(&out, text) {
                out.push_str(text);
                continue;
            }
            // Korean sets spaces between words, but a line may break inside one.
            if super::script::hangul_word_goes_on(&out, text, |w| {
                occurrences(&self.all_lower, &w.to_lowercase()) > 0
            }) {
                out.push_str(text);
                continue;
            }
            // Chinese and Japanese set no space between words: a line of running text
            // (a long one: a table's short cells keep their spaces) broken between two of
            // their characters joins without one.
            if out.chars().last().is_some_and(is_unspaced_text)
                && text.chars().next().is_some_and(is_unspaced_text)
                && parts[k - 1].0.trim().chars().count() >= 16
            {
                out.push_str(text);
                continue;
            }
            if out.ends_with('\u{AD}') {
                // A soft hyphen where the line broke a word: the halves join.
                out.pop();
            } else if ends_with_compound_hyphen(&out) && opens_on_a_conjunction(text) {
                // A compound whose shared part comes after the conjunction ("Pass-" /
                // "und Personalausweiswesen", "pre-" / "and post-war"): the hyphen and a
                // space stay.
                out.push(' ');
            } else if ends_with_hyphenation(&out)
                && text.chars().next().is_some_and(char::is_lowercase)
            {
                let keep = self.keep_line_end_hyphen(&out, text);
                if !keep {
                    out.pop();
                }
            } else if ends_with_compound_hyphen(&out)
                && text
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
            {
                // "Saudi-" + "Iranian", "2023-" + "0379": a hyphen before a capital or a
                // digit is the compound's own; the line break adds no space.
            } else if self.profile.authored() && super::metadata::ends_with_hard_break(&out) {
                // A break the author asked for (Markdown's backslash at a line's end, in a
                // text that is Markdown already: an extraction's backslash is a character).
                out.push('\n');
            } else if self.profile.commonmark() {
                // Markdown breaks a line only where its author asked, or after a line
                // set wholly in bold, a label over its text ("**8. Pengesahan**").
                let prev = parts[k - 1].0.trim();
                if super::metadata::is_bold_line(prev) {
                    out.push_str("\\\n");
                } else {
                    out.push(' ');
                }
            } else if self.is_hard_break(prev_idx, *idx) {
                out.push_str("\\\n");
            } else {
                out.push(' ');
            }
            out.push_str(text);
        }
        // Bold that an extraction opened and never closed is closed or dropped; an
        // author's Markdown reads as CommonMark reads it, a lone `**` as written.
        if self.profile.commonmark() {
            out
        } else {
            balance_bold(&out)
        }
    }

    /// "tech-" + "nology": drop the hyphen unless the document writes the word with one
    /// at least as often as without ("cyber-" + "security" is "cybersecurity" in a report
    /// that writes it so 600 times and cites one "Cyber-Security Act"), or one half is a
    /// word in its own right ("human-" + "rights", "action-" + "oriented"), or it is part
    /// of a web address.
    fn keep_line_end_hyphen(&self, before: &str, after: &str) -> bool {
        let head = super::spelling::trailing_word(&before[..before.len() - 1], &[]);
        let tail: String = after.chars().take_while(|c| c.is_alphabetic()).collect();
        let joined = format!("{head}{tail}").to_lowercase();
        let hyphenated = format!("{head}-{tail}").to_lowercase();
        let all = &self.all_lower;
        let (with, without) = (occurrences(all, &hyphenated), occurrences(all, &joined));
        if with + without > 0 {
            return with >= without;
        }
        const COMPOUND_PREFIXES: &[&str] = &[
            "co", "non", "anti", "self", "multi", "cross", "well", "pre", "post", "counter",
            "cyber", "state", "high", "low", "long", "short", "full", "half", "ex", "e", "semi",
            "sub", "inter", "intra", "socio", "quasi",
        ];
        // A web address is never a word cut at a syllable ("white-house-release").
        let token = before.rsplit(char::is_whitespace).next().unwrap_or("");
        if token.contains('/') || token.contains("www.") {
            return true;
        }
        // A Portuguese or Spanish verb and the pronoun joined to it ("torná-" / "lo",
        // "fazê-" / "la", "dá-" / "se"): the hyphen is the spelling.
        const CLITICS: &[&str] = &[
            "lo", "la", "los", "las", "lhe", "lhes", "se", "me", "te", "nos", "vos", "o", "a",
            "os", "as", "no", "na", "nas",
        ];
        let accented_end = head
            .chars()
            .last()
            .is_some_and(|c| "áéíóúâêôàãõ".contains(c));
        if accented_end && CLITICS.contains(&tail.to_lowercase().as_str()) {
            return true;
        }
        // A word's ending alone after the break ("exception-" / "ally", "occur-" /
        // "ring", "adjust-" / "ment") is a syllable break, whatever the head is alone: a
        // compound's second half is a word of its own.
        const ENDINGS: &[&str] = &[
            "ally", "ly", "ment", "ments", "tion", "tions", "sion", "sions", "ness", "ity",
            "ities", "ing", "ings", "ed", "ically", "ization", "izations", "isation", "ously",
            "ively", "ement", "ements", "ation", "ations",
        ];
        if head.chars().count() >= 3 && ENDINGS.contains(&tail.as_str()) {
            return false;
        }
        // A syllable break leaves halves that are not words ("dis-" "ruptive",
        // "dé-" "clarative"); a compound has a word on at least one side ("action-"
        // "oriented", "re-" "emerged", "one-" "quarter"). The halves count as words only
        // where they stand alone: in the text joined for this search, the break itself
        // reads "dé- clarative", and "dé" and "clarative" would be found there once.
        COMPOUND_PREFIXES.contains(&head.to_lowercase().as_str())
            || (head.chars().count() >= 3 && stands_alone(all, &head.to_lowercase()))
            || (tail.chars().count() >= 4 && stands_alone(all, &tail.to_lowercase()))
    }

    /// Does line `b` start a new paragraph after line `a`?
    fn is_paragraph_break(&self, a: usize, b: usize) -> bool {
        let prev = self.lines[a].text.trim();
        let next = self.lines[b].text.trim();
        if is_time_slot(next) {
            return true;
        }
        if self.first_line_indents && self.lines[b].indent > 0 && self.lines[a].indent == 0 {
            return true;
        }
        // A speaker's turn in a parliament's minutes opens on a circle ("◯위원장 박정",
        // "○議長（額賀福志郎君）"), as Korean and Japanese records mark it.
        if next.starts_with(['◯', '○']) {
            return true;
        }
        // A paragraph to a line in Markdown, as content systems export them: each line is
        // a whole paragraph (no one writes or wraps a sentence that long on one line).
        if self.profile.commonmark()
            && prev.chars().count() >= LONG_LINE
            && ends_sentence(prev)
            && starts_sentence(next)
        {
            return true;
        }
        if !self.wrapped {
            // Text that is not hard-wrapped separates paragraphs with blank lines; lines
            // that follow each other belong together (joined, or with a line break).
            return false;
        }
        if !ends_sentence(prev) || !starts_sentence(next) {
            return false;
        }
        // A line longer than the text's measure is no line the typesetter wrapped but a
        // paragraph a reader joined (a recital's number hung in the margin, read with its
        // text): ending its sentence, it ends ("... trustworthy AI." / "(3) AI systems").
        // (A clause that ends on a semicolon or a colon may go on with the next.)
        let full_stop = without_closing_marks(prev).ends_with(['.', '!', '?']);
        if full_stop && prev.chars().count() > self.measure + 3 && opens_with_item_label(next) {
            return true;
        }
        // The next line's first word would have fitted on this line: the typesetter
        // broke the line on purpose, so a paragraph ends here.
        let first_word = next
            .split_whitespace()
            .next()
            .map_or(0, |w| w.chars().count());
        prev.chars().count() + 1 + first_word <= self.measure + 3
    }

    /// Keep a line break inside a block: in hard-wrapped text, a short capitalised line
    /// among long ones (names in an agenda); elsewhere, a line that does not run on.
    fn is_hard_break(&self, a: usize, b: usize) -> bool {
        let prev = self.lines[a].text.trim();
        let next = self.lines[b].text.trim();
        if !self.wrapped {
            return !continues(prev, next);
        }
        // A quotation or a bracket opened and not closed on the line goes on below
        // ("Title I, the “WIPO Copyright and Performances and Phonograms" / "Treaties
        // Implementation Act of 1998,” implements ...").
        let opens =
            |open: char, close: char| prev.matches(open).count() > prev.matches(close).count();
        if opens('“', '”') || opens('(', ')') || opens('«', '»') {
            return false;
        }
        let len = |s: &str| s.chars().count();
        let first_word = next
            .split_whitespace()
            .next()
            .map_or(0, |w| w.chars().count());
        // The next word would have fitted, and both lines start like names or titles
        // (in a narrow column the next line continues in lower case instead).
        let short = len(prev) + 1 + first_word <= self.measure * 8 / 10;
        let long_neighbour = len(next) >= self.measure * 6 / 10
            || a.checked_sub(1)
                .and_then(|p| self.lines.get(p))
                .is_some_and(|l| l.kind == Kind::Text && len(&l.text) >= self.measure * 6 / 10);
        if is_time_slot(prev) && starts_upper(next) {
            return true;
        }
        short
            && long_neighbour
            && starts_sentence(prev)
            && starts_upper(next)
            && !ends_with_any(prev, &[',', ';', '-', '–', ':'])
            && !ends_with_small_word(prev)
            && !ends_sentence(prev)
    }

    /// A heading in plain text: a short, capitalised line without closing punctuation,
    /// on its own between paragraphs, followed by a capitalised line.
    fn is_plain_heading(&self, k: usize) -> bool {
        self.headings[k]
    }

    /// A heading an extraction marked that is a sentence's lead-in: it ends on a colon
    /// after a word that leaves the sentence open ("2. We will champion international
    /// principles and shared values by:", "Duties include:", "... Member States shall:")
    /// or is a sentence's length (more than twelve words). A label set in capitals
    /// ("IMPROVE INCIDENT REPORTING AND RESPONSE:") or a short phrase ("Key guidance
    /// derived from Chapter I:") heads what follows. An author's Markdown heading is the
    /// author's.
    fn is_lead_in(&self, text: &str) -> bool {
        const OPEN_VERBS: &[&str] = &[
            "include",
            "includes",
            "including",
            "shall",
            "should",
            "will",
            "must",
            "may",
            "can",
            "are",
            "is",
            "be",
            "to",
            "follows",
            "following",
            "were",
            "was",
        ];
        let t = strip_bold(text);
        let Some(sentence) = t.strip_suffix(':') else {
            return false;
        };
        let words = sentence.split_whitespace().count();
        let capitals = sentence
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase);
        // In lower case: "AT" (assistive technology) is no preposition.
        let last = sentence.split_whitespace().last().unwrap_or("");
        let open = last.chars().all(char::is_lowercase)
            && (ends_with_small_word(last) || OPEN_VERBS.contains(&last));
        // One opening in lower case goes on with the paragraph above (see
        // join_lowercase_headings).
        let opens_lower = t.chars().next().is_some_and(char::is_lowercase);
        !self.profile.authored() && !capitals && !opens_lower && words > 3 && (open || words > 12)
    }

    fn detect_plain_heading(&self, k: usize) -> bool {
        if !self.plain_headings || self.profile.slides {
            return false;
        }
        let line = &self.lines[k];
        if line.kind != Kind::Text {
            return false;
        }
        // A web page's first paragraph, of a few words and no full stop, is its standfirst
        // ("Mehr Geld für flexiblere Kinderbetreuung und sprachliche Frühförderung"), not a
        // section's heading: the page's headline stands above it.
        if self.profile.format == super::source::Format::Html
            && line.text.split_whitespace().count() >= 5
            && self.lines[..k].iter().all(|l| l.kind == Kind::Blank)
        {
            return false;
        }
        // A Markdown line with text right above or below it is part of a paragraph.
        let is_text = |j: Option<usize>| {
            j.and_then(|j| self.lines.get(j))
                .is_some_and(|l| l.kind == Kind::Text)
        };
        if self.profile.commonmark() && (is_text(k.checked_sub(1)) || is_text(Some(k + 1))) {
            return false;
        }
        // A line after one that ends on a comma or a semicolon goes on with its sentence
        // (a hymn quoted line by line: "Nicht an dem Amt verzagen," / "Uns fröhlich
        // plagen"), whatever blank line the layout set between them.
        let after_open_sentence = self.lines[..k]
            .iter()
            .rev()
            .find(|l| l.kind != Kind::Blank)
            .is_some_and(|l| l.kind == Kind::Text && l.text.trim_end().ends_with([',', ';']));
        if after_open_sentence {
            return false;
        }
        let t = line.text.trim();
        // A speech's address to the chair ("Mr President", "Madam Chair") set on a line
        // of its own, again and again through the speech, heads no section.
        if super::metadata::is_opening_formula(t) && t.split_whitespace().count() <= 4 {
            return false;
        }
        let words: Vec<&str> = t.split_whitespace().collect();
        let chars = t.chars().count();
        if !(3..=80).contains(&chars) || words.is_empty() || words.len() > 12 {
            return false;
        }
        // A date alone says when, never what a section is about ("13 septembre 2007",
        // "MARCH 2017", "02 JAN 2019").
        if super::metadata::is_date_only(t) {
            return false;
        }
        // A UN masthead ("United Nations", "General Assembly Distr.: General ...") says
        // who issued the document; it is not a section of it. Nor is the mark that ends
        // a transcript or a release ("END", "-30-").
        const END_MARKS: &[&str] = &["END", "FIN", "ENDE", "KONEC", "КОНЕЦ", "-30-", "###"];
        if super::metadata::is_masthead(t) || END_MARKS.contains(&t) {
            return false;
        }
        if !t.chars().next().is_some_and(char::is_uppercase) || t.starts_with("**") {
            return false;
        }
        // A transcript's turn ("Q: Mr. President—", "THE PRESIDENT: Thank you") is what
        // someone said, however short; so is a line broken off with a dash or dots.
        if super::metadata::speaker_turn(t).is_some() {
            return false;
        }
        if ends_with_any(
            t,
            &['.', ',', ';', '!', '?', '”', '"', ')', '-', '–', '—', '…'],
        ) || ends_with_small_word(t)
            || t.contains("://")
            || (t.contains(',') && !t.contains(" by ") && (line.indent == 0 || words.len() > 8))
            || words[0].ends_with(',')
            || is_time_slot(t)
            || is_timestamp(t)
        {
            return false;
        }
        if t.ends_with(':') && words.len() > 3 {
            return false;
        }
        // A line that fills the measure and runs straight on into the next line is a
        // paragraph's ("UNMOT holds weekly coordination meetings with the representatives
        // of United" / "Nations agencies ..."): a heading is set short.
        let runs_on = self.lines.get(k + 1).is_some_and(|n| n.kind == Kind::Text);
        if self.wrapped && runs_on && chars >= self.measure * 8 / 10 {
            return false;
        }
        const NOT_FIRST: &[&str] = &[
            "among",
            "on",
            "for",
            "with",
            "as",
            "at",
            "by",
            "to",
            "it",
            "there",
            "this",
            "these",
            "such",
            "while",
            "when",
            "if",
            "moderator:",
            "questions",
            "we",
            "our",
        ];
        if NOT_FIRST.contains(&words[0].to_lowercase().as_str()) {
            return false;
        }
        let prev_ok = match k.checked_sub(1).map(|p| &self.lines[p]) {
            None => true,
            Some(p) => {
                p.kind == Kind::Blank
                    || p.kind == Kind::Rule
                    || matches!(p.kind, Kind::Heading { .. })
                    || self.headings[k - 1]
                    || (p.kind == Kind::Text
                        && !p.text.trim_end().ends_with(';')
                        && ends_sentence(&p.text))
                    || (line.indent > 0 && p.kind != Kind::Text)
                    || (line.indent > 0
                        && !ends_with_small_word(&p.text)
                        && !p.text.trim().ends_with(','))
                    || matches!(p.kind, Kind::Item { .. })
            }
        };
        let next_ok = match self.next_non_blank(k + 1).map(|n| &self.lines[n]) {
            None => false,
            Some(n) => match &n.kind {
                Kind::Text => starts_sentence(&n.text),
                Kind::Item { .. } | Kind::TableRow(_) => true,
                _ => false,
            },
        };
        prev_ok && next_ok
    }

    /// In hard-wrapped text, an indented capitalised line right after the end of a
    /// sentence is a list item whose bullet glyph was lost in extraction.
    fn starts_guessed_item(&self, k: usize) -> bool {
        // A lost bullet glyph is an extraction's loss; Markdown writes its markers.
        if !self.wrapped || self.profile.commonmark() || self.first_line_indents {
            return false;
        }
        let line = &self.lines[k];
        if line.kind != Kind::Text
            || line.indent == 0
            || !starts_upper(&line.text)
            || self.is_plain_heading(k)
        {
            return false;
        }
        match k.checked_sub(1).map(|p| &self.lines[p]) {
            None => true,
            Some(p) => match p.kind {
                Kind::Text => self.headings[k - 1] || ends_sentence(&p.text),
                _ => true,
            },
        }
    }

    /// A slide title: a line on its own, without closing punctuation, that introduces a
    /// list or table, or opens a slide (after a run of blank lines) with running text.
    fn is_slide_title(&self, k: usize, after_separator: bool) -> bool {
        let t = self.lines[k].text.trim();
        let plain = strip_bold(t);
        let chars = plain.chars().count();
        let standalone = self.lines.get(k + 1).is_none_or(|l| l.kind == Kind::Blank)
            && k.checked_sub(1)
                .is_none_or(|p| self.lines[p].kind == Kind::Blank);
        let title_like = (3..=140).contains(&chars)
            && !plain.ends_with('.')
            && plain
                .chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
            && plain.chars().any(char::is_alphabetic)
            && !plain.starts_with('[')
            && !plain.contains(". ")
            && !ends_with_small_word(&plain)
            && t.matches("**").count().is_multiple_of(2);
        if !standalone || !title_like {
            return false;
        }
        let Some(n) = self.next_non_blank(k + 1) else {
            return false;
        };
        match &self.lines[n].kind {
            Kind::Item { .. } | Kind::TableRow(_) => true,
            Kind::Text => {
                after_separator
                    && !plain.contains(',')
                    && self.lines[n].text.chars().count() >= 80
                    && ends_sentence(&self.lines[n].text)
            }
            _ => false,
        }
    }
}

fn heading_key(s: &str) -> String {
    alnum_lower(s)
}

fn strip_trailing_colon(s: &str) -> String {
    s.trim().trim_end_matches(':').trim_end().to_string()
}

/// Markdown needs each list level indented under its parent; the seeds only say "nested"
/// or not, so depth is clamped to one more than the previous item's.
/// A list opens at the margin: its items move out by the first item's depth (siblings set
/// in as far as the first had been nested under it), and no item goes more than one
/// level below the one before.
fn normalize_depths(items: &mut [Item]) {
    let base = items.first().map_or(0, |it| it.depth);
    for it in items.iter_mut() {
        it.depth = it.depth.saturating_sub(base);
    }
    let mut prev = 0usize;
    for (k, it) in items.iter_mut().enumerate() {
        if k == 0 {
            it.depth = 0;
        } else if it.depth > prev + 1 {
            it.depth = prev + 1;
        }
        prev = it.depth;
    }
}

fn is_time_slot(s: &str) -> bool {
    static SLOT: Lazy<Regex> =
        Lazy::new(|| Regex::new(r"^\d{1,2}:\d{2}\s*[–-]\s*\d{1,2}:\d{2}\b").unwrap());
    SLOT.is_match(s)
}

/// The line plainly runs on into the next one.
fn continues(prev: &str, next: &str) -> bool {
    let prev = prev.trim();
    !prev.matches("**").count().is_multiple_of(2)
        || ends_with_any(prev, &[',', ';', '-', '–', '('])
        || ends_with_small_word(prev)
        || next.chars().next().is_some_and(char::is_lowercase)
}

/// Opens on a conjunction that joins a compound's first part to the next ("und",
/// "oder", "bzw.", "sowie", "and", "or", "et", "ou", "y", "o", "e", "en", "of").
fn opens_on_a_conjunction(text: &str) -> bool {
    let mut words = text.split_whitespace();
    let first = words.next().map(|w| w.trim_end_matches('.'));
    super::spelling::suspends_a_compound(first, words.next())
}

/// Ends in a hyphen right after a letter or digit ("Saudi-", "2023-").
fn ends_with_compound_hyphen(s: &str) -> bool {
    let mut cs = s.chars().rev();
    cs.next() == Some('-') && cs.next().is_some_and(char::is_alphanumeric)
}

fn ends_with_hyphenation(s: &str) -> bool {
    let mut cs = s.chars().rev();
    cs.next() == Some('-') && cs.next().is_some_and(char::is_alphabetic)
}

fn ends_with_any(s: &str, chars: &[char]) -> bool {
    s.trim_end()
        .chars()
        .last()
        .is_some_and(|c| chars.contains(&c))
}

fn ends_sentence(s: &str) -> bool {
    let t = without_closing_marks(s);
    ends_with_any(t, &['.', '!', '?', ':', ';']) || t.ends_with(".”")
}

/// A line without the quotation marks, brackets and emphasis that close it, for what ends
/// its sentence to be read.
fn without_closing_marks(s: &str) -> &str {
    s.trim_end()
        .trim_end_matches(['”', '"', '’', '\'', ')', '*'])
}

fn starts_sentence(s: &str) -> bool {
    s.trim_start()
        .trim_start_matches(['“', '"', '‘', '\'', '(', '*'])
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
}

fn starts_upper(s: &str) -> bool {
    s.trim_start()
        .chars()
        .next()
        .is_some_and(char::is_uppercase)
}

fn ends_with_small_word(s: &str) -> bool {
    const SMALL: &[&str] = &[
        "a", "an", "the", "and", "or", "of", "to", "in", "on", "for", "with", "by", "from", "at",
        "as", "into", "via", "nor", "but", "that", "which", "its", "their", "our",
    ];
    s.split_whitespace()
        .last()
        .is_some_and(|w| SMALL.iter().any(|x| x.eq_ignore_ascii_case(w)))
}

/// `word` stands as a word of its own somewhere in `haystack`, not as a part of a
/// hyphenated word ("dé-" of "dé- clarative", "human" of "human-rights").
fn stands_alone(haystack: &str, word: &str) -> bool {
    whole_words(haystack, word).any(|i| {
        let before = haystack[..i].chars().next_back();
        let after = haystack[i + word.len()..].chars().next();
        let joined = |c: Option<char>| c.is_some_and(|c| c == '-' || c == '\u{2010}');
        // "clarative" after "dé- ": the break's own tail
        let tail_of_break =
            haystack[..i].trim_end().ends_with('-') && haystack[..i].ends_with(char::is_whitespace);
        !joined(before) && !joined(after) && !tail_of_break
    })
}

/// How many times `word` stands as a whole word in `haystack`.
fn occurrences(haystack: &str, word: &str) -> usize {
    whole_words(haystack, word).count()
}

fn whole_words<'a>(haystack: &'a str, word: &'a str) -> impl Iterator<Item = usize> + 'a {
    // An empty word would match between every two characters: it matches nowhere.
    (!word.is_empty())
        .then(|| haystack.match_indices(word))
        .into_iter()
        .flatten()
        .map(|(i, _)| i)
        .filter(move |&i| {
            let before = haystack[..i].chars().next_back();
            let after = haystack[i + word.len()..].chars().next();
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
        })
}

/// Remove a `**` that has no partner (the extraction cut a bold span in two).
fn balance_bold(s: &str) -> String {
    if s.matches("**").count().is_multiple_of(2) {
        return s.to_string();
    }
    // Drop the last unmatched marker: the one at the end if there is one, else the first.
    if let Some(stripped) = s.strip_suffix("**") {
        return stripped.trim_end().to_string();
    }
    s.replacen("**", "", 1)
}

// ---------------------------------------------------------------------------------------
// Pass 3: paragraphs split by a page break
// ---------------------------------------------------------------------------------------

/// A long paragraph that stops without closing punctuation went on after the page
/// break: join it with the next paragraph, and move the footnotes in between after it.
/// A table a page break cut in two (with the page's footnotes or a run of blank lines
/// between, nothing else) is one table again when both parts have the same number of
/// columns; the footnotes come after it.
fn join_split_tables(blocks: Vec<Block>) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::with_capacity(blocks.len());
    for block in blocks {
        if let Block::Table(rows) = &block {
            let width = |t: &[Vec<String>]| t.iter().map(Vec::len).max().unwrap_or(0);
            let between = out
                .iter()
                .rev()
                .take_while(|b| matches!(b, Block::Break | Block::Footnote { .. }))
                .count();
            // Only a page's furniture between them: a break, the page's footnotes.
            let at = out.len() - between;
            if between > 0 && at > 0 {
                if let Block::Table(first) = &mut out[at - 1] {
                    if width(first) == width(rows) {
                        first.extend(rows.iter().cloned());
                        continue;
                    }
                }
            }
        }
        out.push(block);
    }
    out
}

/// A paragraph that opens on a note's number glued to its text, as a PDF's small
/// superscript number reads: "12This point is also mentioned ...", "1<https://...>".
fn reads_as_unlinked_note(text: &str) -> bool {
    static NOTE: Lazy<Regex> =
        Lazy::new(|| Regex::new(r"^[0-9]{1,3}(?:<https?://|\p{Lu}\p{Ll})").unwrap());
    NOTE.is_match(text)
}

fn join_page_breaks(blocks: Vec<Block>) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::with_capacity(blocks.len());
    let mut pending_notes: Vec<Block> = Vec::new();
    // Index in `out` of a paragraph that stops mid-sentence, and whether a page break
    // has been seen since.
    let mut open: Option<(usize, bool)> = None;
    for block in blocks {
        match (&block, open) {
            (Block::Break, Some((p, _))) => open = Some((p, true)),
            (Block::Break, None) => {}
            (Block::Footnote { .. }, Some(_)) => pending_notes.push(block),
            // A note at the page's foot that no marker was linked to ("12This point is
            // also ...", "1<https://...>") waits, as a linked one does, while the
            // sentence cut above it goes on over the page.
            (Block::Paragraph(note), Some(_)) if reads_as_unlinked_note(note) => {
                pending_notes.push(block)
            }

            (Block::Paragraph(next), Some((p, broke)))
                if continues_after_break(&out[p], next, broke) =>
            {
                if let Some(text) = open_text(&mut out[p]) {
                    // A word broken by a soft hyphen at the page's end joins whole.
                    if text.ends_with('\u{AD}') {
                        text.pop();
                    } else {
                        text.push(' ');
                    }
                    text.push_str(next);
                    let still_open = is_cut_paragraph(text);
                    out.append(&mut pending_notes);
                    open = still_open.then_some((p, false));
                }
            }
            _ => {
                out.append(&mut pending_notes);
                out.push(block);
                open = match out.last_mut().and_then(open_text) {
                    Some(t) if is_cut_paragraph(t) => Some((out.len() - 1, false)),
                    _ => None,
                };
            }
        }
    }
    out.append(&mut pending_notes);
    out
}

/// Whether a line opens on an item's or a numbered paragraph's label: "h. the right",
/// "(iv) where", "III. Equifax", "3.", "(3) AI systems".
fn opens_with_item_label(line: &str) -> bool {
    static LABEL: Lazy<Regex> = Lazy::new(|| {
        Regex::new(
            r"^(?:\(?[a-z]{1,4}\)|\(\d{1,3}\)|[a-z]{1,3}\.|[IVXL]{1,5}\.|[A-Z]\.|\d{1,3}[.)])\s",
        )
        .unwrap()
    });
    LABEL.is_match(line)
}

/// Does `next` carry on the cut paragraph `prev`? Yes when it starts in lower case, when
/// a page break stood between them (a salutation such as "Excellencies, ladies and
/// gentlemen," followed by a paragraph is not a cut), or when `prev` stops on a word no
/// sentence ends with ("... an election by the end of" / "March was ...": a transcript
/// whose page number was taken out upstream, leaving a blank line).
fn continues_after_break(prev: &Block, next: &str, broke: bool) -> bool {
    let text = match prev {
        Block::Paragraph(text) => text,
        Block::List(items) => match items.last() {
            Some(item) => &item.text,
            None => return false,
        },
        _ => return false,
    };
    let first = next.chars().next();
    // A short fragment that itself stops mid-sentence (a running header left in the
    // text) is not what the cut sentence goes on with.
    let reads_on = ends_sentence(next.trim_end()) || next.chars().count() >= 150;
    // A clause that ends on a comma and a note's marker is followed by the next in
    // capitals, not continued by it: a resolution's preambular paragraphs ("Reaffirming
    // ...,[^4]" over a page break, then "Recalling ..."). A list of names cut at a comma
    // with no marker reads on ("Laos, Myanmar," / "Vietnam ...").
    let bare = without_markers_at_end(text);
    let clause_ends = bare.len() < text.trim_end().len() && bare.ends_with(',');
    // An item's label ("h. the right to appeal", "(iv) where", "III. Equifax", "3.")
    // opens the next item, in lower case or not.
    if opens_with_item_label(next) {
        return false;
    }
    first.is_some_and(char::is_lowercase)
        || ((broke || (ends_with_small_word(text) && reads_on))
            && !clause_ends
            && first.is_some_and(char::is_alphabetic))
}

/// The text a page break may cut: a paragraph's, or a list's last item's ("4. Calls
/// upon Member States ... towards inclusive and" / notes / "equitable access to ...").
fn open_text(block: &mut Block) -> Option<&mut String> {
    match block {
        Block::Paragraph(text) => Some(text),
        Block::List(items) => items.last_mut().map(|item| &mut item.text),
        _ => None,
    }
}

/// A text without the notes' markers it ends with (`... Geneva Plan of Action,[^3]` ->
/// `... Geneva Plan of Action,`): a marker at a cut is not where the sentence ends.
fn without_markers_at_end(s: &str) -> &str {
    let mut t = s.trim_end();
    while let Some(head) = t.strip_suffix(']').and_then(|h| h.rsplit_once("[^")) {
        if head.1.is_empty() || head.1.contains(char::is_whitespace) {
            break;
        }
        t = head.0;
    }
    t
}

fn is_cut_paragraph(s: &str) -> bool {
    let t = without_markers_at_end(s);
    // Long enough to be running text, or stopping on a word no sentence ends with ("...
    // garantir la paix, le" over a page break).
    let chars = t.chars().count();
    (chars >= 150 || (chars >= 60 && ends_with_small_word(t)))
        && !ends_sentence(t)
        && !t.ends_with("**")
        && t.chars()
            .last()
            .is_some_and(|c| c.is_alphanumeric() || c == ',' || c == '\u{AD}')
}

/// Recurring plain-text headings ("Conclusions and recommendations") are subsections.
/// A paragraph that is one short line entirely in bold (or italic), with no full stop,
/// between blocks of text (not right under a heading, where it is a byline), is a sub-heading when the document does it more than once:
/// it becomes a heading one level below the heading it is under. A bold sentence inside
/// a paragraph, a bold line ending in a full stop, or a lone bold line stays as it is.
/// Gives what it promoted, for the report.
fn promote_emphasis_headings(blocks: &mut [Block]) -> Vec<(&'static str, String)> {
    let candidates: Vec<(usize, Emphasis, String)> = (0..blocks.len())
        .filter_map(|i| {
            let Block::Paragraph(text) = &blocks[i] else {
                return None;
            };
            let (style, inner) = emphasised_line(text)?;
            // Right under a heading, an emphasised line is a byline or a kicker; after a
            // label ("Contact:"), it is the label's value.
            let before = blocks[..i]
                .iter()
                .rev()
                .find(|b| !matches!(b, Block::Break));
            let after_content = match before {
                Some(Block::Paragraph(prev)) => !prev.trim_end().ends_with(':'),
                Some(Block::List(_) | Block::Table(_) | Block::Footnote { .. }) => true,
                _ => false,
            };
            // A heading heads text: a paragraph of some length, a list or a table (a name
            // over "President" is a signature).
            let content_follows = match blocks.get(i + 1) {
                Some(Block::Paragraph(next)) => {
                    emphasised_line(next).is_none() && next.split_whitespace().count() >= 8
                }
                Some(Block::List(_) | Block::Table(_)) => true,
                _ => false,
            };
            (after_content && content_follows).then_some((i, style, inner))
        })
        .collect();
    let bold = candidates.iter().filter(|c| c.1 == Emphasis::Bold).count();
    let italic = candidates.len() - bold;
    let top = blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading { level, .. } => Some(*level),
            _ => None,
        })
        .min()
        .unwrap_or(2);
    // The level of the heading each block is under, from the document's own headings:
    // lines promoted side by side ("BELGIUM", "COSTA RICA", "GERMANY" over their
    // questions) are siblings, not a staircase down to h6.
    let under: Vec<Option<usize>> = blocks
        .iter()
        .scan(None, |current, b| {
            let before = *current;
            if let Block::Heading { level, .. } = b {
                *current = Some(*level);
            }
            Some(before)
        })
        .collect();
    let mut promoted = Vec::new();
    for (i, style, inner) in candidates {
        if (if style == Emphasis::Bold {
            bold
        } else {
            italic
        }) < 2
        {
            continue;
        }
        let current = under[i];
        let level = current.map_or(top, |l| l + 1).min(6);
        let text = strip_trailing_colon(&inner);
        promoted.push((style.rule(), text.clone()));
        blocks[i] = Block::Heading {
            level,
            text,
            plain: false,
        };
    }
    promoted
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Emphasis {
    Bold,
    Italic,
}

impl Emphasis {
    fn rule(self) -> &'static str {
        match self {
            Emphasis::Bold => "bold line made a sub-heading",
            Emphasis::Italic => "italic line made a sub-heading",
        }
    }
}

/// A short line entirely in bold or italic, with no full stop: its style and text.
fn emphasised_line(text: &str) -> Option<(Emphasis, String)> {
    static BOLD: Lazy<Regex> =
        Lazy::new(|| Regex::new(r"^(?:\*\*([^*\n]+)\*\*|__([^_\n]+)__)$").unwrap());
    static ITALIC: Lazy<Regex> =
        Lazy::new(|| Regex::new(r"^(?:\*([^*\n]+)\*|_([^_\n]+)_)$").unwrap());
    let t = text.trim();
    let (style, inner) = if let Some(c) = BOLD.captures(t) {
        (Emphasis::Bold, c.get(1).or(c.get(2))?.as_str())
    } else if let Some(c) = ITALIC.captures(t) {
        (Emphasis::Italic, c.get(1).or(c.get(2))?.as_str())
    } else {
        return None;
    };
    let inner = inner.trim();
    let words = inner.split_whitespace().count();
    let starts_well = inner
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
    let ends_well = !inner.ends_with(['.', ',', ';', '!']) || inner.ends_with("...");
    (starts_well && ends_well && (1..=12).contains(&words) && inner.chars().count() <= 100)
        .then(|| (style, inner.to_string()))
}

fn settle_heading_levels(blocks: &mut [Block], profile: Profile) {
    for b in blocks.iter_mut() {
        if let Block::Heading { text, .. } = b {
            *text = letter_spaced_words_joined(text);
        }
    }
    demote_heading_runs(blocks);
    demote_sentence_headings(blocks, profile);
    let min = blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading { level, .. } => Some(*level),
            _ => None,
        })
        .min()
        .unwrap_or(2);
    // The page title is the only level-1 heading: shift the body's headings to start at 2.
    let shift = 2usize.saturating_sub(min);
    let mut run_top: Option<usize> = None;
    for b in blocks.iter_mut() {
        match b {
            Block::Heading { level, plain, .. } => {
                *level = (*level + shift).min(6);
                // A plain heading right under another ("ANNEX 1" / "Agenda ...") is
                // its subheading: one level below the first of the run, never a
                // staircase down to h6.
                match run_top.filter(|_| *plain) {
                    Some(top) => *level = (*level).max(top + 1).min(6),
                    None => run_top = plain.then_some(*level),
                }
                if !*plain {
                    run_top = None;
                }
            }
            Block::Break => {}
            _ => run_top = None,
        }
    }
}

/// Three or more plain-text "headings" in a row with nothing between them are not
/// headings but the cells of a table or a figure's labels, flattened by the extraction:
/// they become one paragraph of lines.
fn demote_heading_runs(blocks: &mut [Block]) {
    let is_plain = |b: &Block| matches!(b, Block::Heading { plain: true, .. });
    let mut i = 0;
    while i < blocks.len() {
        if !is_plain(&blocks[i]) {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < blocks.len() && (is_plain(&blocks[j]) || blocks[j] == Block::Break) {
            j += 1;
        }
        let count = blocks[i..j].iter().filter(|b| is_plain(b)).count();
        if count >= 3 {
            for b in &mut blocks[i..j] {
                if let Block::Heading { text, .. } = b {
                    *b = Block::Paragraph(std::mem::take(text));
                }
            }
        }
        i = j.max(i + 1);
    }
}

/// A "heading" that reads as prose is a paragraph: a whole bold sentence of a report's key
/// judgments set in the body's size (more than 25 words ending like a sentence, or more
/// than 40 words), a speech's salutation ("Excellences, Mesdames et Messieurs," ends with a
/// comma), or its delivery note ("Check against delivery"). A heading its author marked
/// as one (a web page's `<h3>`, a Word heading style, Markdown's `#`) is one however
/// long, up to a paragraph's length (80 words): an interview's questions had read as
/// part of the answers.
fn demote_sentence_headings(blocks: &mut [Block], profile: Profile) {
    for b in blocks.iter_mut() {
        if let Block::Heading {
            text, plain: found, ..
        } = b
        {
            let words = text.split_whitespace().count();
            let plain = strip_emphasis(text);
            let marked = profile.authored() && !*found;
            let too_long = if marked {
                words > 80
            } else {
                (words > 25 && ends_sentence(text)) || words > 40
            };
            if too_long
                || plain.ends_with([',', ';'])
                || is_delivery_note(plain)
                // A chart's figures set large ("21 19 23 29"), never a heading.
                || !plain.chars().any(char::is_alphabetic)
                || is_credit_line(plain)
            {
                *b = Block::Paragraph(std::mem::take(text));
            }
        }
    }
}

/// A heading's word set letter by letter ("С т а т т я 9", "П у н к т 1 с т а т т і 5",
/// as a court's translations space their article headings) written whole: four letters or
/// more in a row, each a word of its own, are one word ("Стаття 9").
fn letter_spaced_words_joined(text: &str) -> String {
    let tokens: Vec<&str> = text.split(' ').collect();
    let single = |t: &str| {
        let mut cs = t.chars();
        cs.next().is_some_and(char::is_alphabetic) && cs.next().is_none()
    };
    let mut out: Vec<String> = Vec::with_capacity(tokens.len());
    let mut i = 0;
    while i < tokens.len() {
        let run = tokens[i..].iter().take_while(|t| single(t)).count();
        if run >= 4 {
            out.push(tokens[i..i + run].concat());
            i += run;
        } else {
            out.push(tokens[i].to_string());
            i += 1;
        }
    }
    out.join(" ")
}

fn strip_emphasis(s: &str) -> &str {
    s.trim().trim_matches(['*', '_']).trim()
}

/// A picture's caption or credit ("Foto: LA NACION", "Photo credit: UN Photo").
fn is_credit_line(s: &str) -> bool {
    static CREDIT: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"(?i)^(?:foto|fotos|photo|photos|photo credit|image|bild|crédit photo|credit|credits|source|fuente|quelle|caption)\s*:").unwrap()
    });
    CREDIT.is_match(s)
}

/// The note a speech's text carries that it is the text as written, not as spoken.
fn is_delivery_note(s: &str) -> bool {
    const NOTES: &[&str] = &[
        "check against delivery",
        "please check against delivery",
        "embargoed until delivery",
        "seul le prononcé fait foi",
        "seul le discours prononcé fait foi",
        "sólo vale el texto pronunciado",
        "solo vale el texto pronunciado",
        "cotejar con el discurso pronunciado",
        "es gilt das gesprochene wort",
    ];
    let s = s
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    NOTES.contains(&s.as_str())
}

/// A "heading" that starts in lower case carries on the paragraph before it (a bold
/// phrase inside a sentence, set on its own line by the PDF's layout): joined to it
/// when that paragraph stops mid-sentence, a paragraph of its own otherwise. A heading
/// the author marked in an authored text ("## **tl;dr**") stays one.
/// A heading a layout marked (bold or large) that is the start of a sentence its next
/// paragraph carries on: more than twelve words, half of them in lower case, no end of
/// sentence and no label before a colon, and
/// the paragraph goes on with a name's end and a comma or in lower case. A committee
/// report sets a speaker's office and name in bold at a paragraph's start ("El Jefe del
/// Departamento Jurídico ..., señor Luis" / "Pradenas, concordó con ..."): the sentence
/// had been cut into a heading and a paragraph, four times.
fn run_in_heads_joined(blocks: Vec<Block>) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::with_capacity(blocks.len());
    for block in blocks {
        if let (Block::Paragraph(next), Some(Block::Heading { text, .. })) = (&block, out.last()) {
            if heading_runs_into(text, next) {
                let joined = format!("{} {next}", strip_emphasis(text));
                *out.last_mut().expect("a heading") = Block::Paragraph(joined);
                continue;
            }
        }
        out.push(block);
    }
    out
}

/// Whether `heading` is a sentence's start that `next` carries on (see
/// [`run_in_heads_joined`]).
fn heading_runs_into(heading: &str, next: &str) -> bool {
    let head = strip_emphasis(heading);
    let words: Vec<&str> = head.split_whitespace().collect();
    let lower = words
        .iter()
        .filter(|w| w.starts_with(char::is_lowercase))
        .count();
    let first = next.split_whitespace().next().unwrap_or("");
    let goes_on = next.starts_with(char::is_lowercase)
        || (first.ends_with(',') && first.starts_with(char::is_uppercase) && first.len() > 2);
    words.len() > 12
        && lower * 2 >= words.len()
        && !ends_sentence(head)
        // "Table 6.3: Comparison of ...": a caption's label and title.
        && !head.contains(": ")
        && goes_on
}

fn join_lowercase_headings(blocks: Vec<Block>, authored: bool) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::with_capacity(blocks.len());
    for block in blocks {
        let text = match block {
            Block::Heading { text, plain, .. }
                if (plain || !authored)
                    && strip_emphasis(&text).starts_with(|c: char| c.is_lowercase()) =>
            {
                text
            }
            other => {
                out.push(other);
                continue;
            }
        };
        match out.last_mut() {
            Some(Block::Paragraph(prev)) if !ends_sentence(prev) => {
                prev.push(' ');
                prev.push_str(&text);
            }
            _ => out.push(Block::Paragraph(text)),
        }
    }
    out
}

// ---------------------------------------------------------------------------------------
// Pass 4: inline repairs
// ---------------------------------------------------------------------------------------

/// A letter of the Latin script (with its accented forms).
fn is_latin(c: char) -> bool {
    c.is_ascii_alphabetic() || ('\u{c0}'..='\u{24f}').contains(&c)
}

/// The document's own vocabulary, used to repair words the extraction glued together.
struct Vocabulary {
    /// "awarenessraising" -> "awareness-raising", from hyphenated words in the text.
    unhyphenated: HashMap<String, String>,
    words: HashSet<String>,
    /// How often the text writes each whole token (lowercase, hyphens kept).
    tokens: HashMap<String, usize>,
    /// Words (lowercase) found at least once not right after a word ending in a
    /// ligature's letters (see [`Vocabulary::join_ligature_breaks`]).
    free: HashSet<String>,
    /// Words ending in a ligature's letters found at least once as a whole word: before
    /// punctuation, at the end, or before a free word ("off" in "off the").
    whole: HashSet<String>,
}

/// A word cut after its fi/fl/ff ligature ("confi dentiality", "off ers"): PDF producers
/// give the ligature glyph too small a width, so the reader sees a space after it.
static LIGATURE_BREAK: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"(\p{L}*(?:ffi|ffl|fi|fl|ff)) (\p{Ll}+)").unwrap());

fn ends_in_ligature_letters(token: &str) -> bool {
    ["fi", "fl", "ff"].iter().any(|l| token.ends_with(l))
}

/// The words of `text` that stand on their own (see [`Vocabulary::free`] and
/// [`Vocabulary::whole`]), from its whitespace-separated tokens.
fn ligature_words(text: &str) -> (HashSet<String>, HashSet<String>) {
    let core = |t: &str| t.trim_matches(|c: char| !c.is_alphabetic()).to_lowercase();
    let raw: Vec<&str> = text.split_whitespace().collect();
    // A token "ends in ligature letters" only when nothing follows its letters.
    let cut_after = |t: &str| {
        t.ends_with(|c: char| c.is_alphabetic()) && ends_in_ligature_letters(&t.to_lowercase())
    };
    // A letter or two on its own ("(c)", "t" of "don t") says nothing: never free.
    let mut free = HashSet::new();
    for (i, t) in raw.iter().enumerate() {
        let c = core(t);
        if c.chars().count() > 2 && (i == 0 || !cut_after(raw[i - 1])) {
            free.insert(c);
        }
    }
    let mut whole = HashSet::new();
    for (i, t) in raw.iter().enumerate() {
        let c = core(t);
        if !ends_in_ligature_letters(&c) {
            continue;
        }
        let next_free = raw.get(i + 1).is_none_or(|n| free.contains(&core(n)));
        if !cut_after(t) || next_free {
            whole.insert(c);
        }
    }
    (free, whole)
}

impl Vocabulary {
    fn empty() -> Vocabulary {
        Vocabulary {
            unhyphenated: HashMap::new(),
            words: HashSet::new(),
            tokens: HashMap::new(),
            free: HashSet::new(),
            whole: HashSet::new(),
        }
    }

    fn of(blocks: &[Block]) -> Vocabulary {
        let text = blocks
            .iter()
            .flat_map(Block::texts)
            .collect::<Vec<_>>()
            .join(" ");
        let mut unhyphenated = HashMap::new();
        let mut words = HashSet::new();
        let mut tokens = HashMap::new();
        let (free, whole) = ligature_words(&text);
        for token in text.split(|c: char| !(c.is_alphanumeric() || c == '-')) {
            let lower = token.to_lowercase();
            *tokens.entry(lower.clone()).or_insert(0) += 1;
            for part in lower.split('-').filter(|p| !p.is_empty()) {
                words.insert(part.to_string());
            }
            let parts: Vec<&str> = lower.split('-').collect();
            if parts.len() == 2
                && parts
                    .iter()
                    .all(|p| p.len() >= 4 && p.chars().all(char::is_alphabetic))
            {
                unhyphenated.insert(parts.concat(), lower.clone());
            }
        }
        Vocabulary {
            unhyphenated,
            words,
            tokens,
            free,
            whole,
        }
    }

    /// "confi dentiality" -> "confidentiality": a space after a word's ligature letters is
    /// the reader's, not the author's, when neither side ever stands as a word of its own
    /// in the text ("off the" keeps its space, and so does "off ers": "off" is a word).
    fn join_ligature_breaks(&self, text: &str) -> String {
        if self.free.is_empty() || !text.contains(' ') {
            return text.to_string();
        }
        LIGATURE_BREAK
            .replace_all(text, |c: &regex::Captures| {
                // Many words end in "ff" (off, staff, tariff), few in "fi" or "fl": after
                // "ff", a tail of a letter or two ("off as") is too little evidence.
                let short_after_ff = c[1].ends_with("ff") && c[2].chars().count() <= 2;
                if short_after_ff
                    || self.free.contains(&c[2].to_lowercase())
                    || self.whole.contains(&c[1].to_lowercase())
                {
                    c[0].to_string()
                } else {
                    format!("{}{}", &c[1], &c[2])
                }
            })
            .into_owned()
    }

    /// "N e l a isser p ersonne de côté", "sep tembre": a run of text whose letters a
    /// PDF's kerning spaced apart (some fonts' kerning reads as spaces). In a text that
    /// shows the damage (three or more single letters that are no word, a sixth of its
    /// words or more), pieces are joined where the joined form is a word the document
    /// writes whole elsewhere and one piece is a fragment of a letter or two; in other
    /// text, only a single letter that is no word, to a word written whole twice.
    fn join_spaced_letters(&self, text: &str) -> String {
        // Words of one letter in the Latin-script languages of the digest's documents
        // (Polish "w", "z"; Czech "v", "s", "k" too). Other scripts are left alone: a
        // Slavic text's "у", "і", "в" are words.
        const ONE_LETTER_WORDS: &[&str] = &[
            "a", "à", "y", "e", "é", "è", "o", "ó", "i", "u", "w", "z", "v", "s", "k",
        ];
        let pieces: Vec<&str> = text.split(' ').collect();
        let is_stray = |p: &&str| {
            p.chars().count() == 1
                && p.chars().all(|c| c.is_alphabetic() && is_latin(c))
                && !ONE_LETTER_WORDS.contains(&p.to_lowercase().as_str())
        };
        let stray = pieces.iter().filter(|p| is_stray(p)).count();
        if self.tokens.is_empty() || stray == 0 {
            return text.to_string();
        }
        // Elsewhere only a stray letter is joined, to a word the text writes whole twice
        // or more ("N ew York").
        let damaged = stray >= 3 && stray * 6 >= pieces.len();
        let mut out: Vec<String> = Vec::with_capacity(pieces.len());
        let mut i = 0;
        while i < pieces.len() {
            let joined = (2..=4).rev().find_map(|k| {
                let run = pieces.get(i..i + k)?;
                let letters = run
                    .iter()
                    .all(|p| !p.is_empty() && p.chars().all(|c| c.is_alphabetic() && is_latin(c)));
                let word: String = run.concat();
                let count = self.tokens.get(&word.to_lowercase()).copied().unwrap_or(0);
                let fragment = if damaged {
                    run.iter().any(|p| p.chars().count() <= 2)
                } else {
                    run.iter().any(is_stray) && count >= 2
                };
                // A capital inside the word joins two words ("America S"), not pieces.
                let cased = word.chars().skip(1).all(char::is_lowercase)
                    || word.chars().all(|c| !c.is_lowercase());
                (letters && fragment && cased && count > 0 && word.chars().count() >= 2)
                    .then_some((k, word))
            });
            match joined {
                Some((k, word)) => {
                    out.push(word);
                    i += k;
                }
                None => {
                    out.push(pieces[i].to_string());
                    i += 1;
                }
            }
        }
        out.join(" ")
    }

    /// "awarenessraising" is "awareness-raising" when the text writes it so elsewhere more
    /// often than glued ("cybersecurity" stays in a report that writes it so 600 times and
    /// cites one "Cyber-Security Act"; "cyberattacks" stays where "cyber-attacks" is
    /// written as often: the author wrote both) and both halves are words of the text.
    fn repair(&self, word: &str) -> Option<String> {
        let lower = word.to_lowercase();
        let hyphenated = self.unhyphenated.get(&lower)?;
        let count = |w: &str| self.tokens.get(w).copied().unwrap_or(0);
        if count(hyphenated) <= count(&lower) {
            return None;
        }
        let (a, b) = hyphenated.split_once('-')?;
        if !(self.words.contains(a) && self.words.contains(b)) {
            return None;
        }
        // Keep the word's own capitalisation.
        let split = a.len();
        Some(format!("{}-{}", &word[..split], &word[split..]))
    }
}

static URL: Lazy<Regex> = Lazy::new(|| Regex::new(r#"https?://[^\s<>\[\]()"“”]+"#).unwrap());
static WWW: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"\bwww\.[a-zA-Z0-9-]+(?:\.[a-zA-Z0-9-]+)+(?:/[^\s<>\[\]()]*)?").unwrap()
});
static EMAIL: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+\b").unwrap());
/// Spans that must not be touched: existing links, autolinks, code.
static PROTECTED: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"\[[^\]]*\]\([^)]*\)|<[a-zA-Z][a-zA-Z0-9+.-]*:[^<>\s]*>|<[^<>\s@]+@[^<>\s]+>|`[^`]*`|\[\^[^\]\s]+\]").unwrap()
});

/// Inline repairs on one block's text: glued words, bare URLs and e-mail addresses into
/// links, stray `<` escaped so no raw HTML reaches the page.
fn repair_inline(text: &str, vocab: &Vocabulary) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut last = 0;
    for m in PROTECTED.find_iter(text) {
        out.push_str(&repair_plain(&text[last..m.start()], vocab));
        out.push_str(m.as_str());
        last = m.end();
    }
    out.push_str(&repair_plain(&text[last..], vocab));
    out
}

fn repair_plain(text: &str, vocab: &Vocabulary) -> String {
    // Links first, on the raw text; then words and escapes outside the links.
    let mut pieces: Vec<(bool, String)> = Vec::new(); // (is_link, text)
    let mut last = 0;
    let mut spans: Vec<(usize, usize, String)> = Vec::new();
    for m in URL.find_iter(text) {
        // A backslash at the end is the line's break, not the address's (13 DOIs at the
        // ends of a paper's notes had led to ".../KGVSYH%5C").
        let url = m
            .as_str()
            .trim_end_matches(['.', ',', ';', ':', '!', '?', '\'', '’', '\\']);
        spans.push((m.start(), m.start() + url.len(), format!("<{url}>")));
    }
    for m in WWW.find_iter(text) {
        if spans.iter().any(|(s, e, _)| m.start() < *e && m.end() > *s) {
            continue;
        }
        let url = m
            .as_str()
            .trim_end_matches(['.', ',', ';', ':', '!', '?', '\\']);
        spans.push((
            m.start(),
            m.start() + url.len(),
            format!("[{url}](https://{url})"),
        ));
    }
    for m in EMAIL.find_iter(text) {
        if spans.iter().any(|(s, e, _)| m.start() < *e && m.end() > *s) {
            continue;
        }
        spans.push((m.start(), m.end(), format!("<{}>", m.as_str())));
    }
    spans.sort();
    for (s, e, link) in spans {
        if s < last {
            continue;
        }
        pieces.push((false, text[last..s].to_string()));
        pieces.push((true, link));
        last = e;
    }
    pieces.push((false, text[last..].to_string()));
    pieces
        .into_iter()
        .map(|(is_link, t)| {
            if is_link {
                t
            } else {
                escape_html(&repair_words(&t, vocab))
            }
        })
        .collect()
}

fn repair_words(text: &str, vocab: &Vocabulary) -> String {
    static WORD: Lazy<Regex> = Lazy::new(|| Regex::new(r"\p{L}{7,}").unwrap());
    let text = vocab.join_ligature_breaks(&vocab.join_spaced_letters(text));
    WORD.replace_all(&text, |c: &regex::Captures| {
        vocab.repair(&c[0]).unwrap_or_else(|| c[0].to_string())
    })
    .into_owned()
}

/// `<` that does not start an autolink would be read as raw HTML. One a reader already
/// escaped (the web page's "&lt;Ukraine&gt;", written `\<Ukraine\>`) stays as it is: a
/// second backslash would be printed.
fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut backslashes = 0;
    for c in text.chars() {
        if c == '<' && backslashes % 2 == 0 {
            out.push('\\');
        }
        backslashes = if c == '\\' { backslashes + 1 } else { 0 };
        out.push(c);
    }
    out
}

// ---------------------------------------------------------------------------------------
// Pass 5: emit Markdown
// ---------------------------------------------------------------------------------------

fn emit(blocks: &[Block]) -> String {
    let mut out = String::new();
    for b in blocks.iter().filter(|b| **b != Block::Break) {
        if !out.is_empty() {
            out.push('\n');
        }
        match b {
            Block::Heading { level, text, .. } => {
                out.push_str(&"#".repeat(*level));
                out.push(' ');
                out.push_str(&escape_block_start(text, false));
                out.push('\n');
            }
            Block::Paragraph(text) => {
                for (k, line) in text.split('\n').enumerate() {
                    if k > 0 {
                        out.push('\n');
                    }
                    out.push_str(&escape_block_start(line, true));
                }
                out.push('\n');
            }
            Block::List(items) => emit_list(items, &mut out),
            Block::Table(rows) => emit_table(rows, &mut out),
            Block::Quote { paras, authored } => {
                for (k, para) in paras.iter().enumerate() {
                    if k > 0 {
                        out.push_str(">\n");
                    }
                    let para = if *authored {
                        para.clone()
                    } else {
                        escape_block_start(para, true)
                    };
                    let para = para.replace('\n', "\n> ");
                    out.push_str(&format!("> {para}\n"));
                }
            }
            Block::Footnote { label, text } => {
                // A footnote is one paragraph: its source lines are joined.
                let text = text.replace("\\\n", " ").replace('\n', " ");
                out.push_str(&format!("[^{label}]: {text}\n"));
            }
            // Asterisks, not dashes: a "---" line could be read as front matter's end.
            Block::Rule => out.push_str("* * *\n"),
            Block::Code(lines) => {
                for line in lines {
                    out.push_str(line);
                    out.push('\n');
                }
            }
            Block::Break => {}
        }
    }
    out
}

fn emit_list(items: &[Item], out: &mut String) {
    // Indentation of each depth: the widths of the markers above it.
    let mut indents: Vec<usize> = vec![0];
    for it in items {
        let marker = match &it.marker {
            Marker::Bullet => "-".to_string(),
            Marker::Ordered(m) => m.clone(),
        };
        indents.truncate(it.depth + 1);
        while indents.len() <= it.depth {
            let last = *indents.last().unwrap_or(&0);
            indents.push(last + 2);
        }
        let indent = indents[it.depth];
        let pad = " ".repeat(indent);
        let child_indent = indent + marker.chars().count() + 1;
        let text = it
            .text
            .replace("\\\n", &format!("\\\n{}", " ".repeat(child_indent)));
        out.push_str(&format!(
            "{pad}{marker} {}\n",
            escape_block_start(&text, false)
        ));
        indents.truncate(it.depth + 1);
        indents.push(child_indent);
    }
}

fn emit_table(rows: &[Vec<String>], out: &mut String) {
    let cols = rows.iter().map(Vec::len).max().unwrap_or(1).max(1);
    let cell =
        |r: &Vec<String>, c: usize| r.get(c).map(|s| s.replace('|', "\\|")).unwrap_or_default();
    for (k, r) in rows.iter().enumerate() {
        let cells: Vec<String> = (0..cols).map(|c| cell(r, c)).collect();
        out.push_str(&format!("| {} |\n", cells.join(" | ")));
        if k == 0 {
            out.push_str(&format!("|{}\n", "---|".repeat(cols)));
        }
    }
}

/// Text at the start of a Markdown block that would be read as syntax ("+ SUBMIT",
/// "# 1", "> quote", "2015. Year") is escaped so it stays text.
fn escape_block_start(line: &str, paragraph: bool) -> String {
    static ORDERED: Lazy<Regex> = Lazy::new(|| Regex::new(r"^([0-9]{1,9})([.)])(\s|$)").unwrap());
    let t = line;
    if paragraph {
        if let Some(c) = ORDERED.captures(t) {
            return format!("{}\\{}", &c[1], &t[c[1].len()..]);
        }
        if t.starts_with(['#', '>', '+', '-', '=', '|']) && !t.starts_with("---") {
            return format!("\\{t}");
        }
    } else if t.starts_with(['#', '>', '|']) {
        return format!("\\{t}");
    }
    t.to_string()
}

// ---------------------------------------------------------------------------------------
// The invariant
// ---------------------------------------------------------------------------------------

/// Check "never invent, never lose": the letters and digits of the seed, less what the
/// report says was dropped and less markup, appear in the Markdown in the same order and
/// nothing else does. Footnote texts are compared as their own stream, since they may
/// move after the paragraph that refers to them. Returns a description of the first
/// difference.
pub fn verify(seed: &str, markdown: &str, dropped: &[Dropped]) -> Result<(), String> {
    let mut by_line: BTreeMap<usize, Vec<&Dropped>> = BTreeMap::new();
    for d in dropped {
        by_line.entry(d.line).or_default().push(d);
    }
    let refs: HashSet<String> = SUP_REF
        .captures_iter(seed)
        .map(|c| c[1].to_string())
        .collect();
    static MD_DEF: Lazy<Regex> = Lazy::new(|| Regex::new(r"^\[\^([^\]\s]+)\]:").unwrap());
    let is_note = |line: &str| {
        FOOTNOTE_DEF
            .captures(line.trim())
            .is_some_and(|c| refs.contains(&c[1]))
    };
    let mut seed_main = String::new();
    let mut seed_notes = String::new();
    let mut in_note = false;
    let mut in_plain_note = false;
    for (i, raw) in seed.lines().enumerate() {
        let mut line = raw.replace('\u{c}', "");
        for d in by_line.get(&(i + 1)).into_iter().flatten() {
            if let Some(pos) = line.find(d.text.as_str()) {
                line.replace_range(pos..pos + d.text.len(), " ");
            }
        }
        // A line dropped whole (chrome such as a "read more" link) is gone before the
        // normalizer joins lines, so a note goes on across it.
        if line.trim().is_empty() && !raw.trim().is_empty() && by_line.contains_key(&(i + 1)) {
            continue;
        }
        // A Markdown footnote continues on the indented lines under it.
        let continues = in_note && (raw.trim().is_empty() || raw.starts_with([' ', '\t']));
        in_note = MD_DEF.is_match(raw.trim_start()) || continues;
        // A note ("1 See ...", its marker a `<sup>`) goes on over the indented text lines
        // directly under it, as the normalizer joins them (see `Kind::Footnote`).
        let plain_continues = in_plain_note && {
            // As the seed has it (a dropped bullet glyph leaves an indent, not a text line).
            let l = classify_line(i + 1, raw, &refs, true, &mut Vec::new());
            l.indent >= 2 && l.kind == Kind::Text
        };
        in_plain_note = is_note(&line) || plain_continues;
        let target = if in_note || in_plain_note {
            &mut seed_notes
        } else {
            &mut seed_main
        };
        target.push_str(&comparable(&line));
    }
    let mut out_main = String::new();
    let mut out_notes = String::new();
    let mut out_in_note = false;
    for line in markdown.lines() {
        // Lines under a footnote definition (indented or lazy) continue it; a line that
        // only opens on "[^" without defining a note ("[^" kept as text) is text.
        let def = MD_DEF.find(line);
        if line.trim().is_empty() {
            out_in_note = false;
        }
        if out_in_note && def.is_none() {
            out_notes.push_str(&comparable(line));
            continue;
        }
        out_in_note = def.is_some();
        if let Some(m) = def {
            out_notes.push_str(&comparable(&format!(
                "{} {}",
                &line[2..m.end() - 2],
                &line[m.end()..]
            )));
        } else {
            out_main.push_str(&comparable(line));
        }
    }
    compare("body", &seed_main, &out_main)?;
    compare("footnotes", &seed_notes, &out_notes)
}

/// Letters and digits only, after removing markup that carries no words: HTML tags and
/// link destinations (which a link repeats from its text).
fn comparable(line: &str) -> String {
    static DEST: Lazy<Regex> = Lazy::new(|| Regex::new(r"\]\([^)]*\)").unwrap());
    if !line.contains('<') && !line.contains("](") {
        return line.chars().filter(|c| c.is_alphanumeric()).collect();
    }
    let no_tags = replace_tags(line, " ");
    let no_dest = DEST.replace_all(&no_tags, "]");
    no_dest.chars().filter(|c| c.is_alphanumeric()).collect()
}

fn compare(what: &str, expected: &str, actual: &str) -> Result<(), String> {
    if expected == actual {
        return Ok(());
    }
    let e: Vec<char> = expected.chars().collect();
    let a: Vec<char> = actual.chars().collect();
    let at = e
        .iter()
        .zip(&a)
        .position(|(x, y)| x != y)
        .unwrap_or(e.len().min(a.len()));
    let ctx = |v: &[char]| {
        v[at.saturating_sub(40)..(at + 40).min(v.len())]
            .iter()
            .collect::<String>()
    };
    Err(format!(
        "{what} differs at character {at}:\n  seed:   …{}…\n  output: …{}…",
        ctx(&e),
        ctx(&a)
    ))
}

/// Unused-set helper kept small: the distinct footnote labels of a Markdown text.
pub fn footnote_labels(markdown: &str) -> BTreeSet<String> {
    static DEF: Lazy<Regex> = Lazy::new(|| Regex::new(r"(?m)^\[\^([^\]\s]+)\]:").unwrap());
    DEF.captures_iter(markdown)
        .map(|c| c[1].to_string())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::source::Format;

    #[test]
    fn letters_a_pdfs_kerning_spaced_apart_are_joined_into_the_documents_words() {
        let text = pdf(&[LOREM, LOREM])
            + "Thème : « N e l a isser p ersonne : a gir ensembl e p our l a p a ix »\n\nNous voulons agir ensemble pour la paix et le développement, ensemble.\n\nThe patch was applied o n its systems on time, on its own.\n\nЗаявник був у Києві, так і в Одесі.\n";
        let n = norm(&text);
        verify(&text, &n.markdown, &n.dropped).expect("no word lost or invented");
        assert!(
            n.markdown.contains("agir ensemble pour la paix »"),
            "{}",
            n.markdown
        );
        assert!(
            n.markdown.contains("applied on its systems"),
            "{}",
            n.markdown
        );
        // A Slavic text's one-letter words are words.
        assert!(
            n.markdown.contains("був у Києві, так і в"),
            "{}",
            n.markdown
        );
    }

    #[test]
    fn only_ascii_digits_make_a_markdown_item_or_a_tag_name_an_attribute() {
        // Markdown numbers items with ASCII digits: a Gurmukhi zero is text, not an
        // empty item to drop; an attribute name is ASCII, so "<A" / "𝔞>" is no tag.
        for text in ["੦) \n", "Before\n<A\n𝔞>\n"] {
            let n = norm(text);
            verify(text, &n.markdown, &n.dropped).expect("no word lost or invented");
        }
        assert!(md("੦) \n").contains("੦)"));
        assert!(md("Before\n<A\n𝔞>\n").contains("𝔞"));
        // A real tag, attributes and all, is still markup.
        let out = md("A <span class=\"x\" data-n='1'>word</span> here.\n");
        assert!(out.contains("A word here."), "{out}");
    }

    #[test]
    fn a_text_with_its_pages_marked_loses_its_running_header_and_long_page_numbers() {
        // A council's record saved as text, paginated across its volume.
        let mut text = String::from("Official Record of Proceedings\n\n");
        for page in 3231..3236 {
            text.push_str(&format!(
                "\u{c}{page}\n\nThe Member spoke on the fund's fees, which had risen each year, and\nasked how the Government would cap them.\nLegislative Council — 10 January 2013\n"
            ));
        }
        text.push_str("\u{c}3236\n\nThe motion was carried in 2013.\n\n2013\n");
        let n = norm(&text);
        verify(&text, &n.markdown, &n.dropped).expect("no word lost or invented");
        assert!(
            !n.markdown.contains("Legislative Council"),
            "{}",
            n.markdown
        );
        assert!(!n.markdown.contains("3233"), "{}", n.markdown);
        assert_eq!(
            n.dropped
                .iter()
                .filter(|d| d.rule == "running header")
                .count(),
            5
        );
        // A year alone counts with no page: it stays.
        assert!(n.markdown.trim_end().ends_with("2013"), "{}", n.markdown);
    }

    #[test]
    fn a_narrow_transcripts_indented_turns_are_paragraphs_not_lost_glyph_items() {
        // A Senate committee's interview as the court reporter typed it: about 50
        // characters a line, each turn opening on an indent of six spaces.
        let mut text = String::from("INTERVIEW OF: GLENN SIMPSON\n\n");
        for k in 0..12 {
            text.push_str(&format!(
                "      Q. Who is that individual and family number {k}?\n      A. The first name is Semyon, the last name is\nMogilevich.  Mogilevich is sometimes referred to as\nthe brainy Don because he runs very sophisticated\nschemes, according to the FBI, in Europe.\n      MR. DAVIS:  Thank you, we go on to the next\nquestion in this matter, about his business.\n"
            ));
        }
        let n = norm(&text);
        verify(&text, &n.markdown, &n.dropped).expect("no word lost or invented");
        let out = &n.markdown;
        assert!(!out.contains("\n- "), "{out}");
        assert!(!out.contains("\n#"), "{out}");
        assert!(
            out.contains("\n\nA. The first name is Semyon, the last name is Mogilevich.  Mogilevich is sometimes referred to as the brainy Don"),
            "{out}"
        );
        assert!(out.contains("Europe.\n\nMR. DAVIS:"), "{out}");
    }

    #[test]
    fn a_lead_in_set_bold_is_a_sentence_with_its_colon_and_a_label_a_heading() {
        // The G7 Hiroshima communiqué; the National Cyber Strategy; the EU ethics guidelines.
        let text = pdf(&[LOREM, LOREM])
            + "## We are taking concrete steps to:\n\n- support Ukraine for as long as it takes;\n\n#### IMPROVE INCIDENT REPORTING AND RESPONSE:\n\n### Key recommendations on AI and AT:\n\n#### Key guidance derived from Chapter I:\n\n- Develop, deploy and use AI systems in a way that adheres to the principles.\n";
        let out = md(&text);
        assert!(
            out.contains("\nWe are taking concrete steps to:\n"),
            "{out}"
        );
        // "AT", assistive technology, is no preposition.
        assert!(
            out.contains("### Key recommendations on AI and AT\n"),
            "{out}"
        );
        assert!(
            out.contains("#### IMPROVE INCIDENT REPORTING AND RESPONSE\n"),
            "{out}"
        );
        assert!(
            out.contains("#### Key guidance derived from Chapter I\n"),
            "{out}"
        );
    }

    #[test]
    fn a_numbered_recital_after_a_joined_paragraph_opens_its_own() {
        // The AI Act's recitals: "(2)" hung in the margin was read with its text as one
        // line longer than the measure; "(3)" opens the next page.
        let text = pdf(&[LOREM, LOREM, LOREM])
            + "(1) The purpose of this Regulation is to improve the functioning of the internal market by\nlaying down a uniform legal framework, unless explicitly authorised by this Regulation.\n(2) This Regulation should be applied in accordance with the values of the Union enshrined as in the Charter, while making the Union a leader in the uptake of trustworthy AI.\n\u{c}(3) AI systems can be easily deployed in a large variety of sectors of the economy and\nmany parts of society, including across borders.\n";
        let out = md(&text);
        assert!(out.contains("trustworthy AI.\n\n(3) AI systems"), "{out}");
        assert!(out.contains("economy and many parts"), "{out}");
    }

    #[test]
    fn the_word_check_reads_a_line_opening_on_a_bracket_and_caret_as_text() {
        // Found by the property test: "[^" kept as text is no footnote definition, and
        // the line under it is body, not a note's continuation.
        let seed = "[^\n1 <https://example.org/a>\n";
        assert_eq!(
            verify(seed, "[^\\\n1 <https://example.org/a>\n", &[]),
            Ok(())
        );
        // A note's text moved out of the body is still told apart.
        assert!(verify("Text.\n", "Text.\n\n[^1]: Text.\n", &[]).is_err());
    }

    #[test]
    fn angle_brackets_round_a_word_are_text_not_a_tag() {
        // The G7 communiqué heads its sections "<Ukraine>", "<Trade>": no HTML element.
        let text = "Hiroshima Leaders' Communiqué\n\n<Ukraine>\n\nWe condemn the war <b>now</b>.\n";
        let n = norm(text);
        verify(text, &n.markdown, &n.dropped).expect("no word lost or invented");
        assert!(n.markdown.contains("\\<Ukraine>"), "{}", n.markdown);
        assert!(n.markdown.contains("the war now."), "{}", n.markdown);
        // A reader's escape is kept, not escaped again (a backslash would be printed).
        assert_eq!(
            escape_html(r"the \<Money\> project <x"),
            r"the \<Money\> project \<x"
        );
    }

    #[test]
    fn a_speechs_greeting_and_thanks_set_large_head_no_section() {
        let text = pdf(&[LOREM, LOREM])
            + "# Mesdames et Messieurs,\nLa paix, ce n'est pas seulement l'absence de guerre.\n\n## Je vous remercie de votre aimable attention.\n";
        let out = md(&text);
        assert!(out.contains("\nMesdames et Messieurs,\n\nLa paix"), "{out}");
        assert!(
            out.contains("\nJe vous remercie de votre aimable attention.\n"),
            "{out}"
        );
        assert!(!out.contains("# Je vous"), "{out}");
    }

    #[test]
    fn a_date_alone_set_large_heads_no_section() {
        let text = pdf(&[LOREM, LOREM])
            + "## Résolution adoptée par l’Assemblée générale le\n\n## 13 septembre 2007\n\n### 61/295. Déclaration des Nations Unies\n\nL’Assemblée générale, prenant note de la recommandation.\n";
        let out = md(&text);
        assert!(!out.contains("# 13 septembre 2007"), "{out}");
        assert!(out.contains("13 septembre 2007"), "{out}");
    }

    #[test]
    fn a_sentence_cut_by_a_pages_notes_after_a_marker_reads_on() {
        let recalling = "Recalling its resolutions 77/320 of 25 July 2023 on the impact of rapid technological change on the achievement of the Sustainable Development Goals, and the Geneva Plan of Action,[^3]";
        let text = pdf(&[LOREM, LOREM])
            + recalling
            + "\n\n[^3]: Ibid.\n\u{c}the Tunis Commitment and the Tunis Agenda for the Information Society,\n\nReaffirming the purposes and principles of the Charter of the United Nations and the human rights treaties of the Organization, including its covenants,[^4]\n\n[^4]: Resolution 2200 A (XXI).\n\u{c}Recalling all relevant General Assembly resolutions on the subject,\n";
        let out = md(&text);
        assert!(
            out.contains("Geneva Plan of Action,[^3] the Tunis Commitment"),
            "{out}"
        );
        assert!(out.contains("covenants,[^4]\n\n"), "{out}");
        assert!(out.contains("\n\nRecalling all relevant"), "{out}");
    }

    #[test]
    fn an_item_cut_on_a_small_word_reads_on_but_the_next_label_opens_an_item() {
        let text = pdf(&[LOREM, LOREM])
            + "- Ms Barbara Goričan, Director-General, Social Affairs Directorate, Ministry of\n\nLabour, Family, Social Affairs and Equal Opportunities;\n\ng. the right not to be compelled to be a witness against himself or to plead guilty; and\n\nh. the right to appeal the judgment to a higher court.\n";
        let out = md(&text);
        assert!(out.contains("Ministry of Labour, Family"), "{out}");
        assert!(!out.contains("guilty; and h."), "{out}");
    }

    #[test]
    fn a_verb_and_its_pronoun_keep_their_hyphen_across_a_line_end() {
        let text = pdf(&[LOREM, LOREM]) + "Reformar o Conselho de Segurança, de modo a torná-\nlo mais eficaz e representativo, é urgente.\n";
        assert!(
            md(&text).contains("de modo a torná-lo mais eficaz"),
            "{}",
            md(&text)
        );
    }

    #[test]
    fn words_split_after_a_hyphen_are_joined_as_the_document_spells_them() {
        let text = "Good decision- making needs imple- mentation.\n\nDecision-making and implementation matter; public- and private-sector actors agree.\n";
        let n = normalize(text, &[], Profile::default());
        assert!(
            n.markdown
                .contains("Good decision-making needs implementation."),
            "{}",
            n.markdown
        );
        assert!(
            n.markdown.contains("public- and private-sector"),
            "{}",
            n.markdown
        );
    }

    #[test]
    fn a_word_broken_by_a_soft_hyphen_joins_whole() {
        let text = "The protection of natural persons should be technolo\u{AD}\ngically neutral and should not depend on the techniques used, and it should apply to adminis\u{AD}\ntrative processing.\n";
        let out = md(text);
        assert!(out.contains("be technologically neutral"), "{out}");
        assert!(out.contains("to administrative processing."), "{out}");
        assert!(!out.contains('\u{AD}'), "{out:?}");
    }

    #[test]
    fn block_quotes_stay_quotes() {
        let out = md("The policy says:\n\n> We use the information we have to improve our\n> advertising systems.\n>\n> And to measure them.\n\nAfter the quote.\n");
        assert!(
            out.contains("\n> We use the information we have to improve our advertising systems.\n>\n> And to measure them.\n\nAfter the quote."),
            "{out}"
        );
        // A '>' that is text, not a quote marker, stays escaped.
        assert!(
            md(">50 participants\n").starts_with("\\>50"),
            "{}",
            md(">50 participants\n")
        );
    }

    #[test]
    fn salutations_delivery_notes_and_lower_case_lines_are_not_headings() {
        let text = "## Seul le prononcé fait foi\n\n## Excellence, Monsieur le Président de la République populaire de Chine,\n\nNous avons ouvert une nouvelle ère de coopération portant notamment sur le\n\n## développement mondial, la sécurité mondiale et la civilisation mondiale.\n\n## Coopération économique\n\nLe commerce a doublé.\n";
        let out = md(text);
        assert!(out.starts_with("Seul le prononcé fait foi\n"), "{out}");
        assert!(out.contains("\nExcellence, Monsieur le Président"), "{out}");
        assert!(
            out.contains("portant notamment sur le développement mondial, la sécurité"),
            "{out}"
        );
        assert!(out.contains("## Coopération économique"), "{out}");
        let out = md("## Foto: LA NACION\n\nText.\n");
        assert!(out.starts_with("Foto: LA NACION\n"), "{out}");
        let out = md("## 21 19 23 29 37\n\n## 2. Findings\n\nText.\n");
        assert!(out.starts_with("21 19 23 29 37\n\n## 2. Findings"), "{out}");
    }

    #[test]
    fn a_repeated_title_page_is_dropped_but_a_line_of_a_paragraph_is_not() {
        let text = "RAPPORT SUR LA PROPOSITION DE LOI\nPORTANT RÈGLEMENT INTÉRIEUR DE\nL’ASSEMBLÉE NATIONALE\n\nLa Commission s’est réunie.\n\u{c}RAPPORT SUR LA PROPOSITION DE LOI\nPORTANT RÈGLEMENT INTÉRIEUR DE\nL’ASSEMBLÉE NATIONALE\n\nIl a rappelé les droits des non-inscrits présents à\nl’Assemblée nationale.\n\nAussi, est-il important de le dire.\n";
        let n = normalize(
            text,
            &[(0, "title"), (1, "title"), (2, "title")],
            Profile::default(),
        );
        verify(text, &n.markdown, &n.dropped).expect("no word lost");
        assert!(
            n.markdown
                .contains("non-inscrits présents à l’Assemblée nationale."),
            "{}",
            n.markdown
        );
        let repeats = n.dropped.iter().filter(|d| d.rule == "repeated title page");
        assert_eq!(repeats.count(), 3, "{:?}", n.dropped);
    }

    #[test]
    fn a_paragraph_stopping_on_a_word_no_sentence_ends_with_goes_on_in_the_next() {
        let cut = "In our previous visit, the interim government were not definitive about whether they would hold an election, and the contact group reported that the only thing standing in the way of an election by the end of";
        let n = md(&format!(
            "{cut}\n\nMarch was the political will of the interim government.\n\nNext paragraph.\n"
        ));
        assert!(
            n.contains(&format!("{cut} March was the political will")),
            "{n}"
        );
        // A paragraph that ends a sentence, or a short line, stays apart.
        let whole = format!("{cut} March.");
        let n = md(&format!("{whole}\n\nApril was quiet.\n"));
        assert!(n.contains(&format!("{whole}\n\nApril")), "{n}");
        let n = md("A short line of\n\nMarch was quiet.\n");
        assert!(n.contains("of\n\nMarch"), "{n}");
        // Nor does a running header left between the two halves join the sentence.
        let n = md(&format!("{cut}\n\nOpen-ended working group on security of and in the use of\n\nresolution 79/237.\n"));
        assert!(n.contains(&format!("{cut}\n\nOpen-ended")), "{n}");
    }

    #[test]
    fn a_table_cut_by_a_page_break_is_one_table() {
        let text = "Intro.[^1]\n\nMeeting\tStates\nFirst\t61\n\n[^1]: A note at the foot of the page.\n\u{c}Third\t88\n\nAfter the table, a sentence.\n";
        let n = norm(text);
        assert!(
            n.markdown
                .contains("| Meeting | States |\n|---|---|\n| First | 61 |\n| Third | 88 |\n"),
            "{}",
            n.markdown
        );
    }

    #[test]
    fn markdown_pipe_tables_stay_tables() {
        let out = md("Figures:\n\n| Meeting | States \\| regions |\n| --- | :-: |\n| First | 61 |\n\nAfter.\n");
        assert!(
            out.contains("| Meeting | States \\| regions |\n|---|---|\n| First | 61 |"),
            "{out}"
        );
        assert_eq!(md("| not a table |\n"), "\\| not a table |\n");
    }

    #[test]
    fn numbers_inside_a_page_are_not_page_numbers() {
        let text = "Meeting\n\nStates\n\nFirst session\n\n61\n\nSecond session\n\n74\n\n1\n\u{c}Third session\n\n88\n\nThe end of the text.\n\n2\n";
        let n = norm(text);
        let dropped: Vec<&str> = n
            .dropped
            .iter()
            .filter(|d| d.rule == "page number")
            .map(|d| d.text.as_str())
            .collect();
        assert_eq!(dropped, ["1", "2"], "{:?}", n.dropped);
        assert!(
            n.markdown.contains("61") && n.markdown.contains("74") && n.markdown.contains("88")
        );
        // A one-page PDF has no form feed, and a vote's figures inside it stay.
        let vote = "Votación nominal\n\nPresentes\n\n217\n\nVotos Afirmativos\n\n129\n\nVotos Negativos\n\n65\n\nEl resultado fue leído en la sesión.\n\n1\n";
        let one_page = Profile {
            format: Format::Pdf,
            ..Profile::default()
        };
        let n = normalize(vote, &[], one_page);
        for figure in ["217", "129", "65"] {
            assert!(n.markdown.contains(figure), "{figure}: {}", n.markdown);
        }
        assert!(n
            .dropped
            .iter()
            .any(|d| d.rule == "page number" && d.text == "1"));
    }

    #[test]
    fn repeated_bold_lines_between_paragraphs_are_sub_headings() {
        let text = "# Findings\n\nIntro paragraph here.\n\n**Information sharing**\n\nStates share little with each other, as most said.\n\n**Capacity:**\n\nSome text with **bold words** inside, and more words.\n\n**A bold sentence that ends.**\n\nMore text.\n\nContact:\n\n**Ann Author**\n\nPresident\n";
        let n = norm(text);
        assert!(
            n.markdown
                .contains("### Information sharing\n\nStates share little"),
            "{}",
            n.markdown
        );
        assert!(n.markdown.contains("### Capacity\n"), "{}", n.markdown);
        assert!(n.markdown.contains("**A bold sentence that ends.**"));
        assert!(n.markdown.contains("Some text with **bold words** inside"));
        assert!(n.markdown.contains("**Ann Author**"), "{}", n.markdown);
        assert_eq!(n.promoted.len(), 2);
        // Bylines under headings are not sub-headings.
        let bylines = norm("## One\n\n_Ann Author_\n\nText of the first part, long enough here.\n\n## Two\n\n_Bob Writer_\n\nText of the second part, long enough here.\n");
        assert!(bylines.promoted.is_empty(), "{}", bylines.markdown);
        // Once in a document is not a pattern.
        let once =
            norm("Intro.\n\n**Only once**\n\nText that is long enough to be a paragraph here.\n");
        assert!(once.markdown.contains("**Only once**"), "{}", once.markdown);
        assert!(once.promoted.is_empty());
        // Italic lines too, one level below the heading they are under.
        let it = norm("## Part\n\nLead.\n\n*First theme*\n\nText one is a paragraph of eight words.\n\n*Second theme*\n\nText two is a paragraph of eight words.\n");
        assert!(
            it.markdown.contains("### First theme\n") && it.markdown.contains("### Second theme\n"),
            "{}",
            it.markdown
        );
    }

    #[test]
    fn a_line_that_goes_on_with_a_sentence_is_no_heading() {
        let text = "Der Bundespräsident schloss mit einem Lied, das er oft zitierte.\n\nNicht an dem Amt verzagen,\n\nUns fröhlich plagen\n\nUnd unsere Steine tragen.\n\nIch danke Ihnen für Ihre Aufmerksamkeit und wünsche dem Konvent viel Erfolg bei der Arbeit.\n";
        let n = norm(text);
        assert!(!n.markdown.contains("## Uns"), "{}", n.markdown);
        assert!(n.markdown.contains("Uns fröhlich plagen"), "{}", n.markdown);
    }

    #[test]
    fn a_dinkus_between_a_records_items_is_a_break_in_any_format() {
        let text = "I now lay upon the table the relevant documents.  \n* * * \nOATHS OF OFFICE \nRight Hon. Jean Chrétien moved for leave to introduce Bill C-1 respecting the administration of oaths of office.\n";
        let n = norm(text);
        verify(text, &n.markdown, &n.dropped).expect("no word lost or invented");
        assert!(
            n.markdown.contains("documents.\n\n* * *\n\n"),
            "{}",
            n.markdown
        );
        assert!(!n.markdown.contains("- * *"), "{}", n.markdown);
    }

    #[test]
    fn a_lone_asterisk_between_a_speechs_parts_is_a_break_not_an_item() {
        let text = pdf(&[LOREM, LOREM])
            + "But there are positive, practical things we can do together.\n*\nThis starts with addressing the rising tide of conflict.\n***\nWe must also work together for peace in Sudan.\n";
        let n = norm(&text);
        verify(&text, &n.markdown, &n.dropped).expect("no word lost or invented");
        assert!(!n.markdown.contains("- This starts"), "{}", n.markdown);
        assert!(!n.markdown.contains("- We must"), "{}", n.markdown);
        assert_eq!(n.markdown.matches("\n* * *\n").count(), 2, "{}", n.markdown);
    }

    #[test]
    fn a_line_break_after_an_address_is_no_part_of_it() {
        let out = repair_inline(
            "The data is online at https://doi.org/10.7910/DVN/KGVSYH\\",
            &Vocabulary::empty(),
        );
        assert_eq!(
            out,
            "The data is online at <https://doi.org/10.7910/DVN/KGVSYH>\\"
        );
    }

    #[test]
    fn bold_lines_side_by_side_are_sibling_headings() {
        // Advance questions to a state under review: each country in bold over its list,
        // and no heading of the document's own.
        let text = "Questions submitted in advance of the review, as received.\n\n**BELGIUM**\n\n- Is the government considering ratifying the Optional Protocol?\n\n**COSTA RICA**\n\n- Joint submission on behalf of Costa Rica and the Maldives.\n\n**GERMANY**\n\n- How many incidents have the authorities registered since 2023?\n\n**SPAIN**\n\n- What measures are being taken?\n";
        let n = norm(text);
        for country in ["BELGIUM", "COSTA RICA", "GERMANY", "SPAIN"] {
            assert!(
                n.markdown.contains(&format!("\n## {country}\n")),
                "{country}: {}",
                n.markdown
            );
        }
    }

    #[test]
    fn a_pdfs_backtick_is_a_character_not_code() {
        let profile = Profile {
            format: Format::Pdf,
            ..Profile::default()
        };
        let text = "The scheme received `6000 crore this year and `500 crore more for the roads of the states.\n";
        let n = normalize(text, &[], profile);
        verify(text, &n.markdown, &n.dropped).expect("no word lost or invented");
        assert!(
            n.markdown.contains("received \\`6000 crore"),
            "{}",
            n.markdown
        );
    }

    #[test]
    fn a_printers_note_is_dropped() {
        let out = md("The Committee held a hearing.\n\nInsert offset folio 8 here HR728.001\n\nCOMMITTEE OVERSIGHT FINDINGS\n\nThe Committee finds the bill sound.\n");
        assert!(!out.contains("offset folio"), "{out}");
        assert!(out.contains("COMMITTEE OVERSIGHT FINDINGS"), "{out}");
    }

    #[test]
    fn un_job_numbers_blank_page_notices_and_lone_letters() {
        let text = "## A\n\nThe Working Group held its forty-eighth session from 20 to 31 January 2025.\n\nGE.25-02819 (E) 210325 210325\n\nThe review of Slovenia was held at the 6th meeting, on 28 January 2025.\n\nGE.09-17008\n\nIntentionally Blank\n\nTHIS PAGE INTENTIONALLY LEFT BLANK\n\nThe delegation of Slovenia was headed by the State Secretary.\n";
        let n = norm(text);
        verify(text, &n.markdown, &n.dropped).expect("no word lost or invented");
        let rules: Vec<(&str, &str)> = n
            .dropped
            .iter()
            .map(|d| (d.rule, d.text.as_str()))
            .collect();
        for (rule, line) in [
            (
                "UN document job number or barcode",
                "GE.25-02819 (E) 210325 210325",
            ),
            ("UN document job number or barcode", "GE.09-17008"),
            ("blank page notice", "Intentionally Blank"),
            ("blank page notice", "THIS PAGE INTENTIONALLY LEFT BLANK"),
        ] {
            assert!(rules.contains(&(rule, line)), "{line}: {rules:?}");
        }
        assert!(!n.markdown.contains("## A"), "{}", n.markdown);
        assert!(n.markdown.starts_with("A\n"), "{}", n.markdown);
        // Other numbers stay, and in an author's own text the notice is words.
        use crate::ingest::metadata::is_un_job_number;
        assert!(!is_un_job_number("20-12345") && !is_un_job_number("GE.2025"));
        let authored = Profile {
            format: Format::Docx,
            ..Profile::default()
        };
        let docx = normalize("Text.\n\nIntentionally blank\n", &[], authored);
        assert!(
            docx.markdown.contains("Intentionally blank"),
            "{}",
            docx.markdown
        );
        assert!(is_timestamp("Generated on 22 Jan 2025 14:31"));
        assert!(
            !is_timestamp("Session 2: 14:30 onwards") && !is_timestamp("Findings of 8 May 2019")
        );
    }

    fn norm(text: &str) -> Normalized {
        normalize(text, &[], Profile::default())
    }

    fn md(text: &str) -> String {
        let n = norm(text);
        verify(text, &n.markdown, &n.dropped).expect("no word lost or invented");
        n.markdown
    }

    /// A hard-wrapped text like a PDF extraction (lines of ~90 characters).
    fn pdf(paragraphs: &[&str]) -> String {
        let mut out = String::new();
        for p in paragraphs {
            let mut line = String::new();
            for w in p.split_whitespace() {
                if line.len() + w.len() + 1 > 90 {
                    out.push_str(&line);
                    out.push('\n');
                    line.clear();
                }
                if !line.is_empty() {
                    line.push(' ');
                }
                line.push_str(w);
            }
            out.push_str(&line);
            out.push('\n');
        }
        out
    }

    const LOREM: &str = "The participating States discussed how new technologies can be used to counter security threats while respecting human rights and fundamental freedoms in every dimension of the organisation's work.";

    #[test]
    fn a_paragraphs_line_that_fills_the_measure_is_no_heading() {
        // A sentence starts at a line's start in the middle of a paragraph.
        let text = pdf(&[LOREM, LOREM, LOREM, LOREM, LOREM])
            + "humanitarian assistance provided by the international community is indispensable.\n"
            + "UNMOT holds weekly coordination meetings with the representatives of United\n"
            + "Nations agencies and programmes, as well as non-governmental organizations.\n";
        let out = md(&text);
        assert!(!out.contains("# UNMOT"), "{out}");
        assert!(
            out.contains("representatives of United Nations agencies"),
            "{out}"
        );
    }

    #[test]
    fn a_quotation_left_open_at_a_line_end_goes_on() {
        let text = pdf(&[LOREM, LOREM, LOREM, LOREM, LOREM])
            + "- Title III, the \u{201c}Computer Maintenance Competition Assurance\n"
            + "Act,\u{201d} creates an exemption for making a copy of a computer program.\n";
        let out = md(&text);
        assert!(out.contains("Assurance Act,"), "{out}");
    }

    #[test]
    fn reflows_hard_wrapped_paragraphs() {
        let text = pdf(&[
            LOREM,
            LOREM,
            LOREM,
            "Short closing sentence that ends here.",
        ]);
        let out = md(&text);
        let paras: Vec<&str> = out.split("\n\n").collect();
        assert!(paras[0].starts_with("The participating States"));
        assert!(!paras[0].contains('\n'), "one line per paragraph: {out}");
        assert!(out.contains("Short closing sentence that ends here."));
    }

    #[test]
    fn rejoins_column_fragments() {
        let text = format!(
            "{}The\nOSCE\nhelps\nparticipating\nStates\nin\ndeveloping\nnational\ncapacities to counter the\nuse of the Internet for terrorist purposes.\n",
            pdf(&[LOREM, LOREM, LOREM, LOREM])
        );
        let out = md(&text);
        assert!(
            out.contains("The OSCE helps participating States in developing national capacities to counter the use of the Internet for terrorist purposes."),
            "{out}"
        );
    }

    #[test]
    fn a_word_the_document_writes_unhyphenated_is_never_hyphenated_from_one_citation() {
        let usual = "Cybersecurity and healthcare policy shape how hospitals handle cybersecurity incidents and healthcare data every day.";
        let mut paras = vec![
            LOREM,
            "See the Cyber-Security Act and the Health-Care Quality Act.",
        ];
        paras.extend([usual; 6]);
        let text = pdf(&paras) + "Hospitals improve their cyber-\nsecurity with staff training and careful planning for all the sites.\n";
        let out = md(&text);
        assert!(!out.contains("cyber-security incidents"), "{out}");
        assert!(!out.contains("health-care data"), "{out}");
        assert_eq!(out.matches("cybersecurity incidents").count(), 6, "{out}");
        assert!(out.contains("improve their cybersecurity with"), "{out}");
        assert!(out.contains("the Cyber-Security Act"), "{out}");
        let split = "Cybersecurity matters. A decision- making body decides; decisionmaking is hard.\n\nDecisionmaking again, and cyber- security too.\n";
        let n = normalize(split, &[], Profile::default());
        assert!(
            n.markdown.contains("A decisionmaking body"),
            "{}",
            n.markdown
        );
        assert!(
            n.markdown.contains("and cybersecurity too"),
            "{}",
            n.markdown
        );
    }

    #[test]
    fn words_cut_after_their_ligature_are_joined_unless_a_word_follows() {
        let cut = "Providers must keep the confi dentiality of data and their offi cers check it every day.";
        let kept = "The staff turned off the systems and the staff members left the building, as told by the staff.";
        let text = pdf(&[
            LOREM,
            LOREM,
            LOREM,
            LOREM,
            cut,
            kept,
            "She off ers the fi rst answer to the officers and to all the participating States, for their benefi t and profi t (c).",
        ]);
        let out = md(&text);
        assert!(
            out.contains("the confidentiality of data and their officers check"),
            "{out}"
        );
        // "off" stands as a word ("off the"): "off ers" is left as it is.
        assert!(out.contains("She off ers the first answer"), "{out}");
        assert!(out.contains("for their benefit and profit (c)."), "{out}");
        let once = md(&pdf(&[LOREM, LOREM, LOREM, LOREM, "Disadvantaged people are better off as a result of the work of all the participating States."]));
        assert!(once.contains("better off as a result"), "{once}");
        assert!(
            out.contains("turned off the systems and the staff members"),
            "{out}"
        );
    }

    #[test]
    fn a_pdfs_narrow_column_lines_join_into_paragraphs() {
        // A Federal Register column: lines of some 40 characters, none "long", are still
        // the layout's lines, not the author's.
        let text = "Lion Air Flight 610 was involved in an\naccident after takeoff from Soekarno-\nHatta International Airport in Jakarta,\nIndonesia, resulting in 189 fatalities.\nInvestigation of the accident has been\ncompleted by the Indonesian authorities\n(Komite Nasional Keselamatan\nTransportasi (KNKT)) with assistance\nfrom the National Transportation Safety\nBoard (NTSB) and the FAA of the\nUnited States, the manufacturer, and the\noperator.\n";
        let pdf = Profile {
            format: Format::Pdf,
            ..Profile::default()
        };
        let n = normalize(text, &[], pdf);
        assert!(
            n.markdown.contains("189 fatalities. Investigation of the accident has been completed by the Indonesian authorities (Komite Nasional Keselamatan Transportasi (KNKT))"),
            "{}",
            n.markdown
        );
    }

    #[test]
    fn a_transcripts_end_mark_and_end_time_stay_text() {
        let text = "Remarks by the President\n\nTHE PRESIDENT: Hello, everybody. Glad you guys made it to work today.\n\nWe are going to talk about voting.\n\nEND\n\t10:57 A.M. EST\n";
        let out = md(text);
        assert!(!out.contains("# END"), "{out}");
        assert!(!out.contains('|'), "{out}");
        assert!(
            out.contains("END") && out.contains("10:57 A.M. EST"),
            "{out}"
        );
    }

    /// A quoted e-mail in Markdown keeps its lists, nested items, numbered items and
    /// headings, each on its line, unescaped; a text read from a PDF escapes what would
    /// open a block.
    #[test]
    fn markdown_inside_an_authors_quote_keeps_its_blocks() {
        let text = "> We want to:\n> \n> * Improve moderation.\n> * Bring teams together,\n>   as one.\n>   * A nested item.\n> \n> ### Your opportunity\n> Some text in the quote\n> that wraps.\n> \n> 1. First\n> 2. Second\n";
        let authored = Profile {
            format: Format::Markdown,
            ..Profile::default()
        };
        let n = normalize(text, &[], authored);
        assert_eq!(
            n.markdown,
            "> We want to:\n>\n> * Improve moderation.\n> * Bring teams together, as one.\n>   * A nested item.\n>\n> ### Your opportunity\n> Some text in the quote that wraps.\n>\n> 1. First\n> 2. Second\n"
        );
        let pdf = normalize("> 1. First\n> 2. Second\n", &[], Profile::default());
        assert_eq!(pdf.markdown, "> 1\\. First 2. Second\n");
    }

    #[test]
    fn an_authors_thematic_break_is_kept_a_pdfs_rule_is_furniture() {
        let text = "Join the petition on the site.\n\n--------------------------\n\nDear Mr President, we write to you.\n";
        let authored = Profile {
            format: Format::Markdown,
            ..Profile::default()
        };
        let n = normalize(text, &[], authored);
        assert!(
            n.markdown.contains("site.\n\n* * *\n\nDear Mr President"),
            "{}",
            n.markdown
        );
        assert!(!md(text).contains("* * *"));
    }

    #[test]
    fn an_authors_heading_in_lower_case_stays_a_heading() {
        let out = authored_md(
            "## **tl;dr**\n\nOn 16th December 2021 the office released a call for submissions.\n",
        );
        assert!(out.contains("## tl;dr\n"), "{out}");
    }

    /// Normalized as a Markdown seed, every word checked.
    fn authored_md(text: &str) -> String {
        let profile = Profile {
            format: Format::Markdown,
            ..Profile::default()
        };
        let n = normalize(text, &[], profile);
        verify(text, &n.markdown, &n.dropped).expect("no word lost or invented");
        n.markdown
    }

    #[test]
    fn markdown_lines_run_on_as_commonmark_reads_them() {
        let text = "The Call is a commitment by governments and tech companies.\nIt aims to eliminate terrorist content online.\nShort line\nAnother sentence follows, in the same paragraph.\n\nA break with two spaces  \nand with a backslash\\\nand the end.  \n\nNext paragraph.\n";
        let out = authored_md(text);
        assert_eq!(
            out,
            "The Call is a commitment by governments and tech companies. It aims to eliminate terrorist content online. Short line Another sentence follows, in the same paragraph.\n\nA break with two spaces\\\nand with a backslash\\\nand the end.\n\nNext paragraph.\n"
        );
        // A label set in bold keeps its own line; a long line ending a sentence is a
        // paragraph of its own (a paragraph to a line, as content systems export them).
        let long = "This sentence is long enough to be a whole paragraph on its own line, as content systems export their paragraphs, one to a line, with no blank line between them at all, which no author would wrap there.";
        let labelled = format!("**8. Approval**\nI, the signatory, declare this.\n\n{long}\nThe next paragraph starts here.\n");
        assert_eq!(
            authored_md(&labelled),
            format!("**8. Approval**\\\nI, the signatory, declare this.\n\n{long}\n\nThe next paragraph starts here.\n")
        );
        // Elsewhere (a text file) a line that does not run on keeps its line break.
        assert!(md(text).contains("companies.\\\nIt aims"), "{}", md(text));
    }

    #[test]
    fn a_markdown_list_item_runs_on_over_its_wrapped_and_lazy_lines() {
        let text = "Intro.\n\n-   First item wraps\n    onto a second line.\n-   [Plan\n    Climat](https://example.org/plan)\n\n1. Numbered item\ncontinued lazily.\n2. Next.\n";
        let out = authored_md(text);
        assert!(
            out.contains("- First item wraps onto a second line.\n- [Plan Climat](https://example.org/plan)\n"),
            "{out}"
        );
        assert!(
            out.contains("1. Numbered item continued lazily.\n2. Next."),
            "{out}"
        );
        // Two spaces before a list break nothing; a line at the margin after an item that
        // ends a sentence is a paragraph of its own.
        let out = authored_md(
            "The list below ends this sentence, set with two spaces.  \n- One item.\nA paragraph after.\n",
        );
        assert_eq!(
            out,
            "The list below ends this sentence, set with two spaces.\n\n- One item.\n\nA paragraph after.\n"
        );
    }

    #[test]
    fn a_code_block_is_kept_as_written() {
        // Its lines look like bullets, a heading and a page number: none of it is read so.
        let text = "Some text before the code, a full sentence.\n\n```console\n$ curl -v https://example.org\n* Connecting to hostname\n* Trying 1.2.3.4\n  CApath: none\n\nSUMMARY\n12\n```\n\nText after.\n";
        for out in [authored_md(text), md(text)] {
            assert!(
                out.contains("```console\n$ curl -v https://example.org\n* Connecting to hostname\n* Trying 1.2.3.4\n  CApath: none\n\nSUMMARY\n12\n```\n"),
                "{out}"
            );
        }
        // A longer fence holds a shorter one.
        let nested = "Intro.\n\n~~~~\n```\nx\n```\n~~~~\n\nAfter.\n";
        assert!(authored_md(nested).contains("~~~~\n```\nx\n```\n~~~~\n"));
    }

    #[test]
    fn markdown_indented_code_is_fenced_an_items_indented_paragraph_is_not_code() {
        let text = "Text before.\n\n    indented code line one\n\n    indented code line two\n\nText after.\n\n-   An item\n\n    Its second paragraph.\n";
        let out = authored_md(text);
        assert!(
            out.contains("Text before.\n\n```\nindented code line one\n\nindented code line two\n```\n\nText after."),
            "{out}"
        );
        assert!(out.contains("\nIts second paragraph.\n"), "{out}");
        assert!(!out.contains("```\nIts second"), "{out}");
    }

    #[test]
    fn an_authors_space_after_ff_stays_in_wrapped_markdown() {
        // Markdown wrapped at 100 columns reads like an extraction, but its spaces are
        // its author's: "staff worked" is no ligature break.
        let text = pdf(&[
            LOREM,
            LOREM,
            LOREM,
            LOREM,
            "Looking forward to the next 3 years, the Foundation staff worked with the Leadership Council and the Project Directors.",
        ]);
        let authored = Profile {
            format: Format::Markdown,
            ..Profile::default()
        };
        let n = normalize(&text, &[], authored);
        assert!(
            n.markdown.contains("Foundation staff worked"),
            "{}",
            n.markdown
        );
    }

    #[test]
    fn a_hyphen_before_a_capital_or_digit_at_a_line_end_joins_without_a_space() {
        let text = pdf(&[LOREM, LOREM]) + "The report looks at the Saudi-\nIranian rivalry and at the decision 2023-\n0379 of the commission, with care for all the participating States.\n";
        let out = md(&text);
        assert!(out.contains("the Saudi-Iranian rivalry"), "{out}");
        assert!(out.contains("the decision 2023-0379 of"), "{out}");
    }

    #[test]
    fn a_bold_sentence_of_prose_is_a_paragraph_not_a_heading() {
        let sentence = "Competition among countries will increase in the coming year as major powers and regional aggressors exploit complex global trends while adjusting to new priorities in their own foreign policies.";
        let text = format!(
            "# Report\n\n## Overview\n\n## {sentence}\n\nThe text goes on here with more detail.\n"
        );
        let n = normalize(&text, &[], Profile::default());
        assert!(
            n.markdown.contains(&format!("\n\n{sentence}\n")),
            "{}",
            n.markdown
        );
        assert!(
            !n.markdown.contains(&format!("# {sentence}")),
            "{}",
            n.markdown
        );
        assert!(n.markdown.contains("# Overview"), "{}", n.markdown);
    }

    #[test]
    fn repairs_line_end_hyphenation_but_keeps_real_hyphens() {
        let text = pdf(&[LOREM, LOREM]) + "Digital tools help with confidence-building in the region and strengthen secur-\nity for all participants in the confidence-\nbuilding process across the OSCE area.\n";
        let out = md(&text);
        assert!(out.contains("strengthen security for all"), "{out}");
        assert!(out.contains("the confidence-building process"), "{out}");
        // The halves of the break itself are no evidence that they are words: "dé-" +
        // "clarative" joins ("dé" and "clarative" appear nowhere else), "human-" +
        // "rights" keeps its hyphen ("human" and "rights" stand alone elsewhere).
        let text = pdf(&[LOREM, LOREM]) + "Nous proposons que les résumés soient exprimés de manière flexible et dé-\nclarative via un langage de requêtes, dans le respect des human-\nrights and of human dignity, as all rights are.\n";
        let out = md(&text);
        assert!(out.contains("flexible et déclarative via"), "{out}");
        assert!(out.contains("des human-rights and"), "{out}");
        // A word's ending alone after the break joins, though the head is a word
        // ("exception" stands alone here).
        let text = pdf(&[LOREM, LOREM])
            + "The exception proves the rule, and the method is exception-
ally fast on long passages, while the adjust-
ment stays small.
";
        let out = md(&text);
        assert!(out.contains("method is exceptionally fast"), "{out}");
        assert!(out.contains("while the adjustment stays"), "{out}");
    }

    #[test]
    fn repairs_words_glued_by_lost_hyphens_from_the_documents_own_spelling() {
        let text = pdf(&[LOREM, LOREM, LOREM, LOREM, "Awareness-raising is important, and awareness-raising works.", "Tools support awarenessraising, education and data protection for all participating States."]);
        let out = md(&text);
        assert!(
            out.contains("support awareness-raising, education"),
            "{out}"
        );
        // Written as often one way as the other, a word is the author's: the Paris Call
        // writes "cyberattacks" whole on its line and "cyber-attacks" once elsewhere.
        let text = pdf(&[
            LOREM,
            LOREM,
            LOREM,
            LOREM,
            "Malicious cyber-attacks are on the rise.",
            "States condemn cyberattacks against critical infrastructure in peacetime.",
        ]);
        assert!(md(&text).contains("condemn cyberattacks against"));
    }

    #[test]
    fn a_speechs_address_to_the_chair_on_its_own_line_heads_no_section() {
        let text = "Mr President\n\nI congratulate you on your election to the presidency of this Assembly.\n\nThe Threat of Terrorism\n\nTerrorism remains the gravest threat to our region and to the world.\n\nMr President\n\nAustralia will continue to play its part in the region and in the world.\n";
        let n = md(text);
        assert!(!n.contains("# Mr President"), "{n}");
        assert!(n.contains("\nMr President\n"), "{n}");
        assert!(n.contains("# The Threat of Terrorism"), "{n}");
    }

    #[test]
    fn a_bold_speaker_that_starts_a_sentence_is_no_heading() {
        let head = "El Jefe del Departamento Jurídico de la División de Gestión y Modernización de las Policías de la Subsecretaría del Interior, señor Luis";
        assert!(heading_runs_into(
            head,
            "Pradenas, concordó con la observación de la instancia legislativa."
        ));
        assert!(heading_runs_into(
            head,
            "y asesora legislativa, señora Camila Barros."
        ));
        // A section's heading over a paragraph, a caption, a pull quote: left alone.
        assert!(!heading_runs_into("Comparison of the retail sector in the European Union with the sectors of Japan and the United States", "The retail sector employs more people than any other."));
        assert!(!heading_runs_into(
            "Table 6.3: Comparison of the EU retail sector with Japan and the USA today",
            "population number of enterprises"
        ));
        assert!(!heading_runs_into("“AI is a tool that has the potential to enhance the agency of legal practitioners and access to justice.”", "Fifth, legislative bodies must act."));
        let blocks = vec![
            Block::Heading {
                level: 2,
                text: head.into(),
                plain: false,
            },
            Block::Paragraph("Pradenas, concordó con la observación.".into()),
        ];
        let joined = run_in_heads_joined(blocks);
        assert!(
            matches!(&joined[..], [Block::Paragraph(t)] if t.ends_with("señor Luis Pradenas, concordó con la observación.")),
            "{joined:?}"
        );
    }

    #[test]
    fn a_note_with_no_marker_at_a_pages_foot_waits_while_the_sentence_goes_on() {
        let text = pdf(&[LOREM, LOREM]) + "The authors note that most cloud providers still draw on carbon-intensive sources rather than\n\n4Data for 2017, from <https://example.org/co2-emissions>, accessed Jan 21, 2021\n\u{c}\ngreen energy, underscoring the need for efficient model architectures.\n";
        let n = norm(&text);
        assert!(
            n.markdown
                .contains("sources rather than green energy, underscoring"),
            "{}",
            n.markdown
        );
        assert!(
            n.markdown.contains("\n\n4Data for 2017, from <https://example.org/co2-emissions>, accessed Jan 21, 2021\n"),
            "{}",
            n.markdown
        );
        assert!(reads_as_unlinked_note(
            "12This point is also mentioned in the model card"
        ));
        assert!(!reads_as_unlinked_note("5G networks need spectrum"));
        assert!(!reads_as_unlinked_note("2019 was the year"));
    }

    #[test]
    fn drops_page_numbers_and_rejoins_the_cut_paragraph() {
        let text = pdf(&[LOREM, LOREM]) + "The Secretary General offered five observations cited in the final section of this report, which summarizes the\n17\n\nextensive discussions at the event.\n";
        let n = norm(&text);
        assert!(
            n.markdown
                .contains("which summarizes the extensive discussions"),
            "{}",
            n.markdown
        );
        assert!(n
            .dropped
            .iter()
            .any(|d| d.rule == "page number" && d.text == "17"));
        verify(&text, &n.markdown, &n.dropped).unwrap();
    }

    #[test]
    fn form_feeds_are_dropped_and_reported() {
        let n = norm("First paragraph.\n\u{c}\nSecond paragraph.\n");
        assert!(!n.markdown.contains('\u{c}'));
        assert!(n.dropped.iter().any(|d| d.rule.contains("form feed")));
    }

    #[test]
    fn bullet_glyphs_become_lists() {
        let text = pdf(&[LOREM, LOREM]) + "On the positive side, for example:\n•\nTools enabled by digitalization can provide means to enhance security.\n•\nState authorities can use such tools.\n\u{f0b7} Private-use glyph bullets work too.\n";
        let out = md(&text);
        assert!(
            out.contains("On the positive side, for example:\n\n- Tools enabled"),
            "{out}"
        );
        assert!(
            out.contains("\n- State authorities can use such tools.\n"),
            "{out}"
        );
        assert!(
            out.contains("\n- Private-use glyph bullets work too.\n"),
            "{out}"
        );
    }

    #[test]
    fn o_sub_bullets_nest_under_their_item() {
        let text = pdf(&[LOREM, LOREM]) + "Suggestions follow here:\n• Fourth, technology should be used more effectively. This includes:\no Using technology to enhance efficiency;\no Smart technology in field activities.\n• Fifth, partnerships.\n";
        let n = norm(&text);
        assert!(
            n.markdown.contains("- Fourth, technology"),
            "{}",
            n.markdown
        );
        assert!(
            n.markdown
                .contains("\n  - Using technology to enhance efficiency;\n  - Smart technology"),
            "{}",
            n.markdown
        );
        assert!(n.dropped.iter().filter(|d| d.text == "o").count() == 2);
        verify(&text, &n.markdown, &n.dropped).unwrap();
    }

    #[test]
    fn a_line_opening_on_the_word_o_outside_a_list_carries_on_its_sentence() {
        let text = pdf(&[LOREM, LOREM])
            + "Adotamos anteontem, aqui neste mesmo plenário, o Pacto para\no Futuro.\n\nSua difícil aprovação demonstra o enfraquecimento.\n";
        let n = norm(&text);
        assert!(
            n.markdown.contains("o Pacto para o Futuro."),
            "{}",
            n.markdown
        );
        assert!(!n.dropped.iter().any(|d| d.text == "o"));
        verify(&text, &n.markdown, &n.dropped).unwrap();
    }

    #[test]
    fn numbered_markers_alone_on_a_line_take_the_next_line() {
        let text = pdf(&[LOREM, LOREM]) + "The Security Day focused on four main objectives:\n1)\nreviewing and assessing new technologies;\n 2)\nexamining risks inherent in their use.\n";
        let out = md(&text);
        assert!(
            out.contains("1) reviewing and assessing new technologies;\n2) examining risks"),
            "{out}"
        );
    }

    #[test]
    fn lost_glyph_items_after_a_heading_are_a_list_but_a_lone_indent_is_not() {
        let text = pdf(&[LOREM, LOREM])
            + "Conclusions and recommendations:\n The OSCE should engage with technology companies.\n It is in the interest of all states to agree.\n\nBackground\n"
            + &pdf(&[LOREM])
            + " In her keynote speech, the Commissioner cautioned that technology can accelerate polarization.\n";
        let out = md(&text);
        assert!(
            out.contains("### Conclusions and recommendations\n\n- The OSCE should engage"),
            "{out}"
        );
        assert!(out.contains("- It is in the interest"), "{out}");
        assert!(out.contains("\nIn her keynote speech"), "{out}");
    }

    #[test]
    fn plain_text_headings_are_recognised() {
        let text = pdf(&[LOREM, LOREM])
            + "\nBackground\n"
            + &pdf(&[LOREM])
            + "\nTechnology for Security\n"
            + &pdf(&[LOREM]);
        let out = md(&text);
        assert!(out.contains("## Background\n"), "{out}");
        assert!(out.contains("## Technology for Security\n"), "{out}");
    }

    #[test]
    fn markdown_headings_are_cleaned_and_start_at_level_two() {
        let out = md("# **HIGH-LEVEL PANEL**\n\nText here.\n\n## **The road:**\n\nMore text.\n");
        assert!(out.contains("## HIGH-LEVEL PANEL\n"), "{out}");
        assert!(out.contains("### The road\n"), "{out}");
    }

    #[test]
    fn sup_markers_and_note_lists_become_footnotes() {
        let text = "The Summit (WSIS<sup>1</sup>) and the Assembly<sup>2</sup> recognised the work of the Foundation over many years and across many continents and contexts, and the then\n\n---\n\n1 <http://www.itu.int/wsis>\n\n<sup>2</sup> <https://ict4peace.org/x>\n\nrecently established Office.\n";
        let out = md(text);
        assert!(out.contains("(WSIS[^1])"), "{out}");
        assert!(
            out.contains("the then recently established Office."),
            "cut paragraph rejoined: {out}"
        );
        assert!(out.contains("[^1]: <http://www.itu.int/wsis>"), "{out}");
        assert!(out.contains("[^2]: <https://ict4peace.org/x>"), "{out}");
        assert!(!out.contains("<sup>") && !out.contains("---"), "{out}");
        // A superscript whose note the page lost (in a template's include) points to
        // nothing: no reference.
        let out = md("DPGs already act as critical national infrastructure <sup>1</sup>. They support health systems.\n");
        assert!(!out.contains("[^1]"), "{out}");
        assert!(out.contains("infrastructure 1."), "{out}");
    }

    #[test]
    fn urls_emails_and_dead_links() {
        let out = md("Details at https://www.osce.org/secdays. See www.ict4peace.org or write to a.b@ict4peace.org.\n\nWe need help! [Help Us Help Haiti](#) and [here](#).\n\nKept: [site](http://example.org) and <http://bit.ly/x>.\n");
        assert!(out.contains("<https://www.osce.org/secdays>."), "{out}");
        assert!(
            out.contains("[www.ict4peace.org](https://www.ict4peace.org)"),
            "{out}"
        );
        assert!(out.contains("<a.b@ict4peace.org>"), "{out}");
        assert!(
            out.contains("We need help! Help Us Help Haiti and here."),
            "{out}"
        );
        assert!(
            out.contains("[site](http://example.org) and <http://bit.ly/x>"),
            "{out}"
        );
    }

    #[test]
    fn tab_separated_rows_become_a_table() {
        let out = md("ATTACK ORIGINS\n\n#\tCOUNTRY\n354\tSaudi Arabia\n7\tA|B\n\t0.66\n");
        assert!(
            out.contains(
                "| # | COUNTRY |\n|---|---|\n| 354 | Saudi Arabia |\n| 7 | A\\|B |\n|  | 0.66 |"
            ),
            "{out}"
        );
    }

    #[test]
    fn navigation_and_share_chrome_is_dropped_but_single_words_stay() {
        let text = "Intro paragraph.\n\nSEARCH\n\nUPDATES\n\nPUBLICATIONS\n\nContent.\n\n Facebook\n\n Twitter\n\n LinkedIn\n\nPrint\n\nLogos: Microsoft\n\nfacebook\n\nGoogle\n";
        let n = norm(text);
        for gone in [
            "SEARCH",
            "UPDATES",
            "PUBLICATIONS",
            "Twitter",
            "LinkedIn",
            "Print",
        ] {
            assert!(
                !n.markdown.contains(gone),
                "{gone} should be dropped: {}",
                n.markdown
            );
        }
        assert!(
            n.markdown.contains("facebook") && n.markdown.contains("Google"),
            "{}",
            n.markdown
        );
        assert_eq!(
            n.dropped
                .iter()
                .filter(|d| d.rule.contains("chrome"))
                .count(),
            7
        );
        verify(text, &n.markdown, &n.dropped).unwrap();
    }

    #[test]
    fn a_note_goes_on_across_a_dropped_line() {
        // Found by the fuzz test: the "read more" link is dropped as chrome, so the
        // indented line after it continues the note above, and the check must agree.
        let text = "1 <https://example.org/a>\n[...more](#)\n  :a\nText with note<sup>1</sup> and <b>tag</b>.";
        let n = normalize(text, &[], Profile::default());
        assert!(
            n.markdown.contains("[^1]: <https://example.org/a> :a"),
            "{}",
            n.markdown
        );
        verify(text, &n.markdown, &n.dropped).unwrap();
    }

    #[test]
    fn no_raw_html_survives() {
        let out = md("A <script>alert(1)</script> and <b>bold</b> x < y.\n");
        assert!(!out.contains("<script>") && !out.contains("<b>"), "{out}");
        assert!(out.contains("x \\< y"), "{out}");
    }

    #[test]
    fn a_thematic_break_spaced_out_is_a_rule_not_a_list() {
        let markdown = Profile {
            format: Format::Markdown,
            ..Profile::default()
        };
        let out = normalize(
            "Before the break.\n\n- - -\n\nAfter the break.\n",
            &[],
            markdown,
        )
        .markdown;
        assert!(
            out.contains("Before the break.\n\n* * *\n\nAfter the break."),
            "{out}"
        );
    }

    #[test]
    fn struck_out_words_stay_struck_out() {
        let out = md("I thank the Prime Minister for <s>Colombia’s</s> \\[Cambodia’s\\] leadership and request $<del>850</del> \\[825\\] million.\n");
        assert!(out.contains("for ~~Colombia’s~~ \\[Cambodia’s\\]"), "{out}");
        assert!(out.contains("$~~850~~ \\[825\\] million"), "{out}");
    }

    #[test]
    fn text_that_looks_like_markdown_syntax_is_escaped() {
        let out = md("Intro.\n\n2015. A year of change.\n\n# not a heading? no, a hash tag line\n");
        assert!(out.contains("2015\\. A year"), "{out}");
    }

    #[test]
    fn nested_markdown_lists_and_doubled_markers() {
        let out = md("- However, capabilities do not fit:\n - Problem of attribution\n - - **Facilitating dialogue**\n- Arms control\n");
        assert!(out.contains("- However, capabilities do not fit:\n  - Problem of attribution\n  - **Facilitating dialogue**\n- Arms control"), "{out}");
    }

    #[test]
    fn unbalanced_bold_is_removed() {
        let out = md("- 1. Since 2004 using ICTs for peace;**\n- 2. Since 2007 cyber peace.**\n");
        assert!(!out.contains("**"), "{out}");
    }

    #[test]
    fn slides_get_titles_from_lines_that_introduce_lists() {
        let text = "Intro line\n\n\n\nThe Cybersecurity Challenge\n\n- Many states are pursuing capabilities\n- A private can obtain cyber weapons\n\nErosion of Trust\n\nSome text.\n";
        let n = normalize(
            text,
            &[],
            Profile {
                slides: true,
                ..Profile::default()
            },
        );
        assert!(
            n.markdown
                .contains("## The Cybersecurity Challenge\n\n- Many states"),
            "{}",
            n.markdown
        );
        assert!(!n.markdown.contains("## Erosion"), "{}", n.markdown);
    }

    #[test]
    fn verify_catches_a_lost_or_invented_word() {
        let seed = "One two three.\n";
        assert!(verify(seed, "One two three.\n", &[]).is_ok());
        assert!(verify(seed, "One three.\n", &[]).is_err());
        assert!(verify(seed, "One two three four.\n", &[]).is_err());
        let dropped = [Dropped {
            line: 2,
            text: "12".into(),
            rule: "page number",
        }];
        assert!(verify("One.\n12\n", "One.\n", &dropped).is_ok());
    }

    /// Found by the normalizer property test: a plain-text note's continuation line is
    /// joined into the note, and the check must read it as part of the note too.
    #[test]
    fn a_plain_text_note_keeps_its_continuation_lines() {
        let seed = "Text with note<sup>1</sup> and <b>tag</b>.\n1 <https://example.org/a>\n  a\n";
        let n = normalize(seed, &[], Profile::default());
        assert!(
            n.markdown.contains("[^1]: <https://example.org/a> a"),
            "{}",
            n.markdown
        );
        verify(seed, &n.markdown, &n.dropped).unwrap();
        // The words of the note are still checked: losing one is caught.
        let lost = n.markdown.replace("> a", ">");
        assert!(verify(seed, &lost, &n.dropped).is_err());
    }

    /// An author's Markdown quotation reads as CommonMark reads it: a line without the
    /// mark right after a quoted line goes on in the quotation (quoted legal text had
    /// been cut, its second half read as the author's words), a break stays a break,
    /// and a lone `**` stays as written.
    #[test]
    fn a_markdown_quotation_keeps_its_lazy_lines_and_breaks() {
        let markdown = Profile {
            format: Format::Markdown,
            ..Profile::default()
        };
        let text = "> (a) **allow engines by removing current***\n***clause 2.5.6**, which requires WebKit.\n\n> (1) One.\\\n> (2) Two.\n\nIt was pro**vided.\n";
        let n = normalize(text, &[], markdown);
        assert_eq!(
            n.markdown,
            "> (a) **allow engines by removing current*** ***clause 2.5.6**, which requires WebKit.\n\n> (1) One.\\\n> (2) Two.\n\nIt was pro**vided.\n"
        );
    }

    /// A short turn of a transcript ("Q: Mr. President—") is what someone said, never a
    /// heading.
    #[test]
    fn a_transcripts_short_turns_are_no_headings() {
        let text = "THE PRESIDENT: We will take questions now and answer all of them.\n\nQ: Mr. President—\n\nTHE PRESIDENT: Go ahead, please, ask the question.\n\nQ: Mr. President\n\nTHE PRESIDENT: Yes.\n";
        let n = normalize(text, &[], Profile::default());
        assert!(!n.markdown.contains('#'), "{}", n.markdown);
        assert!(n.markdown.contains("Q: Mr. President—\n"), "{}", n.markdown);
    }

    /// Chinese and Japanese running text broken at a line's end joins without a space;
    /// a table's short cells keep theirs.
    #[test]
    fn chinese_lines_join_without_a_space() {
        let n = normalize(
            "路段的交通量和大型车比例与基准值的编制条件不同时，其用地指标按表 7.6 中\n的系数进行调整。\n\n编制条件\n车道数\n",
            &[],
            Profile::default(),
        );
        assert!(
            n.markdown.contains("按表 7.6 中的系数进行调整。"),
            "{}",
            n.markdown
        );
        assert!(!n.markdown.contains("编制条件车道数"), "{}", n.markdown);
    }

    /// A web address broken at a line's end is one link, not a truncated one and text.
    #[test]
    fn a_web_address_broken_at_a_line_end_goes_on() {
        assert!(url_goes_on(
            "see <https://standards.cta.tech/details.php?project_i",
            "d=675>"
        ));
        assert!(url_goes_on(
            "https://www.adalovelac",
            "einstitute.org/report/ex"
        ));
        assert!(!url_goes_on("report/ex", "x"));
        assert!(!url_goes_on(
            "Available at https://example.org/report.pdf",
            "accessed on 12 May"
        ));
        assert!(!url_goes_on("at https://example.org/", "2020."));
        assert!(!url_goes_on("at <https://example.org/a>", "d=1"));
        let n = normalize(
            "The report is at https://www.adalovelac\neinstitute.org/report/ex\namining-the-black-box and online.\n",
            &[],
            Profile::default(),
        );
        assert!(
            n.markdown
                .contains("https://www.adalovelaceinstitute.org/report/examining-the-black-box"),
            "{}",
            n.markdown
        );
    }

    #[test]
    fn a_contents_line_with_a_leader_of_middle_dots_is_dropped() {
        let n = normalize(
            "Ⅰ. 제안경위 ·······························\n\nⅡ. 제안이유 및 주요내용 ······················ 2\n\n본문입니다.\n",
            &[],
            Profile::default(),
        );
        assert_eq!(n.markdown, "본문입니다.\n", "{}", n.markdown);
        assert_eq!(n.dropped.len(), 2);
    }

    /// A heading its author marked (a web page's `<h3>`) stays one however long: an
    /// interview's questions; the same sentence found bold in a PDF is a paragraph.
    #[test]
    fn an_authors_long_heading_stays_a_heading() {
        let text = "Il n’y a donc pas de dichotomie fondamentale.\n\n### Pour un candidat désireux de limiter les migrations par regroupement familial à l’échelle nationale, la seule solution est-elle, dès lors, de sortir de la Convention européenne des droits de l’homme en raison du contenu de l’article 8 relatif au respect de la vie privée et familiale ?\n\nNon.\n";
        let html = Profile {
            format: Format::Html,
            ..Profile::default()
        };
        assert!(normalize(text, &[], html)
            .markdown
            .contains("### Pour un candidat"));
        let pdf = Profile {
            format: Format::Pdf,
            ..Profile::default()
        };
        assert!(!normalize(text, &[], pdf)
            .markdown
            .contains("# Pour un candidat"));
    }

    #[test]
    fn a_web_pages_first_short_paragraph_is_its_standfirst_not_a_heading() {
        let html = Profile {
            format: Format::Html,
            ..Profile::default()
        };
        let text = "Mehr Geld für flexiblere Kinderbetreuung und sprachliche Frühförderung\n\nDie Bundesministerin hat heute mit den Ländern eine Vereinbarung über die Kinderbetreuung unterzeichnet.\n";
        assert!(!normalize(text, &[], html).markdown.contains('#'));
    }

    #[test]
    fn a_speakers_turn_marked_with_a_circle_opens_a_paragraph() {
        let pdf = Profile {
            format: Format::Pdf,
            ..Profile::default()
        };
        let text = "(10시14분 개의) 의석을 정돈하여 주시기 바랍니다. 회의를 시작하겠습니다 그리고 먼저\n◯위원장 박정 의석을 정돈하여 주시기 바랍니다.\n◯양경규 위원 선배 위원님 여러분 감사드립니다.\n";
        let n = normalize(text, &[], pdf);
        assert!(n.markdown.contains("\n\n◯위원장 박정"), "{}", n.markdown);
        assert!(n.markdown.contains("\n\n◯양경규 위원"), "{}", n.markdown);
    }

    #[test]
    fn a_headings_letter_spaced_word_is_written_whole() {
        assert_eq!(
            letter_spaced_words_joined("С т а т т я 262 Участь"),
            "Стаття 262 Участь"
        );
        assert_eq!(
            letter_spaced_words_joined("П у н к т 1 с т а т т і 5"),
            "Пункт 1 статті 5"
        );
        // Three letters or fewer may be initials or a list: left as they are.
        assert_eq!(letter_spaced_words_joined("Annex A B C"), "Annex A B C");
    }

    /// Items all set in as far (a report's checkmark bullets, four spaces in) are
    /// siblings: the first had been put at the margin and the others nested under it.
    #[test]
    fn items_set_in_alike_are_siblings() {
        let text = "Key guidance:\n\n    \u{f0fc} Develop AI systems that respect the principles.\n    \u{f0fc} Pay particular attention to vulnerable groups.\n    \u{f0fc} Acknowledge the risks.\n";
        let n = normalize(text, &[], Profile::default());
        assert!(!n.markdown.contains("  - "), "{}", n.markdown);
        assert_eq!(n.markdown.matches("\n- ").count(), 3, "{}", n.markdown);
    }

    #[test]
    fn word_count() {
        assert_eq!(
            count_words("## Title\n\nHuman rights-centred approach, 2019."),
            5
        );
        // A character a word where words are not spaced apart; Latin runs among them
        // are a word each.
        assert_eq!(count_words("香港行政长官梁振英 (2012)"), 10);
        assert_eq!(count_words("米朝首脳 Trump 氏"), 6);
    }
}
