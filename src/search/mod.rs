//! Site search: an index made at build time and searched in the browser,
//! from any server or from disk, with no request leaving the site.
//!
//! Japanese is not split into words: every record is indexed by its
//! character bigrams with their positions ([`index`]), and the browser
//! keeps a record only where the query's bigrams stand one after another,
//! so a query matches exactly the records that contain it as written
//! (after [`text::normalize`]). A one-character query searches titles only.
//! Why not pagefind or a dictionary segmenter: docs/dependencies.md.
//!
//! Files: `search/index.html` (the page, rendered with the others, which
//! says how many records and shards there are), `search.js` (static),
//! `search/s/<n>.js` (the index) and `search/d/<n>.js` (what results
//! show, [`index::BLOCK`] records a file).

pub mod index;
mod page;
pub mod records;
pub mod text;

use rayon::prelude::*;
use serde::Serialize;

use crate::Loaded;
use records::Record;

pub use page::page_view;

/// The search page, as a page of the site.
pub const PAGE: &str = "search/index.html";

/// The index's files for a site of `records` records: a name for every
/// shard and block whether or not it holds anything, so that the names
/// follow from the count alone (the preview knows what to remove).
pub fn names(records: usize) -> Vec<String> {
    let mut names = Vec::new();
    names.extend((0..index::shard_count(records)).map(|n| format!("search/s/{n}.js")));
    names.extend((0..records.div_ceil(index::BLOCK)).map(|n| format!("search/d/{n}.js")));
    names
}

/// The names of [`files`] for `loaded`.
pub fn names_of(loaded: &Loaded) -> Vec<String> {
    names(records::count(loaded))
}

/// A part of the site whose records are made together: a city's own, or a plan's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    City(usize),
    Plan(usize, usize),
}

/// One record as a result shows it.
#[derive(Serialize)]
struct Shown<'a> {
    kind: records::Kind,
    title: &'a str,
    url: &'a str,
    place: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<&'a records::Tag>,
}

/// The parts of the site's records, in the order of the index.
pub fn units(loaded: &Loaded) -> Vec<Unit> {
    let mut units = Vec::new();
    for (ci, city) in loaded.site.cities.iter().enumerate() {
        units.push(Unit::City(ci));
        units.extend((0..city.plans.len()).map(|pi| Unit::Plan(ci, pi)));
    }
    units
}

fn make(loaded: &Loaded, unit: &Unit) -> Vec<Record> {
    match *unit {
        Unit::City(ci) => vec![records::of_city(loaded, &loaded.site.cities[ci])],
        Unit::Plan(ci, pi) => records::of_plan(loaded, ci, pi),
    }
}

/// A hash of every record, in order: the index's files are made from the
/// records alone, so the same fingerprint means the same files. The
/// preview makes the index again only when it changed — most edits (a
/// figure, a schedule mark) change no record, and making the index is the
/// largest part of a one-item rebuild at national scale.
pub fn fingerprint(loaded: &Loaded) -> u64 {
    fingerprint_from(loaded, |_| None).0
}

/// [`fingerprint`] from a hash of each unit's records (in the order of
/// [`units`], returned too): `known` gives the hash of a unit whose records
/// are known not to have changed since it was last made. The preview keeps
/// them, so that a change of one plan hashes that plan's records alone.
pub fn fingerprint_from(
    loaded: &Loaded,
    known: impl Fn(Unit) -> Option<u64> + Sync,
) -> (u64, Vec<u64>) {
    use std::hash::{Hash, Hasher};
    let hashes: Vec<u64> = units(loaded)
        .par_iter()
        .map(|&unit| {
            known(unit).unwrap_or_else(|| {
                let mut h = xxhash_rust::xxh3::Xxh3::new();
                make(loaded, &unit).hash(&mut h);
                h.finish()
            })
        })
        .collect();
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    hashes.hash(&mut h);
    (h.finish(), hashes)
}

/// How many units' records are made at once before their parts are joined.
const UNIT_BATCH: usize = 32;

/// Every file of the index, named as [`names`] names them.
pub fn files(loaded: &Loaded) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    each_file(loaded, |path, bytes, _| files.push((path, bytes)));
    files
}

/// Makes every file of the index and hands each to `write` as it is made,
/// with its path and the [`fingerprint`] of the records they are all made
/// from (hashed as the records are made: no record is made twice). One at
/// a time, not all at once: at national scale the index is made at the
/// build's peak of memory. Returns each unit's hash of its records, as
/// [`fingerprint_from`] does.
pub fn each_file(loaded: &Loaded, mut write: impl FnMut(String, Vec<u8>, u64)) -> Vec<u64> {
    use std::hash::{Hash, Hasher};
    let units = units(loaded);
    let make = |unit: &Unit| make(loaded, unit);
    // Numbers first (cheap: counting), so that every unit indexes on its own thread.
    let sizes: Vec<usize> = units
        .iter()
        .map(|u| match *u {
            Unit::City(_) => 1,
            Unit::Plan(ci, pi) => records::count_of_plan(&loaded.site.cities[ci].plans[pi]),
        })
        .collect();
    let mut starts = Vec::with_capacity(sizes.len());
    let mut total = 0usize;
    for s in &sizes {
        starts.push(total as u32);
        total += s;
    }
    // Made on every core a batch of units at a time and joined into the
    // index as they come: the parts are never all held at once (the end of
    // a build's peak of memory).
    let mut index = index::Index::default();
    let mut shown: Vec<String> = Vec::with_capacity(total);
    let mut hashes = Vec::with_capacity(units.len());
    let numbered: Vec<(&Unit, (&u32, &usize))> =
        units.iter().zip(starts.iter().zip(&sizes)).collect();
    for batch in numbered.chunks(UNIT_BATCH) {
        let made: Vec<(index::Part, Vec<String>, u64)> = batch
            .par_iter()
            .map(|&(unit, (&start, &size))| {
                let records = make(unit);
                debug_assert_eq!(
                    records.len(),
                    size,
                    "records::count and the records made agree"
                );
                let shown = records
                    .iter()
                    .map(|r| {
                        serde_json::to_string(&Shown {
                            kind: r.kind,
                            title: &r.title,
                            url: &r.url,
                            place: &r.place,
                            status: r.status.as_ref(),
                        })
                        .unwrap_or_default()
                    })
                    .collect();
                let mut h = xxhash_rust::xxh3::Xxh3::new();
                records.hash(&mut h);
                (index::Part::of(&records, start), shown, h.finish())
            })
            .collect();
        for (part, s, hash) in made {
            index.add(part);
            shown.extend(s);
            hashes.push(hash);
        }
    }
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    hashes.hash(&mut h);
    let fingerprint = h.finish();
    let shard_count = index::shard_count(total);
    // The display blocks first, so that their text is not held while the
    // shards are joined.
    for (n, block) in shown.chunks(index::BLOCK).enumerate() {
        let text = format!("PLANSITE_SEARCH.block({n},[{}]);\n", block.join(","));
        write(format!("search/d/{n}.js"), text.into_bytes(), fingerprint);
    }
    drop(shown);
    index.each_shard(shard_count, |n, bytes| {
        write(format!("search/s/{n}.js"), bytes, fingerprint)
    });
    hashes
}

/// The key a build records for the index's file `name` made from records
/// of `fingerprint`: a rebuild that finds every file recorded with its key
/// keeps them without making the index.
pub fn key(fingerprint: u64, name: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64_with_seed(name.as_bytes(), fingerprint)
}
