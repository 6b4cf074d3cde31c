//! The site's look on disk and its static assets. Takes the site root and configuration;
//! gives [`Look`], the layered file tree of templates and static files (the site's own
//! `templates/` and `static/` win over the theme folder `themes/<name>/`, which wins over
//! the default theme built into dossier), and [`Assets`]: the files to write, with the
//! theme's CSS bundled (`@import`), minified and compiled for the configured browsers by
//! lightningcss, and named by content hash (`style.3f2a9c1e.css`) for cache busting, and
//! its JavaScript minified by oxc (the search code is most of a first query's bytes).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use lightningcss::bundler::{Bundler, ResolveResult, SourceProvider};
use lightningcss::stylesheet::{MinifyOptions, ParserOptions, PrinterOptions, StyleSheet};
use lightningcss::targets::{Browsers, Targets};
use sha2::{Digest, Sha256};

use crate::config::{Site, CONFIG_FILE};
use crate::error::{Error, Result};

/// The default theme, compiled into the binary so a site needs no `themes/` folder.
/// Every file under `themes/default/` is included, so the copy can never drift.
static BUILTIN_DIR: include_dir::Dir<'static> =
    include_dir::include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// The built-in theme's files: (path relative to the theme folder, contents).
pub fn builtin() -> Vec<(&'static str, &'static [u8])> {
    fn walk(dir: &'static include_dir::Dir<'static>, out: &mut Vec<(&'static str, &'static [u8])>) {
        for f in dir.files() {
            if let Some(p) = f.path().to_str() {
                out.push((p, f.contents()));
            }
        }
        for d in dir.dirs() {
            walk(d, out);
        }
    }
    let mut out = Vec::new();
    walk(&BUILTIN_DIR, &mut out);
    out.sort();
    out
}

/// Where one file of the look comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    File(PathBuf),
    Builtin(&'static str),
}

impl Origin {
    /// The path to show in messages.
    pub fn display_path(&self) -> PathBuf {
        match self {
            Origin::File(p) => p.clone(),
            Origin::Builtin(rel) => PathBuf::from(format!("<built-in theme>/{rel}")),
        }
    }

    pub fn read(&self) -> Result<Vec<u8>> {
        match self {
            Origin::File(p) => crate::error::read(p),
            Origin::Builtin(rel) => Ok(BUILTIN_DIR
                .get_file(rel)
                .map(|f| f.contents().to_vec())
                .unwrap_or_default()),
        }
    }

    pub fn read_string(&self) -> Result<String> {
        let bytes = self.read()?;
        String::from_utf8(bytes).map_err(|_| {
            Error::input(
                self.display_path(),
                None,
                "not valid UTF-8",
                "save the file as UTF-8",
            )
        })
    }
}

/// The layered folders a site's look is made of, highest priority first.
#[derive(Debug, Clone)]
pub struct Look {
    dirs: Vec<PathBuf>,
    builtin: bool,
}

impl Look {
    /// The site root's own files, then `themes/<theme>/`, then (for the default theme)
    /// the built-in copy.
    pub fn new(site: &Site) -> Result<Look> {
        let theme_dir = site.look_dir();
        let builtin = site.config.theme == "default";
        if !builtin && !theme_dir.is_dir() {
            return Err(Error::input(
                site.root.join(CONFIG_FILE),
                None,
                format!(
                    "theme `{}` not found: there is no folder {}",
                    site.config.theme,
                    theme_dir.display()
                ),
                "create that folder or set `theme: default`",
            ));
        }
        Ok(Look {
            dirs: vec![site.root.clone(), theme_dir],
            builtin,
        })
    }

    /// Every file under `sub` (`templates` or `static`), keyed by path relative to
    /// `sub` with `/` separators, each from the highest layer that has it.
    pub fn files(&self, sub: &str) -> Result<BTreeMap<String, Origin>> {
        let mut out = BTreeMap::new();
        if self.builtin {
            let prefix = format!("{sub}/");
            for (rel, _) in builtin() {
                if let Some(r) = rel.strip_prefix(&prefix) {
                    out.insert(r.to_string(), Origin::Builtin(rel));
                }
            }
        }
        for dir in self.dirs.iter().rev() {
            let base = dir.join(sub);
            if !base.is_dir() {
                continue;
            }
            for entry in walkdir::WalkDir::new(&base).sort_by_file_name() {
                let entry = entry.map_err(|e| {
                    let p = e.path().unwrap_or(&base).to_path_buf();
                    Error::io(p, e.into())
                })?;
                let rel = relative_slash_path(&base, entry.path());
                if rel.split('/').any(|part| part.starts_with('.')) {
                    continue; // editor swap files, .DS_Store and the like
                }
                // A link is followed only to a file inside the same folder.
                if entry.path_is_symlink() && entry.path().is_file() {
                    crate::paths::inside_folder(&base, entry.path())?;
                } else if !entry.file_type().is_file() {
                    continue;
                }
                out.insert(rel, Origin::File(entry.path().to_path_buf()));
            }
        }
        Ok(out)
    }
}

