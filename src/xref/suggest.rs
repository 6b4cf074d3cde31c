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
    /// Why it is suggested, for the editor deciding.
    pub reason: String,
    /// Slugs of the documents it occurs in.
    pub documents: Vec<String>,
    pub mentions: usize,
}

impl Suggestion {
    /// The front matter of a new theme file, ready to paste into
    /// `content/themes/<slug>.md`.
    pub fn front_matter(&self) -> String {
        let mut out = format!(
            "# {}\n# {} documents ({}), {} mentions\n---\ntitle: {}\naliases: [{}]\n",
            self.reason,
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
        if is_covered(matcher, long)
            || is_covered(matcher, acr)
            || not_a_theme(long, &BTreeSet::from(["*".to_string()]))
                && long.split_whitespace().count() > 3
        {
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
    // Words the documents write in lower case somewhere: common words, not names.
    let lowercase_words: BTreeSet<String> = docs
        .iter()
        .flat_map(|(_, t)| t.split(|c: char| !c.is_alphanumeric() && c != '-'))
        .flat_map(|w| w.split('-'))
        .filter(|w| w.chars().next().is_some_and(char::is_lowercase))
        .map(str::to_string)
        .collect();
    // Capitalised names in two or more documents.
    let mut names: BTreeMap<String, (BTreeSet<String>, usize)> = BTreeMap::new();
    for (slug, text) in docs {
        for m in NAME.find_iter(text) {
            let name = trim_connectors(m.as_str());
            if name.split_whitespace().count() < 2
                || is_covered(matcher, &name)
                || not_a_theme(&name, &lowercase_words)
            {
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
        // A theme recurs: one document is not enough.
        .filter(|(_, (_, ds, _))| ds.len() >= 2)
        .map(|(title, (acronym, ds, n))| (readable(&title), (acronym, ds, n)))
        .map(|(title, (acronym, ds, n))| Suggestion {
            reason: match &acronym {
                Some(a) => format!(
                    "defined as \"{title} ({a})\" and used in {} documents",
                    ds.len()
                ),
                None => format!(
                    "a name (not a person, place, title or formula) used {n} times in {} documents",
                    ds.len()
                ),
            },
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

/// A name set in capitals ("NORTH ATLANTIC TREATY ORGANISATION") in title case.
fn readable(name: &str) -> String {
    if name.chars().any(char::is_lowercase) {
        return name.to_string();
    }
    name.split_whitespace()
        .enumerate()
        .map(|(i, w)| {
            let lower = w.to_lowercase();
            if i > 0 && CONNECTORS.contains(&lower.as_str()) {
                return lower;
            }
            let mut cs = lower.chars();
            cs.next()
                .map(|f| f.to_uppercase().collect::<String>() + cs.as_str())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
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

/// "Organization for Security and Co-operation in Europe" / "OSCE": the acronym's
/// letters are, in order, initials of the name's words (or of the parts of hyphenated
/// words), starting with the first word, and the acronym leaves few words out. So
/// "International Studies" is not "ISIS".
fn initials_match(long: &str, acr: &str) -> bool {
    let words: Vec<&str> = long
        .split_whitespace()
        .filter(|w| !CONNECTORS.contains(&w.to_lowercase().as_str()))
        .collect();
    let initials: Vec<char> = words
        .iter()
        .flat_map(|w| w.split('-'))
        .filter_map(|p| p.chars().next())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let letters: Vec<char> = acr.chars().filter(|c| c.is_ascii_uppercase()).collect();
    if letters.is_empty()
        || initials.first() != letters.first()
        || letters.len() * 3 < words.len() * 2
    {
        return false;
    }
    let mut it = initials.iter();
    letters.iter().all(|l| it.any(|i| i == l))
}

/// Why a capitalised phrase that recurs is still not a theme an editor would add:
/// a person's or place's name (no word of it is ever written in lower case in the
/// documents), a job title, a formula of UN resolutions, a phrase cut at an
/// abbreviation, or an institutional phrase of the genre that every document uses.
fn not_a_theme(name: &str, lowercase_words: &BTreeSet<String>) -> bool {
    const ROLES: &[&str] = &[
        "director",
        "fellow",
        "minister",
        "president",
        "secretary",
        "secretary-general",
        "chair",
        "chairman",
        "chairperson",
        "ambassador",
        "rapporteur",
        "rapporteurs",
        "officer",
        "adviser",
        "advisor",
        "representative",
        "envoy",
        "professor",
        "head",
        "deputy",
        "manager",
        "founder",
        "coordinator",
        "spokesperson",
        "delegate",
        "delegates",
        "excellency",
        "excellencies",
    ];
    const GENERIC: &[&str] = &[
        "member states",
        "states parties",
        "working group",
        "treaty series",
        "general assembly",
        "security council",
        "united nations",
        "first committee",
        "second committee",
        "third committee",
        "official records",
        "agenda item",
        "plenary meeting",
        "main committee",
        "secretary-general",
        "economic and social council",
        "international community",
    ];
    const FORMULAS: &[&str] = &[
        "requests",
        "decides",
        "recalling",
        "recalls",
        "noting",
        "notes",
        "welcomes",
        "welcoming",
        "calls",
        "urges",
        "encourages",
        "invites",
        "reaffirming",
        "reaffirms",
        "recognizing",
        "recognising",
        "emphasizing",
        "stressing",
        "acknowledging",
        "expressing",
        "taking",
        "also",
        "further",
        "thank",
        "thanks",
        "dear",
        "ladies",
    ];
    const ABBREVIATIONS: &[&str] = &["distr", "no", "vol", "para", "sect", "rev", "add", "corr"];
    let lower = name.to_lowercase();
    let words: Vec<&str> = lower.split_whitespace().collect();
    let content: Vec<&&str> = words.iter().filter(|w| !CONNECTORS.contains(w)).collect();
    let proper_only = content.len() <= 3
        && content
            .iter()
            .all(|w| w.split('-').all(|p| !lowercase_words.contains(p)));
    // Two common words ("Task Force", "Social Media"): a phrase, not a name.
    let common_pair = content.len() == 2
        && content
            .iter()
            .all(|w| w.split('-').all(|p| lowercase_words.contains(p)));
    const HEADS: &[&str] = &[
        "countries",
        "states",
        "parties",
        "nations",
        "members",
        "governments",
        "peoples",
        "affairs",
        "series",
        "records",
        "meeting",
        "session",
    ];
    proper_only
        || common_pair
        || words.last().is_some_and(|w| HEADS.contains(w))
        || words.last().is_some_and(|w| ROLES.contains(w))
        || words.first().is_some_and(|w| FORMULAS.contains(w))
        || words.iter().any(|w| ABBREVIATIONS.contains(w))
        || GENERIC.contains(&lower.as_str())
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
    fn people_titles_formulas_and_mismatched_acronyms_are_not_suggested() {
        let m = Matcher::new(&[]);
        let text = "Daniel Stauffacher spoke. The Executive Director met the Member States. \
            Requests the Secretary-General to act. The Christchurch Call is a call to act. \
            International Studies (ISIS) and the task force. The Task Force met. \
            NORTH ATLANTIC TREATY ORGANISATION (NATO) and NATO.";
        let docs = [("a", text), ("b", text)];
        let titles: Vec<String> = suggest(&docs, &m, 50)
            .into_iter()
            .map(|s| s.title)
            .collect();
        for bad in [
            "Daniel Stauffacher",
            "Executive Director",
            "Member States",
            "Requests the Secretary-General",
            "International Studies",
            "Task Force",
        ] {
            assert!(!titles.iter().any(|t| t == bad), "{bad} in {titles:?}");
        }
        assert!(
            titles.iter().any(|t| t == "Christchurch Call"),
            "{titles:?}"
        );
        assert!(
            titles
                .iter()
                .any(|t| t == "North Atlantic Treaty Organisation"),
            "{titles:?}"
        );
    }

    #[test]
    fn finds_acronyms_and_shared_names_not_in_the_catalog() {
        let m = Matcher::new(&[]);
        let docs = [
            ("a", "The Organization for Security and Co-operation in Europe (OSCE) met. The Global Forum on Cyber Expertise spoke. OSCE again."),
            ("b", "The OSCE and the Global Forum on Cyber Expertise and the Human Rights Council."),
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
            .any(|x| x.title == "Global Forum on Cyber Expertise" && x.documents.len() == 2));
        assert!(
            !s.iter().any(|x| x.title == "Human Rights Council"),
            "only in one document"
        );
        assert!(osce.front_matter().contains("acronyms: [OSCE]"));
    }
}
