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

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

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
                    add(fold(&s).0, i, PatternKind::Acronym, s);
                }
            }
            for ex in &t.exclude {
                add(fold(ex).0, i, PatternKind::Exclude, String::new());
            }
        }
        let automaton = (!folded.is_empty()).then(|| {
            AhoCorasickBuilder::new()
                .match_kind(MatchKind::Standard)
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
            let (folded, map) = fold(text);
            for m in ac.find_overlapping_iter(&folded) {
                let p = &self.patterns[m.pattern().as_usize()];
                let start = map[m.start()];
                let end = if m.end() < map.len() {
                    map[m.end()]
                } else {
                    text.len()
                };
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
        });
        longest_per_theme(hits)
    }
}

/// "confidence-building measures" -> itself, its singular/plural, all folded.
fn phrase_variants(alias: &str) -> Vec<String> {
    let base = fold(alias.trim()).0;
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

/// Fold a text for matching, with a map from each folded byte to the original byte.
pub fn fold(text: &str) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(text.len());
    let mut map = Vec::with_capacity(text.len() + 1);
    let mut last_space = false;
    for (i, c) in text.char_indices() {
        let f = match c {
            '-' | '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' => ' ',
            c if c.is_ascii() => {
                if c.is_ascii_whitespace() {
                    ' '
                } else {
                    c.to_ascii_lowercase()
                }
            }
            c if c.is_whitespace() => ' ',
            '\u{2019}' | '\u{2018}' => '\'',
            c => single_lowercase(c),
        };
        if f == ' ' {
            if last_space {
                continue;
            }
            last_space = true;
        } else {
            last_space = false;
        }
        // The folded character has the same UTF-8 length as the original, except the
        // ASCII stand-ins for dashes, spaces and apostrophes, which are shorter.
        for _ in 0..f.len_utf8() {
            map.push(i);
        }
        out.push(f);
    }
    map.push(text.len());
    (out, map)
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
