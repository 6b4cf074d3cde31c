//! Metadata: reads a document's front matter off its own text (title, date, place,
//! organisations, authors, kind, language) and applies the optional sidecar
//! `seeds/<name>.yaml`.

use std::path::Path;

use std::collections::HashMap;

use once_cell::sync::Lazy;
use regex::Regex;
use serde::Deserialize;

use crate::content::{DocumentMeta, PartialDate};
use crate::error::{Error, Result};

/// How the body should be normalized, as told by the kind of document.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Profile {
    /// Slides: runs of blank lines separate slides, whose first line is a title.
    pub slides: bool,
}

#[derive(Debug, Default)]
pub struct Extracted {
    pub meta: DocumentMeta,
    /// 0-based lines of the seed whose whole content went into the front matter, with the
    /// rule that moved them (they are dropped from the body and listed in the report).
    pub consumed_lines: Vec<(usize, &'static str)>,
    pub profile: Profile,
}

/// How many non-blank lines at the top count as the title block.
const HEADER_LINES: usize = 14;

/// Read the front matter off a seed's text.
pub fn extract(text: &str) -> Extracted {
    let lines: Vec<&str> = text.lines().collect();
    let header = header_block(&lines);
    let mut out = Extracted::default();
    let mut labels = Vec::new();
    let mut title_lines: Vec<usize> = Vec::new();
    let mut i = 0;
    while i < header.len() {
        let (n, line) = header[i];
        let clean = strip_markup(line);
        if clean.is_empty() {
            i += 1;
            continue;
        }
        if is_generic_label(&clean) && out.meta.title.is_empty() {
            labels.push(clean.clone());
            out.consumed_lines
                .push((n, "front matter: subtitle (document label)"));
        } else if out.meta.title.is_empty() && looks_like_title(&clean) {
            let mut title = clean.clone();
            title_lines.push(n);
            // A title broken over lines: the next line continues it when it starts in
            // lower case or the title ends on a small word.
            while let Some(&(m, next)) = header.get(i + 1) {
                let next = strip_markup(next);
                if next.is_empty() || !(starts_lower(&next) || ends_with_small_word(&title)) {
                    break;
                }
                title.push(' ');
                title.push_str(&next);
                title_lines.push(m);
                i += 1;
            }
            out.meta.title = title;
            for &t in &title_lines {
                out.consumed_lines.push((t, "front matter: title"));
            }
        } else if !out.meta.title.is_empty()
            && out.meta.subtitle.is_none()
            && labels.is_empty()
            && is_subtitle_line(&clean, &out.meta.title)
        {
            let mut sub = clean.clone();
            out.consumed_lines.push((n, "front matter: subtitle"));
            while let Some(&(m, next)) = header.get(i + 1) {
                let next = strip_markup(next);
                if next.is_empty() || !is_all_caps(&next) || !is_all_caps(&sub) {
                    break;
                }
                sub.push(' ');
                sub.push_str(&next);
                out.consumed_lines.push((m, "front matter: subtitle"));
                i += 1;
            }
            out.meta.subtitle = Some(sub);
        } else if let Some(authors) = byline(&clean) {
            if out.meta.authors.is_empty() {
                out.meta.authors = authors.names;
                if authors.whole_line {
                    out.consumed_lines.push((n, "front matter: authors"));
                }
                if out.meta.kind.is_none() {
                    out.meta.kind = authors.kind.map(str::to_string);
                }
            }
        } else if let Some((place, date)) = dateline(&clean) {
            if out.meta.date.is_none() {
                out.meta.date = Some(date);
                out.meta.place = place;
                out.consumed_lines.push((n, "front matter: date and place"));
            }
        }
        i += 1;
    }
    if out.meta.subtitle.is_none() {
        if let Some(label) = labels.first() {
            out.meta.subtitle = Some(label.clone());
        }
    }
    // Titles set in capitals read better in title case, with the document's own spelling
    // of acronyms and names (ICT4PEACE -> ICT4Peace when the text says ICT4Peace).
    out.meta.title = readable_case(&out.meta.title, text);
    out.meta.subtitle = out.meta.subtitle.map(|s| readable_case(&s, text));

    let opening = opening_text(&lines, &header);
    if out.meta.date.is_none() {
        if let Some((start, end)) = find_date_range(&opening) {
            out.meta.date = Some(start);
            out.meta.end_date = end;
        } else if let Some((place, date)) = header_datelines(&header) {
            out.meta.date = Some(date);
            if out.meta.place.is_none() {
                out.meta.place = place;
            }
        }
    }
    if out.meta.place.is_none() {
        out.meta.place = header_datelines(&header).and_then(|(p, _)| p);
    }
    out.meta.organisations = organisations(&header, &opening);
    out.meta.kind = Some(
        out.meta
            .kind
            .take()
            .unwrap_or_else(|| guess_kind(&labels, &out.meta, text).to_string()),
    );
    out.meta.language = Some(detect_language(text).to_string());
    out.profile.slides = out.meta.kind.as_deref() == Some("presentation");
    out.consumed_lines.sort();
    out.consumed_lines.dedup_by_key(|(n, _)| *n);
    out
}

/// The first non-blank lines, up to the first line that reads as running text.
fn header_block<'a>(lines: &[&'a str]) -> Vec<(usize, &'a str)> {
    let mut block = Vec::new();
    let mut non_blank = 0;
    for (n, line) in lines.iter().enumerate() {
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        if t.chars().count() > 160 || non_blank >= HEADER_LINES || is_running_text(t) {
            break;
        }
        block.push((n, *line));
        non_blank += 1;
    }
    block
}

