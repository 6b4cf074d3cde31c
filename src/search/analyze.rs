//! Text analysis shared by the index (here) and the query engine (its exact port in
//! `themes/default/static/search/js/engine.js`). Takes text; gives index terms with positions.
//!
//! The steps, in order:
//! 1. folding: Unicode NFKD, combining marks dropped ("Zürich" -> "Zurich"), lower case;
//! 2. tokenizing: runs of letters and digits; an apostrophe between letters stays inside a
//!    word and a trailing `'s` is dropped; words joined by `/`, `.` or `-` form a
//!    *compound* ("a/65/491", "covid-19") when one of them has a digit: the index keeps the
//!    compound (at the position of its first part) and each part, a query only the compound;
//!    a leading elided article or pronoun ("l'", "d'", "qu'"...: French) is dropped
//!    ("l'homme" -> "homme");
//! 3. stop words: a short list per [`Language`] is not indexed, but each stop word still
//!    takes a position, so "rule of law" only matches "rule", one word, then "law";
//! 4. stemming: Snowball (`rust-stemmers`) of the section's language, except for tokens
//!    with digits (kept as they are) and one documented English tweak: a word without
//!    vowels ending in `s` loses the `s` ("cbms" -> "cbm"), because Snowball keeps the `s`
//!    of vowel-less acronyms.
//!
//! Steps 1 and 2 are the same in every language, so a section's tokens and positions do
//! not depend on its language; steps 3 and 4 follow the section's language.

use std::borrow::Cow;

use rust_stemmers::{Algorithm, Stemmer};
use unicode_normalization::char::{decompose_compatible, is_combining_mark};

/// English words not indexed (they still take a position). Kept short so that phrases
/// and names survive; "us", "who" and "it" are left out because they are also acronyms.
pub const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "been", "but", "by", "for", "from", "had", "has",
    "have", "in", "into", "is", "its", "of", "on", "or", "such", "that", "the", "their", "then",
    "there", "these", "they", "this", "to", "was", "were", "which", "will", "with",
];

/// French stop words, folded. A query is analysed in every language of the index and a
/// word that is a stop word in any of them is dropped, so words that are also English
/// content words ("son", "me", "ton") are left out.
pub const STOP_WORDS_FR: &[&str] = &[
    "au", "aux", "avec", "ce", "ces", "cette", "dans", "de", "des", "dont", "du", "elle", "elles",
    "en", "est", "et", "il", "ils", "la", "le", "les", "leur", "leurs", "lui", "mais", "ne",
    "nous", "ou", "par", "pas", "pour", "qu", "que", "qui", "sa", "se", "ses", "sont", "sur", "un",
    "une", "vous",
];

/// Spanish stop words, folded (not "no", "sin", "son": English words too).
pub const STOP_WORDS_ES: &[&str] = &[
    "a", "al", "como", "con", "de", "del", "e", "el", "en", "entre", "es", "esta", "este", "ha",
    "han", "la", "las", "le", "les", "lo", "los", "mas", "o", "para", "pero", "por", "que", "se",
    "sobre", "su", "sus", "u", "un", "una", "y",
];

/// German stop words, folded (not "war", "man", "also": English words too).
pub const STOP_WORDS_DE: &[&str] = &[
    "als", "am", "an", "auch", "auf", "aus", "bei", "das", "dass", "dem", "den", "der", "des",
    "die", "durch", "ein", "eine", "einem", "einen", "einer", "es", "fur", "hat", "im", "in",
    "ist", "mit", "nach", "nicht", "noch", "oder", "sich", "sie", "sind", "uber", "um", "und",
    "von", "werden", "wird", "zu", "zum", "zur",
];

/// The analysis of a section's language: which stop words and which stemmer. Ingest
/// records a document's language (front matter `language:`, ISO 639-1); a document
/// without one is English, and a language without its own analysis here is folded and
/// tokenized but neither stemmed nor stripped of stop words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Language {
    #[default]
    English,
    French,
    Spanish,
    German,
    /// Any other language: no stop words, no stemming.
    Other,
}

impl Language {
    pub const ALL: [Language; 5] = [
        Language::English,
        Language::French,
        Language::Spanish,
        Language::German,
        Language::Other,
    ];

