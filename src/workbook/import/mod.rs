//! `plansite import`: a workbook or CSV files read back into the content
//! files — every problem at once, located at its cell, and nothing written
//! unless there are none. See docs/authoring-with-excel.md.
//!
//! [`read`] opens the files into [`Sheet`](super::Sheet)s, [`sheets`] checks
//! every cell against the plan and says what the workbook asks
//! ([`PlanEdits`](super::edits::PlanEdits)), [`apply`] turns that into new
//! texts of the content files, changing only what differs, and [`write`]
//! shows them as a diff or writes them.

pub mod apply;
pub mod cells;
pub mod read;
pub mod sheets;
pub mod write;
