//! Browsing a digest of thousands. Takes the documents (newest first), the theme each
//! mentions and the look's templates; gives, as output files:
//!
//! - the documents index split into pages of [`PAGE_SIZE`] (`documents/`,
//!   `documents/page/2/`, ...), newest first and grouped by year, with the same pages in
//!   title order (`documents/by-title/...`, grouped by letter); a jump bar of groups with
//!   counts, `rel=prev/next`, "page 3 of 12", and every page of the listing linked from
//!   every page (so any document is at most three clicks from `documents/`, no script);
//! - a page per term of every facet (kind, organisation, author, year, language, and the
//!   recurring themes' document listings), paged and grouped the same way, an index per
//!   facet (terms A–Z and by count, with counts) and a `browse/` hub;
//! - an Atom feed per organisation and per theme;
//! - `catalogue.csv` and `catalogue.json`, one row per document;
//! - a [`Budget`]: the files and bytes all of this adds, reported by the build.
//!
//! Terms are normalised ([`Terms`]): names that fold alike (case, accents, punctuation)
//! are one term; `aliases:` in `dossier.yaml` names others; and an organisation written
//! `Long Name (ACRONYM)` makes the long name and the acronym one term digest-wide. A
//! term's slug comes from its canonical name only ([`slugify`]), so it is stable, and it
//! is always a valid slug of [`crate::paths`].

use std::collections::{BTreeMap, HashMap};
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use minijinja::context;
use minijinja::value::Value;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::config::Site;
use crate::content::Document;
use crate::error::{Error, Result};
use crate::render::{self, DocCard, Output, Templates};

/// Documents on one listing page: at 10,000 documents a page stays near 140 KB of HTML
/// (about 25 KB gzipped), under the 200 KB budget ([`LISTING_BUDGET`]), and a
/// 10,000-document digest's listings stay near a thousand files.
pub const PAGE_SIZE: usize = 250;
/// Terms on one page of a facet index.
pub const TERMS_PAGE_SIZE: usize = 1000;
/// The most a listing page may weigh, in bytes (tested at 2,000 and measured at 10,000
/// documents).
pub const LISTING_BUDGET: usize = 200 * 1024;
/// Entries of a term's Atom feed.
pub const FEED_ENTRIES: usize = 50;
/// The longest term slug, in characters (before the hash suffix of a cut one).
const TERM_SLUG_MAX: usize = 80;
/// Names that would collide with the listing's own sub-paths.
const RESERVED: &[&str] = &["page", "by-title", "by-count", "feed", "documents", "index"];

/// `aliases:` in `dossier.yaml`: per facet, each canonical name and the other names that
/// mean the same term.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Aliases {
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub organisations: BTreeMap<String, Vec<String>>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub authors: BTreeMap<String, Vec<String>>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub kinds: BTreeMap<String, Vec<String>>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub languages: BTreeMap<String, Vec<String>>,
}

impl Aliases {
    pub fn is_empty(&self) -> bool {
        self.organisations.is_empty()
            && self.authors.is_empty()
            && self.kinds.is_empty()
            && self.languages.is_empty()
    }
}

/// A facet a reader can browse by (themes apart: they have their own pages).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Facet {
    Kind,
    Organisation,
    Author,
    Year,
    Language,
}

impl Facet {
    pub const ALL: [Facet; 5] = [
        Facet::Kind,
        Facet::Organisation,
        Facet::Author,
        Facet::Year,
        Facet::Language,
    ];

    /// The folder of its pages, and its key under `aliases:`.
    pub fn folder(self) -> &'static str {
        match self {
            Facet::Kind => "kinds",
            Facet::Organisation => "organisations",
            Facet::Author => "authors",
            Facet::Year => "years",
            Facet::Language => "languages",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Facet::Kind => "Kinds",
            Facet::Organisation => "Organisations",
            Facet::Author => "Authors",
            Facet::Year => "Years",
            Facet::Language => "Languages",
        }
    }

    pub fn singular(self) -> &'static str {
        match self {
            Facet::Kind => "Kind",
            Facet::Organisation => "Organisation",
            Facet::Author => "Author",
            Facet::Year => "Year",
            Facet::Language => "Language",
        }
    }

    fn index(self) -> usize {
        self as usize
    }

    /// The names a document gives this facet, as its front matter writes them.
    pub fn values(self, d: &Document) -> Vec<String> {
        let m = &d.meta;
        match self {
            Facet::Kind => m.kind.iter().cloned().collect(),
            Facet::Organisation => m.organisations.clone(),
            Facet::Author => m.authors.clone(),
            Facet::Year => m.date.iter().map(|x| x.year.to_string()).collect(),
            Facet::Language => m.language.iter().cloned().collect(),
        }
        .into_iter()
        .filter(|v| !v.trim().is_empty())
        .collect()
    }

    fn aliases(self, a: &Aliases) -> Option<&BTreeMap<String, Vec<String>>> {
        match self {
            Facet::Kind => Some(&a.kinds),
            Facet::Organisation => Some(&a.organisations),
            Facet::Author => Some(&a.authors),
            Facet::Language => Some(&a.languages),
            Facet::Year => None,
        }
    }
}

/// Case, accents, punctuation and runs of spaces folded away: names equal under this
/// fold are one term.
pub fn fold(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut out = String::with_capacity(name.len());
    let mut space = false;
    for c in name.nfkd() {
        if unicode_normalization::char::is_combining_mark(c) {
            continue;
        }
        if c.is_alphanumeric() {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.extend(c.to_lowercase());
        } else if c != '.' && c != '\'' && c != '’' {
            // "U.N." is "UN"; "Women's" is "Womens".
            space = true;
        }
    }
    out
}

