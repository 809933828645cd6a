//! What each content file was read as, kept between rebuilds so that a
//! change reads again only the files it touched.
//!
//! The site a build needs is lent out of the store (the parsed cities, plans
//! and items are moved, not copied) and given back after the build; what it
//! lends is exactly what `content::load` would give for the same files: the
//! same model in the same order, and the same messages in the same order.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::content::{self, natural_key, Parsed, Role};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{Item, Site};

/// One content file: where it is, the messages reading it gave, and what it
/// was read as (`None` while it is lent out or when it could not be read).
struct Entry {
    path: PathBuf,
    diags: Diagnostics,
    value: Option<Parsed>,
}

#[derive(Default)]
struct PlanFiles {
    index: Option<Entry>,
    items: BTreeMap<String, Option<Entry>>,
}

#[derive(Default)]
struct CityFiles {
    index: Option<Entry>,
    plans: BTreeMap<String, PlanFiles>,
}

/// Which parts of the site changed since the files were last read: cities
/// by slug, plans by city and plan slug.
#[derive(Debug, Default, Clone)]
pub struct Touched {
    pub all: bool,
    pub home: bool,
    pub cities: BTreeSet<String>,
    pub plans: BTreeSet<(String, String)>,
}

impl Touched {
    pub fn merge(&mut self, other: Touched) {
        self.all |= other.all;
        self.home |= other.home;
        self.cities.extend(other.cities);
        self.plans.extend(other.plans);
    }

    fn role(&mut self, role: &Role) {
        match role {
            Role::Home => self.home = true,
            Role::City { city } => {
                self.cities.insert(city.clone());
            }
            Role::Plan { city, plan } | Role::Item { city, plan, .. } => {
                self.plans.insert((city.clone(), plan.clone()));
            }
        }
    }
}

/// Every content file of the site as last read.
#[derive(Default)]
pub struct Store {
    /// content/ is missing: the error a build reports.
    missing: Option<Diagnostic>,
    /// What the walk of content/ reported.
    walk: Diagnostics,
    home: Option<Entry>,
    cities: BTreeMap<String, CityFiles>,
    /// The role of every file found.
    roles: HashMap<PathBuf, Role>,
}

impl Store {
    /// Reads every content file of the site at `root`.
    pub fn read(root: &Path) -> Store {
        let mut store = Store::default();
        store.rescan(root, &BTreeSet::new());
        store
    }

    /// Reads again the files of `changed` (paths inside content/); walks
    /// content/ again when one of them is new, gone or a folder. Returns
    /// what changed.
    pub fn update(&mut self, root: &Path, changed: &[PathBuf]) -> Touched {
        let mut touched = Touched::default();
        let known = changed
            .iter()
            .all(|p| self.roles.contains_key(p) && p.is_file());
        if self.missing.is_some() || content::missing(root).is_some() || !known {
            let changed: BTreeSet<PathBuf> = changed.iter().cloned().collect();
            return self.rescan(root, &changed);
        }
        let mut seen = BTreeSet::new();
        for path in changed {
            if !seen.insert(path) {
                continue;
            }
            let role = self.roles[path].clone();
            let entry = read_entry(root, path, &role);
            *self.slot(&role) = Some(entry);
            touched.role(&role);
        }
        touched
    }

    /// Walks content/ and reads the files that are new or in `changed`;
    /// keeps what was read of the others.
    fn rescan(&mut self, root: &Path, changed: &BTreeSet<PathBuf>) -> Touched {
        let mut touched = Touched::default();
        let was_missing = self.missing.is_some();
        self.missing = content::missing(root);
        if self.missing.is_some() || was_missing {
            touched.all = true;
        }
        if self.missing.is_some() {
            *self = Store {
                missing: self.missing.take(),
                ..Store::default()
            };
            return touched;
        }
        let mut walk = Diagnostics::default();
        let mut found: Vec<(Role, PathBuf)> = Vec::new();
        content::discover(root, &root.join("content"), &mut walk, &mut |role, path| {
            found.push((role, path))
        });
        self.walk = walk;
        let mut old = std::mem::take(&mut self.roles);
        let mut keep = Vec::new();
        let mut read = Vec::new();
        for (role, path) in found {
            let same = old.remove(&path).is_some_and(|r| r == role);
            if same && !changed.contains(&path) {
                keep.push((role, path));
            } else {
                read.push((role, path));
            }
        }
        // Files gone, or found again in another role.
        for (path, role) in old {
            if let Some(slot) = self.find(&role) {
                if slot.as_ref().is_some_and(|e| e.path == path) {
                    *slot = None;
                }
            }
            touched.role(&role);
        }
        let entries: Vec<(Role, PathBuf, Entry)> = read
            .into_par_iter()
            .map(|(role, path)| {
                let entry = read_entry(root, &path, &role);
                (role, path, entry)
            })
            .collect();
        for (role, path, entry) in entries {
            touched.role(&role);
            *self.slot(&role) = Some(entry);
            self.roles.insert(path, role);
        }
        for (role, path) in keep {
            self.roles.insert(path, role);
        }
        self.prune();
        touched
    }

