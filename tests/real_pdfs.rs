//! Real reports and speeches as their publishers print them (tests/fixtures/pdf/real, see
//! its README): the metadata an editor would write, every word kept, notes linked.

use std::path::PathBuf;

fn prepare(name: &str) -> dossier::ingest::Prepared {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/pdf/real")
        .join(name);
    dossier::ingest::prepare(&path).expect("PDF read")
}

#[test]
fn a_committee_report_links_all_its_notes() {
    let p = prepare("us-senate-psi-equifax-2019.pdf");
    // The cover's lines, merged into one long line set large, do not hide the title.
    assert_eq!(
        p.meta.title,
        "How Equifax Neglected Cybersecurity and Suffered a Devastating Data Breach"
    );
    assert_eq!(p.meta.subtitle.as_deref(), Some("Staff Report"));
    assert_eq!(p.meta.kind.as_deref(), Some("report"));
    let md = &p.normalized.markdown;
    // Notes 1 to 588, each defined once; markers after a full stop and before a bracket
    // ("2017.453)") and notes opening with a citation ("15 U.S.C.") among them.
    for n in 1..=588 {
        assert_eq!(
            md.matches(&format!("\n[^{n}]: ")).count(),
            1,
            "note {n} is not linked once"
        );
    }
    assert!(md.contains("2017.[^453])"), "{md}");
    assert!(md.contains("[^43]: 15 U.S.C. § 1681"), "{md}");
}

#[test]
fn a_parliamentary_report_under_a_letterhead_keeps_its_title_and_every_word() {
    let p = prepare("sn-an-rapport-commission-lois-plo-10-2024.pdf");
    assert_eq!(
        p.meta.title,
        "Rapport fait au nom de la Commission des Lois, de la Décentralisation, du travail et des droits humains"
    );
    assert_eq!(p.meta.kind.as_deref(), Some("report"));
    assert!(
        p.meta.subtitle.as_deref().is_some_and(|s| s
            .starts_with("Sur la proposition de loi organique n°10/2024")
            && s.ends_with("portant Règlement intérieur de l’Assemblée nationale")),
        "{:?}",
        p.meta.subtitle
    );
    let md = &p.normalized.markdown;
    // The line that repeats the end of the title is the end of a sentence, not a cover.
    assert!(
        md.contains("des non-inscrits présents à l’Assemblée nationale."),
        "{md}"
    );
    assert!(
        md.contains("dans le personnel de l’Assemblée nationale."),
        "{md}"
    );
}

#[test]
fn a_speech_under_a_letterhead_is_titled_and_its_salutations_are_text() {
    let p = prepare("sn-discours-focac-beijing-2024-09-05.pdf");
    assert_eq!(
        p.meta.title,
        "Discours de son Excellence Monsieur Bassirou Diomaye Diakhar Faye, Président de la République du Sénégal"
    );
    assert_eq!(p.meta.kind.as_deref(), Some("speech"));
    assert_eq!(p.meta.place.as_deref(), Some("Beijing"));
    assert_eq!(
        p.meta.date.map(|d| d.to_string()).as_deref(),
        Some("2024-09-05")
    );
    let md = &p.normalized.markdown;
    assert!(md.contains("\nSeul le prononcé fait foi\n"), "{md}");
    assert!(
        md.contains(
            "\nExcellence, Monsieur Xi Jinping, Président de la République populaire de Chine,"
        ),
        "{md}"
    );
    assert!(!md.contains("## Excellence"), "{md}");
}

#[test]
fn an_eu_regulations_numbered_paragraphs_and_broken_words_read_whole() {
    let p = prepare("eu-gdpr-regulation-2016-679.pdf");
    // The act is titled as the file names it (the text's title line runs too long to be
    // a title block's; "Whereas:" opens the recitals), with the spaces and punctuation
    // its first page prints (the file's title has "2016/ 679", "Council - of 27 April 2016 -
    // on"), and dated by its adoption.
    assert_eq!(
        p.meta.title,
        "REGULATION (EU) 2016/679 OF THE EUROPEAN PARLIAMENT AND OF THE COUNCIL of 27 April \
         2016 on the protection of natural persons with regard to the processing of personal \
         data and on the free movement of such data, and repealing Directive 95/46/EC \
         (General Data Protection Regulation)"
    );
    assert_eq!(
        p.meta.date.map(|d| d.to_string()).as_deref(),
        Some("2016-04-27")
    );
    let md = &p.normalized.markdown;
    // Article 1's paragraphs, numbered in the margin, are a list, not one-row tables.
    assert!(
        md.contains("\n1. This Regulation lays down rules relating to the protection of natural persons with regard to the processing of personal data"),
        "{md}"
    );
    assert!(md.matches("\n| ").count() < 10, "{md}");
    // A recital's sentence goes on over its hanging indent.
    assert!(
        md.contains("processing of their personal data should, whatever their nationality"),
        "{md}"
    );
    // Words broken by soft hyphens at line ends are whole.
    for word in [
        "technologically neutral",
        "administrative",
        "representative",
    ] {
        assert!(md.contains(word), "{word}");
    }
    for broken in ["technolo gically", "adminis trative", "rep resentative"] {
        assert!(!md.contains(broken), "{broken}");
    }
}

