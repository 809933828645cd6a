//! Write: the output directory is built beside the old one and swapped in
//! whole, so a failed build leaves the previous site untouched. Nothing
//! outside the output directory is ever deleted.

mod cache;
pub(crate) mod direct;
mod error;
mod lock;
mod place;
mod stale;
mod stream;
mod swap;

use std::collections::{HashMap, HashSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::time::SystemTime;

use crate::diagnostics::Text;
use crate::tr;
use cache::Made;
pub use cache::CACHE;
pub use lock::Lock;
pub use stream::Streamed;
use swap::{exchange, remove_tree};

/// A file inside every output directory, so that plansite only ever replaces
/// a directory it made itself.
pub const MARKER: &str = ".plansite-output";
const MARKER_TEXT: &str =
    "This directory is written by plansite and replaced whole on every build.\n";

/// Staging and lock inside an output that is a mount point (see [`Target`]).
const STAGING_INSIDE: &str = ".plansite-next";
const LOCK_INSIDE: &str = ".plansite-lock";

/// Names at the top of an output that are plansite's own, not the site's.
pub const RESERVED: [&str; 4] = [MARKER, CACHE, STAGING_INSIDE, LOCK_INSIDE];

pub use error::said;
pub(crate) use error::{at, doing};

/// What each file of the output `out` was made from, as its cache records:
/// every file the last build wrote, with the key of each page.
pub fn made_from(out: &Path) -> HashMap<String, Option<u64>> {
    cache::read(out)
        .made
        .into_iter()
        .map(|(path, made)| (path, made.key))
        .collect()
}

/// Where a build writes: the final directory and its staging sibling.
///
/// The staging sibling is kept after a build, holding the build before: the
/// next build brings it up to date in place (files whose bytes did not
/// change are hard links to the live ones, folders already exist) and swaps
/// it in again. A rebuild then creates no folders and allocates inodes only
/// for changed files; creating and deleting a whole tree per build is what
/// made rebuilds slow on ext4 (docs/performance.md).
///
/// An output that is a mount point (a Docker volume, an NFS share) cannot be
/// renamed. Its staging folder is then `.plansite-next` inside it, each
/// top-level entry is swapped in on its own, and the staging folder, which
/// holds the previous site afterwards, is removed so that it is not served.
///
/// A build holds the output's [`Lock`] from before it reads the previous
/// cache until the target is dropped.
#[derive(Debug)]
pub struct Target {
    pub out: PathBuf,
    /// Where items parsed by a build are remembered for the next (see
    /// `content::memo`); `None` for an output that is a mount point.
    parsed: Option<PathBuf>,
    /// Whether the output held a build when this one began.
    held_build: bool,
    staging: PathBuf,
    old: PathBuf,
    mounted: bool,
    /// Whether staging held an earlier build, so stale files must be removed.
    reused: std::sync::atomic::AtomicBool,
    /// What staging's own cache listed when this build began (see `stale`).
    staging_listing: std::sync::OnceLock<cache::Listing>,
    /// Every path written by this build, relative to the output.
    written: std::sync::Mutex<HashSet<String>>,
    /// What the live output's files were made from (see [`CACHE`]).
    previous: HashMap<String, Made>,
    /// When the live output's cache was written, after all of its files.
    previous_time: Option<SystemTime>,
    /// What the live output's groups of pages were made from (see [`CACHE`]).
    previous_inputs: HashMap<String, u64>,
    /// The same, for this build's files.
    made: std::sync::Mutex<Vec<(String, Made)>>,
    /// The same, for this build's groups of pages.
    inputs: std::sync::Mutex<Vec<(String, u64)>>,
    _lock: Lock,
}

impl Target {
    /// Checks that `out` is a place plansite may replace whole and takes its
    /// lock, waiting while another build writes there (`waiting` is told
    /// once, with that build's process id).
    pub fn new(root: &Path, out: &Path, waiting: &dyn Fn(Option<u32>)) -> Result<Target, Text> {
        let place = place::check(root, out)?;
        let parent = place.out.parent().unwrap_or(Path::new("/")).to_path_buf();
        let name = place
            .out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let lock_path = if place.mounted {
            place.out.join(LOCK_INSIDE)
        } else {
            parent.join(format!(".{name}.plansite-lock"))
        };
        let lock = Lock::take(&lock_path, waiting).map_err(|e| said(&e))?;
        // The build we waited for may have changed what is there.
        let place = place::check(root, out)?;
        let held_build = place.out.join(MARKER).is_file();
        let previous = if held_build {
            cache::read(&place.out)
        } else {
            cache::Previous::default()
        };
        // Inside a mount point it would be published with the site.
        let parsed = (!place.mounted).then(|| parent.join(format!(".{name}.plansite-parsed")));
        let staging = if place.mounted {
            place.out.join(STAGING_INSIDE)
        } else {
            parent.join(format!(".{name}.plansite-next"))
        };
        Ok(Target {
            parsed,
            held_build,
            staging,
            old: parent.join(format!(".{name}.plansite-old")),
            mounted: place.mounted,
            reused: false.into(),
            staging_listing: Default::default(),
            written: Default::default(),
            previous: previous.made,
            previous_time: previous.time,
            previous_inputs: previous.inputs,
            made: Default::default(),
            inputs: Default::default(),
            out: place.out,
            _lock: lock,
        })
    }

    /// The folder where parsed items are remembered, and whether this build
    /// may write it: only a rebuild does, so that a fresh build (a deploy
    /// pipeline's) writes nothing but the site.
    pub fn parsed_items(&self) -> Option<(&Path, bool)> {
        self.parsed.as_deref().map(|dir| (dir, self.held_build))
    }

    /// Prepares the staging directory: the one kept from the build before
    /// when there is one, else a new one. Anything in the way that plansite
    /// did not make (it has no marker) is an error, never deleted.
    pub fn begin(&self) -> io::Result<&Path> {
        let foreign = |p: &Path| {
            let p = p.display();
            error::error(
                io::ErrorKind::Other,
                tr!(
                    "{p} が邪魔になっていますが、plansite が作ったものではありません。ご自分で削除してください",
                    "{p} is in the way and was not made by plansite; remove it yourself"
                ),
            )
        };
        if self.old.exists() {
            if !self.old.join(MARKER).is_file() {
                return Err(foreign(&self.old));
            }
            remove_tree(&self.old).map_err(|e| at(e, doing::REMOVE, &self.old))?;
        }
        if self.staging.exists() {
            if !self.staging.join(MARKER).is_file() {
                return Err(foreign(&self.staging));
            }
            self.reused.store(true, Ordering::Relaxed);
            // Staging inside a mounted output is made afresh each time; one
            // found there is a swap cut short, whose cache lists another tree.
            if let Some(listing) = cache::listing(&self.staging)
                .filter(|_| !self.mounted && stale::folders_show_changes(&self.staging))
            {
                let _ = self.staging_listing.set(listing);
            }
            stale::clean(&self.staging, self.staging_listing.get())
                .map_err(|e| at(e, doing::REMOVE_OLD_FILES, &self.staging))?;
        } else {
            fs::create_dir_all(&self.staging)
                .map_err(|e| at(e, doing::CREATE_STAGING, &self.staging))?;
            let marker = self.staging.join(MARKER);
            fs::write(&marker, MARKER_TEXT).map_err(|e| at(e, doing::WRITE, &marker))?;
        }
        Ok(&self.staging)
    }

    /// The folder this build writes into, swapped in by [`Target::commit`]:
    /// complete once every file is written, so it can be read from disk as
    /// the site it will be (`build --pdf` prints the plans from there).
    pub fn staging(&self) -> &Path {
        &self.staging
    }

    /// After a failed build: removes the staging directory if this build
    /// made it; one kept from an earlier build stays (the next build brings
    /// it up to date whatever state it is in), so the folder looks as before.
    /// Inside a mounted output it is always removed: it would be served.
    pub fn abandon(&self) {
        let ours = !self.reused.load(Ordering::Relaxed) || self.mounted;
        if ours && self.staging.join(MARKER).is_file() {
            let _ = remove_tree(&self.staging);
        }
    }

    /// Swaps the finished staging directory in for the output directory, in
    /// one step where the system can exchange two folders (Linux), and keeps
    /// the previous output as the staging directory of the next build.
    pub fn commit(&self) -> io::Result<()> {
        let made = std::mem::take(&mut *self.made.lock().unwrap_or_else(|e| e.into_inner()));
        let inputs = std::mem::take(&mut *self.inputs.lock().unwrap_or_else(|e| e.into_inner()));
        let text = cache::text(made, inputs);
        if self.reused.load(Ordering::Relaxed) {
            let written = self.written.lock().unwrap_or_else(|e| e.into_inner());
            stale::remove(&self.staging, &written, self.staging_listing.get())
                .map_err(|e| at(e, doing::REMOVE_OLD_FILES, &self.staging))?;
        }
        // Written last and at once after the stale files are removed: it is
        // younger than every file it describes, and the tree holds no
        // others (what `stale` relies on).
        self.put(CACHE, text.as_bytes(), None)?;
        if self.mounted {
            // The marker stays where it is, so it is not swapped; a first
            // build into an empty volume puts it there.
            let marker = self.out.join(MARKER);
            if !marker.is_file() {
                fs::write(&marker, MARKER_TEXT).map_err(|e| at(e, doing::WRITE, &marker))?;
            }
            swap::entries(
                &self.staging,
                &self.out,
                &[MARKER, STAGING_INSIDE, LOCK_INSIDE],
                CACHE,
            )?;
            return remove_tree(&self.staging)
                .map_err(|e| at(e, doing::REMOVE_PREVIOUS, &self.staging));
        }
        let into = |e| at(e, doing::MOVE_IN, &self.out);
        if !self.out.exists() {
            return fs::rename(&self.staging, &self.out).map_err(into);
        }
        match exchange(&self.staging, &self.out) {
            Ok(()) => {}
            Err(_) => {
                fs::rename(&self.out, &self.old).map_err(into)?;
                if let Err(e) = fs::rename(&self.staging, &self.out) {
                    // Put the previous site back; the build's output stays in staging for inspection.
                    let _ = fs::rename(&self.old, &self.out);
                    return Err(into(e));
                }
                if fs::rename(&self.old, &self.staging).is_err() {
                    remove_tree(&self.old).map_err(|e| at(e, doing::REMOVE, &self.old))?;
                }
            }
        }
        // The previous output was an empty folder of the user's: nothing to keep.
        if self.staging.exists() && !self.staging.join(MARKER).is_file() {
            let _ = fs::remove_dir(&self.staging);
        }
        Ok(())
    }
}

impl Target {
    /// Whether the live file of metadata `live` is as the previous build
    /// left it, judged as `rsync` does by default: its size is the one
    /// recorded and it was last modified before the cache was written. A
    /// file edited by hand and then given back its old size and time is
    /// taken as intact; anything else is read and compared.
    fn unmodified(&self, m: &Made, live: &fs::Metadata) -> bool {
        live.is_file()
            && live.len() == m.len
            // Strictly before: file times are coarse (a few milliseconds),
            // and a file changed in the tick the cache was written is read.
            && self
                .previous_time
                .zip(live.modified().ok())
                .is_some_and(|(cache, file)| file < cache)
    }

    /// Puts the live page `rel` into the new site unchanged when it was made
    /// from `key` and is intact; false when the page must be made anew.
    pub fn keep(&self, rel: &str, key: u64) -> io::Result<bool> {
        match self.previous.get(rel) {
            Some(m) if m.key == Some(key) => self.keep_recorded(rel, m),
            _ => Ok(false),
        }
    }

    /// Puts the live file `rel` into the new site unchanged when the
    /// previous build recorded it and it is intact, whatever it was made
    /// from: for pages whose inputs are known unchanged (see
    /// [`Target::inputs_were`]).
    pub fn keep_as_made(&self, rel: &str) -> io::Result<bool> {
        match self.previous.get(rel) {
            Some(m) => self.keep_recorded(rel, m),
            None => Ok(false),
        }
    }

    fn keep_recorded(&self, rel: &str, m: &Made) -> io::Result<bool> {
        let old = self.out.join(rel);
        let Ok(live) = fs::symlink_metadata(&old) else {
            return Ok(false);
        };
        let intact = self.unmodified(m, &live)
            || (live.is_file()
                && read_len(&old, m.len as usize)
                    .is_ok_and(|b| xxhash_rust::xxh3::xxh3_64(&b) == m.hash));
        if !intact {
            return Ok(false);
        }
        self.record(rel, *m);
        let (new, here) = self.prepare(rel)?;
        self.share_live(&old, &new, here.as_ref(), &live)?;
        Ok(true)
    }

    /// Whether the previous build recorded the group of pages `name` as
    /// made from inputs hashing to `key`.
    pub fn inputs_were(&self, name: &str, key: u64) -> bool {
        self.previous_inputs.get(name) == Some(&key)
    }

    /// What the previous build recorded the group of pages `name` as made from.
    pub fn inputs_recorded(&self, name: &str) -> Option<u64> {
        self.previous_inputs.get(name).copied()
    }

    /// Records for the next build that this one made the group of pages
    /// `name` from inputs hashing to `key`.
    pub fn record_inputs(&self, name: &str, key: u64) {
        self.inputs
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((name.to_string(), key));
    }

    /// Whether the previous build recorded `rel` with a key.
    pub fn was_made_from_any(&self, rel: &str) -> bool {
        self.previous.get(rel).is_some_and(|m| m.key.is_some())
    }

    /// Whether the previous build recorded `rel` as made from `key`.
    pub fn was_made_from(&self, rel: &str, key: u64) -> bool {
        self.previous.get(rel).is_some_and(|m| m.key == Some(key))
    }

    /// Writes a page made from `key` and records it in the cache.
    pub fn write_page(&self, rel: &str, bytes: &[u8], key: u64) -> io::Result<()> {
        self.put(rel, bytes, Some(key))
    }

    /// Writes a file of the new site. When the previous output holds the same
    /// bytes at the same path, the new site shares that file (a hard link):
    /// it keeps its modification time, so `rsync` or an object-store sync
    /// uploads only what changed, and nothing is written twice. A file shared
    /// with the live site is never written through; a changed one is replaced.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        self.put(rel, bytes, None)
    }

    fn put(&self, rel: &str, bytes: &[u8], key: Option<u64>) -> io::Result<()> {
        let made = Made {
            key,
            hash: xxhash_rust::xxh3::xxh3_64(bytes),
            len: bytes.len() as u64,
        };
        if rel != CACHE {
            self.record(rel, made);
        }
        let (new, here) = self.prepare(rel)?;
        let old = self.out.join(rel);
        if let Ok(live) = fs::symlink_metadata(&old) {
            let same_bytes = || read_len(&old, bytes.len()).is_ok_and(|b| b == bytes);
            if self.live_holds(rel, &made, &live, same_bytes) {
                return self.share_live(&old, &new, here.as_ref(), &live);
            }
        }
        match here {
            // Staging's own file, shared with nothing: rewritten in place.
            Some(h) if h.is_file() && links(&h) == Some(1) => {}
            Some(h) => remove(&new, &h).map_err(|e| at(e, doing::REPLACE, &new))?,
            None => {}
        }
        direct::write(&new, bytes).map_err(|e| at(e, doing::WRITE, &new))
    }

    /// Whether the live file `rel` (its metadata `live`) holds what `made`
    /// describes: the previous build's record answers while the file is as
    /// that build left it; otherwise `same_bytes` compares the bytes.
    fn live_holds(
        &self,
        rel: &str,
        made: &Made,
        live: &fs::Metadata,
        same_bytes: impl FnOnce() -> bool,
    ) -> bool {
        match self.previous.get(rel) {
            Some(m) if self.unmodified(m, live) => m.hash == made.hash && m.len == made.len,
            _ => live.is_file() && live.len() == made.len && same_bytes(),
        }
    }

    fn record(&self, rel: &str, made: Made) {
        self.made
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((rel.to_string(), made));
    }

    /// The staging path of `rel` and what is there now, its folder made, the
    /// path noted as written.
    fn prepare(&self, rel: &str) -> io::Result<(PathBuf, Option<fs::Metadata>)> {
        let new = self.staging.join(rel);
        // Whatever is at the path shows its folder exists: one lookup
        // instead of two for the pages of a rebuild.
        let here = fs::symlink_metadata(&new).ok();
        if here.is_none() {
            if let Some(parent) = new.parent() {
                make_folder(&self.staging, parent)
                    .map_err(|e| at(e, doing::CREATE_FOLDER, parent))?;
            }
        }
        self.written
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(rel.to_string());
        Ok((new, here))
    }

    /// Makes staging's `new` (with metadata `here`) the live file `old`
    /// (with metadata `live`): a hard link, unless it already is one.
    fn share_live(
        &self,
        old: &Path,
        new: &Path,
        here: Option<&fs::Metadata>,
        live: &fs::Metadata,
    ) -> io::Result<()> {
        if here.is_some_and(|h| same_file(h, live)) {
            return Ok(());
        }
        if let Some(h) = here {
            remove(new, h).map_err(|e| at(e, doing::REPLACE, new))?;
        }
        if fs::hard_link(old, new).is_ok() {
            return Ok(());
        }
        // A file system without hard links: a copy, with a time of its own.
        fs::copy(old, new)
            .map(|_| ())
            .map_err(|e| at(e, doing::WRITE, new))
    }
}

