//! What a cell means: numbers as Excel leaves them (stored as text,
//! full-width, △ for minus, 1.2E+5, percentages), fiscal years in any
//! form, and the values Excel mangles (a `1-2` turned into a date) refused
//! by name.
//!
//! Blank cells and 削除 are the caller's concern (they mean the same in
//! every column); these functions read a cell that holds something.

use unicode_normalization::UnicodeNormalization;

use crate::config::Language;
use crate::content::reader::fmt_number;
use crate::diagnostics::Text;
use crate::model::{Value, Year, YearFormat};
use crate::tr;
use crate::workbook::layout::{is_clear, parse_year, year_text};
use crate::workbook::Cell;

/// Why a cell cannot be used, ready to become a located diagnostic.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub message: Text,
    pub help: Option<Text>,
}

impl Problem {
    fn new(message: Text) -> Problem {
        Problem {
            message,
            help: None,
        }
    }

    fn help(mut self, help: Text) -> Problem {
        self.help = Some(help);
        self
    }
}

pub type Read<T> = Result<T, Problem>;

/// Whether a cell is blank (keep what the file has).
pub fn is_blank(cell: &Cell) -> bool {
    cell.is_empty()
}

/// Whether a cell says 削除 (remove the value).
pub fn is_clear_cell(cell: &Cell) -> bool {
    matches!(cell, Cell::Text(t) if is_clear(t))
}

/// A cell as staff see it, for quoting in messages.
pub fn shown(cell: &Cell) -> String {
    match cell {
        Cell::Empty => String::new(),
        Cell::Text(t) => t.trim().to_string(),
        Cell::Number(n) => fmt_number(*n),
        Cell::Percent(p) => format!("{}%", fmt_number(percent_points(*p))),
        Cell::Date { month, day, .. } => format!("{month}月{day}日"),
        Cell::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Cell::Error(e) => e.clone(),
    }
}

/// 0.85 → 85, without the binary fraction 0.85 × 100 leaves.
fn percent_points(p: f64) -> f64 {
    tidy(p * 100.0)
}

/// A number rounded to 15 significant digits, as Excel shows it.
fn tidy(n: f64) -> f64 {
    if !n.is_finite() || n == 0.0 {
        return n;
    }
    format!("{n:.14e}").parse().unwrap_or(n)
}

fn date_problem(year: i32, month: u32, day: u32) -> Problem {
    let _ = year;
    Problem::new(tr!(
        "日付になっています({month}月{day}日)",
        "the cell holds a date ({month}/{day})"
    ))
    .help(tr!(
        "「{month}-{day}」と入力して日付に変わった場合は、先頭に ' を付けて文字として入力してください",
        "if you typed \"{month}-{day}\" and the spreadsheet turned it into a date, type it with a ' in front so that it stays text"
    ))
}

/// An item number, category id or file name: text, but not a date that a
/// spreadsheet made of one (`1-1-1` opened in Excel becomes 2001/1/1, `1-2`
/// becomes 1月2日), which would otherwise read as a new item or category.
pub fn identity(cell: &Cell) -> Read<String> {
    let t = text(cell)?;
    if looks_like_a_date(&t) {
        return Err(Problem::new(tr!(
            "「{t}」は日付です。Excel などが番号(「1-1-1」「1-2」など)を日付に変えたようです",
            "\"{t}\" is a date: a spreadsheet seems to have turned a number such as 1-1-1 or 1-2 into one"
        ))
        .help(tr!(
            "CSV を Excel で直接開くと番号や分類IDが日付に変わります。書き出したブック(.xlsx)を使うか、Excel の[データ]→[テキストまたは CSV から]で列を「文字列」にして開いてください",
            "opening a CSV file straight in Excel turns numbers and category ids into dates; use the exported workbook (.xlsx), or open the CSV with Data → From Text/CSV and set the columns to Text"
        )));
    }
    Ok(t)
}