/// The slug of a term's canonical name: `a-z`, `0-9` and `-`, at most 80 characters (a
/// longer one is cut and given a hash of the whole name), never empty (a name with no
/// Latin letter or digit becomes `t-` and a hash of it), never one of the listings' own
/// sub-paths. Always a valid slug ([`crate::paths::check_slug`]); depends on nothing but
/// the name.
pub fn slugify(name: &str) -> String {
    let folded = fold(name);
    let mut slug = String::new();
    for c in folded.chars() {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-').to_string();
    let hash = || {
        use sha2::Digest;
        let h = sha2::Sha256::digest(name.trim().as_bytes());
        h[..4]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    };
    if slug.is_empty() {
        return format!("t-{}", hash());
    }
    if slug.len() > TERM_SLUG_MAX {
        let cut = slug[..TERM_SLUG_MAX].trim_end_matches('-');
        return format!("{cut}-{}", hash());
    }
    if RESERVED.contains(&slug.as_str()) {
        return format!("{slug}-term");
    }
    slug
}

/// English names of common language codes, for language term pages.
fn language_name(code: &str) -> Option<&'static str> {
    Some(match code.to_ascii_lowercase().as_str() {
        "en" => "English",
        "fr" => "French",
        "de" => "German",
        "es" => "Spanish",
        "ru" => "Russian",
        "ar" => "Arabic",
        "zh" => "Chinese",
        "pt" => "Portuguese",
        "it" => "Italian",
        "nl" => "Dutch",
        "ja" => "Japanese",
        "ko" => "Korean",
        "tr" => "Turkish",
        "pl" => "Polish",
        "uk" => "Ukrainian",
        "sv" => "Swedish",
        "fa" => "Persian",
        "hi" => "Hindi",
        _ => return None,
    })
}

/// "summary-report" -> "Summary report" (as the `kind` template filter).
fn kind_label(s: &str) -> String {
    let s = s.replace(['-', '_'], " ");
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The term normaliser: which canonical name each name of each facet stands for.
#[derive(Debug, Default)]
pub struct Terms {
    /// Per facet: folded name -> canonical name.
    canon: [HashMap<String, String>; 5],
    /// A fingerprint of the tables (watch mode: a document page's term links depend on
    /// them, not only on its own front matter).
    print: u64,
}

/// A term as a document page links it.
#[derive(Debug, Clone, Serialize, Hash)]
pub struct TermLink {
    pub name: String,
    pub url: String,
}

/// Every term link of a document page.
#[derive(Debug, Clone, Default, Serialize, Hash)]
pub struct DocTerms {
    pub organisations: Vec<TermLink>,
    pub authors: Vec<TermLink>,
    pub kind: Option<TermLink>,
    pub year: Option<TermLink>,
    pub language: Option<TermLink>,
}

impl Terms {
    /// The normaliser for this configuration and these documents. An alias given to two
    /// canonical names is an error naming `dossier.yaml`.
    pub fn new(site: &Site, docs: &[Document]) -> Result<Terms> {
        let mut canon: [HashMap<String, String>; 5] = Default::default();
        for facet in Facet::ALL {
            let Some(table) = facet.aliases(&site.config.aliases) else {
                continue;
            };
            let map = &mut canon[facet.index()];
            for (name, others) in table {
                for other in std::iter::once(name).chain(others) {
                    let key = fold(other);
                    if key.is_empty() {
                        continue;
                    }
                    if let Some(before) = map.insert(key, name.clone()) {
                        if &before != name {
                            return Err(Error::input(
                                site.root.join(crate::config::CONFIG_FILE),
                                None,
                                format!(
                                    "aliases.{}: `{other}` is a name of both `{before}` and `{name}`",
                                    facet.folder()
                                ),
                                "give each name to one term only",
                            ));
                        }
                    }
                }
            }
        }
        // "Organization for Security and Co-operation in Europe (OSCE)": the document
        // says the two names are one organisation, for the whole digest.
        let paren = regex::Regex::new(r"^(.+?)\s*\(([^()]+)\)\s*$").expect("valid regex");
        let orgs = &mut canon[Facet::Organisation.index()];
        let mut pairs: Vec<(String, String, String)> = docs
            .iter()
            .flat_map(|d| d.meta.organisations.iter())
            .filter_map(|o| {
                let c = paren.captures(o)?;
                let (long, short) = (c[1].trim().to_string(), c[2].trim().to_string());
                (!fold(&long).is_empty() && !fold(&short).is_empty())
                    .then(|| (o.clone(), long, short))
            })
            .collect();
        pairs.sort();
        pairs.dedup();
        for (whole, long, short) in pairs {
            let name = orgs
                .get(&fold(&short))
                .or_else(|| orgs.get(&fold(&long)))
                .cloned()
                .unwrap_or(short);
            for n in [&whole, &long, &name] {
                orgs.entry(fold(n)).or_insert_with(|| name.clone());
            }
        }
        let mut h = rustc_hash::FxHasher::default();
        for map in &canon {
            let mut entries: Vec<_> = map.iter().collect();
            entries.sort();
            entries.hash(&mut h);
        }
        Ok(Terms {
            canon,
            print: h.finish(),
        })
    }

    pub fn print(&self) -> u64 {
        self.print
    }

    /// The canonical name of `name` (itself when no alias names it).
    pub fn canonical(&self, facet: Facet, name: &str) -> String {
        let name = name.trim();
        self.canon[facet.index()]
            .get(&fold(name))
            .cloned()
            .unwrap_or_else(|| name.to_string())
    }

    /// The slug of the term `name` stands for.
    pub fn slug(&self, facet: Facet, name: &str) -> String {
        match facet {
            Facet::Year => name.trim().to_string(),
            _ => slugify(&self.canonical(facet, name)),
        }
    }

    /// The page of the term `name` stands for, from the site root.
    pub fn url(&self, facet: Facet, name: &str) -> String {
        format!("{}/{}/", facet.folder(), self.slug(facet, name))
    }

    /// What a term is called on its pages.
    fn label(&self, facet: Facet, name: &str) -> String {
        let c = self.canonical(facet, name);
        match facet {
            Facet::Kind => kind_label(&c),
            Facet::Language => language_name(&c).map(str::to_string).unwrap_or(c),
            _ => c,
        }
    }

    /// A document page's term links: its own spelling of each name, linked to the term.
    pub fn doc_terms(&self, d: &Document) -> DocTerms {
        let link = |facet: Facet, name: &str, label: String| TermLink {
            name: label,
            url: self.url(facet, name),
        };
        let all = |facet: Facet| {
            facet
                .values(d)
                .iter()
                .map(|n| link(facet, n, n.clone()))
                .collect()
        };
        let one = |facet: Facet| {
            facet
                .values(d)
                .first()
                .map(|n| link(facet, n, self.label(facet, n)))
        };
        DocTerms {
            organisations: all(Facet::Organisation),
            authors: all(Facet::Author),
            kind: one(Facet::Kind),
            year: one(Facet::Year),
            language: one(Facet::Language),
        }
    }
}

/// One term of a facet: its documents (indices into the documents, newest first).
#[derive(Debug, Clone)]
pub struct Term {
    pub slug: String,
    pub name: String,
    pub docs: Vec<usize>,
}

/// Every term of `facet`, by slug. A term's name is its canonical name (as written most
/// often when no alias names it).
pub fn facet_terms(terms: &Terms, docs: &[Document], facet: Facet) -> Vec<Term> {
    let mut by_slug: BTreeMap<String, (Vec<usize>, HashMap<String, usize>)> = BTreeMap::new();
    for (i, d) in docs.iter().enumerate() {
        for name in facet.values(d) {
            let slug = terms.slug(facet, &name);
            let (list, names) = by_slug.entry(slug).or_default();
            if list.last() != Some(&i) {
                list.push(i);
            }
            *names.entry(terms.label(facet, &name)).or_default() += 1;
        }
    }
    by_slug
        .into_iter()
        .map(|(slug, (docs, names))| {
            let name = names
                .into_iter()
                .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
                .map(|(n, _)| n)
                .unwrap_or_default();
            Term { slug, name, docs }
        })
        .collect()
}

/// A recurring theme, as browsing needs it.
pub struct ThemeTerm {
    pub slug: String,
    pub title: String,
    /// Its page (`themes/<slug>/`).
    pub url: String,
    /// Documents mentioning it, in digest order (newest first).
    pub docs: Vec<usize>,
}

/// Everything browsing needs.
pub struct Input<'a> {
    pub site: &'a Site,
    pub templates: &'a Templates,
    /// Newest first.
    pub documents: &'a [Document],
    pub terms: &'a Terms,
    pub themes: &'a [ThemeTerm],
    /// Each document's themes (slugs, most mentioned first; same order as `documents`).
    pub doc_themes: &'a [Vec<String>],
    /// When set, pages are written into this folder as soon as they are rendered.
    pub write_to: Option<&'a crate::output::Staged>,
    /// Watch mode: each document's fingerprints (same order as `documents`), so a listing
    /// page is found again from its documents' cards without making its context.
    pub prints: Option<&'a [crate::render::DocPrint]>,
}

