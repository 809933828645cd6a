//! Making the workbooks staff hand in: the exported [`Book`] of a plan,
//! changed cell by cell, written as `.xlsx` or CSV.

use std::path::{Path, PathBuf};

use plansite::config::Language;
use plansite::workbook::export::book::{book, Book};
use plansite::workbook::export::csv::{write_csv, CsvEncoding};
use plansite::workbook::export::xlsx::write_xlsx;
use plansite::workbook::{Area, Cell};

/// The exported book of `plan` (`city/plan`) of the site at `root`.
pub fn exported(root: &Path, plan: &str, lang: Language) -> Book {
    let loaded = plansite::load(root);
    assert!(
        !loaded.diagnostics.has_errors(),
        "the site must load: {:?}",
        loaded.diagnostics.sorted()
    );
    let (city, p) = plansite::workbook::export::find(&loaded.site, plan).expect("the plan exists");
    book(&loaded.config, city, p, lang)
}

/// Zero-based (row, column) of `F12`.
pub fn position(name: &str) -> (usize, usize) {
    let letters: String = name.chars().take_while(char::is_ascii_alphabetic).collect();
    let digits = &name[letters.len()..];
    let col = letters.bytes().fold(0usize, |n, b| {
        n * 26 + usize::from(b.to_ascii_uppercase() - b'A' + 1)
    }) - 1;
    let row: usize = digits.parse().expect("a cell name such as F12");
    (row - 1, col)
}

/// The sheet named `name` (as the book has it now).
pub fn sheet_index(book: &Book, name: &str) -> usize {
    book.sheets
        .iter()
        .position(|s| s.sheet.name == name)
        .unwrap_or_else(|| panic!("no sheet {name}"))
}

pub fn set(book: &mut Book, sheet: &str, cell: &str, value: Cell) {
    let (row, col) = position(cell);
    let i = sheet_index(book, sheet);
    let rows = &mut book.sheets[i].sheet.rows;
    if rows.len() <= row {
        rows.resize(row + 1, Vec::new());
    }
    if rows[row].len() <= col {
        rows[row].resize(col + 1, Cell::Empty);
    }
    rows[row][col] = value;
}

pub fn get<'b>(book: &'b Book, sheet: &str, cell: &str) -> &'b Cell {
    let (row, col) = position(cell);
    book.sheets[sheet_index(book, sheet)].sheet.cell(row, col)
}

pub fn merge(book: &mut Book, sheet: &str, area: &str) {
    let (a, b) = area.split_once(':').expect("an area such as B2:C2");
    let ((r1, c1), (r2, c2)) = (position(a), position(b));
    let i = sheet_index(book, sheet);
    book.sheets[i].sheet.merged.push(Area {
        first_row: r1 as u32,
        first_col: c1 as u32,
        last_row: r2 as u32,
        last_col: c2 as u32,
    });
}

/// Writes the book as `<dir>/<city>.<plan>.xlsx`.
pub fn save_xlsx(book: &Book, dir: &Path) -> PathBuf {
    let path = dir.join(format!("{}.xlsx", book.plan_id.replace('/', ".")));
    std::fs::write(&path, write_xlsx(book).expect("the book is written")).unwrap();
    path
}

/// Writes the book's data sheets as `<dir>/<city>.<plan>.<sheet>.csv`.
pub fn save_csv(book: &Book, dir: &Path, encoding: CsvEncoding) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for (i, s) in book.sheets.iter().enumerate() {
        let Some(kind) = s.kind else { continue };
        if !plansite::workbook::layout::SheetKind::DATA.contains(&kind) {
            continue;
        }
        let name = format!("{}.{}.csv", book.plan_id.replace('/', "."), s.sheet.name);
        let bytes = write_csv(&s.sheet, &name, i as u32, encoding).expect("the sheet is written");
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        files.push(path);
    }
    files
}
