//! Which scripts write words without spaces between them (Chinese and Japanese), for the
//! readers and rules that join lines: a line broken between two of their characters
//! joins without a space.

/// A Han or kana character, or the punctuation set among them (full-width: "，", "。",
/// "（", "「").
pub(crate) fn is_unspaced_text(c: char) -> bool {
    is_unspaced_script(c) || matches!(c, '\u{3000}'..='\u{303F}' | '\u{FF00}'..='\u{FFEF}')
}

/// A Han or kana character.
pub(crate) fn is_unspaced_script(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30FF}' // Hiragana, Katakana
        | '\u{31F0}'..='\u{31FF}'
        | '\u{3400}'..='\u{4DBF}' // Han
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2FFFF}'
    )
}

/// A Hangul syllable: Korean sets spaces between its words, but a line may break inside one.
pub(crate) fn is_hangul(c: char) -> bool {
    matches!(c, '\u{AC00}'..='\u{D7A3}')
}

/// Whether a Korean word cut at a line's end (`before` ends on its first part, `after`
/// opens on the rest) goes on without a space: the next line opens on a particle or an
/// ending set alone ("예방" / "을 위한", "마련하였" / "다."), or the document writes the
/// whole word elsewhere (`written_whole`: "적" / "정 섭취" where "적정" is written).
pub(crate) fn hangul_word_goes_on(
    before: &str,
    after: &str,
    written_whole: impl Fn(&str) -> bool,
) -> bool {
    const PARTICLES: &[&str] = &[
        "을", "를", "은", "는", "의", "에", "와", "과", "로", "으로", "에서", "며",
    ];
    let Some(head) = before.split_whitespace().next_back() else {
        return false;
    };
    let Some(tail) = after.split_whitespace().next() else {
        return false;
    };
    if !head.chars().last().is_some_and(is_hangul) || !tail.chars().next().is_some_and(is_hangul) {
        return false;
    }
    let core = tail.trim_end_matches(|c: char| !c.is_alphanumeric());
    let ending = PARTICLES.contains(&core) || (core == "다" && core.len() < tail.len());
    let whole = format!(
        "{}{core}",
        head.trim_start_matches(|c: char| !c.is_alphanumeric())
    );
    ending || written_whole(&whole)
}

/// What joins a line to the text before it: nothing between two characters of a script
/// that sets no spaces (or its full-width punctuation), a space otherwise.
pub(crate) fn line_joiner(before: &str, after: &str) -> &'static str {
    let unspaced = before
        .trim_end()
        .chars()
        .last()
        .is_some_and(is_unspaced_text)
        && after
            .trim_start()
            .chars()
            .next()
            .is_some_and(is_unspaced_text);
    if unspaced {
        ""
    } else {
        " "
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_and_japanese_lines_join_without_a_space_and_others_with_one() {
        assert_eq!(
            line_joiner("攻撃オペレーションは、多数の国", "で確認されており"),
            ""
        );
        assert_eq!(line_joiner("服務貿易特定承諾表（", "臺灣方面"), "");
        assert_eq!(line_joiner("41종*의 적", "정 섭취 기준"), " ");
        assert_eq!(line_joiner("Lazarus", "グループ"), " ");
    }

    #[test]
    fn a_korean_word_cut_at_a_lines_end_goes_on_where_its_rest_is_no_word() {
        let never = |_: &str| false;
        assert!(hangul_word_goes_on(
            "만성질환 예방",
            "을 위한 에너지",
            never
        ));
        assert!(hangul_word_goes_on(
            "기준을 마련하였",
            "다. 보건복지부는",
            never
        ));
        assert!(hangul_word_goes_on(
            "41종*의 적",
            "정 섭취 기준",
            |w| w == "적정"
        ));
        // A word of its own on the next line keeps its space.
        assert!(!hangul_word_goes_on(
            "영양소 섭취기준을",
            "마련하였다.",
            never
        ));
        assert!(!hangul_word_goes_on("기준과", "다른 나라", never));
        assert!(!hangul_word_goes_on("policy", "을", never));
    }
}
