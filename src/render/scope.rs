//! Which pages a render makes: all of them for a build, those a change
//! affects for a preview's rebuild.

use std::collections::BTreeSet;

/// A set of the site's pages, by what they show: the home page, the 404
/// page, cities' pages (by index) and plans' pages (city and plan index;
/// a plan's pages are its plan page, status pages, print view and items).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scope {
    pub all: bool,
    pub home: bool,
    pub not_found: bool,
    pub cities: BTreeSet<usize>,
    pub plans: BTreeSet<(usize, usize)>,
    /// Of the plans' pages, the plan page alone.
    pub plan_page_only: bool,
}

impl Scope {
    /// Every page of the site.
    pub fn all() -> Scope {
        Scope {
            all: true,
            ..Scope::default()
        }
    }

    pub fn home(&self) -> bool {
        self.all || self.home
    }

    pub fn not_found(&self) -> bool {
        self.all || self.not_found
    }

    pub fn city(&self, ci: usize) -> bool {
        self.all || self.cities.contains(&ci)
    }

    pub fn plan(&self, unit: (usize, usize)) -> bool {
        self.all || self.plans.contains(&unit)
    }
}
