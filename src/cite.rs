//! Citations that last. Takes the documents, their rendered passages and `dossier.lock`;
//! gives
//! - the anchors each page must still answer to (the `p-N` anchors of earlier versions,
//!   and anchors whose passage was edited, carried to the most similar passage);
//! - drift: what each commentary citation cited when it was recorded, compared with the
//!   passage now (a word diff when it changed, the nearest surviving passage when it is
//!   gone);
//! - what reference managers read: APA and Chicago strings, BibTeX, RIS and CSL-JSON per
//!   document and for the whole digest, a CSV catalogue, Highwire `citation_*` tags and
//!   schema.org JSON-LD.
//!
//! Dates stay as precise as the source: `2018` is never written as `2018-01-01`.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::{json, Value as Json};

mod lockfile;

use crate::anchors;
use crate::content::{Document, PartialDate};
use crate::error::{Error, Result, Warning};
use crate::markdown::{Passage, Rendered};

/// The lock file's name, in the site's root.
pub const LOCK_FILE: &str = "dossier.lock";

/// `dossier.lock`: what anchors were published and what citations cited. Written by
/// `dossier build` (new documents and citations only) and `dossier check --fix`
/// (everything, accepting changes); commit it with the content.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Lock {
    /// By document slug.
    #[serde(default)]
    pub documents: BTreeMap<String, LockedDoc>,
    /// By commentary slug, then `doc-slug#anchor` as the commentary writes it.
    #[serde(default)]
    pub citations: BTreeMap<String, BTreeMap<String, Cited>>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct LockedDoc {
    /// The anchor of the N-th passage when anchors were positions (`p-N`, N from 1):
    /// frozen the first time the document is built, so old links keep their passage.
    #[serde(default)]
    pub positions: Vec<String>,
    /// Every anchor the document has published, with a similarity hash of its text, so
    /// an anchor whose passage was edited is carried to it.
    #[serde(default)]
    pub anchors: AnchorPrints,
}

/// Anchors and the similarity hashes ([`anchors::simhash`]) of their passages' texts,
/// sorted by anchor. The lock writes them as a map of anchor to 16 hex digits; they are
/// held as numbers in a sorted list rather than a map of strings, since a digest of
/// 30,000 documents has some 600,000 of them, held for the whole build.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AnchorPrints(Vec<(Box<str>, u64)>);

impl AnchorPrints {
    /// The hash recorded for `anchor`.
    pub fn get(&self, anchor: &str) -> Option<u64> {
        self.find(anchor).ok().map(|i| self.0[i].1)
    }

    /// The anchors, in order.
    pub fn anchors(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(a, _)| &**a)
    }

    /// Record `print` for `anchor` (replacing what it had).
    pub fn insert(&mut self, anchor: &str, print: u64) {
        match self.find(anchor) {
            Ok(i) => self.0[i].1 = print,
            Err(i) => self.0.insert(i, (anchor.into(), print)),
        }
    }

    fn find(&self, anchor: &str) -> std::result::Result<usize, usize> {
        self.0.binary_search_by(|(a, _)| (**a).cmp(anchor))
    }
}

impl Serialize for AnchorPrints {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (anchor, print) in &self.0 {
            map.serialize_entry(&**anchor, &format!("{print:016x}"))?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for AnchorPrints {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let map = BTreeMap::<String, String>::deserialize(d)?;
        let mut prints = Vec::with_capacity(map.len());
        for (anchor, hex) in map {
            let print = u64::from_str_radix(&hex, 16).map_err(|_| {
                serde::de::Error::custom(format!(
                    "anchor `{anchor}`: `{hex}` is not a hash (16 hexadecimal digits)"
                ))
            })?;
            prints.push((anchor.into_boxed_str(), print));
        }
        Ok(AnchorPrints(prints))
    }
}

/// What a citation cited.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Cited {
    /// [`anchors::fingerprint`] of the passage text.
    pub fingerprint: String,
    /// The passage's text then, for the word diff.
    pub text: String,
}

pub fn lock_path(root: &Path) -> PathBuf {
    root.join(LOCK_FILE)
}

impl Lock {
    /// The lock of the site at `root` (empty when there is none).
    pub fn load(root: &Path) -> Result<Lock> {
        Lock::parse(root, &Lock::read(root)?)
    }

    /// The lock file's bytes (none when there is no lock yet).
    pub fn read(root: &Path) -> Result<Vec<u8>> {
        let path = lock_path(root);
        match std::fs::read(&path) {
            Ok(bytes) => Ok(bytes),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
            Err(e) => Err(Error::io(&path, e)),
        }
    }

    /// The lock from its file's bytes ([`Lock::read`]).
    pub fn parse(root: &Path, bytes: &[u8]) -> Result<Lock> {
        if bytes.is_empty() {
            return Ok(Lock::default());
        }
        if let Some(lock) = std::str::from_utf8(bytes).ok().and_then(lockfile::read) {
            return Ok(lock);
        }
        serde_yaml::from_slice(bytes).map_err(|e| {
            Error::input(
                lock_path(root),
                e.location().map(|l| l.line()),
                format!("cannot read the lock file: {e}"),
                "it is written by dossier: restore it from version control, or delete it and run `dossier check --fix` (old p-N links then follow the passages as they are now)",
            )
        })
    }

    pub fn to_yaml(&self) -> String {
        let mut out = Vec::new();
        // Writing to a Vec cannot fail.
        let _ = self.write_yaml(&mut out);
        String::from_utf8(out).unwrap_or_default()
    }

    fn write_yaml(&self, out: &mut impl std::io::Write) -> std::io::Result<()> {
        out.write_all(LOCK_HEADER.as_bytes())?;
        lockfile::write(self, out)
    }

