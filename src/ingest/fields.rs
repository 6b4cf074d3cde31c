//! Metadata with provenance: chooses each front-matter field from the strongest evidence
//! there is, and records where it came from. Takes the sidecar, the catalogue row, the
//! source's own metadata, what the rules found in the text and the file name; gives the
//! document's [`DocumentMeta`] and its [`Provenance`].
//!
//! Precedence, strongest first: sidecar > catalogue row > the source's own metadata
//! (front matter, HTML meta, PDF Info) > evidence in the text > the file name (title only,
//! with a warning). One exception, for the genre: a UN adoption formula ("Resolution
//! adopted by the General Assembly on 1 December 2025") is a resolution's date even when
//! the source's metadata gives another (extraction tools record the distribution date);
//! that other date is kept under `source_meta.date`.

use once_cell::sync::Lazy;
use regex::Regex;

use super::catalogue::CatalogueFields;
use super::metadata::{rule, Extracted, Sidecar};
use super::source::{Evidence, Format, Provenance, Source};
use crate::content::{DocumentMeta, PartialDate};

/// Everything known about one seed's metadata, strongest first.
pub struct Evidences<'a> {
    pub sidecar: Option<&'a Sidecar>,
    pub catalogue: Option<(&'a CatalogueFields, Evidence)>,
    pub source: &'a Source,
    pub text: &'a Extracted,
    /// The seed's file name without its extension.
    pub file_stem: &'a str,
}

/// Choose every field; returns the metadata and, for each field set, its evidence.
pub fn choose(e: &Evidences) -> (DocumentMeta, Provenance) {
    let mut meta = DocumentMeta::default();
    let mut prov = Provenance::new();
    let sc = e.sidecar;
    let cat = e.catalogue.as_ref().map(|(f, _)| *f);
    let cat_ev = || {
        e.catalogue
            .as_ref()
            .map(|(_, ev)| ev.clone())
            .unwrap_or(Evidence::Sidecar)
    };
    let src = &e.source.meta;
    let src_ev = Evidence::SourceMeta(if src.origin.is_empty() {
        "source"
    } else {
        src.origin
    });
    let text = &e.text.meta;
    let text_ev = |field: &str| Evidence::Text(e.text.rules.get(field).copied().unwrap_or("text"));

    macro_rules! pick_opt {
        ($field:ident, $name:literal, $cat:expr) => {{
            let candidates = ranked(
                src.weak,
                [
                    (sc.and_then(|s| s.$field.clone()), Evidence::Sidecar),
                    ($cat, cat_ev()),
                    (src.$field.clone(), src_ev.clone()),
                    (text.$field.clone(), text_ev($name)),
                ],
            );
            if let Some((Some(v), ev)) = strongest(candidates, Option::is_some) {
                meta.$field = Some(v);
                prov.insert($name, ev);
            }
        }};
    }
    macro_rules! pick_list {
        ($field:ident, $name:literal, $cat:expr) => {{
            let candidates = ranked(
                src.weak,
                [
                    (
                        sc.and_then(|s| s.$field.clone()).unwrap_or_default(),
                        Evidence::Sidecar,
                    ),
                    ($cat, cat_ev()),
                    (src.$field.clone(), src_ev.clone()),
                    (text.$field.clone(), text_ev($name)),
                ],
            );
            if let Some((v, ev)) = strongest(candidates, |v: &Vec<String>| !v.is_empty()) {
                meta.$field = v;
                prov.insert($name, ev);
            }
        }};
    }

    // Title: as the other fields, then the file name as the last resort.
    let title_candidates = ranked(
        src.weak,
        [
            (sc.and_then(|s| s.title.clone()), Evidence::Sidecar),
            (cat.and_then(|c| c.title.clone()), cat_ev()),
            (src.title.clone(), src_ev.clone()),
            (Some(text.title.clone()), text_ev("title")),
        ],
    );
    let title = strongest(title_candidates, |t: &Option<String>| {
        t.as_ref().is_some_and(|t| !t.trim().is_empty())
    });
    match title {
        // The title block set over lines loses the punctuation between them ("... Cyber
        // Resilience / Annual Report ..."); a weak source title with the very same words
        // ("...: Annual Report ...") is the better spelling of the same evidence.
        Some((Some(t), ev @ Evidence::Text(_)))
            if src.weak && src.title.as_deref().is_some_and(|s| same_words(s, &t)) =>
        {
            meta.title = src.title.clone().unwrap_or(t);
            prov.insert("title", ev);
        }
        Some((Some(t), ev)) => {
            meta.title = t;
            prov.insert("title", ev);
        }
        _ => {
            meta.title = title_from_file_name(e.file_stem);
            prov.insert("title", Evidence::FileName);
        }
    }
    pick_opt!(subtitle, "subtitle", cat.and_then(|c| c.subtitle.clone()));
    subtitle_named_by_the_file_is_the_title(e, &mut meta, &mut prov);
    pick_opt!(
        date,
        "date",
        cat.and_then(|c| c.date.as_deref().and_then(PartialDate::parse))
    );
    pick_opt!(
        end_date,
        "end_date",
        cat.and_then(|c| c.end_date.as_deref().and_then(PartialDate::parse))
    );
    pick_opt!(place, "place", cat.and_then(|c| c.place.clone()));
    pick_list!(
        organisations,
        "organisations",
        cat.map(|c| c.organisations.clone()).unwrap_or_default()
    );
    pick_list!(
        authors,
        "authors",
        cat.map(|c| c.authors.clone()).unwrap_or_default()
    );
    pick_opt!(kind, "kind", cat.and_then(|c| c.kind.clone()));
    pick_opt!(language, "language", cat.and_then(|c| c.language.clone()));
    pick_opt!(summary, "summary", cat.and_then(|c| c.summary.clone()));

    meta.source_meta = src.extra.clone();
    // What the text says of the source (the symbol its title opens with) comes after
    // what the source says of itself.
    for (key, value) in &e.text.meta.source_meta {
        meta.source_meta
            .entry(key.clone())
            .or_insert_with(|| value.clone());
    }
    printed_file_title_wins(e, &mut meta, &mut prov);
    un_symbol_is_kept(e, &mut meta);
    language_of_another_script_is_the_texts(e, &mut meta, &mut prov);
    meta.draft = src.draft;
    un_adoption_date_wins(e, &mut meta, &mut prov);
    printed_day_dates_the_record(e, &mut meta, &mut prov);
    dateline_day_dates_the_news(e, &mut meta, &mut prov);
    act_dated_by_its_title(e, &mut meta, &mut prov);
    post_dated_by_its_file_name(e, &mut meta, &mut prov);
    authors_that_are_organisations(&mut meta, &mut prov);
    // A page the site files among its press releases is one, whatever its title says
    // it reports ("... – gemeinsame Erklärung zur ...", under "/pressemitteilung.1104885").
    let kind_from_words = matches!(prov.get("kind"), None | Some(Evidence::Text(_)));
    if kind_from_words && e.source.format == Format::Html {
        // (The address is the catalogue's or the page's: `meta.source_url` is set below.)
        let address = cat
            .and_then(|c| c.source_url.as_deref())
            .or(src.source_url.as_deref());
        if address.is_some_and(filed_as_a_press_release) {
            meta.kind = Some("press-release".into());
            prov.insert("kind", Evidence::SourceMeta("the page's address"));
        }
    }
    // A title that names its kind ("... Declaration", "Statement by ...") says so even
    // when the text's own title block was not where the title came from.
    if meta.kind.is_none() {
        let titled = format!("{} {}", meta.title, meta.subtitle.as_deref().unwrap_or(""));
        if let Some(kind) = super::metadata::kind_from_title(&titled) {
            meta.kind = Some(kind.into());
            let ev = if prov.get("title") == Some(&Evidence::FileName) {
                Evidence::FileName
            } else {
                Evidence::Text("kind named in the title")
            };
            prov.insert("kind", ev);
        }
    }
    // A page saved from the web is a web page unless something says more.
    if meta.kind.is_none() && e.source.format == Format::Html {
        meta.kind = Some("web-page".into());
        prov.insert("kind", Evidence::SourceMeta("HTML page"));
    }
    // An end date belongs with the date it ends: never mix one source's date with
    // another's end date.
    if prov
        .get("end_date")
        .is_some_and(|ev| Some(ev) != prov.get("date"))
    {
        meta.end_date = None;
        prov.remove("end_date");
    }
    if meta
        .end_date
        .is_some_and(|end| meta.date.is_none_or(|d| end <= d))
    {
        meta.end_date = None;
        prov.remove("end_date");
    }

    meta.tags = cat
        .map(|c| c.tags.clone())
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| src.tags.clone());
    meta.source_url = cat
        .and_then(|c| c.source_url.clone())
        .or_else(|| src.source_url.clone());
    if let Some(ev) = meta.source_url.as_ref().map(|_| {
        if cat.and_then(|c| c.source_url.as_ref()).is_some() {
            cat_ev()
        } else {
            src_ev.clone()
        }
    }) {
        prov.insert("source_url", ev);
    }
    dated_by_its_address(&mut meta, &mut prov);
    (meta, prov)
}

