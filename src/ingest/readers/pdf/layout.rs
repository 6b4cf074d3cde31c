//! Layout analysis, independent of the PDF backend: glyphs -> lines -> reading order
//! (columns) -> running headers/footers -> paragraph starts.

use super::{DroppedLine, PdfLine};
use once_cell::sync::Lazy;
use regex::Regex;

/// One glyph as the backend reports it. `y` is the baseline, measured from the top of the page.
#[derive(Debug, Clone)]
pub(crate) struct Glyph {
    pub x: f32,
    pub y: f32,
    /// advance width in points
    pub w: f32,
    pub size: f32,
    pub bold: bool,
    /// index of the text-showing operation (for diagnostics)
    #[allow(dead_code)]
    pub op: u32,
    pub text: String,
}

/// A line under construction.
#[derive(Debug, Clone)]
pub(crate) struct Line {
    pub text: String,
    pub x0: f32,
    pub x1: f32,
    pub y: f32,
    pub size: f32,
    bold_chars: usize,
    chars: usize,
    /// reading-order flow this line belongs to (region * 16 + column); spanning lines get their own
    pub flow: usize,
    /// the glyph runs the line is made of, to read a right-to-left line again (kept only
    /// on pages with right-to-left text)
    pieces: Vec<Piece>,
}

/// The text of one text-showing operation and where it stands.
#[derive(Debug, Clone)]
struct Piece {
    x0: f32,
    x1: f32,
    text: String,
}

impl Piece {
    fn of(g: &Glyph) -> Piece {
        Piece {
            x0: g.x,
            x1: g.x + g.w.max(0.0),
            text: g.text.clone(),
        }
    }
}

impl Line {
    fn from_glyph(g: &Glyph, keep_pieces: bool) -> Line {
        let mut l = Line {
            text: String::new(),
            x0: g.x,
            x1: g.x + g.w.max(0.0),
            y: g.y,
            size: g.size,
            bold_chars: 0,
            chars: 0,
            flow: 0,
            pieces: if keep_pieces {
                vec![Piece::of(g)]
            } else {
                Vec::new()
            },
        };
        l.push_text(&g.text, g.bold);
        l
    }
    fn push_text(&mut self, t: &str, bold: bool) {
        for c in t.chars() {
            if !c.is_whitespace() {
                self.chars += 1;
                if bold {
                    self.bold_chars += 1;
                }
            }
        }
        self.text.push_str(t);
    }
    fn ends_with_space(&self) -> bool {
        self.text.ends_with(char::is_whitespace)
    }
    /// appends `other` (to the right), with a space if there is a visible gap
    fn append(&mut self, other: &Line, gap: f32) {
        let size = self.size.max(other.size);
        if gap > 0.15 * size
            && !self.ends_with_space()
            && !other.text.starts_with(char::is_whitespace)
        {
            self.text.push(' ');
        }
        self.text.push_str(&other.text);
        self.pieces.extend(other.pieces.iter().cloned());
        self.chars += other.chars;
        self.bold_chars += other.bold_chars;
        self.x1 = self.x1.max(other.x1);
        // the line's size and baseline are those of its main text, not of superscripts
        if other.chars > self.chars - other.chars {
            self.size = other.size;
            self.y = other.y;
        }
    }
    pub fn bold(&self) -> bool {
        self.chars > 0 && self.bold_chars * 2 > self.chars
    }
}

/// Content-order glyphs -> fragments (runs of adjacent glyphs on one baseline).
fn fragments(glyphs: &[Glyph]) -> Vec<Line> {
    // A page read left to right needs no pieces: copying every glyph's text for them would
    // be work for nothing on the hot path.
    let keep_pieces = glyphs
        .iter()
        .any(|g| g.text.chars().any(is_right_to_left_letter));
    let mut out: Vec<Line> = Vec::new();
    let mut cur: Option<Line> = None;
    for g in glyphs {
        if g.size <= 0.0 || g.text.is_empty() {
            continue;
        }
        if let Some(c) = cur.as_mut() {
            let size = c.size.max(g.size);
            let dy = (g.y - c.y).abs();
            let gap = g.x - c.x1;
            // pdf_oxide gives a soft hyphen a bogus advance: allow the overlap after one
            let back = if c.text.ends_with('\u{AD}') { 1.5 } else { 0.5 };
            // A much larger or smaller size a gap away starts another block on the
            // baseline (see `join_lines`); a note's marker is small and close.
            let other_block = (g.size.min(c.size) < 0.75 * size
                && gap > 0.6 * g.size.min(c.size)
                && !is_note_marker(&g.text, g.size, c))
                || is_drop_cap(c, g.size);
            if dy <= 0.25 * size && gap >= -back * size && gap <= 1.0 * size && !other_block {
                if g.text.chars().all(char::is_whitespace) {
                    if !c.ends_with_space() {
                        c.text.push(' ');
                    }
                } else if is_note_marker(&g.text, g.size, c) {
                    // Glued to its word, as markers set without a gap are, so notes find it.
                    let kept = c.text.trim_end().len();
                    c.text.truncate(kept);
                    c.push_text(&g.text, g.bold);
                    if keep_pieces {
                        c.pieces.push(Piece::of(g));
                    }
                } else {
                    // A note's number set small before figures at the body's size ("⁹16
                    // C.F.R.") is a word of its own, however close: never "916".
                    let digits_meet = c.text.ends_with(|ch: char| ch.is_ascii_digit())
                        && g.text.starts_with(|ch: char| ch.is_ascii_digit());
                    let sizes_differ = g.size < 0.85 * c.size || c.size < 0.85 * g.size;
                    if (gap > 0.15 * size || (digits_meet && sizes_differ)) && !c.ends_with_space()
                    {
                        c.text.push(' ');
                    }
                    c.push_text(&g.text, g.bold);
                    if keep_pieces {
                        c.pieces.push(Piece::of(g));
                    }
                }
                c.x1 = c.x1.max(g.x + g.w.max(0.0));
                continue;
            }
            out.push(
                cur.take()
                    .unwrap_or_else(|| Line::from_glyph(g, keep_pieces)),
            );
        }
        if g.text.chars().all(char::is_whitespace) {
            continue;
        }
        cur = Some(Line::from_glyph(g, keep_pieces));
    }
    out.extend(cur);
    out.retain(|f| f.chars > 0);
    out
}

/// Small digits right after a word or its punctuation ("Development, ¹⁰ further"): a
/// note marker, set in a smaller size, and often with a gap or a space before it.
/// (The raise itself is not seen: the PDF's text rise leaves the glyphs' baseline as is.)
fn is_note_marker(text: &str, size: f32, run: &Line) -> bool {
    (1..=3).contains(&text.len())
        && text.chars().all(|c| c.is_ascii_digit())
        && size < 0.85 * run.size
        && run
            .text
            .trim_end()
            .ends_with(|c: char| c.is_alphabetic() || ",.;:)”’\"".contains(c))
}

fn is_leader(t: &str) -> bool {
    let t = t.trim_end();
    t.ends_with("..") || t.ends_with(". .") || t.ends_with('\u{2026}')
}

/// Fragments -> lines: joins fragments on the same baseline that are close horizontally
/// (or separated by a dot leader, as in a table of contents), never across a gutter.
fn join_lines(mut frags: Vec<Line>) -> Vec<Line> {
    let rivers = white_rivers(&frags);
    frags.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    let mut lines: Vec<Line> = Vec::new();
    for f in frags {
        let mut best: Option<(usize, f32)> = None;
        for (i, l) in lines.iter().enumerate() {
            let size = l.size.max(f.size);
            let dy = (f.y - l.y).abs();
            let gap = f.x0 - l.x1;
            let small = f.size.min(l.size) < 0.85 * size; // superscript / subscript
            let dy_ok = dy <= 0.25 * size || (small && dy <= 0.6 * size && gap < 0.6 * size);
            let back = if l.text.ends_with('\u{AD}') { 1.5 } else { 0.3 };
            // Text in a much larger or smaller size beside a line, a gap away, is another
            // block on the same baseline (a pull quote in a side column, a box's label),
            // not more of the line: read across, the two had made nonsense sentences.
            let other_block = (f.size.min(l.size) < 0.75 * size
                && !small_beside(&f, l)
                && gap > 0.6 * f.size.min(l.size))
                || is_drop_cap(l, f.size)
                || is_drop_cap(&f, l.size);
            let gap_ok = gap >= -back * size
                && !other_block
                && (gap <= 1.5 * size || is_leader(&l.text))
                && !(gap > 0.3 * size
                    && crosses_river(l.x1, f.x0, &rivers)
                    && are_prose_columns(&l.text, &f.text));
            if dy_ok && gap_ok && best.is_none_or(|(_, g)| gap < g) {
                best = Some((i, gap));
            }
        }
        match best {
            Some((i, gap)) => lines[i].append(&f, gap),
            None => lines.push(f),
        }
    }
    with_drop_caps_in_place(lines)
}

