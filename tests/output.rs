//! The output on disk: a rebuild after edits, creates, renames and deletes gives the same
//! bytes as a cold build; unchanged files are not written again; a killed build leaves
//! debris that the next build removes; the file budget holds on a generated digest; the
//! host check warns and fails.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::dossier;
use common::generated::{document, generated_site, Rng};

/// Every file under `dir`, by relative path.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

fn build(root: &Path, args: &[&str]) -> String {
    let out = dossier(root, &[&["build"], args].concat());
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{stderr}");
    stderr + &String::from_utf8_lossy(&out.stdout)
}

fn assert_same_trees(a: &Path, b: &Path, after: &str) {
    let (ta, tb) = (tree(a), tree(b));
    let only_a: Vec<_> = ta.keys().filter(|k| !tb.contains_key(*k)).collect();
    let only_b: Vec<_> = tb.keys().filter(|k| !ta.contains_key(*k)).collect();
    assert!(
        only_a.is_empty() && only_b.is_empty(),
        "after {after}: only in rebuild {only_a:?}, only in cold build {only_b:?}"
    );
    for (path, bytes) in &ta {
        assert!(
            bytes == &tb[path],
            "after {after}: {path} differs from a cold build"
        );
    }
}

fn debris(parent: &Path) -> Vec<String> {
    std::fs::read_dir(parent)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tmp-") || n.contains(".old-"))
        .collect()
}

#[test]
fn rebuilds_after_edits_equal_a_cold_build_and_write_only_what_changed() {
    let (site, sentences) = generated_site(300);
    let root = site.path();
    let docs = root.join("content/documents");
    let first = build(root, &[]);
    assert!(first.contains("300 documents"), "{first}");

    // Nothing changed: nothing is built again.
    let again = build(root, &[]);
    assert!(again.contains("is up to date"), "{again}");

    // One edit: only the pages that show the document are written.
    let path = docs.join("gen-0042.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace("## Section 1", "## Section one, renamed"),
    )
    .unwrap();
    let one = build(root, &[]);
    let written: usize = one
        .trim_end()
        .split("; ")
        .find_map(|p| {
            p.strip_suffix(" unchanged)")
                .and(p.split(" files written").next())
        })
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no count of written files in {one}"));
    assert!(
        written > 0 && written < 40,
        "one heading edited rewrote {written} files: {one}"
    );

    // Edits, creates, renames and deletes, several at a time.
    let mut rng = Rng(99);
    for i in [3, 77, 150, 299] {
        let p = docs.join(format!("gen-{i:04}.md"));
        let mut t = std::fs::read_to_string(&p).unwrap();
        t.push_str(&format!("\n\n{}\n", sentences[rng.below(sentences.len())]));
        std::fs::write(&p, t).unwrap();
    }
    for i in 300..305 {
        std::fs::write(
            docs.join(format!("gen-{i:04}.md")),
            document(&mut rng, &sentences, i),
        )
        .unwrap();
    }
    std::fs::rename(docs.join("gen-0010.md"), docs.join("gen-renamed.md")).unwrap();
    std::fs::remove_file(docs.join("gen-0011.md")).unwrap();
    std::fs::remove_file(docs.join("gen-0200.md")).unwrap();
    build(root, &[]);

    let cold = root.join("cold");
    build(root, &["--output", cold.to_str().unwrap()]);
    assert_same_trees(
        &root.join("public"),
        &cold,
        "edits, creates, renames and deletes",
    );
    assert!(debris(root).is_empty(), "{:?}", debris(root));
}

/// How many pages a build read back from the previous output instead of rendering; never
/// more than the pages it counts ("N pages (M unchanged, read back)").
fn read_back(report: &str) -> usize {
    let number = |s: Option<&str>| s.and_then(|n| n.trim().parse::<usize>().ok());
    let head = report.split(" unchanged, read back)").next();
    let kept = number(head.and_then(|h| h.rsplit('(').next()))
        .unwrap_or_else(|| panic!("no count of pages read back in {report}"));
    let pages = number(
        head.and_then(|h| h.rsplit(" pages (").nth(1))
            .and_then(|h| h.rsplit(' ').next()),
    )
    .unwrap_or_else(|| panic!("no count of pages in {report}"));
    assert!(kept < pages, "{kept} pages read back of {pages}: {report}");
    kept
}

