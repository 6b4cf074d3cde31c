//! Reader for saved HTML pages (saved from a browser or a CMS).
//!
//! [`read_html`] keeps only the main content of the page, the way Mozilla's
//! Readability does (through the `dom_smoothie` port), converts it to
//! CommonMark (GFM tables) with this crate's own converter, and reads the
//! page metadata (title, date, authors, ...) from `<meta>`, JSON-LD and the
//! document itself.
//!
//! Pipeline:
//! 1. parse the page (html5ever via `dom_query`), read the metadata;
//! 2. remove obvious page chrome (navigation, cookie banners, share buttons,
//!    newsletter forms, breadcrumbs, sidebars, comments, footers) and note
//!    each removal in [`HtmlDocument::dropped`];
//! 3. run Readability (`dom_smoothie`) on what is left; if it finds no
//!    article, fall back to the whole cleaned `<body>`;
//! 4. convert the kept HTML to Markdown: block structure preserved, inline
//!    whitespace collapsed as a browser would, Markdown characters escaped,
//!    links made absolute (or turned into plain text), images replaced by
//!    their alt text.

use dom_query::{Document, NodeRef};
use url::Url;

mod markdown;
mod meta;

pub(crate) use markdown::escape_line_start;
pub use markdown::fragment_to_markdown;
pub(crate) use meta::day_in;

/// A saved HTML page reduced to its main content.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HtmlDocument {
    /// Main content as CommonMark (GFM pipe tables). No raw HTML.
    pub markdown: String,
    /// Page metadata.
    pub meta: HtmlMeta,
    /// Short descriptions of the page chrome that was removed,
    /// e.g. `"nav: Home About Contact"`.
    pub dropped: Vec<String>,
}

/// Metadata read from the page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HtmlMeta {
    /// og:title, JSON-LD headline, the article's `<h1>`, else `<title>`
    /// without its site suffix.
    pub title: Option<String>,
    /// ISO 8601 date: `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
    pub published: Option<String>,
    /// The text of an element a CMS marks as the post's date (`<div class="date">April
    /// 26, 2022</div>`), for the caller to read when `published` is none.
    pub date_text: Option<String>,
    /// Author names (never URLs).
    pub authors: Vec<String>,
    /// og:description / meta description.
    pub description: Option<String>,
    /// `<link rel=canonical>`, else og:url (absolute when a base is known).
    pub canonical_url: Option<String>,
    /// Primary language subtag of `<html lang>`, e.g. `"fr"`.
    pub language: Option<String>,
    /// og:site_name.
    pub site_name: Option<String>,
    /// A fact-check's schema.org `ClaimReview`: the claim reviewed and the verdict's name.
    pub claim_review: Option<(String, Option<String>)>,
    /// JSON-LD publisher name.
    pub publisher: Option<String>,
    /// meta keywords / article:tag / JSON-LD keywords.
    pub keywords: Vec<String>,
}

/// Errors of [`read_html`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum HtmlError {
    /// Nothing but chrome, scripts or whitespace in the page.
    #[error("the HTML page has no main text (only navigation or scripts): save the article page itself, or paste its text into a .txt/.md file")]
    NoMainText,
    /// The `base_url` argument is not an absolute URL.
    #[error("the base URL {0:?} is not an absolute URL: give the page's full address (like https://example.org/page.html) or none")]
    BadBaseUrl(String),
}