/// The file's bytes when its length is known: `fs::read` would ask the
/// file system for the length again, and this is done for every page.
fn read_len(path: &Path, len: usize) -> io::Result<Vec<u8>> {
    use std::io::Read;
    let mut file = fs::File::open(path)?;
    let mut bytes = vec![0; len];
    file.read_exact(&mut bytes)?;
    // Grown since it was measured: not the bytes compared with.
    if file.read(&mut [0])? != 0 {
        return Err(error::error(
            io::ErrorKind::Other,
            tr!(
                "読み込んでいる間にファイルが変わりました",
                "the file changed while it was read"
            ),
        ));
    }
    Ok(bytes)
}

/// Creates `dir` inside `staging`, replacing files an earlier build left
/// where this build needs a folder.
fn make_folder(staging: &Path, dir: &Path) -> io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    if let Ok(rel) = dir.strip_prefix(staging) {
        let mut at = staging.to_path_buf();
        for part in rel.components() {
            at.push(part);
            if fs::symlink_metadata(&at).is_ok_and(|m| !m.is_dir()) {
                fs::remove_file(&at)?;
            }
        }
    }
    fs::create_dir_all(dir)
}

fn remove(path: &Path, meta: &fs::Metadata) -> io::Result<()> {
    if meta.is_dir() {
        fs::remove_dir_all(path)
    } else {
        fs::remove_file(path)
    }
}

