//! Page metadata: `<meta>`, `<link>`, JSON-LD, `<html lang>`, `<time>`.

use dom_query::Document;
use once_cell::sync::Lazy;
use once_cell::unsync::OnceCell;
use regex::Regex;
use serde_json::Value;
use url::Url;

use super::{collapse, resolve, HtmlMeta};

/// Content of the first `<meta>` whose `property`/`name`/`itemprop` is one
/// of `keys` (case-insensitive), non-empty.
fn meta_content(doc: &Document, keys: &[&str]) -> Option<String> {
    meta_all(doc, keys).into_iter().next()
}

/// Meta names compare in any case, and Dublin Core's prefix with a dot or a colon
/// (`DC.date`, `DC:date`, `dcterms:issued` are all written).
fn same_meta_name(name: &str, key: &str) -> bool {
    let dotted = |s: &str| {
        let lower = s.to_ascii_lowercase();
        for prefix in ["dc:", "dcterms:"] {
            if let Some(rest) = lower.strip_prefix(prefix) {
                return format!("{}.{rest}", &prefix[..prefix.len() - 1]);
            }
        }
        lower
    };
    name.eq_ignore_ascii_case(key) || dotted(name) == dotted(key)
}

fn meta_all(doc: &Document, keys: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    for key in keys {
        for m in doc.select("meta").nodes() {
            let hit = ["property", "name", "itemprop", "http-equiv"]
                .iter()
                .any(|a| m.attr(a).is_some_and(|v| same_meta_name(v.trim(), key)));
            if hit {
                if let Some(c) = m.attr("content") {
                    let c = collapse(&c);
                    if !c.is_empty() {
                        out.push(c);
                    }
                }
            }
        }
    }
    out
}

