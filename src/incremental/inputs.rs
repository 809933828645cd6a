//! What each city's pages are made from, as one key per city, so that a
//! build into an output it built before renders only the cities whose key
//! changed and keeps the pages and data files of the others as they are
//! (`build`'s side of what the preview does in memory; the preview's own
//! rebuilds render less).
//!
//! A city's pages are its page and every page of its plans. Their key
//! covers the city's content files as read (its own, its plans' and their
//! items') and what every page may show: the program itself, site.toml as
//! read, the templates and static files, the home page's file, the site's
//! shape (which cities, plans, items and categories there are: the paths of
//! every page) and what item pages show of the other cities on each theme.
//! It errs towards rendering again: a change to one plan makes its city's
//! other plans again.
//! The home page, the 404 page, the search page and the theme pages show
//! every city and are always rendered.

use std::collections::BTreeSet;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use rayon::prelude::*;

use super::scope::{self, Unit};
use crate::diagnostics::SourceFile;
use crate::render::{Scope, Templates};
use crate::search::Unit as Records;
use crate::Loaded;

/// The name a city's key is recorded under in the output's cache.
fn name(slug: &str) -> String {
    format!("city/{slug}")
}

/// A hash of the running program: a plansite built from other code may
/// make other pages from the same files, whatever its version number says.
/// A release build hashes its file's bytes (about 30 MB: milliseconds; its
/// size and time alone would not do where packagers give every file the
/// same time). A debug build, hundreds of MB read by every test that
/// builds, goes by its file's size and modification time: each compile
/// writes a new file. `None` when it cannot be told (nothing is kept then).
pub(crate) fn program() -> Option<u64> {
    static HASH: std::sync::OnceLock<Option<u64>> = std::sync::OnceLock::new();
    *HASH.get_or_init(|| {
        let exe = std::env::current_exe().ok()?;
        if cfg!(debug_assertions) {
            let meta = std::fs::metadata(exe).ok()?;
            let mut h = xxhash_rust::xxh3::Xxh3::new();
            (meta.len(), meta.modified().ok()?).hash(&mut h);
            Some(h.finish())
        } else {
            Some(xxhash_rust::xxh3::xxh3_64(&std::fs::read(exe).ok()?))
        }
    })
}

/// Each city's key, in site order; `None` when the program cannot tell
/// what it is (see [`program`]).
pub fn keys(
    loaded: &Loaded,
    templates: &Templates,
    statics: &[(String, Vec<u8>)],
) -> Option<Vec<u64>> {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    program()?.hash(&mut h);
    env!("CARGO_PKG_VERSION").hash(&mut h);
    // Debug spells out every setting, maps in the file's order.
    format!("{:?}", loaded.config).hash(&mut h);
    templates.fingerprint().hash(&mut h);
    statics.hash(&mut h);
    let site = &loaded.site;
    (&site.body, site.file.as_ref().map(|f| &f.text)).hash(&mut h);
    scope::shape(loaded, statics).hash(&mut h);
    crate::themes::ThemeMap::of(site, &loaded.config)
        .shown_on_item_pages(site)
        .hash(&mut h);
    let global = h.finish();
    let keys = site
        .cities
        .par_iter()
        .map(|city| {
            let mut h = xxhash_rust::xxh3::Xxh3::with_seed(global);
            // Each file once, in the order first met.
            let mut files: Vec<&Arc<SourceFile>> = vec![&city.pos.file];
            for plan in &city.plans {
                files.push(&plan.pos.file);
                files.extend(plan.all_categories().into_iter().map(|c| &c.pos.file));
                files.extend(plan.items.iter().map(|i| &i.pos.file));
            }
            let mut seen: Vec<*const SourceFile> = Vec::new();
            for file in files {
                if seen.contains(&Arc::as_ptr(file)) {
                    continue;
                }
                seen.push(Arc::as_ptr(file));
                (&file.display, &file.text).hash(&mut h);
            }
            h.finish()
        })
        .collect();
    Some(keys)
}

