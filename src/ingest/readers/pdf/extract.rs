//! Backend: positioned text spans from `pdf_oxide` (bounding box, font size, weight),
//! plus the Info dictionary and XMP `dc:title` / `dc:creator`.

use super::layout::Glyph;
use super::PdfInfo;
use pdf_oxide::document::PdfDocument as OxDoc;
use pdf_oxide::object::Object;
use std::collections::HashMap;

/// Text of one page, in content-stream order.
pub(crate) struct RawPage {
    pub width: f32,
    pub height: f32,
    pub glyphs: Vec<Glyph>,
}

pub(crate) enum PageResult {
    Ok(RawPage),
    Failed(String),
}

/// Extracts every page separately (each under `catch_unwind`), so that one damaged page
/// does not lose the others.
pub(crate) fn pages(doc: &OxDoc, count: usize) -> Vec<PageResult> {
    (0..count)
        .map(|i| {
            let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                let (width, height) = match doc.get_page_media_box(i) {
                    Ok((x0, y0, x1, y1)) => ((x1 - x0).abs(), (y1 - y0).abs()),
                    Err(_) => (612.0, 792.0),
                };
                let spans = doc.extract_spans(i)?;
                let glyphs = spans
                    .into_iter()
                    .enumerate()
                    .map(|(k, s)| Glyph {
                        x: s.bbox.x,
                        // bbox.y is the baseline in PDF space (y up); we measure from the top
                        y: height - s.bbox.y,
                        w: s.bbox.width,
                        size: s.font_size,
                        bold: s.font_weight.is_bold(),
                        op: k as u32,
                        text: s.text,
                    })
                    .collect();
                Ok::<_, pdf_oxide::error::Error>(RawPage {
                    width,
                    height,
                    glyphs,
                })
            }));
            match r {
                Ok(Ok(p)) => PageResult::Ok(p),
                Ok(Err(e)) => PageResult::Failed(format!("page {}: {e}", i + 1)),
                Err(_) => PageResult::Failed(format!("page {}: the PDF parser panicked", i + 1)),
            }
        })
        .collect()
}

fn resolve(doc: &OxDoc, o: &Object) -> Option<Object> {
    doc.resolve_object(o).ok()
}

fn get<'a>(d: &'a HashMap<String, Object>, k: &str) -> Option<&'a Object> {
    d.get(k)
}

pub(crate) fn info(doc: &OxDoc) -> PdfInfo {
    let mut info = PdfInfo::default();
    let trailer = doc.trailer();
    if let Some(t) = trailer.as_dict() {
        if let Some(Object::Dictionary(d)) = get(t, "Info").and_then(|o| resolve(doc, o)) {
            let s = |k: &str| {
                get(&d, k)
                    .and_then(|o| resolve(doc, o))
                    .and_then(|o| o.as_string().map(pdf_string))
                    .and_then(non_empty)
            };
            info.title = s("Title");
            info.author = s("Author");
            info.subject = s("Subject");
            info.keywords = s("Keywords");
            info.producer = s("Producer");
            info.creation_date = s("CreationDate").and_then(|d| pdf_date(&d));
        }
    }
    if info.title.is_none() || info.author.is_none() {
        if let Some(x) = xmp(doc) {
            if info.title.is_none() {
                info.title = xmp_field(&x, "dc:title");
            }
            if info.author.is_none() {
                info.author = xmp_field(&x, "dc:creator");
            }
        }
    }
    info
}

fn xmp(doc: &OxDoc) -> Option<String> {
    let cat = doc.catalog().ok()?;
    let m = resolve(doc, get(cat.as_dict()?, "Metadata")?)?;
    let data = m.decode_stream_data().ok()?;
    Some(String::from_utf8_lossy(&data).into_owned())
}

fn non_empty(s: String) -> Option<String> {
    let t = s.trim().trim_matches('\0').trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// Decodes a PDF text string (UTF-16BE with BOM, UTF-8 with BOM, or PDFDocEncoding ~ Latin-1).
pub(crate) fn pdf_string(bytes: &[u8]) -> String {
    if bytes.len() >= 2 && bytes[0] == 0xFE && bytes[1] == 0xFF {
        let u: Vec<u16> = bytes[2..]
            .chunks_exact(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16_lossy(&u)
    } else if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        String::from_utf8_lossy(&bytes[3..]).into_owned()
    } else {
        bytes.iter().map(|&b| b as char).collect()
    }
}

/// `D:YYYYMMDDHHmmSS...` -> `YYYY[-MM[-DD]]`, as precise as given.
pub(crate) fn pdf_date(s: &str) -> Option<String> {
    let s = s.trim();
    let s = s.strip_prefix("D:").unwrap_or(s);
    let digits: String = s.chars().take_while(|c| c.is_ascii_digit()).collect();
    let y = digits.get(0..4)?;
    let mut out = y.to_string();
    if let Some(m) = digits.get(4..6) {
        if !("01"..="12").contains(&m) {
            return Some(out);
        }
        out.push('-');
        out.push_str(m);
        if let Some(d) = digits.get(6..8) {
            if ("01"..="31").contains(&d) {
                out.push('-');
                out.push_str(d);
            }
        }
    }
    Some(out)
}

/// First `rdf:li` (or the plain text) inside `<tag>...</tag>`, XML entities decoded.
fn xmp_field(xmp: &str, tag: &str) -> Option<String> {
    let start = xmp.find(&format!("<{tag}"))?;
    let rest = &xmp[start..];
    let end = rest.find(&format!("</{tag}>"))?;
    let inner = &rest[..end];
    let inner = &inner[inner.find('>')? + 1..];
    let text = match inner.find("<rdf:li") {
        Some(i) => {
            let li = &inner[i..];
            let b = li.find('>')? + 1;
            let e = li.find("</rdf:li>")?;
            li.get(b..e)?
        }
        None => inner,
    };
    let t = text
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&");
    non_empty(t)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn dates() {
        assert_eq!(
            pdf_date("D:20260312101500+01'00'").as_deref(),
            Some("2026-03-12")
        );
        assert_eq!(pdf_date("D:2026").as_deref(), Some("2026"));
        assert_eq!(pdf_date("D:202603").as_deref(), Some("2026-03"));
        assert_eq!(pdf_date("garbage"), None);
    }
    #[test]
    fn strings() {
        assert_eq!(pdf_string(b"\xFE\xFF\x00A\x00\xe9"), "A\u{e9}");
        assert_eq!(pdf_string(b"Caf\xe9"), "Caf\u{e9}");
    }
    #[test]
    fn xmp_title() {
        let x = r#"<dc:title><rdf:Alt><rdf:li xml:lang="x-default">A &amp; B</rdf:li></rdf:Alt></dc:title>"#;
        assert_eq!(xmp_field(x, "dc:title").as_deref(), Some("A & B"));
    }
}