/// All JSON-LD objects of the page, flattened (arrays and `@graph`).
fn json_ld(doc: &Document) -> Vec<Value> {
    fn flatten(v: Value, out: &mut Vec<Value>) {
        match v {
            Value::Array(a) => a.into_iter().for_each(|x| flatten(x, out)),
            Value::Object(mut o) => {
                if let Some(g) = o.remove("@graph") {
                    flatten(g, out);
                }
                out.push(Value::Object(o));
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    for s in doc.select(r#"script[type="application/ld+json"]"#).nodes() {
        let raw = s.text();
        let t = raw
            .trim()
            .trim_start_matches("//<![CDATA[")
            .trim_start_matches("<![CDATA[")
            .trim_end_matches("//]]>")
            .trim_end_matches("]]>");
        if let Ok(mut v) = serde_json::from_str::<Value>(t) {
            decode_entities_in(&mut v);
            flatten(v, &mut out);
        }
    }
    // Article-like objects first.
    let rank = |v: &Value| {
        let t = match v.get("@type") {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Array(a)) => a
                .iter()
                .filter_map(Value::as_str)
                .collect::<Vec<_>>()
                .join(" "),
            _ => String::new(),
        };
        if [
            "Article",
            "Posting",
            "Report",
            "Legislation",
            "Speech",
            "Blog",
        ]
        .iter()
        .any(|k| t.contains(k))
        {
            0
        } else if t.contains("WebPage") || t.contains("CreativeWork") {
            1
        } else {
            2
        }
    };
    out.sort_by_key(rank);
    out
}

/// JSON-LD is script text, which the HTML parser leaves as written, and sites often
/// write its strings HTML-escaped ("Privacy &amp; Technology"): decoded here.
fn decode_entities_in(v: &mut Value) {
    match v {
        Value::String(s) if s.contains('&') => *s = decode_entities(s),
        Value::Array(a) => a.iter_mut().for_each(decode_entities_in),
        Value::Object(o) => o.values_mut().for_each(decode_entities_in),
        _ => {}
    }
}

/// `&amp;`, `&quot;`, `&#8217;`, `&#x2019;` and the like, as a browser reads them.
fn decode_entities(s: &str) -> String {
    static ENTITY: Lazy<Regex> =
        Lazy::new(|| Regex::new(r"&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});").unwrap());
    ENTITY
        .replace_all(s, |c: &regex::Captures| {
            let e = &c[1];
            let decoded = if let Some(hex) = e.strip_prefix("#x").or_else(|| e.strip_prefix("#X")) {
                u32::from_str_radix(hex, 16).ok().and_then(char::from_u32)
            } else if let Some(dec) = e.strip_prefix('#') {
                dec.parse().ok().and_then(char::from_u32)
            } else {
                match e {
                    "amp" => Some('&'),
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    "quot" => Some('"'),
                    "apos" => Some('\''),
                    "nbsp" => Some('\u{a0}'),
                    "rsquo" => Some('’'),
                    "lsquo" => Some('‘'),
                    "rdquo" => Some('”'),
                    "ldquo" => Some('“'),
                    "ndash" => Some('–'),
                    "mdash" => Some('—'),
                    "hellip" => Some('…'),
                    _ => None,
                }
            };
            decoded.map_or_else(|| c[0].to_string(), String::from)
        })
        .into_owned()
}

fn ld_str(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(collapse(s)).filter(|s| !s.is_empty()),
        Value::Object(o) => o.get("name").and_then(ld_str),
        Value::Array(a) => a.iter().find_map(ld_str),
        _ => None,
    }
}

fn ld_names(v: &Value, graph: &[Value], out: &mut Vec<String>) {
    match v {
        Value::String(s) => out.push(collapse(s)),
        Value::Array(a) => a.iter().for_each(|x| ld_names(x, graph, out)),
        Value::Object(o) => {
            if let Some(n) = o.get("name").and_then(ld_str) {
                out.push(n);
            } else if let Some(id) = o.get("@id").and_then(Value::as_str) {
                if let Some(n) = graph
                    .iter()
                    .find(|g| g.get("@id").and_then(Value::as_str) == Some(id))
                    .and_then(|g| g.get("name"))
                    .and_then(ld_str)
                {
                    out.push(n);
                }
            }
        }
        _ => {}
    }
}

/// What a fact-check reviews, as its schema.org `ClaimReview` gives it (the markup
/// fact-checkers publish for search engines): the claim's words and the verdict's name
/// ("False", "Mostly true"), when the page has one.
fn claim_review(ld: &[Value]) -> Option<(String, Option<String>)> {
    let review = ld.iter().find(|v| match v.get("@type") {
        Some(Value::String(t)) => t == "ClaimReview",
        Some(Value::Array(a)) => a.iter().any(|t| t.as_str() == Some("ClaimReview")),
        _ => false,
    })?;
    let claim = review.get("claimReviewed").and_then(ld_str)?;
    let verdict = review
        .get("reviewRating")
        .and_then(|r| r.get("alternateName"))
        .and_then(ld_str);
    Some((claim, verdict))
}

fn ld_field(ld: &[Value], key: &str) -> Option<String> {
    ld.iter().filter_map(|o| o.get(key)).find_map(ld_str)
}

/// What sites set between a page title's headline and their own name.
const TITLE_SEPS: &[&str] = &[" | ", " - ", " – ", " — ", " :: ", " · ", " » ", " / "];

/// Whether `part` stands at one end of the page title `title`, set apart from a longer
/// rest by a separator ("Site » Headline", "Headline | Site").
fn is_site_part(title: &str, part: &str) -> bool {
    TITLE_SEPS.iter().any(|sep| {
        let rest = title
            .strip_prefix(&format!("{part}{sep}"))
            .or_else(|| title.strip_suffix(&format!("{sep}{part}")));
        rest.is_some_and(|r| r.len() > part.len())
    })
}

/// The site's name a page title sets after its headline ("Headline - Bundeskanzleramt
/// Österreich"): one to four words after a separator, when the title is the headline and
/// that name. Of a section and the site ("News | European Parliament", "BBC中文网 - 两岸三地")
/// the longer part is the site's.
fn site_after_headline(page_title: Option<&str>, headline: Option<&str>) -> Option<String> {
    let (t, h) = (collapse(page_title?), collapse(headline?));
    let rest = t.strip_prefix(h.as_str())?;
    let rest = TITLE_SEPS.iter().find_map(|sep| rest.strip_prefix(sep))?;
    let parts = TITLE_SEPS
        .iter()
        .fold(rest.to_string(), |r, sep| r.replace(sep, "\u{1f}"));
    let name = parts
        .split('\u{1f}')
        .map(str::trim)
        .max_by_key(|p| p.chars().count())?;
    let words = name.split_whitespace().count();
    ((1..=4).contains(&words) && name.chars().any(char::is_alphabetic) && norm_date(name).is_none())
        .then(|| name.to_string())
}

/// Strip a site suffix/prefix ("Headline | Site", "Site - Headline").
pub(crate) fn clean_title(raw: &str, site: Option<&str>) -> String {
    let t = collapse(raw);
    if let Some(site) = site.map(collapse).filter(|s| !s.is_empty()) {
        let tl = t.to_lowercase();
        let sl = site.to_lowercase();
        for sep in TITLE_SEPS {
            if let Some(head) = tl.strip_suffix(&format!("{sep}{sl}")) {
                return t[..head.len()].trim().to_string();
            }
            if tl.starts_with(&format!("{sl}{sep}")) {
                return t[sl.len() + sep.len()..].trim().to_string();
            }
        }
        // The site's name set against the headline without spaces ("NEWS WEB
        // EASY|子どもへの…", "Headline｜Site").
        const BARE: &[char] = &['|', '｜', '–', '—', '·', '»', '/', ':'];
        if tl.starts_with(&sl) && t.is_char_boundary(sl.len()) {
            let rest = t[sl.len()..].trim_start();
            if let Some(r) = rest.strip_prefix(BARE) {
                if !r.trim().is_empty() {
                    return r.trim().to_string();
                }
            }
        }
        if tl.ends_with(&sl) && t.is_char_boundary(t.len() - sl.len()) {
            let rest = t[..t.len() - sl.len()].trim_end();
            if let Some(r) = rest.strip_suffix(BARE) {
                if !r.trim().is_empty() {
                    return r.trim().to_string();
                }
            }
        }
    }
    // Without a known site name: "Headline | Site" when the head has enough words to
    // be a headline, as many times as the page adds parts ("Headline | DW |
    // 19.01.2020").
    let mut stripped = false;
    let mut t = t;
    'parts: loop {
        for sep in TITLE_SEPS {
            if let Some(i) = t.rfind(sep) {
                let head = t[..i].trim();
                let tail = t[i + sep.len()..].trim();
                if head.split(' ').count() >= 3 && tail.split(' ').count() <= 4 {
                    t = head.to_string();
                    stripped = true;
                    continue 'parts;
                }
            }
        }
        break;
    }
    if stripped {
        return t;
    }
    // "Site | Headline" (a ministry's "BMJV | Transparenz bei Preisanpassungen"): a
    // name of one or two words before a headline of three or more. Only after the
    // separators sites use: "Ukraine – Statement by ..." keeps its country.
    for sep in [" | ", " :: ", " » "] {
        if let Some(i) = t.find(sep) {
            let head = t[..i].trim();
            let tail = t[i + sep.len()..].trim();
            if head.split(' ').count() <= 2
                && tail.split(' ').count() >= 3
                && !TITLE_SEPS.iter().any(|s| tail.contains(s))
            {
                return tail.to_string();
            }
        }
    }
    t
}

