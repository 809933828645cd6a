//! Keeping a reused staging tree to what builds write. Before a build
//! writes into it, what its cache does not list goes (put into the live
//! output by hand while that tree was live), and every link: a build never
//! makes one, and would write or delete through it. After the build, what
//! the cache listed and this build did not write goes (the pages of what
//! is gone).
//!
//! Reading every folder of a national site's tree (71,274 at 50,000 items)
//! was most of a one-item rebuild's swap. A folder whose status last changed
//! (its ctime) before the tree's cache was written has had no entry added,
//! removed or renamed since, nor its times set (`rsync -a`, `touch`), and
//! each build removes its stale files before it writes its cache: such a
//! folder holds what the cache lists, and is not read. Every other folder
//! is, and the top of the tree always. Without a listing to trust, every
//! folder is read, before the build (for links) and after it.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::io;
use std::path::Path;
use std::time::SystemTime;

use rayon::prelude::*;

use super::cache::Listing;
use super::{CACHE, MARKER};

/// Before a build writes into the reused `staging`: removes every link and
/// other special file, and with the tree's `listing` everything it does
/// not list. Afterwards the tree holds only listed files (or, without a
/// listing, only files and folders).
pub(super) fn clean(staging: &Path, listing: Option<&Listing>) -> io::Result<()> {
    let clean = Clean {
        staging,
        held: listing.map(Held::of),
    };
    read(staging, "")?
        .par_iter()
        .filter(|(rel, kind)| !(*kind == Kind::File && (rel == MARKER || rel == CACHE)))
        .try_for_each(|(rel, kind)| clean.entry(rel, *kind, clean.listed("", rel)))
}

/// After a build: removes from `staging` every file not `written` by it and
/// every folder holding none of them. With the tree's `listing` (and
/// [`clean`] done with it) that is what the listing names and the build
/// did not write, nothing read; without, every folder is read.
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
    let kept = |folder: &str| folder.is_empty() || folders.contains(folder);
    let Some(held) = listing.map(Held::of) else {
        let tidy = Tidy {
            staging,
            written,
            folders: &folders,
        };
        // Each top-level entry (a city, mostly) on a core of its own.
        return read(staging, "")?
            .par_iter()
            .try_for_each(|(rel, kind)| tidy.entry(rel, *kind));
    };
    // What a kept folder lists and the build did not make (a path the
    // build made a file or a folder of, in place of the other, stays).
    let entries: Vec<(&&str, &Vec<(&str, bool)>)> =
        held.entries.iter().filter(|(f, _)| kept(f)).collect();
    entries.par_iter().try_for_each(|(folder, names)| {
        for &(name, is_dir) in names.iter() {
            let rel = join(folder, name);
            if written.contains(&rel) || folders.contains(rel.as_str()) {
                continue;
            }
            let path = staging.join(&rel);
            gone(match is_dir {
                true => fs::remove_dir_all(&path),
                false => fs::remove_file(&path),
            })?;
        }
        Ok(())
    })
}

/// What an entry is on disk, links not followed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    File,
    Folder,
    /// A link, a pipe, a socket, a device: nothing a build makes.
    Other,
}

impl Kind {
    fn of(t: fs::FileType) -> Kind {
        if t.is_dir() {
            Kind::Folder
        } else if t.is_file() {
            Kind::File
        } else {
            Kind::Other
        }
    }
}

fn join(folder: &str, name: &str) -> String {
    if folder.is_empty() {
        name.to_string()
    } else {
        format!("{folder}/{name}")
    }
}

/// The entries of the folder `rel` of `staging` as they are on disk; names
/// that are not UTF-8 are left alone (no build writes them).
fn read(staging: &Path, rel: &str) -> io::Result<Vec<(String, Kind)>> {
    let mut entries = Vec::new();
    for entry in fs::read_dir(staging.join(rel))? {
        let entry = entry?;
        let Ok(name) = entry.file_name().into_string() else {
            continue;
        };
        entries.push((join(rel, &name), Kind::of(entry.file_type()?)));
    }
    Ok(entries)
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

struct Clean<'a> {
    staging: &'a Path,
    held: Option<Held<'a>>,
}

impl Clean<'_> {
    /// Whether the listing names `rel` (in `folder`) as a folder, as a
    /// file, or not at all.
    fn listed(&self, folder: &str, rel: &str) -> Option<bool> {
        let held = self.held.as_ref()?;
        let name = rel.rsplit_once('/').map_or(rel, |(_, n)| n);
        held.entries
            .get(folder)?
            .iter()
            .find(|(n, _)| *n == name)
            .map(|&(_, is_dir)| is_dir)
    }

    /// Cleans the entry `rel`, of kind `kind` on disk and `listed` so;
    /// without a listing every file and folder stays.
    fn entry(&self, rel: &str, kind: Kind, listed: Option<bool>) -> io::Result<()> {
        let path = self.staging.join(rel);
        let listed_as = |is_dir: bool| self.held.is_none() || listed == Some(is_dir);
        match kind {
            Kind::Folder if listed_as(true) => self.folder(rel),
            Kind::Folder => gone(fs::remove_dir_all(&path)),
            Kind::File if listed_as(false) => Ok(()),
            Kind::File | Kind::Other => gone(fs::remove_file(&path)),
        }
    }

    /// Cleans the folder `rel`: reads it unless the listing can be trusted
    /// for it, in which case only its listed folders are looked into.
    fn folder(&self, rel: &str) -> io::Result<()> {
        let path = self.staging.join(rel);
        let meta = match fs::symlink_metadata(&path) {
            Ok(m) => m,
            Err(e) => return gone(Err(e)),
        };
        if !meta.is_dir() {
            return gone(fs::remove_file(&path));
        }
        let listed = self
            .held
            .as_ref()
            .filter(|held| unchanged_since(&meta, held.time))
            .and_then(|held| held.entries.get(rel));
        if let Some(listed) = listed {
            return listed
                .iter()
                .filter(|(_, is_dir)| *is_dir)
                .try_for_each(|(name, _)| self.folder(&join(rel, name)));
        }
        read(self.staging, rel)?
            .iter()
            .try_for_each(|(child, kind)| self.entry(child, *kind, self.listed(rel, child)))
    }
}

