//! How a document spells its words: what it takes is the document's texts, what it gives
//! is a word a conversion split ("imple- mentation") joined as the document writes it
//! elsewhere. The normalizer repairs the body with it, metadata the title it reads.

use once_cell::sync::Lazy;
use regex::Regex;
use std::collections::HashMap;

/// Words a conversion split after a line-end hyphen and left a space in ("decision-
/// making", "imple- mentation"): joined as the document itself spells the word elsewhere
/// ("decision-making", "implementation"; with a hyphen or without, whichever it writes
/// more often), and left alone when it never does (so "public- and private-sector"
/// stays).
pub(crate) struct Spellings {
    /// How often the document writes each word (lowercase).
    words: HashMap<String, usize>,
}

/// The run of letters (and of `also` characters) that `s` ends with: "Notice No" gives
/// "No", "tech" of "tech-" (after its hyphen is taken off) gives "tech".
pub(crate) fn trailing_word<'a>(s: &'a str, also: &[char]) -> &'a str {
    let start = s
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphabetic() || also.contains(c))
        .last()
        .map_or(s.len(), |(i, _)| i);
    &s[start..]
}

/// The conjunctions a compound's first part stands before, its shared part after them.
pub(crate) const CONJUNCTIONS: &[&str] = &[
    "und", "oder", "bzw", "sowie", "bis", "and", "or", "to", "et", "ou", "y", "o", "e", "en", "of",
    "und/oder",
];

static SPLIT_WORD: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"(\p{L}+)- (\p{Ll}+)(?:\s+(\p{L}+))?").unwrap());

/// Whether a word after a hyphen (`word`, and the one after it, `next`) is a conjunction
/// that a compound's first part stands before: "Pass- und Personalausweiswesen", "wet- en
/// regelgeving". Another conjunction after it says it is the end of a word broken at its
/// line instead ("strength- en or develop").
pub(crate) fn suspends_a_compound(word: Option<&str>, next: Option<&str>) -> bool {
    word.is_some_and(|w| CONJUNCTIONS.contains(&w))
        && next.is_some_and(|n| !CONJUNCTIONS.contains(&n.to_lowercase().as_str()))
}

impl Spellings {
    /// The spellings of a document's texts.
    pub(crate) fn of<'t>(texts: impl IntoIterator<Item = &'t str>) -> Spellings {
        let texts: Vec<&str> = texts.into_iter().collect();
        let mut words = HashMap::new();
        if !texts.iter().any(|t| SPLIT_WORD.is_match(t)) {
            return Spellings { words };
        }
        for w in texts
            .iter()
            .flat_map(|t| t.split(|c: char| !(c.is_alphanumeric() || c == '-')))
            .filter(|w| w.len() > 2)
        {
            *words.entry(w.to_lowercase()).or_insert(0) += 1;
        }
        Spellings { words }
    }

    /// `text` with its split words joined as the document spells them.
    pub(crate) fn join_split_words(&self, text: &str) -> String {
        if self.words.is_empty() || !text.contains("- ") {
            return text.to_string();
        }
        SPLIT_WORD
            .replace_all(text, |c: &regex::Captures| {
                let (a, b) = (&c[1], &c[2]);
                // The word after the second half is kept as it is.
                let rest = &c[0][c
                    .get(2)
                    .map_or(0, |m| m.end() - c.get(0).map_or(0, |w| w.start()))..];
                // A compound's first part before a conjunction ("Pass- und
                // Personalausweiswesen", "pre- and post-war") is no split word, however
                // the document misspells it elsewhere.
                let count = |w: String| self.words.get(&w).copied().unwrap_or(0);
                if suspends_a_compound(Some(b), c.get(3).map(|m| m.as_str())) {
                    return c[0].to_string();
                }
                let with = count(format!("{}-{b}", a.to_lowercase()));
                let without = count(format!("{}{b}", a.to_lowercase()));
                match (with, without) {
                    (0, 0) => c[0].to_string(),
                    _ if with >= without => format!("{a}-{b}{rest}"),
                    _ => format!("{a}{b}{rest}"),
                }
            })
            .into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::Spellings;

    #[test]
    fn a_compounds_part_before_a_conjunction_stays_apart() {
        let texts = [
            "Bildübermittlung an Pass-und Personalausweisbehörden (as the contents misprint it)",
            "an Pass- und Personalausweisbehörden",
            "imple- mentation and implementation",
        ];
        let s = Spellings::of(texts);
        assert_eq!(
            s.join_split_words("an Pass- und Personalausweisbehörden"),
            "an Pass- und Personalausweisbehörden"
        );
        assert_eq!(
            s.join_split_words("the imple- mentation and more"),
            "the implementation and more"
        );
        // A word's end that happens to be a conjunction, with another after it.
        let s = Spellings::of(["to strengthen the unions", "to strength- en or develop"]);
        assert_eq!(
            s.join_split_words("to strength- en or develop"),
            "to strengthen or develop"
        );
        assert!(super::suspends_a_compound(Some("en"), Some("regelgeving")));
        assert!(!super::suspends_a_compound(Some("en"), Some("or")));
    }
}
