//! DOCX reader: the fixtures made by tests/fixtures/docx/make_fixtures.py (see the README
//! beside them), unreadable Word files, and arbitrary bytes and ZIP archives (0 panics).
mod common;

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use proptest::prelude::*;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/docx")
        .join(name)
}

#[test]
fn a_word_report_keeps_its_metadata_and_structure() {
    let p = dossier::ingest::prepare(&fixture("report.docx")).expect("DOCX read");
    assert_eq!(p.format.name(), "docx");
    let m = &p.meta;
    // The Title paragraph runs over two lines (a line break); the title block joins them,
    // spelled as core.xml spells the same words.
    assert_eq!(
        m.title,
        "Strengthening Cooperation on Cyber Resilience: Annual Report of the Working Group"
    );
    assert_eq!(
        p.provenance.get("title"),
        Some(&dossier::ingest::Evidence::Text("title block"))
    );
    // "Geneva, 14 March 2024" under the title; core.xml's created date is the same day
    // here, but the dateline is the stronger evidence.
    assert_eq!(m.date.map(|d| d.to_string()).as_deref(), Some("2024-03-14"));
    assert_eq!(m.place.as_deref(), Some("Geneva"));
    assert_eq!(m.kind.as_deref(), Some("report"));
    assert_eq!(m.language.as_deref(), Some("en"));
    // core.xml's creator is whoever made the file: never printed in this report, it
    // is kept for the editor, not made its author.
    assert!(m.authors.is_empty(), "{:?}", m.authors);
    assert_eq!(
        m.source_meta.get("docx_author").and_then(|v| v.as_str()),
        Some("Amina Diallo")
    );
    assert_eq!(
        m.summary.as_deref(),
        Some("Annual report of the working group on cyber resilience")
    );
    assert_eq!(m.tags, ["cyber resilience", "capacity building"]);
    let from_core = dossier::ingest::Evidence::SourceMeta("DOCX core properties");
    assert_eq!(p.provenance.get("summary"), Some(&from_core));
    assert_eq!(
        p.provenance.get("date"),
        Some(&dossier::ingest::Evidence::Text("dateline"))
    );

    let md = &p.normalized.markdown;
    for heading in [
        "## Introduction\n",
        "### Scope of the work\n",
        "## Findings\n",
        "### Recommendations\n",
        "#### Next steps\n",
    ] {
        assert!(md.contains(heading), "{heading:?} in\n{md}");
    }
    // Emphasis and links as Markdown; footnote markers linked to their notes.
    assert!(md.contains("resolution 78/16.[^1] Its members agreed that **practical cooperation** matters more than new declarations, and that *every region* should be heard."), "{md}");
    assert!(md.contains("[the group's archive](<https://example.org/working-group/records>)"));
    for (n, text) in [
        (
            1,
            "Resolution 78/16 of the General Assembly, adopted on 4 December 2023.",
        ),
        (
            2,
            "Figures reported by members of the working group; see the annex for sources.",
        ),
        (
            3,
            "The secretariat will publish the templates in English and French.",
        ),
    ] {
        assert!(
            md.contains(&format!("\n[^{n}]: {text}")),
            "footnote {n} in\n{md}"
        );
        assert_eq!(
            md.matches(&format!("[^{n}]")).count(),
            2,
            "one marker, one note"
        );
    }
    // Lists with their depth: "List Bullet 2" paragraphs and numbering level 1.
    assert!(md.contains("- which confidence-building measures are already in use;\n  - regional points of contact;\n  - exercises held jointly with neighbouring states;\n- how capacity building"), "{md}");
    assert!(md.contains("2. take part in at least one regional exercise a year;\n   1. in their own region, or\n   2. with a neighbouring region;\n3. use the common templates"), "{md}");
    assert!(md.contains(
        "| Meeting | States present | Regional bodies |\n|---|---|---|\n| First session | 61 | 4 |"
    ), "{md}");
    assert!(
        !p.warnings
            .iter()
            .any(|w| w.message.contains("does not match")),
        "{:?}",
        p.warnings
    );
}

