//! Facet data of the index, one file per group of facets, so that the engine downloads
//! only the facets a query shows or filters by. Takes the entries; gives each file's
//! bytes.
//!
//! - `facets/runs.json`: kind, organisation and year, which belong to a page and so are
//!   the same for its consecutive sections: runs of entries sharing all three, each
//!   facet's value sets listed once. About 15 KB gzipped at 10,000 pages.
//! - `facets/theme.json`: themes belong to a section (the themes it mentions), so they
//!   change from entry to entry: per theme, the list of its entries. About 65 KB gzipped
//!   at 10,000 pages (about 5 themes of 20 per section; 52 KB is the entropy of those
//!   sets if they are independent, so no encoding gets much smaller), which is why it is
//!   a file of its own that the search page loads only when the theme facet is shown.
//! - `facets/pages.json`: not a facet but the page each entry belongs to (a page's
//!   entries are consecutive) and which pages are about other pages (themes,
//!   commentary), so that the engine can group results by page and rank a source above
//!   the pages that quote it. A few KB at 10,000 pages; every query loads it.

use std::collections::BTreeSet;

use rustc_hash::{FxHashMap, FxHashSet};
use serde_json::json;

use super::build::js_cmp;
use super::write::push_varint;
use super::Entry;

/// The facets, in the order the engine shows them.
pub const FACETS: [&str; 4] = ["theme", "kind", "organisation", "year"];

/// A facet file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Group {
    /// Kind, organisation and year, as runs.
    Runs,
    /// Themes, as entry lists.
    Theme,
    /// Pages: entries per page and the "about" pages.
    Pages,
}

impl Group {
    pub fn of(facet: &str) -> Group {
        if facet == "theme" {
            Group::Theme
        } else {
            Group::Runs
        }
    }

    pub fn path(self) -> &'static str {
        match self {
            Group::Runs => "facets/runs.json",
            Group::Theme => "facets/theme.json",
            Group::Pages => "facets/pages.json",
        }
    }
}

/// Whether two entries have the same facets of `group` (so its file is unchanged when
/// only other fields change).
pub fn same(group: Group, a: &Entry, b: &Entry) -> bool {
    match group {
        // Runs are counted in pages, so where pages begin matters too.
        Group::Runs => page_url(&a.url) == page_url(&b.url) && same_page_facets(a, b),
        Group::Theme => a.themes == b.themes,
        Group::Pages => page_url(&a.url) == page_url(&b.url) && is_about(a) == is_about(b),
    }
}

/// Whether two entries have the same kind, organisations and year (a page's facets).
fn same_page_facets(a: &Entry, b: &Entry) -> bool {
    a.kind == b.kind && a.organisations == b.organisations && a.year == b.year
}

/// The pages of the entries, in order, as (first entry, number of entries): consecutive
/// entries with the same page url form a page.
fn page_spans(entries: &[Entry]) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut i = 0;
    while i < entries.len() {
        let url = page_url(&entries[i].url);
        let n = entries[i..]
            .iter()
            .take_while(|e| page_url(&e.url) == url)
            .count();
        spans.push((i, n));
        i += n;
    }
    spans
}

/// The kinds of the pages that are about other pages rather than sources.
pub const ABOUT_KINDS: [&str; 2] = ["theme", "commentary"];

/// Whether an entry belongs to a theme or commentary page.
pub fn is_about(e: &Entry) -> bool {
    ABOUT_KINDS.contains(&e.kind.as_str())
}

/// The page part of an entry's url (without the `#fragment`).
pub fn page_url(url: &str) -> &str {
    url.split_once('#').map_or(url, |(page, _)| page)
}

/// A facet value as a reader sees it: kinds are slugs ("summary-report" -> "Summary
/// report"); other values are names already.
pub fn label(facet: &str, value: &str) -> String {
    match facet {
        "kind" => crate::cite::kind_label(value),
        _ => value.to_string(),
    }
}

pub fn encode(group: Group, entries: &[Entry]) -> Vec<u8> {
    match group {
        Group::Runs => runs(entries),
        Group::Theme => themes(entries),
        Group::Pages => pages(entries),
    }
}

/// Distinct non-empty values, sorted as the engine sorts strings.
fn values<'a>(it: impl Iterator<Item = &'a String>) -> Vec<&'a str> {
    let set: FxHashSet<&str> = it.map(String::as_str).filter(|s| !s.is_empty()).collect();
    let mut v: Vec<&str> = set.into_iter().collect();
    v.sort_by(|a, b| js_cmp(a, b));
    v
}

/// Value -> its index in `vals` (hashing: watch mode encodes the theme file, 160,000
/// memberships at 10,000 documents, whenever an edit changes a section's themes).
fn index_of<'a>(vals: &[&'a str]) -> FxHashMap<&'a str, u32> {
    vals.iter()
        .enumerate()
        .map(|(i, v)| (*v, i as u32))
        .collect()
}

fn text(bytes: Vec<u8>) -> String {
    // Varints are ASCII.
    String::from_utf8(bytes).unwrap_or_default()
}

