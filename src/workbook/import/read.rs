//! Opening what staff hand in: an `.xlsx` workbook (calamine) or CSV files
//! in UTF-8 (with or without BOM) or Shift_JIS/CP932, detected.

use std::path::Path;

use calamine::{Data, Reader, SheetVisible, Sheets};

use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::tr;
use crate::workbook::layout::{Col, GuideKey, SheetKind};
use crate::workbook::{Area, Cell, Sheet};

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
    let mut sheets = Vec::new();
    let mut diags = Diagnostics::default();
    for path in paths {
        let file = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.to_string_lossy().into_owned());
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        let read = match ext.as_str() {
            "csv" => read_csv(path, &file).map(|s| vec![s]),
            "xlsx" | "xlsm" | "xlsb" | "xls" | "ods" => read_workbook(path, &file),
            _ => Err(tr!(
                "Excel のブック(.xlsx)か CSV ファイル(.csv)を指定してください",
                "give an Excel workbook (.xlsx) or a CSV file (.csv)"
            )),
        };
        match read {
            Ok(s) => sheets.extend(s),
            Err(message) => diags.push(Diagnostic::error(
                Location::Path {
                    display: file,
                    line_col: None,
                },
                message,
            )),
        }
    }
    (sheets, diags)
}

/// The `city/plan` a workbook's guide sheet names, if any sheet read is a
/// guide sheet with a plan id; CSV files carry none.
pub fn plan_id(sheets: &[ReadSheet]) -> Option<String> {
    sheets
        .iter()
        .filter(|s| s.kind == Some(SheetKind::Guide))
        .flat_map(|s| s.sheet.rows.iter())
        .find_map(|row| {
            let label = match row.first()? {
                Cell::Text(t) => t,
                _ => return None,
            };
            if GuideKey::from_label(label) != Some(GuideKey::Plan) {
                return None;
            }
            match row.get(1)? {
                Cell::Text(t) if !t.trim().is_empty() => Some(t.trim().to_string()),
                _ => None,
            }
        })
}

fn read_workbook(path: &Path, file: &str) -> Result<Vec<ReadSheet>, crate::diagnostics::Text> {
    let mut book = calamine::open_workbook_auto(path).map_err(|e| {
        tr!(
            "ブックを開けません。壊れているか、別の形式のファイルです。Excel で開けるなら「Excel ブック (*.xlsx)」で保存し直してください(詳細: {e})",
            "the workbook cannot be opened: it is damaged or a file of another kind; if Excel opens it, save it again as \"Excel Workbook (*.xlsx)\" (details: {e})"
        )
    })?;
    let metadata = book.sheets_metadata().to_vec();
    let mut out = Vec::new();
    for (index, meta) in metadata.iter().enumerate() {
        let range = book.worksheet_range(&meta.name).map_err(|e| {
            let name = &meta.name;
            tr!(
                "シート「{name}」を読めません: {e}",
                "the sheet \"{name}\" cannot be read: {e}"
            )
        })?;
        // Only xlsx gives number formats and merged ranges; other formats
        // lose percentages (read as plain numbers) and merges.
        let (styles, merged) = match &mut book {
            Sheets::Xlsx(x) => (
                x.worksheet_style(&meta.name).ok(),
                x.merge_cells_by_sheet_name(&meta.name).unwrap_or_default(),
            ),
            Sheets::Xls(x) => (
                None,
                x.merge_cells_by_sheet_name(&meta.name).unwrap_or_default(),
            ),
            _ => (None, Vec::new()),
        };
        let mut rows: Vec<Vec<Cell>> = Vec::new();
        let (top, left) = range.start().unwrap_or((0, 0));
        for (r, c, data) in range.used_cells() {
            let (row, col) = (top + r as u32, left + c as u32);
            let percent = styles
                .as_ref()
                .and_then(|s| s.get((row, col)))
                .and_then(|s| s.number_format.as_ref())
                .is_some_and(|f| {
                    matches!(f.format_id, Some(9 | 10)) || is_percent_format(&f.format_code)
                });
            let cell = cell_of(data, percent);
            if cell == Cell::Empty {
                continue;
            }
            put(&mut rows, row as usize, col as usize, cell);
        }
        let hidden = meta.visible != SheetVisible::Visible;
        let kind = SheetKind::from_name(&meta.name).or(hidden.then_some(SheetKind::Lists));
        out.push(ReadSheet {
            file: file.to_string(),
            index: index as u32,
            kind,
            sheet: Sheet {
                name: meta.name.clone(),
                rows,
                merged: merged
                    .iter()
                    .map(|d| Area {
                        first_row: d.start.0,
                        first_col: d.start.1,
                        last_row: d.end.0,
                        last_col: d.end.1,
                    })
                    .collect(),
                hidden,
            },
        });
    }
    Ok(out)
}

