//! Normalization: repairs the body of an extracted text into clean Markdown.

use super::metadata::Profile;

/// A line (or part of one) the normalizer dropped on purpose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dropped {
    /// 1-based line in the seed.
    pub line: usize,
    pub text: String,
    pub rule: &'static str,
}

#[derive(Debug, Clone, Default)]
pub struct Normalized {
    pub markdown: String,
    pub dropped: Vec<Dropped>,
}

pub fn normalize(text: &str, consumed: &[(usize, &'static str)], profile: Profile) -> Normalized {
    let _ = (consumed, profile);
    Normalized {
        markdown: text.to_string(),
        dropped: Vec::new(),
    }
}

/// Words in a Markdown text (runs of letters or digits).
pub fn count_words(markdown: &str) -> usize {
    markdown
        .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’' && c != '-')
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}