/// `2001/1/1`, `1/2`, `1月2日`, `2001年1月2日`, `2001-01-02`: what a
/// spreadsheet writes for a date in a CSV file.
fn looks_like_a_date(t: &str) -> bool {
    let parts = |sep: char| -> Option<Vec<&str>> {
        let p: Vec<&str> = t.split(sep).collect();
        (p.len() >= 2
            && p.len() <= 3
            && p.iter()
                .all(|x| !x.is_empty() && x.len() <= 4 && x.bytes().all(|b| b.is_ascii_digit())))
        .then_some(p)
    };
    if parts('/').is_some() {
        return true;
    }
    if let Some(p) = parts('-') {
        // 1-1 is an id; 2001-01-02 is ISO's date.
        return p.len() == 3 && p[0].len() == 4 && p[1].len() == 2 && p[2].len() == 2;
    }
    let rest = match t.split_once('年') {
        Some((y, rest)) if !y.is_empty() && y.bytes().all(|b| b.is_ascii_digit()) => rest,
        _ => t,
    };
    match rest.strip_suffix('日').and_then(|r| r.split_once('月')) {
        Some((m, d)) => {
            !m.is_empty()
                && !d.is_empty()
                && (m.bytes().chain(d.bytes())).all(|b| b.is_ascii_digit())
        }
        None => false,
    }
}

fn bool_problem(b: bool) -> Problem {
    let v = if b { "TRUE" } else { "FALSE" };
    Problem::new(tr!(
        "真偽値「{v}」が入っています。値を入力してください",
        "the cell holds the truth value {v}; type the value instead"
    ))
}

fn error_problem(e: &str) -> Problem {
    Problem::new(tr!(
        "エラー値「{e}」が入っています。数式ではなく値を入力してください",
        "the cell holds the error value {e}; type a value, not a formula"
    ))
}

/// Text that a spreadsheet writes into a CSV file for a cell that held an
/// error value (`#N/A`, `#REF!`; LibreOffice's `Err:502`) or, with
/// `truth`, a truth value: what the cell meant is lost, so it is refused
/// as the cell itself would be.
fn spreadsheet_literal(t: &str, truth: bool) -> Option<Problem> {
    let t = t.trim();
    let upper = t.to_ascii_uppercase();
    match upper.as_str() {
        "TRUE" if truth => return Some(bool_problem(true)),
        "FALSE" if truth => return Some(bool_problem(false)),
        "#N/A" | "#NULL!" | "#DIV/0!" | "#VALUE!" | "#REF!" | "#NAME?" | "#NUM!"
        | "#GETTING_DATA" | "#SPILL!" | "#CALC!" | "#FIELD!" | "#BLOCKED!" | "#CONNECT!"
        | "#BUSY!" | "#UNKNOWN!" => return Some(error_problem(t)),
        _ => {}
    }
    let lo_error = upper
        .strip_prefix("ERR:")
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    lo_error.then(|| error_problem(t))
}

/// A date as a spreadsheet writes one into a CSV file (`1月2日`,
/// `2024/1/2`): (year, month, day), the year 0 when not written.
fn date_text(t: &str) -> Option<(i32, u32, u32)> {
    let t = normalise(t);
    let num = |s: &str| -> Option<u32> {
        (!s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let (year, month, day) = if let Some(md) = t.strip_suffix('日') {
        let (m, d) = md.split_once('月')?;
        (0, num(m)?, num(d)?)
    } else {
        let mut parts = t.split('/');
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() || y.len() != 4 {
            return None;
        }
        (num(y)? as i32, num(m)?, num(d)?)
    };
    ((1..=12).contains(&month) && (1..=31).contains(&day)).then_some((year, month, day))
}

/// The characters of text that is trying to be a number: digits, signs,
/// separators, exponents, percent, and kanji numerals.
fn number_like(t: &str) -> bool {
    !t.is_empty()
        && t.chars().any(|c| c.is_ascii_digit() || is_kanji_numeral(c))
        && t.chars().all(|c| {
            c.is_ascii_digit()
                || is_kanji_numeral(c)
                || matches!(c, '+' | '-' | '.' | ',' | 'e' | 'E' | '%' | ' ' | '△' | '▲')
        })
}

/// Without 〇: alone it is the circle schedules mark a done year with.
fn is_kanji_numeral(c: char) -> bool {
    "零一二三四五六七八九十百千万億".contains(c)
}

/// The number a text means after Excel's mangling: `"12"`, `１２`,
/// `1,234`, `△1,234`, `1.2E+5`; a trailing `%` is returned apart.
/// None when it is not a number written plainly.
pub fn number_from_text(text: &str) -> Option<(f64, bool)> {
    let t = normalise(text);
    let (t, percent) = match t.strip_suffix('%') {
        Some(rest) => (rest.trim_end().to_string(), true),
        None => (t, false),
    };
    let (negative, body) = match t.strip_prefix(['△', '▲']) {
        Some(rest) => (true, rest.trim_start()),
        None => (false, t.as_str()),
    };
    if body.is_empty() || !body.bytes().all(|b| b.is_ascii_graphic()) {
        return None;
    }
    // Only Excel's own grouping: 1,234,567 (groups of three before the point).
    let plain = if body.contains(',') {
        let (int, _) = match body.find(['.', 'e', 'E']) {
            Some(i) => body.split_at(i),
            None => (body, ""),
        };
        let int = int.strip_prefix(['-', '+']).unwrap_or(int);
        let mut groups = int.split(',');
        let first = groups.next()?;
        if first.is_empty() || first.len() > 3 || groups.clone().any(|g| g.len() != 3) {
            return None;
        }
        body.replace(',', "")
    } else {
        body.to_string()
    };
    // `parse` also takes `inf` and `NaN`; only digits, sign, point and exponent here.
    if !plain
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'+' | b'-' | b'.' | b'e' | b'E'))
        || !plain.bytes().any(|b| b.is_ascii_digit())
    {
        return None;
    }
    let n: f64 = plain.parse().ok()?;
    if !n.is_finite() || (negative && plain.starts_with(['-', '+'])) {
        return None;
    }
    Some((if negative { -n } else { n }, percent))
}

