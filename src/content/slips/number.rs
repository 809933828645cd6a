//! A number written the way a printed report shows it: `1,200`, `△30,095`,
//! `６０`, `99.2％`. TOML takes none of these; the fix is the plain number.

/// What makes a written number not a TOML number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Printed {
    /// End (exclusive, in bytes of the line) of the written number.
    pub end: usize,
    /// The plain number: `-30095`.
    pub plain: String,
    /// Full-width characters used, in order of first use.
    pub wide: Vec<char>,
    /// Whether digit groups are separated by commas.
    pub grouped: bool,
    /// `△` or `▲`, which Japanese reports print for minus.
    pub triangle: Option<char>,
    /// Whether it ends with `%` or `％`.
    pub percent: bool,
}

/// The number written at byte `i` of `line` if it is one TOML cannot read
/// but a reader of the report would: it must end where a value ends.
pub(super) fn printed(line: &str, i: usize) -> Option<Printed> {
    let chars: Vec<(usize, char)> = line[i..].char_indices().map(|(n, c)| (i + n, c)).collect();
    let at = |k: usize| chars.get(k).map(|&(_, c)| c);
    let mut p = Printed {
        end: i,
        plain: String::new(),
        wide: Vec::new(),
        grouped: false,
        triangle: None,
        percent: false,
    };
    let mut wide = |c: char, p: &mut Printed| {
        if !c.is_ascii() && !p.wide.contains(&c) && !matches!(c, '△' | '▲') {
            p.wide.push(c);
        }
    };
    let mut k = 0;
    match at(k) {
        Some(c @ ('△' | '▲')) => {
            p.triangle = Some(c);
            p.plain.push('-');
            k += 1;
            // "△ 30,095": the space after the sign is as printed.
            while matches!(at(k), Some(' ' | '\u{3000}')) {
                k += 1;
            }
        }
        Some(c @ ('-' | '+' | '－' | '＋' | '−')) => {
            wide(c, &mut p);
            if matches!(c, '-' | '－' | '−') {
                p.plain.push('-');
            }
            k += 1;
        }
        _ => {}
    }
    let lead = digits(&chars[k..]);
    if lead == 0 {
        return None;
    }
    push_digits(&chars[k..k + lead], &mut p, &mut wide);
    k += lead;
    // Groups of exactly three digits after a comma, when the first group
    // has at most three.
    if lead <= 3 {
        while matches!(at(k), Some(',' | '，')) && digits(&chars[k + 1..]) == 3 {
            wide(at(k).unwrap_or(','), &mut p);
            push_digits(&chars[k + 1..k + 4], &mut p, &mut wide);
            p.grouped = true;
            k += 4;
        }
    }
    if matches!(at(k), Some('.' | '．')) && digits(&chars[k + 1..]) > 0 {
        wide(at(k).unwrap_or('.'), &mut p);
        p.plain.push('.');
        let n = digits(&chars[k + 1..]);
        push_digits(&chars[k + 1..k + 1 + n], &mut p, &mut wide);
        k += 1 + n;
    }
    if let Some(c @ ('%' | '％')) = at(k) {
        wide(c, &mut p);
        p.percent = true;
        k += 1;
    }
    // Only a whole value: 60件 or 1,2 is something else.
    if !matches!(
        at(k),
        None | Some(' ' | '\t' | ',' | '}' | ']' | '#' | '\u{3000}')
    ) {
        return None;
    }
    p.end = chars.get(k).map_or(line.len(), |&(n, _)| n);
    let plain_already = p.wide.is_empty() && !p.grouped && p.triangle.is_none() && !p.percent;
    (!plain_already).then_some(p)
}

fn digits(chars: &[(usize, char)]) -> usize {
    chars
        .iter()
        .take_while(|(_, c)| c.is_ascii_digit() || ('０'..='９').contains(c))
        .count()
}

fn push_digits(
    chars: &[(usize, char)],
    p: &mut Printed,
    wide: &mut impl FnMut(char, &mut Printed),
) {
    for &(_, c) in chars {
        wide(c, p);
        let d = if c.is_ascii_digit() {
            c
        } else {
            char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c)
        };
        p.plain.push(d);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(s: &str) -> Option<String> {
        printed(s, 0).map(|p| p.plain)
    }

    #[test]
    fn printed_numbers_and_their_plain_form() {
        assert_eq!(plain("1,200"), Some("1200".into()));
        assert_eq!(plain("△ 30,095 }"), Some("-30095".into()));
        assert_eq!(plain("▲1.5"), Some("-1.5".into()));
        assert_eq!(plain("６０"), Some("60".into()));
        assert_eq!(plain("－１．５"), Some("-1.5".into()));
        assert_eq!(plain("１，２００"), Some("1200".into()));
        assert_eq!(plain("99.2%"), Some("99.2".into()));
        assert_eq!(plain("12,345.5,"), Some("12345.5".into()));
        let p = printed("△１，２００％", 0).unwrap();
        assert_eq!(p.wide, ['１', '，', '２', '０', '％']);
        assert!(p.grouped && p.percent && p.triangle == Some('△'));
    }

    #[test]
    fn plain_numbers_and_other_words_are_not_claimed() {
        for s in [
            "1200", "-3", "1.5", "60件", "1,2", "1,2000", "1234,567", "R4", "x", "△",
        ] {
            assert_eq!(printed(s, 0), None, "{s}");
        }
    }
}
