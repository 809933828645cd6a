//! The slips a Japanese typist makes in TOML, recognised on the line where
//! the parser stopped, so that the message names the character and spells out
//! the fix instead of repeating the parser's generic complaint.
//!
//! An IME left in full-width mode types `６０`, `＝` or a full-width space;
//! source documents print `1,200` and `令和4年度`; a word processor turns
//! `"` into `“”`. None of these is valid TOML, so they only ever show up as
//! a syntax error: recognising them there cannot misfire on a valid file.

use std::ops::Range;

mod number;

use crate::diagnostics::Text;
use crate::tr;

/// A slip found on the line of a TOML syntax error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slip {
    /// Bytes of the document to point at.
    pub range: Range<usize>,
    pub message: Text,
    pub help: Text,
}

/// One slip on a line, before the one the parser tripped on is chosen.
#[derive(Debug, Clone)]
struct Found {
    kind: Kind,
    /// What is drawn under, relative to the line.
    range: Range<usize>,
    /// Up to where (inclusive) the parser may stop because of it: some
    /// slips are noticed only at the token after them.
    reach: usize,
    /// The text that replaces `range` in the corrected line.
    fix: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    Unclosed(char),
    Quote(char),
    FullWidthEquals,
    FullWidthSpace,
    FullWidth(Vec<char>),
    Era(i64),
    Thousands,
    Printed(number::Printed),
    Unquoted,
}

/// The slip that made the parser stop at byte `at` of `doc`, if any;
/// `parser` is what the parser said there.
///
/// ```
/// let doc = "x = { 2022 = ６０ }\n";
/// let s = plansite::content::slips::recognise(doc, 13, "string values must be quoted").unwrap();
/// assert_eq!(s.range, 13..19);
/// assert!(s.help.en.ends_with("x = { 2022 = 60 }"));
/// ```
pub fn recognise(doc: &str, at: usize, parser: &str) -> Option<Slip> {
    let at = at.min(doc.len());
    if !doc.is_char_boundary(at) {
        return None;
    }
    let start = doc[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = doc[start..].find('\n').map_or(doc.len(), |i| start + i);
    let line = &doc[start..end];
    let mut found = scan(line);
    let rel = at - start;
    // The slip the parser stumbled on: the last one starting at or before
    // where it stopped whose effect reaches that far.
    let chosen = found
        .iter()
        .filter(|f| f.range.start <= rel && rel <= f.reach)
        .max_by_key(|f| f.range.start)
        .cloned();
    let chosen = match chosen {
        Some(f) => f,
        // Text without quotes, such as 件 or 窓口の電子化: the parser's own
        // advice is right, the corrected line shows how.
        None if parser.starts_with("string values must be quoted") => {
            let f = unquoted(line, rel)?;
            found.push(f.clone());
            found.sort_by_key(|f| f.range.start);
            f
        }
        None => return None,
    };
    let fixed = corrected(line, &found);
    let (message, help) = describe(&chosen, &line[chosen.range.clone()], fixed.trim());
    Some(Slip {
        range: start + chosen.range.start..start + chosen.range.end,
        message,
        help,
    })
}

/// The bare text value starting at `at`, to the end of its inline table
/// entry, list element or line.
fn unquoted(line: &str, at: usize) -> Option<Found> {
    let rest = &line[at..];
    let len = rest.find([',', '}', ']', '#']).unwrap_or(rest.len());
    let value = rest[..len].trim_end_matches([' ', '\t', '\u{3000}']);
    if value.is_empty() {
        return None;
    }
    Some(Found {
        kind: Kind::Unquoted,
        range: at..at + value.len(),
        reach: at + value.len(),
        fix: format!("\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\"")),
    })
}

/// The line with every slip found on it put right.
fn corrected(line: &str, found: &[Found]) -> String {
    let mut out = String::with_capacity(line.len());
    let mut pos = 0;
    for f in found {
        if f.range.start < pos {
            continue;
        }
        out.push_str(&line[pos..f.range.start]);
        out.push_str(&f.fix);
        pos = f.range.end;
    }
    out.push_str(&line[pos..]);
    out
}

