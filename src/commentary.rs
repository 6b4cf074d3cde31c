//! Commentary: editors' pages under `content/commentary/` that cite documents, passages,
//! themes and other commentary. Takes the commentary files and what can be cited; gives
//! [`Commentary`] pages whose citations are resolved to links (and whose quotes are taken
//! from the cited passage at build time), with what each page cites, or errors that name
//! the file, the line and the nearest existing names.
//!
//! Citation syntax (see README, "Commentary"):
//! - `[text](doc:SLUG)`, `[text](doc:SLUG#ANCHOR)`: a document, or one passage of it
//!   (its anchor as the `¶` link of the document page shows it, e.g.
//!   `p-recalling-universal-declaration-human`; old `p-12` anchors still resolve);
//! - `[text](theme:SLUG)`, `[text](commentary:SLUG)`: a theme, another commentary page;
//! - `[](doc:SLUG#p-12)`: empty text is replaced by the target's title;
//! - `{{quote doc:SLUG#p-12}}` on a line of its own: the passage's text, quoted from the
//!   document as it is now, with a link back to it.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use once_cell::sync::Lazy;
use regex::Regex;
use serde::{Deserialize, Serialize};

use crate::content::{self, closest, markdown_files, unknown_key_warnings, PartialDate};
use crate::error::{Error, Result, Warning};
use crate::markdown::Passage;

/// The front matter of a commentary page.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct CommentaryMeta {
    pub title: String,
    pub date: Option<PartialDate>,
    #[serde(default)]
    pub authors: Vec<String>,
    #[serde(default)]
    pub summary: Option<String>,
    /// Documents the page is about (slugs).
    #[serde(default)]
    pub documents: Vec<String>,
    /// Themes the page is about (slugs).
    #[serde(default)]
    pub themes: Vec<String>,
    #[serde(default)]
    pub draft: bool,
    /// Overrides the slug, which is otherwise the file name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slug: Option<String>,
    #[serde(flatten, skip_serializing)]
    pub unknown: BTreeMap<String, serde_yaml::Value>,
}

pub const COMMENTARY_KEYS: &[&str] = &[
    "title",
    "date",
    "authors",
    "summary",
    "documents",
    "themes",
    "draft",
    "slug",
];

#[derive(Debug, Clone)]
pub struct Commentary {
    pub slug: String,
    pub path: PathBuf,
    pub meta: CommentaryMeta,
    pub body: String,
    pub body_line: usize,
}

/// Parse one commentary file.
pub fn parse(path: &Path, text: &str) -> Result<(Commentary, Vec<Warning>)> {
    let (split, meta): (_, CommentaryMeta) = content::read_front_matter(
        path,
        text,
        "start the file with `---`, the YAML (`title:`, `date:` ...), and `---`; `dossier new commentary \"Title\"` writes one for you",
        "see the commentary front matter in the README",
    )?;
    if meta.title.trim().is_empty() {
        return Err(content::missing_field(
            path,
            &split,
            "title",
            "add `title: ...`",
        ));
    }
    if meta.date.is_none() {
        return Err(content::missing_field(
            path,
            &split,
            "date",
            "add `date: YYYY-MM-DD`",
        ));
    }
    let warnings = unknown_key_warnings(path, &split, &meta.unknown, COMMENTARY_KEYS);
    let slug = match &meta.slug {
        Some(slug) => {
            crate::paths::slug_from_key(path, split.yaml, split.yaml_line, slug)?;
            slug.clone()
        }
        None => {
            let slug = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            crate::paths::slug_from_name(path, &slug)?;
            slug
        }
    };
    Ok((
        Commentary {
            slug,
            path: path.to_path_buf(),
            meta,
            body: split.body.to_string(),
            body_line: split.body_line,
        },
        warnings,
    ))
}

