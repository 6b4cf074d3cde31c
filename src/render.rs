//! Page rendering. Takes the site, its documents, the look's templates and the asset
//! names; gives every page of the site (home, one per document, the documents, themes,
//! commentary and search index pages, 404, Atom feed, sitemap, robots.txt) as files
//! ready to write, each with what the link check needs to know about it.
//!
//! Templates are minijinja with HTML autoescape; the site's `templates/<name>` overrides
//! the theme's. Every internal link is relative to the page it is on (see [`root_for`]),
//! so the output works unchanged at a domain root and under any sub-path; absolute URLs
//! (from `base_url`) appear only in the feed, the sitemap, robots.txt and canonical/Open
//! Graph tags. The one exception is `404.html`, which servers return at any address:
//! its links start at the path of `base_url`.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::{Hash, Hasher};
use std::path::PathBuf;
use std::sync::Arc;

use minijinja::value::Value;
use minijinja::{context, AutoEscape, Environment, State, UndefinedBehavior};
use rayon::prelude::*;
use serde::Serialize;

use crate::assets::{Look, Origin};
use crate::config::Site;
use crate::content::{split_front_matter, Document, PartialDate};
use crate::error::{Error, Result, Warning};
use crate::highlight::Highlighter;
use crate::linkcheck::{self, MarkdownOrigin};
use crate::markdown::{self, RenderOptions, Rendered};

/// How many documents the home page lists, and the feed carries.
pub const HOME_DOCUMENTS: usize = 20;
pub const FEED_ENTRIES: usize = 50;

/// The look's templates, loaded and compiled once.
pub struct Templates {
    env: Environment<'static>,
    origins: HashMap<String, PathBuf>,
    /// Watch mode only (see [`Templates::remember_pages`]): each page rendered with
    /// these templates, by output path, with the fingerprint of its inputs.
    pages: Option<PageMemo>,
    /// `dossier build` only (see [`Templates::reuse_previous`]): the previous output's
    /// pages, found by the fingerprints its build recorded.
    previous: Option<PreviousPages>,
    /// Hashed into every page fingerprint: what all pages depend on besides the inputs
    /// each fingerprint names (see [`Templates::reuse_previous`]).
    salt: u64,
    /// Logical asset name -> output path, as the `asset()` function gives them.
    assets: BTreeMap<String, String>,
    /// Template name -> fingerprint of everything rendering it reads: its source and
    /// file, and those of the templates it extends, includes or imports, transitively
    /// (see [`template_prints`]). Part of every remembered page's fingerprint, so a
    /// changed template re-renders only the pages that use it.
    prints: HashMap<String, u64>,
    /// Pages rendered and remembered since [`Templates::take_rendered`].
    rendered: std::sync::atomic::AtomicUsize,
}

/// Stylesheets renamed by [`Templates::rename_assets`], and the remembered pages it
/// rewrote.
pub struct AssetRenames {
    /// (old file name, new file name), without folders.
    pub names: Vec<(String, String)>,
    /// (old path, new path) of the renamed files, under the output folder.
    pub files: Vec<(String, String)>,
    /// Each rewritten page's link-check view, before and after.
    pub pages: Vec<(Arc<linkcheck::Page>, Arc<linkcheck::Page>)>,
}

/// Output path -> (fingerprint of template name, context and link-check origin; page).
/// Read from every rendering thread at once, written only for the pages rendered.
type PageMemo = std::sync::RwLock<HashMap<String, (u64, Output), rustc_hash::FxBuildHasher>>;

/// The pages of the previous output that a build reads back instead of rendering, and
/// the fingerprint of every page of this build, for the next one.
struct PreviousPages {
    files: crate::output::Previous,
    keys: std::sync::Mutex<HashMap<String, u64>>,
    read_back: std::sync::atomic::AtomicUsize,
}

impl PreviousPages {
    /// Record that this build's page at `path` was made from inputs fingerprinted `key`.
    fn record(&self, path: &str, key: u64) {
        self.keys
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path.to_string(), key);
    }
}

/// An FxHash of `value`: the fingerprints of watch mode's memo and of the pages.
pub fn fx_hash(value: impl Hash) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    value.hash(&mut h);
    h.finish()
}

/// Feeds serialized bytes straight into a hasher (no buffer).
struct HashWriter(rustc_hash::FxHasher);

/// Hash what `value` serializes to. A value that does not serialize gets a fingerprint
/// never seen before, so the page is never reused.
fn hash_serialized<T: Serialize>(h: &mut rustc_hash::FxHasher, value: &T) {
    static FAILED: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let mut w = HashWriter(std::mem::take(h));
    if serde_json::to_writer(&mut w, value).is_err() {
        let n = FAILED.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        ("unserializable", n, std::time::SystemTime::now()).hash(&mut w.0);
    }
    *h = w.0;
}

