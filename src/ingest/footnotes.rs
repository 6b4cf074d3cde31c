//! Plain-text footnotes, as PDF extractions and converted documents leave them: a note
//! line `1 Resolution S-10/2.` (or `[1] ...`, `¹ ...`) after a rule or at a page end, and
//! a marker in the text (`word.1`, `word1`, `word¹`, `[1]`). Linked as Markdown footnotes
//! (`[^1]` and `[^1]: ...`) only when the numbering is consistent: notes numbered 1, 2, 3
//! ... in order (or from 1 again on a new page), each with its marker in the text between
//! the previous marker and the note. Anything else is left as it is: never a guess.
//!
//! Takes a body's text (after layout repairs, before the rules); gives the text with the
//! notes linked, line for line (a note's continuation lines are joined into its first
//! line and left blank, so line numbers in reports still hold), and what was linked.

use super::spelling::trailing_word;
use once_cell::sync::Lazy;
use regex::Regex;

/// A note linked to its marker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkedNote {
    pub number: u32,
    /// Its Markdown label, `[^1]` (`[^1-2]` for the second note numbered 1).
    pub label: String,
    /// 0-based line of the note in the text.
    pub line: usize,
    /// The note as it was written (first line).
    pub was: String,
}

#[derive(Debug, Clone)]
pub struct Linked {
    pub text: String,
    pub notes: Vec<LinkedNote>,
}