#[test]
fn a_rebuild_reads_back_unchanged_pages_and_renders_what_site_wide_inputs_change() {
    let (site, sentences) = generated_site(60);
    let root = site.path();
    let docs = root.join("content/documents");
    let first = build(root, &[]);
    assert_eq!(read_back(&first), 0, "{first}");
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));

    // Each change, then a rebuild: it must equal a cold build. `all_pages`: the change
    // shows on every page, so none may be read back.
    type Change = Box<dyn Fn(&Path)>;
    let changes: Vec<(&str, bool, Change)> = vec![
        (
            "a document edited",
            false,
            Box::new(move |root: &Path| {
                let p = root.join("content/documents/gen-0007.md");
                let t = std::fs::read_to_string(&p).unwrap();
                std::fs::write(&p, format!("{t}\n\n{}\n", sentences[3])).unwrap();
            }),
        ),
        (
            "the site's title",
            true,
            Box::new(|root: &Path| {
                std::fs::write(root.join("dossier.yaml"), "title: Another Digest\n").unwrap();
            }),
        ),
        (
            "the document template overridden",
            false,
            Box::new(move |root: &Path| {
                let t =
                    std::fs::read_to_string(repo.join("themes/default/templates/document.html"))
                        .unwrap();
                std::fs::create_dir_all(root.join("templates")).unwrap();
                std::fs::write(
                    root.join("templates/document.html"),
                    format!("{{# overridden #}}<!-- site override -->\n{t}"),
                )
                .unwrap();
            }),
        ),
        (
            "a stylesheet overridden (its hashed name changes)",
            true,
            Box::new(move |root: &Path| {
                let css =
                    std::fs::read_to_string(repo.join("themes/default/static/_base.css")).unwrap();
                std::fs::create_dir_all(root.join("static")).unwrap();
                std::fs::write(
                    root.join("static/_base.css"),
                    format!("{css}\nbody {{ letter-spacing: 0.01em; }}\n"),
                )
                .unwrap();
            }),
        ),
        (
            "a theme given another alias",
            false,
            Box::new(|root: &Path| {
                let p = root.join("content/themes/human-rights.md");
                let t = std::fs::read_to_string(&p).unwrap();
                std::fs::write(&p, t.replacen("aliases: [", "aliases: [civil society, ", 1))
                    .unwrap();
            }),
        ),
        (
            "commentary citing a document",
            false,
            Box::new(|root: &Path| {
                let dir = root.join("content/commentary");
                std::fs::create_dir_all(&dir).unwrap();
                std::fs::write(
                    dir.join("2026-12-01-a-note.md"),
                    "---\ntitle: A note\ndate: 2026-12-01\n---\nSee [this document](doc:gen-0012).\n",
                )
                .unwrap();
            }),
        ),
        (
            "a document made a draft",
            false,
            Box::new(|root: &Path| {
                let p = root.join("content/documents/gen-0020.md");
                let t = std::fs::read_to_string(&p).unwrap();
                std::fs::write(&p, t.replacen("---\n", "---\ndraft: true\n", 1)).unwrap();
            }),
        ),
    ];
    for (n, (what, all_pages, change)) in changes.iter().enumerate() {
        change(root);
        let report = build(root, &[]);
        let kept = read_back(&report);
        if *all_pages {
            assert_eq!(kept, 0, "after {what}, pages were read back: {report}");
        } else {
            assert!(
                kept > 30,
                "after {what}, only {kept} pages were read back: {report}"
            );
        }
        let cold = root.join(format!("cold-{n}"));
        build(root, &["--output", cold.to_str().unwrap()]);
        assert_same_trees(&root.join("public"), &cold, what);
    }
    assert!(docs.join("gen-0020.md").exists());
}

#[test]
fn a_killed_build_leaves_debris_the_next_build_removes() {
    let (site, _) = generated_site(400);
    let root = site.path();
    kill_a_build_once_it_stages(root);
    build(root, &[]);
    assert!(debris(root).is_empty(), "debris left: {:?}", debris(root));
    let cold = root.join("cold");
    build(root, &["--output", cold.to_str().unwrap()]);
    assert_same_trees(&root.join("public"), &cold, "a killed build");
}

