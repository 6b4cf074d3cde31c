//! PDF ingest for dossier, in pure Rust (on `pdf_oxide`).
//!
//! [`read_pdf`] returns the text lines of every page in reading order (two-column pages are
//! read left column first), with font size, boldness, position and the vertical gap above
//! each line; running headers/footers and page numbers found by the document's own
//! statistics are removed and listed in [`PdfDocument::dropped`]. [`PdfDocument::to_text`]
//! renders plain text for the downstream normalizer.
//!
//! Robustness: the parser underneath can panic on damaged files; every call into it runs
//! under `catch_unwind` and a panic becomes [`PdfError::Damaged`] (or a page listed in
//! [`PdfDocument::warnings`]). The default panic hook still prints the panic message to
//! stderr; call [`install_quiet_panic_hook`] once at start-up to silence it for panics
//! raised inside [`read_pdf`] only.

mod extract;
mod garbled;
mod layout;

use once_cell::sync::Lazy;
use regex::Regex;
use std::cell::Cell;

/// A PDF read into lines.
#[derive(Debug, Clone, Default)]
pub struct PdfDocument {
    pub info: PdfInfo,
    pub pages: Vec<PdfPage>,
    /// running headers/footers and page numbers removed from `pages`, with the rule that did it
    pub dropped: Vec<DroppedLine>,
    /// the most common font size of the text (to tell headings)
    pub body_font_size: f32,
    /// pages that could not be read (damaged content) and were left empty
    pub warnings: Vec<String>,
}

/// The Info dictionary (title and author fall back on XMP `dc:title` / `dc:creator`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PdfInfo {
    pub title: Option<String>,
    pub author: Option<String>,
    pub subject: Option<String>,
    pub keywords: Option<String>,
    /// ISO 8601 from `D:YYYYMMDD...`: "YYYY-MM-DD", or "YYYY-MM" / "YYYY" when less is given
    pub creation_date: Option<String>,
    pub producer: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct PdfPage {
    /// 1-based
    pub number: usize,
    pub lines: Vec<PdfLine>,
}

#[derive(Debug, Clone, Default)]
pub struct PdfLine {
    /// ligatures expanded, soft hyphens removed, spaces collapsed; nothing else changed
    pub text: String,
    /// points, rounded to 0.1
    pub font_size: f32,
    /// most of the characters are in a bold font
    pub bold: bool,
    /// left edge, points from the left of the page
    pub x: f32,
    /// baseline, points from the top of the page
    pub y: f32,
    /// blank space above the line (previous line's descent to this line's ascent), in points;
    /// 0 for the first line of a page, column or region
    pub gap_before: f32,
    /// the line starts a paragraph: larger gap than the document's normal leading, first-line
    /// indentation, or the start of a page/column
    pub para_start: bool,
    /// reading-order flow (column / region) of the page the line belongs to
    pub flow: usize,
}

impl PdfLine {
    /// Heading-like line: larger than the body text, or bold while the body is not.
    pub fn is_heading(&self, body_font_size: f32) -> bool {
        self.text.chars().count() <= 200
            && (self.font_size >= body_font_size * 1.15 || (self.bold && body_font_size > 0.0))
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct DroppedLine {
    /// 1-based page number
    pub page: usize,
    pub text: String,
    /// "running-header", "running-footer" or "page-number"
    pub rule: &'static str,
}

#[derive(Debug, thiserror::Error, Clone, PartialEq)]
pub enum PdfError {
    #[error("encrypted PDF that needs a password: remove the protection (e.g. `qpdf --decrypt --password=PASSWORD in.pdf out.pdf`) and add the result")]
    Encrypted,
    #[error("scanned PDF with no text layer ({pages} page(s)): run OCR (e.g. `ocrmypdf in.pdf out.pdf`) and add the result")]
    NoTextLayer { pages: usize },
    #[error("not a PDF file (no %PDF header): check that the file is really a PDF")]
    NotPdf,
    #[error("damaged or unsupported PDF ({0}): try repairing it (e.g. `qpdf in.pdf out.pdf`, or open it and print to PDF) and add the result")]
    Damaged(String),
}

thread_local! {
    static IN_READ: Cell<bool> = const { Cell::new(false) };
}

/// Installs (once, process-wide) a panic hook that stays silent for panics raised inside
/// [`read_pdf`] on this thread (they are turned into errors) and delegates every other panic
/// to the hook that was installed before. Optional: without it, a damaged PDF may print a
/// panic message on stderr, and the result is the same.
pub fn install_quiet_panic_hook() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let prev = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !IN_READ.with(|f| f.get()) {
                prev(info);
            }
        }));
    });
}

/// Runs a parser that may panic on damaged input (a third-party crate's bug) and turns a
/// panic into its message, silently when [`install_quiet_panic_hook`] was called.
pub(crate) fn catch_quietly<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    install_quiet_panic_hook();
    let _guard = InRead::enter();
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).map_err(|p| {
        p.downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| p.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "parser panic".into())
    })
}

/// The parser's pages and Info, one document at a time. pdf_oxide keeps a process-wide
/// cache of the fonts it parsed, keyed by a hash that two different fonts can share (same
/// name, widths given by reference): a document read after (or beside) another took its
/// font's widths, and its words came out split ("Ke nneth", "wit hout" in a Kenyan Hansard
/// read after an ITU report). Each document is parsed alone, the cache emptied before and
/// after; the layout work after it runs in parallel as before.
fn parse_alone(bytes: &[u8]) -> Result<(PdfInfo, Vec<extract::PageResult>), PdfError> {
    use pdf_oxide::fonts::global_cache::clear_global_font_cache;
    static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());
    // A parser panic on another document poisons nothing this lock guards.
    let _alone = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    clear_global_font_cache();
    let parsed = load(bytes).map(|(doc, count)| {
        let info = extract::info(&doc);
        (info, extract::pages(&doc, count.min(100_000)))
    });
    clear_global_font_cache();
    parsed
}

/// Two lines on the same baseline of the same flow, the second to the right.
fn same_row(a: &PdfLine, b: &PdfLine) -> bool {
    a.flow == b.flow && (a.y - b.y).abs() < 1.0 && b.x > a.x
}