/// A single letter set three lines high or more beside text of `size`: a drop cap.
fn is_drop_cap(l: &Line, size: f32) -> bool {
    l.chars == 1 && l.text.trim().chars().all(char::is_alphabetic) && l.size >= 2.5 * size
}

/// A drop cap ("P" set three lines high) is the first letter of its paragraph's first
/// line, the topmost line that starts right of it within its height; its baseline is a
/// lower line's, which it had been glued to ("PSecurity Strategy ..." in a heading's
/// size, the paragraph left opening "rotecting the American people").
fn with_drop_caps_in_place(mut lines: Vec<Line>) -> Vec<Line> {
    let mut caps: Vec<usize> = Vec::new();
    for c in 0..lines.len() {
        let cap = &lines[c];
        if cap.chars != 1 {
            continue;
        }
        let first = lines
            .iter()
            .enumerate()
            .filter(|(i, l)| {
                *i != c
                    && is_drop_cap(cap, l.size)
                    && l.x0 >= cap.x1 - 0.5 * l.size
                    && l.x0 <= cap.x1 + 2.5 * l.size
                    && l.y > cap.y - 1.2 * cap.size
                    && l.y <= cap.y + 0.5 * l.size
            })
            .min_by(|a, b| a.1.y.total_cmp(&b.1.y))
            .map(|(i, _)| i);
        if let Some(t) = first {
            let (letter, x0, bold) = (cap.text.trim().to_string(), cap.x0, cap.bold());
            let line = &mut lines[t];
            line.text = format!("{letter}{}", line.text.trim_start());
            line.x0 = x0;
            line.chars += 1;
            line.bold_chars += usize::from(bold);
            caps.push(c);
        }
    }
    for c in caps.into_iter().rev() {
        lines.remove(c);
    }
    lines
}

/// Whether one of two pieces on a baseline is small text set against the other the way
/// notes and exponents are, or a note's number before its text: a few characters in the
/// smaller size (never a block of its own).
fn small_beside(f: &Line, l: &Line) -> bool {
    (f.size < l.size && f.chars <= 3) || (l.size < f.size && l.chars <= 3)
}

/// Vertical bands of white running down the page between text on both sides: the
/// gutters of columns set close together (a Federal Register page's are one em wide, as
/// wide as a justified line's widest word space). Seen on the fragments, before lines are
/// joined: the spaces between words fall at a different place on every line, a gutter at
/// the same place on all of them.
fn white_rivers(frags: &[Line]) -> Vec<(f32, f32)> {
    if frags.len() < 16 {
        return Vec::new();
    }
    let mut rows: Vec<i32> = frags.iter().map(|l| l.y.round() as i32).collect();
    rows.sort_unstable();
    rows.dedup();
    let Some(BareRuns { minx, maxx, runs }) = bare_runs(frags, (rows.len() / 10).max(1)) else {
        return Vec::new();
    };
    let width = maxx - minx;
    runs.into_iter()
        .filter(|&(a, b)| {
            let centre = (a + b) / 2.0;
            b - a >= 3.0 && centre > minx + 0.15 * width && centre < maxx - 0.15 * width
        })
        .collect()
}

/// A page's left and right edges and the x ranges between that few lines cover.
struct BareRuns {
    minx: f32,
    maxx: f32,
    runs: Vec<(f32, f32)>,
}

/// The x ranges of a page that at most `allowed` of `lines` cover, with the page's left
/// and right edges; `None` for a page too narrow or too wide to have columns.
fn bare_runs(lines: &[Line], allowed: usize) -> Option<BareRuns> {
    let minx = lines.iter().map(|l| l.x0).fold(f32::MAX, f32::min);
    let maxx = lines.iter().map(|l| l.x1).fold(f32::MIN, f32::max);
    let width = maxx - minx;
    if !(width > 50.0 && width < 5000.0) {
        return None;
    }
    let bins = width.ceil() as usize + 1;
    let mut cover = vec![0usize; bins];
    for l in lines {
        let a = ((l.x0 - minx).max(0.0)) as usize;
        let b = (((l.x1 - minx).max(0.0)) as usize).min(bins - 1);
        for c in cover.iter_mut().take(b + 1).skip(a) {
            *c += 1;
        }
    }
    let mut runs = Vec::new();
    let mut i = 0;
    while i < bins {
        if cover[i] > allowed {
            i += 1;
            continue;
        }
        let s = i;
        while i < bins && cover[i] <= allowed {
            i += 1;
        }
        runs.push((minx + s as f32, minx + i as f32));
    }
    Some(BareRuns { minx, maxx, runs })
}

/// Two pieces of a row that read as the ends of two lines of prose, not a table's figures
/// ("36  39") or a list's number and its text ("1.  CDC (2024) ...").
fn are_prose_columns(left: &str, right: &str) -> bool {
    let words = left
        .split_whitespace()
        .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 2)
        .count();
    words >= 2
        && right
            .trim_start()
            .starts_with(|c: char| c.is_alphabetic() || "(“‘\"'[".contains(c))
}

/// The space between `x1` and `x0` is mostly one of the page's white rivers.
fn crosses_river(x1: f32, x0: f32, rivers: &[(f32, f32)]) -> bool {
    rivers
        .iter()
        .any(|&(a, b)| (x0.min(b) - x1.max(a)) * 2.0 >= (x0 - x1))
}

/// Vertical gutters (x ranges) that split the page into columns.
fn gutters(lines: &[Line]) -> Vec<(f32, f32)> {
    let found = gutters_among(lines);
    if found.is_empty() {
        gutters_under_full_width_text(lines)
    } else {
        found
    }
}

/// A page whose text runs the full width above or below its columns (a section's
/// introduction over two columns): its wide lines cross the gutter too often for the
/// page's count to find it. The gutter is looked for among the other lines, and kept
/// where no wide line stands between the lines of its columns (those are then read as
/// the regions above and below; a National Cyber Strategy's two columns had been read
/// across, line by line).
fn gutters_under_full_width_text(lines: &[Line]) -> Vec<(f32, f32)> {
    let width = page_width(lines);
    let is_wide = |l: &Line| l.x1 - l.x0 > 0.6 * width;
    // Of the wide lines only their heights are needed.
    let wide: Vec<f32> = lines.iter().filter(|l| is_wide(l)).map(|l| l.y).collect();
    if wide.len() < 2 {
        return Vec::new();
    }
    let narrow: Vec<Line> = lines.iter().filter(|l| !is_wide(l)).cloned().collect();
    if narrow.len() < 8 {
        return Vec::new();
    }
    gutters_among(&narrow)
        .into_iter()
        .filter(|&(gs, ge)| {
            let (left, right) = sides(&narrow, gs, ge);
            let top = left
                .iter()
                .chain(&right)
                .map(|l| l.y)
                .fold(f32::MAX, f32::min);
            let bottom = left
                .iter()
                .chain(&right)
                .map(|l| l.y)
                .fold(f32::MIN, f32::max);
            !wide.iter().any(|&y| y > top && y < bottom)
        })
        .collect()
}

