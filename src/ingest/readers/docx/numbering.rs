//! Numbering Word defines through a list style: an `abstractNum` that holds no levels of
//! its own, only `<w:numStyleLink w:val="S"/>`, takes them from the `abstractNum` whose
//! `<w:styleLink w:val="S"/>` names the same style (ECMA-376 Part 1, §17.9.21 and
//! §17.9.27). office_oxide does not follow the link, so such lists lose their numbers
//! (a judgment's 73 numbered paragraphs came out as bullets). Takes the package's bytes;
//! gives the package with the levels copied where they are linked, or `None` when there
//! is nothing to do.

use std::io::{Cursor, Read, Write};

use once_cell::sync::Lazy;
use regex::Regex;

const NUMBERING: &str = "word/numbering.xml";

/// The package with its linked numbering written out, or `None` when it has none (or
/// cannot be rewritten: then it is read as it is).
pub fn with_style_links_resolved(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let mut numbering = String::new();
    archive
        .by_name(NUMBERING)
        .ok()?
        .read_to_string(&mut numbering)
        .ok()?;
    let resolved = resolve(&numbering)?;
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::with_capacity(bytes.len())));
    for i in 0..archive.len() {
        let file = archive.by_index_raw(i).ok()?;
        if file.name_raw() == NUMBERING.as_bytes() {
            drop(file);
            let options = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated);
            out.start_file(NUMBERING, options).ok()?;
            out.write_all(resolved.as_bytes()).ok()?;
        } else {
            out.raw_copy_file(file).ok()?;
        }
    }
    Some(out.finish().ok()?.into_inner())
}

/// `numbering.xml` with each linking `abstractNum` given the levels of the one it links
/// to; `None` when no `abstractNum` links without levels.
fn resolve(numbering: &str) -> Option<String> {
    static ABSTRACT: Lazy<Regex> =
        Lazy::new(|| Regex::new(r"(?s)<w:abstractNum\b[^>]*>.*?</w:abstractNum>").unwrap());
    static LINKS_TO: Lazy<Regex> =
        Lazy::new(|| Regex::new(r#"<w:numStyleLink\s+w:val="([^"]+)"\s*/>"#).unwrap());
    static DEFINES: Lazy<Regex> =
        Lazy::new(|| Regex::new(r#"<w:styleLink\s+w:val="([^"]+)"\s*/>"#).unwrap());
    static LEVEL: Lazy<Regex> = Lazy::new(|| Regex::new(r"(?s)<w:lvl\b.*?</w:lvl>").unwrap());
    if !numbering.contains("numStyleLink") {
        return None;
    }
    let blocks: Vec<&str> = ABSTRACT.find_iter(numbering).map(|m| m.as_str()).collect();
    let levels_of = |style: &str| {
        blocks.iter().find_map(|b| {
            let defines = DEFINES.captures(b).is_some_and(|c| &c[1] == style);
            let levels: Vec<&str> = LEVEL.find_iter(b).map(|m| m.as_str()).collect();
            (defines && !levels.is_empty()).then(|| levels.concat())
        })
    };
    let mut changed = false;
    let resolved = ABSTRACT.replace_all(numbering, |c: &regex::Captures| {
        let block = &c[0];
        let linked = LINKS_TO
            .captures(block)
            .filter(|_| !LEVEL.is_match(block))
            .and_then(|l| levels_of(&l[1]));
        match linked {
            Some(levels) => {
                changed = true;
                let end = block.len() - "</w:abstractNum>".len();
                format!("{}{levels}</w:abstractNum>", &block[..end])
            }
            None => block.to_string(),
        }
    });
    changed.then(|| resolved.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    const LINKED: &str = r#"<w:numbering><w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="hybridMultilevel"/><w:styleLink w:val="ImportedStyle2"/><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl><w:lvl w:ilvl="1"><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="(%2)"/></w:lvl></w:abstractNum><w:abstractNum w:abstractNumId="1"><w:numStyleLink w:val="ImportedStyle2"/></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num></w:numbering>"#;

    #[test]
    fn a_linking_definition_takes_the_levels_of_the_style_it_names() {
        let out = resolve(LINKED).expect("a link to resolve");
        let linking = out
            .split("<w:abstractNum w:abstractNumId=\"1\">")
            .nth(1)
            .unwrap();
        assert!(
            linking.contains(r#"<w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/>"#),
            "{out}"
        );
        assert!(linking.contains(r#"<w:lvlText w:val="(%2)"/>"#), "{out}");
        assert!(linking.contains("<w:numStyleLink"), "the link stays");
        // The defining one is untouched.
        assert_eq!(out.matches("<w:lvl ").count(), 4);
    }

    #[test]
    fn nothing_to_do_without_a_link_or_its_target() {
        assert_eq!(resolve("<w:numbering/>"), None);
        let dangling = LINKED.replace(r#"<w:styleLink w:val="ImportedStyle2"/>"#, "");
        assert_eq!(resolve(&dangling), None);
    }

    #[test]
    fn the_package_is_rewritten_with_every_other_part_kept() {
        let mut package = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, text) in [("word/document.xml", "<w:document/>"), (NUMBERING, LINKED)] {
            package.start_file(name, options).unwrap();
            package.write_all(text.as_bytes()).unwrap();
        }
        let bytes = package.finish().unwrap().into_inner();
        let out = with_style_links_resolved(&bytes).expect("rewritten");
        let mut archive = zip::ZipArchive::new(Cursor::new(out)).unwrap();
        let mut read = |name: &str| {
            let mut s = String::new();
            archive
                .by_name(name)
                .unwrap()
                .read_to_string(&mut s)
                .unwrap();
            s
        };
        assert_eq!(read("word/document.xml"), "<w:document/>");
        assert_eq!(read(NUMBERING), resolve(LINKED).unwrap());
        assert_eq!(with_style_links_resolved(b"not a zip"), None);
    }
}
