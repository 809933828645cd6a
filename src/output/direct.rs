//! Large files of the new site written past the page cache (Linux
//! `O_DIRECT`), smaller ones as usual.
//!
//! A buffered write copies every byte into a page of the page cache that
//! the kernel must first find and clear, and on a virtual machine (a city's
//! deploy pipeline, this project's CI) a page the guest has not touched
//! lately costs far more than the copy: writing 680 MB as 800 files of
//! 850 KB took 4.9–5.6 s of system time here, the same files written
//! directly 0.35–0.42 s. (Where the kernel recycles pages of files written
//! moments before, buffered writes cost about the same as direct ones.)
//! Under 32 KB the direct write's wait for the device costs more than it
//! saves, so only files of [`DIRECT_MIN`] or more
//! (print views, data files, plan pages, the site's CSV files, the build's
//! cache) go past the cache. docs/performance.md, change 35.
//!
//! `O_DIRECT` wants the memory, the offset and the length of every write
//! aligned to the device's block; the bytes are copied into an aligned
//! buffer a piece at a time, and the last piece, shorter than a block, is
//! written after the flag is cleared. A file system that refuses `O_DIRECT`
//! (tmpfs before Linux 6.6, some network and FUSE file systems) is written
//! as usual, as is every file on systems other than Linux.

use std::fs::File;
use std::io::{self, Write};
use std::path::Path;

/// Files of at least this many bytes are written past the page cache.
pub const DIRECT_MIN: usize = 64 * 1024;

/// The alignment `O_DIRECT` needs: a device's logical block is 512 or 4,096
/// bytes, and 4,096 suits both.
const ALIGN: usize = 4096;

/// Bytes handed to the device per write.
const PIECE: usize = 1 << 20;

/// Writes `bytes` as the whole content of the file `path` (made or
/// truncated), as `std::fs::write` does.
pub fn write(path: &Path, bytes: &[u8]) -> io::Result<()> {
    if bytes.len() < DIRECT_MIN {
        return std::fs::write(path, bytes);
    }
    let mut writer = Writer::create(path)?;
    writer.write_all(bytes)?;
    writer.finish()
}

/// A file being written a piece at a time, past the page cache where the
/// system allows it; [`Writer::finish`] writes what is left. Dropped
/// without `finish`, the file may miss its last bytes.
pub struct Writer {
    file: File,
    /// Holds [`PIECE`] bytes from an offset aligned to [`ALIGN`].
    buf: Vec<u8>,
    /// Where the aligned part of `buf` starts.
    start: usize,
    /// Bytes waiting in the aligned part.
    held: usize,
    /// Whether the file is open with `O_DIRECT`.
    direct: bool,
}

impl Writer {
    /// Makes (or truncates) the file `path`.
    pub fn create(path: &Path) -> io::Result<Writer> {
        let (file, direct) = open(path)?;
        // The thread's buffer when it has one: a MiB cleared for every
        // file would cost more than the copy.
        let buf = SPARE
            .with(|spare| spare.take())
            .unwrap_or_else(|| vec![0u8; PIECE + ALIGN]);
        let start = buf.as_ptr().align_offset(ALIGN);
        Ok(Writer {
            file,
            buf,
            start,
            held: 0,
            direct,
        })
    }

    /// Writes what is held, the last piece through the page cache.
    pub fn finish(mut self) -> io::Result<()> {
        let whole = if self.direct {
            self.held / ALIGN * ALIGN
        } else {
            0
        };
        if whole > 0 {
            self.put(whole)?;
        }
        self.buffered()?;
        let (from, to) = (self.start + whole, self.start + self.held);
        self.file.write_all(&self.buf[from..to])
    }

    /// Writes the first `len` held bytes; a file system that turns
    /// `O_DIRECT` down at the first write gets them through the page cache
    /// instead.
    fn put(&mut self, len: usize) -> io::Result<()> {
        let piece = self.start..self.start + len;
        let done = match self.direct {
            false => 0,
            true => match (&self.file).write(&self.buf[piece.clone()]) {
                Ok(n) if n == len => return Ok(()),
                // A short write leaves the offset unaligned: the rest goes
                // through the page cache.
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::InvalidInput => 0,
                Err(e) => return Err(e),
            },
        };
        self.buffered()?;
        (&self.file).write_all(&self.buf[piece.start + done..piece.end])
    }

    /// Clears `O_DIRECT`: what follows goes through the page cache.
    fn buffered(&mut self) -> io::Result<()> {
        if self.direct {
            clear_direct(&self.file)?;
            self.direct = false;
        }
        Ok(())
    }
}

thread_local! {
    /// A buffer of a finished [`Writer`], for the next one on its thread.
    static SPARE: std::cell::Cell<Option<Vec<u8>>> = const { std::cell::Cell::new(None) };
}

impl Drop for Writer {
    fn drop(&mut self) {
        let buf = std::mem::take(&mut self.buf);
        let _ = SPARE.try_with(|spare| spare.set(Some(buf)));
    }
}

