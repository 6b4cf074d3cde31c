//! Catalogues: spreadsheets (CSV, TSV, XLSX, XLS, XLSB, ODS) that hold metadata for the
//! seed documents beside them, declared in `dossier.yaml`:
//!
//! ```yaml
//! catalogues:
//!   - file: seeds/speakers.xlsx
//!     sheet: Sheet1                                # workbooks only; default: first sheet
//!     match: "{ISO Code}_{Session}_{Year}.txt"     # the seed's path relative to seeds/
//!     fields:
//!       title: "{Country}: statement in the General Debate, session {Session} ({Year})"
//!       date: "{Year}"
//!       kind: speech                               # a constant
//! ```
//!
//! Without `match`, a `file` column (else a `source` column) names the seed; without
//! `fields`, every column named like a dossier field is one (so the `catalogue.csv` a
//! site exports reads back as is; [`EXPORT_ONLY_COLUMNS`] are ignored).
//!
//! Rules:
//! * Cells are trimmed; numbers read as written (`74`, not `74.0`); date cells become ISO
//!   dates; error cells (`#N/A`) count as empty.
//! * A field template that reads an empty cell gives no value for that field (a constant
//!   always gives its value). A match template that reads an empty cell gives no key:
//!   [`Problem::MissingKey`].
//! * Multi-valued fields (`authors`, `organisations`, `tags`) split on `;`, each value
//!   trimmed, empty ones dropped.
//! * `date` and `end_date` go through [`parse_date`] and stay partial.
//! * Nothing is half-applied: a row with any bad value is not applied at all.
//! * Matching: a seed (its path relative to `seeds/`, `/`-separated) takes the row whose
//!   key equals it exactly; when none does, the one row whose key equals it ignoring
//!   case (Unicode lowercase), with no problem reported. Two rows for one seed: neither
//!   is applied ([`Problem::DuplicateRows`]).

mod date;
mod table;
mod template;

pub use date::parse_date;
pub use table::EXTENSIONS;

use serde::Deserialize;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};
use table::{ReadError, Table};
use template::{Compiled, Template};

/// The dossier fields a catalogue may fill.
pub const FIELDS: &[&str] = &[
    "title",
    "subtitle",
    "date",
    "end_date",
    "place",
    "organisations",
    "authors",
    "kind",
    "language",
    "summary",
    "source_url",
    "tags",
    "slug",
];

/// Fields holding several values, written `a; b; c` in a cell.
pub const MULTI_VALUED: &[&str] = &["organisations", "authors", "tags"];

/// Columns of the exported `catalogue.csv` that a catalogue without `fields` ignores
/// quietly (the site computes them). `slug` can still be set through `fields`.
pub const EXPORT_ONLY_COLUMNS: &[&str] = &["slug", "themes", "url", "words"];

/// Columns that name the seed when there is no `match` template, in order of preference.
pub const KEY_COLUMNS: &[&str] = &["file", "source"];

/// One entry of `catalogues:` in `dossier.yaml`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogueConfig {
    /// The spreadsheet, relative to the site root.
    pub file: PathBuf,
    /// The sheet of a workbook (default: the first).
    #[serde(default)]
    pub sheet: Option<String>,
    /// Template giving a row's seed path relative to `seeds/` (default `{file}`, else
    /// `{source}`).
    #[serde(default, rename = "match")]
    pub r#match: Option<String>,
    /// Dossier field → template (default: every column named like a field).
    #[serde(default, deserialize_with = "scalar_map")]
    pub fields: BTreeMap<String, String>,
}

/// YAML reads `date: 2019` or `draft: true` as non-strings: take any scalar as text.
fn scalar_map<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<BTreeMap<String, String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Scalar {
        S(String),
        I(i64),
        F(f64),
        B(bool),
    }
    let map = Option::<BTreeMap<String, Scalar>>::deserialize(d)?.unwrap_or_default();
    Ok(map
        .into_iter()
        .map(|(k, v)| {
            let v = match v {
                Scalar::S(s) => s,
                Scalar::I(i) => i.to_string(),
                Scalar::F(f) => table::float_text(f),
                Scalar::B(b) => b.to_string(),
            };
            (k, v)
        })
        .collect())
}

