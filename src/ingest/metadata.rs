//! Metadata: reads a document's front matter off its own text (title, date, place,
//! organisations, authors, kind, language) and applies the optional sidecar
//! `seeds/<name>.yaml`.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use once_cell::sync::Lazy;
use regex::Regex;
use serde::Deserialize;

use super::source::Format;
use crate::content::{DocumentMeta, PartialDate};
use crate::error::{Error, Result};

/// How the body should be normalized, as told by the kind of document and the format
/// its text came in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Profile {
    /// Slides: runs of blank lines separate slides, whose first line is a title.
    pub slides: bool,
    /// The seed's format: what its line breaks, rules, spaces and lone numbers mean.
    pub format: Format,
    /// The text is another tool's conversion whose layout was undone (see
    /// [`super::layout`]): its lines are that tool's, not its author's.
    pub converted: bool,
}

impl Profile {
    /// The source never had pages (a web page, a Word document): a number on a line of
    /// its own is data (a table's total), never a page number.
    pub fn unpaginated(&self) -> bool {
        matches!(self.format, Format::Html | Format::Docx)
    }

    /// Markdown, a web page or a Word document: text as its author typed it, where a
    /// space or a closed compound is the author's (a PDF's extraction loses hyphens at
    /// line ends and puts spaces after ligatures; those repairs apply to PDFs and plain
    /// text).
    pub fn authored(&self) -> bool {
        matches!(self.format, Format::Markdown | Format::Html | Format::Docx)
    }

    /// Markdown as its author wrote it, whose lines run on as CommonMark reads them: a
    /// paragraph or a list item goes on to the next blank line or block, and breaks a
    /// line only where the author asked (a backslash or two spaces at its end).
    pub fn commonmark(&self) -> bool {
        self.format == Format::Markdown && !self.converted
    }

    /// A PDF's text, whose pages are parted by form feeds: a one-page PDF has none, and
    /// still only its first and last lines can be its page number.
    pub fn pages_marked(&self) -> bool {
        self.format == Format::Pdf
    }
}

/// A line whose whole content went into a field (dropped from the body only if that
/// field's value is the one chosen).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Consumed {
    /// 0-based line of the text.
    pub line: usize,
    pub field: &'static str,
    pub rule: &'static str,
}

#[derive(Debug, Default)]
pub struct Extracted {
    pub meta: DocumentMeta,
    /// For each field found in the text, the rule that found it.
    pub rules: BTreeMap<&'static str, &'static str>,
    pub consumed_lines: Vec<Consumed>,
    pub profile: Profile,
    /// A day and month the title block prints without a year ("Séance publique tenue le
    /// 20 juin"), as (month, day): it dates a record whose year only a weak source date
    /// (a PDF's creation date, a day or weeks later) gives.
    pub day_month: Option<(u8, u8)>,
}

impl Extracted {
    /// Every consumed line with its rule, as the normalizer takes them (when all the
    /// text's values are used).
    pub fn consumed_pairs(&self) -> Vec<(usize, &'static str)> {
        self.consumed_lines
            .iter()
            .map(|c| (c.line, c.rule))
            .collect()
    }

    fn consume(&mut self, line: usize, field: &'static str, rule: &'static str) {
        self.consumed_lines.push(Consumed { line, field, rule });
    }

    /// The last line of the text the title was taken from, when the text gave it.
    pub fn title_end(&self) -> Option<usize> {
        self.consumed_lines
            .iter()
            .filter(|c| c.field == "title")
            .map(|c| c.line)
            .max()
    }
}

/// How many non-blank lines at the top count as the title block.
const HEADER_LINES: usize = 14;

/// Rule names, as the ingest report shows them.
pub mod rule {
    pub const TITLE_BLOCK: &str = "title block";
    pub const UN_TITLE: &str = "UN resolution title";
    pub const LABEL: &str = "document label";
    pub const SUBTITLE: &str = "line under the title";
    pub const BYLINE: &str = "byline";
    pub const BYLINE_UNDER_TITLE: &str = "byline under the title";
    pub const CONTROL_TABLE: &str = "a document control table's title row";
    pub const CASE_NAME: &str = "a judgment's case name (\"X v. Y\")";
    pub const DECIDED: &str = "the day a court decided (\"Decided June 13, 2013\")";
    pub const DATELINE: &str = "dateline";
    pub const TITLE_BLOCK_DATE: &str = "date in the title block";
    pub const UN_ADOPTED: &str = "UN adoption formula";
    pub const FILE_TITLE_IN_BLOCK: &str = "line of the title block that the file's own title names";
    pub const ACT_ADOPTED: &str = "the day of adoption its title names (an act)";
    pub const PRINTED_DAY: &str = "day and month in the title block, year from the file's date";
    pub const NEWS_DATELINE: &str = "news dateline (\"San José, 21 Abr (Agency).-\")";
    pub const LOCAL_DAY: &str =
        "the day the news dateline prints, a day off the page's timestamp (given in UTC)";
    pub const UN_DISTRIBUTED: &str = "UN distribution date";
    pub const UN_DRAFT: &str = "UN draft resolution's sponsors line";
    pub const EVENT_LEAD: &str = "opening sentence of an event report";
    pub const CLOSING_DATELINE: &str = "closing dateline";
    pub const LETTER_SUBJECT: &str = "a letter's subject line";
    pub const ADDRESS_DATE: &str = "the day its web address names (/year/month/day/)";
    pub const UNDER_TITLE: &str = "the day the line under the title names";
    pub const ADOPTED_ON: &str = "the day the line under the title says it was adopted";
    pub const ORGANISATION: &str = "organisation named in the title block or lead";
    pub const KIND: &str = "kind evidence";
    pub const LANGUAGE: &str = "language detection";
    pub const LANGUAGE_SCRIPT: &str =
        "language detection (the language declared is written in another script)";
    pub const TOP_HEADING: &str = "first top-level heading, after an opening notice";
    pub const SPEAKER_IN_TITLE: &str = "the speaker a speech's title names (\"Statement by ...\")";
    pub const DATE_HEADING: &str = "date set as a heading near the top";
    pub const LABELLED_DATE: &str =
        "date labelled as such on the first page (Date:, Fecha:, Datum:, Adopted on)";
}

/// Read the front matter off a seed's text. Every field is set only from evidence of its
/// role (a title block, a dateline, a byline, a UN formula); a date quoted in the prose
/// or a salutation is never taken. What cannot be told stays empty.
pub fn extract(text: &str) -> Extracted {
    extract_as(text, false)
}

/// [`extract`], for a text whose heading marks say how large each line is set (a PDF's):
/// then a cover's title is the line in its largest type (see [`larger_title_below`]).
pub fn extract_as(text: &str, headings_by_size: bool) -> Extracted {
    let lines: Vec<&str> = text.lines().collect();
    let header = header_block(&lines);
    let mut out = Extracted::default();
    let mut labels = Vec::new();
    // Under a publisher's label ("HERAUSGEBER:", "Impressum", "Published by:") stand its
    // name and address: no title comes after it in the title block.
    let mut in_imprint = false;
    // A press release's letterhead stands over its release line ("The White House /
    // Office of the Press Secretary / For Immediate Release"): the title comes after.
    let release = header
        .iter()
        .position(|(_, l)| is_release_line(&strip_markup(l)))
        .filter(|&r| r <= 4);
    let mut i = release.map_or(0, |r| r + 1);
    // The letterhead over the release line names who issues it ("The White House" over
    // "Office of the Press Secretary").
    let issuer = release.and_then(|r| {
        header[..r]
            .iter()
            .map(|(_, l)| strip_markup(l))
            .find(|l| is_letterhead_name(l) && dateline(l).is_none())
    });
    while i < header.len() {
        let (n, line) = header[i];
        let clean = strip_markup(line);
        let agenda_title = i > 0 && is_agenda_item(&strip_markup(header[i - 1].1));
        // "Working Group on the Universal Periodic Review" over "Seventh session": the
        // body that met, in the masthead.
        let meeting_body = header
            .get(i + 1)
            .is_some_and(|(_, next)| is_session_line(&strip_markup(next)));
        let split_label =
            i > 0 && kind_word_split_by_layout(&strip_markup(header[i - 1].1), &clean);
        if clean.is_empty() || is_masthead(&clean) || agenda_title || meeting_body || split_label {
            if is_draft_line(&clean) {
                out.meta
                    .kind
                    .get_or_insert_with(|| "draft-resolution".into());
                out.rules.insert("kind", rule::UN_DRAFT);
            }
            i += 1;
            continue;
        }
        if out.meta.title.is_empty() {
            if let Some(title) = un_resolution_title(&clean) {
                let mut title = title.to_string();
                out.consume(n, "title", rule::UN_TITLE);
                i = continue_title(&header, i, &mut title, &mut out, rule::UN_TITLE);
                out.meta.title = title;
                out.rules.insert("title", rule::UN_TITLE);
                i += 1;
                continue;
            }
        }
        in_imprint |= is_imprint_label(&clean);
        if is_generic_label(&clean) && out.meta.title.is_empty() {
            // Only the first label can be the subtitle; the others stay text ("DECISION"
            // over "Application no. 54904/08").
            if labels.is_empty() {
                out.consume(n, "subtitle", rule::LABEL);
            }
            labels.push(clean.clone());
        } else if out.meta.title.is_empty()
            && !in_imprint
            && looks_like_title(&clean)
            && !goes_on_from_above(&lines, n)
            && !(headings_by_size && larger_title_below(&lines, n))
        {
            let mut title = clean.clone();
            out.consume(n, "title", rule::TITLE_BLOCK);
            i = continue_title(&header, i, &mut title, &mut out, rule::TITLE_BLOCK);
            // A line ending in a colon that nothing carries on introduces what follows
            // ("Join the petition on the President's site:" over its address).
            if reads_as_sentence(&title)
                || sentence_goes_on_below(&header, i, &lines)
                || title.ends_with(':')
                // "Verwaltung gewaltsam verwehrt, mit in diesem": a line of running text
                // that stops mid-phrase, in a narrow column.
                || (title.contains(", ") && ends_mid_phrase(&title))
                || is_masthead(&title)
            {
                // A sentence cut at a line end, not a title.
                out.consumed_lines.retain(|c| c.field != "title");
            } else {
                out.meta.title = title;
                out.rules.insert("title", rule::TITLE_BLOCK);
            }
        } else if !out.meta.title.is_empty()
            && out.meta.subtitle.is_none()
            && labels.is_empty()
            && (is_subtitle_line(&clean, &out.meta.title) || names_a_report(&clean))
            && !heads_a_section(&lines, n)
            && (!starts_mid_phrase(&clean) || follows_the_title(&out, &header, i))
            && !text_since_the_title(&out, &header, i)
        {
            let mut sub = clean.clone();
            out.consume(n, "subtitle", rule::SUBTITLE);
            while let Some(&(m, raw_next)) = header.get(i + 1) {
                let next = strip_markup(raw_next);
                // Lines in capitals go on ("SUR" / "LA PROPOSITION DE LOI Organique
                // N°10/2024 MODIFIANT" / "ET COMPLÉTANT ..."), a word in lower case aside;
                // not into a heading of its own, the title again, or a section's name.
                let caps = |s: &str| is_all_caps(s) || mostly_caps(s);
                // "PAR M. Abdoulaye DIAGNE RAPPORTEUR": who wrote it, not more of it.
                static BY: Lazy<Regex> =
                    Lazy::new(|| Regex::new(r"(?i)^(?:by|par|por|von|di|door)\s+\p{Lu}").unwrap());
                let apart = raw_next.trim_start().starts_with('#')
                    || strip_markup(&next).eq_ignore_ascii_case(&out.meta.title)
                    || is_section_name(&next)
                    || is_web_address(&next)
                    || dateline(&next).is_some()
                    || BY.is_match(&next);
                if next.is_empty()
                    || apart
                    || !caps(&next)
                    || !(caps(&sub) || ends_mid_phrase(&sub))
                {
                    break;
                }
                // A lone "PAR" before the rapporteur's name ends the subtitle, not joins it.
                let lone_connector = next.split_whitespace().count() == 1 && ends_mid_phrase(&next);
                let then = header.get(i + 2).map(|(_, l)| strip_markup(l));
                // "PAR" / "M. Abdoulaye DIAGNE": a name is no more of the subtitle, even
                // set mostly in capitals.
                static HONORIFIC: Lazy<Regex> = Lazy::new(|| {
                    Regex::new(r"^(?:M\.|Mme\.?|Mlle\.?|Mr\.?|Mrs\.?|Ms\.?|Dr\.?|Prof\.?|Sr\.|Sra\.|Hr\.|Fr\.)\s+\p{Lu}").unwrap()
                });
                let names_someone = |t: &str| {
                    byline(t).is_some() || person_name(t).is_some() || HONORIFIC.is_match(t)
                };
                if lone_connector && !then.is_some_and(|t| caps(&t) && !names_someone(&t)) {
                    break;
                }
                sub.push(' ');
                sub.push_str(&next);
                out.consume(m, "subtitle", rule::SUBTITLE);
                i += 1;
            }
            out.meta.subtitle = Some(sub);
            out.rules.insert("subtitle", rule::SUBTITLE);
        } else if let Some((authors, date)) = split_block_line(&clean) {
            // "Rapporteur: Ms. Jane Example · 12 March 2026": a byline and a date on
            // one line of the title block.
            if out.meta.authors.is_empty() && !authors.is_empty() {
                out.meta.authors = authors;
                out.rules.insert("authors", rule::BYLINE);
                out.consume(n, "authors", rule::BYLINE);
            }
            if out.meta.date.is_none() {
                if let Some(d) = date {
                    out.meta.date = Some(d);
                    out.rules.insert("date", rule::TITLE_BLOCK_DATE);
                }
            }
        } else if let Some(authors) = byline(strip_brackets(&clean)).filter(|b| {
            // A list of names in a sentence that runs over the line (a speech's greeting,
            // "Principal Nodal Officers, Executive Director, Shri Neeraj Nigam,") is no
            // byline.
            let in_a_sentence = clean.ends_with(',')
                || i.checked_sub(1)
                    .is_some_and(|p| strip_markup(header[p].1).ends_with(','));
            b.cued || (!in_a_sentence && b.names.iter().all(|n| is_proper_name(n, text)))
        }) {
            if out.meta.authors.is_empty() {
                out.meta.authors = authors.names;
                out.rules.insert("authors", rule::BYLINE);
                if authors.whole_line {
                    out.consume(n, "authors", rule::BYLINE);
                }
                if out.meta.kind.is_none() {
                    if let Some(kind) = authors.kind {
                        out.meta.kind = Some(kind.to_string());
                        out.rules.insert("kind", rule::BYLINE);
                    }
                }
                // "(Speech by ..., Deputy Governor at the Conference ... in Mumbai on
                // January 16, 2024)": the day it was given.
                if out.meta.date.is_none() {
                    if let Some(date) = day_said_on(&clean) {
                        out.meta.date = Some(date);
                        out.rules.insert("date", rule::BYLINE);
                    }
                }
            }
        } else if let Some((start, end, place)) = event_dateline(&clean) {
            // "16 – 18 May 2019 Beijing, People's Republic of China" under a conference's
            // outcome document: when and where it met.
            if out.meta.date.is_none() {
                out.meta.date = Some(start);
                out.meta.end_date = Some(end);
                out.rules.insert("date", rule::DATELINE);
                out.rules.insert("end_date", rule::DATELINE);
                out.consume(n, "date", rule::DATELINE);
                if out.meta.place.is_none() {
                    out.meta.place = Some(place);
                    out.rules.insert("place", rule::DATELINE);
                    out.consume(n, "place", rule::DATELINE);
                }
            }
        } else if let Some((place, date)) = dateline(&clean) {
            if out.meta.date.is_none() {
                let rule = if place.is_some() {
                    rule::DATELINE
                } else {
                    rule::TITLE_BLOCK_DATE
                };
                out.meta.date = Some(date);
                out.rules.insert("date", rule);
                // A date that ends the sentence above it ("Résolution adoptée par
                // l'Assemblée générale le" / "13 septembre 2007") dates the document and
                // stays in that sentence.
                let ends_the_line_above = i > 0 && ends_mid_phrase(&strip_markup(header[i - 1].1));
                if !ends_the_line_above {
                    out.consume(n, "date", rule);
                }
                if place.is_some() {
                    out.meta.place = place;
                    out.rules.insert("place", rule::DATELINE);
                    if !ends_the_line_above {
                        out.consume(n, "place", rule::DATELINE);
                    }
                }
            }
        } else if let Some(date) = act_date_line(&clean).or_else(|| version_day(&clean)) {
            // "of 28 December 2020" under an annex's resolution, "Version 1.3 -
            // 07.05.2024" on a cover: the day the text is of; the line stays text.
            if out.meta.date.is_none() {
                out.meta.date = Some(date);
                out.rules.insert("date", rule::TITLE_BLOCK_DATE);
            }
        } else if let Some(date) = date_before_a_dash(&clean) {
            // "NOVEMBER 1, 2024.—Committed to the Committee of the Whole House ...": a
            // record's day, then what happened to it that day; the line stays text.
            if out.meta.date.is_none() {
                out.meta.date = Some(date);
                out.rules.insert("date", rule::TITLE_BLOCK_DATE);
            }
        }
        i += 1;
    }
    // A letter names its subject on a labelled line ("Onderwerp Draagmoederschap",
    // "Subject: ...", "Betreff: ..."): that is its title, not the addressee's block or the
    // sender's letterhead above it.
    if out
        .rules
        .get("title")
        .is_none_or(|r| *r == rule::TITLE_BLOCK)
    {
        let subject = header
            .iter()
            .find_map(|&(n, l)| Some((vec![n], letter_subject(l)?)))
            .or_else(|| subject_under_label(&lines, header.iter().map(|(n, _)| *n)));
        if let Some((taken, subject)) = subject {
            out.consumed_lines.retain(|c| {
                c.field != "title" && !(c.field == "subtitle" && c.rule == rule::SUBTITLE)
            });
            if out.rules.get("subtitle") == Some(&rule::SUBTITLE) {
                out.meta.subtitle = None;
                out.rules.remove("subtitle");
            }
            out.meta.title = subject;
            out.rules.insert("title", rule::LETTER_SUBJECT);
            for n in taken {
                out.consume(n, "title", rule::LETTER_SUBJECT);
            }
        }
    }
    // A deliverable's document control table names its title ("| **Document Title:** |
    // **Development of a SEMIC registry of data models** |"), over the directorate's and
    // the programme's names on its cover.
    if out
        .rules
        .get("title")
        .is_none_or(|r| *r == rule::TITLE_BLOCK)
    {
        if let Some(title) = control_table_title(&lines) {
            out.consumed_lines.retain(|c| c.field != "title");
            if out.rules.get("subtitle") == Some(&rule::SUBTITLE) {
                out.meta.subtitle = None;
                out.rules.remove("subtitle");
            }
            out.meta.title = title;
            out.rules.insert("title", rule::CONTROL_TABLE);
        }
    }
    // A judgment is titled by its case, over the court's masthead and the writ under it
    // ("CERTIORARI TO THE UNITED STATES COURT OF APPEALS ...").
    let from_the_block = out
        .rules
        .get("title")
        .is_none_or(|r| *r == rule::TITLE_BLOCK);
    if from_the_block {
        if let Some((taken, title)) = case_name(&lines) {
            out.consumed_lines.retain(|c| c.field != "title");
            out.meta.title = title;
            out.rules.insert("title", rule::CASE_NAME);
            for n in taken {
                out.consume(n, "title", rule::CASE_NAME);
            }
            if out.meta.kind.is_none() {
                out.meta.kind = Some("judgment".into());
                out.rules.insert("kind", rule::CASE_NAME);
            }
        }
    }
    if out.meta.title.is_empty() {
        if let Some((n, title)) = top_heading_title(&lines) {
            out.meta.title = title;
            out.rules.insert("title", rule::TOP_HEADING);
            out.consume(n, "title", rule::TOP_HEADING);
        }
    }
    if out.meta.subtitle.is_none() {
        if let Some(label) = labels.first() {
            out.meta.subtitle = Some(label.clone());
            out.rules.insert("subtitle", rule::LABEL);
        }
    }
    if out.meta.authors.is_empty() {
        if let Some((n, names)) = byline_under_title(&lines, &out, text) {
            out.meta.authors = names;
            out.rules.insert("authors", rule::BYLINE_UNDER_TITLE);
            out.consume(n, "authors", rule::BYLINE_UNDER_TITLE);
        }
    }
    // "Statement by Honourable Mr. Pradeep Kumar Gyawali, Minister ...": the speaker.
    if out.meta.authors.is_empty() {
        if let Some(name) = speaker_in_title(&out.meta.title) {
            out.meta.authors = vec![name];
            out.rules.insert("authors", rule::SPEAKER_IN_TITLE);
        }
    }
    // "P9_TA(2024)0138 Artificial Intelligence Act": the code an institution files the
    // document under, set before its title, is kept as its symbol.
    if let Some((code, title)) = reference_code_before(&out.meta.title) {
        out.meta
            .source_meta
            .insert("symbol".into(), serde_yaml::Value::String(code.to_string()));
        out.meta.title = title.to_string();
    }
    // A word a title line splits after a hyphen ("Wind und Solar erst- mals als
    // Doppelspitze") is joined as the body spells it.
    if [&out.meta.title, out.meta.subtitle.as_deref().unwrap_or("")]
        .iter()
        .any(|t| t.contains("- "))
    {
        let spellings = super::spelling::Spellings::of(lines.iter().copied());
        out.meta.title = spellings.join_split_words(&out.meta.title);
        out.meta.subtitle = out.meta.subtitle.map(|s| spellings.join_split_words(&s));
    }
    // Titles set in capitals read better in title case, with the document's own spelling
    // of acronyms and names (ICT4PEACE -> ICT4Peace when the text says ICT4Peace).
    let language = detect_language(text);
    out.meta.title = readable_case(&out.meta.title, text, language.as_deref());
    out.meta.subtitle = out
        .meta
        .subtitle
        .map(|s| readable_case(&s, text, language.as_deref()));

    let opening = opening_text(&lines, &header);
    let adoption = un_adopted(&lines);
    let adopted = adoption.map(|(date, _)| date);
    let adopted_by = adoption.and_then(|(_, organ)| organ);
    find_dates(&lines, &header, &opening, adopted, &mut out);
    let news = news_dateline(&opening);
    if out.meta.date.is_none() {
        out.day_month = header
            .iter()
            .find_map(|(_, l)| day_and_month(&strip_markup(l)))
            .or(news.as_ref().map(|n| n.1));
    }
    if out.meta.place.is_none() {
        // The line stays: it is the first sentence's opening.
        // The story's first paragraphs (a picture's caption may come first).
        let first_paragraphs = || {
            let start = header.last().map_or(0, |(n, _)| n + 1);
            lines[start.min(lines.len())..]
                .iter()
                .filter(|l| !l.trim().is_empty())
                .take(3)
                .find_map(|l| news_place(&strip_markup(l)))
        };
        if let Some(place) = news
            .map(|(place, _)| place)
            .or_else(|| news_place(&opening))
            .or_else(first_paragraphs)
        {
            out.meta.place = Some(place);
            out.rules.insert("place", rule::NEWS_DATELINE);
        }
    }
    out.meta.organisations = organisations(&header, &opening);
    if let Some(issuer) = issuer {
        if !out.meta.organisations.contains(&issuer) {
            out.meta.organisations.insert(0, issuer);
        }
    }
    if !out.meta.organisations.is_empty() {
        out.rules.insert("organisations", rule::ORGANISATION);
    }
    if let Some(organ) = adopted_by {
        let short = organ.trim_start_matches("UN ");
        if !out.meta.organisations.iter().any(|o| o.contains(short)) {
            out.meta.organisations.insert(0, organ.into());
            out.rules.insert("organisations", rule::UN_ADOPTED);
        }
    }
    if out.meta.kind.is_none() {
        // An article's byline under its title says who wrote it, not that it is a paper
        // (a think tank's commentary, a university's article printed from the web).
        let paper_byline = out.rules.get("authors") != Some(&rule::BYLINE_UNDER_TITLE);
        if let Some(kind) = guess_kind(&labels, &out.meta, &lines, &header, paper_byline) {
            out.meta.kind = Some(kind.to_string());
            out.rules.insert("kind", rule::KIND);
        }
    }
    if let Some(lang) = language {
        out.meta.language = Some(lang);
        out.rules.insert("language", rule::LANGUAGE);
    }
    out.profile.slides = out.meta.kind.as_deref() == Some("presentation");
    out.consumed_lines.sort();
    out.consumed_lines.dedup();
    out
}

/// A title-block line of parts set apart by a middle dot, a bar or a dash, where each part
/// is a byline or a date: the names and the date. `None` unless every part is one.
fn split_block_line(line: &str) -> Option<(Vec<String>, Option<PartialDate>)> {
    let parts: Vec<&str> = line
        .split(['·', '|', '—', '–'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    if parts.len() < 2 {
        return None;
    }
    let mut names = Vec::new();
    let mut date = None;
    for part in parts {
        if let Some((_, d)) = dateline(part) {
            date = date.or(Some(d));
        } else if let Some(b) = byline(part) {
            names.extend(b.names);
        } else {
            return None;
        }
    }
    Some((names, date))
}

/// Join the lines that continue a title: a line starting in lower case, any line after a
/// title ending on a small word, or a title-case line that carries the title on (a title
/// set over two lines, "Bing Systemic Risk / Assessment Report"). Returns the index of the
/// last line taken.
fn continue_title(
    header: &[(usize, &str)],
    mut i: usize,
    title: &mut String,
    out: &mut Extracted,
    rule: &'static str,
) -> usize {
    while let Some(&(m, next)) = header.get(i + 1) {
        // A title ends with its page.
        if next.starts_with('\x0c') {
            break;
        }
        let next = strip_markup(next);
        // Only lines right under the title (no blank line between) carry it on, unless
        // the title stops on a word no title ends with ("RAPPORT FAIT AU NOM DE" / "LA
        // COMMISSION DES LOIS").
        // A short title's last words set apart on the cover ("ETHICS GUIDELINES" / "FOR
        // TRUSTWORTHY AI") go on with it too.
        let short_rest = starts_mid_phrase(&next)
            && title.split_whitespace().count() + next.split_whitespace().count() <= 8;
        // A title that is only its kind ("KONSTYTUCJA" / "RZECZYPOSPOLITEJ POLSKIEJ")
        // goes on over a blank line too.
        let adjacent =
            m == header[i].0 + 1 || ends_mid_phrase(title) || short_rest || is_kind_word(title);
        let address = next.contains("://") || next.starts_with("www.");
        if next.is_empty()
            || !adjacent
            || is_opening_formula(&next)
            || next.ends_with(',')
            || address
        {
            break;
        }
        let continues = starts_lower(&next)
            || ends_mid_phrase(title)
            || (starts_mid_phrase(&next)
                && title.split_whitespace().count() + next.split_whitespace().count() <= 25)
            || is_kind_word(title)
            // Two lines in capitals of one paragraph (no blank line between) are one
            // title wrapped ("FOSTERING THE USE OF TECHNOLOGY TO UPHOLD" / "REGULATORY
            // EFFECTIVENESS IN SUPERVISION ACT").
            || (m == header[i].0 + 1
                && is_all_caps(title)
                && is_all_caps(&next)
                && looks_like_title(&next)
                && !is_generic_label(&next)
                && title.split_whitespace().count() + next.split_whitespace().count() <= 20)
            || (looks_like_title(&next)
                && !is_all_caps(&next)
                && !is_all_caps(title)
                && !is_generic_label(&next)
                && title.split_whitespace().count() + next.split_whitespace().count() <= 20);
        if !continues
            || byline(&next).is_some()
            || dateline(&next).is_some()
            || is_masthead(&next)
            || act_date_line(&next).is_some()
        {
            break;
        }
        title.push(' ');
        title.push_str(&next);
        out.consume(m, "title", rule);
        i += 1;
    }
    i
}

/// Whether the title block's line before `i` is the title's: a line that goes on from the
/// one above ("SUR" / "LA PROPOSITION ...") carries on the title as its subtitle, while one
/// under a masthead's line ("RESTORATION OF THE LAWFUL RIGHTS OF THE PEOPLE'S REPUBLIC" /
/// "OF CHINA IN THE UNITED NATIONS", an agenda item's title) is the rest of that line.
fn follows_the_title(out: &Extracted, header: &[(usize, &str)], i: usize) -> bool {
    i.checked_sub(1).is_some_and(|p| {
        out.consumed_lines
            .iter()
            .any(|c| c.line == header[p].0 && c.field == "title")
    })
}

/// Whether a line of running text (six words or more) stands between the title and
/// title-block line `i`: then line `i` is further down the text, no subtitle (a
/// questions paper's second questioner, under the first question and its answer).
fn text_since_the_title(out: &Extracted, header: &[(usize, &str)], i: usize) -> bool {
    let Some(title_end) = out.title_end() else {
        return false;
    };
    header[..i]
        .iter()
        .filter(|(n, _)| *n > title_end)
        .filter(|(n, _)| !out.consumed_lines.iter().any(|c| c.line == *n))
        .any(|(_, l)| strip_markup(l).split_whitespace().count() >= 6)
}

/// Whether line `n` is a heading (or a line in bold) over a section's text (a list, or a
/// paragraph that runs for words): "BELGIUM" over the questions Belgium sent is the first section, not the
/// document's subtitle.
fn heads_a_section(lines: &[&str], n: usize) -> bool {
    let line = lines[n].trim();
    if !line.starts_with('#') && !is_bold_line(line) {
        return false;
    }
    lines[n + 1..]
        .iter()
        .map(|l| l.trim())
        .find(|l| !l.is_empty())
        .is_some_and(|next| {
            next.starts_with("- ")
                || next.starts_with("* ")
                || (!next.starts_with('#') && next.split_whitespace().count() >= 12)
        })
}

/// Whether line `n` carries on a sentence from the line right above it, which runs for
/// words and stops on a small letter or a comma ("a) ... Apakah tafsiran golongan B40 yang
/// dipersetujui oleh" / "Kerajaan Negeri Selangor dalam program air percuma ini?"): the
/// middle of a sentence is no title.
fn goes_on_from_above(lines: &[&str], n: usize) -> bool {
    let Some(above) = n.checked_sub(1).map(|p| strip_markup(lines[p])) else {
        return false;
    };
    // A line the one above breaks towards (Markdown's backslash at its end: a list
    // item's explanation under it) is more of that block.
    if ends_with_hard_break(lines[n - 1]) {
        return true;
    }
    above.split_whitespace().count() >= 6
        && !lines[n - 1].trim_start().starts_with('#')
        && above
            .chars()
            .last()
            .is_some_and(|c| c.is_lowercase() || c == ',')
}

/// A joined "title" that is really a sentence: it ends like one or runs on too long.
/// Whether the line right under title-block line `i`, or one of the few title-block
/// lines under it, carries on a sentence (starts in lower case and runs for words): then
/// line `i` began that sentence (a letter's "Protecting America's national security and
/// promoting the prosperity of the American people" / "are my top priorities."; or ("The following
/// information is being provided by the FBI, with no guarantees" / a date set beside it /
/// "or warranties, for potential use at the sole discretion of recipients ..."), and is
/// no title.
fn sentence_goes_on_below(header: &[(usize, &str)], i: usize, lines: &[&str]) -> bool {
    let goes_on = |l: &str| {
        let l = strip_markup(l);
        starts_lower(&l)
            && l.split_whitespace().count() >= 6
            && byline(&l).is_none()
            && act_date_line(&l).is_none()
    };
    // The block ends before running text, and the line right under the title that
    // carries its sentence on is often just that.
    let right_under = header
        .get(i)
        .and_then(|(last, _)| lines.get(last + 1))
        .is_some_and(|l| goes_on(l));
    // A line set beside the title (a date) is passed over; a line that starts a sentence
    // of its own, after a heading or a sentence's end or as a numbered paragraph ("1.
    // Since I believe that the Court ...", "Der Anteil der ..." under the title's
    // heading), opens the text, and what carries that sentence on says nothing of the
    // title.
    static NUMBERED: Lazy<Regex> =
        Lazy::new(|| Regex::new(r"^(?:\d{1,3}|[ivx]{1,5}|[a-z])[.)]\s").unwrap());
    let opens_a_sentence = |above: &str, l: &str| {
        let text = strip_markup(l);
        // A title in capitals ends where a line in running case starts ("... SUPERVISION
        // ACT" / "NOVEMBER 1, 2024.—Committed to the Committee ...").
        let after_an_end = above.trim_start().starts_with('#')
            || strip_markup(above).ends_with(['.', '!', '?', ':'])
            || (is_all_caps(&strip_markup(above)) && text.chars().any(char::is_lowercase));
        !starts_lower(&text)
            && text.split_whitespace().count() >= 6
            && (after_an_end || NUMBERED.is_match(&text))
    };
    let below = header.iter().skip(i + 1).take(2);
    let aboves = header.iter().skip(i).map(|(_, l)| *l);
    right_under
        || below
            .zip(aboves)
            .take_while(|((_, l), above)| !opens_a_sentence(above, l))
            .any(|((_, l), _)| goes_on(l))
}

fn reads_as_sentence(s: &str) -> bool {
    let words = s.split_whitespace().count();
    if names_an_address(s) {
        // "Statement by Mr. X, Minister ..., at ...": abbreviations and commas of a title.
        return words > 45;
    }
    // Abbreviations inside a title are no sentence's end ("Garkavyy v. Ukraine").
    static ABBREVIATION: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"\b(?:v|vs|No|no|Nr|nr|Art|art|St|Mr|Mrs|Ms|Dr|Prof|Inc|Ltd|Co|Vol|vol|pp?)\. ")
            .unwrap()
    });
    let unabbreviated = ABBREVIATION.replace_all(s, " ");
    s.ends_with('.')
        || unabbreviated.contains(". ")
        || words > 30
        || (words > 18 && s.matches(", ").count() >= 2)
}

