#[path = "catalogue_support/mod.rs"]
mod common;

use common::{ods, seeds, write, xlsx, Cell::*};
use dossier::ingest::catalogue::{load, CatalogueConfig, CatalogueError, Catalogues, Problem};
use serde::Deserialize;
use std::path::Path;

/// The example of the issue, exactly.
const YAML: &str = r#"
catalogues:
  - file: seeds/speakers.xlsx
    sheet: Sheet1
    match: "{ISO Code}_{Session}_{Year}.txt"
    fields:
      title: "{Country}: statement in the General Debate, session {Session} ({Year})"
      date: "{Year}"
      authors: "{Name of Person Speaking}"
      organisations: "{Country}"
      kind: speech
"#;

#[derive(Deserialize)]
struct Site {
    catalogues: Vec<CatalogueConfig>,
}

fn configs(yaml: &str) -> Vec<CatalogueConfig> {
    serde_yaml::from_str::<Site>(yaml).unwrap().catalogues
}

fn config(file: &str) -> CatalogueConfig {
    CatalogueConfig {
        file: file.into(),
        ..Default::default()
    }
}

fn speakers(root: &Path) {
    let header = || {
        [
            "Year",
            "Session",
            "ISO Code",
            "Country",
            "Name of Person Speaking",
            "Post",
        ]
        .map(S)
        .into_iter()
        .collect::<Vec<_>>()
    };
    xlsx(
        &root.join("seeds/speakers.xlsx"),
        &[
            ("Notes", vec![vec![S("nothing to see")]]),
            (
                "Sheet1",
                vec![
                    header(),
                    vec![
                        N(2019.0),
                        N(74.0),
                        S("NZL"),
                        S("New Zealand  "),
                        S("  Jacinda Ardern "),
                        S("Prime Minister"),
                    ],
                    vec![
                        N(2019.0),
                        N(74.0),
                        S("FRA"),
                        S("France"),
                        S("Emmanuel Macron; Jean-Yves Le Drian;"),
                        S("President"),
                    ],
                    vec![Blank, Blank, Blank, Blank, Blank, Blank],
                    vec![
                        N(2018.0),
                        N(73.0),
                        S("BEL"),
                        Blank,
                        S("Charles Michel"),
                        S("Prime Minister"),
                    ],
                ],
            ),
            ("Empty", vec![]),
        ],
    );
}

#[test]
fn the_issue_example_applies_to_xlsx_rows() {
    let dir = tempfile::tempdir().unwrap();
    speakers(dir.path());
    let cats = load(dir.path(), &configs(YAML)).unwrap();
    let row = cats.row_for("NZL_74_2019.txt").unwrap().unwrap();
    assert_eq!(row.row, 2);
    assert_eq!(row.catalogue, Path::new("seeds/speakers.xlsx"));
    let f = &row.fields;
    assert_eq!(
        f.title.as_deref(),
        Some("New Zealand: statement in the General Debate, session 74 (2019)")
    );
    assert_eq!(f.date.as_deref(), Some("2019"));
    assert_eq!(f.authors, ["Jacinda Ardern"]);
    assert_eq!(f.organisations, ["New Zealand"]);
    assert_eq!(f.kind.as_deref(), Some("speech"));
    assert_eq!(f.place, None);

    let fra = cats.row_for("FRA_74_2019.txt").unwrap().unwrap();
    assert_eq!(
        fra.fields.authors,
        ["Emmanuel Macron", "Jean-Yves Le Drian"]
    );
    // Row 4 is blank and skipped; row 5 has no Country: no title, no organisations.
    let bel = cats.row_for("BEL_73_2018.txt").unwrap().unwrap();
    assert_eq!(bel.row, 5);
    assert_eq!(bel.fields.title, None);
    assert!(bel.fields.organisations.is_empty());
    assert_eq!(bel.fields.kind.as_deref(), Some("speech"));

    let files: Vec<&Path> = cats.catalogue_files().collect();
    assert_eq!(files, [dir.path().join("seeds/speakers.xlsx")]);
    assert!(cats.is_catalogue_file("speakers.xlsx"));
    let all = seeds(&[
        "NZL_74_2019.txt",
        "FRA_74_2019.txt",
        "BEL_73_2018.txt",
        "speakers.xlsx",
    ]);
    assert_eq!(cats.problems(&all), []);
    assert_eq!(
        cats.summary(&all),
        "catalogues: 1 file, 3 rows, 3 seeds with a row; no problems"
    );
}