fn gutters_among(lines: &[Line]) -> Vec<(f32, f32)> {
    let n = lines.len();
    if n < 8 {
        return Vec::new();
    }
    let Some(BareRuns { minx, maxx, runs }) = bare_runs(lines, (n / 7).max(2)) else {
        return Vec::new();
    };
    let width = maxx - minx;
    let mut out = Vec::new();
    for (gs, ge) in runs {
        let centre = (gs + ge) / 2.0;
        if ge - gs < 6.0 || centre < minx + 0.1 * width || centre > maxx - 0.1 * width {
            continue;
        }
        let near_edge = centre < minx + 0.2 * width || centre > maxx - 0.2 * width;
        let (left, right) = sides(lines, gs, ge);
        let is_column = |side: &[&Line], other: &[&Line]| {
            if near_edge || side.len() * 100 < n * 15 || side.len() < 3 {
                return false;
            }
            let median = median_width(side.iter().copied()).unwrap_or(0.0);
            median >= 0.25 * width || (median >= 0.1 * width && is_sidebar(side, other))
        };
        // A pull quote or a box in its own size, on its own baselines, beside the text:
        // a side column however few its lines (a think-tank report's quote had been read
        // line by line into the text beside it).
        if has_side_block(&left, &right) || (is_column(&left, &right) && is_column(&right, &left)) {
            out.push((gs, ge));
        }
    }
    // A side block's own gutter may be narrow and its lines few, so that the looser
    // search above takes its whole column for white: look again where no line at all
    // crosses (one may: a heading over both).
    if let Some(strict) = bare_runs(lines, 1) {
        for (gs, ge) in strict.runs {
            let centre = (gs + ge) / 2.0;
            let inside = centre > minx + 0.05 * width && centre < maxx - 0.05 * width;
            let known = out
                .iter()
                .any(|&(a, b)| gs < b && ge > a && (b - a) < 3.0 * (ge - gs));
            if ge - gs < 4.0 || !inside || known {
                continue;
            }
            let (left, right) = sides(lines, gs, ge);
            if has_side_block(&left, &right) {
                out.push((gs, ge));
            }
        }
        out.sort_by(|a, b| a.0.total_cmp(&b.0));
    }
    out
}

/// Whether one side of a gutter is a side block beside the other (see [`is_side_block`]).
fn has_side_block(left: &[&Line], right: &[&Line]) -> bool {
    is_side_block(left, right) || is_side_block(right, left)
}

/// Lines set larger than the text (a tenth or more), on baselines of their own, beside
/// it, three or more of them with words: a pull quote's. (A table's column in its own size
/// is no side block: its cells are short or sit on the rows' baselines.)
fn is_side_block(side: &[&Line], other: &[&Line]) -> bool {
    let median_size = |v: &[&Line]| median(v.iter().map(|l| l.size).collect());
    let (Some(a), Some(b)) = (median_size(side), median_size(other)) else {
        return false;
    };
    let worded = side
        .iter()
        .filter(|l| {
            l.text
                .split_whitespace()
                .filter(|w| w.chars().any(char::is_alphabetic))
                .count()
                >= 2
        })
        .count();
    side.len() >= 3
        && worded * 2 >= side.len()
        && side.len() < other.len()
        && a >= 1.1 * b
        && is_sidebar(side, other)
}

/// The width the page's lines cover.
fn page_width(lines: &[Line]) -> f32 {
    let minx = lines.iter().map(|l| l.x0).fold(f32::MAX, f32::min);
    let maxx = lines.iter().map(|l| l.x1).fold(f32::MIN, f32::max);
    maxx - minx
}

/// The median width of some lines.
fn median_width<'a>(lines: impl IntoIterator<Item = &'a Line>) -> Option<f32> {
    median(lines.into_iter().map(|l| l.x1 - l.x0).collect())
}

/// The median of some values (the upper one of an even count).
fn median(mut values: Vec<f32>) -> Option<f32> {
    values.sort_by(f32::total_cmp);
    values.get(values.len() / 2).copied()
}

/// The lines wholly left of a gutter from `gs` to `ge`, and those wholly right of it.
fn sides(lines: &[Line], gs: f32, ge: f32) -> (Vec<&Line>, Vec<&Line>) {
    (
        lines.iter().filter(|l| l.x1 <= gs + 1.0).collect(),
        lines.iter().filter(|l| l.x0 >= ge - 1.0).collect(),
    )
}

/// Lines whose median width is under a quarter of the page's: a sidebar's.
fn is_narrow(lines: &[Line], page_width: f32) -> bool {
    median_width(lines).is_some_and(|m| m < 0.25 * page_width)
}

/// A narrow side column is a sidebar (a box of its own, read apart) rather than the label
/// column of a table when its lines keep their own baselines: a table's cells, a margin's
/// paragraph numbers and side headings sit on the baselines of the text beside them.
fn is_sidebar(side: &[&Line], other: &[&Line]) -> bool {
    let aligned = side
        .iter()
        .filter(|l| {
            other
                .iter()
                .any(|o| (o.y - l.y).abs() <= 0.15 * l.size.min(o.size))
        })
        .count();
    aligned * 3 <= side.len()
}

fn sort_rows(v: &mut [Line]) {
    v.sort_by(|a, b| a.y.total_cmp(&b.y));
    // lines whose baselines (nearly) coincide are read left to right
    let mut i = 0;
    while i < v.len() {
        let mut j = i + 1;
        while j < v.len() && (v[j].y - v[i].y).abs() <= 0.3 * v[i].size.max(v[j].size) {
            j += 1;
        }
        v[i..j].sort_by(|a, b| a.x0.total_cmp(&b.x0));
        i = j;
    }
}

/// Orders the lines of a page: full-width (spanning) lines cut the page into regions; inside a
/// region, each column is read top to bottom, left column first.
fn reading_order(lines: Vec<Line>) -> Vec<Line> {
    let gs = gutters(&lines);
    if gs.is_empty() {
        let mut v = lines;
        sort_rows(&mut v);
        for l in &mut v {
            l.flow = 0;
        }
        return v;
    }
    // A line spans the columns when it bridges a whole gutter; one that only reaches into a
    // gutter (a long line of a boxed note) stays in its column.
    let width = page_width(&lines);
    let crosses = |l: &Line| gs.iter().any(|&(a, b)| l.x0 < a + 1.0 && l.x1 > b - 1.0);
    let (mut span, rest): (Vec<Line>, Vec<Line>) = lines.into_iter().partition(crosses);
    span.sort_by(|a, b| a.y.total_cmp(&b.y));
    let nreg = span.len() + 1;
    let ncol = gs.len() + 1;
    let mut cells: Vec<Vec<Line>> = vec![Vec::new(); nreg * ncol];
    for l in rest {
        let r = span.iter().take_while(|s| s.y < l.y).count();
        let c = gs.iter().take_while(|&&(a, _)| l.x0 >= a).count();
        cells[r * ncol + c].push(l);
    }
    let mut out: Vec<Line> = Vec::new();
    let mut span = span.into_iter();
    for r in 0..nreg {
        if r > 0 {
            if let Some(mut s) = span.next() {
                // consecutive full-width lines (a title over two lines) form one flow
                s.flow = match out.last() {
                    Some(p) if p.flow >= 1000 => p.flow,
                    _ => 1000 + r,
                };
                out.push(s);
            }
        }
        // a sidebar is read after the columns it stands beside
        let mut order: Vec<usize> = (0..ncol).collect();
        order.sort_by_key(|&c| is_narrow(&cells[r * ncol + c], width));
        for (k, c) in order.into_iter().enumerate() {
            let mut v = std::mem::take(&mut cells[r * ncol + c]);
            sort_rows(&mut v);
            for l in &mut v {
                l.flow = r * 16 + c;
            }
            // The short last line of a paragraph set full width, right under it and at
            // its left edge, carrying its sentence on, is that paragraph's, not the
            // column's first.
            if let (0, Some(first), Some(above)) = (k, v.first_mut(), out.last()) {
                let right_under = first.y > above.y && first.y - above.y <= 1.6 * above.size;
                let runs_on = !above.text.trim_end().ends_with(['.', '!', '?', ':', ';']);
                if above.flow >= 1000
                    && right_under
                    && runs_on
                    && (first.x0 - above.x0).abs() <= 2.0
                {
                    first.flow = above.flow;
                }
            }
            out.extend(v);
        }
    }
    out
}

/// Lines of one page in reading order.
pub(crate) fn page_lines(glyphs: &[Glyph]) -> Vec<Line> {
    let mut lines = join_lines(fragments(glyphs));
    let visual = arabic_pieces_in_visual_order(&lines);
    for line in &mut lines {
        if visual {
            for p in line.pieces.iter_mut().filter(|p| is_right_to_left(&p.text)) {
                p.text = in_reading_order(&p.text);
            }
        }
        if (line.pieces.len() > 1 || visual) && is_right_to_left(&line.text) {
            line.text = read_right_to_left(&mut line.pieces, line.size);
        }
    }
    reading_order(lines)
}

