//! Where a build may write: the checks that keep the sources and anything
//! that is not plansite's out of the way of the swap.

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use super::MARKER;
use crate::diagnostics::Text;
use crate::tr;

/// The output folder, resolved, and how its new content can be swapped in.
#[derive(Debug)]
pub struct Place {
    /// The output folder with every symlink resolved.
    pub out: PathBuf,
    /// The output is a mount point (a Docker volume, an NFS share): it
    /// cannot be renamed, so its content is swapped instead.
    pub mounted: bool,
}

/// The absolute form of `p` without touching the file system for the parts
/// that do not exist yet; symlinks in the part that exists are resolved, so
/// that two spellings of the same folder compare equal.
pub fn absolute(p: &Path) -> io::Result<PathBuf> {
    let abs = std::path::absolute(p)?;
    let mut out = PathBuf::new();
    for c in abs.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            c => out.push(c),
        }
    }
    let mut existing = out.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match existing.file_name() {
            Some(name) => rest.push(name.to_os_string()),
            None => break,
        }
        existing.pop();
    }
    let mut resolved = fs::canonicalize(&existing).unwrap_or(existing);
    for name in rest.into_iter().rev() {
        resolved.push(name);
    }
    Ok(resolved)
}

/// Checks that `out` is a place plansite may replace whole: not a source of
/// the site at `root` nor a folder holding one (symlinks resolved on both
/// sides, so that a linked `content/` cannot be swapped away), not a folder
/// of someone else's, not a dangling link.
pub fn check(root: &Path, out: &Path) -> Result<Place, Text> {
    let show = out.display();
    if let Ok(link) = fs::read_link(out) {
        if !out.exists() {
            let link = link.display();
            return Err(tr!(
                "{show} はリンクで、リンク先の {link} がありません。そのフォルダを作るか、リンクを削除してください",
                "{show} is a link to {link}, which does not exist; create that folder or remove the link"
            ));
        }
    }
    let root = absolute(root).map_err(|e| {
        tr!(
            "サイトのフォルダの場所を確かめられません: {e}",
            "cannot resolve the site root: {e}"
        )
    })?;
    let out_abs = absolute(out).map_err(|e| {
        tr!(
            "出力先 {show} の場所を確かめられません: {e}",
            "cannot resolve the output path {show}: {e}"
        )
    })?;
    for (name, what_ja, what_en) in [
        ("", "サイトのフォルダ", "the site root"),
        ("content", "content/", "content/"),
        ("templates", "templates/", "templates/"),
        ("static", "static/", "static/"),
        ("site.toml", "site.toml", "site.toml"),
    ] {
        let p = if name.is_empty() {
            root.clone()
        } else {
            absolute(&root.join(name)).unwrap_or_else(|_| root.join(name))
        };
        if out_abs == p {
            return Err(tr!(
                "{show} にはサイトを書き込みません。そこは{what_ja}で、ビルドで置き換わってしまいます",
                "refusing to write the site into {show}: it is {what_en}, which the build would replace"
            ));
        }
        if p.starts_with(&out_abs) {
            return Err(tr!(
                "{show} にはサイトを書き込みません。その中に{what_ja}があり、ビルドで置き換わってしまいます",
                "refusing to write the site into {show}: it contains {what_en}, which the build would replace"
            ));
        }
        if out_abs.starts_with(&p) && !name.is_empty() {
            return Err(tr!(
                "{show} にはサイトを書き込みません。そこは{what_ja}の中です",
                "refusing to write the site into {show}: it is inside {what_en}"
            ));
        }
    }
    if out_abs.parent().is_none() {
        return Err(tr!(
            "{show} にはサイトを書き込みません。そこはファイルシステムのルートです",
            "refusing to write the site into {show}: it is the file system root"
        ));
    }
    let mut mounted = false;
    if out_abs.exists() {
        if !out_abs.is_dir() {
            return Err(tr!(
                "{show} はすでにあり、フォルダではありません。別の --output を指定してください",
                "{show} exists and is not a folder; choose another --output"
            ));
        }
        let made_by_us = out_abs.join(MARKER).is_file();
        // A build's own lock and staging inside a mount point leave it empty.
        let empty = fs::read_dir(&out_abs).is_ok_and(|mut d| {
            d.all(|e| {
                e.is_ok_and(|e| {
                    let name = e.file_name();
                    name == super::LOCK_INSIDE || name == super::STAGING_INSIDE
                })
            })
        });
        if !made_by_us && !empty {
            return Err(tr!(
                "{show} は置き換えません。空ではなく、plansite が作ったフォルダでもありません({MARKER} ファイルがありません)。別の --output を指定するか、ご自分で空にしてください",
                "refusing to replace {show}: it is not empty and was not made by plansite (it has no {MARKER} file); choose another --output or empty it yourself"
            ));
        }
        mounted = is_mount_point(&out_abs);
    }
    Ok(Place {
        out: out_abs,
        mounted,
    })
}

