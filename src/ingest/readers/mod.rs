//! Readers: one per format, each turning a seed's bytes into the common [`Source`]. The
//! format is told by the content (magic bytes, a front-matter fence, `<html`), and only
//! then by the file's extension. Takes a path and its bytes; gives a [`Source`] or an
//! error that says what the file is and what to do.

pub mod docx;
pub mod html;
pub mod markdown;
pub mod pdf;
pub mod text;

use once_cell::sync::Lazy;
use regex::Regex;
use std::path::Path;

use super::decode;
use super::normalize::Dropped;
use super::source::{Format, Source, SourceMeta};
use crate::content::PartialDate;
use crate::error::{Error, Result};

/// What the bytes look like, before any decoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sniffed {
    Pdf,
    /// A ZIP container (DOCX, ODT, XLSX, ...).
    Zip,
    /// An OLE compound file: a password-protected Office file or an old `.doc`/`.xls`.
    Ole,
    /// Anything else: decoded as text, then told apart by its first lines.
    Text,
}

pub fn sniff(bytes: &[u8]) -> Sniffed {
    // The PDF header may follow a little junk (the spec allows it within 1024 bytes).
    let head = &bytes[..bytes.len().min(1024)];
    if head.windows(5).any(|w| w == b"%PDF-") {
        return Sniffed::Pdf;
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return Sniffed::Zip;
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Sniffed::Ole;
    }
    Sniffed::Text
}

/// Read one seed with the reader its content calls for.
pub fn read(path: &Path, bytes: &[u8]) -> Result<Source> {
    let mut source = read_format(path, bytes)?;
    source.text = without_control_characters(&source.text);
    source.text = with_arabic_letters_unshaped(&source.text);
    Ok(source)
}

/// Arabic letters in the shapes a PDF's font draws them (the presentation forms,
/// U+FB50–U+FDFF and U+FE70–U+FEFC: "ﻧﻮروز" for "نوروز") written as the letters they
/// are, as NFKC writes them; nothing else is touched. A Persian policy brief had 10,455
/// such letters: unsearchable, and no language was found for it.
fn with_arabic_letters_unshaped(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let shaped = |c: char| matches!(c, '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFC}');
    if !text.chars().any(shaped) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if shaped(c) {
            out.extend(std::iter::once(c).nfkc());
        } else {
            out.push(c);
        }
    }
    out
}

