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

/// What each part of the site-wide files was last made as. Made whole
/// after a whole build ([`Parts::of_whole`]); a part not known is made.
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
    /// Every part of a site just built whole, and the search index's
    /// fingerprint: what the first change after a whole build starts from.
    /// Made now rather than by that change, which would otherwise make
    /// every part (about 1.5 s at 50,000 items, while the author waits for
    /// the next save to show).
    pub fn of_whole(loaded: &Loaded) -> (Parts, u64) {
        let site = &loaded.site;
        let csv = loaded
            .site
            .plan_indices()
            .par_iter()
            .map(|&(ci, pi)| {
                let (city, plan) = (&site.cities[ci], &site.cities[ci].plans[pi]);
                let assessment = loaded.assessment.plan(ci, pi);
                let made = crate::data_files::plan_csv(&loaded.config, city, plan, assessment);
                (key(loaded, Unit::Plan(ci, pi)), made)
            })
            .collect();
        let mut parts = Parts {
            csv,
            search: HashMap::new(),
        };
        // Nothing is known yet, so every unit's records are hashed.
        let (plans, cities) = (BTreeSet::new(), BTreeSet::new());
        let fingerprint = parts.search_fingerprint(
            loaded,
            &Changed {
                plans: &plans,
                cities: &cities,
            },
        );
        (parts, fingerprint)
    }

    /// Makes the parts of the changed plans again (milliseconds: a few
    /// plans' CSV files), as [`Parts::site_files`] will join them.
    pub fn update_csv(&mut self, loaded: &Loaded, changed: &Changed) {
        let site = &loaded.site;
        let plans = loaded.site.plan_indices();
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
    }

    /// The site's data files (`data_files::SITE_FILES`), joined from the
    /// parts as [`Parts::update_csv`] last left them.
    pub fn site_files(&self, loaded: &Loaded) -> [Vec<u8>; 6] {
        let parts: Vec<(&[u8], &[u8])> = loaded
            .site
            .plan_indices()
            .iter()
            .map(|&(ci, pi)| {
                let (k, i) = &self.csv[&key(loaded, Unit::Plan(ci, pi))];
                (k.as_slice(), i.as_slice())
            })
            .collect();
        crate::data_files::site_files_of(&loaded.config, &loaded.site, &parts)
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