/// Whether `bytes` look like an HTML document, judged by content (not by
/// file extension): after an optional byte-order mark, whitespace, comments
/// and an XML declaration, the text starts with `<!DOCTYPE html`, `<html`,
/// `<head` or `<body`.
pub fn looks_like_html(bytes: &[u8]) -> bool {
    const LIMIT: usize = 64 * 1024;
    let head = &bytes[..bytes.len().min(LIMIT)];
    // UTF-16 with BOM: keep the low bytes (enough for ASCII markup).
    let owned: Vec<u8>;
    let mut s: &[u8] = if head.starts_with(&[0xFF, 0xFE]) {
        owned = head[2..].iter().step_by(2).copied().collect();
        &owned
    } else if head.starts_with(&[0xFE, 0xFF]) {
        owned = head[2..].iter().skip(1).step_by(2).copied().collect();
        &owned
    } else if let Some(rest) = head.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        rest
    } else {
        head
    };
    loop {
        while let Some((&c, rest)) = s.split_first() {
            if c.is_ascii_whitespace() {
                s = rest;
            } else {
                break;
            }
        }
        if s.starts_with(b"<!--") {
            match find(&s[4..], b"-->") {
                Some(i) => s = &s[4 + i + 3..],
                None => return false,
            }
        } else if s.starts_with(b"<?") {
            match find(s, b"?>") {
                Some(i) => s = &s[i + 2..],
                None => return false,
            }
        } else {
            break;
        }
    }
    let starts = |tag: &[u8]| {
        s.len() > tag.len()
            && s[..tag.len()].eq_ignore_ascii_case(tag)
            && matches!(
                s[tag.len()],
                b' ' | b'\t' | b'\n' | b'\r' | 0x0C | b'>' | b'/'
            )
    };
    starts(b"<!doctype") && {
        let rest = &s[9..];
        let rest = rest
            .iter()
            .position(|c| !c.is_ascii_whitespace())
            .map_or(&[][..], |i| &rest[i..]);
        rest.len() >= 4 && rest[..4].eq_ignore_ascii_case(b"html")
    } || starts(b"<html")
        || starts(b"<head")
        || starts(b"<body")
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Read a saved HTML page: keep its main content as Markdown, its metadata,
/// and a list of the chrome that was dropped.
///
/// `base_url` is the page's address, used to make relative links absolute
/// when the page has no canonical URL. Links that cannot be made absolute
/// become plain text.
pub fn read_html(html: &str, base_url: Option<&str>) -> Result<HtmlDocument, HtmlError> {
    let given_base = match base_url {
        Some(b) => match Url::parse(b.trim()) {
            Ok(u) if !u.cannot_be_a_base() => Some(u),
            _ => return Err(HtmlError::BadBaseUrl(b.to_string())),
        },
        None => None,
    };
    let doc = Document::from(html);
    let printed = once_cell::unsync::OnceCell::new();
    let mut meta = meta::extract(&doc, given_base.as_ref(), &printed);

    // Base for links: canonical URL, else the given base, else <base href>.
    let base_href = doc
        .select("base[href]")
        .attr("href")
        .and_then(|h| resolve(h.trim(), given_base.as_ref()));
    let base = meta
        .canonical_url
        .as_deref()
        .and_then(|c| Url::parse(c).ok())
        .filter(|u| matches!(u.scheme(), "http" | "https" | "file"))
        .or(given_base)
        .or(base_href);

    // Readability's byline is weighed against the page's visible words, taken before
    // chrome goes (a byline may sit in a header) and only when the metadata named no one.
    if meta.authors.is_empty() {
        meta::printed_text(&doc, &printed);
    }
    if meta.authors.is_empty() {
        if let Some(byline) = headline_byline(&doc, meta.title.as_deref()) {
            meta::merge_byline(&mut meta, &byline);
        }
    }
    let claim = claim_box(&doc, &meta.claim_review, base.as_ref());
    let dropped = remove_chrome(&doc);
    keep_repeated_subheaders(&doc);
    defuse_false_bylines(&doc);
    let mut leads = standfirsts(&doc, meta.title.as_deref(), base.as_ref());
    leads.extend(claim);

    let body_fallback = |doc: &Document| {
        doc.body()
            .map(|b| markdown::node_to_markdown(&b, base.as_ref()))
            .unwrap_or_default()
    };
    // Readability needs the document afterwards only in the fallback, so
    // keep a serialized copy of the cleaned page for that (rare) case.
    let cfg = dom_smoothie::Config::default();
    let (md, article) = {
        let cleaned = doc.html();
        match dom_smoothie::Readability::with_document(
            doc,
            base.as_ref().map(Url::as_str),
            Some(cfg),
        )
        .and_then(|mut r| r.parse())
        {
            Ok(a) => {
                let md = markdown::fragment_to_markdown(&a.content, base.as_ref().map(Url::as_str));
                if has_text(&md) {
                    (md, Some(a))
                } else {
                    (body_fallback(&Document::from(cleaned)), Some(a))
                }
            }
            Err(_) => (body_fallback(&Document::from(cleaned)), None),
        }
    };
    if !has_text(&md) {
        return Err(HtmlError::NoMainText);
    }
    let md = with_standfirsts(md, &leads);
    if let Some(a) = article {
        meta::merge_readability(&mut meta, &a, printed.get().map(String::as_str));
    }
    Ok(HtmlDocument {
        markdown: md,
        meta,
        dropped,
    })
}