/// Control characters are no text, whatever the reader met: Word's non-breaking hyphen
/// comes through as U+001E ("non\u{1e}criminal") and its optional hyphen as U+001F. Nor
/// are the invisible zero-width space, word joiner and byte-order mark a CMS leaves in a
/// page's paragraphs (U+200B, U+2060, U+FEFF); the joiners that shape Persian or Indic
/// words and emoji (U+200C, U+200D) and the marks that order bidirectional text stay.
/// Tabs, line ends and form feeds (a PDF's page breaks) stay.
fn without_control_characters(text: &str) -> String {
    let invisible = |c: char| matches!(c, '\u{200b}' | '\u{2060}' | '\u{feff}');
    if !text
        .chars()
        .any(|c| (c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{c}')) || invisible(c))
    {
        return text.to_string();
    }
    text.chars()
        .filter_map(|c| match c {
            '\u{1e}' => Some('-'),
            '\t' | '\n' | '\r' | '\u{c}' => Some(c),
            c if c.is_control() || invisible(c) => None,
            c => Some(c),
        })
        .collect()
}

fn read_format(path: &Path, bytes: &[u8]) -> Result<Source> {
    match sniff(bytes) {
        Sniffed::Pdf => read_pdf(path, bytes),
        Sniffed::Zip if is_docx(bytes) => docx::read(path, bytes),
        Sniffed::Zip => Err(Error::input(
            path,
            None,
            "this is a ZIP container (an OpenDocument or Excel file, or an archive), not a document dossier can read",
            "save a text document as .docx or PDF (or as plain text or Markdown), and put that in seeds/ instead",
        )),
        Sniffed::Ole if has_utf16(bytes, "EncryptionInfo") => Err(Error::input(
            path,
            None,
            "this is a password-protected Office file (its content is encrypted)",
            "open it, remove the password (Word: File > Info > Protect Document; LibreOffice: save without a password), save it as .docx and put that in seeds/",
        )),
        Sniffed::Ole => Err(Error::input(
            path,
            None,
            "this is an old binary Office file (.doc, .xls or .ppt), not a document dossier can read",
            "open it in Word or LibreOffice and save it as .docx (or export it as PDF), and put that in seeds/",
        )),
        Sniffed::Text => {
            let decoded = decode::decode(path, bytes)?;
            let mut source = read_text(path, decoded.text)?;
            source.warnings.splice(0..0, decoded.warnings);
            Ok(source)
        }
    }
}

/// A ZIP container holding a Word document's main part. Entry names are stored as plain
/// bytes in the local headers and the central directory.
fn is_docx(bytes: &[u8]) -> bool {
    memchr_find(bytes, b"word/document.xml")
        || memchr_find(bytes, b"[Content_Types].xml") && memchr_find(bytes, b"word/")
}

fn memchr_find(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Whether `text` occurs in `bytes` as UTF-16LE (an OLE directory entry's name).
fn has_utf16(bytes: &[u8], text: &str) -> bool {
    let needle: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    memchr_find(bytes, &needle)
}

/// Tell decoded text apart: front matter means Markdown; a page's markup means HTML; a
/// `.md` name means Markdown; anything else is plain text.
fn read_text(path: &Path, text: String) -> Result<Source> {
    if markdown::split_front_matter(&text).is_some() {
        return Ok(markdown::read(path, text));
    }
    if html::looks_like_html(text.as_bytes()) {
        return read_html(path, &text);
    }
    if has_markdown_extension(path) {
        return Ok(markdown::read(path, text));
    }
    Ok(text::read(text))
}

/// A PDF: its text in reading order, running headers, footers and page numbers dropped
/// (reported); the Info dictionary as weak source metadata (the pages say better).
fn read_pdf(path: &Path, bytes: &[u8]) -> Result<Source> {
    pdf::install_quiet_panic_hook();
    let doc = pdf::read_pdf(bytes).map_err(|e| {
        let hint = match e {
            pdf::PdfError::NoTextLayer { .. } => {
                "dossier reads the text of born-digital PDFs; a scan needs OCR first"
            }
            pdf::PdfError::Encrypted => "dossier cannot read protected PDFs",
            _ => "if the PDF opens elsewhere, print it to a new PDF, or save its text as .txt",
        };
        Error::input(path, None, e.to_string(), hint)
    })?;
    let warnings = doc
        .warnings
        .iter()
        .map(|w| crate::error::Warning {
            path: path.to_path_buf(),
            line: None,
            message: w.clone(),
        })
        .collect();
    let dropped = doc
        .dropped
        .iter()
        .map(|d| Dropped {
            line: 0,
            text: format!("page {}: {}", d.page, d.text),
            rule: match d.rule {
                "running-header" => "running header (PDF)",
                "running-footer" => "running footer (PDF)",
                _ => "page number (PDF)",
            },
        })
        .collect();
    let info = &doc.info;
    let text = doc.to_marked_text();
    // The Info dictionary is often stale (a template's title, the typist as author):
    // a title or name counts only when the pages print it too.
    let printed = Printed::new(&text);
    let title = info
        .title
        .as_deref()
        .filter(|t| is_real_pdf_title(t, path))
        .map(|t| printed_part(t, &printed));
    let (authors, unprinted) = printed.authors(info.author.as_deref());
    let mut meta = SourceMeta {
        origin: "PDF Info",
        weak: true,
        title: title
            .filter(|t| printed.has(t))
            .map(|t| printed.as_printed(t).unwrap_or_else(|| html::collapse(t))),
        authors,
        summary: file_summary(info.subject.as_deref(), info.title.as_deref()),
        // A browser's print date is not the document's date, nor is the day a file was
        // made two years or more after the latest year its pages print (a 1994 document
        // scanned in 2020, a 2008 gazette saved in 2023).
        date: info
            .creation_date
            .as_deref()
            .filter(|_| {
                !info
                    .producer
                    .as_deref()
                    .is_some_and(|p| p.contains("Skia") || p.contains("Chrom"))
            })
            .and_then(PartialDate::parse)
            .filter(|made| {
                super::metadata::latest_printed_year(&text)
                    .is_none_or(|printed| made.year - printed < 2)
            }),
        tags: printed_keywords(info.keywords.as_deref(), &printed),
        ..SourceMeta::default()
    };
    meta.extra.insert(
        "pages".into(),
        serde_yaml::Value::Number(doc.pages.len().into()),
    );
    // Kept for the editor to see, not used: the pages never print them.
    if let Some(t) = title.filter(|t| !printed.has(t)) {
        meta.extra.insert("pdf_title".into(), t.into());
    }
    if !unprinted.is_empty() {
        meta.extra
            .insert("pdf_author".into(), unprinted.join("; ").into());
    }
    Ok(Source {
        format: Format::Pdf,
        text,
        line_offset: 0,
        meta,
        dropped,
        warnings,
    })
}

/// What a file's pages print, to weigh the names and title its own metadata gives (a PDF's
/// Info, a DOCX's core properties): tools fill those in by themselves (a template's title,
/// whoever typed the file as author), so a value counts only when the pages print it too.
pub(crate) struct Printed<'a> {
    text: &'a str,
    /// The text's letters and digits, lowercased.
    alnum: String,
    /// For each byte of `alnum`, where its character is in `text`.
    at: Vec<u32>,
}

impl<'a> Printed<'a> {
    pub(crate) fn new(text: &'a str) -> Printed<'a> {
        let mut alnum = String::with_capacity(text.len());
        let mut at = Vec::with_capacity(text.len());
        for (i, c) in text.char_indices().filter(|(_, c)| c.is_alphanumeric()) {
            for l in c.to_lowercase() {
                alnum.push(l);
                at.resize(alnum.len(), i as u32);
            }
        }
        Printed { text, alnum, at }
    }

    /// Whether the pages print `s` (letters and digits compared, case aside).
    pub(crate) fn has(&self, s: &str) -> bool {
        let s = super::metadata::alnum_lower(s);
        !s.is_empty() && self.alnum.contains(&s)
    }

    /// `s` as the pages print it, where they print it first: the same letters and digits
    /// with the pages' own spaces and punctuation (a file's title "Regulation (EU) 2016/
    /// 679 ... - of 27 April 2016 - on ..." is printed "Regulation (EU) 2016/679 ... of 27
    /// April 2016 on ..."), its lines joined. None when the pages do not print it within
    /// one page and one stretch of lines (then the file's own text is all there is).
    pub(crate) fn as_printed(&self, s: &str) -> Option<String> {
        let key = super::metadata::alnum_lower(s);
        let start = self.alnum.find(&key).filter(|_| !key.is_empty())?;
        let last = self.at[start + key.len() - 1] as usize;
        let mut end = last + self.text[last..].chars().next().map_or(0, char::len_utf8);
        let mut begin = self.at[start] as usize;
        // The marks the pages print against the first and last letters ("(... Regulation)",
        // "“Rebooting” ...") when the title has some there.
        let is_mark = |c: char| !c.is_alphanumeric() && !c.is_whitespace();
        if s.trim().starts_with(is_mark) {
            begin = self.text[..begin].trim_end_matches(is_mark).len();
        }
        if s.trim().ends_with(is_mark) {
            end = self.text.len() - self.text[end..].trim_start_matches(is_mark).len();
        }
        let span = &self.text[begin..end];
        // A cover sets its title in capitals; the file's mixed case is the title's own.
        let shouting = |t: &str| !t.chars().any(char::is_lowercase);
        if shouting(span) && !shouting(s) {
            return None;
        }
        if span.contains('\x0c') || span.contains("\n\n\n") || span.len() > 2 * s.len() + 16 {
            return None;
        }
        let lines: Vec<&str> = span
            .lines()
            .map(|l| l.trim().trim_start_matches('#').trim_start())
            .filter(|l| !l.is_empty())
            .collect();
        Some(html::collapse(&with_file_punctuation(
            &lines.join("\n"),
            s.trim(),
        )))
    }

    /// The people an author field names, as (printed, never printed).
    pub(crate) fn authors(&self, field: Option<&str>) -> (Vec<String>, Vec<String>) {
        field
            .filter(|a| a.contains(' ') || a.contains(','))
            .map(super::metadata::split_people)
            .unwrap_or_default()
            .into_iter()
            // Initials alone ("K A", a typist's) name no one the pages could be said to
            // print: two letters are found in any text.
            .partition(|name| {
                let a_word = name
                    .split_whitespace()
                    .any(|w| w.trim_matches('.').chars().count() > 1);
                a_word && self.has(name)
            })
    }
}

/// The pages' `printed` title with the punctuation of the file's `title` where the pages
/// have only a space or a line break (a cover sets "Cyber Resilience" / "Annual Report" on
/// two lines; the file says "Cyber Resilience: Annual Report"), unless the file's mark
/// there is only a separator standing for a line break (the Official Journal's " - ").
/// Where the pages print a mark, theirs wins ("2016/679", not the file's "2016/ 679").
fn with_file_punctuation(printed: &str, title: &str) -> String {
    /// The gaps between letters and digits, and the letters and digits.
    fn split(s: &str) -> (Vec<&str>, Vec<char>) {
        let (mut gaps, mut chars, mut from) = (Vec::new(), Vec::new(), 0);
        for (i, c) in s.char_indices().filter(|(_, c)| c.is_alphanumeric()) {
            gaps.push(&s[from..i]);
            chars.push(c);
            from = i + c.len_utf8();
        }
        gaps.push(&s[from..]);
        (gaps, chars)
    }
    let (printed_gaps, chars) = split(printed);
    let (title_gaps, title_chars) = split(title);
    if chars.len() != title_chars.len() {
        return printed.replace('\n', " ");
    }
    let mut out = String::with_capacity(printed.len());
    for (k, gap) in printed_gaps.iter().enumerate() {
        let inner = k > 0 && k < chars.len();
        let file_gap = title_gaps[k].trim();
        let separator = file_gap.is_empty() || matches!(file_gap, "-" | "–" | "—" | "|");
        if inner && gap.trim().is_empty() && !separator {
            out.push_str(title_gaps[k]);
        } else {
            out.push_str(&gap.replace('\n', " "));
        }
        if let Some(c) = chars.get(k) {
            out.push(*c);
        }
    }
    out
}

/// An Info title as the pages print it: without the " | Publisher" a web page's title
/// left on it ("Confidence + Capability: “Rebooting” Public Sector Cybersecurity |
/// Accenture") when only the part before prints.
fn printed_part<'a>(title: &'a str, printed: &Printed) -> &'a str {
    // The part before " | " first: the site's name may be printed too, after the title,
    // in the page's suggested citation ("“AI And The Law – ...,” United Nations
    // University, 13 February 2024"), and that is no part of the title.
    if let Some((head, _)) = title.rsplit_once(" | ") {
        if printed.has(head) {
            return head;
        }
    }
    if printed.has(title) {
        return title;
    }
    // A report's number before its title ("GAO-18-559, DATA PROTECTION: Actions ..."),
    // printed elsewhere on the cover.
    if let Some((code, rest)) = title.split_once(", ").or_else(|| title.split_once(" - ")) {
        let is_code = !code.contains(' ') && code.chars().any(|c| c.is_ascii_digit());
        if is_code && printed.has(rest) {
            return rest;
        }
    }
    title
}

/// An address on a government's or an international organisation's site: `.gov`,
/// `.gov.uk`, `.gouv.fr`, `.gob.es`, `.gv.at`, `.bund.de`, `.admin.ch`, `.go.jp`, `.gc.ca`,
/// `europa.eu`, `.int`, `un.org`.
fn is_official_site(url: &str) -> bool {
    let Some(host) = url::Url::parse(url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_lowercase))
    else {
        return false;
    };
    let labels: Vec<&str> = host.split('.').collect();
    let tld = labels.last().copied().unwrap_or("");
    // "gov.uk", "go.jp", "gouv.fr": a country's government label under its country code
    // (never "abcnews.go.com").
    let has = |l: &str| tld.len() == 2 && labels.iter().rev().skip(1).take(2).any(|x| *x == l);
    tld == "gov"
        || tld == "int"
        || tld == "mil"
        || ["gov", "gouv", "gob", "gv", "go", "gc", "govt"]
            .iter()
            .any(|l| has(l))
        || host.ends_with("bund.de")
        || host.ends_with("admin.ch")
        || host.ends_with("europa.eu")
        || host == "un.org"
        || host.ends_with(".un.org")
}

/// The keywords a file's own metadata gives that are words: a design tool's or a CMS's
/// identifiers ("DAGBx7pQ9Zk", "BAFm3kP0x2Q"), version numbers ("v.1.5.2") and addresses
/// are not what a document is about, and are left out.
pub(crate) fn real_keywords(keywords: Vec<String>) -> Vec<String> {
    static VERSION: Lazy<Regex> =
        Lazy::new(|| Regex::new(r"(?i)^v?\.?\s*\d+(?:\.\d+)+[a-z]?$").unwrap());
    // A content system's field and value ("productType:PRESS_RELEASE", "plenaryDate:15-07-2019").
    static FIELD_VALUE: Lazy<Regex> =
        Lazy::new(|| Regex::new(r"^[A-Za-z][A-Za-z0-9_]*:\S+$").unwrap());
    let is_identifier = |k: &str| {
        let one_token = !k.contains(char::is_whitespace);
        // Letters and digits that keep changing places: "x7pQ9Zk" (3 changes and more).
        let changes = k
            .chars()
            .filter(|c| c.is_alphanumeric())
            .map(|c| c.is_ascii_digit())
            .collect::<Vec<_>>()
            .windows(2)
            .filter(|w| w[0] != w[1])
            .count();
        let mixed_case =
            k.chars().skip(1).any(char::is_uppercase) && k.chars().any(char::is_lowercase);
        one_token && (changes >= 3 || (mixed_case && changes >= 1 && k.len() >= 8))
    };
    keywords
        .into_iter()
        .map(|k| k.trim().to_string())
        .filter(|k| {
            k.chars().any(char::is_alphabetic)
                && k.chars().count() <= 80
                && !VERSION.is_match(k)
                && !FIELD_VALUE.is_match(k)
                && !k.contains("://")
                && !is_identifier(k)
        })
        .collect()
}

/// A web page's date: its metadata's, unless the page shows the day before or after it.
/// Metadata often holds a UTC timestamp ("2021-11-04T23:00Z") for what the page, in its
/// own time zone, shows as the next day ("5. November 2021"): the day the page shows is
/// the day it was published where it was published. A date shown further apart (an
/// update, a sidebar's) leaves the metadata's.
fn page_date(published: Option<PartialDate>, shown: Option<PartialDate>) -> Option<PartialDate> {
    match (published, shown) {
        (Some(p), Some(s)) => match (p.calendar_day(), s.calendar_day()) {
            (Some(a), Some(b)) if (a - b).whole_days().abs() == 1 => Some(s),
            _ => Some(p),
        },
        (p, s) => p.or(s),
    }
}

/// A file's subject as its summary (see [`is_real_summary`]), unless it repeats the file's
/// title ("Ethics Guidelines for AI" both): then it names the document, it does not sum
/// it up.
fn file_summary(subject: Option<&str>, title: Option<&str>) -> Option<String> {
    let same =
        |a: &str, b: &str| super::metadata::alnum_lower(a) == super::metadata::alnum_lower(b);
    subject
        .filter(|s| is_real_summary(s))
        .filter(|s| title.is_none_or(|t| !same(t, s)))
        .map(str::to_string)
}

/// A file's keywords (comma- or semicolon-separated) that count as tags: real ones (see
/// [`real_keywords`]) that the pages print. A design tool's ids ("BAFIddCmlXc") and a
/// template's stale keywords from another document are no tags.
fn printed_keywords(keywords: Option<&str>, printed: &Printed) -> Vec<String> {
    let listed = keywords
        .map(|k| k.split([',', ';']).map(|t| t.trim().to_string()).collect())
        .unwrap_or_default();
    real_keywords(listed)
        .into_iter()
        .filter(|k| printed.has(k))
        .collect()
}

/// A file's subject worth having as the summary: a phrase, not a date ("September 6,
/// 2019") nor what the word processor's template left ("Universal Normal Template").
pub(crate) fn is_real_summary(subject: &str) -> bool {
    let lower = subject.to_lowercase();
    // A label ("Informe de la Ponencia"), a number and its date ("n.º 679, de
    // 27/04/2026") or the publication's name and site ("Diario Oficial El Peruano
    // www.elperuano.com.pe") say nothing of what the document holds.
    subject.split_whitespace().count() >= 6
        && !lower.contains("www.")
        && !lower.contains("://")
        && super::metadata::written_date(subject).is_none()
        && !lower.contains("template")
        && !lower.contains("normal.dot")
}

/// An Info title worth having: not empty, not the file's own name, not what a word
/// processor writes by itself ("Microsoft Word - draft.docx", "Untitled").
pub(crate) fn is_real_pdf_title(title: &str, path: &Path) -> bool {
    let t = title.trim();
    let lower = t.to_lowercase();
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    t.split_whitespace().count() >= 2
        && !lower.starts_with("microsoft word")
        && !lower.starts_with("untitled")
        && !lower.ends_with(".doc")
        && !lower.ends_with(".docx")
        && !lower.ends_with(".pdf")
        && lower != stem
}

/// A web page: its main content as Markdown, its `<meta>`/JSON-LD as source metadata.
fn read_html(path: &Path, text: &str) -> Result<Source> {
    let page = html::read_html(text, None).map_err(|e| {
        Error::input(
            path,
            None,
            e.to_string(),
            "save the article page itself, or paste its text into a .txt or .md file in seeds/",
        )
    })?;
    let m = page.meta;
    let headline = m.title.clone();
    let mut meta = SourceMeta {
        origin: "HTML meta",
        title: m.title,
        date: page_date(
            m.published.as_deref().and_then(PartialDate::parse),
            m.date_text
                .as_deref()
                .and_then(html::day_in)
                .and_then(|d| PartialDate::parse(&d)),
        ),
        authors: m.authors,
        summary: m.description.filter(|d| speaks_of(d, &page.markdown)),
        language: m.language,
        source_url: m.canonical_url,
        // A page that lists its own headline among its keywords names no subject by it.
        tags: real_keywords(m.keywords)
            .into_iter()
            .filter(|k| {
                headline.as_deref().is_none_or(|t| {
                    super::metadata::alnum_lower(k) != super::metadata::alnum_lower(t)
                })
            })
            .collect(),
        organisations: m.publisher.into_iter().collect(),
        ..SourceMeta::default()
    };
    if let Some(site) = m.site_name {
        // A government's or an international organisation's site issues what it
        // publishes: its name is the document's organisation (a news site's name stays
        // under source_meta: it publishes, it does not issue).
        let official = meta.source_url.as_deref().is_some_and(is_official_site);
        if official && meta.organisations.is_empty() {
            meta.organisations.push(site.clone());
        }
        meta.extra
            .insert("site_name".into(), serde_yaml::Value::String(site));
    }
    let dropped = page
        .dropped
        .into_iter()
        .map(|text| Dropped {
            line: 0,
            text,
            rule: "page chrome (web page)",
        })
        .collect();
    Ok(Source {
        format: Format::Html,
        text: page.markdown,
        line_offset: 0,
        meta,
        dropped,
        warnings: Vec::new(),
    })
}

fn has_markdown_extension(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        matches!(
            e.to_ascii_lowercase().as_str(),
            "md" | "markdown" | "mdown" | "mdx"
        )
    })
}

