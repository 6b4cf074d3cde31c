//! dossier: a static site generator for curated, cross-referenced, searchable digests of
//! policy documents.
//!
//! The pipeline, one module per stage:
//! - [`config`]: `dossier.yaml` and the site layout;
//! - [`ingest`]: raw seed documents into front-matter Markdown;
//! - [`content`]: front-matter Markdown into typed documents;
//! - [`markdown`]: Markdown bodies into HTML with stable anchors, outline and passages;
//! - [`highlight`]: code highlighting with CSS classes;
//! - [`assets`]: the layered look (theme and site overrides) and bundled, hashed CSS;
//! - [`render`]: every page of the site through minijinja templates;
//! - [`browse`]: paged listings, a page per term of every facet, term feeds, the
//!   catalogue as CSV and JSON;
//! - [`xref`]: recurring themes found and cross-referenced across documents;
//! - [`search`]: searchable sections into the static search index;
//! - [`linkcheck`]: every internal link of the output must resolve;
//! - [`memory`]: resident memory for reports and traces, and the allocator's setting;
//! - [`paths`]: which slugs and paths content may name, and where reads and writes may go;
//! - [`build`]: runs the stages in order, writes the output atomically, reports;
//! - [`serve`]: the preview server with watch-mode incremental rebuilds and live reload.

pub mod anchors;
pub mod assets;
pub mod browse;
pub mod build;
pub mod cite;
pub mod commentary;
pub mod config;
pub mod content;
pub mod error;
pub mod highlight;
pub mod hosting;
pub mod ingest;
pub mod linkcheck;
pub mod markdown;
pub mod memory;
pub mod output;
pub mod paths;
pub mod render;
pub mod search;
pub mod serve;
pub mod xref;

pub use error::{Error, Result, Warning};