/// The article's standfirst and key points: what a page sets under its headline and
/// before the body, in an element named for it ("c-page-intro__copy", "standfirst",
/// "article-lead", "deck", a press release's "ep-a_facts" list of highlights). Readability
/// takes the body and may leave them out; they are the article's first words. They are
/// looked for after the headline (in its siblings and those of its enclosing elements, up
/// to seven levels: grid layouts nest deep) and before the body's first paragraph, so a
/// teaser of another story further down never is one. Gives each as (text, Markdown).
fn standfirsts(doc: &Document, title: Option<&str>, base: Option<&Url>) -> Vec<(String, String)> {
    let mut found = Vec::new();
    if let Some(h1) = headline(doc, title) {
        after_headline(&h1, |n| lead_elements(n, base, &mut found));
    }
    found
}

/// The headline: the `<h1>` that says the page's title (pages have hidden ones too,
/// "Navigation"), or an `<h2>` styled as one ("title aka-h1").
fn headline<'a>(doc: &'a Document, title: Option<&str>) -> Option<NodeRef<'a>> {
    let title = title
        .map(|t| collapse(t).to_lowercase())
        .filter(|t| !t.is_empty())?;
    let says_title = |h: &&NodeRef| collapse(&markdown::heading_text(h)).to_lowercase() == title;
    let headline = |tag: &str| doc.select(tag).nodes().iter().find(says_title).cloned();
    headline("h1").or_else(|| headline("h2"))
}

/// Visits what follows the headline in document order (its siblings, then those of its
/// enclosing elements, up to seven levels: grid layouts nest deep), until `visit` says
/// it reached the body.
fn after_headline(h1: &NodeRef<'_>, mut visit: impl FnMut(&NodeRef) -> bool) {
    let mut node = *h1;
    for _ in 0..8 {
        let mut next = node.next_element_sibling();
        while let Some(n) = next {
            if visit(&n) {
                return;
            }
            next = n.next_element_sibling();
        }
        match node.parent() {
            Some(p)
                if p.is_element()
                    && !p
                        .node_name()
                        .is_some_and(|t| t.eq_ignore_ascii_case("body")) =>
            {
                node = p
            }
            _ => break,
        }
    }
}

/// The byline printed under the headline ("By Louis Jacobson on Monday, November 18th,
/// 2019", "Par Marie Dupont"), in an element of its own, however the page's classes name
/// it (Readability knows a byline by "byline" or "author" in them; "article__meta" is
/// one too). Looked for between the headline and the body's first paragraph of prose.
fn headline_byline(doc: &Document, title: Option<&str>) -> Option<String> {
    // The headline may say more than the title the metadata gives ("… tariffs and
    // international trade" under "… tariffs and trade"): then the article's own `<h1>`.
    let h1 = headline(doc, title).or_else(|| {
        doc.select("article h1, main h1, [role=main] h1")
            .nodes()
            .first()
            .cloned()
    })?;
    let mut found = None;
    after_headline(&h1, |n| byline_element(n, &mut found));
    found
}

/// Walks `n` in document order for a short element that opens on "By" and a name; true
/// once one is found or the body's first paragraph of prose is reached.
fn byline_element(n: &NodeRef, found: &mut Option<String>) -> bool {
    static BY: once_cell::sync::Lazy<regex::Regex> = once_cell::sync::Lazy::new(|| {
        regex::Regex::new(r"^(?:[Bb]y|BY|[Vv]on|[Pp]ar|[Pp]or|[Dd]oor)\s*:?\s+\p{Lu}\p{Ll}")
            .unwrap()
    });
    let text = collapse(&n.text());
    if text.chars().count() <= 160 && BY.is_match(&text) {
        *found = Some(text);
        return true;
    }
    let tag = n.node_name().unwrap_or_default().to_ascii_lowercase();
    if tag == "p" && text.chars().count() >= 80 {
        return true;
    }
    n.element_children()
        .iter()
        .any(|child| byline_element(child, found))
}