/// Two titles with the same words in the same order, whatever their punctuation and case.
fn same_words(a: &str, b: &str) -> bool {
    let (a, b) = (words(a), words(b));
    !a.is_empty() && a == b
}

/// The words of `s`, lower case, punctuation aside.
fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// `title` opens with the words of `start` (two words at least): "Confidence +
/// Capability:" of "Confidence + Capability: “Rebooting” Public Sector Cybersecurity".
fn opens_with_words(title: &str, start: &str) -> bool {
    let (t, s) = (words(title), words(start));
    s.len() >= 2 && t.len() > s.len() && t.starts_with(&s)
}

/// One field's candidates (sidecar, catalogue row, source metadata, text) in the order
/// they are trusted: a weak source's metadata (a PDF's Info dictionary) comes after the
/// text instead of before it.
fn ranked<T>(weak: bool, candidates: [(T, Evidence); 4]) -> [(T, Evidence); 4] {
    let [sidecar, catalogue, source, text] = candidates;
    if weak {
        [sidecar, catalogue, text, source]
    } else {
        [sidecar, catalogue, source, text]
    }
}

/// The strongest candidate that has a value.
fn strongest<T>(
    candidates: [(T, Evidence); 4],
    present: impl Fn(&T) -> bool,
) -> Option<(T, Evidence)> {
    candidates.into_iter().find(|(v, _)| present(v))
}

/// A resolution's date is the day it was adopted; a different date from the source's
/// metadata is kept, not lost.
fn un_adoption_date_wins(e: &Evidences, meta: &mut DocumentMeta, prov: &mut Provenance) {
    if e.text.rules.get("date") != Some(&rule::UN_ADOPTED) {
        return;
    }
    if !matches!(prov.get("date"), Some(Evidence::SourceMeta(_))) {
        return;
    }
    if let Some(adopted) = e.text.meta.date.filter(|d| meta.date != Some(*d)) {
        text_date_wins(meta, prov, adopted, rule::UN_ADOPTED);
    }
}

/// The text's `date` (found by `rule`) replaces the one chosen; that one, when it
/// differs, is kept under `source_meta.date`, not lost.
fn text_date_wins(
    meta: &mut DocumentMeta,
    prov: &mut Provenance,
    date: PartialDate,
    rule: &'static str,
) {
    if let Some(old) = meta.date.filter(|d| *d != date) {
        meta.source_meta
            .insert("date".into(), serde_yaml::Value::String(old.to_string()));
    }
    meta.date = Some(date);
    prov.insert("date", Evidence::Text(rule));
}

