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
/// the file was not modified since (see `Target::unmodified`). After the
/// files, lines starting `@` record what groups of pages were made from
/// (`incremental::inputs`): a rebuild keeps a group whose inputs hash the
/// same without rendering it.
pub const CACHE: &str = ".plansite-cache";
const CACHE_HEADER: &str = concat!("plansite-cache 4 ", env!("CARGO_PKG_VERSION"));
/// The cache's last line: a cache cut short (a full disk, a crash) lists
/// no tree.
const CACHE_END: &str = "end";

#[derive(Debug, Clone, Copy)]
pub struct Made {
    pub key: Option<u64>,
    pub hash: u64,
    pub len: u64,
}

/// What a build's cache says: each file, what each group of pages was made
/// from, and when it was written.
#[derive(Debug, Default)]
pub struct Previous {
    pub made: HashMap<String, Made>,
    pub inputs: HashMap<String, u64>,
    pub time: Option<SystemTime>,
}

/// The previous build's cache; empty when it is missing, from another
/// version of plansite, cut short or unreadable (a cache only ever saves
/// time).
pub fn read(out: &Path) -> Previous {
    let path = out.join(CACHE);
    let Ok(text) = fs::read_to_string(&path) else {
        return Previous::default();
    };
    let mut lines = text.lines();
    if lines.next() != Some(CACHE_HEADER) || lines.next_back() != Some(CACHE_END) {
        return Previous::default();
    }
    let (inputs, files): (Vec<&str>, Vec<&str>) = lines.partition(|l| l.starts_with('@'));
    let inputs = inputs
        .into_iter()
        .filter_map(|line| {
            let (key, name) = line.strip_prefix("@ ")?.split_once(' ')?;
            Some((name.to_string(), u64::from_str_radix(key, 16).ok()?))
        })
        .collect();
    let made = files
        .into_iter()
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
    Previous { made, inputs, time }
}

/// The files a build's cache lists, and when it was written: what the
/// tree it describes held then (see `stale`).
#[derive(Debug)]
pub struct Listing {
    pub files: Vec<String>,
    pub time: SystemTime,
}

/// The files `dir`'s cache lists; `None` when it has none this version reads.
pub fn listing(dir: &Path) -> Option<Listing> {
    let path = dir.join(CACHE);
    let text = fs::read_to_string(&path).ok()?;
    let time = fs::metadata(&path).and_then(|m| m.modified()).ok()?;
    let mut lines = text.lines();
    if lines.next() != Some(CACHE_HEADER) {
        return None;
    }
    // Only paths inside the tree, in the form builds write them: files are
    // removed by these names.
    let plain =
        |rel: &str| !rel.contains('\\') && rel.split('/').all(|c| !matches!(c, "" | "." | ".."));
    // Written with the clock set back since, it would vouch for folders
    // changed after it was.
    if lines.next_back() != Some(CACHE_END) || time > SystemTime::now() {
        return None;
    }
    let files = lines
        .filter(|l| !l.starts_with('@'))
        .map(|line| Some(line.splitn(4, ' ').nth(3)?.to_string()).filter(|rel| plain(rel)))
        .collect::<Option<_>>()?;
    Some(Listing { files, time })
}

/// The cache's text for the files `made` (sorted by path here); a file
/// written twice (a plan page rendered again with its PDF's link) is
/// recorded as last written; then the groups of pages by name, each with
/// the hash of what it was made from.
pub fn text(mut made: Vec<(String, Made)>, mut inputs: Vec<(String, u64)>) -> String {
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
    inputs.sort();
    for (name, key) in &inputs {
        cache.push_str(&format!("@ {key:x} {name}\n"));
    }
    cache.push_str(CACHE_END);
    cache.push('\n');
    cache
}