/// Runs of consecutive lines (indexes) side by side on one baseline, two or more.
fn side_by_side_rows(lines: &[PdfLine]) -> Vec<Vec<usize>> {
    let mut rows: Vec<Vec<usize>> = Vec::new();
    for i in 1..lines.len() {
        if !same_row(&lines[i - 1], &lines[i]) {
            continue;
        }
        match rows.last_mut() {
            Some(r) if r.last() == Some(&(i - 1)) => r.push(i),
            _ => rows.push(vec![i - 1, i]),
        }
    }
    rows
}

/// A row's cells' left edges.
fn shape(lines: &[PdfLine], row: &[usize]) -> Vec<f32> {
    row.iter().map(|&i| lines[i].x).collect()
}

/// Every side-by-side row's flow and shape, over the whole document.
fn table_row_shapes(pages: &[PdfPage]) -> Vec<(usize, Vec<f32>)> {
    pages
        .iter()
        .flat_map(|p| {
            side_by_side_rows(&p.lines)
                .into_iter()
                .map(|r| (p.lines[r[0]].flow, shape(&p.lines, &r)))
        })
        .collect()
}

/// A row is a table's when another row of its flow has its shape: a lone pair on one
/// baseline (a masthead's "A/RES/80/16" and "Distr.: General") is not a table.
fn recurs(shapes: &[(usize, Vec<f32>)], row: &[f32], flow: usize) -> bool {
    let alike = |(f, s): &&(usize, Vec<f32>)| {
        *f == flow && s.len() == row.len() && s.iter().zip(row).all(|(a, b)| (a - b).abs() < 4.0)
    };
    shapes.iter().filter(alike).count() >= 2
}

/// A row of two lines side by side: a paragraph's number ("1.", "(a)", "(15)") and the
/// prose it numbers, as legal texts hang their paragraphs' numbers in the margin. Not a
/// table.
fn is_numbered_paragraph(lines: &[PdfLine], row: &[usize]) -> bool {
    let [number, text] = row else {
        return false;
    };
    is_paragraph_number(&lines[*number].text) && lines[*text].text.split_whitespace().count() >= 8
}

/// A paragraph's number alone: "1.", "(15)", "(a)", "iv.".
/// Which lines are bold phrases of running text, not headings: a bold line of body size,
/// opening in lower case, that a line of running text leads into at the text's own
/// leading, its phrase cut at the line's end ("... l'unité dans la" / "diversité est la
/// clé pour garantir la paix, le"), and the bold lines that go on from it so
/// ("framework.\" International" / "Journal of Social Research").
fn bold_lines_going_on_from_prose(lines: &[PdfLine], body_font_size: f32) -> Vec<bool> {
    let mut prose = vec![false; lines.len()];
    for li in 1..lines.len() {
        let (p, l) = (&lines[li - 1], &lines[li]);
        let follows = !l.para_start
            && l.font_size < body_font_size * 1.15
            && p.flow == l.flow
            && p.y < l.y - 1.0;
        let goes_on_from_bold_prose =
            prose[li - 1] && l.bold == p.bold && (l.font_size - p.font_size).abs() < 0.6;
        let opens_in_a_phrase = l.text.chars().next().is_some_and(char::is_lowercase)
            && !p.is_heading(body_font_size)
            && p.text
                .trim_end()
                .ends_with(|c: char| c.is_lowercase() || c == ',');
        prose[li] = follows && (goes_on_from_bold_prose || opens_in_a_phrase);
    }
    prose
}

fn is_paragraph_number(text: &str) -> bool {
    static MARKER: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"^(?:\d{1,3}[.)]|\(\d{1,3}\)|\(?[a-z]{1,2}\)|\([ivxlc]{1,6}\)|[ivxlc]{1,6}\.)$")
            .unwrap()
    });
    MARKER.is_match(text.trim())
}

/// A row of two lines side by side whose first is a lone list glyph: a bullet hung in the
/// margin with its item's text beside it. Not a table, even where every item has the
/// same shape. Symbol fonts without a Unicode map give the bullet as an ASCII sign
/// (Wingdings' round bullet comes out as "!", its arrow as "Ø", its tick as "ü"); a
/// lone "o" is the second level's ring. A lone "=" or "+" is a formula's, not a list's.
fn is_bullet_row(lines: &[PdfLine], row: &[usize]) -> bool {
    let [marker, text] = row else {
        return false;
    };
    is_lone_bullet(&lines[*marker].text) && lines[*text].text.split_whitespace().count() >= 2
}

/// A line that is only a list glyph (see [`is_bullet_row`]).
fn is_lone_bullet(text: &str) -> bool {
    let mut chars = text.trim().chars();
    let (Some(c), None) = (chars.next(), chars.next()) else {
        return false;
    };
    starts_with_bullet(text)
        || matches!(
            c,
            'o' | '-' | '\u{2013}' | '*' | '·' | '»' | '!' | '§' | 'Ø' | 'ü' | '¨'
        )
}

/// "2-5, 9": page numbers, runs shortened.
fn page_list(pages: &[usize]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < pages.len() {
        let mut j = i;
        while j + 1 < pages.len() && pages[j + 1] == pages[j] + 1 {
            j += 1;
        }
        parts.push(if j > i {
            format!("{}-{}", pages[i], pages[j])
        } else {
            pages[i].to_string()
        });
        i = j + 1;
    }
    parts.join(", ")
}

/// A list item's glyph at the start of a line.
fn starts_with_bullet(text: &str) -> bool {
    text.trim_start().starts_with(|c: char| {
        matches!(
            c,
            '•' | '●' | '▪' | '■' | '◦' | '○' | '◆' | '♦' | '➢' | '➤' | '\u{2043}'
        ) || ('\u{f000}'..='\u{f0ff}').contains(&c)
    })
}

/// For each text flow (column), the distinct left edges of its bullet lines, from the
/// left: a bullet set further in is one level deeper in its list.
fn bullet_indents(pages: &[PdfPage]) -> Vec<(usize, Vec<f32>)> {
    let mut by_flow: Vec<(usize, Vec<f32>)> = Vec::new();
    for l in pages.iter().flat_map(|p| &p.lines) {
        if !starts_with_bullet(&l.text) {
            continue;
        }
        let xs = match by_flow.iter_mut().find(|(f, _)| *f == l.flow) {
            Some((_, xs)) => xs,
            None => {
                by_flow.push((l.flow, Vec::new()));
                &mut by_flow.last_mut().expect("just pushed").1
            }
        };
        if !xs.iter().any(|x| (x - l.x).abs() < 4.0) {
            xs.push(l.x);
        }
    }
    for (_, xs) in &mut by_flow {
        xs.sort_by(f32::total_cmp);
    }
    by_flow
}

