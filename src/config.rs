//! Site configuration: reads `dossier.yaml` from the site root and fills in defaults, so
//! that a missing or empty file gives a working site. Takes a root folder; gives a
//! [`Config`] whose paths are resolved against that root.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// The name of the configuration file in the site root.
pub const CONFIG_FILE: &str = "dossier.yaml";

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// The digest's name, shown in every page header and the feed.
    pub title: String,
    /// One or two sentences for the home page, meta description and feed.
    pub description: String,
    /// Where the site will be published, e.g. `https://example.org/digest/`. Used only
    /// where a format needs absolute URLs (feed, sitemap, canonical link).
    pub base_url: String,
    /// BCP 47 language of the site (`<html lang>`).
    pub language: String,
    /// The look of the site: a folder under `themes/` (not to be confused with the
    /// recurring topics under `content/themes/`).
    pub theme: String,
    /// Browsers the CSS must work in, as a browserslist query.
    pub browserslist: String,
    /// Where things live, relative to the site root.
    pub paths: Paths,
    /// Editors' spreadsheets of document metadata (see the README, "Metadata from a
    /// spreadsheet").
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub catalogues: Vec<crate::ingest::catalogue::CatalogueConfig>,
    /// Other names of browse terms (organisations, authors, kinds, languages): each
    /// canonical name with the names that mean it (see the README, "Browsing").
    #[serde(skip_serializing_if = "crate::browse::Aliases::is_empty")]
    pub aliases: crate::browse::Aliases,
    /// The static host the site is published to, whose limits every build checks
    /// (`github-pages`, `cloudflare-pages`, `gitlab-pages`, `netlify`, `generic`).
    pub hosting: crate::hosting::Host,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Paths {
    pub seeds: PathBuf,
    pub content: PathBuf,
    pub themes: PathBuf,
    pub output: PathBuf,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: "Digest".into(),
            description: "A curated, cross-referenced, searchable collection of documents.".into(),
            base_url: "http://localhost:1111/".into(),
            language: "en".into(),
            theme: "default".into(),
            browserslist: "defaults".into(),
            paths: Paths::default(),
            catalogues: Vec::new(),
            aliases: Default::default(),
            hosting: Default::default(),
        }
    }
}

impl Default for Paths {
    fn default() -> Self {
        Paths {
            seeds: "seeds".into(),
            content: "content".into(),
            themes: "themes".into(),
            output: "public".into(),
        }
    }
}

/// A loaded configuration together with the root it was loaded from.
#[derive(Debug, Clone)]
pub struct Site {
    pub root: PathBuf,
    pub config: Config,
}

impl Site {
    /// Load `dossier.yaml` from `root`; a missing or empty file gives the defaults.
    pub fn load(root: &Path) -> Result<Site> {
        let path = root.join(CONFIG_FILE);
        let config = match std::fs::read_to_string(&path) {
            Ok(text) => parse(&path, &text)?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Config::default(),
            Err(e) => return Err(Error::io(&path, e)),
        };
        Ok(Site {
            root: root.to_path_buf(),
            config,
        })
    }

    pub fn seeds_dir(&self) -> PathBuf {
        self.root.join(&self.config.paths.seeds)
    }
    pub fn content_dir(&self) -> PathBuf {
        self.root.join(&self.config.paths.content)
    }
    pub fn documents_dir(&self) -> PathBuf {
        self.content_dir().join("documents")
    }
    /// The recurring topics the digest cross-references.
    pub fn topic_dir(&self) -> PathBuf {
        self.content_dir().join("themes")
    }
    pub fn commentary_dir(&self) -> PathBuf {
        self.content_dir().join("commentary")
    }
    /// The folder of the site's look (templates and static files).
    pub fn look_dir(&self) -> PathBuf {
        self.root
            .join(&self.config.paths.themes)
            .join(&self.config.theme)
    }
    pub fn output_dir(&self) -> PathBuf {
        self.root.join(&self.config.paths.output)
    }
}

/// Parse the text of a configuration file.
pub fn parse(path: &Path, text: &str) -> Result<Config> {
    if text.trim().is_empty() {
        return Ok(Config::default());
    }
    serde_yaml::from_str::<Option<Config>>(text)
        .map(Option::unwrap_or_default)
        .map_err(|e| {
            Error::yaml(
                path,
                &e,
                0,
                "fix the YAML; every key is optional (see README, `dossier.yaml`)",
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_file_gives_defaults() {
        let c = parse(Path::new("dossier.yaml"), "").unwrap();
        assert_eq!(c, Config::default());
        let c = parse(Path::new("dossier.yaml"), "# only a comment\n").unwrap();
        assert_eq!(c, Config::default());
    }

    #[test]
    fn partial_file_keeps_other_defaults() {
        let c = parse(
            Path::new("d.yaml"),
            "title: Cyber Digest\npaths:\n  output: out\n",
        )
        .unwrap();
        assert_eq!(c.title, "Cyber Digest");
        assert_eq!(c.paths.output, PathBuf::from("out"));
        assert_eq!(c.paths.seeds, PathBuf::from("seeds"));
        assert_eq!(c.theme, "default");
    }

    #[test]
    fn unknown_key_is_an_error_with_line() {
        let err = parse(Path::new("dossier.yaml"), "title: x\ntitel: y\n").unwrap_err();
        let msg = err.to_string();
        assert!(msg.starts_with("dossier.yaml:2:"), "{msg}");
        assert!(msg.contains("titel"), "{msg}");
    }
}
