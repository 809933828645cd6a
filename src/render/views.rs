//! What templates see: the model arranged per page, with display text
//! (years as the city writes them, numbers with separators) already made.
//! Templates stay simple and do not need to know the rules for either.
//!
//! Views are structs that borrow from the model and are serialised straight
//! into Tera values: no intermediate JSON tree, and field names are static.

use std::collections::BTreeSet;

use serde::Serialize;

use super::format::{fiscal_year, number, value};
use crate::assess::{CityAssessment, ItemAssessment, KpiAssessment, PlanAssessment};
use crate::config::{Config, Level, Rule};
use crate::markdown;
use crate::model::{
    Category, City, Datum, Detail, Direction, Item, Kpi, Plan, Year, YearFormat, YearMap,
};

/// Everything a page needs to format years and resolve statuses.
pub struct Ctx<'a> {
    pub config: &'a Config,
}

#[derive(Serialize)]
pub struct Status<'a> {
    year: Year,
    year_text: String,
    key: &'a str,
    label: &'a str,
    description: &'a str,
    color: &'a str,
}

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
    json_url: String,
    summary: SummaryView<'a>,
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
    title: &'a str,
    depth: usize,
    heading: usize,
    level: Option<&'a String>,
    indent: String,
    body_html: String,
    summary: Option<SummaryView<'a>>,
}

#[derive(Serialize)]
struct CategoryRef<'a> {
    id: &'a str,
    title: &'a str,
    level: Option<&'a String>,
}

/// An item: its row in the plan's tables, and, with the fields after
/// `kpi_count`, in full for its own page and the print view. One flat struct
/// rather than a flattened one: serde's `flatten` would make every key an
/// allocated string in Tera, and items are most of a site.
#[derive(Serialize)]
pub struct ItemView<'a> {
    slug: &'a str,
    number: &'a str,
    title: &'a str,
    url: String,
    departments: &'a [String],
    departments_text: String,
    category_path: Vec<CategoryRef<'a>>,
    category_ids: String,
    status: Option<Status<'a>>,
    pub status_slug: &'a str,
    headline: Option<Headline<'a>>,
    computed: Option<Status<'a>>,
    disagrees: bool,
    kpi_count: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    anchor: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    status_history: Option<Vec<Status<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    tags: Option<&'a [String]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    details: Option<&'a [Detail]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    notes: Option<&'a [String]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    body_html_print: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    body_starts_with_heading: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    body_html: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    kpis: Option<Vec<KpiEntry<'a>>>,
    /// The schedule table made by `partials/schedule.html`; `Some(None)`:
    /// an item in full without a schedule.
    #[serde(skip_serializing_if = "Option::is_none")]
    schedule_html: Option<Option<String>>,
}

/// An item in full before its fragments are rendered: the parts its page
/// and the print view both show are rendered once, by partials of their own
/// (`partials/kpi.html`, `partials/schedule.html`), and the two pages take
/// the same HTML. Rendering them per page cost a third of the template time
/// of a build.
pub struct ItemParts<'a> {
    pub view: ItemView<'a>,
    pub kpis: Vec<KpiView<'a>>,
    pub schedule: Option<Schedule<'a>>,
    pub charts: Vec<crate::chart::Drawing>,
}

impl<'a> ItemParts<'a> {
    /// The item's view with the HTML of its KPIs (in order) and schedule,
    /// and its charts.
    pub fn finish(
        self,
        kpi_html: Vec<String>,
        schedule_html: Option<String>,
    ) -> (ItemView<'a>, Vec<crate::chart::Drawing>) {
        let kpis = self
            .kpis
            .into_iter()
            .zip(kpi_html)
            .map(|(k, html)| KpiEntry {
                id: k.id,
                name: k.name,
                unit: k.unit,
                html,
            })
            .collect();
        let view = ItemView {
            kpis: Some(kpis),
            schedule_html: Some(schedule_html),
            ..self.view
        };
        (view, self.charts)
    }

    /// The id of the item's element, which its parts' ids start with.
    pub fn anchor(&self) -> &str {
        self.view.anchor.as_deref().unwrap_or_default()
    }
}

