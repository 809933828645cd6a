//! Typed reading of parsed TOML with positions, collecting every problem.
//!
//! serde's `deny_unknown_fields` stops at the first problem and cannot say
//! "did you mean"; authors fixing a file want all of them at once, each with
//! its line and column. So the schema is read by hand over `toml`'s spanned
//! document tree.

use std::ops::Range;
use std::sync::Arc;

use toml::de::{DeTable, DeValue};
use toml::Spanned;

use crate::diagnostics::{did_you_mean, Diagnostic, Diagnostics, Location, SourceFile, Text};
use crate::model::{Datum, Pos, Value, Year, YearMap};
use crate::tr;

/// Earliest and latest fiscal year accepted anywhere.
pub const YEAR_RANGE: std::ops::RangeInclusive<Year> = 1900..=2200;

/// Largest magnitude accepted for a figure: beyond 2^53 a number is no longer exact.
pub(crate) const MAX_NUMBER: f64 = 9_007_199_254_740_992.0;

pub type Node<'i> = Spanned<DeValue<'i>>;

/// Reads one TOML document that starts at byte `base` of `file`.
pub struct Reader<'d> {
    pub file: Arc<SourceFile>,
    base: usize,
    pub diags: &'d mut Diagnostics,
}

impl<'d> Reader<'d> {
    pub fn new(file: Arc<SourceFile>, base: usize, diags: &'d mut Diagnostics) -> Self {
        Reader { file, base, diags }
    }

    /// Position in the file of a span of the TOML text.
    pub fn pos(&self, span: Range<usize>) -> Pos {
        Pos {
            file: self.file.clone(),
            range: span.start + self.base..span.end + self.base,
        }
    }

    pub fn loc(&self, span: Range<usize>) -> Location {
        self.pos(span).location()
    }

    pub fn error(&mut self, span: Range<usize>, msg: impl Into<crate::diagnostics::Text>) {
        let d = Diagnostic::error(self.loc(span), msg);
        self.diags.push(d);
    }

    pub fn error_help(
        &mut self,
        span: Range<usize>,
        msg: impl Into<crate::diagnostics::Text>,
        help: impl Into<crate::diagnostics::Text>,
    ) {
        let d = Diagnostic::error(self.loc(span), msg).with_help(help);
        self.diags.push(d);
    }

    pub fn warn(&mut self, span: Range<usize>, msg: impl Into<crate::diagnostics::Text>) {
        let d = Diagnostic::warning(self.loc(span), msg);
        self.diags.push(d);
    }

    /// Reports every key of `table` that is not in `known`.
    pub fn check_keys(&mut self, table: &DeTable, path: &str, known: &[&str]) {
        for (key, _) in table.iter() {
            let name = key.get_ref().as_ref();
            if known.contains(&name) {
                continue;
            }
            let full = join(path, name);
            let msg = tr!("{full}: 不明なキーです", "{full}: unknown key");
            let help = match did_you_mean(name, known) {
                Some(k) => did_you_mean_help(&format!("`{k}`")),
                None if known.is_empty() => tr!(
                    "ここには設定を書けません。書けるのは、閉じる +++ の行の後の Markdown の本文だけです",
                    "no settings are taken here, only the Markdown text after the closing +++"
                ),
                None => {
                    let keys = known.join(", ");
                    tr!(
                        "ここで使えるキーは次のとおりです: {keys}",
                        "the keys allowed here are: {keys}"
                    )
                }
            };
            self.error_help(key.span(), msg, help);
        }
    }

    /// Reports a missing required key, pointing at the table that lacks it.
    /// `example` is code as written in the file, the same in both languages,
    /// unless it carries an explanation.
    pub fn missing(&mut self, at: Range<usize>, path: &str, key: &str, example: impl Into<Text>) {
        let start = at.start;
        let example = example.into();
        let (example_ja, example_en) = (&example.ja, &example.en);
        self.error_help(
            start..start,
            {
                let path = join(path, key);
                tr!(
                    "{path}: 必須のキーがありません",
                    "{path}: missing required key"
                )
            },
            tr!(
                "次のような行を追加してください: {key} = {example_ja}",
                "add a line such as: {key} = {example_en}"
            ),
        );
    }