impl std::io::Write for HashWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        std::hash::Hasher::write(&mut self.0, buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Templates {
    /// Load every template of the look. `assets` maps logical asset names to their
    /// hashed output paths (for the `asset()` function).
    pub fn load(site: &Site, look: &Look, assets: &BTreeMap<String, String>) -> Result<Templates> {
        let mut env = Environment::new();
        env.set_auto_escape_callback(|name| {
            if name.ends_with(".html") || name.ends_with(".xml") || name.ends_with(".htm") {
                AutoEscape::Html
            } else {
                AutoEscape::None
            }
        });
        env.set_undefined_behavior(UndefinedBehavior::SemiStrict);
        // minijinja's HTML escaping also escapes `/`, which is safe but turns every URL
        // into `..&#x2f;..&#x2f;`; escape the five characters that matter instead.
        env.set_formatter(
            |out, state, value| match (state.auto_escape(), value.as_str()) {
                (AutoEscape::Html, Some(s)) if !value.is_safe() => out
                    .write_str(&crate::highlight::escape(s))
                    .map_err(minijinja::Error::from),
                _ => minijinja::escape_formatter(out, state, value),
            },
        );
        env.set_keep_trailing_newline(true);
        let mut origins = HashMap::new();
        let mut sources = BTreeMap::new();
        let files = look.files("templates")?;
        for (name, origin) in &files {
            let source = origin.read_string()?;
            let path = origin.display_path();
            sources.insert(name.clone(), (path.clone(), source.clone()));
            env.add_template_owned(name.clone(), source)
                .map_err(|e| template_error(&e, &path))?;
            origins.insert(name.clone(), path);
        }
        register_functions(&mut env, site, assets.clone());
        let templates = Templates {
            env,
            origins,
            pages: None,
            previous: None,
            salt: 0,
            assets: assets.clone(),
            prints: template_prints(&sources),
            rendered: Default::default(),
        };
        for required in REQUIRED_TEMPLATES {
            if !files.contains_key(*required) {
                return Err(Error::input(
                    site.look_dir().join("templates").join(required),
                    None,
                    format!("the theme has no template `{required}`"),
                    "add it to the theme or the site's templates/ folder",
                ));
            }
        }
        Ok(templates)
    }

    /// Keep every page rendered from now on, and give it back instead of rendering it
    /// again while its template, context and link-check origin are unchanged (watch
    /// mode: a one-document edit then renders only the pages it affects). The memo lives
    /// as long as these templates (watch mode hands it to the next ones after a template
    /// change, [`Templates::adopt_pages`]; a changed config starts afresh).
    pub fn remember_pages(&mut self) {
        self.pages = Some(PageMemo::default());
    }

    /// `dossier build`: give back a page of the previous output (`files`) instead of
    /// rendering it when its build recorded the same fingerprint for it, and record every
    /// page's fingerprint ([`Templates::take_keys`]). The same fingerprints as watch
    /// mode's memo, plus `salt`: a fingerprint of what a watch-mode session keeps
    /// constant (dossier itself, the configuration, the asset names, the options that
    /// change pages), which a build has to check.
    pub fn reuse_previous(&mut self, salt: u64, files: crate::output::Previous) {
        self.salt = salt;
        self.previous = Some(PreviousPages {
            files,
            keys: Default::default(),
            read_back: Default::default(),
        });
    }

    /// `dossier build`: each page's fingerprint, by output path (see
    /// [`Templates::reuse_previous`]), and how many pages were read back.
    pub fn take_keys(&self) -> (HashMap<String, u64>, usize) {
        match &self.previous {
            Some(p) => (
                std::mem::take(&mut *p.keys.lock().unwrap_or_else(|e| e.into_inner())),
                p.read_back.swap(0, std::sync::atomic::Ordering::Relaxed),
            ),
            None => Default::default(),
        }
    }

    /// Whether pages are fingerprinted (watch mode or a build reusing pages).
    fn keyed(&self) -> bool {
        self.pages.is_some() || self.previous.is_some()
    }

    /// Watch mode, after a stylesheet changed: `asset()` gives the paths of `assets`
    /// from now on, and every remembered page is rewritten to name them, so none is
    /// rendered again. A page names an asset only by its file name (content-hashed, so
    /// found nowhere else), and a page rendered with the new names differs from the old
    /// one in those names only; the fingerprints of the pages' inputs stay valid.
    ///
    /// `None` (nothing changed) when more than file names changed (an asset added or
    /// removed, or moved to another folder): the look is then loaded afresh.
    pub fn rename_assets(&mut self, assets: &BTreeMap<String, String>) -> Option<AssetRenames> {
        let files = renamed_files(&self.assets, assets)?;
        let names: Vec<(String, String)> = files
            .iter()
            .map(|(a, b)| (file_name(a).to_string(), file_name(b).to_string()))
            .collect();
        let pages = match &self.pages {
            Some(memo) => {
                let mut memo = memo.write().unwrap_or_else(|e| e.into_inner());
                rename_in_pages(&mut memo, &names)?
            }
            None => Vec::new(),
        };
        register_asset_function(&mut self.env, assets.clone());
        self.assets = assets.clone();
        Some(AssetRenames {
            names,
            files,
            pages,
        })
    }

    /// Watch mode, after templates changed: keep the pages `old` remembered. Each is
    /// found again only while the templates it was rendered with are unchanged (their
    /// prints are part of its fingerprint), so only the pages using a changed template
    /// are rendered again. Not when the asset names differ (the pages name them).
    pub fn adopt_pages(&mut self, old: Templates) {
        if self.pages.is_some() && old.assets == self.assets {
            self.pages = old.pages;
        }
    }

    /// The fingerprint of a page's inputs, when pages are remembered.
    fn page_key(
        &self,
        template: &str,
        ctx: &Value,
        markdown: Option<&MarkdownOrigin>,
    ) -> Option<u64> {
        if !self.keyed() {
            return None;
        }
        let mut w = HashWriter(rustc_hash::FxHasher::default());
        std::hash::Hash::hash(&self.salt, &mut w.0);
        std::hash::Hash::hash(template, &mut w.0);
        std::hash::Hash::hash(&self.prints.get(template), &mut w.0);
        // A context that does not serialize is simply never reused.
        serde_json::to_writer(&mut w, ctx).ok()?;
        std::hash::Hash::hash(&format!("{markdown:?}"), &mut w.0);
        Some(std::hash::Hasher::finish(&w.0))
    }

    /// The fingerprint of a page from fingerprints of its inputs (`hash` feeds them in),
    /// when pages are remembered.
    pub(crate) fn key_from(
        &self,
        template: &str,
        hash: impl FnOnce(&mut rustc_hash::FxHasher),
    ) -> Option<u64> {
        if !self.keyed() {
            return None;
        }
        let mut h = rustc_hash::FxHasher::default();
        self.salt.hash(&mut h);
        // Apart from the context fingerprints of `page_key`.
        "inputs".hash(&mut h);
        template.hash(&mut h);
        self.prints.get(template).hash(&mut h);
        hash(&mut h);
        Some(h.finish())
    }

    /// The page at `path` made from inputs fingerprinted `key`, if remembered (watch
    /// mode) or left by the previous build (`dossier build`; it is then link-checked as
    /// `origin` when given: pages are, other files are not).
    fn remembered(
        &self,
        path: &str,
        key: u64,
        origin: Option<&dyn Fn() -> linkcheck::Origin>,
    ) -> Option<Output> {
        if let Some(pages) = &self.pages {
            let pages = pages.read().ok()?;
            return match pages.get(path) {
                Some((k, o)) if *k == key => Some(o.clone()),
                _ => None,
            };
        }
        let previous = self.previous.as_ref()?;
        let bytes = previous.files.read(path, key)?;
        let check = match origin {
            Some(origin) => Some(Arc::new(linkcheck::Page {
                path: path.to_string(),
                scan: linkcheck::scan(std::str::from_utf8(&bytes).ok()?).without_own_fragments(),
                origin: origin(),
            })),
            None => None,
        };
        previous.record(path, key);
        // Counted as the build's summary counts pages: those that are link-checked
        // (not feeds, sitemaps or exports, also read back).
        if check.is_some() {
            previous
                .read_back
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
        Some(Output {
            path: path.to_string(),
            contents: Arc::new(bytes),
            check,
            written: false,
        })
    }

    fn remember(&self, key: u64, output: &Output) {
        if let Some(Ok(mut pages)) = self.pages.as_ref().map(|p| p.write()) {
            pages.insert(output.path.clone(), (key, output.clone()));
        } else if let Some(previous) = &self.previous {
            previous.record(&output.path, key);
        }
        self.rendered
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }

    /// When pages are fingerprinted: how many were rendered (not remembered or read
    /// back) since the last call.
    pub fn take_rendered(&self) -> Option<usize> {
        if !self.keyed() {
            return None;
        }
        Some(self.rendered.swap(0, std::sync::atomic::Ordering::Relaxed))
    }

    /// The file a template was loaded from.
    pub fn origin(&self, name: &str) -> PathBuf {
        self.origins
            .get(name)
            .cloned()
            .unwrap_or_else(|| PathBuf::from(name))
    }

    /// Render template `name`, naming the template and line on error.
    pub fn render(&self, name: &str, ctx: Value) -> Result<String> {
        let tmpl = self
            .env
            .get_template(name)
            .map_err(|e| template_error(&e, &self.origin(name)))?;
        tmpl.render(ctx).map_err(|e| {
            let path = e
                .name()
                .map(|n| self.origin(n))
                .unwrap_or_else(|| self.origin(name));
            template_error(&e, &path)
        })
    }
}

const REQUIRED_TEMPLATES: &[&str] = &[
    "home.html",
    "document.html",
    "documents.html",
    "themes.html",
    "commentary.html",
    "search.html",
    "404.html",
    "feed.xml",
    "sitemap.xml",
    "robots.txt",
];

fn template_error(e: &minijinja::Error, path: &std::path::Path) -> Error {
    let mut message = match e.detail() {
        Some(d) => format!("template error: {}: {d}", e.kind()),
        None => format!("template error: {}", e.kind()),
    };
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        message.push_str(&format!("; {s}"));
        source = s.source();
    }
    Error::input(
        path,
        e.line(),
        message,
        "fix the template; the README lists what each template receives",
    )
}

pub use crate::paths::root_for;

fn lookup_root(state: &State) -> String {
    state
        .lookup("root")
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn join_root(root: &str, path: &str) -> String {
    let path = path.trim_start_matches('/');
    if root.is_empty() && path.is_empty() {
        "./".into()
    } else {
        format!("{root}{path}")
    }
}

/// Each template's print: a hash of its file and source and of those of every template
/// it names in `extends`, `include`, `import` or `from`, transitively. A template naming
/// another by an expression (a variable) may read any: its print covers all.
fn template_prints(sources: &BTreeMap<String, (PathBuf, String)>) -> HashMap<String, u64> {
    let own: HashMap<&str, u64> = sources
        .iter()
        .map(|(name, (path, source))| {
            let mut h = rustc_hash::FxHasher::default();
            (name, path, source).hash(&mut h);
            (name.as_str(), h.finish())
        })
        .collect();
    let mut every = rustc_hash::FxHasher::default();
    for name in sources.keys() {
        (name, own[name.as_str()]).hash(&mut every);
    }
    let every = every.finish();
    let refs: HashMap<&str, Option<Vec<String>>> = sources
        .iter()
        .map(|(name, (_, source))| (name.as_str(), template_references(source)))
        .collect();
    sources
        .keys()
        .map(|name| {
            let mut seen: BTreeSet<&str> = BTreeSet::new();
            let mut todo = vec![name.as_str()];
            let mut dynamic = false;
            while let Some(t) = todo.pop() {
                if !seen.insert(t) {
                    continue;
                }
                match refs.get(t) {
                    Some(Some(names)) => todo.extend(names.iter().map(String::as_str)),
                    Some(None) => dynamic = true,
                    // Missing: hashed as such below, so adding it changes the print.
                    None => {}
                }
            }
            let mut h = rustc_hash::FxHasher::default();
            if dynamic {
                every.hash(&mut h);
            }
            for t in seen {
                (t, own.get(t)).hash(&mut h);
            }
            (name.clone(), h.finish())
        })
        .collect()
}

/// The templates a template's source names in `extends`, `include`, `import` and
/// `from` tags, or `None` when one is named by an expression rather than by strings.
/// (Tags inside comments count too: a dependency too many only renders more.)
fn template_references(source: &str) -> Option<Vec<String>> {
    let mut out = Vec::new();
    let mut rest = source;
    while let Some(start) = rest.find("{%") {
        let after = &rest[start + 2..];
        let end = after.find("%}").unwrap_or(after.len());
        let tag = after[..end].trim_matches(|c: char| c == '-' || c == '+' || c.is_whitespace());
        rest = &after[end..];
        let Some((keyword, args)) = tag.split_once(char::is_whitespace) else {
            continue;
        };
        if matches!(keyword, "extends" | "include" | "import" | "from") {
            out.extend(named_templates(args)?);
        }
    }
    Some(out)
}

/// `"a.html"`, `["a.html", 'b.html']`, `"m.html" as m`, `"p.html" ignore missing`: the
/// names; `None` for anything else (`layout`, `"a" ~ name`, `"a" if x else "b"`).
fn named_templates(args: &str) -> Option<Vec<String>> {
    let mut s = args.trim_start();
    let list = s.starts_with('[');
    if list {
        s = &s[1..];
    }
    let mut names = Vec::new();
    loop {
        s = s.trim_start();
        let quote = s.chars().next().filter(|c| *c == '"' || *c == '\'')?;
        let close = s[1..].find(quote)?;
        names.push(s[1..1 + close].to_string());
        s = s[2 + close..].trim_start();
        match s.strip_prefix(',') {
            Some(more) if list => s = more,
            _ => break,
        }
    }
    if list {
        s = s.strip_prefix(']')?.trim_start();
    }
    let word = s.split_whitespace().next().unwrap_or("");
    matches!(word, "" | "as" | "import" | "ignore" | "with" | "without").then_some(names)
}

/// The paths (old, new) that changed between two asset maps, or `None` if more changed
/// than file names (an asset added or removed, or moved to another folder).
fn renamed_files(
    old: &BTreeMap<String, String>,
    new: &BTreeMap<String, String>,
) -> Option<Vec<(String, String)>> {
    if !old.keys().eq(new.keys()) {
        return None;
    }
    let folder = |p: &str| p.rsplit_once('/').map(|(dir, _)| dir.to_string());
    let mut files = Vec::new();
    for (a, b) in old.values().zip(new.values()).filter(|(a, b)| a != b) {
        if folder(a) != folder(b) {
            return None;
        }
        files.push((a.clone(), b.clone()));
    }
    Some(files)
}

/// `css/style.1234abcd.css` -> `style.1234abcd.css`.
fn file_name(path: &str) -> &str {
    path.rsplit_once('/').map_or(path, |(_, name)| name)
}

/// Rewrite the remembered pages to name the new files; gives each rewritten page's
/// link-check view before and after.
fn rename_in_pages(
    memo: &mut HashMap<String, (u64, Output), rustc_hash::FxBuildHasher>,
    names: &[(String, String)],
) -> Option<Vec<(Arc<linkcheck::Page>, Arc<linkcheck::Page>)>> {
    if names.is_empty() {
        return Some(Vec::new());
    }
    let (from, to): (Vec<&str>, Vec<&str>) =
        names.iter().map(|(a, b)| (a.as_str(), b.as_str())).unzip();
    let finder = aho_corasick::AhoCorasick::new(&from).ok()?;
    let mut outputs: Vec<&mut Output> = memo.values_mut().map(|(_, o)| o).collect();
    let replaced = outputs
        .par_iter_mut()
        .filter_map(|o| {
            if !finder.is_match(o.contents.as_slice()) {
                return None;
            }
            o.contents = Arc::new(finder.replace_all_bytes(&o.contents, &to));
            let old = o.check.clone()?;
            let mut page = (*old).clone();
            for link in &mut page.scan.links {
                if finder.is_match(link.as_str()) {
                    *link = finder.replace_all(link, &to);
                }
            }
            let new = Arc::new(page);
            o.check = Some(new.clone());
            Some((old, new))
        })
        .collect();
    Some(replaced)
}

fn register_asset_function(env: &mut Environment<'static>, assets: BTreeMap<String, String>) {
    env.add_function(
        "asset",
        move |state: &State, name: &str| -> std::result::Result<String, minijinja::Error> {
            let path = assets.get(name).ok_or_else(|| {
                minijinja::Error::new(
                    minijinja::ErrorKind::InvalidOperation,
                    format!("no asset `{name}` (stylesheets are `style.css`, `syntax.css`)"),
                )
            })?;
            Ok(join_root(&lookup_root(state), path))
        },
    );
}

fn register_functions(
    env: &mut Environment<'static>,
    site: &Site,
    assets: BTreeMap<String, String>,
) {
    let base = base_url(site);
    env.add_function("url", |state: &State, path: &str| {
        join_root(&lookup_root(state), path)
    });
    register_asset_function(env, assets);
    env.add_function("abs_url", move |path: &str| {
        format!("{base}{}", path.trim_start_matches('/'))
    });
    env.add_filter("date", date_filter);
    env.add_filter("kind", |s: &str| {
        let s = s.replace(['-', '_'], " ");
        let mut c = s.chars();
        match c.next() {
            Some(f) => f.to_uppercase().chain(c).collect(),
            None => String::new(),
        }
    });
    env.add_filter("truncate", |s: &str, n: Option<usize>| {
        truncate(s, n.unwrap_or(200))
    });
    env.add_filter("markdown", |state: &State, s: &str| {
        let root = lookup_root(state);
        let opts = RenderOptions {
            highlighter: Some(Highlighter::global()),
            annotator: None,
            root: Some(&root),
        };
        Value::from_safe_string(markdown::render(s, &opts).html)
    });
}

/// `base_url` with exactly one trailing slash.
pub fn base_url(site: &Site) -> String {
    format!("{}/", site.config.base_url.trim_end_matches('/'))
}

/// The path part of `base_url` (`/` or `/digest/`).
pub fn base_path(site: &Site) -> String {
    let url = base_url(site);
    let after_scheme = url.split_once("://").map(|(_, r)| r).unwrap_or(&url);
    match after_scheme.find('/') {
        Some(i) => after_scheme[i..].to_string(),
        None => "/".into(),
    }
}

/// `{{ d.date|date }}` gives "8 November 2019" (or "November 2019", "2019" for partial
/// dates); `date("iso")` gives "2019-11-08"; `date("year")` gives "2019".
fn date_filter(
    value: Value,
    format: Option<&str>,
) -> std::result::Result<String, minijinja::Error> {
    if value.is_undefined() || value.is_none() {
        return Ok(String::new());
    }
    let text = value.to_string();
    let date = PartialDate::parse(&text).ok_or_else(|| {
        minijinja::Error::new(
            minijinja::ErrorKind::InvalidOperation,
            format!("`date` filter: {text:?} is not a date like 2019-11-08"),
        )
    })?;
    Ok(match format.unwrap_or("long") {
        "iso" => date.to_string(),
        "year" => date.year.to_string(),
        _ => {
            let month = date
                .month
                .map(|m| crate::content::MONTH_NAMES[usize::from(m.clamp(1, 12)) - 1]);
            match (date.day, month) {
                (Some(d), Some(m)) => format!("{d} {m} {}", date.year),
                (None, Some(m)) => format!("{m} {}", date.year),
                _ => date.year.to_string(),
            }
        }
    })
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        return s.to_string();
    }
    let cut: String = s.chars().take(n).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > n / 2 => &cut[..i],
        _ => &cut[..],
    };
    format!("{}…", cut.trim_end_matches([',', ';', ':', '.', ' ']))
}