/// Load every commentary page; duplicate slugs are errors. Drafts are kept (the caller
/// decides whether to publish them).
pub fn load(dir: &Path) -> Result<(Vec<Commentary>, Vec<Warning>)> {
    let mut pages: Vec<Commentary> = Vec::new();
    let mut warnings = Vec::new();
    let mut errors = Vec::new();
    for path in markdown_files(dir)? {
        let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
        match parse(&path, &text) {
            Ok((c, w)) => {
                if let Some(other) = pages.iter().find(|p| p.slug == c.slug) {
                    errors.push(Error::input(
                        &c.path,
                        None,
                        format!(
                            "duplicate commentary slug `{}` (also {})",
                            c.slug,
                            other.path.display()
                        ),
                        "give one of them another `slug:` or file name",
                    ));
                }
                pages.push(c);
                warnings.extend(w);
            }
            Err(e) => errors.push(e),
        }
    }
    // Newest first, then by title.
    pages.sort_by(|a, b| {
        b.meta
            .date
            .cmp(&a.meta.date)
            .then(a.meta.title.cmp(&b.meta.title))
    });
    Error::all(errors)?;
    Ok((pages, warnings))
}

/// A document as citations see it (borrowed from the rendered digest).
#[derive(Debug, Clone, Copy)]
pub struct CitableDoc<'a> {
    pub title: &'a str,
    pub passages: &'a [Passage],
    /// Old anchors (`p-12`, anchors of edited passages) and where they lead now.
    pub aliases: Option<&'a crate::cite::Aliases>,
}

/// Everything a commentary page may cite, by slug.
#[derive(Debug, Default)]
pub struct Targets<'a> {
    pub documents: HashMap<&'a str, CitableDoc<'a>>,
    pub themes: HashMap<&'a str, &'a str>,
    pub commentary: HashMap<&'a str, &'a str>,
    /// What citations cited when recorded (for naming the nearest surviving passage).
    pub lock: Option<&'a crate::cite::Lock>,
}

/// What a commentary page cites.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Cites {
    /// Documents, each with the passage anchors cited (empty: the document as a whole).
    pub documents: Vec<(String, Vec<String>)>,
    pub themes: Vec<String>,
    pub commentary: Vec<String>,
}

impl Cites {
    fn document(&mut self, slug: &str, anchor: Option<&str>) {
        let i = match self.documents.iter().position(|(s, _)| s == slug) {
            Some(i) => i,
            None => {
                self.documents.push((slug.to_string(), Vec::new()));
                self.documents.len() - 1
            }
        };
        if let Some(a) = anchor {
            if !self.documents[i].1.iter().any(|x| x == a) {
                self.documents[i].1.push(a.to_string());
            }
        }
    }

    fn push_unique(list: &mut Vec<String>, slug: &str) {
        if !list.iter().any(|x| x == slug) {
            list.push(slug.to_string());
        }
    }
}

/// A commentary page with its citations resolved.
#[derive(Debug, Clone)]
pub struct Resolved {
    /// Markdown with citation links rewritten to relative URLs and quotes expanded.
    pub markdown: String,
    pub cites: Cites,
    /// Every passage cited, where, with its text now (for drift checks).
    pub passages: Vec<crate::cite::PassageCite>,
}

static LINK: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"\[([^\]]*)\]\((doc|theme|commentary):([A-Za-z0-9_.-]*)(?:#([A-Za-z0-9_-]*))?\)")
        .unwrap()
});
static QUOTE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"^\s*\{\{\s*quote\s+doc:([A-Za-z0-9_.-]*)#([A-Za-z0-9_-]*)\s*\}\}\s*$").unwrap()
});