#[test]
fn first_sheet_by_default_and_sheet_errors_name_the_sheets() {
    let dir = tempfile::tempdir().unwrap();
    speakers(dir.path());
    // Default: the first sheet, "Notes", which has no Year column.
    let mut c = configs(YAML).remove(0);
    c.sheet = None;
    let err = load(dir.path(), &[c.clone()]).unwrap_err();
    assert!(matches!(err, CatalogueError::Many(_)), "{err}");
    assert!(err.to_string().contains("no column \"ISO Code\""), "{err}");

    c.sheet = Some("Sheet2".into());
    let err = load(dir.path(), &[c.clone()]).unwrap_err();
    let msg = err.to_string();
    assert!(matches!(err, CatalogueError::MissingSheet { .. }), "{msg}");
    assert!(
        msg.contains(r#"the sheets are "Notes", "Sheet1", "Empty""#),
        "{msg}"
    );

    c.sheet = Some("Empty".into());
    let err = load(dir.path(), &[c.clone()]).unwrap_err();
    assert!(matches!(err, CatalogueError::EmptySheet { .. }), "{err}");
    assert!(
        err.to_string().contains("sheet \"Empty\" is empty"),
        "{err}"
    );

    // Sheet names match ignoring case when only one does.
    c.sheet = Some("sheet1".into());
    assert!(load(dir.path(), &[c]).is_ok());
}

#[test]
fn date_cells_become_iso_dates_and_numbers_print_as_written() {
    let dir = tempfile::tempdir().unwrap();
    xlsx(
        &dir.path().join("seeds/c.xlsx"),
        &[(
            "S",
            vec![
                vec![S("File "), S("Date"), S("End"), S("Score"), S("Id")],
                vec![S("a.txt"), D(2019, 9, 21), S("2019-09"), N(2.5), N(74.0)],
                vec![
                    S("b.txt"),
                    S("21 September 2019"),
                    S("2020"),
                    N(-3.0),
                    N(1e16),
                ],
            ],
        )],
    );
    let yaml = r#"
catalogues:
  - file: seeds/c.xlsx
    match: "{File}"
    fields: { date: "{Date}", end_date: "{End}", summary: "{Score} {Id}", slug: "doc-{Id}" }
"#;
    let cats = load(dir.path(), &configs(yaml)).unwrap();
    let a = &cats.row_for("a.txt").unwrap().unwrap().fields;
    assert_eq!(a.date.as_deref(), Some("2019-09-21"));
    assert_eq!(a.end_date.as_deref(), Some("2019-09"));
    assert_eq!(a.summary.as_deref(), Some("2.5 74"));
    assert_eq!(a.slug.as_deref(), Some("doc-74"));
    let b = &cats.row_for("b.txt").unwrap().unwrap().fields;
    assert_eq!(b.date.as_deref(), Some("2019-09-21"));
    assert_eq!(b.end_date.as_deref(), Some("2020"));
    assert_eq!(b.summary.as_deref(), Some("-3 10000000000000000"));
}

#[test]
fn simple_csv_needs_no_mapping() {
    let dir = tempfile::tempdir().unwrap();
    write(
        &dir.path().join("seeds/catalogue.csv"),
        "\u{feff}file,Title,date,End date,authors,Organizations,tags,notes,source_url\n\
         a.txt, A report ,2019-09,2019-10-01, Ann ; Bob ;;,UN,x;y,ignored,https://e.org/a\n\
         sub/b.txt,B,2018,,,,,,\n",
    );
    let cats = load(dir.path(), &[config("./seeds/catalogue.csv")]).unwrap();
    assert!(cats.is_catalogue_file("catalogue.csv"));
    assert!(!cats.is_catalogue_file("a.txt"));
    let a = cats.row_for("a.txt").unwrap().unwrap();
    assert_eq!(a.fields.title.as_deref(), Some("A report"));
    assert_eq!(a.fields.date.as_deref(), Some("2019-09"));
    assert_eq!(a.fields.end_date.as_deref(), Some("2019-10-01"));
    assert_eq!(a.fields.authors, ["Ann", "Bob"]);
    assert_eq!(a.fields.organisations, ["UN"]);
    assert_eq!(a.fields.tags, ["x", "y"]);
    assert_eq!(a.fields.source_url.as_deref(), Some("https://e.org/a"));
    let b = cats.row_for("sub/b.txt").unwrap().unwrap();
    assert_eq!((b.row, b.fields.date.as_deref()), (3, Some("2018")));
    assert!(b.fields.authors.is_empty());
}

#[test]
fn tsv_with_mapping_and_escaped_braces() {
    let dir = tempfile::tempdir().unwrap();
    write(
        &dir.path().join("meta/list.tsv"),
        "Doc\tName\tWhen\nr1\tAlpha\t2019/09/21\nr2\tBeta\tSeptember 2019\n",
    );
    let yaml = r#"
catalogues:
  - file: meta/list.tsv
    match: "reports/{Doc}.pdf"
    fields:
      title: "{{draft}} {Name}"
      date: "{When}"
      language: en
"#;
    let cats = load(dir.path(), &configs(yaml)).unwrap();
    let r1 = cats.row_for("reports/r1.pdf").unwrap().unwrap();
    assert_eq!(r1.fields.title.as_deref(), Some("{draft} Alpha"));
    assert_eq!(r1.fields.date.as_deref(), Some("2019-09-21"));
    assert_eq!(r1.fields.language.as_deref(), Some("en"));
    let r2 = cats.row_for("reports/r2.pdf").unwrap().unwrap();
    assert_eq!(r2.fields.date.as_deref(), Some("2019-09"));
    // The catalogue is outside seeds/: not a seed name.
    assert!(!cats.is_catalogue_file("list.tsv"));
}

#[test]
fn ods_workbooks_read_like_xlsx() {
    let dir = tempfile::tempdir().unwrap();
    ods(
        &dir.path().join("seeds/c.ods"),
        "Data",
        &[&["Code", "Session", "Title"], &["NZL", "#74", " Speech "]],
    );
    let yaml = "catalogues:\n  - file: seeds/c.ods\n    sheet: Data\n    match: \"{Code}_{Session}.txt\"\n    fields: {title: \"{Title}\"}\n";
    let cats = load(dir.path(), &configs(yaml)).unwrap();
    let row = cats.row_for("NZL_74.txt").unwrap().unwrap();
    assert_eq!(row.fields.title.as_deref(), Some("Speech"));
}

/// The columns of the `catalogue.csv` a site exports.
const EXPORT_HEADER: &str =
    "slug,title,date,kind,organisations,authors,place,language,themes,url,source";

#[test]
fn exported_catalogue_reads_back() {
    let dir = tempfile::tempdir().unwrap();
    write(
        &dir.path().join("site/catalogue.csv"),
        &format!(
            "{EXPORT_HEADER}\n\
             nzl-2019,New Zealand statement,2019-09-27,speech,New Zealand,Jacinda Ardern; Winston Peters,New York,en,cyber; peace,/documents/nzl-2019/,NZL_74_2019.txt\n"
        ),
    );
    let cats = load(dir.path(), &[config("site/catalogue.csv")]).unwrap();
    let row = cats.row_for("NZL_74_2019.txt").unwrap().unwrap();
    let f = &row.fields;
    assert_eq!(f.title.as_deref(), Some("New Zealand statement"));
    assert_eq!(f.date.as_deref(), Some("2019-09-27"));
    assert_eq!(f.kind.as_deref(), Some("speech"));
    assert_eq!(f.organisations, ["New Zealand"]);
    assert_eq!(f.authors, ["Jacinda Ardern", "Winston Peters"]);
    assert_eq!(f.place.as_deref(), Some("New York"));
    assert_eq!(f.language.as_deref(), Some("en"));
    // slug, themes and url are the site's own: ignored.
    assert_eq!(f.slug, None);
    assert!(f.tags.is_empty());
    assert_eq!(cats.problems(&seeds(&["NZL_74_2019.txt"])), []);
}

#[test]
fn no_file_column_and_no_match_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    write(&dir.path().join("c.csv"), "title,date\nA,2019\n");
    let err = load(dir.path(), &[config("c.csv")])
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("no `match:` template and no `file` or `source` column"),
        "{err}"
    );
}