fn relative_slash_path(base: &Path, path: &Path) -> String {
    path.strip_prefix(base)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// One file to write into the output, relative to the output root.
#[derive(Debug, Clone)]
pub struct OutputFile {
    pub path: String,
    pub contents: FileContents,
}

#[derive(Debug, Clone)]
pub enum FileContents {
    Bytes(Vec<u8>),
    Copy(PathBuf),
}

/// The static files of a build and the hashed names of its stylesheets.
#[derive(Debug, Default)]
pub struct Assets {
    pub files: Vec<OutputFile>,
    /// Logical name (`style.css`, `syntax.css`) to output path (`style.3f2a9c1e.css`).
    pub urls: BTreeMap<String, String>,
}

/// Bundle the look's CSS, generate the highlighting CSS and list every static file.
pub fn build(site: &Site, look: &Look, syntax_css: &str) -> Result<Assets> {
    let targets = targets(site)?;
    let statics = look.files("static")?;
    let provider = CssProvider::new(&statics)?;
    let mut assets = Assets::default();
    for (rel, origin) in &statics {
        let name = rel.rsplit('/').next().unwrap_or(rel);
        if name.starts_with('_') && rel.ends_with(".css") {
            continue; // a partial, bundled into the stylesheets that import it
        }
        if rel.ends_with(".css") {
            let css = bundle(&provider, origin, targets)?;
            assets.add_hashed(rel, css.into_bytes());
        } else if rel.ends_with(".js") {
            let js = minify_js(&origin.display_path(), &origin.read_string()?)?;
            assets.files.push(OutputFile {
                path: rel.clone(),
                contents: FileContents::Bytes(js.into_bytes()),
            });
        } else {
            let contents = match origin {
                Origin::File(p) => FileContents::Copy(p.clone()),
                Origin::Builtin(_) => FileContents::Bytes(origin.read()?),
            };
            assets.files.push(OutputFile {
                path: rel.clone(),
                contents,
            });
        }
    }
    let syntax = minify_css("<generated>/syntax.css", syntax_css, targets)?;
    assets.add_hashed("syntax.css", syntax.into_bytes());
    Ok(assets)
}

impl Assets {
    fn add_hashed(&mut self, rel: &str, bytes: Vec<u8>) {
        let path = hashed_name(rel, &bytes);
        self.urls.insert(rel.to_string(), path.clone());
        self.files.push(OutputFile {
            path,
            contents: FileContents::Bytes(bytes),
        });
    }
}

/// `css/style.css` with contents hashing to 3f2a9c1e... gives `css/style.3f2a9c1e.css`.
pub fn hashed_name(rel: &str, bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let hash: String = digest.iter().take(4).map(|b| format!("{b:02x}")).collect();
    match rel.rsplit_once('.') {
        Some((stem, ext)) if !stem.ends_with('/') && !stem.is_empty() => {
            format!("{stem}.{hash}.{ext}")
        }
        _ => format!("{rel}.{hash}"),
    }
}

fn targets(site: &Site) -> Result<Targets> {
    let query = site.config.browserslist.trim();
    let query = if query.is_empty() { "defaults" } else { query };
    let browsers = Browsers::from_browserslist([query]).map_err(|e| {
        Error::input(
            site.root.join(CONFIG_FILE),
            None,
            format!("invalid `browserslist` query {query:?}: {e}"),
            "use a browserslist query such as `defaults` or `> 0.5%, last 2 versions`",
        )
    })?;
    Ok(browsers.map(Targets::from).unwrap_or_default())
}

/// Serves the look's CSS files to lightningcss's bundler, resolving `@import`s across the
/// layers, and names files by their real paths so errors point at them.
struct CssProvider {
    /// Display path to (relative path, text).
    by_path: BTreeMap<PathBuf, (String, String)>,
    /// Relative path to display path.
    by_rel: BTreeMap<String, PathBuf>,
}

impl CssProvider {
    fn new(statics: &BTreeMap<String, Origin>) -> Result<CssProvider> {
        let mut by_path = BTreeMap::new();
        let mut by_rel = BTreeMap::new();
        for (rel, origin) in statics.iter().filter(|(r, _)| r.ends_with(".css")) {
            let path = origin.display_path();
            by_path.insert(path.clone(), (rel.clone(), origin.read_string()?));
            by_rel.insert(rel.clone(), path);
        }
        Ok(CssProvider { by_path, by_rel })
    }
}

impl SourceProvider for CssProvider {
    type Error = std::io::Error;

    fn read<'a>(&'a self, file: &Path) -> std::result::Result<&'a str, Self::Error> {
        self.by_path
            .get(file)
            .map(|(_, text)| text.as_str())
            .ok_or_else(|| {
                std::io::Error::new(
                    std::io::ErrorKind::NotFound,
                    format!("no such stylesheet {}", file.display()),
                )
            })
    }

    fn resolve(
        &self,
        specifier: &str,
        originating_file: &Path,
    ) -> std::result::Result<ResolveResult, Self::Error> {
        if specifier.contains("://") || specifier.starts_with("//") {
            return Ok(ResolveResult::External(specifier.to_string()));
        }
        let from = self
            .by_path
            .get(originating_file)
            .map(|(rel, _)| rel.as_str())
            .unwrap_or("");
        let dir = from.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
        let rel = normalize(&format!("{dir}/{specifier}"));
        Ok(ResolveResult::File(
            match rel.and_then(|r| self.by_rel.get(&r)) {
                Some(path) => path.clone(),
                // Unknown: let `read` fail with the name the author wrote.
                None => PathBuf::from(specifier),
            },
        ))
    }
}

