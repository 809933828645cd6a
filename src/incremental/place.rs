//! Putting a rebuild's files into the preview's folder in place: what the
//! folder holds, and the changes made to it while readers wait.

use std::collections::{BTreeSet, HashMap};
use std::fs;
use std::io;
use std::path::Path;

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
}

impl Written {
    /// What a whole build left in `out`, as its `.plansite-cache` records.
    pub fn after_build(
        out: &Path,
        statics: Vec<(String, Vec<u8>)>,
        themes: crate::themes::ShownOnItemPages,
        search: u64,
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

/// Applies `changes` to `out` and to `written`. Stale files go first, so
/// that a page can take the place of a folder that was there. Each file is
/// written beside its place and renamed over it: a file of the preview may
/// be a hard link shared with the build kept for the next whole rebuild
/// (`output::Target`), which must not change with it.
pub fn apply(out: &Path, changes: Changes, written: &mut Written) -> io::Result<usize> {
    let mut done = 0;
    for rel in &changes.remove {
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
    for (rel, bytes, key) in changes.write {
        let path = out.join(rel.as_str());
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)
                .map_err(|e| crate::output::at(e, crate::output::doing::CREATE_FOLDER, parent))?;
        }
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let temp = path.with_file_name(format!(".{name}.plansite-new"));
        fs::write(&temp, &bytes)
            .map_err(|e| crate::output::at(e, crate::output::doing::WRITE, &temp))?;
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
}