/// What templates know about the site.
#[derive(Debug, Clone, Serialize)]
pub struct SiteInfo {
    pub title: String,
    pub description: String,
    pub base_url: String,
    pub language: String,
}

/// A document as listed on index pages and in prev/next links.
#[derive(Debug, Clone, Serialize)]
pub struct DocCard {
    pub slug: String,
    /// Relative to the site root: `documents/<slug>/`.
    pub url: String,
    pub title: String,
    pub subtitle: Option<String>,
    pub date: Option<String>,
    pub end_date: Option<String>,
    pub year: Option<i32>,
    pub place: Option<String>,
    pub organisations: Vec<String>,
    pub authors: Vec<String>,
    pub kind: Option<String>,
    pub language: Option<String>,
    /// "rtl" for a document in a language written right to left, else none.
    pub dir: Option<&'static str>,
    pub summary: Option<String>,
    pub words: Option<usize>,
}

/// The writing direction of a language (its primary subtag): "rtl" for Arabic, Hebrew,
/// Persian, Urdu and the other languages written right to left.
pub(crate) fn direction(language: &str) -> Option<&'static str> {
    const RTL: &[&str] = &[
        "ar", "arc", "ckb", "dv", "fa", "he", "iw", "ks", "ku", "ps", "sd", "syr", "ug", "ur", "yi",
    ];
    let primary = language.split(['-', '_']).next().unwrap_or("");
    RTL.contains(&primary.to_ascii_lowercase().as_str())
        .then_some("rtl")
}

