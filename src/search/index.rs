//! The index: for every character bigram, the records it occurs in and
//! where; for every title character, the records whose title has it; for
//! every filter value, its records. Written as classic scripts the search
//! page loads with `<script>` elements, which a browser allows to a page
//! opened from disk, where `fetch`, modules and workers are refused.
//!
//! Format (decoded by `static/search.js`): a key's postings are a varint
//! count of records, then per record the varint difference from the
//! previous record's number (the first: its number), the varint count of
//! positions and the positions as varint differences. Keys are sharded
//! into `search/s/<n>.js` by FNV-1a of their UTF-8 bytes; each shard is
//! `PLANSITE_SEARCH.shard(n, "<base64>")` holding, per key in key order,
//! varint length and bytes of the key, varint length and bytes of its
//! postings.

use std::collections::HashMap;

use rayon::prelude::*;

use super::records::Record;
use super::text::{normalize, runs, TITLE_SPAN};

/// Records per file of what results show.
pub const BLOCK: usize = 64;

/// How many shards the index of `records` records is cut into: about
/// sixteen records' worth of text per shard, a power of two, at most
/// 4,096 files.
pub fn shard_count(records: usize) -> usize {
    records.div_ceil(16).next_power_of_two().clamp(1, 4096)
}

/// Tags of the key kinds, in the top bits of a packed key.
const BIGRAM: u64 = 0;
const TITLE_CHAR: u64 = 1 << 60;

/// Postings of one key in a run of consecutive records.
#[derive(Debug, Default)]
struct Postings {
    first: u32,
    last: u32,
    count: u32,
    /// Entries after the first record's number (its difference is written
    /// when runs are joined).
    bytes: Vec<u8>,
}

impl Postings {
    fn add(&mut self, record: u32, positions: &[u32]) {
        if self.count == 0 {
            self.first = record;
        } else {
            varint(&mut self.bytes, record - self.last);
        }
        self.last = record;
        self.count += 1;
        varint(&mut self.bytes, positions.len() as u32);
        let mut prev = 0;
        for &p in positions {
            varint(&mut self.bytes, p - prev);
            prev = p;
        }
    }
}

/// The index of a run of consecutive records.
#[derive(Debug, Default)]
pub struct Part {
    grams: HashMap<u64, Postings>,
    filters: HashMap<String, Postings>,
}

impl Part {
    /// Indexes `records`, numbered from `first`.
    pub fn of(records: &[Record], first: u32) -> Part {
        let mut part = Part::default();
        let mut pairs: Vec<(u64, u32)> = Vec::new();
        for (n, r) in records.iter().enumerate() {
            let id = first + n as u32;
            pairs.clear();
            let title = normalize(&r.title);
            let bigrams = |pairs: &mut Vec<(u64, u32)>, runs: &[Vec<(char, u32)>]| {
                for run in runs {
                    for w in run.windows(2) {
                        pairs.push((BIGRAM | (w[0].0 as u64) << 21 | w[1].0 as u64, w[0].1));
                    }
                }
            };
            let (title_runs, title_end) = runs(&title, 0);
            for &(c, p) in title_runs.iter().flatten() {
                if p < TITLE_SPAN {
                    pairs.push((TITLE_CHAR | c as u64, 0));
                }
            }
            bigrams(&mut pairs, &title_runs);
            // Past a very long title, so that no title bigram stands next
            // to a body bigram.
            let mut pos = TITLE_SPAN.max(title_end + 1);
            for field in &r.text {
                let (field_runs, end) = runs(&normalize(field), pos);
                bigrams(&mut pairs, &field_runs);
                // A field ends where the next begins: a place between them.
                pos = end + 1;
            }
            pairs.sort_unstable();
            pairs.dedup();
            let mut positions: Vec<u32> = Vec::new();
            let mut i = 0;
            while i < pairs.len() {
                let key = pairs[i].0;
                positions.clear();
                while i < pairs.len() && pairs[i].0 == key {
                    positions.push(pairs[i].1);
                    i += 1;
                }
                let kept: &[u32] = if key & TITLE_CHAR != 0 {
                    &[]
                } else {
                    &positions
                };
                part.grams.entry(key).or_default().add(id, kept);
            }
            for f in &r.filters {
                let p = part.filters.entry(f.clone()).or_default();
                // A record may name a department twice.
                if p.count == 0 || p.last != id {
                    p.add(id, &[]);
                }
            }
        }
        part
    }
}