/// A JavaScript file minified (comments and white space dropped, local names shortened,
/// expressions folded). A file with `import` or `export` is an ES module; any other is
/// treated as a classic script, whose top-level names are globals other scripts may use,
/// so oxc keeps them. An error names the file and line of the first syntax error.
pub fn minify_js(path: &Path, source: &str) -> Result<String> {
    use oxc_allocator::Allocator;
    use oxc_codegen::{Codegen, CodegenOptions};
    use oxc_minifier::{Minifier, MinifierOptions};
    use oxc_parser::Parser;
    use oxc_span::SourceType;

    let allocator = Allocator::default();
    let parsed = Parser::new(&allocator, source, SourceType::unambiguous()).parse();
    if let Some(error) = parsed.diagnostics.first() {
        let offset = error
            .labels
            .first()
            .map_or(0, |label| label.offset() as usize);
        let line = source[..offset.min(source.len())].matches('\n').count() + 1;
        return Err(Error::input(
            path.to_path_buf(),
            Some(line),
            format!("JavaScript syntax error: {}", error.message),
            "fix the script at that line (dossier minifies every .js file of the look)",
        ));
    }
    let mut program = parsed.program;
    let minified = Minifier::new(MinifierOptions::default()).minify(&allocator, &mut program);
    Ok(Codegen::new()
        .with_options(CodegenOptions::minify())
        .with_scoping(minified.scoping)
        .build(&program)
        .code)
}