/// How deep a bullet line is in its list (0 at the flow's leftmost bullets); `None` for
/// other lines.
fn bullet_depth(indents: &[(usize, Vec<f32>)], l: &PdfLine) -> Option<usize> {
    if !starts_with_bullet(&l.text) {
        return None;
    }
    let xs = &indents.iter().find(|(f, _)| *f == l.flow)?.1;
    xs.iter()
        .position(|x| (x - l.x).abs() < 4.0)
        .filter(|d| *d > 0)
}

struct InRead(bool);
impl InRead {
    fn enter() -> InRead {
        InRead(IN_READ.with(|f| f.replace(true)))
    }
}
impl Drop for InRead {
    fn drop(&mut self) {
        let old = self.0;
        IN_READ.with(|f| f.set(old));
    }
}

fn load(bytes: &[u8]) -> Result<(pdf_oxide::document::PdfDocument, usize), PdfError> {
    let head = &bytes[..bytes.len().min(1024)];
    if !head.windows(5).any(|w| w == b"%PDF-") {
        return Err(PdfError::NotPdf);
    }
    let doc = pdf_oxide::document::PdfDocument::from_bytes(bytes.to_vec()).map_err(|e| {
        let m = e.to_string();
        let l = m.to_lowercase();
        if l.contains("decrypt") || l.contains("password") || l.contains("encrypt") {
            PdfError::Encrypted
        } else {
            PdfError::Damaged(m)
        }
    })?;
    if doc.is_encrypted() && !doc.authenticate(b"").unwrap_or(false) {
        return Err(PdfError::Encrypted);
    }
    let n = doc
        .page_count()
        .map_err(|e| PdfError::Damaged(e.to_string()))?;
    Ok((doc, n))
}

/// Reads a PDF from memory. Never panics.
pub fn read_pdf(bytes: &[u8]) -> Result<PdfDocument, PdfError> {
    let _guard = InRead::enter();
    match std::panic::catch_unwind(|| read_inner(bytes)) {
        Ok(r) => r,
        Err(p) => {
            let msg = p
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| p.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "parser panic".into());
            Err(PdfError::Damaged(format!("the PDF parser failed: {msg}")))
        }
    }
}

fn read_inner(bytes: &[u8]) -> Result<PdfDocument, PdfError> {
    let (info, raw) = parse_alone(bytes)?;
    if raw.is_empty() {
        return Err(PdfError::Damaged("the document has no pages".into()));
    }
    let npages = raw.len();
    let mut warnings = Vec::new();
    let mut heights = Vec::with_capacity(npages);
    let mut pages: Vec<Vec<layout::Line>> = Vec::with_capacity(npages);
    let mut glyphs_total = 0usize;
    let mut failed: Vec<usize> = Vec::new();
    let mut landscape = 0usize;
    for r in raw {
        match r {
            extract::PageResult::Ok(p) => {
                glyphs_total += p
                    .glyphs
                    .iter()
                    .filter(|g| !g.text.trim().is_empty())
                    .count();
                heights.push(p.height);
                landscape += usize::from(p.width > p.height);
                pages.push(layout::page_lines(&p.glyphs));
            }
            extract::PageResult::Failed(m) => {
                failed.push(pages.len());
                warnings.push(m);
                heights.push(792.0);
                pages.push(Vec::new());
            }
        }
    }
    if warnings.len() == npages {
        return Err(PdfError::Damaged(warnings[0].clone()));
    }
    if glyphs_total == 0 {
        return Err(PdfError::NoTextLayer { pages: npages });
    }
    let mut dropped = Vec::new();
    layout::drop_running(&mut pages, &heights, &mut dropped);
    let mut out_pages: Vec<PdfPage> = pages
        .into_iter()
        .enumerate()
        .map(|(i, lines)| PdfPage {
            number: i + 1,
            lines: layout::finish(lines),
        })
        .collect();
    // Pages with (almost) no text among pages with text: scans bound into a born-digital
    // file (an annex, a signed page), their only text a header. Their words are not in
    // the output: say so.
    let words: Vec<usize> = out_pages
        .iter()
        .map(|p| {
            p.lines
                .iter()
                .map(|l| l.text.split_whitespace().count())
                .sum()
        })
        .collect();
    // Only in a document with full pages of text, set upright (slides, landscape, have
    // near-empty pages of pictures), and never its cover.
    let full = words.iter().any(|w| *w >= 60);
    let upright = landscape * 2 < npages;
    let blank: Vec<usize> = words
        .iter()
        .enumerate()
        // A damaged page has a warning of its own.
        .filter(|(i, w)| **w < 12 && full && upright && *i > 0 && !failed.contains(i))
        .map(|(i, _)| i + 1)
        .collect();
    if !blank.is_empty() {
        warnings.push(format!(
            "{} of {npages} pages have (almost) no text (page {}): if they are scans, run OCR (e.g. `ocrmypdf in.pdf out.pdf`) and add the result, or their text is missing",
            blank.len(),
            page_list(&blank),
        ));
    }
    warnings.extend(undecodable_warning(&out_pages));
    warnings.extend(noise_warning(&out_pages));
    warnings.extend(vertical_warning(&out_pages));
    let body = body_size(&out_pages);
    mark_paragraphs(&mut out_pages);
    Ok(PdfDocument {
        info,
        pages: out_pages,
        dropped,
        body_font_size: body,
        warnings,
    })
}

/// Pages with text their font could not give back (see [`garbled`]), with the first
/// such line: it is kept, and the editor is told where to look.
fn undecodable_warning(pages: &[PdfPage]) -> Option<String> {
    let found: Vec<(usize, &str)> = pages
        .iter()
        .flat_map(|p| p.lines.iter().map(move |l| (p.number, l.text.as_str())))
        .filter(|(_, text)| garbled::is_undecodable(text))
        .collect();
    let (_, first) = found.first()?;
    let mut numbers: Vec<usize> = found.iter().map(|(n, _)| *n).collect();
    numbers.dedup();
    let excerpt: String = first.chars().take(60).collect();
    Some(format!(
        "text on page {} could not be decoded (a font that maps its letters to other characters), e.g. «{excerpt}»: it is kept as it is; compare it with the PDF and correct the document (see docs/ingest.md, \"Correcting a document\")",
        page_list(&numbers)
    ))
}