/// The files and bytes browsing adds, as the build reports them.
#[derive(Debug, Clone, Default)]
pub struct Budget {
    pub listing_pages: usize,
    pub listing_bytes: u64,
    pub largest_listing: (u64, String),
    pub index_pages: usize,
    pub index_bytes: u64,
    pub feeds: usize,
    pub feed_bytes: u64,
    pub catalogue_csv: u64,
    pub catalogue_json: u64,
}

impl Budget {
    pub fn files(&self) -> usize {
        self.listing_pages + self.index_pages + self.feeds + 2
    }

    pub fn bytes(&self) -> u64 {
        self.listing_bytes
            + self.index_bytes
            + self.feed_bytes
            + self.catalogue_csv
            + self.catalogue_json
    }

    /// The short form, for the build's one summary line.
    pub fn short(&self) -> String {
        format!(
            "browse: {} files, {:.1} MB, largest listing page {} KB",
            self.files(),
            self.bytes() as f64 / 1e6,
            self.largest_listing.0.div_ceil(1024)
        )
    }

    /// Every figure, for `-v`.
    pub fn summary(&self) -> String {
        let mb = |b: u64| format!("{:.1} MB", b as f64 / 1e6);
        let kb = |b: u64| format!("{} KB", b.div_ceil(1024));
        let mut s = format!(
            "browse: {} files, {} ({} listing pages {}, largest {} at {}; {} index pages {}; {} feeds {}; catalogue.csv {}, catalogue.json {})",
            self.files(),
            mb(self.bytes()),
            self.listing_pages,
            mb(self.listing_bytes),
            kb(self.largest_listing.0),
            self.largest_listing.1,
            self.index_pages,
            mb(self.index_bytes),
            self.feeds,
            mb(self.feed_bytes),
            kb(self.catalogue_csv),
            kb(self.catalogue_json),
        );
        if self.largest_listing.0 as usize > LISTING_BUDGET {
            s.push_str(&format!(
                "; over budget: a listing page should stay under {}",
                kb(LISTING_BUDGET as u64)
            ));
        }
        s
    }
}

/// The two orders of a listing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Order {
    Date,
    Title,
}

/// The URL of page `n` (from 1) of the listing at `base` in `order`. The documents
/// index (`documents/`) shares its folder with the documents' own folders, whose names are
/// slugs; its other pages are files (`documents/page-2.html`, `documents/by-title.html`),
/// which no slug can name. Other listings have their folder to themselves.
fn page_url(base: &str, order: Order, n: usize) -> String {
    if base == "documents/" {
        return match (order, n) {
            (Order::Date, 0 | 1) => base.to_string(),
            (Order::Date, n) => format!("{base}page-{n}.html"),
            (Order::Title, 0 | 1) => format!("{base}by-title.html"),
            (Order::Title, n) => format!("{base}by-title-{n}.html"),
        };
    }
    let base = match order {
        Order::Date => base.to_string(),
        Order::Title => format!("{base}by-title/"),
    };
    if n <= 1 {
        base
    } else {
        format!("{base}page/{n}/")
    }
}

/// A list of documents to show in pages.
#[derive(Hash)]
struct Listing {
    /// From the site root, ending in `/`.
    url: String,
    /// `<h1>`.
    heading: String,
    /// The page title's own part.
    title: String,
    lede: String,
    section: &'static str,
    docs: Vec<usize>,
    /// Offered in title order too (the documents index). A term's listing is in date
    /// order only: a second order would double the pages of every term, and hosts limit
    /// files (see `hosting`); the documents index has the digest in title order.
    by_title: bool,
    /// (label, url): where this listing belongs (the facet index, the theme's page).
    up: Vec<(String, String)>,
    feed: Option<String>,
    /// The documents index also links the catalogue.
    catalogue: bool,
}

#[derive(Serialize)]
struct JumpLink {
    label: String,
    count: usize,
    /// The page where the group starts, and the group's anchor on it.
    url: String,
    id: String,
    /// The group starts on this page.
    here: bool,
}

#[derive(Serialize)]
struct Group {
    label: String,
    id: String,
    /// Documents in the whole group (over every page).
    count: usize,
    continued: bool,
    docs: Vec<DocCard>,
}

#[derive(Serialize)]
struct PageLink {
    n: usize,
    url: String,
    current: bool,
}

#[derive(Serialize)]
struct Pager {
    page: usize,
    pages: usize,
    prev: Option<String>,
    next: Option<String>,
    links: Vec<PageLink>,
}

#[derive(Serialize)]
struct OrderLink {
    label: &'static str,
    url: String,
    current: bool,
}