/// Whether the page's Arabic pieces are in visual order, each piece's letters left to
/// right as drawn (an Algerian gazette's "دحﻷا" for "اﻷحد"), rather than in reading
/// order as most PDFs give them. Told by the definite article: in reading order words
/// open on "ال" (or the lam-alef ligature after an alef); drawn left to right they end on
/// it. Three words at least, twice as many one way as the other.
fn arabic_pieces_in_visual_order(lines: &[Line]) -> bool {
    const OPENINGS: [&str; 6] = ["ال", "ٱل", "اﻷ", "اﻹ", "اﻵ", "اﻻ"];
    let (mut reading, mut visual) = (0usize, 0usize);
    for p in lines.iter().flat_map(|l| &l.pieces) {
        for w in p.text.split_whitespace() {
            if OPENINGS.iter().any(|o| w.starts_with(o)) {
                reading += 1;
            }
            let reversed: String = w.chars().rev().collect();
            if OPENINGS.iter().any(|o| reversed.starts_with(o)) {
                visual += 1;
            }
        }
    }
    visual >= 3 && visual > 2 * reading
}

/// A piece's letters drawn left to right, in reading order: reversed, with each
/// combining mark (a shadda, a vowel sign) kept after the letter it sits on.
fn in_reading_order(text: &str) -> String {
    // Numbers and Latin words inside the line are drawn left to right and read so: the
    // runs are read from the right, the letters of the Arabic ones too.
    let left_to_right = |c: char| c.is_ascii_alphanumeric() || c.is_numeric();
    let chars: Vec<char> = text.chars().collect();
    let mut runs: Vec<(bool, Vec<char>)> = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        // A full stop, comma, slash or hyphen between two figures is the number's.
        let inside_number = ".,/:-".contains(c)
            && i > 0
            && left_to_right(chars[i - 1])
            && chars.get(i + 1).is_some_and(|n| left_to_right(*n));
        let ltr = left_to_right(c) || inside_number;
        match runs.last_mut() {
            Some((kind, run)) if *kind == ltr => run.push(c),
            _ => runs.push((ltr, vec![c])),
        }
    }
    let mut out = String::with_capacity(text.len());
    for (ltr, run) in runs.iter().rev() {
        if *ltr {
            out.extend(run.iter());
            continue;
        }
        // Drawn left to right, a mark comes after its letter, so read backwards it comes
        // before it: held until the letter is written.
        let mut marks: Vec<char> = Vec::new();
        for &c in run.iter().rev() {
            if is_arabic_mark(c) {
                marks.push(c);
            } else {
                out.push(c);
                out.extend(marks.drain(..));
            }
        }
        out.extend(marks);
    }
    out
}

/// An Arabic combining mark: the harakat, shadda, sukun, superscript alef.
fn is_arabic_mark(c: char) -> bool {
    matches!(c as u32, 0x064B..=0x065F | 0x0670 | 0x06D6..=0x06ED)
}

/// Letters of a right-to-left script (Hebrew, Arabic, Syriac, Thaana and the Arabic
/// presentation forms) outnumber the others.
fn is_right_to_left(text: &str) -> bool {
    let (r, l) = text
        .chars()
        .filter(|c| c.is_alphabetic())
        .fold((0, 0), |(r, l), c| {
            if is_right_to_left_letter(c) {
                (r + 1, l)
            } else {
                (r, l + 1)
            }
        });
    r > l
}

/// A letter of a right-to-left script.
fn is_right_to_left_letter(c: char) -> bool {
    matches!(c as u32, 0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF)
}

/// The text of a line in a right-to-left script, its pieces in reading order: PDFs set
/// the pieces in visual order (left to right on the page) while each piece's own text is
/// in reading order, so they are read from the right edge to the left, except that a run
/// of left-to-right pieces inside the line (a number, a Latin name) reads left to right.
/// Pieces set apart by a visible gap are spaced.
fn read_right_to_left(pieces: &mut [Piece], size: f32) -> String {
    // by where each piece starts on the page: the advance widths of unmapped glyphs
    // (U+FFFD, a kashida) cannot be trusted
    pieces.sort_by(|a, b| b.x0.total_cmp(&a.x0));
    let left_to_right =
        |p: &Piece| !is_right_to_left(&p.text) && p.text.chars().any(char::is_alphanumeric);
    let mut i = 0;
    while i < pieces.len() {
        let mut j = i;
        while j < pieces.len() && left_to_right(&pieces[j]) {
            j += 1;
        }
        pieces[i..j].reverse();
        i = j.max(i + 1);
    }
    let mut text = String::new();
    let mut prev: Option<&Piece> = None;
    for p in pieces.iter() {
        let piece = p.text.as_str();
        if let Some(q) = prev {
            // the space between two pieces, whichever side of the other each stands
            let gap = (q.x0 - p.x1).max(p.x0 - q.x1);
            let spaced = text.ends_with(' ') || piece.starts_with(' ');
            if gap > 0.15 * size && !spaced {
                text.push(' ');
            }
        }
        text.push_str(piece);
        prev = Some(p);
    }
    // (runs of spaces are collapsed with the line's other clean-up, in `clean_text`)
    text
}

/// Text with digits masked, for comparing running headers across pages.
fn mask(t: &str) -> String {
    let t = t.trim().to_lowercase();
    let words: Vec<String> = t
        .split_whitespace()
        .map(|w| {
            let core = w.trim_matches(|c: char| !c.is_alphanumeric());
            if !core.is_empty() && core.chars().all(|c| "ivxlc".contains(c)) && core.len() <= 6 {
                "#".to_string()
            } else {
                w.chars()
                    .map(|c| if c.is_ascii_digit() { '#' } else { c })
                    .collect::<String>()
            }
        })
        .collect();
    let mut s = words.join(" ");
    while s.contains("##") {
        s = s.replace("##", "#");
    }
    s
}

/// The three outermost rows of lines from one edge of a page (`idx`: the page's lines from
/// that edge inward), each line with its row (0 outermost). Lines at the same height are
/// one row: a header set in two parts ("A/RES/78/265" on the left, the title's second
/// line on the right) may come out as two lines.
fn edge_ranks(idx: &[usize], lines: &[Line]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut row = 0;
    let mut row_y: Option<f32> = None;
    for &i in idx {
        let y = lines[i].y;
        if let Some(last) = row_y {
            if (y - last).abs() > 2.0 {
                row += 1;
            }
        }
        if row >= 3 {
            break;
        }
        row_y = Some(y);
        out.push((row, i));
    }
    out
}

/// What running headers are compared by: the text with digits masked, its words in any
/// order (a mirrored page sets "A/RES/78/265" before the title on one page, after it on
/// the next).
fn running_key(text: &str) -> String {
    // A header of three or more parts names the chapter last ("Survey 2017 | Main report
    // | Summary"): the parts before it are what repeats.
    let text = match text.rsplit_once(" | ") {
        Some((head, _)) if head.contains(" | ") => head,
        _ => text,
    };
    let masked = mask(text);
    let mut words: Vec<&str> = masked.split_whitespace().collect();
    words.sort_unstable();
    words.join(" ")
}

fn is_page_number(masked: &str) -> bool {
    let rest = masked
        .replace("page", "")
        .replace("of", "")
        .replace("p.", "")
        .replace(
            [
                '#', '-', '\u{2013}', '\u{2014}', '/', '|', '(', ')', '[', ']', '.', ' ',
            ],
            "",
        );
    masked.contains('#') && rest.is_empty()
}

/// Removes running headers/footers and page numbers found by the document's own statistics:
/// a line among the first/last three of a page, at (nearly) the same height, whose text is the
/// same modulo digits on at least half of the pages (all pages when there are only two).
/// Whether a line repeated on `pages_with` (0-based, sorted) of `n` pages is a running
/// head of facing pages: a journal sets its name over the even pages and its volume over
/// the odd ones, so each is on half the pages only. On pages of one parity alone, three
/// at least, and on three quarters of that parity's pages after the first.
fn on_alternate_pages(pages_with: &[usize], n: usize) -> bool {
    let Some(&first) = pages_with.first() else {
        return false;
    };
    let parity = first % 2;
    if pages_with.len() < 3 || pages_with.iter().any(|p| p % 2 != parity) {
        return false;
    }
    let of_parity = (1..n).filter(|p| p % 2 == parity).count();
    pages_with.len() * 4 >= of_parity * 3
}