    /// Write the lock when it changed. Neither the old nor the new text is held whole:
    /// a big digest's lock is tens of megabytes, at the end of a build at its peak.
    pub fn save(&self, root: &Path) -> Result<bool> {
        let path = lock_path(root);
        if let Ok(file) = std::fs::File::open(&path) {
            let same = SameBytes {
                file: std::io::BufReader::with_capacity(1 << 16, file),
                held: Vec::new(),
            };
            // Compared a buffer at a time, not a line at a time.
            let mut buffered = std::io::BufWriter::with_capacity(1 << 16, same);
            let matched = self.write_yaml(&mut buffered).is_ok()
                && std::io::Write::flush(&mut buffered).is_ok();
            if matched && buffered.get_mut().at_end() {
                return Ok(false);
            }
        }
        crate::error::write_atomic_with(&path, |f| {
            let mut w = std::io::BufWriter::with_capacity(1 << 16, f);
            self.write_yaml(&mut w)?;
            std::io::Write::flush(&mut w)
        })?;
        Ok(true)
    }
}

const LOCK_HEADER: &str = "# Written by dossier (`dossier build`, `dossier check --fix`): the passage anchors\n# each document has published and what each commentary citation cited. Commit it.\n";

/// A writer that fails as soon as what is written differs from what a file holds.
struct SameBytes {
    file: std::io::BufReader<std::fs::File>,
    /// The file's next bytes (kept to save an allocation per write).
    held: Vec<u8>,
}

impl SameBytes {
    /// Whether the whole file was matched.
    fn at_end(&mut self) -> bool {
        std::io::BufRead::fill_buf(&mut self.file).is_ok_and(|b| b.is_empty())
    }
}

impl std::io::Write for SameBytes {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        use std::io::Read as _;
        self.held.resize(bytes.len(), 0);
        self.file.read_exact(&mut self.held)?;
        if self.held != bytes {
            return Err(std::io::Error::other("the lock changed"));
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Old anchors of one document and the anchors they now lead to.
pub type Aliases = BTreeMap<String, String>;

/// The anchors each document must still answer to (same order as `rendered`).
pub fn aliases(lock: &Lock, docs: &[Document], rendered: &[Rendered]) -> Vec<Aliases> {
    docs.iter()
        .zip(rendered)
        .map(|(d, r)| doc_aliases(lock.documents.get(&d.slug), r))
        .collect()
}

/// One document's aliases (see [`aliases`]), from its entry in the lock.
pub fn doc_aliases(locked: Option<&LockedDoc>, r: &Rendered) -> Aliases {
    let current: HashMap<&str, &Passage> =
        r.passages.iter().map(|p| (p.anchor.as_str(), p)).collect();
    // Made only when some published anchor is gone (most builds never need them).
    let hashes: std::cell::OnceCell<Vec<(&str, u64)>> = std::cell::OnceCell::new();
    // The passage an anchor no longer on the page now is: the most similar one.
    let carry = |old: &str| -> Option<String> {
        if current.contains_key(old) {
            return Some(old.to_string());
        }
        let print = locked?.anchors.get(old)?;
        let distances = hashes
            .get_or_init(|| {
                r.passages
                    .iter()
                    .filter(|p| p.anchor.starts_with("p-"))
                    .map(|p| (p.anchor.as_str(), anchors::simhash(&p.text)))
                    .collect()
            })
            .iter()
            .map(|(a, h)| ((h ^ print).count_ones(), *a))
            .collect::<Vec<_>>();
        closest_clearly(distances)
    };
    let mut out = Aliases::new();
    let positions: Vec<String> = match locked {
        Some(l) if !l.positions.is_empty() => l.positions.clone(),
        _ => r.positions.clone(),
    };
    for (n, old) in positions.iter().enumerate() {
        if let Some(now) = carry(old) {
            out.insert(format!("p-{}", n + 1), now);
        }
    }
    if let Some(l) = locked {
        for old in l.anchors.anchors() {
            if !current.contains_key(old) {
                if let Some(now) = carry(old) {
                    out.insert(old.to_string(), now);
                }
            }
        }
    }
    // An alias never hides a passage that has that anchor now.
    out.retain(|k, _| !current.contains_key(k.as_str()));
    out
}

/// The passage whose text is within [`anchors::SIMILAR_BITS`] of the old one and clearly
/// closer than any other (by [`anchors::MARGIN_BITS`]); none when it is not clear.
fn closest_clearly(mut distances: Vec<(u32, &str)>) -> Option<String> {
    distances.sort();
    let (best, anchor) = *distances.first()?;
    let clear = distances
        .get(1)
        .is_none_or(|(next, _)| *next >= best + anchors::MARGIN_BITS);
    (best <= anchors::SIMILAR_BITS && clear).then(|| anchor.to_string())
}

/// The documents' part of the lock after this build: positions kept once frozen,
/// anchors published so far and now.
pub fn lock_documents(lock: &mut Lock, docs: &[Document], rendered: &[Rendered]) {
    use rayon::prelude::*;
    let prints: Vec<Vec<(&str, u64)>> = rendered
        .par_iter()
        .map(|r| {
            r.passages
                .iter()
                .filter(|p| p.anchor.starts_with("p-"))
                .map(|p| (p.anchor.as_str(), anchors::simhash(&p.text)))
                .collect()
        })
        .collect();
    for ((d, r), prints) in docs.iter().zip(rendered).zip(prints) {
        let entry = lock.documents.entry(d.slug.clone()).or_default();
        if entry.positions.is_empty() {
            entry.positions = r.positions.clone();
        }
        for (anchor, print) in prints {
            entry.anchors.insert(anchor, print);
        }
    }
}

/// One passage a commentary page cites, where it cites it.
#[derive(Debug, Clone, PartialEq)]
pub struct PassageCite {
    pub document: String,
    /// As the commentary writes it (may be an old anchor).
    pub anchor: String,
    /// The anchor it resolved to.
    pub resolved: String,
    pub line: usize,
    /// The passage's text now.
    pub text: String,
}

/// How citations are checked against the lock.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Drift {
    /// Changed passages are warnings (`dossier build`, `dossier check`).
    #[default]
    Warn,
    /// Changed passages are errors (`dossier check --ci`, or `CI=true`).
    Fail,
    /// Changed passages are accepted into the lock (`dossier check --fix`).
    Accept,
}

/// Compare a commentary page's passage citations with what the lock recorded; record
/// new ones (and, when accepting, changed ones). Gives the warnings and errors.
pub fn check_drift(
    lock: &mut Lock,
    commentary: &str,
    file: &Path,
    cites: &[PassageCite],
    mode: Drift,
) -> (Vec<Warning>, Vec<Error>) {
    let mut warnings = Vec::new();
    let mut errors = Vec::new();
    let recorded = lock.citations.entry(commentary.to_string()).or_default();
    for c in cites {
        let key = format!("{}#{}", c.document, c.anchor);
        let now = Cited {
            fingerprint: anchors::fingerprint(&c.text),
            text: c.text.clone(),
        };
        match recorded.get(&key) {
            None => {
                recorded.insert(key, now);
            }
            Some(then) if then.fingerprint == now.fingerprint => {
                if then.text != now.text {
                    recorded.insert(key, now);
                }
            }
            Some(then) => {
                let moved = if c.resolved != c.anchor {
                    format!(" (now `#{}`)", c.resolved)
                } else {
                    String::new()
                };
                let message = format!(
                    "the passage `{key}`{moved} has changed since it was cited ({} → {}):\n    {}",
                    then.fingerprint,
                    now.fingerprint,
                    anchors::word_diff(&then.text, &now.text)
                );
                let hint = "read the passage again; if the citation still holds, accept the new text with `dossier check --fix` (it updates dossier.lock)";
                match mode {
                    Drift::Accept => {
                        recorded.insert(key, now);
                    }
                    Drift::Warn => warnings.push(Warning {
                        path: file.to_path_buf(),
                        line: Some(c.line),
                        message: format!("{message}\n  hint: {hint}"),
                    }),
                    Drift::Fail => errors.push(Error::input(file, Some(c.line), message, hint)),
                }
            }
        }
    }
    (warnings, errors)
}

/// Forget the citations of commentary pages and citations that are gone.
pub fn prune_citations(lock: &mut Lock, cited: &HashMap<String, Vec<PassageCite>>) {
    lock.citations
        .retain(|page, entries| match cited.get(page) {
            Some(cites) => {
                entries.retain(|k, _| {
                    cites
                        .iter()
                        .any(|c| format!("{}#{}", c.document, c.anchor) == *k)
                });
                !entries.is_empty()
            }
            None => false,
        });
}

/// For a citation of a passage that no longer exists: the nearest surviving passage, by
/// what the citation recorded (most similar text) or else by the anchor's words.
pub fn nearest<'a>(
    recorded: Option<&Cited>,
    anchor: &str,
    passages: &'a [Passage],
) -> Option<&'a Passage> {
    let candidates = passages.iter().filter(|p| p.anchor.starts_with("p-"));
    if let Some(then) = recorded {
        let best = candidates
            .clone()
            .map(|p| (anchors::similarity(&then.text, &p.text), p))
            .max_by(|a, b| a.0.total_cmp(&b.0));
        if let Some((score, p)) = best {
            if score > 0.0 {
                return Some(p);
            }
        }
    }
    let words = anchor.trim_start_matches("p-").replace('-', " ");
    candidates
        .map(|p| (anchors::similarity(&words, &p.anchor.replace('-', " ")), p))
        .filter(|(s, _)| *s > 0.0)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, p)| p)
}

