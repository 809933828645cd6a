//! Reading a file of the site: content, `site.toml`, templates and static
//! files alike.
//!
//! Only regular files are read, and only up to a size: a named pipe would
//! block a build forever and a device such as `/dev/zero` would be read until
//! memory runs out. Text files must be UTF-8 without control characters.

use std::fs::File;
use std::io::Read;
use std::path::Path;

use crate::diagnostics::{display_path, Diagnostic, Diagnostics, Location, Text};
use crate::tr;

/// The largest content file, `site.toml` or template read, in bytes. The
/// demo's largest file is 31 KB; a file over this size is a mistake (a data
/// dump saved as `.md`), not a plan.
pub const MAX_TEXT_BYTES: u64 = 8 * 1024 * 1024;

/// The largest static file copied into the site (images, PDFs), in bytes.
pub const MAX_STATIC_BYTES: u64 = 256 * 1024 * 1024;

/// Why a file could not be read.
#[derive(Debug)]
pub enum Refused {
    /// A named pipe, device, socket or folder where a file should be:
    /// what it is, in Japanese and English.
    NotAFile(&'static str, &'static str),
    /// Larger than the limit (in bytes).
    TooLarge {
        size: u64,
        limit: u64,
    },
    Io(std::io::Error),
}

/// In English, as `text` gives it.
impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text().en)
    }
}

impl Refused {
    /// The reason, in both languages.
    pub fn text(&self) -> Text {
        match self {
            Refused::NotAFile(ja, en) => tr!(
                "これは{ja}で、通常のファイルではありません。plansite が読むのは通常のファイルだけです",
                "this is {en}, not an ordinary file; plansite reads only ordinary files"
            ),
            Refused::TooLarge { size, limit } => {
                let (size, limit) = (mebibytes(*size), mebibytes(*limit));
                tr!(
                    "ファイルの大きさが {size} あり、この種類のファイルの上限 {limit} を超えています",
                    "the file is {size}, more than the {limit} a file of this kind may have"
                )
            }
            Refused::Io(e) => tr!(
                "ファイルを読めません: {e}",
                "cannot read the file: {e}"
            ),
        }
    }

    /// What the author can do about it.
    pub fn help(&self) -> Option<Text> {
        match self {
            Refused::NotAFile(..) => Some(tr!(
                "通常のファイルに置き換えるか、サイトのフォルダの外へ移してください",
                "replace it with an ordinary file, or move it out of the site folder"
            )),
            Refused::TooLarge { .. } => Some(tr!(
                "目的のファイルかどうか確かめてください。長い文章はいくつかのファイルに分けてください",
                "check that this is the file you meant; split a long text into several files"
            )),
            Refused::Io(_) => None,
        }
    }
}

fn mebibytes(n: u64) -> String {
    if n >= 1024 * 1024 {
        format!("{:.1} MiB", n as f64 / (1024.0 * 1024.0))
    } else {
        format!("{n} bytes")
    }
}

/// What a file system entry is, for messages in Japanese and English, when
/// it is not a regular file.
fn kind_of(meta: &std::fs::Metadata) -> Option<(&'static str, &'static str)> {
    let t = meta.file_type();
    if t.is_file() {
        return None;
    }
    if t.is_dir() {
        return Some(("フォルダ", "a folder"));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return Some(("名前付きパイプ(FIFO)", "a named pipe (FIFO)"));
        }
        if t.is_socket() {
            return Some(("ソケット", "a socket"));
        }
        if t.is_block_device() || t.is_char_device() {
            return Some(("デバイス", "a device"));
        }
    }
    Some(("特殊なファイル", "a special file"))
}

/// The bytes of the regular file at `path`, at most `limit` of them.
pub fn read_bytes(path: &Path, limit: u64) -> Result<Vec<u8>, Refused> {
    let file = open(path).map_err(Refused::Io)?;
    // The opened file is judged, not the path: it cannot be swapped for a
    // pipe between the look and the read.
    let meta = file.metadata().map_err(Refused::Io)?;
    if let Some((ja, en)) = kind_of(&meta) {
        return Err(Refused::NotAFile(ja, en));
    }
    if meta.len() > limit {
        return Err(Refused::TooLarge {
            size: meta.len(),
            limit,
        });
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // One byte more than the limit tells a file that grew while read.
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(Refused::Io)?;
    if bytes.len() as u64 > limit {
        return Err(Refused::TooLarge {
            size: bytes.len() as u64,
            limit,
        });
    }
    Ok(bytes)
}

/// Opens without waiting: opening a named pipe for reading would otherwise
/// block until something writes to it.
#[cfg(unix)]
fn open(path: &Path) -> std::io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32)
        .open(path)
}

#[cfg(not(unix))]
fn open(path: &Path) -> std::io::Result<File> {
    File::open(path)
}