    /// The analysis of a document whose language is `code` (ISO 639-1, any case; "" for
    /// none).
    pub fn from_code(code: &str) -> Language {
        match code.to_ascii_lowercase().as_str() {
            "" | "en" => Language::English,
            "fr" => Language::French,
            "es" => Language::Spanish,
            "de" => Language::German,
            _ => Language::Other,
        }
    }

    /// The code the index and the engine use for this analysis.
    pub fn code(self) -> &'static str {
        match self {
            Language::English => "en",
            Language::French => "fr",
            Language::Spanish => "es",
            Language::German => "de",
            Language::Other => "other",
        }
    }

    pub fn stop_words(self) -> &'static [&'static str] {
        match self {
            Language::English => STOP_WORDS,
            Language::French => STOP_WORDS_FR,
            Language::Spanish => STOP_WORDS_ES,
            Language::German => STOP_WORDS_DE,
            Language::Other => &[],
        }
    }

    /// The manifest's name of the stemmer.
    pub fn stemmer_name(self) -> &'static str {
        match self {
            Language::English => "snowball-english-porter2+vowelless-s",
            Language::French => "snowball-french",
            Language::Spanish => "snowball-spanish",
            Language::German => "snowball-german",
            Language::Other => "none",
        }
    }

    pub fn is_stop_word(self, word: &str) -> bool {
        self.stop_words().binary_search(&word).is_ok()
    }
}

/// Articles and pronouns elided before a vowel ("l'état", "qu'il"): dropped from the
/// start of a word in every language, since no English word starts so.
const ELISIONS: &[&str] = &[
    "c'", "d'", "j'", "jusqu'", "l'", "lorsqu'", "m'", "n'", "puisqu'", "qu'", "quoiqu'", "s'",
    "t'",
];

/// Tokens longer than this (in bytes, after folding) are skipped: they are noise such as
/// hashes or URLs, and skipping them keeps the term dictionary small.
pub const MAX_TOKEN_LEN: usize = 48;

/// Whether `word` is an English stop word.
pub fn is_stop_word(word: &str) -> bool {
    Language::English.is_stop_word(word)
}

/// Fold `text` into `out` (cleared first): NFKD, no combining marks, lower case.
/// Runs of ASCII are copied and lower-cased in bulk, since they need no normalization.
pub fn fold_into(text: &str, out: &mut String) {
    out.clear();
    out.reserve(text.len());
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let start = i;
        while i < bytes.len() && bytes[i] < 128 {
            i += 1;
        }
        if i > start {
            let at = out.len();
            out.push_str(&text[start..i]);
            out[at..].make_ascii_lowercase();
        }
        if i == bytes.len() {
            break;
        }
        // NFKD decomposes each character on its own; the marks it produces are dropped,
        // so reordering them, the only cross-character step of NFKD, cannot change the
        // result.
        let c = char_at(text, i);
        i += c.len_utf8();
        decompose_compatible(c, |d| match d {
            d if is_combining_mark(d) => {}
            '\u{2019}' | '\u{2018}' => out.push('\''),
            d if d.is_ascii() => out.push(d.to_ascii_lowercase()),
            d => out.extend(d.to_lowercase()),
        });
    }
}

pub fn fold(text: &str) -> String {
    let mut s = String::new();
    fold_into(text, &mut s);
    s
}

/// What a token is within the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// A plain word or number.
    Word,
    /// Parts joined by `/`, `.` or `-` with a digit somewhere ("a/65/491"); it takes the
    /// position of its first part and is followed by its parts.
    Compound,
    /// One part of a compound.
    Part,
}

/// One token of folded text. `text` has apostrophes removed; `start..end` are byte
/// offsets in the folded text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'a> {
    pub text: &'a str,
    pub pos: u32,
    pub kind: TokenKind,
    pub start: usize,
    pub end: usize,
}

fn is_word_char(c: char) -> bool {
    c.is_alphabetic() || c.is_numeric()
}

fn is_connector(c: char) -> bool {
    matches!(c, '/' | '.' | '-')
}