/// Emphasised text as Markdown: `delim` around `core`, marked where an edge is a
/// punctuation mark with nothing known beside it, so [`settle_emphasis`] can move the
/// mark outside once the text around it is there. CommonMark closes `**` after a mark
/// only when a space or another mark follows, so `<b>Senator Murray said. “</b>I was`
/// had printed `**Senator Murray said. “**I was`, asterisks and all; it now prints
/// `**Senator Murray said**. “I was`, while `<b>Madam President,</b> <b>...` keeps its
/// comma bold. `open_known`/`close_known`: a space is known to stand on that side. A
/// core without a letter or figure is left plain.
pub(crate) fn emphasis(core: &str, delim: &str, open_known: bool, close_known: bool) -> String {
    // A mark alone in bold ("crisis**,**") shows nothing emphasised, and its delimiters
    // could not open between a word and the mark: printed as asterisks.
    if !core.chars().any(char::is_alphanumeric) {
        return core.to_string();
    }
    let at_edge = |c: Option<char>| c.is_some_and(|c| !c.is_alphanumeric());
    let open_check = !open_known && at_edge(core.chars().next());
    let close_check = !close_known && at_edge(core.chars().last());
    let mut out = String::with_capacity(core.len() + 2 * delim.len() + 6);
    if open_check {
        out.push(OPEN_CHECK);
    }
    out.push_str(delim);
    out.push_str(core);
    out.push_str(delim);
    if close_check {
        out.push(CLOSE_CHECK);
    }
    out
}