/// Resolve `.` and `..` in a `/`-separated relative path; `None` if it leaves the root.
pub fn normalize(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

fn css_error(filename: &str, loc: Option<(u32, u32)>, message: String) -> Error {
    Error::input(
        PathBuf::from(filename),
        loc.map(|(line, _)| line as usize + 1),
        message,
        "fix the CSS at that line",
    )
}

fn bundle(provider: &CssProvider, entry: &Origin, targets: Targets) -> Result<String> {
    let entry_path = entry.display_path();
    let mut bundler = Bundler::new(provider, None, ParserOptions::default());
    let mut sheet = bundler.bundle(&entry_path).map_err(|e| {
        let (file, loc) = match &e.loc {
            Some(l) => (l.filename.clone(), Some((l.line, l.column))),
            None => (entry_path.display().to_string(), None),
        };
        css_error(&file, loc, e.kind.to_string())
    })?;
    finish(&mut sheet, &entry_path.display().to_string(), targets)
}

fn minify_css(name: &str, css: &str, targets: Targets) -> Result<String> {
    let opts = ParserOptions {
        filename: name.to_string(),
        ..ParserOptions::default()
    };
    let mut sheet = StyleSheet::parse(css, opts).map_err(|e| {
        css_error(
            name,
            e.loc.as_ref().map(|l| (l.line, l.column)),
            e.kind.to_string(),
        )
    })?;
    finish(&mut sheet, name, targets)
}

fn finish(sheet: &mut StyleSheet, name: &str, targets: Targets) -> Result<String> {
    sheet
        .minify(MinifyOptions {
            targets,
            ..MinifyOptions::default()
        })
        .map_err(|e| {
            css_error(
                name,
                e.loc.as_ref().map(|l| (l.line, l.column)),
                e.kind.to_string(),
            )
        })?;
    let out = sheet
        .to_css(PrinterOptions {
            minify: true,
            targets,
            ..PrinterOptions::default()
        })
        .map_err(|e| {
            css_error(
                name,
                e.loc.as_ref().map(|l| (l.line, l.column)),
                e.kind.to_string(),
            )
        })?;
    Ok(out.code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_names() {
        let a = hashed_name("style.css", b"a{}");
        assert!(
            a.starts_with("style.") && a.ends_with(".css") && a.len() == "style.12345678.css".len(),
            "{a}"
        );
        assert_ne!(a, hashed_name("style.css", b"b{}"));
        assert!(hashed_name("css/x.css", b"").starts_with("css/x."));
    }

    #[test]
    fn normalize_paths() {
        assert_eq!(normalize("a/./b/../c").as_deref(), Some("a/c"));
        assert_eq!(normalize("/_x.css").as_deref(), Some("_x.css"));
        assert_eq!(normalize("../x"), None);
    }

    fn site_with(files: &[(&str, &str)], browserslist: &str) -> (tempfile::TempDir, Site) {
        let dir = tempfile::tempdir().unwrap();
        for (p, text) in files {
            let path = dir.path().join(p);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        let mut site = Site::load(dir.path()).unwrap();
        site.config.browserslist = browserslist.into();
        (dir, site)
    }

    #[test]
    fn css_is_bundled_minified_and_targeted() {
        let (_d, site) = site_with(
            &[
                (
                    "static/style.css",
                    "@import \"_a.css\";\n.b { color: red; }\n",
                ),
                ("static/_a.css", ".a {\n  user-select: none;\n}\n"),
            ],
            "safari 13",
        );
        let look = Look::new(&site).unwrap();
        let assets = build(&site, &look, ".z-x { color: blue }").unwrap();
        let style = assets.urls.get("style.css").unwrap();
        let file = assets.files.iter().find(|f| &f.path == style).unwrap();
        let FileContents::Bytes(b) = &file.contents else {
            panic!()
        };
        let css = String::from_utf8(b.clone()).unwrap();
        assert!(css.contains("-webkit-user-select:none"), "{css}");
        assert!(css.contains(".b{color:red}"), "{css}");
        assert!(
            !assets.files.iter().any(|f| f.path.contains("_a")),
            "partials are not copied"
        );
        assert!(assets.urls.contains_key("syntax.css"));
    }

    #[test]
    fn css_errors_name_file_and_line() {
        let (d, site) = site_with(
            &[
                ("static/style.css", "@import \"_bad.css\";\n"),
                (
                    "static/_bad.css",
                    ".a { color: red; }\n\n.b ++ .c { color: red; }\n",
                ),
            ],
            "defaults",
        );
        let look = Look::new(&site).unwrap();
        let err = build(&site, &look, "").unwrap_err().to_string();
        let want = format!("{}:3", d.path().join("static/_bad.css").display());
        assert!(err.starts_with(&want), "{err}");
    }

    #[test]
    fn js_is_minified_keeping_exports_and_script_globals() {
        let module = "// A comment the reader of the source needs, not the browser.\n\
            import { base } from './base.js';\n\
            export function scaled(longParameterName) {\n  return longParameterName * base;\n}\n";
        let (_d, site) = site_with(&[("static/search/js/m.js", module)], "defaults");
        let look = Look::new(&site).unwrap();
        let assets = build(&site, &look, "").unwrap();
        let file = assets
            .files
            .iter()
            .find(|f| f.path == "search/js/m.js")
            .unwrap();
        let FileContents::Bytes(b) = &file.contents else {
            panic!("a minified file is written from memory")
        };
        let js = String::from_utf8(b.clone()).unwrap();
        assert!(!js.contains("comment"), "{js}");
        assert!(
            !js.contains("longParameterName"),
            "locals are renamed: {js}"
        );
        assert!(js.contains("export function scaled"), "{js}");
        assert!(js.contains("from\"./base.js\""), "{js}");

        // A classic script's top-level names are globals: kept, and not dropped as unused.
        let script =
            "function helperForOtherScripts(argumentName) {\n  return argumentName * 2;\n}\n";
        let js = minify_js(Path::new("s.js"), script).unwrap();
        assert!(js.contains("function helperForOtherScripts("), "{js}");
        assert!(!js.contains("argumentName"), "{js}");
    }

    #[test]
    fn js_syntax_errors_name_file_and_line() {
        let err = minify_js(Path::new("static/app.js"), "let a = 1;\n\nlet b = ;\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("static/app.js"), "{err}");
        assert!(err.contains(":3"), "line 3: {err}");
    }

    #[test]
    fn site_static_overrides_theme() {
        let (_d, site) = site_with(&[("static/favicon.svg", "<svg>mine</svg>")], "defaults");
        let look = Look::new(&site).unwrap();
        let files = look.files("static").unwrap();
        assert!(matches!(files.get("favicon.svg"), Some(Origin::File(_))));
        assert!(matches!(files.get("_base.css"), Some(Origin::Builtin(_))));
    }

    #[test]
    fn bad_browserslist_is_a_config_error() {
        let (_d, site) = site_with(&[], "no such browsers query !!");
        let look = Look::new(&site).unwrap();
        let err = build(&site, &look, "").unwrap_err().to_string();
        assert!(err.contains("browserslist"), "{err}");
    }
}
