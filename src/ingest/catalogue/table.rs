//! Reading a catalogue file into a header and rows of trimmed cell text.

use calamine::{Data, Reader, Sheets};
use std::io::Cursor;

/// A sheet as text: the header (row 1 of the used range) and the rows below it.
#[derive(Debug, Clone, Default)]
pub(crate) struct Table {
    pub(crate) headers: Vec<String>,
    /// (spreadsheet row number, 1-based; cells, trimmed, as long as `headers` at least)
    pub(crate) rows: Vec<(usize, Vec<String>)>,
    /// The sheet read, for workbooks.
    pub(crate) sheet: Option<String>,
}

/// Why a file could not be read as a table.
#[derive(Debug)]
pub(crate) enum ReadError {
    Format,
    Unreadable(String),
    MissingSheet {
        sheet: String,
        available: Vec<String>,
    },
    EmptySheet {
        sheet: Option<String>,
        available: Vec<String>,
    },
    SheetForText,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Delimited(u8),
    Xlsx,
    Xls,
    Xlsb,
    Ods,
}

/// The extensions a catalogue may have.
pub const EXTENSIONS: &[&str] = &["csv", "tsv", "tab", "xlsx", "xlsm", "xls", "xlsb", "ods"];

pub(crate) fn kind_of(ext: &str) -> Option<Kind> {
    Some(match ext.to_ascii_lowercase().as_str() {
        "csv" => Kind::Delimited(b','),
        "tsv" | "tab" => Kind::Delimited(b'\t'),
        "xlsx" | "xlsm" => Kind::Xlsx,
        "xls" => Kind::Xls,
        "xlsb" => Kind::Xlsb,
        "ods" => Kind::Ods,
        _ => return None,
    })
}

pub(crate) fn read(bytes: Vec<u8>, kind: Kind, sheet: Option<&str>) -> Result<Table, ReadError> {
    match kind {
        Kind::Delimited(d) if sheet.is_none() => read_delimited(&bytes, d),
        Kind::Delimited(_) => Err(ReadError::SheetForText),
        _ => read_workbook(bytes, kind, sheet),
    }
}

/// Text of a CSV/TSV file: UTF-8, or UTF-16/UTF-8 with a byte-order mark, or (when it
/// is not valid UTF-8) Windows-1252, as older spreadsheet programs write it.
fn decode(bytes: &[u8]) -> String {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        return enc
            .decode_without_bom_handling(&bytes[bom..])
            .0
            .into_owned();
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned(),
    }
}

