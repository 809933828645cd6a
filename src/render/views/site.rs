//! The home, city and plan pages' views: cities, plans, their status
//! summaries and the category hierarchy.

use std::collections::BTreeSet;

use serde::Serialize;

use super::Ctx;
use crate::assess::{CityAssessment, PlanAssessment};
use crate::config::{Level, Rule};
use crate::model::{Category, City, Item, Plan, Year};

#[derive(Serialize)]
pub struct CityView<'a> {
    slug: &'a str,
    name: &'a str,
    prefecture: &'a Option<String>,
    code: &'a Option<String>,
    url: String,
    // The city page's own: absent where a city is only named.
    #[serde(skip_serializing_if = "Option::is_none")]
    body_html: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    plans: Option<Vec<PlanView<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    summaries: Option<Vec<SummaryView<'a>>>,
}

/// A status summary with the scale's name, for templates.
#[derive(Serialize)]
pub struct SummaryView<'a> {
    #[serde(flatten)]
    summary: &'a crate::assess::Summary,
    scale_name: &'a str,
}

#[derive(Serialize)]
pub struct PlanView<'a> {
    slug: &'a str,
    title: &'a str,
    url: String,
    period: [Year; 2],
    period_text: String,
    report_year: Year,
    report_year_text: String,
    item_count: usize,
    kpi_count: usize,
    csv_url: String,
    items_csv_url: String,
    json_url: String,
    summary: SummaryView<'a>,
    /// The report year's grades in one plain sentence (views/words.rs).
    summary_text: String,
    // The plan's own pages: absent in a city's list of plans.
    #[serde(flatten)]
    full: Option<PlanFull<'a>>,
}

#[derive(Serialize)]
struct PlanFull<'a> {
    body_html: String,
    notes: &'a [String],
    source: &'a Option<String>,
    category_levels: &'a [String],
    categories: Vec<CategoryTree<'a>>,
    category_list: Vec<CategoryEntry<'a>>,
    departments: BTreeSet<&'a str>,
    scale: Option<ScaleView<'a>>,
    columns: Columns,
    comparison: Option<super::words::Comparison<'a>>,
    /// This year's grades against last year's (views/year_on_year.rs).
    year_on_year: Option<super::year_on_year::YearOnYearView<'a>>,
}

/// Which optional columns of the item tables have something in them for
/// this plan: a column empty on every row (no departments, no KPIs, no
/// grades yet) is left out rather than shown as a column of blanks.
#[derive(Serialize)]
struct Columns {
    category: bool,
    department: bool,
    status: bool,
    headline: bool,
}

impl Columns {
    fn of(plan: &Plan) -> Self {
        let any = |f: &dyn Fn(&Item) -> bool| plan.items.iter().any(f);
        Columns {
            category: any(&|i| i.category.is_some()),
            department: any(&|i| !i.departments.is_empty()),
            status: any(&|i| !i.status.is_empty()),
            headline: any(&|i| !i.kpis.is_empty()),
        }
    }
}

#[derive(Serialize)]
struct ScaleView<'a> {
    key: &'a str,
    name: &'a str,
    description: &'a str,
    rule: &'a Option<Rule>,
    levels: &'a [Level],
}

#[derive(Serialize)]
struct CategoryTree<'a> {
    id: &'a str,
    title: &'a str,
    level: Option<&'a String>,
    body_html: String,
    item_count: usize,
    summary: Option<SummaryView<'a>>,
    children: Vec<CategoryTree<'a>>,
}

#[derive(Serialize)]
struct CategoryEntry<'a> {
    id: &'a str,
    /// The folder of the category's page, `category/<slug>/`.
    slug: String,
    title: &'a str,
    depth: usize,
    heading: usize,
    level: Option<&'a String>,
    indent: String,
    body_html: String,
    summary: Option<SummaryView<'a>>,
}

#[derive(Serialize)]
pub(super) struct CategoryRef<'a> {
    id: &'a str,
    title: &'a str,
    level: Option<&'a String>,
}

impl<'a> Ctx<'a> {
    pub fn city_brief(&self, city: &'a City, root: &str) -> CityView<'a> {
        CityView {
            slug: &city.slug,
            name: &city.name,
            prefecture: &city.prefecture,
            code: &city.code,
            url: self.page_link(format!("{root}{}/", city.slug)),
            body_html: None,
            plans: None,
            summaries: None,
        }
    }

    pub fn city_full(&self, city: &'a City, a: &'a CityAssessment, root: &str) -> CityView<'a> {
        CityView {
            body_html: Some(self.md(&city.body)),
            plans: Some(
                city.plans
                    .iter()
                    .zip(&a.plans)
                    .map(|(p, pa)| self.plan_brief(city, p, pa, root))
                    .collect(),
            ),
            summaries: Some(a.summaries.iter().map(|s| self.summary(s)).collect()),
            ..self.city_brief(city, root)
        }
    }