    /// Drops cities and plans no file is left of.
    fn prune(&mut self) {
        for city in self.cities.values_mut() {
            for plan in city.plans.values_mut() {
                plan.items.retain(|_, e| e.is_some());
            }
            city.plans
                .retain(|_, p| p.index.is_some() || !p.items.is_empty());
        }
        self.cities
            .retain(|_, c| c.index.is_some() || !c.plans.is_empty());
    }

    /// Where the file of `role` is kept, made if missing.
    fn slot(&mut self, role: &Role) -> &mut Option<Entry> {
        match role {
            Role::Home => &mut self.home,
            Role::City { city } => &mut self.cities.entry(city.clone()).or_default().index,
            Role::Plan { city, plan } => {
                &mut self
                    .cities
                    .entry(city.clone())
                    .or_default()
                    .plans
                    .entry(plan.clone())
                    .or_default()
                    .index
            }
            Role::Item { city, plan, item } => self
                .cities
                .entry(city.clone())
                .or_default()
                .plans
                .entry(plan.clone())
                .or_default()
                .items
                .entry(item.clone())
                .or_default(),
        }
    }

    /// Where the file of `role` is kept, if anywhere.
    fn find(&mut self, role: &Role) -> Option<&mut Option<Entry>> {
        match role {
            Role::Home => Some(&mut self.home),
            Role::City { city } => self.cities.get_mut(city).map(|c| &mut c.index),
            Role::Plan { city, plan } => self
                .cities
                .get_mut(city)
                .and_then(|c| c.plans.get_mut(plan))
                .map(|p| &mut p.index),
            Role::Item { city, plan, item } => self
                .cities
                .get_mut(city)?
                .plans
                .get_mut(plan)?
                .items
                .get_mut(item),
        }
    }

    /// The site as `content::load` would give it, with its messages added to
    /// `diags`; the parsed files are moved into it until [`Store::give_back`].
    pub fn lend(&mut self, diags: &mut Diagnostics) -> Site {
        let mut site = Site {
            body: String::new(),
            file: None,
            cities: Vec::new(),
        };
        if let Some(missing) = &self.missing {
            diags.push(missing.clone());
            return site;
        }
        // Messages in the order of `content::load`: the walk's, then each
        // file's by role (home, cities, plans, items), each in path order.
        diags.extend(self.walk.clone());
        let mut add = |e: &Option<Entry>| {
            if let Some(e) = e {
                diags.extend(e.diags.clone());
            }
        };
        add(&self.home);
        self.cities.values().for_each(|c| add(&c.index));
        for c in self.cities.values() {
            c.plans.values().for_each(|p| add(&p.index));
        }
        for c in self.cities.values() {
            for p in c.plans.values() {
                p.items.values().for_each(&mut add);
            }
        }
        if let Some(Some(Parsed::Home(body, file))) = self.home.as_mut().map(|e| e.value.take()) {
            site.body = body;
            site.file = Some(file);
        }
        let cities: Vec<_> = self
            .cities
            .par_iter_mut()
            .filter_map(|(_, c)| {
                let Some(Parsed::City(mut city)) = c.index.as_mut()?.value.take() else {
                    return None;
                };
                for p in c.plans.values_mut() {
                    let Some(Parsed::Plan(mut plan)) =
                        p.index.as_mut().and_then(|e| e.value.take())
                    else {
                        continue;
                    };
                    let mut items: Vec<Item> = p
                        .items
                        .values_mut()
                        .filter_map(|e| match e.as_mut()?.value.take() {
                            Some(Parsed::Item(i)) => Some(i),
                            _ => None,
                        })
                        .collect();
                    // 9.md before 10.md, as content::load orders them.
                    items.sort_by_cached_key(|i| natural_key(&i.slug));
                    plan.items = items;
                    city.plans.push(plan);
                }
                Some(city)
            })
            .collect();
        site.cities = cities;
        site
    }

    /// Takes back the parsed files of a site [`Store::lend`] gave.
    pub fn give_back(&mut self, site: Site) {
        if let (Some(home), Some(file)) = (self.home.as_mut(), site.file) {
            home.value = Some(Parsed::Home(site.body, file));
        }
        for mut city in site.cities {
            let Some(c) = self.cities.get_mut(&city.slug) else {
                continue;
            };
            for mut plan in std::mem::take(&mut city.plans) {
                let Some(p) = c.plans.get_mut(&plan.slug) else {
                    continue;
                };
                for item in std::mem::take(&mut plan.items) {
                    if let Some(Some(e)) = p.items.get_mut(&item.slug) {
                        e.value = Some(Parsed::Item(item));
                    }
                }
                if let Some(e) = p.index.as_mut() {
                    e.value = Some(Parsed::Plan(plan));
                }
            }
            if let Some(e) = c.index.as_mut() {
                e.value = Some(Parsed::City(city));
            }
        }
    }
}

/// Reads the content file at `path` in its `role`.
fn read_entry(root: &Path, path: &Path, role: &Role) -> Entry {
    let mut diags = Diagnostics::default();
    let value = content::parse_file(root, path, role, &mut diags);
    Entry {
        path: path.to_path_buf(),
        diags,
        value,
    }
}