    /// A required key read with `read`; reported where `at` points if missing.
    pub fn required<T>(
        &mut self,
        table: &DeTable,
        at: Range<usize>,
        path: &str,
        key: &str,
        example: &str,
        read: impl FnOnce(&mut Self, &Node, &str) -> Option<T>,
    ) -> Option<T> {
        match table.get(key) {
            Some(node) => read(self, node, &join(path, key)),
            None => {
                self.missing(at, path, key, example);
                None
            }
        }
    }

    /// `expected` names what belongs here in both languages, such as
    /// `tr!("数値", "a number")`.
    pub fn type_error(&mut self, node: &Node, path: &str, expected: Text) {
        let found = describe(node.get_ref());
        let (ja, en) = (&expected.ja, &expected.en);
        let (found_ja, found_en) = (&found.ja, &found.en);
        self.error(
            node.span(),
            tr!(
                "{path}: {ja}を書いてください({found_ja}が書かれています)",
                "{path}: expected {en}, found {found_en}"
            ),
        );
    }

    /// Text; `None` (with an error) for anything else.
    pub fn text(&mut self, node: &Node, path: &str) -> Option<String> {
        match node.get_ref() {
            DeValue::String(s) => self.printable(node.span(), path, s).then(|| s.to_string()),
            _ => {
                self.type_error(node, path, tr!("引用符で囲んだ文字列", "text in quotes"));
                None
            }
        }
    }

    /// Whether text is free of control characters other than line feed
    /// and tab; reported at `span` if not. The file itself has none (see
    /// `content::file`), but a TOML escape such as `\u001b` makes one.
    pub fn printable(&mut self, span: Range<usize>, path: &str, s: &str) -> bool {
        let Some(c) = s
            .chars()
            .find(|&c| c.is_control() && c != '\n' && c != '\t')
        else {
            return true;
        };
        let name = crate::content::file::control_name(c);
        self.error_help(
            span,
            tr!(
                "{path}: 文字列に制御文字 {name} が含まれています。制御文字は公開できません",
                "{path}: the text contains the control character {name}, which cannot be published"
            ),
            tr!(
                "制御文字を作っているエスケープ(\\u…, \\e, \\b, \\f, \\r)を削除してください",
                "remove the escape (\\u…, \\e, \\b, \\f, \\r) that makes it"
            ),
        );
        false
    }

    pub fn opt_text(&mut self, table: &DeTable, path: &str, key: &str) -> Option<String> {
        let node = table.get(key)?;
        self.text(node, &join(path, key))
    }

    /// Required text, reported if missing or empty.
    pub fn req_text(
        &mut self,
        table: &DeTable,
        at: Range<usize>,
        path: &str,
        key: &str,
        example: impl Into<Text>,
    ) -> Option<String> {
        match table.get(key) {
            None => {
                self.missing(at, path, key, example);
                None
            }
            Some(node) => {
                let text = self.text(node, &join(path, key))?;
                if text.trim().is_empty() {
                    let path = join(path, key);
                    self.error(
                        node.span(),
                        tr!("{path}: 空欄にはできません", "{path}: must not be empty"),
                    );
                    return None;
                }
                Some(text)
            }
        }
    }

    /// [`Reader::text_list`] with where each entry is written.
    pub fn text_list_at(&mut self, table: &DeTable, path: &str, key: &str) -> Vec<(String, Pos)> {
        let Some(node) = table.get(key) else {
            return Vec::new();
        };
        let spans: Vec<Range<usize>> = match node.get_ref() {
            DeValue::Array(items) => items.iter().map(|n| n.span()).collect(),
            _ => vec![node.span()],
        };
        let texts = self.text_list(table, path, key);
        if texts.len() != spans.len() {
            // An entry was refused (an error already): keep those read, at the list.
            return texts
                .into_iter()
                .map(|t| (t, self.pos(node.span())))
                .collect();
        }
        texts
            .into_iter()
            .zip(spans)
            .map(|(t, s)| (t, self.pos(s)))
            .collect()
    }