impl Write for Writer {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        let n = bytes.len().min(PIECE - self.held);
        let at = self.start + self.held;
        self.buf[at..at + n].copy_from_slice(&bytes[..n]);
        self.held += n;
        if self.held == PIECE {
            self.held = 0;
            self.put(PIECE)?;
        }
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Opens `path` for writing, made or truncated, with `O_DIRECT` when the
/// file system takes it; whether it did.
#[cfg(target_os = "linux")]
fn open(path: &Path) -> io::Result<(File, bool)> {
    use std::os::unix::fs::OpenOptionsExt;
    let direct = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .custom_flags(rustix::fs::OFlags::DIRECT.bits() as i32)
        .open(path);
    match direct {
        Ok(file) => Ok((file, true)),
        Err(e) if e.kind() == io::ErrorKind::InvalidInput => Ok((File::create(path)?, false)),
        Err(e) => Err(e),
    }
}

#[cfg(not(target_os = "linux"))]
fn open(path: &Path) -> io::Result<(File, bool)> {
    Ok((File::create(path)?, false))
}

#[cfg(target_os = "linux")]
fn clear_direct(file: &File) -> io::Result<()> {
    use rustix::fs::{fcntl_getfl, fcntl_setfl, OFlags};
    let flags = fcntl_getfl(file)?;
    fcntl_setfl(file, flags - OFlags::DIRECT)?;
    Ok(())
}

#[cfg(not(target_os = "linux"))]
fn clear_direct(_: &File) -> io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Bytes that show a piece written twice, left out or out of place.
    fn bytes(n: usize) -> Vec<u8> {
        (0..n).map(|i| (i * 7 + i / 4096) as u8).collect()
    }

    /// Lengths around every boundary: the threshold, a block, a piece.
    const LENGTHS: [usize; 11] = [
        0,
        1,
        DIRECT_MIN - 1,
        DIRECT_MIN,
        DIRECT_MIN + 1,
        PIECE - 1,
        PIECE,
        PIECE + 1,
        PIECE + ALIGN,
        3 * PIECE + 5,
        5_000_000,
    ];

    fn check_in(dir: &Path) {
        for n in LENGTHS {
            let path = dir.join(format!("f{n}"));
            // Over a longer file: what was there must not outlive the write.
            std::fs::write(&path, vec![b'x'; n + 9000]).unwrap();
            let want = bytes(n);
            write(&path, &want).unwrap();
            assert!(std::fs::read(&path).unwrap() == want, "{n} bytes whole");

            // In uneven pieces, as the site's CSV files are written.
            let path = dir.join(format!("s{n}"));
            let mut w = Writer::create(&path).unwrap();
            for piece in want.chunks(ALIGN + 13) {
                w.write_all(piece).unwrap();
            }
            w.finish().unwrap();
            assert!(std::fs::read(&path).unwrap() == want, "{n} bytes in pieces");
        }
    }

    /// A folder beside the test program: on the disk it was built on,
    /// where `/tmp` may be tmpfs, and outside the demo site the crate's
    /// folder is.
    fn on_disk() -> tempfile::TempDir {
        let exe = std::env::current_exe().unwrap();
        tempfile::tempdir_in(exe.parent().unwrap()).unwrap()
    }

    #[test]
    fn every_length_is_written_whole_on_a_disk() {
        check_in(on_disk().path());
    }

    #[test]
    fn a_direct_write_turned_down_is_made_through_the_cache() {
        // The device refuses a write from memory not aligned to its block,
        // as a file system without O_DIRECT refuses every write.
        let dir = on_disk();
        for n in [PIECE, PIECE + 5, 3 * PIECE + 5] {
            let path = dir.path().join(format!("f{n}"));
            let mut w = Writer::create(&path).unwrap();
            w.start += 1;
            let want = bytes(n);
            w.write_all(&want).unwrap();
            assert!(!w.direct, "the refused write cleared O_DIRECT");
            w.finish().unwrap();
            assert!(std::fs::read(&path).unwrap() == want, "{n} bytes");
        }
    }

    #[test]
    fn tmpfs_gets_every_length_whole() {
        // tmpfs took O_DIRECT only from Linux 6.6 on; either way the bytes
        // must arrive.
        let shm = Path::new("/dev/shm");
        let dir = if shm.is_dir() {
            tempfile::tempdir_in(shm).unwrap()
        } else {
            tempfile::tempdir().unwrap()
        };
        check_in(dir.path());
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn large_files_go_past_the_cache_on_disk_file_systems() {
        // So that a fault sending every file through the cache does not
        // pass unseen: file systems known to take O_DIRECT must get it.
        const EXT4: i64 = 0xEF53;
        const XFS: i64 = 0x5846_5342;
        const BTRFS: i64 = 0x9123_683E;
        let disk = on_disk();
        let kind = rustix::fs::statfs(disk.path()).unwrap().f_type as i64;
        assert!(
            [EXT4, XFS, BTRFS].contains(&kind),
            "the build folder is on a file system of kind {kind:#x}: add it to this test"
        );
        let (_, direct) = open(&disk.path().join("f")).unwrap();
        assert!(direct);
        let w = Writer::create(&disk.path().join("g")).unwrap();
        assert!(w.direct);
    }
}
