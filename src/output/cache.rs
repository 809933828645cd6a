//! `.plansite-cache`: what each file of the live output was made from, so
//! that a rebuild can keep what did not change.

use std::collections::HashMap;
use std::fs;
use std::path::Path;
use std::time::SystemTime;

/// A file in the output that records, per file, a hash and the length of
/// the bytes written, and for a page the key it was made from (a hash of
/// its HTML and of its charts). A rebuild keeps a page whose key is
/// unchanged and whose file is intact instead of writing it again, and
/// knows a file unchanged from the hash alone when
/// the file was not modified since (see `Target::unmodified`).
pub const CACHE: &str = ".plansite-cache";
const CACHE_HEADER: &str = concat!("plansite-cache 2 ", env!("CARGO_PKG_VERSION"));

#[derive(Debug, Clone, Copy)]
pub struct Made {
    pub key: Option<u64>,
    pub hash: u64,
    pub len: u64,
}

/// The previous build's cache and when it was written; empty when it is
/// missing, from another version of plansite, or unreadable (a cache only
/// ever saves time).
pub fn read(out: &Path) -> (HashMap<String, Made>, Option<SystemTime>) {
    let path = out.join(CACHE);
    let Ok(text) = fs::read_to_string(&path) else {
        return (HashMap::new(), None);
    };
    let mut lines = text.lines();
    if lines.next() != Some(CACHE_HEADER) {
        return (HashMap::new(), None);
    }
    let made = lines
        .filter_map(|line| {
            let mut f = line.splitn(4, ' ');
            let key = match f.next()? {
                "-" => None,
                k => Some(u64::from_str_radix(k, 16).ok()?),
            };
            let mut hex = || u64::from_str_radix(f.next()?, 16).ok();
            let made = Made {
                key,
                hash: hex()?,
                len: hex()?,
            };
            Some((f.next()?.to_string(), made))
        })
        .collect();
    let time = fs::metadata(&path).and_then(|m| m.modified()).ok();
    (made, time)
}

/// The cache's text for the files `made` (sorted by path here); a file
/// written twice (a plan page rendered again with its PDF's link) is
/// recorded as last written.
pub fn text(mut made: Vec<(String, Made)>) -> String {
    // Stable: of the same path, the last written stays last.
    made.sort_by(|a, b| a.0.cmp(&b.0));
    made.reverse();
    made.dedup_by(|earlier, later| earlier.0 == later.0);
    made.reverse();
    let mut cache = String::from(CACHE_HEADER);
    cache.push('\n');
    for (rel, m) in &made {
        match m.key {
            Some(key) => cache.push_str(&format!("{key:x} ")),
            None => cache.push_str("- "),
        }
        cache.push_str(&format!("{:x} {:x} {rel}\n", m.hash, m.len));
    }
    cache
}