fn put(rows: &mut Vec<Vec<Cell>>, row: usize, col: usize, cell: Cell) {
    if rows.len() <= row {
        rows.resize_with(row + 1, Vec::new);
    }
    let r = &mut rows[row];
    if r.len() <= col {
        r.resize(col + 1, Cell::Empty);
    }
    r[col] = cell;
}

/// Whether a number format shows a percentage: a `%` outside quoted text,
/// escapes and `[...]` sections.
fn is_percent_format(code: &str) -> bool {
    let mut chars = code.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                for d in chars.by_ref() {
                    if d == '"' {
                        break;
                    }
                }
            }
            '\\' | '_' | '*' => {
                chars.next();
            }
            '[' => {
                for d in chars.by_ref() {
                    if d == ']' {
                        break;
                    }
                }
            }
            '%' => return true,
            _ => {}
        }
    }
    false
}

fn cell_of(data: &Data, percent: bool) -> Cell {
    let number = |n: f64| {
        if percent {
            Cell::Percent(n)
        } else {
            Cell::Number(n)
        }
    };
    match data {
        Data::Empty => Cell::Empty,
        Data::Int(i) => number(*i as f64),
        Data::Float(f) => number(*f),
        Data::String(s) => typed_text(s),
        Data::Bool(b) => Cell::Bool(*b),
        Data::Error(e) => Cell::Error(e.to_string()),
        Data::DateTime(d) if d.is_datetime() => {
            let (year, month, day, ..) = d.to_ymd_hms_milli();
            Cell::Date {
                year: year.into(),
                month: month.into(),
                day: day.into(),
            }
        }
        // A duration ([h]:mm) is a number of days to Excel.
        Data::DateTime(d) => Cell::Number(d.as_f64()),
        Data::DateTimeIso(s) => iso_date(s).unwrap_or_else(|| Cell::Text(s.clone())),
        Data::DurationIso(s) => Cell::Text(s.clone()),
    }
}

/// `2024-01-02` or `2024-01-02T…` as a date cell.
fn iso_date(s: &str) -> Option<Cell> {
    let date = s.get(..10)?;
    let mut parts = date.split('-');
    let year = parts.next()?.parse().ok()?;
    let month = parts.next()?.parse().ok()?;
    let day = parts.next()?.parse().ok()?;
    Some(Cell::Date { year, month, day })
}

