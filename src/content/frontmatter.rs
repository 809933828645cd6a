//! Splitting a content file into its TOML front matter and Markdown body.

use std::ops::Range;

use crate::diagnostics::Text;
use crate::tr;

/// The two parts of a content file, as byte ranges of its text.
#[derive(Debug, PartialEq, Eq)]
pub struct Split {
    pub front: Range<usize>,
    pub body: Range<usize>,
}

/// Why a file could not be split, with the byte range to point at.
#[derive(Debug, PartialEq, Eq)]
pub struct SplitError {
    pub range: Range<usize>,
    pub message: Text,
    pub help: Text,
}

fn how_a_file_starts() -> Text {
    tr!(
        "内容のファイルは +++ の行で始まり、設定、+++ の行、必要なら Markdown の本文と続きます",
        "a content file starts with a line +++, then its settings, then +++, then optional Markdown text"
    )
}

const FENCE: &str = "+++";

/// Splits `text` (already without BOM and with LF line ends) at its `+++` fences.
///
/// ```
/// let text = "+++\ntitle = \"計画\"\n+++\n本文\n";
/// let parts = plansite::content::frontmatter::split(text).unwrap();
/// assert_eq!(&text[parts.front], "title = \"計画\"\n");
/// assert_eq!(&text[parts.body], "本文\n");
/// ```
pub fn split(text: &str) -> Result<Split, SplitError> {
    if text.trim().is_empty() {
        return Err(SplitError {
            range: 0..0,
            message: tr!("ファイルが空です", "the file is empty"),
            help: how_a_file_starts(),
        });
    }
    let first_end = text.find('\n').unwrap_or(text.len());
    if text[..first_end].trim_end() != FENCE {
        return Err(SplitError {
            range: 0..first_end,
            message: tr!(
                "フロントマターがありません。1行目は +++ にしてください",
                "expected front matter: the first line must be +++"
            ),
            help: how_a_file_starts(),
        });
    }
    let front_start = (first_end + 1).min(text.len());
    // Most front matter has no multi-line string before its first +++ line,
    // and then that line ends it: the strings need following only otherwise.
    let mut pos = front_start;
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
        if text[pos..end].trim_end() == FENCE {
            if !has_multi_line_quotes(&text[front_start..pos]) {
                let body_start = (end + 1).min(text.len());
                return Ok(Split {
                    front: front_start..pos,
                    body: body_start..text.len(),
                });
            }
            break;
        }
        pos = end + 1;
    }
    let mut pos = front_start;
    // A +++ line inside a multi-line string ("""…""" or '''…''') is text of
    // the string, not the end of the front matter.
    let mut open: Option<MultiLine> = None;
    let mut fence_inside = false;
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
        let line = &text[pos..end];
        if line.trim_end() == FENCE {
            if open.is_none() {
                let body_start = (end + 1).min(text.len());
                return Ok(Split {
                    front: front_start..pos,
                    body: body_start..text.len(),
                });
            }
            fence_inside = true;
        } else {
            open = scan_line(line, pos, open);
        }
        pos = end + 1;
    }
    match open {
        Some(string) if fence_inside => Err(SplitError {
            range: string.start..string.start + 3,
            message: tr!(
                "この複数行の文字列が閉じられていないため、フロントマターを閉じるはずの +++ が文字列の一部として読まれています",
                "this multi-line string is never closed, so the +++ meant to close the front matter is read as part of it"
            ),
            help: if string.basic {
                tr!(
                    "+++ の行より前で、文字列を \"\"\" で閉じてください",
                    "end the string with \"\"\" before the +++ line"
                )
            } else {
                tr!(
                    "+++ の行より前で、文字列を \'\'\' で閉じてください",
                    "end the string with \'\'\' before the +++ line"
                )
            },
        }),
        _ => Err(SplitError {
            range: 0..first_end,
            message: tr!(
                "ここで始まるフロントマターが閉じられていません",
                "the front matter opened here is never closed"
            ),
            help: tr!(
                "最後の設定の後に +++ の行を追加してください",
                "add a line +++ after the last setting"
            ),
        }),
    }
}

fn has_multi_line_quotes(s: &str) -> bool {
    let b = s.as_bytes();
    memchr::memmem::find(b, b"\"\"\"").is_some() || memchr::memmem::find(b, b"'''").is_some()
}

