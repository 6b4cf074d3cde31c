//! Browsing a digest of thousands (issue 18), on a generated digest of 2,000 documents
//! plus the five real ones, built once with the binary: listing pages under the size
//! budget, every document within three clicks of the documents index without
//! JavaScript, term pages that list exactly their documents, the catalogue as CSV and
//! JSON, and the Atom feeds (parsed with `feed-rs`).

mod common;

use std::collections::{BTreeMap, BTreeSet, HashSet, VecDeque};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use dossier::browse::{slugify, CATALOGUE_COLUMNS, JOIN, LISTING_BUDGET};
use dossier::content::{load_documents, Document};
use scraper::{Html, Selector};

const GENERATED: usize = 2000;
/// Generated documents given authors (the generator writes none).
const WITH_AUTHORS: usize = 300;
/// Generated documents whose OSCE is written out in full (an alias in dossier.yaml).
const LONG_OSCE: &str = "Organization for Security and Co-operation in Europe";

struct Site {
    root: PathBuf,
    docs: Vec<Document>,
    summary: String,
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The built digest, shared by every test of this file (built once).
fn site() -> &'static Site {
    static SITE: OnceLock<Site> = OnceLock::new();
    SITE.get_or_init(|| {
        let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("browse-digest");
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(&root).unwrap();
        let gen = repo().join("../shared/bench/gen-corpus");
        assert!(gen.exists(), "{} is needed", gen.display());
        let status = Command::new("python3")
            .arg(&gen)
            .args(["--pages", &GENERATED.to_string()])
            .arg(&root)
            .status()
            .expect("python3 runs gen-corpus");
        assert!(status.success());
        let docs_dir = root.join("content/documents");
        // Authors, languages and the long name of the OSCE on some documents.
        let mut names: Vec<PathBuf> = std::fs::read_dir(&docs_dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        names.sort();
        for (i, p) in names.iter().enumerate() {
            let text = std::fs::read_to_string(p).unwrap();
            let mut extra = String::new();
            if i < WITH_AUTHORS {
                extra.push_str(&format!(
                    "authors: [\"Author {}\", \"Ana Müller-Øst {}\"]\n",
                    i % 37,
                    i % 5
                ));
            }
            if i % 3 == 0 {
                extra.push_str(if i % 2 == 0 { "language: en\n" } else { "language: fr\n" });
            }
            let mut text = text.replacen("\nkind:", &format!("\n{extra}kind:"), 1);
            if i % 10 == 0 {
                text = text.replacen("\"OSCE\"", &format!("\"{LONG_OSCE}\""), 1);
            }
            std::fs::write(p, text).unwrap();
        }
        for e in std::fs::read_dir(repo().join("content/documents")).unwrap() {
            let e = e.unwrap();
            std::fs::copy(e.path(), docs_dir.join(e.file_name())).unwrap();
        }
        let themes = root.join("content/themes");
        std::fs::create_dir_all(&themes).unwrap();
        for e in std::fs::read_dir(repo().join("content/themes")).unwrap() {
            let e = e.unwrap();
            std::fs::copy(e.path(), themes.join(e.file_name())).unwrap();
        }
        std::fs::write(
            root.join("dossier.yaml"),
            format!(
                "title: Browse test\nbase_url: https://example.org/digest/\naliases:\n  organisations:\n    OSCE: [\"{LONG_OSCE}\"]\n"
            ),
        )
        .unwrap();
        let out = common::dossier(&root, &["build"]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let (docs, _) = load_documents(&docs_dir).unwrap();
        Site {
            root,
            docs,
            summary: String::from_utf8_lossy(&out.stdout).into_owned(),
        }
    })
}

fn public() -> PathBuf {
    site().root.join("public")
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(public().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The file a link on the page at `from` (a path under public/) leads to, if internal.
fn resolve(from: &str, href: &str) -> Option<String> {
    if href.contains("://") || href.starts_with("mailto:") || href.starts_with('#') {
        return None;
    }
    let href = href.split(['#', '?']).next().unwrap_or("");
    if href.is_empty() {
        return None;
    }
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for seg in href.split('/') {
        match seg {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            s => parts.push(s),
        }
    }
    let mut path = parts.join("/");
    if href.ends_with('/') {
        path.push_str(if path.is_empty() {
            "index.html"
        } else {
            "/index.html"
        });
    }
    Some(path)
}

fn links(page: &str) -> Vec<String> {
    let html = Html::parse_document(&read(page));
    let a = Selector::parse("a[href]").unwrap();
    html.select(&a)
        .filter_map(|e| resolve(page, e.value().attr("href")?))
        .collect()
}

/// Every page of the listing at `base` (`organisations/osce/`) in date order: the
/// document slugs it lists, in order.
fn listed(base: &str) -> Vec<String> {
    let first = format!("{base}index.html");
    let html = Html::parse_document(&read(&first));
    let pages = html
        .select(&Selector::parse(".pager-pages li").unwrap())
        .count()
        .max(1);
    let item = Selector::parse(".doc-item-title a").unwrap();
    let mut slugs = Vec::new();
    for n in 1..=pages {
        let page = if n == 1 {
            first.clone()
        } else {
            format!("{base}page/{n}/index.html")
        };
        let html = Html::parse_document(&read(&page));
        for a in html.select(&item) {
            let target = resolve(&page, a.value().attr("href").unwrap()).unwrap();
            let slug = target
                .strip_prefix("documents/")
                .and_then(|s| s.strip_suffix("/index.html"))
                .unwrap_or_else(|| panic!("{page}: {target} is not a document"));
            slugs.push(slug.to_string());
        }
    }
    slugs
}

fn is_listing(rel: &str) -> bool {
    let parts: Vec<&str> = rel.split('/').collect();
    match parts[0] {
        "documents" => parts.len() == 2,
        "kinds" | "organisations" | "authors" | "years" | "languages" => parts.len() > 2,
        "themes" => parts.get(2) == Some(&"documents"),
        _ => false,
    }
}

fn html_files(dir: &Path, prefix: &str, out: &mut Vec<String>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let e = e.unwrap();
        let name = e.file_name().to_string_lossy().into_owned();
        let rel = if prefix.is_empty() {
            name.clone()
        } else {
            format!("{prefix}/{name}")
        };
        if e.file_type().unwrap().is_dir() {
            html_files(&e.path(), &rel, out);
        } else if name.ends_with(".html") {
            out.push(rel);
        }
    }
}

#[test]
fn listing_pages_stay_under_the_budget_and_say_where_they_are() {
    let mut pages = Vec::new();
    html_files(&public(), "", &mut pages);
    let listings: Vec<&String> = pages.iter().filter(|p| is_listing(p)).collect();
    assert!(listings.len() > 100, "{} listing pages", listings.len());
    for p in &listings {
        let size = std::fs::metadata(public().join(p)).unwrap().len() as usize;
        assert!(size < LISTING_BUDGET, "{p}: {size} bytes");
    }
    let docs = site().docs.len();
    let pages_total = docs.div_ceil(dossier::browse::PAGE_SIZE);
    let page2 = read("documents/page-2.html");
    assert!(
        page2.contains(&format!("Page 2 of {pages_total}")),
        "page of"
    );
    let rel = |html: &str, r: &str| {
        let html = Html::parse_document(html);
        let sel = Selector::parse(&format!("link[rel={r}]")).unwrap();
        let href = html.select(&sel).next()?.value().attr("href")?.to_string();
        resolve("documents/page-2.html", &href)
    };
    assert_eq!(rel(&page2, "prev").as_deref(), Some("documents/index.html"));
    assert_eq!(
        rel(&page2, "next").as_deref(),
        Some("documents/page-3.html")
    );
    let first = read("documents/index.html");
    assert!(!first.contains("rel=\"prev\""));
    assert!(first.contains("href=\"../catalogue.csv\""));
    assert!(first.contains("href=\"../catalogue.json\""));
    // Year jump bar with counts: every year of the digest, its count right.
    let mut years: BTreeMap<String, usize> = BTreeMap::new();
    for d in &site().docs {
        *years
            .entry(d.meta.date.map_or("Undated".into(), |x| x.year.to_string()))
            .or_default() += 1;
    }
    let html = Html::parse_document(&first);
    let jump: BTreeMap<String, usize> = html
        .select(&Selector::parse(".jump-bar a").unwrap())
        .map(|a| {
            let text: String = a.text().collect();
            let (label, count) = text.rsplit_once(' ').unwrap();
            (label.trim().to_string(), count.parse().unwrap())
        })
        .collect();
    assert_eq!(jump, years);
    // Title order: A–Z over the pages.
    let t1 = read("documents/by-title.html");
    assert!(t1.contains("By title, A–Z"));
    // Budget reported by the build.
    assert!(site().summary.contains("browse: "), "{}", site().summary);
    assert!(site().summary.contains("largest"), "{}", site().summary);
}

#[test]
fn every_document_is_within_three_clicks_of_the_documents_index() {
    let start = "documents/index.html".to_string();
    let mut seen: HashSet<String> = HashSet::from([start.clone()]);
    let mut queue = VecDeque::from([(start, 0)]);
    while let Some((page, depth)) = queue.pop_front() {
        if depth == 3 || !page.ends_with(".html") || !public().join(&page).exists() {
            continue;
        }
        for l in links(&page) {
            if seen.insert(l.clone()) {
                queue.push_back((l, depth + 1));
            }
        }
    }
    let missing: Vec<&str> = site()
        .docs
        .iter()
        .map(|d| d.slug.as_str())
        .filter(|s| !seen.contains(&format!("documents/{s}/index.html")))
        .collect();
    assert!(
        missing.is_empty(),
        "{} not reachable: {:?}",
        missing.len(),
        &missing[..missing.len().min(5)]
    );
}

#[test]
fn every_term_has_a_page_listing_exactly_its_documents() {
    type Expect = BTreeMap<String, BTreeSet<String>>;
    let mut orgs = Expect::new();
    let mut kinds = Expect::new();
    let mut years = Expect::new();
    let mut authors = Expect::new();
    let mut languages = Expect::new();
    for d in &site().docs {
        let m = &d.meta;
        for o in &m.organisations {
            let name = if o == LONG_OSCE { "OSCE" } else { o.as_str() };
            orgs.entry(slugify(name))
                .or_default()
                .insert(d.slug.clone());
        }
        for a in &m.authors {
            authors
                .entry(slugify(a))
                .or_default()
                .insert(d.slug.clone());
        }
        if let Some(k) = &m.kind {
            kinds.entry(slugify(k)).or_default().insert(d.slug.clone());
        }
        if let Some(x) = m.date {
            years
                .entry(x.year.to_string())
                .or_default()
                .insert(d.slug.clone());
        }
        if let Some(l) = &m.language {
            languages
                .entry(slugify(l))
                .or_default()
                .insert(d.slug.clone());
        }
    }
    assert!(orgs.len() >= 10 && authors.len() >= 40 && years.len() >= 10);
    assert!(
        orgs["osce"].len() > 300,
        "the long name is an alias of OSCE"
    );
    assert!(!orgs.contains_key(&slugify(LONG_OSCE)));
    for (folder, expect) in [
        ("organisations", &orgs),
        ("kinds", &kinds),
        ("years", &years),
        ("authors", &authors),
        ("languages", &languages),
    ] {
        // The facet index names every term, with its count.
        let index = Html::parse_document(&read(&format!("{folder}/index.html")));
        let terms: BTreeMap<String, usize> = index
            .select(&Selector::parse(".term-list li").unwrap())
            .map(|li| {
                let a = li.select(&Selector::parse("a").unwrap()).next().unwrap();
                let href = a.value().attr("href").unwrap();
                let count: String = li
                    .select(&Selector::parse(".count").unwrap())
                    .next()
                    .unwrap()
                    .text()
                    .collect();
                let target = resolve(&format!("{folder}/index.html"), href).unwrap();
                let slug = target
                    .strip_prefix(&format!("{folder}/"))
                    .and_then(|t| t.strip_suffix("/index.html"))
                    .unwrap()
                    .to_string();
                (slug, count.parse().unwrap())
            })
            .collect();
        for (slug, docs) in expect {
            assert_eq!(
                terms.get(slug),
                Some(&docs.len()),
                "{folder}/{slug} in the index"
            );
            let list = listed(&format!("{folder}/{slug}/"));
            let set: BTreeSet<String> = list.iter().cloned().collect();
            assert_eq!(set.len(), list.len(), "{folder}/{slug}: listed twice");
            assert_eq!(&set, docs, "{folder}/{slug}");
        }
        assert_eq!(terms.len(), expect.len(), "{folder}: no other terms");
    }
}

#[test]
fn document_pages_link_their_terms() {
    let d = site()
        .docs
        .iter()
        .find(|d| !d.meta.authors.is_empty() && d.meta.language.is_some() && d.meta.date.is_some())
        .unwrap();
    let page = format!("documents/{}/index.html", d.slug);
    let targets: HashSet<String> = links(&page).into_iter().collect();
    let year = d.meta.date.unwrap().year;
    let mut expect = vec![
        format!("years/{year}/index.html"),
        format!(
            "kinds/{}/index.html",
            slugify(d.meta.kind.as_deref().unwrap())
        ),
        format!(
            "languages/{}/index.html",
            d.meta.language.as_deref().unwrap()
        ),
    ];
    for o in &d.meta.organisations {
        let name = if o == LONG_OSCE { "OSCE" } else { o.as_str() };
        expect.push(format!("organisations/{}/index.html", slugify(name)));
    }
    for a in &d.meta.authors {
        expect.push(format!("authors/{}/index.html", slugify(a)));
    }
    for e in expect {
        assert!(targets.contains(&e), "{page} links {e}");
        assert!(public().join(&e).exists(), "{e}");
    }
}

#[test]
fn catalogue_csv_has_one_row_per_document_with_the_front_matter() {
    let mut r = csv::Reader::from_path(public().join("catalogue.csv")).unwrap();
    let headers: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    assert_eq!(headers, CATALOGUE_COLUMNS);
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), site().docs.len());
    let by_slug: BTreeMap<&str, &Document> =
        site().docs.iter().map(|d| (d.slug.as_str(), d)).collect();
    let opt = |o: &Option<String>| o.clone().unwrap_or_default();
    let mut slugs = BTreeSet::new();
    for row in &rows {
        let get = |c: &str| {
            row.get(headers.iter().position(|h| h == c).unwrap())
                .unwrap()
        };
        let d = by_slug[get("slug")];
        slugs.insert(d.slug.clone());
        let m = &d.meta;
        assert_eq!(get("title"), m.title);
        assert_eq!(
            get("date"),
            m.date.map(|x| x.to_string()).unwrap_or_default()
        );
        assert_eq!(get("kind"), opt(&m.kind));
        assert_eq!(get("organisations"), m.organisations.join(JOIN));
        assert_eq!(get("authors"), m.authors.join(JOIN));
        assert_eq!(get("place"), opt(&m.place));
        assert_eq!(get("language"), opt(&m.language));
        assert_eq!(get("source"), opt(&m.source));
        assert_eq!(
            get("url"),
            format!("https://example.org/digest/documents/{}/", d.slug)
        );
        for t in get("themes").split(JOIN).filter(|t| !t.is_empty()) {
            assert!(
                public().join(format!("themes/{t}/index.html")).exists(),
                "{t}"
            );
        }
    }
    assert_eq!(slugs.len(), site().docs.len());
    // The JSON has the same rows.
    let json: serde_json::Value = serde_json::from_str(&read("catalogue.json")).unwrap();
    let docs = json["documents"].as_array().unwrap();
    assert_eq!(docs.len(), rows.len());
    for (j, row) in docs.iter().zip(&rows) {
        assert_eq!(j["slug"], row.get(0).unwrap());
        assert_eq!(j["title"], row.get(1).unwrap());
        let orgs: Vec<&str> = j["organisations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        assert_eq!(orgs.join(JOIN), row.get(4).unwrap());
    }
    // Well under the cross-reference export (uncompressed).
    let csv_len = std::fs::metadata(public().join("catalogue.csv"))
        .unwrap()
        .len();
    let (index, _, _) = common::xref_export(&public());
    let xref_len: u64 = ["documents", "mentions"]
        .iter()
        .flat_map(|l| index[*l]["files"].as_array().unwrap().clone())
        .map(|f| common::gunzip_file(&public().join(f.as_str().unwrap())).len() as u64)
        .sum();
    assert!(csv_len * 10 < xref_len, "{csv_len} vs {xref_len}");
}

#[test]
fn organisation_and_theme_feeds_are_valid_atom_linked_from_their_pages() {
    for (page, feed) in [
        (
            "organisations/osce/index.html",
            "organisations/osce/feed.xml",
        ),
        (
            "themes/christchurch-call/index.html",
            "themes/christchurch-call/feed.xml",
        ),
        (
            "themes/christchurch-call/documents/index.html",
            "themes/christchurch-call/feed.xml",
        ),
    ] {
        let html = Html::parse_document(&read(page));
        let alt: Vec<String> = html
            .select(&Selector::parse("link[rel=alternate][type=\"application/atom+xml\"]").unwrap())
            .filter_map(|l| resolve(page, l.value().attr("href")?))
            .collect();
        assert!(
            alt.contains(&feed.to_string()),
            "{page} links {feed}: {alt:?}"
        );
        let parsed =
            feed_rs::parser::parse(read(feed).as_bytes()).unwrap_or_else(|e| panic!("{feed}: {e}"));
        assert_eq!(parsed.feed_type, feed_rs::model::FeedType::Atom);
        assert!(!parsed.id.is_empty());
        assert!(parsed.title.is_some() && parsed.updated.is_some());
        assert!(parsed.links.iter().any(|l| l.rel.as_deref() == Some("self")
            && l.href == format!("https://example.org/digest/{feed}")));
        assert!(
            !parsed.entries.is_empty() && parsed.entries.len() <= dossier::browse::FEED_ENTRIES
        );
        let mut last = None;
        for e in &parsed.entries {
            let href = &e.links[0].href;
            let rel = href
                .strip_prefix("https://example.org/digest/")
                .unwrap_or_else(|| panic!("{feed}: {href}"));
            assert!(
                public().join(rel).join("index.html").exists(),
                "{feed}: {href}"
            );
            assert!(e.title.is_some() && e.updated.is_some());
            if let Some(prev) = last {
                assert!(e.updated <= prev, "{feed}: newest first");
            }
            last = Some(e.updated);
        }
    }
    // The OSCE feed's entries are OSCE documents, newest first.
    let parsed = feed_rs::parser::parse(read("organisations/osce/feed.xml").as_bytes()).unwrap();
    let first: Vec<String> = listed("organisations/osce/")
        .into_iter()
        .take(parsed.entries.len())
        .map(|s| format!("https://example.org/digest/documents/{s}/"))
        .collect();
    let got: Vec<String> = parsed
        .entries
        .iter()
        .map(|e| e.links[0].href.clone())
        .collect();
    assert_eq!(got, first);
}

#[test]
fn heat_map_cells_link_the_theme_at_that_year() {
    let page = "themes/index.html";
    let html = Html::parse_document(&read(page));
    let cells: Vec<String> = html
        .select(&Selector::parse(".matrix td a").unwrap())
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    assert!(cells.len() > 100, "{} linked cells", cells.len());
    for href in cells.iter().step_by(7) {
        let (path, anchor) = href.split_once('#').expect("an anchor");
        let target = resolve(page, path).unwrap();
        assert!(
            target.starts_with("themes/") && target.contains("/documents/"),
            "{target}"
        );
        let text = read(&target);
        assert!(
            text.contains(&format!("id=\"{anchor}\"")),
            "{target}#{anchor}"
        );
    }
    let css = std::fs::read_dir(public())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .find(|n| n.starts_with("style."))
        .unwrap();
    assert!(read(&css).contains("sticky"), "the theme column is sticky");
}

#[test]
fn catalogue_csv_reads_back_as_an_ingest_catalogue() {
    // The seeds digest, built; its catalogue.csv then declared as the seeds' catalogue
    // with no mapping: ingest reads it without a problem, and the documents keep their
    // metadata.
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    for e in walkdir::WalkDir::new(repo().join("seeds")) {
        let e = e.unwrap();
        let to = root
            .join("seeds")
            .join(e.path().strip_prefix(repo().join("seeds")).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
        } else {
            std::fs::copy(e.path(), &to).unwrap();
        }
    }
    let out = common::dossier(root, &["build"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let before = load_documents(&root.join("content/documents")).unwrap().0;
    std::fs::copy(
        root.join("public/catalogue.csv"),
        root.join("catalogue.csv"),
    )
    .unwrap();
    std::fs::write(
        root.join("dossier.yaml"),
        "catalogues:\n  - file: catalogue.csv\n",
    )
    .unwrap();
    let out = common::dossier(root, &["ingest", "--force"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(!stderr.to_lowercase().contains("catalogue"), "{stderr}");
    let after = load_documents(&root.join("content/documents")).unwrap().0;
    assert_eq!(before.len(), 5);
    assert_eq!(after.len(), before.len());
    for (a, b) in before.iter().zip(&after) {
        assert_eq!(a.slug, b.slug);
        assert_eq!(
            (
                &a.meta.title,
                a.meta.date,
                &a.meta.kind,
                &a.meta.organisations
            ),
            (
                &b.meta.title,
                b.meta.date,
                &b.meta.kind,
                &b.meta.organisations
            )
        );
        assert_eq!(
            (
                &a.meta.authors,
                &a.meta.place,
                &a.meta.language,
                &a.meta.source
            ),
            (
                &b.meta.authors,
                &b.meta.place,
                &b.meta.language,
                &b.meta.source
            )
        );
    }
}