/// The page of the document `slug`, relative to the site root.
fn doc_url(slug: &str) -> String {
    format!("documents/{slug}/")
}

impl DocCard {
    pub(crate) fn new(d: &Document) -> DocCard {
        let m = &d.meta;
        DocCard {
            slug: d.slug.clone(),
            url: doc_url(&d.slug),
            title: m.title.clone(),
            subtitle: m.subtitle.clone(),
            date: m.date.map(|x| x.to_string()),
            end_date: m.end_date.map(|x| x.to_string()),
            year: m.date.map(|x| x.year),
            place: m.place.clone(),
            organisations: m.organisations.clone(),
            authors: m.authors.clone(),
            kind: m.kind.clone(),
            language: m.language.clone(),
            dir: m.language.as_deref().and_then(direction),
            summary: m.summary.clone(),
            words: m.words,
        }
    }
}

pub use crate::xref::views::{DocPanel, Matrix, TopicCard, TopicPage};

pub use crate::commentary::{CommentaryCard, CommentaryPage};

/// One file of output. Shared, so that watch mode hands out remembered pages without
/// copying them (and knows them unchanged by identity).
#[derive(Debug, Clone)]
pub struct Output {
    /// Relative to the output root, `/`-separated.
    pub path: String,
    pub contents: Arc<Vec<u8>>,
    /// For HTML pages: what the link check needs.
    pub check: Option<Arc<linkcheck::Page>>,
    /// Already written into [`Input::write_to`] by rendering; `contents` is then empty.
    pub written: bool,
}