/// A sentence that starts the body: long, ends like prose, or opens a speech.
fn is_running_text(line: &str) -> bool {
    let l = strip_markup(line);
    let prose = l.ends_with('.') || l.contains(". ");
    (l.chars().count() > 90 && prose && !l.starts_with("Delivered by"))
        || l.starts_with("Your Excellenc")
        || l.starts_with("Excellencies")
        || l.starts_with("On ")
        || l.starts_with("Overview")
}

/// The text of the first paragraphs after the title block, joined into one line.
fn opening_text(lines: &[&str], header: &[(usize, &str)]) -> String {
    let start = header.last().map(|(n, _)| n + 1).unwrap_or(0);
    let mut text = String::new();
    let mut sentences = 0;
    for line in &lines[start.min(lines.len())..] {
        let t = strip_markup(line);
        if t.is_empty() {
            continue;
        }
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(&t);
        sentences += t.matches(". ").count() + usize::from(t.ends_with('.'));
        if sentences >= 3 || text.len() > 900 {
            break;
        }
    }
    text
}

/// Remove Markdown and HTML markup from a line: `#`, `**`, `*`, `<sup>`, trailing spaces.
pub fn strip_markup(line: &str) -> String {
    static TAG: Lazy<Regex> = Lazy::new(|| Regex::new(r"</?[a-zA-Z][a-zA-Z0-9]*\s*/?>").unwrap());
    let t = line.trim().trim_start_matches('#').trim();
    let t = TAG.replace_all(t, "");
    let t = t.replace("**", "").replace("__", "");
    t.trim_matches(|c: char| c == '*' || c.is_whitespace())
        .to_string()
}

/// Labels that say what a document is, not what it is about.
fn is_generic_label(line: &str) -> bool {
    const LABELS: &[&str] = &[
        "summary report",
        "co-chairs summary",
        "co-chairs' summary",
        "co-chair's summary",
        "chair's summary",
        "chairs summary",
        "report",
        "final report",
        "concept note",
        "press release",
        "statement",
        "discussion paper",
        "policy brief",
        "working paper",
    ];
    let l = line.to_lowercase().replace('’', "'");
    LABELS.contains(&l.as_str())
}

fn looks_like_title(line: &str) -> bool {
    let words = line.split_whitespace().count();
    (2..=25).contains(&words)
        && line
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
        && !line.ends_with('.')
        && dateline(line).is_none()
        && byline(line).is_none()
        && !line.contains("://")
}

