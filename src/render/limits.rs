//! Bounds on what a template may make: a page's size. A site's template can
//! loop without end (nested `range` loops grew one page to 24 GB); the build
//! reports it instead of being killed.

use std::io::{self, Write};

/// The largest page or fragment a template may make, unless `site.toml`
/// sets `max_page_mib`. The demo's largest page, the print view of a
/// 130-KPI plan, is 0.8 MB; a plan of 30,000 items would stay under this.
pub const MAX_PAGE_BYTES: usize = 256 * 1024 * 1024;

/// How many of the last writes are remembered to find where a page grew.
const RECENT: usize = 16;

/// A writer into `out` that refuses to grow it past `limit`, remembering
/// its last writes (as ranges of `out`, so that nothing is allocated per
/// write) to tell afterwards which template text was being repeated.
pub struct Capped<'a> {
    out: &'a mut Vec<u8>,
    limit: usize,
    recent: [(usize, usize); RECENT],
    next: usize,
    /// The write that would have passed the limit, if one did.
    pub refused: Option<Vec<u8>>,
}

impl<'a> Capped<'a> {
    pub fn new(out: &'a mut Vec<u8>, limit: usize) -> Self {
        Capped {
            out,
            limit,
            recent: [(0, 0); RECENT],
            next: 0,
            refused: None,
        }
    }

    /// The last writes, the refused one first, as text.
    pub fn last_writes(&self) -> Vec<String> {
        let mut v: Vec<String> = self
            .refused
            .iter()
            .map(|b| String::from_utf8_lossy(b).into_owned())
            .collect();
        for k in 1..=RECENT {
            let (start, end) = self.recent[self.next.wrapping_sub(k) % RECENT];
            if end > start {
                v.push(String::from_utf8_lossy(&self.out[start..end]).into_owned());
            }
        }
        v
    }
}

impl Capped<'_> {
    #[cold]
    fn refuse(&mut self, buf: &[u8]) -> io::Error {
        self.refused = Some(buf[..buf.len().min(4096)].to_vec());
        io::Error::other("the page is larger than the limit")
    }
}

// Tera writes every piece of a page through here, millions per build:
// `write_all` is the whole job, not a loop over `write`.
impl Write for Capped<'_> {
    #[inline]
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.write_all(buf).map(|()| buf.len())
    }

    #[inline]
    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        if self.out.len() + buf.len() > self.limit {
            return Err(self.refuse(buf));
        }
        let start = self.out.len();
        self.out.extend_from_slice(buf);
        self.recent[self.next % RECENT] = (start, self.out.len());
        self.next = self.next.wrapping_add(1);
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_capped_writer_refuses_past_its_limit_and_remembers_its_last_writes() {
        let mut out = Vec::new();
        let mut w = Capped::new(&mut out, 10);
        w.write_all(b"<p>").unwrap();
        w.write_all(b"12").unwrap();
        w.write_all(b"</p>").unwrap();
        assert!(w.write_all(b"<p>").is_err());
        assert_eq!(w.last_writes(), ["<p>", "</p>", "12", "<p>"]);
    }
}
