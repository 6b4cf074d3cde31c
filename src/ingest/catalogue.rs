//! Catalogues: an editor's spreadsheet of metadata (placeholder until the reader lands).

/// The fields one catalogue row gives a seed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CatalogueFields {
    pub title: Option<String>,
    pub subtitle: Option<String>,
    pub date: Option<String>,
    pub end_date: Option<String>,
    pub place: Option<String>,
    pub organisations: Vec<String>,
    pub authors: Vec<String>,
    pub kind: Option<String>,
    pub language: Option<String>,
    pub summary: Option<String>,
    pub source_url: Option<String>,
    pub tags: Vec<String>,
    pub slug: Option<String>,
}
