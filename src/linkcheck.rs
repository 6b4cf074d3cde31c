//! Internal link check. Takes every rendered page (its output path, the ids it defines,
//! the links it makes and where those links came from) and the list of every output
//! file; gives an error listing each internal `href`/`src` or `#fragment` that does not
//! resolve, named by the source file and line that produced it (the document's Markdown
//! line for links in a document body, the template otherwise).
//!
//! Pages are scanned with a small attribute scanner rather than a full HTML parser: the
//! HTML is dossier's own output (attributes always double-quoted, text always escaped),
//! and a full parser would cost more than the rest of the build on large sites.

use std::borrow::Borrow;
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use crate::error::Error;
use crate::markdown::LinkRef;
use crate::paths::percent_decode;

/// What one page defines and links to.
#[derive(Debug, Default, Clone)]
pub struct Scan {
    pub ids: Vec<String>,
    /// Values of `href` and `src` attributes, entity-decoded.
    pub links: Vec<String>,
}

/// Where a page's links come from.
#[derive(Debug, Clone)]
pub struct Origin {
    /// The template that rendered the page.
    pub template: PathBuf,
    /// For pages with a Markdown body: its file, the line where the body starts and the
    /// links the body made, with their lines within the body.
    pub markdown: Option<MarkdownOrigin>,
}

#[derive(Debug, Clone)]
pub struct MarkdownOrigin {
    pub file: PathBuf,
    pub body_line: usize,
    pub links: Vec<LinkRef>,
}

/// A rendered page ready to check.
#[derive(Debug, Clone)]
pub struct Page {
    /// Path of the file relative to the output root, `/`-separated.
    pub path: String,
    pub scan: Scan,
    pub origin: Origin,
}

/// Find the `id`, `href` and `src` attributes of `html`.
/// The id of the `<script type="application/json">` listing a page's old anchors.
pub const ALIASES_ID: &str = "anchor-aliases";

pub fn scan(html: &str) -> Scan {
    let mut out = Scan::default();
    let bytes = html.as_bytes();
    let mut i = 0;
    while let Some(off) = html[i..].find('<') {
        let start = i + off;
        let rest = &html[start..];
        if rest.starts_with("<!--") {
            i = match rest.find("-->") {
                Some(e) => start + e + 3,
                None => html.len(),
            };
            continue;
        }
        let ids_before = out.ids.len();
        let (end, name) = scan_tag(html, start + 1, &mut out);
        i = end;
        // Raw-text elements: skip to their end tag.
        if name.eq_ignore_ascii_case("script") || name.eq_ignore_ascii_case("style") {
            let close = format!("</{}", name.to_ascii_lowercase());
            let body_end = find_ci(bytes, i, close.as_bytes()).unwrap_or(html.len());
            // A page's old passage anchors (see `crate::cite`) are followed by its script:
            // links to them are not broken.
            if out.ids[ids_before..].iter().any(|id| id == ALIASES_ID) {
                out.ids.truncate(ids_before);
                if let Ok(serde_json::Value::Object(table)) =
                    serde_json::from_str::<serde_json::Value>(&html[i..body_end])
                {
                    out.ids.extend(table.keys().cloned());
                }
            }
            i = body_end;
        }
    }
    out
}

impl Scan {
    /// The scan less the links to this page's own elements that are there (`#id` with
    /// the id on the page, `#`, `#top`): nothing else can break them, and a document page
    /// has dozens (its ¶ and § marks, contents, notes) that a big digest would hold, for
    /// every page, until the check (about 40 MB at 30,000 documents).
    pub fn without_own_fragments(mut self) -> Scan {
        let ids: HashSet<&str> = self.ids.iter().map(String::as_str).collect();
        let resolved = |href: &str| {
            href.strip_prefix('#').is_some_and(|f| {
                let f = percent_decode(f);
                f.is_empty() || f == "top" || ids.contains(f.as_str())
            })
        };
        self.links.retain(|l| !resolved(l));
        self.links.shrink_to_fit();
        self
    }
}