/// A title block whose first line is a label ("Preliminary Draft") over the real title
/// ("NIST PRIVACY FRAMEWORK: A TOOL ..."): when the file's own title (a weak source: PDF
/// Info, DOCX properties) has the very words of the line under it, two witnesses agree
/// and that line is the title, the label its subtitle. And a title block's title that
/// the file's title opens with ("DATA PROTECTION" of "DATA PROTECTION: Actions Taken by
/// Equifax ...") is the start of a title the cover sets over more lines: the file's.
fn subtitle_named_by_the_file_is_the_title(
    e: &Evidences,
    meta: &mut DocumentMeta,
    prov: &mut Provenance,
) {
    let src = &e.source.meta;
    let Some(file_title) = &src.title else {
        return;
    };
    let from_text = |f: &str| matches!(prov.get(f), Some(Evidence::Text(_)));
    // The subtitle is that line, or the start of it when the title runs on over lines in
    // another size or case (a cover's "Confidence + Capability:" over "“REBOOTING” PUBLIC
    // SECTOR CYBERSECURITY").
    let names_the_line = e
        .text
        .meta
        .subtitle
        .as_deref()
        .is_some_and(|sub| same_words(file_title, sub) || opens_with_words(file_title, sub));
    if !src.weak || !from_text("title") {
        return;
    }
    if from_text("subtitle") && names_the_line {
        meta.subtitle = Some(std::mem::replace(&mut meta.title, file_title.clone()));
        prov.insert("title", Evidence::Text(rule::FILE_TITLE_IN_BLOCK));
        prov.insert("subtitle", Evidence::Text(rule::FILE_TITLE_IN_BLOCK));
    } else if opens_with_words(file_title, &meta.title) {
        // The file's title is the cover's whole: a topic in capitals over the title's
        // lines ("DATA PROTECTION" / "Actions Taken by Equifax and ...").
        meta.title = file_title.clone();
        prov.insert("title", Evidence::Text(rule::FILE_TITLE_IN_BLOCK));
    }
}

/// A file's own title (a weak witness: PDF Info, DOCX properties) that the first page
/// prints as a line of its own right under the line the title block gave is the title:
/// two witnesses agree on it. A Spanish parliament's report had been titled by its label
/// "Informe de la Ponencia" over the bill it reports on, which is the file's title. The
/// line the title block took stays in the body. Four words at least, so a template's
/// stale "Executive Summary" never counts; a filing code before it is kept as the
/// symbol.
fn printed_file_title_wins(e: &Evidences, meta: &mut DocumentMeta, prov: &mut Provenance) {
    let src = &e.source.meta;
    let Some(file_title) = src.title.as_deref() else {
        return;
    };
    let from_title_block = prov.get("title") == Some(&Evidence::Text(rule::TITLE_BLOCK));
    if !src.weak || !from_title_block || same_words(file_title, &meta.title) {
        return;
    }
    if words(file_title).len() < 4 {
        return;
    }
    // Printed right under the title block's title (a label over the real title), not
    // as a section's heading further down (a Word file whose title a template left at
    // its first section's name).
    let Some(title_line) = e.text.title_end() else {
        return;
    };
    let printed_under = e
        .source
        .text
        .lines()
        .skip(title_line + 1)
        .filter(|l| !l.trim().is_empty())
        .take(2)
        .any(|l| same_words(&super::metadata::strip_markup(l), file_title));
    if !printed_under {
        return;
    }
    let (code, title) = super::metadata::reference_code_before(file_title)
        .map_or((None, file_title), |(code, rest)| (Some(code), rest));
    meta.title = title.trim_end_matches('.').to_string();
    if let Some(code) = code {
        meta.source_meta
            .entry("symbol".into())
            .or_insert_with(|| serde_yaml::Value::String(code.to_string()));
    }
    prov.insert("title", Evidence::SourceMeta(src.origin));
}

/// An act (a regulation, a directive, a law) is dated by the day of adoption its title
/// names, rather than by a file's date (the PDF's creation, days later) or nothing; a
/// date the source's own metadata, a sidecar or a catalogue gives stays.
fn act_dated_by_its_title(e: &Evidences, meta: &mut DocumentMeta, prov: &mut Provenance) {
    let weak = match prov.get("date") {
        None => true,
        Some(Evidence::SourceMeta(_)) => e.source.meta.weak,
        _ => false,
    };
    if let Some(adopted) = super::metadata::act_date(&meta.title).filter(|_| weak) {
        text_date_wins(meta, prov, adopted, rule::ACT_ADOPTED);
    }
}

/// How long after the day a record prints its file may have been made (minutes typed up,
/// a statement saved as PDF) for that file's date to give the year.
const RECORD_DELAY_DAYS: i64 = 92;

/// A record printing its day and month but not its year ("Séance publique tenue le 20
/// juin") was made on that day, not on the day its PDF was (the creation date, often the
/// next day): the printed day and month win, with the year of the weak date, which is
/// then kept under `source_meta.date`. Only when the weak date falls shortly after the
/// printed day, so the year is not a guess.
fn printed_day_dates_the_record(e: &Evidences, meta: &mut DocumentMeta, prov: &mut Provenance) {
    let Some((month, day)) = e.text.day_month else {
        return;
    };
    if !e.source.meta.weak || !matches!(prov.get("date"), Some(Evidence::SourceMeta(_))) {
        return;
    }
    let Some(made) = meta.date.and_then(PartialDate::calendar_day) else {
        return;
    };
    let printed = [made.year(), made.year() - 1]
        .into_iter()
        .filter_map(|y| PartialDate::ymd(y, month, day).calendar_day())
        .find(|p| *p <= made);
    let Some(printed) = printed.filter(|p| (made - *p).whole_days() <= RECORD_DELAY_DAYS) else {
        return;
    };
    let printed = PartialDate::ymd(printed.year(), month, day);
    text_date_wins(meta, prov, printed, rule::PRINTED_DAY);
}