/// A subtitle: capitals or a short phrase right after the title, that is neither a
/// byline nor a dateline, and not a repeat of the title.
fn is_subtitle_line(line: &str, title: &str) -> bool {
    let same = line.eq_ignore_ascii_case(title) || strip_markup(line) == strip_markup(title);
    !same && is_all_caps(line) && byline(line).is_none() && dateline(line).is_none()
}

fn is_all_caps(s: &str) -> bool {
    let letters: Vec<char> = s.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 3 && letters.iter().all(|c| !c.is_lowercase())
}

fn starts_lower(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_lowercase)
}

const SMALL_WORDS: &[&str] = &[
    "a", "an", "the", "and", "or", "of", "to", "in", "on", "for", "with", "by", "from", "at", "as",
    "into", "via", "nor", "but",
];

fn ends_with_small_word(s: &str) -> bool {
    s.split_whitespace()
        .last()
        .is_some_and(|w| SMALL_WORDS.contains(&w.to_lowercase().as_str()))
}

pub struct Byline {
    pub names: Vec<String>,
    pub kind: Option<&'static str>,
    /// The line holds nothing but the names (so it can move into the front matter).
    pub whole_line: bool,
}

/// "Presentation by Dr. Daniel Stauffacher", "Delivered by Mr. X, Under-Secretary-General
/// of ...", "Sanjana Hattotuwa, Barbara Weekes & Daniel Stauffacher".
pub fn byline(line: &str) -> Option<Byline> {
    static BY: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"^(?i:(presentation|delivered|speech|remarks|statement|written|prepared)?\s*by)\s+(.+)$").unwrap()
    });
    if let Some(c) = BY.captures(line) {
        let kind = match c.get(1).map(|m| m.as_str().to_lowercase()) {
            Some(k) if k == "presentation" => Some("presentation"),
            Some(k) if k == "delivered" || k == "speech" || k == "remarks" => Some("speech"),
            _ => None,
        };
        let rest = c.get(2)?.as_str();
        // "Mr. X, Under-Secretary-General of ..." : the name is before the first comma
        // unless every comma-separated part is a name.
        let names = person_list(rest).or_else(|| {
            let first = rest.split(',').next()?;
            person_name(first).map(|n| vec![n])
        })?;
        let whole_line = person_list(rest).is_some() && kind != Some("speech");
        return Some(Byline {
            names,
            kind,
            whole_line,
        });
    }
    person_list(line)
        .filter(|n| n.len() >= 2)
        .map(|names| Byline {
            names,
            kind: None,
            whole_line: true,
        })
}

/// "A, B & C" / "A, B and C" where every part is a person's name.
fn person_list(s: &str) -> Option<Vec<String>> {
    static SEP: Lazy<Regex> = Lazy::new(|| Regex::new(r"\s*(?:,|&|\band\b)\s*").unwrap());
    let parts: Vec<&str> = SEP.split(s.trim()).filter(|p| !p.is_empty()).collect();
    let names: Option<Vec<String>> = parts.iter().map(|p| person_name(p)).collect();
    names.filter(|n| !n.is_empty())
}

/// A person's name: 2 to 4 capitalised words, after an optional honorific.
fn person_name(s: &str) -> Option<String> {
    const HONORIFICS: &[&str] = &[
        "Dr.",
        "Mr.",
        "Ms.",
        "Mrs.",
        "Prof.",
        "H.E.",
        "Ambassador",
        "Dr",
        "Mr",
        "Ms",
    ];
    const NOT_NAMES: &[&str] = &[
        "Foundation",
        "United",
        "Nations",
        "Office",
        "Summary",
        "Report",
        "Conference",
        "Organization",
        "Organisation",
        "Council",
        "Geneva",
        "Vienna",
        "Security",
        "Panel",
        "Peace",
        "Group",
        "Department",
        "Ministry",
        "Centre",
        "Center",
        "Initiative",
    ];
    let mut words: Vec<&str> = s.split_whitespace().collect();
    while words.first().is_some_and(|w| HONORIFICS.contains(w)) {
        words.remove(0);
    }
    let ok = (2..=4).contains(&words.len())
        && words.iter().all(|w| {
            let mut cs = w.chars();
            cs.next().is_some_and(char::is_uppercase)
                && cs.clone().any(char::is_lowercase)
                && w.chars()
                    .all(|c| c.is_alphabetic() || c == '-' || c == '.' || c == '\'')
                && !NOT_NAMES.contains(w)
        });
    ok.then(|| words.join(" "))
}