/// Salutations and opening formulas of speeches and letters: never a title.
/// The formulas that open an act's preamble ("Having regard to ...", "Whereas:",
/// "Considérant ce qui suit:"): the act's text, never its title.
fn is_preamble_formula(line: &str) -> bool {
    static PREAMBLE: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"(?i)^(?:whereas\b|having\s+regard\s+to|consid[ée]rant\b|vu\s+(?:le|la|les|l[’'])|considerando\b|visto\b|in\s+erw[äa]gung|gest[üu]tzt\s+auf)").unwrap()
    });
    PREAMBLE.is_match(line.trim())
}

pub fn is_opening_formula(line: &str) -> bool {
    static FORMULA: Lazy<Regex> = Lazy::new(|| {
        Regex::new(
            r"(?ix)^(?:
                (?:mr\.?|mister|madam|madame|mme\.?|ms\.?|monsieur)\s+(?:president|chair|chairman|chairperson|co-chairs?|secretary|speaker|moderator|vice)
              | your\s+(?:excellenc|majest|royal|holiness|highness)
              | (?:excellenc|distinguished|honou?rable|dear|esteemed|ladies|good\s+(?:morning|afternoon|evening)|colleagues|friends)
              | (?:at\s+the\s+outset|allow\s+me|let\s+me|permit\s+me|thank\s+you|i\s+(?:have\s+the\s+honou?r|would\s+like|wish\s+to|am\s+pleased|thank)|it\s+is\s+(?:my|an?)\s)
              | in\s+the\s+name\s+of\s+(?:god|allah)
              | (?:monsieur|madame)\s+(?:le|la)\s+pr[ée]sident | mesdames | excellences | chers?\s+coll[èe]gues
              | (?:señor|señora)\s+president | señoras\s+y\s+señores | excelencias
              | sehr\s+geehrte | meine\s+(?:damen|sehr)
              | (?:estimad[oa]s?|querid[oa]s?|caro|cara|cari|gentile|egregio|prezado|prezada)\s
              | (?:шановн[аийіе]\w*|уважаем\w*|дорог\w*|вельмишановн\w*|поважан\w*)\s
              | bismillah
              | dengan\s+rahmat\s+tuhan
              | on\s+behalf\s+of
              | buen[oa]s\s+(?:noches|tardes|d[íi]as)\b | bonsoir\b | bonjour\b | guten\s+(?:abend|morgen|tag)\b
              | bo[ma]\s+(?:noite|tarde|dia)\b | buona\s+sera\b | buongiorno\b
              | (?:queridos|queridas)\s+compatriotas | chers\s+compatriotes | liebe\s+mitb[üu]rger
            )",
        )
        .unwrap()
    });
    FORMULA.is_match(line.trim())
}

/// The words that end a speech, or greet its hearers, set alone on a line: "Thank you.",
/// "Je vous remercie de votre attention.", "Muchas gracias", "Amigos y amigas:". A speech
/// sets them large or bold as it does its headings; they head no section.
pub fn is_speech_formula(line: &str) -> bool {
    static CLOSING: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"(?i)^(?:thank\s+you|thanks|je\s+vous\s+remercie|merci|muchas\s+gracias|gracias|muito\s+obrigad[oa]|obrigad[oa]|vielen\s+dank|danke|grazie|спасибо|дякую|شكرا|amig[oa]s\s+y\s+amig[oa]s|compatriotas|chers\s+amis|liebe\s+freunde)\b").unwrap()
    });
    let t = strip_markup(line);
    let t = t.trim().trim_start_matches(['¡', '«', '"', '“']);
    t.split_whitespace().count() <= 12 && (CLOSING.is_match(t) || is_opening_formula(t))
}

/// Lowercase letters and digits only: "WORLDWIDE THREAT\nAssessment" and "Worldwide
/// Threat Assessment" compare equal.
pub(crate) fn alnum_lower(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// "Austria, Belgium, ... : draft resolution": the sponsors of a UN draft resolution
/// or decision.
fn is_draft_line(line: &str) -> bool {
    static DRAFT: Lazy<Regex> =
        Lazy::new(|| Regex::new(&[r"(?i):\s+", DRAFT_OF, "$"].concat()).unwrap());
    DRAFT.is_match(line.trim())
}

/// What a UN draft's sponsors line ends with, in English, French and Spanish.
const DRAFT_OF: &str = r"(?:revised\s+)?(?:draft\s+(?:resolution|decision)|projet\s+de\s+(?:résolution|décision)|proyecto\s+de\s+(?:resolución|decisión))";

/// Lines of a UN document's masthead and symbol block: they say who issued it, not what
/// it is called ("United Nations", "General Assembly Distr.: General 5 December 2025",
/// "A/RES/80/16", "Eightieth session Agenda item 94 ...", "[on the report of ...]").
pub fn is_masthead(line: &str) -> bool {
    static MASTHEAD: Lazy<Regex> = Lazy::new(|| {
        Regex::new(&[
            r"(?x)^(?:
                (?i:United\s+Nations|Nations\s+Unies|Naciones\s+Unidas)
              | (?i:General\s+Assembly|Security\s+Council|Economic\s+and\s+Social\s+Council|Human\s+Rights\s+Council|Assemblée\s+générale|Conseil\s+de\s+sécurité|Asamblea\s+General|Consejo\s+de\s+Seguridad)(?:\s+Distr\..*|\b.*\bsession\b.*)?
              | (?i:Distr\.):?.*
              | (?:(?i:General|Limited|Restricted)\s+)?[A-Z]{1,2}(?:/[A-Z0-9.-]+){2,}(?:\s.*)?
              | (?i:General|Limited|Restricted)
              | Agenda\s+items?\s+\d.*
              | \[(?:on\s+the\s+report|without\s+reference).*
              | (?:Resolution|Decision)\s+adopted\s+by\s+the\s+.*
              | (?:Résolution|Décision)\s+adoptée\s+par\s+.*
              | (?:Resolución|Decisión)\s+aprobada\s+por\s+.*
              | (?i:Original):\s+\p{L}+
              | (?i:United|Nations|Unies|Unidas|Naciones|Assembly|Assemblée|Asamblea)
              | (?i:English|French|Spanish|Russian|Chinese|Arabic|Français|Francais|Español|Espanol|Русский|Deutsch|Português|Portugues)
              | 中文 | العربية
              | (?i:(?:first|second|third|fourth|fifth)\s+section|grand\s+chamber|(?:premi[èe]re|deuxi[èe]me|troisi[èe]me|quatri[èe]me|cinqui[èe]me)\s+section|grande\s+chambre|(?:первая|вторая|третья|четвертая|четвёртая|пятая)\s+секция|большая\s+палата|(?:перша|друга|третя|четверта|п[’']ята)\s+секція|велика\s+палата)
              | (?i:(?:the\s+)?(?:Supreme|Constitutional|High|Federal)\s+Court(?:\s+of\s+(?:the\s+)?\p{L}+(?:\s+\p{L}+){0,4})?|Court\s+of\s+(?:Appeals?|Justice|Cassation)(?:\s+\p{L}+){0,6}|Cour\s+(?:de\s+cassation|constitutionnelle|supr[êe]me|d[’']appel)(?:\s+\p{L}+){0,4}|Conseil\s+d[’'][ÉE]tat(?:\s*[–-]\s*\p{L}+(?:\s+\p{L}+){0,3})?|Tribunal\s+(?:Supremo|Constitucional|Supremo\s+Federal)(?:\s+\p{L}+){0,3}|Bundesverfassungsgericht|Bundesgerichtshof|Corte\s+(?:Suprema|Costituzionale|Constitucional)(?:\s+\p{L}+){0,4})
              | (?i:\p{L}+\s+term,?\s+\d{4})
              | (?i:\((?:slip|bench)\s+opinion\))
              | (?i:European\s+Court\s+of\s+Human\s+Rights|Cour\s+européenne\s+des\s+droits\s+de\s+l[’']homme|Европейский\s+суд\s+по\s+правам\s+человека|Європейський\s+суд\s+з\s+прав\s+людини)
              | (?i:République|Republique|Republic|República|Repubblica|Kingdom|Royaume|Reino|Bundesrepublik|Federal\s+Republic)(?:\s+[^\s:]+){0,4}
              | (?:\p{Lu}\p{L}+\s+)?(?i:Assemblée\s+nationale|National\s+Assembly|Asamblea\s+Nacional|S[ée]nat|Senate|Senado|House\s+of\s+(?:Commons|Lords|Representatives)|Bundestag|Bundesrat|Parliament|Parlement|Parlamento|Parlament|Congress|Congreso|Chambre\s+des\s+(?:députés|représentants)|(?:Tweede|Eerste)\s+Kamer(?:\s+der\s+Staten-Generaal)?|Staten-Generaal)(?:\s+(?i:of|du|de|de\s+la|des|del)\s+\p{L}+(?:\s+\p{L}+)?|\s+\p{Ll}+)?
              | (?i:[\p{L}\d]+\s+)?(?i:l[ée]gislature|legislatura|legislature)(?:\s+.{0,40})?
              | \d{1,3}(?i:st|nd|rd|th|d)\s+(?i:congress)(?:\s+\p{Lu})?
              | (?i:original\s+format|source\s+format|converted\s+from)\s*:.*
              | (?i:(?:senate|house|joint)\s+)?(?i:(?:select|standing|permanent|special)\s+)?(?i:sub)?(?i:committee)\s+(?i:on)\s+\p{Lu}\p{L}*(?:\s+(?:and\s+)?\p{Lu}\p{L}*){0,4}
              | (?i:(?:lembaran|berita)\s+negara(?:\s+republik\s+indonesia)?)
              | (?i:Presid[êe]ncia\s+da\s+Rep[úu]blica|Presidencia\s+de\s+la\s+(?:Rep[úu]blica|Naci[óo]n)|Pr[ée]sidence\s+de\s+la\s+R[ée]publique|Presidenza\s+della\s+Repubblica|Casa\s+Civil|Secretaria-Geral|Secretar[íi]a\s+General|Secr[ée]tariat\s+g[ée]n[ée]ral|General\s+Secretariat|Subchefia\s+para\s+Assuntos\s+Jur[íi]dicos)
              | \d(?i:st|nd|rd|th|d)\s+(?i:session)
              | (?i:European\s+Union|Council\s+of\s+the\s+European\s+Union|European\s+Commission|(?:the\s+)?European\s+Parliament\s+(?:and\s+)?the\s+Council)
              | (?i:(?:premi[èe]re|deuxi[èe]me|seconde|first|second)?\s*session\s+(?:ordinaire|extraordinaire|unique|ordinary|extraordinary|special)\b.{0,40})
              | \p{Lu}[\p{L}']*(?:\s+\p{L}[\p{L}']*){0,2}(?:\s*[-–—]\s*\p{Lu}[\p{L}']*(?:\s+\p{L}[\p{L}']*){0,2}){2,}
              | (?:First|Second|Third|Fourth|Fifth|Sixth)\s+Committee|(?:Première|Deuxième|Troisième|Quatrième|Cinquième|Sixième)\s+Commission|(?:Primera|Segunda|Tercera|Cuarta|Quinta|Sexta)\s+Comisión
              | (?i:Official\s+(?:Gazette|Journal)|Journal\s+officiel|Bolet[íi]n\s+Oficial|Gazzetta\s+Ufficiale|Di[áa]rio\s+Oficial|Bundesgesetzblatt|Staatsblad|Moniteur\s+belge|الجريدة\s+الرسمية|اجلريدة\s+الرسمية|الوقائع\s+المصرية)\b.*
              | (?i:page|p[áa]gina|seite|страница)(?:\s+\d.*)?
              | \d+\s*(?i:de|of|von|di|sur|из|/)\s*\d+
              | \d+\s+CFR\s+Parts?\s+[\d,\sand]+
              | \[?Docket\s+(?:No\.|Number).*
              | RIN\s+\d{4}[-–][A-Z0-9]{4}
              | .+:\s+",
            DRAFT_OF,
            r"
            )$",
        ]
        .concat())
        .unwrap()
    });
    let line = line.trim();
    MASTHEAD.is_match(line)
        || is_agency_letterhead(line)
        || is_session_line(line)
        || is_un_job_number(line)
}

/// A government department's name alone on a line ("DEPARTMENT OF TRANSPORTATION",
/// "Federal Aviation Administration", "Ministère de l’Europe et des Affaires étrangères"):
/// the letterhead over a document, not its title.
fn is_agency_letterhead(line: &str) -> bool {
    static AGENCY: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"(?x)^(?:
            (?i:department|ministry|minist[èe]re|ministerio|minist[ée]rio|ministerium|bundesministerium|government|gouvernement|gobierno|governo)
              \s+(?i:of|for|de|des|du|del|da|do|der|f[üu]r)\s+(?:(?i:the|la)\s+|l[’'])?\p{Lu}[\p{L}’'-]*,?(?:\s+[\p{L}’'-]+,?){0,5}
          | (?:\p{Lu}[\p{L}.]*\s+){1,5}(?:Administration|Agency|Office|Bureau|Commission|Secretariat|Authority|Centre|Center|ADMINISTRATION|AGENCY|OFFICE|BUREAU|COMMISSION|SECRETARIAT|AUTHORITY|CENTRE|CENTER)
        )$").unwrap()
    });
    const DOCUMENT_WORDS: &[&str] = &[
        "strategy",
        "report",
        "plan",
        "review",
        "summary",
        "guidance",
        "policy",
        "framework",
        "rapport",
        "stratégie",
        "informe",
        "estrategia",
        "bericht",
        "strategie",
        "budget",
    ];
    AGENCY.is_match(line)
        && !line
            .split_whitespace()
            .any(|w| DOCUMENT_WORDS.contains(&w.to_lowercase().as_str()))
}

/// "80/16. Open-ended working group on ..." -> the title after the resolution number.
fn un_resolution_title(line: &str) -> Option<&str> {
    static NUMBERED: Lazy<Regex> =
        Lazy::new(|| Regex::new(r"^(?:[A-Z]{1,3}-)?\d{1,3}/\d{1,4}\.\s+(\S.{3,})$").unwrap());
    NUMBERED
        .captures(line)
        .and_then(|c| c.get(1))
        .map(|m| m.as_str())
}

/// A UN adoption formula's day and the organ it names ("Resolution adopted by the General
/// Assembly on 1 December 2025"; "Decision adopted by the Human Rights Council on 2 July
/// 2025": the Council, never the General Assembly).
fn un_adopted(lines: &[&str]) -> Option<(PartialDate, Option<&'static str>)> {
    static ADOPTED: Lazy<Regex> = Lazy::new(|| {
        Regex::new(&format!(
            r"(?i)(?:\b(?:resolution|decision)\s+adopted\s+by\s+the\s+(?P<en>[\p{{L}} ]+?)\s+on|r[ée]solution\s+adopt[ée]e\s+par\s+(?:l[’']|le\s+|la\s+)(?P<fr>[\p{{L}} ]+?)\s+le|resoluci[óo]n\s+aprobada\s+por\s+(?:la|el)\s+(?P<es>[\p{{L}} ]+?)\s+el)\s+(?P<day>\d{{1,2}}(?:er)?(?:\s+de)?\s+{MONTH_RE}(?:\s+de)?\s+\d{{4}})"
        ))
        .unwrap()
    });
    // The Security Council's formula opens its line and names the meeting: "Adopted by
    // the Security Council at its 9872nd meeting, on" / "3 March 2025".
    static AT_MEETING: Lazy<Regex> = Lazy::new(|| {
        Regex::new(&format!(
            r"(?i)^adopted\s+by\s+the\s+(?P<en>[\p{{L}} ]+?)\s+at\s+its\s+\S+\s+meeting,?\s+on\s+(?P<day>\d{{1,2}}\s+{MONTH_RE}\s+\d{{4}})"
        ))
        .unwrap()
    });
    let mut joined = String::new();
    lines.iter().enumerate().take(60).find_map(|(n, l)| {
        let opening = strip_markup(l);
        let c = match ADOPTED.captures(l) {
            Some(c) => c,
            None => {
                // The day may be on the line under the formula.
                let next = lines[n + 1..]
                    .iter()
                    .find(|x| !x.trim().is_empty())
                    .map_or(String::new(), |x| strip_markup(x));
                joined = format!("{opening} {next}");
                AT_MEETING.captures(&joined)?
            }
        };
        let date = dateline(&c["day"]).map(|(_, d)| d)?;
        let organ = ["en", "fr", "es"]
            .iter()
            .find_map(|g| c.name(g))
            .and_then(|m| un_organ(m.as_str()));
        Some((date, organ))
    })
}

/// The UN organ a formula names, in English, French or Spanish.
fn un_organ(name: &str) -> Option<&'static str> {
    let n = name.to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| n.contains(w));
    if has(&["general assembly", "assemblée générale", "asamblea general"]) {
        Some("UN General Assembly")
    } else if has(&[
        "human rights council",
        "conseil des droits de l",
        "consejo de derechos humanos",
    ]) {
        Some("UN Human Rights Council")
    } else if has(&[
        "security council",
        "conseil de sécurité",
        "consejo de seguridad",
    ]) {
        Some("UN Security Council")
    } else if has(&[
        "economic and social council",
        "conseil économique et social",
        "consejo económico y social",
    ]) {
        Some("UN Economic and Social Council")
    } else {
        None
    }
}

/// The document's date, from the strongest evidence of its role: a UN adoption formula,
/// a dateline or date in the title block, the lead sentence of an event report ("On 8
/// November 2019, the OSCE organized ..."), a closing dateline ("Paris, 12th of November,
/// 2018"), a UN distribution date. Never a date quoted elsewhere in the prose.
fn find_dates(
    lines: &[&str],
    header: &[(usize, &str)],
    opening: &str,
    adopted: Option<PartialDate>,
    out: &mut Extracted,
) {
    if let Some(date) = adopted {
        out.meta.date = Some(date);
        out.meta.end_date = None;
        out.rules.insert("date", rule::UN_ADOPTED);
        out.consumed_lines.retain(|c| c.field != "date");
        out.meta.kind.get_or_insert_with(|| "resolution".into());
        out.rules.insert("kind", rule::UN_ADOPTED);
        return;
    }
    if let Some(date) = decided_on(lines) {
        out.meta.date = Some(date);
        out.meta.end_date = None;
        out.rules.insert("date", rule::DECIDED);
        out.consumed_lines.retain(|c| c.field != "date");
        return;
    }
    let dateline = header_datelines(header);
    if out.meta.date.is_none() {
        if let Some((start, end)) = event_lead_date(opening) {
            out.meta.date = Some(start);
            out.meta.end_date = end;
            out.rules.insert("date", rule::EVENT_LEAD);
            if end.is_some() {
                out.rules.insert("end_date", rule::EVENT_LEAD);
            }
        } else if let Some((_, date)) = &dateline {
            out.meta.date = Some(*date);
            out.rules.insert("date", rule::DATELINE);
        }
    }
    // "Singapore, 27 November 2024 - At the invitation of ...": a statement's dateline
    // opening its first paragraph, with the year.
    let dateline = dateline.or_else(|| {
        let (place, date) = opening_dateline(opening)?;
        if out.meta.date.is_none() {
            out.meta.date = Some(date);
            out.rules.insert("date", rule::DATELINE);
        }
        Some((place, date))
    });
    if out.meta.place.is_none() {
        if let Some(place) = dateline.and_then(|(p, _)| p) {
            out.meta.place = Some(place);
            out.rules.insert("place", rule::DATELINE);
        }
    }
    if out.meta.date.is_none() {
        if let Some(date) = dated_line_under_title(lines, out) {
            out.meta.date = Some(date);
            out.rules.insert("date", rule::UNDER_TITLE);
        }
    }
    if out.meta.date.is_none() {
        if let Some(date) = adopted_on_line(lines) {
            out.meta.date = Some(date);
            out.rules.insert("date", rule::ADOPTED_ON);
        }
    }
    if out.meta.date.is_none() {
        if let Some((place, date)) = closing_dateline(lines) {
            out.meta.date = Some(date);
            out.rules.insert("date", rule::CLOSING_DATELINE);
            if out.meta.place.is_none() && place.is_some() {
                out.meta.place = place;
                out.rules.insert("place", rule::CLOSING_DATELINE);
            }
        }
    }
    if out.meta.date.is_none() {
        if let Some(date) = labelled_date(lines) {
            out.meta.date = Some(date);
            out.rules.insert("date", rule::LABELLED_DATE);
        }
    }
    if out.meta.date.is_none() {
        if let Some(date) = date_heading(lines) {
            out.meta.date = Some(date);
            out.rules.insert("date", rule::DATE_HEADING);
        }
    }
    if out.meta.date.is_none() {
        if let Some(date) = un_distribution_date(lines) {
            out.meta.date = Some(date);
            out.rules.insert("date", rule::UN_DISTRIBUTED);
        }
    }
}

/// The day a line right under the title says the document was made: "at the ministerial
/// meeting during Estonian Presidency of the Council of the EU on 6 October 2017" under a
/// declaration's title, "Presented at the OSCE Conference, Vienna, 8 November 2019". A
/// phrase, not a sentence of the text.
fn dated_line_under_title(lines: &[&str], out: &Extracted) -> Option<PartialDate> {
    static ON_A_DAY: Lazy<Regex> = Lazy::new(|| {
        Regex::new(&format!(
            r"(?i)(?:\b(?:on|of|le|el|am|del|du|vom|op|il)\s+|,\s*|^)(\d{{1,2}}(?:er|º|st|nd|rd|th)?\.?\s+{MONTH_RE}\s+\d{{4}})\.?$"
        ))
        .unwrap()
    });
    let title_end = out.title_end()?;
    lines
        .iter()
        .skip(title_end + 1)
        .map(|l| strip_markup(l))
        .filter(|l| !l.is_empty())
        .take(2)
        .find_map(|l| {
            if let Some(day) = act_date_line(&l).or_else(|| cjk_date(&l)) {
                return Some(day);
            }
            if l.split_whitespace().count() > 30 || reads_as_sentence(&l) {
                return None;
            }
            let day = without_day_suffix(&ON_A_DAY.captures(&l)?[1]);
            written_date(&day).filter(|d| d.day.is_some())
        })
}

/// The line under a parliament's or a council's title that says what was adopted, by
/// whom and on what day: "European Parliament legislative resolution of 13 March 2024 on
/// the proposal ...", "Council conclusions of 22 May 2023 on ...", "Résolution du
/// Parlement européen du 20 octobre 2020 ...". Only among the first page's first lines.
fn adopted_on_line(lines: &[&str]) -> Option<PartialDate> {
    static ADOPTED: Lazy<Regex> = Lazy::new(|| {
        Regex::new(&format!(
            r"(?i)^(?:[\p{{L}}’'-]+\s+){{0,6}}(?:resolution|decision|conclusions|recommendation|declaration|opinion|position|résolution|décision|recommandation|avis|resolución|decisión|recomendación|entschließung|beschluss|empfehlung|risoluzione|decisione|resolutie|besluit)\s+(?:[\p{{L}}’'-]+\s+){{0,4}}?(?:of|du|de|del|vom|van|della|des)\s+(\d{{1,2}}(?:er|º)?\.?\s+{MONTH_RE}\s+\d{{4}})\b"
        ))
        .unwrap()
    });
    let date = lines
        .iter()
        .map(|l| strip_markup(l))
        .filter(|l| !l.is_empty())
        .take(12)
        .find_map(|l| ADOPTED.captures(&l).map(|c| without_day_suffix(&c[1])))?;
    dateline(&date).map(|(_, d)| d).filter(|d| d.day.is_some())
}

/// The lead of an event report opens with the event's date: "On 8 November 2019, ...",
/// "From 28 February to 2 March 2023, UNOCT/UNCCT held ...". The date must open the
/// first sentence and the sentence must say something took place.
fn event_lead_date(opening: &str) -> Option<(PartialDate, Option<PartialDate>)> {
    static EVENT: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"\b(organi[sz]ed|co-organi[sz]ed|held|convened|hosted|took place|met|gathered|brought together)\b").unwrap()
    });
    static LEAD: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"^(?:(?:On|From|Between|Over|During)\s+(?:the\s+)?)?\d{1,2}\b").unwrap()
    });
    let first = opening.split(". ").next()?;
    if !LEAD.is_match(first) || !EVENT.is_match(first) {
        return None;
    }
    find_date_range(first)
}

/// A dateline among the last lines: "Paris, 12th of November, 2018", "Done at Geneva on
/// 5 May 2021".
fn closing_dateline(lines: &[&str]) -> Option<(Option<String>, PartialDate)> {
    static DONE_AT: Lazy<Regex> = Lazy::new(|| {
        Regex::new(&format!(
            r"^(?:Done|Adopted|Signed|Issued)\s+(?:at|in)\s+([\p{{Lu}}][\p{{L}} .'-]*?),?\s+(?:on\s+(?:the\s+)?)?(\d{{1,2}}(?:st|nd|rd|th)?(?:\s+(?:day\s+)?of)?\s+{MONTH_RE},?\s+\d{{4}})\.?$"
        ))
        .unwrap()
    });
    let at_the_end = lines
        .iter()
        .rev()
        .map(|l| strip_markup(l))
        .filter(|l| !l.is_empty())
        .take(6)
        .find_map(|l| {
            let l = l.trim_end_matches('.');
            if let Some(c) = DONE_AT.captures(l) {
                let (_, date) = dateline(&c[2])?;
                return Some((Some(place_name(&c[1])), date));
            }
            if let Some(found) = day_then_place(l) {
                return Some(found);
            }
            dateline(l).filter(|(p, d)| p.is_some() && d.day.is_some())
        });
    // A declaration's dateline may close its text before a back cover's pages ("Paris,
    // 12th of November, 2018" over a page of "Support the Paris Call ..."): a line set
    // apart that is a place and a day and nothing else.
    let before_a_back_cover = || {
        let start = lines.len().saturating_sub(BACK_COVER_LINES);
        (start.max(1)..lines.len())
            .rev()
            .filter(|&n| lines[n - 1].trim().is_empty())
            .find_map(|n| {
                let l = strip_markup(lines[n]);
                let l = l.trim_end_matches('.');
                day_then_place(l)
                    .or_else(|| dateline(l).filter(|(p, d)| p.is_some() && d.day.is_some()))
            })
    };
    at_the_end.or_else(before_a_back_cover)
}

/// "Le 28 septembre 2016, à Paris", "El 12 de abril de 2024, en Madrid": the day, then
/// the place, as a French or Spanish signatory writes it over the signature.
fn day_then_place(line: &str) -> Option<(Option<String>, PartialDate)> {
    static DAY_THEN_PLACE: Lazy<Regex> = Lazy::new(|| {
        Regex::new(&format!(
            r"^(?:Le|le|El|el)\s+(?P<day>\d{{1,2}}(?:er|º)?\s+(?:de\s+)?{MONTH_RE}\s+(?:de\s+)?\d{{4}}),?\s+(?:à|a|en)\s+(?P<place>\p{{Lu}}[\p{{L}}'’ -]{{1,40}})$"
        ))
        .unwrap()
    });
    let c = DAY_THEN_PLACE.captures(line)?;
    let (_, date) = dateline(&without_day_suffix(&c["day"]))?;
    Some((Some(place_name(&c["place"])), date))
}

/// How many lines at a text's end a back cover may take, after a closing dateline.
const BACK_COVER_LINES: usize = 30;

/// A news article's dateline, opening its first paragraph: "San José, 21 Abr (Elpaís.cr).-
/// El Gobierno ...", "WASHINGTON, Dec. 4 (Reuters) - ...", "PARIS, 12 mars (AFP) -". Gives
/// the place and the day as (month, day): wire copy prints no year.
pub fn news_dateline(opening: &str) -> Option<(String, (u8, u8))> {
    static NEWS: Lazy<Regex> = Lazy::new(|| {
        Regex::new(
            r"^(\p{Lu}[\p{L}.'-]*(?:\s+(?:(?:de|del|da|do|des|di|la|le|el|am|an|sur|upon)\s+)?\p{Lu}[\p{L}.'-]*){0,3}),\s+(?:(\d{1,2})\.?\s+(?:de\s+)?(\p{L}{3,10})\.?|(\p{L}{3,10})\.?\s+(\d{1,2}))(?:,?\s+\d{4})?\s*(?:\([^()]{2,40}\))?\s*\.?\s*[-–—]\s",
        )
        .unwrap()
    });
    let c = NEWS.captures(opening)?;
    let (day, month) = match (c.get(2), c.get(5)) {
        (Some(d), _) => (d.as_str(), c.get(3)?.as_str()),
        (None, Some(d)) => (d.as_str(), c.get(4)?.as_str()),
        _ => return None,
    };
    let month = month_number(month).or_else(|| month_abbreviation(month))?;
    let day: u8 = day.parse().ok()?;
    let date = PartialDate::parse(&format!("2000-{month:02}-{day:02}"))?;
    Some((place_name(&c[1]), (date.month?, date.day?)))
}

