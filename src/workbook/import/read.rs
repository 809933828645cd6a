//! Opening what staff hand in: an `.xlsx` workbook (calamine) or CSV files
//! in UTF-8 (with or without BOM) or Shift_JIS/CP932, detected.

use std::path::Path;

use crate::diagnostics::Diagnostics;
use crate::workbook::layout::SheetKind;
use crate::workbook::Sheet;

/// One sheet as read, with where it came from.
#[derive(Debug, Clone)]
pub struct ReadSheet {
    /// The file as messages name it (its file name).
    pub file: String,
    /// Position in its workbook (0 for a CSV file), for ordering messages.
    pub index: u32,
    /// What the sheet is: by its name in a workbook, by its header row (or
    /// file name) for a CSV file; None when neither says.
    pub kind: Option<SheetKind>,
    pub sheet: Sheet,
}

/// Reads every file; problems that stop a file being read (not a
/// workbook, not a known encoding) are errors naming the file.
pub fn read_files(paths: &[&Path]) -> (Vec<ReadSheet>, Diagnostics) {
    let _ = paths;
    todo!("strand B")
}

/// The `city/plan` a workbook's guide sheet names, if any sheet read is a
/// guide sheet with a plan id; CSV files carry none.
pub fn plan_id(sheets: &[ReadSheet]) -> Option<String> {
    let _ = sheets;
    todo!("strand B")
}
