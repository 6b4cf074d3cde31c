//! The theme catalog: reads `content/themes/<slug>.md` into [`Theme`]s. Takes the folder;
//! gives the themes, checked (valid regexes, unique slugs, `related` naming real themes),
//! with errors that name the file, line and what to do.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::content::{self, closest, markdown_files, unknown_key_warnings};
use crate::error::{Error, Result, Warning};

/// A recurring theme of the digest (not the look of the site).
#[derive(Debug, Clone)]
pub struct Theme {
    pub slug: String,
    pub path: PathBuf,
    pub title: String,
    pub summary: Option<String>,
    /// Phrases, matched in any case, with hyphens and spaces alike, plural and possessive.
    pub aliases: Vec<String>,
    /// Matched case-sensitively as whole words (with plural `s` and possessive `'s`).
    pub acronyms: Vec<String>,
    /// Regular expressions for spellings the rules above cannot express.
    pub patterns: Vec<regex::Regex>,
    /// Phrases that must not count as mentions (a mention inside one is ignored).
    pub exclude: Vec<String>,
    /// Slugs of related themes, set by hand.
    pub related: Vec<String>,
    /// The editor's description (Markdown).
    pub body: String,
    pub body_line: usize,
}

#[derive(Debug, Default, Deserialize)]
struct ThemeFront {
    #[serde(default)]
    title: String,
    #[serde(default)]
    summary: Option<String>,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    acronyms: Vec<String>,
    #[serde(default)]
    patterns: Vec<String>,
    #[serde(default)]
    exclude: Vec<String>,
    #[serde(default)]
    related: Vec<String>,
    #[serde(flatten)]
    unknown: std::collections::BTreeMap<String, serde_yaml::Value>,
}

const THEME_KEYS: &[&str] = &[
    "title", "summary", "aliases", "acronyms", "patterns", "exclude", "related",
];

/// Parse one theme file.
pub fn parse_theme(path: &Path, text: &str) -> Result<(Theme, Vec<Warning>)> {
    let split = content::split_front_matter(text).ok_or_else(|| {
        Error::input(
            path,
            Some(1),
            "no front matter",
            "start the file with `---`, the theme's YAML (`title:`, `aliases:`, `acronyms:` ...), and `---`",
        )
    })?;
    let front: ThemeFront =
        content::parse_front_matter(path, &split, "see the theme catalog format in the README")?;
    let line_of = |needle: &str| {
        split
            .yaml
            .lines()
            .position(|l| l.contains(needle))
            .map(|i| i + split.yaml_line)
    };
    if front.title.trim().is_empty() {
        return Err(Error::input(
            path,
            Some(split.yaml_line),
            "missing `title`",
            "add `title: ...`",
        ));
    }
    if front.aliases.is_empty() && front.acronyms.is_empty() && front.patterns.is_empty() {
        return Err(Error::input(
            path,
            Some(split.yaml_line),
            "the theme has no `aliases`, `acronyms` or `patterns`, so nothing can mention it",
            "add the phrases the documents use, e.g. `aliases: [Christchurch Call]`",
        ));
    }
    let mut patterns = Vec::new();
    for p in &front.patterns {
        let re = regex::RegexBuilder::new(p)
            .case_insensitive(true)
            .build()
            .map_err(|e| {
                Error::input(
                    path,
                    line_of(p),
                    format!(
                        "invalid regex in `patterns`: {p:?}: {}",
                        first_line(&e.to_string())
                    ),
                    "fix the pattern (Rust regex syntax), or use `aliases` for plain phrases",
                )
            })?;
        patterns.push(re);
    }
    let warnings = unknown_key_warnings(path, &split, &front.unknown, THEME_KEYS);
    let slug = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    crate::paths::slug_from_name(path, &slug)?;
    Ok((
        Theme {
            slug,
            path: path.to_path_buf(),
            title: front.title,
            summary: front.summary,
            aliases: front.aliases,
            acronyms: front.acronyms,
            patterns,
            exclude: front.exclude,
            related: front.related,
            body: split.body.to_string(),
            body_line: split.body_line,
        },
        warnings,
    ))
}