/// A fact-check's claim box: the claim under review, who made it, its source and the
/// verdict, as the page prints them above the article. Pages set it apart from the body
/// (Polygraph's "statement" and "verdict" boxes), where Readability leaves it out, and a
/// fact-check without its claim and verdict misleads. The box is found from the page's
/// schema.org `ClaimReview`: the element that prints the claim, widened to its enclosing
/// elements while they hold little more (the claimant, the source, the verdict) and
/// never the article's body. Kept only when it prints the verdict the review names.
/// Given as (the claim's text, the box as a Markdown quotation).
fn claim_box(
    doc: &Document,
    review: &Option<(String, Option<String>)>,
    base: Option<&Url>,
) -> Option<(String, String)> {
    let (claim, verdict) = review.clone()?;
    let claim_key = opening_key(&claim);
    if claim_key.len() < 20 {
        return None;
    }
    let text_of = |n: &NodeRef| crate::ingest::metadata::alnum_lower(&n.text());
    // The innermost element that prints the claim.
    let printed = doc
        .select("body *")
        .nodes()
        .iter()
        .filter(|n| text_of(n).contains(&claim_key))
        .min_by_key(|n| n.text().len())
        .copied()?;
    let room = printed.text().chars().count() + 600;
    let mut bx = printed;
    while let Some(parent) = bx.parent().filter(|p| p.is_element()) {
        let tag = parent.node_name().unwrap_or_default().to_ascii_lowercase();
        if matches!(tag.as_str(), "body" | "html") || parent.text().chars().count() > room {
            break;
        }
        bx = parent;
    }
    if let Some(v) = &verdict {
        if !text_of(&bx).contains(&crate::ingest::metadata::alnum_lower(v)) {
            return None;
        }
    }
    let md = markdown::node_to_markdown(&bx, base);
    // The claimant's name set as a heading in the box heads no section, and one printed
    // twice (a portrait's caption over the name) is said once.
    let mut paragraphs: Vec<&str> = Vec::new();
    for p in md
        .split("\n\n")
        .map(|p| p.trim().trim_start_matches('#').trim_start())
    {
        if !p.is_empty() && paragraphs.last() != Some(&p) {
            paragraphs.push(p);
        }
    }
    let quoted: Vec<String> = paragraphs
        .iter()
        .map(|p| {
            p.lines()
                .map(|l| format!("> {l}"))
                .collect::<Vec<_>>()
                .join("\n")
        })
        .collect();
    Some((claim, quoted.join("\n>\n")))
}

/// Walks `n` in document order, gathering the outermost elements named as a standfirst
/// or key points, until the body's first paragraph of prose; true once it is reached.
fn lead_elements(n: &NodeRef, base: Option<&Url>, found: &mut Vec<(String, String)>) -> bool {
    const NAMES: [&str; 14] = [
        "standfirst",
        "incipit",
        "teaser",
        "lead",
        "lede",
        "intro",
        "deck",
        "dek",
        "abstract",
        "chapo",
        "facts",
        "highlights",
        "keypoints",
        "takeaways",
    ];
    let tag = n
        .node_name()
        .map(|t| t.to_ascii_lowercase())
        .unwrap_or_default();
    let named = n.attr("class").is_some_and(|c| {
        let c = c.to_ascii_lowercase();
        c.split(|ch: char| ch.is_whitespace() || ch == '-' || ch == '_')
            .any(|part| NAMES.contains(&part))
    });
    if named && matches!(tag.as_str(), "p" | "div" | "ul" | "ol" | "section") {
        let text = collapse(&n.text());
        if text.chars().count() >= 60 {
            found.push((text, markdown::node_to_markdown(n, base).trim().to_string()));
        }
        return false;
    }
    // The first paragraph of prose: the body's first. One set wholly in bold is the lead
    // (under the picture, "<strong><p>...</p></strong>"), which Readability may leave out.
    if tag == "p" && n.text().chars().count() >= 80 {
        if is_wholly_bold(n) && !speaks_to_the_browser(&n.text()) {
            found.push((
                collapse(&n.text()),
                markdown::node_to_markdown(n, base).trim().to_string(),
            ));
        }
        return true;
    }
    n.element_children()
        .iter()
        .any(|child| lead_elements(child, base, found))
}