fn pager(pages: usize, page: usize, url: impl Fn(usize) -> String) -> Pager {
    Pager {
        page,
        pages,
        prev: (page > 1).then(|| url(page - 1)),
        next: (page < pages).then(|| url(page + 1)),
        links: (1..=pages)
            .map(|n| PageLink {
                n,
                url: url(n),
                current: n == page,
            })
            .collect(),
    }
}

/// The first letter of a title for grouping: A–Z, or `#` for anything else.
fn letter(title: &str) -> String {
    letter_of(title).to_string()
}

/// A title's letter: the first letter of its [`fold`]ed form, upper-cased, or `#` when that
/// is not `a`–`z` (found without folding the whole title: every listing's groups need it).
fn letter_of(title: &str) -> char {
    use unicode_normalization::UnicodeNormalization;
    let first = title
        .nfkd()
        .filter(|&c| !unicode_normalization::char::is_combining_mark(c))
        .find(|c| c.is_alphanumeric())
        .and_then(|c| c.to_lowercase().next());
    match first {
        Some(c) if c.is_ascii_lowercase() => c.to_ascii_uppercase(),
        _ => '#',
    }
}

fn letter_id(l: &str) -> String {
    if l == "#" {
        "l-other".into()
    } else {
        format!("l-{}", l.to_ascii_lowercase())
    }
}

/// Each document's group in an order: (label, anchor id).
fn group_of(d: &Document, order: Order) -> (String, String) {
    match group_key(d, order) {
        GroupKey::Year(Some(year)) => (year.to_string(), format!("y{year}")),
        GroupKey::Year(None) => ("Undated".into(), "undated".into()),
        GroupKey::Letter(c) => {
            let l = c.to_string();
            let id = letter_id(&l);
            (l, id)
        }
    }
}

/// A document's group in an order, cheap to compare: equal keys, equal groups.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum GroupKey {
    Year(Option<i32>),
    Letter(char),
}

fn group_key(d: &Document, order: Order) -> GroupKey {
    match order {
        Order::Date => GroupKey::Year(d.meta.date.map(|x| x.year)),
        Order::Title => GroupKey::Letter(letter_of(&d.meta.title)),
    }
}

/// The documents of `listing` in `order`.
fn ordered(docs: &[Document], listing: &Listing, order: Order) -> Vec<usize> {
    let mut list = listing.docs.clone();
    if order == Order::Title {
        // Titles that open on no letter A–Z (a figure, or a letter of another script:
        // "Справа ...", "기후위기 ...") make one group, `#`, before A: sorted by their
        // folded text alone, figures came first and other scripts after Z, two groups
        // with the same anchor.
        let keys: HashMap<usize, (bool, String)> = list
            .iter()
            .map(|&i| {
                let t = &docs[i].meta.title;
                (i, (letter_of(t) != '#', fold(t)))
            })
            .collect();
        list.sort_by(|a, b| keys[a].cmp(&keys[b]).then(a.cmp(b)));
    }
    list
}

fn site_value(site: &Site) -> Value {
    Value::from_serialize(render::SiteInfo {
        title: site.config.title.clone(),
        description: site.config.description.clone(),
        base_url: render::base_url(site),
        language: site.config.language.clone(),
    })
}

fn page_context(site: &Site, url: &str, title: &str, description: &str, section: &str) -> Value {
    context! {
        site => site_value(site),
        root => render::root_for(url),
        section => section,
        page => context! {
            url => url,
            title => title,
            description => description,
            canonical => format!("{}{url}", render::base_url(site)),
        },
    }
}

/// Every page of a listing, in both orders for the documents index.
fn listing_pages(input: &Input, listing: &Listing) -> Result<Vec<Output>> {
    let docs = input.documents;
    let pages = listing.docs.len().div_ceil(PAGE_SIZE).max(1);
    let orders: &[Order] = if listing.by_title {
        &[Order::Date, Order::Title]
    } else {
        &[Order::Date]
    };
    let mut out = Vec::new();
    for &order in orders {
        let list = ordered(docs, listing, order);
        // The groups over the whole listing: label, id, count, first page.
        let mut groups: Vec<(String, String, usize, usize)> = Vec::new();
        let mut last = None;
        for (pos, &i) in list.iter().enumerate() {
            let key = group_key(&docs[i], order);
            match groups.last_mut() {
                Some(g) if last == Some(key) => g.2 += 1,
                _ => {
                    let (label, id) = group_of(&docs[i], order);
                    groups.push((label, id, 1, pos / PAGE_SIZE + 1));
                }
            }
            last = Some(key);
        }
        let rendered: Vec<Output> = (1..=pages)
            .into_par_iter()
            .map(|n| {
                let url = page_url(&listing.url, order, n);
                let here =
                    &list[((n - 1) * PAGE_SIZE).min(list.len())..(n * PAGE_SIZE).min(list.len())];
                let template = if listing.catalogue {
                    "documents.html"
                } else {
                    "listing.html"
                };
                // What the page is made of: the listing, its groups, this page's cards and
                // the card before them (whether the first group is continued).
                let key = input.prints.and_then(|prints| {
                    input.templates.key_from(template, |h| {
                        (listing, order as u8, n, pages, &groups).hash(h);
                        let before = (n > 1).then(|| list[(n - 1) * PAGE_SIZE - 1]);
                        before.map(|i| prints[i].card).hash(h);
                        for &i in here {
                            prints[i].card.hash(h);
                        }
                    })
                });
                let context = || {
                    Ok(listing_context(
                        input,
                        listing,
                        orders,
                        order,
                        (n, pages),
                        &list,
                        here,
                        &groups,
                        &url,
                    ))
                };
                let out =
                    render::keyed_output(input.templates, template, &url, key, None, context)?;
                finish(input, out)
            })
            .collect::<Result<_>>()?;
        out.extend(rendered);
    }
    Ok(out)
}

