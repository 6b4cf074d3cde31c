//! `{Column}` templates: text with column references; `{{` and `}}` stand for braces.

#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Text(String),
    Column(String),
}

/// A parsed template, not yet tied to a sheet's columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Template {
    pieces: Vec<Piece>,
}

impl Template {
    pub(crate) fn parse(s: &str) -> Result<Template, String> {
        let mut pieces = Vec::new();
        let mut text = String::new();
        let mut chars = s.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '{' if chars.peek() == Some(&'{') => {
                    chars.next();
                    text.push('{');
                }
                '}' if chars.peek() == Some(&'}') => {
                    chars.next();
                    text.push('}');
                }
                '}' => return Err("a `}` closes nothing (write `}}` for a brace)".into()),
                '{' => {
                    let mut name = String::new();
                    loop {
                        match chars.next() {
                            Some('}') => break,
                            Some('{') => {
                                return Err("a `{` inside `{...}` (write `{{` for a brace)".into())
                            }
                            Some(c) => name.push(c),
                            None => {
                                return Err("a `{` is never closed (write `{{` for a brace)".into())
                            }
                        }
                    }
                    let name = name.trim();
                    if name.is_empty() {
                        return Err("`{}` names no column".into());
                    }
                    if !text.is_empty() {
                        pieces.push(Piece::Text(std::mem::take(&mut text)));
                    }
                    pieces.push(Piece::Column(name.to_string()));
                }
                c => text.push(c),
            }
        }
        if !text.is_empty() {
            pieces.push(Piece::Text(text));
        }
        Ok(Template { pieces })
    }

    /// The columns the template reads, in order of first use.
    pub(crate) fn columns(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for p in &self.pieces {
            if let Piece::Column(c) = p {
                if !out.contains(&c.as_str()) {
                    out.push(c);
                }
            }
        }
        out
    }

    /// Tie the template to a sheet: `index` gives a column's position, or `Err` with the
    /// unknown name.
    pub(crate) fn compile(
        &self,
        index: impl Fn(&str) -> Option<usize>,
    ) -> Result<Compiled, Vec<String>> {
        let mut unknown = Vec::new();
        let mut pieces = Vec::new();
        for p in &self.pieces {
            match p {
                Piece::Text(t) => pieces.push(CPiece::Text(t.clone())),
                Piece::Column(c) => match index(c) {
                    Some(i) => pieces.push(CPiece::Column(i, c.clone())),
                    None if !unknown.contains(c) => unknown.push(c.clone()),
                    None => {}
                },
            }
        }
        if !unknown.is_empty() {
            return Err(unknown);
        }
        let columns = self.columns().iter().map(|c| c.to_string()).collect();
        Ok(Compiled { pieces, columns })
    }
}

#[derive(Debug, Clone)]
enum CPiece {
    Text(String),
    /// Position in the row, and the name as written (for messages).
    Column(usize, String),
}

/// A template tied to a sheet's column positions.
#[derive(Debug, Clone)]
pub(crate) struct Compiled {
    pieces: Vec<CPiece>,
    /// The column names it reads (for messages).
    pub(crate) columns: Vec<String>,
}

impl Compiled {
    /// Fill the template from a row's cells. `Err(column)` names the first column it
    /// reads whose cell is empty: such a template gives no value.
    pub(crate) fn render(&self, cells: &[String]) -> Result<String, String> {
        let mut out = String::new();
        for p in &self.pieces {
            match p {
                CPiece::Text(t) => out.push_str(t),
                CPiece::Column(i, name) => match cells.get(*i).map(String::as_str) {
                    Some(v) if !v.is_empty() => out.push_str(v),
                    _ => return Err(name.clone()),
                },
            }
        }
        Ok(out)
    }

    /// The columns it reads, for messages: `"ISO Code", "Year"`, or `(a constant)`.
    pub(crate) fn describe(&self) -> String {
        if self.columns.is_empty() {
            "(a constant)".to_string()
        } else {
            self.columns
                .iter()
                .map(|c| format!("{c:?}"))
                .collect::<Vec<_>>()
                .join(", ")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn compile(t: &str, cols: &[&str]) -> Compiled {
        Template::parse(t)
            .unwrap()
            .compile(|c| cols.iter().position(|x| *x == c))
            .unwrap()
    }

    #[test]
    fn braces_columns_and_constants() {
        let t = compile("{{{A}}} {B}-{A}", &["A", "B"]);
        assert_eq!(t.render(&["x".into(), "y".into()]).unwrap(), "{x} y-x");
        assert_eq!(t.columns, ["A", "B"]);
        let c = compile("speech", &[]);
        assert_eq!(c.render(&[]).unwrap(), "speech");
        assert_eq!(c.describe(), "(a constant)");
    }

    #[test]
    fn empty_cell_names_its_column() {
        let t = compile("{A}_{B}_{A}", &["A", "B"]);
        assert_eq!(t.render(&["x".into(), "".into()]).unwrap_err(), "B");
    }

    #[test]
    fn bad_templates() {
        for t in ["{A", "A}", "{}", "{A{B}}", "{ }"] {
            assert!(Template::parse(t).is_err(), "{t}");
        }
        let unknown = Template::parse("{A} {Z} {Z}")
            .unwrap()
            .compile(|c| (c == "A").then_some(0))
            .unwrap_err();
        assert_eq!(unknown, ["Z"]);
    }
}