/// The values a row gives a document; `None`/empty means "not set by the catalogue".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CatalogueFields {
    pub title: Option<String>,
    pub subtitle: Option<String>,
    /// Partial ISO date: `2019`, `2019-09` or `2019-09-21`.
    pub date: Option<String>,
    pub end_date: Option<String>,
    pub place: Option<String>,
    pub organisations: Vec<String>,
    pub authors: Vec<String>,
    pub kind: Option<String>,
    pub language: Option<String>,
    pub summary: Option<String>,
    pub source_url: Option<String>,
    pub tags: Vec<String>,
    pub slug: Option<String>,
}

impl CatalogueFields {
    fn set(&mut self, field: &str, value: String) {
        let split = |v: &str| -> Vec<String> {
            v.split(';')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect()
        };
        match field {
            "title" => self.title = Some(value),
            "subtitle" => self.subtitle = Some(value),
            "date" => self.date = Some(value),
            "end_date" => self.end_date = Some(value),
            "place" => self.place = Some(value),
            "organisations" => self.organisations = split(&value),
            "authors" => self.authors = split(&value),
            "kind" => self.kind = Some(value),
            "language" => self.language = Some(value),
            "summary" => self.summary = Some(value),
            "source_url" => self.source_url = Some(value),
            "tags" => self.tags = split(&value),
            "slug" => self.slug = Some(value),
            _ => unreachable!("field names are checked at load"),
        }
    }

    /// SHA-256 over every field, name and value, in a fixed order.
    pub fn fingerprint(&self) -> [u8; 32] {
        let mut h = Sha256::new();
        let mut put = |name: &str, values: &[&str]| {
            h.update(name.as_bytes());
            h.update([0]);
            for v in values {
                h.update((v.len() as u64).to_le_bytes());
                h.update(v.as_bytes());
            }
            h.update([1]);
        };
        fn one(v: &Option<String>) -> Vec<&str> {
            v.as_deref().map(|s| vec![s]).unwrap_or_default()
        }
        fn many(v: &[String]) -> Vec<&str> {
            v.iter().map(String::as_str).collect()
        }
        put("title", &one(&self.title));
        put("subtitle", &one(&self.subtitle));
        put("date", &one(&self.date));
        put("end_date", &one(&self.end_date));
        put("place", &one(&self.place));
        put("organisations", &many(&self.organisations));
        put("authors", &many(&self.authors));
        put("kind", &one(&self.kind));
        put("language", &one(&self.language));
        put("summary", &one(&self.summary));
        put("source_url", &one(&self.source_url));
        put("tags", &many(&self.tags));
        put("slug", &one(&self.slug));
        h.finalize().into()
    }
}

/// A row that applies to a seed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogueRow {
    /// The catalogue file as configured (relative to the site root).
    pub catalogue: PathBuf,
    /// 1-based spreadsheet row (the header is row 1).
    pub row: usize,
    /// The seed path the match template gave.
    pub key: String,
    pub fields: CatalogueFields,
}

/// A problem with one row or one seed. The rest of the catalogue still applies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// A seed that no row matches.
    NoRow { seed: String },
    /// A row whose key names no seed.
    NoSeed {
        catalogue: PathBuf,
        row: usize,
        /// The columns of the match template.
        column: String,
        key: String,
    },
    /// Several rows of one catalogue match one seed: none is applied.
    DuplicateRows {
        catalogue: PathBuf,
        rows: Vec<usize>,
        column: String,
        seed: String,
    },
    /// Rows of several catalogues match one seed: none is applied.
    ConflictingCatalogues {
        seed: String,
        rows: Vec<(PathBuf, usize)>,
    },
    /// One row matched (ignoring case) by several seeds.
    SharedRow {
        catalogue: PathBuf,
        row: usize,
        seeds: Vec<String>,
    },
    /// A `date`/`end_date` value that is not a date: the row is not applied.
    BadDate {
        catalogue: PathBuf,
        row: usize,
        /// The columns of the field's template, or `(a constant)`.
        column: String,
        field: String,
        value: String,
        reason: String,
    },
    /// A row whose match template reads an empty cell: it matches no seed.
    MissingKey {
        catalogue: PathBuf,
        row: usize,
        column: String,
    },
}