// ---------------------------------------------------------------------------------------
// Reference metadata.

/// A person's name split for reference formats; organisations stay whole.
#[derive(Debug, Clone, PartialEq, Hash, Serialize)]
pub struct Name {
    pub family: String,
    pub given: String,
    /// An organisation or a one-word name: written as it is.
    pub literal: bool,
}

impl Name {
    pub fn person(full: &str) -> Name {
        let full = full.trim();
        if let Some((family, given)) = full.split_once(',') {
            return Name {
                family: family.trim().into(),
                given: given.trim().into(),
                literal: false,
            };
        }
        let parts: Vec<&str> = full.split_whitespace().collect();
        if parts.len() < 2 {
            return Name::org(full);
        }
        // Particles (van, de, von, ...) belong to the family name.
        let mut split = parts.len() - 1;
        while split > 1
            && matches!(
                parts[split - 1].to_lowercase().as_str(),
                "van" | "von" | "de" | "der" | "den" | "da" | "di" | "du" | "la" | "le" | "del"
            )
        {
            split -= 1;
        }
        Name {
            family: parts[split..].join(" "),
            given: parts[..split].join(" "),
            literal: false,
        }
    }

    pub fn org(name: &str) -> Name {
        Name {
            family: name.trim().into(),
            given: String::new(),
            literal: true,
        }
    }