/// A TOML multi-line string that is open at the end of a line.
#[derive(Debug, Clone, Copy)]
struct MultiLine {
    /// Byte offset of its opening quotes.
    start: usize,
    /// `"""` (escapes allowed) rather than `'''`.
    basic: bool,
}

/// Follows TOML's strings and comments through one line (starting at byte
/// `at` of the file) and returns the multi-line string still open after it.
/// Only quoting matters here: anything else is left to the TOML parser.
fn scan_line(line: &str, at: usize, mut open: Option<MultiLine>) -> Option<MultiLine> {
    let b = line.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if let Some(string) = open {
            let quote = if string.basic { b'"' } else { b'\'' };
            if string.basic && b[i] == b'\\' {
                i += 2;
                continue;
            }
            if b[i..].starts_with(&[quote; 3]) {
                // Up to two more quotes belong to the string: `""""` ends it after one.
                i += 3;
                let mut extra = 0;
                while extra < 2 && b.get(i) == Some(&quote) {
                    i += 1;
                    extra += 1;
                }
                open = None;
                continue;
            }
            i += 1;
            continue;
        }
        match b[i] {
            b'#' => return None,
            q @ (b'"' | b'\'') => {
                if b[i..].starts_with(&[q; 3]) {
                    open = Some(MultiLine {
                        start: at + i,
                        basic: q == b'"',
                    });
                    i += 3;
                    continue;
                }
                // A one-line string: to its closing quote on this line.
                i += 1;
                while i < b.len() && b[i] != q {
                    i += if q == b'"' && b[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    open
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_body() {
        let t = "+++\ntitle = \"a\"\n+++\n本文\n";
        let s = split(t).unwrap();
        assert_eq!(&t[s.front.clone()], "title = \"a\"\n");
        assert_eq!(&t[s.body.clone()], "本文\n");
    }

    #[test]
    fn empty_front_matter_and_no_body() {
        let s = split("+++\n+++").unwrap();
        assert_eq!(s.front, 4..4);
        assert_eq!(s.body, 7..7);
    }

    #[test]
    fn reports_unclosed_and_missing_fences() {
        assert_eq!(
            split("+++\ntitle = 1\n").unwrap_err().message.en,
            "the front matter opened here is never closed"
        );
        assert_eq!(
            split("title = 1\n").unwrap_err().message.en,
            "expected front matter: the first line must be +++"
        );
        assert_eq!(split(" \n").unwrap_err().message.en, "the file is empty");
    }

    #[test]
    fn fence_must_be_alone_on_its_line() {
        assert!(split("+++\na = \"+++\"\n+++ \n").is_ok());
        assert!(split("+++\n++++\n").is_err());
    }

    #[test]
    fn a_fence_inside_a_multi_line_string_is_text() {
        let t = "+++\nnotes = [\"\"\"\na\n+++\nb\"\"\"]\nx = \'\'\'\n+++\n\'\'\'\n+++\n本文\n";
        let s = split(t).unwrap();
        assert_eq!(&t[s.body.clone()], "本文\n");
        // Escaped quotes, quotes that end the string, comments and one-line strings.
        let t = "+++\na = \"\"\"\\\"\"\"\"\"\n# \"\"\" in a comment\nb = \"\\\"\"\nc = \'\"\"\"\'\n+++\nx";
        assert_eq!(&t[split(t).unwrap().body], "x");
        let t = "+++\na = \'\'\'x\'\'\'\'\'\n+++\ny";
        assert_eq!(&t[split(t).unwrap().body], "y");
    }

    #[test]
    fn an_unclosed_multi_line_string_is_named_when_it_swallows_the_fence() {
        let t = "+++\ntitle = \"t\"\nnotes = \"\"\"\nmemo\n+++\n本文\n";
        let e = split(t).unwrap_err();
        assert_eq!(&t[e.range.clone()], "\"\"\"");
        assert!(e
            .message
            .en
            .starts_with("this multi-line string is never closed"));
        let t = "+++\nnotes = \'\'\'\nmemo\n+++\n";
        assert!(split(t).unwrap_err().help.en.contains("\'\'\'"));
        // Without a fence inside it, the front matter itself is what is unclosed.
        assert_eq!(
            split("+++\nnotes = \"\"\"\nmemo\n").unwrap_err().message.en,
            "the front matter opened here is never closed"
        );
    }
}
