//! Nothing a contributor writes reads or writes outside the site: slugs that are paths
//! (in sidecars, commentary, document and theme files), and seeds, sidecars, static
//! files, templates and folders that are symbolic links out of the site, are refused
//! with an error naming the file (and the line of `slug:`), and nothing is created
//! outside the temporary site (nor, on a failed build, in its output).

mod common;

use std::path::{Path, PathBuf};

use common::dossier;

/// A temporary folder holding the site (`site/`) and a folder outside it (`outside/`,
/// with `secret.txt`) for links to point at and hostile slugs to aim at.
struct Sandbox {
    dir: tempfile::TempDir,
}

impl Sandbox {
    fn new() -> Sandbox {
        let dir = tempfile::tempdir().unwrap();
        let s = Sandbox { dir };
        s.write(
            "site/content/documents/first.md",
            "---\ntitle: First\n---\n\nHello.\n",
        );
        s.write("outside/secret.txt", "TOP SECRET outside text\n");
        s
    }

    fn site(&self) -> PathBuf {
        self.dir.path().join("site")
    }

    fn outside(&self) -> PathBuf {
        self.dir.path().join("outside")
    }

    fn write(&self, rel: &str, text: &str) {
        let p = self.dir.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    #[cfg(unix)]
    fn link(&self, target: &Path, rel: &str) {
        let p = self.dir.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::os::unix::fs::symlink(target, p).unwrap();
    }

    /// Every path under the sandbox but the site, with its bytes.
    fn outside_tree(&self) -> Vec<(PathBuf, Vec<u8>)> {
        let site = self.site();
        let mut out: Vec<_> = walkdir::WalkDir::new(self.dir.path())
            .min_depth(1)
            .into_iter()
            .filter_entry(|e| e.path() != site)
            .map(|e| e.unwrap())
            .map(|e| {
                let bytes = if e.file_type().is_file() {
                    std::fs::read(e.path()).unwrap()
                } else {
                    Vec::new()
                };
                (e.path().to_path_buf(), bytes)
            })
            .collect();
        out.sort();
        out
    }

    /// Run `dossier args`, which must fail; the sandbox outside the site must be as it
    /// was, and no output (nor staging folder) left. Gives stderr.
    fn fails(&self, args: &[&str]) -> String {
        let before = self.outside_tree();
        let out = dossier(&self.site(), args);
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(!out.status.success(), "{args:?} succeeded:\n{stderr}");
        assert_eq!(
            before,
            self.outside_tree(),
            "{args:?} wrote outside the site"
        );
        if args[0] == "build" || args[0] == "check" {
            let left: Vec<_> = std::fs::read_dir(self.site())
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .filter(|n| n.starts_with(".public"))
                .collect();
            assert!(left.is_empty(), "a failed build left {left:?}");
        }
        stderr
    }

    /// Run `dossier args`, which must succeed without writing outside the site. Gives
    /// stderr (the warnings).
    fn succeeds(&self, args: &[&str]) -> String {
        let before = self.outside_tree();
        let out = dossier(&self.site(), args);
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(out.status.success(), "{args:?} failed:\n{stderr}");
        assert_eq!(
            before,
            self.outside_tree(),
            "{args:?} wrote outside the site"
        );
        stderr
    }

    /// No file of the site's output or content carries the outside file's text.
    fn nothing_leaked(&self) {
        for e in walkdir::WalkDir::new(self.site()).follow_links(false) {
            let e = e.unwrap();
            if e.file_type().is_file() {
                let bytes = std::fs::read(e.path()).unwrap();
                let text = String::from_utf8_lossy(&bytes);
                assert!(
                    !text.contains("TOP SECRET"),
                    "{} carries the outside file's text",
                    e.path().display()
                );
            }
        }
    }
}

const FORM: &str = "lowercase letters a-z, digits 0-9";

#[test]
fn sidecar_slugs_that_are_paths_are_refused() {
    let s = Sandbox::new();
    let abs = s.outside().join("abs");
    for (slug, line) in [
        ("../../../outside/rel".to_string(), 3),
        (abs.display().to_string(), 3),
        ("..".to_string(), 3),
        ("c:\\\\windows\\\\x".to_string(), 3),
    ] {
        s.write(
            "site/seeds/report.txt",
            "A Report\n\nSome text of the report.\n",
        );
        s.write(
            "site/seeds/report.yaml",
            &format!("title: A Report\nplace: Vienna\nslug: \"{slug}\"\n"),
        );
        let want = format!("report.yaml:{line}:");
        for cmd in ["ingest", "build", "check"] {
            let err = s.fails(&[cmd]);
            assert!(err.contains(&want), "{cmd} {slug}: {err}");
            assert!(err.contains(FORM), "{cmd} {slug}: {err}");
        }
        let docs: Vec<_> = std::fs::read_dir(s.site().join("content/documents"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(docs.len(), 1, "only first.md: {docs:?}");
    }
    // A good slug is used as it is.
    s.write(
        "site/seeds/report.yaml",
        "title: A Report\nslug: vienna-2019\n",
    );
    s.succeeds(&["ingest"]);
    assert!(s.site().join("content/documents/vienna-2019.md").is_file());
}

#[test]
fn commentary_slugs_that_are_paths_are_refused() {
    let s = Sandbox::new();
    let abs = s.outside().join("abs");
    for slug in [
        "../../../outside/rel".to_string(),
        "../../../../../../../../../../../tmp/dossier-issue-17".to_string(),
        abs.display().to_string(),
        "a/b".to_string(),
        String::new(),
    ] {
        s.write(
            "site/content/commentary/note.md",
            &format!("---\ntitle: Note\ndate: 2026-11-24\nslug: \"{slug}\"\n---\n\nText.\n"),
        );
        for cmd in ["build", "check"] {
            let err = s.fails(&[cmd]);
            assert!(err.contains("note.md:4:"), "{cmd} {slug:?}: {err}");
            assert!(err.contains(FORM), "{cmd} {slug:?}: {err}");
        }
        assert!(!Path::new("/tmp/dossier-issue-17").exists());
        assert!(
            !s.site().join("public").exists(),
            "a failed build wrote pages"
        );
    }
    // The file name is the slug otherwise, and must be one too.
    std::fs::remove_file(s.site().join("content/commentary/note.md")).unwrap();
    s.write(
        "site/content/commentary/...md",
        "---\ntitle: Dots\ndate: 2026-11-24\n---\n\nText.\n",
    );
    let err = s.fails(&["build"]);
    assert!(err.contains("...md"), "{err}");
    assert!(err.contains(FORM), "{err}");
}

#[test]
fn document_and_theme_slugs_come_from_checked_file_names() {
    let s = Sandbox::new();
    for name in ["...md", "Bad Name.md", "a\\b.md"] {
        for folder in ["documents", "themes"] {
            let rel = format!("site/content/{folder}/{name}");
            s.write(&rel, "---\ntitle: T\naliases: [zzz]\n---\n\nText.\n");
            let err = s.fails(&["build"]);
            assert!(err.contains(name), "{rel}: {err}");
            assert!(err.contains(FORM), "{rel}: {err}");
            std::fs::remove_file(s.dir.path().join(&rel)).unwrap();
        }
    }
    // Neither has a `slug:` key: one is ignored, with a warning at its line.
    let abs = s.outside().join("abs");
    s.write(
        "site/content/documents/second.md",
        &format!(
            "---\ntitle: Second\nslug: {}\n---\n\nText.\n",
            abs.display()
        ),
    );
    s.write(
        "site/content/themes/topic.md",
        "---\ntitle: Topic\naliases: [Hello]\nslug: ../../../outside/rel\n---\n\nText.\n",
    );
    let warnings = s.succeeds(&["build"]);
    assert!(warnings.contains("second.md:3"), "{warnings}");
    assert!(warnings.contains("topic.md:4"), "{warnings}");
    assert!(s
        .site()
        .join("public/documents/second/index.html")
        .is_file());
    assert!(s.site().join("public/themes/topic/index.html").is_file());
}

#[cfg(unix)]
#[test]
fn seeds_and_sidecars_linked_outside_are_refused() {
    let s = Sandbox::new();
    s.link(&s.outside().join("secret.txt"), "site/seeds/linked.txt");
    for cmd in ["ingest", "build", "check"] {
        let err = s.fails(&[cmd]);
        assert!(err.contains("linked.txt"), "{cmd}: {err}");
        assert!(err.contains("symbolic link"), "{cmd}: {err}");
    }
    s.nothing_leaked();
    std::fs::remove_file(s.site().join("seeds/linked.txt")).unwrap();

    // A sidecar too.
    s.write("site/seeds/report.txt", "A Report\n\nText.\n");
    s.write("outside/side.yaml", "title: TOP SECRET\n");
    s.link(&s.outside().join("side.yaml"), "site/seeds/report.yaml");
    let err = s.fails(&["ingest"]);
    assert!(err.contains("report.yaml"), "{err}");
    s.nothing_leaked();
    std::fs::remove_file(s.site().join("seeds/report.yaml")).unwrap();

    // A link inside the seeds folder is followed.
    s.write("site/seeds/real.txt", "Real Report\n\nText.\n");
    s.link(&s.site().join("seeds/real.txt"), "site/seeds/alias.txt");
    s.succeeds(&["build"]);
}

#[cfg(unix)]
#[test]
fn folders_linked_outside_are_refused_unless_configured() {
    let s = Sandbox::new();
    s.write("outside/seeds/report.txt", "TOP SECRET Report\n\nText.\n");
    s.link(&s.outside().join("seeds"), "site/seeds");
    let err = s.fails(&["build"]);
    assert!(err.contains("seeds"), "{err}");
    assert!(err.contains("outside the site folder"), "{err}");
    assert!(err.contains("paths:"), "{err}");
    s.nothing_leaked();
    std::fs::remove_file(s.site().join("seeds")).unwrap();

    // The output folder: a link out is never written through (nor emptied).
    s.link(&s.outside(), "site/public");
    let err = s.fails(&["build"]);
    assert!(err.contains("public"), "{err}");
    std::fs::remove_file(s.site().join("public")).unwrap();

    // Named in dossier.yaml, the outside folder is meant: its files are read...
    s.write("site/dossier.yaml", "paths:\n  seeds: ../outside/seeds\n");
    s.succeeds(&["build"]);
    assert!(s
        .site()
        .join("public/documents/top-secret-report/index.html")
        .is_file());
    // ...but not a link inside it that leads elsewhere.
    s.write("elsewhere/x.txt", "Elsewhere\n\nText.\n");
    s.link(&s.dir.path().join("elsewhere/x.txt"), "outside/seeds/x.txt");
    let err = s.fails(&["ingest"]);
    assert!(err.contains("x.txt"), "{err}");
}

#[cfg(unix)]
#[test]
fn static_files_and_templates_linked_outside_are_refused() {
    let s = Sandbox::new();
    for rel in [
        "site/static/leak.txt",
        "site/static/img/leak.png",
        "site/templates/home.html",
        "site/themes/default/static/leak.txt",
        "site/content/_index.md",
    ] {
        s.link(&s.outside().join("secret.txt"), rel);
        let err = s.fails(&["build"]);
        let name = rel.rsplit('/').next().unwrap();
        assert!(err.contains(name), "{rel}: {err}");
        assert!(err.contains("symbolic link"), "{rel}: {err}");
        s.nothing_leaked();
        std::fs::remove_file(s.dir.path().join(rel)).unwrap();
    }
    // A whole templates folder linked out.
    std::fs::remove_dir_all(s.site().join("templates")).unwrap();
    s.link(&s.outside(), "site/templates");
    let err = s.fails(&["build"]);
    assert!(err.contains("templates"), "{err}");
    std::fs::remove_file(s.site().join("templates")).unwrap();

    // A link to a file in the same folder is copied.
    s.write("site/static/logo.svg", "<svg/>");
    s.link(&s.site().join("static/logo.svg"), "site/static/alias.svg");
    s.succeeds(&["build"]);
    assert_eq!(
        std::fs::read(s.site().join("public/alias.svg")).unwrap(),
        b"<svg/>"
    );
}