fn first_line(s: &str) -> String {
    s.lines()
        .rfind(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim()
        .to_string()
}

/// Load and check the whole catalog.
pub fn load_catalog(dir: &Path) -> Result<(Vec<Theme>, Vec<Warning>)> {
    let mut themes = Vec::new();
    let mut warnings = Vec::new();
    let mut errors = Vec::new();
    for path in markdown_files(dir)? {
        let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
        match parse_theme(&path, &text) {
            Ok((t, w)) => {
                themes.push(t);
                warnings.extend(w);
            }
            Err(e) => errors.push(e),
        }
    }
    check_related(&themes, &mut errors);
    check_duplicate_titles(&themes, &mut errors);
    Error::all(errors)?;
    Ok((themes, warnings))
}

fn check_related(themes: &[Theme], errors: &mut Vec<Error>) {
    let slugs: Vec<&str> = themes.iter().map(|t| t.slug.as_str()).collect();
    for t in themes {
        for r in &t.related {
            if !slugs.contains(&r.as_str()) {
                let text = std::fs::read_to_string(&t.path).unwrap_or_default();
                let line = text
                    .lines()
                    .position(|l| l.contains(r.as_str()))
                    .map(|i| i + 1);
                let hint = match closest(r, &slugs) {
                    Some(c) => format!("did you mean `{c}`? (a theme's slug is its file name)"),
                    None => format!("create content/themes/{r}.md or remove it from `related`"),
                };
                errors.push(Error::input(
                    &t.path,
                    line,
                    format!("`related` names a missing theme `{r}`"),
                    hint,
                ));
            }
        }
    }
}

/// Two files for the same theme (the slug is the file name, so "duplicate slug" shows as
/// two files with the same title).
fn check_duplicate_titles(themes: &[Theme], errors: &mut Vec<Error>) {
    for (i, a) in themes.iter().enumerate() {
        if let Some(b) = themes[..i]
            .iter()
            .find(|b| b.title.eq_ignore_ascii_case(&a.title))
        {
            errors.push(Error::input(
                &a.path,
                Some(2),
                format!(
                    "duplicate theme: `{}` is also defined in {}",
                    a.title,
                    b.path.display()
                ),
                "merge the two files into one (keep the aliases of both)",
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_theme() {
        let (t, w) = parse_theme(
            Path::new("content/themes/cbms.md"),
            "---\ntitle: Confidence-building measures\nacronyms: [CBMs]\naliases: [confidence-building measures]\n---\nBody.\n",
        )
        .unwrap();
        assert_eq!(t.slug, "cbms");
        assert_eq!(t.acronyms, ["CBMs"]);
        assert_eq!(t.body.trim(), "Body.");
        assert!(w.is_empty());
    }

    #[test]
    fn invalid_regex_names_file_and_line() {
        let err = parse_theme(
            Path::new("t/x.md"),
            "---\ntitle: X\npatterns:\n  - 'a(b'\n---\n",
        )
        .unwrap_err()
        .to_string();
        assert!(err.starts_with("t/x.md:4:"), "{err}");
        assert!(err.contains("invalid regex"), "{err}");
    }

    #[test]
    fn a_theme_nothing_can_mention_is_an_error() {
        let err = parse_theme(Path::new("x.md"), "---\ntitle: X\n---\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("nothing can mention it"), "{err}");
    }

    #[test]
    fn related_must_exist_with_suggestion() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("gifct.md"),
            "---\ntitle: GIFCT\nacronyms: [GIFCT]\nrelated: [tech-against-terorism]\n---\n",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("tech-against-terrorism.md"),
            "---\ntitle: Tech Against Terrorism\naliases: [Tech Against Terrorism]\n---\n",
        )
        .unwrap();
        let err = load_catalog(dir.path()).unwrap_err().to_string();
        assert!(err.contains("gifct.md:4:"), "{err}");
        assert!(
            err.contains("did you mean `tech-against-terrorism`"),
            "{err}"
        );
    }

    #[test]
    fn duplicate_theme_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("a.md"),
            "---\ntitle: Hate speech\naliases: [hate speech]\n---\n",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("b.md"),
            "---\ntitle: Hate Speech\naliases: [hatred]\n---\n",
        )
        .unwrap();
        let err = load_catalog(dir.path()).unwrap_err().to_string();
        assert!(err.contains("duplicate theme"), "{err}");
    }
}
