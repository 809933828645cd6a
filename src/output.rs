//! Write: the output directory is built beside the old one and swapped in
//! whole, so a failed build leaves the previous site untouched. Nothing
//! outside the output directory is ever deleted.

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

/// A file inside every output directory, so that plansite only ever replaces
/// a directory it made itself.
pub const MARKER: &str = ".plansite-output";
const MARKER_TEXT: &str =
    "This directory is written by plansite and replaced whole on every build.\n";

/// Where a build writes: the final directory and its staging sibling.
#[derive(Debug)]
pub struct Target {
    pub out: PathBuf,
    staging: PathBuf,
    old: PathBuf,
}

/// The absolute form of `p` without touching the file system for the parts
/// that do not exist yet.
fn absolute(p: &Path) -> io::Result<PathBuf> {
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
    // Resolve symlinks in the part that exists, so that two spellings of the
    // same folder compare equal.
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

impl Target {
    /// Checks that `out` is a place plansite may replace whole.
    pub fn new(root: &Path, out: &Path) -> Result<Target, String> {
        let root = absolute(root).map_err(|e| format!("cannot resolve the site root: {e}"))?;
        let out_abs = absolute(out).map_err(|e| format!("cannot resolve the output path: {e}"))?;
        let show = out.display();
        let protected = [
            (root.clone(), "the site root"),
            (root.join("content"), "content/"),
            (root.join("templates"), "templates/"),
            (root.join("static"), "static/"),
            (root.join("site.toml"), "site.toml"),
        ];
        for (p, what) in &protected {
            if out_abs == *p {
                return Err(format!("refusing to write the site into {show}: it is {what}, which the build would replace"));
            }
            if p.starts_with(&out_abs) {
                return Err(format!("refusing to write the site into {show}: it contains {what}, which the build would replace"));
            }
            if out_abs.starts_with(p) && *what != "the site root" {
                return Err(format!(
                    "refusing to write the site into {show}: it is inside {what}"
                ));
            }
        }
        let Some(parent) = out_abs.parent() else {
            return Err(format!(
                "refusing to write the site into {show}: it is the file system root"
            ));
        };
        let name = out_abs
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if out_abs.exists() {
            if !out_abs.is_dir() {
                return Err(format!("{show} exists and is not a directory"));
            }
            let made_by_us = out_abs.join(MARKER).is_file();
            let empty = fs::read_dir(&out_abs)
                .map(|mut d| d.next().is_none())
                .unwrap_or(false);
            if !made_by_us && !empty {
                return Err(format!(
                    "refusing to replace {show}: it is not empty and was not made by plansite (it has no {MARKER} file); choose another --output or empty it yourself"
                ));
            }
        }
        Ok(Target {
            staging: parent.join(format!(".{name}.plansite-new")),
            old: parent.join(format!(".{name}.plansite-old")),
            out: out_abs,
        })
    }

    /// Creates an empty staging directory. A leftover one from an interrupted
    /// build is removed only if it carries the marker, i.e. plansite made it.
    pub fn begin(&self) -> io::Result<&Path> {
        for leftover in [&self.staging, &self.old] {
            if leftover.exists() {
                if leftover.join(MARKER).is_file() {
                    fs::remove_dir_all(leftover)?;
                } else {
                    return Err(io::Error::other(format!(
                        "{} is in the way and was not made by plansite; remove it yourself",
                        leftover.display()
                    )));
                }
            }
        }
        fs::create_dir_all(&self.staging)?;
        fs::write(self.staging.join(MARKER), MARKER_TEXT)?;
        Ok(&self.staging)
    }

    /// Removes the staging directory after a failed build.
    pub fn abandon(&self) {
        if self.staging.join(MARKER).is_file() {
            let _ = fs::remove_dir_all(&self.staging);
        }
    }

    /// Swaps the finished staging directory in for the output directory.
    pub fn commit(&self) -> io::Result<()> {
        let had_old = self.out.exists();
        if had_old {
            fs::rename(&self.out, &self.old)?;
        }
        if let Err(e) = fs::rename(&self.staging, &self.out) {
            if had_old {
                // Put the previous site back; the build's output stays in staging for inspection.
                let _ = fs::rename(&self.old, &self.out);
            }
            return Err(e);
        }
        if had_old {
            remove_tree(&self.old)?;
        }
        Ok(())
    }
}

/// Removes a previous output tree, its files on every core: a national site
/// has hundreds of thousands, and unlinking them one by one dominates a swap.
fn remove_tree(dir: &Path) -> io::Result<()> {
    use rayon::prelude::*;
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.map_err(io::Error::other)?;
        if !entry.file_type().is_dir() {
            files.push(entry.into_path());
        }
    }
    files.par_iter().try_for_each(fs::remove_file)?;
    fs::remove_dir_all(dir)
}