impl Problem {
    /// Short kind names, in the order [`Catalogues::summary`] counts them.
    pub const KINDS: &'static [(&'static str, &'static str)] = &[
        ("no-row", "seed(s) with no catalogue row"),
        ("no-seed", "row(s) with no seed"),
        ("duplicate-rows", "seed(s) with duplicate rows"),
        ("conflicting-catalogues", "seed(s) in several catalogues"),
        ("shared-row", "row(s) matched by several seeds"),
        ("bad-date", "unreadable date(s)"),
        ("missing-key", "row(s) with an empty match column"),
    ];

    pub fn kind(&self) -> &'static str {
        match self {
            Problem::NoRow { .. } => "no-row",
            Problem::NoSeed { .. } => "no-seed",
            Problem::DuplicateRows { .. } => "duplicate-rows",
            Problem::ConflictingCatalogues { .. } => "conflicting-catalogues",
            Problem::SharedRow { .. } => "shared-row",
            Problem::BadDate { .. } => "bad-date",
            Problem::MissingKey { .. } => "missing-key",
        }
    }
}

fn rows_text(rows: &[usize]) -> String {
    let mut s: Vec<String> = rows.iter().map(|r| r.to_string()).collect();
    let last = s.pop().unwrap_or_default();
    if s.is_empty() {
        last
    } else {
        format!("{} and {last}", s.join(", "))
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::NoRow { seed } => write!(
                f,
                "seeds/{seed}: no catalogue row matches this seed\n  hint: add a row whose match gives {seed:?}, or correct the row meant for it"
            ),
            Problem::NoSeed { catalogue, row, column, key } => write!(
                f,
                "{}: row {row}, column {column}: no seed file {key:?} in seeds/; the row is not used\n  hint: correct the row, add the file, or delete the row",
                catalogue.display()
            ),
            Problem::DuplicateRows { catalogue, rows, column, seed } => write!(
                f,
                "{}: rows {}, column {column}: all match seed {seed:?}; none is applied\n  hint: delete or correct all but one of them",
                catalogue.display(),
                rows_text(rows)
            ),
            Problem::ConflictingCatalogues { seed, rows } => write!(
                f,
                "seeds/{seed}: matched by {}; none is applied\n  hint: keep the seed in one catalogue only",
                rows.iter()
                    .map(|(c, r)| format!("{} row {r}", c.display()))
                    .collect::<Vec<_>>()
                    .join(" and ")
            ),
            Problem::SharedRow { catalogue, row, seeds } => write!(
                f,
                "{}: row {row}: matched by several seeds differing only in case: {}\n  hint: give each seed its own row, spelled exactly as its file name",
                catalogue.display(),
                seeds.join(", ")
            ),
            Problem::BadDate { catalogue, row, column, field, value, reason } => write!(
                f,
                "{}: row {row}, column {column}: {field} {value:?} is not a date I can read: {reason}; the row is not applied\n  hint: write 2019-09-21, 2019-09 or 2019 (or 21 September 2019)",
                catalogue.display()
            ),
            Problem::MissingKey { catalogue, row, column } => write!(
                f,
                "{}: row {row}, column {column:?}: empty, but the match template needs it; the row is not used\n  hint: fill in the cell or delete the row",
                catalogue.display()
            ),
        }
    }
}

