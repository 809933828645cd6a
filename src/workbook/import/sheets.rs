//! The sheets checked against the plan, cell by cell: what the workbook
//! asks of the content, and every problem at its cell.

use crate::config::Config;
use crate::diagnostics::Diagnostics;
use crate::model::{City, Plan};
use crate::workbook::edits::PlanEdits;

use super::read::ReadSheet;

/// What `sheets` ask of `plan`. A workbook must have all four data sheets;
/// CSV files give only the sheets they are. Errors and warnings are
/// located at cells; with any error the edits must not be applied.
pub fn read_plan(
    sheets: &[ReadSheet],
    config: &Config,
    city: &City,
    plan: &Plan,
) -> (PlanEdits, Diagnostics) {
    let _ = (sheets, config, city, plan);
    todo!("strand B")
}