    fn initials(&self) -> String {
        self.given
            .split_whitespace()
            .map(|g| {
                g.split('-')
                    .filter_map(|p| p.chars().next())
                    .map(|c| format!("{c}."))
                    .collect::<Vec<_>>()
                    .join("-")
            })
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// Everything the formats need about one document.
#[derive(Debug, Clone, Hash)]
pub struct Reference {
    pub slug: String,
    pub title: String,
    pub subtitle: Option<String>,
    /// Persons, or the organisations when no person is named.
    pub authors: Vec<Name>,
    pub organisations: Vec<String>,
    pub date: Option<PartialDate>,
    pub place: Option<String>,
    pub kind: Option<String>,
    pub language: Option<String>,
    pub summary: Option<String>,
    /// The document page, absolute.
    pub url: String,
    /// Where the original is published (front matter `source_url`).
    pub source_url: Option<String>,
    /// The original PDF, absolute, when there is one.
    pub pdf_url: Option<String>,
    pub digest: String,
    pub digest_url: String,
}

/// A document's kind as a label: `summary-report` → `Summary report`.
pub fn kind_label(kind: &str) -> String {
    let s = kind.replace(['-', '_'], " ");
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

impl Reference {
    pub fn new(d: &Document, base_url: &str, digest: &str, pdf_url: Option<String>) -> Reference {
        let m = &d.meta;
        let mut authors: Vec<Name> = m.authors.iter().map(|a| Name::person(a)).collect();
        if authors.is_empty() {
            authors = m.organisations.iter().map(|o| Name::org(o)).collect();
        }
        let source_url = m.source_url.clone().filter(|u| is_web_url(u));
        let pdf_url = pdf_url.or_else(|| {
            source_url.clone().filter(|u| {
                let path = u.split(['?', '#']).next().unwrap_or("");
                path.to_ascii_lowercase().ends_with(".pdf")
            })
        });
        Reference {
            slug: d.slug.clone(),
            title: m.title.trim().to_string(),
            subtitle: m.subtitle.clone().filter(|s| !s.trim().is_empty()),
            authors,
            organisations: m.organisations.clone(),
            date: m.date,
            place: m.place.clone().filter(|s| !s.trim().is_empty()),
            kind: m.kind.clone().filter(|s| !s.trim().is_empty()),
            language: m.language.clone().filter(|s| !s.trim().is_empty()),
            summary: m.summary.clone().filter(|s| !s.trim().is_empty()),
            url: format!("{base_url}documents/{}/", d.slug),
            source_url,
            pdf_url,
            digest: digest.to_string(),
            digest_url: base_url.to_string(),
        }
    }

    /// Title and subtitle as one (`Title: Subtitle`).
    pub fn full_title(&self) -> String {
        match &self.subtitle {
            Some(s) if !self.title.ends_with(['?', '!', ':']) => format!("{}: {s}", self.title),
            Some(s) => format!("{} {s}", self.title),
            None => self.title.clone(),
        }
    }

    /// The publisher: the organisations, unless they are already the authors.
    fn publisher(&self) -> Option<String> {
        let persons = self.authors.iter().any(|a| !a.literal);
        (persons && !self.organisations.is_empty()).then(|| self.organisations.join("; "))
    }

    fn publisher_any(&self) -> Option<String> {
        (!self.organisations.is_empty()).then(|| self.organisations.join("; "))
    }

    /// schema.org type by kind.
    pub fn schema_type(&self) -> &'static str {
        match self.kind.as_deref() {
            Some("report" | "summary-report" | "paper") => "Report",
            Some("resolution" | "declaration") => "Legislation",
            _ => "CreativeWork",
        }
    }

    /// CSL type by kind.
    pub fn csl_type(&self) -> &'static str {
        match self.kind.as_deref() {
            Some("report" | "summary-report" | "paper") => "report",
            Some("speech" | "presentation") => "speech",
            Some("resolution" | "declaration") => "legislation",
            Some("web-page") => "webpage",
            Some("letter") => "letter",
            _ => "document",
        }
    }

    fn ris_type(&self) -> &'static str {
        match self.kind.as_deref() {
            Some("report" | "summary-report" | "paper") => "RPRT",
            Some("presentation") => "SLIDE",
            Some("resolution" | "draft-resolution" | "declaration") => "GOVDOC",
            Some("web-page") => "ELEC",
            Some("letter") => "PCOMM",
            _ => "GEN",
        }
    }

