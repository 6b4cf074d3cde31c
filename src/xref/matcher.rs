//! The mention matcher: finds every mention of every theme in a text in one pass.
//! Takes the catalog; gives, for any text, the (theme, byte range) of each mention.
//!
//! Phrases (aliases) and acronyms go into one Aho-Corasick automaton that runs over a
//! *folded* copy of the text: lower case, hyphens and runs of white space as one space,
//! curly apostrophes as straight ones. So "Confidence-Building  Measures" and
//! "confidence building measures" are the same string. Every hit is then checked against
//! the original text: whole words only, and acronyms in their exact case. The cost is one
//! pass over the text whatever the size of the catalog. `patterns` (regexes) are the only
//! per-theme scans, for the rare spelling the rules cannot express.

use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};

use super::catalog::Theme;

/// A mention of a theme in a text: byte range in the original text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub range: Range<usize>,
    pub theme: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PatternKind {
    Phrase,
    /// The exact (case-sensitive) spelling to check the original text against.
    Acronym,
    Exclude,
}

#[derive(Debug)]
struct Pattern {
    theme: usize,
    kind: PatternKind,
    /// For acronyms: the spelling that must appear in the original text.
    exact: String,
}

pub struct Matcher {
    automaton: Option<AhoCorasick>,
    patterns: Vec<Pattern>,
    regexes: Vec<(usize, regex::Regex)>,
}

impl Matcher {
    pub fn new(themes: &[Theme]) -> Matcher {
        let mut folded = Vec::new();
        let mut patterns = Vec::new();
        let mut add = |text: String, theme: usize, kind: PatternKind, exact: String| {
            if !text.is_empty() && !folded.contains(&text) || kind == PatternKind::Exclude {
                folded.push(text);
                patterns.push(Pattern { theme, kind, exact });
            }
        };
        for (i, t) in themes.iter().enumerate() {
            for alias in &t.aliases {
                for v in phrase_variants(alias) {
                    add(v, i, PatternKind::Phrase, String::new());
                }
            }
            for acr in &t.acronyms {
                let acr = acr.trim();
                let mut spellings = vec![acr.to_string()];
                if !acr.ends_with('s') {
                    spellings.push(format!("{acr}s"));
                }
                for s in spellings {
                    add(fold_pattern(&s), i, PatternKind::Acronym, s);
                }
            }
            for ex in &t.exclude {
                add(fold_pattern(ex), i, PatternKind::Exclude, String::new());
            }
        }
        let automaton = (!folded.is_empty()).then(|| {
            AhoCorasickBuilder::new()
                .match_kind(MatchKind::Standard)
                // A DFA is the fastest automaton to run; with a catalog of a few hundred
                // patterns it stays small (and is built once per build).
                .kind(Some(AhoCorasickKind::DFA))
                .build(&folded)
                .expect("patterns are plain strings")
        });
        let regexes = themes
            .iter()
            .enumerate()
            .flat_map(|(i, t)| t.patterns.iter().map(move |r| (i, r.clone())))
            .collect();
        Matcher {
            automaton,
            patterns,
            regexes,
        }
    }

    /// Every mention in `text`, sorted by position. Mentions of different themes may
    /// overlap ("hate speech in cyberspace" mentions two themes); mentions of one theme
    /// do not (the longest wins).
    pub fn find(&self, text: &str) -> Vec<Hit> {
        let mut hits: Vec<Hit> = Vec::new();
        let mut excluded: Vec<(usize, Range<usize>)> = Vec::new();
        if let Some(ac) = &self.automaton {
            let folded = fold(text);
            for m in ac.find_overlapping_iter(&folded.text) {
                let p = &self.patterns[m.pattern().as_usize()];
                let start = folded.original(m.start());
                let end = folded.original(m.end());
                let range = trim_range(text, start..end);
                if !is_whole_word(text, &range) {
                    continue;
                }
                match p.kind {
                    PatternKind::Exclude => excluded.push((p.theme, range)),
                    PatternKind::Acronym if text[range.clone()] != p.exact => {}
                    _ => hits.push(Hit {
                        range,
                        theme: p.theme,
                    }),
                }
            }
        }
        for (theme, re) in &self.regexes {
            for m in re.find_iter(text) {
                hits.push(Hit {
                    range: m.range(),
                    theme: *theme,
                });
            }
        }
        hits.retain(|h| {
            !excluded
                .iter()
                .any(|(t, r)| *t == h.theme && r.start <= h.range.start && h.range.end <= r.end)
                && !inside_address(text, &h.range)
        });
        longest_per_theme(hits)
    }
}

