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

static SPLIT_WORD: Lazy<Regex> = Lazy::new(|| Regex::new(r"(\p{L}+)- (\p{Ll}+)").unwrap());

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
                let count = |w: String| self.words.get(&w).copied().unwrap_or(0);
                let with = count(format!("{}-{b}", a.to_lowercase()));
                let without = count(format!("{}{b}", a.to_lowercase()));
                match (with, without) {
                    (0, 0) => c[0].to_string(),
                    _ if with >= without => format!("{a}-{b}"),
                    _ => format!("{a}{b}"),
                }
            })
            .into_owned()
    }
}
