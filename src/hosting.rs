//! The static host a digest is published to, and its documented limits. Takes the output's
//! files and sizes (from [`crate::output`]); gives warnings near a limit and an error past
//! one, naming what is large and what to do.
//!
//! The limits are the hosts' published ones (checked 2026-12): GitHub Pages, "published
//! sites may be no larger than 1 GB" (and Git refuses files over 100 MiB); Cloudflare Pages,
//! 20,000 files per site on the free plan and 25 MiB per file; GitLab Pages on GitLab.com,
//! 1 GB unpacked and 200,000 files. Netlify publishes no file-count or site-size limit for
//! static deploys that we could confirm, so it gets the generic check.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

/// Where the site is published (`hosting:` in `dossier.yaml`, or `dossier build --host`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum Host {
    /// No particular host: warn at the strictest common limits, never fail.
    #[default]
    Generic,
    GithubPages,
    CloudflarePages,
    GitlabPages,
    Netlify,
}

impl fmt::Display for Host {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Host::Generic => "generic",
            Host::GithubPages => "github-pages",
            Host::CloudflarePages => "cloudflare-pages",
            Host::GitlabPages => "gitlab-pages",
            Host::Netlify => "netlify",
        })
    }
}

const MIB: u64 = 1024 * 1024;
const GB: u64 = 1_000_000_000;

/// A host's limits; `None` where it documents none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub files: Option<usize>,
    pub total_bytes: Option<u64>,
    pub file_bytes: Option<u64>,
    /// Past a limit is an error (a host that refuses the deploy), or only a warning.
    pub hard: bool,
}

impl Host {
    pub fn limits(self) -> Limits {
        match self {
            Host::GithubPages => Limits {
                files: None,
                total_bytes: Some(GB),
                file_bytes: Some(100 * MIB),
                hard: true,
            },
            Host::CloudflarePages => Limits {
                files: Some(20_000),
                total_bytes: None,
                file_bytes: Some(25 * MIB),
                hard: true,
            },
            Host::GitlabPages => Limits {
                files: Some(200_000),
                total_bytes: Some(GB),
                file_bytes: None,
                hard: true,
            },
            // The strictest common limits, as advice.
            Host::Generic | Host::Netlify => Limits {
                files: Some(20_000),
                total_bytes: Some(GB),
                file_bytes: Some(25 * MIB),
                hard: false,
            },
        }
    }
}

/// Near a limit means at or above this share of it.
const NEAR: f64 = 0.8;

/// One output file: site path and bytes.
pub type FileSize<'a> = (&'a str, u64);

/// What the check found.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// Near a limit, or past a soft one.
    pub warnings: Vec<String>,
    /// Past a hard limit: the build fails with these.
    pub errors: Vec<String>,
}

/// Check the output's files against `host`'s limits.
pub fn check(host: Host, files: &[FileSize<'_>]) -> Verdict {
    let limits = host.limits();
    let mut verdict = Verdict::default();
    let mut report = |past: bool, message: String| {
        if past && limits.hard {
            verdict.errors.push(message);
        } else {
            verdict.warnings.push(message);
        }
    };
    let count = files.len();
    let total: u64 = files.iter().map(|f| f.1).sum();
    if let Some(max) = limits.files {
        if count as f64 >= max as f64 * NEAR {
            report(
                count > max,
                format!(
                    "{count} files {} {host}'s limit of {max} files; most files are in {}. {}",
                    verb(count as u64 > max as u64),
                    largest_folders(files, false, 3),
                    "Fewer, larger search chunks or listing pages help; or publish to a host with a higher limit."
                ),
            );
        }
    }
    if let Some(max) = limits.total_bytes {
        if total as f64 >= max as f64 * NEAR {
            report(
                total > max,
                format!(
                    "the site is {} and {} {host}'s limit of {}; the largest folders are {}. {}",
                    size(total),
                    verb(total > max),
                    size(max),
                    largest_folders(files, true, 3),
                    "Leaving originals unpublished or splitting the digest helps; or publish to a host with a higher limit."
                ),
            );
        }
    }
    if let Some(max) = limits.file_bytes {
        let mut big: Vec<_> = files
            .iter()
            .filter(|f| f.1 as f64 >= max as f64 * NEAR)
            .collect();
        big.sort_by_key(|f| std::cmp::Reverse(f.1));
        for (path, n) in big.into_iter().take(5) {
            report(
                *n > max,
                format!(
                    "{path} is {} and {} {host}'s limit of {} per file. {}",
                    mib(*n),
                    verb(*n > max),
                    mib(max),
                    "A published original that large can be linked from its source instead of copied."
                ),
            );
        }
    }
    verdict
}

fn verb(past: bool) -> &'static str {
    if past {
        "is past"
    } else {
        "is near"
    }
}