/// One facet's value sets as they occur run by run: each distinct set gets a number,
/// the most used sets the smallest (so the run column is mostly one-digit numbers).
#[derive(Default)]
struct Sets {
    ids: FxHashMap<Vec<u32>, u32>,
    list: Vec<(Vec<u32>, u32)>,
    per_run: Vec<u32>,
}

impl Sets {
    fn push(&mut self, mut set: Vec<u32>) {
        set.sort_unstable();
        set.dedup();
        let id = match self.ids.get(&set) {
            Some(&id) => id,
            None => {
                let id = self.list.len() as u32;
                self.ids.insert(set.clone(), id);
                self.list.push((set, 0));
                id
            }
        };
        self.list[id as usize].1 += 1;
        self.per_run.push(id);
    }

    /// (sets column, runs column)
    fn columns(self) -> (String, String) {
        let mut order: Vec<u32> = (0..self.list.len() as u32).collect();
        // Most runs first, then first seen first: deterministic.
        order.sort_by_key(|&i| (std::cmp::Reverse(self.list[i as usize].1), i));
        let mut renum = vec![0u32; order.len()];
        let mut sets = Vec::new();
        for (new, &old) in order.iter().enumerate() {
            renum[old as usize] = new as u32;
            let set = &self.list[old as usize].0;
            push_varint(&mut sets, set.len() as u32);
            for &v in set {
                push_varint(&mut sets, v);
            }
        }
        let mut runs = Vec::new();
        for id in self.per_run {
            push_varint(&mut runs, renum[id as usize]);
        }
        (text(sets), text(runs))
    }
}

/// `{"values": {facet: [...]}, "sets": {facet: "<count, indexes>..."}, "runs": {"pages":
/// "...", facet: "<set number>..."}}`: runs of consecutive pages with the same kind,
/// organisations and year (a page's: its first entry's), `pages` the number of pages of
/// each; every column a string of varints. Counting pages rather than entries saves
/// what `facets/pages.json`, which every query loads, already says (2.5 KB gzipped at
/// 10,000 pages).
fn runs(entries: &[Entry]) -> Vec<u8> {
    let kinds = values(entries.iter().map(|e| &e.kind));
    let orgs = values(entries.iter().flat_map(|e| &e.organisations));
    let (kind_at, org_at) = (index_of(&kinds), index_of(&orgs));
    let years: Vec<i32> = entries
        .iter()
        .filter_map(|e| e.year)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let (mut kind, mut org, mut year) = (Sets::default(), Sets::default(), Sets::default());
    let mut length = Vec::new();
    let mut run = 0u32;
    let mut previous: Option<&Entry> = None;
    for (first, _) in page_spans(entries) {
        let e = &entries[first];
        if previous.is_some_and(|p| same_page_facets(p, e)) {
            run += 1;
            continue;
        }
        if previous.is_some() {
            push_varint(&mut length, run);
        }
        previous = Some(e);
        run = 1;
        kind.push(kind_at.get(e.kind.as_str()).copied().into_iter().collect());
        org.push(
            e.organisations
                .iter()
                .filter_map(|o| org_at.get(o.as_str()).copied())
                .collect(),
        );
        year.push(
            e.year
                .and_then(|y| years.binary_search(&y).ok())
                .map(|i| i as u32)
                .into_iter()
                .collect(),
        );
    }
    if run > 0 {
        push_varint(&mut length, run);
    }
    let (kind_sets, kind_runs) = kind.columns();
    let (org_sets, org_runs) = org.columns();
    let (year_sets, year_runs) = year.columns();
    let kind_labels: Vec<String> = kinds.iter().map(|k| label("kind", k)).collect();
    json!({
        "values": { "kind": kinds, "organisation": orgs, "year": years },
        "labels": { "kind": kind_labels },
        "sets": { "kind": kind_sets, "organisation": org_sets, "year": year_sets },
        "runs": { "pages": text(length), "kind": kind_runs, "organisation": org_runs, "year": year_runs },
    })
    .to_string()
    .into_bytes()
}

/// `{"values": {"theme": [...]}, "lists": {"theme": ["<gaps>", ...]}}`: per theme, its
/// entries as varint gaps (each id minus the previous one minus one; the first is the id).
fn themes(entries: &[Entry]) -> Vec<u8> {
    let vals = values(entries.iter().flat_map(|e| &e.themes));
    let at = index_of(&vals);
    let mut lists: Vec<Vec<u8>> = vec![Vec::new(); vals.len()];
    let mut last: Vec<i64> = vec![-1; vals.len()];
    for (id, e) in entries.iter().enumerate() {
        let mut ts: Vec<u32> = e
            .themes
            .iter()
            .filter_map(|t| at.get(t.as_str()).copied())
            .collect();
        ts.sort_unstable();
        ts.dedup();
        for t in ts {
            let t = t as usize;
            push_varint(&mut lists[t], (id as i64 - last[t] - 1) as u32);
            last[t] = id as i64;
        }
    }
    let lists: Vec<String> = lists.into_iter().map(text).collect();
    json!({ "values": { "theme": vals }, "lists": { "theme": lists } })
        .to_string()
        .into_bytes()
}