    fn bibtex_type(&self) -> &'static str {
        match self.kind.as_deref() {
            Some("report" | "summary-report" | "paper") if !self.organisations.is_empty() => {
                "techreport"
            }
            Some("web-page") => "online",
            _ => "misc",
        }
    }

    /// APA 7 (reference list): the parts before the title, the title (italic) and after.
    pub fn apa(&self, url: &str) -> [String; 3] {
        let names: Vec<String> = self
            .authors
            .iter()
            .map(|a| {
                if a.literal {
                    a.family.clone()
                } else {
                    format!("{}, {}", a.family, a.initials())
                }
            })
            .collect();
        let authors = match names.len() {
            0 => String::new(),
            1 => names[0].clone(),
            n => format!("{}, & {}", names[..n - 1].join(", "), names[n - 1]),
        };
        let date = match self.date {
            None => "n.d.".to_string(),
            Some(PartialDate {
                year,
                month: Some(m),
                day: Some(d),
            }) => format!(
                "{year}, {} {d}",
                crate::content::MONTH_NAMES[m as usize - 1]
            ),
            Some(PartialDate {
                year,
                month: Some(m),
                ..
            }) => format!("{year}, {}", crate::content::MONTH_NAMES[m as usize - 1]),
            Some(d) => d.year.to_string(),
        };
        let before = if authors.is_empty() {
            String::new()
        } else {
            format!("{authors} ({date}). ")
        };
        let mut after = String::new();
        if let Some(k) = &self.kind {
            after.push_str(&format!(" [{}]", kind_label(k)));
        }
        after.push('.');
        if let Some(p) = self.publisher() {
            after.push_str(&format!(" {p}."));
        }
        if authors.is_empty() {
            after.push_str(&format!(" ({date})."));
        }
        after.push_str(&format!(" {url}"));
        [before, self.full_title(), after]
    }

    /// Chicago (notes and bibliography, bibliography entry): before, title, after.
    pub fn chicago(&self, url: &str) -> [String; 3] {
        let names: Vec<String> = self
            .authors
            .iter()
            .enumerate()
            .map(|(i, a)| {
                if a.literal {
                    a.family.clone()
                } else if i == 0 {
                    format!("{}, {}", a.family, a.given)
                } else {
                    format!("{} {}", a.given, a.family)
                }
            })
            .collect();
        let authors = match names.len() {
            0 => String::new(),
            1 => names[0].clone(),
            2 => format!("{} and {}", names[0], names[1]),
            n => format!("{}, and {}", names[..n - 1].join(", "), names[n - 1]),
        };
        let before = if authors.is_empty() {
            String::new()
        } else {
            format!("{}. ", authors.trim_end_matches('.'))
        };
        let date = match self.date {
            None => "n.d.".to_string(),
            Some(PartialDate {
                year,
                month: Some(m),
                day: Some(d),
            }) => format!(
                "{} {d}, {year}",
                crate::content::MONTH_NAMES[m as usize - 1]
            ),
            Some(PartialDate {
                year,
                month: Some(m),
                ..
            }) => format!("{} {year}", crate::content::MONTH_NAMES[m as usize - 1]),
            Some(d) => d.year.to_string(),
        };
        let mut after = String::from(". ");
        if let Some(k) = &self.kind {
            after.push_str(&format!("{}. ", kind_label(k)));
        }
        match (&self.place, self.publisher_any()) {
            (Some(pl), Some(p)) => after.push_str(&format!("{pl}: {p}, {date}. ")),
            (None, Some(p)) => after.push_str(&format!("{p}, {date}. ")),
            (Some(pl), None) => after.push_str(&format!("{pl}, {date}. ")),
            (None, None) => after.push_str(&format!("{date}. ")),
        }
        after.push_str(url);
        after.push('.');
        [before, self.full_title(), after]
    }

    /// CSL-JSON (one item).
    pub fn csl(&self) -> Json {
        let mut item = json!({
            "id": self.slug,
            "type": self.csl_type(),
            "title": self.full_title(),
            "URL": self.url,
            "container-title": self.digest,
        });
        let o = item.as_object_mut().expect("object");
        let authors: Vec<Json> = self
            .authors
            .iter()
            .map(|a| {
                if a.literal {
                    json!({ "literal": a.family })
                } else {
                    json!({ "family": a.family, "given": a.given })
                }
            })
            .collect();
        if !authors.is_empty() {
            o.insert("author".into(), Json::Array(authors));
        }
        if let Some(d) = self.date {
            let mut parts = vec![json!(d.year)];
            if let Some(m) = d.month {
                parts.push(json!(m));
                if let Some(day) = d.day {
                    parts.push(json!(day));
                }
            }
            o.insert("issued".into(), json!({ "date-parts": [parts] }));
        }
        if let Some(p) = self.publisher_any() {
            o.insert("publisher".into(), json!(p));
        }
        if let Some(p) = &self.place {
            o.insert("publisher-place".into(), json!(p));
        }
        if let Some(k) = &self.kind {
            o.insert("genre".into(), json!(kind_label(k)));
        }
        if let Some(l) = &self.language {
            o.insert("language".into(), json!(l));
        }
        if let Some(s) = &self.summary {
            o.insert("abstract".into(), json!(s));
        }
        if let Some(s) = &self.source_url {
            o.insert("archive_location".into(), json!(s));
        }
        item
    }

    /// BibTeX (biblatex fields, readable by BibTeX too).
    pub fn bibtex(&self) -> String {
        let mut fields: Vec<(&str, String)> =
            vec![("title", format!("{{{}}}", bib_escape(&self.full_title())))];
        if !self.authors.is_empty() {
            let names: Vec<String> = self
                .authors
                .iter()
                .map(|a| {
                    if a.literal {
                        format!("{{{}}}", bib_escape(&a.family))
                    } else {
                        format!("{}, {}", bib_escape(&a.family), bib_escape(&a.given))
                    }
                })
                .collect();
            fields.push(("author", names.join(" and ")));
        }
        if let Some(d) = self.date {
            fields.push(("year", d.year.to_string()));
            if let Some(m) = d.month {
                fields.push(("month", m.to_string()));
            }
            fields.push(("date", d.to_string()));
        }
        if let Some(p) = self.publisher_any() {
            let key = if self.bibtex_type() == "techreport" {
                "institution"
            } else {
                "publisher"
            };
            fields.push((key, bib_escape(&p)));
        }
        if let Some(p) = &self.place {
            fields.push(("address", bib_escape(p)));
        }
        if let Some(k) = &self.kind {
            fields.push(("type", bib_escape(&kind_label(k))));
        }
        if let Some(l) = &self.language {
            fields.push(("langid", bib_escape(l)));
        }
        fields.push(("url", self.url.clone()));
        fields.push(("howpublished", format!("\\url{{{}}}", self.url)));
        let key = self.slug.replace(
            |c: char| !c.is_ascii_alphanumeric() && c != '-' && c != '_',
            "",
        );
        let mut out = format!("@{}{{{key},\n", self.bibtex_type());
        for (k, v) in fields {
            out.push_str(&format!("  {k} = {{{v}}},\n"));
        }
        out.push_str("}\n");
        out
    }

    /// RIS.
    pub fn ris(&self) -> String {
        let mut out = format!("TY  - {}\n", self.ris_type());
        out.push_str(&format!("TI  - {}\n", one_line(&self.full_title())));
        for a in &self.authors {
            if a.literal {
                out.push_str(&format!("AU  - {}\n", one_line(&a.family)));
            } else {
                out.push_str(&format!(
                    "AU  - {}, {}\n",
                    one_line(&a.family),
                    one_line(&a.given)
                ));
            }
        }
        if let Some(d) = self.date {
            out.push_str(&format!("PY  - {}\n", d.year));
            let month = d.month.map(|m| format!("{m:02}")).unwrap_or_default();
            let day = d.day.map(|x| format!("{x:02}")).unwrap_or_default();
            out.push_str(&format!("DA  - {}/{month}/{day}/\n", d.year));
        }
        if let Some(p) = self.publisher_any() {
            out.push_str(&format!("PB  - {}\n", one_line(&p)));
        }
        if let Some(p) = &self.place {
            out.push_str(&format!("CY  - {}\n", one_line(p)));
        }
        if let Some(k) = &self.kind {
            out.push_str(&format!("M3  - {}\n", kind_label(k)));
        }
        if let Some(l) = &self.language {
            out.push_str(&format!("LA  - {}\n", one_line(l)));
        }
        if let Some(s) = &self.summary {
            out.push_str(&format!("AB  - {}\n", one_line(s)));
        }
        out.push_str(&format!("T2  - {}\n", one_line(&self.digest)));
        out.push_str(&format!("UR  - {}\n", self.url));
        if let Some(p) = &self.pdf_url {
            out.push_str(&format!("L1  - {p}\n"));
        }
        out.push_str("ER  - \n");
        out
    }

    /// Highwire Press `citation_*` tags (name, content), as Zotero and Google Scholar read
    /// them.
    pub fn meta_tags(&self) -> Vec<(String, String)> {
        let mut tags = vec![("citation_title".to_string(), self.full_title())];
        for a in &self.authors {
            let name = if a.literal {
                a.family.clone()
            } else {
                format!("{}, {}", a.family, a.given)
            };
            tags.push(("citation_author".into(), name));
        }
        if let Some(d) = self.date {
            tags.push(("citation_publication_date".into(), d.to_string()));
            tags.push(("citation_date".into(), d.to_string()));
        }
        if let Some(p) = self.publisher_any() {
            tags.push(("citation_publisher".into(), p.clone()));
            if self.csl_type() == "report" {
                tags.push(("citation_technical_report_institution".into(), p));
            }
        }
        if let Some(l) = &self.language {
            tags.push(("citation_language".into(), l.clone()));
        }
        if let Some(p) = &self.pdf_url {
            tags.push(("citation_pdf_url".into(), p.clone()));
        }
        tags.push(("citation_abstract_html_url".into(), self.url.clone()));
        tags.push(("citation_fulltext_html_url".into(), self.url.clone()));
        tags.push(("citation_public_url".into(), self.url.clone()));
        tags
    }

    /// schema.org JSON-LD.
    pub fn json_ld(&self, original: Option<(&str, &str)>) -> Json {
        let mut v = json!({
            "@context": "https://schema.org",
            "@type": self.schema_type(),
            "@id": self.url,
            "url": self.url,
            "name": self.title,
            "headline": truncate_chars(&self.title, 110),
            "isPartOf": { "@type": "WebSite", "name": self.digest, "url": self.digest_url },
        });
        let o = v.as_object_mut().expect("object");
        if let Some(s) = &self.subtitle {
            o.insert("alternativeHeadline".into(), json!(s));
        }
        let authors: Vec<Json> = self
            .authors
            .iter()
            .map(|a| {
                if a.literal {
                    json!({ "@type": "Organization", "name": a.family })
                } else {
                    json!({ "@type": "Person", "name": format!("{} {}", a.given, a.family), "givenName": a.given, "familyName": a.family })
                }
            })
            .collect();
        if !authors.is_empty() {
            o.insert("author".into(), Json::Array(authors));
        }
        if !self.organisations.is_empty() {
            let orgs: Vec<Json> = self
                .organisations
                .iter()
                .map(|n| json!({ "@type": "Organization", "name": n }))
                .collect();
            o.insert("publisher".into(), Json::Array(orgs));
        }
        if let Some(d) = self.date {
            o.insert("datePublished".into(), json!(d.to_string()));
        }
        if let Some(l) = &self.language {
            o.insert("inLanguage".into(), json!(l));
        }
        if let Some(k) = &self.kind {
            o.insert("genre".into(), json!(kind_label(k)));
        }
        if let Some(p) = &self.place {
            o.insert(
                "locationCreated".into(),
                json!({ "@type": "Place", "name": p }),
            );
        }
        if let Some(s) = &self.summary {
            o.insert("abstract".into(), json!(s));
        }
        if let Some(s) = &self.source_url {
            o.insert("isBasedOn".into(), json!(s));
        }
        if let Some((url, format)) = original {
            o.insert(
                "encoding".into(),
                json!({ "@type": "MediaObject", "contentUrl": url, "encodingFormat": format }),
            );
        }
        v
    }
}