/// A failure that makes a whole catalogue unusable.
#[derive(Debug, thiserror::Error)]
pub enum CatalogueError {
    #[error("{}: {source}\n  hint: check the `file:` of this catalogue in dossier.yaml", file.display())]
    Io {
        file: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}: not a catalogue format\n  hint: use one of .{}", file.display(), EXTENSIONS.join(", ."))]
    UnknownFormat { file: PathBuf },
    #[error("{}: cannot read it: {message}\n  hint: save it again from your spreadsheet program as .xlsx, .ods or UTF-8 .csv", file.display())]
    Unreadable { file: PathBuf, message: String },
    #[error("{}: `sheet: {sheet}` names no sheet\n  hint: the sheets are {}", file.display(), quoted(available))]
    MissingSheet {
        file: PathBuf,
        sheet: String,
        available: Vec<String>,
    },
    #[error("{}: sheet {} is empty (it needs a header row)\n  hint: the sheets are {}", file.display(), sheet.as_deref().map(|s| format!("{s:?}")).unwrap_or_else(|| "(none)".into()), quoted(available))]
    EmptySheet {
        file: PathBuf,
        sheet: Option<String>,
        available: Vec<String>,
    },
    #[error("{}: `sheet:` is only for workbooks (.xlsx, .xls, .xlsb, .ods)\n  hint: remove it", file.display())]
    SheetForText { file: PathBuf },
    #[error("{}: {template}: no column {column:?}{}\n  hint: the columns are {}", file.display(), suggestion.as_deref().map(|s| format!(" (did you mean {s:?}?)")).unwrap_or_default(), quoted(available))]
    UnknownColumn {
        file: PathBuf,
        /// `match` or `fields.<name>`.
        template: String,
        column: String,
        available: Vec<String>,
        suggestion: Option<String>,
    },
    #[error("{}: column {column:?} appears {count} times in the header, so {template} cannot tell which to read\n  hint: rename all but one", file.display())]
    DuplicateColumn {
        file: PathBuf,
        template: String,
        column: String,
        count: usize,
    },
    #[error("{}: `fields: {field}` is not a dossier field{}\n  hint: the fields are {}", file.display(), suggestion.as_deref().map(|s| format!(" (did you mean {s:?}?)")).unwrap_or_default(), FIELDS.join(", "))]
    UnknownField {
        file: PathBuf,
        field: String,
        suggestion: Option<String>,
    },
    #[error("{}: {template}: {message}: {text:?}\n  hint: write columns as {{Column}}, and braces as {{{{ and }}}}", file.display())]
    BadTemplate {
        file: PathBuf,
        template: String,
        text: String,
        message: String,
    },
    #[error("{}: no `match:` template and no `file` or `source` column to name each row's seed\n  hint: add `match:` (e.g. \"{{{}}}.txt\") or a `file` column; the columns are {}", file.display(), available.first().map(String::as_str).unwrap_or("Column"), quoted(available))]
    NoMatch {
        file: PathBuf,
        available: Vec<String>,
    },
    #[error("{}", .0.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n"))]
    Many(Vec<CatalogueError>),
}

fn quoted(names: &[String]) -> String {
    if names.is_empty() {
        return "(none)".into();
    }
    names
        .iter()
        .map(|n| format!("{n:?}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn closest<'a>(want: &str, options: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let want_l = want.to_lowercase();
    options
        .into_iter()
        .filter(|o| !o.is_empty())
        .map(|o| {
            (
                strsim::normalized_damerau_levenshtein(&want_l, &o.to_lowercase()),
                o,
            )
        })
        .filter(|(score, _)| *score >= 0.5)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, o)| o.to_string())
}

impl CatalogueError {
    fn all(mut errors: Vec<CatalogueError>) -> CatalogueError {
        if errors.len() == 1 {
            errors.remove(0)
        } else {
            CatalogueError::Many(errors)
        }
    }
}

/// One loaded catalogue file.
#[derive(Debug, Clone)]
pub struct Catalogue {
    /// As configured (relative to the site root); used in messages.
    pub file: PathBuf,
    /// `site_root.join(file)`.
    pub path: PathBuf,
    /// The sheet read (workbooks only).
    pub sheet: Option<String>,
    /// Data rows read (blank rows not counted).
    pub rows: usize,
}

#[derive(Debug, Clone)]
struct Entry {
    catalogue: usize,
    row: usize,
    /// `None` when the match template read an empty cell.
    key: Option<String>,
    key_columns: String,
    result: Result<CatalogueRow, Vec<Problem>>,
    fingerprint: [u8; 32],
}