/// A page's timestamp in UTC can fall on the next (or the previous) day where the news
/// was written: "2022-04-22T05:46:58+00:00" for an article datelined "San José, 21 Abr".
/// The day the article prints wins when it is one day off the page's.
fn dateline_day_dates_the_news(e: &Evidences, meta: &mut DocumentMeta, prov: &mut Provenance) {
    let Some((month, day)) = e.text.day_month else {
        return;
    };
    if e.source.meta.weak || !matches!(prov.get("date"), Some(Evidence::SourceMeta(_))) {
        return;
    }
    let Some(stamped) = meta.date.and_then(PartialDate::calendar_day) else {
        return;
    };
    let local = [stamped.previous_day(), stamped.next_day()]
        .into_iter()
        .flatten()
        .find(|d| u8::from(d.month()) == month && d.day() == day);
    if let Some(local) = local {
        let printed = PartialDate::ymd(local.year(), month, day);
        text_date_wins(meta, prov, printed, rule::LOCAL_DAY);
    }
}

/// A language the source declares in another script than its text is written in is a
/// template's or a site's default, not the text's: a ministry's Chinese page declared
/// `<html lang="en">`. The language the text is detected in wins then; a declared
/// language of the same script (a dialect, a closer guess: "nl" for text read as "af")
/// stays.
fn language_of_another_script_is_the_texts(
    e: &Evidences,
    meta: &mut DocumentMeta,
    prov: &mut Provenance,
) {
    let Some(Evidence::SourceMeta(_)) = prov.get("language") else {
        return;
    };
    let Some(detected) = e.text.meta.language.as_deref() else {
        return;
    };
    let declared = meta.language.as_deref().unwrap_or_default();
    if script_of(declared) != script_of(detected) {
        meta.language = Some(detected.to_string());
        prov.insert("language", Evidence::Text(rule::LANGUAGE_SCRIPT));
    }
}

/// The script a language (ISO 639-1, perhaps with a region) is written in, as far as
/// telling a declared language from the text's goes.
fn script_of(language: &str) -> &'static str {
    let code = language
        .split(['-', '_'])
        .next()
        .unwrap_or_default()
        .to_lowercase();
    match code.as_str() {
        "zh" | "ja" => "han",
        "ko" => "hangul",
        "ar" | "fa" | "ur" | "ps" => "arabic",
        "ru" | "uk" | "bg" | "be" | "mk" | "kk" | "ky" | "mn" => "cyrillic",
        "he" | "yi" => "hebrew",
        "el" => "greek",
        "hi" | "mr" | "ne" => "devanagari",
        "th" => "thai",
        "ka" => "georgian",
        "hy" => "armenian",
        "bn" => "bengali",
        "ta" => "tamil",
        _ => "latin",
    }
}

/// A UN document's symbol ("A/RES/78/265", "A/HRC/50/55", "S/RES/2686 (2023)") is how
/// it is cited, yet a PDF sets it in the masthead and the running header, which are not
/// its text. Kept as `source_meta.symbol` (the key UN extraction tools write), from a
/// line of the first page that is the symbol alone or a running header that opens with
/// it; a symbol the text only cites ("Recalling resolution A/RES/70/1") is not the
/// document's.
fn un_symbol_is_kept(e: &Evidences, meta: &mut DocumentMeta) {
    if meta.source_meta.contains_key("symbol") {
        return;
    }
    let first_page = e.source.text.lines().take(40).map(str::trim);
    let headers = e
        .source
        .dropped
        .iter()
        .filter(|d| d.rule.starts_with("running header"))
        .map(|d| d.text.split_once(": ").map_or(d.text.as_str(), |(_, t)| t));
    let symbol = first_page
        .filter_map(|l| {
            un_symbol(l.trim_start_matches('#').trim()).filter(|s| s.len() + 12 >= l.len())
        })
        .chain(headers.filter_map(un_symbol))
        .next();
    if let Some(symbol) = symbol {
        meta.source_meta
            .insert("symbol".into(), serde_yaml::Value::String(symbol));
    }
}

/// The UN document symbol a line opens with: an organ's letters and two parts or more
/// set apart by slashes, one with a figure ("A/RES/78/265", "E/CN.6/2024/3").
pub fn un_symbol(line: &str) -> Option<String> {
    static SYMBOL: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"^((?:A|S|E|ST|CCPR|CERD|CRC|CEDAW|CAT|CRPD|CMW|UNEP|TD|DP|FCCC|HRC)(?:/[A-Z0-9][A-Za-z0-9.-]*){2,})(?:\s|$)").expect("valid regex")
    });
    let c = SYMBOL.captures(line.trim())?;
    let symbol = c[1].trim_end_matches('.');
    symbol
        .chars()
        .any(|ch| ch.is_ascii_digit())
        .then(|| symbol.to_string())
}

/// `2024-05-02-policy-update` -> 2024-05-02 and `policy-update`: the day a post's file
/// name starts with (Jekyll, Hugo and Docusaurus posts are named so, and so are many
/// archives), and the rest of the name.
pub fn date_from_file_name(stem: &str) -> Option<(PartialDate, &str)> {
    static DATED: Lazy<Regex> =
        Lazy::new(|| Regex::new(r"^(\d{4}-\d{2}-\d{2})(?:[-_. ]+|$)").expect("valid regex"));
    let m = DATED.captures(stem)?;
    let date = PartialDate::parse(&m[1]).filter(|d| d.day.is_some())?;
    Some((date, &stem[m[0].len()..]))
}

/// A date at the start of the file name dates a document nothing else dates. A Markdown
/// post's file name dates it over a day found in its text: that is how static site
/// generators date a post without a `date:` key, and a post's text names the days of
/// the events it reports, not its own.
/// A page nothing else dates is dated by the day its address names, as news sites and
/// blogs file their stories ("/2019/nov/18/politifacts-guide-...", "/2015/06/19/...").
fn dated_by_its_address(meta: &mut DocumentMeta, prov: &mut Provenance) {
    if meta.date.is_some() {
        return;
    }
    let Some(date) = meta.source_url.as_deref().and_then(date_in_address) else {
        return;
    };
    meta.date = Some(date);
    prov.insert("date", Evidence::Text(rule::ADDRESS_DATE));
}