/// The place and full date a first paragraph opens on before a dash ("Singapore, 27
/// November 2024 - At the invitation of ...", "Geneva, 8 May 2019 — The Council ...").
fn opening_dateline(opening: &str) -> Option<(Option<String>, PartialDate)> {
    static DASH: Lazy<Regex> = Lazy::new(|| Regex::new(r"\s+(?:-|–|—|--)\s+\p{Lu}").unwrap());
    let head = &opening[..DASH.find(opening)?.start()];
    if head.chars().count() > 60 {
        return None;
    }
    dateline(head).filter(|(_, d)| d.day.is_some())
}

/// The place a news story's first sentence opens on, without a date: "LONDON — After
/// nearly 20 years ...", "WASHINGTON (Reuters) - ...", "دمشق، سوريا (CNN) -- ...". A
/// Latin place is in capitals (up to three words, a country after a comma); a place in
/// another script needs the agency in brackets after it. A label in capitals ("UPDATE —")
/// is no place.
fn news_place(opening: &str) -> Option<String> {
    static CAPITALS: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"^(\p{Lu}{3,}(?:[ .'-]+\p{Lu}{2,}){0,2}(?:,\s+\p{Lu}[\p{L}.]+(?:\s+\p{Lu}[\p{L}.]+)?)?)\s*(?:\([^()]{2,30}\)\s*)?(?:—|–|--|-)\s+\p{Lu}").unwrap()
    });
    static AGENCY: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"^([\p{L}]+(?:[ ،,]+[\p{L}]+){0,3})\s*\([^()]{2,30}\)\s*(?:—|–|--|-)\s+\S")
            .unwrap()
    });
    const LABELS: &[&str] = &[
        "UPDATE",
        "UPDATED",
        "BREAKING",
        "EXCLUSIVE",
        "NOTE",
        "EDITOR",
        "WATCH",
        "OPINION",
        "ANALYSIS",
        "LIVE",
        "VIDEO",
        "PHOTOS",
        "CORRECTION",
        "FACT",
        "CHECK",
        "REVIEW",
    ];
    let opening = opening.trim_start_matches(['*', ' ']);
    let latin = |p: &str| p.chars().any(|c| c.is_ascii_alphabetic());
    let place = match CAPITALS.captures(opening) {
        Some(c) => c.get(1)?.as_str().trim().to_string(),
        None => {
            let c = AGENCY.captures(opening)?;
            let p = c.get(1)?.as_str().trim();
            if latin(p) {
                return None;
            }
            p.to_string()
        }
    };
    let first = place.split([' ', ',', '،']).next().unwrap_or("");
    if LABELS.contains(&first) {
        return None;
    }
    Some(
        if place.chars().any(char::is_lowercase) || !place.is_ascii() {
            place
        } else {
            place_name(&place)
        },
    )
}

/// The months as newspapers abbreviate them in Spanish, Portuguese, French, German and
/// Italian ("Abr", "janv.", "Okt."); only read after a dateline's place and day.
fn month_abbreviation(name: &str) -> Option<u8> {
    const ABBREVIATIONS: &[(&[&str], u8)] = &[
        (&["ene", "janv", "jän", "gen"], 1),
        (&["fev", "févr", "fevr", "febr"], 2),
        (&["mär", "mrz"], 3),
        (&["abr", "avr"], 4),
        (&["mag"], 5),
        (&["giu"], 6),
        (&["juil", "lug"], 7),
        (&["ago"], 8),
        (&["set"], 9),
        (&["out", "okt", "ott"], 10),
        (&["dic", "déc", "dez"], 12),
    ];
    let n = name.to_lowercase();
    let n = n.trim_end_matches('.');
    ABBREVIATIONS
        .iter()
        .find(|(names, _)| names.contains(&n))
        .map(|(_, month)| *month)
}

/// "tenue le 20 juin, à 16h00", "Delivered on 12 March": a day and month with no year
/// after them, as (month, day).
fn day_and_month(line: &str) -> Option<(u8, u8)> {
    static DAY_MONTH: Lazy<Regex> = Lazy::new(|| {
        Regex::new(&format!(
            r"\b(?:(\d{{1,2}})(?:er|st|nd|rd|th|º|\.)?\s+(?:(?:of|de)\s+)?{MONTH_RE}|{MONTH_RE}\s+(\d{{1,2}})(?:st|nd|rd|th)?)\b"
        ))
        .unwrap()
    });
    static YEAR_AFTER: Lazy<Regex> =
        Lazy::new(|| Regex::new(r"^,?\s*(?:(?:de|of)\s+)?\d{4}\b").unwrap());
    DAY_MONTH.captures_iter(line).find_map(|c| {
        let end = c.get(0)?.end();
        if YEAR_AFTER.is_match(&line[end..]) {
            return None;
        }
        // Groups: "20 juin" is (1 day, 2 month), "June 20" is (3 month, 4 day).
        let (day, month) = match (c.get(1), c.get(4)) {
            (Some(d), _) => (d.as_str(), c.get(2)?.as_str()),
            (None, Some(d)) => (d.as_str(), c.get(3)?.as_str()),
            _ => return None,
        };
        let day: u8 = day.parse().ok()?;
        PartialDate::parse(&format!("2000-{:02}-{day:02}", month_number(month)?))
            .and_then(|d| Some((d.month?, d.day?)))
    })
}

/// "REGULATION (EU) 2016/679 OF THE EUROPEAN PARLIAMENT AND OF THE COUNCIL of 27 April
/// 2016 on ...", "Loi n° 2016-1321 du 7 octobre 2016 pour ...": an act's title names the
/// day it was adopted, which is its date.
pub fn act_date(title: &str) -> Option<PartialDate> {
    static ACT: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"(?i)^\W*(?:regulation|directive|decision|council decision|act|law|loi|décret|decret|ordonnance|arrêté|ley|lei|decreto|legge|gesetz|verordnung|richtlinie|beschluss|ustawa|konstytucja|constitution|constitución|constituição)\b").unwrap()
    });
    static ADOPTED_ON: Lazy<Regex> = Lazy::new(|| {
        Regex::new(&format!(
            r"(?i:\b(?:of|du|del|de|vom|z\s+dnia)\s+)(\d{{1,2}}(?:er|º)?\.?\s+(?i:de\s+)?{MONTH_RE}\s+(?i:de\s+)?\d{{4}})"
        ))
        .unwrap()
    });
    if !ACT.is_match(title) {
        return None;
    }
    let c = ADOPTED_ON.captures(title)?;
    // "14 DE AGOSTO DE 2018", in a title set in capitals.
    static DE: Lazy<Regex> = Lazy::new(|| Regex::new(r"\bDE\b").unwrap());
    let date = DE
        .replace_all(&without_day_suffix(&c[1]), "de")
        .into_owned();
    dateline(&date).map(|(_, d)| d).filter(|d| d.day.is_some())
}

/// A day written with its ordinal's mark taken off ("1er janvier 2020", "1º de mayo"), as
/// the day-and-month patterns read it.
fn without_day_suffix(day: &str) -> String {
    day.replace("1er", "1").replace('º', "")
}

/// "Distr.: General 5 December 2025": when a UN document was issued.
fn un_distribution_date(lines: &[&str]) -> Option<PartialDate> {
    static DISTR: Lazy<Regex> = Lazy::new(|| {
        Regex::new(&format!(
            r"Distr\.:?\s+\p{{L}}+\s+(\d{{1,2}}\s+{MONTH_RE}\s+\d{{4}})"
        ))
        .unwrap()
    });
    lines.iter().take(40).find_map(|l| {
        let c = DISTR.captures(l)?;
        dateline(&c[1]).map(|(_, d)| d)
    })
}

/// A date as Chinese and Japanese write it, opening a line: "2017年6月23日 上海市第十四届
/// 人民代表大会常务委员会第三十八次会议通过" (the day a law was adopted, under its title),
/// "（2019年3月1日）".
fn cjk_date(line: &str) -> Option<PartialDate> {
    static CJK: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"^[（(]?\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日").unwrap()
    });
    let c = CJK.captures(line.trim())?;
    day_of(&c[1], &c[2], &c[3])
}

/// The line under an act's title that says when it was made, where the language sets it
/// apart ("z dnia 2 kwietnia 1997 r.", the Polish constitution's): the day.
fn act_date_line(line: &str) -> Option<PartialDate> {
    // Also an annex's cover: "Appendix" / "to the Resolution no. 196" / "of the Council
    // of Ministers" / "of 28 December 2020".
    let line = line.trim();
    let rest = ["z dnia ", "of ", "du ", "del ", "vom "]
        .iter()
        .find_map(|p| line.strip_prefix(p))?;
    dateline(rest).map(|(_, d)| d).filter(|d| d.day.is_some())
}

/// An edition's version and day on a cover ("Version 1.3 - 07.05.2024", "Fassung 2 vom
/// 12.03.2021"): the day, written day first with full stops as in Europe.
fn version_day(line: &str) -> Option<PartialDate> {
    static VERSION: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"(?i)^(?:version|versión|fassung|stand)\s+v?[\d.]+\s*(?:[-–—,]|vom|du|del)\s*(\d{1,2})\.(\d{1,2})\.(\d{4})$").unwrap()
    });
    let c = VERSION.captures(line.trim())?;
    day_of(&c[3], &c[2], &c[1])
}

/// The day that a year's, a month's and a day's figures name, when it is one.
fn day_of(year: &str, month: &str, day: &str) -> Option<PartialDate> {
    let (m, d): (u8, u8) = (month.parse().ok()?, day.parse().ok()?);
    PartialDate::parse(&format!("{year}-{m:02}-{d:02}"))
}

/// The day a title-block line opens with, set off by a dash from what it says happened
/// ("NOVEMBER 1, 2024.—Committed to the Committee of the Whole House", as a congressional
/// report's cover records when it was reported).
fn date_before_a_dash(line: &str) -> Option<PartialDate> {
    let (head, rest) = line.split_once(['—', '–'])?;
    let head = head.trim().trim_end_matches('.');
    let date = written_date(head).filter(|d| d.day.is_some())?;
    rest.trim_start()
        .chars()
        .next()
        .is_some_and(char::is_uppercase)
        .then_some(date)
}

/// A whole string that is a date: "12 November 2018", "12th of November, 2018",
/// "November 12, 2018", "August 2025", "2018-11-12".
pub fn written_date(s: &str) -> Option<PartialDate> {
    let s = s.trim().trim_end_matches('.');
    if let Some((None, d)) = dateline(s) {
        return Some(d);
    }
    PartialDate::parse(s)
        .filter(|_| s.len() >= 4 && s.chars().all(|c| c.is_ascii_digit() || c == '-'))
}

/// People named in one string: "A; B", "A, B & C", "A and B"; a string that does not
/// split into names is one name (an organisation as author stays whole).
pub fn split_people(s: &str) -> Vec<String> {
    // A file's author field may hold the credit line itself ("Prepared by the CyberGreen
    // Institute"): the cue is no part of the name.
    static CUE: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"(?i)^(?:(?:prepared|written|compiled|edited|authored|produced|published|issued)\s+by|by)\s*:?\s+(?:the\s+)?").unwrap()
    });
    let s = s.trim();
    let s = match CUE.find(s) {
        Some(m) if m.end() < s.len() => &s[m.end()..],
        _ => s,
    };
    // Two names set apart by a run of spaces (a file's author field: "Ministério da
    // Ciência, Tecnologia e Inovações  Secretaria de Empreendedorismo e Inovação"), when
    // each is two words or more (a doubled space inside one name is a typo).
    static GAP: Lazy<Regex> = Lazy::new(|| Regex::new(r"\s{2,}").unwrap());
    if !s.contains(';') && GAP.is_match(s) {
        let parts: Vec<&str> = GAP.split(s).map(str::trim).collect();
        if parts.len() > 1 && parts.iter().all(|p| p.split_whitespace().count() >= 2) {
            return parts.into_iter().map(str::to_string).collect();
        }
    }
    if s.contains(';') {
        return s
            .split(';')
            .map(|p| p.trim().to_string())
            .filter(|p| !p.is_empty())
            .collect();
    }
    match person_list(s) {
        Some(names) if names.len() > 1 => names,
        _ if s.is_empty() => Vec::new(),
        _ => vec![s.to_string()],
    }
}

/// The first non-blank lines, up to the first line that reads as running text.
fn header_block<'a>(lines: &[&'a str]) -> Vec<(usize, &'a str)> {
    let mut block = Vec::new();
    let mut non_blank = 0;
    let mut after_agenda = false;
    for (n, line) in lines.iter().enumerate() {
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        // A UN masthead's long lines (the agenda item's title, a draft's sponsors) are
        // part of the title block.
        let masthead = after_agenda || is_masthead(&strip_markup(t));
        // A cover's lines set large may come merged into one long "heading" ("United
        // States Senate PERMANENT SUBCOMMITTEE ... Ranking Member"): passed over, not the
        // end of the title block as a long line of prose is.
        // A speech's title, though, may run long ("Mensaje de la secretaria de Relaciones
        // Exteriores, Alicia Bárcena Ibarra, en el Debate General del 79° periodo ...").
        let address = names_an_address(&strip_markup(t));
        if t.starts_with('#') && t.chars().count() > 160 && !masthead && !address {
            continue;
        }
        let long = t.chars().count() > 160 && !address;
        if (long && !masthead) || non_blank >= HEADER_LINES || is_running_text(t) {
            break;
        }
        after_agenda = is_agenda_item(&strip_markup(t));
        block.push((n, *line));
        // A rule ("---------") under a letterhead takes no room from the title block, nor
        // does a UN masthead (eleven lines over a Human Rights Council report's title).
        if t.chars().any(char::is_alphanumeric) && !masthead {
            non_blank += 1;
        }
    }
    block
}

/// How many non-blank lines at the top of a document (about its first page) may hold a
/// title or a date set apart from the title block.
const FIRST_PAGE_LINES: usize = 40;

/// The headings among the first page's lines: (line number, level, text).
fn first_page_headings<'a>(lines: &[&'a str]) -> Vec<(usize, usize, &'a str)> {
    lines
        .iter()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .take(FIRST_PAGE_LINES)
        .filter_map(|(n, l)| {
            let level = heading_level(l)?;
            Some((n, level, l.trim_start()[level..].trim()))
        })
        .collect()
}

/// The level of a Markdown heading line (its `#` marks before a space), `None` for any
/// other line.
fn heading_level(line: &str) -> Option<usize> {
    let t = line.trim_start();
    let level = t.chars().take_while(|&c| c == '#').count();
    (level > 0 && t[level..].starts_with(' ')).then_some(level)
}

/// Whether a heading a few lines below line `n`, set larger than it, reads as a title: a
/// cover sets its title in its largest type, and what stands above it in smaller type is
/// its issuer, a series label, a logo's words or a language stamp ("INDEPENDENT /
/// HIGH-LEVEL EXPERT GROUP ..." over "ETHICS GUIDELINES FOR TRUSTWORTHY AI",
/// "ITUPublications" over a deliverable's name). Only for text whose heading marks say
/// how large a line is set (a PDF's).
fn larger_title_below(lines: &[&str], n: usize) -> bool {
    /// Non-blank lines between the line and the heading.
    const NEAR: usize = 8;
    // A line that is no heading is set smaller than any heading.
    let own = heading_level(lines[n]).unwrap_or(7);
    first_page_headings(lines)
        .into_iter()
        .filter(|&(m, _, _)| m > n)
        .take_while(|&(m, _, _)| {
            lines[n + 1..m]
                .iter()
                .filter(|l| !l.trim().is_empty())
                .count()
                <= NEAR
        })
        .any(|(_, larger, text)| larger < own && reads_as_cover_title(&strip_markup(text)))
}

/// A publisher's imprint label: "HERAUSGEBER:", "Impressum", "Published by:", "Éditeur :".
fn is_imprint_label(line: &str) -> bool {
    static IMPRINT: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"(?i)^(?:herausgeber(?:in)?|impressum|imprint|published\s+by|publisher|[ée]diteur|editor|redaktion|verlag|editorial)\s*:?$").unwrap()
    });
    IMPRINT.is_match(line.trim())
}

/// A heading that can be a cover's title: two words or more, no section's name, label,
/// masthead or date.
fn reads_as_cover_title(t: &str) -> bool {
    // A line in Han or Hangul letters has no spaces to count words by.
    let words = t.split_whitespace().count();
    (words >= 2
        || (words == 1
            && t.chars().count() >= 6
            && t.chars().any(super::script::is_unspaced_script)))
        && looks_like_title(t)
        && !is_section_name(t)
        && !is_generic_label(t)
        && !is_masthead(t)
        && dateline(t).is_none()
}

/// A document that opens with a notice or a disclaimer ("The following information is
/// provided ...") before its title has no title block: its title is the first heading of
/// the highest level on its first page, when that heading reads like a title (a few
/// words, not a section's name, not a date or a code).
fn top_heading_title(lines: &[&str]) -> Option<(usize, String)> {
    let headings = first_page_headings(lines);
    let top = headings.iter().map(|&(_, level, _)| level).min()?;
    headings
        .iter()
        .filter(|&&(_, level, _)| level == top)
        .map(|&(n, _, text)| (n, strip_markup(text).trim_end_matches('.').to_string()))
        .find(|(_, t)| t.split_whitespace().count() >= 3 && reads_as_cover_title(t))
}

/// A date the first page labels as the document's ("Fecha: 28/11/2012", "Date: 3 May
/// 2021", "Datum: 12.03.2020"). Figures in a day-month order are read so only where the
/// label's language writes them so (Spanish, French, German, Italian, Portuguese,
/// Russian), or where the day cannot be a month; an English "Date: 04/05/2021" is left.
fn labelled_date(lines: &[&str]) -> Option<PartialDate> {
    // The label and its value; the value may be empty: the label alone on its line
    // ("Datum:" in a sidebar) has its value on one of the next two (a line of the text
    // beside it may come between).
    static LABEL: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"(?i)^\**(date|dated|fecha|datum|data|дата)\**\s*:\**\s*(.*?)\\?$").unwrap()
    });
    static NUMERIC: Lazy<Regex> =
        Lazy::new(|| Regex::new(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})\b").unwrap());
    let first: Vec<String> = lines
        .iter()
        .map(|l| strip_markup(l))
        .filter(|l| !l.trim().is_empty())
        .take(FIRST_PAGE_LINES)
        .collect();
    let joined: Vec<String> = first
        .iter()
        .enumerate()
        .map(|(k, l)| {
            let dated = |n: &&String| {
                let t = n.trim();
                written_date(t).is_some() || t.starts_with(|c: char| c.is_ascii_digit())
            };
            let bare = !l.trim().ends_with('\\')
                && LABEL
                    .captures(l.trim())
                    .is_some_and(|c| c[2].trim().is_empty());
            match first.iter().skip(k + 1).take(2).find(dated) {
                Some(next) if bare => format!("{} {}", l.trim(), next.trim()),
                _ => l.clone(),
            }
        })
        .collect();
    // "Adopted on 22/05/2019", "Document made public on 8 April 2019": the day the text
    // says it was adopted or published, on a line of its own; or the day a cover says
    // the text is brought up to ("Aggiornato al 30 Settembre 2018", "Updated as of ...",
    // "Stand: 12. März 2021"), the day of the edition.
    static ADOPTED: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"(?i)^(?:(?:document|text)\s+)?(?:adopted|made\s+public|published|approved|issued)\s+on:?\s+(.+?)\.?$|^(?:adopt[ée]e?|publi[ée]e?|approuv[ée]e?)\s+le\s+(.+?)\.?$|^(?:aprobad[oa]|adoptad[oa]|publicad[oa])\s+el\s+(.+?)\.?$|^(?:last\s+)?updated(?:\s+on|\s+as\s+of)?:?\s+(.+?)\.?$|^(?:date\s+)?published:?\s+(.+?)\.?$|^(?:publication\s+date|date\s+of\s+publication|fecha\s+de\s+publicaci[óo]n|date\s+de\s+publication|ver[öo]ffentlicht(?:\s+am)?):?\s+(.+?)\.?$|^aggiornat[oa]\s+(?:al|il)\s+(.+?)\.?$|^mis\s+à\s+jour\s+le\s+(.+?)\.?$|^actualizad[oa]\s+(?:al|el|a)\s+(.+?)\.?$|^stand:?\s+(.+?)\.?$").unwrap()
    });
    let adopted = first.iter().find_map(|l| {
        let c = ADOPTED.captures(l.trim())?;
        let value = c.iter().skip(1).flatten().next()?.as_str().trim();
        written_date(value).or_else(|| {
            let n = NUMERIC.captures(value)?;
            let (day, month, y): (u8, u8, i32) =
                (n[1].parse().ok()?, n[2].parse().ok()?, n[3].parse().ok()?);
            // Day first, as outside the United States: only when the day tells (over 12).
            (day > 12 && (1..=12).contains(&month) && day <= 31)
                .then(|| PartialDate::ymd(y, month, day))
        })
    });
    if adopted.is_some() {
        return adopted;
    }
    // A court's ruling opens on the day it sat: "The European Court of Human Rights (Fifth
    // Section), sitting on 30 September 2014 as a Chamber ...", "siégeant le ...".
    static SITTING: Lazy<Regex> = Lazy::new(|| {
        Regex::new(&format!(
            r"(?i)\b(?:sitting|siégeant|siegeant)\s+(?:on|le)\s+(\d{{1,2}}(?:er)?\s+{MONTH_RE}\s+\d{{4}})"
        ))
        .unwrap()
    });
    let opening = first.join(" ");
    if let Some(d) = SITTING
        .captures(&opening)
        .and_then(|c| written_date(c.get(1)?.as_str()))
    {
        return Some(d);
    }
    joined.iter().find_map(|line| {
        let c = LABEL.captures(line.trim())?;
        let value = c[2].trim().to_string();
        if value.is_empty() {
            return None;
        }
        if let Some(d) = written_date(&value) {
            return Some(d);
        }
        let n = NUMERIC.captures(&value)?;
        let (a, b, y): (u8, u8, i32) = (n[1].parse().ok()?, n[2].parse().ok()?, n[3].parse().ok()?);
        let day_first = !c[1].eq_ignore_ascii_case("date") && !c[1].eq_ignore_ascii_case("dated");
        let (day, month) = if a > 12 || day_first {
            (a, b)
        } else if b > 12 {
            (b, a)
        } else {
            return None;
        };
        ((1..=12).contains(&month) && (1..=31).contains(&day))
            .then(|| PartialDate::ymd(y, month, day))
    })
}

/// A date set as a heading of its own on the first page ("## 02 JAN 2019", the issue
/// date of an alert or a newsletter) dates the document when no title block or dateline
/// did.
fn date_heading(lines: &[&str]) -> Option<PartialDate> {
    first_page_headings(lines)
        .into_iter()
        .find_map(|(_, _, text)| {
            let t = strip_markup(text);
            dateline(&t)
                .filter(|(place, _)| place.is_none())
                .map(|(_, d)| d)
                // A meeting's notes headed by their day ("# 2024-06-07").
                .or_else(|| written_date(&t).filter(|d| d.day.is_some()))
        })
}

/// "For Immediate Release" and its equivalents: the line that parts a press release's
/// letterhead from its title.
/// A name as a letterhead sets it: two to eight words, each capitalised but for the
/// joining words, no figures ("The White House", "Ministry of Foreign Affairs").
fn is_letterhead_name(line: &str) -> bool {
    let words: Vec<&str> = line.split_whitespace().collect();
    (2..=8).contains(&words.len())
        && !line.chars().any(|c| c.is_ascii_digit())
        && !line.ends_with(['.', ',', ':', ';'])
        && words.iter().enumerate().all(|(k, w)| {
            w.chars().next().is_some_and(char::is_uppercase)
                || (k > 0 && SMALL_WORDS.contains(&w.to_lowercase().as_str()))
        })
}

fn is_release_line(line: &str) -> bool {
    static RELEASE: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"(?i)^(?:for\s+immediate\s+release|immediate\s+release|for\s+release\b.*|embargoed\b.*|pour\s+diffusion\s+imm[ée]diate|para\s+(?:su\s+)?(?:difusi[óo]n|publicaci[óo]n)\s+inmediata|zur\s+sofortigen\s+ver[öo]ffentlichung)\s*:?$").unwrap()
    });
    RELEASE.is_match(line.trim())
}

/// The print job number and barcode a UN document carries at the foot of its first page
/// ("24-05969 (E) 050424", "*2405969*"): the document's file reference, not its text.
pub(crate) fn is_un_job_number(line: &str) -> bool {
    static UN_JOB_NUMBER: Lazy<Regex> = Lazy::new(|| {
        // New York's "25-12345 (E)", Geneva's "GE.25-02819 (E) 210325 210325" (or its number
        // alone), and the barcode's "*2502819*".
        Regex::new(r"^(?:(?:GE\.\d{2}-\d{5}(?:\s*\(\p{Lu}\))?|\d{2}-\d{5}\s*\(\p{Lu}\))(?:\s+\d{6}){0,2}(?:\s+\*\d{7}\*)?|\**\*\d{7}\*\**)$")
        .unwrap()
    });
    UN_JOB_NUMBER.is_match(line)
}

/// A line ending on a backslash that is not itself escaped: Markdown's hard line break.
pub(crate) fn ends_with_hard_break(line: &str) -> bool {
    let t = line.trim_end();
    t.ends_with('\\') && !t.ends_with("\\\\")
}

/// A line set wholly in bold: `**Label**` or `__Label__`.
pub(crate) fn is_bold_line(line: &str) -> bool {
    ["**", "__"].iter().any(|m| {
        line.len() > 4
            && line.starts_with(m)
            && line.ends_with(m)
            && !line[2..line.len() - 2].contains(m)
    })
}

/// "Seventh session", "Fifty-ninth session", "79e Session ordinaire de l'Assemblée
/// générale": a UN body's session, in a masthead.
fn is_session_line(line: &str) -> bool {
    static SESSION: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"^(?:\p{Lu}\p{Ll}+(?:-\p{Ll}+)?\s+session|\d{1,3}(?:e|ème|eme|th|st|nd|rd|ª|º|°|\.)\s+(?i:session|sesión|período\s+de\s+sesiones|sessão|sessione))\b").unwrap()
    });
    SESSION.is_match(line.trim())
}

/// "Agenda item 99 (kk)": the next line of a UN masthead is the agenda item's title, not
/// the document's.
pub(crate) fn is_agenda_item(line: &str) -> bool {
    static AGENDA: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"(?i)^(?:agenda\s+items?|point(?:s)?\s+de\s+l[’']ordre\s+du\s+jour|tema(?:s)?\s+del\s+programa)\s+\d[\w\s(),.and]*$").unwrap()
    });
    AGENDA.is_match(line.trim())
}

/// A sentence that starts the body: long and ending like prose, or a salutation.
fn is_running_text(line: &str) -> bool {
    let l = strip_markup(line);
    let prose = l.ends_with('.') || l.contains(". ");
    (l.chars().count() > 90
        && prose
        && !l.starts_with("Delivered by")
        && !names_an_address(&l)
        && un_resolution_title(&l).is_none())
        || is_opening_formula(&l)
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

/// An HTML tag as CommonMark defines one (ASCII attribute names, values quoted or bare),
/// of an element HTML has: "<Ukraine>", a communiqué's section heading, and "<A" / "𝔞>"
/// across two lines are text. The backslashes before it are captured: after an odd number
/// of them "<" is text.
static HTML_TAG: Lazy<Regex> = Lazy::new(|| {
    const ELEMENTS: &str = "a|abbr|acronym|address|area|article|aside|audio|b|base|basefont|bdi|bdo|big|blink|blockquote|body|br|button|canvas|caption|center|cite|code|col|colgroup|data|datalist|dd|del|details|dfn|dialog|dir|div|dl|dt|em|embed|fieldset|figcaption|figure|font|footer|form|frame|frameset|h[1-6]|head|header|hgroup|hr|html|i|iframe|img|input|ins|kbd|label|legend|li|link|main|map|mark|marquee|menu|meta|meter|nav|nobr|noscript|object|ol|optgroup|option|output|p|param|picture|pre|progress|q|rp|rt|ruby|s|samp|script|section|select|small|source|span|strike|strong|style|sub|summary|sup|svg|table|tbody|td|template|textarea|tfoot|th|thead|time|title|tr|track|tt|u|ul|var|video|wbr";
    Regex::new(&format!(
        r#"(\\*)(</?(?i:{ELEMENTS})(?:\s+[a-zA-Z_:][a-zA-Z0-9_.:-]*(?:\s*=\s*(?:[^\s"'=<>`]+|'[^']*'|"[^"]*"))?)*\s*/?>)"#
    ))
    .unwrap()
});

/// `text` without its HTML tags (see [`HTML_TAG`]), each replaced by `with`.
pub(crate) fn replace_tags<'t>(text: &'t str, with: &str) -> std::borrow::Cow<'t, str> {
    if !text.contains('<') {
        return std::borrow::Cow::Borrowed(text);
    }
    HTML_TAG.replace_all(text, |c: &regex::Captures| {
        let escaped = c[1].len() % 2 == 1;
        if escaped {
            c[0].to_string()
        } else {
            format!("{}{with}", &c[1])
        }
    })
}

/// Remove Markdown and HTML markup from a line: `#`, `**`, `*`, `<sup>`, trailing spaces.
pub fn strip_markup(line: &str) -> String {
    // A Markdown escape ("\[2022\]") is the character it escapes.
    static ESCAPE: Lazy<Regex> = Lazy::new(|| Regex::new(r"\\([!-/:-@\[-`{-~])").unwrap());
    let t = line.trim().trim_start_matches('#').trim();
    let t = replace_tags(t, "");
    let t = t.replace("**", "").replace("__", "");
    let t = t.trim_matches(|c: char| c == '*' || c.is_whitespace());
    // A hard line break's backslash at the end is no character of the line.
    let t = match t.strip_suffix('\\') {
        Some(rest) if !rest.ends_with('\\') => rest.trim_end(),
        _ => t,
    };
    ESCAPE.replace_all(t, "$1").into_owned()
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
        "statement for the record",
        "testimony",
        "written testimony",
        "fact sheet",
        "factsheet",
        "media release",
        "news release",
        "briefing note",
        "background paper",
        "issue brief",
        "position paper",
        "speech",
        "budget speech",
        "address",
        "keynote address",
        "remarks",
        "discours",
        "discurso",
        "rede",
        // The same labels in the other languages of intergovernmental work.
        "nota conceptual",
        "note conceptuelle",
        "note de synthèse",
        "nota informativa",
        "nota de prensa",
        "comunicado de prensa",
        "communiqué de presse",
        "communiqué",
        "comunicado",
        "documento de trabajo",
        "document de travail",
        "document de réflexion",
        "documento de posición",
        "pressemitteilung",
        "positionspapier",
        "hintergrundpapier",
        "nota concettuale",
        "comunicato stampa",
        // A court's ruling, named over the case ("DECISION" / "Application no. ..." /
        // "Petro Yakovych PETLYOVANYY against Ukraine").
        "decision",
        "judgment",
        "judgement",
        "arrêt",
        "décision",
        "sentencia",
        "urteil",
        "sentenza",
        "рішення",
        "решение",
        "постановление",
        "постановление суда",
        // The Official Journal's section over an act.
        "regulations",
        "directives",
        "decisions",
        // The Federal Register's sections over a rule or a notice.
        "rules and regulations",
        "proposed rules",
        "notices",
        "presidential documents",
    ];
    // A label set letter-spaced ("검 토 보 고") is the word.
    let l = line.to_lowercase().replace('’', "'");
    let l = letters_spaced_out(&l).unwrap_or(l);
    // What a Korean, Chinese or Japanese cover sets over or under its title: "검토보고"
    // (review report), "회의록" (minutes), "报告" (report), "報告書".
    const CJK_LABELS: &[&str] = &[
        "검토보고",
        "검토보고서",
        "심사보고서",
        "보고서",
        "회의록",
        "보도자료",
        "报告",
        "报告书",
        "報告書",
        "新闻稿",
        "公告",
        "通知",
    ];
    if CJK_LABELS.contains(&l.as_str()) {
        return true;
    }
    // An audit office's addressee line ("Report to Congressional Requesters", "Testimony
    // Before the Subcommittee on ...") says what the document is, over its title.
    static ADDRESSED: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"^(?:report|testimony|statement)s?\s+(?:to|before)\s+(?:the\s+)?(?:congressional|congress|committee|subcommittee|senate|house|chairman|chairwoman|ranking)\b").unwrap()
    });
    // A series and the document's number in it ("Joint Publication 3-85", "Working Paper
    // No. 12", "Policy Brief 5"), set over the title (never "Annual Report 2023": a
    // year is part of a title).
    static NUMBERED: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"^(?:(?:[\p{L}-]+\s+){0,3}(?:publication|paper|brief|note|series|bulletin)\s+(?:(?:no\.?|n°|number)\s*\d+[\w.-]*|\d+[-.]\d+[\w.-]*|\d{1,3})|\(?(?:applications?|requêtes?|заяв[аи]|жалоба)\s+(?:nos?\.?|n°|№|n)\s*\d+/\d+(?:\s+and\s+\d+/\d+)?\)?)$").unwrap()
    });
    // A standards body's document type under its issuer ("ITU-T Focus Group Deliverable",
    // "ISO Technical Report"): what the document is, over its name.
    static DOCUMENT_TYPE: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"^(?:[\p{L}\p{N}-]+\s+){0,4}(?:deliverable|technical\s+(?:report|paper|specification))$").unwrap()
    });
    LABELS.contains(&l.as_str())
        || ADDRESSED.is_match(&l)
        || NUMBERED.is_match(&l)
        || DOCUMENT_TYPE.is_match(&l)
}