/// An `http(s)://` URL (anything else is not offered to reference managers).
fn is_web_url(u: &str) -> bool {
    let l = u.trim().to_ascii_lowercase();
    (l.starts_with("https://") || l.starts_with("http://")) && !l.contains(char::is_whitespace)
}

fn truncate_chars(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n - 1).collect();
        t.push('…');
        t
    }
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Escape BibTeX's special characters.
pub fn bib_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in one_line(s).chars() {
        match c {
            '\\' => out.push_str("\\textbackslash{}"),
            '{' | '}' | '&' | '%' | '$' | '#' | '_' => {
                out.push('\\');
                out.push(c);
            }
            '~' => out.push_str("\\textasciitilde{}"),
            '^' => out.push_str("\\textasciicircum{}"),
            c => out.push(c),
        }
    }
    out
}

/// JSON for inside `<script>`: `<`, `>` and `&` escaped so the text cannot close it.
pub fn script_json(v: &Json) -> String {
    serde_json::to_string(v)
        .unwrap_or_default()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// The whole digest: CSL-JSON array, BibTeX and CSV.
pub fn digest_files(refs: &[Reference]) -> Result<Vec<(String, Vec<u8>)>> {
    let csl: Vec<Json> = refs.iter().map(|r| r.csl()).collect();
    // One line: indentation was a third of its 5.4 MB at 10,000 documents (now 3.5 MB).
    let json = serde_json::to_vec(&csl).unwrap_or_default();
    let bib: String = refs
        .iter()
        .map(|r| r.bibtex())
        .collect::<Vec<_>>()
        .join("\n");
    let mut w = csv::Writer::from_writer(Vec::new());
    let csv_err = |e: csv::Error| Error::Described(format!("documents.csv: {e}"));
    w.write_record([
        "slug",
        "title",
        "subtitle",
        "date",
        "authors",
        "organisations",
        "kind",
        "language",
        "place",
        "url",
        "source_url",
    ])
    .map_err(csv_err)?;
    for r in refs {
        let persons: Vec<String> = r
            .authors
            .iter()
            .filter(|a| !a.literal)
            .map(|a| format!("{} {}", a.given, a.family))
            .collect();
        w.write_record([
            r.slug.as_str(),
            r.title.as_str(),
            r.subtitle.as_deref().unwrap_or(""),
            &r.date.map(|d| d.to_string()).unwrap_or_default(),
            &persons.join("; "),
            &r.organisations.join("; "),
            r.kind.as_deref().unwrap_or(""),
            r.language.as_deref().unwrap_or(""),
            r.place.as_deref().unwrap_or(""),
            r.url.as_str(),
            r.source_url.as_deref().unwrap_or(""),
        ])
        .map_err(csv_err)?;
    }
    let csv = w
        .into_inner()
        .map_err(|e| Error::Described(format!("documents.csv: {e}")))?;
    Ok(vec![
        ("documents.json".into(), json),
        ("documents.bib".into(), bib.into_bytes()),
        ("documents.csv".into(), csv),
    ])
}

/// A reference to download from a document page: BibTeX, RIS or CSL-JSON.
#[derive(Debug, Clone, Serialize, Hash)]
pub struct Download {
    pub label: &'static str,
    pub mime: &'static str,
    /// The file name a browser saves it under (`<slug>.bib`).
    pub file: String,
    /// A `data:` URL holding the reference itself. Inline rather than a file beside the
    /// page: three small files per document would triple the site's file count, and hosts
    /// limit files (see `hosting`).
    pub href: String,
}

/// One document's reference downloads: BibTeX, RIS, CSL-JSON.
pub fn downloads(r: &Reference) -> Vec<Download> {
    // One line: indentation would be percent-encoded, three bytes a space, on every page.
    let csl = serde_json::to_string(&json!([r.csl()])).unwrap_or_default();
    [
        ("BibTeX", "application/x-bibtex", "bib", r.bibtex()),
        ("RIS", "application/x-research-info-systems", "ris", r.ris()),
        (
            "CSL-JSON",
            "application/vnd.citationstyles.csl+json",
            "json",
            csl,
        ),
    ]
    .into_iter()
    .map(|(label, mime, ext, text)| Download {
        label,
        mime,
        file: format!("{}.{ext}", r.slug),
        href: data_url(mime, &text),
    })
    .collect()
}

/// What a `data:` URL escapes: all but letters, digits and the characters RFC 3986 leaves
/// unreserved or that are plain inside a URL's data (`-._~/:=,;@+`).
const DATA_URL: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'/')
    .remove(b':')
    .remove(b'=')
    .remove(b',')
    .remove(b';')
    .remove(b'@')
    .remove(b'+');