/// Resolve the citations of `c`. `root` is the relative path from its page to the site
/// root (e.g. `../../`). All problems are reported together.
pub fn resolve(c: &Commentary, targets: &Targets, root: &str) -> Result<Resolved> {
    let mut cites = Cites::default();
    let mut passages = Vec::new();
    let mut errors = Vec::new();
    check_front_matter_refs(c, targets, &mut cites, &mut errors);
    let mut out = String::with_capacity(c.body.len() + 256);
    let mut in_code = false;
    for (i, line) in c.body.split_inclusive('\n').enumerate() {
        let line_no = c.body_line + i;
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_code = !in_code;
        }
        if in_code || trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            out.push_str(line);
            continue;
        }
        if let Some(q) = QUOTE.captures(line) {
            match quote(&q[1], &q[2], targets, root, &c.slug) {
                Ok((md, p)) => {
                    cites.document(&q[1], Some(&p.anchor));
                    passages.push(crate::cite::PassageCite {
                        document: q[1].to_string(),
                        anchor: q[2].to_string(),
                        resolved: p.anchor.clone(),
                        line: line_no,
                        text: p.text.clone(),
                    });
                    out.push_str(&md);
                }
                Err((message, hint)) => {
                    errors.push(Error::input(&c.path, Some(line_no), message, hint))
                }
            }
            continue;
        }
        let mut last = 0;
        for m in LINK.captures_iter(line) {
            let whole = m.get(0).map_or(0..0, |x| x.range());
            out.push_str(&line[last..whole.start]);
            last = whole.end;
            let (text, kind, slug, anchor) = (&m[1], &m[2], &m[3], m.get(4).map(|a| a.as_str()));
            match link(kind, slug, anchor, text, targets, root, &c.slug) {
                Ok((md, found)) => {
                    if let (Some(a), Some(p)) = (anchor, found) {
                        passages.push(crate::cite::PassageCite {
                            document: slug.to_string(),
                            anchor: a.to_string(),
                            resolved: p.anchor.clone(),
                            line: line_no,
                            text: p.text.clone(),
                        });
                    }
                    let anchor = found.map(|p| p.anchor.as_str());
                    match kind {
                        "doc" => cites.document(slug, anchor),
                        "theme" => Cites::push_unique(&mut cites.themes, slug),
                        _ => Cites::push_unique(&mut cites.commentary, slug),
                    }
                    out.push_str(&md);
                }
                Err((message, hint)) => {
                    errors.push(Error::input(&c.path, Some(line_no), message, hint));
                    out.push_str(&line[whole]);
                }
            }
        }
        out.push_str(&line[last..]);
    }
    Error::all(errors)?;
    Ok(Resolved {
        markdown: out,
        cites,
        passages,
    })
}

fn check_front_matter_refs(
    c: &Commentary,
    targets: &Targets,
    cites: &mut Cites,
    errors: &mut Vec<Error>,
) {
    let text = std::fs::read_to_string(&c.path).unwrap_or_default();
    let line_of = |needle: &str| text.lines().position(|l| l.contains(needle)).map(|i| i + 1);
    for d in &c.meta.documents {
        if targets.documents.contains_key(d.as_str()) {
            cites.document(d, None);
        } else {
            let (m, h) = missing("document", d, targets.documents.keys());
            errors.push(Error::input(&c.path, line_of(d), m, h));
        }
    }
    for t in &c.meta.themes {
        if targets.themes.contains_key(t.as_str()) {
            Cites::push_unique(&mut cites.themes, t);
        } else {
            let (m, h) = missing("theme", t, targets.themes.keys());
            errors.push(Error::input(&c.path, line_of(t), m, h));
        }
    }
}

type Problem = (String, String);

fn missing<'a>(what: &str, name: &str, known: impl Iterator<Item = &'a &'a str>) -> Problem {
    let known: Vec<&str> = known.copied().collect();
    let hint = match closest(name, &known) {
        Some(c) => format!("did you mean `{c}`?"),
        None => {
            let mut some: Vec<&str> = known.clone();
            some.sort();
            some.truncate(5);
            format!("existing {what}s include: {}", some.join(", "))
        }
    };
    (
        format!("cites a {what} that does not exist: `{name}`"),
        hint,
    )
}