/// The key as the browser writes it: the two characters of a bigram,
/// `\u{1}` and a title character, `\u{2}` and a filter key.
fn gram_key(key: u64) -> String {
    let c = |bits: u64| char::from_u32((bits & 0x1F_FFFF) as u32).unwrap_or('\u{FFFD}');
    if key & TITLE_CHAR != 0 {
        format!("\u{1}{}", c(key))
    } else {
        format!("{}{}", c(key >> 21), c(key))
    }
}

/// One key's postings over the whole site: record count, last record,
/// entries.
type Joined = (u32, u32, Vec<u8>);

fn join(into: &mut Joined, p: Postings) {
    let (count, last, bytes) = into;
    varint(bytes, p.first - *last);
    bytes.extend_from_slice(&p.bytes);
    *count += p.count;
    *last = p.last;
}

/// The shard files of the index made of `parts` (in record order).
#[cfg(test)]
fn shards(parts: Vec<Part>, shards: usize) -> Vec<Vec<u8>> {
    let mut index = Index::default();
    for part in parts {
        index.add(part);
    }
    let mut files = Vec::with_capacity(shards);
    index.each_shard(shards, |_, bytes| files.push(bytes));
    files
}

/// How many shard files are made at once (on every core) before they are
/// handed over: the index's text is never held whole.
const SHARD_BATCH: usize = 64;

/// The whole site's postings, joined from parts in record order.
#[derive(Default)]
pub struct Index {
    // Joined by packed key, made text once at the end.
    grams: HashMap<u64, Joined>,
    filters: HashMap<String, Joined>,
}

impl Index {
    /// Joins the part that follows those added before, dropping it: parts
    /// added as they are made are never all held at once.
    pub fn add(&mut self, part: Part) {
        for (k, p) in part.grams {
            join(self.grams.entry(k).or_default(), p);
        }
        for (k, p) in part.filters {
            join(self.filters.entry(k).or_default(), p);
        }
    }

    /// Each shard file, handed to `write` with its number, in order, as it
    /// is made.
    pub fn each_shard(self, shards: usize, mut write: impl FnMut(usize, Vec<u8>)) {
        let Index { grams, filters } = self;
        let mut by_shard: Vec<Vec<(String, Joined)>> = (0..shards).map(|_| Vec::new()).collect();
        let keyed = grams
            .into_iter()
            .map(|(k, j)| (gram_key(k), j))
            .chain(filters.into_iter().map(|(k, j)| (format!("\u{2}{k}"), j)));
        for (key, joined) in keyed {
            by_shard[fnv1a(key.as_bytes()) as usize % shards].push((key, joined));
        }
        let mut pending = by_shard.into_iter().enumerate();
        loop {
            let batch: Vec<(usize, Vec<(String, Joined)>)> =
                pending.by_ref().take(SHARD_BATCH).collect();
            if batch.is_empty() {
                break;
            }
            let made: Vec<(usize, Vec<u8>)> = batch
                .into_par_iter()
                .map(|(n, keys)| (n, shard_text(n, keys)))
                .collect();
            for (n, bytes) in made {
                write(n, bytes);
            }
        }
    }
}

/// One shard file: its keys with their postings, in key order.
fn shard_text(n: usize, mut keys: Vec<(String, Joined)>) -> Vec<u8> {
    // Keys in order, so that the same site gives the same bytes.
    keys.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let mut raw = Vec::new();
    for (key, (count, _, bytes)) in keys {
        varint(&mut raw, key.len() as u32);
        raw.extend_from_slice(key.as_bytes());
        let mut head = Vec::with_capacity(5);
        varint(&mut head, count);
        varint(&mut raw, (head.len() + bytes.len()) as u32);
        raw.extend_from_slice(&head);
        raw.extend_from_slice(&bytes);
    }
    use base64::Engine;
    let text = base64::engine::general_purpose::STANDARD.encode(raw);
    format!("PLANSITE_SEARCH.shard({n},\"{text}\");\n").into_bytes()
}

