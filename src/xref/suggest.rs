//! `dossier themes suggest`: candidate recurring themes that are not in the catalog yet.
//! Takes the documents' text and the catalog's matcher; gives ranked [`Suggestion`]s:
//! acronyms with the expansion the documents give them ("Long Name (ACRONYM)"), and
//! capitalised multi-word names that occur in at least two documents.

use std::collections::{BTreeMap, BTreeSet};

use once_cell::sync::Lazy;
use regex::Regex;

use super::Matcher;

#[derive(Debug, Clone, PartialEq)]
pub struct Suggestion {
    pub title: String,
    pub acronym: Option<String>,
    /// Slugs of the documents it occurs in.
    pub documents: Vec<String>,
    pub mentions: usize,
}

impl Suggestion {
    /// The front matter of a new theme file, ready to paste into
    /// `content/themes/<slug>.md`.
    pub fn front_matter(&self) -> String {
        let mut out = format!(
            "# {} documents ({}), {} mentions\n---\ntitle: {}\naliases: [{}]\n",
            self.documents.len(),
            self.documents.join(", "),
            self.mentions,
            yaml_str(&self.title),
            yaml_str(&self.title)
        );
        if let Some(a) = &self.acronym {
            out.push_str(&format!("acronyms: [{}]\n", yaml_str(a)));
        }
        out.push_str("---\nDescribe the theme here.\n");
        out
    }
}

fn yaml_str(s: &str) -> String {
    if s.chars()
        .all(|c| c.is_alphanumeric() || c == ' ' || c == '-')
        && !s.is_empty()
    {
        s.to_string()
    } else {
        format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

const CONNECTORS: &[&str] = &[
    "of", "for", "and", "the", "on", "in", "to", "de", "la", "du",
];

static DEFINITION: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"((?:[A-Z][\w’'-]*\s+(?:(?:of|for|and|the|on|in|to)\s+)*){1,9}[A-Z][\w’'-]*)\s+\(([A-Z][A-Za-z0-9]{1,9})\)")
        .unwrap()
});
static NAME: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"\b[A-Z][a-z]+(?:[- ](?:(?:of|for|and|on|in|to|the)\s)?[A-Z][a-z]+){1,5}\b")
        .unwrap()
});

/// Find candidate themes in `docs` (slug, plain text) not covered by `matcher`.
pub fn suggest(docs: &[(&str, &str)], matcher: &Matcher, limit: usize) -> Vec<Suggestion> {
    let mut found: BTreeMap<String, (Option<String>, BTreeSet<String>, usize)> = BTreeMap::new();
    // Acronyms with their expansion.
    let mut expansions: BTreeMap<String, String> = BTreeMap::new();
    for (_, text) in docs {
        for c in DEFINITION.captures_iter(text) {
            let long = trim_connectors(&c[1]);
            let acr = c[2].to_string();
            if initials_match(&long, &acr) {
                expansions.entry(acr).or_insert(long);
            }
        }
    }
    for (acr, long) in &expansions {
        if is_covered(matcher, long) || is_covered(matcher, acr) {
            continue;
        }
        let word = Regex::new(&format!(
            r"\b{}s?\b|{}",
            regex::escape(acr),
            regex::escape(long)
        ))
        .expect("escaped");
        let entry = found
            .entry(long.clone())
            .or_insert((Some(acr.clone()), BTreeSet::new(), 0));
        for (slug, text) in docs {
            let n = word.find_iter(text).count();
            if n > 0 {
                entry.1.insert(slug.to_string());
                entry.2 += n;
            }
        }
    }
    // Capitalised names in two or more documents.
    let mut names: BTreeMap<String, (BTreeSet<String>, usize)> = BTreeMap::new();
    for (slug, text) in docs {
        for m in NAME.find_iter(text) {
            let name = trim_connectors(m.as_str());
            if name.split_whitespace().count() < 2 || is_covered(matcher, &name) {
                continue;
            }
            let e = names.entry(name).or_default();
            e.0.insert(slug.to_string());
            e.1 += 1;
        }
    }
    for (name, (ds, n)) in names {
        // A name inside a known expansion ("Organization for Security and Co") is a
        // fragment of it, not a theme of its own.
        if ds.len() >= 2
            && !found.contains_key(&name)
            && !expansions.values().any(|l| l.contains(name.as_str()))
        {
            found.insert(name, (None, ds, n));
        }
    }
    let mut out: Vec<Suggestion> = found
        .into_iter()
        .filter(|(_, (_, ds, _))| !ds.is_empty())
        .map(|(title, (acronym, ds, n))| Suggestion {
            title,
            acronym,
            documents: ds.into_iter().collect(),
            mentions: n,
        })
        .collect();
    out.sort_by(|a, b| {
        b.documents
            .len()
            .cmp(&a.documents.len())
            .then(b.mentions.cmp(&a.mentions))
            .then(a.title.cmp(&b.title))
    });
    out.truncate(limit);
    out
}

fn trim_connectors(s: &str) -> String {
    let words: Vec<&str> = s.split_whitespace().collect();
    let start = words
        .iter()
        .position(|w| !CONNECTORS.contains(&w.to_lowercase().as_str()))
        .unwrap_or(0);
    let end = words
        .iter()
        .rposition(|w| !CONNECTORS.contains(&w.to_lowercase().as_str()))
        .map_or(0, |e| e + 1);
    words[start..end.max(start)].join(" ")
}

/// "Organization for Security and Co-operation in Europe" / "OSCE": the acronym's first
/// letter starts the name, and most of its letters start words of it.
fn initials_match(long: &str, acr: &str) -> bool {
    let initials: String = long
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty() && !CONNECTORS.contains(&w.to_lowercase().as_str()))
        .filter_map(|w| w.chars().next())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let letters: String = acr.chars().filter(|c| c.is_ascii_uppercase()).collect();
    !letters.is_empty()
        && initials.starts_with(&letters[..1])
        && letters.chars().filter(|c| initials.contains(*c)).count() * 3 >= letters.len() * 2
}

fn is_covered(matcher: &Matcher, name: &str) -> bool {
    matcher
        .find(name)
        .iter()
        .any(|h| h.range.len() * 2 >= name.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_acronyms_and_shared_names_not_in_the_catalog() {
        let m = Matcher::new(&[]);
        let docs = [
            ("a", "The Organization for Security and Co-operation in Europe (OSCE) met. The Security Council spoke. OSCE again."),
            ("b", "The OSCE and the Security Council and the Human Rights Council."),
        ];
        let s = suggest(&docs, &m, 10);
        let osce = s
            .iter()
            .find(|x| x.acronym.as_deref() == Some("OSCE"))
            .expect("OSCE suggested");
        assert_eq!(
            osce.title,
            "Organization for Security and Co-operation in Europe"
        );
        assert_eq!(osce.documents, ["a", "b"]);
        assert_eq!(osce.mentions, 4);
        assert!(s
            .iter()
            .any(|x| x.title == "Security Council" && x.documents.len() == 2));
        assert!(
            !s.iter().any(|x| x.title == "Human Rights Council"),
            "only in one document"
        );
        assert!(osce.front_matter().contains("acronyms: [OSCE]"));
    }
}
