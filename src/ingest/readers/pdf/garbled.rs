//! Text a PDF's font could not give back: a decorative font whose glyphs map to other
//! characters ("Honorable Cámara de Diputados" comes out "ÉÇÉÜtuÄx VöÅtÜt wx W|ÑâàtwÉá").
//! Takes a page's lines; gives those that read as such, for a warning. The text is kept
//! as it is (never guessed at): an editor compares it with the PDF.

/// Symbols that sit between letters only in text decoded through the wrong encoding.
const STRAY_SYMBOLS: &str = "|™¢£¤¥¦§¨©«¬®¯°±²³´µ¶·¸¹º»¼½¾¿×÷";

/// A line of three words or more, two in five of them garbled.
pub fn is_undecodable(line: &str) -> bool {
    let words: Vec<&str> = line
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphabetic))
        .collect();
    words.len() >= 3 && words.iter().filter(|w| is_garbled(w)).count() * 5 >= words.len() * 2
}

/// A symbol between letters ("W|ÑâàtwÉá"), or an accented capital right after a small
/// letter ("tuÄx"), which no language writes.
fn is_garbled(word: &str) -> bool {
    let w = word.trim_matches(|c: char| !c.is_alphanumeric());
    let chars: Vec<char> = w.chars().collect();
    if chars.len() < 3 || chars.iter().filter(|c| c.is_alphabetic()).count() < 2 {
        return false;
    }
    let inner = &chars[1..chars.len() - 1];
    inner.iter().any(|c| STRAY_SYMBOLS.contains(*c))
        || chars
            .windows(2)
            .any(|p| p[0].is_lowercase() && p[1].is_uppercase() && !p[1].is_ascii())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_decorative_fonts_letters_read_as_undecodable() {
        assert!(is_undecodable("[ÉÇÉÜtuÄx VöÅtÜt wx W|ÑâàtwÉá wx Ät atv|™Ç"));
    }

    #[test]
    fn real_text_in_many_languages_is_not() {
        for line in [
            "ÉTAT DES LIEUX DE LA CORRUPTION AU SÉNÉGAL EN 2023",
            "Él dijo que la Cámara de Diputados votó el 28/11/2012 (Acta Nº 2).",
            "Über die Öffentlichkeit: § 3 Abs. 2 gilt für 25 °C ± 2 × 10³.",
            "McDonald's, iPhone, eBay and l'Élysée are names, O'Connor too.",
            "Указ Президента Российской Федерации о мерах",
            "قانون رقم 8 لسنة 2022 بإصدار قانون المنشآت الفندقية",
            "© 2024 Council of Europe | All rights reserved | Privacy",
            "Ἀθῆναι and ΣΥΝΤΑΓΜΑ stay Greek.",
        ] {
            assert!(!is_undecodable(line), "{line}");
        }
    }
}