/// The `n` top-level folders with the most files (or bytes), as text.
fn largest_folders(files: &[FileSize<'_>], by_bytes: bool, n: usize) -> String {
    let mut by_folder: BTreeMap<&str, u64> = BTreeMap::new();
    for (path, bytes) in files {
        let folder = path
            .split_once('/')
            .map(|(f, _)| f)
            .unwrap_or("(top level)");
        *by_folder.entry(folder).or_default() += if by_bytes { *bytes } else { 1 };
    }
    let mut folders: Vec<_> = by_folder.into_iter().collect();
    folders.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    folders
        .into_iter()
        .take(n)
        .map(|(f, w)| {
            if by_bytes {
                format!("{f}/ ({})", size(w))
            } else {
                format!("{f}/ ({w})")
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Bytes as a person reads them, in decimal units (as hosts state site sizes).
pub fn size(bytes: u64) -> String {
    if bytes >= GB {
        format!("{:.2} GB", bytes as f64 / GB as f64)
    } else if bytes >= 1_000_000 {
        format!("{:.1} MB", bytes as f64 / 1e6)
    } else {
        format!("{:.0} KB", bytes as f64 / 1e3)
    }
}

/// Bytes in MiB (as hosts state per-file limits).
fn mib(bytes: u64) -> String {
    format!("{:.1} MiB", bytes as f64 / MIB as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(files: usize, each: u64) -> Vec<(String, u64)> {
        (0..files)
            .map(|i| (format!("documents/d{i}/index.html"), each))
            .collect()
    }

    fn borrowed(v: &[(String, u64)]) -> Vec<FileSize<'_>> {
        v.iter().map(|(p, n)| (p.as_str(), *n)).collect()
    }

    #[test]
    fn a_small_site_fits_every_host() {
        let files = site(100, 20_000);
        for host in [
            Host::Generic,
            Host::GithubPages,
            Host::CloudflarePages,
            Host::GitlabPages,
            Host::Netlify,
        ] {
            assert_eq!(check(host, &borrowed(&files)), Verdict::default(), "{host}");
        }
    }

    #[test]
    fn near_the_file_limit_warns_past_it_fails_on_a_hard_host() {
        let near = site(17_000, 1_000);
        let v = check(Host::CloudflarePages, &borrowed(&near));
        assert!(v.errors.is_empty());
        assert_eq!(v.warnings.len(), 1);
        assert!(
            v.warnings[0].contains("17000 files is near cloudflare-pages's limit of 20000"),
            "{v:?}"
        );
        assert!(v.warnings[0].contains("documents/ (17000)"), "{v:?}");

        let past = site(20_001, 1_000);
        let v = check(Host::CloudflarePages, &borrowed(&past));
        assert_eq!(v.errors.len(), 1, "{v:?}");
        assert!(v.errors[0].contains("is past"));
        // The generic host only advises.
        let v = check(Host::Generic, &borrowed(&past));
        assert!(v.errors.is_empty() && v.warnings.len() == 1, "{v:?}");
    }

    #[test]
    fn a_file_too_large_is_named() {
        let mut files = site(10, 1_000);
        files.push(("xref.json".into(), 30 * MIB));
        let v = check(Host::CloudflarePages, &borrowed(&files));
        assert_eq!(v.errors.len(), 1);
        assert!(
            v.errors[0].starts_with(
                "xref.json is 30.0 MiB and is past cloudflare-pages's limit of 25.0 MiB"
            ),
            "{v:?}"
        );
    }

    #[test]
    fn site_size_counts_against_github_pages() {
        let files = site(1_000, 900_000);
        let v = check(Host::GithubPages, &borrowed(&files));
        assert!(v.errors.is_empty());
        assert!(v.warnings[0].contains("the site is 900.0 MB"), "{v:?}");
        let files = site(1_200, 900_000);
        let v = check(Host::GithubPages, &borrowed(&files));
        assert_eq!(v.errors.len(), 1, "{v:?}");
        assert!(v.errors[0].contains("1.08 GB"), "{v:?}");
    }
}
