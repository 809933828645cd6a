//! Rebuilding a site after its files change, for `serve`: the same pipeline
//! as `build` (load → validate → assess → render → write), kept between
//! rebuilds so that a change renders only the pages it affects.

use std::path::{Path, PathBuf};
use std::sync::RwLock;

use crate::Outcome;

/// A site being previewed: its source folder, the folder its pages are
/// written into, and what the last build knew.
pub struct Session {
    root: PathBuf,
    out: PathBuf,
}

impl Session {
    /// A session building `root` into `out` (a folder of the preview's own,
    /// never the site's `public/`).
    pub fn new(root: &Path, out: &Path) -> Session {
        Session {
            root: root.to_path_buf(),
            out: out.to_path_buf(),
        }
    }

    /// Rebuilds after `changed` (paths as the watcher reports them; empty:
    /// everything) and puts the new pages in place. On an error nothing in
    /// `out` changes, so the last good site stays served. Whatever is written
    /// into `out` in place is written while holding `gate` for writing, so a
    /// reader holding it for reading never sees half of a change.
    pub fn rebuild(&mut self, changed: &[PathBuf], gate: &RwLock<()>) -> Outcome {
        // Every build is whole for now: it is swapped in atomically, which
        // needs no gate.
        let _ = (changed, gate);
        crate::build(&self.root, &self.out)
    }
}