fn describe(f: &Found, written: &str, fixed: &str) -> (Text, Text) {
    match &f.kind {
        Kind::Unclosed(q) => (
            tr!(
                "文字列が閉じていません。この {q} で始まる文字列は、同じ行に閉じる {q} がありません",
                "this string is not closed: the {q} that opens it has no closing {q} on the same line"
            ),
            tr!(
                "行末に {q} を足してください（複数行にわたる文字列は \"\"\" で囲みます）: {fixed}",
                "add the closing {q} at the end of the line (text over several lines goes between \"\"\"): {fixed}"
            ),
        ),
        Kind::Quote(c) => (
            tr!(
                "{c} は TOML では文字列を囲む記号になりません",
                "{c} cannot enclose text in TOML"
            ),
            tr!(
                "文字列は半角の \" で囲んでください: {fixed}",
                "enclose text in straight double quotes \": {fixed}"
            ),
        ),
        Kind::FullWidthEquals => (
            tr!(
                "「＝」は全角の等号です。半角の = を使ってください",
                "＝ is the full-width equals sign; use the half-width ="
            ),
            tr!("次のように直してください: {fixed}", "write: {fixed}"),
        ),
        Kind::FullWidthSpace => (
            tr!(
                "全角スペースがあります。キーや = の前後には半角スペースを使ってください",
                "a full-width space (U+3000) is here; use half-width spaces around keys and ="
            ),
            tr!("次のように直してください: {fixed}", "write: {fixed}"),
        ),
        Kind::FullWidth(chars) => {
            let list = chars
                .iter()
                .map(char::to_string)
                .collect::<Vec<_>>()
                .join(" ");
            let digits_only = chars.iter().all(|c| ('０'..='９').contains(c));
            let message = if digits_only {
                tr!(
                    "「{written}」は全角の数字です。半角で {} と書いてください",
                    "\"{written}\" is written with full-width digits; write it in half-width digits as {}",
                    f.fix
                )
            } else {
                tr!(
                    "「{written}」には全角の文字（{list}）があります。半角で {} と書いてください",
                    "\"{written}\" contains full-width characters ({list}); write it in half-width characters as {}",
                    f.fix
                )
            };
            (
                message,
                tr!(
                    "数字と記号は半角で書きます: {fixed}",
                    "numbers and signs are written in half-width characters: {fixed}"
                ),
            )
        }
        Kind::Era(year) => (
            tr!(
                "「{written}」は年度として読めません。年度は西暦で書きます（{written}は {year} 年度です）",
                "\"{written}\" cannot be read as a fiscal year: years are written as Western years ({written} is {year})"
            ),
            tr!("次のように直してください: {fixed}", "write: {fixed}"),
        ),
        Kind::Printed(p) => {
            let mut ja = Vec::new();
            let mut en = Vec::new();
            if !p.wide.is_empty() {
                let list: Vec<String> = p.wide.iter().map(char::to_string).collect();
                ja.push(format!("全角の文字 {}", list.join(" ")));
                en.push(format!("full-width characters {}", list.join(" ")));
            }
            if p.grouped {
                ja.push("桁区切りのカンマ".to_string());
                en.push("a thousands separator".to_string());
            }
            if let Some(c) = p.triangle {
                ja.push(format!("マイナスを表す {c}"));
                en.push(format!("{c} for minus"));
            }
            if p.percent {
                ja.push("% 記号".to_string());
                en.push("a % sign".to_string());
            }
            let (unit_ja, unit_en) = if p.percent {
                ("（% は KPI の unit に書きます）", " (the % goes in the KPI's unit)")
            } else {
                ("", "")
            };
            (
                Text::new(
                    format!(
                        "「{written}」は数値として読めません（{}）。{} と書いてください",
                        ja.join("、"),
                        f.fix
                    ),
                    format!(
                        "\"{written}\" cannot be read as a number ({}); write it as {}",
                        en.join(", "),
                        f.fix
                    ),
                ),
                Text::new(
                    format!("次のように直してください{unit_ja}: {fixed}"),
                    format!("write{unit_en}: {fixed}"),
                ),
            )
        }
        Kind::Unquoted => (
            tr!(
                "文字列は \" で囲む必要があります",
                "text must be written in double quotes: \"…\""
            ),
            tr!("次のように直してください: {fixed}", "write: {fixed}"),
        ),
        Kind::Thousands => (
            tr!(
                "数値「{written}」に桁区切りのカンマがあります。TOML の数値にはカンマを書けません",
                "the number {written} has a thousands separator; numbers are written without commas"
            ),
            tr!(
                "カンマを取って {} と書いてください: {fixed}",
                "write it as {}: {fixed}",
                f.fix
            ),
        ),
    }
}