/// A KPI as its item's page and the print view list it: what its heading
/// needs, and the rest of it as `partials/kpi.html` rendered it.
#[derive(Serialize)]
struct KpiEntry<'a> {
    id: String,
    name: &'a str,
    unit: &'a Option<String>,
    html: String,
}

#[derive(Serialize)]
struct Headline<'a> {
    name: &'a str,
    unit: &'a Option<String>,
    actual: Option<String>,
    actual_year_text: Option<String>,
    target: Option<String>,
    target_year_text: Option<String>,
}

#[derive(Serialize)]
struct Cell<'a> {
    text: String,
    note: Option<&'a String>,
}

#[derive(Serialize)]
struct YearText {
    year: Year,
    text: String,
}

/// One KPI in full, for `partials/kpi.html`.
#[derive(Serialize)]
pub struct KpiView<'a> {
    name: &'a str,
    unit: &'a Option<String>,
    lower_is_better: bool,
    baseline: Option<BaselineView<'a>>,
    years: Vec<YearText>,
    targets: Vec<Cell<'a>>,
    totals: Option<TotalsView<'a>>,
    actuals: Vec<Cell<'a>>,
    status_history: Vec<Status<'a>>,
    reported_rate_text: Option<String>,
    assessment: KpiAssessmentView<'a>,
    chart: Option<ChartRef>,
    id: String,
    notes: &'a [String],
}

#[derive(Serialize)]
struct BaselineView<'a> {
    year_text: Option<String>,
    text: String,
    note: &'a Option<String>,
}

#[derive(Serialize)]
struct TotalsView<'a> {
    target: Cell<'a>,
    actual: Cell<'a>,
}

/// The page shows the chart through a slot (see render/slots.rs).
#[derive(Serialize)]
struct ChartRef {
    id: String,
    svg: String,
}

#[derive(Serialize)]
struct KpiAssessmentView<'a> {
    year_text: String,
    method: &'static str,
    rate_text: Option<String>,
    formula: Option<&'a str>,
    target_year_text: Option<String>,
    rate_missing: Option<String>,
    has_rule: bool,
    computed: Option<Status<'a>>,
    computed_missing: Option<String>,
    reported: Option<Status<'a>>,
    disagrees: bool,
    rate_disagrees: bool,
    totals_disagree: bool,
}

/// An item's schedule, for `partials/schedule.html`.
#[derive(Serialize)]
pub struct Schedule<'a> {
    years: Vec<YearText>,
    actions: Vec<ActionView<'a>>,
}

#[derive(Serialize)]
struct ActionView<'a> {
    title: &'a str,
    plan: Vec<Cell<'a>>,
    actual: Vec<Cell<'a>>,
    notes: &'a [String],
}

/// A row of the print view's review appendix.
#[derive(Serialize)]
pub struct AppendixRow<'a> {
    number: &'a str,
    title: &'a str,
    anchor: String,
    kpi: &'a str,
    what: &'static str,
    year_text: Option<String>,
    reported: String,
    computed: String,
    basis: String,
}

impl<'a> Ctx<'a> {
    fn year_style(&self, plan: Option<&Plan>) -> YearFormat {
        plan.and_then(|p| p.year_format)
            .unwrap_or(self.config.year_format)
    }

    pub fn year(&self, plan: Option<&Plan>, y: Year) -> String {
        fiscal_year(y, self.year_style(plan), self.config.language)
    }