const MONTHS: &[(&str, u32)] = &[
    ("jan", 1),
    ("janv", 1),
    ("ene", 1),
    ("feb", 2),
    ("fév", 2),
    ("fev", 2),
    ("févr", 2),
    ("mar", 3),
    ("mär", 3),
    ("mars", 3),
    ("apr", 4),
    ("avr", 4),
    ("abr", 4),
    ("may", 5),
    ("mai", 5),
    ("jun", 6),
    ("juin", 6),
    ("jul", 7),
    ("juil", 7),
    ("aug", 8),
    ("aoû", 8),
    ("aou", 8),
    ("ago", 8),
    ("sep", 9),
    ("sept", 9),
    ("oct", 10),
    ("okt", 10),
    ("nov", 11),
    ("dec", 12),
    ("déc", 12),
    ("dez", 12),
    ("dic", 12),
];

fn month_of(word: &str) -> Option<u32> {
    let w = word.to_lowercase();
    let w = w.trim_end_matches('.');
    if w.chars().count() < 3 {
        return None;
    }
    let prefix: String = w.chars().take(3).collect();
    MONTHS
        .iter()
        .find(|(m, _)| *m == prefix || *m == w)
        .map(|&(_, n)| n)
}

/// Normalise a date to `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
pub(crate) fn norm_date(s: &str) -> Option<String> {
    let s = s.trim();
    let b = s.as_bytes();
    let digits = |from: usize, n: usize| -> Option<u32> {
        let part = b.get(from..from + n)?;
        part.iter()
            .all(u8::is_ascii_digit)
            .then(|| std::str::from_utf8(part).ok()?.parse().ok())?
    };
    if let Some(y) = digits(0, 4).filter(|y| (1000..=2999).contains(y)) {
        let sep = b.get(4).copied();
        if b.len() == 4 || !sep.is_some_and(|c| c.is_ascii_digit()) {
            if matches!(sep, Some(b'-') | Some(b'/') | Some(b'.')) {
                if let Some(m) = digits(5, 2).filter(|m| (1..=12).contains(m)) {
                    if b.get(7) == sep.as_ref() {
                        if let Some(d) = digits(8, 2).filter(|d| (1..=31).contains(d)) {
                            return Some(format!("{y:04}-{m:02}-{d:02}"));
                        }
                    }
                    return Some(format!("{y:04}-{m:02}"));
                }
            }
            if b.len() == 4 || sep.is_some_and(|c| c == b'T' || c == b' ') {
                return Some(format!("{y:04}"));
            }
        } else if b.len() >= 8 && digits(0, 8).is_some() && (b.len() == 8 || b[8] == b'T') {
            // 20181112
            let (m, d) = (digits(4, 2)?, digits(6, 2)?);
            if (1..=12).contains(&m) && (1..=31).contains(&d) {
                return Some(format!("{y:04}-{m:02}-{d:02}"));
            }
        }
    }
    // "07.12.2017": day first, as the dotted form always is.
    static DOTTED: Lazy<Regex> =
        Lazy::new(|| Regex::new(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$").unwrap());
    if let Some(c) = DOTTED.captures(s) {
        let (d, m, y): (u32, u32, u32) =
            (c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?);
        return ((1..=12).contains(&m) && (1..=31).contains(&d))
            .then(|| format!("{y:04}-{m:02}-{d:02}"));
    }
    // Words: "12 November 2018", "November 12, 2018", "1er novembre 2018".
    let (mut year, mut month, mut day) = (None, None, None);
    for w in s.split(|c: char| c.is_whitespace() || c == ',' || c == '/') {
        let w = w.trim_matches(|c: char| c == '.' || c == ',');
        if w.is_empty() {
            continue;
        }
        let num: String = w.chars().take_while(char::is_ascii_digit).collect();
        if !num.is_empty() {
            let rest = &w[num.len()..];
            let n: u32 = num.parse().ok()?;
            if num.len() == 4 && year.is_none() && (1000..=2999).contains(&n) {
                year = Some(n);
            } else if num.len() <= 2
                && day.is_none()
                && (1..=31).contains(&n)
                && (rest.is_empty() || ["st", "nd", "rd", "th", "er", "."].contains(&rest))
            {
                day = Some(n);
            }
        } else if month.is_none() {
            month = month_of(w);
        }
    }
    match (year, month, day) {
        (Some(y), Some(m), Some(d)) => Some(format!("{y:04}-{m:02}-{d:02}")),
        (Some(y), Some(m), None) => Some(format!("{y:04}-{m:02}")),
        _ => None,
    }
}

fn push_unique(v: &mut Vec<String>, s: String) {
    // A CMS may put markup in a meta value ("<a href=...>Mateusz Gniazdowski</a>") or an
    // empty value's placeholder ("null").
    static TAG: Lazy<Regex> = Lazy::new(|| Regex::new(r"<[^<>]*>").unwrap());
    let s = collapse(&TAG.replace_all(&s, " "));
    let placeholder = [
        "null",
        "undefined",
        "none",
        "n/a",
        "nan",
        "admin",
        "administrator",
    ]
    .contains(&s.to_lowercase().as_str());
    if s.is_empty() || s.len() > 200 || looks_like_url(&s) || placeholder {
        return;
    }
    if !v.iter().any(|x| x.eq_ignore_ascii_case(&s)) {
        v.push(s);
    }
}

fn looks_like_url(s: &str) -> bool {
    let l = s.to_ascii_lowercase();
    l.starts_with("http://")
        || l.starts_with("https://")
        || l.starts_with("www.")
        || l.starts_with('/')
}

/// Split "A; B" / "A, B" (when each part has at least two words) into names.
fn split_names(s: &str) -> Vec<String> {
    // "Martin Untersinger (avec Damien Leloup et Morgane Tual)": the names in the
    // parenthesis are authors too.
    static WITH: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"(?i)\s*\((?:avec|with|con|mit|com|and)\s+([^()]+)\)\s*$").unwrap()
    });
    let s = &WITH.replace(s, "; $1");
    let parts: Vec<&str> = s
        .split([';', '|'])
        .flat_map(|p| p.split(" and "))
        .flat_map(split_person_pair)
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    let mut out = Vec::new();
    for p in parts {
        // A ministry's name has commas of its own ("Eidgenössisches Departement für
        // Wirtschaft, Bildung und Forschung WBF"): one name, an organisation's.
        let first = p.split(',').next().unwrap_or(p);
        if p.contains(',') && crate::ingest::fields::is_organisation_name(first) {
            out.push(p.to_string());
            continue;
        }
        let commas: Vec<&str> = p
            .split(',')
            .map(str::trim)
            .filter(|x| !x.is_empty())
            .collect();
        if commas.len() > 1 && commas.iter().all(|c| c.split(' ').count() >= 2) {
            out.extend(commas.into_iter().map(String::from));
        } else {
            out.push(p.to_string());
        }
    }
    out
}