/// The day a web address's path names as `/year/month/day/`, the month in figures or
/// as its English abbreviation.
pub fn date_in_address(url: &str) -> Option<PartialDate> {
    static DAY: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"(?i)/((?:19|20)\d{2})/(0?[1-9]|1[0-2]|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)/(0?[1-9]|[12]\d|3[01])(?:/|$)").unwrap()
    });
    let c = DAY.captures(url)?;
    let month = match c[2].parse::<u8>() {
        Ok(m) => m,
        Err(_) => super::metadata::month_number(&c[2])?,
    };
    Some(PartialDate::ymd(
        c[1].parse().ok()?,
        month,
        c[3].parse().ok()?,
    ))
}

fn post_dated_by_its_file_name(e: &Evidences, meta: &mut DocumentMeta, prov: &mut Provenance) {
    let Some((date, _)) = date_from_file_name(e.file_stem) else {
        return;
    };
    let from_text = matches!(prov.get("date"), Some(Evidence::Text(_)));
    if meta.date.is_none() || (from_text && e.source.format == Format::Markdown) {
        meta.date = Some(date);
        prov.insert("date", Evidence::FileName);
    }
}

/// `NZL_74_2019` -> `NZL 74 2019`: the file name, readable, as the last resort (without a
/// date it starts with, which is the document's date, not its title).
pub fn title_from_file_name(stem: &str) -> String {
    let stem = match date_from_file_name(stem) {
        Some((_, rest)) if !rest.is_empty() => rest,
        _ => stem,
    };
    let t = stem
        .split(['_', '-', '.'])
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    if t.is_empty() {
        stem.to_string()
    } else {
        t
    }
}

/// An address in a site's section of press releases: "/pressemitteilung.1104885.php",
/// "/press-releases/2024/...", "/communiques-de-presse/", "/comunicados/".
fn filed_as_a_press_release(url: &str) -> bool {
    static SECTION: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"(?i)/(?:press[-_]?releases?|pressemitteilung(?:en)?|pressreleases?|news[-_]releases?|media[-_]releases?|communiques?(?:[-_]de[-_]presse)?|comunicados?(?:[-_]de[-_]prensa)?|comunicati[-_]stampa)(?:[/._-]|$)").unwrap()
    });
    url::Url::parse(url).is_ok_and(|u| SECTION.is_match(u.path()))
}

/// A publisher named in the author field ("CISA", "Wikimedia Foundation": web pages and
/// PDFs often put the organisation there) is an organisation, not an author. Moved over
/// with the same evidence; an editor's sidecar or catalogue row is left as written.
fn authors_that_are_organisations(meta: &mut DocumentMeta, prov: &mut Provenance) {
    let Some(ev) = prov.get("authors").cloned() else {
        return;
    };
    if matches!(ev, Evidence::Sidecar | Evidence::Catalogue { .. }) {
        return;
    }
    let (orgs, people): (Vec<String>, Vec<String>) = std::mem::take(&mut meta.authors)
        .into_iter()
        .partition(|a| is_organisation_name(a));
    meta.authors = people;
    if meta.authors.is_empty() {
        prov.remove("authors");
    }
    let had_organisations = !meta.organisations.is_empty();
    for o in orgs {
        if !meta.organisations.contains(&o) {
            meta.organisations.push(o);
        }
    }
    if !had_organisations && !meta.organisations.is_empty() {
        prov.insert("organisations", ev);
    }
}

/// An acronym ("CISA", "OSCE") or a name with an organisation's word in it.
pub(crate) fn is_organisation_name(name: &str) -> bool {
    const WORDS: &[&str] = &[
        "foundation",
        "agency",
        "ministry",
        "department",
        "office",
        "institute",
        "institut",
        "council",
        "commission",
        "committee",
        "organisation",
        "organization",
        "association",
        "center",
        "centre",
        "university",
        "université",
        "universidad",
        "bureau",
        "service",
        "union",
        "network",
        "secretariat",
        "programme",
        "program",
        "fund",
        "bank",
        "forum",
        "coalition",
        "alliance",
        "government",
        "federation",
        "society",
        "corporation",
        "inc",
        "ltd",
        "llc",
        "gmbh",
        "ministère",
        "ministério",
        "ministerio",
        "ministero",
        "secretaria",
        "secretaría",
        "departamento",
        "agência",
        "agencia",
        "instituto",
        "fundação",
        "fundación",
        "comissão",
        "comisión",
        "conselho",
        "consejo",
        "presidencia",
        "presidência",
        "ministerium",
        "bundesministerium",
        "departement",
        "bundesamt",
        "amt",
        "conseil",
        "consiglio",
        "conselho",
        "court",
        "cour",
        "tribunal",
        "tribunale",
        "gericht",
        "section",
        "chamber",
        "chambre",
        "senate",
        "sénat",
        "senado",
        "parliament",
        "parlement",
        "assembly",
        "assemblée",
        "nations",
        "team",
        "staff",
        "editors",
        "editorial",
        "press",
        "party",
        "parti",
        "partido",
        "partei",
        "news",
        "media",
        "radio",
        "television",
        "broadcasting",
    ];
    let t = name.trim();
    let acronym = (2..=8).contains(&t.chars().count())
        && t.chars()
            .all(|c| c.is_uppercase() || c.is_ascii_digit() || c == '&' || c == '-')
        && t.chars().any(char::is_alphabetic);
    // A site's address in the name ("Deutsche Welle (www.dw.com)"), or a name that is a
    // site's domain ("Elpais.cr", "Politico.eu"), is a publisher's.
    static DOMAIN: Lazy<Regex> =
        Lazy::new(|| Regex::new(r"^[\p{L}\d-]+(?:\.[\p{L}\d-]+)*\.\p{Ll}{2,6}$").unwrap());
    let site = t.contains("www.") || t.contains("://") || DOMAIN.is_match(t);
    acronym
        || site
        || t.split(|c: char| !c.is_alphanumeric())
            .any(|w| WORDS.contains(&w.to_lowercase().as_str()))
}