/// Split folded text into tokens, calling `f` for each. Stop words are reported too (the
/// caller decides what to skip); every part and word takes one position.
///
/// ASCII bytes are classified without decoding (almost all text is ASCII), and a token is
/// borrowed from `folded` unless it holds an apostrophe to remove.
pub fn tokenize(folded: &str, mut f: impl FnMut(Token<'_>)) {
    let bytes = folded.as_bytes();
    let mut pos: u32 = 0;
    let mut i = 0;
    // (start, end, holds an apostrophe)
    let mut parts: Vec<(usize, usize, bool)> = Vec::new();
    let mut buf = String::new();
    while i < bytes.len() {
        let (word, len) = word_char_at(folded, i);
        if !word {
            i += len;
            continue;
        }
        // Read parts separated by single connectors.
        let (end, digit, apostrophe) = read_part(folded, i);
        if !joined(bytes, folded, end) {
            // A lone word (nearly every token): no list of parts needed.
            let text = clean_part(&folded[i..end], apostrophe, &mut buf);
            if !text.is_empty() && text.len() <= MAX_TOKEN_LEN {
                f(Token {
                    text,
                    pos,
                    kind: TokenKind::Word,
                    start: i,
                    end,
                });
            }
            pos += 1;
            i = end;
            continue;
        }
        parts.clear();
        parts.push((i, end, apostrophe));
        let mut has_digit = digit;
        i = end + 1;
        loop {
            let (end, digit, apostrophe) = read_part(folded, i);
            has_digit |= digit;
            parts.push((i, end, apostrophe));
            i = end;
            if joined(bytes, folded, i) {
                i += 1;
                continue;
            }
            break;
        }
        let first = parts[0].0;
        let last = parts[parts.len() - 1].1;
        let compound = parts.len() > 1 && has_digit;
        if compound {
            let apostrophe = parts.iter().any(|p| p.2);
            let text = clean_part(&folded[first..last], apostrophe, &mut buf);
            if text.len() <= MAX_TOKEN_LEN {
                f(Token {
                    text,
                    pos,
                    kind: TokenKind::Compound,
                    start: first,
                    end: last,
                });
            }
        }
        let kind = if compound {
            TokenKind::Part
        } else {
            TokenKind::Word
        };
        for &(s, e, apostrophe) in &parts {
            let text = clean_part(&folded[s..e], apostrophe, &mut buf);
            if !text.is_empty() && text.len() <= MAX_TOKEN_LEN {
                f(Token {
                    text,
                    pos,
                    kind,
                    start: s,
                    end: e,
                });
            }
            pos += 1;
        }
    }
}

/// Whether a connector at byte `i` joins the part before it to a part after it.
#[inline]
fn joined(bytes: &[u8], s: &str, i: usize) -> bool {
    i + 1 < bytes.len() && is_connector(bytes[i] as char) && word_char_at(s, i + 1).0
}

fn char_at(s: &str, i: usize) -> char {
    s[i..].chars().next().unwrap_or(' ')
}

/// Whether the character at byte `i` is a word character, and its length in bytes.
#[inline]
fn word_char_at(s: &str, i: usize) -> (bool, usize) {
    let b = s.as_bytes()[i];
    if b < 128 {
        return (b.is_ascii_alphanumeric(), 1);
    }
    let c = char_at(s, i);
    (is_word_char(c), c.len_utf8())
}

/// Read one part starting at `i` (a word char): word chars, and apostrophes that sit
/// between two word chars. Returns its end, whether it holds a digit and whether it holds
/// an apostrophe.
#[inline]
fn read_part(s: &str, mut i: usize) -> (usize, bool, bool) {
    let bytes = s.as_bytes();
    let (mut digit, mut apostrophe) = (false, false);
    while i < bytes.len() {
        let b = bytes[i];
        if b < 128 {
            if b.is_ascii_alphanumeric() {
                digit |= b.is_ascii_digit();
                i += 1;
            } else if b == b'\'' && i + 1 < bytes.len() && word_char_at(s, i + 1).0 {
                apostrophe = true;
                i += 1;
            } else {
                break;
            }
            continue;
        }
        let c = char_at(s, i);
        if !is_word_char(c) {
            break;
        }
        digit |= c.is_numeric();
        i += c.len_utf8();
    }
    (i, digit, apostrophe)
}

/// A part without an elided article ("l'état" -> "état"), its trailing `'s` and
/// apostrophes ("foundation's" -> "foundation", "don't" -> "dont"). Compounds keep their
/// connectors. Borrowed when there is no apostrophe to remove.
#[inline]
fn clean_part<'a>(part: &'a str, apostrophe: bool, out: &'a mut String) -> &'a str {
    if !apostrophe {
        return part;
    }
    out.clear();
    let part = ELISIONS
        .iter()
        .find_map(|e| part.strip_prefix(e))
        .unwrap_or(part);
    let part = part.strip_suffix("'s").unwrap_or(part);
    out.extend(part.chars().filter(|&c| c != '\''));
    out
}

/// Stems folded words of one language. One per thread is fine.
pub struct WordStemmer {
    inner: Option<Stemmer>,
    language: Language,
}

impl Default for WordStemmer {
    fn default() -> Self {
        WordStemmer::new(Language::English)
    }
}

impl WordStemmer {
    pub fn new(language: Language) -> WordStemmer {
        let algorithm = match language {
            Language::English => Some(Algorithm::English),
            Language::French => Some(Algorithm::French),
            Language::Spanish => Some(Algorithm::Spanish),
            Language::German => Some(Algorithm::German),
            Language::Other => None,
        };
        WordStemmer {
            inner: algorithm.map(Stemmer::create),
            language,
        }
    }

    pub fn language(&self) -> Language {
        self.language
    }

    /// The index term of a folded, non-stop token.
    pub fn stem<'a>(&self, word: &'a str) -> Cow<'a, str> {
        let Some(inner) = &self.inner else {
            return Cow::Borrowed(word);
        };
        if word.chars().any(|c| c.is_numeric()) {
            return Cow::Borrowed(word);
        }
        // Tweak: vowel-less acronyms lose a plural `s` ("cbms" -> "cbm"); Snowball would
        // keep it because its rule needs a vowel before the `s`.
        if self.language == Language::English
            && word.len() >= 3
            && word.ends_with('s')
            && !word.ends_with("ss")
            && word.is_ascii()
            && !word.bytes().any(|b| b"aeiouy".contains(&b))
        {
            return Cow::Borrowed(&word[..word.len() - 1]);
        }
        inner.stem(word)
    }
}