/// Pages whose text layer is mostly OCR noise (see [`garbled::is_noisy_page`]): kept, and
/// named so the editor can check them against the scan.
fn noise_warning(pages: &[PdfPage]) -> Option<String> {
    let noisy: Vec<usize> = pages
        .iter()
        .filter(|p| {
            let lines: Vec<&str> = p.lines.iter().map(|l| l.text.as_str()).collect();
            garbled::is_noisy_page(&lines)
        })
        .map(|p| p.number)
        .collect();
    (!noisy.is_empty()).then(|| {
        format!(
            "the text of page {} is mostly stray symbols, the OCR of a poor scan: it is kept as it is; compare it with the scan, run OCR again (e.g. `ocrmypdf --force-ocr in.pdf out.pdf`) or correct the document",
            page_list(&noisy)
        )
    })
}

/// Pages set in vertical columns (Japanese or Chinese tategaki), which the reader takes
/// line by line across: most of their lines are fragments of one to three characters of
/// Han or kana. Their text comes out in the wrong order, so say so.
fn vertical_warning(pages: &[PdfPage]) -> Option<String> {
    let cjk = |c: char| matches!(c, '\u{3040}'..='\u{30FF}' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}');
    let vertical: Vec<usize> = pages
        .iter()
        .filter(|p| {
            let fragments = p
                .lines
                .iter()
                .filter(|l| {
                    let chars: Vec<char> = l.text.chars().filter(|c| !c.is_whitespace()).collect();
                    chars.len() <= 3 && chars.iter().any(|c| cjk(*c))
                })
                .count();
            p.lines.len() >= 50 && fragments * 2 > p.lines.len()
        })
        .map(|p| p.number)
        .collect();
    (!vertical.is_empty()).then(|| {
        format!(
            "page {} is set in vertical columns, which are read as horizontal lines: the text's order there is wrong; add the text as a .txt or .md file, or a horizontal edition of the document",
            page_list(&vertical)
        )
    })
}

/// Most common font size, weighted by characters.
fn body_size(pages: &[PdfPage]) -> f32 {
    let mut h: std::collections::HashMap<i32, usize> = Default::default();
    for l in pages.iter().flat_map(|p| &p.lines) {
        *h.entry((l.font_size * 2.0).round() as i32).or_default() += l.text.len();
    }
    h.into_iter()
        .max_by_key(|&(k, n)| (n, k))
        .map(|(k, _)| k as f32 / 2.0)
        .unwrap_or(0.0)
}

/// A line starts a paragraph when its gap is clearly larger than the normal gap between
/// lines of its size in this document (the median).
fn mark_paragraphs(pages: &mut [PdfPage]) {
    // Each size's normal leading: the median gap over the lines that go on from the one
    // above, measured on running text where a size has enough of it (a table's short
    // cells, set tighter, would make every line of a report set one and a half apart a
    // paragraph), else on all its lines.
    let key = |l: &PdfLine| (l.font_size * 2.0).round() as i32;
    let mut all: std::collections::HashMap<i32, Vec<f32>> = Default::default();
    let mut prose: std::collections::HashMap<i32, Vec<f32>> = Default::default();
    for l in pages.iter().flat_map(|p| &p.lines) {
        if !l.para_start {
            all.entry(key(l)).or_default().push(l.gap_before);
            if l.text.chars().count() >= 50 {
                prose.entry(key(l)).or_default().push(l.gap_before);
            }
        }
    }
    let median = |mut v: Vec<f32>| {
        v.sort_by(f32::total_cmp);
        v[v.len() / 2]
    };
    let normal: std::collections::HashMap<i32, f32> = all
        .into_iter()
        .map(|(k, v)| match prose.remove(&k) {
            Some(p) if p.len() >= 20 => (k, median(p)),
            _ => (k, median(v)),
        })
        .collect();
    for l in pages.iter_mut().flat_map(|p| &mut p.lines) {
        if l.para_start {
            continue;
        }
        let n = normal
            .get(&((l.font_size * 2.0).round() as i32))
            .copied()
            .unwrap_or(0.0);
        if l.gap_before > n + (0.35 * l.font_size).max(2.0) {
            l.para_start = true;
        }
    }
    for page in pages.iter_mut() {
        double_spaced_lines_go_on(&mut page.lines);
        preambular_clauses_apart(&mut page.lines);
    }
}

/// A resolution's or an agreement's preamble sets its clauses one under the other, no
/// gap between them, each ending on a comma: "... until the adoption of the Libyan
/// Constitution," / "Expressing their commitment to ...". A line that opens on a
/// preambular word after a line ending on a comma or semicolon opens a clause of its own
/// (seventeen had run into three paragraphs).
fn preambular_clauses_apart(lines: &mut [PdfLine]) {
    static PREAMBULAR: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"^(?:Recalling|Reaffirming|Reiterating|Recognizing|Recognising|Noting|Taking note|Expressing|Emphasizing|Emphasising|Stressing|Underlining|Underscoring|Welcoming|Acknowledging|Affirming|Concurring|Responding|Considering|Convinced|Determined|Deeply|Mindful|Bearing in mind|Guided|Having|Desiring|Aware|Conscious|Alarmed|Concerned|Encouraging|Commending|Condemning|Deploring|Further|Rappelant|Réaffirmant|Reconnaissant|Notant|Prenant note|Soulignant|Exprimant|Considérant|Convaincus?|Résolus?|Conscients?|Recordando|Reafirmando|Reconociendo|Observando|Tomando nota|Destacando|Expresando|Considerando|Convencidos?|Decididos?)\b").unwrap()
    });
    for k in 1..lines.len() {
        let above = lines[k - 1].text.trim_end();
        if !lines[k].para_start
            && above.ends_with([',', ';'])
            && PREAMBULAR.is_match(lines[k].text.trim_start())
            && lines[k].flow == lines[k - 1].flow
        {
            lines[k].para_start = true;
        }
    }
}

/// A line that opens a list's item ("a)", "(ii)", "3.", "•").
static LIST_MARKER: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"^\s*(?:[•▪◦‣∙·\-–*]|\(?[a-zA-Z]{1,3}\)|\(?\d{1,3}[.)]|[a-z]\.)\s").unwrap()
});