static NOTE_LINE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"^\x0c?\s{0,3}(?:\[(\d{1,3})\]|(\d{1,3})|([⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3}))\s+(\S.*)$").unwrap()
});
/// The rule over a page's notes; a PDF reader may mark it up as a heading for its size.
static RULE: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^\s*(?:#{1,6}\s+)?(?:_{3,}|-{3,}|(?:\*\s*){3,}|—{2,})\s*$").unwrap());

/// Link the plain-text footnotes of `text`, or `None` when it has none that are
/// consistently numbered (or already marks its notes as `<sup>n</sup>` or `[^n]`).
pub fn link(text: &str) -> Option<Linked> {
    if text.contains("<sup>") || text.contains("[^") {
        return None;
    }
    let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
    let merged = number_lines_with_their_text(&mut lines);
    let joined: Vec<usize> = merged.iter().map(|m| m.1).collect();
    let notes = find_notes(&lines, &joined);
    // A number that did not turn out a note goes back to its own line.
    for (number_line, text_line, number, note_text) in merged {
        if !notes.iter().any(|n| n.line == text_line) {
            lines[number_line] = number;
            lines[text_line] = note_text;
        }
    }
    if notes.is_empty() {
        return None;
    }
    // Notes numbered from 1 again on each page or chapter share their numbers: each
    // later one gets a label of its own ("[^1-2]", the second note 1), so every marker
    // leads to its own note (the site numbers notes in order whatever their labels).
    let mut seen: std::collections::HashMap<u32, usize> = std::collections::HashMap::new();
    let labels: Vec<String> = notes
        .iter()
        .map(|note| {
            let times = seen.entry(note.number).or_insert(0);
            *times += 1;
            match *times {
                1 => format!("[^{}]", note.number),
                k => format!("[^{}-{k}]", note.number),
            }
        })
        .collect();
    let mut linked = Vec::new();
    for (note, label) in notes.iter().zip(labels).rev() {
        let (ml, range) = &note.marker;
        lines[*ml].replace_range(range.clone(), &label);
        let first = lines[note.line].clone();
        let mut body = note.body.clone();
        for line in &mut lines[note.line + 1..=note.last_line] {
            body.push(' ');
            body.push_str(line.trim());
            line.clear();
        }
        let lead = if first.starts_with('\x0c') {
            "\x0c"
        } else {
            ""
        };
        lines[note.line] = format!("{lead}{label}: {}", body.trim());
        linked.push(LinkedNote {
            number: note.number,
            label,
            line: note.line,
            was: first.trim_start_matches('\x0c').trim().to_string(),
        });
    }
    linked.reverse();
    Some(Linked {
        text: lines.join("\n"),
        notes: linked,
    })
}

/// A note's number that a PDF sets on a line of its own (raised, on a baseline above
/// its text: "1" / "All normative statements ..."), joined to the text on the next
/// non-blank line, so the note reads "1 All normative ..." there (its next lines go on
/// with it); the number's line is left blank. Gives what was joined, as (number's line,
/// text's line, the two lines as they were), for the caller to undo where no note came
/// of it.
fn number_lines_with_their_text(lines: &mut [String]) -> Vec<(usize, usize, String, String)> {
    static LONE_NUMBER: Lazy<Regex> =
        Lazy::new(|| Regex::new(r"^\x0c?\s{0,3}\d{1,3}\s*$").unwrap());
    let mut merged = Vec::new();
    for i in 0..lines.len() {
        if !LONE_NUMBER.is_match(&lines[i]) {
            continue;
        }
        let Some(j) = (i + 1..lines.len().min(i + 3)).find(|&j| !lines[j].trim().is_empty()) else {
            continue;
        };
        let text = lines[j].trim();
        let opens_text = text
            .chars()
            .next()
            .is_some_and(|c| c.is_alphabetic() || "“\"‘'(".contains(c));
        if !opens_text || note_line(&lines[j]).is_some() || lines[j].contains('\x0c') {
            continue;
        }
        let was = (lines[i].clone(), lines[j].clone());
        lines[j] = format!("{} {text}", lines[i].trim_end());
        lines[i] = String::new();
        merged.push((i, j, was.0, was.1));
    }
    merged
}

#[derive(Debug)]
struct Note {
    number: u32,
    line: usize,
    /// The last line of its text (continuation lines directly under it).
    last_line: usize,
    body: String,
    /// Where its marker is: line and byte range of the digits.
    marker: (usize, std::ops::Range<usize>),
}

/// Walk the text once: a line that starts a paragraph (or follows a note) and reads as
/// note `n`, where `n` is the number expected next, is a note if its marker is found and
/// it sits where notes sit.
///
/// `joined` are the lines whose note number stood on a line of its own above them (see
/// [`number_lines_with_their_text`]): such a note must sit where notes sit on a page
/// (under a rule, at the page's end, or after another note), never merely after a cut
/// sentence (a table's cells "1" / "oaths (legal ..." had read as a note).
fn find_notes(lines: &[String], joined: &[usize]) -> Vec<Note> {
    let mut notes: Vec<Note> = Vec::new();
    let mut expected = 1u32;
    let mut cursor = (0usize, 0usize);
    let mut page_break_since_note = false;
    // notes in their place whose marker was not found: (number, line, last line, body)
    let mut unmarked: Vec<(u32, usize, usize, String)> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if lines[i].contains('\x0c') {
            page_break_since_note = true;
        }
        let follows_note = notes.last().is_some_and(|n| n.last_line + 1 == i);
        let starts_paragraph = i == 0
            || lines[i - 1].trim().is_empty()
            || RULE.is_match(&lines[i - 1])
            || lines[i].starts_with('\x0c')
            || follows_note;
        // A PDF's text may set the notes right under the page's last sentence, with no
        // blank line: then they must run to the page's (or the text's) end.
        let under_last_sentence = !starts_paragraph
            && ends_sentence(&lines[i - 1])
            && note_line(&lines[i]).is_some_and(|(n, _)| {
                run_ends_page(lines, continuation_end(lines, i, n), n, false)
            });
        let Some((number, body)) = (starts_paragraph || under_last_sentence)
            .then(|| note_line(&lines[i]))
            .flatten()
        else {
            i += 1;
            continue;
        };
        let restart = number == 1 && expected > 1 && page_break_since_note;
        if number != expected && !restart {
            i += 1;
            continue;
        }
        let last_line = continuation_end(lines, i, number);
        let sits_right = follows_note
            || after_rule(lines, i)
            || (after_cut_sentence(lines, i) && !joined.contains(&i))
            || run_ends_page(lines, last_line, number, true);
        // A reference list numbered "[n]" is cited "[n]": a figure glued to a word there
        // is a section or page number ("H.1.2", "2.2 Passphrases", "10(1):28-36").
        let bracketed = lines[i]
            .trim_start_matches('\x0c')
            .trim_start()
            .starts_with('[');
        let marker = sits_right
            .then(|| find_marker(lines, cursor, i, number, bracketed))
            .flatten();
        match marker {
            Some(marker) => {
                cursor = (marker.0, marker.1.end);
                notes.push(Note {
                    number,
                    line: i,
                    last_line,
                    body,
                    marker,
                });
                expected = number + 1;
                page_break_since_note = false;
                i = last_line + 1;
            }
            // A note in its place whose marker is not found ("Summit, 11 and": a marker
            // set apart by a space is not told from a number) stays as it is, and the
            // numbering goes on: the notes after it are still linked.
            None if sits_right && number == expected && !notes.is_empty() => {
                unmarked.push((number, i, last_line, body));
                expected = number + 1;
                i = last_line + 1;
            }
            None => i += 1,
        }
    }
    for (number, line, last_line, body) in unmarked {
        if let Some(marker) = spaced_marker(lines, &notes, number) {
            notes.push(Note {
                number,
                line,
                last_line,
                body,
                marker,
            });
        }
    }
    notes.sort_by_key(|n| n.line);
    notes
}

