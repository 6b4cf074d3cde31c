//! The common model every reader feeds: a seed's body as text the rules can work on, the
//! metadata the format itself carries, and what the reader dropped. Takes nothing (it is
//! a vocabulary); gives [`Source`], [`SourceMeta`] and the [`Evidence`] that says where a
//! field's value came from.

use std::collections::BTreeMap;
use std::fmt;

use crate::content::PartialDate;
use crate::error::Warning;

use super::normalize::Dropped;

/// What a seed was, as told by its bytes (not by its name).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Format {
    /// Plain text, possibly with light Markdown (extractions, saved text).
    #[default]
    Text,
    /// Markdown, with or without YAML/TOML front matter.
    Markdown,
    /// A web page saved from a browser or exported from a CMS.
    Html,
    /// A born-digital PDF, read directly.
    Pdf,
    /// A Word document (Office Open XML).
    Docx,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Markdown => "markdown",
            Format::Html => "html",
            Format::Pdf => "pdf",
            Format::Docx => "docx",
        }
    }
}

/// A seed after its reader: the body for the normalization rules and the source's own
/// metadata.
#[derive(Debug, Clone)]
pub struct Source {
    pub format: Format,
    /// The body: plain text (one line per source line) or Markdown.
    pub text: String,
    /// How many seed lines come before `text`'s first line (a front-matter block), so
    /// reports point at the seed's own lines.
    pub line_offset: usize,
    pub meta: SourceMeta,
    /// What the reader removed (page chrome, running headers, front-matter keys it could
    /// not use are kept in `meta.extra` instead).
    pub dropped: Vec<Dropped>,
    pub warnings: Vec<Warning>,
}

/// Metadata a source gives about itself: front matter, HTML `<meta>` and JSON-LD, the PDF
/// Info dictionary. `origin` names which, for the report.
#[derive(Debug, Clone, Default)]
pub struct SourceMeta {
    pub origin: &'static str,
    /// Metadata a tool writes by itself (a PDF's Info dictionary): evidence in the text
    /// is stronger.
    pub weak: bool,
    pub title: Option<String>,
    pub subtitle: Option<String>,
    pub date: Option<PartialDate>,
    pub end_date: Option<PartialDate>,
    pub place: Option<String>,
    pub organisations: Vec<String>,
    pub authors: Vec<String>,
    pub kind: Option<String>,
    pub language: Option<String>,
    pub summary: Option<String>,
    pub tags: Vec<String>,
    pub source_url: Option<String>,
    pub draft: bool,
    /// The source's fields dossier has no place for, kept as written (`source_meta:`).
    pub extra: BTreeMap<String, serde_yaml::Value>,
}

/// Where a field's value came from, strongest first. A value is only ever set from
/// evidence of its role; [`Evidence::FileName`] is the last resort and always warned about.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Evidence {
    /// The seed's sidecar `<name>.yaml`, written by an editor.
    Sidecar,
    /// A row of an editor's catalogue (spreadsheet).
    Catalogue { file: String, row: usize },
    /// The source's own metadata (front matter, HTML meta, PDF Info).
    SourceMeta(&'static str),
    /// The document's text, found by the named rule (title block, dateline, ...).
    Text(&'static str),
    /// The seed's file name.
    FileName,
}

impl Evidence {
    /// The kind of evidence, without its details, for summaries.
    pub fn class(&self) -> String {
        match self {
            Evidence::Sidecar => "sidecar".into(),
            Evidence::Catalogue { .. } => "catalogue".into(),
            Evidence::SourceMeta(o) => format!("source metadata ({o})"),
            Evidence::Text(rule) => format!("text: {rule}"),
            Evidence::FileName => "file name".into(),
        }
    }
}

impl fmt::Display for Evidence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Evidence::Sidecar => write!(f, "sidecar"),
            Evidence::Catalogue { file, row } => write!(f, "catalogue: {file} row {row}"),
            Evidence::SourceMeta(o) => write!(f, "source metadata: {o}"),
            Evidence::Text(rule) => write!(f, "text: {rule}"),
            Evidence::FileName => write!(f, "file name"),
        }
    }
}

/// For each front-matter field that has a value, the evidence it was taken from.
pub type Provenance = BTreeMap<&'static str, Evidence>;