fn read_csv(path: &Path, file: &str) -> Result<ReadSheet, crate::diagnostics::Text> {
    let bytes = std::fs::read(path)
        .map_err(|e| tr!("ファイルを読めません: {e}", "the file cannot be read: {e}"))?;
    if bytes.starts_with(b"PK\x03\x04") {
        return Err(tr!(
            "CSV ファイルではなく Excel のブック(.xlsx)です。ファイル名の最後を .xlsx にして取り込んでください",
            "this is an Excel workbook (.xlsx), not a CSV file; name it with .xlsx at the end and import it"
        ));
    }
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err(tr!(
            "文字コードが UTF-16(Excel の「Unicode テキスト」)です。Excel で「CSV UTF-8」として保存し直してください",
            "the file is in UTF-16 (Excel's \"Unicode Text\"); save it again from Excel as \"CSV UTF-8\""
        ));
    }
    let text = decode(&bytes).ok_or_else(|| {
        tr!(
            "文字コードが UTF-8 でも Shift_JIS でもありません。Excel で「CSV UTF-8」として保存し直してください",
            "the file is neither UTF-8 nor Shift_JIS; save it again from Excel as \"CSV UTF-8\""
        )
    })?;
    if text.trim_start_matches('\u{feff}').trim().is_empty() {
        return Err(tr!(
            "ファイルが空です。plansite export で書き出した CSV を使ってください",
            "the file is empty; use a CSV file written by plansite export"
        ));
    }
    let rows = parse_csv(&text).map_err(|e| {
        tr!(
            "CSV として読めません: {e}",
            "the file cannot be read as CSV: {e}"
        )
    })?;
    let sheet = Sheet {
        name: String::new(),
        rows,
        merged: Vec::new(),
        hidden: false,
    };
    Ok(ReadSheet {
        file: file.to_string(),
        index: 0,
        kind: csv_kind(file, &sheet),
        sheet,
    })
}

/// UTF-8 (BOM or not) if the bytes are UTF-8, else CP932; None if neither.
pub fn decode(bytes: &[u8]) -> Option<String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Some(s.to_string());
    }
    encoding_rs::SHIFT_JIS
        .decode_without_bom_handling_and_without_replacement(bytes)
        .map(|s| s.into_owned())
}

fn parse_csv(text: &str) -> Result<Vec<Vec<Cell>>, csv::Error> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record?;
        let mut row: Vec<Cell> = record
            .iter()
            .map(|f| {
                if f.is_empty() {
                    Cell::Empty
                } else {
                    typed_text(f)
                }
            })
            .collect();
        while row.last() == Some(&Cell::Empty) {
            row.pop();
        }
        rows.push(row);
    }
    Ok(rows)
}

/// A CSV file's sheet: named by its file (`mine.reform.成果指標.csv`), else
/// the data sheet whose columns its header row matches best.
fn csv_kind(file: &str, sheet: &Sheet) -> Option<SheetKind> {
    let stem = file
        .rsplit_once('.')
        .map_or(file, |(stem, _)| stem)
        .rsplit('.')
        .next()
        .unwrap_or_default();
    if let Some(kind) = SheetKind::from_name(stem).filter(|k| SheetKind::DATA.contains(k)) {
        return Some(kind);
    }
    let headers: Vec<&str> = sheet
        .rows
        .first()?
        .iter()
        .filter_map(|c| match c {
            Cell::Text(t) if !t.trim().is_empty() => Some(t.as_str()),
            _ => None,
        })
        .collect();
    let score = |kind: SheetKind| {
        headers
            .iter()
            .filter(|h| Col::from_header(kind, h).is_some())
            .count()
    };
    let mut scored: Vec<(usize, SheetKind)> =
        SheetKind::DATA.iter().map(|&k| (score(k), k)).collect();
    scored.sort_by_key(|s| std::cmp::Reverse(s.0));
    match scored.as_slice() {
        [(best, kind), (next, _), ..] if *best > 0 && best > next => Some(*kind),
        _ => None,
    }
}

/// Text as staff typed it. Excel keeps a leading `'` (typed to stop `1-2`
/// becoming a date, or a number becoming one) out of the value, so one found
/// in the text was typed by hand, in a CSV file or a cell formatted as
/// text, with the same meaning.
fn typed_text(s: &str) -> Cell {
    Cell::Text(s.strip_prefix('\'').unwrap_or(s).to_string())
}

#[cfg(test)]
#[path = "read_tests.rs"]
mod tests;