/// The marker of note `number` set apart by a space after a word and its comma
/// ("Summit, 11 and"), which is read as a marker only between the markers of the notes
/// before and after it, and only when it is the one such number there.
fn spaced_marker(
    lines: &[String],
    notes: &[Note],
    number: u32,
) -> Option<(usize, std::ops::Range<usize>)> {
    let prev = notes.iter().find(|n| n.number + 1 == number)?;
    let next = notes.iter().find(|n| n.number == number + 1)?;
    // the space goes with the marker: "Summit, 11 and" -> "Summit,[^11] and"
    let spaced = Regex::new(&format!(r"\p{{L}}[,;:)”’]( {number}) \p{{Ll}}")).ok()?;
    let (from, to) = (&prev.marker, &next.marker);
    let mut found = Vec::new();
    for l in from.0..=to.0 {
        let line = lines.get(l)?;
        let start = if l == from.0 { from.1.end } else { 0 };
        let end = if l == to.0 { to.1.start } else { line.len() };
        if start > end || note_line(line).is_some_and(|_| is_note_start(lines, l)) {
            continue;
        }
        for c in spaced.captures_iter(&line[start..end]) {
            let m = c.get(1)?;
            found.push((l, start + m.start()..start + m.end()));
        }
    }
    (found.len() == 1).then(|| found.remove(0))
}

/// `(number, text)` of a line that reads as a note: a number (or `[n]`, or superscript
/// digits) and text that does not start with a digit (`2 000 people` is not a note).
fn note_line(line: &str) -> Option<(u32, String)> {
    // A table's row ("1\tState police\t1.1.\t...") opens with its number cell.
    if line.contains('\t') {
        return None;
    }
    let c = NOTE_LINE.captures(line)?;
    let number = match (c.get(1), c.get(2), c.get(3)) {
        (Some(n), _, _) | (_, Some(n), _) => n.as_str().parse().ok()?,
        (_, _, Some(s)) => from_superscript(s.as_str())?,
        _ => return None,
    };
    let body = c[4].to_string();
    let first = body.chars().next()?;
    // A note may open with a citation's volume ("43 15 U.S.C. § 1681"): digits, then a
    // capital. Other digits ("2 000 people") are a number, not a note.
    static CITATION: Lazy<Regex> = Lazy::new(|| Regex::new(r"^\d{1,4}\s+\p{Lu}").unwrap());
    let opens_well = !first.is_ascii_digit() || CITATION.is_match(&body);
    (number > 0 && opens_well && first != '%' && first != '.' && first != ')')
        .then_some((number, body))
}

fn from_superscript(s: &str) -> Option<u32> {
    s.chars()
        .map(|c| "⁰¹²³⁴⁵⁶⁷⁸⁹".chars().position(|d| d == c))
        .try_fold(0u32, |acc, d| Some(acc * 10 + d? as u32))
}

fn to_superscript(n: u32) -> String {
    n.to_string()
        .chars()
        .map(|d| {
            "⁰¹²³⁴⁵⁶⁷⁸⁹"
                .chars()
                .nth(d as usize - '0' as usize)
                .unwrap_or(d)
        })
        .collect()
}

/// The note's continuation: the non-blank lines directly under it that do not start the
/// next note or a page, nor are the page's number.
fn continuation_end(lines: &[String], at: usize, number: u32) -> usize {
    let mut end = at;
    while let Some(next) = lines.get(end + 1) {
        let next_note = note_line(next).is_some_and(|(n, _)| n == number + 1 || n == 1);
        let page_number = next.trim().len() <= 4 && next.trim().chars().all(|c| c.is_ascii_digit());
        if next.trim().is_empty()
            || next.contains('\x0c')
            || next_note
            || page_number
            || RULE.is_match(next)
        {
            break;
        }
        end += 1;
    }
    end
}

