//! The CSV files: each plan's `data.csv` (a row per KPI and year) and
//! `items.csv` (a row per item and graded year), and the site-wide
//! `data/kpis.csv` and `data/items.csv`, which are the plans' rows one
//! after the other under one header.
//!
//! UTF-8 with a byte-order mark and CRLF line ends: Excel on Windows reads
//! BOM-less CSV as Shift_JIS and garbles Japanese.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use super::columns::{Column, ITEMS, KPIS};
use super::{guard, plain};
use crate::assess::{round_to, ItemAssessment, PlanAssessment};
use crate::config::Language;
use crate::content::reader::fmt_number;
use crate::model::{City, Datum, Direction, Item, Method, Plan, Year};

const BOM: &[u8] = b"\xEF\xBB\xBF";

fn writer() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(BOM.to_vec())
}

/// The byte-order mark and the header line of a file of `columns`.
pub fn header(columns: &[Column], language: Language) -> Vec<u8> {
    let mut w = writer();
    w.write_record(columns.iter().map(|c| c.header(language)))
        .expect("writing to memory cannot fail");
    w.into_inner().expect("writing to memory cannot fail")
}

/// Writes one row, text cells guarded against spreadsheet formulas.
/// Writes one row, the item's place then the rest of `columns`, text
/// cells guarded against spreadsheet formulas.
fn row<const N: usize>(
    w: &mut csv::Writer<Vec<u8>>,
    columns: &[Column],
    place: &[&str; 9],
    rest: [&str; N],
) {
    debug_assert_eq!(columns.len(), 9 + N);
    let cells = place
        .iter()
        .chain(&rest)
        .zip(columns)
        .map(|(cell, c)| match c.kind.is_text() {
            true => guard(cell),
            false => Cow::Borrowed(*cell),
        });
    for cell in cells {
        w.write_field(cell.as_bytes())
            .expect("writing to memory cannot fail");
    }
    w.write_record(None::<&[u8]>)
        .expect("writing to memory cannot fail");
}

/// The first columns of both files: where an item is in the site.
struct Place {
    city_code: String,
    departments: String,
    themes: String,
    category_id: String,
    category: String,
}

impl Place {
    fn cells<'a>(&'a self, city: &'a City, plan: &'a Plan, item: &'a Item) -> [&'a str; 9] {
        [
            &self.city_code,
            &city.name,
            &plan.title,
            &item.number,
            &item.title,
            &self.category_id,
            &self.category,
            &self.departments,
            &self.themes,
        ]
    }

    fn of(city: &City, plan: &Plan, item: &Item) -> Place {
        let (category_id, category) = match item.category.as_deref() {
            Some(id) => (
                id.to_string(),
                plan.category_path(id)
                    .iter()
                    .map(|c| c.title.as_str())
                    .collect::<Vec<_>>()
                    .join(" › "),
            ),
            None => (String::new(), String::new()),
        };
        Place {
            city_code: city.code.clone().unwrap_or_default(),
            departments: item.departments.join("、"),
            themes: item.all_themes(plan).join(" "),
            category_id,
            category,
        }
    }
}