/// Keeps the pages of every city whose key the previous build into
/// `target` recorded and whose files are all intact there (`skip` says
/// which paths not to keep: they are the build's to report), and records
/// every city's key for the next build. Returns the pages left to render
/// (the others' and every page showing the whole site) and how many files
/// were kept.
pub fn keep_unchanged(
    loaded: &Loaded,
    keys: &[u64],
    target: &crate::output::Target,
    skip: &(dyn Fn(&str) -> bool + Sync),
) -> (Scope, usize) {
    let site = &loaded.site;
    let unchanged: Vec<bool> = site
        .cities
        .iter()
        .zip(keys)
        .map(|(city, &key)| {
            let name = name(&city.slug);
            target.record_inputs(&name, key);
            target.inputs_were(&name, key)
        })
        .collect();
    // Listing every page's path takes tenths of a second at national scale:
    // not for a fresh build.
    let mut pages: Vec<Vec<String>> = vec![Vec::new(); site.cities.len()];
    if unchanged.contains(&true) {
        for (path, unit) in scope::files(loaded) {
            match unit {
                Unit::City(ci) | Unit::Plan(ci, _) => pages[ci].push(path),
                _ => {}
            }
        }
    }
    let kept: Vec<Option<usize>> = unchanged
        .par_iter()
        .zip(&pages)
        .map(|(&unchanged, pages)| {
            // A file that cannot be kept is made anew with the rest of its
            // city, which reports the failure if there is one.
            let all = unchanged
                && pages
                    .iter()
                    .all(|p| !skip(p) && matches!(target.keep_as_made(p), Ok(true)));
            all.then_some(pages.len())
        })
        .collect();
    let rendered: BTreeSet<usize> = (0..site.cities.len())
        .filter(|&ci| kept[ci].is_none())
        .collect();
    let scope = Scope {
        home: true,
        not_found: true,
        plans: rendered
            .iter()
            .flat_map(|&ci| (0..site.cities[ci].plans.len()).map(move |pi| (ci, pi)))
            .collect(),
        cities: rendered,
        ..Scope::default()
    };
    (scope, kept.into_iter().flatten().sum())
}

/// The data files of plan `pi` of city `ci` kept as the previous build made
/// them, when `scope` (what [`keep_unchanged`] left to render) kept its
/// city's pages: they follow from the same inputs. Returns its two CSV
/// files, mapped for the site's CSV files; `None` when they must be made.
pub fn keep_data_files(
    loaded: &Loaded,
    scope: &Scope,
    target: &crate::output::Target,
    skip: &(dyn Fn(&str) -> bool + Sync),
    ci: usize,
    pi: usize,
) -> Option<(crate::mapped::Mapped, crate::mapped::Mapped)> {
    if scope.all || scope.cities.contains(&ci) {
        return None;
    }
    let city = &loaded.site.cities[ci];
    let dir = format!("{}/{}", city.slug, city.plans[pi].slug);
    let paths = crate::data_files::PLAN_FILES.map(|name| format!("{dir}/{name}"));
    let kept = paths
        .iter()
        .all(|p| !skip(p) && matches!(target.keep_as_made(p), Ok(true)));
    if !kept {
        return None;
    }
    // Mapped, not read: 150 MB at 50,000 items, only passed on to the
    // site's files.
    let read = |p: &String| crate::mapped::Mapped::open(&target.out.join(p)).ok();
    Some((read(&paths[1])?, read(&paths[2])?))
}

/// The name a unit's hash of its search records is recorded under.
fn records_name(loaded: &Loaded, unit: Records) -> String {
    let cities = &loaded.site.cities;
    match unit {
        Records::City(ci) => format!("search/{}", cities[ci].slug),
        Records::Plan(ci, pi) => {
            format!("search/{}/{}", cities[ci].slug, cities[ci].plans[pi].slug)
        }
    }
}

/// The search index's fingerprint and each unit's hash of its records
/// (`search::fingerprint_from`): a unit of a city `scope` kept has the
/// hash the previous build recorded for it (its records follow from the
/// same inputs), the others are hashed.
pub fn search_fingerprint(
    loaded: &Loaded,
    scope: &Scope,
    target: &crate::output::Target,
) -> (u64, Vec<u64>) {
    crate::search::fingerprint_from(loaded, |unit| {
        let (Records::City(ci) | Records::Plan(ci, _)) = unit;
        let kept = !scope.all && !scope.cities.contains(&ci);
        kept.then(|| target.inputs_recorded(&records_name(loaded, unit)))
            .flatten()
    })
}

/// Records each unit's hash of its search records (`hashes`, in the order
/// of `search::units`) for the next build's [`search_fingerprint`].
pub fn record_search(loaded: &Loaded, target: &crate::output::Target, hashes: &[u64]) {
    for (unit, hash) in crate::search::units(loaded).into_iter().zip(hashes) {
        target.record_inputs(&records_name(loaded, unit), *hash);
    }
}
