//! Ingest: turns raw seed documents (`seeds/*.txt`, optional `seeds/<name>.yaml`
//! sidecars) into front-matter Markdown under `content/documents/`. Takes a [`Site`];
//! gives the files written or left alone, warnings, and a report of every line the
//! normalizer dropped and why.
//!
//! Stages: [`decode`] bytes to text, [`metadata`] reads the front matter off the text,
//! [`normalize`] repairs the body. Ingest is deterministic and idempotent, and never
//! overwrites a file an editor has changed (see [`write_document`]).

pub mod catalogue;
pub mod decode;
pub mod fields;
pub mod footnotes;
pub mod layout;
pub mod links;
pub mod metadata;
pub mod normalize;
pub mod readers;
mod script;
pub mod source;
mod spelling;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::config::Site;
use crate::content::{self, DocumentMeta};
use crate::error::{self, Error, Result, Warning};

use catalogue::CatalogueFields;
pub use normalize::{Dropped, Normalized};
pub use source::{Evidence, Format, Provenance};

#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Overwrite hand-edited documents (after keeping a backup).
    pub force: bool,
    /// A seed that cannot be read is reported and left out; the others are published.
    /// Without it (the default), such a seed fails the ingest after the others are done.
    pub keep_going: bool,
    /// Read every seed even when its inputs are unchanged (for the report).
    pub full: bool,
    /// Slugs of documents to move to the slug of their (corrected) title, leaving a
    /// redirect at the old URL.
    pub rename: Vec<String>,
}

/// Bumped whenever ingest's rules change what they make of a seed, so documents ingested
/// by older rules are made again.
pub const RULES_VERSION: &str = "2026-12-05.124";

/// What happened to one seed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Created,
    Updated,
    Unchanged,
    /// The output was edited by hand and left alone.
    KeptEdited,
    /// The output was edited by hand and overwritten with `--force`; the edit is in the backup.
    Overwritten {
        backup: PathBuf,
    },
}

#[derive(Debug, Clone)]
pub struct SeedResult {
    pub seed: PathBuf,
    pub output: PathBuf,
    pub action: Action,
    pub format: Format,
    pub meta: DocumentMeta,
    pub provenance: Provenance,
    pub dropped: Vec<Dropped>,
    pub rewrites: Vec<links::Rewrite>,
}

#[derive(Debug, Default)]
pub struct Outcome {
    pub seeds: Vec<SeedResult>,
    /// Seeds skipped because their inputs are unchanged: (seed, document).
    pub unchanged: Vec<(PathBuf, PathBuf)>,
    pub warnings: Vec<Warning>,
    /// What the catalogues matched, when the site has any.
    pub catalogue_summary: Option<String>,
}

impl Outcome {
    pub fn summary(&self) -> String {
        let count = |f: fn(&Action) -> bool| self.seeds.iter().filter(|s| f(&s.action)).count();
        format!(
            "ingested {} seeds: {} created, {} updated, {} unchanged, {} kept (edited by hand), {} overwritten",
            self.seeds.len() + self.unchanged.len(),
            count(|a| *a == Action::Created),
            count(|a| *a == Action::Updated),
            count(|a| *a == Action::Unchanged) + self.unchanged.len(),
            count(|a| *a == Action::KeptEdited),
            count(|a| matches!(a, Action::Overwritten { .. })),
        )
    }

    /// The ingest report: for every seed, where each field's value came from, each
    /// dropped line and the rule that dropped it, each link rewritten; then a summary.
    pub fn report_text(&self) -> String {
        let mut out = String::from("# dossier ingest report\n");
        for s in &self.seeds {
            out.push_str(&format!(
                "\n## {} -> {} ({:?}, read as {})\n",
                s.seed.display(),
                s.output.display(),
                s.action,
                s.format.name()
            ));
            for (field, value) in field_values(&s.meta) {
                let from = s
                    .provenance
                    .get(field)
                    .map(|e| e.to_string())
                    .unwrap_or_else(|| "-".into());
                out.push_str(&format!("{field}: {value}  [{from}]\n"));
            }
            let missing = needs_attention(s);
            if !missing.is_empty() {
                out.push_str(&format!("needs an editor: {}\n", missing.join(", ")));
            }
            if s.dropped.is_empty() {
                out.push_str("nothing dropped\n");
            }
            for d in &s.dropped {
                out.push_str(&format!(
                    "{}:{}: [{}] {:?}\n",
                    s.seed.display(),
                    d.line,
                    d.rule,
                    d.text
                ));
            }
            for r in &s.rewrites {
                out.push_str(&format!(
                    "{} (markdown line {}): [{}] {:?}\n",
                    s.seed.display(),
                    r.line,
                    r.action,
                    r.was
                ));
            }
        }
        out.push_str(&self.summary_table());
        if let Some(c) = &self.catalogue_summary {
            out.push_str(c);
            out.push('\n');
        }
        out
    }