/// Watch mode: fingerprints of what each document gives the pages (same order as
/// [`Input::documents`]), so a remembered page is found by hashing a few numbers instead
/// of building and hashing its whole context.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct DocPrint {
    /// Everything the document's own page takes from it: its file (path, front matter,
    /// body) and the theme catalog its body was rendered with.
    pub page: u64,
    /// What lists and neighbouring pages show of it: its slug and front matter.
    pub card: u64,
}

/// Everything page rendering needs.
pub struct Input<'a> {
    pub site: &'a Site,
    pub templates: &'a Templates,
    /// Documents newest first.
    pub documents: &'a [Document],
    /// Each document's body, rendered (same order as `documents`).
    pub rendered: &'a [Rendered],
    /// The cross-reference panel of the `i`-th document (made only for the pages
    /// rendered).
    pub panel: &'a (dyn Fn(usize) -> DocPanel + Sync),
    /// Watch mode: a fingerprint of what each document's panel shows.
    pub panel_prints: Option<&'a [u64]>,
    pub topics: &'a [TopicCard],
    /// Each theme's page, with its description rendered to HTML.
    pub topic_pages: &'a [(TopicPage, String)],
    pub matrix: Option<&'a Matrix>,
    pub commentary: &'a [CommentaryCard],
    /// Each commentary page with its rendered body.
    pub commentary_pages: &'a [(CommentaryPage, Rendered, MarkdownOrigin)],
    /// Output path of each document's copied original, by slug.
    pub sources: &'a HashMap<String, (String, String)>,
    /// When set, document pages are written into this folder as soon as they are
    /// rendered, so a big site's pages are never all in memory at once.
    pub write_to: Option<&'a crate::output::Staged>,
    /// Watch mode: each document's fingerprints (same order as `documents`).
    pub prints: Option<&'a [DocPrint]>,
    /// Each document's citation metadata, "Cite this" and old anchors (same order as
    /// `documents`).
    pub cite: &'a (dyn Fn(usize) -> crate::cite::CiteView + Sync),
    /// Watch mode: a fingerprint of what each document's citation is made of besides the
    /// document itself (see [`DocPrint::page`]), so its page is found without making it.
    pub cite_prints: Option<&'a [u64]>,
    /// Each commentary page's JSON-LD, by slug.
    pub commentary_ld: &'a HashMap<String, String>,
    /// Term normaliser: a document page links each of its organisations, authors, kind,
    /// year and language to the term's page.
    pub terms: Option<&'a crate::browse::Terms>,
}

impl<'a> Input<'a> {
    /// The documents' fingerprints, if there is one for each.
    fn prints(&self) -> Option<&'a [DocPrint]> {
        self.prints.filter(|p| p.len() == self.documents.len())
    }
}

/// Sort documents newest first; undated ones last; ties by title, then slug.
pub fn sort_documents(docs: &mut [Document]) {
    docs.sort_by(document_order);
}

/// The order of [`sort_documents`].
pub fn document_order(a: &Document, b: &Document) -> std::cmp::Ordering {
    b.meta
        .date
        .cmp(&a.meta.date)
        .then_with(|| a.meta.title.cmp(&b.meta.title))
        .then_with(|| a.slug.cmp(&b.slug))
}

struct Common<'a> {
    site: Value,
    base: String,
    documents: &'a [Document],
}

impl Common<'_> {
    fn page(&self, url: &str, title: &str, description: &str, section: &str) -> Value {
        let root = if url == "404.html" {
            String::new() // replaced below
        } else {
            root_for(url)
        };
        context! {
            site => self.site.clone(),
            root => root,
            section => section,
            page => context! {
                url => url,
                title => title,
                description => description,
                canonical => format!("{}{url}", self.base),
            },
        }
    }
}

/// Render every page of the site.
pub fn render_pages(input: &Input) -> Result<Vec<Output>> {
    let site = input.site;
    let info = SiteInfo {
        title: site.config.title.clone(),
        description: site.config.description.clone(),
        base_url: base_url(site),
        language: site.config.language.clone(),
    };
    let common = Common {
        site: Value::from_serialize(&info),
        base: base_url(site),
        documents: input.documents,
    };
    let mut outputs: Vec<Output> = input
        .documents
        .par_iter()
        .enumerate()
        .map(|(i, d)| {
            let page = document_page(input, &common, i, d)?;
            match input.write_to {
                Some(dir) => written(page, dir),
                None => Ok(page),
            }
        })
        .collect::<Vec<Result<Output>>>()
        .into_iter()
        .collect::<Result<_>>()?;
    outputs.extend(alias_redirects(input.documents)?);
    outputs.push(home_page(input, &common)?);
    let topics = Value::from_serialize(input.topics);
    let commentary = Value::from_serialize(input.commentary);
    let t = input.templates;
    let d = &site.config.description;
    let index =
        |url: &str, title: &str, section: &str, tmpl: &str, extra: Value| -> Result<Output> {
            let ctx = context! { ..extra, ..common.page(url, title, d, section) };
            html_output(t, tmpl, url, ctx, None)
        };
    // The documents index and its pages: `crate::browse`.
    outputs.push(index(
        "themes/",
        "Recurring themes",
        "themes",
        "themes.html",
        context! { topics => topics.clone(), matrix => Value::from_serialize(input.matrix) },
    )?);
    let topic_outputs: Vec<Output> = input
        .topic_pages
        .par_iter()
        .map(|(tp, description)| {
            // Everything it shows comes from these two (and the site).
            let key = t.key_from("theme.html", |h| {
                hash_serialized(h, tp);
                description.hash(h);
            });
            keyed_output(t, "theme.html", &tp.card.url, key, None, || {
                Ok(context! {
                    topic => Value::from_serialize(tp),
                    description => Value::from_safe_string(description.clone()),
                    ..common.page(&tp.card.url, &tp.card.title, tp.card.summary.as_deref().unwrap_or(d), "themes")
                })
            })
        })
        .collect::<Result<_>>()?;
    outputs.extend(topic_outputs);
    let commentary_outputs: Vec<Output> = input
        .commentary_pages
        .par_iter()
        .map(|(cp, rendered, origin)| {
            let description = cp.card.summary.clone().unwrap_or_else(|| d.clone());
            let ctx = context! {
                note => Value::from_serialize(cp),
                content => Value::from_safe_string(rendered.html.clone()),
                footnotes => Value::from_safe_string(rendered.footnotes.clone()),
                toc => Value::from_serialize(&rendered.toc),
                json_ld => input.commentary_ld.get(&cp.card.slug).cloned(),
                ..common.page(&cp.card.url, &cp.card.title, &description, "commentary")
            };
            html_output(
                t,
                "commentary-page.html",
                &cp.card.url,
                ctx,
                Some(origin.clone()),
            )
        })
        .collect::<Result<_>>()?;
    outputs.extend(commentary_outputs);
    outputs.push(index(
        "commentary/",
        "Commentary",
        "commentary",
        "commentary.html",
        context! { commentary => commentary.clone() },
    )?);
    outputs.push(index(
        "search/",
        "Search",
        "search",
        "search.html",
        context! {},
    )?);
    let not_found = context! {
        root => base_path(site),
        ..common.page("404.html", "Page not found", d, "404")
    };
    outputs.push(html_output(t, "404.html", "404.html", not_found, None)?);
    outputs.extend(feeds(input, &common)?);
    Ok(outputs)
}

