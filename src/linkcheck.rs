//! Internal link check. Takes every rendered page (its output path, the ids it defines,
//! the links it makes and where those links came from) and the list of every output
//! file; gives an error listing each internal `href`/`src` or `#fragment` that does not
//! resolve, named by the source file and line that produced it (the document's Markdown
//! line for links in a document body, the template otherwise).
//!
//! Pages are scanned with a small attribute scanner rather than a full HTML parser: the
//! HTML is dossier's own output (attributes always double-quoted, text always escaped),
//! and a full parser would cost more than the rest of the build on large sites.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use rayon::prelude::*;

use crate::error::Error;
use crate::markdown::LinkRef;

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
        let (end, name) = scan_tag(html, start + 1, &mut out);
        i = end;
        // Raw-text elements: skip to their end tag.
        if name.eq_ignore_ascii_case("script") || name.eq_ignore_ascii_case("style") {
            let close = format!("</{}", name.to_ascii_lowercase());
            i = find_ci(bytes, i, close.as_bytes()).unwrap_or(html.len());
        }
    }
    out
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

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            if let Some(v) = s
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
            {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
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

/// Why a link does not resolve, or `None` if it does.
fn problem(
    page: &str,
    href: &str,
    base_path: &str,
    files: &HashSet<String>,
    ids: &HashMap<&str, HashSet<&str>>,
) -> Option<String> {
    if is_external(href) {
        return None;
    }
    let (before, fragment) = match href.split_once('#') {
        Some((b, f)) => (b, Some(f)),
        None => (href, None),
    };
    let path = before.split('?').next().unwrap_or("");
    let target = if path.is_empty() {
        page.to_string()
    } else if let Some(abs) = path.strip_prefix('/') {
        // Only the 404 page may use paths from the server root (it is served at any
        // address); elsewhere they would break when the site lives under a sub-path.
        if page != "404.html" {
            return Some(
                "links from the server root break under a sub-path; use a relative link".into(),
            );
        }
        match format!("/{abs}").strip_prefix(base_path) {
            Some(rel) => match resolve_file(&percent_decode(rel), files) {
                Some(f) => f,
                None => return Some("no such page or file".into()),
            },
            None => return Some(format!("is outside the site's base path {base_path}")),
        }
    } else {
        let dir = page.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
        let joined = format!("{dir}/{}", percent_decode(path));
        let Some(normal) = crate::assets::normalize(&joined) else {
            return Some("points above the site root".into());
        };
        let trailing = if path.ends_with('/') && !normal.is_empty() {
            "/"
        } else {
            ""
        };
        match resolve_file(&format!("{normal}{trailing}"), files) {
            Some(f) => f,
            None => return Some("no such page or file".into()),
        }
    };
    let fragment = fragment.map(percent_decode).unwrap_or_default();
    if fragment.is_empty() || fragment == "top" {
        return None;
    }
    match ids.get(target.as_str()) {
        Some(set) if set.contains(fragment.as_str()) => None,
        Some(_) => Some(format!("no element with id `{fragment}` on {target}")),
        None => None, // not an HTML page (e.g. a text file): fragments are not checked
    }
}

/// The output file a path names: itself, or its `index.html`.
fn resolve_file(path: &str, files: &HashSet<String>) -> Option<String> {
    if path.is_empty() || path.ends_with('/') {
        let f = format!("{path}index.html");
        return files.contains(&f).then_some(f);
    }
    if files.contains(path) {
        return Some(path.to_string());
    }
    let f = format!("{path}/index.html");
    files.contains(&f).then_some(f)
}

fn page_errors(
    page: &Page,
    files: &HashSet<String>,
    base_path: &str,
    ids: &HashMap<&str, HashSet<&str>>,
) -> Vec<Error> {
    let mut errors = Vec::new();
    let mut body_links: Vec<&LinkRef> = page
        .origin
        .markdown
        .as_ref()
        .map(|m| m.links.iter().collect())
        .unwrap_or_default();
    for href in &page.scan.links {
        let Some(why) = problem(&page.path, href, base_path, files, ids) else {
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

/// Check every internal link of `pages` against `files` (every output file, including
/// the pages). `base_path` is the path part of the site's base URL (`/` or `/digest/`).
pub fn check(pages: &[Page], files: &HashSet<String>, base_path: &str) -> Result<(), Error> {
    let ids: HashMap<&str, HashSet<&str>> = pages
        .par_iter()
        .map(|p| {
            (
                p.path.as_str(),
                p.scan.ids.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    let errors: Vec<Error> = pages
        .par_iter()
        .flat_map_iter(|page| page_errors(page, files, base_path, &ids))
        .collect();
    Error::all(errors)?;
    Ok(())
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

    #[test]
    fn entities_decode() {
        assert_eq!(
            decode_entities("a&amp;b&lt;&#x41;&#66;&bogus;"),
            "a&b<AB&bogus;"
        );
        assert_eq!(percent_decode("a%20b%zz"), "a b%zz");
    }
}