#[test]
fn the_seeds_digest_builds_with_the_word_report_and_its_pdf_added() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let site = common::digest_site(&["themes", "commentary"]);
    let seeds = site.path().join("seeds");
    std::fs::create_dir_all(&seeds).unwrap();
    for e in std::fs::read_dir(repo.join("seeds")).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), seeds.join(e.file_name())).unwrap();
    }
    std::fs::copy(fixture("report.docx"), seeds.join("word-report.docx")).unwrap();
    std::fs::copy(
        fixture("report.pdf"),
        seeds.join("word-report-exported.pdf"),
    )
    .unwrap();
    std::fs::copy(repo.join("dossier.yaml"), site.path().join("dossier.yaml")).unwrap();
    let out = common::dossier(site.path(), &["build"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let docs = site.path().join("content/documents");
    let word = std::fs::read_dir(&docs)
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .find(|t| t.contains("source: word-report.docx"))
        .expect("the Word report's document");
    assert!(word.contains("\n[^3]: The secretariat will publish"));
    let public = std::fs::read_dir(site.path().join("public/documents"))
        .unwrap()
        .filter_map(|e| std::fs::read_to_string(e.unwrap().path().join("index.html")).ok())
        .find(|h| h.contains("Annual Report of the Working Group"))
        .expect("the Word report's page");
    assert!(public.contains("<table"), "its table is a table");
}

#[test]
fn localized_heading_styles_are_found_by_outline_level() {
    // Word in French writes style ids `Titre1`, `Titre2`: their outline level says heading.
    let fr = dossier::ingest::prepare(&fixture("styles_fr.docx")).expect("DOCX read");
    let en = dossier::ingest::prepare(&fixture("report.docx")).expect("DOCX read");
    assert_eq!(fr.normalized.markdown, en.normalized.markdown);
    assert_eq!(fr.meta.title, en.meta.title);
}

#[test]
fn unreadable_word_files_are_clear_errors_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let report = std::fs::read(fixture("report.docx")).unwrap();
    let truncated = dir.path().join("truncated.docx");
    std::fs::write(&truncated, &report[..report.len() / 2]).unwrap();
    let empty_zip = dir.path().join("notes.docx");
    std::fs::write(
        &empty_zip,
        zip_of(&[("word/document.xml", b"<w:document/>".as_slice())]),
    )
    .unwrap();
    let odt = dir.path().join("letter.odt");
    std::fs::write(
        &odt,
        zip_of(&[(
            "mimetype",
            b"application/vnd.oasis.opendocument.text".as_slice(),
        )]),
    )
    .unwrap();
    for (path, says, hint) in [
        (
            fixture("encrypted.docx"),
            "password-protected",
            "remove the password",
        ),
        (truncated, "could not be read", "save it again as .docx"),
        (empty_zip, "could not be read", "save it again as .docx"),
        (odt, "not a document dossier can read", "as .docx or PDF"),
    ] {
        let e = dossier::ingest::prepare(&path).unwrap_err().to_string();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            e.contains(&name) && e.contains(says) && e.contains(hint),
            "{e}"
        );
    }
}

fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, data) in entries {
        zip.start_file(*name, options).unwrap();
        zip.write_all(data).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// The fixture's parts, to mutate.
fn parts() -> &'static [(String, Vec<u8>)] {
    static P: std::sync::OnceLock<Vec<(String, Vec<u8>)>> = std::sync::OnceLock::new();
    P.get_or_init(|| {
        let bytes = std::fs::read(fixture("report.docx")).unwrap();
        let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        (0..z.len())
            .map(|i| {
                let mut f = z.by_index(i).unwrap();
                let mut data = Vec::new();
                f.read_to_end(&mut data).unwrap();
                (f.name().unwrap().to_string(), data)
            })
            .collect()
    })
}