/// The files under `dir`, a folder of the site at `root` (`templates/`,
/// `static/`), in name order, each as its path relative to `dir` (with `/`)
/// and its full path; symlinks are followed. What cannot be walked is
/// reported, and so is a link that leads out of the site folder, which is
/// not followed: a link must not publish files from elsewhere on the machine.
/// Whether each file is an ordinary one is for its reader to find out.
pub fn files_under(
    root: &Path,
    dir: &Path,
    diags: &mut Diagnostics,
) -> Vec<(String, std::path::PathBuf)> {
    let at = |path: &Path| Location::Path {
        display: display_path(root, path),
        line_col: None,
    };
    let mut outside = Vec::new();
    let mut files = Vec::new();
    let walk = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            let inside = super::stays_inside(root, e);
            if !inside {
                outside.push(e.path().to_path_buf());
            }
            inside
        });
    for entry in walk {
        match entry {
            Ok(e) if e.file_type().is_dir() => {}
            Ok(e) => files.push((display_path(dir, e.path()), e.into_path())),
            Err(e) => {
                let place = e.path().map_or(Location::None, at);
                diags.push(Diagnostic::error(place, cannot_read(&e)));
            }
        }
    }
    for path in outside {
        diags.push(Diagnostic::error(at(&path), points_outside()));
    }
    files
}

/// "cannot read: …" for an error of a folder walk; the cause is the
/// system's words.
pub(crate) fn cannot_read(e: &dyn std::fmt::Display) -> Text {
    tr!("読み込めません: {e}", "cannot read: {e}")
}

/// A symbolic link that leads out of the site folder.
pub(crate) fn points_outside() -> Text {
    tr!(
        "このリンクはサイトのフォルダの外を指しています。plansite が読むのはフォルダの中のファイルだけです",
        "this link points outside the site folder; plansite reads only files inside it"
    )
}

/// A refusal as a diagnostic at `display`.
pub fn refusal(display: String, why: &Refused) -> Diagnostic {
    let d = Diagnostic::error(
        Location::Path {
            display,
            line_col: None,
        },
        why.text(),
    );
    match why.help() {
        Some(help) => d.with_help(help),
        None => d,
    }
}

/// Reads the file as UTF-8 text without BOM and with LF line ends (CRLF and
/// a lone CR, as old Mac editors write, both count as a line end). Control
/// characters other than tab are refused at their line and column: they are
/// invisible in an editor and would reach pages and terminals unseen.
pub fn read_text(root: &Path, path: &Path, diags: &mut Diagnostics) -> Option<String> {
    let display = display_path(root, path);
    let bytes = match read_bytes(path, MAX_TEXT_BYTES) {
        Ok(b) => b,
        Err(why) => {
            diags.push(refusal(display, &why));
            return None;
        }
    };
    // One UTF-8 check, and no copy for the many files without BOM or CR.
    let text = match String::from_utf8(bytes) {
        Ok(s) if !s.starts_with('\u{FEFF}') && !s.contains('\r') => s,
        Ok(s) => s
            .strip_prefix('\u{FEFF}')
            .unwrap_or(&s)
            .replace("\r\n", "\n")
            .replace('\r', "\n"),
        Err(e) => {
            diags.push(not_utf8(display, e.as_bytes()));
            return None;
        }
    };
    if let Some(d) = control_characters(&display, &text) {
        diags.push(d);
        return None;
    }
    Some(text)
}

fn not_utf8(display: String, bytes: &[u8]) -> Diagnostic {
    let bom = if bytes.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    let bytes = &bytes[bom..];
    // A BOM is valid UTF-8 itself: the rest is what fails.
    let valid = std::str::from_utf8(bytes)
        .err()
        .map_or(bytes.len(), |e| e.valid_up_to());
    let good = std::str::from_utf8(&bytes[..valid]).unwrap_or_default();
    let line = good.matches('\n').count() + 1;
    let col = good.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    Diagnostic::error(
        Location::Path {
            display,
            line_col: Some((line, col)),
        },
        {
            let byte = bytes.get(valid).copied().unwrap_or_default();
            tr!(
                "ファイルが UTF-8 のテキストではありません(バイト 0x{byte:02X} は文字の始まりになりません)",
                "the file is not UTF-8 text (byte 0x{byte:02X} cannot start a character)"
            )
        },
    )
    .with_help(tr!(
        "UTF-8 で保存し直してください。Excel やメモ帳では文字コードに「UTF-8」を選びます",
        "save the file as UTF-8; in Excel or Notepad choose the encoding \"UTF-8\""
    ))
}