/// All catalogues of a site, indexed by seed.
#[derive(Debug, Clone, Default)]
pub struct Catalogues {
    catalogues: Vec<Catalogue>,
    entries: Vec<Entry>,
    exact: HashMap<String, Vec<usize>>,
    folded: HashMap<String, Vec<usize>>,
}

enum Found<'a> {
    None,
    One(usize),
    Many(&'a [usize]),
}

/// A seed path as keys are compared: `/`-separated, no leading `./` or `seeds/`.
fn normalize_key(s: &str) -> String {
    let s = s.trim().replace('\\', "/");
    let mut s = s.as_str();
    while let Some(rest) = s.strip_prefix("./") {
        s = rest;
    }
    s.strip_prefix("seeds/").unwrap_or(s).to_string()
}

/// A header as a field name: `End date` → `end_date`, `Organizations` → `organisations`.
fn field_of_header(header: &str) -> Option<&'static str> {
    let h: String = header
        .trim()
        .to_lowercase()
        .chars()
        .map(|c| if c == ' ' || c == '-' { '_' } else { c })
        .collect();
    let h = match h.as_str() {
        "organizations" | "organisation" | "organization" => "organisations",
        "author" => "authors",
        "tag" => "tags",
        other => other,
    };
    FIELDS.iter().copied().find(|f| *f == h)
}

/// Load every catalogue. Whole-catalogue failures of all catalogues are returned at once.
pub fn load(site_root: &Path, configs: &[CatalogueConfig]) -> Result<Catalogues, CatalogueError> {
    let mut out = Catalogues::default();
    let mut errors = Vec::new();
    for config in configs {
        match load_one(site_root, config) {
            Ok((catalogue, rows)) => {
                let index = out.catalogues.len();
                out.catalogues.push(catalogue);
                for mut e in rows {
                    e.catalogue = index;
                    out.entries.push(e);
                }
            }
            Err(e) => errors.extend(e),
        }
    }
    if !errors.is_empty() {
        return Err(CatalogueError::all(errors));
    }
    for (i, e) in out.entries.iter().enumerate() {
        if let Some(key) = &e.key {
            out.exact.entry(key.clone()).or_default().push(i);
            out.folded.entry(key.to_lowercase()).or_default().push(i);
        }
    }
    Ok(out)
}

type Loaded = (Catalogue, Vec<Entry>);

