//! Problems found in the input, with the place they were found.
//!
//! Every stage reports into a [`Diagnostics`] collector instead of stopping at
//! the first problem, so an author sees everything to fix in one run.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use annotate_snippets::{AnnotationKind, Level, Renderer, Snippet};

use crate::config::Language;

/// How serious a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The build cannot be published.
    Error,
    /// Publishable, but probably not what the author meant.
    Warning,
}

/// A text file of the site, kept so that messages can quote it.
#[derive(Debug)]
pub struct SourceFile {
    /// Path relative to the site root, with `/` separators, as shown to authors.
    pub display: String,
    /// The text after BOM removal and CRLF normalisation.
    pub text: String,
    /// Where each line starts: `u32`, as content files are at most 8 MiB
    /// (`content::file::MAX_TEXT_BYTES`), and every file's text is kept.
    line_starts: Vec<u32>,
}

impl SourceFile {
    pub fn new(display: String, text: String) -> Arc<Self> {
        let mut line_starts: Vec<u32> = std::iter::once(0)
            .chain(
                memchr::memchr_iter(b'\n', text.as_bytes())
                    .map(|i| u32::try_from(i + 1).unwrap_or(u32::MAX)),
            )
            .collect();
        line_starts.shrink_to_fit();
        Arc::new(SourceFile {
            display,
            text,
            line_starts,
        })
    }

    /// 1-based line and column (in characters, as editors count) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let key = u32::try_from(offset).unwrap_or(u32::MAX);
        let line = match self.line_starts.binary_search(&key) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.line_starts[line] as usize;
        let col = self.text[start..offset].chars().count() + 1;
        (line + 1, col)
    }
}

/// Where a problem is: a file, and optionally a byte range in it.
#[derive(Debug, Clone)]
pub enum Location {
    /// A span of a loaded text file.
    Span {
        file: Arc<SourceFile>,
        range: std::ops::Range<usize>,
    },
    /// A file (or directory) without a position: unreadable, not UTF-8, a path problem.
    Path {
        display: String,
        line_col: Option<(usize, usize)>,
    },
    /// A cell of a workbook, or of a CSV file (whose `sheet` is empty).
    /// Boxed: it is the largest place, and every `Result` carries one.
    Cell(Box<CellPlace>),
    /// Not tied to a file (command-line arguments, the output directory).
    None,
}

/// Where in a workbook a problem is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellPlace {
    pub file: String,
    pub sheet: String,
    /// Position of the sheet in the workbook, so that problems are
    /// reported sheet by sheet as staff see them.
    pub sheet_index: u32,
    /// Zero-based: row 0 is the spreadsheet's row 1.
    pub row: u32,
    pub col: u32,
    /// The column's header as the sheet has it.
    pub column: Option<String>,
    /// What the row is about as the sheet shows it (a fiscal year, 令和5年度).
    pub context: Option<String>,
}

impl Location {
    /// `plan.xlsx: シート「成果指標」セル F12(列「実績」令和5年度)` in Japanese,
    /// `plan.xlsx: sheet "成果指標" cell F12 (column "実績", 令和5年度)` in English.
    fn cell_place(&self, lang: Language) -> Option<String> {
        let Location::Cell(place) = self else {
            return None;
        };
        let CellPlace {
            file,
            sheet,
            row,
            col,
            column,
            context,
            ..
        } = place.as_ref();
        let name = crate::workbook::cell_name(*row as usize, *col as usize);
        let mut out = format!("{}: ", printable(file));
        match lang {
            Language::Ja => {
                if !sheet.is_empty() {
                    out.push_str(&format!("シート「{}」", printable(sheet)));
                }
                out.push_str(&format!("セル {name}"));
                match (column, context) {
                    (Some(c), Some(x)) => {
                        out.push_str(&format!("(列「{}」{})", printable(c), printable(x)))
                    }
                    (Some(c), None) => out.push_str(&format!("(列「{}」)", printable(c))),
                    (None, Some(x)) => out.push_str(&format!("({})", printable(x))),
                    (None, None) => {}
                }
            }
            Language::En => {
                if !sheet.is_empty() {
                    out.push_str(&format!("sheet \"{}\" ", printable(sheet)));
                }
                out.push_str(&format!("cell {name}"));
                match (column, context) {
                    (Some(c), Some(x)) => {
                        out.push_str(&format!(" (column \"{}\", {})", printable(c), printable(x)))
                    }
                    (Some(c), None) => out.push_str(&format!(" (column \"{}\")", printable(c))),
                    (None, Some(x)) => out.push_str(&format!(" ({})", printable(x))),
                    (None, None) => {}
                }
            }
        }
        // The caller adds ": " before the level.
        Some(out.trim_end_matches(": ").to_string())
    }
}