fn read_never_panics(bytes: &[u8]) -> Result<(), TestCaseError> {
    let path = Path::new("seeds/fuzz.docx");
    let r = std::panic::catch_unwind(|| dossier::ingest::readers::read(path, bytes));
    prop_assert!(r.is_ok(), "the reader panicked");
    if let Ok(Err(e)) = r {
        prop_assert!(e.to_string().contains("fuzz.docx"), "{}", e);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes(mut v in proptest::collection::vec(any::<u8>(), 0..4096), zip_magic in any::<bool>()) {
        if zip_magic {
            let mut h = b"PK\x03\x04".to_vec();
            h.append(&mut v);
            v = h;
        }
        read_never_panics(&v)?;
    }

    /// Archives made of the fixture's parts, each kept, dropped, truncated, garbled or
    /// replaced by junk: every reader path past the ZIP layer.
    #[test]
    fn arbitrary_archives(
        edits in proptest::collection::vec((0u8..5, any::<prop::sample::Index>(), proptest::collection::vec(any::<u8>(), 0..64)), 16),
    ) {
        let mut entries: Vec<(String, Vec<u8>)> = Vec::new();
        for ((name, data), (op, at, junk)) in parts().iter().zip(edits) {
            let mut data = data.clone();
            let i = at.index(data.len().max(1));
            match op {
                0 => {}
                1 => continue,
                2 => data.truncate(i),
                3 => {
                    for (k, b) in junk.iter().enumerate() {
                        if let Some(slot) = data.get_mut(i + k) {
                            *slot = *b;
                        }
                    }
                }
                _ => data = junk,
            }
            entries.push((name.clone(), data));
        }
        let refs: Vec<(&str, &[u8])> = entries.iter().map(|(n, d)| (n.as_str(), d.as_slice())).collect();
        read_never_panics(&zip_of(&refs))?;
    }
}

/// The words of a text, lowercased; footnote markers glued to a word ("78/16.1") are
/// split off by the tokenizer on both sides alike.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// How many of `reference`'s words `text` keeps in the same order (longest common
/// subsequence), as a share of the reference.
fn in_order_share(reference: &[String], text: &[String]) -> f64 {
    let mut row = vec![0usize; text.len() + 1];
    for r in reference {
        let mut diagonal = 0;
        for (j, t) in text.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = if r == t {
                diagonal + 1
            } else {
                above.max(row[j])
            };
            diagonal = above;
        }
    }
    row[text.len()] as f64 / reference.len().max(1) as f64
}

#[test]
fn a_pdf_libreoffice_exported_from_word_is_read_whole() {
    let path = fixture("report.pdf");
    let p = dossier::ingest::prepare(&path).expect("PDF read");
    let m = &p.meta;
    // The title is set over four lines in the PDF; the PDF Info has core.xml's title
    // (weaker than the title block, but the same words, punctuated), and its CreationDate
    // is the export's, not the document's: the dateline wins.
    assert_eq!(
        m.title,
        "Strengthening Cooperation on Cyber Resilience: Annual Report of the Working Group"
    );
    assert_eq!(m.date.map(|d| d.to_string()).as_deref(), Some("2024-03-14"));
    assert_eq!(m.place.as_deref(), Some("Geneva"));
    // The Info's author (core.xml's creator) is not printed on the pages: it may be
    // whoever typed the file, so it is kept aside, not made the author.
    assert!(m.authors.is_empty(), "{:?}", m.authors);
    assert_eq!(
        m.source_meta.get("pdf_author").and_then(|v| v.as_str()),
        Some("Amina Diallo")
    );
    assert_eq!(m.kind.as_deref(), Some("report"));
    assert_eq!(m.language.as_deref(), Some("en"));
    let md = &p.normalized.markdown;
    for heading in [
        "## Introduction\n",
        "### Scope of the work\n",
        "## Findings\n",
        "### Recommendations\n",
        "#### Next steps\n",
    ] {
        assert!(md.contains(heading), "{heading:?} in\n{md}");
    }
    // The plain-text footnotes at the page ends are linked to their markers, and reported.
    assert!(md.contains("resolution 78/16.[^1] Its members"), "{md}");
    assert!(md.contains("as the table below shows.[^2]"), "{md}");
    assert!(md.contains("incident notification.[^3]"), "{md}");
    assert!(md.contains(
        "\n[^1]: Resolution 78/16 of the General Assembly, adopted on 4 December 2023.\n"
    ));
    assert!(md.contains(
        "\n[^2]: Figures reported by members of the working group; see the annex for sources.\n"
    ));
    assert_eq!(
        p.rewrites
            .iter()
            .filter(|r| r.action == "plain-text footnote linked to its marker")
            .count(),
        3
    );
    // The table, cut by the page break (the page's footnotes between), is one table again.
    assert!(md.contains("| Meeting | States present | Regional bodies |\n|---|---|---|\n| First session | 61 | 4 |\n| Second session | 74 | 6 |\n| Third session | 88 | 9 |\n"), "{md}");
    // A bullet set further in is one level deeper.
    assert!(md.contains("- which confidence-building measures are already in use;\n  - regional points of contact;\n  - exercises held jointly with neighbouring states;\n- how capacity building"), "{md}");
    // Footnotes stay out of the paragraphs that cite them.
    for paragraph in md.split("\n\n") {
        let notes = [
            "Resolution 78/16 of the General",
            "Figures reported by members",
            "The secretariat will publish",
        ];
        let cites = paragraph.contains("working group met four times")
            || paragraph.contains("table below shows")
            || paragraph.contains("common templates");
        assert!(
            !(cites && notes.iter().any(|n| paragraph.contains(n))),
            "footnote glued into {paragraph:?}"
        );
    }
    assert!(
        !p.warnings
            .iter()
            .any(|w| w.message.contains("does not match")),
        "{:?}",
        p.warnings
    );
    // Against poppler's pdftotext (tests only; dossier needs no external program), with
    // the title block's lines, which went into the front matter, put back. `-layout`
    // reads the table row by row, as a reader does (plain pdftotext reads it column by
    // column, which no reading of ours should match).
    let Ok(out) = std::process::Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
    else {
        eprintln!("SKIPPED: pdftotext (poppler-utils) is not installed; word order not compared");
        return;
    };
    let mut reference = words(&String::from_utf8_lossy(&out.stdout));
    // Footnotes are their own stream (they sit at a page's foot, which may fall inside a
    // paragraph or a table): each note is whole in the reference, and taken out of it.
    let (notes, body): (Vec<&str>, Vec<&str>) = md
        .lines()
        .partition(|l| l.starts_with("[^") && l.contains("]: "));
    for note in &notes {
        let note = words(note.split_once("]: ").unwrap().1);
        let at = reference
            .windows(note.len())
            .position(|w| w == note.as_slice())
            .unwrap_or_else(|| panic!("footnote {note:?} whole in pdftotext's text"));
        // Its number, printed before it at the foot of the page, goes with it.
        reference.drain(at.saturating_sub(1)..at + note.len());
    }
    let md = body.join("\n");
    let consumed: String = p
        .normalized
        .dropped
        .iter()
        .filter(|d| d.rule.starts_with("front matter"))
        .map(|d| format!("{}\n", d.text))
        .collect();
    let ours = words(&format!("{consumed}{md}"));
    let share = in_order_share(&reference, &ours);
    eprintln!("words in order against pdftotext -layout: {share:.3}");
    assert!(
        share >= 0.99,
        "{share:.3} of pdftotext's {} words in order",
        reference.len()
    );
}