/// NFKC (full-width digits, ％, －), with the minus signs Japanese
/// documents use read as `-`, trimmed.
fn normalise(text: &str) -> String {
    let t: String = text
        .nfkc()
        .map(|c| match c {
            '\u{2212}' | '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' => '-',
            c => c,
        })
        .collect();
    t.trim().to_string()
}

/// A figure: 目標, 実績, 基準値, and the schedule's 計画 and 実績.
/// `percent_unit`: the KPI's unit is `%`, so 85% means 85.
pub fn value(cell: &Cell, percent_unit: bool) -> Read<Value> {
    match cell {
        Cell::Number(n) => Ok(Value::Number(tidy(*n))),
        Cell::Percent(p) => {
            let points = percent_points(*p);
            if percent_unit {
                Ok(Value::Number(points))
            } else {
                Err(not_percent(&format!("{}%", fmt_number(points))))
            }
        }
        Cell::Text(t) => value_from_text(t.trim(), percent_unit),
        Cell::Date { year, month, day } => Err(date_problem(*year, *month, *day)),
        Cell::Bool(b) => Err(bool_problem(*b)),
        Cell::Error(e) => Err(error_problem(e)),
        Cell::Empty => Ok(Value::Text(String::new())),
    }
}

/// 計画 and 実績 of the schedule, which pages show as written (`80%`,
/// `3科目`): text stays text — a percentage cell is what staff typed as
/// `80%` — and a number cell is a number.
pub fn schedule_value(cell: &Cell) -> Read<Value> {
    match cell {
        Cell::Number(n) => Ok(Value::Number(tidy(*n))),
        Cell::Percent(p) => Ok(Value::Text(format!("{}%", fmt_number(percent_points(*p))))),
        Cell::Text(t) => match spreadsheet_literal(t, true) {
            Some(p) => Err(p),
            None => Ok(Value::Text(t.trim().to_string())),
        },
        Cell::Date { year, month, day } => Err(date_problem(*year, *month, *day)),
        Cell::Bool(b) => Err(bool_problem(*b)),
        Cell::Error(e) => Err(error_problem(e)),
        Cell::Empty => Ok(Value::Text(String::new())),
    }
}

fn value_from_text(t: &str, percent_unit: bool) -> Read<Value> {
    if let Some(p) = spreadsheet_literal(t, true) {
        return Err(p);
    }
    if let Some((year, month, day)) = date_text(t) {
        return Err(date_problem(year, month, day));
    }
    if let Some((n, percent)) = number_from_text(t) {
        if !percent {
            return Ok(Value::Number(n));
        }
        if percent_unit {
            return Ok(Value::Number(n));
        }
        return Err(not_percent(t));
    }
    if number_like(&normalise(t)) {
        return Err(Problem::new(tr!(
            "数値が必要ですが「{t}」が入っています",
            "expected a number, found \"{t}\""
        ))
        .help(tr!(
            "算用数字で入力してください(例: 1234、△12、1.5)",
            "type the number in digits (for example 1234, -12, 1.5)"
        )));
    }
    Ok(Value::Text(t.to_string()))
}