/// "confidence-building measures" -> itself, its singular/plural, all folded.
fn phrase_variants(alias: &str) -> Vec<String> {
    let base = fold_pattern(alias.trim());
    let mut out = vec![base.clone()];
    if let Some(stem) = base.strip_suffix("ies") {
        out.push(format!("{stem}y"));
    } else if let Some(stem) = base.strip_suffix('s') {
        if !stem.ends_with('s') {
            out.push(stem.to_string());
        }
    } else if base.ends_with('y') && !base.ends_with("ay") && !base.ends_with("ey") {
        out.push(format!("{}ies", &base[..base.len() - 1]));
    } else {
        out.push(format!("{base}s"));
    }
    out
}

/// A text folded for matching, and how to find the original byte of a folded one.
pub struct Folded {
    /// UTF-8 (the automaton searches bytes, so it is kept as bytes).
    pub text: Vec<u8>,
    /// Where the folded text's offsets stop running in step with the original's: each
    /// (folded, original) pair starts a run of equal-length characters. Sparse (only
    /// dashes, curly apostrophes and collapsed white space start a run), so most
    /// passages need one entry instead of a map of every byte.
    runs: Vec<(usize, usize)>,
    original_len: usize,
}

impl Folded {
    /// The original byte offset of the folded character starting at `at` (or of the end).
    pub fn original(&self, at: usize) -> usize {
        if at >= self.text.len() {
            return self.original_len;
        }
        let i = self.runs.partition_point(|&(f, _)| f <= at) - 1;
        let (f, o) = self.runs[i];
        o + (at - f)
    }
}

/// Fold a text for matching (see the module doc).
pub fn fold(text: &str) -> Folded {
    let mut out: Vec<u8> = Vec::with_capacity(text.len());
    let mut runs = vec![(0, 0)];
    let mut shift = 0usize;
    let mut last_space = false;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        // ASCII is nearly all of the text: copy each run of plain ASCII (no space, no
        // hyphen) at once, lower-cased, without decoding characters.
        if b < 0x80 && !is_space_like(b) {
            let run = bytes[i..]
                .iter()
                .position(|&c| c >= 0x80 || is_space_like(c))
                .map_or(bytes.len(), |n| i + n);
            if i - out.len() != shift {
                shift = i - out.len();
                runs.push((out.len(), i));
            }
            out.extend(bytes[i..run].iter().map(u8::to_ascii_lowercase));
            last_space = false;
            i = run;
            continue;
        }
        if b < 0x80 {
            if !last_space {
                if i - out.len() != shift {
                    shift = i - out.len();
                    runs.push((out.len(), i));
                }
                out.push(b' ');
            }
            last_space = true;
            i += 1;
            continue;
        }
        let c = text[i..].chars().next().unwrap_or(' ');
        let f = match c {
            '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' => ' ',
            c if c.is_whitespace() => ' ',
            '\u{2019}' | '\u{2018}' => '\'',
            c => single_lowercase(c),
        };
        if !(f == ' ' && last_space) {
            if i - out.len() != shift {
                shift = i - out.len();
                runs.push((out.len(), i));
            }
            let mut buf = [0u8; 4];
            out.extend_from_slice(f.encode_utf8(&mut buf).as_bytes());
        }
        last_space = f == ' ';
        i += c.len_utf8();
    }
    Folded {
        text: out,
        runs,
        original_len: text.len(),
    }
}

/// ASCII white space and the hyphen, which fold to one space.
fn is_space_like(b: u8) -> bool {
    b == b'-' || b.is_ascii_whitespace()
}

/// The folded text as a string (for patterns and tests).
fn fold_pattern(text: &str) -> String {
    String::from_utf8_lossy(&fold(text).text).into_owned()
}

/// The lower case of `c` when it is a single character of the same UTF-8 length (so byte
/// offsets stay simple); otherwise `c` itself.
fn single_lowercase(c: char) -> char {
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) if l.len_utf8() == c.len_utf8() => l,
        _ => c,
    }
}

fn trim_range(text: &str, r: Range<usize>) -> Range<usize> {
    let s = &text[r.clone()];
    let start = r.start + (s.len() - s.trim_start().len());
    let end = r.end - (s.len() - s.trim_end().len());
    start..end.max(start)
}

fn is_whole_word(text: &str, r: &Range<usize>) -> bool {
    let before = text[..r.start].chars().next_back();
    let after = text[r.end..].chars().next();
    !before.is_some_and(char::is_alphanumeric)
        && !after.is_some_and(char::is_alphanumeric)
        && r.start < r.end
}