/// "Andrés Malamud y Martín Schapiro", "Damien Leloup et Morgane Tual": two people, each
/// a name of two to four capitalised words; "Ministère de l'Europe et des Affaires
/// étrangères" stays whole.
fn split_person_pair(s: &str) -> Vec<&str> {
    let is_name = |p: &str| {
        let words: Vec<&str> = p.split_whitespace().collect();
        (2..=4).contains(&words.len())
            && words
                .iter()
                .all(|w| w.starts_with(|c: char| c.is_uppercase()))
    };
    for and in [" et ", " y ", " und ", " e "] {
        if let Some((a, b)) = s.split_once(and) {
            if is_name(a.trim()) && is_name(b.trim()) {
                return vec![a, b];
            }
        }
    }
    vec![s]
}

fn strip_by(s: &str) -> String {
    // "By Jane Doe", "Written by: Jane Doe", "Author: Jane Doe", "Por: Juan Pérez".
    static LABEL: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"(?i)^(?:(?:written|posted|reported|published|text|story)\s+by|by|par|von|por|autor(?:es|a)?|auteur(?:e|s)?|author(?:s)?|r[ée]daction)\s*:?\s+").unwrap()
    });
    let t = collapse(s);
    match LABEL.find(&t) {
        Some(m) if m.end() < t.len() => t[m.end()..].trim().to_string(),
        _ => t,
    }
}

/// The page's visible words (letters and digits, lowercased), to tell a name the page
/// prints from one only its metadata holds; computed once a page, when first needed.
pub(crate) fn printed_text<'a>(doc: &Document, cell: &'a OnceCell<String>) -> &'a str {
    cell.get_or_init(|| crate::ingest::metadata::alnum_lower(&doc.select("body").text()))
}

