//! Watching the site's sources: `content/`, `templates/`, `static/` (each
//! recursively) and `site.toml`, by the system's file events or, with
//! `--poll`, by looking at the files every few hundred milliseconds (network
//! drives, WSL's /mnt/c, container bind mounts and shared folders send no
//! events).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Sender};
use std::time::{Duration, Instant, SystemTime};

use notify::event::{AccessKind, EventKind, MetadataKind, ModifyKind};
use notify::{RecommendedWatcher, RecursiveMode, Watcher as _};

use super::Msg;

/// The folders watched recursively.
const FOLDERS: [&str; 3] = ["content", "templates", "static"];
/// How often `--poll` looks at the files (longer when one look takes long).
const POLL: Duration = Duration::from_millis(400);

enum Inner {
    Events {
        watcher: RecommendedWatcher,
        watched: Vec<&'static str>,
    },
    /// The polling thread stops when this sender is dropped.
    Poll(#[allow(dead_code)] Sender<()>),
}

/// The watcher of one site; it watches until dropped.
pub struct Watcher {
    inner: Inner,
    root: PathBuf,
}

impl Watcher {
    /// Starts watching `root` (an absolute path), sending the relevant
    /// changed paths of each event to `tx`; `ignore` is the preview's own
    /// output. Events are not debounced here: the rebuild loop gathers those
    /// that come close together.
    pub fn start(
        root: &Path,
        ignore: &Path,
        poll: bool,
        tx: Sender<Msg>,
    ) -> notify::Result<Watcher> {
        if poll {
            return Ok(Watcher {
                inner: Inner::Poll(start_polling(root, ignore, tx)),
                root: root.to_path_buf(),
            });
        }
        let (root_c, ignore) = (root.to_path_buf(), ignore.to_path_buf());
        let handler = move |result: notify::Result<notify::Event>| {
            let paths: Vec<PathBuf> = match result {
                // Reading a file is no change: the build itself opens every
                // source, and would rebuild for ever.
                Ok(event) if !changes(&event.kind) => return,
                Ok(event) => event
                    .paths
                    .into_iter()
                    .filter(|p| relevant(&root_c, &ignore, p))
                    .collect(),
                // An error of the watcher (a folder gone, a queue overflow)
                // is one more reason to rebuild everything.
                Err(_) => vec![root_c.join("site.toml")],
            };
            if !paths.is_empty() {
                let _ = tx.send(Msg::Changed(paths));
            }
        };
        let mut watcher = RecommendedWatcher::new(handler, notify::Config::default())?;
        // The root itself, not recursively: site.toml, and the folders when
        // they are made later. Never recursively, as the site's public/ can
        // hold a hundred thousand folders.
        watcher.watch(root, RecursiveMode::NonRecursive)?;
        let mut watcher = Watcher {
            inner: Inner::Events {
                watcher,
                watched: Vec::new(),
            },
            root: root.to_path_buf(),
        };
        watcher.watch_new_folders();
        Ok(watcher)
    }

