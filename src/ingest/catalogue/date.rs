//! Dates as editors write them in spreadsheets, read into dossier's partial ISO form
//! (`2019`, `2019-09`, `2019-09-21`). Only forms with a single reading are accepted.

/// Read `text` as a (possibly partial) date and return it in ISO form.
///
/// Accepted: `2019`, `2019-09`, `2019-09-21`, `2019-9-21`, `2019/09/21`, `2019/09`,
/// `09/2019`, an ISO date followed by a time (`2019-09-21T10:00:00`, the time is dropped),
/// `21 September 2019`, `21st Sept. 2019`, `September 21, 2019`, `September 2019`,
/// `Sep 2019`. Rejected with a reason: anything else, including `09/10/2019` and
/// `21.09.2019` (day and month order cannot be told from the text).
pub fn parse_date(text: &str) -> Result<String, String> {
    let s = text.trim();
    if s.is_empty() {
        return Err("it is empty".into());
    }
    // An ISO date followed by a time: keep the date.
    let s = match s.char_indices().nth(10) {
        Some((i, c))
            if (c == 'T' || c == ' ')
                && s[i + 1..].contains(':')
                && s[..i].bytes().all(|b| b.is_ascii_digit() || b == b'-') =>
        {
            &s[..i]
        }
        _ => s,
    };
    if s.bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'-' | b'/' | b'.'))
    {
        return numeric(s);
    }
    words(s)
}

fn numeric(s: &str) -> Result<String, String> {
    let parts: Vec<&str> = s.split(['-', '/', '.']).collect();
    if parts.iter().any(|p| p.is_empty() || p.len() > 4) {
        return Err("it is not a date".into());
    }
    let four = |p: &str| p.len() == 4;
    match parts.as_slice() {
        [y] if four(y) => build(num(y), None, None),
        [y, m] if four(y) && !s.contains('.') => build(num(y), Some(num(m)), None),
        [m, y] if four(y) && !four(m) && s.contains('/') => build(num(y), Some(num(m)), None),
        [y, m, d] if four(y) && !s.contains('.') && sep_consistent(s) => {
            build(num(y), Some(num(m)), Some(num(d)))
        }
        [a, b, y] if four(y) && !four(a) && !four(b) => {
            Err("the order of day and month is ambiguous (write the year first: YYYY-MM-DD)".into())
        }
        _ => Err("it is not a date".into()),
    }
}

fn sep_consistent(s: &str) -> bool {
    !(s.contains('-') && s.contains('/'))
}

fn num(s: &str) -> u32 {
    s.parse().unwrap_or(0)
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

fn month_of(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_lowercase();
    if w == "sept" {
        return Some(9);
    }
    MONTHS
        .iter()
        .position(|m| *m == w || (w.len() == 3 && m.starts_with(w.as_str())))
        .map(|i| i as u32 + 1)
}

fn words(s: &str) -> Result<String, String> {
    let (mut year, mut month, mut day) = (None, None, None);
    for token in s
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|t| !t.is_empty())
    {
        let digits = token
            .strip_suffix("st")
            .or_else(|| token.strip_suffix("nd"))
            .or_else(|| token.strip_suffix("rd"))
            .or_else(|| token.strip_suffix("th"))
            .filter(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
            .unwrap_or(token);
        let slot = if digits.bytes().all(|b| b.is_ascii_digit()) {
            match digits.len() {
                4 => &mut year,
                1 | 2 => &mut day,
                _ => return Err("it is not a date".into()),
            }
        } else if let Some(m) = month_of(token) {
            if month.replace(m).is_some() {
                return Err("it names two months".into());
            }
            continue;
        } else {
            return Err("it is not a date".into());
        };
        if slot.replace(num(digits)).is_some() {
            return Err("it is not a date".into());
        }
    }
    match (year, month, day) {
        (Some(y), m, d) if m.is_some() || d.is_none() => build(y, m, d),
        _ => Err("it is not a date".into()),
    }
}

fn build(year: u32, month: Option<u32>, day: Option<u32>) -> Result<String, String> {
    if !(1000..=9999).contains(&year) {
        return Err(format!("year {year} is out of range"));
    }
    let Some(m) = month else {
        return Ok(format!("{year:04}"));
    };
    if !(1..=12).contains(&m) {
        return Err(format!("there is no month {m}"));
    }
    let Some(d) = day else {
        return Ok(format!("{year:04}-{m:02}"));
    };
    if d < 1 || d > days_in_month(year, m) {
        return Err(format!("{year:04}-{m:02}-{d:02} does not exist"));
    }
    Ok(format!("{year:04}-{m:02}-{d:02}"))
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::parse_date;

    #[test]
    fn accepted_forms_stay_partial() {
        for (input, want) in [
            ("2019", "2019"),
            (" 2019-09 ", "2019-09"),
            ("2019-09-21", "2019-09-21"),
            ("2019-9-1", "2019-09-01"),
            ("2019/09/21", "2019-09-21"),
            ("2019/09", "2019-09"),
            ("09/2019", "2019-09"),
            ("2019-09-21T10:30:00", "2019-09-21"),
            ("2019-09-21 10:30", "2019-09-21"),
            ("21 September 2019", "2019-09-21"),
            ("21st Sept. 2019", "2019-09-21"),
            ("September 21, 2019", "2019-09-21"),
            ("September 2019", "2019-09"),
            ("sep 2019", "2019-09"),
            ("2020-02-29", "2020-02-29"),
        ] {
            assert_eq!(parse_date(input).as_deref(), Ok(want), "{input}");
        }
    }

    #[test]
    fn rejected_forms_say_why() {
        for (input, why) in [
            ("09/10/2019", "ambiguous"),
            ("21/09/2019", "ambiguous"),
            ("21.09.2019", "ambiguous"),
            ("2019-13", "no month 13"),
            ("2019-02-30", "does not exist"),
            ("2019-09/21", "not a date"),
            ("43729", "not a date"),
            ("soon", "not a date"),
            ("21 2019", "not a date"),
            ("May June 2019", "two months"),
            ("0999", "out of range"),
            ("", "empty"),
        ] {
            let err = parse_date(input).unwrap_err();
            assert!(err.contains(why), "{input}: {err}");
        }
    }
}
