//! Items parsed by the build before, remembered beside the output so that
//! a rebuild takes an unchanged file's item without parsing it again
//! (parsing is most of loading: docs/performance.md, change 32).
//!
//! What is remembered is keyed by a hash of everything the item is parsed
//! from — the file's text, its path and its name — so a remembered item is
//! exactly what parsing would give, whatever happened to the file's times;
//! and by the running program, so another plansite parses afresh. Only
//! items parsed without any message are remembered: a file with a problem
//! is parsed, and its message shown, on every build.
//!
//! One file per city (`<city>.items`) in a folder beside the output
//! (`.<output>.plansite-parsed`), next to the staging folder; a rebuild
//! rewrites the files of the cities whose items changed. The folder is
//! written only by a build into an output that already holds a build (a
//! fresh build, as deploy pipelines make, writes nothing more), never for
//! an output that is a mount point (it would be inside it and be
//! published), and never into a folder without plansite's marker.

pub mod codec;

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::diagnostics::SourceFile;
use crate::model::Item;

/// The file that marks the folder as plansite's.
const MARKER: &str = ".plansite-parsed";
const MARKER_TEXT: &str =
    "Items parsed by plansite, kept to make the next build faster; safe to delete.\n";
/// The start of every city's file: its format and the program's hash follow.
const MAGIC: &[u8; 16] = b"plansite-items\n\0";
const FORMAT: u32 = 1;
const SUFFIX: &str = ".items";

/// What a build knows of the items remembered for it.
#[derive(Default)]
pub struct Memo {
    /// The folder, when this build may read it.
    dir: Option<PathBuf>,
    /// Whether this build writes what it parsed.
    write: bool,
    /// Whether the folder was there, plansite's, when the build began.
    existed: bool,
    /// The names in the folder then: city files and temporary files.
    listed: Vec<String>,
    /// The running program's hash; `None`: nothing is remembered.
    program: Option<u64>,
    /// Each city file read: its city, bytes and number of items.
    files: Vec<(String, crate::mapped::Mapped, usize)>,
    /// Each remembered item: the file (index into `files`) and its bytes there.
    index: HashMap<u128, (usize, Range<usize>)>,
}

/// What became of one item file, for the files written afterwards.
pub enum Recall {
    /// Taken from what was remembered under this key.
    Hit(u128),
    /// Parsed without a message: remembered next time under this key.
    New(u128, Vec<u8>),
    /// Parsed with a message, or nothing is remembered in this build.
    Not,
}

impl Memo {
    /// Nothing remembered, nothing written: what `check` and the preview use.
    pub fn none() -> Memo {
        Memo::default()
    }

    /// The items remembered in `dir` for `program`; `write` says whether this
    /// build may write the folder. A folder that is not plansite's is
    /// neither read nor written.
    pub fn open(dir: PathBuf, write: bool, program: Option<u64>) -> Memo {
        let Some(program) = program else {
            return Memo::none();
        };
        // A link in its place is not plansite's folder: neither followed
        // nor replaced.
        let meta = fs::symlink_metadata(&dir);
        if meta.as_ref().is_ok_and(|m| !m.is_dir()) {
            return Memo::none();
        }
        let ours = meta.is_ok() && dir.join(MARKER).is_file();
        if meta.is_ok() && !ours {
            return Memo::none();
        }
        let mut memo = Memo {
            dir: Some(dir),
            write,
            existed: ours,
            program: Some(program),
            ..Memo::default()
        };
        if ours {
            memo.read();
        }
        memo
    }

    fn read(&mut self) {
        let (Some(dir), Some(program)) = (&self.dir, self.program) else {
            return;
        };
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        self.listed = entries
            .flatten()
            .filter_map(|e| e.file_name().into_string().ok())
            .filter(|n| match n.strip_suffix(SUFFIX) {
                Some(city) => super::check_slug(city).is_ok(),
                None => n.starts_with(".tmp"),
            })
            .collect();
        let mut names: Vec<String> = self
            .listed
            .iter()
            .filter_map(|n| n.strip_suffix(SUFFIX).map(str::to_string))
            .collect();
        names.sort();
        let read: Vec<_> = names
            .into_par_iter()
            .filter_map(|city| {
                let path = dir.join(format!("{city}{SUFFIX}"));
                // A link is not plansite's writing: not followed.
                if !fs::symlink_metadata(&path).ok()?.is_file() {
                    return None;
                }
                let bytes = crate::mapped::Mapped::open(&path).ok()?;
                let entries = entries_of(bytes.bytes(), program)?;
                Some((city, bytes, entries))
            })
            .collect();
        for (city, bytes, entries) in read {
            let i = self.files.len();
            let count = entries.len();
            for (key, range) in entries {
                self.index.insert(key, (i, range));
            }
            self.files.push((city, bytes, count));
        }
    }

    /// The item of `file` (named `slug`) as remembered, or `None` with what
    /// to do once it is parsed (see [`Memo::parsed`]).
    pub fn recall(&self, file: &Arc<SourceFile>, slug: &str) -> (Option<Item>, Option<u128>) {
        if self.program.is_none() {
            return (None, None);
        }
        let key = key(file, slug);
        let item = self
            .index
            .get(&key)
            .and_then(|(i, range)| codec::decode(&self.files[*i].1.bytes()[range.clone()], file));
        (item, Some(key))
    }

    /// What to remember of an item parsed under `key` (`None`: not
    /// rememberable), given whether parsing it said anything.
    pub fn parsed(&self, key: Option<u128>, item: &Item, said_something: bool) -> Recall {
        match key {
            Some(key) if self.write && !said_something => Recall::New(key, codec::encode(item)),
            _ => Recall::Not,
        }
    }

