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
}