fn looks_like_title(line: &str) -> bool {
    let words = line.split_whitespace().count();
    // A reference code alone ("AB-000102-MW", "A/78/265") names the document, it is not
    // its title.
    let code = words == 1
        && line.chars().any(|c| c.is_ascii_digit())
        && !line.chars().any(char::is_lowercase);
    !code
        && !line.contains('\t')
        && ((1..=25).contains(&words) || (words <= 45 && names_an_address(line)))
        && (words >= 2 || line.chars().count() >= 4)
        && !line.ends_with([',', ';'])
        && !is_opening_formula(line)
        && !is_preamble_formula(line)
        && !is_masthead(line)
        && line
            // an opening quotation mark aside ("‘Cyber Chess: ...’ Research Note")
            .trim_start_matches(['‘', '“', '"', '\'', '«', '„'])
            .chars()
            .next()
            // a capital, a digit, or a letter of a script without case (Arabic, Han)
            .is_some_and(|c| c.is_ascii_digit() || (c.is_alphabetic() && !c.is_lowercase()))
        && !line.ends_with('.')
        && dateline(line).is_none()
        && !is_date_only(line)
        && !(is_section_name(line) && words <= 4)
        && (byline(line).is_none() || names_an_address(line))
        && !line.contains("://")
        && !is_reading_time(line)
}

/// The subject a letter's labelled line names ("Subject: Cyber incident reporting",
/// "Onderwerp Draagmoederschap", "Betreff: ...", "Objet : ...", "Re: ..."), when it reads
/// as a title.
fn letter_subject(line: &str) -> Option<String> {
    static SUBJECT: Lazy<Regex> = Lazy::new(|| {
        // A letter sets some labels in a column of their own, with no colon ("Onderwerp",
        // "Betreff"); "Subject" or "Re" without one is a word of a title ("Subject Matter
        // Experts").
        Regex::new(r"^(?:(?:Subject|SUBJECT|Re|RE|Objet|OBJET|Oggetto|OGGETTO|Asunto|ASUNTO|Assunto|ASSUNTO|Ämne|Emne|Aihe|Temat|Předmět|Тема)\s*:|(?:Betreff|BETREFF|Onderwerp|ONDERWERP)\s*:?)\s*(\S.*)$").unwrap()
    });
    let line = strip_markup(line);
    let subject = SUBJECT.captures(&line)?[1].trim().to_string();
    (looks_like_title(&subject) && !subject.ends_with(':')).then_some(subject)
}

/// The title a document control table gives, among the first pages' lines: a row whose
/// first cell is "Document Title" (or "Title", "Titre", "Título", "Titel"), its second the
/// title. The row stays in the text.
fn control_table_title(lines: &[&str]) -> Option<String> {
    static LABEL: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"(?i)^(?:document\s+title|title\s+of\s+the\s+document|titre\s+du\s+document|t[íi]tulo\s+del\s+documento|dokumenttitel)\s*:?$").unwrap()
    });
    lines.iter().take(FIRST_PAGE_LINES * 3).find_map(|l| {
        let cells: Vec<String> = l
            .trim()
            .strip_prefix('|')?
            .strip_suffix('|')?
            .split('|')
            .map(|c| strip_markup(c.trim()).trim_matches('*').trim().to_string())
            .collect();
        let (label, value) = (cells.first()?, cells.get(1)?);
        (cells.len() == 2 && LABEL.is_match(label) && looks_like_title(value))
            .then(|| value.clone())
    })
}

/// A judgment's case name on the first page, set in capitals: "TARRANT REGIONAL WATER
/// DISTRICT v." / "HERRMANN ET AL." (or on one line), where the title block holds only a
/// court's masthead, its term and a reporter's note. Gives the lines it takes and the name.
fn case_name(lines: &[&str]) -> Option<(Vec<usize>, String)> {
    static PARTY: Lazy<Regex> =
        Lazy::new(|| Regex::new(r"^[\p{Lu}\d][\p{Lu}\d .,'’&()-]*$").unwrap());
    static VERSUS: Lazy<Regex> = Lazy::new(|| Regex::new(r" (?:v\.|vs\.|v) ").unwrap());
    let near: Vec<(usize, String)> = lines
        .iter()
        .enumerate()
        .take(FIRST_PAGE_LINES * 2)
        .map(|(n, l)| (n, strip_markup(l)))
        .filter(|(_, l)| !l.is_empty())
        .collect();
    for (k, (n, line)) in near.iter().enumerate() {
        if let Some(first) = line.strip_suffix(" v.") {
            let (m, rest) = near.get(k + 1)?;
            if PARTY.is_match(first) && PARTY.is_match(rest) && *m == n + 1 {
                return Some((vec![*n, *m], format!("{line} {rest}")));
            }
        }
        if VERSUS.is_match(line) && line.split_whitespace().count() <= 16 {
            let mut parts = VERSUS.splitn(line, 2);
            let (a, b) = (parts.next()?, parts.next()?);
            if PARTY.is_match(a) && PARTY.is_match(b) && is_all_caps(line) {
                return Some((vec![*n], line.clone()));
            }
        }
    }
    None
}

/// The day a court decided, as an opinion's first page records it: "No. 11–889. Argued
/// April 23, 2013—Decided June 13, 2013".
fn decided_on(lines: &[&str]) -> Option<PartialDate> {
    static DECIDED: Lazy<Regex> = Lazy::new(|| {
        Regex::new(&format!(
            r"\b(?:Decided|DECIDED|Judgment delivered|Delivered)\s*:?\s+((?:{MONTH_RE}\s+\d{{1,2}},?|\d{{1,2}}\s+{MONTH_RE})\s+\d{{4}})"
        ))
        .unwrap()
    });
    lines.iter().take(FIRST_PAGE_LINES * 2).find_map(|l| {
        let c = DECIDED.captures(l)?;
        written_date(&c[1]).filter(|d| d.day.is_some())
    })
}

/// A subject label alone on its line ("Subject:", as the Council of the EU's cover
/// notes set it) over the subject's lines, up to a blank line or a heading: the subject,
/// however long (an EU act's title runs to forty words), with the lines it takes.
fn subject_under_label(
    lines: &[&str],
    header: impl Iterator<Item = usize>,
) -> Option<(Vec<usize>, String)> {
    static LABEL: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"^(?:Subject|SUBJECT|Objet|OBJET|Oggetto|OGGETTO|Asunto|ASUNTO|Assunto|ASSUNTO|Betreff|BETREFF|Onderwerp|ONDERWERP)\s*:\s*$").unwrap()
    });
    let label = header
        .into_iter()
        .find(|&n| LABEL.is_match(&strip_markup(lines[n])))?;
    let taken: Vec<usize> = (label + 1..lines.len())
        .take_while(|&n| {
            let l = lines[n].trim();
            !l.is_empty() && !l.starts_with('#')
        })
        .take(6)
        .collect();
    let subject = taken
        .iter()
        .map(|&n| strip_markup(lines[n]))
        .collect::<Vec<_>>()
        .join(" ");
    let words = subject.split_whitespace().count();
    let starts_upper = subject.chars().next().is_some_and(char::is_uppercase);
    ((2..=50).contains(&words) && starts_upper && !subject.ends_with(['.', ',', ';', ':']))
        .then(|| (std::iter::once(label).chain(taken).collect(), subject))
}

/// "2724 palabras – 15 minutos", "1,200 words / 8 minutes": a speech's length and the
/// time it takes to deliver, noted for the speaker, never its title.
fn is_reading_time(line: &str) -> bool {
    static LENGTH: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"(?i)\b\d[\d.,]*\s*(?:palabras|words|mots|w[öo]rter|parole|palavras|слов|minutos|minutes?|minuti|minuten|mins?\.?|минут)\b").unwrap()
    });
    line.split_whitespace().count() <= 8 && LENGTH.is_match(line)
}

/// "Report of the Secretary-General", "Note by the Secretariat", "Rapport du Secrétaire
/// général": the line under a UN report's title that says what it is, in any case.
fn names_a_report(line: &str) -> bool {
    static REPORT: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"(?i)^(?:(?:report|note)\s+(?:of|by)\s+the\s+(?:secretary-general|secretariat|director-general|high\s+commissioner|executive\s+director|special\s+rapporteur|working\s+group|committee|board)|rapport\s+du\s+secr[ée]taire\s+g[ée]n[ée]ral|informe\s+del\s+secretario\s+general)$").unwrap()
    });
    REPORT.is_match(line.trim())
}

/// "Statement by Honourable Mr. Pradeep Kumar Gyawali, Minister for Foreign Affairs ...
/// at the High-Level Segment of the 46th Session of the Human Rights Council": a speech's
/// title names who spoke, where and when, and runs long.
fn names_an_address(line: &str) -> bool {
    static ADDRESS: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"(?i)^(?:(?:opening|closing|keynote|joint)\s+)?(?:statement|remarks|address|speech|message|intervention|d[ée]claration|discours|allocution|intervenci[óo]n|declaraci[óo]n|discurso|mensaje|mensagem|rede|erkl[äa]rung|botschaft)\s+(?:by|of|de|du|del|des|da|do|von|der)\s").unwrap()
    });
    (ADDRESS.is_match(line.trim()) || office_after_address(line).is_some())
        && !line.trim_end().ends_with(['.', ':'])
}

/// A speech's title that names the speaker's office right after the speech, without
/// "by" or "de" ("Discurso Presidente Gabriel Boric Font", as a presidency files its
/// speeches): the title from the office on.
fn office_after_address(line: &str) -> Option<&str> {
    static OFFICE_FIRST: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"(?i)^(?:(?:opening|closing|keynote)\s+)?(?:statement|remarks|address|speech|discours|allocution|intervenci[óo]n|declaraci[óo]n|discurso|mensaje|mensagem|rede|ansprache)\s+((?:presidente|presidenta|president|pr[ée]sident|prime\s+minister|ministro|ministra|minister|ministre|ministerin|canciller|chancellor|bundeskanzler(?:in)?|secretary-general|secretario|secretaria|ambassador|embajador|embajadora|ambassadeur|ambassadrice)\s+\p{Lu}.*)$").unwrap()
    });
    OFFICE_FIRST
        .captures(line.trim())
        .and_then(|c| c.get(1))
        .map(|m| m.as_str())
}

/// The author an article prints under its title where the title block did not reach
/// (a web page printed to PDF sets its standfirst, a line of prose, between the title and
/// the byline): a line labelled as the author's ("Author Tshilidzi Marwala", "Authors:
/// ...") among the first lines after the title, or a person's name alone on the line
/// right under the title (or its subtitle) with a date alone on the next ("John
/// Villasenor" / "March 20, 2023", a think tank's commentary). Gives the line and names.
fn byline_under_title(lines: &[&str], out: &Extracted, text: &str) -> Option<(usize, Vec<String>)> {
    static LABEL: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"(?i)^(?:(?:lead|main|principal)\s+)?(?:authors?|autor(?:es|a)?|auteur(?:e|s)?|verfasser(?:in)?)\b(\s*:)?").unwrap()
    });
    // The labelled line's names, where the label has a colon when `colon`.
    let labelled = |line: &str, colon: bool| {
        let c = LABEL.captures(line)?;
        if colon && c.get(1).is_none() {
            return None;
        }
        byline(line)
            .filter(|b| b.cued && b.whole_line)
            .map(|b| b.names)
    };
    let after = out
        .consumed_lines
        .iter()
        .filter(|c| c.field == "title" || c.field == "subtitle")
        .map(|c| c.line)
        .max()?;
    let next: Vec<(usize, String)> = lines
        .iter()
        .enumerate()
        .skip(after + 1)
        .map(|(n, l)| (n, strip_markup(l)))
        .filter(|(_, l)| !l.trim().is_empty())
        .take(6)
        .collect();
    if let Some(found) = next
        .iter()
        .find_map(|(n, line)| Some((*n, labelled(line, false)?)))
    {
        return Some(found);
    }
    // "Speech of Nirmala Sitharaman" under a budget's title, taken for its subtitle.
    if let Some(found) = lines
        .iter()
        .enumerate()
        .skip(out.title_end()? + 1)
        .map(|(n, l)| (n, strip_markup(l)))
        .filter(|(_, l)| !l.trim().is_empty())
        .take(3)
        .find_map(|(n, l)| {
            let b = byline(&l).filter(|b| b.cued && b.kind == Some("speech"))?;
            Some((n, b.names))
        })
    {
        return Some(found);
    }
    // "Speech of" / "Nirmala Sitharaman" / "Minister of Finance" on a budget's cover: the
    // cue alone on its line, the speaker on the next.
    static CUE: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"(?i)^(?:speech|address|remarks|statement)\s+(?:of|by)$").unwrap()
    });
    if let Some(k) = next.iter().position(|(_, l)| CUE.is_match(l.trim())) {
        if let Some((m, name)) = next.get(k + 1) {
            if let Some(name) = person_name(name) {
                return Some((*m, vec![name]));
            }
        }
    }
    // A report's imprint page says it with a colon, further down the first pages
    // ("Lead Author: Daniel Kachelriess", under "Editors: ..." and over the copyright).
    if let Some(found) = lines
        .iter()
        .enumerate()
        .take(FIRST_PAGE_LINES * 2)
        .find_map(|(n, line)| Some((n, labelled(&strip_markup(line), true)?)))
    {
        return Some(found);
    }
    let (n, first) = next.first()?;
    let (_, second) = next.get(1)?;
    let name = person_name(first).filter(|name| is_proper_name(name, text))?;
    written_date(second).is_some().then(|| (*n, vec![name]))
}

/// The person a speech's title says spoke: the capitalised words after "by" and the
/// honorifics and offices before them, up to a comma or a word in lower case ("Statement
/// by Honourable Mr. Pradeep Kumar Gyawali, Minister ..." gives "Pradeep Kumar Gyawali").
/// Two words at least: "Remarks by President Biden" names an office and a surname, and
/// "Remarks by the President" nobody.
fn speaker_in_title(title: &str) -> Option<String> {
    const HONORIFICS: &[&str] = &[
        "the",
        "his",
        "her",
        "honourable",
        "honorable",
        "hon.",
        "rt.",
        "right",
        "mr.",
        "mrs.",
        "ms.",
        "mr",
        "mrs",
        "ms",
        "dr.",
        "dr",
        "prof.",
        "h.e.",
        "excellency",
        "excellence",
        // Son Excellence Monsieur, Su Excelencia: "SEM", "S.E.M.", "S.E.".
        "sem",
        "s.e.m.",
        "s.e.",
        "son",
        "su",
        "excelencia",
        "sir",
        "dame",
        "m.",
        "mme",
        "sr.",
        "sra.",
        "president",
        "prime",
        "minister",
        "secretary-general",
        "secretary",
        "ambassador",
        "deputy",
        "foreign",
        "state",
        "senator",
        "chancellor",
        "king",
        "queen",
        "général",
        "président",
        "ministre",
        "presidente",
        "presidenta",
        "ministro",
        "ministra",
        "ministerin",
        "canciller",
        "bundeskanzler",
        "bundeskanzlerin",
        "bundespräsident",
        "bundespräsidentin",
    ];
    if !names_an_address(title) {
        return None;
    }
    let after = match office_after_address(title) {
        Some(office_on) => office_on,
        None => {
            title
                .split_once(" by ")
                .or_else(|| title.split_once(" de "))?
                .1
        }
    };
    let mut words = after
        .split_whitespace()
        .skip_while(|w| HONORIFICS.contains(&w.to_lowercase().as_str()));
    let mut name: Vec<&str> = Vec::new();
    for w in words.by_ref() {
        let bare = w.trim_end_matches(',');
        const LINKS: &[&str] = &[
            "before", "at", "to", "on", "during", "for", "in", "of", "with", "and", "after",
        ];
        let lower = bare.to_lowercase();
        if !bare.chars().next().is_some_and(char::is_uppercase)
            || HONORIFICS.contains(&lower.as_str())
            || LINKS.contains(&lower.as_str())
        {
            break;
        }
        name.push(bare);
        if w.ends_with(',') || name.len() == 4 {
            break;
        }
    }
    if name.len() >= 2 {
        return Some(name.join(" "));
    }
    // "Mensaje de la secretaria de Relaciones Exteriores, Alicia Bárcena Ibarra, en el
    // ...": the office first, then the name after its comma.
    const OFFICES: &[&str] = &[
        "secretaria",
        "secretario",
        "ministra",
        "ministro",
        "presidenta",
        "presidente",
        "canciller",
        "embajador",
        "embajadora",
        "representante",
        "secretary",
        "minister",
        "president",
        "ambassador",
        "representative",
        "ministre",
        "présidente",
        "président",
        "ambassadeur",
        "ambassadrice",
        "représentant",
        "représentante",
        "ministerin",
    ];
    let (office, rest) = after.split_once(", ")?;
    let names_an_office = office
        .split_whitespace()
        .any(|w| OFFICES.contains(&w.to_lowercase().as_str()));
    let name: Vec<&str> = rest
        .split(',')
        .next()?
        .split_whitespace()
        .take_while(|w| w.chars().next().is_some_and(char::is_uppercase))
        .collect();
    (names_an_office && (2..=5).contains(&name.len())).then(|| name.join(" "))
}

/// A line that is only a date or a span of dates ("16 June–11 July 2025", "8-19 February
/// 2010", "March 2024"), perhaps after a place: when something happened, never what a
/// document is called.
pub(crate) fn is_date_only(line: &str) -> bool {
    // A whole month's name: "Sep" must not take the start of "septembre".
    static MONTH: Lazy<Regex> =
        Lazy::new(|| Regex::new(&format!(r"(?i)\b{MONTH_RE}(?:[^\p{{L}}]|$)")).unwrap());
    static LEFT: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"(?i)\b(?:to|from|until|through|and|au|du|al|del|bis|vom|de|et|y)\b|\d+(?:st|nd|rd|th|er)?|[\s,.–—/-]")
            .unwrap()
    });
    let dates_only = |s: &str| {
        MONTH.is_match(s)
            && s.chars().any(|c| c.is_ascii_digit())
            && LEFT.replace_all(&MONTH.replace_all(s, ""), "").is_empty()
    };
    // "Geneva, 8-19 February 2010": where and when a meeting sat.
    dates_only(line)
        || line
            .split_once(", ")
            .is_some_and(|(place, when)| is_short_place(place) && dates_only(when))
}

/// A subtitle: capitals or a short phrase right after the title, that is neither a
/// byline nor a dateline, and not a repeat of the title.
fn is_subtitle_line(line: &str, title: &str) -> bool {
    let same = line.eq_ignore_ascii_case(title) || strip_markup(line) == strip_markup(title);
    // "10:53 A.M. EST": the time a statement was made, not a subtitle.
    static TIME: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"(?i)^\d{1,2}[:.]\d{2}\s*(?:[ap]\.?\s?m\.?)?(?:\s+\p{Lu}{2,4})?$").unwrap()
    });
    // A row of cells ("INTRODUCTION\t08", a table of contents') is no subtitle either,
    // nor a numbered section's heading ("I. INTRODUCTION", "1.1 BACKGROUND").
    static NUMBERED_SECTION: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"^(?:(?:[IVXLC]{1,6}|[A-Z])[.)]|\d{1,2}(?:\.\d{1,2})*[.)]?)\s+\p{Lu}").unwrap()
    });
    !same
        && !NUMBERED_SECTION.is_match(line.trim())
        && !TIME.is_match(line.trim())
        // "(COM(2021)0206),": the end of a clause cut at a line's end; "JAWAPAN:" ("answer:"),
        // a word alone, introduces what follows (a cover's "CONFIDENCE + CAPABILITY:" runs
        // on into the title).
        && !line.trim_end().ends_with([',', ';'])
        && !is_lone_label(line)
        && !line.contains('\t')
        && is_all_caps(line)
        && !is_section_name(line)
        // "EXECUTIVE SUMMARY 1": a contents' entry and its page.
        && !line
            .trim_end()
            .rsplit_once(' ')
            .is_some_and(|(name, page)| page.len() <= 3 && page.bytes().all(|b| b.is_ascii_digit()) && is_section_name(name))
        && byline(line).is_none()
        && dateline(line).is_none()
        && !is_web_address(line)
        // A social-media handle ("@RANKINGRIGHTS") says where to follow the publisher.
        && !line.split_whitespace().any(|w| w.len() > 2 && w.starts_with('@'))
}

/// A word alone ending on a colon ("JAWAPAN:", "Answer:"): it introduces what follows.
fn is_lone_label(line: &str) -> bool {
    line.trim_end().ends_with(':') && line.split_whitespace().count() == 1
}

/// "RANKINGDIGITALRIGHTS.ORG/INDEX2019", "www.un.org", "https://...": a web address set
/// alone on a cover line; where to read more, never a subtitle.
fn is_web_address(line: &str) -> bool {
    static ADDRESS: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"(?i)^(?:https?://|www\.)?[\w-]+(?:\.[\w-]+)*\.[a-z]{2,6}(?:/\S*)?$").unwrap()
    });
    let t = line.trim();
    t.contains("://") || t.starts_with("www.") || ADDRESS.is_match(t)
}

/// The name of a document's first section ("OVERVIEW", "Executive summary"), which
/// follows the title block and is no subtitle.
fn is_section_name(line: &str) -> bool {
    const SECTIONS: &[&str] = &[
        "overview",
        "introduction",
        "summary",
        "executive summary",
        "abstract",
        "background",
        "contents",
        "content",
        "table of contents",
        "foreword",
        "preface",
        "key findings",
        "key judgments",
        "key takeaways",
        "acknowledgements",
        "acknowledgments",
        "purpose",
        "scope",
        "context",
        "résumé",
        "sommaire",
        "avant-propos",
        "einleitung",
        "zusammenfassung",
        "inhalt",
        "inhaltsverzeichnis",
        "resumen",
        "resumen ejecutivo",
        "índice",
        "introducción",
        "abbreviations",
        "acronyms",
        "acronyms and abbreviations",
        "list of abbreviations",
        "list of acronyms",
        "glossary",
        "table des matières",
        "sigles et abréviations",
        "sigles et abréviation",
        "liste des sigles",
        "liste des abréviations",
        "siglas",
        "siglas y acrónimos",
        "abkürzungsverzeichnis",
        "abkürzungen",
        // a table of contents' column head
        "pages",
        "page",
        // a court's opinion
        "syllabus",
        "opinion of the court",
        // a meeting's notes
        "attendance",
        "attendees",
        "participants",
        "present",
        "agenda",
        "notes",
        "action items",
        // an RFC's sections (NixOS, Rust, IETF-style)
        "motivation",
        "detailed design",
        "drawbacks",
        "alternatives",
        "unresolved questions",
        "future work",
    ];
    // A part's or chapter's heading ("PREMIERE PARTIE : ...", "Chapter 1", "Part II").
    static DIVISION: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"(?i)^(?:(?:premi[èe]re|deuxi[èe]me|troisi[èe]me|first|second|third|primera|segunda)\s+part(?:ie|e)?|part(?:ie|e)?\s+(?:[ivx]+|\d+|one|two|premi[èe]re|une)|chap(?:ter|itre|ítulo)\s+\S+\b|第[一二三四五六七八九十百〇零\d]+[章节節部篇编編条條]|제\s*\d+\s*[장절편])").unwrap()
    });
    let l = line
        .trim()
        .trim_end_matches([':', '.'])
        .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ' ')
        .to_lowercase();
    SECTIONS.contains(&l.as_str()) || DIVISION.is_match(line.trim())
}

/// A line of at least three words in capitals but one ("LA PROPOSITION DE LOI
/// Organique N°10/2024 MODIFIANT").
/// Capitals are a choice only in scripts that have them: a line of Arabic or Han letters
/// is in neither case.
fn mostly_caps(s: &str) -> bool {
    let cased = |c: char| c.is_uppercase() || c.is_lowercase();
    let words: Vec<&str> = s
        .split_whitespace()
        .filter(|w| w.chars().any(cased))
        .collect();
    let lower = words
        .iter()
        .filter(|w| w.chars().any(char::is_lowercase))
        .count();
    words.len() >= 3 && lower <= 1
}

fn is_all_caps(s: &str) -> bool {
    let letters: Vec<char> = s
        .chars()
        .filter(|c| c.is_uppercase() || c.is_lowercase())
        .collect();
    letters.len() >= 3 && letters.iter().all(|c| c.is_uppercase())
}

fn starts_lower(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_lowercase)
}

const SMALL_WORDS: &[&str] = &[
    "a", "an", "the", "and", "or", "of", "to", "in", "on", "for", "with", "by", "from", "at", "as",
    "into", "via", "nor", "but",
];

/// A title that is only the document's kind ("RAPPORT" over "FAIT AU NOM DE LA
/// COMMISSION", "REPORT" over "OF THE SECRETARY-GENERAL"): the lines under it go on.
/// A kind word the layout split after its first letter, set larger and read onto the
/// line above (a congressional report's cover: "118TH CONGRESS R" / "EPORT"): the rest is
/// no title.
fn kind_word_split_by_layout(above: &str, line: &str) -> bool {
    let Some(capital) = above
        .rsplit_once(' ')
        .map(|(_, last)| last)
        .filter(|last| last.chars().count() == 1 && last.chars().all(char::is_uppercase))
    else {
        return false;
    };
    !line.contains(' ') && is_all_caps(line) && is_kind_word(&format!("{capital}{line}"))
}

fn is_kind_word(s: &str) -> bool {
    const KINDS: &[&str] = &[
        "constitution",
        "constitución",
        "constituição",
        "costituzione",
        "verfassung",
        "konstytucja",
        "report",
        "rapport",
        "informe",
        "bericht",
        "relazione",
        "statement",
        "déclaration",
        "declaración",
        "discours",
        "discurso",
        "speech",
        "resolution",
        "résolution",
        "resolución",
    ];
    KINDS.contains(&s.trim().to_lowercase().as_str())
}

/// Whether `s` stops on a word a title cannot end with, in English, French, Spanish or
/// German ("... on", "FAIT AU NOM DE", "... SUR").
fn ends_mid_phrase(s: &str) -> bool {
    const MORE: &[&str] = &[
        "de", "du", "des", "la", "le", "les", "sur", "pour", "par", "au", "aux", "et", "à", "en",
        "del", "el", "los", "las", "y", "por", "para", "con", "der", "die", "das", "und", "für",
        "von", "zu", "mit", "den", "dem", "diesem", "dieser", "dieses", "einem", "einer", "eines",
        "im", "am", "vom", "zum", "zur",
        // Indonesian and Malay ("UNDANG-UNDANG ... NOMOR 13 TAHUN 2003 TENTANG" /
        // "KETENAGAKERJAAN").
        "tentang", "mengenai", "dan", "atas", "untuk",
    ];
    ends_with_small_word(s)
        || s.split_whitespace()
            .last()
            .is_some_and(|w| MORE.contains(&w.to_lowercase().as_str()))
}

/// A line that opens on a word that joins it to the line above ("REPORT OF THE
/// SECRETARY-GENERAL ON THE SITUATION" / "IN TAJIKISTAN"): the rest of a phrase.
fn starts_mid_phrase(s: &str) -> bool {
    const JOINING: &[&str] = &[
        "of", "to", "in", "on", "for", "with", "from", "at", "into", "and", "or", "nor", "de",
        "du", "des", "sur", "pour", "et", "en", "del", "y", "para", "sobre", "con", "und", "für",
        "zur", "zum", "über", "tentang", "mengenai",
        // A case's parties ("Petro Yakovych PETLYOVANYY" / "against Ukraine").
        "against", "v.", "v", "versus", "contre", "c.",
    ];
    s.split_whitespace()
        .next()
        .is_some_and(|w| JOINING.contains(&w.to_lowercase().as_str()))
}

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
    /// Introduced as a byline ("by", "Presented by", "Authors:"), not only a list of
    /// capitalised words.
    pub cued: bool,
}

/// Whether `name` reads as a person's in `document`: none of its words is one the text
/// writes in lower case elsewhere ("Updated Tagging Procedure & Tagging Results" is a
/// slide's outline: "tagging" and "results" are words of its text, not names).
fn is_proper_name(name: &str, document: &str) -> bool {
    const PARTICLES: &[&str] = &[
        "de", "du", "da", "das", "dos", "del", "della", "di", "van", "von", "der", "den", "la",
        "le", "bin", "ibn", "al", "el", "y", "ter", "zu",
    ];
    let words: Vec<String> = name
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| w.chars().count() > 1)
        .map(str::to_lowercase)
        .filter(|w| !PARTICLES.contains(&w.as_str()))
        .collect();
    // Addresses aside: a name is written in lower case in its owner's e-mail address
    // ("kostyuk.nadiya@gmail.com") and in web addresses.
    let is_address = |t: &&str| t.contains('@') || t.contains("://") || t.contains("www.");
    !document
        .split_whitespace()
        .filter(|t| !is_address(t))
        .flat_map(|t| t.split(|c: char| !c.is_alphabetic()))
        .filter(|w| w.chars().next().is_some_and(char::is_lowercase))
        .any(|w| words.iter().any(|n| n == w))
}