fn find_passage<'a>(
    slug: &str,
    anchor: &str,
    targets: &Targets<'a>,
    commentary: &str,
) -> std::result::Result<(CitableDoc<'a>, &'a Passage), Problem> {
    let doc = *targets
        .documents
        .get(slug)
        .ok_or_else(|| missing("document", slug, targets.documents.keys()))?;
    let now = doc
        .aliases
        .and_then(|a| a.get(anchor))
        .map_or(anchor, |s| s.as_str());
    let passage = doc.passages.iter().find(|p| p.anchor == now).ok_or_else(|| {
        let recorded = targets
            .lock
            .and_then(|l| l.citations.get(commentary))
            .and_then(|c| c.get(&format!("{slug}#{anchor}")));
        let hint = match crate::cite::nearest(recorded, anchor, doc.passages) {
            Some(p) => format!(
                "the nearest surviving passage is `#{}` (“{}”); cite it instead if it says what you meant",
                p.anchor,
                first_words(&p.text, 12)
            ),
            None => {
                let anchors: Vec<&str> = doc.passages.iter().map(|p| p.anchor.as_str()).collect();
                match closest(anchor, &anchors) {
                    Some(c) => format!("did you mean `#{c}`? (each passage's anchor is its `¶` link on the document page)"),
                    None => "each passage's anchor is its `¶` link on the document page".to_string(),
                }
            }
        };
        let what = if recorded.is_some() { "no longer exists" } else { "does not exist" };
        (format!("cites a passage that {what}: `{slug}#{anchor}`"), hint)
    })?;
    Ok((doc, passage))
}

fn first_words(text: &str, n: usize) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() <= n {
        words.join(" ")
    } else {
        format!("{} …", words[..n].join(" "))
    }
}

fn link<'a>(
    kind: &str,
    slug: &str,
    anchor: Option<&str>,
    text: &str,
    targets: &Targets<'a>,
    root: &str,
    commentary: &str,
) -> std::result::Result<(String, Option<&'a Passage>), Problem> {
    let mut found = None;
    let (url, title) = match kind {
        "doc" => {
            let doc = targets
                .documents
                .get(slug)
                .ok_or_else(|| missing("document", slug, targets.documents.keys()))?;
            match anchor {
                Some(a) => {
                    let (_, p) = find_passage(slug, a, targets, commentary)?;
                    let title = match p.heading_path.last() {
                        Some(h) => format!("{} › {h}", doc.title),
                        None => doc.title.to_string(),
                    };
                    found = Some(p);
                    (format!("{root}documents/{slug}/#{}", p.anchor), title)
                }
                None => (format!("{root}documents/{slug}/"), doc.title.to_string()),
            }
        }
        "theme" => {
            let t = targets
                .themes
                .get(slug)
                .ok_or_else(|| missing("theme", slug, targets.themes.keys()))?;
            (format!("{root}themes/{slug}/"), t.to_string())
        }
        _ => {
            let t = targets
                .commentary
                .get(slug)
                .ok_or_else(|| missing("commentary page", slug, targets.commentary.keys()))?;
            (format!("{root}commentary/{slug}/"), t.to_string())
        }
    };
    let text = if text.trim().is_empty() {
        escape_md(&title)
    } else {
        text.to_string()
    };
    Ok((
        format!("[{text}]({url} \"{}\")", title.replace('"', "'")),
        found,
    ))
}

/// The passage as a Markdown blockquote with a link back to it.
fn quote<'a>(
    slug: &str,
    anchor: &str,
    targets: &Targets<'a>,
    root: &str,
    commentary: &str,
) -> std::result::Result<(String, &'a Passage), Problem> {
    let (doc, p) = find_passage(slug, anchor, targets, commentary)?;
    let mut source = escape_md(doc.title);
    if let Some(h) = p.heading_path.last() {
        source.push_str(" › ");
        source.push_str(&escape_md(h));
    }
    Ok((
        format!(
            "> {}\n>\n> — [{source}]({root}documents/{slug}/#{})\n",
            escape_md(&p.text),
            p.anchor
        ),
        p,
    ))
}

