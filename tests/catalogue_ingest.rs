//! Catalogues through `dossier ingest`: an editor's spreadsheet gives thousands of
//! documents their metadata. Precedence, every kind of problem, partial dates, the round
//! trip through the exported `catalogue.csv`, and re-ingest of only what a changed row
//! reaches. Also: what ingest sets (and refuses to set) on speeches with no catalogue.

mod common;

use std::path::Path;

use common::dossier;
use rust_xlsxwriter::Workbook;

fn site(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

fn doc(root: &Path, slug: &str) -> String {
    let path = root.join("content/documents").join(format!("{slug}.md"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        let have: Vec<_> = std::fs::read_dir(root.join("content/documents"))
            .map(|d| d.map(|e| e.unwrap().file_name()).collect())
            .unwrap_or_default();
        panic!("{}: {e}; documents: {have:?}", path.display())
    })
}

fn run(root: &Path, args: &[&str]) -> (bool, String, String) {
    let out = dossier(root, args);
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const SPEECH: &str = "Mr. President,\n\nAt the outset, I congratulate you on your election. On 11 September 2001 the world changed.\n\nWe stand ready to work with all Member States.\n";

#[test]
fn the_issue_example_works_as_written_with_an_xlsx() {
    let dir = site(&[
        ("seeds/NZL_74_2019.txt", SPEECH),
        ("seeds/EST_74_2019.txt", SPEECH),
        (
            "dossier.yaml",
            r#"catalogues:
  - file: seeds/speakers.xlsx
    sheet: Sheet1
    match: "{ISO Code}_{Session}_{Year}.txt"
    fields:
      title: "{Country}: statement in the General Debate, session {Session} ({Year})"
      date: "{Year}"
      authors: "{Name of Person Speaking}"
      organisations: "{Country}"
      kind: speech
"#,
        ),
    ]);
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("Sheet1").unwrap();
    let header = [
        "Year",
        "Session",
        "ISO Code",
        "Country",
        "Name of Person Speaking",
        "Post",
    ];
    for (c, h) in header.iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    // Numbers as numbers, names with the trailing spaces real sheets have.
    let rows: [(f64, f64, &str, &str, &str); 2] = [
        (2019.0, 74.0, "NZL", "New Zealand ", "Jacinda Ardern "),
        (2019.0, 74.0, "EST", "Estonia", "Kersti Kaljulaid"),
    ];
    for (r, (year, session, iso, country, name)) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        ws.write_number(r, 0, *year).unwrap();
        ws.write_number(r, 1, *session).unwrap();
        ws.write_string(r, 2, *iso).unwrap();
        ws.write_string(r, 3, *country).unwrap();
        ws.write_string(r, 4, *name).unwrap();
        ws.write_string(r, 5, "Prime Minister").unwrap();
    }
    book.save(dir.path().join("seeds/speakers.xlsx")).unwrap();

    let report_path = dir.path().join("report.txt");
    let (ok, _, err) = run(
        dir.path(),
        &["ingest", "--report", report_path.to_str().unwrap()],
    );
    assert!(ok, "{err}");
    let nz = doc(
        dir.path(),
        "new-zealand-statement-in-the-general-debate-session-74-2019",
    );
    assert!(
        nz.contains("title: 'New Zealand: statement in the General Debate, session 74 (2019)'"),
        "{nz}"
    );
    assert!(nz.contains("date: '2019'"), "a year stays a year: {nz}");
    assert!(nz.contains("authors:\n- Jacinda Ardern\n"), "{nz}");
    assert!(nz.contains("organisations:\n- New Zealand\n"), "{nz}");
    assert!(nz.contains("kind: speech"), "{nz}");
    // The salutation is the speech's first line, kept in the body, never its title.
    assert!(nz.contains("\nMr. President,\n"), "{nz}");
    // The catalogue itself is not a document.
    assert_eq!(
        std::fs::read_dir(dir.path().join("content/documents"))
            .unwrap()
            .count(),
        2
    );
    let report = std::fs::read_to_string(dir.path().join("report.txt")).unwrap();
    assert!(
        report.contains("[catalogue: seeds/speakers.xlsx row 2]"),
        "{report}"
    );
    assert!(report.contains("title: 2 of 2 (2 catalogue)"), "{report}");
}

#[test]
fn a_csv_with_dossier_columns_needs_no_mapping_and_dates_stay_partial() {
    let dir = site(&[
        ("seeds/a.txt", "Some text of the first document.\n"),
        ("seeds/b.txt", "Some text of the second document.\n"),
        (
            "seeds/meta.csv",
            "file,title,date,authors,kind\na.txt,First Report ,2019-09,Ann Lee; Bo Chen,report\nb.txt,Second,2020,,speech\n",
        ),
        ("dossier.yaml", "catalogues:\n  - file: seeds/meta.csv\n"),
    ]);
    let (ok, _, err) = run(dir.path(), &["ingest"]);
    assert!(ok, "{err}");
    let a = doc(dir.path(), "first-report");
    assert!(
        a.contains("date: 2019-09\n") || a.contains("date: '2019-09'\n"),
        "{a}"
    );
    assert!(!a.contains("2019-09-01"), "never padded to a made-up day");
    assert!(a.contains("- Ann Lee\n- Bo Chen\n"), "{a}");
    let b = doc(dir.path(), "second");
    assert!(b.contains("date: '2020'"), "{b}");
}

#[test]
fn tsv_catalogues_are_read_too() {
    let dir = site(&[
        ("seeds/x.txt", "Body text.\n"),
        (
            "seeds/meta.tsv",
            "file\ttitle\tplace\nx.txt\tTabbed Title\tGeneva\n",
        ),
        ("dossier.yaml", "catalogues:\n  - file: seeds/meta.tsv\n"),
    ]);
    let (ok, _, err) = run(dir.path(), &["ingest"]);
    assert!(ok, "{err}");
    assert!(doc(dir.path(), "tabbed-title").contains("place: Geneva"));
}

#[test]
fn precedence_sidecar_over_catalogue_over_front_matter_over_text() {
    let dir = site(&[
        (
            "seeds/p.md",
            "---\ntitle: From Front Matter\ndate: 2001-01-01\nauthor: Front Author\nplace: Front Place\n---\n\nVienna, 8 November 2019\n\nBody text here.\n",
        ),
        ("seeds/p.yaml", "title: From Sidecar\n"),
        ("seeds/meta.csv", "file,title,date\np.md,From Catalogue,2005\n"),
        ("dossier.yaml", "catalogues:\n  - file: seeds/meta.csv\n"),
    ]);
    let report_path = dir.path().join("r.txt");
    let (ok, _, err) = run(
        dir.path(),
        &["ingest", "--report", report_path.to_str().unwrap()],
    );
    assert!(ok, "{err}");
    let d = doc(dir.path(), "from-sidecar");
    assert!(d.contains("title: From Sidecar"), "{d}");
    assert!(
        d.contains("date: '2005'"),
        "catalogue over front matter: {d}"
    );
    assert!(d.contains("- Front Author"), "front matter over text: {d}");
    assert!(d.contains("place: Front Place"), "{d}");
    let r = std::fs::read_to_string(dir.path().join("r.txt")).unwrap();
    assert!(r.contains("title: From Sidecar  [sidecar]"), "{r}");
    assert!(
        r.contains("date: 2005  [catalogue: seeds/meta.csv row 2]"),
        "{r}"
    );
    assert!(
        r.contains("authors: Front Author  [source metadata: front matter]"),
        "{r}"
    );
}

#[test]
fn messy_sheets_are_reported_by_catalogue_row_and_column_and_lose_nothing() {
    let files = [
        ("seeds/a.txt", "Text of a.\n"),
        ("seeds/b.txt", "Text of b.\n"),
        ("seeds/lonely.txt", "Geneva, 5 May 2021\n\nA document no row describes.\n"),
        (
            "seeds/meta.csv",
            "file,title,date\na.txt,Alpha,2019\nb.txt,Beta One,2019\nb.txt,Beta Two,2020\nghost.txt,Ghost,2018\n",
        ),
        ("dossier.yaml", "catalogues:\n  - file: seeds/meta.csv\n"),
    ];
    let dir = site(&files);
    let (ok, _, err) = run(dir.path(), &["ingest"]);
    assert!(!ok, "two rows for one seed fail the ingest by default");
    assert!(
        err.contains("seeds/meta.csv: rows 3 and 4") && err.contains("b.txt"),
        "{err}"
    );
    assert!(
        err.contains("ghost.txt") && err.contains("row 5"),
        "a row with no seed: {err}"
    );
    assert!(err.contains("lonely.txt"), "a seed with no row: {err}");
    // The others were ingested all the same; the seed with no row got what its text says.
    assert!(doc(dir.path(), "alpha").contains("title: Alpha"));
    let lonely = std::fs::read_dir(dir.path().join("content/documents"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .find(|t| t.contains("source: lonely.txt"))
        .expect("the seed with no row is ingested");
    assert!(
        lonely.contains("date: 2021-05-05") && lonely.contains("place: Geneva"),
        "{lonely}"
    );
    assert!(
        !dir.path().join("content/documents/beta-one.md").exists(),
        "nothing half-applied"
    );

    let dir = site(&files);
    let (ok, out, err) = run(dir.path(), &["ingest", "--keep-going"]);
    assert!(ok, "--keep-going publishes the rest: {err}");
    assert!(
        err.contains("left out (--keep-going)") && err.contains("b.txt"),
        "{err}"
    );
    assert!(out.contains("2 created"), "{out}");
}

#[test]
fn a_bad_template_or_date_names_the_catalogue_row_and_column() {
    let dir = site(&[
        ("seeds/a.txt", "Text.\n"),
        ("seeds/s.csv", "file,Country\na.txt,Chile\n"),
        (
            "dossier.yaml",
            "catalogues:\n  - file: seeds/s.csv\n    fields:\n      title: \"{Contry}\"\n",
        ),
    ]);
    let (ok, _, err) = run(dir.path(), &["ingest"]);
    assert!(!ok);
    assert!(
        err.contains("seeds/s.csv") && err.contains("Contry") && err.contains("Country"),
        "{err}"
    );

    let dir = site(&[
        ("seeds/a.txt", "Text.\n"),
        ("seeds/s.csv", "file,title,date\na.txt,A,09/10/2019\n"),
        ("dossier.yaml", "catalogues:\n  - file: seeds/s.csv\n"),
    ]);
    let (ok, _, err) = run(dir.path(), &["ingest"]);
    assert!(!ok);
    assert!(
        err.contains("row 2") && err.contains("\"date\"") && err.contains("09/10/2019"),
        "{err}"
    );
}

#[test]
fn the_exported_catalogue_reads_back_and_one_changed_row_reingests_one_document() {
    // The columns `catalogue.csv` is exported with.
    let header = "slug,title,date,kind,organisations,authors,place,language,themes,url,source";
    let row = |src: &str, title: &str| {
        format!(
            "{},{title},2019-11-08,report,OSCE,,Vienna,en,,/documents/x/,{src}\n",
            src.replace(".txt", "")
        )
    };
    let mut csv = format!("{header}\n");
    for k in 0..5 {
        csv.push_str(&row(&format!("d{k}.txt"), &format!("Doc {k}")));
    }
    let mut files: Vec<(String, String)> = (0..5)
        .map(|k| {
            (
                format!("seeds/d{k}.txt"),
                format!("Text of document {k}.\n"),
            )
        })
        .collect();
    files.push(("seeds/catalogue.csv".into(), csv.clone()));
    files.push((
        "dossier.yaml".into(),
        "catalogues:\n  - file: seeds/catalogue.csv\n".into(),
    ));
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let dir = site(&refs);
    let (ok, out, err) = run(dir.path(), &["ingest"]);
    assert!(ok, "{err}");
    assert!(out.contains("5 created"), "{out}");
    let d = doc(dir.path(), "doc-3");
    assert!(
        d.contains("place: Vienna") && d.contains("- OSCE") && d.contains("kind: report"),
        "{d}"
    );

    // Correct one row in the spreadsheet: only its document is made again.
    std::fs::write(
        dir.path().join("seeds/catalogue.csv"),
        csv.replace("Doc 3,2019-11-08", "Doc 3,2019-11-09"),
    )
    .unwrap();
    let (ok, out, err) = run(dir.path(), &["ingest"]);
    assert!(ok, "{err}");
    assert!(out.contains("0 created, 1 updated, 4 unchanged"), "{out}");
    assert!(doc(dir.path(), "doc-3").contains("date: 2019-11-09"));
}

#[test]
fn speeches_without_a_catalogue_get_no_salutation_title_and_no_quoted_date() {
    let dir = site(&[
        ("seeds/NZL_74_2019.txt", SPEECH),
        (
            "seeds/KEN_74_2019.txt",
            "In 1999, in his message for the New Millennium, the late Kofi Annan spoke words that still\nresonate today. We meet on 24 September 2019 in difficult times.\n",
        ),
        (
            "seeds/IRN_74_2019.txt",
            "In the name of God, the Compassionate, the Merciful,\n\nExcellencies, it is an honour to be here.\n",
        ),
    ]);
    let todo_path = dir.path().join("todo.csv");
    let (ok, _, err) = run(
        dir.path(),
        &["ingest", "--attention", todo_path.to_str().unwrap()],
    );
    assert!(ok, "{err}");
    for name in ["nzl-74-2019", "ken-74-2019", "irn-74-2019"] {
        let d = doc(dir.path(), name);
        assert!(!d.contains("\ndate:"), "no date from the prose: {d}");
        assert!(!d.contains("kind: web-page"), "{d}");
    }
    assert!(doc(dir.path(), "nzl-74-2019").contains("kind: speech"));
    assert!(err.contains("no title found"), "{err}");
    // What needs an editor comes out as a catalogue to fill in.
    let todo = std::fs::read_to_string(dir.path().join("todo.csv")).unwrap();
    assert!(todo.starts_with("file,title,date,kind"), "{todo}");
    assert_eq!(todo.lines().count(), 4, "{todo}");
    assert!(todo.contains("NZL_74_2019.txt,,,speech"), "{todo}");
}

#[test]
fn a_document_renamed_after_its_title_is_corrected_leaves_a_redirect() {
    let dir = site(&[(
        "seeds/notes_2019.txt",
        "we met and talked about it.\n\nmore notes here.\n",
    )]);
    let (ok, _, err) = run(dir.path(), &["ingest"]);
    assert!(ok, "{err}");
    assert!(dir.path().join("content/documents/notes-2019.md").is_file());
    // The editor corrects the title: the URL stays, as links to it may exist.
    std::fs::write(
        dir.path().join("seeds/notes_2019.yaml"),
        "title: Paris Call for Trust and Security\n",
    )
    .unwrap();
    let (ok, _, err) = run(dir.path(), &["ingest"]);
    assert!(ok, "{err}");
    assert!(doc(dir.path(), "notes-2019").contains("title: Paris Call for Trust and Security"));
    // Asked to, ingest moves it to its title's slug and remembers the old one.
    let (ok, _, err) = run(dir.path(), &["ingest", "--rename", "notes-2019"]);
    assert!(ok, "{err}");
    assert!(!dir.path().join("content/documents/notes-2019.md").exists());
    let d = doc(dir.path(), "paris-call-for-trust-and-security");
    assert!(d.contains("aliases:\n- notes-2019\n"), "{d}");
    // A later sidecar slug moves it again; both old URLs keep redirecting.
    std::fs::write(
        dir.path().join("seeds/notes_2019.yaml"),
        "title: Paris Call for Trust and Security\nslug: paris-call\n",
    )
    .unwrap();
    let (ok, _, err) = run(dir.path(), &["build"]);
    assert!(ok, "{err}");
    let d = doc(dir.path(), "paris-call");
    assert!(
        d.contains("aliases:\n- notes-2019\n- paris-call-for-trust-and-security\n"),
        "{d}"
    );
    for old in ["notes-2019", "paris-call-for-trust-and-security"] {
        let page = std::fs::read_to_string(
            dir.path()
                .join(format!("public/documents/{old}/index.html")),
        )
        .unwrap();
        assert!(
            page.contains("url=../paris-call/") && page.contains("rel=\"canonical\""),
            "{page}"
        );
    }
    assert!(dir
        .path()
        .join("public/documents/paris-call/index.html")
        .is_file());
    // An unknown slug is a clear error.
    let (ok, _, err) = run(dir.path(), &["ingest", "--rename", "nope"]);
    assert!(!ok && err.contains("--rename nope"), "{err}");
}