/// Write `page` into `dir` and keep only what the rest of the build needs of it.
/// A page at each old slug of a renamed document that sends the reader (and search
/// engines, through the canonical link) to where the document lives now.
fn alias_redirects(documents: &[Document]) -> Result<Vec<Output>> {
    let mut out = Vec::new();
    for d in documents {
        for alias in &d.meta.aliases {
            crate::paths::check_slug(alias).map_err(|allowed| {
                Error::input(
                    &d.path,
                    None,
                    format!("alias {alias:?} is not a slug: {allowed}"),
                    "list the document's old slugs under `aliases:`",
                )
            })?;
            if alias == &d.slug {
                continue;
            }
            let target = format!("../{}/", d.slug);
            let title = escape_html(&d.meta.title);
            let html = format!(
                "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title>\n<link rel=\"canonical\" href=\"{target}\"><meta name=\"robots\" content=\"noindex\"><meta http-equiv=\"refresh\" content=\"0; url={target}\"></head>\n<body><p>This document has moved: <a href=\"{target}\">{title}</a>.</p></body></html>\n"
            );
            out.push(Output {
                path: format!("documents/{alias}/index.html"),
                contents: Arc::new(html.into_bytes()),
                check: None,
                written: false,
            });
        }
    }
    Ok(out)
}