/// Escape text so Markdown shows it as it is.
fn escape_md(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '{' | '}'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// `dossier new commentary`: the file to create and its text.
pub fn scaffold(
    dir: &Path,
    title: &str,
    date: PartialDate,
    authors: &[String],
    documents: &[String],
    themes: &[String],
) -> Result<PathBuf> {
    let slug = crate::ingest::slugify(title);
    let path = dir.join(format!("{date}-{slug}.md"));
    if path.exists() {
        return Err(Error::input(
            &path,
            None,
            "a commentary page with this name already exists; it was left as it is",
            "choose another title, or edit the existing file",
        ));
    }
    let meta = CommentaryMeta {
        title: title.to_string(),
        date: Some(date),
        authors: authors.to_vec(),
        summary: Some(String::new()),
        documents: documents.to_vec(),
        themes: themes.to_vec(),
        draft: true,
        ..Default::default()
    };
    let yaml = serde_yaml::to_string(&meta)
        .map_err(|e| Error::input(&path, None, e.to_string(), "please report this"))?;
    let body = "Write the commentary here. Cite a document with [text](doc:SLUG), a passage with\n[text](doc:SLUG#ANCHOR) (the anchor of its ¶ link), a theme with [text](theme:SLUG), and quote\na passage with a line {{quote doc:SLUG#ANCHOR}}. Remove `draft: true` to publish.\n";
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    // create_new: never overwrite, even if the file appeared since the check above.
    use std::io::Write;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| Error::io(&path, e))?;
    f.write_all(format!("---\n{yaml}---\n\n{body}").as_bytes())
        .map_err(|e| Error::io(&path, e))?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn passage(anchor: &str, heading: &[&str], text: &str) -> Passage {
        Passage {
            anchor: anchor.into(),
            section: String::new(),
            heading_path: heading.iter().map(|h| h.to_string()).collect(),
            text: text.into(),
            source_line: 1,
        }
    }

    static PASSAGES: once_cell::sync::Lazy<Vec<Passage>> = once_cell::sync::Lazy::new(|| {
        vec![
            passage("p-1", &[], "We welcome the *Christchurch Call*."),
            passage("p-2", &["Conclusions"], "More must be done."),
        ]
    });

    fn targets() -> Targets<'static> {
        let mut t = Targets::default();
        t.documents.insert(
            "minsk",
            CitableDoc {
                title: "Minsk conference",
                passages: &PASSAGES,
                aliases: None,
            },
        );
        t.themes.insert("christchurch-call", "Christchurch Call");
        t.commentary.insert("2026-01-01-other", "Other note");
        t
    }

    fn page(body: &str) -> Commentary {
        Commentary {
            slug: "note".into(),
            path: PathBuf::from("content/commentary/note.md"),
            meta: CommentaryMeta {
                title: "Note".into(),
                date: PartialDate::parse("2026-11-24"),
                ..Default::default()
            },
            body: body.into(),
            body_line: 5,
        }
    }

    #[test]
    fn every_citation_kind_resolves() {
        let r = resolve(
            &page("See [the speech](doc:minsk), [this](doc:minsk#p-2), [](theme:christchurch-call) and [x](commentary:2026-01-01-other).\n"),
            &targets(),
            "../../",
        )
        .unwrap();
        assert!(
            r.markdown
                .contains("[the speech](../../documents/minsk/ \"Minsk conference\")"),
            "{}",
            r.markdown
        );
        assert!(
            r.markdown
                .contains("(../../documents/minsk/#p-2 \"Minsk conference › Conclusions\")"),
            "{}",
            r.markdown
        );
        assert!(
            r.markdown
                .contains("[Christchurch Call](../../themes/christchurch-call/"),
            "{}",
            r.markdown
        );
        assert!(
            r.markdown.contains("(../../commentary/2026-01-01-other/"),
            "{}",
            r.markdown
        );
        assert_eq!(
            r.cites.documents,
            vec![("minsk".to_string(), vec!["p-2".to_string()])]
        );
        assert_eq!(r.cites.themes, ["christchurch-call"]);
        assert_eq!(r.cites.commentary, ["2026-01-01-other"]);
    }

    #[test]
    fn quotes_come_from_the_document() {
        let r = resolve(
            &page("Intro.\n\n{{quote doc:minsk#p-1}}\n\nAfter.\n"),
            &targets(),
            "../../",
        )
        .unwrap();
        assert!(
            r.markdown
                .contains("> We welcome the \\*Christchurch Call\\*."),
            "{}",
            r.markdown
        );
        assert!(
            r.markdown
                .contains("> — [Minsk conference](../../documents/minsk/#p-1)"),
            "{}",
            r.markdown
        );
    }

    #[test]
    fn broken_citations_name_line_and_nearest_name() {
        let err = resolve(
            &page("Fine line.\nSee [x](doc:minks) and [y](doc:minsk#p-3).\n\n{{quote doc:minsk#p-9}}\n[z](theme:christchurch)\n"),
            &targets(),
            "",
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.contains(
                "content/commentary/note.md:6: cites a document that does not exist: `minks`"
            ),
            "{err}"
        );
        assert!(err.contains("did you mean `minsk`?"), "{err}");
        assert!(
            err.contains("cites a passage that does not exist: `minsk#p-3`"),
            "{err}"
        );
        assert!(err.contains("note.md:8:"), "{err}");
        assert!(err.contains("did you mean `christchurch-call`?"), "{err}");
    }

    #[test]
    fn code_blocks_are_left_alone() {
        let r = resolve(&page("```markdown\n[x](doc:nope)\n```\n"), &targets(), "").unwrap();
        assert!(r.markdown.contains("[x](doc:nope)"));
    }

    #[test]
    fn front_matter_is_validated() {
        let e = parse(Path::new("c.md"), "---\ntitle: X\n---\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("missing required field `date`"), "{e}");
        let e = parse(
            Path::new("c.md"),
            "---\ntitle: X\ndate: 2026-11-24\ndraft: maybe\n---\n",
        )
        .unwrap_err()
        .to_string();
        assert!(e.starts_with("c.md:4:"), "{e}");
        let (_, w) = parse(
            Path::new("c.md"),
            "---\ntitle: X\ndate: 2026-11-24\nauthor: [A]\n---\n",
        )
        .unwrap();
        assert!(w[0].message.contains("did you mean `authors`"), "{}", w[0]);
    }

    #[test]
    fn scaffold_never_overwrites() {
        let dir = tempfile::tempdir().unwrap();
        let d = PartialDate::parse("2026-11-24").unwrap();
        let p = scaffold(
            dir.path(),
            "Cyber CBMs: from the OSCE to ASEAN",
            d,
            &["A. Editor".into()],
            &["minsk".into()],
            &[],
        )
        .unwrap();
        assert!(p.ends_with("2026-11-24-cyber-cbms-from-the-osce-to-asean.md"));
        let text = std::fs::read_to_string(&p).unwrap();
        let (c, w) = parse(&p, &text).unwrap();
        assert!(w.is_empty() && c.meta.draft && c.meta.documents == ["minsk"]);
        std::fs::write(&p, "edited").unwrap();
        assert!(scaffold(
            dir.path(),
            "Cyber CBMs: from the OSCE to ASEAN",
            d,
            &[],
            &[],
            &[]
        )
        .is_err());
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "edited");
    }
}