fn find_ci(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
        .map(|p| p + from)
}

/// Scan one tag from just after `<`; returns the index after `>` and the tag name.
fn scan_tag<'h>(html: &'h str, mut i: usize, out: &mut Scan) -> (usize, &'h str) {
    let b = html.as_bytes();
    let name_start = i;
    while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' && b[i] != b'/' {
        i += 1;
    }
    let name = &html[name_start..i];
    if name.starts_with('/') || name.starts_with('!') || name.is_empty() {
        let end = html[i..].find('>').map(|e| i + e + 1).unwrap_or(html.len());
        return (end, "");
    }
    loop {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        if i >= b.len() {
            return (i, name);
        }
        if b[i] == b'>' {
            return (i + 1, name);
        }
        let attr_start = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>' | b'/') {
            i += 1;
        }
        let attr = &html[attr_start..i];
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = None;
        if i < b.len() && b[i] == b'=' {
            i += 1;
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
                let q = b[i];
                let vs = i + 1;
                let ve = b[vs..]
                    .iter()
                    .position(|&c| c == q)
                    .map(|p| vs + p)
                    .unwrap_or(b.len());
                value = Some(&html[vs..ve]);
                i = (ve + 1).min(b.len());
            } else {
                let vs = i;
                while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                    i += 1;
                }
                value = Some(&html[vs..i]);
            }
        }
        if let Some(v) = value {
            if attr.eq_ignore_ascii_case("id") {
                out.ids.push(decode_entities(v));
            } else if attr.eq_ignore_ascii_case("href") || attr.eq_ignore_ascii_case("src") {
                out.links.push(decode_entities(v));
            }
        }
    }
}