fn data_url(mime: &str, text: &str) -> String {
    let encoded = percent_encoding::utf8_percent_encode(text, DATA_URL);
    format!("data:{mime};charset=utf-8,{encoded}")
}

/// The "Cite this" part of a document page's context.
#[derive(Debug, Clone, Serialize, Hash)]
pub struct CiteView {
    pub url: String,
    pub apa: [String; 3],
    pub chicago: [String; 3],
    pub meta: Vec<(String, String)>,
    /// Safe to put inside `<script type="application/ld+json">`.
    pub json_ld: String,
    /// Old anchors and where they lead, for the page's redirect table (JSON, safe inside
    /// `<script>`).
    pub aliases: String,
    /// The original file published beside the page: (path under the output, seed name).
    pub original: Option<(String, String)>,
    /// Where the original is published on the web.
    pub source_url: Option<String>,
    /// The reference as BibTeX, RIS and CSL-JSON downloads.
    pub downloads: Vec<Download>,
}

/// `ld_original`: the original's absolute URL and type; `original`: its output path and
/// name.
pub fn view(
    r: &Reference,
    aliases: &Aliases,
    ld_original: Option<(String, String)>,
    original: Option<(String, String)>,
) -> CiteView {
    CiteView {
        url: r.url.clone(),
        apa: r.apa(&r.url),
        chicago: r.chicago(&r.url),
        meta: r.meta_tags(),
        json_ld: script_json(
            &r.json_ld(ld_original.as_ref().map(|(u, t)| (u.as_str(), t.as_str()))),
        ),
        aliases: script_json(&json!(aliases)),
        original,
        source_url: r.source_url.clone(),
        downloads: downloads(r),
    }
}