fn previous_text_line(lines: &[String], at: usize) -> Option<&str> {
    lines[..at]
        .iter()
        .rev()
        .map(|l| l.trim())
        .find(|l| !l.is_empty())
}

fn after_rule(lines: &[String], at: usize) -> bool {
    previous_text_line(lines, at).is_some_and(|l| RULE.is_match(l))
}

/// The page ended in the middle of a sentence, and the notes were set at its foot.
fn after_cut_sentence(lines: &[String], at: usize) -> bool {
    previous_text_line(lines, at).is_some_and(|l| {
        // A marker at the end ("shows.2") is not the sentence's last word.
        let l = l.trim_end_matches(|c: char| c.is_ascii_digit() || "⁰¹²³⁴⁵⁶⁷⁸⁹".contains(c));
        let last = l.chars().last().unwrap_or('.');
        (last.is_alphanumeric() || last == ',' || last == '-')
            && !l.starts_with('#')
            && note_line(l).is_none()
    })
}

/// After the note (and the notes that follow it, numbered on), the page or the text ends,
/// or (with `continuation`) a sentence cut by the page goes on in lower case.
fn run_ends_page(lines: &[String], mut last: usize, number: u32, continuation: bool) -> bool {
    let mut next_number = number + 1;
    loop {
        let mut j = last + 1;
        while j < lines.len() && lines[j].trim().is_empty() {
            j += 1;
        }
        let Some(next) = lines.get(j) else {
            return true;
        };
        if next.contains('\x0c') {
            return true;
        }
        if note_line(next).is_some_and(|(n, _)| n == next_number) {
            last = continuation_end(lines, j, next_number);
            next_number += 1;
            continue;
        }
        return continuation && next.trim_start().starts_with(|c: char| c.is_lowercase());
    }
}

/// A line that ends a sentence (a marker after the full stop aside).
fn ends_sentence(line: &str) -> bool {
    let l = line
        .trim_end()
        .trim_end_matches(|c: char| c.is_ascii_digit() || "⁰¹²³⁴⁵⁶⁷⁸⁹".contains(c));
    l.ends_with(['.', '!', '?', '”', '"', ')', ':'])
}

/// The first marker for note `number` in the text between `from` and line `before`.
fn find_marker(
    lines: &[String],
    from: (usize, usize),
    before: usize,
    number: u32,
    bracketed: bool,
) -> Option<(usize, std::ops::Range<usize>)> {
    let digits = number.to_string();
    let sup = to_superscript(number);
    for (l, line) in lines.iter().enumerate().take(before).skip(from.0) {
        let start = if l == from.0 { from.1 } else { 0 };
        if start > line.len() || note_line(line).is_some_and(|_| is_note_start(lines, l)) {
            continue;
        }
        let found = if bracketed {
            bracket_marker_in(line, start, &digits)
        } else {
            marker_in(line, start, &digits, &sup, is_note_start(lines, l))
        };
        if let Some(r) = found {
            return Some((l, r));
        }
    }
    None
}

/// A line that begins a paragraph: notes found earlier are not searched for markers.
fn is_note_start(lines: &[String], l: usize) -> bool {
    l == 0 || lines[l - 1].trim().is_empty()
}