/// Text set double-spaced in a document set single-spaced elsewhere (a preface, a
/// letter): its lines, all the same wide distance apart, would each start a paragraph.
/// In a run of three or more lines of one column and size set the same distance apart, a
/// line goes on from the one above when that one is a full line that does not end a
/// sentence and it is not indented.
fn double_spaced_lines_go_on(lines: &mut [PdfLine]) {
    let spaced_alike = |a: &PdfLine, b: &PdfLine| {
        a.flow == b.flow
            && (a.font_size - b.font_size).abs() < 0.5
            && (a.gap_before - b.gap_before).abs() <= 1.0
            && a.gap_before > 0.0
    };
    let mut i = 1;
    while i < lines.len() {
        let mut j = i;
        while j + 1 < lines.len() && spaced_alike(&lines[i], &lines[j + 1]) {
            j += 1;
        }
        if j + 1 - i >= 3 {
            // The run's full measure, in characters.
            let widest = lines[i - 1..=j]
                .iter()
                .map(|l| l.text.chars().count())
                .max()
                .unwrap_or(0);
            for k in i..=j {
                let (above, line) = (&lines[k - 1], &lines[k]);
                let chars = above.text.chars().count();
                let full = chars >= 50 && chars * 100 >= widest * 85;
                // Only a line that stops inside a phrase: a clause ending on a comma or
                // a semicolon (a preamble's, a list's) ends where a paragraph may.
                let runs_on = above
                    .text
                    .trim_end()
                    .ends_with(|c: char| c.is_alphanumeric() || c == '-');
                let indented = line.x > above.x + 0.8 * line.font_size;
                let item = LIST_MARKER.is_match(&line.text);
                if above.flow == line.flow && full && runs_on && !indented && !item {
                    lines[k].para_start = false;
                }
            }
        }
        i = j + 1;
    }
}