fn escape_html(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn written(mut page: Output, out: &crate::output::Staged) -> Result<Output> {
    out.write(&page.path, &page.contents)?;
    page.contents = Arc::default();
    page.written = true;
    Ok(page)
}

fn page_path(url: &str) -> String {
    if url.is_empty() || url.ends_with('/') {
        format!("{url}index.html")
    } else {
        url.to_string()
    }
}

/// A page remembered by the fingerprint of its whole context (see [`keyed_output`] for
/// pages fingerprinted by their inputs).
pub(crate) fn html_output(
    templates: &Templates,
    template: &str,
    url: &str,
    ctx: Value,
    markdown: Option<MarkdownOrigin>,
) -> Result<Output> {
    let path = page_path(url);
    let key = templates.page_key(template, &ctx, markdown.as_ref());
    let origin = || linkcheck::Origin {
        template: templates.origin(template),
        markdown: markdown.clone(),
    };
    if let Some(o) = key.and_then(|k| templates.remembered(&path, k, Some(&origin))) {
        return Ok(o);
    }
    render_page(templates, template, path, ctx, markdown, key)
}

/// A page remembered by `key`, a fingerprint of its inputs that must change whenever its
/// context would (`None`: fall back to fingerprinting the context). The context is built
/// only when the page is not remembered. `markdown`: where the page's Markdown links
/// come from, for link-check errors.
pub(crate) fn keyed_output(
    templates: &Templates,
    template: &str,
    url: &str,
    key: Option<u64>,
    markdown: Option<MarkdownOrigin>,
    context: impl FnOnce() -> Result<Value>,
) -> Result<Output> {
    let Some(key) = key else {
        return html_output(templates, template, url, context()?, markdown);
    };
    let path = page_path(url);
    let origin = || linkcheck::Origin {
        template: templates.origin(template),
        markdown: markdown.clone(),
    };
    if let Some(o) = templates.remembered(&path, key, Some(&origin)) {
        return Ok(o);
    }
    render_page(templates, template, path, context()?, markdown, Some(key))
}

fn render_page(
    templates: &Templates,
    template: &str,
    path: String,
    ctx: Value,
    markdown: Option<MarkdownOrigin>,
    key: Option<u64>,
) -> Result<Output> {
    let html = templates.render(template, ctx)?;
    let check = linkcheck::Page {
        path: path.clone(),
        scan: linkcheck::scan(&html).without_own_fragments(),
        origin: linkcheck::Origin {
            template: templates.origin(template),
            markdown,
        },
    };
    let output = Output {
        path,
        contents: Arc::new(html.into_bytes()),
        check: Some(Arc::new(check)),
        written: false,
    };
    if let Some(k) = key {
        templates.remember(k, &output);
    }
    Ok(output)
}

fn document_page(input: &Input, common: &Common, i: usize, d: &Document) -> Result<Output> {
    // The context below is made of the document (its page print), the cards before and
    // after it, its panel and its copied original; the rest is the same for every
    // rebuild that keeps these templates.
    let key = input.prints().and_then(|prints| {
        input.templates.key_from("document.html", |h| {
            prints[i].page.hash(h);
            i.checked_sub(1).map(|j| prints[j].card).hash(h);
            prints.get(i + 1).map(|p| p.card).hash(h);
            match input
                .panel_prints
                .filter(|p| p.len() == input.documents.len())
            {
                Some(panels) => panels[i].hash(h),
                None => hash_serialized(h, &(input.panel)(i)),
            }
            input.sources.get(&d.slug).hash(h);
            match input
                .cite_prints
                .filter(|p| p.len() == input.documents.len())
            {
                Some(cites) => cites[i].hash(h),
                None => hash_serialized(h, &(input.cite)(i)),
            }
            input.terms.map(|t| t.print()).hash(h);
        })
    });
    let url = doc_url(&d.slug);
    let origin = MarkdownOrigin {
        file: d.path.clone(),
        body_line: d.body_line,
        links: input.rendered[i].links.clone(),
    };
    keyed_output(
        input.templates,
        "document.html",
        &url,
        key,
        Some(origin),
        || document_context(input, common, i, d),
    )
}

fn document_context(input: &Input, common: &Common, i: usize, d: &Document) -> Result<Value> {
    let card = DocCard::new(d);
    let card = &card;
    let rendered = &input.rendered[i];
    let panel = (input.panel)(i);
    let description = d
        .meta
        .summary
        .clone()
        .or_else(|| {
            // The first real paragraph, not a heading or a stray line.
            rendered
                .passages
                .iter()
                .filter(|p| p.anchor.starts_with("p-"))
                .find(|p| p.text.len() > 40)
                .map(|p| p.text.clone())
        })
        .map(|s| truncate(&s, 200))
        .unwrap_or_else(|| input.site.config.description.clone());
    let (source_url, source_name) = match input.sources.get(&d.slug) {
        Some((url, name)) => (Some(url.clone()), Some(name.clone())),
        None => (None, None),
    };
    let prev = i.checked_sub(1).map(|j| DocCard::new(&common.documents[j]));
    let next = common.documents.get(i + 1).map(DocCard::new);
    let ctx = context! {
        doc => Value::from_serialize(card),
        lang => d.meta.language.clone(),
        content => Value::from_safe_string(rendered.html.clone()),
        footnotes => Value::from_safe_string(rendered.footnotes.clone()),
        themes_here => Value::from_serialize(&panel.themes),
        related => Value::from_serialize(&panel.related),
        commentary_here => Value::from_serialize(&panel.commentary),
        toc => Value::from_serialize(&rendered.toc),
        prev => Value::from_serialize(prev),
        next => Value::from_serialize(next),
        source_url => source_url,
        source_name => source_name,
        cite => Value::from_serialize((input.cite)(i)),
        terms => input.terms.map(|t| Value::from_serialize(t.doc_terms(d))),
        ..common.page(&card.url, &d.meta.title, &description, "documents")
    };
    Ok(ctx)
}

/// The editable introduction of the home page: `content/_index.md`, with an optional
/// front matter `title:`.
#[derive(Debug, Default, serde::Deserialize)]
struct IndexMeta {
    #[serde(default)]
    title: Option<String>,
}

fn home_page(input: &Input, common: &Common) -> Result<Output> {
    let site = input.site;
    let path = site.content_dir().join("_index.md");
    if path.is_symlink() && path.exists() {
        crate::paths::inside_folder(&site.content_dir(), &path)?;
    }
    let (title, intro, origin) = match std::fs::read_to_string(&path) {
        Ok(text) => {
            let (meta, body, body_line) = match split_front_matter(&text) {
                Some(split) => {
                    let meta: IndexMeta = crate::content::parse_front_matter(
                        &path,
                        &split,
                        "content/_index.md takes an optional `title:`",
                    )?;
                    (meta, split.body.to_string(), split.body_line)
                }
                None => (IndexMeta::default(), text.clone(), 1),
            };
            let rendered = markdown::render(
                &body,
                &RenderOptions {
                    highlighter: Some(Highlighter::global()),
                    annotator: None,
                    root: Some(""),
                },
            );
            let origin = MarkdownOrigin {
                file: path.clone(),
                body_line,
                links: rendered.links,
            };
            (meta.title, Some(rendered.html), Some(origin))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => (None, None, None),
        Err(e) => return Err(Error::io(&path, e)),
    };
    let latest: Vec<DocCard> = input
        .documents
        .iter()
        .take(HOME_DOCUMENTS)
        .map(DocCard::new)
        .collect();
    let ctx = context! {
        intro_title => title,
        intro => intro.map(Value::from_safe_string),
        documents => Value::from_serialize(&latest),
        documents_total => input.documents.len(),
        topics => Value::from_serialize(input.topics),
        commentary => Value::from_serialize(input.commentary),
        ..common.page("", &site.config.title, &site.config.description, "home")
    };
    html_output(input.templates, "home.html", "", ctx, origin)
}

#[derive(Serialize)]
struct FeedEntry<'a> {
    title: &'a str,
    url: &'a str,
    updated: String,
    summary: Option<&'a str>,
    organisations: &'a [String],
}

#[derive(Serialize)]
struct SitemapUrl {
    url: String,
    lastmod: Option<String>,
}

/// RFC 3339 timestamp at the start of a (partial) date, as Atom requires.
fn rfc3339(date: &PartialDate) -> String {
    format!(
        "{:04}-{:02}-{:02}T00:00:00Z",
        date.year,
        date.month.unwrap_or(1),
        date.day.unwrap_or(1)
    )
}

fn feeds(input: &Input, common: &Common) -> Result<Vec<Output>> {
    let docs = input.documents;
    // Builds must be reproducible, so the feed is as new as its newest document.
    let updated = docs
        .iter()
        .filter_map(|d| d.meta.date)
        .max()
        .map(|d| rfc3339(&d))
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".into());
    let urls: Vec<String> = docs
        .iter()
        .take(FEED_ENTRIES)
        .map(|d| doc_url(&d.slug))
        .collect();
    let mut entries: Vec<FeedEntry> = docs
        .iter()
        .zip(&urls)
        .map(|(d, url)| FeedEntry {
            title: &d.meta.title,
            url,
            updated: d
                .meta
                .date
                .map(|x| rfc3339(&x))
                .unwrap_or_else(|| updated.clone()),
            summary: d.meta.summary.as_deref(),
            organisations: &d.meta.organisations,
        })
        .collect();
    // Commentary goes into the same feed; newest first overall.
    entries.extend(input.commentary.iter().filter(|c| !c.draft).map(|c| {
        FeedEntry {
            title: &c.title,
            url: &c.url,
            updated: c
                .date
                .as_deref()
                .and_then(crate::content::PartialDate::parse)
                .map(|x| rfc3339(&x))
                .unwrap_or_else(|| updated.clone()),
            summary: c.summary.as_deref(),
            organisations: &[],
        }
    }));
    entries.sort_by(|a, b| b.updated.cmp(&a.updated));
    entries.truncate(FEED_ENTRIES);
    let base = context! { site => common.site.clone() };
    let t = input.templates;
    // The sitemap lists every document (slug and date: their cards), theme and
    // commentary page.
    let sitemap_key = input.prints().and_then(|prints| {
        t.key_from("sitemap.xml", |h| {
            prints.iter().for_each(|p| p.card.hash(h));
            hash_serialized(h, &input.topics);
            hash_serialized(h, &input.commentary);
        })
    });
    Ok(vec![
        file_output(t, "feed.xml", None, || {
            context! { entries => Value::from_serialize(&entries), updated => updated, ..base.clone() }
        })?,
        file_output(t, "sitemap.xml", sitemap_key, || {
            context! { urls => Value::from_serialize(sitemap_urls(input)), ..base.clone() }
        })?,
        file_output(t, "robots.txt", None, || base.clone())?,
    ])
}

fn sitemap_urls(input: &Input) -> Vec<SitemapUrl> {
    let mut urls: Vec<SitemapUrl> = ["", "documents/", "themes/", "commentary/", "search/"]
        .iter()
        .map(|u| SitemapUrl {
            url: u.to_string(),
            lastmod: None,
        })
        .collect();
    urls.extend(input.topics.iter().map(|t| SitemapUrl {
        url: t.url.clone(),
        lastmod: None,
    }));
    urls.extend(
        input
            .commentary
            .iter()
            .filter(|c| !c.draft)
            .map(|c| SitemapUrl {
                url: c.url.clone(),
                lastmod: c.date.clone().filter(|d| d.len() == 10),
            }),
    );
    urls.extend(input.documents.iter().map(|d| {
        SitemapUrl {
            url: doc_url(&d.slug),
            lastmod: d
                .meta
                .date
                .filter(|x| x.day.is_some())
                .map(|x| x.to_string()),
        }
    }));
    urls
}

/// A generated file (feed, sitemap, robots.txt), remembered like a page: by `key` (a
/// fingerprint of its inputs) when given, else by its context.
fn file_output(
    t: &Templates,
    name: &str,
    key: Option<u64>,
    ctx: impl FnOnce() -> Value,
) -> Result<Output> {
    if let Some(k) = key {
        if let Some(o) = t.remembered(name, k, None) {
            return Ok(o);
        }
        return render_file(t, name, ctx(), Some(k));
    }
    let ctx = ctx();
    let key = t.page_key(name, &ctx, None);
    if let Some(o) = key.and_then(|k| t.remembered(name, k, None)) {
        return Ok(o);
    }
    render_file(t, name, ctx, key)
}

fn render_file(t: &Templates, name: &str, ctx: Value, key: Option<u64>) -> Result<Output> {
    let output = Output {
        path: name.to_string(),
        contents: Arc::new(t.render(name, ctx)?.into_bytes()),
        check: None,
        written: false,
    };
    if let Some(k) = key {
        t.remember(k, &output);
    }
    Ok(output)
}

/// Which theme files a site overrides, for `-v` output.
pub fn overrides(look: &Look) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for sub in ["templates", "static"] {
        for origin in look.files(sub)?.values() {
            if let Origin::File(p) = origin {
                out.push(p.clone());
            }
        }
    }
    Ok(out)
}