/// The day a line says something happened on: "... in Mumbai on January 16, 2024)".
fn day_said_on(line: &str) -> Option<PartialDate> {
    static ON: Lazy<Regex> = Lazy::new(|| {
        Regex::new(&format!(
            r"\b(?:on|le|el|am)\s+((?:{MONTH_RE}\s+\d{{1,2}},?|\d{{1,2}}(?:er)?\s+(?:de\s+)?{MONTH_RE})\s+(?:de\s+)?\d{{4}})"
        ))
        .unwrap()
    });
    let c = ON.captures(line)?;
    written_date(&without_day_suffix(c.get(1)?.as_str())).filter(|d| d.day.is_some())
}

/// A line without the brackets around it: "(Speech by Shri Swaminathan J, Deputy
/// Governor at the Conference ... on January 16, 2024)".
fn strip_brackets(line: &str) -> &str {
    let t = line.trim();
    t.strip_prefix('(')
        .and_then(|t| t.strip_suffix(')'))
        .filter(|inner| !inner.contains(['(', ')']))
        .unwrap_or(t)
}

/// "Presentation by Dr. Daniel Stauffacher", "Delivered by Mr. X, Under-Secretary-General
/// of ...", "Sanjana Hattotuwa, Barbara Weekes & Daniel Stauffacher".
pub fn byline(line: &str) -> Option<Byline> {
    // A paper's authors carry marks that point to their affiliations ("Julien Aligon∗,
    // Patrick Marcel†", "Jane Doe¹"): the names are without them.
    let unmarked: String = line
        .chars()
        .filter(|c| !"∗*†‡§⁰¹²³⁴⁵⁶⁷⁸⁹".contains(*c))
        .collect();
    let line = unmarked.trim();
    static BY: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"^(?i:(presentation|delivered|speech|remarks|statement|written|prepared)?\s*by|(?:speech|address)\s+of|rapporteurs?\s*:|(?:lead\s+|main\s+|principal\s+|contributing\s+)?authors?\s*:?|autor(?:es|a)?\s*:|auteur(?:e|s)?\s*:|verfasser(?:in)?\s*:?|speakers?\s*:|par\s*:?|por\s*:?|von\s*:?|(?:president|prime\s+minister|minister|chancellor|secretary[- ]general|king|queen|governor|mayor|senator|ambassador|chair(?:man|woman|person)?|presidente|pr[ée]sident|pr[äa]sident(?:in)?|kanzler(?:in)?|premier)\s*:)\s+(.+)$").unwrap()
    });
    if let Some(c) = BY.captures(line) {
        // "Speech of X": the cue word before "of" is no group of its own.
        let cue = c.get(1).map(|m| m.as_str().to_lowercase()).or_else(|| {
            let head = line.to_lowercase();
            ["speech of", "address of"]
                .iter()
                .any(|p| head.starts_with(p))
                .then(|| "speech".to_string())
        });
        let kind = match cue {
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
            cued: true,
        });
    }
    person_list(line)
        .filter(|n| n.len() >= 2)
        .map(|names| Byline {
            names,
            kind: None,
            whole_line: true,
            cued: false,
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
        "Shri",
        "Smt.",
        "Smt",
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
        // Offices named after a name ("Claudia Westerdiek, Section Registrar").
        "Registrar",
        "Section",
        "President",
        "Secretary",
        "Judges",
        "Chamber",
        "Director",
        "Officers",
        "Officer",
        "Members",
    ];
    let mut words: Vec<&str> = s.split_whitespace().collect();
    while words.first().is_some_and(|w| HONORIFICS.contains(w)) {
        words.remove(0);
    }
    // An initial after the name, as South Indian names write it ("Swaminathan J").
    let initial = |w: &str| {
        let t = w.trim_end_matches('.');
        t.chars().count() == 1 && t.chars().all(char::is_uppercase)
    };
    let ok = (2..=4).contains(&words.len())
        && !initial(words[0])
        && words.iter().all(|w| {
            if initial(w) {
                return true;
            }
            let mut cs = w.chars();
            cs.next().is_some_and(char::is_uppercase)
                && cs.clone().any(char::is_lowercase)
                && w.chars()
                    .all(|c| c.is_alphabetic() || c == '-' || c == '.' || c == '\'')
                && !NOT_NAMES.contains(w)
        });
    ok.then(|| words.join(" "))
}

/// Month names of the languages the genre is published in most (English, French,
/// Spanish, German), with their number.
const MONTHS: &[(&str, u8)] = &[
    ("january", 1),
    ("february", 2),
    ("march", 3),
    ("april", 4),
    ("may", 5),
    ("june", 6),
    ("july", 7),
    ("august", 8),
    ("september", 9),
    ("october", 10),
    ("november", 11),
    ("december", 12),
    ("janvier", 1),
    ("février", 2),
    ("fevrier", 2),
    ("mars", 3),
    ("avril", 4),
    ("mai", 5),
    ("juin", 6),
    ("juillet", 7),
    ("août", 8),
    ("aout", 8),
    ("septembre", 9),
    ("octobre", 10),
    ("novembre", 11),
    ("décembre", 12),
    ("decembre", 12),
    ("enero", 1),
    ("febrero", 2),
    ("marzo", 3),
    ("abril", 4),
    ("mayo", 5),
    ("junio", 6),
    ("julio", 7),
    ("agosto", 8),
    ("septiembre", 9),
    ("setiembre", 9),
    ("octubre", 10),
    ("noviembre", 11),
    ("diciembre", 12),
    ("januar", 1),
    ("februar", 2),
    ("märz", 3),
    ("juni", 6),
    ("juli", 7),
    ("oktober", 10),
    ("dezember", 12),
    // Portuguese, Italian and Dutch.
    ("janeiro", 1),
    ("fevereiro", 2),
    ("março", 3),
    ("marco", 3),
    ("maio", 5),
    ("junho", 6),
    ("julho", 7),
    ("setembro", 9),
    ("outubro", 10),
    ("dezembro", 12),
    ("gennaio", 1),
    ("febbraio", 2),
    ("aprile", 4),
    ("maggio", 5),
    ("giugno", 6),
    ("luglio", 7),
    ("settembre", 9),
    ("ottobre", 10),
    ("dicembre", 12),
    ("januari", 1),
    ("februari", 2),
    ("maart", 3),
    ("mei", 5),
    ("augustus", 8),
    // Russian and Ukrainian, as a date writes them (the genitive: "24 марта 2005 года",
    // "18 лютого 2010 року"), and the nominative.
    ("января", 1),
    ("февраля", 2),
    ("марта", 3),
    ("апреля", 4),
    ("мая", 5),
    ("июня", 6),
    ("июля", 7),
    ("августа", 8),
    ("сентября", 9),
    ("октября", 10),
    ("ноября", 11),
    ("декабря", 12),
    ("январь", 1),
    ("февраль", 2),
    ("март", 3),
    ("апрель", 4),
    ("май", 5),
    ("июнь", 6),
    ("июль", 7),
    ("август", 8),
    ("сентябрь", 9),
    ("октябрь", 10),
    ("ноябрь", 11),
    ("декабрь", 12),
    ("січня", 1),
    ("лютого", 2),
    ("березня", 3),
    ("квітня", 4),
    ("травня", 5),
    ("червня", 6),
    ("липня", 7),
    ("серпня", 8),
    ("вересня", 9),
    ("жовтня", 10),
    ("листопада", 11),
    ("грудня", 12),
    // Polish, as a date writes them (the genitive: "z dnia 2 kwietnia 1997 r.").
    ("stycznia", 1),
    ("lutego", 2),
    ("marca", 3),
    ("kwietnia", 4),
    ("maja", 5),
    ("czerwca", 6),
    ("lipca", 7),
    ("sierpnia", 8),
    ("września", 9),
    ("października", 10),
    ("listopada", 11),
    ("grudnia", 12),
];

pub(crate) fn month_number(name: &str) -> Option<u8> {
    let n = name.to_lowercase();
    let n = n.trim_end_matches('.');
    MONTHS
        .iter()
        .find(|(m, _)| *m == n)
        .or_else(|| {
            // English abbreviations: "Nov", "Sept".
            MONTHS[..12]
                .iter()
                .find(|(m, _)| n.len() >= 3 && n.len() <= 4 && m.starts_with(n))
        })
        .map(|(_, k)| *k)
}

const MONTH_RE: &str = r"(January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|JANUARY|FEBRUARY|MARCH|APRIL|MAY|JUNE|JULY|AUGUST|SEPTEMBER|OCTOBER|NOVEMBER|DECEMBER|JAN|FEB|MAR|APR|JUN|JUL|AUG|SEP|SEPT|OCT|NOV|DEC|(?i:janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[uû]t|septembre|octobre|novembre|d[ée]cembre|enero|febrero|marzo|abril|mayo|junio|julio|agosto|se(?:p)?tiembre|octubre|noviembre|diciembre|januar|februar|m[äa]rz|juni|juli|oktober|dezember|janeiro|fevereiro|mar[çc]o|maio|junho|julho|setembro|outubro|dezembro|gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|dicembre|januari|februari|maart|mei|augustus|января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря|январь|февраль|март|апрель|май|июнь|июль|август|сентябрь|октябрь|ноябрь|декабрь|січня|лютого|березня|квітня|травня|червня|липня|серпня|вересня|жовтня|листопада|грудня|stycznia|lutego|marca|kwietnia|maja|czerwca|lipca|sierpnia|września|października|listopada|grudnia))\.?";

/// An Arabic date line written with the Latin names the date rules read: "الأحد، 04
/// آب/اغسطس 2013، آخر تحديث 02:21" (Sunday, 4 August 2013, last updated 02:21) gives "04
/// August 2013". The Levant's month names, Egypt's and the Gulf's, and both together
/// ("آب/اغسطس") are read; the day's name and an update time after the date go. Other
/// lines are left as they are.
fn arabic_date_in_latin(line: &str) -> std::borrow::Cow<'_, str> {
    const ARABIC_MONTHS: &[(&str, &str)] = &[
        ("كانون الثاني", "January"),
        ("كانون الأول", "December"),
        ("تشرين الأول", "October"),
        ("تشرين الثاني", "November"),
        ("يناير", "January"),
        ("فبراير", "February"),
        ("شباط", "February"),
        ("مارس", "March"),
        ("آذار", "March"),
        ("أبريل", "April"),
        ("ابريل", "April"),
        ("إبريل", "April"),
        ("نيسان", "April"),
        ("مايو", "May"),
        ("أيار", "May"),
        ("ايار", "May"),
        ("يونيو", "June"),
        ("حزيران", "June"),
        ("يوليو", "July"),
        ("تموز", "July"),
        ("أغسطس", "August"),
        ("اغسطس", "August"),
        ("آب", "August"),
        ("سبتمبر", "September"),
        ("أيلول", "September"),
        ("ايلول", "September"),
        ("أكتوبر", "October"),
        ("اكتوبر", "October"),
        ("نوفمبر", "November"),
        ("ديسمبر", "December"),
    ];
    static WEEKDAY: Lazy<Regex> = Lazy::new(|| {
        Regex::new(
            r"^(?:يوم\s+)?(?:الأحد|الاثنين|الإثنين|الثلاثاء|الأربعاء|الخميس|الجمعة|السبت)\s*[،,]?\s*",
        )
        .unwrap()
    });
    static UPDATED: Lazy<Regex> =
        Lazy::new(|| Regex::new(r"\s*[،,]\s*(?:آخر\s+تحديث|تم\s+التحديث|محدث).*$").unwrap());
    if !line.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c)) {
        return std::borrow::Cow::Borrowed(line);
    }
    let digits: String = line
        .chars()
        .map(|c| match c {
            '\u{0660}'..='\u{0669}' => char::from(b'0' + (c as u32 - 0x0660) as u8),
            '\u{06F0}'..='\u{06F9}' => char::from(b'0' + (c as u32 - 0x06F0) as u8),
            '،' => ',',
            c => c,
        })
        .collect();
    let mut out = UPDATED
        .replace(&WEEKDAY.replace(digits.trim(), ""), "")
        .into_owned();
    // "آب/اغسطس": the two names of one month, once; then each name alone.
    for (arabic, latin) in ARABIC_MONTHS {
        for (other, _) in ARABIC_MONTHS.iter().filter(|(_, l)| l == latin) {
            for slash in ["/", " / "] {
                out = out.replace(&format!("{arabic}{slash}{other}"), latin);
            }
        }
    }
    for (arabic, latin) in ARABIC_MONTHS {
        out = out.replace(arabic, latin);
    }
    std::borrow::Cow::Owned(out)
}

/// "Vienna, 8 November 2019", "GENEVA 2018", "8 November 2019": a line that is only a
/// place and a date. Returns the place (title-cased) and the date.
pub fn dateline(line: &str) -> Option<(Option<String>, PartialDate)> {
    static FULL: Lazy<Regex> = Lazy::new(|| {
        Regex::new(&format!(
            r"^(?:([\p{{L}}][\p{{L}} .'-]*?(?:,\s+\p{{Lu}}\.(?:\p{{Lu}}\.)+)?),?\s+(?:(?:on|le|el|am|den|a)\s+)?(?:the\s+)?)?(\d{{1,2}})(?:st|nd|rd|th|er|º|\.)?(?:\s+(?:of|de))?\s+{MONTH_RE},?(?:\s+del?)?\s+(\d{{4}})(?:\s*(?:года|г\.|року|р\.|r\.))?$"
        ))
        .unwrap()
    });
    static US: Lazy<Regex> = Lazy::new(|| {
        Regex::new(&format!(
            r"^(?:([\p{{L}}][\p{{L}} .'-]*?),?\s+)?{MONTH_RE}\s*(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})$"
        ))
        .unwrap()
    });
    static YEAR: Lazy<Regex> =
        Lazy::new(|| Regex::new(r"^([\p{L}][\p{L} .'-]*?),?\s+(\d{4})$").unwrap());
    static MONTH_YEAR: Lazy<Regex> =
        Lazy::new(|| Regex::new(&format!(r"^(?i:{MONTH_RE}),?\s+(\d{{4}})$")).unwrap());
    // A day's name before the date ("Tuesday, September 23, 1997", "Mardi 23 septembre
    // 1997", "Geneva, Tuesday 8 November 2019") says nothing the date does not.
    static WEEKDAY: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"(?i)(^|,\s*|\s)(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|lunes|martes|miércoles|miercoles|jueves|viernes|sábado|sabado|domingo|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag),?\s+(?:(?:the|le|el|den)\s+)?(\d|(?:january|february|march|april|may|june|july|august|september|october|november|december)\b)")
            .unwrap()
    });
    let line = strip_markup(line);
    // A dateline set in brackets: "(Страсбург, 24 марта 2005 года)".
    let line = strip_brackets(&line).to_string();
    // A cover's date beside its social-media handle ("МАЙ 2019 @RANKINGRIGHTS").
    static HANDLE: Lazy<Regex> = Lazy::new(|| Regex::new(r"\s+@\w+$").unwrap());
    let line = HANDLE.replace(line.trim(), "").into_owned();
    let line = arabic_date_in_latin(&line);
    let line = WEEKDAY.replace(line.trim(), "$1$2");
    // A full stop after the year ends the line as a sentence would ("Nueva York, 28 de
    // septiembre de 2024.").
    let line = line.trim();
    let line = match line.strip_suffix('.') {
        Some(l) if l.ends_with(|c: char| c.is_ascii_digit()) => l,
        _ => line,
    };
    if let Some(c) = MONTH_YEAR.captures(line) {
        let date = PartialDate::parse(&format!("{}-{:02}", &c[2], month_number(&c[1])?))?;
        return Some((None, date));
    }
    // The Council of Europe's treaties write the month in roman figures: "Rome,
    // 4.XI.1950", "Budapest, 23.XI.2001".
    static ROMAN_MONTH: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"^(?:([\p{L}][\p{L} .'-]*?),\s+)?(\d{1,2})\.\s?(I|II|III|IV|V|VI|VII|VIII|IX|X|XI|XII)\.\s?(\d{4})$").unwrap()
    });
    if let Some(c) = ROMAN_MONTH.captures(line) {
        const ROMAN: [&str; 12] = [
            "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII",
        ];
        let month = ROMAN.iter().position(|r| *r == &c[3])? + 1;
        let day = c[2].parse::<u8>().ok()?;
        let date = PartialDate::parse(&format!("{}-{month:02}-{day:02}", &c[4]))?;
        let place = c.get(1).map(|m| m.as_str());
        if place.is_some_and(|p| !is_short_place(p)) {
            return None;
        }
        return Some((place.map(place_name), date));
    }
    if let Some(c) = FULL.captures(line) {
        let date = PartialDate::parse(&format!(
            "{}-{:02}-{:02}",
            &c[4],
            month_number(&c[3])?,
            c[2].parse::<u8>().ok()?
        ))?;
        let place = c.get(1).map(|m| m.as_str());
        if place.is_some_and(|p| !is_short_place(p)) {
            return None;
        }
        return Some((place.map(place_name), date));
    }
    if let Some(c) = US.captures(line) {
        let date = PartialDate::parse(&format!(
            "{}-{:02}-{:02}",
            &c[4],
            month_number(&c[2])?,
            c[3].parse::<u8>().ok()?
        ))?;
        let place = c.get(1).map(|m| m.as_str());
        if place.is_some_and(|p| !is_short_place(p)) {
            return None;
        }
        return Some((place.map(place_name), date));
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

/// A line that gives a meeting's days and then its place: "16 – 18 May 2019 Beijing,
/// People's Republic of China", "9-11 September 2016, Geneva". The place is all the line
/// gives after the date (so no word of the line is lost), its city first: at most four
/// words before a comma, eight in all.
fn event_dateline(line: &str) -> Option<(PartialDate, PartialDate, String)> {
    static RANGE_PLACE: Lazy<Regex> = Lazy::new(|| {
        Regex::new(&format!(
            r"^(\d{{1,2}})\s*(?:[–—-]|to)\s*(\d{{1,2}})\s+{MONTH_RE}\s+(\d{{4}}),?\s+(\p{{Lu}}[^,]*(?:,[^,]*)?)$"
        ))
        .unwrap()
    });
    let line = strip_markup(line);
    let c = RANGE_PLACE.captures(line.trim())?;
    let month = month_number(&c[3])?;
    let day = |k: usize| c[k].parse::<u8>().ok();
    let start = PartialDate::parse(&format!("{}-{month:02}-{:02}", &c[4], day(1)?))?;
    let end = PartialDate::parse(&format!("{}-{month:02}-{:02}", &c[4], day(2)?))?;
    let place = c[5].trim();
    let city = place.split(',').next().unwrap_or("").trim();
    (day(1)? < day(2)? && is_short_place(city) && place.split_whitespace().count() <= 8)
        .then(|| (start, end, place_name(place)))
}

/// A dateline's place: at most four words, each capitalised or a particle of a place
/// name ("Rio de Janeiro", "The Hague"), never a phrase such as "Resolution adopted by".
fn is_short_place(s: &str) -> bool {
    const PARTICLES: &[&str] = &[
        "de", "da", "del", "do", "la", "le", "of", "am", "an", "sur", "en", "upon", "d'",
    ];
    let words: Vec<&str> = s.split_whitespace().collect();
    (1..=4).contains(&words.len())
        && words
            .iter()
            .any(|w| w.chars().next().is_some_and(char::is_uppercase))
        && words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                || PARTICLES.contains(&w.to_lowercase().as_str())
        })
        && month_number(words[0]).is_none()
        && is_place_like(
            &words
                .iter()
                .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
                .copied()
                .collect::<Vec<_>>()
                .join(" "),
        )
}

/// A place name is capitalised and not a common noun phrase like "Agenda" or "Goal".
fn is_place_like(s: &str) -> bool {
    const NOT_PLACES: &[&str] = &[
        "agenda",
        "goal",
        "vision",
        "strategy",
        // Plans and reports named for a year ("Global Trends 2040", "Horizon 2020").
        "trends",
        "horizon",
        "outlook",
        "plan",
        "programme",
        "program",
        "roadmap",
        "framework",
        // Acts and other texts named for their year ("Online Safety Act 2023").
        "act",
        "bill",
        "law",
        "loi",
        "ley",
        "lei",
        "gesetz",
        "code",
        "regulation",
        "regulations",
        "directive",
        "convention",
        "treaty",
        "charter",
        "statute",
        "decree",
        "order",
        "budget",
        "census",
        "survey",
        "index",
        "review",
        "edition",
        "initiative",
        "forum",
        "conference",
        "report",
        "summit",
        "year",
        "since",
        "in",
        "by",
        "from",
        "until",
        "resolution",
        "decision",
        "adopted",
        "session",
        "distr",
        "general",
        "assembly",
        "council",
        "updated",
        "published",
        "revised",
        "version",
        "as",
        "at",
        "on",
        "date",
        "dated",
        "issued",
        "copyright",
        // Days of the week ("Thursday, August 6, 2020" is a date, not a place).
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "lundi",
        "mardi",
        "mercredi",
        "jeudi",
        "vendredi",
        "samedi",
        "dimanche",
        "lunes",
        "martes",
        "miércoles",
        "jueves",
        "viernes",
        "sábado",
        "domingo",
        "montag",
        "dienstag",
        "mittwoch",
        "donnerstag",
        "freitag",
        "samstag",
        "sonntag",
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
            // Initials stay as they are ("Bogotá, D.C.").
            let initials = w
                .trim_end_matches(',')
                .split_terminator('.')
                .all(|p| p.chars().count() == 1);
            if w.chars().all(|c| !c.is_lowercase()) && w.chars().count() > 2 && !initials {
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
        dateline(&l)
            .or_else(|| TAIL.captures(&l).and_then(|c| dateline(&c[1])))
            .or_else(|| bracketed_dateline(&l))
    })
}

/// An editor's dateline in brackets, as collections of historical documents print them:
/// "Extracts [NEW YORK, 30 October 1946, 11 a.m.]", "[Geneva, 5 May 1950]".
fn bracketed_dateline(line: &str) -> Option<(Option<String>, PartialDate)> {
    static BRACKETS: Lazy<Regex> = Lazy::new(|| Regex::new(r"\[([^\[\]]{6,80})\]").unwrap());
    static TIME: Lazy<Regex> = Lazy::new(|| {
        Regex::new(
            r"(?i),?\s+(?:at\s+)?\d{1,2}(?:[.:]\d{2})?\s*(?:[ap]\.?\s?m\.?|h(?:\d{2})?|hours)?$",
        )
        .unwrap()
    });
    BRACKETS.captures_iter(line).find_map(|c| {
        let inside = c[1].trim();
        dateline(inside).or_else(|| dateline(&TIME.replace(inside, "")))
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

/// The latest year a text prints (a date's, a law's, a figure's: "1994", "29. Oktober
/// 2008"): a document is no older than the latest year it names.
pub fn latest_printed_year(text: &str) -> Option<i32> {
    static YEAR: Lazy<Regex> = Lazy::new(|| Regex::new(r"\b(1[89]\d\d|20\d\d)\b").unwrap());
    YEAR.captures_iter(text)
        .filter_map(|c| c[1].parse().ok())
        .max()
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
    // A department's or agency's letterhead alone on a line of the title block ("DEPARTMENT
    // OF TRANSPORTATION", "Federal Aviation Administration", "Departamento Nacional de
    // Planeación") names who issued the document.
    // A name in capitals must say it is a department, ministry or government ("OATHS OF
    // OFFICE" is a heading, "SET UP BY THE EUROPEAN COMMISSION" a phrase).
    static DEPARTMENT: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"(?i)^(?:department|ministry|minist[èe]re|ministerio|minist[ée]rio|ministerium|bundesministerium|government|gouvernement|gobierno|governo)\s").unwrap()
    });
    // A parliament's name that heads the page ("European Parliament", "CONGRESO DE LOS
    // DIPUTADOS") issued the text. Only in the first lines: further down a title block, a
    // chamber is more often whom a letter or report is addressed to.
    for (_, line) in header.iter().take(3) {
        if let Some(name) = parliament_name(&strip_markup(line)) {
            if !names.iter().any(|x| x.eq_ignore_ascii_case(&name)) {
                names.push(name);
            }
        }
    }
    for (_, line) in header {
        let t = strip_markup(line);
        if is_agency_letterhead(&t) && (!is_all_caps(&t) || DEPARTMENT.is_match(&t)) {
            let name = if is_all_caps(&t) {
                title_case_name(&t)
            } else {
                t.clone()
            };
            if !names.iter().any(|x| x.eq_ignore_ascii_case(&name)) {
                names.push(name);
            }
        }
    }
    names
}

/// A parliament's own name alone on a line, written as a name ("CONGRESO DE LOS
/// DIPUTADOS" -> "Congreso de los Diputados"): one that names which parliament it is, by
/// an adjective or a complement ("European Parliament", "Deutscher Bundestag", "House of
/// Commons", "Tweede Kamer der Staten-Generaal"). A chamber's bare name ("Senate",
/// "HONORABLE SENADO") says too little to be one.
fn parliament_name(line: &str) -> Option<String> {
    static CHAMBER: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"(?x)^(?:(\p{Lu}\p{L}+)\s+)?
            (?i:(Assemblée\s+nationale|National\s+Assembly|Asamblea\s+Nacional|House\s+of\s+(?:Commons|Lords|Representatives)|Bundestag|Bundesrat|Chambre\s+des\s+(?:députés|représentants)|(?:Tweede|Eerste)\s+Kamer\s+der\s+Staten-Generaal)
              |(S[ée]nat|Senate|Senado|Senato|Parliament|Parlement|Parlamento|Parlament|Congress|Congreso|Congresso)(\s+(?:of|du|de|de\s+la|de\s+los|des|del|della|der|van)\s+\p{L}+(?:\s+\p{L}+)?)?)$").unwrap()
    });
    const HONORIFICS: &[&str] = &["honorable", "honourable", "hon.", "h."];
    let c = CHAMBER.captures(line.trim())?;
    let adjective = c
        .get(1)
        .filter(|a| !HONORIFICS.contains(&a.as_str().to_lowercase().as_str()));
    let named = c.get(2).is_some() || adjective.is_some() || c.get(4).is_some();
    if !named || (c.get(1).is_some() && adjective.is_none()) {
        return None;
    }
    let name = c.get(0)?.as_str().trim();
    Some(if is_all_caps(name) {
        title_case_name(name)
    } else {
        name.to_string()
    })
}

/// A name set in capitals, written as a name: "DEPARTMENT OF TRANSPORTATION" ->
/// "Department of Transportation" (joining words in lower case).
fn title_case_name(s: &str) -> String {
    // The joining words of names in the languages of the masthead rules.
    const PARTICLES: &[&str] = &[
        "de", "del", "la", "las", "los", "le", "les", "du", "des", "der", "die", "das", "van",
        "von", "y", "e", "et", "und", "di", "della", "da", "do", "dos",
    ];
    s.split_whitespace()
        .enumerate()
        .map(|(k, w)| {
            let lower = w.to_lowercase();
            if k > 0
                && (SMALL_WORDS.contains(&lower.as_str()) || PARTICLES.contains(&lower.as_str()))
            {
                lower
            } else {
                title_word(w)
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// What kind of document this is, from evidence in its title block and first lines;
/// `None` when nothing says (never a guess from the absence of evidence).
fn guess_kind(
    labels: &[String],
    meta: &DocumentMeta,
    lines: &[&str],
    header: &[(usize, &str)],
    paper_byline: bool,
) -> Option<&'static str> {
    let label = labels.first().map(|l| l.to_lowercase()).unwrap_or_default();
    if label.contains("summary report") || label == "report" || label == "final report" {
        return Some("summary-report");
    }
    let title = format!(
        "{} {}",
        meta.title.to_lowercase(),
        meta.subtitle.as_deref().unwrap_or("").to_lowercase()
    );
    // A record that names itself a transcript, minutes or a release is one, whatever
    // salutations it records (a parliament's "Mr. Speaker,").
    let named = kind_from_title(&label).or_else(|| kind_from_title(&title));
    if let Some(kind @ ("transcript" | "minutes" | "press-release" | "testimony")) = named {
        return Some(kind);
    }
    if is_letter(lines) {
        return Some("letter");
    }
    if is_transcript(lines) {
        return Some("transcript");
    }
    if is_speech(lines, header) {
        return Some("speech");
    }
    // The label over the title says what the document is ("Statement for the Record",
    // "Fact sheet"), before the title's own words do.
    if let Some(kind) = kind_from_title(&label) {
        return Some(kind);
    }
    if let Some(kind) = kind_from_title(&title) {
        return Some(kind);
    }
    if label.contains("summary") {
        return Some("summary-report");
    }
    if paper_byline && !meta.authors.is_empty() {
        return Some("paper");
    }
    None
}

/// The kind a title (with its subtitle) names: "Transcript of ...", "Press release",
/// "Fact sheet", "Minutes of ...", "... Declaration", "Call for ...", "Statement by ...",
/// "... Report", in English, French, Spanish or German.
pub fn kind_from_title(title: &str) -> Option<&'static str> {
    let title = title.to_lowercase();
    static DECLARATION: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"\b(declaration|communiqu[eé]|call (for|to)|appeal|pledge|charter|principles for|joint statement|d[ée]claration|appel|d[ée]claraci[óo]n|llamamiento|erkl[äa]rung|aufruf)\b").unwrap()
    });
    static REPORT: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"\b(report|assessment|review|evaluation|annual report|white paper|study|staff report|rapport|informe|bericht|relat[óo]rio)\b")
            .unwrap()
    });
    static STATEMENT: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"\b(statement|remarks|speech|address|discours|allocution|intervention|discurso|intervenci[óo]n|rede|ansprache)\b").unwrap()
    });
    static OTHER_KINDS: Lazy<[(Regex, &'static str); 6]> = Lazy::new(|| {
        [
            (r"\b(transcript|verbatim record|compte rendu analytique|compte rendu int[ée]gral|transcripci[óo]n|hansard|official report of (the )?debates|(house of commons|senate|parliamentary|house of representatives) debates|diario de (las )?sesiones|plenarprotokoll|stenografischer bericht)\b", "transcript"),
            (r"\b(press release|media release|news release|press statement|media statement|communiqu[ée] de presse|d[ée]claration [àa] la presse|comunicado de prensa|declaraci[óo]n a la prensa|pressemitteilung|presseerkl[äa]rung)\b", "press-release"),
            (r"\b(fact ?sheet|fiche d[’']information)\b", "fact-sheet"),
            // Written testimony submitted to a legislature, whatever salutation it opens on.
            (r"\b(statement for the record|written testimony|testimony (?:of|before|to)|written statement (?:of|for|to|submitted))\b", "testimony"),
            (r"\b(minutes of|proc[èe]s-verbal)\b", "minutes"),
            // A court's ruling, as its label names it.
            (r"^(?:judgment|judgement|decision|arr[êe]t|d[ée]cision|sentencia|urteil|sentenza|рішення|решение|постановление(?: суда)?)$", "judgment"),
        ]
        .map(|(re, kind)| (Regex::new(re).unwrap(), kind))
    });
    if let Some((_, kind)) = OTHER_KINDS.iter().find(|(re, _)| re.is_match(&title)) {
        return Some(kind);
    }
    if DECLARATION.is_match(&title) {
        return Some("declaration");
    }
    if STATEMENT.is_match(&title) {
        return Some("speech");
    }
    if REPORT.is_match(&title) {
        return Some("report");
    }
    None
}