/// A commentary page as a schema.org `Article` citing what it cites.
pub fn commentary_json_ld(
    page: &crate::commentary::CommentaryPage,
    base_url: &str,
    digest: &str,
    refs: &HashMap<String, &Reference>,
) -> String {
    let c = &page.card;
    let mut v = json!({
        "@context": "https://schema.org",
        "@type": "Article",
        "@id": format!("{base_url}{}", c.url),
        "url": format!("{base_url}{}", c.url),
        "headline": truncate_chars(&c.title, 110),
        "name": c.title,
        "isPartOf": { "@type": "WebSite", "name": digest, "url": base_url },
    });
    let o = v.as_object_mut().expect("object");
    if let Some(d) = &c.date {
        o.insert("datePublished".into(), json!(d));
    }
    if !c.authors.is_empty() {
        let a: Vec<Json> = c
            .authors
            .iter()
            .map(|n| json!({ "@type": "Person", "name": n }))
            .collect();
        o.insert("author".into(), Json::Array(a));
    }
    if let Some(s) = &c.summary {
        o.insert("abstract".into(), json!(s));
    }
    let cited: Vec<Json> = page
        .documents
        .iter()
        .map(|d| {
            let slug = d
                .url
                .trim_start_matches("documents/")
                .trim_end_matches('/');
            match refs.get(slug) {
                Some(r) => json!({ "@type": r.schema_type(), "@id": r.url, "name": r.full_title(), "url": r.url }),
                None => json!({ "@type": "CreativeWork", "name": d.title, "url": format!("{base_url}{}", d.url) }),
            }
        })
        .collect();
    if !cited.is_empty() {
        o.insert("citation".into(), Json::Array(cited));
    }
    script_json(&v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchor_prints_are_written_as_the_map_of_hex_strings_they_were() {
        let mut old: BTreeMap<String, String> = BTreeMap::new();
        let mut prints = AnchorPrints::default();
        for (anchor, print) in [("p-b", 0x0123_u64), ("p-a", u64::MAX), ("p-c", 42)] {
            old.insert(anchor.into(), format!("{print:016x}"));
            prints.insert(anchor, print);
        }
        prints.insert("p-c", 7);
        old.insert("p-c".into(), format!("{:016x}", 7));
        let text = serde_yaml::to_string(&prints).unwrap();
        assert_eq!(text, serde_yaml::to_string(&old).unwrap());
        assert!(text.contains("p-b: '0000000000000123'"), "{text}");
        let back: AnchorPrints = serde_yaml::from_str(&text).unwrap();
        assert_eq!(back, prints);
        assert_eq!(back.get("p-a"), Some(u64::MAX));
        assert_eq!(back.get("p-z"), None);
        assert_eq!(back.anchors().collect::<Vec<_>>(), ["p-a", "p-b", "p-c"]);
        let err = serde_yaml::from_str::<AnchorPrints>("p-a: nothex\n").unwrap_err();
        assert!(err.to_string().contains("`nothex` is not a hash"), "{err}");
    }

    #[test]
    fn the_lock_is_written_only_when_its_text_changes() {
        let dir = tempfile::tempdir().unwrap();
        let path = lock_path(dir.path());
        let mut lock = Lock::default();
        for d in 0..2000 {
            lock.documents
                .entry(format!("doc-{d}"))
                .or_default()
                .positions = vec![format!("p-passage-{d}")];
        }
        assert!(lock.save(dir.path()).unwrap(), "no lock yet");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), lock.to_yaml());
        assert!(!lock.save(dir.path()).unwrap(), "unchanged");
        // A change deep inside, one at the very end, and a shorter lock are all seen.
        lock.documents.get_mut("doc-1500").unwrap().positions[0].push('x');
        assert!(lock.save(dir.path()).unwrap());
        lock.documents.insert("zz".into(), LockedDoc::default());
        assert!(lock.save(dir.path()).unwrap());
        lock.documents.remove("zz");
        assert!(lock.save(dir.path()).unwrap());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), lock.to_yaml());
        // Edited by hand with something appended: rewritten.
        std::fs::write(&path, lock.to_yaml() + "# note\n").unwrap();
        assert!(lock.save(dir.path()).unwrap());
        assert!(!lock.save(dir.path()).unwrap());
    }

    fn doc(meta: &str) -> Document {
        Document {
            slug: "x".into(),
            path: PathBuf::from("content/documents/x.md"),
            meta: serde_yaml::from_str(meta).expect("front matter"),
            body: String::new(),
            body_line: 1,
        }
    }

    #[test]
    fn names_split() {
        assert_eq!(Name::person("Sanjana Hattotuwa").family, "Hattotuwa");
        assert_eq!(Name::person("Ursula von der Leyen").family, "von der Leyen");
        assert_eq!(Name::person("Stauffacher, Daniel").given, "Daniel");
        assert!(Name::person("UNOCT").literal);
    }

    #[test]
    fn partial_dates_stay_partial() {
        let d = doc(
            "title: T\ndate: '2018'\nauthors: [Ann Lee]\norganisations: [ICT4Peace]\nkind: paper",
        );
        let r = Reference::new(&d, "https://x.org/", "Digest", None);
        assert!(r.bibtex().contains("date = {2018}"), "{}", r.bibtex());
        assert!(!r.bibtex().contains("2018-01"));
        assert!(r.ris().contains("DA  - 2018///"));
        assert_eq!(r.csl()["issued"], json!({"date-parts": [[2018]]}));
        assert_eq!(r.json_ld(None)["datePublished"], json!("2018"));
        assert_eq!(
            r.apa("u").concat(),
            "Lee, A. (2018). T [Paper]. ICT4Peace. u"
        );
        let d = doc("title: T\ndate: 2019-09-04\norganisations: [OSCE]\nkind: speech");
        let r = Reference::new(&d, "https://x.org/", "Digest", None);
        assert_eq!(
            r.apa("u").concat(),
            "OSCE (2019, September 4). T [Speech]. u"
        );
        assert_eq!(
            r.chicago("u").concat(),
            "OSCE. T. Speech. OSCE, September 4, 2019. u."
        );
    }
}
