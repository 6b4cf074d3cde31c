//! Text a PDF could not give back as words: a decorative font whose glyphs map to other
//! characters ("Honorable Cámara de Diputados" comes out "ÉÇÉÜtuÄx VöÅtÜt wx W|ÑâàtwÉá"),
//! or the text layer of a poor scan's OCR, lines of stray symbols ("‘Q x.M_";'."‘~.-'").
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

/// A line of OCR noise: fewer than half of its characters letters or digits ("?I-7‘ 24%
/// :-", "!'::‘-.“ ;~ ,-.v,.. . _ ..;"), a run of one mark counting once (a table of
/// contents' dot leaders, a rule, are no noise).
pub fn is_noise(line: &str) -> bool {
    let mut marks: Vec<char> = Vec::new();
    for c in line.chars().filter(|c| !c.is_whitespace()) {
        if !c.is_alphanumeric() && marks.last() == Some(&c) {
            continue;
        }
        marks.push(c);
    }
    let alphanumeric = marks.iter().filter(|c| c.is_alphanumeric()).count();
    marks.len() >= 2 && alphanumeric * 2 < marks.len()
}

/// A page whose text layer is mostly noise: a third of its lines or more, five at least.
pub fn is_noisy_page(lines: &[&str]) -> bool {
    let noise = lines.iter().filter(|l| is_noise(l)).count();
    let counted = lines.iter().filter(|l| !l.trim().is_empty()).count();
    noise >= 5 && noise * 3 >= counted
}

/// ASCII symbols that follow a letter only where a font's letters were mapped to the wrong
/// codes ("the leade]^ of the Republic of Bela]u^": r and s came out as `]` and `^`).
const CIPHER_SYMBOLS: &str = "]^\\{}~";

/// A symbol between letters ("W|ÑâàtwÉá"), an accented capital right after a small
/// letter ("tuÄx"), which no language writes, or one of [`CIPHER_SYMBOLS`] right after a
/// letter ("leade]^").
fn is_garbled(word: &str) -> bool {
    let w = word
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .trim_end_matches(|c: char| !c.is_alphanumeric() && !CIPHER_SYMBOLS.contains(c));
    let chars: Vec<char> = w.chars().collect();
    if chars.len() < 3 || chars.iter().filter(|c| c.is_alphabetic()).count() < 2 {
        return false;
    }
    let inner = &chars[1..chars.len() - 1];
    inner.iter().any(|c| STRAY_SYMBOLS.contains(*c))
        || chars.windows(2).any(|p| {
            (p[0].is_lowercase() && p[1].is_uppercase() && !p[1].is_ascii())
                || (p[0].is_alphabetic() && CIPHER_SYMBOLS.contains(p[1]))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_decorative_fonts_letters_read_as_undecodable() {
        assert!(is_undecodable("[ÉÇÉÜtuÄx VöÅtÜt wx W|ÑâàtwÉá wx Ät atv|™Ç"));
        // A typewriter font whose r and s came out as ] and ^ (a 1994 Council of Europe
        // document), and its c and d as capitals.
        assert!(is_undecodable(
            "leade]^ of Bela]u^, Ru^^ia and Uk]aine ^igned"
        ));
    }

    #[test]
    fn a_poor_scans_ocr_is_noise_tables_and_rules_are_not() {
        let scan = [
            "‘Q x.M_\";'.\"‘~.-'._S'='.»§».7:£',';\\~",
            "?I-7‘ 24% :-",
            ":1~'- i',",
            "!'::‘-.“ ;~ ,-.v,.. . _ ..; .3",
            "» _, ,-1-1‘-'1:-0. ,1.»-\\<::‘ . _- ‘, 4.",
            "A PROGRAM FOR PROVIDING",
        ];
        assert!(is_noisy_page(&scan));
        let report = [
            "Table 3: Results (%)",
            "2019 | 12.5 | 13.1 | 14.0",
            "2020 | 11.2 | 12.8 | 15.3",
            "-----------------------------",
            "— — — — —",
            "* * *",
            "Introduction . . . . . . . . . . . . . . 3",
            "Annex ........................................ 41",
            "See pp. 12–14 (n. 3); cf. §§ 4–5.",
        ];
        assert!(
            !is_noisy_page(&report),
            "two rules and a dinkus are no scan"
        );
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
            "\"[T]he Court\" said the applicant[s] had [sic] no standing {see n. 4}.",
            "x^2 + y^2 and f(x) ~ g(x) in section [3] or {a, b}.",
        ] {
            assert!(!is_undecodable(line), "{line}");
        }
    }
}
