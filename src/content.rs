//! Content model: reads front-matter Markdown files (`content/documents/*.md`) into
//! [`Document`]s. Takes file text; gives typed metadata plus the Markdown body and the
//! line where the body starts, so later stages can point at exact lines.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::{Error, Result, Warning};

/// A date as precise as the source allows: `2018`, `2018-05` or `2018-05-14` (ISO 8601).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    pub year: i32,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

impl PartialDate {
    pub fn ymd(year: i32, month: u8, day: u8) -> Self {
        PartialDate {
            year,
            month: Some(month),
            day: Some(day),
        }
    }

    /// The calendar day this date names, when it names one (year, month and day).
    pub fn calendar_day(self) -> Option<time::Date> {
        let month = time::Month::try_from(self.month?).ok()?;
        time::Date::from_calendar_date(self.year, month, self.day?).ok()
    }

    pub fn parse(s: &str) -> Option<PartialDate> {
        let s = s.trim();
        let mut parts = s.splitn(3, '-');
        let year: i32 = parts.next()?.parse().ok()?;
        if !(1000..=9999).contains(&year) {
            return None;
        }
        let month = match parts.next() {
            Some(m) => Some(m.parse::<u8>().ok().filter(|m| (1..=12).contains(m))?),
            None => None,
        };
        let day = match parts.next() {
            Some(d) => {
                let d = d.parse::<u8>().ok()?;
                let max = days_in_month(year, month?);
                (1..=max).contains(&d).then_some(d)?;
                Some(d)
            }
            None => None,
        };
        Some(PartialDate { year, month, day })
    }
}

/// English month names, January first: how dates are written on the site and in citations.
pub const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl std::fmt::Display for PartialDate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
            if let Some(d) = self.day {
                write!(f, "-{d:02}")?;
            }
        }
        Ok(())
    }
}

impl Serialize for PartialDate {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        // YAML reads an unquoted `2018` as a number, so accept both.
        let v = serde_yaml::Value::deserialize(d)?;
        let text = match &v {
            serde_yaml::Value::String(s) => s.clone(),
            serde_yaml::Value::Number(n) => n.to_string(),
            _ => String::new(),
        };
        PartialDate::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "invalid date {text:?}: use ISO 8601, e.g. 2019-11-08, 2019-11 or 2019"
            ))
        })
    }
}

/// The front matter of a document.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct DocumentMeta {
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subtitle: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<PartialDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_date: Option<PartialDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub organisations: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub authors: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// Slugs this document was published under before a rename: each keeps a page that
    /// redirects here, so no published link breaks.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// Keywords the source gives itself (front matter `tags`, HTML `keywords`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Where the original is published (front matter `url`, a page's canonical URL).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_url: Option<String>,
    /// The source's own metadata that dossier has no field for, kept as the source wrote it.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub source_meta: BTreeMap<String, serde_yaml::Value>,
    /// The seed file this document was normalized from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_sha256: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub words: Option<usize>,
    /// Hash of everything ingest read for this document (seed, sidecar, catalogue row,
    /// ingest's rules): while it is unchanged, ingest skips the seed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inputs_sha256: Option<String>,
    /// Hash of the text `dossier ingest` wrote; if the file no longer matches it, an
    /// editor has changed it by hand and ingest leaves it alone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generated_sha256: Option<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub draft: bool,
    /// Keys this version of dossier does not know (kept so they can be reported).
    #[serde(flatten, skip_serializing)]
    pub unknown: BTreeMap<String, serde_yaml::Value>,
}

/// The keys a document's front matter may have.
pub const DOCUMENT_KEYS: &[&str] = &[
    "title",
    "subtitle",
    "date",
    "end_date",
    "place",
    "organisations",
    "authors",
    "kind",
    "language",
    "summary",
    "aliases",
    "tags",
    "source_url",
    "source_meta",
    "source",
    "source_sha256",
    "words",
    "inputs_sha256",
    "generated_sha256",
    "draft",
];