/// A message in both languages of the interface; the one shown is chosen
/// when the report is printed (`--lang`, else the site's `language`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Text {
    pub ja: String,
    pub en: String,
}

impl Text {
    pub fn new(ja: impl Into<String>, en: impl Into<String>) -> Text {
        Text {
            ja: ja.into(),
            en: en.into(),
        }
    }

    /// The text in `lang`.
    pub fn get(&self, lang: Language) -> &str {
        match lang {
            Language::Ja => &self.ja,
            Language::En => &self.en,
        }
    }
}

/// Text that reads the same in both languages: a name, a number, or a
/// message from another program quoted as it is.
impl From<String> for Text {
    fn from(s: String) -> Text {
        Text {
            ja: s.clone(),
            en: s,
        }
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Text {
        Text::from(s.to_string())
    }
}

/// A [`Text`] from a Japanese and an English format string, each with the
/// same arguments: `tr!("{key}: 文字列が必要です", "{key}: expected text")`.
#[macro_export]
macro_rules! tr {
    ($ja:literal, $en:literal $(,)?) => {
        $crate::diagnostics::Text::new(format!($ja), format!($en))
    };
    ($ja:literal, $en:literal, $($arg:tt)*) => {
        $crate::diagnostics::Text::new(format!($ja, $($arg)*), format!($en, $($arg)*))
    };
}

/// One problem.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub severity: Severity,
    pub location: Location,
    /// Boxed, as the two languages would make every `Result` carrying a
    /// diagnostic large.
    pub message: Box<Text>,
    /// An extra line such as "did you mean `title`?".
    pub help: Option<Box<Text>>,
    /// Set on warnings that report a reported figure the computation does not
    /// confirm, so that they can be counted apart.
    pub disagreement: bool,
}