/// Marks [`emphasis`] leaves for [`settle_emphasis`]: Unicode noncharacters, which no
/// text carries.
const OPEN_CHECK: char = '\u{FDD1}';
const CLOSE_CHECK: char = '\u{FDD0}';

/// Inline Markdown whose emphasis [`emphasis`] marked, with each marked delimiter that
/// a letter or figure touches on its outer side moved past the marks at its inner edge
/// ("said. “**I" → "said**. “I", "d**(x" → "d(**x"); the marks are then removed.
pub(crate) fn settle_emphasis(markdown: &str) -> String {
    if !markdown.contains([OPEN_CHECK, CLOSE_CHECK]) {
        return markdown.to_string();
    }
    // A run of marks (no backslash: an escape stays whole), then marked delimiters,
    // nested ones too ("*" in "**": each marked), then a letter or figure.
    static CLOSE: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"([^\p{L}\p{N}*~\\\x{FDD0}\x{FDD1}]+)((?:[*~]+\x{FDD0})+)([\p{L}\p{N}])")
            .unwrap()
    });
    static OPEN: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"([\p{L}\p{N}])((?:\x{FDD1}[*~]+)+)([^\p{L}\p{N}*~\\\x{FDD0}\x{FDD1}]+)")
            .unwrap()
    });
    let unmarked = |s: &str| s.replace([OPEN_CHECK, CLOSE_CHECK], "");
    let closed = CLOSE.replace_all(markdown, |c: &regex::Captures| {
        format!("{}{}{}", unmarked(&c[2]), &c[1], &c[3])
    });
    let opened = OPEN.replace_all(&closed, |c: &regex::Captures| {
        format!("{}{}{}", &c[1], &c[3], unmarked(&c[2]))
    });
    opened.replace([OPEN_CHECK, CLOSE_CHECK], "")
}

