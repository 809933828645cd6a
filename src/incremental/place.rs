//! Putting a rebuild's files into the preview's folder in place: what the
//! folder holds, and the changes made to it while readers wait.

use std::collections::{BTreeSet, HashMap};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::output::direct;

/// What the preview's folder holds since the last successful rebuild.
#[derive(Debug, Default)]
pub struct Written {
    /// Every page, data file and static file (paths with `/`).
    pub files: BTreeSet<String>,
    /// The key each page was made from (see `output::made_from`):
    /// a page rendered again to the same key is the same file.
    pub keys: HashMap<String, u64>,
    /// The static files, to tell which changed.
    pub statics: Vec<(String, Vec<u8>)>,
    /// What item pages showed of each theme's cities
    /// (`ThemeMap::shown_on_item_pages`).
    pub themes: crate::themes::ShownOnItemPages,
    /// What the search index was made from (`search::fingerprint`).
    pub search: u64,
    /// The site's shape (`scope::shape`) when the last rebuild in place
    /// left the folder holding every file of it; `None` after a whole build.
    pub shape: Option<u64>,
    /// The parts of the site-wide files, as the last rebuild in place made them.
    pub parts: super::site_wide::Parts,
    /// Whether the last rebuild left its site-wide files (the site's CSV
    /// files and the search index) for the next, the author having saved
    /// again meanwhile.
    pub owed: bool,
}

impl Written {
    /// What a whole build left in `out`, as its `.plansite-cache` records.
    pub fn after_build(
        out: &Path,
        statics: Vec<(String, Vec<u8>)>,
        themes: crate::themes::ShownOnItemPages,
        (parts, search): (super::site_wide::Parts, u64),
    ) -> Written {
        let made = crate::output::made_from(out);
        Written {
            keys: made
                .iter()
                .filter_map(|(path, key)| Some((path.clone(), (*key)?)))
                .collect(),
            files: made.into_keys().collect(),
            statics,
            themes,
            search,
            shape: None,
            parts,
            owed: false,
        }
    }
}

/// One rebuild's changes to the folder.
#[derive(Default)]
pub struct Changes {
    /// Files to write: path, bytes, and the key of a page.
    pub write: Vec<(String, Vec<u8>, Option<u64>)>,
    /// Files the site no longer has.
    pub remove: Vec<String>,
}

/// A rebuild's changes with their files already written beside their
/// places, to be put in place by [`commit`].
pub struct Staged {
    remove: Vec<String>,
    /// Path, the file written beside it (or its bytes, when its folder could
    /// not be made before stale files go), and the key of a page.
    write: Vec<(String, Content, Option<u64>)>,
}

enum Content {
    Temp(PathBuf),
    Bytes(Vec<u8>),
}

/// Writes each file of `changes` beside its place in `out`, so that only
/// renames are left for [`commit`]: readers of the preview wait for those
/// alone, not for the writing (the site-wide data files are tens of
/// megabytes at national scale). Nothing a reader asks for changes here.
/// Stops as soon as `stop` says (asked before each file and between pieces
/// of a large one), with what it wrote removed: None then.
pub fn stage(out: &Path, changes: Changes, stop: &dyn Fn() -> bool) -> io::Result<Option<Staged>> {
    let mut staged = Staged {
        remove: changes.remove,
        write: Vec::with_capacity(changes.write.len()),
    };
    for (rel, bytes, key) in changes.write {
        if stop() {
            discard(staged);
            return Ok(None);
        }
        let path = out.join(rel.as_str());
        // A folder that cannot be made yet (a stale file is in its way)
        // is made in `commit`, after the stale files went.
        let parent_made = path.parent().is_none_or(|p| fs::create_dir_all(p).is_ok());
        if !parent_made {
            staged.write.push((rel, Content::Bytes(bytes), key));
            continue;
        }
        let temp = temp_beside(&path);
        match write_unless(&temp, &bytes, stop) {
            Ok(true) => staged.write.push((rel, Content::Temp(temp), key)),
            Ok(false) => {
                let _ = fs::remove_file(&temp);
                discard(staged);
                return Ok(None);
            }
            Err(e) => {
                let _ = fs::remove_file(&temp);
                discard(staged);
                return Err(crate::output::at(e, crate::output::doing::WRITE, &temp));
            }
        }
    }
    Ok(Some(staged))
}

/// Writes `bytes` to `path` a piece at a time (the site's CSV files are
/// about 150 MB at 50,000 items); false when `stop` said to stop.
fn write_unless(path: &Path, bytes: &[u8], stop: &dyn Fn() -> bool) -> io::Result<bool> {
    use std::io::Write;
    let mut file = direct::Writer::create(path)?;
    for (n, piece) in bytes.chunks(4 << 20).enumerate() {
        if n > 0 && stop() {
            return Ok(false);
        }
        file.write_all(piece)?;
    }
    file.finish()?;
    Ok(true)
}