    /// The documents that need an editor, as a catalogue with no mapping (a `file` column
    /// and dossier's fields, filled with what ingest found): fill it in, save it under
    /// `seeds/`, and declare it under `catalogues:`.
    pub fn attention_csv(&self) -> Result<String> {
        let mut w = csv::Writer::from_writer(Vec::new());
        let header = [
            "file",
            "title",
            "date",
            "kind",
            "authors",
            "organisations",
            "place",
            "language",
            "needs",
        ];
        let csv_err = |e: csv::Error| Error::Described(format!("writing the attention list: {e}"));
        w.write_record(header).map_err(csv_err)?;
        for s in &self.seeds {
            let needs = needs_attention(s);
            if needs.is_empty() {
                continue;
            }
            let m = &s.meta;
            let title = if needs.contains(&"title") {
                String::new()
            } else {
                m.title.clone()
            };
            w.write_record([
                m.source.clone().unwrap_or_default(),
                title,
                m.date.map(|d| d.to_string()).unwrap_or_default(),
                m.kind.clone().unwrap_or_default(),
                m.authors.join("; "),
                m.organisations.join("; "),
                m.place.clone().unwrap_or_default(),
                m.language.clone().unwrap_or_default(),
                needs.join(" "),
            ])
            .map_err(csv_err)?;
        }
        let bytes = w
            .into_inner()
            .map_err(|e| Error::Described(e.to_string()))?;
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    }

    /// Per field: how many documents have it, and from which evidence.
    pub fn summary_table(&self) -> String {
        let mut out = format!("\n# Summary ({} documents)\n", self.seeds.len());
        for field in REPORTED_FIELDS {
            let mut by: BTreeMap<String, usize> = BTreeMap::new();
            for s in &self.seeds {
                if let Some(e) = s.provenance.get(field) {
                    *by.entry(e.class()).or_default() += 1;
                }
            }
            let have: usize = by.values().sum();
            let detail = by
                .iter()
                .map(|(k, n)| format!("{n} {k}"))
                .collect::<Vec<_>>()
                .join(", ");
            out.push_str(&format!(
                "{field}: {have} of {}{}\n",
                self.seeds.len(),
                if detail.is_empty() {
                    String::new()
                } else {
                    format!(" ({detail})")
                }
            ));
        }
        let attention = self
            .seeds
            .iter()
            .filter(|s| !needs_attention(s).is_empty())
            .count();
        out.push_str(&format!("documents needing an editor: {attention}\n"));
        out
    }
}

/// The fields the report accounts for, in front-matter order.
pub const REPORTED_FIELDS: &[&str] = &[
    "title",
    "subtitle",
    "date",
    "end_date",
    "place",
    "organisations",
    "authors",
    "kind",
    "language",
    "summary",
    "source_url",
];

/// A document needs an editor when its title came from the file name or it has no date
/// or kind: the fields a reader sorts and cites by.
pub fn needs_attention(s: &SeedResult) -> Vec<&'static str> {
    let mut out = Vec::new();
    if s.provenance.get("title") == Some(&Evidence::FileName) {
        out.push("title");
    }
    if s.meta.date.is_none() {
        out.push("date");
    }
    if s.meta.kind.is_none() {
        out.push("kind");
    }
    out
}

fn field_values(m: &DocumentMeta) -> Vec<(&'static str, String)> {
    let opt = |v: &Option<String>| v.clone();
    let list = |v: &Vec<String>| (!v.is_empty()).then(|| v.join("; "));
    let fields = [
        ("title", Some(m.title.clone())),
        ("subtitle", opt(&m.subtitle)),
        ("date", m.date.map(|d| d.to_string())),
        ("end_date", m.end_date.map(|d| d.to_string())),
        ("place", opt(&m.place)),
        ("organisations", list(&m.organisations)),
        ("authors", list(&m.authors)),
        ("kind", opt(&m.kind)),
        ("language", opt(&m.language)),
        ("summary", opt(&m.summary)),
        ("source_url", opt(&m.source_url)),
    ];
    fields
        .into_iter()
        .filter_map(|(k, v)| v.map(|v| (k, v)))
        .collect()
}

