//! Arbitrary input never panics.
use dossier::ingest::readers::html::{looks_like_html, read_html};
use proptest::prelude::*;

fn html_soup() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("<p>".to_string()),
        Just("</p>".to_string()),
        Just("<div class=\"cookie share\">".to_string()),
        Just("<nav>".to_string()),
        Just("<table><tr><td>".to_string()),
        Just("<ul><li>".to_string()),
        Just("<ol start=\"-5\"><li>".to_string()),
        Just("<a href=\"../x\">".to_string()),
        Just("<a href=\"javascript:x\">".to_string()),
        Just("<em><strong>".to_string()),
        Just("<pre><code>```".to_string()),
        Just("<br>".to_string()),
        Just("<img alt=\"*x*\">".to_string()),
        Just("<script>".to_string()),
        Just("<h1>".to_string()),
        Just("<blockquote>".to_string()),
        Just("<meta property=\"article:published_time\" content=\"2019-99\">".to_string()),
        Just(
            "<script type=\"application/ld+json\">{\"author\":[{\"@id\":1}]}</script>".to_string()
        ),
        Just("&amp;&#0;&nbsp;\u{E000}".to_string()),
        "[a-z *_#|\\[\\]<>&;-]{0,12}",
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn sniff_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let _ = looks_like_html(&bytes);
    }

    #[test]
    fn read_arbitrary_strings(s in "\\PC{0,300}") {
        let _ = read_html(&s, None);
        let _ = read_html(&s, Some("https://example.org/a/b"));
    }

    #[test]
    fn read_html_soup(s in html_soup()) {
        if let Ok(d) = read_html(&s, Some("https://example.org/a/")) {
            prop_assert!(!d.markdown.contains("<script"));
            prop_assert!(d.markdown.chars().any(char::is_alphanumeric));
        }
    }
}