/// Warnings for documents whose `source` cannot be linked.
pub fn source_warning(d: &Document, message: &str) -> Warning {
    Warning {
        path: d.path.clone(),
        line: None,
        message: message.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_named_by_strings_are_found_and_expressions_are_not() {
        let named = |s: &str| named_templates(s).map(|v| v.join(" "));
        assert_eq!(named(" \"base.html\" ").as_deref(), Some("base.html"));
        assert_eq!(named("'macros.html' as m").as_deref(), Some("macros.html"));
        assert_eq!(named("\"m.html\" import a, b").as_deref(), Some("m.html"));
        assert_eq!(
            named("[\"a.html\", 'b.html'] ignore missing").as_deref(),
            Some("a.html b.html")
        );
        assert_eq!(named("layout"), None);
        assert_eq!(named("\"a\" ~ name"), None);
        assert_eq!(named("\"a.html\" if x else \"b.html\""), None);
        let refs = template_references(
            "{% extends \"base.html\" %}{%- import \"macros.html\" as m -%}{% if x %}{% endif %}",
        );
        assert_eq!(refs, Some(vec!["base.html".into(), "macros.html".into()]));
        assert_eq!(template_references("{% include partial %}"), None);
    }

    #[test]
    fn a_template_print_covers_the_templates_it_reads() {
        let site = |macros: &str, dynamic: &str| {
            let t = |s: &str| (PathBuf::from("t"), s.to_string());
            let sources: BTreeMap<String, (PathBuf, String)> = [
                ("base.html", t("<html>{% block main %}{% endblock %}")),
                ("macros.html", t(macros)),
                (
                    "document.html",
                    t("{% extends \"base.html\" %}{% import \"macros.html\" as m %}"),
                ),
                ("theme.html", t("{% extends \"base.html\" %}")),
                ("odd.html", t(dynamic)),
            ]
            .into_iter()
            .map(|(n, s)| (n.to_string(), s))
            .collect();
            template_prints(&sources)
        };
        let a = site("{% macro x() %}1{% endmacro %}", "{% include name %}");
        let b = site("{% macro x() %}2{% endmacro %}", "{% include name %}");
        assert_ne!(a["document.html"], b["document.html"], "imports macros");
        assert_eq!(a["theme.html"], b["theme.html"], "does not");
        assert_ne!(a["odd.html"], b["odd.html"], "may include anything");
        assert_eq!(a["base.html"], b["base.html"]);
    }

    #[test]
    fn roots_are_relative() {
        assert_eq!(root_for(""), "");
        assert_eq!(root_for("documents/"), "../");
        assert_eq!(root_for("documents/x/"), "../../");
        assert_eq!(join_root("", ""), "./");
        assert_eq!(join_root("../../", "documents/"), "../../documents/");
    }

    #[test]
    fn dates_format() {
        let f = |s: &str, fmt: Option<&str>| date_filter(Value::from(s), fmt).unwrap();
        assert_eq!(f("2019-11-08", None), "8 November 2019");
        assert_eq!(f("2019-11", None), "November 2019");
        assert_eq!(f("2019", None), "2019");
        assert_eq!(f("2019-11-08", Some("iso")), "2019-11-08");
        assert!(date_filter(Value::from("soon"), None).is_err());
        assert_eq!(date_filter(Value::from(()), None).unwrap(), "");
    }

    #[test]
    fn base_paths() {
        let mut site = Site::load(std::path::Path::new("/nonexistent")).unwrap();
        site.config.base_url = "https://example.org/digest".into();
        assert_eq!(base_url(&site), "https://example.org/digest/");
        assert_eq!(base_path(&site), "/digest/");
        site.config.base_url = "https://example.org".into();
        assert_eq!(base_path(&site), "/");
    }

    #[test]
    fn truncates_on_words() {
        assert_eq!(truncate("short", 10), "short");
        assert_eq!(truncate("one two three four", 12), "one two…");
    }

    #[test]
    fn remembered_pages_are_reused_only_while_their_inputs_are_unchanged() {
        let site = Site::load(std::path::Path::new("/nonexistent")).unwrap();
        let look = Look::new(&site).unwrap();
        let mut t = Templates::load(&site, &look, &BTreeMap::new()).unwrap();
        let a = context! { title => "A" };
        assert_eq!(
            t.page_key("document.html", &a, None),
            None,
            "off by default"
        );
        t.remember_pages();
        let key = t.page_key("document.html", &a, None).unwrap();
        assert_eq!(
            t.page_key("document.html", &context! { title => "A" }, None),
            Some(key)
        );
        let b = t
            .page_key("document.html", &context! { title => "B" }, None)
            .unwrap();
        assert_ne!(key, b);
        assert_ne!(t.page_key("theme.html", &a, None), Some(key));
        let out = Output {
            path: "x/index.html".into(),
            contents: Arc::new(b"page".to_vec()),
            check: None,
            written: false,
        };
        t.remember(key, &out);
        assert_eq!(
            t.remembered("x/index.html", key, None).unwrap().contents[..],
            b"page"[..]
        );
        assert!(t.remembered("x/index.html", b, None).is_none());
        assert!(t.remembered("y/index.html", key, None).is_none());
    }
}