impl Diagnostic {
    pub fn error(location: Location, message: impl Into<Text>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            location,
            message: Box::new(message.into()),
            help: None,
            disagreement: false,
        }
    }

    pub fn warning(location: Location, message: impl Into<Text>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(location, message)
        }
    }

    pub fn with_help(mut self, help: impl Into<Text>) -> Self {
        self.help = Some(Box::new(help.into()));
        self
    }

    /// `file:line:col`, `file`, or nothing; control characters in a file
    /// name are shown escaped.
    pub fn place(&self) -> Option<String> {
        match &self.location {
            Location::Span { file, range } => {
                let (line, col) = file.line_col(range.start);
                Some(format!("{}:{}:{}", printable(&file.display), line, col))
            }
            Location::Path {
                display,
                line_col: Some((line, col)),
            } => Some(format!("{}:{line}:{col}", printable(display))),
            Location::Path { display, .. } => Some(printable(display).into_owned()),
            Location::Cell(_) => self.location.cell_place(Language::En),
            Location::None => None,
        }
    }

    /// [`Diagnostic::place`] in `lang`: only a cell's place has words in it.
    pub fn place_in(&self, lang: Language) -> Option<String> {
        match &self.location {
            Location::Cell(_) => self.location.cell_place(lang),
            _ => self.place(),
        }
    }

    /// The message with its source line and a caret under the problem.
    pub fn render(&self, color: bool, lang: Language) -> String {
        let headline = self.line(lang);
        let help = self.help.as_ref().map(|h| printable(h.get(lang)));
        let help_name = match lang {
            Language::En => "help",
            Language::Ja => "ヒント",
        };
        let Location::Span { file, range } = &self.location else {
            return match help {
                Some(help) => format!("{headline}\n  = {help_name}: {help}"),
                None => headline,
            };
        };
        let level = match (self.severity, lang) {
            (Severity::Error, Language::En) => Level::ERROR,
            (Severity::Warning, Language::En) => Level::WARNING,
            (Severity::Error, Language::Ja) => Level::ERROR.with_name(Some("エラー")),
            (Severity::Warning, Language::Ja) => Level::WARNING.with_name(Some("警告")),
        };
        let (source, mut range) = visible_source(&file.text, range.clone());
        if range.is_empty() {
            // An empty span draws nothing; point at one character instead.
            let next = source[range.start..]
                .chars()
                .next()
                .map_or(0, char::len_utf8);
            range.end = range.start + next;
        }
        let message = printable(self.message.get(lang));
        let display = printable(&file.display);
        let mut group = vec![level.primary_title(message.as_ref()).element(
            Snippet::source(source.as_ref())
                .path(display.as_ref())
                .annotation(AnnotationKind::Primary.span(range)),
        )];
        if let Some(help) = &help {
            group.push(annotate_snippets::Group::with_title(
                Level::HELP
                    .with_name(Some(help_name))
                    .secondary_title(help.as_ref()),
            ));
        }
        let renderer = if color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        renderer.render(&group).to_string()
    }

    /// `file:line:col: error: message` in `lang` — one line, for logs,
    /// tests and editors.
    pub fn line(&self, lang: Language) -> String {
        let level = match (self.severity, lang) {
            (Severity::Error, Language::En) => "error",
            (Severity::Warning, Language::En) => "warning",
            (Severity::Error, Language::Ja) => "エラー",
            (Severity::Warning, Language::Ja) => "警告",
        };
        let message = printable(self.message.get(lang));
        match self.place_in(lang) {
            Some(place) => format!("{place}: {level}: {message}"),
            None => format!("{level}: {message}"),
        }
    }
}

/// The one-line form in English, for code and tests that need one string.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.line(Language::En))
    }
}

/// `s` with every control character (C0, DEL, C1; `char::is_control`) written as an escape (`\n`, `\u{1b}`),
/// so that a name or value from the input can neither forge a line of the
/// report nor send commands to the terminal.
pub fn printable(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(char::is_control) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// The source text to quote, with control characters other than line feed
/// and tab shown as visible symbols (␛ for ESC), and `range` moved to match.
fn visible_source(
    text: &str,
    range: std::ops::Range<usize>,
) -> (std::borrow::Cow<'_, str>, std::ops::Range<usize>) {
    let hidden = |c: char| c.is_control() && c != '\n' && c != '\t';
    if !text.chars().any(hidden) {
        return (std::borrow::Cow::Borrowed(text), range);
    }
    let mut out = String::with_capacity(text.len() + 16);
    let (mut start, mut end) = (range.start, range.end);
    for (i, c) in text.char_indices() {
        if i == range.start {
            start = out.len();
        }
        if i == range.end {
            end = out.len();
        }
        if hidden(c) {
            // Control Pictures: U+2400 + code for C0, U+2421 for DEL; C1 has none.
            let symbol = match c as u32 {
                n @ 0..=0x1f => char::from_u32(0x2400 + n).unwrap_or('\u{fffd}'),
                0x7f => '\u{2421}',
                _ => '\u{fffd}',
            };
            out.push(symbol);
        } else {
            out.push(c);
        }
    }
    if range.start >= text.len() {
        start = out.len();
    }
    if range.end >= text.len() {
        end = out.len();
    }
    (std::borrow::Cow::Owned(out), start..end.max(start))
}

/// All problems of one run.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.items.iter().filter(|d| d.severity == severity).count()
    }

    pub fn disagreements(&self) -> usize {
        self.items.iter().filter(|d| d.disagreement).count()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Problems in a stable order: by file, then position, then text, so that
    /// parallel loading does not shuffle the report.
    pub fn sorted(&self) -> Vec<Diagnostic> {
        let mut items = self.items.clone();
        items.sort_by_cached_key(|d| {
            let (file, pos) = match &d.location {
                Location::Span { file, range } => (file.display.clone(), range.start),
                Location::Path { display, line_col } => {
                    (display.clone(), line_col.map_or(0, |(l, _)| l))
                }
                Location::Cell(c) => (
                    c.file.clone(),
                    ((c.sheet_index as usize) << 40) | ((c.row as usize) << 16) | c.col as usize,
                ),
                Location::None => (String::new(), 0),
            };
            (file, pos, d.severity, d.message.clone())
        });
        items
    }
}

