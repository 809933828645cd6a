//! How years and numbers are printed on pages.

use crate::config::Language;
use crate::model::{Value, Year, YearFormat};

/// A fiscal year the way the city writes it: 令和5年度, R5 or 2023年度.
///
/// ```
/// use plansite::config::Language;
/// use plansite::model::YearFormat;
/// use plansite::render::format::fiscal_year;
///
/// assert_eq!(fiscal_year(2019, YearFormat::Wareki, Language::Ja), "令和元年度");
/// assert_eq!(fiscal_year(2023, YearFormat::Short, Language::Ja), "R5");
/// assert_eq!(fiscal_year(2023, YearFormat::Western, Language::En), "FY2023");
/// ```
pub fn fiscal_year(year: Year, style: YearFormat, lang: Language) -> String {
    let era = if year >= 2019 {
        Some(("令和", "R", "Reiwa", year - 2018))
    } else if year >= 1989 {
        Some(("平成", "H", "Heisei", year - 1988))
    } else if year >= 1926 {
        Some(("昭和", "S", "Showa", year - 1925))
    } else {
        None
    };
    // Built by pushing, not `format!`: a page of tables prints hundreds of years.
    let mut out = String::with_capacity(24);
    let mut digits = itoa::Buffer::new();
    match (style, lang, era) {
        (YearFormat::Wareki, Language::Ja, Some((name, _, _, n))) => {
            out.push_str(name);
            out.push_str(if n == 1 { "元" } else { digits.format(n) });
            out.push_str("年度");
        }
        (YearFormat::Wareki, Language::En, Some((_, _, name, n))) => {
            out.push_str("FY");
            out.push_str(digits.format(year));
            out.push_str(" (");
            out.push_str(name);
            out.push(' ');
            out.push_str(digits.format(n));
            out.push(')');
        }
        (YearFormat::Short, _, Some((_, letter, _, n))) => {
            out.push_str(letter);
            out.push_str(digits.format(n));
        }
        (_, Language::Ja, _) => {
            out.push_str(digits.format(year));
            out.push_str("年度");
        }
        (_, Language::En, _) => {
            out.push_str("FY");
            out.push_str(digits.format(year));
        }
    }
    out
}

/// A number with thousands separators, as printed in reports.
///
/// ```
/// assert_eq!(plansite::render::format::number(18248.0), "18,248");
/// assert_eq!(plansite::render::format::number(-30095.0), "-30,095");
/// assert_eq!(plansite::render::format::number(99.2), "99.2");
/// ```
pub fn number(n: f64) -> String {
    // Whole numbers, most figures of a report, without going through text
    // twice; `fmt_number` draws the same line between the two cases.
    if n.fract() == 0.0 && n.abs() < crate::content::reader::MAX_NUMBER {
        return grouped(itoa::Buffer::new().format(n as i64), "");
    }
    let plain = crate::content::reader::fmt_number(n);
    let (int, frac) = match plain.find('.') {
        Some(i) => (&plain[..i], &plain[i..]),
        None => (plain.as_str(), ""),
    };
    if int.contains('e') {
        return plain;
    }
    grouped(int, frac)
}

/// `int` (digits after an optional `-`) with a comma every three digits, then `frac`.
fn grouped(int: &str, frac: &str) -> String {
    let (sign, digits) = match int.strip_prefix('-') {
        Some(d) => ("-", d),
        None => ("", int),
    };
    let mut out = String::with_capacity(sign.len() + digits.len() * 4 / 3 + frac.len());
    out.push_str(sign);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    out.push_str(frac);
    out
}

/// A YYYY-MM-DD date as readers expect it: 2024年3月31日, or 31 March 2024.
pub fn date(iso: &str, lang: Language) -> String {
    let mut parts = iso.split('-').map(|p| p.parse::<u32>().unwrap_or(0));
    let (y, m, d) = (
        parts.next().unwrap_or(0),
        parts.next().unwrap_or(0),
        parts.next().unwrap_or(0),
    );
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    match lang {
        Language::Ja => format!("{y}年{m}月{d}日"),
        Language::En => format!(
            "{d} {} {y}",
            MONTHS.get(m.saturating_sub(1) as usize).unwrap_or(&"")
        ),
    }
}

pub fn value(v: &Value) -> String {
    match v {
        Value::Number(n) => number(*n),
        Value::Text(t) => t.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fiscal_years_in_every_style() {
        assert_eq!(
            fiscal_year(2019, YearFormat::Wareki, Language::Ja),
            "令和元年度"
        );
        assert_eq!(
            fiscal_year(2023, YearFormat::Wareki, Language::Ja),
            "令和5年度"
        );
        assert_eq!(
            fiscal_year(2017, YearFormat::Wareki, Language::Ja),
            "平成29年度"
        );
        assert_eq!(fiscal_year(2019, YearFormat::Short, Language::Ja), "R1");
        assert_eq!(fiscal_year(2018, YearFormat::Short, Language::Ja), "H30");
        assert_eq!(
            fiscal_year(2023, YearFormat::Western, Language::Ja),
            "2023年度"
        );
        assert_eq!(
            fiscal_year(2023, YearFormat::Western, Language::En),
            "FY2023"
        );
        assert_eq!(
            fiscal_year(2023, YearFormat::Wareki, Language::En),
            "FY2023 (Reiwa 5)"
        );
    }

    #[test]
    fn numbers_get_thousands_separators() {
        assert_eq!(number(18248.0), "18,248");
        assert_eq!(number(-30095.0), "-30,095");
        assert_eq!(number(99.2), "99.2");
        assert_eq!(number(1234567.25), "1,234,567.25");
        assert_eq!(number(0.0), "0");
        assert_eq!(number(-0.0), "0");
        assert_eq!(number(100.0), "100");
        assert_eq!(number(-1234.5), "-1,234.5");
        assert_eq!(number(-0.5), "-0.5");
        assert_eq!(number(123.0), "123");
        assert_eq!(number(1e20), "100,000,000,000,000,000,000");
        assert_eq!(number(1.5e-7), "0.00000015");
    }
}

/// `text` as a quoted CSS string (`"…"`), safe inside a `<style>` element:
/// quotes, backslashes, angle brackets and control characters escaped, so
/// content cannot end the string or the element.
pub fn css_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '<' | '>' | '&' => out.push_str(&format!("\\{:x} ", c as u32)),
            c if c.is_control() => out.push_str(&format!("\\{:x} ", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod css_tests {
    #[test]
    fn css_strings_cannot_end_the_string_or_the_style_element() {
        assert_eq!(super::css_string("美祢市　計画"), "\"美祢市　計画\"");
        assert_eq!(
            super::css_string("a\"b\\c</style>\n"),
            "\"a\\\"b\\\\c\\3c /style\\3e \\a \""
        );
    }
}
