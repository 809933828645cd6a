//! What the search page shows: the filters' choices, and for readers
//! without JavaScript every plan with its per-status pages. Typed views,
//! serialised straight into the template's values: at national scale the
//! page lists hundreds of plans and thousands of links.

use std::collections::BTreeSet;

use rayon::prelude::*;
use serde::Serialize;

use super::{index, records, units, Unit};
use crate::model::Year;
use crate::render::views::{index_page, Ctx};
use crate::Loaded;

#[derive(Serialize)]
pub struct SearchPage<'a> {
    records: usize,
    shards: usize,
    block: usize,
    cities: Vec<CityChoice<'a>>,
    plan_groups: Vec<Group<'a>>,
    status_groups: Vec<Group<'a>>,
    no_status: &'static str,
    years: Vec<Choice<'a>>,
    departments: Vec<Choice<'a>>,
    themes: Vec<Choice<'a>>,
}

#[derive(Serialize)]
struct Choice<'a> {
    value: String,
    label: std::borrow::Cow<'a, str>,
}

#[derive(Serialize)]
struct Group<'a> {
    label: &'a str,
    options: Vec<Choice<'a>>,
}

#[derive(Serialize)]
struct CityChoice<'a> {
    name: &'a str,
    slug: &'a str,
    url: String,
    plans: Vec<PlanLinks<'a>>,
}

#[derive(Serialize)]
struct PlanLinks<'a> {
    title: &'a str,
    url: String,
    statuses: Vec<StatusLink<'a>>,
}

/// A link to a plan's page of one grade, or of items without one (`none`).
#[derive(Serialize)]
struct StatusLink<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    label: Option<&'a str>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    none: bool,
    count: usize,
    url: String,
}

/// A plan's part of the page, made on any thread.
struct PlanPart<'a> {
    links: PlanLinks<'a>,
    option: Choice<'a>,
    departments: &'a BTreeSet<String>,
    years: &'a BTreeSet<Year>,
}

fn choice<'a>(value: String, label: impl Into<std::borrow::Cow<'a, str>>) -> Choice<'a> {
    Choice {
        value,
        label: label.into(),
    }
}

pub fn page_view(loaded: &Loaded) -> SearchPage<'_> {
    let (site, config) = (&loaded.site, &loaded.config);
    let ctx = Ctx { config };
    let link = |dir: String| dir + index_page(config);
    let plans: Vec<(usize, usize)> = units(loaded)
        .into_iter()
        .filter_map(|u| match u {
            Unit::Plan(ci, pi) => Some((ci, pi)),
            Unit::City(_) => None,
        })
        .collect();
    let parts: Vec<PlanPart> = plans
        .par_iter()
        .map(|&(ci, pi)| {
            let (city, plan) = (&site.cities[ci], &site.cities[ci].plans[pi]);
            let dir = format!("{}/{}/", city.slug, plan.slug);
            let summary = &loaded.assessment.plan(ci, pi).summary;
            let mut statuses: Vec<StatusLink> = summary
                .reported
                .levels
                .iter()
                .map(|l| StatusLink {
                    label: Some(&l.label),
                    none: false,
                    count: l.count,
                    url: link(format!("{dir}status/{}/", l.slug)),
                })
                .collect();
            statuses.push(StatusLink {
                label: None,
                none: true,
                count: summary.reported.none,
                url: link(format!("{dir}status/{}/", crate::config::NO_STATUS_SLUG)),
            });
            let facets = &loaded.assessment.plan(ci, pi).facets;
            let part = PlanPart {
                option: choice(format!("{}/{}", city.slug, plan.slug), &plan.title),
                links: PlanLinks {
                    title: &plan.title,
                    url: link(dir),
                    statuses,
                },
                departments: &facets.departments,
                years: &facets.years,
            };
            part
        })
        .collect();
    let mut parts = parts.into_iter();
    let mut cities = Vec::new();
    let mut plan_groups = Vec::new();
    let mut years: BTreeSet<Year> = BTreeSet::new();
    let mut departments: BTreeSet<&str> = BTreeSet::new();
    let mut scales: Vec<&str> = Vec::new();
    for city in &site.cities {
        let mut links = Vec::new();
        let mut options = Vec::new();
        for (plan, part) in city.plans.iter().zip(parts.by_ref()) {
            links.push(part.links);
            options.push(part.option);
            if !scales.contains(&plan.scale.as_str()) {
                scales.push(&plan.scale);
            }
            departments.extend(part.departments.iter().map(String::as_str));
            years.extend(part.years);
        }
        cities.push(CityChoice {
            name: &city.name,
            slug: &city.slug,
            url: link(format!("{}/", city.slug)),
            plans: links,
        });
        plan_groups.push(Group {
            label: &city.name,
            options,
        });
    }
    let status_groups = scales
        .iter()
        .filter_map(|key| config.scales.get(*key))
        .map(|s| Group {
            label: &s.name,
            options: s
                .levels
                .iter()
                .map(|l| choice(format!("{}:{}", s.key, l.slug), &l.label))
                .collect(),
        })
        .collect();
    let records = records::count(loaded);
    SearchPage {
        records,
        shards: index::shard_count(records),
        block: index::BLOCK,
        cities,
        plan_groups,
        status_groups,
        no_status: crate::config::NO_STATUS_SLUG,
        years: years
            .iter()
            .rev()
            .map(|y| choice(y.to_string(), ctx.year(None, *y)))
            .collect(),
        departments: departments
            .iter()
            .map(|d| choice(d.to_string(), *d))
            .collect(),
        themes: config
            .themes
            .iter()
            .map(|t| choice(t.slug.clone(), &t.label))
            .collect(),
    }
}