/// The seed files of a site: every regular file in `seeds/` except sidecars (`*.yaml`)
/// and hidden files, sorted by name.
pub fn seed_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    if !dir.exists() {
        return Ok(files);
    }
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        let is_sidecar = path.extension().is_some_and(|e| e == "yaml" || e == "yml");
        if path.is_file() && !name.starts_with('.') {
            // A seed or sidecar that is a link must stay inside the seeds folder.
            crate::paths::inside_folder(dir, &path)?;
            if !is_sidecar {
                files.push(path);
            }
        }
    }
    files.sort();
    Ok(files)
}

/// Ingest every seed of the site. One unreadable seed never stops the others: they are
/// all written first, then the problems are returned as one error (or, with
/// `keep_going`, as warnings).
pub fn ingest_site(site: &Site, opts: &Options) -> Result<Outcome> {
    let (outcome, result) = ingest_site_keeping_warnings(site, opts)?;
    result.map(|()| outcome)
}

/// [`ingest_site`], keeping the outcome (warnings, what was written) even when some
/// seeds failed, so the command can print both.
pub fn ingest_site_keeping_warnings(site: &Site, opts: &Options) -> Result<(Outcome, Result<()>)> {
    let out_dir = site.documents_dir();
    let existing = existing_sources(&out_dir)?;
    for slug in &opts.rename {
        let known = existing.values().any(|e| {
            e.path
                .file_stem()
                .is_some_and(|s| s.to_string_lossy() == *slug)
        });
        if !known {
            return Err(Error::input(
                out_dir.join(format!("{slug}.md")),
                None,
                format!("--rename {slug}: no document ingested from a seed has this slug"),
                "give the slug of a document in content/documents (its file name without .md)",
            ));
        }
    }
    let PreparedSite {
        prepared,
        mut outcome,
        seeds_dir,
    } = prepare_site(
        site,
        (!opts.full && !opts.force).then_some(&existing),
        &opts.rename,
    )?;
    let mut errors = Vec::new();
    let mut taken: BTreeMap<String, PathBuf> = BTreeMap::new();
    for p in prepared {
        match p {
            Ok(Work::Unchanged { seed, output }) => {
                outcome.unchanged.push((seed, output));
            }
            Ok(Work::Prepared(p)) => {
                let mut p = *p;
                outcome.warnings.extend(p.warnings.iter().cloned());
                let known = p.meta.source.as_ref().and_then(|s| existing.get(s));
                let rename = known.and_then(|e| planned_rename(&p, e, &opts.rename));
                if let Some(e) = known {
                    p.meta.aliases = e.aliases.clone();
                }
                let written = match &rename {
                    Some(Rename {
                        old,
                        old_slug,
                        slug,
                    }) => {
                        p.meta.aliases.push(old_slug.clone());
                        crate::paths::document_slug(&p.seed, slug)
                            .and_then(|()| new_path(&out_dir, slug, &mut taken))
                            .and_then(|output| {
                            let done = write_document(&output, &p, opts)?;
                            std::fs::remove_file(old).map_err(|e| Error::io(old, e))?;
                            outcome.warnings.push(Warning {
                                path: output.clone(),
                                line: None,
                                message: format!(
                                    "moved from {}; a page at the old URL redirects here (`aliases:`)",
                                    old.display()
                                ),
                            });
                            Ok((done, output))
                        })
                    }
                    None => output_path(&out_dir, &p, &existing, &mut taken)
                        .and_then(|output| Ok((write_document(&output, &p, opts)?, output))),
                };
                match written {
                    Ok(((action, w), output)) => {
                        outcome.warnings.extend(w);
                        outcome.seeds.push(SeedResult {
                            seed: p.seed.clone(),
                            output,
                            action,
                            format: p.format,
                            meta: p.meta,
                            provenance: p.provenance,
                            dropped: p.normalized.dropped,
                            rewrites: p.rewrites,
                        });
                    }
                    Err(e) => errors.push(e),
                }
            }
            Err(e) => errors.push(e),
        }
    }
    if opts.keep_going {
        for e in errors {
            outcome.warnings.push(Warning {
                path: seeds_dir.clone(),
                line: None,
                message: format!("left out (--keep-going): {e}"),
            });
        }
        return Ok((outcome, Ok(())));
    }
    Ok((outcome, Error::all(errors)))
}