/// A marker in `line` from byte `start`: superscript digits, `[n]`, or the digits glued
/// to the end of a word (`results2;`, `Bing1.`, `78/16.1 Its`), never part of a longer
/// number, a code (`G20`, `COVID19`) or a decimal (`2.1 per cent`).
///
/// `opens_paragraph`: the line starts a paragraph (a heading's line may open on a section's
/// number; a wrapped sentence's line "11.300 System issues ..." may not).
fn marker_in(
    line: &str,
    start: usize,
    digits: &str,
    sup: &str,
    opens_paragraph: bool,
) -> Option<std::ops::Range<usize>> {
    let hay = &line[start..];
    for (at, _) in hay.match_indices(sup) {
        let before = hay[..at].chars().last();
        let after = hay[at + sup.len()..].chars().next();
        if before.is_some_and(|c| !c.is_whitespace())
            && !after.is_some_and(|c| "⁰¹²³⁴⁵⁶⁷⁸⁹".contains(c))
        {
            return Some(start + at..start + at + sup.len());
        }
    }
    if let Some(r) = bracket_marker_in(line, start, digits) {
        return Some(r);
    }
    for (at, _) in hay.match_indices(digits) {
        let before: Vec<char> = hay[..at].chars().rev().take(2).collect();
        let rest = &hay[at + digits.len()..];
        let after = rest.chars().next();
        if after.is_some_and(|c| c.is_alphanumeric()) {
            continue;
        }
        // "Notice No.1", "Art.5", "para.12": a reference's number, not a note's.
        if after_reference_abbreviation(&hay[..at]) {
            continue;
        }
        let glued = match before.as_slice() {
            [c, ..] if c.is_lowercase() => true,
            ['.' | ',' | ';' | ':' | ')' | '”' | '’' | '"', prev, ..] if !prev.is_ascii_digit() => {
                true
            }
            // After a number and a semicolon, which no decimal has: "16 June 2011;8 and".
            [';', _, ..] => true,
            // After a year and a comma, where the sentence goes on: "of 23 November
            // 2021,6 its implementation plan" (a decimal comma would not follow a year).
            // Or at the line's end, where a UN preamble's paragraph ends: "on 17 March
            // 2023,10".
            [',', _, ..] => {
                let next = rest.trim_start();
                ends_with_year(&hay[..at - 1])
                    && (rest.trim().is_empty()
                        || (rest.starts_with(' ') && next.starts_with(|c: char| c.is_lowercase())))
            }
            // After a number and a full stop only where a sentence begins: "78/16.1 Its".
            // Or before the bracket or quote that closes the sentence: "July 30, 2017.453)".
            // Never in a section's number that opens a line or a cell ("3.1 Pre-2010",
            // "### 1.1 Background", "| **2.1** ...").
            ['.', _, ..] if opens_line_or_cell(&line[..start + at - 1], opens_paragraph) => false,
            ['.', _, ..] => {
                let next = rest.trim_start();
                ((rest.is_empty() || rest.starts_with(' '))
                    && (next.is_empty() || next.starts_with(|c: char| c.is_uppercase())))
                    || rest.starts_with([')', ']', '”', '"', '’'])
            }
            _ => false,
        };
        if glued {
            return Some(start + at..start + at + digits.len());
        }
    }
    None
}

/// Whether `before` (a line up to a number) ends on an abbreviation that a number
/// follows as part of a reference ("No.", "Nº", "Art.", "para.", "Vol.", "Res.").
fn after_reference_abbreviation(before: &str) -> bool {
    // "Version 1.1", "Rev. 2.3", "Tel. 06 85264.1": the number after the full stop is the
    // figure's, when a version's or a telephone's word stands before it, or the figure
    // runs to five digits (a year has four: "2015.89 Counsel" keeps its note).
    if let Some(head) = before.strip_suffix('.') {
        let figure = head.trim_end_matches(|c: char| c.is_ascii_digit());
        let digits = head.len() - figure.len();
        if digits >= 5 {
            return true;
        }
        if digits > 0 {
            const FIGURE_WORDS: &[&str] = &[
                "version", "v", "ver", "release", "rel", "rev", "revision", "edition", "ed", "tel",
                "phone", "fax", "section", "sec", "article", "chapter", "step",
            ];
            let word = trailing_word(figure.trim_end_matches([' ', '.']), &[]);
            if FIGURE_WORDS.contains(&word.to_lowercase().as_str()) {
                return true;
            }
        }
    }
    const ABBREVIATIONS: &[&str] = &[
        "no", "nos", "nº", "n°", "nr", "núm", "num", "art", "arts", "para", "paras", "par", "p",
        "pp", "vol", "sec", "ch", "chap", "fig", "res", "doc", "rev", "add", "corr", "op", "annex",
        "item", "ziff", "abs", "str",
    ];
    let Some(head) = before
        .strip_suffix('.')
        .or_else(|| before.strip_suffix("º"))
    else {
        return false;
    };
    let word = trailing_word(head, &['º', '°']);
    let word = if before.ends_with('º') && !before.ends_with(".º") {
        format!("{word}º")
    } else {
        word.to_string()
    };
    ABBREVIATIONS.contains(&word.to_lowercase().as_str())
}