/// The context of page `n` of `pages` of a listing in `order`: `here` its documents,
/// `list` the whole listing's, `groups` (label, id, count, first page) over all of it.
#[allow(clippy::too_many_arguments)]
fn listing_context(
    input: &Input,
    listing: &Listing,
    orders: &[Order],
    order: Order,
    (n, pages): (usize, usize),
    list: &[usize],
    here: &[usize],
    groups: &[(String, String, usize, usize)],
    url: &str,
) -> Value {
    let docs = input.documents;
    let mut page_groups: Vec<Group> = Vec::new();
    // The group of the document before this page's first (whether that group continues).
    let mut last = (n > 1).then(|| group_key(&docs[list[(n - 1) * PAGE_SIZE - 1]], order));
    for (k, &i) in here.iter().enumerate() {
        let key = group_key(&docs[i], order);
        if k == 0 || last != Some(key) {
            let continued = last == Some(key);
            let (label, id) = group_of(&docs[i], order);
            let count = groups.iter().find(|g| g.1 == id).map_or(0, |g| g.2);
            page_groups.push(Group {
                label,
                id,
                count,
                continued,
                docs: Vec::new(),
            });
        }
        if let Some(g) = page_groups.last_mut() {
            g.docs.push(DocCard::new(&docs[i]));
        }
        last = Some(key);
    }
    let jump: Vec<JumpLink> = groups
        .iter()
        .map(|(label, id, count, first)| JumpLink {
            label: label.clone(),
            count: *count,
            url: page_url(&listing.url, order, *first),
            id: id.clone(),
            here: *first == n,
        })
        .collect();
    let order_links = if orders.len() > 1 {
        vec![
            OrderLink {
                label: "Newest first",
                url: page_url(&listing.url, Order::Date, 1),
                current: order == Order::Date,
            },
            OrderLink {
                label: "By title, A–Z",
                url: page_url(&listing.url, Order::Title, 1),
                current: order == Order::Title,
            },
        ]
    } else {
        Vec::new()
    };
    let mut title = listing.title.clone();
    if order == Order::Title {
        title.push_str(", by title");
    }
    if pages > 1 {
        title.push_str(&format!(", page {n} of {pages}"));
    }
    let up: Vec<_> = listing
        .up
        .iter()
        .map(|(label, url)| context! { label => label, url => url })
        .collect();
    context! {
        listing => context! {
            heading => &listing.heading,
            lede => &listing.lede,
            total => listing.docs.len(),
            order => match order { Order::Date => "date", Order::Title => "title" },
            orders => Value::from_serialize(&order_links),
            groups => Value::from_serialize(&page_groups),
            jump => Value::from_serialize(&jump),
            jump_label => match order { Order::Date => "Years", Order::Title => "Letters" },
            pager => Value::from_serialize(pager(pages, n, |k| page_url(&listing.url, order, k))),
            up => up,
            feed => &listing.feed,
            catalogue => listing.catalogue,
        },
        ..page_context(input.site, url, &title, &listing.lede, listing.section)
    }
}

/// Render an HTML page (link-checked like every other) and write it at once when the
/// build writes pages as it goes.
fn page(input: &Input, template: &str, url: &str, ctx: Value) -> Result<Output> {
    let out = render::html_output(input.templates, template, url, ctx, None)?;
    finish(input, out)
}

fn finish(input: &Input, mut out: Output) -> Result<Output> {
    if let Some(staged) = input.write_to {
        if !out.written {
            staged.write(&out.path, &out.contents)?;
            // Keep the size for the budget; the bytes are written.
            out.contents = Arc::new(Vec::new());
            out.written = true;
        }
    }
    Ok(out)
}

#[derive(Serialize)]
struct TermView {
    name: String,
    url: String,
    count: usize,
}

#[derive(Serialize)]
struct TermGroup {
    label: String,
    id: String,
    terms: Vec<TermView>,
}

/// A facet's index: terms A–Z (grouped by letter) at `<facet>/`, by count at
/// `<facet>/by-count/`; years newest first instead of A–Z.
fn facet_index(input: &Input, facet: Facet, terms: &[Term]) -> Result<Vec<Output>> {
    let base = format!("{}/", facet.folder());
    let views = |order: Order| -> Vec<TermView> {
        // (term, whether it opens on a letter A-Z, its folded name)
        let mut v: Vec<(&Term, bool, String)> = terms
            .iter()
            .map(|t| (t, letter_of(&t.name) != '#', fold(&t.name)))
            .collect();
        match (order, facet) {
            (Order::Title, Facet::Year) => v.sort_by(|a, b| b.0.name.cmp(&a.0.name)),
            // Names on no letter A-Z make one `#` group before A, as titles do.
            (Order::Title, _) => {
                v.sort_by(|a, b| (a.1, &a.2).cmp(&(b.1, &b.2)).then(a.0.slug.cmp(&b.0.slug)))
            }
            (Order::Date, _) => {
                v.sort_by(|a, b| b.0.docs.len().cmp(&a.0.docs.len()).then(a.2.cmp(&b.2)))
            }
        }
        v.into_iter()
            .map(|(t, _, _)| TermView {
                name: t.name.clone(),
                url: format!("{base}{}/", t.slug),
                count: t.docs.len(),
            })
            .collect()
    };
    // Order::Title is A–Z (the default page), Order::Date stands for "by count".
    let url_of = |order: Order, n: usize| {
        let b = match order {
            Order::Title => base.clone(),
            Order::Date => format!("{base}by-count/"),
        };
        if n <= 1 {
            b
        } else {
            format!("{b}page/{n}/")
        }
    };
    let mut out = Vec::new();
    for order in [Order::Title, Order::Date] {
        let all = views(order);
        let pages = all.len().div_ceil(TERMS_PAGE_SIZE).max(1);
        let mut chunks: Vec<Vec<TermView>> = Vec::new();
        let mut it = all.into_iter().peekable();
        while it.peek().is_some() {
            chunks.push(it.by_ref().take(TERMS_PAGE_SIZE).collect());
        }
        if chunks.is_empty() {
            chunks.push(Vec::new());
        }
        for (k, chunk) in chunks.into_iter().enumerate() {
            let n = k + 1;
            let url = url_of(order, n);
            let groups: Vec<TermGroup> = if order == Order::Title && facet != Facet::Year {
                let mut gs: Vec<TermGroup> = Vec::new();
                for t in chunk {
                    let l = letter(&t.name);
                    if gs.last().map(|g| &g.label) != Some(&l) {
                        gs.push(TermGroup {
                            id: letter_id(&l),
                            label: l,
                            terms: Vec::new(),
                        });
                    }
                    if let Some(g) = gs.last_mut() {
                        g.terms.push(t);
                    }
                }
                gs
            } else {
                vec![TermGroup {
                    label: String::new(),
                    id: String::new(),
                    terms: chunk,
                }]
            };
            let orders = vec![
                OrderLink {
                    label: if facet == Facet::Year {
                        "By year"
                    } else {
                        "A–Z"
                    },
                    url: url_of(Order::Title, 1),
                    current: order == Order::Title,
                },
                OrderLink {
                    label: "By number of documents",
                    url: url_of(Order::Date, 1),
                    current: order == Order::Date,
                },
            ];
            let mut title = facet.title().to_string();
            if order == Order::Date {
                title.push_str(", by number of documents");
            }
            if pages > 1 {
                title.push_str(&format!(", page {n} of {pages}"));
            }
            let description = format!(
                "{} {} of the digest's documents, with how many documents each has.",
                terms.len(),
                facet.title().to_lowercase()
            );
            let ctx = context! {
                facet => context! {
                    title => facet.title(),
                    singular => facet.singular(),
                    folder => facet.folder(),
                    terms => terms.len(),
                },
                orders => Value::from_serialize(&orders),
                groups => Value::from_serialize(&groups),
                pager => Value::from_serialize(pager(pages, n, |k| url_of(order, k))),
                ..page_context(input.site, &url, &title, &description, "browse")
            };
            out.push(page(input, "facet-index.html", &url, ctx)?);
        }
    }
    Ok(out)
}