/// A plan's `data.csv`: one row per KPI and fiscal year (the years of its
/// targets, actuals and reported statuses); a KPI without yearly figures
/// still has one row, with an empty year, so that nothing is lost.
pub fn kpis(city: &City, plan: &Plan, assessment: &PlanAssessment, language: Language) -> Vec<u8> {
    let mut w = writer();
    w.write_record(KPIS.iter().map(|c| c.header(language)))
        .expect("writing to memory cannot fail");
    for (item, ia) in plan.items.iter().zip(&assessment.items) {
        let place = Place::of(city, plan, item);
        let cells = place.cells(city, plan, item);
        for (kpi, ka) in item.kpis.iter().zip(&ia.kpis) {
            let mut years: BTreeSet<Option<Year>> = kpi
                .targets
                .keys()
                .chain(kpi.actuals.keys())
                .chain(kpi.status.keys())
                .map(|y| Some(*y))
                .collect();
            if years.is_empty() {
                years.insert(None);
            }
            let direction = match kpi.direction.unwrap_or(plan.direction) {
                Direction::Higher => "higher",
                Direction::Lower => "lower",
            };
            let method = match kpi.method.unwrap_or(plan.method) {
                Method::Ratio => "ratio",
                Method::Progress => "progress",
                Method::Cumulative => "cumulative",
            };
            // The same on every row of the KPI: made once.
            let baseline_year = kpi
                .baseline
                .as_ref()
                .and_then(|b| b.year)
                .map(|y| y.to_string())
                .unwrap_or_default();
            let baseline = kpi
                .baseline
                .as_ref()
                .map(|b| plain(&b.value))
                .unwrap_or_default();
            let total_target = figure(kpi.totals.as_ref().and_then(|t| t.target.as_ref()));
            let total_actual = figure(kpi.totals.as_ref().and_then(|t| t.actual.as_ref()));
            let reported_rate = kpi.reported_rate.map(fmt_number).unwrap_or_default();
            for year in years {
                let target = year.and_then(|y| kpi.targets.get(&y));
                let actual = year.and_then(|y| kpi.actuals.get(&y));
                let assessed = year.and_then(|y| ka.years.iter().find(|a| a.year == y));
                let year_text = year.map(|y| y.to_string()).unwrap_or_default();
                let reported_status = year.and_then(|y| kpi.status.get(&y));
                row(
                    &mut w,
                    &KPIS,
                    &cells,
                    [
                        &kpi.name,
                        kpi.indicator.as_deref().unwrap_or_default(),
                        kpi.unit.as_deref().unwrap_or_default(),
                        direction,
                        method,
                        &year_text,
                        &baseline_year,
                        &baseline,
                        &figure(target),
                        note(target),
                        &figure(actual),
                        note(actual),
                        &total_target,
                        &total_actual,
                        reported_status.map_or("", String::as_str),
                        &reported_rate,
                        &assessed
                            .and_then(|a| a.rate.as_ref())
                            .map(|r| fmt_number(round_to(r.percent, 2)))
                            .unwrap_or_default(),
                        assessed
                            .and_then(|a| a.computed.as_deref())
                            .unwrap_or_default(),
                    ],
                );
            }
        }
    }
    w.into_inner().expect("writing to memory cannot fail")
}

/// A plan's `items.csv`: one row per item and fiscal year with a reported
/// or computed grade; an item with neither still has one row, with an empty
/// year, so that a plan without KPIs has data too.
pub fn items(city: &City, plan: &Plan, assessment: &PlanAssessment, language: Language) -> Vec<u8> {
    let mut w = writer();
    w.write_record(ITEMS.iter().map(|c| c.header(language)))
        .expect("writing to memory cannot fail");
    for (item, ia) in plan.items.iter().zip(&assessment.items) {
        let place = Place::of(city, plan, item);
        let cells = place.cells(city, plan, item);
        let kpis = item.kpis.len().to_string();
        let computed = computed_by_year(item, ia);
        let mut years: BTreeSet<Option<Year>> = item
            .status
            .keys()
            .chain(computed.keys())
            .map(|y| Some(*y))
            .collect();
        if years.is_empty() {
            years.insert(None);
        }
        for year in years {
            let year_text = year.map(|y| y.to_string()).unwrap_or_default();
            row(
                &mut w,
                &ITEMS,
                &cells,
                [
                    &kpis,
                    &year_text,
                    year.and_then(|y| item.status.get(&y))
                        .map_or("", String::as_str),
                    year.and_then(|y| computed.get(&y).copied())
                        .unwrap_or_default(),
                ],
            );
        }
    }
    w.into_inner().expect("writing to memory cannot fail")
}

/// An item's computed grade by year: its single KPI's, as on its page.
fn computed_by_year<'a>(item: &Item, assessment: &'a ItemAssessment) -> BTreeMap<Year, &'a str> {
    match (item.kpis.len(), assessment.kpis.first()) {
        (1, Some(kpi)) => kpi
            .years
            .iter()
            .filter_map(|y| Some((y.year, y.computed.as_deref()?)))
            .collect(),
        _ => BTreeMap::new(),
    }
}

/// One site-wide file written to `W`: the plans' files (each made by
/// [`kpis`] or [`items`] with the same header) under one header, joined as
/// they come.
pub struct Joined<W> {
    head: Vec<u8>,
    out: W,
}

impl<W: std::io::Write> Joined<W> {
    pub fn new(columns: &[Column], language: Language, mut out: W) -> std::io::Result<Joined<W>> {
        let head = header(columns, language);
        out.write_all(&head)?;
        Ok(Joined { head, out })
    }

    /// Adds a plan's file's rows.
    pub fn push(&mut self, file: &[u8]) -> std::io::Result<()> {
        debug_assert!(
            file.starts_with(&self.head),
            "a plan's file with another header"
        );
        self.out.write_all(&file[self.head.len()..])
    }

    pub fn into_inner(self) -> W {
        self.out
    }
}

fn figure(d: Option<&Datum>) -> String {
    d.map(|d| plain(&d.value)).unwrap_or_default()
}

fn note(d: Option<&Datum>) -> &str {
    d.and_then(|d| d.note.as_deref()).unwrap_or_default()
}