/// Removing what the build did not write by reading every folder, where
/// there is no listing to go by.
struct Tidy<'a> {
    staging: &'a Path,
    written: &'a HashSet<String>,
    /// Every folder holding a file this build wrote.
    folders: &'a HashSet<&'a str>,
}

impl Tidy<'_> {
    fn entry(&self, rel: &str, kind: Kind) -> io::Result<()> {
        let path = self.staging.join(rel);
        match kind {
            Kind::Folder if self.folders.contains(rel) => read(self.staging, rel)?
                .iter()
                .try_for_each(|(child, kind)| self.entry(child, *kind)),
            Kind::Folder => gone(fs::remove_dir_all(&path)),
            _ if rel == MARKER || self.written.contains(rel) => Ok(()),
            _ => gone(fs::remove_file(&path)),
        }
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

/// Whether the file system holding `dir` is one known to set a folder's
/// status-change time whenever an entry is added, removed or renamed (the
/// common local ones of Linux). Elsewhere — FAT, where it may be a
/// creation time; network and FUSE file systems, where it is what the
/// server says; other systems — every folder is read.
pub(super) fn folders_show_changes(dir: &Path) -> bool {
    #[cfg(target_os = "linux")]
    {
        const KNOWN: [u64; 7] = [
            0xEF53,      // ext2, ext3, ext4
            0x5846_5342, // xfs
            0x9123_683E, // btrfs
            0x0102_1994, // tmpfs
            0xF2F5_2010, // f2fs
            0x2FC1_2FC1, // zfs
            0x794C_7630, // overlayfs (containers)
        ];
        rustix::fs::statfs(dir).is_ok_and(|s| KNOWN.contains(&(s.f_type as u64)))
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = dir;
        false
    }
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
        let pages: Vec<(&str, &str)> = pages.iter().map(|p| (*p, *p)).collect();
        build_texts(root, out, &pages);
    }

    /// One build of `pages` (path, text) into `out`, as [`build`].
    fn build_texts(root: &Path, out: &Path, pages: &[(&str, &str)]) {
        let t = super::super::Target::new(root, out, &|_| {}).unwrap();
        t.begin().unwrap();
        for (rel, text) in pages {
            t.write(rel, text.as_bytes()).unwrap();
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
        // Where folders are listed rather than read (see below).
        #[cfg(target_os = "linux")]
        assert!(folders_show_changes(root), "a file system this test knows");
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
        let cut = good.strip_suffix("end\n").unwrap();
        fs::write(&cache, cut).unwrap();
        assert!(
            super::super::cache::listing(tmp.path()).is_none(),
            "a cache cut short"
        );
        for bad in [
            "../up.html",
            "a/../../up",
            "/etc/x",
            "a//b",
            "./a",
            "a\\..\\b",
            "",
        ] {
            fs::write(&cache, format!("{cut}- 1 1 {bad}\nend\n")).unwrap();
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

    #[cfg(unix)]
    #[test]
    fn a_folder_swapped_for_a_link_by_hand_is_never_written_or_deleted_through() {
        for listed in [true, false] {
            let tmp = tempfile::tempdir().unwrap();
            let (root, out) = (tmp.path(), tmp.path().join("public"));
            let staging = root.join(".public.plansite-next");
            let outside = root.join("outside");
            fs::create_dir_all(&outside).unwrap();
            fs::write(outside.join("index.html"), "outside's own").unwrap();
            let site = |text| [("a/1/index.html", text), ("top.html", "t")];
            build_texts(root, &out, &site("one"));
            build_texts(root, &out, &site("one"));
            std::thread::sleep(std::time::Duration::from_millis(30));
            fs::remove_dir_all(out.join("a/1")).unwrap();
            std::os::unix::fs::symlink(&outside, out.join("a/1")).unwrap();
            build_texts(root, &out, &site("two"));
            // The tree with the link is the next build's to write into.
            assert!(fs::symlink_metadata(staging.join("a/1"))
                .unwrap()
                .is_symlink());
            if !listed {
                fs::remove_file(staging.join(CACHE)).unwrap();
            }
            build_texts(root, &out, &site("three"));
            assert!(
                fs::symlink_metadata(out.join("a/1")).unwrap().is_dir(),
                "listed: {listed}"
            );
            assert_eq!(
                fs::read_to_string(out.join("a/1/index.html")).unwrap(),
                "three"
            );
            assert_eq!(
                fs::read_to_string(outside.join("index.html")).unwrap(),
                "outside's own",
                "listed: {listed}"
            );
            assert_eq!(fs::read_dir(&outside).unwrap().count(), 1);
        }
    }
}