/// Writes `bytes` to `dir/rel`, creating parent directories.
pub fn write_file(dir: &Path, rel: &str, bytes: &[u8]) -> io::Result<()> {
    let path = dir.join(rel);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    fs::write(path, bytes)
}

impl Target {
    /// Writes a file of the new site. When the previous output holds the same
    /// bytes at the same path, that file is linked instead: it keeps its
    /// modification time, so `rsync` or an object-store sync uploads only
    /// what changed, and nothing is written twice.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let new = self.staging.join(rel);
        if let Some(parent) = new.parent() {
            fs::create_dir_all(parent)?;
        }
        let old = self.out.join(rel);
        if same_content(&old, bytes) && fs::hard_link(&old, &new).is_ok() {
            return Ok(());
        }
        fs::write(new, bytes)
    }
}

/// Whether `path` is a regular file holding exactly `bytes` (size first, so
/// that most changed files are told apart without reading them).
fn same_content(path: &Path, bytes: &[u8]) -> bool {
    match fs::symlink_metadata(path) {
        Ok(m) if m.is_file() && m.len() == bytes.len() as u64 => {
            fs::read(path).is_ok_and(|old| old == bytes)
        }
        _ => false,
    }
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
            assert!(Target::new(&root, &bad).is_err(), "{}", bad.display());
        }
        assert!(Target::new(&root, &root.join("public")).is_ok());
        assert!(Target::new(&root, &root.join("content/../public")).is_ok());
        assert!(Target::new(&root, &root.join("public/../content")).is_err());
    }

    #[test]
    fn refuses_a_foreign_non_empty_directory() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("docs");
        fs::create_dir_all(&out).unwrap();
        fs::write(out.join("notes.txt"), "mine").unwrap();
        let err = Target::new(tmp.path(), &out).unwrap_err();
        assert!(err.contains("was not made by plansite"), "{err}");
    }

    #[test]
    fn unchanged_files_keep_their_modification_time() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let build = |pages: &[(&str, &str)]| {
            let t = Target::new(tmp.path(), &out).unwrap();
            t.begin().unwrap();
            for (rel, text) in pages {
                t.write(rel, text.as_bytes()).unwrap();
            }
            t.commit().unwrap();
        };
        build(&[("same.html", "一"), ("changed.html", "二")]);
        let mtime = |rel: &str| fs::metadata(out.join(rel)).unwrap().modified().unwrap();
        let (same, changed) = (mtime("same.html"), mtime("changed.html"));
        std::thread::sleep(std::time::Duration::from_millis(20));
        build(&[("same.html", "一"), ("changed.html", "三")]);
        assert_eq!(mtime("same.html"), same);
        assert!(mtime("changed.html") > changed);
        assert_eq!(fs::read_to_string(out.join("changed.html")).unwrap(), "三");
    }

    #[test]
    fn swap_replaces_old_output_whole() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let t = Target::new(tmp.path(), &out).unwrap();
        let s = t.begin().unwrap().to_path_buf();
        write_file(&s, "a/index.html", b"one").unwrap();
        t.commit().unwrap();
        let t = Target::new(tmp.path(), &out).unwrap();
        let s = t.begin().unwrap().to_path_buf();
        write_file(&s, "b/index.html", b"two").unwrap();
        t.commit().unwrap();
        assert!(!out.join("a").exists());
        assert_eq!(fs::read(out.join("b/index.html")).unwrap(), b"two");
        let names: Vec<_> = fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["public"]);
    }
}
