//! Decoding: seed bytes into text. A byte-order mark decides first (UTF-8, or UTF-16 as
//! Windows tools write "Unicode" text); then UTF-8; otherwise Windows-1252, with a warning
//! saying so. Binary and empty files are errors that say what to do.

use std::path::Path;

use crate::error::{Error, Result, Warning};

#[derive(Debug)]
pub struct Decoded {
    /// The text with `\r\n` and lone `\r` turned into `\n`.
    pub text: String,
    pub warnings: Vec<Warning>,
}

pub fn decode(path: &Path, bytes: &[u8]) -> Result<Decoded> {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        if encoding != encoding_rs::UTF_8 {
            return decode_utf16(path, encoding, &bytes[bom..]);
        }
    }
    let mut warnings = Vec::new();
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(empty(path));
    }
    if looks_binary(bytes) {
        return Err(Error::input(
            path,
            None,
            "the seed looks like a binary file (it contains NUL or many control bytes), not text",
            "dossier reads text, Markdown, HTML and PDF seeds; convert this file to one of those (or remove it from seeds/)",
        ));
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(s) => s.strip_prefix('\u{feff}').unwrap_or(s).to_string(),
        Err(e) => {
            let (text, _, had_errors) = encoding_rs::WINDOWS_1252.decode(bytes);
            let line = bytes[..e.valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
                + 1;
            warnings.push(Warning {
                path: path.to_path_buf(),
                line: Some(line),
                message: format!(
                    "not valid UTF-8 (first bad byte on this line); read as Windows-1252{}. Convert the file to UTF-8 to silence this",
                    if had_errors { ", with some bytes replaced" } else { "" }
                ),
            });
            text.into_owned()
        }
    };
    Ok(Decoded {
        text: text.replace("\r\n", "\n").replace('\r', "\n"),
        warnings,
    })
}

/// UTF-16 text (found by its byte-order mark): decoded, with malformed sequences an error
/// rather than silently replaced, since they mean the file is not what its mark says.
fn decode_utf16(
    path: &Path,
    encoding: &'static encoding_rs::Encoding,
    bytes: &[u8],
) -> Result<Decoded> {
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    if had_errors {
        return Err(Error::input(
            path,
            None,
            format!(
                "the seed starts with a {} byte-order mark but is not valid {0} text",
                encoding.name()
            ),
            "save the file again as UTF-8 text",
        ));
    }
    if text.trim().is_empty() {
        return Err(empty(path));
    }
    Ok(Decoded {
        text: text.replace("\r\n", "\n").replace('\r', "\n"),
        warnings: Vec::new(),
    })
}

fn empty(path: &Path) -> Error {
    Error::input(
        path,
        None,
        "the seed is empty",
        "put the document's text in the file, or delete it",
    )
}

/// NUL bytes, or more than 10% control bytes other than tab, newline, CR and form feed.
fn looks_binary(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(8192)];
    if sample.contains(&0) {
        return true;
    }
    let control = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c))
        .count();
    control * 10 > sample.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_bom_and_crlf() {
        let d = decode(Path::new("s.txt"), "\u{feff}a\r\nb\rc".as_bytes()).unwrap();
        assert_eq!(d.text, "a\nb\nc");
        assert!(d.warnings.is_empty());
    }

    #[test]
    fn windows_1252_is_decoded_with_a_warning() {
        let d = decode(Path::new("s.txt"), b"line one\nZ\xfcrich \x93quoted\x94").unwrap();
        assert_eq!(d.text, "line one\nZürich “quoted”");
        assert_eq!(d.warnings.len(), 1);
        assert_eq!(d.warnings[0].line, Some(2));
        assert!(d.warnings[0].message.contains("Windows-1252"));
    }

    #[test]
    fn utf16_with_a_bom_is_text() {
        let mut le = vec![0xff, 0xfe];
        for u in "Résumé\r\nline".encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(
            decode(Path::new("s.txt"), &le).unwrap().text,
            "Résumé\nline"
        );
        let mut be = vec![0xfe, 0xff];
        for u in "Zürich".encode_utf16() {
            be.extend_from_slice(&u.to_be_bytes());
        }
        assert_eq!(decode(Path::new("s.txt"), &be).unwrap().text, "Zürich");
        // A lone surrogate: not UTF-16 after all.
        let e = decode(Path::new("seeds/u.txt"), &[0xff, 0xfe, 0x00, 0xd8]).unwrap_err();
        assert!(e.to_string().contains("seeds/u.txt"));
    }

    #[test]
    fn empty_and_binary_are_errors_naming_the_file() {
        let e = decode(Path::new("seeds/e.txt"), b"  \n").unwrap_err();
        assert!(e.to_string().contains("seeds/e.txt") && e.to_string().contains("empty"));
        let e = decode(Path::new("seeds/b.txt"), b"%PDF\x00\x01\x02").unwrap_err();
        assert!(e.to_string().contains("binary"));
    }
}
