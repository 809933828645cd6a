//! The print view's overview table (一覧表): a line per item with its
//! department, last year's and this year's grade and its headline KPI's
//! target, actual and rate, as a committee reads the whole plan at a glance.

use serde::Serialize;

use super::year_on_year::compare;
use super::{Ctx, Status};
use crate::assess::PlanAssessment;
use crate::model::{Plan, Year};
use crate::render::format::{number, value};

/// The overview table of a plan.
#[derive(Serialize)]
pub struct Overview<'a> {
    /// The two years whose grades the table shows: those the year-on-year
    /// comparison compares where there is one, else only the report year.
    previous_text: Option<String>,
    current_text: String,
    /// The year of the headline KPI's figures.
    figures_year_text: String,
    columns: OverviewColumns,
    rows: Vec<OverviewRow<'a>>,
}

/// Which columns have something in them for this plan: as on the plan page,
/// a column empty on every row is left out.
#[derive(Serialize)]
struct OverviewColumns {
    department: bool,
    previous: bool,
    current: bool,
    kpi: bool,
    target: bool,
    actual: bool,
    rate: bool,
}

#[derive(Serialize)]
struct OverviewRow<'a> {
    number: &'a str,
    title: &'a str,
    anchor: String,
    departments_text: String,
    previous: Option<Status<'a>>,
    current: Option<Status<'a>>,
    kpi: Option<&'a str>,
    unit: Option<&'a str>,
    target: Option<String>,
    actual: Option<String>,
    rate: Option<String>,
}

impl<'a> Ctx<'a> {
    /// The overview table: grades of the years [`compare`] compares, and the
    /// headline (first) KPI's figures for the report year.
    pub fn overview(&self, plan: &'a Plan, a: &'a PlanAssessment) -> Overview<'a> {
        let statuses: Vec<_> = plan.items.iter().map(|i| &i.status).collect();
        let years: Option<(Year, Year)> =
            compare(&statuses, plan.report_year, &self.level_order(plan))
                .map(|y| (y.previous, y.current));
        let current = years.map_or(plan.report_year, |(_, c)| c);
        let year = plan.report_year;
        let grade = |item: &'a crate::model::Item, y: Year| {
            item.status.get(&y).map(|k| self.status(plan, y, k))
        };
        let rows: Vec<OverviewRow> = plan
            .items
            .iter()
            .zip(&a.items)
            .map(|(item, ia)| {
                let kpi = item.kpis.first();
                let figure = |d: Option<&crate::model::Datum>| {
                    d.map(|d| self.with_note(value(&d.value), d.note.as_ref()))
                };
                OverviewRow {
                    number: &item.number,
                    title: &item.title,
                    anchor: format!("item-{}-item", item.slug),
                    departments_text: item.departments.join(self.list_sep()),
                    previous: years.and_then(|(p, _)| grade(item, p)),
                    current: grade(item, current),
                    kpi: kpi.map(|k| k.name.as_str()),
                    unit: kpi.and_then(|k| k.unit.as_deref()),
                    target: kpi
                        .and_then(|k| figure(crate::assess::target_for(k, year).map(|(_, d)| d))),
                    actual: kpi.and_then(|k| figure(k.actuals.get(&year))),
                    rate: ia.kpis.first().and_then(|ka| {
                        ka.headline()
                            .rate
                            .as_ref()
                            .map(|r| format!("{}%", number(crate::assess::round_to(r.percent, 2))))
                    }),
                }
            })
            .collect();
        let any = |f: &dyn Fn(&OverviewRow) -> bool| rows.iter().any(f);
        let columns = OverviewColumns {
            department: any(&|r| !r.departments_text.is_empty()),
            previous: any(&|r| r.previous.is_some()),
            current: any(&|r| r.current.is_some()),
            kpi: any(&|r| r.kpi.is_some()),
            target: any(&|r| r.target.is_some()),
            actual: any(&|r| r.actual.is_some()),
            rate: any(&|r| r.rate.is_some()),
        };
        Overview {
            previous_text: years.map(|(p, _)| self.year(Some(plan), p)),
            current_text: self.year(Some(plan), current),
            figures_year_text: self.year(Some(plan), year),
            columns,
            rows,
        }
    }
}