    /// A list of text. A single text is also taken, as a list of one.
    pub fn text_list(&mut self, table: &DeTable, path: &str, key: &str) -> Vec<String> {
        let Some(node) = table.get(key) else {
            return Vec::new();
        };
        let path = join(path, key);
        match node.get_ref() {
            DeValue::String(s) => vec![s.to_string()],
            DeValue::Array(items) => items
                .iter()
                .enumerate()
                .filter_map(|(i, n)| self.text(n, &format!("{path}[{i}]")))
                .collect(),
            _ => {
                self.type_error(
                    node,
                    &path,
                    tr!(
                        "[\"総務課\"] のような文字列のリスト",
                        "a list of text such as [\"総務課\"]"
                    ),
                );
                Vec::new()
            }
        }
    }

    pub fn integer(&mut self, node: &Node, path: &str) -> Option<i64> {
        match node.get_ref() {
            DeValue::Integer(i) => match i64::from_str_radix(i.as_str(), i.radix()) {
                Ok(v) => Some(v),
                Err(_) => {
                    self.error(
                        node.span(),
                        tr!("{path}: 数値が大きすぎます", "{path}: number is too large"),
                    );
                    None
                }
            },
            _ => {
                self.type_error(node, path, tr!("整数", "a whole number"));
                None
            }
        }
    }

    /// A fiscal year written as a number, such as 2023.
    pub fn year(&mut self, node: &Node, path: &str) -> Option<Year> {
        if let DeValue::String(s) = node.get_ref() {
            self.error_help(
                node.span(),
                tr!(
                    "{path}: 年度は 2023 のような数値で書いてください(文字列が書かれています)",
                    "{path}: expected a fiscal year as a number such as 2023, found text"
                ),
                year_help(s),
            );
            return None;
        }
        let v = self.integer(node, path)?;
        self.check_year(node.span(), path, v)
    }

    fn check_year(&mut self, span: Range<usize>, path: &str, v: i64) -> Option<Year> {
        if v >= i64::from(*YEAR_RANGE.start()) && v <= i64::from(*YEAR_RANGE.end()) {
            Some(v as Year)
        } else {
            let (first, last) = (YEAR_RANGE.start(), YEAR_RANGE.end());
            self.error(
                span,
                tr!(
                    "{path}: {v} は年度として読めません({first}から{last}までの西暦で書いてください)",
                    "{path}: {v} is not a fiscal year (expected a Western year from {first} to {last})"
                ),
            );
            None
        }
    }

    /// A calendar date, written as a TOML date (2024-03-31) or as text "2024-03-31".
    pub fn date(&mut self, node: &Node, path: &str) -> Option<String> {
        let text = match node.get_ref() {
            DeValue::Datetime(d) => d.to_string(),
            DeValue::String(s) => s.to_string(),
            _ => {
                self.type_error(
                    node,
                    path,
                    tr!("2024-03-31 のような日付", "a date such as 2024-03-31"),
                );
                return None;
            }
        };
        let b = text.as_bytes();
        let ok = b.len() == 10
            && b[4] == b'-'
            && b[7] == b'-'
            && text
                .split('-')
                .all(|p| p.bytes().all(|c| c.is_ascii_digit()))
            && (1..=12).contains(&text[5..7].parse::<u32>().unwrap_or(0))
            && (1..=31).contains(&text[8..10].parse::<u32>().unwrap_or(0));
        if ok {
            Some(text)
        } else {
            self.error(
                node.span(),
                tr!(
                    "{path}: 2024-03-31 のような日付を書いてください(\"{text}\" と書かれています)",
                    "{path}: expected a date such as 2024-03-31, found \"{text}\""
                ),
            );
            None
        }
    }

    /// A finite number, integer or decimal.
    pub fn number(&mut self, node: &Node, path: &str) -> Option<f64> {
        let v = match node.get_ref() {
            DeValue::Integer(i) => match i64::from_str_radix(i.as_str(), i.radix()) {
                Ok(v) => v as f64,
                Err(_) => f64::INFINITY,
            },
            DeValue::Float(f) => f.as_str().parse::<f64>().unwrap_or(f64::NAN),
            _ => {
                self.type_error(node, path, tr!("数値", "a number"));
                return None;
            }
        };
        self.check_finite(node.span(), path, v)
    }

