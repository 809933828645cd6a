//! A content file's raw text taken apart so that only its front matter is
//! edited: the BOM, the fences, the Markdown body and the line ends of
//! everything else stay byte for byte as they were.

use std::path::Path;

use crate::content::frontmatter;
use crate::diagnostics::{display_path, Diagnostic, Location};
use crate::tr;

/// A file split for editing.
pub struct Source {
    /// The file as it is.
    pub raw: String,
    /// Bytes of `raw` up to the front matter (BOM and the first `+++` line).
    head: usize,
    /// Where the closing `+++` line starts in `raw`.
    tail: usize,
    /// The front matter with LF line ends, for toml_edit.
    pub front: String,
    /// The line end the front matter is written with.
    eol: &'static str,
}

impl Source {
    /// Reads and splits `path`. The loader has read the file already, so a
    /// failure here means it changed meanwhile.
    pub fn read(root: &Path, path: &Path) -> Result<Source, Box<Diagnostic>> {
        let display = display_path(root, path);
        let at = || Location::Path {
            display: display.clone(),
            line_col: None,
        };
        let raw = std::fs::read_to_string(path).map_err(|e| {
            Box::new(Diagnostic::error(
                at(),
                tr!("ファイルを読めません: {e}", "the file cannot be read: {e}"),
            ))
        })?;
        Source::parse(raw).ok_or_else(|| {
            Box::new(Diagnostic::error(
                at(),
                tr!(
                    "ファイルの +++ で囲まれた設定が見つかりません。読み込み中にファイルが変わった可能性があります。もう一度実行してください",
                    "the settings between +++ lines are not found; the file may have changed while it was read: run the import again"
                ),
            ))
        })
    }

    pub fn parse(raw: String) -> Option<Source> {
        let bom = if raw.starts_with('\u{FEFF}') { 3 } else { 0 };
        // The loader reads CRLF and a lone CR as line ends; so does this,
        // line for line, so that lines of the LF text map back to the raw.
        let lines = raw_lines(&raw[bom..]);
        let normal: String = lines
            .iter()
            .map(|&(s, e, _)| format!("{}\n", &raw[bom + s..bom + e]))
            .collect();
        let split = frontmatter::split(&normal).ok()?;
        // Line numbers of the front matter's first line and of the closing fence.
        let first = normal[..split.front.start].matches('\n').count();
        let closing = normal[..split.front.end].matches('\n').count();
        let head = bom + lines.get(first).map_or(raw.len() - bom, |l| l.0);
        let tail = bom + lines.get(closing).map_or(raw.len() - bom, |l| l.0);
        let eol = lines[..closing]
            .iter()
            .map(|l| l.2)
            .find(|e| !e.is_empty())
            .unwrap_or("\n");
        let front = normal[split.front.clone()].to_string();
        Some(Source {
            raw,
            head,
            tail,
            front,
            eol,
        })
    }

    /// The file with `front` (LF line ends) in place of its front matter.
    pub fn with_front(&self, front: &str) -> String {
        let mut front = front.to_string();
        if !front.is_empty() && !front.ends_with('\n') {
            front.push('\n');
        }
        let front = if self.eol == "\n" {
            front
        } else {
            front.replace('\n', self.eol)
        };
        format!(
            "{}{}{}",
            &self.raw[..self.head],
            front,
            &self.raw[self.tail..]
        )
    }
}

/// Each line of `s` as (start, end without line end, the line end).
fn raw_lines(s: &str) -> Vec<(usize, usize, &'static str)> {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                out.push((start, i, "\n"));
                i += 1;
                start = i;
            }
            b'\r' if bytes.get(i + 1) == Some(&b'\n') => {
                out.push((start, i, "\r\n"));
                i += 2;
                start = i;
            }
            b'\r' => {
                out.push((start, i, "\r"));
                i += 1;
                start = i;
            }
            _ => i += 1,
        }
    }
    if start < bytes.len() {
        out.push((start, bytes.len(), ""));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_front_matter_is_replaced() {
        let raw = "\u{FEFF}+++\r\ntitle = \"a\"\r\n+++\r\nbody\nmixed\r\n".to_string();
        let s = Source::parse(raw).unwrap();
        assert_eq!(s.front, "title = \"a\"\n");
        assert_eq!(
            s.with_front("title = \"b\"\nnumber = \"1\"\n"),
            "\u{FEFF}+++\r\ntitle = \"b\"\r\nnumber = \"1\"\r\n+++\r\nbody\nmixed\r\n"
        );
    }

    #[test]
    fn an_unchanged_front_gives_the_same_bytes() {
        for raw in [
            "+++\nnumber = \"1\"\n+++\n",
            "+++\nnumber = \"1\"\n+++",
            "+++\r\n+++\r\n本文",
            "+++\rnumber = 1\r+++\rx",
        ] {
            let s = Source::parse(raw.to_string()).unwrap();
            assert_eq!(s.with_front(&s.front.clone()), raw);
        }
    }
}