#[test]
fn unknown_column_names_columns_and_suggests() {
    let dir = tempfile::tempdir().unwrap();
    speakers(dir.path());
    let yaml = YAML.replace("{Name of Person Speaking}", "{Name of Speaker}");
    let err = load(dir.path(), &configs(&yaml)).unwrap_err();
    let msg = err.to_string();
    assert!(matches!(err, CatalogueError::UnknownColumn { .. }), "{msg}");
    assert!(msg.contains("seeds/speakers.xlsx: fields.authors: no column \"Name of Speaker\" (did you mean \"Name of Person Speaking\"?)"), "{msg}");
    assert!(msg.contains(r#"the columns are "Year", "Session", "ISO Code", "Country", "Name of Person Speaking", "Post""#), "{msg}");
}

#[test]
fn unknown_field_lists_the_allowed_ones() {
    let dir = tempfile::tempdir().unwrap();
    speakers(dir.path());
    let yaml = YAML.replace("organisations:", "organizations:");
    let err = load(dir.path(), &configs(&yaml)).unwrap_err();
    let msg = err.to_string();
    assert!(matches!(err, CatalogueError::UnknownField { .. }), "{msg}");
    assert!(
        msg.contains(
            "`fields: organizations` is not a dossier field (did you mean \"organisations\"?)"
        ),
        "{msg}"
    );
    assert!(
        msg.contains("title, subtitle, date, end_date, place, organisations, authors"),
        "{msg}"
    );
}

#[test]
fn bad_templates_unreadable_files_and_config_typos() {
    let dir = tempfile::tempdir().unwrap();
    write(&dir.path().join("c.csv"), "file,title\na.txt,A\n");
    let mut c = config("c.csv");
    c.fields.insert("title".into(), "{title".into());
    let err = load(dir.path(), &[c]).unwrap_err().to_string();
    assert!(err.contains("fields.title: a `{` is never closed"), "{err}");

    let err = load(dir.path(), &[config("missing.csv")]).unwrap_err();
    assert!(matches!(err, CatalogueError::Io { .. }), "{err}");
    write(&dir.path().join("c.xlsx"), "not a zip");
    let err = load(dir.path(), &[config("c.xlsx")]).unwrap_err();
    assert!(matches!(err, CatalogueError::Unreadable { .. }), "{err}");
    let err = load(dir.path(), &[config("c.txt")]).unwrap_err();
    assert!(matches!(err, CatalogueError::UnknownFormat { .. }), "{err}");
    let mut c = config("c.csv");
    c.sheet = Some("x".into());
    assert!(matches!(
        load(dir.path(), &[c]).unwrap_err(),
        CatalogueError::SheetForText { .. }
    ));

    let typo = "catalogues:\n  - file: a.csv\n    fileds: {}\n";
    assert!(serde_yaml::from_str::<Site>(typo).is_err());
    // Unquoted YAML scalars are taken as text.
    let c = &configs("catalogues:\n  - file: a.csv\n    fields: {date: 2019, kind: speech}\n")[0];
    assert_eq!(c.fields["date"], "2019");
}

fn problem_site(root: &Path) -> Catalogues {
    write(
        &root.join("seeds/meta.csv"),
        "file,title,date\n\
         a.txt,A,2019-09-21\n\
         dup.txt,First,2019\n\
         ghost.txt,Ghost,2019\n\
         dup.txt,Second,2020\n\
         bad.txt,Bad,09/10/2019\n\
         ,Keyless,2019\n\
         Case.TXT,Case,2019\n",
    );
    load(root, &[config("seeds/meta.csv")]).unwrap()
}

#[test]
fn every_row_and_seed_problem_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let cats = problem_site(dir.path());
    let all = seeds(&[
        "a.txt",
        "dup.txt",
        "bad.txt",
        "case.txt",
        "lonely.txt",
        "meta.csv",
    ]);

    // a.txt applies; case.txt falls back to Case.TXT without a problem.
    assert!(cats.row_for("a.txt").unwrap().is_some());
    assert_eq!(cats.row_for("case.txt").unwrap().unwrap().row, 8);
    assert_eq!(cats.row_for("lonely.txt"), Ok(None));

    // Duplicates: neither row applies.
    let dup = cats.row_for("dup.txt").unwrap_err();
    assert_eq!(
        dup.to_string(),
        "seeds/meta.csv: rows 3 and 5, column \"file\": all match seed \"dup.txt\"; none is applied\n  hint: delete or correct all but one of them"
    );
    assert_eq!(cats.fingerprint_for("dup.txt"), None);

    // Bad date: the row is not applied at all (not even its title).
    let bad = cats.row_for("bad.txt").unwrap_err();
    assert_eq!(
        bad.to_string(),
        "seeds/meta.csv: row 6, column \"date\": date \"09/10/2019\" is not a date I can read: the order of day and month is ambiguous (write the year first: YYYY-MM-DD); the row is not applied\n  hint: write 2019-09-21, 2019-09 or 2019 (or 21 September 2019)"
    );

    let problems = cats.problems(&all);
    let text: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
    let kinds: Vec<&str> = problems.iter().map(Problem::kind).collect();
    assert_eq!(
        kinds,
        [
            "no-seed",
            "bad-date",
            "missing-key",
            "duplicate-rows",
            "no-row"
        ],
        "{text:#?}"
    );
    assert_eq!(
        text[0],
        "seeds/meta.csv: row 4, column \"file\": no seed file \"ghost.txt\" in seeds/; the row is not used\n  hint: correct the row, add the file, or delete the row"
    );
    assert_eq!(
        text[2],
        "seeds/meta.csv: row 7, column \"file\": empty, but the match template needs it; the row is not used\n  hint: fill in the cell or delete the row"
    );
    assert_eq!(
        text[4],
        "seeds/lonely.txt: no catalogue row matches this seed\n  hint: add a row whose match gives \"lonely.txt\", or correct the row meant for it"
    );
    assert_eq!(
        cats.summary(&all),
        "catalogues: 1 file, 7 rows, 2 seeds with a row; problems: 1 seed(s) with no catalogue row, 1 row(s) with no seed, 1 seed(s) with duplicate rows, 1 unreadable date(s), 1 row(s) with an empty match column"
    );
}

#[test]
fn case_fallback_shared_by_two_seeds_and_conflicting_catalogues() {
    let dir = tempfile::tempdir().unwrap();
    write(
        &dir.path().join("one.csv"),
        "file,title\nA.txt,A\nboth.txt,One\n",
    );
    write(&dir.path().join("two.csv"), "source,title\nboth.txt,Two\n");
    let cats = load(dir.path(), &[config("one.csv"), config("two.csv")]).unwrap();
    let p = cats.problems(&seeds(&["a.txt", "A.TXT", "both.txt"]));
    let text: Vec<String> = p.iter().map(|p| p.to_string()).collect();
    assert_eq!(text.len(), 2, "{text:#?}");
    assert_eq!(text[0], "one.csv: row 2: matched by several seeds differing only in case: A.TXT, a.txt\n  hint: give each seed its own row, spelled exactly as its file name");
    assert_eq!(text[1], "seeds/both.txt: matched by one.csv row 3 and two.csv row 2; none is applied\n  hint: keep the seed in one catalogue only");
    // An exact match wins over the fallback.
    write(
        &dir.path().join("three.csv"),
        "file,title\nx.txt,lower\nX.txt,upper\n",
    );
    let cats = load(dir.path(), &[config("three.csv")]).unwrap();
    assert_eq!(
        cats.row_for("X.txt")
            .unwrap()
            .unwrap()
            .fields
            .title
            .as_deref(),
        Some("upper")
    );
    assert!(
        cats.row_for("x.TXT").is_err(),
        "two rows match ignoring case"
    );
}

#[test]
fn fingerprint_changes_only_for_the_changed_row() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.csv");
    write(&path, "file,title,authors\na.txt,A,X;Y\nb.txt,B,Z\n");
    let before = load(dir.path(), &[config("c.csv")]).unwrap();
    // Reorder rows and change b's authors; a's resolved fields are the same.
    write(&path, "file,title,authors\nb.txt,B,Z;W\na.txt, A ,X; Y\n");
    let after = load(dir.path(), &[config("c.csv")]).unwrap();
    assert_eq!(
        before.fingerprint_for("a.txt"),
        after.fingerprint_for("a.txt")
    );
    assert_ne!(
        before.fingerprint_for("b.txt"),
        after.fingerprint_for("b.txt")
    );
    assert!(after.fingerprint_for("a.txt").is_some());
    assert_eq!(after.fingerprint_for("zzz.txt"), None);
}

#[test]
fn no_catalogues_no_problems() {
    let cats = load(Path::new("."), &[]).unwrap();
    assert!(cats.is_empty());
    assert_eq!(cats.problems(&seeds(&["a.txt"])), []);
    assert_eq!(cats.row_for("a.txt"), Ok(None));
}

#[test]
fn several_broken_catalogues_report_every_error() {
    let dir = tempfile::tempdir().unwrap();
    let err = load(dir.path(), &[config("a.csv"), config("b.xlsx")]).unwrap_err();
    let CatalogueError::Many(all) = err else {
        panic!("{err}")
    };
    assert_eq!(all.len(), 2);
}