    /// Between the two ends of a range of years.
    fn range_sep(&self) -> &'static str {
        if self.config.language == crate::config::Language::Ja {
            "〜"
        } else {
            " – "
        }
    }

    /// Between the entries of a list run into a sentence.
    fn list_sep(&self) -> &'static str {
        if self.config.language == crate::config::Language::Ja {
            "、"
        } else {
            ", "
        }
    }

    fn md(&self, text: &str) -> String {
        markdown::to_html(text, markdown::Policy::of(self.config))
    }

    fn md_shifted(&self, text: &str, shift: usize) -> String {
        markdown::to_html_shifted(text, markdown::Policy::of(self.config), shift)
    }

    fn level(&self, plan: &Plan, key: &str) -> Option<&'a Level> {
        self.config
            .scales
            .get(&plan.scale)
            .and_then(|s| s.level(key))
    }

    fn status(&self, plan: &Plan, year: Year, key: &'a str) -> Status<'a> {
        let level = self.level(plan, key);
        Status {
            year,
            year_text: self.year(Some(plan), year),
            key,
            label: level.map_or(key, |l| l.label.as_str()),
            description: level.map_or("", |l| l.description.as_str()),
            color: level.map_or("#595959", |l| l.color.as_str()),
        }
    }

    pub fn city_brief(&self, city: &'a City, root: &str) -> CityView<'a> {
        CityView {
            slug: &city.slug,
            name: &city.name,
            prefecture: &city.prefecture,
            code: &city.code,
            url: format!("{root}{}/", city.slug),
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
        let url = format!("{root}{}/{}/", city.slug, plan.slug);
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
            csv_url: format!("{url}data.csv"),
            json_url: format!("{url}data.json"),
            url,
            summary: self.summary(&a.summary),
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
    /// templates can render any depth without recursion.
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
            .map(|(depth, c)| CategoryEntry {
                id: &c.id,
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

    fn category_path(&self, plan: &'a Plan, item: &Item) -> Vec<CategoryRef<'a>> {
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

    /// An item as a row of the plan's item tables, without its full view.
    fn item_row(
        &self,
        plan: &'a Plan,
        item: &'a Item,
        a: &'a ItemAssessment,
        root_of_plan: &str,
    ) -> ItemView<'a> {
        let latest = item
            .status
            .iter()
            .next_back()
            .map(|(y, k)| self.status(plan, *y, k));
        // Filters work on the report year's status, as the summary counts it.
        let status_slug = a
            .reported
            .as_ref()
            .and_then(|k| self.level(plan, k))
            .map_or(crate::config::NO_STATUS_SLUG, |l| l.slug.as_str());
        let headline = item.kpis.first().map(|k| {
            let actual = k.actuals.iter().next_back();
            let target = actual
                .and_then(|(y, _)| crate::assess::target_for(k, *y))
                .or_else(|| k.targets.iter().next_back().map(|(y, d)| (*y, d)));
            Headline {
                name: &k.name,
                unit: &k.unit,
                actual: actual.map(|(_, d)| value(&d.value)),
                actual_year_text: actual.map(|(y, _)| self.year(Some(plan), *y)),
                target: target.map(|(_, d)| value(&d.value)),
                target_year_text: target.map(|(y, _)| self.year(Some(plan), y)),
            }
        });
        ItemView {
            slug: &item.slug,
            number: &item.number,
            title: &item.title,
            url: format!("{root_of_plan}{}/", item.slug),
            departments: &item.departments,
            departments_text: item.departments.join(self.list_sep()),
            category_path: self.category_path(plan, item),
            category_ids: plan
                .category_path(item.category.as_deref().unwrap_or_default())
                .iter()
                .map(|c| c.id.as_str())
                .collect::<Vec<_>>()
                .join(" "),
            status: latest,
            status_slug,
            headline,
            computed: a
                .computed
                .as_ref()
                .map(|k| self.status(plan, plan.report_year, k)),
            disagrees: a.disagrees,
            kpi_count: item.kpis.len(),
            anchor: None,
            status_history: None,
            tags: None,
            details: None,
            notes: None,
            body_html_print: None,
            body_starts_with_heading: None,
            body_html: None,
            kpis: None,
            schedule_html: None,
        }
    }

    /// An item in full, which also serves as its row, and the charts to
    /// draw for it. `ids` prefixes the element ids of the item, unique when
    /// several items share a page; `plan_dir` is the plan's path from the
    /// site root.
    pub fn item_full(
        &self,
        plan: &'a Plan,
        item: &'a Item,
        a: &'a ItemAssessment,
        ids: &str,
        plan_dir: &str,
    ) -> ItemParts<'a> {
        let body = self.md(&item.body);
        let mut charts = Vec::new();
        let kpis = item
            .kpis
            .iter()
            .zip(&a.kpis)
            .enumerate()
            .map(|(n, (k, ka))| {
                let (kpi, chart) = self.kpi(plan, k, ka, &format!("{ids}kpi-{}", n + 1));
                charts.extend(chart);
                kpi
            })
            .collect();
        let view = ItemView {
            anchor: Some(format!("{ids}item")),
            status_history: Some(
                item.status
                    .iter()
                    .map(|(y, k)| self.status(plan, *y, k))
                    .collect(),
            ),
            tags: Some(&item.tags),
            details: Some(&item.details),
            notes: Some(&item.notes),
            // The print view sets the narrative two levels deeper, under the item's own headings.
            body_html_print: Some(self.md_shifted(&item.body, 2)),
            // A narrative with its own sections needs no heading of ours above them.
            body_starts_with_heading: Some(body.starts_with("<h")),
            body_html: Some(body),
            ..self.item_row(plan, item, a, plan_dir)
        };
        ItemParts {
            view,
            kpis,
            schedule: self.schedule(plan, item),
            charts,
        }
    }

    fn cell(d: Option<&'a Datum>) -> Cell<'a> {
        match d {
            Some(d) => Cell {
                text: value(&d.value),
                note: d.note.as_ref(),
            },
            None => Cell {
                text: String::new(),
                note: None,
            },
        }
    }

    /// The KPI's view and, when it has a chart, what to draw it from.
    fn kpi(
        &self,
        plan: &'a Plan,
        k: &'a Kpi,
        a: &'a KpiAssessment,
        id: &str,
    ) -> (KpiView<'a>, Option<crate::chart::Drawing>) {
        let years: BTreeSet<Year> = k.targets.keys().chain(k.actuals.keys()).copied().collect();
        let direction = k.direction.unwrap_or(plan.direction);
        let chart = crate::chart::Series::of(k)
            .filter(|_| self.config.charts)
            .map(|series| crate::chart::Drawing {
                id: format!("{id}-chart"),
                title: k.name.clone(),
                description: self.describe_trend(plan, k, &series, direction),
                unit: k.unit.clone(),
                years: years
                    .iter()
                    .map(|y| (*y, self.year(Some(plan), *y)))
                    .collect(),
                series,
                direction,
            });
        let view = KpiView {
            name: &k.name,
            unit: &k.unit,
            lower_is_better: direction == Direction::Lower,
            baseline: k.baseline.as_ref().map(|b| BaselineView {
                year_text: b.year.map(|y| self.year(Some(plan), y)),
                text: value(&b.value),
                note: &b.note,
            }),
            years: self.year_texts(plan, &years),
            targets: years.iter().map(|y| Self::cell(k.targets.get(y))).collect(),
            totals: k.totals.as_ref().map(|t| TotalsView {
                target: Self::cell(t.target.as_ref()),
                actual: Self::cell(t.actual.as_ref()),
            }),
            actuals: years.iter().map(|y| Self::cell(k.actuals.get(y))).collect(),
            status_history: k
                .status
                .iter()
                .map(|(y, s)| self.status(plan, *y, s))
                .collect(),
            reported_rate_text: k.reported_rate.map(|r| format!("{}%", number(r))),
            assessment: self.kpi_assessment(plan, a),
            chart: chart.as_ref().map(|c| ChartRef {
                id: c.id.clone(),
                svg: super::slots::marker(&c.id),
            }),
            id: id.to_string(),
            notes: &k.notes,
        };
        (view, chart)
    }

    fn year_texts(&self, plan: &Plan, years: &BTreeSet<Year>) -> Vec<YearText> {
        years
            .iter()
            .map(|y| YearText {
                year: *y,
                text: self.year(Some(plan), *y),
            })
            .collect()
    }

    /// The print view's review appendix: every disagreement, in the page's language.
    pub fn appendix(&self, plan: &'a Plan, a: &'a PlanAssessment) -> Vec<AppendixRow<'a>> {
        use crate::assess::{Disagreement, Figure};
        let ja = self.config.language == crate::config::Language::Ja;
        let label = |key: &str| {
            self.level(plan, key)
                .map_or(key.to_string(), |l| l.label.clone())
        };
        let mut rows = Vec::new();
        for (item, ia) in plan.items.iter().zip(&a.items) {
            for (kpi, ka) in item.kpis.iter().zip(&ia.kpis) {
                for d in &ka.disagreements {
                    let (what, year, reported, computed, basis) = match d {
                        Disagreement::Status {
                            year,
                            reported,
                            computed,
                            ..
                        } => {
                            let ya = ka.years.iter().find(|y| y.year == *year);
                            let basis = self.status_basis(plan, kpi, ka, ya);
                            (
                                "status",
                                Some(*year),
                                label(reported),
                                label(computed),
                                basis,
                            )
                        }
                        Disagreement::Rate {
                            year,
                            published,
                            computed,
                            formula,
                        } => (
                            "rate",
                            Some(*year),
                            format!("{}%", number(*published)),
                            format!("{}%", number(*computed)),
                            formula.clone(),
                        ),
                        Disagreement::Total { what, printed, sum } => (
                            if *what == Figure::Target {
                                "total_target"
                            } else {
                                "total_actual"
                            },
                            None,
                            number(*printed),
                            number(*sum),
                            if ja {
                                "年度別の値の合計".to_string()
                            } else {
                                "sum of the yearly figures".to_string()
                            },
                        ),
                    };
                    rows.push(AppendixRow {
                        number: &item.number,
                        title: &item.title,
                        anchor: format!("item-{}-item", item.slug),
                        kpi: &kpi.name,
                        what,
                        year_text: year.map(|y| self.year(Some(plan), y)),
                        reported,
                        computed,
                        basis,
                    });
                }
            }
        }
        rows
    }

    /// The figures a computed status rests on, in the page's language.
    fn status_basis(
        &self,
        plan: &Plan,
        kpi: &Kpi,
        ka: &KpiAssessment,
        ya: Option<&crate::assess::YearAssessment>,
    ) -> String {
        let ja = self.config.language == crate::config::Language::Ja;
        let rule = self.config.scales.get(&plan.scale).and_then(|s| s.rule);
        let t = crate::i18n::strings(self.config.language);
        match (rule, ya.and_then(|y| y.rate.as_ref())) {
            (Some(crate::config::Rule::Rate), Some(r)) => {
                let method = match ka.method {
                    crate::model::Method::Ratio => t["method_ratio"],
                    crate::model::Method::Progress => t["method_progress"],
                    crate::model::Method::Cumulative => t["method_cumulative"],
                };
                format!(
                    "{method}: {}% = {}",
                    number(crate::assess::round_to(r.percent, 2)),
                    r.formula
                )
            }
            _ => {
                let year = ya.map_or(plan.report_year, |y| y.year);
                let fig = |d: Option<&Datum>| d.map_or("―".to_string(), |d| value(&d.value));
                let b = kpi
                    .baseline
                    .as_ref()
                    .map_or("―".to_string(), |b| value(&b.value));
                let tg = fig(crate::assess::target_for(kpi, year).map(|(_, d)| d));
                let ac = fig(kpi.actuals.get(&year));
                if ja {
                    format!("基準値 {b}、目標値 {tg}、実績値 {ac}")
                } else {
                    format!("baseline {b}, target {tg}, actual {ac}")
                }
            }
        }
    }

    /// The chart's text alternative: where targets and actuals start and end, in words.
    fn describe_trend(
        &self,
        plan: &Plan,
        k: &Kpi,
        s: &crate::chart::Series,
        direction: Direction,
    ) -> String {
        let ja = self.config.language == crate::config::Language::Ja;
        let unit = k.unit.clone().unwrap_or_default();
        let fig = |y: Year, v: f64| {
            if ja {
                format!("{} {}{unit}", self.year(Some(plan), y), number(v))
            } else {
                format!("{} {} {unit}", self.year(Some(plan), y), number(v))
                    .trim_end()
                    .to_string()
            }
        };
        let span = |series: &[(Year, f64)]| -> Option<(String, f64, f64)> {
            let (first, last) = (series.first()?, series.last()?);
            let text = if first.0 == last.0 {
                fig(first.0, first.1)
            } else if ja {
                format!("{}から{}", fig(first.0, first.1), fig(last.0, last.1))
            } else {
                format!("from {} to {}", fig(first.0, first.1), fig(last.0, last.1))
            };
            Some((text, first.1, last.1))
        };
        let mut parts = Vec::new();
        if let Some((t, _, _)) = span(&s.targets) {
            parts.push(if ja {
                format!("目標値は{t}")
            } else {
                format!("Targets run {t}")
            });
        }
        if let Some((t, first, last)) = span(&s.actuals) {
            let trend = match (last.partial_cmp(&first), ja) {
                (Some(std::cmp::Ordering::Greater), true) => "(増加)",
                (Some(std::cmp::Ordering::Less), true) => "(減少)",
                (_, true) if s.actuals.len() > 1 => "(横ばい)",
                (Some(std::cmp::Ordering::Greater), false) => " (rising)",
                (Some(std::cmp::Ordering::Less), false) => " (falling)",
                (_, false) if s.actuals.len() > 1 => " (flat)",
                _ => "",
            };
            parts.push(if ja {
                format!("実績値は{t}{trend}")
            } else {
                format!("actuals run {t}{trend}")
            });
        }
        if let Some(b) = s.baseline {
            parts.push(if ja {
                format!("基準値は{}{unit}", number(b))
            } else {
                format!("the baseline is {} {unit}", number(b))
                    .trim_end()
                    .to_string()
            });
        }
        if direction == Direction::Lower {
            parts.push(if ja {
                "数値が小さいほど良い指標".to_string()
            } else {
                "lower is better".to_string()
            });
        }
        let sep = if ja { "。" } else { "; " };
        parts.join(sep) + if ja { "。" } else { "." }
    }

    fn kpi_assessment(&self, plan: &Plan, a: &'a KpiAssessment) -> KpiAssessmentView<'a> {
        let h = a.headline();
        let year = |y| self.year(Some(plan), y);
        let lang = self.config.language;
        let has_rule = self
            .config
            .scales
            .get(&plan.scale)
            .is_some_and(|s| s.rule.is_some());
        let method = match a.method {
            crate::model::Method::Ratio => "method_ratio",
            crate::model::Method::Progress => "method_progress",
            crate::model::Method::Cumulative => "method_cumulative",
        };
        KpiAssessmentView {
            year_text: year(h.year),
            method,
            rate_text: h
                .rate
                .as_ref()
                .map(|r| format!("{}%", number(crate::assess::round_to(r.percent, 2)))),
            formula: h.rate.as_ref().map(|r| r.formula.as_str()),
            target_year_text: h.rate.as_ref().map(|r| year(r.target_year)),
            rate_missing: h.rate_missing.as_ref().map(|m| m.describe(lang, &year)),
            has_rule,
            computed: h.computed.as_ref().map(|k| self.status(plan, h.year, k)),
            computed_missing: h.computed_missing.as_ref().map(|m| m.describe(lang, &year)),
            reported: h.reported.as_ref().map(|k| self.status(plan, h.year, k)),
            disagrees: h.disagrees,
            rate_disagrees: a.rate_disagrees,
            totals_disagree: a.totals_disagree,
        }
    }

    fn schedule(&self, plan: &Plan, item: &'a Item) -> Option<Schedule<'a>> {
        if item.actions.is_empty() {
            return None;
        }
        let mut years: BTreeSet<Year> = (plan.period[0]..=plan.period[1]).collect();
        for a in &item.actions {
            years.extend(a.plan.keys().chain(a.actual.keys()));
        }
        let row = |m: &'a YearMap<Datum>| years.iter().map(|y| Self::cell(m.get(y))).collect();
        Some(Schedule {
            years: self.year_texts(plan, &years),
            actions: item
                .actions
                .iter()
                .map(|a| ActionView {
                    title: &a.title,
                    plan: row(&a.plan),
                    actual: row(&a.actual),
                    notes: &a.notes,
                })
                .collect(),
        })
    }
}