fn not_percent(shown: &str) -> Problem {
    Problem::new(tr!(
        "パーセントの値「{shown}」ですが、この指標の単位は「%」ではありません",
        "the percentage \"{shown}\" is in a KPI whose unit is not \"%\""
    ))
    .help(tr!(
        "単位のとおりの数値を入力してください(セルの表示形式がパーセントなら「標準」に戻してください)",
        "type the number in the KPI's unit (set a cell formatted as a percentage back to General)"
    ))
}

/// 指標番号 and 取組番号: a whole number from 1.
pub fn whole_number(cell: &Cell) -> Read<usize> {
    let n = match cell {
        Cell::Number(n) => Some(*n),
        Cell::Text(t) => number_from_text(t).and_then(|(n, p)| (!p).then_some(n)),
        Cell::Date { year, month, day } => return Err(date_problem(*year, *month, *day)),
        Cell::Error(e) => return Err(error_problem(e)),
        _ => None,
    };
    match n {
        Some(n) if n.fract() == 0.0 && (1.0..=1e6).contains(&n) => Ok(n as usize),
        _ => {
            let s = shown(cell);
            Err(Problem::new(tr!(
                "1以上の整数が必要ですが「{s}」が入っています",
                "expected a whole number from 1, found \"{s}\""
            )))
        }
    }
}

/// A fiscal year in any form staff write it; `plan_years` (the plan
/// period) are listed in the message when it cannot be read.
pub fn year(cell: &Cell, plan_years: &[Year], style: YearFormat, lang: Language) -> Read<Year> {
    let read = match cell {
        Cell::Number(n) if n.fract() == 0.0 && (1000.0..=9999.0).contains(n) => Some(*n as Year),
        Cell::Text(t) => parse_year(t),
        Cell::Date { year, month, day } => return Err(date_problem(*year, *month, *day)),
        Cell::Error(e) => return Err(error_problem(e)),
        _ => None,
    };
    read.ok_or_else(|| {
        let s = shown(cell);
        let years = plan_years
            .iter()
            .map(|&y| year_text(y, style, lang))
            .collect::<Vec<_>>()
            .join("、");
        Problem::new(tr!(
            "年度が必要ですが「{s}」が入っています",
            "expected a fiscal year, found \"{s}\""
        ))
        .help(tr!(
            "令和5年度、R5、2023 のように入力してください。この計画の年度: {years}",
            "type a year as 令和5年度, R5 or 2023; the plan's years: {years}"
        ))
    })
}

/// A status: a level key of the plan's scale, exactly.
pub fn status(cell: &Cell, levels: &[&str], scale: &str) -> Read<String> {
    let key = text(cell)?;
    if levels.contains(&key.as_str()) {
        return Ok(key);
    }
    let all = levels.join(", ");
    let help = tr!("評価は次のとおりです: {all}", "the levels are: {all}");
    let nfkc = |s: &str| s.nfkc().collect::<String>();
    let message = match levels.iter().find(|l| nfkc(l) == nfkc(&key)) {
        Some(level) => tr!(
            "「{key}」は評価「{level}」と書き方(全角・半角)だけが違います。「{level}」と入力してください",
            "\"{key}\" differs from the level \"{level}\" only in how it is written (full-width or half-width); type \"{level}\""
        ),
        None => tr!(
            "「{key}」はこの計画の評価(「{scale}」)にありません",
            "\"{key}\" is not a level of this plan's scale (\"{scale}\")"
        ),
    };
    Err(Problem::new(message).help(help))
}

/// Text, trimmed; a number typed into a text column is its number as text
/// (項目名 = 2023).
pub fn text(cell: &Cell) -> Read<String> {
    match cell {
        Cell::Text(t) => match spreadsheet_literal(t, false) {
            Some(p) => Err(p),
            None => Ok(t.trim().to_string()),
        },
        Cell::Number(_) | Cell::Percent(_) | Cell::Empty => Ok(shown(cell)),
        Cell::Date { year, month, day } => Err(date_problem(*year, *month, *day)),
        Cell::Bool(b) => Err(bool_problem(*b)),
        Cell::Error(e) => Err(error_problem(e)),
    }
}

#[cfg(test)]
#[path = "cells_tests.rs"]
mod tests;
