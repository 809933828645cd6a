//! Files of the new site written as they are made, for the few too large to
//! hold whole (the site's CSV files, hundreds of MB at national scale): the
//! bytes go to staging as they come, hashed on the way, and a file that
//! turns out as the live one's is then shared with it, as
//! [`Target::write`] shares it.

use std::fs;
use std::io::{self, Read, Write};
use std::path::PathBuf;

use super::cache::Made;
use super::direct::Writer;
use super::{at, doing, links, remove, Target};

/// A file being written into staging; [`Streamed::finish`] records it.
/// Writing never fails on the caller: the first error is kept, what follows
/// is dropped, and `finish` reports it.
pub struct Streamed<'t> {
    target: &'t Target,
    rel: String,
    new: PathBuf,
    file: Option<Writer>,
    hash: xxhash_rust::xxh3::Xxh3,
    len: u64,
    failed: Option<io::Error>,
}

impl Target {
    /// Starts writing the file `rel` of the new site.
    pub fn stream(&self, rel: &str) -> io::Result<Streamed<'_>> {
        let (new, here) = self.prepare(rel)?;
        match here {
            // Staging's own file, shared with nothing: rewritten in place.
            Some(h) if h.is_file() && links(&h) == Some(1) => {}
            // Never written through a file the live site shares.
            Some(h) => remove(&new, &h).map_err(|e| at(e, doing::REPLACE, &new))?,
            None => {}
        }
        let file = Writer::create(&new).map_err(|e| at(e, doing::WRITE, &new))?;
        Ok(Streamed {
            target: self,
            rel: rel.to_string(),
            new,
            file: Some(file),
            hash: xxhash_rust::xxh3::Xxh3::new(),
            len: 0,
            failed: None,
        })
    }
}

impl Write for Streamed<'_> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.write_all(bytes)?;
        Ok(bytes.len())
    }

    fn write_all(&mut self, bytes: &[u8]) -> io::Result<()> {
        if self.failed.is_some() {
            return Ok(());
        }
        self.hash.update(bytes);
        self.len += bytes.len() as u64;
        if let Some(Err(e)) = self.file.as_mut().map(|f| f.write_all(bytes)) {
            self.failed = Some(at(e, doing::WRITE, &self.new));
        }
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Streamed<'_> {
    /// Closes the file and records it; when the live output holds the same
    /// bytes at its path, the new site shares that file instead (it keeps
    /// its modification time).
    pub fn finish(mut self) -> io::Result<()> {
        if let Some(e) = self.failed.take() {
            return Err(e);
        }
        let (new, file) = (&self.new, self.file.take());
        if let Some(file) = file {
            file.finish().map_err(|e| at(e, doing::WRITE, new))?;
        }
        let t = self.target;
        let made = Made {
            key: None,
            hash: self.hash.digest(),
            len: self.len,
        };
        let old = t.out.join(&self.rel);
        let live = fs::symlink_metadata(&old).ok();
        // Hashing the live file, not reading it whole: it may be hundreds of MB.
        let same_bytes = || hash_of(&old).is_ok_and(|h| h == made.hash);
        let same = live
            .as_ref()
            .is_some_and(|live| t.live_holds(&self.rel, &made, live, same_bytes));
        t.record(&self.rel, made);
        if let (true, Some(live)) = (same, live) {
            let here = fs::symlink_metadata(new).ok();
            return t.share_live(&old, new, here.as_ref(), &live);
        }
        Ok(())
    }
}

/// The xxh3 hash of a file's bytes, read a piece at a time.
fn hash_of(path: &std::path::Path) -> io::Result<u64> {
    let mut file = fs::File::open(path)?;
    let mut hash = xxhash_rust::xxh3::Xxh3::new();
    let mut buf = vec![0; 1 << 20];
    loop {
        match file.read(&mut buf)? {
            0 => return Ok(hash.digest()),
            n => hash.update(&buf[..n]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::CACHE;
    use super::*;
    use std::path::Path;

    /// One build writing `text` to `data/p.csv`, streamed a piece at a time,
    /// or whole as `write` does.
    fn build(root: &Path, out: &Path, text: &str, streamed: bool) {
        let t = Target::new(root, out, &|_| {}).unwrap();
        t.begin().unwrap();
        if streamed {
            let mut s = t.stream("data/p.csv").unwrap();
            for piece in text.split_inclusive(',') {
                s.write_all(piece.as_bytes()).unwrap();
            }
            s.finish().unwrap();
        } else {
            t.write("data/p.csv", text.as_bytes()).unwrap();
        }
        t.commit().unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn a_streamed_file_is_shared_when_unchanged_and_never_written_through() {
        use std::os::unix::fs::MetadataExt;
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let live = out.join("data/p.csv");
        let spare = tmp.path().join(".public.plansite-next/data/p.csv");
        let ino = |p: &Path| fs::metadata(p).unwrap().ino();
        let mtime = || fs::metadata(&live).unwrap().modified().unwrap();
        build(tmp.path(), &out, "a,b,c", true);
        let first = mtime();
        std::thread::sleep(std::time::Duration::from_millis(20));
        // Written whole, then streamed: the same bytes, so the same hash in
        // the cache, and the file is shared with the live one both times.
        build(tmp.path(), &out, "a,b,c", false);
        build(tmp.path(), &out, "a,b,c", true);
        assert_eq!(mtime(), first);
        assert_eq!(ino(&spare), ino(&live));
        // Changed: staging's link is replaced, not written through, so the
        // live file stays as it was until the swap.
        let t = Target::new(tmp.path(), &out, &|_| {}).unwrap();
        t.begin().unwrap();
        let mut s = t.stream("data/p.csv").unwrap();
        s.write_all(b"x,y").unwrap();
        s.finish().unwrap();
        assert_eq!(fs::read(&live).unwrap(), b"a,b,c");
        t.commit().unwrap();
        assert_eq!(fs::read(&live).unwrap(), b"x,y");
        assert!(fs::read_to_string(out.join(CACHE))
            .unwrap()
            .contains("data/p.csv"));
    }

    #[test]
    fn without_a_cache_the_live_file_is_read_to_compare() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        build(tmp.path(), &out, "a,b,c", true);
        let first = fs::metadata(out.join("data/p.csv"))
            .unwrap()
            .modified()
            .unwrap();
        fs::remove_file(out.join(CACHE)).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        build(tmp.path(), &out, "a,b,c", true);
        let again = fs::metadata(out.join("data/p.csv"))
            .unwrap()
            .modified()
            .unwrap();
        assert_eq!(again, first);
    }
}