/// Whether `dir` is where a file system is mounted: on another device than
/// its parent, or listed as a mount point (a bind mount of the same device).
fn is_mount_point(dir: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let dev = |p: &Path| fs::metadata(p).map(|m| m.dev()).ok();
        if let Some(parent) = dir.parent() {
            if dev(dir) != dev(parent) {
                return true;
            }
        }
    }
    listed_as_mount_point(dir)
}

#[cfg(target_os = "linux")]
fn listed_as_mount_point(dir: &Path) -> bool {
    use std::os::unix::ffi::OsStrExt;
    let Ok(table) = fs::read("/proc/self/mountinfo") else {
        return false;
    };
    let want = dir.as_os_str().as_bytes();
    table.split(|&b| b == b'\n').any(|line| {
        // The fifth field is the mount point, with space, tab, newline and
        // backslash written as octal escapes.
        line.split(|&b| b == b' ')
            .nth(4)
            .is_some_and(|field| unescape(field) == want)
    })
}

#[cfg(not(target_os = "linux"))]
fn listed_as_mount_point(_: &Path) -> bool {
    false
}

#[cfg(target_os = "linux")]
fn unescape(field: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(field.len());
    let mut i = 0;
    while i < field.len() {
        if field[i] == b'\\' && field.len() >= i + 4 {
            let digits = &field[i + 1..i + 4];
            if let Some(b) = std::str::from_utf8(digits)
                .ok()
                .and_then(|d| u8::from_str_radix(d, 8).ok())
            {
                out.push(b);
                i += 4;
                continue;
            }
        }
        out.push(field[i]);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_paths_that_would_destroy_sources() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        fs::create_dir_all(root.join("content")).unwrap();
        for bad in [
            root.clone(),
            root.join("content"),
            root.join("templates"),
            root.join("static"),
            tmp.path().to_path_buf(),
            root.join("content/x"),
        ] {
            assert!(check(&root, &bad).is_err(), "{}", bad.display());
        }
        assert!(check(&root, &root.join("public")).is_ok());
        assert!(check(&root, &root.join("content/../public")).is_ok());
        assert!(check(&root, &root.join("public/../content")).is_err());
    }

    #[cfg(unix)]
    #[test]
    fn a_linked_content_folder_is_protected_under_its_real_name() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        let real = tmp.path().join("shared/plans");
        fs::create_dir_all(&real).unwrap();
        fs::create_dir_all(&root).unwrap();
        // Even an empty real folder, which the marker rule would let through.
        std::os::unix::fs::symlink(&real, root.join("content")).unwrap();
        let err = check(&root, &real).unwrap_err();
        assert!(err.en.contains("it is content/"), "{}", err.en);
        let err = check(&root, &real.join("out")).unwrap_err();
        assert!(err.en.contains("it is inside content/"), "{}", err.en);
    }

    #[cfg(unix)]
    #[test]
    fn a_dangling_link_as_output_is_named() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        std::os::unix::fs::symlink(tmp.path().join("gone"), &out).unwrap();
        let err = check(tmp.path(), &out).unwrap_err();
        assert!(err.en.contains("is a link to"), "{}", err.en);
        assert!(err.en.contains("gone, which does not exist"), "{}", err.en);
    }

    #[test]
    fn refuses_a_foreign_non_empty_directory() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("docs");
        fs::create_dir_all(&out).unwrap();
        fs::write(out.join("notes.txt"), "mine").unwrap();
        let err = check(tmp.path(), &out).unwrap_err();
        assert!(err.en.contains("was not made by plansite"), "{}", err.en);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn mount_points_are_found_in_the_mount_table() {
        assert!(is_mount_point(Path::new("/proc")));
        let tmp = tempfile::tempdir().unwrap();
        fs::create_dir(tmp.path().join("plain")).unwrap();
        assert!(!is_mount_point(&tmp.path().join("plain")));
        assert_eq!(unescape(br"/a\040b"), b"/a b");
    }
}
