//! Removing from a reused staging tree what an earlier build left there and
//! this one did not write: the pages of what is gone, and whatever was put
//! into the live output by hand while that tree was live.
//!
//! Reading every folder of a national site's tree (71,274 at 50,000 items)
//! was most of a one-item rebuild's swap. A folder whose status last changed
//! (its ctime) before the tree's cache was written has had no entry added,
//! removed or renamed since, nor its times set (`rsync -a`, `touch`), and
//! each build removes its stale files before it writes its cache: such a
//! folder holds what the cache lists, and is not read. Every other folder
//! is, and the top of the tree always.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::io;
use std::path::Path;
use std::time::SystemTime;

use rayon::prelude::*;

use super::cache::Listing;
use super::MARKER;

/// Removes from `staging` every file not `written` by this build and every
/// folder holding none of them; `listing` is what the tree's own cache
/// listed before this build, if it had one.
pub(super) fn remove(
    staging: &Path,
    written: &HashSet<String>,
    listing: Option<&Listing>,
) -> io::Result<()> {
    let mut folders: HashSet<&str> = HashSet::new();
    for rel in written {
        let mut rel = rel.as_str();
        while let Some(i) = rel.rfind('/') {
            rel = &rel[..i];
            if !folders.insert(rel) {
                break;
            }
        }
    }
    let tidy = Tidy {
        staging,
        written,
        folders,
        held: listing.map(Held::of),
    };
    // Each top-level entry (a city, mostly) on a core of its own.
    tidy.read("")?
        .par_iter()
        .try_for_each(|(rel, is_dir)| tidy.entry(rel, *is_dir))
}

/// What the listed tree held, folder by folder (the top is ""): each
/// entry's name and whether it is a folder.
struct Held<'a> {
    entries: HashMap<&'a str, Vec<(&'a str, bool)>>,
    time: SystemTime,
}

impl<'a> Held<'a> {
    fn of(listing: &'a Listing) -> Held<'a> {
        let split = |rel: &'a str| rel.rsplit_once('/').unwrap_or(("", rel));
        let mut entries: HashMap<&str, Vec<(&str, bool)>> = HashMap::new();
        // Folders already given their place in their parent.
        let mut placed: HashSet<&str> = HashSet::new();
        for path in &listing.files {
            let (mut folder, name) = split(path);
            entries.entry(folder).or_default().push((name, false));
            while !folder.is_empty() && placed.insert(folder) {
                let (parent, name) = split(folder);
                entries.entry(parent).or_default().push((name, true));
                folder = parent;
            }
        }
        Held {
            entries,
            time: listing.time,
        }
    }
}

struct Tidy<'a> {
    staging: &'a Path,
    written: &'a HashSet<String>,
    /// Every folder holding a file this build wrote.
    folders: HashSet<&'a str>,
    held: Option<Held<'a>>,
}

impl Tidy<'_> {
    /// Tidies the entry `rel`, a folder when `is_dir` (as listed or read)
    /// and it still is one: never a link followed.
    fn entry(&self, rel: &str, is_dir: bool) -> io::Result<()> {
        let path = self.staging.join(rel);
        let folder = match is_dir {
            true => match fs::symlink_metadata(&path) {
                Ok(m) => Some(m).filter(fs::Metadata::is_dir),
                Err(e) => return gone(Err(e)),
            },
            false => None,
        };
        let Some(folder) = folder else {
            if rel != MARKER && !self.written.contains(rel) {
                return gone(fs::remove_file(&path));
            }
            return Ok(());
        };
        if !self.folders.contains(rel) {
            return gone(fs::remove_dir_all(&path));
        }
        let listed = self
            .held
            .as_ref()
            .filter(|held| unchanged_since(&folder, held.time))
            .and_then(|held| held.entries.get(rel));
        let entries = match listed {
            Some(listed) => listed
                .iter()
                .map(|&(name, is_dir)| (format!("{rel}/{name}"), is_dir))
                .collect(),
            None => self.read(rel)?,
        };
        entries
            .iter()
            .try_for_each(|(rel, is_dir)| self.entry(rel, *is_dir))
    }

    /// The entries of the folder `rel` as they are on disk; names that are
    /// not UTF-8 are left alone (no build writes them).
    fn read(&self, rel: &str) -> io::Result<Vec<(String, bool)>> {
        let mut entries = Vec::new();
        for entry in fs::read_dir(self.staging.join(rel))? {
            let entry = entry?;
            let Ok(name) = entry.file_name().into_string() else {
                continue;
            };
            let is_dir = entry.file_type()?.is_dir();
            let rel = if rel.is_empty() {
                name
            } else {
                format!("{rel}/{name}")
            };
            entries.push((rel, is_dir));
        }
        Ok(entries)
    }
}

/// Whether the folder of metadata `m` has had no entry added, removed or
/// renamed since `time` (its status unchanged since strictly before it: a
/// change in the same tick of the clock counts as after).
#[cfg(unix)]
fn unchanged_since(m: &fs::Metadata, time: SystemTime) -> bool {
    use std::os::unix::fs::MetadataExt;
    use std::time::{Duration, UNIX_EPOCH};
    let (Ok(secs), Ok(nanos)) = (u64::try_from(m.ctime()), u32::try_from(m.ctime_nsec())) else {
        return false;
    };
    UNIX_EPOCH + Duration::new(secs, nanos) < time
}

/// Without a status-change time every folder is read.
#[cfg(not(unix))]
fn unchanged_since(_: &fs::Metadata, _: SystemTime) -> bool {
    false
}