fn load_one(site_root: &Path, config: &CatalogueConfig) -> Result<Loaded, Vec<CatalogueError>> {
    let file = config.file.clone();
    let path = site_root.join(&config.file);
    let mut errors = Vec::new();

    // Check what needs no file first, so one run reports it all.
    let mut field_templates = Vec::new();
    for (field, text) in &config.fields {
        let Some(known) = FIELDS.iter().copied().find(|f| f == field) else {
            errors.push(CatalogueError::UnknownField {
                file: file.clone(),
                field: field.clone(),
                suggestion: closest(field, FIELDS.iter().copied()),
            });
            continue;
        };
        match Template::parse(text) {
            Ok(t) => field_templates.push((known, format!("fields.{known}"), t)),
            Err(message) => errors.push(CatalogueError::BadTemplate {
                file: file.clone(),
                template: format!("fields.{known}"),
                text: text.clone(),
                message,
            }),
        }
    }
    let match_template = match config.r#match.as_deref().map(Template::parse) {
        Some(Ok(t)) => Some(t),
        Some(Err(message)) => {
            errors.push(CatalogueError::BadTemplate {
                file: file.clone(),
                template: "match".into(),
                text: config.r#match.clone().unwrap_or_default(),
                message,
            });
            None
        }
        None => None,
    };

    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    let Some(kind) = table::kind_of(ext) else {
        errors.push(CatalogueError::UnknownFormat { file });
        return Err(errors);
    };
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(source) => {
            errors.push(CatalogueError::Io { file, source });
            return Err(errors);
        }
    };
    let table: Table = match table::read(bytes, kind, config.sheet.as_deref()) {
        Ok(t) => t,
        Err(e) => {
            errors.push(match e {
                ReadError::Format => CatalogueError::UnknownFormat { file },
                ReadError::Unreadable(message) => CatalogueError::Unreadable { file, message },
                ReadError::MissingSheet { sheet, available } => CatalogueError::MissingSheet {
                    file,
                    sheet,
                    available,
                },
                ReadError::EmptySheet { sheet, available } => CatalogueError::EmptySheet {
                    file,
                    sheet,
                    available,
                },
                ReadError::SheetForText => CatalogueError::SheetForText { file },
            });
            return Err(errors);
        }
    };
    let headers = &table.headers;
    let available: Vec<String> = headers.iter().filter(|h| !h.is_empty()).cloned().collect();

    // Defaults: the key column, and fields from the header.
    let match_template = match (match_template, config.r#match.is_some()) {
        (Some(t), _) => Some(t),
        (None, true) => None, // a bad template, reported above
        (None, false) => {
            let key = KEY_COLUMNS
                .iter()
                .find(|k| headers.iter().any(|h| h.eq_ignore_ascii_case(k)));
            match key {
                Some(k) => {
                    let h = headers.iter().find(|h| h.eq_ignore_ascii_case(k));
                    let name = h
                        .map(String::as_str)
                        .unwrap_or(k)
                        .replace('{', "{{")
                        .replace('}', "}}");
                    Template::parse(&format!("{{{name}}}")).ok()
                }
                None => {
                    errors.push(CatalogueError::NoMatch {
                        file: file.clone(),
                        available: available.clone(),
                    });
                    None
                }
            }
        }
    };
    if config.fields.is_empty() {
        let key_columns: Vec<&str> = match_template
            .as_ref()
            .map(|t| t.columns())
            .unwrap_or_default();
        let mut seen: HashSet<&str> = HashSet::new();
        for h in headers {
            if EXPORT_ONLY_COLUMNS.contains(&h.to_lowercase().as_str())
                || key_columns.contains(&h.as_str())
            {
                continue;
            }
            if let Some(field) = field_of_header(h) {
                if !seen.insert(field) {
                    errors.push(CatalogueError::DuplicateColumn {
                        file: file.clone(),
                        template: format!("field {field}"),
                        column: h.clone(),
                        count: 2,
                    });
                    continue;
                }
                let name = h.replace('{', "{{").replace('}', "}}");
                if let Ok(t) = Template::parse(&format!("{{{name}}}")) {
                    field_templates.push((field, format!("column {h:?}"), t));
                }
            }
        }
    }

    // Tie templates to columns.
    let index = |name: &str| headers.iter().position(|h| h == name);
    let compile =
        |label: &str, t: &Template, errors: &mut Vec<CatalogueError>| -> Option<Compiled> {
            for c in t.columns() {
                let count = headers.iter().filter(|h| h.as_str() == c).count();
                if count > 1 {
                    errors.push(CatalogueError::DuplicateColumn {
                        file: file.clone(),
                        template: label.to_string(),
                        column: c.to_string(),
                        count,
                    });
                    return None;
                }
            }
            match t.compile(index) {
                Ok(c) => Some(c),
                Err(unknown) => {
                    for column in unknown {
                        errors.push(CatalogueError::UnknownColumn {
                            file: file.clone(),
                            template: label.to_string(),
                            suggestion: closest(&column, available.iter().map(String::as_str)),
                            column,
                            available: available.clone(),
                        });
                    }
                    None
                }
            }
        };
    let key = match_template.and_then(|t| compile("match", &t, &mut errors));
    let fields: Vec<(&str, Compiled)> = field_templates
        .iter()
        .filter_map(|(field, label, t)| compile(label, t, &mut errors).map(|c| (*field, c)))
        .collect();
    if !errors.is_empty() {
        return Err(errors);
    }
    let Some(key) = key else {
        return Err(errors);
    };

    let entries = table
        .rows
        .iter()
        .map(|(row, cells)| build_entry(&file, *row, cells, &key, &fields))
        .collect();
    let catalogue = Catalogue {
        file,
        path,
        sheet: table.sheet.clone(),
        rows: table.rows.len(),
    };
    Ok((catalogue, entries))
}

