//! What can be found: a record for every city, plan, category, item and
//! KPI, in site order, with the text it is found by, what a result shows
//! and the filters it passes.

use std::collections::BTreeSet;

use serde::Serialize;

use crate::model::{City, Item, Plan, Year};
use crate::render::views::{index_page, Ctx};
use crate::Loaded;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    City,
    Plan,
    Category,
    Item,
    Kpi,
}

/// A grade as a result shows it: its label (never its colour alone) and
/// the year it was given.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct Tag {
    pub label: String,
    pub color: String,
    pub year: String,
}

#[derive(Debug, Clone, Hash)]
pub struct Record {
    pub kind: Kind,
    pub title: String,
    /// From the site's root, as pages link it.
    pub url: String,
    /// Where it is: the city, the plan, the item (a KPI's).
    pub place: String,
    /// Text it is found by besides its title, a field per entry.
    pub text: Vec<String>,
    pub status: Option<Tag>,
    /// Filter keys (`c:<city>`, `p:<city>/<plan>`, `s:<scale>:<level>`,
    /// `y:<year>`, `d:<department>`); see [`super::filter_key`].
    pub filters: Vec<String>,
}

/// How many records the site has, without making them: the index's file
/// names follow from it.
pub fn count(loaded: &Loaded) -> usize {
    loaded
        .site
        .cities
        .iter()
        .map(|c| 1 + c.plans.iter().map(count_of_plan).sum::<usize>())
        .sum()
}

/// How many records [`of_plan`] makes of `plan`.
pub fn count_of_plan(plan: &Plan) -> usize {
    1 + plan.all_categories().len()
        + plan.items.len()
        + plan.items.iter().map(|i| i.kpis.len()).sum::<usize>()
}

/// The records of one plan (the plan, its categories, its items each
/// followed by its KPIs), made on any thread.
pub fn of_plan(loaded: &Loaded, ci: usize, pi: usize) -> Vec<Record> {
    let config = &loaded.config;
    let ctx = Ctx { config };
    let city = &loaded.site.cities[ci];
    let plan = &city.plans[pi];
    let pa = loaded.assessment.plan(ci, pi);
    let dir = format!("{}/{}/", city.slug, plan.slug);
    let page = |sub: &str| format!("{dir}{sub}{}", index_page(config));
    let sep = " › ";
    let city_key = format!("c:{}", city.slug);
    let plan_key = format!("p:{}/{}", city.slug, plan.slug);
    let mut out = vec![Record {
        kind: Kind::Plan,
        title: plan.title.clone(),
        url: page(""),
        place: city.name.clone(),
        text: [markdown_text(&plan.body)]
            .into_iter()
            .chain(plan.notes.iter().cloned())
            .chain(plan.source.clone())
            .collect(),
        status: None,
        filters: vec![
            city_key.clone(),
            plan_key.clone(),
            format!("y:{}", plan.report_year),
        ],
    }];
    let in_plan = format!("{}{sep}{}", city.name, plan.title);
    for (cat, slug) in plan.all_categories().into_iter().zip(plan.category_slugs()) {
        out.push(Record {
            kind: Kind::Category,
            title: cat.title.clone(),
            url: page(&format!("category/{slug}/")),
            place: in_plan.clone(),
            text: vec![markdown_text(&cat.body)],
            status: None,
            filters: vec![city_key.clone(), plan_key.clone()],
        });
    }
    let scale = config.scales.get(&plan.scale);
    for (item, a) in plan.items.iter().zip(&pa.items) {
        let level = a
            .reported
            .as_ref()
            .and_then(|k| scale.and_then(|s| s.level(k)));
        let status_key = match (scale, level) {
            (Some(s), Some(l)) => format!("s:{}:{}", s.key, l.slug),
            _ => format!("s:{}", crate::config::NO_STATUS_SLUG),
        };
        // The latest grade given, as the plan's tables show it.
        let status = item.status.iter().next_back().map(|(y, k)| {
            let level = scale.and_then(|s| s.level(k));
            Tag {
                label: level.map_or(k.as_str(), |l| l.label.as_str()).to_string(),
                color: level.map_or("#595959", |l| l.color.as_str()).to_string(),
                year: ctx.year(Some(plan), *y),
            }
        });
        let mut filters = vec![city_key.clone(), plan_key.clone(), status_key];
        filters.extend(item.departments.iter().map(|d| format!("d:{d}")));
        filters.extend(item.all_themes(plan).iter().map(|t| format!("t:{t}")));
        let url = page(&format!("{}/", item.slug));
        let with_years = |years: &BTreeSet<Year>| -> Vec<String> {
            let years = years.iter().map(|y| format!("y:{y}"));
            filters.iter().cloned().chain(years).collect()
        };
        out.push(Record {
            kind: Kind::Item,
            title: item.title.clone(),
            url: url.clone(),
            place: in_plan.clone(),
            text: item_text(plan, item),
            status: status.clone(),
            filters: with_years(&item.reported_years()),
        });
        for (n, kpi) in item.kpis.iter().enumerate() {
            // A KPI carries its item's grade and departments; its years are
            // those it has figures for.
            let years = kpi
                .actuals
                .keys()
                .chain(kpi.status.keys())
                .copied()
                .collect();
            out.push(Record {
                kind: Kind::Kpi,
                title: kpi.name.clone(),
                url: format!("{url}#item-{}-kpi-{}", item.slug, n + 1),
                place: format!("{in_plan}{sep}{}", item.title),
                text: kpi.unit.iter().chain(&kpi.notes).cloned().collect(),
                status: status.clone(),
                filters: with_years(&years),
            });
        }
    }
    out
}

/// The record of a city.
pub fn of_city(loaded: &Loaded, city: &City) -> Record {
    Record {
        kind: Kind::City,
        title: city.name.clone(),
        url: format!("{}/{}", city.slug, index_page(&loaded.config)),
        place: city.prefecture.clone().unwrap_or_default(),
        text: vec![markdown_text(&city.body)],
        status: None,
        filters: vec![format!("c:{}", city.slug)],
    }
}

/// An item's text besides its title: number, departments, tags, details,
/// schedule, notes and narrative. Its KPIs are records of their own.
fn item_text(plan: &Plan, item: &Item) -> Vec<String> {
    let mut text = vec![item.number.clone()];
    text.extend(item.departments.iter().cloned());
    text.extend(item.tags.iter().cloned());
    if let Some(path) = item.category.as_deref() {
        text.extend(plan.category_path(path).iter().map(|c| c.title.clone()));
    }
    for d in &item.details {
        text.push(d.label.clone());
        text.push(d.text.clone());
    }
    for a in &item.actions {
        text.push(a.title.clone());
        for d in a.plan.values().chain(a.actual.values()) {
            if let crate::model::Value::Text(t) = &d.value {
                text.push(t.clone());
            }
        }
        text.extend(a.notes.iter().cloned());
    }
    text.extend(item.notes.iter().cloned());
    text.push(markdown_text(&item.body));
    text
}

fn markdown_text(markdown: &str) -> String {
    crate::markdown::to_text(markdown)
}
