//! Real UN documents as the UN publishes them (tests/fixtures/pdf/un, see its README):
//! the metadata an editor would write, and a body without the masthead's page furniture.

use std::path::PathBuf;

fn prepare(name: &str) -> dossier::ingest::Prepared {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/pdf/un")
        .join(name);
    dossier::ingest::prepare(&path).expect("PDF read")
}

#[test]
fn a_general_assembly_resolution_has_its_title_date_and_a_clean_body() {
    let p = prepare("A_RES_78_265.pdf");
    let m = &p.meta;
    assert_eq!(
        m.title,
        "Seizing the opportunities of safe, secure and trustworthy artificial intelligence systems for sustainable development"
    );
    // The adoption date, not the distribution date (1 April) or the file's.
    assert_eq!(m.date.map(|d| d.to_string()).as_deref(), Some("2024-03-21"));
    assert_eq!(m.kind.as_deref(), Some("resolution"));
    assert_eq!(m.organisations, ["UN General Assembly"]);
    // The Info dictionary names whoever typed the file; the pages never do.
    assert!(m.authors.is_empty(), "{:?}", m.authors);
    assert!(m.source_meta.contains_key("pdf_author"));
    // The symbol, set in the masthead and the running header, is how it is cited.
    assert_eq!(
        m.source_meta.get("symbol").and_then(|v| v.as_str()),
        Some("A/RES/78/265")
    );

    let md = &p.normalized.markdown;
    // Running headers (the title's second line beside the symbol, on mirrored pages),
    // the job number, the barcode and the footnote rule are page furniture.
    for furniture in [
        "intelligence systems for sustainable development\n",
        "intelligence systems for sustainable development A/RES/78/265",
        "A/RES/78/265\n",
        "24-05969",
        "*2405969*",
        "____",
    ] {
        assert!(!md.contains(furniture), "{furniture:?} left in:\n{md}");
    }
    // The masthead stays as text, not as sections of the document.
    for line in md.lines().filter(|l| l.starts_with('#')) {
        for masthead in [
            "United Nations",
            "General Assembly",
            "session",
            "Integrated and coordinated",
        ] {
            assert!(
                !line.contains(masthead),
                "masthead line as a heading: {line}"
            );
        }
    }
    assert!(md.contains("\nGeneral Assembly\n"), "{md}");
    // Operative paragraphs split by a page break are whole again.
    assert!(
        md.contains("Encourages all Member States, where appropriate, in line with their national priorities"),
        "{md}"
    );
}

#[test]
fn a_draft_resolution_is_titled_by_its_title_not_its_committee_or_sponsors() {
    let p = prepare("A_C.1_80_L.41.pdf");
    let m = &p.meta;
    assert_eq!(m.title, "Lethal autonomous weapons systems");
    assert_eq!(m.kind.as_deref(), Some("draft-resolution"));
    assert_eq!(m.date.map(|d| d.to_string()).as_deref(), Some("2025-10-14"));
    assert!(m.authors.is_empty(), "{:?}", m.authors);
    let md = &p.normalized.markdown;
    assert!(
        md.contains("Tonga and Venezuela (Bolivarian Republic of): draft resolution"),
        "{md}"
    );
    assert!(
        md.contains("Recalling its resolutions 78/241 of 22 December 2023"),
        "{md}"
    );
}

#[test]
fn a_resolutions_footnotes_are_linked_to_their_markers() {
    let p = prepare("A_RES_78_265.pdf");
    let md = &p.normalized.markdown;
    assert!(
        md.contains("Universal Declaration of Human Rights,[^1]"),
        "{md}"
    );
    assert!(md.contains("[^1]: Resolution 217 A (III)."), "{md}");
    assert!(md.contains("[^3]: Ibid."), "{md}");
    // Every note of the resolution, including markers after a year and a comma
    // ("2021,6"), a semicolon ("2011;8") or a space ("Development, ¹⁰").
    for n in 1..=10 {
        assert!(
            md.contains(&format!("\n[^{n}]: ")),
            "note {n} unlinked:\n{md}"
        );
    }
    assert!(
        md.contains("23 November 2021,[^6] its implementation plan"),
        "{md}"
    );
    assert!(md.contains("[^7]: A/HRC/17/31, annex."), "{md}");
    assert!(md.contains("Sustainable Development,[^10] further"), "{md}");
    // Operative paragraph 4, cut by the page's notes, reads on.
    assert!(
        md.contains("towards inclusive and equitable access to the benefits"),
        "{md}"
    );
}
