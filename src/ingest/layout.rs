//! Layouts that other tools' conversions leave, recognised from the document's own
//! statistics (never from its name), and undone before the rules run. Takes a body's
//! text; gives the repaired text and, for each of its lines, the line it came from, so
//! reports still point at the seed.
//!
//! Two layouts: the "blank line after every wrapped line" that some PDF-to-Markdown
//! converters write, where one blank line is a line wrap and two or more are a
//! paragraph break; and a PDF's text saved without its page breaks, whose pages are
//! found again from their numbers, counting up (a form feed is put back where each page
//! starts, for the rules that drop running headers and page numbers and rejoin what a
//! page break cut).

/// A body rewritten by a layout repair.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repaired {
    pub text: String,
    /// For each line of `text` (0-based), the 0-based line of the input it came from.
    pub origin: Vec<usize>,
    /// The name of the layout that was undone, for the report.
    pub layout: &'static str,
}

/// Undo the layouts the text has; `None` leaves the text as it is.
pub fn repair(text: &str) -> Option<Repaired> {
    let unwrapped = unwrap_blank_lines(text);
    let paged = page_breaks_put_back(unwrapped.as_ref().map_or(text, |r| &r.text));
    match (unwrapped, paged) {
        (None, None) => None,
        (Some(r), None) => Some(r),
        (None, Some(p)) => Some(p),
        (Some(r), Some(p)) => Some(Repaired {
            origin: p.origin.iter().map(|&i| r.origin[i]).collect(),
            text: p.text,
            layout: "a blank line after every wrapped line, and pages without their breaks (PDF converted to text)",
        }),
    }
}

/// The page-break layout: see the module's documentation. Lines keep their numbers.
fn page_breaks_put_back(text: &str) -> Option<Repaired> {
    if text.contains('\u{c}') {
        return None;
    }
    let lines: Vec<&str> = text.lines().collect();
    let starts = page_starts(&lines)?;
    let mut out = String::with_capacity(text.len() + starts.len());
    let mut next = starts.iter().peekable();
    for (i, line) in lines.iter().enumerate() {
        if next.peek() == Some(&&i) {
            out.push('\u{c}');
            next.next();
        }
        out.push_str(line);
        out.push('\n');
    }
    Some(Repaired {
        text: out,
        origin: (0..lines.len()).collect(),
        layout: "pages without their breaks (PDF converted to text)",
    })
}

/// The lines a page starts on, when the text's pages can be told: at least five lines
/// that are only a number, counting up by one, a page's length apart (ten lines or
/// more on average). A page starts at its number: a running header set just above it
/// ends the page before, where the rules find it on every page's edge all the same.
fn page_starts(lines: &[&str]) -> Option<Vec<usize>> {
    let numbers: Vec<(usize, u32)> = lines
        .iter()
        .enumerate()
        .filter_map(|(i, l)| {
            let t = l.trim().trim_matches(['-', '–', ' ']).trim();
            (!t.is_empty() && t.len() <= 5 && t.chars().all(|c| c.is_ascii_digit()))
                .then(|| t.parse().ok().map(|n| (i, n)))
                .flatten()
        })
        .collect();
    let chain = longest_count(&numbers);
    if chain.len() < 5 {
        return None;
    }
    let (first, last) = (chain[0], chain[chain.len() - 1]);
    if (last - first) / (chain.len() - 1) < 10 {
        return None;
    }
    Some(chain.into_iter().filter(|&i| i > 0).collect())
}

/// The longest run of number lines whose numbers count up by one (other numbers may
/// stand between them: a table's figures, a list's): the lines' indexes.
fn longest_count(numbers: &[(usize, u32)]) -> Vec<usize> {
    // For each number seen, the longest run ending on it: its length and the entry (in
    // `numbers`) it ends on; each entry keeps the entry before it in its run.
    let mut runs: std::collections::HashMap<u32, (usize, usize)> = Default::default();
    let mut before: Vec<Option<usize>> = Vec::with_capacity(numbers.len());
    let mut best: Option<(usize, usize)> = None;
    for (k, &(_, n)) in numbers.iter().enumerate() {
        let prev = n.checked_sub(1).and_then(|p| runs.get(&p)).copied();
        before.push(prev.map(|(_, entry)| entry));
        let len = prev.map_or(1, |(len, _)| len + 1);
        if best.is_none_or(|(b, _)| len > b) {
            best = Some((len, k));
        }
        if runs.get(&n).is_none_or(|&(l, _)| l < len) {
            runs.insert(n, (len, k));
        }
    }
    let mut chain = Vec::new();
    let mut entry = best.map(|(_, k)| k);
    while let Some(k) = entry {
        chain.push(numbers[k].0);
        entry = before[k];
    }
    chain.reverse();
    chain
}

/// The blank-line layout: see the module's documentation.
fn unwrap_blank_lines(text: &str) -> Option<Repaired> {
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
    fn pages_found_again_from_their_numbers_under_a_running_header() {
        // The Hong Kong Legislative Council's record, saved as text from its PDF.
        let mut s = String::from("立法會  ─  2013年 1月 10日\n\n3231\n\n會議過程正式紀錄\n");
        for page in 3232..3240 {
            for k in 0..12 {
                s.push_str(&format!("第{k}行的發言繼續，\n"));
            }
            s.push_str(&format!("立法會  ─  2013年 1月 10日 \n \n{page} \n"));
        }
        let r = repair(&s).expect("pages found");
        let starts: Vec<&str> = r.text.lines().filter(|l| l.starts_with('\u{c}')).collect();
        assert_eq!(starts.len(), 9);
        assert!(
            starts[1..]
                .iter()
                .zip(3232..)
                .all(|(l, n)| l.trim() == format!("\u{c}{n}").trim()),
            "{starts:?}"
        );
        assert_eq!(r.text.lines().count(), s.lines().count());
        // Numbers that do not count pages (a list's, a table's) leave the text alone.
        let mut t = String::new();
        for k in 1..30 {
            t.push_str(&format!("{}\nItem text.\n", k % 7));
        }
        assert_eq!(repair(&t), None);
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