/// Characters that look like quotes to a typist but are not TOML's, with
/// the character that closes them.
const QUOTES: &[(char, char)] = &[
    ('“', '”'),
    ('”', '”'),
    ('‘', '’'),
    ('’', '’'),
    ('「', '」'),
    ('『', '』'),
    ('＂', '＂'),
    ('＇', '＇'),
];

/// Every slip of `line`, in order, skipping what is inside strings and
/// comments; stops at a multi-line string, whose rest it cannot judge.
fn scan(line: &str) -> Vec<Found> {
    let mut found = Vec::new();
    let mut i = 0;
    while let Some(c) = line[i..].chars().next() {
        let next = i + c.len_utf8();
        match c {
            '#' => break,
            '"' | '\'' => {
                if line[i..].starts_with(if c == '"' { "\"\"\"" } else { "'''" }) {
                    break;
                }
                match string_end(line, i, c) {
                    Some(e) => i = e,
                    None => {
                        // Drawn at the opening quote; the fix closes the
                        // rest of the line.
                        let text_end = line.trim_end().len().max(next);
                        found.push(Found {
                            kind: Kind::Unclosed(c),
                            range: i..next,
                            reach: line.len(),
                            fix: c.to_string(),
                        });
                        found.push(Found {
                            kind: Kind::Unclosed(c),
                            range: next..text_end,
                            reach: 0,
                            fix: format!("{}{c}", &line[next..text_end]),
                        });
                        break;
                    }
                }
            }
            '＝' => {
                found.push(Found {
                    kind: Kind::FullWidthEquals,
                    range: i..next,
                    reach: next,
                    fix: "=".into(),
                });
                i = next;
            }
            '\u{3000}' => {
                let run = line[i..]
                    .find(|c| c != '\u{3000}')
                    .map_or(line.len(), |n| i + n);
                found.push(Found {
                    kind: Kind::FullWidthSpace,
                    range: i..run,
                    reach: run,
                    fix: " ".into(),
                });
                i = run;
            }
            c if QUOTES.iter().any(|(open, _)| *open == c) => {
                let close = QUOTES.iter().find(|(o, _)| *o == c).map_or(c, |q| q.1);
                let inner_end = line[next..].find(close).map(|n| next + n);
                let (range, fix) = match inner_end {
                    Some(e) => (
                        i..e + close.len_utf8(),
                        format!("\"{}\"", line[next..e].replace('"', "\\\"")),
                    ),
                    None => (i..next, "\"".into()),
                };
                found.push(Found {
                    kind: Kind::Quote(c),
                    reach: range.end,
                    range: range.clone(),
                    fix,
                });
                i = range.end;
            }
            c if is_separator(c) => i = next,
            _ => {
                let end = line[i..]
                    .find(|c: char| is_separator(c) || is_slip_char(c))
                    .map_or(line.len(), |n| i + n);
                if let Some(f) = number(line, i) {
                    i = f.range.end;
                    found.push(f);
                    continue;
                }
                found.extend(word(line, i..end));
                i = end;
            }
        }
    }
    found
}