/// The first control character of `text` (tab and line feed allowed), as
/// an error at its line and column naming it and counting the others.
fn control_characters(display: &str, text: &str) -> Option<Diagnostic> {
    let bad = |c: char| c.is_control() && c != '\n' && c != '\t';
    let at = first_control(text.as_bytes())?;
    let c = text[at..].chars().next()?;
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    let others = text[at..].chars().filter(|c| bad(*c)).count() - 1;
    let (more_ja, more_en) = match others {
        0 => (String::new(), String::new()),
        1 => (
            "(ファイル内にほかにも1個あります)".to_string(),
            " (and 1 more in the file)".to_string(),
        ),
        n => (
            format!("(ファイル内にほかにも{n}個あります)"),
            format!(" (and {n} more in the file)"),
        ),
    };
    let name = control_name(c);
    Some(
        Diagnostic::error(
            Location::Path {
                display: display.to_string(),
                line_col: Some((line, col)),
            },
            tr!(
                "ファイルに制御文字 {name} が含まれています{more_ja}。制御文字はエディタでは見えず、公開もできません",
                "the file contains the control character {name}{more_en}, which is invisible in an editor and cannot be published"
            ),
        )
        .with_help(tr!(
            "削除してください(PDF や端末から文字列をコピーしたときによく紛れ込みます)",
            "delete it (it often comes from copying text out of a PDF or a terminal)"
        )),
    )
}

/// The offset of the first control character other than tab and line feed
/// in UTF-8 text. By bytes, as every file of a site is read: C0 and DEL are
/// single bytes, C1 is 0xC2 followed by 0x80–0x9F. Each block of 64 bytes is
/// first tested as a whole, which the compiler vectorises; decoding every
/// character cost 2 % of a build.
fn first_control(b: &[u8]) -> Option<usize> {
    for (n, block) in b.chunks(64).enumerate() {
        let suspect = block.iter().fold(false, |f, &x| {
            f | ((x < 0x20) & (x != b'\n') & (x != b'\t')) | (x == 0x7f) | (x == 0xc2)
        });
        if !suspect {
            continue;
        }
        let start = n * 64;
        let hit = (start..start + block.len()).find(|&i| match b[i] {
            b'\n' | b'\t' => false,
            x if x < 0x20 || x == 0x7f => true,
            0xc2 => b.get(i + 1).is_some_and(|n| (0x80..=0x9f).contains(n)),
            _ => false,
        });
        if hit.is_some() {
            return hit;
        }
    }
    None
}

/// `U+001B (escape)`: the code point and, for the common ones, a name.
pub fn control_name(c: char) -> String {
    let name = match c {
        '\0' => " (NUL)",
        '\u{7}' => " (bell)",
        '\u{8}' => " (backspace)",
        '\u{b}' => " (vertical tab)",
        '\u{c}' => " (form feed)",
        '\u{1b}' => " (escape)",
        '\u{7f}' => " (delete)",
        _ => "",
    };
    format!("U+{:04X}{name}", c as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(bytes: &[u8]) -> (Option<String>, Vec<String>) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        std::fs::write(&path, bytes).unwrap();
        let mut d = Diagnostics::default();
        let text = read_text(dir.path(), &path, &mut d);
        (text, d.sorted().iter().map(|d| d.to_string()).collect())
    }

    #[test]
    fn line_ends_of_every_kind_become_lf() {
        assert_eq!(read(b"a\r\nb\rc\n").0.unwrap(), "a\nb\nc\n");
        assert_eq!(read(b"\xEF\xBB\xBF+++\r+++\r").0.unwrap(), "+++\n+++\n");
    }

    #[test]
    fn control_characters_are_refused_where_they_are() {
        let (text, errs) = read("+++\ntitle = \"計\u{1b}[2J\"\n\u{7}\n".as_bytes());
        assert!(text.is_none());
        assert_eq!(
            errs,
            ["a.md:2:11: error: the file contains the control character U+001B (escape) (and 1 more in the file), which is invisible in an editor and cannot be published"]
        );
        assert!(read(b"a\tb\n").1.is_empty(), "tabs are text");
        assert!(!read("\u{85}".as_bytes()).1.is_empty(), "C1 controls too");
        // Found in any block, at a block's edge, but not in other text.
        for at in [0, 63, 64, 127, 200] {
            let mut text = "a".repeat(300).into_bytes();
            text.splice(at..at, [0xc2, 0x9b]);
            assert_eq!(first_control(&text), Some(at), "{at}");
            text[at..at + 2].copy_from_slice(b"\x1b ");
            assert_eq!(first_control(&text), Some(at), "{at}");
        }
        assert_eq!(first_control("±×©«計画\t\n".as_bytes()), None);
    }

    #[cfg(unix)]
    #[test]
    fn a_named_pipe_is_refused_without_waiting_for_a_writer() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.md");
        rustix::fs::mknodat(
            rustix::fs::CWD,
            &path,
            rustix::fs::FileType::Fifo,
            rustix::fs::Mode::from_raw_mode(0o644),
            0,
        )
        .unwrap();
        let mut d = Diagnostics::default();
        assert!(read_text(dir.path(), &path, &mut d).is_none());
        let msg = d.sorted()[0].to_string();
        assert!(
            msg.contains("a named pipe (FIFO), not an ordinary file"),
            "{msg}"
        );
    }

    #[test]
    fn a_file_over_the_limit_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.md");
        std::fs::write(&path, vec![b'a'; 2048]).unwrap();
        let err = read_bytes(&path, 1024).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the file is 2048 bytes, more than the 1024 bytes a file of this kind may have"
        );
    }
}
