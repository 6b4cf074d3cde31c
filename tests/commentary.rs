//! Commentary end to end: scaffolding, every citation kind, quotes, broken citations,
//! drafts, `dossier check`, and every page where commentary appears.

mod common;

use std::path::{Path, PathBuf};

use common::{digest_site, dossier};

use scraper::{Html, Selector};

const MINSK: &str = "international-high-level-conference-on-countering-terrorism";

/// A site with the digest's documents and themes, and an empty commentary folder.
fn site() -> tempfile::TempDir {
    let dir = digest_site(&["documents", "themes"]);
    std::fs::create_dir_all(dir.path().join("content/commentary")).unwrap();
    dir
}

fn write(root: &Path, name: &str, text: &str) -> PathBuf {
    let p = root.join("content/commentary").join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn page(root: &Path, rel: &str) -> Html {
    let text = std::fs::read_to_string(root.join("public").join(rel))
        .unwrap_or_else(|e| panic!("{rel}: {e}"));
    Html::parse_document(&text)
}

fn hrefs(doc: &Html, css: &str) -> Vec<String> {
    doc.select(&Selector::parse(css).unwrap())
        .filter_map(|a| a.value().attr("href").map(str::to_string))
        .collect()
}

fn text_of(doc: &Html, css: &str) -> String {
    doc.select(&Selector::parse(css).unwrap())
        .flat_map(|e| e.text())
        .collect::<Vec<_>>()
        .join(" ")
}

const OTHER: &str = "---\ntitle: Another note\ndate: 2026-01-02\n---\n\nA short note.\n";

fn note(body: &str) -> String {
    format!("---\ntitle: Minsk and Christchurch\ndate: 2026-11-20\nauthors: [A. Editor]\nsummary: What the co-chairs said.\nthemes: [christchurch-call]\n---\n\n{body}")
}

#[test]
fn every_citation_kind_and_where_commentary_appears() {
    let s = site();
    write(s.path(), "2026-01-02-another-note.md", OTHER);
    write(
        s.path(),
        "2026-11-20-minsk.md",
        &note(&format!(
            "The [co-chairs](doc:{MINSK}) welcomed the Call ([this passage](doc:{MINSK}#p-44)); see the [theme](theme:christchurch-call) and [](commentary:2026-01-02-another-note).\n\n{{{{quote doc:{MINSK}#p-44}}}}\n\n```rust\nfn main() {{}}\n```\n"
        )),
    );
    let out = dossier(s.path(), &["build"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let c = page(s.path(), "commentary/2026-11-20-minsk/index.html");
    let links = hrefs(&c, ".doc-body a");
    assert!(
        links.contains(&format!("../../documents/{MINSK}/")),
        "{links:?}"
    );
    // The old position anchor `p-44` resolves to the passage's anchor from its words.
    assert!(
        links.contains(&format!(
            "../../documents/{MINSK}/#p-christchurch-call-commitment-some"
        )),
        "{links:?}"
    );
    assert!(
        links.contains(&"../../themes/christchurch-call/".to_string()),
        "{links:?}"
    );
    assert!(
        links.contains(&"../../commentary/2026-01-02-another-note/".to_string()),
        "{links:?}"
    );
    assert!(
        text_of(&c, ".doc-body a").contains("Another note"),
        "empty link text becomes the title"
    );
    let quote = text_of(&c, ".doc-body blockquote");
    assert!(
        quote.contains("The Christchurch Call - a commitment by some governments"),
        "{quote}"
    );
    assert!(
        !c.select(&Selector::parse(".doc-body pre code span[class]").unwrap())
            .collect::<Vec<_>>()
            .is_empty(),
        "code is highlighted"
    );
    assert!(
        text_of(&c, ".doc-xref").contains("¶ “The Christchurch Call - a"),
        "what it cites lists the passage"
    );

    let d = page(s.path(), &format!("documents/{MINSK}/index.html"));
    assert!(hrefs(&d, ".doc-xref a").contains(&"../../commentary/2026-11-20-minsk/".to_string()));
    assert!(text_of(&d, ".doc-xref").contains("Commentary on this document"));
    let t = page(s.path(), "themes/christchurch-call/index.html");
    assert!(hrefs(&t, ".topic-side a").contains(&"../../commentary/2026-11-20-minsk/".to_string()));
    let index = page(s.path(), "commentary/index.html");
    assert_eq!(
        hrefs(&index, ".commentary-list a")[0],
        "../commentary/2026-11-20-minsk/",
        "newest first"
    );
    let home = page(s.path(), "index.html");
    assert!(
        hrefs(&home, ".commentary-list a").contains(&"commentary/2026-11-20-minsk/".to_string())
    );
    let feed = std::fs::read_to_string(s.path().join("public/feed.xml")).unwrap();
    assert!(
        feed.contains("<title>Minsk and Christchurch</title>"),
        "{feed}"
    );
    let xref: serde_json::Value =
        serde_json::from_slice(&std::fs::read(s.path().join("public/xref.json")).unwrap()).unwrap();
    let cites = &xref["commentary"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["slug"] == "2026-11-20-minsk")
        .unwrap()["cites"];
    assert_eq!(cites["themes"][0], "christchurch-call");
    assert_eq!(
        cites["documents"][0][1][0],
        "p-christchurch-call-commitment-some"
    );
}

#[test]
fn broken_citations_fail_with_file_line_and_suggestion() {
    let s = site();
    assert!(dossier(s.path(), &["build"]).status.success());
    let before = std::fs::read_to_string(s.path().join("public/index.html")).unwrap();
    let path = write(
        s.path(),
        "2026-11-20-minsk.md",
        &note("Fine.\n\nSee [x](doc:international-high-level-conference-on-countering-terorism).\n\n{{quote doc:international-high-level-conference-on-countering-terrorism#p-999}}\n\n[t](theme:christchurch)\n"),
    );
    let out = dossier(s.path(), &["build"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    let file = path.display().to_string();
    assert!(
        err.contains(&format!("{file}:11: cites a document that does not exist")),
        "{err}"
    );
    assert!(err.contains(&format!("did you mean `{MINSK}`?")), "{err}");
    assert!(
        err.contains(&format!("{file}:13: cites a passage that does not exist")),
        "{err}"
    );
    assert!(
        err.contains(&format!("{file}:15:")) && err.contains("did you mean `christchurch-call`?"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(s.path().join("public/index.html")).unwrap(),
        before,
        "previous site untouched"
    );

    // `dossier check` finds the same problems and writes nothing.
    let fresh = site();
    std::fs::copy(
        &path,
        fresh.path().join("content/commentary/2026-11-20-minsk.md"),
    )
    .unwrap();
    let out = dossier(fresh.path(), &["check"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("cites a passage that does not exist"));
    assert!(
        !fresh.path().join("public").exists(),
        "check writes no site"
    );
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let s = site();
    write(
        s.path(),
        "2026-11-21-draft.md",
        "---\ntitle: Work in progress\ndate: 2026-11-21\ndraft: true\n---\n\nNot yet.\n",
    );
    assert!(dossier(s.path(), &["build"]).status.success());
    assert!(!s
        .path()
        .join("public/commentary/2026-11-21-draft/index.html")
        .exists());
    assert!(
        !std::fs::read_to_string(s.path().join("public/commentary/index.html"))
            .unwrap()
            .contains("Work in progress")
    );
    assert!(dossier(s.path(), &["build", "--drafts"]).status.success());
    let d = page(s.path(), "commentary/2026-11-21-draft/index.html");
    assert!(text_of(&d, ".draft-badge").contains("Draft"));
}

#[test]
fn front_matter_is_checked() {
    let s = site();
    write(
        s.path(),
        "bad.md",
        "---\ntitle: Bad\ndate: 2026-11-21\ndraft: perhaps\n---\n",
    );
    let out = dossier(s.path(), &["check"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success() && err.contains("bad.md:4:"), "{err}");

    let s = site();
    write(
        s.path(),
        "a.md",
        "---\ntitle: A\ndate: 2026-11-21\nslug: same\nauthor: [X]\n---\n",
    );
    let out = dossier(s.path(), &["check"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains("unknown front-matter key `author`; did you mean `authors`?"));
    write(
        s.path(),
        "b.md",
        "---\ntitle: B\ndate: 2026-11-21\nslug: same\n---\n",
    );
    let out = dossier(s.path(), &["check"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("duplicate commentary slug `same`"));
}

#[test]
fn new_commentary_scaffolds_and_never_overwrites() {
    let s = site();
    let out = dossier(
        s.path(),
        &[
            "new",
            "commentary",
            "Cyber CBMs in 2019",
            "--author",
            "A. Editor",
            "--document",
            MINSK,
            "--theme",
            "cbms",
            "--date",
            "2026-11-24",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let path = String::from_utf8_lossy(&out.stdout).trim().to_string();
    assert!(
        path.ends_with("content/commentary/2026-11-24-cyber-cbms-in-2019.md"),
        "{path}"
    );
    let text = std::fs::read_to_string(&path).unwrap();
    for needle in [
        "title: Cyber CBMs in 2019",
        "date: 2026-11-24",
        "- A. Editor",
        "draft: true",
        "- cbms",
        &format!("- {MINSK}"),
    ] {
        assert!(text.contains(needle), "{needle}: {text}");
    }
    std::fs::write(&path, format!("{text}\nMy own words.\n")).unwrap();
    let again = dossier(
        s.path(),
        &[
            "new",
            "commentary",
            "Cyber CBMs in 2019",
            "--date",
            "2026-11-24",
        ],
    );
    assert!(!again.status.success());
    assert!(std::fs::read_to_string(&path)
        .unwrap()
        .contains("My own words."));
    let bad = dossier(s.path(), &["new", "commentary", "X", "--theme", "cbm"]);
    assert!(String::from_utf8_lossy(&bad.stderr).contains("did you mean `cbms`?"));
}