/// A normalized document of the digest.
#[derive(Debug, Clone)]
pub struct Document {
    /// URL-safe name, from the file name (`content/documents/<slug>.md`).
    pub slug: String,
    pub path: PathBuf,
    pub meta: DocumentMeta,
    pub body: String,
    /// 1-based line of the file where `body` starts.
    pub body_line: usize,
}

/// A file split into its YAML front matter and Markdown body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split<'a> {
    pub yaml: &'a str,
    pub body: &'a str,
    /// 1-based line where the YAML starts (after the opening `---`).
    pub yaml_line: usize,
    /// 1-based line where the body starts.
    pub body_line: usize,
}

/// Split `---\n<yaml>\n---\n<body>`. Returns `None` when the text has no front matter.
pub fn split_front_matter(text: &str) -> Option<Split<'_>> {
    let text_no_bom = text.strip_prefix('\u{feff}').unwrap_or(text);
    let rest = text_no_bom
        .strip_prefix("---\n")
        .or_else(|| text_no_bom.strip_prefix("---\r\n"))?;
    let mut offset = 0;
    for (line, l) in (2..).zip(rest.split_inclusive('\n')) {
        if l.trim_end() == "---" {
            let yaml = &rest[..offset];
            let body = &rest[offset + l.len()..];
            return Some(Split {
                yaml,
                body,
                yaml_line: 2,
                body_line: line + 1,
            });
        }
        offset += l.len();
    }
    None
}

/// Parse front matter YAML into `T`, with errors that point into the real file.
pub fn parse_front_matter<T: serde::de::DeserializeOwned + Default>(
    path: &Path,
    split: &Split<'_>,
    hint: &str,
) -> Result<T> {
    if split.yaml.trim().is_empty() {
        return Ok(T::default());
    }
    serde_yaml::from_str::<T>(split.yaml)
        .map_err(|e| Error::yaml(path, &e, split.yaml_line - 1, hint))
}

/// Split `text` and parse its front matter into `T`: the error for a file without front
/// matter says `start_hint`; a YAML error points into the file and says `schema_hint`.
pub fn read_front_matter<'t, T: serde::de::DeserializeOwned + Default>(
    path: &Path,
    text: &'t str,
    start_hint: &str,
    schema_hint: &str,
) -> Result<(Split<'t>, T)> {
    let split = split_front_matter(text)
        .ok_or_else(|| Error::input(path, Some(1), "no front matter", start_hint))?;
    let meta = parse_front_matter(path, &split, schema_hint)?;
    Ok((split, meta))
}

/// The error for a required front-matter field that is missing or empty.
pub fn missing_field(path: &Path, split: &Split<'_>, field: &str, hint: &str) -> Error {
    Error::input(
        path,
        Some(split.yaml_line),
        format!("missing required field `{field}`"),
        hint,
    )
}

/// Find the closest known key to `key`, for "did you mean" hints.
pub fn closest<'a>(key: &str, known: &[&'a str]) -> Option<&'a str> {
    known
        .iter()
        .map(|k| (strsim::levenshtein(key, k), *k))
        .filter(|(d, k)| *d <= (k.len().max(key.len()) / 2).max(1))
        .min()
        .map(|(_, k)| k)
}

/// Warnings for keys the front matter has but dossier does not know.
pub fn unknown_key_warnings(
    path: &Path,
    split: &Split<'_>,
    unknown: &BTreeMap<String, serde_yaml::Value>,
    known: &[&str],
) -> Vec<Warning> {
    unknown
        .keys()
        .map(|key| {
            let line = split
                .yaml
                .lines()
                .position(|l| l.starts_with(&format!("{key}:")))
                .map(|i| i + split.yaml_line);
            let hint = closest(key, known)
                .map(|k| format!("; did you mean `{k}`?"))
                .unwrap_or_default();
            Warning {
                path: path.to_path_buf(),
                line,
                message: format!("unknown front-matter key `{key}`{hint}"),
            }
        })
        .collect()
}