pub(crate) fn drop_running(
    pages: &mut [Vec<Line>],
    heights: &[f32],
    dropped: &mut Vec<DroppedLine>,
) {
    let n = pages.len();
    if n < 2 {
        return;
    }
    let need = if n == 2 { 2 } else { n.div_ceil(2).max(2) };
    // candidates: the three outermost rows at the top and at the bottom of each page, inside
    // the top / bottom 20% of the page (a court's slip opinion sets its head 15% down, its second row 18.5%): (page, index in page, masked text, y, rank from edge)
    let mut cands: Vec<(usize, usize, String, f32)> = Vec::new();
    let mut rank: std::collections::HashMap<(usize, usize), (bool, usize)> = Default::default();
    for (p, lines) in pages.iter().enumerate() {
        let h = heights.get(p).copied().unwrap_or(792.0);
        let mut idx: Vec<usize> = (0..lines.len()).collect();
        idx.sort_by(|&a, &b| lines[a].y.total_cmp(&lines[b].y));
        for (r, i) in edge_ranks(&idx, lines) {
            if lines[i].y < 0.2 * h {
                rank.insert((p, i), (true, r));
            }
        }
        idx.reverse();
        for (r, i) in edge_ranks(&idx, lines) {
            if lines[i].y > 0.8 * h {
                rank.insert((p, i), (false, r));
            }
        }
    }
    let mut keys: Vec<_> = rank.keys().copied().collect();
    keys.sort_unstable();
    for (p, i) in keys {
        cands.push((p, i, running_key(&pages[p][i].text), pages[p][i].y));
    }
    let mut remove: Vec<(usize, usize, &'static str)> = Vec::new();
    for (p, i, key, y) in &cands {
        if key.is_empty() {
            continue;
        }
        // The candidates with its text (digits aside) at its height, itself included.
        let repeats: Vec<&(usize, usize, String, f32)> = cands
            .iter()
            .filter(|(_, _, k2, y2)| k2 == key && (y2 - y).abs() <= 4.0)
            .collect();
        let mut pages_with: Vec<usize> = repeats.iter().map(|c| c.0).collect();
        pages_with.sort_unstable();
        pages_with.dedup();
        let pn = is_page_number(key);
        if pages_with.len() < need && !on_alternate_pages(&pages_with, n) {
            continue;
        }
        let elsewhere = || {
            repeats
                .iter()
                .filter(|c| c.0 != *p)
                .map(|c| &pages[c.0][c.1])
        };
        if is_set_larger_than_its_repeats(&pages[*p][*i], elsewhere()) {
            continue;
        }
        let numbered: Vec<(usize, &str)> = repeats
            .iter()
            .map(|c| (c.0, pages[c.0][c.1].text.as_str()))
            .collect();
        if !pn && !numbers_run_as_a_header(&numbered) {
            continue;
        }
        if n == 2 && !pn {
            // two pages only: require identical text, not just modulo digits
            let exact = elsewhere().any(|l| l.text.trim() == pages[*p][*i].text.trim());
            if !exact {
                continue;
            }
        }
        let top = *y < heights.get(*p).copied().unwrap_or(792.0) / 2.0;
        let rule = match (pn, top) {
            (true, _) => "page-number",
            (false, true) => "running-header",
            (false, false) => "running-footer",
        };
        remove.push((*p, *i, rule));
    }
    remove.sort_unstable_by_key(|r| (r.0, std::cmp::Reverse(r.1)));
    remove.dedup_by_key(|r| (r.0, r.1));
    // outside in: a line goes only if a line of each row outside it goes too
    let removed: std::collections::HashSet<(usize, usize)> =
        remove.iter().map(|r| (r.0, r.1)).collect();
    // (A UN page's header is three rows: its symbol, "English", "Page 2".)
    remove.retain(|r| {
        let (top, rk) = rank[&(r.0, r.1)];
        (0..rk).all(|outer| {
            rank.iter()
                .any(|(k, v)| k.0 == r.0 && v.0 == top && v.1 == outer && removed.contains(k))
        })
    });
    for (p, i, rule) in remove {
        let l = pages[p].remove(i);
        dropped.push(DroppedLine {
            page: p + 1,
            text: l.text.trim().to_string(),
            rule,
        });
    }
    dropped.sort_by_key(|d| d.page);
}

/// Whether the numbers in lines that repeat at a page's edge (`(page, text)`) behave as a
/// running header's: the same over several pages (a chapter's number, a document's
/// symbol "A/RES/78/265") or counting with the pages ("Page 3 of 8"). A heading that
/// happens to open a page each time ("ARTICLE 5", "ARTICLE 8", "ARTICLE 10" on three
/// pages of a convention) numbers on by itself: it is text, not a header. Only numbers
/// set as words count (a code's digits, "EP06AU20.010", or a Korean header's
/// "제414회", are its text).
fn numbers_run_as_a_header(repeats: &[(usize, &str)]) -> bool {
    let numbers_of = |text: &str| -> Vec<i64> {
        text.split(|c: char| c.is_whitespace() || c == '/')
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
            .filter(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_digit()))
            .filter_map(|w| w.parse().ok())
            .collect()
    };
    let all: Vec<(usize, Vec<i64>)> = repeats.iter().map(|(p, t)| (*p, numbers_of(t))).collect();
    // What every line has is the header's own; what is left must count the pages or
    // stay the same over several.
    let Some((_, first)) = all.first() else {
        return true;
    };
    let common: Vec<i64> = first
        .iter()
        .copied()
        .filter(|v| all.iter().all(|(_, n)| n.contains(v)))
        .collect();
    let mut left: Vec<(i64, i64)> = Vec::new();
    for (page, n) in &all {
        let mut rest = n.clone();
        for v in &common {
            if let Some(k) = rest.iter().position(|r| r == v) {
                rest.remove(k);
            }
        }
        match rest.as_slice() {
            [] => {}
            [v] => left.push((*page as i64, *v)),
            // Numbers of other shapes ("Page 9" and "Page 10 of 12"): told by the text.
            _ => return true,
        }
    }
    if left.is_empty() {
        return true;
    }
    let counts_pages = left.iter().all(|(p, v)| v - p == left[0].1 - left[0].0);
    let mut distinct: Vec<i64> = left.iter().map(|(_, v)| *v).collect();
    distinct.sort_unstable();
    distinct.dedup();
    counts_pages || left.len() >= 2 * distinct.len()
}

/// A line set clearly larger than the lines that repeat its words at its height on the
/// other pages: a cover's or chapter's title whose words the running header repeats
/// ("THE DIGITAL MILLENNIUM COPYRIGHT ACT OF 1998" over the first page, in small type
/// over the others). It is the title, not the header.
fn is_set_larger_than_its_repeats<'a>(
    line: &Line,
    repeats: impl Iterator<Item = &'a Line>,
) -> bool {
    let mut sizes: Vec<f32> = repeats.map(|l| l.size).collect();
    if sizes.is_empty() {
        return false;
    }
    sizes.sort_by(f32::total_cmp);
    // Set as large on two other pages or more, it is a running head itself (facing pages
    // set the same foot in two sizes: "2 The High Seas Biodiversity Treaty" on every even
    // page, larger than the odd pages' foot), not a cover's title.
    let same_size = sizes
        .iter()
        .filter(|s| (*s - line.size).abs() < 0.5)
        .count();
    // A title runs to words; a document symbol set large in a masthead ("A/RES/78/265")
    // is the running header's, first page or not.
    line.text.split_whitespace().count() >= 3
        && line.size > 1.15 * sizes[sizes.len() / 2]
        && same_size < 2
}

/// A numbered paragraph's first line whose sentence goes on ("(2) The principles of ...
/// the processing of their personal", "I. Based on an approach ... principles and their"):
/// the indented line under it is the rest of the paragraph, set to the number's hanging
/// indent, not a new paragraph.
fn hangs_from_its_number(text: &str) -> bool {
    static NUMBERED: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"^(?:\(\d{1,3}\)|\d{1,3}\.|\([a-z]{1,2}\)|[a-z]\)|[IVX]{1,5}\.)\s+\S").unwrap()
    });
    let t = text.trim_end();
    NUMBERED.is_match(t.trim_start()) && !t.ends_with(['.', ':', ';', '!', '?', '”', '"'])
}