#[test]
fn a_real_docx_with_a_hand_broken_cover_and_bold_states_over_their_questions() {
    let p = dossier::ingest::prepare(&fixture("ohchr-upr48-advance-questions-slovenia.docx"))
        .expect("DOCX read");
    // The centred cover paragraph is broken by hand: its first line is the title, the
    // timestamp under it is not part of it (nor a heading).
    assert_eq!(p.meta.title, "Advance Questions to Slovenia");
    assert_eq!(p.meta.subtitle, None);
    let md = &p.normalized.markdown;
    assert!(
        md.lines().any(|l| l == "Generated on 22 Jan 2025 14:31"),
        "{md}"
    );
    assert!(!md.contains("# Generated"), "{md}");
    // Each state's name, in bold over its questions, is a heading at one level: siblings,
    // not a staircase down to h6.
    for state in [
        "BELGIUM",
        "COSTA RICA",
        "GERMANY",
        "LIECHTENSTEIN",
        "PORTUGAL",
        "SPAIN",
    ] {
        assert!(md.contains(&format!("\n## {state}\n")), "{state}: {md}");
    }
    assert!(!md.contains("\n### "), "{md}");
}

/// The fixture with its body replaced by `body` (WordprocessingML paragraphs and tables).
fn docx_with_body(body: &str) -> Vec<u8> {
    let entries: Vec<(String, Vec<u8>)> = parts()
        .iter()
        .map(|(name, data)| {
            if name != "word/document.xml" {
                return (name.clone(), data.clone());
            }
            let xml = String::from_utf8(data.clone()).unwrap();
            let start = xml.find("<w:body>").unwrap() + "<w:body>".len();
            let end = xml.find("<w:sectPr").unwrap();
            let new = format!("{}{body}{}", &xml[..start], &xml[end..]);
            (name.clone(), new.into_bytes())
        })
        .collect();
    let borrowed: Vec<(&str, &[u8])> = entries
        .iter()
        .map(|(n, d)| (n.as_str(), d.as_slice()))
        .collect();
    zip_of(&borrowed)
}