#[cfg(test)]
mod organisation_tests {
    use super::is_organisation_name;

    #[test]
    fn a_page_filed_among_press_releases_is_one() {
        for url in [
            "https://www.berlin.de/rbmskzl/aktuelles/pressemitteilungen/2021/pressemitteilung.1104885.php",
            "https://www.example.gov/press-releases/2024/05/new-rules",
            "https://www.interieur.gouv.fr/communiques-de-presse/x",
        ] {
            assert!(super::filed_as_a_press_release(url), "{url}");
        }
        for url in [
            "https://www.example.org/news/impressum",
            "https://www.example.org/blog/on-press-releases-and-journalism",
        ] {
            assert!(!super::filed_as_a_press_release(url), "{url}");
        }
    }

    #[test]
    fn publishers_in_the_author_field_are_told_from_people() {
        for org in [
            "CISA",
            "Wikimedia Foundation",
            "Australian Labor Party",
            "Deutsche Welle (www.dw.com)",
            "Elpais.cr",
            "OSCE",
            "Office of the Director of National Intelligence",
            "G7",
            "Ministério da Ciência, Tecnologia e Inovações",
            "Secretaria de Empreendedorismo e Inovação",
            "Departamento Nacional de Planeación",
            "Eidgenössisches Departement für Wirtschaft, Bildung und Forschung WBF",
            "CONSEIL D'ÉTAT – SECTION DU CONTENTIEUX",
        ] {
            assert!(is_organisation_name(org), "{org}");
        }
        for person in [
            "Amina Diallo",
            "Florence Audier",
            "Stephen Smith",
            "Jean-Marc Ayrault",
            "J. R. Smith",
            "Al",
        ] {
            assert!(!is_organisation_name(person), "{person}");
        }
    }
}

#[cfg(test)]
mod choose_tests {
    use super::*;
    use crate::ingest::source::SourceMeta;

    /// What `choose` makes of a file whose text is `text` and whose own (weak) metadata
    /// is `file`, with no sidecar or catalogue.
    fn chosen(text: &str, format: Format, file: SourceMeta) -> DocumentMeta {
        chosen_as_given(text, format, SourceMeta { weak: true, ..file })
    }

    /// The file's title printed right under the title block's label is the title, its
    /// filing code the symbol; printed as a section's heading further down, it is not.
    #[test]
    fn a_files_title_printed_under_the_label_is_the_title() {
        let file_title = "122/000097 Proposición de Ley para la mejora de la protección de las personas donantes";
        let text = "# CONGRESO DE LOS DIPUTADOS\n\n### INFORME DE LA PONENCIA\n\n#### 122/000097 Proposición de Ley para la mejora de la protección de las personas donantes.\n\nEn cumplimiento de lo dispuesto en el artículo 97 del Reglamento de la Cámara, se ordena la publicación del informe emitido por la Ponencia.\n";
        let meta = chosen(text, Format::Pdf, pdf_info_titled(file_title));
        assert_eq!(
            meta.title,
            "Proposición de Ley para la mejora de la protección de las personas donantes"
        );
        assert_eq!(
            meta.source_meta.get("symbol").and_then(|v| v.as_str()),
            Some("122/000097")
        );
        let report = "# Pourquoi les victimes ne font-elles pas de signalement\n\nConclusions de l’étude de la phase alpha pour le service de signalement.\n\nCes conclusions sont tirées de quatre séries de tests de validation de concept et d’entrevues avec des victimes.\n\n## Pourquoi apprendre à connaître les personnes qui ne signalent pas\n\nDurant la phase Découverte, le Service numérique canadien a découvert les motivations.\n";
        let meta = chosen(
            report,
            Format::Docx,
            pdf_info_titled("Pourquoi apprendre à connaître les personnes qui ne signalent pas"),
        );
        assert_eq!(
            meta.title,
            "Pourquoi les victimes ne font-elles pas de signalement"
        );
    }

    #[test]
    fn a_page_nothing_dates_is_dated_by_its_address() {
        let day = |u: &str| date_in_address(u).map(|d| d.to_string());
        assert_eq!(
            day("https://www.politifact.com/truth-o-meter/article/2019/nov/18/politifacts-guide/")
                .as_deref(),
            Some("2019-11-18")
        );
        assert_eq!(
            day("https://example.org/2015/06/19/uber-taxi").as_deref(),
            Some("2015-06-19")
        );
        assert_eq!(day("https://example.org/reports/2015/06/annual"), None);
        assert_eq!(day("https://example.org/2015/13/40/x"), None);
    }

    #[test]
    fn a_page_declared_in_a_language_of_another_script_is_in_its_texts() {
        let page = |language: &str| SourceMeta {
            origin: "HTML meta",
            language: Some(language.into()),
            ..SourceMeta::default()
        };
        let chinese = "# 政策與原始碼要合捆\n\n政策與原始碼要合捆是公共程式碼標準的一項準則。公部門在制定政策時，應該同時公開實作政策的原始碼，讓民眾可以檢視與重複使用。\n";
        let meta = chosen_as_given(chinese, Format::Html, page("en"));
        assert_eq!(meta.language.as_deref(), Some("zh"));
        // The same script: the page's word stands (a regional form, a closer guess).
        let english = "# Policy\n\nThe policy and its source code are published together so that anyone can read them.\n";
        let meta = chosen_as_given(english, Format::Html, page("en-AU"));
        assert_eq!(meta.language.as_deref(), Some("en-AU"));
    }