#[derive(Serialize)]
struct FeedEntry {
    title: String,
    url: String,
    updated: String,
    summary: Option<String>,
    categories: Vec<String>,
}

/// RFC 3339 at the start of a (partial) date.
fn rfc3339(d: &crate::content::PartialDate) -> String {
    format!(
        "{:04}-{:02}-{:02}T00:00:00Z",
        d.year,
        d.month.unwrap_or(1),
        d.day.unwrap_or(1)
    )
}

/// The Atom feed of a term: its newest [`FEED_ENTRIES`] documents.
fn term_feed(input: &Input, listing: &Listing, path: &str, title: &str) -> Result<Output> {
    let docs = input.documents;
    let entries: Vec<FeedEntry> = listing
        .docs
        .iter()
        .take(FEED_ENTRIES)
        .map(|&i| {
            let d = &docs[i];
            FeedEntry {
                title: d.meta.title.clone(),
                url: format!("documents/{}/", d.slug),
                updated: d
                    .meta
                    .date
                    .map(|x| rfc3339(&x))
                    .unwrap_or_else(|| "1970-01-01T00:00:00Z".into()),
                summary: d.meta.summary.clone(),
                categories: d.meta.organisations.clone(),
            }
        })
        .collect();
    let updated = entries
        .iter()
        .map(|e| e.updated.clone())
        .max()
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".into());
    let ctx = context! {
        site => site_value(input.site),
        feed => context! {
            title => title,
            path => path,
            page => &listing.url,
            updated => updated,
        },
        entries => Value::from_serialize(&entries),
    };
    let bytes = input.templates.render("term-feed.xml", ctx)?.into_bytes();
    finish(
        input,
        Output {
            path: path.to_string(),
            contents: Arc::new(bytes),
            check: None,
            written: false,
        },
    )
}

/// One row of the catalogue (`catalogue.csv`, `catalogue.json`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct CatalogueRow {
    pub slug: String,
    pub title: String,
    pub date: Option<String>,
    pub kind: Option<String>,
    pub organisations: Vec<String>,
    pub authors: Vec<String>,
    pub place: Option<String>,
    pub language: Option<String>,
    /// Slugs of the recurring themes the document mentions, most mentioned first.
    pub themes: Vec<String>,
    /// The document's page, absolute (from `base_url`).
    pub url: String,
    /// The seed file the document was normalized from.
    pub source: Option<String>,
}

/// The columns of `catalogue.csv`, in order.
pub const CATALOGUE_COLUMNS: &[&str] = &[
    "slug",
    "title",
    "date",
    "kind",
    "organisations",
    "authors",
    "place",
    "language",
    "themes",
    "url",
    "source",
];

/// How multi-valued cells are joined (ingest's catalogues split on `;`).
pub const JOIN: &str = "; ";

pub fn catalogue_rows(input: &Input) -> Vec<CatalogueRow> {
    let base = render::base_url(input.site);
    input
        .documents
        .iter()
        .zip(input.doc_themes)
        .map(|(d, themes)| {
            let m = &d.meta;
            CatalogueRow {
                slug: d.slug.clone(),
                title: m.title.clone(),
                date: m.date.map(|x| x.to_string()),
                kind: m.kind.clone(),
                organisations: m.organisations.clone(),
                authors: m.authors.clone(),
                place: m.place.clone(),
                language: m.language.clone(),
                themes: themes.clone(),
                url: format!("{base}documents/{}/", d.slug),
                source: m.source.clone(),
            }
        })
        .collect()
}

/// `catalogue.csv`: RFC 4180 (quoted where needed, CRLF line ends), UTF-8, a header row
/// of [`CATALOGUE_COLUMNS`]. A value holding `;` cannot be told apart from two values
/// once joined; such names are rare in metadata and read back split.
pub fn catalogue_csv(rows: &[CatalogueRow]) -> Result<Vec<u8>> {
    let err =
        |e: csv::Error| Error::input("catalogue.csv", None, e.to_string(), "please report this");
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    w.write_record(CATALOGUE_COLUMNS).map_err(err)?;
    for r in rows {
        let opt = |o: &Option<String>| o.clone().unwrap_or_default();
        w.write_record([
            r.slug.clone(),
            r.title.clone(),
            opt(&r.date),
            opt(&r.kind),
            r.organisations.join(JOIN),
            r.authors.join(JOIN),
            opt(&r.place),
            opt(&r.language),
            r.themes.join(JOIN),
            r.url.clone(),
            opt(&r.source),
        ])
        .map_err(err)?;
    }
    w.into_inner()
        .map_err(|e| Error::input("catalogue.csv", None, e.to_string(), "please report this"))
}

/// `catalogue.json`: `{"version": 1, "generator", "columns", "documents": [row...]}`,
/// multi-valued fields as arrays.
pub fn catalogue_json(rows: &[CatalogueRow]) -> Result<Vec<u8>> {
    #[derive(Serialize)]
    struct Export<'a> {
        version: u32,
        generator: &'static str,
        columns: &'static [&'static str],
        documents: &'a [CatalogueRow],
    }
    serde_json::to_vec(&Export {
        version: 1,
        generator: "dossier",
        columns: CATALOGUE_COLUMNS,
        documents: rows,
    })
    .map_err(|e| Error::input("catalogue.json", None, e.to_string(), "please report this"))
}

#[derive(Serialize)]
struct HubFacet {
    title: &'static str,
    url: String,
    terms: usize,
    top: Vec<TermView>,
}