/// Path relative to the site root, with `/` separators, for messages.
pub fn display_path(root: &Path, path: &Path) -> String {
    let rel: PathBuf = path.strip_prefix(root).unwrap_or(path).to_path_buf();
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// The closest known name, for "did you mean" hints on misspelt keys.
pub fn did_you_mean<'a>(unknown: &str, known: &[&'a str]) -> Option<&'a str> {
    known
        .iter()
        .map(|k| (strsim::damerau_levenshtein(unknown, k), *k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let f = SourceFile::new("a.md".into(), "一行目\nタイトル = 1\n".into());
        let offset = f.text.find('=').unwrap();
        assert_eq!(f.line_col(offset), (2, 6));
        assert_eq!(f.line_col(0), (1, 1));
    }

    #[test]
    fn suggests_close_keys_only() {
        assert_eq!(did_you_mean("titel", &["title", "number"]), Some("title"));
        assert_eq!(
            did_you_mean("departement", &["departments"]),
            Some("departments")
        );
        assert_eq!(did_you_mean("zzz", &["title", "number"]), None);
    }

    /// The caret line under `marked` in `line`, rendered in Japanese.
    fn carets(line: &str, marked: &str) -> (String, String) {
        let text = format!("+++\n{line}\n+++\n");
        let start = text.find(marked).unwrap();
        let f = SourceFile::new("content/a.md".into(), text);
        let d = Diagnostic::error(
            Location::Span {
                file: f,
                range: start..start + marked.len(),
            },
            Text::new("全角です", "full-width"),
        );
        let out = d.render(false, Language::Ja);
        let under = out
            .lines()
            .find(|l| l.contains('^'))
            .unwrap_or_else(|| panic!("no caret line in\n{out}"))
            .to_string();
        (out, under)
    }

    #[test]
    fn carets_sit_under_the_whole_full_width_text() {
        // Full-width characters take two columns of a terminal: ６０ four
        // carets, 令和4年度 nine, starting under the first character.
        for (line, marked, prefix, width) in [
            (
                "targets = { 2022 = ６０ }",
                "６０",
                "targets = { 2022 = ",
                4,
            ),
            (
                "status = { 令和4年度 = \"B\" }",
                "令和4年度",
                "status = { ",
                9,
            ),
            ("title\u{3000}= \"t\"", "\u{3000}", "title", 2),
        ] {
            let (out, under) = carets(line, marked);
            let source = out.lines().find(|l| l.contains(prefix)).unwrap();
            let gutter = source.find(prefix).unwrap();
            assert_eq!(
                under[gutter..].trim_end(),
                format!("{}{}", " ".repeat(prefix.len()), "^".repeat(width)),
                "{out}"
            );
        }
        // The column stays counted in characters, as editors count.
        let (out, _) = carets("status = { 令和4年度 = \"B\" }", "令和4年度");
        assert!(out.contains("content/a.md:2:12"), "{out}");
    }

    #[test]
    fn one_line_form_names_file_line_and_column() {
        let f = SourceFile::new("content/a.md".into(), "+++\ntitle = 1\n+++\n".into());
        let d = Diagnostic::error(
            Location::Span {
                file: f,
                range: 12..13,
            },
            "title: expected text, found an integer",
        );
        assert_eq!(
            d.to_string(),
            "content/a.md:2:9: error: title: expected text, found an integer"
        );
        assert!(d.render(false, Language::En).contains("^"));
    }
}
