//! An item's views: its row in the plan's tables, its full view for its
//! own page and the print view, and its schedule.

use std::collections::BTreeSet;

use serde::Serialize;

use super::kpi::KpiView;
use super::site::CategoryRef;
use super::{Cell, Ctx, Status, YearText};
use crate::assess::ItemAssessment;
use crate::model::{Datum, Detail, Item, Plan, Year, YearMap};
use crate::render::format::value;

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
    /// Shown after the figure wherever it is: an estimate (見込) must not
    /// read as a result.
    actual_note: Option<&'a String>,
    actual_year_text: Option<String>,
    target: Option<String>,
    target_note: Option<&'a String>,
    target_year_text: Option<String>,
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

impl<'a> Ctx<'a> {
    /// An item as a row of the plan's item tables, without its full view.
    pub(super) fn item_row(
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
                actual_note: actual.and_then(|(_, d)| d.note.as_ref()),
                actual_year_text: actual.map(|(y, _)| self.year(Some(plan), *y)),
                target: target.map(|(_, d)| value(&d.value)),
                target_note: target.and_then(|(_, d)| d.note.as_ref()),
                target_year_text: target.map(|(y, _)| self.year(Some(plan), y)),
            }
        });
        ItemView {
            slug: &item.slug,
            number: &item.number,
            title: &item.title,
            url: self.page_link(format!("{root_of_plan}{}/", item.slug)),
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