const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

fn month_number(name: &str) -> Option<u8> {
    let n = name.to_lowercase();
    MONTHS
        .iter()
        .position(|m| *m == n || (n.len() >= 3 && m.starts_with(&n) && n.len() <= 4))
        .map(|i| i as u8 + 1)
}

const MONTH_RE: &str = r"(January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?";

/// "Vienna, 8 November 2019", "GENEVA 2018", "8 November 2019": a line that is only a
/// place and a date. Returns the place (title-cased) and the date.
pub fn dateline(line: &str) -> Option<(Option<String>, PartialDate)> {
    static FULL: Lazy<Regex> = Lazy::new(|| {
        Regex::new(&format!(
            r"^(?:([\p{{L}}][\p{{L}} .'-]*?),?\s+)?(\d{{1,2}})(?:st|nd|rd|th)?\s+{MONTH_RE}\s+(\d{{4}})$"
        ))
        .unwrap()
    });
    static US: Lazy<Regex> = Lazy::new(|| {
        Regex::new(&format!(
            r"^(?:([\p{{L}}][\p{{L}} .'-]*?),?\s+)?{MONTH_RE}\s+(\d{{1,2}}),?\s+(\d{{4}})$"
        ))
        .unwrap()
    });
    static YEAR: Lazy<Regex> =
        Lazy::new(|| Regex::new(r"^([\p{L}][\p{L} .'-]*?),?\s+(\d{4})$").unwrap());
    let line = strip_markup(line);
    let line = line.trim();
    if let Some(c) = FULL.captures(line) {
        let date = PartialDate::parse(&format!(
            "{}-{:02}-{:02}",
            &c[4],
            month_number(&c[3])?,
            c[2].parse::<u8>().ok()?
        ))?;
        return Some((c.get(1).map(|m| place_name(m.as_str())), date));
    }
    if let Some(c) = US.captures(line) {
        let date = PartialDate::parse(&format!(
            "{}-{:02}-{:02}",
            &c[4],
            month_number(&c[2])?,
            c[3].parse::<u8>().ok()?
        ))?;
        return Some((c.get(1).map(|m| place_name(m.as_str())), date));
    }
    if let Some(c) = YEAR.captures(line) {
        let place = &c[1];
        // Only a short place name: "GENEVA 2018", not "Agenda 2030".
        if place.split_whitespace().count() <= 3
            && month_number(place).is_none()
            && is_place_like(place)
        {
            return Some((Some(place_name(place)), PartialDate::parse(&c[2])?));
        }
    }
    None
}

/// A place name is capitalised and not a common noun phrase like "Agenda" or "Goal".
fn is_place_like(s: &str) -> bool {
    const NOT_PLACES: &[&str] = &[
        "agenda", "goal", "vision", "strategy", "report", "summit", "year", "since", "in", "by",
        "from", "until",
    ];
    s.split_whitespace().all(|w| {
        w.chars().next().is_some_and(char::is_uppercase)
            && !NOT_PLACES.contains(&w.to_lowercase().as_str())
    })
}