/// Every seed of a site read and normalized, nothing written yet.
pub struct PreparedSite {
    pub prepared: Vec<Result<Work>>,
    /// Warnings so far (catalogue problems) and the catalogue summary; no seeds yet.
    pub outcome: Outcome,
    pub seeds_dir: PathBuf,
}

/// What ingest has to do for one seed.
#[derive(Debug)]
pub enum Work {
    /// Read and normalized, to be written.
    Prepared(Box<Prepared>),
    /// Its inputs are what made its document: nothing to do.
    Unchanged { seed: PathBuf, output: PathBuf },
}

/// Read every seed (with its catalogue row), without writing: used by ingest and by
/// `dossier check`. With `existing`, a seed whose inputs hash matches its document's is
/// not read again. A catalogue that cannot be used at all is an error.
pub fn prepare_site(
    site: &Site,
    existing: Option<&BTreeMap<String, Existing>>,
    rename: &[String],
) -> Result<PreparedSite> {
    use rayon::prelude::*;
    crate::paths::check_site(site)?;
    let seeds_dir = site.seeds_dir();
    let catalogues = catalogue::load(&site.root, &site.config.catalogues)
        .map_err(|e| Error::Described(e.to_string()))?;
    let seeds: Vec<(PathBuf, String)> = seed_files(&seeds_dir)?
        .into_iter()
        .map(|p| {
            let rel = seed_key(&seeds_dir, &p);
            (p, rel)
        })
        .filter(|(_, rel)| !catalogues.is_catalogue_file(rel))
        .collect();
    let prepared: Vec<Result<Work>> = seeds
        .par_iter()
        .map(|(seed, rel)| {
            let row = catalogues
                .row_for(rel)
                .map_err(|problem| Error::Described(problem.to_string()))?;
            // The seed is read and its inputs hashed once: to skip it when they are
            // what made its document, else to prepare it.
            let bytes = error::read(seed)?;
            let hash = inputs_hash(seed, &bytes, row.map(|r| &r.fields))?;
            if let Some(known) = existing.and_then(|e| e.get(&file_name(seed))) {
                let stem = known
                    .path
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned());
                let renaming = stem.is_some_and(|s| rename.contains(&s));
                if !renaming
                    && !known.edited
                    && known.inputs_sha256.as_deref() == Some(hash.as_str())
                {
                    return Ok(Work::Unchanged {
                        seed: seed.clone(),
                        output: known.path.clone(),
                    });
                }
            }
            let row = row.map(|r| {
                (
                    &r.fields,
                    Evidence::Catalogue {
                        file: r.catalogue.display().to_string(),
                        row: r.row,
                    },
                )
            });
            prepare_read(seed, &bytes, hash, row).map(|p| Work::Prepared(Box::new(p)))
        })
        .collect();
    let mut outcome = Outcome::default();
    let rels: Vec<String> = seeds.iter().map(|(_, r)| r.clone()).collect();
    for problem in catalogues.problems(&rels) {
        // Problems of one seed's row come back as that seed's error.
        if matches!(problem.kind(), "no-row" | "no-seed") {
            outcome.warnings.push(Warning {
                path: site.root.join(crate::config::CONFIG_FILE),
                line: None,
                message: problem.to_string(),
            });
        }
    }
    if !site.config.catalogues.is_empty() {
        outcome.catalogue_summary = Some(catalogues.summary(&rels));
    }
    Ok(PreparedSite {
        prepared,
        outcome,
        seeds_dir,
    })
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// A seed's path relative to the seeds folder, `/`-separated: how catalogues name it.
fn seed_key(seeds_dir: &Path, seed: &Path) -> String {
    seed.strip_prefix(seeds_dir)
        .unwrap_or(seed)
        .to_string_lossy()
        .replace('\\', "/")
}

