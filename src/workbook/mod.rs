//! Plans as spreadsheets: `plansite export` writes a plan as a workbook
//! (or CSV files) that staff fill in, `plansite import` reads it back into
//! the content files. [`layout`] is the shape both sides share; a sheet in
//! between is a [`Sheet`] of [`Cell`]s, whichever program made the file.
//! The format is documented in docs/authoring-with-excel.md.

pub mod cp932;
pub mod edits;
pub mod export;
pub mod import;
pub mod layout;

/// One cell's value as a spreadsheet holds it. Import gets these from
/// calamine or a CSV file; export writes them (tests write the odd kinds —
/// dates, percentages, merged cells — to make the bad workbooks staff make).
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    /// A number shown with a `%` format: 0.85 shown as 85%.
    Percent(f64),
    /// A cell Excel holds as a date (what `1-2` typed into a cell becomes).
    Date {
        year: i32,
        month: u32,
        day: u32,
    },
    /// TRUE/FALSE.
    Bool(bool),
    /// An error value such as `#N/A` or `#REF!`.
    Error(String),
}

impl Cell {
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }
}

/// A rectangle of cells, zero-based and inclusive, as merged ranges are given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Area {
    pub first_row: u32,
    pub first_col: u32,
    pub last_row: u32,
    pub last_col: u32,
}

/// One sheet: its name as the file has it, its rows from the header row
/// (row 1 in the spreadsheet is `rows[0]`), and its merged ranges.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sheet {
    pub name: String,
    pub rows: Vec<Vec<Cell>>,
    pub merged: Vec<Area>,
    /// Hidden in the workbook (the lists feeding the dropdowns).
    pub hidden: bool,
}

impl Sheet {
    pub fn cell(&self, row: usize, col: usize) -> &Cell {
        self.rows
            .get(row)
            .and_then(|r| r.get(col))
            .unwrap_or(&Cell::Empty)
    }
}

/// `A1`-style name of a zero-based cell: (11, 5) is `F12`.
pub fn cell_name(row: usize, col: usize) -> String {
    let mut letters = Vec::new();
    let mut n = col + 1;
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    format!("{}{}", String::from_utf8(letters).expect("ASCII"), row + 1)
}

/// `A1:B2`-style name of an area.
pub fn area_name(a: Area) -> String {
    format!(
        "{}:{}",
        cell_name(a.first_row as usize, a.first_col as usize),
        cell_name(a.last_row as usize, a.last_col as usize)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_named_as_spreadsheets_name_them() {
        assert_eq!(cell_name(0, 0), "A1");
        assert_eq!(cell_name(11, 5), "F12");
        assert_eq!(cell_name(0, 25), "Z1");
        assert_eq!(cell_name(0, 26), "AA1");
        assert_eq!(cell_name(1, 701), "ZZ2");
        assert_eq!(cell_name(1, 702), "AAA2");
    }
}