/// A mention is read in prose, never inside a web or e-mail address
/// ("www.techagainstterrorism.org", "https://x.org/christchurch-call", "info@gifct.org").
fn inside_address(text: &str, r: &Range<usize>) -> bool {
    let token_start = text[..r.start]
        .rfind(char::is_whitespace)
        .map_or(0, |i| i + 1);
    let token_end = text[r.end..]
        .find(char::is_whitespace)
        .map_or(text.len(), |i| r.end + i);
    let token = &text[token_start..token_end];
    if token.contains("://") || token.contains('@') || token.starts_with("www.") {
        return true;
    }
    // A domain name: a dot (or slash) right before or after the mention, joined to more
    // letters ("techagainstterrorism.org", "example.org/gifct").
    let mut before = text[..r.start].chars().rev();
    let mut after = text[r.end..].chars();
    let joined_before = matches!(before.next(), Some('.' | '/'))
        && before.next().is_some_and(char::is_alphanumeric);
    let joined_after =
        matches!(after.next(), Some('.' | '/')) && after.next().is_some_and(char::is_alphanumeric);
    joined_before || joined_after
}

/// For each theme keep non-overlapping mentions, preferring the longest, leftmost.
fn longest_per_theme(mut hits: Vec<Hit>) -> Vec<Hit> {
    hits.sort_by(|a, b| {
        (a.theme, a.range.start, std::cmp::Reverse(a.range.end)).cmp(&(
            b.theme,
            b.range.start,
            std::cmp::Reverse(b.range.end),
        ))
    });
    let mut out: Vec<Hit> = Vec::with_capacity(hits.len());
    for h in hits {
        if let Some(last) = out.last() {
            if last.theme == h.theme && h.range.start < last.range.end {
                continue;
            }
        }
        out.push(h);
    }
    out.sort_by_key(|h| (h.range.start, h.range.end, h.theme));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_not_mentions() {
        let text = "See www.techagainstterrorism.org, techagainstterrorism.org/about or mail tat@techagainstterrorism.org; TechAgainstTerrorism leads. End of TechAgainstTerrorism.";
        let starts: Vec<usize> = [
            text.find("techagainstterrorism.org,").unwrap(),
            text.find("techagainstterrorism.org/").unwrap(),
        ]
        .to_vec();
        for s in starts {
            assert!(inside_address(text, &(s..s + 20)));
        }
        let prose = text.find("TechAgainstTerrorism leads").unwrap();
        assert!(!inside_address(text, &(prose..prose + 20)));
        let last = text.rfind("TechAgainstTerrorism").unwrap();
        assert!(
            !inside_address(text, &(last..last + 20)),
            "a full stop ends a sentence"
        );
    }
    use std::path::PathBuf;

    fn theme(slug: &str, aliases: &[&str], acronyms: &[&str], exclude: &[&str]) -> Theme {
        Theme {
            slug: slug.into(),
            path: PathBuf::from(format!("{slug}.md")),
            title: slug.into(),
            summary: None,
            aliases: aliases.iter().map(|s| s.to_string()).collect(),
            acronyms: acronyms.iter().map(|s| s.to_string()).collect(),
            patterns: vec![],
            exclude: exclude.iter().map(|s| s.to_string()).collect(),
            related: vec![],
            body: String::new(),
            body_line: 1,
        }
    }

    fn catalog() -> Vec<Theme> {
        vec![
            theme("cbms", &["confidence-building measures"], &["CBM"], &[]),
            theme(
                "tat",
                &["Tech Against Terrorism", "TechAgainstTerrorism"],
                &[],
                &[],
            ),
            theme("ai", &["artificial intelligence"], &["AI"], &[]),
            theme("cc", &["Christchurch Call"], &[], &[]),
            theme("thb", &["trafficking"], &[], &["drug trafficking"]),
            theme("hate", &["hate speech"], &[], &[]),
            theme("cyber", &["cyberspace", "cyber space"], &[], &[]),
        ]
    }

    fn found(text: &str) -> Vec<(String, &'static str)> {
        let themes = catalog();
        let m = Matcher::new(&themes);
        let names = ["cbms", "tat", "ai", "cc", "thb", "hate", "cyber"];
        m.find(text)
            .into_iter()
            .map(|h| (text[h.range].to_string(), names[h.theme]))
            .collect()
    }

    #[test]
    fn any_case_hyphen_or_space_plural_possessive() {
        for s in [
            "confidence-building measures",
            "Confidence Building Measures",
            "confidence building  measure",
            "CONFIDENCE-BUILDING MEASURES",
        ] {
            assert_eq!(found(s), vec![(s.to_string(), "cbms")], "{s}");
        }
        assert_eq!(
            found("cyber CBMs and the CBM's role")[0],
            ("CBMs".into(), "cbms")
        );
        assert_eq!(found("the CBM's role")[0], ("CBM".into(), "cbms"));
        assert_eq!(
            found("the ChristChurch call")[0],
            ("ChristChurch call".into(), "cc")
        );
        assert_eq!(found("“Tech Against Terrorism” initiative")[0].1, "tat");
        assert_eq!(found("the TechAgainstTerrorism initiative")[0].1, "tat");
    }

    #[test]
    fn no_false_positives() {
        assert!(found("tech against trafficking and tech against terror")
            .iter()
            .all(|(_, t)| *t != "tat"));
        assert!(
            found("The MAIN aim; AIDS; said").is_empty(),
            "{:?}",
            found("The MAIN aim; AIDS; said")
        );
        assert!(found("ai in lower case is not the acronym").is_empty());
        assert!(found("CBMS in capitals is not the acronym, nor xCBM").is_empty());
        assert_eq!(
            found("fight drug trafficking and human trafficking").len(),
            1
        );
        assert!(found("cyberspacecraft").iter().all(|(_, t)| *t != "cyber"));
        assert_eq!(found("two cyberspaces")[0].1, "cyber", "plurals count");
    }

    #[test]
    fn overlapping_themes_both_count() {
        let f = found("hate speech in cyber space and AI-driven tools");
        let themes: Vec<&str> = f.iter().map(|(_, t)| *t).collect();
        assert_eq!(themes, ["hate", "cyber", "ai"]);
    }

    #[test]
    fn ranges_point_into_the_original_text() {
        let text = "Über die Confidence–Building Measures (CBMs) sprach man.";
        let f = found(text);
        assert_eq!(f[0].0, "Confidence–Building Measures");
        assert_eq!(f[1].0, "CBMs");
    }

    #[test]
    fn folded_offsets_map_back_to_the_original() {
        let text = "A  B\u{2013}c\u{2019}d\u{a0}\u{a0}E";
        let f = fold(text);
        assert_eq!(f.text, b"a b c'd e");
        let originals: Vec<usize> = (0..=f.text.len()).map(|i| f.original(i)).collect();
        assert_eq!(originals, [0, 1, 3, 4, 7, 8, 11, 12, 16, 17]);
    }

    /// The plain definition: a folded character per original one, with a map of every
    /// folded byte back to its original byte.
    fn fold_reference(text: &str) -> (String, Vec<usize>) {
        let mut out = String::new();
        let mut map = Vec::new();
        let mut last_space = false;
        for (i, c) in text.char_indices() {
            let f = match c {
                '-' | '\u{2010}'..='\u{2014}' => ' ',
                c if c.is_whitespace() => ' ',
                '\u{2019}' | '\u{2018}' => '\'',
                c if c.is_ascii() => c.to_ascii_lowercase(),
                c => single_lowercase(c),
            };
            if f == ' ' && last_space {
                continue;
            }
            last_space = f == ' ';
            for _ in 0..f.len_utf8() {
                map.push(i);
            }
            out.push(f);
        }
        map.push(text.len());
        (out, map)
    }

    proptest::proptest! {
        #[test]
        fn fold_agrees_with_its_definition(text in "[aZ \t\n\\-\u{2013}\u{2019}\u{a0}É\u{130}ß]{0,40}") {
            let (expected, map) = fold_reference(&text);
            let f = fold(&text);
            proptest::prop_assert_eq!(&f.text, expected.as_bytes());
            for (at, _) in expected.char_indices().chain([(expected.len(), ' ')]) {
                proptest::prop_assert_eq!(f.original(at), map[at], "at {}", at);
            }
        }
    }

    #[test]
    fn regex_patterns_match_too() {
        let mut t = catalog();
        t[0].patterns
            .push(regex::Regex::new(r"(?i)\bcyber\s+CBMs?\b").unwrap());
        let m = Matcher::new(&t);
        let hits = m.find("on cyber CBMs today");
        assert_eq!(
            hits.len(),
            1,
            "the longer regex hit and the acronym are one mention"
        );
        assert_eq!(&"on cyber CBMs today"[hits[0].range.clone()], "cyber CBMs");
    }
}