/// Where a one-line string opened at byte `i` ends (after its closing
/// quote), if it does on this line.
fn string_end(line: &str, i: usize, quote: char) -> Option<usize> {
    let b = line.as_bytes();
    let q = quote as u8;
    let mut j = i + 1;
    while j < b.len() {
        if b[j] == b'\\' && q == b'"' {
            j += 2;
            continue;
        }
        if b[j] == q {
            return Some(j + 1);
        }
        j += 1;
    }
    None
}

fn is_separator(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t' | '\r' | '=' | ',' | '{' | '}' | '[' | ']' | '"' | '\'' | '#'
    )
}

fn is_slip_char(c: char) -> bool {
    c == '＝' || c == '\u{3000}' || QUOTES.iter().any(|(open, _)| *open == c)
}

/// A number as a printed report writes it (`1,200`, `△30,095`, `６０`,
/// `99.2%`) where a value is: right after `=`.
fn number(line: &str, i: usize) -> Option<Found> {
    if !line[..i]
        .trim_end_matches([' ', '\t', '\u{3000}'])
        .ends_with('=')
    {
        return None;
    }
    let p = number::printed(line, i)?;
    let kind = match (&p.wide[..], p.grouped, p.triangle, p.percent) {
        (_, false, None, false) => Kind::FullWidth(p.wide.clone()),
        ([], true, None, false) => Kind::Thousands,
        _ => Kind::Printed(p.clone()),
    };
    Some(Found {
        kind,
        range: i..p.end,
        reach: next_token_end(line, p.end),
        fix: p.plain,
    })
}

/// Up to where the parser may stop because of a word ending at `end`:
/// it often notices only at the next character that is not a space.
fn next_token_end(line: &str, end: usize) -> usize {
    line[end..]
        .char_indices()
        .find(|(_, c)| *c != ' ' && *c != '\t')
        .map_or(line.len(), |(n, c)| end + n + c.len_utf8())
}

/// A bare word: a year written in a Japanese era, or a number or key typed
/// in full-width characters.
fn word(line: &str, range: Range<usize>) -> Option<Found> {
    let text = &line[range.clone()];
    let half: String = text.chars().map(half_width).collect();
    let reach = next_token_end(line, range.end);
    if let Some(year) = era_year(&half) {
        return Some(Found {
            kind: Kind::Era(year),
            range,
            reach,
            fix: year.to_string(),
        });
    }
    let wide: Vec<char> =
        text.chars()
            .filter(|&c| half_width(c) != c)
            .fold(Vec::new(), |mut v, c| {
                if !v.contains(&c) {
                    v.push(c);
                }
                v
            });
    // Only where the half-width form is plain ASCII: 窓口（電子化） is
    // text that needs quotes, not a slip of the IME.
    if wide.is_empty() || !half.is_ascii() {
        return None;
    }
    let fix = half;
    Some(Found {
        kind: Kind::FullWidth(wide),
        range,
        reach,
        fix,
    })
}

/// The half-width (ASCII) form of a full-width character, and the minus
/// signs a Japanese IME offers.
fn half_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '−' => '-',
        _ => c,
    }
}

/// The Western fiscal year of `令和4年度`, `平成30年度`, `令和元年`, `R4`, `H30`.
pub fn era_year(s: &str) -> Option<i64> {
    const ERAS: [(&str, i64); 6] = [
        ("令和", 2018),
        ("平成", 1988),
        ("R", 2018),
        ("r", 2018),
        ("H", 1988),
        ("h", 1988),
    ];
    let s = s.trim();
    let s = s
        .strip_suffix("年度")
        .or_else(|| s.strip_suffix('年'))
        .unwrap_or(s);
    ERAS.iter().find_map(|(name, offset)| {
        let n = s.strip_prefix(name)?;
        let n = if n == "元" {
            1
        } else if !n.is_empty() && n.len() <= 2 && n.bytes().all(|b| b.is_ascii_digit()) {
            n.parse::<i64>().ok().filter(|&n| n >= 1)?
        } else {
            return None;
        };
        Some(offset + n)
    })
}

#[cfg(test)]
mod tests;
