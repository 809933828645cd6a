//! What a workbook asks of the content: the hand-over from reading the
//! sheets (`import::sheets`, which checks every cell against the plan and
//! reports at the cell) to writing the TOML (`import::apply`, which changes
//! only what differs). Nothing here has been compared with the files yet:
//! a `Set` may hold the value the file already has.

use std::collections::BTreeMap;

use crate::diagnostics::Location;
use crate::model::{Direction, Method, Value, Year};

/// What a cell asks for.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Change<T> {
    /// A blank cell, or a sheet the import did not get: leave the file as it is.
    #[default]
    Keep,
    /// Write this value (it may equal what the file has).
    Set(T),
    /// The cell says 削除: remove the key.
    Clear,
}

impl<T> Change<T> {
    pub fn is_keep(&self) -> bool {
        matches!(self, Change::Keep)
    }
}

/// A value with an optional note, as `{ value = 99.2, note = "見込" }`.
#[derive(Debug, Clone, PartialEq)]
pub struct Noted {
    pub value: Change<Value>,
    pub note: Change<String>,
}

impl Default for Noted {
    fn default() -> Self {
        Noted {
            value: Change::Keep,
            note: Change::Keep,
        }
    }
}

/// Everything the workbook (or the CSV files) asks of one plan.
#[derive(Debug, Clone, Default)]
pub struct PlanEdits {
    /// `city/plan`.
    pub plan: String,
    /// Items in the order they first appear (items sheet first): existing
    /// items by `number`, new ones with `new = true`.
    pub items: Vec<ItemEdits>,
    /// Categories in the order of the categories sheet.
    pub categories: Vec<CategoryEdits>,
}

#[derive(Debug, Clone)]
pub struct ItemEdits {
    /// The item's `number` as the content writes it (for a new item, as typed, trimmed).
    pub number: String,
    /// The file stem: the existing item's, or the one chosen for a new item.
    pub slug: String,
    /// Not in the content yet: a file `<slug>.md` is made.
    pub new: bool,
    /// The cell that named the item first, for messages.
    pub at: Location,
    pub title: Change<String>,
    pub category: Change<String>,
    /// The whole list as it should be; blank cells have already been
    /// filled from the content, 削除 cells left out.
    pub departments: Change<Vec<String>>,
    pub tags: Change<Vec<String>>,
    pub status: BTreeMap<Year, Change<String>>,
    /// KPIs by their 1-based number in the item (`kpis[number - 1]`); a
    /// number past the last KPI is a new KPI, appended in number order.
    pub kpis: Vec<KpiEdits>,
    /// Actions likewise, by their 1-based number.
    pub actions: Vec<ActionEdits>,
}

#[derive(Debug, Clone)]
pub struct KpiEdits {
    pub number: usize,
    pub at: Location,
    pub name: Change<String>,
    pub unit: Change<String>,
    pub direction: Change<Direction>,
    pub method: Change<Method>,
    /// `baseline.value` and `baseline.note`.
    pub baseline: Noted,
    pub baseline_year: Change<Year>,
    pub years: BTreeMap<Year, KpiYear>,
}

/// One KPI row: a fiscal year's target and actual.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct KpiYear {
    pub target: Noted,
    pub actual: Noted,
}

#[derive(Debug, Clone)]
pub struct ActionEdits {
    pub number: usize,
    pub at: Location,
    pub title: Change<String>,
    /// Per year: `plan` and `actual` (計画, 実績).
    pub years: BTreeMap<Year, (Change<Value>, Change<Value>)>,
}

#[derive(Debug, Clone)]
pub struct CategoryEdits {
    pub id: String,
    pub at: Location,
    /// Not in the plan yet: added under `parent` (or at the top).
    pub new: bool,
    pub parent: Option<String>,
    pub title: Change<String>,
    pub description: Change<String>,
}