/// Decode the character references dossier's escaping produces (and numeric ones).
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(p) = rest.find('&') {
        out.push_str(&rest[..p]);
        rest = &rest[p..];
        let Some(semi) = rest[..rest.len().min(12)].find(';') else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let ent = &rest[1..semi];
        let ch = match ent {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => ent
                .strip_prefix("#x")
                .or_else(|| ent.strip_prefix("#X"))
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| ent.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match ch {
            Some(c) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn is_external(href: &str) -> bool {
    if href.starts_with("//") {
        return true;
    }
    match href.find(':') {
        Some(c) => {
            let head = &href[..c];
            !head.is_empty()
                && !head.contains(['/', '?', '#'])
                && head
                    .chars()
                    .all(|ch| ch.is_ascii_alphanumeric() || "+-.".contains(ch))
        }
        None => false,
    }
}

/// What checking a link looks up: which output files exist and which ids each page
/// defines. The full check answers from the whole site; watch mode's [`Checker`] from
/// what it checked before plus what changed.
trait Lookup: Sync {
    fn has_file(&self, path: &str) -> bool;
    /// Whether page `path` has an element with this id; `None` when `path` is not a page
    /// (fragments of links to other files are not checked).
    fn has_id(&self, path: &str, id: &str) -> Option<bool>;
}

/// Where a link points: the output files it may name, tried in order (a path, then its
/// `index.html`), and its fragment.
struct Target {
    files: Vec<String>,
    /// The link is to the page itself (`#id`, `?q`).
    itself: bool,
    fragment: String,
}

/// The target of `href` on `page`; `Ok(None)` for external links, `Err` for links that
/// are wrong whatever files exist.
fn target(page: &str, href: &str, base_path: &str) -> Result<Option<Target>, String> {
    if is_external(href) {
        return Ok(None);
    }
    let (before, fragment) = match href.split_once('#') {
        Some((b, f)) => (b, Some(f)),
        None => (href, None),
    };
    let fragment = fragment.map(percent_decode).unwrap_or_default();
    let path = before.split('?').next().unwrap_or("");
    let (files, itself) = if path.is_empty() {
        (vec![page.to_string()], true)
    } else if let Some(abs) = path.strip_prefix('/') {
        // Only the 404 page may use paths from the server root (it is served at any
        // address); elsewhere they would break when the site lives under a sub-path.
        if page != "404.html" {
            return Err(
                "links from the server root break under a sub-path; use a relative link".into(),
            );
        }
        match format!("/{abs}").strip_prefix(base_path) {
            Some(rel) => (candidates(&percent_decode(rel)), false),
            None => return Err(format!("is outside the site's base path {base_path}")),
        }
    } else {
        let dir = page.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
        let joined = format!("{dir}/{}", percent_decode(path));
        let Some(normal) = crate::assets::normalize(&joined) else {
            return Err("points above the site root".into());
        };
        let trailing = if path.ends_with('/') && !normal.is_empty() {
            "/"
        } else {
            ""
        };
        (candidates(&format!("{normal}{trailing}")), false)
    };
    Ok(Some(Target {
        files,
        itself,
        fragment,
    }))
}

/// The output files a path may name: itself, or its `index.html`.
fn candidates(path: &str) -> Vec<String> {
    if path.is_empty() || path.ends_with('/') {
        vec![format!("{path}index.html")]
    } else {
        vec![path.to_string(), format!("{path}/index.html")]
    }
}

/// Why a link does not resolve, or `None` if it does.
fn problem(page: &str, href: &str, base_path: &str, site: &dyn Lookup) -> Option<String> {
    let target = match target(page, href, base_path) {
        Ok(Some(t)) => t,
        Ok(None) => return None,
        Err(why) => return Some(why),
    };
    let file = if target.itself {
        page
    } else {
        match target.files.iter().find(|f| site.has_file(f)) {
            Some(f) => f.as_str(),
            None => return Some("no such page or file".into()),
        }
    };
    let fragment = target.fragment;
    if fragment.is_empty() || fragment == "top" {
        return None;
    }
    match site.has_id(file, &fragment) {
        Some(false) => Some(format!("no element with id `{fragment}` on {file}")),
        _ => None,
    }
}

fn page_errors(page: &Page, base_path: &str, site: &dyn Lookup) -> Vec<Error> {
    let mut errors = Vec::new();
    let mut body_links: Vec<&LinkRef> = page
        .origin
        .markdown
        .as_ref()
        .map(|m| m.links.iter().collect())
        .unwrap_or_default();
    for href in &page.scan.links {
        let Some(why) = problem(&page.path, href, base_path, site) else {
            continue;
        };
        let from_body = body_links.iter().position(|l| &l.href == href);
        let (file, line) = match (from_body, &page.origin.markdown) {
            (Some(i), Some(md)) => {
                let l = body_links.remove(i);
                (md.file.clone(), Some(md.body_line + l.source_line - 1))
            }
            _ => (page.origin.template.clone(), None),
        };
        errors.push(Error::input(
            file,
            line,
            format!("broken link `{href}` on page {}: {why}", page.path),
            "fix or remove the link (links are relative to the page, e.g. `../other-slug/`)",
        ));
    }
    errors
}

/// The whole site at once.
struct Full<'a> {
    files: &'a HashSet<String>,
    ids: HashMap<&'a str, HashSet<&'a str>>,
}

impl Lookup for Full<'_> {
    fn has_file(&self, path: &str) -> bool {
        self.files.contains(path)
    }
    fn has_id(&self, path: &str, id: &str) -> Option<bool> {
        self.ids.get(path).map(|set| set.contains(id))
    }
}

/// Check every internal link of `pages` against `files` (every output file, including
/// the pages). `base_path` is the path part of the site's base URL (`/` or `/digest/`).
pub fn check<P: Borrow<Page> + Sync>(
    pages: &[P],
    files: &HashSet<String>,
    base_path: &str,
) -> Result<(), Error> {
    let ids: HashMap<&str, HashSet<&str>> = pages
        .par_iter()
        .map(|p| {
            let p = p.borrow();
            (
                p.path.as_str(),
                p.scan.ids.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    let site = Full { files, ids };
    let errors: Vec<Error> = pages
        .par_iter()
        .flat_map_iter(|page| page_errors(page.borrow(), base_path, &site))
        .collect();
    Error::all(errors)?;
    Ok(())
}

/// The link check across watch-mode rebuilds. It keeps the pages and files of the last
/// build that passed, and checks again only what may have changed: the pages that are
/// new or different, and the unchanged pages with a link that may name a file that
/// appeared or disappeared or a page whose ids changed (a link's outcome depends on
/// nothing else). So a link to a deleted document is still reported, with the file and
/// line it comes from, without checking the whole site.
#[derive(Default)]
pub struct Checker {
    files: FxHashSet<String>,
    pages: FxHashMap<String, Checked>,
    /// Output file -> the pages with a link that may name it.
    linked_from: FxHashMap<String, FxHashSet<Arc<str>>>,
}

type FxHashMap<K, V> = HashMap<K, V, rustc_hash::FxBuildHasher>;
type FxHashSet<K> = HashSet<K, rustc_hash::FxBuildHasher>;

#[derive(Debug)]
struct Checked {
    page: Arc<Page>,
    ids: FxHashSet<String>,
    /// Every file the page's links may name.
    names: Vec<String>,
}

/// A check that passed, to record with [`Checker::commit`] once the output is written.
#[derive(Debug)]
pub struct Passed {
    added: Vec<String>,
    removed: Vec<String>,
    changed: Vec<Checked>,
    gone: Vec<String>,
    /// How many pages were checked.
    pub checked: usize,
}

/// The site as the pending rebuild will leave it: the checked one plus the changes.
struct Overlay<'a> {
    checker: &'a Checker,
    added: FxHashSet<&'a str>,
    removed: FxHashSet<&'a str>,
    changed: FxHashMap<&'a str, &'a FxHashSet<String>>,
    gone: FxHashSet<&'a str>,
}

impl Lookup for Overlay<'_> {
    fn has_file(&self, path: &str) -> bool {
        self.added.contains(path)
            || (!self.removed.contains(path) && self.checker.files.contains(path))
    }
    fn has_id(&self, path: &str, id: &str) -> Option<bool> {
        if let Some(ids) = self.changed.get(path) {
            return Some(ids.contains(id));
        }
        if self.gone.contains(path) {
            return None;
        }
        self.checker.pages.get(path).map(|c| c.ids.contains(id))
    }
}

impl Checker {
    /// A checker that knows these files exist (and has checked no page yet).
    pub fn new(files: impl IntoIterator<Item = String>) -> Checker {
        Checker {
            files: files.into_iter().collect(),
            ..Checker::default()
        }
    }

    /// Check the site made of `pages` (every page) and the files of the last check plus
    /// `added` minus `removed`. Nothing is recorded until [`Checker::commit`].
    pub fn check(
        &self,
        pages: &[Arc<Page>],
        added: &[String],
        removed: &[String],
        base_path: &str,
    ) -> Result<Passed, Error> {
        let known: Vec<Option<&Checked>> =
            pages.par_iter().map(|p| self.pages.get(&p.path)).collect();
        // Pages checked before and no longer there (none when every one is still there).
        let still = known.iter().filter(|k| k.is_some()).count();
        let gone: Vec<String> = if still == self.pages.len() {
            Vec::new()
        } else {
            let current: FxHashSet<&str> = pages.iter().map(|p| p.path.as_str()).collect();
            self.pages
                .keys()
                .filter(|p| !current.contains(p.as_str()))
                .cloned()
                .collect()
        };
        let changed: Vec<Checked> = pages
            .par_iter()
            .zip(&known)
            .filter(|(p, k)| k.is_none_or(|c| !Arc::ptr_eq(&c.page, p)))
            .map(|(p, _)| Checked {
                page: p.clone(),
                ids: p.scan.ids.iter().cloned().collect(),
                names: link_names(p, base_path),
            })
            .collect();
        let added: Vec<String> = added
            .iter()
            .filter(|f| !self.files.contains(*f))
            .cloned()
            .collect();
        let removed: Vec<String> = removed
            .iter()
            .filter(|f| self.files.contains(*f))
            .cloned()
            .collect();
        let site = Overlay {
            checker: self,
            added: added.iter().map(String::as_str).collect(),
            removed: removed.iter().map(String::as_str).collect(),
            changed: changed
                .iter()
                .map(|c| (c.page.path.as_str(), &c.ids))
                .collect(),
            gone: gone.iter().map(String::as_str).collect(),
        };
        // Files whose coming or going, or whose ids, may change where links lead.
        let moved = changed
            .iter()
            .filter(|c| self.pages.get(&c.page.path).is_none_or(|o| o.ids != c.ids))
            .map(|c| c.page.path.as_str())
            .chain(gone.iter().map(String::as_str))
            .chain(site.added.iter().copied())
            .chain(site.removed.iter().copied());
        let mut again: FxHashSet<&str> = FxHashSet::default();
        for f in moved {
            for p in self.linked_from.get(f).into_iter().flatten() {
                if !site.gone.contains(&**p) && !site.changed.contains_key(&**p) {
                    again.insert(p);
                }
            }
        }
        let recheck: Vec<&Page> = changed
            .iter()
            .map(|c| &*c.page)
            .chain(
                again
                    .iter()
                    .filter_map(|p| self.pages.get(*p).map(|c| &*c.page)),
            )
            .collect();
        let errors: Vec<Error> = recheck
            .par_iter()
            .flat_map_iter(|page| page_errors(page, base_path, &site))
            .collect();
        Error::all(errors)?;
        let checked = recheck.len();
        drop(site);
        Ok(Passed {
            added,
            removed,
            changed,
            gone,
            checked,
        })
    }

    /// Record a check that passed (after its output was written).
    pub fn commit(&mut self, passed: Passed) {
        for f in passed.removed {
            self.files.remove(&f);
        }
        self.files.extend(passed.added);
        for p in &passed.gone {
            self.forget(p);
        }
        for c in passed.changed {
            self.record(c);
        }
    }

    /// Files renamed (`files`: old path, new path) and each pair's new page in place of
    /// its old one, where the old one is the page last checked, as if checked: for pages
    /// that differ from ones that passed only in the names of renamed files that the same
    /// rebuild writes (a stylesheet renamed by its new content hash; see
    /// `render::Templates::rename_assets`).
    pub fn replace(&mut self, files: &[(String, String)], pairs: &[(Arc<Page>, Arc<Page>)]) {
        let renamed: FxHashMap<&str, &str> = files
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        for (old, new) in files {
            if self.files.remove(old) {
                self.files.insert(new.clone());
            }
            if let Some(pages) = self.linked_from.remove(old) {
                self.linked_from
                    .entry(new.clone())
                    .or_default()
                    .extend(pages);
            }
        }
        // A link that named an old file names its new one (same folder, new name), and
        // nothing else about the page changed.
        for (old, new) in pairs {
            let Some(c) = self.pages.get_mut(&old.path) else {
                continue;
            };
            if !Arc::ptr_eq(&c.page, old) {
                continue;
            }
            c.page = new.clone();
            for n in &mut c.names {
                if let Some(to) = renamed.get(n.as_str()) {
                    *n = to.to_string();
                }
            }
            c.names.sort_unstable();
            c.names.dedup();
        }
    }

    /// Keep `c` as its page's last check, in place of the previous one.
    fn record(&mut self, c: Checked) {
        let path: Arc<str> = c.page.path.as_str().into();
        self.forget(&path);
        for n in &c.names {
            self.linked_from
                .entry(n.clone())
                .or_default()
                .insert(path.clone());
        }
        self.pages.insert(c.page.path.clone(), c);
    }

    fn forget(&mut self, page: &str) {
        if let Some(old) = self.pages.remove(page) {
            for n in &old.names {
                if let Some(set) = self.linked_from.get_mut(n) {
                    set.remove(page);
                    if set.is_empty() {
                        self.linked_from.remove(n);
                    }
                }
            }
        }
    }
}

/// Every file the links of `page` may name (not the page itself, which is rechecked
/// whenever it changes).
fn link_names(page: &Page, base_path: &str) -> Vec<String> {
    let mut names: Vec<String> = page
        .scan
        .links
        .iter()
        .filter_map(|href| target(&page.path, href, base_path).ok().flatten())
        .filter(|t| !t.itself)
        .flat_map(|t| t.files)
        .collect();
    names.sort_unstable();
    names.dedup();
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scan_finds_ids_and_links() {
        let s = scan(
            "<!-- <a href=\"no\"> --><p id=\"p-1\">x <a class=\"a\" href=\"../y/?a=1&amp;b=2#p-3\">y</a></p>\
             <script>var s = '<a href=\"js\">';</script><img alt='a > b' src=\"i.png\"><br/><h2 id=\"h&#39;s\">",
        );
        assert_eq!(s.ids, ["p-1", "h's"]);
        assert_eq!(s.links, ["../y/?a=1&b=2#p-3", "i.png"]);
    }

    #[test]
    fn own_fragments_that_resolve_are_not_kept() {
        let s = scan(
            "<a href=\"#p-1\">¶</a><p id=\"p-1\"></p><a href=\"#\"></a><a href=\"#top\"></a>\
             <a href=\"#gone\"></a><h2 id=\"caf%C3%A9\"></h2><a href=\"#caf%C3%A9\"></a>\
             <h2 id=\"café\"></h2><a href=\"#caf%C3%A9\"></a><a href=\"../b/#p-1\"></a>",
        )
        .without_own_fragments();
        // A missing id stays for the check to report; so do links to other pages.
        assert_eq!(s.links, ["#gone", "../b/#p-1"]);
        assert_eq!(s.ids, ["p-1", "caf%C3%A9", "café"]);
        let broken = vec![Page {
            scan: s,
            ..page("documents/a/index.html", "")
        }];
        let files: HashSet<String> = ["documents/b/index.html".to_string()].into();
        let err = check(&broken, &files, "/").unwrap_err().to_string();
        assert!(err.contains("`#gone`"), "{err}");
        assert!(!err.contains("../b/"), "{err}");
    }

    fn page(path: &str, html: &str) -> Page {
        Page {
            path: path.into(),
            scan: scan(html),
            origin: Origin {
                template: "t.html".into(),
                markdown: Some(MarkdownOrigin {
                    file: "content/documents/a.md".into(),
                    body_line: 5,
                    links: vec![LinkRef {
                        href: "../missing/".into(),
                        source_line: 3,
                    }],
                }),
            },
        }
    }

    #[test]
    fn resolves_relative_links_and_fragments() {
        let pages = vec![
            page(
                "documents/a/index.html",
                "<a href=\"../b/#p-2\"></a><a href=\"#p-1\"></a><p id=\"p-1\"></p><a href=\"../../style.css\"></a><a href=\"https://x.org/\"></a><a href=\"../b\"></a><a href=\"../../\"></a>",
            ),
            page("documents/b/index.html", "<p id=\"p-2\"></p>"),
            page("index.html", ""),
        ];
        let files: HashSet<String> = [
            "documents/a/index.html",
            "documents/b/index.html",
            "style.css",
            "index.html",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        check(&pages, &files, "/").unwrap();
    }

    #[test]
    fn broken_links_name_source_file_and_line() {
        let pages = vec![page(
            "documents/a/index.html",
            "<a href=\"../missing/\"></a><a href=\"#nope\"></a><a href=\"/abs/\"></a>",
        )];
        let files: HashSet<String> = ["documents/a/index.html".to_string()].into_iter().collect();
        let err = check(&pages, &files, "/").unwrap_err().to_string();
        assert!(
            err.contains("content/documents/a.md:7: broken link `../missing/`"),
            "{err}"
        );
        assert!(err.contains("t.html: broken link `#nope`"), "{err}");
        assert!(err.contains("sub-path"), "{err}");
    }

    #[test]
    fn not_found_page_may_use_base_path() {
        let pages = vec![page("404.html", "<a href=\"/digest/documents/\"></a>")];
        let files: HashSet<String> = ["404.html", "documents/index.html"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        check(&pages, &files, "/digest/").unwrap();
        assert!(check(&pages, &files, "/").is_err());
    }

    /// A page whose body (content/documents/<name>.md, starting on line 5) made `links`.
    fn body_page(path: &str, html: &str, links: &[(&str, usize)]) -> Arc<Page> {
        let mut p = page(path, html);
        if let Some(md) = p.origin.markdown.as_mut() {
            md.links = links
                .iter()
                .map(|(href, line)| LinkRef {
                    href: href.to_string(),
                    source_line: *line,
                })
                .collect();
        }
        Arc::new(p)
    }

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn checker_checks_again_only_what_may_have_changed() {
        let a = body_page(
            "documents/a/index.html",
            "<a href=\"../b/#p-2\"></a><a href=\"../../notes.txt\"></a>",
            &[("../b/#p-2", 2), ("../../notes.txt", 4)],
        );
        let b = body_page("documents/b/index.html", "<p id=\"p-2\"></p>", &[]);
        let home = body_page("index.html", "", &[]);
        let all = [a.clone(), b.clone(), home.clone()];
        let mut checker = Checker::new(names(&["documents/a/index.html", "index.html"]));
        let added = names(&["documents/b/index.html", "notes.txt"]);
        let passed = checker.check(&all, &added, &[], "/").unwrap();
        assert_eq!(passed.checked, 3, "every page the first time");
        checker.commit(passed);
        let passed = checker.check(&all, &[], &[], "/").unwrap();
        assert_eq!(passed.checked, 0, "nothing changed");
        checker.commit(passed);

        // A file linked from an unchanged page disappears: named by the body's line.
        let err = checker
            .check(&all, &[], &names(&["notes.txt"]), "/")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("content/documents/a.md:8: broken link `../../notes.txt`"),
            "{err}"
        );
        // The linked page loses the id a fragment names.
        let b2 = body_page("documents/b/index.html", "<p id=\"p-3\"></p>", &[]);
        let err = checker
            .check(&[a.clone(), b2, home.clone()], &[], &[], "/")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("a.md:6: broken link `../b/#p-2` on page documents/a/index.html: no element with id `p-2`"),
            "{err}"
        );
        // The linked page goes.
        let err = checker
            .check(
                &[a.clone(), home.clone()],
                &[],
                &names(&["documents/b/index.html"]),
                "/",
            )
            .unwrap_err()
            .to_string();
        assert!(err.contains("no such page or file"), "{err}");
        // Nothing was recorded by the failed checks; a page whose links still resolve
        // is checked alone.
        let home2 = body_page("index.html", "<a href=\"documents/b/\"></a>", &[]);
        let passed = checker.check(&[a, b, home2], &[], &[], "/").unwrap();
        assert_eq!(passed.checked, 1);
    }

    #[test]
    fn entities_decode() {
        assert_eq!(
            decode_entities("a&amp;b&lt;&#x41;&#66;&bogus;"),
            "a&b<AB&bogus;"
        );
        assert_eq!(percent_decode("a%20b%zz"), "a b%zz");
    }
}