/// Whether `before` (a line up to a number's full stop) is only that number after the
/// start of a paragraph's line (`opens_paragraph`) or of a table cell, and markup: the
/// number is a section's.
fn opens_line_or_cell(before: &str, opens_paragraph: bool) -> bool {
    let without_number = before.trim_end_matches(|c: char| c.is_ascii_digit() || c == '.');
    // A section's number is short ("3", "2.4"); a year that opens a wrapped line is not
    // one ("2015.89 Counsel ...").
    let last_part = before[without_number.len()..]
        .rsplit('.')
        .next()
        .unwrap_or("");
    if last_part.len() > 2 {
        return false;
    }
    let in_cell = without_number.contains(['|', '\t']);
    if !in_cell && !opens_paragraph {
        return false;
    }
    let cell = without_number
        .rsplit(['|', '\t'])
        .next()
        .unwrap_or(without_number);
    cell.trim_start_matches('\x0c')
        .chars()
        .all(|c| c.is_whitespace() || "#*_".contains(c))
}

/// A marker `[n]` in `line` from byte `start`, not at the line's start (where it opens a
/// note) and not a link's text (`[1](url)`).
fn bracket_marker_in(line: &str, start: usize, digits: &str) -> Option<std::ops::Range<usize>> {
    let hay = &line[start..];
    let bracket = format!("[{digits}]");
    let at = hay.find(&bracket)?;
    (at > 0 && !hay[at + bracket.len()..].starts_with('('))
        .then(|| start + at..start + at + bracket.len())
}