/// A seed read, decoded, described and normalized, ready to be written.
#[derive(Debug)]
pub struct Prepared {
    pub seed: PathBuf,
    pub format: Format,
    pub meta: DocumentMeta,
    /// Where each front-matter field's value came from.
    pub provenance: Provenance,
    pub slug: String,
    /// The slug was set by an editor (sidecar or catalogue), not made from the title.
    pub explicit_slug: bool,
    pub normalized: Normalized,
    /// Links and images of the source rewritten so they cannot break the site.
    pub rewrites: Vec<links::Rewrite>,
    pub warnings: Vec<Warning>,
}

/// Read and normalize one seed (no writing), with no catalogue.
pub fn prepare(seed: &Path) -> Result<Prepared> {
    prepare_with(seed, None)
}

/// Read and normalize one seed, with its catalogue row if it has one.
pub fn prepare_with(
    seed: &Path,
    catalogue: Option<(&CatalogueFields, Evidence)>,
) -> Result<Prepared> {
    let bytes = error::read(seed)?;
    let hash = inputs_hash(seed, &bytes, catalogue.as_ref().map(|(c, _)| *c))?;
    prepare_read(seed, &bytes, hash, catalogue)
}

/// Prepare a seed already read, whose inputs hash to `inputs_sha256`.
fn prepare_read(
    seed: &Path,
    bytes: &[u8],
    inputs_sha256: String,
    catalogue: Option<(&CatalogueFields, Evidence)>,
) -> Result<Prepared> {
    let mut source = readers::read(seed, bytes)?;
    let mut warnings = source.warnings.clone();
    // A layout another tool's conversion left is undone first; `origin` maps the lines
    // back to the seed's for the report.
    let repaired = layout::repair(&source.text);
    if let Some(r) = &repaired {
        source.text = r.text.clone();
        warnings.push(Warning {
            path: seed.to_path_buf(),
            line: None,
            message: format!(
                "read with the layout \"{}\" undone (see the ingest report)",
                r.layout
            ),
        });
    }
    // Plain-text footnotes ("1 Resolution S-10/2." at a page end) linked to their markers,
    // line for line, when their numbering is consistent.
    let linked_notes = footnotes::link(&source.text);
    if let Some(l) = &linked_notes {
        source.text = l.text.clone();
    }
    let sidecar = metadata::read_sidecar(seed)?;
    let source_name = seed
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let file_stem = seed
        .file_stem()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let extracted = metadata::extract_as(&source.text, source.format == Format::Pdf);
    let catalogue_slug = catalogue.as_ref().and_then(|(c, _)| c.slug.clone());
    let (mut meta, provenance) = fields::choose(&fields::Evidences {
        sidecar: sidecar.as_ref(),
        catalogue,
        source: &source,
        text: &extracted,
        file_stem: &file_stem,
    });
    // A line of the title block leaves the body only when its value is the one chosen.
    let consumed: Vec<(usize, &'static str)> = extracted
        .consumed_lines
        .iter()
        .filter(|c| matches!(provenance.get(c.field), Some(Evidence::Text(_))))
        .map(|c| (c.line, consumed_rule(c.field)))
        .collect();
    let profile = metadata::Profile {
        format: source.format,
        converted: repaired.is_some(),
        ..extracted.profile
    };
    let mut normalized = normalize::normalize(&source.text, &consumed, profile);
    // The normalizer checks its own work: a seed whose words did not all survive (a bug,
    // never expected) is reported rather than silently published.
    if let Err(diff) = normalize::verify(&source.text, &normalized.markdown, &normalized.dropped) {
        warnings.push(Warning {
            path: seed.to_path_buf(),
            line: None,
            message: format!("normalized text does not match the seed word for word ({diff}); please report this"),
        });
    }
    for d in &mut normalized.dropped {
        if let Some(r) = &repaired {
            d.line = r
                .origin
                .get(d.line.saturating_sub(1))
                .map_or(d.line, |o| o + 1);
        }
        d.line += source.line_offset;
    }
    normalized.dropped.extend(source.dropped.iter().cloned());
    normalized.dropped.sort_by_key(|d| d.line);
    let (markdown, mut rewrites) = links::rewrite(&normalized.markdown, meta.source_url.as_deref());
    if let Some(l) = &linked_notes {
        rewrites.extend(footnote_rewrites(&markdown, &l.notes));
    }
    rewrites.extend(promoted_rewrites(&markdown, &normalized.promoted));
    normalized.markdown = markdown;
    meta.inputs_sha256 = Some(inputs_sha256);
    meta.source = Some(source_name);
    meta.source_sha256 = Some(hex(&Sha256::digest(bytes)));
    meta.words = Some(normalize::count_words(&normalized.markdown));
    if provenance.get("title") == Some(&Evidence::FileName) {
        warnings.push(Warning {
            path: seed.to_path_buf(),
            line: None,
            message: "no title found in the document; using its file name. Set `title:` in a sidecar .yaml or a catalogue row".into(),
        });
    }
    let explicit = sidecar
        .as_ref()
        .and_then(|s| s.slug.clone())
        .or(catalogue_slug);
    let explicit_slug = explicit.is_some();
    let slug = explicit.unwrap_or_else(|| slugify(&meta.title));
    Ok(Prepared {
        seed: seed.to_path_buf(),
        format: source.format,
        meta,
        provenance,
        slug,
        explicit_slug,
        normalized,
        rewrites,
        warnings,
    })
}

/// The report's entries for plain-text footnotes linked to their markers, at the line of
/// the Markdown where each note now is.
fn footnote_rewrites(markdown: &str, notes: &[footnotes::LinkedNote]) -> Vec<links::Rewrite> {
    notes
        .iter()
        .map(|n| {
            let def = format!("{}:", n.label);
            let line = markdown
                .lines()
                .position(|l| l.starts_with(&def))
                .map_or(0, |i| i + 1);
            links::Rewrite {
                line,
                was: n.was.clone(),
                action: "plain-text footnote linked to its marker",
            }
        })
        .collect()
}

/// The report's entries for bold or italic lines made sub-headings, in document order:
/// each is looked for after the one before, so a heading the document repeats ("Action
/// items", eight times) is reported at each of its lines, not eight times at the first.
fn promoted_rewrites(markdown: &str, promoted: &[(&'static str, String)]) -> Vec<links::Rewrite> {
    let lines: Vec<&str> = markdown.lines().collect();
    let mut from = 0;
    promoted
        .iter()
        .map(|(rule, text)| {
            let found = lines[from.min(lines.len())..]
                .iter()
                .position(|l| l.starts_with('#') && l.trim_start_matches('#').trim() == text)
                .map(|i| from + i);
            if let Some(i) = found {
                from = i + 1;
            }
            links::Rewrite {
                line: found.map_or(0, |i| i + 1),
                was: text.clone(),
                action: rule,
            }
        })
        .collect()
}

/// The report's rule for a title-block line that moved into a field.
fn consumed_rule(field: &str) -> &'static str {
    match field {
        "title" => "front matter: title",
        "subtitle" => "front matter: subtitle",
        "authors" => "front matter: authors",
        "date" | "place" => "front matter: date and place",
        _ => "front matter",
    }
}

/// A document already in `content/documents`, as ingest left it.
#[derive(Debug, Clone)]
pub struct Existing {
    pub path: PathBuf,
    pub inputs_sha256: Option<String>,
    pub edited: bool,
    /// The document's earlier slugs, kept across re-ingests.
    pub aliases: Vec<String>,
}

/// Map from `source:` (seed file name) to the existing output file that came from it, so
/// a document keeps its path (and URL) even if its title changes later.
fn existing_sources(dir: &Path) -> Result<BTreeMap<String, Existing>> {
    let mut map = BTreeMap::new();
    for path in content::markdown_files(dir)? {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let Some(split) = content::split_front_matter(&text) else {
            continue;
        };
        if let Ok(meta) = serde_yaml::from_str::<DocumentMeta>(split.yaml) {
            if let Some(src) = meta.source {
                let edited = is_hand_edited(&text);
                map.insert(
                    src,
                    Existing {
                        path,
                        inputs_sha256: meta.inputs_sha256,
                        edited,
                        aliases: meta.aliases,
                    },
                );
            }
        }
    }
    Ok(map)
}

/// The hash of everything that decides what ingest makes of a seed.
pub fn inputs_hash(seed: &Path, bytes: &[u8], row: Option<&CatalogueFields>) -> Result<String> {
    let mut h = Sha256::new();
    h.update(RULES_VERSION.as_bytes());
    h.update((bytes.len() as u64).to_le_bytes());
    h.update(bytes);
    for ext in ["yaml", "yml"] {
        let path = seed.with_extension(ext);
        match std::fs::read(&path) {
            Ok(b) => {
                h.update(ext.as_bytes());
                h.update((b.len() as u64).to_le_bytes());
                h.update(&b);
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(Error::io(&path, e)),
        }
    }
    if let Some(row) = row {
        h.update(b"catalogue");
        h.update(row.fingerprint());
    }
    Ok(hex(&h.finalize()))
}

/// A move of a known document to a new slug.
struct Rename {
    old: PathBuf,
    old_slug: String,
    slug: String,
}

/// Where a known document should move, if it should: to the slug an editor set (sidecar
/// or catalogue `slug:`), or, when `--rename` names it, to the slug of its title. A
/// document edited by hand is never moved (its edits would go with a rewrite).
fn planned_rename(p: &Prepared, e: &Existing, rename: &[String]) -> Option<Rename> {
    let old_slug = e.path.file_stem()?.to_string_lossy().into_owned();
    let slug = if p.explicit_slug {
        p.slug.clone()
    } else if rename.contains(&old_slug) {
        slugify(&p.meta.title)
    } else {
        return None;
    };
    (slug != old_slug && !e.edited).then(|| Rename {
        old: e.path.clone(),
        old_slug,
        slug,
    })
}

/// A document's file: the one it already has, else a new one for its slug.
fn output_path(
    dir: &Path,
    p: &Prepared,
    existing: &BTreeMap<String, Existing>,
    taken: &mut BTreeMap<String, PathBuf>,
) -> Result<PathBuf> {
    crate::paths::document_slug(&p.seed, &p.slug)?;
    if let Some(e) = p.meta.source.as_ref().and_then(|s| existing.get(s)) {
        return Ok(e.path.clone());
    }
    new_path(dir, &p.slug, taken)
}

/// A new file for `slug`, made unique: a file that exists belongs to another seed or to an
/// editor, and is never taken.
fn new_path(dir: &Path, base: &str, taken: &mut BTreeMap<String, PathBuf>) -> Result<PathBuf> {
    let mut slug = base.to_string();
    let mut n = 2;
    while taken.contains_key(&slug) || dir.join(format!("{slug}.md")).exists() {
        slug = format!("{base}-{n}");
        n += 1;
    }
    let path = crate::paths::join_inside(dir, &format!("{slug}.md"))?;
    taken.insert(slug, path.clone());
    Ok(path)
}

/// The text ingest writes for a prepared seed, with `generated_sha256` set to the hash
/// of the same text without that line.
pub fn render_document(p: &Prepared) -> String {
    let mut meta = p.meta.clone();
    meta.generated_sha256 = None;
    let unsigned = document_text(&meta, &p.normalized.markdown);
    meta.generated_sha256 = Some(hex(&Sha256::digest(unsigned.as_bytes())));
    document_text(&meta, &p.normalized.markdown)
}

fn document_text(meta: &DocumentMeta, body: &str) -> String {
    let yaml = serde_yaml::to_string(meta).unwrap_or_default();
    format!("---\n{yaml}---\n\n{body}")
}

/// Has the file been changed since ingest wrote it? A file without `generated_sha256`
/// was written by hand and counts as edited.
pub fn is_hand_edited(text: &str) -> bool {
    let Some(split) = content::split_front_matter(text) else {
        return true;
    };
    let Ok(mut meta) = serde_yaml::from_str::<DocumentMeta>(split.yaml) else {
        return true;
    };
    let Some(recorded) = meta.generated_sha256.take() else {
        return true;
    };
    let unsigned = document_text(&meta, split.body.strip_prefix('\n').unwrap_or(split.body));
    hex(&Sha256::digest(unsigned.as_bytes())) != recorded
}

/// Write a document unless that would lose an editor's work.
pub fn write_document(path: &Path, p: &Prepared, opts: &Options) -> Result<(Action, Vec<Warning>)> {
    let text = render_document(p);
    let mut warnings = Vec::new();
    let old = match std::fs::read_to_string(path) {
        Ok(t) => Some(t),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(Error::io(path, e)),
    };
    let action = match old {
        None => {
            error::write_atomic(path, text.as_bytes())?;
            Action::Created
        }
        Some(old) if old == text => Action::Unchanged,
        Some(old) if is_hand_edited(&old) => {
            if opts.force {
                let backup = backup_path(path);
                error::write_atomic(&backup, old.as_bytes())?;
                error::write_atomic(path, text.as_bytes())?;
                warnings.push(Warning {
                    path: path.to_path_buf(),
                    line: None,
                    message: format!(
                        "edited by hand; overwritten with --force, the edited version is in {}",
                        backup.display()
                    ),
                });
                Action::Overwritten { backup }
            } else {
                warnings.push(Warning {
                    path: path.to_path_buf(),
                    line: None,
                    message: format!(
                        "edited by hand since ingest wrote it; left as it is (seed {} not re-applied). \
                         Put corrections that should survive re-ingest in a sidecar, or run `dossier ingest --force` to overwrite (a backup is kept)",
                        p.seed.display()
                    ),
                });
                Action::KeptEdited
            }
        }
        Some(_) => {
            error::write_atomic(path, text.as_bytes())?;
            Action::Updated
        }
    };
    Ok((action, warnings))
}

/// `doc.md` -> `doc.md.bak`, or `doc.md.bak.2`, ... so no backup is ever overwritten.
fn backup_path(path: &Path) -> PathBuf {
    let base = PathBuf::from(format!("{}.bak", path.display()));
    if !base.exists() {
        return base;
    }
    (2..)
        .map(|n| PathBuf::from(format!("{}.bak.{n}", path.display())))
        .find(|p| !p.exists())
        .unwrap_or(base)
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A readable, URL-safe slug: lowercase ASCII words joined by `-`, at most about 60
/// characters, cut at a word boundary.
pub fn slugify(title: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    // Accents go; letters that do not decompose into a base letter and an accent are
    // spelled out ("Verstößt" -> "verstosst", not "versto-t"), and other scripts are
    // transliterated ("Каталог поклона" -> "katalog-poklona", "海外留学生" ->
    // "hai-wai-liu-xue-sheng"): a title in any script gives a readable address.
    let folded: String = title
        .nfkd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(|c| {
            if c.is_ascii() {
                vec![c]
            } else {
                // (Han characters come with a space after each: one word apiece.)
                deunicode::deunicode_char(c)
                    .unwrap_or(" ")
                    .chars()
                    .collect()
            }
        })
        .collect();
    let mut slug = String::new();
    for word in folded
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !slug.is_empty() && slug.len() + word.len() + 1 > 60 {
            break;
        }
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.push_str(&word.to_ascii_lowercase());
    }
    if slug.is_empty() {
        slug.push_str("document");
    }
    slug
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_readable() {
        assert_eq!(
            slugify("A Human Rights-Centred Approach to Technology and Security"),
            "a-human-rights-centred-approach-to-technology-and-security"
        );
        assert_eq!(slugify("ETH Zürich: Peace!"), "eth-zurich-peace");
        assert_eq!(
            slugify("Verstößt der Ausschluss gegen Łódź-Recht? Œuvre"),
            "verstosst-der-ausschluss-gegen-lodz-recht-oeuvre"
        );
        assert_eq!(slugify("¿?"), "document");
        // Other scripts are transliterated, not dropped (they had all become "document").
        assert_eq!(slugify("Каталог поклона"), "katalog-poklona");
        assert_eq!(
            slugify("海外留学生看两会"),
            "hai-wai-liu-xue-sheng-kan-liang-hui"
        );
        let arabic = slugify("قانون رقم 8 لسنة 2022");
        assert!(
            arabic.starts_with("qnwn") && arabic.ends_with("8-lsn-2022"),
            "{arabic}"
        );
        assert!(slugify(&"word ".repeat(40)).len() <= 60);
    }

    #[test]
    fn a_repeated_promoted_heading_is_reported_at_each_of_its_lines() {
        let markdown = "Intro.\n\n#### Action items\n\n- one\n\n#### Action items\n\n- two\n";
        let promoted = [
            ("bold line made a sub-heading", "Action items".to_string()),
            ("bold line made a sub-heading", "Action items".to_string()),
        ];
        let lines: Vec<usize> = super::promoted_rewrites(markdown, &promoted)
            .iter()
            .map(|r| r.line)
            .collect();
        assert_eq!(lines, [3, 7]);
    }
}
