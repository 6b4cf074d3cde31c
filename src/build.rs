//! The build pipeline: runs ingest, loads the documents, renders the site and checks its
//! links, and reports what it did. Takes a [`Site`]; gives a summary line, per-stage
//! timings and the warnings gathered on the way.
//!
//! Output is atomic: the site is written into a temporary folder beside the output
//! folder and swapped in only once complete and link-checked, so a failed build leaves
//! the previous output untouched.

use std::collections::{BTreeMap, HashMap, HashSet};

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::assets::{self, FileContents, Look, OutputFile};
use crate::config::Site;
use crate::content::Document;
use crate::error::{Error, Result, Warning};
use crate::highlight::{self, Highlighter};
use crate::markdown::{self, RenderOptions, Rendered};
use crate::{cite, commentary, ingest, linkcheck, render, search, xref};

#[derive(Debug, Default, Clone)]
pub struct Options {
    pub output: Option<PathBuf>,
    pub drafts: bool,
    pub verbose: bool,
    /// Leave `content/documents` as it is (used by `check`, which must not write).
    pub skip_ingest: bool,
    /// Publish the readable seeds when some cannot be read (they are reported).
    pub keep_going: bool,
    /// What a cited passage that changed is: a warning, an error, or accepted.
    pub drift: cite::Drift,
    /// Leave `dossier.lock` as it is (`check` without `--fix`).
    pub keep_lock: bool,
    /// Check the output against this host's limits instead of `hosting:`'s.
    pub host: Option<crate::hosting::Host>,
}

#[derive(Debug)]
pub struct Outcome {
    pub summary: String,
    pub warnings: Vec<Warning>,
    /// How long each stage took, in order.
    pub timings: Vec<(String, Duration)>,
    pub pages: usize,
    pub files: usize,
}

/// Times the stages of a build.
pub struct Stages {
    last: Instant,
    timings: Vec<(String, Duration)>,
}

impl Default for Stages {
    fn default() -> Self {
        Stages {
            last: Instant::now(),
            timings: Vec::new(),
        }
    }
}

impl Stages {
    /// The timings so far, in order.
    pub fn timings(&self) -> &[(String, Duration)] {
        &self.timings
    }

    pub fn done(&mut self, name: &str) {
        crate::memory::trace(name);
        let now = Instant::now();
        self.timings.push((name.to_string(), now - self.last));
        self.last = now;
    }
}

pub fn build(site: &Site, opts: &Options) -> Result<Outcome> {
    let start = Instant::now();
    let mut stages = Stages {
        last: start,
        timings: Vec::new(),
    };
    let mut warnings = Vec::new();
    crate::paths::check_site(site)?;
    // A site without seeds (hand-written content only) has nothing to ingest.
    if site.seeds_dir().is_dir() && !opts.skip_ingest {
        let ingested = ingest::ingest_site(
            site,
            &ingest::Options {
                keep_going: opts.keep_going,
                ..ingest::Options::default()
            },
        )?;
        warnings.extend(ingested.warnings);
    }
    stages.done("ingest");
    let output = opts.output.clone().unwrap_or_else(|| site.output_dir());
    let inputs = inputs_fingerprint(site, opts, &output)?;
    let previous = crate::output::Manifest::load(&output);
    if previous.inputs.as_deref() == Some(with_lock(&inputs, site).as_str())
        && previous.matches_disk(&output)
    {
        // Nothing the build reads changed and the output is as that build left it.
        stages.done("unchanged");
        for w in previous.warnings() {
            if !warnings.contains(&w) {
                warnings.push(w);
            }
        }
        return Ok(Outcome {
            summary: format!(
                "{} is up to date: nothing it is built from changed since the last build (checked in {:.2?})",
                output.display(),
                start.elapsed(),
            ),
            warnings,
            timings: stages.timings,
            pages: 0,
            files: 0,
        });
    }
    let (mut docs, w) = crate::content::load_documents(&site.documents_dir())?;
    warnings.extend(w);
    if !opts.drafts {
        docs.retain(|d| !d.meta.draft);
    }
    render::sort_documents(&mut docs);
    stages.done("load");

    // Loading syntect's syntaxes and themes is the slowest fixed cost; do it here so
    // `-v` shows it apart from rendering.
    highlight::Highlighter::global();
    let syntax_css = highlight::stylesheet();
    stages.done("syntect");
    let look = Look::new(site)?;
    let assets = assets::build(site, &look, &syntax_css)?;
    stages.done("assets");
    let mut templates = render::Templates::load(site, &look, &assets.urls)?;
    stages.done("templates");

    let mut staged = crate::output::Staged::new(&output)?;
    templates.reuse_previous(page_salt(site, opts, &assets.urls), staged.previous_files());
    let documents = docs.len();
    let result = write_site(
        site,
        docs,
        &assets.files,
        &templates,
        &staged,
        &mut stages,
        &mut warnings,
        opts,
    );
    let (pages, citations, browse) = match result {
        Ok(counts) => counts,
        Err(e) => {
            staged.discard();
            return Err(e);
        }
    };
    let (keys, read_back) = templates.take_keys();
    staged.set_keys(keys);
    let host = opts.host.unwrap_or(site.config.hosting);
    let sizes = staged.file_sizes();
    let borrowed: Vec<_> = sizes.iter().map(|(p, n)| (p.as_str(), *n)).collect();
    let verdict = crate::hosting::check(host, &borrowed);
    if !verdict.errors.is_empty() {
        staged.discard();
        return Err(Error::Described(format!(
            "{}: the new output does not fit {host} (the previous output is left as it was):\n  {}\n  hint: see the README, \"Publishing\", for each host's limits; `--host generic` builds anyway",
            output.display(),
            verdict.errors.join("\n  ")
        )));
    }
    warnings.extend(verdict.warnings.into_iter().map(|message| Warning {
        path: output.clone(),
        line: None,
        message,
    }));
    let stats = staged.stats();
    let summary = format!(
        "built {} ({} documents): {pages} pages ({read_back} unchanged, read back); {} files, {}, largest {} in {:.2?} ({}; {} files written, {} unchanged)",
        output.display(),
        documents,
        stats.files,
        crate::hosting::size(stats.bytes),
        stats
            .largest
            .as_ref()
            .map(|(p, n)| format!("{p} {}", crate::hosting::size(*n)))
            .unwrap_or_default(),
        start.elapsed(),
        browse.short(),
        stats.written,
        stats.files - stats.written,
    );
    // The lock is saved before the swap so that the manifest records the inputs as the
    // next build will find them.
    if !opts.keep_lock {
        let mut lock = citations.lock;
        if opts.drift == cite::Drift::Accept {
            lock.citations = citations.accepted.citations;
        }
        lock.save(&site.root)?;
    }
    stages.done("lock");
    staged.set_inputs(with_lock(&inputs, site));
    staged.commit(&warnings)?;
    stages.done("swap");
    if opts.verbose {
        eprintln!("{}", browse.summary());
    }
    Ok(Outcome {
        summary,
        warnings,
        timings: stages.timings,
        pages,
        files: stats.files,
    })
}