/// The page's metadata. `printed` holds the page's visible words once something needs
/// them (see [`printed_text`]).
pub(crate) fn extract(doc: &Document, base: Option<&Url>, printed: &OnceCell<String>) -> HtmlMeta {
    let ld = json_ld(doc);
    let mut m = HtmlMeta {
        site_name: meta_content(doc, &["og:site_name"]),
        claim_review: claim_review(&ld),
        ..Default::default()
    };

    // Title.
    let h1s: Vec<String> = doc
        .select("h1")
        .nodes()
        .iter()
        .map(|n| collapse(&super::markdown::heading_text(n)))
        .filter(|t| !t.is_empty())
        .collect();
    let article_h1 = doc
        .select("article h1, main h1, [role=main] h1")
        .nodes()
        .iter()
        .map(|n| collapse(&super::markdown::heading_text(n)))
        .find(|t| !t.is_empty());
    let page_title = doc
        .select("title")
        .nodes()
        .first()
        .map(|n| collapse(&n.text()))
        .filter(|t| !t.is_empty());
    // A heading the <title> holds is the headline, unless it is the part of the title a
    // separator sets apart from the rest: the site's name ("<h1>Internet-Law</h1>" in
    // "Internet-Law » Verstößt der Ausschluss ...").
    let h1_in_title = page_title.as_ref().and_then(|t| {
        let t = t.to_lowercase();
        h1s.iter()
            .find(|h| {
                let h = h.to_lowercase();
                h.len() >= 8 && t.contains(&h) && !is_site_part(&t, &h)
            })
            .cloned()
    });
    // "Una solución no violenta ... - 07.12.2017 - LA NACION": a part of the <title>
    // that is a date, the last resort for the date.
    let title_date = page_title.as_deref().and_then(|t| {
        let parts = [" - ", " | ", " – ", " — "]
            .iter()
            .fold(t.to_string(), |t, sep| t.replace(sep, "\u{1f}"));
        parts.split('\u{1f}').skip(1).find_map(norm_date)
    });
    // A title the page also sets as its headline is whole: "Rosyjskie zamachy w Czechach –
    // kontekst krajowy, implikacje, perspektywy" has no site part to strip.
    let headline = |t: &str| h1s.iter().any(|h| collapse(h) == collapse(t));
    // A headline that the shared title repeats with a bracketed addition (a picture's
    // credit: "米朝首脳直通電話 習氏に挑むトランプ戦術の成否（写真＝ロイター）") is the title.
    // (The headline may carry its byline after it: "... 編集委員 中沢克二".)
    let credited = |t: &str| {
        let t = collapse(t);
        let open = ['（', '(', '['].iter().filter_map(|b| t.rfind(*b)).max()?;
        let closes = t.ends_with(['）', ')', ']']);
        let bare = t[..open].trim();
        (closes && bare.chars().count() >= 8 && h1s.iter().any(|h| collapse(h).starts_with(bare)))
            .then(|| bare.to_string())
    };
    // A headline that the shared title runs on from with a separator and keywords or a
    // site ("...公墓送别_中国共产党_哀悼_前往", "Headline - Ministry"): the headline.
    let tagged = |t: &str| {
        let t = collapse(t);
        h1s.iter()
            .map(|h| collapse(h))
            .filter(|h| h.chars().count() >= 8)
            .find(|h| {
                t.strip_prefix(h.as_str()).is_some_and(|rest| {
                    rest.trim_start()
                        .starts_with(['_', '|', '｜', '-', '–', '—', '·', '»', ':'])
                })
            })
    };
    m.title = meta_content(doc, &["og:title"])
        .map(|t| {
            if headline(&t) {
                collapse(&t)
            } else if let Some(h) = credited(&t) {
                h
            } else if let Some(h) = tagged(&t) {
                h
            } else {
                clean_title(&t, m.site_name.as_deref())
            }
        })
        .or_else(|| ld_field(&ld, "headline"))
        .or_else(|| meta_content(doc, &["twitter:title", "dc.title", "dcterms.title"]))
        .or(article_h1)
        .or(h1_in_title)
        .or_else(|| {
            page_title
                .as_deref()
                .map(|t| clean_title(t, m.site_name.as_deref()))
        })
        .or_else(|| (h1s.len() == 1).then(|| h1s[0].clone()))
        .filter(|t| !t.is_empty());
    // A page without og:site_name names its site after the headline in its title
    // ("... gestalten - Bundeskanzleramt Österreich"): that name, a few words set apart.
    if m.site_name.is_none() {
        m.site_name = site_after_headline(
            meta_content(doc, &["og:title"])
                .or(page_title.clone())
                .as_deref(),
            m.title.as_deref(),
        );
    }

    // Date.
    let time_el = doc
        .select(
            "article time[datetime], main time[datetime], time[pubdate][datetime], time[datetime]",
        )
        .nodes()
        .first()
        .and_then(|n| n.attr("datetime"))
        .map(|s| s.to_string());
    m.published = meta_content(doc, &["article:published_time"])
        .and_then(|d| norm_date(&d))
        .or_else(|| {
            ld.iter()
                .filter_map(|o| o.get("datePublished"))
                .find_map(|v| ld_str(v).and_then(|d| norm_date(&d)))
        })
        .or_else(|| {
            meta_all(
                doc,
                &[
                    "datePublished",
                    "date",
                    "dc.date",
                    "dc.date.issued",
                    "dcterms.date",
                    "dcterms.issued",
                    "dcterms.created",
                    "citation_publication_date",
                    "citation_date",
                    "bepress_citation_date",
                    "pubdate",
                    "publishdate",
                    "publish-date",
                    "publish_date",
                    "publishtime",
                    "publish_time",
                    "date_published",
                    "release_date",
                    "og:published_time",
                    "parsely-pub-date",
                    "sailthru.date",
                ],
            )
            .iter()
            .find_map(|d| norm_date(d))
        })
        // "Published on 06 November 2025" in an element of its own, before the first
        // `<time>`, which may be a related story's (a central bank's minutes had been
        // dated by a teaser four months on).
        .or_else(|| published_on_text(doc))
        .or_else(|| time_el.and_then(|d| norm_date(&d)))
        // A date a portal keeps in an attribute of the element that shows it ("입력
        // 2023.11.02. 오후 8:06" with data-date-time="2023-11-02 20:06:13").
        .or_else(|| {
            [
                "data-date-time",
                "data-datetime",
                "data-published",
                "data-publish-date",
            ]
            .iter()
            .find_map(|a| doc.select(&format!("[{a}]")).attr(a))
            .and_then(|d| norm_date(&d))
        })
        // The hAtom microformat of older blogs and CMSs: <abbr class="published"
        // title="2019-09-11T12:30:39Z">.
        .or_else(|| {
            doc.select("abbr.published[title], .hentry .published[title], abbr.updated[title]")
                .attr("title")
                .and_then(|d| norm_date(&d))
        })
        .or(title_date);
    {
        // The article's own date before any other on the page (a sidebar's items have
        // dates too); also when the metadata has one, which may be a UTC timestamp a day
        // off the day the page shows (see `readers::page_date`).
        const DATED: [&str; 10] = [
            ".date",
            // A class whose name ends in a "date" segment ("o-metadata--date",
            // "c-article__date"); never "update" or "candidate".
            "[class$=\"-date\"], [class$=\"_date\"], [class*=\"-date \"], [class*=\"_date \"]",
            ".post-date",
            ".entry-date",
            ".article-date",
            ".posted-on",
            ".pubdate",
            ".published",
            ".dateline",
            ".news-date",
        ];
        let within = |scope: &str| {
            DATED
                .iter()
                .map(|c| format!("{scope} {c}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        m.date_text = ["article", "main", ".hentry", "[role=main]", ""]
            .iter()
            .find_map(|scope| {
                doc.select(within(scope).trim())
                    .nodes()
                    .iter()
                    .map(|n| collapse(&n.text()))
                    .find(|t| (6..=60).contains(&t.chars().count()))
            })
            .or_else(|| labelled_date_element(doc));
    }

    // Authors.
    let mut authors = Vec::new();
    for a in meta_all(doc, &["author", "citation_author"]) {
        for n in split_names(&a) {
            push_unique(&mut authors, strip_by(&n));
        }
    }
    // A content system's Dublin Core creator is whoever entered the page: an author only
    // where the page prints the name (an agency's news had the editor's name it never
    // shows as its author).
    for a in meta_all(doc, &["dc.creator", "dcterms.creator"]) {
        for n in split_names(&a) {
            let n = strip_by(&n);
            if printed_text(doc, printed).contains(&crate::ingest::metadata::alnum_lower(&n)) {
                push_unique(&mut authors, n);
            }
        }
    }
    for o in &ld {
        if let Some(a) = o.get("author").or_else(|| o.get("creator")) {
            let mut names = Vec::new();
            ld_names(a, &ld, &mut names);
            for n in names {
                push_unique(&mut authors, n);
            }
            break;
        }
    }
    for a in meta_all(doc, &["article:author"]) {
        push_unique(&mut authors, a);
    }
    m.authors = authors;

    m.description = meta_content(
        doc,
        &[
            "og:description",
            "description",
            "twitter:description",
            "dc.description",
        ],
    )
    .or_else(|| ld_field(&ld, "description"))
    .filter(|d| !describes_the_site(d))
    // "Fight for the Future is dedicated to ...": the site's name and what it is.
    .filter(|d| {
        m.site_name.as_deref().is_none_or(|site| {
            // "The European Central Bank (ECB) is the central bank of ...".
            let d = d.trim_start();
            let d = d.strip_prefix("The ").unwrap_or(d);
            let Some(rest) = d
                .get(..site.len())
                .filter(|head| head.eq_ignore_ascii_case(site))
                .map(|_| &d[site.len()..])
            else {
                return true;
            };
            static ACRONYM: Lazy<Regex> = Lazy::new(|| Regex::new(r"^ \([^()]{2,12}\)").unwrap());
            let rest = ACRONYM.find(rest).map_or(rest, |m| &rest[m.end()..]);
            ![" is ", " are ", " was ", " works ", " has "]
                .iter()
                .any(|v| rest.starts_with(v))
        })
    });

    let canon = doc
        .select(r#"link[rel~="canonical"]"#)
        .attr("href")
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .or_else(|| meta_content(doc, &["og:url"]));
    m.canonical_url = canon
        .map(|c| resolve(&c, base).map_or(c, |u| u.to_string()))
        .filter(|u| crate::ingest::readers::is_public_web_address(u));

    let lang = doc
        .select("html[lang]")
        .attr("lang")
        .map(|s| s.to_string())
        .or_else(|| {
            doc.select("html[xml\\:lang]")
                .attr("xml:lang")
                .map(|s| s.to_string())
        })
        .or_else(|| meta_content(doc, &["content-language", "dc.language", "og:locale"]))
        .or_else(|| ld_field(&ld, "inLanguage"));
    m.language = lang.and_then(|l| {
        let p = l
            .trim()
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        (p.len() >= 2 && p.len() <= 3 && p.chars().all(|c| c.is_ascii_alphabetic())).then_some(p)
    });

    m.publisher = ld
        .iter()
        .filter_map(|o| o.get("publisher"))
        .find_map(|p| {
            let mut names = Vec::new();
            ld_names(p, &ld, &mut names);
            names.into_iter().find(|n| !n.is_empty())
        })
        .or_else(|| {
            meta_content(
                doc,
                &[
                    "publisher",
                    "dc.publisher",
                    "dcterms.publisher",
                    "citation_publisher",
                ],
            )
        });

    let mut kw = Vec::new();
    for k in meta_all(doc, &["keywords", "news_keywords"]) {
        for p in k.split([',', ';']) {
            push_unique(&mut kw, p.to_string());
        }
    }
    for t in meta_all(doc, &["article:tag"]) {
        push_unique(&mut kw, t);
    }
    if kw.is_empty() {
        if let Some(k) = ld.iter().find_map(|o| o.get("keywords")) {
            match k {
                Value::String(s) => s
                    .split(',')
                    .for_each(|p| push_unique(&mut kw, p.to_string())),
                Value::Array(a) => a
                    .iter()
                    .filter_map(Value::as_str)
                    .for_each(|p| push_unique(&mut kw, p.to_string())),
                _ => {}
            }
        }
    }
    m.keywords = kw;
    m
}

/// Fill gaps from what Readability found. `printed` is the page's visible text (see
/// [`printed_text`]), there whenever the metadata gave no author: Readability takes a
/// byline from the metadata too, and a name there that the page never prints is a
/// content system's user, not the author.
pub(crate) fn merge_readability(
    m: &mut HtmlMeta,
    a: &dom_smoothie::Article,
    printed: Option<&str>,
) {
    if m.title.is_none() {
        let t = collapse(&a.title);
        if !t.is_empty() {
            m.title = Some(t);
        }
    }
    if m.authors.is_empty() {
        if let Some(b) = &a.byline {
            // "뉴스타파 | 네이버": a byline that ends on the site or portal carrying the
            // story names no one there.
            let b = match b.rsplit_once(" | ") {
                Some((names, _site)) => names,
                None => b.as_str(),
            };
            let printed = |n: &str| {
                printed.is_some_and(|p| p.contains(&crate::ingest::metadata::alnum_lower(n)))
            };
            merge_names(m, b, printed);
        }
    }
    if m.published.is_none() {
        m.published = a.published_time.as_deref().and_then(norm_date);
    }
    if m.site_name.is_none() {
        m.site_name = a
            .site_name
            .as_deref()
            .map(collapse)
            .filter(|s| !s.is_empty());
    }
}

/// The day an element of its own says the page was published: "Published on 06 November
/// 2025", "Veröffentlicht am 3. März 2021", "Publié le 12 mai 2024".
fn published_on_text(doc: &Document) -> Option<String> {
    static PUBLISHED: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"(?i)^(?:published|posted|publié|publiée|publicado|veröffentlicht|pubblicato)\s+(?:on|le|el|am|il)?\s*:?\s*(.{6,30})$").unwrap()
    });
    doc.select("body div, body p, body span")
        .nodes()
        .iter()
        .filter(|n| n.element_children().is_empty())
        .find_map(|n| {
            let t = collapse(&n.text());
            let c = PUBLISHED.captures(&t)?;
            crate::ingest::metadata::written_date(c.get(1)?.as_str())
                .filter(|d| d.day.is_some())
                .map(|d| d.to_string())
        })
}

/// A date the page labels in an element of its own: `<span>Data</span> <span>22 agosto
/// 2020</span>` (an Italian ministry's speech page), "Date" / "Datum" / "Fecha" /
/// "Published" over or beside the day. Gives the day's text, for the caller to read.
fn labelled_date_element(doc: &Document) -> Option<String> {
    const LABELS: &[&str] = &[
        "data",
        "date",
        "datum",
        "fecha",
        "published",
        "publication date",
        "date de publication",
        "data di pubblicazione",
        "veröffentlicht",
    ];
    doc.select("body span, body div, body dt, body p, body strong")
        .nodes()
        .iter()
        .filter(|n| {
            let t = collapse(&n.text()).to_lowercase();
            LABELS.contains(&t.trim_end_matches(':'))
        })
        .find_map(|n| {
            let next = n.next_element_sibling()?;
            let t = collapse(&next.text());
            ((6..=40).contains(&t.chars().count())
                && crate::ingest::metadata::written_date(&t).is_some_and(|d| d.day.is_some()))
            .then_some(t)
        })
}

/// The byline printed under the headline (see `headline_byline`): its names are the
/// authors, its day the page's date when nothing else gave one.
pub(crate) fn merge_byline(m: &mut HtmlMeta, byline: &str) {
    merge_names(m, byline, |_| true);
}

/// A byline's names as authors (those `keep` accepts) and its day as the date when the
/// page has none.
fn merge_names(m: &mut HtmlMeta, byline: &str, keep: impl Fn(&str) -> bool) {
    // "by Jeff Foust<br>Monday, November 18, 2019", read as one string: the day is the
    // page's date, not part of a name.
    let (b, day) = byline_day(byline);
    if m.published.is_none() {
        m.published = day;
    }
    let names = split_names(&strip_by(b));
    // A section's heading that Readability took for a byline because its anchor has
    // "author" in it ("6.1.1 Authentication and authorization"): a numbered line or a
    // word in lower case alone is no one's name, and then none of the line is.
    if names.iter().any(|n| !reads_as_a_name(n)) {
        return;
    }
    for n in names {
        if keep(&n) {
            push_unique(&mut m.authors, n);
        }
    }
}

/// A name as a byline writes one: no figures, opening on a capital (or a letter of a
/// script without case), six words at most.
fn reads_as_a_name(n: &str) -> bool {
    !n.chars().any(|c| c.is_ascii_digit())
        && n.chars()
            .find(|c| c.is_alphabetic())
            .is_some_and(|c| !c.is_lowercase())
        && n.split_whitespace().count() <= 6
}

/// The day a date element's text names, wherever in it ("Posted 12:40 EDT on October
/// 22, 2015", "Publié le 3 mars 2021 à 14h"): the text whole, else the day found in it.
pub(crate) fn day_in(text: &str) -> Option<String> {
    if let Some(d) = crate::ingest::metadata::written_date(text) {
        return Some(d.to_string());
    }
    byline_day(text).1
}

/// A byline's names and the day it gives after them, however they are joined ("by Jeff
/// FoustMonday, November 18, 2019", "By Louis Jacobson on Monday, November 18th, 2019"):
/// the names before the day, and the day.
fn byline_day(byline: &str) -> (&str, Option<String>) {
    static DAY: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+)?(?:(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{1,2}(?:st|nd|rd|th)?,?|\d{1,2}\s+(?:January|February|March|April|May|June|July|August|September|October|November|December))\s+\d{4}").unwrap()
    });
    let Some(m) = DAY.find(byline) else {
        return (byline, None);
    };
    let names = byline[..m.start()]
        .trim_end()
        .trim_end_matches([',', '|', '-', '–', '—', '·', '•'])
        .trim_end();
    let names = names.strip_suffix(" on").unwrap_or(names).trim_end();
    let day = crate::ingest::metadata::written_date(m.as_str()).map(|d| d.to_string());
    (names, day)
}