#[cfg(unix)]
fn same_file(a: &fs::Metadata, b: &fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev() && a.ino() == b.ino()
}

#[cfg(not(unix))]
fn same_file(_: &fs::Metadata, _: &fs::Metadata) -> bool {
    false
}

#[cfg(unix)]
fn links(m: &fs::Metadata) -> Option<u64> {
    use std::os::unix::fs::MetadataExt;
    Some(m.nlink())
}

#[cfg(not(unix))]
fn links(_: &fs::Metadata) -> Option<u64> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One build of `pages` (path, text) into `out`.
    fn build(root: &Path, out: &Path, pages: &[(&str, &str)]) {
        let t = Target::new(root, out, &|_| {}).unwrap();
        t.begin().unwrap();
        for (rel, text) in pages {
            t.write(rel, text.as_bytes()).unwrap();
        }
        t.commit().unwrap();
    }

    #[test]
    fn unchanged_files_keep_their_modification_time() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let build = |pages: &[(&str, &str)]| build(tmp.path(), &out, pages);
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
    fn swap_replaces_old_output_whole_and_keeps_it_for_the_next_build() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let build = |pages: &[(&str, &str)]| build(tmp.path(), &out, pages);
        let names = || {
            let mut n: Vec<_> = fs::read_dir(tmp.path())
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            n.sort();
            n
        };
        let files = || {
            let mut f: Vec<_> = walkdir::WalkDir::new(&out)
                .min_depth(1)
                .into_iter()
                .map(|e| {
                    let e = e.unwrap();
                    e.path().strip_prefix(&out).unwrap().display().to_string()
                })
                .collect();
            f.sort();
            f
        };
        build(&[("a/index.html", "one"), ("keep.html", "k")]);
        assert_eq!(names(), ["public"]);
        build(&[
            ("b/index.html", "two"),
            ("keep.html", "k"),
            ("a", "a file now"),
        ]);
        assert_eq!(names(), [".public.plansite-next", "public"]);
        assert_eq!(
            files(),
            [CACHE, MARKER, "a", "b", "b/index.html", "keep.html"]
        );
        assert_eq!(fs::read(out.join("a")).unwrap(), b"a file now");
        // The third build starts from the first one's tree, kept as staging:
        // stale files go, and the file `a` gives way to a folder.
        build(&[("a/index.html", "three"), ("keep.html", "k")]);
        assert_eq!(files(), [CACHE, MARKER, "a", "a/index.html", "keep.html"]);
        assert_eq!(fs::read(out.join("a/index.html")).unwrap(), b"three");
    }

    #[cfg(unix)]
    #[test]
    fn never_writes_through_a_file_shared_with_the_live_site() {
        use std::os::unix::fs::MetadataExt;
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let build = |text: &str| {
            let t = Target::new(tmp.path(), &out, &|_| {}).unwrap();
            t.begin().unwrap();
            t.write("p.html", text.as_bytes()).unwrap();
            t.commit().unwrap();
        };
        build("same");
        build("same");
        // Both trees share the one file now.
        let ino = |p: &Path| fs::metadata(p).unwrap().ino();
        let spare = tmp.path().join(".public.plansite-next/p.html");
        assert_eq!(ino(&spare), ino(&out.join("p.html")));
        // A build that changes the page and then fails leaves the live copy alone.
        let t = Target::new(tmp.path(), &out, &|_| {}).unwrap();
        t.begin().unwrap();
        t.write("p.html", b"changed").unwrap();
        assert_eq!(fs::read(out.join("p.html")).unwrap(), b"same");
        t.abandon();
        drop(t);
        assert_eq!(fs::read(out.join("p.html")).unwrap(), b"same");
        build("changed");
        assert_eq!(fs::read(out.join("p.html")).unwrap(), b"changed");
    }

    #[test]
    fn a_page_is_kept_only_with_the_same_key_and_an_intact_file() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let t = Target::new(tmp.path(), &out, &|_| {}).unwrap();
        t.begin().unwrap();
        t.write_page("p.html", b"minified", 7).unwrap();
        t.commit().unwrap();
        drop(t);
        let kept = |rel: &str, key: u64| {
            let t = Target::new(tmp.path(), &out, &|_| {}).unwrap();
            t.begin().unwrap();
            let kept = t.keep(rel, key).unwrap();
            t.abandon();
            kept
        };
        assert!(kept("p.html", 7));
        assert!(!kept("p.html", 8), "another key");
        assert!(!kept("q.html", 7), "another page");
        let written = fs::metadata(out.join("p.html"))
            .unwrap()
            .modified()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        fs::write(out.join("p.html"), b"edited!!").unwrap();
        assert!(
            !kept("p.html", 7),
            "a file changed by hand, of the same size"
        );
        // The quick check, as rsync's: same size and time, taken as intact.
        let file = fs::File::options()
            .write(true)
            .open(out.join("p.html"))
            .unwrap();
        file.set_modified(written).unwrap();
        drop(file);
        assert!(kept("p.html", 7), "size and time as recorded");
        fs::write(out.join("p.html"), b"edited").unwrap();
        fs::File::options()
            .write(true)
            .open(out.join("p.html"))
            .unwrap()
            .set_modified(written)
            .unwrap();
        assert!(!kept("p.html", 7), "another size");
    }

    #[test]
    fn a_file_changed_by_hand_is_replaced_even_with_its_size_unchanged() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        build(tmp.path(), &out, &[("p.html", "same")]);
        std::thread::sleep(std::time::Duration::from_millis(20));
        fs::write(out.join("p.html"), b"SAME").unwrap();
        build(tmp.path(), &out, &[("p.html", "same")]);
        assert_eq!(fs::read(out.join("p.html")).unwrap(), b"same");
    }
}