/// A notice about the reader's browser ("use the latest browser", "enable JavaScript",
/// "如欲取得最佳浏览效果，请使用最新的...浏览器"): the page's, not the article's.
fn speaks_to_the_browser(text: &str) -> bool {
    static BROWSER: once_cell::sync::Lazy<regex::Regex> = once_cell::sync::Lazy::new(|| {
        regex::Regex::new(r"(?i)\bbrowser|navigateur|navegador|javascript|cookies|浏览器|瀏覽器|ブラウザ|브라우저").unwrap()
    });
    BROWSER.is_match(text)
}

/// A paragraph set wholly in bold: inside `<strong>`/`<b>`, or all its text in one.
fn is_wholly_bold(p: &NodeRef) -> bool {
    let bold = |n: &NodeRef| {
        n.node_name()
            .is_some_and(|t| t.eq_ignore_ascii_case("strong") || t.eq_ignore_ascii_case("b"))
    };
    if p.parent().is_some_and(|parent| bold(&parent)) {
        return true;
    }
    let children = p.element_children();
    children.len() == 1
        && bold(&children[0])
        && collapse(&children[0].text()) == collapse(&p.text())
}

/// The body with each standfirst it lacks (compared by letters and digits, the body's
/// Markdown escapes and links aside) as its first paragraph.
fn with_standfirsts(md: String, leads: &[(String, String)]) -> String {
    let body = crate::ingest::metadata::alnum_lower(&md);
    let missing: Vec<&String> = leads
        .iter()
        .filter(|(text, lead)| !lead.is_empty() && !body.contains(&opening_key(text)))
        .map(|(_, lead)| lead)
        .collect();
    if missing.is_empty() {
        return md;
    }
    let mut out = String::new();
    for lead in missing {
        out.push_str(lead);
        out.push_str("\n\n");
    }
    out.push_str(&md);
    out
}

/// A passage's first twelve words as letters and digits, to find it in a body whatever
/// the body's markup and escapes.
fn opening_key(s: &str) -> String {
    crate::ingest::metadata::alnum_lower(
        &s.split_whitespace().take(12).collect::<Vec<_>>().join(" "),
    )
}

fn has_text(md: &str) -> bool {
    md.chars().any(char::is_alphanumeric)
}

/// Resolve `href` to an absolute URL string, if possible.
pub(crate) fn resolve(href: &str, base: Option<&Url>) -> Option<Url> {
    if href.is_empty() {
        return None;
    }
    match Url::parse(href) {
        Ok(u) => Some(u),
        Err(url::ParseError::RelativeUrlWithoutBase) => base.and_then(|b| b.join(href).ok()),
        Err(_) => None,
    }
}

/// Collapse HTML whitespace runs to one space and trim.
pub(crate) fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s
        .split(|c: char| c.is_whitespace())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// Text of `n` with its text nodes kept apart (menu items do not glue).
fn spaced_text(n: &NodeRef) -> String {
    let mut s = String::new();
    for d in n.descendants_it() {
        if d.is_text()
            && !d.ancestors_it(None).any(|a| {
                a.node_name().is_some_and(|x| {
                    matches!(
                        x.to_ascii_lowercase().as_str(),
                        "script" | "style" | "noscript" | "template"
                    )
                })
            })
        {
            s.push(' ');
            s.push_str(&d.text());
        }
    }
    s
}

