//! The site-wide files of a preview — the site's CSV files and the search
//! index's fingerprint — made after a change from each plan's part as it
//! was last made: only the parts of the plans and cities that changed are
//! made again. At 50,000 items making them whole took most of a second
//! after every saved figure.

use std::collections::{BTreeSet, HashMap};

use rayon::prelude::*;

use crate::search::Unit;
use crate::Loaded;

/// A city's slug, and a plan's in it (`None`: the city's own part).
type Key = (String, Option<String>);

/// What each part of the site-wide files was last made as. Emptied by a
/// whole build (a new `Written`); a part not known is made.
#[derive(Debug, Default)]
pub struct Parts {
    /// Each plan's `data.csv` and `items.csv`, of which the site's CSV
    /// files are made (about as many bytes as those files).
    csv: HashMap<Key, (Vec<u8>, Vec<u8>)>,
    /// Each unit's hash of its search records (`search::fingerprint_from`).
    search: HashMap<Key, u64>,
}

/// What changed: the plans whose data files were made again (a plan's rows
/// depend on its city, its own file and the site's settings alone) and the
/// cities whose pages were.
pub struct Changed<'a> {
    pub plans: &'a BTreeSet<(usize, usize)>,
    pub cities: &'a BTreeSet<usize>,
}

impl Parts {
    /// The site's data files (`data_files::SITE_FILES`).
    pub fn site_files(&mut self, loaded: &Loaded, changed: &Changed) -> [Vec<u8>; 6] {
        let site = &loaded.site;
        let plans: Vec<(usize, usize)> = plans(loaded);
        let mut known = std::mem::take(&mut self.csv);
        let fresh: Vec<Option<(Vec<u8>, Vec<u8>)>> = plans
            .par_iter()
            .map(|&(ci, pi)| {
                let key = key(loaded, Unit::Plan(ci, pi));
                if !changed.plans.contains(&(ci, pi)) && known.contains_key(&key) {
                    return None;
                }
                let (city, plan) = (&site.cities[ci], &site.cities[ci].plans[pi]);
                let assessment = loaded.assessment.plan(ci, pi);
                Some(crate::data_files::plan_csv(
                    &loaded.config,
                    city,
                    plan,
                    assessment,
                ))
            })
            .collect();
        // Only the site's plans are kept: one removed leaves no rows behind.
        for (&(ci, pi), made) in plans.iter().zip(fresh) {
            let key = key(loaded, Unit::Plan(ci, pi));
            let part = match made {
                Some(made) => made,
                None => known.remove(&key).unwrap_or_default(),
            };
            self.csv.insert(key, part);
        }
        let parts: Vec<&(Vec<u8>, Vec<u8>)> = plans
            .iter()
            .map(|&(ci, pi)| &self.csv[&key(loaded, Unit::Plan(ci, pi))])
            .collect();
        crate::data_files::site_files_of(
            &loaded.config,
            site,
            parts.iter().map(|(k, i)| (k.as_slice(), i.as_slice())),
        )
    }

    /// The search index's fingerprint (`search::fingerprint`), hashing the
    /// records of the changed parts alone.
    pub fn search_fingerprint(&mut self, loaded: &Loaded, changed: &Changed) -> u64 {
        let known = &self.search;
        let (fingerprint, hashes) = crate::search::fingerprint_from(loaded, |unit| {
            let changed = match unit {
                Unit::City(ci) => changed.cities.contains(&ci),
                Unit::Plan(ci, pi) => {
                    changed.plans.contains(&(ci, pi)) || changed.cities.contains(&ci)
                }
            };
            match changed {
                true => None,
                false => known.get(&key(loaded, unit)).copied(),
            }
        });
        self.search = crate::search::units(loaded)
            .into_iter()
            .zip(hashes)
            .map(|(unit, hash)| (key(loaded, unit), hash))
            .collect();
        fingerprint
    }
}

fn plans(loaded: &Loaded) -> Vec<(usize, usize)> {
    let cities = loaded.site.cities.iter().enumerate();
    cities
        .flat_map(|(ci, c)| (0..c.plans.len()).map(move |pi| (ci, pi)))
        .collect()
}

fn key(loaded: &Loaded, unit: Unit) -> Key {
    let cities = &loaded.site.cities;
    match unit {
        Unit::City(ci) => (cities[ci].slug.clone(), None),
        Unit::Plan(ci, pi) => (
            cities[ci].slug.clone(),
            Some(cities[ci].plans[pi].slug.clone()),
        ),
    }
}