/// Every page and file of browsing, with its budget.
pub fn pages(input: &Input) -> Result<(Vec<Output>, Budget)> {
    let docs = input.documents;
    let all: Vec<usize> = (0..docs.len()).collect();
    let mut listings = vec![Listing {
        url: "documents/".into(),
        heading: "Documents".into(),
        title: "Documents".into(),
        lede: format!(
            "{} document{}.",
            docs.len(),
            if docs.len() == 1 { "" } else { "s" }
        ),
        section: "documents",
        docs: all,
        by_title: true,
        up: Vec::new(),
        feed: None,
        catalogue: true,
    }];
    let mut feeds: Vec<(usize, String, String)> = Vec::new();
    let mut hub = Vec::new();
    let mut index_outputs = Vec::new();
    for facet in Facet::ALL {
        let terms = facet_terms(input.terms, docs, facet);
        index_outputs.extend(facet_index(input, facet, &terms)?);
        let mut top: Vec<&Term> = terms.iter().collect();
        top.sort_by(|a, b| b.docs.len().cmp(&a.docs.len()).then(a.name.cmp(&b.name)));
        hub.push(HubFacet {
            title: facet.title(),
            url: format!("{}/", facet.folder()),
            terms: terms.len(),
            top: top
                .iter()
                .take(12)
                .map(|t| TermView {
                    name: t.name.clone(),
                    url: format!("{}/{}/", facet.folder(), t.slug),
                    count: t.docs.len(),
                })
                .collect(),
        });
        for t in terms {
            let url = format!("{}/{}/", facet.folder(), t.slug);
            let feed = (facet == Facet::Organisation).then(|| format!("{url}feed.xml"));
            if let Some(f) = &feed {
                feeds.push((
                    listings.len(),
                    f.clone(),
                    format!("{}: {}", facet.singular(), t.name),
                ));
            }
            let n = t.docs.len();
            listings.push(Listing {
                heading: t.name.clone(),
                title: format!("{}: {}", facet.singular(), t.name),
                lede: format!("{n} document{}.", if n == 1 { "" } else { "s" }),
                url,
                section: "browse",
                docs: t.docs,
                by_title: false,
                up: vec![(facet.title().to_string(), format!("{}/", facet.folder()))],
                feed,
                catalogue: false,
            });
        }
    }
    for t in input.themes {
        let url = format!("{}documents/", t.url);
        let feed = format!("{}feed.xml", t.url);
        feeds.push((listings.len(), feed.clone(), format!("Theme: {}", t.title)));
        let n = t.docs.len();
        listings.push(Listing {
            heading: format!("Documents on {}", t.title),
            title: format!("Documents on {}", t.title),
            lede: format!(
                "{n} document{} mention this theme.",
                if n == 1 { "" } else { "s" }
            ),
            url,
            section: "themes",
            docs: t.docs.clone(),
            by_title: false,
            up: vec![
                ("Recurring themes".into(), "themes/".into()),
                (t.title.clone(), t.url.clone()),
            ],
            feed: Some(feed),
            catalogue: false,
        });
    }
    let listing_outputs: Vec<Vec<Output>> = listings
        .par_iter()
        .map(|l| listing_pages(input, l))
        .collect::<Result<_>>()?;
    let mut budget = Budget::default();
    let size = |o: &Output| -> Result<u64> {
        match (o.written, input.write_to) {
            (true, Some(staged)) => {
                let p = crate::paths::join_inside(staged.dir(), &o.path)?;
                std::fs::metadata(&p)
                    .map(|m| m.len())
                    .map_err(|e| Error::io(&p, e))
            }
            _ => Ok(o.contents.len() as u64),
        }
    };
    let mut outputs = Vec::new();
    for o in listing_outputs.into_iter().flatten() {
        let n = size(&o)?;
        budget.listing_pages += 1;
        budget.listing_bytes += n;
        if n > budget.largest_listing.0 {
            budget.largest_listing = (n, o.path.clone());
        }
        outputs.push(o);
    }
    let hub_ctx = context! {
        facets => Value::from_serialize(&hub),
        themes => input.themes.len(),
        documents => docs.len(),
        ..page_context(input.site, "browse/", "Browse", &format!("Browse the {} documents by kind, organisation, author, year, language and theme.", docs.len()), "browse")
    };
    index_outputs.push(page(input, "browse.html", "browse/", hub_ctx)?);
    for o in index_outputs {
        budget.index_pages += 1;
        budget.index_bytes += size(&o)?;
        outputs.push(o);
    }
    let feed_outputs: Vec<Output> = feeds
        .par_iter()
        .map(|(l, path, title)| term_feed(input, &listings[*l], path, title))
        .collect::<Result<_>>()?;
    for o in feed_outputs {
        budget.feeds += 1;
        budget.feed_bytes += size(&o)?;
        outputs.push(o);
    }
    let rows = catalogue_rows(input);
    for (path, bytes) in [
        ("catalogue.csv", catalogue_csv(&rows)?),
        ("catalogue.json", catalogue_json(&rows)?),
    ] {
        let n = bytes.len() as u64;
        if path.ends_with(".csv") {
            budget.catalogue_csv = n;
        } else {
            budget.catalogue_json = n;
        }
        outputs.push(finish(
            input,
            Output {
                path: path.into(),
                contents: Arc::new(bytes),
                check: None,
                written: false,
            },
        )?);
    }
    Ok((outputs, budget))
}

