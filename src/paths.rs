//! Paths from content: the one place that decides which names dossier turns into paths,
//! and which files and folders it may read from or write to. Takes names (slugs, output
//! paths, URL paths) and paths; gives checked paths or errors that name the file, the
//! line and what to do.
//!
//! The rules (see README, "Threat model"):
//! - a **slug** (a document's, a commentary page's, a theme's) is 1 to
//!   [`SLUG_MAX`] characters of `a-z`, `0-9`, `-` and `_` ([`check_slug`]): never `/`,
//!   `\`, `.`, `..`, a drive letter, an absolute path or empty;
//! - an **output path** is a relative, `/`-separated path of plain names, joined to its
//!   folder only by [`join_inside`], so nothing is written outside that folder;
//! - a **file read from a content folder** (seeds, sidecars, templates, static files)
//!   that is a symbolic link must resolve inside that folder ([`inside_folder`]);
//! - a **folder** (seeds, content, the look's layers, the output) must resolve inside the
//!   site root, unless `dossier.yaml` names a folder outside the root on purpose
//!   (`paths:` with an absolute path or one starting with `..`): then inside that folder
//!   ([`Fence`]).

use std::path::{Component, Path, PathBuf};

use crate::config::{Site, CONFIG_FILE};
use crate::error::{Error, Result};

/// The longest slug, in characters (file names stay well under the usual 255 bytes).
pub const SLUG_MAX: usize = 200;

/// The allowed form of a slug, for messages.
pub const SLUG_FORM: &str =
    "a slug is 1 to 200 characters of lowercase letters a-z, digits 0-9, `-` and `_` (e.g. `cyber-norms-2019`)";

/// Why `slug` is not a slug, or `Ok` when it is one (see [`SLUG_FORM`]).
pub fn check_slug(slug: &str) -> std::result::Result<(), &'static str> {
    if slug.is_empty() {
        return Err("it is empty");
    }
    if slug.chars().count() > SLUG_MAX {
        return Err("it is too long");
    }
    if slug.starts_with('/') || slug.starts_with('\\') {
        return Err("it is an absolute path");
    }
    let b = slug.as_bytes();
    if b.len() >= 2 && b[1] == b':' && b[0].is_ascii_alphabetic() {
        return Err("it starts with a drive letter");
    }
    if slug.contains("..") || slug == "." {
        return Err("it contains `.` or `..`");
    }
    if slug.contains(['/', '\\']) {
        return Err("it contains a path separator");
    }
    if slug.chars().any(char::is_control) {
        return Err("it contains a control character");
    }
    if slug.chars().any(|c| c.is_ascii_uppercase()) {
        return Err("it contains an uppercase letter");
    }
    if !slug
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
    {
        return Err("it contains a character other than a-z, 0-9, `-` and `_`");
    }
    Ok(())
}

/// The 1-based line of `key:` in YAML that starts at line `first_line` of its file.
pub fn key_line(yaml: &str, first_line: usize, key: &str) -> Option<usize> {
    let prefix = format!("{key}:");
    yaml.lines()
        .position(|l| l.starts_with(&prefix))
        .map(|i| i + first_line)
}

/// Check a slug set by a `slug:` key in `path` (whose YAML starts at line `first_line`).
pub fn slug_from_key(path: &Path, yaml: &str, first_line: usize, slug: &str) -> Result<()> {
    check_slug(slug).map_err(|why| {
        Error::input(
            path,
            key_line(yaml, first_line, "slug").or(Some(first_line)),
            format!("invalid `slug: {slug}`: {why}"),
            format!("{SLUG_FORM}; fix or remove `slug:`"),
        )
    })
}

/// Check a slug taken from a file name (`<slug>.md`).
pub fn slug_from_name(path: &Path, slug: &str) -> Result<()> {
    check_slug(slug).map_err(|why| {
        Error::input(
            path,
            None,
            format!("the file name gives the slug {slug:?}, which is not allowed: {why}"),
            format!("{SLUG_FORM}; rename the file"),
        )
    })
}

