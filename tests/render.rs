//! Integration tests of `dossier build`: build fixture sites with the real binary and
//! check the output through an HTML parser.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use scraper::{Html, Selector};

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

/// A fresh copy of a fixture site in a temporary folder.
fn fixture(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    copy_dir(&src, dir.path());
    dir
}

fn dossier(root: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg("--root")
        .arg(root)
        .args(args)
        .output()
        .unwrap()
}

fn build_ok(root: &Path) -> PathBuf {
    let out = dossier(root, &["build"]);
    assert!(
        out.status.success(),
        "build failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    root.join("public")
}

fn page(public: &Path, rel: &str) -> Html {
    let text = std::fs::read_to_string(public.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    Html::parse_document(&text)
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

fn attrs(doc: &Html, selector: &str, attr: &str) -> Vec<String> {
    doc.select(&sel(selector))
        .filter_map(|e| e.value().attr(attr).map(str::to_string))
        .collect()
}

fn html_pages(public: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(public)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| e.path().to_path_buf())
        .collect()
}

#[test]
fn builds_every_page_with_summary_line() {
    let site = fixture("basic");
    let out = dossier(site.path(), &["build"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(stdout.lines().count(), 1, "one summary line: {stdout}");
    assert!(
        stdout.contains("pages") && stdout.contains("files"),
        "{stdout}"
    );
    let public = site.path().join("public");
    for f in [
        "index.html",
        "documents/index.html",
        "documents/alpha/index.html",
        "documents/beta/index.html",
        "themes/index.html",
        "commentary/index.html",
        "search/index.html",
        "404.html",
        "feed.xml",
        "sitemap.xml",
        "robots.txt",
    ] {
        assert!(public.join(f).is_file(), "missing {f}");
    }
    let css: Vec<_> = std::fs::read_dir(&public)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("style.") && n.ends_with(".css"))
        .collect();
    assert_eq!(css.len(), 1, "{css:?}");
    assert_eq!(css[0].len(), "style.12345678.css".len(), "{css:?}");
}

#[test]
fn verbose_prints_stage_timings() {
    let site = fixture("basic");
    let out = dossier(site.path(), &["-v", "build"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    for stage in ["load", "render", "linkcheck"] {
        assert!(stderr.contains(stage), "{stderr}");
    }
}

#[test]
fn headings_paragraphs_and_items_have_stable_unique_anchors() {
    let site = fixture("basic");
    let public = build_ok(site.path());
    let doc = page(&public, "documents/alpha/index.html");
    let body = sel(".doc-body");
    let body = doc.select(&body).next().expect("a .doc-body");
    let ids: Vec<String> = body
        .select(&sel("[id]"))
        .map(|e| e.value().attr("id").unwrap().to_string())
        .collect();
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "duplicate ids: {ids:?}");
    let headings: Vec<String> = body
        .select(&sel("h2, h3"))
        .map(|e| e.value().attr("id").unwrap().to_string())
        .collect();
    assert_eq!(headings, ["background", "background-2", "custom-id"]);
    for e in body.select(&sel("p, li")) {
        let id = e.value().attr("id").unwrap_or_default();
        assert!(
            id.starts_with("p-"),
            "paragraph or item without anchor: {}",
            e.html()
        );
    }
    // Anchors come from the passage's words; the old `p-1` is redirected to the first.
    let first = attrs(&doc, ".doc-body p", "id")[0].clone();
    assert!(
        first.len() > 4 && !first[2..].bytes().all(|b| b.is_ascii_digit()),
        "{first}"
    );
    let aliases: serde_json::Value = serde_json::from_str(
        &doc.select(&sel("#anchor-aliases"))
            .next()
            .expect("a table of old anchors")
            .text()
            .collect::<String>(),
    )
    .unwrap();
    assert_eq!(aliases["p-1"], first.as_str());
    // The table of contents links to the headings.
    assert_eq!(
        attrs(&doc, "#toc a", "href"),
        ["#background", "#background-2", "#custom-id"]
    );
    // Footnotes are collected after the body, with links both ways.
    let notes = attrs(&doc, "#footnotes li", "id");
    assert_eq!(notes, ["fn-n1"]);
    assert_eq!(attrs(&doc, ".doc-body sup a", "href"), ["#fn-n1"]);
    // Code is highlighted with classes, never inline styles.
    assert!(doc
        .select(&sel("pre.code span[class^='z-']"))
        .next()
        .is_some());
    assert!(doc.select(&sel(".doc-body [style]")).next().is_none());
    // The same input gives the same anchors.
    let again = build_ok(site.path());
    let doc2 = page(&again, "documents/alpha/index.html");
    assert_eq!(attrs(&doc2, ".doc-body [id]", "id"), ids);
}

#[test]
fn internal_links_are_relative_and_absolute_urls_only_where_required() {
    let site = fixture("basic");
    let public = build_ok(site.path());
    for path in html_pages(&public) {
        let rel = path
            .strip_prefix(&public)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        if rel == "404.html" {
            continue; // served at any address, so it links from the base path
        }
        let doc = page(&public, &rel);
        let mut links = attrs(&doc, "a[href]", "href");
        links.extend(attrs(&doc, "link[href]:not([rel=canonical])", "href"));
        links.extend(attrs(&doc, "img[src], script[src]", "src"));
        // A reference download is a `data:` link whose text holds the absolute URL.
        for l in links.into_iter().filter(|l| !l.starts_with("data:")) {
            assert!(!l.starts_with('/'), "{rel}: root-relative link {l}");
            assert!(
                !l.contains("example.org"),
                "{rel}: absolute internal link {l}"
            );
        }
        let canonical = attrs(&doc, "link[rel=canonical]", "href");
        assert_eq!(canonical.len(), 1, "{rel}");
        assert!(
            canonical[0].starts_with("https://example.org/digest/"),
            "{rel}: {canonical:?}"
        );
        let og = attrs(&doc, "meta[property='og:url']", "content");
        assert_eq!(og, canonical);
        assert_eq!(attrs(&doc, "html", "lang"), ["en-GB"]);
        assert_eq!(attrs(&doc, "meta[name=description]", "content").len(), 1);
    }
    let alpha = page(&public, "documents/alpha/index.html");
    let body_links = attrs(
        &alpha,
        ".doc-body a:not(.anchor):not(.footnote-back)",
        "href",
    );
    assert!(
        body_links.contains(&"../beta/#p-2".to_string()),
        "{body_links:?}"
    );
    assert!(
        body_links.contains(&"../beta/".to_string()),
        "beta.md is rewritten: {body_links:?}"
    );
    let nav = attrs(&alpha, "#site-nav a", "href");
    assert_eq!(nav[0], "../../documents/");
    let home = page(&public, "index.html");
    // `/documents/alpha/` in _index.md is made relative to the home page.
    assert!(attrs(&home, ".intro a", "href").contains(&"documents/alpha/".to_string()));
    assert_eq!(
        home.select(&sel("h1"))
            .next()
            .unwrap()
            .text()
            .collect::<String>(),
        "About this digest"
    );
    let notfound = page(&public, "404.html");
    assert!(attrs(&notfound, "#site-nav a", "href").contains(&"/digest/documents/".to_string()));
    let feed = std::fs::read_to_string(public.join("feed.xml")).unwrap();
    assert!(
        feed.contains("<id>https://example.org/digest/documents/alpha/</id>"),
        "{feed}"
    );
    let sitemap = std::fs::read_to_string(public.join("sitemap.xml")).unwrap();
    assert!(
        sitemap.contains("<loc>https://example.org/digest/documents/beta/</loc>"),
        "{sitemap}"
    );
    let robots = std::fs::read_to_string(public.join("robots.txt")).unwrap();
    assert!(
        robots.contains("Sitemap: https://example.org/digest/sitemap.xml"),
        "{robots}"
    );
}

#[test]
fn documents_are_listed_newest_first_with_prev_next() {
    let site = fixture("basic");
    let public = build_ok(site.path());
    let index = page(&public, "documents/index.html");
    let titles: Vec<String> = index
        .select(&sel(".doc-item-title a"))
        .map(|a| a.text().collect())
        .collect();
    assert_eq!(titles[1], "Alpha report");
    assert_eq!(titles[2], "Beta note");
    let meta: String = index
        .select(&sel(".doc-item-meta"))
        .nth(1)
        .unwrap()
        .text()
        .collect();
    assert!(
        meta.contains("8 November 2019") && meta.contains("Vienna") && meta.contains("OSCE"),
        "{meta}"
    );
    let alpha = page(&public, "documents/alpha/index.html");
    assert_eq!(
        attrs(&alpha, "a[rel=next]", "href"),
        ["../../documents/beta/"]
    );
    assert_eq!(
        attrs(&alpha, "a[rel=prev]", "href"),
        ["../../documents/hostile/"]
    );
}

/// A document in a language written right to left reads right to left on its page (title,
/// summary, body), and wherever its title or words are shown among others (listings,
/// previous/next), the browser finds their direction from the text (`dir="auto"`), so an
/// Arabic title in an English list keeps its word order.
#[test]
fn right_to_left_documents_keep_their_direction_on_every_page() {
    let site = fixture("basic");
    std::fs::write(
        site.path().join("content/documents/arabic.md"),
        "---\ntitle: معارضون يسيطرون على مخازن للصواريخ\ndate: 2013-08-04\nplace: دمشق، سوريا\n\
         language: ar\nsummary: أكدت جهات سورية معارضة أن فصائل مسلحة.\n---\n\
         وقال المرصد السوري لحقوق الإنسان.\n",
    )
    .unwrap();
    let public = build_ok(site.path());
    let doc = page(&public, "documents/arabic/index.html");
    for selector in ["#doc-title", ".doc-summary", ".doc-body"] {
        assert_eq!(attrs(&doc, selector, "dir"), ["rtl"], "{selector}");
    }
    let place: String = doc
        .select(&sel(".doc-facts dd"))
        .map(|d| d.text().collect::<String>())
        .collect();
    assert!(place.contains("دمشق، سوريا"), "{place}");
    let alpha = page(&public, "documents/alpha/index.html");
    assert_eq!(attrs(&alpha, "#doc-title", "dir"), Vec::<String>::new());
    assert_eq!(attrs(&alpha, ".doc-summary", "dir"), Vec::<String>::new());
    let index = page(&public, "documents/index.html");
    let arabic = index
        .select(&sel(".doc-item-title a"))
        .find(|a| a.value().attr("href").is_some_and(|h| h.contains("arabic")))
        .expect("the Arabic document is listed");
    assert_eq!(arabic.value().attr("dir"), Some("auto"));
    assert!(index
        .select(&sel(".doc-item-summary"))
        .all(|p| p.value().attr("dir") == Some("auto")));
    let neighbours: Vec<String> = ["alpha", "beta", "hostile"]
        .iter()
        .flat_map(|s| {
            attrs(
                &page(&public, &format!("documents/{s}/index.html")),
                ".prev-next .title",
                "dir",
            )
        })
        .collect();
    assert!(
        !neighbours.is_empty() && neighbours.iter().all(|d| d == "auto"),
        "{neighbours:?}"
    );
}

/// Titles and organisation names that open on a figure or on a letter of another script
/// make one `#` group before A in title order, so every anchor of a listing is unique
/// (they had made two `l-other` groups, one before A and one after Z).
#[test]
fn titles_in_other_scripts_and_figures_make_one_group_with_a_unique_anchor() {
    let site = fixture("basic");
    for (slug, title, org) in [
        (
            "cyrillic",
            "Справа «Гарькавий проти України»",
            "Європейський суд",
        ),
        ("figure", "2025 Political Declaration", "2030 Agenda Group"),
        ("hangul", "기후위기 대응을 위한 법률안", "환경노동위원회"),
    ] {
        std::fs::write(
            site.path().join(format!("content/documents/{slug}.md")),
            format!("---\ntitle: {title}\ndate: 2020-01-01\norganisations: [{org}]\n---\nText of {slug}.\n"),
        )
        .unwrap();
    }
    let public = build_ok(site.path());
    for rel in ["documents/by-title.html", "organisations/index.html"] {
        let doc = page(&public, rel);
        let ids = attrs(&doc, "[id]", "id");
        let unique: std::collections::HashSet<&String> = ids.iter().collect();
        assert_eq!(unique.len(), ids.len(), "{rel}: {ids:?}");
        assert_eq!(
            ids.iter().filter(|i| *i == "l-other").count(),
            1,
            "{rel}: {ids:?}"
        );
    }
}

#[test]
fn hostile_text_is_escaped_everywhere() {
    let site = fixture("basic");
    let public = build_ok(site.path());
    for path in html_pages(&public) {
        let text = std::fs::read_to_string(&path).unwrap();
        let doc = Html::parse_document(&text);
        let rel = path.display();
        // The only scripts are the site's own (search UI, cite.js), by URL, never inline;
        // data blocks (JSON-LD, old anchors) are JSON that parses, with no `<` in them.
        for script in doc.select(&sel("script")) {
            let src = script.value().attr("src").unwrap_or("");
            let data = matches!(
                script.value().attr("type"),
                Some("application/ld+json" | "application/json")
            );
            if data {
                let body: String = script.text().collect();
                assert!(!body.contains('<'), "{rel}: {body}");
                serde_json::from_str::<serde_json::Value>(&body)
                    .unwrap_or_else(|e| panic!("{rel}: data block does not parse: {e}"));
                continue;
            }
            assert!(
                (src.ends_with("search/js/ui.js")
                    || src.ends_with("cite.js")
                    || src.ends_with("browse.js"))
                    && script.text().next().is_none(),
                "{rel}: a <script> element that is not the site's own: {}",
                script.html()
            );
        }
        assert!(
            doc.select(&sel("iframe, img[onerror], [onclick], [onmouseover], b"))
                .next()
                .is_none(),
            "{rel}"
        );
        for href in attrs(&doc, "[href]", "href")
            .into_iter()
            .chain(attrs(&doc, "[src]", "src"))
        {
            assert!(!href.to_lowercase().contains("script:"), "{rel}: {href}");
        }
        let raw_scripts = text.matches("<script").count();
        let ours = [
            "<script type=\"module\" src=\"",
            "<script src=\"",
            "<script type=\"application/ld+json\">",
            "<script type=\"application/json\" id=\"anchor-aliases\">",
        ]
        .iter()
        .map(|s| text.matches(s).count())
        .sum::<usize>();
        assert_eq!(raw_scripts, ours, "{rel}: raw <script in output");
    }
    let doc = page(&public, "documents/hostile/index.html");
    let h1: String = doc
        .select(&sel("h1#doc-title"))
        .next()
        .unwrap()
        .text()
        .collect();
    assert_eq!(h1, "<script>alert('title')</script> Hostile");
    let title: String = doc.select(&sel("title")).next().unwrap().text().collect();
    assert!(
        title.starts_with("<script>alert('title')</script> Hostile"),
        "{title}"
    );
    let body: String = doc
        .select(&sel(".doc-body"))
        .next()
        .unwrap()
        .text()
        .collect();
    assert!(
        body.contains("<script>alert('block')</script>"),
        "shown as text: {body}"
    );
    assert!(body.contains("<div onclick=\"alert('div')\">"), "{body}");
    let feed = std::fs::read_to_string(public.join("feed.xml")).unwrap();
    assert!(!feed.contains("<script"), "{feed}");
}

#[test]
fn site_files_override_theme_files_which_override_the_builtin_theme() {
    let site = fixture("overrides");
    let public = build_ok(site.path());
    let search = page(&public, "search/index.html");
    let h1: String = search
        .select(&sel("#marker"))
        .next()
        .unwrap()
        .text()
        .collect();
    assert_eq!(h1, "SITE search template");
    let themes = page(&public, "themes/index.html");
    let h1: String = themes
        .select(&sel("#marker"))
        .next()
        .unwrap()
        .text()
        .collect();
    assert_eq!(h1, "THEME themes template");
    // Templates neither overrides comes from the built-in theme.
    let home = page(&public, "index.html");
    assert!(home.select(&sel("#site-nav")).next().is_some());
    let favicon = std::fs::read_to_string(public.join("favicon.svg")).unwrap();
    assert!(favicon.contains("site favicon"), "{favicon}");
    assert_eq!(
        std::fs::read_to_string(public.join("extra.txt")).unwrap(),
        "from the theme\n"
    );
}

#[test]
fn failed_build_leaves_previous_output_untouched() {
    let site = fixture("basic");
    let public = build_ok(site.path());
    let before = std::fs::read_to_string(public.join("documents/alpha/index.html")).unwrap();
    std::fs::write(
        site.path().join("content/documents/gamma.md"),
        "---\ntitle: Gamma\n---\nFine line.\n\nA [broken link](../nowhere/) here.\n",
    )
    .unwrap();
    let out = dossier(site.path(), &["build"]);
    assert!(!out.status.success());
    assert_eq!(
        std::fs::read_to_string(public.join("documents/alpha/index.html")).unwrap(),
        before
    );
    assert!(!public.join("documents/gamma").exists());
    let leftovers: Vec<String> = std::fs::read_dir(site.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public") && n != ".public.manifest.json")
        .collect();
    assert!(
        leftovers.is_empty(),
        "temporary folders left: {leftovers:?}"
    );
}

#[test]
fn broken_links_fail_the_build_naming_file_and_line() {
    let site = fixture("basic");
    std::fs::write(
        site.path().join("content/documents/gamma.md"),
        "---\ntitle: Gamma\n---\nFirst line.\n\nSee [nothing](../nowhere/) and\n[a missing passage](../beta/#p-99).\n",
    )
    .unwrap();
    let out = dossier(site.path(), &["build"]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    let file = site.path().join("content/documents/gamma.md");
    assert!(
        stderr.contains(&format!("{}:6: broken link `../nowhere/`", file.display())),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!(
            "{}:7: broken link `../beta/#p-99`",
            file.display()
        )),
        "{stderr}"
    );
    assert!(stderr.contains("no element with id `p-99`"), "{stderr}");
    assert!(
        !site.path().join("public").exists(),
        "no output from a failed first build"
    );
}

#[test]
fn template_errors_name_template_and_line() {
    let site = fixture("basic");
    std::fs::create_dir_all(site.path().join("templates")).unwrap();
    std::fs::write(
        site.path().join("templates/search.html"),
        "{% extends \"base.html\" %}\n{% block main %}\n<p>{{ page.title | nosuchfilter }}</p>\n{% endblock %}\n",
    )
    .unwrap();
    let out = dossier(site.path(), &["build"]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    let want = format!("{}:3:", site.path().join("templates/search.html").display());
    assert!(stderr.contains(&want), "{stderr}");
    assert!(stderr.contains("nosuchfilter"), "{stderr}");
}

#[test]
fn seeds_digest_links_each_document_to_its_original() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds"),
        &dir.path().join("seeds"),
    );
    let public = build_ok(dir.path());
    let docs: Vec<_> = std::fs::read_dir(public.join("documents"))
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .collect();
    assert_eq!(docs.len(), 5);
    for d in docs {
        let doc = page(
            &public,
            &format!("documents/{}/index.html", d.file_name().to_string_lossy()),
        );
        // The facts also link the document's terms (organisations, kind, year...).
        let links: Vec<String> = attrs(&doc, ".doc-facts a", "href")
            .into_iter()
            .filter(|h| !h.ends_with('/'))
            .collect();
        assert_eq!(
            links,
            ["../../documents/".to_string() + &d.file_name().to_string_lossy() + "/source.txt"]
        );
        assert!(d.path().join("source.txt").is_file());
    }
}

#[test]
fn document_page_snapshot() {
    let site = fixture("basic");
    let public = build_ok(site.path());
    let html = std::fs::read_to_string(public.join("documents/beta/index.html")).unwrap();
    // Asset names carry content hashes; keep the snapshot about the page.
    let re = regex::Regex::new(r"\.[0-9a-f]{8}\.css").unwrap();
    insta::assert_snapshot!(re.replace_all(&html, ".HASH.css"));
}