/// The URL of the page of `theme`'s document listing where `year` starts (with its
/// anchor), for the heat map's cells.
pub fn theme_year_url(docs: &[Document], theme: &ThemeTerm, year: Option<i32>) -> Option<String> {
    let pos = theme
        .docs
        .iter()
        .position(|&i| docs[i].meta.date.map(|d| d.year) == year)?;
    let id = match year {
        Some(y) => format!("y{y}"),
        None => "undated".into(),
    };
    Some(format!(
        "{}#{id}",
        page_url(
            &format!("{}documents/", theme.url),
            Order::Date,
            pos / PAGE_SIZE + 1
        )
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A title's letter as first defined: from the whole folded title.
    fn letter_of_folded_title(title: &str) -> char {
        match fold(title).chars().next() {
            Some(c) if c.is_ascii_lowercase() => c.to_ascii_uppercase(),
            _ => '#',
        }
    }

    proptest::proptest! {
        #[test]
        fn a_titles_letter_is_its_folded_titles(title in "\\PC{0,12}") {
            proptest::prop_assert_eq!(letter_of(&title), letter_of_folded_title(&title));
        }
    }

    #[test]
    fn titles_letters() {
        for (title, letter) in [
            ("Éclair report", 'E'),
            ("  “Quoted” title", 'Q'),
            ("12 monkeys", '#'),
            ("日本", '#'),
            ("ǅemal", 'D'),
            ("", '#'),
        ] {
            assert_eq!(letter_of(title), letter, "{title}");
            assert_eq!(letter_of(title), letter_of_folded_title(title), "{title}");
        }
    }

    #[test]
    fn slugs_are_stable_safe_and_never_empty() {
        assert_eq!(slugify("OSCE"), "osce");
        assert_eq!(slugify("Council of Europe"), "council-of-europe");
        assert_eq!(slugify("  U.N. CTED "), "un-cted");
        assert_eq!(slugify("Zürich Büro"), "zurich-buro");
        assert_eq!(slugify("../../etc/passwd"), "etc-passwd");
        assert_eq!(slugify("page"), "page-term");
        let cjk = slugify("日本");
        assert!(cjk.starts_with("t-") && cjk.len() == 10, "{cjk}");
        assert_eq!(cjk, slugify("日本"));
        let long = slugify(&"word ".repeat(40));
        assert!(long.len() <= TERM_SLUG_MAX + 9, "{long}");
        assert_ne!(long, slugify(&"word ".repeat(41)));
        for s in [
            "OSCE",
            "日本",
            "",
            "   ",
            "--",
            "C:\\x",
            "a/b",
            "..",
            &"x".repeat(500),
        ] {
            let slug = slugify(s);
            assert!(crate::paths::check_slug(&slug).is_ok(), "{s:?} -> {slug:?}");
        }
    }

    #[test]
    fn folding_ignores_case_accents_and_punctuation() {
        assert_eq!(
            fold("Organisation  for Security-and Co-operation"),
            "organisation for security and co operation"
        );
        assert_eq!(fold("U.N."), "un");
        assert_eq!(fold("Université"), "universite");
    }

    fn doc(slug: &str, orgs: &[&str]) -> Document {
        let mut d = Document {
            slug: slug.into(),
            path: format!("{slug}.md").into(),
            meta: Default::default(),
            body: String::new(),
            body_line: 1,
        };
        d.meta.title = slug.into();
        d.meta.organisations = orgs.iter().map(|s| s.to_string()).collect();
        d
    }

    /// In title order, titles that open on a figure or a letter of another script are
    /// one `#` group before A (they had made two, with the same anchor, at both ends).
    #[test]
    fn titles_on_no_latin_letter_make_one_group_before_a() {
        let titles = [
            "Справа «Гарькавий»",
            "2025 Political Declaration",
            "Beta",
            "Alpha",
            "기후위기",
        ];
        let docs: Vec<Document> = titles.iter().map(|t| doc(t, &[])).collect();
        let listing = Listing {
            url: "documents/".into(),
            heading: String::new(),
            title: String::new(),
            lede: String::new(),
            section: "documents",
            docs: (0..docs.len()).collect(),
            by_title: true,
            up: Vec::new(),
            feed: None,
            catalogue: false,
        };
        let order = ordered(&docs, &listing, Order::Title);
        let groups: Vec<String> = order
            .iter()
            .map(|&i| group_of(&docs[i], Order::Title).0)
            .collect();
        assert_eq!(groups, ["#", "#", "#", "A", "B"], "{order:?}");
    }

    #[test]
    fn aliases_and_parenthesised_acronyms_make_one_term() {
        let mut site = Site::load(std::path::Path::new("/nonexistent")).unwrap();
        site.config.aliases.organisations.insert(
            "UNOCT".into(),
            vec!["United Nations Office of Counter-Terrorism".into()],
        );
        let docs = vec![
            doc(
                "a",
                &["Organization for Security and Co-operation in Europe (OSCE)"],
            ),
            doc(
                "b",
                &["Organization for Security and Co-operation in Europe"],
            ),
            doc("c", &["OSCE", "United Nations Office of Counter-Terrorism"]),
            doc("d", &["osce", "UNOCT"]),
        ];
        let terms = Terms::new(&site, &docs).unwrap();
        let found = facet_terms(&terms, &docs, Facet::Organisation);
        let names: Vec<(&str, &str, usize)> = found
            .iter()
            .map(|t| (t.slug.as_str(), t.name.as_str(), t.docs.len()))
            .collect();
        assert_eq!(names, [("osce", "OSCE", 4), ("unoct", "UNOCT", 2)]);
        assert_eq!(
            terms.doc_terms(&docs[1]).organisations[0].url,
            "organisations/osce/"
        );
        site.config
            .aliases
            .organisations
            .insert("OSCE".into(), vec!["UNOCT".into()]);
        let err = Terms::new(&site, &docs).unwrap_err().to_string();
        assert!(err.contains("aliases.organisations"), "{err}");
    }

    #[test]
    fn catalogue_csv_quotes_and_joins() {
        let row = CatalogueRow {
            slug: "a".into(),
            title: "Quote \"x\", comma".into(),
            date: Some("2019".into()),
            kind: None,
            organisations: vec!["A".into(), "B, C".into()],
            authors: vec![],
            place: Some("Line\nbreak".into()),
            language: None,
            themes: vec!["t1".into(), "t2".into()],
            url: "http://x/documents/a/".into(),
            source: Some("a.txt".into()),
        };
        let csv = String::from_utf8(catalogue_csv(&[row]).unwrap()).unwrap();
        assert!(csv.starts_with(
            "slug,title,date,kind,organisations,authors,place,language,themes,url,source\r\n"
        ));
        assert!(csv.contains("\"Quote \"\"x\"\", comma\""), "{csv}");
        assert!(csv.contains("\"A; B, C\""), "{csv}");
        assert!(csv.contains("\"Line\nbreak\""), "{csv}");
        assert!(csv.contains(",t1; t2,"), "{csv}");
    }

    #[test]
    fn page_urls() {
        assert_eq!(page_url("documents/", Order::Date, 1), "documents/");
        assert_eq!(
            page_url("documents/", Order::Date, 3),
            "documents/page-3.html"
        );
        assert_eq!(
            page_url("documents/", Order::Title, 1),
            "documents/by-title.html"
        );
        assert_eq!(
            page_url("documents/", Order::Title, 2),
            "documents/by-title-2.html"
        );
        assert_eq!(
            page_url("kinds/speech/", Order::Title, 1),
            "kinds/speech/by-title/"
        );
        assert_eq!(
            page_url("kinds/speech/", Order::Title, 2),
            "kinds/speech/by-title/page/2/"
        );
    }
}
