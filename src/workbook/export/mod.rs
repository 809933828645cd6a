//! `plansite export`: a plan as a workbook staff fill in (`.xlsx`), or as
//! CSV files (UTF-8 with BOM, or CP932). See docs/authoring-with-excel.md.