/// A description of the whole site a page kept in its `<meta name="description">` ("Official
/// website of U.S. Senator Patty Murray, ..."), said of every page: no summary of this one.
fn describes_the_site(description: &str) -> bool {
    const SITE: &[&str] = &[
        "official website of",
        "the official website of",
        "official site of",
        "the official site of",
        "welcome to the website of",
        "welcome to the official",
        "sitio oficial de",
        "sitio web oficial de",
        "página oficial de",
        "site officiel de",
        "site internet officiel",
        "offizielle website",
        "offizielle internetseite",
        "sito ufficiale",
    ];
    let d = description.trim().to_lowercase();
    SITE.iter().any(|s| d.starts_with(s))
}

#[cfg(test)]
mod byline_tests {
    use super::{byline_day, merge_names, HtmlMeta};

    #[test]
    fn a_bylines_day_is_the_pages_date_not_part_of_a_name() {
        assert_eq!(
            byline_day("by Jeff FoustMonday, November 18, 2019"),
            ("by Jeff Foust", Some("2019-11-18".to_string()))
        );
        assert_eq!(
            byline_day("By Louis Jacobson on Monday, November 18th, 2019"),
            ("By Louis Jacobson", Some("2019-11-18".into()))
        );
        assert_eq!(
            byline_day("By Wikimedia Foundation•15 January 2020"),
            ("By Wikimedia Foundation", Some("2020-01-15".to_string()))
        );
        assert_eq!(byline_day("By Ada Lovelace"), ("By Ada Lovelace", None));
    }

    #[test]
    fn a_numbered_heading_is_no_byline() {
        let mut m = HtmlMeta::default();
        merge_names(&mut m, "6.1.1 Authentication and authorization", |_| true);
        assert!(m.authors.is_empty(), "{:?}", m.authors);
        merge_names(&mut m, "By Jane Doe and John Roe", |_| true);
        assert_eq!(m.authors, ["Jane Doe", "John Roe"]);
    }
}