/// FNV-1a, 32 bits: what `static/search.js` computes to find a key's shard.
pub fn fnv1a(bytes: &[u8]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for &b in bytes {
        h ^= b as u32;
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

fn varint(out: &mut Vec<u8>, mut n: u32) {
    while n >= 0x80 {
        out.push((n as u8 & 0x7F) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::records::Kind;

    fn record(title: &str, text: &str) -> Record {
        Record {
            kind: Kind::Item,
            title: title.into(),
            url: String::new(),
            place: String::new(),
            text: vec![text.into()],
            status: None,
            filters: vec!["c:x".into()],
        }
    }

    #[test]
    fn fnv1a_matches_the_published_vectors() {
        assert_eq!(fnv1a(b""), 0x811c9dc5);
        assert_eq!(fnv1a(b"a"), 0xe40c292c);
        assert_eq!(fnv1a(b"foobar"), 0xbf9cf968);
    }

    #[test]
    fn bigrams_carry_positions_and_titles_come_first() {
        let part = Part::of(&[record("防災・減災", "減災の推進")], 3);
        let key = |a: char, b: char| (a as u64) << 21 | b as u64;
        let p = &part.grams[&key('減', '災')];
        assert_eq!((p.first, p.count), (3, 1));
        // 防災減災: 減災 at 2 in the title, at TITLE_SPAN in the body.
        let mut expected = Vec::new();
        varint(&mut expected, 2);
        varint(&mut expected, 2);
        varint(&mut expected, TITLE_SPAN - 2);
        assert_eq!(p.bytes, expected);
        assert!(part.grams.contains_key(&key('災', '減')));
        assert!(part.grams.contains_key(&(TITLE_CHAR | '防' as u64)));
        assert!(!part.grams.contains_key(&(TITLE_CHAR | '推' as u64)));
        assert_eq!(part.filters["c:x"].count, 1);
    }

    /// The records and positions of `key` in a shard file, read as
    /// `static/search.js` reads them.
    fn read(file: &[u8], key: &str) -> Vec<(u32, Vec<u32>)> {
        use base64::Engine;
        let text = std::str::from_utf8(file).unwrap();
        let b64 = text.split('"').nth(1).unwrap();
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(b64)
            .unwrap();
        let mut at = 0;
        let next = |at: &mut usize| {
            let (mut n, mut shift) = (0u32, 0);
            loop {
                let b = bytes[*at];
                *at += 1;
                n |= ((b & 0x7F) as u32) << shift;
                shift += 7;
                if b & 0x80 == 0 {
                    return n;
                }
            }
        };
        let mut found = Vec::new();
        while at < bytes.len() {
            let len = next(&mut at) as usize;
            let this = &bytes[at..at + len] == key.as_bytes();
            at += len;
            let size = next(&mut at) as usize;
            if !this {
                at += size;
                continue;
            }
            let count = next(&mut at);
            let mut record = 0;
            for _ in 0..count {
                record += next(&mut at);
                let n = next(&mut at);
                let mut p = 0;
                let mut positions = Vec::new();
                for _ in 0..n {
                    p += next(&mut at);
                    positions.push(p);
                }
                found.push((record, positions));
            }
            break;
        }
        found
    }

    #[test]
    fn parts_join_into_one_list_per_key() {
        let a = Part::of(&[record("協働", ""), record("協働の推進", "")], 0);
        let b = Part::of(&[record("x", "市民との協働")], 5);
        let files = shards(vec![a, b], 1);
        assert!(files[0].starts_with(b"PLANSITE_SEARCH.shard(0,\""));
        assert_eq!(
            read(&files[0], "協働"),
            [(0, vec![0]), (1, vec![0]), (5, vec![TITLE_SPAN + 4])]
        );
        assert_eq!(
            read(&files[0], "\u{2}c:x"),
            [(0, vec![]), (1, vec![]), (5, vec![])]
        );
        assert_eq!(read(&files[0], "\u{1}協"), [(0, vec![]), (1, vec![])]);
    }

    #[test]
    fn a_long_title_does_not_run_into_the_body() {
        // あい ends the title at 1030; without care the body's いう would
        // stand at 1031, and あいう would match a record that lacks it.
        let title = format!("{}あい", "x".repeat(1030));
        let part = Part::of(&[record(&title, "1234567いう")], 0);
        let files = shards(vec![part], 1);
        assert_eq!(read(&files[0], "あい"), [(0, vec![1030])]);
        let body = read(&files[0], "いう");
        assert!(body[0].1[0] > 1032, "{body:?}");
    }
}
