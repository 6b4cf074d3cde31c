//! Syntax highlighting for fenced code blocks. Takes a language token and code; gives
//! HTML whose tokens carry CSS classes (never inline styles), plus the light and dark
//! stylesheets for those classes. syntect's syntax and theme sets are slow to load
//! (tens of milliseconds, see [`load_time`]), so each is loaded once per process and
//! only when first needed.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use syntect::highlighting::ThemeSet;
use syntect::html::{css_for_theme_with_class_style, ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

/// Every token class is prefixed so it cannot clash with the theme's own class names.
const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "z-" };
/// syntect themes used for the generated stylesheets (both ship with syntect).
const LIGHT_THEME: &str = "InspiredGitHub";
const DARK_THEME: &str = "base16-ocean.dark";

/// Highlights code with syntect's default syntaxes. Cheap to share: use [`Highlighter::global`].
pub struct Highlighter {
    syntaxes: SyntaxSet,
    load_time: Duration,
    /// Blocks already highlighted, by (language token, code): syntect runs dozens of
    /// regexes per line, and digests repeat snippets (a sample query, a config block)
    /// across many documents. Bounded by [`MEMO_BYTES`].
    memo: Mutex<Memo>,
}

#[derive(Default)]
struct Memo {
    blocks: HashMap<(String, String), String>,
    bytes: usize,
}

/// Above this much remembered code and HTML, the memo starts afresh (a long watch session
/// must not grow without bound).
const MEMO_BYTES: usize = 32 << 20;

static GLOBAL: OnceLock<Highlighter> = OnceLock::new();
static THEMES: OnceLock<(ThemeSet, Duration)> = OnceLock::new();

impl Highlighter {
    /// The process-wide highlighter, loading the syntax definitions on first use.
    pub fn global() -> &'static Highlighter {
        GLOBAL.get_or_init(|| {
            let start = Instant::now();
            let syntaxes = SyntaxSet::load_defaults_newlines();
            Highlighter {
                syntaxes,
                load_time: start.elapsed(),
                memo: Mutex::default(),
            }
        })
    }

    /// How long loading the syntax definitions took.
    pub fn load_time(&self) -> Duration {
        self.load_time
    }

    /// Highlight `code` as `lang` (a fence info token such as `rust` or `py`), returning a
    /// complete `<pre>` element. An unknown or empty language gives escaped plain text.
    pub fn highlight(&self, lang: &str, code: &str) -> String {
        let key = (lang.to_string(), code.to_string());
        if let Some(html) = self.memo().blocks.get(&key) {
            return html.clone();
        }
        let html = self.highlight_uncached(lang, code);
        let mut memo = self.memo();
        memo.bytes += key.0.len() + key.1.len() + html.len();
        if memo.bytes > MEMO_BYTES {
            *memo = Memo::default();
        }
        memo.blocks.insert(key, html.clone());
        html
    }

    fn memo(&self) -> std::sync::MutexGuard<'_, Memo> {
        // A panic elsewhere while holding the lock leaves the memo usable (it only caches).
        self.memo.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn highlight_uncached(&self, lang: &str, code: &str) -> String {
        let token = lang.split_whitespace().next().unwrap_or("");
        let syntax = (!token.is_empty())
            .then(|| self.syntaxes.find_syntax_by_token(token))
            .flatten();
        let Some(syntax) = syntax else {
            return plain(token, code);
        };
        let mut gen =
            ClassedHTMLGenerator::new_with_class_style(syntax, &self.syntaxes, CLASS_STYLE);
        for line in LinesWithEndings::from(code) {
            if gen
                .parse_html_for_line_which_includes_newline(line)
                .is_err()
            {
                // A syntax definition that fails on some input is syntect's problem, not
                // the reader's: show the code unhighlighted rather than fail the build.
                return plain(token, code);
            }
        }
        format!(
            "<pre class=\"code\" data-lang=\"{}\"><code>{}</code></pre>\n",
            escape(token),
            gen.finalize()
        )
    }
}

/// Code without highlighting, escaped.
pub fn plain(lang: &str, code: &str) -> String {
    if lang.is_empty() {
        format!("<pre class=\"code\"><code>{}</code></pre>\n", escape(code))
    } else {
        format!(
            "<pre class=\"code\" data-lang=\"{}\"><code>{}</code></pre>\n",
            escape(lang),
            escape(code)
        )
    }
}

fn themes() -> &'static (ThemeSet, Duration) {
    THEMES.get_or_init(|| {
        let start = Instant::now();
        let set = ThemeSet::load_defaults();
        (set, start.elapsed())
    })
}

/// How long loading the themes took (loads them if needed).
pub fn theme_load_time() -> Duration {
    themes().1
}

/// How long loading syntaxes and themes took, loading both if needed.
pub fn load_time() -> Duration {
    Highlighter::global().load_time() + theme_load_time()
}

/// The stylesheet for highlighted code: the light theme, and the dark one under
/// `prefers-color-scheme: dark`.
pub fn stylesheet() -> String {
    let set = &themes().0;
    let css = |name: &str| {
        set.themes
            .get(name)
            .and_then(|t| css_for_theme_with_class_style(t, CLASS_STYLE).ok())
            .unwrap_or_default()
    };
    format!(
        "/* generated by dossier from syntect themes {LIGHT_THEME} and {DARK_THEME} */\n{}\n@media (prefers-color-scheme: dark) {{\n{}\n}}\n",
        css(LIGHT_THEME),
        css(DARK_THEME)
    )
}

/// Escape text for HTML element content and double-quoted attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 16);
    escape_into(&mut out, s);
    out
}

/// Append `s` to `out`, escaped for HTML content and double-quoted attributes.
pub fn escape_into(out: &mut String, s: &str) {
    let mut last = 0;
    for (i, b) in s.bytes().enumerate() {
        let rep = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&s[last..i]);
        out.push_str(rep);
        last = i + 1;
    }
    out.push_str(&s[last..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_language_gets_classes_not_styles() {
        let html = Highlighter::global().highlight("rust", "fn main() { let x = \"<b>\"; }\n");
        assert!(html.contains("class=\"z-"), "{html}");
        assert!(!html.contains("style="), "{html}");
        assert!(html.contains("&lt;b&gt;"), "{html}");
        assert!(!html.contains("<b>"), "{html}");
    }

    #[test]
    fn repeated_blocks_come_from_the_memo_unchanged() {
        let h = Highlighter::global();
        let code = "def memo_test():\n    return '<i>'\n";
        let first = h.highlight("python", code);
        assert!(h
            .memo()
            .blocks
            .contains_key(&("python".into(), code.into())));
        assert_eq!(h.highlight("python", code), first);
        assert_eq!(first, h.highlight_uncached("python", code));
        assert_ne!(h.highlight("python", "x = 1\n"), first);
    }

    #[test]
    fn unknown_language_is_plain_escaped_text() {
        let html = Highlighter::global().highlight("no-such-lang\"><script>", "<script>x</script>");
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("&lt;script&gt;x&lt;/script&gt;"), "{html}");
    }

    #[test]
    fn stylesheet_has_light_and_dark() {
        let css = stylesheet();
        assert!(css.contains(".z-"), "{css}");
        assert!(css.contains("prefers-color-scheme: dark"));
    }
}