/// Removes the files [`stage`] wrote, when they are not to be put in place.
pub fn discard(staged: Staged) {
    for (_, content, _) in staged.write {
        if let Content::Temp(temp) = content {
            let _ = fs::remove_file(temp);
        }
    }
}

/// Where a file is written before it is renamed over `path`.
fn temp_beside(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.plansite-new"))
}

/// Puts `staged` in place in `out` and in `written`. Stale files go first,
/// so that a page can take the place of a folder that was there. Each file
/// was written beside its place and is renamed over it: a file of the
/// preview may be a hard link shared with the build kept for the next
/// whole rebuild (`output::Target`), which must not change with it.
pub fn commit(out: &Path, staged: Staged, written: &mut Written) -> io::Result<usize> {
    let mut done = 0;
    let Staged { remove, write } = staged;
    let mut write = write.into_iter();
    let result = (|| {
        for rel in &remove {
            let path = out.join(rel);
            match fs::remove_file(&path) {
                Ok(()) => done += 1,
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(e) => return Err(crate::output::at(e, crate::output::doing::REMOVE, &path)),
            }
            written.keys.remove(rel);
            written.files.remove(rel);
            // Folders left empty go too, as a whole build would not make them.
            let mut dir = path.parent();
            while let Some(d) = dir.filter(|d| *d != out) {
                if fs::remove_dir(d).is_err() {
                    break;
                }
                dir = d.parent();
            }
        }
        for (rel, content, key) in write.by_ref() {
            let path = out.join(rel.as_str());
            let temp = match content {
                Content::Temp(temp) => temp,
                Content::Bytes(bytes) => {
                    if let Some(parent) = path.parent() {
                        fs::create_dir_all(parent).map_err(|e| {
                            crate::output::at(e, crate::output::doing::CREATE_FOLDER, parent)
                        })?;
                    }
                    let temp = temp_beside(&path);
                    direct::write(&temp, &bytes)
                        .map_err(|e| crate::output::at(e, crate::output::doing::WRITE, &temp))?;
                    temp
                }
            };
            if let Ok(m) = fs::symlink_metadata(&path) {
                if m.is_dir() {
                    fs::remove_dir_all(&path)
                        .map_err(|e| crate::output::at(e, crate::output::doing::REPLACE, &path))?;
                }
            }
            fs::rename(&temp, &path)
                .map_err(|e| crate::output::at(e, crate::output::doing::WRITE, &path))?;
            match key {
                Some(k) => written.keys.insert(rel.clone(), k),
                None => written.keys.remove(&rel),
            };
            written.files.insert(rel);
            done += 1;
        }
        Ok(done)
    })();
    if result.is_err() {
        // What was not put in place leaves no file behind.
        discard(Staged {
            remove: Vec::new(),
            write: write.collect(),
        });
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    fn names(dir: &Path) -> Vec<String> {
        let mut n: Vec<String> = walkdir::WalkDir::new(dir)
            .min_depth(1)
            .into_iter()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_type().is_file())
            .map(|e| e.path().strip_prefix(dir).unwrap().display().to_string())
            .collect();
        n.sort();
        n
    }

    #[test]
    fn staging_stopped_midway_leaves_nothing_behind() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path();
        fs::write(out.join("kept.csv"), "before").unwrap();
        let changes = || Changes {
            write: vec![
                ("a/page.html".into(), b"page".to_vec(), Some(1)),
                ("kept.csv".into(), vec![b'x'; 9 << 20], None),
            ],
            remove: vec![],
        };
        // Asked before each file and between 4 MiB pieces: stopped while
        // the second file is being written.
        for stop_at in [1, 2, 3] {
            let asked = Cell::new(0);
            let stop = || {
                asked.set(asked.get() + 1);
                asked.get() > stop_at
            };
            assert!(stage(out, changes(), &stop).unwrap().is_none());
            assert_eq!(names(out), ["kept.csv"], "stopped at {stop_at}");
            assert_eq!(fs::read(out.join("kept.csv")).unwrap(), b"before");
        }
        let staged = stage(out, changes(), &|| false).unwrap().unwrap();
        assert_eq!(
            names(out),
            [
                ".kept.csv.plansite-new",
                "a/.page.html.plansite-new",
                "kept.csv"
            ]
        );
        discard(staged);
        assert_eq!(names(out), ["kept.csv"]);
    }
}
