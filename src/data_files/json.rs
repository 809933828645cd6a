//! A plan's `data.json`: everything the model holds about the plan, with
//! its assessment.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::assess::{
    CityAssessment, Disagreement, ItemAssessment, PlanAssessment, Summary, YearAssessment,
};
use crate::config::{Config, Indicator, Scale, Theme};
use crate::model::{
    Action, Baseline, Category, City, Datum, Detail, Direction, Item, Method, Plan, Totals, Year,
    YearMap,
};

pub const JSON_FORMAT: &str = "plansite-plan/1";

pub fn plan_json(
    config: &Config,
    city: &City,
    plan: &Plan,
    city_assessment: &CityAssessment,
    assessment: &PlanAssessment,
) -> String {
    let doc = PlanDoc {
        format: JSON_FORMAT,
        city: CityJson {
            slug: &city.slug,
            name: &city.name,
            prefecture: &city.prefecture,
            code: &city.code,
            summaries: &city_assessment.summaries,
        },
        plan: PlanJson {
            slug: &plan.slug,
            title: &plan.title,
            period: plan.period,
            report_year: plan.report_year,
            method: plan.method,
            direction: plan.direction,
            scale: config.scales.get(&plan.scale),
            category_levels: &plan.category_levels,
            categories: &plan.categories,
            source: &plan.source,
            notes: &plan.notes,
            themes: &plan.themes,
            body: &plan.body,
        },
        themes: config
            .themes
            .iter()
            .filter(|t| {
                plan.items
                    .iter()
                    .any(|i| i.all_themes(plan).contains(&t.slug.as_str()))
            })
            .collect(),
        indicators: config
            .indicators
            .values()
            .filter(|ind| {
                plan.items
                    .iter()
                    .flat_map(|i| &i.kpis)
                    .any(|k| k.indicator.as_deref() == Some(ind.id.as_str()))
            })
            .collect(),
        summary: &assessment.summary,
        category_summaries: &assessment.categories,
        items: plan
            .items
            .iter()
            .zip(&assessment.items)
            .map(|(i, a)| item_json(plan, i, a))
            .collect(),
    };
    // Compact: a plan's data runs to hundreds of kilobytes, and browsers and
    // tools format JSON for reading themselves.
    let mut s = serde_json::to_string(&doc).expect("JSON of plain data cannot fail");
    s.push('\n');
    s
}

// The document is serialised from borrowing structs, straight to text: a
// `serde_json::Value` tree of the whole plan cost as much as the rest of
// the export. Field order is the order of the output.

#[derive(Serialize)]
struct PlanDoc<'a> {
    format: &'static str,
    city: CityJson<'a>,
    plan: PlanJson<'a>,
    /// The site's themes the plan's items are on, and the indicators its
    /// KPIs report, as site.toml defines them: the file explains its ids.
    themes: Vec<&'a Theme>,
    indicators: Vec<&'a Indicator>,
    summary: &'a Summary,
    category_summaries: &'a BTreeMap<String, Summary>,
    items: Vec<ItemJson<'a>>,
}

#[derive(Serialize)]
struct CityJson<'a> {
    slug: &'a str,
    name: &'a str,
    prefecture: &'a Option<String>,
    code: &'a Option<String>,
    summaries: &'a [Summary],
}

#[derive(Serialize)]
struct PlanJson<'a> {
    slug: &'a str,
    title: &'a str,
    period: [Year; 2],
    report_year: Year,
    method: Method,
    direction: Direction,
    scale: Option<&'a Scale>,
    category_levels: &'a [String],
    categories: &'a [Category],
    source: &'a Option<String>,
    notes: &'a [String],
    themes: &'a [String],
    body: &'a str,
}

/// An item as the model has it (every field of `model::Item`, checked by a
/// test), with its category path and its assessment.
#[derive(Serialize)]
struct ItemJson<'a> {
    slug: &'a str,
    number: &'a str,
    title: &'a str,
    category: &'a Option<String>,
    departments: &'a [String],
    status: &'a YearMap<String>,
    tags: &'a [String],
    /// The item's themes and its plan's (`Item::all_themes`).
    themes: Vec<&'a str>,
    details: &'a [Detail],
    actions: &'a [Action],
    kpis: Vec<KpiJson<'a>>,
    notes: &'a [String],
    body: &'a str,
    category_path: Vec<&'a str>,
    assessment: ItemAssessmentJson<'a>,
}