/// Removed, or already gone.
fn gone(removed: io::Result<()>) -> io::Result<()> {
    match removed {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn the_listed_tree_is_held_folder_by_folder() {
        let listing = Listing {
            files: [
                "a/b/1.html",
                "a/b/2.html",
                "a/c.html",
                "d/e/f/3.html",
                "top.xml",
            ]
            .map(String::from)
            .to_vec(),
            time: SystemTime::now(),
        };
        let held = Held::of(&listing);
        let mut got: Vec<(&str, Vec<(&str, bool)>)> = held
            .entries
            .into_iter()
            .map(|(k, mut v)| {
                v.sort();
                (k, v)
            })
            .collect();
        got.sort();
        assert_eq!(
            got,
            [
                ("", vec![("a", true), ("d", true), ("top.xml", false)]),
                ("a", vec![("b", true), ("c.html", false)]),
                ("a/b", vec![("1.html", false), ("2.html", false)]),
                ("d", vec![("e", true)]),
                ("d/e", vec![("f", true)]),
                ("d/e/f", vec![("3.html", false)]),
            ]
        );
    }

    /// One build of `pages` into `out`, its files older than its cache.
    fn build(root: &Path, out: &Path, pages: &[&str]) {
        let t = super::super::Target::new(root, out, &|_| {}).unwrap();
        t.begin().unwrap();
        for rel in pages {
            t.write(rel, rel.as_bytes()).unwrap();
        }
        std::thread::sleep(std::time::Duration::from_millis(30));
        t.commit().unwrap();
    }

    fn files(out: &Path) -> Vec<String> {
        let mut f: Vec<String> = walkdir::WalkDir::new(out)
            .min_depth(1)
            .into_iter()
            .map(|e| {
                let e = e.unwrap();
                let rel = e.path().strip_prefix(out).unwrap().display().to_string();
                if e.file_type().is_dir() {
                    rel + "/"
                } else {
                    rel
                }
            })
            .filter(|rel| !rel.starts_with(".plansite"))
            .collect();
        f.sort();
        f
    }

    #[test]
    fn what_no_build_wrote_is_gone_from_a_reused_tree_whether_listed_or_added_by_hand() {
        let tmp = tempfile::tempdir().unwrap();
        let (root, out) = (tmp.path(), tmp.path().join("public"));
        let staging = root.join(".public.plansite-next");
        let all = [
            "a/1/index.html",
            "a/2/index.html",
            "b/1/index.html",
            "top.html",
        ];
        build(root, &out, &all);
        build(root, &out, &all);
        // Folders of both trees older than their caches: listed, not read.
        std::thread::sleep(std::time::Duration::from_millis(30));
        fs::write(out.join("a/1/by-hand.html"), "x").unwrap();
        fs::create_dir_all(out.join("b/1/extra/deeper")).unwrap();
        fs::write(out.join("b/1/extra/deeper/x.html"), "x").unwrap();
        fs::write(out.join("by-hand.txt"), "x").unwrap();
        let fewer = ["a/1/index.html", "top.html"];
        build(root, &out, &fewer);
        let expected = ["a/", "a/1/", "a/1/index.html", "top.html"];
        assert_eq!(files(&out), expected, "an item and a city gone");
        // The tree with the files added by hand is brought up to date.
        build(root, &out, &fewer);
        assert_eq!(files(&out), expected, "files added by hand gone");
        build(root, &out, &fewer);
        assert_eq!(files(&out), expected);
        assert_eq!(files(&staging), expected);
    }

    #[test]
    fn a_cache_naming_paths_outside_its_tree_lists_nothing() {
        let tmp = tempfile::tempdir().unwrap();
        let made = super::super::cache::Made {
            key: None,
            hash: 1,
            len: 1,
        };
        let good = super::super::cache::text(vec![("a/b.html".into(), made)], vec![]);
        let cache = tmp.path().join(super::super::CACHE);
        fs::write(&cache, &good).unwrap();
        let listed = super::super::cache::listing(tmp.path()).unwrap();
        assert_eq!(listed.files, ["a/b.html"]);
        for bad in [
            "../up.html",
            "a/../../up",
            "/etc/x",
            "a//b",
            "./a",
            "a\\..\\b",
            "",
        ] {
            fs::write(&cache, format!("{good}- 1 1 {bad}\n")).unwrap();
            assert!(
                super::super::cache::listing(tmp.path()).is_none(),
                "{bad:?} refused"
            );
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_link_put_into_the_output_is_removed_and_never_followed() {
        let tmp = tempfile::tempdir().unwrap();
        let (root, out) = (tmp.path(), tmp.path().join("public"));
        let outside = root.join("outside");
        fs::create_dir_all(outside.join("deeper")).unwrap();
        fs::write(outside.join("deeper/precious.txt"), "keep me").unwrap();
        let all = ["a/1/index.html", "top.html"];
        build(root, &out, &all);
        build(root, &out, &all);
        std::thread::sleep(std::time::Duration::from_millis(30));
        std::os::unix::fs::symlink(&outside, out.join("a/linked")).unwrap();
        std::os::unix::fs::symlink(&outside, out.join("linked")).unwrap();
        build(root, &out, &all);
        build(root, &out, &all);
        assert_eq!(files(&out), ["a/", "a/1/", "a/1/index.html", "top.html"]);
        assert_eq!(
            fs::read_to_string(outside.join("deeper/precious.txt")).unwrap(),
            "keep me"
        );
    }
}