    /// What to write once the build has succeeded: `cities` holds each
    /// city's recalls, in any order within a city.
    pub fn pending(self, cities: BTreeMap<String, Vec<Recall>>) -> Option<Pending> {
        (self.write && self.dir.is_some()).then_some(Pending { memo: self, cities })
    }
}

/// What a build parsed, to be remembered if it succeeds: a failed build
/// leaves everything beside its output as it was.
pub struct Pending {
    memo: Memo,
    cities: BTreeMap<String, Vec<Recall>>,
}

impl Pending {
    /// Writes the file of every city whose items are not what its file
    /// holds, and removes the files of cities no longer there. Failing to
    /// write costs only speed: nothing is reported.
    pub fn write(self) {
        let Pending { memo, cities } = self;
        memo.update(cities);
    }
}

impl Memo {
    fn update(self, cities: BTreeMap<String, Vec<Recall>>) {
        let (Some(dir), Some(program), true) = (&self.dir, self.program, self.write) else {
            return;
        };
        // Checked again, not followed: something may have taken the
        // folder's place since `open`. A folder this build did not find is
        // made by it, or not used.
        if self.existed {
            let real = |p: &Path, dir: bool| {
                fs::symlink_metadata(p).is_ok_and(|m| if dir { m.is_dir() } else { m.is_file() })
            };
            if !real(dir, true) || !real(&dir.join(MARKER), false) {
                return;
            }
        } else if fs::create_dir(dir).is_err() || fs::write(dir.join(MARKER), MARKER_TEXT).is_err()
        {
            return;
        }
        let held: HashMap<&str, (usize, usize)> = self
            .files
            .iter()
            .enumerate()
            .map(|(i, (city, _, count))| (city.as_str(), (i, *count)))
            .collect();
        cities.par_iter().for_each(|(city, recalls)| {
            if super::check_slug(city).is_err() {
                return;
            }
            // Unchanged: every item taken from this city's own file, and
            // every item of the file taken.
            let same = held.get(city.as_str()).is_some_and(|&(i, count)| {
                let from_file = |r: &Recall| match r {
                    Recall::Hit(key) => self.index.get(key).is_some_and(|(f, _)| *f == i),
                    Recall::New(..) => false,
                    Recall::Not => true,
                };
                let hits = recalls
                    .iter()
                    .filter(|r| matches!(r, Recall::Hit(_)))
                    .count();
                recalls.iter().all(from_file) && hits == count
            });
            if same {
                return;
            }
            let mut out = Vec::new();
            out.extend_from_slice(MAGIC);
            out.extend_from_slice(&FORMAT.to_le_bytes());
            out.extend_from_slice(&program.to_le_bytes());
            for r in recalls {
                let (key, bytes) = match r {
                    Recall::Hit(key) => match self.index.get(key) {
                        Some((f, range)) => (*key, &self.files[*f].1.bytes()[range.clone()]),
                        None => continue,
                    },
                    Recall::New(key, bytes) => (*key, bytes.as_slice()),
                    Recall::Not => continue,
                };
                out.extend_from_slice(&key.to_le_bytes());
                out.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
                out.extend_from_slice(bytes);
            }
            let _ = replace(&dir.join(format!("{city}{SUFFIX}")), &out);
        });
        // Cities gone (whichever program wrote their files), and what a
        // build stopped while writing left: they would only be read in vain.
        let gone = self
            .listed
            .iter()
            .filter(|name| match name.strip_suffix(SUFFIX) {
                Some(city) => !cities.contains_key(city),
                None => name.starts_with(".tmp"),
            });
        for name in gone {
            let path = dir.join(name);
            if fs::symlink_metadata(&path).is_ok_and(|m| m.is_file()) {
                let _ = fs::remove_file(path);
            }
        }
    }
}

/// The key of the item `file` named `slug` is parsed into.
fn key(file: &SourceFile, slug: &str) -> u128 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    h.update(file.display.as_bytes());
    h.update(&[0]);
    h.update(slug.as_bytes());
    h.update(&[0]);
    h.update(file.text.as_bytes());
    h.digest128()
}

/// The entries of a city's file, or `None` when it is not one this
/// program wrote whole.
fn entries_of(bytes: &[u8], program: u64) -> Option<Vec<(u128, Range<usize>)>> {
    let rest = bytes.strip_prefix(MAGIC)?;
    let (format, rest) = rest.split_first_chunk::<4>()?;
    let (made_by, mut rest) = rest.split_first_chunk::<8>()?;
    if u32::from_le_bytes(*format) != FORMAT || u64::from_le_bytes(*made_by) != program {
        return None;
    }
    let mut out = Vec::new();
    while !rest.is_empty() {
        let (key, after) = rest.split_first_chunk::<16>()?;
        let (len, after) = after.split_first_chunk::<8>()?;
        let len = usize::try_from(u64::from_le_bytes(*len)).ok()?;
        if len > after.len() {
            return None;
        }
        let start = bytes.len() - after.len();
        out.push((u128::from_le_bytes(*key), start..start + len));
        rest = &after[len..];
    }
    Some(out)
}

/// Writes `bytes` as `path` whole or not at all.
fn replace(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let tmp = tempfile::NamedTempFile::new_in(dir)?;
    // Through a file of its own: a large one goes past the page cache.
    crate::output::direct::write(tmp.path(), bytes)?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests;