    /// Watches each of the source folders that exists and is not yet watched
    /// (a site may gain `static/` while being previewed). Polling looks at
    /// whatever is there each time.
    pub fn watch_new_folders(&mut self) {
        let Inner::Events { watcher, watched } = &mut self.inner else {
            return;
        };
        // A folder removed and made again needs watching again.
        let root = &self.root;
        watched.retain(|name| root.join(name).is_dir());
        for name in FOLDERS {
            let dir = root.join(name);
            if !watched.contains(&name)
                && dir.is_dir()
                && watcher.watch(&dir, RecursiveMode::Recursive).is_ok()
            {
                watched.push(name);
            }
        }
    }
}

/// What polling compares: a file's modification time to the nanosecond and
/// its size. (notify's PollWatcher compares whole seconds, and so misses a
/// second save within the same second.)
type Stamp = (Option<SystemTime>, u64);

/// Looks at the sources every [`POLL`] on a thread of its own, sending the
/// paths that appeared, went or changed; stops when the returned sender is
/// dropped.
fn start_polling(root: &Path, ignore: &Path, tx: Sender<Msg>) -> Sender<()> {
    let (stop, stopped) = mpsc::channel::<()>();
    let (root, ignore) = (root.to_path_buf(), ignore.to_path_buf());
    // The first look before returning: a save made just after is a change.
    let mut before = look(&root, &ignore);
    std::thread::spawn(move || {
        loop {
            let start = Instant::now();
            let now = look(&root, &ignore);
            let mut changed: Vec<PathBuf> = now
                .iter()
                .filter(|&(p, stamp)| before.get(p) != Some(stamp))
                .map(|(p, _)| p.clone())
                .collect();
            changed.extend(before.keys().filter(|p| !now.contains_key(*p)).cloned());
            before = now;
            if !changed.is_empty() && tx.send(Msg::Changed(changed)).is_err() {
                return;
            }
            // A site so large that one look takes long is looked at less
            // often, so that polling never takes most of a core.
            let wait = POLL.max(start.elapsed() * 2);
            if !matches!(
                stopped.recv_timeout(wait),
                Err(mpsc::RecvTimeoutError::Timeout)
            ) {
                return;
            }
        }
    });
    stop
}

/// The stamp of site.toml and of every file and folder in the source folders.
fn look(root: &Path, ignore: &Path) -> BTreeMap<PathBuf, Stamp> {
    let mut out = BTreeMap::new();
    let toml = root.join("site.toml");
    let mut add = |path: PathBuf, meta: std::fs::Metadata| {
        if relevant(root, ignore, &path) {
            let size = if meta.is_dir() { 0 } else { meta.len() };
            out.insert(path, (meta.modified().ok(), size));
        }
    };
    if let Ok(meta) = std::fs::metadata(&toml) {
        add(toml, meta);
    }
    for name in FOLDERS {
        for entry in walkdir::WalkDir::new(root.join(name)).into_iter().flatten() {
            if let Ok(meta) = entry.metadata() {
                add(entry.into_path(), meta);
            }
        }
    }
    out
}

/// Whether an event can mean new content: anything but opening, reading or
/// closing a file, or its access time.
fn changes(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(notify::event::AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime)) => false,
        _ => true,
    }
}

/// Whether a change at `path` can change the site: `site.toml`, or anything
/// in the source folders but an editor's temporary and backup files.
pub fn relevant(root: &Path, ignore: &Path, path: &Path) -> bool {
    if path.starts_with(ignore) {
        return false;
    }
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    let mut parts = rel.components();
    let Some(first) = parts.next() else {
        return false;
    };
    let first = first.as_os_str();
    if first == "site.toml" {
        return parts.next().is_none();
    }
    if !FOLDERS.iter().any(|f| first == *f) {
        return false;
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    !editor_temporary(&name)
}

/// Files editors write beside the one being saved: Vim's swap files, backups
/// and its `4913` write test, Emacs's lock and autosave files, LibreOffice's
/// locks, and temporary files.
fn editor_temporary(name: &str) -> bool {
    name == "4913"
        || name.ends_with('~')
        || name.starts_with(".#")
        || name.starts_with(".~lock.")
        || (name.starts_with('#') && name.ends_with('#'))
        || [".swp", ".swx", ".swo", ".tmp", ".bak"]
            .iter()
            .any(|ext| name.ends_with(ext))
        || name == ".DS_Store"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_count_and_editor_files_do_not() {
        let root = Path::new("/site");
        let out = Path::new("/tmp/plansite-serve-x");
        let yes = [
            "site.toml",
            "content/a/b/01.md",
            "templates/base.html",
            "static/x.css",
            "content",
        ];
        for p in yes {
            assert!(relevant(root, out, &root.join(p)), "{p}");
        }
        let no = [
            "public/index.html",
            "site.toml~",
            "content/a/.01.md.swp",
            "content/a/01.md~",
            "content/a/.#01.md",
            "content/a/4913",
            "templates/x.tmp",
            "README.md",
        ];
        for p in no {
            assert!(!relevant(root, out, &root.join(p)), "{p}");
        }
        assert!(!relevant(root, out, &out.join("site/index.html")));
    }
}