#[test]
fn three_columns_set_one_em_apart_read_column_by_column() {
    let p = prepare("federal-register-2020-17221.pdf");
    // The agency's letterhead, the CFR part, the docket and the RIN are masthead; the
    // Register's section name is a label.
    assert_eq!(
        p.meta.title,
        "Airworthiness Directives; The Boeing Company Airplanes"
    );
    assert_eq!(p.meta.subtitle.as_deref(), Some("Proposed Rules"));
    // (Lines a narrow column ends early are kept as line breaks: read past them.)
    let md = &p.normalized.markdown.replace("\\\n", " ");
    // Page 2's first column, read down, not across the three.
    assert!(
        md.contains("Hatta International Airport in Jakarta, Indonesia, resulting in 189 fatalities. Investigation of the accident has been completed by the Indonesian authorities"),
        "{md}"
    );
    assert!(
        !md.contains("the FAA issued recorders, as summarized"),
        "a line read across two columns"
    );
}

#[test]
fn an_alerts_sidebar_is_read_apart_and_its_title_follows_the_notice() {
    let p = prepare("fbi-flash-apt10-2019.pdf");
    assert_eq!(
        p.meta.title,
        "Chinese APT10 intrusion activities target Government, Cloud-Computing Managed Service Providers and Customer networks worldwide"
    );
    assert_eq!(
        p.meta.date.map(|d| d.to_string()).as_deref(),
        Some("2019-01-02")
    );
    let md = &p.normalized.markdown;
    // The summary reads on; the contact box beside it does not cut into it.
    assert!(
        md.contains("This group heavily targets managed service providers (MSP) who provide cloud computing services;"),
        "{md}"
    );
    assert!(
        md.contains("you are assisting in sharing information that allows the FBI to track malicious actors"),
        "{md}"
    );
}

#[test]
fn a_resolutions_notes_are_all_linked_past_a_marker_set_apart() {
    let p = prepare("un-ga-A_RES_78_213.pdf");
    assert_eq!(p.meta.kind.as_deref(), Some("resolution"));
    let md = &p.normalized.markdown;
    for n in 1..=16 {
        assert_eq!(
            md.matches(&format!("\n[^{n}]: ")).count(),
            1,
            "note {n} is not linked once"
        );
    }
    // "on 17 March 2023,10" ends a line; "Summit, 11 and" sets its marker apart.
    assert!(md.contains("17 March 2023,[^10]"), "{md}");
    assert!(md.contains("the Summit,[^11] and"), "{md}");
    // The paragraph cut by page 2's notes reads on.
    assert!(
        md.contains("adequate safeguards in order to promote a free, open, universal"),
        "{md}"
    );
}

#[test]
fn an_arabic_laws_lines_read_right_to_left() {
    let p = prepare("eg-official-gazette-law-8-2022-hotels.pdf");
    assert_eq!(p.meta.title, "قانون رقم 8 لسنة 2022");
    assert_eq!(p.meta.language.as_deref(), Some("ar"));
    let md = &p.normalized.markdown;
    // Numbers inside a line stay where the sentence reads them.
    assert!(md.contains("الصادر بالقانون رقم 43 لسنة 1979"), "{md}");
    // The enacting formula and the first article stay in the body.
    assert!(md.contains("باسم الشعب"), "{md}");
    assert!(p
        .meta
        .subtitle
        .as_deref()
        .is_none_or(|s| !s.contains("باسم الشعب")));
}