// --- views ----------------------------------------------------------------------------

/// A commentary page as listed.
#[derive(Debug, Clone, Serialize)]
pub struct CommentaryCard {
    pub slug: String,
    pub title: String,
    pub url: String,
    pub date: Option<String>,
    pub authors: Vec<String>,
    pub summary: Option<String>,
    pub draft: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct CitedPassage {
    pub label: String,
    pub url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct CitedItem {
    pub title: String,
    pub url: String,
    pub passages: Vec<CitedPassage>,
}

/// A commentary page's own page: the card and what it cites.
#[derive(Debug, Clone, Serialize)]
pub struct CommentaryPage {
    pub card: CommentaryCard,
    pub documents: Vec<CitedItem>,
    pub themes: Vec<CitedItem>,
    pub commentary: Vec<CitedItem>,
}

impl CommentaryCard {
    pub fn new(c: &Commentary) -> CommentaryCard {
        CommentaryCard {
            slug: c.slug.clone(),
            title: c.meta.title.clone(),
            url: format!("commentary/{}/", c.slug),
            date: c.meta.date.map(|d| d.to_string()),
            authors: c.meta.authors.clone(),
            summary: c.meta.summary.clone().filter(|s| !s.trim().is_empty()),
            draft: c.meta.draft,
        }
    }
}

fn passage_label(targets: &Targets, slug: &str, anchor: &str) -> String {
    let passage = targets
        .documents
        .get(slug)
        .and_then(|d| d.passages.iter().find(|p| p.anchor == anchor));
    let heading = passage.and_then(|p| p.heading_path.last().cloned());
    let n = match passage {
        Some(p) if anchor.starts_with("p-") => format!("¶ “{}”", first_words(&p.text, 6)),
        _ => format!("#{anchor}"),
    };
    match heading {
        Some(h) => format!("{n} ({h})"),
        None => n,
    }
}

pub fn page_view(c: &Commentary, cites: &Cites, targets: &Targets) -> CommentaryPage {
    CommentaryPage {
        card: CommentaryCard::new(c),
        documents: cites
            .documents
            .iter()
            .map(|(slug, anchors)| CitedItem {
                title: targets
                    .documents
                    .get(slug.as_str())
                    .map(|d| d.title.to_string())
                    .unwrap_or_default(),
                url: format!("documents/{slug}/"),
                passages: anchors
                    .iter()
                    .map(|a| CitedPassage {
                        label: passage_label(targets, slug, a),
                        url: format!("documents/{slug}/#{a}"),
                    })
                    .collect(),
            })
            .collect(),
        themes: cites
            .themes
            .iter()
            .map(|s| CitedItem {
                title: targets
                    .themes
                    .get(s.as_str())
                    .map(|t| t.to_string())
                    .unwrap_or_default(),
                url: format!("themes/{s}/"),
                passages: Vec::new(),
            })
            .collect(),
        commentary: cites
            .commentary
            .iter()
            .map(|s| CitedItem {
                title: targets
                    .commentary
                    .get(s.as_str())
                    .map(|t| t.to_string())
                    .unwrap_or_default(),
                url: format!("commentary/{s}/"),
                passages: Vec::new(),
            })
            .collect(),
    }
}

/// "Commentary on this document": for each document slug, the pages citing it, with the
/// passages they cite.
pub fn by_document(pages: &[CommentaryPage]) -> HashMap<String, Vec<CitedItem>> {
    let mut out: HashMap<String, Vec<CitedItem>> = HashMap::new();
    for p in pages {
        for d in &p.documents {
            let slug = d
                .url
                .trim_start_matches("documents/")
                .trim_end_matches('/')
                .to_string();
            out.entry(slug).or_default().push(CitedItem {
                title: p.card.title.clone(),
                url: p.card.url.clone(),
                passages: d.passages.clone(),
            });
        }
    }
    out
}

/// "Commentary on this theme": for each theme slug, the pages citing it.
pub fn by_theme(pages: &[CommentaryPage]) -> HashMap<String, Vec<CitedItem>> {
    let mut out: HashMap<String, Vec<CitedItem>> = HashMap::new();
    for p in pages {
        for t in &p.themes {
            let slug = t
                .url
                .trim_start_matches("themes/")
                .trim_end_matches('/')
                .to_string();
            out.entry(slug).or_default().push(CitedItem {
                title: p.card.title.clone(),
                url: p.card.url.clone(),
                passages: Vec::new(),
            });
        }
    }
    out
}
