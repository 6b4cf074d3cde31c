//! Layouts that other tools' conversions leave, recognised from the document's own
//! statistics (never from its name), and undone before the rules run. Takes a body's
//! text; gives the repaired text and, for each of its lines, the line it came from, so
//! reports still point at the seed.
//!
//! Today: the "blank line after every wrapped line" layout that some PDF-to-Markdown
//! converters write, where one blank line is a line wrap and two or more are a
//! paragraph break.

/// A body rewritten by a layout repair.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repaired {
    pub text: String,
    /// For each line of `text` (0-based), the 0-based line of the input it came from.
    pub origin: Vec<usize>,
    /// The name of the layout that was undone, for the report.
    pub layout: &'static str,
}

/// Undo a layout if the text has one; `None` leaves the text as it is.
pub fn repair(text: &str) -> Option<Repaired> {
    let lines: Vec<&str> = text.lines().collect();
    if !is_blank_line_wrapped(&lines) {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut origin = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if lines[i].trim().is_empty() {
            let start = i;
            while i < lines.len() && lines[i].trim().is_empty() {
                i += 1;
            }
            // One blank line is a wrap (dropped); two or more are one paragraph break.
            if i - start >= 2 && start > 0 && i < lines.len() {
                out.push('\n');
                origin.push(start);
            }
            continue;
        }
        out.push_str(lines[i]);
        out.push('\n');
        origin.push(i);
        i += 1;
    }
    Some(Repaired {
        text: out,
        origin,
        layout: "a blank line after every wrapped line (PDF converted to Markdown)",
    })
}

/// Most text lines are followed by exactly one blank line, almost none by another text
/// line directly, and many single blank lines fall mid-sentence (the line before does
/// not end a sentence and the line after starts in lower case): the blank lines are
/// line wraps, not paragraph breaks.
fn is_blank_line_wrapped(lines: &[&str]) -> bool {
    let (mut text_lines, mut adjacent, mut single_gaps, mut mid_sentence, mut wide_gaps) =
        (0usize, 0usize, 0usize, 0usize, 0usize);
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i].trim();
        if line.is_empty() {
            i += 1;
            continue;
        }
        text_lines += 1;
        let next_text = (i + 1..lines.len()).find(|&j| !lines[j].trim().is_empty());
        if let Some(j) = next_text {
            match j - i - 1 {
                0 => adjacent += 1,
                1 => {
                    single_gaps += 1;
                    let next = lines[j].trim();
                    if !ends_sentence(line) && next.chars().next().is_some_and(char::is_lowercase) {
                        mid_sentence += 1;
                    }
                }
                _ => wide_gaps += 1,
            }
        }
        i += 1;
    }
    text_lines >= 40
        && wide_gaps >= 3
        && adjacent * 20 < text_lines
        && single_gaps * 2 > text_lines
        && mid_sentence * 5 > single_gaps
}

fn ends_sentence(line: &str) -> bool {
    let t = line.trim_end_matches(['"', '”', '’', ')', '*', '_']);
    t.ends_with(['.', '!', '?', ':', ';'])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wrapped_doc() -> String {
        let mut s = String::from("Title\n\n\n\n");
        for k in 0..20 {
            s.push_str(&format!(
                "Paragraph {k} starts here and runs on\n\nacross a wrapped line that continues\n\nand ends here.\n\n\n\n"
            ));
        }
        s
    }

    #[test]
    fn single_blank_lines_are_wraps_and_wider_gaps_are_paragraphs() {
        let r = repair(&wrapped_doc()).expect("layout recognised");
        assert!(r.text.starts_with("Title\n\nParagraph 0 starts here and runs on\nacross a wrapped line that continues\nand ends here.\n\nParagraph 1"));
        assert_eq!(r.origin[0], 0);
        assert_eq!(r.origin[2], 4);
        assert_eq!(r.origin[3], 6);
        assert_eq!(r.text.lines().count(), r.origin.len());
    }

    #[test]
    fn ordinary_markdown_is_left_alone() {
        let mut s = String::new();
        for k in 0..30 {
            s.push_str(&format!("Paragraph {k} is one line and ends.\n\n"));
        }
        assert_eq!(repair(&s), None);
        let mut s = String::new();
        for k in 0..30 {
            s.push_str(&format!(
                "A hard-wrapped paragraph {k} whose lines\nfollow each other.\n\n"
            ));
        }
        assert_eq!(repair(&s), None);
    }
}