impl PdfDocument {
    /// Plain text: one line per PDF line in reading order, a blank line between paragraphs
    /// and around headings, `\x0c` between pages; dropped lines are not included.
    /// Like [`Self::to_text`], for the normalizer: a heading set over several lines is one
    /// line, marked as a Markdown heading whose level follows its font size (the largest
    /// size is level 1), so numbered headings ("1. Introduction") are not read as lists.
    pub fn to_marked_text(&self) -> String {
        let mut sizes: Vec<f32> = self
            .pages
            .iter()
            .flat_map(|p| &p.lines)
            .filter(|l| l.is_heading(self.body_font_size))
            .map(|l| (l.font_size * 2.0).round() / 2.0)
            .collect();
        sizes.sort_by(|a, b| b.total_cmp(a));
        sizes.dedup();
        let level = |size: f32| {
            let size = (size * 2.0).round() / 2.0;
            sizes.iter().position(|s| *s == size).unwrap_or(0).min(3) + 1
        };
        let bullet_xs = bullet_indents(&self.pages);
        let row_shapes = table_row_shapes(&self.pages);
        let mut s = String::new();
        for (pi, page) in self.pages.iter().enumerate() {
            if pi > 0 {
                s.push('\x0c');
            }
            let mut prev: Option<&PdfLine> = None;
            let mut in_item = false;
            // Computed once a page: which side-by-side rows have a recurring shape.
            let (bullet_rows, rows): (Vec<Vec<usize>>, Vec<Vec<usize>>) =
                side_by_side_rows(&page.lines)
                    .into_iter()
                    .partition(|r| is_bullet_row(&page.lines, r));
            let (marker_rows, table_rows): (Vec<Vec<usize>>, Vec<Vec<usize>>) = rows
                .into_iter()
                .filter(|r| recurs(&row_shapes, &shape(&page.lines, r), page.lines[r[0]].flow))
                .partition(|r| is_numbered_paragraph(&page.lines, r));
            let in_row = |rows: &[Vec<usize>], li: usize| {
                li > 0
                    && rows
                        .iter()
                        .any(|r| r.contains(&(li - 1)) && r.contains(&li))
            };
            let bold_prose = bold_lines_going_on_from_prose(&page.lines, self.body_font_size);
            // A bold line of body size that runs on into the next line (which starts in
            // lower case) opens a paragraph with a run-in head ("**Russia.** We expect
            // that ..."); it is not a heading.
            let heading_at = |li: usize| {
                let l = &page.lines[li];
                let close = |n: &PdfLine| n.flow == l.flow && n.gap_before < n.font_size;
                // Past the bold lines that follow closely (a bold opening sentence may
                // take several lines), the paragraph's text goes on in lower case.
                let run_in = || {
                    l.font_size < self.body_font_size * 1.15
                        && page.lines[li + 1..]
                            .iter()
                            .find(|n| {
                                !(n.bold && close(n) && (n.font_size - l.font_size).abs() < 0.6)
                            })
                            .is_some_and(|n| {
                                close(n)
                                    && !n.is_heading(self.body_font_size)
                                    && n.text.chars().next().is_some_and(char::is_lowercase)
                            })
                };
                // A long line that the next line follows at the text's own leading, not
                // set apart as headings are, opens a paragraph: an OCR layer's bold flag
                // or size wavers within a paragraph ("12. ONUCA's original mandate, as
                // approved by the Security Council in resolution" / "644 (1989) ...").
                // (A heading's last line is followed so too: it goes on from a line
                // of the heading just above.)
                let ends_a_heading = || {
                    li > 0 && {
                        let p = &page.lines[li - 1];
                        p.flow == l.flow
                            && p.y < l.y - 1.0
                            && l.gap_before < 0.6 * l.font_size
                            && p.is_heading(self.body_font_size)
                    }
                };
                let opens_prose = || {
                    !ends_a_heading()
                        && l.text.chars().count() >= 60
                        && !l.text.trim_end().ends_with(['.', ':'])
                        && page.lines.get(li + 1).is_some_and(|n| {
                            n.flow == l.flow
                                && n.gap_before < 0.6 * n.font_size
                                && !n.is_heading(self.body_font_size)
                        })
                };
                // A paragraph's number set apart on its line ("2." beside "The original
                // mandate ..."), bold as it may be, is no heading.
                let paragraph_number = || {
                    is_paragraph_number(&l.text)
                        && page.lines.get(li + 1).is_some_and(|n| {
                            // A line of text set plain beside it: a paragraph ("2." /
                            // "With the blessings of the people, when our Government").
                            same_row(l, n)
                                && (n.text.chars().count() >= 60
                                    || (n.text.chars().count() >= 30 && !n.bold))
                        })
                };
                // A numbered paragraph's sentence in bold ("56. The key messages emerging
                // from the discussions included those set out below.") heads nothing.
                static NUMBERED_SENTENCE: Lazy<Regex> = Lazy::new(|| {
                    Regex::new(r"^\d{1,3}(?:\.\d{1,3})?\.?\s+\p{Lu}\S*(?:\s+\S+){5,}[.;]$").unwrap()
                });
                l.is_heading(self.body_font_size)
                    && !run_in()
                    && !opens_prose()
                    && !bold_prose[li]
                    && !paragraph_number()
                    && !NUMBERED_SENTENCE.is_match(l.text.trim())
            };
            // A list item (its glyph and its text) is no heading, bold or large as it may be.
            let in_bullet_row =
                |li: usize| in_row(&bullet_rows, li) || in_row(&bullet_rows, li + 1);
            let headings: Vec<bool> = (0..page.lines.len())
                .map(|li| !in_bullet_row(li) && heading_at(li))
                .collect();
            // The left edge of the text of the list item being read: its lines after the
            // first are set there (a hanging indent), whatever letter they start with.
            let mut item_text_x: Option<f32> = None;
            for (li, l) in page.lines.iter().enumerate() {
                let heading = headings[li];
                let prev_heading = li > 0 && prev.is_some() && headings[li - 1];
                // A date under a cover's heading ("Nepal Health Research Council" /
                // "January 2022") is a line of its own, for the title block to read.
                // (A year alone is no such date: a table's column heads are years.)
                let is_date = |t: &str| {
                    t.chars().any(char::is_alphabetic)
                        && crate::ingest::metadata::written_date(t).is_some()
                };
                // A numbered paragraph after a sentence's end opens a paragraph of its own,
                // set in bold as a report's key messages may be ("56. The key messages
                // ... below." / "57. While awareness ..."): nine had run into one.
                static NUMBERED: Lazy<Regex> =
                    Lazy::new(|| Regex::new(r"^\d{1,3}\.\s+\p{Lu}").unwrap());
                let continues_heading = heading
                    && !is_date(&l.text)
                    && prev.is_some_and(|p| {
                        let numbered_after_an_end = NUMBERED.is_match(&l.text)
                            && p.text.trim_end().ends_with(['.', ':', ';']);
                        !is_date(&p.text)
                            && !numbered_after_an_end
                            && prev_heading
                            && p.bold == l.bold
                            && (p.font_size - l.font_size).abs() < 0.6
                            && p.flow == l.flow
                            && l.gap_before < l.font_size
                    });
                if continues_heading {
                    s.pop();
                    s.push_str(crate::ingest::script::line_joiner(&s, &l.text));
                    s.push_str(&l.text);
                    s.push('\n');
                    prev = Some(l);
                    continue;
                }
                // Lines side by side on one baseline in one flow, in a shape that recurs
                // (the same cells' left edges on another row), are a table's cells: one
                // row, tab-separated, as the normalizer reads tables.
                // A paragraph's number hung in the margin ("1." beside "This Regulation
                // lays down ...") opens it, as a list item's marker.
                if in_row(&bullet_rows, li) {
                    let marker = page.lines[li - 1].text.trim();
                    if !starts_with_bullet(marker) {
                        // A sign standing in for a bullet (see is_bullet_row) becomes one,
                        // for the normalizer to read the line as a list item.
                        s.truncate(s.len() - marker.len() - 1);
                        s.push('•');
                        s.push('\n');
                    }
                    s.pop();
                    s.push(' ');
                    s.push_str(&l.text);
                    s.push('\n');
                    in_item = true;
                    item_text_x = Some(l.x);
                    prev = Some(l);
                    continue;
                }
                let numbered = in_row(&marker_rows, li);
                if numbered {
                    s.pop();
                    s.push(' ');
                    s.push_str(&l.text);
                    s.push('\n');
                    in_item = true;
                    prev = Some(l);
                    continue;
                }
                let in_table = in_row(&table_rows, li);
                if in_table {
                    s.pop();
                    s.push('\t');
                    s.push_str(&l.text);
                    s.push('\n');
                    prev = Some(l);
                    continue;
                }
                // A bullet item's next line, starting in lower case, goes on with the
                // item even where the bullet glyph's size makes the gap look like a
                // paragraph's.
                let under_item_text = item_text_x.is_some_and(|x| (l.x - x).abs() < 2.0);
                let continues_item = !heading
                    && in_item
                    && prev.is_some_and(|p| p.flow == l.flow && l.gap_before < 1.5 * l.font_size)
                    && !starts_with_bullet(&l.text)
                    && !in_bullet_row(li + 1)
                    && (under_item_text || l.text.chars().next().is_some_and(char::is_lowercase));
                in_item = starts_with_bullet(&l.text) || continues_item;
                if !continues_item {
                    item_text_x = None;
                }
                let blank =
                    prev.is_some() && !continues_item && (l.para_start || heading || prev_heading);
                if blank && !s.ends_with("\n\n") {
                    s.push('\n');
                }
                if heading {
                    s.push_str(&"#".repeat(level(l.font_size)));
                    s.push(' ');
                }
                if let Some(depth) = bullet_depth(&bullet_xs, l) {
                    s.push_str(&"    ".repeat(depth));
                }
                s.push_str(&l.text);
                s.push('\n');
                prev = Some(l);
            }
        }
        s
    }