/// Whether `s` ends with a year from 1800 to 2099 that is a whole number.
fn ends_with_year(s: &str) -> bool {
    let digits = s.len() - s.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    digits == 4
        && s[s.len() - 4..]
            .parse::<u32>()
            .is_ok_and(|y| (1800..2100).contains(&y))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A note whose number is set on a line of its own, raised above its text (the EU's
    /// ethics guidelines: 70 notes, none had been linked).
    #[test]
    fn a_note_number_on_its_own_line_is_joined_to_its_text() {
        let text = "The framework does not deal with the first component (lawful AI).1 Instead, it\noffers guidance on the second.\n\n1\n\nAll normative statements in this document aim to reflect guidance\ntowards achieving the second and third component.\n\x0cNext page text.";
        let linked = link(text).expect("the note is linked");
        assert!(
            linked.text.contains("(lawful AI).[^1] Instead"),
            "{}",
            linked.text
        );
        assert!(
            linked.text.contains("[^1]: All normative statements in this document aim to reflect guidance towards achieving the second and third component."),
            "{}",
            linked.text
        );
        assert_eq!(linked.text.lines().count(), text.lines().count());
        // A table's number cell after a cut sentence is no note: left as it was.
        let table = "Civil and criminal procedure, evidence and\n\n1\n\noaths (legal recognition, public acts)\n\n### 1.1 Background\n";
        assert!(link(table).is_none());
    }

    #[test]
    fn a_note_may_open_with_a_citations_volume() {
        assert_eq!(
            note_line("43 15 U.S.C. § 1681 (2017)."),
            Some((43, "15 U.S.C. § 1681 (2017).".to_string()))
        );
        assert_eq!(note_line("2 000 people attended."), None);
        assert_eq!(
            marker_in("on July 30, 2017.453) The", 0, "453", "⁴⁵³", false),
            Some(17..20)
        );
    }

    #[test]
    fn markers_after_a_year_and_a_comma_or_semicolon() {
        let text = "Recalling its Recommendation of 23 November 2021,1 its plan, and resolution 17/4 of 16 June 2011;2 and the work of 2,5 per cent.\n\n1 Records of the General Conference, vol. 1,\nannex VII.\n2 A/HRC/17/31, annex.\n";
        let linked = link(text).expect("notes linked");
        assert_eq!(
            linked.notes.iter().map(|n| n.number).collect::<Vec<_>>(),
            vec![1, 2]
        );
        assert!(
            linked.text.contains("November 2021,[^1] its plan")
                && linked.text.contains("June 2011;[^2] and"),
            "{}",
            linked.text
        );
        // A decimal comma is no marker, nor a year and a comma before a new clause.
        // A section's number that opens a heading's line or a contents cell is no note's
        // marker ("3.1 Pre-2010" had become "3.[^1]"); a wrapped sentence's line that
        // opens on a date's day keeps its marker ("March" / "11.300 System issues").
        assert_eq!(
            marker_in("3.1 Pre-2010: AI winter", 0, "1", "¹", true),
            None
        );
        assert_eq!(marker_in("### 1.1 Background", 0, "1", "¹", true), None);
        assert_eq!(
            marker_in("10\t3.1 Pre-2010: AI winter", 0, "1", "¹", false),
            None
        );
        assert_eq!(
            marker_in("11.300 System issues delayed", 0, "300", "³⁰⁰", false),
            Some(3..6)
        );
        assert_eq!(
            marker_in("2015.89 Counsel for Equifax", 0, "89", "⁸⁹", true),
            Some(5..7)
        );
        assert_eq!(
            marker_in("a rate of 2,5 per cent", 0, "5", "⁵", false),
            None
        );
        assert_eq!(
            marker_in("a rate of 10,5 per cent", 0, "5", "⁵", false),
            None
        );
        assert_eq!(
            marker_in("in 2019,5 Members agreed", 0, "5", "⁵", false),
            None
        );
    }

    #[test]
    fn a_note_whose_marker_is_not_found_leaves_the_notes_after_it_linked() {
        // As A/RES/78/213 sets them: "on 17 March 2023,1" ends a preamble paragraph;
        // "Summit, 2 and" sets its marker apart by a space: taken as note 2's marker only
        // because notes 1 and 3 are linked around it.
        let text = "Recalling the agreed conclusions of the Commission, on 17 March 2023,1\n\nRecalling also the outcomes of the Summit, 2 and noting the Forum,\n\nTaking note of the Recommendation on the Ethics of Artificial Intelligence,3\n\n__________________\n\n1 Official Records of the Economic and Social Council, 2023.\n2 Resolution 70/125.\n3 Records of the General Conference, annex VII.\n";
        let l = link(text).expect("linked");
        assert_eq!(
            l.notes.iter().map(|n| n.number).collect::<Vec<_>>(),
            vec![1, 2, 3],
            "{}",
            l.text
        );
        assert!(l.text.contains("17 March 2023,[^1]\n"), "{}", l.text);
        assert!(l.text.contains("Intelligence,[^3]\n"), "{}", l.text);
        // The spaced marker, between the markers of notes 1 and 3 and the only one there.
        assert!(l.text.contains("the Summit,[^2] and"), "{}", l.text);
        // Without note 3 to close the range, note 2 stays as it is.
        let open = text
            .replace("Intelligence,3", "Intelligence")
            .replace("3 Records", "Records");
        let l = link(&open).expect("linked");
        assert_eq!(l.notes.len(), 1, "{}", l.text);
        assert!(l.text.contains("Summit, 2 and"), "{}", l.text);
    }

    #[test]
    fn notes_at_a_page_end_are_linked_to_their_markers() {
        let text = "As requested in its resolution 78/16.1 Its members agreed\nthat the table below shows.2\n\n1 Resolution 78/16 of the General Assembly.\n2 Figures reported by members; see the\nannex.\n\u{c}Next page with Bing1 and G20 and 2.1 per cent.\n";
        let l = link(text).expect("linked");
        assert_eq!(
            l.text,
            "As requested in its resolution 78/16.[^1] Its members agreed\nthat the table below shows.[^2]\n\n[^1]: Resolution 78/16 of the General Assembly.\n[^2]: Figures reported by members; see the annex.\n\n\u{c}Next page with Bing1 and G20 and 2.1 per cent.\n"
        );
        assert_eq!(l.notes.len(), 2);
        assert_eq!(l.notes[1].was, "2 Figures reported by members; see the");
    }

    #[test]
    fn notes_numbered_from_1_again_on_a_new_page_get_labels_of_their_own() {
        let text = "The first page says so.1\n\n1 The first page's note.\n\u{c}The second page says more.1\n\n1 The second page's note.\n";
        let l = link(text).expect("linked");
        assert!(l.text.contains("says so.[^1]\n"), "{}", l.text);
        assert!(l.text.contains("says more.[^1-2]\n"), "{}", l.text);
        assert!(
            l.text.contains("[^1]: The first page's note."),
            "{}",
            l.text
        );
        assert!(
            l.text.contains("[^1-2]: The second page's note."),
            "{}",
            l.text
        );
        let labels: Vec<&str> = l.notes.iter().map(|n| n.label.as_str()).collect();
        assert_eq!(labels, ["[^1]", "[^1-2]"]);
    }

    #[test]
    fn notes_right_under_the_last_sentence_of_a_page() {
        let text = "Text that ends.1\nMore text here.\nIntroduction.\n1 See the report, annex II,\nparagraph 4.\n\u{c}## 2. Next\n\nA line.\n1 Not a note: the page goes on.\nAnd on.\n";
        let l = link(text).expect("linked");
        assert_eq!(l.notes.len(), 1);
        assert!(l.text.contains("Text that ends.[^1]\n"));
        assert!(l
            .text
            .contains("\n[^1]: See the report, annex II, paragraph 4.\n\n\u{c}## 2."));
        assert!(l.text.contains("\n1 Not a note"));
    }

    #[test]
    fn notes_after_a_rule_with_word_markers() {
        let text = "The service results2 were published in Bing1 and later.\n\n___\n\n1 First note.\n\n2 Second note.\n";
        // Marker 1 comes after marker 2's position: "Bing1" is found after "results2"?
        // No: markers are searched in order, so note 1 takes "Bing1" and note 2 has no
        // marker after it; the numbering is not consistent and note 2 stays text.
        let l = link(text).expect("linked");
        assert_eq!(l.notes.len(), 1);
        assert!(l.text.contains("Bing[^1] and"));
        assert!(l.text.contains("\n2 Second note."));
    }

    #[test]
    fn section_numbers_and_table_rows_are_not_notes() {
        // "1.1 Background" in a table of contents, and a table's numbered rows at a
        // page's end, are neither markers nor notes.
        let text = "Contents\n\n1.1 Background 1.2 Formation of the Group 1.3 Guidance\n\n2.4 Integrated Report\n\nThe report follows.\n\n1\tState police\t1.1.\tState police administration\n\x0cMore text.\n";
        assert!(link(text).is_none(), "{:?}", link(text).map(|l| l.text));
    }

    #[test]
    fn numbered_paragraphs_are_not_notes() {
        // A numbered paragraph mid-text, after a whole sentence and before another: no.
        let text = "Decides to act in 2025.1\n\n1 Decides to act.\n\nThe Assembly agreed.\n";
        assert!(link(text).is_none());
        // A note whose number has no marker before it: no.
        let text = "Some text that ends here\n\n1 A note with no marker.\n";
        assert!(link(text).is_none());
        // A note out of sequence: no.
        let text = "Word2 text that ends\n\n2 A note.\n";
        assert!(link(text).is_none());
    }

    #[test]
    fn a_reference_list_in_brackets_is_cited_in_brackets_only() {
        // Section and page numbers glued to a word or a full stop are no citations.
        let text = "H.1.2 User Systems\n\n### 2.2 Passphrases\n\nAs studied before [1], and at pages 10(1):2.\n\n[1] A. Adams. Making passwords usable.\n[2] E. Adar. Why I hate research.\n";
        let l = link(text).expect("linked");
        assert!(l.text.starts_with("H.1.2 User Systems\n\n### 2.2 Passphrases\n\nAs studied before [^1], and at pages 10(1):2."), "{}", l.text);
        assert_eq!(l.notes.len(), 1, "no [2] cited");
    }

    #[test]
    fn a_references_number_after_an_abbreviation_is_no_marker() {
        for (line, n) in [
            (
                "the provisions in its Implementation Assistance Notice No.1, and",
                1,
            ),
            ("as set out in Art.5 of the Convention", 5),
            ("recalling para.12 and", 12),
            ("##### Version 1.1", 1),
            ("Tel. +39 06 85264.1", 1),
        ] {
            let sup = to_superscript(n);
            assert_eq!(
                marker_in(line, 0, &n.to_string(), &sup, false),
                None,
                "{line}"
            );
        }
        assert!(marker_in("the Secretary-General.1 It", 0, "1", "¹", false).is_some());
    }

    #[test]
    fn superscript_and_bracket_markers() {
        let text = "Word¹ and word[2] end\n\n¹ One.\n[2] Two\ngoes on.\n9\n";
        let l = link(text).expect("linked");
        assert_eq!(
            l.text,
            "Word[^1] and word[^2] end\n\n[^1]: One.\n[^2]: Two goes on.\n\n9\n"
        );
    }
}