/// `{"sizes": "<entries of each page>", "about": "<gaps>"}`: consecutive entries with
/// the same page url form a page; `about` lists the theme and commentary pages as varint
/// gaps (page number minus the previous one minus one).
fn pages(entries: &[Entry]) -> Vec<u8> {
    let (mut sizes, mut about) = (Vec::new(), Vec::new());
    let mut last_about = -1i64;
    for (page, (first, n)) in page_spans(entries).into_iter().enumerate() {
        push_varint(&mut sizes, n as u32);
        if is_about(&entries[first]) {
            push_varint(&mut about, (page as i64 - last_about - 1) as u32);
            last_about = page as i64;
        }
    }
    json!({ "sizes": text(sizes), "about": text(about) })
        .to_string()
        .into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(kind: &str, year: Option<i32>, orgs: &[&str], themes: &[&str]) -> Entry {
        Entry {
            kind: kind.into(),
            year,
            organisations: orgs.iter().map(|s| s.to_string()).collect(),
            themes: themes.iter().map(|s| s.to_string()).collect(),
            ..Entry::default()
        }
    }

    fn at(url: &str, e: Entry) -> Entry {
        Entry {
            url: url.into(),
            ..e
        }
    }

    #[test]
    fn runs_group_consecutive_pages_and_number_sets_by_use() {
        let es = [
            at(
                "documents/a/#x",
                entry("speech", Some(2019), &["OSCE"], &["A"]),
            ),
            at(
                "documents/a/#y",
                entry("speech", Some(2019), &["OSCE"], &["B"]),
            ),
            at("documents/c/", entry("speech", Some(2019), &["OSCE"], &[])),
            at("themes/t/", entry("", None, &[], &[])),
            at(
                "documents/b/",
                entry("paper", Some(2019), &["UN", "OSCE"], &[]),
            ),
        ];
        let f: serde_json::Value = serde_json::from_slice(&runs(&es)).unwrap();
        // Three runs: 2 pages (3 entries; themes do not break runs), 1 and 1.
        assert_eq!(f["runs"]["pages"], json!("211"));
        assert!(f["runs"].get("length").is_none());
        assert_eq!(f["values"]["kind"], json!(["paper", "speech"]));
        // Kind sets in order of first use (each used once): {speech}, {}, {paper}.
        assert_eq!(f["sets"]["kind"], json!("11010"));
        assert_eq!(f["runs"]["kind"], json!("012"));
        // Year: {2019} is used twice, so it is set 0.
        assert_eq!(f["sets"]["year"], json!("100"));
        assert_eq!(f["runs"]["year"], json!("010"));
        assert_eq!(f["values"]["organisation"], json!(["OSCE", "UN"]));
        assert_eq!(f["sets"]["organisation"], json!("100201"));
    }

    #[test]
    fn theme_lists_are_gaps() {
        let es = [
            entry("", None, &[], &["B", "A"]),
            entry("", None, &[], &[]),
            entry("", None, &[], &["A"]),
        ];
        let f: serde_json::Value = serde_json::from_slice(&themes(&es)).unwrap();
        assert_eq!(f["values"]["theme"], json!(["A", "B"]));
        // A: 0, 2 -> gaps 0, 1; B: 0.
        assert_eq!(f["lists"]["theme"], json!(["01", "0"]));
    }

    #[test]
    fn pages_are_runs_of_one_page_url_and_about_pages_are_listed() {
        let at = |url: &str, kind: &str| Entry {
            url: url.into(),
            kind: kind.into(),
            ..Entry::default()
        };
        let es = [
            at("documents/a/", "speech"),
            at("documents/a/#part", "speech"),
            at("documents/a/#p-window", "speech"),
            at("documents/b/#intro", "paper"),
            at("themes/t/", "theme"),
            at("themes/u/", "theme"),
            at("commentary/c/#x", "commentary"),
            at("commentary/c/#y", "commentary"),
        ];
        let f: serde_json::Value = serde_json::from_slice(&pages(&es)).unwrap();
        // Pages of 3, 1, 1, 1 and 2 entries; pages 2, 3 and 4 are about others (gaps
        // 2, 0, 0).
        assert_eq!(f, json!({ "sizes": "31112", "about": "200" }));
        assert!(same(
            Group::Pages,
            &es[1],
            &at("documents/a/#other", "speech")
        ));
        assert!(!same(
            Group::Pages,
            &es[1],
            &at("documents/z/#part", "speech")
        ));
        assert!(!same(
            Group::Pages,
            &es[1],
            &at("documents/a/#part", "theme")
        ));
    }

    #[test]
    fn kinds_have_labels() {
        let es = [
            entry("summary-report", None, &[], &[]),
            entry("theme", None, &[], &[]),
        ];
        let f: serde_json::Value = serde_json::from_slice(&runs(&es)).unwrap();
        assert_eq!(f["values"]["kind"], json!(["summary-report", "theme"]));
        assert_eq!(f["labels"]["kind"], json!(["Summary report", "Theme"]));
        assert_eq!(label("organisation", "OSCE"), "OSCE");
    }
}