    pub fn to_text(&self) -> String {
        let mut s = String::new();
        for (pi, page) in self.pages.iter().enumerate() {
            if pi > 0 {
                s.push('\x0c');
            }
            let mut prev_heading = false;
            for (i, l) in page.lines.iter().enumerate() {
                let heading = l.is_heading(self.body_font_size);
                let blank = i > 0 && (l.para_start || heading != prev_heading);
                if blank && !s.ends_with("\n\n") {
                    s.push('\n');
                }
                s.push_str(&l.text);
                s.push('\n');
                prev_heading = heading;
            }
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str, x: f32, y: f32) -> PdfLine {
        PdfLine {
            text: text.into(),
            font_size: 10.0,
            x,
            y,
            para_start: true,
            ..PdfLine::default()
        }
    }

    fn marked(lines: Vec<PdfLine>) -> String {
        PdfDocument {
            pages: vec![PdfPage {
                lines,
                ..PdfPage::default()
            }],
            body_font_size: 10.0,
            ..PdfDocument::default()
        }
        .to_marked_text()
    }

    /// A line that goes on from the one before (normal leading, no first-line indent).
    fn next_line(text: &str, y: f32, bold: bool) -> PdfLine {
        PdfLine {
            para_start: false,
            gap_before: 3.0,
            bold,
            ..line(text, 50.0, y)
        }
    }

    #[test]
    fn double_spaced_lines_go_on_unless_a_clause_or_an_item_ends() {
        let spaced = |text: &str, y: f32| PdfLine {
            para_start: true,
            gap_before: 18.0,
            font_size: 12.0,
            ..line(text, 72.0, y)
        };
        let mut lines = vec![
            line("Preface", 72.0, 180.0),
            spaced("US Cyber Command hosted its inaugural Cyberspace Strategy Symposium at National Defense", 226.0),
            spaced("University on February 15, 2018. This day-long event showcased thought leaders from the", 256.0),
            spaced("Command and its partners inside and outside government pondering the challenges ahead.", 286.0),
            spaced("Having regard to the Treaty on the Functioning of the European Union and its Article 16,", 316.0),
            spaced("Having regard to the proposal from the European Commission, after consulting the Board", 346.0),
            spaced("a) the right not to be compelled to be a witness against himself or to plead guilty", 376.0),
        ];
        double_spaced_lines_go_on(&mut lines);
        let starts: Vec<bool> = lines.iter().map(|l| l.para_start).collect();
        assert_eq!(starts[1..], [true, false, false, true, true, true]);
    }

    #[test]
    fn a_bullet_item_goes_on_past_a_paragraph_sized_gap_in_lower_case() {
        let text = marked(vec![
            line(
                "\u{f0b7} Adversaries will use all instruments of power, including",
                50.0,
                100.0,
            ),
            // The bullet glyph's size made this gap look like a paragraph's.
            PdfLine {
                gap_before: 6.0,
                ..line(
                    "information and cyber means, to their advantage.",
                    50.0,
                    114.0,
                )
            },
            line(
                "\u{f0b7} China will seek spheres of influence.",
                50.0,
                140.0,
            ),
            line("Meanwhile, a new paragraph starts.", 50.0, 160.0),
        ]);
        assert!(
            text.contains("including\ninformation and cyber means"),
            "{text}"
        );
        assert!(text.contains("influence.\n\nMeanwhile"), "{text}");
    }

    #[test]
    fn a_bold_opening_sentence_is_a_paragraph_not_a_heading() {
        let text = marked(vec![
            PdfLine {
                bold: true,
                ..line(
                    "Russia. We expect that Russia will conduct bolder operations in the",
                    50.0,
                    100.0,
                )
            },
            next_line(
                "coming year, most likely using new capabilities against Ukraine.",
                112.0,
                true,
            ),
            next_line(
                "the wide range of operations it already conducts.",
                124.0,
                false,
            ),
            PdfLine {
                bold: true,
                ..line("China", 50.0, 150.0)
            },
            line("China will continue to use cyber espionage.", 50.0, 170.0),
        ]);
        assert!(!text.contains("# Russia"), "{text}");
        assert!(text.contains("# China\n"), "{text}");
    }

    #[test]
    fn a_phrase_set_in_bold_across_a_line_end_is_running_text_not_a_heading() {
        // The Senegalese statement to the General Assembly (2024): the bold phrase ends
        // the page; a reference list: a journal's name set in bold over two lines.
        let text = marked(vec![
            line(
                "En prenant la parole aujourd'hui, je suis habité",
                50.0,
                100.0,
            ),
            next_line("d'une conviction profonde : l'unité dans la", 112.0, false),
            next_line(
                "diversité est la clé pour garantir la paix, le",
                124.0,
                true,
            ),
            line(
                "Arksey, H., & O'Malley, L. (2005). \"Scoping studies:",
                50.0,
                150.0,
            ),
            next_line("Towards a methodological", 162.0, false),
            next_line("framework.\" International", 174.0, true),
            next_line("Journal of Social Research", 186.0, true),
            next_line("Methodology, 8(1), 19–32.", 198.0, false),
            PdfLine {
                bold: true,
                ..line("Alternative Methods of Compliance", 50.0, 230.0)
            },
            line(
                "Before further flight, do all applicable actions",
                50.0,
                250.0,
            ),
        ]);
        assert!(!text.contains("# diversité"), "{text}");
        assert!(!text.contains("# framework"), "{text}");
        assert!(!text.contains("# Journal"), "{text}");
        assert!(
            text.contains("# Alternative Methods of Compliance\n"),
            "{text}"
        );
    }

    #[test]
    fn recurring_rows_side_by_side_are_a_table_and_a_lone_pair_is_not() {
        let text = marked(vec![
            line("A/RES/80/16", 50.0, 40.0),
            line("Distr.: General", 400.0, 40.0),
            line("Meeting", 50.0, 100.0),
            line("States", 200.0, 100.0),
            line("First", 50.0, 112.0),
            line("61", 200.0, 112.0),
        ]);
        assert!(text.contains("Meeting\tStates\n"), "{text}");
        assert!(text.contains("First\t61\n"), "{text}");
        assert!(text.contains("A/RES/80/16\n"), "{text}");
        assert!(!text.contains("A/RES/80/16\t"), "{text}");
    }

    #[test]
    fn bullets_set_further_in_are_nested() {
        let text = marked(vec![
            line("\u{2022} first", 50.0, 100.0),
            line("\u{2022} inner", 68.0, 112.0),
            line("\u{2022} second", 50.0, 124.0),
        ]);
        assert!(
            text.contains("\u{2022} first\n\n    \u{2022} inner\n\n\u{2022} second"),
            "{text:?}"
        );
    }

    #[test]
    fn a_bullet_hung_in_the_margin_is_a_list_item_not_a_table_or_a_heading() {
        // A symbol font's bullet comes out as "!", bold, on its item's baseline; the
        // item's second line sits under its text and starts with a capital.
        let bullet = |y: f32| PdfLine {
            bold: true,
            ..line("!", 50.0, y)
        };
        let text = marked(vec![
            line("The act is divided into five titles:", 50.0, 80.0),
            bullet(100.0),
            PdfLine {
                bold: true,
                ..line(
                    "Title I, the \u{201c}WIPO Copyright and Performances",
                    68.0,
                    100.0,
                )
            },
            PdfLine {
                x: 68.0,
                ..next_line("Act,\u{201d} implements the treaties.", 112.0, false)
            },
            bullet(130.0),
            PdfLine {
                bold: true,
                ..line(
                    "Title II, the \u{201c}Online Liability Limitation",
                    68.0,
                    130.0,
                )
            },
            PdfLine {
                x: 68.0,
                ..next_line("Act,\u{201d} creates limitations.", 142.0, false)
            },
        ]);
        assert!(!text.contains('\t'), "{text}");
        assert!(!text.contains('#'), "{text}");
        assert!(
            text.contains("\u{2022} Title I, the \u{201c}WIPO Copyright and Performances\nAct,\u{201d} implements"),
            "{text}"
        );
        assert!(text.contains("\u{2022} Title II"), "{text}");
    }

    #[test]
    fn a_formulas_sign_beside_its_terms_is_no_bullet() {
        assert!(!is_lone_bullet("="));
        assert!(!is_lone_bullet("a"));
        assert!(is_lone_bullet("\u{2022}"));
        assert!(is_lone_bullet("o"));
    }

    #[test]
    fn a_long_line_that_runs_on_at_the_texts_leading_is_no_heading() {
        // An OCR layer sets a paragraph's first line in bold.
        let text = marked(vec![
            PdfLine {
                bold: true,
                ..line("2.", 50.0, 100.0)
            },
            PdfLine {
                bold: true,
                ..line(
                    "The original mandate of the United Nations Observer Group in Central America",
                    80.0,
                    100.0,
                )
            },
            next_line(
                "(ONUCA), which was based on a series of requests, was to verify.",
                112.0,
                false,
            ),
            PdfLine {
                bold: true,
                ..line("Command and deployment", 50.0, 140.0)
            },
            line(
                "The Group is commanded by a Chief Military Observer.",
                50.0,
                160.0,
            ),
        ]);
        assert!(!text.contains("# 2."), "{text}");
        assert!(!text.contains("# The original"), "{text}");
        assert!(text.contains("# Command and deployment"), "{text}");
    }

    #[test]
    fn a_bold_paragraph_number_beside_a_plain_line_is_no_heading() {
        // A budget speech numbers its paragraphs in bold, their first lines plain and
        // short of 60 characters.
        let text = marked(vec![
            PdfLine {
                bold: true,
                ..line("2.", 50.0, 100.0)
            },
            line(
                "With the blessings of the people, when our Government",
                86.0,
                100.0,
            ),
            next_line(
                "under the visionary leadership of the Prime Minister assumed office in 2014.",
                112.0,
                false,
            ),
        ]);
        assert!(!text.contains("# 2."), "{text}");
        assert!(!text.contains("# With"), "{text}");
    }

    #[test]
    fn numbered_paragraphs_set_in_bold_are_paragraphs() {
        // A UN report's key messages, numbered and bold.
        let bold = |text: &str, y: f32| PdfLine {
            bold: true,
            ..line(text, 50.0, y)
        };
        let text = marked(vec![
            bold(
                "56. The key messages emerging from the discussions included those set out below.",
                100.0,
            ),
            bold(
                "57. While awareness of business responsibilities to respect human rights grows,",
                118.0,
            ),
            PdfLine {
                bold: true,
                ..next_line("significant challenges remain.", 130.0, false)
            },
        ]);
        assert!(!text.contains("# 56."), "{text}");
        assert!(!text.contains("below. 57."), "{text}");
    }

    #[test]
    fn a_preambles_clauses_set_without_a_gap_are_paragraphs() {
        let mut lines = vec![
            line("Responding to the needs of the legitimate state institutions to have clear arrangements,", 50.0, 100.0),
            next_line("the management of Libyan affairs until the adoption of the Libyan Constitution,", 114.0, false),
            next_line("Expressing their commitment to the higher national interest of Libya,", 128.0, false),
            next_line("and to placing it above all other considerations,", 142.0, false),
        ];
        preambular_clauses_apart(&mut lines);
        let starts: Vec<bool> = lines.iter().map(|l| l.para_start).collect();
        assert_eq!(starts[1..], [false, true, false]);
    }

    #[test]
    fn a_date_under_a_covers_heading_is_a_line_of_its_own() {
        let big = |text: &str, y: f32| PdfLine {
            bold: true,
            font_size: 14.0,
            gap_before: 2.0,
            para_start: false,
            ..line(text, 50.0, y)
        };
        let text = marked(vec![
            big("Nepal Health Research Council", 100.0),
            big("Ram Shah Path, Kathmandu", 118.0),
            big("January 2022", 136.0),
            line("The guidelines follow.", 50.0, 300.0),
        ]);
        assert!(
            text.contains("# Nepal Health Research Council Ram Shah Path, Kathmandu\n"),
            "{text}"
        );
        assert!(text.contains("# January 2022\n"), "{text}");
    }

    #[test]
    fn text_set_wide_apart_among_tight_tables_keeps_its_paragraphs() {
        // Running text set one and a half apart (gaps of 8.4) in a report whose tables'
        // short cells are set tight (gaps of 1): the text's own leading is its normal.
        let mut lines = Vec::new();
        for k in 0..30 {
            lines.push(PdfLine {
                gap_before: if k % 10 == 0 { 28.0 } else { 8.4 },
                para_start: false,
                ..line(
                    "of the salient features of structure, in effect the result of a trawl",
                    72.0,
                    100.0 + 20.0 * k as f32,
                )
            });
        }
        for k in 0..200 {
            lines.push(PdfLine {
                gap_before: 1.0,
                para_start: false,
                ..line("27.5", 72.0, 800.0 + 12.0 * k as f32)
            });
        }
        let mut pages = vec![PdfPage {
            lines,
            ..PdfPage::default()
        }];
        mark_paragraphs(&mut pages);
        let starts = pages[0].lines[..30].iter().filter(|l| l.para_start).count();
        assert_eq!(starts, 3);
    }

    #[test]
    fn a_page_set_in_vertical_columns_is_warned_about() {
        let fragment = |k: usize| line(["右", "す は", "と", "進る"][k % 4], 50.0 + k as f32, 10.0);
        let page = |lines: Vec<PdfLine>| PdfPage { number: 1, lines };
        let vertical = page((0..80).map(fragment).collect());
        assert!(vertical_warning(&[vertical]).is_some_and(|w| w.contains("page 1")));
        let horizontal = page(
            (0..80)
                .map(|k| {
                    line(
                        "米朝首脳直通電話で習氏に挑むトランプ戦術の成否を問う",
                        50.0,
                        k as f32,
                    )
                })
                .collect(),
        );
        assert!(vertical_warning(&[horizontal]).is_none());
    }
}
