//! Assess: achievement rates, the statuses a scale's rule gives, the checks
//! of every reported figure against them, and status summaries.
//!
//! The city's reported grade stays the official one; what is computed here
//! stands beside it, and every disagreement becomes a warning at the line
//! that reported it.
//!
//! - `missing`: why a rate or a computed status cannot be given, in words;
//! - `rate`: achievement rates by method and direction, from the figures of each year;
//! - `formula`: the quotient that keeps the verdict whatever the signs, and its formula;
//! - `sum`: sums of figures, exact in decimals where floating point is not;
//! - `rule`: the status a scale's rule gives, and the figures behind it;
//! - `kpi`: one KPI assessed year by year, and what the city reported checked against it;
//! - `summary`: counts and shares of each level.

mod formula;
mod kpi;
mod missing;
mod rate;
mod rule;
mod sum;
mod summary;
#[cfg(test)]
pub(crate) mod testing;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::config::{Config, Scale};
use crate::diagnostics::Diagnostics;
use crate::model::{serialize_number, Direction, Item, Method, Plan, Site, Year};

pub use formula::Formula;
pub use missing::{Figure, Missing};
pub use rate::{rate, round_to, target_for, Rate};
pub use rule::compare;
pub use summary::{LevelCount, Summary, Tally};

fn ser_number<S: serde::Serializer>(n: &f64, s: S) -> Result<S::Ok, S::Error> {
    serialize_number(*n, s)
}

/// The assessment of one KPI for one fiscal year.
#[derive(Debug, Clone, Serialize)]
pub struct YearAssessment {
    pub year: Year,
    pub rate: Option<Rate>,
    /// Why there is no rate, when there is none.
    pub rate_missing: Option<Missing>,
    /// The level the scale's rule gives; None for manual scales or missing figures.
    pub computed: Option<String>,
    /// Why there is no computed status although the scale has a rule.
    pub computed_missing: Option<Missing>,
    /// The status the city reported (on the KPI, or on its item when the item has one KPI).
    pub reported: Option<String>,
    /// Reported and computed both exist and differ.
    pub disagrees: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct KpiAssessment {
    pub method: Method,
    pub direction: Direction,
    /// The plan's report year first, then every other year with a reported status.
    pub years: Vec<YearAssessment>,
    /// Differences between what the city printed and what its figures give.
    pub disagreements: Vec<Disagreement>,
    /// The published rate differs from the computed one.
    pub rate_disagrees: bool,
    /// A printed total differs from the sum of the yearly figures.
    pub totals_disagree: bool,
}

/// One reported figure that the computation does not confirm.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Disagreement {
    Status {
        year: Year,
        reported: String,
        computed: String,
        /// The figures behind the computed status.
        figures: String,
    },
    Rate {
        year: Year,
        #[serde(serialize_with = "ser_number")]
        published: f64,
        #[serde(serialize_with = "ser_number")]
        computed: f64,
        formula: Formula,
    },
    Total {
        what: Figure,
        #[serde(serialize_with = "ser_number")]
        printed: f64,
        #[serde(serialize_with = "ser_number")]
        sum: f64,
    },
}

impl KpiAssessment {
    /// The assessment for the plan's report year.
    pub fn headline(&self) -> &YearAssessment {
        &self.years[0]
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ItemAssessment {
    pub kpis: Vec<KpiAssessment>,
    /// The item's status for the report year: reported, and computed where it
    /// derives from the item's single KPI.
    pub reported: Option<String>,
    pub computed: Option<String>,
    pub disagrees: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct PlanAssessment {
    pub items: Vec<ItemAssessment>,
    pub summary: Summary,
    /// By category id, every level of the hierarchy.
    pub categories: BTreeMap<String, Summary>,
    /// What the plan's items cover (`Plan::facets`): made here, with the
    /// rest of what is derived from every item, so that the preview keeps
    /// it for the plans that did not change.
    #[serde(skip)]
    pub facets: crate::model::Facets,
}

#[derive(Debug, Clone, Serialize)]
pub struct CityAssessment {
    pub plans: Vec<PlanAssessment>,
    /// One summary per scale the city's plans use, in order of first use.
    pub summaries: Vec<Summary>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Assessment {
    pub cities: Vec<CityAssessment>,
}

impl Assessment {
    pub fn plan(&self, city: usize, plan: usize) -> &PlanAssessment {
        &self.cities[city].plans[plan]
    }
}

/// Assesses the whole site; disagreements are reported as warnings.
pub fn site(site: &Site, config: &Config, diags: &mut Diagnostics) -> Assessment {
    use rayon::prelude::*;
    // Cities on every core, each with its own findings, merged in site order
    // so that the report reads the same on any machine.
    let assessed: Vec<(CityAssessment, Diagnostics)> =
        site.cities.par_iter().map(|c| city(c, config)).collect();
    let mut cities = Vec::with_capacity(assessed.len());
    for (city, found) in assessed {
        diags.extend(found);
        cities.push(city);
    }
    Assessment { cities }
}

/// One city's plans assessed and summed up by scale, with its findings.
pub fn city(city: &crate::model::City, config: &Config) -> (CityAssessment, Diagnostics) {
    let mut found = Diagnostics::default();
    let plans: Vec<PlanAssessment> = city
        .plans
        .iter()
        .map(|p| plan(p, config, &mut found))
        .collect();
    let mut summaries: Vec<Summary> = Vec::new();
    for (p, a) in city.plans.iter().zip(&plans) {
        match summaries.iter_mut().find(|s| s.scale == p.scale) {
            Some(s) => summary::add(s, &a.summary),
            None => summaries.push(a.summary.clone()),
        }
    }
    for s in &mut summaries {
        summary::recompute_shares(s);
    }
    (CityAssessment { plans, summaries }, found)
}

pub fn plan(plan: &Plan, config: &Config, diags: &mut Diagnostics) -> PlanAssessment {
    let scale = config.scales.get(&plan.scale);
    let items: Vec<ItemAssessment> = plan
        .items
        .iter()
        .map(|i| item(plan, scale, i, diags))
        .collect();
    let all: Vec<usize> = (0..plan.items.len()).collect();
    let summary = summary::summarize(plan, scale, &items, &all);
    let mut categories = BTreeMap::new();
    for c in plan.all_categories() {
        let members: Vec<usize> = plan
            .items
            .iter()
            .enumerate()
            .filter(|(_, i)| i.category.as_deref().is_some_and(|id| c.contains(id)))
            .map(|(n, _)| n)
            .collect();
        categories.insert(
            c.id.clone(),
            summary::summarize(plan, scale, &items, &members),
        );
    }
    PlanAssessment {
        items,
        summary,
        categories,
        facets: plan.facets(),
    }
}

fn item(
    plan: &Plan,
    scale: Option<&Scale>,
    item: &Item,
    diags: &mut Diagnostics,
) -> ItemAssessment {
    // An item's grade derives from its KPI when it has exactly one.
    let single = item.kpis.len() == 1;
    let kpis: Vec<KpiAssessment> = item
        .kpis
        .iter()
        .enumerate()
        .map(|(n, k)| kpi::assess(plan, scale, item, n, k, single, diags))
        .collect();
    let reported = item.status.get(&plan.report_year).cloned();
    let computed = if single {
        kpis[0].headline().computed.clone()
    } else {
        None
    };
    let disagrees = matches!((&reported, &computed), (Some(r), Some(c)) if r != c);
    ItemAssessment {
        kpis,
        reported,
        computed,
        disagrees,
    }
}