/// An analyzed term: the index term and its position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub term: String,
    pub pos: u32,
}

/// Analyze text as a query is analyzed: compounds but not their parts, no stop words.
pub fn analyze_query(text: &str, stemmer: &WordStemmer) -> Vec<Term> {
    let folded = fold(text);
    let lang = stemmer.language();
    let mut out = Vec::new();
    tokenize(&folded, |t| {
        if t.kind == TokenKind::Part || (t.kind == TokenKind::Word && lang.is_stop_word(t.text)) {
            return;
        }
        out.push(Term {
            term: stemmer.stem(t.text).into_owned(),
            pos: t.pos,
        });
    });
    out
}

/// Analyze text as the index does: compounds and their parts, no stop words.
pub fn analyze_index(text: &str, stemmer: &WordStemmer) -> Vec<Term> {
    let folded = fold(text);
    let lang = stemmer.language();
    let mut out = Vec::new();
    tokenize(&folded, |t| {
        if t.kind != TokenKind::Compound && lang.is_stop_word(t.text) {
            return;
        }
        out.push(Term {
            term: stemmer.stem(t.text).into_owned(),
            pos: t.pos,
        });
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(text: &str) -> Vec<String> {
        analyze_query(text, &WordStemmer::default())
            .into_iter()
            .map(|t| t.term)
            .collect()
    }

    fn stem(word: &str) -> String {
        WordStemmer::default().stem(word).into_owned()
    }

    #[test]
    fn stop_words_are_sorted_folded_and_short() {
        for lang in Language::ALL {
            let words = lang.stop_words();
            let mut sorted = words.to_vec();
            sorted.sort_unstable();
            assert_eq!(sorted, words, "{lang:?}");
            // Folded, and at most 8 bytes (the index compares them as numbers).
            assert!(
                words.iter().all(|w| fold(w) == *w && w.len() <= 8),
                "{lang:?}"
            );
        }
    }

    fn terms_in(lang: Language, text: &str) -> Vec<String> {
        analyze_query(text, &WordStemmer::new(lang))
            .into_iter()
            .map(|t| t.term)
            .collect()
    }

    #[test]
    fn each_language_has_its_stemmer_and_stop_words() {
        use Language::*;
        assert_eq!(
            terms_in(French, "les sécurités"),
            terms_in(French, "la sécurité")
        );
        assert_eq!(
            terms_in(French, "l'État et les états"),
            vec!["etat", "etat"]
        );
        assert!(
            terms_in(French, "qu'il").is_empty(),
            "elided, then a stop word"
        );
        assert_eq!(
            terms_in(Spanish, "las políticas"),
            terms_in(Spanish, "la política")
        );
        assert_eq!(
            terms_in(German, "die Sicherheiten"),
            terms_in(German, "der Sicherheit")
        );
        assert_eq!(terms_in(English, "the regulations"), vec!["regul"]);
        // No analysis for other languages: folded words as they are.
        assert_eq!(terms_in(Other, "Безопасность и"), vec!["безопасность", "и"]);
        assert_eq!(Language::from_code("FR"), French);
        assert_eq!(Language::from_code(""), English);
        assert_eq!(Language::from_code("ru"), Other);
    }

    #[test]
    fn folds_diacritics_and_case() {
        assert_eq!(fold("Zürich"), "zurich");
        assert_eq!(fold("ÉCOLE Ōsaka naïve"), "ecole osaka naive");
        assert_eq!(terms("Zürich"), terms("ZURICH"));
        assert_eq!(fold("ﬁnance"), "finance", "NFKD splits ligatures");
        assert_eq!(fold("It’s “quoted” – ½"), "it's “quoted” – 1⁄2");
    }

    #[test]
    fn stems_inflections_together() {
        assert_eq!(stem("deepfake"), stem("deepfakes"));
        assert_eq!(stem("regulate"), stem("regulation"));
        assert_eq!(stem("regulation"), stem("regulations"));
        assert_eq!(stem("countering"), stem("counter"));
        assert_eq!(stem("technologies"), stem("technology"));
    }

    #[test]
    fn acronym_plurals_match_the_singular() {
        assert_eq!(terms("CBMs"), vec!["cbm"]);
        assert_eq!(terms("CBM"), vec!["cbm"]);
        assert_eq!(terms("cbms"), vec!["cbm"]);
        assert_eq!(terms("ICTs"), terms("ICT"));
        // Double s is not a plural.
        assert_eq!(stem("css"), "css");
    }

    #[test]
    fn numbers_and_document_symbols_stay_whole() {
        assert_eq!(terms("A/65/491"), vec!["a/65/491"]);
        assert_eq!(terms("in 2030"), vec!["2030"]);
        assert_eq!(terms("COVID-19"), vec!["covid-19"]);
        assert_eq!(terms("ICT4Peace"), vec!["ict4peace"]);
    }

    #[test]
    fn the_index_keeps_compound_parts_at_their_positions() {
        // "a" is a stop word, so only the other parts are indexed.
        let t = analyze_index("see A/65/491 report", &WordStemmer::default());
        let got: Vec<(&str, u32)> = t.iter().map(|t| (t.term.as_str(), t.pos)).collect();
        assert_eq!(
            got,
            vec![
                ("see", 0),
                ("a/65/491", 1),
                ("65", 2),
                ("491", 3),
                ("report", 4)
            ]
        );
    }

    #[test]
    fn hyphenated_words_without_digits_are_split() {
        assert_eq!(terms("rights-centred"), vec!["right", "centr"]);
    }

    #[test]
    fn stop_words_keep_their_positions() {
        let t = analyze_query("the rule of law", &WordStemmer::default());
        let got: Vec<(&str, u32)> = t.iter().map(|t| (t.term.as_str(), t.pos)).collect();
        assert_eq!(got, vec![("rule", 1), ("law", 3)]);
    }

    #[test]
    fn possessives_and_apostrophes() {
        assert_eq!(terms("Foundation’s"), terms("foundation"));
        assert_eq!(terms("don't"), vec!["dont"]);
        assert_eq!(terms("states'"), vec!["state"]);
    }

    #[test]
    fn punctuation_and_long_tokens_are_skipped() {
        assert!(terms("— … !!").is_empty());
        assert!(terms(&"x".repeat(MAX_TOKEN_LEN + 1)).is_empty());
        assert_eq!(terms("end. Next"), vec!["end", "next"]);
    }

    // The tokenizer as it was before its fast paths, to check they change nothing.
    fn reference_tokenize(folded: &str, mut f: impl FnMut(Token<'_>)) {
        let bytes = folded.as_bytes();
        let mut pos: u32 = 0;
        let mut i = 0;
        let mut parts: Vec<(usize, usize)> = Vec::new();
        let mut buf = String::new();
        while i < bytes.len() {
            let c = ref_char_at(folded, i);
            if !is_word_char(c) {
                i += c.len_utf8();
                continue;
            }
            // Read parts separated by single connectors.
            parts.clear();
            let mut has_digit = false;
            loop {
                let (end, digit) = ref_read_part(folded, i);
                has_digit |= digit;
                parts.push((i, end));
                i = end;
                if i < bytes.len() && is_connector(bytes[i] as char) {
                    let next = i + 1;
                    if next < bytes.len() && is_word_char(ref_char_at(folded, next)) {
                        i = next;
                        continue;
                    }
                }
                break;
            }
            let first = parts[0].0;
            let last = parts[parts.len() - 1].1;
            if parts.len() > 1 && has_digit {
                ref_clean_part(&folded[first..last], &mut buf);
                if buf.len() <= MAX_TOKEN_LEN {
                    f(Token {
                        text: &buf,
                        pos,
                        kind: TokenKind::Compound,
                        start: first,
                        end: last,
                    });
                }
            }
            let kind = if parts.len() > 1 && has_digit {
                TokenKind::Part
            } else {
                TokenKind::Word
            };
            for &(s, e) in &parts {
                ref_clean_part(&folded[s..e], &mut buf);
                if !buf.is_empty() && buf.len() <= MAX_TOKEN_LEN {
                    f(Token {
                        text: &buf,
                        pos,
                        kind,
                        start: s,
                        end: e,
                    });
                }
                pos += 1;
            }
        }
    }

    fn ref_char_at(s: &str, i: usize) -> char {
        s[i..].chars().next().unwrap_or(' ')
    }

    /// Read one part starting at `i` (a word char): word chars, and apostrophes that sit
    /// between two word chars. Returns its end and whether it holds a digit.
    fn ref_read_part(s: &str, mut i: usize) -> (usize, bool) {
        let mut digit = false;
        while i < s.len() {
            let c = ref_char_at(s, i);
            if is_word_char(c) {
                digit |= c.is_numeric();
                i += c.len_utf8();
            } else if c == '\'' && i + 1 < s.len() && is_word_char(ref_char_at(s, i + 1)) {
                i += 1;
            } else {
                break;
            }
        }
        (i, digit)
    }

    /// A part without its trailing `'s` and without apostrophes ("foundation's" ->
    /// "foundation", "don't" -> "dont"). Compounds keep their connectors.
    fn ref_clean_part(part: &str, out: &mut String) {
        out.clear();
        let part = ELISIONS
            .iter()
            .find_map(|e| part.strip_prefix(e))
            .unwrap_or(part);
        let part = part.strip_suffix("'s").unwrap_or(part);
        out.extend(part.chars().filter(|&c| c != '\''));
    }

    fn tokens(f: impl Fn(&str, &mut dyn FnMut(Token<'_>)), text: &str) -> Vec<String> {
        let mut out = Vec::new();
        f(text, &mut |t: Token<'_>| {
            out.push(format!(
                "{} {} {:?} {}..{}",
                t.text, t.pos, t.kind, t.start, t.end
            ))
        });
        out
    }

    proptest::proptest! {
        #[test]
        fn fast_paths_tokenize_as_before(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "a", "b", "z", "0", "7", " ", "  ", "/", ".", "-", "'", "'s", "é", "ü", "²",
                    "½", "—", "ab", "12", "x9", "\u{300}", "日本", "a'b", "..", "s", ",",
                ]),
                0..40,
            )
        ) {
            let text = fold(&parts.concat());
            let new = tokens(|t, f| tokenize(t, f), &text);
            let old = tokens(|t, f| reference_tokenize(t, f), &text);
            proptest::prop_assert_eq!(new, old, "{:?}", text);
        }
    }
}