/// Warnings for footnote references (`[^3]`) whose note the body never defines
/// (`[^3]: ...`): the page would print the marker as it is, pointing to nothing.
pub fn undefined_footnote_warnings(path: &Path, split: &Split<'_>) -> Vec<Warning> {
    static REF: once_cell::sync::Lazy<regex::Regex> =
        once_cell::sync::Lazy::new(|| regex::Regex::new(r"\[\^([^\]\s]+)\]").unwrap());
    static DEF: once_cell::sync::Lazy<regex::Regex> =
        once_cell::sync::Lazy::new(|| regex::Regex::new(r"^ {0,3}\[\^([^\]\s]+)\]:").unwrap());
    if !split.body.contains("[^") {
        return Vec::new();
    }
    let mut fenced = false;
    let mut defined = std::collections::HashSet::new();
    let mut used: Vec<(usize, &str)> = Vec::new();
    for (i, line) in split.body.lines().enumerate() {
        let t = line.trim_start();
        if t.starts_with("```") || t.starts_with("~~~") {
            fenced = !fenced;
        }
        if fenced {
            continue;
        }
        if let Some(c) = DEF.captures(line) {
            defined.insert(c.get(1).map_or("", |m| m.as_str()));
        }
        for c in REF.captures_iter(line) {
            let whole = c.get(0).expect("a match");
            let is_definition =
                whole.start() == line.len() - t.len() && line[whole.end()..].starts_with(':');
            let in_code = line[..whole.start()].matches('`').count() % 2 == 1;
            if !is_definition && !in_code {
                used.push((i, c.get(1).map_or("", |m| m.as_str())));
            }
        }
    }
    let mut seen = std::collections::HashSet::new();
    used.into_iter()
        .filter(|(_, id)| !defined.contains(id) && seen.insert(*id))
        .map(|(i, id)| Warning {
            path: path.to_path_buf(),
            line: Some(split.body_line + i),
            message: format!(
                "footnote `[^{id}]` has no note: the page would print the marker as it is; add a line `[^{id}]: ...` with the note, or remove the marker"
            ),
        })
        .collect()
}

impl Document {
    /// Parse one document file's text.
    pub fn parse(path: &Path, text: &str) -> Result<(Document, Vec<Warning>)> {
        let (split, meta): (_, DocumentMeta) = read_front_matter(
            path,
            text,
            "start the file with a `---` line, the YAML metadata (at least `title:`), and another `---` line",
            "see the document front-matter schema in the README",
        )?;
        if meta.title.trim().is_empty() {
            return Err(missing_field(
                path,
                &split,
                "title",
                "add `title: ...` to the front matter",
            ));
        }
        let mut warnings = unknown_key_warnings(path, &split, &meta.unknown, DOCUMENT_KEYS);
        warnings.extend(undefined_footnote_warnings(path, &split));
        let slug = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        crate::paths::slug_from_name(path, &slug)?;
        Ok((
            Document {
                slug,
                path: path.to_path_buf(),
                meta,
                body: split.body.to_string(),
                body_line: split.body_line,
            },
            warnings,
        ))
    }

    /// Read one document file.
    pub fn read(path: &Path) -> Result<(Document, Vec<Warning>)> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        Document::parse(path, &text)
    }
}

/// All Markdown files directly under `dir`, sorted by name. A missing folder is empty.
pub fn markdown_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    if !dir.exists() {
        return Ok(files);
    }
    for entry in walkdir::WalkDir::new(dir).min_depth(1).max_depth(1) {
        let entry = entry.map_err(|e| {
            let p = e.path().unwrap_or(dir).to_path_buf();
            Error::io(p, e.into())
        })?;
        let p = entry.path();
        if entry.file_type().is_file() && is_markdown_name(p) {
            files.push(p.to_path_buf());
        }
    }
    files.sort();
    Ok(files)
}

/// Whether a file of that name is one of [`markdown_files`]: `*.md`, not `_*`.
pub fn is_markdown_name(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "md")
        && !path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('_'))
}