fn build_entry(
    file: &Path,
    row: usize,
    cells: &[String],
    key: &Compiled,
    fields: &[(&str, Compiled)],
) -> Entry {
    let key_columns = key.describe();
    let mut problems = Vec::new();
    let key = match key.render(cells) {
        Ok(k) => Some(normalize_key(&k)).filter(|k| !k.is_empty()),
        Err(column) => {
            problems.push(Problem::MissingKey {
                catalogue: file.to_path_buf(),
                row,
                column,
            });
            None
        }
    };
    let mut values = CatalogueFields::default();
    for (field, template) in fields {
        let Ok(value) = template.render(cells) else {
            continue; // an empty cell: no value
        };
        let value = value.trim().to_string();
        if value.is_empty() {
            continue;
        }
        let value = if matches!(*field, "date" | "end_date") {
            match parse_date(&value) {
                Ok(d) => d,
                Err(reason) => {
                    problems.push(Problem::BadDate {
                        catalogue: file.to_path_buf(),
                        row,
                        column: template.describe(),
                        field: field.to_string(),
                        value,
                        reason,
                    });
                    continue;
                }
            }
        } else {
            value
        };
        values.set(field, value);
    }
    let fingerprint = values.fingerprint();
    let result = if problems.is_empty() {
        Ok(CatalogueRow {
            catalogue: file.to_path_buf(),
            row,
            key: key.clone().unwrap_or_default(),
            fields: values,
        })
    } else {
        Err(problems)
    };
    Entry {
        catalogue: 0,
        row,
        key,
        key_columns,
        result,
        fingerprint,
    }
}

impl Catalogues {
    /// The catalogues loaded, in configuration order.
    pub fn catalogues(&self) -> &[Catalogue] {
        &self.catalogues
    }

    /// True when no catalogue is configured.
    pub fn is_empty(&self) -> bool {
        self.catalogues.is_empty()
    }

    /// The catalogue files (`site_root.join(file)`): ingest must not treat them as seeds.
    pub fn catalogue_files(&self) -> impl Iterator<Item = &Path> {
        self.catalogues.iter().map(|c| c.path.as_path())
    }

    /// Whether `seed_rel` (relative to `seeds/`) is one of the catalogue files.
    pub fn is_catalogue_file(&self, seed_rel: &str) -> bool {
        let seed = normalize_key(seed_rel);
        self.catalogues.iter().any(|c| {
            let file = c.file.to_string_lossy().replace('\\', "/");
            let mut file = file.as_str();
            while let Some(rest) = file.strip_prefix("./") {
                file = rest;
            }
            file.strip_prefix("seeds/") == Some(seed.as_str())
        })
    }

