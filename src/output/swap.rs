//! Swapping the new site in: two folders exchanged in one step, or, on a
//! mount point that cannot be renamed, its top-level entries one by one.

use std::collections::HashSet;
use std::ffi::OsString;
use std::fs;
use std::io;
use std::path::Path;

use rayon::prelude::*;

use super::{at, doing};

/// Swaps two folders atomically.
#[cfg(target_os = "linux")]
pub fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(io::Error::from)
}

#[cfg(not(target_os = "linux"))]
pub fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}

/// Removes a previous output tree, its files on every core: a national site
/// has hundreds of thousands, and unlinking them one by one dominates a swap.
pub fn remove_tree(dir: &Path) -> io::Result<()> {
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

/// Puts the new site in `staging` (a folder inside `out`) in place of the
/// live one when `out` itself cannot be renamed (a mount point): each
/// top-level entry in one step, exchanged with the live entry of the same
/// name, folders first and the cache last; live entries the new site lacks
/// are moved into `staging`. `skip` names what in `out` is not the site's
/// (its marker, `staging` itself, the lock). Afterwards `staging` holds the
/// previous site, to be removed.
pub fn entries(staging: &Path, out: &Path, skip: &[&str], last: &str) -> io::Result<()> {
    let names = |dir: &Path| -> io::Result<Vec<(OsString, bool)>> {
        let mut v = Vec::new();
        for e in fs::read_dir(dir).map_err(|e| at(e, doing::READ_FOLDER, dir))? {
            let e = e.map_err(|e| at(e, doing::READ_FOLDER, dir))?;
            let name = e.file_name();
            if !skip.iter().any(|s| name == **s) {
                v.push((name, e.file_type().is_ok_and(|t| t.is_dir())));
            }
        }
        Ok(v)
    };
    let mut new = names(staging)?;
    // Folders (the cities) before the pages that link to them; the cache,
    // which describes the files in place, after everything.
    new.sort_by_key(|(name, dir)| (*name == *last, !dir, name.clone()));
    let wanted: HashSet<&OsString> = new.iter().map(|(n, _)| n).collect();
    let stale: Vec<OsString> = names(out)?
        .into_iter()
        .map(|(n, _)| n)
        .filter(|n| !wanted.contains(n))
        .collect();
    for (name, _) in &new {
        let (from, to) = (staging.join(name), out.join(name));
        if fs::symlink_metadata(&to).is_err() {
            fs::rename(&from, &to).map_err(|e| at(e, doing::MOVE_IN, &to))?;
            continue;
        }
        if exchange(&from, &to).is_err() {
            // No exchange on this system or file system: the live entry
            // steps aside first, so for a moment the name is missing.
            let aside = staging.join(format!(".plansite-previous-{}", name.to_string_lossy()));
            fs::rename(&to, &aside).map_err(|e| at(e, doing::MOVE_ASIDE, &to))?;
            fs::rename(&from, &to).map_err(|e| at(e, doing::MOVE_IN, &to))?;
        }
    }
    for name in stale {
        let aside = staging.join(format!(".plansite-stale-{}", name.to_string_lossy()));
        let from = out.join(&name);
        fs::rename(&from, &aside).map_err(|e| at(e, doing::REMOVE_OLD, &from))?;
    }
    Ok(())
}