/// Load every document in `dir`, in parallel. All errors are reported together.
pub fn load_documents(dir: &Path) -> Result<(Vec<Document>, Vec<Warning>)> {
    use rayon::prelude::*;
    let files = markdown_files(dir)?;
    let results: Vec<_> = files.par_iter().map(|p| Document::read(p)).collect();
    let mut docs = Vec::with_capacity(results.len());
    let mut warnings = Vec::new();
    let mut errors = Vec::new();
    for r in results {
        match r {
            Ok((d, w)) => {
                docs.push(d);
                warnings.extend(w);
            }
            Err(e) => errors.push(e),
        }
    }
    Error::all(errors)?;
    Ok((docs, warnings))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_dates_parse_and_print() {
        assert_eq!(PartialDate::parse("2018").unwrap().to_string(), "2018");
        assert_eq!(
            PartialDate::parse("2019-11").unwrap().to_string(),
            "2019-11"
        );
        assert_eq!(
            PartialDate::parse("2019-11-08").unwrap(),
            PartialDate::ymd(2019, 11, 8)
        );
        assert!(PartialDate::parse("2019-02-30").is_none());
        assert!(PartialDate::parse("2019-13").is_none());
        assert!(PartialDate::parse("nineteen").is_none());
        assert!(PartialDate::parse("2019-1x-01").is_none());
    }

    #[test]
    fn split_finds_body_line() {
        let s = split_front_matter("---\ntitle: A\n---\n\nBody\n").unwrap();
        assert_eq!(s.yaml, "title: A\n");
        assert_eq!(s.body, "\nBody\n");
        assert_eq!(s.body_line, 4);
        assert!(split_front_matter("no front matter").is_none());
        assert!(split_front_matter("---\nunterminated").is_none());
    }

    #[test]
    fn document_parses_with_year_only_date() {
        let (d, w) = Document::parse(
            Path::new("content/documents/x.md"),
            "---\ntitle: X\ndate: 2018\norganisations: [OSCE]\n---\nHello\n",
        )
        .unwrap();
        assert_eq!(d.slug, "x");
        assert_eq!(d.meta.date.unwrap().to_string(), "2018");
        assert_eq!(d.meta.organisations, vec!["OSCE"]);
        assert!(w.is_empty());
    }

    #[test]
    fn bad_yaml_points_at_file_line() {
        let err = Document::parse(
            Path::new("d.md"),
            "---\ntitle: X\ndate: [unclosed\n---\nbody\n",
        )
        .unwrap_err();
        let msg = err.to_string();
        assert!(msg.starts_with("d.md:"), "{msg}");
        let err = Document::parse(Path::new("d.md"), "---\ntitle: X\ndate: 2019-02-30\n---\n")
            .unwrap_err();
        assert!(err.to_string().contains("invalid date"), "{err}");
    }

    #[test]
    fn unknown_keys_warn_with_suggestion() {
        let (_, w) = Document::parse(
            Path::new("d.md"),
            "---\ntitle: X\norganizations: [A]\n---\n",
        )
        .unwrap();
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].line, Some(3));
        assert!(
            w[0].message.contains("did you mean `organisations`"),
            "{}",
            w[0]
        );
    }

    #[test]
    fn missing_title_is_an_error() {
        let err = Document::parse(Path::new("d.md"), "---\ndate: 2019\n---\n").unwrap_err();
        assert!(err.to_string().contains("title"));
    }
}

#[cfg(test)]
mod footnote_tests {
    use super::*;

    #[test]
    fn a_footnote_without_its_note_is_named_with_its_line() {
        let text = "---\ntitle: T\n---\n\nCritical infrastructure[^1] and health[^2].\n\n`[^9]` in code\n\n[^1]: The first note.\n";
        let split = split_front_matter(text).unwrap();
        let w = undefined_footnote_warnings(Path::new("d.md"), &split);
        assert_eq!(w.len(), 1, "{w:?}");
        assert_eq!(w[0].line, Some(5));
        assert!(w[0].message.contains("`[^2]`"), "{}", w[0].message);
        let fine = "---\ntitle: T\n---\n\nText[^a].\n\n[^a]: Note.\n";
        let split = split_front_matter(fine).unwrap();
        assert!(undefined_footnote_warnings(Path::new("d.md"), &split).is_empty());
    }
}