    fn find(&self, seed_rel: &str) -> Found<'_> {
        let seed = normalize_key(seed_rel);
        let hits = match self.exact.get(&seed) {
            Some(v) => v,
            None => match self.folded.get(&seed.to_lowercase()) {
                Some(v) => v,
                None => return Found::None,
            },
        };
        match hits.as_slice() {
            [one] => Found::One(*one),
            many => Found::Many(many),
        }
    }

    fn duplicate(&self, seed: &str, hits: &[usize]) -> Problem {
        let first = &self.entries[hits[0]];
        if hits
            .iter()
            .all(|&i| self.entries[i].catalogue == first.catalogue)
        {
            Problem::DuplicateRows {
                catalogue: self.catalogues[first.catalogue].file.clone(),
                rows: hits.iter().map(|&i| self.entries[i].row).collect(),
                column: first.key_columns.clone(),
                seed: seed.to_string(),
            }
        } else {
            Problem::ConflictingCatalogues {
                seed: seed.to_string(),
                rows: hits
                    .iter()
                    .map(|&i| {
                        (
                            self.catalogues[self.entries[i].catalogue].file.clone(),
                            self.entries[i].row,
                        )
                    })
                    .collect(),
            }
        }
    }

    /// The row for a seed (path relative to `seeds/`, `/`-separated): `Ok(None)` when no
    /// row matches, `Err` when several do or the row has a bad value (then nothing of
    /// it applies).
    // The API returns the problem itself; it is built only on failure.
    #[allow(clippy::result_large_err)]
    pub fn row_for(&self, seed_rel: &str) -> Result<Option<&CatalogueRow>, Problem> {
        match self.find(seed_rel) {
            Found::None => Ok(None),
            Found::One(i) => match &self.entries[i].result {
                Ok(row) => Ok(Some(row)),
                Err(problems) => Err(problems[0].clone()),
            },
            Found::Many(hits) => Err(self.duplicate(&normalize_key(seed_rel), hits)),
        }
    }

    /// SHA-256 of the resolved fields of the seed's row; `None` when [`Self::row_for`]
    /// gives no row. Store it with the document: when it changes, re-ingest that seed.
    pub fn fingerprint_for(&self, seed_rel: &str) -> Option<[u8; 32]> {
        match self.find(seed_rel) {
            Found::One(i) if self.entries[i].result.is_ok() => Some(self.entries[i].fingerprint),
            _ => None,
        }
    }

    /// Every problem, given all seeds (relative to `seeds/`): rows with bad values or
    /// no seed, seeds with no row or several. Catalogue files among `seeds` are skipped.
    /// Without catalogues there are none.
    pub fn problems(&self, seeds: &[String]) -> Vec<Problem> {
        if self.catalogues.is_empty() {
            return Vec::new();
        }
        let mut claims: Vec<Vec<&str>> = vec![Vec::new(); self.entries.len()];
        let mut seed_problems = Vec::new();
        let mut no_row = Vec::new();
        for seed in seeds {
            if self.is_catalogue_file(seed) {
                continue;
            }
            match self.find(seed) {
                Found::None => no_row.push(Problem::NoRow {
                    seed: normalize_key(seed),
                }),
                Found::One(i) => claims[i].push(seed),
                Found::Many(hits) => {
                    seed_problems.push(self.duplicate(&normalize_key(seed), hits));
                    for &i in hits {
                        claims[i].push(seed);
                    }
                }
            }
        }
        let mut out = Vec::new();
        for (e, claimed) in self.entries.iter().zip(&claims) {
            let file = &self.catalogues[e.catalogue].file;
            if let Err(problems) = &e.result {
                out.extend(problems.iter().cloned());
            }
            let Some(key) = &e.key else { continue };
            if claimed.is_empty() {
                out.push(Problem::NoSeed {
                    catalogue: file.clone(),
                    row: e.row,
                    column: e.key_columns.clone(),
                    key: key.clone(),
                });
            } else if claimed.len() > 1 && self.exact.get(key).is_some_and(|v| v.len() == 1) {
                let mut seeds: Vec<String> = claimed.iter().map(|s| normalize_key(s)).collect();
                seeds.sort();
                seeds.dedup();
                if seeds.len() > 1 {
                    out.push(Problem::SharedRow {
                        catalogue: file.clone(),
                        row: e.row,
                        seeds,
                    });
                }
            }
        }
        seed_problems.sort_by_cached_key(|p| p.to_string());
        seed_problems.dedup();
        out.extend(seed_problems);
        out.extend(no_row);
        out
    }

    /// One line: what was loaded and how many problems of each kind.
    pub fn summary(&self, seeds: &[String]) -> String {
        let problems = self.problems(seeds);
        let applied = seeds
            .iter()
            .filter(|s| matches!(self.row_for(s), Ok(Some(_))))
            .count();
        let files = self.catalogues.len();
        let rows: usize = self.catalogues.iter().map(|c| c.rows).sum();
        let mut s = format!(
            "catalogues: {files} file{}, {rows} row{}, {applied} seed{} with a row",
            if files == 1 { "" } else { "s" },
            if rows == 1 { "" } else { "s" },
            if applied == 1 { "" } else { "s" },
        );
        let counts: Vec<String> = Problem::KINDS
            .iter()
            .filter_map(|(kind, label)| {
                let n = problems.iter().filter(|p| p.kind() == *kind).count();
                (n > 0).then(|| format!("{n} {label}"))
            })
            .collect();
        if counts.is_empty() {
            s.push_str("; no problems");
        } else {
            s.push_str("; problems: ");
            s.push_str(&counts.join(", "));
        }
        s
    }
}