/// Check the slug ingest chose for `seed`: a bad one came from its sidecar
/// (`seeds/<name>.yaml`), which the error names with the line of `slug:`.
pub fn document_slug(seed: &Path, slug: &str) -> Result<()> {
    if check_slug(slug).is_ok() {
        return Ok(());
    }
    for ext in ["yaml", "yml"] {
        let sidecar = seed.with_extension(ext);
        if let Ok(text) = std::fs::read_to_string(&sidecar) {
            return slug_from_key(&sidecar, &text, 1, slug);
        }
    }
    let why = check_slug(slug).err().unwrap_or_default();
    Err(Error::input(
        seed,
        None,
        format!("the slug {slug:?} made from the title is not allowed: {why}"),
        format!("{SLUG_FORM}; set `slug:` in a sidecar .yaml beside the seed"),
    ))
}

/// Why `rel` is not a plain relative output path, or `Ok`.
fn check_relative(rel: &str) -> std::result::Result<(), &'static str> {
    if rel.is_empty() {
        return Err("it is empty");
    }
    if rel.starts_with('/') || Path::new(rel).has_root() {
        return Err("it is absolute");
    }
    for part in rel.split('/') {
        match part {
            "" => return Err("it has an empty part"),
            "." | ".." => return Err("it has a `.` or `..` part"),
            p if p.contains(['\\', '\0', ':']) => {
                return Err("it has a `\\`, `:` or NUL character")
            }
            _ => {}
        }
    }
    if Path::new(rel)
        .components()
        .any(|c| !matches!(c, Component::Normal(_)))
    {
        return Err("it is not a plain relative path");
    }
    Ok(())
}

/// `base` joined with the `/`-separated relative path `rel`, refused unless the result
/// stays inside `base` (no `..`, no absolute path, no drive letter, no `\`). Nothing is
/// written before this is asked, so a bad path writes nothing.
pub fn join_inside(base: &Path, rel: &str) -> Result<PathBuf> {
    check_relative(rel).map_err(|why| {
        Error::input(
            base,
            None,
            format!("refused to write {rel:?} here: {why}, so it could leave this folder"),
            "please report this: a slug or file name got past its checks",
        )
    })?;
    Ok(base.join(rel))
}

fn canonical(path: &Path) -> Result<PathBuf> {
    path.canonicalize().map_err(|e| Error::io(path, e))
}

/// `path` (a file listed in `dir`) resolved after symbolic links, refused when it leads
/// outside `dir`.
pub fn inside_folder(dir: &Path, path: &Path) -> Result<PathBuf> {
    let real = canonical(path)?;
    let folder = canonical(dir)?;
    if real.starts_with(&folder) {
        return Ok(real);
    }
    Err(Error::input(
        path,
        None,
        format!(
            "refused: a symbolic link to {}, outside {}",
            real.display(),
            dir.display()
        ),
        "dossier reads only files inside the site; copy the file into the folder instead of linking to it",
    ))
}

/// The folders reads and writes may resolve into: the site root, and the folders
/// `dossier.yaml` names outside it on purpose.
#[derive(Debug, Clone)]
pub struct Fence {
    root: PathBuf,
    /// Canonical.
    allowed: Vec<PathBuf>,
}

/// Whether a configured path leaves the root by itself (absolute, or through `..`).
fn names_outside(p: &Path) -> bool {
    let mut depth = 0usize;
    for c in p.components() {
        match c {
            Component::Prefix(_) | Component::RootDir => return true,
            Component::ParentDir if depth == 0 => return true,
            Component::ParentDir => depth -= 1,
            Component::Normal(_) => depth += 1,
            Component::CurDir => {}
        }
    }
    false
}