/// Expands the Latin ligature code points (NFKC of U+FB00..U+FB06 only), removes soft hyphens
/// and control characters, and collapses runs of spaces. A soft hyphen that ends the line is
/// where the word was broken ("technolo\u{AD}" / "gically"): it stays, for the line join to
/// join the word's two halves.
pub(crate) fn clean_text(t: &str) -> String {
    let broken = t.trim_end().ends_with('\u{AD}');
    let mut s = String::with_capacity(t.len());
    for c in t.chars() {
        match c {
            '\u{FB00}' => s.push_str("ff"),
            '\u{FB01}' => s.push_str("fi"),
            '\u{FB02}' => s.push_str("fl"),
            '\u{FB03}' => s.push_str("ffi"),
            '\u{FB04}' => s.push_str("ffl"),
            '\u{FB05}' | '\u{FB06}' => s.push_str("st"),
            '\u{AD}' => {}
            c if c.is_whitespace() => {
                if !s.is_empty() && !s.ends_with(' ') {
                    s.push(' ');
                }
            }
            c if c.is_control() => {}
            c => s.push(c),
        }
    }
    s.truncate(s.trim_end().len());
    if broken && s.ends_with(char::is_alphabetic) {
        s.push('\u{AD}');
    }
    s
}

/// Converts ordered lines to the public lines, with gap_before and paragraph starts.
pub(crate) fn finish(lines: Vec<Line>) -> Vec<PdfLine> {
    // typical left edge of each flow, to see indentation
    let mut lefts: std::collections::HashMap<usize, Vec<f32>> = Default::default();
    for l in &lines {
        lefts.entry(l.flow).or_default().push(l.x0);
    }
    let left_of = |flow: usize| -> f32 {
        let mut v = lefts.get(&flow).cloned().unwrap_or_default();
        v.sort_by(f32::total_cmp);
        // the most common left edge (to 1pt)
        let mut best = (0usize, v.first().copied().unwrap_or(0.0));
        let mut i = 0;
        while i < v.len() {
            let j = v[i..].iter().take_while(|x| **x - v[i] <= 1.0).count();
            if j > best.0 {
                best = (j, v[i]);
            }
            i += j.max(1);
        }
        best.1
    };
    let mut out: Vec<PdfLine> = Vec::with_capacity(lines.len());
    let mut prev: Option<&Line> = None;
    for l in &lines {
        let text = clean_text(&l.text);
        if text.is_empty() {
            continue;
        }
        let same_flow = prev.is_some_and(|p| p.flow == l.flow && p.y < l.y);
        let gap_before = match prev {
            Some(p) if same_flow => ((l.y - 0.8 * l.size) - (p.y + 0.2 * p.size)).max(0.0),
            _ => 0.0,
        };
        let left = left_of(l.flow);
        let indented = same_flow
            && l.x0 - left >= 0.8 * l.size
            && l.x0 - left <= 6.0 * l.size
            && prev.is_some_and(|p| (p.x0 - left).abs() < 0.5 * p.size)
            && !prev.is_some_and(|p| hangs_from_its_number(&p.text));
        out.push(PdfLine {
            text,
            font_size: (l.size * 10.0).round() / 10.0,
            bold: l.bold(),
            x: l.x0,
            y: l.y,
            gap_before,
            para_start: indented || prev.is_none() || !same_flow,
            flow: l.flow,
        });
        prev = Some(l);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    fn g(x: f32, y: f32, t: &str) -> Glyph {
        Glyph {
            x,
            y,
            w: 5.0 * t.chars().count() as f32,
            size: 10.0,
            bold: false,
            op: 0,
            text: t.into(),
        }
    }
    /// A section's big number and its title in much smaller type a gap away, or a box's
    /// label beside text, are two blocks on one baseline, not one line; a note's small
    /// marker glued to its word and a note's number before its text stay on the line.
    #[test]
    fn text_in_a_much_other_size_a_gap_away_is_another_block() {
        let big = Glyph {
            size: 24.0,
            w: 14.0,
            ..g(50.0, 100.0, "1")
        };
        let title = Glyph {
            w: 60.0,
            ..g(80.0, 100.0, "Introduction")
        };
        let lines = page_lines(&[big, title]);
        assert_eq!(
            lines.len(),
            2,
            "{:?}",
            lines.iter().map(|l| &l.text).collect::<Vec<_>>()
        );
        // A note's number before its text, and a marker after a word, are one line.
        let number = Glyph {
            size: 6.0,
            w: 4.0,
            ..g(50.0, 100.0, "4")
        };
        let note = Glyph {
            w: 120.0,
            ..g(62.0, 100.0, "United Nations, Treaty Series")
        };
        let lines = page_lines(&[number, note]);
        assert_eq!(
            lines.len(),
            1,
            "{:?}",
            lines.iter().map(|l| &l.text).collect::<Vec<_>>()
        );
        let word = Glyph {
            w: 40.0,
            ..g(50.0, 100.0, "annex.")
        };
        let marker = Glyph {
            size: 6.0,
            w: 4.0,
            ..g(91.0, 100.0, "12")
        };
        assert_eq!(page_lines(&[word, marker]).len(), 1);
    }

    /// A pull quote set larger in a narrow column beside the text, on baselines of its
    /// own, is read apart, after the text, not line by line into it.
    #[test]
    fn a_pull_quote_beside_the_text_is_read_apart() {
        let mut gl = Vec::new();
        for i in 0..12 {
            gl.push(Glyph {
                size: 9.0,
                w: 320.0,
                ..g(
                    143.0,
                    40.0 + 11.5 * i as f32,
                    &format!("body line {i:02} of the running text"),
                )
            });
        }
        for (i, t) in [
            "those benefits",
            "requires prudent",
            "governance just as",
            "it did before",
        ]
        .iter()
        .enumerate()
        {
            gl.push(Glyph {
                size: 10.5,
                w: 90.0,
                ..g(35.0, 54.0 + 12.5 * i as f32, t)
            });
        }
        let lines = page_lines(&gl);
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert!(
            texts[..12].iter().all(|t| t.starts_with("body line")),
            "{texts:?}"
        );
        assert_eq!(texts[12], "those benefits", "{texts:?}");
    }

    #[test]
    fn a_numbered_paragraphs_sentence_goes_on_over_its_hanging_indent() {
        for first in [
            "(2) The principles of data protection should apply to the processing of their personal",
            "1. This Regulation lays down rules relating to the protection of",
            "I. Based on an approach founded on fundamental rights, Chapter I identifies the principles and their",
        ] {
            assert!(hangs_from_its_number(first), "{first}");
        }
        assert!(!hangs_from_its_number("I. Introduction."));
        assert!(!hangs_from_its_number(
            "Based on an approach founded on fundamental rights and their"
        ));
    }

    #[test]
    fn two_columns_read_left_then_right() {
        let mut gl = Vec::new();
        for i in 0..10 {
            let y = 100.0 + 14.0 * i as f32;
            gl.push(g(50.0, y, &format!("left{i:02} aaaaaaaaaaaaaaaaaaaaaaaaa")));
            gl.push(g(
                320.0,
                y,
                &format!("right{i:02} bbbbbbbbbbbbbbbbbbbbbbbbb"),
            ));
        }
        let lines = page_lines(&gl);
        let texts: Vec<&str> = lines.iter().map(|l| &l.text[..6]).collect();
        assert_eq!(texts[0], "left00");
        assert_eq!(texts[9], "left09");
        assert_eq!(texts[10], "right0");
    }
    #[test]
    fn columns_set_one_em_apart_are_not_joined_into_one_line() {
        // Three justified columns 160 pt wide with 9 pt gutters, one fragment per column
        // line, as a Federal Register page sets them.
        // The content stream sets one column after the other.
        let mut gl = Vec::new();
        for (c, x) in [50.0, 219.0, 388.0].into_iter().enumerate() {
            for i in 0..12 {
                let y = 100.0 + 12.0 * i as f32;
                gl.push(Glyph {
                    w: 160.0,
                    ..g(x, y, &format!("col{c} line{i:02} words of prose"))
                });
            }
        }
        let lines = page_lines(&gl);
        assert_eq!(
            lines.len(),
            36,
            "{:?}",
            lines.iter().map(|l| &l.text).collect::<Vec<_>>()
        );
        let texts: Vec<&str> = lines.iter().map(|l| &l.text[..4]).collect();
        assert!(texts[..12].iter().all(|t| *t == "col0"), "{texts:?}");
        assert!(texts[12..24].iter().all(|t| *t == "col1"), "{texts:?}");
        // A table's figures at the same spacing stay on one row.
        let mut gl = Vec::new();
        for i in 0..20 {
            let y = 100.0 + 12.0 * i as f32;
            gl.push(Glyph {
                w: 160.0,
                ..g(50.0, y, "a line of running prose text")
            });
            gl.push(Glyph {
                w: 20.0,
                ..g(219.0, y, "36")
            });
            gl.push(Glyph {
                w: 20.0,
                ..g(248.0, y, "39")
            });
        }
        assert!(page_lines(&gl).iter().all(|l| l.text.ends_with("36 39")));
    }
    #[test]
    fn a_sidebar_is_read_after_the_column_beside_it() {
        // A narrow box on the left in a larger size, on baselines of its own, beside the
        // body text.
        let mut gl = Vec::new();
        for i in 0..14 {
            let y = 100.0 + 14.0 * i as f32;
            gl.push(Glyph {
                w: 330.0,
                ..g(200.0, y, &format!("body{i:02} of the alert in prose"))
            });
        }
        for i in 0..8 {
            let y = 106.0 + 19.0 * i as f32;
            gl.push(Glyph {
                size: 15.8,
                w: 110.0,
                ..g(40.0, y, &format!("side{i:02} box"))
            });
        }
        let lines = page_lines(&gl);
        let texts: Vec<&str> = lines.iter().map(|l| &l.text[..4]).collect();
        assert!(texts[..14].iter().all(|t| *t == "body"), "{texts:?}");
        assert!(texts[14..].iter().all(|t| *t == "side"), "{texts:?}");
        // A table's label column shares the baselines of its values: read row by row.
        let mut gl = Vec::new();
        for i in 0..14 {
            let y = 100.0 + 14.0 * i as f32;
            gl.push(Glyph {
                w: 330.0,
                ..g(200.0, y, &format!("value{i:02} of the row"))
            });
            gl.push(Glyph {
                w: 110.0,
                ..g(40.0, y, &format!("label{i:02}"))
            });
        }
        let lines = page_lines(&gl);
        assert!(lines[0].text.starts_with("label00"), "{:?}", lines[0].text);
        assert!(lines[1].text.starts_with("value00"), "{:?}", lines[1].text);
    }
    #[test]
    fn a_notes_small_number_before_figures_stays_apart() {
        let small = Glyph {
            size: 6.0,
            w: 3.0,
            ..g(50.0, 100.0, "9")
        };
        let gl = vec![small, g(53.2, 100.0, "16 C.F.R. § 314.3.")];
        assert_eq!(page_lines(&gl)[0].text, "9 16 C.F.R. § 314.3.");
        // Figures at one size stay one number.
        let gl = vec![g(50.0, 100.0, "19"), g(60.0, 100.0, "70")];
        assert_eq!(page_lines(&gl)[0].text, "1970");
    }
    #[test]
    fn a_right_to_left_line_is_read_from_its_right_edge() {
        // "قانون رقم 8 لسنة 2022" set in visual order, left to right on the page, each
        // piece's own text in reading order; a Latin name inside reads left to right.
        let gl = vec![
            g(100.0, 100.0, "2022"),
            g(125.0, 100.0, "لسنة"),
            g(150.0, 100.0, "8"),
            g(160.0, 100.0, "قانون رقم"),
        ];
        assert_eq!(page_lines(&gl)[0].text, "قانون رقم 8 لسنة 2022");
        let gl = vec![
            g(100.0, 100.0, "تقرير عن"),
            g(145.0, 100.0, "Open"),
            g(170.0, 100.0, "Web"),
            g(190.0, 100.0, "منظمة المجتمع"),
        ];
        assert_eq!(page_lines(&gl)[0].text, "منظمة المجتمع Open Web تقرير عن");
        // A left-to-right line is left as it is.
        let gl = vec![g(100.0, 100.0, "Law No."), g(140.0, 100.0, "8 of 2022")];
        assert_eq!(page_lines(&gl)[0].text, "Law No. 8 of 2022");
    }
    #[test]
    fn arabic_drawn_left_to_right_is_read_in_reading_order() {
        // An Algerian gazette's pieces, each drawn left to right: "الأحد", "العدد",
        // "السنة الستون", "الإدارة" come out letter by letter reversed.
        let drawn = |t: &str| t.chars().rev().collect::<String>();
        let gl = vec![
            g(100.0, 100.0, &drawn("العدد")),
            g(100.0, 130.0, &drawn("السنة الستون")),
            g(100.0, 160.0, &drawn("الإدارة والتحرير")),
            g(100.0, 190.0, &drawn("الجزائر")),
        ];
        let lines = page_lines(&gl);
        let text: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert!(text.contains(&"العدد"), "{text:?}");
        assert!(text.contains(&"السنة الستون"), "{text:?}");
        assert!(text.contains(&"الجزائر"), "{text:?}");
        // The Quran's orthography writes the article with an alef wasla: "ٱلقربى".
        let gl = vec![
            g(100.0, 100.0, &drawn("ٱلقربى")),
            g(100.0, 130.0, &drawn("ٱلسبيل")),
            g(100.0, 160.0, &drawn("وٱلمسكين")),
            g(100.0, 190.0, &drawn("ٱلمبذرين")),
        ];
        let lines = page_lines(&gl);
        assert_eq!(lines[0].text, "ٱلقربى");
        // A mark stays after its letter.
        // A number inside keeps its figures' order.
        assert_eq!(
            in_reading_order(&format!("{} 2023 {}", drawn("سنة"), drawn("غشت"))),
            "غشت 2023 سنة"
        );
        // (drawn: م ر ح then the shadda over ح, then م)
        assert_eq!(
            in_reading_order("\u{645}\u{631}\u{62D}\u{651}\u{645}"),
            "\u{645}\u{62D}\u{651}\u{631}\u{645}"
        );
        // Pieces in reading order are left as they are.
        let gl = vec![
            g(100.0, 100.0, "العدد"),
            g(100.0, 130.0, "السنة الستون"),
            g(100.0, 160.0, "الجزائر"),
        ];
        assert_eq!(page_lines(&gl)[0].text, "العدد");
    }
    #[test]
    fn a_note_marker_in_small_digits_is_glued_to_its_word() {
        let small = |x: f32, y: f32, t: &str| Glyph {
            size: 6.5,
            w: 3.5 * t.len() as f32,
            ..g(x, y, t)
        };
        // "Development," then a space, then "10" in a smaller size 2 pt further on.
        let gl = vec![
            g(50.0, 100.0, "Sustainable Development,"),
            g(170.0, 100.0, " "),
            small(177.0, 100.0, "10"),
            g(186.0, 100.0, "further bridging"),
        ];
        let lines = page_lines(&gl);
        assert_eq!(lines[0].text, "Sustainable Development,10 further bridging");
        // Digits at the body's size keep their space; so do small digits after a number.
        let gl = vec![g(50.0, 100.0, "Article"), g(90.0, 100.0, "10 applies")];
        assert_eq!(page_lines(&gl)[0].text, "Article 10 applies");
        let gl = vec![g(50.0, 100.0, "In 2021"), small(90.0, 100.0, "3")];
        assert_eq!(page_lines(&gl)[0].text, "In 2021 3");
    }
    #[test]
    fn running_heads_of_facing_pages_are_headers() {
        // A journal's name on the even pages, its volume on the odd ones (page 1 has none).
        assert!(on_alternate_pages(&[1, 3, 5, 7, 9, 11, 13], 15));
        assert!(on_alternate_pages(&[2, 4, 6, 8, 10, 12, 14], 15));
        assert!(
            !on_alternate_pages(&[2, 4, 6], 15),
            "three of seven is no running head"
        );
        assert!(!on_alternate_pages(&[1, 2, 3], 15), "both parities");
        assert!(!on_alternate_pages(&[1, 3], 4), "two pages are too few");
    }

    #[test]
    fn a_running_header_naming_its_chapter_last_is_one_header() {
        assert_eq!(
            running_key("Cyber Security Breaches Survey 2017 | Main report | Summary"),
            running_key("Cyber Security Breaches Survey 2016 | Main report | Introduction")
        );
        assert_ne!(
            running_key("Annex | Summary"),
            running_key("Annex | Introduction")
        );
    }
    #[test]
    fn masks_digits_and_roman() {
        assert_eq!(mask("Page 12 of 300"), "page # of #");
        assert_eq!(mask("xii"), "#");
        assert!(is_page_number(&mask("- 4 -")));
        assert!(!is_page_number(&mask("Article 4")));
    }
    #[test]
    fn ligatures() {
        assert_eq!(
            clean_text("\u{FB01}nal e\u{FB03}cient  a\u{FB04}uent"),
            "final efficient affluent"
        );
        assert_eq!(clean_text("ad\u{AD}min"), "admin");
        assert_eq!(
            clean_text("should be technolo\u{AD}"),
            "should be technolo\u{AD}"
        );
    }

    #[test]
    fn a_foot_set_larger_on_the_even_pages_is_still_running() {
        // "2 The High Seas Biodiversity Treaty" on every even page, bold and larger than
        // the odd pages' "The High Seas Biodiversity Treaty 1".
        let at = |text: &str, y: f32, size: f32| Line {
            size,
            ..Line::from_glyph(&g(72.0, y, text), false)
        };
        let pages: Vec<Vec<Line>> = (1..=8)
            .map(|n| {
                let foot = if n % 2 == 0 {
                    at(
                        &format!("{n} The High Seas Biodiversity Treaty"),
                        770.0,
                        12.0,
                    )
                } else {
                    at(
                        &format!("The High Seas Biodiversity Treaty {n}"),
                        770.0,
                        8.0,
                    )
                };
                vec![
                    at("The treaty sets rules for the high seas.", 300.0, 10.0),
                    foot,
                ]
            })
            .collect();
        let mut pages = pages;
        let mut dropped = Vec::new();
        drop_running(&mut pages, &[792.0; 8], &mut dropped);
        assert!(pages.iter().all(|p| p.len() == 1), "{dropped:?}");
    }

    #[test]
    fn a_running_head_below_a_wide_top_margin_is_found() {
        // A court's slip opinion sets its head 15% down the page, beside the folio.
        let at = |text: &str, y: f32| Line::from_glyph(&g(190.0, y, text), false);
        let mut pages: Vec<Vec<Line>> = (1..=6)
            .map(|n| {
                vec![
                    at(&format!("{n}"), 122.9),
                    at("TARRANT REGIONAL WATER DIST. v. HERRMANN", 122.9),
                    at(
                        "The Compact allocates water rights within the basin.",
                        300.0,
                    ),
                ]
            })
            .collect();
        let mut dropped = Vec::new();
        drop_running(&mut pages, &[792.0; 6], &mut dropped);
        assert!(pages.iter().all(|p| p.len() == 1), "{dropped:?}");
    }

    #[test]
    fn a_cover_title_that_the_running_header_repeats_stays() {
        let at = |text: &str, y: f32, size: f32| Line {
            size,
            ..Line::from_glyph(&g(72.0, y, text), false)
        };
        let mut pages: Vec<Vec<Line>> = vec![vec![
            at("THE DIGITAL MILLENNIUM COPYRIGHT ACT OF 1998", 60.0, 18.0),
            at("The act was signed into law.", 300.0, 12.0),
        ]];
        for _ in 0..4 {
            pages.push(vec![
                at("The Digital Millennium Copyright Act of 1998", 61.0, 12.0),
                at("Title I implements the treaties.", 300.0, 12.0),
            ]);
        }
        let mut dropped = Vec::new();
        drop_running(&mut pages, &[792.0; 5], &mut dropped);
        assert_eq!(pages[0].len(), 2, "{dropped:?}");
        assert!(pages[1..].iter().all(|p| p.len() == 1), "{dropped:?}");
    }

    #[test]
    fn a_drop_cap_opens_its_paragraphs_first_line() {
        let glyph = |x: f32, y: f32, size: f32, t: &str| Glyph {
            x,
            y,
            w: 0.5 * size * t.chars().count() as f32,
            size,
            bold: false,
            op: 0,
            text: t.into(),
        };
        let lines = page_lines(&[
            glyph(85.3, 325.9, 60.0, "P"),
            glyph(121.5, 295.5, 10.0, "rotecting the American people, the"),
            glyph(121.5, 310.5, 10.0, "American way of life, and American"),
            glyph(
                121.5,
                325.5,
                10.0,
                "interests is at the forefront of the National",
            ),
            glyph(
                90.0,
                340.5,
                10.0,
                "Security Strategy. Protecting American infor-",
            ),
        ]);
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts[0], "Protecting the American people, the", "{texts:?}");
        assert_eq!(texts.len(), 4, "{texts:?}");
        assert!(lines.iter().all(|l| l.size < 11.0), "{texts:?}");
    }

    #[test]
    fn columns_under_a_full_width_introduction_are_read_one_after_the_other() {
        let line = |x: f32, y: f32, t: &str| Line::from_glyph(&g(x, y, t), false);
        let wide = "w".repeat(86);
        let mut lines: Vec<Line> = (0..8)
            .map(|i| line(90.0, 150.0 + 18.0 * i as f32, &format!("intro{i} {wide}")))
            .collect();
        // The paragraph's short last line, then two columns on baselines of their own.
        lines.push(line(
            90.0,
            150.0 + 18.0 * 8.0,
            "and promotes our prosperity",
        ));
        for i in 0..12 {
            let y = 400.0 + 15.0 * i as f32;
            lines.push(line(90.0, y, &format!("left{i:02} {}", "l".repeat(34))));
            lines.push(line(
                315.0,
                y - 2.5,
                &format!("right{i:02} {}", "r".repeat(33)),
            ));
        }
        let read: Vec<String> = reading_order(lines)
            .iter()
            .map(|l| l.text.split_whitespace().next().unwrap_or("").to_string())
            .collect();
        let at = |w: &str| read.iter().position(|t| t == w).unwrap();
        assert!(at("left11") < at("right00"), "{read:?}");
        assert!(
            at("intro7") < at("and") && at("and") < at("left00"),
            "{read:?}"
        );
    }

    #[test]
    fn a_heading_that_opens_pages_numbering_on_by_itself_stays() {
        let at = |text: &str, y: f32| Line::from_glyph(&g(72.0, y, text), false);
        let articles = [
            "ARTICLE 3",
            "ARTICLE 5",
            "ARTICLE 8",
            "ARTICLE 10",
            "ARTICLE 13",
        ];
        let mut pages: Vec<Vec<Line>> = articles
            .iter()
            .map(|a| {
                vec![
                    at(a, 60.0),
                    at("Nul ne peut être soumis à la torture.", 300.0),
                ]
            })
            .collect();
        let mut dropped = Vec::new();
        drop_running(&mut pages, &[792.0; 5], &mut dropped);
        assert!(dropped.is_empty(), "{dropped:?}");
        // A symbol the same on every page, a chapter's number over its pages and a page
        // counter are headers.
        for headers in [
            [
                "A/RES/78/265 2/8",
                "A/RES/78/265 3/8",
                "A/RES/78/265 4/8",
                "A/RES/78/265 5/8",
                "A/RES/78/265 6/8",
            ],
            [
                "Chapter 2 | Findings",
                "Chapter 2 | Findings",
                "Chapter 3 | Findings",
                "Chapter 3 | Findings",
                "Chapter 3 | Findings",
            ],
        ] {
            let mut pages: Vec<Vec<Line>> = headers
                .iter()
                .map(|h| vec![at(h, 60.0), at("The text of the page.", 300.0)])
                .collect();
            let mut dropped = Vec::new();
            drop_running(&mut pages, &[792.0; 5], &mut dropped);
            assert_eq!(dropped.len(), 5, "{headers:?}: {dropped:?}");
        }
    }
}