/// "GENEVA" -> "Geneva"; "ETH Zürich" -> "Zürich" (a leading institution acronym is not
/// part of the place).
fn place_name(s: &str) -> String {
    let words: Vec<&str> = s.split_whitespace().collect();
    let start = words
        .iter()
        .position(|w| !(w.len() <= 4 && w.chars().all(|c| c.is_uppercase())))
        .unwrap_or(0);
    words[start..]
        .iter()
        .map(|w| {
            if w.chars().all(|c| !c.is_lowercase()) && w.chars().count() > 2 {
                title_word(w)
            } else {
                w.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn title_word(w: &str) -> String {
    let lower = w.to_lowercase();
    let mut cs = lower.chars();
    match cs.next() {
        Some(f) => f.to_uppercase().collect::<String>() + cs.as_str(),
        None => String::new(),
    }
}

/// A dateline anywhere in the title block, also inside a longer line
/// ("... Administration ETH Zürich, 15 September 2017").
fn header_datelines(header: &[(usize, &str)]) -> Option<(Option<String>, PartialDate)> {
    static TAIL: Lazy<Regex> = Lazy::new(|| {
        Regex::new(&format!(
            r"((?:\p{{Lu}}[\p{{L}}.'-]*\s+){{0,2}}\p{{Lu}}[\p{{L}}.'-]*,\s+\d{{1,2}}\s+{MONTH_RE}\s+\d{{4}})$"
        ))
        .unwrap()
    });
    header.iter().find_map(|(_, l)| {
        let l = strip_markup(l);
        dateline(&l).or_else(|| TAIL.captures(&l).and_then(|c| dateline(&c[1])))
    })
}

/// "From 28 February to 2 March 2023", "On 8 November 2019", "15 and 16 February 2016",
/// "9 – 11 September 2016": the first date (range) in running text.
pub fn find_date_range(text: &str) -> Option<(PartialDate, Option<PartialDate>)> {
    static RANGE_TWO_MONTHS: Lazy<Regex> = Lazy::new(|| {
        Regex::new(&format!(
            r"\b(\d{{1,2}})\s+{MONTH_RE}\s*(?:to|–|-|until)\s*(\d{{1,2}})\s+{MONTH_RE}\s+(\d{{4}})"
        ))
        .unwrap()
    });
    static RANGE_ONE_MONTH: Lazy<Regex> = Lazy::new(|| {
        Regex::new(&format!(
            r"\b(\d{{1,2}})\s*(?:to|–|-|and)\s*(\d{{1,2}})\s+{MONTH_RE}\s+(\d{{4}})"
        ))
        .unwrap()
    });
    static SINGLE: Lazy<Regex> =
        Lazy::new(|| Regex::new(&format!(r"\b(\d{{1,2}})\s+{MONTH_RE}\s+(\d{{4}})")).unwrap());
    let ymd = |y: &str, m: &str, d: &str| -> Option<PartialDate> {
        PartialDate::parse(&format!(
            "{y}-{:02}-{:02}",
            month_number(m)?,
            d.parse::<u8>().ok()?
        ))
    };
    let first = |re: &Regex| re.find(text).map(|m| m.start()).unwrap_or(usize::MAX);
    let (a, b, c) = (
        first(&RANGE_TWO_MONTHS),
        first(&RANGE_ONE_MONTH),
        first(&SINGLE),
    );
    if a != usize::MAX && a <= b && a <= c {
        let k = RANGE_TWO_MONTHS.captures(text)?;
        return Some((ymd(&k[5], &k[2], &k[1])?, Some(ymd(&k[5], &k[4], &k[3])?)));
    }
    if b != usize::MAX && b <= c {
        let k = RANGE_ONE_MONTH.captures(text)?;
        return Some((ymd(&k[4], &k[3], &k[1])?, Some(ymd(&k[4], &k[3], &k[2])?)));
    }
    let k = SINGLE.captures(text)?;
    Some((ymd(&k[3], &k[2], &k[1])?, None))
}

/// Organisations this digest knows by name, with the short name the site shows.
const ORGANISATIONS: &[(&str, &str)] = &[
    (
        r"Organi[sz]ation for Security and Co-?operation in Europe|\bOSCE\b",
        "OSCE",
    ),
    (
        r"United Nations Office of Counter-Terrorism|UN Office of Counter-Terrorism|\bUNOCT\b",
        "UNOCT",
    ),
    (
        r"United Nations Counter-Terrorism Centre|\bUNCCT\b",
        "UNCCT",
    ),
    (
        r"Counter[- ]Terrorism Committee Executive Directorate|\bCTED\b",
        "UN CTED",
    ),
    (r"(?i:\bICT4Peace\b)", "ICT4Peace"),
    (r"\bINTERPOL\b", "INTERPOL"),
    (r"ETH Z(?:ü|u)rich", "ETH Zürich"),
    (r"Council of Europe", "Council of Europe"),
    (r"Association of Southeast Asian Nations|\bASEAN\b", "ASEAN"),
    (r"Organi[sz]ation of American States|\bOAS\b", "OAS"),
    (r"\bAfrican Union\b", "African Union"),
    (
        r"\bGlobal Internet Forum to Counter[- ]Terrorism\b|\bGIFCT\b",
        "GIFCT",
    ),
];

/// Organisations behind the document: named in the title block, or the subject of the
/// opening sentence ("the OSCE organized ...", "UNOCT/UNCCT held ...", "the joint
/// UNOCT-INTERPOL initiative").
fn organisations(header: &[(usize, &str)], opening: &str) -> Vec<String> {
    static RES: Lazy<Vec<(Regex, &str)>> = Lazy::new(|| {
        ORGANISATIONS
            .iter()
            .map(|(p, n)| (Regex::new(p).unwrap(), *n))
            .collect()
    });
    static ACTION: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"\b(organi[sz]ed|held|convened|hosted|co-organi[sz]ed)\b").unwrap()
    });
    static JOINT: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"\bjoint\s+([^,.]{2,80}?)\s+(initiative|project|programme)").unwrap()
    });
    // The title block as one line, so names broken over lines still match.
    let mut spans: Vec<String> = vec![header
        .iter()
        .map(|(_, l)| strip_markup(l))
        .collect::<Vec<_>>()
        .join(" ")];
    for sentence in opening.split(". ") {
        if let Some(m) = ACTION.find(sentence) {
            spans.push(sentence[..m.start()].to_string());
        }
        for c in JOINT.captures_iter(sentence) {
            spans.push(c[1].to_string());
        }
    }
    let mut found: Vec<(usize, usize, &str)> = Vec::new();
    for (si, span) in spans.iter().enumerate() {
        for (re, name) in RES.iter() {
            if let Some(m) = re.find(span) {
                found.push((si, m.start(), name));
            }
        }
    }
    found.sort();
    let mut names: Vec<String> = Vec::new();
    for (_, _, n) in found {
        if !names.iter().any(|x| x == n) {
            names.push(n.to_string());
        }
    }
    names
}