impl Fence {
    pub fn of(site: &Site) -> Result<Fence> {
        let mut allowed = vec![canonical(&site.root)?];
        let paths = &site.config.paths;
        for p in [&paths.seeds, &paths.content, &paths.themes, &paths.output] {
            if names_outside(p) {
                if let Ok(real) = site.root.join(p).canonicalize() {
                    allowed.push(real);
                }
            }
        }
        Ok(Fence {
            root: site.root.clone(),
            allowed,
        })
    }

    /// Refuse `dir` (when it exists) if it resolves outside the fence.
    pub fn folder(&self, dir: &Path) -> Result<()> {
        let Ok(real) = dir.canonicalize() else {
            return Ok(()); // missing: nothing to read, and written folders are made inside
        };
        if self.allowed.iter().any(|a| real.starts_with(a)) {
            return Ok(());
        }
        Err(Error::input(
            dir,
            None,
            format!(
                "refused: this folder resolves to {}, outside the site folder {}",
                real.display(),
                self.root.display()
            ),
            format!("replace the symbolic link with a real folder, or name the outside folder under `paths:` in {CONFIG_FILE} if you mean it"),
        ))
    }
}

/// Refuse a site whose folders (seeds, content and its parts, the look's layers, the
/// output) resolve outside the site root, unless `dossier.yaml` names them there.
pub fn check_site(site: &Site) -> Result<()> {
    let fence = Fence::of(site)?;
    let look = site.look_dir();
    let folders = [
        site.seeds_dir(),
        site.content_dir(),
        site.documents_dir(),
        site.topic_dir(),
        site.commentary_dir(),
        site.root.join(&site.config.paths.themes),
        look.clone(),
        look.join("templates"),
        look.join("static"),
        site.root.join("templates"),
        site.root.join("static"),
        site.output_dir(),
    ];
    let errors = folders
        .iter()
        .filter_map(|d| fence.folder(d).err())
        .collect();
    Error::all(errors)
}

/// Decode the `%XX` escapes of a URL path (invalid escapes are kept as they are, and
/// bytes that are not UTF-8 become U+FFFD).
pub fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

/// The relative path from the page at `url` (`documents/x/`, `404.html`) to the site root.
pub fn root_for(url: &str) -> String {
    "../".repeat(url.matches('/').count())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        for ok in ["a", "cyber-norms-2019", "a_b", "2026-11-24-note", "-"] {
            assert!(check_slug(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "/tmp/x",
            "../x",
            "..",
            ".",
            "a/b",
            "a\\b",
            "c:x",
            "C:\\x",
            "A",
            "a b",
            "a.b",
            "é",
            "a\0b",
            "\\\\srv\\x",
        ] {
            assert!(check_slug(bad).is_err(), "{bad:?}");
        }
        assert!(check_slug(&"a".repeat(SLUG_MAX)).is_ok());
        assert!(check_slug(&"a".repeat(SLUG_MAX + 1)).is_err());
    }

    #[test]
    fn joins() {
        let base = Path::new("/site/public");
        assert_eq!(
            join_inside(base, "documents/a/index.html").unwrap(),
            base.join("documents/a/index.html")
        );
        for bad in [
            "",
            "/etc/passwd",
            "../x",
            "a/../../x",
            "a/./b",
            "a//b",
            "a\\..\\x",
            "c:/x",
        ] {
            assert!(join_inside(base, bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn outside_names() {
        assert!(names_outside(Path::new("/data/seeds")));
        assert!(names_outside(Path::new("../seeds")));
        assert!(names_outside(Path::new("a/../../seeds")));
        assert!(!names_outside(Path::new("a/../seeds")));
        assert!(!names_outside(Path::new("seeds")));
    }

    #[test]
    fn decodes() {
        assert_eq!(percent_decode("a%20b%zz"), "a b%zz");
        assert_eq!(percent_decode("/%aé"), "/%aé");
        assert_eq!(percent_decode("%2e%2e/x%20"), "../x ");
    }
}