/// A fingerprint of everything a build reads but `dossier.lock` (see [`with_lock`]):
/// dossier's version and built-in look, the options that change the output, the
/// configuration, and every file under the seeds, content and look folders. Equal
/// fingerprints give equal output, so a build that finds its previous output made from
/// the same inputs (and unedited) has nothing to do.
fn inputs_fingerprint(site: &Site, opts: &Options, output: &Path) -> Result<String> {
    let mut roots = vec![site.seeds_dir(), site.content_dir(), site.look_dir()];
    roots.extend(["templates", "static"].map(|d| site.root.join(d)));
    let mut files: Vec<PathBuf> = Vec::new();
    for root in roots.iter().filter(|r| r.is_dir()) {
        for entry in walkdir::WalkDir::new(root).sort_by_file_name() {
            let entry = entry.map_err(|e| {
                let path = e.path().unwrap_or(root).to_path_buf();
                Error::io(path, std::io::Error::other(e))
            })?;
            // The output may sit inside a scanned folder; it is not an input.
            if entry.file_type().is_file() && !entry.path().starts_with(output) {
                files.push(entry.into_path());
            }
        }
    }
    files.push(site.root.join(crate::config::CONFIG_FILE));
    let hashes: Vec<u128> = files
        .par_iter()
        .map(|p| match std::fs::read(p) {
            Ok(bytes) => Ok(xxhash_rust::xxh3::xxh3_128(&bytes)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(0),
            Err(e) => Err(Error::io(p, e)),
        })
        .collect::<Result<_>>()?;
    let mut all = format!(
        "dossier {} {} look {:032x} drafts {} keep-going {} drift {:?} host {:?}\n",
        env!("CARGO_PKG_VERSION"),
        this_program(),
        builtin_look_hash(),
        opts.drafts,
        opts.keep_going,
        opts.drift,
        opts.host.unwrap_or(site.config.hosting),
    );
    for (path, hash) in files.iter().zip(&hashes) {
        all.push_str(&format!("{} {hash:032x}\n", path.display()));
    }
    Ok(format!(
        "{:032x}",
        xxhash_rust::xxh3::xxh3_128(all.as_bytes())
    ))
}

/// The running program's size and time: a rebuilt dossier (a developer's) may render
/// differently under the same version number.
fn this_program() -> String {
    std::env::current_exe()
        .and_then(std::fs::metadata)
        .map(|m| format!("{} {:?}", m.len(), m.modified().ok()))
        .unwrap_or_default()
}

/// The inputs' fingerprint with `dossier.lock`'s bytes as they are now.
fn with_lock(inputs: &str, site: &Site) -> String {
    let lock = std::fs::read(cite::lock_path(&site.root)).unwrap_or_default();
    format!("{inputs}-{:032x}", xxhash_rust::xxh3::xxh3_128(&lock))
}

/// The built-in look's files (compiled into the binary), hashed once.
fn builtin_look_hash() -> u128 {
    static HASH: std::sync::OnceLock<u128> = std::sync::OnceLock::new();
    *HASH.get_or_init(|| {
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        for (path, bytes) in assets::builtin() {
            h.update(path.as_bytes());
            h.update(&(bytes.len() as u64).to_le_bytes());
            h.update(bytes);
        }
        h.digest128()
    })
}

/// Render, write and check everything into `dir`; gives (pages, files).
#[allow(clippy::too_many_arguments)]
fn write_site(
    site: &Site,
    mut docs: Vec<Document>,
    asset_files: &[OutputFile],
    templates: &render::Templates,
    staged: &crate::output::Staged,
    stages: &mut Stages,
    warnings: &mut Vec<Warning>,
    opts: &Options,
) -> Result<(usize, Citations, crate::browse::Budget)> {
    let drafts = opts.drafts;
    let (themes, w) = xref::load_catalog(&site.topic_dir())?;
    warnings.extend(w);
    let matcher = xref::Matcher::new(&themes);
    let catalog = xxhash_rust::xxh3::xxh3_64(format!("{themes:?}").as_bytes());
    let prints = doc_prints(&docs, catalog);
    let rendered = render_bodies(&mut docs, &themes, &matcher);
    stages.done("markdown");
    let produced = produce(
        site,
        &docs,
        &rendered,
        &themes,
        templates,
        SearchOutput::Dir(staged),
        stages,
        warnings,
        drafts,
        Some(staged),
        &mut Fingerprinted { prints, catalog },
    )?;
    let Produced {
        outputs,
        late,
        source_files,
        citations,
        browse,
    } = produced;
    match opts.drift {
        cite::Drift::Fail => Error::all(citations.drift_errors())?,
        cite::Drift::Warn => warnings.extend(citations.drift.iter().cloned()),
        cite::Drift::Accept => {}
    }

    outputs
        .par_iter()
        .filter(|o| !o.written)
        .try_for_each(|o| staged.write(&o.path, &o.contents))?;
    let late_paths: Vec<String> = late.iter().map(|f| f.path.clone()).collect();
    for f in late {
        staged.write_with(&f.path, |w| (f.write)(w))?;
    }
    asset_files
        .par_iter()
        .chain(source_files.par_iter())
        .try_for_each(|f| match &f.contents {
            FileContents::Bytes(b) => staged.write(&f.path, b),
            FileContents::Copy(from) => staged.copy(&f.path, from),
        })?;
    stages.done("write");

    // Every file of the output (the search index's too) went through the staged writer.
    let files: HashSet<String> = staged
        .file_sizes()
        .into_iter()
        .map(|(path, _)| path)
        .chain(late_paths)
        .collect();
    let pages: Vec<_> = outputs.into_iter().filter_map(|o| o.check).collect();
    linkcheck::check(&pages, &files, &render::base_path(site))?;
    stages.done("linkcheck");
    let n = pages.len();
    crate::memory::drop_later((docs, rendered, pages, files));
    Ok((n, citations, browse))
}

/// Render every document body once: theme mentions are linked as it renders, and its
/// passages feed the cross-reference, the search index and the document page. Watch
/// mode calls [`render_body`] itself to reuse bodies that did not change.
///
/// Each document's Markdown is let go (left empty) as soon as its body is rendered: it
/// is not needed after, and a big digest's sources are a good part of the build's
/// memory, so the rendered bodies take the room the sources leave.
pub fn render_bodies(
    docs: &mut [Document],
    themes: &[xref::Theme],
    matcher: &xref::Matcher,
) -> Vec<Rendered> {
    docs.par_iter_mut()
        .map(|d| {
            let r = render_body(d, themes, matcher);
            d.body = String::new();
            r
        })
        .collect()
}

/// Render one document body (see [`render_bodies`]).
pub fn render_body(d: &Document, themes: &[xref::Theme], matcher: &xref::Matcher) -> Rendered {
    let root = render::root_for(&format!("documents/{}/", d.slug));
    let linker = xref::ThemeLinker::new(matcher, themes, &root);
    markdown::render(
        &d.body,
        &RenderOptions {
            highlighter: Some(Highlighter::global()),
            annotator: (!themes.is_empty()).then_some(&linker as &dyn markdown::Annotator),
            root: Some(&root),
        },
    )
}

/// Watch mode's search index, kept in memory between rebuilds: it rewrites only the
/// files of the index that an edit changes (see [`search::Incremental`]).
pub type SearchMemo = search::Incremental;

/// Where [`produce`] puts the search index.
pub enum SearchOutput<'a> {
    /// Written whole into this folder (`dossier build`).
    Dir(&'a crate::output::Staged),
    /// Brought up to date in memory; the files it changed are then pending in the memo
    /// for the caller to write (watch mode).
    Memo(&'a mut SearchMemo),
}

/// What watch mode reuses from one rebuild to the next inside [`produce`]. Each method
/// must give exactly what its default computes afresh, which is what `dossier build` uses
/// ([`Fresh`]); watch mode's implementation (`serve::reuse`) answers from what it kept
/// while the inputs are unchanged.
pub trait Reuse {
    /// Fingerprints of the documents, for finding remembered pages cheaply.
    fn prints(&self) -> Option<&[render::DocPrint]> {
        None
    }

    fn cross_reference(
        &mut self,
        themes: &[xref::Theme],
        docs: &[xref::DocInput],
    ) -> xref::CrossRef {
        xref::cross_reference(themes, docs)
    }

    fn topic_pages(
        &mut self,
        themes: &[xref::Theme],
        cross: &xref::CrossRef,
        docs: &[xref::DocInput],
    ) -> Vec<xref::views::TopicPage> {
        xref::views::topic_pages(themes, cross, docs)
    }

    /// The cross-reference export's files, to be written later (see [`LateFile`]).
    fn xref_json(
        &mut self,
        cross: &xref::CrossRef,
        themes: &[xref::Theme],
        docs: &[xref::DocInput],
        commentary: Vec<xref::ExportCommentary>,
    ) -> Result<Vec<LateFile>> {
        let files = xref_files(cross, themes, docs, &commentary)?;
        Ok(files
            .into_iter()
            .map(|(p, b)| LateFile::bytes(&p, b))
            .collect())
    }

    /// A fingerprint of what each document's panel shows (see
    /// [`xref::views::doc_panel`]), so its page is found without making the panel.
    fn panel_prints(
        &mut self,
        _cross: &xref::CrossRef,
        _docs: &[xref::DocInput],
        _commentary: &HashMap<String, Vec<commentary::CitedItem>>,
    ) -> Option<Vec<u64>> {
        None
    }

    /// `dossier.lock` as it is now. Watch mode keeps the lock it last read while the
    /// file's bytes stay the same (parsing it took a quarter of a rebuild at 10,000
    /// documents).
    fn lock(&mut self, root: &Path) -> Result<Arc<cite::Lock>> {
        Ok(Arc::new(cite::Lock::load(root)?))
    }

    /// Each document's old anchors and where they lead now (see [`cite::aliases`]), from
    /// `lock` (the one [`Reuse::lock`] gave).
    fn aliases(
        &mut self,
        lock: &cite::Lock,
        docs: &[Document],
        rendered: &[Rendered],
    ) -> Vec<cite::Aliases> {
        cite::aliases(lock, docs, rendered)
    }

    /// The reference-manager files of the whole digest (see [`cite::digest_files`]).
    fn digest_files(&mut self, refs: &[cite::Reference]) -> Result<Vec<(String, Arc<Vec<u8>>)>> {
        Ok(cite::digest_files(refs)?
            .into_iter()
            .map(|(path, bytes)| (path, Arc::new(bytes)))
            .collect())
    }

    /// Whether this build's anchors are recorded for `dossier.lock` (each passage's
    /// similarity hash: the costliest part of the citations stage). Watch mode never
    /// writes the lock, so it does not record them.
    fn records_anchors(&self) -> bool {
        true
    }
}

/// Everything computed afresh.
pub struct Fresh;

impl Reuse for Fresh {}

/// `dossier build`: everything computed afresh, but with each document's fingerprints,
/// so that every page gets the fingerprint of its inputs that watch mode gives it, and
/// a page whose fingerprint the previous build recorded is read back instead of
/// rendered ([`render::Templates::reuse_previous`]).
struct Fingerprinted {
    prints: Vec<render::DocPrint>,
    catalog: u64,
}

impl Reuse for Fingerprinted {
    fn prints(&self) -> Option<&[render::DocPrint]> {
        Some(&self.prints)
    }

    fn panel_prints(
        &mut self,
        cross: &xref::CrossRef,
        docs: &[xref::DocInput],
        commentary: &HashMap<String, Vec<commentary::CitedItem>>,
    ) -> Option<Vec<u64>> {
        (self.prints.len() == docs.len())
            .then(|| panel_prints(self.catalog, &self.prints, cross, docs, commentary))
    }
}

/// A fingerprint of what each document's panel shows (see [`xref::views::doc_panel`]):
/// the catalog's themes (`catalog`), the document's theme counts, the card and theme
/// counts of each related document, and the commentary citing the document.
pub fn panel_prints(
    catalog: u64,
    prints: &[render::DocPrint],
    cross: &xref::CrossRef,
    docs: &[xref::DocInput],
    commentary: &HashMap<String, Vec<commentary::CitedItem>>,
) -> Vec<u64> {
    use std::hash::{Hash, Hasher};
    (0..docs.len())
        .into_par_iter()
        .map(|d| {
            let dt = &cross.docs[d];
            let mut h = rustc_hash::FxHasher::default();
            (catalog, &dt.counts).hash(&mut h);
            for &(e, _) in &dt.related {
                (prints[e].card, &cross.docs[e].counts).hash(&mut h);
            }
            match commentary.get(docs[d].slug).map(serde_json::to_vec) {
                Some(Ok(json)) => json.hash(&mut h),
                // Never reused: a fingerprint no other rebuild gives.
                Some(Err(_)) => std::time::SystemTime::now().hash(&mut h),
                None => {}
            }
            h.finish()
        })
        .collect()
}

/// Each document's fingerprints (see [`render::DocPrint`]), from what was loaded of its
/// file, with `catalog` (the themes its body is rendered with).
fn doc_prints(docs: &[Document], catalog: u64) -> Vec<render::DocPrint> {
    use render::fx_hash;
    docs.par_iter()
        .map(|d| {
            // Not expected to fail; a document whose card does not serialize is then
            // never reused (a fingerprint no other build gives).
            let meta = serde_json::to_vec(&d.meta)
                .unwrap_or_else(|_| format!("{:?}", std::time::SystemTime::now()).into_bytes());
            render::DocPrint {
                page: fx_hash((catalog, &d.slug, &d.path, &meta, &d.body, d.body_line)),
                card: fx_hash((&d.slug, &meta)),
            }
        })
        .collect()
}

/// What every page of a build depends on besides the inputs its fingerprint names (see
/// [`render::Templates::reuse_previous`]): dossier itself, the configuration as loaded,
/// the base URL, the asset names and the options that change pages.
fn page_salt(site: &Site, opts: &Options, assets: &BTreeMap<String, String>) -> u64 {
    let all = format!(
        "dossier {} {} look {:032x} drafts {} base {} config {:?} assets {:?}",
        env!("CARGO_PKG_VERSION"),
        this_program(),
        builtin_look_hash(),
        opts.drafts,
        render::base_url(site),
        site.config,
        assets,
    );
    xxhash_rust::xxh3::xxh3_64(all.as_bytes())
}

/// The cross-reference export (`xref.json` and its NDJSON files) with the commentary and
/// what it cites: (site path, bytes) of each file.
pub fn xref_files(
    cross: &xref::CrossRef,
    themes: &[xref::Theme],
    docs: &[xref::DocInput],
    commentary: &[xref::ExportCommentary],
) -> Result<Vec<(String, Vec<u8>)>> {
    let ranges = xref::mention_ranges(cross, docs.len());
    let lines = |d: usize| -> serde_json::Result<(Vec<u8>, Vec<u8>)> {
        Ok((
            xref::export_doc_line(cross, themes, docs, d)?,
            xref::export_mention_lines(cross, themes, docs, ranges[d].clone())?,
        ))
    };
    let made = (|| {
        let per_doc: Vec<(Vec<u8>, Vec<u8>)> = (0..docs.len())
            .into_par_iter()
            .map(lines)
            .collect::<serde_json::Result<_>>()?;
        let doc_lines: Vec<&[u8]> = per_doc.iter().map(|p| p.0.as_slice()).collect();
        let mention_lines: Vec<&[u8]> = per_doc.iter().map(|p| p.1.as_slice()).collect();
        xref::export_files(
            &xref::export_themes(cross, themes),
            commentary,
            &doc_lines,
            &mention_lines,
            cross.mentions.len(),
            None,
        )
    })();
    made.map_err(|e| Error::input("xref.json", None, e.to_string(), "please report this"))
}

/// A file no page loads, whose bytes are made as it is written: watch mode writes
/// `xref.json` (tens of megabytes for a big digest) after telling open pages to reload,
/// and not at all while its fingerprint is unchanged.
pub struct LateFile {
    /// Under the output folder.
    pub path: String,
    /// Equal fingerprints mean equal bytes.
    pub print: u64,
    pub write: WriteLate,
}

/// Writes a [`LateFile`]'s bytes.
pub type WriteLate = Box<dyn FnOnce(&mut dyn std::io::Write) -> std::io::Result<()> + Send>;

impl LateFile {
    /// A late file whose bytes are already made.
    pub fn bytes(path: &str, bytes: Vec<u8>) -> LateFile {
        use std::hash::{Hash, Hasher};
        let mut h = rustc_hash::FxHasher::default();
        bytes.hash(&mut h);
        LateFile {
            path: path.to_string(),
            print: h.finish(),
            write: Box::new(move |out| out.write_all(&bytes)),
        }
    }
}

/// Everything a build writes besides the static assets and the search index, in memory.
pub struct Produced {
    /// Every rendered page and generated file (feed, ...; `xref.json` too when built
    /// into a folder).
    pub outputs: Vec<render::Output>,
    /// Files written after the others (`xref.json` in watch mode).
    pub late: Vec<LateFile>,
    /// The documents' original seeds, copied beside their pages.
    pub source_files: Vec<OutputFile>,
    /// What the browse pages, feeds and catalogue add (see [`crate::browse`]).
    pub browse: crate::browse::Budget,
    /// Anchors published and passages cited, against `dossier.lock`.
    pub citations: Citations,
}

/// What this build found about anchors and citations (see [`crate::cite`]).
#[derive(Debug, Default)]
pub struct Citations {
    /// The lock with this build's new documents, anchors and citations recorded (changed
    /// citations keep what they recorded, so they keep warning).
    pub lock: cite::Lock,
    /// The citations with every change accepted (`dossier check --fix`); its documents
    /// are `lock`'s (left empty here: at 10,000 documents a copy is tens of megabytes).
    pub accepted: cite::Lock,
    /// A warning for each cited passage that changed.
    pub drift: Vec<Warning>,
}

impl Citations {
    /// The drift warnings as errors (CI mode).
    pub fn drift_errors(&self) -> Vec<Error> {
        self.drift
            .iter()
            .map(|w| {
                let (message, hint) = w
                    .message
                    .split_once("\n  hint: ")
                    .unwrap_or((w.message.as_str(), ""));
                Error::input(&w.path, w.line, message, hint)
            })
            .collect()
    }
}

/// From loaded documents and their rendered bodies: the cross-reference, the search
/// index (see [`SearchOutput`]) and every page, in memory. Shared by `build` and watch
/// mode so both give the same bytes.
#[allow(clippy::too_many_arguments)]
pub fn produce(
    site: &Site,
    docs: &[Document],
    rendered: &[Rendered],
    themes: &[xref::Theme],
    templates: &render::Templates,
    search: SearchOutput<'_>,
    stages: &mut Stages,
    warnings: &mut Vec<Warning>,
    drafts: bool,
    pages_dir: Option<&crate::output::Staged>,
    reuse: &mut dyn Reuse,
) -> Result<Produced> {
    let (sources, source_files, originals) = sources(site, docs, warnings)?;
    let lock = reuse.lock(&site.root)?;
    crate::memory::trace("lock loaded");
    let aliases = reuse.aliases(&lock, docs, rendered);
    let base = render::base_url(site);
    let refs: Vec<cite::Reference> = docs
        .iter()
        .map(|d| {
            let pdf = originals
                .get(&d.slug)
                .filter(|o| o.mime == "application/pdf")
                .map(|o| format!("{base}{}", o.path));
            cite::Reference::new(d, &base, &site.config.title, pdf)
        })
        .collect();
    let inputs = xref::doc_inputs(docs, rendered);
    let cross = reuse.cross_reference(themes, &inputs);
    let descriptions: Vec<Rendered> = themes.iter().map(|t| render_fragment(&t.body)).collect();
    stages.done("xref");

    let recorded = reuse.records_anchors().then_some(rendered);
    let (notes, citations) = commentary_stage(
        site, docs, rendered, themes, drafts, warnings, lock, &aliases, recorded,
    )?;
    stages.done("commentary");

    // The search index is built (and its memory freed) before the pages' views exist, so
    // the two big working sets are never in memory together.
    search_stage(
        docs,
        rendered,
        themes,
        &cross,
        &descriptions,
        &notes.pages,
        search,
        reuse.prints(),
        stages,
    )?;

    // The export is made before the pages: its lines (tens of megabytes at 30,000
    // documents) come and go before the pages' link-check data is held, so the two
    // working sets are never in memory together.
    let commentary: Vec<xref::ExportCommentary> = notes
        .views
        .iter()
        .zip(&notes.cites)
        .map(|(v, cites)| xref::ExportCommentary {
            slug: v.card.slug.clone(),
            title: v.card.title.clone(),
            url: v.card.url.clone(),
            date: v.card.date.clone(),
            cites: cites.clone(),
        })
        .collect();
    let mut exported = Vec::new();
    let mut late = Vec::new();
    match pages_dir {
        // Streamed into the file: a big digest's xref.json is tens of megabytes.
        Some(staged) => {
            for (path, bytes) in xref_files(&cross, themes, &inputs, &commentary)? {
                staged.write(&path, &bytes)?;
                exported.push(render::Output {
                    path,
                    contents: Default::default(),
                    check: None,
                    written: true,
                });
            }
        }
        None => late.extend(reuse.xref_json(&cross, themes, &inputs, commentary)?),
    }
    stages.done("xref.json");

    let topics = xref::views::cards(themes, &cross);
    let on_themes = commentary::by_theme(&notes.views);
    let topic_pages: Vec<(xref::views::TopicPage, String)> = reuse
        .topic_pages(themes, &cross, &inputs)
        .into_iter()
        .zip(&descriptions)
        .map(|(mut p, r)| {
            p.commentary = on_themes.get(&p.card.slug).cloned().unwrap_or_default();
            (p, r.html.clone())
        })
        .collect();
    let on_docs = commentary::by_document(&notes.views);
    // Each document's panel is made when its page is rendered (watch mode renders few).
    let panel = |i: usize| {
        let mut p = xref::views::doc_panel(themes, &cross, &inputs, i);
        p.commentary = on_docs.get(&docs[i].slug).cloned().unwrap_or_default();
        p
    };
    let panel_prints = reuse.panel_prints(&cross, &inputs, &on_docs);
    let mut matrix = (!themes.is_empty()).then(|| xref::views::matrix(themes, &cross, &inputs));
    let terms = crate::browse::Terms::new(site, docs)?;
    let theme_terms: Vec<crate::browse::ThemeTerm> = themes
        .iter()
        .zip(&cross.themes)
        .map(|(t, s)| {
            let mut docs: Vec<usize> = s.documents.iter().map(|&(d, _)| d).collect();
            docs.sort_unstable();
            crate::browse::ThemeTerm {
                slug: t.slug.clone(),
                title: t.title.clone(),
                url: xref::views::topic_url(t),
                docs,
            }
        })
        .collect();
    if let Some(m) = &mut matrix {
        link_matrix(m, docs, &theme_terms);
    }
    let cards: Vec<commentary::CommentaryCard> =
        notes.views.iter().map(|p| p.card.clone()).collect();
    // Each document's "Cite this" (formatted in five styles) is made when its page is
    // rendered, like its panel: watch mode renders few. A page is found again by what its
    // citation is made of besides the document: its old anchors and its original.
    let cite_view = |i: usize| {
        let (r, a) = (&refs[i], &aliases[i]);
        let original = originals.get(&r.slug);
        cite::view(
            r,
            a,
            original.map(|o| (format!("{base}{}", o.path), o.mime.to_string())),
            original.map(|o| (o.path.clone(), o.name.clone())),
        )
    };
    let cite_prints: Option<Vec<u64>> = reuse.prints().map(|_| {
        (0..docs.len())
            .into_par_iter()
            .map(|i| {
                use std::hash::{Hash, Hasher};
                let mut h = rustc_hash::FxHasher::default();
                aliases[i].hash(&mut h);
                originals
                    .get(&docs[i].slug)
                    .map(|o| (&o.path, &o.name, o.mime))
                    .hash(&mut h);
                h.finish()
            })
            .collect()
    });
    let by_slug: HashMap<String, &cite::Reference> =
        refs.iter().map(|r| (r.slug.clone(), r)).collect();
    let commentary_ld: HashMap<String, String> = notes
        .views
        .iter()
        .map(|p| {
            (
                p.card.slug.clone(),
                cite::commentary_json_ld(p, &base, &site.config.title, &by_slug),
            )
        })
        .collect();
    stages.done("theme pages and panels");

    let input = render::Input {
        site,
        templates,
        documents: docs,
        rendered,
        panel: &panel,
        panel_prints: panel_prints.as_deref(),
        topics: &topics,
        topic_pages: &topic_pages,
        matrix: matrix.as_ref(),
        commentary: &cards,
        commentary_pages: &notes.pages,
        sources: &sources,
        write_to: pages_dir,
        prints: reuse.prints(),
        cite: &cite_view,
        cite_prints: cite_prints.as_deref(),
        commentary_ld: &commentary_ld,
        terms: Some(&terms),
    };
    let mut outputs = render::render_pages(&input)?;
    stages.done("document, theme and index pages");
    outputs.extend(exported);
    // Reference-manager files of the whole digest (each document's are inline in its page).
    let cite_files = reuse.digest_files(&refs)?;
    outputs.extend(
        cite_files
            .into_iter()
            .map(|(path, contents)| render::Output {
                path,
                contents,
                check: None,
                written: false,
            }),
    );
    let doc_themes: Vec<Vec<String>> = cross
        .docs
        .iter()
        .map(|d| {
            d.counts
                .iter()
                .map(|&(t, _)| themes[t].slug.clone())
                .collect()
        })
        .collect();
    let (browsed, browse) = crate::browse::pages(&crate::browse::Input {
        site,
        templates,
        documents: docs,
        terms: &terms,
        themes: &theme_terms,
        doc_themes: &doc_themes,
        write_to: pages_dir,
        prints: reuse.prints(),
    })?;
    outputs.extend(browsed);
    stages.done("browse pages, catalogue");
    match templates.take_rendered() {
        Some(n) => stages.done(&format!("render ({n} pages rendered)")),
        None => stages.done("render"),
    }

    Ok(Produced {
        outputs,
        late,
        source_files,
        citations,
        browse,
    })
}

/// Every non-empty cell of the heat map links to its theme's documents at that year (a
/// per-document matrix: at that document's year).
fn link_matrix(
    m: &mut xref::views::Matrix,
    docs: &[Document],
    themes: &[crate::browse::ThemeTerm],
) {
    let years: Vec<Option<i32>> = if m.by_year {
        m.columns.iter().map(|c| c.label.parse().ok()).collect()
    } else {
        docs.iter().map(|d| d.meta.date.map(|x| x.year)).collect()
    };
    for (row, theme) in m.rows.iter_mut().zip(themes) {
        for (cell, year) in row.cells.iter_mut().zip(&years) {
            if cell.count > 0 {
                cell.url = crate::browse::theme_year_url(docs, theme, *year);
            }
        }
    }
}

/// Markdown outside documents (theme descriptions, commentary): no theme links.
fn render_fragment(markdown: &str) -> Rendered {
    markdown::render(
        markdown,
        &RenderOptions {
            highlighter: Some(Highlighter::global()),
            annotator: None,
            root: Some("../../"),
        },
    )
}

/// Commentary pages, loaded, resolved (every broken citation of every page reported at
/// once) and rendered.
struct Notes {
    pages: Vec<(
        commentary::CommentaryPage,
        Rendered,
        linkcheck::MarkdownOrigin,
    )>,
    views: Vec<commentary::CommentaryPage>,
    /// What each page cites (same order as `views`).
    cites: Vec<commentary::Cites>,
}

/// Commentary pages and their citations checked against the lock. The lock given back
/// records this build's anchors from `record_anchors` (the rendered bodies), when given.
#[allow(clippy::too_many_arguments)]
fn commentary_stage(
    site: &Site,
    docs: &[Document],
    rendered: &[Rendered],
    themes: &[xref::Theme],
    drafts: bool,
    warnings: &mut Vec<Warning>,
    lock: Arc<cite::Lock>,
    aliases: &[cite::Aliases],
    record_anchors: Option<&[Rendered]>,
) -> Result<(Notes, Citations)> {
    let (notes, w) = commentary::load(&site.commentary_dir())?;
    warnings.extend(w);
    let notes: Vec<commentary::Commentary> = notes
        .into_iter()
        .filter(|c| drafts || !c.meta.draft)
        .collect();
    let mut targets = citation_targets(docs, rendered, themes, &notes);
    targets.lock = Some(&lock);
    for (d, a) in docs.iter().zip(aliases) {
        if let Some(t) = targets.documents.get_mut(d.slug.as_str()) {
            t.aliases = Some(a);
        }
    }
    let mut resolved = Vec::with_capacity(notes.len());
    let mut broken = Vec::new();
    for c in &notes {
        match commentary::resolve(c, &targets, "../../") {
            Ok(r) => resolved.push(r),
            Err(Error::Many(es)) => broken.extend(es),
            Err(e) => broken.push(e),
        }
    }
    Error::all(broken)?;
    let pages: Vec<_> = notes
        .par_iter()
        .zip(&resolved)
        .map(|(c, r)| {
            let body = render_fragment(&r.markdown);
            let origin = linkcheck::MarkdownOrigin {
                file: c.path.clone(),
                body_line: c.body_line,
                links: body.links.clone(),
            };
            (commentary::page_view(c, &r.cites, &targets), body, origin)
        })
        .collect();
    // Drift: what each citation cited against the passage now. The pages are made
    // (above) while the lock is borrowed, so that it is moved here rather than copied: at
    // 10,000 documents it is tens of megabytes.
    drop(targets);
    let recorded = match record_anchors {
        Some(rendered) => {
            // `dossier build` holds the only reference: the lock is moved, not copied.
            let mut lock = Arc::try_unwrap(lock).unwrap_or_else(|shared| (*shared).clone());
            cite::lock_documents(&mut lock, docs, rendered);
            lock
        }
        // Watch mode never writes the lock: only its citations are compared.
        None => cite::Lock {
            documents: Default::default(),
            citations: lock.citations.clone(),
        },
    };
    let mut citations = Citations {
        accepted: cite::Lock {
            documents: Default::default(),
            citations: recorded.citations.clone(),
        },
        lock: recorded,
        drift: Vec::new(),
    };
    let mut cited = HashMap::new();
    for (c, r) in notes.iter().zip(&resolved) {
        let (w, _) = cite::check_drift(
            &mut citations.lock,
            &c.slug,
            &c.path,
            &r.passages,
            cite::Drift::Warn,
        );
        citations.drift.extend(w);
        cite::check_drift(
            &mut citations.accepted,
            &c.slug,
            &c.path,
            &r.passages,
            cite::Drift::Accept,
        );
        cited.insert(c.slug.clone(), r.passages.clone());
    }
    cite::prune_citations(&mut citations.accepted, &cited);
    let views = pages.iter().map(|(p, _, _)| p.clone()).collect();
    let cites = resolved.into_iter().map(|r| r.cites).collect();
    Ok((
        Notes {
            pages,
            views,
            cites,
        },
        citations,
    ))
}

/// The search index: written whole into a folder, or brought up to date in watch mode's
/// memo (see [`SearchOutput`]).
#[allow(clippy::too_many_arguments)]
fn search_stage(
    docs: &[Document],
    rendered: &[Rendered],
    themes: &[xref::Theme],
    cross: &xref::CrossRef,
    descriptions: &[Rendered],
    notes: &[(
        commentary::CommentaryPage,
        Rendered,
        linkcheck::MarkdownOrigin,
    )],
    search: SearchOutput<'_>,
    prints: Option<&[render::DocPrint]>,
    stages: &mut Stages,
) -> Result<()> {
    let theme_texts: Vec<String> = descriptions
        .iter()
        .map(search::collect::theme_text)
        .collect();
    let commentary_entries = search::collect::commentary_entries(notes);
    match search {
        SearchOutput::Dir(staged) => {
            let mut entries =
                search::collect::entries(docs, rendered, themes, Some(cross), &theme_texts);
            entries.extend(commentary_entries);
            crate::memory::trace("search: entries");
            let sink = |rel: &str, bytes: &[u8]| staged.write(&format!("search/{rel}"), bytes);
            let previous = staged.output().join("search");
            let index = search::write_index_to(&entries, &sink, Some(&previous))?;
            // The index's working set (the biggest of the build) is gone: give it back,
            // so that the pages' allocations start from what is live rather than in the
            // holes it left (at 30,000 documents the pages then peaked 250 MB higher).
            drop(entries);
            crate::memory::release_freed();
            let phases: Vec<String> = index
                .phases
                .iter()
                .map(|(name, d)| format!("{name} {d:.2?}"))
                .collect();
            stages.done(&format!(
                "search ({} sections; {})",
                index.entries,
                phases.join(", ")
            ));
        }
        SearchOutput::Memo(memo) => {
            // The previous rebuild's entries are reused for unchanged documents.
            let page_prints: Option<Vec<u64>> = prints.map(|p| p.iter().map(|p| p.page).collect());
            let collected = search::collect::entries_since(
                memo.take_entries(),
                page_prints.as_deref(),
                docs,
                rendered,
                themes,
                Some(cross),
                &theme_texts,
                commentary_entries,
            );
            let update = memo.update_collected(collected)?;
            stages.done(&format!("search ({update})"));
        }
    }
    Ok(())
}

/// Write a [`LateFile`] into `dir` through a temporary file, so that a reader never
/// sees half of it.
pub(crate) fn write_late(dir: &Path, f: LateFile) -> Result<()> {
    crate::error::write_atomic_with(&crate::paths::join_inside(dir, &f.path)?, |file| {
        let mut w = std::io::BufWriter::with_capacity(1 << 20, file);
        (f.write)(&mut w)?;
        std::io::Write::flush(&mut w)
    })
}

/// Each document's `source.txt` (slug to output path and seed name), the files to copy,
/// and each document's original when it is published as it is (see [`Original`]).
type Sources = (
    HashMap<String, (String, String)>,
    Vec<OutputFile>,
    HashMap<String, Original>,
);

/// A document's original file published beside its page under its own type: formats a
/// browser does not run as part of the site (PDF, office documents). HTML and SVG seeds
/// are published only as `source.txt`, so a hostile page cannot run on the site's origin.
#[derive(Debug, Clone)]
pub struct Original {
    /// Under the output folder.
    pub path: String,
    /// The seed's file name.
    pub name: String,
    pub mime: &'static str,
}

/// The type of an original published as it is, by extension.
fn original_type(name: &str) -> Option<(&'static str, &'static str)> {
    let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
    Some(match ext.as_str() {
        "pdf" => ("pdf", "application/pdf"),
        "docx" => (
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        "odt" => ("odt", "application/vnd.oasis.opendocument.text"),
        "xlsx" => (
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        "ods" => ("ods", "application/vnd.oasis.opendocument.spreadsheet"),
        "pptx" => (
            "pptx",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ),
        "epub" => ("epub", "application/epub+zip"),
        _ => return None,
    })
}

/// The original seed of each document, copied to `documents/<slug>/source.txt` (always
/// as plain text, so a hostile HTML seed cannot run on the site's origin). A seed that is
/// a link out of the seeds folder is refused.
fn sources(site: &Site, docs: &[Document], warnings: &mut Vec<Warning>) -> Result<Sources> {
    let mut map = HashMap::new();
    let mut files = Vec::new();
    let mut originals = HashMap::new();
    for d in docs {
        let Some(name) = d.meta.source.as_deref() else {
            continue;
        };
        let plain = !name.is_empty() && !name.contains(['/', '\\']) && name != ".." && name != ".";
        let path = site.seeds_dir().join(name);
        if !plain || !path.is_file() {
            warnings.push(render::source_warning(
                d,
                &format!("source `{name}` is not a file in the seeds folder; the page will not link to the original"),
            ));
            continue;
        }
        crate::paths::inside_folder(&site.seeds_dir(), &path)?;
        // An original published as it is (a PDF) is the source: a second copy named
        // `source.txt` would be its bytes again, and served as text.
        if let Some((ext, mime)) = original_type(name) {
            let out = format!("documents/{}/original.{ext}", d.slug);
            originals.insert(
                d.slug.clone(),
                Original {
                    path: out.clone(),
                    name: name.to_string(),
                    mime,
                },
            );
            files.push(OutputFile {
                path: out,
                contents: FileContents::Copy(path.clone()),
            });
            continue;
        }
        let out = format!("documents/{}/source.txt", d.slug);
        map.insert(d.slug.clone(), (out.clone(), name.to_string()));
        files.push(OutputFile {
            path: out,
            contents: FileContents::Copy(path),
        });
    }
    Ok((map, files, originals))
}

/// What commentary may cite: documents with their passages, themes, commentary pages.
fn citation_targets<'a>(
    docs: &'a [Document],
    rendered: &'a [Rendered],
    themes: &'a [xref::Theme],
    notes: &'a [commentary::Commentary],
) -> commentary::Targets<'a> {
    let mut t = commentary::Targets::default();
    for (d, r) in docs.iter().zip(rendered) {
        t.documents.insert(
            d.slug.as_str(),
            commentary::CitableDoc {
                title: &d.meta.title,
                passages: &r.passages,
                aliases: None,
            },
        );
    }
    for th in themes {
        t.themes.insert(th.slug.as_str(), th.title.as_str());
    }
    for c in notes {
        t.commentary.insert(c.slug.as_str(), c.meta.title.as_str());
    }
    t
}

/// `dossier new commentary`: scaffold a page (checking that the documents and themes it
/// names exist), never overwriting a file.
pub fn new_commentary(
    site: &Site,
    title: &str,
    date: Option<&str>,
    authors: &[String],
    documents: &[String],
    themes: &[String],
) -> Result<PathBuf> {
    let date = match date {
        Some(d) => crate::content::PartialDate::parse(d).ok_or_else(|| {
            Error::input(
                "--date",
                None,
                format!("invalid date {d:?}"),
                "use YYYY-MM-DD",
            )
        })?,
        None => today(),
    };
    crate::paths::check_site(site)?;
    let (docs, _) = crate::content::load_documents(&site.documents_dir())?;
    let (catalog, _) = xref::load_catalog(&site.topic_dir())?;
    let doc_slugs: Vec<&str> = docs.iter().map(|d| d.slug.as_str()).collect();
    let theme_slugs: Vec<&str> = catalog.iter().map(|t| t.slug.as_str()).collect();
    for (what, names, known) in [
        ("document", documents, &doc_slugs),
        ("theme", themes, &theme_slugs),
    ] {
        for n in names {
            if !known.contains(&n.as_str()) {
                let hint = crate::content::closest(n, known)
                    .map(|c| format!("did you mean `{c}`?"))
                    .unwrap_or_else(|| format!("see content/{what}s/ for the slugs"));
                return Err(Error::input(
                    format!("--{what} {n}"),
                    None,
                    format!("no {what} `{n}`"),
                    hint,
                ));
            }
        }
    }
    commentary::scaffold(
        &site.commentary_dir(),
        title,
        date,
        authors,
        documents,
        themes,
    )
}

/// Today's date (UTC), from the system clock.
fn today() -> crate::content::PartialDate {
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() / 86_400)
        .unwrap_or(0) as i64;
    // Civil-from-days (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    crate::content::PartialDate::ymd(year, month, day)
}

/// `dossier check`: every validation a build makes (seeds, documents, themes,
/// commentary and its citations, templates, CSS, links), without writing anything: ingest
/// runs without writing and the site is rendered into a temporary folder that is removed.
pub fn check(site: &Site, drift: cite::Drift) -> Result<Outcome> {
    let start = Instant::now();
    let mut warnings = Vec::new();
    crate::paths::check_site(site)?;
    let mut errors = Vec::new();
    let mut seeds = Vec::new();
    if site.seeds_dir().is_dir() {
        let prepared = ingest::prepare_site(site, None, &[])?;
        warnings.extend(prepared.outcome.warnings);
        for p in prepared.prepared {
            match p {
                Ok(ingest::Work::Unchanged { seed, .. }) => seeds.push(seed),
                Ok(ingest::Work::Prepared(p)) => {
                    match crate::paths::document_slug(&p.seed, &p.slug) {
                        Ok(()) => {
                            warnings.extend(p.warnings);
                            seeds.push(p.seed);
                        }
                        Err(e) => errors.push(e),
                    }
                }
                Err(e) => errors.push(e),
            }
        }
    }
    Error::all(errors)?;
    let scratch = tempfile_dir(site)?;
    let opts = Options {
        output: Some(scratch.join("public")),
        drafts: true,
        verbose: false,
        skip_ingest: true,
        keep_going: false,
        drift,
        keep_lock: drift != cite::Drift::Accept,
        host: None,
    };
    let result = build(site, &opts);
    let _ = std::fs::remove_dir_all(&scratch);
    let outcome = result?;
    warnings.extend(outcome.warnings);
    Ok(Outcome {
        summary: format!(
            "check passed: {} seeds, {} pages, every link and citation resolves ({:.2?})",
            seeds.len(),
            outcome.pages,
            start.elapsed()
        ),
        warnings,
        timings: outcome.timings,
        pages: outcome.pages,
        files: outcome.files,
    })
}

/// A scratch folder for `check`, in the system's temporary directory.
fn tempfile_dir(site: &Site) -> Result<PathBuf> {
    let _ = site;
    let dir = std::env::temp_dir().join(format!("dossier-check-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    Ok(dir)
}

/// Candidate themes for the catalog (`dossier themes suggest`).
pub fn suggest_themes(site: &Site, limit: usize) -> Result<Vec<crate::xref::suggest::Suggestion>> {
    let (docs, _) = crate::content::load_documents(&site.documents_dir())?;
    let (themes, _) = crate::xref::load_catalog(&site.topic_dir())?;
    let matcher = crate::xref::Matcher::new(&themes);
    let texts: Vec<(String, String)> = docs
        .iter()
        .map(|d| {
            let r = crate::markdown::render(&d.body, &crate::markdown::RenderOptions::default());
            let text = r
                .passages
                .iter()
                .map(|p| p.text.as_str())
                .collect::<Vec<_>>()
                .join("\n");
            (d.slug.clone(), text)
        })
        .collect();
    let refs: Vec<(&str, &str)> = texts
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    Ok(crate::xref::suggest::suggest(&refs, &matcher, limit))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn originals_published_as_they_are_only_when_inert() {
        assert_eq!(
            original_type("Report 2019.PDF"),
            Some(("pdf", "application/pdf"))
        );
        assert_eq!(original_type("a.odt").map(|t| t.0), Some("odt"));
        for active in [
            "page.html",
            "page.htm",
            "x.svg",
            "x.xhtml",
            "x.js",
            "x.txt",
            "x",
        ] {
            assert_eq!(original_type(active), None, "{active}");
        }
    }
}