fn guess_kind(labels: &[String], meta: &DocumentMeta, text: &str) -> &'static str {
    let label = labels.first().map(|l| l.to_lowercase()).unwrap_or_default();
    if label.contains("summary report") || label == "report" || label == "final report" {
        return "summary-report";
    }
    if text.contains("Excellencies") || text.contains("ladies and gentlemen") {
        return "speech";
    }
    if !meta.authors.is_empty() {
        return "paper";
    }
    if label.contains("summary") {
        return "summary-report";
    }
    "web-page"
}

/// The language with the most of its common words in the text (ISO 639-1).
pub fn detect_language(text: &str) -> &'static str {
    const LANGS: &[(&str, &[&str])] = &[
        (
            "en",
            &["the", "and", "of", "to", "in", "is", "that", "for", "with"],
        ),
        (
            "fr",
            &["le", "la", "les", "et", "des", "est", "pour", "dans", "une"],
        ),
        (
            "es",
            &["el", "la", "los", "y", "de", "que", "para", "en", "una"],
        ),
        (
            "de",
            &[
                "der", "die", "und", "das", "ist", "mit", "für", "nicht", "ein",
            ],
        ),
    ];
    let mut counts = [0usize; 4];
    for w in text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .take(5000)
    {
        let w = w.to_lowercase();
        for (i, (_, words)) in LANGS.iter().enumerate() {
            if words.contains(&w.as_str()) {
                counts[i] += 1;
            }
        }
    }
    let best = (0..LANGS.len())
        .max_by_key(|&i| (counts[i], usize::MAX - i))
        .unwrap_or(0);
    LANGS[best].0
}

