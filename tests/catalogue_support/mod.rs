//! Helpers that write catalogues for the tests.
#![allow(dead_code)]

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use std::io::Write;
use std::path::Path;

/// A cell of a test sheet.
pub enum Cell<'a> {
    S(&'a str),
    N(f64),
    /// A date cell (year, month, day), formatted as a date.
    D(u16, u8, u8),
    Blank,
}

/// Write an .xlsx with the given sheets (name, rows).
pub fn xlsx(path: &Path, sheets: &[(&str, Vec<Vec<Cell>>)]) {
    let mut book = Workbook::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (name, rows) in sheets {
        let ws = book.add_worksheet();
        ws.set_name(*name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match cell {
                    Cell::S(s) => {
                        ws.write_string(r, c, *s).unwrap();
                    }
                    Cell::N(n) => {
                        ws.write_number(r, c, *n).unwrap();
                    }
                    Cell::D(y, m, d) => {
                        let dt = ExcelDateTime::from_ymd(*y, *m, *d).unwrap();
                        ws.write_datetime_with_format(r, c, &dt, &date).unwrap();
                    }
                    Cell::Blank => {}
                }
            }
        }
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).unwrap();
    }
    book.save(path).unwrap();
}

/// Write an .ods with one sheet of string cells ("#n" writes a float cell n).
pub fn ods(path: &Path, sheet: &str, rows: &[&[&str]]) {
    let mut content = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet>"#,
    );
    content.push_str(&format!(r#"<table:table table:name="{sheet}">"#));
    for row in rows {
        content.push_str("<table:table-row>");
        for cell in *row {
            if let Some(n) = cell.strip_prefix('#') {
                content.push_str(&format!(
                    r#"<table:table-cell office:value-type="float" office:value="{n}"><text:p>{n}</text:p></table:table-cell>"#
                ));
            } else {
                content.push_str(&format!(
                    r#"<table:table-cell office:value-type="string"><text:p>{cell}</text:p></table:table-cell>"#
                ));
            }
        }
        content.push_str("</table:table-row>");
    }
    content.push_str("</table:table></office:spreadsheet></office:body></office:document-content>");
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, body) in [
        ("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
        ("META-INF/manifest.xml", manifest),
        ("content.xml", content.as_str()),
    ] {
        zip.start_file(name, stored).unwrap();
        zip.write_all(body.as_bytes()).unwrap();
    }
    let bytes = zip.finish().unwrap().into_inner();
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).unwrap();
    }
    std::fs::write(path, bytes).unwrap();
}

/// Write a text file, creating its folder.
pub fn write(path: &Path, text: &str) {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).unwrap();
    }
    std::fs::write(path, text).unwrap();
}

pub fn seeds(names: &[&str]) -> Vec<String> {
    names.iter().map(|s| s.to_string()).collect()
}