    /// As [`chosen`], the file's metadata as strong as it says.
    fn chosen_as_given(text: &str, format: Format, file: SourceMeta) -> DocumentMeta {
        chosen_named(text, format, file, "record")
    }

    /// As [`chosen_as_given`], for a seed named `file_stem`.
    fn chosen_named(text: &str, format: Format, file: SourceMeta, file_stem: &str) -> DocumentMeta {
        let source = Source {
            format,
            text: text.into(),
            line_offset: 0,
            meta: file,
            dropped: Vec::new(),
            warnings: Vec::new(),
        };
        let extracted = super::super::metadata::extract(text);
        choose(&Evidences {
            sidecar: None,
            catalogue: None,
            source: &source,
            text: &extracted,
            file_stem,
        })
        .0
    }

    #[test]
    fn a_un_documents_symbol_is_read_from_its_masthead_not_from_a_citation() {
        assert_eq!(un_symbol("A/RES/78/265").as_deref(), Some("A/RES/78/265"));
        assert_eq!(
            un_symbol("A/RES/78/265 2/8").as_deref(),
            Some("A/RES/78/265")
        );
        assert_eq!(un_symbol("E/CN.6/2024/3").as_deref(), Some("E/CN.6/2024/3"));
        assert_eq!(
            un_symbol("A/HRC/WG.6/7/SVN/3").as_deref(),
            Some("A/HRC/WG.6/7/SVN/3")
        );
        assert_eq!(un_symbol("AND/OR/THEN"), None);
        assert_eq!(un_symbol("Recalling resolution A/RES/70/1"), None);
        let masthead = "United Nations\n\nA/RES/78/265\n\nGeneral Assembly\n\nRecalling resolution A/RES/70/1.\n";
        let meta = chosen_named(masthead, Format::Pdf, SourceMeta::default(), "res");
        assert_eq!(
            meta.source_meta.get("symbol").and_then(|v| v.as_str()),
            Some("A/RES/78/265")
        );
        let citing =
            "A report on the resolutions\n\nRecalling resolution A/RES/70/1, the report finds.\n";
        let meta = chosen_named(citing, Format::Pdf, SourceMeta::default(), "res");
        assert!(!meta.source_meta.contains_key("symbol"));
    }

    #[test]
    fn a_date_the_file_name_starts_with_is_read_with_the_rest_of_the_name() {
        let (date, rest) = date_from_file_name("2024-05-02-policy-update").unwrap();
        assert_eq!(
            (date.to_string().as_str(), rest),
            ("2024-05-02", "policy-update")
        );
        assert_eq!(date_from_file_name("2019-11-30").unwrap().1, "");
        for not_a_day in [
            "2024-13-02-x",
            "2024-02-30-x",
            "20240502-x",
            "2024-05-0212",
            "v2024-05-02",
        ] {
            assert!(date_from_file_name(not_a_day).is_none(), "{not_a_day}");
        }
        assert_eq!(
            title_from_file_name("2024-05-02-policy-update"),
            "policy update"
        );
        assert_eq!(title_from_file_name("2019-11-30"), "2019 11 30");
    }

    #[test]
    fn a_posts_file_name_dates_it_over_a_day_its_text_reports() {
        let front_matter = SourceMeta {
            origin: "front matter",
            title: Some("Our position on the AI Act trilogue".into()),
            ..SourceMeta::default()
        };
        let text = "On 12 March 2021, the ministry opened a consultation.\n\nWe answered it.\n";
        let meta = chosen_named(
            text,
            Format::Markdown,
            front_matter.clone(),
            "2024-05-02-ai-act",
        );
        assert_eq!(
            meta.date.map(|d| d.to_string()).as_deref(),
            Some("2024-05-02")
        );
        assert_eq!(meta.title, "Our position on the AI Act trilogue");
        // A date the post's own front matter gives is the post's date.
        let dated = SourceMeta {
            date: PartialDate::parse("2024-05-06"),
            ..front_matter
        };
        let meta = chosen_named(text, Format::Markdown, dated, "2024-05-02-ai-act");
        assert_eq!(
            meta.date.map(|d| d.to_string()).as_deref(),
            Some("2024-05-06")
        );
    }

    #[test]
    fn a_file_name_dates_a_report_only_when_its_pages_print_no_date() {
        let printed = "ANNUAL REPORT ON CYBER RESILIENCE\n\n3 June 2019\n\nThe agency reports.\n";
        let meta = chosen_named(
            printed,
            Format::Pdf,
            SourceMeta::default(),
            "2019-05-22-report",
        );
        assert_eq!(
            meta.date.map(|d| d.to_string()).as_deref(),
            Some("2019-06-03")
        );
        let undated = "ANNUAL REPORT ON CYBER RESILIENCE\n\nThe agency reports.\n";
        let meta = chosen_named(
            undated,
            Format::Pdf,
            SourceMeta::default(),
            "2019-05-22-report",
        );
        assert_eq!(
            meta.date.map(|d| d.to_string()).as_deref(),
            Some("2019-05-22")
        );
    }

    /// The date `choose` gives a PDF whose text is `text` and whose Info dictionary says
    /// it was made on `created`, and the date it keeps aside.
    fn dated(text: &str, created: &str) -> (Option<String>, Option<String>) {
        let info = SourceMeta {
            origin: "PDF Info",
            date: PartialDate::parse(created),
            ..SourceMeta::default()
        };
        let meta = chosen(text, Format::Pdf, info);
        let kept = meta
            .source_meta
            .get("date")
            .and_then(|v| v.as_str())
            .map(str::to_string);
        (meta.date.map(|d| d.to_string()), kept)
    }