    fn check_finite(&mut self, span: Range<usize>, path: &str, v: f64) -> Option<f64> {
        if v.is_nan() || v.is_infinite() {
            let found = fmt_special(v);
            self.error(
                span,
                tr!(
                    "{path}: 有限の数値を書いてください({found} と書かれています)",
                    "{path}: expected a finite number, found {found}"
                ),
            );
            None
        } else if v.abs() > MAX_NUMBER {
            self.error(
                span,
                tr!(
                    "{path}: 数値が大きすぎて正確に扱えません(上限は 2^53 = 9007199254740992 です)",
                    "{path}: number is too large to be exact (the limit is 2^53 = 9007199254740992)"
                ),
            );
            None
        } else {
            Some(v)
        }
    }

    /// A reported figure: a number, text, or `{ value = …, note = "…" }`.
    /// `figure`: whether the value is meant to be computed with and charted
    /// (KPI figures), so that a number written as text gets a warning;
    /// schedule marks are shown as written.
    pub fn datum(&mut self, node: &Node, path: &str, figure: bool) -> Option<Datum> {
        match node.get_ref() {
            DeValue::Table(t) => {
                self.check_keys(t, path, &["value", "note"]);
                let note = self.opt_text(t, path, "note");
                let value = self.required(t, node.span(), path, "value", "12.5", |r, n, p| {
                    r.value(n, p, figure)
                })?;
                Some(Datum { value, note })
            }
            _ => Some(Datum {
                value: self.value(node, path, figure)?,
                note: None,
            }),
        }
    }

    /// A number or a text. Text that looks like a number gets a warning: it
    /// would not be charted or computed with.
    pub fn value(&mut self, node: &Node, path: &str, figure: bool) -> Option<Value> {
        match node.get_ref() {
            DeValue::Integer(_) | DeValue::Float(_) => self.number(node, path).map(Value::Number),
            DeValue::String(s) => {
                if let (true, Some(n)) = (figure, looks_like_number(s)) {
                    let n = fmt_number(n);
                    self.warn(
                        node.span(),
                        tr!(
                            "{path}: 文字列 \"{s}\" は数値のようです。グラフや計算に使えるよう、引用符を付けずに {n} と書いてください",
                            "{path}: the text \"{s}\" looks like a number; write it without quotes as {n} so it can be charted and computed"
                        ),
                    );
                }
                Some(Value::Text(s.to_string()))
            }
            _ => {
                self.type_error(node, path, tr!("数値または文字列", "a number or text"));
                None
            }
        }
    }

    /// A table whose keys are fiscal years, such as `{ 2022 = 100, 2023 = 120 }`.
    pub fn year_map<T>(
        &mut self,
        table: &DeTable,
        path: &str,
        key: &str,
        read: impl FnMut(&mut Self, &Node, &str) -> Option<T>,
    ) -> YearMap<T> {
        self.years(table, path, key, read, None)
    }

    /// The same, with where each year's value is in the file.
    pub fn year_map_with_positions<T>(
        &mut self,
        table: &DeTable,
        path: &str,
        key: &str,
        read: impl FnMut(&mut Self, &Node, &str) -> Option<T>,
    ) -> (YearMap<T>, YearMap<Pos>) {
        let mut positions = YearMap::new();
        let map = self.years(table, path, key, read, Some(&mut positions));
        (map, positions)
    }

