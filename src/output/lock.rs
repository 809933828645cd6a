//! One build at a time per output folder.
//!
//! Two builds into one output would each swap in a site made partly of the
//! other's files. A build holds an exclusive lock on a file beside the
//! output (`.public.plansite-lock` for `public/`) from before it reads the
//! previous build's cache until its site is in place; a second build waits
//! for it. The lock is the operating system's (`flock`), so a build that is
//! killed releases it; the file itself is removed when the build ends.

use std::fs::{self, File, OpenOptions, TryLockError};
use std::io::{self, Read, Seek, Write};
use std::path::{Path, PathBuf};

/// The lock on an output folder, released (and its file removed) on drop.
#[derive(Debug)]
pub struct Lock {
    file: File,
    path: PathBuf,
}

impl Lock {
    /// Takes the lock at `path`, waiting while another process holds it;
    /// `waiting` is told once, with the other process's id when known.
    pub fn take(path: &Path, waiting: &dyn Fn(Option<u32>)) -> io::Result<Lock> {
        let mut told = false;
        loop {
            let mut file = OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(path)
                .map_err(|e| super::at(e, super::doing::CREATE_LOCK, path))?;
            match file.try_lock() {
                Ok(()) => {}
                Err(TryLockError::WouldBlock) => {
                    if !told {
                        waiting(holder(&mut file));
                        told = true;
                    }
                    file.lock()
                        .map_err(|e| super::at(e, super::doing::LOCK, path))?;
                }
                Err(TryLockError::Error(e)) => return Err(super::at(e, super::doing::LOCK, path)),
            }
            // The build before may have removed the file between our open
            // and our lock: a lock on a file nobody else can open locks
            // nothing, so start again with the file now at the path.
            if same_file(&file, path) {
                file.set_len(0)?;
                file.rewind()?;
                write!(file, "{}", std::process::id())?;
                return Ok(Lock {
                    file,
                    path: path.to_path_buf(),
                });
            }
        }
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Removed while still held, so that no one locks the old file after
        // it is gone from the path (see `take`).
        let _ = fs::remove_file(&self.path);
        let _ = self.file.unlock();
    }
}

/// The process id the holder wrote into the lock file.
fn holder(file: &mut File) -> Option<u32> {
    let mut text = String::new();
    file.read_to_string(&mut text).ok()?;
    text.trim().parse().ok()
}

#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_: &File, path: &Path) -> bool {
    path.exists()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    #[test]
    fn a_second_taker_waits_and_is_told_who_holds_the_lock() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".public.plansite-lock");
        let first = Lock::take(&path, &|_| panic!("nobody holds it yet")).unwrap();
        let told = Arc::new(Mutex::new(None));
        let order = Arc::new(Mutex::new(Vec::new()));
        let second = {
            let (path, told, order) = (path.clone(), told.clone(), order.clone());
            std::thread::spawn(move || {
                let lock = Lock::take(&path, &|pid| *told.lock().unwrap() = Some(pid)).unwrap();
                order.lock().unwrap().push("second");
                drop(lock);
            })
        };
        // The second taker can only be told while the first holds the lock.
        while told.lock().unwrap().is_none() {
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        assert_eq!(*told.lock().unwrap(), Some(Some(std::process::id())));
        order.lock().unwrap().push("first");
        drop(first);
        second.join().unwrap();
        assert_eq!(*order.lock().unwrap(), ["first", "second"]);
        assert!(!path.exists(), "the lock file is removed at the end");
    }
}