/// A KPI as the model has it, with the effective method and direction (so
/// that consumers need not apply defaults) and its assessment.
#[derive(Serialize)]
struct KpiJson<'a> {
    name: &'a str,
    indicator: &'a Option<String>,
    unit: &'a Option<String>,
    direction: Direction,
    method: Method,
    baseline: &'a Option<Baseline>,
    targets: &'a YearMap<Datum>,
    actuals: &'a YearMap<Datum>,
    totals: &'a Option<Totals>,
    status: &'a YearMap<String>,
    #[serde(serialize_with = "crate::model::serialize_opt_number")]
    reported_rate: &'a Option<f64>,
    notes: &'a [String],
    assessment: KpiAssessmentJson<'a>,
}

#[derive(Serialize)]
struct KpiAssessmentJson<'a> {
    years: &'a [YearAssessment],
    disagreements: &'a [Disagreement],
}

#[derive(Serialize)]
struct ItemAssessmentJson<'a> {
    year: Year,
    reported: &'a Option<String>,
    computed: &'a Option<String>,
    disagrees: bool,
}

fn item_json<'a>(plan: &'a Plan, item: &'a Item, assessment: &'a ItemAssessment) -> ItemJson<'a> {
    let category_path = item
        .category
        .as_deref()
        .map(|id| {
            plan.category_path(id)
                .iter()
                .map(|c| c.id.as_str())
                .collect()
        })
        .unwrap_or_default();
    ItemJson {
        slug: &item.slug,
        number: &item.number,
        title: &item.title,
        category: &item.category,
        departments: &item.departments,
        status: &item.status,
        tags: &item.tags,
        themes: item.all_themes(plan),
        details: &item.details,
        actions: &item.actions,
        kpis: item
            .kpis
            .iter()
            .zip(&assessment.kpis)
            .map(|(k, a)| KpiJson {
                name: &k.name,
                indicator: &k.indicator,
                unit: &k.unit,
                direction: k.direction.unwrap_or(plan.direction),
                method: k.method.unwrap_or(plan.method),
                baseline: &k.baseline,
                targets: &k.targets,
                actuals: &k.actuals,
                totals: &k.totals,
                status: &k.status,
                reported_rate: &k.reported_rate,
                notes: &k.notes,
                assessment: KpiAssessmentJson {
                    years: &a.years,
                    disagreements: &a.disagreements,
                },
            })
            .collect(),
        notes: &item.notes,
        body: &item.body,
        category_path,
        assessment: ItemAssessmentJson {
            year: plan.report_year,
            reported: &assessment.reported,
            computed: &assessment.computed,
            disagrees: assessment.disagrees,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    /// data.json promises every field of an item and its KPIs; the export
    /// structs list them by hand, so a field added to the model must be
    /// added there too.
    #[test]
    fn items_and_kpis_carry_every_field_of_the_model() {
        let loaded = crate::load(std::path::Path::new(env!("CARGO_MANIFEST_DIR")));
        let keys = |v: &serde_json::Value| -> BTreeSet<String> {
            v.as_object().unwrap().keys().cloned().collect()
        };
        let mut items = 0;
        for (ci, city) in loaded.site.cities.iter().enumerate() {
            for (pi, plan) in city.plans.iter().enumerate() {
                let pa = loaded.assessment.plan(ci, pi);
                for (item, ia) in plan.items.iter().zip(&pa.items) {
                    let model = serde_json::to_value(item).unwrap();
                    let export = serde_json::to_value(item_json(plan, item, ia)).unwrap();
                    let missing: Vec<_> =
                        keys(&model).difference(&keys(&export)).cloned().collect();
                    assert!(missing.is_empty(), "data.json items lack {missing:?}");
                    for (m, e) in model["kpis"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .zip(export["kpis"].as_array().unwrap())
                    {
                        let missing: Vec<_> = keys(m).difference(&keys(e)).cloned().collect();
                        assert!(missing.is_empty(), "data.json KPIs lack {missing:?}");
                    }
                    items += 1;
                }
            }
        }
        assert!(items > 200, "the demo has all its items ({items})");
    }
}
