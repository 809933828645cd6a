//! Splitting a content file into its TOML front matter and Markdown body.

use std::ops::Range;

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
    pub message: &'static str,
    pub help: &'static str,
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
            message: "the file is empty",
            help: "a content file starts with a line +++, then its settings, then +++, then optional Markdown text",
        });
    }
    let first_end = text.find('\n').unwrap_or(text.len());
    if text[..first_end].trim_end() != FENCE {
        return Err(SplitError {
            range: 0..first_end,
            message: "expected front matter: the first line must be +++",
            help: "a content file starts with a line +++, then its settings, then +++, then optional Markdown text",
        });
    }
    let front_start = (first_end + 1).min(text.len());
    let mut pos = front_start;
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
        if text[pos..end].trim_end() == FENCE {
            let body_start = (end + 1).min(text.len());
            return Ok(Split {
                front: front_start..pos,
                body: body_start..text.len(),
            });
        }
        pos = end + 1;
    }
    Err(SplitError {
        range: 0..first_end,
        message: "the front matter opened here is never closed",
        help: "add a line +++ after the last setting",
    })
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
            split("+++\ntitle = 1\n").unwrap_err().message,
            "the front matter opened here is never closed"
        );
        assert_eq!(
            split("title = 1\n").unwrap_err().message,
            "expected front matter: the first line must be +++"
        );
        assert_eq!(split(" \n").unwrap_err().message, "the file is empty");
    }

    #[test]
    fn fence_must_be_alone_on_its_line() {
        assert!(split("+++\na = \"+++\"\n+++ \n").is_ok());
        assert!(split("+++\n++++\n").is_err());
    }
}