    fn years<T>(
        &mut self,
        table: &DeTable,
        path: &str,
        key: &str,
        mut read: impl FnMut(&mut Self, &Node, &str) -> Option<T>,
        mut positions: Option<&mut YearMap<Pos>>,
    ) -> YearMap<T> {
        let mut out = YearMap::new();
        let Some(node) = table.get(key) else {
            return out;
        };
        let path = join(path, key);
        let DeValue::Table(t) = node.get_ref() else {
            self.type_error(
                node,
                &path,
                tr!(
                    "{{ 2022 = 100, 2023 = 120 }} のような年度ごとの表",
                    "a table of fiscal years such as {{ 2022 = 100, 2023 = 120 }}"
                ),
            );
            return out;
        };
        // `path.name` of each entry, for messages, in one buffer: years are
        // the most numerous values of a site.
        let mut entry = format!("{path}.");
        let base = entry.len();
        for (k, v) in t.iter() {
            let name = k.get_ref().as_ref();
            entry.truncate(base);
            entry.push_str(name);
            if let (DeValue::Table(_), Some(dotted)) = (v.get_ref(), self.dotted_key(k.span())) {
                // `2023.5 = 1` is TOML for `2023 = { 5 = 1 }`: say so at the key
                // instead of reporting a table without `value`.
                self.error_help(
                    k.span(),
                    tr!(
                        "{path}: {dotted} は年度ではありません。年度は整数で、TOML はこのドット付きのキーを年度の表の中の表 \"{name}\" として読みます",
                        "{path}: {dotted} is not a fiscal year: years are whole numbers, and TOML reads the dotted key as a table \"{name}\" inside the year table"
                    ),
                    tr!(
                        "2023 のような西暦の整数で書いてください。値についての補足は note に書きます: 2023 = {{ value = 1, note = \"…\" }}",
                        "write a whole Western year such as 2023; a remark on a value goes in a note: 2023 = {{ value = 1, note = \"…\" }}"
                    ),
                );
                continue;
            }
            let Some(year) = self.year_key(k.span(), &path, name, &entry) else {
                continue;
            };
            if let Some(value) = read(self, v, &entry) {
                out.insert(year, value);
                if let Some(p) = positions.as_deref_mut() {
                    p.insert(year, self.pos(v.span()));
                }
            }
        }
        // Grown one year at a time: up to twice the places it needs.
        out.shrink_to_fit();
        if let Some(p) = positions {
            p.shrink_to_fit();
        }
        out
    }

    /// The whole key as written when the key at `span` is the first part of
    /// a dotted key (`2023.5 = …`), which TOML reads as nested tables.
    fn dotted_key(&self, span: Range<usize>) -> Option<String> {
        let text = &self.file.text;
        let (start, end) = (span.start + self.base, span.end + self.base);
        let rest = text.get(end..)?.trim_start_matches([' ', '\t']);
        if !rest.starts_with('.') {
            return None;
        }
        let line = &text[start..];
        let key_end = line.find(['=', '\n']).unwrap_or(line.len());
        let parts: Vec<&str> = line[..key_end].split('.').map(str::trim).collect();
        Some(parts.join("."))
    }

    /// `entry` is `path.name`, made once by the caller for the value too.
    fn year_key(
        &mut self,
        span: Range<usize>,
        path: &str,
        name: &str,
        entry: &str,
    ) -> Option<Year> {
        if !name.is_empty() && name.len() <= 4 && name.bytes().all(|b| b.is_ascii_digit()) {
            let v: i64 = name.parse().ok()?;
            return self.check_year(span, entry, v);
        }
        self.error_help(
            span,
            tr!(
                "{path}: \"{name}\" は年度ではありません(2023 のような西暦で書いてください)",
                "{path}: \"{name}\" is not a fiscal year (expected a Western year such as 2023)"
            ),
            year_help(name),
        );
        None
    }

    /// An array of tables (`[[kpis]]`), each with its path and span.
    pub fn tables<'a, 'i>(
        &mut self,
        table: &'a DeTable<'i>,
        path: &str,
        key: &str,
    ) -> Vec<(String, &'a DeTable<'i>, Range<usize>)> {
        let Some(node) = table.get(key) else {
            return Vec::new();
        };
        let path = join(path, key);
        let DeValue::Array(items) = node.get_ref() else {
            self.type_error(
                node,
                &path,
                tr!(
                    "[[{key}]] と書く表のリスト",
                    "a list of tables, written [[{key}]]"
                ),
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, n) in items.iter().enumerate() {
            let p = format!("{path}[{i}]");
            match n.get_ref() {
                DeValue::Table(t) => out.push((p, t, n.span())),
                _ => self.type_error(n, &p, tr!("表", "a table")),
            }
        }
        out
    }

    /// A one-of-several keyword such as `direction = "lower"`.
    pub fn keyword<T: Copy>(
        &mut self,
        table: &DeTable,
        path: &str,
        key: &str,
        choices: &[(&str, T)],
    ) -> Option<T> {
        let node = table.get(key)?;
        let path = join(path, key);
        let text = self.text(node, &path)?;
        if let Some((_, v)) = choices.iter().find(|(name, _)| *name == text) {
            return Some(*v);
        }
        let names: Vec<&str> = choices.iter().map(|(n, _)| *n).collect();
        let quoted: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
        let quoted = quoted.join(", ");
        let msg = tr!(
            "{path}: {quoted} のいずれかを書いてください(\"{text}\" と書かれています)",
            "{path}: expected one of {quoted}, found \"{text}\""
        );
        match did_you_mean(&text, &names) {
            Some(k) => self.error_help(node.span(), msg, did_you_mean_help(&format!("\"{k}\""))),
            None => self.error(node.span(), msg),
        }
        None
    }
}

/// `a.b` or `b` at the top level.
pub fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// "did you mean `title`?", with `quoted` already in the quotes it is written with.
pub fn did_you_mean_help(quoted: &str) -> Text {
    tr!(
        "{quoted} の書き間違いではありませんか?",
        "did you mean {quoted}?"
    )
}

fn describe(v: &DeValue) -> Text {
    let (ja, en) = match v {
        DeValue::String(_) => ("文字列", "text"),
        DeValue::Integer(_) => ("整数", "a whole number"),
        DeValue::Float(_) => ("小数", "a decimal number"),
        DeValue::Boolean(_) => ("true/false の値", "true/false"),
        DeValue::Datetime(_) => ("日付", "a date"),
        DeValue::Array(_) => ("リスト", "a list"),
        DeValue::Table(_) => ("表", "a table"),
    };
    Text::new(ja, en)
}

fn fmt_special(v: f64) -> &'static str {
    if v.is_nan() {
        "nan"
    } else if v > 0.0 {
        "inf"
    } else {
        "-inf"
    }
}