/// The speaker's label a transcript's turn opens with: "Q", "THE PRESIDENT", "DR. FAUCI",
/// "MR. SMITH" (in capitals, before a colon).
pub(crate) fn speaker_turn(line: &str) -> Option<&str> {
    // A court reporter writes a question "Q." ("A." would be taken for a section's
    // letter, "A. Background").
    static TURN: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"^(?:(Q)\.\s|(Q|A|THE\s+[\p{Lu} ]{2,30}|(?:MR|MRS|MS|DR|SEN|REP|SENATOR|SECRETARY|AMBASSADOR|PRESIDENT|GOVERNOR|GENERAL|ADMIRAL|PRIME\s+MINISTER)\.?\s+[\p{Lu}.'’ -]{2,30})\s*:)").unwrap()
    });
    TURN.captures(line.trim_start())
        .and_then(|c| c.get(1).or_else(|| c.get(2)))
        .map(|m| m.as_str().trim())
}

/// A transcript: turns of two speakers or more, questions among them ("Q:"), all through
/// the text (a press conference, a hearing).
fn is_transcript(lines: &[&str]) -> bool {
    let turns: Vec<&str> = lines.iter().filter_map(|l| speaker_turn(l)).collect();
    let questions = turns.iter().filter(|t| **t == "Q").count();
    let speakers: std::collections::HashSet<&&str> = turns.iter().collect();
    turns.len() >= 8 && speakers.len() >= 2 && questions >= 3
}

/// A letter: a salutation on a line of its own near the top ("Madam,", "Dear Minister,",
/// "Monsieur le Ministre,") and, after it, a letter's closing formula ("Yours sincerely",
/// "Please accept, Madam, the assurances of my highest consideration", "Veuillez agréer
/// ...", "Atentamente", "Mit freundlichen Grüßen"). A speech opens with a salutation too,
/// but never closes so.
fn is_letter(lines: &[&str]) -> bool {
    static SALUTATION: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"(?i)^(?:dear\s+.{1,60}|madam|sir|madame|monsieur|(?:your\s+)?excellency|(?:madame|monsieur)\s+(?:le|la)\s+.{1,50}|estimad[oa]s?\s+.{1,50}|señor(?:a)?(?:\s+.{1,50})?|sehr\s+geehrte[rn]?\s+.{1,60})[,:]$").unwrap()
    });
    static CLOSING: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"(?i)\byours\s+(?:sincerely|faithfully|truly)\b|^sincerely(?:\s+yours)?,?$|\baccept\b.{0,80}\bassurances?\s+of\s+my\s+(?:highest|high|most\s+distinguished)\s+consideration|\bveuillez\s+agr[ée]er\b|\bje\s+vous\s+prie\s+d.agr[ée]er\b|^atentamente,?$|\ble\s+saluda\s+atentamente\b|\bmit\s+freundlichen\s+gr[üu](?:ß|ss)en\b|^hochachtungsvoll,?$").unwrap()
    });
    let text: Vec<String> = lines
        .iter()
        .map(|l| strip_markup(l))
        .filter(|l| !l.is_empty())
        .collect();
    let Some(salute) = text.iter().take(30).position(|l| SALUTATION.is_match(l)) else {
        return false;
    };
    text[salute + 1..].iter().any(|l| CLOSING.is_match(l))
}

/// A speech opens with a salutation or speaks to an audience in its first lines
/// ("Mr. President,", "Excellencies, ladies and gentlemen", "It is my honour to address
/// the General Assembly").
fn is_speech(lines: &[&str], header: &[(usize, &str)]) -> bool {
    static ADDRESS: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"(?i)\b(ladies and gentlemen|excellencies|distinguished (delegates|guests|participants|colleagues)|to address (this|the) (assembly|general assembly|council|conference|summit|forum)|mr\.? president|madam president|i thank you for your attention)\b").unwrap()
    });
    let start = header.last().map(|(n, _)| n + 1).unwrap_or(0);
    let mut seen = 0;
    for line in lines.iter().skip(start.saturating_sub(header.len())) {
        let t = strip_markup(line);
        if t.is_empty() {
            continue;
        }
        if is_opening_formula(&t) && !t.to_lowercase().starts_with("on behalf")
            || ADDRESS.is_match(&t)
        {
            return true;
        }
        seen += 1;
        if seen >= 6 {
            break;
        }
    }
    // The closing formula of a speech.
    lines
        .iter()
        .rev()
        .map(|l| strip_markup(l))
        .filter(|l| !l.is_empty())
        .take(2)
        .any(|l| {
            let l = l.to_lowercase();
            // "Thank you." / "Thank you very much, Mr. President." ends a speech; "Thank
            // you to everyone who had a hand in ..." ends a blog's acknowledgements.
            (l.starts_with("thank you") && l.split_whitespace().count() <= 8 && !l.contains(" to "))
                || l.contains("i thank you for your attention")
        })
}

/// The language of a text as an ISO 639-1 code (639-3 where a language has none), or
/// `None` when the text is too short or mixed to tell.
pub fn detect_language(text: &str) -> Option<String> {
    let sample = prose_sample(text);
    let info = whatlang::detect(&unspaced_prose(&sample).unwrap_or(sample))?;
    if !info.is_reliable() && info.confidence() < 0.5 {
        return None;
    }
    Some(iso639_1(info.lang()).to_string())
}

/// The Chinese or Japanese characters of a text where those make 30 % of its words or more
/// (a character of theirs counted as a word): a Japanese deck's Latin lines are code,
/// addresses and indicators, whose letters outnumber the prose's characters and would
/// read as English.
fn unspaced_prose(sample: &str) -> Option<String> {
    use super::script::is_unspaced_script;
    let unspaced = |l: &str| l.chars().filter(|c| is_unspaced_script(*c)).count();
    let (mut cjk, mut words) = (0usize, 0usize);
    for line in sample.lines() {
        let n = unspaced(line);
        cjk += n;
        words += n + line
            .split_whitespace()
            .filter(|w| {
                w.chars()
                    .any(|c| c.is_alphabetic() && !is_unspaced_script(c))
            })
            .count();
    }
    (cjk >= 50 && cjk * 10 >= words * 3).then(|| {
        sample
            .chars()
            .map(|c| if is_unspaced_script(c) { c } else { ' ' })
            .collect()
    })
}

/// A Markdown code fence (```` ``` ```` or `~~~`) opening or closing a code block.
pub(crate) fn is_code_fence(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with("```") || t.starts_with("~~~")
}

/// The running text of a document, up to about 20,000 bytes (enough, and fast on long
/// reports): code blocks, web addresses and link targets left out, so that an Arabic
/// report quoting English command logs is read as Arabic.
fn prose_sample(text: &str) -> String {
    static URL: Lazy<Regex> =
        Lazy::new(|| Regex::new(r"\]\([^)\s]*\)|<?(?:https?://|www\.)\S+").unwrap());
    let mut sample = String::new();
    let mut in_code = false;
    for line in text.lines() {
        let t = line.trim_start();
        if is_code_fence(t) {
            in_code = !in_code;
            continue;
        }
        if in_code || line.starts_with("    ") || line.starts_with('\t') {
            continue;
        }
        sample.push_str(&URL.replace_all(line, "]"));
        sample.push('\n');
        if sample.len() > 20_000 {
            break;
        }
    }
    sample
}

fn iso639_1(lang: whatlang::Lang) -> &'static str {
    use whatlang::Lang::*;
    match lang {
        Eng => "en",
        Fra => "fr",
        Spa => "es",
        Deu => "de",
        Ita => "it",
        Por => "pt",
        Nld => "nl",
        Rus => "ru",
        Ukr => "uk",
        Pol => "pl",
        Ces => "cs",
        Slk => "sk",
        Slv => "sl",
        Hrv => "hr",
        Srp => "sr",
        Bul => "bg",
        Ron => "ro",
        Hun => "hu",
        Ell => "el",
        Tur => "tr",
        Ara => "ar",
        Heb => "he",
        Pes => "fa",
        Urd => "ur",
        Hin => "hi",
        Ben => "bn",
        Cmn => "zh",
        Jpn => "ja",
        Kor => "ko",
        Vie => "vi",
        Tha => "th",
        Ind => "id",
        Swe => "sv",
        Dan => "da",
        Nob => "no",
        Fin => "fi",
        Est => "et",
        Lav => "lv",
        Lit => "lt",
        Cat => "ca",
        Epo => "eo",
        Afr => "af",
        Tgl => "tl",
        other => other.code(),
    }
}

/// Title-case an all-capitals phrase, keeping acronyms and the document's own spelling
/// of mixed-case words; other text is returned as it is.
/// A title in capitals but for its small words ("WORLDWIDE THREAT ASSESSMENT of the US
/// INTELLIGENCE COMMUNITY") counts as all capitals. `language`: the document's, as
/// [`detect_language`] tells it.
pub fn readable_case(s: &str, document: &str, language: Option<&str>) -> String {
    let spaced_out = letters_spaced_out(s);
    let s = spaced_out.as_deref().unwrap_or(s);
    if !is_all_caps(s) && !is_capitals_title(s) && !mostly_caps(s) {
        return s.to_string();
    }
    // Titles in French, Spanish, German... are written as sentences: each word as the
    // document itself writes it (nouns capitalised in German, names everywhere).
    if language.is_some_and(|l| l != "en") {
        return sentence_case_by_document(s, document);
    }
    let spellings = mixed_case_spellings(document);
    let small = small_words_written_lower(s, document);
    let mut out = Vec::new();
    // A case's "v." and "et al." between the parties' names.
    const CASE_WORDS: &[&str] = &["v.", "vs.", "v", "et", "al."];
    for (i, word) in s.split_whitespace().enumerate() {
        let lower = word.to_lowercase();
        if i > 0 && (small.contains(&lower) || CASE_WORDS.contains(&lower.as_str())) {
            out.push(lower);
        } else {
            out.push(word_as_written(
                case_word(word, i == 0, &spellings),
                document,
            ));
        }
    }
    out.join(" ")
}

/// A short word kept in capitals as an acronym ("UN", "ICT") that the document itself
/// writes as a word more often ("Act" in "ONLINE SAFETY ACT 2023"): as the document writes
/// it.
fn word_as_written(cased: String, document: &str) -> String {
    let n = cased.chars().count();
    if !(2..=3).contains(&n) || !cased.chars().all(|c| c.is_uppercase()) {
        return cased;
    }
    let titled = title_word(&cased);
    let count = |w: &str| {
        document
            .match_indices(w)
            .filter(|(at, _)| {
                let before = document[..*at].chars().next_back();
                let after = document[at + w.len()..].chars().next();
                !before.is_some_and(char::is_alphanumeric)
                    && !after.is_some_and(char::is_alphanumeric)
            })
            .count()
    };
    if count(&titled) > count(&cased) {
        titled
    } else {
        cased
    }
}

/// A word set letter by letter for emphasis ("У К А З", "B E R I C H T"): the word.
fn letters_spaced_out(s: &str) -> Option<String> {
    let parts: Vec<&str> = s.split_whitespace().collect();
    (parts.len() >= 3
        && parts
            .iter()
            .all(|p| p.chars().count() == 1 && p.chars().all(char::is_alphabetic)))
    .then(|| parts.concat())
}

/// Every word in capitals but the small words, which are in lower case.
fn is_capitals_title(s: &str) -> bool {
    let (small, big): (Vec<&str>, Vec<&str>) = s
        .split_whitespace()
        .partition(|w| SMALL_WORDS.contains(&w.to_lowercase().as_str()));
    !small.is_empty()
        && small.iter().all(|w| !w.chars().any(char::is_uppercase))
        && is_all_caps(&big.join(" "))
}

