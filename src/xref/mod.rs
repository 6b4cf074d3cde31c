//! Cross-reference: finds every mention of every recurring theme across the digest.
//! Takes the theme catalog and the documents' passages; gives mentions (document,
//! passage anchor, heading path, excerpt), per-document theme counts, related documents
//! and themes, and the `xref.json` export.

pub mod catalog;
pub mod matcher;

pub use catalog::{load_catalog, Theme};
pub use matcher::{Hit, Matcher};