/// Whether a page's description speaks of its text: of its words of five letters or
/// more (three at least), one the text uses too. A theme's description left in every page
/// ("A Foundation for Public Code jekyll theme for use with GitHub pages." over a Chinese
/// policy page) shares none. A description too short to tell, or in Chinese or
/// Japanese, is taken.
fn speaks_of(description: &str, text: &str) -> bool {
    let words = |s: &str| -> std::collections::HashSet<String> {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.chars().count() >= 5)
            .map(str::to_lowercase)
            .collect()
    };
    // Chinese and Japanese set no spaces to part words by: left to the editor.
    if description.chars().any(super::script::is_unspaced_script) {
        return true;
    }
    let said = words(description);
    said.len() < 3 || !said.is_disjoint(&words(text))
}

/// Whether `url` is an http(s) address anyone can reach: a page saved from a developer's
/// build ("http://localhost:4000/task-force/") or an intranet host (a private or
/// loopback address, `.local`, `.internal`) names no source a reader could open.
pub(crate) fn is_public_web_address(url: &str) -> bool {
    let Ok(u) = url::Url::parse(url.trim()) else {
        return false;
    };
    if !matches!(u.scheme(), "http" | "https") {
        return false;
    }
    match u.host() {
        Some(url::Host::Domain(d)) => {
            let d = d.trim_end_matches('.').to_ascii_lowercase();
            d.contains('.')
                && ![
                    ".localhost",
                    ".local",
                    ".internal",
                    ".localdomain",
                    ".lan",
                    ".home.arpa",
                ]
                .iter()
                .any(|suffix| d.ends_with(suffix))
        }
        Some(url::Host::Ipv4(ip)) => {
            !(ip.is_loopback() || ip.is_private() || ip.is_link_local() || ip.is_unspecified())
        }
        Some(url::Host::Ipv6(ip)) => !(ip.is_loopback() || ip.is_unspecified()),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::{is_public_web_address, with_arabic_letters_unshaped, without_control_characters};

    #[test]
    fn a_description_that_shares_no_word_with_the_text_is_no_summary() {
        let chinese = "政策與原始碼要合捆。公部門在制定政策時，應該同時公開實作政策的原始碼。";
        assert!(!super::speaks_of(
            "A Foundation for Public Code jekyll theme for use with GitHub pages.",
            chinese
        ));
        assert!(super::speaks_of(
            "How the European Parliament voted on the artificial intelligence act.",
            "The Parliament adopted the act on artificial intelligence by a large majority."
        ));
        assert!(
            super::speaks_of("Short note.", chinese),
            "too short to tell"
        );
    }

    #[test]
    fn arabic_letters_in_their_drawn_shapes_are_written_as_letters() {
        // "نوروز" as a PDF's font draws it, isolated, initial, medial and final forms.
        assert_eq!(with_arabic_letters_unshaped("ﻧﻮروز 2019"), "نوروز 2019");
        assert_eq!(with_arabic_letters_unshaped("ﻻ"), "لا");
        // Latin ligatures, superscripts and the rest are left to their own readers.
        assert_eq!(with_arabic_letters_unshaped("ﬁ x² ①"), "ﬁ x² ①");
    }

    #[test]
    fn a_local_build_or_an_intranet_is_no_source_address() {
        for url in [
            "https://ia.italia.it/task-force/",
            "http://www.cis-india.org/a?b=1",
            "https://8.8.8.8/x",
        ] {
            assert!(is_public_web_address(url), "{url}");
        }
        for url in [
            "http://localhost:4000/task-force/",
            "http://127.0.0.1:8000/",
            "http://192.168.1.10/report",
            "http://10.0.0.2/",
            "http://[::1]/",
            "http://intranet/policy",
            "http://wiki.corp.internal/page",
            "http://printer.local/",
            "file:///home/me/page.html",
            "not a url",
        ] {
            assert!(!is_public_web_address(url), "{url}");
        }
    }

    #[test]
    fn control_characters_are_no_text() {
        assert_eq!(
            without_control_characters("non\u{1e}criminal co\u{1f}operation\u{7} ok\t\u{c}\n"),
            "non-criminal cooperation ok\t\u{c}\n"
        );
        assert_eq!(
            without_control_characters("\u{feff}Die\u{200b} Wahl\u{2060}en, می\u{200c}خواهم"),
            "Die Wahlen, می\u{200c}خواهم"
        );
    }

    #[test]
    fn official_sites_are_told_from_others() {
        for url in [
            "https://www.whitehouse.gov/briefing-room/",
            "https://www.gov.uk/government/news/x",
            "https://www.interieur.gouv.fr/actualites",
            "https://www.bundeskanzleramt.gv.at/nachrichten",
            "https://www.bundesregierung.de/x",
            "https://www.bmj.bund.de/x",
            "https://www.lamoncloa.gob.es/x",
            "https://www.mofa.go.jp/x",
            "https://ec.europa.eu/commission/presscorner/x",
            "https://www.who.int/news/x",
            "https://news.un.org/en/story/x",
        ] {
            assert_eq!(
                super::is_official_site(url),
                !url.contains("bundesregierung.de"),
                "{url}"
            );
        }
        for url in [
            "https://www.elpais.cr/2022/x",
            "https://www.amnesty.de/x",
            "https://www.govtech.com/x",
            "https://abcnews.go.com/x",
        ] {
            assert!(!super::is_official_site(url), "{url}");
        }
    }

    #[test]
    fn initials_in_an_author_field_are_no_printed_name() {
        let printed =
            super::Printed::new("The Finance Minister, Nirmala Sitharaman, speaking in Karnataka.");
        let (named, unprinted) = printed.authors(Some("K A"));
        assert!(named.is_empty(), "{named:?}");
        assert_eq!(unprinted, ["K A"]);
        let (named, _) = printed.authors(Some("Nirmala Sitharaman"));
        assert_eq!(named, ["Nirmala Sitharaman"]);
    }

    #[test]
    fn an_info_title_is_taken_as_the_pages_print_it() {
        let printed = super::Printed::new("Confidence + Capability: “Rebooting” Public Sector Cybersecurity. US agencies are confident.");
        assert_eq!(
            super::printed_part(
                "Confidence + Capability: \"Rebooting\" Public Sector Cybersecurity | Accenture",
                &printed
            ),
            "Confidence + Capability: \"Rebooting\" Public Sector Cybersecurity"
        );
        let cover = super::Printed::new("DATA PROTECTION\nActions Taken by\nEquifax and Federal\nAgencies in Response\nto the 2017 Breach\n\nGAO-18-559");
        assert_eq!(
            super::printed_part("GAO-18-559, DATA PROTECTION: Actions Taken by Equifax and Federal Agencies in Response to the 2017 Breach", &cover),
            "DATA PROTECTION: Actions Taken by Equifax and Federal Agencies in Response to the 2017 Breach"
        );
        // The site's name printed after the title in the page's suggested citation is
        // no part of the title.
        let cited = super::Printed::new("AI And The Law – Navigating The Future Together\n\nText.\n\n“AI And The Law – Navigating The Future Together,” United Nations University, 13 February 2024.");
        assert_eq!(
            super::printed_part(
                "AI And The Law – Navigating The Future Together | United Nations University",
                &cited
            ),
            "AI And The Law – Navigating The Future Together"
        );
        // Not printed at all: left as it is.
        assert_eq!(
            super::printed_part("Annual Report | 2024", &printed),
            "Annual Report | 2024"
        );
    }

    #[test]
    fn an_info_title_takes_the_spaces_and_punctuation_the_pages_print() {
        let pages = "## I\n\n(Legislative acts)\n\nREGULATION (EU) 2016/679 OF THE EUROPEAN PARLIAMENT\nAND OF THE COUNCIL\n\nof 27 April 2016\n\non the protection of natural persons\n\nTHE EUROPEAN PARLIAMENT,";
        let printed = super::Printed::new(pages);
        assert_eq!(
            printed
                .as_printed("REGULATION (EU) 2016/ 679 OF THE EUROPEAN PARLIAMENT AND OF THE COUNCIL - of 27 April 2016 - on the protection of natural persons")
                .as_deref(),
            Some("REGULATION (EU) 2016/679 OF THE EUROPEAN PARLIAMENT AND OF THE COUNCIL of 27 April 2016 on the protection of natural persons")
        );
        // Its closing and opening marks too, when the pages print them.
        let marks =
            super::Printed::new("Cover\n\n“Rebooting” Public Sector\nCybersecurity (2024).\n");
        assert_eq!(
            marks
                .as_printed("\"Rebooting\" Public Sector Cybersecurity (2024)")
                .as_deref(),
            Some("“Rebooting” Public Sector Cybersecurity (2024).")
        );
        assert_eq!(
            marks
                .as_printed("“Rebooting” Public Sector Cybersecurity (2024).")
                .as_deref(),
            Some("“Rebooting” Public Sector Cybersecurity (2024).")
        );
        // Where the pages break a line, the file's punctuation stays (a cover's title on
        // four lines; the file has the colon), unless it only stood for the line break.
        let cover = super::Printed::new("Strengthening Cooperation on\nCyber Resilience\nAnnual Report of the\nWorking Group\n\nGeneva, 14 March 2024");
        assert_eq!(
            cover
                .as_printed("Strengthening Cooperation on Cyber Resilience: Annual Report of the Working Group")
                .as_deref(),
            Some("Strengthening Cooperation on Cyber Resilience: Annual Report of the Working Group")
        );
        // Letters the pages never print together, or only across a page: not found.
        assert_eq!(printed.as_printed("Regulation of the Council"), None);
        // A cover in capitals: the file's mixed case is kept (the caller's fallback).
        let shouting = super::Printed::new("THE DIGITAL MILLENNIUM COPYRIGHT ACT OF 1998\n\nText.");
        assert_eq!(
            shouting.as_printed("The Digital Millennium Copyright Act of 1998"),
            None
        );
        let across = super::Printed::new("Annual\x0cReport");
        assert!(across.has("Annual Report"));
        assert_eq!(across.as_printed("Annual Report"), None);
        // Characters whose lower case is longer than themselves keep the span right.
        let turkish = super::Printed::new("x İSTANBUL Sözleşmesi y");
        assert_eq!(
            turkish.as_printed("İstanbul Sözleşmesi").as_deref(),
            Some("İSTANBUL Sözleşmesi")
        );
    }

    #[test]
    fn a_files_keywords_are_words_not_identifiers_or_versions() {
        let k = |v: &[&str]| super::real_keywords(v.iter().map(|s| s.to_string()).collect());
        let words = [
            "cybersecurity",
            "COVID-19",
            "G20",
            "ISO 27001",
            "5G",
            "Human rights",
        ];
        let junk = [
            "DAGBx7pQ9Zk",
            "BAFm3kP0x2Q",
            "v.1.5.2",
            "1.0",
            "https://x.org/a",
            "productType:PRESS_RELEASE",
            "plenaryDate:15-07-2019",
            "",
        ];
        assert_eq!(k(&[&junk[..], &words[..]].concat()), words);
    }

    #[test]
    fn a_pages_shown_day_wins_over_a_utc_timestamp_one_day_off() {
        let d = |s: &str| crate::content::PartialDate::parse(s);
        let day = |p: &str, s: &str| super::page_date(d(p), d(s)).map(|x| x.to_string());
        assert_eq!(
            day("2021-11-04", "2021-11-05").as_deref(),
            Some("2021-11-05")
        );
        assert_eq!(
            day("2021-11-04", "2021-12-05").as_deref(),
            Some("2021-11-04")
        );
        assert_eq!(
            day("2021-11-04", "2021-11-04").as_deref(),
            Some("2021-11-04")
        );
        assert_eq!(day("2021-11", "2021-11-05").as_deref(), Some("2021-11"));
        assert_eq!(
            super::page_date(None, d("2021-11-05"))
                .map(|x| x.to_string())
                .as_deref(),
            Some("2021-11-05")
        );
    }

    #[test]
    fn a_pdfs_keywords_and_subject_count_only_when_they_say_something() {
        let text = "EU taxonomy and nuclear power\n\nThe taxonomy covers nuclear power and gas.";
        let printed = super::Printed::new(text);
        assert_eq!(
            super::printed_keywords(
                Some("taxonomy, nuclear power; BAFIddCmlXc, fiscal distribución departamento"),
                &printed
            ),
            ["taxonomy", "nuclear power"]
        );
        assert_eq!(
            super::file_summary(
                Some("Ethics Guidelines for AI"),
                Some("Ethics guidelines for AI")
            ),
            None
        );
        assert_eq!(
            super::file_summary(
                Some("Cyber security breaches among UK businesses"),
                Some("Survey 2023")
            )
            .as_deref(),
            Some("Cyber security breaches among UK businesses")
        );
    }

    #[test]
    fn a_files_subject_is_a_summary_only_when_it_is_a_phrase() {
        assert!(super::is_real_summary(
            "Cyber security breaches among UK businesses"
        ));
        for junk in [
            "Universal Normal Template",
            "September 6, 2019",
            "Draft",
            "Informe de la Ponencia",
            "Diario Oficial El Peruano www.elperuano.com.pe",
        ] {
            assert!(!super::is_real_summary(junk), "{junk}");
        }
    }
}