/// The words of `title` that are small words in French, Spanish or German ("DE", "LA",
/// "UND") and that the document itself writes in lower case (three times at least), so a
/// French "COMITÉ DE DÉMOLITION" reads "Comité de démolition"-like, never an acronym
/// "DE", while an English title's "DIE" stays a word unless the text says otherwise.
fn small_words_written_lower(title: &str, document: &str) -> HashSet<String> {
    const SMALL: &[&str] = &[
        "de", "du", "des", "la", "le", "les", "et", "en", "au", "aux", "sur", "pour", "par", "el",
        "los", "las", "del", "y", "por", "para", "con", "der", "die", "das", "und", "für", "von",
        "zu", "im", "mit", "den", "dem",
    ];
    let wanted: HashSet<String> = title
        .split_whitespace()
        .map(str::to_lowercase)
        .filter(|w| SMALL.contains(&w.as_str()))
        .collect();
    if wanted.is_empty() {
        return wanted;
    }
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for w in document.split(|c: char| !c.is_alphanumeric()) {
        if wanted.contains(w) {
            *counts.entry(w).or_default() += 1;
        }
    }
    wanted
        .into_iter()
        .filter(|w| counts.get(w.as_str()).is_some_and(|n| *n >= 3))
        .collect()
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
    if is_reference_code(word) {
        return word.to_string();
    }
    let lower = word.to_lowercase();
    if let Some(spelling) = spellings.get(&lower) {
        return spelling.clone();
    }
    // An abbreviation with its full stops ("A.M.", "U.S.") keeps its capitals.
    static ABBREVIATION: Lazy<Regex> = Lazy::new(|| Regex::new(r"^(?:\p{Lu}\.){2,}$").unwrap());
    if ABBREVIATION.is_match(word) {
        return word.to_string();
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

/// `s` with each word spelled as the document's running text spells it most often
/// ("DISCOURS DE SON EXCELLENCE" -> "Discours de son Excellence"; an acronym such as
/// "FOCAC" stays in capitals), its first letter capitalised.
fn sentence_case_by_document(s: &str, document: &str) -> String {
    let mut spellings: HashMap<String, HashMap<&str, usize>> = HashMap::new();
    // Running text only: lines set in capitals (the title itself, headings) say nothing
    // of how a word is spelled.
    let running = document
        .lines()
        .filter(|l| l.chars().any(char::is_lowercase));
    for w in running.flat_map(|l| l.split(|c: char| !c.is_alphanumeric())) {
        if w.chars().any(char::is_alphabetic) {
            *spellings
                .entry(w.to_lowercase())
                .or_default()
                .entry(w)
                .or_default() += 1;
        }
    }
    // Capitals often drop their accents ("PRESIDENT DE LA REPUBLIQUE"): a word not found
    // as written is looked up without them.
    let mut by_folded: HashMap<String, &str> = HashMap::new();
    for key in spellings.keys() {
        by_folded.entry(without_accents(key)).or_insert(key);
    }
    let spell = |word: &str| -> String {
        let lower = word.to_lowercase();
        let lower = if spellings.contains_key(&lower) {
            lower
        } else {
            by_folded
                .get(&without_accents(&lower))
                .map_or(lower, |k| k.to_string())
        };
        let best = spellings.get(&lower).and_then(|forms| {
            forms
                .iter()
                // The most frequent; of two as frequent, the one with fewer capitals.
                .max_by(|a, b| a.1.cmp(b.1).then_with(|| capitals(b.0).cmp(&capitals(a.0))))
                .map(|(w, _)| *w)
        });
        match best {
            // Written so in running text: an acronym stays in capitals too.
            Some(w) => w.to_string(),
            // Not in the text: a number ("4ÈME"), an acronym, or else a word whose
            // capital is the lesser risk (a name written in lower case reads wrong).
            None if word.chars().any(|c| c.is_ascii_digit()) => lower,
            None if word.chars().count() <= 3 => word.to_string(),
            None => title_word(word),
        }
    };
    let mut out = String::with_capacity(s.len());
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String| {
        if !run.is_empty() {
            out.push_str(&spell(run));
            run.clear();
        }
    };
    for token in s.split_inclusive(char::is_whitespace) {
        let word = token.trim_end();
        if is_reference_code(word) || is_initialism(word) {
            flush(&mut run, &mut out);
            out.push_str(token);
            continue;
        }
        for c in token.chars() {
            if c.is_alphanumeric() {
                run.push(c);
            } else {
                flush(&mut run, &mut out);
                out.push(c);
            }
        }
    }
    flush(&mut run, &mut out);
    capitalise_first(&out)
}

/// Capitals each followed by a full stop ("G.B.S.,", "J.P.", "U.S."): an honour's or a
/// country's initials, never re-cased letter by letter ("G.B.s." had been made of the
/// lone "s" running text writes).
fn is_initialism(word: &str) -> bool {
    let w = word.trim_end_matches([',', ';', ')']);
    let mut letters = 0;
    let mut chars = w.chars();
    while let Some(c) = chars.next() {
        if !(c.is_uppercase() && chars.next() == Some('.')) {
            return false;
        }
        letters += 1;
    }
    letters >= 2
}

/// A title that opens with the code its institution files it under ("P9_TA(2024)0138
/// Artificial Intelligence Act", "A/RES/78/265 Seizing the opportunities ..."): the code
/// and the title. A code has three figures or more and a slash, a bracket or an
/// underscore, so a name in capitals ("COVID-19 Response Plan", "G7 Hiroshima ...") is
/// never one.
pub(crate) fn reference_code_before(title: &str) -> Option<(&str, &str)> {
    let (code, rest) = title.split_once(' ')?;
    let rest = rest.trim();
    // A chamber's file number is figures alone ("122/000097").
    let digits = code.chars().filter(char::is_ascii_digit).count();
    let numbered =
        code.contains('/') && code.chars().all(|c| c.is_ascii_digit() || c == '/') && digits >= 6;
    let filed =
        numbered || (is_reference_code(code) && digits >= 3 && code.contains(['/', '(', '_']));
    (filed && rest.split_whitespace().count() >= 2 && looks_like_title(rest))
        .then_some((code, rest))
}

/// A document symbol or reference code in capitals ("A/HRC/WG.6/7/SVN/3", "GE.25-02819",
/// "COVID-19"; not "ADD.1", which UN documents write "Add.1"): capitals with a slash or
/// two digits, never re-cased (the running text may
/// write its parts in lower case inside web addresses).
fn is_reference_code(word: &str) -> bool {
    word.chars().filter(|c| c.is_uppercase()).count() >= 2
        && !word.chars().any(char::is_lowercase)
        && (word.contains('/') || word.chars().filter(char::is_ascii_digit).count() >= 2)
}

fn without_accents(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .collect()
}

fn capitals(s: &str) -> usize {
    s.chars().filter(|c| c.is_uppercase()).count()
}

pub(crate) fn capitalise_first(s: &str) -> String {
    match s.char_indices().find(|(_, c)| c.is_alphabetic()) {
        Some((i, c)) => format!("{}{}{}", &s[..i], c.to_uppercase(), &s[i + c.len_utf8()..]),
        None => s.to_string(),
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_statements_opening_dateline_gives_its_place_and_date() {
        let text = "# Joint Press Statement for the 33rd Malaysia-Singapore Annual Exchange of Visits\n\n**Singapore, 27 November 2024** - At the invitation of Ms Grace Fu, Minister of Sustainability and the Environment of Singapore, the Malaysian minister visited.\n\n2 The Malaysia delegation comprised senior officials.\n";
        let e = extract(text);
        assert_eq!(
            e.meta.date.map(|d| d.to_string()).as_deref(),
            Some("2024-11-27")
        );
        assert_eq!(e.meta.place.as_deref(), Some("Singapore"));
        assert_eq!(e.meta.kind.as_deref(), Some("press-release"));
        // A sentence with a date in it before a dash is no dateline.
        assert_eq!(
            opening_dateline("The meeting that began in Geneva on 8 May 2019 ended - Then"),
            None
        );
    }

    #[test]
    fn a_news_dateline_gives_its_place_and_day() {
        assert_eq!(
            news_dateline("San José, 21 Abr (Elpaís.cr).- El Gobierno entregó hoy"),
            Some(("San José".into(), (4, 21)))
        );
        assert_eq!(
            news_dateline("WASHINGTON, Dec. 4 (Reuters) - The agency said"),
            Some(("Washington".into(), (12, 4)))
        );
        assert_eq!(
            news_dateline("PARIS, 12 mars (AFP) – Le gouvernement a annoncé"),
            Some(("Paris".into(), (3, 12)))
        );
        assert_eq!(
            news_dateline("Rio de Janeiro, 3 de ago. - O governo anunciou"),
            Some(("Rio de Janeiro".into(), (8, 3)))
        );
        for not in [
            "In Paris, 12 June: the ministers met.",
            "However, 12 people died in the attack - officials said.",
            "The ministers met in Paris on 12 March - and agreed.",
            "Geneva, 31 Feb (AFP) - no such day.",
        ] {
            assert_eq!(news_dateline(not), None, "{not}");
        }
    }

    #[test]
    fn kinds_named_in_titles() {
        for (title, kind) in [
            (
                "Transcript of press conference, 10 December 2008",
                Some("transcript"),
            ),
            (
                "Media release: Australia and the United Nations",
                Some("press-release"),
            ),
            ("Communiqué de presse du ministère", Some("press-release")),
            (
                "Fact Sheet: Rising ransomware threat to operational technology",
                Some("fact-sheet"),
            ),
            (
                "Minutes of the 12th meeting of the working group",
                Some("minutes"),
            ),
            ("Joint communiqué of the ministers", Some("declaration")),
            ("Statement by the Minister", Some("speech")),
            ("Annual report 2024", Some("report")),
            (
                "Rapport fait au nom de la Commission des lois",
                Some("report"),
            ),
            ("Informe anual de la Defensoría", Some("report")),
            ("Lethal autonomous weapons systems", None),
            // Written testimony to a legislature, not a speech.
            ("Statement for the Record", Some("testimony")),
            ("Edited Hansard • Number 2", Some("transcript")),
            (
                "House of Commons Debates, Official Report",
                Some("transcript"),
            ),
            (
                "Deutscher Bundestag Stenografischer Bericht 12. Sitzung",
                Some("transcript"),
            ),
        ] {
            assert_eq!(kind_from_title(title), kind, "{title}");
        }
    }

    /// [`super::readable_case`] in the language detected for `document`, as `extract`
    /// calls it.
    fn readable_case(s: &str, document: &str) -> String {
        super::readable_case(s, document, detect_language(document).as_deref())
    }

    #[test]
    fn a_short_word_in_a_capitals_title_is_cased_as_the_document_writes_it() {
        let notes = "These notes explain the Act. Part 3 of the Act sets duties, and the Act gives the UN and the EU no role.";
        assert_eq!(
            readable_case("ONLINE SAFETY ACT 2023", notes),
            "Online Safety Act 2023"
        );
        assert_eq!(
            readable_case("THE UN AND THE EU", notes),
            "The UN and the EU"
        );
    }

    #[test]
    fn a_japanese_deck_full_of_code_is_japanese() {
        let mut deck = String::new();
        for k in 0..40 {
            deck.push_str(&format!(
                "Lazarusグループによる攻撃オペレーションは、多数の国で確認されており{k}\n"
            ));
            deck.push_str("POST /index.php HTTP/1.1 Content-Type: application/x-www-form-urlencoded Accept: */* User-Agent: Mozilla compatible MSIE Windows NT\n");
            deck.push_str("hxxps://update.example.com/images/banner.jpg c2 server beacon interval jitter sleep\n");
        }
        assert_eq!(detect_language(&deck).as_deref(), Some("ja"));
        // An English report quoting a Chinese name now and then is English.
        let report = "The delegation met the Ministry of Foreign Affairs (外交部) in Beijing to discuss the agreement, its implementation and the next steps for cooperation.\n".repeat(20);
        assert_eq!(detect_language(&report).as_deref(), Some("en"));
    }

    #[test]
    fn initials_keep_their_capitals_when_a_line_is_re_cased() {
        assert!(is_initialism("G.B.S.,"));
        assert!(is_initialism("J.P."));
        assert!(!is_initialism("A."));
        assert!(!is_initialism("Add.1"));
        let record =
            "The President's honours were listed; it's the Council's record, as it's read.";
        let cased = sentence_case_by_document("PRESIDENT TSANG, G.B.S., J.P.", record);
        assert!(cased.ends_with(", G.B.S., J.P."), "{cased}");
    }

    #[test]
    fn titles_in_capitals_are_made_readable_in_their_language() {
        let english = "The Intelligence Community assesses threats to the United States.";
        assert_eq!(
            readable_case(
                "WORLDWIDE THREAT ASSESSMENT of the US INTELLIGENCE COMMUNITY",
                english
            ),
            "Worldwide Threat Assessment of the US Intelligence Community"
        );
        let french = "Le comité de démolition de la ville a siégé le 20 juin, et les membres de la commission ont voté.";
        assert_eq!(
            readable_case("COMITÉ DE DÉMOLITION", french),
            "Comité de démolition"
        );
        let speech = "Excellence, Monsieur le Président de la République du Sénégal, je voudrais remercier son peuple et la Chine pour le sommet du FOCAC. Le Président Diomaye Faye et son gouvernement ont salué le Forum. Excellence, nous sommes réunis.";
        assert_eq!(
            readable_case(
                "DISCOURS DE SON EXCELLENCE MONSIEUR BASSIROU DIOMAYE FAYE, PRÉSIDENT DE LA RÉPUBLIQUE DU SÉNÉGAL (FOCAC)",
                speech
            ),
            "Discours de son Excellence Monsieur Bassirou Diomaye Faye, Président de la République du Sénégal (FOCAC)"
        );
        // Capitals without their accents take them back from the text.
        assert_eq!(
            readable_case("PRESIDENT DE LA REPUBLIQUE DU SENEGAL", speech),
            "Président de la République du Sénégal"
        );
        let german = "Die Bundesregierung will mehr Transparenz bei Preisanpassungen schaffen. Die Transparenz ist für die Verbraucher wichtig, und die Regeln gelten für alle Verträge.";
        assert_eq!(
            readable_case("MEHR TRANSPARENZ BEI PREISANPASSUNGEN", german),
            "Mehr Transparenz bei Preisanpassungen"
        );
        // Without the text's evidence, a short word in capitals may be an acronym.
        assert_eq!(
            readable_case("WHY DEMOCRACIES DIE", english),
            "Why Democracies DIE"
        );
        assert_eq!(
            readable_case("Mixed Case Title", english),
            "Mixed Case Title"
        );
    }

    #[test]
    fn a_document_label_over_the_title_is_not_the_title() {
        let text = "STATEMENT FOR THE RECORD\n\nWORLDWIDE THREAT ASSESSMENT of the US INTELLIGENCE COMMUNITY\n\nFebruary 13, 2018\n\nINTRODUCTION\n\nChairman Burr, Vice Chairman Warner, Members of the Committee, thank you for the invitation to offer the assessment.\n";
        let e = extract(text);
        assert_eq!(
            e.meta.title,
            "Worldwide Threat Assessment of the US Intelligence Community"
        );
        // The label is kept as the subtitle, not "Introduction" under it.
        assert_eq!(e.meta.subtitle.as_deref(), Some("Statement for the Record"));
        assert_eq!(e.meta.kind.as_deref(), Some("testimony"));
    }

    #[test]
    fn a_un_masthead_agenda_title_and_sponsors_line_are_not_the_title() {
        let text = "United Nations\n\nGeneral Assembly\n\nDistr.: Limited 14 October 2025\n\nEightieth session\n\nFirst Committee\n\nAgenda item 99 (kk)\n\nGeneral and complete disarmament: lethal autonomous weapons systems that the committee considers under this item of its agenda every year\n\nAustria, Belgium, Brazil, Costa Rica, Cuba, Guatemala, Ireland, Kazakhstan, Kiribati, Liechtenstein, Malta, Mexico, New Zealand, Philippines, Sierra Leone and Tonga: draft resolution\n\nLethal autonomous weapons systems\n\nThe General Assembly,\n\nRecalling its resolutions 78/241 of 22 December 2023,\n";
        let e = extract(text);
        assert_eq!(e.meta.title, "Lethal autonomous weapons systems");
        assert_eq!(e.meta.kind.as_deref(), Some("draft-resolution"));
    }

    #[test]
    fn a_notice_before_the_title_leaves_the_title_to_the_first_top_heading() {
        let text = "The following information is being provided by the FBI, with no guarantees or warranties, for potential use at the sole discretion of recipients.\n\nThis FLASH has been released TLP:WHITE.\n\n## Chinese APT10 intrusion activities target Government, Cloud-Computing Managed Service Providers.\n\nThe following information was obtained through FBI investigations.\n\n#### SUMMARY\n\nThe FBI obtained information regarding a group of actors.\n\n## 02 JAN 2019\n\nAlert Number\n";
        let e = extract(text);
        assert_eq!(
            e.meta.title,
            "Chinese APT10 intrusion activities target Government, Cloud-Computing Managed Service Providers"
        );
        assert_eq!(e.rules.get("title"), Some(&rule::TOP_HEADING));
        assert_eq!(
            e.meta.date.map(|d| d.to_string()).as_deref(),
            Some("2019-01-02")
        );
        assert_eq!(e.rules.get("date"), Some(&rule::DATE_HEADING));
        // A first section's name is no title: the file name stays the last resort.
        let text = "This report was prepared by the staff for the use of the committee and does not represent its views.\n\n## Introduction\n\nThe committee met twice.\n";
        assert_eq!(extract(text).meta.title, "");
    }

    #[test]
    fn a_line_introducing_an_address_or_a_salutation_is_no_title() {
        let text = "Приєднатися до петиції можна на сайті електронних петицій Президенту України:\nhttps://petition.president.gov.ua/petition/161238\n\nШановний пане Президенте!\n\n28 червня 2022, на засіданні Ради Безпеки ООН Ви оголосили промову, в якій закликали позбавити делегацію повноважень.\n";
        assert_eq!(extract(text).meta.title, "");
        for line in [
            "Estimado Presidente:",
            "Уважаемые коллеги!",
            "Gentile Presidente,",
        ] {
            assert!(is_opening_formula(line), "{line}");
        }
    }

    #[test]
    fn capitals_read_as_words_keep_abbreviations_and_close_letter_spacing() {
        let doc = "The President met the commission at 10:53 in the morning.";
        assert_eq!(
            super::readable_case("10:53 A.M. EST", doc, Some("en")),
            "10:53 A.M. EST"
        );
        assert_eq!(
            super::readable_case("У К А З", "Текст указа.", Some("ru")),
            "Указ"
        );
    }

    #[test]
    fn a_press_releases_title_comes_after_its_release_line() {
        let text = "Cite:\nhttp://www.whitehouse.gov/the-press-office/2014/01/22/remarks\n\nThe White House\nOffice of the Press Secretary\n\nFor Immediate Release\nJanuary 22, 2014\n\nRemarks by the President Before Meeting with the Presidential Commission on Election Administration\n\nRoosevelt Room\n\n10:53 A.M. EST\n\nTHE PRESIDENT: Hello, everybody. Glad you guys made it to work. We are here to talk about how Americans vote and how long they wait in line.\n";
        let e = extract(text);
        assert_eq!(
            e.meta.title,
            "Remarks by the President Before Meeting with the Presidential Commission on Election Administration"
        );
        assert_eq!(
            e.meta.date.map(|d| d.to_string()).as_deref(),
            Some("2014-01-22")
        );
        assert_ne!(e.meta.subtitle.as_deref(), Some("10:53 A.M. EST"));
        // The letterhead over the release line issues it.
        assert_eq!(
            e.meta.organisations.first().map(String::as_str),
            Some("The White House")
        );
    }

    #[test]
    fn a_blogs_thanks_are_no_speechs_closing() {
        let body = format!(
            "IT warning banners\n\n{}This work is a great example of a policy tweak.\n\n",
            "Agencies should consider how legal language reads to users, and the banner now appears less often on public pages.\n\n".repeat(6)
        );
        let blog = format!("{body}Thank you to everyone who had a hand in implementing this change: GSA Tech Law Division, GSA IT Security.\n");
        assert_ne!(extract(&blog).meta.kind.as_deref(), Some("speech"));
        let speech = format!("{body}Thank you very much.\n");
        assert_eq!(extract(&speech).meta.kind.as_deref(), Some("speech"));
    }

    #[test]
    fn a_reports_lists_and_parts_are_no_subtitle() {
        for line in [
            "SIGLES ET ABRÉVIATION",
            "PAGES",
            "PREMIERE PARTIE : NOUVEAUX PROJETS",
            "Chapter 1",
            "Part II",
        ] {
            assert!(is_section_name(line), "{line}");
        }
        assert!(!is_subtitle_line(
            "INTRODUCTION\t08",
            "Rapport d’activités 2023"
        ));
        assert!(!is_section_name("Partnerships for peace"));
    }

    /// A cover sets its title in its largest type: the smaller lines above it (an
    /// issuer's name, a logo's words, a language stamp, a series label) are not the title.
    #[test]
    fn a_covers_title_is_its_largest_line() {
        let title = |text: &str| extract_as(text, true).meta.title;
        assert_eq!(
            title("#### INDEPENDENT\n\n## HIGH-LEVEL EXPERT GROUP ON ARTIFICIAL INTELLIGENCE\n\n#### SET UP BY THE EUROPEAN COMMISSION\n\n# ETHICS GUIDELINES\n\n### FOR TRUSTWORTHY AI\n\nThis document was written by the High-Level Expert Group on AI. The members support the framework.\n"),
            "Ethics Guidelines for Trustworthy AI"
        );
        assert_eq!(
            title("## ENGLISH\n\nUnited Nations\nEducational, Scientific and\nCultural Organization\n\n# BEIJING CONSENSUS on artificial intelligence and education\n\nOutcome document of the International Conference\n"),
            "BEIJING CONSENSUS on artificial intelligence and education"
        );
        assert_eq!(
            title("### ITUPublications\n\n#### International Telecommunication Union\n\n# ITU-T Focus Group Deliverable\n\n#### (03/2023)\n\n# FG-AI4H DEL04 AI software life cycle specification\n\nBuilding a quality product includes performing quality tasks throughout the development lifecycle of the product.\n"),
            "FG-AI4H DEL04 AI software life cycle specification"
        );
        // A label set larger than the title ("검 토 보 고", review report) is a label.
        assert_eq!(
            title("제414 국회(임시회)\n\n## 기후위기 대응을 위한 탄소중립ᆞ녹색성장 기본법 일부개정법률안\n\n# 검 토 보 고\n\n#### 2024. 5.\n"),
            "기후위기 대응을 위한 탄소중립ᆞ녹색성장 기본법 일부개정법률안"
        );
        // A chapter's heading on a page from a longer document is no cover title.
        assert_eq!(
            title("盐城高新区投资集团有限公司 2023 年度第四期超短期融资券募集说明书\n\n# 第七章 企业资信状况\n\n一、发行人历史信用评级情况\n"),
            "盐城高新区投资集团有限公司 2023 年度第四期超短期融资券募集说明书"
        );
        // Where headings are the author's (Word, a web page), a line over a heading stays
        // the title.
        assert_eq!(
            extract("Why victims do not report cybercrime\n\n# Who we talked to\n\nWe talked to forty people.\n").meta.title,
            "Why victims do not report cybercrime"
        );
        // Under a publisher's imprint there is no title: an address line is none.
        assert_eq!(
            title("HERAUSGEBER:\nBundesministerium\ndes Innern\n11014\nBerlin\n(Postanschrift)\n"),
            ""
        );
    }

    /// A court's ruling: the court and its section are the masthead, "DECISION" says
    /// what it is and the application's number which one; the case is the title, and the
    /// day the court sat is its date.
    #[test]
    fn a_courts_decision_is_titled_by_its_case() {
        let e = extract_as(
            "# FIFTH SECTION\n\n# DECISION\n\nApplication no. 54904/08\nPetro Yakovych PETLYOVANYY\nagainst Ukraine\n\nThe European Court of Human Rights (Fifth Section), sitting on\n30 September 2014 as a Chamber composed of:\n",
            true,
        );
        assert_eq!(e.meta.title, "Petro Yakovych PETLYOVANYY against Ukraine");
        assert_eq!(e.meta.kind.as_deref(), Some("judgment"));
        assert_eq!(e.meta.date, PartialDate::parse("2014-09-30"));
        for masthead in [
            "П’ЯТА СЕКЦІЯ",
            "ПЕРВАЯ СЕКЦИЯ",
            "Grand Chamber",
            "ЕВРОПЕЙСКИЙ СУД ПО ПРАВАМ ЧЕЛОВЕКА",
            "ENGLISH",
        ] {
            assert!(is_masthead(masthead), "{masthead}");
        }
        // "v." is no sentence's end.
        assert!(!reads_as_sentence("CASE OF GARKAVYY v. UKRAINE"));
        assert!(reads_as_sentence("It was adopted. Then it was published"));
    }

    /// A speech's long title is its title, not its length noted for the speaker; a
    /// letter's first line is no title when its sentence goes on below, however far down
    /// the title block ends.
    #[test]
    fn a_speechs_title_and_a_letters_first_line_are_told_apart() {
        let speech = "# Mensaje de la secretaria de Relaciones Exteriores, Alicia Bárcena Ibarra, en el Debate General del 79° periodo ordinario de sesiones de la Asamblea General de la Organización de las Naciones Unidas (ONU)\n\nPlenario de la Asamblea General, 12:00 hrs.\nNueva York, 28 de septiembre de 2024.\n2724 palabras – 15 minutos\n\nMr. President, señor presidente.\n";
        let e = extract_as(speech, true);
        assert!(
            e.meta.title.starts_with("Mensaje de la secretaria"),
            "{}",
            e.meta.title
        );
        assert_eq!(e.meta.place.as_deref(), Some("Nueva York"));
        assert!(is_reading_time("2724 palabras – 15 minutos"));
        assert!(is_reading_time("1,200 words"));
        assert!(!is_reading_time(
            "The 15 minutes that changed the internet governance debate in Geneva"
        ));
        let letter = "## NATIONAL CYBER STRATEGY\n\n#### of the United States of America\n\nSEPTEMBER 2018\nMy fellow Americans:\n\nProtecting America’s national security and promoting the prosperity of the American people\nare my top priorities. Ensuring the security of cyberspace is fundamental to both endeavors.\n";
        let e = extract_as(letter, true);
        assert_ne!(
            e.meta.title,
            "Protecting America’s national security and promoting the prosperity of the American people"
        );
        assert!(
            !e.consumed_lines.iter().any(|c| c.line == 7),
            "{:?}",
            e.consumed_lines
        );
        // A narrow column's line of running text that stops mid-phrase is no title.
        let column = "Aber nicht minder hoffnungsvoll, ich möchte sa-\ngen, Erlösung heischend sind heute die Augen jener\nMillionen deutscher Landsleute auf uns gerichtet,\ndie in den deutschen Ostgebieten wohnen und\nderen Vertretern Besatzungsmacht oder fremde\nVerwaltung gewaltsam verwehrt, mit in diesem\nSaale zu sitzen und mit uns zu beraten.\n";
        let e = extract_as(column, true);
        assert_ne!(e.meta.title, "Verwaltung gewaltsam verwehrt, mit in diesem");
        assert!(e.consumed_lines.is_empty(), "{:?}", e.consumed_lines);
    }

    /// Dates as covers and datelines print them in Russian, Ukrainian, Portuguese,
    /// Italian and Dutch, in brackets, with a city's initials, over a meeting's days, or
    /// after "Adopted on".
    #[test]
    fn more_languages_and_forms_of_dates_are_read() {
        let d = |s: &str| PartialDate::parse(s);
        assert_eq!(
            dateline("(Страсбург, 24 марта 2005 года)"),
            Some((Some("Страсбург".to_string()), d("2005-03-24").unwrap()))
        );
        assert_eq!(
            dateline("18 лютого 2010 року"),
            Some((None, d("2010-02-18").unwrap()))
        );
        assert_eq!(
            dateline("Bogotá, D.C., 8 de noviembre de 2019"),
            Some((Some("Bogotá, D.C.".to_string()), d("2019-11-08").unwrap()))
        );
        assert_eq!(
            dateline("Brasília, 6 de abril de 2021").map(|x| x.1),
            d("2021-04-06")
        );
        assert_eq!(
            dateline("МАЙ 2019 @RANKINGRIGHTS").map(|x| x.1),
            d("2019-05")
        );
        assert_eq!(
            dateline("Budapest, 23.XI.2001"),
            Some((Some("Budapest".to_string()), d("2001-11-23").unwrap()))
        );
        assert_eq!(dateline("Rome, 4.XI.1950").map(|x| x.1), d("1950-11-04"));
        assert_eq!(dateline("Section 4.IV.2001"), None);
        assert!(is_web_address("RANKINGDIGITALRIGHTS.ORG/INDEX2019"));
        assert!(is_web_address("www.un.org"));
        assert!(!is_web_address("U.S. DEPARTMENT OF STATE"));
        assert_eq!(
            dateline("Nueva York, 28 de septiembre de 2024."),
            Some((Some("Nueva York".to_string()), d("2024-09-28").unwrap()))
        );
        assert_eq!(
            dateline("Roma, 16 aprile 2018").map(|x| x.1),
            d("2018-04-16")
        );
        assert_eq!(
            dateline("Den Haag, 3 maart 2020").map(|x| x.1),
            d("2020-03-03")
        );
        assert_eq!(
            event_dateline("16 – 18 May 2019 Beijing, People’s Republic of China"),
            Some((
                d("2019-05-16").unwrap(),
                d("2019-05-18").unwrap(),
                "Beijing, People’s Republic of China".to_string()
            ))
        );
        assert_eq!(event_dateline("16 – 18 May 2019 the conference met"), None);
        assert_eq!(labelled_date(&["Adopted on 22/05/2019"]), d("2019-05-22"));
        assert_eq!(
            labelled_date(&["Document made public on 8 April 2019"]),
            d("2019-04-08")
        );
        // Day and month both under 13: which is which cannot be told.
        assert_eq!(labelled_date(&["Adopted on 04/05/2019"]), None);
    }

    /// A transcript: a speech corpus's header line "President: Donald Trump" names the
    /// speaker, it is no title; a press conference's turns make it a transcript.
    #[test]
    fn a_transcripts_speaker_and_turns_are_read_as_such() {
        let e = extract("President: Donald Trump\n\nPRESIDENT TRUMP: Mr. Secretary General, Mr. President, world leaders, and distinguished delegates: Welcome to New York.\n");
        assert_eq!(e.meta.title, "");
        assert_eq!(e.meta.authors, ["Donald Trump"]);
        let mut text = String::from("THE PRESIDENT: Thank you very much.\n\n");
        for k in 0..4 {
            text.push_str(&format!("Q: Mr. President, question {k}?\n\nTHE PRESIDENT: Answer {k}.\n\nDR. FAUCI: More on {k}.\n\n"));
        }
        assert_eq!(extract(&text).meta.kind.as_deref(), Some("transcript"));
        assert_eq!(speaker_turn("Q: Mr. President—"), Some("Q"));
        assert_eq!(speaker_turn("DR. FAUCI: Yes."), Some("DR. FAUCI"));
        assert_eq!(speaker_turn("CHAPTER 1: Introduction"), None);
        // A court reporter's question; a section's letter is no answer.
        assert_eq!(
            speaker_turn("      Q. So in May or June 2016 you hired"),
            Some("Q")
        );
        assert_eq!(speaker_turn("A. Background"), None);
    }

    #[test]
    fn greetings_in_several_languages_open_a_speech() {
        for greeting in [
            "Buenas noches.",
            "Bonsoir à toutes et à tous,",
            "Guten Abend, liebe Mitbürgerinnen und Mitbürger,",
            "Queridos compatriotas:",
            "Boa noite a todos.",
        ] {
            assert!(is_opening_formula(greeting), "{greeting}");
        }
        assert!(!is_opening_formula("Buenaventura is a port city."));
    }

    /// A department's or agency's letterhead in the title block names who issued the
    /// document; a heading or a phrase in capitals that ends on such a word does not.
    #[test]
    fn a_letterhead_in_the_title_block_is_an_organisation() {
        let e = extract("DEPARTMENT OF TRANSPORTATION\nFederal Aviation Administration\n14 CFR Part 39\nAirworthiness Directives; The Boeing Company Airplanes\n\nWe propose to supersede an airworthiness directive that applies to all airplanes of the model.\n");
        assert_eq!(
            e.meta.organisations,
            [
                "Department of Transportation",
                "Federal Aviation Administration"
            ]
        );
        let e = extract("INDEPENDENT\nHIGH-LEVEL EXPERT GROUP ON ARTIFICIAL INTELLIGENCE\nSET UP BY THE EUROPEAN COMMISSION\n\nETHICS GUIDELINES FOR TRUSTWORTHY AI\n\nThis document was written by the group. The members support the framework.\n");
        assert!(
            e.meta.organisations.is_empty(),
            "{:?}",
            e.meta.organisations
        );
    }

    #[test]
    fn a_labelled_date_dates_the_record() {
        let text = "Página\n\n1de 9\n\n### Votación Nominal\n\n130 Período Ordinario - 18ª Sesión de Tablas\n\nFecha: 28/11/2012\\\nHora: 20:12\n\nResultado de la Votación: AFIRMATIVO\n";
        let e = extract(text);
        assert_eq!(e.meta.title, "Votación Nominal");
        assert_eq!(
            e.meta.date.map(|d| d.to_string()).as_deref(),
            Some("2012-11-28")
        );
        // A sidebar's label with its value on the next line.
        assert_eq!(
            labelled_date(&[
                "Datum:",
                "“PARKEERVERORDENING 2025”",
                "18-12-2024",
                "AFDELING I"
            ])
            .map(|d| d.to_string())
            .as_deref(),
            Some("2024-12-18")
        );
        // An English "Date:" whose figures could be either order is left.
        assert_eq!(labelled_date(&["Date: 04/05/2021"]), None);
        assert_eq!(
            labelled_date(&["Date: 04/25/2021"])
                .map(|d| d.to_string())
                .as_deref(),
            Some("2021-04-25")
        );
    }

    #[test]
    fn a_papers_authors_with_affiliation_marks() {
        let text = "Résumés et interrogations de logs de requêtes OLAP\n\nJulien Aligon∗, Patrick Marcel∗, Elsa Negre∗\n\n∗Université François Rabelais Tours, Laboratoire d’Informatique\n\nRésumé. Les entrepôts de données permettent de stocker de grandes quantités de données, et les requêtes OLAP servent à les analyser. Nous proposons une méthode.\n";
        let e = extract(text);
        assert_eq!(
            e.meta.authors,
            vec!["Julien Aligon", "Patrick Marcel", "Elsa Negre"]
        );
    }

    #[test]
    fn a_papers_title_in_quotation_marks_over_its_authors_and_abstract() {
        let text = "## ‘Cyber Chess: Using a New Panel Dataset to Identify Global Patterns’ Research Note*\n\n### Nadiya Kostyuk† and Jen Sidorova‡\n\n##### Abstract\n\nOver the past two decades, nearly one hundred countries have adopted their first national cybersecurity strategies; however, the timing varies.\n\n† Carnegie Mellon University, <nkostyuk@andrew.cmu.edu>, <https://www.example.org/sidorova/>\n";
        let e = extract(text);
        assert_eq!(
            e.meta.title,
            "‘Cyber Chess: Using a New Panel Dataset to Identify Global Patterns’ Research Note"
        );
        assert_eq!(e.meta.authors, vec!["Nadiya Kostyuk", "Jen Sidorova"]);
        // A section's name is never the title, even when the layout puts it first.
        let first = extract("Abstract\n\nThe Title of the Paper\n\nOver the past two decades, nearly one hundred countries have adopted strategies.\n");
        assert_eq!(first.meta.title, "The Title of the Paper");
    }

    #[test]
    fn a_un_masthead_in_capitals_with_its_session_and_meeting_body_is_no_title() {
        let text = "UNITED NATIONS\n\n## A\n\nDistr.\n\nGeneral Assembly\n\nGENERAL\n\nA/HRC/WG.6/7/SVN/3\n\n12 November 2009\n\nOriginal: ENGLISH\n\nHUMAN RIGHTS COUNCIL\nWorking Group on the Universal Periodic Review\nSeventh session\nGeneva, 8-19 February 2010\n\nSUMMARY PREPARED BY THE OFFICE OF THE HIGH COMMISSIONER FOR\nHUMAN RIGHTS, IN ACCORDANCE WITH PARAGRAPH 15 (C) OF THE\nANNEX TO HUMAN RIGHTS COUNCIL RESOLUTION 5/1\n\nSlovenia*\n\nThe present report is a summary of seven stakeholders’ submissions to the universal periodic review.\n";
        let e = extract(text);
        assert!(
            e.meta
                .title
                .starts_with("Summary Prepared by the Office of the High Commissioner")
                && e.meta
                    .title
                    .ends_with("Human Rights Council Resolution 5/1"),
            "{}",
            e.meta.title
        );
        // The session's dates are no title either, and a symbol keeps its capitals.
        let hrc = extract("United Nations\n\nA/HRC/59/15\n\nGeneral Assembly\n\nDistr.: General\n\nHuman Rights Council\n\nFifty-ninth session\n\n16 June–11 July 2025\n\nAgenda item 6\n\nUniversal periodic review\n\n## Report of the Working Group on the Universal Periodic Review\n\nGE.25-02819 (E) 210325 210325\n\n## Introduction\n\n1. The Working Group on the Universal Periodic Review held its forty-eighth session.\n");
        assert_eq!(
            hrc.meta.title,
            "Report of the Working Group on the Universal Periodic Review"
        );
        assert_eq!(hrc.meta.subtitle, None);
        assert!(!is_date_only("Annual Report 2024") && !is_date_only("Geneva Conventions"));
        assert!(is_date_only("8-19 February 2010") && is_date_only("Geneva, 8-19 February 2010"));
        assert!(is_date_only("13 septembre 2007") && is_date_only("MARCH 2017"));
        assert!(is_date_only("Sept. 2019") && !is_date_only("Septembre noir"));
        let caps = readable_case(
            "REPORT ON A/HRC/WG.6/7/SVN/3 AND GE.25-02819",
            "see www.ohchr.org/a/hrc/wg and the report here",
        );
        assert!(
            caps.contains("A/HRC/WG.6/7/SVN/3") && caps.contains("GE.25-02819"),
            "{caps}"
        );
    }

    #[test]
    fn a_heading_over_a_sections_list_is_no_subtitle() {
        let text = "ADVANCE QUESTIONS TO SLOVENIA\n\n**BELGIUM**\n\n- Is the government of Slovenia considering ratifying the Optional Protocol?\n\n## COSTA RICA\n\n- Joint submission on behalf of Costa Rica.\n";
        let e = extract(text);
        assert_eq!(e.meta.subtitle, None);
        assert!(!e.consumed_lines.iter().any(|c| c.field == "subtitle"));
    }

    #[test]
    fn a_letter_opens_with_a_salutation_and_closes_with_a_letters_formula() {
        let letter = "Palais des Nations, Geneva\n\n1 October 2025\n\nMadam,\n\nI have the honour to refer to the fourth cycle review of Slovenia.\n\nI encourage your Government to continue its efforts.\n\nPlease accept, Madam, the assurances of my highest consideration.\n\nVolker Türk\n\nHigh Commissioner for Human Rights\n";
        assert_eq!(extract(letter).meta.kind.as_deref(), Some("letter"));
        let lettre = "Monsieur le Ministre,\n\nJ'ai l'honneur de vous écrire.\n\nJe vous prie d'agréer, Monsieur le Ministre, l'expression de ma haute considération.\n";
        assert!(is_letter(&lettre.lines().collect::<Vec<_>>()));
        // A speech opens with a salutation but never closes as a letter does.
        let speech = "Madam President,\n\nExcellencies, ladies and gentlemen,\n\nIt is an honour to address this Assembly.\n\nThank you.\n";
        assert!(!is_letter(&speech.lines().collect::<Vec<_>>()));
        assert_eq!(extract(speech).meta.kind.as_deref(), Some("speech"));
    }

    #[test]
    fn a_un_adoption_formula_names_the_organ_that_adopted() {
        let organ = |l: &str| un_adopted(&[l]).and_then(|(_, o)| o);
        assert_eq!(
            organ("Resolution adopted by the General Assembly on 1 December 2025"),
            Some("UN General Assembly")
        );
        assert_eq!(
            organ("Decision adopted by the Human Rights Council on 2 July 2025"),
            Some("UN Human Rights Council")
        );
        assert_eq!(
            organ("Résolution adoptée par le Conseil de sécurité le 8 mars 2024"),
            Some("UN Security Council")
        );
        assert_eq!(
            organ("Resolución aprobada por la Asamblea General el 1 de diciembre de 2025"),
            Some("UN General Assembly")
        );
        assert_eq!(
            organ("Resolution adopted by the Conference of the Parties on 3 May 2024"),
            None
        );
        assert!(
            un_adopted(&["Resolution adopted by the Conference of the Parties on 3 May 2024"])
                .is_some()
        );
    }

    #[test]
    fn a_days_name_before_a_date_is_read_past() {
        let day = |l: &str| dateline(l).map(|(p, d)| (p, d.to_string()));
        assert_eq!(
            day("Tuesday, September 23, 1997"),
            Some((None, "1997-09-23".into()))
        );
        assert_eq!(
            day("Mardi 23 septembre 1997"),
            Some((None, "1997-09-23".into()))
        );
        assert_eq!(
            day("Geneva, Tuesday 8 November 2019"),
            Some((Some("Geneva".into()), "2019-11-08".into()))
        );
        assert_eq!(
            day("Domingo, 5 de mayo de 2024"),
            Some((None, "2024-05-05".into()))
        );
        // A title that names a day is no date.
        assert_eq!(day("Black Tuesday in Parliament"), None);
    }

    #[test]
    fn the_latest_year_a_text_prints() {
        assert_eq!(
            latest_printed_year("Ministerialblatt Nr. 52 vom 29. Oktober 2008, Berlin"),
            Some(2008)
        );
        assert_eq!(
            latest_printed_year("loi n°2002-20 du 15 mai 2002, réunie le 14 août 2024"),
            Some(2024)
        );
        assert_eq!(
            latest_printed_year("Article 12 of 37 pages, 1500 copies"),
            None
        );
    }

    #[test]
    fn names_set_apart_by_a_run_of_spaces_are_two() {
        assert_eq!(
            split_people("Ministério da Ciência, Tecnologia e Inovações  Secretaria de Empreendedorismo e Inovação"),
            [
                "Ministério da Ciência, Tecnologia e Inovações",
                "Secretaria de Empreendedorismo e Inovação"
            ]
        );
        // A doubled space inside one name is a typo.
        assert_eq!(split_people("Jane  Doe"), ["Jane  Doe"]);
    }

    #[test]
    fn a_credit_line_in_an_author_field_gives_the_name() {
        assert_eq!(
            split_people("Prepared by the CyberGreen Institute"),
            ["CyberGreen Institute"]
        );
        assert_eq!(
            split_people("Written by: Jane Doe; John Roe"),
            ["Jane Doe", "John Roe"]
        );
        assert_eq!(split_people("The World Bank"), ["The World Bank"]);
    }

    #[test]
    fn the_middle_of_a_sentence_is_no_title() {
        let text = "Y.B. PUAN JAMALIAH BINTI JAMALUDDIN\n\n270. Bertanya kepada Y.A.B. Dato' Menteri Besar:-\na) Selepas penjajaran semula peruntukan Program Air Percuma, fokus diberi kepada golongan B40. Apakah tafsiran golongan B40 yang dipersetujui oleh\nKerajaan Negeri Selangor dalam program air percuma ini? Adakah hanya\nmereka yang berdaftar atau berada dalam data E-Kasih?\n";
        let e = extract(text);
        assert!(!e.meta.title.starts_with("Kerajaan"), "{}", e.meta.title);
        assert!(
            !e.consumed_lines.iter().any(|c| c.line == 3),
            "{:?}",
            e.consumed_lines
        );
    }

    #[test]
    fn a_series_number_over_the_title_is_a_label() {
        let e = extract("Joint Publication 3-85\n\n## Joint Electromagnetic Spectrum Operations\n\n##### PREFACE\n\nThis publication provides fundamental principles and guidance for planning and assessing operations.\n");
        assert_eq!(e.meta.title, "Joint Electromagnetic Spectrum Operations");
        assert_eq!(e.meta.subtitle.as_deref(), Some("Joint Publication 3-85"));
        assert!(is_generic_label("Working Paper No. 12"));
        assert!(!is_generic_label("Annual Report 2023"));
    }

    #[test]
    fn an_official_journals_masthead_is_no_title() {
        for line in [
            "Official Journal of the European Union L 119/1",
            "Journal officiel de la République française",
            "اجلريدة الرسمية - العدد 9 (مكرر) فى 6 مارس سنة 2022",
        ] {
            assert!(is_masthead(line), "{line}");
        }
        let text = "اجلريدة الرسمية - العدد 9 (مكرر) فى 6 مارس سنة 2022\n\n## قانون رقم 8 لسنة 2022\n\nباسم الشعب رئيس الجمهورية قرر مجلس النواب القانون الآتى نصه ، وقد أصدرناه ؛ تسرى أحكام هذا القانون والقانون المرافق على جميع المنشآت الفندقية والسياحية.\n";
        assert_eq!(extract(text).meta.title, "قانون رقم 8 لسنة 2022");
    }

    #[test]
    fn a_title_in_a_script_without_capitals_is_found() {
        let text = "## قانون رقم 8 لسنة 2022\n\n#### بشأن إصدار قانون المنشآت الفندقية والسياحية\n\nباسم الشعب رئيس الجمهورية قرر مجلس النواب القانون الآتى نصه ، وقد أصدرناه ؛ تسرى أحكام هذا القانون والقانون المرافق على جميع المنشآت الفندقية والسياحية المنصوص عليها فى المادة (1) من القانون المرافق.\n";
        assert_eq!(extract(text).meta.title, "قانون رقم 8 لسنة 2022");
        let text = "海外留学生看两会\n\n两会期间，海外留学生通过网络关注国内的发展，他们关注的话题从教育到就业，出国前后关注点大不同。留学生们表示，国家的发展让他们更有信心回国工作。\n";
        assert_eq!(extract(text).meta.title, "海外留学生看两会");
    }

    #[test]
    fn a_federal_register_rules_agency_lines_are_masthead() {
        let text = "## Proposed Rules\n\n## DEPARTMENT OF TRANSPORTATION\n\n## Federal Aviation Administration\n\n## 14 CFR Part 39\n\n### [Docket No. FAA–2020–0686; Product Identifier 2019–NM–035–AD]\n\n### RIN 2120–AA64\n\n### Airworthiness Directives; The Boeing Company Airplanes\n\nAGENCY: Federal Aviation Administration (FAA), DOT.\n";
        let e = extract(text);
        assert_eq!(
            e.meta.title,
            "Airworthiness Directives; The Boeing Company Airplanes"
        );
        assert_eq!(e.meta.subtitle.as_deref(), Some("Proposed Rules"));
        for line in [
            "Ministère de l’Europe et des Affaires étrangères",
            "Government of Nepal",
            "Ministry of Energy, Water Resources and Irrigation",
            "Alternative Energy Promotion Centre",
            "Department of State",
            "Bundesministerium für Gesundheit",
            "National Security Agency",
        ] {
            assert!(is_masthead(line), "{line}");
        }
        for line in [
            "Department of Defense Cyber Strategy Summary 2018",
            "The agency",
        ] {
            assert!(!is_masthead(line), "{line}");
        }
    }

    #[test]
    fn a_states_letterhead_and_motto_are_not_the_title() {
        let text = "République du Sénégal\n\nUn Peuple-Un But-Une Foi\n\nDISCOURS DE SON EXCELLENCE MONSIEUR BASSIROU DIOMAYE DIAKHAR FAYE, PRÉSIDENT DE LA RÉPUBLIQUE\n\nBeijing, le 05 septembre 2024\n\nExcellence, Monsieur le Président,\n\nJe voudrais vous remercier, ainsi que le peuple chinois, pour l’accueil chaleureux réservé à la délégation du Sénégal et à son Président. Le Président Faye salue la coopération de la Chine et de l’Afrique.\n";
        let e = extract(text);
        assert_eq!(
            e.meta.title,
            "Discours de son Excellence Monsieur Bassirou Diomaye Diakhar Faye, Président de la République"
        );
        for line in [
            "Republic of the Philippines",
            "Kingdom of Morocco",
            "Liberté – Égalité – Fraternité",
            "ASSEMBLÉE NATIONALE",
            "XIVème LÉGISLATURE",
            "PREMIERE SESSION EXTRAORDINAIRE DE L’ANNÉE 2024",
            "House of Commons",
        ] {
            assert!(is_masthead(line), "{line}");
        }
        let report = "RÉPUBLIQUE DU SÉNÉGAL\n\nASSEMBLÉE NATIONALE\n\nXIVème LÉGISLATURE\n\nRAPPORT\nFAIT AU NOM DE\n\nLA COMMISSION DES LOIS, DE LA DÉCENTRALISATION, DU\nTRAVAIL ET DES DROITS HUMAINS\n\nSUR\n\nLA PROPOSITION DE LOI ORGANIQUE N°10/2024\n\nMonsieur le Président,\n\nLa Commission des lois, de la décentralisation, du travail et des droits humains s’est réunie le mercredi 14 août 2024 pour examiner la proposition de loi de l’Assemblée nationale. Le présent rapport est fait au nom de la Commission et porte sur la proposition de loi organique.\n";
        let e = extract(report);
        assert_eq!(
            e.meta.title,
            "Rapport fait au nom de la Commission des lois, de la décentralisation, du travail et des droits humains"
        );
        assert_eq!(
            e.meta.subtitle.as_deref(),
            Some("Sur la proposition de loi organique N°10/2024")
        );
        for line in [
            "Republic of Korea: statement on cyber norms by the delegation",
            "Cybersecurity - a guide",
        ] {
            assert!(!is_masthead(line), "{line}");
        }
    }

    #[test]
    fn an_editors_bracketed_dateline_gives_the_place() {
        let text = "Statement by the delegate\n\nExtracts [NEW YORK, 30 October 1946, 11 a.m.]\n\nThe General Assembly is meeting once again.\n";
        let e = extract(text);
        assert_eq!(e.meta.place.as_deref(), Some("New York"));
        assert_eq!(
            e.meta.date.map(|d| d.to_string()).as_deref(),
            Some("1946-10-30")
        );
        // Brackets holding something else are not a dateline.
        let e = extract("A note\n\nSee [the annex, 30 pages]\n\nText.\n");
        assert_eq!(e.meta.place, None);
    }

    #[test]
    fn the_start_of_a_sentence_the_layout_cut_is_no_title() {
        let text = "The following information is being provided by the FBI, with no guarantees\n\n02 JAN 2019\n\nor warranties, for potential use at the sole discretion of recipients in order\nto protect against cyber threats.\n\nChinese APT10 intrusion activities target Government networks\n\nSummary\n";
        let e = extract(text);
        assert_ne!(
            e.meta.title,
            "The following information is being provided by the FBI, with no guarantees"
        );
        assert_eq!(
            e.meta.date.map(|d| d.to_string()).as_deref(),
            Some("2019-01-02")
        );
    }

    #[test]
    fn a_list_of_capitalised_common_words_is_no_byline() {
        let slides = "UN Cyber Security Project\n\nOutline\n\nUpdated Tagging Procedure & Tagging Results\n\nThe tagging of the texts gave these results, and the procedure was updated.\n";
        assert!(extract(slides).meta.authors.is_empty());
        let paper = "Digital Peace\n\nSanjana Hattotuwa, Barbara Weekes & Daniel Stauffacher\n\nThe paper argues for digital peace.\n";
        assert_eq!(
            extract(paper).meta.authors,
            ["Sanjana Hattotuwa", "Barbara Weekes", "Daniel Stauffacher"]
        );
    }

    #[test]
    fn an_acts_recitals_are_no_title() {
        let text = "## I\n\n(Legislative acts)\n\n# REGULATIONS\n\n### REGULATION (EU) 2016/679 OF THE EUROPEAN PARLIAMENT AND OF THE COUNCIL of 27 April 2016 on the protection of natural persons with regard to the processing of personal data and on the free movement of such data\n\nTHE EUROPEAN PARLIAMENT AND THE COUNCIL OF THE EUROPEAN UNION,\n\nHaving regard to the Treaty on the Functioning of the European Union,\n\nWhereas:\n\n(1) The protection of natural persons in relation to the processing of personal data is a fundamental right.\n";
        let e = extract(text);
        assert!(!e.meta.title.starts_with("Whereas"), "{}", e.meta.title);
        assert!(is_preamble_formula("Considérant ce qui suit:"));
    }

    #[test]
    fn an_act_is_dated_by_the_day_its_title_names() {
        let date = |t: &str| act_date(t).map(|d| d.to_string());
        assert_eq!(
            date("REGULATION (EU) 2016/ 679 OF THE EUROPEAN PARLIAMENT AND OF THE COUNCIL - of 27 April 2016 - on the protection of natural persons").as_deref(),
            Some("2016-04-27")
        );
        assert_eq!(
            date("Loi n° 2016-1321 du 7 octobre 2016 pour une République numérique").as_deref(),
            Some("2016-10-07")
        );
        // Not an act, or no day of adoption.
        assert_eq!(date("Report of 27 April 2016 on cyber norms"), None);
        assert_eq!(date("Regulation on artificial intelligence"), None);
    }

    #[test]
    fn a_date_in_capitals_is_a_date() {
        assert_eq!(
            written_date("02 JAN 2019")
                .map(|d| d.to_string())
                .as_deref(),
            Some("2019-01-02")
        );
        assert_eq!(
            written_date("12 SEPTEMBER 2023")
                .map(|d| d.to_string())
                .as_deref(),
            Some("2023-09-12")
        );
    }

    #[test]
    fn a_day_and_month_without_a_year_is_kept_for_the_date() {
        assert_eq!(
            day_and_month("Séance publique tenue le 20 juin, à 16h00"),
            Some((6, 20))
        );
        assert_eq!(
            day_and_month("Delivered on March 3rd in Geneva"),
            Some((3, 3))
        );
        assert_eq!(day_and_month("Meeting of 1er mai"), Some((5, 1)));
        // With its year it is a date, found elsewhere; no day, or no such day: nothing.
        assert_eq!(day_and_month("Held on 20 June 2023"), None);
        assert_eq!(day_and_month("Held on 20 June, 2023"), None);
        assert_eq!(day_and_month("The June meeting"), None);
        assert_eq!(day_and_month("On 31 February"), None);
    }

    #[test]
    fn a_security_council_masthead_is_passed_over_and_the_title_read_whole() {
        let e = extract("UNITED\nNATIONS\n\nSecurity Council\n\nDistr.\nGENERAL\n\nS/1995/105\n4 February 1995\n\nORIGINAL: ENGLISH\n\nREPORT OF THE SECRETARY-GENERAL ON THE SITUATION\nIN TAJIKISTAN\n\nI. INTRODUCTION\n\n1. The present report is submitted pursuant to resolution 968 (1994).\n");
        assert_eq!(
            e.meta.title,
            "Report of the Secretary-General on the Situation in Tajikistan"
        );
        // The first section keeps its heading in the body.
        assert_eq!(e.meta.subtitle, None);
        assert!(is_masthead("ORIGINAL: ENGLISH"));
        assert!(is_masthead("UNITED") && is_masthead("ASSEMBLY"));
    }

    #[test]
    fn a_news_storys_opening_place_is_its_place() {
        assert_eq!(
            news_place("LONDON — After nearly 20 years of sanctions, Sudan").as_deref(),
            Some("London")
        );
        assert_eq!(
            news_place("WASHINGTON (Reuters) - The United States said").as_deref(),
            Some("Washington")
        );
        assert_eq!(
            news_place("دمشق، سوريا (CNN) -- أكدت جهات سورية معارضة").as_deref(),
            Some("دمشق، سوريا")
        );
        assert_eq!(news_place("UPDATE — The ministry said"), None);
        assert_eq!(news_place("The ministry said - in a statement"), None);
        assert_eq!(news_place("Ministry sources (AFP) - The talks"), None);
    }

    #[test]
    fn an_arabic_date_line_is_read() {
        let d = |s: &str| dateline(s).map(|(_, d)| d.to_string());
        assert_eq!(
            d("الأحد، 04 آب/اغسطس 2013، آخر تحديث 02:21 (GMT+0400)").as_deref(),
            Some("2013-08-04")
        );
        assert_eq!(d("٢٣ كانون الثاني ٢٠٢٠").as_deref(), Some("2020-01-23"));
        assert_eq!(d("15 مارس 2021").as_deref(), Some("2021-03-15"));
        // A sentence with a date in it is no date line.
        assert_eq!(d("وقال المرصد في 4 أغسطس 2013 إن المقاتلين سيطروا"), None);
    }

    #[test]
    fn a_speechs_long_title_names_its_speaker() {
        let e = extract("Statement by Honourable Mr. Pradeep Kumar Gyawali, Minister for Foreign Affairs and Head of the Nepali delegation at the High-Level Segment of the 46th Session of Human Rights Council\n\nGeneva, 23 February 2021\n\n**Madam President,** **Excellencies,**\n\nIt is a great pleasure to represent Nepal in the 46th Session of the Human Rights Council.\n");
        assert!(e
            .meta
            .title
            .starts_with("Statement by Honourable Mr. Pradeep Kumar Gyawali, Minister"));
        assert_eq!(e.meta.authors, ["Pradeep Kumar Gyawali"]);
        assert_eq!(e.meta.place.as_deref(), Some("Geneva"));
        assert_eq!(
            speaker_in_title("Remarks by President Biden at the Annual U.S.-ASEAN Summit"),
            None
        );
        assert_eq!(
            speaker_in_title("Remarks by the President Before Meeting"),
            None
        );
        assert_eq!(
            speaker_in_title("Address by H.E. Ms. Jacinda Ardern, Prime Minister of New Zealand"),
            Some("Jacinda Ardern".into())
        );
        // A French honorific ("SEM", Son Excellence Monsieur) and a surname in capitals.
        assert_eq!(
            speaker_in_title("Discours de SEM Bassirou Diomaye Diakhar FAYE, Président de la République du Sénégal"),
            Some("Bassirou Diomaye Diakhar FAYE".into())
        );
        // The office first, the name after its comma.
        assert_eq!(
            speaker_in_title("Mensaje de la secretaria de Relaciones Exteriores, Alicia Bárcena Ibarra, en el Debate General del 79° periodo"),
            Some("Alicia Bárcena Ibarra".into())
        );
        assert_eq!(
            speaker_in_title("Statement of the Group of 77 and China, New York, 2024"),
            None
        );
        // The office right after the speech, without "by" or "de".
        assert_eq!(
            speaker_in_title("Discurso Presidente Gabriel Boric Font"),
            Some("Gabriel Boric Font".into())
        );
        assert_eq!(
            speaker_in_title("Rede Bundeskanzler Olaf Scholz beim Festakt"),
            Some("Olaf Scholz".into())
        );
        assert_eq!(
            speaker_in_title("Discurso Presidente de la República"),
            None
        );
    }

    #[test]
    fn a_un_reports_kind_line_under_its_title_is_its_subtitle() {
        let e = extract("Security Council\n\nDistr.: General\n1 March 2019\n\nOriginal: English\n\nUnited Nations Mission for Justice Support in Haiti\n\n### Report of the Secretary-General\n\n## I. Introduction\n\n1. The present report is submitted pursuant to resolution 2410 (2018).\n");
        assert_eq!(
            e.meta.title,
            "United Nations Mission for Justice Support in Haiti"
        );
        assert_eq!(
            e.meta.subtitle.as_deref(),
            Some("Report of the Secretary-General")
        );
        assert_eq!(e.meta.kind.as_deref(), Some("report"));
    }

    #[test]
    fn a_line_that_goes_on_from_a_masthead_line_is_no_subtitle() {
        let e = extract("UN LIBRARY\n\nGENERAL\nASSEMBLY\n\nTwenty-sixth session\nAgenda item 93\n\nRESTORATION OF THE LAWFUL RIGHTS OF THE PEOPLE'S REPUBLIC\nOF CHINA IN THE UNITED NATIONS\n\nThe General Assembly,\n");
        assert_eq!(e.meta.subtitle, None);
        assert!(!is_subtitle_line("II. ACTIVITIES OF THE MISSION", "Report"));
        assert!(is_subtitle_line("A NEW AGENDA FOR PEACE", "Report"));
    }

    #[test]
    fn a_first_section_heading_is_no_subtitle() {
        let e = extract("RISING RANSOMWARE THREAT TO OPERATIONAL TECHNOLOGY ASSETS\n\nOVERVIEW\n\nRecently there has been an increase in ransomware attacks.\n");
        assert_eq!(e.meta.subtitle, None);
        let e = extract("Global Trends 2040\n\nA MORE CONTESTED WORLD\n\nThe text.\n");
        // A report named for a year: no dateline, no place "Global Trends".
        assert_eq!(e.meta.title, "Global Trends 2040");
        assert_eq!((e.meta.place, e.meta.date), (None, None));
        assert!(e
            .meta
            .subtitle
            .is_some_and(|s| s.eq_ignore_ascii_case("A more contested world")));
    }

    /// A title over a numbered paragraph or under its heading's text: the hard-wrapped
    /// sentence that paragraph carries on (a scanned opinion, a press release) says
    /// nothing of the title. A word the title line splits after a hyphen is joined as the
    /// body writes it.
    #[test]
    fn a_title_over_a_paragraph_of_its_own_is_the_title() {
        let opinion = "DECLARATION OF JUDGE BUERGENTHAL\n1. Since I believe that the Court should have exercised its discretion\nand declined to render the requested advisory opinion, I dissent from its\ndecision to hear the case. My negative votes with regard to the remaining\n";
        let e = extract_as(opinion, true);
        assert_eq!(e.meta.title, "Declaration of Judge Buergenthal");
        let release = "# PRESSEINFORMATION\t26 || Seite 1 | 5\n\n## Öffentliche Stromerzeugung 2025: Wind und Solar erst- mals als Doppelspitze\n\nDer Anteil der in Deutschland in das öffentliche Stromnetz eingespeisten erneu-\nerbaren Energien am Strommix lag 2025 bei 55,9 Prozent und erstmals\nvor der Braunkohle.\n";
        let e = extract_as(release, true);
        assert_eq!(
            e.meta.title,
            "Öffentliche Stromerzeugung 2025: Wind und Solar erstmals als Doppelspitze"
        );
        // A line cut mid-sentence in a narrow column still carries its sentence on.
        let column = "Aber nicht minder hoffnungsvoll sind heute die Augen jener\nMillionen deutscher Landsleute auf uns gerichtet,\ndie in den deutschen Ostgebieten wohnen und\n";
        assert!(extract_as(column, true).meta.title.is_empty());
    }

    /// A parliament's name over its texts is the masthead; the code it files a text
    /// under, before the title, is the symbol; the line saying what it adopted on which
    /// day dates it.
    #[test]
    fn covers_of_laws_reports_and_speeches_title_what_they_are_about() {
        // The Council of the EU's cover note: its subject under a label of its own.
        let eu = "#### EUROPEAN UNION\n\n#### THE EUROPEAN PARLIAMENT THE COUNCIL\n\n#### Brussels, 6 November 2024 (OR. en)\n\n#### LEGISLATIVE ACTS AND OTHER INSTRUMENTS\n\nSubject:\nREGULATION OF THE EUROPEAN PARLIAMENT AND OF THE\nCOUNCIL on the transparency and integrity of Environmental, Social and\nGovernance (ESG) rating activities\n### REGULATION (EU) 2024/… OF THE EUROPEAN PARLIAMENT AND OF THE COUNCIL\n";
        assert_eq!(
            extract_as(eu, true).meta.title,
            "REGULATION OF THE EUROPEAN PARLIAMENT AND OF THE COUNCIL on the transparency and integrity of Environmental, Social and Governance (ESG) rating activities"
        );
        // A congressional report: the Congress, its session, "REPORT" split by the
        // layout; the title wrapped over two lines in capitals; the day it was reported.
        let house = "118TH CONGRESS R\n\nEPORT\n\nHOUSE OF REPRESENTATIVES\n2d Session\n\n118–728\n\nFOSTERING THE USE OF TECHNOLOGY TO UPHOLD\nREGULATORY EFFECTIVENESS IN SUPERVISION ACT\n\nNOVEMBER 1, 2024.—Committed to the Committee of the Whole House on the State\nof the Union and ordered to be printed\n\nThe Committee on Financial Services, to whom was referred the bill, reports favorably thereon.\n";
        let e = extract_as(house, false);
        assert!(
            e.meta.title.starts_with(
                "Fostering the Use of Technology to Uphold Regulatory Effectiveness in Supervision"
            ),
            "{}",
            e.meta.title
        );
        assert_eq!(
            e.meta.date.map(|d| d.to_string()).as_deref(),
            Some("2024-11-01")
        );
        // A law on a presidency's site, under the presidency's offices.
        let lei = "# Presidência da República\n\n## Secretaria-Geral\n\n### Subchefia para Assuntos Jurídicos\n\n#### LEI Nº 13.709, DE 14 DE AGOSTO DE 2018\n\nDispõe sobre a proteção de dados pessoais.\n";
        assert_eq!(
            extract_as(lei, true).meta.title.to_lowercase(),
            "lei nº 13.709, de 14 de agosto de 2018"
        );
        assert_eq!(
            act_date("LEI Nº 13.709, DE 14 DE AGOSTO DE 2018").map(|d| d.to_string()),
            Some("2018-08-14".into())
        );
        // "SPEECH" over a budget's name is a label.
        let speech = "# SPEECH\n\n# FOURTH MADANI BUDGET\n\n# 2026\n\nMr. Speaker, I beg to move the Bill.\n";
        let e = extract_as(speech, true);
        assert_eq!(e.meta.title, "Fourth Madani Budget");
        assert_eq!(e.meta.subtitle.as_deref(), Some("Speech"));
        // A court's slip opinion: the case is the title, the day it was decided the date.
        let opinion = "(Slip Opinion)\n\nOCTOBER TERM, 2012\n1\n\nSyllabus\n\nNOTE: Where it is feasible, a syllabus (headnote) will be released, as is being done in connection with this case, at the time the opinion is issued.\n\n# SUPREME COURT OF THE UNITED STATES\n\nSyllabus\n\nTARRANT REGIONAL WATER DISTRICT v.\nHERRMANN ET AL.\n\nCERTIORARI TO THE UNITED STATES COURT OF APPEALS FOR\nTHE TENTH CIRCUIT\n\nNo. 11–889. Argued April 23, 2013—Decided June 13, 2013\n\nThe Red River Compact is a congressionally sanctioned agreement that allocates water rights.\n";
        let e = extract_as(opinion, true);
        assert_eq!(
            e.meta.title,
            "Tarrant Regional Water District v. Herrmann et al."
        );
        assert_eq!(
            e.meta.date.map(|d| d.to_string()).as_deref(),
            Some("2013-06-13")
        );
        assert_eq!(e.meta.kind.as_deref(), Some("judgment"));
        assert_eq!(e.meta.place, None, "a court's term is no place");
        // A Chinese law's adoption line under its title.
        let law = "# 上海市社会信用条例\n\n2017年6月23日 上海市第十四届人民代表大会常务委员会第三十八次会议通过\n\n## 第一章 总则\n\n第一条 为了完善社会主义市场经济体制，创新社会治理机制，提高社会信用水平。\n";
        assert_eq!(
            extract_as(law, false)
                .meta
                .date
                .map(|d| d.to_string())
                .as_deref(),
            Some("2017-06-23")
        );
        // An annex to a resolution of a day; a cover's version and day.
        let annex = "Appendix\nto the Resolution no. 196\nof the Council of Ministers\nof 28 December 2020\n(item 23)\n\n# Policy for the Development of Artificial Intelligence\n\nThe policy was drafted in line with the activities of the state and the European Union.\n";
        assert_eq!(
            extract_as(annex, true)
                .meta
                .date
                .map(|d| d.to_string())
                .as_deref(),
            Some("2020-12-28")
        );
        assert_eq!(
            version_day("Version 1.3 - 07.05.2024").map(|d| d.to_string()),
            Some("2024-05-07".into())
        );
        // A central bank's speech: the speaker in brackets under the title, with the day;
        // the audience the greeting names is no author, and stays in the text.
        let speech = "# The Vital Role of Internal Ombudsman\n\n## (Speech by Shri Swaminathan J, Deputy Governor at the Conference of Internal Ombudsman in Mumbai on January 16, 2024)\n\nMDs and CEOs of Regulated Entities, Heads of Customer Service,\nPrincipal Nodal Officers, Executive Director, Shri Neeraj Nigam,\nReserve Bank Ombudsmen and most importantly the Internal Ombudsman. A very good morning to all of you.\n\n1. It is indeed a great pleasure to be here amidst all of you.\n";
        let e = extract_as(speech, true);
        assert_eq!(e.meta.authors, ["Swaminathan J"]);
        assert_eq!(e.meta.kind.as_deref(), Some("speech"));
        assert_eq!(
            e.meta.date.map(|d| d.to_string()).as_deref(),
            Some("2024-01-16")
        );
        assert!(
            !e.consumed_lines.iter().any(|c| c.line == 5),
            "the greeting stays"
        );
        // A deliverable's document control table names its title.
        let deliverable = "European Commission\n\nDigital Europe Programme\n\nA07.01 – Development of a SEMIC\n\nregistry of data models\n\n## DOCUMENT CONTROL INFORMATION\n\n| **Settings** | **Value** |\n|---|---|\n| **Document Title:** | **Development of a SEMIC registry of data models** |\n| **Doc. Version:** | 0.1 |\n\nThe registry collects the data models of the Member States.\n";
        assert_eq!(
            extract_as(deliverable, true).meta.title,
            "Development of a SEMIC registry of data models"
        );
        // A budget speech's cover: "Speech of X" on one line or over two.
        for cover in [
            "# Budget 2020-2021\n\n# Speech of Nirmala Sitharaman\n\n# Minister of Finance\n\n# February1, 2020\n\nI rise to present the Budget for the year 2020-2021.\n",
            "# Interim Budget 2024-2025\n\n# Speech of\n\n# Nirmala Sitharaman\n\nMinister of Finance\n\n# February 1, 2024\n\nI rise to present the Interim Budget for 2024-25.\n",
        ] {
            let e = extract_as(cover, true);
            assert_eq!(e.meta.authors, ["Nirmala Sitharaman"], "{cover}");
            assert!(e.meta.date.is_some_and(|d| d.day == Some(1)), "{cover}");
        }
        // The other cued bylines still read.
        assert_eq!(
            byline("Presentation by Dr. Daniel Stauffacher").map(|b| b.names),
            Some(vec!["Daniel Stauffacher".to_string()])
        );
        // A French petition's closing line: the day, then the place.
        assert_eq!(
            day_then_place("Le 28 septembre 2016, à Paris").map(|(p, d)| (p, d.to_string())),
            Some((Some("Paris".into()), "2016-09-28".into()))
        );
        // The Security Council's formula, with the day on the line under it.
        let sc = "United Nations\n\nS/RES/2776 (2025)*\nSecurity Council\n\nDistr.: General\n3 March 2025\n\nResolution 2776 (2025)\nAdopted by the Security Council at its 9872nd meeting, on\n3 March 2025\n\nThe Security Council,\n\nRecalling all its previous resolutions and statements of its President on the situation in Somalia,\n";
        let e = extract_as(sc, false);
        assert_eq!(e.meta.organisations, ["UN Security Council"]);
        assert_eq!(e.meta.kind.as_deref(), Some("resolution"));
        assert_eq!(
            e.meta.date.map(|d| d.to_string()).as_deref(),
            Some("2025-03-03")
        );
        // A constitution's name over two lines, and its day "z dnia 2 kwietnia 1997 r.".
        let pl = "# KONSTYTUCJA\n\n# RZECZYPOSPOLITEJ POLSKIEJ\n\nz dnia 2 kwietnia 1997 r.\n\nW trosce o byt i przyszłość naszej Ojczyzny, odzyskawszy w 1989 roku możliwość suwerennego stanowienia.\n";
        let e = extract_as(pl, true);
        assert_eq!(e.meta.title, "Konstytucja Rzeczypospolitej Polskiej");
        assert_eq!(
            e.meta.date.map(|d| d.to_string()).as_deref(),
            Some("1997-04-02")
        );
    }

    #[test]
    fn a_parliaments_masthead_and_filing_code_are_not_the_title() {
        let text = "# European Parliament\n\n2019-2024\n\n#### TEXTS ADOPTED\n\n## P9_TA(2024)0138 Artificial Intelligence Act\n\n### European Parliament legislative resolution of 13 March 2024 on the proposal for a regulation (COM(2021)0206 – C9-0146/2021 – 2021/0106(COD))\n\nThe European Parliament,\n\n• having regard to the Commission proposal to Parliament and the Council\n(COM(2021)0206),\n";
        let e = extract_as(text, true);
        assert_eq!(e.meta.title, "Artificial Intelligence Act");
        assert_eq!(
            e.meta.source_meta.get("symbol").and_then(|v| v.as_str()),
            Some("P9_TA(2024)0138")
        );
        assert_eq!(e.meta.subtitle, None, "a clause's end is no subtitle");
        assert_eq!(
            e.meta.date.map(|d| d.to_string()).as_deref(),
            Some("2024-03-13")
        );
        for masthead in [
            "European Parliament",
            "Tweede Kamer der Staten-Generaal",
            "Parlement européen",
            "Deutscher Bundestag",
        ] {
            assert!(is_masthead(masthead), "{masthead}");
        }
        for (line, name) in [
            ("European Parliament", Some("European Parliament")),
            (
                "CONGRESO DE LOS DIPUTADOS",
                Some("Congreso de los Diputados"),
            ),
            ("Deutscher Bundestag", Some("Deutscher Bundestag")),
            (
                "Tweede Kamer der Staten-Generaal",
                Some("Tweede Kamer der Staten-Generaal"),
            ),
            ("HONORABLE SENADO", None),
            ("Senate", None),
            ("Parliament reconvened", None),
        ] {
            assert_eq!(parliament_name(line).as_deref(), name, "{line}");
        }
        assert_eq!(e.meta.organisations, ["European Parliament"]);
        // A name in capitals with figures is no filing code.
        assert_eq!(reference_code_before("COVID-19 Response Plan"), None);
        assert_eq!(
            reference_code_before("2030 Agenda for Sustainable Development"),
            None
        );
        assert_eq!(
            reference_code_before("122/000097 Proposición de Ley para la mejora"),
            Some(("122/000097", "Proposición de Ley para la mejora"))
        );
        assert_eq!(
            reference_code_before("G7 Hiroshima Leaders’ Communiqué"),
            None
        );
        assert_eq!(
            reference_code_before("A/RES/78/265 Seizing the opportunities of safe AI"),
            Some(("A/RES/78/265", "Seizing the opportunities of safe AI"))
        );
    }

    /// A letter's subject line is its title, not the addressee's block above it.
    #[test]
    fn a_letters_subject_line_is_its_title() {
        let letter = "> Retouradres Postbus 20301 2500 EH Den Haag\n\nAan de Voorzitter van de Tweede Kamer\nder Staten-Generaal\nPostbus 20018\n2500 EA DEN HAAG\n\nDatum\n\n1 maart 2011\nOnderwerp Draagmoederschap\n\nDraagmoederschap is een complex onderwerp waar de samenleving zich\nbetrokken bij voelt.\n";
        let e = extract_as(letter, true);
        assert_eq!(e.meta.title, "Draagmoederschap");
        assert_eq!(e.meta.subtitle, None);
        assert_eq!(e.rules.get("title"), Some(&rule::LETTER_SUBJECT));
        assert_eq!(
            letter_subject("SUBJECT: Guidance on Cyber Incident Reporting").as_deref(),
            Some("Guidance on Cyber Incident Reporting")
        );
        assert_eq!(letter_subject("Subject Matter Experts Group"), None);
        assert_eq!(letter_subject("Re-thinking Cyber Norms"), None);
    }

    /// A declaration's closing dateline dates it even with a back cover's page after it;
    /// a contents' entry is no subtitle; a numbered session is a masthead's line.
    #[test]
    fn a_dateline_before_a_back_cover_dates_the_declaration() {
        let text = "Paris Call for Trust and Security in Cyberspace\n\nWe reaffirm our support to an open, secure, stable, accessible and peaceful cyberspace.\n\nParis, 12th of November, 2018\n# Only by acting together can we protect cyberspace.\n\nThe Threat. The Internet has become central to almost every\naspect of human existence.\n\nThe Opportunity. Governments, industry and civil society are\ncoming together.\n\nThe first edition of the Paris Digital Week marks a new step.\n\n# Support the Paris Call! www.example.org/call\n";
        let e = extract_as(text, true);
        assert_eq!(
            e.meta.date.map(|d| d.to_string()).as_deref(),
            Some("2018-11-12")
        );
        assert_eq!(e.meta.place.as_deref(), Some("Paris"));
        assert!(!is_subtitle_line("EXECUTIVE SUMMARY 1", "Working Group 5"));
        assert!(is_subtitle_line(
            "EXECUTIVE SUMMARY AND FINAL REPORT",
            "Working Group 5"
        ));
        assert!(is_session_line(
            "79e Session ordinaire de l’Assemblée générale des Nations Unies"
        ));
        assert!(is_session_line("Seventh session"));
        assert!(!is_session_line("2024 Session highlights"));
    }

    /// The line under a declaration's title that says at which meeting and on which day
    /// it was made dates it, and so does a cover's "brought up to" date.
    #[test]
    fn the_day_under_the_title_or_of_the_edition_dates_the_document() {
        let declaration = "# Tallinn Declaration on eGovernment\n\nat the ministerial meeting during Estonian Presidency of the Council of the EU on 6 October 2017\n\n#### 1\n\nWe, the ministers in charge of eGovernment policy and coordination from 32 countries\nof the European Union (EU), have unanimously approved this declaration.\n";
        let e = extract_as(declaration, true);
        assert_eq!(e.meta.title, "Tallinn Declaration on eGovernment");
        assert_eq!(
            e.meta.date.map(|d| d.to_string()).as_deref(),
            Some("2017-10-06")
        );
        assert_eq!(e.rules.get("date"), Some(&rule::UNDER_TITLE));
        // A sentence of the text under the title is not its date.
        let report = "# Lessons of the Attacks\n\nThe attacks of 11 September 2001 changed how states share intelligence.\n";
        assert_eq!(extract_as(report, true).meta.date, None);
        // A Spanish dateline's "a" before the day; a web print's "Date Published".
        assert_eq!(
            dateline("Valparaíso, a 12 de abril de 2024").map(|(p, d)| (p, d.to_string())),
            Some((Some("Valparaíso".into()), "2024-04-12".into()))
        );
        let article = "# AI and the Law\n\nAuthor Tshilidzi Marwala\n\nDate Published 13 Feb 2024\n\nThe law has long struggled to keep up with technology, and artificial intelligence is no exception.\n";
        assert_eq!(
            extract_as(article, true)
                .meta
                .date
                .map(|d| d.to_string())
                .as_deref(),
            Some("2024-02-13")
        );
        // A web print's "Author" label, colon or none, past the standfirst that ends
        // the title block.
        assert_eq!(
            extract_as(article, true).meta.authors,
            ["Tshilidzi Marwala"]
        );
        let print = "# AI and the Law\n\n### AI has the potential to enhance legal systems to be more equitable, efficient and accessible, but there are ethical concerns.\n\n#### Date Published 13 Feb 2024\n\nAuthor Tshilidzi Marwala\n\nArtificial intelligence has emerged as a revolutionary tool, reshaping industries.\n";
        assert_eq!(extract_as(print, true).meta.authors, ["Tshilidzi Marwala"]);
        // A report's imprint page, further down: "Lead Author: ...".
        let imprint = "# The High Seas Biodiversity Treaty\n\n### An Introduction to the Agreement\n\n#### November 2023\n\n#### About IUCN\n\nIUCN is a membership Union uniquely composed of both government and civil society organisations.\n\nIt provides public, private, and non-governmental organisations with the knowledge and tools.\n\nEditors: Epps, M and Chazot, C.\n\nLead Author: Daniel Kachelriess\n\nCopyright: © 2023 IUCN\n";
        assert_eq!(
            extract_as(imprint, true).meta.authors,
            ["Daniel Kachelriess"]
        );
        // A name alone under the title, a date alone under it: a commentary's byline.
        let commentary = "#### COMMENTARY\n\n# How AI will revolutionize the practice of law\n\n#### John Villasenor\n\nMarch 20, 2023\n\nArtificial intelligence (AI) is poised to fundamentally reshape the practice of law. While there is a long history of change.\n";
        assert_eq!(
            extract_as(commentary, true).meta.authors,
            ["John Villasenor"]
        );
        // Not a heading's words the text writes in lower case ("Digital Cooperation").
        let report = "# The Age of Digital Interdependence\n\n## Digital Cooperation\n\nJune 2019\n\nThe report argues that digital cooperation must grow.\n";
        assert!(extract_as(report, true).meta.authors.is_empty());
        let cover = "# La Trasformazione Digitale della Pubblica Amministrazione\n\n#### Raccomandazioni per il Governo\n\n#### Aggiornato al 30 Settembre 2018\n\nLa Trasformazione Digitale della Pubblica Amministrazione in Italia è partita numerosi anni dopo.\n";
        let e = extract_as(cover, true);
        assert_eq!(
            e.meta.date.map(|d| d.to_string()).as_deref(),
            Some("2018-09-30")
        );
    }

    /// A line in capitals further down, under a question and its answer, is no subtitle.
    #[test]
    fn a_line_under_running_text_is_no_subtitle() {
        let text = "# TAJUK : MB INCOPORATED (MBI)\n\n269. Bertanya kepada Y.A.B. Dato' Menteri Besar:-\n\na) Pada 2018, berapa jumlah gaji yang diberikan untuk kakitangan pegawai MBI?\n\n# Y.B. PUAN JAMALIAH BINTI JAMALUDDIN (N36 BANDAR UTAMA)\n\n270. Bertanya kepada Y.A.B. Dato' Menteri Besar:-\n";
        let e = extract_as(text, true);
        assert_eq!(e.meta.subtitle, None);
        // Right under the title, it is one.
        let cover = "Global Trends 2040\n\nA MORE CONTESTED WORLD\n\nThe report sets out how the world may change over the next twenty years.\n";
        assert!(extract(cover)
            .meta
            .subtitle
            .is_some_and(|s| s.eq_ignore_ascii_case("A more contested world")));
    }
}