/// Shortest plain form: `1234`, `-30095`, `99.2`.
pub fn fmt_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < MAX_NUMBER {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// Japanese era names mapped to Western years, for the hint on a year written as 令和5 or R5.
fn year_help(written: &str) -> Text {
    let eras: [(&[&str], i64); 2] = [(&["令和", "R", "r"], 2018), (&["平成", "H", "h"], 1988)];
    let s = written
        .trim()
        .trim_end_matches("年度")
        .trim_end_matches('年');
    for (names, offset) in eras {
        for name in names {
            if let Some(rest) = s.strip_prefix(name) {
                let n = if rest == "元" {
                    Some(1)
                } else {
                    rest.parse::<i64>().ok()
                };
                if let Some(n) = n {
                    let year = offset + n;
                    return tr!(
                        "年度は西暦で書いてください: {written} は {year} と書きます",
                        "write fiscal years as Western years: {written} is {year}"
                    );
                }
            }
        }
    }
    tr!(
        "年度は西暦で書いてください: 令和元年度 (R1) は 2019、令和5年度 (R5) は 2023 と書きます",
        "write fiscal years as Western years: 令和元年度 (R1) is 2019, 令和5年度 (R5) is 2023"
    )
}

/// Recognises text that an author meant as a number, in the forms source
/// documents print: "1,234", "△ 30,095" (minus), full-width digits, "99.2%".
pub fn looks_like_number(s: &str) -> Option<f64> {
    let mut t: String = s
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '．' => '.',
            '，' => ',',
            '－' | '−' | '▲' | '△' => '-',
            '％' => '%',
            _ => c,
        })
        .filter(|c| !c.is_whitespace())
        .collect();
    t = t.trim_end_matches('%').replace(',', "");
    if t.is_empty() || !t.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    if !t
        .bytes()
        .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-')
    {
        return None;
    }
    t.parse::<f64>().ok().filter(|v| v.is_finite())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_numbers_written_as_text() {
        assert_eq!(looks_like_number("1,234"), Some(1234.0));
        assert_eq!(looks_like_number("△ 30,095"), Some(-30095.0));
        assert_eq!(looks_like_number("１２３"), Some(123.0));
        assert_eq!(looks_like_number("99.2%"), Some(99.2));
        assert_eq!(looks_like_number("実施"), None);
        assert_eq!(looks_like_number("-"), None);
        assert_eq!(looks_like_number("R5"), None);
    }

    #[test]
    fn era_hint_converts_to_western_years() {
        assert!(year_help("R5").en.ends_with("2023"));
        assert!(year_help("令和元年度").en.ends_with("2019"));
        assert!(year_help("H29").en.ends_with("2017"));
        assert!(year_help("R5").ja.contains("2023 と書きます"));
    }
}
