//! Metadata: reads a document's front matter off its own text (title, date, place,
//! organisations, authors, kind, language) and applies the optional sidecar
//! `seeds/<name>.yaml`.

use std::path::Path;

use serde::Deserialize;

use crate::content::{DocumentMeta, PartialDate};
use crate::error::{Error, Result};

/// How the body should be normalized, as told by the kind of document.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Profile {
    /// Slides: runs of blank lines separate slides, whose first line is a title.
    pub slides: bool,
}

#[derive(Debug, Default)]
pub struct Extracted {
    pub meta: DocumentMeta,
    /// 0-based lines of the seed whose whole content went into the front matter.
    pub consumed_lines: Vec<(usize, &'static str)>,
    pub profile: Profile,
}

pub fn extract(text: &str) -> Extracted {
    let _ = text;
    Extracted::default()
}

/// A sidecar: front-matter fields that override what the text says.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sidecar {
    pub title: Option<String>,
    pub subtitle: Option<String>,
    pub date: Option<PartialDate>,
    pub end_date: Option<PartialDate>,
    pub place: Option<String>,
    pub organisations: Option<Vec<String>>,
    pub authors: Option<Vec<String>>,
    pub kind: Option<String>,
    pub language: Option<String>,
    pub summary: Option<String>,
    pub slug: Option<String>,
}

impl Sidecar {
    pub fn apply(&self, meta: &mut DocumentMeta) {
        macro_rules! set {
            ($($f:ident),*) => {$(
                if let Some(v) = &self.$f { meta.$f = Some(v.clone()); }
            )*};
        }
        set!(subtitle, date, end_date, place, kind, language, summary);
        if let Some(t) = &self.title {
            meta.title = t.clone();
        }
        if let Some(o) = &self.organisations {
            meta.organisations = o.clone();
        }
        if let Some(a) = &self.authors {
            meta.authors = a.clone();
        }
    }
}

/// Read `seeds/<stem>.yaml` (or `.yml`) beside a seed, if there is one.
pub fn read_sidecar(seed: &Path) -> Result<Option<Sidecar>> {
    for ext in ["yaml", "yml"] {
        let path = seed.with_extension(ext);
        if !path.exists() {
            continue;
        }
        let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
        if text.trim().is_empty() {
            return Ok(Some(Sidecar::default()));
        }
        return serde_yaml::from_str(&text).map(Some).map_err(|e| {
            Error::yaml(
                &path,
                &e,
                0,
                "a sidecar may set title, subtitle, date, end_date, place, organisations, authors, kind, language, summary, slug",
            )
        });
    }
    Ok(None)
}