/// Title-case an all-capitals phrase, keeping acronyms and the document's own spelling
/// of mixed-case words; other text is returned as it is.
pub fn readable_case(s: &str, document: &str) -> String {
    if !is_all_caps(s) {
        return s.to_string();
    }
    let spellings = mixed_case_spellings(document);
    let mut out = Vec::new();
    for (i, word) in s.split_whitespace().enumerate() {
        out.push(case_word(word, i == 0, &spellings));
    }
    out.join(" ")
}

fn case_word(word: &str, first: bool, spellings: &HashMap<String, String>) -> String {
    // Hyphenated words: case each part.
    if word.contains('-') {
        return word
            .split('-')
            .enumerate()
            .map(|(j, p)| case_word(p, first && j == 0, spellings))
            .collect::<Vec<_>>()
            .join("-");
    }
    let lower = word.to_lowercase();
    if let Some(spelling) = spellings.get(&lower) {
        return spelling.clone();
    }
    if !first && SMALL_WORDS.contains(&lower.as_str()) {
        return lower;
    }
    if word.chars().count() <= 3
        && !SMALL_WORDS.contains(&lower.as_str())
        && word.chars().all(|c| c.is_alphabetic())
        && !is_common_word(&lower)
    {
        return word.to_string(); // an acronym such as UN, ICT
    }
    title_word(word)
}

fn is_common_word(w: &str) -> bool {
    const COMMON: &[&str] = &[
        "new", "key", "age", "law", "use", "war", "day", "all", "how", "why", "who", "its", "our",
        "two", "one",
    ];
    COMMON.contains(&w)
}

/// For each word the document writes in mixed case inside the word ("ICT4Peace"), its
/// most frequent such spelling, keyed by the word in lower case.
fn mixed_case_spellings(document: &str) -> HashMap<String, String> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for w in document.split(|c: char| !c.is_alphanumeric()) {
        if w.chars().any(char::is_lowercase) && w.chars().skip(1).any(char::is_uppercase) {
            *counts.entry(w).or_default() += 1;
        }
    }
    let mut best: HashMap<String, (usize, &str)> = HashMap::new();
    for (w, c) in counts {
        let e = best.entry(w.to_lowercase()).or_insert((0, w));
        if c > e.0 || (c == e.0 && w < e.1) {
            *e = (c, w);
        }
    }
    best.into_iter()
        .map(|(k, (_, w))| (k, w.to_string()))
        .collect()
}

/// A sidecar: front-matter fields that override what the text says.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sidecar {
    pub title: Option<String>,
    pub subtitle: Option<String>,
    pub date: Option<PartialDate>,
    pub end_date: Option<PartialDate>,
    pub place: Option<String>,
    pub organisations: Option<Vec<String>>,
    pub authors: Option<Vec<String>>,
    pub kind: Option<String>,
    pub language: Option<String>,
    pub summary: Option<String>,
    pub slug: Option<String>,
}

impl Sidecar {
    pub fn apply(&self, meta: &mut DocumentMeta) {
        macro_rules! set {
            ($($f:ident),*) => {$(
                if let Some(v) = &self.$f { meta.$f = Some(v.clone()); }
            )*};
        }
        set!(subtitle, date, end_date, place, kind, language, summary);
        if let Some(t) = &self.title {
            meta.title = t.clone();
        }
        if let Some(o) = &self.organisations {
            meta.organisations = o.clone();
        }
        if let Some(a) = &self.authors {
            meta.authors = a.clone();
        }
    }
}

/// Read `seeds/<stem>.yaml` (or `.yml`) beside a seed, if there is one.
pub fn read_sidecar(seed: &Path) -> Result<Option<Sidecar>> {
    for ext in ["yaml", "yml"] {
        let path = seed.with_extension(ext);
        if !path.exists() {
            continue;
        }
        let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
        if text.trim().is_empty() {
            return Ok(Some(Sidecar::default()));
        }
        return serde_yaml::from_str(&text).map(Some).map_err(|e| {
            Error::yaml(
                &path,
                &e,
                0,
                "a sidecar may set title, subtitle, date, end_date, place, organisations, authors, kind, language, summary, slug",
            )
        });
    }
    Ok(None)
}