    fn summary(&self, s: &'a crate::assess::Summary) -> SummaryView<'a> {
        SummaryView {
            summary: s,
            scale_name: self
                .config
                .scales
                .get(&s.scale)
                .map_or("", |sc| sc.name.as_str()),
        }
    }

    fn plan_brief(
        &self,
        city: &City,
        plan: &'a Plan,
        a: &'a PlanAssessment,
        root: &str,
    ) -> PlanView<'a> {
        let dir = format!("{root}{}/{}/", city.slug, plan.slug);
        PlanView {
            slug: &plan.slug,
            title: &plan.title,
            period: plan.period,
            period_text: format!(
                "{}{}{}",
                self.year(Some(plan), plan.period[0]),
                self.range_sep(),
                self.year(Some(plan), plan.period[1])
            ),
            report_year: plan.report_year,
            report_year_text: self.year(Some(plan), plan.report_year),
            item_count: plan.items.len(),
            kpi_count: plan.kpi_count(),
            csv_url: format!("{dir}data.csv"),
            items_csv_url: format!("{dir}items.csv"),
            json_url: format!("{dir}data.json"),
            url: self.page_link(dir),
            summary: self.summary(&a.summary),
            summary_text: self.summary_sentence(plan, &a.summary),
            full: None,
        }
    }

    pub fn plan_full(
        &self,
        city: &City,
        plan: &'a Plan,
        a: &'a PlanAssessment,
        root: &str,
    ) -> PlanView<'a> {
        let full = PlanFull {
            body_html: self.md(&plan.body),
            notes: &plan.notes,
            source: &plan.source,
            category_levels: &plan.category_levels,
            categories: self.categories(plan, a, &plan.categories, 0),
            category_list: self.category_list(plan, a),
            departments: plan
                .items
                .iter()
                .flat_map(|i| i.departments.iter().map(String::as_str))
                .collect(),
            scale: self.config.scales.get(&plan.scale).map(|s| ScaleView {
                key: &s.key,
                name: &s.name,
                description: &s.description,
                rule: &s.rule,
                levels: &s.levels,
            }),
            columns: Columns::of(plan),
            comparison: self.comparison(plan, &a.items),
            year_on_year: self.year_on_year(plan, &format!("{root}{}/{}/", city.slug, plan.slug)),
        };
        PlanView {
            full: Some(full),
            ..self.plan_brief(city, plan, a, root)
        }
    }

    fn categories(
        &self,
        plan: &'a Plan,
        a: &'a PlanAssessment,
        cats: &'a [Category],
        depth: usize,
    ) -> Vec<CategoryTree<'a>> {
        cats.iter()
            .map(|c| CategoryTree {
                id: &c.id,
                title: &c.title,
                level: plan.category_levels.get(depth),
                body_html: self.md(&c.body),
                item_count: plan
                    .items
                    .iter()
                    .filter(|i| i.category.as_deref().is_some_and(|id| c.contains(id)))
                    .count(),
                summary: a.categories.get(&c.id).map(|s| self.summary(s)),
                children: self.categories(plan, a, &c.children, depth + 1),
            })
            .collect()
    }

    /// The hierarchy in reading order with each category's depth, so that
    /// templates can render any depth without recursion; the order of
    /// [`Plan::all_categories`] and [`Plan::category_slugs`].
    fn category_list(&self, plan: &'a Plan, a: &'a PlanAssessment) -> Vec<CategoryEntry<'a>> {
        fn walk<'a>(cats: &'a [Category], depth: usize, out: &mut Vec<(usize, &'a Category)>) {
            for c in cats {
                out.push((depth, c));
                walk(&c.children, depth + 1, out);
            }
        }
        let mut flat = Vec::new();
        walk(&plan.categories, 0, &mut flat);
        flat.into_iter()
            .zip(plan.category_slugs())
            .map(|((depth, c), slug)| CategoryEntry {
                id: &c.id,
                slug,
                title: &c.title,
                depth,
                // h3 for the top level, down to h6 at most.
                heading: (3 + depth).min(6),
                level: plan.category_levels.get(depth),
                indent: "　".repeat(depth),
                body_html: self.md(&c.body),
                summary: a.categories.get(&c.id).map(|s| self.summary(s)),
            })
            .collect()
    }

    pub(super) fn category_path(&self, plan: &'a Plan, item: &Item) -> Vec<CategoryRef<'a>> {
        let Some(id) = &item.category else {
            return Vec::new();
        };
        plan.category_path(id)
            .iter()
            .enumerate()
            .map(|(depth, c)| CategoryRef {
                id: &c.id,
                title: &c.title,
                level: plan.category_levels.get(depth),
            })
            .collect()
    }
}