fn read_delimited(bytes: &[u8], mut delimiter: u8) -> Result<Table, ReadError> {
    let text = decode(bytes);
    // Spreadsheet programs in many locales save "CSV" with semicolons.
    let first = text.lines().next().unwrap_or("");
    if delimiter == b',' && !first.contains(',') && first.contains(';') {
        delimiter = b';';
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut table = Table::default();
    // Number rows as a spreadsheet program shows them: csv skips blank lines (a record's
    // position is where the previous one ended), so count them back.
    let raw = text.as_bytes();
    let mut row = 0usize;
    for record in reader.records() {
        let record = record.map_err(|e| ReadError::Unreadable(e.to_string()))?;
        let start = record.position().map_or(0, |p| p.byte() as usize);
        row += 1 + blank_lines(raw, start);
        let cells: Vec<String> = record.iter().map(|c| c.trim().to_string()).collect();
        if table.headers.is_empty() {
            // The first record (after any blank lines) is the header.
            table.headers = cells;
        } else {
            table.rows.push((row, cells));
        }
    }
    finish(table, None, Vec::new())
}

fn read_workbook(bytes: Vec<u8>, kind: Kind, sheet: Option<&str>) -> Result<Table, ReadError> {
    let cursor = Cursor::new(bytes);
    let unreadable = |e: &dyn std::fmt::Display| ReadError::Unreadable(e.to_string());
    let mut book: Sheets<Cursor<Vec<u8>>> = match kind {
        Kind::Xlsx => {
            Sheets::Xlsx(calamine::open_workbook_from_rs(cursor).map_err(|e| unreadable(&e))?)
        }
        Kind::Xls => {
            Sheets::Xls(calamine::open_workbook_from_rs(cursor).map_err(|e| unreadable(&e))?)
        }
        Kind::Xlsb => {
            Sheets::Xlsb(calamine::open_workbook_from_rs(cursor).map_err(|e| unreadable(&e))?)
        }
        Kind::Ods => {
            Sheets::Ods(calamine::open_workbook_from_rs(cursor).map_err(|e| unreadable(&e))?)
        }
        Kind::Delimited(_) => return Err(ReadError::Format),
    };
    let available = book.sheet_names();
    let name = match sheet {
        Some(want) => {
            let exact = available.iter().find(|n| n.as_str() == want);
            let loose = || {
                let mut it = available
                    .iter()
                    .filter(|n| n.trim().eq_ignore_ascii_case(want.trim()));
                match (it.next(), it.next()) {
                    (Some(one), None) => Some(one),
                    _ => None,
                }
            };
            match exact.or_else(loose) {
                Some(n) => n.clone(),
                None => {
                    return Err(ReadError::MissingSheet {
                        sheet: want.to_string(),
                        available,
                    })
                }
            }
        }
        None => match available.first() {
            Some(n) => n.clone(),
            None => {
                return Err(ReadError::EmptySheet {
                    sheet: None,
                    available,
                })
            }
        },
    };
    let range = book.worksheet_range(&name).map_err(|e| unreadable(&e))?;
    let mut table = Table {
        sheet: Some(name.clone()),
        ..Table::default()
    };
    let first_row = range.start().map(|(r, _)| r as usize).unwrap_or(0);
    for (i, row) in range.rows().enumerate() {
        let cells: Vec<String> = row.iter().map(cell_text).collect();
        if i == 0 {
            table.headers = cells;
        } else {
            table.rows.push((first_row + i + 1, cells));
        }
    }
    finish(table, Some(name), available)
}

fn finish(
    mut table: Table,
    sheet: Option<String>,
    available: Vec<String>,
) -> Result<Table, ReadError> {
    if let Some(h) = table.headers.first_mut() {
        if let Some(rest) = h.strip_prefix('\u{feff}') {
            *h = rest.trim().to_string();
        }
    }
    if table.headers.iter().all(|h| h.is_empty()) {
        return Err(ReadError::EmptySheet { sheet, available });
    }
    let width = table.headers.len();
    table
        .rows
        .retain(|(_, cells)| cells.iter().any(|c| !c.is_empty()));
    for (_, cells) in &mut table.rows {
        if cells.len() < width {
            cells.resize(width, String::new());
        }
    }
    Ok(table)
}

/// How many blank lines start at `i` (just after a record's line terminator).
fn blank_lines(raw: &[u8], mut i: usize) -> usize {
    if i > 0 && raw.get(i - 1) == Some(&b'\r') && raw.get(i) == Some(&b'\n') {
        i += 1; // the rest of the previous record's CRLF
    }
    let mut count = 0;
    loop {
        match raw.get(i) {
            Some(b'\r') => {
                count += 1;
                i += 1;
                if raw.get(i) == Some(&b'\n') {
                    i += 1;
                }
            }
            Some(b'\n') => {
                count += 1;
                i += 1;
            }
            _ => return count,
        }
    }
}

/// A cell's text as the editor sees it: numbers in their written form (`74`, not
/// `74.0`), dates in ISO form, errors (`#N/A`) as empty.
pub(crate) fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(s) => s.trim().to_string(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => float_text(*f),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(dt) if dt.is_duration() => float_text(dt.as_f64()),
        Data::DateTime(dt) => {
            let (y, mo, d, h, mi, s, _) = dt.to_ymd_hms_milli();
            if dt.as_f64() < 1.0 && dt.as_f64() >= 0.0 {
                format!("{h:02}:{mi:02}:{s:02}")
            } else if (h, mi, s) == (0, 0, 0) {
                format!("{y:04}-{mo:02}-{d:02}")
            } else {
                format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}")
            }
        }
        Data::DateTimeIso(s) => {
            let s = s.trim();
            s.strip_suffix("T00:00:00").unwrap_or(s).to_string()
        }
        Data::DurationIso(s) => s.trim().to_string(),
    }
}

/// `74.0` → `74`; other numbers in Rust's shortest round-trip form.
pub(crate) fn float_text(f: f64) -> String {
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_print_as_written() {
        assert_eq!(float_text(74.0), "74");
        assert_eq!(float_text(-0.0), "0");
        assert_eq!(float_text(2.5), "2.5");
        assert_eq!(cell_text(&Data::Int(2019)), "2019");
        assert_eq!(cell_text(&Data::String("  x  ".into())), "x");
        assert_eq!(
            cell_text(&Data::DateTimeIso("2019-09-21T00:00:00".into())),
            "2019-09-21"
        );
    }

    #[test]
    fn decodes_bom_and_legacy_text() {
        assert_eq!(decode(b"\xef\xbb\xbfa"), "a");
        assert_eq!(decode(b"\xff\xfea\0"), "a");
        assert_eq!(decode(b"caf\xe9"), "café");
    }

    #[test]
    fn semicolon_csv_and_row_numbers() {
        let t = read_delimited(b"file;title\n\na.txt; A \n", b',').unwrap();
        assert_eq!(t.headers, ["file", "title"]);
        // the blank line counts, as in a spreadsheet program
        assert_eq!(t.rows, [(3, vec!["a.txt".to_string(), "A".to_string()])]);
        let t = read_delimited(b"file,title\n\"a\nb\",x\n\nc,y\n", b',').unwrap();
        let rows: Vec<usize> = t.rows.iter().map(|r| r.0).collect();
        assert_eq!(rows, [2, 4]);
        let t = read_delimited(b"\r\nfile,title\r\na,x\r\n\r\n\r\nc,y\r\n", b',').unwrap();
        let rows: Vec<usize> = t.rows.iter().map(|r| r.0).collect();
        assert_eq!(rows, [3, 6]);
    }
}
