//! `plansite import`: a workbook or CSV files read back into the content
//! files — every problem at once, located at its cell, and nothing written
//! unless there are none. See docs/authoring-with-excel.md.