#[test]
fn an_items_indented_explanation_stays_in_it_and_a_one_cell_box_is_a_quote() {
    let p = |text: &str| format!("<w:p><w:r><w:t>{text}</w:t></w:r></w:p>");
    let item = |text: &str| {
        format!("<w:p><w:pPr><w:pStyle w:val=\"ListBullet\"/></w:pPr><w:r><w:rPr><w:b/></w:rPr><w:t>{text}</w:t></w:r></w:p>")
    };
    let under = |text: &str| {
        format!("<w:p><w:pPr><w:ind w:left=\"720\"/></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>")
    };
    let body = [
        p("What we must do follows."),
        item("Provide a clear definition."),
        under("People do not know what police need."),
        under("Use non-technical explanations."),
        item("Ask specific questions."),
        p("Back at the margin, a paragraph of its own."),
        format!(
            "<w:tbl><w:tr><w:tc><w:p><w:pPr><w:pStyle w:val=\"Heading2\"/></w:pPr><w:r><w:t>Why Keeran stopped reporting</w:t></w:r></w:p>{}{}</w:tc></w:tr></w:tbl>",
            p("We also spoke to Keeran."),
            p("He told us he saw no good outcome.")
        ),
        p("After the box."),
    ]
    .concat();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("box.docx");
    std::fs::write(&path, docx_with_body(&body)).unwrap();
    let prepared = dossier::ingest::prepare(&path).expect("DOCX read");
    let md = &prepared.normalized.markdown;
    assert!(
        md.contains("- **Provide a clear definition.**\\\n  People do not know what police need.\\\n  Use non-technical explanations.\n- **Ask specific questions.**\n\nBack at the margin"),
        "{md}"
    );
    assert!(
        md.contains("> **Why Keeran stopped reporting**\n>\n> We also spoke to Keeran.\n>\n> He told us he saw no good outcome.\n\nAfter the box."),
        "{md}"
    );
    assert!(!md.contains('|'), "{md}");
}

#[test]
fn a_real_word_files_recommendations_keep_their_explanations() {
    let p = dossier::ingest::prepare(&fixture("cds-rcmp-design-recommendations-cybercrime.docx"))
        .expect("DOCX read");
    assert_eq!(
        p.meta.title,
        "What must we do to get victims to report cybercrime to law-enforcement?"
    );
    let md = &p.normalized.markdown;
    // Each bold recommendation carries the paragraphs indented under it.
    assert!(
        md.contains("- **Ask specific questions.**\\\n  When people are upset or confused"),
        "{md}"
    );
    assert!(
        md.contains("- **Provide a clear definition of what evidence is.**\\\n  People do not know what police need"),
        "{md}"
    );
}

#[test]
fn a_paragraph_set_like_the_styled_headings_is_one_of_them() {
    // Google Docs exports style some section headings and format others by hand.
    let run = |text: &str, size: u32, bold: bool| {
        let b = if bold { "<w:b/>" } else { "" };
        format!("<w:r><w:rPr>{b}<w:sz w:val=\"{size}\"/></w:rPr><w:t>{text}</w:t></w:r>")
    };
    let heading = |text: &str| {
        format!(
            "<w:p><w:pPr><w:pStyle w:val=\"Heading1\"/></w:pPr>{}</w:p>",
            run(text, 48, false)
        )
    };
    let p = |text: &str, size: u32, bold: bool| format!("<w:p>{}</w:p>", run(text, size, bold));
    let prose = "Victims told us that they did not know where to turn, and that the forms asked for evidence they did not have.";
    let body = [
        heading("1) Victims take small steps to prevent harm"),
        p(prose, 22, false),
        heading("2) Victims cannot explain what happened"),
        p(prose, 22, false),
        p(
            "3) Victims find the reporting process hard to follow",
            48,
            true,
        ),
        p(prose, 22, false),
        p("A bold sentence in body size is no heading", 22, true),
        p(prose, 22, false),
    ]
    .concat();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sections.docx");
    std::fs::write(&path, docx_with_body(&body)).unwrap();
    let md = dossier::ingest::prepare(&path)
        .expect("DOCX read")
        .normalized
        .markdown;
    assert!(
        md.contains("\n## 3) Victims find the reporting process hard to follow\n"),
        "{md}"
    );
    assert!(!md.contains("# A bold sentence"), "{md}");
}
