//! dossier: a static site generator for curated, cross-referenced, searchable digests of
//! policy documents.
//!
//! The pipeline, one module per stage:
//! - [`config`]: `dossier.yaml` and the site layout;
//! - [`ingest`]: raw seed documents into front-matter Markdown;
//! - [`content`]: front-matter Markdown into typed documents;
//! - [`search`]: searchable sections into the static search index;
//! - [`build`]: runs the stages in order and reports what it did.

pub mod build;
pub mod config;
pub mod content;
pub mod error;
pub mod ingest;
pub mod search;

pub use error::{Error, Result, Warning};