fn summary(text: &str) -> String {
    let t = collapse(text);
    let mut out = String::new();
    for w in t.split(' ') {
        if out.len() + w.len() > 60 {
            out.push_str(" …");
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// Which kind of chrome an element is, if any.
fn chrome_kind(n: &NodeRef, body_len: usize) -> Option<&'static str> {
    // A landmark that holds the page's text is not chrome, whatever it is called: a site
    // may wrap its article in an aside or a "complementary" region (kremlin.ru does).
    // Asked only of what would be chrome: it walks the element's whole subtree.
    let kind = chrome_kind_by_markup(n, body_len)?;
    (!holds_the_text(n, body_len)).then_some(kind)
}

/// Which kind of chrome an element is by its name, role, classes and share of the text.
fn chrome_kind_by_markup(n: &NodeRef, body_len: usize) -> Option<&'static str> {
    let name = n.node_name()?.to_ascii_lowercase();
    let role = n
        .attr("role")
        .map(|r| r.to_ascii_lowercase())
        .unwrap_or_default();
    let in_article = || {
        n.ancestors_it(None).any(|a| {
            a.node_name().is_some_and(|x| {
                x.eq_ignore_ascii_case("article") || x.eq_ignore_ascii_case("main")
            })
        })
    };
    match name.as_str() {
        "nav" => return Some("nav"),
        "aside" => return Some("aside"),
        "footer" => return Some("footer"),
        "header"
            if !in_article()
                && !n
                    .descendants_it()
                    .any(|d| d.node_name().is_some_and(|x| x.eq_ignore_ascii_case("h1"))) =>
        {
            return Some("header")
        }
        _ => {}
    }
    match role.as_str() {
        "navigation" | "menubar" | "menu" => return Some("nav"),
        "contentinfo" => return Some("footer"),
        "complementary" => return Some("aside"),
        "search" => return Some("search"),
        _ => {}
    }
    let len = || n.text().chars().filter(|c| !c.is_whitespace()).count();
    // Small share of the page only: never drop the element holding the text.
    let small = |max: usize| {
        let l = len();
        l <= max && (body_len == 0 || l * 10 < body_len * 4)
    };
    if name == "form" {
        return small(600).then_some("form");
    }
    let mut words = String::new();
    for a in ["id", "class", "aria-label"] {
        if let Some(v) = n.attr(a) {
            words.push(' ');
            words.push_str(&v.to_ascii_lowercase());
        }
    }
    if matches!(name.as_str(), "body" | "html" | "main" | "article") {
        return None;
    }
    // Text for screen readers only ("Photo" over a picture, "Opens in a new window"), or
    // hidden: a reader of the page never sees it.
    let hidden = n.attr("hidden").is_some()
        || n.attr("aria-hidden").is_some_and(|v| v.as_ref() == "true")
        || n.attr("style").is_some_and(|v| {
            let v = v.to_ascii_lowercase().replace(' ', "");
            v.contains("display:none") || v.contains("visibility:hidden")
        });
    if hidden && small(300) {
        return Some("hidden text");
    }
    const RULES: &[(&str, &str, usize)] = &[
        ("visually-hidden", "hidden text", 200),
        ("visuallyhidden", "hidden text", 200),
        ("sr-only", "hidden text", 200),
        ("screen-reader", "hidden text", 200),
        ("cookie", "cookie banner", 1500),
        ("consent", "cookie banner", 1500),
        ("gdpr", "cookie banner", 1500),
        ("breadcrumb", "breadcrumbs", 300),
        ("newsletter", "newsletter", 600),
        ("subscribe", "newsletter", 600),
        ("signup", "newsletter", 600),
        ("share", "share buttons", 300),
        ("social", "share buttons", 300),
        ("related", "related", 2000),
        ("sidebar", "sidebar", 4000),
        ("comment", "comments", 20000),
        ("disqus", "comments", 20000),
        ("skip-link", "skip link", 100),
        ("skip-to", "skip link", 100),
        // A text-size switcher ("Размер текста А А А") and a view counter ("Visto 314
        // veces"): controls and counts of the site, not the article's words.
        ("fontsize", "text size controls", 120),
        ("font-size", "text size controls", 120),
        ("textsize", "text size controls", 120),
        ("text-size", "text size controls", 120),
        ("viewcount", "view counter", 60),
        ("view-count", "view counter", 60),
        ("vistas", "view counter", 60),
        ("pageviews", "view counter", 60),
        ("hitcount", "view counter", 60),
    ];
    for (key, label, max) in RULES {
        if words.contains(key) && small(*max) {
            return Some(label);
        }
    }
    (matches!(role.as_str(), "dialog" | "alertdialog")
        || n.attr("aria-modal").is_some_and(|v| v.as_ref() == "true"))
    .then_some("dialog")
}

/// `n` holds the page's article (a `<main>` or a schema.org `articleBody` inside it) or
/// most of its text. (An `<article>` alone is no proof: related-story teasers are
/// articles too.)
fn holds_the_text(n: &NodeRef, body_len: usize) -> bool {
    let is_content = |d: &NodeRef| {
        d.node_name()
            .is_some_and(|x| x.eq_ignore_ascii_case("main"))
            || d.attr("itemprop")
                .is_some_and(|v| v.as_ref() == "articleBody")
            || d.attr("role")
                .is_some_and(|v| v.eq_ignore_ascii_case("main"))
    };
    if n.descendants_it().any(|d| d.id != n.id && is_content(&d)) {
        return true;
    }
    let len = n.text().chars().filter(|c| !c.is_whitespace()).count();
    body_len > 2000 && len * 2 > body_len
}

/// A short element classed "header" that heads each of many blocks of the text (a
/// parliament's record heads every contribution with the member's name: `<div
/// class="header">Andy Carter (Warrington South) (Con)</div>`) is the text's, not the
/// page's: Readability drops whatever a class calls a header, and 549 speakers had lost
/// their names. Its class is renamed so Readability keeps it; a page header, which comes
/// once, is left to it.
fn keep_repeated_subheaders(doc: &Document) {
    let headed: Vec<NodeRef> = doc
        .select("div[class], span[class], p[class]")
        .nodes()
        .iter()
        .filter(|n| {
            n.attr("class").is_some_and(|c| {
                c.split_whitespace()
                    .any(|t| t.eq_ignore_ascii_case("header"))
            })
        })
        .copied()
        .collect();
    if headed.len() < 3 {
        return;
    }
    for n in headed {
        let own = n.text().chars().filter(|c| !c.is_whitespace()).count();
        let block = n.parent().map_or(0, |p| {
            p.text().chars().filter(|c| !c.is_whitespace()).count()
        });
        if (1..=200).contains(&own) && block > 3 * own {
            // Its parts (the name, the constituency and party) as one line of text: a
            // link to the member's page would make it all link, which Readability drops
            // too. (Removed share controls inside it are gone already.)
            let words = collapse(&spaced_text(&n));
            let escaped = words
                .replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;");
            n.set_html(format!("<p>{escaped}</p>"));
            let class = n.attr("class").unwrap_or_default();
            let renamed: Vec<&str> = class
                .split_whitespace()
                .map(|t| {
                    if t.eq_ignore_ascii_case("header") {
                        "subheading"
                    } else {
                        t
                    }
                })
                .collect();
            n.set_attr("class", &renamed.join(" "));
        }
    }
}

/// Readability takes any short element whose class or id contains "author" for the
/// byline and removes it from the text: a heading's generated id does ("6.1.1
/// Authentication and authorization", `id="611-authentication-and-authorization"`; a
/// "Supervisory authority" section would too), and the heading was lost. "authori..."
/// (authority, authorization, authoritative) in a class or id is no author: renamed.
fn defuse_false_bylines(doc: &Document) {
    for n in doc.select("[id*=authori], [class*=authori]").nodes() {
        for attr in ["id", "class"] {
            if let Some(v) = n.attr(attr) {
                if v.contains("authori") {
                    n.set_attr(attr, &v.replace("authori", "auth-ori"));
                }
            }
        }
    }
}

/// Remove the page chrome from `doc`, returning a description of each removal.
fn remove_chrome(doc: &Document) -> Vec<String> {
    let Some(body) = doc.body() else {
        return Vec::new();
    };
    let body_len = body.text().chars().filter(|c| !c.is_whitespace()).count();
    let mut dropped = Vec::new();
    for n in body.descendants() {
        if !n.is_element() || !n.ancestors_it(None).any(|a| a.is_document()) {
            continue;
        }
        if let Some(kind) = chrome_kind(&n, body_len) {
            let text = summary(&spaced_text(&n));
            if dropped.len() < 50 {
                dropped.push(if text.is_empty() {
                    format!("{kind}: (no text)")
                } else {
                    format!("{kind}: {text}")
                });
            }
            n.remove_from_parent();
        }
    }
    dropped
}

#[cfg(test)]
mod tests;