    #[test]
    fn a_label_over_the_title_the_file_names_is_the_subtitle() {
        let text = "Preliminary Draft\n\nNIST PRIVACY FRAMEWORK: A TOOL FOR IMPROVING PRIVACY THROUGH ENTERPRISE RISK MANAGEMENT\n\nSeptember 6, 2019\n\nThe framework helps organisations manage privacy risk.\n";
        let title = "NIST Privacy Framework: A Tool for Improving Privacy through Enterprise Risk Management";
        let core = SourceMeta {
            origin: "DOCX core properties",
            title: Some(title.into()),
            ..SourceMeta::default()
        };
        let meta = chosen(text, Format::Docx, core);
        assert_eq!(meta.title, title);
        assert_eq!(meta.subtitle.as_deref(), Some("Preliminary Draft"));
    }

    /// A PDF's Info dictionary that gives only a title.
    fn pdf_info_titled(title: &str) -> SourceMeta {
        SourceMeta {
            origin: "PDF Info",
            weak: true,
            title: Some(title.into()),
            ..SourceMeta::default()
        }
    }

    #[test]
    fn a_cover_whose_title_runs_on_from_the_subtitle_takes_the_files_title() {
        // A report series' name over its cover title set in two sizes: the file's title
        // is the cover's, which the title block had cut at the colon.
        let text = "ACCENTURE HIGH PERFORMANCE SECURITY REPORT 2016: PUBLIC SERVICE\n\nCONFIDENCE + CAPABILITY:\n\n#### “REBOOTING” PUBLIC SECTOR CYBERSECURITY\n\nUS federal, state and local government agencies are confident in their overall cybersecurity strategies, but do their operational capabilities ensure positive outcomes? New research shows that the majority are confident.\n";
        let title = "Confidence + Capability: “Rebooting” Public Sector Cybersecurity";
        let meta = chosen(text, Format::Pdf, pdf_info_titled(title));
        assert_eq!(meta.title, title);
        assert_eq!(
            meta.subtitle.as_deref(),
            Some("Accenture High Performance Security Report 2016: Public Service")
        );
        assert!(
            !opens_with_words(title, "Confidence"),
            "one word is no evidence"
        );
    }

    #[test]
    fn a_topic_in_capitals_over_the_title_takes_the_files_whole_title() {
        let text = "United States Government Accountability Office\n\nReport to Congressional Requesters\n\nAugust 2018\n\nDATA PROTECTION\nActions Taken by\nEquifax and Federal\nAgencies in Response\nto the 2017 Breach\n\nGAO-18-559\n\nThe breach exposed the personal information of at least 145.5 million consumers, and federal agencies responded in several ways.\n";
        let title = "DATA PROTECTION: Actions Taken by Equifax and Federal Agencies in Response to the 2017 Breach";
        let meta = chosen(text, Format::Pdf, pdf_info_titled(title));
        assert_eq!(meta.title, title);
        assert_eq!(
            meta.subtitle.as_deref(),
            Some("Report to Congressional Requesters")
        );
    }

    #[test]
    fn a_news_dateline_a_day_off_the_pages_utc_timestamp_dates_the_article() {
        let page = |stamp: &str, text: &str| {
            let meta = SourceMeta {
                origin: "HTML meta",
                date: PartialDate::parse(stamp),
                ..SourceMeta::default()
            };
            let m = chosen_as_given(text, Format::Html, meta);
            (m.date.map(|d| d.to_string()), m.place)
        };
        let article = "San José, 21 Abr (Elpaís.cr).- El Gobierno entregó hoy una directriz para fortalecer la ciberseguridad. La directriz rige desde hoy.\n";
        assert_eq!(
            page("2022-04-22", article),
            (Some("2022-04-21".into()), Some("San José".into()))
        );
        // Across a year: a New Year's Eve story stamped in UTC on 1 January.
        let eve = "WASHINGTON, Dec. 31 (Reuters) - The agency said it would publish the rules next year. Officials agreed.\n";
        assert_eq!(
            page("2024-01-01", eve),
            (Some("2023-12-31".into()), Some("Washington".into()))
        );
        // Two days apart, or the same day: the page's date stands.
        assert_eq!(page("2022-04-23", article).0, Some("2022-04-23".into()));
        assert_eq!(page("2022-04-21", article).0, Some("2022-04-21".into()));
    }

    #[test]
    fn a_record_is_dated_by_the_day_it_prints_with_the_year_of_its_file() {
        let minutes = "Comité de démolition\n\nPROCÈS-VERBAL\n\nSéance publique tenue le 20 juin, à 16h00 à la salle du conseil\n\nLa séance est ouverte à 16h00.\n";
        assert_eq!(
            dated(minutes, "2023-06-21"),
            (Some("2023-06-20".into()), Some("2023-06-21".into()))
        );
        // Typed up in the new year: the year before.
        let december = "Board meeting\n\nMinutes of the meeting held on 18 December, at 10:00\n\nPresent: the board.\n";
        assert_eq!(
            dated(december, "2024-01-08"),
            (Some("2023-12-18".into()), Some("2024-01-08".into()))
        );
        // US order.
        let us = "Board meeting\n\nMinutes of the meeting held June 3\n\nPresent: the board.\n";
        assert_eq!(dated(us, "2022-06-05").0, Some("2022-06-03".into()));
    }

    #[test]
    fn a_file_date_far_from_the_printed_day_or_a_printed_year_is_left_alone() {
        // Saved long after: the year would be a guess.
        let late =
            "Board meeting\n\nMinutes of the meeting held on 20 June, at 10:00\n\nPresent.\n";
        assert_eq!(dated(late, "2023-12-01"), (Some("2023-12-01".into()), None));
        // A full date in the title block is the text's own date; the rule plays no part.
        let full = "Board meeting\n\n20 June 2021\n\nPresent.\n";
        assert_eq!(dated(full, "2023-06-21").0, Some("2021-06-20".into()));
        // No day printed: the file's date stays.
        let none = "Board meeting\n\nPresent: the board.\n";
        assert_eq!(dated(none, "2023-06-21").0, Some("2023-06-21".into()));
    }
}
