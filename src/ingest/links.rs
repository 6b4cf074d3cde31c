//! Links and images of a source, made safe for the site: a source's relative link or
//! image cannot resolve on the digest, and the link check would fail the whole build.
//! Takes normalized Markdown and the source's URL; gives Markdown in which images are
//! their alt text, relative links are absolute against the source URL (or plain text
//! when there is none), and every rewrite is listed for the report.

use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

/// One link or image changed at ingest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rewrite {
    /// 1-based line in the normalized Markdown.
    pub line: usize,
    pub was: String,
    pub action: &'static str,
}

/// Rewrite the links and images of `markdown` (see the module doc).
pub fn rewrite(markdown: &str, source_url: Option<&str>) -> (String, Vec<Rewrite>) {
    let base = source_url.and_then(|u| url::Url::parse(u).ok());
    let mut rewrites = Vec::new();
    let without_images = apply(
        markdown,
        false,
        &mut rewrites,
        |event, range, inner, md| match event {
            Spot::Image => {
                let alt = inner.map(|r| md[r].trim().to_string()).unwrap_or_default();
                let action = if alt.is_empty() {
                    "image without alt text removed"
                } else {
                    "image replaced by its alt text"
                };
                Some((range, alt, action))
            }
            Spot::Link(_) => None,
        },
    );
    let out = apply(
        &without_images,
        true,
        &mut rewrites,
        |event, range, inner, md| {
            let Spot::Link(dest) = event else {
                return None;
            };
            if is_absolute(&dest) {
                return None;
            }
            let text = inner.map(|r| md[r].to_string()).unwrap_or_default();
            match base.as_ref().and_then(|b| b.join(&dest).ok()) {
                Some(abs) if !dest.starts_with('#') && matches!(abs.scheme(), "http" | "https") => {
                    Some((
                        range,
                        format!("[{text}]({})", escape_destination(abs.as_str())),
                        "relative link made absolute against the source URL",
                    ))
                }
                _ => Some((
                    range,
                    text,
                    "link that cannot resolve on the site kept as text",
                )),
            }
        },
    );
    (out, rewrites)
}

enum Spot {
    Image,
    /// A link, with its destination.
    Link(String),
}

type Edit = (Range<usize>, String, &'static str);

/// Run `decide` on every outermost image (and, with `links`, inline or reference link)
/// and apply its edits.
fn apply(
    md: &str,
    links: bool,
    rewrites: &mut Vec<Rewrite>,
    mut decide: impl FnMut(Spot, Range<usize>, Option<Range<usize>>, &str) -> Option<Edit>,
) -> String {
    let opts = Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH;
    let mut edits: Vec<Edit> = Vec::new();
    // The open link or image: its kind, whole range and the range of its inner events.
    let mut open: Option<(Spot, Range<usize>, Option<Range<usize>>)> = None;
    let mut depth = 0usize;
    for (event, range) in Parser::new_ext(md, opts).into_offset_iter() {
        match event {
            Event::Start(Tag::Link { .. }) | Event::End(TagEnd::Link) if !links => {}
            Event::Start(Tag::Image { .. }) | Event::Start(Tag::Link { .. }) if depth > 0 => {
                depth += 1;
                extend(&mut open, &range);
            }
            Event::Start(Tag::Image { .. }) => {
                depth = 1;
                open = Some((Spot::Image, range, None));
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) => {
                depth = 1;
                let spot = match link_type {
                    LinkType::Autolink | LinkType::Email => None,
                    _ => Some(Spot::Link(dest_url.to_string())),
                };
                open = spot.map(|s| (s, range, None));
                if open.is_none() {
                    depth = 0;
                }
            }
            Event::End(TagEnd::Image) | Event::End(TagEnd::Link) if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    if let Some((spot, whole, inner)) = open.take() {
                        if let Some(edit) = decide(spot, whole, inner, md) {
                            edits.push(edit);
                        }
                    }
                } else {
                    extend(&mut open, &range);
                }
            }
            _ if depth > 0 => extend(&mut open, &range),
            _ => {}
        }
    }
    let mut out = String::with_capacity(md.len());
    let mut last = 0;
    for (range, replacement, action) in edits {
        if range.start < last {
            continue;
        }
        rewrites.push(Rewrite {
            line: md[..range.start].matches('\n').count() + 1,
            was: md[range.clone()].to_string(),
            action,
        });
        out.push_str(&md[last..range.start]);
        out.push_str(&replacement);
        last = range.end;
    }
    out.push_str(&md[last..]);
    out
}

fn extend(open: &mut Option<(Spot, Range<usize>, Option<Range<usize>>)>, r: &Range<usize>) {
    if let Some((_, _, inner)) = open {
        *inner = Some(match inner.take() {
            Some(i) => i.start.min(r.start)..i.end.max(r.end),
            None => r.clone(),
        });
    }
}

fn is_absolute(dest: &str) -> bool {
    let lower = dest.trim().to_ascii_lowercase();
    ["http://", "https://", "mailto:", "ftp://", "tel:"]
        .iter()
        .any(|s| lower.starts_with(s))
}

fn escape_destination(url: &str) -> String {
    url.replace('(', "%28")
        .replace(')', "%29")
        .replace(' ', "%20")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_become_alt_text() {
        let (md, r) = rewrite("A ![Logo](/assets/images/logo.png) here.\n", None);
        assert_eq!(md, "A Logo here.\n");
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].line, 1);
        let (md, _) = rewrite("![](x.png)\n\nText\n", None);
        assert_eq!(md, "\n\nText\n");
    }

    #[test]
    fn relative_links_are_made_absolute_or_text() {
        let (md, r) = rewrite(
            "See [the call](/call/text) and [web](https://x.org/a).\n",
            Some("https://pariscall.example/en/news/"),
        );
        assert_eq!(
            md,
            "See [the call](https://pariscall.example/call/text) and [web](https://x.org/a).\n"
        );
        assert_eq!(r.len(), 1);
        let (md, _) = rewrite("See [*the* call](../call) or <https://a.b/>.\n", None);
        assert_eq!(md, "See *the* call or <https://a.b/>.\n");
    }

    #[test]
    fn linked_images_keep_the_link() {
        let (md, _) = rewrite("[![Alt](i.png)](https://x.org/)\n", None);
        assert_eq!(md, "[Alt](https://x.org/)\n");
    }

    #[test]
    fn anchors_and_code_are_left_alone_or_texted() {
        let (md, _) = rewrite("`[a](b)` and [top](#top)\n", Some("https://x.org/"));
        assert_eq!(md, "`[a](b)` and top\n");
    }
}