/// The output before last is kept as a spare and recycled as the next build's staging
/// folder: a build killed while staging into it leaves debris like any other, and the
/// next build is still right.
#[test]
fn a_build_killed_while_recycling_the_spare_leaves_debris_the_next_build_removes() {
    let (site, _) = generated_site(400);
    let root = site.path();
    build(root, &[]);
    let path = root.join("content/documents/gen-0007.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("## Section 1", "## Section one")).unwrap();
    build(root, &[]);
    assert!(root.join(".public.spare").is_dir(), "no spare was kept");
    std::fs::write(&path, text.replace("## Section 1", "## Section uno")).unwrap();
    kill_a_build_once_it_stages(root);
    std::fs::write(&path, text.replace("## Section 1", "## Section eins")).unwrap();
    build(root, &[]);
    assert!(debris(root).is_empty(), "debris left: {:?}", debris(root));
    let cold = root.join("cold");
    build(root, &["--output", cold.to_str().unwrap()]);
    assert_same_trees(
        &root.join("public"),
        &cold,
        "a build killed while recycling",
    );
}

fn kill_a_build_once_it_stages(root: &Path) {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg("--root")
        .arg(root)
        .arg("build")
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Kill it once it has started writing its staging folder.
    let started = std::time::Instant::now();
    while debris(root).is_empty() {
        assert!(
            started.elapsed().as_secs() < 120,
            "the build never staged anything"
        );
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    std::thread::sleep(std::time::Duration::from_millis(200));
    child.kill().unwrap();
    child.wait().unwrap();
    let left = debris(root);
    assert!(
        !left.is_empty() || root.join("public").exists(),
        "the build was killed too late to test"
    );
}

#[test]
fn a_failed_build_leaves_the_previous_output_whole() {
    let (site, _) = generated_site(30);
    let root = site.path();
    build(root, &[]);
    let before = tree(&root.join("public"));
    // A template that fails to render halfway through the pages.
    let templates = root.join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(templates.join("document.html"), "{% if doc.title == 'Generated document 17' %}{{ nope.nope.nope }}{% endif %}{{ doc.title }}").unwrap();
    let out = dossier(root, &["build"]);
    assert!(!out.status.success());
    assert_eq!(
        tree(&root.join("public")),
        before,
        "the previous output changed"
    );
    assert!(debris(root).is_empty(), "{:?}", debris(root));
}

#[test]
fn the_output_stays_within_its_file_budget() {
    // At most 1.5 files per document, plus a fixed part (themes, facets, search shards,
    // assets) that does not grow with the documents.
    let n = 1000;
    let (site, _) = generated_site(n);
    let root = site.path();
    build(root, &[]);
    let files = tree(&root.join("public"));
    let biggest = files.iter().map(|(p, b)| (b.len(), p)).max().unwrap();
    assert!(
        files.len() <= n * 3 / 2,
        "{} files for {n} documents",
        files.len()
    );
    assert!(biggest.0 < 20 << 20, "{biggest:?}");
}

#[test]
fn the_host_check_warns_near_a_limit_and_fails_past_it() {
    let (site, _) = generated_site(20);
    let root = site.path();
    // A static file of 24 MiB is near Cloudflare Pages' 25 MiB per file...
    let mut pdf = b"binary\n".to_vec();
    pdf.resize(24 << 20, b' ');
    let statics = root.join("static");
    std::fs::create_dir_all(&statics).unwrap();
    std::fs::write(statics.join("big.bin"), &pdf).unwrap();
    let near = build(root, &["--host", "cloudflare-pages"]);
    assert!(
        near.contains(
            "big.bin is 24.0 MiB and is near cloudflare-pages's limit of 25.0 MiB per file"
        ),
        "{near}"
    );

    // ...and one of 26 MiB is past it: the build fails, naming the file, and the previous
    // output stays as it was.
    pdf.resize(26 << 20, b' ');
    std::fs::write(statics.join("big.bin"), &pdf).unwrap();
    let out = dossier(root, &["build", "--host", "cloudflare-pages"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        stderr.contains("big.bin is 26.0 MiB and is past cloudflare-pages's limit"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::metadata(root.join("public/big.bin"))
            .unwrap()
            .len(),
        24 << 20
    );
    // The generic host only advises.
    let generic = build(root, &["--host", "generic"]);
    assert!(
        generic.contains("big.bin is 26.0 MiB and is past generic's limit"),
        "{generic}"
    );
    // `hosting:` in dossier.yaml names the host when --host does not.
    std::fs::write(root.join("dossier.yaml"), "hosting: cloudflare-pages\n").unwrap();
    assert!(!dossier(root, &["build"]).status.success());
}