#[test]
fn a_un_summary_under_an_old_masthead_in_capitals_is_titled_by_its_summary_line() {
    let p = prepare("un-hrc-A_HRC_WG.6_7_SVN_3.pdf");
    // "UNITED NATIONS", "Distr." / "GENERAL", the symbol, "HUMAN RIGHTS COUNCIL", the
    // Working Group over "Seventh session" and "Geneva, 8-19 February 2010" are masthead:
    // the title is the summary's own line, in capitals made readable, run over three lines.
    assert_eq!(
        p.meta.title,
        "Summary Prepared by the Office of the High Commissioner for Human Rights, in \
         Accordance with Paragraph 15 (c) of the Annex to Human Rights Council Resolution 5/1"
    );
    assert_eq!(p.meta.subtitle, None);
    assert_eq!(
        p.meta.date.map(|d| d.to_string()).as_deref(),
        Some("2009-11-12")
    );
    let md = &p.normalized.markdown;
    // The Geneva job number is page furniture, reported; the masthead's letter is no heading.
    assert!(!md.contains("GE.09-17008"), "{md}");
    assert!(p
        .normalized
        .dropped
        .iter()
        .any(|d| d.rule == "UN document job number or barcode" && d.text == "GE.09-17008"));
    assert!(!md.contains("## A\n"), "{md}");
}

#[test]
fn a_un_decision_is_titled_by_its_number_not_by_the_sessions_dates() {
    let p = prepare("un-hrc-A_HRC_DEC_59_112.pdf");
    assert_eq!(
        p.meta.title,
        "Outcome of the universal periodic review: Slovenia"
    );
    assert_eq!(
        p.meta.date.map(|d| d.to_string()).as_deref(),
        Some("2025-07-02")
    );
    assert_eq!(p.meta.kind.as_deref(), Some("resolution"));
    // Adopted by the Council, not the General Assembly whose masthead it carries.
    assert_eq!(p.meta.organisations, ["UN Human Rights Council"]);
    // The session's dates stay in the text, where the masthead prints them.
    assert!(p.normalized.markdown.contains("16 June–8 July 2025"));
}

#[test]
fn an_old_security_council_report_has_its_title_and_whole_sections() {
    let p = prepare("un-sc-S_1995_105.pdf");
    // The masthead's lines ("UNITED" / "NATIONS", "ORIGINAL: ENGLISH") are no title, and
    // the title's two lines in capitals are one.
    assert_eq!(
        p.meta.title,
        "Report of the Secretary-General on the Situation in Tajikistan"
    );
    assert_eq!(p.meta.subtitle, None);
    assert_eq!(
        p.meta.date.map(|d| d.to_string()).as_deref(),
        Some("1995-02-04")
    );
    let md = &p.normalized.markdown;
    // The first section keeps its heading; a sentence at a line's start in the middle of
    // a paragraph is no heading.
    assert!(md.contains("## I. INTRODUCTION\n"), "{md}");
    assert!(
        md.contains("UNMOT holds weekly coordination meetings with the representatives of United Nations agencies"),
        "{md}"
    );
    assert!(!md.contains("# UNMOT holds"), "{md}");
    // Page furniture: the third row of each page's header ("Page 2", under the symbol and
    // "English"), the job number's print date on a line of its own, "/..." (continued
    // overleaf).
    for furniture in ["Page 2", "Page 3", "040295", "/..."] {
        assert!(!md.contains(furniture), "{furniture:?} left in:\n{md}");
    }
}

#[test]
fn a_summary_keeps_its_cover_title_and_its_symbol_font_bullets() {
    let p = prepare("us-copyright-office-dmca-summary-1998.pdf");
    // The cover's title, which the running header repeats small, is the title.
    assert_eq!(p.meta.title, "The Digital Millennium Copyright Act of 1998");
    let md = &p.normalized.markdown;
    // Wingdings bullets read as "!" beside each item: a list, whole, no table or heading.
    assert!(
        md.contains("- Title II, the “Online Copyright Infringement Liability Limitation Act,” creates limitations on the liability of online service providers for copyright infringement"),
        "{md}"
    );
    assert!(!md.contains("| !"), "{md}");
    assert!(!md.contains("# !"), "{md}");
}

#[test]
fn a_court_decision_is_titled_by_its_case_and_dated_by_its_sitting() {
    let p = prepare("echr-petlyovanyy-v-ukraine-2014-decision.pdf");
    // "FIFTH SECTION" and "DECISION", in the largest type, say whose and what it is.
    assert_eq!(p.meta.title, "Petro Yakovych PETLYOVANYY against Ukraine");
    assert_eq!(p.meta.subtitle.as_deref(), Some("Decision"));
    assert_eq!(p.meta.kind.as_deref(), Some("judgment"));
    // "... (Fifth Section), sitting on 30 September 2014 as a Chamber": not the file's date.
    assert_eq!(
        p.meta.date.map(|d| d.to_string()).as_deref(),
        Some("2014-09-30")
    );
    let md = &p.normalized.markdown;
    assert!(md.contains("Application no. 54904/08"), "{md}");
    assert!(
        md.contains("sitting on 30 September 2014 as a Chamber"),
        "{md}"
    );
}
